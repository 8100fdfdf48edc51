//! Table `patients`, as both stores read and write it.

#[derive(Debug, Clone)]
pub struct PatientRow {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub date_of_birth: Option<String>,
    pub notes: String,
}

pub struct PatientFields<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub date_of_birth: Option<String>,
    pub notes: &'a str,
    pub name_key: String,
    pub rname_key: String,
    pub email_key: String,
    pub phone_digits: String,
}
