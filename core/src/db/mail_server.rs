//! Table `mail_server`: the clinic's SMTP server (one row). The password is
//! in the OS keychain, not here.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

#[derive(Debug, Clone)]
pub struct MailServerRow {
    pub host: String,
    pub port: i64,
    pub security: crate::email::MailSecurity,
    pub username: String,
    pub from_email: String,
    pub from_name: String,
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>) -> Result<Option<MailServerRow>> {
    Ok(sqlx::query_as!(
        MailServerRow,
        r#"SELECT host, port, security AS "security: crate::email::MailSecurity", username, from_email, from_name
           FROM mail_server WHERE id = 1"#
    )
    .fetch_optional(e)
    .await?)
}

pub async fn save(e: impl Executor<'_, Database = Sqlite>, row: &MailServerRow, now: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO mail_server (id, host, port, security, username, from_email, from_name, updated_at)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port, security = excluded.security,
             username = excluded.username, from_email = excluded.from_email, from_name = excluded.from_name,
             updated_at = excluded.updated_at",
        row.host,
        row.port,
        row.security,
        row.username,
        row.from_email,
        row.from_name,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}
