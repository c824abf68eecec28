//! Reading descriptors out of OB 3.0 credentials and OB 2.0 assertions. Which field feeds which
//! descriptor is decided here; whether that field is good enough for a guideline is the
//! profiles' business.
//!
//! Besides the OB 3.0 / 2.0 fields, these extensions are read:
//! - Akashi's micro-credential context (`core/contexts/akashi/micro-credential-v1.jsonld`) on the
//!   Achievement: `learningOutcome`, `studyLoad`, `level`, `assessmentType`, `formOfParticipation`,
//!   `supervision`, `qualityAssurance`, `prerequisites`, `stackability`;
//! - the 1EdTech Assessment Extension (`resultDescription[].assessmentType`) and Issuer
//!   Accreditation Extension (`issuer.accreditations`);
//! - the EU-style (SURF edubadges) BadgeClass extensions `ECTSExtension.ECTS`,
//!   `StudyLoadExtension.StudyLoad`, `EQFExtension.EQF`, `LearningOutcomeExtension.LearningOutcome`,
//!   with or without the `extensions:` prefix.

use serde_json::{Map, Value};

use super::{DescriptorId, DescriptorValue, Descriptors};

type Found = Vec<(DescriptorId, DescriptorValue)>;

/// Descriptors of an OB 3.0 / VC credential (also CLR 2.0: its `association`s count as
/// stackability).
pub fn from_ob3(doc: &Map<String, Value>) -> Descriptors {
    let mut f: Found = Vec::new();
    let subject_path;
    let subject = match doc.get("credentialSubject") {
        Some(Value::Object(o)) => {
            subject_path = "credentialSubject".to_owned();
            Some(o)
        }
        Some(Value::Array(a)) => {
            subject_path = "credentialSubject[0]".to_owned();
            a.first().and_then(Value::as_object)
        }
        _ => {
            subject_path = String::new();
            None
        }
    };

    // Learner: the subject's id and identifiers; never a hash's salt.
    if let Some(s) = subject {
        put(&mut f, DescriptorId::Learner, s.get("id").and_then(text), format!("{subject_path}.id"));
        for (i, ident) in objects(s.get("identifier")) {
            put(&mut f, DescriptorId::Learner, identity(ident), format!("{subject_path}.identifier[{i}]"));
        }
    }

    let issuer = doc.get("issuer");
    match issuer {
        Some(Value::Object(o)) => {
            let named = o.get("name").and_then(text);
            if named.is_some() {
                put(&mut f, DescriptorId::AwardingBody, named, "issuer.name".into());
            } else {
                put(&mut f, DescriptorId::AwardingBody, o.get("id").and_then(text), "issuer.id".into());
            }
            if let Some(addr) = o.get("address").and_then(Value::as_object) {
                for key in ["addressCountryCode", "addressCountry", "addressRegion"] {
                    put(&mut f, DescriptorId::IssuerCountry, addr.get(key).and_then(text), format!("issuer.address.{key}"));
                }
            }
            endorsements(&mut f, o.get("endorsement"), "issuer.endorsement");
            for (i, acc) in values(o.get("accreditations")) {
                put(&mut f, DescriptorId::QualityAssurance, summary(acc), format!("issuer.accreditations[{i}]"));
            }
        }
        Some(v) => put(&mut f, DescriptorId::AwardingBody, text(v), "issuer".into()),
        None => {}
    }

    for key in ["validFrom", "issuanceDate", "awardedDate"] {
        put(&mut f, DescriptorId::IssueDate, doc.get(key).and_then(text), key.into());
    }
    put(&mut f, DescriptorId::Title, doc.get("name").and_then(text), "name".into());
    endorsements(&mut f, doc.get("endorsement"), "endorsement");
    for (i, _) in values(doc.get("endorsementJwt")) {
        // A JWT endorsement's issuer is known only once decoded; its verification is in the report.
        put(&mut f, DescriptorId::QualityAssurance, Some("JWT".into()), format!("endorsementJwt[{i}]"));
    }

    if let Some(s) = subject {
        if let Some(a) = s.get("achievement").and_then(Value::as_object) {
            achievement(&mut f, a, &format!("{subject_path}.achievement"));
        }
        for (i, a) in objects(s.get("achievement")).into_iter().filter(|_| s.get("achievement").is_some_and(Value::is_array)) {
            achievement(&mut f, a, &format!("{subject_path}.achievement[{i}]"));
        }
        put(&mut f, DescriptorId::Credits, s.get("creditsEarned").and_then(text), format!("{subject_path}.creditsEarned"));
        let descriptions = s.get("achievement").and_then(Value::as_object).map(|a| objects(a.get("resultDescription"))).unwrap_or_default();
        for (i, r) in objects(s.get("result")) {
            let value = r.get("value").and_then(text).or_else(|| r.get("achievedLevel").and_then(text));
            let label = r
                .get("resultDescription")
                .and_then(Value::as_str)
                .and_then(|id| descriptions.iter().find(|(_, d)| d.get("id").and_then(Value::as_str) == Some(id)))
                .and_then(|(_, d)| d.get("name").and_then(text));
            let shown = match (label, value) {
                (Some(l), Some(v)) => Some(format!("{l}: {v}")),
                (_, v) => v,
            };
            put(&mut f, DescriptorId::Grade, shown, format!("{subject_path}.result[{i}]"));
        }
        // CLR 2.0: how the bundled achievements build on one another.
        for (i, a) in objects(s.get("association")) {
            let edge = match (a.get("sourceId").and_then(text), a.get("associationType").and_then(text), a.get("targetId").and_then(text)) {
                (Some(s), Some(t), Some(d)) => Some(format!("{s} {t} {d}")),
                _ => None,
            };
            put(&mut f, DescriptorId::Stackability, edge, format!("{subject_path}.association[{i}]"));
        }
    }
    Descriptors::from_values(f)
}

/// The Achievement's own descriptors.
fn achievement(f: &mut Found, a: &Map<String, Value>, at: &str) {
    put(f, DescriptorId::Title, a.get("name").and_then(text), format!("{at}.name"));
    put(f, DescriptorId::LearningOutcomes, a.get("description").and_then(text), format!("{at}.description"));
    for (i, v) in values(a.get("learningOutcome")) {
        put(f, DescriptorId::LearningOutcomes, text(v), format!("{at}.learningOutcome[{i}]"));
    }
    alignments(f, a.get("alignment"), &format!("{at}.alignment"));
    put(f, DescriptorId::Credits, a.get("creditsAvailable").and_then(text), format!("{at}.creditsAvailable"));
    for (key, id) in [
        ("studyLoad", DescriptorId::Workload),
        ("level", DescriptorId::Level),
        ("assessmentType", DescriptorId::AssessmentType),
        ("formOfParticipation", DescriptorId::FormOfParticipation),
        ("supervision", DescriptorId::Supervision),
        ("qualityAssurance", DescriptorId::QualityAssurance),
        ("prerequisites", DescriptorId::Prerequisites),
        ("stackability", DescriptorId::Stackability),
    ] {
        for (i, v) in values(a.get(key)) {
            let path = if a.get(key).is_some_and(Value::is_array) { format!("{at}.{key}[{i}]") } else { format!("{at}.{key}") };
            put(f, id, summary(v), path);
        }
    }
    for (i, r) in objects(a.get("resultDescription")) {
        put(f, DescriptorId::AssessmentType, r.get("assessmentType").and_then(text), format!("{at}.resultDescription[{i}].assessmentType"));
    }
    criteria(f, a.get("criteria"), &format!("{at}.criteria"));
    endorsements(f, a.get("endorsement"), &format!("{at}.endorsement"));
    if let Some(creator) = a.get("creator").and_then(Value::as_object) {
        endorsements(f, creator.get("endorsement"), &format!("{at}.creator.endorsement"));
    }
    put(f, DescriptorId::Stackability, a.get("achievementType").and_then(text), format!("{at}.achievementType"));
    for (i, r) in values(a.get("related")) {
        let shown = match r {
            Value::Object(o) => o.get("id").and_then(text).map(|id| match o.get("version").and_then(text) {
                Some(ver) => format!("{id} (version {ver})"),
                None => id,
            }),
            other => text(other),
        };
        put(f, DescriptorId::Stackability, shown, format!("{at}.related[{i}]"));
    }
    put(
        f,
        DescriptorId::FurtherInformation,
        a.get("id").and_then(Value::as_str).filter(|u| u.starts_with("https://")).map(str::to_owned),
        format!("{at}.id"),
    );
    surf_extensions(f, a, at);
}

/// Descriptors of an OB 2.0 assertion with its BadgeClass and issuer Profile (each as far as
/// known: a BadgeClass that could not be fetched gives only the assertion's own fields).
pub fn from_ob2(assertion: &Map<String, Value>, badge: Option<&Map<String, Value>>, issuer: Option<&Map<String, Value>>) -> Descriptors {
    let mut f: Found = Vec::new();
    if let Some(r) = assertion.get("recipient") {
        let shown = match r {
            Value::Object(o) => identity(o),
            other => text(other),
        };
        put(&mut f, DescriptorId::Learner, shown, "recipient".into());
    }
    // `issued_on` is the Open Badges 0.5 spelling.
    for key in ["issuedOn", "issued_on"] {
        put(&mut f, DescriptorId::IssueDate, assertion.get(key).and_then(text), key.into());
    }
    endorsements(&mut f, assertion.get("endorsement"), "endorsement");
    if let Some(b) = badge {
        put(&mut f, DescriptorId::Title, b.get("name").and_then(text), "badge.name".into());
        put(&mut f, DescriptorId::LearningOutcomes, b.get("description").and_then(text), "badge.description".into());
        alignments(&mut f, b.get("alignment"), "badge.alignment");
        criteria(&mut f, b.get("criteria"), "badge.criteria");
        endorsements(&mut f, b.get("endorsement"), "badge.endorsement");
        surf_extensions(&mut f, b, "badge");
    }
    if let Some(i) = issuer {
        let named = i.get("name").and_then(text);
        if named.is_some() {
            put(&mut f, DescriptorId::AwardingBody, named, "badge.issuer.name".into());
        } else {
            put(&mut f, DescriptorId::AwardingBody, i.get("id").and_then(text), "badge.issuer.id".into());
        }
        endorsements(&mut f, i.get("endorsement"), "badge.issuer.endorsement");
    }
    Descriptors::from_values(f)
}

/// Alignments: a framework level (EQF, NQF, QF-EHEA, "level") is a level; anything else is an
/// aligned learning outcome / competency.
fn alignments(f: &mut Found, v: Option<&Value>, at: &str) {
    for (i, al) in objects(v) {
        let name = al.get("targetName").and_then(text);
        let framework = al.get("targetFramework").and_then(text);
        let code = al.get("targetCode").and_then(text);
        let url = al.get("targetUrl").and_then(text);
        let Some(name) = name.or_else(|| url.clone()) else { continue };
        let hay =
            format!("{} {}", framework.as_deref().unwrap_or(""), al.get("targetType").and_then(text).unwrap_or_default()).to_lowercase();
        let is_level = hay.contains("qualifications framework")
            || hay.contains("eqf")
            || hay.contains("nqf")
            || hay.contains("qf-ehea")
            || hay.contains("level");
        let mut shown = name;
        if let Some(c) = code {
            shown.push_str(&format!(" [{c}]"));
        }
        if let Some(fw) = framework {
            shown.push_str(&format!(" — {fw}"));
        }
        if let Some(u) = url {
            shown.push_str(&format!(" <{u}>"));
        }
        let id = if is_level { DescriptorId::Level } else { DescriptorId::LearningOutcomes };
        put(f, id, Some(shown), format!("{at}[{i}]"));
    }
}

/// `criteria`: an object with `narrative` and/or `id`, or (OB 2.0) a URL.
fn criteria(f: &mut Found, v: Option<&Value>, at: &str) {
    match v {
        Some(Value::Object(c)) => {
            put(f, DescriptorId::AssessmentCriteria, c.get("narrative").and_then(text), format!("{at}.narrative"));
            put(f, DescriptorId::AssessmentCriteria, c.get("id").and_then(text), format!("{at}.id"));
        }
        Some(other) => put(f, DescriptorId::AssessmentCriteria, text(other), at.into()),
        None => {}
    }
}

/// Endorsements as quality assurance: who endorses (the endorsement's issuer, or the
/// endorsement's URL when only linked), as claimed; the report's nested endorsement checks say
/// whether each verifies.
fn endorsements(f: &mut Found, v: Option<&Value>, at: &str) {
    for (i, e) in values(v) {
        let who = match e {
            Value::Object(o) => match o.get("issuer") {
                Some(Value::Object(iss)) => iss.get("name").and_then(text).or_else(|| iss.get("id").and_then(text)),
                Some(other) => text(other),
                None => o.get("id").and_then(text),
            },
            other => text(other),
        };
        put(f, DescriptorId::QualityAssurance, who, format!("{at}[{i}]"));
    }
}

/// EU-style BadgeClass extensions (SURF edubadges), with or without the `extensions:` prefix.
fn surf_extensions(f: &mut Found, o: &Map<String, Value>, at: &str) {
    for (ext, field, id) in [
        ("ECTSExtension", "ECTS", DescriptorId::Credits),
        ("StudyLoadExtension", "StudyLoad", DescriptorId::Workload),
        ("EQFExtension", "EQF", DescriptorId::Level),
        ("LearningOutcomeExtension", "LearningOutcome", DescriptorId::LearningOutcomes),
    ] {
        for key in [format!("extensions:{ext}"), ext.to_owned()] {
            if let Some(Value::Object(e)) = o.get(&key) {
                put(f, id, e.get(field).and_then(text), format!("{at}.{key}.{field}"));
            }
        }
    }
}

/// An identity object as shown to a person: its type and value, or only "hashed" (the hash and
/// salt identify no one to a reader and must not be shown as if they did).
fn identity(o: &Map<String, Value>) -> Option<String> {
    let kind = o.get("identityType").or_else(|| o.get("type")).and_then(text).unwrap_or_else(|| "identifier".into());
    let hashed = o.get("hashed").and_then(Value::as_bool).unwrap_or(false);
    if hashed {
        Some(format!("{kind} (hashed)"))
    } else {
        o.get("identityHash").or_else(|| o.get("identity")).and_then(text).map(|v| format!("{kind}: {v}"))
    }
}

fn put(f: &mut Found, id: DescriptorId, value: Option<String>, source: String) {
    if let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
        f.push((id, DescriptorValue { value, source }));
    }
}

/// A scalar or a language map / `{@value}` as text; numbers as written.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => o.get("@value").and_then(text).or_else(|| o.values().find_map(|x| x.as_str().map(str::to_owned))),
        Value::Array(items) => items.iter().find_map(text),
        Value::Null => None,
    }
}

/// An extension value as text: a string, or an object's name / description / value fields.
fn summary(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => {
            let parts: Vec<String> =
                ["name", "value", "description", "id", "url"].iter().filter_map(|k| o.get(*k).and_then(text)).collect();
            (!parts.is_empty()).then(|| parts.join(" — "))
        }
        other => text(other),
    }
}

/// A value that may be one item or an array of items, with positions.
fn values(v: Option<&Value>) -> Vec<(usize, &Value)> {
    match v {
        Some(Value::Array(items)) => items.iter().enumerate().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![(0, other)],
    }
}

fn objects(v: Option<&Value>) -> Vec<(usize, &Map<String, Value>)> {
    values(v).into_iter().filter_map(|(i, x)| x.as_object().map(|o| (i, o))).collect()
}
