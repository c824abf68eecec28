//! Presenting badges to a verifier, phone to phone and offline (issue 6).
//!
//! The holder/exchange half lives here; the transport half (QR rendering and decoding, frames,
//! VPQR) is added next to it and works on the texts these modules produce:
//!
//! - [`holder`]: the learner's Ed25519 holder key, exposed as a `did:key` (kept in the wallet,
//!   see [`crate::wallet::Wallet::holder_did`]).
//! - [`request`]: the employer's [`PresentationRequest`] (fresh challenge, domain, display
//!   name, expiry) and its compact text for a QR code.
//! - [`exchange`]: signing a Verifiable Presentation of chosen credentials, bound to a request
//!   or one-way with a short lifetime, and verifying one against the verifier's own request
//!   ([`verify_presentation`]).
//!
//! The boundary to the transport is text: [`PresentationRequest::to_text`] /
//! [`PresentationRequest::parse`] and the presentation's JSON ([`Presentation::text`]).

pub mod exchange;
pub mod holder;
pub mod request;

pub use exchange::{
    sign_presentation, verify_presentation, Expectation, PresentError, Presentation, DEFAULT_LIFETIME_SECS, MAX_LIFETIME_SECS,
};
pub use holder::HolderKey;
pub use request::{PresentationRequest, RequestError};
