//! Every Open Badges 3.0 fixture in ../shared/fixtures that uses the suites Akashi
//! implements (eddsa-rdfc-2022 / eddsa-2022, eddsa-jcs-2022, Ed25519Signature2020), with the
//! outcome the fixtures README states, plus the negative cases DCC's verifier derives in
//! code and did:web resolution against the fixtures' DID documents.
//!
//! Summaries: a credential the source calls "valid" is `verified_with_warnings` here, because
//! no issuer registry is configured and Akashi says so. Deliberate differences from a source
//! are marked DIVERGES with the reason.

use std::collections::HashMap;
use std::sync::Arc;

use akashi_core::resolve::{FetchError, Fetched, Fetcher};
use akashi_core::{CheckId, CheckStatus, Report, Summary, Verifier, VerifyOptions};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use CheckStatus::{Invalid, NotApplicable, Unknown, Valid};
use Summary::*;

fn at(s: &str) -> Option<DateTime<Utc>> {
    Some(DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&Utc))
}

fn verifier(now: Option<DateTime<Utc>>) -> Verifier {
    Verifier::new(VerifyOptions { now, offline: true, ..Default::default() }).expect("verifier")
}

fn run(rel: &str, now: Option<DateTime<Utc>>) -> Report {
    verifier(now).verify(&crate::common::fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn status(r: &Report, id: CheckId) -> CheckStatus {
    r.check(id).map(|c| c.status).unwrap_or_else(|| panic!("no {id:?} check"))
}

fn code(r: &Report, id: CheckId) -> Option<String> {
    r.check(id).and_then(|c| c.code.clone())
}

struct Case {
    path: &'static str,
    now: Option<&'static str>,
    summary: Summary,
    /// (check, status, code) that must hold.
    checks: &'static [(CheckId, CheckStatus, Option<&'static str>)],
}

const P: CheckId = CheckId::Proof;
const K: CheckId = CheckId::IssuerKey;
const F: CheckId = CheckId::Format;
const V: CheckId = CheckId::Validity;
const S: CheckId = CheckId::Status;

fn cases() -> Vec<Case> {
    let c = |path, now, summary, checks| Case { path, now, summary, checks };
    vec![
        // --- 1EdTech validator (inspector-vc ob30) ---
        c("ob3/1edtech-validator/simple.json", None, VerifiedWithWarnings, &[(P, Valid, None), (K, Valid, None)]),
        c("ob3/1edtech-validator/simple.1ob", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/1edtech-validator/simple_v1.json", None, VerifiedWithWarnings, &[(P, Valid, None), (F, Valid, None)]),
        c("ob3/1edtech-validator/simple-context-alias.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/1edtech-validator/simple-context-version.json", None, VerifiedWithWarnings, &[(P, Valid, None), (F, Valid, None)]),
        c("ob3/1edtech-validator/simple-eddsa-2022.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/1edtech-validator/simple-did-web-method.json", None, VerifiedWithWarnings, &[(P, Valid, None), (K, Valid, None)]),
        // DIVERGES: 1EdTech accepts it, but the issuer is urn:uuid:… while the key is a did:key;
        // nothing ties the key to the issuer, so Akashi refuses (issue #2: controller == issuer).
        c(
            "ob3/1edtech-validator/simple-did-key-method.json",
            None,
            NotVerified,
            &[(P, Valid, None), (K, Invalid, Some("controller_mismatch"))],
        ),
        c("ob3/1edtech-validator/simple-noproof.json", None, NotVerified, &[(P, Invalid, Some("no_proof"))]),
        c("ob3/1edtech-validator/simple-err-type.json", None, NotVerified, &[(F, Invalid, Some("undefined_terms"))]),
        c(
            "ob3/1edtech-validator/simple-err-proof-method.json",
            None,
            NotVerified,
            &[(P, Invalid, Some("unusable_key")), (K, Invalid, Some("invalid_key"))],
        ),
        c("ob3/1edtech-validator/simple-err-proof-method-no-scheme.json", None, NotVerified, &[(P, Invalid, Some("unusable_key"))]),
        c(
            "ob3/1edtech-validator/simple-err-proof-method-unknown-scheme.json",
            None,
            NotVerified,
            &[(P, Unknown, Some("key_unavailable")), (K, Unknown, Some("unsupported_method"))],
        ),
        c(
            "ob3/1edtech-validator/simple-err-proof-method-unknown-did-method.json",
            None,
            NotVerified,
            &[(P, Unknown, Some("key_unavailable")), (K, Unknown, Some("unsupported_method"))],
        ),
        c("ob3/1edtech-validator/simple-err-proof-value.json", None, NotVerified, &[(P, Invalid, Some("bad_signature"))]),
        c("ob3/1edtech-validator/simple-err-expired.json", None, Expired, &[(P, Valid, None), (V, Invalid, Some("expired"))]),
        c("ob3/1edtech-validator/simple-err-issued.json", None, NotYetValid, &[(P, Valid, None), (V, Invalid, Some("not_yet_valid"))]),
        c("ob3/1edtech-validator/simple-err-issuer.json", None, NotVerified, &[(F, Invalid, Some("no_issuer"))]),
        c("ob3/1edtech-validator/simple-err-context.json", None, NotVerified, &[(F, Invalid, Some("no_vc_context"))]),
        c("ob3/1edtech-validator/simple-err-credential-subject-type.json", None, NotVerified, &[(F, Invalid, Some("undefined_terms"))]),
        c(
            "ob3/1edtech-validator/simple-err-credential-subject-identifier-type.json",
            None,
            NotVerified,
            &[(F, Invalid, Some("undefined_terms"))],
        ),
        c(
            "ob3/1edtech-validator/simple-err-credential-subject-result-type.json",
            None,
            NotVerified,
            &[(F, Invalid, Some("undefined_terms"))],
        ),
        c(
            "ob3/1edtech-validator/simple-err-credential-subject-achievement-result-description-type.json",
            None,
            NotVerified,
            &[(F, Invalid, Some("undefined_terms"))],
        ),
        c(
            "ob3/1edtech-validator/simple-err-credential-subject-profile-type.json",
            None,
            NotVerified,
            &[(F, Invalid, Some("undefined_terms"))],
        ),
        c("ob3/1edtech-validator/simple-err-evidence-type.json", None, NotVerified, &[(F, Invalid, Some("undefined_terms"))]),
        c("ob3/1edtech-validator/simple-err-issuer-type.json", None, NotVerified, &[(F, Invalid, Some("undefined_terms"))]),
        c("ob3/1edtech-validator/simple-err-issuer-parentorg-type.json", None, NotVerified, &[(F, Invalid, Some("undefined_terms"))]),
        c("ob3/1edtech-validator/simple-err-issuer-otheridentifier-type.json", None, NotVerified, &[(F, Invalid, Some("undefined_terms"))]),
        // Exactly one failing check, as 1EdTech expects: the undefined proof type; the eddsa proof verifies.
        c(
            "ob3/1edtech-validator/simple-multiple-proofs.json",
            None,
            NotVerified,
            &[(F, Invalid, Some("undefined_terms")), (P, Valid, None), (K, Valid, None)],
        ),
        c("ob3/1edtech-validator/endorsement-valid.json", None, VerifiedWithWarnings, &[(P, Valid, None), (CheckId::Schema, Valid, None)]),
        c("ob3/1edtech-validator/endorsement-err-schema-status-refresh.json", None, NotVerified, &[(P, Invalid, Some("bad_signature"))]),
        // Expected invalid by the source only because an endorsement's schema URL 404s (network);
        // the credential's own declared schema is bundled and passes, and its
        // 1EdTechRevocationList status is reported as not checked yet.
        c(
            "ob3/1edtech-validator/complete.json",
            None,
            VerifiedWithWarnings,
            &[(P, Valid, None), (S, Unknown, Some("offline")), (CheckId::Schema, Valid, None)],
        ),
        // Revoked per the source, but the list and did:web document are network-only: unknown, never "not revoked".
        c("ob3/1edtech-validator/credential-status-revoked.json", None, NotVerified, &[(K, Unknown, Some("offline"))]),
        c(
            "ob3/1edtech-validator/bit-string-list/credential-status-revoked.json",
            None,
            VerifiedWithWarnings,
            &[(P, Valid, None), (S, Unknown, Some("offline"))],
        ),
        c(
            "ob3/1edtech-validator/bit-string-list/credential-status-revoked-blank-nodes.json",
            None,
            VerifiedWithWarnings,
            &[(P, Valid, None), (S, Unknown, Some("offline"))],
        ),
        // Source: invalid (schema URL 404; hosted key). Here the extension types are undefined
        // (no extensions context in a VC 1.1 document) and the hosted key needs the network.
        c(
            "ob3/1edtech-validator/complete_v1.json",
            None,
            NotVerified,
            &[(F, Invalid, Some("undefined_terms")), (K, Unknown, Some("offline"))],
        ),
        // --- 1EdTech spec implementation-guide vector ---
        c("ob3/1edtech-spec-ldp-test-vector/credential-signed.json", None, VerifiedWithWarnings, &[(P, Valid, None), (K, Valid, None)]),
        c("ob3/1edtech-spec-ldp-test-vector/credential-unsigned.json", None, NotVerified, &[(P, Invalid, Some("no_proof"))]),
        // --- DCC verifier-core ---
        c("ob3/dcc-verifier-core/v2/v2NoStatus.json", None, VerifiedWithWarnings, &[(P, Valid, None), (S, NotApplicable, None)]),
        c(
            "ob3/dcc-verifier-core/v2/v2WithValidStatus.json",
            None,
            VerifiedWithWarnings,
            &[(P, Valid, None), (S, Unknown, Some("offline"))],
        ),
        c("ob3/dcc-verifier-core/v2/v2Expired.json", None, Expired, &[(V, Invalid, Some("expired"))]),
        c("ob3/dcc-verifier-core/v2/v2ExpiredWithValidStatus.json", None, Expired, &[(V, Invalid, Some("expired"))]),
        c(
            "ob3/dcc-verifier-core/v2/v2RevokedAndExpired.json",
            None,
            Expired,
            &[(V, Invalid, Some("expired")), (S, Unknown, Some("offline"))],
        ),
        // Revoked per the source (status list): status lists come later, so "unknown", never "not revoked".
        c("ob3/dcc-verifier-core/v2/v2Revoked.json", None, VerifiedWithWarnings, &[(S, Unknown, Some("offline"))]),
        c("ob3/dcc-verifier-core/v2/v2SimpleIssuerId.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/dcc-verifier-core/v2/v2OBv3SpecExample.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/dcc-verifier-core/v1/v1NoStatus.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/dcc-verifier-core/v1/v1WithValidStatus.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/dcc-verifier-core/v1/v1Expired.json", None, Expired, &[(V, Invalid, Some("expired"))]),
        c("ob3/dcc-verifier-core/v1/v1ExpiredWithValidStatus.json", None, Expired, &[(V, Invalid, Some("expired"))]),
        c("ob3/dcc-verifier-core/v1/v1RevokedAndExpired.json", None, Expired, &[(V, Invalid, Some("expired"))]),
        c("ob3/dcc-verifier-core/v1/v1Revoked.json", None, VerifiedWithWarnings, &[(S, Unknown, Some("offline"))]),
        c("ob3/dcc-verifier-core/v1/v1SimpleIssuerId.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/dcc-verifier-core/v1/v1OBv3SpecExample.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/dcc-verifier-core/v1/testVC.json", None, NotVerified, &[(P, Invalid, Some("bad_signature"))]),
        c("ob3/dcc-verifier-core/eddsa/v2/v2EddsaWithValidStatus.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        // DCC: fatal safe-mode error. Here: StatusList2021Entry is undefined in a VC 2.0 document.
        c("ob3/dcc-verifier-core/eddsa/v2/safeModeBreaker.json", None, NotVerified, &[(F, Invalid, Some("undefined_terms"))]),
        c("ob3/dcc-verifier-core/eddsaAndEd25519/v2/v2DoubleSigWithValidStatus.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c(
            "ob3/dcc-verifier-core/eddsaAndEd25519/v2/v2DoubleSigWithBadStatusUrl.json",
            None,
            VerifiedWithWarnings,
            &[(P, Valid, None), (S, Unknown, Some("offline"))],
        ),
        // did:web issuers offline: the key needs the network, so not verified (online: see below).
        c("ob3/dcc-verifier-core/v2/didWeb/v2didWebWithValidStatus.json", None, NotVerified, &[(K, Unknown, Some("offline"))]),
        // --- DCC VerifierPlus, LCW, JFF plugfest ---
        c("ob3/dcc-verifier-plus/obv3_v2.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/dcc-verifier-plus/obv3_v1.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("ob3/dcc-verifier-plus/sampleVC.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        c("other/dcc-lcw/mockCredential.json", Some("2024-06-01T00:00:00Z"), VerifiedWithWarnings, &[(P, Valid, None)]),
        c("other/dcc-lcw/mockCredential.json", Some("2026-01-01T00:00:00Z"), Expired, &[(V, Invalid, Some("expired"))]),
        c("ob3/jff-plugfest/signed_badge_example-p2.json", None, VerifiedWithWarnings, &[(P, Valid, None)]),
        // Ed25519Signature2018 (detached JWS), a real JFF plugfest 3 badge.
        c("ob3/jff-plugfest/signed_badge_example-p3.json", None, VerifiedWithWarnings, &[(P, Valid, None), (K, Valid, None)]),
        // JFF plugfest 1 (source: no outcome): real issuer-signed pre-release badges (a JFF context
        // instead of OB 3.0's, Ed25519Signature2018): authentic, with a warning about the context.
        c("ob3/jff-plugfest/plugfest-1-ex-1.json", None, VerifiedWithWarnings, &[(F, Valid, None), (P, Valid, None), (K, Valid, None)]),
        c("ob3/jff-plugfest/plugfest-1-ex-2.json", None, VerifiedWithWarnings, &[(F, Valid, None), (P, Valid, None)]),
        // ecdsa-sd-2023 (source: valid) is not implemented: unknown, not "valid".
        c("ob3/1edtech-validator/sd/derivedcredential.json", None, NotVerified, &[(P, Unknown, Some("unsupported_proof"))]),
        // --- CLR 2.0 with Data Integrity (nested credentials are a later issue) ---
        c("other/1edtech-validator-clr20/simple.json", None, VerifiedWithWarnings, &[(P, Valid, None), (CheckId::Schema, Valid, None)]),
        c(
            "other/1edtech-spec-clr-ldp-test-vector/credential-signed.json",
            None,
            VerifiedWithWarnings,
            &[(P, Valid, None), (CheckId::Schema, Valid, None)],
        ),
    ]
}

#[test]
fn ob3_fixtures_give_the_expected_outcome() {
    let all = cases();
    let mut failures = Vec::new();
    for case in &all {
        if !crate::common::fixtures().join(case.path).exists() {
            failures.push(format!("{}: fixture missing", case.path));
            continue;
        }
        let r = run(case.path, case.now.and_then(at));
        let mut problems = Vec::new();
        if r.summary != case.summary {
            problems.push(format!("summary {:?}, expected {:?}", r.summary, case.summary));
        }
        for (id, st, cd) in case.checks {
            if status(&r, *id) != *st || (cd.is_some() && code(&r, *id).as_deref() != *cd) {
                problems.push(format!(
                    "{id:?} = {:?}/{:?}, expected {st:?}/{cd:?}: {:?}",
                    status(&r, *id),
                    code(&r, *id),
                    r.check(*id).and_then(|c| c.reason.clone())
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", case.path, problems.join("; ")));
        }
    }
    println!("OB 3.0 fixtures: {}/{} gave the expected outcome", all.len() - failures.len(), all.len());
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// DCC verifier-core derives these negative cases in code from v1/v2NoStatus.
#[test]
fn dcc_derived_negative_cases() {
    for base in ["ob3/dcc-verifier-core/v2/v2NoStatus.json", "ob3/dcc-verifier-core/v1/v1NoStatus.json"] {
        let doc: serde_json::Map<String, Value> = serde_json::from_slice(&crate::common::fixture(base)).expect("json");
        let v = verifier(None);
        let check = |d: &serde_json::Map<String, Value>| v.verify_object(d.clone());

        let mut tampered = doc.clone();
        tampered.insert("name".into(), json!("tampered!"));
        let r = check(&tampered);
        assert_eq!((r.summary, status(&r, P), code(&r, P).as_deref()), (NotVerified, Invalid, Some("bad_signature")), "{base} tampered");
        assert_eq!(status(&r, V), Unknown, "an invalid signature is fatal: validity is not claimed");

        let mut no_proof = doc.clone();
        no_proof.remove("proof");
        let r = check(&no_proof);
        assert_eq!((r.summary, code(&r, P).as_deref()), (NotVerified, Some("no_proof")), "{base} no proof");

        let mut bad_id = doc.clone();
        bad_id.insert("id".into(), json!("0923lksjf"));
        let r = check(&bad_id);
        assert_eq!((r.summary, code(&r, F).as_deref()), (NotVerified, Some("invalid_id")), "{base} non-URI id");

        let mut no_ctx = doc.clone();
        no_ctx.remove("@context");
        let r = check(&no_ctx);
        assert_eq!((r.summary, code(&r, F).as_deref()), (NotVerified, Some("no_context")), "{base} no context");

        let mut no_vc_ctx = doc.clone();
        let ctx: Vec<Value> = doc["@context"].as_array().expect("array").iter().skip(1).cloned().collect();
        no_vc_ctx.insert("@context".into(), Value::Array(ctx));
        let r = check(&no_vc_ctx);
        assert_eq!((r.summary, code(&r, F).as_deref()), (NotVerified, Some("no_vc_context")), "{base} no VC context");

        let mut unbundled = doc.clone();
        let mut ctx = doc["@context"].as_array().expect("array").clone();
        ctx.push(json!("https://contexts.example/not-bundled.jsonld"));
        unbundled.insert("@context".into(), Value::Array(ctx));
        let r = check(&unbundled);
        let f = r.check(F).expect("format");
        assert_eq!((f.status, f.code.as_deref()), (Invalid, Some("context_not_bundled")));
        assert!(f.reason.as_deref().unwrap_or_default().contains("https://contexts.example/not-bundled.jsonld"), "the error names the URL");
    }
}

/// A fetcher that serves the fixtures' DID documents for their did:web URLs.
struct FixtureWeb(HashMap<String, String>);

impl Fetcher for FixtureWeb {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        match self.0.get(url) {
            Some(rel) => Ok(Fetched::new(url, crate::common::fixture(rel))),
            None => Err(FetchError::Status(404)),
        }
    }
}

#[test]
fn did_web_issuers_resolve_through_a_fetcher() {
    let web = FixtureWeb(HashMap::from([
        (
            "https://digitalcredentials.github.io/dcc-did-web/did.json".to_owned(),
            "other/did/did-web/digitalcredentials.github.io/dcc-did-web/did.json".to_owned(),
        ),
        (
            "https://digitalcredentials.github.io/dcc-did-web/multikey/did.json".to_owned(),
            "other/did/did-web/digitalcredentials.github.io/dcc-did-web/multikey/did.json".to_owned(),
        ),
    ]));
    let v = Verifier::with_fetcher(VerifyOptions::default(), Some(Arc::new(web)));
    for f in [
        "ob3/dcc-verifier-core/v2/didWeb/v2didWebWithValidStatus.json",
        "ob3/dcc-verifier-core/v2/didWeb/v2didWebMultikeyWithValidStatus.json",
    ] {
        let r = v.verify(&crate::common::fixture(f)).expect("readable");
        assert_eq!(status(&r, P), Valid, "{f}: {:?}", r.check(P));
        let k = r.check(K).expect("key");
        assert_eq!(k.status, Valid, "{f}: {k:?}");
        assert!(matches!(&k.source, akashi_core::CheckSource::Network { url } if url.ends_with("did.json")), "{f}: source {:?}", k.source);
        assert_eq!(r.summary, VerifiedWithWarnings, "{f}");
    }
    // The DID document of dcc-did-web-bad does not exist (404): unknown, never verified.
    let r = v.verify(&crate::common::fixture("ob3/dcc-verifier-core/v2/didWeb/v2WithBadDidWeb.json")).expect("readable");
    assert_eq!((r.summary, status(&r, K), code(&r, K).as_deref()), (NotVerified, Unknown, Some("unreachable")));
}

/// Ed25519Signature2018 (detached JWS): tampering with the badge or the JWS header fails.
#[test]
fn ed25519_signature_2018_tampering_fails() {
    let base: serde_json::Map<String, Value> =
        serde_json::from_slice(&crate::common::fixture("ob3/jff-plugfest/signed_badge_example-p3.json")).expect("json");
    let v = verifier(None);
    assert_eq!(status(&v.verify_object(base.clone()), P), Valid);
    let mut t = base.clone();
    t.insert("name".into(), json!("tampered"));
    assert_eq!(code(&v.verify_object(t), P).as_deref(), Some("bad_signature"));
    let mut h = base.clone();
    let jws = h["proof"]["jws"].as_str().expect("jws").to_owned();
    // {"alg":"EdDSA","b64":true,...}: a payload-encoding change must be refused outright.
    h["proof"]["jws"] = json!(format!("eyJhbGciOiJFZERTQSIsImI2NCI6dHJ1ZX0{}", &jws[jws.find('.').expect("dot")..]));
    assert_eq!(code(&v.verify_object(h), P).as_deref(), Some("malformed_proof"));
}
