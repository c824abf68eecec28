//! Key encodings: Multikey / `publicKeyMultibase`, `publicKeyBase58`, `publicKeyJwk` (OKP).

use base64::Engine;
use serde_json::{Map, Value};

use super::{KeyError, ResolvedKey};
use crate::report::CheckSource;

/// Multicodec prefix of an Ed25519 public key (0xed, varint-encoded).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];

/// Decodes a `z…` base58btc multibase Ed25519 multikey to raw key bytes.
pub(crate) fn decode_multikey(mb: &str) -> Result<[u8; 32], KeyError> {
    // Base58 decoding is quadratic: refuse absurd lengths first (an Ed25519 multikey is 48 chars).
    if mb.len() > 128 {
        return Err(KeyError::Invalid("publicKeyMultibase is far too long for an Ed25519 key".into()));
    }
    let b58 = mb
        .strip_prefix('z')
        .ok_or_else(|| KeyError::Invalid("publicKeyMultibase must be base58btc ('z' prefix)".into()))?;
    let bytes = bs58::decode(b58)
        .into_vec()
        .map_err(|_| KeyError::Invalid("publicKeyMultibase is not valid base58btc".into()))?;
    match bytes.split_first_chunk::<2>() {
        Some((prefix, key)) if *prefix == ED25519_PUB => {
            <[u8; 32]>::try_from(key).map_err(|_| KeyError::Invalid("Ed25519 multikey must hold 32 bytes".into()))
        }
        _ => Err(KeyError::Invalid("the multikey is not an Ed25519 public key (multicodec 0xed01)".into())),
    }
}

/// Reads the Ed25519 key out of a verification-method object, whatever its encoding.
pub(crate) fn key_from_vm(vm: &Map<String, Value>) -> Result<[u8; 32], KeyError> {
    if let Some(mb) = vm.get("publicKeyMultibase").and_then(Value::as_str) {
        return decode_multikey(mb);
    }
    if let Some(b58) = vm.get("publicKeyBase58").and_then(Value::as_str) {
        if b58.len() > 128 {
            return Err(KeyError::Invalid("publicKeyBase58 is far too long for an Ed25519 key".into()));
        }
        let bytes = bs58::decode(b58)
            .into_vec()
            .map_err(|_| KeyError::Invalid("publicKeyBase58 is not valid base58".into()))?;
        return <[u8; 32]>::try_from(bytes.as_slice())
            .map_err(|_| KeyError::Invalid("publicKeyBase58 must hold a 32-byte Ed25519 key".into()));
    }
    if let Some(jwk) = vm.get("publicKeyJwk").and_then(Value::as_object) {
        if jwk.contains_key("d") {
            return Err(KeyError::Invalid("publicKeyJwk contains a private key".into()));
        }
        let kty = jwk.get("kty").and_then(Value::as_str);
        let crv = jwk.get("crv").and_then(Value::as_str);
        if kty != Some("OKP") || crv != Some("Ed25519") {
            return Err(KeyError::Invalid("publicKeyJwk is not an Ed25519 (OKP) key".into()));
        }
        let x = jwk.get("x").and_then(Value::as_str).ok_or_else(|| KeyError::Invalid("publicKeyJwk has no 'x'".into()))?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(x)
            .map_err(|_| KeyError::Invalid("publicKeyJwk 'x' is not base64url".into()))?;
        return <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| KeyError::Invalid("publicKeyJwk 'x' must be 32 bytes".into()));
    }
    Err(KeyError::Invalid("the verification method carries no Ed25519 public key".into()))
}

/// `<issuer URL>#<publicKeyMultibase>`: the key is in the id itself. Accepted only when the
/// part before `#` is the issuer, and always with a warning, since nobody published it.
pub(crate) fn fragment_key(vm: &str, issuer: Option<&str>) -> Option<Result<ResolvedKey, KeyError>> {
    let (base, frag) = vm.split_once('#')?;
    if !frag.starts_with("z6Mk") || issuer != Some(base) {
        return None;
    }
    let key = match decode_multikey(frag) {
        Ok(k) => k,
        Err(e) => return Some(Err(KeyError::Invalid(format!("the key in the verification method id is malformed: {e}")))),
    };
    Some(Ok(ResolvedKey {
        vm_id: vm.to_owned(),
        controller: base.to_owned(),
        public_key: key,
        source: CheckSource::Document,
        how: "read from the verification method id itself".into(),
        warnings: vec![
            "the key was taken from the verification method id; the issuer did not publish it, so it is not confirmed to be the issuer's"
                .into(),
        ],
    }))
}
