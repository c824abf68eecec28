//! VC-JWT and VP-JWT: credentials and presentations secured by a JOSE compact JWS.
//!
//! **Supported**
//! - Algorithms: `RS256` (the Open Badges 3.0 minimum), `PS256`, `ES256` (P-256) and `EdDSA`
//!   (Ed25519; also under its RFC 9864 name `Ed25519`). The header `alg` must fit the key
//!   type: an RSA key verifies only RS256/PS256, a P-256 key only ES256, an Ed25519 key only
//!   EdDSA (else proof invalid, `alg_key_mismatch`). `alg: none` → invalid `alg_none`; HMAC
//!   (`HS*`, a shared secret proves nothing about the issuer) and every other algorithm →
//!   invalid `unsupported_algorithm`. A `crit` (or `b64`) header → invalid `unsupported_jws`.
//! - Keys, from the header:
//!   - `kid`: a DID URL — `did:key` (Ed25519, P-256), `did:jwk` (Ed25519, P-256, RSA),
//!     `did:web` (fetched), DIDs pinned by the app ([`Verifier::with_did_documents`]) — or
//!     an HTTPS URL serving a JWK, a JWK Set (the key is picked by `kid`) or a controller
//!     document. A bare fragment (`#key-1`) is taken relative to the issuer's DID. Offline, a
//!     `kid` that needs the network leaves the key unknown (never valid).
//!   - `jwk`: must be public (a `d` or other private member → invalid `private_key_in_header`).
//!     Nobody published it, so the issuer-key check is valid only with a warning that the
//!     issuer did not publish the key — unless the issuer is a `did:jwk` / `did:key` that is
//!     this very key (no warning), or another such DID (then it is not the issuer's key:
//!     `controller_mismatch`). With a `kid` too that is a DID URL or an HTTPS URL, the `kid` is
//!     resolved: the same key → it is the published key (no warning); another key → invalid
//!     (`jwk_kid_mismatch`); not resolvable → the header key, with both warnings. A `jwk`
//!     whose own `alg` differs from the header's → invalid (`alg_key_mismatch`).
//!   - neither: the proof and key are unknown (`no_key`).
//! - Key binding: the key's controller must be the issuer (`iss`, else the credential's
//!   `issuer`), or for a VP-JWT the holder (`iss`, else `vp.holder`).
//! - Payloads: VC Data Model 1.1 (`vc` claim) and 2.0 (the payload is the credential; `typ`
//!   `vc+jwt`, `vc+ld+json+jwt`, …). The registered claims are mapped in where the
//!   credential lacks the field, and must **agree** with it where both are present: `iss` =
//!   issuer id, `jti` = `id`, `sub` = a `credentialSubject.id`, `nbf` = `issuanceDate` (1.1) /
//!   `validFrom` (2.0), `exp` = `expirationDate` / `validUntil` (compared to the second). A
//!   disagreement makes the **proof** check invalid (`claim_mismatch`): the signed claims
//!   contradict the credential they secure, so the JWS does not secure one coherent
//!   statement and nothing in it can be believed (the later checks become "not checked").
//!   `nbf` / `exp` then feed the validity check (not yet valid / expired). The registered
//!   claims are removed from a 2.0 payload before the format check (they are JOSE claims,
//!   not credential terms).
//! - The format check is the Data Integrity one ([`format::check_and_expand`]: contexts
//!   bundled, every term defined, issuer, subject, dates), without requiring a proof. An
//!   embedded proof inside the JWT payload is not checked (warning): the JWS secures it.
//! - VP-JWTs (`vp` claim, or a 2.0 presentation payload): `nonce` is the challenge and `aud`
//!   the domain(s) compared with [`VerifyOptions`](super::VerifyOptions), `exp` / `iat` the
//!   proof's expiry / creation; the rest is [`presentation::verify_with_holder_proof`], which
//!   verifies every embedded credential (objects, VC-JWT strings,
//!   `EnvelopedVerifiableCredential`s) on its own.
//!
//! **Not supported**: JWE (encrypted) tokens, JSON serialization, SD-JWT (selective
//! disclosure), COSE; `x5c` / `x5u` / `jku` headers (never followed); `RS384`, `ES384`,
//! `ES256K` and other algorithms; a VP-JWT's `nbf` is not checked (only `exp` / `iat`).

use base64::Engine as _;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Map, Value};

use super::nested::short;
use super::presentation::{self, HolderProof};
use super::{format, make_check, rfc3339, unverifiable, Run, Verifier};
use crate::parse::credential::{Credential, VcVersion};
use crate::report::{Check, CheckId, CheckSource, CheckStatus, CredentialInfo, Report, Securing, Summary};
use crate::resolve::{key_from_jwk, KeyError, PublicKey, ResolvedKey};
use crate::verify::proof::{ASSERTION_METHOD, AUTHENTICATION};

/// The JWT claims with a registered meaning here; removed from a VC 2.0 payload before its
/// format check.
const JWT_CLAIMS: [&str; 9] = ["iss", "sub", "jti", "nbf", "exp", "iat", "aud", "nonce", "cnf"];

/// `typ` values that announce a credential or presentation (with or without `application/`).
const KNOWN_TYPS: [&str; 8] = ["JWT", "vc+jwt", "vc+ld+json+jwt", "vc-ld+jwt", "vp+jwt", "vp+ld+json+jwt", "vp-ld+jwt", "vc+ld+jwt"];

/// A JWS algorithm Akashi verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Alg {
    Rs256,
    Ps256,
    Es256,
    EdDsa,
}

impl Alg {
    fn name(self) -> &'static str {
        match self {
            Alg::Rs256 => "RS256",
            Alg::Ps256 => "PS256",
            Alg::Es256 => "ES256",
            Alg::EdDsa => "EdDSA",
        }
    }

    fn fits(self, key: &PublicKey) -> bool {
        matches!(
            (self, key),
            (Alg::Rs256 | Alg::Ps256, PublicKey::Rsa { .. }) | (Alg::Es256, PublicKey::P256(_)) | (Alg::EdDsa, PublicKey::Ed25519(_))
        )
    }

    fn jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        match self {
            Alg::Rs256 => jsonwebtoken::Algorithm::RS256,
            Alg::Ps256 => jsonwebtoken::Algorithm::PS256,
            Alg::Es256 => jsonwebtoken::Algorithm::ES256,
            Alg::EdDsa => jsonwebtoken::Algorithm::EdDSA,
        }
    }
}

/// A compact JWS split into its parts.
struct Jws<'a> {
    header: Map<String, Value>,
    payload: Map<String, Value>,
    /// `header.payload`, the bytes that are signed.
    signing_input: &'a str,
    signature: &'a str,
}

impl<'a> Jws<'a> {
    fn parse(token: &'a str) -> Result<Self, String> {
        let (signing_input, signature) = token.rsplit_once('.').ok_or("a compact JWS has three parts separated by '.'")?;
        let (h, p) = signing_input.split_once('.').ok_or("a compact JWS has three parts separated by '.'")?;
        if p.contains('.') {
            return Err("a compact JWS has exactly three parts (encrypted JWTs are not supported)".into());
        }
        let header = b64json(h).ok_or("the JWS header is not a base64url JSON object")?;
        let payload = b64json(p).ok_or("the JWS payload is not a base64url JSON object")?;
        Ok(Jws { header, payload, signing_input, signature })
    }

    fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }
}

fn b64json(part: &str) -> Option<Map<String, Value>> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    crate::input::read_json_object(&bytes).ok()
}

/// Whose signature is judged: a credential's issuer or a presentation's holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Issuer,
    Holder,
}

impl Role {
    fn party(self) -> &'static str {
        match self {
            Role::Issuer => "issuer",
            Role::Holder => "holder",
        }
    }

    fn document(self) -> &'static str {
        match self {
            Role::Issuer => "credential",
            Role::Holder => "presentation",
        }
    }

    fn purpose(self) -> &'static str {
        match self {
            Role::Issuer => ASSERTION_METHOD,
            Role::Holder => AUTHENTICATION,
        }
    }
}

/// The proof and key checks of a JWS, and who is proven to have signed it.
struct Judged {
    proof: Check,
    key: Check,
    /// The key's controller, when the signature verified with a key bound to the party.
    signer: Option<String>,
}

/// Verifies a VC-JWT (or VP-JWT) given as compact JWS text.
pub(crate) fn verify(v: &Verifier, token: &str, run: Run) -> Report {
    let jws = match Jws::parse(token.trim()) {
        Ok(j) => j,
        Err(why) => return not_a_jwt(run, "malformed_jws", why, CredentialInfo::default()),
    };
    if let Some(vp) = presentation_doc(&jws.payload) {
        return verify_vp(v, &jws, vp, run);
    }
    match credential_doc(&jws.payload) {
        Some(vc) => verify_vc(v, &jws, vc, run),
        None => not_a_jwt(
            run,
            "not_a_credential",
            "the JWT payload is neither a credential (a `vc` claim, or a credential with credentialSubject) nor a presentation".into(),
            CredentialInfo::default(),
        ),
    }
}

/// A report whose format is invalid before anything else could start.
fn not_a_jwt(run: Run, code: &str, why: String, info: CredentialInfo) -> Report {
    let mut r = unverifiable(run, Securing::VcJwt, info, code, why);
    if let Some(f) = r.checks.first_mut() {
        f.status = CheckStatus::Invalid;
    }
    crate::l10n::attach_warning_messages(&mut r.checks);
    r.summary = Summary::from_checks(&r.checks);
    r
}

/// The presentation a JWT carries: the `vp` claim, or a VC 2.0 presentation payload.
fn presentation_doc(claims: &Map<String, Value>) -> Option<Map<String, Value>> {
    match claims.get("vp") {
        Some(Value::Object(vp)) => Some(vp.clone()),
        Some(_) => None,
        None if types_of(claims).iter().any(|t| t == "VerifiablePresentation") => Some(without_jwt_claims(claims)),
        None => None,
    }
}

/// The credential a JWT carries: the `vc` claim, or a VC 2.0 credential payload.
fn credential_doc(claims: &Map<String, Value>) -> Option<Map<String, Value>> {
    match claims.get("vc") {
        Some(Value::Object(vc)) => Some(vc.clone()),
        Some(_) => None,
        None if claims.contains_key("credentialSubject") || types_of(claims).iter().any(|t| t == "VerifiableCredential") => {
            Some(without_jwt_claims(claims))
        }
        None => None,
    }
}

fn types_of(doc: &Map<String, Value>) -> Vec<String> {
    crate::parse::credential::strings(doc.get("type"))
}

fn without_jwt_claims(claims: &Map<String, Value>) -> Map<String, Value> {
    let mut doc = claims.clone();
    for c in JWT_CLAIMS {
        doc.remove(c);
    }
    doc
}

/// A `typ` header that does not announce a JWT credential, as a warning.
fn typ_warning(jws: &Jws<'_>) -> Option<String> {
    let typ = jws.header.get("typ")?;
    let ok = typ.as_str().is_some_and(|t| {
        let t = t.strip_prefix("application/").unwrap_or(t);
        KNOWN_TYPS.iter().any(|k| k.eq_ignore_ascii_case(t))
    });
    (!ok).then(|| crate::l10n::warning("warn-jwt-typ", &[("typ", short(&typ.to_string()))]))
}

fn verify_vc(v: &Verifier, jws: &Jws<'_>, mut vc: Map<String, Value>, run: Run) -> Report {
    let claims = &jws.payload;
    let version = Credential::new(vc.clone()).version.unwrap_or(VcVersion::V2);
    let mismatches = map_claims(claims, &mut vc, version);
    let cred = Credential::new(vc);
    let issuer = cred.issuer_id().map(str::to_owned);

    let (mut format_c, _) = format::check_and_expand(&cred);
    format_c.warnings.extend(typ_warning(jws));
    if !cred.proofs.is_empty() {
        format_c.warnings.push(crate::l10n::warning("warn-jwt-embedded-proof-ignored", &[]));
    }

    let mut judged = judge(v, jws, issuer.as_deref(), Role::Issuer);
    if !mismatches.is_empty() && judged.proof.code.as_deref() != Some("bad_signature") {
        judged.proof = claim_mismatch(&mismatches, judged.proof.warnings);
    }
    v.finish_credential(cred, [format_c, judged.proof, judged.key], Securing::VcJwt, run)
}

fn claim_mismatch(mismatches: &[String], warnings: Vec<String>) -> Check {
    let mut c = make_check(
        CheckId::Proof,
        CheckStatus::Invalid,
        Some("claim_mismatch"),
        Some(format!("the JWT's signed claims contradict the credential they secure: {}", mismatches.join("; "))),
        CheckSource::Document,
    );
    c.warnings = warnings;
    c
}

fn verify_vp(v: &Verifier, jws: &Jws<'_>, vp: Map<String, Value>, run: Run) -> Report {
    let claims = &jws.payload;
    let iss = claims.get("iss").and_then(Value::as_str);
    let holder_owned = match vp.get("holder") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    let holder = holder_owned.as_deref();
    let mut mismatches = Vec::new();
    if claims.get("iss").is_some_and(|i| !i.is_string()) {
        mismatches.push("`iss` is not a string".to_owned());
    }
    match (claims.get("jti"), vp.get("id")) {
        (Some(Value::String(j)), Some(Value::String(id))) if j != id => {
            mismatches.push(format!("`jti` is {} but the presentation id is {}", short(j), short(id)))
        }
        (Some(j), _) if !j.is_string() => mismatches.push("`jti` is not a string".into()),
        _ => {}
    }
    let expires = match numeric_date(claims, "exp") {
        Ok(t) => t.map(rfc3339),
        Err(e) => {
            mismatches.push(e);
            None
        }
    };
    let created = match numeric_date(claims, "iat") {
        Ok(t) => t.map(rfc3339),
        Err(e) => {
            mismatches.push(e);
            None
        }
    };
    let challenge = match claims.get("nonce") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            mismatches.push("`nonce` is not a string".into());
            None
        }
    };
    let domains = match claims.get("aud") {
        None => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(_) => {
            mismatches.push("`aud` is not a string or a list of strings".into());
            Vec::new()
        }
    };

    let party = iss.or(holder).map(str::to_owned);
    let mut vp = vp;
    if let (None, Some(i)) = (holder, iss) {
        // VC-JWT 1.1: `iss` is the holder.
        vp.insert("holder".into(), Value::String(i.to_owned()));
    }
    let mut judged = judge(v, jws, party.as_deref(), Role::Holder);
    if let Some(w) = typ_warning(jws) {
        judged.proof.warnings.push(w);
    }
    if !mismatches.is_empty() && judged.proof.code.as_deref() != Some("bad_signature") {
        judged.proof = claim_mismatch(&mismatches, judged.proof.warnings);
        judged.signer = None;
    }
    let hp = HolderProof {
        proof: judged.proof,
        key: judged.key,
        signer: judged.signer,
        challenge,
        domains,
        expires,
        created,
        securing: Securing::VcJwt,
    };
    presentation::verify_with_holder_proof(v, vp, hp, run)
}

/// A NumericDate claim (seconds since the epoch) as a time; `Err` when present but unusable.
fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<DateTime<Utc>>, String> {
    let Some(v) = claims.get(name) else { return Ok(None) };
    let secs = v.as_i64().or_else(|| v.as_f64().filter(|f| f.is_finite() && f.abs() < 1e15).map(|f| f.floor() as i64));
    secs.and_then(|s| Utc.timestamp_opt(s, 0).single())
        .map(Some)
        .ok_or_else(|| format!("`{name}` is not a NumericDate (seconds since 1970)"))
}

/// Maps the registered claims into the credential where it lacks the field, and lists where
/// they disagree with it.
fn map_claims(claims: &Map<String, Value>, vc: &mut Map<String, Value>, version: VcVersion) -> Vec<String> {
    let mut out = Vec::new();
    match claims.get("iss") {
        None => {}
        Some(Value::String(iss)) => match vc.get_mut("issuer") {
            None => {
                vc.insert("issuer".into(), Value::String(iss.clone()));
            }
            Some(Value::String(i)) if i != iss => out.push(format!("`iss` is {} but the issuer is {}", short(iss), short(i))),
            Some(Value::Object(o)) => match o.get("id") {
                None => {
                    o.insert("id".into(), Value::String(iss.clone()));
                }
                Some(Value::String(i)) if i == iss => {}
                Some(i) => out.push(format!("`iss` is {} but the issuer is {}", short(iss), short(&i.to_string()))),
            },
            Some(_) => {}
        },
        Some(_) => out.push("`iss` is not a string".into()),
    }
    match claims.get("jti") {
        None => {}
        Some(Value::String(jti)) => match vc.get("id") {
            None => {
                vc.insert("id".into(), Value::String(jti.clone()));
            }
            Some(Value::String(id)) if id == jti => {}
            Some(id) => out.push(format!("`jti` is {} but the credential id is {}", short(jti), short(&id.to_string()))),
        },
        Some(_) => out.push("`jti` is not a string".into()),
    }
    match claims.get("sub") {
        None => {}
        Some(Value::String(sub)) => match vc.get_mut("credentialSubject") {
            None => {
                vc.insert("credentialSubject".into(), serde_json::json!({ "id": sub }));
            }
            Some(Value::Object(s)) => match s.get("id") {
                None => {
                    s.insert("id".into(), Value::String(sub.clone()));
                }
                Some(Value::String(id)) if id == sub => {}
                Some(id) => out.push(format!("`sub` is {} but the credentialSubject id is {}", short(sub), short(&id.to_string()))),
            },
            Some(Value::Array(subjects)) => {
                let ids: Vec<&str> = subjects.iter().filter_map(|s| s.get("id").and_then(Value::as_str)).collect();
                if !ids.is_empty() && !ids.contains(&sub.as_str()) {
                    out.push(format!("`sub` is {} but no credentialSubject has that id", short(sub)));
                } else if ids.is_empty() {
                    if let [Value::Object(only)] = subjects.as_mut_slice() {
                        only.insert("id".into(), Value::String(sub.clone()));
                    }
                }
            }
            Some(_) => {}
        },
        Some(_) => out.push("`sub` is not a string".into()),
    }
    let (from, until) = match version {
        VcVersion::V1 => ("issuanceDate", "expirationDate"),
        VcVersion::V2 => ("validFrom", "validUntil"),
    };
    for (claim, field) in [("nbf", from), ("exp", until)] {
        match numeric_date(claims, claim) {
            Err(e) => out.push(e),
            Ok(None) => {}
            Ok(Some(t)) => match vc.get(field) {
                None => {
                    vc.insert(field.into(), Value::String(rfc3339(t)));
                }
                Some(Value::String(s)) => match super::validity::parse_datetime(s) {
                    // Compared to the second: NumericDates have no fractions here.
                    Some((d, _)) if d.timestamp() == t.timestamp() => {}
                    _ => out.push(format!("`{claim}` is {} but {field} is {}", rfc3339(t), short(s))),
                },
                Some(_) => {} // not a string: the validity check reports it
            },
        }
    }
    out
}

/// The key named by the header, or why there is none.
enum KeySource {
    Resolved(ResolvedKey),
    Problem(KeyError),
    /// The header `jwk` is not a usable public key.
    BadJwk(String, &'static str),
    None,
}

/// Judges the JWS: algorithm, key, signature, and whether the key belongs to `party`.
fn judge(v: &Verifier, jws: &Jws<'_>, party: Option<&str>, role: Role) -> Judged {
    let invalid =
        |code: &str, reason: String| make_check(CheckId::Proof, CheckStatus::Invalid, Some(code), Some(reason), CheckSource::Document);
    let key_not_checked = |why: &str| {
        make_check(
            CheckId::IssuerKey,
            CheckStatus::Unknown,
            Some("not_checked"),
            Some(format!("not checked: {why}")),
            CheckSource::Document,
        )
    };
    let fail = |proof: Check, key: Check| Judged { proof, key, signer: None };

    let alg = match jws.header.get("alg") {
        Some(Value::String(a)) => match a.as_str() {
            "RS256" => Alg::Rs256,
            "PS256" => Alg::Ps256,
            "ES256" => Alg::Es256,
            "EdDSA" | "Ed25519" => Alg::EdDsa,
            n if n.eq_ignore_ascii_case("none") => {
                return fail(
                    invalid("alg_none", "the JWT is unsigned (alg none), so nothing shows who issued it or that it is unchanged".into()),
                    key_not_checked("the JWT is unsigned"),
                )
            }
            h if h.starts_with("HS") => {
                return fail(
                    invalid(
                        "unsupported_algorithm",
                        format!(
                        "the JWT uses {}, a shared-secret MAC: it cannot show who issued it (RS256, PS256, ES256 and EdDSA are supported)",
                        short(h)
                    ),
                    ),
                    key_not_checked("the algorithm is not usable"),
                )
            }
            other => {
                return fail(
                    invalid(
                        "unsupported_algorithm",
                        format!("the JWS algorithm {} is not supported (RS256, PS256, ES256 and EdDSA are)", short(other)),
                    ),
                    key_not_checked("the algorithm is not supported"),
                )
            }
        },
        _ => {
            return fail(
                invalid("unsupported_algorithm", "the JWS header has no `alg`".into()),
                key_not_checked("the JWS names no algorithm"),
            )
        }
    };
    if jws.header.contains_key("crit") || jws.header.contains_key("b64") {
        return fail(
            invalid("unsupported_jws", "the JWS header uses extensions (crit / b64) that are not supported".into()),
            key_not_checked("the JWS uses unsupported extensions"),
        );
    }

    let source = if let Some(jwk) = jws.header.get("jwk") {
        let embedded = header_jwk(jwk, alg, party, v);
        // A `kid` that is a DID URL or an HTTPS URL may show that the issuer published this
        // very key (then no warning); a different published key makes the header inconsistent.
        let kid = jws.header_str("kid").map(|k| absolute_kid(k, party));
        match (embedded, kid) {
            (KeySource::Resolved(mine), Some(kid)) if kid.starts_with("did:") || kid.starts_with("https://") => {
                match v.resolver().resolve_any(&kid, party, role.purpose()) {
                    Ok(published) if published.public_key == mine.public_key => KeySource::Resolved(published),
                    Ok(_) => {
                        KeySource::BadJwk(format!("the header `jwk` is not the key its `kid` ({}) names", short(&kid)), "jwk_kid_mismatch")
                    }
                    Err(e) => {
                        let mut mine = mine;
                        mine.warnings.push(crate::l10n::warning("warn-jwt-kid-unusable", &[("error", e.to_string())]));
                        KeySource::Resolved(mine)
                    }
                }
            }
            (embedded, _) => embedded,
        }
    } else if let Some(kid) = jws.header_str("kid") {
        let vm = absolute_kid(kid, party);
        match v.resolver().resolve_any(&vm, party, role.purpose()) {
            Ok(k) => KeySource::Resolved(k),
            Err(e) => KeySource::Problem(e),
        }
    } else {
        KeySource::None
    };

    let key = match source {
        KeySource::Resolved(k) => k,
        KeySource::None => {
            let proof = make_check(
                CheckId::Proof,
                CheckStatus::Unknown,
                Some("no_key"),
                Some("the JWT names no key (no `kid` or `jwk` header), so its signature cannot be checked".into()),
                CheckSource::Document,
            );
            let key = make_check(
                CheckId::IssuerKey,
                CheckStatus::Unknown,
                Some("no_key"),
                Some("the JWT names no key (no `kid` or `jwk` header)".into()),
                CheckSource::Document,
            );
            return fail(proof, key);
        }
        KeySource::BadJwk(why, code) => {
            let key = make_check(CheckId::IssuerKey, CheckStatus::Invalid, Some(code), Some(why.clone()), CheckSource::Document);
            return fail(invalid("unusable_key", format!("the key in the JWS header cannot be used: {why}")), key);
        }
        KeySource::Problem(err) if err.is_definite() => {
            let code = if matches!(err, KeyError::NotAuthorized(_)) { "key_not_authorized" } else { "invalid_key" };
            let key = make_check(CheckId::IssuerKey, CheckStatus::Invalid, Some(code), Some(err.to_string()), CheckSource::Document);
            return fail(invalid("unusable_key", format!("the signing key cannot be used: {err}")), key);
        }
        KeySource::Problem(err) => {
            let code = match err {
                KeyError::Offline(_) => "offline",
                KeyError::Unsupported(_) => "unsupported_method",
                _ => "unreachable",
            };
            let proof = make_check(
                CheckId::Proof,
                CheckStatus::Unknown,
                Some("key_unavailable"),
                Some(format!("the signing key could not be obtained: {err}")),
                CheckSource::Document,
            );
            let key = make_check(CheckId::IssuerKey, CheckStatus::Unknown, Some(code), Some(err.to_string()), CheckSource::Document);
            return fail(proof, key);
        }
    };

    let key_c = binding(&key, party, role);
    if !alg.fits(&key.public_key) {
        let proof = invalid(
            "alg_key_mismatch",
            format!(
                "the JWT says {} but its key is a {} key, which cannot make {} signatures",
                alg.name(),
                key.public_key.kind(),
                alg.name()
            ),
        );
        return fail(proof, key_c);
    }
    let decoding = match &key.public_key {
        PublicKey::Rsa { n, e } => jsonwebtoken::DecodingKey::from_rsa_raw_components(n, e),
        PublicKey::P256(sec1) => jsonwebtoken::DecodingKey::from_ec_der(sec1),
        PublicKey::Ed25519(k) => jsonwebtoken::DecodingKey::from_ed_der(k),
    };
    match jsonwebtoken::crypto::verify(jws.signature, jws.signing_input.as_bytes(), &decoding, alg.jsonwebtoken()) {
        Ok(true) => {
            let proof = make_check(
                CheckId::Proof,
                CheckStatus::Valid,
                None,
                Some(format!("{} JWS signature verified", alg.name())),
                CheckSource::Document,
            );
            let signer = (key_c.status == CheckStatus::Valid).then(|| key.controller.clone());
            Judged { proof, key: key_c, signer }
        }
        Ok(false) => fail(
            invalid(
                "bad_signature",
                format!("the {} signature does not match the JWT; it was changed after signing or signed with another key", alg.name()),
            ),
            key_c,
        ),
        Err(e) => match e.kind() {
            jsonwebtoken::errors::ErrorKind::Base64(_) => {
                fail(invalid("bad_signature", "the JWS signature is not base64url".into()), key_c)
            }
            _ => {
                let key = make_check(
                    CheckId::IssuerKey,
                    CheckStatus::Invalid,
                    Some("invalid_key"),
                    Some(format!("the {} key is malformed", key.public_key.kind())),
                    key.source.clone(),
                );
                fail(invalid("unusable_key", "the signing key cannot be used: it is malformed".into()), key)
            }
        },
    }
}

/// A `kid` that is a bare fragment (`#key-1`, or `key-1`) is relative to the party's DID.
fn absolute_kid(kid: &str, party: Option<&str>) -> String {
    match party {
        Some(p) if p.starts_with("did:") && kid.starts_with('#') => format!("{p}{kid}"),
        Some(p) if p.starts_with("did:") && !kid.contains(':') && !kid.is_empty() => format!("{p}#{kid}"),
        _ => kid.to_owned(),
    }
}

/// The key in the header `jwk`, and whose it is: the party's, with a warning that the party
/// did not publish it — unless the party is a key-DID (did:jwk, did:key): then it is the
/// party's only if it is that very key.
fn header_jwk(jwk: &Value, alg: Alg, party: Option<&str>, v: &Verifier) -> KeySource {
    let Some(obj) = jwk.as_object() else {
        return KeySource::BadJwk("the header `jwk` is not a JSON object".into(), "invalid_key");
    };
    if let Some(a) = obj.get("alg").and_then(Value::as_str) {
        let same = a == alg.name() || (alg == Alg::EdDsa && a == "Ed25519");
        if !same {
            return KeySource::BadJwk(format!("the header `jwk` is for {}, but the JWT says {}", short(a), alg.name()), "alg_key_mismatch");
        }
    }
    let public_key = match key_from_jwk(obj) {
        Ok(k) => k,
        Err(e) if obj.contains_key("d") || obj.contains_key("k") => {
            return KeySource::BadJwk(format!("{e}: a private key must never be published"), "private_key_in_header")
        }
        Err(e @ KeyError::Unsupported(_)) => return KeySource::Problem(e),
        Err(e) => return KeySource::BadJwk(e.to_string(), "invalid_key"),
    };
    let key_did = party.filter(|p| p.starts_with("did:jwk:") || p.starts_with("did:key:"));
    let (controller, warnings) = match (party, key_did) {
        (_, Some(did)) => match v.resolver().resolve_any(did, None, ASSERTION_METHOD) {
            Ok(k) if k.public_key == public_key => (did.to_owned(), Vec::new()),
            _ => ("a key given only in the JWS header".to_owned(), Vec::new()),
        },
        (Some(p), None) => (p.to_owned(), vec![crate::l10n::warning("warn-jwt-key-from-header", &[])]),
        (None, None) => ("a key given only in the JWS header".to_owned(), Vec::new()),
    };
    KeySource::Resolved(ResolvedKey {
        vm_id: "jwk (JWS header)".into(),
        controller,
        public_key,
        source: CheckSource::Document,
        how: "taken from the JWS header".into(),
        warnings,
    })
}

/// The key check: the key's controller must be the party (issuer or holder).
fn binding(key: &ResolvedKey, party: Option<&str>, role: Role) -> Check {
    let p = role.party();
    let mut c = match party {
        Some(i) if i == key.controller => make_check(
            CheckId::IssuerKey,
            CheckStatus::Valid,
            None,
            Some(format!("{} key {} of {p} {}, {}", key.public_key.kind(), short(&key.vm_id), short(i), key.how)),
            key.source.clone(),
        ),
        Some(i) => make_check(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            Some("controller_mismatch"),
            Some(format!(
                "the signing key is controlled by {}, but the {} names {} as {p}",
                short(&key.controller),
                role.document(),
                short(i)
            )),
            key.source.clone(),
        ),
        None => make_check(
            CheckId::IssuerKey,
            CheckStatus::Invalid,
            Some(if role == Role::Issuer { "no_issuer" } else { "no_holder" }),
            Some(format!("the {} names no {p} (`iss`) to match the key against", role.document())),
            key.source.clone(),
        ),
    };
    c.warnings.extend(key.warnings.iter().cloned());
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_kids() {
        assert_eq!(absolute_kid("#k", Some("did:web:a.example")), "did:web:a.example#k");
        assert_eq!(absolute_kid("k", Some("did:web:a.example")), "did:web:a.example#k");
        assert_eq!(absolute_kid("https://a.example/k", Some("did:web:a.example")), "https://a.example/k");
        assert_eq!(absolute_kid("#k", Some("https://a.example/i")), "#k");
    }

    #[test]
    fn numeric_dates() {
        let mut c = Map::new();
        c.insert("exp".into(), serde_json::json!(1_700_000_000));
        c.insert("nbf".into(), serde_json::json!("soon"));
        c.insert("iat".into(), serde_json::json!(1e300));
        assert_eq!(numeric_date(&c, "exp").ok().flatten().map(|t| t.timestamp()), Some(1_700_000_000));
        assert!(numeric_date(&c, "nbf").is_err());
        assert!(numeric_date(&c, "iat").is_err());
        assert_eq!(numeric_date(&c, "x"), Ok(None));
    }
}
