//! The verifier's (employer's) presentation request: a fresh random challenge, the verifier's
//! domain and display name, and an expiry, with a compact text form for a QR code.
//!
//! Text form (version 1), one JSON object with the members in this order:
//! `{"type":"AkashiPresentationRequest","v":1,"challenge":"…","domain":"…","name":"…","expires":"…"}`
//! — `challenge` is 16 bytes (128 bits) from the OS CSPRNG, base64url without padding (22
//! characters); `expires` is RFC 3339 UTC. About 170 bytes: one small QR code. A reader refuses
//! anything else with a typed [`RequestError`] (never quoting the input).
//!
//! The verifier keeps the request it made and verifies presentations against it
//! ([`super::verify_presentation`]): the challenge must be its own and not expired, the domain
//! its own. The holder's app shows [`PresentationRequest::name`] and `domain` ("who is
//! asking") before the learner consents.

use base64::Engine;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// The `type` of a request's text form.
pub const REQUEST_TYPE: &str = "AkashiPresentationRequest";
/// The text-form version this build writes and reads.
pub const REQUEST_VERSION: u32 = 1;
/// Bytes of randomness in a challenge (128 bits).
pub const CHALLENGE_BYTES: usize = 16;
/// How long a request is valid by default (10 minutes: a conversation at a job fair).
pub const DEFAULT_REQUEST_LIFETIME_SECS: u32 = 600;
/// The longest a request may be valid (one day): a challenge is for one meeting, not a season.
pub const MAX_REQUEST_LIFETIME_SECS: u32 = 86_400;
/// The largest request text accepted, in bytes (a real one is about 200).
pub const MAX_REQUEST_BYTES: usize = 2048;
/// The longest domain, in characters (a DNS name's limit).
pub const MAX_DOMAIN_CHARS: usize = 253;
/// The longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A request for a presentation, as the verifier made it or as the holder read it.
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresentationRequest {
    /// The fresh random challenge (base64url, at least 128 bits) the holder must sign.
    pub challenge: String,
    /// The verifier's domain (e.g. `careers.example.com`), which the holder signs for.
    pub domain: String,
    /// The verifier's display name, shown to the learner ("who is asking").
    pub name: String,
    /// When the request stops being valid (RFC 3339 UTC).
    pub expires: String,
}

/// Why a request could not be made or read. Carries field names and limits only, never input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The text is not a presentation request (not JSON, another kind of object, too large).
    #[error("the text is not a presentation request")]
    NotARequest,
    /// A request of a newer version: update the app.
    #[error("the presentation request has version {found}, this version of Akashi reads {supported}")]
    UnsupportedVersion {
        /// The request's version.
        found: u64,
        /// The version this build reads.
        supported: u32,
    },
    /// A field is missing or invalid (name of the field only).
    #[error("the presentation request's `{field}` is missing or invalid")]
    InvalidField {
        /// The field: `challenge`, `domain`, `name` or `expires`.
        field: &'static str,
    },
    /// The lifetime asked for is outside 1 second to [`MAX_REQUEST_LIFETIME_SECS`].
    #[error("a request's lifetime must be 1 to {MAX_REQUEST_LIFETIME_SECS} seconds")]
    InvalidLifetime,
    /// The system random number generator failed: no request was made.
    #[error("the system random number generator is unavailable")]
    RandomUnavailable,
}

/// The text form as read (unknown members ignored, so a later version may add optional ones).
#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "type")]
    kind: Option<String>,
    v: Option<u64>,
    challenge: Option<String>,
    domain: Option<String>,
    name: Option<String>,
    expires: Option<String>,
}

fn valid_challenge(c: &str) -> bool {
    // At least 128 bits of base64url: a short challenge is guessable and refused, so a weak
    // verifier cannot lower the bar for everyone.
    (22..=128).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn valid_domain(d: &str) -> bool {
    let n = d.chars().count();
    (1..=MAX_DOMAIN_CHARS).contains(&n) && !d.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn valid_name(s: &str) -> bool {
    let n = s.chars().count();
    (1..=MAX_NAME_CHARS).contains(&n) && !s.trim().is_empty() && !s.chars().any(char::is_control)
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// `t` as RFC 3339 UTC with whole seconds, as requests and proofs write times.
pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A fresh challenge: [`CHALLENGE_BYTES`] from the OS CSPRNG, base64url without padding.
pub fn new_challenge() -> Result<String, RequestError> {
    let mut b = [0u8; CHALLENGE_BYTES];
    getrandom::fill(&mut b).map_err(|_| RequestError::RandomUnavailable)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

impl PresentationRequest {
    /// A new request for `domain` shown as `name`, valid for `lifetime_secs` from `now` (1 to
    /// [`MAX_REQUEST_LIFETIME_SECS`]), with a fresh challenge. Domain: 1 to 253 characters
    /// without spaces; name: 1 to 100 characters without control characters.
    pub fn new(domain: &str, name: &str, lifetime_secs: u32, now: DateTime<Utc>) -> Result<PresentationRequest, RequestError> {
        let domain = domain.trim();
        let name = name.trim();
        if !valid_domain(domain) {
            return Err(RequestError::InvalidField { field: "domain" });
        }
        if !valid_name(name) {
            return Err(RequestError::InvalidField { field: "name" });
        }
        if lifetime_secs == 0 || lifetime_secs > MAX_REQUEST_LIFETIME_SECS {
            return Err(RequestError::InvalidLifetime);
        }
        Ok(PresentationRequest {
            challenge: new_challenge()?,
            domain: domain.to_owned(),
            name: name.to_owned(),
            expires: rfc3339(now + Duration::seconds(i64::from(lifetime_secs))),
        })
    }

    /// The compact text for a QR code (see the module docs).
    pub fn to_text(&self) -> String {
        // Built by hand so the member order (and so the text) is fixed.
        let s = |v: &str| serde_json::Value::String(v.to_owned()).to_string();
        format!(
            "{{\"type\":{},\"v\":{REQUEST_VERSION},\"challenge\":{},\"domain\":{},\"name\":{},\"expires\":{}}}",
            s(REQUEST_TYPE),
            s(&self.challenge),
            s(&self.domain),
            s(&self.name),
            s(&self.expires)
        )
    }

    /// Reads a request's text (surrounding whitespace allowed). An expired request is read
    /// (the app can say it expired); [`PresentationRequest::is_expired`] tells.
    pub fn parse(text: &str) -> Result<PresentationRequest, RequestError> {
        if text.len() > MAX_REQUEST_BYTES {
            return Err(RequestError::NotARequest);
        }
        let w: Wire = serde_json::from_str(text.trim()).map_err(|_| RequestError::NotARequest)?;
        if w.kind.as_deref() != Some(REQUEST_TYPE) {
            return Err(RequestError::NotARequest);
        }
        match w.v {
            Some(v) if v == u64::from(REQUEST_VERSION) => {}
            Some(v) if v > u64::from(REQUEST_VERSION) => {
                return Err(RequestError::UnsupportedVersion { found: v, supported: REQUEST_VERSION })
            }
            _ => return Err(RequestError::InvalidField { field: "v" }),
        }
        let challenge = w.challenge.filter(|c| valid_challenge(c)).ok_or(RequestError::InvalidField { field: "challenge" })?;
        let domain = w.domain.filter(|d| valid_domain(d)).ok_or(RequestError::InvalidField { field: "domain" })?;
        let name = w.name.filter(|n| valid_name(n)).ok_or(RequestError::InvalidField { field: "name" })?;
        let expires = w.expires.filter(|e| parse_time(e).is_some()).ok_or(RequestError::InvalidField { field: "expires" })?;
        Ok(PresentationRequest { challenge, domain, name, expires })
    }

    /// When the request expires (`None` only for a hand-built request with a bad time, which
    /// then counts as expired).
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        parse_time(&self.expires)
    }

    /// Whether the request has expired at `now` (an unreadable expiry counts as expired).
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at().is_none_or(|t| now > t)
    }

    /// Who is asking, for display and the activity log: `name (domain)`.
    pub fn who(&self) -> String {
        format!("{} ({})", self.name, self.domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        parse_time("2026-06-01T10:00:00Z").unwrap()
    }

    #[test]
    fn round_trip_and_fresh_challenges() {
        let r = PresentationRequest::new(" careers.example.com ", "ACME Careers 採用", 600, now()).unwrap();
        assert_eq!(r.domain, "careers.example.com");
        assert_eq!(r.expires, "2026-06-01T10:10:00Z");
        assert_eq!(r.challenge.len(), 22);
        let text = r.to_text();
        assert!(text.starts_with("{\"type\":\"AkashiPresentationRequest\",\"v\":1,\"challenge\":"), "{text}");
        assert_eq!(PresentationRequest::parse(&text).unwrap(), r);
        assert!(!r.is_expired(now()));
        assert!(r.is_expired(now() + Duration::seconds(601)));
        let r2 = PresentationRequest::new("careers.example.com", "ACME", 600, now()).unwrap();
        assert_ne!(r.challenge, r2.challenge);
        assert_eq!(r.who(), "ACME Careers 採用 (careers.example.com)");
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        assert_eq!(PresentationRequest::new("a b", "x", 60, now()), Err(RequestError::InvalidField { field: "domain" }));
        assert_eq!(PresentationRequest::new("d", "\u{7}", 60, now()), Err(RequestError::InvalidField { field: "name" }));
        assert_eq!(PresentationRequest::new("d", "n", 0, now()), Err(RequestError::InvalidLifetime));
        assert_eq!(PresentationRequest::new("d", "n", MAX_REQUEST_LIFETIME_SECS + 1, now()), Err(RequestError::InvalidLifetime));
        let good = PresentationRequest::new("d.example", "n", 60, now()).unwrap().to_text();
        for (text, err) in [
            ("".to_owned(), RequestError::NotARequest),
            ("not json".to_owned(), RequestError::NotARequest),
            ("[]".to_owned(), RequestError::NotARequest),
            ("{\"type\":\"Other\",\"v\":1}".to_owned(), RequestError::NotARequest),
            (good.replace("\"v\":1", "\"v\":2"), RequestError::UnsupportedVersion { found: 2, supported: 1 }),
            (good.replace("\"v\":1", "\"v\":\"1\""), RequestError::NotARequest),
            (good.replace("\"v\":1,", ""), RequestError::InvalidField { field: "v" }),
            (good.replace("\"challenge\":\"", "\"challenge\":\"!"), RequestError::InvalidField { field: "challenge" }),
            (good.replace("\"domain\":\"d.example\"", "\"domain\":\"\""), RequestError::InvalidField { field: "domain" }),
            (good.replace("\"name\":\"n\"", "\"name\":null"), RequestError::InvalidField { field: "name" }),
            (good.replace("2026-06-01T10:01:00Z", "tomorrow"), RequestError::InvalidField { field: "expires" }),
            (format!("{}{}", good, " ".repeat(MAX_REQUEST_BYTES)), RequestError::NotARequest),
        ] {
            assert_eq!(PresentationRequest::parse(&text), Err(err), "{text:.120}");
        }
        // A short (guessable) challenge is refused.
        let short =
            r#"{"type":"AkashiPresentationRequest","v":1,"challenge":"abc","domain":"d","name":"n","expires":"2026-06-01T10:01:00Z"}"#;
        assert_eq!(PresentationRequest::parse(short), Err(RequestError::InvalidField { field: "challenge" }));
    }
}
