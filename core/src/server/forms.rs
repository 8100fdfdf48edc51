//! The server's settings as the owner types them, parsed into what
//! connecting needs, with each mistake at its field.

use crate::error::{Error, FieldError, Result};
use crate::secrets::SecretText;
use clinicdesk_store_postgres::connect::is_this_computer;
use clinicdesk_store_postgres::{ServerSettings, TlsMode};
use serde::Deserialize;
use std::path::PathBuf;

/// Settings → Data's form. The password may be left empty to use the one
/// this computer already keeps for the same server.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerForm {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
    #[serde(default)]
    pub password: Option<String>,
    /// "require", "verify-full" or "disable".
    pub tls: String,
    #[serde(default)]
    pub ca_file: Option<String>,
}

// By hand: a derived Debug would print the password into the log (commands
// record their arguments).
impl std::fmt::Debug for ServerForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerForm")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("tls", &self.tls)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// A server to connect to, and the password typed for it (None: use the
/// one in this computer's keychain).
#[derive(Debug, Clone)]
pub struct ServerConnection {
    pub settings: ServerSettings,
    pub password: Option<SecretText>,
}

/// PostgreSQL's identifiers are at most 63 bytes.
const NAME_MAX: usize = 63;

impl TryFrom<ServerForm> for ServerConnection {
    type Error = Error;

    fn try_from(form: ServerForm) -> Result<Self> {
        let mut errors = Vec::new();
        let host = form.host.trim().to_string();
        if host.is_empty() {
            errors.push(FieldError::new("host", "required", "Enter the server's name or address."));
        } else if host.len() > 253 || host.chars().any(|c| c.is_whitespace() || c == '/' || c == '@') {
            errors.push(FieldError::new(
                "host",
                "invalid",
                "Enter a computer name or an address, such as clinic-server or 192.168.1.20.",
            ));
        }
        let port = match form.port.trim().parse::<u16>() {
            Ok(port) if port > 0 => port,
            _ => {
                errors.push(FieldError::new("port", "invalid", "Enter a port from 1 to 65535 (usually 5432)."));
                0
            }
        };
        let database = form.database.trim().to_string();
        let user = form.user.trim().to_string();
        for (field, value, what) in [("database", &database, "database"), ("user", &user, "user name")] {
            if value.is_empty() {
                errors.push(FieldError::new(field, "required", format!("Enter the {what} on the server.")));
            } else if value.len() > NAME_MAX {
                errors.push(FieldError::new(field, "too_long", format!("The {what} can be at most 63 characters.")));
            }
        }
        let tls = match form.tls.as_str() {
            "require" => Some(TlsMode::Require),
            "disable" if host.is_empty() || is_this_computer(&host) => Some(TlsMode::Disable),
            "disable" => {
                errors.push(FieldError::new(
                    "tls",
                    "unencrypted_remote",
                    "An unencrypted connection is only for a server on this computer. Choose an encrypted one.",
                ));
                None
            }
            "verify-full" => {
                let file = form.ca_file.as_deref().map(str::trim).unwrap_or_default();
                if file.is_empty() {
                    errors.push(FieldError::new(
                        "caFile",
                        "required",
                        "Enter the path of the CA certificate that signed the server's certificate.",
                    ));
                    None
                } else if !std::path::Path::new(file).is_file() {
                    errors.push(FieldError::new("caFile", "not_found", "There is no file at this path."));
                    None
                } else {
                    // Kept as a full path: the next start may run elsewhere.
                    let full = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
                    Some(TlsMode::VerifyFull { ca_file: full })
                }
            }
            _ => {
                errors.push(FieldError::new("tls", "invalid", "Choose how the connection is encrypted."));
                None
            }
        };
        let password = form.password.filter(|p| !p.is_empty()).map(SecretText::new);
        match tls {
            Some(tls) if errors.is_empty() => {
                Ok(ServerConnection { settings: ServerSettings { host, port, database, user, tls }, password })
            }
            _ => Err(Error::Validation(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form() -> ServerForm {
        ServerForm {
            host: "clinic-server".into(),
            port: "5432".into(),
            database: "clinicdesk".into(),
            user: "frontdesk".into(),
            password: Some("s3cret".into()),
            tls: "require".into(),
            ca_file: None,
        }
    }

    fn fields(form: ServerForm) -> Vec<(String, &'static str)> {
        match ServerConnection::try_from(form) {
            Err(Error::Validation(errors)) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let parsed = ServerConnection::try_from(ServerForm { host: " clinic-server ".into(), ..form() }).unwrap();
        assert_eq!(parsed.settings.host, "clinic-server");
        assert_eq!(parsed.settings.port, 5432);
        assert_eq!(parsed.settings.tls, TlsMode::Require);
        assert_eq!(parsed.password.unwrap().expose(), "s3cret");
    }

    #[test]
    fn each_mistake_is_at_its_field() {
        let bad = ServerForm {
            host: "".into(),
            port: "70000".into(),
            database: " ".into(),
            user: "u".repeat(64),
            tls: "sometimes".into(),
            ..form()
        };
        assert_eq!(
            fields(bad),
            [
                ("host".to_string(), "required"),
                ("port".to_string(), "invalid"),
                ("database".to_string(), "required"),
                ("user".to_string(), "too_long"),
                ("tls".to_string(), "invalid"),
            ]
        );
    }

    #[test]
    fn unencrypted_only_to_this_computer() {
        assert_eq!(fields(ServerForm { tls: "disable".into(), ..form() }), [("tls".to_string(), "unencrypted_remote")]);
        let local =
            ServerConnection::try_from(ServerForm { host: "127.0.0.1".into(), tls: "disable".into(), ..form() });
        assert_eq!(local.unwrap().settings.tls, TlsMode::Disable);
    }

    #[test]
    fn verify_full_needs_a_ca_file_that_exists() {
        assert_eq!(fields(ServerForm { tls: "verify-full".into(), ..form() }), [("caFile".to_string(), "required")]);
        let missing = ServerForm { tls: "verify-full".into(), ca_file: Some("/nowhere/ca.pem".into()), ..form() };
        assert_eq!(fields(missing), [("caFile".to_string(), "not_found")]);
        let ca = std::env::temp_dir().join(format!("ca-{}.pem", uuid::Uuid::new_v4()));
        std::fs::write(&ca, "-----BEGIN CERTIFICATE-----").unwrap();
        let found = ServerForm { tls: "verify-full".into(), ca_file: Some(ca.display().to_string()), ..form() };
        assert_eq!(
            ServerConnection::try_from(found).unwrap().settings.tls,
            TlsMode::VerifyFull { ca_file: ca.clone() }
        );
        let _ = std::fs::remove_file(ca);
    }

    #[test]
    fn an_empty_password_means_the_kept_one() {
        let parsed = ServerConnection::try_from(ServerForm { password: Some(String::new()), ..form() }).unwrap();
        assert!(parsed.password.is_none());
    }

    #[test]
    fn the_password_never_prints() {
        let text = format!("{:?}", form());
        assert!(!text.contains("s3cret"), "{text}");
    }

    proptest! {
        #[test]
        fn any_port_text_parses_or_is_refused_at_the_port(port in ".{0,8}") {
            match ServerConnection::try_from(ServerForm { port: port.clone(), ..form() }) {
                Ok(c) => prop_assert_eq!(Some(c.settings.port), port.trim().parse::<u16>().ok().filter(|p| *p > 0)),
                Err(Error::Validation(errors)) => {
                    prop_assert_eq!(errors.len(), 1);
                    prop_assert_eq!(errors[0].field.as_str(), "port");
                }
                Err(other) => prop_assert!(false, "{other:?}"),
            }
        }
    }
}
