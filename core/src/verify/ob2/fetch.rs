//! Fetching the documents an OB 2.0 assertion links to (hosted assertion, BadgeClass, issuer
//! Profile, CryptographicKey, RevocationList) through the verifier's [`Fetcher`].
//!
//! **Plain-HTTP policy.** Many OB 2.0 badges (and most test fixtures) name `http://` URLs,
//! while Akashi never fetches plain HTTP (anyone on the path could rewrite it). An `http://`
//! URL is therefore fetched as `https://` on the same host and port, and the check that relied
//! on it carries a warning saying so; if the host does not answer over HTTPS the document is
//! "unavailable" (unknown, never verified). Identity comparisons (ids, key owners, scopes)
//! use the URLs as written. Plain HTTP is fetched only to loopback addresses and only when
//! `allow_http_loopback` is set (tests).
//!
//! **Declared ids.** A fetched node must be the node that was linked. When it declares another
//! id: same host as the URL it came from → that host vouches for it, it is used and a warning
//! is given; another host → the declared id is fetched instead (once) and must declare itself;
//! a non-HTTP id (`urn:uuid:`) → kept, with a warning, and its host for scope purposes is the
//! one it was served from. Every run fetches at most [`MAX_FETCHES`] documents.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::shape::{authority, is_http_url, short};
use crate::resolve::{FetchError, Fetcher};

/// Fetches per verification: assertion, badge class, issuer, key, revocation list, plus
/// re-fetches of declared ids.
pub(crate) const MAX_FETCHES: u8 = 12;

/// Why a document could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fail {
    /// Verification is offline (or no fetcher is configured).
    Offline,
    /// The server answered with this HTTP status.
    Status(u16),
    /// A definite problem with the document or URL (not JSON, too large, not fetchable).
    Bad(String),
    /// Network trouble (unreachable, timeout, TLS): it may work later.
    Network(String),
}

impl Fail {
    /// Whether the failure is definite (the document is wrong or missing) rather than an
    /// inability to check now.
    pub(crate) fn is_definite(&self) -> bool {
        match self {
            Fail::Offline | Fail::Network(_) => false,
            Fail::Status(s) => (400..500).contains(s) && *s != 408 && *s != 429,
            Fail::Bad(_) => true,
        }
    }

    /// A reason naming `what` and `url`.
    pub(crate) fn describe(&self, what: &str, url: &str) -> String {
        let url = short(url);
        match self {
            Fail::Offline => format!("{what} ({url}) must be fetched, and verification is offline"),
            Fail::Status(s) => format!("{what} could not be fetched from {url}: HTTP {s}"),
            Fail::Bad(why) => format!("{what} at {url} is unusable: {why}"),
            Fail::Network(why) => format!("{what} could not be fetched from {url}: {why}"),
        }
    }
}

/// A fetched body.
#[derive(Debug, Clone)]
pub(crate) struct Got {
    pub body: Vec<u8>,
    pub warnings: Vec<String>,
}

/// A fetched JSON node.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub doc: Map<String, Value>,
    /// The node's id: as declared, or the URL it was linked by when it declares none.
    pub id: String,
    /// The http(s) URL it was served from (the link, or the declared id it was re-fetched at).
    pub served_from: String,
    pub warnings: Vec<String>,
}

/// The fetching context of one verification.
pub(crate) struct Net {
    fetcher: Option<Arc<dyn Fetcher>>,
    /// Whether the network may be used (offline: only the cache behind `fetcher`).
    network: bool,
    allow_http_loopback: bool,
    left: Cell<u8>,
    cache: RefCell<HashMap<String, Result<Got, Fail>>>,
    /// URLs (as linked and as fetched) whose documents came from Akashi's fetch cache, with
    /// when they were fetched: the report names the cache as their source.
    from_cache: RefCell<HashMap<String, i64>>,
}

impl Net {
    pub(crate) fn new(fetcher: Option<Arc<dyn Fetcher>>, network: bool, allow_http_loopback: bool) -> Self {
        Net {
            network: network && fetcher.is_some(),
            fetcher,
            allow_http_loopback,
            left: Cell::new(MAX_FETCHES),
            cache: RefCell::new(HashMap::new()),
            from_cache: RefCell::new(HashMap::new()),
        }
    }

    /// Whether fetching is possible at all (from the network or, offline, the cache).
    pub(crate) fn online(&self) -> bool {
        self.fetcher.is_some()
    }

    /// Re-labels the checks of `report` whose documents came from the fetch cache: their
    /// source becomes the cache, with when the copy was fetched.
    pub(crate) fn mark_cached(&self, report: &mut crate::report::Report) {
        let cached = self.from_cache.borrow();
        if cached.is_empty() {
            return;
        }
        for c in &mut report.checks {
            if let crate::report::CheckSource::Network { url } = &c.source {
                if let Some(t) = cached.get(url) {
                    let fetched_at = chrono::DateTime::from_timestamp(*t, 0).map_or_else(String::new, crate::verify::rfc3339);
                    c.source = crate::report::CheckSource::Cache { url: url.clone(), fetched_at };
                }
            }
        }
    }

    /// Whether the network may be used (not just the cache).
    pub(crate) fn has_network(&self) -> bool {
        self.network
    }

    /// The URL to fetch for `url` under the plain-HTTP policy, and the warning if it changed.
    pub(crate) fn fetch_url(&self, url: &str) -> Result<(String, Option<String>), Fail> {
        let mut u = url::Url::parse(url).map_err(|_| Fail::Bad("not a URL".into()))?;
        match u.scheme() {
            "https" => Ok((u.to_string(), None)),
            "http" => {
                let loopback = match u.host() {
                    Some(url::Host::Domain(d)) => d == "localhost",
                    Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                    Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                    None => false,
                };
                if loopback && self.allow_http_loopback {
                    return Ok((u.to_string(), None));
                }
                u.set_scheme("https").map_err(|_| Fail::Bad("cannot be fetched over HTTPS".into()))?;
                let to = u.to_string();
                let w =
                    crate::l10n::warning("warn-fetch-plain-http", &[("url", short(url).to_string()), ("https", short(&to).to_string())]);
                Ok((to, Some(w)))
            }
            other => Err(Fail::Bad(format!("a {other}: address cannot be fetched"))),
        }
    }

    /// GETs `url` (http upgraded to https), cached per run by the address actually fetched.
    pub(crate) fn get(&self, url: &str) -> Result<Got, Fail> {
        let key = self.fetch_url(url).map(|(to, _)| to).unwrap_or_else(|_| url.to_owned());
        if let Some(hit) = self.cache.borrow().get(&key) {
            return hit.clone();
        }
        let r = self.get_uncached(url);
        self.cache.borrow_mut().insert(key, r.clone());
        r
    }

    fn get_uncached(&self, url: &str) -> Result<Got, Fail> {
        let Some(fetcher) = &self.fetcher else {
            return Err(Fail::Offline);
        };
        let (to, warning) = self.fetch_url(url)?;
        let left = self.left.get();
        if left == 0 {
            return Err(Fail::Bad(format!("more than {MAX_FETCHES} documents would be needed to verify this assertion")));
        }
        self.left.set(left - 1);
        match fetcher.fetch(&to) {
            Ok(f) => {
                if let Some(t) = f.cached_at {
                    let mut c = self.from_cache.borrow_mut();
                    c.insert(url.to_owned(), t);
                    c.insert(to.clone(), t);
                    c.insert(f.url.clone(), t);
                }
                let mut warnings: Vec<String> = warning.into_iter().collect();
                if f.url != to {
                    warnings.push(crate::l10n::warning(
                        "warn-fetch-redirected",
                        &[("from", short(&to).to_string()), ("to", short(&f.url).to_string())],
                    ));
                }
                Ok(Got { body: f.body, warnings })
            }
            Err(FetchError::Status(s)) => Err(Fail::Status(s)),
            Err(FetchError::TooLarge(n)) => Err(Fail::Bad(format!("larger than {n} bytes"))),
            Err(FetchError::NotAllowed(why)) => Err(Fail::Bad(why)),
            Err(FetchError::UnexpectedContent(why)) => Err(Fail::Bad(why)),
            // Offline and not freshly cached.
            Err(FetchError::Offline(_)) => Err(Fail::Offline),
            Err(FetchError::Network(why)) if warning.is_some() => {
                Err(Fail::Network(format!("{why} (the address is plain HTTP and its host did not answer over HTTPS)")))
            }
            Err(FetchError::Network(why)) => Err(Fail::Network(why)),
        }
    }

    /// Fetches the node linked as `url` (see the module doc for declared ids); `what` names it.
    pub(crate) fn node_inner(&self, url: &str, what: &str) -> Result<Node, (Fail, String)> {
        let (doc, mut warnings) = self.json(url).map_err(|f| (f, url.to_owned()))?;
        let declared = doc.get("id").and_then(Value::as_str).map(str::to_owned);
        match declared {
            None => Ok(Node { doc, id: url.to_owned(), served_from: url.to_owned(), warnings }),
            Some(d) if d == url => Ok(Node { doc, id: d, served_from: url.to_owned(), warnings }),
            Some(d) if is_http_url(&d) && authority(&d) == authority(url) => {
                warnings.push(crate::l10n::warning(
                    "warn-fetch-id-same-host",
                    &[("what", what.to_string()), ("url", short(url).to_string()), ("id", short(&d).to_string())],
                ));
                Ok(Node { doc, id: d, served_from: url.to_owned(), warnings })
            }
            Some(d) if is_http_url(&d) => {
                let (doc2, mut w2) = self.json(&d).map_err(|f| (f, d.clone()))?;
                if doc2.get("id").and_then(Value::as_str) != Some(d.as_str()) {
                    return Err((
                        Fail::Bad(format!("it declares the id {}, and that address serves a document with another id", short(&d))),
                        url.to_owned(),
                    ));
                }
                warnings.push(crate::l10n::warning(
                    "warn-fetch-id-other-host",
                    &[("what", what.to_string()), ("url", short(url).to_string()), ("id", short(&d).to_string())],
                ));
                warnings.append(&mut w2);
                Ok(Node { doc: doc2, id: d.clone(), served_from: d, warnings })
            }
            Some(d) => {
                warnings.push(crate::l10n::warning(
                    "warn-fetch-id-not-http",
                    &[("what", what.to_string()), ("url", short(url).to_string()), ("id", short(&d).to_string())],
                ));
                Ok(Node { doc, id: d, served_from: url.to_owned(), warnings })
            }
        }
    }

    /// GETs `url` and reads the body as one bounded JSON object.
    pub(crate) fn json(&self, url: &str) -> Result<(Map<String, Value>, Vec<String>), Fail> {
        let got = self.get(url)?;
        let doc = crate::input::read_json_object(&got.body).map_err(|e| Fail::Bad(format!("not a JSON object ({e})")))?;
        Ok((doc, got.warnings))
    }
}
