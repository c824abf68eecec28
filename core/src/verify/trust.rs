//! The trust check: is the issuer known to a registry the verifier trusts? Registries are
//! a later part of Akashi; until then the issuer is identified only by its key, and the
//! check says so.

use super::make_check;
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus};

/// Runs the trust check.
pub fn check(_cred: &Credential) -> Check {
    make_check(
        CheckId::Trust,
        CheckStatus::Unknown,
        Some("not_checked_yet"),
        Some("the issuer was not looked up in any trust registry (not supported yet); it is identified only by its signing key".into()),
        CheckSource::Local,
    )
}
