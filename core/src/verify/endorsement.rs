//! Endorsements: `endorsement` (EndorsementCredential objects) and `endorsementJwt` on a
//! credential, its achievement or its issuer profile, each verified on its own.
//!
//! Not implemented yet (see [`super::nested`]).
