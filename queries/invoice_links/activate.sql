UPDATE invoice_links SET status = 'active', stripe_payment_link_id = $1, url = $2, updated_at = $3
WHERE id = $4 AND status = 'creating'
