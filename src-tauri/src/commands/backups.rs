//! Settings → Backups: where they go, "Back up now", the list, restoring one.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::backup::{BackupFile, BackupFolderForm, BackupPreview, BackupStatus};
use std::path::PathBuf;
use tauri::{AppHandle, State};

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn backup_status(state: State<'_, AppState>) -> Reply<BackupStatus> {
    Ok(state.app().await?.backup_status().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn set_backup_folder(state: State<'_, AppState>, form: BackupFolderForm) -> Reply<BackupStatus> {
    Ok(state.app().await?.set_backup_folder(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn back_up_now(state: State<'_, AppState>) -> Reply<BackupFile> {
    Ok(state.app().await?.back_up_now().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn restore_preview(state: State<'_, AppState>, path: PathBuf) -> Reply<BackupPreview> {
    Ok(state.app().await?.restore_preview(&path).await?)
}

/// Asks core to restore `path` at the next start, then restarts the app
/// (see `crate::restart`).
#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, app), err(level = "debug"))]
pub async fn restore_backup(state: State<'_, AppState>, app: AppHandle, path: PathBuf) -> Reply<BackupPreview> {
    let preview = state.app().await?.request_restore(&path).await?;
    state.app().await?.close().await;
    crate::restart(&app);
    Ok(preview)
}
