DELETE FROM invoices WHERE id = $1 AND state = 'draft'
