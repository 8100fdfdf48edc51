UPDATE refund_attempts
SET status = $1, stripe_refund_id = COALESCE($2, stripe_refund_id),
    failure_reason = COALESCE($3, failure_reason), updated_at = $4
WHERE id = $5 AND status = $6
