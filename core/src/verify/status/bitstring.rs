//! `BitstringStatusListEntry` (W3C Bitstring Status List v1.0) and `StatusList2021Entry`.
//!
//! The list credential's `encodedList` is the GZIP'd bitstring, base64url with the multibase
//! prefix `u` (Bitstring) or plain base64 (StatusList2021); index 0 is the most significant
//! bit of the first byte; an entry reads `statusSize` bits at `statusListIndex × statusSize`.
//! Decompression stops at [`MAX_LIST_BYTES`]: a gzip bomb is an unusable list, not an
//! out-of-memory. A list shorter than the spec's 131,072 entries is still read (the issuer
//! still says what it says) with a warning, since it gives holders less privacy.

use std::io::Read;
use std::sync::Arc;

use base64::Engine;
use serde_json::{Map, Value};

use super::{fetch_list, issuer_warning, unknown, ListDoc};
use crate::parse::credential::{first_object, strings, Credential};
use crate::report::{Check, CheckId, CheckSource, CheckStatus};
use crate::verify::{make_check, Run, Verifier};

/// The largest decompressed bitstring accepted: 16 MiB (134 million one-bit entries).
pub const MAX_LIST_BYTES: usize = 16 * 1024 * 1024;
/// The spec's minimum number of entries (herd privacy).
pub const MIN_ENTRIES: usize = 131_072;
/// The widest status accepted (`statusSize`), in bits.
const MAX_STATUS_SIZE: u64 = 16;

/// Which of the two list formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// W3C Bitstring Status List v1.0.
    Bitstring,
    /// The StatusList2021 draft.
    StatusList2021,
}

impl Kind {
    fn list_type(self) -> &'static str {
        match self {
            Kind::Bitstring => "BitstringStatusList",
            Kind::StatusList2021 => "StatusList2021",
        }
    }
    fn credential_type(self) -> &'static str {
        match self {
            Kind::Bitstring => "BitstringStatusListCredential",
            Kind::StatusList2021 => "StatusList2021Credential",
        }
    }
}

/// A decoded list: the bits and what the list says about them.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub bits: Vec<u8>,
    pub purposes: Vec<String>,
}

/// Decodes `encodedList` to the raw bitstring, capped at [`MAX_LIST_BYTES`].
pub(crate) fn decode_list(encoded: &str, kind: Kind) -> Result<Vec<u8>, String> {
    let b64 = match kind {
        Kind::Bitstring => encoded.strip_prefix('u').ok_or("encodedList must be multibase base64url (prefix 'u')")?,
        Kind::StatusList2021 => encoded,
    };
    // Bitstring: base64url without padding. StatusList2021 implementations used every base64
    // variant, so that one is read leniently.
    let trimmed = b64.trim_end_matches('=');
    let gz = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(trimmed)
        .or_else(|e| match kind {
            Kind::StatusList2021 => base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed),
            Kind::Bitstring => Err(e),
        })
        .map_err(|_| "encodedList is not valid base64url".to_string())?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .take(MAX_LIST_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| "encodedList is not valid GZIP data".to_string())?;
    if out.len() > MAX_LIST_BYTES {
        return Err(format!("the list decompresses to more than {} MiB (a compression bomb?)", MAX_LIST_BYTES / (1024 * 1024)));
    }
    Ok(out)
}

/// The `size`-bit value at entry `index` (index 0 = most significant bit of byte 0), or
/// `None` when it lies outside the list.
pub(crate) fn read_status(bits: &[u8], index: u64, size: u64) -> Option<u64> {
    let start = index.checked_mul(size)?;
    let end = start.checked_add(size)?;
    if end > (bits.len() as u64).checked_mul(8)? {
        return None;
    }
    let mut value = 0u64;
    for pos in start..end {
        let byte = bits.get(usize::try_from(pos / 8).ok()?)?;
        let bit = (byte >> (7 - (pos % 8))) & 1;
        value = (value << 1) | u64::from(bit);
    }
    Some(value)
}

/// A parsed entry.
struct Entry {
    purpose: String,
    index: u64,
    size: u64,
    list_url: String,
    messages: Vec<(u64, String)>,
}

fn parse_entry(entry: &Map<String, Value>, kind: Kind) -> Result<Entry, String> {
    let purpose = entry.get("statusPurpose").and_then(Value::as_str).ok_or("the entry has no statusPurpose")?.to_owned();
    let index = match entry.get("statusListIndex") {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<u64>().map_err(|_| "statusListIndex is not a number")?
        }
        // Some issuers wrote a JSON number; it means the same.
        Some(Value::Number(n)) => n.as_u64().ok_or("statusListIndex is not a non-negative integer")?,
        Some(_) => return Err("statusListIndex is not a base-10 integer string".into()),
        None => return Err("the entry has no statusListIndex".into()),
    };
    let list_url = entry.get("statusListCredential").and_then(Value::as_str).ok_or("the entry has no statusListCredential")?.to_owned();
    let size = match (kind, entry.get("statusSize")) {
        (_, None) => 1,
        (Kind::Bitstring, Some(v)) => match v.as_u64() {
            Some(n) if (1..=MAX_STATUS_SIZE).contains(&n) => n,
            _ => return Err(format!("statusSize must be an integer from 1 to {MAX_STATUS_SIZE}")),
        },
        (Kind::StatusList2021, Some(_)) => return Err("StatusList2021 entries have no statusSize".into()),
    };
    let mut messages = Vec::new();
    if let Some(Value::Array(list)) = entry.get("statusMessage") {
        for m in list.iter().filter_map(Value::as_object) {
            let status =
                m.get("status").and_then(Value::as_str).and_then(|s| s.strip_prefix("0x")).and_then(|h| u64::from_str_radix(h, 16).ok());
            let message = m.get("message").and_then(Value::as_str);
            if let (Some(s), Some(msg)) = (status, message) {
                messages.push((s, msg.to_owned()));
            }
        }
    }
    if size > 1 && messages.is_empty() {
        return Err("statusSize is larger than 1 but the entry has no statusMessage".into());
    }
    Ok(Entry { purpose, index, size, list_url, messages })
}

/// Checks one entry.
pub(crate) fn check(v: &Verifier, cred: &Credential, entry: &Map<String, Value>, kind: Kind, run: Run) -> Check {
    let e = match parse_entry(entry, kind) {
        Ok(e) => e,
        Err(why) => return unknown("malformed_status", format!("the status entry cannot be read: {why}"), CheckSource::Document),
    };
    let what = format!("the {} status list", e.purpose);
    let fetched = fetch_list(v, &e.list_url, &what, run);
    let source = fetched.source.clone();
    let age = fetched.age_note(v.fetcher().now());
    let list = match fetched.list {
        Ok(l) => l,
        Err(c) => return c,
    };
    let decoded = match decoded(v, &list, kind) {
        Ok(d) => d,
        Err(why) => return unknown("status_list_unusable", format!("{what} at {} is unusable: {why}", e.list_url), source),
    };
    if !decoded.purposes.contains(&e.purpose) {
        return unknown(
            "status_purpose_mismatch",
            format!("the entry's purpose ({}) is not among the list's ({})", e.purpose, decoded.purposes.join(", ")),
            source,
        );
    }
    let Some(value) = read_status(&decoded.bits, e.index, e.size) else {
        return unknown(
            "status_index_out_of_range",
            format!("the entry's index {} is outside the list ({} entries)", e.index, decoded.bits.len() as u64 * 8 / e.size),
            source,
        );
    };
    let mut warnings = Vec::new();
    let entries = decoded.bits.len() * 8 / usize::try_from(e.size).unwrap_or(1);
    if kind == Kind::Bitstring && entries < MIN_ENTRIES {
        warnings
            .push(crate::l10n::warning("warn-status-list-small", &[("entries", entries.to_string()), ("min", MIN_ENTRIES.to_string())]));
    }
    warnings.extend(issuer_warning(&list, super::issuer_id(&cred.doc)));
    if let Some(r) = &list.report {
        // Say what was not established about the list itself (e.g. its key's provenance).
        for c in r.checks.iter().filter(|c| c.id == CheckId::IssuerKey || c.id == CheckId::Proof) {
            warnings.extend(c.warnings.iter().map(|w| format!("status list: {w}")));
        }
    }
    let at = format!("{} index {}{age}", e.list_url, e.index);
    let message = e.messages.iter().find(|(s, _)| *s == value).map(|(_, m)| m.clone());
    let (status, code, reason) = match (e.purpose.as_str(), value) {
        ("revocation", 0) => (CheckStatus::Valid, None, format!("not revoked (checked in {at})")),
        ("revocation", _) => (CheckStatus::Invalid, Some("revoked"), format!("revoked by its issuer ({at})")),
        ("suspension", 0) => (CheckStatus::Valid, None, format!("not suspended (checked in {at})")),
        ("suspension", _) => (CheckStatus::Invalid, Some("suspended"), format!("suspended by its issuer for now ({at})")),
        ("refresh", 0) => (CheckStatus::Valid, None, format!("no update announced ({at})")),
        ("refresh", _) => {
            warnings.push(crate::l10n::warning("warn-status-refresh", &[]));
            (CheckStatus::Valid, Some("refresh_available"), format!("an updated version is available ({at})"))
        }
        ("message", _) => {
            let text = message.clone().unwrap_or_else(|| format!("status 0x{value:x} (no message given for it)"));
            if value != 0 {
                warnings.push(crate::l10n::warning("warn-status-message", &[("message", text.clone())]));
            }
            (CheckStatus::Valid, Some("status_message"), format!("status message: {text} ({at})"))
        }
        (other, _) => {
            return unknown(
                "unsupported_status_purpose",
                format!("the status purpose '{other}' is not one Akashi knows (revocation, suspension, refresh, message)"),
                source,
            )
        }
    };
    let mut c = make_check(CheckId::Status, status, code, Some(reason), source);
    c.warnings = warnings;
    c
}

/// The list's bitstring and purposes, decoded once per list document.
fn decoded(v: &Verifier, list: &ListDoc, kind: Kind) -> Result<Arc<Decoded>, String> {
    let mut slot = list.decoded.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(d) = slot.as_ref() {
        return Ok(d.clone());
    }
    if !strings(list.doc.get("type")).iter().any(|t| t == kind.credential_type()) {
        return Err(format!("it is not a {}", kind.credential_type()));
    }
    let subject = first_object(list.doc.get("credentialSubject")).ok_or("it has no credentialSubject")?;
    if !strings(subject.get("type")).iter().any(|t| t == kind.list_type()) {
        return Err(format!("its subject is not a {}", kind.list_type()));
    }
    let purposes = strings(subject.get("statusPurpose"));
    if purposes.is_empty() {
        return Err("it names no statusPurpose".into());
    }
    let encoded = subject.get("encodedList").and_then(Value::as_str).ok_or("it has no encodedList")?;
    let bits = decode_list(encoded, kind)?;
    v.status_lists().decodes.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = Arc::new(Decoded { bits, purposes });
    *slot = Some(d.clone());
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = e.write_all(bytes);
        e.finish().unwrap_or_default()
    }

    #[test]
    fn bit_order_is_most_significant_first() {
        let bits = [0b1000_0000u8, 0b0000_0001, 0b1010_0000];
        assert_eq!(read_status(&bits, 0, 1), Some(1));
        assert_eq!(read_status(&bits, 1, 1), Some(0));
        assert_eq!(read_status(&bits, 15, 1), Some(1));
        assert_eq!(read_status(&bits, 23, 1), Some(0));
        assert_eq!(read_status(&bits, 24, 1), None, "out of range");
        assert_eq!(read_status(&bits, 8, 2), Some(0b10), "two-bit status at index 8 = bits 16,17");
        assert_eq!(read_status(&bits, u64::MAX, 2), None, "no overflow");
    }

    #[test]
    fn decoding_both_encodings_and_refusing_bombs() {
        let raw = vec![0u8; 16 * 1024];
        let z = gz(&raw);
        let u = format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&z));
        assert_eq!(decode_list(&u, Kind::Bitstring).map(|b| b.len()), Ok(16 * 1024));
        assert!(decode_list(&u[1..], Kind::Bitstring).is_err(), "Bitstring lists need the multibase prefix");
        let std = base64::engine::general_purpose::STANDARD.encode(&z);
        assert_eq!(decode_list(&std, Kind::StatusList2021).map(|b| b.len()), Ok(16 * 1024));
        assert!(decode_list("uAAAA", Kind::Bitstring).is_err(), "not gzip");
        // 64 MiB of zeros compresses to ~64 KiB: refused at the cap, never fully inflated.
        let bomb = gz(&vec![0u8; 64 * 1024 * 1024]);
        let enc = format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bomb));
        assert!(decode_list(&enc, Kind::Bitstring).is_err_and(|e| e.contains("bomb")));
    }
}
