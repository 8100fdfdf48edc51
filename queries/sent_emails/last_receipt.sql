SELECT recipient, at FROM sent_emails WHERE entry_id = $1 AND status = 'sent' ORDER BY id DESC LIMIT 1
