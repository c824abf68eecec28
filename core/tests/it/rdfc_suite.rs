//! The W3C RDFC-1.0 test suite (../shared/fixtures/rdfc): every eval, map and negative test.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use akashi_core::canon::rdfc::{canonicalize_with, issued_identifiers, HashAlgorithm, RdfcError};
use oxttl::NQuadsParser;

fn parse_nquads(bytes: &[u8]) -> Vec<oxrdf::Quad> {
    NQuadsParser::new().for_slice(bytes).collect::<Result<Vec<_>, _>>().expect("valid N-Quads")
}

#[test]
fn rdfc10_w3c_suite() {
    let base = crate::common::fixtures().join("rdfc");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(base.join("manifest.jsonld")).expect("manifest")).expect("json");
    let entries = manifest["entries"].as_array().expect("entries");
    let (mut passed, mut failed) = (0, Vec::new());
    let mut counts: HashMap<String, usize> = HashMap::new();
    for e in entries {
        let id = e["id"].as_str().unwrap_or("?");
        let ty = e["type"].as_str().unwrap_or("?");
        *counts.entry(ty.to_owned()).or_default() += 1;
        let hash = if e["hashAlgorithm"].as_str() == Some("SHA384") { HashAlgorithm::Sha384 } else { HashAlgorithm::Sha256 };
        let input = parse_nquads(&std::fs::read(base.join(e["action"].as_str().expect("action"))).expect("input"));
        let ok = match ty {
            "rdfc:RDFC10EvalTest" => {
                let expected = std::fs::read_to_string(base.join(e["result"].as_str().expect("result"))).expect("result");
                canonicalize_with(&input, hash).map(|got| got == expected).unwrap_or(false)
            }
            "rdfc:RDFC10MapTest" => {
                let expected: HashMap<String, String> =
                    serde_json::from_slice(&std::fs::read(base.join(e["result"].as_str().expect("result"))).expect("map"))
                        .expect("map json");
                issued_identifiers(&input, hash).map(|got| got == expected).unwrap_or(false)
            }
            "rdfc:RDFC10NegativeEvalTest" => {
                let start = Instant::now();
                let res = canonicalize_with(&input, hash);
                println!("{id}: {:?} after {:?}", res.as_ref().err(), start.elapsed());
                // "must error, quickly": a generous bound that still catches runaway work.
                matches!(res, Err(RdfcError::TooComplex { .. })) && start.elapsed() < Duration::from_secs(10)
            }
            other => panic!("unknown test type {other}"),
        };
        if ok {
            passed += 1;
        } else {
            failed.push(id.to_owned());
        }
    }
    println!("RDFC-1.0 suite: {passed}/{} passed ({counts:?})", entries.len());
    assert!(failed.is_empty(), "failed: {failed:?}");
    assert_eq!(passed, 86, "the suite has 86 entries");
}
