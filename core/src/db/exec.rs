//! The one storage interface the use cases call: each table's operations in
//! `db/<table>.rs` take an `Exec`, a connection or pool of either store, and
//! run the same operation (written once, in clinicdesk-domain's `rows/`) on
//! SQLite (this crate's expansion) or on PostgreSQL (store-postgres's). What
//! the caller already holds converts into it: `&pool`, `&mut *tx`.

use sqlx::{PgConnection, PgPool, SqliteConnection, SqlitePool};

pub enum Exec<'c> {
    SqlitePool(&'c SqlitePool),
    Sqlite(&'c mut SqliteConnection),
    PgPool(&'c PgPool),
    Postgres(&'c mut PgConnection),
}

impl<'c> From<&'c SqlitePool> for Exec<'c> {
    fn from(pool: &'c SqlitePool) -> Self {
        Exec::SqlitePool(pool)
    }
}

impl<'c> From<&'c mut SqliteConnection> for Exec<'c> {
    fn from(conn: &'c mut SqliteConnection) -> Self {
        Exec::Sqlite(conn)
    }
}

impl<'c> From<&'c PgPool> for Exec<'c> {
    fn from(pool: &'c PgPool) -> Self {
        Exec::PgPool(pool)
    }
}

impl<'c> From<&'c mut PgConnection> for Exec<'c> {
    fn from(conn: &'c mut PgConnection) -> Self {
        Exec::Postgres(conn)
    }
}

/// Lends an `Exec` to one operation and keeps it for the next (a helper
/// that runs several takes `conn: &mut Exec` and passes `&mut *conn`).
impl<'a, 'c> From<&'a mut Exec<'c>> for Exec<'a> {
    fn from(e: &'a mut Exec<'c>) -> Exec<'a> {
        match e {
            Exec::SqlitePool(pool) => Exec::SqlitePool(pool),
            Exec::Sqlite(conn) => Exec::Sqlite(conn),
            Exec::PgPool(pool) => Exec::PgPool(pool),
            Exec::Postgres(conn) => Exec::Postgres(conn),
        }
    }
}

/// Declares a table's operations as the use cases call them, each running
/// the table module's `sqlite::` or `postgres::` twin by what `e` is. The
/// signatures repeat the shared operations' (whose docs say what each does);
/// the compiler checks that they agree.
macro_rules! dispatch {
    ($( pub async fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty; )*) => {$(
        pub async fn $name(e: impl Into<$crate::db::Exec<'_>>, $($arg: $ty),*) -> $crate::error::Result<$ret> {
            match e.into() {
                $crate::db::Exec::SqlitePool(e) => sqlite::$name(e, $($arg),*).await,
                $crate::db::Exec::Sqlite(e) => sqlite::$name(e, $($arg),*).await,
                $crate::db::Exec::PgPool(e) => Ok(postgres::$name(e, $($arg),*).await?),
                $crate::db::Exec::Postgres(e) => Ok(postgres::$name(e, $($arg),*).await?),
            }
        }
    )*};
}
pub(crate) use dispatch;

/// The advisory lock key of the clinic's writes on the server ("cdwrites");
/// the reconciler's lease is another key.
const CLINIC_WRITE_LOCK: i64 = 0x6364_7772_6974_6573;

/// The clinic's database: this computer's SQLite file, or the clinic server.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl From<SqlitePool> for Db {
    fn from(pool: SqlitePool) -> Self {
        Db::Sqlite(pool)
    }
}

impl From<PgPool> for Db {
    fn from(pool: PgPool) -> Self {
        Db::Postgres(pool)
    }
}

impl<'c> From<&'c Db> for Exec<'c> {
    fn from(db: &'c Db) -> Self {
        match db {
            Db::Sqlite(pool) => Exec::SqlitePool(pool),
            Db::Postgres(pool) => Exec::PgPool(pool),
        }
    }
}

impl Db {
    /// This computer's file, for what only SQLite has (its backups, the
    /// restore); `None` on the clinic server.
    pub fn sqlite(&self) -> Option<&SqlitePool> {
        match self {
            Db::Sqlite(pool) => Some(pool),
            Db::Postgres(_) => None,
        }
    }

    /// A write transaction, one at a time for the whole clinic. SQLite's
    /// takes its write lock at once, so concurrent writers wait
    /// (busy_timeout) instead of failing half-way. On the server every
    /// workstation's write transaction first takes the clinic's write lock
    /// (a transaction-level advisory lock) for the same effect: the use
    /// cases' check-then-write steps (a free slot, the next receipt number
    /// above the restore floors, a day still open, the last owner) stay
    /// right between workstations, while reads go on unblocked. The schema's
    /// own rules (exclusion constraint, unique indexes, triggers) still hold
    /// beneath it.
    pub async fn write(&self) -> sqlx::Result<Tx> {
        Ok(Tx(match self {
            Db::Sqlite(pool) => Open::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => {
                // READ COMMITTED whatever the server's default: each statement
                // after the lock then sees what the previous holder committed.
                let mut tx = pool.begin_with("BEGIN ISOLATION LEVEL READ COMMITTED").await?;
                // A writer waits at most as long as SQLite's busy_timeout.
                sqlx::query("SET LOCAL lock_timeout = '5s'").execute(&mut *tx).await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(CLINIC_WRITE_LOCK).execute(&mut *tx).await?;
                Open::Postgres(tx)
            }
        }))
    }

    /// One connection for several reads.
    pub async fn acquire(&self) -> sqlx::Result<Conn> {
        Ok(Conn(match self {
            Db::Sqlite(pool) => Held::Sqlite(pool.acquire().await?),
            Db::Postgres(pool) => Held::Postgres(pool.acquire().await?),
        }))
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// A transaction on either store. `&mut *tx` (or `&mut **tx` through a
/// reference) is what the operations take, as with sqlx's own transaction.
pub struct Tx(Open);

pub enum Open {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    pub async fn commit(self) -> sqlx::Result<()> {
        match self.0 {
            Open::Sqlite(tx) => tx.commit().await,
            Open::Postgres(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> sqlx::Result<()> {
        match self.0 {
            Open::Sqlite(tx) => tx.rollback().await,
            Open::Postgres(tx) => tx.rollback().await,
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = Open;
    fn deref(&self) -> &Open {
        &self.0
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Open {
        &mut self.0
    }
}

impl<'c> From<&'c mut Open> for Exec<'c> {
    fn from(open: &'c mut Open) -> Self {
        match open {
            Open::Sqlite(tx) => Exec::Sqlite(tx),
            Open::Postgres(tx) => Exec::Postgres(tx),
        }
    }
}

impl<'c> From<&'c mut Tx> for Exec<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        Exec::from(&mut tx.0)
    }
}

/// A pooled connection of either store, used as `&mut *conn`.
pub struct Conn(Held);

pub enum Held {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

impl std::ops::Deref for Conn {
    type Target = Held;
    fn deref(&self) -> &Held {
        &self.0
    }
}

impl std::ops::DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut Held {
        &mut self.0
    }
}

impl<'c> From<&'c mut Held> for Exec<'c> {
    fn from(held: &'c mut Held) -> Self {
        match held {
            Held::Sqlite(conn) => Exec::Sqlite(conn),
            Held::Postgres(conn) => Exec::Postgres(conn),
        }
    }
}

impl<'c> From<&'c mut Conn> for Exec<'c> {
    fn from(conn: &'c mut Conn) -> Self {
        Exec::from(&mut conn.0)
    }
}
