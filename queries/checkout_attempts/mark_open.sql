UPDATE checkout_attempts SET status = 'open', checkout_session_id = $1, url = $2, expires_at = $3,
                             updated_at = $4
WHERE id = $5 AND status = 'creating'
