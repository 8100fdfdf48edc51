INSERT INTO opening_hours (weekday, opens_min, closes_min) VALUES ($1, $2, $3)
