SELECT id AS "id!", kind AS "kind: clinicdesk_domain::AttentionKind", appointment_id, attempt_id, amount_minor, currency,
       detail, raised_at, resolved_at, resolution
FROM attention_items WHERE resolved_at IS NULL ORDER BY raised_at, id
