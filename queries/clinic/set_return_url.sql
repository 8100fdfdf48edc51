UPDATE clinic SET return_url = $1, updated_at = $2 WHERE id = 1
