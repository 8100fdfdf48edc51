INSERT INTO stripe_connection (id, account_id, display_name, country, default_currency, livemode, key_hint,
                               restricted, key_status, connected_at, verified_at, business_url)
VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (id) DO UPDATE SET
  account_id = excluded.account_id, display_name = excluded.display_name, country = excluded.country,
  default_currency = excluded.default_currency, livemode = excluded.livemode, key_hint = excluded.key_hint,
  restricted = excluded.restricted, key_status = excluded.key_status, connected_at = excluded.connected_at,
  verified_at = excluded.verified_at, business_url = excluded.business_url
