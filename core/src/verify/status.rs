//! The status check (revocation, suspension). Status lists are a later part of Akashi;
//! until then a credential that declares a status is reported as "unknown: not checked
//! yet" — never as "not revoked".

use serde_json::Value;

use super::make_check;
use crate::parse::credential::{first_object, strings, Credential};
use crate::report::{Check, CheckId, CheckSource, CheckStatus};

/// Runs the status check.
pub fn check(cred: &Credential) -> Check {
    match cred.doc.get("credentialStatus") {
        None | Some(Value::Null) => make_check(
            CheckId::Status,
            CheckStatus::NotApplicable,
            None,
            Some("the credential declares no status (credentialStatus), so it cannot be revoked".into()),
            CheckSource::Document,
        ),
        Some(v) => {
            let types = strings(first_object(Some(v)).and_then(|o| o.get("type")));
            let t = if types.is_empty() { "an unnamed status type".to_owned() } else { types.join(", ") };
            make_check(
                CheckId::Status,
                CheckStatus::Unknown,
                Some("not_checked_yet"),
                Some(format!("revocation status ({t}) was not checked: this version of Akashi does not read status lists yet")),
                CheckSource::Document,
            )
        }
    }
}
