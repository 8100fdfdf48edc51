INSERT INTO practitioners (name, name_key, active, display_order, created_at, updated_at)
VALUES ($1, $2, TRUE, (SELECT COALESCE(MAX(display_order), 0) + 1 FROM practitioners), $3, $3)
RETURNING id AS "id!"
