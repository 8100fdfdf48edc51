INSERT INTO concessions (name, name_key, percent, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
RETURNING id AS "id!"
