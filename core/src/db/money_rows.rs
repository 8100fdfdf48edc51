//! Reads of `account_entries` for the end of day and the accountant: the
//! payments and refunds of a range of cash-up days with who, what and
//! Stripe's ids; what is owed, for the aged balances.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::money_rows`.

pub use clinicdesk_domain::rows::money_rows::*;
use clinicdesk_store_postgres::db::money_rows as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::money_rows_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn between(from_day: &str, to_day: &str, from_at: &str, to_at: &str) -> Vec<MoneyRow>;
    pub async fn newest_id() -> i64;
    pub async fn later_changes(after_id: i64, day: &str, from_at: &str, to_at: &str) -> Vec<LaterRow>;
    pub async fn appointment_states(from: &str, to: &str) -> Vec<StateCount>;
    pub async fn owing(now: &str, age1: &str, age2: &str, age3: &str, limit: i64) -> Vec<OwingRow>;
}
