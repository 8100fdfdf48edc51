//! PINs are hashed with Argon2id at its default (OWASP-recommended) cost:
//! 19 MiB, 2 passes. A PIN has few digits, so the real guard against
//! guessing is the lockout after five wrong ones; the hash keeps the PIN
//! itself out of the database, its backups and its logs.

use crate::domain::Pin;
use crate::error::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Hashing is CPU-bound for tens of milliseconds: off the async threads.
pub(crate) async fn hash(pin: &Pin) -> Result<String> {
    let pin = pin.clone();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
            .map_err(|e| Error::Corrupt(format!("salt: {e}")))?;
        Argon2::default()
            .hash_password(pin.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Corrupt(format!("hash: {e}")))
    })
    .await
    .map_err(|e| Error::Corrupt(format!("hashing task: {e}")))?
}

pub(crate) async fn verify(pin: &Pin, stored: String) -> Result<bool> {
    let pin = pin.clone();
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored).map_err(|e| Error::Corrupt(format!("stored PIN hash: {e}")))?;
        Ok(Argon2::default().verify_password(pin.expose().as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|e| Error::Corrupt(format!("hashing task: {e}")))?
}
