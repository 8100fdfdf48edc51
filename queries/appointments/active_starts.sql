SELECT starts_at FROM appointments WHERE state NOT IN ('cancelled', 'expired') ORDER BY starts_at
