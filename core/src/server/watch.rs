//! Other workstations' changes as they commit, and the server connection's
//! loss and return, for the window: the day view refreshes itself, and a
//! banner says when the server can't be reached.

use crate::db::Db;
use crate::Clinicdesk;
use clinicdesk_store_postgres::changes::{reachable, Change, Changes};
use sqlx::PgPool;
use std::time::Duration;
use tokio::sync::mpsc;

/// How long one attempt to listen again may take, and the pause between
/// attempts while the server can't be reached.
const ATTEMPT: Duration = Duration::from_secs(2);
const PAUSE: Duration = Duration::from_secs(1);
/// How often the server is asked whether it is there while nothing is
/// heard: with a connection cut between the two (the end-to-end test's
/// pulled cable), sqlx's listener was still waiting 8 s later, and TCP
/// keepalives take a minute. Breaking off the listener's wait for the probe
/// loses nothing: sqlx takes a message from the socket only whole.
const PROBE: Duration = Duration::from_secs(3);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// A change to this table was committed (by any workstation).
    Changed(String),
    /// The server can't be reached.
    Lost,
    /// Listening again after a break: changes may have been missed, so
    /// everything shown should be read again.
    Back,
}

impl Clinicdesk {
    /// On the clinic server, starts listening and returns what it hears,
    /// until the receiver is dropped; None for this computer's own file.
    pub fn watch_server(&self) -> Option<mpsc::Receiver<ServerEvent>> {
        let Db::Postgres(pool) = &self.db else { return None };
        let (events, heard) = mpsc::channel(64);
        tokio::spawn(watch(pool.clone(), events));
        Some(heard)
    }
}

async fn watch(pool: PgPool, events: mpsc::Sender<ServerEvent>) {
    // After the first listener every new one follows a break, in which
    // changes may have been missed; `lost`: the window was told the server
    // is gone.
    let (mut first, mut lost) = (true, false);
    loop {
        let listening = tokio::time::timeout(ATTEMPT, Changes::listen(&pool)).await;
        let Ok(Ok(mut changes)) = listening else {
            if !lost {
                lost = true;
                tracing::warn!("the clinic server can't be reached");
                if events.send(ServerEvent::Lost).await.is_err() {
                    return;
                }
            }
            tokio::time::sleep(PAUSE).await;
            continue;
        };
        // After a break (a listener that ended, or the server not reached
        // even once) the window is told, and reads everything again.
        let after_break = !std::mem::replace(&mut first, false) || lost;
        if after_break {
            if std::mem::take(&mut lost) {
                tracing::info!("the clinic server is back");
            }
            if events.send(ServerEvent::Back).await.is_err() {
                return;
            }
        }
        // Until the listener's connection ends (an error, or a gap): then
        // listen again at once; a blip is only a refresh, an outage is also
        // the banner.
        let mut probe = tokio::time::interval(PROBE);
        probe.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        probe.tick().await;
        loop {
            tokio::select! {
                heard = changes.next() => match heard {
                    Ok(Change::Table(table)) => {
                        if events.send(ServerEvent::Changed(table)).await.is_err() {
                            return;
                        }
                    }
                    Ok(Change::Reconnected) | Err(_) => break,
                },
                _ = probe.tick() => {
                    if !matches!(tokio::time::timeout(ATTEMPT, reachable(&pool)).await, Ok(true)) {
                        break;
                    }
                }
            }
        }
        if events.is_closed() {
            return;
        }
    }
}
