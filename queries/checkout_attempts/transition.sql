UPDATE checkout_attempts
SET status = $1, payment_intent_id = COALESCE($2, payment_intent_id),
    failure_code = COALESCE($3, failure_code), failure_message = COALESCE($4, failure_message),
    paid_at = COALESCE($5, paid_at), processing_since = COALESCE($6, processing_since), updated_at = $7
WHERE id = $8 AND status = $9
