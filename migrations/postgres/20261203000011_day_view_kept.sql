-- What the day view shows of each appointment, kept on the appointment's
-- own row: the patient's name, the newest Checkout attempt's status and the
-- amount paid online, and the account's four totals. The calendar then
-- reads one table. Each appointment's patient, attempts and entries were an
-- index probe apiece, 2 400 for a full day of 800 appointments, and took 10
-- of the query's 12 ms (a plan change can't avoid them: the planner expects
-- one appointment in a day's range, as start and end are correlated).
-- Triggers keep the values, so no workstation's code path can forget them;
-- each recomputes from the rows it is kept from (never adds to the old
-- value). While a clinic moves in (store-postgres's move_in.rs sets
-- clinicdesk.moving_in for its transaction) they stand aside: per row they
-- made moving a large clinic take 90 s instead of 17, and
-- clinicdesk_keep_day_view() then works every row out in one pass. The
-- SQLite twin is migrations/20261203000011_day_view_kept.sql; the triggers
-- have its names.

ALTER TABLE appointments ADD COLUMN patient_name TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN payment_status TEXT COLLATE "C"
    CHECK (payment_status IN ('creating', 'open', 'processing', 'paid', 'failed', 'expired', 'abandoned', 'closed',
                              'mismatch'));
ALTER TABLE appointments ADD COLUMN paid_online_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN charges_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN discounts_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN payments_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE appointments ADD COLUMN refunds_minor BIGINT NOT NULL DEFAULT 0;

-- Whether a clinic is being moved in (see above).
CREATE FUNCTION clinicdesk_moving_in() RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('clinicdesk.moving_in', true), '') = 'on' $$;

-- The patient's name, as the calendar writes it: set on the row itself
-- before it is written.
CREATE FUNCTION appointments_keep_patient_name() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT clinicdesk_moving_in() THEN
        NEW.patient_name := (SELECT first_name || ' ' || last_name FROM patients WHERE id = NEW.patient_id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER appointments_keep_patient_name_insert BEFORE INSERT ON appointments
    FOR EACH ROW EXECUTE FUNCTION appointments_keep_patient_name();
CREATE TRIGGER appointments_keep_patient_name_update BEFORE UPDATE OF patient_id ON appointments
    FOR EACH ROW EXECUTE FUNCTION appointments_keep_patient_name();

CREATE FUNCTION patients_rename_appointments() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE appointments SET patient_name = NEW.first_name || ' ' || NEW.last_name WHERE patient_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER patients_rename_appointments AFTER UPDATE OF first_name, last_name ON patients
    FOR EACH ROW WHEN (OLD.first_name <> NEW.first_name OR OLD.last_name <> NEW.last_name)
    EXECUTE FUNCTION patients_rename_appointments();

-- The newest attempt's status and the sum of the paid ones.
CREATE FUNCTION checkout_attempts_keep_appointment(appointment BIGINT) RETURNS VOID
LANGUAGE sql AS $$
    UPDATE appointments
    SET payment_status = (SELECT status FROM checkout_attempts WHERE appointment_id = appointment
                          ORDER BY id DESC LIMIT 1),
        paid_online_minor = (SELECT COALESCE(SUM(amount_minor), 0) FROM checkout_attempts
                             WHERE appointment_id = appointment AND status = 'paid')
    WHERE id = appointment;
$$;
CREATE FUNCTION checkout_attempts_keep_appointment() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
    IF clinicdesk_moving_in() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.appointment_id <> NEW.appointment_id THEN
        PERFORM checkout_attempts_keep_appointment(OLD.appointment_id);
    END IF;
    PERFORM checkout_attempts_keep_appointment(NEW.appointment_id);
    RETURN NULL;
END $$;
CREATE TRIGGER checkout_attempts_keep_appointment_insert AFTER INSERT ON checkout_attempts
    FOR EACH ROW EXECUTE FUNCTION checkout_attempts_keep_appointment();
CREATE TRIGGER checkout_attempts_keep_appointment_update AFTER UPDATE OF appointment_id, status, amount_minor
    ON checkout_attempts FOR EACH ROW EXECUTE FUNCTION checkout_attempts_keep_appointment();

-- The account's totals: each kind's amounts, a correction taking its amount
-- off its kind (domain's Totals::add). Entries are never edited or deleted.
CREATE FUNCTION account_entries_keep_appointment_totals() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
    IF clinicdesk_moving_in() THEN
        RETURN NULL;
    END IF;
    UPDATE appointments
    SET (charges_minor, discounts_minor, payments_minor, refunds_minor) = (
        SELECT COALESCE(SUM(CASE WHEN kind = 'charge' THEN signed ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN kind = 'discount' THEN signed ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN kind = 'payment' THEN signed ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN kind = 'refund' THEN signed ELSE 0 END), 0)
        FROM (SELECT kind, CASE WHEN reverses IS NULL THEN amount_minor ELSE -amount_minor END AS signed
              FROM account_entries WHERE appointment_id = NEW.appointment_id) e)
    WHERE id = NEW.appointment_id;
    RETURN NULL;
END $$;
CREATE TRIGGER account_entries_keep_appointment_totals AFTER INSERT ON account_entries
    FOR EACH ROW EXECUTE FUNCTION account_entries_keep_appointment_totals();

-- Every appointment's kept values in one pass: the rows already there (a
-- server made before this version), and a clinic just moved in. Only rows
-- whose values differ are written.
CREATE FUNCTION clinicdesk_keep_day_view() RETURNS VOID
LANGUAGE sql AS $$
    UPDATE appointments a
    SET patient_name = k.patient_name, payment_status = k.payment_status, paid_online_minor = k.paid_online_minor,
        charges_minor = k.charges_minor, discounts_minor = k.discounts_minor, payments_minor = k.payments_minor,
        refunds_minor = k.refunds_minor
    FROM (
        SELECT x.id, p.first_name || ' ' || p.last_name AS patient_name, c.status AS payment_status,
               COALESCE(c.paid, 0) AS paid_online_minor, COALESCE(e.charges, 0) AS charges_minor,
               COALESCE(e.discounts, 0) AS discounts_minor, COALESCE(e.payments, 0) AS payments_minor,
               COALESCE(e.refunds, 0) AS refunds_minor
        FROM appointments x
        JOIN patients p ON p.id = x.patient_id
        LEFT JOIN (SELECT appointment_id, (array_agg(status ORDER BY id DESC))[1] AS status,
                          SUM(amount_minor) FILTER (WHERE status = 'paid') AS paid
                   FROM checkout_attempts GROUP BY appointment_id) c ON c.appointment_id = x.id
        LEFT JOIN (SELECT appointment_id,
                          SUM(signed) FILTER (WHERE kind = 'charge') AS charges,
                          SUM(signed) FILTER (WHERE kind = 'discount') AS discounts,
                          SUM(signed) FILTER (WHERE kind = 'payment') AS payments,
                          SUM(signed) FILTER (WHERE kind = 'refund') AS refunds
                   FROM (SELECT appointment_id, kind,
                                CASE WHEN reverses IS NULL THEN amount_minor ELSE -amount_minor END AS signed
                         FROM account_entries) s
                   GROUP BY appointment_id) e ON e.appointment_id = x.id
    ) k
    WHERE k.id = a.id
      AND (a.patient_name, a.payment_status, a.paid_online_minor, a.charges_minor, a.discounts_minor,
           a.payments_minor, a.refunds_minor)
          IS DISTINCT FROM (k.patient_name, k.payment_status, k.paid_online_minor, k.charges_minor,
                            k.discounts_minor, k.payments_minor, k.refunds_minor);
$$;
SELECT clinicdesk_keep_day_view();
