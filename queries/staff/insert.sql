INSERT INTO staff (name, name_key, role, practitioner_id, pin_hash, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id AS "id!"
