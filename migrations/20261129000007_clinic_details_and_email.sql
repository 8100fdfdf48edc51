-- What receipts say about the clinic, and the clinic's own mail server for
-- sending them. (The mail server's password lives in the OS keychain, never
-- here.)

ALTER TABLE clinic ADD COLUMN legal_name TEXT NOT NULL DEFAULT '' CHECK (length(legal_name) <= 200);
ALTER TABLE clinic ADD COLUMN address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 500);
ALTER TABLE clinic ADD COLUMN phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40);
ALTER TABLE clinic ADD COLUMN email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254);
-- An ABN, a VAT or GST number: printed as entered.
ALTER TABLE clinic ADD COLUMN tax_number TEXT NOT NULL DEFAULT '' CHECK (length(tax_number) <= 40);
-- Bank details, payment terms: printed at the foot of invoices and receipts.
ALTER TABLE clinic ADD COLUMN document_footer TEXT NOT NULL DEFAULT '' CHECK (length(document_footer) <= 1000);
-- A4 or US Letter.
ALTER TABLE clinic ADD COLUMN paper TEXT NOT NULL DEFAULT 'a4' CHECK (paper IN ('a4', 'letter'));


CREATE TABLE mail_server (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    host       TEXT    NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
    port       INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    -- starttls (587), tls (465), or none (only to this computer, for testing).
    security   TEXT    NOT NULL CHECK (security IN ('starttls', 'tls', 'none')),
    username   TEXT    NOT NULL DEFAULT '' CHECK (length(username) <= 254),
    -- The sender patients see.
    from_email TEXT    NOT NULL CHECK (length(from_email) BETWEEN 3 AND 254),
    from_name  TEXT    NOT NULL DEFAULT '' CHECK (length(from_name) <= 100),
    updated_at TEXT    NOT NULL
);

-- Every email sent (or refused), for the audit trail and "sent on …".
CREATE TABLE sent_emails (
    id            INTEGER PRIMARY KEY,
    -- What was sent: a receipt (an account entry) or a test.
    kind          TEXT    NOT NULL CHECK (kind IN ('test', 'receipt', 'invoice')),
    entry_id      INTEGER REFERENCES account_entries (id),
    recipient     TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('sent', 'failed')),
    failure_code  TEXT,
    sent_by       TEXT    NOT NULL,
    at            TEXT    NOT NULL
);
CREATE INDEX sent_emails_entry ON sent_emails (entry_id) WHERE entry_id IS NOT NULL;
