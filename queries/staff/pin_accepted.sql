UPDATE staff SET failed_pins = 0, locked_until = NULL WHERE id = $1
