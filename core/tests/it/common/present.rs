//! Presentation exchange helpers: a fixed clock, offline verifiers, a badge issued to a holder.

use akashi_core::wallet::Wallet;
use akashi_core::{Verifier, VerifyOptions};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::signing::{key, obj, sign};
use super::wallet::{Dir, FixedKey};

/// The exchange tests' clock: 2026-06-01T00:00:00Z.
pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("time").with_timezone(&Utc)
}

/// An offline verifier whose clock reads `at`.
pub fn verifier_at(at: DateTime<Utc>) -> Verifier {
    Verifier::new(VerifyOptions { offline: true, now: Some(at), ..Default::default() }).expect("verifier")
}

/// A wallet in `dir` with the key `[key; 32]`, its clock at [`t0`].
pub fn open(dir: &Dir, key: u8) -> Wallet {
    Wallet::open(&dir.db(), &FixedKey([key; 32]), verifier_at(t0())).expect("wallet")
}

/// The example micro-credential (every descriptor), issued by test key 41 to `subject`.
pub fn badge_for(subject: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(super::repo_root().join("examples/credentials/micro-credential.unsigned.json")).expect("example");
    let mut doc = obj(serde_json::from_str(&text).expect("json"));
    let issuer = key(41);
    doc["issuer"]["id"] = json!(issuer.did);
    doc["credentialSubject"]["id"] = json!(subject);
    serde_json::to_vec(&sign(doc, &issuer)).expect("bytes")
}
