//! Moves a clinic's SQLite file into an empty PostgreSQL database and says how
//! long it took (scripts/bench.sh's figure for a large clinic):
//!   cargo run --release -p clinicdesk-store-postgres --example move_clinic -- FILE POSTGRES_URL
//! The database at POSTGRES_URL must exist; its schema is made first.

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::str::FromStr;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (file, url) = (args.next().expect("usage: move_clinic FILE POSTGRES_URL"), args.next().expect("POSTGRES_URL"));
    let sqlite = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::from_str(&format!("sqlite://{file}")).unwrap().read_only(true))
        .await
        .expect("the clinic's file");
    let pg = sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&url).await.expect("the server");
    clinicdesk_store_postgres::MIGRATOR.run(&pg).await.expect("the server's schema");
    let started = std::time::Instant::now();
    let report = clinicdesk_store_postgres::move_in::move_clinic(&sqlite, &pg).await.expect("the move");
    let rows: i64 = report.rows.iter().map(|(_, n)| n).sum();
    println!("moved {rows} rows in {} tables in {:.1} s", report.rows.len(), started.elapsed().as_secs_f64());
    for (what, minor) in &report.money {
        println!("  {what}: {minor}");
    }
}
