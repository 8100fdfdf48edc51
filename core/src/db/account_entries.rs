//! Table `account_entries`: an appointment's account, append-only (triggers
//! refuse UPDATE and DELETE).
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::account_entries`.

pub use clinicdesk_domain::rows::account_entries::*;
use clinicdesk_store_postgres::db::account_entries as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::account_entries_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert(n: &NewEntry<'_>, taken_by: &str, staff_id: Option<i64>, at: &str, cash_day: &str) -> i64;
    pub async fn online_refunded_by(staff_id: i64, cash_day: &str) -> i64;
    pub async fn for_appointment(appointment_id: i64) -> Vec<EntryRow>;
    pub async fn get(id: i64) -> Option<EntryRow>;
    pub async fn patient_balances(patient_id: i64, limit: i64) -> Vec<PatientBalanceRow>;
    pub async fn patient_owing(patient_id: i64) -> i64;
}
