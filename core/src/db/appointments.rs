//! Table `appointments`. Times are "YYYY-MM-DDTHH:MM:SSZ" text, so comparing
//! the text compares the instants.

use super::codec;
use crate::domain::{AppointmentState, AttemptStatus, PaymentMode};
use crate::error::{Error, Result};
use serde::Deserialize;
use sqlx::{Executor, Sqlite};

// The queries below list the states that keep a practitioner busy; they
// must match `AppointmentState::occupies_slot` and the migration's trigger.

/// Text for `t` minus the longest appointment a type can have: no
/// appointment that starts earlier can still be running at `t`.
pub fn earliest_overlapping_start(t: jiff::Timestamp) -> String {
    let longest = crate::domain::DurationMinutes::MAX * 60;
    super::instant(jiff::Timestamp::from_second(t.as_second() - longest).unwrap_or(t))
}

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

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, a: &NewAppointment<'_>, now: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO appointments (patient_id, practitioner_id, appointment_type_id, starts_at, ends_at, state,
                                     type_name, colour, price_minor, currency, payment_mode, online_amount_minor,
                                     override_reason, cancellation_fee_minor, no_show_fee_minor, created_at,
                                     updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
           RETURNING id AS "id!""#,
        a.patient_id,
        a.practitioner_id,
        a.appointment_type_id,
        a.starts_at,
        a.ends_at,
        a.state,
        a.type_name,
        a.colour,
        a.price_minor,
        a.currency,
        a.payment_mode,
        a.online_amount_minor,
        a.override_reason,
        a.cancellation_fee_minor,
        a.no_show_fee_minor,
        now
    )
    .fetch_one(e)
    .await?)
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<AppointmentRow>> {
    Ok(sqlx::query_as!(
        AppointmentRow,
        r#"SELECT id AS "id!", patient_id, practitioner_id, appointment_type_id, starts_at, ends_at,
                  state AS "state: AppointmentState", type_name, colour, price_minor, currency,
                  payment_mode AS "payment_mode: PaymentMode", online_amount_minor, override_reason,
                  cancellation_fee_minor, no_show_fee_minor, created_at, updated_at
           FROM appointments WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

/// An appointment of `practitioner` that occupies part of [start, end).
/// `earliest_start` is `start` minus the longest possible appointment: it
/// bounds the index range scan from below, so the check reads a few rows
/// however long the clinic's history grows.
pub async fn overlapping(
    e: impl Executor<'_, Database = Sqlite>,
    practitioner_id: i64,
    starts_at: &str,
    ends_at: &str,
    earliest_start: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM appointments
           WHERE practitioner_id = $1 AND starts_at < $3 AND starts_at > $4 AND ends_at > $2
             AND state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show')
           LIMIT 1"#,
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
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    from: AppointmentState,
    to: AppointmentState,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query!(
        "UPDATE appointments SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
        to,
        now,
        id,
        from
    )
    .execute(e)
    .await?
    .rows_affected())
}

pub async fn set_override_reason(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    reason: &str,
    now: &str,
) -> Result<()> {
    sqlx::query!("UPDATE appointments SET override_reason = $1, updated_at = $2 WHERE id = $3", reason, now, id)
        .execute(e)
        .await?;
    Ok(())
}

/// One card, read from the JSON array `cards_between` builds (fields in
/// the array's order).
#[derive(Debug, Clone, Deserialize)]
pub struct CardRow {
    pub id: i64,
    pub practitioner_id: i64,
    pub starts_at: String,
    pub ends_at: String,
    #[serde(deserialize_with = "codec::json_text")]
    pub state: AppointmentState,
    pub type_name: String,
    pub colour: String,
    pub currency: String,
    pub online_amount_minor: Option<i64>,
    pub first_name: String,
    pub last_name: String,
    #[serde(deserialize_with = "codec::json_text_opt")]
    pub payment_status: Option<AttemptStatus>,
    pub paid_minor: i64,
}

/// What the day view shows: occupying appointments overlapping [from, to),
/// with the newest payment attempt's status and the amount paid online.
/// `earliest_start` bounds the scan as in `overlapping`.
///
/// The day's cards come back as one JSON array in one row: sqlx-sqlite
/// hands rows from its worker thread one at a time, about 10 µs each with
/// decoding, which for 200 cards was half the day view's time. (PostgreSQL:
/// `json_agg(json_build_array(…))`.)
pub async fn cards_between(
    e: impl Executor<'_, Database = Sqlite>,
    from: &str,
    to: &str,
    earliest_start: &str,
) -> Result<Vec<CardRow>> {
    let json = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(id, practitioner_id, starts_at, ends_at, state, type_name, colour,
                                              currency, online_amount_minor, first_name, last_name, payment_status,
                                              paid_minor)) AS "cards!: String"
           FROM (SELECT a.id, a.practitioner_id, a.starts_at, a.ends_at, a.state, a.type_name, a.colour, a.currency,
                        a.online_amount_minor, p.first_name, p.last_name,
                        (SELECT status FROM checkout_attempts WHERE appointment_id = a.id ORDER BY id DESC LIMIT 1)
                          AS payment_status,
                        (SELECT COALESCE(SUM(amount_minor), 0) FROM checkout_attempts
                          WHERE appointment_id = a.id AND status = 'paid') AS paid_minor
                 FROM appointments a JOIN patients p ON p.id = a.patient_id
                 WHERE a.starts_at < $2 AND a.starts_at > $3 AND a.ends_at > $1
                   AND a.state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show'))"#,
        from,
        to,
        earliest_start
    )
    .fetch_one(e)
    .await?;
    let mut cards: Vec<CardRow> =
        serde_json::from_str(&json).map_err(|e| Error::Corrupt(format!("the day's appointments: {e}")))?;
    // An aggregate's input order is not promised; the calendar's is.
    cards.sort_by(|a, b| (&a.starts_at, a.id).cmp(&(&b.starts_at, b.id)));
    Ok(cards)
}

/// When each appointment that still stands starts (not cancelled or expired).
pub async fn active_starts(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT starts_at FROM appointments WHERE state NOT IN ('cancelled', 'expired') ORDER BY starts_at"
    )
    .fetch_all(e)
    .await?)
}
