SELECT weekday AS "weekday!", opens_min, closes_min FROM opening_hours ORDER BY weekday
