//! Receipts and reports as PDF, the clinic's details printed on them, and
//! email through the clinic's mail server.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::cashup::forms::CashDay;
use clinicdesk_core::clinic_details::{ClinicDetails, ClinicDetailsForm};
use clinicdesk_core::domain::EntryId;
use clinicdesk_core::email::forms::{MailServerForm, TestEmailForm};
use clinicdesk_core::email::{MailServerView, Sent};
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};

/// The person's Downloads folder (their home folder when there is none).
pub(super) fn downloads(app: &AppHandle) -> Result<PathBuf, crate::error::IpcError> {
    app.path().download_dir().or_else(|_| app.path().home_dir()).map_err(crate::error::io)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_clinic_details(state: State<'_, AppState>) -> Reply<ClinicDetails> {
    Ok(state.app().await?.clinic_details().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn save_clinic_details(state: State<'_, AppState>, form: ClinicDetailsForm) -> Reply<ClinicDetails> {
    Ok(state.app().await?.save_clinic_details(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, app), err(level = "debug"))]
pub async fn save_receipt_pdf(state: State<'_, AppState>, app: AppHandle, entry: EntryId) -> Reply<PathBuf> {
    Ok(state.app().await?.receipt_pdf(entry).await?.save_in(&downloads(&app)?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, app), err(level = "debug"))]
pub async fn save_cash_up_pdf(state: State<'_, AppState>, app: AppHandle, day: String) -> Reply<PathBuf> {
    Ok(state.app().await?.cash_up_pdf(CashDay::try_from(day)?).await?.save_in(&downloads(&app)?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_mail_server(state: State<'_, AppState>) -> Reply<Option<MailServerView>> {
    Ok(state.app().await?.mail_server().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn save_mail_server(state: State<'_, AppState>, form: MailServerForm) -> Reply<MailServerView> {
    Ok(state.app().await?.save_mail_server(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn send_test_email(state: State<'_, AppState>, form: TestEmailForm) -> Reply<Sent> {
    Ok(state.app().await?.send_test_email(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn email_receipt(state: State<'_, AppState>, entry: EntryId) -> Reply<Sent> {
    Ok(state.app().await?.email_receipt(entry).await?)
}
