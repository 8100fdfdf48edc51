INSERT INTO restores (backup_file, set_aside_file, entry_floor, attempt_floor, refund_floor, link_floor,
                      restored_by, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
