SELECT e.id AS "id!", e.appointment_id, e.kind AS "kind: clinicdesk_domain::EntryKind", e.amount_minor, e.currency,
       e.charge_for AS "charge_for: clinicdesk_domain::ChargeFor", e.method AS "method: clinicdesk_domain::PaymentMethod", e.percent,
       e.concession_id, e.fund_name, e.claim_reference, e.note, e.refund_of, e.reverses, e.attempt_id,
       e.invoice_payment_id, e.taken_by, e.at, c.name AS "concession_name?", r.status AS "refund_status?: clinicdesk_domain::RefundStatus"
FROM account_entries e
LEFT JOIN concessions c ON c.id = e.concession_id
LEFT JOIN refund_attempts r ON r.refund_entry_id = e.id
WHERE e.id = $1
