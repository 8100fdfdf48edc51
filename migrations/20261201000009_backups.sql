-- Backups: where they go, and a record of each one taken (or failed), so the
-- window can say when the last good one was and warn until a failing one
-- works again.

CREATE TABLE backup_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    -- The folder the owner chose (another disk, a USB stick, a synced
    -- folder); NULL: the data folder's backups/ until one is chosen.
    folder     TEXT    CHECK (folder IS NULL OR length(folder) BETWEEN 1 AND 4096),
    updated_at TEXT    NOT NULL
);

CREATE TABLE backups (
    id           INTEGER PRIMARY KEY,
    -- daily (automatic), manual ("Back up now"), pre_migration (before an
    -- upgrade changes the schema; recorded once the upgrade has run).
    reason       TEXT    NOT NULL CHECK (reason IN ('daily', 'manual', 'pre_migration')),
    status       TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
    file         TEXT,
    bytes        INTEGER CHECK (bytes IS NULL OR bytes >= 0),
    patients     INTEGER,
    appointments INTEGER,
    payments     INTEGER,
    -- Why it failed: folder_missing, disk_full, not_writable, check_failed, io.
    failure_code TEXT,
    taken_by     TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    CHECK ((status = 'ok') = (file IS NOT NULL AND failure_code IS NULL))
);
CREATE INDEX backups_at ON backups (at);

-- A restore: a backup put back, the database it replaced set aside (never
-- deleted), and the ids that database had reached. New rows start above
-- them, so nothing given out since the backup (a receipt's number, an id in
-- Stripe's metadata) is given out again; the invoice sequence is moved on
-- the same way.
CREATE TABLE restores (
    id             INTEGER PRIMARY KEY,
    backup_file    TEXT    NOT NULL,
    set_aside_file TEXT    NOT NULL,
    entry_floor    INTEGER NOT NULL DEFAULT 0,
    attempt_floor  INTEGER NOT NULL DEFAULT 0,
    refund_floor   INTEGER NOT NULL DEFAULT 0,
    link_floor     INTEGER NOT NULL DEFAULT 0,
    restored_by    TEXT    NOT NULL,
    at             TEXT    NOT NULL
);
