-- Above any id a restored-over database gave Stripe (see `restores`).
INSERT INTO refund_attempts (id, refund_entry_id, appointment_id, payment_intent_id, amount_minor, currency,
                             status, idempotency_key, request_body, stripe_account_id, livemode,
                             created_at, updated_at)
VALUES ((SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM refund_attempts UNION ALL SELECT MAX(refund_floor) FROM restores
                       UNION ALL SELECT 0) AS used) + 1,
        $1, $2, $3, $4, $5, 'creating', $6, '', $7, $8, $9, $9)
RETURNING id AS "id!"
