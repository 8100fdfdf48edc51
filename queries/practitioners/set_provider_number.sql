UPDATE practitioners SET provider_number = $1, updated_at = $2 WHERE id = $3
