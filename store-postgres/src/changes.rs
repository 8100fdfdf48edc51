//! Other workstations' changes, as they commit: every table announces its
//! changes on the channel 'clinicdesk_changes' (the schema's changes_<table>
//! triggers), and a workstation listening here refreshes what shows that
//! table. sqlx's listener reconnects by itself after the server connection
//! drops; what was announced meanwhile is lost, so a reconnection says
//! "refresh everything".

use crate::error::Result;
use sqlx::postgres::{PgListener, PgPool};

pub const CHANNEL: &str = "clinicdesk_changes";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// This table changed (a transaction that touched it committed).
    Table(String),
    /// The connection to the server dropped and came back: changes may have
    /// been missed.
    Reconnected,
}

pub struct Changes {
    listener: PgListener,
}

impl Changes {
    /// Starts listening on a connection of its own (not one of the pool's).
    pub async fn listen(pool: &PgPool) -> Result<Changes> {
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        Ok(Changes { listener })
    }

    /// Waits for the next change. An error means the server can't be
    /// reached now; calling again tries to reconnect.
    pub async fn next(&mut self) -> Result<Change> {
        Ok(match self.listener.try_recv().await? {
            Some(notification) => Change::Table(notification.payload().to_string()),
            None => Change::Reconnected,
        })
    }
}
