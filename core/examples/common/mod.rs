//! Shared by the examples that make test credentials: Akashi's public TEST keys (did:key,
//! Ed25519) and eddsa-rdfc-2022 signing with the core's own hash-data function. Never use these
//! keys for real badges: their seeds are public in this repository.
#![allow(dead_code)] // each example uses part of it

use akashi_core::verify::proof::Suite;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Map, Value};

/// A test issuer: its signing key, did:key and verification method id.
pub struct TestKey {
    pub sk: SigningKey,
    pub did: String,
    pub vm: String,
}

impl TestKey {
    /// The did:key identity of a 32-byte seed.
    pub fn from_seed(seed: [u8; 32]) -> TestKey {
        let sk = SigningKey::from_bytes(&seed);
        let mut bytes = vec![0xed, 0x01];
        bytes.extend_from_slice(&sk.verifying_key().to_bytes());
        let mk = format!("z{}", bs58::encode(bytes).into_string());
        TestKey { sk, did: format!("did:key:{mk}"), vm: format!("did:key:{mk}#{mk}") }
    }

    /// The identity of a seed written as 64 hex characters.
    pub fn from_hex(seed_hex: &str) -> Result<TestKey, String> {
        let seed: Vec<u8> = (0..32)
            .map(|i| seed_hex.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect::<Option<_>>()
            .ok_or("the seed must be 64 hex characters")?;
        let seed: [u8; 32] = seed.as_slice().try_into().map_err(|_| "the seed must be 32 bytes")?;
        Ok(TestKey::from_seed(seed))
    }

    /// `doc` with an eddsa-rdfc-2022 assertion proof by this key, created at `created`.
    pub fn sign(&self, mut doc: Map<String, Value>, created: &str) -> Result<Map<String, Value>, String> {
        doc.remove("proof");
        let mut proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": created,
            "verificationMethod": self.vm, "proofPurpose": "assertionMethod"})
        .as_object()
        .cloned()
        .ok_or("proof")?;
        let hd = Suite::EddsaRdfc2022 { legacy_name: false }.hash_data(&doc, &proof).map_err(|e| format!("{e:?}"))?;
        let sig = self.sk.sign(&hd.hash_data).to_bytes();
        proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(sig).into_string())));
        doc.insert("proof".into(), Value::Object(proof));
        Ok(doc)
    }
}
