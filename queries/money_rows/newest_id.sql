SELECT COALESCE(MAX(id), 0) AS "id!: i64" FROM account_entries
