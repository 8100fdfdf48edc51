SELECT idle_lock_minutes, receptionist_refund_limit_minor FROM clinic WHERE id = 1
