SELECT a.id AS "id!", a.at, a.workstation, a.staff_id, s.name AS "staff_name?", a.entity, a.entity_id,
       a.action, a.before_json, a.after_json
FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id
