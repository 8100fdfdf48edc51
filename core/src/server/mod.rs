//! Settings → Data: where this workstation's clinic lives. "This computer
//! only" (the SQLite file in the data folder, the default) or "Clinic
//! server" (PostgreSQL, shared by the clinic's workstations). The choice is
//! this computer's, so it is kept beside the data, not in it
//! (`clinic-server.json`); the server's password is kept in the OS keychain.
//! A change of place takes effect when the app starts again: every part of
//! the app (the background checks, the window) then works on the one store.

mod check;
mod forms;
mod stored;
mod switch;
mod watch;

pub use check::{save_server_password, use_this_computer_from_start, ServerFound};
pub use forms::{ServerConnection, ServerForm};
pub use stored::{password_entry, read as stored_server, DataLocation, ServerView, SERVER_FILE};
pub use switch::MoveSummary;
pub use watch::ServerEvent;
