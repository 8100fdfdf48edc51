SELECT last_event_id, last_created FROM stripe_event_cursor WHERE id = 1
