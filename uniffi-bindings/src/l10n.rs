//! Japanese / English rendering for the apps: the core's Fluent messages, nothing more.

use akashi_core::l10n::{Language, LocalizedReport};
use akashi_core::Report;

/// `report` for a person reading `language`: check names, states and messages, the verdict,
/// descriptor labels and profile titles (the report's data is unchanged).
#[uniffi::export]
pub fn localize_report(report: Report, language: Language) -> LocalizedReport {
    report.localized(language)
}

/// The supported language that best fits the device's preferred languages (BCP 47 tags, most
/// preferred first); English when none fits.
#[uniffi::export]
pub fn preferred_language(languages: Vec<String>) -> Language {
    let tags: Vec<&str> = languages.iter().map(String::as_str).collect();
    Language::negotiate(&tags)
}
