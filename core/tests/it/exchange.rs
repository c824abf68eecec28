//! Issue 6, holder side: the holder key in the wallet, requests, signed presentations and
//! their verification against the verifier's own request — on the example micro-credential
//! (full JP/EU descriptors) issued to the wallet's holder DID.

use akashi_core::present::{verify_presentation, Expectation, PresentError, PresentationRequest, MAX_LIFETIME_SECS};
use akashi_core::wallet::{ImportSource, LogAction, WalletError};
use akashi_core::{CheckId, CheckStatus, Report, Summary};
use chrono::Duration;
use serde_json::{json, Value};

use crate::common::present::{badge_for, open, t0, verifier_at};
use crate::common::wallet::Dir;

fn status(r: &Report, id: CheckId) -> (CheckStatus, Option<String>) {
    let c = r.check(id).unwrap_or_else(|| panic!("no {id:?} check: {r:#?}"));
    (c.status, c.code.clone())
}

fn brief(r: &Report) -> String {
    let checks: Vec<String> = r.checks.iter().map(|c| format!("{}={:?}({:?})", c.id.as_str(), c.status, c.code)).collect();
    format!("{:?} {}", r.summary, checks.join(" "))
}

#[test]
fn request_bound_exchange() {
    let dir = Dir::new("present", "bound");
    let w = open(&dir, 1);
    let did = w.holder_did().unwrap();
    assert!(did.starts_with("did:key:z6Mk"), "{did}");
    assert_eq!(w.holder_did().unwrap(), did, "one key per wallet, made once");
    let id = w.import_bytes(&badge_for(&did), ImportSource::File).unwrap().id();

    // The employer's phone makes a request; the learner's phone reads its text.
    let req = PresentationRequest::new("careers.acme.example", "ACME Careers", 600, t0()).unwrap();
    let read = PresentationRequest::parse(&req.to_text()).unwrap();
    assert_eq!(read, req);
    let p = w.present(&[id], Some(&read), None).unwrap();
    assert_eq!(p.holder, did);
    assert_eq!(p.challenge.as_deref(), Some(req.challenge.as_str()));
    assert_eq!(p.credentials, 1);
    let vp: Value = serde_json::from_str(&p.text).unwrap();
    assert_eq!(vp["proof"]["proofPurpose"], "authentication");
    assert_eq!(vp["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(vp["proof"]["domain"], "careers.acme.example");
    assert_eq!(vp["proof"]["created"], "2026-06-01T00:00:00Z");
    assert_eq!(vp["proof"]["expires"], "2026-06-01T00:05:00Z");
    // The badge went in exactly as stored (same JSON value).
    let stored: Value = serde_json::from_slice(&w.get(id).unwrap().original).unwrap();
    assert_eq!(vp["verifiableCredential"][0], stored);

    // The employer's phone verifies against its own request, a minute later.
    let v = verifier_at(t0() + Duration::minutes(1));
    let r = verify_presentation(&v, p.text.as_bytes(), &Expectation::Request(req.clone())).unwrap();
    // The badge's own trust is unknown (no issuer registry configured): its only warning.
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "{}", brief(&r));
    let warned: Vec<&str> = r.checks.iter().filter(|c| !c.warnings.is_empty()).map(|c| c.id.as_str()).collect();
    assert_eq!(warned, ["nested"], "{:#?}", r.checks);
    assert_eq!(status(&r.nested[0].report, CheckId::Trust), (CheckStatus::Unknown, Some("no_registry".into())));
    for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey, CheckId::Validity, CheckId::Challenge, CheckId::Holder, CheckId::Nested]
    {
        assert_eq!(status(&r, id).0, CheckStatus::Valid, "{id:?}: {}", brief(&r));
    }
    assert_eq!(r.nested.len(), 1);
    assert!(r.nested[0].report.summary.is_verified());

    // Replayed for another request (another challenge, same employer): invalid.
    let other = PresentationRequest::new("careers.acme.example", "ACME Careers", 600, t0()).unwrap();
    let r = verify_presentation(&v, p.text.as_bytes(), &Expectation::Request(other)).unwrap();
    assert_eq!(r.summary, Summary::NotVerified);
    assert_eq!(status(&r, CheckId::Challenge), (CheckStatus::Invalid, Some("challenge_mismatch".into())));
    assert_eq!(status(&r, CheckId::Proof).0, CheckStatus::Valid, "the signature itself is fine");

    // Another verifier with the same challenge text but its own domain: invalid.
    let mut elsewhere = req.clone();
    elsewhere.domain = "evil.example".into();
    let r = verify_presentation(&v, p.text.as_bytes(), &Expectation::Request(elsewhere)).unwrap();
    assert_eq!(status(&r, CheckId::Challenge), (CheckStatus::Invalid, Some("domain_mismatch".into())));

    // After the request expired (11 minutes): invalid, even for a presentation that gave itself
    // an hour and whose signature is fine.
    let long = w.present(&[id], Some(&read), Some(3600)).unwrap();
    let late = verifier_at(t0() + Duration::minutes(11));
    let r = verify_presentation(&late, long.text.as_bytes(), &Expectation::Request(req.clone())).unwrap();
    assert_eq!(status(&r, CheckId::Validity).0, CheckStatus::Valid);
    assert_eq!(r.summary, Summary::NotVerified, "{}", brief(&r));
    assert_eq!(status(&r, CheckId::Challenge), (CheckStatus::Invalid, Some("challenge_expired".into())));

    // After the presentation's own lifetime (6 minutes), within the request's: expired.
    let r = verify_presentation(&verifier_at(t0() + Duration::minutes(6)), p.text.as_bytes(), &Expectation::Request(req.clone())).unwrap();
    assert_eq!(r.summary, Summary::Expired, "{}", brief(&r));
    assert!(!r.summary.is_verified());

    // Tampered in transit (the achievement renamed): the holder's signature fails.
    let tampered = p.text.replace("Data Science Fundamentals", "Data Science Mastery");
    assert_ne!(tampered, p.text);
    let r = verify_presentation(&v, tampered.as_bytes(), &Expectation::Request(req.clone())).unwrap();
    assert_eq!(r.summary, Summary::NotVerified);
    assert_eq!(status(&r, CheckId::Proof).1.as_deref(), Some("bad_signature"));

    // The activity log says what was shown to whom.
    let log = w.log().unwrap();
    let shown = log.iter().find(|e| e.action == LogAction::Present).expect("a present entry");
    assert_eq!(shown.badge_id, Some(id));
    assert_eq!(shown.to_whom.as_deref(), Some("ACME Careers (careers.acme.example)"));
    assert_eq!(shown.label.as_deref(), Some("Data Science Fundamentals (Micro-credential)"));
}

#[test]
fn one_way_presentation() {
    let dir = Dir::new("present", "oneway");
    let w = open(&dir, 2);
    let did = w.holder_did().unwrap();
    let id = w.import_bytes(&badge_for(&did), ImportSource::File).unwrap().id();
    let p = w.present(&[id], None, None).unwrap();
    assert!(p.challenge.is_none() && p.domain.is_none());
    let vp: Value = serde_json::from_str(&p.text).unwrap();
    assert!(vp["proof"].get("challenge").is_none());

    let one_way = Expectation::OneWay { max_age_secs: MAX_LIFETIME_SECS };
    let r = verify_presentation(&verifier_at(t0() + Duration::minutes(2)), p.text.as_bytes(), &one_way).unwrap();
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "{}", brief(&r));
    let c = r.check(CheckId::Challenge).unwrap();
    assert_eq!((c.status, c.code.as_deref()), (CheckStatus::NotApplicable, Some("not_bound")));
    assert!(!c.warnings.is_empty());
    assert_eq!(status(&r, CheckId::Validity).0, CheckStatus::Valid);
    assert_eq!(status(&r, CheckId::Holder).0, CheckStatus::Valid);

    // Older than its lifetime (5 minutes): refused.
    let r = verify_presentation(&verifier_at(t0() + Duration::minutes(6)), p.text.as_bytes(), &one_way).unwrap();
    assert!(!r.summary.is_verified(), "{}", brief(&r));
    assert_eq!(status(&r, CheckId::Validity), (CheckStatus::Invalid, Some("expired".into())));
    // A verifier with a stricter policy (1 minute) refuses it sooner.
    let strict = Expectation::OneWay { max_age_secs: 60 };
    let r = verify_presentation(&verifier_at(t0() + Duration::minutes(2)), p.text.as_bytes(), &strict).unwrap();
    assert_eq!(status(&r, CheckId::Validity), (CheckStatus::Invalid, Some("expired".into())));

    // A one-way presentation shown to a verifier that made a request: not its challenge.
    let req = PresentationRequest::new("careers.acme.example", "ACME", 600, t0()).unwrap();
    let r = verify_presentation(&verifier_at(t0() + Duration::minutes(1)), p.text.as_bytes(), &Expectation::Request(req)).unwrap();
    assert_eq!(r.summary, Summary::NotVerified);
    assert_eq!(status(&r, CheckId::Challenge).1.as_deref(), Some("challenge_missing"));

    // A bare credential is not a presentation: nothing binds it to whoever shows it.
    let bare = w.get(id).unwrap().original;
    let r = verify_presentation(&verifier_at(t0()), &bare, &one_way).unwrap();
    assert_eq!(r.summary, Summary::NotVerified);
    assert_eq!(status(&r, CheckId::Challenge).1.as_deref(), Some("not_a_presentation"));

    // Unreadable input is the only error; a scanned URL is not fetched.
    assert!(verify_presentation(&verifier_at(t0()), b"not json at all {", &one_way).is_err());
    assert!(matches!(
        verify_presentation(&verifier_at(t0()), b"https://issuer.example/vp.json", &one_way),
        Err(akashi_core::InputError::UrlNotFetchable { .. })
    ));

    let log = w.log().unwrap();
    let shown = log.iter().find(|e| e.action == LogAction::Present).unwrap();
    assert_eq!(shown.to_whom, None);
    assert!(shown.detail.as_deref().unwrap_or_default().starts_with("one-way"), "{shown:?}");
}

#[test]
fn bad_requests_and_choices_change_nothing() {
    let dir = Dir::new("present", "errors");
    let w = open(&dir, 3);
    let did = w.holder_did().unwrap();
    let id = w.import_bytes(&badge_for(&did), ImportSource::File).unwrap().id();
    let before = w.log().unwrap();

    // An expired request (its expiry before the wallet's clock) is refused, nothing logged.
    let old = PresentationRequest::new("careers.acme.example", "ACME", 60, t0() - Duration::minutes(5)).unwrap();
    assert_eq!(w.present(&[id], Some(&old), None).unwrap_err(), WalletError::Present(PresentError::RequestExpired));
    assert_eq!(w.present(&[], None, None).unwrap_err(), WalletError::Present(PresentError::CredentialCount));
    assert_eq!(w.present(&[id], None, Some(0)).unwrap_err(), WalletError::Present(PresentError::InvalidLifetime));
    assert_eq!(w.present(&[id, 999], None, None).unwrap_err(), WalletError::NotFound { id: 999 });
    // An OB 2.0 assertion is not a Verifiable Credential.
    let ob2 = w.import_bytes(&crate::common::fixture("ob2/1edtech-validator/basic-assertion.json"), ImportSource::File).unwrap().id();
    let before_ob2 = w.log().unwrap();
    assert!(matches!(w.present(&[id, ob2], None, None).unwrap_err(), WalletError::NotPresentable { id: x, .. } if x == ob2));
    assert_eq!(w.log().unwrap(), before_ob2);
    assert!(before.len() < before_ob2.len());
    // The same badge twice goes in once.
    let p = w.present(&[id, id], None, None).unwrap();
    assert_eq!(p.credentials, 1);
    // Errors never quote the key or badge content.
    let e = format!("{:?} {}", WalletError::NotPresentable { id: 1, reason: "x".into() }, PresentError::Unsignable);
    assert!(!e.contains("did:key"));
}

#[test]
fn holder_key_moves_with_backup_and_merges() {
    let params = akashi_core::backup::KdfParams::for_tests();
    let a_dir = Dir::new("present", "backup-a");
    let a = open(&a_dir, 4);
    let did = a.holder_did().unwrap();
    let id = a.import_bytes(&badge_for(&did), ImportSource::File).unwrap().id();
    let file = a.backup("correct horse", params).unwrap();
    // The secret is not in the sealed file in the clear, nor in the wallet file.
    let secret_marker = did.as_bytes();
    assert!(!file.windows(secret_marker.len()).any(|w| w == secret_marker), "the backup is encrypted");

    // A new phone: restoring brings the same holder DID back.
    let b_dir = Dir::new("present", "backup-b");
    let b = open(&b_dir, 5);
    let out = b.restore(&file, "correct horse").unwrap();
    assert_eq!(out.holder_keys_added, 1);
    assert_eq!(b.holder_did().unwrap(), did);
    assert_eq!(b.restore(&file, "correct horse").unwrap().holder_keys_added, 0, "idempotent");

    // A phone that already made its own key keeps it as default, and still answers with the
    // restored key for the badge issued to it.
    let c_dir = Dir::new("present", "backup-c");
    let c = open(&c_dir, 6);
    let own = c.holder_did().unwrap();
    assert_ne!(own, did);
    assert_eq!(c.restore(&file, "correct horse").unwrap().holder_keys_added, 1);
    assert_eq!(c.holder_did().unwrap(), own);
    let restored_id = c.list(Default::default(), &Default::default()).unwrap()[0].id;
    let req = PresentationRequest::new("careers.acme.example", "ACME", 600, t0()).unwrap();
    let p = c.present(&[restored_id], Some(&req), None).unwrap();
    assert_eq!(p.holder, did);
    let r = verify_presentation(&verifier_at(t0()), p.text.as_bytes(), &Expectation::Request(req)).unwrap();
    assert!(r.summary.is_verified(), "{}", brief(&r));
    assert_eq!(status(&r, CheckId::Holder).0, CheckStatus::Valid, "{}", brief(&r));
    let _ = id;

    // A backup whose holder key was altered (another public key) is refused, nothing changed.
    // (Checked through the payload decoder: a sealed file cannot be altered without the
    // passphrase, so this re-seals an edited payload.)
    let plain = akashi_core::backup::open("correct horse", &file).unwrap();
    let mut payload: ciborium::Value = ciborium::from_reader(plain.as_slice()).unwrap();
    if let ciborium::Value::Map(m) = &mut payload {
        for (k, v) in m.iter_mut() {
            if k.as_text() == Some("holder_keys") {
                if let ciborium::Value::Array(keys) = v {
                    if let ciborium::Value::Map(km) = &mut keys[0] {
                        for (kk, kv) in km.iter_mut() {
                            if kk.as_text() == Some("public") {
                                *kv = ciborium::Value::Bytes(vec![0; 32]);
                            }
                        }
                    }
                }
            }
        }
    }
    let mut bytes = Vec::new();
    ciborium::into_writer(&payload, &mut bytes).unwrap();
    let bad = akashi_core::backup::seal("correct horse", &bytes, params).unwrap();
    let d_dir = Dir::new("present", "backup-d");
    let d = open(&d_dir, 7);
    let d_did = d.holder_did().unwrap();
    assert_eq!(d.restore(&bad, "correct horse").unwrap_err(), WalletError::BackupCorrupt);
    assert_eq!(d.holder_did().unwrap(), d_did);
    assert_eq!(d.count().unwrap(), 0);
}

/// VC 1.1 credentials go into a VC 1.1 presentation (with the Data Integrity context for the
/// proof), which verifies like a 2.0 one; a VC-JWT badge goes in as an enveloped credential.
#[test]
fn vc_1_1_credential_and_shapes() {
    use akashi_core::present::{sign_presentation, HolderKey};
    let key = HolderKey::from_seed(&[9; 32]);
    let v1: Value = serde_json::from_slice(&crate::common::fixture("ob3/dcc-verifier-core/v1/v1NoStatus.json")).unwrap();
    let req = PresentationRequest::new("careers.acme.example", "ACME", 600, t0()).unwrap();
    let p = sign_presentation(&key, vec![v1], Some(&req), t0(), 300).unwrap();
    let vp: Value = serde_json::from_str(&p.text).unwrap();
    assert_eq!(vp["@context"], json!(["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"]));
    let r = verify_presentation(&verifier_at(t0()), p.text.as_bytes(), &Expectation::Request(req.clone())).unwrap();
    for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey, CheckId::Challenge] {
        assert_eq!(status(&r, id).0, CheckStatus::Valid, "{id:?}: {}", brief(&r));
    }

    // Neither an object nor a JWT: refused before signing.
    assert_eq!(
        sign_presentation(&key, vec![json!(3)], None, t0(), 300).unwrap_err(),
        PresentError::NotPresentable { index: 0, reason: "it is neither a credential object nor a JWT" }
    );
    assert_eq!(sign_presentation(&key, vec![json!({}); 17], None, t0(), 300).unwrap_err(), PresentError::CredentialCount);
}
