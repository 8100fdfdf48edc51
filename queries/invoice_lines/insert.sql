INSERT INTO invoice_lines (invoice_id, position, appointment_id, kind, description, practitioner,
                           provider_number, service_date, amount_minor)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
