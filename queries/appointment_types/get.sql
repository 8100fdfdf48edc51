SELECT id AS "id!", name, description, duration_minutes, price_minor, currency, colour, display_order,
       archived AS "archived: bool", online_mode AS "online_mode: clinicdesk_domain::PaymentMode", online_amount_rule,
       online_fixed_minor, online_percent, cancellation_fee_minor, no_show_fee_minor, created_at, updated_at
FROM appointment_types WHERE id = $1
