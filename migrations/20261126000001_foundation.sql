-- Clinicdesk foundation: the clinic, its appointment types with their online
-- payment settings, and an append-only audit log.
-- Times are RFC 3339 UTC text written by the app; money is integer minor units.

CREATE TABLE clinic (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    -- Names this database everywhere else (keychain entry, Stripe metadata),
    -- so two data folders never share a secret or a payment.
    database_id TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL DEFAULT '' CHECK (length(name) <= 100),
    time_zone   TEXT    NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    currency    TEXT    NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE appointment_types (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- Case-folded name, computed by the app (Unicode-aware, unlike SQL lower()).
    name_key           TEXT    NOT NULL,
    description        TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    duration_minutes   INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
    price_minor        INTEGER NOT NULL CHECK (price_minor BETWEEN 0 AND 1000000000),
    currency           TEXT    NOT NULL CHECK (length(currency) = 3),
    colour             TEXT    NOT NULL CHECK (length(colour) = 7 AND substr(colour, 1, 1) = '#'),
    display_order      INTEGER NOT NULL,
    archived           BOOLEAN NOT NULL DEFAULT FALSE CHECK (archived IN (FALSE, TRUE)),
    online_mode        TEXT    NOT NULL DEFAULT 'disabled'
                       CHECK (online_mode IN ('disabled', 'allowed', 'required')),
    online_amount_rule TEXT    NOT NULL DEFAULT 'full'
                       CHECK (online_amount_rule IN ('full', 'fixed', 'percent')),
    online_fixed_minor INTEGER CHECK (online_fixed_minor > 0 AND online_fixed_minor <= price_minor),
    online_percent     INTEGER CHECK (online_percent BETWEEN 1 AND 100),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    CHECK ((online_amount_rule = 'fixed') = (online_fixed_minor IS NOT NULL)),
    CHECK ((online_amount_rule = 'percent') = (online_percent IS NOT NULL))
);

-- Names are unique among active types only: an archived "Massage" must not
-- stop the clinic from creating a new one.
CREATE UNIQUE INDEX appointment_types_active_name
    ON appointment_types (name_key) WHERE archived = FALSE;
CREATE INDEX appointment_types_order ON appointment_types (archived, display_order);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    workstation TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
