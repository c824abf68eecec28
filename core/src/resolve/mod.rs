//! Finding the public key behind a proof's `verificationMethod`.
//!
//! - `did:key` (Ed25519 multikey) and `did:jwk` (Ed25519 JWK): derived on the device.
//! - `did:web`: the DID document is fetched over HTTPS through a [`Fetcher`].
//! - HTTPS verification-method URLs: the key or controller document is fetched.
//! - `<issuer URL>#<publicKeyMultibase>` (1EdTech validator fixtures): the key is read from
//!   the id itself, and the result says the issuer did not publish it.
//!
//! Whether the key's controller is the credential's issuer is decided by the caller
//! (the issuer-key check), which knows the issuer.

mod did_jwk;
mod did_key;
mod did_web;
pub mod http;
mod keys;

use std::sync::Arc;

pub use http::{FetchError, Fetched, Fetcher};
#[cfg(feature = "http")]
pub use http::{HttpConfig, HttpFetcher};

use crate::report::CheckSource;

/// An Ed25519 public key and what is known about where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedKey {
    /// The verification method id as written in the proof.
    pub vm_id: String,
    /// Who controls the key (a DID or an HTTPS URL).
    pub controller: String,
    /// The raw 32-byte Ed25519 public key.
    pub public_key: [u8; 32],
    /// Where the key came from.
    pub source: CheckSource,
    /// How it was obtained, for the report ("derived from did:key", "published in …").
    pub how: String,
    /// Things to tell the user (e.g. the issuer did not publish this key).
    pub warnings: Vec<String>,
}

/// Why a key could not be obtained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The verification method is malformed or names a key that is not a valid Ed25519 key.
    #[error("{0}")]
    Invalid(String),
    /// The key exists but is not authorized for this purpose (not in `assertionMethod`).
    #[error("{0}")]
    NotAuthorized(String),
    /// Akashi cannot resolve this kind of identifier (unknown scheme or DID method).
    #[error("{0}")]
    Unsupported(String),
    /// The network was needed but not allowed (offline mode).
    #[error("{0}")]
    Offline(String),
    /// Fetching failed (unreachable, HTTP error, timeout, too large).
    #[error("{0}")]
    Fetch(String),
}

impl KeyError {
    /// Whether this is a definite failure (`true`) or an inability to check (`false`).
    pub fn is_definite(&self) -> bool {
        matches!(self, KeyError::Invalid(_) | KeyError::NotAuthorized(_))
    }
}

/// Resolves verification methods to keys.
#[derive(Clone)]
pub struct KeyResolver {
    fetcher: Option<Arc<dyn Fetcher>>,
    offline: bool,
}

impl std::fmt::Debug for KeyResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyResolver").field("offline", &self.offline).field("fetcher", &self.fetcher.is_some()).finish()
    }
}

impl KeyResolver {
    /// A resolver; `fetcher` is used for did:web and HTTPS. When `offline` is set it must be
    /// a cache-only fetcher (see [`crate::cache::CachingFetcher::cache_only`]), or `None`.
    pub fn new(fetcher: Option<Arc<dyn Fetcher>>, offline: bool) -> Self {
        KeyResolver { fetcher, offline }
    }

    /// Resolves `vm` for the proof purpose `purpose` (e.g. `assertionMethod`).
    /// `issuer` is the credential's issuer id, used only to recognise `<issuer URL>#<multikey>` ids.
    pub fn resolve(&self, vm: &str, issuer: Option<&str>, purpose: &str) -> Result<ResolvedKey, KeyError> {
        if vm.starts_with("did:key:") {
            return did_key::resolve(vm);
        }
        if vm.starts_with("did:jwk:") {
            return did_jwk::resolve(vm);
        }
        if vm.starts_with("did:web:") {
            let fetcher = self.fetcher_for(vm)?;
            return did_web::resolve(vm, purpose, fetcher.as_ref());
        }
        if let Some(rest) = vm.strip_prefix("did:") {
            let method = rest.split(':').next().unwrap_or_default();
            return Err(KeyError::Unsupported(format!("DID method did:{method} is not supported (did:key, did:jwk and did:web are)")));
        }
        if vm.starts_with("https://") || vm.starts_with("http://") {
            if let Some(key) = keys::fragment_key(vm, issuer) {
                return key;
            }
            let fetcher = self.fetcher_for(vm)?;
            return did_web::resolve_https(vm, purpose, fetcher.as_ref());
        }
        match vm.split_once(':') {
            Some((scheme, _)) if !scheme.is_empty() && !scheme.contains('/') => {
                Err(KeyError::Unsupported(format!("verification method scheme '{scheme}:' is not supported")))
            }
            _ => Err(KeyError::Invalid("the verification method is not a URL or DID".into())),
        }
    }

    /// The fetcher: the network through the cache, or (offline) the cache alone, whose misses
    /// are [`FetchError::Offline`]. `None` only when none is configured.
    pub(crate) fn fetcher(&self) -> Option<&Arc<dyn Fetcher>> {
        self.fetcher.as_ref()
    }

    fn fetcher_for(&self, what: &str) -> Result<Arc<dyn Fetcher>, KeyError> {
        if self.offline && self.fetcher.is_none() {
            return Err(KeyError::Offline(format!("resolving {} needs the network, and verification is offline", short(what))));
        }
        self.fetcher
            .clone()
            .ok_or_else(|| KeyError::Offline(format!("resolving {} needs the network, and no fetcher is configured", short(what))))
    }
}

/// A fetch failure as a key error: offline (no fresh cached copy) stays "offline"; the
/// message keeps `what` and the fetch error's URL/HTTP facts.
pub(crate) fn fetch_error(e: FetchError, what: String) -> KeyError {
    match e {
        FetchError::Offline(why) => KeyError::Offline(format!("{what}: {why}")),
        e => KeyError::Fetch(format!("{what}: {e}")),
    }
}

/// Where a fetched document came from: the network, or the cache (with when it was fetched).
pub fn source_of(fetched: &Fetched, url: &str) -> CheckSource {
    match fetched.cached_at {
        Some(t) => CheckSource::Cache {
            url: url.to_owned(),
            fetched_at: chrono::DateTime::from_timestamp(t, 0).map_or_else(String::new, crate::verify::rfc3339),
        },
        None => CheckSource::Network { url: url.to_owned() },
    }
}

/// Shortens identifiers for messages (verification-method ids can be long).
fn short(s: &str) -> String {
    if s.chars().count() > 80 {
        let head: String = s.chars().take(77).collect();
        format!("{head}...")
    } else {
        s.to_owned()
    }
}
