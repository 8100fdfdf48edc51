SELECT id AS "id!", appointment_id, kind AS "kind: clinicdesk_domain::AttemptKind", status AS "status: clinicdesk_domain::AttemptStatus",
       amount_minor, currency, idempotency_key, request_body, requested_expires_at, stripe_account_id,
       livemode AS "livemode: bool", checkout_session_id, payment_intent_id, url, expires_at, failure_code,
       failure_message, expire_idempotency_key, processing_since, created_at, updated_at, paid_at
FROM checkout_attempts WHERE checkout_session_id = $1
