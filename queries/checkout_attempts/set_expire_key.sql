UPDATE checkout_attempts SET expire_idempotency_key = COALESCE(expire_idempotency_key, $1) WHERE id = $2
