//! Settings → Data: this computer only, or the clinic server. A change of
//! place is saved by core for the next start; the window then asks for the
//! restart (`restart_app`) once it has said what happened.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::server::{DataLocation, MoveSummary, ServerForm, ServerFound};
use tauri::{AppHandle, State};

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn data_location(state: State<'_, AppState>) -> Reply<DataLocation> {
    Ok(state.app().await?.data_location().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn test_server(state: State<'_, AppState>, form: ServerForm) -> Reply<ServerFound> {
    Ok(state.app().await?.test_server(form.try_into()?).await?)
}

/// After a move this workstation's own file is no longer the clinic's: it is
/// closed at once, so nothing more is written to it before the restart.
#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn move_to_server(state: State<'_, AppState>, form: ServerForm) -> Reply<MoveSummary> {
    let moved = state.app().await?.move_to_server(form.try_into()?).await?;
    state.app().await?.close().await;
    Ok(moved)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn use_server(state: State<'_, AppState>, form: ServerForm) -> Reply<ServerFound> {
    Ok(state.app().await?.use_server(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn use_this_computer(state: State<'_, AppState>) -> Reply<()> {
    Ok(state.app().await?.use_this_computer().await?)
}

/// Starts the app again: after a change of place, or from the page that
/// says the server could not be reached.
#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, app), err(level = "debug"))]
pub async fn restart_app(state: State<'_, AppState>, app: AppHandle) -> Reply<()> {
    if let Some(desk) = state.app_now() {
        desk.close().await;
    }
    crate::restart(&app);
    Ok(())
}

/// From the page that says the server could not be opened: the server's
/// password again (checked with the server); the page then says so and asks
/// for the restart.
#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, password), err(level = "debug"))]
pub async fn save_server_password(state: State<'_, AppState>, password: String) -> Reply<()> {
    // Only from the start page: with the clinic open, Settings → Data does it.
    if state.app().await.is_ok() {
        return Err(clinicdesk_core::Error::Refused {
            code: "forbidden",
            message: "The clinic is open: change the server's password in Settings → Data.".into(),
        }
        .into());
    }
    let secret = clinicdesk_core::secrets::SecretText::new(password);
    Ok(clinicdesk_core::server::save_server_password(
        &state.data_dir,
        secret,
        std::sync::Arc::new(clinicdesk_core::secrets::KeyringStore),
    )
    .await?)
}

/// From the page that says the server could not be opened: this
/// workstation's own data from the next start (the page then asks for the
/// restart).
#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn use_this_computer_from_start(state: State<'_, AppState>) -> Reply<()> {
    // Only from the start page: with the clinic open, Settings → Data does it (owner only).
    if state.app().await.is_ok() {
        return Err(clinicdesk_core::Error::Refused {
            code: "forbidden",
            message: "The clinic is open: an owner changes where it is kept in Settings → Data.".into(),
        }
        .into());
    }
    Ok(clinicdesk_core::server::use_this_computer_from_start(&state.data_dir).await?)
}
