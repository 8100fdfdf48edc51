UPDATE appointment_types
SET name = $1, name_key = $2, description = $3, duration_minutes = $4, price_minor = $5, currency = $6,
    colour = $7, online_mode = $8, online_amount_rule = $9, online_fixed_minor = $10,
    online_percent = $11, cancellation_fee_minor = $12, no_show_fee_minor = $13, updated_at = $14
WHERE id = $15
