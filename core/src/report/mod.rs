//! The verification report: outcome as data, one entry per named check.
//!
//! A report is returned whenever the input could be read as a JSON object; whatever went
//! wrong after that is expressed in the checks, never as an `Err`.

use serde::Serialize;

/// Identifies one named check. The order of the variants is the order checks run and are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CheckId {
    /// The document is a well-formed credential: JSON shape, `@context`, types, JSON-LD terms.
    Format,
    /// The embedded proof(s) verify against the document.
    Proof,
    /// The signing key was found and belongs to the credential's issuer.
    IssuerKey,
    /// The verification time lies inside the credential's validity window.
    Validity,
    /// Revocation / suspension status.
    Status,
    /// Whether the issuer is known to a trust registry.
    Trust,
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
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
}

/// One named check in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// Things the user should know even though the check passed.
    pub warnings: Vec<String>,
    /// Where the data behind the check came from.
    pub source: CheckSource,
    /// When the check was carried out (RFC 3339, wall clock).
    pub checked_at: String,
}

/// The overall state, derived from the checks by [`Summary::from_checks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
        let code_is = |id: CheckId, code: &str| {
            get(id).is_some_and(|c| c.status == CheckStatus::Invalid && c.code.as_deref() == Some(code))
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
        if checks
            .iter()
            .any(|c| c.status == CheckStatus::Unknown || !c.warnings.is_empty())
        {
            return Summary::VerifiedWithWarnings;
        }
        Summary::Verified
    }
}

/// What the credential says about itself, for display next to the verdict. Taken from the
/// document as given: trust it only as far as the checks say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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
}

/// The outcome of verifying one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
}

impl Report {
    /// The check with this id, if present.
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}
