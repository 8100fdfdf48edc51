SELECT id AS "id!: i64" FROM appointment_types
WHERE name_key = $1 AND archived = FALSE AND id <> $2
