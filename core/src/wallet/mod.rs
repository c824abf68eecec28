//! The learner's wallet: badges kept on the device in one encrypted SQLite database
//! (SQLCipher), with their original bytes, last verification report, tags, history and an
//! activity log.
//!
//! - **Encryption.** The whole file (and its `-wal`) is encrypted with a 32-byte key the app
//!   supplies through [`KeyStore`] (Android Keystore, iOS Keychain). The core applies it as a
//!   raw key (no KDF: it is already random) and never writes it anywhere. A wrong key is
//!   [`WalletError::WrongKey`]; a file that is not a wallet is [`WalletError::NotAWallet`];
//!   either way the file is not modified.
//! - **Schema.** `.sql` migrations (`wallet/migrations/`) applied by `PRAGMA user_version`,
//!   each in one transaction; an older wallet is migrated on open, a newer one refused
//!   ([`WalletError::TooNew`]). WAL journal; one writer (a mutex around the connection);
//!   every multi-step change is one transaction, so a failed call leaves the store as it was.
//!   The `badge` row holds only what lists and searches show; the original bytes and the
//!   last report live in `badge_blob` (schema 3), read by [`Wallet::get`], re-verification
//!   and backups. Indexes serve every [`SortBy`] order and [`ListFilter`] field.
//! - **Batches.** [`Wallet::import_many`] verifies on every core and writes one transaction
//!   per 500 badges, with the same outcome per badge as [`Wallet::import_bytes`] in order.
//! - **Badges.** Stored exactly as received (JSON, JWS text, baked PNG/SVG bytes, or a URL),
//!   verified on import; a badge that fails verification is kept and carries its summary
//!   state ([`Badge::state`]). Unreadable input is refused ([`WalletError::Input`]).
//! - **Same badge twice** (same issuer id and credential id; without both, the same bytes):
//!   never duplicated. A version with a later `validFrom` replaces the current one, which goes
//!   to history; an older or equally dated different version is *kept in history* (nothing a
//!   learner received is silently dropped) and the current one stays; identical bytes are a
//!   [`ImportOutcome::Duplicate`] (the fresh verification replaces the stored report).
//! - **Backup and restore.** [`Wallet::backup`] writes every badge (exact bytes, metadata,
//!   stored report, tags, history) and the whole activity log as a versioned CBOR payload
//!   ([`PAYLOAD_VERSION`]; `holder_keys` reserved) sealed with a passphrase by
//!   [`crate::backup`]. [`Wallet::restore`] opens and checks the whole file before touching the
//!   store, then merges it in one transaction with the import rules (no duplicate badges,
//!   versions kept in history, tags unioned, log entries not repeated); restoring the same file
//!   twice changes nothing. It does not re-verify: badges keep the stored reports (call
//!   [`Wallet::reverify_all`]). Wrong passphrase, truncated or tampered file, a newer payload:
//!   typed errors, store unchanged. Format details: `wallet/archive.rs`, `docs/backup-format.md`.
//! - **Crash safety.** An import that returned success survives a SIGKILL of the process; a
//!   restore killed midway leaves the wallet as before or fully restored
//!   (`tests/wallet_crash.rs`); [`Wallet::integrity_check`] runs SQLite's check.
//! - **Privacy.** Names, emails and every other badge field live only inside the encrypted
//!   database. Errors carry codes, never badge content.

mod archive;
mod display;
mod open;

pub use archive::{RestoreOutcome, PAYLOAD_FORMAT, PAYLOAD_VERSION};

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::input::{self, InputError};
use crate::report::{Envelope, Report, Securing, Summary};
use crate::verify::Verifier;

/// The length of the wallet key, in bytes (SQLCipher raw key: 256 bits).
pub const KEY_LEN: usize = 32;
/// The longest tag accepted, in characters.
pub const MAX_TAG_CHARS: usize = 64;

/// Supplies the wallet's encryption key. Implemented by the app over the platform's key store
/// (Android Keystore, iOS Keychain); exposed to Kotlin/Swift as a foreign trait. Called once
/// per [`Wallet::open`]; the core keeps the key only as long as SQLCipher needs it.
pub trait KeyStore: Send + Sync {
    /// The 32 random bytes that encrypt the wallet. The same bytes must come back on every
    /// call for the same wallet file.
    fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError>;
}

/// Why the app's [`KeyStore`] could not give the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyStoreError {
    /// The key exists but cannot be used now (device locked, user authentication cancelled).
    #[error("the wallet key is not available now")]
    Unavailable,
    /// There is no key (first run, or the key was deleted with the app's data).
    #[error("there is no wallet key")]
    NotFound,
    /// Any other failure of the platform key store (a fixed description, never the key).
    #[error("the key store failed: {reason}")]
    Failed {
        /// What failed.
        reason: String,
    },
}

/// Why a wallet operation failed. Never carries badge content or personal data; the store is
/// unchanged whenever an operation returns an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalletError {
    /// The key does not open this wallet (or the file is encrypted data of another kind). The
    /// file was not modified.
    #[error("the key does not open this wallet")]
    WrongKey,
    /// The file is not an Akashi wallet (plain SQLite, another app's database, or not a
    /// database at all). The file was not modified.
    #[error("the file is not an Akashi wallet")]
    NotAWallet,
    /// The wallet was written by a newer Akashi (schema `found`, this build knows up to
    /// `supported`). Update the app; the file was not modified.
    #[error("the wallet was written by a newer version of Akashi (schema {found}, this version reads up to {supported})")]
    TooNew {
        /// The wallet's schema version.
        found: i64,
        /// The newest schema this build knows.
        supported: i64,
    },
    /// The key store gave a key of the wrong length.
    #[error("the wallet key must be {KEY_LEN} bytes, the key store gave {len}")]
    BadKeyLength {
        /// The length it gave.
        len: usize,
    },
    /// The key store could not give the key.
    #[error(transparent)]
    KeyStore(#[from] KeyStoreError),
    /// This build of SQLite has no encryption (it must be SQLCipher): nothing was written.
    #[error("this build has no database encryption (SQLCipher)")]
    NoEncryption,
    /// The input cannot be read as a badge (not JSON, a JWS, a URL or a baked image; too
    /// large; a URL that cannot be fetched). Nothing was stored.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A file to import could not be read.
    #[error("the file cannot be read ({kind})")]
    File {
        /// The I/O error kind (e.g. `NotFound`, `PermissionDenied`).
        kind: String,
    },
    /// No badge has this id.
    #[error("no badge has id {id}")]
    NotFound {
        /// The id asked for.
        id: i64,
    },
    /// A tag must be 1 to [`MAX_TAG_CHARS`] characters, not blank, without control characters.
    #[error("a tag must be 1 to {MAX_TAG_CHARS} printable characters")]
    InvalidTag,
    /// The backup file could not be opened (wrong passphrase or tampered file, truncated, not
    /// a backup, an unsupported container) or sealed. The wallet was not changed.
    #[error(transparent)]
    Backup(#[from] crate::backup::BackupError),
    /// The backup's payload was written by a newer Akashi (payload version `found`, this build
    /// reads up to `supported`). Update the app; the wallet was not changed.
    #[error("the backup was written by a newer version of Akashi (payload {found}, this version reads up to {supported})")]
    BackupTooNew {
        /// The payload version in the backup.
        found: u32,
        /// The newest payload version this build reads.
        supported: u32,
    },
    /// The backup opened (passphrase and integrity fine) but its content is not a valid wallet
    /// payload (a faulty writer). The wallet was not changed.
    #[error("the backup content is not a valid wallet backup")]
    BackupCorrupt,
    /// The backup holds something this build cannot store (e.g. holder keys before they
    /// exist); refused rather than dropped. The wallet was not changed.
    #[error("the backup holds {what}, which this version of Akashi cannot restore")]
    BackupUnsupported {
        /// What (a fixed description).
        what: String,
    },
    /// The database failed (disk full, read-only, locked, corrupt): the SQLite error code only.
    #[error("the wallet database failed ({code})")]
    Storage {
        /// SQLite's error code name (e.g. `DiskFull`, `DatabaseCorrupt`), or a fixed description.
        code: String,
    },
}

/// Maps a database error to [`WalletError::Storage`] with the code only: SQLite messages can
/// quote input (an FTS query), and that must not reach logs.
pub(crate) fn db(e: rusqlite::Error) -> WalletError {
    let code = match &e {
        rusqlite::Error::SqliteFailure(f, _) => format!("{:?}", f.code),
        rusqlite::Error::QueryReturnedNoRows => "no rows".into(),
        rusqlite::Error::InvalidColumnType(..) | rusqlite::Error::FromSqlConversionFailure(..) => "unexpected column type".into(),
        _ => "sqlite".into(),
    };
    WalletError::Storage { code }
}

/// How a badge reached the wallet (recorded with it; the bytes are stored as given either way).
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportSource {
    /// Opened from a file.
    File,
    /// Pasted or scanned text (JSON, a JWT, a URL).
    Text,
    /// A URL the app fetched (the bytes it got) or the URL itself as text.
    Url,
    /// Bytes handed over by the app (a share intent, a download).
    Bytes,
}

impl ImportSource {
    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportSource::File => "file",
            ImportSource::Text => "text",
            ImportSource::Url => "url",
            ImportSource::Bytes => "bytes",
        }
    }

    fn parse(s: &str) -> ImportSource {
        match s {
            "file" => ImportSource::File,
            "text" => ImportSource::Text,
            "url" => ImportSource::Url,
            _ => ImportSource::Bytes,
        }
    }
}

/// What an import did.
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportOutcome {
    /// A new badge.
    Added {
        /// Its id.
        id: i64,
    },
    /// The same bytes were already in the wallet (current version or history): nothing
    /// added; if they are the current version, its report is replaced by the fresh one.
    Duplicate {
        /// The badge's id.
        id: i64,
    },
    /// A version with a later `validFrom` than the stored badge: it became the current
    /// version (same id, same tags); the previous one went to history.
    Replaced {
        /// The badge's id.
        id: i64,
    },
    /// A different version of a stored badge that is not newer (older or equal `validFrom`,
    /// or undated): kept in the badge's history, the current version unchanged.
    KeptAsHistory {
        /// The badge's id.
        id: i64,
    },
}

impl ImportOutcome {
    /// The id of the badge concerned.
    pub fn id(self) -> i64 {
        match self {
            ImportOutcome::Added { id }
            | ImportOutcome::Duplicate { id }
            | ImportOutcome::Replaced { id }
            | ImportOutcome::KeptAsHistory { id } => id,
        }
    }
}

/// One badge as a list shows it: the display summary and the state of its last verification.
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Badge {
    /// The wallet's id for it (stable, never reused).
    pub id: i64,
    /// The credential's name (or its achievement's / BadgeClass's).
    pub name: Option<String>,
    /// The description (the credential's, else its achievement's / BadgeClass's).
    pub description: Option<String>,
    /// The issuer's id.
    pub issuer_id: Option<String>,
    /// The issuer's name, as the credential states it.
    pub issuer_name: Option<String>,
    /// The badge image's `http(s)` URL, if it has one (embedded `data:` images stay in the
    /// original bytes only).
    pub image_url: Option<String>,
    /// The credential's id.
    pub credential_id: Option<String>,
    /// `validFrom` / `issuanceDate` / `issuedOn`, as written.
    pub valid_from: Option<String>,
    /// `validUntil` / `expirationDate` / `expires`, as written.
    pub valid_until: Option<String>,
    /// The summary of the last verification: a badge that failed is kept and shows it here.
    pub state: Summary,
    /// When it was last verified (RFC 3339).
    pub verified_at: String,
    /// How the input was wrapped.
    pub envelope: Envelope,
    /// How it is secured.
    pub securing: Securing,
    /// Its tags, sorted.
    pub tags: Vec<String>,
    /// When the current version was imported (RFC 3339).
    pub imported_at: String,
    /// How the current version was imported.
    pub source: ImportSource,
}

/// One badge with everything the wallet keeps about it.
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadgeDetail {
    /// The display summary.
    pub badge: Badge,
    /// The bytes exactly as received.
    pub original: Vec<u8>,
    /// The last verification report (`None` only if it was written by an incompatible build;
    /// [`Wallet::reverify`] replaces it).
    pub report: Option<Report>,
    /// Earlier or other versions, newest first.
    pub history: Vec<HistoryEntry>,
}

/// Why a version is in a badge's history.
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryReason {
    /// It was the current version until a newer one was imported.
    Replaced,
    /// It was imported while a newer (or equally dated) version was current.
    Older,
}

/// A version of a badge that is not the current one.
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// The history row's id.
    pub id: i64,
    /// The bytes exactly as received.
    pub original: Vec<u8>,
    /// How they were wrapped.
    pub envelope: Envelope,
    /// How they are secured.
    pub securing: Securing,
    /// Their `validFrom`, as written.
    pub valid_from: Option<String>,
    /// The summary of their last verification.
    pub state: Summary,
    /// Their last verification report.
    pub report: Option<Report>,
    /// When they were last verified (RFC 3339).
    pub verified_at: String,
    /// When they were imported (RFC 3339).
    pub imported_at: String,
    /// How they were imported.
    pub source: ImportSource,
    /// When they went to history (RFC 3339).
    pub archived_at: String,
    /// Why they are in history.
    pub reason: HistoryReason,
}

/// The order of [`Wallet::list`].
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Issue date (`validFrom`), newest first; undated badges last.
    #[default]
    Date,
    /// Issuer name (else id), A–Z, case-insensitive; then name.
    Issuer,
    /// Badge name, A–Z, case-insensitive.
    Name,
}

/// What [`Wallet::list`] keeps; every field that is set must match.
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListFilter {
    /// Only badges whose last verification had this summary.
    pub state: Option<Summary>,
    /// Only badges from this issuer id.
    pub issuer_id: Option<String>,
    /// Only badges with this tag.
    pub tag: Option<String>,
}

/// The outcome of [`Wallet::reverify_all`].
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReverifyOutcome {
    /// Badges in the wallet when it started.
    pub total: u64,
    /// Badges re-verified (their reports replaced).
    pub done: u64,
    /// Badges whose stored input could no longer be read (e.g. a URL that cannot be fetched
    /// now): their previous report is kept.
    pub failed: u64,
    /// The progress callback asked to stop.
    pub cancelled: bool,
}

/// What an activity-log entry records.
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogAction {
    /// A new badge was imported.
    Import,
    /// A newer version replaced a badge.
    Replace,
    /// An older or other version went to a badge's history.
    History,
    /// Bytes already in the wallet were imported again.
    Duplicate,
    /// A badge was verified again.
    Verify,
    /// A tag was added.
    Tag,
    /// A tag was removed.
    Untag,
    /// A badge was deleted.
    Delete,
    /// A badge was shown to a verifier (presentations: a later part).
    Present,
    /// A backup of the whole wallet was made (no badge; detail: the number of badges).
    Backup,
    /// A badge was added or merged by a restore (detail: `added` or `merged`).
    Restore,
}

impl LogAction {
    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            LogAction::Import => "import",
            LogAction::Replace => "replace",
            LogAction::History => "history",
            LogAction::Duplicate => "duplicate",
            LogAction::Verify => "verify",
            LogAction::Tag => "tag",
            LogAction::Untag => "untag",
            LogAction::Delete => "delete",
            LogAction::Present => "present",
            LogAction::Backup => "backup",
            LogAction::Restore => "restore",
        }
    }

    fn parse(s: &str) -> Option<LogAction> {
        [
            LogAction::Import,
            LogAction::Replace,
            LogAction::History,
            LogAction::Duplicate,
            LogAction::Verify,
            LogAction::Tag,
            LogAction::Untag,
            LogAction::Delete,
            LogAction::Present,
            LogAction::Backup,
            LogAction::Restore,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One activity-log entry: what happened, when, to which badge, and to whom it was shown.
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// The entry's id (increasing).
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// What.
    pub action: LogAction,
    /// The badge concerned (it may since have been deleted).
    pub badge_id: Option<i64>,
    /// The badge's name at the time.
    pub label: Option<String>,
    /// Details: the summary state after an import or verification, the tag, the reason.
    pub detail: Option<String>,
    /// Presentations: to whom (`None` until presentations exist).
    pub to_whom: Option<String>,
}

/// An open wallet. Share it between threads (`Arc<Wallet>`): writes are serialised.
pub struct Wallet {
    conn: Mutex<Connection>,
    verifier: Verifier,
}

impl std::fmt::Debug for Wallet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wallet").finish_non_exhaustive()
    }
}

/// The newest schema this build knows (the number of migration files).
pub const SCHEMA_VERSION: i64 = open::MIGRATIONS.len() as i64;

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A Unix time for a date as credentials write them (RFC 3339, a date-time without zone, a
/// date, or OB 2.0's Unix seconds), for ordering versions. `None` when unreadable.
fn date_ts(s: &str) -> Option<i64> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.timestamp());
    }
    if let Ok(d) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(d.and_utc().timestamp());
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|d| d.and_utc().timestamp());
    }
    s.parse::<i64>().ok()
}

fn enum_from_str<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, WalletError> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| WalletError::Storage { code: "unknown stored value".into() })
}

/// What an import will store, computed before the database is touched.
struct Incoming {
    sha: Vec<u8>,
    envelope: Envelope,
    securing: Securing,
    issuer_id: Option<String>,
    credential_id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    issuer_name: Option<String>,
    image_url: Option<String>,
    valid_from: Option<String>,
    valid_from_ts: Option<i64>,
    valid_until: Option<String>,
    report_json: String,
    state: Summary,
    verified_at: String,
}

/// What an import of `bytes` will store, from its report and display fields.
fn incoming(bytes: &[u8], report: Report, shown: display::Display) -> Result<Incoming, WalletError> {
    let c = &report.credential;
    let nonblank = |s: &Option<String>| s.as_ref().filter(|s| !s.trim().is_empty()).cloned();
    let report_json = serde_json::to_string(&report).map_err(|_| WalletError::Storage { code: "report serialisation".into() })?;
    Ok(Incoming {
        sha: Sha256::digest(bytes).to_vec(),
        envelope: report.envelope,
        securing: report.securing,
        issuer_id: nonblank(&c.issuer_id),
        credential_id: nonblank(&c.id),
        name: c.name.clone(),
        description: shown.description,
        issuer_name: c.issuer_name.clone(),
        image_url: shown.image_url,
        valid_from: c.valid_from.clone(),
        valid_from_ts: c.valid_from.as_deref().and_then(date_ts),
        valid_until: c.valid_until.clone(),
        report_json,
        state: report.summary,
        verified_at: report.verified_at.clone(),
    })
}

/// `LIMIT` / `OFFSET` of a page query, as SQLite integers (`-1` = no limit).
struct Page {
    offset: i64,
    limit: i64,
}

impl Page {
    fn new(offset: u64, limit: u64) -> Page {
        Page { offset: i64::try_from(offset).unwrap_or(i64::MAX), limit: i64::try_from(limit).unwrap_or(i64::MAX) }
    }
}

/// How many badges [`Wallet::import_many`] writes per transaction.
const IMPORT_BATCH: usize = 500;

const BADGE_COLUMNS: &str = "id, name, description, issuer_id, issuer_name, image_url, credential_id, valid_from, valid_until, summary, verified_at, envelope, securing, imported_at, import_source";

impl Wallet {
    /// Opens the wallet at `path` with the key from `keys`, creating it (encrypted) if the file
    /// does not exist or is empty, and migrating an older schema. `verifier` verifies imports
    /// and re-verifications (its options: offline, registries, cache).
    ///
    /// Errors: [`WalletError::WrongKey`], [`WalletError::NotAWallet`], [`WalletError::TooNew`],
    /// [`WalletError::BadKeyLength`], [`WalletError::KeyStore`]; the file is untouched.
    pub fn open(path: &Path, keys: &dyn KeyStore, verifier: Verifier) -> Result<Wallet, WalletError> {
        let conn = open::open(path, keys)?;
        Ok(Wallet { conn: Mutex::new(conn), verifier })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled its transaction back: the data is consistent.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The verifier imports and re-verifications use.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Imports one badge given as bytes (credential JSON, OB 2.0 assertion, VC-JWT, baked PNG
    /// or SVG, or an `https://` URL as text, which is then what is stored). It is verified
    /// first; a badge that fails verification is still stored, with its summary state.
    /// Unreadable input is [`WalletError::Input`] and nothing is stored.
    pub fn import_bytes(&self, bytes: &[u8], source: ImportSource) -> Result<ImportOutcome, WalletError> {
        let incoming = self.prepare(bytes)?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(db)?;
        let outcome = store_incoming(&tx, bytes, &incoming, source)?;
        tx.commit().map_err(db)?;
        Ok(outcome)
    }

    /// Imports many badges (a career centre's batch, a folder): the result for `inputs[i]` is
    /// at `i`, each exactly what [`Wallet::import_bytes`] would return for it in that order (a
    /// badge given twice in the batch is a duplicate the second time; an unreadable input gets
    /// its own error and the others are still imported). Verification runs on every core
    /// ([`Verifier::verify_many`]); the writes go in one transaction per 500 badges. If a transaction cannot be committed, every badge of it gets the error and none
    /// of them is stored.
    pub fn import_many(&self, inputs: &[(Vec<u8>, ImportSource)]) -> Vec<Result<ImportOutcome, WalletError>> {
        let mut out = Vec::with_capacity(inputs.len());
        for chunk in inputs.chunks(IMPORT_BATCH) {
            let bytes: Vec<&[u8]> = chunk.iter().map(|(b, _)| b.as_slice()).collect();
            // Verify without holding the lock: it may wait on the network.
            let reports = self.verifier.verify_many(&bytes);
            let prepared: Vec<Result<Incoming, WalletError>> = chunk
                .iter()
                .zip(reports)
                .map(|((b, _), report)| {
                    let report = report?;
                    let shown = display::Display::of(&input::detect(b)?.payload);
                    incoming(b, report, shown)
                })
                .collect();
            out.extend(self.store_batch(chunk, prepared));
        }
        out
    }

    /// Writes a verified batch in one transaction, each badge in its own savepoint (a failed
    /// one leaves no trace, the others stay).
    fn store_batch(
        &self,
        chunk: &[(Vec<u8>, ImportSource)],
        prepared: Vec<Result<Incoming, WalletError>>,
    ) -> Vec<Result<ImportOutcome, WalletError>> {
        let mut conn = self.conn();
        let mut tx = match conn.transaction() {
            Ok(tx) => tx,
            Err(e) => {
                let e = db(e);
                return chunk.iter().map(|_| Err(e.clone())).collect();
            }
        };
        let mut results = Vec::with_capacity(chunk.len());
        for ((bytes, source), inc) in chunk.iter().zip(prepared) {
            let r = inc.and_then(|inc| {
                let sp = tx.savepoint().map_err(db)?;
                let outcome = store_incoming(&sp, bytes, &inc, *source)?;
                sp.commit().map_err(db)?;
                Ok(outcome)
            });
            results.push(r);
        }
        match tx.commit() {
            Ok(()) => results,
            Err(e) => {
                let e = db(e);
                results.into_iter().map(|r| r.and(Err(e.clone()))).collect()
            }
        }
    }

    /// Imports text (pasted JSON, a JWT, a URL): [`Wallet::import_bytes`] with
    /// [`ImportSource::Text`].
    pub fn import_text(&self, text: &str) -> Result<ImportOutcome, WalletError> {
        self.import_bytes(text.as_bytes(), ImportSource::Text)
    }

    /// Imports a file (JSON, JWT, baked PNG or SVG): its bytes, [`ImportSource::File`]. A file
    /// larger than [`input::MAX_INPUT_BYTES`] is refused before it is read.
    pub fn import_file(&self, path: &Path) -> Result<ImportOutcome, WalletError> {
        let io = |e: std::io::Error| WalletError::File { kind: format!("{:?}", e.kind()) };
        let len = std::fs::metadata(path).map_err(io)?.len();
        if len > input::MAX_INPUT_BYTES as u64 {
            return Err(InputError::TooLarge { limit_bytes: input::MAX_INPUT_BYTES as u64 }.into());
        }
        let bytes = std::fs::read(path).map_err(io)?;
        self.import_bytes(&bytes, ImportSource::File)
    }

    /// Reads and verifies `bytes` (no database access: verification may use the network).
    fn prepare(&self, bytes: &[u8]) -> Result<Incoming, WalletError> {
        let detected = input::detect(bytes)?;
        let shown = display::Display::of(&detected.payload);
        let report = self.verifier.verify_detected(detected)?;
        incoming(bytes, report, shown)
    }
    /// The number of badges (current versions).
    pub fn count(&self) -> Result<u64, WalletError> {
        let n: i64 = self.conn().query_row("SELECT count(*) FROM badge", [], |r| r.get(0)).map_err(db)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The badges matching `filter`, in `sort` order (all of them: see [`Wallet::list_page`]
    /// for what a scrolling list shows).
    pub fn list(&self, sort: SortBy, filter: &ListFilter) -> Result<Vec<Badge>, WalletError> {
        self.list_rows(sort, filter, None)
    }

    /// One page of [`Wallet::list`]: the badges at positions `offset .. offset + limit` of the
    /// same order. What an app's lazily loaded list asks for as the learner scrolls: the order
    /// index is walked only as far as the page, so a page costs the same in a wallet of ten
    /// badges or ten thousand. Use [`Wallet::count`] (or the end of the pages) for the total.
    pub fn list_page(&self, sort: SortBy, filter: &ListFilter, offset: u64, limit: u64) -> Result<Vec<Badge>, WalletError> {
        self.list_rows(sort, filter, Some(Page::new(offset, limit)))
    }

    fn list_rows(&self, sort: SortBy, filter: &ListFilter, page: Option<Page>) -> Result<Vec<Badge>, WalletError> {
        let order = match sort {
            // NULLs sort lowest: last in a descending order (index badge_order_date).
            SortBy::Date => "valid_from_ts DESC, id DESC",
            SortBy::Issuer => {
                "coalesce(issuer_name, issuer_id) IS NULL, coalesce(issuer_name, issuer_id) COLLATE NOCASE, name COLLATE NOCASE, id"
            }
            SortBy::Name => "name IS NULL, name COLLATE NOCASE, id",
        };
        // Only the filters that are set, so the planner can use their indexes.
        let mut conds = Vec::new();
        let mut args: Vec<&dyn rusqlite::ToSql> = Vec::new();
        let state = filter.state.map(Summary::as_str);
        if let Some(s) = &state {
            args.push(s);
            conds.push(format!("summary = ?{}", args.len()));
        }
        if let Some(i) = &filter.issuer_id {
            args.push(i);
            conds.push(format!("issuer_id = ?{}", args.len()));
        }
        if let Some(t) = &filter.tag {
            args.push(t);
            conds.push(format!("id IN (SELECT badge_id FROM badge_tag WHERE tag = ?{})", args.len()));
        }
        let wher = if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) };
        let limit = page.as_ref().map(|p| {
            args.push(&p.limit);
            args.push(&p.offset);
            format!(" LIMIT ?{} OFFSET ?{}", args.len() - 1, args.len())
        });
        let sql = format!("SELECT {BADGE_COLUMNS} FROM badge {wher} ORDER BY {order}{}", limit.unwrap_or_default());
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&sql).map_err(db)?;
        let rows = stmt.query_map(args.as_slice(), badge_row).map_err(db)?.collect::<Result<Vec<_>, _>>().map_err(db)?;
        finish_rows(&conn, rows)
    }

    /// Full-text search over name, description, issuer name and tags (FTS5, prefix match on
    /// every word; all words must match), best match first. Words are split on anything that
    /// is not a letter or digit; no query syntax is interpreted. Note: the `unicode61`
    /// tokenizer does not segment CJK text, so a Japanese query matches from the start of a
    /// run of CJK characters only.
    pub fn search(&self, text: &str) -> Result<Vec<Badge>, WalletError> {
        self.search_rows(text, None)
    }

    /// One page of [`Wallet::search`] (positions `offset .. offset + limit` of its order): the
    /// results a screen shows, without reading every matching badge.
    pub fn search_page(&self, text: &str, offset: u64, limit: u64) -> Result<Vec<Badge>, WalletError> {
        self.search_rows(text, Some(Page::new(offset, limit)))
    }

    fn search_rows(&self, text: &str, page: Option<Page>) -> Result<Vec<Badge>, WalletError> {
        let words: Vec<String> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(16).map(|w| format!("\"{w}\"*")).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let query = words.join(" ");
        let page = page.unwrap_or(Page { offset: 0, limit: -1 });
        let conn = self.conn();
        // Rank and page inside the FTS index first; only the page's rows are read from `badge`.
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {} FROM (SELECT rowid AS id, rank FROM badge_fts WHERE badge_fts MATCH ?1 ORDER BY rank, rowid LIMIT ?2 OFFSET ?3) f \
                 JOIN badge b ON b.id = f.id ORDER BY f.rank, f.id",
                BADGE_COLUMNS.split(", ").map(|c| format!("b.{c}")).collect::<Vec<_>>().join(", ")
            ))
            .map_err(db)?;
        let rows =
            stmt.query_map(params![query, page.limit, page.offset], badge_row).map_err(db)?.collect::<Result<Vec<_>, _>>().map_err(db)?;
        finish_rows(&conn, rows)
    }

    /// One badge with its original bytes, last report and history.
    pub fn get(&self, id: i64) -> Result<BadgeDetail, WalletError> {
        let conn = self.conn();
        let row = conn
            .query_row(
                &format!(
                    "SELECT {BADGE_COLUMNS}, x.original, x.report_json FROM badge JOIN badge_blob x ON x.badge_id = badge.id WHERE id = ?1"
                ),
                params![id],
                |r| Ok((badge_row(r)?, r.get::<_, Vec<u8>>(15)?, r.get::<_, String>(16)?)),
            )
            .optional()
            .map_err(db)?;
        let Some((row, original, report_json)) = row else {
            return Err(WalletError::NotFound { id });
        };
        let mut badge = row.finish()?;
        badge.tags = tags_of(&conn, id)?;
        let mut stmt = conn
            .prepare(
                "SELECT id, original, envelope, securing, valid_from, summary, report_json, verified_at, imported_at, import_source, archived_at, reason
                 FROM badge_history WHERE badge_id = ?1 ORDER BY id DESC",
            )
            .map_err(db)?;
        let raw = stmt
            .query_map(params![id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    [r.get::<_, String>(2)?, r.get::<_, String>(3)?],
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    [
                        r.get::<_, String>(7)?,
                        r.get::<_, String>(8)?,
                        r.get::<_, String>(9)?,
                        r.get::<_, String>(10)?,
                        r.get::<_, String>(11)?,
                    ],
                ))
            })
            .map_err(db)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(db)?;
        let mut history = Vec::with_capacity(raw.len());
        for (
            hid,
            original,
            [envelope, securing],
            valid_from,
            state,
            report_json,
            [verified_at, imported_at, source, archived_at, reason],
        ) in raw
        {
            history.push(HistoryEntry {
                id: hid,
                original,
                envelope: enum_from_str(&envelope)?,
                securing: enum_from_str(&securing)?,
                valid_from,
                state: enum_from_str(&state)?,
                report: serde_json::from_str(&report_json).ok(),
                verified_at,
                imported_at,
                source: ImportSource::parse(&source),
                archived_at,
                reason: if reason == "replaced" { HistoryReason::Replaced } else { HistoryReason::Older },
            });
        }
        Ok(BadgeDetail { badge, original, report: serde_json::from_str(&report_json).ok(), history })
    }

    /// Adds `tag` (trimmed) to a badge; adding a tag it already has changes nothing.
    pub fn tag(&self, id: i64, tag: &str) -> Result<(), WalletError> {
        let tag = check_tag(tag)?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(db)?;
        let label = label_of(&tx, id)?;
        let added = tx.execute("INSERT OR IGNORE INTO badge_tag (badge_id, tag) VALUES (?1, ?2)", params![id, tag]).map_err(db)?;
        if added > 0 {
            refresh_fts(&tx, id)?;
            log(&tx, LogAction::Tag, Some(id), label.as_deref(), Some(tag))?;
        }
        tx.commit().map_err(db)
    }

    /// Removes `tag` (trimmed) from a badge; removing a tag it does not have changes nothing.
    pub fn untag(&self, id: i64, tag: &str) -> Result<(), WalletError> {
        let tag = check_tag(tag)?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(db)?;
        let label = label_of(&tx, id)?;
        let removed = tx.execute("DELETE FROM badge_tag WHERE badge_id = ?1 AND tag = ?2", params![id, tag]).map_err(db)?;
        if removed > 0 {
            refresh_fts(&tx, id)?;
            log(&tx, LogAction::Untag, Some(id), label.as_deref(), Some(tag))?;
        }
        tx.commit().map_err(db)
    }

    /// All tags in use, sorted.
    pub fn tags(&self) -> Result<Vec<String>, WalletError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT DISTINCT tag FROM badge_tag ORDER BY tag").map_err(db)?;
        let tags = stmt.query_map([], |r| r.get(0)).map_err(db)?.collect::<Result<Vec<String>, _>>().map_err(db);
        tags
    }

    /// Deletes a badge with its tags and history (the deletion is logged).
    pub fn delete(&self, id: i64) -> Result<(), WalletError> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(db)?;
        let label = label_of(&tx, id)?;
        tx.execute("DELETE FROM badge_fts WHERE rowid = ?1", params![id]).map_err(db)?;
        tx.execute("DELETE FROM badge WHERE id = ?1", params![id]).map_err(db)?;
        log(&tx, LogAction::Delete, Some(id), label.as_deref(), None)?;
        tx.commit().map_err(db)
    }

    /// Verifies one stored badge again (its current version) and stores the new report.
    /// Returns the new summary state.
    pub fn reverify(&self, id: i64) -> Result<Summary, WalletError> {
        let original: Option<Vec<u8>> = self
            .conn()
            .query_row("SELECT original FROM badge_blob WHERE badge_id = ?1", params![id], |r| r.get(0))
            .optional()
            .map_err(db)?;
        let Some(original) = original else {
            return Err(WalletError::NotFound { id });
        };
        // Verify without holding the lock: it may wait on the network.
        let report = self.verifier.verify(&original)?;
        let report_json = serde_json::to_string(&report).map_err(|_| WalletError::Storage { code: "report serialisation".into() })?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(db)?;
        // The badge may have been deleted or replaced meanwhile: update only that version.
        let n = tx
            .execute("UPDATE badge_blob SET report_json = ?2 WHERE badge_id = ?1 AND original = ?3", params![id, report_json, original])
            .map_err(db)?;
        if n > 0 {
            tx.execute(
                "UPDATE badge SET summary = ?2, verified_at = ?3 WHERE id = ?1",
                params![id, report.summary.as_str(), report.verified_at],
            )
            .map_err(db)?;
            let label = label_of(&tx, id)?;
            log(&tx, LogAction::Verify, Some(id), label.as_deref(), Some(report.summary.as_str()))?;
        }
        tx.commit().map_err(db)?;
        Ok(report.summary)
    }

    /// Verifies every badge again (a status list may have revoked one, a badge may have
    /// expired). `progress(done, total)` is called before the first badge and after each one;
    /// returning `false` stops (badges already done keep their new reports). A badge whose
    /// input can no longer be read keeps its previous report and counts as `failed`.
    pub fn reverify_all(&self, progress: &dyn Fn(u64, u64) -> bool) -> Result<ReverifyOutcome, WalletError> {
        let ids: Vec<i64> = {
            let conn = self.conn();
            let mut stmt = conn.prepare("SELECT id FROM badge ORDER BY id").map_err(db)?;
            let ids = stmt.query_map([], |r| r.get(0)).map_err(db)?.collect::<Result<Vec<i64>, _>>().map_err(db)?;
            ids
        };
        let total = ids.len() as u64;
        let mut out = ReverifyOutcome { total, done: 0, failed: 0, cancelled: false };
        if !progress(0, total) {
            out.cancelled = true;
            return Ok(out);
        }
        for (i, id) in ids.into_iter().enumerate() {
            match self.reverify(id) {
                Ok(_) => out.done += 1,
                // Deleted meanwhile: nothing to do.
                Err(WalletError::NotFound { .. }) => {}
                Err(WalletError::Input(_)) => out.failed += 1,
                Err(e) => return Err(e),
            }
            if !progress(i as u64 + 1, total) {
                out.cancelled = (i as u64 + 1) < total;
                break;
            }
        }
        Ok(out)
    }

    /// The activity log, oldest first (export it with serde).
    pub fn log(&self) -> Result<Vec<LogEntry>, WalletError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT id, at, action, badge_id, label, detail, to_whom FROM activity_log ORDER BY id").map_err(db)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .map_err(db)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(db)?;
        rows.into_iter()
            .map(|(id, at, action, badge_id, label, detail, to_whom)| {
                let action = LogAction::parse(&action).ok_or(WalletError::Storage { code: "unknown log action".into() })?;
                Ok(LogEntry { id, at, action, badge_id, label, detail, to_whom })
            })
            .collect()
    }
}

/// A badge row before its tags are loaded.
struct BadgeRow {
    badge: Badge,
    state: String,
    envelope: String,
    securing: String,
    source: String,
}

fn badge_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BadgeRow> {
    Ok(BadgeRow {
        badge: Badge {
            id: r.get(0)?,
            name: r.get(1)?,
            description: r.get(2)?,
            issuer_id: r.get(3)?,
            issuer_name: r.get(4)?,
            image_url: r.get(5)?,
            credential_id: r.get(6)?,
            valid_from: r.get(7)?,
            valid_until: r.get(8)?,
            state: Summary::NotVerified,
            verified_at: r.get(10)?,
            envelope: Envelope::Json,
            securing: Securing::Unknown,
            tags: Vec::new(),
            imported_at: r.get(13)?,
            source: ImportSource::Bytes,
        },
        state: r.get(9)?,
        envelope: r.get(11)?,
        securing: r.get(12)?,
        source: r.get(14)?,
    })
}

impl BadgeRow {
    /// The badge without its tags.
    fn finish(self) -> Result<Badge, WalletError> {
        let mut b = self.badge;
        b.state = enum_from_str(&self.state)?;
        b.envelope = enum_from_str(&self.envelope)?;
        b.securing = enum_from_str(&self.securing)?;
        b.source = ImportSource::parse(&self.source);
        Ok(b)
    }
}

/// The badges of `rows` with their tags, read with one query (not one per badge).
fn finish_rows(conn: &Connection, rows: Vec<BadgeRow>) -> Result<Vec<Badge>, WalletError> {
    // The stored enum names repeat: parse each distinct one once.
    fn cached<T: Copy + serde::de::DeserializeOwned>(memo: &mut Vec<(String, T)>, s: String) -> Result<T, WalletError> {
        if let Some((_, v)) = memo.iter().find(|(k, _)| *k == s) {
            return Ok(*v);
        }
        let v = enum_from_str(&s)?;
        memo.push((s, v));
        Ok(v)
    }
    let (mut states, mut envelopes, mut securings) = (Vec::new(), Vec::new(), Vec::new());
    let mut badges = Vec::with_capacity(rows.len());
    for row in rows {
        let mut b = row.badge;
        b.state = cached(&mut states, row.state)?;
        b.envelope = cached(&mut envelopes, row.envelope)?;
        b.securing = cached(&mut securings, row.securing)?;
        b.source = ImportSource::parse(&row.source);
        badges.push(b);
    }
    if badges.is_empty() {
        return Ok(badges);
    }
    let pos: std::collections::HashMap<i64, usize> = badges.iter().enumerate().map(|(i, b)| (b.id, i)).collect();
    // Few badges: look their tags up by id; many: one scan of the (small) tag table.
    let (sql, ids) = if badges.len() <= 256 {
        let ids = serde_json::to_string(&badges.iter().map(|b| b.id).collect::<Vec<_>>())
            .map_err(|_| WalletError::Storage { code: "ids".into() })?;
        ("SELECT badge_id, tag FROM badge_tag WHERE badge_id IN (SELECT value FROM json_each(?1)) ORDER BY badge_id, tag", Some(ids))
    } else {
        ("SELECT badge_id, tag FROM badge_tag WHERE ?1 IS NULL ORDER BY badge_id, tag", None)
    };
    let mut stmt = conn.prepare_cached(sql).map_err(db)?;
    let mut q = stmt.query(params![ids]).map_err(db)?;
    while let Some(r) = q.next().map_err(db)? {
        let id: i64 = r.get(0).map_err(db)?;
        if let Some(&i) = pos.get(&id) {
            badges[i].tags.push(r.get(1).map_err(db)?);
        }
    }
    Ok(badges)
}

fn tags_of(conn: &Connection, id: i64) -> Result<Vec<String>, WalletError> {
    let mut stmt = conn.prepare_cached("SELECT tag FROM badge_tag WHERE badge_id = ?1 ORDER BY tag").map_err(db)?;
    let tags = stmt.query_map(params![id], |r| r.get(0)).map_err(db)?.collect::<Result<Vec<String>, _>>().map_err(db);
    tags
}

fn check_tag(tag: &str) -> Result<&str, WalletError> {
    let t = tag.trim();
    if t.is_empty() || t.chars().count() > MAX_TAG_CHARS || t.chars().any(char::is_control) {
        return Err(WalletError::InvalidTag);
    }
    Ok(t)
}

/// The badge's name, or `NotFound`.
fn label_of(tx: &Connection, id: i64) -> Result<Option<String>, WalletError> {
    tx.query_row("SELECT name FROM badge WHERE id = ?1", params![id], |r| r.get::<_, Option<String>>(0))
        .optional()
        .map_err(db)?
        .ok_or(WalletError::NotFound { id })
}

fn log(tx: &Connection, action: LogAction, badge_id: Option<i64>, label: Option<&str>, detail: Option<&str>) -> Result<(), WalletError> {
    tx.execute(
        "INSERT INTO activity_log (at, action, badge_id, label, detail, to_whom) VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
        params![now_rfc3339(), action.as_str(), badge_id, label, detail],
    )
    .map_err(db)?;
    Ok(())
}

/// Rewrites the badge's full-text row from its current columns and tags.
fn refresh_fts(tx: &Connection, id: i64) -> Result<(), WalletError> {
    let tags = tags_of(tx, id)?.join(" ");
    tx.execute("DELETE FROM badge_fts WHERE rowid = ?1", params![id]).map_err(db)?;
    tx.execute(
        "INSERT INTO badge_fts (rowid, name, description, issuer_name, tags)
         SELECT id, coalesce(name, ''), coalesce(description, ''), coalesce(issuer_name, ''), ?2 FROM badge WHERE id = ?1",
        params![id, tags],
    )
    .map_err(db)?;
    Ok(())
}

/// The stored version a new one is compared with: id, content hash, `validFrom` time, name.
pub(super) type CurrentRow = (i64, Vec<u8>, Option<i64>, Option<String>);

/// One version of a badge as the store writes it (the current row in `badge` + `badge_blob`,
/// or a history entry). Import and restore both write through the functions below, so a badge
/// is identified, replaced and archived by the same rules whichever way it arrived.
pub(super) struct Version<'a> {
    pub sha: &'a [u8],
    pub original: &'a [u8],
    pub envelope: &'a str,
    pub securing: &'a str,
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
    pub issuer_name: Option<&'a str>,
    pub image_url: Option<&'a str>,
    pub valid_from: Option<&'a str>,
    pub valid_from_ts: Option<i64>,
    pub valid_until: Option<&'a str>,
    pub report_json: &'a str,
    pub summary: &'a str,
    pub verified_at: &'a str,
    pub imported_at: &'a str,
    pub import_source: &'a str,
}

/// The stored badge a version is a version of: same (issuer id, credential id); without both,
/// only the same bytes identify a badge.
pub(super) fn find_current(
    tx: &Connection,
    issuer_id: Option<&str>,
    credential_id: Option<&str>,
    sha: &[u8],
) -> Result<Option<CurrentRow>, WalletError> {
    let row = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
    match (issuer_id, credential_id) {
        (Some(iss), Some(cid)) => tx
            .query_row("SELECT id, content_sha256, valid_from_ts, name FROM badge WHERE issuer_id = ?1 AND credential_id = ?2", params![iss, cid], row)
            .optional()
            .map_err(db),
        _ => tx
            .query_row(
                "SELECT id, content_sha256, valid_from_ts, name FROM badge WHERE content_sha256 = ?1 AND (issuer_id IS NULL OR credential_id IS NULL) ORDER BY id LIMIT 1",
                params![sha],
                row,
            )
            .optional()
            .map_err(db),
    }
}

/// Stores `v` as a new badge (row and blob; no tags, no full-text row yet) and gives its id.
pub(super) fn insert_badge(
    tx: &Connection,
    issuer_id: Option<&str>,
    credential_id: Option<&str>,
    v: &Version<'_>,
) -> Result<i64, WalletError> {
    tx.execute(
        "INSERT INTO badge (issuer_id, credential_id, content_sha256, envelope, securing, name, description, issuer_name,
             image_url, valid_from, valid_from_ts, valid_until, summary, verified_at, imported_at, import_source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            issuer_id,
            credential_id,
            v.sha,
            v.envelope,
            v.securing,
            v.name,
            v.description,
            v.issuer_name,
            v.image_url,
            v.valid_from,
            v.valid_from_ts,
            v.valid_until,
            v.summary,
            v.verified_at,
            v.imported_at,
            v.import_source
        ],
    )
    .map_err(db)?;
    let id = tx.last_insert_rowid();
    tx.execute("INSERT INTO badge_blob (badge_id, original, report_json) VALUES (?1, ?2, ?3)", params![id, v.original, v.report_json])
        .map_err(db)?;
    Ok(id)
}

/// Whether a version dated `new` replaces one dated `old`: a dated version beats an undated
/// one; otherwise strictly later `validFrom` wins.
pub(super) fn is_newer(new: Option<i64>, old: Option<i64>) -> bool {
    match (new, old) {
        (Some(new), Some(old)) => new > old,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The current version of badge `id` moves to its history ("replaced", at `now`) and `v`
/// takes its place (the caller refreshes the full-text row).
pub(super) fn replace_current(tx: &Connection, id: i64, v: &Version<'_>, now: &str) -> Result<(), WalletError> {
    tx.execute(
        "INSERT INTO badge_history (badge_id, content_sha256, original, envelope, securing, valid_from, report_json, summary,
             verified_at, imported_at, import_source, archived_at, reason)
         SELECT id, content_sha256, x.original, envelope, securing, valid_from, x.report_json, summary, verified_at, imported_at,
             import_source, ?2, 'replaced' FROM badge JOIN badge_blob x ON x.badge_id = badge.id WHERE id = ?1",
        params![id, now],
    )
    .map_err(db)?;
    tx.execute(
        "UPDATE badge SET content_sha256 = ?2, envelope = ?3, securing = ?4, name = ?5, description = ?6,
             issuer_name = ?7, image_url = ?8, valid_from = ?9, valid_from_ts = ?10, valid_until = ?11,
             summary = ?12, verified_at = ?13, imported_at = ?14, import_source = ?15
         WHERE id = ?1",
        params![
            id,
            v.sha,
            v.envelope,
            v.securing,
            v.name,
            v.description,
            v.issuer_name,
            v.image_url,
            v.valid_from,
            v.valid_from_ts,
            v.valid_until,
            v.summary,
            v.verified_at,
            v.imported_at,
            v.import_source
        ],
    )
    .map_err(db)?;
    tx.execute("UPDATE badge_blob SET original = ?2, report_json = ?3 WHERE badge_id = ?1", params![id, v.original, v.report_json])
        .map_err(db)?;
    Ok(())
}

/// `v` joins badge `id`'s history as an older (or undated) version, archived at `now`.
pub(super) fn add_older(tx: &Connection, id: i64, v: &Version<'_>, now: &str) -> Result<(), WalletError> {
    tx.execute(
        "INSERT INTO badge_history (badge_id, content_sha256, original, envelope, securing, valid_from, report_json, summary,
             verified_at, imported_at, import_source, archived_at, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'older')",
        params![
            id,
            v.sha,
            v.original,
            v.envelope,
            v.securing,
            v.valid_from,
            v.report_json,
            v.summary,
            v.verified_at,
            v.imported_at,
            v.import_source,
            now
        ],
    )
    .map_err(db)?;
    Ok(())
}

/// The dedupe decision and the writes, inside the caller's transaction.
fn store_incoming(tx: &Connection, bytes: &[u8], inc: &Incoming, source: ImportSource) -> Result<ImportOutcome, WalletError> {
    let now = now_rfc3339();
    let v = Version {
        sha: &inc.sha,
        original: bytes,
        envelope: inc.envelope.as_str(),
        securing: inc.securing.as_str(),
        name: inc.name.as_deref(),
        description: inc.description.as_deref(),
        issuer_name: inc.issuer_name.as_deref(),
        image_url: inc.image_url.as_deref(),
        valid_from: inc.valid_from.as_deref(),
        valid_from_ts: inc.valid_from_ts,
        valid_until: inc.valid_until.as_deref(),
        report_json: &inc.report_json,
        summary: inc.state.as_str(),
        verified_at: &inc.verified_at,
        imported_at: &now,
        import_source: source.as_str(),
    };
    let current = find_current(tx, inc.issuer_id.as_deref(), inc.credential_id.as_deref(), &inc.sha)?;
    let Some((id, cur_sha, cur_ts, cur_name)) = current else {
        let id = insert_badge(tx, inc.issuer_id.as_deref(), inc.credential_id.as_deref(), &v)?;
        // A new badge has no tags and no full-text row yet.
        tx.execute(
            "INSERT INTO badge_fts (rowid, name, description, issuer_name, tags) VALUES (?1, coalesce(?2, ''), coalesce(?3, ''), coalesce(?4, ''), '')",
            params![id, inc.name, inc.description, inc.issuer_name],
        )
        .map_err(db)?;
        log(tx, LogAction::Import, Some(id), inc.name.as_deref(), Some(inc.state.as_str()))?;
        return Ok(ImportOutcome::Added { id });
    };

    if cur_sha == inc.sha {
        // The same bytes again: keep them, but the fresh verification is the newest knowledge.
        tx.execute("UPDATE badge SET summary = ?2, verified_at = ?3 WHERE id = ?1", params![id, inc.state.as_str(), inc.verified_at])
            .map_err(db)?;
        tx.execute("UPDATE badge_blob SET report_json = ?2 WHERE badge_id = ?1", params![id, inc.report_json]).map_err(db)?;
        log(tx, LogAction::Duplicate, Some(id), cur_name.as_deref(), Some(inc.state.as_str()))?;
        return Ok(ImportOutcome::Duplicate { id });
    }
    let in_history: bool = tx
        .query_row("SELECT EXISTS (SELECT 1 FROM badge_history WHERE badge_id = ?1 AND content_sha256 = ?2)", params![id, inc.sha], |r| {
            r.get(0)
        })
        .map_err(db)?;
    if in_history {
        log(tx, LogAction::Duplicate, Some(id), cur_name.as_deref(), None)?;
        return Ok(ImportOutcome::Duplicate { id });
    }

    if is_newer(inc.valid_from_ts, cur_ts) {
        replace_current(tx, id, &v, &now)?;
        refresh_fts(tx, id)?;
        log(tx, LogAction::Replace, Some(id), inc.name.as_deref(), Some(inc.state.as_str()))?;
        return Ok(ImportOutcome::Replaced { id });
    }
    add_older(tx, id, &v, &now)?;
    log(tx, LogAction::History, Some(id), cur_name.as_deref(), Some(inc.state.as_str()))?;
    Ok(ImportOutcome::KeptAsHistory { id })
}
