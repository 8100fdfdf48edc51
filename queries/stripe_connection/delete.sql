DELETE FROM stripe_connection WHERE id = 1
