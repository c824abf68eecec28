//! Reading Open Badges 0.5–2.0 documents: which version and class a document is, whether it
//! has the shape its class requires (the class rules of 1EdTech's OB 2.0 validator, reduced
//! to what a verifier relies on), and a normalised view of an assertion.
//!
//! OB 2.0 is read as JSON by its standard term names; it is never expanded as JSON-LD (hosted
//! assertions are vouched for by the issuer's server, signed ones by a JWS over the bytes).
//! So the `@context` must be one Akashi knows the meaning of: the OB 2.0 context (by URL, or
//! inlined: an inline context may not redefine OB 2.0 terms), or the OB 1.1 context URL.
//! Any other context could change what the terms mean, and is refused, as for OB 3.0.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::parse::credential::strings;

/// The OB 2.0 context URLs (the second is its old alias).
pub(crate) const V2_CONTEXTS: [&str; 2] = ["https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json"];
/// The OB 1.1 context URLs.
pub(crate) const V1_CONTEXTS: [&str; 2] = ["https://w3id.org/openbadges/v1", "https://openbadgespec.org/v1/context.json"];

const OBI: &str = "https://w3id.org/openbadges#";

/// The Open Badges version a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// 0.5: no context, `recipient` a plain (or hashed) string, the badge embedded.
    V0_5,
    /// 1.0: no context, `verify: {type, url}`.
    V1_0,
    /// 1.1: the OB v1 context.
    V1_1,
    /// 2.0: the OB v2 context.
    V2_0,
}

impl Version {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Version::V0_5 => "Open Badges 0.5",
            Version::V1_0 => "Open Badges 1.0",
            Version::V1_1 => "Open Badges 1.1",
            Version::V2_0 => "Open Badges 2.0",
        }
    }

    /// 0.5 and 1.0 documents carry no context and no `type`; their shape is read structurally.
    pub(crate) fn is_untyped(self) -> bool {
        matches!(self, Version::V0_5 | Version::V1_0)
    }
}

/// The class of an OB document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // the OB 2.0 class names
pub(crate) enum Class {
    Assertion,
    BadgeClass,
    Profile,
    CryptographicKey,
    RevocationList,
    Endorsement,
    AlignmentObject,
    /// Another (valid) class, named as written.
    Other(String),
}

impl Class {
    pub(crate) fn name(&self) -> &str {
        match self {
            Class::Assertion => "Assertion",
            Class::BadgeClass => "BadgeClass",
            Class::Profile => "Profile",
            Class::CryptographicKey => "CryptographicKey",
            Class::RevocationList => "RevocationList",
            Class::Endorsement => "Endorsement",
            Class::AlignmentObject => "AlignmentObject",
            Class::Other(s) => s,
        }
    }
}

/// A shape failure: a stable code and a reason (field names and URLs only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bad {
    pub code: &'static str,
    pub reason: String,
}

pub(crate) fn bad(code: &'static str, reason: impl Into<String>) -> Bad {
    Bad { code, reason: reason.into() }
}

/// What [`read`] found.
#[derive(Debug, Clone)]
pub(crate) struct Read {
    pub version: Version,
    pub class: Class,
    pub warnings: Vec<String>,
}

/// The OB 2.0 context's term definitions (bundled; never fetched).
fn v2_terms() -> &'static Map<String, Value> {
    static TERMS: OnceLock<Map<String, Value>> = OnceLock::new();
    TERMS.get_or_init(|| {
        crate::parse::jsonld::bundled::lookup(V2_CONTEXTS[0])
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
            .and_then(|v| v.get("@context").and_then(Value::as_object).cloned())
            .unwrap_or_default()
    })
}

/// Shortens a value for a reason.
pub(crate) fn short(s: &str) -> String {
    if s.chars().count() > 100 {
        format!("{}...", s.chars().take(97).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// Whether `s` is an IRI as OB 2.0 validators accept them: http(s), urn, or a blank node.
pub(crate) fn is_iri(s: &str) -> bool {
    is_http_url(s) || s.starts_with("urn:") || s.starts_with("_:")
}

/// Whether `s` parses as an http(s) URL with a host.
pub(crate) fn is_http_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// The `host[:port]` of an http(s) URL, lower-cased.
pub(crate) fn authority(s: &str) -> Option<String> {
    let u = url::Url::parse(s).ok()?;
    let host = u.host_str()?.to_ascii_lowercase();
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

/// Expands a compact IRI or term with the OB 2.0 context.
fn expand(t: &str) -> Option<String> {
    let terms = v2_terms();
    if let Some(Value::String(mapped)) = terms.get(t) {
        return Some(expand_compact(mapped));
    }
    if t.contains(':') {
        return Some(expand_compact(t));
    }
    None
}

fn expand_compact(s: &str) -> String {
    if let Some((prefix, suffix)) = s.split_once(':') {
        if !suffix.starts_with("//") {
            if let Some(Value::String(base)) = v2_terms().get(prefix) {
                if base.contains("://") {
                    return format!("{base}{suffix}");
                }
            }
        }
    }
    s.to_owned()
}

/// Checks `type` (every value must be an OB term or an IRI) and derives the class.
fn class_of(doc: &Map<String, Value>, version: Version) -> Result<Class, Bad> {
    let raw = match doc.get("type") {
        None => return Err(bad("missing_type", "the document has no type")),
        Some(Value::String(_)) | Some(Value::Array(_)) => strings(doc.get("type")),
        Some(_) => return Err(bad("bad_type", "type is not a string or a list of strings")),
    };
    if raw.is_empty() {
        return Err(bad("bad_type", "type is empty"));
    }
    if matches!(doc.get("type"), Some(Value::Array(a)) if a.len() != raw.len()) {
        return Err(bad("bad_type", "type holds a value that is not a string"));
    }
    let mut class = None;
    for t in &raw {
        // OB 1.1 spelled the issuer class IssuerOrg.
        let t = if version == Version::V1_1 && t == "IssuerOrg" { "Issuer" } else { t.as_str() };
        let Some(iri) = expand(t).filter(|i| is_iri(i)) else {
            return Err(bad("unknown_type", format!("type {} is neither an Open Badges class nor an IRI", short(t))));
        };
        let c = match iri.strip_prefix(OBI) {
            Some("Assertion") => Some(Class::Assertion),
            Some("BadgeClass") => Some(Class::BadgeClass),
            Some("Issuer") | Some("Profile") => Some(Class::Profile),
            Some("RevocationList") => Some(Class::RevocationList),
            _ => match iri.as_str() {
                "https://w3id.org/security#Key" => Some(Class::CryptographicKey),
                "https://w3id.org/credentials#Credential" => Some(Class::Endorsement),
                "http://schema.org/AlignmentObject" => Some(Class::AlignmentObject),
                _ => None,
            },
        };
        if class.is_none() {
            class = c;
        }
    }
    Ok(class.unwrap_or_else(|| Class::Other(raw.first().cloned().unwrap_or_default())))
}

/// Checks the `@context` of a 1.1 / 2.0 document. Returns the version and warnings.
fn check_context(ctx: &Value) -> Result<(Version, Vec<String>), Bad> {
    let entries: Vec<&Value> = match ctx {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut version = None;
    let mut warnings = Vec::new();
    for e in entries {
        match e {
            Value::String(u) if V2_CONTEXTS.contains(&u.as_str()) => version = Some(Version::V2_0),
            Value::String(u) if V1_CONTEXTS.contains(&u.as_str()) => {
                version = version.or(Some(Version::V1_1));
            }
            Value::String(u) => {
                return Err(bad(
                    "unknown_context",
                    format!(
                        "the context {} is not one Akashi knows (contexts are never fetched, so its meaning cannot be known)",
                        short(u)
                    ),
                ))
            }
            Value::Object(o) => {
                let terms = v2_terms();
                let mut extra = 0usize;
                let mut shared = 0usize;
                for (k, def) in o {
                    match terms.get(k) {
                        Some(known) if known == def => shared += 1,
                        Some(_) => {
                            return Err(bad(
                                "redefined_term",
                                format!("the inline context redefines the Open Badges 2.0 term {}", short(k)),
                            ))
                        }
                        None => extra += 1,
                    }
                }
                if o.get("obi").and_then(Value::as_str) == Some(OBI) && shared > 0 {
                    version = Some(Version::V2_0);
                }
                if extra > 0 {
                    warnings.push(crate::l10n::warning("warn-ob2-inline-context-extra", &[("count", extra.to_string())]));
                }
            }
            _ => return Err(bad("bad_context", "@context holds a value that is neither a URL nor an object")),
        }
    }
    match version {
        Some(v) => Ok((v, warnings)),
        None => Err(bad("unknown_context", "the @context does not include the Open Badges 2.0 (or 1.1) context")),
    }
}

/// Reads the version and class of a document and checks its context and type.
pub(crate) fn read(doc: &Map<String, Value>) -> Result<Read, Bad> {
    match doc.get("@context") {
        None => {
            // 1.0 kept 0.5's plain-string recipient out; a document with 1.0's `verify` is 1.0.
            let version = if doc.get("recipient").is_some_and(Value::is_string) && !doc.contains_key("verify") {
                Version::V0_5
            } else {
                Version::V1_0
            };
            let class = if doc.contains_key("recipient") {
                Class::Assertion
            } else if doc.contains_key("criteria") {
                Class::BadgeClass
            } else if doc.contains_key("publicKeyPem") {
                Class::CryptographicKey
            } else if doc.contains_key("revokedAssertions") {
                Class::RevocationList
            } else {
                Class::Profile
            };
            Ok(Read { version, class, warnings: Vec::new() })
        }
        Some(ctx) => {
            let (version, warnings) = check_context(ctx)?;
            let class = class_of(doc, version)?;
            Ok(Read { version, class, warnings })
        }
    }
}

/// Reads a document expected to be of class `want` (a linked BadgeClass, issuer, key, list).
/// `what` names it in reasons ("the badge class at https://…"). An embedded node without its
/// own `@context` inherits the version of the document it sits in (`inherit`).
pub(crate) fn read_as(doc: &Map<String, Value>, want: &Class, what: &str, inherit: Option<Version>) -> Result<Read, Bad> {
    let prefix = |b: Bad| Bad { code: b.code, reason: format!("{what}: {}", b.reason) };
    let mut r = match inherit {
        Some(version) if !doc.contains_key("@context") && !version.is_untyped() => {
            let mut warnings = Vec::new();
            let class = if doc.contains_key("type") {
                class_of(doc, version).map_err(prefix)?
            } else {
                warnings.push(crate::l10n::warning("warn-ob2-no-type", &[("what", what.to_string()), ("type", want.name().to_string())]));
                want.clone()
            };
            Read { version, class, warnings }
        }
        _ => read(doc).map_err(prefix)?,
    };
    // 1.0 nodes have no type, and a RevocationList / CryptographicKey may omit it.
    if doc.get("type").is_none() && matches!(want, Class::CryptographicKey | Class::RevocationList) {
        r.class = want.clone();
    }
    if &r.class != want {
        return Err(bad("wrong_class", format!("{what} is a {}, not a {}", r.class.name(), want.name())));
    }
    let mut more = match want {
        Class::BadgeClass => badge_class(doc, r.version),
        Class::Profile => profile(doc, r.version),
        Class::CryptographicKey => key(doc),
        Class::RevocationList => revocation_list(doc),
        _ => Ok(Vec::new()),
    }
    .map_err(prefix)?;
    r.warnings.append(&mut more);
    Ok(r)
}

fn text<'a>(doc: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    match doc.get(name) {
        Some(Value::String(s)) => Some(s),
        // Language-tagged values ({"@value": …}) are text too.
        Some(Value::Object(o)) => o.get("@value").and_then(Value::as_str),
        _ => None,
    }
}

fn require_text(doc: &Map<String, Value>, name: &str, class: &str) -> Result<(), Bad> {
    match text(doc, name) {
        Some(_) => Ok(()),
        None => Err(bad("missing_property", format!("the {class} has no {name} (text)"))),
    }
}

/// A required id (for 1.0 nodes, the URL they were fetched from stands in, so no check).
fn require_id(doc: &Map<String, Value>, version: Version, class: &str) -> Result<(), Bad> {
    if version.is_untyped() {
        return Ok(());
    }
    match doc.get("id").and_then(Value::as_str) {
        Some(id) if is_iri(id) => Ok(()),
        Some(id) => Err(bad("bad_id", format!("the {class} id {} is not an IRI", short(id)))),
        None => Err(bad("missing_property", format!("the {class} has no id"))),
    }
}

/// An id-valued property: an IRI string, or an embedded object.
fn id_or_object(v: &Value) -> bool {
    match v {
        Value::String(s) => is_iri(s) || s.starts_with("data:"),
        Value::Object(_) => true,
        Value::Array(items) => !items.is_empty() && items.iter().all(id_or_object),
        _ => false,
    }
}

/// A BadgeClass.
pub(crate) fn badge_class(doc: &Map<String, Value>, version: Version) -> Result<Vec<String>, Bad> {
    let mut warnings = Vec::new();
    require_id(doc, version, "badge class")?;
    require_text(doc, "name", "badge class")?;
    if text(doc, "description").is_none() {
        if version.is_untyped() {
            warnings.push(crate::l10n::warning("warn-ob2-badge-no-description", &[]));
        } else {
            return Err(bad("missing_property", "the badge class has no description (text)"));
        }
    }
    match doc.get("criteria") {
        Some(v) if id_or_object(v) => {}
        Some(_) => return Err(bad("bad_property", "the badge class criteria is neither a URL nor a Criteria object")),
        None => return Err(bad("missing_property", "the badge class has no criteria")),
    }
    match doc.get("issuer") {
        Some(Value::String(s)) if is_iri(s) => {}
        Some(Value::Object(_)) => {}
        Some(_) => return Err(bad("bad_property", "the badge class issuer is neither an IRI nor a Profile object")),
        None => return Err(bad("missing_property", "the badge class has no issuer")),
    }
    match doc.get("image") {
        None => warnings.push(crate::l10n::warning("warn-ob2-badge-no-image", &[])),
        Some(Value::String(s)) if is_http_url(s) || s.starts_with("data:") => {}
        Some(Value::Object(o)) if o.get("id").and_then(Value::as_str).is_some_and(|s| is_http_url(s) || s.starts_with("data:")) => {}
        Some(_) => return Err(bad("bad_property", "the badge class image is neither a URL, a data: URI nor an Image object")),
    }
    Ok(warnings)
}

/// An issuer Profile.
pub(crate) fn profile(doc: &Map<String, Value>, version: Version) -> Result<Vec<String>, Bad> {
    let mut warnings = Vec::new();
    require_id(doc, version, "issuer profile")?;
    require_text(doc, "name", "issuer profile")?;
    match text(doc, "url") {
        Some(u) if is_http_url(u) => {}
        Some(_) => warnings.push(crate::l10n::warning("warn-ob2-issuer-url-not-http", &[])),
        None if version == Version::V2_0 => warnings.push(crate::l10n::warning("warn-ob2-issuer-no-url", &[])),
        None => {}
    }
    if version == Version::V2_0 && text(doc, "email").is_none() {
        warnings.push(crate::l10n::warning("warn-ob2-issuer-no-email", &[]));
    }
    if let Some(pk) = doc.get("publicKey") {
        if !id_or_object(pk) {
            return Err(bad("bad_property", "the issuer's publicKey is neither a key URL nor a CryptographicKey"));
        }
    }
    if let Some(rl) = doc.get("revocationList") {
        if !rl.as_str().is_some_and(is_iri) && !rl.is_object() {
            return Err(bad("bad_property", "the issuer's revocationList is not a URL"));
        }
    }
    if let Some(ver) = doc.get("verification") {
        let Some(o) = ver.as_object() else {
            return Err(bad("bad_property", "the issuer's verification policy is not an object"));
        };
        if let Some(sw) = o.get("startsWith") {
            let list = strings(Some(sw));
            if list.is_empty() || list.iter().any(|s| !is_http_url(s)) {
                return Err(bad("bad_property", "the issuer's verification startsWith is not a list of URLs"));
            }
        }
        if let Some(ao) = o.get("allowedOrigins") {
            let list = strings(Some(ao));
            if list.is_empty() || list.iter().any(|s| s.contains('/') || s.is_empty()) {
                return Err(bad("bad_property", "the issuer's verification allowedOrigins is not a list of host names"));
            }
        }
    }
    Ok(warnings)
}

/// A CryptographicKey.
pub(crate) fn key(doc: &Map<String, Value>) -> Result<Vec<String>, Bad> {
    match doc.get("publicKeyPem").and_then(Value::as_str) {
        Some(_) => Ok(Vec::new()),
        None => Err(bad("missing_property", "the key has no publicKeyPem")),
    }
}

/// A RevocationList.
pub(crate) fn revocation_list(doc: &Map<String, Value>) -> Result<Vec<String>, Bad> {
    match doc.get("revokedAssertions") {
        None | Some(Value::Array(_)) => Ok(Vec::new()),
        Some(_) => Err(bad("bad_property", "the revocation list's revokedAssertions is not a list")),
    }
}

/// How an assertion is verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Hosted: the issuer's server serves it at its id (`url`: the id, or 1.0 `verify.url`;
    /// `None` for 0.5, whose address is where it was fetched from).
    Hosted { url: Option<String> },
    /// Signed: a JWS over the assertion; `creator` is the key's URL if given.
    Signed { creator: Option<String> },
}

/// The badge an assertion awards: by URL, or embedded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ref {
    Url(String),
    Embedded(Map<String, Value>),
}

/// A normalised view of an assertion (any version).
#[derive(Debug, Clone)]
pub(crate) struct Assertion {
    pub version: Version,
    pub id: Option<String>,
    pub kind: Kind,
    pub badge: Ref,
    /// The IdentityObject (0.5 plain strings converted to one).
    pub recipient: Option<Value>,
    pub issued_on: Option<Value>,
    pub expires: Option<Value>,
    pub revoked: bool,
    pub revocation_reason: Option<String>,
    pub uid: Option<String>,
    pub warnings: Vec<String>,
}

/// Reads an assertion of `version` (from [`read`]) and checks its shape.
pub(crate) fn assertion(doc: &Map<String, Value>, version: Version) -> Result<Assertion, Bad> {
    let mut warnings = Vec::new();
    if version != Version::V2_0 {
        warnings.push(crate::l10n::warning("warn-ob2-old-version", &[("version", version.label().to_string())]));
    }
    let uid = doc.get("uid").and_then(|v| v.as_str().map(str::to_owned).or_else(|| v.as_i64().map(|n| n.to_string())));
    let (recipient, badge, kind) = match version {
        Version::V0_5 => {
            let Some(r) = doc.get("recipient").and_then(Value::as_str) else {
                return Err(bad("bad_recipient", "the recipient is not a string"));
            };
            let mut idobj = Map::new();
            idobj.insert("type".into(), Value::String("email".into()));
            idobj.insert("identity".into(), Value::String(r.to_owned()));
            idobj.insert("hashed".into(), Value::Bool(!r.contains('@')));
            if let Some(s) = doc.get("salt").and_then(Value::as_str) {
                idobj.insert("salt".into(), Value::String(s.to_owned()));
            }
            let Some(b) = doc.get("badge").and_then(Value::as_object) else {
                return Err(bad("bad_badge", "an Open Badges 0.5 assertion must embed its badge"));
            };
            let issuer_ok = b.get("issuer").and_then(Value::as_object).is_some_and(|i| i.get("origin").and_then(Value::as_str).is_some());
            if !issuer_ok || b.get("name").and_then(Value::as_str).is_none() {
                return Err(bad("bad_badge", "the embedded 0.5 badge lacks a name or an issuer with an origin"));
            }
            (Some(Value::Object(idobj)), Ref::Embedded(b.clone()), Kind::Hosted { url: None })
        }
        _ => {
            let recipient = match doc.get("recipient") {
                Some(Value::Object(o)) => identity_object(o, version, &mut warnings)?,
                Some(Value::String(_)) => {
                    return Err(bad(
                        "bad_recipient",
                        format!(
                            "the recipient is a plain string, which {} does not allow (an identity object is required)",
                            version.label()
                        ),
                    ))
                }
                Some(_) => return Err(bad("bad_recipient", "the recipient is not an identity object")),
                None => return Err(bad("missing_property", "the assertion has no recipient")),
            };
            let badge = match doc.get("badge") {
                Some(Value::String(s)) if is_iri(s) => Ref::Url(s.clone()),
                Some(Value::Object(o)) if !version.is_untyped() => Ref::Embedded(o.clone()),
                Some(_) => return Err(bad("bad_badge", "the assertion's badge is neither a URL nor a BadgeClass")),
                None => return Err(bad("missing_property", "the assertion has no badge")),
            };
            let kind = verification(doc, version)?;
            (Some(Value::Object(recipient)), badge, kind)
        }
    };
    let id = match version {
        Version::V0_5 => None,
        Version::V1_0 => match &kind {
            Kind::Hosted { url } => url.clone(),
            Kind::Signed { .. } => uid.as_ref().map(|u| format!("uid:{u}")),
        },
        _ => {
            let id = doc.get("id").and_then(Value::as_str).ok_or_else(|| bad("missing_property", "the assertion has no id"))?;
            if !is_iri(id) {
                return Err(bad("bad_id", format!("the assertion id {} is not an IRI", short(id))));
            }
            Some(id.to_owned())
        }
    };
    if version == Version::V1_0 && uid.is_none() {
        warnings.push(crate::l10n::warning("warn-ob2-no-uid", &[]));
    }
    let date_field = if version == Version::V0_5 { "issued_on" } else { "issuedOn" };
    let issued_on = doc.get(date_field).cloned();
    if issued_on.is_none() && version != Version::V0_5 {
        return Err(bad("missing_property", "the assertion has no issuedOn"));
    }
    match doc.get("image") {
        None => {}
        Some(Value::String(s)) if s.starts_with("data:") => {
            return Err(bad(
                "bad_property",
                "the assertion's image is a data: URI; Open Badges 2.0 allows that for a badge class image only, an assertion's image must be a URL",
            ))
        }
        Some(Value::String(s)) if is_iri(s) => {}
        Some(Value::Object(o)) if o.get("id").and_then(Value::as_str).is_some_and(|s| is_iri(s) && !s.starts_with("data:")) => {}
        Some(_) => return Err(bad("bad_property", "the assertion's image is not a URL or an Image object")),
    }
    if let Some(e) = doc.get("evidence") {
        if !id_or_object(e) {
            return Err(bad("bad_property", "the assertion's evidence is neither a URL nor an Evidence object"));
        }
    }
    let revoked = match doc.get("revoked") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad("bad_property", "revoked is not true or false")),
    };
    extension_warnings(doc, &mut warnings);
    Ok(Assertion {
        version,
        id,
        kind,
        badge,
        recipient,
        issued_on,
        expires: doc.get("expires").cloned(),
        revoked,
        revocation_reason: doc.get("revocationReason").and_then(Value::as_str).map(short),
        uid,
        warnings,
    })
}

fn identity_object(o: &Map<String, Value>, version: Version, warnings: &mut Vec<String>) -> Result<Map<String, Value>, Bad> {
    let Some(identity) = o.get("identity").and_then(Value::as_str) else {
        return Err(bad("bad_recipient", "the recipient has no identity"));
    };
    let t = o.get("type").and_then(Value::as_str).unwrap_or_default();
    if !matches!(t, "email" | "url" | "telephone" | "id") {
        if version == Version::V2_0 {
            return Err(bad("bad_recipient", "the recipient type is not one of email, url, telephone, id"));
        }
        warnings.push(crate::l10n::warning("warn-ob2-recipient-identity-type", &[]));
    }
    let hashed = match o.get("hashed") {
        Some(Value::Bool(b)) => *b,
        None if version != Version::V2_0 => identity.starts_with("sha256$") || identity.starts_with("md5$"),
        _ => return Err(bad("bad_recipient", "the recipient does not say (true or false) whether its identity is hashed")),
    };
    if hashed && !is_identity_hash(identity) {
        return Err(bad("bad_recipient", "the recipient identity is marked hashed but is not sha256$<64 hex> or md5$<32 hex>"));
    }
    if !hashed && t == "email" && !identity.contains('@') {
        return Err(bad("bad_recipient", "the recipient is a plain email identity that is not an email address"));
    }
    if let Some(s) = o.get("salt") {
        if !s.is_string() && !s.is_null() {
            return Err(bad("bad_recipient", "the recipient salt is not text"));
        }
    }
    Ok(o.clone())
}

/// Whether `s` is `sha256$<64 hex>` or `md5$<32 hex>`.
pub(crate) fn is_identity_hash(s: &str) -> bool {
    let hex = |h: &str, n: usize| h.len() == n && h.bytes().all(|b| b.is_ascii_hexdigit());
    s.strip_prefix("sha256$").is_some_and(|h| hex(h, 64)) || s.strip_prefix("md5$").is_some_and(|h| hex(h, 32))
}

fn verification(doc: &Map<String, Value>, version: Version) -> Result<Kind, Bad> {
    let v = doc.get("verification").or_else(|| doc.get("verify"));
    let Some(o) = v.and_then(Value::as_object) else {
        return Err(bad("missing_property", "the assertion has no verification object"));
    };
    let t = o.get("type").and_then(Value::as_str).unwrap_or_default();
    let iri = expand(t).unwrap_or_default();
    let kind = match (t, iri.strip_prefix(OBI)) {
        ("hosted", _) | (_, Some("HostedBadge")) => Kind::Hosted {
            url: match version {
                Version::V1_0 => {
                    let url = o.get("url").and_then(Value::as_str).filter(|u| is_http_url(u));
                    Some(url.ok_or_else(|| bad("missing_property", "the 1.0 hosted assertion has no verify.url"))?.to_owned())
                }
                _ => None,
            },
        },
        ("signed", _) | (_, Some("SignedBadge")) => Kind::Signed {
            creator: o.get("creator").and_then(Value::as_str).or_else(|| o.get("url").and_then(Value::as_str)).map(str::to_owned),
        },
        _ => return Err(bad("unknown_verification", format!("verification type {} is neither hosted nor signed", short(t)))),
    };
    Ok(kind)
}

/// Warnings for parts of a document Akashi does not check: extensions and endorsements.
fn extension_warnings(doc: &Map<String, Value>, warnings: &mut Vec<String>) {
    let mut ext: Vec<&str> = doc
        .iter()
        .filter(|(k, v)| {
            k.starts_with("extensions:") || v.as_object().is_some_and(|o| strings(o.get("type")).iter().any(|t| t == "Extension"))
        })
        .map(|(k, _)| k.as_str())
        .collect();
    ext.sort_unstable();
    if !ext.is_empty() {
        warnings.push(crate::l10n::warning(
            "warn-ob2-extensions-not-checked",
            &[("extensions", ext.iter().map(|s| short(s)).collect::<Vec<_>>().join(", "))],
        ));
    }
    if let Some(e) = doc.get("endorsement") {
        let n = match e {
            Value::Array(a) => a.len(),
            _ => 1,
        };
        warnings.push(crate::l10n::warning("warn-ob2-endorsements-not-checked", &[("count", n.to_string())]));
    }
}

/// The shape of a top-level document of another class (not an assertion), for the format check.
pub(crate) fn other(doc: &Map<String, Value>, read: &Read) -> Result<Vec<String>, Bad> {
    let mut w = match read.class {
        Class::BadgeClass => badge_class(doc, read.version)?,
        Class::Profile => profile(doc, read.version)?,
        Class::CryptographicKey => key(doc)?,
        Class::RevocationList => revocation_list(doc)?,
        Class::AlignmentObject => {
            require_text(doc, "targetName", "alignment object")?;
            match text(doc, "targetUrl") {
                Some(u) if is_http_url(u) => Vec::new(),
                _ => return Err(bad("missing_property", "the alignment object has no targetUrl (URL)")),
            }
        }
        _ => Vec::new(),
    };
    extension_warnings(doc, &mut w);
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn types_expand_with_the_ob2_context() {
        assert_eq!(expand("Assertion").as_deref(), Some("https://w3id.org/openbadges#Assertion"));
        assert_eq!(expand("obi:extensions/#X").as_deref(), Some("https://w3id.org/openbadges#extensions/#X"));
        assert_eq!(expand("http://example.com/CoolClass").as_deref(), Some("http://example.com/CoolClass"));
        assert_eq!(expand("NotAKnownClass"), None);
        let ctx = json!("https://w3id.org/openbadges/v2");
        let r = read(&obj(json!({"@context": ctx, "type": ["Issuer", "http://example.com/Cool"]}))).unwrap();
        assert_eq!(r.class, Class::Profile);
        assert_eq!(read(&obj(json!({"@context": ctx, "type": []}))).unwrap_err().code, "bad_type");
        assert_eq!(read(&obj(json!({"@context": ctx, "type": ["Issuer", "UNKNOWN"]}))).unwrap_err().code, "unknown_type");
    }

    #[test]
    fn contexts() {
        assert_eq!(
            read(&obj(json!({"@context": "https://w3id.org/openbadges/invalid", "type": "Assertion"}))).unwrap_err().code,
            "unknown_context"
        );
        let r =
            read(&obj(json!({"@context": ["https://w3id.org/openbadges/v2", {"extra": "http://x.example/extra"}], "type": "Assertion"})))
                .unwrap();
        assert_eq!((r.version, r.warnings.len()), (Version::V2_0, 1));
        let e =
            read(&obj(json!({"@context": ["https://w3id.org/openbadges/v2", {"name": "http://x.example/other"}], "type": "Assertion"})));
        assert_eq!(e.unwrap_err().code, "redefined_term");
        let r = read(&obj(json!({"recipient": "a@b.example", "badge": {}}))).unwrap();
        assert_eq!((r.version, r.class), (Version::V0_5, Class::Assertion));
    }

    #[test]
    fn identity_hashes() {
        assert!(is_identity_hash("md5$00112233445566778899aabbccddeeff"));
        assert!(is_identity_hash(&format!("sha256${}", "a".repeat(64))));
        assert!(!is_identity_hash("sha1$abc"));
        assert!(!is_identity_hash("sha256$xyz"));
    }
}
