INSERT INTO appointment_types
  (name, name_key, description, duration_minutes, price_minor, currency, colour, display_order,
   archived, online_mode, online_amount_rule, online_fixed_minor, online_percent, cancellation_fee_minor,
   no_show_fee_minor, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE, $9, $10, $11, $12, $13, $14, $15, $15)
RETURNING id AS "id!: i64"
