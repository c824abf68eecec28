//! JSON-LD expansion to RDF, offline and strict.
//!
//! - Contexts are served only from the [`bundled`] set; any other context URL is an error
//!   naming it. Contexts are never fetched: a context host must not be able to change what a
//!   signed credential means, and verification must work offline.
//! - Undefined terms are errors, like jsonld.js "safe mode" (DCC) and 1EdTech's JSON-LD probe:
//!   a property or type that no context defines is silently dropped by plain JSON-LD, so it
//!   would be shown to a user without being covered by the signature. We detect them by
//!   expanding with a sentinel `@vocab` placed before the document's own contexts: any term
//!   that falls through to it is undefined. When nothing falls through, the sentinel has not
//!   changed the output at all.
//! - Terms caught by VC 2.0's own `@vocab` (`issuer-dependent#`) are not dropped (they are
//!   signed), so they are returned for the caller to warn about rather than refused.

pub mod bundled;

use std::sync::{Arc, Mutex};

use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
use serde_json::Value;

/// The sentinel vocabulary used to catch undefined terms. Never appears in valid output.
const SENTINEL_VOCAB: &str = "urn:akashi:undefined-term:";
/// VC 2.0's catch-all vocabulary for terms its issuer did not define.
const ISSUER_DEPENDENT: &str = "https://www.w3.org/ns/credentials/issuer-dependent#";

/// RDF quad type used by canonicalization (oxrdf 0.2, as `rdf-canon` expects).
pub type Quad = oxrdf02::Quad;

/// Why a JSON-LD document could not be turned into RDF.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonLdError {
    /// The document uses a context Akashi does not ship. Contexts are never fetched.
    #[error("context {url} is not bundled with Akashi (contexts are never fetched)")]
    ContextNotBundled {
        /// The context URL.
        url: String,
    },
    /// The document is not valid JSON-LD.
    #[error("not valid JSON-LD: {message}")]
    Invalid {
        /// The processor's message.
        message: String,
    },
    /// Terms that no context defines (they would be dropped or made issuer-dependent).
    #[error("terms not defined by any context: {}", terms.join(", "))]
    UndefinedTerms {
        /// The undefined terms, sorted and de-duplicated.
        terms: Vec<String>,
    },
    /// The document has no `@context`.
    #[error("the document has no @context")]
    NoContext,
}

/// RDF produced from a document, and the terms that only VC 2.0's catch-all vocabulary defined.
#[derive(Debug, Clone)]
pub struct Expanded {
    /// The quads, ready for canonicalization.
    pub quads: Vec<Quad>,
    /// Terms whose meaning is `issuer-dependent` (sorted, de-duplicated).
    pub issuer_dependent_terms: Vec<String>,
}

/// Expands `doc` (a JSON-LD object with its own `@context`) to RDF quads, strictly.
pub fn to_rdf(doc: &serde_json::Map<String, Value>) -> Result<Vec<Quad>, JsonLdError> {
    expand(doc).map(|e| e.quads)
}

/// Like [`to_rdf`], also reporting issuer-dependent terms.
pub fn expand(doc: &serde_json::Map<String, Value>) -> Result<Expanded, JsonLdError> {
    let ctx = doc.get("@context").ok_or(JsonLdError::NoContext)?;
    let mut probe = doc.clone();
    let mut contexts = vec![serde_json::json!({ "@vocab": SENTINEL_VOCAB })];
    match ctx {
        Value::Array(items) => contexts.extend(items.iter().cloned()),
        other => contexts.push(other.clone()),
    }
    probe.insert("@context".into(), Value::Array(contexts));
    let bytes = serde_json::to_vec(&probe).map_err(|e| JsonLdError::Invalid { message: e.to_string() })?;

    let missing: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let missing_cb = Arc::clone(&missing);
    let parser = JsonLdParser::new().for_slice(&bytes).with_load_document_callback(move |url, _opts| {
        match bundled::lookup(url) {
            Some(doc) => Ok(JsonLdRemoteDocument { document: doc.as_bytes().to_vec(), document_url: url.to_owned() }),
            None => {
                if let Ok(mut m) = missing_cb.lock() {
                    m.get_or_insert_with(|| url.to_owned());
                }
                Err(format!("context {url} is not bundled").into())
            }
        }
    });

    let mut quads = Vec::new();
    let mut first_error = None;
    for item in parser {
        match item {
            Ok(q) => quads.push(q),
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some(e.to_string());
                }
            }
        }
    }
    if let Some(url) = missing.lock().ok().and_then(|m| m.clone()) {
        return Err(JsonLdError::ContextNotBundled { url });
    }
    if let Some(message) = first_error {
        return Err(JsonLdError::Invalid { message });
    }

    let mut undefined = Vec::new();
    let mut issuer_dependent = Vec::new();
    let mut out = Vec::with_capacity(quads.len());
    for q in &quads {
        let mut note = |iri: &str| {
            if let Some(t) = iri.strip_prefix(SENTINEL_VOCAB) {
                undefined.push(t.to_owned());
            } else if let Some(t) = iri.strip_prefix(ISSUER_DEPENDENT) {
                issuer_dependent.push(t.to_owned());
            }
        };
        note(q.predicate.as_str());
        match &q.object {
            oxrdf::Term::NamedNode(n) => note(n.as_str()),
            oxrdf::Term::Literal(l) => note(l.datatype().as_str()),
            _ => {}
        }
        if let oxrdf::NamedOrBlankNode::NamedNode(n) = &q.subject {
            note(n.as_str());
        }
        out.push(convert_quad(q));
    }
    if !undefined.is_empty() {
        undefined.sort();
        undefined.dedup();
        return Err(JsonLdError::UndefinedTerms { terms: undefined });
    }
    issuer_dependent.sort();
    issuer_dependent.dedup();
    Ok(Expanded { quads: out, issuer_dependent_terms: issuer_dependent })
}

/// oxjsonld speaks oxrdf 0.3, rdf-canon oxrdf 0.2: the terms are copied across unchanged
/// (they were already validated by the parser, hence `new_unchecked`).
fn convert_quad(q: &oxrdf::Quad) -> Quad {
    use oxrdf02 as o2;
    let subject: o2::Subject = match &q.subject {
        oxrdf::NamedOrBlankNode::NamedNode(n) => o2::NamedNode::new_unchecked(n.as_str()).into(),
        oxrdf::NamedOrBlankNode::BlankNode(b) => o2::BlankNode::new_unchecked(b.as_str()).into(),
    };
    let predicate = o2::NamedNode::new_unchecked(q.predicate.as_str());
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
    o2::Quad::new(subject, predicate, object, graph_name)
}
