UPDATE clinic SET legal_name = $1, address = $2, phone = $3, email = $4, tax_number = $5,
                  document_footer = $6, paper = $7, invoice_prefix = $8, invoice_due_days = $9,
                  updated_at = $10
WHERE id = 1
