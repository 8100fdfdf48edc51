//! Table `account_entries`: an appointment's account, append-only (triggers
//! refuse UPDATE and DELETE).
//! The operations are `clinicdesk_domain::rows::account_entries`'s, shared with the
//! SQLite store (core); sqlx checks them here against PostgreSQL.

use crate::error::Result;

clinicdesk_domain::account_entries_queries!(sqlx::Postgres);

/// The entries of the appointments `appointments::cards_between` shows (the
/// same range and states), in one indexed read; plain rows, as the cards are.
pub async fn amounts_between(
    e: impl sqlx::Executor<'_, Database = sqlx::Postgres>,
    from: &str,
    to: &str,
    earliest_start: &str,
) -> Result<Vec<AmountRow>> {
    Ok(sqlx::query_as!(
        AmountRow,
        r#"SELECT appointment_id, kind AS "kind: clinicdesk_domain::EntryKind", amount_minor,
                  reverses IS NOT NULL AS "reversal!"
           FROM account_entries
           WHERE appointment_id IN (
             SELECT a.id FROM appointments a
             WHERE a.starts_at < $2 AND a.starts_at > $3 AND a.ends_at > $1
               AND a.state IN ('awaiting_payment', 'booked', 'arrived', 'completed', 'no_show'))
           ORDER BY id"#,
        from,
        to,
        earliest_start
    )
    .fetch_all(e)
    .await?)
}
