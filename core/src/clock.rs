//! The time, behind a small trait: payments depend on it (holds, Stripe's
//! 30-minute minimum, keys forgotten after 24 hours), and tests move it on
//! together with the Stripe double's clock instead of waiting.

use jiff::Timestamp;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// The system clock moved on by a shared number of seconds.
pub struct OffsetClock(pub Arc<AtomicI64>);

impl Clock for OffsetClock {
    fn now(&self) -> Timestamp {
        let now = Timestamp::now();
        Timestamp::from_second(now.as_second() + self.0.load(Ordering::SeqCst))
            .ok()
            .and_then(|t| t.checked_add(jiff::SignedDuration::from_nanos(i64::from(now.subsec_nanosecond()))).ok())
            .unwrap_or(now)
    }
}
