//! Changing where this workstation's clinic lives: "Move to the server",
//! "Work on this server" (a second workstation), "This computer only". Each
//! saves the choice for the next start; the shell then restarts the app.

use super::check::ServerFound;
use super::forms::ServerConnection;
use super::stored::{self, password_entry};
use crate::db::Db;
use crate::domain::Permission;
use crate::error::{Error, Result};
use crate::Clinicdesk;
use serde::Serialize;
use std::collections::BTreeMap;

/// What "Move to the server" copied, with the totals both sides agreed on.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoveSummary {
    pub tables: usize,
    pub rows: i64,
    /// Named sums of money, in minor units, the same on both sides.
    pub money: BTreeMap<String, i64>,
}

impl Clinicdesk {
    /// Copies this computer's clinic into the server's empty database (one
    /// transaction, counts and money totals compared; see store-postgres's
    /// move_in), records the move in the clinic's audit log there, and
    /// keeps the server as this workstation's place from the next start.
    /// This computer's file is only read, and stays as it is.
    pub async fn move_to_server(&self, connection: ServerConnection) -> Result<MoveSummary> {
        self.allow(Permission::ClinicSettings)?;
        let dir = self.data_folder()?;
        let sqlite = self.local_db()?;
        let password = self.server_password(&connection).await?;
        let settings = &connection.settings;
        let found = clinicdesk_store_postgres::check(settings, password.expose()).await?;
        if let Some(name) = found.clinic {
            return Err(Error::Refused {
                code: "server_holds_clinic",
                message: format!(
                    "The server's database already holds a clinic{}. Choose \"Work on this server\" to use it, or \
                     give an empty database to move this clinic into.",
                    if name.is_empty() { String::new() } else { format!(" ({name})") }
                ),
            });
        }
        // Kept first: once the clinic is on the server this workstation
        // must be able to open it.
        let (entry, kept) = (password_entry(settings), password.clone());
        self.keychain_now(move |s| s.set_text(&entry, &kept)).await?;
        let pg = clinicdesk_store_postgres::open(settings, password.expose(), 2).await?;
        let moved = clinicdesk_store_postgres::move_in::move_clinic(sqlite, &pg).await;
        let report = match moved {
            Ok(report) => report,
            Err(e) => {
                pg.close().await;
                return Err(e.into());
            }
        };
        // The clinic is on the server now: the choice is saved at once, so
        // the next start opens it and this file is no longer worked on.
        let now = self.stamp();
        if let Err(e) = stored::write(dir, settings, &now).await {
            pg.close().await;
            tracing::error!(error = %e, "the clinic moved, but the choice could not be saved");
            return Err(Error::Refused {
                code: "moved_not_switched",
                message: "The clinic is now on the server, but this computer could not save that it works there. \
                          Choose \"Work on this server\" with the same settings; nothing was lost."
                    .into(),
            });
        }
        let summary = MoveSummary {
            tables: report.rows.len(),
            rows: report.rows.iter().map(|(_, n)| n).sum(),
            money: report.money,
        };
        // Best effort: the move itself has happened whatever this says.
        let server = Db::from(pg);
        let recorded = async {
            let mut tx = server.write().await?;
            let after = serde_json::json!({ "server": format!("{}:{}/{}", settings.host, settings.port, settings.database),
                                            "tables": summary.tables, "rows": summary.rows });
            self.audit(&mut tx, &now, "clinic", 1, "moved_to_server", (None, Some(after))).await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        }
        .await;
        server.close().await;
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "the move could not be added to the audit log");
        }
        tracing::info!(tables = summary.tables, rows = summary.rows, host = %settings.host,
                       database = %settings.database, "the clinic moved to the server");
        Ok(summary)
    }

    /// A workstation joins the clinic already on the server: from the next
    /// start it works there (its own file stays as it is, unused).
    pub async fn use_server(&self, connection: ServerConnection) -> Result<ServerFound> {
        self.allow(Permission::ClinicSettings)?;
        let dir = self.data_folder()?;
        let password = self.server_password(&connection).await?;
        let settings = &connection.settings;
        let check = clinicdesk_store_postgres::check(settings, password.expose()).await?;
        let Some(clinic) = check.clinic else {
            return Err(Error::Refused {
                code: "server_empty",
                message: "The server's database holds no clinic yet. Move this computer's clinic to it first, or \
                          check the database's name."
                    .into(),
            });
        };
        let entry = password_entry(settings);
        self.keychain_now(move |s| s.set_text(&entry, &password)).await?;
        stored::write(dir, settings, &self.stamp()).await?;
        tracing::info!(host = %settings.host, database = %settings.database, "this workstation joins the clinic server");
        Ok(ServerFound { server_version: check.server_version, clinic: Some(clinic), current: true })
    }

    /// Back to this computer's own file from the next start: the clinic as
    /// it was when this workstation began working on the server. The
    /// server's data stays there; nothing is copied back.
    pub async fn use_this_computer(&self) -> Result<()> {
        self.allow(Permission::ClinicSettings)?;
        let dir = self.data_folder()?;
        let Some((settings, _)) = stored::read(dir)? else {
            return Err(stored::already_local());
        };
        stored::remove(dir).await?;
        // Best effort: the choice is already undone; a stale entry is harmless.
        let entry = password_entry(&settings);
        if let Err(e) = self.keychain_now(move |s| s.delete(&entry)).await {
            tracing::warn!(error = %e, "the server's password could not be removed from the keychain");
        }
        tracing::info!("this workstation goes back to its own data");
        Ok(())
    }
}
