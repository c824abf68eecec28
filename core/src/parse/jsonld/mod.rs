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

use oxjsonld::{JsonLdParser, JsonLdProfile, JsonLdRemoteDocument};
use serde_json::Value;

/// The sentinel vocabulary used to catch undefined terms. Never appears in valid output.
const SENTINEL_VOCAB: &str = "urn:akashi:undefined-term:";
/// VC 2.0's catch-all vocabulary for terms its issuer did not define.
const ISSUER_DEPENDENT: &str = "https://www.w3.org/ns/credentials/issuer-dependent#";

/// Marks a streaming-profile key-order error, which triggers a non-streaming retry.
const STREAMING_ORDER_MARK: &str = "key order not suitable for streaming";

/// RDF quad type (oxrdf, as produced by oxjsonld and read by our RDFC).
pub type Quad = oxrdf::Quad;

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
    let bytes = streaming_order_bytes(doc, ctx);

    // Our loader serves a fixed bundle, so processed contexts can be reused process-wide.
    static CACHE_ON: std::sync::Once = std::sync::Once::new();
    CACHE_ON.call_once(oxjsonld::enable_global_context_cache);

    // Streaming profile first (much less buffering; our serialization puts @context, type and
    // id first in every object). If the document defeats it (e.g. other aliases for @type), the
    // parser reports a key-order error and we parse again without the profile.
    match parse(&bytes, true) {
        Err(JsonLdError::Invalid { message }) if message.contains(STREAMING_ORDER_MARK) => parse(&bytes, false),
        other => other,
    }
}

fn parse(bytes: &[u8], streaming: bool) -> Result<Expanded, JsonLdError> {
    let missing: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let missing_cb = Arc::clone(&missing);
    let mut builder = JsonLdParser::new();
    if streaming {
        builder = builder.with_profile(JsonLdProfile::Streaming);
    }
    let parser = builder.for_slice(bytes).with_load_document_callback(move |url, _opts| match bundled::lookup(url) {
        Some(doc) => Ok(JsonLdRemoteDocument { document: doc.as_bytes().to_vec(), document_url: url.to_owned() }),
        None => {
            if let Ok(mut m) = missing_cb.lock() {
                m.get_or_insert_with(|| url.to_owned());
            }
            Err(format!("context {url} is not bundled").into())
        }
    });

    // Defence in depth: a panic inside the JSON-LD processor on hostile input becomes an
    // error, never a crash of the app.
    let collected = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut quads = Vec::new();
        let mut first_error = None;
        for item in parser {
            match item {
                Ok(q) => quads.push(q),
                Err(e) => {
                    if first_error.is_none() {
                        let streaming = matches!(e.code(), Some(oxjsonld::JsonLdErrorCode::InvalidStreamingKeyOrder));
                        first_error = Some(if streaming { format!("{STREAMING_ORDER_MARK}: {e}") } else { e.to_string() });
                    }
                }
            }
        }
        (quads, first_error)
    }));
    let Ok((quads, first_error)) = collected else {
        return Err(JsonLdError::Invalid { message: "the JSON-LD processor failed on this document".into() });
    };
    if let Some(url) = missing.lock().ok().and_then(|m| m.clone()) {
        return Err(JsonLdError::ContextNotBundled { url });
    }
    if let Some(message) = first_error {
        return Err(JsonLdError::Invalid { message });
    }

    let mut undefined = Vec::new();
    let mut issuer_dependent = Vec::new();
    let mut out = Vec::with_capacity(quads.len());
    for q in quads {
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
        out.push(q);
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

/// The quads of a secured document without its own top-level proofs: drops the
/// `<credential> sec:proof _:g` triples of the credential node `credential_id` and every quad
/// in those proof graphs. Equal (up to blank node labels) to expanding the document without
/// `proof`, which saves a second expansion per verification. Proofs of embedded credentials
/// (endorsements) have other subjects and are kept: they are signed content.
pub fn without_top_level_proofs(quads: &[Quad], credential_id: &str) -> Vec<Quad> {
    const SEC_PROOF: &str = "https://w3id.org/security#proof";
    let graphs: Vec<&oxrdf::BlankNode> = quads
        .iter()
        .filter(|q| {
            q.predicate.as_str() == SEC_PROOF
                && q.graph_name.is_default_graph()
                && matches!(&q.subject, oxrdf::NamedOrBlankNode::NamedNode(n) if n.as_str() == credential_id)
        })
        .filter_map(|q| match &q.object {
            oxrdf::Term::BlankNode(b) => Some(b),
            _ => None,
        })
        .collect();
    quads
        .iter()
        .filter(|q| {
            let is_link = q.predicate.as_str() == SEC_PROOF
                && q.graph_name.is_default_graph()
                && matches!(&q.subject, oxrdf::NamedOrBlankNode::NamedNode(n) if n.as_str() == credential_id);
            let in_proof_graph = matches!(&q.graph_name, oxrdf::GraphName::BlankNode(g) if graphs.contains(&g));
            !is_link && !in_proof_graph
        })
        .cloned()
        .collect()
}

/// Serializes `doc` for the parser with the sentinel vocabulary prepended to its contexts, and
/// with `@context`, then `type`/`@type`, then `id`/`@id` first in every object (the order the
/// JSON-LD streaming profile needs). Written directly, without cloning the document.
fn streaming_order_bytes(doc: &serde_json::Map<String, Value>, ctx: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(b"{\"@context\":[{\"@vocab\":\"");
    out.extend_from_slice(SENTINEL_VOCAB.as_bytes());
    out.extend_from_slice(b"\"}");
    match ctx {
        Value::Array(items) => {
            for c in items {
                out.push(b',');
                write_value(c, &mut out);
            }
        }
        other => {
            out.push(b',');
            write_value(other, &mut out);
        }
    }
    out.push(b']');
    write_members(doc, &mut out, true);
    out.push(b'}');
    out
}

fn write_members(map: &serde_json::Map<String, Value>, out: &mut Vec<u8>, mut need_comma: bool) {
    const FIRST: [&str; 5] = ["@context", "@type", "type", "@id", "id"];
    let top = need_comma; // at top level, @context was already written
    let mut emit = |k: &str, v: &Value, out: &mut Vec<u8>| {
        if need_comma {
            out.push(b',');
        }
        need_comma = true;
        write_string(k, out);
        out.push(b':');
        write_value(v, out);
    };
    for k in FIRST {
        if top && k == "@context" {
            continue;
        }
        if let Some(v) = map.get(k) {
            emit(k, v, out);
        }
    }
    for (k, v) in map {
        if !FIRST.contains(&k.as_str()) {
            emit(k, v, out);
        }
    }
}

fn write_value(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Object(m) => {
            out.push(b'{');
            write_members(m, out, false);
            out.push(b'}');
        }
        Value::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(x, out);
            }
            out.push(b']');
        }
        Value::String(s) => write_string(s, out),
        // Numbers, booleans and null serialize infallibly.
        other => out.extend_from_slice(other.to_string().as_bytes()),
    }
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    // serde_json's string escaping; writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}
