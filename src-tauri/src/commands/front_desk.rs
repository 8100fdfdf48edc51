//! The front desk: the day, booking, an appointment's workflow and payment
//! link, and what needs attention.

use super::Reply;
use crate::error::IpcError;
use crate::state::AppState;
use clinicdesk_core::account::forms::CloseMoneyForm;
use clinicdesk_core::account::ClosePreview;
use clinicdesk_core::domain::{AppointmentId, AppointmentState, OverrideReason};
use clinicdesk_core::dto::{BookingForm, ResolutionForm};
use clinicdesk_core::front_desk::{Appointment, DayView};
use clinicdesk_core::payments::AttentionItem;
use serde::Serialize;
use tauri::State;

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn day_view(state: State<'_, AppState>, date: String) -> Reply<DayView> {
    Ok(state.app().await?.day_view(parse_day(&date)?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_appointment(state: State<'_, AppState>, id: AppointmentId) -> Reply<Appointment> {
    Ok(state.app().await?.appointment(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn book_appointment(state: State<'_, AppState>, form: BookingForm) -> Reply<Appointment> {
    Ok(state.app().await?.book_appointment(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn send_payment_link(state: State<'_, AppState>, id: AppointmentId) -> Reply<Appointment> {
    Ok(state.app().await?.send_payment_link(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn retry_payment_link(state: State<'_, AppState>, id: AppointmentId) -> Reply<Appointment> {
    Ok(state.app().await?.retry_payment_link(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn release_hold(state: State<'_, AppState>, id: AppointmentId) -> Reply<Appointment> {
    Ok(state.app().await?.release_hold(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, reason), err(level = "debug"))]
pub async fn book_without_payment(state: State<'_, AppState>, id: AppointmentId, reason: String) -> Reply<Appointment> {
    Ok(state.app().await?.book_without_payment(id, parse_reason(&reason)?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(desk), err(level = "debug"))]
pub async fn set_appointment_state(
    desk: State<'_, AppState>,
    id: AppointmentId,
    state: AppointmentState,
) -> Reply<Appointment> {
    Ok(desk.app().await?.set_appointment_state(id, state).await?)
}

#[derive(Serialize)]
pub struct Mailto {
    mailto: String,
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn email_payment_link(state: State<'_, AppState>, id: AppointmentId) -> Reply<Mailto> {
    let mailto = state.app().await?.payment_link_mailto(id).await?;
    open_mail_app(&mailto)?;
    Ok(Mailto { mailto })
}

fn open_mail_app(mailto: &str) -> Reply<()> {
    // Detached: the mail app outlives the call; the error is only that none
    // could be started.
    open::that_detached(mailto).map_err(|e| {
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

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn needs_attention(state: State<'_, AppState>) -> Reply<Vec<AttentionItem>> {
    Ok(state.app().await?.needs_attention().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn resolve_attention(state: State<'_, AppState>, id: i64, form: ResolutionForm) -> Reply<Vec<AttentionItem>> {
    Ok(state.app().await?.resolve_attention(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(desk), err(level = "debug"))]
pub async fn close_preview(
    desk: State<'_, AppState>,
    id: AppointmentId,
    state: AppointmentState,
) -> Reply<ClosePreview> {
    Ok(desk.app().await?.close_preview(id, state).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(desk, form), err(level = "debug"))]
pub async fn close_appointment(
    desk: State<'_, AppState>,
    id: AppointmentId,
    state: AppointmentState,
    form: CloseMoneyForm,
) -> Reply<Appointment> {
    Ok(desk.app().await?.close_appointment(id, state, form.try_into()?).await?)
}
