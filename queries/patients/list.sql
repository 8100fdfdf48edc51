SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes
FROM patients ORDER BY rname_key, id LIMIT $1 OFFSET $2
