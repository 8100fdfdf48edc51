//! Table `appointments` on PostgreSQL. The operations both stores share are
//! `clinicdesk_domain::rows::appointments`'s; the day's cards are read here
//! in PostgreSQL's own way. The no-overlap rule is also the schema's
//! exclusion constraint, which holds between workstations.

use crate::error::Result;
use clinicdesk_domain::{AppointmentState, AttemptStatus};
use sqlx::{Executor, Postgres};

clinicdesk_domain::appointments_queries!(sqlx::Postgres);

/// What the day view shows: occupying appointments overlapping [from, to),
/// in the calendar's order, each with what the schema keeps on its row (the
/// patient's name, the newest payment attempt's status, the amount paid
/// online, the account's totals): one table read, no probe per card. Plain
/// rows: SQLite's one-JSON-array trick (its rows cross a worker thread one
/// by one) would cost here: building the JSON took 4.7 of 7 ms for 800
/// cards (EXPLAIN ANALYZE).
pub async fn cards_between(
    e: impl Executor<'_, Database = Postgres>,
    from: &str,
    to: &str,
    earliest_start: &str,
) -> Result<Vec<CardRow>> {
    Ok(sqlx::query_as!(
        CardRow,
        r#"SELECT id, practitioner_id, starts_at, ends_at, state AS "state: AppointmentState", type_name, colour,
                  currency, online_amount_minor, patient_name, payment_status AS "payment_status: AttemptStatus",
                  paid_online_minor, charges_minor, discounts_minor, payments_minor, refunds_minor
           FROM appointments
           WHERE starts_at < $2 AND starts_at > $3 AND ends_at > $1
             AND state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show')
           ORDER BY starts_at, id"#,
        from,
        to,
        earliest_start
    )
    .fetch_all(e)
    .await?)
}
