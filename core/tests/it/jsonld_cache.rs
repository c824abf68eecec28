//! The process-wide context cache (vendor/oxjsonld AKASHI-PATCH) must never let one
//! document's contexts leak into another's expansion.

use akashi_core::parse::jsonld::{to_rdf, JsonLdError};
use serde_json::{json, Map, Value};

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("object")
}

fn predicates(doc: Value) -> Vec<String> {
    let mut p: Vec<String> = to_rdf(&obj(doc)).expect("expands").iter().map(|q| q.predicate.as_str().to_owned()).collect();
    p.sort();
    p
}

#[test]
fn inline_contexts_do_not_leak_between_documents() {
    for round in 0..3 {
        let a = predicates(json!({"@context": [{"name": "https://a.example/name"}], "@id": "urn:x", "name": "n"}));
        let b = predicates(json!({"@context": [{"name": "https://b.example/name"}], "@id": "urn:x", "name": "n"}));
        assert_eq!(a, ["https://a.example/name"], "round {round}");
        assert_eq!(b, ["https://b.example/name"], "round {round}");
    }
}

#[test]
fn scoped_contexts_stay_scoped_after_caching() {
    let ctx = json!({
        "Thing": {"@id": "https://ex.example/Thing", "@context": {"label": "https://ex.example/thingLabel"}},
        "label": "https://ex.example/label",
        "inner": {"@id": "https://ex.example/inner"}
    });
    let doc = json!({"@context": [ctx], "@id": "urn:a", "label": "top", "inner": {"@type": "Thing", "label": "in"}});
    for _ in 0..3 {
        let p = predicates(doc.clone());
        assert!(p.contains(&"https://ex.example/label".to_owned()), "{p:?}");
        assert!(p.contains(&"https://ex.example/thingLabel".to_owned()), "{p:?}");
    }
    // A document without the scoped type must not see the scoped term.
    let plain = json!({"@context": [{"label": "https://ex.example/label", "inner": {"@id": "https://ex.example/inner"}}], "@id": "urn:b", "inner": {"label": "x"}});
    assert!(!predicates(plain).contains(&"https://ex.example/thingLabel".to_owned()));
}

#[test]
fn undefined_terms_are_still_refused_after_the_same_contexts_were_cached() {
    let ok = json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "@id": "urn:c", "@type": "VerifiableCredential"});
    to_rdf(&obj(ok)).expect("fine");
    let bad =
        json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "@id": "urn:c", "@type": "VerifiableCredential", "sneaky": "x"});
    assert_eq!(to_rdf(&obj(bad)), Err(JsonLdError::UndefinedTerms { terms: vec!["sneaky".into()] }));
}

#[test]
fn nested_unbundled_context_is_an_error_not_a_panic() {
    let doc = json!({"@context": ["https://www.w3.org/ns/credentials/v2", {"x": {"@id": "https://ex.example/x", "@context": "https://not.bundled.example/ctx"}}], "@id": "urn:d", "x": {"y": 1}});
    match to_rdf(&obj(doc)) {
        Err(JsonLdError::ContextNotBundled { url }) => assert_eq!(url, "https://not.bundled.example/ctx"),
        other => panic!("expected ContextNotBundled, got {other:?}"),
    }
}
