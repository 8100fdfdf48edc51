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
            Error::Database(_) | Error::Migrate(_) | Error::Corrupt(_) | Error::Io(_) | Error::Server(_) => "internal",
        }
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
