//! Prints the QR size table of `docs/qr-frames.md`: for real presentations, the JSON size, the
//! DEFLATE-compressed message the frames carry, the number of `AKF1` frames and their largest QR
//! version, and the `VP1-B` text (legacy CBOR-LD) with the QR version it would need.
//!
//! ```text
//! cargo run -p akashi-core --example qr_sizes
//! ```
//! Fixtures are read from `../shared/fixtures` beside the repository (or `$AKASHI_SHARED/fixtures`).

use std::path::PathBuf;

use akashi_core::present::{frames, qr, vpqr};
use serde_json::{json, Value};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = std::env::var_os("AKASHI_SHARED").map(PathBuf::from).unwrap_or_else(|| root.join("../shared")).join("fixtures");
    let read =
        |p: PathBuf| -> Value { serde_json::from_slice(&std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap() };
    let wrap = |c: Value| json!({"@context": [c["@context"][0].clone()], "type": ["VerifiablePresentation"], "verifiableCredential": [c]});
    let mut cases: Vec<(String, Value)> = Vec::new();
    for rel in ["vp/dcc-verifier-plus/testVP.json", "vp/blockcerts/vp-eddsa-rdfc-2022.json", "vp/spruceid-ssi/vp.jsonld"] {
        cases.push((rel.to_string(), read(shared.join(rel))));
    }
    for rel in [
        "ob3/1edtech-validator/simple-did-key-method.json",
        "ob3/1edtech-validator/simple.json",
        "ob3/1edtech-spec-ldp-test-vector/credential-signed.json",
        "ob3/1edtech-validator/complete.json",
        "ob3/1edtech-validator/complete_v1.json",
    ] {
        cases.push((format!("VP of {rel}"), wrap(read(shared.join(rel)))));
    }
    cases.push((
        "VP of examples/credentials/micro-credential.json".into(),
        wrap(read(root.join("examples/credentials/micro-credential.json"))),
    ));

    println!("| Presentation | JSON (minified) | Frames message (deflate) | Frames | Largest frame QR | VP1-B CBOR-LD | VP1-B chars | VP1-B QR |");
    println!("|---|---:|---:|---:|---|---:|---:|---|");
    for (name, vp) in cases {
        let json = serde_json::to_vec(&vp).unwrap();
        let set = frames::encode(&json).unwrap();
        let largest = set.frames.iter().map(|f| qr::render(f).unwrap()).max_by_key(|m| m.version).unwrap();
        let (cbor, chars, vqr) = match vpqr::encode(&vp) {
            Ok(t) => {
                let cbor = vpqr::cborld_bytes(&t).unwrap().len();
                let v =
                    qr::render(&t).map(|m| format!("v{} {:?}", m.version, m.ec_level)).unwrap_or_else(|_| "does not fit (> v40-L)".into());
                (cbor.to_string(), t.len().to_string(), v)
            }
            Err(e) => ("—".into(), "—".into(), format!("error: {e}")),
        };
        println!(
            "| {name} | {} B | {} B | {} | v{} {:?} | {cbor} B | {chars} | {vqr} |",
            json.len(),
            set.message_bytes,
            set.frames.len(),
            largest.version,
            largest.ec_level
        );
    }
}
