//! Table `practitioners`, as both stores read and write it.

#[derive(Debug, Clone)]
pub struct PractitionerRow {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub provider_number: Option<String>,
}
