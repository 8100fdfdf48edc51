SELECT id AS "id!", patient_id, practitioner_id, appointment_type_id, starts_at, ends_at,
       state AS "state: clinicdesk_domain::AppointmentState", type_name, colour, price_minor, currency,
       payment_mode AS "payment_mode: clinicdesk_domain::PaymentMode", online_amount_minor, override_reason,
       cancellation_fee_minor, no_show_fee_minor, created_at, updated_at
FROM appointments WHERE id = $1
