//! HTTPS verification methods (not DIDs): a key document with a controller, or a key listed
//! in the issuer's own controller document; the controller must authorize it for
//! assertionMethod and must be the issuer.

use std::collections::HashMap;
use std::sync::Arc;

use akashi_core::resolve::{FetchError, Fetched, Fetcher};
use akashi_core::verify::proof::Suite;
use akashi_core::{CheckId, CheckStatus, Summary, Verifier, VerifyOptions};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Map, Value};

struct Web(HashMap<String, Value>);

impl Fetcher for Web {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        self.0.get(url).map(|v| Fetched::new(url, serde_json::to_vec(v).expect("json"))).ok_or(FetchError::Status(404))
    }
}

fn multikey(sk: &SigningKey) -> String {
    let mut b = vec![0xed, 0x01];
    b.extend_from_slice(&sk.verifying_key().to_bytes());
    format!("z{}", bs58::encode(b).into_string())
}

/// Signs the repository's example (re-issued by `issuer` with key id `vm`).
fn signed(sk: &SigningKey, issuer: &str, vm: &str) -> Vec<u8> {
    let mut doc: Map<String, Value> = serde_json::from_slice(
        &std::fs::read(crate::common::repo_root().join("examples/credentials/micro-credential.unsigned.json")).expect("example"),
    )
    .expect("json");
    doc["issuer"]["id"] = json!(issuer);
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2026-04-01T00:00:00Z",
        "verificationMethod": vm, "proofPurpose": "assertionMethod"});
    let mut proof = proof.as_object().expect("proof").clone();
    let hd = Suite::EddsaRdfc2022 { legacy_name: false }.hash_data(&doc, &proof).expect("hash");
    proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(sk.sign(&hd.hash_data).to_bytes()).into_string())));
    doc.insert("proof".into(), Value::Object(proof));
    serde_json::to_vec(&doc).expect("bytes")
}

fn verify(web: Web, bytes: &[u8]) -> akashi_core::Report {
    let at = chrono::DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z").expect("t").with_timezone(&chrono::Utc);
    Verifier::with_fetcher(VerifyOptions { now: Some(at), ..Default::default() }, Some(Arc::new(web))).verify(bytes).expect("readable")
}

#[test]
fn key_listed_in_the_issuers_controller_document() {
    let sk = SigningKey::from_bytes(&[7u8; 32]);
    let issuer = "https://issuer.example/profile";
    let vm = "https://issuer.example/profile#key-1";
    let controller_doc = json!({"id": issuer, "verificationMethod": [{"id": vm, "type": "Multikey", "controller": issuer, "publicKeyMultibase": multikey(&sk)}], "assertionMethod": [vm]});
    let r = verify(Web(HashMap::from([(issuer.to_owned(), controller_doc.clone())])), &signed(&sk, issuer, vm));
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "{r:#?}");
    let k = r.check(CheckId::IssuerKey).expect("key");
    assert_eq!(k.status, CheckStatus::Valid);
    assert_eq!(k.source, akashi_core::CheckSource::Network { url: issuer.into() });

    // Not authorized for assertionMethod: refused.
    let mut unauthorized = controller_doc;
    unauthorized["assertionMethod"] = json!([]);
    unauthorized["authentication"] = json!([vm]);
    let r = verify(Web(HashMap::from([(issuer.to_owned(), unauthorized)])), &signed(&sk, issuer, vm));
    assert_eq!(
        (r.summary, r.check(CheckId::IssuerKey).and_then(|c| c.code.clone()).as_deref()),
        (Summary::NotVerified, Some("key_not_authorized"))
    );
}

#[test]
fn separate_key_document_with_its_controller() {
    let sk = SigningKey::from_bytes(&[9u8; 32]);
    let issuer = "https://issuer.example/org";
    let vm = "https://keys.example/k/1";
    let key_doc = json!({"id": vm, "type": "Multikey", "controller": issuer, "publicKeyMultibase": multikey(&sk)});
    let ctrl = json!({"id": issuer, "assertionMethod": [vm]});
    let web = || Web(HashMap::from([(vm.to_owned(), key_doc.clone()), (issuer.to_owned(), ctrl.clone())]));
    let r = verify(web(), &signed(&sk, issuer, vm));
    assert_eq!(r.check(CheckId::IssuerKey).map(|c| c.status), Some(CheckStatus::Valid), "{r:#?}");
    assert!(r.summary.is_verified());

    // The same key document, but the credential names another issuer: not the issuer's key.
    let r = verify(web(), &signed(&sk, "https://impostor.example/org", vm));
    assert_eq!(r.check(CheckId::IssuerKey).and_then(|c| c.code.clone()).as_deref(), Some("controller_mismatch"));
    assert_eq!(r.summary, Summary::NotVerified);

    // A different key at that URL: the signature fails.
    let other = SigningKey::from_bytes(&[10u8; 32]);
    let r = verify(web(), &signed(&other, issuer, vm));
    assert_eq!(r.check(CheckId::Proof).and_then(|c| c.code.clone()).as_deref(), Some("bad_signature"));

    // Unreachable key document: unknown, never verified.
    let r = verify(Web(HashMap::new()), &signed(&sk, issuer, vm));
    assert_eq!((r.summary, r.check(CheckId::IssuerKey).map(|c| c.status)), (Summary::NotVerified, Some(CheckStatus::Unknown)));
}

/// did:jwk issuers resolve offline, like did:key.
#[test]
fn did_jwk_issuer() {
    use base64::Engine;
    let sk = SigningKey::from_bytes(&[11u8; 32]);
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sk.verifying_key().to_bytes());
    let jwk = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}"}}"#);
    let did = format!("did:jwk:{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(jwk));
    let at = chrono::DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z").expect("t").with_timezone(&chrono::Utc);
    let v = Verifier::new(VerifyOptions { now: Some(at), offline: true, ..Default::default() }).expect("v");
    let r = v.verify(&signed(&sk, &did, &format!("{did}#0"))).expect("readable");
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "{r:#?}");
    assert_eq!(
        r.check(CheckId::IssuerKey).map(|c| (c.status, c.source.clone())),
        Some((CheckStatus::Valid, akashi_core::CheckSource::Local))
    );
}
