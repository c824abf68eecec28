//! The verification report: outcome as data, one entry per named check.
//!
//! A report is returned whenever the input could be read as a JSON object; whatever went
//! wrong after that is expressed in the checks, never as an `Err`.

use serde::{Deserialize, Serialize};

/// Identifies one named check. The order of the variants is the order checks run and are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CheckId {
    /// The document is a well-formed credential: JSON shape, `@context`, types, JSON-LD terms.
    Format,
    /// The embedded proof(s) verify against the document.
    Proof,
    /// The signing key was found and belongs to the credential's issuer (for a presentation:
    /// to its holder).
    IssuerKey,
    /// The verification time lies inside the credential's validity window.
    Validity,
    /// Revocation / suspension status.
    Status,
    /// Whether the issuer is known to a trust registry.
    Trust,
    /// The credential was issued to the learner whose identifiers the verifier gave
    /// (OB 2.0 `recipient`, OB 3.0 `credentialSubject.identifier`).
    Recipient,
    /// The document conforms to the JSON Schema(s) it declares (`credentialSchema`), checked
    /// against bundled copies.
    Schema,
    /// Presentations: the verifier's `challenge` and `domain` are the ones the holder signed.
    Challenge,
    /// Presentations: the holder (who signed the presentation) is the subject of each credential.
    Holder,
    /// Credentials inside this one (presentation members, CLR achievements, endorsements),
    /// each verified on its own and listed in [`Report::nested`].
    Nested,
}

impl CheckId {
    /// The stable snake_case name used in JSON output and UI string keys.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Format => "format",
            CheckId::Proof => "proof",
            CheckId::IssuerKey => "issuer_key",
            CheckId::Validity => "validity",
            CheckId::Status => "status",
            CheckId::Trust => "trust",
            CheckId::Recipient => "recipient",
            CheckId::Schema => "schema",
            CheckId::Challenge => "challenge",
            CheckId::Holder => "holder",
            CheckId::Nested => "nested",
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CheckStatus {
    /// Checked and passed.
    Valid,
    /// Checked and failed.
    Invalid,
    /// Could not be checked; the reason says why. Never treated as a pass.
    Unknown,
    /// Does not apply to this credential (for example: no `credentialStatus`).
    NotApplicable,
}

impl CheckStatus {
    /// The stable snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Valid => "valid",
            CheckStatus::Invalid => "invalid",
            CheckStatus::Unknown => "unknown",
            CheckStatus::NotApplicable => "not_applicable",
        }
    }
}

/// Where the information a check relied on came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CheckSource {
    /// The credential document itself.
    Document,
    /// Data shipped inside Akashi (JSON-LD contexts).
    Bundled,
    /// Computed on this device without outside data (did:key, the clock).
    Local,
    /// Fetched over the network from this URL.
    Network {
        /// The URL that was fetched.
        url: String,
    },
    /// Taken from Akashi's fetch cache: fetched from this URL earlier, still fresh.
    Cache {
        /// The URL it was fetched from.
        url: String,
        /// When it was fetched (RFC 3339).
        fetched_at: String,
    },
}

/// A message of the Fluent files (`warn-…`) with its arguments: what a warning says, in any
/// language Akashi speaks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Message {
    /// The message id (e.g. `warn-ob2-no-description`).
    pub id: String,
    /// Its named arguments.
    pub args: Vec<MessageArg>,
}

/// One named argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MessageArg {
    /// The argument's name in the message.
    pub name: String,
    /// Its value, as text.
    pub value: String,
}

/// One named check in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Check {
    /// Which check this is.
    pub id: CheckId,
    /// Its outcome.
    pub status: CheckStatus,
    /// A stable machine-readable code for the outcome (e.g. `expired`, `bad_signature`).
    pub code: Option<String>,
    /// A human-readable explanation (English). Always present unless the check simply passed.
    pub reason: Option<String>,
    /// Things the user should know even though the check passed (English).
    pub warnings: Vec<String>,
    /// The message behind each warning, index-aligned with `warnings` (`None` for a warning
    /// with no message, e.g. from a stored report written before messages existed), so a
    /// person can read it in their language ([`Report::localized`]). Empty when no warning has one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warning_messages: Vec<Option<Message>>,
    /// Where the data behind the check came from.
    pub source: CheckSource,
    /// When the check was carried out (RFC 3339, wall clock).
    pub checked_at: String,
}

/// The overall state, derived from the checks by [`Summary::from_checks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Summary {
    /// Every check passed.
    Verified,
    /// Nothing failed, but something could not be checked or deserves a warning.
    VerifiedWithWarnings,
    /// Authentic, but past its `validUntil` / `expirationDate`.
    Expired,
    /// Authentic, but before its `validFrom`.
    NotYetValid,
    /// Revoked by its issuer.
    Revoked,
    /// Suspended by its issuer.
    Suspended,
    /// The credential could not be verified: bad or missing proof, unknown key, malformed.
    NotVerified,
}

impl Summary {
    /// The stable snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Summary::Verified => "verified",
            Summary::VerifiedWithWarnings => "verified_with_warnings",
            Summary::Expired => "expired",
            Summary::NotYetValid => "not_yet_valid",
            Summary::Revoked => "revoked",
            Summary::Suspended => "suspended",
            Summary::NotVerified => "not_verified",
        }
    }

    /// Whether a holder can rely on the credential (verified, with or without warnings).
    pub fn is_verified(self) -> bool {
        matches!(self, Summary::Verified | Summary::VerifiedWithWarnings)
    }

    /// Derives the summary. Precedence: anything that makes the credential untrustworthy
    /// (format, proof, key) wins; then revoked, suspended, expired, not yet valid; then
    /// unknowns and warnings. Fail closed: an unknown proof or key is "not verified".
    pub fn from_checks(checks: &[Check]) -> Summary {
        let get = |id: CheckId| checks.iter().find(|c| c.id == id);
        for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey] {
            match get(id).map(|c| c.status) {
                Some(CheckStatus::Valid) | Some(CheckStatus::NotApplicable) => {}
                _ => return Summary::NotVerified,
            }
        }
        // Any check with that id: a credential with several status entries has one check each.
        let code_is = |id: CheckId, code: &str| {
            checks.iter().any(|c| c.id == id && c.status == CheckStatus::Invalid && c.code.as_deref() == Some(code))
        };
        if code_is(CheckId::Status, "revoked") {
            return Summary::Revoked;
        }
        if code_is(CheckId::Status, "suspended") {
            return Summary::Suspended;
        }
        if code_is(CheckId::Validity, "expired") {
            return Summary::Expired;
        }
        if code_is(CheckId::Validity, "not_yet_valid") {
            return Summary::NotYetValid;
        }
        if checks.iter().any(|c| c.status == CheckStatus::Invalid) {
            return Summary::NotVerified;
        }
        if checks.iter().any(|c| c.status == CheckStatus::Unknown || !c.warnings.is_empty()) {
            return Summary::VerifiedWithWarnings;
        }
        Summary::Verified
    }
}

/// What the credential says about itself, for display next to the verdict. Taken from the
/// document as given: trust it only as far as the checks say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CredentialInfo {
    /// The credential `id`.
    pub id: Option<String>,
    /// The `type` values.
    pub types: Vec<String>,
    /// The credential's `name`, or its achievement's name.
    pub name: Option<String>,
    /// The issuer's id.
    pub issuer_id: Option<String>,
    /// The issuer's name.
    pub issuer_name: Option<String>,
    /// `validFrom` (or `issuanceDate`) as written.
    pub valid_from: Option<String>,
    /// `validUntil` (or `expirationDate`) as written.
    pub valid_until: Option<String>,
    /// Where the issuer offers an updated version (`refreshService` of type
    /// `1EdTechCredentialRefresh`): fetch it with an explicit refresh call, which verifies it
    /// before offering it.
    pub refresh_url: Option<String>,
    /// Micro-credential descriptors read from the document (credits, workload, level, learning
    /// outcomes, assessment, quality assurance, ...) and completeness per guideline profile;
    /// `None` when the input was not read as a credential. Stated by the document: as
    /// trustworthy as the checks say. Absent in reports stored before descriptors existed.
    #[serde(default)]
    pub descriptors: Option<crate::descriptors::Descriptors>,
}

/// How the input reached the verifier: the outer wrapping, before the credential itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Envelope {
    /// A JSON document.
    Json,
    /// A compact JWS (VC-JWT, or an OB 2.0 signed assertion) as text.
    CompactJws,
    /// Baked into a PNG image (`iTXt` / `tEXt` chunk).
    Png,
    /// Baked into an SVG image (`openbadges:credential` / `openbadges:assertion`).
    Svg,
    /// Fetched from an HTTPS URL given as the input.
    Url,
    /// Embedded in another credential or presentation (see [`NestedReport`]).
    Embedded,
    /// A VPQR text (`VP1-B…` / `VP1-R…`: a CBOR-LD presentation, as DCC's wallets show it).
    Vpqr,
    /// Akashi's multi-frame QR (`AKF1:` frames), reassembled.
    QrFrames,
}

impl Envelope {
    /// The stable snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Envelope::Json => "json",
            Envelope::CompactJws => "compact_jws",
            Envelope::Png => "png",
            Envelope::Svg => "svg",
            Envelope::Url => "url",
            Envelope::Embedded => "embedded",
            Envelope::Vpqr => "vpqr",
            Envelope::QrFrames => "qr_frames",
        }
    }
}

/// How the credential is secured, i.e. which verification path was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Securing {
    /// A VC / OB 3.0 document with embedded proof(s) (Data Integrity or older Linked Data proofs).
    EmbeddedProof,
    /// A VC-JWT (JOSE compact serialization), VC Data Model 1.1 or 2.0.
    VcJwt,
    /// An Open Badges 2.0 hosted assertion: authentic if the issuer's server serves it.
    Ob2Hosted,
    /// An Open Badges 2.0 signed assertion (RS256 JWS).
    Ob2Signed,
    /// Nothing recognisable secures the input (for example an OB 2.0 assertion with an unknown
    /// verification type, or JSON that is not a credential).
    Unknown,
}

impl Securing {
    /// The stable snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Securing::EmbeddedProof => "embedded_proof",
            Securing::VcJwt => "vc_jwt",
            Securing::Ob2Hosted => "ob2_hosted",
            Securing::Ob2Signed => "ob2_signed",
            Securing::Unknown => "unknown",
        }
    }
}

/// How a nested credential relates to the one that contains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Relation {
    /// A credential inside a Verifiable Presentation (`verifiableCredential`).
    PresentationMember,
    /// A credential inside a CLR 2.0 credential (`credentialSubject.verifiableCredential`).
    ClrMember,
    /// An endorsement of the credential, its achievement or its issuer (`endorsement`, `endorsementJwt`).
    Endorsement,
}

/// The report of a credential found inside another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NestedReport {
    /// How it relates to its container.
    pub relation: Relation,
    /// Where it sits in the container, as a JSON path (e.g. `verifiableCredential[1]`).
    pub path: String,
    /// Its own, complete report.
    pub report: Report,
}

/// The outcome of verifying one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Report {
    /// The overall state, derived from `checks`.
    pub summary: Summary,
    /// One entry per named check, in [`CheckId`] order.
    pub checks: Vec<Check>,
    /// The time the credential was judged against (RFC 3339): "now", or the override.
    pub verified_at: String,
    /// What the credential says about itself.
    pub credential: CredentialInfo,
    /// How the input was wrapped (JSON, JWS text, baked image, URL).
    pub envelope: Envelope,
    /// How the credential is secured (embedded proof, VC-JWT, OB 2.0 hosted or signed).
    pub securing: Securing,
    /// Credentials found inside this one, each with its own report (empty for most badges).
    pub nested: Vec<NestedReport>,
    /// CLR 2.0: the `association` graph between the achievements (empty otherwise).
    pub associations: Vec<Association>,
}

/// One edge of a CLR 2.0 `association` graph (`credentialSubject.association[]`): how one
/// achievement relates to another (e.g. a course `isPartOf` a degree). Stated by the CLR's
/// issuer, so as trustworthy as the CLR's own proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Association {
    /// `associationType` as written (`isParentOf`, `isChildOf`, `isPartOf`, `precedes`, ...).
    pub association_type: String,
    /// `sourceId`: the achievement the relation starts from.
    pub source_id: String,
    /// `targetId`: the achievement it points to.
    pub target_id: String,
    /// Where in the CLR the source achievement is (e.g. `credentialSubject.verifiableCredential[0]`
    /// or `credentialSubject.achievement[1]`); `None` when no member or listed achievement has
    /// that id (a dangling reference, also reported as a warning).
    pub source_path: Option<String>,
    /// Where the target achievement is; `None` when dangling.
    pub target_path: Option<String>,
}

impl Report {
    /// The check with this id, if present.
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}
