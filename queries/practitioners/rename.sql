UPDATE practitioners SET name = $1, name_key = $2, updated_at = $3 WHERE id = $4
