-- Above any id a restored-over database gave Stripe (see `restores`).
INSERT INTO checkout_attempts (id, appointment_id, kind, status, amount_minor, currency, idempotency_key,
                               requested_expires_at, stripe_account_id, livemode, created_at, updated_at)
VALUES ((SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM checkout_attempts UNION ALL SELECT MAX(attempt_floor) FROM restores
                       UNION ALL SELECT 0) AS used) + 1,
        $1, $2, 'creating', $3, $4, $5, $6, $7, $8, $9, $9)
RETURNING id AS "id!"
