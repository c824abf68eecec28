//! Presenting badges to a verifier, phone to phone and offline (issue 6).
//!
//! The exchange:
//!
//! - [`holder`]: the learner's Ed25519 holder key, exposed as a `did:key` (kept in the wallet,
//!   see [`crate::wallet::Wallet::holder_did`]).
//! - [`request`]: the employer's [`PresentationRequest`] (fresh challenge, domain, display
//!   name, expiry) and its compact text for a QR code.
//! - [`exchange`]: signing a Verifiable Presentation of chosen credentials, bound to a request
//!   or one-way with a short lifetime, and verifying one against the verifier's own request
//!   ([`verify_presentation`]).
//!
//! The transport, working on the texts the exchange produces:
//!
//! - [`qr`]: text → QR module matrix → SVG / PNG, and PNG / JPEG / greyscale camera frames →
//!   the texts of the QR codes in them.
//! - [`frames`]: bytes → one QR text when they fit a size phone cameras read reliably, else an
//!   animated sequence of self-describing frames (`AKF1:…`), and the [`frames::Assembler`]
//!   that rebuilds the bytes from frames scanned in any order.
//! - [`vpqr`]: a Verifiable Presentation ↔ the `VP1-B…` / `VP1-R…` texts of DCC's and Digital
//!   Bazaar's `vpqr` libraries (CBOR-LD with the bundled contexts only).
//! - [`scan`]: the [`Scanner`] an app feeds every text its camera decodes (frames in any order
//!   with progress, a VPQR text, a presentation or request JSON), and the QR codes the apps show
//!   ([`presentation_qr`], [`request_qr`]).
//!
//! Formats and measured sizes: `docs/qr-frames.md`. Nothing here panics on hostile input;
//! every failure is a typed error.

pub mod base45;
mod cbor;
pub mod cborld_legacy;
pub mod exchange;
pub mod frames;
pub mod holder;
pub mod qr;
pub mod request;
pub mod scan;
pub mod vpqr;

pub use exchange::{
    sign_presentation, verify_presentation, Expectation, PresentError, Presentation, DEFAULT_LIFETIME_SECS, MAX_LIFETIME_SECS,
};
pub use holder::HolderKey;
pub use request::{PresentationRequest, RequestError};
pub use scan::{presentation_qr, request_qr, ScanContent, ScanError, ScanProgress, ScanSource, Scanner};
