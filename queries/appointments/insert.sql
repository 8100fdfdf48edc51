INSERT INTO appointments (patient_id, practitioner_id, appointment_type_id, starts_at, ends_at, state,
                          type_name, colour, price_minor, currency, payment_mode, online_amount_minor,
                          override_reason, cancellation_fee_minor, no_show_fee_minor, created_at,
                          updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
RETURNING id AS "id!"
