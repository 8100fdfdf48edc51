-- Invoices: a numbered, dated statement of a patient's appointments, with a
-- Stripe Payment Link for the balance due. Numbers come from one gapless
-- sequence per clinic, taken in the same transaction that issues the
-- invoice, and are never reused: a void invoice keeps its number.

-- Printed on invoice lines (Medicare, a health fund's provider number).
ALTER TABLE practitioners ADD COLUMN provider_number TEXT
    CHECK (provider_number IS NULL OR length(provider_number) BETWEEN 1 AND 30);

ALTER TABLE clinic ADD COLUMN invoice_prefix TEXT NOT NULL DEFAULT 'INV-' CHECK (length(invoice_prefix) <= 12);
ALTER TABLE clinic ADD COLUMN invoice_due_days INTEGER NOT NULL DEFAULT 14
    CHECK (invoice_due_days BETWEEN 0 AND 365);
-- The next number to issue. Only ever incremented, inside the issuing
-- transaction, so a rolled-back issue leaves no gap.
ALTER TABLE clinic ADD COLUMN next_invoice_number INTEGER NOT NULL DEFAULT 1 CHECK (next_invoice_number >= 1);

CREATE TABLE invoices (
    id           INTEGER PRIMARY KEY,
    -- NULL while a draft.
    number       INTEGER UNIQUE CHECK (number IS NULL OR number >= 1),
    -- The number as printed (prefix and number), fixed when issued.
    number_text  TEXT    UNIQUE CHECK (number_text IS NULL OR length(number_text) BETWEEN 1 AND 40),
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    currency     TEXT    NOT NULL CHECK (length(currency) = 3),
    -- Dates in the clinic's time zone, YYYY-MM-DD.
    issue_date   TEXT    NOT NULL,
    due_date     TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('draft', 'issued', 'void')),
    note         TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    void_reason  TEXT    CHECK (void_reason IS NULL OR length(void_reason) BETWEEN 1 AND 500),
    created_by   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    issued_at    TEXT,
    voided_at    TEXT,
    updated_at   TEXT    NOT NULL,
    CHECK (due_date >= issue_date),
    CHECK ((state = 'draft') = (number IS NULL)),
    CHECK ((number IS NULL) = (number_text IS NULL)),
    CHECK ((state = 'void') = (void_reason IS NOT NULL))
);
CREATE INDEX invoices_patient ON invoices (patient_id, id);
CREATE INDEX invoices_issue_date ON invoices (issue_date, id);

-- An issued invoice's number never changes, and nothing issued comes back.
CREATE TRIGGER invoices_keep_their_number BEFORE UPDATE ON invoices
WHEN OLD.number IS NOT NULL AND (NEW.number IS NOT OLD.number OR NEW.number_text IS NOT OLD.number_text
                                 OR NEW.state = 'draft' OR OLD.state = 'void')
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice keeps its number and a void invoice stays void');
END;
CREATE TRIGGER invoices_issued_are_never_deleted BEFORE DELETE ON invoices
WHEN OLD.state <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'issued invoices are never deleted; void them');
END;

-- Which appointments an invoice is for. `live` is 1 until the invoice is
-- void, so an appointment is on at most one live invoice (NULLs are
-- distinct in a UNIQUE index, in SQLite and PostgreSQL alike).
CREATE TABLE invoice_appointments (
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    live           INTEGER CHECK (live IS NULL OR live = 1),
    PRIMARY KEY (invoice_id, appointment_id)
);
CREATE UNIQUE INDEX invoice_appointments_one_live ON invoice_appointments (appointment_id, live);

-- The lines as issued: what was charged or discounted, for whom, by whom,
-- when. Taken from the appointments' accounts at issue and then kept, so a
-- reprint says what the patient was sent.
CREATE TABLE invoice_lines (
    id              INTEGER PRIMARY KEY,
    invoice_id      INTEGER NOT NULL REFERENCES invoices (id),
    position        INTEGER NOT NULL,
    appointment_id  INTEGER NOT NULL REFERENCES appointments (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('charge', 'discount')),
    description     TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    practitioner    TEXT    NOT NULL,
    provider_number TEXT,
    service_date    TEXT    NOT NULL,
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    UNIQUE (invoice_id, position)
);
CREATE TRIGGER invoice_lines_stay_as_issued_update BEFORE UPDATE ON invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'invoice lines are never edited');
END;
CREATE TRIGGER invoice_lines_stay_as_issued_delete BEFORE DELETE ON invoice_lines
WHEN (SELECT state FROM invoices WHERE id = OLD.invoice_id) <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice keeps its lines');
END;

-- The invoice's Stripe Payment Link for its balance due. A link's price
-- can't change, so a new balance means a new link and the old one made
-- inactive. Key and request are stored before the request is sent, as for
-- Checkout attempts.
CREATE TABLE invoice_links (
    id                     INTEGER PRIMARY KEY,
    invoice_id             INTEGER NOT NULL REFERENCES invoices (id),
    amount_minor           INTEGER NOT NULL CHECK (amount_minor > 0),
    currency               TEXT    NOT NULL CHECK (length(currency) = 3),
    -- refused: Stripe said no to making it (listed with the invoice).
    status                 TEXT    NOT NULL CHECK (status IN ('creating', 'refused', 'active', 'paid', 'retiring',
                                                              'retired')),
    idempotency_key        TEXT    NOT NULL UNIQUE,
    request_body           TEXT    NOT NULL,
    stripe_payment_link_id TEXT    UNIQUE,
    url                    TEXT,
    retire_key             TEXT    UNIQUE,
    stripe_account_id      TEXT    NOT NULL,
    livemode               BOOLEAN NOT NULL CHECK (livemode IN (FALSE, TRUE)),
    created_at             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL,
    CHECK (status IN ('creating', 'refused') OR stripe_payment_link_id IS NOT NULL)
);
CREATE UNIQUE INDEX invoice_links_one_live ON invoice_links (invoice_id) WHERE status IN ('creating', 'active');
CREATE INDEX invoice_links_pending ON invoice_links (status) WHERE status IN ('creating', 'active', 'retiring');

-- A payment made through an invoice's link: one per Checkout Session, so
-- Stripe's news applied twice is counted once.
CREATE TABLE invoice_payments (
    id                  INTEGER PRIMARY KEY,
    invoice_id          INTEGER NOT NULL REFERENCES invoices (id),
    link_id             INTEGER NOT NULL REFERENCES invoice_links (id),
    checkout_session_id TEXT    NOT NULL UNIQUE,
    payment_intent_id   TEXT,
    amount_minor        INTEGER NOT NULL CHECK (amount_minor > 0),
    currency            TEXT    NOT NULL CHECK (length(currency) = 3),
    livemode            BOOLEAN NOT NULL CHECK (livemode IN (FALSE, TRUE)),
    at                  TEXT    NOT NULL
);

-- The account entries a link payment was shared out into (one per
-- appointment), and what a refund of one of them refunds at Stripe.
ALTER TABLE account_entries ADD COLUMN invoice_payment_id INTEGER REFERENCES invoice_payments (id);

ALTER TABLE sent_emails ADD COLUMN invoice_id INTEGER REFERENCES invoices (id);
