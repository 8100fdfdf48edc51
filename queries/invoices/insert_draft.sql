INSERT INTO invoices (patient_id, currency, issue_date, due_date, state, note, created_by, created_at,
                      updated_at)
VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $7)
RETURNING id AS "id!"
