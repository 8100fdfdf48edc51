UPDATE patients SET first_name = $1, last_name = $2, email = $3, phone = $4, date_of_birth = $5, notes = $6,
                    name_key = $7, rname_key = $8, email_key = $9, phone_digits = $10, updated_at = $11
WHERE id = $12
