//! Email through the clinic's own SMTP server: its settings (the password in
//! the OS keychain), a test email, and receipts and invoices with their PDF attached.

pub mod forms;
mod invoice;
mod send;
mod settings;

pub use forms::MailSecurity;
pub use send::Sent;
pub use settings::MailServerView;
