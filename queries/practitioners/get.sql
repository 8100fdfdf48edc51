SELECT id AS "id!", name, active AS "active: bool", provider_number FROM practitioners WHERE id = $1
