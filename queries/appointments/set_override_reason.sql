UPDATE appointments SET override_reason = $1, updated_at = $2 WHERE id = $3
