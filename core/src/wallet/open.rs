//! Opening a wallet file: key, recognition, migrations, connection settings.

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use zeroize::Zeroizing;

use super::{db, KeyStore, WalletError, KEY_LEN};

/// The schema, one `.sql` file per version: `MIGRATIONS[i]` takes a wallet from version `i`
/// to `i + 1`. Append only; never edit a released file.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_badges.sql"),
    include_str!("migrations/0002_activity_log.sql"),
    include_str!("migrations/0003_narrow_badge.sql"),
];

/// The value of `wallet_meta.format` that marks an Akashi wallet.
const FORMAT: &str = "akashi-wallet";

/// SQLCipher writes its own "hmac check failed for pgno=1" lines to stderr (logcat / the Apple
/// console on phones) when a key is wrong, next to the typed error we return: noise in an app's
/// log and in a CLI's output. Its log level is process-wide and is set by a PRAGMA on any
/// connection; a throwaway in-memory one, once, before the first wallet is opened.
fn quiet_sqlcipher_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(c) = Connection::open_in_memory() {
            let _ = c.execute_batch("PRAGMA cipher_log_level = NONE;");
        }
    });
}

pub(super) fn open(path: &Path, keys: &dyn KeyStore) -> Result<Connection, WalletError> {
    quiet_sqlcipher_log();
    let key = Zeroizing::new(keys.wallet_key()?);
    if key.len() != KEY_LEN {
        return Err(WalletError::BadKeyLength { len: key.len() });
    }
    let exists = match std::fs::metadata(path) {
        Ok(m) => m.len() > 0,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(WalletError::File { kind: format!("{:?}", e.kind()) }),
    };
    if exists {
        precheck(path)?;
    }
    // An existing file is opened without CREATE, so nothing can replace it behind our back.
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !exists {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags).map_err(db)?;
    apply_key(&conn, &key)?;
    drop(key);
    // Without SQLCipher `PRAGMA key` is silently ignored: refuse rather than write plaintext.
    let cipher: Option<String> = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok();
    if !matches!(cipher.as_deref(), Some(v) if !v.is_empty()) {
        return Err(WalletError::NoEncryption);
    }
    // The first read decrypts page 1: a wrong key (or foreign encrypted data) fails here,
    // before anything is written.
    let tables: Vec<String> = match conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
    {
        Ok(t) => t,
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::NotADatabase => return Err(WalletError::WrongKey),
        Err(e) => return Err(db(e)),
    };
    if !tables.is_empty() {
        if !tables.iter().any(|t| t == "wallet_meta") {
            return Err(WalletError::NotAWallet);
        }
        let format: Option<String> = conn.query_row("SELECT value FROM wallet_meta WHERE key = 'format'", [], |r| r.get(0)).ok();
        if format.as_deref() != Some(FORMAT) {
            return Err(WalletError::NotAWallet);
        }
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(db)?;
    let supported = MIGRATIONS.len() as i64;
    if version > supported {
        return Err(WalletError::TooNew { found: version, supported });
    }
    if tables.is_empty() && version != 0 {
        return Err(WalletError::NotAWallet);
    }
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(db)?;
    // Temporary tables and sort spills stay in memory, never in plaintext temp files.
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON;").map_err(db)?;
    migrate(&conn, version, MIGRATIONS.len())?;
    // After the migrations, so a new file's first pages are in the main file, not in a WAL
    // that a crash could separate from it.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(db)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(WalletError::Storage { code: "WAL journal unavailable".into() });
    }
    // A page cache (decrypted pages) that holds the narrow badge rows and their indexes of a
    // large wallet, so listing does not decrypt them again on every call (wallet_bench).
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384;").map_err(db)?;
    Ok(conn)
}

/// Refuses, without opening it as a database, a file that cannot be an encrypted wallet: a
/// plaintext SQLite database (its header is readable) or a file whose size is not a whole
/// number of database pages (a text file, an image). Encrypted data of the right shape can
/// only be told from a wallet with the right key: that is `WrongKey`.
fn precheck(path: &Path) -> Result<(), WalletError> {
    let io = |e: std::io::Error| WalletError::File { kind: format!("{:?}", e.kind()) };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    let mut head = [0u8; 16];
    let n = f.read(&mut head).map_err(io)?;
    if n == 16 && &head == b"SQLite format 3\0" {
        return Err(WalletError::NotAWallet);
    }
    if len < 512 || len % 512 != 0 {
        return Err(WalletError::NotAWallet);
    }
    Ok(())
}

/// `PRAGMA key = "x'<hex>'"`: a raw 256-bit key, so SQLCipher skips its PBKDF2 (the key is
/// random already). The hex text is wiped after use.
fn apply_key(conn: &Connection, key: &[u8]) -> Result<(), WalletError> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut sql = Zeroizing::new(String::with_capacity(20 + 2 * key.len()));
    sql.push_str("PRAGMA key = \"x'");
    for b in key {
        sql.push(char::from(HEX[usize::from(b >> 4)]));
        sql.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    sql.push_str("'\";");
    conn.execute_batch(&sql).map_err(db)
}

/// Applies `MIGRATIONS[from..to]`, each with its `user_version` in one transaction.
pub(super) fn migrate(conn: &Connection, from: i64, to: usize) -> Result<(), WalletError> {
    let start = usize::try_from(from).unwrap_or(0);
    for (i, sql) in MIGRATIONS.iter().enumerate().take(to).skip(start) {
        let tx = conn.unchecked_transaction().map_err(db)?;
        tx.execute_batch(sql).map_err(db)?;
        tx.pragma_update(None, "user_version", i as i64 + 1).map_err(db)?;
        tx.commit().map_err(db)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wallet::{ImportSource, KeyStoreError, Wallet};
    use crate::{Verifier, VerifyOptions};

    struct Key;
    impl KeyStore for Key {
        fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError> {
            Ok(vec![7; KEY_LEN])
        }
    }

    /// A wallet at schema 1 (before the activity log) is migrated on open, its badges kept.
    #[test]
    fn older_schema_is_migrated() {
        let dir = std::env::temp_dir().join(format!("akashi-wallet-migrate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("w.db");
        {
            let conn = Connection::open(&path).unwrap();
            apply_key(&conn, &[7; KEY_LEN]).unwrap();
            migrate(&conn, 0, 1).unwrap();
            conn.execute(
                "INSERT INTO badge (content_sha256, original, envelope, securing, name, report_json, summary, verified_at, imported_at, import_source)
                 VALUES (x'00', x'7b7d', 'json', 'unknown', 'Old badge', '{}', 'not_verified', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'file')",
                [],
            )
            .unwrap();
            let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(v, 1);
        }
        let verifier = Verifier::new(VerifyOptions { offline: true, ..Default::default() }).unwrap();
        let w = Wallet::open(&path, &Key, verifier).unwrap();
        let conn = w.conn();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        let name: String = conn.query_row("SELECT name FROM badge", [], |r| r.get(0)).unwrap();
        assert_eq!(name, "Old badge");
        drop(conn);
        assert!(w.log().unwrap().is_empty());
        let _ = ImportSource::File;
        drop(w);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A wallet at schema 2 (badge bytes and report inline) is migrated to the narrow badge
    /// row with its side table on open: bytes, report, tags, search and history kept.
    #[test]
    fn schema_2_moves_the_large_columns_out() {
        let dir = std::env::temp_dir().join(format!("akashi-wallet-migrate3-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("w.db");
        {
            let conn = Connection::open(&path).unwrap();
            apply_key(&conn, &[7; KEY_LEN]).unwrap();
            migrate(&conn, 0, 2).unwrap();
            conn.execute_batch(
                "INSERT INTO badge (id, content_sha256, original, envelope, securing, name, valid_from_ts, report_json, summary, verified_at, imported_at, import_source)
                 VALUES (1, x'00', x'7b7d', 'json', 'unknown', 'Old badge', 100, '{}', 'not_verified', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'file'),
                        (2, x'01', x'5b5d', 'json', 'unknown', 'Another', NULL, '{\"x\":1}', 'not_verified', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'file');
                 INSERT INTO badge_tag (badge_id, tag) VALUES (1, 'kept');
                 INSERT INTO badge_fts (rowid, name, description, issuer_name, tags) VALUES (1, 'Old badge', '', '', 'kept'), (2, 'Another', '', '', '');
                 INSERT INTO badge_history (badge_id, content_sha256, original, envelope, securing, report_json, summary, verified_at, imported_at, import_source, archived_at, reason)
                 VALUES (1, x'02', x'7b7d20', 'json', 'unknown', '{}', 'not_verified', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'file', '2026-01-01T00:00:00Z', 'replaced');",
            )
            .unwrap();
        }
        let verifier = Verifier::new(VerifyOptions { offline: true, ..Default::default() }).unwrap();
        let w = Wallet::open(&path, &Key, verifier).unwrap();
        {
            let conn = w.conn();
            let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(v, MIGRATIONS.len() as i64);
            let cols: Vec<String> = conn
                .prepare("SELECT name FROM pragma_table_info('badge')")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert!(!cols.iter().any(|c| c == "original" || c == "report_json"), "{cols:?}");
            let blobs: i64 = conn.query_row("SELECT count(*) FROM badge_blob", [], |r| r.get(0)).unwrap();
            assert_eq!(blobs, 2);
            let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(ok, "ok");
        }
        let d = w.get(1).unwrap();
        assert_eq!(d.original, b"{}");
        assert_eq!(d.badge.tags, vec!["kept"]);
        assert_eq!(d.history.len(), 1);
        assert_eq!(w.get(2).unwrap().original, b"[]");
        let all = w.list(crate::wallet::SortBy::Date, &Default::default()).unwrap();
        assert_eq!(all.iter().map(|b| b.id).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(w.search("old").unwrap()[0].tags, vec!["kept"]);
        // A deletion takes the side row with it.
        w.delete(2).unwrap();
        let blobs: i64 = w.conn().query_row("SELECT count(*) FROM badge_blob", [], |r| r.get(0)).unwrap();
        assert_eq!(blobs, 1);
        drop(w);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
