//! The one error type of clinicdesk-core, with the stable codes the UI sees.

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub use clinicdesk_domain::{FieldError, Invalid};

/// Collects field errors so a form reports every problem at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        FieldErrors(Vec::new())
    }
    pub fn push(&mut self, error: FieldError) {
        if !self.0.iter().any(|e| e.field == error.field) {
            self.0.push(error);
        }
    }
    /// Keeps the value if it parsed, records the problem at `field` otherwise.
    pub fn check<T>(&mut self, field: &str, parsed: std::result::Result<T, Invalid>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e.at(field));
                None
            }
        }
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(())` when nothing was recorded, the validation error otherwise.
    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.0))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{} field(s) need attention", .0.len())]
    Validation(Vec<FieldError>),

    #[error("{entity} {id} was not found")]
    NotFound { entity: &'static str, id: i64 },

    /// A request that is well-formed but not allowed now.
    #[error("{message}")]
    Refused { code: &'static str, message: String },

    #[error(
        "this data folder was last used by a newer version of Clinicdesk (database version {found}; \
         this version knows up to {known})"
    )]
    DatabaseTooNew { found: i64, known: i64 },

    #[error("the clinic database could not be opened at {path}")]
    DatabaseUnavailable {
        path: String,
        #[source]
        source: sqlx::Error,
    },

    #[error("database error")]
    Database(#[from] sqlx::Error),

    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    /// The clinic server: connecting to it, or moving a clinic in.
    #[error("{0}")]
    Server(clinicdesk_store_postgres::Error),

    #[error("stored data could not be read: {0}")]
    Corrupt(String),

    #[error("i/o error")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn field(field: &str, code: &'static str, message: impl Into<String>) -> Error {
        Error::Validation(vec![FieldError::new(field, code, message)])
    }

    /// A move the appointment's workflow doesn't allow.
    pub fn invalid_transition(from: crate::domain::AppointmentState, to: crate::domain::AppointmentState) -> Error {
        Error::Refused {
            code: "invalid_transition",
            message: format!(
                "An appointment that is {} can't become {}.",
                from.as_str().replace('_', " "),
                to.as_str().replace('_', " ")
            ),
        }
    }

    /// Another workstation (or the payment check) changed the row first.
    pub fn changed_elsewhere() -> Error {
        Error::Refused {
            code: "changed_elsewhere",
            message: "This appointment was just changed on another workstation. It has been reloaded; check it and \
                      try again."
                .into(),
        }
    }

    /// The stable code the UI switches on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::NotFound { .. } => "not_found",
            Error::Refused { code, .. } => code,
            Error::DatabaseTooNew { .. } => "database_too_new",
            Error::DatabaseUnavailable { .. } => "database_unavailable",
            Error::Server(clinicdesk_store_postgres::Error::Connect(problem)) => problem.code(),
            Error::Server(clinicdesk_store_postgres::Error::Move(_)) => "move_refused",
            // The clinic server's connection went (or none came free in
            // time). Lost during a commit, the change may have been saved:
            // the words ask to check before trying again. The pool connects
            // again by itself.
            e if e.is_connection_lost() => "connection_lost",
            e if e.is_busy() => "busy",
            Error::Database(_) | Error::Migrate(_) | Error::Corrupt(_) | Error::Io(_) | Error::Server(_) => "internal",
        }
    }

    /// The connection to the clinic's data went, or none came free in time.
    pub fn is_connection_lost(&self) -> bool {
        matches!(self, Error::Database(sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed))
    }

    /// Another writer held a lock past the wait: PostgreSQL's lock_timeout
    /// (55P03: another workstation, at whichever lock of the transaction)
    /// or SQLite's busy_timeout (SQLITE_BUSY and its extended codes). The
    /// statement failed and its transaction is rolled back, so nothing of
    /// the change was saved and trying again is safe.
    pub fn is_busy(&self) -> bool {
        matches!(self, Error::Database(sqlx::Error::Database(d))
            if matches!(d.code().as_deref(), Some("55P03" | "5" | "261" | "517" | "773")))
    }

    /// True for faults the person at the desk cannot fix from the form:
    /// these are logged with their cause and shown as a generic message.
    pub fn is_internal(&self) -> bool {
        self.code() == "internal"
    }

    /// What may be shown to the person using the app: never an internal
    /// error's text, which can carry SQL or paths.
    pub fn public_message(&self) -> String {
        if self.is_internal() {
            "Something went wrong. Your saved data is safe; the details were written to the log.".into()
        } else if self.is_connection_lost() {
            "The connection to the clinic's data was lost, so this may not have been saved. What you typed is \
             still here: once the connection is back, check (a payment, say, on the account) before trying again."
                .into()
        } else if self.is_busy() {
            "Another change to the clinic's data is being saved (on another workstation, perhaps); nothing was saved \
             here. Try again in a moment."
                .into()
        } else {
            self.to_string()
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation(errors) => errors,
            _ => &[],
        }
    }
}

/// A store operation's error on the server, as the SQLite store's would be:
/// the same sqlx error (constraint checks read it alike), or a problem
/// connecting or moving that the owner can act on.
impl From<clinicdesk_store_postgres::Error> for Error {
    fn from(e: clinicdesk_store_postgres::Error) -> Error {
        use clinicdesk_store_postgres::Error as Pg;
        match e {
            Pg::Database(e) => Error::Database(e),
            Pg::Corrupt(what) => Error::Corrupt(what),
            Pg::Migrate(e) => Error::Migrate(e),
            e @ (Pg::Connect(_) | Pg::Move(_)) => Error::Server(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Error;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use std::time::Duration;

    /// A real SQLITE_BUSY: one connection holds the write lock, another
    /// gives up at once. Said as `busy` (nothing saved, try again), not as
    /// an internal fault.
    #[tokio::test]
    async fn a_lock_held_elsewhere_is_busy_not_internal() {
        let file = std::env::temp_dir().join(format!("clinicdesk-busy-{}.db", uuid::Uuid::new_v4()));
        let options = SqliteConnectOptions::new().filename(&file).create_if_missing(true).busy_timeout(Duration::ZERO);
        let pool = SqlitePoolOptions::new().max_connections(2).connect_with(options).await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)").execute(&pool).await.unwrap();
        let _holder = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
        let refused = pool.begin_with("BEGIN IMMEDIATE").await.map(|_| ()).map_err(Error::from).unwrap_err();
        assert_eq!(refused.code(), "busy", "{refused:?}");
        assert!(!refused.is_internal());
        assert!(refused.public_message().contains("nothing was saved"), "{}", refused.public_message());
        drop(_holder);
        pool.close().await;
        let _ = std::fs::remove_file(&file);
    }
}
