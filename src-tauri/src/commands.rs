//! One-line wrappers: take state, turn the UI's DTO into domain types, call
//! core, map the error. Nothing else belongs here. Each is a debug-level span
//! (logged when it ends, at RUST_LOG=debug). A refused form is not a
//! fault, so errors are traced at debug level; internal errors are logged at
//! error level, with their cause, where they become an `IpcError`.
//! Arguments carrying patient details or free text (reasons, notes) are
//! skipped by `instrument`, so they never reach a log line.

use crate::error::IpcError;
use crate::state::AppState;
use clinicdesk_core::appointment_types::{AppointmentType, MoveDirection, PricingPreview};
use clinicdesk_core::clinic::SettingsOptions;
use clinicdesk_core::db::audit_log::AuditEntry;
use clinicdesk_core::domain::{
    AppointmentId, AppointmentState, AppointmentTypeId, ClinicSettings, OverrideReason, PatientId, PractitionerId,
};
use clinicdesk_core::dto::{
    AppointmentTypeForm, BookingForm, ClinicSettingsForm, ConnectStripeForm, OpeningHoursForm, PatientForm,
    PractitionerForm, PricingForm, ResolutionForm, ReturnUrlForm,
};
use clinicdesk_core::front_desk::{Appointment, DayView};
use clinicdesk_core::patients::{Patient, PatientPage};
use clinicdesk_core::payments::{AttentionItem, OtherAccountAttempt};
use clinicdesk_core::practitioners::{OpeningHours, Practitioner};
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
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
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
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn ui_ready(state: State<'_, AppState>) -> Reply<()> {
    Ok(tracing::info!(startup_ms = state.launched.elapsed().as_millis() as u64, "window ready"))
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn settings_options(state: State<'_, AppState>) -> Reply<SettingsOptions> {
    Ok(state.app()?.settings_options())
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_clinic_settings(state: State<'_, AppState>) -> Reply<ClinicSettings> {
    Ok(state.app()?.clinic_settings().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn save_clinic_settings(state: State<'_, AppState>, form: ClinicSettingsForm) -> Reply<ClinicSettings> {
    Ok(state.app()?.update_clinic_settings(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn list_appointment_types(state: State<'_, AppState>, include_archived: bool) -> Reply<Vec<AppointmentType>> {
    Ok(state.app()?.list_appointment_types(include_archived).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app()?.appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn create_appointment_type(state: State<'_, AppState>, form: AppointmentTypeForm) -> Reply<AppointmentType> {
    Ok(state.app()?.create_appointment_type(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn update_appointment_type(
    state: State<'_, AppState>,
    id: AppointmentTypeId,
    form: AppointmentTypeForm,
) -> Reply<AppointmentType> {
    Ok(state.app()?.update_appointment_type(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn archive_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app()?.archive_appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn restore_appointment_type(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<AppointmentType> {
    Ok(state.app()?.restore_appointment_type(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn move_appointment_type(
    state: State<'_, AppState>,
    id: AppointmentTypeId,
    direction: MoveDirection,
) -> Reply<Vec<AppointmentType>> {
    Ok(state.app()?.move_appointment_type(id, direction).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn preview_pricing(state: State<'_, AppState>, form: PricingForm) -> Reply<PricingPreview> {
    Ok(state.app()?.preview_pricing(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn appointment_type_history(state: State<'_, AppState>, id: AppointmentTypeId) -> Reply<Vec<AuditEntry>> {
    Ok(state.app()?.appointment_type_history(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn stripe_status(state: State<'_, AppState>) -> Reply<StripeStatus> {
    Ok(state.app()?.stripe_status().await?)
}

// skip_all: the form carries the secret key (its Debug is redacted as well).
#[tauri::command]
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn connect_stripe(state: State<'_, AppState>, form: ConnectStripeForm) -> Reply<StripeStatus> {
    Ok(state.app()?.connect_stripe(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn disconnect_stripe(state: State<'_, AppState>) -> Reply<StripeStatus> {
    Ok(state.app()?.disconnect_stripe().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn save_return_url(state: State<'_, AppState>, form: ReturnUrlForm) -> Reply<StripeStatus> {
    Ok(state.app()?.save_return_url(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn other_account_attempts(state: State<'_, AppState>) -> Reply<Vec<OtherAccountAttempt>> {
    Ok(state.app()?.other_account_attempts().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn close_other_account_attempts(state: State<'_, AppState>) -> Reply<usize> {
    Ok(state.app()?.close_other_account_attempts().await?)
}

// ---- Front desk ----------------------------------------------------------

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn needs_attention(state: State<'_, AppState>) -> Reply<Vec<AttentionItem>> {
    Ok(state.app()?.needs_attention().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn resolve_attention(state: State<'_, AppState>, id: i64, form: ResolutionForm) -> Reply<Vec<AttentionItem>> {
    Ok(state.app()?.resolve_attention(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn list_practitioners(state: State<'_, AppState>, include_inactive: bool) -> Reply<Vec<Practitioner>> {
    Ok(state.app()?.list_practitioners(include_inactive).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn create_practitioner(state: State<'_, AppState>, form: PractitionerForm) -> Reply<Practitioner> {
    Ok(state.app()?.create_practitioner(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn update_practitioner(
    state: State<'_, AppState>,
    id: PractitionerId,
    form: PractitionerForm,
) -> Reply<Practitioner> {
    Ok(state.app()?.rename_practitioner(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn set_practitioner_active(
    state: State<'_, AppState>,
    id: PractitionerId,
    active: bool,
) -> Reply<Practitioner> {
    Ok(state.app()?.set_practitioner_active(id, active).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_opening_hours(state: State<'_, AppState>) -> Reply<OpeningHours> {
    Ok(state.app()?.opening_hours().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn save_opening_hours(state: State<'_, AppState>, form: OpeningHoursForm) -> Reply<OpeningHours> {
    Ok(state.app()?.save_opening_hours(form.try_into()?).await?)
}

// skip_all: patient details are health records and stay out of the log.
#[tauri::command]
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn search_patients(state: State<'_, AppState>, query: String, page: i64) -> Reply<PatientPage> {
    Ok(state.app()?.search_patients(&query, page).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_patient(state: State<'_, AppState>, id: PatientId) -> Reply<Patient> {
    Ok(state.app()?.patient(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn create_patient(state: State<'_, AppState>, form: PatientForm) -> Reply<Patient> {
    Ok(state.app()?.create_patient(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn update_patient(state: State<'_, AppState>, id: PatientId, form: PatientForm) -> Reply<Patient> {
    Ok(state.app()?.update_patient(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn day_view(state: State<'_, AppState>, date: String) -> Reply<DayView> {
    Ok(state.app()?.day_view(parse_day(&date)?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_appointment(state: State<'_, AppState>, id: AppointmentId) -> Reply<Appointment> {
    Ok(state.app()?.appointment(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn book_appointment(state: State<'_, AppState>, form: BookingForm) -> Reply<Appointment> {
    Ok(state.app()?.book_appointment(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn send_payment_link(state: State<'_, AppState>, id: AppointmentId) -> Reply<Appointment> {
    Ok(state.app()?.send_payment_link(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn retry_payment_link(state: State<'_, AppState>, id: AppointmentId) -> Reply<Appointment> {
    Ok(state.app()?.retry_payment_link(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn release_hold(state: State<'_, AppState>, id: AppointmentId) -> Reply<Appointment> {
    Ok(state.app()?.release_hold(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, reason), err(level = "debug"))]
pub async fn book_without_payment(state: State<'_, AppState>, id: AppointmentId, reason: String) -> Reply<Appointment> {
    Ok(state.app()?.book_without_payment(id, parse_reason(&reason)?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(desk), err(level = "debug"))]
pub async fn set_appointment_state(
    desk: State<'_, AppState>,
    id: AppointmentId,
    state: AppointmentState,
) -> Reply<Appointment> {
    Ok(desk.app()?.set_appointment_state(id, state).await?)
}

#[derive(Serialize)]
pub struct Mailto {
    mailto: String,
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, app), err(level = "debug"))]
pub async fn email_payment_link(state: State<'_, AppState>, app: tauri::AppHandle, id: AppointmentId) -> Reply<Mailto> {
    let mailto = state.app()?.payment_link_mailto(id).await?;
    open_mail_app(&app, &mailto)?;
    Ok(Mailto { mailto })
}

fn open_mail_app(app: &tauri::AppHandle, mailto: &str) -> Reply<()> {
    use tauri_plugin_opener::OpenerExt;
    app.opener().open_url(mailto, None::<&str>).map_err(|e| {
        tracing::warn!(error = %e, "no mail app opened the payment link");
        IpcError::from(clinicdesk_core::Error::Refused {
            code: "no_mail_app",
            message: "No email app is set up on this computer. Copy the link instead.".into(),
        })
    })
}

fn parse_day(text: &str) -> Reply<Option<jiff::civil::Date>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse()
        .map(Some)
        .map_err(|_| clinicdesk_core::Error::field("date", "invalid_date", "Enter the date as YYYY-MM-DD.").into())
}

fn parse_reason(text: &str) -> Reply<OverrideReason> {
    OverrideReason::try_from(text).map_err(|e| clinicdesk_core::Error::Validation(vec![e.at("reason")]).into())
}
