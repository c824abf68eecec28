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
//!
//! Presentations use the same machinery through [`check_as`] with [`ProofRole::holder`]:
//! purpose `authentication`, and the key must be controlled by the presentation's `holder`
//! (the [`CheckId::IssuerKey`] check then reports the *holder's* key).

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
/// The proof purpose a presentation's (holder's) proof must have.
pub const AUTHENTICATION: &str = "authentication";

/// Whose proof is checked: the purpose it must have and who must control its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofRole<'a> {
    /// The required `proofPurpose`.
    pub purpose: &'static str,
    /// The party that must control the key (the issuer or the holder), if the document names one.
    pub controller: Option<&'a str>,
    /// The party's name in messages: "issuer" or "holder".
    pub party: &'static str,
    /// The document's name in messages: "credential" or "presentation".
    pub document: &'static str,
    /// When the document names no party, accept the key's controller as the party (with a
    /// warning) instead of failing: a presentation's `holder` is optional.
    pub unnamed_ok: bool,
}

impl<'a> ProofRole<'a> {
    /// A credential's proof: `assertionMethod`, by a key of `issuer`.
    pub fn issuer(issuer: Option<&'a str>) -> Self {
        ProofRole { purpose: ASSERTION_METHOD, controller: issuer, party: "issuer", document: "credential", unnamed_ok: false }
    }

    /// A presentation's proof: `authentication`, by a key of `holder` (or of whoever signed,
    /// when the presentation names no holder).
    pub fn holder(holder: Option<&'a str>) -> Self {
        ProofRole { purpose: AUTHENTICATION, controller: holder, party: "holder", document: "presentation", unnamed_ok: true }
    }
}

/// The proof and key checks, and which proof verified.
#[derive(Debug, Clone)]
pub struct ProofOutcome {
    /// The [`CheckId::Proof`] check.
    pub proof: Check,
    /// The [`CheckId::IssuerKey`] check (for presentations: the holder's key).
    pub key: Check,
    /// The index (in the document's `proof` list) of the proof that verified with a key of
    /// the right party, and that key.
    pub verified: Option<(usize, ResolvedKey)>,
}

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
    let o = check_as(cred, resolver, secured_quads, ProofRole::issuer(cred.issuer_id()));
    (o.proof, o.key)
}

/// Runs the proof and key checks for `role` (a credential's issuer or a presentation's holder).
pub fn check_as(cred: &Credential, resolver: &KeyResolver, secured_quads: Option<&[Quad]>, role: ProofRole<'_>) -> ProofOutcome {
    let (proof, key, verified) = check_inner(cred, resolver, secured_quads, role);
    ProofOutcome { proof, key, verified }
}

fn check_inner(
    cred: &Credential,
    resolver: &KeyResolver,
    secured_quads: Option<&[Quad]>,
    role: ProofRole<'_>,
) -> (Check, Check, Option<(usize, ResolvedKey)>) {
    if cred.proofs.is_empty() {
        let reason = if role.party == "holder" {
            "the presentation has no proof, so nothing shows who presented it or that it is unchanged".to_owned()
        } else {
            format!("the {} has no embedded proof, so nothing shows who issued it or that it is unchanged", role.document)
        };
        let proof = make_check(CheckId::Proof, CheckStatus::Invalid, Some("no_proof"), Some(reason), CheckSource::Document);
        let key =
            make_check(CheckId::IssuerKey, CheckStatus::NotApplicable, None, Some("no proof names a key".into()), CheckSource::Document);
        return (proof, key, None);
    }

    let issuer = role.controller;
    let outcomes: Vec<Outcome> = cred.proofs.iter().map(|p| one_proof(cred, p, resolver, issuer, role.purpose, secured_quads)).collect();
    let n = outcomes.len();
    let label = |i: usize| if n > 1 { format!("proof {} of {n}", i + 1) } else { "the proof".to_owned() };
    // Which proof a warning is about, as arguments of its message.
    let which =
        |i: usize| [("many", if n > 1 { "yes" } else { "no" }.to_owned()), ("number", (i + 1).to_string()), ("count", n.to_string())];

    let mut warnings = Vec::new();
    for (i, o) in outcomes.iter().enumerate() {
        if let Outcome::Verified { suite, .. } | Outcome::BadSignature { suite, .. } | Outcome::KeyProblem { suite, .. } = o {
            if suite.warning().is_some() {
                warnings.push(crate::l10n::warning("warn-proof-legacy-cryptosuite", &which(i)));
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
                    Some(format!(
                        "{}: the {} signature does not match the document; it was changed after signing or signed with another key",
                        label(i),
                        suite.name()
                    )),
                    CheckSource::Document,
                );
                proof.warnings = warnings;
                return (proof, key_check(key, role), None);
            }
            Outcome::Malformed { reason } => {
                let mut proof = make_check(
                    CheckId::Proof,
                    CheckStatus::Invalid,
                    Some("malformed_proof"),
                    Some(format!("{}: {reason}", label(i))),
                    CheckSource::Document,
                );
                proof.warnings = warnings;
                let key = make_check(
                    CheckId::IssuerKey,
                    CheckStatus::Unknown,
                    Some("not_checked"),
                    Some("not checked: the proof is malformed".into()),
                    CheckSource::Document,
                );
                return (proof, key, None);
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
                return (Check { warnings, ..proof }, key, None);
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
                Outcome::Unsupported { what } => {
                    let [a, b, c] = which(j);
                    warnings.push(crate::l10n::warning("warn-proof-unsupported", &[a, b, c, ("what", what.to_string())]))
                }
                Outcome::KeyProblem { err, .. } => {
                    let [a, b, c] = which(j);
                    warnings.push(crate::l10n::warning("warn-proof-key-problem", &[a, b, c, ("error", err.to_string())]))
                }
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
        let key_c = key_check(key, role);
        // A key that is not the party's does not make the proof theirs.
        let verified = (key_c.status == CheckStatus::Valid).then(|| (i, key.clone()));
        return (proof, key_c, verified);
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
            Some(if matches!(err, KeyError::Offline(_)) {
                "offline"
            } else if matches!(err, KeyError::Unsupported(_)) {
                "unsupported_method"
            } else {
                "unreachable"
            }),
            Some(err.to_string()),
            CheckSource::Document,
        ),
        None => make_check(
            CheckId::IssuerKey,
            CheckStatus::Unknown,
            Some("not_checked"),
            Some("not checked: no supported proof".into()),
            CheckSource::Document,
        ),
    };
    (proof, key, None)
}

/// The key check for a resolved key: its controller must be the issuer (or the holder).
fn key_check(key: &ResolvedKey, role: ProofRole<'_>) -> Check {
    let party = role.party;
    let mut c = match role.controller {
        Some(i) if i == key.controller => make_check(
            CheckId::IssuerKey,
            CheckStatus::Valid,
            None,
            Some(format!("key {} of {party} {i}, {}", key.vm_id, key.how)),
            key.source.clone(),
        ),
        Some(i) => make_check(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            Some("controller_mismatch"),
            Some(format!("the signing key is controlled by {}, but the {} names {i} as {party}", key.controller, role.document)),
            key.source.clone(),
        ),
        None if role.unnamed_ok => {
            let mut c = make_check(
                CheckId::IssuerKey,
                CheckStatus::Valid,
                None,
                Some(format!("key {} of {}, {}", key.vm_id, key.controller, key.how)),
                key.source.clone(),
            );
            c.warnings
                .push(crate::l10n::warning("warn-proof-party-from-key", &[("party", party.to_owned()), ("key", key.controller.clone())]));
            c
        }
        None => make_check(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            Some(if party == "issuer" { "no_issuer" } else { "no_holder" }),
            Some(format!("the {} names no {party} to match the key against", role.document)),
            key.source.clone(),
        ),
    };
    c.warnings.extend(key.warnings.iter().cloned());
    c
}

fn one_proof(
    cred: &Credential,
    proof: &Map<String, Value>,
    resolver: &KeyResolver,
    issuer: Option<&str>,
    purpose: &'static str,
    secured_quads: Option<&[Quad]>,
) -> Outcome {
    let suite = match Suite::detect(proof) {
        Ok(s) => s,
        Err(SuiteError::Unsupported(what)) => return Outcome::Unsupported { what },
        Err(SuiteError::Malformed(reason)) => return Outcome::Malformed { reason },
    };
    if let Err(reason) = suites::check_common_fields(proof, purpose) {
        return Outcome::Malformed { reason };
    }
    let Some(vm) = proof.get("verificationMethod").and_then(Value::as_str) else {
        return Outcome::Malformed { reason: "verificationMethod is missing or not a string".into() };
    };
    let key = match resolver.resolve(vm, issuer, purpose) {
        Ok(k) => k,
        Err(err) => return Outcome::KeyProblem { suite, err },
    };
    // `resolve` yields Ed25519 keys only; anything else is refused there.
    let Some(public_key) = key.public_key.ed25519() else {
        return Outcome::KeyProblem { suite, err: KeyError::Invalid("the key is not an Ed25519 key".into()) };
    };
    match suite.verify_with(&cred.doc, proof, public_key, secured_quads) {
        Ok(true) => Outcome::Verified { suite, key },
        Ok(false) => Outcome::BadSignature { suite, key },
        Err(VerifyFailure::Malformed(reason)) => Outcome::Malformed { reason },
        Err(VerifyFailure::Canonicalization(reason)) => {
            Outcome::Unsupported { what: format!("the {} proof could not be checked: {reason}", suite.name()) }
        }
    }
}
