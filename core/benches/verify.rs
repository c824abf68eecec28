//! Criterion benchmark: warm verification of one eddsa-rdfc-2022 / did:key credential.
//!
//! ```text
//! cargo bench -p akashi-core --bench verify
//! ```
//!
//! Input, first found wins:
//! 1. `AKASHI_BENCH_CREDENTIAL=<path>`;
//! 2. the repository's example credentials `examples/credentials/*.json` (the first one, by name,
//!    with an `eddsa-rdfc-2022` proof);
//! 3. the DCC verifier-core fixture `v2/v2OBv3SpecExample.json` (eddsa-rdfc-2022, did:key, no
//!    status) from the shared fixtures (`$AKASHI_SHARED/fixtures`, default `../shared/fixtures`
//!    beside the repository), read in place.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use akashi_core::{Verifier, VerifyOptions};
use criterion::{criterion_group, criterion_main, Criterion};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".."))
}

fn find_credential() -> PathBuf {
    if let Some(p) = std::env::var_os("AKASHI_BENCH_CREDENTIAL") {
        return PathBuf::from(p);
    }
    let root = repo_root();
    let examples = root.join("examples").join("credentials");
    if let Ok(dir) = std::fs::read_dir(&examples) {
        let mut files: Vec<PathBuf> =
            dir.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
        files.sort();
        if let Some(p) = files.into_iter().find(|p| std::fs::read_to_string(p).is_ok_and(|s| s.contains("\"eddsa-rdfc-2022\""))) {
            return p;
        }
    }
    let shared = std::env::var_os("AKASHI_SHARED")
        .map(|s| PathBuf::from(s).join("fixtures"))
        .unwrap_or_else(|| root.join("..").join("shared").join("fixtures"));
    let fixture = shared.join("ob3").join("dcc-verifier-core").join("v2").join("v2OBv3SpecExample.json");
    if fixture.exists() {
        return fixture;
    }
    panic!(
        "no input credential: set AKASHI_BENCH_CREDENTIAL, add examples/credentials/*.json \
         (eddsa-rdfc-2022), or provide {}",
        fixture.display()
    );
}

fn bench_verify(c: &mut Criterion) {
    let path = find_credential();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let verifier = Verifier::new(VerifyOptions { offline: true, ..Default::default() }).expect("verifier options");
    let report = verifier.verify(&bytes).expect("readable credential");
    assert!(report.summary.is_verified(), "{} does not verify: {:?}", path.display(), report.summary);
    eprintln!("benchmarking warm verification of {}", path.display());

    c.bench_function("verify eddsa-rdfc-2022 did:key (warm, offline)", |b| b.iter(|| verifier.verify(black_box(&bytes))));
}

/// The stages of the same verification, to show where the time goes and what the floor is:
/// the Ed25519 check alone bounds how fast any verifier of this credential can be.
fn bench_stages(c: &mut Criterion) {
    use akashi_core::verify::proof::Suite;
    use ed25519_dalek::{Signature, VerifyingKey};
    let path = find_credential();
    let bytes = std::fs::read(&path).expect("credential");
    let doc: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&bytes).expect("json object");
    let proof = match &doc["proof"] {
        serde_json::Value::Array(a) => a[0].as_object().expect("proof").clone(),
        p => p.as_object().expect("proof").clone(),
    };
    let suite = Suite::detect(&proof).expect("suite");
    let quads = akashi_core::parse::jsonld::to_rdf(&doc).expect("expands");
    let hd = suite.hash_data_with(&doc, &proof, Some(&quads)).expect("hash data");
    let resolver = akashi_core::resolve::KeyResolver::new(None, true);
    let vm = proof["verificationMethod"].as_str().expect("vm");
    let key = resolver.resolve(vm, None, "assertionMethod").expect("did:key");
    let pk = VerifyingKey::from_bytes(key.public_key.ed25519().expect("Ed25519")).expect("key");
    let pv = proof["proofValue"].as_str().expect("proofValue");
    let sig_bytes: [u8; 64] = bs58::decode(&pv[1..]).into_vec().expect("b58").try_into().expect("64 bytes");
    let sig = Signature::from_bytes(&sig_bytes);
    assert!(pk.verify_strict(&hd.hash_data, &sig).is_ok(), "the signature verifies");

    c.bench_function("stage: JSON parse of the input (serde_json)", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(black_box(&bytes)))
    });
    c.bench_function("stage: JSON-LD expansion of the document", |b| b.iter(|| akashi_core::parse::jsonld::to_rdf(black_box(&doc))));
    c.bench_function("stage: RDFC-1.0 of the document", |b| b.iter(|| akashi_core::canon::rdfc::canonicalize(black_box(&quads))));
    c.bench_function("stage: Ed25519 verify_strict alone (the floor)", |b| {
        b.iter(|| pk.verify_strict(black_box(&hd.hash_data), black_box(&sig)))
    });
}

criterion_group!(benches, bench_verify, bench_stages);
criterion_main!(benches);
