//! The encrypted backup file: one file, sealed with a passphrase, that restores a whole wallet.
//!
//! This module only knows *bytes*: [`seal`] turns an opaque payload into a backup file and
//! [`open`] turns the file back into exactly that payload. What the payload holds (every
//! badge, tag, history entry, holder key and log entry) and how it is serialized (CBOR, JSON…)
//! is the wallet store's business; the store is expected to put a schema version of its own
//! *inside* the payload, since this module's format version covers only the envelope.
//!
//! Restoring is meant to be atomic: [`open`] either returns the whole authenticated payload or
//! a typed [`BackupError`], and it never returns a partial payload. A store that opens the
//! file, decodes it and only then replaces its contents changes nothing on a wrong passphrase,
//! a truncated file or a tampered one.
//!
//! ## Cryptography
//! - **KDF:** Argon2id, version 1.3 (RFC 9106; `argon2` crate, RustCrypto), 32-byte output,
//!   over the passphrase in Unicode NFC (UTF-8) and a 16-byte random salt. The passphrase is
//!   normalized so that the same words typed on two platforms (composed or decomposed accents)
//!   open the same file.
//! - **AEAD:** XChaCha20-Poly1305 (`chacha20poly1305` crate, RustCrypto) with a random 192-bit
//!   nonce per file (random nonces of that size never realistically collide). The **whole
//!   header** is the associated data: changing any header byte (version, KDF parameters,
//!   salt, nonce, lengths) makes authentication fail.
//! - **Compression:** the payload is compressed with raw DEFLATE (RFC 1951, `flate2`) *before*
//!   encryption. On open, inflation stops at a cap ([`DEFAULT_MAX_PAYLOAD_LEN`] = 1 GiB, or
//!   [`open_with_limit`]) so a crafted file is a [`BackupError::PayloadTooLarge`], not an
//!   out-of-memory.
//! - The derived key and the compressed plaintext are zeroized after use (`zeroize`). The
//!   returned payload belongs to the caller.
//!
//! ## Default cost
//! [`KdfParams::default`] is Argon2id m = 64 MiB, t = 3, p = 1 (RFC 9106's second recommended
//! option). Measured on the 2-core development machine with Argon2 optimized: 0.13–0.15 s per
//! derivation, seal + open of a small payload 0.26–0.28 s (test
//! `default_params_round_trip_and_report_the_time` prints it); a phone may take 2–4× that.
//! Files carry their own parameters, so the default can be raised later without breaking old
//! files.
//!
//! ## File format, version 1 (all integers big-endian)
//!
//! | offset | size | field |
//! |---:|---:|---|
//! | 0 | 14 | magic `AKASHI-BACKUP\0` (`41 4B 41 53 48 49 2D 42 41 43 4B 55 50 00`) |
//! | 14 | 2 | format version, u16 = `1` |
//! | 16 | 1 | KDF id: `1` = Argon2id v1.3, 32-byte output |
//! | 17 | 4 | `m_cost`, u32, memory in KiB (8·p ≤ m ≤ 1 048 576) |
//! | 21 | 4 | `t_cost`, u32, passes (1 ≤ t ≤ 10) |
//! | 25 | 4 | `p_cost`, u32, lanes (1 ≤ p ≤ 8) |
//! | 29 | 16 | salt, random |
//! | 45 | 1 | AEAD id: `1` = XChaCha20-Poly1305 |
//! | 46 | 24 | nonce, random |
//! | 70 | 1 | compression id: `1` = raw DEFLATE (RFC 1951) |
//! | 71 | 8 | `ct_len`, u64: length of what follows (ciphertext + 16-byte tag), ≥ 16 |
//! | 79 | `ct_len` | XChaCha20-Poly1305(key, nonce, aad = bytes 0..79, DEFLATE(payload)) ‖ tag |
//!
//! The file ends exactly after the ciphertext. `ct_len` lets a truncated file be told apart
//! from a tampered one *before* the (slow) KDF runs.
//!
//! ## What [`open`] refuses, and in what order
//! Checks run field by field as the header is read, and **everything is checked before the
//! KDF runs**: a hostile header cannot make Argon2 allocate 1 TiB.
//! 1. the first bytes are not the magic → [`BackupError::NotABackup`] (a proper prefix of the
//!    magic is [`BackupError::Truncated`]);
//! 2. version ≠ 1 → [`BackupError::UnsupportedVersion`];
//! 3. unknown KDF / AEAD / compression id → [`BackupError::UnsupportedKdf`],
//!    [`BackupError::UnsupportedAead`], [`BackupError::UnsupportedCompression`];
//! 4. KDF parameters outside the bounds above → [`BackupError::KdfParamsOutOfBounds`];
//! 5. the file ends before the header or the ciphertext does → [`BackupError::Truncated`];
//!    bytes after the ciphertext → [`BackupError::WrongPassphraseOrTampered`];
//! 6. authentication fails → [`BackupError::WrongPassphraseOrTampered`] (the two cannot be
//!    told apart, by design);
//! 7. the authenticated payload inflates past the cap → [`BackupError::PayloadTooLarge`], or is
//!    not valid DEFLATE → [`BackupError::CorruptPayload`].
//!
//! No error message carries any content of the file or of the passphrase.

use std::io::Read;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};

use zeroize::{Zeroize, Zeroizing};

/// The 14 bytes every backup file starts with.
pub const MAGIC: &[u8; 14] = b"AKASHI-BACKUP\0";
/// The format version this module writes, and the only one it reads.
pub const FORMAT_VERSION: u16 = 1;
/// KDF id for Argon2id v1.3 with a 32-byte output.
pub const KDF_ARGON2ID_V13: u8 = 1;
/// AEAD id for XChaCha20-Poly1305.
pub const AEAD_XCHACHA20POLY1305: u8 = 1;
/// Compression id for raw DEFLATE (RFC 1951).
pub const COMPRESSION_DEFLATE: u8 = 1;
/// Length of the header (the associated data), in bytes.
pub const HEADER_LEN: usize = 79;
/// Salt length, in bytes.
pub const SALT_LEN: usize = 16;
/// Nonce length, in bytes (XChaCha20's 192-bit nonce).
pub const NONCE_LEN: usize = 24;
/// Poly1305 tag length, in bytes.
pub const TAG_LEN: usize = 16;
/// Largest payload [`seal`] accepts and [`open`] inflates: 1 GiB.
pub const DEFAULT_MAX_PAYLOAD_LEN: u64 = 1 << 30;

/// Largest Argon2 memory a file may ask for: 1 GiB (in KiB).
pub const MAX_M_COST_KIB: u32 = 1 << 20;
/// Largest number of Argon2 passes a file may ask for.
pub const MAX_T_COST: u32 = 10;
/// Largest number of Argon2 lanes a file may ask for.
pub const MAX_P_COST: u32 = 8;

const KEY_LEN: usize = 32;

/// Argon2id cost parameters, stored in each file's header.
///
/// Bounds (checked by [`seal`] and, before any work, by [`open`]): `1 ≤ p_cost ≤ 8`,
/// `1 ≤ t_cost ≤ 10`, `8·p_cost ≤ m_cost_kib ≤ 1 048 576` (1 GiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KdfParams {
    /// Memory, in KiB.
    pub m_cost_kib: u32,
    /// Number of passes over the memory.
    pub t_cost: u32,
    /// Degree of parallelism (lanes). Lanes are computed one after the other.
    pub p_cost: u32,
}

impl Default for KdfParams {
    /// Argon2id m = 64 MiB, t = 3, p = 1: about 0.14 s per derivation (seal + open about
    /// 0.28 s) on the 2-core development machine (see the module docs).
    fn default() -> Self {
        KdfParams { m_cost_kib: 64 * 1024, t_cost: 3, p_cost: 1 }
    }
}

impl KdfParams {
    /// Cheap parameters (64 KiB, one pass) for tests only: a file sealed with them is
    /// protected by little more than the passphrase's own entropy. Never use for real backups.
    pub const fn for_tests() -> Self {
        KdfParams { m_cost_kib: 64, t_cost: 1, p_cost: 1 }
    }

    /// Whether the parameters are within the bounds every reader accepts.
    pub fn in_bounds(&self) -> bool {
        (1..=MAX_P_COST).contains(&self.p_cost)
            && (1..=MAX_T_COST).contains(&self.t_cost)
            && self.m_cost_kib <= MAX_M_COST_KIB
            && self.m_cost_kib >= 8 * self.p_cost
    }
}

/// Why a backup could not be sealed or opened. Messages never contain file or passphrase
/// content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BackupError {
    /// The file does not start with the backup magic: not an Akashi backup.
    #[error("not an Akashi backup file")]
    NotABackup,
    /// The file's format version is not one this build reads (a newer app wrote it).
    #[error("backup format version {version} is not supported by this version of Akashi")]
    UnsupportedVersion {
        /// The version found in the file.
        version: u16,
    },
    /// The file names a key-derivation function this build does not know.
    #[error("backup key derivation function {id} is not supported")]
    UnsupportedKdf {
        /// The KDF id found in the file.
        id: u8,
    },
    /// The file names an encryption algorithm this build does not know.
    #[error("backup encryption algorithm {id} is not supported")]
    UnsupportedAead {
        /// The AEAD id found in the file.
        id: u8,
    },
    /// The file names a compression this build does not know.
    #[error("backup compression {id} is not supported")]
    UnsupportedCompression {
        /// The compression id found in the file.
        id: u8,
    },
    /// KDF parameters outside the accepted bounds (a hostile file asking for huge memory,
    /// or [`seal`] called with such parameters); refused before the KDF runs.
    #[error("backup key derivation parameters are out of bounds")]
    KdfParamsOutOfBounds,
    /// The file ends early: incomplete copy or download.
    #[error("backup file is truncated")]
    Truncated,
    /// Authentication failed: the passphrase is wrong or the file was modified. The two are
    /// indistinguishable by design.
    #[error("wrong passphrase, or the backup file was tampered with")]
    WrongPassphraseOrTampered,
    /// The payload is (or would inflate to) more than the allowed size.
    #[error("backup payload exceeds the size limit of {limit} bytes")]
    PayloadTooLarge {
        /// The limit in force, in bytes.
        limit: u64,
    },
    /// The authenticated payload is not valid compressed data (the writer was faulty).
    #[error("backup payload is corrupt")]
    CorruptPayload,
    /// [`seal`] was given an empty passphrase.
    #[error("the backup passphrase is empty")]
    EmptyPassphrase,
    /// The KDF could not run (for instance, its memory could not be allocated).
    #[error("backup key derivation failed")]
    KdfFailed,
    /// The operating system's random number generator failed.
    #[error("no secure randomness available")]
    RandomUnavailable,
}

/// Seals `payload` into a backup file under `passphrase`, with a fresh random salt and nonce.
///
/// # Errors
/// [`BackupError::EmptyPassphrase`], [`BackupError::KdfParamsOutOfBounds`],
/// [`BackupError::PayloadTooLarge`] (over [`DEFAULT_MAX_PAYLOAD_LEN`], which [`open`] would
/// refuse), [`BackupError::RandomUnavailable`], [`BackupError::KdfFailed`].
pub fn seal(passphrase: &str, payload: &[u8], params: KdfParams) -> Result<Vec<u8>, BackupError> {
    // Check what can be checked before asking for randomness.
    precheck_seal(passphrase, payload, params)?;
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut salt).map_err(|_| BackupError::RandomUnavailable)?;
    getrandom::fill(&mut nonce).map_err(|_| BackupError::RandomUnavailable)?;
    seal_with(passphrase, payload, params, salt, nonce)
}

/// Opens a backup file and returns its payload, inflating at most
/// [`DEFAULT_MAX_PAYLOAD_LEN`] bytes. See the module docs for what is refused and when.
///
/// # Errors
/// Every [`BackupError`] variant except those only [`seal`] returns.
pub fn open(passphrase: &str, file: &[u8]) -> Result<Vec<u8>, BackupError> {
    open_with_limit(passphrase, file, DEFAULT_MAX_PAYLOAD_LEN)
}

/// [`open`], with the inflated payload capped at `max_payload_len` bytes.
///
/// # Errors
/// As [`open`]; [`BackupError::PayloadTooLarge`] when the payload exceeds `max_payload_len`.
pub fn open_with_limit(passphrase: &str, file: &[u8], max_payload_len: u64) -> Result<Vec<u8>, BackupError> {
    let header = parse_header(file)?;
    let aad = file.get(..HEADER_LEN).ok_or(BackupError::Truncated)?;
    let ciphertext = file.get(HEADER_LEN..).ok_or(BackupError::Truncated)?;

    let key = derive_key(passphrase, &header.salt, header.params)?;
    let cipher = XChaCha20Poly1305::new_from_slice(key.as_slice()).map_err(|_| BackupError::KdfFailed)?;
    let nonce = XNonce::from(header.nonce);
    let compressed =
        Zeroizing::new(cipher.decrypt(&nonce, Payload { msg: ciphertext, aad }).map_err(|_| BackupError::WrongPassphraseOrTampered)?);
    drop(key);
    inflate_capped(&compressed, max_payload_len)
}

/// The parsed, checked header of a backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header {
    params: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
}

/// A bounds-checked reader over the file's bytes: running out is [`BackupError::Truncated`].
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], BackupError> {
        let (head, rest) = self.rest.split_first_chunk::<N>().ok_or(BackupError::Truncated)?;
        self.rest = rest;
        Ok(*head)
    }
    fn u8(&mut self) -> Result<u8, BackupError> {
        Ok(self.take::<1>()?[0])
    }
    fn u16(&mut self) -> Result<u16, BackupError> {
        Ok(u16::from_be_bytes(self.take()?))
    }
    fn u32(&mut self) -> Result<u32, BackupError> {
        Ok(u32::from_be_bytes(self.take()?))
    }
    fn u64(&mut self) -> Result<u64, BackupError> {
        Ok(u64::from_be_bytes(self.take()?))
    }
}

/// Reads and checks the header, field by field, and the ciphertext length; no KDF, no crypto.
fn parse_header(file: &[u8]) -> Result<Header, BackupError> {
    // Magic: a proper prefix of it is a truncated backup; anything else is not a backup.
    let magic_part = &file[..file.len().min(MAGIC.len())];
    if magic_part != &MAGIC[..magic_part.len()] {
        return Err(BackupError::NotABackup);
    }
    let mut c = Cursor { rest: file };
    let _magic: [u8; 14] = c.take()?;
    let version = c.u16()?;
    if version != FORMAT_VERSION {
        return Err(BackupError::UnsupportedVersion { version });
    }
    let kdf = c.u8()?;
    if kdf != KDF_ARGON2ID_V13 {
        return Err(BackupError::UnsupportedKdf { id: kdf });
    }
    let params = KdfParams { m_cost_kib: c.u32()?, t_cost: c.u32()?, p_cost: c.u32()? };
    if !params.in_bounds() {
        return Err(BackupError::KdfParamsOutOfBounds);
    }
    let salt = c.take::<SALT_LEN>()?;
    let aead = c.u8()?;
    if aead != AEAD_XCHACHA20POLY1305 {
        return Err(BackupError::UnsupportedAead { id: aead });
    }
    let nonce = c.take::<NONCE_LEN>()?;
    let compression = c.u8()?;
    if compression != COMPRESSION_DEFLATE {
        return Err(BackupError::UnsupportedCompression { id: compression });
    }
    let ct_len = c.u64()?;
    let available = c.rest.len() as u64;
    if ct_len < TAG_LEN as u64 {
        // No room for even the tag: the header was altered (a real file always has the tag).
        return Err(BackupError::WrongPassphraseOrTampered);
    }
    if available < ct_len {
        return Err(BackupError::Truncated);
    }
    if available > ct_len {
        return Err(BackupError::WrongPassphraseOrTampered);
    }
    Ok(Header { params, salt, nonce })
}

fn precheck_seal(passphrase: &str, payload: &[u8], params: KdfParams) -> Result<(), BackupError> {
    if passphrase.is_empty() {
        return Err(BackupError::EmptyPassphrase);
    }
    if !params.in_bounds() {
        return Err(BackupError::KdfParamsOutOfBounds);
    }
    if payload.len() as u64 > DEFAULT_MAX_PAYLOAD_LEN {
        return Err(BackupError::PayloadTooLarge { limit: DEFAULT_MAX_PAYLOAD_LEN });
    }
    Ok(())
}

/// [`seal`] with a given salt and nonce: the known-answer tests pin the file bytes with it.
/// Never reuse a salt/nonce pair for real files.
pub(crate) fn seal_with(
    passphrase: &str,
    payload: &[u8],
    params: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
) -> Result<Vec<u8>, BackupError> {
    precheck_seal(passphrase, payload, params)?;
    let compressed = Zeroizing::new(deflate(payload)?);
    let ct_len = compressed.len() as u64 + TAG_LEN as u64;

    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
    header.push(KDF_ARGON2ID_V13);
    header.extend_from_slice(&params.m_cost_kib.to_be_bytes());
    header.extend_from_slice(&params.t_cost.to_be_bytes());
    header.extend_from_slice(&params.p_cost.to_be_bytes());
    header.extend_from_slice(&salt);
    header.push(AEAD_XCHACHA20POLY1305);
    header.extend_from_slice(&nonce);
    header.push(COMPRESSION_DEFLATE);
    header.extend_from_slice(&ct_len.to_be_bytes());
    debug_assert_eq!(header.len(), HEADER_LEN);

    let key = derive_key(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new_from_slice(key.as_slice()).map_err(|_| BackupError::KdfFailed)?;
    let ciphertext = cipher
        .encrypt(&XNonce::from(nonce), Payload { msg: &compressed, aad: &header })
        .map_err(|_| BackupError::PayloadTooLarge { limit: DEFAULT_MAX_PAYLOAD_LEN })?;
    drop(key);

    let mut file = header;
    file.reserve_exact(ciphertext.len());
    file.extend_from_slice(&ciphertext);
    Ok(file)
}

/// Argon2id v1.3 over the NFC passphrase; the key is wiped when the returned box is dropped.
fn derive_key(passphrase: &str, salt: &[u8; SALT_LEN], params: KdfParams) -> Result<Zeroizing<[u8; KEY_LEN]>, BackupError> {
    if !params.in_bounds() {
        return Err(BackupError::KdfParamsOutOfBounds);
    }
    let argon_params =
        Params::new(params.m_cost_kib, params.t_cost, params.p_cost, Some(KEY_LEN)).map_err(|_| BackupError::KdfParamsOutOfBounds)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let mut normalized = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(passphrase).into_owned();
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    let result = argon.hash_password_into(normalized.as_bytes(), salt, key.as_mut_slice());
    normalized.zeroize();
    result.map_err(|_| BackupError::KdfFailed)?;
    Ok(key)
}

fn deflate(payload: &[u8]) -> Result<Vec<u8>, BackupError> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail but for allocation, which aborts; map anyway.
    encoder.write_all(payload).map_err(|_| BackupError::CorruptPayload)?;
    encoder.finish().map_err(|_| BackupError::CorruptPayload)
}

fn inflate_capped(compressed: &[u8], max_payload_len: u64) -> Result<Vec<u8>, BackupError> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(compressed)
        .take(max_payload_len.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|_| BackupError::CorruptPayload)?;
    if out.len() as u64 > max_payload_len {
        out.zeroize();
        return Err(BackupError::PayloadTooLarge { limit: max_payload_len });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
