//! `Verifier::with_http_client`: an app's raw HTTP client (no rules of its own) under the
//! core's fetch policy, with the status-list cache in memory or in an SQLite file.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use akashi_core::resolve::{FetchError, HttpGet, HttpResponse};
use akashi_core::{CheckId, CheckSource, CheckStatus, OptionsError, Report, Summary, Verifier, VerifyOptions};

const LIST_URL: &str =
    "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj";

/// Serves the DCC status list, changed by `tweak`, and counts calls.
struct Client {
    tweak: fn(HttpResponse) -> Result<HttpResponse, FetchError>,
    calls: AtomicUsize,
}

impl Client {
    fn new(tweak: fn(HttpResponse) -> Result<HttpResponse, FetchError>) -> Arc<Self> {
        Arc::new(Client { tweak, calls: AtomicUsize::new(0) })
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl HttpGet for Client {
    fn get(&self, url: &str) -> Result<HttpResponse, FetchError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let r = if url == LIST_URL {
            HttpResponse {
                status: 200,
                final_url: url.into(),
                body: crate::common::fixture("ob3/dcc-verifier-core/status/e5WK8CbZ1GjycuPombrj.json"),
                content_type: Some("application/vc+ld+json".into()),
                cache_control: Some("max-age=3600".into()),
            }
        } else {
            HttpResponse { status: 404, final_url: url.into(), body: Vec::new(), content_type: None, cache_control: None }
        };
        (self.tweak)(r)
    }
}

fn options() -> VerifyOptions {
    let now = chrono::DateTime::parse_from_rfc3339("2025-06-01T00:00:00Z").expect("time").with_timezone(&chrono::Utc);
    VerifyOptions { now: Some(now), ..Default::default() }
}

fn status(r: &Report) -> &akashi_core::Check {
    r.checks.iter().find(|c| c.id == CheckId::Status).expect("a status check")
}

fn revoked() -> Vec<u8> {
    crate::common::fixture("ob3/dcc-verifier-core/v2/v2Revoked.json")
}

#[test]
fn app_client_under_the_policy_and_the_cache() {
    let client = Client::new(Ok);
    let v = Verifier::with_http_client(options(), client.clone()).expect("verifier");
    let r = v.verify(&revoked()).expect("readable");
    assert_eq!(r.summary, Summary::Revoked);
    assert_eq!(status(&r).source, CheckSource::Network { url: LIST_URL.into() });
    let r = v.verify(&crate::common::fixture("ob3/dcc-verifier-core/v2/v2WithValidStatus.json")).expect("readable");
    assert_eq!(status(&r).status, CheckStatus::Valid);
    assert!(matches!(&status(&r).source, CheckSource::Cache { url, .. } if url == LIST_URL));
    assert_eq!(client.calls(), 1);

    let refused: [fn(HttpResponse) -> Result<HttpResponse, FetchError>; 4] = [
        |r| Ok(HttpResponse { final_url: r.final_url.replacen("https://", "http://", 1), ..r }),
        |r| Ok(HttpResponse { content_type: Some("text/html".into()), ..r }),
        |r| Ok(HttpResponse { status: 404, ..r }),
        |_| Err(FetchError::Network("timed out".into())),
    ];
    for (i, tweak) in refused.into_iter().enumerate() {
        let client = Client::new(tweak);
        let r = Verifier::with_http_client(options(), client.clone()).expect("verifier").verify(&revoked()).expect("readable");
        assert_eq!(
            (r.summary, status(&r).status),
            (Summary::VerifiedWithWarnings, CheckStatus::Unknown),
            "case {i}: {:?}",
            status(&r).reason
        );
        assert_eq!(client.calls(), 1, "case {i}");
    }
}

#[test]
fn cache_file_serves_offline_and_a_foreign_file_is_refused() {
    let dir = std::env::temp_dir().join(format!("akashi-http-client-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let db = dir.join("cache.sqlite");
    let with_cache = |offline| VerifyOptions { cache_path: Some(db.clone()), offline, ..options() };

    let online = Client::new(Ok);
    let r = Verifier::with_http_client(with_cache(false), online.clone()).expect("verifier").verify(&revoked()).expect("readable");
    assert_eq!(r.summary, Summary::Revoked);
    let offline = Client::new(Ok);
    let r = Verifier::with_http_client(with_cache(true), offline.clone()).expect("verifier").verify(&revoked()).expect("readable");
    assert_eq!(r.summary, Summary::Revoked);
    assert!(matches!(&status(&r).source, CheckSource::Cache { url, fetched_at } if url == LIST_URL && !fetched_at.is_empty()));
    assert_eq!((online.calls(), offline.calls()), (1, 0));

    let notes = dir.join("notes.sqlite");
    let content = b"somebody's notes, not a database; long enough to fill an SQLite header".repeat(4);
    std::fs::write(&notes, &content).expect("write");
    let got = Verifier::with_http_client(VerifyOptions { cache_path: Some(notes.clone()), ..options() }, Client::new(Ok));
    assert!(matches!(got, Err(OptionsError::Cache(_))));
    assert_eq!(std::fs::read(&notes).expect("read"), content);
    let _ = std::fs::remove_dir_all(&dir);
}
