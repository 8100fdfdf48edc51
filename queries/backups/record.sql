INSERT INTO backups (reason, status, file, bytes, patients, appointments, payments, failure_code, taken_by, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id AS "id!"
