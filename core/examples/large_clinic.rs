//! Writes a large clinic's data folder (see benches/large_clinic): what
//! scripts/bench.sh starts the app on to time start-up and the day view.
//!   cargo run --release -p clinicdesk-core --example large_clinic -- DIR [OWNER PIN]
//! With --empty: an empty clinic instead (its owner, nothing else), as a
//! clinic's data folder is on any morning after the first.

#[path = "../benches/large_clinic/mod.rs"]
mod large_clinic;

#[tokio::main]
async fn main() {
    let empty = std::env::args().any(|a| a == "--empty");
    let mut args = std::env::args().skip(1).filter(|a| a != "--empty");
    let dir = std::path::PathBuf::from(args.next().expect("usage: large_clinic DIR [OWNER PIN]"));
    let owner = args.next().unwrap_or_else(|| "Olivia Owner".into());
    let pin = args.next().unwrap_or_else(|| "2468".into());
    assert!(!dir.join("clinicdesk.db").exists(), "{} already holds a clinic", dir.display());
    let t = std::time::Instant::now();
    if empty {
        let desk = clinicdesk_core::Clinicdesk::open(&dir).await.unwrap();
        desk.create_owner(&owner, &pin).await.unwrap();
        desk.close().await;
        println!("{}: an empty clinic, made in {:.1} s", dir.display(), t.elapsed().as_secs_f64());
        return;
    }
    let clinic = large_clinic::seed(&dir, &owner, &pin).await;
    let day = clinic.desk.day_view(Some(clinic.full_day)).await.unwrap();
    let count = day.appointments.len();
    clinic.desk.close().await;
    println!("{}: {count} appointments today, seeded in {:.1} s", dir.display(), t.elapsed().as_secs_f64());
}
