SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) AS "total!: i64" FROM account_entries
WHERE staff_id = $1 AND cash_day = $2 AND kind = 'refund' AND method = 'online' AND reverses IS NULL
