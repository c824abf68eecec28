//! RDFC-1.0 with a bound on work.
//!
//! The Hash N-Degree Quads step is exponential on crafted "poison" graphs (the W3C suite's
//! test074). We cap its calls: real credentials need a handful, so the cap only ever stops
//! hostile input, and it stops it in milliseconds.

use rdf_canon::{canonicalize_quads_with, issue_quads_with, CanonicalizationOptions};
use sha2::{Sha256, Sha384};
use std::collections::HashMap;

use crate::parse::jsonld::Quad;

/// Calls of Hash N-Degree Quads allowed per canonicalization.
pub const HNDQ_CALL_LIMIT: usize = 4_000;

/// Hash function used inside RDFC-1.0 (SHA-256 unless a test asks otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// SHA-256, the default and the one every cryptosuite here uses.
    Sha256,
    /// SHA-384, which RDFC-1.0 implementations must also support.
    Sha384,
}

/// Why canonicalization stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RdfcError {
    /// The dataset is too complex to canonicalize safely (likely a poison graph).
    #[error("the dataset is too complex to canonicalize (more than {limit} Hash N-Degree Quads calls)")]
    TooComplex {
        /// The limit that was hit.
        limit: usize,
    },
    /// Another canonicalization failure.
    #[error("canonicalization failed: {0}")]
    Other(String),
}

fn options() -> CanonicalizationOptions {
    CanonicalizationOptions { hndq_call_limit: Some(HNDQ_CALL_LIMIT) }
}

fn map_err(e: rdf_canon::CanonicalizationError) -> RdfcError {
    match e {
        rdf_canon::CanonicalizationError::HndqCallLimitExceeded(limit) => RdfcError::TooComplex { limit },
        other => RdfcError::Other(other.to_string()),
    }
}

/// Canonical N-Quads of `quads` (SHA-256).
pub fn canonicalize(quads: &[Quad]) -> Result<String, RdfcError> {
    canonicalize_with(quads, HashAlgorithm::Sha256)
}

/// Canonical N-Quads of `quads` with the given internal hash.
pub fn canonicalize_with(quads: &[Quad], hash: HashAlgorithm) -> Result<String, RdfcError> {
    match hash {
        HashAlgorithm::Sha256 => canonicalize_quads_with::<Sha256>(quads, &options()),
        HashAlgorithm::Sha384 => canonicalize_quads_with::<Sha384>(quads, &options()),
    }
    .map_err(map_err)
}

/// The issued identifier map (input blank node id → canonical id).
pub fn issued_identifiers(quads: &[Quad], hash: HashAlgorithm) -> Result<HashMap<String, String>, RdfcError> {
    match hash {
        HashAlgorithm::Sha256 => issue_quads_with::<Sha256>(quads, &options()),
        HashAlgorithm::Sha384 => issue_quads_with::<Sha384>(quads, &options()),
    }
    .map_err(map_err)
}
