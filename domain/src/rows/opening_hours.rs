//! Table `opening_hours`, as both stores read and write it.

pub struct HoursRow {
    pub weekday: i64,
    pub opens_min: i64,
    pub closes_min: i64,
}
