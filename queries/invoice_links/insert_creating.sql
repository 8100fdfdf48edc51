-- Above any id a restored-over database gave Stripe (see `restores`).
INSERT INTO invoice_links (id, invoice_id, amount_minor, currency, status, idempotency_key, request_body,
                           stripe_account_id, livemode, created_at, updated_at)
VALUES ((SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM invoice_links UNION ALL SELECT MAX(link_floor) FROM restores
                       UNION ALL SELECT 0) AS used) + 1,
        $1, $2, $3, 'creating', $4, '', $5, $6, $7, $7)
RETURNING id AS "id!"
