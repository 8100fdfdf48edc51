//! "Move to the server": copies a clinic from its SQLite file into an empty
//! PostgreSQL database in one transaction (every table, the audit log, the
//! identity sequences), checks the row counts and money totals on both
//! sides, and commits only when they agree. The SQLite file is only read.
//!
//! The copy is driven by the server's schema, which the parity test keeps
//! identical to SQLite's: each table's columns and types come from
//! PostgreSQL's catalogue, so a table added by a later migration pair is
//! copied without a change here. Runtime SQL, but checked: the totals are
//! compared before anything is kept.

use crate::error::{Error, Result};
use sqlx::postgres::{PgPool, Postgres};
use sqlx::sqlite::{SqliteConnection, SqlitePool};
use sqlx::{QueryBuilder, Row, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// Rows per INSERT: well under PostgreSQL's 65 535 parameters for our widest
/// table, few round trips for a large clinic.
const BATCH: usize = 500;

/// Tables the migrations fill with a new clinic's defaults (on both
/// databases): an empty server still has these rows, and the moving clinic's
/// replace them.
const SEEDED: &[&str] = &["opening_hours"];

/// What was copied, and the totals both sides agreed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveReport {
    /// Table → rows, in the order they were copied.
    pub rows: Vec<(String, i64)>,
    /// Named sums of money (minor units) compared on both sides.
    pub money: BTreeMap<String, i64>,
}

/// Why a move was refused or undone. Nothing is kept on the server then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveProblem {
    #[error("the server's database already holds a clinic ({table} has rows); move into an empty database")]
    NotEmpty { table: String },
    #[error("this computer's data is at schema version {local}, the server's at {server}; update Clinicdesk first")]
    VersionsDiffer { local: i64, server: i64 },
    #[error("this computer's tables ({local:?}) are not the server's ({server:?}); check the server's schema")]
    TablesDiffer { local: Vec<String>, server: Vec<String> },
    #[error("after copying, {what} is {local} here and {server} on the server; nothing was kept on the server")]
    Mismatch { what: String, local: i64, server: i64 },
}

/// Copies the clinic in `sqlite` into `pg` (migrated, empty), or nothing.
pub async fn move_clinic(sqlite: &SqlitePool, pg: &PgPool) -> Result<MoveReport> {
    // One transaction holding SQLite's write lock: every table as of one
    // moment, and a payment taken meanwhile waits (or is refused) instead of
    // landing in a file the clinic is leaving. Nothing is written to it.
    let mut snapshot = sqlite.begin_with("BEGIN IMMEDIATE").await?;
    let local: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut *snapshot)
        .await?;
    let server = crate::known_schema_version();
    if local != server {
        return Err(Error::Move(MoveProblem::VersionsDiffer { local, server }));
    }
    let tables = tables_in_order(pg).await?;
    let mut local_tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *snapshot)
    .await?;
    let mut server_tables = tables.clone();
    local_tables.sort();
    server_tables.sort();
    if local_tables != server_tables {
        return Err(Error::Move(MoveProblem::TablesDiffer { local: local_tables, server: server_tables }));
    }
    let mut tx = pg.begin().await?;
    // No other workstation writes while the clinic moves in.
    for table in &tables {
        sqlx::query(&format!("LOCK TABLE {table} IN EXCLUSIVE MODE")).execute(&mut *tx).await?;
        if SEEDED.contains(&table.as_str()) {
            continue;
        }
        let any: bool =
            sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {table})")).fetch_one(&mut *tx).await?;
        if any {
            return Err(Error::Move(MoveProblem::NotEmpty { table: table.clone() }));
        }
    }
    // The migrations' defaults give way to the clinic's own settings.
    for table in SEEDED {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
    }
    // What each appointment keeps for the day view is worked out once at the
    // end, not by the triggers row by row (the migration 20261203000011 says
    // why); the setting ends with the transaction.
    sqlx::query("SET LOCAL clinicdesk.moving_in = 'on'").execute(&mut *tx).await?;
    let mut rows = Vec::new();
    for table in &tables {
        let copied = copy_table(&mut snapshot, &mut tx, table).await?;
        rows.push((table.clone(), copied));
    }
    sqlx::query("SET LOCAL clinicdesk.moving_in = 'off'").execute(&mut *tx).await?;
    sqlx::query("SELECT clinicdesk_keep_day_view()").execute(&mut *tx).await?;
    restart_identities(&mut tx, &tables).await?;
    let money = check_totals(&mut snapshot, &mut tx, &rows).await?;
    // SQLite let go first: once the server has committed, the move has
    // happened and nothing may report otherwise.
    snapshot.rollback().await?;
    tx.commit().await?;
    // Fresh statistics for the planner: until autovacuum comes round, a bulk
    // load looks empty to it. A failure here loses nothing.
    if let Err(e) = sqlx::query("ANALYZE").execute(pg).await {
        tracing::warn!(error = %e, "could not refresh the server's statistics after the move");
    }
    tracing::info!(tables = rows.len(), rows = rows.iter().map(|r| r.1).sum::<i64>(), "the clinic moved to the server");
    Ok(MoveReport { rows, money })
}

/// The clinic's tables, each after the tables it refers to.
async fn tables_in_order(pg: &PgPool) -> Result<Vec<String>> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_sqlx_migrations'
         ORDER BY tablename",
    )
    .fetch_all(pg)
    .await?;
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
         WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace AND c.conrelid <> c.confrelid",
    )
    .fetch_all(pg)
    .await?;
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = tables.iter().map(|t| (t.as_str(), BTreeSet::new())).collect();
    for (from, to) in &edges {
        needs.entry(from.as_str()).or_default().insert(to.as_str());
    }
    let mut order: Vec<String> = Vec::new();
    while order.len() < tables.len() {
        let ready: Vec<&str> = needs
            .iter()
            .filter(|(t, deps)| !order.iter().any(|o| o == *t) && deps.iter().all(|d| order.iter().any(|o| o == d)))
            .map(|(t, _)| *t)
            .collect();
        if ready.is_empty() {
            return Err(Error::Corrupt("the server's tables refer to each other in a circle".into()));
        }
        order.extend(ready.into_iter().map(String::from));
    }
    Ok(order)
}

/// Copies one table, in primary-key order (an entry that refers to an
/// earlier one of the same table comes after it).
async fn copy_table(
    sqlite: &mut SqliteConnection,
    tx: &mut Transaction<'static, Postgres>,
    table: &str,
) -> Result<i64> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
         WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    let key: Vec<String> = sqlx::query_scalar(
        "SELECT a.attname::text FROM pg_constraint c
         JOIN unnest(c.conkey) WITH ORDINALITY k(num, i) ON TRUE
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num
         WHERE c.conrelid = $1::regclass AND c.contype = 'p' ORDER BY k.i",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    let names = columns.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
    let select = format!("SELECT {names} FROM {table} ORDER BY {}", key.join(", "));
    let source = sqlx::query(&select).fetch_all(&mut *sqlite).await?;
    for chunk in source.chunks(BATCH) {
        let mut insert = QueryBuilder::<Postgres>::new(format!("INSERT INTO {table} ({names}) "));
        let mut failed = None;
        insert.push_values(chunk, |mut values, row| {
            for (i, (_, kind)) in columns.iter().enumerate() {
                let bound = match kind.as_str() {
                    "bigint" => row.try_get::<Option<i64>, _>(i).map(|v| {
                        values.push_bind(v);
                    }),
                    "boolean" => row.try_get::<Option<bool>, _>(i).map(|v| {
                        values.push_bind(v);
                    }),
                    "text" => row.try_get::<Option<String>, _>(i).map(|v| {
                        values.push_bind(v);
                    }),
                    other => {
                        failed = Some(Error::Corrupt(format!("{table}: no copy for type {other}")));
                        Ok(())
                    }
                };
                if let Err(e) = bound {
                    failed = Some(Error::Corrupt(format!("{table}: {e}")));
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        insert.build().execute(&mut **tx).await?;
    }
    Ok(source.len() as i64)
}

/// Tables whose new ids start above a floor as well as above their rows:
/// after a backup was put back, ids the replaced database had already used
/// (printed on receipts, sent to Stripe in idempotency keys) are never used
/// again (see core's `restores`).
const FLOORS: &[(&str, &str)] = &[
    ("account_entries", "entry_floor"),
    ("checkout_attempts", "attempt_floor"),
    ("refund_attempts", "refund_floor"),
    ("invoice_links", "link_floor"),
];

/// New rows on the server continue after the copied ones, and above the
/// restore floors.
async fn restart_identities(tx: &mut Transaction<'static, Postgres>, tables: &[String]) -> Result<()> {
    for table in tables {
        let identity: Option<String> = sqlx::query_scalar(
            "SELECT attname::text FROM pg_attribute WHERE attrelid = $1::regclass AND attidentity <> ''",
        )
        .bind(table)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(column) = identity {
            let floor = match FLOORS.iter().find(|(t, _)| t == table) {
                Some((_, floor)) => format!("(SELECT COALESCE(MAX({floor}), 0) FROM restores)"),
                None => "0".into(),
            };
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                               GREATEST(COALESCE(MAX({column}), 0), {floor}) + 1, false)
                 FROM {table}"
            ))
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Sums of money both sides must agree on: every account entry by kind, what
/// Stripe was paid and refunded, invoice payments, the till's float and count,
/// and the next invoice number.
const MONEY: &[(&str, &str)] = &[
    ("charges", "SELECT COALESCE(SUM(amount_minor), 0) FROM account_entries WHERE kind = 'charge'"),
    ("discounts", "SELECT COALESCE(SUM(amount_minor), 0) FROM account_entries WHERE kind = 'discount'"),
    ("payments", "SELECT COALESCE(SUM(amount_minor), 0) FROM account_entries WHERE kind = 'payment'"),
    ("refunds", "SELECT COALESCE(SUM(amount_minor), 0) FROM account_entries WHERE kind = 'refund'"),
    ("paid online", "SELECT COALESCE(SUM(amount_minor), 0) FROM checkout_attempts WHERE status = 'paid'"),
    ("refunded online", "SELECT COALESCE(SUM(amount_minor), 0) FROM refund_attempts WHERE status = 'succeeded'"),
    ("invoice payments", "SELECT COALESCE(SUM(amount_minor), 0) FROM invoice_payments"),
    ("invoice lines", "SELECT COALESCE(SUM(amount_minor), 0) FROM invoice_lines"),
    ("till floats", "SELECT COALESCE(SUM(float_minor), 0) FROM cash_days"),
    ("till counts", "SELECT COALESCE(SUM(counted_minor), 0) FROM cash_days"),
    ("next invoice number", "SELECT COALESCE(MAX(next_invoice_number), 0) FROM clinic"),
];

async fn check_totals(
    sqlite: &mut SqliteConnection,
    tx: &mut Transaction<'static, Postgres>,
    copied: &[(String, i64)],
) -> Result<BTreeMap<String, i64>> {
    for (table, rows) in copied {
        let server: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut **tx).await?;
        let local: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *sqlite).await?;
        for (side, n) in [("copied", *rows), ("on the server", server)] {
            if n != local {
                let what = format!("the number of rows in {table} ({side})");
                return Err(Error::Move(MoveProblem::Mismatch { what, local, server: n }));
            }
        }
    }
    let mut money = BTreeMap::new();
    for (what, sql) in MONEY {
        // SUM is NUMERIC on PostgreSQL: read both sides as BIGINT.
        let server: i64 = sqlx::query_scalar(&format!("SELECT ({sql})::bigint")).fetch_one(&mut **tx).await?;
        let local: i64 = sqlx::query_scalar(sql).fetch_one(&mut *sqlite).await?;
        if server != local {
            return Err(Error::Move(MoveProblem::Mismatch { what: what.to_string(), local, server }));
        }
        money.insert(what.to_string(), local);
    }
    Ok(money)
}
