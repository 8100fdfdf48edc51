INSERT INTO backup_settings (id, folder, updated_at) VALUES (1, $1, $2)
ON CONFLICT (id) DO UPDATE SET folder = excluded.folder, updated_at = excluded.updated_at
