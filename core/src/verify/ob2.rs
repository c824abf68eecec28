//! Open Badges 2.0 assertions: hosted (the issuer's server vouches for the copy it serves)
//! and signed (an RS256 JWS whose key the issuer's Profile lists).
//!
//! Not implemented yet: OB 2.0 input is recognised and reported as not verified.

use serde_json::{Map, Value};

use super::{unverifiable, Run, Verifier};
use crate::input::InputError;
use crate::report::{CredentialInfo, Report, Securing};

/// OB 1.x / 2.0 contexts (an OB 2.0 document names one of these, or none at all).
const OB2_CONTEXTS: [&str; 4] =
    ["https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json", "https://w3id.org/openbadges/v1", "https://openbadgespec.org/v1/context.json"];

/// Whether a JSON object is an Open Badges 0.5–2.0 assertion rather than a VC.
pub fn is_ob2(doc: &Map<String, Value>) -> bool {
    let ctx_is_ob2 = match doc.get("@context") {
        Some(Value::String(s)) => OB2_CONTEXTS.contains(&s.as_str()),
        Some(Value::Array(a)) => a.iter().any(|c| c.as_str().is_some_and(|s| OB2_CONTEXTS.contains(&s))),
        _ => false,
    };
    let types = crate::parse::credential::strings(doc.get("type"));
    if types.iter().any(|t| t == "VerifiableCredential" || t == "VerifiablePresentation") {
        return false;
    }
    ctx_is_ob2
        || types.iter().any(|t| t == "Assertion" || t == "obi:Assertion")
        || (!doc.contains_key("@context") && doc.contains_key("recipient") && (doc.contains_key("badge") || doc.contains_key("verify")))
}

/// Whether a compact JWS carries an OB 2.0 assertion (its payload is one).
pub fn is_ob2_jws(token: &str) -> bool {
    use base64::Engine as _;
    let Some(payload) = token.split('.').nth(1) else { return false };
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')) else { return false };
    match crate::input::read_json_object(&bytes) {
        Ok(doc) => is_ob2(&doc),
        Err(_) => false,
    }
}

/// Verifies an OB 2.0 assertion given as JSON.
pub(crate) fn verify_json(_v: &Verifier, _doc: Map<String, Value>, run: Run) -> Report {
    unverifiable(run, Securing::Ob2Hosted, CredentialInfo::default(), "unsupported_format", "Open Badges 2.0 assertions are not supported yet".into())
}

/// Verifies an OB 2.0 signed assertion (compact JWS).
pub(crate) fn verify_signed(_v: &Verifier, _token: &str, run: Run) -> Report {
    unverifiable(run, Securing::Ob2Signed, CredentialInfo::default(), "unsupported_format", "Open Badges 2.0 signed assertions are not supported yet".into())
}

/// Fetches a URL given as input and verifies what it serves.
pub(crate) fn verify_url(_v: &Verifier, _url: &str, _run: Run) -> Result<Report, InputError> {
    Err(InputError::UrlNotFetchable { reason: "verifying from a URL is not implemented yet" })
}
