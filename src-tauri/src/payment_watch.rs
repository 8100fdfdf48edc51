//! A desktop app receives no webhooks: while any online payment is pending,
//! ask Stripe about it (core's `reconcile_payments`) and tell the window what
//! changed. The first pass runs at start-up, which also catches payments made
//! while the app was closed. On the clinic server only the workstation
//! whose turn it is does this (core's `reconciler_turn`).

use clinicdesk_core::Clinicdesk;
use serde::Serialize;
use std::time::Duration;
use tauri::{AppHandle, Emitter};

/// How often pending payments are checked; tests shorten it.
const POLL_ENV: &str = "CLINICDESK_PAYMENT_POLL_MS";
const DEFAULT_POLL: Duration = Duration::from_secs(5);
/// With only invoice links open (an invoice may wait weeks), Stripe's events
/// are read this often instead; tests shorten it.
const INVOICE_POLL_ENV: &str = "CLINICDESK_INVOICE_POLL_MS";
const DEFAULT_INVOICE_POLL: Duration = Duration::from_secs(60);
/// With nothing pending only the database is looked at, this often.
const IDLE: Duration = Duration::from_secs(10);
const MAX_BACKOFF: Duration = Duration::from_secs(120);

#[derive(Clone, Serialize)]
struct Changed {
    ids: Vec<i64>,
}

pub async fn run(desk: Clinicdesk, handle: AppHandle) {
    let poll =
        std::env::var(POLL_ENV).ok().and_then(|v| v.parse().ok()).map(Duration::from_millis).unwrap_or(DEFAULT_POLL);
    let invoice_poll = std::env::var(INVOICE_POLL_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_INVOICE_POLL);
    let mut delay = poll;
    let mut first = true;
    let mut last_pass = std::time::Instant::now();
    let mut turn = clinicdesk_core::payments::ReconcilerTurn::default();
    loop {
        // On the clinic server one workstation reconciles for all; the
        // others see its results, and ask again now and then to take over.
        if !desk.reconciler_turn(&mut turn).await {
            tokio::time::sleep(IDLE).await;
            continue;
        }
        let pending = desk.payments_pending().await.unwrap_or(0);
        let invoices_due = last_pass.elapsed() >= invoice_poll && desk.invoice_links_open().await.unwrap_or(0) > 0;
        if pending > 0 || first || invoices_due {
            first = false;
            last_pass = std::time::Instant::now();
            match desk.reconcile_payments().await {
                Ok(report) => {
                    if !report.changed.is_empty() {
                        tracing::info!(changed = ?report.changed, pending = report.pending, "payments updated from Stripe");
                        let _ = handle.emit("appointments-changed", Changed { ids: report.changed });
                    }
                    // Stripe not answering: wait longer each time, with jitter.
                    delay = if report.failures > 0 { (delay * 2).min(MAX_BACKOFF) } else { poll };
                }
                Err(e) => {
                    tracing::warn!(error = %crate::error::chain(&e), "payment check failed");
                    delay = (delay * 2).min(MAX_BACKOFF);
                }
            }
            let nanos =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().subsec_nanos();
            let jitter = Duration::from_millis(u64::from(nanos % 250));
            tokio::time::sleep(delay + jitter).await;
        } else {
            tokio::time::sleep(IDLE.min(poll.max(Duration::from_millis(500)) * 2)).await;
        }
    }
}
