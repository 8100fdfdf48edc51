//! Table `backups`, as both stores read and write it.

pub struct NewBackup<'a> {
    pub reason: &'a str,
    pub file: Option<&'a str>,
    pub bytes: Option<i64>,
    pub counts: Option<(i64, i64, i64)>,
    pub failure_code: Option<&'a str>,
}

#[derive(Debug, Clone)]
pub struct BackupRow {
    /// `status = 'ok'`, read here so core never compares the text.
    pub ok: bool,
    pub file: Option<String>,
    pub failure_code: Option<String>,
    pub at: String,
}

/// The `backups` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::backups_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/backups/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! backups_queries {
    ($db:ty) => {
        pub use $crate::rows::backups::{BackupRow, NewBackup};

        pub async fn folder(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Option<String>> {
            Ok(sqlx::query_file_scalar!("../queries/backups/folder.sql").fetch_optional(e).await?.flatten())
        }

        pub async fn set_folder(
            e: impl sqlx::Executor<'_, Database = $db>,
            folder: Option<&str>,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/backups/set_folder.sql", folder, now).execute(e).await?;
            Ok(())
        }

        pub async fn record(
            e: impl sqlx::Executor<'_, Database = $db>,
            b: &NewBackup<'_>,
            by: &str,
            at: &str,
        ) -> Result<i64> {
            let status = if b.failure_code.is_none() { "ok" } else { "failed" };
            let (patients, appointments, payments) = match b.counts {
                Some((p, a, m)) => (Some(p), Some(a), Some(m)),
                None => (None, None, None),
            };
            Ok(sqlx::query_file_scalar!(
                "../queries/backups/record.sql",
                b.reason,
                status,
                b.file,
                b.bytes,
                patients,
                appointments,
                payments,
                b.failure_code,
                by,
                at
            )
            .fetch_one(e)
            .await?)
        }

        /// The newest attempt.
        pub async fn last(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Option<BackupRow>> {
            Ok(sqlx::query_file_as!(BackupRow, "../queries/backups/last.sql").fetch_optional(e).await?)
        }

        /// The newest attempt that worked.
        pub async fn last_ok(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Option<BackupRow>> {
            Ok(sqlx::query_file_as!(BackupRow, "../queries/backups/last_ok.sql").fetch_optional(e).await?)
        }
    };
}
