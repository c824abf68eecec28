-- Akashi wallet, schema version 2: the activity log (what happened to which badge, when, and
-- to whom it was shown). Applied in one transaction together with `PRAGMA user_version = 2`.
-- Rows outlive the badge they name (a deletion is itself logged), so no foreign key.
CREATE TABLE activity_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,          -- RFC 3339
    action    TEXT NOT NULL,          -- import | replace | history | duplicate | verify | tag | untag | delete | present
    badge_id  INTEGER,                -- the badge concerned (may since have been deleted)
    label     TEXT,                   -- the badge's name at the time, for display after a delete
    detail    TEXT,                   -- e.g. the summary state after a verification
    to_whom   TEXT                    -- presentations: the verifier (NULL until presentations exist)
);
CREATE INDEX activity_log_badge ON activity_log (badge_id);
