//! Hosted assertions: the issuer's server is the authority. The assertion is fetched at its
//! id (1.0: `verify.url`; 0.5: the address it was fetched from) and only that copy is
//! trusted; the id must lie in the issuer's verification scope.

use serde_json::{Map, Value};

use super::fetch::{Fail, Net, Node};
use super::shape::{self, authority, short, Assertion, Class, Kind, Read, Version};
use super::{checked, finish, info, links, rest, valid, Verifier};
use crate::report::{Check, CheckId, CheckSource, CheckStatus, Report, Securing};
use crate::verify::Run;

/// Verifies a hosted assertion. `given` is the copy the verifier was handed (`from_url`: the
/// address it was fetched from, when the input was a URL).
pub(super) fn verify(
    v: &Verifier,
    net: &Net,
    given: Map<String, Value>,
    read: Read,
    a: Assertion,
    from_url: Option<&str>,
    run: Run,
) -> Report {
    let sec = Securing::Ob2Hosted;
    let mut format_warnings = [read.warnings.clone(), a.warnings.clone()].concat();
    let given_ok = || {
        let mut f = valid(CheckId::Format, format!("an {} hosted assertion (the copy given)", read.version.label()), CheckSource::Document);
        f.warnings = format_warnings.clone();
        f
    };

    // Where the issuer hosts it.
    let target = match (&a.kind, a.version) {
        (_, Version::V0_5) => match from_url {
            Some(u) => u.to_owned(),
            None => {
                let proof = checked(
                    CheckId::Proof,
                    CheckStatus::Unknown,
                    "needs_hosted_url",
                    "an Open Badges 0.5 assertion does not say where its issuer hosts it: verify it from the address (URL) it was published at".into(),
                    CheckSource::Document,
                );
                return finish(v, run, sec, vec![given_ok(), proof], info(&given, &a, None, None));
            }
        },
        (Kind::Hosted { url: Some(u) }, _) => u.clone(),
        _ => a.id.clone().unwrap_or_default(),
    };
    if !shape::is_http_url(&target) {
        let proof = checked(
            CheckId::Proof,
            CheckStatus::Invalid,
            "hosted_id_not_url",
            format!("a hosted assertion must be served at its id, and {} is not an http(s) address", short(&target)),
            CheckSource::Document,
        );
        return finish(v, run, sec, vec![given_ok(), proof], info(&given, &a, None, None));
    }

    // Fetch the issuer's copy (a URL input already fetched it: the fetch is cached).
    let got = match net.get(&target) {
        Ok(g) => g,
        Err(Fail::Status(410)) => return gone(v, net, Some((&given, &a)), &target, run),
        Err(f) => {
            let (status, code) =
                if f.is_definite() { (CheckStatus::Invalid, "hosted_unavailable") } else { (CheckStatus::Unknown, "needs_online_check") };
            let why = match f {
                Fail::Offline => format!(
                    "needs an online check: a hosted badge is verified by fetching it from its issuer's server ({}), and verification is offline",
                    short(&target)
                ),
                Fail::Network(_) => format!("needs an online check: {}", f.describe("the issuer's copy", &target)),
                _ => f.describe("the issuer's copy", &target),
            };
            let proof = checked(CheckId::Proof, status, code, why, CheckSource::Network { url: target.clone() });
            return finish(v, run, sec, vec![given_ok(), proof], info(&given, &a, None, None));
        }
    };
    let source = CheckSource::Network { url: target.clone() };
    let hosted = match crate::input::read_json_object(&got.body) {
        Ok(d) => d,
        Err(e) => {
            let proof = checked(
                CheckId::Proof,
                CheckStatus::Invalid,
                "hosted_copy_unreadable",
                format!("the issuer's server at {} does not serve a JSON assertion ({e})", short(&target)),
                source,
            );
            return finish(v, run, sec, vec![given_ok(), proof], info(&given, &a, None, None));
        }
    };

    // The issuer's copy must be this assertion and well formed; from here on only it counts.
    let declared = match a.version {
        Version::V0_5 => None,
        Version::V1_0 => hosted.get("verify").and_then(|x| x.get("url")).and_then(Value::as_str).map(str::to_owned),
        _ => hosted.get("id").and_then(Value::as_str).map(str::to_owned),
    };
    if a.version != Version::V0_5 && declared.as_deref() != Some(target.as_str()) {
        let proof = checked(
            CheckId::Proof,
            CheckStatus::Invalid,
            "hosted_id_mismatch",
            format!(
                "the document served at {} is not this assertion: it declares {}",
                short(&target),
                declared.as_deref().map(short).unwrap_or_else(|| "no id".into())
            ),
            source,
        );
        return finish(v, run, sec, vec![given_ok(), proof], info(&given, &a, None, None));
    }
    let (hread, h) = match shape::read(&hosted).and_then(|r| shape::assertion(&hosted, r.version).map(|h| (r, h))) {
        Ok((r, h)) if r.class == Class::Assertion => (r, h),
        Ok((r, _)) => {
            let f = checked(
                CheckId::Format,
                CheckStatus::Invalid,
                "wrong_class",
                format!("the issuer's copy is a {}, not an assertion", r.class.name()),
                source,
            );
            return finish(v, run, sec, vec![f], info(&given, &a, None, None));
        }
        Err(b) => {
            let f = checked(CheckId::Format, CheckStatus::Invalid, b.code, format!("the issuer's copy: {}", b.reason), source);
            return finish(v, run, sec, vec![f], info(&given, &a, None, None));
        }
    };
    if !matches!(h.kind, Kind::Hosted { .. }) {
        let f = checked(
            CheckId::Format,
            CheckStatus::Invalid,
            "verification_mismatch",
            "the issuer's copy declares signed, not hosted, verification".into(),
            source,
        );
        return finish(v, run, sec, vec![f], info(&hosted, &h, None, None));
    }
    let mut proof = valid(
        CheckId::Proof,
        format!("the issuer's server serves this assertion at {}; that copy is the one checked", short(&target)),
        source.clone(),
    );
    proof.warnings = got.warnings.clone();
    let differing = differing_fields(&given, &hosted);
    if !differing.is_empty() {
        proof.warnings.push(crate::l10n::warning("warn-ob2-hosted-copy-differs", &[("fields", differing.join(", "))]));
    }
    format_warnings = [hread.warnings, h.warnings.clone()].concat();

    // The badge class and issuer, then the checks.
    let l = match links(net, &h, &target) {
        Ok(l) => l,
        Err(e) => {
            let status = if e.definite { CheckStatus::Invalid } else { CheckStatus::Unknown };
            let mut f = checked(CheckId::Format, status, e.code, e.reason, CheckSource::Document);
            f.warnings = format_warnings;
            return finish(v, run, sec, vec![f, proof], info(&hosted, &h, None, None));
        }
    };
    format_warnings.extend(l.warnings.iter().cloned());
    let mut format = valid(
        CheckId::Format,
        format!("a well-formed {} hosted assertion, badge class and issuer profile", hread.version.label()),
        source.clone(),
    );
    format.warnings = format_warnings;
    let issuer_key = scope(&target, &l.issuer, h.version);
    let status = if h.revoked {
        let why = h.revocation_reason.as_deref().map(|r| format!(" (reason given: {r})")).unwrap_or_default();
        checked(CheckId::Status, CheckStatus::Invalid, "revoked", format!("the issuer's copy is marked revoked{why}"), source)
    } else {
        valid(CheckId::Status, "the issuer's server still serves this assertion and does not mark it revoked".into(), source)
    };
    let credential = info(&hosted, &h, Some(&l.badge), Some(&l.issuer));
    let mut checks = vec![format, proof, issuer_key, status];
    let more = rest(v, &h, &checks, &credential, run);
    checks.extend(more);
    finish(v, run, sec, checks, credential)
}

/// Top-level fields whose values differ between two copies (names only).
fn differing_fields(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter().filter(|k| a.get(*k) != b.get(*k)).take(8).map(|k| short(k)).collect()
}

/// The verification-scope check: is `assertion_url` within the issuer's `verification`
/// policy (`startsWith` prefixes, `allowedOrigins` hosts, by default the issuer id's host)?
pub(super) fn scope(assertion_url: &str, issuer: &Node, version: Version) -> Check {
    let source = CheckSource::Network { url: issuer.served_from.clone() };
    let mut warnings = Vec::new();
    let policy = issuer.doc.get("verification").and_then(Value::as_object);
    if issuer.doc.get("verification").is_some_and(|p| !p.is_object()) {
        warnings.push(crate::l10n::warning("warn-ob2-verification-policy-reference", &[]));
    }
    if let Some(starts) = policy.and_then(|p| p.get("startsWith")) {
        let list = crate::parse::credential::strings(Some(starts));
        if !list.iter().any(|s| assertion_url.starts_with(s.as_str())) {
            return checked(
                CheckId::IssuerKey,
                CheckStatus::Invalid,
                "out_of_scope",
                format!(
                    "the assertion's address {} does not start with any prefix the issuer allows ({})",
                    short(assertion_url),
                    list.iter().map(|s| short(s)).collect::<Vec<_>>().join(", ")
                ),
                source,
            );
        }
    }
    let allowed: Vec<String> = match policy.and_then(|p| p.get("allowedOrigins")) {
        Some(o) => crate::parse::credential::strings(Some(o)).iter().map(|s| s.to_ascii_lowercase()).collect(),
        None => {
            let from = if shape::is_http_url(&issuer.id) {
                authority(&issuer.id)
            } else {
                warnings.push(crate::l10n::warning("warn-ob2-issuer-id-not-http", &[("id", short(&issuer.id).to_string())]));
                authority(&issuer.served_from)
            };
            from.into_iter().collect()
        }
    };
    let here = authority(assertion_url).unwrap_or_default();
    let mut c = if allowed.contains(&here) {
        let basis = if version == Version::V0_5 { "the issuer's origin" } else { "the issuer's verification policy" };
        valid(CheckId::IssuerKey, format!("the assertion is hosted at {here}, which {basis} allows ({})", allowed.join(", ")), source)
    } else if allowed.is_empty() {
        checked(
            CheckId::IssuerKey,
            CheckStatus::Unknown,
            "no_scope",
            "the issuer has no host to check the assertion's address against".into(),
            source,
        )
    } else {
        checked(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            "out_of_scope",
            format!(
                "the assertion is hosted at {here}, outside the hosts the issuer allows ({}): that server does not speak for the issuer",
                allowed.join(", ")
            ),
            source,
        )
    };
    c.warnings = warnings;
    c
}

/// The report for a hosted assertion whose server answers 410 Gone: revoked. With the copy
/// the verifier was given, the scope is checked against the issuer it names (a server outside
/// the issuer's scope cannot revoke anything); without one there is nothing to match.
pub(super) fn gone(v: &Verifier, net: &Net, given: Option<(&Map<String, Value>, &Assertion)>, url: &str, run: Run) -> Report {
    let source = CheckSource::Network { url: url.to_owned() };
    let proof = valid(
        CheckId::Proof,
        format!("the issuer's server answered for {}: 410 Gone, the assertion has been withdrawn", short(url)),
        source.clone(),
    );
    let status = checked(
        CheckId::Status,
        CheckStatus::Invalid,
        "revoked",
        "revoked: the issuer's server answers 410 Gone for this assertion".into(),
        source,
    );
    let why = "not checked: the issuer no longer serves this assertion";
    let mut checks =
        vec![proof, status, checked(CheckId::Validity, CheckStatus::Unknown, "not_checked", why.into(), CheckSource::Document)];
    let credential = match given {
        None => {
            checks.push(checked(
                CheckId::Format,
                CheckStatus::NotApplicable,
                "no_document",
                "the server answered 410 Gone, so there is no document to read".into(),
                CheckSource::Document,
            ));
            checks.push(checked(
                CheckId::IssuerKey,
                CheckStatus::NotApplicable,
                "no_document",
                "no assertion was served, so there is no issuer to match the address against".into(),
                CheckSource::Document,
            ));
            Default::default()
        }
        Some((doc, a)) => {
            checks.push(valid(CheckId::Format, "the copy given is a well-formed hosted assertion".into(), CheckSource::Document));
            match links(net, a, url) {
                Ok(l) => {
                    checks.push(scope(url, &l.issuer, a.version));
                    info(doc, a, Some(&l.badge), Some(&l.issuer))
                }
                Err(e) => {
                    checks.push(checked(
                        CheckId::IssuerKey,
                        CheckStatus::Unknown,
                        "not_checked",
                        format!("the issuer could not be identified: {}", e.reason),
                        CheckSource::Document,
                    ));
                    info(doc, a, None, None)
                }
            }
        }
    };
    finish(v, run, Securing::Ob2Hosted, checks, credential)
}
