//! The validity check: is "now" (or the given time) inside the credential's window?
//!
//! VC 2.0 `validFrom`/`validUntil`; VC 1.1 `issuanceDate`/`expirationDate` (an issuance
//! date in the future means not yet valid, as 1EdTech's validator and the VC 1.1 spec say).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::{make_check, rfc3339};
use crate::parse::credential::Credential;
use crate::report::{Check, CheckId, CheckSource, CheckStatus};

/// Parses an XML Schema dateTime. Returns the instant and whether a time zone was given
/// (a missing zone is read as UTC, and the check warns).
pub fn parse_datetime(s: &str) -> Option<(DateTime<Utc>, bool)> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some((t.with_timezone(&Utc), true));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some((n.and_utc(), false));
        }
    }
    None
}

enum Bound {
    Absent,
    At(DateTime<Utc>),
}

fn bound(field: Option<(&'static str, &Value)>, warnings: &mut Vec<String>) -> Result<Bound, String> {
    let Some((name, v)) = field else { return Ok(Bound::Absent) };
    let Some(s) = v.as_str() else { return Err(format!("{name} is not a string")) };
    match parse_datetime(s) {
        Some((t, zoned)) => {
            if !zoned {
                warnings.push(crate::l10n::warning("warn-date-no-time-zone", &[("name", name.to_owned())]));
            }
            Ok(Bound::At(t))
        }
        None => Err(format!("{name} is not a valid date and time: {s:.40}")),
    }
}

/// Runs the validity check at `now`.
pub fn check(cred: &Credential, now: DateTime<Utc>) -> Check {
    let mut warnings = Vec::new();
    let from = match bound(cred.valid_from(), &mut warnings) {
        Ok(b) => b,
        Err(e) => return make_check(CheckId::Validity, CheckStatus::Invalid, Some("malformed_date"), Some(e), CheckSource::Document),
    };
    let until = match bound(cred.valid_until(), &mut warnings) {
        Ok(b) => b,
        Err(e) => return make_check(CheckId::Validity, CheckStatus::Invalid, Some("malformed_date"), Some(e), CheckSource::Document),
    };
    let mut c = match (&from, &until) {
        (Bound::At(f), _) if now < *f => make_check(
            CheckId::Validity,
            CheckStatus::Invalid,
            Some("not_yet_valid"),
            Some(format!("not valid before {} (checked at {})", rfc3339(*f), rfc3339(now))),
            CheckSource::Local,
        ),
        (_, Bound::At(u)) if now > *u => make_check(
            CheckId::Validity,
            CheckStatus::Invalid,
            Some("expired"),
            Some(format!("expired at {} (checked at {})", rfc3339(*u), rfc3339(now))),
            CheckSource::Local,
        ),
        _ => {
            let mut parts = Vec::new();
            if let Bound::At(f) = from {
                parts.push(format!("valid from {}", rfc3339(f)));
            }
            match until {
                Bound::At(u) => parts.push(format!("until {}", rfc3339(u))),
                Bound::Absent => parts.push("with no end date".into()),
            }
            make_check(
                CheckId::Validity,
                CheckStatus::Valid,
                None,
                Some(format!("{} (checked at {})", parts.join(" "), rfc3339(now))),
                CheckSource::Local,
            )
        }
    };
    c.warnings = warnings;
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_xsd_datetimes() {
        assert!(parse_datetime("2024-01-01T00:00:00Z").is_some_and(|(_, z)| z));
        assert!(parse_datetime("2024-01-01T09:00:00+09:00").is_some());
        assert!(parse_datetime("2024-01-01T00:00:00.123Z").is_some());
        assert!(parse_datetime("2024-01-01T00:00:00").is_some_and(|(_, z)| !z));
        assert!(parse_datetime("2024-01-01").is_none());
        assert!(parse_datetime("yesterday").is_none());
    }
}
