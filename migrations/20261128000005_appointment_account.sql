-- The appointment's account: charges, discounts, payments and refunds, never
-- edited or deleted; fees for late cancellations and no-shows; concessions;
-- refunds through Stripe.

-- Optional fees per type, snapshotted on each appointment like its price.
ALTER TABLE appointment_types ADD COLUMN cancellation_fee_minor INTEGER
    CHECK (cancellation_fee_minor IS NULL OR cancellation_fee_minor BETWEEN 1 AND 1000000000);
ALTER TABLE appointment_types ADD COLUMN no_show_fee_minor INTEGER
    CHECK (no_show_fee_minor IS NULL OR no_show_fee_minor BETWEEN 1 AND 1000000000);
ALTER TABLE appointments ADD COLUMN cancellation_fee_minor INTEGER
    CHECK (cancellation_fee_minor IS NULL OR cancellation_fee_minor > 0);
ALTER TABLE appointments ADD COLUMN no_show_fee_minor INTEGER
    CHECK (no_show_fee_minor IS NULL OR no_show_fee_minor > 0);

-- Cancelling later than this before the start charges the cancellation fee.
ALTER TABLE clinic ADD COLUMN late_cancel_hours INTEGER NOT NULL DEFAULT 24
    CHECK (late_cancel_hours BETWEEN 0 AND 168);

-- The clinic's concessions ("Pensioner 20 %", "Staff 100 %").
CREATE TABLE concessions (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    name_key   TEXT    NOT NULL,
    percent    INTEGER NOT NULL CHECK (percent BETWEEN 1 AND 100),
    archived   BOOLEAN NOT NULL DEFAULT FALSE CHECK (archived IN (FALSE, TRUE)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE UNIQUE INDEX concessions_active_name ON concessions (name_key) WHERE archived = FALSE;

CREATE TABLE account_entries (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('charge', 'discount', 'payment', 'refund')),
    -- Always positive: the kind gives the direction, a reversal flips it.
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT    NOT NULL CHECK (length(currency) = 3),
    charge_for      TEXT    CHECK (charge_for IN ('service', 'cancellation_fee', 'no_show_fee')),
    method          TEXT    CHECK (method IN ('online', 'card', 'cash', 'health_fund', 'bank_transfer', 'other')),
    -- A percentage discount's percentage (its amount is computed when given).
    percent         INTEGER CHECK (percent BETWEEN 1 AND 100),
    concession_id   INTEGER REFERENCES concessions (id),
    fund_name       TEXT    CHECK (length(fund_name) <= 100),
    claim_reference TEXT    CHECK (length(claim_reference) <= 100),
    -- The reason (discounts, refunds, corrections, waived fees) or a note
    -- (another method, a bank reference).
    note            TEXT    CHECK (length(note) <= 500),
    refund_of       INTEGER REFERENCES account_entries (id),
    -- A correction: this entry cancels that one out. Once per entry.
    reverses        INTEGER UNIQUE REFERENCES account_entries (id),
    -- An online payment: the Checkout attempt it came from, counted once.
    attempt_id      INTEGER UNIQUE REFERENCES checkout_attempts (id),
    -- Who recorded it (the workstation until staff sign in).
    taken_by        TEXT    NOT NULL,
    at              TEXT    NOT NULL,
    CHECK (kind <> 'charge' OR reverses IS NOT NULL OR charge_for IS NOT NULL),
    CHECK ((kind IN ('payment', 'refund')) = (method IS NOT NULL)),
    CHECK (kind <> 'refund' OR reverses IS NOT NULL OR refund_of IS NOT NULL),
    CHECK (method IS NULL OR method <> 'health_fund' OR reverses IS NOT NULL OR kind <> 'payment'
           OR (fund_name IS NOT NULL AND claim_reference IS NOT NULL))
);
-- Covering the day view's sums (kind, amount, reversal per appointment), so
-- they never touch the table.
CREATE INDEX account_entries_appointment ON account_entries (appointment_id, id, kind, amount_minor, reverses);
CREATE INDEX account_entries_at ON account_entries (at);

CREATE TRIGGER account_entries_are_append_only_update BEFORE UPDATE ON account_entries
BEGIN
    SELECT RAISE(ABORT, 'account entries are never edited');
END;
CREATE TRIGGER account_entries_are_append_only_delete BEFORE DELETE ON account_entries
BEGIN
    SELECT RAISE(ABORT, 'account entries are never deleted');
END;

-- An online refund through Stripe (POST /v1/refunds), kept like a Checkout
-- attempt: key and request stored before it is sent, status from Stripe.
CREATE TABLE refund_attempts (
    id                INTEGER PRIMARY KEY,
    refund_entry_id   INTEGER NOT NULL UNIQUE REFERENCES account_entries (id),
    appointment_id    INTEGER NOT NULL REFERENCES appointments (id),
    payment_intent_id TEXT    NOT NULL,
    amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
    currency          TEXT    NOT NULL CHECK (length(currency) = 3),
    status            TEXT    NOT NULL CHECK (status IN ('creating', 'pending', 'succeeded', 'failed', 'canceled')),
    idempotency_key   TEXT    NOT NULL UNIQUE,
    request_body      TEXT    NOT NULL,
    stripe_refund_id  TEXT    UNIQUE,
    failure_reason    TEXT,
    stripe_account_id TEXT    NOT NULL,
    livemode          BOOLEAN NOT NULL CHECK (livemode IN (FALSE, TRUE)),
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);
CREATE INDEX refund_attempts_pending ON refund_attempts (status) WHERE status IN ('creating', 'pending');

-- Every existing appointment gets its account: the service it was booked at
-- (reversed for those that were cancelled or expired), and the online
-- payments already made.
INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, charge_for, taken_by, at)
SELECT id, 'charge', price_minor, currency, 'service', 'upgrade', created_at
FROM appointments WHERE price_minor > 0;
INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, charge_for, note, reverses, taken_by, at)
SELECT e.appointment_id, 'charge', e.amount_minor, e.currency, 'service', 'Appointment ' || a.state, e.id, 'upgrade',
       a.updated_at
FROM account_entries e JOIN appointments a ON a.id = e.appointment_id
WHERE a.state IN ('cancelled', 'expired');
INSERT INTO account_entries (appointment_id, kind, amount_minor, currency, method, attempt_id, taken_by, at)
SELECT appointment_id, 'payment', amount_minor, currency, 'online', id, 'upgrade', COALESCE(paid_at, updated_at)
FROM checkout_attempts WHERE status = 'paid';

-- The kinds of Checkout attempt: the type's online amount at booking, or an
-- amount taken later ("Take payment" online).
-- (checkout_attempts.kind is read as an enum; no CHECK, so kinds can grow.)
