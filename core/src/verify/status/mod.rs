//! The status check: has the issuer revoked or suspended the credential since signing it?
//!
//! Each entry of `credentialStatus` is checked on its own and gives its own [`Check`]
//! (a credential may carry a revocation and a suspension entry):
//! - `BitstringStatusListEntry` (W3C Recommendation) and `StatusList2021Entry` (its
//!   predecessor, still in DCC-issued badges): `bitstring`;
//! - `1EdTechRevocationList` (1EdTech's, used in certification): `revocation_list`.
//!
//! Open Badges 2.0 revocation lists are checked by the OB 2.0 path.
//!
//! **Fail closed.** Only a list that was fetched, whose own proof and validity were verified,
//! and that decodes cleanly can say "not revoked". An unreachable list, a list with a bad
//! signature, an expired list, a malformed entry: all "unknown", with the reason. Revoked
//! and suspended are the only invalid outcomes; [`crate::report::Summary`] ranks them.
//!
//! Lists go through the verifier's cache ([`crate::cache`]): a list shared by a thousand
//! badges is fetched, verified and decoded once (`ListMemo`), and offline a fresh cached
//! copy is used and the check says so (its source is `cache`, with when it was fetched).

pub(crate) mod bitstring;
pub(crate) mod revocation_list;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use super::{make_check, Run, Verifier, MAX_NESTING};
use crate::input::{detect, Payload};
use crate::parse::credential::{strings, Credential};
use crate::report::{Check, CheckId, CheckSource, CheckStatus, Envelope, Report, Summary};
use crate::resolve::{source_of, FetchError};

/// Most status entries checked per credential; more are reported as not checked.
const MAX_ENTRIES: usize = 8;

/// Runs the status check: one [`Check`] per `credentialStatus` entry (at least one).
pub(crate) fn check(v: &Verifier, cred: &Credential, run: Run) -> Vec<Check> {
    if run.for_status_list {
        return vec![make_check(
            CheckId::Status,
            CheckStatus::NotApplicable,
            None,
            Some("this is a status list; the status of a status list is not followed".into()),
            CheckSource::Document,
        )];
    }
    let entries: Vec<&Value> = match cred.doc.get("credentialStatus") {
        None | Some(Value::Null) => {
            return vec![make_check(
                CheckId::Status,
                CheckStatus::NotApplicable,
                None,
                Some("the credential declares no status (credentialStatus), so it cannot be revoked".into()),
                CheckSource::Document,
            )]
        }
        Some(Value::Array(a)) if a.is_empty() => {
            return vec![make_check(
                CheckId::Status,
                CheckStatus::NotApplicable,
                None,
                Some("the credential's status list (credentialStatus) is empty, so it cannot be revoked".into()),
                CheckSource::Document,
            )]
        }
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
    };
    let mut checks: Vec<Check> = entries.iter().take(MAX_ENTRIES).map(|e| check_entry(v, cred, e, run)).collect();
    if entries.len() > MAX_ENTRIES {
        checks.push(unknown(
            "too_many_status_entries",
            format!("the credential has {} status entries; only the first {MAX_ENTRIES} were checked", entries.len()),
            CheckSource::Document,
        ));
    }
    checks
}

fn check_entry(v: &Verifier, cred: &Credential, entry: &Value, run: Run) -> Check {
    let Some(entry) = entry.as_object() else {
        return unknown("malformed_status", "a credentialStatus entry is not an object".into(), CheckSource::Document);
    };
    let types = strings(entry.get("type"));
    if types.iter().any(|t| t == "BitstringStatusListEntry") {
        bitstring::check(v, cred, entry, bitstring::Kind::Bitstring, run)
    } else if types.iter().any(|t| t == "StatusList2021Entry") {
        bitstring::check(v, cred, entry, bitstring::Kind::StatusList2021, run)
    } else if types.iter().any(|t| t == "1EdTechRevocationList") {
        revocation_list::check(v, cred, entry, run)
    } else {
        let t = if types.is_empty() { "an unnamed status type".to_owned() } else { types.join(", ") };
        unknown(
            "unsupported_status_type",
            format!("revocation status ({t}) could not be checked: Akashi reads BitstringStatusList, StatusList2021 and 1EdTechRevocationList entries"),
            CheckSource::Document,
        )
    }
}

/// An unknown status check.
pub(crate) fn unknown(code: &str, reason: String, source: CheckSource) -> Check {
    make_check(CheckId::Status, CheckStatus::Unknown, Some(code), Some(reason), source)
}

/// A fetched, verified status-list document, as the entry checks need it.
#[derive(Debug)]
pub(crate) struct ListDoc {
    /// The list document (a credential, or plain JSON for unsigned 1EdTech lists).
    pub doc: Map<String, Value>,
    /// The list credential's verification, when it is a credential (`None`: unsigned JSON).
    pub report: Option<Report>,
    /// Whatever the kind-specific decoder made of it (the bitstring), computed once.
    pub decoded: Mutex<Option<Arc<bitstring::Decoded>>>,
}

/// What [`fetch_list`] gives: the document (or why there is none) and where it came from.
pub(crate) struct Fetched {
    pub list: Result<Arc<ListDoc>, Check>,
    pub source: CheckSource,
    /// When the copy used was fetched (Unix seconds).
    pub fetched_at: i64,
}

/// The bytes a list was read from, and what was made of them.
type Memo = (Vec<u8>, Arc<ListDoc>);

/// Status lists already fetched and verified, by URL, with the exact bytes they were read
/// from: a later fetch (from the cache or the network) with the same bytes reuses the work.
#[derive(Debug, Default)]
pub(crate) struct ListMemo {
    map: Mutex<HashMap<String, Memo>>,
    /// One lock per list URL, held while that list is fetched and read, so that threads of a
    /// batch wanting the same list wait for the first one instead of each fetching it.
    loading: Mutex<HashMap<String, Arc<Mutex<()>>>>,
    /// How many bitstrings were decoded (for the batch benchmark's "decoded once").
    pub(crate) decodes: std::sync::atomic::AtomicUsize,
}

impl ListMemo {
    fn get(&self, url: &str, body: &[u8]) -> Option<Arc<ListDoc>> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(url).filter(|(b, _)| b == body).map(|(_, d)| d.clone())
    }

    fn url_lock(&self, url: &str) -> Arc<Mutex<()>> {
        let mut locks = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        if locks.len() >= 1024 {
            locks.retain(|_, l| Arc::strong_count(l) > 1);
        }
        locks.entry(url.to_owned()).or_default().clone()
    }

    fn put(&self, url: &str, body: Vec<u8>, doc: Arc<ListDoc>) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= 256 {
            map.clear();
        }
        map.insert(url.to_owned(), (body, doc));
    }
}

/// Fetches the list at `url` through the cache, verifies it (its proof, issuer key and
/// validity, but not its own status) and memoizes it. `what` names it in reasons.
pub(crate) fn fetch_list(v: &Verifier, url: &str, what: &str, run: Run) -> Fetched {
    let fetcher = v.fetcher();
    let doc_source = CheckSource::Network { url: url.to_owned() };
    if run.depth >= MAX_NESTING {
        return Fetched {
            list: Err(unknown("too_deep", format!("{what} was not checked: credentials nest too deeply"), doc_source.clone())),
            source: doc_source,
            fetched_at: fetcher.now(),
        };
    }
    // Single flight: the first thread to need a list that is not freshly cached fetches and
    // reads it while the others wait for it; afterwards they all take the lock-free path.
    let lock = v.status_lists().url_lock(url);
    let fresh = fetcher.store().get(url).is_some_and(|e| e.expires_at > fetcher.now());
    let mut guard = if fresh { None } else { Some(lock.lock().unwrap_or_else(|e| e.into_inner())) };
    // A cached copy may turn out, once read, to be older than the list's own `ttl` allows:
    // then its entry is shortened and the list fetched once more (offline: unknown).
    let mut attempt = 0;
    loop {
        attempt += 1;
        let got = match crate::resolve::Fetcher::fetch(fetcher, url) {
            Ok(g) => g,
            Err(e) => {
                let (code, reason) = match &e {
                    FetchError::Offline(why) => ("offline", format!("{what} could not be checked: {why}")),
                    FetchError::Status(s) => ("status_list_unavailable", format!("{what} could not be fetched from {url}: HTTP {s}")),
                    e => ("status_list_unavailable", format!("{what} could not be fetched: {e}")),
                };
                return Fetched { list: Err(unknown(code, reason, doc_source.clone())), source: doc_source, fetched_at: fetcher.now() };
            }
        };
        let source = source_of(&got, url);
        let fetched_at = got.cached_at.unwrap_or_else(|| fetcher.now());
        let list = match v.status_lists().get(url, &got.body) {
            Some(doc) => Ok(doc),
            None if guard.is_none() => {
                // Not read yet: queue behind whoever is reading it, then look again.
                guard = Some(lock.lock().unwrap_or_else(|e| e.into_inner()));
                attempt -= 1;
                continue;
            }
            None => {
                let list = read_and_verify(v, url, what, &got.body, &source, run).map(Arc::new);
                if let Ok(doc) = &list {
                    v.status_lists().put(url, got.body, doc.clone());
                }
                list
            }
        };
        if let Ok(doc) = &list {
            if let Some(expiry) = content_expiry(&doc.doc, fetched_at) {
                fetcher.store().shorten(url, expiry);
                if got.cached_at.is_some() && expiry <= fetcher.now() && attempt == 1 {
                    continue;
                }
            }
        }
        return Fetched { list, source, fetched_at };
    }
}

/// When the list itself says a copy fetched at `fetched_at` stops being current: its `ttl`
/// (milliseconds, on the list subject) and its `validUntil` / `expirationDate`.
fn content_expiry(doc: &Map<String, Value>, fetched_at: i64) -> Option<i64> {
    let ttl = crate::parse::credential::first_object(doc.get("credentialSubject"))
        .and_then(|s| s.get("ttl"))
        .and_then(Value::as_u64)
        .map(|ms| fetched_at.saturating_add(i64::try_from(ms / 1000).unwrap_or(i64::MAX)));
    let until = ["validUntil", "expirationDate"]
        .iter()
        .filter_map(|k| doc.get(*k).and_then(Value::as_str))
        .filter_map(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.timestamp())
        .min();
    match (ttl, until) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

// The error is the finished check itself; it is built once per list, so its size is no cost.
#[allow(clippy::result_large_err)]
fn read_and_verify(v: &Verifier, url: &str, what: &str, body: &[u8], source: &CheckSource, run: Run) -> Result<ListDoc, Check> {
    let bad = |why: String| unknown("status_list_unusable", format!("{what} at {url} is unusable: {why}"), source.clone());
    let detected = detect(body).map_err(|e| bad(e.to_string()))?;
    let child = Run { depth: run.depth.saturating_add(1), envelope: Envelope::Url, for_status_list: true, ..run };
    let (doc, report) = match detected.payload {
        Payload::Json(doc) => {
            let is_credential = strings(doc.get("type")).iter().any(|t| t == "VerifiableCredential") || doc.contains_key("proof");
            if !is_credential {
                // An unsigned 1EdTech revocation list: the caller decides what that is worth.
                return Ok(ListDoc { doc, report: None, decoded: Mutex::new(None) });
            }
            let report = v.verify_json(doc.clone(), child);
            (doc, report)
        }
        Payload::CompactJws(token) => {
            let report = v.verify_compact(&token, child);
            match super::nested::jwt_credential(&token) {
                Some((doc, _)) => (doc, report),
                None => return Err(bad("the JWT carries no credential".into())),
            }
        }
        Payload::Url(_) => return Err(bad("it is an address, not a list".into())),
    };
    match report.summary {
        Summary::Verified | Summary::VerifiedWithWarnings => {}
        Summary::Expired => {
            return Err(unknown(
                "status_list_expired",
                format!(
                    "{what} at {url} has expired ({}), so it says nothing about the credential now",
                    failing_reason(&report, CheckId::Validity)
                ),
                source.clone(),
            ))
        }
        Summary::NotYetValid => {
            return Err(unknown("status_list_not_yet_valid", format!("{what} at {url} is not valid yet"), source.clone()))
        }
        _ => {
            let why = report
                .checks
                .iter()
                .find(|c| c.status != CheckStatus::Valid && c.status != CheckStatus::NotApplicable && c.id != CheckId::Trust)
                .and_then(|c| c.reason.clone())
                .unwrap_or_else(|| "it did not verify".into());
            return Err(unknown(
                "status_list_unverified",
                format!("{what} at {url} could not be verified, so it cannot be relied on: {why}"),
                source.clone(),
            ));
        }
    }
    Ok(ListDoc { doc, report: Some(report), decoded: Mutex::new(None) })
}

fn failing_reason(r: &Report, id: CheckId) -> String {
    r.checks.iter().find(|c| c.id == id).and_then(|c| c.reason.clone()).unwrap_or_default()
}

impl Fetched {
    /// " (the list as cached 2 h 5 min ago)" for a cached copy, "" for a fresh one: said in the
    /// reason, not as a warning, since a fresh-enough cached list is as good as a fetched one.
    pub(crate) fn age_note(&self, now: i64) -> String {
        match self.source {
            CheckSource::Cache { .. } => format!("; the list as cached {} ago", crate::cache::age(now - self.fetched_at)),
            _ => String::new(),
        }
    }
}

/// The issuer id of a credential-like document.
pub(crate) fn issuer_id(doc: &Map<String, Value>) -> Option<&str> {
    match doc.get("issuer") {
        Some(Value::String(s)) => Some(s),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// A warning when the list was signed by someone other than the credential's issuer (the
/// Bitstring spec allows it; the user should know who vouches for the status).
pub(crate) fn issuer_warning(list: &ListDoc, cred_issuer: Option<&str>) -> Option<String> {
    let list_issuer = issuer_id(&list.doc)?;
    match cred_issuer {
        Some(i) if i != list_issuer => {
            Some(crate::l10n::warning("warn-status-list-other-issuer", &[("list", list_issuer.to_string()), ("issuer", i.to_owned())]))
        }
        _ => None,
    }
}
