//! The app itself: version, data folder, ready, the settings' choices.

use super::Reply;
use crate::error::IpcError;
use crate::state::AppState;
use clinicdesk_core::clinic::SettingsOptions;
use serde::Serialize;
use tauri::State;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    name: &'static str,
    version: String,
    data_dir: String,
    log_dir: String,
    /// Set when the database could not be opened; the UI shows only this.
    startup_error: Option<IpcError>,
    /// This workstation works on the clinic server (no Backups page then).
    on_server: bool,
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn app_info(state: State<'_, AppState>) -> Reply<AppInfo> {
    Ok(AppInfo {
        name: "Clinicdesk",
        version: state.version.clone(),
        data_dir: state.data_dir.display().to_string(),
        log_dir: state.log_dir.display().to_string(),
        startup_error: state.app().await.err(),
        on_server: state.app_now().is_some_and(|desk| desk.on_server()),
    })
}

/// The UI calls this once it can be used; the log then says how long
/// start-up took (scripts/bench.sh reads it).

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn ui_ready(state: State<'_, AppState>) -> Reply<()> {
    tracing::info!(startup_ms = state.launched.elapsed().as_millis() as u64, "window ready");
    Ok(())
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn settings_options(state: State<'_, AppState>) -> Reply<SettingsOptions> {
    Ok(state.app().await?.settings_options()?)
}
