//! The wallet's speed targets, in one run: import 10,000 badges (< 5 s, verification on import
//! included), list and search p99 (< 5 ms) on that wallet — both whole results (every badge,
//! every hit) and the pages of 50 an app's scrolling list asks for — and opening a wallet of
//! 1,000 badges (< 50 ms). Prints one JSON line with every figure, its target and `target_met`.
//!
//! ```text
//! cargo run --release -p akashi-core --example wallet_bench -- [N=10000]
//! ```
//!
//! The badges are eddsa-rdfc-2022 OB 3.0 credentials of a did:key test issuer (like
//! `batch_status`), verified offline; signing them is setup and not timed. For reference it
//! also times `Verifier::verify_many` over the same inputs (what batched verification on import
//! could reach) and an import from two threads into a second wallet (the core verifies outside
//! its lock). The example exits 1 when a figure is wrong in kind (a count, an outcome or a
//! verdict that is not the expected one): never for a missed target.

mod common;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use akashi_core::wallet::{ImportOutcome, ImportSource, KeyStore, KeyStoreError, ListFilter, SortBy, Wallet};
use akashi_core::{Summary, Verifier, VerifyOptions};
use common::TestKey;
use serde_json::{json, Map, Value};

/// When the test issuer signed (the proofs' `created`).
const CREATED: &str = "2026-04-01T09:00:00Z";

const IMPORT_TARGET_MS: f64 = 5000.0;
const QUERY_TARGET_MS: f64 = 5.0;
const OPEN_TARGET_MS: f64 = 50.0;
const RUNS: usize = 200;
/// The page size of the `list_page` / `search_page` figures (a phone screen or two).
const PAGE: usize = 50;
const OPEN_RUNS: usize = 30;
const OPEN_BADGES: usize = 1000;

const SUBJECTS: [&str; 20] = [
    "Statistics",
    "Chemistry",
    "Welding",
    "Nursing",
    "Accounting",
    "Biology",
    "Carpentry",
    "Geology",
    "Hydraulics",
    "Journalism",
    "Kinesiology",
    "Linguistics",
    "Marketing",
    "Navigation",
    "Optics",
    "Pharmacy",
    "Quilting",
    "Robotics",
    "Typography",
    "Zoology",
];
const LEVELS: [&str; 3] = ["Foundation", "Intermediate", "Advanced"];
const ISSUERS: [&str; 4] = ["Akashi Example University", "Harbour Technical College", "Northfield Institute", "Riverside Academy"];

struct FixedKey;

impl KeyStore for FixedKey {
    fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError> {
        Ok(vec![0x42; 32])
    }
}

/// Badge `i`: its name, description and issuer name (what full-text search sees).
fn texts(i: usize) -> (String, String, &'static str) {
    let (subject, level) = (SUBJECTS[i % SUBJECTS.len()], LEVELS[i % LEVELS.len()]);
    (format!("{subject} {level}"), format!("Awarded for {subject} at {level} level, cohort {i}."), ISSUERS[i % ISSUERS.len()])
}

/// How many badges a search must find: every query word is a prefix of some word of the badge.
fn expected_hits(n: usize, query: &str) -> usize {
    let words: Vec<String> = query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    (0..n)
        .filter(|&i| {
            let (name, desc, issuer) = texts(i);
            let all = format!("{name} {desc} {issuer}").to_lowercase();
            let tokens: Vec<&str> = all.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            words.iter().all(|w| tokens.iter().any(|t| t.starts_with(w.as_str())))
        })
        .count()
}

fn percentile_ms(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx].as_secs_f64() * 1000.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// p50/p99/max of `f` over `runs` runs, after one warm-up; `f` returns the number of results.
fn time_query(runs: usize, want: usize, mut f: impl FnMut() -> Result<usize, String>) -> Result<(Value, bool, f64), String> {
    f()?;
    let mut samples = Vec::with_capacity(runs);
    let mut right = true;
    for _ in 0..runs {
        let t = Instant::now();
        let got = f()?;
        samples.push(t.elapsed());
        right &= got == want;
    }
    let p99 = percentile_ms(&mut samples, 0.99);
    let v = json!({"results": want, "p50_ms": round3(percentile_ms(&mut samples, 0.5)), "p99_ms": round3(p99),
        "max_ms": round3(percentile_ms(&mut samples, 1.0)), "runs": runs});
    Ok((v, right, p99))
}

fn verifier() -> Result<Verifier, String> {
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").map_err(|e| e.to_string())?.with_timezone(&chrono::Utc);
    Verifier::new(VerifyOptions { offline: true, now: Some(now), ..Default::default() }).map_err(|e| e.to_string())
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(n: usize) -> Result<bool, String> {
    let dir = TempDir(std::env::temp_dir().join(format!("akashi-wallet-bench-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(&dir.0).map_err(|e| e.to_string())?;
    let db = |name: &str| -> PathBuf { dir.0.join(name) };

    let test_key = TestKey::from_seed([42; 32]);
    let did = &test_key.did;

    eprintln!("signing {n} badges (setup, not timed)...");
    let inputs: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let (name, desc, issuer) = texts(i);
            let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).ok_or("date")? + chrono::Days::new((i % 2000) as u64);
            let doc = json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
                "id": format!("urn:uuid:00000000-0000-4000-8000-{i:012}"), "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "issuer": {"id": did, "type": ["Profile"], "name": issuer},
                "validFrom": format!("{day}T00:00:00Z"), "name": name, "description": desc,
                "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": format!("https://university.example/achievements/{}", i % 60),
                    "type": ["Achievement"], "name": name, "description": desc, "criteria": {"narrative": "Passed the final exam."}}}});
            let doc = test_key.sign(doc.as_object().cloned().ok_or("doc")?, CREATED)?;
            serde_json::to_vec(&doc).map_err(|e| e.to_string())
        })
        .collect::<Result<_, String>>()?;
    let mut right = true;
    let mut complain = |what: String| {
        eprintln!("wrong: {what}");
        right = false;
    };

    // Reference: verification alone, batched over both cores.
    let v = verifier()?;
    let t = Instant::now();
    let reports = v.verify_many(&inputs);
    let verify_many_ms = t.elapsed().as_secs_f64() * 1000.0;
    let bad = reports.iter().filter(|r| r.as_ref().map(|r| r.summary).ok() != Some(Summary::VerifiedWithWarnings)).count();
    if bad > 0 {
        complain(format!("{bad} verdicts of verify_many are not verified_with_warnings"));
    }

    // Import, one badge after another (each verified, then stored in its own transaction).
    eprintln!("importing {n} badges...");
    let wallet = Wallet::open(&db("wallet.db"), &FixedKey, verifier()?).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let mut not_added = 0;
    for bytes in &inputs {
        match wallet.import_bytes(bytes, ImportSource::File) {
            Ok(ImportOutcome::Added { .. }) => {}
            _ => not_added += 1,
        }
    }
    let import_ms = t.elapsed().as_secs_f64() * 1000.0;
    if not_added > 0 {
        complain(format!("{not_added} imports were not `added`"));
    }
    let count = wallet.count().map_err(|e| e.to_string())? as usize;
    if count != n {
        complain(format!("the wallet holds {count} badges, not {n}"));
    }
    let all = ListFilter::default();
    let good = wallet
        .list(SortBy::Date, &ListFilter { state: Some(Summary::VerifiedWithWarnings), ..Default::default() })
        .map_err(|e| e.to_string())?
        .len();
    if good != n {
        complain(format!("{good} stored badges are verified_with_warnings, not {n}"));
    }

    // The same import as one batch call (verification on every core, one transaction per 500).
    eprintln!("importing {n} badges with import_many...");
    let wallet_many = Wallet::open(&db("wallet_many.db"), &FixedKey, verifier()?).map_err(|e| e.to_string())?;
    let batch: Vec<(Vec<u8>, ImportSource)> = inputs.iter().map(|b| (b.clone(), ImportSource::File)).collect();
    let t = Instant::now();
    let results = wallet_many.import_many(&batch);
    let import_many_ms = t.elapsed().as_secs_f64() * 1000.0;
    let not_added_many = results.iter().filter(|r| !matches!(r, Ok(ImportOutcome::Added { .. }))).count();
    if not_added_many > 0 || wallet_many.count().map_err(|e| e.to_string())? as usize != n {
        complain(format!("import_many: {not_added_many} not added"));
    }
    drop((wallet_many, batch, results));

    // The same import from two threads into another wallet (verification runs outside the lock).
    eprintln!("importing {n} badges from 2 threads...");
    let wallet2 = Arc::new(Wallet::open(&db("wallet2.db"), &FixedKey, verifier()?).map_err(|e| e.to_string())?);
    let inputs = Arc::new(inputs);
    let t = Instant::now();
    let threads: Vec<_> = (0..2)
        .map(|k| {
            let (w, inputs) = (wallet2.clone(), inputs.clone());
            std::thread::spawn(move || {
                inputs
                    .iter()
                    .skip(k)
                    .step_by(2)
                    .filter(|b| !matches!(w.import_bytes(b, ImportSource::File), Ok(ImportOutcome::Added { .. })))
                    .count()
            })
        })
        .collect();
    let not_added2: usize = threads.into_iter().map(|h| h.join().unwrap_or(usize::MAX)).sum();
    let import2_ms = t.elapsed().as_secs_f64() * 1000.0;
    if not_added2 > 0 || wallet2.count().map_err(|e| e.to_string())? as usize != n {
        complain(format!("two-thread import: {not_added2} not added"));
    }
    drop(wallet2);

    // Tag 100 badges, for a filtered list.
    for id in (1..=n as i64).step_by((n / 100).max(1)).take(100) {
        wallet.tag(id, "portfolio").map_err(|e| e.to_string())?;
    }
    let tagged = (1..=n).step_by((n / 100).max(1)).take(100).count();

    eprintln!("timing list and search ({RUNS} runs each)...");
    let mut figures = Map::new();
    let mut query_p99s = Vec::new();
    for (label, sort) in [("list_date", SortBy::Date), ("list_issuer", SortBy::Issuer), ("list_name", SortBy::Name)] {
        let (v, ok, p99) = time_query(RUNS, n, || wallet.list(sort, &all).map(|b| b.len()).map_err(|e| e.to_string()))?;
        if !ok {
            complain(format!("{label}: wrong count"));
        }
        query_p99s.push(p99);
        figures.insert(label.into(), v);
    }
    // What an app's scrolling list asks for: a page of 50, at the top and in the middle.
    let mut page_p99s = Vec::new();
    for (label, sort) in [("date", SortBy::Date), ("issuer", SortBy::Issuer), ("name", SortBy::Name)] {
        for (at, offset) in [("top", 0), ("middle", n / 2)] {
            let want = PAGE.min(n - offset);
            let (v, ok, p99) = time_query(RUNS, want, || {
                wallet.list_page(sort, &all, offset as u64, PAGE as u64).map(|b| b.len()).map_err(|e| e.to_string())
            })?;
            if !ok {
                complain(format!("page {label} {at}: wrong count"));
            }
            page_p99s.push(p99);
            figures.insert(format!("page_{label}_{at}"), v);
        }
    }
    let mut search_pages = Map::new();
    for term in ["chemistry", "university", "cohort 4242"] {
        let want = expected_hits(n, term).min(PAGE);
        let (v, ok, p99) = time_query(RUNS, want, || wallet.search_page(term, 0, PAGE as u64).map(|b| b.len()).map_err(|e| e.to_string()))?;
        if !ok {
            complain(format!("search page '{term}': not {want} results"));
        }
        page_p99s.push(p99);
        search_pages.insert(term.into(), v);
    }
    figures.insert("search_page".into(), Value::Object(search_pages));
    let by_tag = ListFilter { tag: Some("portfolio".into()), ..Default::default() };
    let (v, ok, p99) = time_query(RUNS, tagged, || wallet.list(SortBy::Date, &by_tag).map(|b| b.len()).map_err(|e| e.to_string()))?;
    if !ok {
        complain("list_tag: wrong count".into());
    }
    query_p99s.push(p99);
    figures.insert("list_tag_100".into(), v);
    let mut searches = Map::new();
    for term in ["cohort 4242", "chemistry", "robot adv", "harbour chem", "university", "nothingmatches"] {
        let want = expected_hits(n, term);
        let (v, ok, p99) = time_query(RUNS, want, || wallet.search(term).map(|b| b.len()).map_err(|e| e.to_string()))?;
        if !ok {
            complain(format!("search '{term}': not {want} results"));
        }
        query_p99s.push(p99);
        searches.insert(term.into(), v);
    }
    figures.insert("search".into(), Value::Object(searches));
    drop(wallet);

    // Opening a wallet of 1,000 badges: key, decryption check, schema check, first query.
    eprintln!("timing open of a {OPEN_BADGES}-badge wallet ({OPEN_RUNS} runs)...");
    let small = OPEN_BADGES.min(n);
    {
        let w = Wallet::open(&db("small.db"), &FixedKey, verifier()?).map_err(|e| e.to_string())?;
        for bytes in inputs.iter().take(small) {
            w.import_bytes(bytes, ImportSource::File).map_err(|e| e.to_string())?;
        }
    }
    let mut opens = Vec::with_capacity(OPEN_RUNS);
    for _ in 0..OPEN_RUNS {
        let v = verifier()?;
        let t = Instant::now();
        let w = Wallet::open(&db("small.db"), &FixedKey, v).map_err(|e| e.to_string())?;
        let c = w.count().map_err(|e| e.to_string())? as usize;
        opens.push(t.elapsed());
        if c != small {
            complain(format!("the small wallet holds {c} badges, not {small}"));
        }
        drop(w);
    }
    let open_p50 = percentile_ms(&mut opens, 0.5);
    let open_max = percentile_ms(&mut opens, 1.0);
    let file_mb = |p: &Path| std::fs::metadata(p).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);

    let query_p99 = query_p99s.iter().cloned().fold(0.0, f64::max);
    let page_p99 = page_p99s.iter().cloned().fold(0.0, f64::max);
    let list_all_p99 = figures
        .iter()
        .filter(|(k, _)| k.starts_with("list_") && *k != "list_tag_100")
        .filter_map(|(_, v)| v["p99_ms"].as_f64())
        .fold(0.0, f64::max);
    let search_p99 =
        figures["search"].as_object().map(|s| s.values().filter_map(|v| v["p99_ms"].as_f64()).fold(0.0, f64::max)).unwrap_or(f64::NAN);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut out = json!({
        "badges": n, "threads": threads,
        "import_ms": round3(import_ms), "import_per_badge_us": round3(import_ms * 1000.0 / n as f64), "import_target_ms": IMPORT_TARGET_MS,
        "import_many_ms": round3(import_many_ms), "import_many_per_badge_us": round3(import_many_ms * 1000.0 / n as f64),
        "import_target_met": import_many_ms < IMPORT_TARGET_MS, "import_one_by_one_target_met": import_ms < IMPORT_TARGET_MS,
        "import_2_threads_ms": round3(import2_ms), "verify_many_ms": round3(verify_many_ms),
        "list_all_p99_ms": round3(list_all_p99), "search_p99_ms": round3(search_p99), "query_target_p99_ms": QUERY_TARGET_MS,
        "list_target_met": list_all_p99 < QUERY_TARGET_MS, "search_target_met": search_p99 < QUERY_TARGET_MS,
        "page_size": PAGE, "pages_p99_ms": round3(page_p99), "pages_target_met": page_p99 < QUERY_TARGET_MS,
        "open_badges": small, "open_p50_ms": round3(open_p50), "open_max_ms": round3(open_max), "open_runs": OPEN_RUNS,
        "open_target_ms": OPEN_TARGET_MS, "open_target_met": open_max < OPEN_TARGET_MS,
        "wallet_mb": round3(file_mb(&db("wallet.db"))), "all_queries_p99_ms": round3(query_p99), "figures_right": right,
    });
    if let Some(o) = out.as_object_mut() {
        o.extend(figures);
    }
    println!("{out}");
    Ok(right)
}

fn main() -> ExitCode {
    let n = match std::env::args().nth(1).map(|s| s.parse::<usize>()) {
        None => 10_000,
        Some(Ok(n)) if n >= 100 => n,
        _ => {
            eprintln!("usage: wallet_bench [N=10000, at least 100]");
            return ExitCode::from(2);
        }
    };
    match run(n) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("wallet_bench: {e}");
            ExitCode::from(2)
        }
    }
}
