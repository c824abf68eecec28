//! Signed assertions: an RS256 compact JWS whose payload is the assertion. The key
//! (`verification.creator`, or the keys the issuer lists) must be a CryptographicKey linked
//! from the issuer Profile's `publicKey` and owned by it; the issuer's `revocationList` is
//! checked. Signature verification is [`verify_rs256`], the one JOSE call in OB 2.0.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::fetch::{Net, Node};
use super::shape::{self, short, Assertion, Class, Kind};
use super::{checked, finish, info, info_of_doc, links, rest, valid, Verifier};
use crate::report::{Check, CheckId, CheckSource, CheckStatus, Report, Securing};
use crate::verify::Run;

/// Keys tried when the assertion names none and the issuer lists several.
const MAX_KEYS: usize = 4;

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SigError {
    /// The key is not a usable RSA public key (PEM SubjectPublicKeyInfo or PKCS#1).
    BadKey(String),
    /// The signature does not verify with the key.
    BadSignature,
}

/// Verifies an RS256 compact JWS (`header.payload.signature`) with an RSA public key in PEM.
/// Kept to this one function so it can later be pointed at a shared JOSE module.
pub(crate) fn verify_rs256(token: &str, public_key_pem: &str) -> Result<(), SigError> {
    use spki::der::Decode as _;
    const RSA_ENCRYPTION: spki::ObjectIdentifier = spki::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
    let (message, signature) = token.rsplit_once('.').ok_or(SigError::BadSignature)?;
    if public_key_pem.len() > 16 * 1024 {
        return Err(SigError::BadKey("publicKeyPem is far too long".into()));
    }
    let (label, der) = spki::der::pem::decode_vec(public_key_pem.trim().as_bytes())
        .map_err(|_| SigError::BadKey("publicKeyPem is not a PEM document".into()))?;
    let pkcs1 = match label {
        "PUBLIC KEY" => {
            let info = spki::SubjectPublicKeyInfoRef::from_der(&der)
                .map_err(|_| SigError::BadKey("publicKeyPem is not a SubjectPublicKeyInfo".into()))?;
            if info.algorithm.oid != RSA_ENCRYPTION {
                return Err(SigError::BadKey("the key is not an RSA key (RS256 needs one)".into()));
            }
            info.subject_public_key.raw_bytes().to_vec()
        }
        "RSA PUBLIC KEY" => der,
        _ => return Err(SigError::BadKey("publicKeyPem holds something other than a public key".into())),
    };
    let key = jsonwebtoken::DecodingKey::from_rsa_der(&pkcs1);
    match jsonwebtoken::crypto::verify(signature, message.as_bytes(), &key, jsonwebtoken::Algorithm::RS256) {
        Ok(true) => Ok(()),
        _ => Err(SigError::BadSignature),
    }
}

fn b64json(part: &str) -> Option<Map<String, Value>> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    crate::input::read_json_object(&bytes).ok()
}

/// Verifies a signed assertion given as a compact JWS.
pub(super) fn verify(v: &Verifier, net: &Net, token: &str, run: Run) -> Report {
    let sec = Securing::Ob2Signed;
    let mut parts = token.split('.');
    let (header, payload) = match (parts.next().and_then(b64json), parts.next().and_then(b64json)) {
        (Some(h), Some(p)) => (h, p),
        _ => {
            let f = checked(
                CheckId::Format,
                CheckStatus::Invalid,
                "malformed_jws",
                "the JWS header or payload is not a base64url JSON object".into(),
                CheckSource::Document,
            );
            return finish(v, run, sec, vec![f], Default::default());
        }
    };
    let (read, a) = match shape::read(&payload).and_then(|r| shape::assertion(&payload, r.version).map(|a| (r, a))) {
        Ok((r, a)) if r.class == Class::Assertion => (r, a),
        Ok((r, _)) => {
            let f = checked(
                CheckId::Format,
                CheckStatus::Invalid,
                "wrong_class",
                format!("the JWS payload is a {}, not an assertion", r.class.name()),
                CheckSource::Document,
            );
            return finish(v, run, sec, vec![f], info_of_doc(&payload));
        }
        Err(b) => {
            let f = checked(CheckId::Format, CheckStatus::Invalid, b.code, b.reason, CheckSource::Document);
            return finish(v, run, sec, vec![f], info_of_doc(&payload));
        }
    };
    let Kind::Signed { creator } = &a.kind else {
        let f = checked(
            CheckId::Format,
            CheckStatus::Invalid,
            "verification_mismatch",
            "the JWS payload declares hosted, not signed, verification".into(),
            CheckSource::Document,
        );
        return finish(v, run, sec, vec![f], info(&payload, &a, None, None));
    };
    let mut format = valid(CheckId::Format, format!("an {} signed assertion", read.version.label()), CheckSource::Document);
    format.warnings = [read.warnings.clone(), a.warnings.clone()].concat();
    if read.version.is_untyped() {
        // 1.0 signed assertions link no key to their issuer (and a 2.0 payload without its
        // @context reads as one): nothing to verify the key against.
        let proof = checked(
            CheckId::Proof,
            CheckStatus::Unknown,
            "unsupported_legacy_signed",
            format!("{} signed assertions are not supported: nothing links their key to the issuer", read.version.label()),
            CheckSource::Document,
        );
        return finish(v, run, sec, vec![format, proof], info(&payload, &a, None, None));
    }

    // The algorithm is fixed by the spec: RS256, and never `none`.
    let alg = header.get("alg").and_then(Value::as_str).unwrap_or_default();
    if !alg.eq_ignore_ascii_case("RS256") || header.contains_key("crit") || header.get("b64").is_some_and(|b| b != &Value::Bool(true)) {
        let (code, why) = if alg.eq_ignore_ascii_case("none") || alg.is_empty() {
            ("alg_none", "the JWS is unsigned (alg none): an Open Badges 2.0 signed assertion must use RS256".to_owned())
        } else if alg != "RS256" {
            ("unsupported_alg", format!("the JWS uses {}; Open Badges 2.0 signed assertions use RS256", short(alg)))
        } else {
            ("unsupported_jws", "the JWS header uses extensions (crit / b64) that Open Badges 2.0 does not define".to_owned())
        };
        let proof = checked(CheckId::Proof, CheckStatus::Invalid, code, why, CheckSource::Document);
        let credential = info(&payload, &a, None, None);
        let mut checks = vec![format, proof];
        let more = rest(v, &a, &checks, &credential, run);
        checks.extend(more);
        return finish(v, run, sec, checks, credential);
    }
    let offline_report = |format: Check| {
        let key = creator.as_deref().map(short).unwrap_or_else(|| "the issuer's profile".into());
        let proof = checked(
            CheckId::Proof,
            CheckStatus::Unknown,
            "needs_online_check",
            format!("needs an online check: the signing key must be fetched from {key}, and verification is offline"),
            CheckSource::Document,
        );
        finish(v, run, sec, vec![format, proof], info(&payload, &a, None, None))
    };
    if !net.online() {
        return offline_report(format);
    }

    let base = creator.clone().unwrap_or_default();
    let l = match links(net, &a, &base) {
        Ok(l) => l,
        // Offline and the linked documents are not (freshly) cached.
        Err(e) if !e.definite && !net.has_network() => return offline_report(format),
        Err(e) => {
            let status = if e.definite { CheckStatus::Invalid } else { CheckStatus::Unknown };
            let mut f = checked(CheckId::Format, status, e.code, e.reason, CheckSource::Document);
            f.warnings = format.warnings;
            return finish(v, run, sec, vec![f], info(&payload, &a, None, None));
        }
    };
    format.warnings.extend(l.warnings.iter().cloned());
    let credential = info(&payload, &a, Some(&l.badge), Some(&l.issuer));

    // The candidate keys: the creator, or the keys the issuer lists.
    let listed = listed_keys(&l.issuer);
    let candidates: Vec<String> = match creator {
        Some(c) => vec![c.clone()],
        None => listed.iter().take(MAX_KEYS).cloned().collect(),
    };
    if candidates.is_empty() {
        let k = checked(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            "no_key",
            "the assertion names no signing key (verification.creator) and the issuer lists none (publicKey)".into(),
            CheckSource::Document,
        );
        return finish(v, run, sec, vec![format, k], credential);
    }
    let mut key_problem: Option<(bool, String, String)> = None;
    let mut signature_failed = false;
    let mut verified: Option<Node> = None;
    for url in &candidates {
        let key = match key_node(net, &l.issuer, url) {
            Ok(k) => k,
            Err((definite, why)) => {
                key_problem = Some((definite, why, url.clone()));
                continue;
            }
        };
        let pem = key.doc.get("publicKeyPem").and_then(Value::as_str).unwrap_or_default();
        match verify_rs256(token, pem) {
            Ok(()) => {
                verified = Some(key);
                break;
            }
            Err(SigError::BadKey(why)) => key_problem = Some((true, format!("the key at {}: {why}", short(url)), url.clone())),
            Err(SigError::BadSignature) => signature_failed = true,
        }
    }
    let Some(key) = verified else {
        if !signature_failed {
            let (definite, why, url) = key_problem.unwrap_or((true, "no usable key".into(), String::new()));
            let status = if definite { CheckStatus::Invalid } else { CheckStatus::Unknown };
            let code = if definite { "key_unavailable" } else { "needs_online_check" };
            let proof = checked(
                CheckId::Proof,
                CheckStatus::Unknown,
                "not_checked",
                "the signature could not be checked without the key".into(),
                CheckSource::Document,
            );
            let k = checked(CheckId::IssuerKey, status, code, why, CheckSource::Network { url });
            return finish(v, run, sec, vec![format, proof, k], credential);
        }
        let proof = checked(
            CheckId::Proof,
            CheckStatus::Invalid,
            "bad_signature",
            format!(
                "the RS256 signature does not verify with the key{} ({})",
                if candidates.len() > 1 { "s" } else { "" },
                candidates.iter().map(|c| short(c)).collect::<Vec<_>>().join(", ")
            ),
            CheckSource::Network { url: candidates.first().cloned().unwrap_or_default() },
        );
        let mut checks = vec![format, proof];
        let more = rest(v, &a, &checks, &credential, run);
        checks.extend(more);
        return finish(v, run, sec, checks, credential);
    };
    let key_url = key.served_from.clone();
    let mut proof = valid(
        CheckId::Proof,
        format!("the RS256 signature verifies with the key {}", short(&key.id)),
        CheckSource::Network { url: key_url },
    );
    proof.warnings = key.warnings.clone();
    let issuer_key = ownership(&key, &l.issuer, &listed, creator.as_deref().unwrap_or(&key.id));
    let status = revocation(net, &l.issuer, &a);
    let mut checks = vec![format, proof, issuer_key, status];
    let more = rest(v, &a, &checks, &credential, run);
    checks.extend(more);
    finish(v, run, sec, checks, credential)
}

/// The key ids a Profile lists in `publicKey` (URLs, or embedded keys' ids).
fn listed_keys(issuer: &Node) -> Vec<String> {
    let items: Vec<&Value> = match issuer.doc.get("publicKey") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    items.into_iter().filter_map(|v| v.as_str().or_else(|| v.get("id").and_then(Value::as_str))).map(str::to_owned).collect()
}

/// The CryptographicKey at `url`: embedded in the Profile, or fetched.
fn key_node(net: &Net, issuer: &Node, url: &str) -> Result<Node, (bool, String)> {
    if let Some(Value::Array(_)) | Some(Value::Object(_)) = issuer.doc.get("publicKey") {
        let embedded = match issuer.doc.get("publicKey") {
            Some(Value::Array(a)) => {
                a.iter().filter_map(Value::as_object).find(|k| k.get("id").and_then(Value::as_str) == Some(url)).cloned()
            }
            Some(Value::Object(k)) if k.get("id").and_then(Value::as_str) == Some(url) => Some(k.clone()),
            _ => None,
        };
        if let Some(doc) = embedded {
            if doc.contains_key("publicKeyPem") {
                return Ok(Node { doc, id: url.to_owned(), served_from: issuer.served_from.clone(), warnings: Vec::new() });
            }
        }
    }
    let node = net.node_inner(url, "the signing key").map_err(|(f, at)| (f.is_definite(), f.describe("the signing key", &at)))?;
    shape::read_as(&node.doc, &Class::CryptographicKey, "the signing key", None).map_err(|b| (true, b.reason))?;
    Ok(node)
}

/// The key must be listed by the issuer and owned by it.
fn ownership(key: &Node, issuer: &Node, listed: &[String], linked_as: &str) -> Check {
    let source = CheckSource::Network { url: issuer.served_from.clone() };
    if !listed.iter().any(|k| k == linked_as || *k == key.id) {
        return checked(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            "key_not_listed",
            format!("the key {} is not among the keys the issuer's profile lists (publicKey)", short(linked_as)),
            source,
        );
    }
    match key.doc.get("owner").and_then(Value::as_str) {
        Some(owner) if owner == issuer.id => valid(
            CheckId::IssuerKey,
            format!("the key is listed in the issuer's profile and owned by the issuer ({})", short(&issuer.id)),
            source,
        ),
        Some(owner) => checked(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            "key_not_owned",
            format!("the key's owner is {}, not the issuer {}", short(owner), short(&issuer.id)),
            source,
        ),
        None => {
            let mut c = valid(CheckId::IssuerKey, "the key is listed in the issuer's profile".into(), source);
            c.warnings.push(crate::l10n::warning("warn-ob2-key-no-owner", &[]));
            c
        }
    }
}

/// The issuer's RevocationList, if it publishes one.
fn revocation(net: &Net, issuer: &Node, a: &Assertion) -> Check {
    let (list, source, mut warnings) = match issuer.doc.get("revocationList") {
        None | Some(Value::Null) => {
            return checked(
                CheckId::Status,
                CheckStatus::NotApplicable,
                "no_revocation_list",
                "the issuer publishes no revocation list".into(),
                CheckSource::Network { url: issuer.served_from.clone() },
            )
        }
        Some(Value::Object(o)) => (o.clone(), issuer.served_from.clone(), Vec::new()),
        Some(Value::String(url)) => match net.node_inner(url, "the revocation list") {
            Ok(n) => match shape::read_as(&n.doc, &Class::RevocationList, "the revocation list", None) {
                Ok(r) => (n.doc, n.served_from, [n.warnings, r.warnings].concat()),
                Err(b) => {
                    return checked(CheckId::Status, CheckStatus::Invalid, b.code, b.reason, CheckSource::Network { url: url.clone() })
                }
            },
            Err((f, at)) => {
                return checked(
                    CheckId::Status,
                    CheckStatus::Unknown,
                    "status_unavailable",
                    f.describe("the revocation list", &at),
                    CheckSource::Network { url: url.clone() },
                )
            }
        },
        Some(_) => {
            return checked(
                CheckId::Status,
                CheckStatus::Unknown,
                "status_unavailable",
                "the issuer's revocationList is not a URL".into(),
                CheckSource::Document,
            )
        }
    };
    let id = a.id.as_deref();
    let uid = a.uid.as_deref();
    let hit = list.get("revokedAssertions").and_then(Value::as_array).and_then(|entries| {
        entries.iter().find(|e| match e {
            Value::String(s) => Some(s.as_str()) == id || Some(s.as_str()) == uid,
            Value::Object(o) => {
                let eid = o.get("id").and_then(Value::as_str);
                let euid = o.get("uid").and_then(Value::as_str);
                (eid.is_some() && (eid == id || eid == uid)) || (euid.is_some() && euid == uid)
            }
            _ => false,
        })
    });
    let source = CheckSource::Network { url: source };
    let mut c = match hit {
        Some(entry) => {
            let why =
                entry.get("revocationReason").and_then(Value::as_str).map(|r| format!(" (reason given: {})", short(r))).unwrap_or_default();
            checked(
                CheckId::Status,
                CheckStatus::Invalid,
                "revoked",
                format!("revoked: the issuer's revocation list lists this assertion{why}"),
                source,
            )
        }
        None => valid(CheckId::Status, "not in the issuer's revocation list".into(), source),
    };
    c.warnings.append(&mut warnings);
    c
}
