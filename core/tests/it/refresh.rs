//! Refreshing a credential from its issuer's refresh service (1EdTechCredentialRefresh) on a
//! loopback HTTPS server: the new version is offered only when it verifies and comes from
//! the same issuer; the original must verify; every failure is a typed error or a refusal.

use crate::common::signing::{key, obj, sign, Key};
use crate::common::tls::Server;
use akashi_core::verify::refresh::RefreshError;
use akashi_core::{Summary, Verifier, VerifyOptions};
use serde_json::{json, Value};

const HOST: &str = "registrar.example";

fn badge(issuer: &Key, id: &str, name: &str, valid_until: Option<&str>, refresh: Option<&str>) -> Vec<u8> {
    let mut doc = obj(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Akashi Test University"},
        "validFrom": "2025-04-01T00:00:00Z",
        "name": name,
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "https://university.example/achievements/statistics-1", "type": ["Achievement"],
            "name": name, "description": "Passed.", "criteria": {"narrative": "Passed the final exam."}}},
    }));
    if let Some(u) = valid_until {
        doc.insert("validUntil".into(), json!(u));
    }
    if let Some(r) = refresh {
        doc.insert("refreshService".into(), json!({"id": r, "type": "1EdTechCredentialRefresh"}));
    }
    serde_json::to_vec(&sign(doc, issuer)).expect("json")
}

fn verifier(srv: &Server) -> Verifier {
    Verifier::new(VerifyOptions { extra_ca_pem: Some(srv.ca_pem.clone()), resolve: srv.resolve(), ..Default::default() }).expect("verifier")
}

#[test]
fn a_verified_update_from_the_same_issuer_is_offered() {
    let srv = Server::start(&[HOST]);
    let issuer = key(21);
    let refresh_url = format!("https://{HOST}/refresh/stat-1");
    // The original expired last year; the issuer re-issues it with a new validity window.
    let old = badge(&issuer, "urn:uuid:stat-1", "Statistics I", Some("2025-12-31T00:00:00Z"), Some(&refresh_url));
    let new = badge(&issuer, "urn:uuid:stat-1", "Statistics I", Some("2030-12-31T00:00:00Z"), Some(&refresh_url));
    srv.set_url(&refresh_url, new.clone());
    let v = verifier(&srv);
    let before = v.verify(&old).expect("readable");
    assert_eq!(before.summary, Summary::Expired);
    assert_eq!(before.credential.refresh_url.as_deref(), Some(refresh_url.as_str()), "the report says an update is offered");

    let r = v.refresh(&old).expect("refreshed");
    assert_eq!(r.url, refresh_url);
    assert_eq!(r.report.summary, Summary::VerifiedWithWarnings);
    assert_eq!(r.credential.as_deref(), Some(new.as_slice()));
    assert_eq!(r.refused, None);
}

#[test]
fn updates_that_do_not_verify_or_come_from_someone_else_are_refused() {
    let srv = Server::start(&[HOST]);
    let issuer = key(22);
    let refresh_url = format!("https://{HOST}/refresh/stat-2");
    let old = badge(&issuer, "urn:uuid:stat-2", "Statistics II", None, Some(&refresh_url));
    let v = verifier(&srv);

    // Signed by another issuer.
    srv.set_url(&refresh_url, badge(&key(23), "urn:uuid:stat-2", "Statistics II", None, None));
    let r = v.refresh(&old).expect("attempted");
    assert_eq!(r.credential, None);
    assert!(r.refused.as_deref().unwrap_or_default().contains("not by the original's issuer"), "{:?}", r.refused);

    // Tampered after signing.
    let mut forged: Value = serde_json::from_slice(&badge(&issuer, "urn:uuid:stat-2", "Statistics II", None, None)).expect("json");
    forged["name"] = json!("Statistics II (with distinction)");
    srv.set_url(&refresh_url, serde_json::to_vec(&forged).expect("json"));
    let r = v.refresh(&old).expect("attempted");
    assert_eq!((r.report.summary, r.credential.is_none()), (Summary::NotVerified, true));

    // Not a credential at all.
    srv.set_url(&refresh_url, b"[1, 2, 3]".to_vec());
    assert!(matches!(v.refresh(&old), Err(RefreshError::Fetch(_))));
    // Gone.
    srv.set_url_status(&refresh_url, 404, "");
    assert!(matches!(v.refresh(&old), Err(RefreshError::Fetch(m)) if m.contains("404")));
}

#[test]
fn nothing_is_fetched_for_an_original_that_does_not_verify_or_names_no_service() {
    let srv = Server::start(&[HOST]);
    let issuer = key(24);
    let v = verifier(&srv);
    let plain = badge(&issuer, "urn:uuid:stat-3", "Statistics III", None, None);
    assert!(matches!(v.refresh(&plain), Err(RefreshError::NoRefreshService)));
    let mut tampered: Value =
        serde_json::from_slice(&badge(&issuer, "urn:uuid:stat-3", "Statistics III", None, Some(&format!("https://{HOST}/refresh/x"))))
            .expect("json");
    tampered["refreshService"]["id"] = json!(format!("https://{HOST}/attacker"));
    assert!(matches!(v.refresh(&serde_json::to_vec(&tampered).expect("json")), Err(RefreshError::OriginalNotVerified)));
    assert!(matches!(v.refresh(b"not json"), Err(RefreshError::Input(_))));
    assert!(srv.take_hits().is_empty(), "nothing was fetched");
}

/// Serves one body (or status) for every URL through the app-client path, recording the URLs.
struct Serve {
    status: u16,
    body: Vec<u8>,
    calls: std::sync::Mutex<Vec<String>>,
}

impl akashi_core::resolve::HttpGet for Serve {
    fn get(&self, url: &str) -> Result<akashi_core::resolve::HttpResponse, akashi_core::resolve::FetchError> {
        self.calls.lock().expect("lock").push(url.to_owned());
        Ok(akashi_core::resolve::HttpResponse {
            status: self.status,
            final_url: url.to_owned(),
            body: self.body.clone(),
            content_type: Some("application/vc+ld+json".into()),
            cache_control: None,
        })
    }
}

#[test]
fn the_committed_binding_fixtures_behave_as_the_binding_tests_expect() {
    // tests/data/refresh (made by `cargo run -p akashi-core --example make_refresh_fixtures`).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/refresh");
    let read = |name: &str| std::fs::read(dir.join(name)).expect("fixture");
    let (old, new, other, plain) = (read("old.json"), read("new.json"), read("other-issuer.json"), read("plain.json"));
    let url = "https://registrar.example/refresh/ds-101";
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("date").with_timezone(&chrono::Utc);
    let with = |status: u16, body: &[u8]| {
        let client = std::sync::Arc::new(Serve { status, body: body.to_vec(), calls: Default::default() });
        let v = Verifier::with_http_client(VerifyOptions { now: Some(now), ..Default::default() }, client.clone()).expect("verifier");
        (v, client)
    };

    let (v, client) = with(200, &new);
    let before = v.verify(&old).expect("readable");
    assert_eq!((before.summary, before.credential.refresh_url.as_deref()), (Summary::Expired, Some(url)));
    let r = v.refresh(&old).expect("refreshed");
    assert_eq!((r.url.as_str(), r.report.summary, r.refused), (url, Summary::VerifiedWithWarnings, None));
    assert_eq!(r.credential.as_deref(), Some(new.as_slice()));
    assert_eq!(client.calls.lock().expect("lock").as_slice(), [url.to_owned()]);

    let (v, _) = with(200, &other);
    let r = v.refresh(&old).expect("attempted");
    assert_eq!(r.credential, None);
    assert!(r.refused.as_deref().unwrap_or_default().contains("not by the original's issuer"), "{:?}", r.refused);

    let (v, _) = with(404, b"gone");
    assert!(matches!(v.refresh(&old), Err(RefreshError::Fetch(m)) if m.contains("404") && !m.contains("gone")));

    let (v, client) = with(200, &new);
    assert_eq!(v.verify(&plain).expect("readable").summary, Summary::VerifiedWithWarnings);
    assert!(matches!(v.refresh(&plain), Err(RefreshError::NoRefreshService)));
    let mut tampered: Value = serde_json::from_slice(&old).expect("json");
    tampered["name"] = json!("Data Structures 101 (with distinction)");
    assert!(matches!(v.refresh(&serde_json::to_vec(&tampered).expect("json")), Err(RefreshError::OriginalNotVerified)));
    assert!(client.calls.lock().expect("lock").is_empty(), "nothing was fetched");
}
