UPDATE staff SET pin_hash = $2, failed_pins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1
