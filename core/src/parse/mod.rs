//! Parsing: from a JSON object to what the checks need.
//!
//! - [`credential`]: a typed view of a VC / OB 3.0 credential (types, issuer, dates, proofs).
//! - [`jsonld`]: JSON-LD → RDF with bundled contexts only, rejecting undefined terms.

pub mod credential;
pub mod jsonld;
