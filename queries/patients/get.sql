SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes FROM patients WHERE id = $1
