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
