UPDATE clinic SET name = $1, time_zone = $2, currency = $3, slot_minutes = $4, hold_minutes = $5,
                  allow_outside_hours = $6, late_cancel_hours = $7, updated_at = $8
WHERE id = 1
