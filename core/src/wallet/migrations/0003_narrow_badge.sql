-- Akashi wallet, schema version 3: the large columns of a badge (its original bytes and last
-- report) move to a side table, so that listing and searching read only the narrow display
-- row; indexes for every list order and filter. Applied in one transaction together with
-- `PRAGMA user_version = 3`.

CREATE TABLE badge_blob (
    badge_id    INTEGER PRIMARY KEY NOT NULL REFERENCES badge (id) ON DELETE CASCADE,
    original    BLOB NOT NULL,                         -- the bytes exactly as received
    report_json TEXT NOT NULL                          -- serde JSON of core::Report
);
INSERT INTO badge_blob (badge_id, original, report_json) SELECT id, original, report_json FROM badge;
ALTER TABLE badge DROP COLUMN original;
ALTER TABLE badge DROP COLUMN report_json;

-- List orders (see `Wallet::list`) and filters.
CREATE INDEX badge_order_date ON badge (valid_from_ts, id);
CREATE INDEX badge_order_name ON badge (name IS NULL, name COLLATE NOCASE, id);
CREATE INDEX badge_order_issuer ON badge (
    coalesce(issuer_name, issuer_id) IS NULL, coalesce(issuer_name, issuer_id) COLLATE NOCASE, name COLLATE NOCASE, id
);
CREATE INDEX badge_summary ON badge (summary);
-- badge_issuer (issuer_id) and badge_tag_tag (tag) exist since version 1.
