SELECT id AS "id!: i64", display_order AS "display_order!: i64" FROM appointment_types
WHERE archived = FALSE
  AND (($1 AND display_order < $2) OR (NOT $1 AND display_order > $2))
ORDER BY CASE WHEN $1 THEN -display_order ELSE display_order END
LIMIT 1
