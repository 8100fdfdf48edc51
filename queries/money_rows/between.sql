SELECT e.id AS "id!", COALESCE(e.cash_day, '') AS "cash_day!: String", e.at,
       e.kind AS "kind: clinicdesk_domain::EntryKind", e.method AS "method!: clinicdesk_domain::PaymentMethod", e.amount_minor, e.currency,
       e.reverses IS NOT NULL AS "reversal!: bool", e.note, e.fund_name, e.claim_reference, e.taken_by,
       e.appointment_id, a.practitioner_id, pr.name AS practitioner,
       pt.first_name || ' ' || pt.last_name AS "patient!: String", a.type_name AS service,
       COALESCE(ca.checkout_session_id, ip.checkout_session_id) AS "checkout_session_id?: String",
       COALESCE(ca.payment_intent_id, ip.payment_intent_id, ra.payment_intent_id)
           AS "payment_intent_id?: String",
       ra.stripe_refund_id AS "stripe_refund_id?"
FROM account_entries e
JOIN appointments a ON a.id = e.appointment_id
JOIN practitioners pr ON pr.id = a.practitioner_id
JOIN patients pt ON pt.id = a.patient_id
LEFT JOIN checkout_attempts ca ON ca.id = e.attempt_id
LEFT JOIN invoice_payments ip ON ip.id = e.invoice_payment_id
LEFT JOIN refund_attempts ra ON ra.refund_entry_id = e.id
WHERE e.kind IN ('payment', 'refund')
  AND (e.cash_day BETWEEN $1 AND $2 OR (e.cash_day IS NULL AND e.at >= $3 AND e.at < $4))
ORDER BY e.id
