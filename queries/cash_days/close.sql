UPDATE cash_days SET closed_at = $2, closed_by = $3, report = $4, last_entry_id = $5, updated_at = $2
WHERE day = $1 AND closed_at IS NULL
