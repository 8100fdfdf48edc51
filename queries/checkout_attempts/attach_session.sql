UPDATE checkout_attempts SET checkout_session_id = $1, updated_at = $2
WHERE id = $3 AND checkout_session_id IS NULL
