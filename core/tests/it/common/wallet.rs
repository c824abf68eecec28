//! Wallet test helpers: a fixed-key `KeyStore`, a per-test folder, an offline verifier.

use std::path::PathBuf;

use akashi_core::wallet::{KeyStore, KeyStoreError};
use akashi_core::{Verifier, VerifyOptions};

/// A key store that always gives the same 32 bytes (the platform key store, as a test double).
pub struct FixedKey(pub [u8; 32]);

impl KeyStore for FixedKey {
    fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError> {
        Ok(self.0.to_vec())
    }
}

/// A fresh folder for one test's wallet, removed when dropped. `prefix` keeps test files apart.
pub struct Dir(pub PathBuf);

impl Dir {
    pub fn new(prefix: &str, name: &str) -> Dir {
        let p = std::env::temp_dir().join(format!("akashi-{prefix}-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("test dir");
        Dir(p)
    }
    pub fn db(&self) -> PathBuf {
        self.0.join("wallet.db")
    }
    /// Every file in the folder with its bytes.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(&self.0)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .map(|p| (p.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
            .collect();
        v.sort();
        v
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An offline verifier judging at 2026-06-01.
pub fn verifier() -> Verifier {
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("time").with_timezone(&chrono::Utc);
    Verifier::new(VerifyOptions { offline: true, now: Some(now), ..Default::default() }).expect("verifier")
}
