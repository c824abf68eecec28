//! Presenting credentials by QR code (issue 6, transport half).
//!
//! - [`qr`]: text → QR module matrix → SVG / PNG, and PNG / JPEG / greyscale camera frames →
//!   the texts of the QR codes in them.
//! - [`frames`]: bytes → one QR text when they fit a size phone cameras read reliably, else an
//!   animated sequence of self-describing frames (`AKF1:…`), and the [`frames::Assembler`]
//!   that rebuilds the bytes from frames scanned in any order.
//! - [`vpqr`]: a Verifiable Presentation ↔ the `VP1-B…` / `VP1-R…` texts of DCC's and Digital
//!   Bazaar's `vpqr` libraries (CBOR-LD with the bundled contexts only).
//!
//! Formats and measured sizes: `docs/qr-frames.md`. Nothing here panics on hostile input;
//! every failure is a typed error.

pub mod base45;
mod cbor;
pub mod cborld_legacy;
pub mod frames;
pub mod qr;
pub mod vpqr;
