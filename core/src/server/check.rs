//! "Test connection", and where the clinic is now.

use super::forms::ServerConnection;
use super::stored::{self, password_entry, DataLocation, ServerView};
use crate::domain::Permission;
use crate::error::{Error, Result};
use crate::secrets::SecretText;
use crate::Clinicdesk;
use serde::Serialize;
use std::path::Path;

/// What "Test connection" found on a server that answered.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerFound {
    /// PostgreSQL's version, as the server says it.
    pub server_version: String,
    /// The clinic the database holds, by name ("" before it is named);
    /// None: none yet, so this computer's clinic can move in.
    pub clinic: Option<String>,
    /// This workstation already works on this very server and database.
    pub current: bool,
}

impl Clinicdesk {
    /// Settings → Data: this computer only, or which server (owner only).
    pub async fn data_location(&self) -> Result<DataLocation> {
        self.allow(Permission::ClinicSettings)?;
        let dir = self.data_folder()?;
        let stored = stored::read(dir)?;
        Ok(DataLocation {
            on_server: stored.is_some(),
            server: stored.as_ref().map(|(s, _)| ServerView::from(s)),
            since: stored.map(|(_, since)| since),
            data_file: Some(crate::app::database_path(dir).display().to_string()),
        })
    }

    /// Connects once: what is wrong, in words (the error's code and
    /// message), or what the server holds.
    pub async fn test_server(&self, connection: ServerConnection) -> Result<ServerFound> {
        self.allow(Permission::ClinicSettings)?;
        let password = self.server_password(&connection).await?;
        let check = clinicdesk_store_postgres::check(&connection.settings, password.expose()).await?;
        let current = stored::read(self.data_folder()?)?.is_some_and(|(s, _)| s == connection.settings);
        Ok(ServerFound { server_version: check.server_version, clinic: check.clinic, current })
    }

    /// The password typed, or else the one this computer keeps for the server.
    pub(crate) async fn server_password(&self, connection: &ServerConnection) -> Result<SecretText> {
        if let Some(typed) = &connection.password {
            return Ok(typed.clone());
        }
        let entry = password_entry(&connection.settings);
        self.keychain_now(move |s| s.get_text(&entry))
            .await?
            .ok_or_else(|| Error::field("password", "required", "Enter the password of this user on the server."))
    }

    /// A keychain call off the async workers (it blocks on D-Bus or the
    /// system's keychain, which may ask the person first).
    pub(crate) async fn keychain_now<T: Send + 'static>(
        &self,
        op: impl FnOnce(&dyn crate::secrets::SecretStore) -> std::result::Result<T, crate::secrets::SecretStoreError>
            + Send
            + 'static,
    ) -> Result<T> {
        let secrets = self.secrets.clone();
        tokio::task::spawn_blocking(move || op(secrets.as_ref()))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))?
            .map_err(crate::stripe::connection::keychain_error)
    }

    /// The data folder the choice is kept in (a clinic opened by a test
    /// without one has nowhere to keep it).
    pub(crate) fn data_folder(&self) -> Result<&Path> {
        self.data_dir.as_deref().ok_or_else(|| Error::Refused {
            code: "no_data_folder",
            message: "This clinic was opened without a data folder, so where it lives can't be changed.".into(),
        })
    }
}

/// From the page shown when the server could not be opened at start (no
/// one is signed in then): the password for the server this workstation
/// works on, kept in `keychain` once the server accepts it. The keychain
/// may have been reset, or the server's password changed.
pub async fn save_server_password(
    data_dir: &Path,
    password: SecretText,
    keychain: std::sync::Arc<dyn crate::secrets::SecretStore>,
) -> Result<()> {
    let Some((settings, _)) = stored::read(data_dir)? else {
        return Err(stored::already_local());
    };
    if password.expose().is_empty() {
        return Err(Error::field("password", "required", "Enter the password of this user on the server."));
    }
    clinicdesk_store_postgres::check(&settings, password.expose()).await?;
    // Off the async workers, as every keychain call (`keychain_now`).
    let entry = password_entry(&settings);
    tokio::task::spawn_blocking(move || keychain.set_text(&entry, &password))
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))?
        .map_err(crate::stripe::connection::keychain_error)
}

/// From the start page, when the clinic server can't be opened: this
/// workstation works on its own file from the next start, the clinic as it
/// was when it began working on the server (what was done on the server
/// since stays there). Nobody is signed in here, and none need be: the file's
/// own lock screen still asks for a PIN, and the server is not touched. The
/// password stays in the keychain, so an owner joining the server again in
/// Settings → Data, once it is back, need not type it.
pub async fn use_this_computer_from_start(data_dir: &Path) -> Result<()> {
    if stored::read(data_dir)?.is_none() {
        return Err(stored::already_local());
    }
    stored::remove(data_dir).await?;
    tracing::warn!("from the start page, this workstation goes back to its own data");
    Ok(())
}
