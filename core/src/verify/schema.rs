//! The schema check: `credentialSchema` entries of type `1EdTechJsonSchemaValidator2019`,
//! validated against bundled copies of the OB 3.0 / CLR 2.0 JSON Schemas (never fetched).
//!
//! Not implemented yet: a declared schema is reported as "unknown".

use super::make_check;
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus};

/// The schema check, or `None` when the credential declares no schema.
pub fn check(cred: &Credential) -> Option<Check> {
    cred.doc.get("credentialSchema")?;
    Some(make_check(
        CheckId::Schema,
        CheckStatus::Unknown,
        Some("not_checked_yet"),
        Some("the credential declares a JSON Schema (credentialSchema); validating it is not supported yet".into()),
        CheckSource::Document,
    ))
}
