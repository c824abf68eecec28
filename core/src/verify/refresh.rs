//! Refreshing a credential: fetching the updated version its issuer offers at its
//! `refreshService` (1EdTech Credential Refresh; also what a Bitstring `refresh` bit points
//! to), and offering it only once it has been verified.
//!
//! This is an explicit call, never part of verification: fetching tells the issuer which
//! credential is being looked at. The original must itself verify (its format, proof and key:
//! an expired or revoked original may still be refreshed), since the refresh address comes
//! from it; the new credential must verify and come from the same issuer.

use super::{nested, Verifier};
use crate::input::{detect, InputError, Payload};
use crate::parse::credential::Credential;
use crate::report::{Report, Summary};
use crate::resolve::{FetchError, Fetcher};

/// What a refresh gave.
#[derive(Debug, Clone)]
pub struct Refreshed {
    /// Where the new version was fetched from.
    pub url: String,
    /// The verification of the new version.
    pub report: Report,
    /// The new version as fetched, offered only when it verified (with or without warnings)
    /// and comes from the original's issuer; `None` otherwise (the report says why).
    pub credential: Option<Vec<u8>>,
    /// Why the new version is not offered, when it is not.
    pub refused: Option<String>,
}

/// Why no refresh could be attempted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefreshError {
    /// The input could not be read at all.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The credential names no refresh service.
    #[error("the credential names no refresh service (refreshService with an https id)")]
    NoRefreshService,
    /// The original does not verify, so the address it names cannot be trusted.
    #[error("the credential itself does not verify, so its refresh address is not followed")]
    OriginalNotVerified,
    /// The refresh service could not be reached, or answered with an error.
    #[error("the refresh service could not be used: {0}")]
    Fetch(String),
}

impl Verifier {
    /// Fetches the updated version of the credential in `bytes` from its refresh service and
    /// verifies it (see the module docs for what must hold before it is offered).
    pub fn refresh(&self, bytes: &[u8]) -> Result<Refreshed, RefreshError> {
        let detected = detect(bytes)?;
        let doc = match &detected.payload {
            Payload::Json(doc) => doc.clone(),
            Payload::CompactJws(token) => nested::jwt_credential(token).map(|(d, _)| d).ok_or(RefreshError::NoRefreshService)?,
            Payload::Url(_) => return Err(RefreshError::NoRefreshService),
        };
        let original = Credential::new(doc);
        let url = original.refresh_url().ok_or(RefreshError::NoRefreshService)?;
        let before = self.verify(bytes)?;
        if before.summary == Summary::NotVerified {
            return Err(RefreshError::OriginalNotVerified);
        }
        let fetched = Fetcher::fetch(self.fetcher(), &url).map_err(|e| match e {
            FetchError::Status(s) => RefreshError::Fetch(format!("{url} answered HTTP {s}")),
            e => RefreshError::Fetch(e.to_string()),
        })?;
        let report = self.verify(&fetched.body).map_err(|e| RefreshError::Fetch(format!("{url} did not return a credential: {e}")))?;
        let refused = if !matches!(report.summary, Summary::Verified | Summary::VerifiedWithWarnings) {
            Some(format!("the new version does not verify ({})", report.summary.as_str()))
        } else if report.credential.issuer_id != before.credential.issuer_id {
            Some(format!(
                "the new version is issued by {}, not by the original's issuer {}",
                report.credential.issuer_id.as_deref().unwrap_or("nobody named"),
                before.credential.issuer_id.as_deref().unwrap_or("nobody named")
            ))
        } else {
            None
        };
        let credential = refused.is_none().then(|| fetched.body.clone());
        Ok(Refreshed { url, report, credential, refused })
    }
}
