UPDATE invoices SET state = 'void', void_reason = $1, voided_at = $2, updated_at = $2
WHERE id = $3 AND state = 'issued'
