//! Legacy CBOR-LD (tags `0x0500` uncompressed / `0x0501` compressed), as DCC's
//! `@digitalcredentials/cborld` 4.3.4 writes and reads it: the codec behind `VP1-B` QR texts
//! made by the Learner Credential Wallet (`@digitalcredentials/vpqr` 2.2.1).
//!
//! The crate `cbor-ld` implements only CBOR-LD 1.0 (tag `0xcb1d`), so this is a port of the JS
//! library's algorithm, kept deliberately close to it (including its quirks) because term ids
//! are not written down anywhere: both sides recompute them from the contexts in the same
//! order. In short:
//! - every term of every context gets an id the first time the context is processed (keys in
//!   sorted order, ids 100, 102, ...; an odd id means "the value is an array"); keywords have
//!   fixed ids (`@context` 0, `@type` 2, `@id` 4, ...);
//! - an object becomes a map from term ids to values; a term's `@type` in the active context
//!   picks a value codec (`@id`/`@vocab` URLs, `did:key`, `urn:uuid`, multibase, `xsd:date`,
//!   `xsd:dateTime`); context URLs in the registry table become small integers;
//! - contexts follow JSON-LD scoping (embedded, type-scoped, property-scoped) as the JS
//!   `Transformer` models it. One JS quirk matters for ids and is reproduced: a nested object's
//!   embedded contexts stay on its parent's stack for later siblings.
//!
//! Contexts come only from the bundled table ([`crate::parse::jsonld::bundled`]); an unknown
//! context URL is an error, never a fetch. Where the JS encoder would write something its own
//! decoder cannot restore (a non-canonical base58 or date), we keep the plain string instead;
//! where it throws (an invalid lower-case UUID), we do the same.

use std::collections::HashMap;
use std::rc::Rc;

use base64::Engine as _;
use serde_json::{Map, Number, Value};

use super::cbor::{self, Cbor, CborError};
use crate::parse::jsonld::bundled;

/// Legacy CBOR-LD tag prefix: `0xd9 0x05 <compression mode>`.
pub(crate) const TAG_PREFIX: [u8; 2] = [0xd9, 0x05];

/// Why a document could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CborldError {
    /// The bytes are not CBOR we accept.
    #[error("malformed CBOR: {0}")]
    Cbor(String),
    /// Not a legacy CBOR-LD tag (`0xd9 0x05 0x00|0x01`).
    #[error("not legacy CBOR-LD (tag 0x0500/0x0501)")]
    NotCborld,
    /// A context URL Akashi does not bundle (contexts are never fetched).
    #[error("context not bundled: {0}")]
    UnknownContext(String),
    /// A compressed context id outside the registry table.
    #[error("unknown compressed context id {0}")]
    UnknownContextId(i128),
    /// A context value that is not a URL or an object.
    #[error("invalid context")]
    InvalidContext,
    /// A JSON key no active context defines (CBOR-LD can only compress defined terms).
    #[error("term not defined by the active contexts: {0}")]
    UnknownTerm(String),
    /// A term id no processed context assigned.
    #[error("unknown term id {0}")]
    UnknownTermId(String),
    /// A value shape the codec cannot carry without loss.
    #[error("unsupported value: {0}")]
    Unsupported(&'static str),
    /// Nesting deeper than the CBOR reader allows.
    #[error("document nested too deeply")]
    TooDeep,
}

impl From<CborError> for CborldError {
    fn from(e: CborError) -> Self {
        match e {
            CborError::TooDeep => CborldError::TooDeep,
            e => CborldError::Cbor(e.to_string()),
        }
    }
}

type Result<T> = std::result::Result<T, CborldError>;

const KEYWORDS: &[(&str, u64)] = &[
    ("@context", 0),
    ("@type", 2),
    ("@id", 4),
    ("@value", 6),
    ("@direction", 8),
    ("@graph", 10),
    ("@included", 12),
    ("@index", 14),
    ("@json", 16),
    ("@language", 18),
    ("@list", 20),
    ("@nest", 22),
    ("@reverse", 24),
    ("@base", 26),
    ("@container", 28),
    ("@default", 30),
    ("@embed", 32),
    ("@explicit", 34),
    ("@none", 36),
    ("@omitDefault", 38),
    ("@prefix", 40),
    ("@preserve", 42),
    ("@protected", 44),
    ("@requireAll", 46),
    ("@set", 48),
    ("@version", 50),
    ("@vocab", 52),
];
const FIRST_CUSTOM_TERM_ID: u64 = 100;

/// The legacy registry (`registeredContexts.js` of cborld 4.3.4). The VC 2.0 context is not in
/// it, so 4.3.4 writes that URL as a string.
const REGISTERED_CONTEXTS: &[(u64, &str)] = &[
    (0x10, "https://www.w3.org/ns/activitystreams"),
    (0x11, "https://www.w3.org/2018/credentials/v1"),
    (0x12, "https://www.w3.org/ns/did/v1"),
    (0x13, "https://w3id.org/security/suites/ed25519-2018/v1"),
    (0x14, "https://w3id.org/security/suites/ed25519-2020/v1"),
    (0x15, "https://w3id.org/cit/v1"),
    (0x16, "https://w3id.org/age/v1"),
    (0x17, "https://w3id.org/security/suites/x25519-2020/v1"),
    (0x18, "https://w3id.org/veres-one/v1"),
    (0x19, "https://w3id.org/webkms/v1"),
    (0x1A, "https://w3id.org/zcap/v1"),
    (0x1B, "https://w3id.org/security/suites/hmac-2019/v1"),
    (0x1C, "https://w3id.org/security/suites/aes-2019/v1"),
    (0x1D, "https://w3id.org/vaccination/v1"),
    (0x1E, "https://w3id.org/vc-revocation-list-2020/v1"),
    (0x1F, "https://w3id.org/dcc/v1"),
    (0x20, "https://w3id.org/vc/status-list/v1"),
    (0x30, "https://w3id.org/security/data-integrity/v1"),
    (0x31, "https://w3id.org/security/multikey/v1"),
    (0x32, "https://purl.imsglobal.org/spec/ob/v3p0/context.json"),
];

const XSD_DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
const XSD_DATETIME: &str = "http://www.w3.org/2001/XMLSchema#dateTime";
const MULTIBASE: &str = "https://w3id.org/security#multibase";

fn keyword_id(k: &str) -> Option<u64> {
    KEYWORDS.iter().find(|(w, _)| *w == k).map(|(_, id)| *id)
}

/// Encodes a JSON-LD document (a JSON object) as compressed legacy CBOR-LD (`0xd9 0x05 0x01`).
pub fn encode(doc: &Value) -> Result<Vec<u8>> {
    let obj = doc.as_object().ok_or(CborldError::Unsupported("the document is not a JSON object"))?;
    let mut t = Transformer::new();
    let map = t.compress(obj, &mut Vec::new(), 0)?;
    let mut out = vec![TAG_PREFIX[0], TAG_PREFIX[1], 0x01];
    cbor::write(&map, &mut out);
    Ok(out)
}

/// Decodes legacy CBOR-LD bytes (compressed or not) into the JSON-LD document.
pub fn decode(bytes: &[u8]) -> Result<Value> {
    let rest = bytes.strip_prefix(&TAG_PREFIX[..]).ok_or(CborldError::NotCborld)?;
    let (&mode, body) = rest.split_first().ok_or(CborldError::NotCborld)?;
    let item = cbor::read(body)?;
    match (mode, item) {
        (0, item) => plain_to_json(&item),
        (1, Cbor::Map(entries)) => Ok(Value::Object(Transformer::new().decompress(&entries, &mut Vec::new(), 0)?)),
        (1, _) => Err(CborldError::Unsupported("the compressed document is not a map")),
        _ => Err(CborldError::NotCborld),
    }
}

/// One processed context: its `@id`/`@type` aliases, property-scoped contexts and terms.
#[derive(Debug, Clone, Default)]
struct Entry {
    /// The context object itself (for `@import`).
    context: Map<String, Value>,
    id_aliases: Vec<String>,
    type_aliases: Vec<String>,
    scoped: HashMap<String, Value>,
    terms: HashMap<String, Value>,
}

/// The active context at one point of the walk (an entry merged with the one below it).
type Active = Rc<Entry>;
type Stack = Vec<Active>;

struct Transformer {
    term_to_id: HashMap<String, u64>,
    id_to_term: HashMap<u64, String>,
    next_id: u64,
    /// Processed contexts by URL, or by `json:<serialized object>` for inline contexts.
    cache: HashMap<String, Rc<Entry>>,
}

/// JavaScript truthiness of a JSON value (the JS code tests `if (!def)` and `if (context)`).
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => false,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

fn cbor_truthy(v: &Cbor) -> bool {
    !matches!(v, Cbor::Null | Cbor::Bool(false) | Cbor::Int(0))
        && !matches!(v, Cbor::Text(s) if s.is_empty())
        && !matches!(v, Cbor::Float(f) if *f == 0.0 || f.is_nan())
}

impl Transformer {
    fn new() -> Self {
        let term_to_id: HashMap<String, u64> = KEYWORDS.iter().map(|(k, id)| ((*k).to_string(), *id)).collect();
        let id_to_term = term_to_id.iter().map(|(k, id)| (*id, k.clone())).collect();
        Transformer { term_to_id, id_to_term, next_id: FIRST_CUSTOM_TERM_ID, cache: HashMap::new() }
    }

    fn load(url: &str) -> Result<Map<String, Value>> {
        let text = bundled::lookup(url).ok_or_else(|| CborldError::UnknownContext(url.to_string()))?;
        let doc: Value = serde_json::from_str(text).map_err(|_| CborldError::UnknownContext(url.to_string()))?;
        match doc.get("@context") {
            Some(Value::Object(c)) => Ok(c.clone()),
            _ => Err(CborldError::InvalidContext),
        }
    }

    /// `Transformer._addContext`: assigns ids to new terms and records aliases and scopes.
    fn add_context(&mut self, context: &Map<String, Value>, key: String, imports: usize) -> Result<Rc<Entry>> {
        let mut merged = context.clone();
        if let Some(Value::String(import)) = context.get("@import").filter(|v| truthy(v)) {
            if imports > 4 {
                return Err(CborldError::InvalidContext);
            }
            let imported = match self.cache.get(import.as_str()) {
                Some(e) => e.clone(),
                None => {
                    let c = Self::load(import)?;
                    self.add_context(&c, import.clone(), imports + 1)?
                }
            };
            merged = imported.context.clone();
            for (k, v) in context {
                merged.insert(k.clone(), v.clone());
            }
        }
        let mut entry = Entry { context: merged.clone(), ..Entry::default() };
        let mut keys: Vec<&String> = merged.keys().collect();
        keys.sort();
        for key in keys {
            let def = &merged[key];
            if !truthy(def) {
                continue;
            }
            // JS: `def === '@id' || def.id === '@id'` (sic: `id`, not `@id`).
            let target = def.as_str().or_else(|| def.get("id").and_then(Value::as_str));
            if target == Some("@id") {
                entry.id_aliases.push(key.clone());
            } else if target == Some("@type") {
                entry.type_aliases.push(key.clone());
            }
            if keyword_id(key).is_some() {
                continue;
            }
            if !self.term_to_id.contains_key(key) {
                let id = self.next_id;
                self.next_id += 2;
                self.term_to_id.insert(key.clone(), id);
                self.id_to_term.insert(id, key.clone());
            }
            entry.terms.insert(key.clone(), def.clone());
            if let Some(scoped) = def.get("@context").filter(|c| def.is_object() && truthy(c)) {
                entry.scoped.insert(key.clone(), scoped.clone());
            }
        }
        let entry = Rc::new(entry);
        self.cache.insert(key, entry.clone());
        Ok(entry)
    }

    /// `Transformer._updateContextStack`: pushes each context, merged with the one below.
    fn update_stack(&mut self, stack: &mut Stack, contexts: &Value) -> Result<()> {
        if !truthy(contexts) {
            return Ok(());
        }
        let list = match contexts {
            Value::Array(a) => a.as_slice(),
            one => std::slice::from_ref(one),
        };
        for context in list {
            let entry = match context {
                Value::String(url) => match self.cache.get(url.as_str()) {
                    Some(e) => e.clone(),
                    None => {
                        let c = Self::load(url)?;
                        self.add_context(&c, url.clone(), 0)?
                    }
                },
                Value::Object(o) => {
                    let key = format!("json:{context}");
                    match self.cache.get(&key) {
                        Some(e) => e.clone(),
                        None => self.add_context(o, key, 0)?,
                    }
                }
                _ => return Err(CborldError::InvalidContext),
            };
            let mut new = (*entry).clone();
            if let Some(old) = stack.last() {
                // A term set to null in this context removes the old definition.
                let nulled = |k: &str| matches!(context.get(k), Some(Value::Null));
                for alias in &old.id_aliases {
                    if !(nulled(alias) || entry.terms.contains_key(alias) || new.id_aliases.contains(alias)) {
                        new.id_aliases.push(alias.clone());
                    }
                }
                for alias in &old.type_aliases {
                    if !(nulled(alias) || entry.terms.contains_key(alias) || new.type_aliases.contains(alias)) {
                        new.type_aliases.push(alias.clone());
                    }
                }
                for (k, v) in &old.scoped {
                    if !(nulled(k) || new.scoped.contains_key(k)) {
                        new.scoped.insert(k.clone(), v.clone());
                    }
                }
                for (k, v) in &old.terms {
                    if !(nulled(k) || new.terms.contains_key(k)) {
                        new.terms.insert(k.clone(), v.clone());
                    }
                }
            }
            stack.push(Rc::new(new));
        }
        Ok(())
    }

    /// `Transformer._applyTypeScopedContexts` for the object's types (sorted, unique).
    fn apply_type_scoped(&mut self, stack: &mut Stack, mut types: Vec<String>) -> Result<()> {
        types.sort();
        types.dedup();
        let mut active = stack.last().cloned().unwrap_or_default();
        for ty in types {
            if let Some(contexts) = active.scoped.get(&ty).cloned() {
                self.update_stack(stack, &contexts)?;
                active = stack.last().cloned().unwrap_or_default();
            }
        }
        Ok(())
    }

    /// A property's scoped context, the same on both sides: when `term` has one it is pushed
    /// onto `stack`. Returns the term's type in the context that applies, the stack for the
    /// property's values (when scoped), and the height to truncate `stack` back to afterwards.
    fn enter_property(
        &mut self,
        stack: &mut Stack,
        active: &Active,
        term: &str,
        def: Option<&Value>,
    ) -> Result<(Option<String>, Option<Stack>, Option<usize>)> {
        let Some(ctx) = active.scoped.get(term).cloned() else {
            return Ok((Self::term_type(active, def)?, None, None));
        };
        let top = stack.len();
        self.update_stack(stack, &ctx)?;
        let applied = stack.last().cloned().unwrap_or_default();
        Ok((Self::term_type(&applied, def)?, Some(stack.clone()), Some(top)))
    }

    /// `Transformer._getTermType`: the term's `@type`, with a CURIE prefix expanded.
    fn term_type(active: &Entry, def: Option<&Value>) -> Result<Option<String>> {
        let Some(def) = def else {
            // JS destructures `undefined` here and throws (a keyword such as `@value` as a key).
            return Err(CborldError::Unsupported("a keyword other than @id/@type as a property"));
        };
        let ty = match def.get("@type").filter(|t| def.is_object() && truthy(t)) {
            None => return Ok(None),
            Some(Value::String(t)) => t,
            Some(_) => return Err(CborldError::InvalidContext),
        };
        let mut parts = ty.split(':');
        let prefix = parts.next().unwrap_or_default();
        let suffix: Vec<&str> = parts.collect();
        Ok(Some(match active.terms.get(prefix) {
            None => ty.clone(),
            Some(Value::String(p)) => format!("{p}{}", suffix.join(":")),
            Some(Value::Object(o)) => match o.get("@id") {
                Some(Value::String(p)) => format!("{p}{}", suffix.join(":")),
                _ => return Err(CborldError::InvalidContext),
            },
            Some(_) => return Err(CborldError::InvalidContext),
        }))
    }

    // ---------------------------------------------------------------------------- compress

    fn compress(&mut self, obj: &Map<String, Value>, stack: &mut Stack, depth: usize) -> Result<Cbor> {
        if depth > cbor::MAX_DEPTH {
            return Err(CborldError::TooDeep);
        }
        let mut out: Vec<(Cbor, Cbor)> = Vec::new();
        if let Some(ctx) = obj.get("@context") {
            self.update_stack(stack, ctx)?;
            if truthy(ctx) {
                let (id, v) = match ctx {
                    Value::Array(list) => (1, Cbor::Array(list.iter().map(encode_context).collect::<Result<_>>()?)),
                    one => (0, encode_context(one)?),
                };
                out.push((Cbor::Int(id), v));
            }
        }
        // Properties see the contexts so far, not the type-scoped ones (unless re-scoped).
        let mut child_stack = stack.clone();
        let type_top = stack.len();
        let aliases = stack.last().map(|a| a.type_aliases.clone()).unwrap_or_default();
        let mut types = Vec::new();
        for term in std::iter::once("@type").chain(aliases.iter().map(String::as_str)) {
            match obj.get(term) {
                Some(Value::String(s)) => types.push(s.clone()),
                Some(Value::Array(a)) => types.extend(a.iter().filter_map(Value::as_str).map(str::to_string)),
                _ => {}
            }
        }
        self.apply_type_scoped(stack, types)?;
        let active = stack.last().cloned().unwrap_or_default();

        let mut keys: Vec<&String> = obj.keys().filter(|k| *k != "@context").collect();
        keys.sort();
        for key in keys {
            let value = &obj[key];
            let def = active.terms.get(key.as_str());
            if def.is_none() && keyword_id(key).is_none() {
                return Err(CborldError::UnknownTerm(key.clone()));
            }
            let plural = value.is_array();
            let base = *self.term_to_id.get(key.as_str()).ok_or_else(|| CborldError::UnknownTerm(key.clone()))?;
            let term_id = Cbor::Int(i128::from(base + u64::from(plural)));
            if key == "@id" || active.id_aliases.contains(key) {
                let v = match value.as_str().and_then(encode_uri) {
                    Some(c) => c,
                    None => json_to_plain(value)?,
                };
                out.push((term_id, v));
                continue;
            }
            if key == "@type" || active.type_aliases.contains(key) {
                let encode_one = |v: &Value| -> Result<Cbor> {
                    match v.as_str().and_then(|s| self.encode_vocab(s)) {
                        Some(c) => Ok(c),
                        None => json_to_plain(v),
                    }
                };
                let v = match value {
                    Value::Array(a) => Cbor::Array(a.iter().map(encode_one).collect::<Result<_>>()?),
                    one => encode_one(one)?,
                };
                out.push((term_id, v));
                continue;
            }
            let (term_type, mut property_stack, restore) = self.enter_property(stack, &active, key, def)?;
            let values = match value {
                Value::Array(a) => a.as_slice(),
                one => std::slice::from_ref(one),
            };
            let mut entries = Vec::with_capacity(values.len());
            for v in values {
                let target = property_stack.as_mut().unwrap_or(&mut child_stack);
                entries.push(self.compress_value(v, term_type.as_deref(), target, depth)?);
            }
            if let Some(top) = restore {
                stack.truncate(top);
            }
            out.push((term_id, if plural { Cbor::Array(entries) } else { entries.pop().unwrap_or(Cbor::Null) }));
        }
        stack.truncate(type_top);
        Ok(Cbor::Map(out))
    }

    fn compress_value(&mut self, v: &Value, term_type: Option<&str>, stack: &mut Stack, depth: usize) -> Result<Cbor> {
        if v.is_null() {
            return Ok(Cbor::Null);
        }
        if let Some(ty) = term_type {
            if let Some(c) = self.encode_typed(ty, v)? {
                return Ok(c);
            }
        }
        match v {
            Value::Array(items) => {
                let mut children = Vec::with_capacity(items.len());
                for item in items {
                    let o = item.as_object().ok_or(CborldError::Unsupported("an array of non-objects inside an array"))?;
                    children.push(self.compress(o, stack, depth + 1)?);
                }
                Ok(Cbor::Array(children))
            }
            Value::Object(o) => self.compress(o, stack, depth + 1),
            scalar => json_to_plain(scalar),
        }
    }

    fn encode_vocab(&self, s: &str) -> Option<Cbor> {
        match self.term_to_id.get(s) {
            Some(id) => Some(Cbor::Int(i128::from(*id))),
            None => encode_uri(s),
        }
    }

    /// The value codecs of `Compressor.TYPE_ENCODERS`; `None` = leave the value as it is.
    fn encode_typed(&self, ty: &str, v: &Value) -> Result<Option<Cbor>> {
        let s = v.as_str();
        Ok(match ty {
            "@id" => s.and_then(encode_uri),
            "@vocab" => match v {
                Value::String(s) => self.encode_vocab(s),
                // The decoder would read a number here as a term id.
                Value::Number(_) | Value::Bool(_) => return Err(CborldError::Unsupported("a non-string @vocab value")),
                _ => None,
            },
            MULTIBASE => s.and_then(encode_multibase),
            XSD_DATE | XSD_DATETIME if !v.is_string() && !v.is_object() && !v.is_array() => {
                // The decoder would turn a number here into a date.
                return Err(CborldError::Unsupported("a non-string date value"));
            }
            XSD_DATE => s.filter(|s| !s.contains('T')).and_then(encode_date),
            XSD_DATETIME => s.filter(|s| s.contains('T')).and_then(encode_datetime),
            _ => None,
        })
    }

    // -------------------------------------------------------------------------- decompress

    fn decompress(&mut self, map: &[(Cbor, Cbor)], stack: &mut Stack, depth: usize) -> Result<Map<String, Value>> {
        if depth > cbor::MAX_DEPTH {
            return Err(CborldError::TooDeep);
        }
        let get = |id: i128| map.iter().find(|(k, _)| *k == Cbor::Int(id)).map(|(_, v)| v);
        let mut obj = Map::new();
        let one = get(0).filter(|v| cbor_truthy(v));
        let many = get(1).filter(|v| cbor_truthy(v));
        if let Some(c) = one {
            obj.insert("@context".into(), decode_context(c)?);
        }
        if let Some(c) = many {
            if one.is_some() {
                return Err(CborldError::InvalidContext);
            }
            let Cbor::Array(list) = c else { return Err(CborldError::InvalidContext) };
            obj.insert("@context".into(), Value::Array(list.iter().map(decode_context).collect::<Result<_>>()?));
        }
        if let Some(ctx) = obj.get("@context").cloned() {
            self.update_stack(stack, &ctx)?;
        }
        let mut child_stack = stack.clone();

        // Types first (with the contexts so far), to pick type-scoped contexts.
        let aliases = stack.last().map(|a| a.type_aliases.clone()).unwrap_or_default();
        let mut types = Vec::new();
        for term in std::iter::once("@type").chain(aliases.iter().map(String::as_str)) {
            let Some(&id) = self.term_to_id.get(term) else { continue };
            let Some(v) = get(i128::from(id)).or_else(|| get(i128::from(id) + 1)) else { continue };
            // JS maps over any array here (even a compressed URL) and then keeps the strings.
            let items = match v {
                Cbor::Array(a) => a.as_slice(),
                one => std::slice::from_ref(one),
            };
            for item in items {
                match self.decode_vocab(item)? {
                    Some(s) => types.push(s),
                    None => {
                        if let Cbor::Text(s) = item {
                            types.push(s.clone());
                        }
                    }
                }
            }
        }
        let type_top = stack.len();
        self.apply_type_scoped(stack, types)?;
        let active = stack.last().cloned().unwrap_or_default();

        let mut entries = Vec::with_capacity(map.len());
        for (k, v) in map {
            let Cbor::Int(id) = k else { return Err(CborldError::UnknownTermId(format!("{k:?}"))) };
            if *id == 0 || *id == 1 {
                continue;
            }
            let id = u64::try_from(*id).map_err(|_| CborldError::UnknownTermId(id.to_string()))?;
            let plural = id & 1 == 1;
            let term = self.id_to_term.get(&(id & !1)).cloned().ok_or_else(|| CborldError::UnknownTermId(id.to_string()))?;
            if !active.terms.contains_key(&term) && keyword_id(&term).is_none() {
                return Err(CborldError::UnknownTerm(term));
            }
            entries.push((term, plural, v));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));

        for (term, plural, value) in entries {
            if term == "@id" || active.id_aliases.contains(&term) {
                let v = match decode_uri(value)? {
                    Some(s) => Value::String(s),
                    None => plain_to_json(value)?,
                };
                obj.insert(term, v);
                continue;
            }
            if term == "@type" || active.type_aliases.contains(&term) {
                let decode_one = |v: &Cbor| -> Result<Value> {
                    Ok(match self.decode_vocab(v)? {
                        Some(s) => Value::String(s),
                        None => plain_to_json(v)?,
                    })
                };
                let v = match (plural, value) {
                    (true, Cbor::Array(a)) => Value::Array(a.iter().map(decode_one).collect::<Result<_>>()?),
                    (true, _) => return Err(CborldError::Unsupported("a plural term whose value is not an array")),
                    (false, one) => decode_one(one)?,
                };
                obj.insert(term, v);
                continue;
            }
            let def = active.terms.get(&term);
            let (term_type, mut property_stack, restore) = self.enter_property(stack, &active, &term, def)?;
            let values = match (plural, value) {
                (true, Cbor::Array(a)) => a.as_slice(),
                (true, _) => return Err(CborldError::Unsupported("a plural term whose value is not an array")),
                (false, one) => std::slice::from_ref(one),
            };
            let mut out = Vec::with_capacity(values.len());
            for v in values {
                let target = property_stack.as_mut().unwrap_or(&mut child_stack);
                out.push(self.decompress_value(v, term_type.as_deref(), target, depth)?);
            }
            if let Some(top) = restore {
                stack.truncate(top);
            }
            obj.insert(term, if plural { Value::Array(out) } else { out.pop().unwrap_or(Value::Null) });
        }
        stack.truncate(type_top);
        Ok(obj)
    }

    fn decompress_value(&mut self, v: &Cbor, term_type: Option<&str>, stack: &mut Stack, depth: usize) -> Result<Value> {
        if *v == Cbor::Null {
            return Ok(Value::Null);
        }
        if let Some(ty) = term_type {
            if let Some(s) = self.decode_typed(ty, v)? {
                return Ok(Value::String(s));
            }
        }
        match v {
            Cbor::Array(items) => {
                let mut children = Vec::with_capacity(items.len());
                for item in items {
                    let Cbor::Map(m) = item else { return Err(CborldError::Unsupported("an array of non-maps inside an array")) };
                    children.push(Value::Object(self.decompress(m, stack, depth + 1)?));
                }
                Ok(Value::Array(children))
            }
            Cbor::Map(m) => Ok(Value::Object(self.decompress(m, stack, depth + 1)?)),
            Cbor::Bytes(_) => Err(CborldError::Unsupported("a byte string outside a multibase or DID value")),
            scalar => plain_to_json(scalar),
        }
    }

    fn decode_vocab(&self, v: &Cbor) -> Result<Option<String>> {
        match v {
            Cbor::Array(_) => decode_uri(v),
            Cbor::Int(i) => Ok(u64::try_from(*i).ok().and_then(|id| self.id_to_term.get(&id)).cloned()),
            _ => Ok(None),
        }
    }

    /// The value codecs of `Decompressor.TYPE_DECODERS`; `None` = the value is not encoded.
    fn decode_typed(&self, ty: &str, v: &Cbor) -> Result<Option<String>> {
        match ty {
            "@id" => decode_uri(v),
            "@vocab" => self.decode_vocab(v),
            MULTIBASE => match v {
                Cbor::Bytes(b) => match b.split_first() {
                    Some((0x7a, rest)) => Ok(Some(format!("z{}", bs58::encode(rest).into_string()))),
                    Some((0x4d, rest)) => Ok(Some(format!("M{}", base64::engine::general_purpose::STANDARD.encode(rest)))),
                    _ => Err(CborldError::Unsupported("a multibase byte string with an unknown prefix")),
                },
                _ => Ok(None),
            },
            XSD_DATE => match number(v) {
                Some(secs) => {
                    let iso = iso_millis((secs * 1000.0).floor())?;
                    Ok(Some(iso[..10].to_string()))
                }
                None => Ok(None),
            },
            XSD_DATETIME => match v {
                Cbor::Int(_) | Cbor::Float(_) => {
                    let secs = number(v).unwrap_or_default();
                    Ok(Some(iso_millis(secs * 1000.0)?.replace(".000Z", "Z")))
                }
                Cbor::Array(a) if a.len() == 2 && (number(&a[0]).is_some() || number(&a[1]).is_some()) => {
                    let (Some(s), Some(ms)) = (number(&a[0]), number(&a[1])) else {
                        return Err(CborldError::Unsupported("a dateTime pair that is not two numbers"));
                    };
                    Ok(Some(iso_millis(s * 1000.0 + ms)?))
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }
}

fn number(v: &Cbor) -> Option<f64> {
    match v {
        Cbor::Int(i) => Some(*i as f64),
        Cbor::Float(f) => Some(*f),
        _ => None,
    }
}

/// JS `new Date(ms).toISOString()` for years 0..=9999 (others are refused).
fn iso_millis(ms: f64) -> Result<String> {
    if !ms.is_finite() || ms.abs() > 253_402_300_799_999.0 {
        return Err(CborldError::Unsupported("a date outside years 0-9999"));
    }
    let dt = chrono::DateTime::from_timestamp_millis(ms.trunc() as i64).ok_or(CborldError::Unsupported("a date outside years 0-9999"))?;
    use chrono::Datelike as _;
    if dt.year() < 0 {
        return Err(CborldError::Unsupported("a date outside years 0-9999"));
    }
    Ok(dt.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

/// `xsd:date` → seconds since the epoch, only when the JS decoder gives the same text back.
fn encode_date(s: &str) -> Option<Cbor> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    let secs = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
    // JS Date.parse accepts exactly these as UTC; keep pre-1970 dates (negative) as text.
    (secs >= 0 && s.len() == 10 && iso_millis(secs as f64 * 1000.0).ok()?.get(..10) == Some(s)).then_some(Cbor::Int(i128::from(secs)))
}

/// `xsd:dateTime` → seconds, or `[seconds, milliseconds]`, when lossless (as JS checks).
fn encode_datetime(s: &str) -> Option<Cbor> {
    let dt = chrono::DateTime::parse_from_rfc3339(s).ok()?;
    let secs = dt.timestamp();
    if secs < 0 {
        return None;
    }
    match s.find('.') {
        None => (iso_millis(secs as f64 * 1000.0).ok()?.replace(".000Z", "Z") == s).then_some(Cbor::Int(i128::from(secs))),
        Some(dot) => {
            let digits: String = s[dot + 1..].chars().take_while(char::is_ascii_digit).collect();
            let ms: i64 = digits.parse().ok()?;
            (iso_millis((secs * 1000 + ms) as f64).ok()? == s)
                .then_some(Cbor::Array(vec![Cbor::Int(i128::from(secs)), Cbor::Int(i128::from(ms))]))
        }
    }
}

fn encode_multibase(s: &str) -> Option<Cbor> {
    let (prefix, bytes) = match s.as_bytes().first()? {
        b'z' => (0x7a, bs58::decode(&s[1..]).into_vec().ok()?),
        b'M' => (0x4d, base64::engine::general_purpose::STANDARD.decode(&s[1..]).ok()?),
        _ => return None,
    };
    let mut out = vec![prefix];
    out.extend_from_slice(&bytes);
    // Only when the decoder writes the same text back (canonical base58 / padded base64).
    let back = match prefix {
        0x7a => format!("z{}", bs58::encode(&bytes).into_string()),
        _ => format!("M{}", base64::engine::general_purpose::STANDARD.encode(&bytes)),
    };
    (back == s).then_some(Cbor::Bytes(out))
}

/// `UriEncoder`: `http(s)://`, `urn:uuid:`, `did:key:` and `did:v1:nym:` URLs.
fn encode_uri(s: &str) -> Option<Cbor> {
    // JS: the "scheme" is everything before the last colon, and the value must parse as a URL.
    let (scheme, _) = s.rsplit_once(':')?;
    if url::Url::parse(s).is_err() {
        return None;
    }
    match scheme {
        "https" | "http" => {
            let (id, rest) = if let Some(r) = s.strip_prefix("https://") { (2, r) } else { (1, s.strip_prefix("http://")?) };
            Some(Cbor::Array(vec![Cbor::Int(id), Cbor::Text(rest.to_string())]))
        }
        "urn:uuid" => {
            let rest = &s["urn:uuid:".len()..];
            let part = if rest.to_ascii_lowercase() == rest {
                // JS `uuid.parse` throws on anything but a valid lower-case RFC 4122 UUID.
                Cbor::Bytes(parse_uuid(rest)?.to_vec())
            } else {
                Cbor::Text(rest.to_string())
            };
            Some(Cbor::Array(vec![Cbor::Int(3), part]))
        }
        "did:key" | "did:v1:nym" => {
            let (id, prefix) = if scheme == "did:key" { (1025, "did:key:") } else { (1024, "did:v1:nym:") };
            let suffix = &s[prefix.len()..];
            let mut parts = suffix.split('#');
            let authority = parts.next()?;
            let fragment = parts.next();
            if parts.next().is_some() {
                return None; // JS would drop everything after a second '#'.
            }
            let mut items = vec![Cbor::Int(id), base58_part(authority)];
            if let Some(f) = fragment {
                items.push(base58_part(f));
            }
            Some(Cbor::Array(items))
        }
        _ => None,
    }
}

fn base58_part(s: &str) -> Cbor {
    if let Some(b58) = s.strip_prefix('z') {
        if let Ok(bytes) = bs58::decode(b58).into_vec() {
            if bs58::encode(&bytes).into_string() == b58 {
                return Cbor::Bytes(bytes);
            }
        }
    }
    Cbor::Text(s.to_string())
}

fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
        return None;
    }
    // uuid 8.x `validate`: version 1-5 and the RFC 4122 variant, or the nil UUID.
    let nil = s == "00000000-0000-0000-0000-000000000000";
    if !nil && (!(b'1'..=b'5').contains(&b[14]) || !matches!(b[19], b'8' | b'9' | b'a' | b'b')) {
        return None;
    }
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    let mut out = [0u8; 16];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

fn format_uuid(b: &[u8]) -> Result<String> {
    if b.len() != 16 {
        return Err(CborldError::Unsupported("a UUID that is not 16 bytes"));
    }
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]))
}

/// `UriDecoder`: `[scheme id, ...]` back to the URL; `None` when `v` is not such an array.
fn decode_uri(v: &Cbor) -> Result<Option<String>> {
    let Cbor::Array(a) = v else { return Ok(None) };
    if a.len() < 2 {
        return Ok(None);
    }
    let part = |c: &Cbor| -> Result<String> {
        match c {
            Cbor::Text(s) => Ok(s.clone()),
            Cbor::Bytes(b) => Ok(format!("z{}", bs58::encode(b).into_string())),
            _ => Err(CborldError::Unsupported("a DID part that is neither text nor bytes")),
        }
    };
    Ok(match (&a[0], a.len()) {
        (Cbor::Int(s @ (1 | 2)), 2) => match &a[1] {
            Cbor::Text(rest) => Some(format!("{}{rest}", if *s == 2 { "https://" } else { "http://" })),
            _ => None,
        },
        (Cbor::Int(3), 2) => match &a[1] {
            Cbor::Text(rest) => Some(format!("urn:uuid:{rest}")),
            Cbor::Bytes(b) => Some(format!("urn:uuid:{}", format_uuid(b)?)),
            _ => None,
        },
        (Cbor::Int(s @ (1024 | 1025)), 2..=3) => {
            let mut url = if *s == 1025 { "did:key:".to_string() } else { "did:v1:nym:".to_string() };
            url.push_str(&part(&a[1])?);
            if let Some(f) = a.get(2) {
                url.push('#');
                url.push_str(&part(f)?);
            }
            Some(url)
        }
        _ => None,
    })
}

fn encode_context(v: &Value) -> Result<Cbor> {
    match v {
        Value::String(url) => Ok(match REGISTERED_CONTEXTS.iter().find(|(_, u)| u == url) {
            Some((id, _)) => Cbor::Int(i128::from(*id)),
            None => Cbor::Text(url.clone()),
        }),
        other => json_to_plain(other),
    }
}

fn decode_context(v: &Cbor) -> Result<Value> {
    match v {
        Cbor::Int(id) => REGISTERED_CONTEXTS
            .iter()
            .find(|(i, _)| i128::from(*i) == *id)
            .map(|(_, u)| Value::String((*u).to_string()))
            .ok_or(CborldError::UnknownContextId(*id)),
        other => plain_to_json(other),
    }
}

/// JSON → CBOR without compression. Integral numbers become integers, as in JS where `3.0` and
/// `3` are the same number (and jsonld.js canonicalizes both as `xsd:integer`).
fn json_to_plain(v: &Value) -> Result<Cbor> {
    Ok(match v {
        Value::Null => Cbor::Null,
        Value::Bool(b) => Cbor::Bool(*b),
        Value::Number(n) => number_to_cbor(n),
        Value::String(s) => Cbor::Text(s.clone()),
        Value::Array(a) => Cbor::Array(a.iter().map(json_to_plain).collect::<Result<_>>()?),
        Value::Object(o) => Cbor::Map(o.iter().map(|(k, v)| Ok((Cbor::Text(k.clone()), json_to_plain(v)?))).collect::<Result<_>>()?),
    })
}

fn number_to_cbor(n: &Number) -> Cbor {
    if let Some(u) = n.as_u64() {
        return Cbor::Int(i128::from(u));
    }
    if let Some(i) = n.as_i64() {
        return Cbor::Int(i128::from(i));
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0 {
        return Cbor::Int(f as i128);
    }
    Cbor::Float(f)
}

/// CBOR → JSON without decompression (maps need text keys; integral floats become integers).
pub(crate) fn plain_to_json(v: &Cbor) -> Result<Value> {
    Ok(match v {
        Cbor::Null => Value::Null,
        Cbor::Bool(b) => Value::Bool(*b),
        Cbor::Int(i) => {
            if let Ok(u) = u64::try_from(*i) {
                Value::from(u)
            } else if let Ok(s) = i64::try_from(*i) {
                Value::from(s)
            } else {
                return Err(CborldError::Unsupported("an integer outside 64 bits"));
            }
        }
        Cbor::Float(f) if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_991.0 => Value::from(*f as i64),
        Cbor::Float(f) => Number::from_f64(*f).map(Value::Number).ok_or(CborldError::Unsupported("NaN or infinity"))?,
        Cbor::Text(s) => Value::String(s.clone()),
        Cbor::Bytes(_) => return Err(CborldError::Unsupported("a byte string in plain JSON")),
        Cbor::Array(a) => Value::Array(a.iter().map(plain_to_json).collect::<Result<_>>()?),
        Cbor::Map(m) => {
            let mut o = Map::new();
            for (k, v) in m {
                let Cbor::Text(k) = k else { return Err(CborldError::Unsupported("a non-text key in plain JSON")) };
                o.insert(k.clone(), plain_to_json(v)?);
            }
            Value::Object(o)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn value_codecs_round_trip_only_when_lossless() {
        assert_eq!(encode_datetime("2024-01-02T03:04:05Z"), Some(Cbor::Int(1_704_164_645)));
        assert_eq!(encode_datetime("2024-01-02T03:04:05.120Z"), Some(Cbor::Array(vec![Cbor::Int(1_704_164_645), Cbor::Int(120)])));
        assert_eq!(encode_datetime("2024-01-02T03:04:05.12Z"), None);
        assert_eq!(encode_datetime("2024-01-02T03:04:05+09:00"), None);
        assert_eq!(encode_date("2024-01-02"), Some(Cbor::Int(1_704_153_600)));
        assert_eq!(encode_date("1960-01-02"), None);
        assert_eq!(
            encode_multibase("z3yMApqCuCjXDWPrbjfR5mjCPTHqFG8Pux1TxQrEM35jj"),
            Some(Cbor::Bytes({
                let mut b = vec![0x7a];
                b.extend(bs58::decode("3yMApqCuCjXDWPrbjfR5mjCPTHqFG8Pux1TxQrEM35jj").into_vec().unwrap());
                b
            }))
        );
        assert_eq!(encode_multibase("zNot0base58"), None);
        assert_eq!(
            encode_uri("urn:uuid:2f5e4a3c-6f0b-4b8e-9a0c-1d2e3f405162"),
            Some(Cbor::Array(vec![Cbor::Int(3), Cbor::Bytes(parse_uuid("2f5e4a3c-6f0b-4b8e-9a0c-1d2e3f405162").unwrap().to_vec())]))
        );
        assert_eq!(encode_uri("https://example.com:8443/x"), None, "JS: the scheme would be https://example.com");
        assert_eq!(encode_uri("did:web:example.com"), None);
        for s in [
            "https://example.com/a",
            "http://x.y",
            "urn:uuid:2f5e4a3c-6f0b-4b8e-9a0c-1d2e3f405162",
            "urn:uuid:ABC",
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        ] {
            let c = encode_uri(s).unwrap();
            assert_eq!(decode_uri(&c).unwrap().as_deref(), Some(s));
        }
    }

    #[test]
    fn undefined_terms_and_unbundled_contexts_are_refused() {
        let doc = json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiablePresentation"], "nickname": "x"});
        assert_eq!(encode(&doc), Err(CborldError::UnknownTerm("nickname".into())));
        let doc = json!({"@context": ["https://example.com/ctx"], "type": "X"});
        assert_eq!(encode(&doc), Err(CborldError::UnknownContext("https://example.com/ctx".into())));
    }

    #[test]
    fn hostile_compressed_input_gives_errors() {
        for bytes in [
            &[0xd9, 0x05, 0x01, 0xa1, 0x00, 0x19, 0x99, 0x99][..], // unknown context id
            &[0xd9, 0x05, 0x01, 0xa1, 0x19, 0x99, 0x98, 0x01],     // unknown term id
            &[0xd9, 0x05, 0x02, 0xa0],                             // unknown mode
            &[0xd9, 0x05],
            &[0xd9, 0x05, 0x01, 0xa1, 0x01, 0x01], // plural context not an array
            &[0xd9, 0x05, 0x01, 0xa2, 0x00, 0x11, 0x01, 0x81, 0x11],
        ] {
            assert!(decode(bytes).is_err(), "{bytes:02x?}");
        }
    }
}
