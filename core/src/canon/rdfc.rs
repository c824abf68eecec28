//! RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024), with a bound on work.
//!
//! Why our own implementation: `rdf-canon` (which we used first, and keep as a differential
//! test oracle) builds an indexed `oxrdf::Dataset` several times per call; on a typical badge
//! that is ~90% of its time (~0.4 ms for 70 quads), which alone would break Akashi's speed
//! target. This version works on a flat quad list with precomputed N-Quads lines. It passes the
//! whole W3C suite (86/86, `core/tests/it/rdfc_suite.rs`) and agrees with `rdf-canon` on every
//! fixture credential (`core/tests/it/rdfc_differential.rs`).
//!
//! The Hash N-Degree Quads step is exponential on crafted "poison" graphs (the suite's
//! test074). Its calls are capped: real credentials need a handful, so the cap only ever stops
//! hostile input, and it stops it in milliseconds.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use sha2::{Digest, Sha256, Sha384};

use crate::parse::jsonld::Quad;
use oxrdf::{GraphName, NamedOrBlankNode as Subject, Term};

/// Calls of Hash N-Degree Quads allowed per canonicalization.
pub const HNDQ_CALL_LIMIT: usize = 4_000;
/// Permutations examined in all Hash N-Degree Quads calls together: a second bound, for
/// graphs that make many permutations without recursing (each call may examine up to 8!).
pub const PERMUTATION_LIMIT: usize = 200_000;

/// Hash function used inside RDFC-1.0 (SHA-256 unless a test asks otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// SHA-256, the default and the one every cryptosuite here uses.
    Sha256,
    /// SHA-384, which RDFC-1.0 implementations must also support.
    Sha384,
}

/// Why canonicalization stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RdfcError {
    /// The dataset is too complex to canonicalize safely (likely a poison graph).
    #[error("the dataset is too complex to canonicalize (more than {limit} Hash N-Degree Quads calls)")]
    TooComplex {
        /// The limit that was hit.
        limit: usize,
    },
}

/// Canonical N-Quads of `quads` (SHA-256).
pub fn canonicalize(quads: &[Quad]) -> Result<String, RdfcError> {
    canonicalize_with(quads, HashAlgorithm::Sha256)
}

/// Canonical N-Quads of `quads` with the given internal hash.
pub fn canonicalize_with(quads: &[Quad], hash: HashAlgorithm) -> Result<String, RdfcError> {
    let mut state = State::new(quads, hash);
    let canonical = state.run()?;
    let mut lines: Vec<String> = state.parts.iter().map(|p| quad_line(p, &|b| canonical.get(b).map(String::as_str))).collect();
    lines.sort_unstable();
    lines.dedup();
    Ok(lines.concat())
}

/// The issued identifier map (input blank node id → canonical id).
pub fn issued_identifiers(quads: &[Quad], hash: HashAlgorithm) -> Result<HashMap<String, String>, RdfcError> {
    let mut state = State::new(quads, hash);
    state.run()
}

/// An identifier issuer: a prefix, a counter, and the order identifiers were issued in.
#[derive(Clone, Debug)]
struct Issuer {
    prefix: &'static str,
    issued: HashMap<String, String>,
    order: Vec<String>,
}

impl Issuer {
    fn new(prefix: &'static str) -> Self {
        Issuer { prefix, issued: HashMap::new(), order: Vec::new() }
    }

    fn get(&self, id: &str) -> Option<&String> {
        self.issued.get(id)
    }

    fn issue(&mut self, id: &str) -> String {
        if let Some(x) = self.issued.get(id) {
            return x.clone();
        }
        let new = format!("{}{}", self.prefix, self.order.len());
        self.issued.insert(id.to_owned(), new.clone());
        self.order.push(id.to_owned());
        new
    }
}

struct State<'a> {
    quads: &'a [Quad],
    parts: Vec<[Part; 4]>,
    hash: HashAlgorithm,
    /// Blank node id → indices of the quads that mention it.
    bnode_quads: HashMap<String, Vec<usize>>,
    first_degree: HashMap<String, String>,
    canonical: Issuer,
    calls: usize,
    permutations: usize,
}

fn bnodes_of(q: &Quad) -> [Option<&str>; 3] {
    let s = match &q.subject {
        Subject::BlankNode(b) => Some(b.as_str()),
        _ => None,
    };
    let o = match &q.object {
        Term::BlankNode(b) => Some(b.as_str()),
        _ => None,
    };
    let g = match &q.graph_name {
        GraphName::BlankNode(b) => Some(b.as_str()),
        _ => None,
    };
    [s, o, g]
}

/// One component of a quad, serialized once: N-Quads text, a blank node id, or nothing
/// (the default graph).
#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Blank(String),
    None,
}

fn term_part(t: &Term) -> Part {
    match t {
        Term::BlankNode(b) => Part::Blank(b.as_str().to_owned()),
        Term::NamedNode(n) => Part::Text(iri(n.as_str())),
        Term::Literal(l) => {
            let mut out = String::with_capacity(l.value().len() + 48);
            push_quoted(&mut out, l.value());
            if let Some(lang) = l.language() {
                out.push('@');
                out.push_str(lang);
            } else if l.datatype().as_str() != XSD_STRING {
                out.push_str("^^<");
                out.push_str(l.datatype().as_str());
                out.push('>');
            }
            Part::Text(out)
        }
        #[allow(unreachable_patterns)]
        other => Part::Text(other.to_string()),
    }
}

const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

fn iri(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('<');
    out.push_str(s);
    out.push('>');
    out
}

/// Canonical N-Quads string literal (RDF 1.2 canonical form, as oxrdf prints it): only
/// `"`, `\`, and control characters are escaped; runs of other characters are copied.
fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let esc: Option<&str> = match c {
            '\u{8}' => Some("\\b"),
            '\t' => Some("\\t"),
            '\n' => Some("\\n"),
            '\u{C}' => Some("\\f"),
            '\r' => Some("\\r"),
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\0'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}' => Some(""),
            _ => None,
        };
        if let Some(e) = esc {
            out.push_str(&s[start..i]);
            if e.is_empty() {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            } else {
                out.push_str(e);
            }
            start = i + c.len_utf8();
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Serializes every quad's components once, so that hashing and output only concatenate.
fn prepare(quads: &[Quad]) -> Vec<[Part; 4]> {
    quads
        .iter()
        .map(|q| {
            let s = match &q.subject {
                Subject::BlankNode(b) => Part::Blank(b.as_str().to_owned()),
                Subject::NamedNode(n) => Part::Text(iri(n.as_str())),
            };
            let g = match &q.graph_name {
                GraphName::DefaultGraph => Part::None,
                GraphName::BlankNode(b) => Part::Blank(b.as_str().to_owned()),
                GraphName::NamedNode(n) => Part::Text(iri(n.as_str())),
            };
            [s, Part::Text(iri(q.predicate.as_str())), term_part(&q.object), g]
        })
        .collect()
}

/// One canonical N-Quads line (with the trailing " .\n"), blank nodes renamed by `label`
/// (`None` keeps the input label).
fn quad_line<'x>(parts: &[Part; 4], label: &dyn Fn(&str) -> Option<&'x str>) -> String {
    let mut out = String::with_capacity(160);
    for (i, p) in parts.iter().enumerate() {
        match p {
            Part::None => continue,
            _ if i > 0 => out.push(' '),
            _ => {}
        }
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Blank(id) => {
                out.push_str("_:");
                out.push_str(label(id).unwrap_or(id));
            }
            Part::None => {}
        }
    }
    out.push_str(" .\n");
    out
}

impl<'a> State<'a> {
    fn new(quads: &'a [Quad], hash: HashAlgorithm) -> Self {
        let mut bnode_quads: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, q) in quads.iter().enumerate() {
            for b in bnodes_of(q).into_iter().flatten() {
                let v = bnode_quads.entry(b.to_owned()).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
        State {
            quads,
            parts: prepare(quads),
            hash,
            bnode_quads,
            first_degree: HashMap::new(),
            canonical: Issuer::new("c14n"),
            calls: 0,
            permutations: 0,
        }
    }

    fn digest(&self, data: &[u8]) -> String {
        match self.hash {
            HashAlgorithm::Sha256 => hex(&Sha256::digest(data)),
            HashAlgorithm::Sha384 => hex(&Sha384::digest(data)),
        }
    }

    /// 4.6 Hash First Degree Quads.
    fn hash_first_degree(&self, id: &str) -> String {
        let mut lines: Vec<String> = self
            .bnode_quads
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|&i| quad_line(&self.parts[i], &|b| Some(if b == id { "a" } else { "z" })))
            .collect();
        lines.sort_unstable();
        self.digest(lines.concat().as_bytes())
    }

    /// 4.4 The canonicalization algorithm; returns input id → canonical id.
    fn run(&mut self) -> Result<HashMap<String, String>, RdfcError> {
        let ids: Vec<String> = self.bnode_quads.keys().cloned().collect();
        let mut by_hash: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for id in &ids {
            let h = self.hash_first_degree(id);
            self.first_degree.insert(id.clone(), h.clone());
            by_hash.entry(h).or_default().push(id.clone());
        }
        // 5) Unique hashes first, in hash order.
        let mut shared = Vec::new();
        for (h, list) in by_hash {
            if list.len() == 1 {
                self.canonical.issue(&list[0]);
            } else {
                shared.push((h, list));
            }
        }
        // 6) Then the groups that share a first-degree hash.
        for (_h, list) in shared {
            let mut results: Vec<(String, Issuer)> = Vec::new();
            for id in list {
                if self.canonical.get(&id).is_some() {
                    continue;
                }
                let mut temp = Issuer::new("b");
                temp.issue(&id);
                results.push(self.hash_n_degree(&id, temp)?);
            }
            results.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, issuer) in results {
                for existing in &issuer.order {
                    self.canonical.issue(existing);
                }
            }
        }
        Ok(std::mem::take(&mut self.canonical.issued))
    }

    /// 4.7 Hash Related Blank Node.
    fn hash_related(&self, related: &str, q: &Quad, issuer: &Issuer, position: char) -> String {
        let mut input = String::new();
        input.push(position);
        if position != 'g' {
            let _ = write!(input, "{}", q.predicate);
        }
        if let Some(c) = self.canonical.get(related).or_else(|| issuer.get(related)) {
            input.push_str("_:");
            input.push_str(c);
        } else {
            input.push_str(self.first_degree.get(related).map(String::as_str).unwrap_or_default());
        }
        self.digest(input.as_bytes())
    }

    /// 4.8 Hash N-Degree Quads.
    fn hash_n_degree(&mut self, id: &str, mut issuer: Issuer) -> Result<(String, Issuer), RdfcError> {
        self.calls += 1;
        if self.calls > HNDQ_CALL_LIMIT {
            return Err(RdfcError::TooComplex { limit: HNDQ_CALL_LIMIT });
        }
        // 1-3) Related blank nodes grouped by their related hash.
        let mut related: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let quad_idx = self.bnode_quads.get(id).cloned().unwrap_or_default();
        for i in quad_idx {
            let q = &self.quads[i];
            let [s, o, g] = bnodes_of(q);
            for (comp, pos) in [(s, 's'), (o, 'o'), (g, 'g')] {
                if let Some(b) = comp {
                    if b != id {
                        let h = self.hash_related(b, q, &issuer, pos);
                        // Not de-duplicated: the spec (and jsonld.js) add one entry per quad.
                        related.entry(h).or_default().push(b.to_owned());
                    }
                }
            }
        }
        // 4-5) For each related hash, the lexicographically least path over permutations.
        let mut data = String::new();
        for (h, list) in related {
            data.push_str(&h);
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            if list.len() > MAX_PERMUTED_NODES {
                return Err(RdfcError::TooComplex { limit: HNDQ_CALL_LIMIT });
            }
            for perm in permutations(&list) {
                self.permutations += 1;
                if self.permutations > PERMUTATION_LIMIT {
                    return Err(RdfcError::TooComplex { limit: HNDQ_CALL_LIMIT });
                }
                let mut issuer_copy = issuer.clone();
                let mut path = String::new();
                let mut recursion = Vec::new();
                let mut skip = false;
                for r in &perm {
                    if let Some(c) = self.canonical.get(r) {
                        path.push_str("_:");
                        path.push_str(c);
                    } else {
                        if issuer_copy.get(r).is_none() {
                            recursion.push(r.clone());
                        }
                        path.push_str("_:");
                        path.push_str(&issuer_copy.issue(r));
                    }
                    if !chosen_path.is_empty() && path.len() >= chosen_path.len() && path > chosen_path {
                        skip = true;
                        break;
                    }
                }
                if skip {
                    continue;
                }
                for r in recursion {
                    let (rh, ri) = self.hash_n_degree(&r, issuer_copy.clone())?;
                    path.push_str("_:");
                    path.push_str(&issuer_copy.issue(&r));
                    path.push('<');
                    path.push_str(&rh);
                    path.push('>');
                    issuer_copy = ri;
                    if !chosen_path.is_empty() && path.len() >= chosen_path.len() && path > chosen_path {
                        skip = true;
                        break;
                    }
                }
                if skip {
                    continue;
                }
                if chosen_path.is_empty() || path < chosen_path {
                    chosen_path = path;
                    chosen_issuer = Some(issuer_copy);
                }
            }
            data.push_str(&chosen_path);
            if let Some(ci) = chosen_issuer {
                issuer = ci;
            }
        }
        Ok((self.digest(data.as_bytes()), issuer))
    }
}

/// Most blank nodes that may share one related hash (8! = 40,320 permutations). More means a
/// clique no credential contains: refused as too complex rather than enumerated.
const MAX_PERMUTED_NODES: usize = 8;

/// All permutations of `items` (Heap's algorithm, iterative); `items.len()` is at most
/// [`MAX_PERMUTED_NODES`].
fn permutations(items: &[String]) -> Vec<Vec<String>> {
    let mut a = items.to_vec();
    let n = a.len();
    let mut out = vec![a.clone()];
    let mut c = vec![0usize; n];
    let mut i = 0;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                a.swap(0, i);
            } else {
                a.swap(c[i], i);
            }
            out.push(a.clone());
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    s
}
