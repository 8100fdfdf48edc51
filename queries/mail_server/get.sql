SELECT host, port, security AS "security: clinicdesk_domain::MailSecurity", username, from_email, from_name
FROM mail_server WHERE id = 1
