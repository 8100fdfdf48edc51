SELECT recipient, at FROM sent_emails WHERE invoice_id = $1 AND status = 'sent' ORDER BY id DESC LIMIT 1
