//! Wallet backup and restore: the payload the store puts inside a [`crate::backup`] file.
//!
//! ## Payload (CBOR, `ciborium`), version [`PAYLOAD_VERSION`]
//! A CBOR map (serde struct, field names as keys):
//! - `format` = `"akashi-wallet-backup"`, `version` (u32, this payload schema; the container's
//!   own format version covers only the envelope), `created_at` (RFC 3339), `wallet_schema`
//!   (the store's `user_version` when written, informative);
//! - `badges`: every badge with its **exact original bytes** (CBOR byte string), identity
//!   (issuer id, credential id), display summary, stored report (JSON text, as stored), summary
//!   state, `verified_at`, `imported_at`, import source, its tags and its history entries
//!   (bytes, metadata, report, `archived_at`, reason), and `ref_id`: its id in the wallet that
//!   wrote the backup (only to re-point log entries);
//! - `log`: every activity-log entry (time, action, `ref_id` of the badge, label, detail, to whom);
//! - `holder_keys`: the holder's keys (`kind` = `Ed25519`, `key_id` = the `did:key`
//!   verification method, `secret` = the 32-byte seed, `public` = the 32-byte public key,
//!   `created_at`, `label`), oldest first. A reader checks each (known kind, 32-byte secret
//!   whose public key and id are the ones written) before touching the store; a kind it does
//!   not know is refused ([`WalletError::BackupUnsupported`]) rather than dropped, an
//!   inconsistent key is [`WalletError::BackupCorrupt`]. Builds before schema 4 refuse any
//!   non-empty list the same way.
//!
//! Decoders ignore unknown map keys, so a later version may add fields without a version
//! bump only if older builds may safely ignore them; anything else bumps `version`, and an
//! older build refuses it with [`WalletError::BackupTooNew`].
//!
//! ## Restore
//! The file is opened, decoded and checked completely **before** the database is touched;
//! then everything is written in **one transaction** (any error rolls it all back). Merging
//! follows the import rules: a backup badge with the same issuer id + credential id as a stored
//! one (without both: the same bytes) is the same badge — its versions are merged (a later
//! `validFrom` becomes current, the other versions go to or stay in history, identical bytes
//! are never stored twice), tags are unioned; log entries already present (same time, action,
//! badge, label, detail and recipient, counted with multiplicity) are not added again.
//! Restoring the same backup twice changes nothing the second time.
//!
//! Restore does **not** re-verify: verification may need the network and takes time, and a
//! restore must work offline and atomically. Each badge keeps the report stored in the backup
//! (its `verified_at` says when it was made); every added or changed badge gets a
//! [`LogAction::Restore`] log entry. Call [`Wallet::reverify_all`] afterwards for fresh reports.
//!
//! Holder keys are merged by `key_id`: a key already in the wallet is not added again, new ones
//! are appended after the wallet's own (so a wallet that already has a key keeps signing with
//! it by default; [`Wallet::present`] picks a restored key for the badges issued to it).

use std::collections::HashMap;

use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::{
    add_older, check_tag, date_ts, db, enum_from_str, find_current, insert_badge, is_newer, now_rfc3339, refresh_fts, replace_current,
    LogAction, Version, Wallet, WalletError,
};
use crate::backup::{self, KdfParams};
use crate::present::holder::KIND_ED25519;
use crate::present::HolderKey;
use crate::report::{Envelope, Securing, Summary};

/// The value of the payload's `format` field.
pub const PAYLOAD_FORMAT: &str = "akashi-wallet-backup";
/// The payload schema version this build writes and the newest it reads.
pub const PAYLOAD_VERSION: u32 = 1;

/// What a restore did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RestoreOutcome {
    /// Badges in the backup.
    pub badges_in_backup: u64,
    /// Badges that were not in the wallet and were added.
    pub badges_added: u64,
    /// Badges already in the wallet that gained a version, a history entry or a tag.
    pub badges_merged: u64,
    /// Badges already in the wallet with everything the backup holds about them.
    pub badges_unchanged: u64,
    /// History entries added (versions the wallet did not have, including a current version
    /// that moved to history when a newer one arrived from the backup).
    pub history_added: u64,
    /// Tags added to badges.
    pub tags_added: u64,
    /// Activity-log entries copied from the backup (not counting the restore's own entries).
    pub log_added: u64,
    /// Holder keys that were not in the wallet and were added.
    pub holder_keys_added: u64,
}

/// The backup payload (see the module docs and `docs/backup-format.md`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Payload {
    /// Always [`PAYLOAD_FORMAT`].
    format: String,
    /// [`PAYLOAD_VERSION`] when written by this build.
    version: u32,
    /// When the backup was made (RFC 3339).
    created_at: String,
    /// The writing wallet's schema version (informative).
    wallet_schema: i64,
    /// Every badge.
    badges: Vec<PayloadBadge>,
    /// Every activity-log entry, oldest first.
    log: Vec<PayloadLog>,
    /// The holder's keys, oldest first.
    holder_keys: Vec<PayloadHolderKey>,
}

/// A badge in the payload: its current version, tags and history.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PayloadBadge {
    /// Its id in the wallet that wrote the backup (log entries refer to it).
    ref_id: i64,
    /// The bytes exactly as received.
    #[serde(with = "cbor_bytes")]
    original: Vec<u8>,
    issuer_id: Option<String>,
    credential_id: Option<String>,
    envelope: String,
    securing: String,
    name: Option<String>,
    description: Option<String>,
    issuer_name: Option<String>,
    image_url: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    /// The stored report, serde JSON text as the wallet keeps it.
    report_json: String,
    summary: String,
    verified_at: String,
    imported_at: String,
    import_source: String,
    tags: Vec<String>,
    history: Vec<PayloadHistory>,
}

/// A history entry in the payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PayloadHistory {
    #[serde(with = "cbor_bytes")]
    original: Vec<u8>,
    envelope: String,
    securing: String,
    valid_from: Option<String>,
    report_json: String,
    summary: String,
    verified_at: String,
    imported_at: String,
    import_source: String,
    archived_at: String,
    /// `replaced` | `older`.
    reason: String,
}

/// An activity-log entry in the payload.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct PayloadLog {
    at: String,
    action: String,
    /// The [`PayloadBadge::ref_id`] of the badge concerned (it may since have been deleted).
    badge_ref: Option<i64>,
    label: Option<String>,
    detail: Option<String>,
    to_whom: Option<String>,
}

/// A holder key in the payload. `Debug` leaves the secret out; it is wiped when dropped.
#[derive(Clone, Serialize, Deserialize)]
struct PayloadHolderKey {
    /// The key type, e.g. `Ed25519`.
    kind: String,
    /// Its identifier (e.g. a `did:key` verification method).
    key_id: String,
    /// The private key bytes.
    #[serde(with = "cbor_bytes")]
    secret: Vec<u8>,
    /// The public key bytes.
    #[serde(with = "cbor_bytes")]
    public: Vec<u8>,
    created_at: String,
    label: Option<String>,
}

impl std::fmt::Debug for PayloadHolderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayloadHolderKey").field("kind", &self.kind).field("key_id", &self.key_id).finish_non_exhaustive()
    }
}

impl Drop for PayloadHolderKey {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// Checks a backup's holder key and gives it as a key: known kind, a 32-byte secret whose
/// public key and `did:key` id are the ones written.
fn holder_key_of(k: &PayloadHolderKey) -> Result<HolderKey, WalletError> {
    if k.kind != KIND_ED25519 {
        return Err(WalletError::BackupUnsupported { what: "a holder key of an unknown kind".into() });
    }
    let key = HolderKey::from_secret(&k.secret).ok_or_else(corrupt)?;
    if key.public_key().as_slice() != k.public.as_slice() || key.verification_method() != k.key_id {
        return Err(corrupt());
    }
    Ok(key)
}

/// Just enough of the payload to check format and version before decoding the rest.
#[derive(Deserialize)]
struct Head {
    format: String,
    version: u32,
}

/// `Vec<u8>` as a CBOR byte string (serde would write an array of integers).
mod cbor_bytes {
    use serde::de::{Deserializer, Error, SeqAccess, Visitor};
    use serde::Serializer;

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a byte string")
            }
            fn visit_bytes<E: Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Vec<u8>, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = a.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(out)
            }
        }
        d.deserialize_byte_buf(V)
    }
}

fn corrupt() -> WalletError {
    WalletError::BackupCorrupt
}

/// Decodes and checks an opened payload; nothing is written.
fn decode(bytes: &[u8]) -> Result<Payload, WalletError> {
    let head: Head = ciborium::from_reader(bytes).map_err(|_| corrupt())?;
    if head.format != PAYLOAD_FORMAT {
        return Err(corrupt());
    }
    if head.version > PAYLOAD_VERSION {
        return Err(WalletError::BackupTooNew { found: head.version, supported: PAYLOAD_VERSION });
    }
    if head.version == 0 {
        return Err(corrupt());
    }
    let p: Payload = ciborium::from_reader(bytes).map_err(|_| corrupt())?;
    for k in &p.holder_keys {
        holder_key_of(k)?;
    }
    // Every stored enum must be one this build knows, every tag valid: checked before the
    // transaction so a bad entry cannot leave half a restore (the transaction would roll back
    // anyway, but an early typed error is clearer).
    let mut refs = std::collections::HashSet::new();
    for b in &p.badges {
        if !refs.insert(b.ref_id) {
            return Err(corrupt());
        }
        check_kinds(&b.envelope, &b.securing, &b.summary, &b.import_source)?;
        for t in &b.tags {
            if check_tag(t).map_err(|_| corrupt())? != t {
                return Err(corrupt());
            }
        }
        for h in &b.history {
            check_kinds(&h.envelope, &h.securing, &h.summary, &h.import_source)?;
            if h.reason != "replaced" && h.reason != "older" {
                return Err(corrupt());
            }
        }
    }
    for l in &p.log {
        if LogAction::parse(&l.action).is_none() {
            return Err(corrupt());
        }
    }
    Ok(p)
}

fn check_kinds(envelope: &str, securing: &str, summary: &str, source: &str) -> Result<(), WalletError> {
    enum_from_str::<Envelope>(envelope).map_err(|_| corrupt())?;
    enum_from_str::<Securing>(securing).map_err(|_| corrupt())?;
    enum_from_str::<Summary>(summary).map_err(|_| corrupt())?;
    if !matches!(source, "file" | "text" | "url" | "bytes") {
        return Err(corrupt());
    }
    Ok(())
}

fn sha(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

impl Wallet {
    /// Writes every badge (exact bytes, metadata, stored report, tags, history) and the whole
    /// activity log into one backup file sealed with `passphrase` ([`crate::backup::seal`],
    /// Argon2id with `params`; [`KdfParams::default`] for real backups). The wallet is read in
    /// one read transaction (a consistent snapshot); the slow sealing runs without holding the
    /// wallet's lock. After success a [`LogAction::Backup`] entry is logged (so it is not in
    /// the file it describes). Payload format: see the `wallet::archive` module docs.
    pub fn backup(&self, passphrase: &str, params: KdfParams) -> Result<Vec<u8>, WalletError> {
        let payload = self.snapshot()?;
        let n = payload.badges.len();
        let mut encoded = Zeroizing::new(Vec::new());
        ciborium::into_writer(&payload, &mut *encoded).map_err(|_| WalletError::Storage { code: "backup encoding".into() })?;
        drop(payload);
        let file = backup::seal(passphrase, &encoded, params)?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(db)?;
        super::log(&tx, LogAction::Backup, None, None, Some(&format!("{n} badges")))?;
        tx.commit().map_err(db)?;
        Ok(file)
    }

    fn snapshot(&self) -> Result<Payload, WalletError> {
        let mut conn = self.conn();
        // A deferred transaction that only reads: one consistent snapshot (WAL).
        let tx = conn.transaction().map_err(db)?;
        let wallet_schema: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(db)?;
        let mut badges = Vec::new();
        {
            let mut stmt = tx
                .prepare(
                    "SELECT id, x.original, issuer_id, credential_id, envelope, securing, name, description, issuer_name, image_url,
                         valid_from, valid_until, x.report_json, summary, verified_at, imported_at, import_source
                     FROM badge JOIN badge_blob x ON x.badge_id = badge.id ORDER BY id",
                )
                .map_err(db)?;
            let mut rows = stmt.query([]).map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                badges.push(PayloadBadge {
                    ref_id: r.get(0).map_err(db)?,
                    original: r.get(1).map_err(db)?,
                    issuer_id: r.get(2).map_err(db)?,
                    credential_id: r.get(3).map_err(db)?,
                    envelope: r.get(4).map_err(db)?,
                    securing: r.get(5).map_err(db)?,
                    name: r.get(6).map_err(db)?,
                    description: r.get(7).map_err(db)?,
                    issuer_name: r.get(8).map_err(db)?,
                    image_url: r.get(9).map_err(db)?,
                    valid_from: r.get(10).map_err(db)?,
                    valid_until: r.get(11).map_err(db)?,
                    report_json: r.get(12).map_err(db)?,
                    summary: r.get(13).map_err(db)?,
                    verified_at: r.get(14).map_err(db)?,
                    imported_at: r.get(15).map_err(db)?,
                    import_source: r.get(16).map_err(db)?,
                    tags: Vec::new(),
                    history: Vec::new(),
                });
            }
        }
        let index: HashMap<i64, usize> = badges.iter().enumerate().map(|(i, b)| (b.ref_id, i)).collect();
        {
            let mut stmt = tx.prepare("SELECT badge_id, tag FROM badge_tag ORDER BY badge_id, tag").map_err(db)?;
            let mut rows = stmt.query([]).map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                let id: i64 = r.get(0).map_err(db)?;
                if let Some(&i) = index.get(&id) {
                    badges[i].tags.push(r.get(1).map_err(db)?);
                }
            }
        }
        {
            let mut stmt = tx
                .prepare(
                    "SELECT badge_id, original, envelope, securing, valid_from, report_json, summary, verified_at, imported_at,
                         import_source, archived_at, reason
                     FROM badge_history ORDER BY id",
                )
                .map_err(db)?;
            let mut rows = stmt.query([]).map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                let id: i64 = r.get(0).map_err(db)?;
                let Some(&i) = index.get(&id) else { continue };
                badges[i].history.push(PayloadHistory {
                    original: r.get(1).map_err(db)?,
                    envelope: r.get(2).map_err(db)?,
                    securing: r.get(3).map_err(db)?,
                    valid_from: r.get(4).map_err(db)?,
                    report_json: r.get(5).map_err(db)?,
                    summary: r.get(6).map_err(db)?,
                    verified_at: r.get(7).map_err(db)?,
                    imported_at: r.get(8).map_err(db)?,
                    import_source: r.get(9).map_err(db)?,
                    archived_at: r.get(10).map_err(db)?,
                    reason: r.get(11).map_err(db)?,
                });
            }
        }
        let mut log = Vec::new();
        {
            let mut stmt = tx.prepare("SELECT at, action, badge_id, label, detail, to_whom FROM activity_log ORDER BY id").map_err(db)?;
            let mut rows = stmt.query([]).map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                log.push(PayloadLog {
                    at: r.get(0).map_err(db)?,
                    action: r.get(1).map_err(db)?,
                    badge_ref: r.get(2).map_err(db)?,
                    label: r.get(3).map_err(db)?,
                    detail: r.get(4).map_err(db)?,
                    to_whom: r.get(5).map_err(db)?,
                });
            }
        }
        let mut holder_keys = Vec::new();
        {
            let mut stmt = tx.prepare("SELECT kind, key_id, secret, public, created_at, label FROM holder_key ORDER BY id").map_err(db)?;
            let mut rows = stmt.query([]).map_err(db)?;
            while let Some(r) = rows.next().map_err(db)? {
                holder_keys.push(PayloadHolderKey {
                    kind: r.get(0).map_err(db)?,
                    key_id: r.get(1).map_err(db)?,
                    secret: r.get(2).map_err(db)?,
                    public: r.get(3).map_err(db)?,
                    created_at: r.get(4).map_err(db)?,
                    label: r.get(5).map_err(db)?,
                });
            }
        }
        tx.commit().map_err(db)?;
        Ok(Payload {
            format: PAYLOAD_FORMAT.into(),
            version: PAYLOAD_VERSION,
            created_at: now_rfc3339(),
            wallet_schema,
            badges,
            log,
            holder_keys,
        })
    }

    /// Restores a backup made by [`Wallet::backup`] into this wallet (empty or not), merging
    /// without duplicates (see the module docs), in one transaction. Nothing is re-verified:
    /// badges keep the reports stored in the backup.
    ///
    /// Errors, with the wallet unchanged: [`WalletError::Backup`] (wrong passphrase or
    /// tampered file, truncated, not a backup, unsupported container), [`WalletError::BackupTooNew`]
    /// (a newer payload version), [`WalletError::BackupCorrupt`] (authenticated but not a
    /// valid payload), [`WalletError::BackupUnsupported`], [`WalletError::Storage`].
    pub fn restore(&self, file: &[u8], passphrase: &str) -> Result<RestoreOutcome, WalletError> {
        let plain = Zeroizing::new(backup::open(passphrase, file)?);
        let payload = decode(&plain)?;
        drop(plain);
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(db)?;
        let outcome = restore_in(&tx, &payload)?;
        tx.commit().map_err(db)?;
        Ok(outcome)
    }

    /// `PRAGMA integrity_check` on the wallet database: `true` when SQLite answers `ok`.
    pub fn integrity_check(&self) -> Result<bool, WalletError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(db)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(db)?.collect::<Result<Vec<_>, _>>().map_err(db)?;
        Ok(rows.len() == 1 && rows[0] == "ok")
    }
}

fn restore_in(tx: &Transaction<'_>, p: &Payload) -> Result<RestoreOutcome, WalletError> {
    let now = now_rfc3339();
    let mut out = RestoreOutcome { badges_in_backup: p.badges.len() as u64, ..Default::default() };
    // Backup ref id -> id in this wallet.
    let mut ids: HashMap<i64, i64> = HashMap::new();
    // The restore's own log entries, written after the copied log.
    let mut restored: Vec<(i64, Option<String>, &str)> = Vec::new();
    for b in &p.badges {
        let bsha = sha(&b.original);
        let ts = b.valid_from.as_deref().and_then(date_ts);
        let issuer_id = b.issuer_id.as_deref().filter(|s| !s.trim().is_empty());
        let credential_id = b.credential_id.as_deref().filter(|s| !s.trim().is_empty());
        let v = Version {
            sha: &bsha,
            original: &b.original,
            envelope: &b.envelope,
            securing: &b.securing,
            name: b.name.as_deref(),
            description: b.description.as_deref(),
            issuer_name: b.issuer_name.as_deref(),
            image_url: b.image_url.as_deref(),
            valid_from: b.valid_from.as_deref(),
            valid_from_ts: ts,
            valid_until: b.valid_until.as_deref(),
            report_json: &b.report_json,
            summary: &b.summary,
            verified_at: &b.verified_at,
            imported_at: &b.imported_at,
            import_source: &b.import_source,
        };
        let Some((id, cur_sha, cur_ts, _)) = find_current(tx, issuer_id, credential_id, &bsha)? else {
            let id = insert_badge(tx, issuer_id, credential_id, &v)?;
            ids.insert(b.ref_id, id);
            for t in &b.tags {
                out.tags_added +=
                    tx.execute("INSERT OR IGNORE INTO badge_tag (badge_id, tag) VALUES (?1, ?2)", params![id, t]).map_err(db)? as u64;
            }
            for h in &b.history {
                if sha(&h.original) != bsha && insert_history(tx, id, h)? {
                    out.history_added += 1;
                }
            }
            refresh_fts(tx, id)?;
            restored.push((id, b.name.clone(), "added"));
            out.badges_added += 1;
            continue;
        };
        ids.insert(b.ref_id, id);
        let mut changed = false;
        // The backup's current version.
        if cur_sha != bsha && !in_history(tx, id, &bsha)? {
            if is_newer(ts, cur_ts) {
                replace_current(tx, id, &v, &now)?;
            } else {
                add_older(tx, id, &v, &now)?;
            }
            out.history_added += 1;
            changed = true;
        }
        // The backup's history: versions this badge does not have yet.
        let cur_sha: Vec<u8> = tx.query_row("SELECT content_sha256 FROM badge WHERE id = ?1", params![id], |r| r.get(0)).map_err(db)?;
        for h in &b.history {
            let hsha = sha(&h.original);
            if hsha != cur_sha && !in_history(tx, id, &hsha)? && insert_history(tx, id, h)? {
                out.history_added += 1;
                changed = true;
            }
        }
        for t in &b.tags {
            if tx.execute("INSERT OR IGNORE INTO badge_tag (badge_id, tag) VALUES (?1, ?2)", params![id, t]).map_err(db)? > 0 {
                out.tags_added += 1;
                changed = true;
            }
        }
        if changed {
            refresh_fts(tx, id)?;
            let label: Option<String> = tx.query_row("SELECT name FROM badge WHERE id = ?1", params![id], |r| r.get(0)).map_err(db)?;
            restored.push((id, label, "merged"));
            out.badges_merged += 1;
        } else {
            out.badges_unchanged += 1;
        }
    }

    // Log entries: an entry is the same as a stored one when time, action, badge, label,
    // detail and recipient match; counted with multiplicity (two equal entries in the backup
    // need two in the wallet). Entries about badges not in the backup (deleted since) lose
    // their badge id: in this wallet that id may belong to another badge. Such an entry
    // matches a stored one without a badge id or whose badge no longer exists.
    let mapped: Vec<(Option<i64>, &PayloadLog)> = p.log.iter().map(|l| (l.badge_ref.and_then(|r| ids.get(&r).copied()), l)).collect();
    let mut present: HashMap<(Option<i64>, &PayloadLog), i64> = HashMap::new();
    let mut seen: HashMap<(Option<i64>, &PayloadLog), i64> = HashMap::new();
    for (badge_id, l) in &mapped {
        let key = (*badge_id, *l);
        let have = match present.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => *e.get(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let n: i64 = tx
                    .query_row(
                        "SELECT count(*) FROM activity_log WHERE at = ?1 AND action = ?2 AND label IS ?4 AND detail IS ?5 AND to_whom IS ?6
                       AND (badge_id IS ?3 OR (?3 IS NULL AND NOT EXISTS (SELECT 1 FROM badge b WHERE b.id = activity_log.badge_id)))",
                        params![l.at, l.action, badge_id, l.label, l.detail, l.to_whom],
                        |r| r.get(0),
                    )
                    .map_err(db)?;
                *e.insert(n)
            }
        };
        let k = seen.entry(key).or_insert(0);
        *k += 1;
        if *k > have {
            tx.execute(
                "INSERT INTO activity_log (at, action, badge_id, label, detail, to_whom) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![l.at, l.action, badge_id, l.label, l.detail, l.to_whom],
            )
            .map_err(db)?;
            out.log_added += 1;
        }
    }
    for (id, label, detail) in restored {
        super::log(tx, LogAction::Restore, Some(id), label.as_deref(), Some(detail))?;
    }
    for k in &p.holder_keys {
        let key = holder_key_of(k)?;
        if super::holder::insert_key(tx, &key, &k.created_at, k.label.as_deref())? {
            out.holder_keys_added += 1;
        }
    }
    Ok(out)
}

fn in_history(tx: &Transaction<'_>, id: i64, sha: &[u8]) -> Result<bool, WalletError> {
    tx.query_row("SELECT EXISTS (SELECT 1 FROM badge_history WHERE badge_id = ?1 AND content_sha256 = ?2)", params![id, sha], |r| r.get(0))
        .map_err(db)
}

/// Inserts a backup history entry as it was (reason, archive time); `false` if already there.
fn insert_history(tx: &Transaction<'_>, id: i64, h: &PayloadHistory) -> Result<bool, WalletError> {
    let hsha = sha(&h.original);
    if in_history(tx, id, &hsha)? {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO badge_history (badge_id, content_sha256, original, envelope, securing, valid_from, report_json, summary,
             verified_at, imported_at, import_source, archived_at, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            hsha,
            h.original,
            h.envelope,
            h.securing,
            h.valid_from,
            h.report_json,
            h.summary,
            h.verified_at,
            h.imported_at,
            h.import_source,
            h.archived_at,
            h.reason
        ],
    )
    .map_err(db)?;
    Ok(true)
}
