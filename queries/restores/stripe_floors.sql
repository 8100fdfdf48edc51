SELECT COALESCE(MAX(attempt_floor), 0) AS "attempt!: i64", COALESCE(MAX(link_floor), 0) AS "link!: i64"
FROM restores
