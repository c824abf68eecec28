//! Japanese / English rendering for the apps: the core's Fluent messages, nothing more.

use akashi_core::l10n::{LocalizedReport, Locale};
use akashi_core::Report;

/// `report` for a person reading `locale`: check names, states and messages, the verdict,
/// descriptor labels and profile titles (the report's data is unchanged).
#[uniffi::export]
pub fn localize_report(report: Report, locale: Locale) -> LocalizedReport {
    report.localized(locale)
}

/// The supported locale that best fits the device's preferred languages (BCP 47 tags, most
/// preferred first); English when none fits.
#[uniffi::export]
pub fn preferred_locale(languages: Vec<String>) -> Locale {
    let tags: Vec<&str> = languages.iter().map(String::as_str).collect();
    Locale::negotiate(&tags)
}
