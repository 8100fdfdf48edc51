UPDATE checkout_attempts SET idempotency_key = $1, request_body = $2 WHERE id = $3
