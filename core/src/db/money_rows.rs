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
                  COALESCE(ca.checkout_session_id, ip.checkout_session_id) AS "checkout_session_id?: String",
                  COALESCE(ca.payment_intent_id, ip.payment_intent_id, ra.payment_intent_id)
                      AS "payment_intent_id?: String",
                  ra.stripe_refund_id AS "stripe_refund_id?"
           FROM account_entries e
           JOIN appointments a ON a.id = e.appointment_id
           JOIN practitioners pr ON pr.id = a.practitioner_id
           JOIN patients pt ON pt.id = a.patient_id
           LEFT JOIN checkout_attempts ca ON ca.id = e.attempt_id
           LEFT JOIN invoice_payments ip ON ip.id = e.invoice_payment_id
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

/// The patients owing for appointments that started by `now`, the largest
/// totals first, at most `limit`. An appointment is in the first age when it
/// started at or after `age1` (the start of the day 30 days ago), the second
/// from `age2`, the third from `age3`, else the last. The balances read only
/// the covering index `account_entries_appointment`; the sums are done here,
/// so only the rows listed cross to Rust.
pub async fn owing(
    e: impl Executor<'_, Database = Sqlite>,
    now: &str,
    age1: &str,
    age2: &str,
    age3: &str,
    limit: i64,
) -> Result<Vec<OwingRow>> {
    Ok(sqlx::query_as!(
        OwingRow,
        r#"WITH owed AS (
             SELECT a.patient_id, a.starts_at, b.balance
             FROM (SELECT appointment_id,
                          SUM(CASE WHEN kind IN ('charge', 'refund') THEN amount_minor ELSE -amount_minor END
                              * CASE WHEN reverses IS NULL THEN 1 ELSE -1 END) AS balance
                   FROM account_entries GROUP BY appointment_id) b
             JOIN appointments a ON a.id = b.appointment_id
             WHERE b.balance > 0 AND a.starts_at <= $1),
           per_patient AS (
             SELECT patient_id,
                    SUM(CASE WHEN starts_at >= $2 THEN balance ELSE 0 END) AS b0,
                    SUM(CASE WHEN starts_at < $2 AND starts_at >= $3 THEN balance ELSE 0 END) AS b1,
                    SUM(CASE WHEN starts_at < $3 AND starts_at >= $4 THEN balance ELSE 0 END) AS b2,
                    SUM(CASE WHEN starts_at < $4 THEN balance ELSE 0 END) AS b3,
                    SUM(balance) AS total, COUNT(*) AS appointments
             FROM owed GROUP BY patient_id)
           SELECT p.patient_id AS "patient_id!: i64", pt.last_name || ', ' || pt.first_name AS "patient!: String",
                  pt.email, p.b0 AS "b0!: i64", p.b1 AS "b1!: i64", p.b2 AS "b2!: i64", p.b3 AS "b3!: i64",
                  p.total AS "total!: i64", p.appointments AS "appointments!: i64",
                  SUM(p.b0) OVER () AS "all0!: i64", SUM(p.b1) OVER () AS "all1!: i64",
                  SUM(p.b2) OVER () AS "all2!: i64", SUM(p.b3) OVER () AS "all3!: i64",
                  COUNT(*) OVER () AS "patients!: i64"
           FROM per_patient p JOIN patients pt ON pt.id = p.patient_id
           ORDER BY p.total DESC, pt.last_name, pt.first_name, p.patient_id
           LIMIT $5"#,
        now,
        age1,
        age2,
        age3,
        limit
    )
    .fetch_all(e)
    .await?)
}
