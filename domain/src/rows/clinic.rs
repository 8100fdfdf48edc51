//! Table `clinic`: one row holding the clinic's settings and database id.

#[derive(Debug)]
pub struct ClinicRow {
    pub database_id: String,
    pub name: String,
    pub time_zone: String,
    pub currency: String,
    pub slot_minutes: i64,
    pub hold_minutes: i64,
    pub allow_outside_hours: bool,
    /// Where patients land after paying online (Checkout's `success_url`).
    pub return_url: Option<String>,
    /// Cancelling later than this before the start charges the fee.
    pub late_cancel_hours: i64,
}

/// What receipts say about the clinic (Settings → Clinic → On receipts).
#[derive(Debug, Clone)]
pub struct ClinicDetailsRow {
    pub legal_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_number: String,
    pub document_footer: String,
    pub paper: crate::Paper,
    pub invoice_prefix: String,
    pub invoice_due_days: i64,
}

/// The lock's idle minutes and a receptionist's online refund limit.
#[derive(Debug)]
pub struct SecurityRow {
    pub idle_lock_minutes: i64,
    pub receptionist_refund_limit_minor: i64,
}

/// The `clinic` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::clinic_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/clinic/` against its own database, from one copy of the code.
#[macro_export]
macro_rules! clinic_queries {
    ($db:ty) => {
        pub use $crate::rows::clinic::{ClinicDetailsRow, ClinicRow, SecurityRow};

        /// Creates the row on first open; leaves an existing one alone.
        pub async fn ensure(
            e: impl sqlx::Executor<'_, Database = $db>,
            database_id: &str,
            time_zone: &str,
            currency: &str,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/clinic/ensure.sql", database_id, time_zone, currency, now).execute(e).await?;
            Ok(())
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>) -> Result<ClinicRow> {
            Ok(sqlx::query_file_as!(ClinicRow, "../queries/clinic/get.sql").fetch_one(e).await?)
        }

        pub async fn update(e: impl sqlx::Executor<'_, Database = $db>, row: &ClinicRow, now: &str) -> Result<()> {
            sqlx::query_file!(
                "../queries/clinic/update.sql",
                row.name,
                row.time_zone,
                row.currency,
                row.slot_minutes,
                row.hold_minutes,
                row.allow_outside_hours,
                row.late_cancel_hours,
                now
            )
            .execute(e)
            .await?;
            Ok(())
        }

        pub async fn set_return_url(
            e: impl sqlx::Executor<'_, Database = $db>,
            url: Option<&str>,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/clinic/set_return_url.sql", url, now).execute(e).await?;
            Ok(())
        }

        pub async fn details(e: impl sqlx::Executor<'_, Database = $db>) -> Result<ClinicDetailsRow> {
            Ok(sqlx::query_file_as!(ClinicDetailsRow, "../queries/clinic/details.sql").fetch_one(e).await?)
        }

        pub async fn save_details(
            e: impl sqlx::Executor<'_, Database = $db>,
            row: &ClinicDetailsRow,
            now: &str,
        ) -> Result<()> {
            let paper = row.paper.as_str(); // as text: see appointments' insert
            sqlx::query_file!(
                "../queries/clinic/save_details.sql",
                row.legal_name,
                row.address,
                row.phone,
                row.email,
                row.tax_number,
                row.document_footer,
                paper,
                row.invoice_prefix,
                row.invoice_due_days,
                now
            )
            .execute(e)
            .await?;
            Ok(())
        }

        /// Takes the next invoice number: called only inside the transaction that
        /// issues the invoice, so a rollback returns the number and none is skipped.
        /// The UPDATE's row lock queues workstations issuing at the same moment.
        pub async fn take_invoice_number(
            e: impl sqlx::Executor<'_, Database = $db>,
            now: &str,
        ) -> Result<(i64, String)> {
            let row = sqlx::query_file!("../queries/clinic/take_invoice_number.sql", now).fetch_one(e).await?;
            Ok((row.number, row.invoice_prefix))
        }

        pub async fn security(e: impl sqlx::Executor<'_, Database = $db>) -> Result<SecurityRow> {
            Ok(sqlx::query_file_as!(SecurityRow, "../queries/clinic/security.sql").fetch_one(e).await?)
        }

        pub async fn save_security(
            e: impl sqlx::Executor<'_, Database = $db>,
            row: &SecurityRow,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!(
                "../queries/clinic/save_security.sql",
                row.idle_lock_minutes,
                row.receptionist_refund_limit_minor,
                now
            )
            .execute(e)
            .await?;
            Ok(())
        }
    };
}
