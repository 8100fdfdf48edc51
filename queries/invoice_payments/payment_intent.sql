SELECT payment_intent_id FROM invoice_payments WHERE id = $1
