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
//! - `exchange_qr/create_render/*`: sign + split into QR frames + draw each as SVG (the
//!   learner's phone), for the plain and the full micro-credential;
//! - `exchange_qr/decode_verify/*`: reassemble the scanned frame texts + verify against the
//!   request (the employer's phone); `decode_verify_from_png/*` also reads the PNGs with rqrr.
//!
//! ```text
//! cargo bench -p akashi-core --bench exchange
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};

use akashi_core::present::{
    frames, qr, sign_presentation, verify_presentation, Expectation, HolderKey, PresentationRequest, DEFAULT_LIFETIME_SECS,
};
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

    // The whole of each phone's part, for a one-credential presentation of the plain and of the
    // full micro-credential (every JP/EU descriptor): the learner's phone signs and draws the
    // QR code(s) (SVG); the employer's phone reassembles the scanned texts and verifies. (The
    // camera's QR reading is the platform scanner's; rqrr on PNG is timed for reference.)
    let mut g = c.benchmark_group("exchange_qr");
    for name in ["micro-credential", "micro-credential-full"] {
        let bytes = std::fs::read(repo_root().join(format!("examples/credentials/{name}.json"))).expect("example");
        let credential: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        let create_render = || {
            let p = sign_presentation(&key, vec![credential.clone()], Some(&request), now, DEFAULT_LIFETIME_SECS).expect("sign");
            let set = frames::encode(p.text.as_bytes()).expect("frames");
            set.frames.iter().map(|f| qr::render(f).expect("render").to_svg()).collect::<Vec<String>>()
        };
        let p = sign_presentation(&key, vec![credential.clone()], Some(&request), now, DEFAULT_LIFETIME_SECS).expect("sign");
        let set = frames::encode(p.text.as_bytes()).expect("frames");
        eprintln!("{name}: presentation {} bytes of JSON, {} QR frame(s)", p.text.len(), set.frames.len());
        let decode_verify = |texts: &[String]| {
            let mut a = frames::Assembler::new();
            for t in texts.iter().rev() {
                a.push(t).expect("frame");
            }
            let text = a.complete().expect("complete");
            let r = verify_presentation(&verifier, &text, &expect).expect("verify");
            assert!(r.summary.is_verified());
            r
        };
        g.bench_function(format!("create_render/{name}"), |b| b.iter(create_render));
        g.bench_function(format!("decode_verify/{name}"), |b| b.iter(|| decode_verify(black_box(&set.frames))));
        let pngs: Vec<Vec<u8>> = set.frames.iter().map(|f| qr::render(f).expect("render").to_png(4).expect("png")).collect();
        g.bench_function(format!("decode_verify_from_png/{name}"), |b| {
            b.iter(|| {
                let texts: Vec<String> = pngs.iter().flat_map(|png| qr::decode_image(black_box(png)).expect("decode")).collect();
                decode_verify(&texts)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
