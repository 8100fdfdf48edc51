INSERT INTO sent_emails (kind, entry_id, invoice_id, recipient, subject, status, failure_code, sent_by, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id AS "id!"
