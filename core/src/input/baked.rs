//! Baked badges: the credential carried inside a PNG or SVG image.
//!
//! PNG: an `iTXt` chunk with keyword `openbadgecredential` (OB 3.0), `clrcredential`
//! (CLR 2.0) or `openbadges` (OB 2.0), or a legacy `tEXt:openbadges`. SVG: an
//! `openbadges:credential` or `openbadges:assertion` element (JSON in CDATA, or a JWS or URL
//! in its `verify` attribute). The payload returned is the raw text, read by the caller.
//!
//! Not implemented yet: both extractors refuse every image.

use super::InputError;

/// The baked payload of a PNG image.
pub fn extract_png(_bytes: &[u8]) -> Result<Vec<u8>, InputError> {
    Err(InputError::MalformedImage { reason: "reading baked PNG images is not implemented yet" })
}

/// The baked payload of an SVG image.
pub fn extract_svg(_bytes: &[u8]) -> Result<Vec<u8>, InputError> {
    Err(InputError::MalformedImage { reason: "reading baked SVG images is not implemented yet" })
}
