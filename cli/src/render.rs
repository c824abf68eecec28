//! The language of what a person reads (`--lang`, else the environment) and the
//! micro-credential descriptors, human and JSON. Every string comes from the core's Fluent
//! messages (`akashi_core::l10n`); this module only lays them out.

use std::io::Write;
use std::sync::OnceLock;

use akashi_core::l10n::{self, Language};
use akashi_core::{Check, CredentialInfo, Report};
use serde_json::{json, Map, Value};

/// `--lang` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Japanese (日本語).
    Ja,
}

static LOCALE: OnceLock<Language> = OnceLock::new();

/// Chooses the language once, at start-up: `--lang`, else `LANGUAGE` / `LC_ALL` /
/// `LC_MESSAGES` / `LANG` (the POSIX order), else English.
pub fn init(lang: Option<Lang>) {
    let chosen = match lang {
        Some(Lang::En) => Language::En,
        Some(Lang::Ja) => Language::Ja,
        None => {
            let mut wanted: Vec<String> = Vec::new();
            if let Ok(list) = std::env::var("LANGUAGE") {
                wanted.extend(list.split(':').filter(|s| !s.is_empty()).map(str::to_owned));
            }
            // The first of LC_ALL, LC_MESSAGES, LANG that is set decides (C/POSIX means English).
            if let Some(v) = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().filter_map(|k| std::env::var(k).ok()).find(|v| !v.is_empty()) {
                wanted.push(v);
            }
            let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
            Language::negotiate(&refs)
        }
    };
    let _ = LOCALE.set(chosen);
}

/// The language chosen by [`init`] (English if it was never called).
pub fn locale() -> Language {
    LOCALE.get().copied().unwrap_or(Language::En)
}

/// A `ui-…` message in the CLI's language (`--lang`, else the environment).
pub fn t(id: &str, args: &[(&str, &str)]) -> String {
    l10n::ui(locale(), id, args)
}

/// A check's name, state and text for a person. English keeps the verifier's reason (it
/// names URLs, dates, keys); other languages show the code's message, the English detail
/// after it.
pub fn check_texts(check: &Check, info: &CredentialInfo) -> (String, String, String, Option<String>) {
    let l = locale();
    let name = l10n::check_name(l, check.id);
    let status = l10n::status_label(l, check.status);
    if l == Language::En {
        return (name, status, check.reason.clone().unwrap_or_default(), None);
    }
    (name, status, l10n::check_message_for(l, check, Some(info)), check.reason.clone().filter(|d| !d.is_empty()))
}

/// The descriptors of a report as JSON: `{id: {label, present, values: [{value, source}]}}`,
/// and the profiles: `[{id, title, complete, missing, missing_recommended}]`.
pub fn descriptors_json(r: &Report) -> (Value, Value) {
    let l = locale();
    let Some(d) = &r.credential.descriptors else { return (json!({}), json!([])) };
    let mut items = Map::new();
    for x in &d.items {
        items.insert(x.id.as_str().into(), json!({"label": l10n::descriptor_label(l, x.id), "present": x.present, "values": x.values}));
    }
    let profiles: Vec<Value> = d
        .profiles
        .iter()
        .map(|p| {
            json!({"id": p.id, "title": l10n::profile_title(l, &p.id), "complete": p.complete,
                "missing": p.missing.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
                "missing_recommended": p.missing_recommended.iter().map(|m| m.as_str()).collect::<Vec<_>>()})
        })
        .collect();
    (Value::Object(items), Value::Array(profiles))
}

/// Adds `descriptors`, `profiles`, `lang`, and each check's localized `message` (and
/// `localized_warnings`, when it has warnings) to a report's
/// JSON (and drops the copy of the descriptors inside `credential`).
pub fn extend_json(v: &mut Value, r: &Report) {
    let (descriptors, profiles) = descriptors_json(r);
    let Some(o) = v.as_object_mut() else { return };
    if let Some(c) = o.get_mut("credential").and_then(Value::as_object_mut) {
        c.remove("descriptors");
    }
    if let Some(Value::Array(checks)) = o.get_mut("checks") {
        for (c, check) in checks.iter_mut().zip(&r.checks) {
            if let Some(c) = c.as_object_mut() {
                c.insert("message".into(), json!(l10n::check_message_for(locale(), check, Some(&r.credential))));
                if !check.warnings.is_empty() {
                    c.insert("localized_warnings".into(), json!(l10n::localized_warnings(locale(), check)));
                }
            }
        }
    }
    o.insert("lang".into(), json!(locale().tag()));
    o.insert("descriptors".into(), descriptors);
    o.insert("profiles".into(), profiles);
}

/// The descriptors that are present, then the completeness per profile, indented by `pad`.
pub fn write_descriptors(out: &mut impl Write, r: &Report, pad: &str) -> std::io::Result<()> {
    let l = locale();
    let Some(d) = &r.credential.descriptors else { return Ok(()) };
    writeln!(out, "{pad}{}:", l10n::ui(l, "descriptors-heading", &[]))?;
    for x in d.items.iter().filter(|x| x.present) {
        let label = l10n::descriptor_label(l, x.id);
        for (i, v) in x.values.iter().enumerate() {
            let shown = if i == 0 { label.as_str() } else { "" };
            writeln!(out, "{pad}  {}  {}  ({})", pad_to(shown, 28), one_line(&v.value), v.source)?;
        }
    }
    let absent: Vec<String> = d.items.iter().filter(|x| !x.present).map(|x| l10n::descriptor_label(l, x.id)).collect();
    if !absent.is_empty() {
        writeln!(out, "{pad}  {}  {}", pad_to(&l10n::ui(l, "not-stated", &[]), 28), absent.join(", "))?;
    }
    writeln!(out, "{pad}{}:", l10n::ui(l, "profiles-heading", &[]))?;
    for p in &d.profiles {
        let state = l10n::ui(l, if p.complete { "profile-complete" } else { "profile-incomplete" }, &[]);
        writeln!(out, "{pad}  [{}] {}", state, l10n::profile_title(l, &p.id))?;
        let labels = |ids: &[akashi_core::DescriptorId]| ids.iter().map(|m| l10n::descriptor_label(l, *m)).collect::<Vec<_>>().join(", ");
        if !p.missing.is_empty() {
            writeln!(out, "{pad}      {}", l10n::ui(l, "missing", &[("list", &labels(&p.missing))]))?;
        }
        if !p.missing_recommended.is_empty() {
            writeln!(out, "{pad}      {}", l10n::ui(l, "missing-recommended", &[("list", &labels(&p.missing_recommended))]))?;
        }
    }
    Ok(())
}

/// Pads to a display width, counting East Asian wide characters as two columns.
pub fn pad_to(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Long values on one line, shortened: the terminal view is a summary (JSON has everything).
fn one_line(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 110 {
        format!("{}…", flat.chars().take(109).collect::<String>())
    } else {
        flat
    }
}
