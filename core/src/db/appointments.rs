//! Table `appointments`. Times are "YYYY-MM-DDTHH:MM:SSZ" text, so comparing
//! the text compares the instants. The day's cards are read in each
//! database's own way (`sqlite::cards_between` says why).
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::appointments`.

pub use clinicdesk_domain::rows::appointments::*;
use clinicdesk_store_postgres::db::appointments as postgres;

mod sqlite {
    use crate::error::{Error, Result};
    use sqlx::{Executor, Sqlite};

    clinicdesk_domain::appointments_queries!(sqlx::Sqlite);

    // The queries list the states that keep a practitioner busy; they must
    // match `AppointmentState::occupies_slot` and the migration's trigger.

    /// What the day view shows: occupying appointments overlapping [from, to),
    /// each with what the schema keeps on its row (the patient's name, the
    /// newest payment attempt's status, the amount paid online, the account's
    /// totals), so the day is read from one table.
    /// `earliest_start` bounds the scan as in `overlapping`.
    ///
    /// The day's cards come back as one JSON array in one row: sqlx-sqlite
    /// hands rows from its worker thread one at a time, about 10 µs each with
    /// decoding, which for 200 cards was half the day view's time. (PostgreSQL
    /// reads plain rows: `postgres::cards_between` says why.)
    pub async fn cards_between(
        e: impl Executor<'_, Database = Sqlite>,
        from: &str,
        to: &str,
        earliest_start: &str,
    ) -> Result<Vec<CardRow>> {
        let json = sqlx::query_scalar!(
            r#"SELECT json_group_array(json_array(id, practitioner_id, starts_at, ends_at, state, type_name, colour,
                                                  currency, online_amount_minor, patient_name, payment_status,
                                                  paid_online_minor, charges_minor, discounts_minor, payments_minor,
                                                  refunds_minor)) AS "cards!: String"
               FROM appointments
               WHERE starts_at < $2 AND starts_at > $3 AND ends_at > $1
                 AND state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show')"#,
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
}

super::dispatch! {
    pub async fn insert(a: &NewAppointment<'_>, now: &str) -> i64;
    pub async fn get(id: i64) -> Option<AppointmentRow>;
    pub async fn overlapping(practitioner_id: i64, starts_at: &str, ends_at: &str, earliest_start: &str) -> Option<i64>;
    pub async fn transition(id: i64, from: clinicdesk_domain::AppointmentState, to: clinicdesk_domain::AppointmentState, now: &str) -> u64;
    pub async fn set_override_reason(id: i64, reason: &str, now: &str) -> ();
    pub async fn active_starts() -> Vec<String>;
    pub async fn cards_between(from: &str, to: &str, earliest_start: &str) -> Vec<CardRow>;
}

/// Text for `t` minus the longest appointment a type can have: no
/// appointment that starts earlier can still be running at `t`.
pub fn earliest_overlapping_start(t: jiff::Timestamp) -> String {
    let longest = crate::domain::DurationMinutes::MAX * 60;
    super::instant(jiff::Timestamp::from_second(t.as_second() - longest).unwrap_or(t))
}
