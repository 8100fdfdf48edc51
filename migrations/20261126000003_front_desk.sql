-- Front desk: practitioners, opening hours, patients, appointments and the
-- online payment attempts made for them.
-- Instants are RFC 3339 UTC text written by the app in one fixed format
-- ("2026-11-27T09:30:00Z" for appointment times), so text order is time order.

ALTER TABLE clinic ADD COLUMN slot_minutes INTEGER NOT NULL DEFAULT 15
    CHECK (slot_minutes IN (5, 10, 15, 20, 30, 60));
-- How long a "required" booking holds its slot while the patient pays:
-- the Checkout Session's expiry. Stripe allows 30 minutes to 24 hours.
ALTER TABLE clinic ADD COLUMN hold_minutes INTEGER NOT NULL DEFAULT 60
    CHECK (hold_minutes BETWEEN 30 AND 1440);
ALTER TABLE clinic ADD COLUMN allow_outside_hours BOOLEAN NOT NULL DEFAULT FALSE
    CHECK (allow_outside_hours IN (FALSE, TRUE));

CREATE TABLE practitioners (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    name_key      TEXT    NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE CHECK (active IN (FALSE, TRUE)),
    display_order INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX practitioners_name_key ON practitioners (name_key) WHERE active = TRUE;

-- One opening interval per weekday (1 = Monday … 7 = Sunday), in minutes
-- after local midnight; a weekday without a row is closed.
CREATE TABLE opening_hours (
    weekday     INTEGER PRIMARY KEY CHECK (weekday BETWEEN 1 AND 7),
    opens_min   INTEGER NOT NULL CHECK (opens_min BETWEEN 0 AND 1439),
    closes_min  INTEGER NOT NULL CHECK (closes_min BETWEEN 1 AND 1440),
    CHECK (closes_min > opens_min)
);
-- Monday to Friday, 09:00 to 17:00, until the owner says otherwise.
INSERT INTO opening_hours (weekday, opens_min, closes_min)
VALUES (1, 540, 1020), (2, 540, 1020), (3, 540, 1020), (4, 540, 1020), (5, 540, 1020);

CREATE TABLE patients (
    id            INTEGER PRIMARY KEY,
    first_name    TEXT    NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name     TEXT    NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    email         TEXT    NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    phone         TEXT    NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    date_of_birth TEXT,
    notes         TEXT    NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    -- Search keys, case-folded by the app: "first last", "last first",
    -- the email, and the phone's digits. Prefix searches use their indexes.
    name_key      TEXT    NOT NULL,
    rname_key     TEXT    NOT NULL,
    email_key     TEXT    NOT NULL DEFAULT '',
    phone_digits  TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX patients_name_key ON patients (name_key);
CREATE INDEX patients_rname_key ON patients (rname_key);
CREATE INDEX patients_email_key ON patients (email_key) WHERE email_key <> '';
CREATE INDEX patients_phone_digits ON patients (phone_digits) WHERE phone_digits <> '';

CREATE TABLE appointments (
    id                  INTEGER PRIMARY KEY,
    patient_id          INTEGER NOT NULL REFERENCES patients (id),
    practitioner_id     INTEGER NOT NULL REFERENCES practitioners (id),
    appointment_type_id INTEGER NOT NULL REFERENCES appointment_types (id),
    starts_at           TEXT    NOT NULL,
    ends_at             TEXT    NOT NULL CHECK (ends_at > starts_at),
    state               TEXT    NOT NULL CHECK (state IN ('awaiting_payment', 'booked', 'arrived', 'completed',
                                                          'cancelled', 'no_show', 'expired')),
    -- What the type said when this was booked; later edits of the type
    -- never change an existing booking.
    type_name           TEXT    NOT NULL,
    colour              TEXT    NOT NULL,
    price_minor         INTEGER NOT NULL CHECK (price_minor >= 0),
    currency            TEXT    NOT NULL CHECK (length(currency) = 3),
    payment_mode        TEXT    NOT NULL CHECK (payment_mode IN ('disabled', 'allowed', 'required')),
    online_amount_minor INTEGER CHECK (online_amount_minor > 0 AND online_amount_minor <= price_minor),
    -- Set when a "required" booking was made or confirmed without payment.
    override_reason     TEXT    CHECK (override_reason IS NULL OR length(override_reason) BETWEEN 1 AND 500),
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    CHECK ((payment_mode = 'disabled') = (online_amount_minor IS NULL))
);
CREATE INDEX appointments_practitioner_time ON appointments (practitioner_id, starts_at);
CREATE INDEX appointments_time ON appointments (starts_at);
CREATE INDEX appointments_patient ON appointments (patient_id);

-- The rule is enforced in Rust inside the booking transaction; this trigger
-- is the last line of defence should any other path ever insert a row.
CREATE TRIGGER appointments_no_overlap BEFORE INSERT ON appointments
WHEN NEW.state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show')
 AND EXISTS (SELECT 1 FROM appointments a
             WHERE a.practitioner_id = NEW.practitioner_id
               AND a.state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show')
               AND a.starts_at < NEW.ends_at AND a.ends_at > NEW.starts_at
               -- No type lasts over 720 minutes: this bounds the index scan.
               AND a.starts_at > strftime('%Y-%m-%dT%H:%M:%SZ', NEW.starts_at, '-720 minutes'))
BEGIN
    SELECT RAISE(ABORT, 'slot_taken');
END;

-- One row per Checkout Session we ask Stripe for (see ARCHITECTURE.md).
CREATE TABLE payments (
    id                     INTEGER PRIMARY KEY,
    appointment_id         INTEGER NOT NULL REFERENCES appointments (id),
    kind                   TEXT    NOT NULL CHECK (kind IN ('checkout')),
    status                 TEXT    NOT NULL CHECK (status IN ('creating', 'open', 'processing', 'paid', 'failed',
                                                              'expired', 'abandoned')),
    amount_minor           INTEGER NOT NULL CHECK (amount_minor > 0),
    currency               TEXT    NOT NULL CHECK (length(currency) = 3),
    -- Stored before the request is sent: a retry after a crash re-sends the
    -- same key, and Stripe answers with the session it already made.
    idempotency_key        TEXT    NOT NULL UNIQUE,
    -- The request's own expiry, re-sent unchanged with the same key.
    requested_expires_at   TEXT    NOT NULL,
    checkout_session_id    TEXT    UNIQUE,
    payment_intent_id      TEXT,
    url                    TEXT,
    expires_at             TEXT,
    livemode               BOOLEAN CHECK (livemode IN (FALSE, TRUE)),
    failure_code           TEXT,
    failure_message        TEXT,
    -- Key for POST /v1/checkout/sessions/:id/expire, stored before it is sent.
    expire_idempotency_key TEXT    UNIQUE,
    created_at             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL,
    paid_at                TEXT
);
CREATE INDEX payments_appointment ON payments (appointment_id);
CREATE INDEX payments_pending ON payments (status) WHERE status IN ('creating', 'open', 'processing');

-- Where reading Stripe's event list got to.
CREATE TABLE stripe_event_cursor (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    last_event_id TEXT    NOT NULL,
    last_created  INTEGER NOT NULL,
    read_at       TEXT    NOT NULL
);
