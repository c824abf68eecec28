//! Canonicalization: the exact bytes a signature covers.
//!
//! - [`rdfc`]: RDF Dataset Canonicalization (RDFC-1.0, also URDNA2015) via `rdf-canon`.
//! - [`jcs`]: JSON Canonicalization Scheme (RFC 8785) via `serde_json_canonicalizer`.

pub mod jcs;
pub mod rdfc;
