INSERT INTO cash_days (day, currency, float_minor, counted_minor, note, updated_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (day) DO UPDATE SET float_minor = excluded.float_minor, counted_minor = excluded.counted_minor,
                                note = excluded.note, updated_at = excluded.updated_at
