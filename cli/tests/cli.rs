//! The `akashi verify` command: output forms and exit codes.

use assert_cmd::Command;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> String {
    root().join("examples/credentials/micro-credential.json").display().to_string()
}

fn fixture(rel: &str) -> String {
    root().join("../shared/fixtures").join(rel).display().to_string()
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

#[test]
fn human_output_lists_every_check() {
    let out = Command::cargo_bin("akashi").expect("bin").args(["verify", "--offline", &example()]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("VERIFIED WITH WARNINGS"), "{text}");
    for id in ["format", "proof", "issuer key", "validity", "status", "trust"] {
        assert!(text.contains(id), "missing {id} in {text}");
    }
}

#[test]
fn json_lines_and_exit_codes() {
    let garbage = std::env::temp_dir().join("akashi-cli-garbage.json");
    std::fs::write(&garbage, "not json").expect("write");
    let expired = fixture("ob3/1edtech-validator/simple-err-expired.json");
    let out = Command::cargo_bin("akashi")
        .expect("bin")
        .args(["verify", "--json", "--offline", &example(), &expired, &garbage.display().to_string()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "one file did not verify");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["summary"], "verified_with_warnings");
    assert_eq!(lines[0]["file"], example());
    let checks = lines[0]["checks"].as_array().expect("checks");
    let ids: Vec<&str> = checks.iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(ids, ["format", "proof", "issuer_key", "validity", "status", "trust", "recipient", "schema"]);
    assert!(checks.iter().all(|c| c["status"].is_string() && c.get("reason").is_some()));
    assert_eq!(lines[1]["summary"], "expired");
    assert_eq!(lines[2]["summary"], "error");
    assert!(lines[2]["reason"].as_str().expect("reason").contains("not valid JSON"));
}

#[test]
fn now_override_and_usage_errors() {
    let out = Command::cargo_bin("akashi")
        .expect("bin")
        .args(["verify", "--json", "--offline", "--now", "2020-01-01T00:00:00Z", &example()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&out.stdout)[0]["summary"], "not_yet_valid");

    let bad_now = Command::cargo_bin("akashi").expect("bin").args(["verify", "--now", "yesterday", &example()]).output().expect("run");
    assert_eq!(bad_now.status.code(), Some(2));
    let missing = Command::cargo_bin("akashi").expect("bin").args(["verify", "/nonexistent/x.json"]).output().expect("run");
    assert_eq!(missing.status.code(), Some(2), "I/O error");
    let no_args = Command::cargo_bin("akashi").expect("bin").args(["verify"]).output().expect("run");
    assert_eq!(no_args.status.code(), Some(2), "usage error");
    let bad_ca =
        Command::cargo_bin("akashi").expect("bin").args(["verify", "--ca-file", "/nonexistent.pem", &example()]).output().expect("run");
    assert_eq!(bad_ca.status.code(), Some(2));
}

/// A baked PNG (the 1EdTech validator's OB 3.0 `simple-json.png`, README: valid) is read from
/// its iTXt chunk and verified like the JSON it carries; an image without badge is an error.
#[test]
fn verifies_a_baked_png_file() {
    let png = fixture("ob3/1edtech-validator/simple-json.png");
    let unbaked = fixture("other/baking/mozilla-openbadges-bakery/unbaked.png");
    let out = Command::cargo_bin("akashi").expect("bin").args(["verify", "--json", "--offline", &png, &unbaked]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "the unbaked image did not verify");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines[0]["envelope"], "png");
    assert_eq!(lines[0]["summary"], "verified_with_warnings");
    assert_eq!(lines[0]["credential"]["name"], "Teamwork Badge");
    let checks = lines[0]["checks"].as_array().expect("checks");
    let proof = checks.iter().find(|c| c["id"] == "proof").expect("proof");
    assert_eq!(proof["status"], "valid");
    assert_eq!(lines[1]["summary"], "error");
    assert!(lines[1]["reason"].as_str().expect("reason").contains("no badge"), "{}", lines[1]);
}

#[test]
fn verifies_jwt_files_and_a_jwt_baked_png() {
    let png = fixture("ob3/1edtech-validator/simple-jwt.png");
    let nokey = fixture("ob3/1edtech-validator/simple.jwt");
    let tampered = std::env::temp_dir().join("akashi-cli-tampered.jwt");
    let clr = std::fs::read_to_string(fixture("other/1edtech-validator-clr20/simple.jwt")).expect("jwt");
    // Change one character inside the signature: it no longer matches.
    let t = clr.trim();
    let i = t.len() - 10;
    let swapped = if &t[i..=i] == "A" { "B" } else { "A" };
    std::fs::write(&tampered, format!("{}{swapped}{}", &t[..i], &t[i + 1..])).expect("write");
    let out = Command::cargo_bin("akashi")
        .expect("bin")
        .args(["verify", "--json", "--offline", &png, &nokey, &tampered.display().to_string()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "the key-less JWT did not verify");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["envelope"], "png");
    assert_eq!(lines[0]["securing"], "vc_jwt");
    assert_eq!(lines[0]["summary"], "verified_with_warnings", "{}", lines[0]);
    let check = |line: &Value, id: &str| line["checks"].as_array().expect("checks").iter().find(|c| c["id"] == id).cloned().expect("check");
    assert_eq!(check(&lines[0], "proof")["status"], "valid");
    let key = check(&lines[0], "issuer_key");
    assert_eq!(key["status"], "valid");
    assert!(key["warnings"].to_string().contains("did not publish"), "{key}");
    assert_eq!(lines[1]["securing"], "vc_jwt");
    assert_eq!(lines[1]["summary"], "not_verified");
    assert_eq!(check(&lines[1], "proof")["code"], "no_key");
    assert_eq!(lines[2]["summary"], "not_verified");
    assert_eq!(check(&lines[2], "proof")["code"], "bad_signature", "{}", lines[2]);

    // Human output names the algorithm.
    let out = Command::cargo_bin("akashi").expect("bin").args(["verify", "--offline", &png]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("RS256"), "{}", String::from_utf8_lossy(&out.stdout));
}

#[path = "../../core/tests/it/common/tls.rs"]
mod tls;

/// `akashi verify https://…` against a real HTTPS server on loopback standing in for
/// example.org (hidden `--resolve`, `--ca-file` for its test CA), with `--recipient`.
#[test]
fn verifies_a_hosted_assertion_by_url() {
    let srv = tls::Server::start(&["example.org"]);
    let assets = root().join("../shared/fixtures/ob2/1edtech-validator/assets");
    for name in ["robotics-badge.json", "organization.json"] {
        srv.set("example.org", &format!("/{name}"), 200, std::fs::read(assets.join(name)).expect("asset"));
    }
    let id = "https://example.org/beths-robotics-badge.json";
    srv.set_url(id, std::fs::read(fixture("ob2/1edtech-validator/basic-assertion.json")).expect("fixture"));
    let ca = std::env::temp_dir().join(format!("akashi-cli-test-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, &srv.ca_pem).expect("ca");
    let run = |extra: &[&str]| {
        let mut args = vec!["verify".to_owned(), "--json".into(), "--ca-file".into(), ca.display().to_string()];
        args.push("--resolve".into());
        args.push(format!("example.org={}", srv.addr));
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(id.into());
        Command::cargo_bin("akashi").expect("bin").args(&args).output().expect("run")
    };
    let out = run(&["--recipient", "nobody@example.org"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let line = &json_lines(&out.stdout)[0];
    assert_eq!(
        (line["summary"].as_str(), line["envelope"].as_str(), line["securing"].as_str()),
        (Some("verified_with_warnings"), Some("url"), Some("ob2_hosted"))
    );
    assert_eq!(line["credential"]["name"], "Awesome Robotics Badge");
    let recipient = line["checks"].as_array().expect("checks").iter().find(|c| c["id"] == "recipient").expect("recipient").clone();
    assert_eq!(recipient["status"], "valid");

    let out = run(&["--recipient", "someone.else@example.org"]);
    assert_eq!(out.status.code(), Some(1));
    // Revoked (410) is a verdict, not an error.
    srv.set_url_status(id, 410, "");
    let out = run(&[]);
    assert_eq!((out.status.code(), json_lines(&out.stdout)[0]["summary"].as_str()), (Some(1), Some("revoked")));
    let bad = Command::cargo_bin("akashi").expect("bin").args(["verify", "--resolve", "nonsense", id]).output().expect("run");
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_file(&ca);
}

#[path = "../../core/tests/it/common/signing.rs"]
mod signing;

/// `akashi refresh`: the issuer's updated version is fetched (loopback HTTPS standing in for
/// the registrar), verified, and written with --out only because it verified; an update
/// signed by someone else is refused and nothing is written.
#[test]
fn refresh_saves_only_a_verified_update() {
    let srv = tls::Server::start(&["registrar.example"]);
    let issuer = signing::key(31);
    let refresh_url = "https://registrar.example/refresh/ds-101";
    let badge = |k: &signing::Key, until: &str| {
        let doc = signing::obj(serde_json::json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"],
            "id": "urn:uuid:ds-101", "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": k.did, "type": ["Profile"], "name": "Akashi Test University"},
            "validFrom": "2025-04-01T00:00:00Z", "validUntil": until, "name": "Data Science 101",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "https://university.example/achievements/ds-101",
                "type": ["Achievement"], "name": "Data Science 101", "description": "Passed.", "criteria": {"narrative": "Passed."}}},
            "refreshService": {"id": refresh_url, "type": "1EdTechCredentialRefresh"},
        }));
        serde_json::to_vec(&signing::sign(doc, k)).expect("json")
    };
    let dir = std::env::temp_dir().join(format!("akashi-cli-refresh-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (old, new, ca) = (dir.join("old.json"), dir.join("new.json"), dir.join("ca.pem"));
    std::fs::write(&old, badge(&issuer, "2025-12-31T00:00:00Z")).expect("write");
    std::fs::write(&ca, &srv.ca_pem).expect("ca");
    let fresh = badge(&issuer, "2030-12-31T00:00:00Z");
    srv.set_url(refresh_url, fresh.clone());
    let run = || {
        Command::cargo_bin("akashi")
            .expect("bin")
            .args(["refresh", "--json", "--out"])
            .arg(&new)
            .arg("--ca-file")
            .arg(&ca)
            .args(["--resolve", &format!("registrar.example={}", srv.addr)])
            .arg(&old)
            .output()
            .expect("run")
    };
    // The old one is expired and says an update is offered.
    let human = Command::cargo_bin("akashi").expect("bin").args(["verify", "--offline"]).arg(&old).output().expect("run");
    assert!(String::from_utf8_lossy(&human.stdout).contains("an updated version is offered at https://registrar.example/refresh/ds-101"));
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json_lines(&out.stdout)[0]["summary"], "verified_with_warnings");
    assert_eq!(std::fs::read(&new).expect("saved"), fresh);

    std::fs::remove_file(&new).expect("rm");
    srv.set_url(refresh_url, badge(&signing::key(32), "2030-12-31T00:00:00Z"));
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not by the original's issuer"));
    assert!(!new.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

fn example_registry() -> String {
    root().join("examples/registries/example-registry.json").display().to_string()
}

#[test]
fn a_registry_makes_the_example_fully_verified() {
    let out = Command::cargo_bin("akashi")
        .expect("bin")
        .args(["verify", "--json", "--offline", "--registry", &example_registry(), &example()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out.stdout);
    let r = &lines[0];
    assert_eq!(r["summary"], "verified", "{r:#}");
    let statuses: Vec<(&str, &str)> = r["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| (c["id"].as_str().unwrap_or(""), c["status"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        statuses,
        [
            ("format", "valid"),
            ("proof", "valid"),
            ("issuer_key", "valid"),
            ("validity", "valid"),
            ("status", "not_applicable"),
            ("trust", "valid"),
            ("recipient", "not_applicable"),
            ("schema", "valid"),
        ]
    );
    assert!(r["checks"].as_array().expect("checks").iter().all(|c| c["warnings"].as_array().is_some_and(|w| w.is_empty())), "{r:#}");
    let trust = &r["checks"][5];
    assert!(trust["reason"].as_str().unwrap_or("").contains("Akashi example registry (TEST issuers only)"), "{trust:#}");
    assert_eq!(r["credential"]["issuer_name"], "Akashi Example University (test issuer)");

    // Human output, and a registry that cannot be read (listed, the other still used).
    let missing = std::env::temp_dir().join("akashi-cli-no-such-registry.json").display().to_string();
    let out = Command::cargo_bin("akashi")
        .expect("bin")
        .args(["verify", "--offline", "--registry", &missing, "--registry", &example_registry(), &example()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("VERIFIED WITH WARNINGS"), "{text}");
    assert!(text.contains("registered as \"Akashi Example University (test issuer)\""), "{text}");
    assert!(text.contains(&format!("warning: registry {missing} could not be loaded")), "{text}");
}
