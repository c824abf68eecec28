//! The supported proof suites and exactly what each one signs.
//!
//! All three hash the same way: `SHA-256(canonical proof config) ‖ SHA-256(canonical
//! document)`, 64 bytes, signed with Ed25519 (pure EdDSA). They differ in canonicalization
//! (RDFC-1.0 or JCS) and in where the proof config takes its `@context` from.

use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::canon::{jcs, rdfc};
use crate::parse::jsonld::{self, Quad};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SEC: &str = "https://w3id.org/security#";

/// A supported proof suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    /// `DataIntegrityProof` + `eddsa-rdfc-2022` (`legacy_name`: written as `eddsa-2022`).
    EddsaRdfc2022 {
        /// The proof used the pre-Recommendation name `eddsa-2022`.
        legacy_name: bool,
    },
    /// `DataIntegrityProof` + `eddsa-jcs-2022`.
    EddsaJcs2022,
    /// `Ed25519Signature2020` (legacy, still common in issued badges).
    Ed25519Signature2020,
    /// `Ed25519Signature2018` (legacy; a detached JWS with `b64: false`), used by real JFF
    /// plugfest Open Badges 3.0 credentials.
    Ed25519Signature2018,
}

/// Why a proof could not be given to a suite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuiteError {
    /// A proof type or cryptosuite Akashi does not implement (the message names it).
    Unsupported(String),
    /// The proof object itself is broken.
    Malformed(String),
}

/// Why a supported proof could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyFailure {
    /// The proof value or key is malformed: a definite failure.
    Malformed(String),
    /// The document could not be canonicalized (bad JSON-LD, unbundled context, poison graph).
    Canonicalization(String),
}

/// The intermediate values of one proof, as the specifications name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashData {
    /// Canonical form of the proof configuration (N-Quads or JCS).
    pub canonical_proof_config: Vec<u8>,
    /// Canonical form of the document without its proof.
    pub canonical_document: Vec<u8>,
    /// `SHA-256(canonical_proof_config) ‖ SHA-256(canonical_document)`: the signed bytes.
    pub hash_data: [u8; 64],
}

impl Suite {
    /// Identifies the suite of a proof object.
    pub fn detect(proof: &Map<String, Value>) -> Result<Suite, SuiteError> {
        let ty = match proof.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(_) => return Err(SuiteError::Malformed("proof `type` is not a string".into())),
            None => return Err(SuiteError::Malformed("proof has no `type`".into())),
        };
        match ty {
            "DataIntegrityProof" => match proof.get("cryptosuite").and_then(Value::as_str) {
                Some("eddsa-rdfc-2022") => Ok(Suite::EddsaRdfc2022 { legacy_name: false }),
                Some("eddsa-2022") => Ok(Suite::EddsaRdfc2022 { legacy_name: true }),
                Some("eddsa-jcs-2022") => Ok(Suite::EddsaJcs2022),
                Some(other) => Err(SuiteError::Unsupported(format!("cryptosuite {other} is not supported"))),
                None => Err(SuiteError::Malformed("DataIntegrityProof without a cryptosuite".into())),
            },
            "Ed25519Signature2020" => Ok(Suite::Ed25519Signature2020),
            "Ed25519Signature2018" => Ok(Suite::Ed25519Signature2018),
            other => Err(SuiteError::Unsupported(format!("proof type {other} is not supported"))),
        }
    }

    /// The suite's name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Suite::EddsaRdfc2022 { .. } => "eddsa-rdfc-2022",
            Suite::EddsaJcs2022 => "eddsa-jcs-2022",
            Suite::Ed25519Signature2020 => "Ed25519Signature2020",
            Suite::Ed25519Signature2018 => "Ed25519Signature2018",
        }
    }

    /// A warning the user should see when this suite is used.
    pub fn warning(self) -> Option<&'static str> {
        match self {
            Suite::EddsaRdfc2022 { legacy_name: true } => Some("uses the pre-standard cryptosuite name eddsa-2022 (now eddsa-rdfc-2022)"),
            _ => None,
        }
    }

    /// The expanded RDF type IRI the proof must have.
    fn type_iri(self) -> String {
        match self {
            Suite::Ed25519Signature2020 => format!("{SEC}Ed25519Signature2020"),
            Suite::Ed25519Signature2018 => format!("{SEC}Ed25519Signature2018"),
            _ => format!("{SEC}DataIntegrityProof"),
        }
    }

    /// Computes the signed bytes for `proof` over `doc` (the secured document).
    pub fn hash_data(self, doc: &Map<String, Value>, proof: &Map<String, Value>) -> Result<HashData, VerifyFailure> {
        self.hash_data_with(doc, proof, None)
    }

    /// Like [`Suite::hash_data`], reusing the RDF of the whole secured document when the caller
    /// already expanded it (the format check does), instead of expanding the document again.
    pub fn hash_data_with(
        self,
        doc: &Map<String, Value>,
        proof: &Map<String, Value>,
        secured_quads: Option<&[Quad]>,
    ) -> Result<HashData, VerifyFailure> {
        // The RDF shortcut applies when the unsecured document is exactly "doc minus proof":
        // an RDFC suite, no proof chain, no proof-level @context, and a credential id to find
        // the top-level proofs by. Then the document need not even be copied.
        let reuse = match (self, secured_quads, doc.get("id").and_then(Value::as_str)) {
            (Suite::EddsaJcs2022, ..) => None,
            (_, Some(all), Some(id))
                if !proof.contains_key("previousProof")
                    && !proof.contains_key("@context")
                    && proof_links(all, id) == top_level_proof_count(doc) =>
            {
                Some((all, id))
            }
            _ => None,
        };
        let mut unsecured = if reuse.is_some() {
            Map::new()
        } else {
            let mut d = doc.clone();
            d.remove("proof");
            d
        };
        // Proof chains (VC Data Integrity §4.3): a proof with `previousProof` also signs the
        // proofs it names.
        if let Some(prev) = proof.get("previousProof") {
            let ids = crate::parse::credential::strings(Some(prev));
            if ids.is_empty() {
                return Err(VerifyFailure::Malformed("previousProof must be a proof id or a list of them".into()));
            }
            let all: Vec<&Value> = match doc.get("proof") {
                Some(Value::Array(a)) => a.iter().collect(),
                Some(v) => vec![v],
                None => Vec::new(),
            };
            let mut matching = Vec::new();
            for id in &ids {
                match all.iter().find(|p| p.get("id").and_then(Value::as_str) == Some(id)) {
                    Some(p) => matching.push((*p).clone()),
                    None => return Err(VerifyFailure::Malformed(format!("previousProof {id} is not in the document"))),
                }
            }
            let value = if matching.len() == 1 { matching.remove(0) } else { Value::Array(matching) };
            unsecured.insert("proof".into(), value);
        }
        let mut config = proof.clone();
        config.remove("proofValue");
        config.remove("jws");
        match self {
            Suite::Ed25519Signature2020 | Suite::Ed25519Signature2018 => {
                if let Some(ctx) = doc.get("@context") {
                    config.insert("@context".into(), ctx.clone());
                }
            }
            Suite::EddsaRdfc2022 { .. } | Suite::EddsaJcs2022 => match config.get("@context") {
                Some(pctx) => {
                    if !context_starts_with(doc.get("@context"), pctx) {
                        return Err(VerifyFailure::Malformed("the proof's @context is not a prefix of the document's @context".into()));
                    }
                    unsecured.insert("@context".into(), pctx.clone());
                }
                None if self != Suite::EddsaJcs2022 => {
                    if let Some(ctx) = doc.get("@context") {
                        config.insert("@context".into(), ctx.clone());
                    }
                }
                None => {}
            },
        }
        let (cp, cd) = match self {
            Suite::EddsaJcs2022 => {
                let cp = jcs::canonicalize(&Value::Object(config)).map_err(VerifyFailure::Canonicalization)?;
                let cd = jcs::canonicalize(&Value::Object(unsecured)).map_err(VerifyFailure::Canonicalization)?;
                (cp, cd)
            }
            _ => {
                let proof_quads = jsonld::to_rdf(&config).map_err(|e| VerifyFailure::Canonicalization(format!("proof options: {e}")))?;
                self.check_expanded_proof(&proof_quads, proof_purpose(proof)?)?;
                let cp = rdfc::canonicalize(&proof_quads).map_err(|e| VerifyFailure::Canonicalization(e.to_string()))?;
                let doc_quads = match reuse {
                    Some((all, id)) => jsonld::without_top_level_proofs(all, id),
                    None => jsonld::to_rdf(&unsecured).map_err(|e| VerifyFailure::Canonicalization(e.to_string()))?,
                };
                let cd = rdfc::canonicalize(&doc_quads).map_err(|e| VerifyFailure::Canonicalization(e.to_string()))?;
                (cp.into_bytes(), cd.into_bytes())
            }
        };
        let mut hash_data = [0u8; 64];
        hash_data[..32].copy_from_slice(&Sha256::digest(&cp));
        hash_data[32..].copy_from_slice(&Sha256::digest(&cd));
        Ok(HashData { canonical_proof_config: cp, canonical_document: cd, hash_data })
    }

    /// The proof's type and purpose must mean what their names say once expanded: a
    /// context could otherwise map `Ed25519Signature2020` or `assertionMethod` elsewhere.
    fn check_expanded_proof(self, quads: &[Quad], claimed_purpose: &str) -> Result<(), VerifyFailure> {
        let want_type = self.type_iri();
        let has_type = quads
            .iter()
            .any(|q| q.predicate.as_str() == RDF_TYPE && matches!(&q.object, oxrdf::Term::NamedNode(n) if n.as_str() == want_type));
        if !has_type {
            return Err(VerifyFailure::Malformed(format!("the proof type does not expand to {want_type}")));
        }
        // The purpose the proof claims (the caller checks it is the required one: assertionMethod
        // for credentials, authentication for presentations) must expand to that security term;
        // the vocabulary names the authentication relationship `authenticationMethod` (every
        // bundled context maps the `authentication` term there).
        let purpose = format!("{SEC}proofPurpose");
        let term = if claimed_purpose == "authentication" { "authenticationMethod" } else { claimed_purpose };
        let want_purpose = format!("{SEC}{term}");
        let ok_purpose = quads
            .iter()
            .any(|q| q.predicate.as_str() == purpose && matches!(&q.object, oxrdf::Term::NamedNode(n) if n.as_str() == want_purpose));
        if !ok_purpose {
            return Err(VerifyFailure::Malformed(format!("the proof purpose does not expand to {want_purpose}")));
        }
        Ok(())
    }

    /// Verifies `proof` over `doc` with `public_key`: `Ok(true)` if the signature matches.
    pub fn verify(self, doc: &Map<String, Value>, proof: &Map<String, Value>, public_key: &[u8; 32]) -> Result<bool, VerifyFailure> {
        self.verify_with(doc, proof, public_key, None)
    }

    /// Like [`Suite::verify`], reusing already expanded RDF of the secured document.
    pub fn verify_with(
        self,
        doc: &Map<String, Value>,
        proof: &Map<String, Value>,
        public_key: &[u8; 32],
        secured_quads: Option<&[Quad]>,
    ) -> Result<bool, VerifyFailure> {
        let key = VerifyingKey::from_bytes(public_key)
            .map_err(|_| VerifyFailure::Malformed("the public key is not a valid Ed25519 key".into()))?;
        if self == Suite::Ed25519Signature2018 {
            // Detached JWS (RFC 7797, b64=false): sign(ascii(header) "." hashData).
            let (header_b64, sig) = decode_detached_jws(proof)?;
            let hd = self.hash_data_with(doc, proof, secured_quads)?;
            let mut input = Vec::with_capacity(header_b64.len() + 1 + 64);
            input.extend_from_slice(header_b64.as_bytes());
            input.push(b'.');
            input.extend_from_slice(&hd.hash_data);
            return Ok(key.verify_strict(&input, &sig).is_ok());
        }
        let sig = decode_proof_value(proof)?;
        let hd = self.hash_data_with(doc, proof, secured_quads)?;
        Ok(key.verify_strict(&hd.hash_data, &sig).is_ok())
    }
}

/// How many `<id> sec:proof` links the default graph has. More than the document's own
/// top-level proofs means an embedded credential shares the id and was merged into the same
/// node (e.g. a CLR member outside an `@graph` container): then "all quads minus the id's
/// proofs" would also drop that member's proof, so the shortcut must not be taken.
fn proof_links(quads: &[Quad], id: &str) -> usize {
    quads
        .iter()
        .filter(|q| {
            q.predicate.as_str() == "https://w3id.org/security#proof"
                && q.graph_name.is_default_graph()
                && matches!(&q.subject, oxrdf::NamedOrBlankNode::NamedNode(n) if n.as_str() == id)
        })
        .count()
}

fn top_level_proof_count(doc: &Map<String, Value>) -> usize {
    match doc.get("proof") {
        Some(Value::Array(items)) => items.len(),
        Some(_) => 1,
        None => 0,
    }
}

/// The proof purposes a proof may claim (VC Data Integrity): credentials assert, presentations
/// authenticate.
const KNOWN_PURPOSES: [&str; 2] = ["assertionMethod", "authentication"];

/// The proof's `proofPurpose`, when it is one Akashi knows.
fn proof_purpose(proof: &Map<String, Value>) -> Result<&'static str, VerifyFailure> {
    let p = proof.get("proofPurpose").and_then(Value::as_str);
    KNOWN_PURPOSES
        .into_iter()
        .find(|k| Some(*k) == p)
        .ok_or_else(|| VerifyFailure::Malformed("proofPurpose is missing or not assertionMethod / authentication".into()))
}

/// Checks the fields every proof must have, independent of suite.
pub fn check_common_fields(proof: &Map<String, Value>, purpose: &str) -> Result<(), String> {
    match proof.get("proofPurpose").and_then(Value::as_str) {
        Some(p) if p == purpose => {}
        Some(p) => return Err(format!("proofPurpose is {p}, but it must be {purpose} here")),
        None => return Err("proofPurpose is missing".into()),
    }
    if let Some(created) = proof.get("created") {
        let ok = created.as_str().is_some_and(|s| crate::verify::validity::parse_datetime(s).is_some());
        if !ok {
            return Err("`created` is not an XML Schema dateTime".into());
        }
    }
    match (proof.get("proofValue"), proof.get("jws"), proof.get("type").and_then(Value::as_str)) {
        (_, Some(Value::String(_)), Some("Ed25519Signature2018")) => Ok(()),
        (_, _, Some("Ed25519Signature2018")) => Err("jws is missing or not a string".into()),
        (Some(Value::String(_)), ..) => Ok(()),
        _ => Err("proofValue is missing or not a string".into()),
    }
}

/// Splits a detached compact JWS `header..signature`, checks the header is EdDSA with
/// unencoded payload (`b64: false`, critical), and returns the encoded header and signature.
fn decode_detached_jws(proof: &Map<String, Value>) -> Result<(String, Signature), VerifyFailure> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let jws = proof.get("jws").and_then(Value::as_str).unwrap_or_default();
    if jws.len() > 1024 {
        return Err(VerifyFailure::Malformed("jws is far too long for a detached Ed25519 JWS".into()));
    }
    let mut parts = jws.split('.');
    let (Some(h), Some(""), Some(sig), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(VerifyFailure::Malformed("jws is not a detached compact JWS (header..signature)".into()));
    };
    let header: Value = b64
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| VerifyFailure::Malformed("the JWS header is not base64url JSON".into()))?;
    let crit_b64 = header.get("crit").and_then(Value::as_array).is_some_and(|c| c.iter().any(|x| x == "b64"));
    if header.get("alg").and_then(Value::as_str) != Some("EdDSA") || header.get("b64") != Some(&Value::Bool(false)) || !crit_b64 {
        return Err(VerifyFailure::Malformed("the JWS header must be {alg: EdDSA, b64: false, crit: [b64]}".into()));
    }
    let bytes = b64.decode(sig).map_err(|_| VerifyFailure::Malformed("the JWS signature is not base64url".into()))?;
    let arr = <[u8; 64]>::try_from(bytes.as_slice()).map_err(|_| VerifyFailure::Malformed("the JWS signature must be 64 bytes".into()))?;
    Ok((h.to_owned(), Signature::from_bytes(&arr)))
}

fn decode_proof_value(proof: &Map<String, Value>) -> Result<Signature, VerifyFailure> {
    let pv = proof.get("proofValue").and_then(Value::as_str).unwrap_or_default();
    // Base58 decoding is quadratic: refuse absurd lengths before decoding (64 bytes is ~88 chars).
    if pv.len() > 128 {
        return Err(VerifyFailure::Malformed("proofValue is far too long for an Ed25519 signature".into()));
    }
    let b58 = pv.strip_prefix('z').ok_or_else(|| VerifyFailure::Malformed("proofValue must be base58btc multibase ('z' prefix)".into()))?;
    let bytes = bs58::decode(b58).into_vec().map_err(|_| VerifyFailure::Malformed("proofValue is not valid base58btc".into()))?;
    let arr = <[u8; 64]>::try_from(bytes.as_slice())
        .map_err(|_| VerifyFailure::Malformed(format!("proofValue must decode to 64 bytes, not {}", bytes.len())))?;
    Ok(Signature::from_bytes(&arr))
}

/// Whether the document's `@context` begins with the proof's `@context`, in order.
fn context_starts_with(doc_ctx: Option<&Value>, proof_ctx: &Value) -> bool {
    let as_list = |v: &Value| -> Vec<Value> {
        match v {
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        }
    };
    let Some(d) = doc_ctx else { return false };
    let (d, p) = (as_list(d), as_list(proof_ctx));
    p.len() <= d.len() && d.iter().zip(p.iter()).all(|(a, b)| a == b)
}
