//! The workstation's choice, in `clinic-server.json` beside its data: which
//! server it works on (no password: that is in the keychain). No file: this
//! computer only.

use crate::error::{Error, Result};
use clinicdesk_store_postgres::{ServerSettings, TlsMode};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const SERVER_FILE: &str = "clinic-server.json";

/// The refusal of anything that needs a server when this workstation has
/// none (no choice file).
pub(super) fn already_local() -> Error {
    Error::Refused {
        code: "already_local",
        message: "This workstation already keeps the clinic on this computer.".into(),
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    host: String,
    port: u16,
    database: String,
    user: String,
    tls: String,
    #[serde(default)]
    ca_file: Option<PathBuf>,
    /// When this workstation began working on the server (UTC).
    since: String,
}

/// Where the clinic is, for Settings → Data.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataLocation {
    /// True when this workstation works on the clinic server.
    pub on_server: bool,
    pub server: Option<ServerView>,
    /// When it began to (UTC); this computer's own file is as it was then.
    pub since: Option<String>,
    /// This computer's own database file (kept, untouched, on the server).
    pub data_file: Option<String>,
}

/// The server's settings as the form shows them (never the password).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ServerView {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub tls: &'static str,
    pub ca_file: Option<String>,
}

impl From<&ServerSettings> for ServerView {
    fn from(s: &ServerSettings) -> Self {
        let (tls, ca_file) = match &s.tls {
            TlsMode::Require => ("require", None),
            TlsMode::VerifyFull { ca_file } => ("verify-full", Some(ca_file.display().to_string())),
            TlsMode::Disable => ("disable", None),
        };
        ServerView {
            host: s.host.clone(),
            port: s.port,
            database: s.database.clone(),
            user: s.user.clone(),
            tls,
            ca_file,
        }
    }
}

/// The keychain entry of a server's password: one per server, database and
/// user, so two clinics' servers never share one.
pub fn password_entry(s: &ServerSettings) -> String {
    format!("clinic-server:{}@{}:{}/{}", s.user, s.host, s.port, s.database)
}

/// The server this workstation works on, and since when; None: this
/// computer only. A file that can't be read stops the start with its path,
/// rather than silently opening this computer's (older) data instead.
pub fn read(data_dir: &Path) -> Result<Option<(ServerSettings, String)>> {
    let path = data_dir.join(SERVER_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let unreadable = || Error::Corrupt(format!("{} could not be read", path.display()));
    let stored: Stored = serde_json::from_str(&text).map_err(|_| unreadable())?;
    let tls = match (stored.tls.as_str(), stored.ca_file) {
        ("require", _) => TlsMode::Require,
        ("verify-full", Some(ca_file)) => TlsMode::VerifyFull { ca_file },
        ("disable", _) => TlsMode::Disable,
        _ => return Err(unreadable()),
    };
    let settings =
        ServerSettings { host: stored.host, port: stored.port, database: stored.database, user: stored.user, tls };
    Ok(Some((settings, stored.since)))
}

/// Saves the choice: written beside, then renamed over, so a crash leaves
/// the old choice or the new one, never half of one.
pub(crate) async fn write(data_dir: &Path, settings: &ServerSettings, since: &str) -> Result<()> {
    let view = ServerView::from(settings);
    let stored = Stored {
        host: view.host,
        port: view.port,
        database: view.database,
        user: view.user,
        tls: view.tls.to_string(),
        ca_file: view.ca_file.map(PathBuf::from),
        since: since.to_string(),
    };
    let text = serde_json::to_vec_pretty(&stored).map_err(|e| Error::Io(std::io::Error::other(e)))?;
    let path = data_dir.join(SERVER_FILE);
    let partial = data_dir.join(format!("{SERVER_FILE}.partial"));
    // Synced through the handle that wrote it (Windows refuses to flush a
    // file opened only for reading).
    let mut file = tokio::fs::File::create(&partial).await?;
    tokio::io::AsyncWriteExt::write_all(&mut file, &text).await?;
    file.sync_all().await?;
    drop(file);
    tokio::fs::rename(&partial, &path).await?;
    Ok(())
}

/// Back to this computer only.
pub(crate) async fn remove(data_dir: &Path) -> Result<()> {
    match tokio::fs::remove_file(data_dir.join(SERVER_FILE)).await {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}
