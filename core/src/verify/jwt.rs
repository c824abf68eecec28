//! VC-JWT and VP-JWT: credentials and presentations secured by a JOSE compact JWS.
//!
//! Not implemented yet: a JWT is reported as not verified, with the reason.

use super::{unverifiable, Run, Verifier};
use crate::report::{CredentialInfo, Report, Securing};

/// Verifies a VC-JWT (or VP-JWT) given as compact JWS text.
pub(crate) fn verify(_v: &Verifier, _token: &str, run: Run) -> Report {
    unverifiable(run, Securing::VcJwt, CredentialInfo::default(), "unsupported_format", "VC-JWT credentials are not supported yet".into())
}
