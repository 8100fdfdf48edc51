SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes FROM patients
WHERE phone_digits >= $1 AND phone_digits < $2 AND phone_digits <> ''
ORDER BY phone_digits, id LIMIT $3 OFFSET $4
