//! An appointment's account: taking payment, discounts, refunds,
//! corrections, receipts.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::account::forms::{CorrectionForm, DiscountForm, RefundForm, TakePaymentForm};
use clinicdesk_core::account::{Account, AccountChanged, Receipt, Taken};
use clinicdesk_core::domain::{AppointmentId, EntryId};
use tauri::State;

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_account(state: State<'_, AppState>, id: AppointmentId) -> Reply<Account> {
    Ok(state.app().await?.account(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn take_payment(state: State<'_, AppState>, id: AppointmentId, form: TakePaymentForm) -> Reply<Taken> {
    Ok(state.app().await?.take_payment(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn add_discount(state: State<'_, AppState>, id: AppointmentId, form: DiscountForm) -> Reply<AccountChanged> {
    Ok(state.app().await?.add_discount(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn refund_payment(state: State<'_, AppState>, id: AppointmentId, form: RefundForm) -> Reply<AccountChanged> {
    Ok(state.app().await?.refund(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn correct_entry(
    state: State<'_, AppState>,
    id: AppointmentId,
    form: CorrectionForm,
) -> Reply<AccountChanged> {
    Ok(state.app().await?.correct_entry(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn payment_receipt(state: State<'_, AppState>, entry: EntryId) -> Reply<Receipt> {
    Ok(state.app().await?.receipt(entry).await?)
}
