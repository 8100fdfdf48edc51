//! Settings' kinds that are stored as TEXT: the mail server's security, the
//! documents' paper, the Stripe key's status.

/// How the connection to the mail server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only to this computer (a test server).
    None,
}

impl MailSecurity {
    pub fn as_str(self) -> &'static str {
        match self {
            MailSecurity::Starttls => "starttls",
            MailSecurity::Tls => "tls",
            MailSecurity::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<MailSecurity> {
        [MailSecurity::Starttls, MailSecurity::Tls, MailSecurity::None].into_iter().find(|s| s.as_str() == text)
    }
}

/// Paper sizes in PDF points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    pub fn parse(text: &str) -> Option<Paper> {
        [Paper::A4, Paper::Letter].into_iter().find(|p| p.as_str() == text)
    }
}

/// Whether Stripe still accepts the stored key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    Ok,
    /// Stripe refused it (revoked, rolled).
    Invalid,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Ok => "ok",
            KeyStatus::Invalid => "invalid",
        }
    }

    pub fn parse(text: &str) -> Option<KeyStatus> {
        match text {
            "ok" => Some(KeyStatus::Ok),
            "invalid" => Some(KeyStatus::Invalid),
            _ => None,
        }
    }
}
