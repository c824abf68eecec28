//! `akashi verify` / `akashi wallet show`: the micro-credential descriptors and per-profile
//! completeness, human and `--json`, in Japanese and English (`--lang`, else the environment).

use akashi_core::l10n::{self, Language};
use akashi_core::{DescriptorId, Summary};
use assert_cmd::Command;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example(name: &str) -> String {
    root().join("examples/credentials").join(name).display().to_string()
}

/// `akashi ARGS…` with no language in the environment unless `env` sets one.
fn akashi(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::cargo_bin("akashi").expect("binary");
    for k in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args).output().expect("run")
}

fn json_line(out: &std::process::Output) -> Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.lines().next().expect("a line")).expect("JSON")
}

#[test]
fn json_has_descriptors_and_profiles_for_the_full_example() {
    let out = akashi(&["verify", "--offline", "--json", &example("micro-credential-full.json")], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_line(&out);
    assert_eq!(v["lang"], "en");
    let d = v["descriptors"].as_object().expect("descriptors object");
    assert_eq!(d.len(), DescriptorId::ALL.len());
    for id in DescriptorId::ALL {
        let x = &d[id.as_str()];
        assert_eq!(x["present"], true, "{}", id.as_str());
        assert_eq!(x["label"], l10n::descriptor_label(Language::En, id));
        assert!(x["values"].as_array().is_some_and(|a| a.iter().all(|v| v["value"].is_string() && v["source"].is_string())));
    }
    let profiles = v["profiles"].as_array().expect("profiles");
    assert_eq!(profiles.iter().map(|p| p["id"].as_str().unwrap_or("")).collect::<Vec<_>>(), ["jp-mc-guideline-3.0", "eu-mc-2022"]);
    assert!(profiles.iter().all(|p| p["complete"] == true && p["missing"].as_array().is_some_and(Vec::is_empty)), "{profiles:?}");
    assert!(v["credential"].get("descriptors").is_none(), "not repeated inside credential");
}

#[test]
fn json_lists_what_the_plain_example_misses() {
    let out = akashi(&["verify", "--offline", "--json", &example("micro-credential.json")], &[]);
    let v = json_line(&out);
    assert_eq!(v["descriptors"]["form_of_participation"]["present"], false);
    let eu = v["profiles"].as_array().and_then(|p| p.iter().find(|p| p["id"] == "eu-mc-2022")).expect("eu");
    assert_eq!(eu["complete"], false);
    assert_eq!(eu["missing"], serde_json::json!(["assessment_type", "form_of_participation", "quality_assurance"]));
}

#[test]
fn lang_ja_localizes_checks_verdict_and_descriptor_labels() {
    let file = example("micro-credential-full.json");
    // One judgement time for both runs: the reasons name it.
    let now = "2026-06-01T00:00:00Z";
    let en = akashi(&["verify", "--offline", "--now", now, "--json", "--lang", "en", &file], &[]);
    let ja = akashi(&["verify", "--offline", "--now", now, "--json", "--lang", "ja", &file], &[]);
    let (en, ja) = (json_line(&en), json_line(&ja));
    assert_eq!(ja["lang"], "ja");
    assert_eq!(ja["descriptors"]["credits"]["label"], l10n::descriptor_label(Language::Ja, DescriptorId::Credits));
    assert_eq!(ja["profiles"][0]["title"], l10n::profile_title(Language::Ja, "jp-mc-guideline-3.0"));
    let (ec, jc) = (en["checks"].as_array().expect("checks"), ja["checks"].as_array().expect("checks"));
    assert_eq!(ec.len(), jc.len());
    for (e, j) in ec.iter().zip(jc) {
        assert_ne!(e["message"], j["message"], "{}", e["id"]);
        assert_eq!(e["reason"], j["reason"], "the English reason stays as data");
    }

    let human = akashi(&["verify", "--offline", "--lang", "ja", &file], &[]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains(&l10n::summary_label(Language::Ja, Summary::VerifiedWithWarnings)), "{text}");
    for id in DescriptorId::ALL {
        assert!(text.contains(&l10n::descriptor_label(Language::Ja, id)), "{} in {text}", id.as_str());
    }
    assert!(text.contains(&l10n::ui(Language::Ja, "profile-complete", &[])), "{text}");
    assert!(!text.contains("VERIFIED"), "{text}");
}

#[test]
fn the_language_defaults_from_the_environment() {
    let file = example("micro-credential.json");
    let ja = akashi(&["verify", "--offline", "--json", &file], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(json_line(&ja)["lang"], "ja");
    // LC_ALL wins over LANG; --lang wins over both.
    let c = akashi(&["verify", "--offline", "--json", &file], &[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "C")]);
    assert_eq!(json_line(&c)["lang"], "en");
    let forced = akashi(&["verify", "--offline", "--json", "--lang", "en", &file], &[("LANG", "ja_JP.UTF-8")]);
    assert_eq!(json_line(&forced)["lang"], "en");
    let human = akashi(&["verify", "--offline", &file], &[("LANG", "ja_JP.UTF-8")]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains(&l10n::ui(Language::Ja, "profile-incomplete", &[])), "{text}");
}

#[test]
fn wallet_show_prints_descriptors_in_both_languages() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let key = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
    let wallet = |args: &[&str]| {
        let mut all = vec!["wallet", "--wallet", db.to_str().expect("path")];
        all.extend_from_slice(args);
        akashi(&all, &[("AKASHI_WALLET_KEY", key)])
    };
    let imported = wallet(&["import", "--offline", "--json", &example("micro-credential-full.json")]);
    assert_eq!(imported.status.code(), Some(0), "{}", String::from_utf8_lossy(&imported.stderr));
    let id = json_line(&imported)["id"].as_i64().expect("id").to_string();
    let shown = wallet(&["show", &id, "--json"]);
    let v = json_line(&shown);
    assert_eq!(v["descriptors"]["workload"]["present"], true);
    assert!(v["profiles"].as_array().is_some_and(|p| p.len() == 2 && p.iter().all(|p| p["complete"] == true)), "{v}");
    let human = wallet(&["show", &id, "--lang", "ja"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains(&l10n::descriptor_label(Language::Ja, DescriptorId::FormOfParticipation)), "{text}");
    assert!(text.contains(&l10n::ui(Language::Ja, "wallet-last-verification", &[])), "{text}");
    assert!(text.contains(&l10n::summary_label(Language::Ja, Summary::VerifiedWithWarnings)), "{text}");
}

#[test]
fn lang_ja_prints_warnings_in_japanese() {
    let file = root().join("../shared/fixtures/vp/blockcerts/vp-eddsa-rdfc-2022.json").display().to_string();
    let en = akashi(&["verify", "--offline", "--json", "--lang", "en", &file], &[]);
    let report: akashi_core::Report = serde_json::from_value(json_line(&en)).expect("report");
    let checks: Vec<&akashi_core::Check> = report.checks.iter().filter(|c| !c.warnings.is_empty()).collect();
    assert!(!checks.is_empty(), "the fixture has warnings");

    let human = akashi(&["verify", "--offline", "--lang", "ja", &file], &[]);
    let ja = String::from_utf8_lossy(&human.stdout);
    let human = akashi(&["verify", "--offline", "--lang", "en", &file], &[]);
    let en = String::from_utf8_lossy(&human.stdout);
    let json = json_line(&akashi(&["verify", "--offline", "--json", "--lang", "ja", &file], &[]));
    let mut n = 0;
    for c in checks {
        for (w, m) in c.warnings.iter().zip(&c.warning_messages) {
            let m = m.as_ref().expect("a message");
            let text = l10n::warning_text(Language::Ja, m);
            assert_ne!(&text, w);
            assert!(ja.contains(&format!("{}: {text}", l10n::ui(Language::Ja, "warning", &[]))), "{text} in {ja}");
            assert!(!ja.contains(w.as_str()), "English {w} in {ja}");
            assert!(en.contains(w.as_str()), "{w} in {en}");
            n += 1;
        }
    }
    assert!(n >= 3, "{n}");
    // The JSON keeps the English warnings and adds them in the language asked for.
    let with_warnings: Vec<&Value> =
        json["checks"].as_array().expect("checks").iter().filter(|c| c.get("localized_warnings").is_some()).collect();
    assert!(!with_warnings.is_empty());
    for c in with_warnings {
        let (en, ja) = (c["warnings"].as_array().expect("warnings"), c["localized_warnings"].as_array().expect("localized"));
        assert_eq!(en.len(), ja.len());
        assert!(en.iter().zip(ja).all(|(e, j)| e != j), "{c}");
    }
}
