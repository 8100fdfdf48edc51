//! Settings → Email: the clinic's own SMTP server. The password goes to the
//! OS keychain beside the Stripe key; the rest to the database.

use super::forms::{MailSecurity, MailServerDraft};
use crate::app::Clinicdesk;
use crate::db::{self, mail_server::MailServerRow};
use crate::error::Result;
use crate::secrets::mail_keychain_user;
use crate::stripe::connection::keychain_error;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailServerView {
    pub host: String,
    pub port: i64,
    pub security: MailSecurity,
    pub username: String,
    pub from_email: String,
    pub from_name: String,
    /// A password is in the keychain (never sent to the window).
    pub password_saved: bool,
}

impl Clinicdesk {
    pub async fn mail_server(&self) -> Result<Option<MailServerView>> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let Some(row) = db::mail_server::get(&self.db).await? else { return Ok(None) };
        let saved = self
            .keychain_entry(mail_keychain_user, |s, user| s.get_text(user))
            .await
            .map_err(keychain_error)?
            .is_some();
        Ok(Some(view(row, saved)))
    }

    pub async fn save_mail_server(&self, draft: MailServerDraft) -> Result<MailServerView> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        if let Some(password) = draft.password.clone() {
            self.keychain_entry(mail_keychain_user, move |s, user| s.set_text(user, &password))
                .await
                .map_err(keychain_error)?;
        }
        let now = self.stamp();
        let row = MailServerRow {
            host: draft.host,
            port: i64::from(draft.port),
            security: draft.security,
            username: draft.username,
            from_email: draft.from_email.as_str().to_string(),
            from_name: draft.from_name.map(|n| n.as_str().to_string()).unwrap_or_default(),
        };
        let mut tx = self.write().await?;
        db::mail_server::save(&mut *tx, &row, &now).await?;
        let after = serde_json::json!({
            "host": row.host, "port": row.port, "security": row.security.as_str(), "username": row.username,
            "fromEmail": row.from_email, "passwordChanged": draft.password.is_some() });
        self.audit(&mut tx, &now, "mail_server", 1, "mail_server_saved", (None, Some(after))).await?;
        tx.commit().await?;
        Ok(self.mail_server().await?.expect("just saved"))
    }
}

fn view(row: MailServerRow, password_saved: bool) -> MailServerView {
    MailServerView {
        host: row.host,
        port: row.port,
        security: row.security,
        username: row.username,
        from_email: row.from_email,
        from_name: row.from_name,
        password_saved,
    }
}
