//! Table `cash_days`, as both stores read and write it.

#[derive(Debug, Clone)]
pub struct CashDayRow {
    pub day: String,
    pub currency: String,
    pub float_minor: i64,
    pub counted_minor: Option<i64>,
    pub note: Option<String>,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub report: Option<String>,
    pub last_entry_id: Option<i64>,
}

/// The `cash_days` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::cash_days_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/cash_days/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! cash_days_queries {
    ($db:ty) => {
        pub use $crate::rows::cash_days::CashDayRow;

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, day: &str) -> Result<Option<CashDayRow>> {
            Ok(sqlx::query_file_as!(CashDayRow, "../queries/cash_days/get.sql", day).fetch_optional(e).await?)
        }

        /// Whether `day` is closed.
        pub async fn is_closed(e: impl sqlx::Executor<'_, Database = $db>, day: &str) -> Result<bool> {
            Ok(sqlx::query_file_scalar!("../queries/cash_days/is_closed.sql", day).fetch_one(e).await? > 0)
        }

        /// The float of the latest day before `day` that has one: today's float
        /// starts as yesterday's.
        pub async fn previous_float(e: impl sqlx::Executor<'_, Database = $db>, day: &str) -> Result<Option<i64>> {
            Ok(sqlx::query_file_scalar!("../queries/cash_days/previous_float.sql", day).fetch_optional(e).await?)
        }

        /// Saves the till's figures of an open day (the trigger refuses a closed one).
        pub async fn save_till(
            e: impl sqlx::Executor<'_, Database = $db>,
            day: &str,
            currency: &str,
            float_minor: i64,
            counted_minor: Option<i64>,
            note: Option<&str>,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!(
                "../queries/cash_days/save_till.sql",
                day,
                currency,
                float_minor,
                counted_minor,
                note,
                now
            )
            .execute(e)
            .await?;
            Ok(())
        }

        pub async fn close(
            e: impl sqlx::Executor<'_, Database = $db>,
            day: &str,
            report: &str,
            last_entry_id: i64,
            by: &str,
            now: &str,
        ) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/cash_days/close.sql", day, now, by, report, last_entry_id)
                .execute(e)
                .await?
                .rows_affected())
        }
    };
}
