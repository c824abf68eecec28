//! RFC 8785 JSON Canonicalization Scheme, for `eddsa-jcs-2022`.

use serde_json::Value;

/// Canonical JSON bytes of `value`.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>, String> {
    serde_json_canonicalizer::to_vec(value).map_err(|e| e.to_string())
}
