UPDATE staff SET name = $2, name_key = $3, role = $4, practitioner_id = $5, active = $6, updated_at = $7
WHERE id = $1
