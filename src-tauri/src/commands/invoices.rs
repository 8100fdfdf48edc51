//! Invoices: list, make, issue, void, their PDF and sending them.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::domain::{InvoiceId, PatientId};
use clinicdesk_core::email::Sent;
use clinicdesk_core::invoices::{Invoice, InvoiceCandidate, InvoiceForm, InvoiceList, VoidForm};
use std::path::PathBuf;
use tauri::{AppHandle, State};

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn list_invoices(state: State<'_, AppState>, patient: Option<PatientId>, page: i64) -> Reply<InvoiceList> {
    Ok(state.app().await?.list_invoices(patient, page).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_invoice(state: State<'_, AppState>, id: InvoiceId) -> Reply<Invoice> {
    Ok(state.app().await?.prepare_invoice(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn invoice_candidates(state: State<'_, AppState>, patient: PatientId) -> Reply<Vec<InvoiceCandidate>> {
    Ok(state.app().await?.invoice_candidates(patient).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn create_invoice(state: State<'_, AppState>, form: InvoiceForm) -> Reply<Invoice> {
    Ok(state.app().await?.create_invoice(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn issue_invoice(state: State<'_, AppState>, id: InvoiceId) -> Reply<Invoice> {
    Ok(state.app().await?.issue_invoice(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn delete_draft_invoice(state: State<'_, AppState>, id: InvoiceId) -> Reply<()> {
    Ok(state.app().await?.delete_draft_invoice(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn void_invoice(state: State<'_, AppState>, id: InvoiceId, form: VoidForm) -> Reply<Invoice> {
    Ok(state.app().await?.void_invoice(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, app), err(level = "debug"))]
pub async fn save_invoice_pdf(state: State<'_, AppState>, app: AppHandle, id: InvoiceId) -> Reply<PathBuf> {
    Ok(state.app().await?.invoice_pdf(id).await?.save_in(&super::documents::downloads(&app)?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn email_invoice(state: State<'_, AppState>, id: InvoiceId) -> Reply<Sent> {
    Ok(state.app().await?.email_invoice(id).await?)
}
