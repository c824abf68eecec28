//! The W3C vc-di-eddsa test vectors (../shared/fixtures/eddsa): every intermediate value
//! (canonical document, canonical proof config, both hashes, the signature) and the
//! signature itself, for eddsa-rdfc-2022, eddsa-jcs-2022 and Ed25519Signature2020.

use akashi_core::verify::proof::Suite;
use akashi_core::{CheckId, CheckStatus, Verifier, VerifyOptions};
use serde_json::{Map, Value};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn read(rel: &str) -> String {
    String::from_utf8(crate::common::fixture(rel)).expect("utf-8")
}

fn obj(rel: &str) -> Map<String, Value> {
    serde_json::from_slice(&crate::common::fixture(rel)).expect("json object")
}

fn key() -> [u8; 32] {
    let kp = obj("eddsa/TestVectors/keyPair.json");
    let mb = kp["publicKeyMultibase"].as_str().expect("key");
    let bytes = bs58::decode(&mb[1..]).into_vec().expect("b58");
    assert_eq!(&bytes[..2], &[0xed, 0x01]);
    bytes[2..].try_into().expect("32 bytes")
}

/// Checks one vector directory; returns the number of values compared.
fn check_vector(dir: &str, tag: &str, signed: &str) -> usize {
    let doc = obj(&format!("{dir}/{signed}"));
    let proof = doc["proof"].as_object().expect("one proof").clone();
    let suite = Suite::detect(&proof).expect("supported suite");
    let hd = suite.hash_data(&doc, &proof).expect("hash data");
    let t = |name: &str| read(&format!("{dir}/{name}{tag}.txt")).trim_end_matches('\n').to_owned();

    assert_eq!(String::from_utf8_lossy(&hd.canonical_document).trim_end_matches('\n'), t("canonDoc"), "{dir}: canonical document");
    assert_eq!(
        String::from_utf8_lossy(&hd.canonical_proof_config).trim_end_matches('\n'),
        t("proofCanon"),
        "{dir}: canonical proof config"
    );
    assert_eq!(hex(&hd.hash_data[32..]), t("docHash"), "{dir}: document hash");
    assert_eq!(hex(&hd.hash_data[..32]), t("proofHash"), "{dir}: proof hash");
    assert_eq!(hex(&hd.hash_data), t("combinedHash"), "{dir}: combined hash");
    let pv = proof["proofValue"].as_str().expect("proofValue");
    assert_eq!(pv, t("sigBTC58"), "{dir}: proofValue");
    assert_eq!(hex(&bs58::decode(&pv[1..]).into_vec().expect("b58")), t("sigHex"), "{dir}: signature hex");
    assert!(suite.verify(&doc, &proof, &key()).expect("verifiable"), "{dir}: signature must verify");

    // Tampering with any signed value breaks it.
    let mut tampered = doc.clone();
    tampered.insert("issuer".into(), Value::String("https://vc.example/issuers/9999".into()));
    assert!(!suite.verify(&tampered, &proof, &key()).expect("verifiable"), "{dir}: tampered must fail");
    8
}

#[test]
fn eddsa_rdfc_2022_vector() {
    assert_eq!(check_vector("eddsa/TestVectors/eddsa-rdfc-2022", "DataInt", "signedDataInt.json"), 8);
}

#[test]
fn eddsa_rdfc_2022_employment_vector() {
    check_vector("eddsa/TestVectors/eddsa-rdfc-2022/employ", "DataInt", "signedDataInt.json");
}

#[test]
fn eddsa_jcs_2022_vector() {
    check_vector("eddsa/TestVectors/eddsa-jcs-2022", "JCS", "signedJCS.json");
}

#[test]
fn ed25519_signature_2020_vector() {
    check_vector("eddsa/TestVectors/Ed25519Signature2020", "EdSig", "signedEdSig.json");
}

/// Through the whole verifier: the proof verifies, but the vectors sign with a did:key that
/// is not the credential's issuer (https://vc.example/issuers/5678), so the issuer-key check
/// must refuse to call the credential the issuer's.
#[test]
fn vectors_through_the_verifier() {
    let v = Verifier::new(VerifyOptions { offline: true, ..Default::default() }).expect("verifier");
    for f in [
        "eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json",
        "eddsa/TestVectors/eddsa-jcs-2022/signedJCS.json",
        "eddsa/TestVectors/Ed25519Signature2020/signedEdSig.json",
        "eddsa/TestVectors/eddsa-rdfc-2022/employ/signedDataInt.json",
    ] {
        let r = v.verify(&crate::common::fixture(f)).expect("readable");
        assert_eq!(r.check(CheckId::Format).map(|c| c.status), Some(CheckStatus::Valid), "{f}: {:?}", r.check(CheckId::Format));
        assert_eq!(r.check(CheckId::Proof).map(|c| c.status), Some(CheckStatus::Valid), "{f}: {:?}", r.check(CheckId::Proof));
        let key = r.check(CheckId::IssuerKey).expect("issuer key check");
        assert_eq!((key.status, key.code.as_deref()), (CheckStatus::Invalid, Some("controller_mismatch")), "{f}");
        assert!(!r.summary.is_verified());
    }
}

/// Proof sets and chains: every proof verifies (chains sign their previous proof too).
#[test]
fn proof_sets_and_chains() {
    for f in ["signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json"] {
        let doc = obj(&format!("eddsa/TestVectors/proof-set-chain/{f}"));
        let proofs = match &doc["proof"] {
            Value::Array(a) => a.clone(),
            p => vec![p.clone()],
        };
        for p in proofs {
            let p = p.as_object().expect("proof").clone();
            let vm = p["verificationMethod"].as_str().expect("vm");
            let mb = vm.split('#').nth(1).expect("fragment");
            let bytes = bs58::decode(&mb[1..]).into_vec().expect("b58");
            let key: [u8; 32] = bytes[2..].try_into().expect("32");
            let suite = Suite::detect(&p).expect("suite");
            assert!(suite.verify(&doc, &p, &key).expect("verifiable"), "{f}: proof by {vm}");
        }
    }
}

/// 1EdTech's OB 3.0 and CLR 2.0 implementation-guide vectors: canonical document, canonical
/// proof config, both hashes, the signed bytes and the signature.
#[test]
fn one_edtech_ldp_vectors() {
    for dir in ["ob3/1edtech-spec-ldp-test-vector", "other/1edtech-spec-clr-ldp-test-vector"] {
        let doc = obj(&format!("{dir}/credential-signed.json"));
        let proof = doc["proof"].as_object().or_else(|| doc["proof"][0].as_object()).expect("proof").clone();
        let suite = Suite::detect(&proof).expect("suite");
        let hd = suite.hash_data(&doc, &proof).expect("hash data");
        assert_eq!(String::from_utf8_lossy(&hd.canonical_document), read(&format!("{dir}/document-canon.txt")), "{dir}: document");
        assert_eq!(String::from_utf8_lossy(&hd.canonical_proof_config), read(&format!("{dir}/proof-canon.txt")), "{dir}: proof config");
        let v = obj(&format!("{dir}/vector.json"));
        assert_eq!(hex(&hd.hash_data[32..]), v["documentHashHex"].as_str().expect("doc hash"), "{dir}");
        assert_eq!(hex(&hd.hash_data[..32]), v["proofHashHex"].as_str().expect("proof hash"), "{dir}");
        assert_eq!(hex(&hd.hash_data), v["dataToSignHex"].as_str().expect("data"), "{dir}");
        let pk: [u8; 32] = (0..32)
            .map(|i| u8::from_str_radix(&v["publicKeyHex"].as_str().expect("pk")[2 * i..2 * i + 2], 16).expect("hex"))
            .collect::<Vec<u8>>()
            .try_into()
            .expect("32");
        assert!(suite.verify(&doc, &proof, &pk).expect("verifiable"), "{dir}: signature");
    }
}
