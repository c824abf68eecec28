//! Guideline profiles as data: which descriptors a guideline requires or recommends, and which
//! badge fields satisfy each. The bundled profiles are JSON files in `core/profiles/`, so a
//! mapping can be corrected without touching code.
//!
//! A field is a JSON path as in [`DescriptorValue::source`](super::DescriptorValue::source),
//! with `[]` for "any index": `credentialSubject.achievement.alignment[]` is satisfied by a
//! value found at `credentialSubject.achievement.alignment[2].targetName`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::{Descriptor, DescriptorId};

/// How strongly a profile asks for a descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileLevel {
    /// Missing makes the credential incomplete for the profile.
    Required,
    /// Missing is listed, but the credential can still be complete.
    Recommended,
}

/// One line of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEntry {
    /// The descriptor asked for.
    pub descriptor: DescriptorId,
    /// Required or recommended.
    pub level: ProfileLevel,
    /// Other descriptors whose values also count (EU: notional workload as hours or credits).
    #[serde(default)]
    pub alternatives: Vec<DescriptorId>,
    /// The badge fields that satisfy it (JSON paths, `[]` for any index).
    pub fields: Vec<String>,
}

/// A guideline profile, as read from its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Stable id (JSON output, message ids: `profile-<id>`).
    pub id: String,
    /// The guideline's title by language tag (`en`, `ja`).
    pub title: BTreeMap<String, String>,
    /// Where the guideline is published.
    pub source: String,
    /// What the mapping rests on and what is not yet confirmed.
    #[serde(default)]
    pub note: String,
    /// The descriptors asked for.
    pub descriptors: Vec<ProfileEntry>,
}

/// How one credential fares against one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ProfileResult {
    /// The profile's id.
    pub id: String,
    /// Every required descriptor is satisfied by a field the profile accepts.
    pub complete: bool,
    /// Descriptors the profile asks for that the credential satisfies.
    pub satisfied: Vec<DescriptorId>,
    /// Required descriptors not satisfied.
    pub missing: Vec<DescriptorId>,
    /// Recommended descriptors not satisfied.
    pub missing_recommended: Vec<DescriptorId>,
}

/// The profile files shipped with Akashi, in display order.
const BUNDLED: [&str; 2] = [include_str!("../../profiles/jp-mc-guideline-3.0.json"), include_str!("../../profiles/eu-mc-2022.json")];

/// The bundled profiles (the Japanese guideline, then the EU Recommendation). A file that does
/// not parse is left out (the unit tests make sure none does).
pub fn bundled() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| BUNDLED.iter().filter_map(|text| serde_json::from_str(text).ok()).collect())
}

/// `a.b[3].c` → `a.b[].c`: array positions do not matter to a profile.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for ch in path.chars() {
        match ch {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            c if in_index && c.is_ascii_digit() => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether a value found at `source` satisfies `field`: the same path, or a path inside it.
fn matches(field: &str, source: &str) -> bool {
    let s = normalize(source);
    s == field || s.strip_prefix(field).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

impl Profile {
    /// Judges a credential's descriptors against this profile.
    pub fn evaluate(&self, items: &[Descriptor]) -> ProfileResult {
        let mut satisfied = Vec::new();
        let mut missing = Vec::new();
        let mut missing_recommended = Vec::new();
        for entry in &self.descriptors {
            let ok = items
                .iter()
                .filter(|d| d.id == entry.descriptor || entry.alternatives.contains(&d.id))
                .flat_map(|d| &d.values)
                .any(|v| entry.fields.iter().any(|f| matches(f, &v.source)));
            match (ok, entry.level) {
                (true, _) => satisfied.push(entry.descriptor),
                (false, ProfileLevel::Required) => missing.push(entry.descriptor),
                (false, ProfileLevel::Recommended) => missing_recommended.push(entry.descriptor),
            }
        }
        ProfileResult { id: self.id.clone(), complete: missing.is_empty(), satisfied, missing, missing_recommended }
    }

    /// The title in `lang` (`en`, `ja`), else in English, else the id.
    pub fn title(&self, lang: &str) -> &str {
        self.title.get(lang).or_else(|| self.title.get("en")).map(String::as_str).unwrap_or(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_profile_parses_and_names_each_descriptor_once() {
        assert_eq!(bundled().len(), BUNDLED.len(), "a profile file does not parse");
        for p in bundled() {
            let mut seen = std::collections::BTreeSet::new();
            for e in &p.descriptors {
                assert!(seen.insert(e.descriptor), "{}: {:?} listed twice", p.id, e.descriptor);
                assert!(!e.fields.is_empty(), "{}: {:?} has no field that could satisfy it", p.id, e.descriptor);
            }
            assert!(p.title.contains_key("en") && p.title.contains_key("ja"), "{}: title in en and ja", p.id);
        }
    }

    #[test]
    fn fields_match_any_index_and_nested_paths_only() {
        assert!(matches("credentialSubject.achievement.alignment[]", "credentialSubject.achievement.alignment[2].targetName"));
        assert!(matches("issuer.name", "issuer.name"));
        assert!(!matches("issuer.name", "issuer.names"));
        assert!(!matches("credentialSubject.achievement.alignment[]", "credentialSubject.achievement.alignmentX"));
    }
}
