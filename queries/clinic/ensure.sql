INSERT INTO clinic (id, database_id, name, time_zone, currency, created_at, updated_at)
VALUES (1, $1, '', $2, $3, $4, $4)
ON CONFLICT (id) DO NOTHING
