//! Table `account_entries`: an appointment's account, append-only (triggers
//! refuse UPDATE and DELETE).
//! The operations are `clinicdesk_domain::rows::account_entries`'s, shared with the
//! PostgreSQL store; sqlx checks them here against SQLite.

use crate::error::{Error, Result};
use sqlx::{Executor, Sqlite};

clinicdesk_domain::account_entries_queries!(sqlx::Sqlite);

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
