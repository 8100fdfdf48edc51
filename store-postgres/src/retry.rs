//! Two workstations writing the same rows at once can make PostgreSQL abort
//! one transaction: a deadlock it breaks (40P01: two bookings of one slot
//! each wait for the other's exclusion-constraint check) or a serialization
//! failure (40001). Nothing of the aborted transaction is kept, so running it
//! again is safe, and the second time it sees what the winner committed (the
//! slot is taken: 23P01 on appointments_no_overlap, which the store will
//! report as core's `slot_taken`).

use crate::error::{Error, Result};
use std::future::Future;
use std::time::Duration;

/// Tries beyond the first; a conflict that outlasts them is reported.
const RETRIES: u32 = 4;

impl Error {
    /// PostgreSQL gave up this transaction to let another one through.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Database(e) => {
                matches!(e.as_database_error().and_then(|d| d.code()).as_deref(), Some("40P01") | Some("40001"))
            }
            _ => false,
        }
    }
}

/// Runs `transaction` (which begins, works and commits) again while
/// PostgreSQL aborts it to break a conflict, waiting a little longer each
/// time, and a little differently on each workstation, so the two don't
/// collide again in step.
pub async fn retrying<T, F, Fut>(mut transaction: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let mut attempt = 0;
    loop {
        match transaction().await {
            Err(e) if e.is_retryable() && attempt < RETRIES => {
                attempt += 1;
                tracing::info!(attempt, error = %e, "a transaction met another workstation's; running it again");
                // A different wait on each workstation (the clock's nanoseconds).
                let jitter = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| u64::from(d.subsec_nanos() % 20))
                    .unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(10 * u64::from(attempt) + jitter)).await;
            }
            done => return done,
        }
    }
}
