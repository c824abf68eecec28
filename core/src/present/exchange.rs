//! Signing a Verifiable Presentation of chosen credentials (the learner's side) and verifying
//! one against the verifier's own request (the employer's side).
//!
//! ## The presentation
//! A VC Data Model 2.0 `VerifiablePresentation` (1.1 when every credential is a 1.1 one, with
//! the Data Integrity context for the proof), `holder` = the holder's `did:key`, the credentials
//! as they were received (JSON objects; a VC-JWT as a VC 2.0 `EnvelopedVerifiableCredential`),
//! and one `DataIntegrityProof` / `eddsa-rdfc-2022` proof with `proofPurpose: authentication`,
//! `created`, `expires` (created + a short lifetime, [`DEFAULT_LIFETIME_SECS`]) and, when
//! answering a request, its `challenge` and `domain`. A one-way presentation (no request) has
//! no challenge: only its short lifetime limits a replay.
//!
//! ## Verifying ([`verify_presentation`])
//! The verifier's whole pipeline for presentations runs (holder proof, holder key, each
//! credential on its own, holder = subject) with the request's challenge and domain; then:
//! - [`Expectation::Request`]: the request must not have expired at verification time, else
//!   the challenge check is invalid (`challenge_expired`); a presentation for another
//!   challenge or domain is invalid (`challenge_mismatch`, `domain_mismatch`).
//! - [`Expectation::OneWay`]: the challenge check says `not_bound` (not applicable, with a
//!   warning: the presentation is not bound to a challenge of this verifier), and the
//!   presentation must be younger than its lifetime: `expires`, and at most `max_age_secs`
//!   after `created` whatever `expires` says; older → validity invalid (`expired`), no time at
//!   all → invalid (`no_lifetime`).
//! - Something that is not a presentation (a bare credential) → the challenge check is invalid
//!   (`not_a_presentation`): nothing binds it to the person showing it.
//!
//! The outcome is data: `Err` only when the bytes cannot be read at all, or are a URL (never
//! fetched: a presentation carries itself).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::holder::HolderKey;
use super::request::{rfc3339, PresentationRequest};
use crate::input::{self, InputError, Payload};
use crate::parse::credential::{Credential, VcVersion};
use crate::report::{Check, CheckId, CheckSource, CheckStatus, Report, Summary};
use crate::verify::proof::{Suite, AUTHENTICATION};
use crate::verify::Verifier;

/// How long a presentation is valid after it is signed, by default (5 minutes: shown, scanned
/// and checked on the spot).
pub const DEFAULT_LIFETIME_SECS: u32 = 300;
/// The longest lifetime a holder may give a presentation (one hour).
pub const MAX_LIFETIME_SECS: u32 = 3600;
/// The most credentials one presentation carries (a QR sequence has to stay scannable).
pub const MAX_CREDENTIALS: usize = 16;

const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";
const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";

/// A signed presentation, ready for the transport (QR frames) as [`Presentation::text`].
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presentation {
    /// The presentation as compact JSON: what goes into the QR code(s).
    pub text: String,
    /// The holder's DID.
    pub holder: String,
    /// The challenge it answers (`None`: one-way).
    pub challenge: Option<String>,
    /// The domain it was signed for (`None`: one-way).
    pub domain: Option<String>,
    /// When it was signed (RFC 3339).
    pub created: String,
    /// When it stops being valid (RFC 3339).
    pub expires: String,
    /// How many credentials it holds.
    pub credentials: u32,
}

/// Why a presentation could not be made. Carries positions and fixed reasons, never content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresentError {
    /// No credential was chosen, or more than [`MAX_CREDENTIALS`].
    #[error("a presentation holds 1 to {MAX_CREDENTIALS} credentials")]
    CredentialCount,
    /// The request has expired: ask the verifier for a new one.
    #[error("the presentation request has expired")]
    RequestExpired,
    /// The lifetime is outside 1 second to [`MAX_LIFETIME_SECS`].
    #[error("a presentation's lifetime must be 1 to {MAX_LIFETIME_SECS} seconds")]
    InvalidLifetime,
    /// The credential at `index` cannot go into a Verifiable Presentation.
    #[error("credential {index} cannot be presented: {reason}")]
    NotPresentable {
        /// Its position among the chosen credentials.
        index: usize,
        /// Why (fixed text).
        reason: &'static str,
    },
    /// The presentation could not be canonicalized for signing (a credential whose JSON-LD does
    /// not expand with the bundled contexts).
    #[error("the presentation cannot be signed: its JSON-LD cannot be canonicalized")]
    Unsignable,
}

/// One chosen credential as it goes into the presentation, from the bytes the wallet keeps:
/// credential JSON (as is), a baked image (its credential), or a VC-JWT.
pub(crate) fn member_from_bytes(bytes: &[u8], index: usize) -> Result<Value, PresentError> {
    let np = |reason| PresentError::NotPresentable { index, reason };
    let detected = input::detect(bytes).map_err(|_| np("its stored bytes cannot be read"))?;
    match detected.payload {
        Payload::Json(doc) => {
            if crate::verify::ob2::is_ob2(&doc) {
                return Err(np("Open Badges 2.0 assertions are not Verifiable Credentials"));
            }
            if !Credential::new(doc.clone()).has_type("VerifiableCredential") {
                return Err(np("it is not a Verifiable Credential"));
            }
            Ok(Value::Object(doc))
        }
        Payload::CompactJws(jws) => {
            if crate::verify::ob2::is_ob2_jws(&jws) {
                return Err(np("Open Badges 2.0 assertions are not Verifiable Credentials"));
            }
            Ok(Value::String(jws))
        }
        Payload::Url(_) => Err(np("it is kept as a URL; a hosted badge cannot be carried in a presentation")),
    }
}

/// Signs a presentation of `credentials` (JSON objects, or VC-JWT strings) by `key`, answering
/// `request` (its challenge and domain) or one-way when `None`, created at `now` and valid for
/// `lifetime_secs`. Refuses an expired request ([`PresentError::RequestExpired`]).
pub fn sign_presentation(
    key: &HolderKey,
    credentials: Vec<Value>,
    request: Option<&PresentationRequest>,
    now: DateTime<Utc>,
    lifetime_secs: u32,
) -> Result<Presentation, PresentError> {
    if credentials.is_empty() || credentials.len() > MAX_CREDENTIALS {
        return Err(PresentError::CredentialCount);
    }
    if lifetime_secs == 0 || lifetime_secs > MAX_LIFETIME_SECS {
        return Err(PresentError::InvalidLifetime);
    }
    if request.is_some_and(|r| r.is_expired(now)) {
        return Err(PresentError::RequestExpired);
    }
    for (index, c) in credentials.iter().enumerate() {
        if !c.is_object() && !c.is_string() {
            return Err(PresentError::NotPresentable { index, reason: "it is neither a credential object nor a JWT" });
        }
    }
    // VC 1.1 credentials go in a 1.1 presentation (their @protected terms would clash with the
    // 2.0 context's); anything else (2.0, JWTs) in a 2.0 one.
    let all_v1 = credentials.iter().all(|c| c.as_object().is_some_and(|o| Credential::new(o.clone()).version == Some(VcVersion::V1)));
    let (contexts, members): (Value, Vec<Value>) = if all_v1 {
        (json!([VC_V1, DATA_INTEGRITY_V2]), credentials)
    } else {
        let members = credentials
            .into_iter()
            .map(|c| match c {
                // VC 2.0 carries a JWT credential as an EnvelopedVerifiableCredential data: URL.
                Value::String(jws) => {
                    json!({"@context": VC_V2, "id": format!("data:application/vc+jwt,{jws}"), "type": "EnvelopedVerifiableCredential"})
                }
                other => other,
            })
            .collect();
        (json!([VC_V2]), members)
    };
    let n = members.len();
    let holder = key.did();
    let mut vp = Map::new();
    vp.insert("@context".into(), contexts);
    vp.insert("type".into(), json!(["VerifiablePresentation"]));
    vp.insert("holder".into(), json!(holder));
    vp.insert("verifiableCredential".into(), Value::Array(members));

    let created = rfc3339(now);
    let expires = rfc3339(now + Duration::seconds(i64::from(lifetime_secs)));
    let mut proof = Map::new();
    proof.insert("type".into(), json!("DataIntegrityProof"));
    proof.insert("cryptosuite".into(), json!("eddsa-rdfc-2022"));
    proof.insert("created".into(), json!(created));
    proof.insert("expires".into(), json!(expires));
    proof.insert("verificationMethod".into(), json!(key.verification_method()));
    proof.insert("proofPurpose".into(), json!(AUTHENTICATION));
    if let Some(r) = request {
        proof.insert("challenge".into(), json!(r.challenge));
        proof.insert("domain".into(), json!(r.domain));
    }
    let hd = Suite::EddsaRdfc2022 { legacy_name: false }.hash_data(&vp, &proof).map_err(|_| PresentError::Unsignable)?;
    let sig = key.sign(&hd.hash_data);
    proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(sig).into_string())));
    vp.insert("proof".into(), Value::Object(proof));
    Ok(Presentation {
        text: Value::Object(vp).to_string(),
        holder,
        challenge: request.map(|r| r.challenge.clone()),
        domain: request.map(|r| r.domain.clone()),
        created,
        expires,
        credentials: u32::try_from(n).unwrap_or(u32::MAX),
    })
}

/// What the verifier expects of a presentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    /// An answer to this request, which the verifier made itself (its challenge, its domain,
    /// not expired).
    Request(PresentationRequest),
    /// A one-way presentation (the verifier made no request): reported as not bound to a
    /// challenge, and refused when older than its lifetime or than `max_age_secs`.
    OneWay {
        /// The oldest a presentation may be (seconds since its `created`), whatever its own
        /// `expires` says: [`MAX_LIFETIME_SECS`] is a sensible choice.
        max_age_secs: u32,
    },
}

/// The holder proof's times, as written (from the proofs with purpose `authentication`).
struct ProofTimes {
    created: Option<DateTime<Utc>>,
    expires: Option<DateTime<Utc>>,
}

fn proof_times(doc: &Map<String, Value>) -> ProofTimes {
    let proofs: Vec<&Map<String, Value>> = match doc.get("proof") {
        Some(Value::Object(p)) => vec![p],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    let time = |p: &Map<String, Value>, k: &str| {
        p.get(k).and_then(Value::as_str).and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc))
    };
    let auth: Vec<_> = proofs.into_iter().filter(|p| p.get("proofPurpose").and_then(Value::as_str) == Some(AUTHENTICATION)).collect();
    // Several holder proofs: the earliest deadline and the earliest creation count (fail closed).
    ProofTimes {
        created: auth.iter().filter_map(|p| time(p, "created")).min(),
        expires: auth.iter().filter_map(|p| time(p, "expires")).min(),
    }
}

fn check(id: CheckId, status: CheckStatus, code: &str, reason: String) -> Check {
    crate::verify::make_check(id, status, Some(code), Some(reason), CheckSource::Local)
}

/// Replaces (or adds) the check with `c`'s id.
fn put(report: &mut Report, c: Check) {
    match report.checks.iter_mut().find(|x| x.id == c.id) {
        Some(x) => *x = c,
        None => report.checks.push(c),
    }
}

/// Verifies a presentation (its text or bytes as scanned) against what the verifier expects.
/// `verifier` supplies the options (offline, clock, registries, cache); its own challenge and
/// domain options are replaced by the expectation's. See the module docs for the checks.
pub fn verify_presentation(verifier: &Verifier, bytes: &[u8], expect: &Expectation) -> Result<Report, InputError> {
    let detected = input::detect(bytes)?;
    let times = match &detected.payload {
        Payload::Json(doc) => proof_times(doc),
        // A scanned URL is never fetched: a presentation carries itself, and fetching would
        // tell a third party who is being checked, when and where.
        Payload::Url(_) => {
            return Err(InputError::UrlNotFetchable { reason: "a presentation is read from the scanned text, never fetched" })
        }
        Payload::CompactJws(_) => ProofTimes { created: None, expires: None },
    };
    let (challenge, domain) = match expect {
        Expectation::Request(r) => (Some(r.challenge.clone()), Some(r.domain.clone())),
        Expectation::OneWay { .. } => (None, None),
    };
    let bound = verifier.with_binding(challenge, domain);
    let now = bound.options().now.unwrap_or_else(Utc::now);
    let mut report = bound.verify_detected(detected)?;

    if report.check(CheckId::Holder).is_none() {
        put(
            &mut report,
            check(
                CheckId::Challenge,
                CheckStatus::Invalid,
                "not_a_presentation",
                "this is a credential, not a presentation: nothing shows that the person presenting it holds it".into(),
            ),
        );
        crate::l10n::attach_warning_messages(&mut report.checks);
        report.summary = Summary::from_checks(&report.checks);
        return Ok(report);
    }

    match expect {
        Expectation::Request(r) => {
            if r.is_expired(now) {
                put(
                    &mut report,
                    check(
                        CheckId::Challenge,
                        CheckStatus::Invalid,
                        "challenge_expired",
                        format!("the request {} answers expired at {}: ask for a new presentation", short(&r.challenge), r.expires),
                    ),
                );
            }
        }
        Expectation::OneWay { max_age_secs } => {
            if let Some(c) = report.checks.iter_mut().find(|c| c.id == CheckId::Challenge && c.status == CheckStatus::NotApplicable) {
                c.code = Some("not_bound".into());
                c.reason = Some("one-way presentation: it is not bound to a challenge of this verifier, so a copy could be shown again within its lifetime".into());
                if c.warnings.is_empty() {
                    c.warnings.push(crate::l10n::warning("warn-exchange-no-challenge", &[]));
                }
            }
            // Only a verified holder proof's times count; otherwise the validity check already
            // says "not checked".
            let proven =
                report.check(CheckId::Validity).is_some_and(|c| matches!(c.status, CheckStatus::Valid | CheckStatus::NotApplicable));
            if proven {
                let cap = times.created.map(|t| t + Duration::seconds(i64::from(*max_age_secs)));
                let deadline = match (times.expires, cap) {
                    (Some(e), Some(c)) => Some(e.min(c)),
                    (e, c) => e.or(c),
                };
                let c = match deadline {
                    None => check(
                        CheckId::Validity,
                        CheckStatus::Invalid,
                        "no_lifetime",
                        "a one-way presentation must say when it was made or until when it is valid; this one does not, so it could be a replay of any age".into(),
                    ),
                    Some(d) if now > d => check(
                        CheckId::Validity,
                        CheckStatus::Invalid,
                        "expired",
                        format!("the presentation's lifetime ended at {}: a one-way presentation older than its lifetime is refused", rfc3339(d)),
                    ),
                    Some(d) => check(
                        CheckId::Validity,
                        CheckStatus::Valid,
                        "within_lifetime",
                        format!("the presentation is within its lifetime (until {})", rfc3339(d)),
                    ),
                };
                let mut c = c;
                if c.status == CheckStatus::Valid {
                    c.code = None;
                }
                // Keep the pipeline's warnings (e.g. a creation time in the future).
                if let Some(old) = report.check(CheckId::Validity) {
                    c.warnings.extend(old.warnings.iter().cloned());
                }
                put(&mut report, c);
            }
        }
    }
    crate::l10n::attach_warning_messages(&mut report.checks);
    report.summary = Summary::from_checks(&report.checks);
    Ok(report)
}

fn short(s: &str) -> String {
    if s.chars().count() <= 24 {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(23).collect::<String>())
    }
}
