SELECT id AS "id!", name, percent, archived AS "archived: bool" FROM concessions WHERE id = $1
