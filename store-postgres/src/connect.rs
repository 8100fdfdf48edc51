//! Reaching the clinic's server: the settings an owner enters in Settings →
//! Data, "Test connection" (what is wrong, in words), and opening the pool
//! with the schema brought up to date.

use crate::error::{Error, Result};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions, PgSslMode};
use sqlx::{ConnectOptions, Connection};
use std::path::PathBuf;
use std::time::Duration;

/// PostgreSQL 13 brought trusted extensions (btree_gist without a superuser).
pub const OLDEST_SERVER: i64 = 130000;
/// A server that has not answered by then is treated as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the clinic's server is. The password is not here: it lives in the
/// OS keychain and is handed in only to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub tls: TlsMode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsMode {
    /// Encrypted; the server's certificate is not checked (the clinic's own
    /// network, a self-signed server). The default. It keeps the traffic
    /// private from anyone listening, not from a machine that pretends to be
    /// the server: use VerifyFull where that matters.
    Require,
    /// Encrypted, and the server must prove it is `host` with a certificate
    /// signed by this CA (or by one the operating system trusts).
    VerifyFull { ca_file: PathBuf },
    /// Unencrypted: refused unless the server is this computer (tests, a demo).
    Disable,
}

impl ServerSettings {
    pub fn connect_options(&self, password: &str) -> PgConnectOptions {
        let options = PgConnectOptions::new_without_pgpass()
            .host(&self.host)
            .port(self.port)
            .database(&self.database)
            .username(&self.user)
            .password(password)
            .application_name("clinicdesk");
        match &self.tls {
            TlsMode::Require => options.ssl_mode(PgSslMode::Require),
            TlsMode::VerifyFull { ca_file } => options.ssl_mode(PgSslMode::VerifyFull).ssl_root_cert(ca_file),
            TlsMode::Disable => options.ssl_mode(PgSslMode::Disable),
        }
    }
}

/// The same settings, for a connection held open for long (the change
/// listener, the reconciler's lock): the server probes it every 10 s once it
/// has been quiet for 30 s and gives up after 3 unanswered probes, so a
/// workstation that vanishes without closing its connection (power, network)
/// lets its lock go within about a minute, not the system's default two hours.
pub fn watched(options: PgConnectOptions) -> PgConnectOptions {
    options.options([("tcp_keepalives_idle", "30"), ("tcp_keepalives_interval", "10"), ("tcp_keepalives_count", "3")])
}

/// What "Test connection" found wrong: each is something the owner (or
/// whoever runs the server) can put right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Unreachable {
        host: String,
        port: u16,
    },
    Tls {
        detail: String,
    },
    Authentication {
        user: String,
    },
    DatabaseMissing {
        database: String,
    },
    ServerTooOld {
        version: String,
    },
    /// Another workstation runs a newer Clinicdesk and has moved the schema on.
    NewerSchema {
        found: i64,
        known: i64,
    },
    /// The server said no for another reason (its own words).
    Refused {
        detail: String,
    },
}

impl Problem {
    /// Stable, for the UI's wording.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Unreachable { .. } => "server_unreachable",
            Problem::Tls { .. } => "server_tls",
            Problem::Authentication { .. } => "server_authentication",
            Problem::DatabaseMissing { .. } => "server_database_missing",
            Problem::ServerTooOld { .. } => "server_too_old",
            Problem::NewerSchema { .. } => "server_schema_newer",
            Problem::Refused { .. } => "server_refused",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Unreachable { host, port } => write!(
                f,
                "No database server answered at {host}, port {port}. Check that the server computer is on, \
                 the address and port are right, and its firewall lets this computer in"
            ),
            Problem::Tls { detail } => write!(
                f,
                "The server and this computer could not agree on an encrypted connection ({detail}). \
                 Check the server's TLS settings, or the CA file"
            ),
            Problem::Authentication { user } => {
                write!(f, "The server did not accept user \"{user}\" with this password")
            }
            Problem::DatabaseMissing { database } => {
                write!(f, "The server has no database called \"{database}\". Create it first, empty")
            }
            Problem::ServerTooOld { version } => {
                write!(f, "The server runs PostgreSQL {version}; Clinicdesk needs version 13 or newer")
            }
            Problem::NewerSchema { .. } => write!(
                f,
                "This clinic's data was last used by a newer Clinicdesk. Update Clinicdesk on this computer first"
            ),
            Problem::Refused { detail } => write!(f, "The server refused the connection: {detail}"),
        }
    }
}

/// What a working connection found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerCheck {
    pub server_version: String,
    /// The newest Clinicdesk migration applied there; None: an empty database.
    pub schema_version: Option<i64>,
    /// The clinic the database holds, by its name ("" before it is named);
    /// None: no clinic yet (empty, or only the schema), so one can move in.
    pub clinic: Option<String>,
}

/// The only hosts an unencrypted connection may go to.
pub fn is_this_computer(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1")
}

/// Connects once and says what is wrong, in words, or what is there.
pub async fn check(settings: &ServerSettings, password: &str) -> Result<ServerCheck> {
    if settings.tls == TlsMode::Disable && !is_this_computer(&settings.host) {
        let detail = "an unencrypted connection is only for a server on this computer".to_string();
        return Err(Error::Connect(Problem::Tls { detail }));
    }
    let mut conn = connect(settings, password).await?;
    let found = inspect(&mut conn).await;
    let _ = conn.close().await;
    found
}

/// Opens the pool the app works through, after the same checks as `check`,
/// and brings the schema up to date.
pub async fn open(settings: &ServerSettings, password: &str, max_connections: u32) -> Result<PgPool> {
    check(settings, password).await?;
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(CONNECT_TIMEOUT)
        // Keepalives, and a transaction left open by a vanished workstation
        // ended after a minute, so the clinic's write lock is never held for
        // long by one that is gone.
        .connect_with(
            watched(settings.connect_options(password)).options([("idle_in_transaction_session_timeout", "60000")]),
        )
        .await
        .map_err(|e| problem_of(settings, e))?;
    crate::MIGRATOR.run(&pool).await?;
    Ok(pool)
}

async fn connect(settings: &ServerSettings, password: &str) -> Result<PgConnection> {
    match tokio::time::timeout(CONNECT_TIMEOUT, settings.connect_options(password).connect()).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(problem_of(settings, e)),
        Err(_) => Err(Error::Connect(Problem::Unreachable { host: settings.host.clone(), port: settings.port })),
    }
}

async fn inspect(conn: &mut PgConnection) -> Result<ServerCheck> {
    // Not the compile-time macros: these read the server's and sqlx's own
    // catalogues, which are not part of the clinic's schema.
    let number: String = sqlx::query_scalar("SHOW server_version_num").fetch_one(&mut *conn).await?;
    let server_version: String = sqlx::query_scalar("SHOW server_version").fetch_one(&mut *conn).await?;
    if number.parse::<i64>().unwrap_or(0) < OLDEST_SERVER {
        return Err(Error::Connect(Problem::ServerTooOld { version: server_version }));
    }
    let has_table: bool =
        sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL").fetch_one(&mut *conn).await?;
    let schema_version: Option<i64> = if has_table {
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success").fetch_one(&mut *conn).await?
    } else {
        None
    };
    let known = crate::known_schema_version();
    if let Some(found) = schema_version.filter(|v| *v > known) {
        return Err(Error::Connect(Problem::NewerSchema { found, known }));
    }
    let has_clinic: bool = sqlx::query_scalar("SELECT to_regclass('clinic') IS NOT NULL").fetch_one(&mut *conn).await?;
    let clinic: Option<String> = if has_clinic {
        sqlx::query_scalar("SELECT name FROM clinic WHERE id = 1").fetch_optional(&mut *conn).await?
    } else {
        None
    };
    Ok(ServerCheck { server_version, schema_version, clinic })
}

/// Sorts a failed connection into what the owner can do about it.
fn problem_of(settings: &ServerSettings, e: sqlx::Error) -> Error {
    let problem = match &e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut => {
            Problem::Unreachable { host: settings.host.clone(), port: settings.port }
        }
        sqlx::Error::Tls(detail) => Problem::Tls { detail: detail.to_string() },
        sqlx::Error::Database(db) => match db.code().as_deref() {
            // invalid_password, invalid_authorization_specification
            Some("28P01") | Some("28000") => Problem::Authentication { user: settings.user.clone() },
            // invalid_catalog_name
            Some("3D000") => Problem::DatabaseMissing { database: settings.database.clone() },
            _ => Problem::Refused { detail: db.message().to_string() },
        },
        _ => return Error::Database(e),
    };
    tracing::warn!(code = problem.code(), error = %e, "could not connect to the clinic's server");
    Error::Connect(problem)
}
