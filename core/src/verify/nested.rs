//! Credentials inside a credential: CLR 2.0 members (`credentialSubject.verifiableCredential`)
//! and endorsements ([`super::endorsement`]). Each is verified on its own, by the same
//! [`Verifier`], and listed in [`Report::nested`](crate::report::Report::nested) with its
//! relation and JSON path; the [`CheckId::Nested`] check sums them up.
//!
//! Rules (the same for presentations, see [`super::presentation`]):
//! - A **member** (of a presentation or a CLR) is part of what the container asserts: a member
//!   that is not verified, revoked or suspended makes the nested check invalid (so the
//!   container is not verified); an expired or not-yet-valid member, or one verified with
//!   warnings, is a warning. The reason names the member.
//! - An **endorsement** is third-party testimony about the badge, its achievement or its
//!   issuer, not part of the badge's authenticity: one that fails is a warning naming the
//!   endorser, never a failure of the badge.
//! - Depth is capped at [`MAX_NESTING`]; a deeper credential is reported as not checked
//!   (unknown, so never verified), and so is every credential past [`MAX_MEMBERS`] in one
//!   container.
//! - CLR 2.0 `association`s (which achievement stacks into which) are returned as
//!   [`Association`]s; an id that names no member's achievement, no member and no achievement
//!   listed in the CLR is dangling, reported as a warning.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{endorsement, make_check, unverifiable, Run, Verifier, MAX_NESTING};
use crate::parse::credential::{strings, Credential};
use crate::report::{Association, Check, CheckId, CheckSource, CheckStatus, NestedReport, Relation, Securing, Summary};

/// Most credentials verified inside one container (presentation, CLR, or one credential's
/// endorsements); further ones are reported as not checked. A real CLR transcript holds
/// dozens; the cap only bounds hostile input (whose total work is also bounded by its size,
/// since every member is bytes of the input).
pub const MAX_MEMBERS: usize = 256;

/// `associationType` values CLR 2.0 defines.
const ASSOCIATION_TYPES: [&str; 8] =
    ["exactMatchOf", "isChildOf", "isParentOf", "isPartOf", "isPeerOf", "isRelatedTo", "precedes", "replacedBy"];

/// The nested check, the nested reports and the CLR association graph of a credential;
/// `None` (and empty lists) when it holds no other credentials.
pub(crate) fn check_credential(v: &Verifier, cred: &Credential, run: Run) -> (Option<Check>, Vec<NestedReport>, Vec<Association>) {
    let is_clr = cred.has_type("ClrCredential");
    let mut reports = Vec::new();
    let mut warnings = Vec::new();
    let mut associations = Vec::new();

    if is_clr {
        let subject = cred.doc.get("credentialSubject").and_then(Value::as_object);
        let members = subject.map(|s| list(s.get("verifiableCredential"))).unwrap_or_default();
        let base = "credentialSubject.verifiableCredential";
        let single = matches!(subject.and_then(|s| s.get("verifiableCredential")), Some(Value::Object(_) | Value::String(_)));
        for (i, m) in members.iter().enumerate() {
            let path = if single { base.to_owned() } else { format!("{base}[{i}]") };
            if i == MAX_MEMBERS {
                reports.push(too_many(run, Relation::ClrMember, path, members.len()));
                break;
            }
            reports.push(verify_member(v, m, Relation::ClrMember, path, run));
        }
        if let Some(s) = subject {
            let (a, w) = associations_of(s, base, single, &members);
            associations = a;
            warnings.extend(w);
        }
    }

    let (endorsements, endorsement_warnings) = endorsement::verify_all(v, cred, run);
    let has_endorsements = !endorsements.is_empty();
    reports.extend(endorsements);
    warnings.extend(endorsement_warnings);

    if !is_clr && !has_endorsements && warnings.is_empty() {
        return (None, reports, associations);
    }
    let what = if is_clr { "CLR" } else { "credential" };
    (Some(sum_up(&reports, warnings, what)), reports, associations)
}

/// Verifies one embedded credential on its own: a JSON object (Data Integrity, or OB 2.0),
/// a compact JWS string (VC-JWT), or a VC 2.0 `EnvelopedVerifiableCredential` whose `id` is a
/// `data:application/vc+jwt,` URL. Deeper than [`MAX_NESTING`]: not checked.
pub(crate) fn verify_member(v: &Verifier, value: &Value, relation: Relation, path: String, run: Run) -> NestedReport {
    let child = run.nested();
    let report = match value {
        Value::Object(doc) => {
            let cred_view = Credential::new(doc.clone());
            if child.depth > MAX_NESTING {
                unverifiable(child, Securing::EmbeddedProof, cred_view.info(), "too_deep", too_deep_reason())
            } else if let Some(env) = enveloped(doc) {
                match env {
                    Ok(token) => v.verify_compact(token, child),
                    Err(why) => unverifiable(child, Securing::Unknown, cred_view.info(), "unsupported_format", why),
                }
            } else if cred_view.has_type("VerifiablePresentation") {
                unverifiable(
                    child,
                    Securing::Unknown,
                    cred_view.info(),
                    "not_a_credential",
                    "a presentation cannot stand where a credential is expected".into(),
                )
            } else {
                v.verify_json(cred_view.doc, child)
            }
        }
        // Surrounding whitespace (a JWT pasted with a newline) is not part of the token.
        Value::String(token) if looks_like_jws(token.trim()) => {
            if child.depth > MAX_NESTING {
                unverifiable(child, Securing::VcJwt, Default::default(), "too_deep", too_deep_reason())
            } else {
                v.verify_compact(token.trim(), child)
            }
        }
        Value::String(_) => unverifiable(
            child,
            Securing::Unknown,
            Default::default(),
            "not_a_credential",
            "the entry is a string but not a compact JWS (credentials given by reference are not fetched)".into(),
        ),
        _ => unverifiable(
            child,
            Securing::Unknown,
            Default::default(),
            "not_a_credential",
            "the entry is not a credential (not an object or a JWT)".into(),
        ),
    };
    NestedReport { relation, path, report }
}

fn too_deep_reason() -> String {
    format!("not checked: credentials nest more than {MAX_NESTING} levels deep here")
}

/// The report for the credentials past [`MAX_MEMBERS`].
pub(crate) fn too_many(run: Run, relation: Relation, path: String, total: usize) -> NestedReport {
    let why = format!("not checked: {} more credentials beyond the first {MAX_MEMBERS} in one container", total - MAX_MEMBERS);
    NestedReport { relation, path, report: unverifiable(run.nested(), Securing::Unknown, Default::default(), "too_many_credentials", why) }
}

/// A value that may be one item or a list, as a list.
pub(crate) fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// `header.payload.signature`, base64url parts: what `verify_compact` can take.
pub(crate) fn looks_like_jws(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3
        && !parts[0].is_empty()
        && !parts[1].is_empty()
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'=')
}

/// The JWT inside a VC 2.0 `EnvelopedVerifiableCredential`; `None` when `doc` is not one.
fn enveloped(doc: &Map<String, Value>) -> Option<Result<&str, String>> {
    if !strings(doc.get("type")).iter().any(|t| t == "EnvelopedVerifiableCredential") {
        return None;
    }
    let id = doc.get("id").and_then(Value::as_str).unwrap_or_default();
    let Some(rest) = id.strip_prefix("data:") else {
        return Some(Err("an EnvelopedVerifiableCredential must carry its credential as a data: URL id".into()));
    };
    let (media, data) = rest.split_once(',').unwrap_or((rest, ""));
    let media = media.trim();
    Some(match media {
        "application/vc+jwt" | "application/vc-ld+jwt" | "application/vc+ld+json+jwt" if looks_like_jws(data) => Ok(data),
        "application/vc+jwt" | "application/vc-ld+jwt" | "application/vc+ld+json+jwt" => {
            Err("the enveloped JWT is not a compact JWS".into())
        }
        other => Err(format!("enveloped credentials of type {} are not supported (application/vc+jwt is)", short(other))),
    })
}

/// The credential a JWT carries (VC-JWT 1.1 `vc` claim, or a VC 2.0 JOSE payload), read
/// WITHOUT checking the signature: only for comparisons (holder, association ids) whose
/// outcome never makes anything verified by itself.
pub(crate) fn jwt_credential(token: &str) -> Option<(Map<String, Value>, Option<String>)> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims = crate::input::read_json_object(&bytes).ok()?;
    let sub = claims.get("sub").and_then(Value::as_str).map(str::to_owned);
    match claims.get("vc") {
        Some(Value::Object(vc)) => Some((vc.clone(), sub)),
        _ if claims.contains_key("credentialSubject") => Some((claims, sub)),
        _ => None,
    }
}

/// The subject ids of an embedded credential (object, JWT string or enveloped JWT): `None`
/// when it is not a credential that can be read.
pub(crate) fn subject_ids(value: &Value) -> Option<Vec<String>> {
    let from_doc = |doc: &Map<String, Value>| -> Vec<String> {
        list(doc.get("credentialSubject")).iter().filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned)).collect()
    };
    match value {
        Value::Object(doc) => match enveloped(doc) {
            Some(Ok(token)) => jwt_subject_ids(token),
            Some(Err(_)) => None,
            None => Some(from_doc(doc)),
        },
        Value::String(token) if looks_like_jws(token.trim()) => jwt_subject_ids(token.trim()),
        _ => None,
    }
}

fn jwt_subject_ids(token: &str) -> Option<Vec<String>> {
    let (vc, sub) = jwt_credential(token)?;
    let mut ids: Vec<String> =
        list(vc.get("credentialSubject")).iter().filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned)).collect();
    if ids.is_empty() {
        ids.extend(sub);
    }
    Some(ids)
}

/// A short description of a nested credential for reasons: its path, name and issuer.
pub(crate) fn describe(n: &NestedReport) -> String {
    let c = &n.report.credential;
    let name = c.name.as_deref().map(|s| format!(" \"{}\"", short(s))).unwrap_or_default();
    let by = c.issuer_name.as_deref().or(c.issuer_id.as_deref()).map(|i| format!(" from {}", short(i))).unwrap_or_default();
    format!("{}{name}{by}", n.path)
}

/// Why a nested report is not verified: its summary and its first failing core check.
pub(crate) fn why_not(r: &crate::report::Report) -> String {
    let first =
        r.checks.iter().find(|c| c.status == CheckStatus::Invalid).or_else(|| r.checks.iter().find(|c| c.status == CheckStatus::Unknown));
    let summary = r.summary.as_str().replace('_', " ");
    match first {
        Some(c) => format!(
            "{summary} ({} {}{})",
            c.id.as_str(),
            c.status.as_str(),
            c.code.as_deref().map(|x| format!(": {x}")).unwrap_or_default()
        ),
        None => summary,
    }
}

/// The nested check over `reports`: members must verify, endorsements only warn.
/// `extra` holds warnings found while collecting them (association graph, endorsement subjects).
pub(crate) fn sum_up(reports: &[NestedReport], extra: Vec<String>, container: &str) -> Check {
    let mut failed = Vec::new();
    let mut warnings = Vec::new();
    let (mut members, mut members_ok, mut endorsements, mut endorsements_ok) = (0usize, 0usize, 0usize, 0usize);
    let mut endorsers = Vec::new();
    let mut worst: Option<&'static str> = None;
    for n in reports {
        let s = n.report.summary;
        if n.relation == Relation::Endorsement {
            endorsements += 1;
            let who =
                n.report.credential.issuer_name.as_deref().or(n.report.credential.issuer_id.as_deref()).unwrap_or("an unnamed endorser");
            if s.is_verified() {
                endorsements_ok += 1;
                endorsers.push(format!("{} (verified)", short(who)));
            } else {
                endorsers.push(format!("{} ({})", short(who), s.as_str().replace('_', " ")));
                warnings
                    .push(crate::l10n::warning("warn-endorsement-not-verified", &[("member", describe(n)), ("why", why_not(&n.report))]));
            }
            continue;
        }
        members += 1;
        match s {
            Summary::Verified => members_ok += 1,
            Summary::VerifiedWithWarnings => {
                members_ok += 1;
                warnings.push(crate::l10n::warning("warn-member-with-warnings", &[("member", describe(n))]));
            }
            Summary::Expired | Summary::NotYetValid => {
                warnings
                    .push(crate::l10n::warning("warn-member-authentic-but", &[("member", describe(n)), ("state", s.as_str().to_owned())]));
            }
            Summary::Revoked | Summary::Suspended | Summary::NotVerified => {
                let code = match s {
                    Summary::Revoked => "member_revoked",
                    Summary::Suspended => "member_suspended",
                    _ => "member_not_verified",
                };
                // Not verified outranks revoked, which outranks suspended.
                worst = Some(match (worst, code) {
                    (Some("member_not_verified"), _) | (_, "member_not_verified") => "member_not_verified",
                    (Some("member_revoked"), _) | (_, "member_revoked") => "member_revoked",
                    _ => code,
                });
                failed.push(format!("{}: {}", describe(n), why_not(&n.report)));
            }
        }
    }
    warnings.extend(extra);

    let noun = if container == "presentation" { "presented credential" } else { "CLR member" };
    let mut parts = Vec::new();
    if members > 0 || container != "credential" {
        parts.push(format!("{members} {noun}{}, {members_ok} verified", if members == 1 { "" } else { "s" }));
    }
    if endorsements > 0 {
        parts.push(format!(
            "{endorsements} endorsement{}, {endorsements_ok} verified (endorsed by {}); an endorsement that fails does not affect the {container} itself",
            if endorsements == 1 { "" } else { "s" },
            endorsers.join(", ")
        ));
    }
    let summary_text = parts.join("; ");
    let mut c = if let Some(code) = worst {
        make_check(
            CheckId::Nested,
            CheckStatus::Invalid,
            Some(code),
            Some(format!("{summary_text}. Not verified: {}", failed.join("; "))),
            CheckSource::Document,
        )
    } else if members == 0 && endorsements == 0 {
        make_check(
            CheckId::Nested,
            CheckStatus::NotApplicable,
            None,
            Some(format!("the {container} holds no credentials")),
            CheckSource::Document,
        )
    } else {
        make_check(CheckId::Nested, CheckStatus::Valid, None, Some(summary_text), CheckSource::Document)
    };
    c.warnings = warnings;
    c
}

/// The CLR's association graph, with the paths of the achievements it names, and warnings
/// for incomplete entries, unknown types and dangling ids.
fn associations_of(subject: &Map<String, Value>, base: &str, single: bool, members: &[&Value]) -> (Vec<Association>, Vec<String>) {
    // Every id an association may name -> where it is.
    let mut known: HashMap<String, String> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        let path = if single { base.to_owned() } else { format!("{base}[{i}]") };
        let doc = match m {
            Value::Object(o) => match enveloped(o) {
                Some(Ok(token)) => jwt_credential(token).map(|(d, _)| d),
                Some(Err(_)) => None,
                None => Some((*o).clone()),
            },
            Value::String(t) => jwt_credential(t.trim()).map(|(d, _)| d),
            _ => None,
        };
        let Some(doc) = doc else { continue };
        for s in list(doc.get("credentialSubject")) {
            if let Some(a) = s.get("achievement").and_then(|a| a.get("id")).and_then(Value::as_str) {
                known.entry(a.to_owned()).or_insert_with(|| path.clone());
            }
        }
        if let Some(id) = doc.get("id").and_then(Value::as_str) {
            known.entry(id.to_owned()).or_insert_with(|| path.clone());
        }
    }
    let listed = subject.get("achievement");
    let listed_single = matches!(listed, Some(Value::Object(_)));
    for (j, a) in list(listed).iter().enumerate() {
        if let Some(id) = a.get("id").and_then(Value::as_str) {
            let path =
                if listed_single { "credentialSubject.achievement".to_owned() } else { format!("credentialSubject.achievement[{j}]") };
            known.entry(id.to_owned()).or_insert(path);
        }
    }

    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let entries = list(subject.get("association"));
    for (k, e) in entries.iter().enumerate() {
        if k == MAX_MEMBERS * 4 {
            warnings.push(crate::l10n::warning("warn-association-more", &[("count", (entries.len() - k).to_string())]));
            break;
        }
        let field = |name: &str| e.get(name).and_then(Value::as_str).map(str::to_owned);
        let (Some(association_type), Some(source_id), Some(target_id)) = (field("associationType"), field("sourceId"), field("targetId"))
        else {
            warnings.push(crate::l10n::warning("warn-association-incomplete", &[("index", k.to_string())]));
            continue;
        };
        if !ASSOCIATION_TYPES.contains(&association_type.as_str()) {
            warnings.push(crate::l10n::warning(
                "warn-association-unknown-type",
                &[("index", k.to_string()), ("type", short(&association_type).to_string())],
            ));
        }
        let source_path = known.get(&source_id).cloned();
        let target_path = known.get(&target_id).cloned();
        for (what, id, p) in [("sourceId", &source_id, &source_path), ("targetId", &target_id, &target_path)] {
            if p.is_none() {
                warnings.push(crate::l10n::warning(
                    "warn-association-dangling",
                    &[("index", k.to_string()), ("what", what.to_string()), ("id", short(id).to_string())],
                ));
            }
        }
        out.push(Association { association_type, source_id, target_id, source_path, target_path });
    }
    (out, warnings)
}

/// Shortens text taken from a document for messages.
pub(crate) fn short(s: &str) -> String {
    if s.chars().count() > 100 {
        let head: String = s.chars().take(97).collect();
        format!("{head}...")
    } else {
        s.to_owned()
    }
}
