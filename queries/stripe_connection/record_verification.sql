UPDATE stripe_connection
SET key_status = $1, display_name = $2, country = $3, default_currency = $4, verified_at = $5
WHERE id = 1
