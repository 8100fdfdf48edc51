UPDATE appointment_types SET archived = $1, display_order = $2, updated_at = $3 WHERE id = $4
