SELECT COUNT(*) AS "n!: i64" FROM cash_days WHERE day = $1 AND closed_at IS NOT NULL
