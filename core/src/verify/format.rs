//! The format check: is this a well-formed credential whose every term is defined by a
//! bundled context?

use serde_json::Value;

use super::make_check;
use crate::parse::credential::{first_object, Credential, VcVersion};
use crate::parse::jsonld::{self, JsonLdError, Quad};
use crate::report::{Check, CheckId, CheckSource, CheckStatus};

/// Open Badges 3.0 credential types (and the types that carry the OB context).
const OB_TYPES: [&str; 2] = ["OpenBadgeCredential", "AchievementCredential"];
const OB_CONTEXT_PREFIX: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context";
const OB_CURRENT_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

fn invalid(code: &str, reason: String) -> (Check, Option<Vec<Quad>>) {
    (make_check(CheckId::Format, CheckStatus::Invalid, Some(code), Some(reason), CheckSource::Document), None)
}

/// Whether `url` is an OB 3.0 context URL (any version, or a known alias).
fn is_ob_context(url: &str) -> bool {
    url == "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"
        || url.strip_prefix(OB_CONTEXT_PREFIX).is_some_and(|rest| {
            rest == ".json"
                || rest.strip_prefix('-').and_then(|v| v.strip_suffix(".json")).is_some_and(|v| {
                    v.split('.').count() == 3 && v.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                })
        })
}

/// Runs the format check.
pub fn check(cred: &Credential) -> Check {
    check_and_expand(cred).0
}

/// Runs the format check and returns the document's RDF when it expanded cleanly, so that the
/// proof check need not expand it again.
pub fn check_and_expand(cred: &Credential) -> (Check, Option<Vec<Quad>>) {
    let doc = &cred.doc;
    if !doc.contains_key("@context") {
        return invalid("no_context", "the document has no @context, so it is not a Verifiable Credential".into());
    }
    let Some(version) = cred.version else {
        return invalid("no_vc_context", "the first @context must be the VC Data Model 1.1 or 2.0 base context".into());
    };
    if !cred.has_type("VerifiableCredential") {
        return invalid("not_a_credential", "`type` does not include VerifiableCredential".into());
    }
    match cred.issuer_id() {
        None => return invalid("no_issuer", "the credential names no issuer (`issuer` or `issuer.id`)".into()),
        Some(i) if !is_uri(i) => return invalid("invalid_issuer", "the issuer id is not a URI".into()),
        _ => {}
    }
    if let Some(id) = doc.get("id") {
        match id.as_str() {
            Some(s) if is_uri(s) => {}
            _ => return invalid("invalid_id", "the credential `id` is not a URI".into()),
        }
    }
    if !doc.contains_key("credentialSubject") {
        return invalid("no_subject", "the credential has no credentialSubject".into());
    }

    let mut warnings = Vec::new();
    let is_ob = OB_TYPES.iter().any(|t| cred.has_type(t));
    if is_ob {
        match cred.context_urls.iter().find(|u| is_ob_context(u)) {
            // Pre-release badges (e.g. JFF plugfest 2022) define the OB types in other contexts;
            // whether every term is defined is still checked below, so this only warns.
            None => warnings.push(crate::l10n::warning("warn-format-ob3-without-context", &[])),
            Some(ob_ctx) if ob_ctx != OB_CURRENT_CONTEXT => warnings.push(crate::l10n::warning(
                "warn-format-old-ob-context",
                &[("context", ob_ctx.to_string()), ("current", OB_CURRENT_CONTEXT.to_owned())],
            )),
            Some(_) => {}
        }
        if version == VcVersion::V1 {
            warnings.push(crate::l10n::warning("warn-format-vc-1-1", &[]));
        }
        let subject = first_object(doc.get("credentialSubject"));
        let has_holder_ref =
            subject.is_some_and(|s| s.get("id").and_then(Value::as_str).is_some() || s.get("identifier").is_some_and(|v| !v.is_null()));
        if !has_holder_ref {
            // Required by OB 3.0, but common in badges issued today (e.g. DCC's), and it does
            // not affect authenticity: it only means the holder cannot be matched.
            warnings.push(crate::l10n::warning("warn-format-subject-unmatchable", &[]));
        }
        if version == VcVersion::V2 && !doc.contains_key("validFrom") {
            warnings.push(crate::l10n::warning("warn-format-no-valid-from", &[]));
        }
    }
    if version == VcVersion::V1 && !doc.contains_key("issuanceDate") {
        return invalid("no_issuance_date", "a VC Data Model 1.1 credential must have issuanceDate".into());
    }

    // Expand the whole document, proofs included: undefined terms anywhere are refused.
    let quads = match expand_strict(doc) {
        Err((code, reason)) => {
            let (c, _) = invalid(code, reason);
            return (Check { warnings, ..c }, None);
        }
        Ok((quads, warning)) => {
            warnings.extend(warning);
            quads
        }
    };

    let kind = if is_ob { "Open Badges 3.0 credential" } else { "Verifiable Credential" };
    let dm = match version {
        VcVersion::V1 => "VC Data Model 1.1",
        VcVersion::V2 => "VC Data Model 2.0",
    };
    let mut c = make_check(
        CheckId::Format,
        CheckStatus::Valid,
        None,
        Some(format!("{kind} ({dm}); every term is defined by {} bundled context(s)", cred.context_urls.len())),
        CheckSource::Bundled,
    );
    c.warnings = warnings;
    (c, Some(quads))
}

/// The quads of a strictly expanded document, and a warning about issuer-dependent terms.
pub(crate) type Strict = (Vec<Quad>, Option<String>);

/// Expands a whole document (proofs and embedded credentials included) strictly: an unbundled
/// context or an undefined term anywhere is an error `(code, reason)`. On success, the quads
/// and a warning naming the terms only VC 2.0's issuer-dependent vocabulary defines.
pub(crate) fn expand_strict(doc: &serde_json::Map<String, Value>) -> Result<Strict, (&'static str, String)> {
    match jsonld::expand(doc) {
        Err(e) => {
            let code = match e {
                JsonLdError::ContextNotBundled { .. } => "context_not_bundled",
                JsonLdError::UndefinedTerms { .. } => "undefined_terms",
                JsonLdError::Invalid { .. } | JsonLdError::NoContext => "invalid_jsonld",
            };
            Err((code, e.to_string()))
        }
        Ok(x) => {
            let warning = (!x.issuer_dependent_terms.is_empty())
                .then(|| crate::l10n::warning("warn-format-issuer-dependent-terms", &[("terms", x.issuer_dependent_terms.join(", "))]));
            Ok((x.quads, warning))
        }
    }
}

/// A URI has a scheme: letters, then `:`.
pub(crate) fn is_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ob_context_urls() {
        assert!(is_ob_context("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"));
        assert!(is_ob_context("https://purl.imsglobal.org/spec/ob/v3p0/context.json"));
        assert!(is_ob_context("https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"));
        assert!(!is_ob_context("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.x.json"));
        assert!(!is_ob_context("https://w3id.org/openbadges/v2"));
    }

    #[test]
    fn uris() {
        assert!(is_uri("urn:uuid:1234"));
        assert!(is_uri("did:key:z6Mk"));
        assert!(is_uri("https://example.com"));
        assert!(!is_uri("0923lksjf"));
        assert!(!is_uri("has space:x y"));
        assert!(!is_uri("1abc:x"));
    }
}
