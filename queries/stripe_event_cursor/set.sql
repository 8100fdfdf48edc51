INSERT INTO stripe_event_cursor (id, last_event_id, last_created, read_at) VALUES (1, $1, $2, $3)
ON CONFLICT (id) DO UPDATE SET last_event_id = excluded.last_event_id,
                               last_created = excluded.last_created, read_at = excluded.read_at
