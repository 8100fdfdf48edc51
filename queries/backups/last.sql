SELECT status = 'ok' AS "ok!: bool", file, failure_code, at FROM backups
WHERE reason <> 'pre_migration' ORDER BY id DESC LIMIT 1
