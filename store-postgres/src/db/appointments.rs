//! Table `appointments` on PostgreSQL: the same operations and rows as
//! core's `db::appointments` (SQLite). Instants are the same UTC text, so the
//! comparisons read alike; the no-overlap rule is also the schema's exclusion
//! constraint, which holds between workstations.

use crate::error::Result;
use clinicdesk_domain::rows::appointments::{AppointmentRow, CardRow, NewAppointment};
use clinicdesk_domain::{AppointmentState, AttemptStatus, PaymentMode};
use sqlx::{Executor, Postgres};

pub async fn insert(e: impl Executor<'_, Database = Postgres>, a: &NewAppointment<'_>, now: &str) -> Result<i64> {
    Ok(sqlx::query_file_scalar!(
        "../queries/appointments/insert.sql",
        a.patient_id,
        a.practitioner_id,
        a.appointment_type_id,
        a.starts_at,
        a.ends_at,
        a.state as AppointmentState,
        a.type_name,
        a.colour,
        a.price_minor,
        a.currency,
        a.payment_mode as PaymentMode,
        a.online_amount_minor,
        a.override_reason,
        a.cancellation_fee_minor,
        a.no_show_fee_minor,
        now
    )
    .fetch_one(e)
    .await?)
}

pub async fn get(e: impl Executor<'_, Database = Postgres>, id: i64) -> Result<Option<AppointmentRow>> {
    Ok(sqlx::query_file_as!(AppointmentRow, "../queries/appointments/get.sql", id).fetch_optional(e).await?)
}

/// An appointment of `practitioner` that occupies part of [start, end);
/// `earliest_start` bounds the index scan as on SQLite.
pub async fn overlapping(
    e: impl Executor<'_, Database = Postgres>,
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
/// `from` (another workstation got there first).
pub async fn transition(
    e: impl Executor<'_, Database = Postgres>,
    id: i64,
    from: AppointmentState,
    to: AppointmentState,
    now: &str,
) -> Result<u64> {
    Ok(sqlx::query_file!(
        "../queries/appointments/transition.sql",
        to as AppointmentState,
        now,
        id,
        from as AppointmentState
    )
    .execute(e)
    .await?
    .rows_affected())
}

pub async fn set_override_reason(
    e: impl Executor<'_, Database = Postgres>,
    id: i64,
    reason: &str,
    now: &str,
) -> Result<()> {
    sqlx::query_file!("../queries/appointments/set_override_reason.sql", reason, now, id).execute(e).await?;
    Ok(())
}

/// What the day view shows: occupying appointments overlapping [from, to),
/// with the newest payment attempt's status and the amount paid online.
/// Plain rows, in the calendar's order: SQLite's one-JSON-array trick (its
/// rows cross a worker thread one by one) would cost here: building the
/// JSON took 4.7 of 7 ms for 800 cards (EXPLAIN ANALYZE).
pub async fn cards_between(
    e: impl Executor<'_, Database = Postgres>,
    from: &str,
    to: &str,
    earliest_start: &str,
) -> Result<Vec<CardRow>> {
    Ok(sqlx::query_as!(
        CardRow,
        r#"SELECT a.id, a.practitioner_id, a.starts_at, a.ends_at, a.state AS "state: AppointmentState", a.type_name,
                  a.colour, a.currency, a.online_amount_minor, p.first_name, p.last_name,
                  (SELECT status FROM checkout_attempts WHERE appointment_id = a.id ORDER BY id DESC LIMIT 1)
                    AS "payment_status: AttemptStatus",
                  (SELECT COALESCE(SUM(amount_minor), 0)::bigint FROM checkout_attempts
                    WHERE appointment_id = a.id AND status = 'paid') AS "paid_minor!"
           FROM appointments a JOIN patients p ON p.id = a.patient_id
           WHERE a.starts_at < $2 AND a.starts_at > $3 AND a.ends_at > $1
             AND a.state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show')
           ORDER BY a.starts_at, a.id"#,
        from,
        to,
        earliest_start
    )
    .fetch_all(e)
    .await?)
}

/// When each appointment that still stands starts (not cancelled or expired).
pub async fn active_starts(e: impl Executor<'_, Database = Postgres>) -> Result<Vec<String>> {
    Ok(sqlx::query_file_scalar!("../queries/appointments/active_starts.sql").fetch_all(e).await?)
}
