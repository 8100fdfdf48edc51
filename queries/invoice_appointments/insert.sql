INSERT INTO invoice_appointments (invoice_id, appointment_id, live) VALUES ($1, $2, 1)
