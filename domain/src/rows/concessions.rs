//! Table `concessions`, as both stores read and write it.

#[derive(Debug, Clone)]
pub struct ConcessionRow {
    pub id: i64,
    pub name: String,
    pub percent: i64,
    pub archived: bool,
}
