-- Akashi wallet, schema version 1: badges, their tags and replaced versions, full-text index.
-- Applied in one transaction together with `PRAGMA user_version = 1`.

-- Marks the file as an Akashi wallet (a keyed database without it is refused).
CREATE TABLE wallet_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO wallet_meta (key, value) VALUES ('format', 'akashi-wallet');

-- One row per badge: its current version.
CREATE TABLE badge (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after a delete
    -- Identity for dedupe; NULL when the credential has no issuer id or no credential id.
    issuer_id      TEXT,
    credential_id  TEXT,
    content_sha256 BLOB NOT NULL,                      -- of `original`: exact re-imports
    original       BLOB NOT NULL,                      -- the bytes exactly as received
    envelope       TEXT NOT NULL,                      -- json | compact_jws | png | svg | url
    securing       TEXT NOT NULL,                      -- embedded_proof | vc_jwt | ob2_hosted | ...
    -- Display summary, as the credential states it.
    name           TEXT,
    description    TEXT,
    issuer_name    TEXT,
    image_url      TEXT,
    valid_from     TEXT,                               -- as written
    valid_from_ts  INTEGER,                            -- Unix seconds, for sorting and "newer"
    valid_until    TEXT,
    -- The last verification.
    report_json    TEXT NOT NULL,                      -- serde JSON of core::Report
    summary        TEXT NOT NULL,                      -- Summary::as_str of that report
    verified_at    TEXT NOT NULL,                      -- RFC 3339, when it was verified
    -- How it arrived.
    imported_at    TEXT NOT NULL,                      -- RFC 3339
    import_source  TEXT NOT NULL                       -- file | text | url | bytes
);
CREATE UNIQUE INDEX badge_identity ON badge (issuer_id, credential_id)
    WHERE issuer_id IS NOT NULL AND credential_id IS NOT NULL;
CREATE INDEX badge_sha ON badge (content_sha256);
CREATE INDEX badge_issuer ON badge (issuer_id);

CREATE TABLE badge_tag (
    badge_id INTEGER NOT NULL REFERENCES badge (id) ON DELETE CASCADE,
    tag      TEXT NOT NULL,
    PRIMARY KEY (badge_id, tag)
) WITHOUT ROWID;
CREATE INDEX badge_tag_tag ON badge_tag (tag);

-- Versions of a badge that were replaced by a newer one, or arrived older than the current one.
CREATE TABLE badge_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    badge_id       INTEGER NOT NULL REFERENCES badge (id) ON DELETE CASCADE,
    content_sha256 BLOB NOT NULL,
    original       BLOB NOT NULL,
    envelope       TEXT NOT NULL,
    securing       TEXT NOT NULL,
    valid_from     TEXT,
    report_json    TEXT NOT NULL,
    summary        TEXT NOT NULL,
    verified_at    TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    import_source  TEXT NOT NULL,
    archived_at    TEXT NOT NULL,                      -- when it went to history
    reason         TEXT NOT NULL                       -- replaced | older
);
CREATE INDEX badge_history_badge ON badge_history (badge_id);

-- Full-text search over name, description, issuer name and tags; rowid = badge.id, kept in
-- step with `badge` / `badge_tag` by the core in the same transactions.
CREATE VIRTUAL TABLE badge_fts USING fts5 (
    name, description, issuer_name, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);
