//! Shared helpers for integration tests: locating `../shared` fixtures and the repo.
#![allow(dead_code)]

pub mod present;
pub mod signing;
pub mod tls;
pub mod wallet;

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The third-party fixtures folder beside the repository (`../shared/fixtures`).
/// Tests that need it fail loudly when it is missing: CI always provides it.
pub fn fixtures() -> PathBuf {
    let p = repo_root().join("../shared/fixtures");
    assert!(p.is_dir(), "third-party fixtures not found at {} (expected ../shared beside the repo)", p.display());
    p
}

/// Reads a fixture file.
pub fn fixture(rel: &str) -> Vec<u8> {
    let p = fixtures().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}
