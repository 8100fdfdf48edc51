SELECT l.id AS "id!", COALESCE(l.cash_day, '') AS "cash_day!: String", l.kind AS "kind: clinicdesk_domain::EntryKind",
       l.method AS "method!: clinicdesk_domain::PaymentMethod", l.amount_minor, l.reverses IS NOT NULL AS "reversal!: bool",
       pt.first_name || ' ' || pt.last_name AS "patient!: String"
FROM account_entries l
JOIN account_entries o ON o.id = COALESCE(l.reverses, l.refund_of)
JOIN appointments a ON a.id = l.appointment_id
JOIN patients pt ON pt.id = a.patient_id
WHERE l.id > $1 AND l.kind IN ('payment', 'refund')
  AND (o.cash_day = $2 OR (o.cash_day IS NULL AND o.at >= $3 AND o.at < $4))
ORDER BY l.id
