SELECT status = 'ok' AS "ok!: bool", file, failure_code, at FROM backups
WHERE status = 'ok' ORDER BY id DESC LIMIT 1
