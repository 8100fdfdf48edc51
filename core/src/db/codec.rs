//! Statuses and kinds are parsed where rows are read: by clinicdesk-domain's
//! codec, which both stores share.

pub(crate) use clinicdesk_domain::codec::{json_bool, json_text};
pub use clinicdesk_domain::KeyStatus;
