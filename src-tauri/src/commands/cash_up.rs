//! The end of day: a day's figures, the till, closing the day, the CSV for
//! the accountant and the balances owing.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::cashup::forms::{CashDay, ExportForm, TillForm};
use clinicdesk_core::cashup::{DayReport, Exported, Outstanding};
use tauri::{AppHandle, Manager, State};

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn cash_up(state: State<'_, AppState>, day: Option<String>) -> Reply<DayReport> {
    Ok(state.app().await?.cash_up_or_today(day.map(CashDay::try_from).transpose()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn save_till(state: State<'_, AppState>, day: String, form: TillForm) -> Reply<DayReport> {
    Ok(state.app().await?.save_till(CashDay::try_from(day)?, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn close_day(state: State<'_, AppState>, day: String, form: TillForm) -> Reply<DayReport> {
    Ok(state.app().await?.close_day(CashDay::try_from(day)?, form.try_into()?).await?)
}

/// Into the person's Downloads folder (their home folder when there is none).
#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, app), err(level = "debug"))]
pub async fn export_money(state: State<'_, AppState>, app: AppHandle, form: ExportForm) -> Reply<Exported> {
    let folder = app.path().download_dir().or_else(|_| app.path().home_dir()).map_err(crate::error::io)?;
    Ok(state.app().await?.export_money(form.try_into()?, &folder).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn outstanding_balances(state: State<'_, AppState>) -> Reply<Outstanding> {
    Ok(state.app().await?.outstanding().await?)
}
