//! Verification: an ordered pipeline of named checks over one credential.
//!
//! [`Verifier::verify`] reads bytes, then runs, in order: [`format`] (shape, contexts,
//! JSON-LD terms), [`proof`] (each embedded proof, and the issuer key behind it),
//! [`validity`] (the validity window), [`status`] and [`trust`]. Each yields a
//! [`Check`]; the [`Summary`] is derived from them. An invalid signature is fatal: after
//! it, nothing the document says is trusted, so the later checks are reported as unknown.

pub mod format;
pub mod proof;
pub mod status;
pub mod trust;
pub mod validity;

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

use crate::input::{read_json_object, InputError};
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus, Report, Summary};
use crate::resolve::{Fetcher, KeyResolver};

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
}

/// Why options could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    /// The extra CA bundle or the HTTPS client could not be set up.
    #[error("{0}")]
    Https(String),
}

/// Verifies credentials. Cheap to share across threads; build once, use many times.
#[derive(Debug, Clone)]
pub struct Verifier {
    options: VerifyOptions,
    resolver: KeyResolver,
}

impl Verifier {
    /// A verifier with the default HTTPS fetcher (feature `http`) unless `offline` is set.
    pub fn new(options: VerifyOptions) -> Result<Self, OptionsError> {
        let fetcher: Option<Arc<dyn Fetcher>> = if options.offline { None } else { default_fetcher(&options)? };
        Ok(Self::with_fetcher(options, fetcher))
    }

    /// A verifier that fetches through `fetcher` (an app's HTTP stack, or a test double).
    pub fn with_fetcher(options: VerifyOptions, fetcher: Option<Arc<dyn Fetcher>>) -> Self {
        let resolver = KeyResolver::new(fetcher, options.offline);
        Verifier { options, resolver }
    }

    /// The options in use.
    pub fn options(&self) -> &VerifyOptions {
        &self.options
    }

    /// Verifies one credential given as JSON bytes. `Err` only when the bytes cannot be read
    /// as a JSON object at all; every other problem is in the report.
    pub fn verify(&self, bytes: &[u8]) -> Result<Report, InputError> {
        let doc = read_json_object(bytes)?;
        Ok(self.verify_object(doc))
    }

    /// Verifies an already-parsed JSON object.
    pub fn verify_object(&self, doc: Map<String, Value>) -> Report {
        let now = self.options.now.unwrap_or_else(Utc::now);
        let cred = Credential::new(doc);
        let mut checks = Vec::with_capacity(6);

        let (format, secured_quads) = format::check_and_expand(&cred);
        let (proof, issuer_key) = proof::check(&cred, &self.resolver, secured_quads.as_deref());
        let fatal = (proof.status == CheckStatus::Invalid).then_some(match proof.code.as_deref() {
            Some("no_proof") => "not checked: without a proof, nothing the credential says can be trusted",
            Some("bad_signature") => "not checked: the signature is invalid, so nothing the credential says can be trusted",
            _ => "not checked: the proof is unusable, so nothing the credential says can be trusted",
        });
        checks.push(format);
        checks.push(proof);
        checks.push(issuer_key);

        if let Some(why) = fatal {
            for id in [CheckId::Validity, CheckId::Status, CheckId::Trust] {
                checks.push(make_check(id, CheckStatus::Unknown, Some("not_checked"), Some(why.into()), CheckSource::Document));
            }
        } else {
            checks.push(validity::check(&cred, now));
            checks.push(status::check(&cred));
            checks.push(trust::check(&cred));
        }

        let summary = Summary::from_checks(&checks);
        Report { summary, checks, verified_at: rfc3339(now), credential: cred.info() }
    }
}

#[cfg(feature = "http")]
fn default_fetcher(options: &VerifyOptions) -> Result<Option<Arc<dyn Fetcher>>, OptionsError> {
    let config = crate::resolve::HttpConfig {
        allow_http_loopback: options.allow_http_loopback,
        extra_ca_pem: options.extra_ca_pem.clone(),
        ..Default::default()
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
pub(crate) fn make_check(
    id: CheckId,
    status: CheckStatus,
    code: Option<&str>,
    reason: Option<String>,
    source: CheckSource,
) -> Check {
    Check { id, status, code: code.map(str::to_owned), reason, warnings: Vec::new(), source, checked_at: rfc3339(Utc::now()) }
}
