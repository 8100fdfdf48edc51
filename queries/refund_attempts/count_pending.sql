SELECT COUNT(*) AS "n!: i64" FROM refund_attempts WHERE status IN ('creating', 'pending')
