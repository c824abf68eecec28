//! Our RDFC-1.0 against `rdf-canon` (an independent implementation that also passes the W3C
//! suite) on every credential-shaped fixture: both must produce identical canonical N-Quads.

use akashi_core::canon::rdfc;
use akashi_core::parse::jsonld;
use sha2::Sha256;

#[test]
fn agrees_with_rdf_canon_on_fixture_credentials() {
    let mut compared = 0;
    let mut stack =
        vec![crate::common::fixtures().join("ob3"), crate::common::fixtures().join("eddsa"), crate::common::fixtures().join("other")];
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
            let quads02: Vec<oxrdf02::Quad> = quads.iter().map(to_oxrdf02).collect();
            let theirs = rdf_canon::canonicalize_quads_with::<Sha256>(
                &quads02,
                &rdf_canon::CanonicalizationOptions { hndq_call_limit: Some(100_000) },
            )
            .expect("rdf-canon");
            assert_eq!(ours, theirs, "{}", p.display());
            compared += 1;
        }
    }
    println!("RDFC differential: {compared} documents identical");
    assert!(compared >= 60, "compared only {compared}");
}

/// rdf-canon speaks oxrdf 0.2: copy the terms across.
fn to_oxrdf02(q: &oxrdf::Quad) -> oxrdf02::Quad {
    use oxrdf02 as o2;
    let subject: o2::Subject = match &q.subject {
        oxrdf::NamedOrBlankNode::NamedNode(n) => o2::NamedNode::new_unchecked(n.as_str()).into(),
        oxrdf::NamedOrBlankNode::BlankNode(b) => o2::BlankNode::new_unchecked(b.as_str()).into(),
    };
    let object: o2::Term = match &q.object {
        oxrdf::Term::NamedNode(n) => o2::NamedNode::new_unchecked(n.as_str()).into(),
        oxrdf::Term::BlankNode(b) => o2::BlankNode::new_unchecked(b.as_str()).into(),
        oxrdf::Term::Literal(l) => match l.language() {
            Some(lang) => o2::Literal::new_language_tagged_literal_unchecked(l.value(), lang).into(),
            None => o2::Literal::new_typed_literal(l.value(), o2::NamedNode::new_unchecked(l.datatype().as_str())).into(),
        },
    };
    let graph_name = match &q.graph_name {
        oxrdf::GraphName::DefaultGraph => o2::GraphName::DefaultGraph,
        oxrdf::GraphName::NamedNode(n) => o2::NamedNode::new_unchecked(n.as_str()).into(),
        oxrdf::GraphName::BlankNode(b) => o2::BlankNode::new_unchecked(b.as_str()).into(),
    };
    o2::Quad::new(subject, o2::NamedNode::new_unchecked(q.predicate.as_str()), object, graph_name)
}
