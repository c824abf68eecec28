//! Open Badges 2.0 cases beyond the fixtures: hosted copies that differ, 410 Gone, `revoked`,
//! out-of-scope ids, offline and unreachable servers, signed assertions with unlisted or
//! foreign keys, revocation lists, bad signatures, `alg: none`, and URL input. Everything goes
//! through the production `HttpFetcher` to a real HTTPS server on loopback.
#![cfg(feature = "http")]

use akashi_core::{CheckId, CheckStatus, Envelope, InputError, Report, Securing, Summary, Verifier, VerifyOptions};
use serde_json::{json, Value};

// Test-only RSA keys, generated with `openssl genpkey -algorithm RSA` for these tests.
include!("common/ob2_keys.rs");

const HOSTS: [&str; 3] = ["badges.example", "evil.example", "oldstyle.example"];
const ISSUER: &str = "https://badges.example/issuer";
const BADGE: &str = "https://badges.example/badges/robotics";
const ID: &str = "https://badges.example/assertions/1";
const KEY: &str = "https://badges.example/keys/1";
const LIST: &str = "https://badges.example/revoked";

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("t").with_timezone(&chrono::Utc)
}

fn options(srv: &crate::common::tls::Server) -> VerifyOptions {
    VerifyOptions { now: Some(now()), extra_ca_pem: Some(srv.ca_pem.clone()), resolve: srv.resolve(), ..Default::default() }
}

fn verifier(srv: &crate::common::tls::Server) -> Verifier {
    Verifier::new(options(srv)).expect("verifier")
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("json")
}

fn issuer() -> Value {
    json!({"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": ISSUER, "name": "Example University",
           "url": "https://badges.example", "email": "badges@badges.example", "publicKey": KEY, "revocationList": LIST})
}

fn badge() -> Value {
    json!({"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": BADGE, "name": "Robotics I",
           "description": "Built a robot.", "image": "https://badges.example/robotics.png", "criteria": {"narrative": "Build a robot."}, "issuer": ISSUER})
}

fn hosted(id: &str) -> Value {
    json!({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": id,
           "recipient": {"type": "email", "hashed": false, "identity": "learner@example.org"},
           "badge": BADGE, "issuedOn": "2025-04-01T09:00:00+09:00", "verification": {"type": "HostedBadge"}})
}

fn key_doc(public_pem: &str, owner: &str) -> Value {
    json!({"@context": "https://w3id.org/openbadges/v2", "type": "CryptographicKey", "id": KEY, "owner": owner, "publicKeyPem": public_pem})
}

fn signed_payload(id: &str) -> Value {
    let mut a = hosted(id);
    a["verification"] = json!({"type": "SignedBadge", "creator": KEY});
    a
}

fn sign(payload: &Value, private_pkcs1_pem: &str) -> String {
    let (_, der) = spki::der::pem::decode_vec(private_pkcs1_pem.as_bytes()).expect("pem");
    let key = jsonwebtoken::EncodingKey::from_rsa_der(&der);
    jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256), payload, &key).expect("sign")
}

/// The issuer's site: profile, badge class, key and an empty revocation list.
fn site() -> crate::common::tls::Server {
    let srv = crate::common::tls::Server::start(&HOSTS);
    srv.set_url(ISSUER, bytes(&issuer()));
    srv.set_url(BADGE, bytes(&badge()));
    srv.set_url(KEY, bytes(&key_doc(PUB_A, ISSUER)));
    srv.set_url(
        LIST,
        bytes(&json!({"@context": "https://w3id.org/openbadges/v2", "type": "RevocationList", "id": LIST, "revokedAssertions": []})),
    );
    srv
}

fn code(r: &Report, id: CheckId) -> (CheckStatus, Option<String>) {
    r.check(id).map(|c| (c.status, c.code.clone())).expect("check")
}

#[test]
fn hosted_assertion_verifies_and_only_the_issuers_copy_counts() {
    let srv = site();
    srv.set_url(ID, bytes(&hosted(ID)));
    let r = verifier(&srv).verify(&bytes(&hosted(ID))).expect("report");
    assert!(r.summary.is_verified(), "{r:#?}");
    assert_eq!(
        (r.securing, r.credential.name.as_deref(), r.credential.issuer_name.as_deref()),
        (Securing::Ob2Hosted, Some("Robotics I"), Some("Example University"))
    );
    assert_eq!(r.credential.issuer_id.as_deref(), Some(ISSUER));

    // The issuer now serves an expired copy; the learner's copy has no expiry. The issuer's wins.
    let mut served = hosted(ID);
    served["expires"] = json!("2026-01-01T00:00:00Z");
    srv.set_url(ID, bytes(&served));
    let r = verifier(&srv).verify(&bytes(&hosted(ID))).expect("report");
    assert_eq!(r.summary, Summary::Expired, "{r:#?}");
    let proof = r.check(CheckId::Proof).expect("proof");
    assert!(proof.warnings.iter().any(|w| w.contains("differs") && w.contains("expires")), "{proof:?}");
    assert_eq!(r.credential.valid_until.as_deref(), Some("2026-01-01T00:00:00Z"));

    // The server serves some other assertion at that address.
    srv.set_url(ID, bytes(&hosted("https://badges.example/assertions/2")));
    let r = verifier(&srv).verify(&bytes(&hosted(ID))).expect("report");
    assert_eq!((r.summary, code(&r, CheckId::Proof)), (Summary::NotVerified, (CheckStatus::Invalid, Some("hosted_id_mismatch".into()))));
    assert_eq!(code(&r, CheckId::Validity).1.as_deref(), Some("not_checked"));
}

#[test]
fn hosted_revocation_410_and_revoked_true() {
    let srv = site();
    srv.set_url_status(ID, 410, "gone");
    let r = verifier(&srv).verify(&bytes(&hosted(ID))).expect("report");
    assert_eq!(r.summary, Summary::Revoked, "{r:#?}");
    assert_eq!(code(&r, CheckId::Status), (CheckStatus::Invalid, Some("revoked".into())));
    assert_eq!(r.check(CheckId::IssuerKey).map(|c| c.status), Some(CheckStatus::Valid), "the 410 came from the issuer's own host");
    // By URL: a revoked report, not an error.
    let r = verifier(&srv).verify_url(ID).expect("410 is a report");
    assert_eq!((r.summary, r.envelope), (Summary::Revoked, Envelope::Url));

    let mut revoked = hosted(ID);
    revoked["revoked"] = json!(true);
    revoked["revocationReason"] = json!("issued in error");
    srv.set_url(ID, bytes(&revoked));
    let r = verifier(&srv).verify(&bytes(&hosted(ID))).expect("report");
    assert_eq!(r.summary, Summary::Revoked);
    assert!(r.check(CheckId::Status).and_then(|c| c.reason.clone()).unwrap_or_default().contains("issued in error"));
}

#[test]
fn hosted_id_outside_the_issuers_scope() {
    let srv = site();
    let evil = "https://evil.example/assertions/1";
    srv.set_url(evil, bytes(&hosted(evil)));
    let r = verifier(&srv).verify(&bytes(&hosted(evil))).expect("report");
    assert_eq!(code(&r, CheckId::IssuerKey), (CheckStatus::Invalid, Some("out_of_scope".into())));
    assert_eq!(r.summary, Summary::NotVerified);
    // A 410 from a host outside the scope revokes nothing, and verifies nothing either.
    srv.set_url_status(evil, 410, "");
    let r = verifier(&srv).verify(&bytes(&hosted(evil))).expect("report");
    assert_eq!(r.summary, Summary::NotVerified);
    // The issuer may allow other hosts explicitly.
    let mut iss = issuer();
    iss["verification"] = json!({"allowedOrigins": ["badges.example", "evil.example"]});
    srv.set_url(ISSUER, bytes(&iss));
    srv.set_url(evil, bytes(&hosted(evil)));
    assert!(verifier(&srv).verify(&bytes(&hosted(evil))).expect("report").summary.is_verified());
    iss["verification"] = json!({"startsWith": "https://badges.example/assertions/"});
    srv.set_url(ISSUER, bytes(&iss));
    assert_eq!(code(&verifier(&srv).verify(&bytes(&hosted(evil))).expect("r"), CheckId::IssuerKey).1.as_deref(), Some("out_of_scope"));
}

#[test]
fn offline_and_unreachable_need_an_online_check() {
    let srv = site();
    srv.set_url(ID, bytes(&hosted(ID)));
    let offline = Verifier::new(VerifyOptions { offline: true, ..options(&srv) }).expect("v");
    let r = offline.verify(&bytes(&hosted(ID))).expect("report");
    assert_eq!((r.summary, code(&r, CheckId::Proof)), (Summary::NotVerified, (CheckStatus::Unknown, Some("needs_online_check".into()))));
    assert!(r.check(CheckId::Proof).and_then(|c| c.reason.clone()).unwrap_or_default().contains("needs an online check"));
    assert!(srv.take_hits().is_empty(), "offline means no request at all");
    // Offline, a URL cannot be verified at all.
    assert!(matches!(offline.verify_url(ID), Err(InputError::UrlNotFetchable { .. })));

    // A host that does not answer: unknown, never verified.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let v = Verifier::new(VerifyOptions { resolve: vec![("badges.example".into(), closed)], ..options(&srv) }).expect("v");
    let r = v.verify(&bytes(&hosted(ID))).expect("report");
    assert_eq!((r.summary, code(&r, CheckId::Proof)), (Summary::NotVerified, (CheckStatus::Unknown, Some("needs_online_check".into()))));

    // The issuer's server no longer knows the assertion (404): definite.
    srv.remove_url(ID);
    let r = verifier(&srv).verify(&bytes(&hosted(ID))).expect("report");
    assert_eq!(code(&r, CheckId::Proof), (CheckStatus::Invalid, Some("hosted_unavailable".into())));
    assert!(matches!(verifier(&srv).verify_url(ID), Err(InputError::FetchFailed { http_status: Some(404) })));

    // A signed assertion offline: the key cannot be fetched.
    let r = offline.verify(sign(&signed_payload(ID), PRIV_A).as_bytes()).expect("report");
    assert_eq!(code(&r, CheckId::Proof), (CheckStatus::Unknown, Some("needs_online_check".into())));
}

#[test]
fn signed_assertion_key_linkage_and_revocation() {
    let srv = site();
    let token = sign(&signed_payload(ID), PRIV_A);
    let r = verifier(&srv).verify(token.as_bytes()).expect("report");
    assert!(r.summary.is_verified(), "{r:#?}");
    assert_eq!((r.securing, r.envelope), (Securing::Ob2Signed, Envelope::CompactJws));
    assert_eq!(r.check(CheckId::Status).map(|c| c.status), Some(CheckStatus::Valid));

    // The key document says another profile owns it.
    srv.set_url(KEY, bytes(&key_doc(PUB_A, "https://evil.example/issuer")));
    let r = verifier(&srv).verify(token.as_bytes()).expect("report");
    assert_eq!((r.summary, code(&r, CheckId::IssuerKey)), (Summary::NotVerified, (CheckStatus::Invalid, Some("key_not_owned".into()))));
    srv.set_url(KEY, bytes(&key_doc(PUB_A, ISSUER)));

    // The profile does not list the key.
    let mut iss = issuer();
    iss["publicKey"] = json!(["https://badges.example/keys/other"]);
    srv.set_url(ISSUER, bytes(&iss));
    let r = verifier(&srv).verify(token.as_bytes()).expect("report");
    assert_eq!(code(&r, CheckId::IssuerKey), (CheckStatus::Invalid, Some("key_not_listed".into())));
    srv.set_url(ISSUER, bytes(&issuer()));

    // Revoked by the issuer's list (by id, and by uid).
    srv.set_url(LIST, bytes(&json!({"type": "RevocationList", "revokedAssertions": [{"id": ID, "revocationReason": "cheating"}]})));
    let r = verifier(&srv).verify(token.as_bytes()).expect("report");
    assert_eq!(r.summary, Summary::Revoked);
    let mut with_uid = signed_payload("urn:uuid:7c9f1d0e-8e1b-4f55-9a1e-5b2f8a3c1d20");
    with_uid["uid"] = json!("abc-123");
    srv.set_url(LIST, bytes(&json!({"type": "RevocationList", "revokedAssertions": ["abc-123"]})));
    let r = verifier(&srv).verify(sign(&with_uid, PRIV_A).as_bytes()).expect("report");
    assert_eq!(r.summary, Summary::Revoked, "{r:#?}");
    // No creator: the keys the profile lists are tried (here the second one signed it).
    srv.set_url(LIST, bytes(&json!({"type": "RevocationList", "revokedAssertions": []})));
    let key_b = "https://badges.example/keys/b";
    let mut kb = key_doc(PUB_B, ISSUER);
    kb["id"] = json!(key_b);
    srv.set_url(key_b, bytes(&kb));
    let mut iss = issuer();
    iss["publicKey"] = json!([KEY, key_b]);
    srv.set_url(ISSUER, bytes(&iss));
    let mut no_creator = signed_payload(ID);
    no_creator["verification"] = json!({"type": "signed"});
    let r = verifier(&srv).verify(sign(&no_creator, PRIV_B).as_bytes()).expect("report");
    assert!(r.summary.is_verified(), "{r:#?}");
    assert!(r.check(CheckId::Proof).and_then(|c| c.reason.clone()).unwrap_or_default().contains("/keys/b"));
    srv.set_url(ISSUER, bytes(&issuer()));
    // The list is unreachable: unknown status, never "not revoked".
    srv.remove_url(LIST);
    let r = verifier(&srv).verify(token.as_bytes()).expect("report");
    assert_eq!(
        (r.summary, code(&r, CheckId::Status)),
        (Summary::VerifiedWithWarnings, (CheckStatus::Unknown, Some("status_unavailable".into())))
    );
}

#[test]
fn bad_signatures_and_algorithms() {
    let srv = site();
    // Signed with another key than the one the issuer publishes.
    let r = verifier(&srv).verify(sign(&signed_payload(ID), PRIV_B).as_bytes()).expect("report");
    assert_eq!((r.summary, code(&r, CheckId::Proof)), (Summary::NotVerified, (CheckStatus::Invalid, Some("bad_signature".into()))));
    for id in [CheckId::Validity, CheckId::Status, CheckId::Trust] {
        assert_eq!(code(&r, id), (CheckStatus::Unknown, Some("not_checked".into())), "{id:?} after a bad signature");
    }
    // A tampered payload with the original signature.
    let token = sign(&signed_payload(ID), PRIV_A);
    let parts: Vec<&str> = token.split('.').collect();
    let mut evil = signed_payload(ID);
    evil["recipient"]["identity"] = json!("mallory@example.org");
    use base64::Engine as _;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes(v));
    let tampered = format!("{}.{}.{}", parts[0], b64(&evil), parts[2]);
    assert_eq!(code(&verifier(&srv).verify(tampered.as_bytes()).expect("r"), CheckId::Proof).1.as_deref(), Some("bad_signature"));
    // alg none, and an HMAC algorithm (which would let anyone with the public key sign).
    for (alg, want) in [("none", "alg_none"), ("HS256", "unsupported_alg")] {
        let t = format!("{}.{}.{}", b64(&json!({"alg": alg})), b64(&signed_payload(ID)), if alg == "none" { "" } else { parts[2] });
        let r = verifier(&srv).verify(t.as_bytes()).expect("report");
        assert_eq!((r.summary, code(&r, CheckId::Proof)), (Summary::NotVerified, (CheckStatus::Invalid, Some(want.into()))), "{alg}");
    }
    // A signed assertion given as bare JSON has no signature at all.
    let r = verifier(&srv).verify(&bytes(&signed_payload(ID))).expect("report");
    assert_eq!(code(&r, CheckId::Proof), (CheckStatus::Invalid, Some("no_proof".into())));
}

#[test]
fn url_input_every_format() {
    let srv = site();
    srv.set_url(ID, bytes(&hosted(ID)));
    srv.take_hits();
    // A hosted assertion fetched from its own id: that fetch is the hosted verification.
    let r = verifier(&srv).verify_url(ID).expect("report");
    assert!(r.summary.is_verified(), "{r:#?}");
    assert_eq!(r.envelope, Envelope::Url);
    let hits = srv.take_hits();
    assert_eq!(hits.iter().filter(|h| h.ends_with("/assertions/1")).count(), 1, "{hits:?}");
    // A URL serving a signed assertion (JWS text).
    let jws_url = "https://badges.example/assertions/1.jws";
    srv.set_url(jws_url, sign(&signed_payload(ID), PRIV_A));
    let r = verifier(&srv).verify_url(jws_url).expect("report");
    assert_eq!((r.securing, r.summary.is_verified()), (Securing::Ob2Signed, true), "{r:#?}");
    // A URL serving an OB 3.0 credential: verified like the file.
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let vc = std::fs::read(root.join("examples/credentials/micro-credential.json")).expect("example");
    let vc_url = "https://badges.example/vc/1";
    srv.set_url(vc_url, vc.clone());
    let from_url = verifier(&srv).verify_url(vc_url).expect("report");
    let from_file = verifier(&srv).verify(&vc).expect("report");
    assert_eq!((from_url.summary, from_url.securing), (from_file.summary, from_file.securing));
    // An http:// address is fetched over HTTPS, and says so.
    let r = verifier(&srv).verify_url("http://badges.example/vc/1").expect("report");
    assert!(r.checks[0].warnings.iter().any(|w| w.contains("fetched over HTTPS")), "{:?}", r.checks[0]);
    // Not fetchable at all.
    assert!(matches!(verifier(&srv).verify_url("ftp://badges.example/x"), Err(InputError::UrlNotFetchable { .. })));
    srv.set_url("https://badges.example/junk", "not json");
    assert!(matches!(verifier(&srv).verify_url("https://badges.example/junk"), Err(InputError::NotJson { .. })));
}

#[test]
fn legacy_0_5_from_its_url() {
    let srv = site();
    let url = "https://oldstyle.example/assertions/5";
    let a = json!({"recipient": "learner@example.org", "issued_on": "2013-06-01",
                   "badge": {"version": "0.5.0", "name": "Old Badge", "image": "https://oldstyle.example/i.png", "description": "d",
                             "criteria": "https://oldstyle.example/c", "issuer": {"origin": "https://oldstyle.example", "name": "Old Issuer"}}});
    srv.set_url(url, bytes(&a));
    let v = Verifier::new(VerifyOptions { recipients: vec!["learner@example.org".into()], ..options(&srv) }).expect("v");
    let r = v.verify_url(url).expect("report");
    assert!(r.summary.is_verified(), "{r:#?}");
    assert_eq!(r.check(CheckId::Recipient).map(|c| c.status), Some(CheckStatus::Valid));
    assert_eq!((r.credential.name.as_deref(), r.credential.issuer_name.as_deref()), (Some("Old Badge"), Some("Old Issuer")));
    // Served by a host other than the issuer's origin.
    let elsewhere = "https://evil.example/assertions/5";
    srv.set_url(elsewhere, bytes(&a));
    assert_eq!(code(&v.verify_url(elsewhere).expect("r"), CheckId::IssuerKey).1.as_deref(), Some("out_of_scope"));
}

#[test]
fn linked_node_that_declares_an_id_on_another_host_is_refetched() {
    let srv = site();
    let mut a = hosted(ID);
    a["badge"] = json!("https://evil.example/badge");
    srv.set_url(ID, bytes(&a));
    // evil.example serves a badge class claiming to be the issuer's; the issuer's copy is used.
    let mut fake = badge();
    fake["name"] = json!("Fake Name");
    srv.set_url("https://evil.example/badge", bytes(&fake));
    let r = verifier(&srv).verify(&bytes(&a)).expect("report");
    assert_eq!(r.credential.name.as_deref(), Some("Robotics I"), "{r:#?}");
    assert!(r.check(CheckId::Format).expect("f").warnings.iter().any(|w| w.contains("another host")));
    // If the claimed id serves a different document, the link is refused.
    srv.set_url(
        BADGE,
        bytes(&json!({"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": "https://badges.example/other"})),
    );
    let r = verifier(&srv).verify(&bytes(&a)).expect("report");
    assert_eq!(r.summary, Summary::NotVerified);
    assert_eq!(r.check(CheckId::Format).map(|c| c.status), Some(CheckStatus::Invalid));
}

/// Broken variants of assertions (each top-level field dropped or replaced by a value of
/// another JSON type), as the given copy, as the issuer's served copy and as a JWS payload,
/// never panic; a broken copy served by the issuer is never verified when a required field is
/// missing.
#[test]
fn mutated_assertions_never_panic() {
    let srv = site();
    let base = hosted(ID);
    srv.set_url(ID, bytes(&base));
    let v = verifier(&srv);
    let fillers = [json!(null), json!(7), json!("x"), json!([]), json!({}), json!([1, {"a": []}])];
    let mut n = 0;
    for docs in [base.clone(), signed_payload(ID)] {
        for key in docs.as_object().expect("obj").keys() {
            let mut variants = vec![{
                let mut d = docs.clone();
                d.as_object_mut().expect("obj").remove(key);
                d
            }];
            for f in &fillers {
                let mut d = docs.clone();
                d[key.as_str()] = f.clone();
                variants.push(d);
            }
            let required = ["@context", "type", "id", "recipient", "badge", "verification", "issuedOn"].contains(&key.as_str());
            for d in variants {
                n += 1;
                let _ = v.verify(&bytes(&d));
                let signed = v.verify(sign(&d, PRIV_A).as_bytes());
                srv.set_url(ID, bytes(&d));
                let hosted = v.verify(&bytes(&base));
                if required && d.get(key.as_str()).is_none() {
                    assert!(!hosted.expect("report").summary.is_verified(), "served without {key}");
                    assert!(!signed.expect("report").summary.is_verified(), "signed without {key}");
                }
            }
            srv.set_url(ID, bytes(&base));
        }
    }
    assert!(n > 50);
}

/// A profile embedded by someone other than the issuer's host cannot speak for the issuer:
/// its keys and verification policy are replaced by the issuer's own profile.
#[test]
fn embedded_profiles_claiming_another_issuer_are_not_trusted() {
    let srv = site();
    let mut fake_issuer = issuer();
    fake_issuer["verification"] = json!({"allowedOrigins": ["evil.example"]});
    fake_issuer["publicKey"] = json!(["https://evil.example/key"]);
    let mut embedded = badge();
    embedded["issuer"] = fake_issuer;
    // Hosted at evil.example, claiming the issuer's id and a policy allowing evil.example.
    let evil = "https://evil.example/assertions/9";
    let mut a = hosted(evil);
    a["badge"] = embedded.clone();
    srv.set_url(evil, bytes(&a));
    let r = verifier(&srv).verify(&bytes(&a)).expect("report");
    assert_eq!(code(&r, CheckId::IssuerKey).1.as_deref(), Some("out_of_scope"), "{r:#?}");
    assert_eq!(r.summary, Summary::NotVerified);
    // Signed with the attacker's key, which the embedded profile (but not the issuer) lists.
    let evil_key = "https://evil.example/key";
    let mut k = key_doc(PUB_B, ISSUER);
    k["id"] = json!(evil_key);
    srv.set_url(evil_key, bytes(&k));
    let mut p = signed_payload(evil);
    p["badge"] = embedded;
    p["verification"]["creator"] = json!(evil_key);
    let r = verifier(&srv).verify(sign(&p, PRIV_B).as_bytes()).expect("report");
    assert_eq!(code(&r, CheckId::IssuerKey), (CheckStatus::Invalid, Some("key_not_listed".into())), "{r:#?}");
    assert_eq!(r.summary, Summary::NotVerified);
}

/// Hosted OB 2.0 goes through the fetch cache too: verified online into an SQLite cache (the
/// issuer's server allows an hour), then offline from it, with the cache named as the source
/// of the checks that used the cached copies. A cache that has nothing: needs an online check.
#[test]
fn hosted_assertion_offline_from_the_cache() {
    let srv = crate::common::tls::Server::start(&HOSTS);
    let hour = |v: &Value| crate::common::tls::Route {
        status: 200,
        body: bytes(v),
        headers: vec![("Cache-Control".into(), "max-age=3600".into())],
        delay: None,
    };
    srv.set_url_route(ISSUER, hour(&issuer()));
    srv.set_url_route(BADGE, hour(&badge()));
    srv.set_url_route(ID, hour(&hosted(ID)));
    let dir = std::env::temp_dir().join(format!("akashi-ob2-cache-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let db = dir.join("cache.sqlite");
    let _ = std::fs::remove_file(&db);
    let with = |offline: bool| Verifier::new(VerifyOptions { offline, cache_path: Some(db.clone()), ..options(&srv) }).expect("verifier");

    let online = with(false).verify(&bytes(&hosted(ID))).expect("report");
    assert!(online.summary.is_verified(), "{online:#?}");
    assert!(matches!(online.check(CheckId::Proof).expect("proof").source, akashi_core::CheckSource::Network { .. }));
    srv.take_hits();

    let offline = with(true).verify(&bytes(&hosted(ID))).expect("report");
    assert!(offline.summary.is_verified(), "{offline:#?}");
    let proof = offline.check(CheckId::Proof).expect("proof");
    assert!(matches!(&proof.source, akashi_core::CheckSource::Cache { url, .. } if url == ID), "{proof:?}");
    assert!(srv.take_hits().is_empty(), "offline: no request");

    // Another assertion that was never fetched: offline it needs an online check.
    let other = "https://badges.example/assertions/2";
    let r = with(true).verify(&bytes(&hosted(other))).expect("report");
    assert_eq!(code(&r, CheckId::Proof), (CheckStatus::Unknown, Some("needs_online_check".into())), "{r:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}
