SELECT a.id AS "id!", a.at, a.workstation, a.staff_id, s.name AS "staff_name?", a.entity, a.entity_id,
       a.action, a.before_json, a.after_json
FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
WHERE (CAST($1 AS BIGINT) IS NULL OR a.staff_id = $1) AND (CAST($2 AS TEXT) IS NULL OR a.at >= $2)
  AND (CAST($3 AS TEXT) IS NULL OR a.at < $3) AND (CAST($4 AS TEXT) IS NULL OR a.entity = $4)
  AND (CAST($5 AS BIGINT) IS NULL OR a.id < $5)
ORDER BY a.id DESC LIMIT $6
