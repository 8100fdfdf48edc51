SELECT pin_hash FROM staff WHERE id = $1
