UPDATE attention_items SET resolved_at = $1, resolution = $2 WHERE id = $3 AND resolved_at IS NULL
