//! `akashi verify` on presentations and CLRs: `--challenge` / `--domain`, nested reports in
//! the human output and under the parent in `--json`.

use assert_cmd::Command;
use serde_json::Value;

fn fixture(rel: &str) -> String {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures").join(rel).display().to_string()
}

/// A presentation signed with eddsa-rdfc-2022, with this challenge and domain (Blockcerts' fixture).
const VP: &str = "vp/blockcerts/vp-eddsa-rdfc-2022.json";
const CHALLENGE: &str = "uFLOeUzjbCkc0K-21LUKrig";
const DOMAIN: &str = "github.com/w3c/vc-data-model-2.0-test-suite";

fn akashi(args: &[&str]) -> (Option<i32>, Vec<Value>, String) {
    let out = Command::cargo_bin("akashi").expect("bin").args(args).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines =
        if args.contains(&"--json") { text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect() } else { Vec::new() };
    (out.status.code(), lines, text)
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"].as_array().expect("checks").iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no {id} check in {report}"))
}

#[test]
fn challenge_and_domain_options() {
    let vp = fixture(VP);
    let (code, lines, _) = akashi(&["verify", "--json", "--offline", "--challenge", CHALLENGE, "--domain", DOMAIN, &vp]);
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(check(&lines[0], "challenge")["status"], "valid");
    assert_eq!(check(&lines[0], "proof")["status"], "valid");

    let (code, lines, _) = akashi(&["verify", "--json", "--offline", "--challenge", "not-the-one", "--domain", DOMAIN, &vp]);
    assert_eq!(code, Some(1));
    assert_eq!(lines[0]["summary"], "not_verified");
    assert_eq!(check(&lines[0], "challenge")["code"], "challenge_mismatch");

    let (code, lines, _) = akashi(&["verify", "--json", "--offline", "--challenge", CHALLENGE, "--domain", "evil.example", &vp]);
    assert_eq!(code, Some(1));
    assert_eq!(check(&lines[0], "challenge")["code"], "domain_mismatch");

    // No --challenge: verified with a warning that a replay could not be detected.
    let (code, lines, text) = akashi(&["verify", "--offline", &vp]);
    assert_eq!(code, Some(0), "{lines:?}");
    assert!(text.contains("VERIFIED WITH WARNINGS — Verifiable Presentation"), "{text}");
    assert!(text.contains("replayed presentation cannot be detected"), "{text}");
}

#[test]
fn nested_reports_under_the_parent() {
    // An unsigned presentation holding a signed badge: the badge is reported under it.
    let (code, lines, _) = akashi(&["verify", "--json", "--offline", &fixture("vp/dcc-verifier-plus/testVP.json")]);
    assert_eq!(code, Some(1), "an unsigned presentation is not verified");
    let r = &lines[0];
    assert_eq!(check(r, "proof")["code"], "no_proof");
    let nested = r["nested"].as_array().expect("nested");
    assert_eq!(nested.len(), 1);
    assert_eq!(nested[0]["relation"], "presentation_member");
    assert_eq!(nested[0]["path"], "verifiableCredential");
    assert_eq!(nested[0]["report"]["summary"], "verified_with_warnings");
    assert_eq!(nested[0]["report"]["envelope"], "embedded");
    assert_eq!(check(&nested[0]["report"], "proof")["status"], "valid");

    // A CLR: members and the association graph, in JSON and in the human output.
    let clr = fixture("other/1edtech-spec-clr-ldp-test-vector/credential-signed.json");
    let (code, lines, _) = akashi(&["verify", "--json", "--offline", &clr]);
    assert_eq!(code, Some(0));
    assert_eq!(lines[0]["nested"][0]["relation"], "clr_member");
    assert_eq!(lines[0]["associations"][0]["association_type"], "isParentOf");
    assert_eq!(lines[0]["associations"][0]["target_path"], "credentialSubject.achievement[1]");
    let (_, _, text) = akashi(&["verify", "--offline", &clr]);
    assert!(text.contains("credentialSubject.verifiableCredential[0] — CLR member \"Example University Degree\""), "{text}");
    assert!(
        text.contains("association: urn:uuid:a7467ef6-56cb-11ec-bf63-0242ac130002 (credentialSubject.verifiableCredential[0]) isParentOf"),
        "{text}"
    );
}
