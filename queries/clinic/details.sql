SELECT legal_name, address, phone, email, tax_number, document_footer,
       paper AS "paper: clinicdesk_domain::Paper", invoice_prefix, invoice_due_days
FROM clinic WHERE id = 1
