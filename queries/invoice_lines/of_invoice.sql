SELECT position, appointment_id, kind AS "kind: clinicdesk_domain::LineKind", description, practitioner, provider_number,
       service_date, amount_minor
FROM invoice_lines WHERE invoice_id = $1 ORDER BY position
