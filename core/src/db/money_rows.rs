//! Reads of `account_entries` for the end of day and the accountant: the
//! payments and refunds of a range of cash-up days with who, what and
//! Stripe's ids; what is owed, for the aged balances.

use crate::domain::{AppointmentState, EntryKind, PaymentMethod};
use crate::error::Result;
use sqlx::{Executor, Sqlite};

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

/// The money of cash-up days `from_day` to `to_day` (inclusive), and of the
/// entries older than cash-up days recorded from `from_at` to before `to_at`.
pub async fn between(
    e: impl Executor<'_, Database = Sqlite>,
    from_day: &str,
    to_day: &str,
    from_at: &str,
    to_at: &str,
) -> Result<Vec<MoneyRow>> {
    Ok(sqlx::query_as!(
        MoneyRow,
        r#"SELECT e.id AS "id!", COALESCE(e.cash_day, '') AS "cash_day!: String", e.at,
                  e.kind AS "kind: EntryKind", e.method AS "method!: PaymentMethod", e.amount_minor, e.currency,
                  e.reverses IS NOT NULL AS "reversal!: bool", e.note, e.fund_name, e.claim_reference, e.taken_by,
                  e.appointment_id, a.practitioner_id, pr.name AS practitioner,
                  pt.first_name || ' ' || pt.last_name AS "patient!: String", a.type_name AS service,
                  ca.checkout_session_id AS "checkout_session_id?",
                  COALESCE(ca.payment_intent_id, ra.payment_intent_id) AS "payment_intent_id?: String",
                  ra.stripe_refund_id AS "stripe_refund_id?"
           FROM account_entries e
           JOIN appointments a ON a.id = e.appointment_id
           JOIN practitioners pr ON pr.id = a.practitioner_id
           JOIN patients pt ON pt.id = a.patient_id
           LEFT JOIN checkout_attempts ca ON ca.id = e.attempt_id
           LEFT JOIN refund_attempts ra ON ra.refund_entry_id = e.id
           WHERE e.kind IN ('payment', 'refund')
             AND (e.cash_day BETWEEN $1 AND $2 OR (e.cash_day IS NULL AND e.at >= $3 AND e.at < $4))
           ORDER BY e.id"#,
        from_day,
        to_day,
        from_at,
        to_at
    )
    .fetch_all(e)
    .await?)
}

/// The newest account entry's id (0 when there is none).
pub async fn newest_id(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(r#"SELECT COALESCE(MAX(id), 0) AS "id!: i64" FROM account_entries"#).fetch_one(e).await?)
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

/// Entries after `after_id` that refund or reverse an entry of cash-up day
/// `day` (or, for old entries, recorded from `from_at` to before `to_at`).
pub async fn later_changes(
    e: impl Executor<'_, Database = Sqlite>,
    after_id: i64,
    day: &str,
    from_at: &str,
    to_at: &str,
) -> Result<Vec<LaterRow>> {
    Ok(sqlx::query_as!(
        LaterRow,
        r#"SELECT l.id AS "id!", COALESCE(l.cash_day, '') AS "cash_day!: String", l.kind AS "kind: EntryKind",
                  l.method AS "method!: PaymentMethod", l.amount_minor, l.reverses IS NOT NULL AS "reversal!: bool",
                  pt.first_name || ' ' || pt.last_name AS "patient!: String"
           FROM account_entries l
           JOIN account_entries o ON o.id = COALESCE(l.reverses, l.refund_of)
           JOIN appointments a ON a.id = l.appointment_id
           JOIN patients pt ON pt.id = a.patient_id
           WHERE l.id > $1 AND l.kind IN ('payment', 'refund')
             AND (o.cash_day = $2 OR (o.cash_day IS NULL AND o.at >= $3 AND o.at < $4))
           ORDER BY l.id"#,
        after_id,
        day,
        from_at,
        to_at
    )
    .fetch_all(e)
    .await?)
}

#[derive(Debug, Clone)]
pub struct StateCount {
    pub state: AppointmentState,
    pub count: i64,
}

/// How many appointments start in [`from`, `to`), by state.
pub async fn appointment_states(
    e: impl Executor<'_, Database = Sqlite>,
    from: &str,
    to: &str,
) -> Result<Vec<StateCount>> {
    Ok(sqlx::query_as!(
        StateCount,
        r#"SELECT state AS "state: AppointmentState", COUNT(*) AS "count!: i64"
           FROM appointments WHERE starts_at >= $1 AND starts_at < $2
           GROUP BY state ORDER BY state"#,
        from,
        to
    )
    .fetch_all(e)
    .await?)
}

/// An appointment that is owed money.
#[derive(Debug, Clone)]
pub struct OwingRow {
    pub patient_id: i64,
    pub patient: String,
    pub email: String,
    pub appointment_id: i64,
    pub starts_at: String,
    pub balance: i64,
}

/// Every appointment with a balance above zero, by patient. The sums read
/// only the covering index `account_entries_appointment`.
pub async fn owing(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<OwingRow>> {
    Ok(sqlx::query_as!(
        OwingRow,
        r#"SELECT a.patient_id, pt.last_name || ', ' || pt.first_name AS "patient!: String", pt.email,
                  a.id AS appointment_id, a.starts_at, b.balance AS "balance!: i64"
           FROM (SELECT appointment_id,
                        SUM(CASE WHEN kind IN ('charge', 'refund') THEN amount_minor ELSE -amount_minor END
                            * CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) AS balance
                 FROM account_entries GROUP BY appointment_id) b
           JOIN appointments a ON a.id = b.appointment_id
           JOIN patients pt ON pt.id = a.patient_id
           WHERE b.balance > 0
           ORDER BY pt.last_name, pt.first_name, a.patient_id, a.starts_at"#
    )
    .fetch_all(e)
    .await?)
}
