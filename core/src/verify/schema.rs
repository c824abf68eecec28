//! The schema check: `credentialSchema` entries of type `1EdTechJsonSchemaValidator2019`,
//! validated against bundled copies of the 1EdTech OB 3.0 / CLR 2.0 JSON Schemas (draft
//! 2019-09). Nothing is ever fetched: a schema URL that is not bundled leaves the check
//! unknown, naming the URL.
//!
//! The bundled files (`core/schemas/`, sources and hashes in `core/schemas/SOURCES.md`) are
//! what the declared `…/schema/json/…` URLs serve: 1EdTech's "JSON-LD adaptation" of each
//! schema, which also accepts the JSON-LD compacted forms the OB 3.0 spec allows (a single
//! `type`, `proof` or `credentialSchema` instead of an array, language maps). Akashi reads
//! credentials as JSON-LD, so this is the applicable form; the same file is used for the
//! `…/schema/json-ld/…` URLs. The OB 3.0 AchievementCredential and EndorsementCredential
//! schemas are the definitions of those classes inside the published
//! GetOpenBadgeCredentialsResponse schema, which carries the complete class set.
//!
//! Outcome: every declared schema checked and passed → valid; any failure → invalid
//! (`schema_mismatch`, naming the first failing JSON pointers, never values); a declared
//! schema that could not be checked (not bundled, other validator type) → unknown. A
//! credential without `credentialSchema` (or with an empty one) gets no schema check.
//! Each bundled schema is compiled once per process, on first use.

use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Validator};
use serde_json::{json, Value};

use super::make_check;
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus};

/// The `credentialSchema.type` this check understands.
pub const VALIDATOR_TYPE: &str = "1EdTechJsonSchemaValidator2019";

/// How many failing locations a reason names before "and N more".
const MAX_POINTERS: usize = 5;

/// One bundled schema: the URLs credentials declare for it, the file, and the definition
/// inside it (`None`: the document's root) that a credential is validated against.
struct Bundled {
    urls: &'static [&'static str],
    file: &'static str,
    definition: Option<&'static str>,
}

const OB_RESPONSE: &str = include_str!("../../schemas/ob/v3p0/ob_v3p0_getopenbadgecredentialsresponse_schema.json");
const CLR_CREDENTIAL: &str = include_str!("../../schemas/clr/v2p0/clr_v2p0_clrcredential_schema.json");

const BUNDLED: [Bundled; 3] = [
    Bundled {
        urls: &[
            "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_achievementcredential_schema.json",
        ],
        file: OB_RESPONSE,
        definition: Some("AchievementCredential"),
    },
    Bundled {
        urls: &[
            "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/schema/json-ld/ob_v3p0_endorsementcredential_schema.json",
        ],
        file: OB_RESPONSE,
        definition: Some("EndorsementCredential"),
    },
    Bundled {
        urls: &[
            "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
            "https://purl.imsglobal.org/spec/clr/v2p0/schema/json-ld/clr_v2p0_clrcredential_schema.json",
        ],
        file: CLR_CREDENTIAL,
        definition: None,
    },
];

static COMPILED: [OnceLock<Option<Validator>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

/// The URLs of every bundled schema (for documentation and tests).
pub fn bundled_urls() -> impl Iterator<Item = &'static str> {
    BUNDLED.iter().flat_map(|b| b.urls.iter().copied())
}

/// The compiled validator for bundled schema `i`, or `None` if it does not compile (a
/// packaging bug, reported as unknown rather than as a pass).
fn validator(i: usize) -> Option<&'static Validator> {
    let (bundled, cell) = (BUNDLED.get(i)?, COMPILED.get(i)?);
    cell.get_or_init(|| compile(bundled)).as_ref()
}

fn compile(bundled: &Bundled) -> Option<Validator> {
    let mut schema: Value = serde_json::from_str(bundled.file).ok()?;
    if let Some(def) = bundled.definition {
        // Validate against one definition of the document: keep `$id` and `$defs` (so every
        // `#/$defs/…` reference resolves inside the bundled file) and point the root at it.
        let obj = schema.as_object()?;
        schema = json!({
            "$id": obj.get("$id")?,
            "$defs": obj.get("$defs")?,
            "$ref": format!("#/$defs/{def}"),
        });
    }
    // The files declare draft 2019-09, but use nothing that draft 7 evaluates differently
    // (only `$ref` into `$defs`, never beside other keywords; no 2019-09-only keywords: the
    // test `bundled_schemas_mean_the_same_under_draft_7` keeps it so). Draft 7's meta-schema
    // compiles in 0.5 ms instead of 6 ms, a third of a cold `akashi verify`.
    if let Some(o) = schema.as_object_mut() {
        o.remove("$schema");
    }
    jsonschema::options()
        .with_draft(Draft::Draft7)
        // Never fetch: a `$ref` outside the bundled document fails to compile.
        .offline()
        // OB 3.0 dates are typed `date-time`; the 1EdTech validator checks formats too.
        .should_validate_formats(true)
        .build(&schema)
        .ok()
}

fn bundled_index(url: &str) -> Option<usize> {
    BUNDLED.iter().position(|b| b.urls.contains(&url))
}

/// What happened to one declared schema.
enum Outcome {
    Passed(String),
    Failed {
        url: String,
        pointers: Vec<String>,
        total: usize,
    },
    NotChecked(String),
    /// An entry that is not an object with string `id` and `type`.
    Malformed,
}

/// The schema check, or `None` when the credential declares no schema.
pub fn check(cred: &Credential) -> Option<Check> {
    let declared = cred.doc.get("credentialSchema")?;
    let entries: Vec<&Value> = match declared {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    if entries.is_empty() {
        return None;
    }
    let document = Value::Object(cred.doc.clone());
    let outcomes: Vec<Outcome> = entries.iter().map(|e| check_entry(e, &document)).collect();
    Some(summarise(&outcomes))
}

fn check_entry(entry: &Value, document: &Value) -> Outcome {
    let id = entry.get("id").and_then(Value::as_str);
    let kind = entry.get("type").and_then(Value::as_str);
    let (Some(url), Some(kind)) = (id, kind) else {
        return Outcome::Malformed;
    };
    if kind != VALIDATOR_TYPE {
        return Outcome::NotChecked(format!("{url} (validator type {kind} is not supported)"));
    }
    let Some(index) = bundled_index(url) else {
        return Outcome::NotChecked(format!("{url} (not bundled; schemas are never fetched)"));
    };
    let Some(validator) = validator(index) else {
        return Outcome::NotChecked(format!("{url} (the bundled copy could not be loaded)"));
    };
    let mut pointers: Vec<String> = Vec::new();
    let mut total = 0usize;
    for error in validator.iter_errors(document) {
        let mut pointer = error.instance_path().to_string();
        if let ValidationErrorKind::Required { property } = error.kind() {
            // Name the missing member itself (a schema-defined name, not a value).
            if let Some(name) = property.as_str() {
                pointer = format!("{pointer}/{}", escape_pointer(name));
            }
        }
        if pointer.is_empty() {
            pointer = "/".into();
        }
        if !pointers.contains(&pointer) {
            total += 1;
            if pointers.len() < MAX_POINTERS {
                pointers.push(pointer);
            }
        }
    }
    if total == 0 {
        Outcome::Passed(url.to_owned())
    } else {
        Outcome::Failed { url: url.to_owned(), pointers, total }
    }
}

/// RFC 6901 escaping for one reference token.
fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn summarise(outcomes: &[Outcome]) -> Check {
    let passed: Vec<&str> = outcomes.iter().filter_map(|o| if let Outcome::Passed(u) = o { Some(u.as_str()) } else { None }).collect();
    let not_checked: Vec<&str> =
        outcomes.iter().filter_map(|o| if let Outcome::NotChecked(r) = o { Some(r.as_str()) } else { None }).collect();
    let failure = outcomes.iter().find_map(|o| match o {
        Outcome::Failed { url, pointers, total } => {
            let more = total.saturating_sub(pointers.len());
            let list = pointers.join(", ");
            let reason = if more > 0 {
                format!("the credential does not conform to the JSON Schema {url}: {list} (and {more} more)")
            } else {
                format!("the credential does not conform to the JSON Schema {url}: {list}")
            };
            Some(("schema_mismatch", reason, CheckSource::Bundled))
        }
        _ => None,
    });
    let malformed = outcomes.iter().any(|o| matches!(o, Outcome::Malformed)).then(|| {
        (
            "malformed_credential_schema",
            "credentialSchema entries must be objects with a string id and type".to_owned(),
            CheckSource::Document,
        )
    });
    if let Some((code, reason, source)) = failure.or(malformed) {
        let mut c = make_check(CheckId::Schema, CheckStatus::Invalid, Some(code), Some(reason), source);
        if !not_checked.is_empty() {
            c.warnings.push(crate::l10n::warning("warn-schema-not-checked", &[("schemas", not_checked.join("; "))]));
        }
        return c;
    }
    if !not_checked.is_empty() {
        let mut reason = format!("declared JSON Schema not checked: {}", not_checked.join("; "));
        if !passed.is_empty() {
            reason.push_str(&format!("; conforms to {}", passed.join(", ")));
        }
        let code = if not_checked.iter().all(|r| r.contains("validator type")) { "unsupported_schema_type" } else { "schema_not_bundled" };
        return make_check(CheckId::Schema, CheckStatus::Unknown, Some(code), Some(reason), CheckSource::Document);
    }
    make_check(CheckId::Schema, CheckStatus::Valid, None, None, CheckSource::Bundled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_schema_compiles_offline() {
        for i in 0..BUNDLED.len() {
            assert!(validator(i).is_some(), "bundled schema {i} does not compile");
        }
        assert_eq!(bundled_urls().count(), 6);
    }

    #[test]
    fn bundled_files_match_their_recorded_hashes() {
        use sha2::{Digest, Sha256};
        let sources = include_str!("../../schemas/SOURCES.md");
        for file in [OB_RESPONSE, CLR_CREDENTIAL] {
            let hex: String = Sha256::digest(file.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            assert!(sources.contains(&hex), "SHA-256 {hex} is not recorded in schemas/SOURCES.md");
        }
    }

    #[test]
    fn bundled_schemas_mean_the_same_under_draft_7() {
        // Keywords whose meaning differs between 2019-09 and 7, or that 7 does not know.
        const DIFFERENT: [&str; 10] = [
            "unevaluatedProperties",
            "unevaluatedItems",
            "dependentRequired",
            "dependentSchemas",
            "minContains",
            "maxContains",
            "$anchor",
            "$recursiveRef",
            "$recursiveAnchor",
            "$vocabulary",
        ];
        fn walk(v: &Value, path: &str, bad: &mut Vec<String>) {
            match v {
                Value::Object(o) => {
                    if o.contains_key("$ref") && o.len() > 1 {
                        bad.push(format!("{path}: $ref beside other keywords"));
                    }
                    for (k, x) in o {
                        if DIFFERENT.contains(&k.as_str()) {
                            bad.push(format!("{path}/{k}"));
                        }
                        walk(x, &format!("{path}/{k}"), bad);
                    }
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, path, bad)),
                _ => {}
            }
        }
        for b in &BUNDLED {
            let v: Value = serde_json::from_str(b.file).expect("json");
            let mut bad = Vec::new();
            walk(&v, "", &mut bad);
            assert!(bad.is_empty(), "{bad:?}");
        }
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_pointer("a/b~c"), "a~1b~0c");
    }
}
