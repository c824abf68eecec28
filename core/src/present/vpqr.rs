//! VPQR: a Verifiable Presentation as one QR text, `VP1-` + multibase prefix + CBOR-LD.
//!
//! Two lineages exist (shared notes, standards §4.1):
//! - `VP1-B` + RFC 4648 base32 (upper case, no padding) of **legacy** CBOR-LD (tag
//!   `0x0501`): DCC's `@digitalcredentials/vpqr` 2.2.1 with `@digitalcredentials/cborld`
//!   4.3.4, i.e. what the Learner Credential Wallet reads and writes. Codec:
//!   [`super::cborld_legacy`].
//! - `VP1-R` + RFC 9285 base45 of **CBOR-LD 1.0** (tag `0xcb1d`, `[registryEntryId,
//!   payload]`): `@digitalbazaar/vpqr` 6.x. Decoded with the `cbor-ld` crate; registry entries 0
//!   (uncompressed) and 1 (default compression) only, as no Open Badges table is registered.
//!
//! [`decode`] reads both (and either CBOR-LD inside either text encoding, as
//! `@digitalbazaar/vpqr` does); [`encode`] writes `VP1-B`, the one DCC's library can read.
//! Contexts are Akashi's bundled ones only: a presentation using any other context cannot be
//! encoded or decoded (it could not be verified either).

use serde_json::Value;

use super::{base45, cbor, cborld_legacy};
use crate::parse::jsonld::bundled;

/// Longest VPQR text accepted. A version-40 QR holds 4,296 alphanumeric characters; longer
/// texts (a full micro-credential is ~15,000) can only come from a link or a file, and are
/// still read up to this bound.
pub const MAX_TEXT: usize = 64 * 1024;

const HEADER: &str = "VP1-";
const CBORLD_1_0_TAG: [u8; 3] = [0xd9, 0xcb, 0x1d];

/// Why a VPQR text could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VpqrError {
    /// Not `VP1-B…` / `VP1-R…`.
    #[error("not a VPQR text (VP1-B / VP1-R)")]
    NotVpqr,
    /// Longer than [`MAX_TEXT`].
    #[error("VPQR text longer than {MAX_TEXT} characters")]
    TooLong,
    /// The base32 / base45 part does not decode.
    #[error("VPQR payload is not valid {0}")]
    BadEncoding(&'static str),
    /// The CBOR-LD inside could not be decoded (or the document encoded).
    #[error("CBOR-LD: {0}")]
    Cborld(String),
    /// A context Akashi does not bundle (never fetched).
    #[error("context not bundled: {0}")]
    UnknownContext(String),
    /// CBOR-LD 1.0 with a registry entry other than 0 / 1 (its type table is not known).
    #[error("unsupported CBOR-LD registry entry {0}")]
    UnsupportedRegistryEntry(u64),
    /// The decoded document is not a JSON object.
    #[error("the decoded document is not a JSON object")]
    NotAnObject,
}

impl From<cborld_legacy::CborldError> for VpqrError {
    fn from(e: cborld_legacy::CborldError) -> Self {
        match e {
            cborld_legacy::CborldError::UnknownContext(u) => VpqrError::UnknownContext(u),
            e => VpqrError::Cborld(e.to_string()),
        }
    }
}

fn base32() -> data_encoding::Encoding {
    // Like the JS `base32-decode`: RFC 4648 alphabet, no padding, unused trailing bits ignored.
    let mut spec = data_encoding::BASE32_NOPAD.specification();
    spec.check_trailing_bits = false;
    spec.encoding().unwrap_or_else(|_| data_encoding::BASE32_NOPAD.clone())
}

/// Whether a scanned text is a VPQR (`VP1-…`).
pub fn is_vpqr(text: &str) -> bool {
    text.starts_with(HEADER)
}

/// Decodes a `VP1-B…` or `VP1-R…` text into the presentation (a JSON object).
pub fn decode(text: &str) -> Result<Value, VpqrError> {
    if text.len() > MAX_TEXT {
        return Err(VpqrError::TooLong);
    }
    let payload = text.strip_prefix(HEADER).ok_or(VpqrError::NotVpqr)?;
    let bytes = if let Some(b32) = payload.strip_prefix('B') {
        base32().decode(b32.as_bytes()).map_err(|_| VpqrError::BadEncoding("base32"))?
    } else if let Some(b45) = payload.strip_prefix('R') {
        base45::decode(b45).map_err(|_| VpqrError::BadEncoding("base45"))?
    } else {
        return Err(VpqrError::NotVpqr);
    };
    let doc = if bytes.starts_with(&cborld_legacy::TAG_PREFIX) {
        cborld_legacy::decode(&bytes)?
    } else if bytes.starts_with(&CBORLD_1_0_TAG) {
        decode_cborld_1_0(&bytes)?
    } else {
        return Err(VpqrError::Cborld("neither legacy (0x0500/0x0501) nor 1.0 (0xcb1d) CBOR-LD".into()));
    };
    if !doc.is_object() {
        return Err(VpqrError::NotAnObject);
    }
    Ok(doc)
}

/// Encodes a presentation as `VP1-B…` (legacy CBOR-LD, base32), readable by DCC's
/// `@digitalcredentials/vpqr` 2.2.1 / the Learner Credential Wallet.
pub fn encode(vp: &Value) -> Result<String, VpqrError> {
    if !vp.is_object() {
        return Err(VpqrError::NotAnObject);
    }
    let bytes = cborld_legacy::encode(vp)?;
    Ok(format!("{HEADER}B{}", data_encoding::BASE32_NOPAD.encode(&bytes)))
}

/// The CBOR-LD bytes inside a VPQR text (for size reports and diagnostics).
pub fn cborld_bytes(text: &str) -> Result<Vec<u8>, VpqrError> {
    let payload = text.strip_prefix(HEADER).ok_or(VpqrError::NotVpqr)?;
    match payload.split_at_checked(1) {
        Some(("B", b32)) => base32().decode(b32.as_bytes()).map_err(|_| VpqrError::BadEncoding("base32")),
        Some(("R", b45)) => base45::decode(b45).map_err(|_| VpqrError::BadEncoding("base45")),
        _ => Err(VpqrError::NotVpqr),
    }
}

fn decode_cborld_1_0(bytes: &[u8]) -> Result<Value, VpqrError> {
    // Our reader first: it bounds nesting and lengths (the crate's converter recurses freely).
    let inner = cbor::read(&bytes[CBORLD_1_0_TAG.len()..]).map_err(|e| VpqrError::Cborld(e.to_string()))?;
    if let cbor::Cbor::Array(items) = &inner {
        if let Some(cbor::Cbor::Int(id)) = items.first() {
            if *id != 0 && *id != 1 {
                return Err(VpqrError::UnsupportedRegistryEntry(u64::try_from(*id).unwrap_or(u64::MAX)));
            }
        }
    }
    let loader = |url: &str| -> cbor_ld::Result<cbor2::Value> {
        let text = bundled::lookup(url).ok_or_else(|| cbor_ld::Error::DocumentLoader(url.to_string()))?;
        let json: Value = serde_json::from_str(text).map_err(|_| cbor_ld::Error::DocumentLoader(url.to_string()))?;
        Ok(json_to_cbor2(&json))
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        cbor_ld::decode_with_loader(bytes, cbor_ld::DecodeOptions::default(), loader)
    }))
    .map_err(|_| VpqrError::Cborld("decoder failure".into()))?;
    let value = result.map_err(|e| match e {
        cbor_ld::Error::DocumentLoader(url) => VpqrError::UnknownContext(url),
        e => VpqrError::Cborld(e.to_string()),
    })?;
    cbor2_to_json(&value)
}

fn json_to_cbor2(v: &Value) -> cbor2::Value {
    match v {
        Value::Null => cbor2::Value::Null,
        Value::Bool(b) => cbor2::Value::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => cbor2::Value::Integer(u.into()),
            (None, Some(i)) => cbor2::Value::Integer(i.into()),
            _ => cbor2::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => cbor2::Value::Text(s.clone()),
        Value::Array(a) => cbor2::Value::Array(a.iter().map(json_to_cbor2).collect()),
        Value::Object(o) => cbor2::Value::Map(o.iter().map(|(k, v)| (cbor2::Value::Text(k.clone()), json_to_cbor2(v))).collect()),
    }
}

fn cbor2_to_json(v: &cbor2::Value) -> Result<Value, VpqrError> {
    let unsupported = |what: &str| VpqrError::Cborld(format!("decoded document holds {what}"));
    Ok(match v {
        cbor2::Value::Null => Value::Null,
        cbor2::Value::Bool(b) => Value::Bool(*b),
        cbor2::Value::Integer(i) => {
            let i = i128::from(*i);
            if let Ok(u) = u64::try_from(i) {
                Value::from(u)
            } else {
                Value::from(i64::try_from(i).map_err(|_| unsupported("a 128-bit integer"))?)
            }
        }
        // As in JS, an integral float is the integer (jsonld.js canonicalizes it as one).
        cbor2::Value::Float(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0 => Value::from(*f as i64),
        cbor2::Value::Float(f) => serde_json::Number::from_f64(*f).map(Value::Number).ok_or_else(|| unsupported("NaN or infinity"))?,
        cbor2::Value::Text(s) => Value::String(s.clone()),
        cbor2::Value::Array(a) => Value::Array(a.iter().map(cbor2_to_json).collect::<Result<_, _>>()?),
        cbor2::Value::Map(m) => {
            let mut o = serde_json::Map::new();
            for (k, v) in m {
                let cbor2::Value::Text(k) = k else { return Err(unsupported("a non-text key")) };
                o.insert(k.clone(), cbor2_to_json(v)?);
            }
            Value::Object(o)
        }
        _ => return Err(unsupported("bytes, a tag or a simple value")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_vpqr() {
        assert_eq!(decode("HC1:ABC"), Err(VpqrError::NotVpqr));
        assert_eq!(decode("VP1-XABC"), Err(VpqrError::NotVpqr));
        assert_eq!(decode("VP1-B189"), Err(VpqrError::BadEncoding("base32")));
        assert_eq!(decode("VP1-Rab"), Err(VpqrError::BadEncoding("base45")));
        assert!(matches!(decode("VP1-BAAAA"), Err(VpqrError::Cborld(_))));
        assert_eq!(decode(&format!("VP1-B{}", "A".repeat(MAX_TEXT))), Err(VpqrError::TooLong));
        // CBOR-LD 1.0 with registry entry 100 (VC barcodes): no table for it.
        let text = format!("VP1-R{}", base45::encode(&[0xd9, 0xcb, 0x1d, 0x82, 0x18, 0x64, 0xa0]));
        assert_eq!(decode(&text), Err(VpqrError::UnsupportedRegistryEntry(100)));
    }
}
