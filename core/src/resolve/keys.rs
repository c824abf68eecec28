//! Key encodings: Multikey / `publicKeyMultibase` (Ed25519, P-256), `publicKeyBase58`
//! (Ed25519), `publicKeyJwk` (OKP Ed25519, EC P-256, RSA).

use base64::Engine;
use serde_json::{Map, Value};

use super::{KeyError, PublicKey, ResolvedKey};
use crate::report::CheckSource;

/// Multicodec prefix of an Ed25519 public key (0xed, varint-encoded).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of a compressed P-256 public key (0x1200, varint-encoded).
const P256_PUB: [u8; 2] = [0x80, 0x24];

/// JWK members that only a private (or symmetric) key has.
const PRIVATE_JWK_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];

/// Smallest RSA modulus accepted (RFC 7518 §3.3: 2048 bits or larger MUST be used).
const MIN_RSA_BITS: usize = 2048;
/// Largest RSA modulus verified: the RustCrypto `rsa` crate (through jsonwebtoken) refuses
/// larger keys, which would otherwise look like a bad signature.
const MAX_RSA_BITS: usize = 4096;

/// Decodes a `z…` base58btc multibase Ed25519 multikey to raw key bytes.
pub(crate) fn decode_multikey(mb: &str) -> Result<[u8; 32], KeyError> {
    match decode_any_multikey(mb)? {
        PublicKey::Ed25519(k) => Ok(k),
        _ => Err(KeyError::Invalid("the multikey is not an Ed25519 public key (multicodec 0xed01)".into())),
    }
}

/// Decodes a `z…` base58btc multibase multikey: Ed25519 (0xed01) or compressed P-256 (0x1200).
pub(crate) fn decode_any_multikey(mb: &str) -> Result<PublicKey, KeyError> {
    // Base58 decoding is quadratic: refuse absurd lengths first (an Ed25519 multikey is 48 chars).
    if mb.len() > 128 {
        return Err(KeyError::Invalid("publicKeyMultibase is far too long for an Ed25519 or P-256 key".into()));
    }
    let b58 = mb.strip_prefix('z').ok_or_else(|| KeyError::Invalid("publicKeyMultibase must be base58btc ('z' prefix)".into()))?;
    let bytes = bs58::decode(b58).into_vec().map_err(|_| KeyError::Invalid("publicKeyMultibase is not valid base58btc".into()))?;
    match bytes.split_first_chunk::<2>() {
        Some((prefix, key)) if *prefix == ED25519_PUB => {
            <[u8; 32]>::try_from(key).map(PublicKey::Ed25519).map_err(|_| KeyError::Invalid("Ed25519 multikey must hold 32 bytes".into()))
        }
        Some((prefix, key)) if *prefix == P256_PUB => {
            if key.len() == 33 && matches!(key.first(), Some(2 | 3)) {
                Ok(PublicKey::P256(key.to_vec()))
            } else {
                Err(KeyError::Invalid("P-256 multikey must hold a 33-byte compressed point".into()))
            }
        }
        _ => Err(KeyError::Invalid("the multikey is not an Ed25519 (multicodec 0xed01) or P-256 (0x1200) public key".into())),
    }
}

fn b64url(jwk: &Map<String, Value>, member: &str) -> Result<Vec<u8>, KeyError> {
    let s = jwk.get(member).and_then(Value::as_str).ok_or_else(|| KeyError::Invalid(format!("the JWK has no '{member}'")))?;
    // Bounded before decoding: an 8192-bit modulus is 1366 characters.
    if s.len() > 2048 {
        return Err(KeyError::Invalid(format!("the JWK '{member}' is far too long")));
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|_| KeyError::Invalid(format!("the JWK '{member}' is not base64url")))
}

/// Reads a public JWK: OKP Ed25519, EC P-256 or RSA. A private or symmetric key is refused
/// (it must never be published, and a verifier must not use one).
pub fn key_from_jwk(jwk: &Map<String, Value>) -> Result<PublicKey, KeyError> {
    if PRIVATE_JWK_MEMBERS.iter().any(|m| jwk.contains_key(*m)) {
        return Err(KeyError::Invalid("the JWK contains private key material".into()));
    }
    let kty = jwk.get("kty").and_then(Value::as_str).unwrap_or_default();
    let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or_default();
    match (kty, crv) {
        ("OKP", "Ed25519") => <[u8; 32]>::try_from(b64url(jwk, "x")?.as_slice())
            .map(PublicKey::Ed25519)
            .map_err(|_| KeyError::Invalid("the Ed25519 JWK 'x' must be 32 bytes".into())),
        ("EC", "P-256") => {
            let (x, y) = (b64url(jwk, "x")?, b64url(jwk, "y")?);
            if x.len() != 32 || y.len() != 32 {
                return Err(KeyError::Invalid("the P-256 JWK 'x' and 'y' must be 32 bytes each".into()));
            }
            let mut sec1 = Vec::with_capacity(65);
            sec1.push(0x04);
            sec1.extend_from_slice(&x);
            sec1.extend_from_slice(&y);
            Ok(PublicKey::P256(sec1))
        }
        ("RSA", _) => {
            let n = b64url(jwk, "n")?;
            let e = b64url(jwk, "e")?;
            let n: Vec<u8> = n.into_iter().skip_while(|b| *b == 0).collect();
            let e: Vec<u8> = e.into_iter().skip_while(|b| *b == 0).collect();
            // Leading zero bytes were stripped, so the first byte is non-zero (or n is empty).
            let bits = n.first().map_or(0, |b| (n.len() - 1) * 8 + (8 - b.leading_zeros() as usize));
            if bits < MIN_RSA_BITS {
                return Err(KeyError::Invalid(format!("the RSA key has {bits} bits; at least {MIN_RSA_BITS} are required")));
            }
            if bits > MAX_RSA_BITS {
                return Err(KeyError::Unsupported(format!("RSA keys of {bits} bits are not supported (at most {MAX_RSA_BITS})")));
            }
            if e.is_empty() || e.len() > 8 {
                return Err(KeyError::Invalid("the RSA key's exponent is out of range".into()));
            }
            Ok(PublicKey::Rsa { n, e })
        }
        ("OKP" | "EC", other) => {
            Err(KeyError::Invalid(format!("JWK curve '{}' is not supported (Ed25519 and P-256 are)", super::short(other))))
        }
        (other, _) => Err(KeyError::Invalid(format!("JWK key type '{}' is not supported (OKP, EC and RSA are)", super::short(other)))),
    }
}

/// Reads the public key out of a verification-method object, whatever its encoding.
pub(crate) fn key_from_vm(vm: &Map<String, Value>) -> Result<PublicKey, KeyError> {
    if let Some(mb) = vm.get("publicKeyMultibase").and_then(Value::as_str) {
        return decode_any_multikey(mb);
    }
    if let Some(b58) = vm.get("publicKeyBase58").and_then(Value::as_str) {
        if b58.len() > 128 {
            return Err(KeyError::Invalid("publicKeyBase58 is far too long for an Ed25519 key".into()));
        }
        let bytes = bs58::decode(b58).into_vec().map_err(|_| KeyError::Invalid("publicKeyBase58 is not valid base58".into()))?;
        return <[u8; 32]>::try_from(bytes.as_slice())
            .map(PublicKey::Ed25519)
            .map_err(|_| KeyError::Invalid("publicKeyBase58 must hold a 32-byte Ed25519 key".into()));
    }
    if let Some(jwk) = vm.get("publicKeyJwk").and_then(Value::as_object) {
        return key_from_jwk(jwk).map_err(|e| match e {
            KeyError::Unsupported(m) => KeyError::Unsupported(format!("publicKeyJwk: {m}")),
            other => KeyError::Invalid(format!("publicKeyJwk: {other}")),
        });
    }
    Err(KeyError::Invalid("the verification method carries no supported public key".into()))
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
        public_key: PublicKey::Ed25519(key),
        source: CheckSource::Document,
        how: "read from the verification method id itself".into(),
        warnings: vec![crate::l10n::warning("warn-key-from-method-id", &[])],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwk(v: serde_json::Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn rsa_jwk_sizes_and_degenerate_moduli() {
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        // All-zero and empty moduli must be refused, not overflow.
        for n in [vec![0u8], vec![], vec![0u8; 300]] {
            assert!(key_from_jwk(&jwk(serde_json::json!({"kty": "RSA", "n": b64(&n), "e": "AQAB"}))).is_err());
        }
        let mut n = vec![0u8; 256];
        n[0] = 0x80;
        assert!(key_from_jwk(&jwk(serde_json::json!({"kty": "RSA", "n": b64(&n), "e": "AQAB"}))).is_ok());
        let big = vec![0xffu8; 1024]; // 8192 bits: not supported (unknown), not invalid
        assert!(matches!(
            key_from_jwk(&jwk(serde_json::json!({"kty": "RSA", "n": b64(&big), "e": "AQAB"}))),
            Err(KeyError::Unsupported(_))
        ));
        n[0] = 0x00;
        n[1] = 0xff; // 2040 bits
        assert!(key_from_jwk(&jwk(serde_json::json!({"kty": "RSA", "n": b64(&n), "e": "AQAB"}))).is_err());
        assert!(key_from_jwk(&jwk(serde_json::json!({"kty": "oct", "k": "AAAA"}))).is_err());
        assert!(key_from_jwk(&jwk(serde_json::json!({"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}))).is_err());
    }
}
