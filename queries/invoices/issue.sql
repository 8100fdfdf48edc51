UPDATE invoices SET state = 'issued', number = $1, number_text = $2, issued_at = $3, updated_at = $3
WHERE id = $4 AND state = 'draft'
