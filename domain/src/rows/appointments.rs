//! Table `appointments`, as both stores read and write it.

use crate::{AppointmentState, AttemptStatus, PaymentMode};
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct AppointmentRow {
    pub id: i64,
    pub patient_id: i64,
    pub practitioner_id: i64,
    pub appointment_type_id: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub state: AppointmentState,
    pub type_name: String,
    pub colour: String,
    pub price_minor: i64,
    pub currency: String,
    pub payment_mode: PaymentMode,
    pub online_amount_minor: Option<i64>,
    pub override_reason: Option<String>,
    pub cancellation_fee_minor: Option<i64>,
    pub no_show_fee_minor: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

pub struct NewAppointment<'a> {
    pub patient_id: i64,
    pub practitioner_id: i64,
    pub appointment_type_id: i64,
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub state: AppointmentState,
    pub type_name: &'a str,
    pub colour: &'a str,
    pub price_minor: i64,
    pub currency: &'a str,
    pub payment_mode: PaymentMode,
    pub online_amount_minor: Option<i64>,
    pub override_reason: Option<&'a str>,
    pub cancellation_fee_minor: Option<i64>,
    pub no_show_fee_minor: Option<i64>,
}

/// One card as the day view shows it, all from the appointment's own row
/// (its patient's name, attempts and account totals are kept there by the
/// schema's triggers: migrations/20261203000011_day_view_kept.sql). SQLite
/// reads it from the JSON array `cards_between` builds (fields in the
/// array's order).
#[derive(Debug, Clone, Deserialize)]
pub struct CardRow {
    pub id: i64,
    pub practitioner_id: i64,
    pub starts_at: String,
    pub ends_at: String,
    #[serde(deserialize_with = "crate::codec::json_text")]
    pub state: AppointmentState,
    pub type_name: String,
    pub colour: String,
    pub currency: String,
    pub online_amount_minor: Option<i64>,
    pub patient_name: String,
    /// The newest Checkout attempt's.
    #[serde(deserialize_with = "crate::codec::json_text_opt")]
    pub payment_status: Option<AttemptStatus>,
    /// The paid attempts' sum.
    pub paid_online_minor: i64,
    pub charges_minor: i64,
    pub discounts_minor: i64,
    pub payments_minor: i64,
    pub refunds_minor: i64,
}

impl CardRow {
    /// The account's totals, as the ledger counts them.
    pub fn totals(&self) -> crate::account::Totals {
        crate::account::Totals {
            charges: self.charges_minor,
            discounts: self.discounts_minor,
            payments: self.payments_minor,
            refunds: self.refunds_minor,
        }
    }
}

/// The `appointments` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::appointments_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/appointments/` against its own database, from one copy of the code.
#[macro_export]
macro_rules! appointments_queries {
    ($db:ty) => {
        pub use $crate::rows::appointments::{AppointmentRow, CardRow, NewAppointment};

        // Enums are bound as their text, from a local: TEXT passes both
        // databases' checks, and SQLite's arguments borrow what they bind,
        // so neither a type override (`as T`) nor a call may make a temporary.
        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            a: &NewAppointment<'_>,
            now: &str,
        ) -> Result<i64> {
            let (state, payment_mode) = (a.state.as_str(), a.payment_mode.as_str());
            Ok(sqlx::query_file_scalar!(
                "../queries/appointments/insert.sql",
                a.patient_id,
                a.practitioner_id,
                a.appointment_type_id,
                a.starts_at,
                a.ends_at,
                state,
                a.type_name,
                a.colour,
                a.price_minor,
                a.currency,
                payment_mode,
                a.online_amount_minor,
                a.override_reason,
                a.cancellation_fee_minor,
                a.no_show_fee_minor,
                now
            )
            .fetch_one(e)
            .await?)
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<AppointmentRow>> {
            Ok(sqlx::query_file_as!(AppointmentRow, "../queries/appointments/get.sql", id).fetch_optional(e).await?)
        }

        /// An appointment of `practitioner` that occupies part of [start, end).
        /// `earliest_start` is `start` minus the longest possible appointment: it
        /// bounds the index range scan from below, so the check reads a few rows
        /// however long the clinic's history grows. (On PostgreSQL the schema's
        /// exclusion constraint also holds the rule between workstations.)
        pub async fn overlapping(
            e: impl sqlx::Executor<'_, Database = $db>,
            practitioner_id: i64,
            starts_at: &str,
            ends_at: &str,
            earliest_start: &str,
        ) -> Result<Option<i64>> {
            Ok(sqlx::query_file_scalar!(
                "../queries/appointments/overlapping.sql",
                practitioner_id,
                starts_at,
                ends_at,
                earliest_start
            )
            .fetch_optional(e)
            .await?)
        }

        /// Moves the appointment from `from` to `to`; 0 rows when it was no longer in
        /// `from` (someone else got there first), which the caller reports.
        pub async fn transition(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            from: $crate::AppointmentState,
            to: $crate::AppointmentState,
            now: &str,
        ) -> Result<u64> {
            let (to, from) = (to.as_str(), from.as_str());
            Ok(sqlx::query_file!("../queries/appointments/transition.sql", to, now, id, from)
                .execute(e)
                .await?
                .rows_affected())
        }

        pub async fn set_override_reason(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            reason: &str,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/appointments/set_override_reason.sql", reason, now, id).execute(e).await?;
            Ok(())
        }

        /// When each appointment that still stands starts (not cancelled or expired).
        pub async fn active_starts(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Vec<String>> {
            Ok(sqlx::query_file_scalar!("../queries/appointments/active_starts.sql").fetch_all(e).await?)
        }
    };
}
