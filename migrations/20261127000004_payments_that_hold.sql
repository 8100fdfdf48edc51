-- Online payments that Stripe accepts and that hold up on a real day.

-- Where patients land after paying on Stripe's hosted page (Checkout's
-- success_url, which hosted sessions require).
ALTER TABLE clinic ADD COLUMN return_url TEXT
    CHECK (return_url IS NULL OR length(return_url) BETWEEN 10 AND 2000);

-- The connected account's public website (business_profile.url), offered as
-- the return page.
ALTER TABLE stripe_connection ADD COLUMN business_url TEXT NOT NULL DEFAULT '';

-- One row per Checkout Session asked of Stripe (was `payments`; that name is
-- kept for the appointment's account of money). Rebuilt because SQLite can't
-- change a CHECK: new statuses, the request as first sent, the account and
-- mode it was made with.
CREATE TABLE checkout_attempts (
    id                     INTEGER PRIMARY KEY,
    appointment_id         INTEGER NOT NULL REFERENCES appointments (id),
    kind                   TEXT    NOT NULL,
    status                 TEXT    NOT NULL CHECK (status IN ('creating', 'open', 'processing', 'paid', 'failed',
                                                              'expired', 'abandoned', 'closed', 'mismatch')),
    amount_minor           INTEGER NOT NULL CHECK (amount_minor > 0),
    currency               TEXT    NOT NULL CHECK (length(currency) = 3),
    idempotency_key        TEXT    NOT NULL UNIQUE,
    -- The create request's parameters, form-encoded, stored with the key
    -- before the first try; every re-send sends exactly these. NULL only for
    -- attempts made by an earlier version, which are never re-sent.
    request_body           TEXT,
    requested_expires_at   TEXT    NOT NULL,
    stripe_account_id      TEXT,
    livemode               BOOLEAN CHECK (livemode IN (FALSE, TRUE)),
    checkout_session_id    TEXT    UNIQUE,
    payment_intent_id      TEXT,
    url                    TEXT,
    expires_at             TEXT,
    failure_code           TEXT,
    failure_message        TEXT,
    expire_idempotency_key TEXT    UNIQUE,
    -- When a delayed payment (a bank debit) started processing.
    processing_since       TEXT,
    created_at             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL,
    paid_at                TEXT
);

INSERT INTO checkout_attempts (id, appointment_id, kind, status, amount_minor, currency, idempotency_key,
                               request_body, requested_expires_at, stripe_account_id, livemode, checkout_session_id,
                               payment_intent_id, url, expires_at, failure_code, failure_message,
                               expire_idempotency_key, processing_since, created_at, updated_at, paid_at)
SELECT p.id, p.appointment_id, 'booking', p.status, p.amount_minor, p.currency, p.idempotency_key,
       NULL, p.requested_expires_at,
       (SELECT account_id FROM stripe_connection WHERE id = 1),
       COALESCE(p.livemode, (SELECT livemode FROM stripe_connection WHERE id = 1)),
       p.checkout_session_id, p.payment_intent_id, p.url, p.expires_at, p.failure_code, p.failure_message,
       p.expire_idempotency_key, CASE WHEN p.status = 'processing' THEN p.updated_at END,
       p.created_at, p.updated_at, p.paid_at
FROM payments p;
DROP TABLE payments;

CREATE INDEX checkout_attempts_appointment ON checkout_attempts (appointment_id);
CREATE INDEX checkout_attempts_pending ON checkout_attempts (status)
    WHERE status IN ('creating', 'open', 'processing');

-- What a person must look at (a payment Stripe reports differently, money
-- for a cancelled appointment, …). Wording lives in the app; a row holds the
-- facts. The same news raised twice is one row.
CREATE TABLE attention_items (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL,
    appointment_id INTEGER REFERENCES appointments (id),
    attempt_id     INTEGER REFERENCES checkout_attempts (id),
    amount_minor   INTEGER,
    currency       TEXT    CHECK (currency IS NULL OR length(currency) = 3),
    -- What Stripe said, as JSON (e.g. the amount it reports).
    detail         TEXT    NOT NULL DEFAULT '{}',
    raised_at      TEXT    NOT NULL,
    resolved_at    TEXT,
    resolution     TEXT    CHECK (resolution IS NULL OR length(resolution) BETWEEN 1 AND 500),
    CHECK ((resolved_at IS NULL) = (resolution IS NULL)),
    UNIQUE (kind, attempt_id)
);
CREATE INDEX attention_items_open ON attention_items (raised_at) WHERE resolved_at IS NULL;

-- One payable link per appointment. An earlier version could, in a race,
-- leave two; the newest stays, the others are no longer followed and are
-- listed under Needs attention so nobody's money is lost sight of.
INSERT INTO attention_items (kind, appointment_id, attempt_id, amount_minor, currency, raised_at)
SELECT 'duplicate_link', a.appointment_id, a.id, a.amount_minor, a.currency,
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM checkout_attempts a
WHERE a.status IN ('creating', 'open', 'processing')
  AND EXISTS (SELECT 1 FROM checkout_attempts b
              WHERE b.appointment_id = a.appointment_id AND b.id > a.id
                AND b.status IN ('creating', 'open', 'processing'));
UPDATE checkout_attempts SET status = 'closed', failure_code = 'duplicate_link'
WHERE id IN (SELECT attempt_id FROM attention_items WHERE kind = 'duplicate_link');
CREATE UNIQUE INDEX checkout_attempts_one_payable ON checkout_attempts (appointment_id)
    WHERE status IN ('creating', 'open', 'processing');
