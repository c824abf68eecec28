-- Akashi wallet, schema version 4: the learner's holder keys (issue 6). Applied in one
-- transaction together with `PRAGMA user_version = 4`.
-- The secret is a 32-byte Ed25519 seed; like everything else in the file it is encrypted by
-- SQLCipher with the wallet key, and it moves with backups (payload `holder_keys`).
-- The wallet signs with its first key (lowest id) unless a badge's subject is another of its keys.
CREATE TABLE holder_key (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,            -- Ed25519
    key_id     TEXT NOT NULL UNIQUE,     -- the did:key verification method (did:key:z…#z…)
    did        TEXT NOT NULL UNIQUE,     -- did:key:z…
    secret     BLOB NOT NULL,            -- the 32-byte seed
    public     BLOB NOT NULL,            -- the 32-byte public key
    created_at TEXT NOT NULL,            -- RFC 3339
    label      TEXT
);
