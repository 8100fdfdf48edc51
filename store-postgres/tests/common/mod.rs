//! A fresh database per test on the throw-away server scripts/session.sh
//! starts (`start_postgres`), named by CLINICDESK_TEST_POSTGRES_URL.

#![allow(dead_code)] // each test file uses its own part

use clinicdesk_store_postgres::{ServerSettings, TlsMode};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::Executor;

pub struct Server {
    pub url: url::Url,
}

pub fn server() -> Server {
    let url = std::env::var("CLINICDESK_TEST_POSTGRES_URL").expect(
        "CLINICDESK_TEST_POSTGRES_URL is not set: these tests need the PostgreSQL server \
         that scripts/test.sh starts (start_postgres in scripts/session.sh)",
    );
    Server { url: url::Url::parse(&url).expect("CLINICDESK_TEST_POSTGRES_URL is a URL") }
}

impl Server {
    pub fn password(&self) -> String {
        self.url.password().unwrap_or_default().to_string()
    }

    /// The server's address, as an owner would type it in Settings → Data.
    pub fn settings(&self, database: &str) -> ServerSettings {
        ServerSettings {
            host: self.url.host_str().unwrap().to_string(),
            port: self.url.port().unwrap_or(5432),
            database: database.to_string(),
            user: self.url.username().to_string(),
            // The test server speaks plain TCP on loopback; TLS is refused
            // (and checked) in connection.rs.
            tls: TlsMode::Disable,
        }
    }

    /// Makes an empty database of its own for one test.
    pub async fn fresh_database(&self) -> String {
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let admin = PgPoolOptions::new().max_connections(1).connect(self.url.as_str()).await.expect("test server");
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create database");
        admin.close().await;
        name
    }

    /// A pool on `database`, as one workstation holds.
    pub async fn pool(&self, database: &str) -> PgPool {
        PgPoolOptions::new()
            .max_connections(4)
            .connect_with(self.settings(database).connect_options(&self.password()))
            .await
            .expect("connect to the test database")
    }

    /// A fresh database with the clinic's schema, and a pool on it.
    pub async fn migrated(&self) -> (String, PgPool) {
        let name = self.fresh_database().await;
        let pool = clinicdesk_store_postgres::open(&self.settings(&name), &self.password(), 4).await.expect("open");
        (name, pool)
    }
}
