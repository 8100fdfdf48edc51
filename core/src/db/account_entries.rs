//! Table `account_entries`: an appointment's account, append-only (triggers
//! refuse UPDATE and DELETE).
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::account_entries`.

pub use clinicdesk_domain::rows::account_entries::*;
use clinicdesk_store_postgres::db::account_entries as postgres;

mod sqlite {
    use crate::error::{Error, Result};
    use sqlx::{Executor, Sqlite};

    clinicdesk_domain::account_entries_queries!(sqlx::Sqlite);

    /// The entries of the appointments `appointments::cards_between` shows (the
    /// same range and states), in one indexed read rather than one per card,
    /// and as one JSON row for the reason given there.
    pub async fn amounts_between(
        e: impl Executor<'_, Database = Sqlite>,
        from: &str,
        to: &str,
        earliest_start: &str,
    ) -> Result<Vec<AmountRow>> {
        let json = sqlx::query_scalar!(
            r#"SELECT json_group_array(json_array(appointment_id, kind, amount_minor, reverses IS NOT NULL))
                        AS "amounts!: String"
               FROM account_entries
               WHERE appointment_id IN (
                 SELECT a.id FROM appointments a
                 WHERE a.starts_at < $2 AND a.starts_at > $3 AND a.ends_at > $1
                   AND a.state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show'))"#,
            from,
            to,
            earliest_start
        )
        .fetch_one(e)
        .await?;
        serde_json::from_str(&json).map_err(|e| Error::Corrupt(format!("the day's account entries: {e}")))
    }
}

super::dispatch! {
    pub async fn insert(n: &NewEntry<'_>, taken_by: &str, staff_id: Option<i64>, at: &str, cash_day: &str) -> i64;
    pub async fn online_refunded_by(staff_id: i64, cash_day: &str) -> i64;
    pub async fn for_appointment(appointment_id: i64) -> Vec<EntryRow>;
    pub async fn get(id: i64) -> Option<EntryRow>;
    pub async fn patient_balances(patient_id: i64, limit: i64) -> Vec<PatientBalanceRow>;
    pub async fn patient_owing(patient_id: i64) -> i64;
    pub async fn amounts_between(from: &str, to: &str, earliest_start: &str) -> Vec<AmountRow>;
}
