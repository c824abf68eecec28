//! Micro-credential descriptors: what a badge certifies (credits, workload, level, learning
//! outcomes, assessment, participation, quality assurance, prerequisites, grade, stackability),
//! each with where in the badge it was found, and whether it carries what a guideline profile
//! asks for (the Japanese micro-credential guideline, the EU Council Recommendation 2022).
//!
//! Descriptors are read from the document as written, whatever the verdict: trust them only as
//! far as the report's checks say. Which descriptors a profile requires, and which badge fields
//! satisfy them, is data ([`profile`], files in `core/profiles/`), not code.

pub mod profile;

mod extract;

use serde::{Deserialize, Serialize};

pub use extract::{from_ob2, from_ob3};
pub use profile::{Profile, ProfileLevel, ProfileResult};

/// One kind of descriptor. The order of the variants is the order they are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DescriptorId {
    /// Who the credential was awarded to (subject `id`, `identifier`, OB 2.0 `recipient`).
    Learner,
    /// The title of the achievement.
    Title,
    /// The issuing institution / awarding body (issuer profile).
    AwardingBody,
    /// The issuer's country or region (`issuer.address`).
    IssuerCountry,
    /// When it was issued or awarded.
    IssueDate,
    /// Learning outcomes: stated outcomes and aligned framework items (CASE, ESCO, ...).
    LearningOutcomes,
    /// Credits available / earned (`creditsAvailable`, `creditsEarned`, ECTS).
    Credits,
    /// Notional workload in hours (study load).
    Workload,
    /// Level in a qualifications framework (EQF, NQF, QF-EHEA).
    Level,
    /// The type of assessment (exam, project, portfolio, ...).
    AssessmentType,
    /// The criteria the learner had to meet (`criteria`).
    AssessmentCriteria,
    /// Form of participation (online, onsite, blended, ...).
    FormOfParticipation,
    /// Quality assurance: who endorses or accredits the credential or its issuer.
    QualityAssurance,
    /// Prerequisites needed to enrol.
    Prerequisites,
    /// Supervision and identity verification during assessment.
    Supervision,
    /// The grade or result achieved (`result`).
    Grade,
    /// Stackability: the achievement type, related achievements, CLR associations.
    Stackability,
    /// Where to find more (the achievement's web page).
    FurtherInformation,
}

impl DescriptorId {
    /// Every descriptor, in display order.
    pub const ALL: [DescriptorId; 18] = [
        DescriptorId::Learner,
        DescriptorId::Title,
        DescriptorId::AwardingBody,
        DescriptorId::IssuerCountry,
        DescriptorId::IssueDate,
        DescriptorId::LearningOutcomes,
        DescriptorId::Credits,
        DescriptorId::Workload,
        DescriptorId::Level,
        DescriptorId::AssessmentType,
        DescriptorId::AssessmentCriteria,
        DescriptorId::FormOfParticipation,
        DescriptorId::QualityAssurance,
        DescriptorId::Prerequisites,
        DescriptorId::Supervision,
        DescriptorId::Grade,
        DescriptorId::Stackability,
        DescriptorId::FurtherInformation,
    ];

    /// The stable snake_case name used in JSON output, profile files and message ids.
    pub fn as_str(self) -> &'static str {
        match self {
            DescriptorId::Learner => "learner",
            DescriptorId::Title => "title",
            DescriptorId::AwardingBody => "awarding_body",
            DescriptorId::IssuerCountry => "issuer_country",
            DescriptorId::IssueDate => "issue_date",
            DescriptorId::LearningOutcomes => "learning_outcomes",
            DescriptorId::Credits => "credits",
            DescriptorId::Workload => "workload",
            DescriptorId::Level => "level",
            DescriptorId::AssessmentType => "assessment_type",
            DescriptorId::AssessmentCriteria => "assessment_criteria",
            DescriptorId::FormOfParticipation => "form_of_participation",
            DescriptorId::QualityAssurance => "quality_assurance",
            DescriptorId::Prerequisites => "prerequisites",
            DescriptorId::Supervision => "supervision",
            DescriptorId::Grade => "grade",
            DescriptorId::Stackability => "stackability",
            DescriptorId::FurtherInformation => "further_information",
        }
    }
}

/// One value of a descriptor, as written in the badge, and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DescriptorValue {
    /// The value as text (badge content, not translated).
    pub value: String,
    /// Where it was found, as a JSON path in the badge (`credentialSubject.achievement.creditsAvailable`;
    /// OB 2.0: `badge.…` for the BadgeClass, `badge.issuer.…` for its issuer).
    pub source: String,
}

/// One descriptor: present or not, with every value found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Descriptor {
    /// Which descriptor.
    pub id: DescriptorId,
    /// Whether the badge carries at least one value for it.
    pub present: bool,
    /// The values found (empty when absent).
    pub values: Vec<DescriptorValue>,
}

/// Every descriptor of one credential, and its completeness against each bundled profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Descriptors {
    /// One entry per [`DescriptorId`], in [`DescriptorId::ALL`] order (absent ones included).
    pub items: Vec<Descriptor>,
    /// One result per bundled profile ([`profile::bundled`]), in their order.
    pub profiles: Vec<ProfileResult>,
}

impl Descriptors {
    /// Builds the full set from the values found, and judges it against the bundled profiles.
    pub(crate) fn from_values(found: Vec<(DescriptorId, DescriptorValue)>) -> Descriptors {
        let items: Vec<Descriptor> = DescriptorId::ALL
            .iter()
            .map(|&id| {
                let values: Vec<DescriptorValue> = found.iter().filter(|(d, _)| *d == id).map(|(_, v)| v.clone()).collect();
                Descriptor { id, present: !values.is_empty(), values }
            })
            .collect();
        let profiles = profile::bundled().iter().map(|p| p.evaluate(&items)).collect();
        Descriptors { items, profiles }
    }

    /// The descriptor with this id.
    pub fn get(&self, id: DescriptorId) -> Option<&Descriptor> {
        self.items.iter().find(|d| d.id == id)
    }

    /// The result for the profile with this id.
    pub fn profile(&self, id: &str) -> Option<&ProfileResult> {
        self.profiles.iter().find(|p| p.id == id)
    }
}
