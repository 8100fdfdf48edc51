SELECT database_id, name, time_zone, currency, slot_minutes, hold_minutes,
       allow_outside_hours AS "allow_outside_hours: bool", return_url, late_cancel_hours
FROM clinic WHERE id = 1
