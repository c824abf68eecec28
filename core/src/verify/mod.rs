//! Verification: an ordered pipeline of named checks over one credential.
//!
//! [`Verifier::verify`] reads bytes ([`crate::input::detect`]: JSON, a compact JWS, a baked
//! PNG/SVG, a URL), picks the verification path from what it finds, and runs named checks:
//! [`format`] (shape, contexts, JSON-LD terms), [`proof`] (each embedded proof, and the
//! issuer key behind it) or [`jwt`] (VC-JWT) or [`ob2`] (Open Badges 2.0 hosted / signed),
//! then [`validity`], [`status`], [`trust`], [`recipient`], [`schema`], and for containers
//! ([`presentation`], CLR, [`endorsement`]s) every credential inside on its own. Each yields a
//! [`Check`]; the [`Summary`] is derived from them. An invalid signature is fatal: after it,
//! nothing the document says is trusted, so the later checks are reported as unknown.

pub mod endorsement;
pub mod format;
pub mod jwt;
pub mod nested;
pub mod ob2;
pub mod presentation;
pub mod proof;
pub mod recipient;
pub mod refresh;
pub mod schema;
pub mod status;
pub mod trust;
pub mod validity;

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

use crate::cache::{CacheStore, CachingFetcher, MemoryCache};
use crate::input::{detect, Detected, InputError, Payload};
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus, CredentialInfo, Envelope, NestedReport, Report, Securing, Summary};
use crate::resolve::{FetchPolicy, Fetcher, HttpGet, KeyResolver, PolicyFetcher};

/// How deep credentials may nest inside each other (presentation → CLR → achievement →
/// endorsement). Deeper members are reported as not checked, never as verified.
pub const MAX_NESTING: u8 = 4;

/// How to verify.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Judge validity at this time instead of the clock (for "was it valid then?" and tests).
    pub now: Option<DateTime<Utc>>,
    /// Never use the network: did:web and HTTPS keys become "unknown".
    pub offline: bool,
    /// Allow plain HTTP to loopback addresses (tests only).
    pub allow_http_loopback: bool,
    /// An extra trusted CA bundle (PEM) for HTTPS, e.g. for a test server.
    pub extra_ca_pem: Option<Vec<u8>>,
    /// Presentations: the challenge (nonce) the verifier gave the holder. When set, a
    /// presentation whose proof lacks it or has another one is invalid.
    pub challenge: Option<String>,
    /// Presentations: the domain the verifier expects the holder to have signed for.
    pub domain: Option<String>,
    /// The learner's identifiers (emails, URLs, DIDs, phone numbers) for the recipient
    /// check; empty means the check is not applicable.
    pub recipients: Vec<String>,
    /// Connect to these host names at fixed socket addresses instead of resolving them (like
    /// `curl --resolve`; TLS still checks the host name). For tests and private deployments.
    pub resolve: Vec<(String, std::net::SocketAddr)>,
    /// Keep fetched documents (DID documents, keys, status lists, hosted assertions) in this
    /// SQLite file between runs, so later verifications — offline ones too — can use them.
    /// `None`: an in-memory cache that lives as long as the verifier.
    pub cache_path: Option<std::path::PathBuf>,
    /// How long a fetched document stays fresh when its server gives no `Cache-Control:
    /// max-age` (seconds; default [`crate::cache::DEFAULT_TTL_SECS`], at most 30 days).
    pub cache_ttl_secs: Option<u64>,
    /// The whole-request time limit for each fetch (milliseconds; default 10 s).
    pub fetch_timeout_ms: Option<u64>,
    /// Issuer registries for the trust check, most authoritative first: each a file path or
    /// an `https://` URL of a DCC issuer registry (see [`trust`]). Read once per verifier,
    /// on first use, URLs through the cache: build a new verifier to pick up a changed
    /// registry. Empty: the trust check is unknown (`no_registry`).
    pub registries: Vec<String>,
}

/// Why options could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    /// The extra CA bundle or the HTTPS client could not be set up.
    #[error("{0}")]
    Https(String),
    /// The cache file could not be opened (not an Akashi cache, unreadable, or the build has
    /// no `sqlite` feature). The file is left untouched.
    #[error("{0}")]
    Cache(String),
}

/// Verifies credentials. Cheap to share across threads; build once, use many times.
#[derive(Debug, Clone)]
pub struct Verifier {
    options: VerifyOptions,
    resolver: KeyResolver,
    /// Every fetch goes through this (network + cache, or offline the cache alone).
    fetcher: CachingFetcher,
    /// Status lists already fetched, verified and decoded (shared by clones of the verifier).
    status_lists: Arc<status::ListMemo>,
    /// The issuer registries, read on first use (shared by clones of the verifier).
    registries: Arc<trust::Memo>,
}

/// The state of one verification run, passed down to nested credentials.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)] // depth and nested() are for the container verifiers (presentations, CLR)
pub(crate) struct Run {
    /// The time validity is judged at.
    pub now: DateTime<Utc>,
    /// How deep inside other credentials this one sits (0 = the input itself).
    pub depth: u8,
    /// How this credential reached the verifier.
    pub envelope: Envelope,
    /// This credential is a status list being checked for another one: its own status is
    /// not followed (a list naming a list would never end).
    pub for_status_list: bool,
}

#[allow(dead_code)]
impl Run {
    /// The run for a credential nested in this one.
    pub fn nested(self) -> Run {
        Run { depth: self.depth.saturating_add(1), envelope: Envelope::Embedded, ..self }
    }
}

impl Verifier {
    /// A verifier with the default HTTPS fetcher (feature `http`) unless `offline` is set.
    pub fn new(options: VerifyOptions) -> Result<Self, OptionsError> {
        let fetcher: Option<Arc<dyn Fetcher>> = if options.offline { None } else { default_fetcher(&options)? };
        let store = cache_store(&options)?;
        Ok(Self::with_cache(options, fetcher, store))
    }

    /// A verifier that fetches through `fetcher` (an app's HTTP stack, or a test double),
    /// cached in memory (or in `options.cache_path` when that can be opened).
    pub fn with_fetcher(options: VerifyOptions, fetcher: Option<Arc<dyn Fetcher>>) -> Self {
        let store = cache_store(&options).unwrap_or_else(|_| Arc::new(MemoryCache::default()));
        Self::with_cache(options, fetcher, store)
    }

    /// A verifier whose network is an app's own HTTP client (OkHttp, URLSession), with
    /// Akashi's fetch policy applied around it ([`crate::resolve::PolicyFetcher`]: HTTPS only,
    /// redirects' final URLs re-checked, 2xx only, no web pages, 1 MiB cap, `Cache-Control`),
    /// and the cache `options` ask for. `extra_ca_pem`, `resolve` and `fetch_timeout_ms` are the
    /// built-in client's settings: the app's client uses its own. Fails when `cache_path`
    /// cannot be used (the file is left untouched).
    pub fn with_http_client(options: VerifyOptions, client: Arc<dyn HttpGet>) -> Result<Self, OptionsError> {
        let store = cache_store(&options)?;
        let policy = FetchPolicy { allow_http_loopback: options.allow_http_loopback, ..Default::default() };
        let network: Arc<dyn Fetcher> = Arc::new(PolicyFetcher::new(client, policy));
        Ok(Self::with_cache(options, Some(network), store))
    }

    /// A verifier that fetches through `network` (unless `options.offline`) and keeps what it
    /// fetched in `store`. Offline, fresh entries of `store` are still used, and reported as such.
    pub fn with_cache(options: VerifyOptions, network: Option<Arc<dyn Fetcher>>, store: Arc<dyn CacheStore>) -> Self {
        let ttl = options.cache_ttl_secs.unwrap_or(crate::cache::DEFAULT_TTL_SECS);
        let network = if options.offline { None } else { network };
        // Without a network fetcher and without offline mode there is nothing to fetch with
        // (an embedding with no HTTP): the cache alone still serves what it holds.
        let fetcher = CachingFetcher::new(network, store, ttl);
        let shared: Arc<dyn Fetcher> = Arc::new(fetcher.clone());
        let resolver = KeyResolver::new(Some(shared), options.offline);
        Verifier {
            options,
            resolver,
            fetcher,
            status_lists: Arc::new(status::ListMemo::default()),
            registries: Arc::new(trust::Memo::new()),
        }
    }

    /// This verifier (same cache, key resolver, status lists and registries) with the
    /// presentation challenge and domain replaced: how [`crate::present::verify_presentation`]
    /// checks a presentation against one request without building a new verifier.
    pub(crate) fn with_binding(&self, challenge: Option<String>, domain: Option<String>) -> Verifier {
        let mut v = self.clone();
        v.options.challenge = challenge;
        v.options.domain = domain;
        v
    }

    /// The cache-aware fetcher every fetch goes through.
    pub(crate) fn fetcher(&self) -> &CachingFetcher {
        &self.fetcher
    }

    /// How many status-list bitstrings this verifier has decoded so far: each list once,
    /// however many credentials point into it (while its bytes stay the same).
    pub fn status_lists_decoded(&self) -> usize {
        self.status_lists.decodes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The issuer registries of this verifier's options, read (once) on first use.
    pub(crate) fn registries(&self) -> Arc<trust::Registries> {
        self.registries.get_or_init(|| Arc::new(trust::Registries::load(self))).clone()
    }

    /// The decoded status lists of this verifier.
    pub(crate) fn status_lists(&self) -> &status::ListMemo {
        &self.status_lists
    }

    /// Also resolves these DID documents (JSON objects with an `id`), for DID methods Akashi
    /// cannot resolve itself: see [`KeyResolver::with_did_documents`]. Without this, such DIDs
    /// are reported as unsupported (unknown, never verified).
    pub fn with_did_documents(mut self, docs: Vec<Map<String, Value>>) -> Self {
        self.resolver = self.resolver.with_did_documents(docs);
        self
    }

    /// The options in use.
    pub fn options(&self) -> &VerifyOptions {
        &self.options
    }

    /// The key resolver (and through it the fetcher) this verifier uses.
    pub(crate) fn resolver(&self) -> &KeyResolver {
        &self.resolver
    }

    fn start(&self, envelope: Envelope) -> Run {
        Run { now: self.options.now.unwrap_or_else(Utc::now), depth: 0, envelope, for_status_list: false }
    }

    /// Verifies one input given as bytes: credential JSON, OB 2.0 assertion JSON, a compact
    /// JWS (VC-JWT or OB 2.0 signed), a baked PNG or SVG, or an HTTPS URL as text.
    /// `Err` only when the bytes cannot be read as any of these; every other problem is in
    /// the report.
    pub fn verify(&self, bytes: &[u8]) -> Result<Report, InputError> {
        let detected = detect(bytes)?;
        self.verify_detected(detected)
    }

    /// Verifies many inputs (a career centre's batch) on every core of the machine, in
    /// order: the result for `inputs[i]` is at `i`. They share this verifier's cache, so a
    /// status list or DID document they have in common is fetched, verified and decoded once.
    pub fn verify_many<B: AsRef<[u8]> + Sync>(&self, inputs: &[B]) -> Vec<Result<Report, InputError>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16);
        let chunk = inputs.len().div_ceil(threads).max(1);
        let mut out: Vec<Result<Report, InputError>> = Vec::with_capacity(inputs.len());
        std::thread::scope(|scope| {
            let handles: Vec<_> = inputs
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(|b| self.verify(b.as_ref())).collect::<Vec<_>>()))
                .collect();
            for h in handles {
                match h.join() {
                    Ok(results) => out.extend(results),
                    // verify never panics (clippy-enforced, fuzzed); were it to, the batch
                    // behaves exactly as verifying one by one would.
                    Err(e) => std::panic::resume_unwind(e),
                }
            }
        });
        out.truncate(inputs.len());
        out
    }

    /// Verifies the credential or assertion at an `https://` URL (fetched, then read as
    /// [`Verifier::verify`] reads bytes). An OB 2.0 hosted assertion is judged by the copy
    /// its issuer's server returns.
    pub fn verify_url(&self, url: &str) -> Result<Report, InputError> {
        self.verify_detected(Detected { envelope: Envelope::Url, payload: Payload::Url(url.to_owned()) })
    }

    pub(crate) fn verify_detected(&self, detected: Detected) -> Result<Report, InputError> {
        let run = self.start(detected.envelope);
        match detected.payload {
            Payload::Json(doc) => Ok(self.verify_json(doc, run)),
            Payload::CompactJws(token) => Ok(self.verify_compact(&token, run)),
            Payload::Url(url) => self.verify_fetched(&url, run),
        }
    }

    /// Verifies an already-parsed JSON object (a credential, presentation or OB 2.0 assertion).
    pub fn verify_object(&self, doc: Map<String, Value>) -> Report {
        let run = self.start(Envelope::Json);
        self.verify_json(doc, run)
    }

    /// Picks the path for a JSON object.
    pub(crate) fn verify_json(&self, doc: Map<String, Value>, run: Run) -> Report {
        if ob2::is_ob2(&doc) {
            return ob2::verify_json(self, doc, run);
        }
        let cred = Credential::new(doc);
        if cred.has_type("VerifiablePresentation") {
            return presentation::verify(self, cred, run);
        }
        self.verify_credential(cred, run)
    }

    /// Picks the path for a compact JWS: VC-JWT (or VP-JWT), or an OB 2.0 signed assertion.
    pub(crate) fn verify_compact(&self, token: &str, run: Run) -> Report {
        if ob2::is_ob2_jws(token) {
            return ob2::verify_signed(self, token, run);
        }
        jwt::verify(self, token, run)
    }

    /// Fetches a URL given as input and verifies what it serves.
    fn verify_fetched(&self, url: &str, run: Run) -> Result<Report, InputError> {
        ob2::verify_url(self, url, run)
    }

    /// The Data Integrity path: format, proof and issuer key, then the common checks.
    pub(crate) fn verify_credential(&self, cred: Credential, run: Run) -> Report {
        let (format, secured_quads) = format::check_and_expand(&cred);
        let (proof, issuer_key) = proof::check(&cred, &self.resolver, secured_quads.as_deref());
        self.finish_credential(cred, [format, proof, issuer_key], Securing::EmbeddedProof, run)
    }

    /// The checks every VC / OB 3.0 credential gets once its proof has been judged (by an
    /// embedded proof or a JWT): validity, status, trust, recipient, schema, and nested
    /// credentials. `first` holds the format, proof and issuer-key checks, in that order.
    pub(crate) fn finish_credential(&self, cred: Credential, first: [Check; 3], securing: Securing, run: Run) -> Report {
        let mut checks = Vec::with_capacity(11);
        let [format, proof, issuer_key] = first;
        let fatal = fatal_reason(&proof);
        checks.push(format);
        checks.push(proof);
        checks.push(issuer_key);

        let mut nested_reports: Vec<NestedReport> = Vec::new();
        let mut associations = Vec::new();
        if let Some(why) = fatal {
            for id in [CheckId::Validity, CheckId::Status, CheckId::Trust] {
                checks.push(make_check(id, CheckStatus::Unknown, Some("not_checked"), Some(why.into()), CheckSource::Document));
            }
            checks.push(recipient::not_checked(&self.options.recipients, why));
        } else {
            checks.push(validity::check(&cred, run.now));
            checks.extend(status::check(self, &cred, run));
            // A registry vouches for an issuer id; only a verified proof by the issuer's key ties
            // this credential to that id.
            let key_confirmed =
                [CheckId::Proof, CheckId::IssuerKey].iter().all(|id| checks.iter().any(|c| c.id == *id && c.status == CheckStatus::Valid));
            checks.push(trust::check(self, cred.issuer_id(), cred.issuer_name().as_deref(), key_confirmed));
            checks.push(recipient::check_ob3(&cred, &self.options.recipients));
            if let Some(c) = schema::check(&cred) {
                checks.push(c);
            }
            let (nested_check, reports, assoc) = nested::check_credential(self, &cred, run);
            if let Some(c) = nested_check {
                checks.push(c);
            }
            nested_reports = reports;
            associations = assoc;
        }

        crate::l10n::attach_warning_messages(&mut checks);
        let summary = Summary::from_checks(&checks);
        let mut credential = cred.info();
        trust::apply_registered_name(self, &mut credential, &checks);
        Report {
            summary,
            checks,
            verified_at: rfc3339(run.now),
            credential,
            envelope: run.envelope,
            securing,
            nested: nested_reports,
            associations,
        }
    }
}

/// A report for input whose verification path is not available or could not start: the
/// given checks, and every other core check as unknown with `why`.
pub(crate) fn unverifiable(run: Run, securing: Securing, credential: CredentialInfo, code: &str, why: String) -> Report {
    let mut checks = vec![make_check(CheckId::Format, CheckStatus::Unknown, Some(code), Some(why), CheckSource::Document)];
    for id in [CheckId::Proof, CheckId::IssuerKey, CheckId::Validity, CheckId::Status, CheckId::Trust] {
        checks.push(make_check(
            id,
            CheckStatus::Unknown,
            Some("not_checked"),
            Some("not checked: the input could not be verified".into()),
            CheckSource::Document,
        ));
    }
    crate::l10n::attach_warning_messages(&mut checks);
    let summary = Summary::from_checks(&checks);
    Report {
        summary,
        checks,
        verified_at: rfc3339(run.now),
        credential,
        envelope: run.envelope,
        securing,
        nested: Vec::new(),
        associations: Vec::new(),
    }
}

/// When the proof check failed definitely, the reason the later checks are not claimed.
pub(crate) fn fatal_reason(proof: &Check) -> Option<&'static str> {
    (proof.status == CheckStatus::Invalid).then_some(match proof.code.as_deref() {
        Some("no_proof") => "not checked: without a proof, nothing the credential says can be trusted",
        Some("bad_signature") => "not checked: the signature is invalid, so nothing the credential says can be trusted",
        _ => "not checked: the proof is unusable, so nothing the credential says can be trusted",
    })
}

/// The cache store the options ask for: the SQLite file, or memory.
fn cache_store(options: &VerifyOptions) -> Result<Arc<dyn CacheStore>, OptionsError> {
    match &options.cache_path {
        None => Ok(Arc::new(MemoryCache::default())),
        #[cfg(feature = "sqlite")]
        Some(p) => {
            crate::cache::SqliteCache::open(p).map(|c| Arc::new(c) as Arc<dyn CacheStore>).map_err(|e| OptionsError::Cache(e.to_string()))
        }
        #[cfg(not(feature = "sqlite"))]
        Some(_) => Err(OptionsError::Cache("this build of Akashi has no persistent cache (feature sqlite)".into())),
    }
}

#[cfg(feature = "http")]
fn default_fetcher(options: &VerifyOptions) -> Result<Option<Arc<dyn Fetcher>>, OptionsError> {
    let config = crate::resolve::HttpConfig {
        allow_http_loopback: options.allow_http_loopback,
        extra_ca_pem: options.extra_ca_pem.clone(),
        resolve: options.resolve.clone(),
        ..Default::default()
    };
    let config = match options.fetch_timeout_ms {
        Some(ms) => crate::resolve::HttpConfig { timeout: std::time::Duration::from_millis(ms.max(1)), ..config },
        None => config,
    };
    let f = crate::resolve::HttpFetcher::new(config).map_err(OptionsError::Https)?;
    Ok(Some(Arc::new(f)))
}

#[cfg(not(feature = "http"))]
fn default_fetcher(_options: &VerifyOptions) -> Result<Option<Arc<dyn Fetcher>>, OptionsError> {
    Ok(None)
}

/// RFC 3339 with second precision and `Z`.
pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Builds a check stamped with the current wall-clock time.
pub(crate) fn make_check(id: CheckId, status: CheckStatus, code: Option<&str>, reason: Option<String>, source: CheckSource) -> Check {
    Check {
        id,
        status,
        code: code.map(str::to_owned),
        reason,
        warnings: Vec::new(),
        warning_messages: Vec::new(),
        source,
        checked_at: rfc3339(Utc::now()),
    }
}
