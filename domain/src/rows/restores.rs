//! Table `restores`, as both stores read and write it.

pub struct NewRestore<'a> {
    pub backup_file: &'a str,
    pub set_aside_file: &'a str,
    pub entry_floor: i64,
    pub attempt_floor: i64,
    pub refund_floor: i64,
    pub link_floor: i64,
}

/// The `restores` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::restores_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/restores/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! restores_queries {
    ($db:ty) => {
        pub use $crate::rows::restores::NewRestore;

        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            r: &NewRestore<'_>,
            by: &str,
            at: &str,
        ) -> Result<()> {
            sqlx::query_file!(
                "../queries/restores/insert.sql",
                r.backup_file,
                r.set_aside_file,
                r.entry_floor,
                r.attempt_floor,
                r.refund_floor,
                r.link_floor,
                by,
                at
            )
            .execute(e)
            .await?;
            Ok(())
        }

        /// The highest Checkout attempt and invoice link ids given to Stripe by a
        /// database that a restore replaced (0, 0 when nothing was ever restored).
        pub async fn stripe_floors(e: impl sqlx::Executor<'_, Database = $db>) -> Result<(i64, i64)> {
            let row = sqlx::query_file!("../queries/restores/stripe_floors.sql").fetch_one(e).await?;
            Ok((row.attempt, row.link))
        }

        /// Moves the invoice sequence past the numbers the replaced database issued.
        pub async fn move_invoice_numbers_past(e: impl sqlx::Executor<'_, Database = $db>, issued: i64) -> Result<()> {
            sqlx::query_file!("../queries/restores/move_invoice_numbers_past.sql", issued).execute(e).await?;
            Ok(())
        }
    };
}
