//! The backup file through the public API: round trips, refusals, hostile headers.
//! (Known-answer, truncation and bit-flip sweeps are unit tests in `core/src/backup/tests.rs`.)

use akashi_core::backup::{self, open, open_with_limit, seal, BackupError, KdfParams, HEADER_LEN};
use rand::{Rng, RngCore, SeedableRng};

const PASS: &str = "tulip-oxide-bramble-7";

fn t() -> KdfParams {
    KdfParams::for_tests()
}

#[test]
fn round_trips_random_payloads_including_empty_and_5_mb() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let mut sizes = vec![0usize, 1, 15, 16, 17, 1000, 65_537];
    sizes.extend((0..8).map(|_| rng.gen_range(0..20_000)));
    for size in sizes {
        let mut payload = vec![0u8; size];
        rng.fill_bytes(&mut payload);
        let file = seal(PASS, &payload, t()).unwrap();
        assert_eq!(open(PASS, &file).unwrap(), payload, "size {size}");
    }
    // 5 MB: half random (incompressible), half repetitive (as JSON/CBOR is).
    let mut big = vec![0u8; 5_000_000];
    rng.fill_bytes(&mut big[..2_500_000]);
    for (i, b) in big[2_500_000..].iter_mut().enumerate() {
        *b = b"{\"badge\":\"OpenBadgeCredential\"}"[i % 31];
    }
    let file = seal(PASS, &big, t()).unwrap();
    assert!(file.len() < 2_700_000, "compressed before encryption: {}", file.len());
    assert_eq!(open(PASS, &file).unwrap(), big);
}

#[test]
fn default_params_round_trip_and_report_the_time() {
    let params = KdfParams::default();
    assert_eq!(params, KdfParams { m_cost_kib: 65_536, t_cost: 3, p_cost: 1 });
    assert!(params.in_bounds());
    let start = std::time::Instant::now();
    let file = seal(PASS, b"payload", params).unwrap();
    let sealed = start.elapsed();
    assert_eq!(open(PASS, &file).unwrap(), b"payload");
    let total = start.elapsed();
    eprintln!("default Argon2id (64 MiB, t=3, p=1): seal {sealed:?}, seal+open {total:?}");
    // Generous: only catches a default that became absurd for a phone.
    assert!(total.as_secs() < 10);
}

#[test]
fn two_seals_of_the_same_payload_differ() {
    let a = seal(PASS, b"same", t()).unwrap();
    let b = seal(PASS, b"same", t()).unwrap();
    assert_ne!(a, b);
    assert_ne!(a[29..45], b[29..45], "salt");
    assert_ne!(a[46..70], b[46..70], "nonce");
    assert_eq!(open(PASS, &a).unwrap(), open(PASS, &b).unwrap());
}

#[test]
fn wrong_passphrase_fails_without_content() {
    let file = seal(PASS, b"secret badge list", t()).unwrap();
    for wrong in ["", "tulip-oxide-bramble-8", "TULIP-OXIDE-BRAMBLE-7", "tulip-oxide-bramble-7 "] {
        let err = open(wrong, &file).unwrap_err();
        assert_eq!(err, BackupError::WrongPassphraseOrTampered);
        let msg = err.to_string();
        assert!(!msg.contains("secret") && !msg.contains("tulip"), "{msg}");
    }
}

#[test]
fn seal_refuses_empty_passphrase_and_out_of_bounds_params() {
    assert_eq!(seal("", b"x", t()), Err(BackupError::EmptyPassphrase));
    for bad in [
        KdfParams { m_cost_kib: 64, t_cost: 0, p_cost: 1 },
        KdfParams { m_cost_kib: 64, t_cost: 11, p_cost: 1 },
        KdfParams { m_cost_kib: 64, t_cost: 1, p_cost: 0 },
        KdfParams { m_cost_kib: 128, t_cost: 1, p_cost: 9 },
        KdfParams { m_cost_kib: 7, t_cost: 1, p_cost: 1 },
        KdfParams { m_cost_kib: 63, t_cost: 1, p_cost: 8 },
        KdfParams { m_cost_kib: (1 << 20) + 1, t_cost: 1, p_cost: 1 },
    ] {
        assert!(!bad.in_bounds(), "{bad:?}");
        assert_eq!(seal(PASS, b"x", bad), Err(BackupError::KdfParamsOutOfBounds), "{bad:?}");
    }
}

/// Rewrites a header field of a valid file (the tag no longer matches, but the refusal must
/// come first, before the KDF).
fn with_field(file: &[u8], offset: usize, bytes: &[u8]) -> Vec<u8> {
    let mut f = file.to_vec();
    f[offset..offset + bytes.len()].copy_from_slice(bytes);
    f
}

#[test]
fn hostile_kdf_params_are_refused_before_the_kdf() {
    let file = seal(PASS, b"x", t()).unwrap();
    let start = std::time::Instant::now();
    // 1 TiB of memory (the field is in KiB; u32::MAX KiB is ~4 TiB), 1 GiB + 1 KiB, many passes, many lanes.
    for (offset, value) in [(17usize, 1u32 << 30), (17, u32::MAX), (17, (1 << 20) + 1), (21, 11), (21, u32::MAX), (25, 9), (25, 0), (21, 0)]
    {
        let bad = with_field(&file, offset, &value.to_be_bytes());
        assert_eq!(open(PASS, &bad), Err(BackupError::KdfParamsOutOfBounds), "offset {offset} value {value}");
    }
    assert!(start.elapsed().as_secs() < 2, "refused without running Argon2");
}

#[test]
fn unsupported_versions_and_algorithms_are_named() {
    let file = seal(PASS, b"x", t()).unwrap();
    assert_eq!(open(PASS, &with_field(&file, 14, &2u16.to_be_bytes())), Err(BackupError::UnsupportedVersion { version: 2 }));
    assert_eq!(open(PASS, &with_field(&file, 14, &0u16.to_be_bytes())), Err(BackupError::UnsupportedVersion { version: 0 }));
    assert_eq!(open(PASS, &with_field(&file, 16, &[2])), Err(BackupError::UnsupportedKdf { id: 2 }));
    assert_eq!(open(PASS, &with_field(&file, 45, &[0])), Err(BackupError::UnsupportedAead { id: 0 }));
    assert_eq!(open(PASS, &with_field(&file, 70, &[9])), Err(BackupError::UnsupportedCompression { id: 9 }));
}

#[test]
fn not_a_backup() {
    for other in [&b"SQLite format 3\0"[..], b"{\"@context\":[]}", b"\x89PNG\r\n\x1a\n", b"AKASHI-BACKUP!"] {
        assert_eq!(open(PASS, other), Err(BackupError::NotABackup));
    }
    // A proper prefix of the magic (including nothing at all) is an incomplete backup.
    assert_eq!(open(PASS, b""), Err(BackupError::Truncated));
    assert_eq!(open(PASS, b"AKASHI-BACK"), Err(BackupError::Truncated));
}

#[test]
fn truncated_or_extended_files() {
    let file = seal(PASS, &[7u8; 3000], t()).unwrap();
    assert_eq!(open(PASS, &file[..file.len() - 1]), Err(BackupError::Truncated));
    assert_eq!(open(PASS, &file[..HEADER_LEN]), Err(BackupError::Truncated));
    let mut longer = file.clone();
    longer.push(0);
    assert_eq!(open(PASS, &longer), Err(BackupError::WrongPassphraseOrTampered));
    // The length field itself is authenticated: shorten it and cut the file to match.
    let ct_len = (file.len() - HEADER_LEN - 1) as u64;
    let cut = with_field(&file[..file.len() - 1], 71, &ct_len.to_be_bytes());
    assert_eq!(open(PASS, &cut), Err(BackupError::WrongPassphraseOrTampered));
}

#[test]
fn decompression_is_capped() {
    // 10 MB of zeros deflate to a few KiB: a small file that inflates big.
    let payload = vec![0u8; 10_000_000];
    let file = seal(PASS, &payload, t()).unwrap();
    assert!(file.len() < 50_000);
    assert_eq!(open_with_limit(PASS, &file, 1_000_000), Err(BackupError::PayloadTooLarge { limit: 1_000_000 }));
    assert_eq!(open_with_limit(PASS, &file, 10_000_000).unwrap().len(), 10_000_000);
    assert_eq!(open_with_limit(PASS, &file, 9_999_999), Err(BackupError::PayloadTooLarge { limit: 9_999_999 }));
    assert_eq!(backup::DEFAULT_MAX_PAYLOAD_LEN, 1 << 30);
}

#[test]
fn a_tampered_ciphertext_byte_fails_authentication() {
    let file = seal(PASS, b"badges", t()).unwrap();
    for i in [HEADER_LEN, file.len() - 17, file.len() - 1] {
        let mut bad = file.clone();
        bad[i] ^= 0x80;
        assert_eq!(open(PASS, &bad), Err(BackupError::WrongPassphraseOrTampered), "byte {i}");
    }
}
