//! Table `money_rows`, as both stores read and write it.

use crate::{AppointmentState, EntryKind, PaymentMethod};

/// A payment or refund (or a correction of one), with its context.
#[derive(Debug, Clone)]
pub struct MoneyRow {
    pub id: i64,
    /// Empty for an entry written before cash-up days existed (it counts on
    /// the day of `at`).
    pub cash_day: String,
    pub at: String,
    pub kind: EntryKind,
    pub method: PaymentMethod,
    pub amount_minor: i64,
    pub currency: String,
    pub reversal: bool,
    pub note: Option<String>,
    pub fund_name: Option<String>,
    pub claim_reference: Option<String>,
    pub taken_by: String,
    pub appointment_id: i64,
    pub practitioner_id: i64,
    pub practitioner: String,
    pub patient: String,
    pub service: String,
    pub checkout_session_id: Option<String>,
    pub payment_intent_id: Option<String>,
    pub stripe_refund_id: Option<String>,
}

/// A later entry that corrects or refunds money of a closed day.
#[derive(Debug, Clone)]
pub struct LaterRow {
    pub id: i64,
    pub cash_day: String,
    pub kind: EntryKind,
    pub method: PaymentMethod,
    pub amount_minor: i64,
    pub reversal: bool,
    pub patient: String,
}

#[derive(Debug, Clone)]
pub struct StateCount {
    pub state: AppointmentState,
    pub count: i64,
}

/// A patient who owes, with what they owe in each age, and the same sums
/// over everyone who owes (repeated on each row).
#[derive(Debug, Clone)]
pub struct OwingRow {
    pub patient_id: i64,
    pub patient: String,
    pub email: String,
    pub b0: i64,
    pub b1: i64,
    pub b2: i64,
    pub b3: i64,
    pub total: i64,
    pub appointments: i64,
    pub all0: i64,
    pub all1: i64,
    pub all2: i64,
    pub all3: i64,
    pub patients: i64,
}

/// The `money_rows` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::money_rows_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/money_rows/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! money_rows_queries {
    ($db:ty) => {
        pub use $crate::rows::money_rows::{LaterRow, MoneyRow, OwingRow, StateCount};

        /// The money of cash-up days `from_day` to `to_day` (inclusive), and of the
        /// entries older than cash-up days recorded from `from_at` to before `to_at`.
        pub async fn between(
            e: impl sqlx::Executor<'_, Database = $db>,
            from_day: &str,
            to_day: &str,
            from_at: &str,
            to_at: &str,
        ) -> Result<Vec<MoneyRow>> {
            Ok(sqlx::query_file_as!(MoneyRow, "../queries/money_rows/between.sql", from_day, to_day, from_at, to_at)
                .fetch_all(e)
                .await?)
        }

        /// The newest account entry's id (0 when there is none).
        pub async fn newest_id(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/money_rows/newest_id.sql").fetch_one(e).await?)
        }

        /// Entries after `after_id` that refund or reverse an entry of cash-up day
        /// `day` (or, for old entries, recorded from `from_at` to before `to_at`).
        pub async fn later_changes(
            e: impl sqlx::Executor<'_, Database = $db>,
            after_id: i64,
            day: &str,
            from_at: &str,
            to_at: &str,
        ) -> Result<Vec<LaterRow>> {
            Ok(sqlx::query_file_as!(LaterRow, "../queries/money_rows/later_changes.sql", after_id, day, from_at, to_at)
                .fetch_all(e)
                .await?)
        }

        /// How many appointments start in [`from`, `to`), by state.
        pub async fn appointment_states(
            e: impl sqlx::Executor<'_, Database = $db>,
            from: &str,
            to: &str,
        ) -> Result<Vec<StateCount>> {
            Ok(sqlx::query_file_as!(StateCount, "../queries/money_rows/appointment_states.sql", from, to)
                .fetch_all(e)
                .await?)
        }

        /// The patients owing for appointments that started by `now`, the largest
        /// totals first, at most `limit`. An appointment is in the first age when it
        /// started at or after `age1` (the start of the day 30 days ago), the second
        /// from `age2`, the third from `age3`, else the last. The balances read only
        /// the covering index `account_entries_appointment`; the sums are done here,
        /// so only the rows listed cross to Rust.
        pub async fn owing(
            e: impl sqlx::Executor<'_, Database = $db>,
            now: &str,
            age1: &str,
            age2: &str,
            age3: &str,
            limit: i64,
        ) -> Result<Vec<OwingRow>> {
            Ok(sqlx::query_file_as!(OwingRow, "../queries/money_rows/owing.sql", now, age1, age2, age3, limit)
                .fetch_all(e)
                .await?)
        }
    };
}
