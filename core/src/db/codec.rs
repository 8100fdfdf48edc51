//! Statuses and kinds are parsed where rows are read: by clinicdesk-domain's
//! codec, which both stores share.

pub use clinicdesk_domain::KeyStatus;
