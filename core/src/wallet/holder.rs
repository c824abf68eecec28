//! The wallet's holder keys and presentations: the learner's Ed25519 key (made on first use,
//! kept in the encrypted store, carried by backups) and [`Wallet::present`], which signs a
//! presentation of stored badges and logs to whom it was shown.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::{db, now_rfc3339, LogAction, Wallet, WalletError};
use crate::present::exchange::member_from_bytes;
use crate::present::holder::KIND_ED25519;
use crate::present::{sign_presentation, HolderKey, PresentError, Presentation, PresentationRequest, DEFAULT_LIFETIME_SECS};

/// The wallet's holder keys, oldest first (the first is the default signer).
pub(super) fn holder_keys(conn: &Connection) -> Result<Vec<HolderKey>, WalletError> {
    let mut stmt = conn.prepare_cached("SELECT secret FROM holder_key WHERE kind = ?1 ORDER BY id").map_err(db)?;
    let secrets = stmt
        .query_map(params![KIND_ED25519], |r| r.get::<_, Vec<u8>>(0).map(zeroize::Zeroizing::new))
        .map_err(db)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db)?;
    // A stored secret of the wrong length is damage, not a key to skip silently.
    secrets.iter().map(|s| HolderKey::from_secret(s).ok_or(WalletError::Storage { code: "invalid holder key".into() })).collect()
}

/// Stores `key` (unless a key with its id is there already); `true` if it was added.
pub(super) fn insert_key(conn: &Connection, key: &HolderKey, created_at: &str, label: Option<&str>) -> Result<bool, WalletError> {
    let secret = key.secret_bytes();
    let n = conn
        .execute(
            "INSERT OR IGNORE INTO holder_key (kind, key_id, did, secret, public, created_at, label) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![KIND_ED25519, key.verification_method(), key.did(), secret.as_slice(), key.public_key().as_slice(), created_at, label],
        )
        .map_err(db)?;
    Ok(n > 0)
}

/// The wallet's keys, making the first one if there is none.
fn ensure_keys(conn: &Connection) -> Result<Vec<HolderKey>, WalletError> {
    let keys = holder_keys(conn)?;
    if !keys.is_empty() {
        return Ok(keys);
    }
    let key = HolderKey::generate().map_err(|_| WalletError::RandomUnavailable)?;
    insert_key(conn, &key, &now_rfc3339(), None)?;
    Ok(vec![key])
}

impl Wallet {
    /// The learner's holder DID (`did:key:z6Mk…`) — the identity presentations are signed
    /// with, and the one to give an issuer as `credentialSubject.id`. The key is made (OS
    /// CSPRNG) and stored encrypted on first use.
    pub fn holder_did(&self) -> Result<String, WalletError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(db)?;
        let keys = ensure_keys(&tx)?;
        tx.commit().map_err(db)?;
        keys.first().map(HolderKey::did).ok_or(WalletError::Storage { code: "no holder key".into() })
    }

    /// Signs a Verifiable Presentation of the badges `ids` (in that order, each once) with the
    /// holder key, answering `request` (its challenge and domain) or one-way when `None`, valid
    /// for `lifetime_secs` (default [`DEFAULT_LIFETIME_SECS`]). The badges go in as they were
    /// received (a baked image: its credential). Each badge gets a [`LogAction::Present`] log
    /// entry naming the request's verifier (`name (domain)`) in `to_whom`.
    ///
    /// The key: the wallet's key that is the subject of one of the badges (so a restored
    /// older key still answers for the badges issued to it), else its first key.
    ///
    /// Errors (nothing logged): [`WalletError::NotFound`], [`WalletError::NotPresentable`] (an
    /// OB 2.0 assertion, a URL), [`WalletError::Present`] (no badge or too many, an expired
    /// request, a bad lifetime).
    pub fn present(
        &self,
        ids: &[i64],
        request: Option<&PresentationRequest>,
        lifetime_secs: Option<u32>,
    ) -> Result<Presentation, WalletError> {
        let mut unique: Vec<i64> = Vec::with_capacity(ids.len());
        for id in ids {
            if !unique.contains(id) {
                unique.push(*id);
            }
        }
        if unique.is_empty() || unique.len() > crate::present::exchange::MAX_CREDENTIALS {
            return Err(PresentError::CredentialCount.into());
        }
        let now = self.verifier.options().now.unwrap_or_else(chrono::Utc::now);
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(db)?;
        let mut members: Vec<Value> = Vec::with_capacity(unique.len());
        let mut labels: Vec<Option<String>> = Vec::with_capacity(unique.len());
        for (i, id) in unique.iter().enumerate() {
            let row: Option<(Vec<u8>, Option<String>)> = tx
                .query_row(
                    "SELECT x.original, b.name FROM badge b JOIN badge_blob x ON x.badge_id = b.id WHERE b.id = ?1",
                    params![id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(db)?;
            let (original, name) = row.ok_or(WalletError::NotFound { id: *id })?;
            let member = member_from_bytes(&original, i).map_err(|e| match e {
                PresentError::NotPresentable { reason, .. } => WalletError::NotPresentable { id: *id, reason: reason.to_owned() },
                other => other.into(),
            })?;
            members.push(member);
            labels.push(name);
        }
        let keys = ensure_keys(&tx)?;
        let subjects: Vec<String> = members.iter().filter_map(crate::verify::nested::subject_ids).flatten().collect();
        let key = keys
            .iter()
            .find(|k| subjects.contains(&k.did()))
            .or(keys.first())
            .ok_or(WalletError::Storage { code: "no holder key".into() })?;
        let p = sign_presentation(key, members, request, now, lifetime_secs.unwrap_or(DEFAULT_LIFETIME_SECS))?;

        let detail = match request {
            Some(_) => format!("answering a request, valid until {}", p.expires),
            None => format!("one-way, valid until {}", p.expires),
        };
        let to_whom = request.map(PresentationRequest::who);
        for (id, label) in unique.iter().zip(&labels) {
            tx.execute(
                "INSERT INTO activity_log (at, action, badge_id, label, detail, to_whom) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![now_rfc3339(), LogAction::Present.as_str(), id, label, detail, to_whom],
            )
            .map_err(db)?;
        }
        tx.commit().map_err(db)?;
        Ok(p)
    }
}
