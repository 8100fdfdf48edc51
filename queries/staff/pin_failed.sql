UPDATE staff SET
    failed_pins = CASE WHEN $4 THEN 1 ELSE failed_pins + 1 END,
    locked_until = CASE WHEN (CASE WHEN $4 THEN 1 ELSE failed_pins + 1 END) >= $2 THEN $3
                        WHEN $4 THEN NULL ELSE locked_until END
WHERE id = $1 RETURNING failed_pins AS "failed!: i64"
