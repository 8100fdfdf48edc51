-- Staff: who is at the desk. Each change in the audit log names the staff
-- member who made it (NULL: Clinicdesk itself, e.g. the payment watch, or a
-- change made before this version).

CREATE TABLE staff (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- Case-folded name, computed by the app: two staff can't share a name.
    name_key        TEXT    NOT NULL UNIQUE,
    role            TEXT    NOT NULL CHECK (role IN ('owner', 'receptionist', 'practitioner')),
    -- A practitioner sees their own calendar: which column is theirs.
    practitioner_id INTEGER REFERENCES practitioners (id),
    -- Argon2id PHC string (salt and parameters inside); never the PIN.
    pin_hash        TEXT    NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),
    active          BOOLEAN NOT NULL DEFAULT TRUE CHECK (active IN (FALSE, TRUE)),
    -- Wrong PINs in a row; five lock the member out until locked_until.
    failed_pins     INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins >= 0),
    locked_until    TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    CHECK (role = 'practitioner' OR practitioner_id IS NULL)
);

-- The clinic can't be left without an owner who can sign in.
CREATE TRIGGER staff_keeps_an_owner BEFORE UPDATE OF role, active ON staff
WHEN OLD.role = 'owner' AND OLD.active AND (NEW.role <> 'owner' OR NOT NEW.active)
     AND (SELECT count(*) FROM staff WHERE role = 'owner' AND active AND id <> OLD.id) = 0
BEGIN
    SELECT RAISE(ABORT, 'staff_last_owner');
END;
CREATE TRIGGER staff_is_never_deleted BEFORE DELETE ON staff
BEGIN
    SELECT RAISE(ABORT, 'staff is never deleted; make the member inactive');
END;

-- Minutes without a touch before the app locks itself (the owner sets it),
-- and the largest online refund a receptionist may make alone (minor units).
ALTER TABLE clinic ADD COLUMN idle_lock_minutes INTEGER NOT NULL DEFAULT 5
    CHECK (idle_lock_minutes BETWEEN 1 AND 240);
ALTER TABLE clinic ADD COLUMN receptionist_refund_limit_minor INTEGER NOT NULL DEFAULT 10000
    CHECK (receptionist_refund_limit_minor BETWEEN 0 AND 1000000000);

ALTER TABLE audit_log ADD COLUMN staff_id INTEGER REFERENCES staff (id);
-- Who took or refunded the money: a receptionist's online refunds a day are
-- capped by the owner.
ALTER TABLE account_entries ADD COLUMN staff_id INTEGER REFERENCES staff (id);
CREATE INDEX account_entries_staff_day ON account_entries (staff_id, cash_day) WHERE staff_id IS NOT NULL;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_staff ON audit_log (staff_id, at);
