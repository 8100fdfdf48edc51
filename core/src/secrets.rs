//! The Stripe secret key: parsed, wrapped so it never prints, and kept only
//! in the OS keychain (Secret Service, macOS Keychain, Windows Credential
//! Manager) behind the `SecretStore` trait.

use crate::error::Invalid;
use std::fmt;
use std::sync::Mutex;

/// A Stripe secret or restricted key. `Debug` and `Display` print
/// `<redacted>`; it is not `Serialize`, so it cannot cross IPC or reach JSON.
#[derive(Clone, PartialEq, Eq)]
pub struct StripeSecret(String);

impl fmt::Debug for StripeSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for StripeSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

const PREFIXES: [&str; 4] = ["sk_test_", "sk_live_", "rk_test_", "rk_live_"];

impl StripeSecret {
    /// The key itself, for the one place that sends it: the Stripe client.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn livemode(&self) -> bool {
        self.0.starts_with("sk_live_") || self.0.starts_with("rk_live_")
    }

    pub fn restricted(&self) -> bool {
        self.0.starts_with("rk_")
    }

    /// "sk_test_…abcd": recognisable, not usable.
    pub fn hint(&self) -> String {
        let prefix = &self.0[..8];
        let tail: String = self.0.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        format!("{prefix}…{tail}")
    }
}

impl TryFrom<String> for StripeSecret {
    type Error = Invalid;

    fn try_from(key: String) -> Result<Self, Invalid> {
        if key.is_empty() {
            return Err(Invalid::new("required", "Paste your Stripe secret key or restricted key."));
        }
        if key.chars().any(char::is_whitespace) {
            return Err(Invalid::new(
                "whitespace",
                "The key contains a space or line break. Copy it again from the Stripe Dashboard.",
            ));
        }
        if key.starts_with("pk_") {
            return Err(Invalid::new(
                "publishable_key",
                "This is a publishable key (pk_…). Clinicdesk needs a secret key (sk_…) or, better, a restricted key (rk_…).",
            ));
        }
        let Some(prefix) = PREFIXES.iter().find(|p| key.starts_with(*p)) else {
            return Err(Invalid::new(
                "not_a_secret_key",
                "That is not a Stripe secret key: it should start with sk_test_, sk_live_, rk_test_ or rk_live_.",
            ));
        };
        let body = &key[prefix.len()..];
        if !body.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Invalid::new(
                "not_a_secret_key",
                "The key has characters Stripe keys never have. Copy it again.",
            ));
        }
        // Stripe's keys carry at least 24 characters after the prefix (today
        // usually about 99); fewer means part of it was lost in copying.
        if body.len() < 24 {
            return Err(Invalid::new("truncated", "The key looks cut short. Copy the whole key again."));
        }
        Ok(StripeSecret(key))
    }
}

/// Why the keychain could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretStoreError {
    /// Locked, or the person declined access.
    #[error("the keychain is locked or access was refused: {0}")]
    Locked(String),
    /// No keychain service (e.g. no Secret Service on this Linux session).
    #[error("the keychain is not available: {0}")]
    Unavailable(String),
}

/// Any other secret (the mail server's password): printed as `<redacted>`,
/// never serialised, shown only to the one place that sends it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretText(String);

impl SecretText {
    pub fn new(text: String) -> SecretText {
        SecretText(text)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Where secrets are kept, by entry name (`user`). `Ok(None)` from `get`
/// means "not connected" for the Stripe key.
pub trait SecretStore: Send + Sync {
    fn get_text(&self, user: &str) -> Result<Option<SecretText>, SecretStoreError>;
    fn set_text(&self, user: &str, secret: &SecretText) -> Result<(), SecretStoreError>;
    /// Deleting what isn't there is fine.
    fn delete(&self, user: &str) -> Result<(), SecretStoreError>;

    /// The Stripe key; an entry that isn't one reads as none.
    fn get(&self, user: &str) -> Result<Option<StripeSecret>, SecretStoreError> {
        Ok(self.get_text(user)?.and_then(|t| StripeSecret::try_from(t.0).ok()))
    }

    fn set(&self, user: &str, secret: &StripeSecret) -> Result<(), SecretStoreError> {
        self.set_text(user, &SecretText(secret.expose().to_string()))
    }
}

/// The keychain entry of the clinic's mail server password.
pub fn mail_keychain_user(database_id: &str) -> String {
    format!("smtp-password:{database_id}")
}

/// The keychain entry's user for a clinic database, so two data folders never
/// share a key.
pub fn keychain_user(database_id: &str) -> String {
    format!("stripe-secret-key:{database_id}")
}

pub const KEYCHAIN_SERVICE: &str = "clinicdesk";

/// The OS keychain, through the `keyring` crate with its platform stores.
#[derive(Debug, Default)]
pub struct KeyringStore;

impl KeyringStore {
    /// True when `keyring` was built with a real platform store. Without its
    /// platform features it silently keeps secrets in memory, forgetting
    /// them at exit; the app refuses to run payments like that.
    pub fn is_platform_store() -> bool {
        !keyring::default::default_credential_builder().as_any().is::<keyring::mock::MockCredentialBuilder>()
    }

    fn entry(user: &str) -> Result<keyring::Entry, SecretStoreError> {
        keyring::Entry::new(KEYCHAIN_SERVICE, user).map_err(map_keyring)
    }
}

fn map_keyring(e: keyring::Error) -> SecretStoreError {
    match e {
        keyring::Error::NoStorageAccess(inner) => SecretStoreError::Locked(inner.to_string()),
        other => SecretStoreError::Unavailable(other.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn get_text(&self, user: &str) -> Result<Option<SecretText>, SecretStoreError> {
        match Self::entry(user)?.get_password() {
            Ok(text) => Ok(Some(SecretText(text))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring(e)),
        }
    }

    fn set_text(&self, user: &str, secret: &SecretText) -> Result<(), SecretStoreError> {
        Self::entry(user)?.set_password(secret.expose()).map_err(map_keyring)
    }

    fn delete(&self, user: &str) -> Result<(), SecretStoreError> {
        match Self::entry(user)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring(e)),
        }
    }
}

/// A store in memory, for tests about something other than the keychain.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<Vec<(String, SecretText)>>,
    failure: Mutex<Option<SecretStoreError>>,
}

impl MemoryStore {
    /// Makes every later call fail like a locked or missing keychain.
    pub fn fail_with(&self, error: Option<SecretStoreError>) {
        *self.failure.lock().unwrap() = error;
    }

    fn check(&self) -> Result<(), SecretStoreError> {
        match &*self.failure.lock().unwrap() {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }
}

impl SecretStore for MemoryStore {
    fn get_text(&self, user: &str) -> Result<Option<SecretText>, SecretStoreError> {
        self.check()?;
        Ok(self.entries.lock().unwrap().iter().find(|(u, _)| u == user).map(|(_, s)| s.clone()))
    }

    fn set_text(&self, user: &str, secret: &SecretText) -> Result<(), SecretStoreError> {
        self.check()?;
        let mut entries = self.entries.lock().unwrap();
        entries.retain(|(u, _)| u != user);
        entries.push((user.to_string(), secret.clone()));
        Ok(())
    }

    fn delete(&self, user: &str) -> Result<(), SecretStoreError> {
        self.check()?;
        self.entries.lock().unwrap().retain(|(u, _)| u != user);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEY: &str = "sk_test_51ABCdefGHIjklMNOpqrSTUvwx0123456789";

    #[test]
    fn never_prints_itself() {
        let s = StripeSecret::try_from(KEY.to_string()).unwrap();
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.hint(), "sk_test_…6789");
        assert!(!s.livemode() && !s.restricted());
    }

    #[test]
    fn accepts_only_secret_and_restricted_keys() {
        let code = |k: &str| StripeSecret::try_from(k.to_string()).err().map(|e| e.code);
        for ok in ["sk_test_", "sk_live_", "rk_test_", "rk_live_"] {
            assert_eq!(code(&format!("{ok}{}", "a1".repeat(12))), None, "{ok}");
        }
        assert_eq!(code(""), Some("required"));
        assert_eq!(code(&format!("pk_test_{}", "a".repeat(30))), Some("publishable_key"));
        assert_eq!(code(&format!(" {KEY}")), Some("whitespace"));
        assert_eq!(code(&format!("{KEY}\n")), Some("whitespace"));
        assert_eq!(code("sk_test_abc"), Some("truncated"));
        assert_eq!(code(&format!("whsec_{}", "a".repeat(30))), Some("not_a_secret_key"));
        assert_eq!(code(&format!("sk_test_{}-x", "a".repeat(30))), Some("not_a_secret_key"));
        let live = StripeSecret::try_from(format!("rk_live_{}", "Z".repeat(30))).unwrap();
        assert!(live.livemode() && live.restricted());
    }

    proptest! {
        #[test]
        fn no_input_panics_or_leaks_through_debug(key in "\\PC{0,120}") {
            if let Ok(s) = StripeSecret::try_from(key.clone()) {
                prop_assert_eq!(format!("{s:?}"), "<redacted>");
            }
        }
    }
}
