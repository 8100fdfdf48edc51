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
const AGAIN: usize = 3;
/// How long a person looks at a day before switching again (the days either
/// side are read ahead in that time; see ui/js/views/days-ahead.js).
const LOOK: std::time::Duration = std::time::Duration::from_millis(600);

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

/// The measures named `name` so far: milliseconds, the appointments drawn,
/// and the parts (asking core, building the page, laying it out; the rest
/// until painted).
async fn measures(app: &clinicdesk_e2e::App, name: &str) -> Vec<(f64, u64, [f64; 3])> {
    let got = app
        .eval(
            "return performance.getEntriesByName(arguments[0], 'measure')
               .map(m => [m.duration, m.detail.appointments, m.detail.ask, m.detail.build, m.detail.layout]);",
            vec![json!(name)],
        )
        .await;
    let f = |v: &serde_json::Value| v.as_f64().unwrap();
    got.as_array().unwrap().iter().map(|m| (f(&m[0]), m[1].as_u64().unwrap(), [f(&m[2]), f(&m[3]), f(&m[4])])).collect()
}

async fn wait_for_count(app: &clinicdesk_e2e::App, name: &str, n: usize) -> Vec<(f64, u64, [f64; 3])> {
    for _ in 0..400 {
        let got = measures(app, name).await;
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the page never recorded {n} {name} measures");
}

fn summary(name: &str, samples: Vec<(f64, u64, [f64; 3])>, target: f64) {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let parts: Vec<f64> = (0..3).map(|i| median(samples.iter().map(|s| s.2[i]).collect())).collect();
    let mut ms: Vec<f64> = samples.iter().map(|s| s.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name}: median {:.1} ms, p95 {:.1} ms, max {:.1} ms (n = {}; target ≤ {target} ms)\n    \
         parts (medians): asking core {:.1} ms, building the page {:.1} ms, laying it out {:.1} ms, the rest until painted",
        at(0.5),
        at(0.95),
        ms[ms.len() - 1],
        ms.len(),
        parts[0],
        parts[1],
        parts[2],
    );
}

#[tokio::main]
async fn main() {
    // cargo bench adds "--bench" to our arguments.
    let template =
        PathBuf::from(std::env::args().skip(1).find(|a| !a.starts_with("--")).expect("usage: window DATA_TEMPLATE"));
    assert!(template.join("clinicdesk.db").exists(), "{} holds no clinic", template.display());
    let (mut opens, mut again, mut switches, mut rapid) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut kept = 0;
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
        opens.push(open[0]);
        // As a person does: a look at the day, then the next click. The
        // rapid clicks after them come as soon as the last day is painted,
        // while the days either side may still be on their way.
        for i in 0..2 * SWITCHES {
            if i < SWITCHES {
                tokio::time::sleep(LOOK).await;
            }
            let button = if i % 2 == 0 { "next-day" } else { "prev-day" };
            app.click(&app.css(&format!("[data-testid='{button}']")).await).await;
            let got = wait_for_count(&app, "day-view-switch", i + 1).await;
            assert!(got[i].1 >= 800, "the day switched to should hold 800 appointments, drew {}", got[i].1);
        }
        let all = measures(&app, "day-view-switch").await;
        let from_kept = app
            .eval("return performance.getEntriesByName('day-view-switch', 'measure').filter((m) => m.detail.kept).length;", vec![])
            .await;
        kept += from_kept.as_u64().unwrap() as usize;
        switches.extend(all[..SWITCHES].iter().copied());
        rapid.extend(all[SWITCHES..].iter().copied());
        if run == 0 {
            app.screenshot("bench-full-day").await;
        }
        // Back from another page, as a receptionist comes back all day.
        for i in 0..AGAIN {
            app.click(&app.css("[data-nav='patients']").await).await;
            app.wait_for_css("[data-testid='patients-search']").await;
            tokio::time::sleep(LOOK).await;
            app.click(&app.css("[data-nav='front-desk']").await).await;
            let got = wait_for_count(&app, "day-view-open", i + 2).await;
            assert!(got[i + 1].1 >= 800, "the day opened again should hold 800 appointments, drew {}", got[i + 1].1);
            tokio::time::sleep(LOOK).await;
        }
        again.extend(measures(&app, "day-view-open").await[1..].iter().copied());
        app.quit().await;
        drop(driver);
        let _ = std::fs::remove_dir_all(&data);
    }
    let renderer = if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_some() {
        "WebKit's shared-memory renderer"
    } else {
        "WebKit's DMA-BUF renderer"
    };
    println!("front desk day view in the window, 20 practitioners × 40 appointments ({renderer}):");
    summary("  open (ask → painted)", opens, 50.0);
    summary("  open again, from another page", again, 50.0);
    let total = switches.len() + rapid.len();
    summary("  switch day (click → painted)", switches, 100.0);
    summary("  switch day, clicked again at once", rapid, 100.0);
    println!("  switches drawn from a day read ahead: {kept} of {total}");
}
