//! Signs an unsigned credential with one of Akashi's TEST keys (eddsa-rdfc-2022, did:key).
//! Used to produce `examples/credentials/*.json`. Never use these keys for real badges:
//! their seeds are public in this repository.
//!
//! `cargo run -p akashi-core --example sign -- UNSIGNED.json [--created RFC3339] > SIGNED.json`
//! `cargo run -p akashi-core --example sign -- UNSIGNED.json --jwt > SIGNED.jwt`
//!
//! The issuer (`issuer` or `issuer.id`) is set to the test key's did:key. With `--jwt` the
//! credential is secured as a VC 2.0 JWT (VC-JOSE-COSE: the payload is the credential, `alg`
//! EdDSA, `kid` the did:key verification method, `typ` vc+jwt) instead of an embedded proof;
//! `iss`, `sub` and `iat` repeat the issuer, the subject id and the proof's `created`.
//!
//! Endorsements inside the credential (`endorsement`, `credentialSubject.achievement.endorsement`)
//! whose issuer id is `did:key:qa-placeholder` are first signed by a second test key, the
//! example quality-assurance body's (for `micro-credential-full.json`).

mod common;

use base64::Engine;
use common::TestKey;
use ed25519_dalek::Signer;
use serde_json::{json, Value};

/// Seed of the example issuer's test key: an arbitrary fixed value, public on purpose.
const EXAMPLE_ISSUER_SEED_HEX: &str = "b7c2a1e0a8d6c5f4e3d2c1b0a9f8e7d6c5b4a3928170f6e5d4c3b2a190817263";
/// Seed of the example quality-assurance body's test key (endorsements), public on purpose.
const EXAMPLE_QA_SEED_HEX: &str = "5e1d0c9b8a7f6e5d4c3b2a19080706050403020100f0e1d2c3b4a5968778695a";

/// Signs, with the QA test key, each endorsement object in `list` that names the placeholder issuer.
fn sign_endorsements(list: Option<&mut Value>, qa: &TestKey, created: &str) -> Result<(), String> {
    let Some(Value::Array(items)) = list else { return Ok(()) };
    for item in items.iter_mut() {
        let Value::Object(e) = item else { continue };
        let Some(Value::Object(issuer)) = e.get_mut("issuer") else { continue };
        if issuer.get("id").and_then(Value::as_str) != Some("did:key:qa-placeholder") {
            continue;
        }
        issuer.insert("id".into(), json!(qa.did));
        *item = Value::Object(qa.sign(e.clone(), created)?);
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: sign UNSIGNED.json [--created RFC3339]")?;
    let created = match args.iter().position(|a| a == "--created") {
        Some(i) => args.get(i + 1).cloned().ok_or("--created needs a value")?,
        None => "2026-04-01T00:00:00Z".to_owned(),
    };
    let key = TestKey::from_hex(EXAMPLE_ISSUER_SEED_HEX)?;
    let (sk, did, vm) = (&key.sk, key.did.clone(), key.vm.clone());

    let mut doc: serde_json::Map<String, Value> = serde_json::from_slice(&std::fs::read(path)?)?;
    match doc.get_mut("issuer") {
        Some(Value::Object(o)) => {
            o.insert("id".into(), json!(did));
        }
        _ => {
            doc.insert("issuer".into(), json!(did));
        }
    }
    doc.remove("proof");
    let qa = TestKey::from_hex(EXAMPLE_QA_SEED_HEX)?;
    sign_endorsements(doc.get_mut("endorsement"), &qa, &created)?;
    let achievement = doc.get_mut("credentialSubject").and_then(|s| s.get_mut("achievement"));
    sign_endorsements(achievement.and_then(|a| a.get_mut("endorsement")), &qa, &created)?;
    if args.iter().any(|a| a == "--jwt") {
        let b64 = |v: &Value| -> Result<String, serde_json::Error> {
            Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v)?))
        };
        let header = json!({"alg": "EdDSA", "kid": vm, "typ": "vc+jwt", "cty": "vc"});
        let mut payload = doc.clone();
        payload.insert("iss".into(), json!(did));
        if let Some(sub) = doc.get("credentialSubject").and_then(|s| s.get("id")) {
            payload.insert("sub".into(), sub.clone());
        }
        let iat = chrono::DateTime::parse_from_rfc3339(&created)?.timestamp();
        payload.insert("iat".into(), json!(iat));
        let signing_input = format!("{}.{}", b64(&header)?, b64(&Value::Object(payload))?);
        let sig = sk.sign(signing_input.as_bytes());
        println!("{signing_input}.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sig.to_bytes()));
        return Ok(());
    }
    let doc = key.sign(doc, &created)?;
    println!("{}", serde_json::to_string_pretty(&Value::Object(doc))?);
    Ok(())
}
