INSERT INTO patients (first_name, last_name, email, phone, date_of_birth, notes, name_key, rname_key,
                      email_key, phone_digits, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
RETURNING id AS "id!"
