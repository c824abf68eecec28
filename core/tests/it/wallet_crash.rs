//! Crash safety evidence: a child process (this test binary, re-executed with
//! `AKASHI_CRASH_CHILD` set) imports badges or restores a backup and is killed with SIGKILL
//! midway. After reopening, every import the child acknowledged is there, a restore is all or
//! nothing, and `PRAGMA integrity_check` says `ok`.
#![cfg(unix)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::signing::{key, obj, sign};
use crate::common::wallet::{verifier, Dir, FixedKey};
use akashi_core::backup::KdfParams;
use akashi_core::wallet::{ImportSource, SortBy, Wallet};
use serde_json::json;

const CHILD: &str = "AKASHI_CRASH_CHILD";
const CHILD_DIR: &str = "AKASHI_CRASH_DIR";
const PASS: &str = "crash test passphrase";
/// Badges the import child would import if not killed.
const BADGES: usize = 1000;
/// Acknowledged imports after which the parent kills the import child.
const KILL_AFTER: usize = 300;

const KEY: FixedKey = FixedKey([0x77; 32]);

fn cred_id(n: usize) -> String {
    format!("urn:uuid:c0ffee00-0000-4000-8000-{n:012}")
}

/// Badge `n`: signed, distinct, with ~4 KB of description so the wallet has some weight.
fn make_badge(n: usize) -> Vec<u8> {
    let k = key(90);
    let doc = obj(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": cred_id(n),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": k.did, "type": ["Profile"], "name": "Crash Test University"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": format!("Badge {n}"),
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": format!("https://university.example/achievements/{n}"), "type": ["Achievement"],
            "name": format!("Badge {n}"), "description": format!("Badge {n}. {}", "Lorem ipsum dolor sit amet. ".repeat(140)),
            "criteria": {"narrative": "Passed."}}},
    }));
    serde_json::to_vec(&sign(doc, &k)).unwrap()
}

/// The child: a no-op unless `AKASHI_CRASH_CHILD` is set.
#[test]
fn crash_child() {
    let Ok(role) = std::env::var(CHILD) else { return };
    let dir = PathBuf::from(std::env::var(CHILD_DIR).unwrap());
    let w = Wallet::open(&dir.join("wallet.db"), &KEY, verifier()).unwrap();
    let mut out = std::io::stdout().lock();
    match role.as_str() {
        "import" => {
            for n in 0..BADGES {
                let bytes = std::fs::read(dir.join(format!("badges/{n}.json"))).unwrap();
                w.import_bytes(&bytes, ImportSource::File).unwrap();
                writeln!(out, "ok {n}").unwrap();
                out.flush().unwrap();
            }
        }
        "restore" => {
            let file = std::fs::read(dir.join("backup.bin")).unwrap();
            writeln!(out, "start").unwrap();
            out.flush().unwrap();
            let t = Instant::now();
            let o = w.restore(&file, PASS).unwrap();
            writeln!(out, "done {} {}", o.badges_added, t.elapsed().as_micros()).unwrap();
            out.flush().unwrap();
        }
        other => panic!("unknown child role {other}"),
    }
}

fn spawn(role: &str, dir: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["wallet_crash::crash_child", "--exact", "--nocapture", "--test-threads=1", "--quiet"])
        .env(CHILD, role)
        .env(CHILD_DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

fn credential_ids(w: &Wallet) -> BTreeSet<String> {
    w.list(SortBy::Date, &Default::default()).unwrap().into_iter().filter_map(|b| b.credential_id).collect()
}

fn wal_len(db: &Path) -> u64 {
    let mut p = db.as_os_str().to_owned();
    p.push("-wal");
    std::fs::metadata(PathBuf::from(p)).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn killed_imports_and_restores_leave_a_consistent_wallet() {
    if std::env::var(CHILD).is_ok() {
        return;
    }
    let started = Instant::now();
    // Sign the badges once, on two threads, for the child to import.
    let src = Dir::new("crash", "import");
    std::fs::create_dir_all(src.0.join("badges")).unwrap();
    std::thread::scope(|s| {
        for part in 0..2 {
            let dir = &src.0;
            s.spawn(move || {
                for n in (part..BADGES).step_by(2) {
                    std::fs::write(dir.join(format!("badges/{n}.json")), make_badge(n)).unwrap();
                }
            });
        }
    });
    eprintln!("signed {BADGES} badges in {:?}", started.elapsed());

    // --- Import, killed after KILL_AFTER acknowledged imports.
    let t = Instant::now();
    let mut child = spawn("import", &src.0);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acked = BTreeSet::new();
    for line in lines.by_ref() {
        if let Some(n) = line.unwrap().strip_prefix("ok ") {
            acked.insert(n.parse::<usize>().unwrap());
            if acked.len() == KILL_AFTER {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child was killed, it did not finish");
    // Lines already in the pipe were printed after a successful import: acknowledged too.
    for line in lines {
        if let Some(n) = line.unwrap().strip_prefix("ok ") {
            acked.insert(n.parse::<usize>().unwrap());
        }
    }
    let wal_at_kill = wal_len(&src.db());
    let w = Wallet::open(&src.db(), &KEY, verifier()).unwrap();
    assert!(w.integrity_check().unwrap(), "integrity_check after the killed import");
    let present = credential_ids(&w);
    for n in &acked {
        assert!(present.contains(&cred_id(*n)), "acknowledged import {n} is missing after the kill");
    }
    // At most the one import in flight committed without being acknowledged.
    assert!(present.len() == acked.len() || present.len() == acked.len() + 1, "{} present, {} acknowledged", present.len(), acked.len());
    assert!(acked.len() < BADGES);
    eprintln!(
        "import: killed after {} acknowledged imports ({:?}); WAL at kill {wal_at_kill} bytes; after reopen {} badges, integrity ok",
        acked.len(),
        t.elapsed(),
        present.len()
    );

    // --- Restore of a backup of that wallet, killed at several points.
    let backup = w.backup(PASS, KdfParams::for_tests()).unwrap();
    let full_set = present.clone();
    drop(w);
    let dst = Dir::new("crash", "restore");
    std::fs::write(dst.0.join("backup.bin"), &backup).unwrap();
    // The target already holds two badges: one in the backup, one not.
    let extra = (BADGES - 1..BADGES).chain([*acked.first().unwrap()]).collect::<Vec<_>>();
    {
        let w = Wallet::open(&dst.db(), &KEY, verifier()).unwrap();
        for n in &extra {
            w.import_bytes(&std::fs::read(src.0.join(format!("badges/{n}.json"))).unwrap(), ImportSource::File).unwrap();
        }
    }
    let image = std::fs::read(dst.db()).unwrap();
    let before_set: BTreeSet<String> = extra.iter().map(|n| cred_id(*n)).collect();
    let after_set: BTreeSet<String> = full_set.union(&before_set).cloned().collect();
    let reset = || {
        for suffix in ["-wal", "-shm"] {
            let mut p = dst.db().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
        std::fs::write(dst.db(), &image).unwrap();
    };
    let run = |kill_after: Option<Duration>| -> (bool, u64, BTreeSet<String>, u64) {
        reset();
        let mut child = spawn("restore", &dst.0);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut done = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            if line == "start" {
                break;
            }
        }
        if let Some(d) = kill_after {
            std::thread::sleep(d);
            child.kill().unwrap();
        }
        for line in lines {
            if let Some(rest) = line.unwrap().strip_prefix("done ") {
                done = Some(rest.split(' ').nth(1).unwrap().parse::<u64>().unwrap());
            }
        }
        child.wait().unwrap();
        let wal = wal_len(&dst.db());
        let w = Wallet::open(&dst.db(), &KEY, verifier()).unwrap();
        assert!(w.integrity_check().unwrap(), "integrity_check after a restore killed at {kill_after:?}");
        let ids = credential_ids(&w);
        assert!(ids == before_set || ids == after_set, "partial restore after a kill at {kill_after:?}: {} badges", ids.len());
        if done.is_some() {
            assert!(ids == after_set, "the restore reported success");
        }
        (done.is_some(), done.unwrap_or(0), ids, wal)
    };
    // Calibrate: an uninterrupted restore.
    let (finished, micros, ids, _) = run(None);
    assert!(finished && ids == after_set);
    eprintln!("restore: uninterrupted restore of {} badges takes {micros} µs in the child", full_set.len());
    let mut landed = (0, 0);
    for pct in [5u64, 15, 30, 45, 60, 75, 90, 100, 120] {
        let d = Duration::from_micros(micros * pct / 100);
        let (finished, _, ids, wal) = run(Some(d));
        let whole = ids == after_set;
        eprintln!(
            "restore killed at {pct}% ({d:?}): {}, child reported success: {finished}, WAL at kill {wal} bytes",
            if whole { "fully restored" } else { "as before" }
        );
        if whole {
            landed.1 += 1;
        } else {
            landed.0 += 1;
        }
    }
    eprintln!(
        "restore kills: {} left the wallet as before, {} fully restored, none partial; total {:?}",
        landed.0,
        landed.1,
        started.elapsed()
    );
}
