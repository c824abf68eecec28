//! Structure-aware: splices fuzzer bytes into the example credential (a JSON string value or
//! a raw JSON fragment at a field), so that the JSON-LD, canonicalization and proof code paths
//! see near-valid credentials.
#![no_main]
use akashi_core::{Verifier, VerifyOptions};
use libfuzzer_sys::fuzz_target;

const EXAMPLE: &str = include_str!("../../examples/credentials/micro-credential.json");
const FIELDS: [&str; 8] = ["/name", "/issuer/id", "/validFrom", "/credentialSubject/achievement/type", "/proof/verificationMethod", "/proof/proofValue", "/@context/1", "/credentialSubject/identifier/0/identityHash"];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let mut doc: serde_json::Value = serde_json::from_str(EXAMPLE).expect("example");
    let field = FIELDS[usize::from(sel) % FIELDS.len()];
    let text = String::from_utf8_lossy(rest).into_owned();
    let value = if sel & 0x80 != 0 { serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)) } else { serde_json::Value::String(text) };
    if let Some(slot) = doc.pointer_mut(field) {
        *slot = value;
    }
    let v = Verifier::new(VerifyOptions { offline: true, ..Default::default() }).expect("options");
    let _ = v.verify(&serde_json::to_vec(&doc).expect("json"));
});
