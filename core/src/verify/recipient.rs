//! The recipient check: was the credential issued to this learner? Compares the identifiers
//! the verifier was given (emails, URLs, DIDs) with OB 2.0 `recipient` and OB 3.0
//! `credentialSubject.identifier[]` (plain or hashed: `sha256$`, `md5$`, salted), on the device.
//!
//! Not implemented yet: given identifiers, the check is "unknown".

use super::make_check;
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus};

fn not_applicable() -> Check {
    make_check(
        CheckId::Recipient,
        CheckStatus::NotApplicable,
        None,
        Some("no learner identifiers were given, so the recipient was not matched".into()),
        CheckSource::Local,
    )
}

/// The recipient check for an OB 3.0 / VC credential.
pub fn check_ob3(_cred: &Credential, recipients: &[String]) -> Check {
    if recipients.is_empty() {
        return not_applicable();
    }
    make_check(CheckId::Recipient, CheckStatus::Unknown, Some("not_checked_yet"), Some("matching the recipient is not supported yet".into()), CheckSource::Local)
}

/// The recipient check when the proof failed: not claimed.
pub fn not_checked(recipients: &[String], why: &str) -> Check {
    if recipients.is_empty() {
        return not_applicable();
    }
    make_check(CheckId::Recipient, CheckStatus::Unknown, Some("not_checked"), Some(why.to_owned()), CheckSource::Document)
}
