//! The one error type of clinicdesk-store-postgres.

use crate::connect::Problem;
use crate::move_in::MoveProblem;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Connecting to the server, or its schema, went wrong in a way a person
    /// can put right (the words are `Problem`'s).
    #[error("{0}")]
    Connect(Problem),
    /// "Move to the server" refused, or undone after checking.
    #[error("{0}")]
    Move(MoveProblem),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// Stored data that could not be read (written by something else).
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}
