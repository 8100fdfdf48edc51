SELECT DISTINCT entity FROM audit_log ORDER BY entity
