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
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

fn find_credential() -> PathBuf {
    if let Some(p) = std::env::var_os("AKASHI_BENCH_CREDENTIAL") {
        return PathBuf::from(p);
    }
    let root = repo_root();
    let examples = root.join("examples").join("credentials");
    if let Ok(dir) = std::fs::read_dir(&examples) {
        let mut files: Vec<PathBuf> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        if let Some(p) = files.into_iter().find(|p| {
            std::fs::read_to_string(p).is_ok_and(|s| s.contains("\"eddsa-rdfc-2022\""))
        }) {
            return p;
        }
    }
    let shared = std::env::var_os("AKASHI_SHARED")
        .map(|s| PathBuf::from(s).join("fixtures"))
        .unwrap_or_else(|| root.join("..").join("shared").join("fixtures"));
    let fixture = shared
        .join("ob3")
        .join("dcc-verifier-core")
        .join("v2")
        .join("v2OBv3SpecExample.json");
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
    let verifier = Verifier::new(VerifyOptions { offline: true, ..Default::default() })
        .expect("verifier options");
    let report = verifier.verify(&bytes).expect("readable credential");
    assert!(
        report.summary.is_verified(),
        "{} does not verify: {:?}",
        path.display(),
        report.summary
    );
    eprintln!("benchmarking warm verification of {}", path.display());

    c.bench_function("verify eddsa-rdfc-2022 did:key (warm, offline)", |b| {
        b.iter(|| verifier.verify(black_box(&bytes)))
    });
}

criterion_group!(benches, bench_verify);
criterion_main!(benches);
