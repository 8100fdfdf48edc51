//! Table `appointments`. Times are "YYYY-MM-DDTHH:MM:SSZ" text, so comparing
//! the text compares the instants.

use crate::domain::{AppointmentState, PaymentMode};
use crate::error::{Error, Result};
use sqlx::{Executor, Sqlite};

// The queries below list the states that keep a practitioner busy; they
// must match `AppointmentState::occupies_slot` and the migration's trigger.

/// Text for `t` minus the longest appointment a type can have: no
/// appointment that starts earlier can still be running at `t`.
pub fn earliest_overlapping_start(t: jiff::Timestamp) -> String {
    let longest = crate::domain::DurationMinutes::MAX * 60;
    super::instant(jiff::Timestamp::from_second(t.as_second() - longest).unwrap_or(t))
}

pub use clinicdesk_domain::rows::appointments::{AppointmentRow, CardRow, NewAppointment};

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, a: &NewAppointment<'_>, now: &str) -> Result<i64> {
    Ok(sqlx::query_file_scalar!(
        "../queries/appointments/insert.sql",
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
    Ok(sqlx::query_file_as!(AppointmentRow, "../queries/appointments/get.sql", id).fetch_optional(e).await?)
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
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    from: AppointmentState,
    to: AppointmentState,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query_file!("../queries/appointments/transition.sql", to, now, id, from).execute(e).await?.rows_affected())
}

pub async fn set_override_reason(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    reason: &str,
    now: &str,
) -> Result<()> {
    sqlx::query_file!("../queries/appointments/set_override_reason.sql", reason, now, id).execute(e).await?;
    Ok(())
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
    Ok(sqlx::query_file_scalar!("../queries/appointments/active_starts.sql").fetch_all(e).await?)
}
