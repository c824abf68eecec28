//! Presentations through the FFI, as the apps make the exchange (issue 6):
//! the employer's app calls [`create_request`] (and shows [`request_text`] as a QR code), the
//! learner's app [`read_request`] ("who is asking") and, on consent,
//! [`AkashiWallet::create_presentation`]; the employer's app [`verify_presentation`] (or
//! [`AkashiVerifier::verify_presentation`]) against its own request → a report.
//! Conversions only; the records (`PresentationRequest`, `Presentation`) are the core's.

use akashi_core::present::{self as core_present, Expectation, PresentationRequest, RequestError, MAX_LIFETIME_SECS};
use akashi_core::Report;

use crate::wallet::{AkashiWallet, WalletError};
use crate::{verifier, AkashiVerifier, VerifyError, VerifyOptions};

/// Why a presentation request could not be made or read. Field names and limits only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum PresentationError {
    /// The text is not a presentation request.
    #[error("the text is not a presentation request")]
    NotARequest,
    /// A request of a newer version: update the app.
    #[error("the presentation request has version {found}, this version of Akashi reads {supported}")]
    UnsupportedVersion {
        /// The request's version.
        found: u64,
        /// The version this build reads.
        supported: u32,
    },
    /// A field is missing or invalid: `challenge`, `domain`, `name`, `expires` or `v`.
    #[error("the presentation request's `{field}` is missing or invalid")]
    InvalidField {
        /// The field's name.
        field: String,
    },
    /// The lifetime is outside the allowed range.
    #[error("invalid lifetime")]
    InvalidLifetime,
    /// The system random number generator failed.
    #[error("the system random number generator is unavailable")]
    RandomUnavailable,
}

impl From<RequestError> for PresentationError {
    fn from(e: RequestError) -> Self {
        match e {
            RequestError::NotARequest => PresentationError::NotARequest,
            RequestError::UnsupportedVersion { found, supported } => PresentationError::UnsupportedVersion { found, supported },
            RequestError::InvalidField { field } => PresentationError::InvalidField { field: field.to_owned() },
            RequestError::InvalidLifetime => PresentationError::InvalidLifetime,
            RequestError::RandomUnavailable => PresentationError::RandomUnavailable,
        }
    }
}

/// The employer's side: a new request for `domain`, shown to the learner as `name`, with a
/// fresh 128-bit challenge, valid for `lifetime_secs` (default 600, at most 86 400). Keep it:
/// presentations are verified against it.
#[uniffi::export(default(lifetime_secs = None))]
pub fn create_request(domain: String, name: String, lifetime_secs: Option<u32>) -> Result<PresentationRequest, PresentationError> {
    let lifetime = lifetime_secs.unwrap_or(core_present::request::DEFAULT_REQUEST_LIFETIME_SECS);
    Ok(PresentationRequest::new(&domain, &name, lifetime, chrono::Utc::now())?)
}

/// The request's compact text: what the request QR code carries.
#[uniffi::export]
pub fn request_text(request: PresentationRequest) -> String {
    request.to_text()
}

/// The learner's side: reads a scanned request (who is asking: `name`, `domain`; until when:
/// `expires`). An expired request is read; [`request_expired`] tells.
#[uniffi::export]
pub fn read_request(text: String) -> Result<PresentationRequest, PresentationError> {
    Ok(PresentationRequest::parse(&text)?)
}

/// Whether the request has expired (by the device clock).
#[uniffi::export]
pub fn request_expired(request: PresentationRequest) -> bool {
    request.is_expired(chrono::Utc::now())
}

fn expectation(request: Option<PresentationRequest>) -> Expectation {
    match request {
        Some(r) => Expectation::Request(r),
        None => Expectation::OneWay { max_age_secs: MAX_LIFETIME_SECS },
    }
}

/// The employer's side: verifies a scanned presentation (its text) against the request this
/// app made (`None`: a one-way presentation, reported as not bound to a challenge and refused
/// when older than its lifetime). The report's `challenge` check says whether it answers the
/// request (`challenge_mismatch`, `domain_mismatch`, `challenge_expired`, `not_bound`).
#[uniffi::export]
pub fn verify_presentation(text: String, request: Option<PresentationRequest>, options: VerifyOptions) -> Result<Report, VerifyError> {
    let v = verifier(options, None)?;
    Ok(core_present::verify_presentation(&v, text.as_bytes(), &expectation(request))?)
}

#[uniffi::export]
impl AkashiVerifier {
    /// Verifies a scanned presentation against the request this app made (see
    /// [`verify_presentation`]), with this verifier's cache and options.
    pub fn verify_presentation(&self, text: String, request: Option<PresentationRequest>) -> Result<Report, VerifyError> {
        Ok(core_present::verify_presentation(&self.core, text.as_bytes(), &expectation(request))?)
    }
}

#[uniffi::export]
impl AkashiWallet {
    /// The learner's holder DID (`did:key:z6Mk…`), made on first use and kept (encrypted) in
    /// the wallet and its backups. Give it to issuers as the badge subject.
    pub fn holder_did(&self) -> Result<String, WalletError> {
        Ok(self.core.holder_did()?)
    }

    /// The learner's side, on consent: signs a presentation of the badges `badge_ids` with the
    /// holder key, answering `request` (None: one-way), valid for `lifetime_secs` (default
    /// 300, at most 3600). Logged with to whom. Its `text` goes into the QR code(s).
    /// Errors: `RequestExpired`, `NotPresentable`, `NotFound`, `PresentationFailed`.
    pub fn create_presentation(
        &self,
        badge_ids: Vec<i64>,
        request: Option<PresentationRequest>,
        lifetime_secs: Option<u32>,
    ) -> Result<core_present::Presentation, WalletError> {
        Ok(self.core.present(&badge_ids, request.as_ref(), lifetime_secs)?)
    }
}
