UPDATE invoice_appointments SET live = NULL WHERE invoice_id = $1
