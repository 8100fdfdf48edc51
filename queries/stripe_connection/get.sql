SELECT account_id, display_name, country, default_currency, livemode AS "livemode: bool", key_hint,
       restricted AS "restricted: bool", key_status AS "key_status: clinicdesk_domain::KeyStatus", connected_at, verified_at,
       business_url
FROM stripe_connection WHERE id = 1
