//! VC-JWT / VP-JWT cases with keys generated at run time (RSA, P-256, Ed25519), signed here
//! with the RustCrypto crates directly (not with the JOSE library under test): every
//! algorithm, tampering, wrong keys, `alg: none`, alg/key mismatch, private header keys,
//! claims that contradict the credential, validity from `nbf` / `exp`, VP-JWT nonce / aud,
//! did:web and HTTPS JWK Set keys through a real loopback HTTPS server, offline, and a
//! mutation sweep.
#![cfg(feature = "http")]

use std::sync::OnceLock;

use akashi_core::{CheckId, CheckSource, CheckStatus, Report, Securing, Summary, Verifier, VerifyOptions};
use base64::Engine as _;
use serde_json::{json, Value};

const VC2: &str = "https://www.w3.org/ns/credentials/v2";
const OB3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const VC1: &str = "https://www.w3.org/2018/credentials/v1";
const SUBJECT: &str = "did:example:learner";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("t").with_timezone(&chrono::Utc)
}

/// 2026-06-01 in seconds.
const NOW: i64 = 1_780_272_000;

struct Keys {
    rsa: rsa::RsaPrivateKey,
    p256: p256::ecdsa::SigningKey,
    ed: ed25519_dalek::SigningKey,
    ed_other: ed25519_dalek::SigningKey,
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| {
        let mut rng = rand::rngs::OsRng;
        Keys {
            rsa: rsa::RsaPrivateKey::new(&mut rng, 2048).expect("rsa key"),
            p256: p256::ecdsa::SigningKey::random(&mut rng),
            ed: ed25519_dalek::SigningKey::generate(&mut rng),
            ed_other: ed25519_dalek::SigningKey::generate(&mut rng),
        }
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum K {
    Rsa,
    P256,
    Ed,
    EdOther,
}

fn public_jwk(k: K) -> Value {
    use rsa::traits::PublicKeyParts;
    let ks = keys();
    match k {
        K::Rsa => {
            let p = ks.rsa.to_public_key();
            json!({"kty": "RSA", "n": b64(&p.n().to_bytes_be()), "e": b64(&p.e().to_bytes_be())})
        }
        K::P256 => {
            let point = ks.p256.verifying_key().to_encoded_point(false);
            json!({"kty": "EC", "crv": "P-256", "x": b64(point.x().expect("x")), "y": b64(point.y().expect("y"))})
        }
        K::Ed => json!({"kty": "OKP", "crv": "Ed25519", "x": b64(ks.ed.verifying_key().as_bytes())}),
        K::EdOther => json!({"kty": "OKP", "crv": "Ed25519", "x": b64(ks.ed_other.verifying_key().as_bytes())}),
    }
}

fn did_jwk(k: K) -> String {
    format!("did:jwk:{}", b64(public_jwk(k).to_string().as_bytes()))
}

fn did_key(k: K) -> String {
    let ks = keys();
    let mut bytes = Vec::new();
    match k {
        K::Ed => {
            bytes.extend([0xed, 0x01]);
            bytes.extend(ks.ed.verifying_key().as_bytes());
        }
        K::P256 => {
            bytes.extend([0x80, 0x24]);
            bytes.extend(ks.p256.verifying_key().to_encoded_point(true).as_bytes());
        }
        _ => panic!("no did:key for {k:?} here"),
    }
    format!("did:key:z{}", bs58::encode(bytes).into_string())
}

fn did_key_vm(k: K) -> String {
    let d = did_key(k);
    let frag = d.trim_start_matches("did:key:").to_owned();
    format!("{d}#{frag}")
}

/// Signs `header.payload` with `key` for `alg` (the header's `alg` is not consulted).
fn sign_as(alg: &str, key: K, header: &Value, payload: &Value) -> String {
    let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(payload.to_string().as_bytes()));
    let ks = keys();
    let sig: Vec<u8> = match (alg, key) {
        ("RS256", K::Rsa) => {
            use rsa::signature::{SignatureEncoding, Signer};
            rsa::pkcs1v15::SigningKey::<rsa::sha2::Sha256>::new(ks.rsa.clone()).sign(input.as_bytes()).to_vec()
        }
        ("PS256", K::Rsa) => {
            use rsa::signature::{RandomizedSigner, SignatureEncoding};
            rsa::pss::BlindedSigningKey::<rsa::sha2::Sha256>::new(ks.rsa.clone())
                .sign_with_rng(&mut rand::rngs::OsRng, input.as_bytes())
                .to_vec()
        }
        ("ES256", K::P256) => {
            use p256::ecdsa::signature::Signer;
            let s: p256::ecdsa::Signature = ks.p256.sign(input.as_bytes());
            s.to_bytes().to_vec()
        }
        ("EdDSA", K::Ed) => {
            use ed25519_dalek::Signer;
            ks.ed.sign(input.as_bytes()).to_bytes().to_vec()
        }
        ("EdDSA", K::EdOther) => {
            use ed25519_dalek::Signer;
            ks.ed_other.sign(input.as_bytes()).to_bytes().to_vec()
        }
        other => panic!("cannot sign {other:?}"),
    };
    format!("{input}.{}", b64(&sig))
}

/// Signs with the header `{"alg", "kid"}`.
fn sign_kid(alg: &str, key: K, kid: &str, payload: &Value) -> String {
    sign_as(alg, key, &json!({"alg": alg, "kid": kid, "typ": "vc+jwt"}), payload)
}

/// A VC 2.0 credential (the JWT payload itself) with matching registered claims.
fn vc2(issuer: &str) -> Value {
    json!({
        "@context": [VC2], "id": "urn:uuid:1b0c3b5c-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential"], "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": SUBJECT},
        "iss": issuer, "jti": "urn:uuid:1b0c3b5c-0000-4000-8000-000000000001", "sub": SUBJECT,
        "nbf": 1_767_225_600,
    })
}

/// A VC 1.1 JWT payload: the credential in `vc`, its issuer, id, subject and dates only in
/// the registered claims.
fn vc1_claims(issuer: &str) -> Value {
    json!({
        "iss": issuer, "jti": "urn:uuid:1b0c3b5c-0000-4000-8000-000000000002", "sub": SUBJECT,
        "nbf": 1_767_225_600, "exp": NOW + 86_400,
        "vc": {"@context": [VC1], "type": ["VerifiableCredential"], "credentialSubject": {}},
    })
}

fn offline() -> Verifier {
    Verifier::new(VerifyOptions { offline: true, now: Some(now()), ..Default::default() }).expect("verifier")
}

fn verify(v: &Verifier, token: &str) -> Report {
    v.verify(token.as_bytes()).expect("a JWT is readable input")
}

fn status(r: &Report, id: CheckId) -> (CheckStatus, Option<String>) {
    let c = r.check(id).unwrap_or_else(|| panic!("no {id:?} check in {r:#?}"));
    (c.status, c.code.clone())
}

fn assert_check(r: &Report, id: CheckId, want: CheckStatus, code: Option<&str>, what: &str) {
    let (s, c) = status(r, id);
    assert_eq!((s, c.as_deref()), (want, code), "{what}: {id:?}\n{r:#?}");
}

/// Verified: the JWS, the key binding and the validity hold (trust is never checked yet).
fn assert_verified(r: &Report, what: &str) {
    assert_eq!(r.securing, Securing::VcJwt, "{what}");
    for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey, CheckId::Validity] {
        assert_check(r, id, CheckStatus::Valid, None, what);
    }
    assert!(r.summary.is_verified(), "{what}: {r:#?}");
}

#[test]
fn every_algorithm_with_did_jwk_and_did_key() {
    let v = offline();
    for (alg, k) in [("RS256", K::Rsa), ("PS256", K::Rsa), ("ES256", K::P256), ("EdDSA", K::Ed)] {
        let issuer = did_jwk(k);
        let r = verify(&v, &sign_kid(alg, k, &format!("{issuer}#0"), &vc2(&issuer)));
        assert_verified(&r, &format!("{alg} did:jwk"));
        assert!(r.check(CheckId::IssuerKey).is_some_and(|c| c.warnings.is_empty() && c.source == CheckSource::Local), "{r:#?}");
    }
    for (alg, k) in [("EdDSA", K::Ed), ("ES256", K::P256)] {
        let issuer = did_key(k);
        let r = verify(&v, &sign_kid(alg, k, &did_key_vm(k), &vc2(&issuer)));
        assert_verified(&r, &format!("{alg} did:key"));
        // A bare fragment kid is relative to the issuer's DID.
        let frag = did_key_vm(k).split_once('#').map(|(_, f)| format!("#{f}")).expect("fragment");
        let r = verify(&v, &sign_kid(alg, k, &frag, &vc2(&issuer)));
        assert_verified(&r, &format!("{alg} did:key, relative kid"));
    }
}

#[test]
fn vc_1_1_claims_are_mapped_into_the_credential() {
    let v = offline();
    let issuer = did_jwk(K::Ed);
    let r = verify(&v, &sign_kid("EdDSA", K::Ed, &format!("{issuer}#0"), &vc1_claims(&issuer)));
    assert_verified(&r, "VC 1.1 vc claim");
    assert_eq!(r.credential.issuer_id.as_deref(), Some(issuer.as_str()));
    // `exp` became the expiration date: a day later it is expired.
    let later =
        Verifier::new(VerifyOptions { offline: true, now: Some(now() + chrono::Duration::days(2)), ..Default::default() }).expect("v");
    let r = verify(&later, &sign_kid("EdDSA", K::Ed, &format!("{issuer}#0"), &vc1_claims(&issuer)));
    assert_eq!(r.summary, Summary::Expired, "{r:#?}");
}

#[test]
fn header_jwk_is_accepted_with_a_warning_unless_the_issuer_is_that_key() {
    let v = offline();
    for (alg, k) in [("RS256", K::Rsa), ("PS256", K::Rsa), ("ES256", K::P256), ("EdDSA", K::Ed)] {
        let issuer = "https://issuer.example/profile";
        let token = sign_as(alg, k, &json!({"alg": alg, "jwk": public_jwk(k)}), &vc2(issuer));
        let r = verify(&v, &token);
        assert_verified(&r, &format!("{alg} header jwk"));
        let key = r.check(CheckId::IssuerKey).expect("key");
        assert!(key.warnings.iter().any(|w| w.contains("did not publish")), "{alg}: {key:#?}");
        assert_eq!(r.summary, Summary::VerifiedWithWarnings);

        // The issuer is a did:jwk of this very key: no warning.
        let issuer = did_jwk(k);
        let r = verify(&v, &sign_as(alg, k, &json!({"alg": alg, "jwk": public_jwk(k)}), &vc2(&issuer)));
        assert_verified(&r, &format!("{alg} header jwk = did:jwk issuer"));
        assert!(r.check(CheckId::IssuerKey).is_some_and(|c| c.warnings.is_empty()), "{r:#?}");
    }
    // A kid naming the issuer's published key, with the same key in the header: no warning.
    let issuer = did_jwk(K::Ed);
    let header = json!({"alg": "EdDSA", "jwk": public_jwk(K::Ed), "kid": format!("{issuer}#0")});
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &header, &vc2("did:example:unrelated")));
    assert_check(&r, CheckId::IssuerKey, CheckStatus::Invalid, Some("controller_mismatch"), "kid of another issuer");
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &header, &vc2(&issuer)));
    assert_verified(&r, "jwk + kid, same key");
    assert!(r.check(CheckId::IssuerKey).is_some_and(|c| c.warnings.is_empty()), "{r:#?}");
    // ... a kid naming another key than the header jwk: inconsistent.
    let other = did_jwk(K::EdOther);
    let header = json!({"alg": "EdDSA", "jwk": public_jwk(K::Ed), "kid": format!("{other}#0")});
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &header, &vc2(&other)));
    assert_check(&r, CheckId::IssuerKey, CheckStatus::Invalid, Some("jwk_kid_mismatch"), "jwk vs kid");
    assert_eq!(r.summary, Summary::NotVerified);
    // ... a kid that needs the network, offline: the header key, with warnings.
    let header = json!({"alg": "EdDSA", "jwk": public_jwk(K::Ed), "kid": "did:web:issuer.example#k"});
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &header, &vc2("did:web:issuer.example")));
    assert_verified(&r, "jwk + unresolvable kid");
    assert_eq!(r.check(CheckId::IssuerKey).map(|c| c.warnings.len()), Some(2), "{r:#?}");
    // A header jwk whose own alg is another algorithm.
    let mut jwk = public_jwk(K::Ed);
    jwk["alg"] = json!("ES256");
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &json!({"alg": "EdDSA", "jwk": jwk}), &vc2(&issuer)));
    assert_check(&r, CheckId::IssuerKey, CheckStatus::Invalid, Some("alg_key_mismatch"), "jwk alg");

    // The issuer is a did:jwk of another key: the header key is not the issuer's.
    let issuer = did_jwk(K::EdOther);
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &json!({"alg": "EdDSA", "jwk": public_jwk(K::Ed)}), &vc2(&issuer)));
    assert_check(&r, CheckId::IssuerKey, CheckStatus::Invalid, Some("controller_mismatch"), "foreign header jwk");
    assert_eq!(r.summary, Summary::NotVerified);
}

#[test]
fn tampered_payload_and_wrong_key_are_bad_signatures() {
    let v = offline();
    for (alg, k) in [("RS256", K::Rsa), ("PS256", K::Rsa), ("ES256", K::P256), ("EdDSA", K::Ed)] {
        let issuer = did_jwk(k);
        let token = sign_kid(alg, k, &format!("{issuer}#0"), &vc2(&issuer));
        let (head, rest) = token.split_once('.').expect("jws");
        let (_, sig) = rest.split_once('.').expect("jws");
        let mut forged = vc2(&issuer);
        forged["credentialSubject"]["name"] = json!("Mallory");
        let tampered = format!("{head}.{}.{sig}", b64(forged.to_string().as_bytes()));
        let r = verify(&v, &tampered);
        assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("bad_signature"), alg);
        assert_check(&r, CheckId::Validity, CheckStatus::Unknown, Some("not_checked"), alg);
        assert_eq!(r.summary, Summary::NotVerified);
    }
    // Signed by another Ed25519 key than the issuer's kid names.
    let issuer = did_jwk(K::Ed);
    let r = verify(&v, &sign_kid("EdDSA", K::EdOther, &format!("{issuer}#0"), &vc2(&issuer)));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("bad_signature"), "wrong key");
    // The kid is someone else's key (their valid signature): not the issuer's.
    let other = did_jwk(K::EdOther);
    let r = verify(&v, &sign_kid("EdDSA", K::EdOther, &format!("{other}#0"), &vc2(&issuer)));
    assert_check(&r, CheckId::Proof, CheckStatus::Valid, None, "foreign kid");
    assert_check(&r, CheckId::IssuerKey, CheckStatus::Invalid, Some("controller_mismatch"), "foreign kid");
    assert_eq!(r.summary, Summary::NotVerified);
}

#[test]
fn unusable_algorithms_and_keys() {
    let v = offline();
    let issuer = did_jwk(K::Ed);
    let kid = format!("{issuer}#0");
    let payload = vc2(&issuer);
    let body = |h: Value| format!("{}.{}", b64(h.to_string().as_bytes()), b64(payload.to_string().as_bytes()));

    let r = verify(&v, &format!("{}.", body(json!({"alg": "none", "kid": kid}))));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("alg_none"), "alg none");
    assert_eq!(r.summary, Summary::NotVerified);
    for alg in ["HS256", "ES384", "RS512", "ES256K"] {
        let r = verify(&v, &format!("{}.c2lnbmF0dXJl", body(json!({"alg": alg, "kid": kid}))));
        assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("unsupported_algorithm"), alg);
    }
    let r = verify(&v, &format!("{}.c2ln", body(json!({"kid": kid}))));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("unsupported_algorithm"), "no alg");
    // crit extensions are not understood.
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &json!({"alg": "EdDSA", "kid": kid, "crit": ["exp"], "exp": 1}), &payload));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("unsupported_jws"), "crit");

    // alg / key type mismatch: an RSA signature claimed for an Ed25519 key, and EdDSA for RSA.
    let r = verify(&v, &sign_as("RS256", K::Rsa, &json!({"alg": "RS256", "kid": kid}), &payload));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("alg_key_mismatch"), "RS256 with Ed25519 key");
    let rsa_issuer = did_jwk(K::Rsa);
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &json!({"alg": "EdDSA", "kid": format!("{rsa_issuer}#0")}), &vc2(&rsa_issuer)));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("alg_key_mismatch"), "EdDSA with RSA key");
    let r = verify(&v, &sign_as("ES256", K::P256, &json!({"alg": "ES256", "jwk": public_jwk(K::Rsa)}), &payload));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("alg_key_mismatch"), "ES256 with RSA jwk");

    // A header jwk with private parts.
    let mut private = public_jwk(K::Ed);
    private["d"] = json!(b64(&keys().ed.to_bytes()));
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &json!({"alg": "EdDSA", "jwk": private}), &payload));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("unusable_key"), "jwk with d");
    assert_check(&r, CheckId::IssuerKey, CheckStatus::Invalid, Some("private_key_in_header"), "jwk with d");
    assert_eq!(r.summary, Summary::NotVerified);

    // No key at all: unknown, never verified.
    let r = verify(&v, &sign_as("EdDSA", K::Ed, &json!({"alg": "EdDSA"}), &payload));
    assert_check(&r, CheckId::Proof, CheckStatus::Unknown, Some("no_key"), "no key");
    assert_eq!(r.summary, Summary::NotVerified);
}

#[test]
fn claims_must_agree_with_the_credential() {
    let v = offline();
    let issuer = did_jwk(K::Ed);
    let kid = format!("{issuer}#0");
    let cases: [(&str, Value); 6] = [
        ("iss", json!("did:example:someone-else")),
        ("jti", json!("urn:uuid:another")),
        ("sub", json!("did:example:another-learner")),
        ("nbf", json!(1_767_225_601)),
        ("exp", json!(NOW + 10)), // the credential has no validUntil: mapped, not a conflict
        ("nbf", json!("yesterday")),
    ];
    for (claim, value) in cases {
        let mut p = vc2(&issuer);
        p[claim] = value.clone();
        let r = verify(&v, &sign_kid("EdDSA", K::Ed, &kid, &p));
        if claim == "exp" {
            assert_verified(&r, "exp mapped");
            continue;
        }
        assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("claim_mismatch"), &format!("{claim}={value}"));
        assert_eq!(r.summary, Summary::NotVerified, "{claim}");
    }
    // exp disagreeing with validUntil.
    let mut p = vc2(&issuer);
    p["validUntil"] = json!("2027-01-01T00:00:00Z");
    p["exp"] = json!(1_798_761_601);
    let r = verify(&v, &sign_kid("EdDSA", K::Ed, &kid, &p));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("claim_mismatch"), "exp vs validUntil");
    // ... and agreeing with it (to the second).
    p["exp"] = json!(1_798_761_600);
    assert_verified(&verify(&v, &sign_kid("EdDSA", K::Ed, &kid, &p)), "exp = validUntil");
    // VC 1.1: `iss` against a `vc.issuer` object.
    let mut p = vc1_claims(&issuer);
    p["vc"]["issuer"] = json!({"id": "did:example:other"});
    let r = verify(&v, &sign_kid("EdDSA", K::Ed, &kid, &p));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("claim_mismatch"), "vc.issuer");
}

#[test]
fn nbf_and_exp_feed_validity() {
    let v = offline();
    let issuer = did_jwk(K::P256);
    let kid = format!("{issuer}#0");
    let mut p = vc2(&issuer);
    p.as_object_mut().expect("obj").remove("validFrom");
    p["nbf"] = json!(NOW + 3600);
    let r = verify(&v, &sign_kid("ES256", K::P256, &kid, &p));
    assert_check(&r, CheckId::Validity, CheckStatus::Invalid, Some("not_yet_valid"), "nbf future");
    assert_eq!(r.summary, Summary::NotYetValid);

    let mut p = vc2(&issuer);
    p["exp"] = json!(NOW - 3600);
    let r = verify(&v, &sign_kid("ES256", K::P256, &kid, &p));
    assert_check(&r, CheckId::Validity, CheckStatus::Invalid, Some("expired"), "exp past");
    assert_eq!(r.summary, Summary::Expired);
}

/// A VP-JWT by `holder` (did:key Ed25519) presenting a VC-JWT about it.
fn vp_jwt(nonce: Option<&str>, aud: Option<Value>) -> String {
    let holder = did_key(K::Ed);
    let issuer = did_jwk(K::P256);
    let mut vc = vc2(&issuer);
    vc["credentialSubject"]["id"] = json!(holder);
    vc["sub"] = json!(holder);
    let member = sign_kid("ES256", K::P256, &format!("{issuer}#0"), &vc);
    let mut claims = json!({
        "iss": holder, "iat": NOW - 60, "exp": NOW + 600,
        "vp": {"@context": [VC1], "type": ["VerifiablePresentation"], "verifiableCredential": [member]},
    });
    if let Some(n) = nonce {
        claims["nonce"] = json!(n);
    }
    if let Some(a) = aud {
        claims["aud"] = a;
    }
    sign_as("EdDSA", K::Ed, &json!({"alg": "EdDSA", "kid": did_key_vm(K::Ed), "typ": "JWT"}), &claims)
}

fn presenting(challenge: Option<&str>, domain: Option<&str>) -> Verifier {
    Verifier::new(VerifyOptions {
        offline: true,
        now: Some(now()),
        challenge: challenge.map(str::to_owned),
        domain: domain.map(str::to_owned),
        ..Default::default()
    })
    .expect("verifier")
}

#[test]
fn vp_jwt_nonce_and_aud() {
    let v = presenting(Some("n-123"), Some("https://verifier.example"));
    let r = verify(&v, &vp_jwt(Some("n-123"), Some(json!("https://verifier.example"))));
    assert_eq!(r.securing, Securing::VcJwt);
    for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey, CheckId::Validity, CheckId::Challenge, CheckId::Holder, CheckId::Nested]
    {
        assert_check(&r, id, CheckStatus::Valid, None, "right nonce and aud");
    }
    assert!(r.summary.is_verified(), "{r:#?}");
    assert_eq!(r.nested.len(), 1);
    assert_eq!(r.nested[0].report.securing, Securing::VcJwt);
    // aud as a list holding the domain.
    let r = verify(&v, &vp_jwt(Some("n-123"), Some(json!(["https://other.example", "https://verifier.example"]))));
    assert_check(&r, CheckId::Challenge, CheckStatus::Valid, None, "aud list");

    for (nonce, aud, code) in [
        (Some("n-999"), Some(json!("https://verifier.example")), "challenge_mismatch"),
        (None, Some(json!("https://verifier.example")), "challenge_missing"),
        (Some("n-123"), Some(json!("https://evil.example")), "domain_mismatch"),
        (Some("n-123"), None, "domain_missing"),
    ] {
        let r = verify(&v, &vp_jwt(nonce, aud.clone()));
        assert_check(&r, CheckId::Challenge, CheckStatus::Invalid, Some(code), code);
        assert_eq!(r.summary, Summary::NotVerified, "{code}");
    }
    // The holder's proof expired.
    let late =
        Verifier::new(VerifyOptions { offline: true, now: Some(now() + chrono::Duration::hours(1)), ..Default::default() }).expect("v");
    let r = verify(&late, &vp_jwt(None, None));
    assert_check(&r, CheckId::Validity, CheckStatus::Invalid, Some("expired"), "vp exp");
    // A tampered VP-JWT.
    let token = vp_jwt(Some("n-123"), None);
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&parts[1]).expect("b64");
    let forged = String::from_utf8(claims).expect("utf8").replace("n-123", "n-124");
    parts[1] = b64(forged.as_bytes());
    let r = verify(&presenting(Some("n-124"), None), &parts.join("."));
    assert_check(&r, CheckId::Proof, CheckStatus::Invalid, Some("bad_signature"), "tampered vp");
}

#[test]
fn did_web_and_https_jwks_keys_over_loopback_https() {
    let srv = crate::common::tls::Server::start(&["issuer.example"]);
    let options = VerifyOptions { now: Some(now()), extra_ca_pem: Some(srv.ca_pem.clone()), resolve: srv.resolve(), ..Default::default() };
    let v = Verifier::new(options.clone()).expect("verifier");

    // did:web with a P-256 JsonWebKey2020 and an RSA one.
    let did = "did:web:issuer.example";
    srv.set(
        "issuer.example",
        "/.well-known/did.json",
        200,
        json!({
            "@context": ["https://www.w3.org/ns/did/v1"], "id": did,
            "verificationMethod": [
                {"id": format!("{did}#p256"), "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": public_jwk(K::P256)},
                {"id": format!("{did}#rsa"), "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": public_jwk(K::Rsa)},
                {"id": format!("{did}#unlisted"), "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": public_jwk(K::Ed)},
            ],
            "assertionMethod": [format!("{did}#p256"), format!("{did}#rsa")],
        })
        .to_string(),
    );
    let r = verify(&v, &sign_kid("ES256", K::P256, &format!("{did}#p256"), &vc2(did)));
    assert_verified(&r, "did:web ES256");
    assert!(matches!(r.check(CheckId::IssuerKey).map(|c| &c.source), Some(CheckSource::Network { .. })), "{r:#?}");
    let r = verify(&v, &sign_kid("PS256", K::Rsa, &format!("{did}#rsa"), &vc2(did)));
    assert_verified(&r, "did:web PS256");
    let r = verify(&v, &sign_kid("EdDSA", K::Ed, &format!("{did}#unlisted"), &vc2(did)));
    assert_check(&r, CheckId::IssuerKey, CheckStatus::Invalid, Some("key_not_authorized"), "not in assertionMethod");

    // An HTTPS JWK Set, key picked by kid; the issuer is on the same origin.
    let issuer = "https://issuer.example/profile";
    let mut rsa_jwk = public_jwk(K::Rsa);
    rsa_jwk["kid"] = json!("k-rsa");
    let mut ed_jwk = public_jwk(K::Ed);
    ed_jwk["kid"] = json!("k-ed");
    srv.set("issuer.example", "/jwks.json", 200, json!({"keys": [rsa_jwk, ed_jwk]}).to_string());
    let r = verify(&v, &sign_kid("RS256", K::Rsa, "https://issuer.example/jwks.json#k-rsa", &vc2(issuer)));
    assert_verified(&r, "JWKS RS256");
    let r = verify(&v, &sign_kid("EdDSA", K::Ed, "https://issuer.example/jwks.json#k-ed", &vc2(issuer)));
    assert_verified(&r, "JWKS EdDSA");
    // A single JWK at a URL of another origin than the issuer: not the issuer's key.
    srv.set("issuer.example", "/key.json", 200, public_jwk(K::Ed).to_string());
    let r = verify(&v, &sign_kid("EdDSA", K::Ed, "https://issuer.example/key.json", &vc2("https://other.example/profile")));
    assert_check(&r, CheckId::IssuerKey, CheckStatus::Invalid, Some("controller_mismatch"), "other origin");

    // Offline: the key is unknown, never valid.
    let off = Verifier::new(VerifyOptions { offline: true, ..options }).expect("verifier");
    for token in [
        sign_kid("ES256", K::P256, &format!("{did}#p256"), &vc2(did)),
        sign_kid("RS256", K::Rsa, "https://issuer.example/jwks.json#k-rsa", &vc2(issuer)),
    ] {
        let r = verify(&off, &token);
        assert_check(&r, CheckId::Proof, CheckStatus::Unknown, Some("key_unavailable"), "offline");
        assert_check(&r, CheckId::IssuerKey, CheckStatus::Unknown, Some("offline"), "offline");
        assert_eq!(r.summary, Summary::NotVerified);
    }
    // Unreachable document: unknown too.
    srv.set("issuer.example", "/.well-known/did.json", 404, "");
    let r = verify(&v, &sign_kid("ES256", K::P256, &format!("{did}#p256"), &vc2(did)));
    assert_check(&r, CheckId::Proof, CheckStatus::Unknown, Some("key_unavailable"), "404");
}

#[test]
fn enveloped_and_endorsement_jwts_route_to_the_jwt_path() {
    let v = offline();
    let issuer = did_jwk(K::Ed);
    let jwt = sign_kid("EdDSA", K::Ed, &format!("{issuer}#0"), &vc2(&issuer));
    // A VC 2.0 presentation holding an EnvelopedVerifiableCredential (unsigned VP).
    let vp = json!({"@context": [VC2], "type": ["VerifiablePresentation"],
        "verifiableCredential": [{"@context": [VC2], "id": format!("data:application/vc+jwt,{jwt}"), "type": "EnvelopedVerifiableCredential"}]});
    let r = v.verify(vp.to_string().as_bytes()).expect("report");
    assert_eq!(r.nested.len(), 1);
    assert_eq!(r.nested[0].report.securing, Securing::VcJwt);
    assert!(r.nested[0].report.summary.is_verified(), "{r:#?}");

    // `endorsementJwt` on a credential (itself a VC-JWT): verified on its own.
    let endorser = did_jwk(K::P256);
    let mut endorsement = vc2(&endorser);
    endorsement["@context"] = json!([VC2, OB3]);
    endorsement["type"] = json!(["VerifiableCredential", "EndorsementCredential"]);
    let endorsement = sign_kid("ES256", K::P256, &format!("{endorser}#0"), &endorsement);
    let mut outer = vc2(&issuer);
    // The bundled OB 3.0.3 context predates the endorsementJwt term: define it inline.
    outer["@context"] = json!([VC2, OB3, {"endorsementJwt": {
        "@id": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#endorsementJwt", "@container": "@set"}}]);
    outer["endorsementJwt"] = json!([endorsement]);
    let r = verify(&v, &sign_kid("EdDSA", K::Ed, &format!("{issuer}#0"), &outer));
    assert_verified(&r, "credential with endorsementJwt");
    assert_eq!(r.nested.len(), 1, "{r:#?}");
    assert_eq!(r.nested[0].relation, akashi_core::Relation::Endorsement);
    assert_eq!(r.nested[0].report.securing, Securing::VcJwt);
    assert!(r.nested[0].report.summary.is_verified(), "{r:#?}");
    assert_eq!(r.nested[0].report.credential.issuer_id.as_deref(), Some(endorser.as_str()));
    // A forged endorsement is only a warning on the badge.
    let forged = format!("{}x", &outer["endorsementJwt"][0].as_str().expect("jwt")[..endorsement.len() - 2]);
    outer["endorsementJwt"] = json!([forged]);
    let r = verify(&v, &sign_kid("EdDSA", K::Ed, &format!("{issuer}#0"), &outer));
    assert!(r.summary.is_verified(), "{r:#?}");
    assert!(!r.nested[0].report.summary.is_verified());
    assert!(r.check(CheckId::Nested).is_some_and(|c| !c.warnings.is_empty()), "{r:#?}");
}

/// Garbage, truncated and bit-flipped tokens never panic, and never verify.
#[test]
fn mutation_sweep() {
    let v = offline();
    let issuer = did_jwk(K::Ed);
    let token = sign_kid("EdDSA", K::Ed, &format!("{issuer}#0"), &vc2(&issuer));
    assert!(verify(&v, &token).summary.is_verified());
    let bytes = token.as_bytes();
    let mut variants: Vec<Vec<u8>> = Vec::new();
    let step = (bytes.len() / 60).max(1);
    for i in (0..bytes.len()).step_by(step) {
        variants.push(bytes[..i].to_vec());
        let mut flipped = bytes.to_vec();
        flipped[i] ^= 0x01;
        variants.push(flipped);
        let mut dropped = bytes.to_vec();
        dropped.remove(i);
        variants.push(dropped);
    }
    for g in ["", ".", "..", "...", "a.b.c", "e30.e30.", "e30.e30.e30", "eyJhbGciOiJFZERTQSJ9.W10.AA", "eyJhbGciOiJFZERTQSJ9.bnVsbA.AA"] {
        variants.push(g.as_bytes().to_vec());
    }
    // Valid header and payload JSON of the wrong shapes.
    for (h, p) in [
        (json!({"alg": "EdDSA", "kid": 5}), vc2(&issuer)),
        (json!({"alg": ["EdDSA"], "jwk": "x"}), vc2(&issuer)),
        (json!({"alg": "EdDSA", "jwk": {"kty": "RSA", "n": "AA", "e": "AQAB"}}), vc2(&issuer)),
        (json!({"alg": "ES256", "jwk": {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}}), vc2(&issuer)),
        (json!({"alg": "EdDSA", "kid": format!("{issuer}#0")}), json!({"vc": 5, "iss": []})),
        (
            json!({"alg": "EdDSA", "kid": format!("{issuer}#0")}),
            json!({"vp": {"type": "VerifiablePresentation"}, "aud": {}, "nonce": 3, "exp": "x"}),
        ),
        (json!({"alg": "EdDSA", "kid": format!("{issuer}#0")}), json!({"credentialSubject": [], "iss": issuer, "nbf": 1e300, "sub": 4})),
    ] {
        variants.push(format!("{}.{}.{}", b64(h.to_string().as_bytes()), b64(p.to_string().as_bytes()), b64(&[0u8; 64])).into_bytes());
    }
    let total = variants.len();
    let mut verified = 0;
    for m in variants {
        if let Ok(r) = v.verify(&m) {
            if r.summary.is_verified() {
                verified += 1;
            }
        }
    }
    // Base64 padding bits can flip without changing the bytes: at most a few such variants.
    assert!(verified <= 2, "{verified} of {total} mutants verified");
}
