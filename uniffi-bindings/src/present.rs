//! Presentations through the FFI, as the apps make the exchange (issue 6):
//! the employer's app calls [`create_request`] (and shows [`request_text`] as a QR code), the
//! learner's app [`read_request`] ("who is asking") and, on consent,
//! [`AkashiWallet::create_presentation`]; the employer's app [`verify_presentation`] (or
//! [`AkashiVerifier::verify_presentation`]) against its own request → a report.
//!
//! The QR transport: the learner's app shows [`presentation_qr`] (one text or animated frames,
//! each drawn with [`render_qr`] → [`qr_svg`] / [`qr_png`]), the employer's app [`request_qr`];
//! the other phone's camera feeds every decoded text to a [`QrScanner`] until it is complete.
//! [`decode_qr_image`] / [`decode_qr_luma`] read codes from a picture or a camera frame.
//!
//! Conversions only; the records (`PresentationRequest`, `Presentation`, `QrMatrix`,
//! `FrameSet`, `ScanProgress`) are the core's.

use std::sync::{Mutex, MutexGuard, PoisonError};

use akashi_core::present::frames::FrameSet;
use akashi_core::present::qr::{self, QrMatrix};
use akashi_core::present::{
    self as core_present, Expectation, PresentationRequest, RequestError, ScanProgress, Scanner, MAX_LIFETIME_SECS,
};
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

// ---------------------------------------------------------------------------------------------
// The QR transport: what the apps show and what their cameras read.

/// Why a scanned text was refused by [`QrScanner::push`]. Fixed reasons only, never scanned
/// content. Except `Corrupt` (and `Unreadable` after the last frame), the scanner keeps its
/// progress.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum ScanError {
    /// Not a QR code of a presentation exchange (a web link, another app's code).
    #[error("not a QR code of a presentation exchange")]
    NotRecognized,
    /// A frame or VPQR text that does not read (header, encoding, checksum): keep scanning.
    #[error("misread QR code: {reason}")]
    Misread {
        /// What did not read (fixed text).
        reason: String,
    },
    /// A code of another message than the one being read: refused, progress kept; `reset` to
    /// read another message.
    #[error("a QR code of another message: reset the scanner to read it")]
    OtherMessage,
    /// A frame contradicting earlier frames of the same message.
    #[error("a frame contradicts earlier frames of the same message")]
    Inconsistent,
    /// Every frame arrived but the message is corrupt: the scanner restarted, scan again.
    #[error("the assembled message is corrupt; scanning starts over")]
    Corrupt,
    /// Larger than the limits.
    #[error("the scanned message is too large")]
    TooLarge,
    /// The whole message arrived but cannot be read (CBOR-LD, unbundled context, not a JSON
    /// object or JWS).
    #[error("the scanned message cannot be read: {reason}")]
    Unreadable {
        /// Why (fixed text).
        reason: String,
    },
}

impl From<core_present::ScanError> for ScanError {
    fn from(e: core_present::ScanError) -> Self {
        use core_present::ScanError as E;
        match e {
            E::NotRecognized => ScanError::NotRecognized,
            E::Misread { reason } => ScanError::Misread { reason: reason.to_owned() },
            E::OtherMessage => ScanError::OtherMessage,
            E::Inconsistent => ScanError::Inconsistent,
            E::Corrupt => ScanError::Corrupt,
            E::TooLarge => ScanError::TooLarge,
            E::Unreadable { reason } => ScanError::Unreadable { reason: reason.to_owned() },
        }
    }
}

/// Why a QR code could not be made or an image read. Limits and fixed texts only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum QrError {
    /// The text does not fit one QR code (version 40).
    #[error("text too long for one QR code ({chars} characters)")]
    TooLong {
        /// Length of the text in characters.
        chars: u64,
    },
    /// The presentation is too large for QR frames (more than 200 frames).
    #[error("presentation too large for QR frames")]
    TooLarge,
    /// The image is not a PNG or JPEG Akashi can read (or is too large).
    #[error("unreadable image")]
    UnreadableImage,
    /// A greyscale buffer whose length is not `width × height` (or larger than 8192 a side).
    #[error("buffer of {len} bytes is not {width}×{height}")]
    BadBuffer {
        /// Given width.
        width: u32,
        /// Given height.
        height: u32,
        /// Given buffer length.
        len: u64,
    },
    /// No readable QR code in the image.
    #[error("no readable QR code in the image")]
    NotFound,
}

impl From<qr::QrError> for QrError {
    fn from(e: qr::QrError) -> Self {
        match e {
            qr::QrError::TooLong { chars } => QrError::TooLong { chars: chars as u64 },
            qr::QrError::Image(_) => QrError::UnreadableImage,
            qr::QrError::BadBuffer { width, height, len } => QrError::BadBuffer { width, height, len: len as u64 },
            qr::QrError::NotFound => QrError::NotFound,
        }
    }
}

/// The learner's side: the QR text(s) that show a presentation (`Presentation.text`): one text
/// when it fits a QR code phones read at once, else an animated `AKF1:` sequence to loop at
/// `fps`. Render each text with [`render_qr`].
#[uniffi::export]
pub fn presentation_qr(text: String) -> Result<FrameSet, QrError> {
    core_present::presentation_qr(&text).map_err(|_| QrError::TooLarge)
}

/// The employer's side: the QR code that shows a request (its compact text).
#[uniffi::export]
pub fn request_qr(request: PresentationRequest) -> Result<QrMatrix, QrError> {
    Ok(core_present::request_qr(&request)?)
}

/// Any text as a QR code for a phone screen (level M up to version 25, else L).
#[uniffi::export]
pub fn render_qr(text: String) -> Result<QrMatrix, QrError> {
    Ok(qr::render(&text)?)
}

/// A QR code as a standalone SVG (quiet zone included; scales without blur).
#[uniffi::export]
pub fn qr_svg(matrix: QrMatrix) -> String {
    matrix.to_svg()
}

/// A QR code as an 8-bit greyscale PNG, `scale` pixels per module (1 to 16), quiet zone
/// included.
#[uniffi::export]
pub fn qr_png(matrix: QrMatrix, scale: u32) -> Result<Vec<u8>, QrError> {
    Ok(matrix.to_png(scale)?)
}

/// The texts of every QR code in a PNG or JPEG image (a photo, a screenshot).
#[uniffi::export]
pub fn decode_qr_image(bytes: Vec<u8>) -> Result<Vec<String>, QrError> {
    Ok(qr::decode_image(&bytes)?)
}

/// The texts of every QR code in a camera frame's greyscale plane (`width × height` bytes,
/// row-major; the Y plane of a YUV frame).
#[uniffi::export]
pub fn decode_qr_luma(width: u32, height: u32, luma: Vec<u8>) -> Result<Vec<String>, QrError> {
    Ok(qr::decode_luma(width, height, &luma)?)
}

/// The reading side of the QR transport: feed it every text the camera decodes, in any order
/// (`AKF1:` frames, a `VP1-` text, a presentation or request JSON); `result` gives the whole
/// message once `push` says `complete`. Safe to share between threads.
#[derive(uniffi::Object)]
pub struct QrScanner {
    inner: Mutex<Scanner>,
}

impl QrScanner {
    fn scanner(&self) -> MutexGuard<'_, Scanner> {
        // A panic while holding the lock cannot leave a Scanner half-updated in a harmful way;
        // the worst is a lost frame, so a poisoned lock is simply taken over.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for QrScanner {
    fn default() -> Self {
        Self::new()
    }
}

#[uniffi::export]
impl QrScanner {
    /// An empty scanner.
    #[uniffi::constructor]
    pub fn new() -> Self {
        QrScanner { inner: Mutex::new(Scanner::new()) }
    }

    /// Reads one scanned text: progress (received / total / complete, whether it was new, what
    /// the message holds once complete), or a typed refusal that keeps the progress.
    pub fn push(&self, text: String) -> Result<ScanProgress, ScanError> {
        Ok(self.scanner().push(&text)?)
    }

    /// The whole message once complete (the presentation or request text), else `None`.
    pub fn result(&self) -> Option<String> {
        self.scanner().result()
    }

    /// The 1-based indexes of the frames still missing (for a progress display).
    pub fn missing(&self) -> Vec<u32> {
        self.scanner().missing()
    }

    /// Forgets everything: ready for another message.
    pub fn reset(&self) {
        self.scanner().reset()
    }
}
