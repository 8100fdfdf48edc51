//! One-line wrappers: take state, turn the UI's DTO into domain types, call
//! core, map the error. Nothing else belongs here. A refused form is not a
//! fault, so errors are traced at debug level; internal errors are logged at
//! error level, with their cause, where they become an `IpcError`.

use crate::error::IpcError;
use crate::state::AppState;
use clinicdesk_core::appointment_types::{AppointmentType, MoveDirection, PricingPreview};
use clinicdesk_core::clinic::SettingsOptions;
use clinicdesk_core::db::audit_log::AuditEntry;
use clinicdesk_core::domain::{AppointmentTypeId, ClinicSettings};
use clinicdesk_core::dto::{AppointmentTypeForm, ClinicSettingsForm, ConnectStripeForm, PricingForm};
use clinicdesk_core::stripe::StripeStatus;
use serde::Serialize;
use tauri::State;

type Reply<T> = Result<T, IpcError>;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    version: &'static str,
    data_dir: String,
    /// Set when the database could not be opened; the UI shows only this.
    startup_error: Option<IpcError>,
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn app_info(state: State<'_, AppState>) -> Reply<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir.display().to_string(),
        startup_error: state.started.as_ref().err().cloned(),
    })
}

/// The UI calls this once it can be used; the log then says how long
/// start-up took (scripts/bench.sh reads it).
#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn ui_ready(state: State<'_, AppState>) -> Reply<()> {
    Ok(tracing::info!(startup_ms = state.launched.elapsed().as_millis() as u64, "window ready"))
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn settings_options(state: State<'_, AppState>) -> Reply<SettingsOptions> {
    Ok(state.app()?.settings_options())
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn get_clinic_settings(state: State<'_, AppState>) -> Reply<ClinicSettings> {
    Ok(state.app()?.clinic_settings().await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn save_clinic_settings(state: State<'_, AppState>, form: ClinicSettingsForm) -> Reply<ClinicSettings> {
    Ok(state.app()?.update_clinic_settings(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn list_appointment_types(state: State<'_, AppState>, include_archived: bool) -> Reply<Vec<AppointmentType>> {
    Ok(state.app()?.list_appointment_types(include_archived).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn get_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app()?.appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn create_appointment_type(state: State<'_, AppState>, form: AppointmentTypeForm) -> Reply<AppointmentType> {
    Ok(state.app()?.create_appointment_type(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn update_appointment_type(
    state: State<'_, AppState>,
    id: AppointmentTypeId,
    form: AppointmentTypeForm,
) -> Reply<AppointmentType> {
    Ok(state.app()?.update_appointment_type(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn archive_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app()?.archive_appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn restore_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app()?.restore_appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn move_appointment_type(
    state: State<'_, AppState>,
    id: AppointmentTypeId,
    direction: MoveDirection,
) -> Reply<Vec<AppointmentType>> {
    Ok(state.app()?.move_appointment_type(id, direction).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn preview_pricing(state: State<'_, AppState>, form: PricingForm) -> Reply<PricingPreview> {
    Ok(state.app()?.preview_pricing(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn appointment_type_history(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<Vec<AuditEntry>> {
    Ok(state.app()?.appointment_type_history(id).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn stripe_status(state: State<'_, AppState>) -> Reply<StripeStatus> {
    Ok(state.app()?.stripe_status().await?)
}

// skip_all: the form carries the secret key (its Debug is redacted as well).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn connect_stripe(state: State<'_, AppState>, form: ConnectStripeForm) -> Reply<StripeStatus> {
    Ok(state.app()?.connect_stripe(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn disconnect_stripe(state: State<'_, AppState>) -> Reply<StripeStatus> {
    Ok(state.app()?.disconnect_stripe().await?)
}
