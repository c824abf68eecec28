//! # akashi-ffi
//!
//! The UniFFI façade over `akashi-core` for the Android (Kotlin), iOS (Swift) and Python
//! bindings. It holds no logic: it converts options in, and returns the core's report
//! records (which derive UniFFI types behind the core's `uniffi` feature).
//!
//! Errors crossing the FFI are few and stable, and carry no badge content or personal data:
//! only limits, positions and fixed messages. A verification outcome is never an error.
//!
//! [`AkashiVerifier`] keeps one core verifier — and so one fetch cache — for many
//! verifications; the free functions build a new one per call. Apps may bring their own HTTP
//! stack as an [`HttpClient`]; the core applies its fetch policy around it.
//!
//! [`AkashiWallet`] is the learner's encrypted wallet; its key comes from the app's
//! [`KeyStore`] (Android Keystore, iOS Keychain), and its errors are the stable
//! [`WalletError`] variants.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::sync::Arc;

pub use akashi_core::resolve::HttpResponse;
use akashi_core::resolve::{FetchError, HttpGet};
use akashi_core::verify::refresh::{RefreshError, Refreshed};
pub use akashi_core::{
    Check, CheckId, CheckSource, CheckStatus, CredentialInfo, Envelope, NestedReport, Relation, Report, Securing, Summary,
};
use akashi_core::{InputError, OptionsError, Verifier};

uniffi::setup_scaffolding!();

mod l10n;
mod present;
mod wallet;
pub use akashi_core::descriptors::{Descriptor, DescriptorId, DescriptorValue, Descriptors, ProfileResult};
pub use akashi_core::l10n::{Language, LocalizedCheck, LocalizedDescriptor, LocalizedProfile, LocalizedReport};
pub use akashi_core::present::frames::FrameSet;
pub use akashi_core::present::qr::{EcLevel, QrMatrix};
pub use akashi_core::present::{Presentation, PresentationRequest, ScanContent, ScanProgress, ScanSource};
pub use akashi_core::wallet::{
    Badge, BadgeDetail, HistoryEntry, HistoryReason, ImportOutcome, ImportSource, ListFilter, LogAction, LogEntry, ReverifyOutcome, SortBy,
};
pub use l10n::{localize_report, preferred_language};
pub use present::{
    create_request, decode_qr_image, decode_qr_luma, presentation_qr, qr_png, qr_svg, read_request, render_qr, request_expired, request_qr,
    request_text, verify_presentation, PresentationError, QrError, QrScanner, ScanError,
};
pub use wallet::{AkashiWallet, KeyStore, KeyStoreError, ReverifyProgress, WalletError};

/// How to verify, as the apps set it.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct VerifyOptions {
    /// Judge validity at this RFC 3339 time instead of the device clock.
    pub now_rfc3339: Option<String>,
    /// Never use the network (did:web / HTTPS keys become "unknown").
    pub offline: bool,
    /// Allow plain HTTP to loopback (tests only).
    pub allow_http_loopback: bool,
    /// An extra trusted CA bundle (PEM text), e.g. for a test server.
    pub extra_ca_pem: Option<String>,
    /// Presentations: the challenge the verifier gave the holder (missing or different → invalid).
    pub challenge: Option<String>,
    /// Presentations: the domain the holder must have signed for.
    pub domain: Option<String>,
    /// The learner's identifiers (emails, URLs, DIDs) for the recipient check.
    pub recipients: Vec<String>,
    /// Issuer registries for the trust check, most authoritative first: file paths or
    /// `https://` URLs of DCC issuer registries. Empty (the default): trust is unknown.
    #[uniffi(default)]
    pub registries: Vec<String>,
    /// Keep fetched documents (DID documents, keys, status lists) in this SQLite file, for
    /// later and offline verifications. None: a memory cache living as long as the verifier.
    #[uniffi(default = None)]
    pub cache_path: Option<String>,
    /// How long a fetched document stays fresh when its server gives no `max-age` (seconds;
    /// default one day, at most 30 days).
    #[uniffi(default = None)]
    pub cache_ttl_secs: Option<u64>,
    /// The time limit of each fetch by Akashi's own HTTP client (milliseconds; default 10 s).
    /// An app's [`HttpClient`] applies its own.
    #[uniffi(default = None)]
    pub fetch_timeout_ms: Option<u64>,
}

/// Why the input could not be verified at all. Carries no input content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum VerifyError {
    /// The input is larger than the limit.
    #[error("input is larger than {limit_bytes} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit_bytes: u64,
    },
    /// The input nests deeper than the limit.
    #[error("input nests deeper than {limit} levels")]
    TooDeep {
        /// The depth limit.
        limit: u32,
    },
    /// The input is not JSON.
    #[error("input is not valid JSON (line {line}, column {column})")]
    NotJson {
        /// Line of the first error.
        line: u64,
        /// Column of the first error.
        column: u64,
    },
    /// The input is JSON but not an object.
    #[error("input is JSON but not an object")]
    NotAnObject,
    /// The input is an image with no badge baked into it.
    #[error("the image has no badge baked into it")]
    NoBadgeInImage,
    /// The input is an image that cannot be read (corrupt, or over the limits).
    #[error("the image cannot be read: {reason}")]
    MalformedImage {
        /// What is wrong (fixed text).
        reason: String,
    },
    /// The URL may not be fetched (not HTTPS, or offline).
    #[error("the URL cannot be fetched: {reason}")]
    UrlNotFetchable {
        /// Why (fixed text).
        reason: String,
    },
    /// Fetching the URL failed.
    #[error("fetching the URL failed")]
    FetchFailed {
        /// The HTTP status, when the server answered.
        http_status: Option<u16>,
    },
    /// QR text (VPQR `VP1-…` or Akashi `AKF1:` frames) that cannot be decoded.
    #[error("the QR text cannot be read: {reason}")]
    MalformedQrText {
        /// What is wrong (fixed text, never the scanned content).
        reason: String,
    },
    /// Some of a message's QR frames are missing: scan the rest.
    #[error("only {received} of {total} QR frames")]
    IncompleteQrFrames {
        /// Distinct frames present.
        received: u32,
        /// Frames in the message.
        total: u32,
    },
    /// The options are unusable (bad time, bad CA bundle).
    #[error("invalid options: {reason}")]
    InvalidOptions {
        /// What is wrong with the options.
        reason: String,
    },
    /// Refresh: the credential names no refresh service (`refreshService` with an https id).
    #[error("the credential names no refresh service")]
    NoRefreshService,
    /// Refresh: the credential itself does not verify, so its refresh address is not followed
    /// (nothing was fetched).
    #[error("the credential does not verify, so its refresh service is not used")]
    OriginalNotVerified,
    /// Refresh: the refresh service could not be reached, answered with an error, or returned
    /// no credential.
    #[error("the refresh service could not be used: {reason}")]
    RefreshFailed {
        /// Why (the refresh service's URL, an HTTP status or a fixed text; never the response body).
        reason: String,
    },
}

impl From<InputError> for VerifyError {
    fn from(e: InputError) -> Self {
        match e {
            InputError::TooLarge { limit_bytes } => VerifyError::TooLarge { limit_bytes },
            InputError::TooDeep { limit } => VerifyError::TooDeep { limit },
            InputError::NotJson { line, column } => VerifyError::NotJson { line, column },
            InputError::NotAnObject => VerifyError::NotAnObject,
            InputError::NoBadgeInImage => VerifyError::NoBadgeInImage,
            InputError::MalformedImage { reason } => VerifyError::MalformedImage { reason: reason.to_owned() },
            InputError::UrlNotFetchable { reason } => VerifyError::UrlNotFetchable { reason: reason.to_owned() },
            InputError::FetchFailed { http_status } => VerifyError::FetchFailed { http_status },
            InputError::MalformedQrText { reason } => VerifyError::MalformedQrText { reason: reason.to_owned() },
            InputError::IncompleteQrFrames { received, total } => VerifyError::IncompleteQrFrames { received, total },
        }
    }
}

impl From<RefreshError> for VerifyError {
    fn from(e: RefreshError) -> Self {
        match e {
            RefreshError::Input(e) => e.into(),
            RefreshError::NoRefreshService => VerifyError::NoRefreshService,
            RefreshError::OriginalNotVerified => VerifyError::OriginalNotVerified,
            RefreshError::Fetch(reason) => VerifyError::RefreshFailed { reason },
        }
    }
}

impl From<OptionsError> for VerifyError {
    fn from(e: OptionsError) -> Self {
        VerifyError::InvalidOptions { reason: e.to_string() }
    }
}

fn verifier(options: VerifyOptions, http: Option<Arc<dyn HttpClient>>) -> Result<Verifier, VerifyError> {
    let now = match options.now_rfc3339.as_deref() {
        None => None,
        Some(s) => Some(
            chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|_| VerifyError::InvalidOptions { reason: "now_rfc3339 is not an RFC 3339 date-time".into() })?
                .with_timezone(&chrono::Utc),
        ),
    };
    let core = akashi_core::VerifyOptions {
        now,
        offline: options.offline,
        allow_http_loopback: options.allow_http_loopback,
        extra_ca_pem: options.extra_ca_pem.map(String::into_bytes),
        challenge: options.challenge,
        domain: options.domain,
        recipients: options.recipients,
        registries: options.registries,
        cache_path: options.cache_path.map(Into::into),
        cache_ttl_secs: options.cache_ttl_secs,
        fetch_timeout_ms: options.fetch_timeout_ms,
        ..Default::default()
    };
    Ok(match http {
        None => Verifier::new(core)?,
        Some(client) => Verifier::with_http_client(core, Arc::new(ForeignHttp(client)))?,
    })
}

/// What a refresh gave: the verified new version, offered only when it verified (with or
/// without warnings) and comes from the original's issuer.
#[derive(Debug, Clone, uniffi::Record)]
pub struct RefreshOutcome {
    /// Where the new version was fetched from (the original's refresh service).
    pub url: String,
    /// The verification of the new version.
    pub report: Report,
    /// The new version exactly as fetched, when it is offered; None otherwise.
    pub credential: Option<Vec<u8>>,
    /// Why the new version is not offered, when it is not.
    pub refused: Option<String>,
}

impl From<Refreshed> for RefreshOutcome {
    fn from(r: Refreshed) -> Self {
        RefreshOutcome { url: r.url, report: r.report, credential: r.credential, refused: r.refused }
    }
}

/// Why the app's [`HttpClient`] got no response at all. Carries no content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum HttpError {
    /// No connection, TLS failure, cancelled, or any other failure of the client.
    #[error("network error: {reason}")]
    Network {
        /// What went wrong (the client's own short description, no response content).
        reason: String,
    },
    /// The request took too long.
    #[error("timed out")]
    Timeout,
}

impl From<uniffi::UnexpectedUniFFICallbackError> for HttpError {
    // The app's client threw something other than an HttpError: its message is not carried
    // over (it could hold anything).
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        HttpError::Network { reason: "the app's HTTP client failed unexpectedly".into() }
    }
}

impl From<HttpError> for FetchError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Network { reason } => FetchError::Network(reason),
            HttpError::Timeout => FetchError::Network("timed out".into()),
        }
    }
}

/// An app's HTTP stack (OkHttp, URLSession, ...): GETs a URL, following redirects, and says
/// what it got. It needs no rules of its own: Akashi refuses non-HTTPS requests and final
/// URLs, non-2xx statuses, web pages and bodies over 1 MiB, and honours `Cache-Control`.
#[uniffi::export(with_foreign)]
pub trait HttpClient: Send + Sync {
    /// GETs `url` (following redirects) and returns the response, whatever its status.
    fn get(&self, url: String) -> Result<HttpResponse, HttpError>;
}

/// The app's client as the core's raw client.
struct ForeignHttp(Arc<dyn HttpClient>);

impl HttpGet for ForeignHttp {
    fn get(&self, url: &str) -> Result<HttpResponse, FetchError> {
        Ok(self.0.get(url.to_owned())?)
    }
}

/// A verifier to keep: one fetch cache (in memory, or the `cache_path` file) for all the
/// credentials it verifies, and optionally the app's own HTTP client.
#[derive(uniffi::Object)]
pub struct AkashiVerifier {
    pub(crate) core: Verifier,
}

#[uniffi::export]
impl AkashiVerifier {
    /// A verifier with `options`, fetching through `http` (or Akashi's own HTTPS client when
    /// None; nothing is fetched when `options.offline`). Fails with `InvalidOptions` on a bad
    /// time, CA bundle or cache file (which is left untouched).
    #[uniffi::constructor]
    pub fn new(options: VerifyOptions, http: Option<Arc<dyn HttpClient>>) -> Result<Arc<Self>, VerifyError> {
        Ok(Arc::new(AkashiVerifier { core: verifier(options, http)? }))
    }

    /// Verifies a credential given as text: JSON, a JWT / compact JWS, or a URL.
    pub fn verify_text(&self, input: String) -> Result<Report, VerifyError> {
        Ok(self.core.verify(input.as_bytes())?)
    }

    /// Verifies a credential given as bytes: JSON, JWT text, or a baked PNG / SVG image.
    pub fn verify_bytes(&self, input: Vec<u8>) -> Result<Report, VerifyError> {
        Ok(self.core.verify(&input)?)
    }

    /// Verifies the credential or OB 2.0 hosted assertion at an `https://` URL.
    pub fn verify_url(&self, url: String) -> Result<Report, VerifyError> {
        Ok(self.core.verify_url(&url)?)
    }

    /// Fetches the updated version the credential's issuer offers at its refresh service
    /// (`CredentialInfo.refresh_url`) and verifies it. An explicit call, never part of
    /// verifying: fetching tells the issuer which credential is looked at. The credential must
    /// itself verify (`OriginalNotVerified` otherwise; expired or revoked is fine), and must
    /// name a refresh service (`NoRefreshService`); nothing is fetched in either case.
    pub fn refresh(&self, input: Vec<u8>) -> Result<RefreshOutcome, VerifyError> {
        Ok(self.core.refresh(&input)?.into())
    }
}

/// Verifies a credential given as text: JSON, a JWT / compact JWS, or a URL.
#[uniffi::export]
pub fn verify_json(input: String, options: VerifyOptions) -> Result<Report, VerifyError> {
    verify_bytes(input.into_bytes(), options)
}

/// Verifies a credential given as text: JSON, a JWT / compact JWS, or a URL (same as
/// [`verify_json`], under the name apps should use for text of any kind).
#[uniffi::export]
pub fn verify_text(input: String, options: VerifyOptions) -> Result<Report, VerifyError> {
    verify_bytes(input.into_bytes(), options)
}

/// Verifies the credential or OB 2.0 hosted assertion at an `https://` URL.
#[uniffi::export]
pub fn verify_url(url: String, options: VerifyOptions) -> Result<Report, VerifyError> {
    Ok(verifier(options, None)?.verify_url(&url)?)
}

/// Verifies a credential given as bytes: JSON, JWT text, or a baked PNG / SVG image.
#[uniffi::export]
pub fn verify_bytes(input: Vec<u8>, options: VerifyOptions) -> Result<Report, VerifyError> {
    Ok(verifier(options, None)?.verify(&input)?)
}

/// Fetches and verifies the updated version of a credential (see [`AkashiVerifier::refresh`]),
/// with Akashi's own HTTPS client.
#[uniffi::export]
pub fn refresh_credential(input: Vec<u8>, options: VerifyOptions) -> Result<RefreshOutcome, VerifyError> {
    Ok(verifier(options, None)?.refresh(&input)?.into())
}

/// The default options: online, device clock, no extra CA.
#[uniffi::export]
pub fn default_verify_options() -> VerifyOptions {
    VerifyOptions::default()
}

/// The core library's version.
#[uniffi::export]
pub fn core_version() -> String {
    akashi_core::version().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_errors_map_to_stable_variants() {
        assert_eq!(VerifyError::from(RefreshError::NoRefreshService), VerifyError::NoRefreshService);
        assert_eq!(VerifyError::from(RefreshError::OriginalNotVerified), VerifyError::OriginalNotVerified);
        assert_eq!(
            VerifyError::from(RefreshError::Fetch("https://registrar.example/r answered HTTP 404".into())),
            VerifyError::RefreshFailed { reason: "https://registrar.example/r answered HTTP 404".into() }
        );
        assert_eq!(VerifyError::from(RefreshError::Input(InputError::NotAnObject)), VerifyError::NotAnObject);
    }

    #[test]
    fn refresh_without_a_refresh_service_fetches_nothing() {
        let o = VerifyOptions { offline: true, ..Default::default() };
        assert_eq!(refresh_credential(b"not json".to_vec(), o.clone()).err().map(|e| matches!(e, VerifyError::NotJson { .. })), Some(true));
        let plain = br#"{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]}"#;
        assert_eq!(refresh_credential(plain.to_vec(), o).err(), Some(VerifyError::NoRefreshService));
    }
}
