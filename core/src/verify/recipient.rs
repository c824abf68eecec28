//! The recipient check: was the credential issued to this learner? Compares the identifiers
//! the verifier was given (emails, URLs, DIDs, phone numbers) with OB 2.0 `recipient` and
//! OB 3.0 `credentialSubject.identifier[]` / `credentialSubject.id`, on the device.
//!
//! - Claims: OB 2.0 IdentityObject (`identity`, `hashed`, `salt`, `type` email / url /
//!   telephone / id); OB 3.0 IdentityObject (`identityHash`, `hashed`, `salt`, `identityType`)
//!   and a plain `credentialSubject.id`.
//! - Hashes: `sha256$<hex>` and `md5$<hex>` of identifier + salt (hex compared without case).
//! - An email claim is matched only by email addresses, case-insensitively (for a hashed
//!   claim both the address as given and lower-cased are tried: issuers hash either); a URL
//!   claim by URLs; a telephone claim by phone numbers (spaces, dashes, dots, brackets
//!   ignored); an `id` claim or another OB 3.0 identifier type by any identifier, exactly.
//! - Outcome: a match → valid (the reason says which kind of identifier matched and how,
//!   never the identifier itself); no match → invalid `recipient_mismatch`; a claim that
//!   cannot be read (unknown hash algorithm) and no match → unknown; no claim at all → unknown
//!   `no_recipient_info`; no identifiers given → not applicable.

use md5::Md5;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::make_check;
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus};

fn not_applicable() -> Check {
    make_check(
        CheckId::Recipient,
        CheckStatus::NotApplicable,
        None,
        Some("no learner identifiers were given, so the recipient was not matched".into()),
        CheckSource::Local,
    )
}

/// What a learner identifier looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Email,
    Url,
    Did,
    Phone,
    Other,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Email => "email address",
            Kind::Url => "URL",
            Kind::Did => "DID",
            Kind::Phone => "phone number",
            Kind::Other => "identifier",
        }
    }
}

fn classify(s: &str) -> Kind {
    let s = s.trim();
    if s.starts_with("did:") {
        Kind::Did
    } else if s.starts_with("https://") || s.starts_with("http://") {
        Kind::Url
    } else if s.strip_prefix("mailto:").unwrap_or(s).contains('@') && !s.contains(char::is_whitespace) {
        Kind::Email
    } else if s.strip_prefix("tel:").unwrap_or(s).chars().all(|c| c.is_ascii_digit() || " +-.()".contains(c))
        && s.chars().any(|c| c.is_ascii_digit())
    {
        Kind::Phone
    } else {
        Kind::Other
    }
}

/// The forms of a learner identifier that are compared with (or hashed for) a claim.
fn forms(s: &str, kind: Kind) -> Vec<String> {
    let s = s.trim();
    let mut out = match kind {
        Kind::Email => {
            let e = s.strip_prefix("mailto:").unwrap_or(s);
            vec![e.to_owned(), e.to_lowercase()]
        }
        Kind::Phone => {
            let p = s.strip_prefix("tel:").unwrap_or(s);
            vec![p.to_owned(), p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()]
        }
        _ => vec![s.to_owned()],
    };
    out.dedup();
    out
}

/// Which learner identifiers may match a claim of this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClaimKind {
    Email,
    Url,
    Telephone,
    /// `id` (OB 2.0), `credentialSubject.id`, or an OB 3.0 identifier type other than email.
    Any,
}

impl ClaimKind {
    fn accepts(self, k: Kind) -> bool {
        match self {
            ClaimKind::Email => k == Kind::Email,
            ClaimKind::Url => k == Kind::Url,
            ClaimKind::Telephone => k == Kind::Phone,
            ClaimKind::Any => k != Kind::Email,
        }
    }

    fn name(self) -> &'static str {
        match self {
            ClaimKind::Email => "an email address",
            ClaimKind::Url => "a URL",
            ClaimKind::Telephone => "a phone number",
            ClaimKind::Any => "an identifier",
        }
    }
}

/// One recipient identifier the credential names.
#[derive(Debug, Clone)]
struct Claim {
    kind: ClaimKind,
    hashed: bool,
    value: String,
    salt: String,
}

impl Claim {
    fn describe(&self) -> String {
        if !self.hashed {
            return format!("{} in plain text", self.kind.name());
        }
        let alg = self.value.split('$').next().unwrap_or_default();
        let salted = if self.salt.is_empty() { "unsalted" } else { "salted" };
        format!("a {salted} {alg} hash of {}", self.kind.name())
    }

    /// Whether `form` (one form of a learner identifier) matches; `Err` when the hash is unreadable.
    fn matches(&self, form: &str) -> Result<bool, String> {
        if !self.hashed {
            return Ok(match self.kind {
                ClaimKind::Email => self.value.strip_prefix("mailto:").unwrap_or(&self.value).eq_ignore_ascii_case(form),
                ClaimKind::Telephone => {
                    let norm: String = self.value.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                    norm == form || self.value == form
                }
                _ => self.value == form,
            });
        }
        let Some((alg, hex)) = self.value.split_once('$') else {
            return Err("the recipient hash does not name its algorithm (sha256$ or md5$)".into());
        };
        let input = format!("{form}{}", self.salt);
        let digest: Vec<u8> = match alg.to_ascii_lowercase().as_str() {
            "sha256" => Sha256::digest(input.as_bytes()).to_vec(),
            "md5" => Md5::digest(input.as_bytes()).to_vec(),
            other => {
                return Err(format!(
                    "the recipient is hashed with {}, which Akashi does not support (sha256, md5)",
                    other.chars().take(16).collect::<String>()
                ))
            }
        };
        let computed: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        Ok(computed.eq_ignore_ascii_case(hex))
    }
}

fn hashed_flag(v: Option<&Value>, value: &str) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        _ => super::ob2::shape::is_identity_hash(value),
    }
}

/// Claims from an OB 2.0 IdentityObject.
fn ob2_claims(recipient: &Value) -> Vec<Claim> {
    let Some(o) = recipient.as_object() else {
        return Vec::new();
    };
    let Some(identity) = o.get("identity").and_then(Value::as_str) else {
        return Vec::new();
    };
    let kind = match o.get("type").and_then(Value::as_str) {
        Some("email") => ClaimKind::Email,
        Some("url") => ClaimKind::Url,
        Some("telephone") => ClaimKind::Telephone,
        _ => ClaimKind::Any,
    };
    vec![Claim {
        kind,
        hashed: hashed_flag(o.get("hashed"), identity),
        value: identity.to_owned(),
        salt: o.get("salt").and_then(Value::as_str).unwrap_or_default().to_owned(),
    }]
}

/// Claims from OB 3.0 credential subjects.
fn ob3_claims(cred: &Credential) -> Vec<Claim> {
    let subjects: Vec<&Map<String, Value>> = match cred.doc.get("credentialSubject") {
        Some(Value::Object(o)) => vec![o],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).take(16).collect(),
        _ => Vec::new(),
    };
    let mut claims = Vec::new();
    for s in subjects {
        if let Some(id) = s.get("id").and_then(Value::as_str) {
            claims.push(Claim { kind: ClaimKind::Any, hashed: false, value: id.to_owned(), salt: String::new() });
        }
        let ids: Vec<&Map<String, Value>> = match s.get("identifier") {
            Some(Value::Object(o)) => vec![o],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).take(16).collect(),
            _ => Vec::new(),
        };
        for i in ids {
            let Some(value) = i.get("identityHash").and_then(Value::as_str) else {
                continue;
            };
            let kind = match i.get("identityType").and_then(Value::as_str) {
                Some("emailAddress") => ClaimKind::Email,
                Some("url") => ClaimKind::Url,
                Some("phone") | Some("telephone") => ClaimKind::Telephone,
                _ => ClaimKind::Any,
            };
            claims.push(Claim {
                kind,
                hashed: hashed_flag(i.get("hashed"), value),
                value: value.to_owned(),
                salt: i.get("salt").and_then(Value::as_str).unwrap_or_default().to_owned(),
            });
        }
    }
    claims
}

fn judge(claims: &[Claim], recipients: &[String]) -> Check {
    if recipients.is_empty() {
        return not_applicable();
    }
    if claims.is_empty() {
        return make_check(
            CheckId::Recipient,
            CheckStatus::Unknown,
            Some("no_recipient_info"),
            Some("the credential names no recipient identifier, so it cannot be matched to the learner".into()),
            CheckSource::Document,
        );
    }
    let mut unreadable: Option<String> = None;
    for claim in claims {
        for r in recipients.iter().take(32) {
            let kind = classify(r);
            if !claim.kind.accepts(kind) {
                continue;
            }
            for form in forms(r, kind) {
                match claim.matches(&form) {
                    Ok(true) => {
                        return make_check(
                            CheckId::Recipient,
                            CheckStatus::Valid,
                            None,
                            Some(format!("issued to the learner: the {} given matches the recipient ({})", kind.name(), claim.describe())),
                            CheckSource::Local,
                        )
                    }
                    Ok(false) => {}
                    Err(e) => unreadable = Some(e),
                }
            }
        }
    }
    if let Some(why) = unreadable {
        return make_check(CheckId::Recipient, CheckStatus::Unknown, Some("unsupported_recipient"), Some(why), CheckSource::Document);
    }
    let mut kinds: Vec<&str> = recipients.iter().map(|r| classify(r).name()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let described: Vec<String> = claims.iter().map(Claim::describe).collect();
    make_check(
        CheckId::Recipient,
        CheckStatus::Invalid,
        Some("recipient_mismatch"),
        Some(format!(
            "none of the {} identifier(s) given ({}) matches the recipient ({})",
            recipients.len(),
            kinds.join(", "),
            described.join("; ")
        )),
        CheckSource::Local,
    )
}

/// The recipient check for an OB 3.0 / VC credential.
pub fn check_ob3(cred: &Credential, recipients: &[String]) -> Check {
    if recipients.is_empty() {
        return not_applicable();
    }
    judge(&ob3_claims(cred), recipients)
}

/// The recipient check for an OB 2.0 (or older) assertion's `recipient` IdentityObject.
pub fn check_ob2(recipient: Option<&Value>, recipients: &[String]) -> Check {
    if recipients.is_empty() {
        return not_applicable();
    }
    judge(&recipient.map(ob2_claims).unwrap_or_default(), recipients)
}

/// The recipient check when the proof failed: not claimed.
pub fn not_checked(recipients: &[String], why: &str) -> Check {
    if recipients.is_empty() {
        return not_applicable();
    }
    make_check(CheckId::Recipient, CheckStatus::Unknown, Some("not_checked"), Some(why.to_owned()), CheckSource::Document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn sha256_hex(s: &str) -> String {
        Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn classifies_identifiers() {
        assert_eq!(classify("Learner@Example.org"), Kind::Email);
        assert_eq!(classify("mailto:a@b.example"), Kind::Email);
        assert_eq!(classify("did:key:z6Mk"), Kind::Did);
        assert_eq!(classify("https://example.org/me"), Kind::Url);
        assert_eq!(classify("+81 90-1234-5678"), Kind::Phone);
        assert_eq!(classify("student-42"), Kind::Other);
    }

    #[test]
    fn ob2_hashed_salted_email_case_insensitive() {
        let r = json!({"type": "email", "hashed": true, "salt": "pepper", "identity": format!("sha256${}", sha256_hex("learner@example.orgpepper"))});
        assert_eq!(check_ob2(Some(&r), &ids(&["Learner@Example.org"])).status, CheckStatus::Valid);
        let c = check_ob2(Some(&r), &ids(&["other@example.org", "did:key:z6Mkx"]));
        assert_eq!((c.status, c.code.as_deref()), (CheckStatus::Invalid, Some("recipient_mismatch")));
        assert!(!c.reason.unwrap_or_default().contains("other@example.org"), "no identifiers in reasons");
        // A DID never matches an email claim, even if its hash would.
        assert_eq!(check_ob2(Some(&r), &ids(&["did:web:learner@example.org"])).status, CheckStatus::Invalid);
    }

    #[test]
    fn md5_and_plain_and_unsupported() {
        let md5: String = Md5::digest(b"+819012345678").iter().map(|b| format!("{b:02x}")).collect();
        let r = json!({"type": "telephone", "hashed": true, "identity": format!("md5${}", md5.to_uppercase())});
        let c = check_ob2(Some(&r), &ids(&["+81 90-1234-5678"]));
        assert_eq!(c.status, CheckStatus::Valid, "{c:?}");
        assert!(c.reason.unwrap_or_default().contains("unsalted md5"));
        let plain = json!({"type": "url", "hashed": false, "identity": "https://example.org/learner"});
        assert_eq!(check_ob2(Some(&plain), &ids(&["https://example.org/learner"])).status, CheckStatus::Valid);
        assert_eq!(check_ob2(Some(&plain), &ids(&["https://example.org/other"])).status, CheckStatus::Invalid);
        let sha1 = json!({"type": "email", "hashed": true, "identity": "sha1$abcdef"});
        assert_eq!(check_ob2(Some(&sha1), &ids(&["a@b.example"])).code.as_deref(), Some("unsupported_recipient"));
        assert_eq!(check_ob2(None, &ids(&["a@b.example"])).code.as_deref(), Some("no_recipient_info"));
        assert_eq!(check_ob2(Some(&plain), &[]).status, CheckStatus::NotApplicable);
    }

    #[test]
    fn ob3_identifiers_and_subject_id() {
        let hash = format!("sha256${}", sha256_hex("learner@example.orgsalt1"));
        let doc = json!({"credentialSubject": {"id": "did:example:learner", "identifier": [
            {"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "salt": "salt1", "identityHash": hash},
            {"type": "IdentityObject", "identityType": "sourcedId", "hashed": false, "identityHash": "student-42"}
        ]}});
        let cred = Credential::new(doc.as_object().cloned().unwrap());
        assert_eq!(check_ob3(&cred, &ids(&["learner@example.org"])).status, CheckStatus::Valid);
        assert_eq!(check_ob3(&cred, &ids(&["did:example:learner"])).status, CheckStatus::Valid);
        assert_eq!(check_ob3(&cred, &ids(&["student-42"])).status, CheckStatus::Valid);
        assert_eq!(check_ob3(&cred, &ids(&["did:example:someone-else"])).status, CheckStatus::Invalid);
        let empty = Credential::new(json!({"credentialSubject": {"name": "x"}}).as_object().cloned().unwrap());
        assert_eq!(check_ob3(&empty, &ids(&["a@b.example"])).status, CheckStatus::Unknown);
    }
}
