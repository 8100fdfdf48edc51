SELECT id AS "id!" FROM appointments
WHERE practitioner_id = $1 AND starts_at < $3 AND starts_at > $4 AND ends_at > $2
  AND state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show')
LIMIT 1
