SELECT day AS "day!", currency, float_minor, counted_minor, note, closed_at, closed_by, report,
       last_entry_id
FROM cash_days WHERE day = $1
