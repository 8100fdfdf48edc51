SELECT id AS "id!", name, percent, archived AS "archived: bool"
FROM concessions WHERE archived = FALSE OR $1 ORDER BY archived, name_key
