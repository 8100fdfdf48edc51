//! Table `account_entries`, as both stores read and write it.

use crate::{AppointmentState, ChargeFor, EntryKind, PaymentMethod, RefundStatus};

#[derive(Debug, Clone)]
pub struct EntryRow {
    pub id: i64,
    pub appointment_id: i64,
    pub kind: EntryKind,
    pub amount_minor: i64,
    pub currency: String,
    pub charge_for: Option<ChargeFor>,
    pub method: Option<PaymentMethod>,
    pub percent: Option<i64>,
    pub concession_id: Option<i64>,
    pub fund_name: Option<String>,
    pub claim_reference: Option<String>,
    pub note: Option<String>,
    pub refund_of: Option<i64>,
    pub reverses: Option<i64>,
    pub attempt_id: Option<i64>,
    /// A payment through an invoice's link (its share of it).
    pub invoice_payment_id: Option<i64>,
    pub taken_by: String,
    pub at: String,
    /// The concession's name, for a concession discount.
    pub concession_name: Option<String>,
    /// An online refund's progress at Stripe.
    pub refund_status: Option<RefundStatus>,
}

#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub appointment_id: i64,
    pub kind: EntryKind,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub charge_for: Option<ChargeFor>,
    pub method: Option<PaymentMethod>,
    pub percent: Option<i64>,
    pub concession_id: Option<i64>,
    pub fund_name: Option<&'a str>,
    pub claim_reference: Option<&'a str>,
    pub note: Option<&'a str>,
    pub refund_of: Option<i64>,
    pub reverses: Option<i64>,
    pub attempt_id: Option<i64>,
    pub invoice_payment_id: Option<i64>,
}

impl<'a> NewEntry<'a> {
    pub fn new(appointment_id: i64, kind: EntryKind, amount_minor: i64, currency: &'a str) -> NewEntry<'a> {
        NewEntry {
            appointment_id,
            kind,
            amount_minor,
            currency,
            charge_for: None,
            method: None,
            percent: None,
            concession_id: None,
            fund_name: None,
            claim_reference: None,
            note: None,
            refund_of: None,
            reverses: None,
            attempt_id: None,
            invoice_payment_id: None,
        }
    }
}

/// One row per appointment of a patient: what it was charged net, paid net
/// (payments less refunds) and its balance.
#[derive(Debug, Clone)]
pub struct PatientBalanceRow {
    pub appointment_id: i64,
    pub starts_at: String,
    pub type_name: String,
    pub practitioner_name: String,
    pub state: AppointmentState,
    pub currency: String,
    pub charged: i64,
    pub paid: i64,
    pub refunded: i64,
    pub balance: i64,
}

/// The `account_entries` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::account_entries_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/account_entries/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! account_entries_queries {
    ($db:ty) => {
        pub use $crate::rows::account_entries::{EntryRow, NewEntry, PatientBalanceRow};

        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            n: &NewEntry<'_>,
            taken_by: &str,
            staff_id: Option<i64>,
            at: &str,
            cash_day: &str,
        ) -> Result<i64> {
            let kind = n.kind.as_str();
            let (charge_for, method) = (n.charge_for.map(|c| c.as_str()), n.method.map(|m| m.as_str()));
            Ok(sqlx::query_file_scalar!(
                "../queries/account_entries/insert.sql",
                n.appointment_id,
                kind,
                n.amount_minor,
                n.currency,
                charge_for,
                method,
                n.percent,
                n.concession_id,
                n.fund_name,
                n.claim_reference,
                n.note,
                n.refund_of,
                n.reverses,
                n.attempt_id,
                n.invoice_payment_id,
                taken_by,
                staff_id,
                at,
                cash_day
            )
            .fetch_one(e)
            .await?)
        }

        /// What `staff_id` has refunded through Stripe on `cash_day` (first
        /// refunds only: a failed refund still counts, a reversal does not undo it).
        pub async fn online_refunded_by(
            e: impl sqlx::Executor<'_, Database = $db>,
            staff_id: i64,
            cash_day: &str,
        ) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/account_entries/online_refunded_by.sql", staff_id, cash_day)
                .fetch_one(e)
                .await?)
        }

        pub async fn for_appointment(
            e: impl sqlx::Executor<'_, Database = $db>,
            appointment_id: i64,
        ) -> Result<Vec<EntryRow>> {
            Ok(sqlx::query_file_as!(EntryRow, "../queries/account_entries/for_appointment.sql", appointment_id)
                .fetch_all(e)
                .await?)
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<EntryRow>> {
            Ok(sqlx::query_file_as!(EntryRow, "../queries/account_entries/get.sql", id).fetch_optional(e).await?)
        }

        /// A patient's appointments, newest first, with their balances.
        pub async fn patient_balances(
            e: impl sqlx::Executor<'_, Database = $db>,
            patient_id: i64,
            limit: i64,
        ) -> Result<Vec<PatientBalanceRow>> {
            Ok(sqlx::query_file_as!(
                PatientBalanceRow,
                "../queries/account_entries/patient_balances.sql",
                patient_id,
                limit
            )
            .fetch_all(e)
            .await?)
        }

        /// What a patient owes in all (only appointments that owe count).
        pub async fn patient_owing(e: impl sqlx::Executor<'_, Database = $db>, patient_id: i64) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/account_entries/patient_owing.sql", patient_id)
                .fetch_one(e)
                .await?)
        }
    };
}
