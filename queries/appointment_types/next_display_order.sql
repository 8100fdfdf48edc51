SELECT COALESCE(MAX(display_order), 0) + 1 AS "n!: i64" FROM appointment_types WHERE archived = FALSE
