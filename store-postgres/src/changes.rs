//! Other workstations' changes, as they commit: every table announces its
//! changes on the channel 'clinicdesk_changes' (the schema's changes_<table>
//! triggers), and a workstation listening here refreshes what shows that
//! table. sqlx's listener reconnects by itself after the server connection
//! drops; what was announced meanwhile is lost, so any break is reported as
//! "refresh everything".

use crate::error::Result;
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};

pub const CHANNEL: &str = "clinicdesk_changes";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// This table changed (a transaction that touched it committed).
    Table(String),
    /// The connection to the server broke and is back: changes may have
    /// been missed.
    Reconnected,
}

pub struct Changes {
    listener: PgListener,
    /// A receive failed (the server unreachable): the next answer, whatever
    /// it is, comes after a gap.
    broken: bool,
}

impl Changes {
    /// Starts listening on a connection of its own: a pool of one made from
    /// `pool`'s settings, so the app's pool keeps all its connections.
    pub async fn listen(pool: &PgPool) -> Result<Changes> {
        let own = PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with(crate::connect::watched((*pool.connect_options()).clone()));
        let mut listener = PgListener::connect_with(&own).await?;
        listener.listen(CHANNEL).await?;
        Ok(Changes { listener, broken: false })
    }

    /// Waits for the next change. An error means the server can't be
    /// reached now; calling again tries to reconnect, and then says
    /// `Reconnected` first.
    pub async fn next(&mut self) -> Result<Change> {
        match self.listener.try_recv().await {
            Err(e) => {
                self.broken = true;
                Err(e.into())
            }
            Ok(_) if std::mem::take(&mut self.broken) => Ok(Change::Reconnected),
            Ok(Some(notification)) => Ok(Change::Table(notification.payload().to_string())),
            Ok(None) => Ok(Change::Reconnected),
        }
    }
}

/// Whether the server answers now, on one of `pool`'s connections (the
/// listener's own is busy waiting). Not the compile-time macros: it reads
/// nothing of the clinic's.
pub async fn reachable(pool: &PgPool) -> bool {
    sqlx::query("SELECT 1").execute(pool).await.is_ok()
}
