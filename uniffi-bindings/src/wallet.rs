//! The wallet through the FFI: [`AkashiWallet`] over the core's encrypted `Wallet`, the app's
//! [`KeyStore`] (Android Keystore, iOS Keychain) as a foreign trait, and a [`ReverifyProgress`]
//! callback. Conversions only; the records (`Badge`, `BadgeDetail`, `ImportOutcome`, ...) are
//! the core's, derived behind its `uniffi` feature.

use std::path::Path;
use std::sync::Arc;

use akashi_core::wallet::{
    self as core_wallet, Badge, BadgeDetail, ImportOutcome, ImportSource, ListFilter, LogEntry, RestoreOutcome, ReverifyOutcome, SortBy,
    Wallet,
};

use crate::{verifier, HttpClient, VerifyError, VerifyOptions};

/// Why the app's [`KeyStore`] gave no key. Carries no key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum KeyStoreError {
    /// The key exists but cannot be used now (device locked, user authentication cancelled).
    #[error("the wallet key is not available now")]
    Unavailable,
    /// There is no key (first run, or the key was deleted with the app's data).
    #[error("there is no wallet key")]
    NotFound,
    /// Any other failure of the platform key store.
    #[error("the key store failed: {reason}")]
    Failed {
        /// A fixed description (never the key).
        reason: String,
    },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for KeyStoreError {
    // The app's key store threw something other than a KeyStoreError: its message is not
    // carried over (it could hold anything).
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        KeyStoreError::Failed { reason: "the app's key store failed unexpectedly".into() }
    }
}

impl From<KeyStoreError> for core_wallet::KeyStoreError {
    fn from(e: KeyStoreError) -> Self {
        match e {
            KeyStoreError::Unavailable => core_wallet::KeyStoreError::Unavailable,
            KeyStoreError::NotFound => core_wallet::KeyStoreError::NotFound,
            KeyStoreError::Failed { reason } => core_wallet::KeyStoreError::Failed { reason },
        }
    }
}

/// The app's key store: gives the 32 random bytes that encrypt the wallet (the same bytes on
/// every call for the same wallet file). Called once per [`AkashiWallet::open`].
#[uniffi::export(with_foreign)]
pub trait KeyStore: Send + Sync {
    /// The wallet's 32-byte key.
    fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError>;
}

/// The app's key store as the core's.
struct ForeignKeys(Arc<dyn KeyStore>);

impl core_wallet::KeyStore for ForeignKeys {
    fn wallet_key(&self) -> Result<Vec<u8>, core_wallet::KeyStoreError> {
        Ok(self.0.wallet_key()?)
    }
}

/// One input's result in [`AkashiWallet::import_many`]: what happened to it, or why it was
/// not imported (the text of the [`WalletError`] that [`AkashiWallet::import_bytes`] would
/// raise; it carries no badge content).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BatchImport {
    /// Set when the input was imported (added, duplicate, replaced or kept as history).
    pub outcome: Option<ImportOutcome>,
    /// Set when it was not.
    pub error: Option<String>,
}

/// Progress of [`AkashiWallet::reverify_all`], implemented by the app.
#[uniffi::export(with_foreign)]
pub trait ReverifyProgress: Send + Sync {
    /// Called before the first badge (`done` = 0) and after each one; return false to stop.
    fn on_progress(&self, done: u64, total: u64) -> bool;
}

/// Why a wallet operation failed. Never carries badge content, personal data or key material;
/// the wallet is unchanged whenever an operation fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum WalletError {
    /// The key does not open this wallet. The file was not modified.
    #[error("the key does not open this wallet")]
    WrongKey,
    /// The file is not an Akashi wallet. The file was not modified.
    #[error("the file is not an Akashi wallet")]
    NotAWallet,
    /// The wallet was written by a newer Akashi: update the app. The file was not modified.
    #[error("the wallet was written by a newer version of Akashi (schema {found}, this version reads up to {supported})")]
    TooNew {
        /// The wallet's schema version.
        found: i64,
        /// The newest schema this build reads.
        supported: i64,
    },
    /// The key store gave a key that is not 32 bytes long.
    #[error("the wallet key must be 32 bytes, the key store gave {len}")]
    BadKeyLength {
        /// The length it gave.
        len: u64,
    },
    /// The key store said the key cannot be used now (device locked, authentication cancelled).
    #[error("the wallet key is not available now")]
    KeyUnavailable,
    /// The key store has no key.
    #[error("there is no wallet key")]
    KeyNotFound,
    /// The key store failed otherwise.
    #[error("the key store failed: {reason}")]
    KeyStoreFailed {
        /// The key store's fixed description.
        reason: String,
    },
    /// This build has no database encryption (SQLCipher); nothing was written.
    #[error("this build has no database encryption")]
    NoEncryption,
    /// The input cannot be read as a badge (not JSON, a JWS, a URL or a baked image; too large;
    /// a URL that cannot be fetched). Nothing was stored.
    #[error("the input cannot be read as a badge: {reason}")]
    UnreadableInput {
        /// The verification error for the same input.
        reason: VerifyError,
    },
    /// A file could not be read.
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
    /// A tag must be 1 to 64 printable characters, not blank.
    #[error("a tag must be 1 to 64 printable characters")]
    InvalidTag,
    /// The database failed (disk full, read-only, corrupt): SQLite's error code only.
    #[error("the wallet database failed ({code})")]
    Storage {
        /// SQLite's error code name, or a fixed description.
        code: String,
    },
    /// The verification options are unusable (bad time, CA bundle or cache file).
    #[error("invalid options: {reason}")]
    InvalidOptions {
        /// What is wrong with the options.
        reason: String,
    },
    /// Restore: the passphrase is wrong, or the backup file was changed. Nothing was changed.
    #[error("wrong passphrase, or the backup file was changed")]
    WrongPassphraseOrTampered,
    /// Restore: the file is not an Akashi backup. Nothing was changed.
    #[error("the file is not an Akashi backup")]
    NotABackup,
    /// Restore: the backup file is cut short (an incomplete copy). Nothing was changed.
    #[error("the backup file is incomplete")]
    BackupTruncated,
    /// Backup: the passphrase is empty.
    #[error("the passphrase must not be empty")]
    EmptyPassphrase,
    /// Restore: the backup was written by a newer Akashi, or holds something this version
    /// cannot restore; or it authenticates but its content is not a wallet backup. Nothing was
    /// changed. `reason` is a fixed description.
    #[error("the backup cannot be restored: {reason}")]
    BackupUnusable {
        /// What is wrong (fixed text, never content).
        reason: String,
    },
}

impl From<core_wallet::WalletError> for WalletError {
    fn from(e: core_wallet::WalletError) -> Self {
        use core_wallet::KeyStoreError as K;
        use core_wallet::WalletError as W;
        match e {
            W::WrongKey => WalletError::WrongKey,
            W::NotAWallet => WalletError::NotAWallet,
            W::TooNew { found, supported } => WalletError::TooNew { found, supported },
            W::BadKeyLength { len } => WalletError::BadKeyLength { len: len as u64 },
            W::KeyStore(K::Unavailable) => WalletError::KeyUnavailable,
            W::KeyStore(K::NotFound) => WalletError::KeyNotFound,
            W::KeyStore(K::Failed { reason }) => WalletError::KeyStoreFailed { reason },
            W::NoEncryption => WalletError::NoEncryption,
            W::Input(e) => WalletError::UnreadableInput { reason: e.into() },
            W::File { kind } => WalletError::File { kind },
            W::NotFound { id } => WalletError::NotFound { id },
            W::InvalidTag => WalletError::InvalidTag,
            W::Storage { code } => WalletError::Storage { code },
            W::Backup(b) => match b {
                akashi_core::backup::BackupError::WrongPassphraseOrTampered => WalletError::WrongPassphraseOrTampered,
                akashi_core::backup::BackupError::NotABackup => WalletError::NotABackup,
                akashi_core::backup::BackupError::Truncated => WalletError::BackupTruncated,
                akashi_core::backup::BackupError::EmptyPassphrase => WalletError::EmptyPassphrase,
                other => WalletError::BackupUnusable { reason: other.to_string() },
            },
            e @ (W::BackupTooNew { .. } | W::BackupCorrupt | W::BackupUnsupported { .. }) => {
                WalletError::BackupUnusable { reason: e.to_string() }
            }
        }
    }
}

impl From<VerifyError> for WalletError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::InvalidOptions { reason } => WalletError::InvalidOptions { reason },
            other => WalletError::UnreadableInput { reason: other },
        }
    }
}

/// The learner's wallet: one SQLCipher-encrypted database file holding the badges as received,
/// their last verification reports, tags, history and an activity log. Share one per file.
#[derive(uniffi::Object)]
pub struct AkashiWallet {
    core: Wallet,
}

#[uniffi::export]
impl AkashiWallet {
    /// Opens (or creates, if the file is missing or empty) the wallet at `path` with the key
    /// from `keys`; imports and re-verifications verify with `options` and fetch through `http`
    /// (Akashi's own HTTPS client when None). Fails with `WrongKey`, `NotAWallet`, `TooNew`,
    /// `BadKeyLength`, `KeyUnavailable` / `KeyNotFound` / `KeyStoreFailed` (the file untouched)
    /// or `InvalidOptions`.
    #[uniffi::constructor]
    pub fn open(
        path: String,
        keys: Arc<dyn KeyStore>,
        options: VerifyOptions,
        http: Option<Arc<dyn HttpClient>>,
    ) -> Result<Arc<Self>, WalletError> {
        let verifier = verifier(options, http)?;
        Ok(Arc::new(AkashiWallet { core: Wallet::open(Path::new(&path), &ForeignKeys(keys), verifier)? }))
    }

    /// Imports a badge given as bytes (credential JSON, VC-JWT, baked PNG / SVG): verified,
    /// then stored as received, even when it does not verify (its state says so).
    pub fn import_bytes(&self, bytes: Vec<u8>) -> Result<ImportOutcome, WalletError> {
        Ok(self.core.import_bytes(&bytes, ImportSource::Bytes)?)
    }

    /// Imports many badges at once (a folder, a career centre's batch): verified on every core,
    /// written in few transactions. The result for `inputs[i]` is at `i`, the same as
    /// [`AkashiWallet::import_bytes`] one by one in that order would give; one unreadable input
    /// does not stop the others.
    pub fn import_many(&self, inputs: Vec<Vec<u8>>) -> Vec<BatchImport> {
        let batch: Vec<(Vec<u8>, ImportSource)> = inputs.into_iter().map(|b| (b, ImportSource::Bytes)).collect();
        self.core
            .import_many(&batch)
            .into_iter()
            .map(|r| match r {
                Ok(o) => BatchImport { outcome: Some(o), error: None },
                Err(e) => BatchImport { outcome: None, error: Some(WalletError::from(e).to_string()) },
            })
            .collect()
    }

    /// Imports pasted or scanned text (JSON, a JWT, an `https://` URL).
    pub fn import_text(&self, text: String) -> Result<ImportOutcome, WalletError> {
        Ok(self.core.import_text(&text)?)
    }

    /// The badges matching `filter` (every field set must match), in `sort` order.
    pub fn list(&self, sort: SortBy, filter: ListFilter) -> Result<Vec<Badge>, WalletError> {
        Ok(self.core.list(sort, &filter)?)
    }

    /// One page of [`AkashiWallet::list`] (positions `offset .. offset + limit` of the same
    /// order): what a lazily loaded list asks for as the learner scrolls; as fast in a wallet
    /// of ten thousand badges as in one of ten.
    pub fn list_page(&self, sort: SortBy, filter: ListFilter, offset: u64, limit: u64) -> Result<Vec<Badge>, WalletError> {
        Ok(self.core.list_page(sort, &filter, offset, limit)?)
    }

    /// One page of [`AkashiWallet::search`] (positions `offset .. offset + limit` of its order).
    pub fn search_page(&self, text: String, offset: u64, limit: u64) -> Result<Vec<Badge>, WalletError> {
        Ok(self.core.search_page(&text, offset, limit)?)
    }

    /// Full-text search over name, description, issuer name and tags (every word must match
    /// as a prefix), best match first.
    pub fn search(&self, text: String) -> Result<Vec<Badge>, WalletError> {
        Ok(self.core.search(&text)?)
    }

    /// One badge with its original bytes, last report and history.
    pub fn get(&self, id: i64) -> Result<BadgeDetail, WalletError> {
        Ok(self.core.get(id)?)
    }

    /// Adds a tag (trimmed) to a badge.
    pub fn tag(&self, id: i64, tag: String) -> Result<(), WalletError> {
        Ok(self.core.tag(id, &tag)?)
    }

    /// Removes a tag from a badge.
    pub fn untag(&self, id: i64, tag: String) -> Result<(), WalletError> {
        Ok(self.core.untag(id, &tag)?)
    }

    /// All tags in use, sorted.
    pub fn tags(&self) -> Result<Vec<String>, WalletError> {
        Ok(self.core.tags()?)
    }

    /// Deletes a badge with its tags and history (logged).
    pub fn delete(&self, id: i64) -> Result<(), WalletError> {
        Ok(self.core.delete(id)?)
    }

    /// Verifies every badge again, reporting to `progress` (which may stop it by returning false).
    pub fn reverify_all(&self, progress: Option<Arc<dyn ReverifyProgress>>) -> Result<ReverifyOutcome, WalletError> {
        let report = |done: u64, total: u64| progress.as_ref().is_none_or(|p| p.on_progress(done, total));
        Ok(self.core.reverify_all(&report)?)
    }

    /// One file holding every badge (original bytes), tag, history entry and log entry,
    /// encrypted with `passphrase` (Argon2id + XChaCha20-Poly1305; see docs/backup-format.md).
    /// Takes a fraction of a second for the key derivation: call it off the UI thread.
    pub fn backup(&self, passphrase: String) -> Result<Vec<u8>, WalletError> {
        Ok(self.core.backup(&passphrase, akashi_core::backup::KdfParams::default())?)
    }

    /// Restores a backup into this wallet, merging without duplicates, all or nothing: a wrong
    /// passphrase, a truncated or changed file leaves the wallet exactly as it was.
    pub fn restore(&self, file: Vec<u8>, passphrase: String) -> Result<RestoreOutcome, WalletError> {
        Ok(self.core.restore(&file, &passphrase)?)
    }

    /// The activity log, oldest first.
    pub fn log(&self) -> Result<Vec<LogEntry>, WalletError> {
        Ok(self.core.log()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_store_errors_map_to_stable_variants() {
        let k = |e: KeyStoreError| WalletError::from(core_wallet::WalletError::KeyStore(e.into()));
        assert_eq!(k(KeyStoreError::Unavailable), WalletError::KeyUnavailable);
        assert_eq!(k(KeyStoreError::NotFound), WalletError::KeyNotFound);
        assert_eq!(
            KeyStoreError::from(uniffi::UnexpectedUniFFICallbackError::new("secret detail")),
            KeyStoreError::Failed { reason: "the app's key store failed unexpectedly".into() }
        );
        assert_eq!(
            WalletError::from(core_wallet::WalletError::Input(akashi_core::InputError::NotAnObject)),
            WalletError::UnreadableInput { reason: VerifyError::NotAnObject }
        );
    }
}
