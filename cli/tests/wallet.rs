//! `akashi wallet …`: import (JSON, JWT, baked PNG, stdin), list / search / show / tag /
//! untag / delete / reverify / log, exit codes, and the key: a wrong key changes nothing, a
//! missing one is explained.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const KEY: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
const OTHER_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example(name: &str) -> String {
    root().join("examples/credentials").join(name).display().to_string()
}

fn fixture(rel: &str) -> String {
    root().join("../shared/fixtures").join(rel).display().to_string()
}

/// `akashi wallet --wallet DB ARGS…` with the key in the environment (or none).
fn wallet(db: &Path, key: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::cargo_bin("akashi").expect("bin");
    cmd.arg("wallet").arg("--wallet").arg(db).args(args).env_remove("AKASHI_WALLET_KEY");
    if let Some(k) = key {
        cmd.env("AKASHI_WALLET_KEY", k);
    }
    cmd.output().expect("run")
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// Every file in the folder with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
        .collect();
    v.sort();
    v
}

/// A wallet with the example JSON, the example JWT (another version of the same badge: kept in
/// its history), the 1EdTech baked PNG and a JWT whose key cannot be found (kept, not verified).
fn filled(dir: &Path) -> PathBuf {
    let db = dir.join("wallet.db");
    let out = wallet(
        &db,
        Some(KEY),
        &[
            "import",
            "--json",
            "--offline",
            &example("micro-credential.json"),
            &example("micro-credential.jwt"),
            &fixture("ob3/1edtech-validator/simple-json.png"),
            &fixture("ob3/1edtech-validator/simple.jwt"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "one badge did not verify: {}{}", stdout(&out), stderr(&out));
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        (lines[0]["outcome"].as_str(), lines[0]["id"].as_i64(), lines[0]["state"].as_str()),
        (Some("added"), Some(1), Some("verified_with_warnings"))
    );
    assert_eq!((lines[1]["outcome"].as_str(), lines[1]["id"].as_i64()), (Some("kept_as_history"), Some(1)), "{}", lines[1]);
    assert_eq!(
        (lines[2]["outcome"].as_str(), lines[2]["id"].as_i64(), lines[2]["name"].as_str()),
        (Some("added"), Some(2), Some("Teamwork Badge"))
    );
    assert_eq!(lines[2]["state"], "verified_with_warnings");
    assert_eq!((lines[3]["outcome"].as_str(), lines[3]["state"].as_str()), (Some("added"), Some("not_verified")));
    db
}

#[test]
fn import_list_search_show_tag_delete_log() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = filled(dir.path());

    // Human import output says a badge that did not verify is kept.
    let again = wallet(&db, Some(KEY), &["import", "--offline", &fixture("ob3/1edtech-validator/simple.jwt")]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stdout(&again).contains("already in the wallet as badge 3") && stdout(&again).contains("kept in the wallet"),
        "{}",
        stdout(&again)
    );

    let list = json(&wallet(&db, Some(KEY), &["list", "--json", "--sort", "name"]));
    let names: Vec<&str> = list.as_array().expect("array").iter().filter_map(|b| b["name"].as_str()).collect();
    assert_eq!(names, ["Data Science Fundamentals (Micro-credential)", "Example University Degree", "Teamwork Badge"]);
    let human = stdout(&wallet(&db, Some(KEY), &["list"]));
    assert_eq!(human.lines().count(), 3, "{human}");
    assert!(human.contains("Teamwork Badge — Example Corp"), "{human}");
    let failed = json(&wallet(&db, Some(KEY), &["list", "--json", "--state", "not_verified"]));
    assert_eq!(failed.as_array().expect("array").len(), 1);
    assert_eq!(failed[0]["id"], 3);
    let bad_state = wallet(&db, Some(KEY), &["list", "--state", "shiny"]);
    assert_eq!(bad_state.status.code(), Some(2));

    let found = json(&wallet(&db, Some(KEY), &["search", "--json", "teamw"]));
    assert_eq!(found.as_array().expect("array").len(), 1);
    assert_eq!(found[0]["name"], "Teamwork Badge");

    let tag = wallet(&db, Some(KEY), &["tag", "2", "job applications"]);
    assert_eq!(tag.status.code(), Some(0), "{}", stderr(&tag));
    let by_tag = json(&wallet(&db, Some(KEY), &["list", "--json", "--tag", "job applications"]));
    assert_eq!(by_tag.as_array().expect("array").len(), 1);
    assert_eq!(json(&wallet(&db, Some(KEY), &["search", "--json", "applications"]))[0]["id"], 2, "tags are searched");

    let show = wallet(&db, Some(KEY), &["show", "1"]);
    assert_eq!(show.status.code(), Some(0));
    let text = stdout(&show);
    assert!(text.contains("Data Science Fundamentals") && text.contains("VERIFIED WITH WARNINGS"), "{text}");
    for id in ["format", "proof", "issuer key", "validity", "status", "trust"] {
        assert!(text.contains(id), "missing check {id} in {text}");
    }
    assert!(text.contains("history"), "the JWT version is in the history: {text}");
    let shown = json(&wallet(&db, Some(KEY), &["show", "--json", "2"]));
    assert_eq!(shown["badge"]["tags"], serde_json::json!(["job applications"]));
    assert_eq!(shown["report"]["envelope"], "png");
    assert!(shown["report"]["checks"].as_array().expect("checks").iter().any(|c| c["id"] == "proof" && c["status"] == "valid"));
    let shown1 = json(&wallet(&db, Some(KEY), &["show", "--json", "1"]));
    assert_eq!(shown1["history"].as_array().expect("history").len(), 1);
    assert_eq!(shown1["history"][0]["securing"], "vc_jwt");

    assert_eq!(wallet(&db, Some(KEY), &["untag", "2", "job applications"]).status.code(), Some(0));
    assert_eq!(json(&wallet(&db, Some(KEY), &["list", "--json", "--tag", "job applications"])), serde_json::json!([]));

    assert_eq!(wallet(&db, Some(KEY), &["delete", "3"]).status.code(), Some(0));
    let gone = wallet(&db, Some(KEY), &["show", "3"]);
    assert_eq!(gone.status.code(), Some(2));
    assert!(stderr(&gone).contains("no badge has id 3"), "{}", stderr(&gone));
    assert_eq!(wallet(&db, Some(KEY), &["delete", "3"]).status.code(), Some(2));
    assert_eq!(wallet(&db, Some(KEY), &["tag", "1", " "]).status.code(), Some(2), "a blank tag");

    let re = wallet(&db, Some(KEY), &["reverify", "--json", "--offline"]);
    assert_eq!(re.status.code(), Some(0), "{}", stderr(&re));
    let re = json(&re);
    assert_eq!((re["total"].as_u64(), re["done"].as_u64(), re["failed"].as_u64()), (Some(2), Some(2), Some(0)));
    assert_eq!(re["states"]["verified_with_warnings"], 2);

    let log = json(&wallet(&db, Some(KEY), &["log", "--json"]));
    let actions: Vec<&str> = log.as_array().expect("array").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["import", "history", "import", "import", "duplicate", "tag", "untag", "delete", "verify", "verify"]);
    assert!(log.as_array().expect("array").iter().all(|e| e["at"].is_string()));
    let human_log = stdout(&wallet(&db, Some(KEY), &["log"]));
    assert_eq!(human_log.lines().count(), 10, "{human_log}");
}

#[test]
fn a_batch_import_reports_every_input_in_order() {
    // Several inputs go through one `import_many` batch: unreadable ones get their own error
    // line in place, the others are imported, and the exit status says something failed.
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("wallet.db");
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, b"{ not json").expect("write");
    let micro = example("micro-credential.json");
    let png = fixture("ob3/1edtech-validator/simple-json.png");
    let out =
        wallet(&db, Some(KEY), &["import", "--json", "--offline", &micro, "/nonexistent/badge.json", &png, junk.to_str().unwrap(), &micro]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    let seen: Vec<(&str, &str)> = lines.iter().map(|l| (l["input"].as_str().unwrap_or(""), l["outcome"].as_str().unwrap_or(""))).collect();
    assert_eq!(
        seen,
        [
            (&*micro, "added"),
            ("/nonexistent/badge.json", "error"),
            (&*png, "added"),
            (junk.to_str().unwrap(), "error"),
            (&*micro, "duplicate")
        ]
    );
    assert!(lines[3]["reason"].as_str().unwrap_or("").contains("JSON"), "{}", lines[3]);
    assert_eq!(json(&wallet(&db, Some(KEY), &["list", "--json"])).as_array().map(Vec::len), Some(2));
}

#[test]
fn stdin_key_file_and_urls() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, format!("{KEY}\n")).expect("key");
    let out = Command::cargo_bin("akashi")
        .expect("bin")
        .env_remove("AKASHI_WALLET_KEY")
        .args(["wallet", "import", "--offline", "-"])
        .arg("--wallet")
        .arg(&db)
        .arg("--key-file")
        .arg(&key_file)
        .write_stdin(std::fs::read(example("micro-credential.json")).expect("example"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    // The same key from the environment opens it.
    let list = json(&wallet(&db, Some(KEY), &["list", "--json"]));
    assert_eq!(list[0]["source"], "bytes");
    // An offline URL import cannot fetch: nothing stored, exit 2.
    let url = wallet(&db, Some(KEY), &["import", "--offline", "https://badges.example/b/1"]);
    assert_eq!(url.status.code(), Some(2), "{}", stdout(&url));
    assert_eq!(json(&wallet(&db, Some(KEY), &["list", "--json"])).as_array().expect("array").len(), 1);
    // A missing file is an I/O error.
    assert_eq!(wallet(&db, Some(KEY), &["import", "/nonexistent/badge.json"]).status.code(), Some(2));
}

#[test]
fn wrong_key_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = filled(dir.path());
    let before = snapshot(dir.path());
    for args in [&["list"][..], &["tag", "1", "x"], &["delete", "1"], &["import", "--offline", &example("micro-credential.json")]] {
        let out = wallet(&db, Some(OTHER_KEY), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("the key does not open this wallet") && err.contains("nothing was changed"), "{err}");
        assert!(!err.contains(OTHER_KEY) && !err.contains(KEY), "no key material in messages: {err}");
        assert!(!err.contains("hmac"), "SQLCipher's own log is silenced: {err}");
        assert!(stdout(&out).is_empty());
    }
    assert_eq!(snapshot(dir.path()), before, "the wallet files are unchanged");
    assert_eq!(json(&wallet(&db, Some(KEY), &["list", "--json"])).as_array().expect("array").len(), 3);
}

#[test]
fn missing_or_malformed_key_is_explained() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("wallet.db");
    let out = wallet(&db, None, &["import", &example("micro-credential.json")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("AKASHI_WALLET_KEY") && err.contains("--key-file") && err.contains("openssl rand -hex 32"), "{err}");
    assert!(!db.exists(), "no wallet was created");

    let short = wallet(&db, Some("abcd"), &["import", &example("micro-credential.json")]);
    assert_eq!(short.status.code(), Some(2));
    assert!(stderr(&short).contains("64 hexadecimal characters") && !stderr(&short).contains("abcd"), "{}", stderr(&short));
    let not_hex = wallet(&db, Some(&"zz".repeat(32)), &["list"]);
    assert_eq!(not_hex.status.code(), Some(2));
    assert!(!db.exists());

    // A command other than import does not create a wallet.
    let none = wallet(&db, Some(KEY), &["list"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("there is no wallet"), "{}", stderr(&none));
    assert!(!db.exists());

    let help = Command::cargo_bin("akashi").expect("bin").args(["wallet", "--help"]).output().expect("run");
    let help = stdout(&help);
    assert!(help.contains("AKASHI_WALLET_KEY") && help.contains("--key-file") && help.contains("openssl rand -hex 32"), "{help}");
}

#[test]
fn a_file_that_is_not_a_wallet_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("notes.txt");
    std::fs::write(&db, b"shopping list: milk, eggs, and a much longer line to fill the header page").expect("write");
    let before = snapshot(dir.path());
    let out = wallet(&db, Some(KEY), &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("milk"), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before);
}

/// `backup` then `restore` into a new wallet with another key: every badge arrives; a wrong
/// passphrase or a cut file exits 2 and changes nothing; no passphrase is explained.
#[test]
fn backup_and_restore() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = filled(dir.path());
    let backup = dir.path().join("wallet.akashi-backup");
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, "correct horse battery staple\n").expect("pass");
    let b = backup.display().to_string();
    let p = pass.display().to_string();

    let out = wallet(&db, Some(KEY), &["backup", &b]);
    assert_eq!(out.status.code(), Some(2), "no passphrase: {}", stderr(&out));
    assert!(stderr(&out).contains("AKASHI_BACKUP_PASSPHRASE"));
    let out = wallet(&db, Some(KEY), &["backup", &b, "--passphrase-file", &p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&backup).expect("written").starts_with(b"AKASHI-BACKUP\0"));
    let out = wallet(&db, Some(KEY), &["backup", &b, "--passphrase-file", &p]);
    assert_eq!(out.status.code(), Some(2), "an existing file is not overwritten");

    let before = json(&wallet(&db, Some(KEY), &["list", "--json"]));
    let fresh_dir = tempfile::tempdir().expect("tmp");
    let fresh = fresh_dir.path().join("new-phone.db");
    let out = wallet(&fresh, Some(OTHER_KEY), &["restore", &b, "--passphrase-file", &p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(" added"), "{}", stdout(&out));
    let after = json(&wallet(&fresh, Some(OTHER_KEY), &["list", "--json"]));
    let names = |v: &Value| {
        let mut n: Vec<String> = v.as_array().expect("array").iter().map(|b| b["name"].to_string()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&after), names(&before));

    // A wrong passphrase and a cut file: exit 2, the wallet files byte-identical.
    let snap = snapshot(fresh_dir.path());
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "not the passphrase").expect("wrong");
    let out = wallet(&fresh, Some(OTHER_KEY), &["restore", &b, "--passphrase-file", &wrong.display().to_string()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let cut = dir.path().join("cut.akashi-backup");
    let full = std::fs::read(&backup).expect("read");
    std::fs::write(&cut, &full[..full.len() / 2]).expect("cut");
    let out = wallet(&fresh, Some(OTHER_KEY), &["restore", &cut.display().to_string(), "--passphrase-file", &p]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(fresh_dir.path()), snap, "nothing changed");
}

/// `akashi request` → `akashi present --request` → `akashi verify --request`: the exchange on the
/// command line; a replay for another request, a one-way presentation, bad input.
#[test]
fn request_present_verify() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("wallet.db");
    assert!(wallet(&db, Some(KEY), &["import", "--offline", &example("micro-credential.json")]).status.success());
    let holder = stdout(&wallet(&db, Some(KEY), &["holder"])).trim().to_owned();
    assert!(holder.starts_with("did:key:z6Mk"), "{holder}");
    assert_eq!(stdout(&wallet(&db, Some(KEY), &["holder"])).trim(), holder, "made once");

    let akashi = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("akashi").expect("bin");
        cmd.args(args).env("AKASHI_WALLET_KEY", KEY).output().expect("run")
    };
    let req_file = dir.path().join("req.txt");
    let req =
        akashi(&["request", "--domain", "careers.acme.example", "--name", "ACME Careers", "--json", "--out", req_file.to_str().unwrap()]);
    assert!(req.status.success(), "{}", stderr(&req));
    let req = json(&req);
    assert_eq!(req["challenge"].as_str().map(str::len), Some(22));
    assert_eq!(std::fs::read_to_string(&req_file).unwrap().trim(), req["text"].as_str().unwrap());

    let vp_file = dir.path().join("vp.json");
    let db_s = db.to_str().unwrap();
    let p = akashi(&[
        "present",
        "--wallet",
        db_s,
        "--search",
        "data science",
        "--request",
        req_file.to_str().unwrap(),
        "--out",
        vp_file.to_str().unwrap(),
    ]);
    assert!(p.status.success(), "{}", stderr(&p));
    assert!(stderr(&p).contains("to ACME Careers (careers.acme.example)"), "{}", stderr(&p));
    let vp: Value = serde_json::from_slice(&std::fs::read(&vp_file).unwrap()).unwrap();
    assert_eq!(vp["holder"], holder.as_str());
    assert_eq!(vp["proof"]["challenge"], req["challenge"]);

    let v = akashi(&["verify", "--offline", "--json", "--request", req_file.to_str().unwrap(), vp_file.to_str().unwrap()]);
    assert!(v.status.success(), "{}", stdout(&v));
    let r = json(&v);
    let check = |r: &Value, id: &str| r["checks"].as_array().unwrap().iter().find(|c| c["id"] == id).cloned().unwrap();
    assert_eq!(check(&r, "challenge")["status"], "valid");

    // Another request of the same employer (the request text given inline): not verified.
    let other = stdout(&akashi(&["request", "--domain", "careers.acme.example", "--name", "ACME Careers"]));
    let v = akashi(&["verify", "--offline", "--json", "--request", other.trim(), vp_file.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    assert_eq!(check(&json(&v), "challenge")["code"], "challenge_mismatch");
    // --request brings its own challenge: --challenge as well is a usage error.
    let v = akashi(&["verify", "--request", other.trim(), "--challenge", "x", vp_file.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(2));

    // One-way: not bound, within its lifetime.
    let p = akashi(&["present", "--wallet", db_s, "1", "--lifetime", "60"]);
    assert!(p.status.success(), "{}", stderr(&p));
    let one_way = dir.path().join("one-way.json");
    std::fs::write(&one_way, &p.stdout).unwrap();
    let v = akashi(&["verify", "--offline", "--json", "--one-way", one_way.to_str().unwrap()]);
    assert!(v.status.success(), "{}", stdout(&v));
    assert_eq!(check(&json(&v), "challenge")["code"], "not_bound");

    // Bad input: typed messages, exit 2, nothing logged.
    let log_before = stdout(&wallet(&db, Some(KEY), &["log", "--json"]));
    for args in [
        vec!["present", "--wallet", db_s, "1", "--request", "{\"type\":\"Other\"}"],
        vec!["present", "--wallet", db_s, "999"],
        vec!["present", "--wallet", db_s],
        vec!["request", "--domain", "has space", "--name", "x"],
    ] {
        let o = akashi(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains(KEY));
    }
    assert_eq!(stdout(&wallet(&db, Some(KEY), &["log", "--json"])), log_before);
    let log = stdout(&wallet(&db, Some(KEY), &["log"]));
    assert!(log.contains("present") && log.contains("to ACME Careers (careers.acme.example)"), "{log}");
}

#[test]
fn qr_exchange_through_images() {
    // The employer's request as a QR image, the learner's presentation of the full
    // micro-credential as an animated QR (PNG frames), scanned back in any order and verified;
    // the same as one VP1-B QR code (DCC's format); and an incomplete scan.
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("wallet.db");
    assert!(wallet(&db, Some(KEY), &["import", "--offline", &example("micro-credential-full.json"), &example("micro-credential.json")])
        .status
        .success());
    let akashi = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("akashi").expect("bin");
        cmd.args(args).env("AKASHI_WALLET_KEY", KEY).env("LANG", "C").env_remove("LC_ALL").env_remove("LANGUAGE").output().expect("run")
    };
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let req = akashi(&[
        "request",
        "--domain",
        "careers.acme.example",
        "--name",
        "ACME Careers",
        "--out",
        &p("req.txt"),
        "--png",
        &p("req.png"),
        "--svg",
        &p("req.svg"),
    ]);
    assert!(req.status.success(), "{}", stderr(&req));
    assert!(std::fs::read(p("req.png")).unwrap().starts_with(b"\x89PNG"));
    assert!(std::fs::read_to_string(p("req.svg")).unwrap().contains("<svg"));
    let challenge = json(&akashi(&["qr", "scan", &p("req.png")])).get("challenge").cloned();
    assert_eq!(challenge.as_ref().and_then(Value::as_str).map(str::len), Some(22), "the request QR holds the request");

    // The learner answers the request read from its QR image.
    let db_s = db.to_str().unwrap();
    let pr = akashi(&["present", "--wallet", db_s, "1", "--request", &p("req.png"), "--png", &p("vp.png"), "--out", &p("vp.json")]);
    assert!(pr.status.success(), "{}", stderr(&pr));
    assert!(stderr(&pr).contains("QR frames"), "{}", stderr(&pr));
    let frames: Vec<String> = (1..=20).map(|i| p(&format!("vp-{i}.png"))).filter(|f| std::path::Path::new(f).exists()).collect();
    assert!(frames.len() >= 2, "the full micro-credential needs several frames: {}", frames.len());

    // Scanned in reverse order with a repeat: verified, bound to the request.
    let mut shuffled: Vec<&str> = frames.iter().rev().map(String::as_str).collect();
    shuffled.push(&frames[0]);
    let scan = akashi(&[&["scan", "--offline", "--json", "--request", &p("req.txt")][..], &shuffled].concat());
    assert!(scan.status.success(), "{}{}", stdout(&scan), stderr(&scan));
    let r = json(&scan);
    assert_eq!(r["envelope"], "qr_frames");
    let check = |r: &Value, id: &str| r["checks"].as_array().unwrap().iter().find(|c| c["id"] == id).cloned().unwrap();
    assert_eq!((check(&r, "proof")["status"].as_str(), check(&r, "challenge")["status"].as_str()), (Some("valid"), Some("valid")));
    assert_eq!(r["nested"][0]["report"]["credential"]["name"], "Data Science Fundamentals (Micro-credential, full descriptors)");
    // Human output shows what the presented credential certifies.
    let human = stdout(&akashi(&[&["scan", "--offline", "--request", &p("req.txt")][..], &shuffled].concat()));
    assert!(human.contains("verifiableCredential[0]") && human.contains("creditsAvailable"), "{human}");

    // A frame missing: exit 1, says how many were read.
    let partial = akashi(&["scan", "--offline", "--request", &p("req.txt"), &frames[0]]);
    assert_eq!(partial.status.code(), Some(1));
    assert!(stdout(&partial).contains(&format!("only 1 of {} QR frames", frames.len())), "{}", stdout(&partial));
    // Against another request of the same employer: not verified.
    let other = stdout(&akashi(&["request", "--domain", "careers.acme.example", "--name", "ACME Careers"]));
    let replay = akashi(&[&["scan", "--offline", "--json", "--request", other.trim()][..], &shuffled].concat());
    assert_eq!(replay.status.code(), Some(1));
    assert_eq!(check(&json(&replay), "challenge")["code"], "challenge_mismatch");

    // DCC's format: one VP1-B QR code; the holder's signature survives the CBOR-LD round trip.
    let pr =
        akashi(&["present", "--wallet", db_s, "2", "--request", &p("req.txt"), "--vpqr", "--out", &p("vp.txt"), "--png", &p("vpqr.png")]);
    assert!(pr.status.success(), "{}", stderr(&pr));
    assert!(std::fs::read_to_string(p("vp.txt")).unwrap().starts_with("VP1-B"));
    for input in [
        vec!["verify", "--offline", "--json", "--request", &p("req.txt"), &p("vp.txt")],
        vec!["scan", "--offline", "--json", "--request", &p("req.txt"), &p("vpqr.png")],
    ] {
        let v = akashi(&input);
        assert!(v.status.success(), "{input:?}: {}", stdout(&v));
        let r = json(&v);
        assert_eq!(r["envelope"], "vpqr");
        assert_eq!(check(&r, "proof")["status"], "valid");
        assert_eq!(check(&r, "challenge")["status"], "valid");
    }
    // The VPQR file with the challenge and domain given by hand (no request file).
    let challenge = std::fs::read_to_string(p("req.txt")).unwrap();
    let challenge: Value = serde_json::from_str(challenge.trim()).unwrap();
    let by_hand = akashi(&[
        "verify",
        "--offline",
        "--json",
        "--challenge",
        challenge["challenge"].as_str().unwrap(),
        "--domain",
        "careers.acme.example",
        &p("vp.txt"),
    ]);
    assert!(by_hand.status.success(), "{}", stdout(&by_hand));
    assert_eq!(check(&json(&by_hand), "challenge")["status"], "valid");
    let wrong = akashi(&["verify", "--offline", "--json", "--challenge", "not-the-one", "--domain", "careers.acme.example", &p("vp.txt")]);
    assert_eq!(wrong.status.code(), Some(1));
    // Not an image, an image without a QR code: exit 2 with the file named.
    let not_image = akashi(&["scan", &p("req.txt")]);
    assert_eq!(not_image.status.code(), Some(2));
    assert!(stderr(&not_image).contains("req.txt"), "{}", stderr(&not_image));
}

#[test]
fn wallet_output_in_japanese_and_english() {
    // What a person reads from the wallet commands follows --lang (and LANG when it is absent).
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("wallet.db");
    let run = |lang: &str, args: &[&str]| {
        let mut cmd = Command::cargo_bin("akashi").expect("bin");
        cmd.args(["--lang", lang, "wallet", "--wallet", db.to_str().unwrap()]).args(args).env("AKASHI_WALLET_KEY", KEY);
        cmd.output().expect("run")
    };
    let imported = run("ja", &["import", "--offline", &example("micro-credential.json")]);
    assert!(stdout(&imported).contains("追加 バッジ 1") && stdout(&imported).contains("検証済み（警告あり）"), "{}", stdout(&imported));
    // The JWT form of the same badge goes to its history (older), said and shown in Japanese.
    let jwt = run("ja", &["import", "--offline", &example("micro-credential.jwt")]);
    assert!(stdout(&jwt).contains("履歴として保存 バッジ 1"), "{}", stdout(&jwt));
    let shown = stdout(&run("ja", &["show", "1"]));
    assert!(shown.contains("履歴") && shown.contains("古い版") && shown.contains("有効期間開始"), "{shown}");
    assert!(stdout(&run("en", &["show", "1"])).contains("older version, valid from"));
    let again = run("en", &["import", "--offline", &example("micro-credential.json")]);
    assert!(stdout(&again).contains("already in the wallet as badge 1"), "{}", stdout(&again));
    assert!(stdout(&run("ja", &["tag", "1", "就活"])).contains("バッジ 1：タグ「就活」を付けました"));
    assert!(stdout(&run("en", &["untag", "1", "就活"])).contains("badge 1: tag '就活' removed"));
    let list = stdout(&run("ja", &["list"]));
    assert!(list.contains("検証済み（警告あり）") && list.contains("Data Science Fundamentals"), "{list}");
    let log = stdout(&run("ja", &["log"]));
    assert!(
        log.contains("取り込み") && log.contains("重複") && log.contains("タグ付け") && log.contains("タグ解除") && log.contains("履歴"),
        "{log}"
    );
    let log_en = stdout(&run("en", &["log"]));
    assert!(log_en.contains("import") && log_en.contains("duplicate") && !log_en.contains("取り込み"), "{log_en}");
    let re = stdout(&run("ja", &["reverify", "--offline"]));
    assert!(re.contains("1 件中 1 件を再検証しました"), "{re}");
}
