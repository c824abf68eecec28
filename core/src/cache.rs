//! One cache for everything Akashi fetches (DID documents, HTTPS keys, status lists, hosted
//! OB 2.0 assertions), so that a verifier with no network — an employer at a job fair — can
//! still use what it fetched before, and a career centre verifying a thousand badges fetches a
//! shared status list once.
//!
//! [`CachingFetcher`] wraps the network [`Fetcher`] and is itself a `Fetcher`, so every
//! fetch in the core goes through it. A fresh entry is served without touching the network
//! (online or offline); an expired one is never served: offline it is "unknown", never an old
//! answer presented as current. Expiry is the server's `Cache-Control: max-age` (`no-store` is
//! honoured), else the configured default; content-level limits (a status list's `ttl`, its
//! `validUntil`) shorten an entry through [`CacheStore::shorten`].
//!
//! Stores: [`MemoryCache`] (per process) and, with the `sqlite` feature, [`SqliteCache`] (a
//! file the caller chooses; public documents only, nothing personal is stored in it). A store
//! that fails (disk full, corrupt file) behaves as a miss: the cache can make verification
//! faster or possible offline, never different.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::resolve::{FetchError, Fetched, Fetcher};

/// The default freshness of a fetched document when its server gives no `max-age`: one day.
pub const DEFAULT_TTL_SECS: u64 = 24 * 60 * 60;
/// The longest any entry is kept fresh, whatever the server says: 30 days.
pub const MAX_TTL_SECS: u64 = 30 * 24 * 60 * 60;

/// One cached response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheEntry {
    /// The URL the body was finally served from (after redirects).
    pub url: String,
    /// The response body.
    pub body: Vec<u8>,
    /// When it was fetched (Unix seconds).
    pub fetched_at: i64,
    /// Until when it may be served (Unix seconds, exclusive).
    pub expires_at: i64,
}

/// Where cached responses are kept. Implementations must be safe to share between threads;
/// failures are misses (a cache never makes verification fail).
pub trait CacheStore: Send + Sync {
    /// The entry stored under `key` (the requested URL), fresh or not.
    fn get(&self, key: &str) -> Option<CacheEntry>;
    /// Stores `entry` under `key`, replacing any older one.
    fn put(&self, key: &str, entry: CacheEntry);
    /// Makes the entry under `key` expire no later than `expires_at` (a status list's `ttl`
    /// or `validUntil` learnt after parsing it).
    fn shorten(&self, key: &str, expires_at: i64);
}

/// An in-memory store, bounded in entries and bytes (oldest fetch evicted first).
#[derive(Debug)]
pub struct MemoryCache {
    map: Mutex<HashMap<String, CacheEntry>>,
    max_entries: usize,
    max_bytes: usize,
}

impl Default for MemoryCache {
    fn default() -> Self {
        MemoryCache::new(4096, 64 * 1024 * 1024)
    }
}

impl MemoryCache {
    /// A store holding at most `max_entries` entries and `max_bytes` of bodies.
    pub fn new(max_entries: usize, max_bytes: usize) -> Self {
        MemoryCache { map: Mutex::new(HashMap::new()), max_entries: max_entries.max(1), max_bytes }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CacheEntry>> {
        // A panic elsewhere while holding the lock leaves consistent data (whole entries).
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl CacheStore for MemoryCache {
    fn get(&self, key: &str) -> Option<CacheEntry> {
        self.lock().get(key).cloned()
    }

    fn put(&self, key: &str, entry: CacheEntry) {
        if entry.body.len() > self.max_bytes {
            return;
        }
        let mut map = self.lock();
        map.remove(key);
        let mut total: usize = map.values().map(|e| e.body.len()).sum();
        while !map.is_empty() && (map.len() >= self.max_entries || total + entry.body.len() > self.max_bytes) {
            let oldest = map.iter().min_by_key(|(_, e)| e.fetched_at).map(|(k, _)| k.clone());
            match oldest.and_then(|k| map.remove(&k)) {
                Some(e) => total -= e.body.len(),
                None => break,
            }
        }
        map.insert(key.to_owned(), entry);
    }

    fn shorten(&self, key: &str, expires_at: i64) {
        if let Some(e) = self.lock().get_mut(key) {
            e.expires_at = e.expires_at.min(expires_at);
        }
    }
}

#[cfg(feature = "sqlite")]
pub use sqlite::{CacheOpenError, SqliteCache};

#[cfg(feature = "sqlite")]
mod sqlite {
    use std::path::Path;
    use std::sync::Mutex;

    use rusqlite::{params, Connection, OptionalExtension};

    use super::{CacheEntry, CacheStore};

    /// Why a cache file could not be opened. Names the problem, never document content.
    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    #[error("the cache file cannot be used: {0}")]
    pub struct CacheOpenError(pub String);

    /// A persistent store in an SQLite file chosen by the caller (an app's cache folder, a
    /// career centre's shared disk). Holds public documents only.
    #[derive(Debug)]
    pub struct SqliteCache {
        conn: Mutex<Connection>,
    }

    impl SqliteCache {
        /// Opens (creating if needed) the cache at `path`. A file that is not an Akashi cache
        /// (another database, garbage) is refused and left untouched.
        pub fn open(path: &Path) -> Result<Self, CacheOpenError> {
            let conn = Connection::open(path).map_err(|e| CacheOpenError(e.to_string()))?;
            Self::init(conn)
        }

        /// A cache in memory (tests, or a session-only cache with the same code path).
        pub fn in_memory() -> Result<Self, CacheOpenError> {
            let conn = Connection::open_in_memory().map_err(|e| CacheOpenError(e.to_string()))?;
            Self::init(conn)
        }

        fn init(conn: Connection) -> Result<Self, CacheOpenError> {
            let err = |e: rusqlite::Error| CacheOpenError(e.to_string());
            conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(err)?;
            // Refuse a database that has tables but not ours: it is somebody else's file.
            let tables: Vec<String> = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
                .map_err(err)?;
            if !tables.is_empty() && !tables.iter().any(|t| t == "akashi_fetch_cache") {
                return Err(CacheOpenError("the file is a database of something else".into()));
            }
            conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS akashi_fetch_cache (
                     key TEXT PRIMARY KEY NOT NULL,
                     url TEXT NOT NULL,
                     body BLOB NOT NULL,
                     fetched_at INTEGER NOT NULL,
                     expires_at INTEGER NOT NULL
                 );",
            )
            .map_err(err)?;
            Ok(SqliteCache { conn: Mutex::new(conn) })
        }

        fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
            self.conn.lock().unwrap_or_else(|e| e.into_inner())
        }
    }

    impl CacheStore for SqliteCache {
        fn get(&self, key: &str) -> Option<CacheEntry> {
            self.conn()
                .query_row("SELECT url, body, fetched_at, expires_at FROM akashi_fetch_cache WHERE key = ?1", params![key], |r| {
                    Ok(CacheEntry { url: r.get(0)?, body: r.get(1)?, fetched_at: r.get(2)?, expires_at: r.get(3)? })
                })
                .optional()
                .ok()
                .flatten()
        }

        fn put(&self, key: &str, e: CacheEntry) {
            // A failed write (disk full, read-only file) only means the next run fetches again.
            let _ = self.conn().execute(
                "INSERT OR REPLACE INTO akashi_fetch_cache (key, url, body, fetched_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![key, e.url, e.body, e.fetched_at, e.expires_at],
            );
        }

        fn shorten(&self, key: &str, expires_at: i64) {
            let _ = self
                .conn()
                .execute("UPDATE akashi_fetch_cache SET expires_at = MIN(expires_at, ?2) WHERE key = ?1", params![key, expires_at]);
        }
    }
}

/// The wall clock in Unix seconds (a clock before 1970 counts as 0).
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A [`Fetcher`] that answers from a [`CacheStore`] while the entry is fresh, and otherwise
/// from the network (when it has one), storing what it gets.
#[derive(Clone)]
pub struct CachingFetcher {
    network: Option<Arc<dyn Fetcher>>,
    store: Arc<dyn CacheStore>,
    default_ttl: u64,
    clock: fn() -> i64,
}

impl std::fmt::Debug for CachingFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachingFetcher").field("online", &self.network.is_some()).field("default_ttl", &self.default_ttl).finish()
    }
}

impl CachingFetcher {
    /// Caches `network` (or, with `None`, serves only what `store` already holds fresh).
    /// `default_ttl` (seconds) applies when a server gives no `max-age`.
    pub fn new(network: Option<Arc<dyn Fetcher>>, store: Arc<dyn CacheStore>, default_ttl: u64) -> Self {
        CachingFetcher { network, store, default_ttl: default_ttl.min(MAX_TTL_SECS), clock: unix_now }
    }

    /// The same cache without the network: what an offline verification may use.
    pub fn cache_only(&self) -> CachingFetcher {
        CachingFetcher { network: None, ..self.clone() }
    }

    /// Whether this fetcher may use the network.
    pub fn is_online(&self) -> bool {
        self.network.is_some()
    }

    /// The store behind this fetcher.
    pub fn store(&self) -> &Arc<dyn CacheStore> {
        &self.store
    }

    /// Uses `clock` (Unix seconds) instead of the wall clock (tests of expiry).
    pub fn with_clock(mut self, clock: fn() -> i64) -> Self {
        self.clock = clock;
        self
    }

    /// The current time by this fetcher's clock (Unix seconds).
    pub fn now(&self) -> i64 {
        (self.clock)()
    }
}

impl Fetcher for CachingFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let now = (self.clock)();
        let cached = self.store.get(url);
        if let Some(e) = &cached {
            if e.expires_at > now {
                let mut f = Fetched::new(e.url.clone(), e.body.clone());
                f.cached_at = Some(e.fetched_at);
                return Ok(f);
            }
        }
        let Some(network) = &self.network else {
            return Err(FetchError::Offline(match cached {
                Some(e) => format!(
                    "{url} is needed; the copy fetched {} ago expired {} ago, and verification is offline",
                    age(now - e.fetched_at),
                    age(now - e.expires_at)
                ),
                None => format!("{url} is needed, it is not in the cache, and verification is offline"),
            }));
        };
        let fetched = network.fetch(url)?;
        if !fetched.no_store {
            let ttl = fetched.max_age.unwrap_or(self.default_ttl).min(MAX_TTL_SECS);
            let ttl = i64::try_from(ttl).unwrap_or(0);
            self.store.put(
                url,
                CacheEntry { url: fetched.url.clone(), body: fetched.body.clone(), fetched_at: now, expires_at: now.saturating_add(ttl) },
            );
        }
        Ok(fetched)
    }
}

/// "3 h 5 min", "2 d 4 h", "40 s": an age for people.
pub fn age(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(AtomicUsize, Option<u64>, bool);
    impl Fetcher for Counting {
        fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            let mut f = Fetched::new(url, b"{}".to_vec());
            f.max_age = self.1;
            f.no_store = self.2;
            Ok(f)
        }
    }

    fn t0() -> i64 {
        1_000_000
    }
    fn t1() -> i64 {
        1_000_000 + 601
    }

    #[test]
    fn fresh_entries_are_served_and_expired_ones_are_not() {
        let net = Arc::new(Counting(AtomicUsize::new(0), Some(600), false));
        let store: Arc<dyn CacheStore> = Arc::new(MemoryCache::default());
        let f = CachingFetcher::new(Some(net.clone()), store.clone(), 60).with_clock(t0);
        assert_eq!(f.fetch("https://a.example/x").map(|x| x.cached_at), Ok(None));
        assert_eq!(f.fetch("https://a.example/x").map(|x| x.cached_at), Ok(Some(t0())));
        assert_eq!(net.0.load(Ordering::SeqCst), 1);
        // Offline, later than max-age: the expired copy is not served.
        let offline = f.cache_only().with_clock(t1);
        assert!(matches!(offline.fetch("https://a.example/x"), Err(FetchError::Offline(m)) if m.contains("expired")));
        // Online, later: fetched again.
        let later = CachingFetcher::new(Some(net.clone()), store, 60).with_clock(t1);
        assert_eq!(later.fetch("https://a.example/x").map(|x| x.cached_at), Ok(None));
        assert_eq!(net.0.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn no_store_is_honoured_and_shorten_expires() {
        let store: Arc<dyn CacheStore> = Arc::new(MemoryCache::default());
        let f = CachingFetcher::new(Some(Arc::new(Counting(AtomicUsize::new(0), None, true))), store.clone(), 60).with_clock(t0);
        assert!(f.fetch("https://a.example/x").is_ok());
        assert!(store.get("https://a.example/x").is_none());
        let f = CachingFetcher::new(Some(Arc::new(Counting(AtomicUsize::new(0), None, false))), store.clone(), 3600).with_clock(t0);
        assert!(f.fetch("https://a.example/y").is_ok());
        store.shorten("https://a.example/y", t0() + 10);
        assert_eq!(store.get("https://a.example/y").map(|e| e.expires_at), Some(t0() + 10));
        store.shorten("https://a.example/y", t0() + 1000);
        assert_eq!(store.get("https://a.example/y").map(|e| e.expires_at), Some(t0() + 10), "shorten never lengthens");
    }

    #[test]
    fn memory_cache_is_bounded() {
        let c = MemoryCache::new(2, 10);
        for (i, k) in ["a", "b", "c"].iter().enumerate() {
            c.put(k, CacheEntry { url: (*k).into(), body: vec![0; 4], fetched_at: i as i64, expires_at: 100 });
        }
        assert!(c.get("a").is_none(), "oldest evicted");
        assert!(c.get("b").is_some() && c.get("c").is_some());
        c.put("big", CacheEntry { url: "big".into(), body: vec![0; 11], fetched_at: 9, expires_at: 100 });
        assert!(c.get("big").is_none(), "larger than the whole cache: not kept");
    }

    #[cfg(feature = "sqlite")]
    #[test]
    fn sqlite_cache_round_trip_and_foreign_files() {
        let dir = std::env::temp_dir().join(format!("akashi-cache-test-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("cache.sqlite");
        let _ = std::fs::remove_file(&path);
        {
            let c = SqliteCache::open(&path).expect("open");
            c.put("k", CacheEntry { url: "https://a.example/k".into(), body: b"body".to_vec(), fetched_at: 5, expires_at: 50 });
            c.shorten("k", 20);
        }
        let c = SqliteCache::open(&path).expect("reopen");
        assert_eq!(
            c.get("k"),
            Some(CacheEntry { url: "https://a.example/k".into(), body: b"body".to_vec(), fetched_at: 5, expires_at: 20 })
        );
        // Not a database at all, and another program's database: refused, left as they were.
        let garbage = dir.join("garbage.sqlite");
        std::fs::write(&garbage, b"this is not sqlite, just text that is long enough to look like a header").expect("write");
        assert!(SqliteCache::open(&garbage).is_err());
        assert_eq!(std::fs::read(&garbage).expect("read"), b"this is not sqlite, just text that is long enough to look like a header");
        let other = dir.join("other.sqlite");
        let _ = std::fs::remove_file(&other);
        rusqlite::Connection::open(&other).and_then(|c| c.execute_batch("CREATE TABLE notes (x TEXT);")).expect("other db");
        assert!(SqliteCache::open(&other).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
