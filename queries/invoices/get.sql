SELECT id AS "id!", number, number_text, patient_id, currency, issue_date, due_date,
       state AS "state: clinicdesk_domain::InvoiceState", note, void_reason, created_by, created_at, issued_at, voided_at
FROM invoices WHERE id = $1
