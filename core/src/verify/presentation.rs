//! Verifiable Presentations (VC Data Model 1.1 and 2.0): the holder's proof (purpose
//! `authentication`), the verifier's challenge and domain, each credential inside, and
//! whether the holder is its subject.
//!
//! The checks of a presentation, in order:
//! - [`CheckId::Format`]: contexts bundled, every term defined (embedded credentials included:
//!   the holder's signature covers them), `holder` / `id` are URIs.
//! - [`CheckId::Proof`]: the holder's proof(s), with the credential suites (eddsa-rdfc-2022,
//!   eddsa-jcs-2022, Ed25519Signature2020, Ed25519Signature2018) and purpose `authentication`.
//!   No proof → invalid `no_proof`: the credentials inside are still verified on their own,
//!   but nothing proves who presented them.
//! - [`CheckId::IssuerKey`] (for a presentation: the *holder's* key): the key's controller
//!   must be the `holder`. A presentation that names no holder is taken to be held by whoever
//!   signed it (valid, with a warning).
//! - [`CheckId::Validity`]: a presentation has no validity period of its own; a Data
//!   Integrity proof's `expires` (or a VP-JWT's `exp`) is honoured.
//! - [`CheckId::Challenge`]: when the verifier gives a challenge and/or domain
//!   ([`VerifyOptions`](super::VerifyOptions)), the verified proof must carry the same values
//!   (`domain` may be a list): missing or different → invalid (`challenge_missing`,
//!   `challenge_mismatch`, `domain_missing`, `domain_mismatch`). When the verifier gives none,
//!   the check is not applicable, with a warning: without a fresh challenge a replayed
//!   presentation cannot be detected.
//! - [`CheckId::Holder`]: the holder must be a subject (`credentialSubject.id`) of every
//!   credential. Someone else's credential → invalid `holder_not_subject`. A credential whose
//!   subject has no `id` (OB 3.0 badges often identify the learner by a hashed email) cannot
//!   be matched → unknown `subject_not_identified` (use the recipient check for those). A
//!   holder that is not proven (no proof, or a proof that did not verify) → unknown.
//! - [`CheckId::Nested`]: every embedded credential (`verifiableCredential`: objects, VC-JWT
//!   strings, VC 2.0 `EnvelopedVerifiableCredential`s) is verified on its own and listed in
//!   [`Report::nested`] (relation `presentation_member`); one that is not verified, revoked or
//!   suspended makes this check invalid; expired ones, or ones with warnings, are warnings.
//!
//! An invalid holder signature is fatal for the holder-bound checks (validity, challenge,
//! holder: unknown, "not checked"), but the credentials inside carry their own proofs and are
//! still verified and reported.
//!
//! VP-JWTs are verified by the JWT path, which judges the JWS and hands the outcome to
//! [`verify_with_holder_proof`] (JWT `nonce` = challenge, `aud` = domain).

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use super::format::{expand_strict, is_uri};
use super::nested::{list, short, subject_ids, sum_up, too_many, verify_member, MAX_MEMBERS};
use super::proof::{self, ProofRole};
use super::validity::parse_datetime;
use super::{fatal_reason, make_check, rfc3339, Run, Verifier};
use crate::parse::credential::{Credential, VcVersion};
use crate::parse::jsonld::Quad;
use crate::report::{Check, CheckId, CheckSource, CheckStatus, NestedReport, Relation, Report, Securing, Summary};

/// The holder's proof of a presentation, already judged: by [`verify`] for embedded proofs, or
/// by the JWT path for a VP-JWT (which then calls [`verify_with_holder_proof`]).
#[derive(Debug, Clone)]
pub(crate) struct HolderProof {
    /// The [`CheckId::Proof`] check: the holder's signature.
    pub proof: Check,
    /// The [`CheckId::IssuerKey`] check: the key belongs to the holder (for a VP-JWT: to `iss`).
    pub key: Check,
    /// Who is proven to have signed: the key's controller, set only when `proof` and `key`
    /// are both valid.
    pub signer: Option<String>,
    /// The challenge the holder signed (Data Integrity `challenge`, JWT `nonce`).
    pub challenge: Option<String>,
    /// The domain(s) the holder signed for (Data Integrity `domain`, JWT `aud`).
    pub domains: Vec<String>,
    /// When the holder's proof stops being valid (RFC 3339; Data Integrity `expires`, JWT `exp`).
    pub expires: Option<String>,
    /// When the holder signed (RFC 3339; Data Integrity `created`, JWT `iat`).
    pub created: Option<String>,
    /// How the presentation is secured ([`Securing::EmbeddedProof`] or [`Securing::VcJwt`]).
    pub securing: Securing,
}

/// Verifies a presentation given as JSON, with embedded proof(s).
pub(crate) fn verify(v: &Verifier, vp: Credential, run: Run) -> Report {
    let (format, quads) = format_check(&vp);
    let holder = holder_id(&vp.doc);
    let outcome = proof::check_as(&vp, v.resolver(), quads.as_deref(), ProofRole::holder(holder));
    // The proof whose challenge and domain count: the one that verified, else the first.
    let record = outcome.verified.as_ref().map(|(i, _)| *i).unwrap_or(0);
    let p = vp.proofs.get(record);
    let field = |name: &str| p.and_then(|p| p.get(name)).and_then(Value::as_str).map(str::to_owned);
    let hp = HolderProof {
        signer: outcome.verified.as_ref().map(|(_, k)| k.controller.clone()),
        challenge: field("challenge"),
        domains: p.map(|p| crate::parse::credential::strings(p.get("domain"))).unwrap_or_default(),
        expires: field("expires"),
        created: field("created"),
        securing: Securing::EmbeddedProof,
        proof: outcome.proof,
        key: outcome.key,
    };
    finish(v, vp, format, hp, run)
}

/// Entry point for presentations secured outside the document (VP-JWT): `vp_doc` is the
/// presentation (the JWT's `vp` claim, or the VC 2.0 JOSE payload) and `holder_proof` the
/// already-judged signature and key checks, with `signer` = the proven `iss` / key
/// controller, `challenge` = `nonce`, `domains` = `aud`, `expires` = `exp`. Runs the format,
/// validity, challenge, holder and nested checks exactly as for embedded proofs. When the
/// presentation names a `holder` other than `signer`, the key check becomes invalid
/// (`controller_mismatch`).
pub(crate) fn verify_with_holder_proof(v: &Verifier, vp_doc: Map<String, Value>, mut holder_proof: HolderProof, run: Run) -> Report {
    let vp = Credential::new(vp_doc);
    let (format, _) = format_check(&vp);
    if let (Some(h), Some(s)) = (holder_id(&vp.doc), holder_proof.signer.as_deref()) {
        if h != s {
            holder_proof.key = make_check(
                CheckId::IssuerKey,
                CheckStatus::Invalid,
                Some("controller_mismatch"),
                Some(format!("the presentation was signed by {}, but names {} as holder", short(s), short(h))),
                holder_proof.key.source.clone(),
            );
            holder_proof.signer = None;
        }
    }
    finish(v, vp, format, holder_proof, run)
}

/// The `holder` id: a string, or an object's `id`.
fn holder_id(doc: &Map<String, Value>) -> Option<&str> {
    match doc.get("holder") {
        Some(Value::String(s)) => Some(s),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// The presentation's format check, and its RDF when it expanded cleanly.
pub(crate) fn format_check(vp: &Credential) -> (Check, Option<Vec<Quad>>) {
    let invalid = |code: &str, reason: &str| {
        (make_check(CheckId::Format, CheckStatus::Invalid, Some(code), Some(reason.to_owned()), CheckSource::Document), None)
    };
    let doc = &vp.doc;
    if !doc.contains_key("@context") {
        return invalid("no_context", "the document has no @context, so it is not a Verifiable Presentation");
    }
    let Some(version) = vp.version else {
        return invalid("no_vc_context", "the first @context must be the VC Data Model 1.1 or 2.0 base context");
    };
    if !vp.has_type("VerifiablePresentation") {
        return invalid("not_a_presentation", "`type` does not include VerifiablePresentation");
    }
    if let Some(id) = doc.get("id") {
        if !id.as_str().is_some_and(is_uri) {
            return invalid("invalid_id", "the presentation `id` is not a URI");
        }
    }
    match doc.get("holder") {
        None => {}
        Some(_) if holder_id(doc).is_some_and(is_uri) => {}
        Some(_) => return invalid("invalid_holder", "`holder` must be a URI, or an object whose `id` is one"),
    }
    let members = list(doc.get("verifiableCredential"));
    if members.iter().any(|m| !m.is_object() && !m.is_string()) {
        return invalid("invalid_member", "every `verifiableCredential` entry must be a credential object or a JWT string");
    }
    if version == VcVersion::V2 && members.iter().any(|m| m.is_string()) {
        // VC 2.0 has no bare-string credentials (VC 1.1's VC-JWT embedding); its way is an
        // EnvelopedVerifiableCredential. JSON-LD processors disagree on what a string means here.
        return invalid(
            "invalid_member",
            "in VC Data Model 2.0 a JWT credential inside a presentation must be an EnvelopedVerifiableCredential (data:application/vc+jwt,...), not a bare string",
        );
    }
    let (quads, warning) = match expand_strict(doc) {
        Ok(x) => x,
        Err((code, reason)) => {
            return (make_check(CheckId::Format, CheckStatus::Invalid, Some(code), Some(reason), CheckSource::Document), None)
        }
    };
    let dm = match version {
        VcVersion::V1 => "VC Data Model 1.1",
        VcVersion::V2 => "VC Data Model 2.0",
    };
    let n = members.len();
    let mut c = make_check(
        CheckId::Format,
        CheckStatus::Valid,
        None,
        Some(format!(
            "Verifiable Presentation ({dm}) holding {n} credential{}; every term is defined by {} bundled context(s)",
            if n == 1 { "" } else { "s" },
            vp.context_urls.len()
        )),
        CheckSource::Bundled,
    );
    c.warnings.extend(warning);
    (c, Some(quads))
}

/// The checks after the holder's proof: validity, challenge, members, holder, nested.
fn finish(v: &Verifier, vp: Credential, format: Check, hp: HolderProof, run: Run) -> Report {
    // The holder-bound checks are not claimed after a failed holder proof (the credentials
    // inside still are verified: they carry their own proofs).
    let fatal = fatal_reason(&hp.proof).map(|_| match hp.proof.code.as_deref() {
        Some("bad_signature") => "not checked: the holder's signature is invalid, so nothing the presentation says can be trusted",
        _ => "not checked: the holder's proof is unusable, so nothing the presentation says can be trusted",
    });
    let unsigned = hp.proof.code.as_deref() == Some("no_proof");
    let holder = holder_id(&vp.doc).map(str::to_owned).or_else(|| hp.signer.clone());

    let validity = validity_check(&hp, fatal, unsigned, run.now);
    let challenge = challenge_check(v.options().challenge.as_deref(), v.options().domain.as_deref(), &hp, fatal, unsigned);

    let field = vp.doc.get("verifiableCredential");
    let members = list(field);
    let single = matches!(field, Some(Value::Object(_) | Value::String(_)));
    let mut reports: Vec<NestedReport> = Vec::with_capacity(members.len().min(MAX_MEMBERS + 1));
    for (i, m) in members.iter().enumerate() {
        let path = if single { "verifiableCredential".to_owned() } else { format!("verifiableCredential[{i}]") };
        if i == MAX_MEMBERS {
            reports.push(too_many(run, Relation::PresentationMember, path, members.len()));
            break;
        }
        reports.push(verify_member(v, m, Relation::PresentationMember, path, run));
    }
    let holder_c = holder_check(holder.as_deref(), &hp, fatal, unsigned, &members, &reports);
    let nested = if members.is_empty() {
        make_check(
            CheckId::Nested,
            CheckStatus::NotApplicable,
            None,
            Some("the presentation holds no credentials".into()),
            CheckSource::Document,
        )
    } else {
        sum_up(&reports, Vec::new(), "presentation")
    };

    let mut checks = vec![format, hp.proof, hp.key, validity, challenge, holder_c, nested];
    crate::l10n::attach_warning_messages(&mut checks);
    let summary = Summary::from_checks(&checks);
    Report {
        summary,
        checks,
        verified_at: rfc3339(run.now),
        credential: vp.info(),
        envelope: run.envelope,
        securing: hp.securing,
        nested: reports,
        associations: Vec::new(),
    }
}

fn validity_check(hp: &HolderProof, fatal: Option<&'static str>, unsigned: bool, now: DateTime<Utc>) -> Check {
    let c = |status, code: Option<&str>, reason: String| make_check(CheckId::Validity, status, code, Some(reason), CheckSource::Local);
    if let Some(why) = fatal.filter(|_| !unsigned) {
        return c(CheckStatus::Unknown, Some("not_checked"), why.to_owned());
    }
    if unsigned {
        return c(
            CheckStatus::NotApplicable,
            None,
            "the presentation is not signed, so it has no proof to expire; each credential's validity is checked on its own".into(),
        );
    }
    if hp.signer.is_none() {
        return c(CheckStatus::Unknown, Some("not_checked"), "not checked: the holder's proof was not verified".into());
    }
    let mut warnings = Vec::new();
    if let Some((t, _)) = hp.created.as_deref().and_then(parse_datetime) {
        if t > now + Duration::minutes(5) {
            warnings.push(crate::l10n::warning("warn-holder-proof-created-future", &[("created", rfc3339(t))]));
        }
    }
    let mut check = match hp.expires.as_deref() {
        Some(s) => match parse_datetime(s) {
            None => c(CheckStatus::Invalid, Some("invalid_date"), "the holder's proof has an `expires` that is not a dateTime".into()),
            Some((t, _)) if now > t => c(CheckStatus::Invalid, Some("expired"), format!("the holder's proof expired at {}", rfc3339(t))),
            Some((t, _)) => c(CheckStatus::Valid, None, format!("the holder's proof is valid until {}", rfc3339(t))),
        },
        None => {
            let when = hp.created.as_deref().map(|s| format!(" (the holder signed it at {})", short(s))).unwrap_or_default();
            c(
                CheckStatus::NotApplicable,
                None,
                format!("a presentation has no validity period of its own{when}; each credential's is checked on its own"),
            )
        }
    };
    check.warnings = warnings;
    check
}

fn challenge_check(
    want_challenge: Option<&str>,
    want_domain: Option<&str>,
    hp: &HolderProof,
    fatal: Option<&'static str>,
    unsigned: bool,
) -> Check {
    let mk = |status, code: Option<&str>, reason: String| make_check(CheckId::Challenge, status, code, Some(reason), CheckSource::Document);
    if unsigned {
        if want_challenge.is_some() || want_domain.is_some() {
            let code = if want_challenge.is_some() { "challenge_missing" } else { "domain_missing" };
            return mk(
                CheckStatus::Invalid,
                Some(code),
                "the presentation is not signed, so it does not answer the verifier's challenge or domain".into(),
            );
        }
        return mk(CheckStatus::NotApplicable, None, "the presentation is not signed, so it carries no challenge".into());
    }

    let mut problems: Vec<(&str, String)> = Vec::new();
    let mut matched = Vec::new();
    let mut warnings = Vec::new();
    match (want_challenge, hp.challenge.as_deref()) {
        (Some(want), None) => {
            problems.push(("challenge_missing", format!("the holder's proof has no challenge, but {} was expected", short(want))))
        }
        (Some(want), Some(got)) if got != want => {
            problems.push(("challenge_mismatch", format!("the holder signed challenge {}, but {} was expected", short(got), short(want))))
        }
        (Some(want), Some(_)) => matched.push(format!("challenge {}", short(want))),
        (None, Some(got)) => {
            warnings.push(crate::l10n::warning("warn-holder-challenge-unchecked", &[("challenge", short(got).to_string())]))
        }
        (None, None) => warnings.push(crate::l10n::warning("warn-holder-no-challenge", &[])),
    }
    let domains = hp.domains.iter().map(|d| short(d)).collect::<Vec<_>>().join(", ");
    match want_domain {
        Some(want) if hp.domains.is_empty() => {
            problems.push(("domain_missing", format!("the holder's proof names no domain, but {} was expected", short(want))))
        }
        Some(want) if !hp.domains.iter().any(|d| d == want) => {
            problems.push(("domain_mismatch", format!("the holder signed for domain {domains}, but {} was expected", short(want))))
        }
        Some(want) => matched.push(format!("domain {}", short(want))),
        None if !hp.domains.is_empty() => {
            warnings.push(crate::l10n::warning("warn-holder-domain-unchecked", &[("domains", domains.clone())]))
        }
        None => {}
    }

    let mut c = if let Some((code, _)) = problems.first() {
        let reason = problems.iter().map(|(_, r)| r.as_str()).collect::<Vec<_>>().join("; ");
        mk(CheckStatus::Invalid, Some(code), reason)
    } else if matched.is_empty() {
        mk(CheckStatus::NotApplicable, None, "no challenge or domain was given to check".into())
    } else if let Some(why) = fatal {
        mk(CheckStatus::Unknown, Some("not_checked"), why.to_owned())
    } else if hp.signer.is_none() {
        mk(
            CheckStatus::Unknown,
            Some("not_checked"),
            format!("the {} match, but the holder's proof that carries them was not verified", matched.join(" and ")),
        )
    } else {
        mk(CheckStatus::Valid, None, format!("the holder signed the expected {}", matched.join(" and ")))
    };
    c.warnings = warnings;
    c
}

fn holder_check(
    holder: Option<&str>,
    hp: &HolderProof,
    fatal: Option<&'static str>,
    unsigned: bool,
    members: &[&Value],
    reports: &[NestedReport],
) -> Check {
    let mk = |status, code: Option<&str>, reason: String| make_check(CheckId::Holder, status, code, Some(reason), CheckSource::Document);
    if members.is_empty() {
        return mk(CheckStatus::NotApplicable, None, "the presentation holds no credentials".into());
    }
    if let Some(why) = fatal.filter(|_| !unsigned) {
        return mk(CheckStatus::Unknown, Some("not_checked"), why.to_owned());
    }
    let Some(holder) = holder else {
        return mk(CheckStatus::Unknown, Some("no_holder"), "the presentation names no holder and no proof shows who presented it".into());
    };

    let mut others = Vec::new();
    let mut unidentified = Vec::new();
    let mut matched = 0usize;
    for (m, n) in members.iter().zip(reports) {
        match subject_ids(m) {
            Some(ids) if ids.iter().any(|s| s == holder) => matched += 1,
            Some(ids) if !ids.is_empty() => {
                others.push(format!("{} is about {}", n.path, ids.iter().map(|s| short(s)).collect::<Vec<_>>().join(", ")))
            }
            Some(_) => unidentified.push(format!("{} (its subject has no id)", n.path)),
            None => unidentified.push(format!("{} (its subject cannot be read)", n.path)),
        }
    }
    let h = short(holder);
    let proven = hp.signer.is_some();
    if !others.is_empty() {
        let mut c = mk(
            CheckStatus::Invalid,
            Some("holder_not_subject"),
            format!("the holder {h} is not the subject of every credential: {}", others.join("; ")),
        );
        if !proven {
            c.warnings.push(crate::l10n::warning("warn-holder-not-proven", &[("holder", h.to_string())]));
        }
        return c;
    }
    if !proven {
        let why = if unsigned { "the presentation is not signed" } else { "the holder's proof was not verified" };
        return mk(
            CheckStatus::Unknown,
            Some("holder_not_proven"),
            format!("the presentation names {h} as holder, but {why}, so nothing shows {h} presented these credentials"),
        );
    }
    if !unidentified.is_empty() {
        return mk(
            CheckStatus::Unknown,
            Some("subject_not_identified"),
            format!(
                "{matched} of {} credentials are about the holder {h}; these cannot be matched to the holder: {}",
                members.len(),
                unidentified.join(", ")
            ),
        );
    }
    mk(CheckStatus::Valid, None, format!("the holder {h} is the subject of every credential it presents"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Envelope;
    use crate::verify::VerifyOptions;

    fn passed(id: CheckId, reason: &str) -> Check {
        make_check(id, CheckStatus::Valid, None, Some(reason.into()), CheckSource::Local)
    }

    /// What the JWT path would pass for a VP-JWT whose JWS verified with a key of `iss`.
    fn jwt_proof(signer: &str, nonce: Option<&str>, aud: &[&str]) -> HolderProof {
        HolderProof {
            proof: passed(CheckId::Proof, "EdDSA JWS verified"),
            key: passed(CheckId::IssuerKey, "key of iss"),
            signer: Some(signer.into()),
            challenge: nonce.map(str::to_owned),
            domains: aud.iter().map(|s| (*s).to_owned()).collect(),
            expires: None,
            created: None,
            securing: Securing::VcJwt,
        }
    }

    fn vp_claim(holder: Option<&str>) -> Map<String, Value> {
        let mut v = serde_json::json!({"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiablePresentation"]});
        if let Some(h) = holder {
            v["holder"] = serde_json::json!(h);
        }
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn vp_jwt_entry_point() {
        let v = Verifier::new(VerifyOptions {
            offline: true,
            challenge: Some("nonce-1".into()),
            domain: Some("verifier.example".into()),
            ..Default::default()
        })
        .unwrap();
        let run = Run { now: Utc::now(), depth: 0, envelope: Envelope::CompactJws, for_status_list: false };
        let holder = "did:key:z6MkHolder";

        let r = verify_with_holder_proof(&v, vp_claim(Some(holder)), jwt_proof(holder, Some("nonce-1"), &["verifier.example"]), run);
        assert_eq!(r.securing, Securing::VcJwt);
        assert_eq!(r.check(CheckId::Format).map(|c| c.status), Some(CheckStatus::Valid));
        assert_eq!(r.check(CheckId::Challenge).map(|c| c.status), Some(CheckStatus::Valid), "{r:#?}");
        assert!(r.summary.is_verified(), "{r:#?}");

        // `vp` without holder: the signer (`iss`) is the holder.
        let r = verify_with_holder_proof(&v, vp_claim(None), jwt_proof(holder, Some("nonce-1"), &["verifier.example"]), run);
        assert!(r.summary.is_verified(), "{r:#?}");

        let r = verify_with_holder_proof(&v, vp_claim(Some(holder)), jwt_proof(holder, Some("nonce-2"), &["verifier.example"]), run);
        assert_eq!(r.check(CheckId::Challenge).and_then(|c| c.code.clone()).as_deref(), Some("challenge_mismatch"));
        assert_eq!(r.summary, Summary::NotVerified);

        let r = verify_with_holder_proof(&v, vp_claim(Some(holder)), jwt_proof(holder, Some("nonce-1"), &["other.example"]), run);
        assert_eq!(r.check(CheckId::Challenge).and_then(|c| c.code.clone()).as_deref(), Some("domain_mismatch"));

        // `vp.holder` names someone other than the signer.
        let r = verify_with_holder_proof(
            &v,
            vp_claim(Some("did:key:z6MkSomeoneElse")),
            jwt_proof(holder, Some("nonce-1"), &["verifier.example"]),
            run,
        );
        assert_eq!(r.check(CheckId::IssuerKey).and_then(|c| c.code.clone()).as_deref(), Some("controller_mismatch"));
        assert_eq!(r.summary, Summary::NotVerified);
    }
}
