//! Table `account_entries`: an appointment's account, append-only (triggers
//! refuse UPDATE and DELETE).

use super::codec;
use crate::domain::{ChargeFor, EntryKind, PaymentMethod, RefundStatus};
use crate::error::{Error, Result};
use serde::Deserialize;
use sqlx::{Executor, Sqlite};

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

pub async fn insert(
    e: impl Executor<'_, Database = Sqlite>,
    n: &NewEntry<'_>,
    taken_by: &str,
    staff_id: Option<i64>,
    at: &str,
    cash_day: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        // The id starts above any a restored-over database reached (see
        // `restores`): a receipt's number is never given out twice.
        r#"INSERT INTO account_entries (id, appointment_id, kind, amount_minor, currency, charge_for, method, percent,
                                        concession_id, fund_name, claim_reference, note, refund_of, reverses,
                                        attempt_id, invoice_payment_id, taken_by, staff_id, at, cash_day)
           VALUES (MAX((SELECT COALESCE(MAX(id), 0) FROM account_entries),
                       (SELECT COALESCE(MAX(entry_floor), 0) FROM restores)) + 1,
                   $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
           RETURNING id AS "id!""#,
        n.appointment_id,
        n.kind,
        n.amount_minor,
        n.currency,
        n.charge_for,
        n.method,
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
pub async fn online_refunded_by(e: impl Executor<'_, Database = Sqlite>, staff_id: i64, cash_day: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COALESCE(SUM(amount_minor), 0) AS "total!: i64" FROM account_entries
           WHERE staff_id = $1 AND cash_day = $2 AND kind = 'refund' AND method = 'online' AND reverses IS NULL"#,
        staff_id,
        cash_day
    )
    .fetch_one(e)
    .await?)
}

pub async fn for_appointment(e: impl Executor<'_, Database = Sqlite>, appointment_id: i64) -> Result<Vec<EntryRow>> {
    Ok(sqlx::query_as!(
        EntryRow,
        r#"SELECT e.id AS "id!", e.appointment_id, e.kind AS "kind: EntryKind", e.amount_minor, e.currency,
                  e.charge_for AS "charge_for: ChargeFor", e.method AS "method: PaymentMethod", e.percent,
                  e.concession_id, e.fund_name, e.claim_reference, e.note, e.refund_of, e.reverses, e.attempt_id,
                  e.invoice_payment_id, e.taken_by, e.at, c.name AS "concession_name?", r.status AS "refund_status?: RefundStatus"
           FROM account_entries e
           LEFT JOIN concessions c ON c.id = e.concession_id
           LEFT JOIN refund_attempts r ON r.refund_entry_id = e.id
           WHERE e.appointment_id = $1 ORDER BY e.id"#,
        appointment_id
    )
    .fetch_all(e)
    .await?)
}

/// One entry as a summary counts it (fields in the JSON array's order).
#[derive(Debug, Clone, Deserialize)]
pub struct AmountRow {
    pub appointment_id: i64,
    #[serde(deserialize_with = "codec::json_text")]
    pub kind: EntryKind,
    pub amount_minor: i64,
    #[serde(deserialize_with = "codec::json_bool")]
    pub reversal: bool,
}

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

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<EntryRow>> {
    Ok(sqlx::query_as!(
        EntryRow,
        r#"SELECT e.id AS "id!", e.appointment_id, e.kind AS "kind: EntryKind", e.amount_minor, e.currency,
                  e.charge_for AS "charge_for: ChargeFor", e.method AS "method: PaymentMethod", e.percent,
                  e.concession_id, e.fund_name, e.claim_reference, e.note, e.refund_of, e.reverses, e.attempt_id,
                  e.invoice_payment_id, e.taken_by, e.at, c.name AS "concession_name?", r.status AS "refund_status?: RefundStatus"
           FROM account_entries e
           LEFT JOIN concessions c ON c.id = e.concession_id
           LEFT JOIN refund_attempts r ON r.refund_entry_id = e.id
           WHERE e.id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

/// One row per appointment of a patient: what it was charged net, paid net
/// (payments less refunds) and its balance.
#[derive(Debug, Clone)]
pub struct PatientBalanceRow {
    pub appointment_id: i64,
    pub starts_at: String,
    pub type_name: String,
    pub practitioner_name: String,
    pub state: crate::domain::AppointmentState,
    pub currency: String,
    pub charged: i64,
    pub paid: i64,
    pub refunded: i64,
    pub balance: i64,
}

/// A patient's appointments, newest first, with their balances.
pub async fn patient_balances(
    e: impl Executor<'_, Database = Sqlite>,
    patient_id: i64,
    limit: i64,
) -> Result<Vec<PatientBalanceRow>> {
    Ok(sqlx::query_as!(
        PatientBalanceRow,
        r#"SELECT a.id AS "appointment_id!", a.starts_at, a.type_name, p.name AS practitioner_name,
                  a.state AS "state: crate::domain::AppointmentState", a.currency,
                  COALESCE(SUM(CASE WHEN e.kind = 'charge' THEN e.amount_minor
                                    WHEN e.kind = 'discount' THEN -e.amount_minor ELSE 0 END
                               * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END), 0) AS "charged!: i64",
                  COALESCE(SUM(CASE WHEN e.kind = 'payment' THEN e.amount_minor ELSE 0 END
                               * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END), 0) AS "paid!: i64",
                  COALESCE(SUM(CASE WHEN e.kind = 'refund' THEN e.amount_minor ELSE 0 END
                               * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END), 0) AS "refunded!: i64",
                  COALESCE(SUM(CASE WHEN e.kind IN ('charge', 'refund') THEN e.amount_minor ELSE -e.amount_minor END
                               * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END), 0) AS "balance!: i64"
           FROM appointments a
           JOIN practitioners p ON p.id = a.practitioner_id
           LEFT JOIN account_entries e ON e.appointment_id = a.id
           WHERE a.patient_id = $1
           GROUP BY a.id
           ORDER BY a.starts_at DESC
           LIMIT $2"#,
        patient_id,
        limit
    )
    .fetch_all(e)
    .await?)
}

/// What a patient owes in all (only appointments that owe count).
pub async fn patient_owing(e: impl Executor<'_, Database = Sqlite>, patient_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COALESCE(SUM(CASE WHEN b > 0 THEN b ELSE 0 END), 0) AS "owing!: i64" FROM (
             SELECT SUM(CASE WHEN e.kind IN ('charge', 'refund') THEN e.amount_minor ELSE -e.amount_minor END
                        * CASE WHEN e.reverses IS NULL THEN 1 ELSE -1 END) AS b
             FROM account_entries e JOIN appointments a ON a.id = e.appointment_id
             WHERE a.patient_id = $1
             GROUP BY e.appointment_id)"#,
        patient_id
    )
    .fetch_one(e)
    .await?)
}
