//! Table `stripe_event_cursor`, as both stores read and write it.

#[derive(Debug)]
pub struct CursorRow {
    pub last_event_id: String,
    pub last_created: i64,
}

/// The `stripe_event_cursor` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::stripe_event_cursor_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/stripe_event_cursor/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! stripe_event_cursor_queries {
    ($db:ty) => {
        pub use $crate::rows::stripe_event_cursor::CursorRow;

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Option<CursorRow>> {
            Ok(sqlx::query_file_as!(CursorRow, "../queries/stripe_event_cursor/get.sql").fetch_optional(e).await?)
        }

        pub async fn set(
            e: impl sqlx::Executor<'_, Database = $db>,
            event_id: &str,
            created: i64,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/stripe_event_cursor/set.sql", event_id, created, now).execute(e).await?;
            Ok(())
        }

        pub async fn clear(e: impl sqlx::Executor<'_, Database = $db>) -> Result<()> {
            sqlx::query_file!("../queries/stripe_event_cursor/clear.sql").execute(e).await?;
            Ok(())
        }
    };
}
