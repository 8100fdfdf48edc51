//! "Test connection" against a real server: what works, and each thing that
//! can be wrong, in the owner's words.

mod common;

use clinicdesk_store_postgres::{check, known_schema_version, open, Error, Problem, TlsMode};

async fn pool_on(server: &common::Server, name: &str) -> sqlx::PgPool {
    server.pool(name).await
}

fn problem(result: clinicdesk_store_postgres::Result<impl std::fmt::Debug>) -> Problem {
    match result {
        Err(Error::Connect(problem)) => problem,
        other => panic!("expected a connection problem, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_database_is_found_then_migrated_to_this_version() {
    let server = common::server();
    let name = server.fresh_database().await;
    let settings = server.settings(&name);

    let empty = check(&settings, &server.password()).await.unwrap();
    assert_eq!((empty.schema_version, empty.clinic), (None, None));
    assert!(empty.server_version.starts_with(|c: char| c.is_ascii_digit()), "{}", empty.server_version);

    let pool = open(&settings, &server.password(), 2).await.unwrap();
    let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(tables > 20, "{tables} tables");
    pool.close().await;
    let migrated = check(&settings, &server.password()).await.unwrap();
    assert_eq!(migrated.schema_version, Some(known_schema_version()));
    assert_eq!(migrated.clinic, None, "only the schema: no clinic yet, one may move in");
    sqlx::query(
        "INSERT INTO clinic (id, database_id, name, time_zone, currency, created_at, updated_at) \
                 VALUES (1, 'db-1', 'Harbour Physio', 'Australia/Sydney', 'AUD', 'now', 'now')",
    )
    .execute(&pool_on(&server, &name).await)
    .await
    .unwrap();
    let holding = check(&settings, &server.password()).await.unwrap();
    assert_eq!(holding.clinic.as_deref(), Some("Harbour Physio"));
    // Opening again runs nothing new and changes nothing.
    let applied = "SELECT count(*) FROM _sqlx_migrations";
    let before: i64 = sqlx::query_scalar(applied).fetch_one(&pool_on(&server, &name).await).await.unwrap();
    let again = open(&settings, &server.password(), 2).await.unwrap();
    let after: i64 = sqlx::query_scalar(applied).fetch_one(&again).await.unwrap();
    assert_eq!((before, after), (clinicdesk_store_postgres::MIGRATOR.iter().count() as i64, before));
    again.close().await;
}

#[tokio::test]
async fn a_wrong_password_is_an_authentication_problem() {
    let server = common::server();
    let settings = server.settings("postgres");
    let p = problem(check(&settings, "not-the-password").await);
    assert_eq!(p, Problem::Authentication { user: settings.user.clone() });
    assert_eq!(p.code(), "server_authentication");
    assert!(p.to_string().contains(&format!("\"{}\"", settings.user)), "{p}");
}

#[tokio::test]
async fn a_missing_database_is_named() {
    let server = common::server();
    let settings = server.settings("no_such_clinic");
    let p = problem(check(&settings, &server.password()).await);
    assert_eq!(p, Problem::DatabaseMissing { database: "no_such_clinic".into() });
    assert!(p.to_string().contains("\"no_such_clinic\""), "{p}");
}

#[tokio::test]
async fn nothing_listening_is_unreachable() {
    let server = common::server();
    // A port just bound and let go: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut settings = server.settings("postgres");
    settings.port = port;
    let p = problem(check(&settings, &server.password()).await);
    assert_eq!(p, Problem::Unreachable { host: settings.host.clone(), port });
    assert!(p.to_string().contains(&port.to_string()), "{p}");
}

#[tokio::test]
async fn tls_required_of_a_server_without_it_is_a_tls_problem() {
    let server = common::server();
    let mut settings = server.settings("postgres");
    settings.tls = TlsMode::Require;
    let p = problem(check(&settings, &server.password()).await);
    assert!(matches!(p, Problem::Tls { .. }), "{p:?}");
    assert_eq!(p.code(), "server_tls");
}

#[tokio::test]
async fn a_schema_from_a_newer_clinicdesk_is_refused_and_left_alone() {
    let server = common::server();
    let (name, pool) = server.migrated().await;
    let newer = known_schema_version() + 1;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES ($1, 'from the future', TRUE, '\\x00', 0)",
    )
    .bind(newer)
    .execute(&pool)
    .await
    .unwrap();
    let settings = server.settings(&name);
    let p = problem(check(&settings, &server.password()).await);
    assert_eq!(p, Problem::NewerSchema { found: newer, known: known_schema_version() });
    assert_eq!(p.code(), "server_schema_newer");
    // open refuses before migrating anything.
    let p = problem(open(&settings, &server.password(), 2).await);
    assert!(matches!(p, Problem::NewerSchema { .. }));
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations").fetch_one(&pool).await.unwrap();
    assert_eq!(rows, clinicdesk_store_postgres::MIGRATOR.iter().count() as i64 + 1);
}

#[tokio::test]
async fn an_unencrypted_connection_to_another_computer_is_refused_before_connecting() {
    let server = common::server();
    let mut settings = server.settings("postgres");
    // A documentation address (TEST-NET-1): nothing would answer there, so
    // only a refusal before connecting gives a TLS problem here.
    settings.host = "192.0.2.1".into();
    let p = problem(check(&settings, &server.password()).await);
    assert!(matches!(&p, Problem::Tls { detail } if detail.contains("only for a server on this computer")), "{p:?}");
}
