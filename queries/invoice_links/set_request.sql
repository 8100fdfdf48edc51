UPDATE invoice_links SET request_body = $1 WHERE id = $2 AND status = 'creating'
