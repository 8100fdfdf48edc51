SELECT id AS "id!", invoice_id, amount_minor, currency, status AS "status: clinicdesk_domain::LinkStatus", idempotency_key,
       request_body, stripe_payment_link_id, url, retire_key, stripe_account_id,
       livemode AS "livemode: bool", created_at
FROM invoice_links WHERE id = $1
