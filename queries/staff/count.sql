SELECT count(*) AS "n!: i64" FROM staff
