UPDATE appointment_types SET display_order = $1, updated_at = $2 WHERE id = $3
