WITH owed AS (
  SELECT a.patient_id, a.starts_at, b.balance
  FROM (SELECT appointment_id,
               SUM(CASE WHEN kind IN ('charge', 'refund') THEN amount_minor ELSE -amount_minor END
                   * CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) AS balance
        FROM account_entries GROUP BY appointment_id) b
  JOIN appointments a ON a.id = b.appointment_id
  WHERE b.balance > 0 AND a.starts_at <= $1),
per_patient AS (
  SELECT patient_id,
         SUM(CASE WHEN starts_at >= $2 THEN balance ELSE 0 END) AS b0,
         SUM(CASE WHEN starts_at < $2 AND starts_at >= $3 THEN balance ELSE 0 END) AS b1,
         SUM(CASE WHEN starts_at < $3 AND starts_at >= $4 THEN balance ELSE 0 END) AS b2,
         SUM(CASE WHEN starts_at < $4 THEN balance ELSE 0 END) AS b3,
         SUM(balance) AS total, COUNT(*) AS appointments
  FROM owed GROUP BY patient_id)
SELECT p.patient_id AS "patient_id!: i64", pt.last_name || ', ' || pt.first_name AS "patient!: String",
       pt.email, CAST(p.b0 AS BIGINT) AS "b0!: i64", CAST(p.b1 AS BIGINT) AS "b1!: i64", CAST(p.b2 AS BIGINT) AS "b2!: i64", CAST(p.b3 AS BIGINT) AS "b3!: i64",
       CAST(p.total AS BIGINT) AS "total!: i64", p.appointments AS "appointments!: i64",
       CAST(SUM(p.b0) OVER () AS BIGINT) AS "all0!: i64", CAST(SUM(p.b1) OVER () AS BIGINT) AS "all1!: i64",
       CAST(SUM(p.b2) OVER () AS BIGINT) AS "all2!: i64", CAST(SUM(p.b3) OVER () AS BIGINT) AS "all3!: i64",
       COUNT(*) OVER () AS "patients!: i64"
FROM per_patient p JOIN patients pt ON pt.id = p.patient_id
ORDER BY p.total DESC, pt.last_name, pt.first_name, p.patient_id
LIMIT $5
