//! The trust check: is the issuer known to an issuer registry the verifier chose?
//!
//! Akashi ships no trust decisions: there is no built-in registry. The verifier names its
//! registries in [`super::VerifyOptions::registries`], most authoritative first, each a file
//! path or an `https://` URL. They are read once per [`Verifier`] (lazily, on the first
//! credential that needs them; clones of the verifier share them), URLs through the
//! verifier's cache, so offline a fresh cached copy is used and the check says so.
//!
//! # The registry format
//!
//! The Digital Credentials Consortium's "known issuer" registry (`dcc-legacy` in
//! issuer-registry-client and verifier-core), as its registries really are:
//!
//! ```json
//! { "meta": { "created": "…", "updated": "…", "name": "optional: how reports name it" },
//!   "registry": {
//!     "did:key:z6Mk…": { "name": "Example University", "url": "https://…", "location": "Kyoto, Japan" } } }
//! ```
//!
//! Accepted: `meta` is optional and only its `name` is read (DCC registries have none: they
//! are then named by their path or URL); the older `entries` key in place of `registry`, with
//! a top-level `name`; entries with only some of `name` / `url` / `location`. Refused, with
//! the reason, the registry listed as not loaded: anything that is not a JSON object, a list
//! of registries (`known-did-registries.json` is an array: give each registry's URL instead),
//! an object without a `registry` object. An entry that is not an object or has a `name` that
//! is not text is ignored (its issuer is then not registered), and the check warns.
//! OpenID Federation registries (`oidf`) are not supported.
//!
//! # The outcome
//!
//! - The issuer id (exactly, or without its `#fragment`) is in a loaded registry: **valid**,
//!   naming the first registry (in the given order) that lists it; that registry's name for
//!   the issuer replaces the credential's own in [`crate::report::CredentialInfo::issuer_name`]
//!   ([`apply_registered_name`]), and the check warns when the two differ. Registries that
//!   could not be loaded are warnings.
//! - Listed, but the signing key was not confirmed to be the issuer's: **unknown**
//!   (`issuer_unconfirmed`): a registry vouches for an identifier, and only the key ties the
//!   credential to it.
//! - Not listed in any loaded registry: **unknown** (`issuer_not_registered`), a warning, not a
//!   failure. No registry configured: **unknown** (`no_registry`). None could be loaded:
//!   **unknown** (`registry_unavailable`), with each failure.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{make_check, Verifier};
use crate::report::{Check, CheckId, CheckSource, CheckStatus, CredentialInfo};
use crate::resolve::{source_of, FetchError, Fetcher};

/// The largest registry file read (bytes); URLs are capped by the fetcher.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Longest registry or issuer name kept for reports (characters).
const MAX_NAME_CHARS: usize = 200;

/// One issuer as a registry lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryEntry {
    /// The registry's display name for the issuer.
    pub name: Option<String>,
    /// The issuer's web site, as the registry gives it.
    pub url: Option<String>,
    /// Where the issuer is, as the registry gives it.
    pub location: Option<String>,
}

/// A registry that was read.
#[derive(Debug, Clone)]
pub(crate) struct Registry {
    /// How reports name it: `meta.name`, else its path or URL.
    label: String,
    /// Its path or URL, as given.
    location: String,
    /// Where its content came from.
    source: CheckSource,
    /// Issuer id → entry.
    entries: HashMap<String, RegistryEntry>,
    /// Problems with its content that did not stop it loading.
    warnings: Vec<String>,
}

/// A registry that could not be used, and why.
#[derive(Debug, Clone)]
pub(crate) struct Failed {
    /// Its path or URL.
    location: String,
    /// Why it was not loaded.
    why: String,
    /// Where the attempt went.
    source: CheckSource,
}

/// The verifier's registries, read once, in the order given.
#[derive(Debug, Default)]
pub(crate) struct Registries {
    loaded: Vec<Registry>,
    failed: Vec<Failed>,
}

impl Registries {
    /// Reads every registry of `v`'s options, in order (files from disk, URLs through the cache).
    pub(crate) fn load(v: &Verifier) -> Registries {
        let mut out = Registries::default();
        for location in &v.options().registries {
            match load_one(v, location) {
                Ok(r) => out.loaded.push(r),
                Err(f) => out.failed.push(f),
            }
        }
        out
    }

    /// The loaded registries listing `issuer_id` (exactly, or without its fragment), in priority order.
    fn matches<'a>(&'a self, issuer_id: &str) -> Vec<(&'a Registry, &'a RegistryEntry)> {
        let bare = issuer_id.split('#').next().unwrap_or(issuer_id);
        self.loaded.iter().filter_map(|r| r.entries.get(issuer_id).or_else(|| r.entries.get(bare)).map(|e| (r, e))).collect()
    }
}

fn is_url(location: &str) -> bool {
    let l = location.get(..8).unwrap_or(location).to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

fn load_one(v: &Verifier, location: &str) -> Result<Registry, Failed> {
    if is_url(location) {
        let fail_net =
            |why: String| Failed { location: location.to_owned(), why, source: CheckSource::Network { url: location.to_owned() } };
        let got = match v.fetcher().fetch(location) {
            Ok(g) => g,
            Err(FetchError::Offline(why)) => return Err(fail_net(why)),
            Err(FetchError::Status(s)) => return Err(fail_net(format!("{location} answered HTTP {s}"))),
            Err(e) => return Err(fail_net(format!("{location} could not be fetched: {e}"))),
        };
        let source = source_of(&got, location);
        parse(location, &got.body, source.clone()).map_err(|why| Failed { location: location.to_owned(), why, source })
    } else {
        let fail = |why: String| Failed { location: location.to_owned(), why, source: CheckSource::Local };
        let file = std::fs::File::open(location).map_err(|e| fail(format!("the file {location} cannot be read: {e}")))?;
        let mut body = Vec::new();
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut body).map_err(|e| fail(format!("the file {location} cannot be read: {e}")))?;
        if body.len() as u64 > MAX_FILE_BYTES {
            return Err(fail(format!("the file {location} is larger than {MAX_FILE_BYTES} bytes")));
        }
        parse(location, &body, CheckSource::Local).map_err(fail)
    }
}

/// Text fit for a report: control characters dropped, trimmed, bounded; `None` when empty.
fn clean(s: &str) -> Option<String> {
    let t: String = s.chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Reads registry bytes. `Err` is the reason it is not usable (it never names issuers).
fn parse(location: &str, body: &[u8], source: CheckSource) -> Result<Registry, String> {
    let doc: Value = serde_json::from_slice(body).map_err(|e| format!("{location} is not a JSON registry: {e}"))?;
    let doc: Map<String, Value> = match doc {
        Value::Object(o) => o,
        Value::Array(_) => {
            return Err(format!(
                "{location} is a list, not a registry (a list of registries such as known-did-registries.json? give each registry's own URL instead)"
            ))
        }
        _ => return Err(format!("{location} is not a registry: it is not a JSON object")),
    };
    let entries = match doc.get("registry").or_else(|| doc.get("entries")) {
        Some(Value::Object(o)) => o,
        Some(_) => return Err(format!("{location} is not a registry: its `registry` is not an object of issuers")),
        None if doc.get("type").and_then(Value::as_str) == Some("oidf") || doc.contains_key("trustAnchorEC") => {
            return Err(format!("{location} describes an OpenID Federation registry, which Akashi does not read; give a DCC issuer registry (JSON with a `registry` object)"))
        }
        None => return Err(format!("{location} is not a registry: it has no `registry` object (the DCC issuer registry format)")),
    };
    let label = doc
        .get("meta")
        .and_then(Value::as_object)
        .and_then(|m| m.get("name"))
        .or_else(|| doc.get("name"))
        .and_then(Value::as_str)
        .and_then(clean)
        .unwrap_or_else(|| location.to_owned());
    let text = |o: &Map<String, Value>, k: &str| -> Result<Option<String>, ()> {
        match o.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(clean(s)),
            Some(_) => Err(()),
        }
    };
    let mut map = HashMap::with_capacity(entries.len());
    let mut ignored = 0usize;
    for (id, e) in entries {
        let entry = e.as_object().and_then(|o| {
            let name = text(o, "name").ok()?;
            // A malformed url or location only loses that field: the name is what is shown.
            Some(RegistryEntry { name, url: text(o, "url").ok().flatten(), location: text(o, "location").ok().flatten() })
        });
        match (id.trim(), entry) {
            (id, Some(entry)) if !id.is_empty() => {
                map.insert(id.to_owned(), entry);
            }
            _ => ignored += 1,
        }
    }
    let mut warnings = Vec::new();
    if ignored > 0 {
        warnings.push(crate::l10n::warning("warn-registry-malformed", &[("registry", label.clone()), ("count", ignored.to_string())]));
    }
    if map.is_empty() {
        warnings.push(crate::l10n::warning("warn-registry-empty", &[("registry", label.clone())]));
    }
    Ok(Registry { label, location: location.to_owned(), source, entries: map, warnings })
}

/// `"Name" (path)`, or the path alone when the registry has no name: how reasons name it.
fn named(r: &Registry) -> String {
    if r.label == r.location {
        r.location.clone()
    } else {
        format!("\"{}\" ({})", r.label, r.location)
    }
}

fn failure_warnings(regs: &Registries) -> Vec<String> {
    regs.failed.iter().map(|f| format!("registry {} could not be loaded: {}", f.location, f.why)).collect()
}

/// Runs the trust check for the issuer `issuer_id`, whose self-asserted name is `self_name`.
/// `key_confirmed`: the signing key was verified to be the issuer's (else a registry entry
/// for the id says nothing about who signed).
pub(crate) fn check(v: &Verifier, issuer_id: Option<&str>, self_name: Option<&str>, key_confirmed: bool) -> Check {
    if v.options().registries.is_empty() {
        return make_check(
            CheckId::Trust,
            CheckStatus::Unknown,
            Some("no_registry"),
            Some(
                "no issuer registry is configured, so the issuer was not looked up in one; it is identified only by its signing key".into(),
            ),
            CheckSource::Local,
        );
    }
    let regs = v.registries();
    let Some(issuer) = issuer_id.filter(|s| !s.is_empty()) else {
        return make_check(
            CheckId::Trust,
            CheckStatus::Unknown,
            Some("no_issuer_id"),
            Some("the credential names no issuer id to look up in a registry".into()),
            CheckSource::Document,
        );
    };
    if regs.loaded.is_empty() {
        let mut c = make_check(
            CheckId::Trust,
            CheckStatus::Unknown,
            Some("registry_unavailable"),
            Some(format!(
                "the issuer could not be looked up: none of the {} configured registr{} could be loaded",
                regs.failed.len(),
                if regs.failed.len() == 1 { "y" } else { "ies" }
            )),
            regs.failed.first().map_or(CheckSource::Local, |f| f.source.clone()),
        );
        c.warnings = failure_warnings(&regs);
        return c;
    }
    let found = regs.matches(issuer);
    let mut warnings: Vec<String> = Vec::new();
    let c = match found.first() {
        None => {
            let consulted: Vec<String> = regs.loaded.iter().map(named).collect();
            for r in &regs.loaded {
                warnings.extend(r.warnings.iter().cloned());
            }
            make_check(
                CheckId::Trust,
                CheckStatus::Unknown,
                Some("issuer_not_registered"),
                Some(format!(
                    "the issuer {issuer} is not listed in the registr{} consulted: {}",
                    if consulted.len() == 1 { "y" } else { "ies" },
                    consulted.join(", ")
                )),
                regs.loaded.first().map_or(CheckSource::Local, |r| r.source.clone()),
            )
        }
        Some((r, e)) => {
            let also: Vec<String> = found.iter().skip(1).map(|(o, _)| named(o)).collect();
            let also = if also.is_empty() { String::new() } else { format!("; also listed in {}", also.join(", ")) };
            let as_name = e.name.as_deref().map_or_else(|| " (the registry gives no name)".to_owned(), |n| format!(" as \"{n}\""));
            let cached = match &r.source {
                CheckSource::Cache { fetched_at, .. } => format!(", as cached at {fetched_at}"),
                _ => String::new(),
            };
            warnings.extend(r.warnings.iter().cloned());
            if key_confirmed {
                if let (Some(reg), Some(own)) = (e.name.as_deref(), self_name.and_then(clean)) {
                    if reg != own {
                        warnings.push(crate::l10n::warning(
                            "warn-registry-name-differs",
                            &[("own", own.to_string()), ("registry", reg.to_string())],
                        ));
                    }
                }
                make_check(
                    CheckId::Trust,
                    CheckStatus::Valid,
                    None,
                    Some(format!("the issuer {issuer} is registered{as_name} in {}{cached}{also}", named(r))),
                    r.source.clone(),
                )
            } else {
                make_check(
                    CheckId::Trust,
                    CheckStatus::Unknown,
                    Some("issuer_unconfirmed"),
                    Some(format!(
                        "the issuer id {issuer} is registered{as_name} in {}, but the signing key was not confirmed to be that issuer's, so the entry says nothing about who signed",
                        named(r)
                    )),
                    r.source.clone(),
                )
            }
        }
    };
    warnings.extend(failure_warnings(&regs));
    Check { warnings, ..c }
}

/// When `checks` hold a valid trust check, puts the registry's name for the issuer in
/// `info.issuer_name` (the credential's own name is then in the check's warnings if it differs).
pub(crate) fn apply_registered_name(v: &Verifier, info: &mut CredentialInfo, checks: &[Check]) {
    if !checks.iter().any(|c| c.id == CheckId::Trust && c.status == CheckStatus::Valid) {
        return;
    }
    let Some(issuer) = info.issuer_id.as_deref() else { return };
    let name = v.registries().matches(issuer).first().and_then(|(_, e)| e.name.clone());
    if let Some(n) = name {
        info.issuer_name = Some(n);
    }
}

/// The registries of `v` (read on first use).
pub(crate) type Memo = std::sync::OnceLock<Arc<Registries>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dcc_shapes_accepted_and_refused() {
        let ok = br#"{"meta":{"created":"2022-10-27T17:57:31+00:00"},"registry":{"did:key:z6Mk1":{"name":"A","url":"https://a.example","location":"X"},"did:web:b.example":{"name":"B"},"did:key:bad":"x","did:key:badname":{"name":3}}}"#;
        let r = parse("reg.json", ok, CheckSource::Local).expect("loads");
        assert_eq!(r.label, "reg.json");
        assert_eq!(r.entries.len(), 2);
        assert_eq!(r.entries.get("did:web:b.example").and_then(|e| e.name.clone()), Some("B".into()));
        assert!(r.warnings.iter().any(|w| w.contains("2 entries are malformed")), "{:?}", r.warnings);
        let named = parse("x", br#"{"meta":{"name":"Test Registry"},"registry":{}}"#, CheckSource::Local).expect("loads");
        assert_eq!(named.label, "Test Registry");
        assert!(named.warnings.iter().any(|w| w.contains("lists no issuers")));
        let legacy = parse("x", br#"{"name":"Old","entries":{"did:key:z":{"name":"Z"}}}"#, CheckSource::Local).expect("loads");
        assert_eq!((legacy.label.as_str(), legacy.entries.len()), ("Old", 1));
        let regs = Registries { loaded: vec![r], failed: Vec::new() };
        assert_eq!(regs.matches("did:key:z6Mk1").len(), 1);
        assert_eq!(regs.matches("did:key:z6Mk1#z6Mk1").len(), 1, "without the fragment");
        assert!(regs.matches("did:key:z6Mk").is_empty() && regs.matches("DID:KEY:Z6MK1").is_empty(), "exact only");
        for (bad, says) in [
            (&b"not json"[..], "not a JSON registry"),
            (b"[{\"name\":\"DCC\",\"url\":\"https://x\"}]", "a list, not a registry"),
            (b"{\"meta\":{}}", "no `registry` object"),
            (b"{\"registry\":[]}", "not an object of issuers"),
            (b"{\"type\":\"oidf\",\"trustAnchorEC\":\"https://x\"}", "OpenID Federation"),
            (b"42", "not a JSON object"),
        ] {
            let e = parse("bad.json", bad, CheckSource::Local).map(|_| ()).expect_err("refused");
            assert!(e.contains(says), "{e}");
        }
    }
}
