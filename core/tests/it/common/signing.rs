//! Signing for tests: generated did:key identities and eddsa-rdfc-2022 proofs made with the
//! core's own hash-data function (the tests then check that verification agrees).

use akashi_core::verify::proof::Suite;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Map, Value};

/// A generated did:key identity.
pub struct Key {
    pub sk: SigningKey,
    pub did: String,
    pub vm: String,
}

/// The did:key identity whose seed is 32 × `seed`.
pub fn key(seed: u8) -> Key {
    let sk = SigningKey::from_bytes(&[seed; 32]);
    let mut b = vec![0xed, 0x01];
    b.extend_from_slice(&sk.verifying_key().to_bytes());
    let mk = format!("z{}", bs58::encode(b).into_string());
    Key { sk, did: format!("did:key:{mk}"), vm: format!("did:key:{mk}#{mk}") }
}

/// `v` as a JSON object.
pub fn obj(v: Value) -> Map<String, Value> {
    v.as_object().expect("object").clone()
}

/// Signs `doc` with an eddsa-rdfc-2022 assertion proof by `k`.
pub fn sign(mut doc: Map<String, Value>, k: &Key) -> Map<String, Value> {
    doc.remove("proof");
    let mut proof = obj(json!({
        "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-04-01T09:00:00Z", "verificationMethod": k.vm, "proofPurpose": "assertionMethod",
    }));
    let hd = Suite::EddsaRdfc2022 { legacy_name: false }.hash_data(&doc, &proof).expect("hash data");
    let sig = k.sk.sign(&hd.hash_data).to_bytes();
    proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(sig).into_string())));
    doc.insert("proof".into(), Value::Object(proof));
    doc
}
