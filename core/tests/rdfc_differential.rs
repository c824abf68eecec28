//! Our RDFC-1.0 against `rdf-canon` (an independent implementation that also passes the W3C
//! suite) on every credential-shaped fixture: both must produce identical canonical N-Quads.

mod common;

use akashi_core::canon::rdfc;
use akashi_core::parse::jsonld;
use sha2::Sha256;

#[test]
fn agrees_with_rdf_canon_on_fixture_credentials() {
    let mut compared = 0;
    let mut stack = vec![common::fixtures().join("ob3"), common::fixtures().join("eddsa"), common::fixtures().join("other")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if !p.extension().is_some_and(|e| e == "json" || e == "jsonld") {
                continue;
            }
            let Ok(serde_json::Value::Object(mut doc)) = serde_json::from_slice(&std::fs::read(&p).expect("read")) else { continue };
            doc.remove("proof");
            let Ok(quads) = jsonld::to_rdf(&doc) else { continue };
            let ours = rdfc::canonicalize(&quads).expect("ours");
            let theirs = rdf_canon::canonicalize_quads_with::<Sha256>(&quads, &rdf_canon::CanonicalizationOptions { hndq_call_limit: Some(100_000) })
                .expect("rdf-canon");
            assert_eq!(ours, theirs, "{}", p.display());
            compared += 1;
        }
    }
    println!("RDFC differential: {compared} documents identical");
    assert!(compared >= 60, "compared only {compared}");
}
