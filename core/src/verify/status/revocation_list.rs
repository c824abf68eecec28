//! `1EdTechRevocationList` (1EdTech Revocation List 1.0): the entry's `id` is the address of
//! a list of revoked credential ids. The credential is revoked when the list has an entry
//! with its `id` whose `revoked` is true or absent; `revocationReason` is shown.
//!
//! The list may be a signed credential (then it is verified like any status list) or plain
//! JSON, as 1EdTech's examples are: then it is trusted only as the HTTPS server that the
//! signed credential names vouches for it, and the check says so. (The DCC verifier ignores
//! these lists altogether and so passes revoked badges.)

use serde_json::{Map, Value};

use super::{fetch_list, issuer_id, unknown};
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckStatus};
use crate::verify::{make_check, Run, Verifier};

/// Most list entries read.
const MAX_LIST_ENTRIES: usize = 1_000_000;

/// Checks one `1EdTechRevocationList` entry of `cred`.
pub(crate) fn check(v: &Verifier, cred: &Credential, entry: &Map<String, Value>, run: Run) -> Check {
    let Some(url) = entry.get("id").and_then(Value::as_str) else {
        return unknown(
            "malformed_status",
            "the 1EdTechRevocationList entry has no id (the list's address)".into(),
            crate::report::CheckSource::Document,
        );
    };
    let Some(cred_id) = cred.doc.get("id").and_then(Value::as_str) else {
        return unknown(
            "malformed_status",
            "the credential has no id, so it cannot be looked up in its revocation list".into(),
            crate::report::CheckSource::Document,
        );
    };
    let fetched = fetch_list(v, url, "the revocation list", run);
    let source = fetched.source.clone();
    let age = fetched.age_note(v.fetcher().now());
    let list = match fetched.list {
        Ok(l) => l,
        Err(c) => return c,
    };
    let mut warnings = Vec::new();
    if list.report.is_none() {
        let host = url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_else(|| url.to_owned());
        warnings.push(crate::l10n::warning("warn-revocation-list-unsigned", &[("host", host.to_string())]));
    }
    // The list may state its issuer; another issuer's list says nothing about this credential.
    let doc_issuer = issuer_id(&list.doc);
    let cred_issuer = issuer_id(&cred.doc);
    if let (Some(l), Some(c)) = (doc_issuer, cred_issuer) {
        if l != c {
            return unknown(
                "status_list_issuer_mismatch",
                format!("the revocation list at {url} belongs to {l}, not to the credential's issuer {c}"),
                source,
            );
        }
    }
    let entries = match revoked_entries(&list.doc) {
        Ok(e) => e,
        Err(why) => return unknown("status_list_unusable", format!("the revocation list at {url} is unusable: {why}"), source),
    };
    let hit = entries
        .iter()
        .take(MAX_LIST_ENTRIES)
        .filter_map(Value::as_object)
        .find(|e| e.get("id").and_then(Value::as_str) == Some(cred_id) && e.get("revoked").and_then(Value::as_bool) != Some(false));
    let mut c = match hit {
        Some(e) => {
            let why = e.get("revocationReason").and_then(Value::as_str).map(|r| format!(": {r}")).unwrap_or_default();
            make_check(
                CheckId::Status,
                CheckStatus::Invalid,
                Some("revoked"),
                Some(format!("revoked by its issuer (listed in {url}{age}){why}")),
                source,
            )
        }
        None => make_check(CheckId::Status, CheckStatus::Valid, None, Some(format!("not revoked (not listed in {url}{age})")), source),
    };
    c.warnings = warnings;
    c
}

/// The `revokedCredential` array of a list (plain JSON, or a credential's subject).
fn revoked_entries(doc: &Map<String, Value>) -> Result<&Vec<Value>, String> {
    fn from(o: &Map<String, Value>) -> Option<&Vec<Value>> {
        match o.get("revokedCredential") {
            Some(Value::Array(a)) => Some(a),
            _ => None,
        }
    }
    if let Some(a) = from(doc) {
        return Ok(a);
    }
    crate::parse::credential::first_object(doc.get("credentialSubject"))
        .and_then(from)
        .ok_or_else(|| "it has no revokedCredential list".to_string())
}
