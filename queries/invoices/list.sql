SELECT i.id AS "id!", i.number_text, i.patient_id, p.first_name || ' ' || p.last_name AS "patient!: String",
       i.currency, i.issue_date, i.due_date, i.state AS "state: clinicdesk_domain::InvoiceState",
       CAST(COALESCE((SELECT SUM(CASE l.kind WHEN 'charge' THEN l.amount_minor ELSE -l.amount_minor END)
                      FROM invoice_lines l WHERE l.invoice_id = i.id), 0) AS BIGINT) AS "total!: i64",
       CAST(COALESCE((SELECT SUM(CASE WHEN (e.kind = 'payment') = (e.reverses IS NULL)
                                      THEN e.amount_minor ELSE -e.amount_minor END)
                      FROM invoice_appointments ia
                      JOIN account_entries e ON e.appointment_id = ia.appointment_id
                      WHERE ia.invoice_id = i.id AND e.kind IN ('payment', 'refund')), 0) AS BIGINT) AS "paid!: i64"
FROM invoices i JOIN patients p ON p.id = i.patient_id
WHERE CAST($1 AS BIGINT) IS NULL OR i.patient_id = $1
ORDER BY i.number IS NULL DESC, i.number DESC, i.id DESC LIMIT $2 OFFSET $3
