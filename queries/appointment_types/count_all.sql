SELECT COUNT(*) AS "n!: i64" FROM appointment_types
