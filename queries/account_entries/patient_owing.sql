SELECT CAST(COALESCE(SUM(CASE WHEN b > 0 THEN b ELSE 0 END), 0) AS BIGINT) AS "owing!: i64" FROM (
SELECT SUM(CASE WHEN e.kind IN ('charge', 'refund') THEN e.amount_minor ELSE -e.amount_minor END
           * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END) AS b
FROM account_entries e JOIN appointments a ON a.id = e.appointment_id
WHERE a.patient_id = $1
GROUP BY e.appointment_id) AS per_appointment
