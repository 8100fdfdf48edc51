//! Only one workstation at a time reconciles with Stripe (reads its events,
//! re-sends what is pending); the others see the results in the shared
//! database. The one that holds this session-level advisory lock is it. The
//! lock lives on a connection of its own, outside the pool (a pooled one
//! would carry the lock back into the pool), watched by TCP keepalives: if
//! that workstation stops or loses the server, its session ends within about
//! a minute, the server lets the lock go, and another workstation takes over
//! at its next try.

use crate::error::Result;
use sqlx::postgres::{PgConnection, PgPool};
use sqlx::{ConnectOptions, Connection};

/// The lock's key: any number no other lock of this database uses.
const RECONCILER: i64 = 0x636c_696e_6963_6473; // "clinicds"

/// Held while this workstation reconciles.
pub struct ReconcilerLease {
    conn: PgConnection,
}

/// Takes the reconciler's lock if no other workstation holds it.
pub async fn try_reconciler(pool: &PgPool) -> Result<Option<ReconcilerLease>> {
    let mut conn = crate::connect::watched((*pool.connect_options()).clone()).connect().await?;
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(RECONCILER).fetch_one(&mut conn).await?;
    if got {
        Ok(Some(ReconcilerLease { conn }))
    } else {
        let _ = conn.close().await;
        Ok(None)
    }
}

impl ReconcilerLease {
    /// Still the reconciler: the lock's session answers and holds it. When
    /// false, drop the lease (which closes its connection, so a lock still
    /// held by a session that merely failed to answer goes too) and ask
    /// again later.
    pub async fn still_held(&mut self) -> bool {
        sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
                            AND ((classid::bigint << 32) | objid::bigint) = $1)",
        )
        .bind(RECONCILER)
        .fetch_one(&mut self.conn)
        .await
        .unwrap_or(false)
    }

    /// Lets another workstation take over now (dropping the lease does too,
    /// when its connection closes).
    pub async fn release(mut self) -> Result<()> {
        sqlx::query("SELECT pg_advisory_unlock($1)").bind(RECONCILER).execute(&mut self.conn).await?;
        let _ = self.conn.close().await;
        Ok(())
    }
}
