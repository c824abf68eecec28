//! Endorsements: `endorsement` (EndorsementCredential objects) and `endorsementJwt`
//! (compact JWS strings) on a credential, on its achievement (`credentialSubject.achievement`),
//! on the achievement's creator, and on the issuer profile. Each is verified on its own and
//! reported in [`Report::nested`](crate::report::Report::nested) with relation
//! [`Relation::Endorsement`]; its report's `credential.issuer_*` is the endorser.
//!
//! An endorsement is testimony by a third party, not part of the badge's authenticity. The
//! rule: an endorsement that is not verified (bad or unknown proof, revoked, expired, ...) is
//! a **warning** on the nested check naming the endorser; it never makes the badge itself not
//! verified. Also warned about: an entry not typed `EndorsementCredential`, and an
//! endorsement whose subject is not the thing it is attached to (an endorsement of someone
//! else, copied onto this badge).

use serde_json::{Map, Value};

use super::nested::{list, short, subject_ids, too_many, verify_member, MAX_MEMBERS};
use super::{Run, Verifier};
use crate::parse::credential::{strings, Credential};
use crate::report::{NestedReport, Relation};

/// Where endorsements were found: the object they are attached to.
struct Place<'a> {
    /// JSON path of the object (`""` for the credential itself).
    path: String,
    /// What the object is, for messages.
    what: &'static str,
    obj: &'a Map<String, Value>,
}

/// Every place a credential may carry endorsements, in document order.
fn places(cred: &Credential) -> Vec<Place<'_>> {
    let mut out = vec![Place { path: String::new(), what: "credential", obj: &cred.doc }];
    if let Some(Value::Object(issuer)) = cred.doc.get("issuer") {
        out.push(Place { path: "issuer".into(), what: "issuer", obj: issuer });
    }
    let subjects = list(cred.doc.get("credentialSubject"));
    let many = subjects.len() > 1;
    for (i, s) in subjects.iter().enumerate() {
        let Some(achievement) = s.get("achievement").and_then(Value::as_object) else {
            continue;
        };
        let base = if many { format!("credentialSubject[{i}].achievement") } else { "credentialSubject.achievement".to_owned() };
        if let Some(Value::Object(creator)) = achievement.get("creator") {
            out.push(Place { path: format!("{base}.creator"), what: "achievement creator", obj: creator });
        }
        out.push(Place { path: base, what: "achievement", obj: achievement });
    }
    out
}

/// Verifies every endorsement in `cred`; returns their reports and warnings about them
/// (failures are summed up by [`super::nested::sum_up`]).
pub(crate) fn verify_all(v: &Verifier, cred: &Credential, run: Run) -> (Vec<NestedReport>, Vec<String>) {
    // (path, entry, field, id of the endorsed object, what that object is)
    let mut found: Vec<(String, &Value, &'static str, Option<&str>, &'static str)> = Vec::new();
    for place in places(cred) {
        let endorsed = place.obj.get("id").and_then(Value::as_str);
        for field in ["endorsement", "endorsementJwt"] {
            let Some(value) = place.obj.get(field) else {
                continue;
            };
            let prefix = if place.path.is_empty() { field.to_owned() } else { format!("{}.{field}", place.path) };
            let single = !value.is_array();
            for (i, e) in list(Some(value)).into_iter().enumerate() {
                let path = if single { prefix.clone() } else { format!("{prefix}[{i}]") };
                found.push((path, e, field, endorsed, place.what));
            }
        }
    }

    let mut reports = Vec::new();
    let mut warnings = Vec::new();
    let total = found.len();
    for (k, (path, e, field, endorsed, what)) in found.into_iter().enumerate() {
        if k == MAX_MEMBERS {
            reports.push(too_many(run, Relation::Endorsement, path, total));
            break;
        }
        match (field, e) {
            ("endorsement", Value::Object(o)) if !strings(o.get("type")).iter().any(|t| t == "EndorsementCredential") => {
                warnings.push(crate::l10n::warning("warn-endorsement-not-typed", &[("path", path.clone())]));
            }
            ("endorsementJwt", Value::Object(_)) => {
                warnings.push(crate::l10n::warning("warn-endorsement-jwt-object", &[("path", path.clone())]))
            }
            _ => {}
        }
        let n = verify_member(v, e, Relation::Endorsement, path, run);
        if let (Some(target), Some(ids)) = (endorsed, subject_ids(e)) {
            if !ids.is_empty() && !ids.iter().any(|s| s == target) {
                warnings.push(crate::l10n::warning(
                    "warn-endorsement-other-subject",
                    &[
                        ("path", n.path.clone()),
                        ("subjects", ids.iter().map(|s| short(s)).collect::<Vec<_>>().join(", ")),
                        ("what", what.to_string()),
                        ("target", short(target).to_string()),
                    ],
                ));
            }
        }
        reports.push(n);
    }
    (reports, warnings)
}
