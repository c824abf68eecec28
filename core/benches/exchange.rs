//! Criterion benchmark of the holder side of issue 6, for a one-credential presentation of the
//! example micro-credential (every JP/EU descriptor, `examples/credentials/micro-credential.json`):
//!
//! - `exchange/sign`: build and sign the presentation (eddsa-rdfc-2022: RDFC-1.0 of the whole
//!   presentation and of the proof configuration, Ed25519), answering a request;
//! - `exchange/wallet_present`: the same from an encrypted wallet, as the app calls it (read the
//!   badge's bytes, sign, write the activity-log entry in one transaction);
//! - `exchange/verify`: verify it against the verifier's own request (holder proof, holder key,
//!   challenge and domain, the credential on its own: proof, schema, validity, offline).
//!
//! The QR part (render, decode, frames) is measured by the transport's own benchmark.
//!
//! ```text
//! cargo bench -p akashi-core --bench exchange
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};

use akashi_core::present::{sign_presentation, verify_presentation, Expectation, HolderKey, PresentationRequest, DEFAULT_LIFETIME_SECS};
use akashi_core::wallet::{ImportSource, KeyStore, KeyStoreError, Wallet};
use akashi_core::{Verifier, VerifyOptions};
use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".."))
}

struct BenchKey;
impl KeyStore for BenchKey {
    fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError> {
        Ok(vec![9; 32])
    }
}

fn bench(c: &mut Criterion) {
    let bytes =
        std::fs::read(repo_root().join("examples/credentials/micro-credential.json")).expect("examples/credentials/micro-credential.json");
    let credential: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("time").with_timezone(&Utc);
    let key = HolderKey::from_seed(&[5; 32]);
    let request = PresentationRequest::new("careers.acme.example", "ACME Careers", 600, now).expect("request");
    let verifier = Verifier::new(VerifyOptions { offline: true, now: Some(now), ..Default::default() }).expect("verifier");

    let p = sign_presentation(&key, vec![credential.clone()], Some(&request), now, DEFAULT_LIFETIME_SECS).expect("sign");
    let expect = Expectation::Request(request.clone());
    let report = verify_presentation(&verifier, p.text.as_bytes(), &expect).expect("verify");
    assert!(report.summary.is_verified(), "{report:#?}");
    eprintln!("one-credential presentation: {} bytes of JSON", p.text.len());

    let mut g = c.benchmark_group("exchange");
    g.bench_function("sign", |b| {
        b.iter(|| sign_presentation(&key, vec![black_box(credential.clone())], Some(&request), now, DEFAULT_LIFETIME_SECS).expect("sign"))
    });

    let dir = std::env::temp_dir().join(format!("akashi-bench-present-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let wallet = Wallet::open(&dir.join("w.db"), &BenchKey, verifier.clone()).expect("wallet");
    let id = wallet.import_bytes(&bytes, ImportSource::File).expect("import").id();
    wallet.holder_did().expect("holder");
    g.bench_function("wallet_present", |b| b.iter(|| wallet.present(black_box(&[id]), Some(&request), None).expect("present")));
    drop(wallet);
    let _ = std::fs::remove_dir_all(&dir);

    g.bench_function("verify", |b| b.iter(|| verify_presentation(&verifier, black_box(p.text.as_bytes()), &expect).expect("verify")));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
