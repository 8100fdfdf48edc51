use crate::error::IpcError;
use clinicdesk_core::Clinicdesk;
use std::path::PathBuf;
use tokio::sync::SetOnce;

/// What the commands share. The database is opened while the window's
/// WebKit process starts (a new clinic's migrations take ~80 ms of synced
/// writes); a command that comes sooner waits for it. If it could not be
/// opened the app still starts, so it can tell the person why instead of
/// vanishing.
pub struct AppState {
    started: SetOnce<Result<Clinicdesk, IpcError>>,
    pub data_dir: PathBuf,
    /// Tauri's package version: the workspace's in Cargo.toml (the one place
    /// it is set: tauri.conf.json has none, so the installers take it too).
    pub version: String,
    /// Where the rolling log files are, for the About box and support.
    pub log_dir: PathBuf,
    /// When main() began, for the start-up time the UI reports when ready.
    pub launched: std::time::Instant,
}

impl AppState {
    pub fn new(data_dir: PathBuf, version: String, log_dir: PathBuf, launched: std::time::Instant) -> Self {
        AppState { started: SetOnce::new(), data_dir, version, log_dir, launched }
    }

    /// Once, when the database has been opened (or could not be).
    pub fn opened(&self, started: clinicdesk_core::Result<Clinicdesk>) {
        let _ = self.started.set(started.map_err(IpcError::from));
    }

    pub async fn app(&self) -> Result<&Clinicdesk, IpcError> {
        self.started.wait().await.as_ref().map_err(Clone::clone)
    }

    /// The open clinic, if it is open by now (for closing it at exit).
    pub fn app_now(&self) -> Option<&Clinicdesk> {
        self.started.get().and_then(|s| s.as_ref().ok())
    }
}
