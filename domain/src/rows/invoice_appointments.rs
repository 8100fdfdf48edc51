//! Table `invoice_appointments`, as both stores read and write it.

/// The `invoice_appointments` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::invoice_appointments_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/invoice_appointments/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! invoice_appointments_queries {
    ($db:ty) => {
        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            invoice_id: i64,
            appointment_id: i64,
        ) -> Result<()> {
            sqlx::query_file!("../queries/invoice_appointments/insert.sql", invoice_id, appointment_id)
                .execute(e)
                .await?;
            Ok(())
        }

        /// The appointments of an invoice, oldest first.
        pub async fn of_invoice(e: impl sqlx::Executor<'_, Database = $db>, invoice_id: i64) -> Result<Vec<i64>> {
            Ok(sqlx::query_file_scalar!("../queries/invoice_appointments/of_invoice.sql", invoice_id)
                .fetch_all(e)
                .await?)
        }

        /// A void invoice lets its appointments go on another invoice.
        pub async fn release(e: impl sqlx::Executor<'_, Database = $db>, invoice_id: i64) -> Result<()> {
            sqlx::query_file!("../queries/invoice_appointments/release.sql", invoice_id).execute(e).await?;
            Ok(())
        }

        pub async fn delete_for(e: impl sqlx::Executor<'_, Database = $db>, invoice_id: i64) -> Result<()> {
            sqlx::query_file!("../queries/invoice_appointments/delete_for.sql", invoice_id).execute(e).await?;
            Ok(())
        }

        /// The live invoice an appointment is on, if any (its id and number).
        pub async fn live_invoice_of(
            e: impl sqlx::Executor<'_, Database = $db>,
            appointment_id: i64,
        ) -> Result<Option<(i64, Option<String>)>> {
            Ok(sqlx::query_file!("../queries/invoice_appointments/live_invoice_of.sql", appointment_id)
                .fetch_optional(e)
                .await?
                .map(|r| (r.id, r.number_text)))
        }
    };
}
