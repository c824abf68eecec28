//! Verifiable Presentations: the holder's proof (purpose `authentication`), the verifier's
//! challenge and domain, each credential inside, and whether the holder is its subject.
//!
//! Not implemented yet: a presentation is reported as not verified.

use super::{unverifiable, Run, Verifier};
use crate::parse::credential::Credential;
use crate::report::{Report, Securing};

/// Verifies a presentation given as JSON.
pub(crate) fn verify(_v: &Verifier, vp: Credential, run: Run) -> Report {
    unverifiable(run, Securing::EmbeddedProof, vp.info(), "unsupported_format", "Verifiable Presentations are not supported yet".into())
}
