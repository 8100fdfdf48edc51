SELECT float_minor AS "f!: i64" FROM cash_days WHERE day < $1 ORDER BY day DESC LIMIT 1
