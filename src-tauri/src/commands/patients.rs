//! Patients: search, details, and their money.

use super::Reply;
use crate::state::AppState;
use clinicdesk_core::account::PatientAccount;
use clinicdesk_core::domain::PatientId;
use clinicdesk_core::dto::PatientForm;
use clinicdesk_core::patients::{Patient, PatientPage};
use tauri::State;

// skip_all: patient details are health records and stay out of the log.
#[tauri::command]
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn search_patients(state: State<'_, AppState>, query: String, page: i64) -> Reply<PatientPage> {
    Ok(state.app().await?.search_patients(&query, page).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn get_patient(state: State<'_, AppState>, id: PatientId) -> Reply<Patient> {
    Ok(state.app().await?.patient(id).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip_all, err(level = "debug"))]
pub async fn create_patient(state: State<'_, AppState>, form: PatientForm) -> Reply<Patient> {
    Ok(state.app().await?.create_patient(form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state, form), err(level = "debug"))]
pub async fn update_patient(state: State<'_, AppState>, id: PatientId, form: PatientForm) -> Reply<Patient> {
    Ok(state.app().await?.update_patient(id, form.try_into()?).await?)
}

#[tauri::command]
#[tracing::instrument(level = "debug", skip(state), err(level = "debug"))]
pub async fn patient_account(state: State<'_, AppState>, id: PatientId) -> Reply<PatientAccount> {
    Ok(state.app().await?.patient_account(id).await?)
}
