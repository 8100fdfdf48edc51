//! Table `mail_server`, as both stores read and write it.

#[derive(Debug, Clone)]
pub struct MailServerRow {
    pub host: String,
    pub port: i64,
    pub security: crate::MailSecurity,
    pub username: String,
    pub from_email: String,
    pub from_name: String,
}

/// The `mail_server` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::mail_server_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/mail_server/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! mail_server_queries {
    ($db:ty) => {
        pub use $crate::rows::mail_server::MailServerRow;

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Option<MailServerRow>> {
            Ok(sqlx::query_file_as!(MailServerRow, "../queries/mail_server/get.sql").fetch_optional(e).await?)
        }

        pub async fn save(e: impl sqlx::Executor<'_, Database = $db>, row: &MailServerRow, now: &str) -> Result<()> {
            let security = row.security.as_str();
            sqlx::query_file!(
                "../queries/mail_server/save.sql",
                row.host,
                row.port,
                security,
                row.username,
                row.from_email,
                row.from_name,
                now
            )
            .execute(e)
            .await?;
            Ok(())
        }
    };
}
