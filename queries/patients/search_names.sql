SELECT id AS "id!", first_name AS "first_name!", last_name AS "last_name!", email AS "email!", phone AS "phone!",
       date_of_birth, notes AS "notes!" FROM (
  SELECT * FROM (SELECT id, first_name, last_name, email, phone, date_of_birth, notes, 0 AS arm,
                        rname_key AS sort_key
                 FROM patients WHERE rname_key >= $1 AND rname_key < $2
                 ORDER BY rname_key, id LIMIT CAST($3 AS BIGINT) + CAST($4 AS BIGINT)) AS by_last
  UNION ALL
  SELECT * FROM (SELECT id, first_name, last_name, email, phone, date_of_birth, notes, 1 AS arm,
                        name_key AS sort_key
                 FROM patients WHERE name_key >= $1 AND name_key < $2
                                 AND NOT (rname_key >= $1 AND rname_key < $2)
                 ORDER BY name_key, id LIMIT CAST($3 AS BIGINT) + CAST($4 AS BIGINT)) AS by_first) AS found
ORDER BY arm, sort_key, id LIMIT $3 OFFSET $4
