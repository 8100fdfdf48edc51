//! The front desk's day view as a person waits for it, in the real window:
//! from asking for the day until the browser has painted it (the page's own
//! `performance.measure` entries, read through WebDriver). Run by
//! scripts/bench.sh on a large clinic's data folder (20 practitioners with
//! 40 appointments each today and tomorrow; see core/benches/large_clinic):
//!   CLINICDESK_E2E_APP=target/release/clinicdesk cargo bench -p clinicdesk-e2e --bench window -- DATA_TEMPLATE

use clinicdesk_e2e::Driver;
use serde_json::json;
use std::path::{Path, PathBuf};

const LAUNCHES: usize = 3;
const SWITCHES: usize = 10;

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The measures named `name` so far, in milliseconds, and the appointments
/// each drew.
async fn measures(app: &clinicdesk_e2e::App, name: &str) -> Vec<(f64, u64)> {
    let got = app
        .eval(
            "return performance.getEntriesByName(arguments[0], 'measure').map(m => [m.duration, m.detail.appointments]);",
            vec![json!(name)],
        )
        .await;
    got.as_array().unwrap().iter().map(|m| (m[0].as_f64().unwrap(), m[1].as_u64().unwrap())).collect()
}

async fn wait_for_count(app: &clinicdesk_e2e::App, name: &str, n: usize) -> Vec<(f64, u64)> {
    for _ in 0..400 {
        let got = measures(app, name).await;
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the page never recorded {n} {name} measures");
}

fn summary(name: &str, mut ms: Vec<f64>, target: f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name}: median {:.1} ms, p95 {:.1} ms, max {:.1} ms (n = {}; target ≤ {target} ms)",
        at(0.5),
        at(0.95),
        ms[ms.len() - 1],
        ms.len()
    );
}

#[tokio::main]
async fn main() {
    // cargo bench passes "--bench" first; the template is the last argument.
    let template = PathBuf::from(std::env::args().next_back().expect("usage: window DATA_TEMPLATE"));
    assert!(template.join("clinicdesk.db").exists(), "{} holds no clinic", template.display());
    let (mut opens, mut switches) = (Vec::new(), Vec::new());
    for run in 0..LAUNCHES {
        let data = std::env::temp_dir().join(format!("clinicdesk-window-bench-{run}"));
        copy_dir(&template, &data);
        let driver = Driver::start(&data);
        let app = driver.launch().await;
        // After signing in the window opens on the front desk (the link is
        // for a clinic whose last page was another).
        app.click(&app.css("[data-nav='front-desk']").await).await;
        app.wait_for_css("[data-testid='front-desk']").await;
        let open = wait_for_count(&app, "day-view-open", 1).await;
        assert!(open[0].1 >= 800, "today should hold 800 appointments, drew {}", open[0].1);
        opens.push(open[0].0);
        for i in 0..SWITCHES {
            let button = if i % 2 == 0 { "next-day" } else { "prev-day" };
            app.click(&app.css(&format!("[data-testid='{button}']")).await).await;
            let got = wait_for_count(&app, "day-view-switch", i + 1).await;
            assert!(got[i].1 >= 800, "the day switched to should hold 800 appointments, drew {}", got[i].1);
        }
        switches.extend(measures(&app, "day-view-switch").await.into_iter().map(|m| m.0));
        if run == 0 {
            app.screenshot("bench-full-day").await;
        }
        app.quit().await;
        drop(driver);
        let _ = std::fs::remove_dir_all(&data);
    }
    println!("front desk day view in the window, 20 practitioners × 40 appointments:");
    summary("  open (ask → painted)", opens, 50.0);
    summary("  switch day (click → painted)", switches, 100.0);
}
