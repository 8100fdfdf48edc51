//! Settings → Email as typed, and parsed: host, port, security, user,
//! password (to the keychain), sender.

use crate::account::forms::Text;
use crate::domain::Email;
use crate::error::{Error, FieldErrors, Invalid};
use crate::secrets::SecretText;
use serde::Deserialize;

pub use clinicdesk_domain::MailSecurity;

/// This computer: the only place mail may go unencrypted.
pub fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MailServerForm {
    pub host: String,
    pub port: String,
    pub security: String,
    pub username: String,
    /// Empty keeps the saved password.
    pub password: String,
    pub from_email: String,
    pub from_name: String,
}

impl std::fmt::Debug for MailServerForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailServerForm")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct MailServerDraft {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    pub username: String,
    pub password: Option<SecretText>,
    pub from_email: Email,
    pub from_name: Option<Text>,
}

fn host(text: &str) -> Result<String, Invalid> {
    let host = text.trim().to_ascii_lowercase();
    if host.is_empty() {
        return Err(Invalid::new("required", "Enter the mail server's name, such as smtp.example.com."));
    }
    let ok = host.len() <= 253
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !host.starts_with('.')
        && !host.ends_with('.');
    if ok {
        Ok(host)
    } else {
        Err(Invalid::new(
            "invalid_host",
            "Enter only the server's name, such as smtp.example.com (no https:// or spaces).",
        ))
    }
}

fn port(text: &str) -> Result<u16, Invalid> {
    let range = || Invalid::new("port_range", "Enter a port from 1 to 65535 (usually 587, or 465 for TLS).");
    let n: i64 = text.trim().parse().map_err(|_| range())?;
    u16::try_from(n).ok().filter(|p| *p > 0).ok_or_else(range)
}

impl TryFrom<MailServerForm> for MailServerDraft {
    type Error = Error;
    fn try_from(form: MailServerForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let host = errors.check("host", host(&form.host));
        let port = errors.check("port", port(&form.port));
        let security = errors.check(
            "security",
            MailSecurity::parse(form.security.trim())
                .ok_or_else(|| Invalid::new("invalid_choice", "Choose STARTTLS or TLS.")),
        );
        if let (Some(h), Some(MailSecurity::None)) = (&host, security) {
            if !is_loopback(h) {
                errors.push(
                    Invalid::new("unencrypted", "Mail to another computer must be encrypted: choose STARTTLS or TLS.")
                        .at("security"),
                );
            }
        }
        let username = errors.check("username", Text::parse(&form.username, 254, "")).flatten();
        if form.password.chars().count() > 256 || form.password.contains('\0') {
            errors.push(
                Invalid::new("invalid_password", "That password can't be right: check it and paste it again.")
                    .at("password"),
            );
        }
        let from_email = errors.check(
            "fromEmail",
            Email::try_from(form.from_email.as_str()).and_then(|e| {
                if e.is_empty() {
                    Err(Invalid::new("required", "Enter the address patients see the email come from."))
                } else {
                    Ok(e)
                }
            }),
        );
        let from_name = errors.check("fromName", Text::parse(&form.from_name, 100, "")).flatten();
        errors.finish()?;
        match (host, port, security, from_email) {
            (Some(host), Some(port), Some(security), Some(from_email)) => Ok(MailServerDraft {
                host,
                port,
                security,
                username: username.map(|u| u.as_str().to_string()).unwrap_or_default(),
                password: (!form.password.is_empty()).then(|| SecretText::new(form.password)),
                from_email,
                from_name,
            }),
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

/// "Send test email": to this address, or (empty) to the sender's own.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TestEmailForm {
    pub to: String,
}

impl TryFrom<TestEmailForm> for Option<Email> {
    type Error = Error;
    fn try_from(form: TestEmailForm) -> Result<Self, Error> {
        let email = Email::try_from(form.to.as_str()).map_err(|e| Error::Validation(vec![e.at("to")]))?;
        Ok((!email.is_empty()).then_some(email))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(host: &str, port: &str, security: &str) -> MailServerForm {
        MailServerForm {
            host: host.into(),
            port: port.into(),
            security: security.into(),
            from_email: "desk@clinic.example".into(),
            ..Default::default()
        }
    }

    fn fields(f: MailServerForm) -> Vec<(String, &'static str)> {
        MailServerDraft::try_from(f).unwrap_err().field_errors().iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    #[test]
    fn ports_hosts_and_security_are_checked_at_their_fields() {
        for bad in ["0", "70000", "-1", "abc", ""] {
            assert_eq!(
                fields(form("smtp.example.com", bad, "starttls")),
                vec![("port".to_string(), "port_range")],
                "{bad}"
            );
        }
        assert_eq!(fields(form("https://smtp.example.com", "587", "tls"))[0].1, "invalid_host");
        assert_eq!(fields(form("smtp.example.com", "25", "none")), vec![("security".to_string(), "unencrypted")]);
        let ok = MailServerDraft::try_from(form("127.0.0.1", "2525", "none")).unwrap();
        assert_eq!((ok.port, ok.security, ok.password.is_none()), (2525, MailSecurity::None, true));
        let mut with_password = form("SMTP.Example.com", "465", "tls");
        with_password.password = "s3cret pass".into();
        let draft = MailServerDraft::try_from(with_password).unwrap();
        assert_eq!(draft.host, "smtp.example.com");
        assert!(!format!("{draft:?}").contains("s3cret"), "the password never prints");
    }
}
