//! Table `invoice_lines`, as both stores read and write it.

use crate::LineKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    pub position: i64,
    pub appointment_id: i64,
    pub kind: LineKind,
    pub description: String,
    pub practitioner: String,
    pub provider_number: Option<String>,
    pub service_date: String,
    pub amount_minor: i64,
}

/// The `invoice_lines` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::invoice_lines_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/invoice_lines/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! invoice_lines_queries {
    ($db:ty) => {
        pub use $crate::rows::invoice_lines::LineRow;

        pub async fn insert(e: impl sqlx::Executor<'_, Database = $db>, invoice_id: i64, l: &LineRow) -> Result<()> {
            let kind = l.kind.as_str();
            sqlx::query_file!(
                "../queries/invoice_lines/insert.sql",
                invoice_id,
                l.position,
                l.appointment_id,
                kind,
                l.description,
                l.practitioner,
                l.provider_number,
                l.service_date,
                l.amount_minor
            )
            .execute(e)
            .await?;
            Ok(())
        }

        pub async fn of_invoice(e: impl sqlx::Executor<'_, Database = $db>, invoice_id: i64) -> Result<Vec<LineRow>> {
            Ok(sqlx::query_file_as!(LineRow, "../queries/invoice_lines/of_invoice.sql", invoice_id)
                .fetch_all(e)
                .await?)
        }

        /// A draft's lines are made again when it is issued.
        pub async fn delete_for(e: impl sqlx::Executor<'_, Database = $db>, invoice_id: i64) -> Result<()> {
            sqlx::query_file!("../queries/invoice_lines/delete_for.sql", invoice_id).execute(e).await?;
            Ok(())
        }
    };
}
