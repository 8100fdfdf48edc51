//! Use cases: patients, and finding them fast as the receptionist types.

use crate::app::Clinicdesk;
use crate::db::{self, patients::PatientFields, patients::PatientRow};
use crate::domain::*;
use crate::dto::PatientDraft;
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::json;

pub const PAGE_SIZE: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    pub id: PatientId,
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    /// "YYYY-MM-DD", or empty.
    pub date_of_birth: String,
    pub notes: String,
}

impl From<PatientRow> for Patient {
    fn from(r: PatientRow) -> Self {
        Patient {
            id: PatientId(r.id),
            full_name: format!("{} {}", r.first_name, r.last_name),
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            phone: r.phone,
            date_of_birth: r.date_of_birth.unwrap_or_default(),
            notes: r.notes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatientPage {
    pub items: Vec<Patient>,
    pub page: i64,
    pub page_size: i64,
    pub has_more: bool,
}

/// The smallest string greater than every string starting with `prefix`
/// (the prefix with its last character bumped): `key >= prefix AND key <
/// upper` is then a prefix match that an index can serve.
fn prefix_upper(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    "\u{10FFFF}".to_string()
}

impl Clinicdesk {
    pub async fn patient(&self, id: PatientId) -> Result<Patient> {
        self.allow(crate::domain::Permission::SeePatients)?;
        db::patients::get(&self.db, id.0).await?.map(Into::into).ok_or(Error::NotFound { entity: "patient", id: id.0 })
    }

    /// Patients matching `query` by the start of their name ("mia", "lee m",
    /// "mia l"; last-name matches first), email, or phone digits; everyone,
    /// by last name, when it is empty.
    pub async fn search_patients(&self, query: &str, page: i64) -> Result<PatientPage> {
        self.allow(crate::domain::Permission::SeePatients)?;
        let page = page.max(0);
        // One extra row tells whether there is another page.
        let (limit, offset) = (PAGE_SIZE + 1, page * PAGE_SIZE);
        let key = search_key(query);
        let mut rows = if key.is_empty() {
            db::patients::list(&self.db, limit, offset).await?
        } else {
            let digits: String = key.chars().filter(char::is_ascii_digit).collect();
            // What was typed decides where to look: digits are a phone number
            // ("0412 345"), an @ or a dotted word an email, anything else a name.
            let phone_like = digits.len() >= 3 && key.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
            let email_like = key.contains('@') || (key.contains('.') && !key.contains(' '));
            if phone_like {
                db::patients::search_phone(&self.db, &digits, &prefix_upper(&digits), limit, offset).await?
            } else if email_like {
                db::patients::search_email(&self.db, &key, &prefix_upper(&key), limit, offset).await?
            } else {
                db::patients::search_names(&self.db, &key, &prefix_upper(&key), limit, offset).await?
            }
        };
        let has_more = rows.len() as i64 > PAGE_SIZE;
        rows.truncate(PAGE_SIZE as usize);
        Ok(PatientPage { items: rows.into_iter().map(Into::into).collect(), page, page_size: PAGE_SIZE, has_more })
    }

    async fn patient_fields<'a>(&self, d: &'a PatientDraft) -> Result<PatientFields<'a>> {
        let today = jiff::Timestamp::now().to_zoned(self.clinic_time_zone().await?).date();
        let dob =
            DateOfBirth::parse(&d.date_of_birth, today).map_err(|e| Error::Validation(vec![e.at("dateOfBirth")]))?;
        let first = d.first_name.as_str();
        let last = d.last_name.as_str();
        Ok(PatientFields {
            first_name: first,
            last_name: last,
            email: d.email.as_str(),
            phone: d.phone.as_str(),
            date_of_birth: dob.map(|d| d.date().to_string()),
            notes: d.notes.as_str(),
            name_key: search_key(&format!("{first} {last}")),
            rname_key: search_key(&format!("{last} {first}")),
            email_key: d.email.as_str().to_lowercase(),
            phone_digits: d.phone.digits(),
        })
    }

    pub async fn create_patient(&self, draft: PatientDraft) -> Result<Patient> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        let fields = self.patient_fields(&draft).await?;
        let now = db::now();
        let mut tx = self.write().await?;
        let id = db::patients::insert(&mut *tx, &fields, &now).await?;
        // Names only: the audit log is not a second copy of health records.
        let after = json!({ "firstName": fields.first_name, "lastName": fields.last_name });
        self.audit(&mut tx, &now, "patient", id, "created", (None, Some(after))).await?;
        tx.commit().await?;
        self.patient(PatientId(id)).await
    }

    pub async fn update_patient(&self, id: PatientId, draft: PatientDraft) -> Result<Patient> {
        self.allow(crate::domain::Permission::EditPatients)?;
        let fields = self.patient_fields(&draft).await?;
        let now = db::now();
        let mut tx = self.write().await?;
        db::patients::get(&mut *tx, id.0).await?.ok_or(Error::NotFound { entity: "patient", id: id.0 })?;
        db::patients::update(&mut *tx, id.0, &fields, &now).await?;
        self.audit(&mut tx, &now, "patient", id.0, "updated", (None, None)).await?;
        tx.commit().await?;
        self.patient(id).await
    }

    pub(crate) async fn clinic_time_zone(&self) -> Result<jiff::tz::TimeZone> {
        let row = db::clinic::get(&self.db).await?;
        jiff::tz::TimeZone::get(&row.time_zone)
            .map_err(|_| Error::Corrupt(format!("unknown time zone {:?}", row.time_zone)))
    }
}

#[cfg(test)]
mod tests {
    use super::prefix_upper;

    #[test]
    fn prefix_bounds() {
        assert_eq!(prefix_upper("lee"), "lef");
        assert!("lee m" >= "lee" && "lee m" < prefix_upper("lee").as_str());
        assert!("lef" >= prefix_upper("lee").as_str());
        assert_eq!(prefix_upper("041"), "042");
    }
}
