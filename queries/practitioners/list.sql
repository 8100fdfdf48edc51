SELECT id AS "id!", name, active AS "active: bool", provider_number FROM practitioners
WHERE active = TRUE OR $1 ORDER BY active DESC, display_order, id
