//! The daily backup: a minute after start-up (start-up itself stays quick),
//! then every half hour, core takes one when the last good one is a day old.
//! The window is told how it went, so a failing backup shows a banner.

use clinicdesk_core::Clinicdesk;
use std::time::Duration;
use tauri::{AppHandle, Emitter};

const FIRST: Duration = Duration::from_secs(60);
const EVERY: Duration = Duration::from_secs(30 * 60);

pub async fn run(desk: Clinicdesk, handle: AppHandle) {
    tokio::time::sleep(FIRST).await;
    loop {
        match desk.back_up_if_due().await {
            Ok(Some(file)) => tracing::info!(file = %file.file_name, "daily backup taken"),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %crate::error::chain(&e), "the daily backup failed"),
        }
        if let Ok(status) = desk.backup_status_now().await {
            let _ = handle.emit("backup-status", status);
        }
        tokio::time::sleep(EVERY).await;
    }
}
