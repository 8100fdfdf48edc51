UPDATE clinic SET idle_lock_minutes = $1, receptionist_refund_limit_minor = $2, updated_at = $3 WHERE id = 1
