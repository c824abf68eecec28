//! Bad input never panics: it is a typed error or a "not verified" report with a reason.

use akashi_core::input::{MAX_DEPTH, MAX_INPUT_BYTES};
use akashi_core::{CheckId, CheckStatus, InputError, Summary, Verifier, VerifyOptions};
use serde_json::{json, Value};

fn v() -> Verifier {
    Verifier::new(VerifyOptions { offline: true, ..Default::default() }).expect("verifier")
}

fn example() -> serde_json::Map<String, Value> {
    serde_json::from_slice(&std::fs::read(crate::common::repo_root().join("examples/credentials/micro-credential.json")).expect("example"))
        .expect("json")
}

#[test]
fn unreadable_input_is_a_typed_error() {
    assert!(matches!(v().verify(b"not json at all"), Err(InputError::NotJson { .. })));
    assert!(matches!(v().verify(b""), Err(InputError::NotJson { .. })));
    assert!(matches!(v().verify(&[0xff, 0xfe, 0x00]), Err(InputError::NotJson { .. })));
    assert_eq!(v().verify(b"[1, 2, 3]"), Err(InputError::NotAnObject));
    assert_eq!(v().verify(b"null"), Err(InputError::NotAnObject));
    let deep = format!("{}{}", "{\"a\":".repeat(5000), "}".repeat(5000));
    assert_eq!(v().verify(deep.as_bytes()), Err(InputError::TooDeep { limit: MAX_DEPTH }));
    let mut big = br#"{"x":""#.to_vec();
    big.extend(std::iter::repeat_n(b'a', MAX_INPUT_BYTES));
    big.extend(br#""}"#);
    assert_eq!(v().verify(&big), Err(InputError::TooLarge { limit_bytes: MAX_INPUT_BYTES as u64 }));
}

#[test]
fn the_example_verifies() {
    let r = v().verify_object(example());
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "{r:#?}");
    for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey, CheckId::Validity] {
        assert_eq!(r.check(id).map(|c| c.status), Some(CheckStatus::Valid), "{id:?}");
    }
    assert_eq!(r.check(CheckId::Trust).map(|c| c.status), Some(CheckStatus::Unknown));
}

fn expect_not_verified(doc: serde_json::Map<String, Value>, id: CheckId, code: &str) {
    let r = v().verify_object(doc);
    assert_eq!(r.summary, Summary::NotVerified);
    let c = r.check(id).expect("check");
    assert_eq!(c.code.as_deref(), Some(code), "{c:?}");
    assert!(c.reason.as_deref().is_some_and(|s| !s.is_empty()), "a reason is given");
}

#[test]
fn wrong_types_and_missing_parts_are_reported() {
    let mut d = example();
    d.insert("type".into(), json!(42));
    expect_not_verified(d, CheckId::Format, "not_a_credential");

    let mut d = example();
    d.insert("issuer".into(), json!({"name": "no id"}));
    expect_not_verified(d, CheckId::Format, "no_issuer");

    let mut d = example();
    d.insert("proof".into(), json!("a string"));
    expect_not_verified(d, CheckId::Proof, "no_proof");

    let mut d = example();
    d["proof"]["cryptosuite"] = json!("ecdsa-rdfc-2019");
    expect_not_verified(d, CheckId::Proof, "unsupported_proof");

    let mut d = example();
    d["proof"]["type"] = json!(["DataIntegrityProof"]);
    expect_not_verified(d, CheckId::Proof, "malformed_proof");

    let mut d = example();
    d["proof"]["proofValue"] = json!("zNotBase58!!");
    expect_not_verified(d, CheckId::Proof, "malformed_proof");

    let mut d = example();
    d["proof"]["proofPurpose"] = json!("authentication");
    expect_not_verified(d, CheckId::Proof, "malformed_proof");

    let mut d = example();
    d["proof"]["created"] = json!("last tuesday");
    expect_not_verified(d, CheckId::Proof, "malformed_proof");

    let mut d = example();
    d.insert("validFrom".into(), json!("not a date"));
    let r = v().verify_object(d);
    // The signature covers the changed date, so the proof fails first.
    assert_eq!(r.summary, Summary::NotVerified);

    let mut d = example();
    d.insert("@context".into(), json!({"@vocab": 5}));
    expect_not_verified(d, CheckId::Format, "no_vc_context");
}

#[test]
fn not_yet_valid_and_expired_use_the_given_time() {
    let at = |s: &str| Some(chrono::DateTime::parse_from_rfc3339(s).expect("t").with_timezone(&chrono::Utc));
    let before = Verifier::new(VerifyOptions { offline: true, now: at("2026-03-31T23:59:59Z"), ..Default::default() }).expect("v");
    assert_eq!(before.verify_object(example()).summary, Summary::NotYetValid);
    let after = Verifier::new(VerifyOptions { offline: true, now: at("2036-04-01T00:00:00Z"), ..Default::default() }).expect("v");
    assert_eq!(after.verify_object(example()).summary, Summary::Expired);
    let inside = Verifier::new(VerifyOptions { offline: true, now: at("2030-01-01T00:00:00Z"), ..Default::default() }).expect("v");
    assert_eq!(inside.verify_object(example()).summary, Summary::VerifiedWithWarnings);
}

/// Every single-field mutation of real credentials yields a report or a typed error, never a
/// panic, and never a verified summary when the signed content changed.
#[test]
fn mutations_never_panic_and_never_verify() {
    let files = [
        "ob3/1edtech-validator/simple.json",
        "ob3/dcc-verifier-core/v1/v1NoStatus.json",
        "eddsa/TestVectors/eddsa-jcs-2022/signedJCS.json",
    ];
    let junk =
        [json!(null), json!(0), json!(-1.5e300), json!(""), json!("\u{0}"), json!([]), json!({}), json!([[[[]]]]), json!({"@id": "_:b0"})];
    let mut n = 0;
    for f in files {
        let base: Value = serde_json::from_slice(&crate::common::fixture(f)).expect("json");
        let mut paths = Vec::new();
        collect_paths(&base, String::new(), &mut paths);
        for p in &paths {
            for j in &junk {
                let mut doc = base.clone();
                if let Some(slot) = doc.pointer_mut(p) {
                    if slot == j {
                        continue;
                    }
                    *slot = j.clone();
                }
                let bytes = serde_json::to_vec(&doc).expect("bytes");
                if let Ok(r) = v().verify(&bytes) {
                    let in_proof_value = p.ends_with("/proofValue");
                    if !p.starts_with("/proof") || in_proof_value {
                        assert!(!r.summary.is_verified(), "{f}{p} = {j} still verified");
                    }
                }
                n += 1;
            }
        }
    }
    assert!(n > 300, "exercised {n} mutations");
}

fn collect_paths(v: &Value, prefix: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                collect_paths(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{prefix}/{i}");
                out.push(p.clone());
                collect_paths(x, p, out);
            }
        }
        _ => {}
    }
}

/// Hostile sizes inside otherwise valid credentials stay cheap: a multi-megabyte proofValue or
/// key is refused before any quadratic decoding.
#[test]
fn huge_encoded_values_are_refused_quickly() {
    let start = std::time::Instant::now();
    let mut d = example();
    d["proof"]["proofValue"] = json!(format!("z{}", "2".repeat(2_000_000)));
    expect_not_verified(d, CheckId::Proof, "malformed_proof");
    let mut d = example();
    let vm = format!("did:key:z{}", "6".repeat(2_000_000));
    d["proof"]["verificationMethod"] = json!(vm.clone());
    d["issuer"]["id"] = json!(vm);
    let r = v().verify_object(d);
    assert_eq!(r.summary, Summary::NotVerified);
    assert!(start.elapsed() < std::time::Duration::from_secs(20), "took {:?}", start.elapsed());
}
