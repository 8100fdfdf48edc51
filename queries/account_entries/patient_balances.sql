SELECT a.id AS "appointment_id!", a.starts_at, a.type_name, p.name AS practitioner_name,
       a.state AS "state: clinicdesk_domain::AppointmentState", a.currency,
       CAST(COALESCE(SUM(CASE WHEN e.kind = 'charge' THEN e.amount_minor
                         WHEN e.kind = 'discount' THEN -e.amount_minor ELSE 0 END
                    * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END), 0) AS BIGINT) AS "charged!: i64",
       CAST(COALESCE(SUM(CASE WHEN e.kind = 'payment' THEN e.amount_minor ELSE 0 END
                    * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END), 0) AS BIGINT) AS "paid!: i64",
       CAST(COALESCE(SUM(CASE WHEN e.kind = 'refund' THEN e.amount_minor ELSE 0 END
                    * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END), 0) AS BIGINT) AS "refunded!: i64",
       CAST(COALESCE(SUM(CASE WHEN e.kind IN ('charge', 'refund') THEN e.amount_minor ELSE -e.amount_minor END
                    * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END), 0) AS BIGINT) AS "balance!: i64"
FROM appointments a
JOIN practitioners p ON p.id = a.practitioner_id
LEFT JOIN account_entries e ON e.appointment_id = a.id
WHERE a.patient_id = $1
GROUP BY a.id, p.name
ORDER BY a.starts_at DESC
LIMIT $2
