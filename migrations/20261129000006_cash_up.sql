-- The end of day: each money entry belongs to one cash-up day (a date in the
-- clinic's time zone), fixed when it is written; a closed day's figures
-- never change.

-- The day an entry counts on: the day it was recorded, or the next day not
-- yet closed when that day already was. NULL for entries written before this
-- version: they count on the day of `at`.
ALTER TABLE account_entries ADD COLUMN cash_day TEXT CHECK (cash_day IS NULL OR length(cash_day) = 10);
CREATE INDEX account_entries_cash_day ON account_entries (cash_day, kind) WHERE cash_day IS NOT NULL;

CREATE TABLE cash_days (
    day           TEXT    PRIMARY KEY CHECK (length(day) = 10),
    currency      TEXT    NOT NULL CHECK (length(currency) = 3),
    -- The till's float at the start of the day.
    float_minor   INTEGER NOT NULL DEFAULT 0 CHECK (float_minor BETWEEN 0 AND 1000000000),
    -- What was counted in the till at the end.
    counted_minor INTEGER CHECK (counted_minor BETWEEN 0 AND 1000000000),
    note          TEXT    CHECK (length(note) <= 500),
    closed_at     TEXT,
    closed_by     TEXT,
    -- The report as it stood when the day was closed (JSON): what a closed
    -- day shows, whatever is renamed or changes state later.
    report        TEXT,
    -- The newest account entry when the day was closed; later entries that
    -- touch this day's money are listed as corrections.
    last_entry_id INTEGER,
    updated_at    TEXT    NOT NULL,
    CHECK ((closed_at IS NULL) = (report IS NULL)),
    CHECK ((closed_at IS NULL) = (last_entry_id IS NULL))
);

CREATE TRIGGER cash_days_closed_never_change BEFORE UPDATE ON cash_days
WHEN OLD.closed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a closed day never changes');
END;
CREATE TRIGGER cash_days_never_deleted BEFORE DELETE ON cash_days
BEGIN
    SELECT RAISE(ABORT, 'cash-up days are never deleted');
END;
