//! Credentials inside a credential: CLR 2.0 members (`credentialSubject.verifiableCredential`)
//! and endorsements. Each is verified on its own; the `nested` check sums them up.
//!
//! Not implemented yet: a credential that carries others gets an "unknown" nested check.

use super::{make_check, Run, Verifier};
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus, NestedReport};

/// The nested check and the members' reports; `None` when the credential holds none.
pub(crate) fn check_credential(_v: &Verifier, cred: &Credential, _run: Run) -> (Option<Check>, Vec<NestedReport>) {
    let holds = cred.has_type("ClrCredential") || cred.doc.contains_key("endorsement") || cred.doc.contains_key("endorsementJwt");
    if !holds {
        return (None, Vec::new());
    }
    let c = make_check(
        CheckId::Nested,
        CheckStatus::Unknown,
        Some("not_checked_yet"),
        Some("the credentials inside this one (CLR members, endorsements) were not checked: not supported yet".into()),
        CheckSource::Document,
    );
    (Some(c), Vec::new())
}
