//! Table `invoices`, as both stores read and write it.

use crate::InvoiceState;

#[derive(Debug, Clone)]
pub struct InvoiceRow {
    pub id: i64,
    pub number: Option<i64>,
    pub number_text: Option<String>,
    pub patient_id: i64,
    pub currency: String,
    pub issue_date: String,
    pub due_date: String,
    pub state: InvoiceState,
    pub note: String,
    pub void_reason: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub issued_at: Option<String>,
    pub voided_at: Option<String>,
}

pub struct NewInvoice<'a> {
    pub patient_id: i64,
    pub currency: &'a str,
    pub issue_date: &'a str,
    pub due_date: &'a str,
    pub note: &'a str,
    pub created_by: &'a str,
}

/// One row of the invoice list: the invoice with its patient, lines' total
/// and what has been paid towards its appointments (payments less refunds),
/// summed in SQL.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub id: i64,
    pub number_text: Option<String>,
    pub patient_id: i64,
    pub patient: String,
    pub currency: String,
    pub issue_date: String,
    pub due_date: String,
    pub state: InvoiceState,
    pub total: i64,
    pub paid: i64,
}

/// The `invoices` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::invoices_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/invoices/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! invoices_queries {
    ($db:ty) => {
        pub use $crate::rows::invoices::{InvoiceRow, ListRow, NewInvoice};

        pub async fn insert_draft(
            e: impl sqlx::Executor<'_, Database = $db>,
            n: &NewInvoice<'_>,
            now: &str,
        ) -> Result<i64> {
            Ok(sqlx::query_file_scalar!(
                "../queries/invoices/insert_draft.sql",
                n.patient_id,
                n.currency,
                n.issue_date,
                n.due_date,
                n.note,
                n.created_by,
                now
            )
            .fetch_one(e)
            .await?)
        }

        /// A draft becomes issued with its number (taken in the same transaction).
        pub async fn issue(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            number: i64,
            number_text: &str,
            now: &str,
        ) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/invoices/issue.sql", number, number_text, now, id)
                .execute(e)
                .await?
                .rows_affected())
        }

        pub async fn void(e: impl sqlx::Executor<'_, Database = $db>, id: i64, reason: &str, now: &str) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/invoices/void.sql", reason, now, id).execute(e).await?.rows_affected())
        }

        /// Only a draft may go (an issued invoice is voided instead).
        pub async fn delete_draft(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/invoices/delete_draft.sql", id).execute(e).await?.rows_affected())
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<InvoiceRow>> {
            Ok(sqlx::query_file_as!(InvoiceRow, "../queries/invoices/get.sql", id).fetch_optional(e).await?)
        }

        /// Drafts first, then by number, newest first; `limit` from `offset`; of one
        /// patient when given.
        pub async fn list(
            e: impl sqlx::Executor<'_, Database = $db>,
            patient_id: Option<i64>,
            limit: i64,
            offset: i64,
        ) -> Result<Vec<ListRow>> {
            Ok(sqlx::query_file_as!(ListRow, "../queries/invoices/list.sql", patient_id, limit, offset)
                .fetch_all(e)
                .await?)
        }
    };
}
