//! Fetching over the network, behind a trait so apps can supply their own HTTP stack.
//!
//! The default [`HttpFetcher`] (feature `http`) uses reqwest with rustls: HTTPS only, plain
//! HTTP only to loopback and only when explicitly allowed (tests), bounded time and size,
//! redirects only to URLs that pass the same rules, and optionally one extra trusted CA.

/// A fetched document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The final URL after redirects.
    pub url: String,
    /// The response body.
    pub body: Vec<u8>,
    /// How long the server allows the response to be reused (`Cache-Control: max-age`, in
    /// seconds), when it said.
    pub max_age: Option<u64>,
    /// The server forbids keeping the response (`Cache-Control: no-store`).
    pub no_store: bool,
    /// Set when the body came from Akashi's cache instead of the network: when it was
    /// fetched (Unix seconds).
    pub cached_at: Option<i64>,
}

impl Fetched {
    /// A response fresh from the network with no caching instructions.
    pub fn new(url: impl Into<String>, body: Vec<u8>) -> Self {
        Fetched { url: url.into(), body, max_age: None, no_store: false, cached_at: None }
    }
}

/// Reads the parts of a `Cache-Control` header value that Akashi honours: `(max-age, no-store)`.
/// `no-cache` counts as `max-age=0` (the response may be kept, but must be re-fetched).
pub fn parse_cache_control(value: &str) -> (Option<u64>, bool) {
    let mut max_age = None;
    let mut no_store = false;
    for directive in value.split(',') {
        let d = directive.trim().to_ascii_lowercase();
        if d == "no-store" {
            no_store = true;
        } else if d == "no-cache" {
            max_age = Some(0);
        } else if let Some(v) = d.strip_prefix("max-age=") {
            if let Ok(n) = v.trim_matches('"').parse::<u64>() {
                max_age = Some(max_age.map_or(n, |m: u64| m.min(n)));
            }
        }
    }
    (max_age, no_store)
}

/// Why a fetch failed. Messages carry URLs and HTTP facts only, never document content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The URL is not allowed (not HTTPS, or HTTP to a non-loopback host).
    #[error("URL not allowed: {0}")]
    NotAllowed(String),
    /// Connection, TLS or timeout failure.
    #[error("network error: {0}")]
    Network(String),
    /// A non-success HTTP status.
    #[error("HTTP status {0}")]
    Status(u16),
    /// The response is larger than allowed.
    #[error("response larger than {0} bytes")]
    TooLarge(u64),
    /// The server answered with something that is not a JSON / JWT document (a web page).
    #[error("unexpected content: {0}")]
    UnexpectedContent(String),
    /// The network may not be used (offline) and the cache holds no fresh copy.
    #[error("{0}")]
    Offline(String),
}

/// Something that can GET a URL. Implemented by [`HttpFetcher`], and by apps or tests.
pub trait Fetcher: Send + Sync {
    /// GETs `url` and returns the body.
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError>;
}

/// The largest response body any fetcher accepts by default: 1 MiB.
pub const MAX_FETCH_BYTES: u64 = 1024 * 1024;

/// The rules every fetch obeys, whoever does the HTTP ([`HttpFetcher`], or an app's own client
/// through [`crate::resolve::foreign::PolicyFetcher`]): HTTPS only (plain HTTP to loopback only
/// when allowed) for the request and for the URL the response finally came from, a 2xx status,
/// no web page (`text/html`), a size cap, and `Cache-Control` read for the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchPolicy {
    /// Allow `http://` to loopback addresses (tests only).
    pub allow_http_loopback: bool,
    /// Largest response body accepted.
    pub max_bytes: u64,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy { allow_http_loopback: false, max_bytes: MAX_FETCH_BYTES }
    }
}

impl FetchPolicy {
    /// Whether `url` may be requested.
    pub fn check_url(&self, url: &str) -> Result<(), FetchError> {
        url_allowed(url, self.allow_http_loopback)
    }

    /// Judges a response's head: the URL it finally came from (after any redirects the
    /// client followed) must pass [`FetchPolicy::check_url`] too, the status must be 2xx, and
    /// the content must not be a web page.
    pub fn check_head(&self, requested: &str, final_url: &str, status: u16, content_type: Option<&str>) -> Result<(), FetchError> {
        if final_url != requested {
            url_allowed(final_url, self.allow_http_loopback)
                .map_err(|_| FetchError::NotAllowed(format!("{requested} was redirected to a URL that is not allowed")))?;
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status(status));
        }
        // A web page (a login wall, an error page served with 200) is never a credential,
        // DID document, key or status list.
        if content_type.is_some_and(|ct| ct.trim_start().to_ascii_lowercase().starts_with("text/html")) {
            return Err(FetchError::UnexpectedContent(format!("{requested} answered with a web page (text/html), not a document")));
        }
        Ok(())
    }

    /// Refuses early a response whose declared length is over the cap.
    pub fn check_length(&self, declared: Option<u64>) -> Result<(), FetchError> {
        match declared {
            Some(n) if n > self.max_bytes => Err(FetchError::TooLarge(self.max_bytes)),
            _ => Ok(()),
        }
    }

    /// The fetched document from an accepted head: the body within the cap, and the
    /// `Cache-Control` header's `max-age` / `no-store`.
    pub fn finish(&self, final_url: String, body: Vec<u8>, cache_control: Option<&str>) -> Result<Fetched, FetchError> {
        if body.len() as u64 > self.max_bytes {
            return Err(FetchError::TooLarge(self.max_bytes));
        }
        let (max_age, no_store) = cache_control.map_or((None, false), parse_cache_control);
        Ok(Fetched { url: final_url, body, max_age, no_store, cached_at: None })
    }
}

/// Whether `url` may be fetched under the policy.
pub fn url_allowed(url: &str, allow_http_loopback: bool) -> Result<(), FetchError> {
    let parsed = url::Url::parse(url).map_err(|_| FetchError::NotAllowed(format!("{url} is not a valid URL")))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if allow_http_loopback && is_loopback(&parsed) => Ok(()),
        "http" => Err(FetchError::NotAllowed(format!("{url}: plain HTTP is not allowed"))),
        other => Err(FetchError::NotAllowed(format!("{url}: scheme {other} is not allowed"))),
    }
}

fn is_loopback(u: &url::Url) -> bool {
    match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(feature = "http")]
pub use imp::{HttpConfig, HttpFetcher};

#[cfg(feature = "http")]
mod imp {
    use std::io::Read;
    use std::time::Duration;

    use super::{url_allowed, FetchError, FetchPolicy, Fetched, Fetcher, MAX_FETCH_BYTES};

    /// Settings for [`HttpFetcher`].
    #[derive(Debug, Clone)]
    pub struct HttpConfig {
        /// Whole-request timeout.
        pub timeout: Duration,
        /// Largest response body accepted.
        pub max_bytes: u64,
        /// Allow `http://` to loopback addresses (for tests only).
        pub allow_http_loopback: bool,
        /// An extra trusted CA certificate bundle (PEM), e.g. for a test server.
        pub extra_ca_pem: Option<Vec<u8>>,
        /// Host names to connect to at fixed socket addresses instead of resolving them by DNS
        /// (like `curl --resolve`). TLS still checks the certificate for the host name. For
        /// tests (a loopback server standing in for `example.org`) and private deployments.
        pub resolve: Vec<(String, std::net::SocketAddr)>,
    }

    impl Default for HttpConfig {
        fn default() -> Self {
            HttpConfig {
                timeout: Duration::from_secs(10),
                max_bytes: MAX_FETCH_BYTES,
                allow_http_loopback: false,
                extra_ca_pem: None,
                resolve: Vec::new(),
            }
        }
    }

    impl HttpConfig {
        /// The fetch rules this configuration sets.
        pub fn policy(&self) -> FetchPolicy {
            FetchPolicy { allow_http_loopback: self.allow_http_loopback, max_bytes: self.max_bytes }
        }
    }

    /// The default fetcher: reqwest (blocking) over rustls with the webpki roots.
    #[derive(Debug, Clone)]
    pub struct HttpFetcher {
        client: reqwest::blocking::Client,
        config: HttpConfig,
    }

    impl HttpFetcher {
        /// Builds a fetcher. Fails only on an unusable CA bundle or TLS setup.
        pub fn new(config: HttpConfig) -> Result<Self, String> {
            let allow = config.allow_http_loopback;
            let mut builder = reqwest::blocking::Client::builder()
                .timeout(config.timeout)
                .connect_timeout(config.timeout.min(Duration::from_secs(5)))
                .user_agent(concat!("akashi/", env!("CARGO_PKG_VERSION")))
                .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                    if attempt.previous().len() >= 5 {
                        attempt.error("too many redirects")
                    } else if url_allowed(attempt.url().as_str(), allow).is_err() {
                        attempt.error("redirect to a URL that is not allowed")
                    } else {
                        attempt.follow()
                    }
                }));
            if let Some(pem) = &config.extra_ca_pem {
                let certs =
                    reqwest::Certificate::from_pem_bundle(pem).map_err(|_| "the CA file is not a PEM certificate bundle".to_string())?;
                if certs.is_empty() {
                    return Err("the CA file contains no certificate".into());
                }
                for c in certs {
                    builder = builder.add_root_certificate(c);
                }
            }
            for (host, addr) in &config.resolve {
                builder = builder.resolve(host, *addr);
            }
            let client = builder.build().map_err(|e| format!("could not set up HTTPS: {e}"))?;
            Ok(HttpFetcher { client, config })
        }
    }

    impl Fetcher for HttpFetcher {
        fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
            let policy = self.config.policy();
            policy.check_url(url)?;
            let resp = self
                .client
                .get(url)
                .header("Accept", "application/did+ld+json, application/did+json, application/ld+json, application/json;q=0.9")
                .send()
                .map_err(|e| FetchError::Network(describe(&e)))?;
            let header = |name: reqwest::header::HeaderName| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let content_type = header(reqwest::header::CONTENT_TYPE);
            let cache_control = header(reqwest::header::CACHE_CONTROL);
            let final_url = resp.url().to_string();
            policy.check_head(url, &final_url, resp.status().as_u16(), content_type.as_deref())?;
            policy.check_length(resp.content_length())?;
            let mut body = Vec::new();
            resp.take(policy.max_bytes + 1).read_to_end(&mut body).map_err(|e| FetchError::Network(e.to_string()))?;
            policy.finish(final_url, body, cache_control.as_deref())
        }
    }

    fn describe(e: &reqwest::Error) -> String {
        if e.is_timeout() {
            "timed out".into()
        } else if e.is_connect() {
            "could not connect".into()
        } else if e.is_redirect() {
            "redirect refused".into()
        } else {
            // The source chain has the TLS detail (e.g. unknown issuer) and no document content.
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg = format!("{msg}: {s}");
                src = s.source();
            }
            msg
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert!(url_allowed("https://example.com/x", false).is_ok());
        assert!(url_allowed("http://example.com/x", true).is_err());
        assert!(url_allowed("http://127.0.0.1:8080/x", false).is_err());
        assert!(url_allowed("http://127.0.0.1:8080/x", true).is_ok());
        assert!(url_allowed("http://localhost:8080/x", true).is_ok());
        assert!(url_allowed("file:///etc/passwd", true).is_err());
        assert!(url_allowed("not a url", true).is_err());
    }

    #[test]
    fn cache_control() {
        assert_eq!(parse_cache_control("public, max-age=600"), (Some(600), false));
        assert_eq!(parse_cache_control("no-store"), (None, true));
        assert_eq!(parse_cache_control("no-cache, max-age=60"), (Some(0), false));
        assert_eq!(parse_cache_control("max-age=\"30\""), (Some(30), false));
        assert_eq!(parse_cache_control("private"), (None, false));
    }
}
