//! Settings: the clinic, appointment types, practitioners, opening hours,
//! concessions.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::account::forms::ConcessionForm;
use clinicdesk_core::account::Concession;
use clinicdesk_core::appointment_types::{AppointmentType, MoveDirection, PricingPreview};
use clinicdesk_core::db::audit_log::AuditEntry;
use clinicdesk_core::domain::{AppointmentTypeId, ClinicSettings, PractitionerId};
use clinicdesk_core::dto::{AppointmentTypeForm, ClinicSettingsForm, OpeningHoursForm, PractitionerForm, PricingForm};
use clinicdesk_core::practitioners::{OpeningHours, Practitioner};
use tauri::State;

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_clinic_settings(state: State<'_, AppState>) -> Reply<ClinicSettings> {
    Ok(state.app().await?.clinic_settings().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn save_clinic_settings(state: State<'_, AppState>, form: ClinicSettingsForm) -> Reply<ClinicSettings> {
    Ok(state.app().await?.update_clinic_settings(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn list_appointment_types(state: State<'_, AppState>, include_archived: bool) -> Reply<Vec<AppointmentType>> {
    Ok(state.app().await?.list_appointment_types(include_archived).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app().await?.appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn create_appointment_type(state: State<'_, AppState>, form: AppointmentTypeForm) -> Reply<AppointmentType> {
    Ok(state.app().await?.create_appointment_type(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn update_appointment_type(
    state: State<'_, AppState>,
    id: AppointmentTypeId,
    form: AppointmentTypeForm,
) -> Reply<AppointmentType> {
    Ok(state.app().await?.update_appointment_type(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn archive_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app().await?.archive_appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn restore_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app().await?.restore_appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn move_appointment_type(
    state: State<'_, AppState>,
    id: AppointmentTypeId,
    direction: MoveDirection,
) -> Reply<Vec<AppointmentType>> {
    Ok(state.app().await?.move_appointment_type(id, direction).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn preview_pricing(state: State<'_, AppState>, form: PricingForm) -> Reply<PricingPreview> {
    Ok(state.app().await?.preview_pricing(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn appointment_type_history(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<Vec<AuditEntry>> {
    Ok(state.app().await?.appointment_type_history(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn list_practitioners(state: State<'_, AppState>, include_inactive: bool) -> Reply<Vec<Practitioner>> {
    Ok(state.app().await?.list_practitioners(include_inactive).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn create_practitioner(state: State<'_, AppState>, form: PractitionerForm) -> Reply<Practitioner> {
    Ok(state.app().await?.create_practitioner(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn update_practitioner(
    state: State<'_, AppState>,
    id: PractitionerId,
    form: PractitionerForm,
) -> Reply<Practitioner> {
    Ok(state.app().await?.rename_practitioner(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn set_provider_number(
    state: State<'_, AppState>,
    id: PractitionerId,
    provider_number: String,
) -> Reply<Practitioner> {
    Ok(state.app().await?.set_provider_number(id, provider_number.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn set_practitioner_active(
    state: State<'_, AppState>,
    id: PractitionerId,
    active: bool,
) -> Reply<Practitioner> {
    Ok(state.app().await?.set_practitioner_active(id, active).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_opening_hours(state: State<'_, AppState>) -> Reply<OpeningHours> {
    Ok(state.app().await?.opening_hours().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn save_opening_hours(state: State<'_, AppState>, form: OpeningHoursForm) -> Reply<OpeningHours> {
    Ok(state.app().await?.save_opening_hours(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn list_concessions(state: State<'_, AppState>, include_archived: bool) -> Reply<Vec<Concession>> {
    Ok(state.app().await?.concessions(include_archived).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn create_concession(state: State<'_, AppState>, form: ConcessionForm) -> Reply<Vec<Concession>> {
    Ok(state.app().await?.create_concession(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn archive_concession(state: State<'_, AppState>, id: i64) -> Reply<Vec<Concession>> {
    Ok(state.app().await?.archive_concession(id).await?)
}
