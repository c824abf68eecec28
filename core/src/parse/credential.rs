//! A typed, read-only view of a Verifiable Credential / Open Badges 3.0 credential.
//!
//! This reads only what the checks and the display need. It never fails: missing or
//! mistyped fields are simply absent, and the format check reports them.

use serde_json::{Map, Value};

use crate::report::CredentialInfo;

/// VC Data Model 1.1 base context.
pub const VC_V1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";
/// VC Data Model 2.0 base context.
pub const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// Which VC Data Model the credential follows, judged by its first `@context`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VcVersion {
    /// `https://www.w3.org/2018/credentials/v1`: `issuanceDate` / `expirationDate`.
    V1,
    /// `https://www.w3.org/ns/credentials/v2`: `validFrom` / `validUntil`.
    V2,
}

/// The view of one credential document.
#[derive(Debug, Clone)]
pub struct Credential {
    /// The whole document, as parsed.
    pub doc: Map<String, Value>,
    /// The data model, when the first context is a VC base context.
    pub version: Option<VcVersion>,
    /// Context entries that are URLs, in order.
    pub context_urls: Vec<String>,
    /// `type` values.
    pub types: Vec<String>,
    /// The embedded proofs (`proof` as object or array), as written.
    pub proofs: Vec<Map<String, Value>>,
}

impl Credential {
    /// Builds the view.
    pub fn new(doc: Map<String, Value>) -> Self {
        let context_urls: Vec<String> = match doc.get("@context") {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            _ => Vec::new(),
        };
        let version = match doc.get("@context") {
            Some(Value::String(s)) => version_of(s),
            Some(Value::Array(items)) => items.first().and_then(Value::as_str).and_then(version_of),
            _ => None,
        };
        let types = strings(doc.get("type"));
        let proofs = match doc.get("proof") {
            Some(Value::Object(p)) => vec![p.clone()],
            Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_object().cloned()).collect(),
            _ => Vec::new(),
        };
        Credential { doc, version, context_urls, types, proofs }
    }

    /// Whether `type` contains `t`.
    pub fn has_type(&self, t: &str) -> bool {
        self.types.iter().any(|x| x == t)
    }

    /// The credential `id`, if it is a string.
    pub fn id(&self) -> Option<&str> {
        self.doc.get("id").and_then(Value::as_str)
    }

    /// The issuer id: `issuer` as a string, or `issuer.id`.
    pub fn issuer_id(&self) -> Option<&str> {
        match self.doc.get("issuer") {
            Some(Value::String(s)) => Some(s),
            Some(Value::Object(o)) => o.get("id").and_then(Value::as_str),
            _ => None,
        }
    }

    /// The issuer's display name, if given.
    pub fn issuer_name(&self) -> Option<String> {
        self.doc.get("issuer").and_then(Value::as_object).and_then(|o| o.get("name")).and_then(display_string)
    }

    /// The start of validity and the field it came from (`validFrom`, else `issuanceDate`).
    pub fn valid_from(&self) -> Option<(&'static str, &Value)> {
        field(&self.doc, "validFrom").or_else(|| field(&self.doc, "issuanceDate"))
    }

    /// The end of validity and the field it came from (`validUntil`, else `expirationDate`).
    pub fn valid_until(&self) -> Option<(&'static str, &Value)> {
        field(&self.doc, "validUntil").or_else(|| field(&self.doc, "expirationDate"))
    }

    /// The document without its `proof`, as signed.
    pub fn unsecured(&self) -> Map<String, Value> {
        let mut d = self.doc.clone();
        d.remove("proof");
        d
    }

    /// Display information.
    pub fn info(&self) -> CredentialInfo {
        let name = self.doc.get("name").and_then(display_string).or_else(|| {
            first_object(self.doc.get("credentialSubject"))
                .and_then(|s| s.get("achievement"))
                .and_then(Value::as_object)
                .and_then(|a| a.get("name"))
                .and_then(display_string)
        });
        CredentialInfo {
            id: self.id().map(str::to_owned),
            types: self.types.clone(),
            name,
            issuer_id: self.issuer_id().map(str::to_owned),
            issuer_name: self.issuer_name(),
            valid_from: self.valid_from().and_then(|(_, v)| v.as_str()).map(str::to_owned),
            valid_until: self.valid_until().and_then(|(_, v)| v.as_str()).map(str::to_owned),
            refresh_url: self.refresh_url(),
            // A presentation certifies nothing itself: its credentials' reports carry theirs.
            descriptors: (!self.has_type("VerifiablePresentation")).then(|| crate::descriptors::from_ob3(&self.doc)),
        }
    }

    /// The address of the issuer's refresh service (`refreshService` of type
    /// `1EdTechCredentialRefresh`, or any refresh service with an https `id`).
    pub fn refresh_url(&self) -> Option<String> {
        let services: Vec<&Map<String, Value>> = match self.doc.get("refreshService") {
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
            Some(Value::Object(o)) => vec![o],
            _ => Vec::new(),
        };
        let https = |o: &&Map<String, Value>| o.get("id").and_then(Value::as_str).filter(|u| u.starts_with("https://")).map(str::to_owned);
        services
            .iter()
            .find(|o| strings(o.get("type")).iter().any(|t| t == "1EdTechCredentialRefresh"))
            .and_then(https)
            .or_else(|| services.iter().find_map(https))
    }
}

fn version_of(url: &str) -> Option<VcVersion> {
    match url {
        VC_V1_CONTEXT => Some(VcVersion::V1),
        VC_V2_CONTEXT => Some(VcVersion::V2),
        _ => None,
    }
}

fn field<'a>(doc: &'a Map<String, Value>, name: &'static str) -> Option<(&'static str, &'a Value)> {
    doc.get(name).map(|v| (name, v))
}

/// `type`-like values: a string or an array of strings.
pub fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// The first object of a value that may be an object or an array of objects.
pub fn first_object(v: Option<&Value>) -> Option<&Map<String, Value>> {
    match v {
        Some(Value::Object(o)) => Some(o),
        Some(Value::Array(items)) => items.iter().find_map(Value::as_object),
        _ => None,
    }
}

/// A display string: a plain string, or a language map / `{@value}` object (first value).
fn display_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("@value").and_then(Value::as_str).or_else(|| o.values().find_map(Value::as_str)).map(str::to_owned),
        Value::Array(items) => items.iter().find_map(display_string),
        _ => None,
    }
}
