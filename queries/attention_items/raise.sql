INSERT INTO attention_items (kind, appointment_id, attempt_id, amount_minor, currency, detail, raised_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (kind, attempt_id) DO NOTHING
