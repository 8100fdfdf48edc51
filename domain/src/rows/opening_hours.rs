//! Table `opening_hours`, as both stores read and write it.

#[derive(Debug)]
pub struct HoursRow {
    pub weekday: i64,
    pub opens_min: i64,
    pub closes_min: i64,
}

/// The `opening_hours` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::opening_hours_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/opening_hours/` against its own database, from one copy of the code.
#[macro_export]
macro_rules! opening_hours_queries {
    ($db:ty) => {
        pub use $crate::rows::opening_hours::HoursRow;

        pub async fn all(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Vec<HoursRow>> {
            Ok(sqlx::query_file_as!(HoursRow, "../queries/opening_hours/all.sql").fetch_all(e).await?)
        }

        pub async fn clear(e: impl sqlx::Executor<'_, Database = $db>) -> Result<()> {
            sqlx::query_file!("../queries/opening_hours/clear.sql").execute(e).await?;
            Ok(())
        }

        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            weekday: i64,
            opens: i64,
            closes: i64,
        ) -> Result<()> {
            sqlx::query_file!("../queries/opening_hours/insert.sql", weekday, opens, closes).execute(e).await?;
            Ok(())
        }
    };
}
