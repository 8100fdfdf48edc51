use crate::error::IpcError;
use clinicdesk_core::Clinicdesk;
use std::path::PathBuf;

/// What the commands share. If the database could not be opened the app
/// still starts, so it can tell the person why instead of vanishing.
pub struct AppState {
    pub started: Result<Clinicdesk, IpcError>,
    pub data_dir: PathBuf,
    /// When main() began, for the start-up time the UI reports when ready.
    pub launched: std::time::Instant,
}

impl AppState {
    pub fn new(started: clinicdesk_core::Result<Clinicdesk>, data_dir: PathBuf, launched: std::time::Instant) -> Self {
        AppState { started: started.map_err(IpcError::from), data_dir, launched }
    }

    pub fn app(&self) -> Result<&Clinicdesk, IpcError> {
        self.started.as_ref().map_err(Clone::clone)
    }
}
