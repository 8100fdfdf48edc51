UPDATE invoice_links SET status = 'retiring', retire_key = $1, updated_at = $2
WHERE id = $3 AND status = 'active'
