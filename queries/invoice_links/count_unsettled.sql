SELECT COUNT(*) AS "n!: i64" FROM invoice_links WHERE status IN ('creating', 'retiring')
