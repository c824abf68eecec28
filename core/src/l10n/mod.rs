//! What a person reads, in Japanese or English: check names, states, verdicts, the reason of
//! every check code, descriptor labels and profile names. Messages are Fluent files in
//! `core/locales/{en,ja}/akashi.ftl`, embedded in the library; the locale is a parameter.
//!
//! The report keeps its English `reason` (the detail, with URLs and dates); a localized check
//! adds the message its stable `code` selects ([`Report::localized`]). Each warning is a
//! `warn-…` message: the verifier renders its English text with [`warning`] (so English comes
//! from the message file too), and the finished check records the message beside the text
//! ([`Check::warning_messages`], by [`attach_warning_messages`]) for any language to render.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

use crate::descriptors::{DescriptorId, DescriptorValue, Descriptors};
use crate::report::{Check, CheckId, CheckSource, CheckStatus, CredentialInfo, Message, MessageArg, Report, Summary};

/// A language Akashi speaks. (Not `Locale`: that would shadow Foundation's in Swift.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Language {
    /// English.
    En,
    /// Japanese.
    Ja,
}

/// The message sources, one per locale (same order as [`Language::ALL`]).
pub const SOURCES: [(Language, &str); 2] =
    [(Language::En, include_str!("../../locales/en/akashi.ftl")), (Language::Ja, include_str!("../../locales/ja/akashi.ftl"))];

impl Language {
    /// Every supported locale.
    pub const ALL: [Language; 2] = [Language::En, Language::Ja];

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ja => "ja",
        }
    }

    /// The best supported locale for the user's preferences (BCP 47 tags or POSIX locale
    /// names such as `ja_JP.UTF-8`, most preferred first), by Fluent's language negotiation;
    /// English when nothing matches.
    pub fn negotiate(requested: &[&str]) -> Language {
        let requested: Vec<LanguageIdentifier> = requested
            .iter()
            .filter_map(|r| {
                // POSIX: language_TERRITORY.codeset@modifier → language-TERRITORY.
                let tag = r.split(['.', '@']).next().unwrap_or("").replace('_', "-");
                tag.parse::<LanguageIdentifier>().ok()
            })
            .collect();
        let available: Vec<LanguageIdentifier> = Language::ALL.iter().filter_map(|l| l.tag().parse().ok()).collect();
        let default: Option<LanguageIdentifier> = "en".parse().ok();
        let chosen =
            fluent_langneg::negotiate_languages(&requested, &available, default.as_ref(), fluent_langneg::NegotiationStrategy::Lookup);
        match chosen.first().map(|l| l.language.as_str()) {
            Some("ja") => Language::Ja,
            _ => Language::En,
        }
    }

    /// Parses `en` / `ja` (any region or script): `None` for other languages.
    pub fn parse(tag: &str) -> Option<Language> {
        let id: LanguageIdentifier = tag.replace('_', "-").parse().ok()?;
        match id.language.as_str() {
            "en" => Some(Language::En),
            "ja" => Some(Language::Ja),
            _ => None,
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle] {
    static BUNDLES: OnceLock<Vec<Bundle>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(locale, text)| {
                let lang: LanguageIdentifier = locale.tag().parse().unwrap_or_default();
                let mut b = FluentBundle::new_concurrent(vec![lang]);
                // Output goes to terminals and app labels as plain text: no bidi isolation marks.
                b.set_use_isolating(false);
                // A file with a syntax error keeps its good entries (a unit test refuses errors).
                let res = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(partial, _)| partial);
                let _ = b.add_resource(res);
                b
            })
            .collect()
    })
}

fn bundle(locale: Language) -> Option<&'static Bundle> {
    bundles().get(Language::ALL.iter().position(|l| *l == locale)?)
}

/// The message `id` in `locale` with `args`, or `None` if the file has no such message.
pub fn message(locale: Language, id: &str, args: &[(&str, &str)]) -> Option<String> {
    let b = bundle(locale)?;
    let pattern = b.get_message(id)?.value()?;
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, *v);
    }
    let mut errors = Vec::new();
    let text = b.format_pattern(pattern, if args.is_empty() { None } else { Some(&fa) }, &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// `message`, falling back to English, then to the id itself (never empty-handed).
fn msg(locale: Language, id: &str, args: &[(&str, &str)]) -> String {
    message(locale, id, args).or_else(|| message(Language::En, id, args)).unwrap_or_else(|| id.to_owned())
}

/// The message id of a check code (`code-<code>`).
pub fn code_message_id(code: &str) -> String {
    format!("code-{code}")
}

/// The name of a check ("issuer key", "発行者の鍵").
pub fn check_name(locale: Language, id: CheckId) -> String {
    msg(locale, &format!("check-{}", id.as_str()), &[])
}

/// The label of a check state ("valid", "有効").
pub fn status_label(locale: Language, status: CheckStatus) -> String {
    msg(locale, &format!("status-{}", status.as_str()), &[])
}

/// The label of a verdict ("VERIFIED WITH WARNINGS", "検証済み（警告あり）").
pub fn summary_label(locale: Language, summary: Summary) -> String {
    msg(locale, &format!("summary-{}", summary.as_str()), &[])
}

/// The label of a descriptor ("Notional workload", "学習時間").
pub fn descriptor_label(locale: Language, id: DescriptorId) -> String {
    msg(locale, &format!("descriptor-{}", id.as_str()), &[])
}

/// A profile's title in this locale (from its profile file).
pub fn profile_title(locale: Language, id: &str) -> String {
    crate::descriptors::profile::bundled()
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.title(locale.tag()).to_owned())
        .unwrap_or_else(|| id.to_owned())
}

/// Any other fixed phrase of the user interface (`ui-…` messages).
pub fn ui(locale: Language, id: &str, args: &[(&str, &str)]) -> String {
    msg(locale, &format!("ui-{id}"), args)
}

/// A `ui-…` message with a numeric `count` argument (Fluent picks the plural form).
pub fn ui_count(locale: Language, id: &str, count: usize) -> String {
    let id = format!("ui-{id}");
    let format = |l: Language| -> Option<String> {
        let b = bundle(l)?;
        let pattern = b.get_message(&id)?.value()?;
        let mut fa = FluentArgs::new();
        fa.set("count", count);
        let mut errors = Vec::new();
        let text = b.format_pattern(pattern, Some(&fa), &mut errors);
        errors.is_empty().then(|| text.into_owned())
    };
    format(locale).or_else(|| format(Language::En)).unwrap_or(id)
}

/// What a check found, in `locale`: the message of its code, or for a check without a code,
/// the message of its state (`ok-<check>` when it passed). Arguments: `check`, `status`, and
/// from the check's source `url` / `fetched_at` (empty when none).
pub fn check_message(locale: Language, check: &Check) -> String {
    check_message_for(locale, check, None)
}

/// [`check_message`] with what the credential says about itself as further arguments:
/// `valid_from`, `valid_until`, `issuer` (name, else id; empty when unknown).
pub fn check_message_for(locale: Language, check: &Check, info: Option<&CredentialInfo>) -> String {
    let name = check_name(locale, check.id);
    let status = status_label(locale, check.status);
    let (url, fetched_at) = match &check.source {
        CheckSource::Network { url } => (url.as_str(), ""),
        CheckSource::Cache { url, fetched_at } => (url.as_str(), fetched_at.as_str()),
        _ => ("", ""),
    };
    let field = |f: fn(&CredentialInfo) -> Option<&String>| info.and_then(f).map(String::as_str).unwrap_or("");
    let issuer = info.and_then(|i| i.issuer_name.as_ref().or(i.issuer_id.as_ref())).map(String::as_str).unwrap_or("");
    let args = [
        ("check", name.as_str()),
        ("status", status.as_str()),
        ("url", url),
        ("fetched_at", fetched_at),
        ("valid_from", field(|i| i.valid_from.as_ref())),
        ("valid_until", field(|i| i.valid_until.as_ref())),
        ("issuer", issuer),
    ];
    match &check.code {
        Some(code) => message(locale, &code_message_id(code), &args)
            .or_else(|| message(Language::En, &code_message_id(code), &args))
            .unwrap_or_else(|| msg(locale, "code-unlisted", &args)),
        None if check.status == CheckStatus::Valid => msg(locale, &format!("ok-{}", check.id.as_str()), &args),
        None => msg(locale, &format!("plain-{}", check.status.as_str()), &args),
    }
}

/// The prefix of every warning message id.
pub const WARNING_PREFIX: &str = "warn-";

/// How many rendered warnings [`warning`] remembers per generation for
/// [`attach_warning_messages`]: when the newer generation is full it becomes the older one,
/// so every warning among the last this-many distinct texts is still known. (A warning
/// forgotten before its report was finished is shown in English.)
const REMEMBERED_WARNINGS: usize = 4096;

/// The messages of recently rendered warnings, by their English text: newer and older generation.
#[derive(Default)]
struct Remembered {
    newer: HashMap<String, Message>,
    older: HashMap<String, Message>,
}

impl Remembered {
    fn insert(&mut self, text: String, m: Message) {
        if self.newer.len() >= REMEMBERED_WARNINGS && !self.newer.contains_key(&text) {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(text, m);
    }

    fn get(&self, text: &str) -> Option<&Message> {
        self.newer.get(text).or_else(|| self.older.get(text))
    }
}

fn remembered() -> &'static Mutex<Remembered> {
    static SEEN: OnceLock<Mutex<Remembered>> = OnceLock::new();
    SEEN.get_or_init(|| Mutex::new(Remembered::default()))
}

/// A message with stored arguments in `locale`, or `None` if the file has no such message.
/// An argument that is a plain whole number (`3`, not `+3` or `03`) is a number (so Fluent picks plural forms for it).
fn format_message(locale: Language, m: &Message) -> Option<String> {
    let b = bundle(locale)?;
    let pattern = b.get_message(&m.id)?.value()?;
    let mut fa = FluentArgs::new();
    for a in &m.args {
        match a.value.parse::<u64>() {
            Ok(n) if n.to_string() == a.value => fa.set(a.name.clone(), n),
            _ => fa.set(a.name.clone(), a.value.clone()),
        }
    }
    let mut errors = Vec::new();
    let text = b.format_pattern(pattern, Some(&fa), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// A warning message in `locale` (falling back to English, then to the id).
pub fn warning_text(locale: Language, m: &Message) -> String {
    format_message(locale, m).or_else(|| format_message(Language::En, m)).unwrap_or_else(|| m.id.clone())
}

/// Whether the warning message `m` formats without errors in `locale` (no fallback).
pub fn warning_formats(locale: Language, m: &Message) -> bool {
    format_message(locale, m).is_some()
}

/// The English text of the warning message `id` (a `warn-…` message) with `args`, as the
/// verifier stores it in [`Check::warnings`]. The message is remembered by its text, and
/// [`attach_warning_messages`] puts it beside the text in the finished report.
pub fn warning(id: &'static str, args: &[(&str, String)]) -> String {
    let m = Message { id: id.to_owned(), args: args.iter().map(|(n, v)| MessageArg { name: (*n).to_owned(), value: v.clone() }).collect() };
    let text = warning_text(Language::En, &m);
    if let Ok(mut seen) = remembered().lock() {
        seen.insert(text.clone(), m);
    }
    text
}

/// Fills each check's [`Check::warning_messages`], index-aligned with its warnings: the
/// message a warning was rendered from by [`warning`], else what the check already had at
/// that index, else `None`. Left empty when no warning has a message.
pub fn attach_warning_messages(checks: &mut [Check]) {
    let Ok(seen) = remembered().lock() else { return };
    for c in checks {
        let aligned = c.warning_messages.len() == c.warnings.len();
        let messages: Vec<Option<Message>> = c
            .warnings
            .iter()
            .enumerate()
            .map(|(i, w)| seen.get(w).cloned().or_else(|| if aligned { c.warning_messages.get(i).cloned().flatten() } else { None }))
            .collect();
        c.warning_messages = if messages.iter().all(Option::is_none) { Vec::new() } else { messages };
    }
}

/// A check's warnings in `locale`: the message of each where it has one, else its English text.
pub fn localized_warnings(locale: Language, check: &Check) -> Vec<String> {
    check
        .warnings
        .iter()
        .enumerate()
        .map(|(i, w)| match check.warning_messages.get(i) {
            Some(Some(m)) if check.warning_messages.len() == check.warnings.len() => warning_text(locale, m),
            _ => w.clone(),
        })
        .collect()
}

/// One check for a person to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocalizedCheck {
    /// Which check.
    pub id: CheckId,
    /// Its state.
    pub status: CheckStatus,
    /// The check's name in the locale.
    pub name: String,
    /// The state in the locale.
    pub status_label: String,
    /// What was found, in the locale (selected by the check's code).
    pub message: String,
    /// The report's English reason: the detail (URLs, dates, key ids), as written by the verifier.
    pub detail: Option<String>,
    /// The check's warnings in the locale (English for a warning that has no message).
    pub warnings: Vec<String>,
}

/// One descriptor for a person to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocalizedDescriptor {
    /// Which descriptor.
    pub id: DescriptorId,
    /// Its label in the locale.
    pub label: String,
    /// Whether the badge carries it.
    pub present: bool,
    /// The values as written in the badge, with where they were found.
    pub values: Vec<DescriptorValue>,
}

/// A profile's completeness for a person to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocalizedProfile {
    /// The profile's id.
    pub id: String,
    /// Its title in the locale.
    pub title: String,
    /// Whether every required descriptor is there.
    pub complete: bool,
    /// "complete" / "incomplete" in the locale.
    pub complete_label: String,
    /// Labels of the missing required descriptors.
    pub missing: Vec<String>,
    /// Labels of the missing recommended descriptors.
    pub missing_recommended: Vec<String>,
}

/// A report rendered for a person in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocalizedReport {
    /// The locale it is rendered in.
    pub locale: Language,
    /// The verdict.
    pub summary: Summary,
    /// The verdict in the locale.
    pub summary_label: String,
    /// Every check, in the report's order.
    pub checks: Vec<LocalizedCheck>,
    /// Every descriptor, in display order (empty when the input was not a credential).
    pub descriptors: Vec<LocalizedDescriptor>,
    /// Completeness per profile.
    pub profiles: Vec<LocalizedProfile>,
}

/// Descriptors and profiles in `locale`.
pub fn localize_descriptors(locale: Language, d: &Descriptors) -> (Vec<LocalizedDescriptor>, Vec<LocalizedProfile>) {
    let items = d
        .items
        .iter()
        .map(|x| LocalizedDescriptor { id: x.id, label: descriptor_label(locale, x.id), present: x.present, values: x.values.clone() })
        .collect();
    let profiles = d
        .profiles
        .iter()
        .map(|p| LocalizedProfile {
            id: p.id.clone(),
            title: profile_title(locale, &p.id),
            complete: p.complete,
            complete_label: ui(locale, if p.complete { "profile-complete" } else { "profile-incomplete" }, &[]),
            missing: p.missing.iter().map(|m| descriptor_label(locale, *m)).collect(),
            missing_recommended: p.missing_recommended.iter().map(|m| descriptor_label(locale, *m)).collect(),
        })
        .collect();
    (items, profiles)
}

impl Report {
    /// This report for a person reading `locale`: names, states, verdict, the message of each
    /// check's code, descriptor labels and profile titles. The data (codes, English reasons)
    /// is unchanged.
    pub fn localized(&self, locale: Language) -> LocalizedReport {
        let checks = self
            .checks
            .iter()
            .map(|c| LocalizedCheck {
                id: c.id,
                status: c.status,
                name: check_name(locale, c.id),
                status_label: status_label(locale, c.status),
                message: check_message_for(locale, c, Some(&self.credential)),
                detail: c.reason.clone(),
                warnings: localized_warnings(locale, c),
            })
            .collect();
        let (descriptors, profiles) = match &self.credential.descriptors {
            Some(d) => localize_descriptors(locale, d),
            None => (Vec::new(), Vec::new()),
        };
        LocalizedReport { locale, summary: self.summary, summary_label: summary_label(locale, self.summary), checks, descriptors, profiles }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_files_parse_without_errors() {
        for (locale, text) in SOURCES {
            if let Err((_, errors)) = FluentResource::try_new(text.to_owned()) {
                panic!("{}: {errors:?}", locale.tag());
            }
        }
    }

    #[test]
    fn a_rendered_warning_gets_its_message_in_the_finished_check() {
        let text = warning("warn-ob2-no-type", &[("what", "the badge class".into()), ("type", "BadgeClass".into())]);
        assert_eq!(text, "the badge class has no type; read as a BadgeClass");
        let mut c = crate::verify::make_check(CheckId::Format, CheckStatus::Valid, None, None, CheckSource::Document);
        c.warnings = vec![text, "an English-only warning".into()];
        attach_warning_messages(std::slice::from_mut(&mut c));
        assert_eq!(c.warning_messages.len(), 2);
        assert_eq!(c.warning_messages[0].as_ref().map(|m| m.id.as_str()), Some("warn-ob2-no-type"));
        assert_eq!(c.warning_messages[1], None);
        let ja = localized_warnings(Language::Ja, &c);
        assert_eq!(
            ja,
            vec!["the badge class に型がありません。BadgeClass として読みました".to_owned(), "an English-only warning".to_owned()]
        );
    }

    #[test]
    fn the_memory_of_warnings_keeps_the_last_generation() {
        let mut r = Remembered::default();
        let m = |i: usize| Message { id: format!("warn-{i}"), args: Vec::new() };
        for i in 0..REMEMBERED_WARNINGS + 10 {
            r.insert(format!("w{i}"), m(i));
        }
        assert_eq!(r.get("w0"), Some(&m(0)), "the older generation is still asked");
        for i in REMEMBERED_WARNINGS + 10..2 * REMEMBERED_WARNINGS + 10 {
            r.insert(format!("w{i}"), m(i));
        }
        assert_eq!(r.get("w0"), None);
        let last = 2 * REMEMBERED_WARNINGS + 9;
        assert_eq!(r.get(&format!("w{last}")), Some(&m(last)));
        assert_eq!(r.get(&format!("w{}", last - REMEMBERED_WARNINGS)), Some(&m(last - REMEMBERED_WARNINGS)), "the last generation's worth");
    }

    #[test]
    fn negotiation_reads_bcp47_and_posix_names() {
        assert_eq!(Language::negotiate(&["ja_JP.UTF-8"]), Language::Ja);
        assert_eq!(Language::negotiate(&["ja-JP"]), Language::Ja);
        assert_eq!(Language::negotiate(&["fr-FR", "ja"]), Language::Ja);
        assert_eq!(Language::negotiate(&["en_GB.UTF-8"]), Language::En);
        assert_eq!(Language::negotiate(&["fr"]), Language::En);
        assert_eq!(Language::negotiate(&[]), Language::En);
        assert_eq!(Language::parse("ja"), Some(Language::Ja));
        assert_eq!(Language::parse("de"), None);
    }
}
