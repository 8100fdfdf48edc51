//! Writes a large clinic's data folder (see benches/large_clinic): what
//! scripts/bench.sh starts the app on to time start-up and the day view.
//!   cargo run --release -p clinicdesk-core --example large_clinic -- DIR [OWNER PIN]

#[path = "../benches/large_clinic/mod.rs"]
mod large_clinic;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: large_clinic DIR [OWNER PIN]"));
    let owner = args.next().unwrap_or_else(|| "Olivia Owner".into());
    let pin = args.next().unwrap_or_else(|| "2468".into());
    assert!(!dir.join("clinicdesk.db").exists(), "{} already holds a clinic", dir.display());
    let t = std::time::Instant::now();
    let clinic = large_clinic::seed(&dir, &owner, &pin).await;
    let day = clinic.desk.day_view(Some(clinic.full_day)).await.unwrap();
    let count = day.appointments.len();
    clinic.desk.close().await;
    println!("{}: {count} appointments today, seeded in {:.1} s", dir.display(), t.elapsed().as_secs_f64());
}
