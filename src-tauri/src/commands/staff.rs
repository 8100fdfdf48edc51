//! The lock screen, the first owner, switching user; the owner's staff page,
//! security settings and audit viewer. PINs are skipped by `instrument`.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::domain::StaffId;
use clinicdesk_core::staff::{
    AuditFilterForm, AuditPage, LockScreen, SecurityForm, SecuritySettings, SignedIn, StaffForm, StaffMember,
};
use tauri::State;

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn lock_screen(state: State<'_, AppState>) -> Reply<LockScreen> {
    Ok(state.app().await?.lock_screen().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, name, pin), err(level = "debug"))]
pub async fn create_owner(state: State<'_, AppState>, name: String, pin: String) -> Reply<SignedIn> {
    Ok(state.app().await?.create_owner(&name, &pin).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, pin), err(level = "debug"))]
pub async fn sign_in(state: State<'_, AppState>, staff_id: i64, pin: String) -> Reply<SignedIn> {
    Ok(state.app().await?.sign_in(StaffId(staff_id), &pin).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn lock_now(state: State<'_, AppState>) -> Reply<()> {
    state.app().await?.lock();
    Ok(())
}

#[tauri::command]
#[tracing::instrument(level = "trace", skip(state), err(level = "debug"))]
pub async fn keep_alive(state: State<'_, AppState>) -> Reply<SignedIn> {
    Ok(state.app().await?.keep_alive()?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn list_staff(state: State<'_, AppState>) -> Reply<Vec<StaffMember>> {
    Ok(state.app().await?.list_staff().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn add_staff(state: State<'_, AppState>, form: StaffForm) -> Reply<StaffId> {
    Ok(state.app().await?.add_staff(form).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn update_staff(state: State<'_, AppState>, id: i64, form: StaffForm) -> Reply<()> {
    Ok(state.app().await?.update_staff(StaffId(id), form).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, pin), err(level = "debug"))]
pub async fn set_staff_pin(state: State<'_, AppState>, id: i64, pin: String) -> Reply<()> {
    Ok(state.app().await?.set_staff_pin(StaffId(id), &pin).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn security_settings(state: State<'_, AppState>) -> Reply<SecuritySettings> {
    Ok(state.app().await?.security_settings().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn save_security_settings(state: State<'_, AppState>, form: SecurityForm) -> Reply<SecuritySettings> {
    Ok(state.app().await?.save_security_settings(form).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn audit_log(state: State<'_, AppState>, filter: AuditFilterForm) -> Reply<AuditPage> {
    Ok(state.app().await?.audit_log(filter.try_into()?).await?)
}
