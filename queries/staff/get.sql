SELECT id AS "id!", name, role AS "role: clinicdesk_domain::Role", practitioner_id, active AS "active: bool", failed_pins, locked_until
FROM staff WHERE id = $1
