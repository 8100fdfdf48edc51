INSERT INTO invoice_payments (invoice_id, link_id, checkout_session_id, payment_intent_id, amount_minor,
                              currency, livemode, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (checkout_session_id) DO NOTHING
RETURNING id AS "id!"
