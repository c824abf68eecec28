//! The proof and issuer-key checks.
//!
//! Every embedded proof is examined. Supported suites: `DataIntegrityProof` with
//! `eddsa-rdfc-2022` (or its old name `eddsa-2022`) and `eddsa-jcs-2022`,
//! `Ed25519Signature2020`, and the older `Ed25519Signature2018`. Rules, fail closed:
//! - any proof that is checked and fails → the proof check is invalid (tampering);
//! - otherwise at least one supported proof must verify → valid (unsupported extra proofs
//!   are named in a warning);
//! - no proof at all → invalid; only unsupported proofs or unobtainable keys → unknown.
//!
//! The issuer-key check reports the key behind the verified proof: it must be controlled
//! by the credential's issuer.

pub mod suites;

use serde_json::{Map, Value};

use super::make_check;
use crate::parse::credential::Credential;
use crate::parse::jsonld::Quad;
use crate::report::{Check, CheckId, CheckSource, CheckStatus};
use crate::resolve::{KeyError, KeyResolver, ResolvedKey};
pub use suites::{HashData, Suite, SuiteError, VerifyFailure};

/// The proof purpose a credential's proof must have.
pub const ASSERTION_METHOD: &str = "assertionMethod";

/// What happened to one proof.
#[derive(Debug)]
enum Outcome {
    Verified { suite: Suite, key: ResolvedKey },
    BadSignature { suite: Suite, key: ResolvedKey },
    Malformed { reason: String },
    Unsupported { what: String },
    KeyProblem { suite: Suite, err: KeyError },
}

/// Runs the proof and issuer-key checks.
/// `secured_quads` is the RDF of the whole document when the format check produced it.
pub fn check(cred: &Credential, resolver: &KeyResolver, secured_quads: Option<&[Quad]>) -> (Check, Check) {
    if cred.proofs.is_empty() {
        let proof = make_check(
            CheckId::Proof,
            CheckStatus::Invalid,
            Some("no_proof"),
            Some("the credential has no embedded proof, so nothing shows who issued it or that it is unchanged".into()),
            CheckSource::Document,
        );
        let key = make_check(CheckId::IssuerKey, CheckStatus::NotApplicable, None, Some("no proof names a key".into()), CheckSource::Document);
        return (proof, key);
    }

    let issuer = cred.issuer_id();
    let outcomes: Vec<Outcome> = cred.proofs.iter().map(|p| one_proof(cred, p, resolver, issuer, secured_quads)).collect();
    let n = outcomes.len();
    let label = |i: usize| if n > 1 { format!("proof {} of {n}", i + 1) } else { "the proof".to_owned() };

    let mut warnings = Vec::new();
    for (i, o) in outcomes.iter().enumerate() {
        if let Outcome::Verified { suite, .. } | Outcome::BadSignature { suite, .. } | Outcome::KeyProblem { suite, .. } = o {
            if let Some(w) = suite.warning() {
                warnings.push(format!("{}: {w}", label(i)));
            }
        }
    }

    // Definite failures first: one bad proof means the document cannot be trusted.
    for (i, o) in outcomes.iter().enumerate() {
        match o {
            Outcome::BadSignature { suite, key } => {
                let mut proof = make_check(
                    CheckId::Proof,
                    CheckStatus::Invalid,
                    Some("bad_signature"),
                    Some(format!("{}: the {} signature does not match the document; it was changed after signing or signed with another key", label(i), suite.name())),
                    CheckSource::Document,
                );
                proof.warnings = warnings;
                return (proof, key_check(key, issuer));
            }
            Outcome::Malformed { reason } => {
                let mut proof = make_check(CheckId::Proof, CheckStatus::Invalid, Some("malformed_proof"), Some(format!("{}: {reason}", label(i))), CheckSource::Document);
                proof.warnings = warnings;
                let key = make_check(CheckId::IssuerKey, CheckStatus::Unknown, Some("not_checked"), Some("not checked: the proof is malformed".into()), CheckSource::Document);
                return (proof, key);
            }
            Outcome::KeyProblem { err, .. } if err.is_definite() => {
                let proof = make_check(
                    CheckId::Proof,
                    CheckStatus::Invalid,
                    Some("unusable_key"),
                    Some(format!("{}: the signing key cannot be used: {err}", label(i))),
                    CheckSource::Document,
                );
                let code = if matches!(err, KeyError::NotAuthorized(_)) { "key_not_authorized" } else { "invalid_key" };
                let key = make_check(CheckId::IssuerKey, CheckStatus::Invalid, Some(code), Some(err.to_string()), CheckSource::Document);
                return (Check { warnings, ..proof }, key);
            }
            _ => {}
        }
    }

    // Then success: at least one proof verified.
    if let Some((i, suite, key)) = outcomes.iter().enumerate().find_map(|(i, o)| match o {
        Outcome::Verified { suite, key } => Some((i, suite, key)),
        _ => None,
    }) {
        for (j, o) in outcomes.iter().enumerate() {
            match o {
                Outcome::Unsupported { what } => warnings.push(format!("{}: {what}; it was not checked", label(j))),
                Outcome::KeyProblem { err, .. } => warnings.push(format!("{}: not checked: {err}", label(j))),
                _ => {}
            }
        }
        let mut proof = make_check(
            CheckId::Proof,
            CheckStatus::Valid,
            None,
            Some(format!("{}: {} signature verified", label(i), suite.name())),
            CheckSource::Document,
        );
        proof.warnings = warnings;
        return (proof, key_check(key, issuer));
    }

    // Nothing verified and nothing failed: we could not check.
    let mut reasons = Vec::new();
    let mut key_unknown = None;
    for (i, o) in outcomes.iter().enumerate() {
        match o {
            Outcome::Unsupported { what } => reasons.push(format!("{}: {what}", label(i))),
            Outcome::KeyProblem { err, .. } => {
                reasons.push(format!("{}: the signing key could not be obtained: {err}", label(i)));
                key_unknown.get_or_insert_with(|| err.clone());
            }
            _ => {}
        }
    }
    let code = if key_unknown.is_some() { "key_unavailable" } else { "unsupported_proof" };
    let mut proof = make_check(CheckId::Proof, CheckStatus::Unknown, Some(code), Some(reasons.join("; ")), CheckSource::Document);
    proof.warnings = warnings;
    let key = match key_unknown {
        Some(err) => make_check(
            CheckId::IssuerKey,
            CheckStatus::Unknown,
            Some(if matches!(err, KeyError::Offline(_)) { "offline" } else if matches!(err, KeyError::Unsupported(_)) { "unsupported_method" } else { "unreachable" }),
            Some(err.to_string()),
            CheckSource::Document,
        ),
        None => make_check(CheckId::IssuerKey, CheckStatus::Unknown, Some("not_checked"), Some("not checked: no supported proof".into()), CheckSource::Document),
    };
    (proof, key)
}

/// The issuer-key check for a resolved key: its controller must be the issuer.
fn key_check(key: &ResolvedKey, issuer: Option<&str>) -> Check {
    let mut c = match issuer {
        Some(i) if i == key.controller => make_check(
            CheckId::IssuerKey,
            CheckStatus::Valid,
            None,
            Some(format!("key {} of issuer {i}, {}", key.vm_id, key.how)),
            key.source.clone(),
        ),
        Some(i) => make_check(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            Some("controller_mismatch"),
            Some(format!("the signing key is controlled by {}, but the credential names {i} as issuer", key.controller)),
            key.source.clone(),
        ),
        None => make_check(CheckId::IssuerKey, CheckStatus::Invalid, Some("no_issuer"), Some("the credential names no issuer to match the key against".into()), key.source.clone()),
    };
    c.warnings = key.warnings.clone();
    c
}

fn one_proof(
    cred: &Credential,
    proof: &Map<String, Value>,
    resolver: &KeyResolver,
    issuer: Option<&str>,
    secured_quads: Option<&[Quad]>,
) -> Outcome {
    let suite = match Suite::detect(proof) {
        Ok(s) => s,
        Err(SuiteError::Unsupported(what)) => return Outcome::Unsupported { what },
        Err(SuiteError::Malformed(reason)) => return Outcome::Malformed { reason },
    };
    if let Err(reason) = suites::check_common_fields(proof, ASSERTION_METHOD) {
        return Outcome::Malformed { reason };
    }
    let Some(vm) = proof.get("verificationMethod").and_then(Value::as_str) else {
        return Outcome::Malformed { reason: "verificationMethod is missing or not a string".into() };
    };
    let key = match resolver.resolve(vm, issuer, ASSERTION_METHOD) {
        Ok(k) => k,
        Err(err) => return Outcome::KeyProblem { suite, err },
    };
    match suite.verify_with(&cred.doc, proof, &key.public_key, secured_quads) {
        Ok(true) => Outcome::Verified { suite, key },
        Ok(false) => Outcome::BadSignature { suite, key },
            Err(VerifyFailure::Malformed(reason)) => Outcome::Malformed { reason },
        Err(VerifyFailure::Canonicalization(reason)) => {
            Outcome::Unsupported { what: format!("the {} proof could not be checked: {reason}", suite.name()) }
        }
    }
}
