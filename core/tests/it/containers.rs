//! Presentations, CLR 2.0 and endorsements that this test signs with generated did:key keys:
//! the holder's proof (authentication), challenge and domain, the holder as subject, members
//! verified on their own, nesting depth, association graphs and endorsers.

use akashi_core::verify::proof::Suite;
use akashi_core::verify::MAX_NESTING;
use akashi_core::{CheckId, CheckStatus, Relation, Report, Summary, Verifier, VerifyOptions};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Map, Value};

use CheckStatus::{Invalid, NotApplicable, Unknown, Valid};

const VC2: &str = "https://www.w3.org/ns/credentials/v2";
const OB3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const CLR2: &str = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";
const ED2020: &str = "https://w3id.org/security/suites/ed25519-2020/v1";
const CHALLENGE: &str = "c0ffee-2026-interview-42";
const DOMAIN: &str = "careers.university.example";

/// A generated did:key identity.
struct Key {
    sk: SigningKey,
    did: String,
    vm: String,
}

fn key(seed: u8) -> Key {
    let sk = SigningKey::from_bytes(&[seed; 32]);
    let mut b = vec![0xed, 0x01];
    b.extend_from_slice(&sk.verifying_key().to_bytes());
    let mk = format!("z{}", bs58::encode(b).into_string());
    Key { sk, did: format!("did:key:{mk}"), vm: format!("did:key:{mk}#{mk}") }
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().expect("object").clone()
}

/// Signs `doc` with `suite` ("eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020"),
/// purpose and extra proof options (challenge, domain, expires, ...).
fn sign(mut doc: Map<String, Value>, k: &Key, suite: &str, purpose: &str, extra: Value) -> Map<String, Value> {
    doc.remove("proof");
    let (s, mut proof) = match suite {
        "Ed25519Signature2020" => (Suite::Ed25519Signature2020, json!({"type": "Ed25519Signature2020"})),
        "eddsa-jcs-2022" => (Suite::EddsaJcs2022, json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"})),
        _ => (Suite::EddsaRdfc2022 { legacy_name: false }, json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"})),
    };
    let p = proof.as_object_mut().expect("proof");
    p.insert("created".into(), json!("2026-04-01T09:00:00Z"));
    p.insert("verificationMethod".into(), json!(k.vm));
    p.insert("proofPurpose".into(), json!(purpose));
    for (n, v) in extra.as_object().cloned().unwrap_or_default() {
        p.insert(n, v);
    }
    let mut proof = p.clone();
    let hd = s.hash_data(&doc, &proof).expect("hash data");
    let sig = k.sk.sign(&hd.hash_data).to_bytes();
    proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(sig).into_string())));
    doc.insert("proof".into(), Value::Object(proof));
    doc
}

/// An OB 3.0 badge issued by `issuer` to `subject` (None: a subject without id).
fn badge(issuer: &Key, subject: Option<&str>, name: &str) -> Map<String, Value> {
    let mut subj = json!({"type": ["AchievementSubject"], "achievement": {
        "id": format!("https://university.example/achievements/{}", name.to_lowercase().replace(' ', "-")),
        "type": ["Achievement"], "name": name, "description": format!("{name}, passed."),
        "criteria": {"narrative": "Passed the final exam."}}});
    if let Some(s) = subject {
        subj["id"] = json!(s);
    }
    let doc = obj(json!({
        "@context": [VC2, OB3],
        "id": format!("urn:uuid:badge-{}", name.to_lowercase().replace(' ', "-")),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Akashi Test University"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": name,
        "credentialSubject": subj,
    }));
    sign(doc, issuer, "eddsa-rdfc-2022", "assertionMethod", json!({}))
}

/// A presentation by `holder` of `members`, signed (or not) by `signer`.
fn vp(holder: Option<&str>, members: Vec<Value>) -> Map<String, Value> {
    let mut d = obj(json!({"@context": [VC2], "type": ["VerifiablePresentation"], "id": "urn:uuid:vp-1", "verifiableCredential": members}));
    if let Some(h) = holder {
        d.insert("holder".into(), json!(h));
    }
    d
}

fn signed_vp(holder: &Key, members: Vec<Value>, extra: Value) -> Map<String, Value> {
    sign(vp(Some(&holder.did), members), holder, "eddsa-rdfc-2022", "authentication", extra)
}

fn verifier(challenge: Option<&str>, domain: Option<&str>) -> Verifier {
    Verifier::new(VerifyOptions {
        offline: true,
        challenge: challenge.map(str::to_owned),
        domain: domain.map(str::to_owned),
        now: Some(chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("t").with_timezone(&chrono::Utc)),
        ..Default::default()
    })
    .expect("verifier")
}

fn run(v: &Verifier, doc: &Map<String, Value>) -> Report {
    v.verify(&serde_json::to_vec(doc).expect("bytes")).expect("readable")
}

fn st(r: &Report, id: CheckId) -> (CheckStatus, Option<String>) {
    let c = r.check(id).unwrap_or_else(|| panic!("no {id:?} check in {r:#?}"));
    (c.status, c.code.clone())
}

fn is(r: &Report, id: CheckId, status: CheckStatus, code: Option<&str>) {
    let c = r.check(id).unwrap_or_else(|| panic!("no {id:?} check"));
    assert_eq!((c.status, c.code.as_deref()), (status, code), "{id:?}: {:?} / warnings {:?}", c.reason, c.warnings);
}

fn holder_and_badge() -> (Key, Key, Map<String, Value>) {
    let issuer = key(1);
    let holder = key(2);
    let b = badge(&issuer, Some(&holder.did), "Data Structures");
    (issuer, holder, b)
}

// ---------------------------------------------------------------------------------------------
// challenge and domain

#[test]
fn right_challenge_and_domain_verify() {
    let (_, holder, b) = holder_and_badge();
    let p = signed_vp(&holder, vec![Value::Object(b)], json!({"challenge": CHALLENGE, "domain": DOMAIN}));
    let r = run(&verifier(Some(CHALLENGE), Some(DOMAIN)), &p);
    for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey, CheckId::Challenge, CheckId::Holder, CheckId::Nested] {
        assert_eq!(st(&r, id).0, Valid, "{id:?}: {:?}", r.check(id));
    }
    assert!(r.summary.is_verified(), "{r:#?}");
    assert!(
        r.check(CheckId::IssuerKey).and_then(|c| c.reason.as_deref()).unwrap_or("").contains("of holder"),
        "the key check reports the holder's key"
    );
    assert_eq!(r.nested.len(), 1);
    let n = &r.nested[0];
    assert_eq!((n.relation, n.path.as_str()), (Relation::PresentationMember, "verifiableCredential[0]"));
    assert!(n.report.summary.is_verified(), "the member verifies on its own: {:#?}", n.report);
    assert_eq!(n.report.envelope, akashi_core::Envelope::Embedded);
    assert_eq!(n.report.credential.name.as_deref(), Some("Data Structures"));
}

#[test]
fn wrong_or_missing_challenge_is_not_verified() {
    let (_, holder, b) = holder_and_badge();
    let with = signed_vp(&holder, vec![Value::Object(b.clone())], json!({"challenge": CHALLENGE}));
    let without = signed_vp(&holder, vec![Value::Object(b)], json!({}));

    let r = run(&verifier(Some("another-challenge"), None), &with);
    is(&r, CheckId::Proof, Valid, None);
    is(&r, CheckId::Challenge, Invalid, Some("challenge_mismatch"));
    assert_eq!(r.summary, Summary::NotVerified);

    let r = run(&verifier(Some(CHALLENGE), None), &without);
    is(&r, CheckId::Challenge, Invalid, Some("challenge_missing"));
    assert_eq!(r.summary, Summary::NotVerified);

    // The verifier gave none: not applicable, with a warning that replays go unnoticed.
    let r = run(&verifier(None, None), &with);
    is(&r, CheckId::Challenge, NotApplicable, None);
    let w = &r.check(CheckId::Challenge).expect("challenge").warnings;
    assert!(w.iter().any(|w| w.contains(CHALLENGE) && w.contains("replayed")), "{w:?}");
    assert_eq!(r.summary, Summary::VerifiedWithWarnings);

    // Editing the challenge after signing breaks the signature: the challenge is signed.
    let mut edited = with.clone();
    edited["proof"]["challenge"] = json!("another-challenge");
    let r = run(&verifier(Some("another-challenge"), None), &edited);
    is(&r, CheckId::Proof, Invalid, Some("bad_signature"));
    is(&r, CheckId::Challenge, Unknown, Some("not_checked"));
    assert_eq!(r.summary, Summary::NotVerified);
}

#[test]
fn domain_mismatch_missing_and_lists() {
    let (_, holder, b) = holder_and_badge();
    let m = vec![Value::Object(b)];
    let p = signed_vp(&holder, m.clone(), json!({"challenge": CHALLENGE, "domain": DOMAIN}));
    let r = run(&verifier(Some(CHALLENGE), Some("evil.example")), &p);
    is(&r, CheckId::Challenge, Invalid, Some("domain_mismatch"));
    assert_eq!(r.summary, Summary::NotVerified);

    let p = signed_vp(&holder, m.clone(), json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), Some(DOMAIN)), &p);
    is(&r, CheckId::Challenge, Invalid, Some("domain_missing"));

    // domain may be a list: the expected one must be in it.
    let p = signed_vp(&holder, m.clone(), json!({"challenge": CHALLENGE, "domain": ["a.example", DOMAIN]}));
    let r = run(&verifier(Some(CHALLENGE), Some(DOMAIN)), &p);
    is(&r, CheckId::Challenge, Valid, None);
    let r = run(&verifier(Some(CHALLENGE), Some("b.example")), &p);
    is(&r, CheckId::Challenge, Invalid, Some("domain_mismatch"));
}

#[test]
fn every_suite_signs_a_presentation() {
    let (_, holder, b) = holder_and_badge();
    for suite in ["eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020"] {
        let mut d = vp(Some(&holder.did), vec![Value::Object(b.clone())]);
        if suite == "Ed25519Signature2020" {
            d["@context"] = json!([VC2, ED2020]);
        }
        let p = sign(d, &holder, suite, "authentication", json!({"challenge": CHALLENGE}));
        let r = run(&verifier(Some(CHALLENGE), None), &p);
        is(&r, CheckId::Proof, Valid, None);
        is(&r, CheckId::Challenge, Valid, None);
        assert!(r.summary.is_verified(), "{suite}: {r:#?}");
        let r = run(&verifier(Some("nope"), None), &p);
        assert_eq!(r.summary, Summary::NotVerified, "{suite} with a wrong challenge");
    }
}

/// Ed25519Signature2018 (detached JWS, b64=false), as ssi and older wallets sign presentations.
#[test]
fn ed25519_signature_2018_presentation() {
    use base64::Engine as _;
    let holder = key(2);
    let mut d = vp(Some(&holder.did), vec![]);
    d["@context"] = json!(["https://www.w3.org/2018/credentials/v1"]);
    let mut proof = obj(json!({"type": "Ed25519Signature2018", "created": "2026-04-01T09:00:00Z", "verificationMethod": holder.vm,
        "proofPurpose": "authentication", "challenge": CHALLENGE}));
    let hd = Suite::Ed25519Signature2018.hash_data(&d, &proof).expect("hash data");
    let header = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"alg":"EdDSA","b64":false,"crit":["b64"]}"#);
    let mut input = format!("{header}.").into_bytes();
    input.extend_from_slice(&hd.hash_data);
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(holder.sk.sign(&input).to_bytes());
    proof.insert("jws".into(), json!(format!("{header}..{sig}")));
    d.insert("proof".into(), Value::Object(proof));
    let r = run(&verifier(Some(CHALLENGE), None), &d);
    is(&r, CheckId::Proof, Valid, None);
    is(&r, CheckId::Challenge, Valid, None);
    assert!(r.summary.is_verified(), "{r:#?}");
    is(&run(&verifier(Some("nope"), None), &d), CheckId::Challenge, Invalid, Some("challenge_mismatch"));
}

#[test]
fn an_assertion_proof_does_not_authenticate_a_holder() {
    let (_, holder, b) = holder_and_badge();
    let p =
        sign(vp(Some(&holder.did), vec![Value::Object(b)]), &holder, "eddsa-rdfc-2022", "assertionMethod", json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::Proof, Invalid, Some("malformed_proof"));
    assert_eq!(r.summary, Summary::NotVerified);
}

#[test]
fn expired_holder_proof() {
    let (_, holder, b) = holder_and_badge();
    let p = signed_vp(&holder, vec![Value::Object(b.clone())], json!({"challenge": CHALLENGE, "expires": "2026-05-01T00:00:00Z"}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::Validity, Invalid, Some("expired"));
    assert_eq!(r.summary, Summary::Expired);
    let p = signed_vp(&holder, vec![Value::Object(b)], json!({"challenge": CHALLENGE, "expires": "2026-07-01T00:00:00Z"}));
    is(&run(&verifier(Some(CHALLENGE), None), &p), CheckId::Validity, Valid, None);
}

// ---------------------------------------------------------------------------------------------
// holder binding

#[test]
fn the_key_must_be_the_holders() {
    let (_, holder, b) = holder_and_badge();
    let other = key(3);
    // Names `holder` but is signed by `other`.
    let p =
        sign(vp(Some(&holder.did), vec![Value::Object(b)]), &other, "eddsa-rdfc-2022", "authentication", json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::Proof, Valid, None);
    is(&r, CheckId::IssuerKey, Invalid, Some("controller_mismatch"));
    is(&r, CheckId::Holder, Unknown, Some("holder_not_proven"));
    is(&r, CheckId::Challenge, Unknown, Some("not_checked"));
    assert_eq!(r.summary, Summary::NotVerified);
}

#[test]
fn a_presentation_without_holder_is_held_by_its_signer() {
    let (_, holder, b) = holder_and_badge();
    let p = sign(vp(None, vec![Value::Object(b)]), &holder, "eddsa-rdfc-2022", "authentication", json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::IssuerKey, Valid, None);
    assert!(!r.check(CheckId::IssuerKey).expect("key").warnings.is_empty(), "says the signer was taken as holder");
    is(&r, CheckId::Holder, Valid, None);
    assert_eq!(r.summary, Summary::VerifiedWithWarnings);
}

#[test]
fn someone_elses_credential_is_flagged() {
    let issuer = key(1);
    let holder = key(2);
    let mine = badge(&issuer, Some(&holder.did), "Mine");
    let theirs = badge(&issuer, Some("did:example:someone-else"), "Theirs");
    let p = signed_vp(&holder, vec![Value::Object(mine.clone()), Value::Object(theirs)], json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::Holder, Invalid, Some("holder_not_subject"));
    let reason = r.check(CheckId::Holder).and_then(|c| c.reason.clone()).unwrap_or_default();
    assert!(reason.contains("verifiableCredential[1]") && reason.contains("did:example:someone-else"), "{reason}");
    assert_eq!(st(&r, CheckId::Nested).0, Valid, "both members verify on their own");
    assert_eq!(r.summary, Summary::NotVerified);

    // A subject without id cannot be matched: unknown, not a pass.
    let anonymous = badge(&issuer, None, "Anonymous");
    let p = signed_vp(&holder, vec![Value::Object(mine), Value::Object(anonymous)], json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::Holder, Unknown, Some("subject_not_identified"));
    assert_eq!(r.summary, Summary::VerifiedWithWarnings);
}

// ---------------------------------------------------------------------------------------------
// members

#[test]
fn tampering_with_a_member_or_the_presentation() {
    let (_, holder, b) = holder_and_badge();
    let mut tampered = b.clone();
    tampered["name"] = json!("Data Structures (with honours)");
    // The holder re-signs the presentation around a credential they edited.
    let p = signed_vp(&holder, vec![Value::Object(b.clone()), Value::Object(tampered)], json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::Proof, Valid, None);
    is(&r, CheckId::Nested, Invalid, Some("member_not_verified"));
    assert!(r.check(CheckId::Nested).and_then(|c| c.reason.clone()).unwrap_or_default().contains("verifiableCredential[1]"));
    assert_eq!(r.summary, Summary::NotVerified);
    assert!(r.nested[0].report.summary.is_verified());
    is(&r.nested[1].report, CheckId::Proof, Invalid, Some("bad_signature"));

    // Editing a member after the holder signed breaks the holder's signature too; the members
    // are still reported on their own.
    let mut p = signed_vp(&holder, vec![Value::Object(b)], json!({"challenge": CHALLENGE}));
    p["verifiableCredential"][0]["name"] = json!("edited");
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::Proof, Invalid, Some("bad_signature"));
    is(&r, CheckId::Holder, Unknown, Some("not_checked"));
    assert_eq!(r.nested.len(), 1);
    is(&r.nested[0].report, CheckId::Proof, Invalid, Some("bad_signature"));
    assert_eq!(r.summary, Summary::NotVerified);
}

#[test]
fn unsigned_presentation_still_verifies_its_members() {
    let (_, holder, b) = holder_and_badge();
    let p = vp(Some(&holder.did), vec![Value::Object(b)]);
    let r = run(&verifier(None, None), &p);
    is(&r, CheckId::Proof, Invalid, Some("no_proof"));
    is(&r, CheckId::Holder, Unknown, Some("holder_not_proven"));
    is(&r, CheckId::Nested, Valid, None);
    assert_eq!(r.summary, Summary::NotVerified);
    assert!(r.nested[0].report.summary.is_verified(), "the credential inside is verified on its own");
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    is(&r, CheckId::Challenge, Invalid, Some("challenge_missing"));
}

#[test]
fn members_that_are_not_credentials() {
    let (_, holder, b) = holder_and_badge();
    let inner = signed_vp(&holder, vec![Value::Object(b)], json!({}));
    let p = signed_vp(&holder, vec![Value::Object(inner)], json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    assert_eq!(st(&r.nested[0].report, CheckId::Format), (Unknown, Some("not_a_credential".into())));
    is(&r, CheckId::Nested, Invalid, Some("member_not_verified"));

    let p = vp(Some(&holder.did), vec![json!(42)]);
    is(&run(&verifier(None, None), &p), CheckId::Format, Invalid, Some("invalid_member"));
}

#[test]
fn a_vc_jwt_member_goes_to_the_jwt_path() {
    let (_, holder, _) = holder_and_badge();
    // Header {"alg":"EdDSA"}, payload {"vc":{"credentialSubject":{"id":holder}}}, fake signature:
    // whatever the JWT path says, it must not be verified.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = json!({"iss": "did:example:issuer", "vc": {"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"],
        "credentialSubject": {"id": holder.did}}});
    let jwt = format!("{}.{}.{}", b64.encode(br#"{"alg":"EdDSA"}"#), b64.encode(payload.to_string()), b64.encode([7u8; 64]));
    let enveloped = json!({"@context": [VC2], "id": format!("data:application/vc+jwt,{jwt}"), "type": "EnvelopedVerifiableCredential"});
    // VC 1.1 embeds a VC-JWT as a string; VC 2.0 wraps it in an EnvelopedVerifiableCredential.
    let mut v1 = vp(Some(&holder.did), vec![json!(jwt)]);
    v1["@context"] = json!(["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"]);
    let v1 = sign(v1, &holder, "eddsa-rdfc-2022", "authentication", json!({"challenge": CHALLENGE}));
    let v2 = signed_vp(&holder, vec![enveloped], json!({"challenge": CHALLENGE}));
    for p in [v1, v2] {
        let r = run(&verifier(Some(CHALLENGE), None), &p);
        is(&r, CheckId::Format, Valid, None);
        is(&r, CheckId::Proof, Valid, None);
        assert_eq!(r.nested.len(), 1);
        let n = &r.nested[0];
        assert_eq!(n.report.securing, akashi_core::Securing::VcJwt, "{}", n.path);
        assert!(!n.report.summary.is_verified(), "{}: a JWT with a fake signature", n.path);
        is(&r, CheckId::Nested, Invalid, Some("member_not_verified"));
        // The subject was read from the JWT payload for the holder comparison.
        is(&r, CheckId::Holder, Valid, None);
    }
    // A bare string in a VC 2.0 presentation is refused with a clear reason.
    let bare = vp(Some(&holder.did), vec![json!(jwt)]);
    is(&run(&verifier(None, None), &bare), CheckId::Format, Invalid, Some("invalid_member"));
}

#[test]
fn too_many_members_are_not_checked() {
    let members: Vec<Value> = (0..akashi_core::verify::nested::MAX_MEMBERS + 3).map(|_| json!({})).collect();
    let r = run(&verifier(None, None), &vp(None, members));
    assert_eq!(r.nested.len(), akashi_core::verify::nested::MAX_MEMBERS + 1);
    let last = &r.nested.last().expect("last").report;
    assert_eq!(st(last, CheckId::Format), (Unknown, Some("too_many_credentials".into())));
    assert!(!last.summary.is_verified());
}

// ---------------------------------------------------------------------------------------------
// CLR 2.0 and nesting depth

fn clr(issuer: &Key, subject: &str, members: Vec<Value>, associations: Value) -> Map<String, Value> {
    let doc = obj(json!({
        "@context": [VC2, CLR2, OB3],
        "id": format!("urn:uuid:clr-{}", members.len()),
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Akashi Test Registrar"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Transcript",
        "credentialSubject": {
            "id": subject, "type": ["ClrSubject"], "verifiableCredential": members,
            "achievement": [{"id": "urn:uuid:degree", "type": ["Achievement"], "name": "BSc Computer Science",
                "description": "The degree.", "criteria": {"narrative": "All courses."}}],
            "association": associations,
        },
    }));
    sign(doc, issuer, "eddsa-rdfc-2022", "assertionMethod", json!({}))
}

#[test]
fn clr_members_associations_and_failures() {
    let registrar = key(4);
    let (issuer, holder, b) = holder_and_badge();
    let course = "https://university.example/achievements/data-structures";
    let assoc = json!([
        {"type": "Association", "associationType": "isPartOf", "sourceId": course, "targetId": "urn:uuid:degree"},
        {"type": "Association", "associationType": "isPartOf", "sourceId": "urn:uuid:missing-course", "targetId": "urn:uuid:degree"},
    ]);
    let c = clr(&registrar, &holder.did, vec![Value::Object(b.clone())], assoc.clone());
    let r = run(&verifier(None, None), &c);
    assert!(r.summary.is_verified(), "{r:#?}");
    is(&r, CheckId::Nested, Valid, None);
    assert_eq!((r.nested[0].relation, r.nested[0].path.as_str()), (Relation::ClrMember, "credentialSubject.verifiableCredential[0]"));
    assert_eq!(r.associations.len(), 2);
    let a = &r.associations[0];
    assert_eq!((a.association_type.as_str(), a.source_id.as_str(), a.target_id.as_str()), ("isPartOf", course, "urn:uuid:degree"));
    assert_eq!(a.source_path.as_deref(), Some("credentialSubject.verifiableCredential[0]"));
    assert_eq!(a.target_path.as_deref(), Some("credentialSubject.achievement[0]"));
    assert_eq!(r.associations[1].source_path, None, "dangling");
    let w = &r.check(CheckId::Nested).expect("nested").warnings;
    assert!(w.iter().any(|w| w.contains("urn:uuid:missing-course")), "the dangling id is a warning: {w:?}");

    // A member with a bad signature: the CLR is not verified, and says which member.
    let mut bad = badge(&issuer, Some(&holder.did), "Algorithms");
    bad["name"] = json!("Algorithms (edited)");
    let c = clr(&registrar, &holder.did, vec![Value::Object(b.clone()), Value::Object(bad)], json!([]));
    let r = run(&verifier(None, None), &c);
    is(&r, CheckId::Proof, Valid, None);
    is(&r, CheckId::Nested, Invalid, Some("member_not_verified"));
    assert!(r.check(CheckId::Nested).and_then(|c| c.reason.clone()).unwrap_or_default().contains("verifiableCredential[1]"));
    assert_eq!(r.summary, Summary::NotVerified);

    // An expired member is a warning, not a failure.
    let mut old = badge(&issuer, Some(&holder.did), "Old Course");
    old.insert("validUntil".into(), json!("2026-02-01T00:00:00Z"));
    let old = sign(old, &issuer, "eddsa-rdfc-2022", "assertionMethod", json!({}));
    let c = clr(&registrar, &holder.did, vec![Value::Object(b), Value::Object(old)], json!([]));
    let r = run(&verifier(None, None), &c);
    assert_eq!(r.nested[1].report.summary, Summary::Expired);
    is(&r, CheckId::Nested, Valid, None);
    assert!(r.check(CheckId::Nested).expect("n").warnings.iter().any(|w| w.contains("expired")));
    assert_eq!(r.summary, Summary::VerifiedWithWarnings);
}

#[test]
fn presentation_of_a_clr_of_a_badge() {
    let registrar = key(4);
    let (_, holder, b) = holder_and_badge();
    let c = clr(&registrar, &holder.did, vec![Value::Object(b)], json!([]));
    let p = signed_vp(&holder, vec![Value::Object(c)], json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    assert!(r.summary.is_verified(), "{r:#?}");
    let clr_r = &r.nested[0];
    assert_eq!(clr_r.relation, Relation::PresentationMember);
    assert!(clr_r.report.credential.types.iter().any(|t| t == "ClrCredential"));
    let inner = &clr_r.report.nested[0];
    assert_eq!(inner.relation, Relation::ClrMember);
    assert!(inner.report.summary.is_verified());
    assert_eq!(inner.report.credential.name.as_deref(), Some("Data Structures"));
}

#[test]
fn nesting_deeper_than_the_limit_is_never_verified() {
    let registrar = key(4);
    let (_, holder, b) = holder_and_badge();
    // VP (depth 0) > CLR (1) > CLR (2) > ... : the badge sits at depth MAX_NESTING + 1.
    let mut inner = Value::Object(b);
    for _ in 0..MAX_NESTING {
        inner = Value::Object(clr(&registrar, &holder.did, vec![inner], json!([])));
    }
    let p = signed_vp(&holder, vec![inner], json!({"challenge": CHALLENGE}));
    let r = run(&verifier(Some(CHALLENGE), None), &p);
    assert_eq!(r.summary, Summary::NotVerified, "a credential too deep to check is not verified");
    let mut n = &r.nested[0];
    let mut depth = 1;
    while let Some(next) = n.report.nested.first() {
        n = next;
        depth += 1;
    }
    assert_eq!(depth, MAX_NESTING as usize + 1);
    assert_eq!(st(&n.report, CheckId::Format), (Unknown, Some("too_deep".into())));
    assert_eq!(n.report.credential.name.as_deref(), Some("Data Structures"), "named, though not checked");

    // One level less fits.
    let registrar = key(4);
    let (_, holder, b) = holder_and_badge();
    let mut inner = Value::Object(b);
    for _ in 0..MAX_NESTING - 1 {
        inner = Value::Object(clr(&registrar, &holder.did, vec![inner], json!([])));
    }
    let p = signed_vp(&holder, vec![inner], json!({"challenge": CHALLENGE}));
    assert!(run(&verifier(Some(CHALLENGE), None), &p).summary.is_verified());
}

// ---------------------------------------------------------------------------------------------
// endorsements

fn endorsement(endorser: &Key, subject: &str, name: &str) -> Map<String, Value> {
    let doc = obj(json!({
        "@context": [VC2, OB3],
        "id": format!("urn:uuid:endorsement-{}", name.len()),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": endorser.did, "type": ["Profile"], "name": name},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": format!("{name} endorsement"),
        "credentialSubject": {"id": subject, "type": ["EndorsementSubject"], "endorsementComment": "Rigorous course."},
    }));
    sign(doc, endorser, "eddsa-rdfc-2022", "assertionMethod", json!({}))
}

#[test]
fn endorsements_are_verified_and_listed_but_never_break_the_badge() {
    let issuer = key(1);
    let holder = key(2);
    let board = key(5);
    let rogue = key(6);
    let course = "https://university.example/achievements/data-structures";
    let good = endorsement(&board, course, "Accreditation Board");
    let mut forged = endorsement(&rogue, course, "Rogue Board");
    forged["credentialSubject"]["endorsementComment"] = json!("Edited after signing.");
    let elsewhere = endorsement(&board, "https://other.example/achievements/x", "Accreditation Board Too");

    let mut b = badge(&issuer, Some(&holder.did), "Data Structures");
    b.remove("proof");
    b["credentialSubject"]["achievement"]["endorsement"] = json!([good, forged, elsewhere]);
    let b = sign(b, &issuer, "eddsa-rdfc-2022", "assertionMethod", json!({}));
    let r = run(&verifier(None, None), &b);
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "{r:#?}");
    is(&r, CheckId::Nested, Valid, None);
    assert_eq!(r.nested.len(), 3);
    assert!(r.nested.iter().all(|n| n.relation == Relation::Endorsement));
    assert_eq!(r.nested[0].path, "credentialSubject.achievement.endorsement[0]");
    assert!(r.nested[0].report.summary.is_verified());
    assert_eq!(r.nested[0].report.credential.issuer_name.as_deref(), Some("Accreditation Board"), "the endorser");
    is(&r.nested[1].report, CheckId::Proof, Invalid, Some("bad_signature"));
    let c = r.check(CheckId::Nested).expect("nested");
    assert!(c.reason.as_deref().unwrap_or("").contains("Accreditation Board (verified)"), "{:?}", c.reason);
    assert!(c.warnings.iter().any(|w| w.contains("Rogue Board") && w.contains("not verified")), "{:?}", c.warnings);
    assert!(
        c.warnings.iter().any(|w| w.contains("endorsement[2]") && w.contains("other.example")),
        "endorses something else: {:?}",
        c.warnings
    );

    // On the issuer profile and as a JWT string (which the JWT path judges on its own).
    let mut b = badge(&issuer, Some(&holder.did), "Data Structures");
    b.remove("proof");
    b["issuer"]["endorsement"] = json!([endorsement(&board, &issuer.did, "Accreditation Board")]);
    b.insert("endorsementJwt".into(), json!(["eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZTp4In0.c2ln"]));
    // The bundled OB 3.0.3 context predates the endorsementJwt term: define it inline.
    b["@context"].as_array_mut().expect("contexts").push(json!({"endorsementJwt": {
        "@id": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#endorsementJwt", "@container": "@set"}}));
    let b = sign(b, &issuer, "eddsa-rdfc-2022", "assertionMethod", json!({}));
    let r = run(&verifier(None, None), &b);
    assert!(r.summary.is_verified(), "{r:#?}");
    let paths: Vec<&str> = r.nested.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(paths, ["endorsementJwt[0]", "issuer.endorsement[0]"]);
    assert!(r.nested[1].report.summary.is_verified());
    assert!(!r.nested[0].report.summary.is_verified());
}

/// A CLR member outside an `@graph` container that shares the CLR's id merges into the same
/// RDF node: the proof check must still see exactly what the issuer signed.
#[test]
fn clr_member_with_the_same_id_as_the_clr() {
    let registrar = key(4);
    let (_, holder, b) = holder_and_badge();
    let c1 = clr(&registrar, &holder.did, vec![Value::Object(b)], json!([]));
    let c2 = clr(&registrar, &holder.did, vec![Value::Object(c1.clone())], json!([]));
    assert_eq!(c1.get("id"), c2.get("id"));
    let r = run(&verifier(None, None), &c2);
    is(&r, CheckId::Proof, Valid, None);
    assert!(r.summary.is_verified(), "{r:#?}");
    // Dropping the member's proof (the issuer signed it with it) is still detected.
    let mut stripped = c2.clone();
    stripped["credentialSubject"]["verifiableCredential"][0].as_object_mut().expect("member").remove("proof");
    is(&run(&verifier(None, None), &stripped), CheckId::Proof, Invalid, Some("bad_signature"));
}

// ---------------------------------------------------------------------------------------------
// hostile input

/// Every field of a signed presentation (holding a CLR holding a badge with an endorsement)
/// replaced by values of the wrong shape: never a panic, always a report, and never
/// "verified" unless the change kept the signed RDF identical (a string type vs a list of one).
#[test]
fn mutated_containers_never_panic() {
    let registrar = key(4);
    let (issuer, holder, _) = holder_and_badge();
    let mut b = badge(&issuer, Some(&holder.did), "Data Structures");
    b.remove("proof");
    b["credentialSubject"]["achievement"]["endorsement"] =
        json!([endorsement(&key(5), "https://university.example/achievements/data-structures", "Board")]);
    let b = sign(b, &issuer, "eddsa-rdfc-2022", "assertionMethod", json!({}));
    let c = clr(
        &registrar,
        &holder.did,
        vec![Value::Object(b)],
        json!([{"type": "Association", "associationType": "isPartOf", "sourceId": "x", "targetId": "y"}]),
    );
    let p = signed_vp(&holder, vec![Value::Object(c)], json!({"challenge": CHALLENGE}));
    let v = verifier(Some(CHALLENGE), None);
    assert!(run(&v, &p).summary.is_verified());

    let replacements =
        [json!(null), json!(7), json!("x"), json!([]), json!([1, "a", null]), json!({}), json!({"id": 1}), json!([{"@context": 5}])];
    // Paths to mutate: every key of every object, down to the badge inside the CLR.
    fn paths(v: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    let mut p = at.clone();
                    p.push(k.clone());
                    out.push(p.clone());
                    paths(x, p, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate().take(2) {
                    let mut p = at.clone();
                    p.push(i.to_string());
                    paths(x, p, out);
                }
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    paths(&Value::Object(p.clone()), Vec::new(), &mut all);
    assert!(all.len() > 80, "{} paths", all.len());
    let mut runs = 0;
    for path in all.iter().filter(|p| !p.iter().any(|k| k == "@context")).step_by(3) {
        for r in &replacements {
            let mut doc = Value::Object(p.clone());
            let mut slot = &mut doc;
            for k in path {
                slot = match slot {
                    Value::Object(o) => o.get_mut(k).expect("key"),
                    Value::Array(a) => &mut a[k.parse::<usize>().expect("index")],
                    _ => unreachable!(),
                };
            }
            *slot = r.clone();
            let Value::Object(m) = doc else { unreachable!() };
            let rep = run(&v, &m);
            runs += 1;
            assert!(!rep.checks.is_empty());
            if rep.summary.is_verified() {
                // Only a change that leaves the signed RDF identical can still verify.
                assert!(path.last().is_some_and(|k| k == "type") && r.is_string(), "{path:?} = {r} verified");
            }
        }
    }
    assert!(runs > 200, "{runs} mutations");
}
