//! The schema check (`credentialSchema`, type `1EdTechJsonSchemaValidator2019`) against the
//! bundled 1EdTech OB 3.0 / CLR 2.0 schemas: the third-party fixtures that declare a schema,
//! the repository's example, broken variants of real credentials, and a credential signed
//! here with a generated key whose only defect is a schema violation.

use akashi_core::parse::credential::Credential;
use akashi_core::verify::proof::Suite;
use akashi_core::verify::schema;
use akashi_core::{Check, CheckId, CheckSource, CheckStatus, Report, Summary, Verifier, VerifyOptions};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Map, Value};

const OB_SCHEMA: &str = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

fn doc(rel: &str) -> Map<String, Value> {
    serde_json::from_slice(&crate::common::fixture(rel)).unwrap()
}

fn example() -> Map<String, Value> {
    serde_json::from_slice(&std::fs::read(crate::common::repo_root().join("examples/credentials/micro-credential.json")).unwrap()).unwrap()
}

fn schema_check(d: &Map<String, Value>) -> Option<Check> {
    schema::check(&Credential::new(d.clone()))
}

fn verify(bytes: &[u8]) -> Report {
    Verifier::new(VerifyOptions { offline: true, ..Default::default() }).unwrap().verify(bytes).unwrap()
}

fn status_code(c: &Check) -> (CheckStatus, Option<&str>) {
    (c.status, c.code.as_deref())
}

/// Fixtures whose proof verifies and that declare only bundled schemas: the schema check is
/// part of the full report and passes (sources: "valid"; complete.json's "invalid" is a 404
/// on an endorsement's unbundled schema URL, see the endorsement case below).
#[test]
fn fixtures_that_declare_bundled_schemas_conform() {
    let cases = [
        "ob3/1edtech-validator/complete.json",
        "ob3/1edtech-validator/endorsement-valid.json",
        "other/1edtech-validator-clr20/simple.json",
        "other/1edtech-spec-clr-ldp-test-vector/credential-signed.json",
    ];
    for rel in cases {
        let r = verify(&crate::common::fixture(rel));
        let c = r.check(CheckId::Schema).unwrap_or_else(|| panic!("{rel}: no schema check"));
        assert_eq!(status_code(c), (CheckStatus::Valid, None), "{rel}: {c:?}");
        assert_eq!(c.source, CheckSource::Bundled);
        assert!(r.summary.is_verified(), "{rel}: {:?}", r.summary);
    }
    let r = verify(&std::fs::read(crate::common::repo_root().join("examples/credentials/micro-credential.json")).unwrap());
    assert_eq!(status_code(r.check(CheckId::Schema).unwrap()), (CheckStatus::Valid, None));
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "only trust is unknown");
}

/// The CLR test vector's inner AchievementCredential declares the OB schema and conforms.
#[test]
fn nested_clr_member_conforms_to_the_ob_schema() {
    let clr = doc("other/1edtech-spec-clr-ldp-test-vector/credential-signed.json");
    let member = clr["credentialSubject"]["verifiableCredential"][0].as_object().unwrap().clone();
    assert_eq!(member["credentialSchema"][0]["id"], OB_SCHEMA);
    assert_eq!(status_code(&schema_check(&member).unwrap()), (CheckStatus::Valid, None));
}

#[test]
fn missing_required_fields_are_schema_mismatches_naming_pointers() {
    let base = doc("ob3/1edtech-validator/complete.json");
    assert_eq!(schema_check(&base).unwrap().status, CheckStatus::Valid);

    let mut d = base.clone();
    d["credentialSubject"]["achievement"].as_object_mut().unwrap().remove("criteria");
    let c = schema_check(&d).unwrap();
    assert_eq!(status_code(&c), (CheckStatus::Invalid, Some("schema_mismatch")));
    let reason = c.reason.unwrap();
    assert!(reason.contains(OB_SCHEMA), "{reason}");
    assert!(reason.contains("/credentialSubject/achievement/criteria"), "{reason}");

    // Wrong shapes are named by location, never by value.
    let mut d = base.clone();
    d.insert("validFrom".into(), json!("yesterday-ish"));
    d["issuer"]["type"] = json!(["Issuer"]);
    let c = schema_check(&d).unwrap();
    assert_eq!(status_code(&c), (CheckStatus::Invalid, Some("schema_mismatch")));
    let reason = c.reason.unwrap();
    assert!(reason.contains("/validFrom") && reason.contains("/issuer"), "{reason}");
    assert!(!reason.contains("yesterday-ish") && !reason.contains("\"Issuer\""), "no values: {reason}");

    // The context order is part of the schema: VC 2.0 first, then an OB 3.0 context.
    let mut d = base.clone();
    d.insert("@context".into(), json!(["https://www.w3.org/ns/credentials/v2", "https://contexts.test/other.json"]));
    let c = schema_check(&d).unwrap();
    assert_eq!(status_code(&c), (CheckStatus::Invalid, Some("schema_mismatch")));
    assert!(c.reason.unwrap().contains("/@context"));

    // The OB 3.0 type set is required.
    let mut d = base.clone();
    d.insert("type".into(), json!(["VerifiableCredential"]));
    assert_eq!(schema_check(&d).unwrap().status, CheckStatus::Invalid);

    // CLR: verifiableCredential is required in the ClrSubject.
    let mut clr = doc("other/1edtech-validator-clr20/simple.json");
    clr["credentialSubject"].as_object_mut().unwrap().remove("verifiableCredential");
    let c = schema_check(&clr).unwrap();
    assert_eq!(status_code(&c), (CheckStatus::Invalid, Some("schema_mismatch")));
    assert!(c.reason.unwrap().contains("/credentialSubject/verifiableCredential"));

    // Endorsements: the EndorsementSubject needs an id (what is endorsed).
    let mut e = doc("ob3/1edtech-validator/endorsement-valid.json");
    e["credentialSubject"].as_object_mut().unwrap().remove("id");
    assert_eq!(status_code(&schema_check(&e).unwrap()), (CheckStatus::Invalid, Some("schema_mismatch")));
}

#[test]
fn json_ld_compaction_is_accepted() {
    // OB 3.0 allows a single value for type / proof / credentialSchema in JSON-LD.
    let mut d = doc("ob3/1edtech-validator/complete.json");
    let proof = d["proof"][0].clone();
    d.insert("proof".into(), proof);
    let schema_entry = d["credentialSchema"][0].clone();
    d.insert("credentialSchema".into(), schema_entry);
    d["credentialSubject"]["type"] = json!("AchievementSubject");
    assert_eq!(status_code(&schema_check(&d).unwrap()), (CheckStatus::Valid, None));
}

#[test]
fn unbundled_and_unsupported_schemas_are_unknown() {
    // The 1EdTech validator fetches these and gets 404s; Akashi never fetches.
    let mut d = example();
    d.insert("credentialSchema".into(), json!([{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}, {"id": "https://accrediter.edu/schema/endorsementcredential.json", "type": "1EdTechJsonSchemaValidator2019"}]));
    let c = schema_check(&d).unwrap();
    assert_eq!(status_code(&c), (CheckStatus::Unknown, Some("schema_not_bundled")));
    let reason = c.reason.unwrap();
    assert!(reason.contains("https://accrediter.edu/schema/endorsementcredential.json") && reason.contains(OB_SCHEMA), "{reason}");

    d.insert("credentialSchema".into(), json!({"id": "https://example.test/s.json", "type": "JsonSchemaValidator2018"}));
    assert_eq!(status_code(&schema_check(&d).unwrap()), (CheckStatus::Unknown, Some("unsupported_schema_type")));

    // A failure still wins over an unchecked one, which becomes a warning.
    d.insert("credentialSchema".into(), json!([{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}, {"id": "https://example.test/s.json", "type": "1EdTechJsonSchemaValidator2019"}]));
    d.remove("credentialSubject");
    let c = schema_check(&d).unwrap();
    assert_eq!(status_code(&c), (CheckStatus::Invalid, Some("schema_mismatch")));
    assert_eq!(c.warnings.len(), 1, "{c:?}");

    // The VCDM 1.1-era URL of complete_v1.json is not bundled.
    let v1 = doc("ob3/1edtech-validator/complete_v1.json");
    assert_eq!(status_code(&schema_check(&v1).unwrap()), (CheckStatus::Unknown, Some("schema_not_bundled")));
}

#[test]
fn no_or_malformed_credential_schema() {
    let mut d = example();
    d.remove("credentialSchema");
    assert!(schema_check(&d).is_none(), "no declared schema: no check");
    d.insert("credentialSchema".into(), json!([]));
    assert!(schema_check(&d).is_none(), "empty: nothing declared");
    // safeModeBreaker.json declares `credentialSchema: []`.
    assert!(schema_check(&doc("ob3/dcc-verifier-core/eddsa/v2/safeModeBreaker.json")).is_none());
    d.insert(
        "credentialSchema".into(),
        json!(["https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"]),
    );
    assert_eq!(status_code(&schema_check(&d).unwrap()), (CheckStatus::Invalid, Some("malformed_credential_schema")));
}

/// The VCDM 1.1 OB 3.0 credential (issuanceDate, v1 context) fails the VCDM 2.0 schema, as it
/// does in the 1EdTech validator (simple-err-issuer's JsonSchemaProbe failure has the same
/// cause class: a required member missing).
#[test]
fn vcdm_1_1_credentials_fail_the_vcdm_2_schema() {
    let mut d = doc("ob3/1edtech-validator/simple_v1.json");
    d.insert("credentialSchema".into(), json!([{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]));
    let c = schema_check(&d).unwrap();
    assert_eq!(status_code(&c), (CheckStatus::Invalid, Some("schema_mismatch")));
    assert!(c.reason.unwrap().contains("/validFrom"));
    let mut d = doc("ob3/1edtech-validator/simple-err-issuer.json");
    d.insert("credentialSchema".into(), json!([{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]));
    let c = schema_check(&d).unwrap();
    assert!(c.reason.unwrap().contains("/issuer"), "the missing issuer is named");
}

fn multikey(sk: &SigningKey) -> String {
    let mut b = vec![0xed, 0x01];
    b.extend_from_slice(&sk.verifying_key().to_bytes());
    format!("z{}", bs58::encode(b).into_string())
}

/// Signs the repository's unsigned example with a generated did:key, after `edit`.
fn signed(edit: impl Fn(&mut Map<String, Value>)) -> Vec<u8> {
    let sk = SigningKey::from_bytes(&[42u8; 32]);
    let did = format!("did:key:{}", multikey(&sk));
    let mut d: Map<String, Value> = serde_json::from_slice(
        &std::fs::read(crate::common::repo_root().join("examples/credentials/micro-credential.unsigned.json")).unwrap(),
    )
    .unwrap();
    d["issuer"]["id"] = json!(did);
    edit(&mut d);
    let proof = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2026-04-01T00:00:00Z",
        "verificationMethod": format!("{did}#{}", multikey(&sk)), "proofPurpose": "assertionMethod"});
    let mut proof = proof.as_object().unwrap().clone();
    let hd = Suite::EddsaRdfc2022 { legacy_name: false }.hash_data(&d, &proof).unwrap();
    proof.insert("proofValue".into(), json!(format!("z{}", bs58::encode(sk.sign(&hd.hash_data).to_bytes()).into_string())));
    d.insert("proof".into(), Value::Object(proof));
    serde_json::to_vec(&d).unwrap()
}

#[test]
fn a_signed_credential_that_breaks_its_schema_is_not_verified() {
    let good = verify(&signed(|_| {}));
    assert_eq!(good.check(CheckId::Proof).unwrap().status, CheckStatus::Valid, "{good:#?}");
    assert_eq!(status_code(good.check(CheckId::Schema).unwrap()), (CheckStatus::Valid, None));
    assert_eq!(good.summary, Summary::VerifiedWithWarnings);

    // Authentic (the issuer signed it) but the achievement lacks its required description.
    let bad = verify(&signed(|d| {
        d["credentialSubject"]["achievement"].as_object_mut().unwrap().remove("description");
    }));
    assert_eq!(bad.check(CheckId::Proof).unwrap().status, CheckStatus::Valid);
    let c = bad.check(CheckId::Schema).unwrap();
    assert_eq!(status_code(c), (CheckStatus::Invalid, Some("schema_mismatch")));
    assert!(c.reason.as_deref().unwrap().contains("/credentialSubject/achievement/description"));
    assert_eq!(bad.summary, Summary::NotVerified);

    // A declared schema that cannot be checked only warns.
    let unknown = verify(&signed(|d| {
        d.insert(
            "credentialSchema".into(),
            json!([{"id": "https://university.example/schemas/micro.json", "type": "1EdTechJsonSchemaValidator2019"}]),
        );
    }));
    assert_eq!(status_code(unknown.check(CheckId::Schema).unwrap()), (CheckStatus::Unknown, Some("schema_not_bundled")));
    assert_eq!(unknown.summary, Summary::VerifiedWithWarnings);
}
