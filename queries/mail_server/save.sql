INSERT INTO mail_server (id, host, port, security, username, from_email, from_name, updated_at)
VALUES (1, $1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port, security = excluded.security,
    username = excluded.username, from_email = excluded.from_email, from_name = excluded.from_name,
    updated_at = excluded.updated_at
