-- The id starts above any a restored-over database reached (see
-- `restores`): a receipt's number is never given out twice.
INSERT INTO account_entries (id, appointment_id, kind, amount_minor, currency, charge_for, method, percent,
                             concession_id, fund_name, claim_reference, note, refund_of, reverses,
                             attempt_id, invoice_payment_id, taken_by, staff_id, at, cash_day)
VALUES ((SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM account_entries UNION ALL SELECT MAX(entry_floor) FROM restores
                             UNION ALL SELECT 0) AS used) + 1,
        $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
RETURNING id AS "id!"
