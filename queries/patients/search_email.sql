SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes FROM patients
WHERE email_key >= $1 AND email_key < $2 AND email_key <> ''
ORDER BY email_key, id LIMIT $3 OFFSET $4
