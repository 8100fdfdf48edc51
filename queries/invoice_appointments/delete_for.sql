DELETE FROM invoice_appointments WHERE invoice_id = $1
