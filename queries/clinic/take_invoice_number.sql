UPDATE clinic SET next_invoice_number = next_invoice_number + 1, updated_at = $1 WHERE id = 1
RETURNING next_invoice_number - 1 AS "number!: i64", invoice_prefix
