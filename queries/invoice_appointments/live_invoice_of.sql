SELECT i.id AS "id!", i.number_text FROM invoice_appointments ia JOIN invoices i ON i.id = ia.invoice_id
WHERE ia.appointment_id = $1 AND ia.live = 1
