//! Criterion benchmark: the QR transport of one presentation holding one credential (the
//! repository's `examples/credentials/micro-credential.json`, an OB 3.0 micro-credential with
//! an eddsa-rdfc-2022 proof, wrapped in a presentation).
//!
//! ```text
//! cargo bench -p akashi-core --bench present
//! ```
//!
//! - create + render: JSON → frames → one SVG per frame (what the holder's screen shows);
//! - scan: frame texts → assembler → payload → JSON (what the verifier does after the camera);
//! - VP1-B encode / decode (legacy CBOR-LD, DCC-compatible);
//! - decode one PNG frame image (rqrr) — the per-camera-frame cost on a phone.
//!
//! The issue's target: create+render and decode+verify each under 20 ms (verify is benched in
//! `benches/verify.rs`).

use std::hint::black_box;
use std::path::PathBuf;

use akashi_core::present::{frames, qr, vpqr};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Value};

fn presentation() -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/credentials/micro-credential.json");
    let cred: Value = serde_json::from_slice(&std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap();
    json!({"@context": [cred["@context"][0].clone()], "type": ["VerifiablePresentation"], "verifiableCredential": [cred]})
}

fn bench_present(c: &mut Criterion) {
    let vp = presentation();
    let json = serde_json::to_vec(&vp).unwrap();
    c.bench_function("create+render: VP JSON -> frames -> SVG each", |b| {
        b.iter(|| {
            let set = frames::encode(black_box(&json)).unwrap();
            set.frames.iter().map(|f| qr::render(f).unwrap().to_svg().len()).sum::<usize>()
        })
    });
    let set = frames::encode(&json).unwrap();
    c.bench_function("scan: frame texts -> assembler -> VP JSON", |b| {
        b.iter(|| {
            let mut a = frames::Assembler::new();
            for f in black_box(&set.frames) {
                a.push(f).unwrap();
            }
            serde_json::from_slice::<Value>(&a.complete().unwrap()).unwrap()
        })
    });
    c.bench_function("VP1-B encode (legacy CBOR-LD + base32)", |b| b.iter(|| vpqr::encode(black_box(&vp)).unwrap()));
    let text = vpqr::encode(&vp).unwrap();
    c.bench_function("VP1-B decode", |b| b.iter(|| vpqr::decode(black_box(&text)).unwrap()));
    c.bench_function("render VP1-B to SVG (one QR)", |b| b.iter(|| qr::render(black_box(&text)).unwrap().to_svg()));
    let png = qr::render(&set.frames[0]).unwrap().to_png(4).unwrap();
    c.bench_function("decode one frame PNG (rqrr, 4 px/module)", |b| b.iter(|| qr::decode_image(black_box(&png)).unwrap()));
}

criterion_group!(benches, bench_present);
criterion_main!(benches);
