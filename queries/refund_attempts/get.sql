SELECT id AS "id!", refund_entry_id, appointment_id, payment_intent_id, amount_minor, currency,
       status AS "status: clinicdesk_domain::RefundStatus", idempotency_key, request_body, stripe_refund_id, failure_reason,
       stripe_account_id, livemode AS "livemode: bool", created_at, updated_at
FROM refund_attempts WHERE id = $1
