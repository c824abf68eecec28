//! A career centre's batch: N credentials (default 10,000) that share one status list,
//! verified by one verifier on every core, through its cache. Prints one JSON line: total
//! time, time per credential, threads, how often the list was fetched and decoded.
//!
//! ```text
//! cargo run --release -p akashi-core --example batch_status -- [N]
//! ```
//!
//! The credentials are eddsa-rdfc-2022 badges of a did:key test issuer, each with its own
//! index in one BitstringStatusList (131,072 entries; every 97th credential revoked). The list
//! is served by an in-process fetcher (HTTP caching: max-age one hour) so that only Akashi is
//! measured. Signing them is setup and not timed. The example exits 1 when any verdict is not
//! the expected one, or the list was fetched or decoded more than once: a broken run cannot
//! produce a flattering number.

mod common;

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use akashi_core::resolve::{FetchError, Fetched, Fetcher};
use akashi_core::{Summary, Verifier, VerifyOptions};
use base64::Engine;
use common::TestKey;
use serde_json::json;

/// When the test issuer signed (the proofs' `created`).
const CREATED: &str = "2026-04-01T09:00:00Z";

const LIST_URL: &str = "https://registrar.university.example/status/2026-1";
const TARGET_MS: u128 = 2000;

struct ListServer {
    body: Vec<u8>,
    hits: AtomicUsize,
}

impl Fetcher for ListServer {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        if url != LIST_URL {
            return Err(FetchError::Status(404));
        }
        self.hits.fetch_add(1, Ordering::SeqCst);
        let mut f = Fetched::new(url, self.body.clone());
        f.max_age = Some(3600);
        Ok(f)
    }
}

fn run(n: usize) -> Result<bool, String> {
    let issuer = TestKey::from_seed([42; 32]);
    let did = &issuer.did;

    let index = |i: usize| (i * 13) % 131_072;
    let revoked = |i: usize| i.is_multiple_of(97);
    let mut bits = vec![0u8; 131_072 / 8];
    for i in (0..n).filter(|&i| revoked(i)) {
        bits[index(i) / 8] |= 0x80 >> (index(i) % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).map_err(|e| e.to_string())?;
    let encoded = format!("u{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(gz.finish().map_err(|e| e.to_string())?));
    let list = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": did, "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": format!("{LIST_URL}#list"), "type": "BitstringStatusList", "statusPurpose": "revocation", "encodedList": encoded}});
    let list = issuer.sign(list.as_object().cloned().ok_or("list")?, CREATED)?;
    let server = Arc::new(ListServer { body: serde_json::to_vec(&list).map_err(|e| e.to_string())?, hits: AtomicUsize::new(0) });

    eprintln!("signing {n} credentials (setup, not timed)...");
    let inputs: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let doc = json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                "id": format!("urn:uuid:00000000-0000-4000-8000-{i:012}"), "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {"id": did, "type": ["Profile"], "name": "Akashi Example University (test issuer)"},
                "validFrom": "2026-04-01T00:00:00Z", "name": "Data Science Fundamentals",
                "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "https://university.example/achievements/ds-101",
                    "type": ["Achievement"], "name": "Data Science Fundamentals", "description": "Passed.", "criteria": {"narrative": "Passed the final exam."}}},
                "credentialStatus": {"id": format!("{LIST_URL}#{}", index(i)), "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                    "statusListIndex": index(i).to_string(), "statusListCredential": LIST_URL}});
            let doc = issuer.sign(doc.as_object().cloned().ok_or("doc")?, CREATED)?;
            serde_json::to_vec(&doc).map_err(|e| e.to_string())
        })
        .collect::<Result<_, String>>()?;

    let verifier = Verifier::with_fetcher(VerifyOptions::default(), Some(server.clone()));
    let t = Instant::now();
    let results = verifier.verify_many(&inputs);
    let elapsed = t.elapsed();

    let mut wrong = 0;
    for (i, r) in results.iter().enumerate() {
        let want = if revoked(i) { Summary::Revoked } else { Summary::VerifiedWithWarnings };
        if r.as_ref().map(|r| r.summary) != Ok(want) {
            wrong += 1;
            if wrong <= 3 {
                eprintln!(
                    "credential {i}: expected {want:?}, got {:?}",
                    r.as_ref().map(|r| (r.summary, r.checks.iter().find(|c| c.status != akashi_core::CheckStatus::Valid).cloned()))
                );
            }
        }
    }
    let fetches = server.hits.load(Ordering::SeqCst);
    let decodes = verifier.status_lists_decoded();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ms = elapsed.as_millis();
    println!(
        "{}",
        json!({"credentials": n, "total_ms": ms, "per_credential_us": elapsed.as_micros() / n.max(1) as u128, "threads": threads,
            "list_fetches": fetches, "list_decodes": decodes, "wrong_verdicts": wrong, "target_ms": TARGET_MS, "target_met": ms < TARGET_MS})
    );
    Ok(wrong == 0 && fetches == 1 && decodes == 1)
}

fn main() -> ExitCode {
    let n = match std::env::args().nth(1).map(|s| s.parse::<usize>()) {
        None => 10_000,
        Some(Ok(n)) if n > 0 => n,
        _ => {
            eprintln!("usage: batch_status [N=10000]");
            return ExitCode::from(2);
        }
    };
    match run(n) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("batch_status: {e}");
            ExitCode::from(2)
        }
    }
}
