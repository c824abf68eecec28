//! Warm verification timing: verifies one credential file N times in this process, after a
//! warm-up, and prints the mean time per verification (one JSON line on stdout).
//!
//! ```text
//! cargo run --release -p akashi-core --example warm_verify -- FILE [N] [WARMUP]
//! ```
//!
//! The verifier runs offline (did:key, bundled contexts), as the speed comparison in
//! `bench/compare.sh` requires. The credential must verify (with or without warnings); otherwise
//! the example exits 1, so a broken input cannot produce a flattering number.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use akashi_core::{Verifier, VerifyOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: warm_verify FILE [N=1000] [WARMUP=max(10, N/10)]");
        return ExitCode::from(2);
    };
    let parse = |i: usize, default: usize| -> Option<usize> {
        match args.get(i) {
            None => Some(default),
            Some(s) => s.parse().ok(),
        }
    };
    let Some(n) = parse(1, 1000).filter(|&n| n > 0) else {
        eprintln!("warm_verify: N must be a positive integer");
        return ExitCode::from(2);
    };
    let Some(warmup) = parse(2, (n / 10).max(10)) else {
        eprintln!("warm_verify: WARMUP must be a non-negative integer");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("warm_verify: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };

    let verifier = match Verifier::new(VerifyOptions { offline: true, ..Default::default() }) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("warm_verify: verifier options: {e}");
            return ExitCode::from(2);
        }
    };
    let first = match verifier.verify(&bytes) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("warm_verify: {path} is not readable as a credential: {e}");
            return ExitCode::from(2);
        }
    };
    if !first.summary.is_verified() {
        eprintln!("warm_verify: {path} does not verify (summary {}); refusing to time it", first.summary.as_str());
        return ExitCode::from(1);
    }

    for _ in 0..warmup {
        let _ = black_box(verifier.verify(black_box(&bytes)));
    }
    let start = Instant::now();
    for _ in 0..n {
        let _ = black_box(verifier.verify(black_box(&bytes)));
    }
    let elapsed = start.elapsed();
    let mean_us = elapsed.as_secs_f64() * 1e6 / n as f64;

    println!(
        "{}",
        serde_json::json!({
            "verifier": "akashi",
            "file": path,
            "iterations": n,
            "warmup": warmup,
            "summary": first.summary.as_str(),
            "mean_us": mean_us,
        })
    );
    ExitCode::SUCCESS
}
