//! Table `stripe_event_cursor`: the newest Stripe event already read.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

pub struct CursorRow {
    pub last_event_id: String,
    pub last_created: i64,
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>) -> Result<Option<CursorRow>> {
    Ok(sqlx::query_as!(CursorRow, "SELECT last_event_id, last_created FROM stripe_event_cursor WHERE id = 1")
        .fetch_optional(e)
        .await?)
}

pub async fn set(e: impl Executor<'_, Database = Sqlite>, event_id: &str, created: i64, now: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO stripe_event_cursor (id, last_event_id, last_created, read_at) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET last_event_id = excluded.last_event_id,
                                        last_created = excluded.last_created, read_at = excluded.read_at",
        event_id,
        created,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}

pub async fn clear(e: impl Executor<'_, Database = Sqlite>) -> Result<()> {
    sqlx::query!("DELETE FROM stripe_event_cursor").execute(e).await?;
    Ok(())
}
