SELECT folder FROM backup_settings WHERE id = 1
