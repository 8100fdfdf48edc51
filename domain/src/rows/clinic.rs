//! Table `clinic`: one row holding the clinic's settings and database id.

pub struct ClinicRow {
    pub database_id: String,
    pub name: String,
    pub time_zone: String,
    pub currency: String,
    pub slot_minutes: i64,
    pub hold_minutes: i64,
    pub allow_outside_hours: bool,
    /// Where patients land after paying online (Checkout's `success_url`).
    pub return_url: Option<String>,
    /// Cancelling later than this before the start charges the fee.
    pub late_cancel_hours: i64,
}
