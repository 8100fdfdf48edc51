UPDATE clinic SET next_invoice_number = CASE WHEN next_invoice_number > CAST($1 AS BIGINT) THEN next_invoice_number
                                             ELSE CAST($1 AS BIGINT) + 1 END
WHERE id = 1
