SELECT COUNT(*) AS "n!: i64" FROM attention_items WHERE resolved_at IS NULL
