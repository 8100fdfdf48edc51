SELECT COUNT(*) AS "n!: i64" FROM checkout_attempts WHERE status IN ('creating', 'open', 'processing')
