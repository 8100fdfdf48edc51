//! Whose turn it is to reconcile with Stripe. On this computer's own file,
//! always this workstation's. On the clinic server only one workstation at a
//! time reads Stripe's events and re-sends what is pending (the one holding
//! the reconciler's lease, see store-postgres's reconciler); the others see
//! its results in the shared data, and take over when it stops.

use crate::db::Db;
use crate::Clinicdesk;
use clinicdesk_store_postgres::reconciler::{try_reconciler, ReconcilerLease};

/// Kept by the background payment check between its rounds.
#[derive(Default)]
pub struct ReconcilerTurn {
    lease: Option<ReconcilerLease>,
}

impl ReconcilerTurn {
    /// Holds the server's lease now.
    pub fn holds_lease(&self) -> bool {
        self.lease.is_some()
    }
}

impl Clinicdesk {
    /// True when this workstation should reconcile now: it keeps the lease
    /// it has while its session holds it, or takes it when it is free.
    pub async fn reconciler_turn(&self, turn: &mut ReconcilerTurn) -> bool {
        let Db::Postgres(pool) = &self.db else { return true };
        // A workstation without the Stripe key in its keychain can't ask
        // Stripe anything: it must not hold the lease from one that can.
        if !matches!(self.payment_key().await, Ok(Some(_))) {
            if turn.lease.take().is_some() {
                tracing::info!("no Stripe key on this computer: another workstation reconciles");
            }
            return false;
        }
        if let Some(lease) = &mut turn.lease {
            if lease.still_held().await {
                return true;
            }
            tracing::warn!("this workstation lost the reconciler's lease");
            turn.lease = None;
        }
        match try_reconciler(pool).await {
            Ok(Some(lease)) => {
                tracing::info!("this workstation now reconciles with Stripe for the clinic");
                turn.lease = Some(lease);
                true
            }
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(error = %e, "could not ask for the reconciler's lease");
                false
            }
        }
    }
}
