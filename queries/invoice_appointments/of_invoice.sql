SELECT ia.appointment_id AS "id!" FROM invoice_appointments ia
JOIN appointments a ON a.id = ia.appointment_id
WHERE ia.invoice_id = $1 ORDER BY a.starts_at, a.id
