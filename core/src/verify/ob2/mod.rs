//! Open Badges 2.0 assertions (and the 0.5 / 1.0 / 1.1 shapes before it): hosted (the
//! issuer's server vouches for the copy it serves) and signed (an RS256 JWS whose key the
//! issuer's Profile lists), plus URL input for every format.
//!
//! # How OB 2.0 maps onto the named checks
//!
//! | check | hosted assertion | signed assertion |
//! |---|---|---|
//! | `format` | context (OB 2.0 / 1.1 known, never fetched), types, the Assertion, BadgeClass and issuer Profile shapes (embedded or fetched), of the issuer's copy | the same, of the JWS payload |
//! | `proof` | the copy at the assertion's `id` (1.0: `verify.url`) was fetched, is an assertion with that id; only it is trusted, and a differing given copy is a warning. Offline / unreachable → unknown `needs_online_check` | the RS256 signature verifies with the `verification.creator` key (or a key the Profile lists); `alg` none or anything but RS256 → invalid |
//! | `issuer_key` | the id is in the issuer's verification scope: `startsWith` prefixes and `allowedOrigins` hosts of the Profile's `verification`, by default the host of the issuer id → else invalid `out_of_scope` | the key is listed in the Profile's `publicKey` (`key_not_listed`) and its `owner` is the issuer (`key_not_owned`) |
//! | `validity` | `issuedOn` in the future → `not_yet_valid`; `expires` past → `expired`; `expires` before `issuedOn` → `expires_before_issued` | same |
//! | `status` | HTTP 410 or `revoked: true` → invalid `revoked` | the Profile's `revocationList` lists the id (or `uid`) → invalid `revoked`; no list → not applicable |
//! | `trust` | as for every credential | same |
//! | `recipient` | `recipient` IdentityObject against the learner's identifiers ([`super::recipient`]) | same |
//!
//! A document that is an OB 2.0 BadgeClass, Profile or other class rather than an assertion
//! gets its `format` judged and `proof` unknown `not_an_assertion`: it awards nothing.
//! 0.5 assertions carry no address of their own: given as a file they are `needs_hosted_url`;
//! fetched from a URL, that URL is their hosted address and the scope is the issuer's `origin`.
//! 1.0 signed assertions (keys with no link from the issuer) are refused with
//! `unsupported_legacy_signed`. For fetching (plain-HTTP upgrade, declared ids) see [`fetch`].

pub(crate) mod fetch;
mod hosted;
pub(crate) mod shape;
mod signed;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use self::fetch::{Net, Node};
use self::shape::{short, Assertion, Bad, Class, Kind, Read, Ref, Version};
use super::{make_check, recipient, rfc3339, trust, Run, Verifier};
use crate::input::{detect, InputError, Payload};
use crate::report::{Check, CheckId, CheckSource, CheckStatus, CredentialInfo, Report, Securing, Summary};

/// OB 1.x / 2.0 contexts (an OB 2.0 document names one of these, or none at all).
const OB2_CONTEXTS: [&str; 4] = [
    "https://w3id.org/openbadges/v2",
    "https://openbadgespec.org/v2/context.json",
    "https://w3id.org/openbadges/v1",
    "https://openbadgespec.org/v1/context.json",
];

/// Whether a JSON object is an Open Badges 0.5–2.0 document (an assertion, or a BadgeClass,
/// Profile or other OB 2.0 class) rather than a VC.
pub fn is_ob2(doc: &Map<String, Value>) -> bool {
    let is_ob_ctx = |c: &Value| match c {
        Value::String(s) => OB2_CONTEXTS.contains(&s.as_str()),
        // The OB 2.0 context inlined (1EdTech's validator fixtures do this).
        Value::Object(o) => o.get("obi").and_then(Value::as_str) == Some("https://w3id.org/openbadges#"),
        _ => false,
    };
    let ctx_is_ob2 = match doc.get("@context") {
        Some(Value::Array(a)) => a.iter().any(is_ob_ctx),
        Some(c) => is_ob_ctx(c),
        None => false,
    };
    let types = crate::parse::credential::strings(doc.get("type"));
    if types.iter().any(|t| t == "VerifiableCredential" || t == "VerifiablePresentation") {
        return false;
    }
    let no_ctx = !doc.contains_key("@context");
    ctx_is_ob2
        || types.iter().any(|t| t == "Assertion" || t == "obi:Assertion")
        || (no_ctx && doc.contains_key("recipient") && (doc.contains_key("badge") || doc.contains_key("verify")))
        // 1.0 BadgeClass (no context, no type).
        || (no_ctx && !doc.contains_key("type") && doc.contains_key("criteria") && doc.contains_key("issuer") && doc.contains_key("name"))
        // 1.0 issuer organization: only the fields 1.0 defines for it.
        || (no_ctx
            && doc.contains_key("name")
            && doc.contains_key("url")
            && doc.keys().all(|k| ["name", "url", "description", "image", "email", "revocationList"].contains(&k.as_str())))
}

/// Whether a compact JWS carries an OB 2.0 assertion (its payload is one).
pub fn is_ob2_jws(token: &str) -> bool {
    use base64::Engine as _;
    let Some(payload) = token.split('.').nth(1) else {
        return false;
    };
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')) else {
        return false;
    };
    match crate::input::read_json_object(&bytes) {
        Ok(doc) => is_ob2(&doc),
        Err(_) => false,
    }
}

fn net_for(v: &Verifier) -> Net {
    Net::new(v.resolver().fetcher().cloned(), !v.options().offline, v.options().allow_http_loopback)
}

/// Verifies an OB 2.0 document given as JSON.
pub(crate) fn verify_json(v: &Verifier, doc: Map<String, Value>, run: Run) -> Report {
    let net = net_for(v);
    let mut r = verify_doc(v, &net, doc, None, run);
    net.mark_cached(&mut r);
    r
}

/// Verifies an OB 2.0 signed assertion (compact JWS).
pub(crate) fn verify_signed(v: &Verifier, token: &str, run: Run) -> Report {
    let net = net_for(v);
    let mut r = signed::verify(v, &net, token, run);
    net.mark_cached(&mut r);
    r
}

/// Fetches a URL given as input and verifies what it serves: JSON (a credential or an OB 2.0
/// document), a JWS, or a baked image. An OB 2.0 hosted assertion served at its own id is
/// verified by this very fetch. HTTP 410 is a revoked report, not an error.
pub(crate) fn verify_url(v: &Verifier, url: &str, run: Run) -> Result<Report, InputError> {
    let net = net_for(v);
    let mut r = verify_url_with(v, &net, url, run)?;
    net.mark_cached(&mut r);
    Ok(r)
}

fn verify_url_with(v: &Verifier, net: &Net, url: &str, run: Run) -> Result<Report, InputError> {
    if !net.online() {
        return Err(InputError::UrlNotFetchable { reason: "verification is offline, and a URL must be fetched" });
    }
    if net.fetch_url(url).is_err() || !shape::is_http_url(url) {
        return Err(InputError::UrlNotFetchable { reason: "only https:// addresses (or http://, fetched as https://) can be verified" });
    }
    let got = match net.get(url) {
        Ok(g) => g,
        Err(fetch::Fail::Status(410)) => return Ok(hosted::gone(v, net, None, url, run)),
        Err(fetch::Fail::Status(s)) => return Err(InputError::FetchFailed { http_status: Some(s) }),
        Err(fetch::Fail::Offline) => return Err(InputError::UrlNotFetchable { reason: "verification is offline" }),
        Err(fetch::Fail::Bad(_)) | Err(fetch::Fail::Network(_)) => return Err(InputError::FetchFailed { http_status: None }),
    };
    let detected = detect(&got.body)?;
    let mut report = match detected.payload {
        Payload::Json(doc) if is_ob2(&doc) => return Ok(verify_doc(v, net, doc, Some(url), run)),
        Payload::Json(doc) => v.verify_json(doc, run),
        Payload::CompactJws(token) if is_ob2_jws(&token) => signed::verify(v, net, &token, run),
        Payload::CompactJws(token) => v.verify_compact(&token, run),
        Payload::Url(_) => return Err(InputError::UrlNotFetchable { reason: "the address serves another address, not a badge" }),
    };
    // Say how the input was fetched (e.g. upgraded to HTTPS) on the format check.
    if !got.warnings.is_empty() {
        if let Some(c) = report.checks.first_mut() {
            c.warnings.extend(got.warnings);
        }
        crate::l10n::attach_warning_messages(&mut report.checks);
        report.summary = Summary::from_checks(&report.checks);
    }
    Ok(report)
}

/// Verifies an OB document; `from_url` is where it was fetched from when the input was a URL.
fn verify_doc(v: &Verifier, net: &Net, doc: Map<String, Value>, from_url: Option<&str>, run: Run) -> Report {
    let read = match shape::read(&doc) {
        Ok(r) => r,
        Err(b) => return format_failed(run, securing_of(&doc), info_of_doc(&doc), b, Vec::new()),
    };
    if read.class != Class::Assertion {
        return not_an_assertion(v, net, &doc, read, run);
    }
    let a = match shape::assertion(&doc, read.version) {
        Ok(a) => a,
        Err(b) => return format_failed(run, securing_of(&doc), info_of_doc(&doc), b, read.warnings),
    };
    match a.kind {
        Kind::Hosted { .. } => hosted::verify(v, net, doc, read, a, from_url, run),
        Kind::Signed { .. } => {
            let mut format = valid(CheckId::Format, format!("an {} signed assertion", read.version.label()), CheckSource::Document);
            format.warnings = [read.warnings, a.warnings.clone()].concat();
            let code = if a.version == Version::V1_0 { "unsupported_legacy_signed" } else { "no_proof" };
            let why = if a.version == Version::V1_0 {
                "Open Badges 1.0 signed assertions are not supported: nothing links their key to the issuer".to_owned()
            } else {
                "this assertion declares signed verification, but it was given without its signature: verify the signed form (the JWS text or the baked image)".to_owned()
            };
            let status = if a.version == Version::V1_0 { CheckStatus::Unknown } else { CheckStatus::Invalid };
            let proof = make_check(CheckId::Proof, status, Some(code), Some(why), CheckSource::Document);
            finish(v, run, Securing::Ob2Signed, vec![format, proof], info(&doc, &a, None, None))
        }
    }
}

/// A check that passed.
pub(super) fn valid(id: CheckId, reason: String, source: CheckSource) -> Check {
    make_check(id, CheckStatus::Valid, None, Some(reason), source)
}

pub(super) fn checked(id: CheckId, status: CheckStatus, code: &str, reason: String, source: CheckSource) -> Check {
    make_check(id, status, Some(code), Some(reason), source)
}

/// Completes a report: every core check not in `checks` is unknown "not checked", with the
/// recipient check as `not_checked` gives it.
pub(super) fn finish(v: &Verifier, run: Run, securing: Securing, mut checks: Vec<Check>, credential: CredentialInfo) -> Report {
    let why = "not checked: the assertion could not be verified";
    for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey, CheckId::Validity, CheckId::Status, CheckId::Trust] {
        if !checks.iter().any(|c| c.id == id) {
            checks.push(checked(id, CheckStatus::Unknown, "not_checked", why.into(), CheckSource::Document));
        }
    }
    if !checks.iter().any(|c| c.id == CheckId::Recipient) {
        checks.push(recipient::not_checked(&v.options().recipients, why));
    }
    checks.sort_by_key(|c| c.id as u8);
    crate::l10n::attach_warning_messages(&mut checks);
    let summary = Summary::from_checks(&checks);
    let mut credential = credential;
    trust::apply_registered_name(v, &mut credential, &checks);
    Report {
        summary,
        checks,
        verified_at: rfc3339(run.now),
        credential,
        envelope: run.envelope,
        securing,
        nested: Vec::new(),
        associations: Vec::new(),
    }
}

fn format_failed(run: Run, securing: Securing, credential: CredentialInfo, b: Bad, warnings: Vec<String>) -> Report {
    let mut format = checked(CheckId::Format, CheckStatus::Invalid, b.code, b.reason, CheckSource::Document);
    format.warnings = warnings;
    let mut checks = vec![format];
    for id in [CheckId::Proof, CheckId::IssuerKey, CheckId::Validity, CheckId::Status, CheckId::Trust] {
        checks.push(checked(
            id,
            CheckStatus::Unknown,
            "not_checked",
            "not checked: the document is not a well-formed Open Badges assertion".into(),
            CheckSource::Document,
        ));
    }
    crate::l10n::attach_warning_messages(&mut checks);
    let summary = Summary::from_checks(&checks);
    Report {
        summary,
        checks,
        verified_at: rfc3339(run.now),
        credential,
        envelope: run.envelope,
        securing,
        nested: Vec::new(),
        associations: Vec::new(),
    }
}

/// How the document says it is secured, for reports that stop early.
fn securing_of(doc: &Map<String, Value>) -> Securing {
    let t = doc.get("verification").or_else(|| doc.get("verify")).and_then(|v| v.get("type")).and_then(Value::as_str).unwrap_or_default();
    match t {
        "hosted" | "HostedBadge" => Securing::Ob2Hosted,
        "signed" | "SignedBadge" => Securing::Ob2Signed,
        _ if doc.get("recipient").and_then(Value::as_str).is_some() => Securing::Ob2Hosted,
        _ => Securing::Unknown,
    }
}

fn text(doc: &Map<String, Value>, name: &str) -> Option<String> {
    match doc.get(name) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("@value").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn info_of_doc(doc: &Map<String, Value>) -> CredentialInfo {
    let badge = doc.get("badge").and_then(Value::as_object);
    CredentialInfo {
        id: doc.get("id").and_then(Value::as_str).map(str::to_owned),
        types: crate::parse::credential::strings(doc.get("type")),
        name: text(doc, "name").or_else(|| badge.and_then(|b| text(b, "name"))),
        issuer_id: None,
        issuer_name: None,
        valid_from: doc.get("issuedOn").and_then(Value::as_str).map(str::to_owned),
        valid_until: doc.get("expires").and_then(Value::as_str).map(str::to_owned),
        refresh_url: None,
        // What an assertion states even when its links could not be followed (embedded badge only).
        descriptors: (doc.contains_key("badge") || doc.contains_key("recipient"))
            .then(|| crate::descriptors::from_ob2(doc, badge, badge.and_then(|b| b.get("issuer")).and_then(Value::as_object))),
    }
}

/// Display information: the badge name a learner or employer sees, and the issuer.
pub(super) fn info(doc: &Map<String, Value>, a: &Assertion, badge: Option<&Map<String, Value>>, issuer: Option<&Node>) -> CredentialInfo {
    let mut i = info_of_doc(doc);
    i.id = a.id.clone();
    if i.types.is_empty() {
        i.types = vec!["Assertion".into()];
    }
    if let Some(b) = badge.or(match &a.badge {
        Ref::Embedded(b) => Some(b),
        Ref::Url(_) => None,
    }) {
        i.name = text(b, "name");
    }
    if let Some(iss) = issuer {
        i.issuer_id = Some(iss.id.clone());
        i.issuer_name = text(&iss.doc, "name");
    }
    let date = |v: &Option<Value>| {
        v.as_ref().map(|d| match d {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    i.valid_from = date(&a.issued_on);
    i.valid_until = date(&a.expires);
    let badge_doc = badge.or(match &a.badge {
        Ref::Embedded(b) => Some(b),
        Ref::Url(_) => None,
    });
    let issuer_doc = issuer.map(|n| &n.doc).or_else(|| badge_doc.and_then(|b| b.get("issuer")).and_then(Value::as_object));
    i.descriptors = Some(crate::descriptors::from_ob2(doc, badge_doc, issuer_doc));
    i
}

/// The BadgeClass and issuer Profile an assertion links to.
pub(super) struct Links {
    pub badge: Map<String, Value>,
    pub issuer: Node,
    pub warnings: Vec<String>,
}

/// Why the links could not be followed: definite (a wrong or missing document) or not.
pub(super) struct LinkFail {
    pub definite: bool,
    pub code: &'static str,
    pub reason: String,
}

fn link_fail(b: Bad) -> LinkFail {
    LinkFail { definite: true, code: b.code, reason: b.reason }
}

/// Resolves (fetches or reads embedded) the BadgeClass and issuer Profile and checks their
/// shapes. `base` is where the assertion came from (the host embedded nodes are served by).
pub(super) fn links(net: &Net, a: &Assertion, base: &str) -> Result<Links, LinkFail> {
    let mut warnings = Vec::new();
    let fetch = |url: &str, what: &str, want: &Class| -> Result<(Node, Read), LinkFail> {
        let node = net.node_inner(url, what).map_err(|(f, at)| LinkFail {
            definite: f.is_definite(),
            code: if f.is_definite() { "linked_document_unavailable" } else { "needs_online_check" },
            reason: f.describe(what, &at),
        })?;
        let r = shape::read_as(&node.doc, want, &format!("{what} at {}", short(url)), None).map_err(link_fail)?;
        Ok((node, r))
    };
    let (badge, badge_from) = match &a.badge {
        Ref::Url(u) => {
            let (n, r) = fetch(u, "the badge class", &Class::BadgeClass)?;
            warnings.extend(n.warnings.iter().cloned());
            warnings.extend(r.warnings);
            (n.doc, n.served_from)
        }
        Ref::Embedded(b) if a.version == Version::V0_5 => {
            // 0.5: the issuer is embedded with an `origin`; it is the issuer's identity.
            let iss = b.get("issuer").and_then(Value::as_object).cloned().unwrap_or_default();
            let origin = iss.get("origin").and_then(Value::as_str).unwrap_or_default();
            let origin = if origin.contains("://") { origin.to_owned() } else { format!("http://{origin}") };
            let mut doc = iss.clone();
            if let Some(c) = iss.get("contact") {
                doc.insert("email".into(), c.clone());
            }
            let issuer = Node { doc, id: origin.clone(), served_from: origin, warnings: Vec::new() };
            return Ok(Links { badge: b.clone(), issuer, warnings });
        }
        Ref::Embedded(b) => {
            let r = shape::read_as(b, &Class::BadgeClass, "the embedded badge class", Some(a.version)).map_err(link_fail)?;
            warnings.extend(r.warnings);
            (b.clone(), base.to_owned())
        }
    };
    let issuer = match badge.get("issuer") {
        Some(Value::String(u)) => {
            let (n, r) = fetch(u, "the issuer profile", &Class::Profile)?;
            warnings.extend(n.warnings.iter().cloned());
            warnings.extend(r.warnings);
            n
        }
        Some(Value::Object(o)) => {
            let r = shape::read_as(o, &Class::Profile, "the embedded issuer profile", Some(a.version)).map_err(link_fail)?;
            warnings.extend(r.warnings);
            let id = o.get("id").and_then(Value::as_str).map(str::to_owned).unwrap_or_else(|| badge_from.clone());
            if shape::is_http_url(&id) && shape::authority(&id) != shape::authority(&badge_from) {
                // An embedded profile speaks for its issuer only when the issuer's host served
                // it; otherwise anyone could embed a profile claiming a famous issuer's id with
                // their own keys or verification policy. The issuer's own copy is used instead.
                let (n, r) = fetch(&id, "the issuer profile", &Class::Profile)?;
                warnings.push(crate::l10n::warning("warn-ob2-embedded-issuer-other-host", &[("id", short(&id).to_string())]));
                warnings.extend(n.warnings.iter().cloned());
                warnings.extend(r.warnings);
                n
            } else {
                Node { doc: o.clone(), id, served_from: badge_from, warnings: Vec::new() }
            }
        }
        _ => return Err(link_fail(shape::bad("missing_property", "the badge class has no issuer"))),
    };
    Ok(Links { badge, issuer, warnings })
}

/// The report for an OB document that is not an assertion (a BadgeClass, Profile, …).
fn not_an_assertion(v: &Verifier, net: &Net, doc: &Map<String, Value>, read: Read, run: Run) -> Report {
    let info = info_of_doc(doc);
    let mut warnings = read.warnings.clone();
    let mut format = match shape::other(doc, &read) {
        Ok(w) => {
            warnings.extend(w);
            valid(CheckId::Format, format!("a well-formed {} {}", read.version.label(), read.class.name()), CheckSource::Document)
        }
        Err(b) => checked(CheckId::Format, CheckStatus::Invalid, b.code, b.reason, CheckSource::Document),
    };
    // A BadgeClass names its issuer: check that it is a Profile.
    if format.status == CheckStatus::Valid && read.class == Class::BadgeClass {
        if let Some(Value::String(u)) = doc.get("issuer") {
            match net.node_inner(u, "the issuer profile") {
                Ok(n) => match shape::read_as(&n.doc, &Class::Profile, "the issuer profile", None) {
                    Ok(r) => {
                        warnings.extend(n.warnings);
                        warnings.extend(r.warnings);
                        format.source = CheckSource::Network { url: n.served_from };
                    }
                    Err(b) => {
                        format = checked(CheckId::Format, CheckStatus::Invalid, b.code, b.reason, CheckSource::Network { url: u.clone() })
                    }
                },
                Err((f, at)) => {
                    let status = if f.is_definite() { CheckStatus::Invalid } else { CheckStatus::Unknown };
                    let code = if f.is_definite() { "linked_document_unavailable" } else { "needs_online_check" };
                    format = checked(CheckId::Format, status, code, f.describe("the issuer profile", &at), CheckSource::Document);
                }
            }
        }
    }
    format.warnings = warnings;
    let what = match read.class {
        Class::BadgeClass => "a BadgeClass (the description of a badge)".to_owned(),
        Class::Profile => "an issuer Profile".to_owned(),
        ref c => format!("an Open Badges document of class {}", c.name()),
    };
    let proof = checked(
        CheckId::Proof,
        CheckStatus::Unknown,
        "not_an_assertion",
        format!("this is {what}, not an assertion: it awards a badge to no one, so there is nothing to verify"),
        CheckSource::Document,
    );
    finish(v, run, Securing::Unknown, vec![format, proof], info)
}

/// Parses an OB date: xsd:dateTime (a missing zone is read as UTC, with a warning); for the
/// 0.5–1.1 shapes also a bare date or a Unix timestamp, as those versions allowed.
fn parse_date(v: &Value, name: &str, version: Version, warnings: &mut Vec<String>) -> Result<DateTime<Utc>, String> {
    let legacy = version != Version::V2_0;
    match v {
        Value::String(s) => {
            if let Some((t, zoned)) = super::validity::parse_datetime(s) {
                if !zoned {
                    warnings.push(crate::l10n::warning("warn-date-no-time-zone", &[("name", name.to_owned())]));
                }
                return Ok(t);
            }
            if legacy {
                if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                    warnings.push(crate::l10n::warning("warn-date-without-time", &[("name", name.to_owned())]));
                    return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
                }
                if let Ok(n) = s.parse::<f64>() {
                    return unix(n, name);
                }
            }
            Err(format!("{name} is not a valid date and time: {}", short(s)))
        }
        Value::Number(n) if legacy => unix(n.as_f64().unwrap_or(f64::NAN), name),
        _ => Err(format!("{name} is not a date and time")),
    }
}

fn unix(n: f64, name: &str) -> Result<DateTime<Utc>, String> {
    if !n.is_finite() || !(0.0..=253_402_300_799.0).contains(&n) {
        return Err(format!("{name} is not a usable timestamp"));
    }
    DateTime::from_timestamp(n as i64, 0).ok_or_else(|| format!("{name} is not a usable timestamp"))
}

/// The validity check: `issuedOn` / `expires` at `now`.
pub(super) fn validity(a: &Assertion, now: DateTime<Utc>) -> Check {
    let mut warnings = Vec::new();
    let name_issued = if a.version == Version::V0_5 { "issued_on" } else { "issuedOn" };
    let issued = match a.issued_on.as_ref().map(|v| parse_date(v, name_issued, a.version, &mut warnings)) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => return checked(CheckId::Validity, CheckStatus::Invalid, "malformed_date", e, CheckSource::Document),
    };
    let expires = match a.expires.as_ref().filter(|v| !v.is_null()).map(|v| parse_date(v, "expires", a.version, &mut warnings)) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => return checked(CheckId::Validity, CheckStatus::Invalid, "malformed_date", e, CheckSource::Document),
    };
    let mut c = match (issued, expires) {
        (Some(i), Some(e)) if e < i => checked(
            CheckId::Validity,
            CheckStatus::Invalid,
            "expires_before_issued",
            format!("the assertion expires ({}) before it was issued ({})", rfc3339(e), rfc3339(i)),
            CheckSource::Document,
        ),
        (Some(i), _) if now < i => checked(
            CheckId::Validity,
            CheckStatus::Invalid,
            "not_yet_valid",
            format!("issued in the future: issuedOn is {} (checked at {})", rfc3339(i), rfc3339(now)),
            CheckSource::Local,
        ),
        (_, Some(e)) if now > e => checked(
            CheckId::Validity,
            CheckStatus::Invalid,
            "expired",
            format!("expired at {} (checked at {})", rfc3339(e), rfc3339(now)),
            CheckSource::Local,
        ),
        (i, e) => {
            let from = i.map(|i| format!("issued {}", rfc3339(i))).unwrap_or_else(|| "no issue date".into());
            let until = e.map(|e| format!("until {}", rfc3339(e))).unwrap_or_else(|| "with no end date".into());
            valid(CheckId::Validity, format!("{from}, valid {until} (checked at {})", rfc3339(now)), CheckSource::Local)
        }
    };
    c.warnings = warnings;
    c
}

/// The checks after format, proof, issuer key and status: validity, trust, recipient; or all
/// "not checked" when the proof failed. `prior` holds the checks so far (the proof among
/// them); `credential` names the issuer (its Profile id and name) for the trust check.
pub(super) fn rest(v: &Verifier, a: &Assertion, prior: &[Check], credential: &CredentialInfo, run: Run) -> Vec<Check> {
    let status_of = |id: CheckId| prior.iter().find(|c| c.id == id).map(|c| c.status);
    let proof = prior.iter().find(|c| c.id == CheckId::Proof);
    if let Some(why) = proof.and_then(super::fatal_reason) {
        return vec![
            checked(CheckId::Validity, CheckStatus::Unknown, "not_checked", why.into(), CheckSource::Document),
            checked(CheckId::Trust, CheckStatus::Unknown, "not_checked", why.into(), CheckSource::Document),
            recipient::not_checked(&v.options().recipients, why),
        ];
    }
    let key_confirmed = status_of(CheckId::Proof) == Some(CheckStatus::Valid) && status_of(CheckId::IssuerKey) == Some(CheckStatus::Valid);
    vec![
        validity(a, run.now),
        trust::check(v, credential.issuer_id.as_deref(), credential.issuer_name.as_deref(), key_confirmed),
        recipient::check_ob2(a.recipient.as_ref(), &v.options().recipients),
    ]
}
