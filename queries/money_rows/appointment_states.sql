SELECT state AS "state: clinicdesk_domain::AppointmentState", COUNT(*) AS "count!: i64"
FROM appointments WHERE starts_at >= $1 AND starts_at < $2
GROUP BY state ORDER BY state
