//! An app's own HTTP stack (OkHttp, URLSession, `requests`) as Akashi's network, under
//! Akashi's fetch policy.
//!
//! The app's client only GETs: it follows redirects and reports what it got
//! ([`HttpResponse`]). Every rule is kept here, in the core, by [`PolicyFetcher`] through the
//! same [`FetchPolicy`] the built-in [`crate::resolve::HttpFetcher`] uses: HTTPS only (plain
//! HTTP to loopback only when allowed), on the request *and* on the URL the client finally
//! got the response from (a client that followed a redirect to `http://` is refused), a 2xx
//! status, no web page (`text/html`), the size cap, and `Cache-Control` for the cache.

use std::sync::Arc;

use super::http::{FetchError, FetchPolicy, Fetched, Fetcher};

/// What an app's HTTP client got for a GET.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The URL the response finally came from, after the redirects the client followed (the
    /// requested URL when there were none). Checked against the policy like the request.
    pub final_url: String,
    /// The response body.
    pub body: Vec<u8>,
    /// The `Content-Type` header, when there was one.
    pub content_type: Option<String>,
    /// The `Cache-Control` header, when there was one.
    pub cache_control: Option<String>,
}

/// A raw HTTP client with no policy of its own: an app's HTTP stack, or a test double.
/// Failures to get any response (no network, timeout) are [`FetchError::Network`].
pub trait HttpGet: Send + Sync {
    /// GETs `url`, following redirects.
    fn get(&self, url: &str) -> Result<HttpResponse, FetchError>;
}

impl<T: HttpGet + ?Sized> HttpGet for Arc<T> {
    fn get(&self, url: &str) -> Result<HttpResponse, FetchError> {
        (**self).get(url)
    }
}

/// A [`Fetcher`] that fetches through a raw [`HttpGet`] client and applies the
/// [`FetchPolicy`] before the request and to the response.
#[derive(Debug, Clone)]
pub struct PolicyFetcher<C> {
    client: C,
    policy: FetchPolicy,
}

impl<C: HttpGet> PolicyFetcher<C> {
    /// `client` under `policy`.
    pub fn new(client: C, policy: FetchPolicy) -> Self {
        PolicyFetcher { client, policy }
    }
}

impl<C: HttpGet> Fetcher for PolicyFetcher<C> {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        self.policy.check_url(url)?;
        let r = self.client.get(url)?;
        self.policy.check_head(url, &r.final_url, r.status, r.content_type.as_deref())?;
        self.policy.finish(r.final_url, r.body, r.cache_control.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// Answers every GET with one canned response (or error), counting calls.
    struct Canned(Mutex<Result<HttpResponse, FetchError>>, AtomicUsize);

    impl Canned {
        fn new(r: Result<HttpResponse, FetchError>) -> Self {
            Canned(Mutex::new(r), AtomicUsize::new(0))
        }
        fn calls(&self) -> usize {
            self.1.load(Ordering::SeqCst)
        }
    }

    impl HttpGet for Canned {
        fn get(&self, _url: &str) -> Result<HttpResponse, FetchError> {
            self.1.fetch_add(1, Ordering::SeqCst);
            self.0.lock().map_or(Err(FetchError::Network("poisoned".into())), |r| r.clone())
        }
    }

    const URL: &str = "https://issuer.example/status/1";

    fn ok(final_url: &str) -> HttpResponse {
        HttpResponse {
            status: 200,
            final_url: final_url.into(),
            body: b"{\"a\":1}".to_vec(),
            content_type: Some("application/vc+ld+json".into()),
            cache_control: Some("public, max-age=600".into()),
        }
    }

    fn fetch(r: Result<HttpResponse, FetchError>, url: &str, allow_loopback: bool) -> (Result<Fetched, FetchError>, usize) {
        let client = Arc::new(Canned::new(r));
        let f = PolicyFetcher::new(client.clone(), FetchPolicy { allow_http_loopback: allow_loopback, ..Default::default() });
        let got = f.fetch(url);
        (got, client.calls())
    }

    #[test]
    fn a_good_response_is_fetched_with_its_cache_control() {
        let (got, calls) = fetch(Ok(ok(URL)), URL, false);
        let got = got.expect("fetched");
        assert_eq!(
            (got.url.as_str(), got.body.as_slice(), got.max_age, got.no_store, got.cached_at),
            (URL, &b"{\"a\":1}"[..], Some(600), false, None)
        );
        assert_eq!(calls, 1);
        // A redirect to another HTTPS URL is fine; the final URL is reported.
        let (got, _) = fetch(Ok(ok("https://cdn.example/list")), URL, false);
        assert_eq!(got.map(|f| f.url), Ok("https://cdn.example/list".to_owned()));
        let mut r = ok(URL);
        r.cache_control = Some("no-store".into());
        assert_eq!(fetch(Ok(r), URL, false).0.map(|f| (f.max_age, f.no_store)), Ok((None, true)));
    }

    #[test]
    fn requests_that_break_the_policy_never_reach_the_client() {
        for url in ["http://issuer.example/x", "file:///etc/passwd", "ftp://issuer.example/x", "not a url", "http://127.0.0.1:8080/x"] {
            let (got, calls) = fetch(Ok(ok(url)), url, false);
            assert!(matches!(got, Err(FetchError::NotAllowed(_))), "{url}: {got:?}");
            assert_eq!(calls, 0, "{url}");
        }
        // Loopback HTTP only when allowed.
        let (got, calls) = fetch(Ok(ok("http://127.0.0.1:8080/x")), "http://127.0.0.1:8080/x", true);
        assert!(got.is_ok(), "{got:?}");
        assert_eq!(calls, 1);
    }

    #[test]
    fn a_redirect_to_plain_http_is_refused() {
        for (final_url, loopback) in [
            ("http://issuer.example/status/1", false),
            ("http://issuer.example/status/1", true),
            ("http://127.0.0.1:8080/x", false),
            ("file:///etc/passwd", true),
            ("", false),
        ] {
            let (got, calls) = fetch(Ok(ok(final_url)), URL, loopback);
            assert!(matches!(&got, Err(FetchError::NotAllowed(m)) if !m.contains("{\"a\"")), "{final_url:?}: {got:?}");
            assert_eq!(calls, 1);
        }
        // To loopback, when loopback is allowed (tests), it is followed.
        assert!(fetch(Ok(ok("http://localhost:8080/x")), URL, true).0.is_ok());
    }

    #[test]
    fn bad_statuses_web_pages_and_large_bodies_are_refused() {
        for status in [404, 500, 301, 102, 199, 300] {
            let mut r = ok(URL);
            r.status = status;
            assert_eq!(fetch(Ok(r), URL, false).0, Err(FetchError::Status(status)), "{status}");
        }
        for ct in ["text/html", "text/html; charset=utf-8", " TEXT/HTML"] {
            let mut r = ok(URL);
            r.content_type = Some(ct.into());
            assert!(matches!(fetch(Ok(r), URL, false).0, Err(FetchError::UnexpectedContent(_))), "{ct}");
        }
        let mut r = ok(URL);
        r.content_type = None;
        assert!(fetch(Ok(r), URL, false).0.is_ok(), "no content type is accepted (the body is judged later)");
        let mut r = ok(URL);
        r.body = vec![b' '; (super::super::http::MAX_FETCH_BYTES + 1) as usize];
        assert_eq!(fetch(Ok(r), URL, false).0, Err(FetchError::TooLarge(super::super::http::MAX_FETCH_BYTES)));
        let mut r = ok(URL);
        r.body = vec![b' '; super::super::http::MAX_FETCH_BYTES as usize];
        assert!(fetch(Ok(r), URL, false).0.is_ok(), "exactly the cap is fine");
    }

    #[test]
    fn client_errors_pass_through() {
        let e = FetchError::Network("timed out".into());
        assert_eq!(fetch(Err(e.clone()), URL, false), (Err(e), 1));
    }
}
