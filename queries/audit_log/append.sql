INSERT INTO audit_log (at, workstation, staff_id, entity, entity_id, action, before_json, after_json)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
