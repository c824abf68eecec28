//! Micro-credential descriptors and profile completeness on real badges (the signed examples,
//! 1EdTech OB 3.0 and OB 2.0 fixtures), profiles as data, and the Japanese / English messages:
//! every message id in both languages, and a message for every check code the verifier emits.

use std::collections::BTreeSet;
use std::path::Path;

use akashi_core::descriptors::{self, DescriptorId, Descriptors, Profile};
use akashi_core::l10n::{self, Language};
use akashi_core::{CheckId, CheckStatus, Report, Summary, Verifier, VerifyOptions};
use serde_json::{Map, Value};

fn offline() -> Verifier {
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("date").with_timezone(&chrono::Utc);
    Verifier::new(VerifyOptions { offline: true, now: Some(now), ..Default::default() }).expect("verifier")
}

fn example(name: &str) -> Vec<u8> {
    let p = crate::common::repo_root().join("examples/credentials").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn json(bytes: &[u8]) -> Map<String, Value> {
    serde_json::from_slice(bytes).expect("JSON object")
}

fn descriptors(r: &Report) -> &Descriptors {
    r.credential.descriptors.as_ref().expect("a credential has descriptors")
}

fn values(d: &Descriptors, id: DescriptorId) -> Vec<(String, String)> {
    d.get(id).map(|x| x.values.iter().map(|v| (v.value.clone(), v.source.clone())).collect()).unwrap_or_default()
}

#[test]
fn the_full_example_verifies_and_carries_every_descriptor_for_both_profiles() {
    let bytes = example("micro-credential-full.json");
    let doc = json(&bytes);
    let r = offline().verify(&bytes).expect("report");
    assert!(r.summary.is_verified(), "{r:?}");
    assert_eq!(r.check(CheckId::Proof).map(|c| c.status), Some(CheckStatus::Valid));
    let d = descriptors(&r);
    let absent: Vec<_> = d.items.iter().filter(|x| !x.present).map(|x| x.id).collect();
    assert!(absent.is_empty(), "absent in the full example: {absent:?}");
    for p in &d.profiles {
        assert!(p.complete && p.missing.is_empty() && p.missing_recommended.is_empty(), "{p:?}");
    }
    assert_eq!(d.profiles.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["jp-mc-guideline-3.0", "eu-mc-2022"]);

    // Each value is the document's own, found where the source path says.
    let a = &doc["credentialSubject"]["achievement"];
    let text = |v: &Value| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string());
    let expect = [
        (DescriptorId::Workload, &a["studyLoad"], "credentialSubject.achievement.studyLoad"),
        (DescriptorId::Credits, &a["creditsAvailable"], "credentialSubject.achievement.creditsAvailable"),
        (DescriptorId::AssessmentType, &a["assessmentType"], "credentialSubject.achievement.assessmentType"),
        (DescriptorId::FormOfParticipation, &a["formOfParticipation"], "credentialSubject.achievement.formOfParticipation"),
        (DescriptorId::Supervision, &a["supervision"], "credentialSubject.achievement.supervision"),
        (DescriptorId::Prerequisites, &a["prerequisites"], "credentialSubject.achievement.prerequisites"),
        (DescriptorId::IssuerCountry, &doc["issuer"]["address"]["addressCountryCode"], "issuer.address.addressCountryCode"),
        (DescriptorId::IssueDate, &doc["validFrom"], "validFrom"),
    ];
    for (id, v, source) in expect {
        assert!(values(d, id).contains(&(text(v), source.to_owned())), "{id:?}: {:?} lacks {v} at {source}", values(d, id));
    }
    let outcomes = values(d, DescriptorId::LearningOutcomes);
    for (i, lo) in a["learningOutcome"].as_array().expect("outcomes").iter().enumerate() {
        assert!(outcomes.contains(&(text(lo), format!("credentialSubject.achievement.learningOutcome[{i}]"))), "{outcomes:?}");
    }
    // The EQF alignment is a level, the literacy framework item a learning outcome.
    assert!(values(d, DescriptorId::Level).iter().any(|(v, s)| v.starts_with("EQF level 5") && s.ends_with("alignment[1]")));
    assert!(outcomes.iter().any(|(_, s)| s.ends_with("alignment[0]")));
    // Grade: the result's value with its result description's name.
    let grade = values(d, DescriptorId::Grade);
    let result = doc["credentialSubject"]["result"][0]["value"].as_str().expect("grade");
    assert!(grade.iter().any(|(v, _)| v.ends_with(&format!(": {result}"))), "{grade:?}");
    // Quality assurance: the QA body's endorsement of the achievement, signed by its own test
    // key, verified on its own as a nested report at the same path.
    let qa = values(d, DescriptorId::QualityAssurance);
    let endorser = a["endorsement"][0]["issuer"]["name"].as_str().expect("endorser");
    assert!(qa.contains(&(endorser.to_owned(), "credentialSubject.achievement.endorsement[0]".to_owned())), "{qa:?}");
    let nested = r.nested.iter().find(|n| n.path == "credentialSubject.achievement.endorsement[0]").expect("endorsement report");
    assert!(nested.report.summary.is_verified(), "{:?}", nested.report);
    // The learner's hashed identifier is shown as hashed, never with its hash or salt.
    let learner = values(d, DescriptorId::Learner);
    assert!(learner.iter().all(|(v, _)| !v.contains("sha256$") && !v.contains("akashi-example-salt")), "{learner:?}");
}

#[test]
fn the_plain_example_lacks_what_it_does_not_state() {
    let r = offline().verify(&example("micro-credential.json")).expect("report");
    let d = descriptors(&r);
    for id in [DescriptorId::AssessmentType, DescriptorId::FormOfParticipation, DescriptorId::QualityAssurance, DescriptorId::Workload] {
        assert!(!d.get(id).expect("listed").present, "{id:?}");
    }
    let jp = d.profile("jp-mc-guideline-3.0").expect("jp");
    assert!(!jp.complete);
    assert_eq!(jp.missing, [DescriptorId::AssessmentType, DescriptorId::QualityAssurance]);
    let eu = d.profile("eu-mc-2022").expect("eu");
    assert_eq!(eu.missing, [DescriptorId::AssessmentType, DescriptorId::FormOfParticipation, DescriptorId::QualityAssurance]);
}

#[test]
fn removing_one_descriptor_makes_exactly_that_profile_entry_missing() {
    let mut doc = json(&example("micro-credential-full.unsigned.json"));
    let full = descriptors::from_ob3(&doc);
    assert!(full.profiles.iter().all(|p| p.complete));
    let achievement =
        doc.get_mut("credentialSubject").and_then(|s| s.get_mut("achievement")).and_then(Value::as_object_mut).expect("achievement");
    achievement.remove("formOfParticipation");
    let d = descriptors::from_ob3(&doc);
    assert!(!d.get(DescriptorId::FormOfParticipation).expect("listed").present);
    let eu = d.profile("eu-mc-2022").expect("eu");
    assert_eq!((eu.complete, eu.missing.as_slice()), (false, [DescriptorId::FormOfParticipation].as_slice()));
    assert!(d.profile("jp-mc-guideline-3.0").expect("jp").complete, "the JP guideline does not ask for it");
}

#[test]
fn a_profile_is_data_its_fields_decide() {
    let doc = json(&example("micro-credential-full.unsigned.json"));
    let d = descriptors::from_ob3(&doc);
    // A stricter, hand-written profile: credits only from what the learner earned, workload
    // only from a field the badge does not have.
    let profile: Profile = serde_json::from_value(serde_json::json!({
        "id": "strict", "title": {"en": "strict", "ja": "厳格"}, "source": "test",
        "descriptors": [
            {"descriptor": "credits", "level": "required", "fields": ["credentialSubject.creditsEarned"]},
            {"descriptor": "workload", "level": "required", "fields": ["badge.extensions:StudyLoadExtension"]},
            {"descriptor": "level", "level": "recommended", "fields": ["credentialSubject.achievement.alignment[]"]}
        ]
    }))
    .expect("profile");
    let got = profile.evaluate(&d.items);
    assert_eq!(got.satisfied, [DescriptorId::Credits, DescriptorId::Level]);
    assert_eq!((got.complete, got.missing.as_slice()), (false, [DescriptorId::Workload].as_slice()));
}

#[test]
fn ob3_fixture_with_endorsements_alignments_and_credits() {
    let bytes = crate::common::fixture("ob3/1edtech-validator/complete.json");
    let doc = json(&bytes);
    let d = descriptors::from_ob3(&doc);
    let qa = values(&d, DescriptorId::QualityAssurance);
    assert!(
        qa.iter().any(|(v, s)| v == "Example Accrediting Agency" && s.starts_with("credentialSubject.achievement.creator.endorsement[")),
        "{qa:?}"
    );
    let earned = doc["credentialSubject"]["creditsEarned"].to_string();
    assert!(values(&d, DescriptorId::Credits).contains(&(earned, "credentialSubject.creditsEarned".into())));
    assert!(values(&d, DescriptorId::Stackability).iter().any(|(v, _)| v == "Degree"));
    assert_eq!(values(&d, DescriptorId::LearningOutcomes).iter().filter(|(_, s)| s.contains(".alignment[")).count(), 2);
    // The same through the verifier (whatever its verdict, descriptors are read).
    let r = offline().verify(&bytes).expect("report");
    assert_eq!(r.credential.descriptors.as_ref(), Some(&d));
}

#[test]
fn ob2_badge_class_and_issuer_descriptors() {
    let assets = crate::common::fixtures().join("ob2/1edtech-validator");
    let read = |rel: &str| json(&std::fs::read(assets.join(rel)).expect(rel));
    let assertion = read("basic-assertion.json");
    let badge = read("assets/badgeclass-with-endorsements.json");
    let issuer = read("assets/organization.json");
    let d = descriptors::from_ob2(&assertion, Some(&badge), Some(&issuer));
    assert_eq!(values(&d, DescriptorId::Title), [(badge["name"].as_str().expect("name").to_owned(), "badge.name".to_owned())]);
    assert_eq!(
        values(&d, DescriptorId::AwardingBody),
        [(issuer["name"].as_str().expect("name").to_owned(), "badge.issuer.name".to_owned())]
    );
    assert_eq!(values(&d, DescriptorId::IssueDate), [(assertion["issuedOn"].as_str().expect("date").to_owned(), "issuedOn".to_owned())]);
    assert_eq!(values(&d, DescriptorId::QualityAssurance).len(), badge["endorsement"].as_array().expect("endorsements").len());
    assert_eq!(values(&d, DescriptorId::Learner), [("email (hashed)".to_owned(), "recipient".to_owned())]);
    assert!(values(&d, DescriptorId::AssessmentCriteria).iter().any(|(_, s)| s == "badge.criteria"));
    let eu = d.profile("eu-mc-2022").expect("eu");
    assert!(eu.missing.contains(&DescriptorId::IssuerCountry) && !eu.missing.contains(&DescriptorId::QualityAssurance), "{eu:?}");
}

// ---------------------------------------------------------------- Japanese and English

fn message_ids(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| {
            let id = l.split_once(" =").map(|(id, _)| id)?;
            (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then(|| id.to_owned())
        })
        .collect()
}

#[test]
fn every_message_id_exists_in_both_languages() {
    let [(_, en), (_, ja)] = l10n::SOURCES;
    let (en, ja) = (message_ids(en), message_ids(ja));
    assert!(en.len() > 150, "{}", en.len());
    assert_eq!(en.difference(&ja).collect::<Vec<_>>(), Vec::<&String>::new(), "in en, not in ja");
    assert_eq!(ja.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "in ja, not in en");
    // And each formats, in each language, to text of its own.
    let args = [
        ("check", "c"),
        ("status", "s"),
        ("list", "l"),
        ("time", "t"),
        ("name", "n"),
        ("issuer", "i"),
        ("url", "u"),
        ("source", "s"),
        ("count", "2"),
        ("valid_from", "f"),
        ("valid_until", "u"),
        ("fetched_at", "a"),
        // The CLI's wallet and presentation lines.
        ("id", "1"),
        ("tag", "t"),
        ("file", "f"),
        ("bytes", "9"),
        ("in_backup", "3"),
        ("added", "1"),
        ("merged", "1"),
        ("unchanged", "1"),
        ("history", "0"),
        ("tags", "0"),
        ("log", "0"),
        ("holder_keys", "0"),
        ("who", "w"),
        ("input", "i"),
        ("outcome", "o"),
        ("state", "s"),
        ("reason", "r"),
        ("wallet", "w"),
        ("done", "1"),
        ("total", "1"),
        ("failed", "0"),
        ("states", "s"),
        ("expires", "e"),
        ("holder", "h"),
        ("to", "t"),
        ("version", "9"),
        ("ec", "M"),
        ("fps", "5"),
        // Warnings (`warn-…`).
        ("path", "p"),
        ("subjects", "s"),
        ("what", "w"),
        ("target", "t"),
        ("member", "m"),
        ("why", "w"),
        ("typ", "t"),
        ("error", "e"),
        ("context", "c"),
        ("current", "c"),
        ("terms", "t"),
        ("from", "f"),
        ("https", "h"),
        ("fields", "f"),
        ("type", "t"),
        ("extensions", "e"),
        ("many", "yes"),
        ("number", "1"),
        ("created", "c"),
        ("challenge", "c"),
        ("domains", "d"),
        ("schemas", "s"),
        ("host", "h"),
        ("entries", "8"),
        ("min", "9"),
        ("message", "m"),
        ("own", "o"),
        ("registry", "r"),
        ("index", "0"),
        ("party", "holder"),
        ("key", "k"),
    ];
    for id in &en {
        for l in Language::ALL {
            let text = l10n::message(l, id, &args);
            assert!(text.as_deref().is_some_and(|t| !t.trim().is_empty()), "{} {id}", l.tag());
        }
    }
}

#[test]
fn every_name_state_verdict_and_descriptor_has_a_label_in_both_languages() {
    let checks = [
        CheckId::Format,
        CheckId::Proof,
        CheckId::IssuerKey,
        CheckId::Validity,
        CheckId::Status,
        CheckId::Trust,
        CheckId::Recipient,
        CheckId::Schema,
        CheckId::Challenge,
        CheckId::Holder,
        CheckId::Nested,
    ];
    let summaries = [
        Summary::Verified,
        Summary::VerifiedWithWarnings,
        Summary::Expired,
        Summary::NotYetValid,
        Summary::Revoked,
        Summary::Suspended,
        Summary::NotVerified,
    ];
    let states = [CheckStatus::Valid, CheckStatus::Invalid, CheckStatus::Unknown, CheckStatus::NotApplicable];
    let mut ids: Vec<String> = checks.iter().flat_map(|c| [format!("check-{}", c.as_str()), format!("ok-{}", c.as_str())]).collect();
    ids.extend(summaries.iter().map(|s| format!("summary-{}", s.as_str())));
    ids.extend(states.iter().flat_map(|s| [format!("status-{}", s.as_str()), format!("plain-{}", s.as_str())]));
    ids.extend(DescriptorId::ALL.iter().map(|d| format!("descriptor-{}", d.as_str())));
    for id in &ids {
        let en = l10n::message(Language::En, id, &[("check", "x"), ("status", "y")]);
        let ja = l10n::message(Language::Ja, id, &[("check", "x"), ("status", "y")]);
        assert!(en.is_some() && ja.is_some(), "{id}: en {en:?} ja {ja:?}");
        assert_ne!(en, ja, "{id} is not translated");
    }
    for p in descriptors::profile::bundled() {
        assert_ne!(l10n::profile_title(Language::En, &p.id), l10n::profile_title(Language::Ja, &p.id));
    }
}

/// The arguments a code's message may use (see `l10n::check_message_for`).
const CODE_ARGS: &[(&str, &str)] =
    &[("check", "x"), ("status", "y"), ("url", "u"), ("fetched_at", "f"), ("valid_from", "a"), ("valid_until", "b"), ("issuer", "i")];

/// Every check code in `r` and its nested reports.
fn codes(r: &Report, into: &mut BTreeSet<String>) {
    into.extend(r.checks.iter().filter_map(|c| c.code.clone()));
    for n in &r.nested {
        codes(&n.report, into);
    }
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, files);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("json" | "jwt" | "jsonld" | "png" | "svg" | "1ob" | "jws")) {
            files.push(p);
        }
    }
}

#[test]
fn every_code_the_verifier_emits_on_the_fixtures_has_a_message_in_both_languages() {
    let mut files = Vec::new();
    for family in ["ob3", "ob2", "vp", "other", "eddsa"] {
        walk(&crate::common::fixtures().join(family), &mut files);
    }
    walk(&crate::common::repo_root().join("examples/credentials"), &mut files);
    assert!(files.len() > 150, "{}", files.len());
    let v = offline();
    let mut seen = BTreeSet::new();
    for f in &files {
        if let Ok(r) = v.verify(&std::fs::read(f).expect("read")) {
            codes(&r, &mut seen);
        }
    }
    assert!(seen.len() > 20, "{seen:?}");
    let missing: Vec<_> =
        seen.iter().filter(|c| Language::ALL.iter().any(|l| l10n::message(*l, &l10n::code_message_id(c), CODE_ARGS).is_none())).collect();
    assert!(missing.is_empty(), "codes without an en+ja message: {missing:?}");
}

// ---------------------------------------------------------------- warnings

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The `"warn-…"` literals in the library's source.
fn warning_ids_in_source() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&crate::common::repo_root().join("core/src"), &mut files);
    let mut ids = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for piece in text.split('"').skip(1).step_by(2) {
            if piece.starts_with(l10n::WARNING_PREFIX) && piece.len() > l10n::WARNING_PREFIX.len() && !piece.contains(char::is_whitespace) {
                ids.insert(piece.to_owned());
            }
        }
    }
    ids
}

#[test]
fn every_warning_id_in_the_source_has_a_message_in_both_languages_and_every_warning_message_is_used() {
    let used = warning_ids_in_source();
    assert!(used.len() > 50, "{used:?}");
    let [(_, en), (_, ja)] = l10n::SOURCES;
    for (tag, text) in [("en", en), ("ja", ja)] {
        let defined: BTreeSet<String> = message_ids(text).into_iter().filter(|id| id.starts_with(l10n::WARNING_PREFIX)).collect();
        assert_eq!(used.difference(&defined).collect::<Vec<_>>(), Vec::<&String>::new(), "warning ids without a message in {tag}");
        assert_eq!(defined.difference(&used).collect::<Vec<_>>(), Vec::<&String>::new(), "warning messages in {tag} that nothing emits");
    }
}

#[test]
fn no_warning_in_the_source_is_english_text_only() {
    let mut files = Vec::new();
    rust_files(&crate::common::repo_root().join("core/src"), &mut files);
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        // Whitespace removed, so rustfmt's line breaks do not hide a call.
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for bad in
            ["warnings.push(format!", "warnings.push(\"", "warnings:vec![\"", "warnings:vec![format!", "warnings.extend(Some(format!"]
        {
            if flat.contains(bad) {
                found.push(format!("{}: {bad}", f.display()));
            }
        }
    }
    assert!(found.is_empty(), "warnings written as English text, not with l10n::warning: {found:?}");
}

/// Every check of `r` and its nested reports.
fn all_checks<'a>(r: &'a Report, into: &mut Vec<&'a akashi_core::Check>) {
    into.extend(&r.checks);
    for n in &r.nested {
        all_checks(&n.report, into);
    }
}

#[test]
fn every_warning_the_verifier_emits_on_the_fixtures_has_a_message_in_both_languages() {
    let mut files = Vec::new();
    for family in ["ob3", "ob2", "vp", "other", "eddsa"] {
        walk(&crate::common::fixtures().join(family), &mut files);
    }
    walk(&crate::common::repo_root().join("examples/credentials"), &mut files);
    let v = offline();
    let mut ids = BTreeSet::new();
    let mut count = 0;
    for f in &files {
        let Ok(r) = v.verify(&std::fs::read(f).expect("read")) else { continue };
        let mut checks = Vec::new();
        all_checks(&r, &mut checks);
        for c in checks {
            if c.warnings.is_empty() {
                assert!(c.warning_messages.is_empty(), "{}: {:?}", f.display(), c.warning_messages);
                continue;
            }
            assert_eq!(
                c.warnings.len(),
                c.warning_messages.len(),
                "{}: {:?} {:?} not aligned with its messages",
                f.display(),
                c.id,
                c.warnings
            );
            for (w, m) in c.warnings.iter().zip(&c.warning_messages) {
                let m = m.as_ref().unwrap_or_else(|| panic!("{}: an English-only warning: {w}", f.display()));
                assert!(m.id.starts_with(l10n::WARNING_PREFIX), "{}", m.id);
                assert!(l10n::warning_formats(Language::En, m) && l10n::warning_formats(Language::Ja, m), "{}: {m:?}", f.display());
                assert_eq!(&l10n::warning_text(Language::En, m), w, "the English text is the en message");
                assert_ne!(l10n::warning_text(Language::Ja, m), *w, "{} is not translated", m.id);
                ids.insert(m.id.clone());
                count += 1;
            }
        }
        // The localized report shows them in Japanese.
        let ja = r.localized(Language::Ja);
        for (lc, c) in ja.checks.iter().zip(&r.checks) {
            assert_eq!(lc.warnings.len(), c.warnings.len());
            for (lw, w) in lc.warnings.iter().zip(&c.warnings) {
                assert_ne!(lw, w, "{}: shown in English under ja", f.display());
            }
        }
    }
    assert!(count > 20 && ids.len() > 8, "{count} warnings, ids {ids:?}");
}

#[test]
fn a_stored_check_without_warning_messages_still_reads_and_shows_its_english_warnings() {
    let stored = serde_json::json!({
        "id": "format",
        "status": "valid",
        "code": null,
        "reason": null,
        "warnings": ["the badge class has no description"],
        "source": {"kind": "document"},
        "checked_at": "2026-01-01T00:00:00Z"
    });
    let source = serde_json::to_value(akashi_core::CheckSource::Document).expect("source");
    let mut stored = stored;
    stored["source"] = source;
    let c: akashi_core::Check = serde_json::from_value(stored).expect("a check stored before warning messages");
    assert!(c.warning_messages.is_empty());
    assert_eq!(l10n::localized_warnings(Language::Ja, &c), vec!["the badge class has no description".to_owned()]);
    // Written back, it stays without the field; with a message it round-trips and localizes.
    assert!(serde_json::to_value(&c).expect("json").get("warning_messages").is_none());
    let mut c = c;
    c.warning_messages = vec![Some(akashi_core::Message { id: "warn-ob2-badge-no-description".into(), args: Vec::new() })];
    let back: akashi_core::Check = serde_json::from_value(serde_json::to_value(&c).expect("json")).expect("read back");
    assert_eq!(back, c);
    assert_eq!(l10n::localized_warnings(Language::Ja, &back), vec!["バッジクラスに説明がありません".to_owned()]);
}

#[test]
fn a_warning_message_picks_plural_forms_and_never_loses_its_text() {
    let m = |count: &str| akashi_core::Message {
        id: "warn-registry-malformed".into(),
        args: vec![
            akashi_core::MessageArg { name: "registry".into(), value: "r".into() },
            akashi_core::MessageArg { name: "count".into(), value: count.into() },
        ],
    };
    assert!(l10n::warning_text(Language::En, &m("1")).contains("1 entry is malformed"));
    assert!(l10n::warning_text(Language::En, &m("3")).contains("3 entries are malformed"));
    assert!(l10n::warning_text(Language::Ja, &m("3")).contains("不正な項目 3 件"));
    let unknown = akashi_core::Message { id: "warn-no-such-message".into(), args: Vec::new() };
    assert_eq!(l10n::warning_text(Language::Ja, &unknown), "warn-no-such-message");
    assert!(!l10n::warning_formats(Language::En, &unknown));
}

/// Snake-case string literals in the verifier's source that are not check codes.
const NOT_CODES: &[&str] = &["issued_on", "pinned_dids"];

#[test]
fn every_code_literal_in_the_verifier_source_has_a_message_in_both_languages() {
    let mut files = Vec::new();
    fn rs(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                rs(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    // The verifier and the presentation exchange (whose checks join the same reports).
    rs(&crate::common::repo_root().join("core/src/verify"), &mut files);
    rs(&crate::common::repo_root().join("core/src/present"), &mut files);
    let mut literals = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        // Unit tests hold sample data, not codes.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for piece in text.split('"').skip(1).step_by(2) {
            let is_code = piece.contains('_')
                && piece.split('_').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
                && piece.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if is_code && !NOT_CODES.contains(&piece) {
                literals.insert(piece.to_owned());
            }
        }
    }
    assert!(literals.len() > 60, "{}", literals.len());
    let missing: Vec<_> = literals
        .iter()
        .filter(|c| Language::ALL.iter().any(|l| l10n::message(*l, &l10n::code_message_id(c), CODE_ARGS).is_none()))
        .collect();
    assert!(missing.is_empty(), "code-like literals without an en+ja message (add one, or list it in NOT_CODES): {missing:?}");
}

#[test]
fn a_report_renders_in_japanese_and_english() {
    let r = offline().verify(&example("micro-credential-full.json")).expect("report");
    let en = r.localized(Language::En);
    let ja = r.localized(Language::Ja);
    assert_eq!(en.summary_label, l10n::message(Language::En, &format!("summary-{}", r.summary.as_str()), &[]).expect("en"));
    assert_eq!(ja.summary_label, l10n::message(Language::Ja, &format!("summary-{}", r.summary.as_str()), &[]).expect("ja"));
    assert_eq!(en.checks.len(), r.checks.len());
    for ((e, j), c) in en.checks.iter().zip(&ja.checks).zip(&r.checks) {
        assert_ne!(e.message, j.message, "{:?}", c.id);
        assert_ne!(e.name, j.name);
        assert_eq!((e.detail.as_ref(), j.detail.as_ref()), (c.reason.as_ref(), c.reason.as_ref()), "the English detail is kept");
    }
    // The trust check's code selects its message.
    let trust = ja.checks.iter().find(|c| c.id == CheckId::Trust).expect("trust");
    assert_eq!(Some(trust.message.as_str()), l10n::message(Language::Ja, "code-no_registry", &[]).as_deref());
    assert_eq!(ja.descriptors.len(), DescriptorId::ALL.len());
    let credits = ja.descriptors.iter().find(|d| d.id == DescriptorId::Credits).expect("credits");
    assert_eq!(credits.label, l10n::descriptor_label(Language::Ja, DescriptorId::Credits));
    assert!(ja.profiles.iter().all(|p| p.complete && p.complete_label == l10n::ui(Language::Ja, "profile-complete", &[])));
}

#[test]
fn a_code_message_carries_the_dates_it_is_about() {
    let later = chrono::DateTime::parse_from_rfc3339("2040-01-01T00:00:00Z").expect("date").with_timezone(&chrono::Utc);
    let v = Verifier::new(VerifyOptions { offline: true, now: Some(later), ..Default::default() }).expect("verifier");
    let r = v.verify(&example("micro-credential.json")).expect("report");
    assert_eq!(r.summary, Summary::Expired);
    let until = r.credential.valid_until.clone().expect("validUntil");
    for language in Language::ALL {
        let validity = r.localized(language).checks.into_iter().find(|c| c.id == CheckId::Validity).expect("validity");
        assert!(validity.message.contains(&until), "{}: {}", language.tag(), validity.message);
        assert_eq!(Some(validity.message), l10n::message(language, "code-expired", &[("valid_until", until.as_str())]));
    }
}
