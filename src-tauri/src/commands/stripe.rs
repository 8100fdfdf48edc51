//! Stripe: connecting the account, the page after paying, links of another
//! account.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::dto::{ConnectStripeForm, ReturnUrlForm};
use clinicdesk_core::payments::OtherAccountAttempt;
use clinicdesk_core::stripe::StripeStatus;
use tauri::State;

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn stripe_status(state: State<'_, AppState>) -> Reply<StripeStatus> {
    Ok(state.app().await?.stripe_status().await?)
}

// skip_all: the form carries the secret key (its Debug is redacted as well).
#[tauri::command]
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn connect_stripe(state: State<'_, AppState>, form: ConnectStripeForm) -> Reply<StripeStatus> {
    Ok(state.app().await?.connect_stripe(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn disconnect_stripe(state: State<'_, AppState>) -> Reply<StripeStatus> {
    Ok(state.app().await?.disconnect_stripe().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn save_return_url(state: State<'_, AppState>, form: ReturnUrlForm) -> Reply<StripeStatus> {
    Ok(state.app().await?.save_return_url(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn other_account_attempts(state: State<'_, AppState>) -> Reply<Vec<OtherAccountAttempt>> {
    Ok(state.app().await?.other_account_attempts().await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn close_other_account_attempts(state: State<'_, AppState>) -> Reply<usize> {
    Ok(state.app().await?.close_other_account_attempts().await?)
}
