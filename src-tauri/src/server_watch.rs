//! On the clinic server: tells the window what other workstations changed
//! (it refreshes what shows it), and when the server can't be reached (a
//! banner) and is back (the banner goes, everything is read again).

use clinicdesk_core::server::ServerEvent;
use clinicdesk_core::Clinicdesk;
use serde::Serialize;
use tauri::{AppHandle, Emitter};

#[derive(Clone, Serialize)]
struct DataChanged {
    /// The tables changed; "*" after a break: read everything again.
    table: String,
}

#[derive(Clone, Serialize)]
struct Connection {
    connected: bool,
}

pub async fn run(desk: &Clinicdesk, handle: AppHandle) {
    let Some(mut heard) = desk.watch_server() else { return };
    while let Some(event) = heard.recv().await {
        let _ = match event {
            ServerEvent::Changed(table) => handle.emit("data-changed", DataChanged { table }),
            ServerEvent::Lost => handle.emit("server-connection", Connection { connected: false }),
            ServerEvent::Back => handle
                .emit("server-connection", Connection { connected: true })
                .and_then(|()| handle.emit("data-changed", DataChanged { table: "*".into() })),
        };
    }
}
