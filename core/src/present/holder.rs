//! The learner's holder key: an Ed25519 key per wallet, exposed as a `did:key`.
//!
//! The secret never leaves this type except as [`HolderKey::secret_bytes`] (wiped on drop),
//! which only the wallet's store and backup call. `Debug` shows the DID only, so the key cannot
//! reach a log or an error message by accident; the signing key is zeroized when dropped
//! (`ed25519-dalek`'s `ZeroizeOnDrop`).

use ed25519_dalek::{Signer, SigningKey};
use zeroize::Zeroizing;

/// The `kind` under which holder keys are stored and backed up.
pub const KIND_ED25519: &str = "Ed25519";

/// The multicodec prefix of an Ed25519 public key (`0xed01`), as `did:key` encodes it.
const ED25519_MULTICODEC: [u8; 2] = [0xed, 0x01];

/// An Ed25519 holder key. Cheap to clone; the secret is wiped when the last copy is dropped.
#[derive(Clone)]
pub struct HolderKey {
    sk: SigningKey,
    /// `z6Mk…`: the multibase (base58btc) multikey of the public key.
    multikey: String,
}

impl std::fmt::Debug for HolderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret: only who this key is.
        f.debug_struct("HolderKey").field("did", &self.did()).finish_non_exhaustive()
    }
}

/// The operating system's random number generator failed (no key or challenge was made).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the system random number generator is unavailable")]
pub struct RandomUnavailable;

impl HolderKey {
    /// A new key from the OS CSPRNG (`getrandom`).
    pub fn generate() -> Result<HolderKey, RandomUnavailable> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut_slice()).map_err(|_| RandomUnavailable)?;
        Ok(HolderKey::from_seed(&seed))
    }

    /// The key of a 32-byte Ed25519 seed (the stored secret).
    pub fn from_seed(seed: &[u8; 32]) -> HolderKey {
        let sk = SigningKey::from_bytes(seed);
        let mut bytes = ED25519_MULTICODEC.to_vec();
        bytes.extend_from_slice(&sk.verifying_key().to_bytes());
        let multikey = format!("z{}", bs58::encode(bytes).into_string());
        HolderKey { sk, multikey }
    }

    /// The key of stored secret bytes: `None` unless exactly 32 bytes.
    pub fn from_secret(secret: &[u8]) -> Option<HolderKey> {
        let seed: Zeroizing<[u8; 32]> = Zeroizing::new(secret.try_into().ok()?);
        Some(HolderKey::from_seed(&seed))
    }

    /// The holder's DID: `did:key:z6Mk…`.
    pub fn did(&self) -> String {
        format!("did:key:{}", self.multikey)
    }

    /// The verification method a proof names: `did:key:z6Mk…#z6Mk…`.
    pub fn verification_method(&self) -> String {
        format!("did:key:{0}#{0}", self.multikey)
    }

    /// The 32-byte public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.sk.verifying_key().to_bytes()
    }

    /// The 32-byte secret seed, for the wallet's encrypted store and backups only.
    pub(crate) fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.sk.to_bytes())
    }

    /// An Ed25519 signature of `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.sk.sign(message).to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_key_and_redacted_debug() {
        let k = HolderKey::from_seed(&[7; 32]);
        assert!(k.did().starts_with("did:key:z6Mk"), "{}", k.did());
        assert_eq!(k.verification_method(), format!("{0}#{1}", k.did(), &k.did()["did:key:".len()..]));
        let secret_hex: String = k.secret_bytes().iter().map(|b| format!("{b:02x}")).collect();
        let dbg = format!("{k:?}");
        assert!(dbg.contains(&k.did()) && !dbg.contains(&secret_hex) && !dbg.contains("0707"), "{dbg}");
        // The DID resolves to the same key (the verifier's own did:key resolver).
        let resolved = crate::resolve::did_key::resolve(&k.verification_method()).unwrap();
        assert_eq!(resolved.controller, k.did());
        assert!(matches!(resolved.public_key, crate::resolve::PublicKey::Ed25519(pk) if pk == k.public_key()));
        assert!(HolderKey::from_secret(&[1; 31]).is_none());
        let a = HolderKey::generate().unwrap();
        let b = HolderKey::generate().unwrap();
        assert_ne!(a.did(), b.did());
        assert_eq!(HolderKey::from_secret(a.secret_bytes().as_slice()).unwrap().did(), a.did());
    }
}
