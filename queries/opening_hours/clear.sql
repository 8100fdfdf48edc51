DELETE FROM opening_hours
