//! # akashi-core
//!
//! The whole of Akashi's logic: reading Open Badges / Verifiable Credentials, verifying them
//! offline-first, and reporting the outcome check by check. The UniFFI façade (`akashi-ffi`)
//! and the `akashi` CLI are thin layers over this crate.
//!
//! The data path is visible in the module tree:
//! [`input`] (bytes → bounded JSON) → [`parse`] (credential view, JSON-LD with bundled
//! contexts) → [`canon`] (RDFC-1.0, JCS) → [`verify`] (named checks: format, proof,
//! issuer key, validity, status, trust) → [`report`] (one entry per check and a summary).
//! Keys are found through [`resolve`] (did:key offline; did:web and HTTPS through a [`resolve::Fetcher`]);
//! everything fetched goes through [`cache`]. The learner's badges are kept in [`wallet`]
//! (encrypted, feature `sqlite`).
//!
//! ## Features
//! - Open Badges 3.0 / VC Data Model 1.1 and 2.0 credentials with embedded proofs:
//!   `DataIntegrityProof` with `eddsa-rdfc-2022` (and its old name `eddsa-2022`),
//!   `eddsa-jcs-2022`, `Ed25519Signature2020`, and the older `Ed25519Signature2018`
//!   (detached JWS) that real 2022–23 plugfest badges carry.
//! - VC-JWTs and VP-JWTs (VC Data Model 1.1 `vc` / `vp` claims and 2.0 JOSE payloads):
//!   `RS256`, `PS256`, `ES256`, `EdDSA`, keys from the `kid` or the header `jwk`, registered
//!   claims checked against the credential (see [`verify::jwt`]).
//! - JSON-LD expansion with pinned, bundled contexts only; undefined terms are rejected
//!   (the equivalent of jsonld.js "safe mode").
//! - RDFC-1.0 canonicalization with a hard limit against poison graphs.
//! - Keys (Ed25519; P-256 and RSA for JWTs) from `did:key` and `did:jwk` (offline), `did:web` and HTTPS verification methods (cargo feature
//!   `http`, on by default), and `<issuer URL>#<multikey>` ids (reported as a warning: the
//!   issuer did not publish that key).
//! - Open Badges 2.0 (and 0.5–1.1) hosted and signed assertions ([`verify::ob2`]); baked PNG
//!   and SVG badges ([`input`]); CLR 2.0, presentations and endorsements, each member
//!   verified on its own ([`verify::nested`]); recipient and JSON Schema checks.
//! - Validity windows (`validFrom`/`validUntil`, `issuanceDate`/`expirationDate`), including
//!   not-yet-valid, against a clock that can be overridden.
//! - Status: Bitstring Status List (revocation, suspension, refresh, message), StatusList2021
//!   and 1EdTech revocation lists, each list verified and decoded once per verifier
//!   ([`verify::status`]); the issuer's refresh service on request ([`verify::refresh`]).
//! - Trust: DCC issuer registries named by the caller, in priority order ([`verify::trust`]).
//! - One fetch cache ([`cache`]: memory or SQLite) honouring `Cache-Control`, a list's `ttl`
//!   and `validUntil`; offline, fresh entries are used and reported as from the cache.
//! - Batches on every core sharing one cache ([`Verifier::verify_many`]).
//! - The encrypted wallet backup file ([`backup`]): one passphrase-sealed, versioned file
//!   (Argon2id + XChaCha20-Poly1305, compressed); opening refuses wrong passphrases,
//!   truncated, tampered and hostile files with typed errors. The payload is the store's.
//! - A wallet ([`wallet::Wallet`]): badges in one SQLCipher-encrypted database keyed by the
//!   app's [`wallet::KeyStore`], stored byte for byte with their last report, tags and history
//!   of versions; list, full-text search, re-verify all (progress, cancel), activity log;
//!   backup to one sealed file and an atomic, duplicate-free merging restore.
//! - Presentations ([`present`]): the wallet's Ed25519 holder key (`did:key`), the verifier's
//!   request (fresh 128-bit challenge, domain, name, expiry), signed `eddsa-rdfc-2022`
//!   presentations (request-bound or one-way with a short lifetime), verified against the
//!   verifier's own request.
//! - QR transport ([`present`]): QR rendering (SVG / PNG) and reading (PNG / JPEG / camera
//!   frames), multi-frame QR for presentations too large for one code, and VPQR (`VP1-B` /
//!   `VP1-R`) as DCC's and Digital Bazaar's wallets write it.
//! - A report that is data: every check is valid / invalid / unknown (with a reason) /
//!   not applicable, with when and from where it was checked, and a summary derived from them.
//! - Micro-credential descriptors ([`descriptors`]): credits, workload, level, learning outcomes,
//!   assessment, participation, quality assurance, prerequisites, grade, stackability, each with
//!   its JSON path, and completeness against the JP guideline and EU Recommendation profiles
//!   (JSON files in `core/profiles/`), in [`CredentialInfo::descriptors`].
//! - Japanese and English for everything a person reads ([`l10n`], Fluent message files):
//!   [`Report::localized`] renders names, states, verdicts, the message of each check code,
//!   each warning (from its [`Message`] in [`Check::warning_messages`]) and descriptor labels;
//!   the report's data (codes, English reasons and warnings) is unchanged.
//!
//! ## Non-features (today)
//! - No fetching of JSON-LD contexts, ever; no writing of `VP1-R` (read only);
//!   no OpenID Federation registries;
//!   no JsonWebSignature2020, ECDSA Data Integrity or Merkle-proof (Blockcerts) suites: those
//!   proofs are reported as unknown, never as valid.
//! - No built-in issuer registry: trust is checked only against the DCC issuer registries the
//!   caller names (`VerifyOptions::registries`); with none, trust is "unknown: no registry".
//! - No issuing: the core verifies; it signs only presentations (the holder's) and, in tests
//!   and examples, credentials.
//! - No `unsafe` code, no panics on any input.
//!
//! ## Cargo features
//! - `http` (default): the reqwest/rustls [`resolve::HttpFetcher`].
//! - `sqlite` (default): the persistent [`cache::SqliteCache`] and the encrypted [`wallet`]
//!   (rusqlite with SQLCipher bundled, `bundled-sqlcipher`: links the system libcrypto, so
//!   host builds need OpenSSL headers, e.g. Debian `libssl-dev`).
//! - `uniffi`: UniFFI derives on the report types, for `akashi-ffi`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("akashi_core");

pub mod backup;
pub mod cache;
pub mod canon;
pub mod descriptors;
pub mod input;
pub mod l10n;
pub mod parse;
pub mod present;
pub mod report;
pub mod resolve;
pub mod verify;
#[cfg(feature = "sqlite")]
pub mod wallet;

pub use descriptors::{Descriptor, DescriptorId, DescriptorValue, Descriptors, ProfileResult};
pub use input::InputError;
pub use l10n::{Language, LocalizedReport};
pub use report::Association;
pub use report::{Check, CheckId, CheckSource, CheckStatus, CredentialInfo, Envelope, NestedReport, Relation, Report, Securing, Summary};
pub use report::{Message, MessageArg};
pub use verify::{OptionsError, Verifier, VerifyOptions};

/// The version of this crate, for "about" screens and bug reports.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
