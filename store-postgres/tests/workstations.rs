//! Several workstations on one server: each hears the others' changes as
//! they commit, and only one reconciles with Stripe at a time.

mod common;

use clinicdesk_store_postgres::changes::{Change, Changes};
use clinicdesk_store_postgres::reconciler::try_reconciler;
use std::time::{Duration, Instant};

/// Long enough never to flake on a busy machine; the 2 seconds is
/// what the note reports, measured here.
const DEADLINE: Duration = Duration::from_secs(10);

async fn next(changes: &mut Changes) -> Change {
    tokio::time::timeout(DEADLINE, changes.next()).await.expect("a change announced").unwrap()
}

#[tokio::test]
async fn a_workstation_hears_what_another_commits_and_nothing_that_was_rolled_back() {
    let server = common::server();
    let (name, one) = server.migrated().await;
    let two = server.pool(&name).await;
    let mut heard = Changes::listen(&one).await.unwrap();

    // Rolled back: nothing is announced.
    let mut tx = two.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO concessions (name, name_key, percent, created_at, updated_at) VALUES ('A', 'a', 5, 'x', 'x')",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.rollback().await.unwrap();

    let sent = Instant::now();
    sqlx::query(
        "INSERT INTO patients (first_name, last_name, name_key, rname_key, created_at, updated_at)
         VALUES ('Sam', 'Taylor', 'sam taylor', 'taylor sam', 'x', 'x')",
    )
    .execute(&two)
    .await
    .unwrap();
    assert_eq!(next(&mut heard).await, Change::Table("patients".into()), "the rolled-back change was not announced");
    println!("heard another workstation's change after {:.1} ms", sent.elapsed().as_secs_f64() * 1000.0);

    // One transaction over two tables: each table once.
    let mut tx = two.begin().await.unwrap();
    for sql in [
        "UPDATE patients SET notes = 'first' WHERE id = 1",
        "UPDATE patients SET notes = 'second' WHERE id = 1",
        "INSERT INTO concessions (name, name_key, percent, created_at, updated_at) VALUES ('B', 'b', 5, 'x', 'x')",
    ] {
        sqlx::query(sql).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    // Then something else, committed after: it is heard third, so nothing
    // was announced twice in between.
    sqlx::query("UPDATE clinic SET name = 'x'").execute(&two).await.unwrap();
    let mut tables = vec![next(&mut heard).await, next(&mut heard).await];
    tables.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(tables, [Change::Table("concessions".into()), Change::Table("patients".into())]);
    assert_eq!(next(&mut heard).await, Change::Table("clinic".into()), "each table once");
}

#[tokio::test]
async fn a_listener_whose_connection_drops_comes_back_and_says_it_may_have_missed_changes() {
    let server = common::server();
    let (_, db) = server.migrated().await;
    let mut heard = Changes::listen(&db).await.unwrap();
    // The server ends the listener's session (as a restart or a network cut would).
    let ended: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                               WHERE datname = current_database() AND query LIKE 'LISTEN%') t",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(ended, 1, "the listener's session");
    assert_eq!(next(&mut heard).await, Change::Reconnected);
    sqlx::query("UPDATE clinic SET name = 'x'").execute(&db).await.unwrap(); // no row: still a statement
    assert_eq!(next(&mut heard).await, Change::Table("clinic".into()), "listening again after reconnecting");
}

#[tokio::test]
async fn one_workstation_reconciles_and_another_takes_over_when_it_stops() {
    let server = common::server();
    let (name, one) = server.migrated().await;
    let two = server.pool(&name).await;

    let mut first = try_reconciler(&one).await.unwrap().expect("the first to ask reconciles");
    assert!(try_reconciler(&two).await.unwrap().is_none(), "one at a time");
    assert!(try_reconciler(&one).await.unwrap().is_none(), "not twice from one workstation either");
    assert!(first.still_held().await);

    first.release().await.unwrap();
    let second = try_reconciler(&two).await.unwrap().expect("free again once released");

    // A workstation that vanishes (its session ends) lets the lock go.
    drop(second);
    let mut third = None;
    for _ in 0..50 {
        third = try_reconciler(&one).await.unwrap();
        if third.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut third = third.expect("taken over after the holder's connection closed");
    assert!(third.still_held().await);
    // Its connection cut by the server: no longer the reconciler.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database =
           (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .execute(&two)
    .await
    .unwrap();
    // pg_terminate_backend only signals: wait for the session to end.
    let mut gone = false;
    for _ in 0..100 {
        if !third.still_held().await {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(gone, "the lease's session was ended");
    drop(third);
    assert!(try_reconciler(&two).await.unwrap().is_some());
}
