//! Unit tests that need the crate-internal `seal_with` (fixed salt and nonce) or the header
//! parser. Public-API tests are in `core/tests/it/backup.rs`.

use super::*;

const PASS: &str = "correct horse battery staple";
const SALT: [u8; SALT_LEN] = [0x11; SALT_LEN];
const NONCE: [u8; NONCE_LEN] = [0x22; NONCE_LEN];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn small_file() -> Vec<u8> {
    seal_with(PASS, b"{\"badges\":[]}", KdfParams::for_tests(), SALT, NONCE).unwrap()
}

/// The file bytes for a fixed passphrase, salt, nonce and payload. If this changes, the
/// format changed: bump `FORMAT_VERSION` (and keep reading version 1), unless only the DEFLATE
/// output changed with a flate2 upgrade — then `pinned_v1_file_still_opens` must still pass
/// and this pin may be updated.
const KAT_FILE_HEX: &str = "414b415348492d4241434b555000000101000000400000000100000001111111111111111111111111111111110122222222222222222222222222222222222222222222222201000000000000002339955532a885fd2a9197c90fc359ae6703125a3be5d889d3c02acf372fb586216b4207";

#[test]
fn known_answer_file_bytes_are_stable() {
    let file = seal_with(PASS, b"Akashi backup KAT", KdfParams::for_tests(), SALT, NONCE).unwrap();
    assert_eq!(hex(&file), KAT_FILE_HEX);
}

#[test]
fn pinned_v1_file_still_opens() {
    let bytes: Vec<u8> = (0..KAT_FILE_HEX.len() / 2).map(|i| u8::from_str_radix(&KAT_FILE_HEX[2 * i..2 * i + 2], 16).unwrap()).collect();
    assert_eq!(open(PASS, &bytes).unwrap(), b"Akashi backup KAT");
}

#[test]
fn header_layout_matches_the_documented_offsets() {
    let file = small_file();
    assert_eq!(&file[0..14], b"AKASHI-BACKUP\0");
    assert_eq!(&file[14..16], &[0, 1]);
    assert_eq!(file[16], 1);
    assert_eq!(&file[17..21], &64u32.to_be_bytes());
    assert_eq!(&file[21..25], &1u32.to_be_bytes());
    assert_eq!(&file[25..29], &1u32.to_be_bytes());
    assert_eq!(&file[29..45], &SALT);
    assert_eq!(file[45], 1);
    assert_eq!(&file[46..70], &NONCE);
    assert_eq!(file[70], 1);
    let ct_len = u64::from_be_bytes(file[71..79].try_into().unwrap());
    assert_eq!(ct_len as usize, file.len() - HEADER_LEN);
    assert_eq!(parse_header(&file).unwrap(), Header { params: KdfParams::for_tests(), salt: SALT, nonce: NONCE });
}

#[test]
fn every_truncation_is_a_typed_error() {
    let file = small_file();
    for len in 0..file.len() {
        let err = open(PASS, &file[..len]).unwrap_err();
        assert_eq!(err, BackupError::Truncated, "length {len}");
    }
    assert_eq!(open(PASS, &file).unwrap(), b"{\"badges\":[]}");
}

#[test]
fn every_bit_flip_is_a_typed_error() {
    let file = small_file();
    for i in 0..file.len() {
        for bit in 0..8 {
            let mut bad = file.clone();
            bad[i] ^= 1 << bit;
            let err = open(PASS, &bad).unwrap_err();
            let expected_kind = match i {
                0..=13 => matches!(err, BackupError::NotABackup),
                14..=15 => matches!(err, BackupError::UnsupportedVersion { .. }),
                16 => matches!(err, BackupError::UnsupportedKdf { .. }),
                // Parameters: either refused by the bounds or caught by authentication.
                17..=28 => matches!(err, BackupError::KdfParamsOutOfBounds | BackupError::WrongPassphraseOrTampered),
                45 => matches!(err, BackupError::UnsupportedAead { .. }),
                70 => matches!(err, BackupError::UnsupportedCompression { .. }),
                // Ciphertext length: longer than the file is truncation, shorter is tampering.
                71..=78 => matches!(err, BackupError::Truncated | BackupError::WrongPassphraseOrTampered),
                _ => err == BackupError::WrongPassphraseOrTampered,
            };
            assert!(expected_kind, "byte {i} bit {bit}: {err:?}");
        }
    }
}

#[test]
fn changed_params_in_bounds_fail_authentication() {
    let file = small_file();
    // m_cost 64 -> 128 KiB, t_cost 1 -> 2, p_cost 1 -> 2: all within bounds, none authentic.
    for (offset, value) in [(20usize, 128u8), (24, 2), (28, 2)] {
        let mut bad = file.clone();
        bad[offset] = value;
        assert_eq!(parse_header(&bad).map(|_| ()), Ok(()));
        assert_eq!(open(PASS, &bad), Err(BackupError::WrongPassphraseOrTampered), "offset {offset}");
    }
}

#[test]
fn random_garbage_is_a_typed_error() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(5);
    let file = small_file();
    for round in 0..2000 {
        let len = rng.gen_range(0..200);
        let mut garbage: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        // Half the time, keep a valid prefix so the deeper checks are reached too.
        if round % 2 == 1 {
            let keep = rng.gen_range(0..=file.len().min(garbage.len()));
            garbage[..keep].copy_from_slice(&file[..keep]);
        }
        assert!(open(PASS, &garbage).is_err(), "round {round}");
    }
}

#[test]
fn authenticated_but_bad_deflate_is_corrupt_payload() {
    // A writer that skipped compression: authentic, but not DEFLATE.
    let mut header = small_file()[..HEADER_LEN].to_vec();
    let body = [0xffu8; 8];
    header[71..79].copy_from_slice(&((body.len() + TAG_LEN) as u64).to_be_bytes());
    let key = derive_key(PASS, &SALT, KdfParams::for_tests()).unwrap();
    let cipher = XChaCha20Poly1305::new_from_slice(key.as_slice()).unwrap();
    let ct = cipher.encrypt(&XNonce::from(NONCE), Payload { msg: &body, aad: &header }).unwrap();
    let mut file = header;
    file.extend_from_slice(&ct);
    assert_eq!(open(PASS, &file), Err(BackupError::CorruptPayload));
}

#[test]
fn passphrase_is_nfc_normalized() {
    let composed = "caf\u{e9} au lait";
    let decomposed = "cafe\u{301} au lait";
    let file = seal_with(composed, b"x", KdfParams::for_tests(), SALT, NONCE).unwrap();
    assert_eq!(open(decomposed, &file).unwrap(), b"x");
}
