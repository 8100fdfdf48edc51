//! The PostgreSQL twins of the practitioners, patients, opening hours and
//! concessions tables, on a real server: the same answers SQLite gives,
//! in the same order.

mod common;

use clinicdesk_domain::rows::patients::PatientFields;
use clinicdesk_store_postgres::db::{concessions, opening_hours, patients, practitioners};

const NOW: &str = "2026-12-03T08:00:00.000Z";

fn fields<'a>(first: &'a str, last: &'a str, email: &'a str, phone: &'a str) -> PatientFields<'a> {
    PatientFields {
        first_name: first,
        last_name: last,
        email,
        phone,
        date_of_birth: None,
        notes: "",
        name_key: format!("{} {}", first.to_lowercase(), last.to_lowercase()),
        rname_key: format!("{} {}", last.to_lowercase(), first.to_lowercase()),
        email_key: email.to_lowercase(),
        phone_digits: phone.chars().filter(char::is_ascii_digit).collect(),
    }
}

#[tokio::test]
async fn practitioners_are_listed_active_first_in_their_order() {
    let (_, db) = common::server().migrated().await;
    let mia = practitioners::insert(&db, "Dr Mia Lee", "dr mia lee", NOW).await.unwrap();
    let tom = practitioners::insert(&db, "Tom Reid", "tom reid", NOW).await.unwrap();
    let ana = practitioners::insert(&db, "Ana Cruz", "ana cruz", NOW).await.unwrap();
    practitioners::set_active(&db, tom, false, NOW).await.unwrap();
    practitioners::rename(&db, ana, "Dr Ana Cruz", "dr ana cruz", NOW).await.unwrap();
    practitioners::set_provider_number(&db, mia, Some("1234567A"), NOW).await.unwrap();

    let active = practitioners::list(&db, false).await.unwrap();
    assert_eq!(active.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Dr Mia Lee", "Dr Ana Cruz"]);
    let all = practitioners::list(&db, true).await.unwrap();
    assert_eq!(all.iter().map(|p| (p.id, p.active)).collect::<Vec<_>>(), [(mia, true), (ana, true), (tom, false)]);
    let got = practitioners::get(&db, mia).await.unwrap().unwrap();
    assert_eq!(got.provider_number.as_deref(), Some("1234567A"));
    // Two active practitioners can't share a name; an inactive one can.
    assert!(practitioners::insert(&db, "Dr Mia Lee", "dr mia lee", NOW).await.is_err());
    practitioners::insert(&db, "Tom Reid", "tom reid", NOW).await.unwrap();
}

#[tokio::test]
async fn patients_are_found_by_last_name_then_first_by_email_and_by_phone() {
    let (_, db) = common::server().migrated().await;
    let taylor = patients::insert(&db, &fields("Sam", "Taylor", "sam@example.com", "0412 345 678"), NOW).await.unwrap();
    let tayla = patients::insert(&db, &fields("Tayla", "Ng", "TAYLA@example.com", "0299 000 111"), NOW).await.unwrap();
    let zoe = patients::insert(&db, &fields("Zoë", "Tan", "zoe@example.com", ""), NOW).await.unwrap();
    let mut changed = fields("Sam", "Taylor", "sam.t@example.com", "0412 345 678");
    changed.notes = "Prefers mornings";
    patients::update(&db, taylor, &changed, NOW).await.unwrap();
    let row = patients::get(&db, taylor).await.unwrap().unwrap();
    assert_eq!((row.email.as_str(), row.notes.as_str()), ("sam.t@example.com", "Prefers mornings"));

    // "ta": last names first (Tan, Taylor), then first names (Tayla).
    let ids = |rows: Vec<clinicdesk_domain::rows::patients::PatientRow>| rows.iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(ids(patients::search_names(&db, "ta", "tb", 10, 0).await.unwrap()), [zoe, taylor, tayla]);
    assert_eq!(ids(patients::search_names(&db, "ta", "tb", 2, 1).await.unwrap()), [taylor, tayla], "a page");
    // Code point order, as SQLite: "zoë" is after "zoe" and "zz" bounds it.
    assert_eq!(ids(patients::search_names(&db, "zo", "zp", 10, 0).await.unwrap()), [zoe]);
    assert_eq!(ids(patients::search_email(&db, "tayla", "taylb", 10, 0).await.unwrap()), [tayla]);
    assert_eq!(ids(patients::search_phone(&db, "0412", "0413", 10, 0).await.unwrap()), [taylor]);
    assert!(
        patients::search_phone(&db, "", "\u{10ffff}", 10, 0).await.unwrap().iter().all(|p| p.id != zoe),
        "no phone"
    );
    assert_eq!(ids(patients::list(&db, 2, 0).await.unwrap()), [tayla, zoe], "by last name, a page");
}

#[tokio::test]
async fn opening_hours_and_concessions_read_back_as_written() {
    let (_, db) = common::server().migrated().await;
    assert_eq!(opening_hours::all(&db).await.unwrap().len(), 5, "a new clinic's Monday to Friday");
    let mut tx = db.begin().await.unwrap();
    opening_hours::clear(&mut *tx).await.unwrap();
    opening_hours::insert(&mut *tx, 6, 540, 720).await.unwrap();
    tx.commit().await.unwrap();
    let hours = opening_hours::all(&db).await.unwrap();
    assert_eq!(hours.iter().map(|h| (h.weekday, h.opens_min, h.closes_min)).collect::<Vec<_>>(), [(6, 540, 720)]);
    assert!(opening_hours::insert(&db, 7, 600, 540).await.is_err(), "closing before opening");

    let pension = concessions::insert(&db, "Pensioner", "pensioner", 20, NOW).await.unwrap();
    let student = concessions::insert(&db, "Student", "student", 10, NOW).await.unwrap();
    assert_eq!(concessions::set_archived(&db, student, true, NOW).await.unwrap(), 1);
    assert_eq!(concessions::list(&db, false).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [pension]);
    assert_eq!(concessions::list(&db, true).await.unwrap().len(), 2);
    let got = concessions::get(&db, student).await.unwrap().unwrap();
    assert_eq!((got.name.as_str(), got.percent, got.archived), ("Student", 10, true));
    // An archived name is free again.
    concessions::insert(&db, "Student", "student", 15, NOW).await.unwrap();
}
