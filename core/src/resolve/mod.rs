//! Finding the public key behind a proof's `verificationMethod` or a JWT's `kid`.
//!
//! - `did:key` (Ed25519 or P-256 multikey) and `did:jwk` (Ed25519, P-256 or RSA JWK):
//!   derived on the device.
//! - `did:web`: the DID document is fetched over HTTPS through a [`Fetcher`].
//! - HTTPS verification-method URLs: the key or controller document is fetched; a JWK or a
//!   JWK Set (key picked by `kid`) served there is accepted too, and is taken to be the key of
//!   the issuer when the issuer's URL has the same origin.
//! - `<issuer URL>#<publicKeyMultibase>` (1EdTech validator fixtures): the key is read from
//!   the id itself, and the result says the issuer did not publish it.
//! - DID documents pinned by the app ([`KeyResolver::with_did_documents`]), for DID methods
//!   Akashi cannot resolve itself (private deployments, test vectors such as `did:example`).
//!
//! Keys are [`PublicKey`]s: Ed25519, P-256 or RSA. [`KeyResolver::resolve`] (Data Integrity)
//! accepts Ed25519 keys only; [`KeyResolver::resolve_any`] (VC-JWT) accepts all three.
//!
//! Whether the key's controller is the credential's issuer is decided by the caller
//! (the issuer-key check), which knows the issuer.

mod did_jwk;
pub(crate) mod did_key;
mod did_web;
pub mod foreign;
pub mod http;
mod keys;

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

pub use foreign::{HttpGet, HttpResponse, PolicyFetcher};
pub use http::{FetchError, FetchPolicy, Fetched, Fetcher};
#[cfg(feature = "http")]
pub use http::{HttpConfig, HttpFetcher};
pub use keys::key_from_jwk;

use crate::report::CheckSource;

/// A public key of one of the supported types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// A raw 32-byte Ed25519 public key (EdDSA).
    Ed25519([u8; 32]),
    /// A P-256 public key as a SEC1 point (33 bytes compressed or 65 uncompressed) (ES256).
    P256(Vec<u8>),
    /// An RSA public key: big-endian modulus and exponent, no leading zeros (RS256, PS256).
    Rsa {
        /// The modulus.
        n: Vec<u8>,
        /// The public exponent.
        e: Vec<u8>,
    },
}

impl PublicKey {
    /// The key type for messages: "Ed25519", "P-256" or "RSA".
    pub fn kind(&self) -> &'static str {
        match self {
            PublicKey::Ed25519(_) => "Ed25519",
            PublicKey::P256(_) => "P-256",
            PublicKey::Rsa { .. } => "RSA",
        }
    }

    /// The raw Ed25519 key, if this is one.
    pub fn ed25519(&self) -> Option<&[u8; 32]> {
        match self {
            PublicKey::Ed25519(k) => Some(k),
            _ => None,
        }
    }
}

/// A public key and what is known about where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedKey {
    /// The verification method id as written in the proof.
    pub vm_id: String,
    /// Who controls the key (a DID or an HTTPS URL).
    pub controller: String,
    /// The public key (Ed25519 whenever it came from [`KeyResolver::resolve`]).
    pub public_key: PublicKey,
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
    /// The verification method is malformed or names a key that is not valid (or, for Data
    /// Integrity, not Ed25519).
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
    /// DID documents supplied by the app, by DID.
    pinned: Arc<HashMap<String, Map<String, Value>>>,
}

impl std::fmt::Debug for KeyResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyResolver")
            .field("offline", &self.offline)
            .field("fetcher", &self.fetcher.is_some())
            .field("pinned_dids", &self.pinned.len())
            .finish()
    }
}

impl KeyResolver {
    /// A resolver; `fetcher` is used for did:web and HTTPS. When `offline` is set it must be
    /// a cache-only fetcher (see [`crate::cache::CachingFetcher::cache_only`]), or `None`.
    pub fn new(fetcher: Option<Arc<dyn Fetcher>>, offline: bool) -> Self {
        KeyResolver { fetcher, offline, pinned: Arc::new(HashMap::new()) }
    }

    /// Adds DID documents the app vouches for (each a JSON object with an `id`), used for
    /// DIDs whose method Akashi cannot resolve itself. Keys found there are reported as
    /// coming from this device ([`CheckSource::Local`]). Documents without a string `id`, or
    /// for did:key / did:jwk / did:web (always resolved by their own rules), are ignored.
    pub fn with_did_documents(mut self, docs: Vec<Map<String, Value>>) -> Self {
        let mut pinned = (*self.pinned).clone();
        for doc in docs {
            let Some(id) = doc.get("id").and_then(Value::as_str).map(str::to_owned) else { continue };
            if ["did:key:", "did:jwk:", "did:web:"].iter().any(|p| id.starts_with(p)) || !id.starts_with("did:") {
                continue;
            }
            pinned.insert(id, doc);
        }
        self.pinned = Arc::new(pinned);
        self
    }

    /// Resolves `vm` to an Ed25519 key (Data Integrity suites) for the proof purpose
    /// `purpose` (e.g. `assertionMethod`). `issuer` is the credential's issuer id, used only to
    /// recognise `<issuer URL>#<multikey>` ids. Any other key type is [`KeyError::Invalid`].
    pub fn resolve(&self, vm: &str, issuer: Option<&str>, purpose: &str) -> Result<ResolvedKey, KeyError> {
        let key = self.resolve_any(vm, issuer, purpose)?;
        match key.public_key {
            PublicKey::Ed25519(_) => Ok(key),
            ref other => Err(KeyError::Invalid(format!(
                "{} is a {} key; the proof suites supported here need an Ed25519 key",
                short(vm),
                other.kind()
            ))),
        }
    }

    /// Resolves `vm` (a verification method id or a JWT `kid`) to a key of any supported
    /// type (Ed25519, P-256, RSA) for the proof purpose `purpose`.
    pub fn resolve_any(&self, vm: &str, issuer: Option<&str>, purpose: &str) -> Result<ResolvedKey, KeyError> {
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
        if let Some(doc) = self.pinned.get(vm.split('#').next().unwrap_or(vm)) {
            let did = vm.split('#').next().unwrap_or(vm);
            let mut key = did_web::key_in_controller_doc(vm, did, doc, purpose, "a DID document supplied by the app")?;
            key.source = CheckSource::Local;
            key.how = "from a DID document supplied by the app".into();
            return Ok(key);
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
            return did_web::resolve_https(vm, issuer, purpose, fetcher.as_ref());
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
