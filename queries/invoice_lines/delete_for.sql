DELETE FROM invoice_lines WHERE invoice_id = $1
