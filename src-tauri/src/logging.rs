use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::{fmt, prelude::*};

/// The file writer's guard: dropping it writes out what is queued. Kept
/// here so a panic can flush the log before the process ends.
static FILE_GUARD: Mutex<Option<WorkerGuard>> = Mutex::new(None);

/// Logs to stderr and to a daily file in `log_dir` (kept 14 days), and logs
/// a panic (message and location) before the process ends. `RUST_LOG`
/// chooses what is logged; the default is `info`.
pub fn init(log_dir: &Path) {
    let filter = filter(std::env::var("RUST_LOG").ok().as_deref());
    let file = std::fs::create_dir_all(log_dir).map_err(|e| e.to_string()).and_then(|()| {
        RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix("clinicdesk")
            .filename_suffix("log")
            .max_log_files(14)
            .build(log_dir)
            .map_err(|e| e.to_string())
    });
    // Writes happen on a worker thread, so logging never blocks the window.
    let file_layer = match file {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            *FILE_GUARD.lock().unwrap_or_else(|e| e.into_inner()) = Some(guard);
            // Each command is a debug-level span: at RUST_LOG=debug its end is
            // logged with its (non-private) arguments and how long it took.
            Some(fmt::layer().with_ansi(false).with_span_events(FmtSpan::CLOSE).with_writer(writer))
        }
        Err(e) => {
            eprintln!("clinicdesk: cannot write logs to {}: {e}", log_dir.display());
            None
        }
    };
    let stderr = fmt::layer()
        .with_ansi(std::io::stderr().is_terminal())
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr);
    tracing_subscriber::registry().with(filter).with(stderr).with(file_layer).init();
    install_panic_hook();
}

/// `RUST_LOG` as levels, for all and per target ("debug",
/// "info,clinicdesk_core=debug,sqlx=warn"); `info` when unset or unreadable.
fn filter(rust_log: Option<&str>) -> Targets {
    rust_log
        .and_then(|text| text.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO))
}

/// A panic ends the process (release builds abort): say what and where in
/// the log, then flush the file writer while there is still time.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let location = info.location().map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
        let thread = std::thread::current().name().unwrap_or("unnamed").to_string();
        tracing::error!(%message, %location, %thread, "panic");
        // With unwinding (debug builds) a panic on a worker thread can be
        // caught and the app goes on logging; anywhere else it is the end.
        if cfg!(panic = "abort") || thread == "main" {
            flush();
        }
        previous(info);
    }));
}

/// Writes out everything queued for the log file (file logging stops).
pub fn flush() {
    drop(FILE_GUARD.lock().unwrap_or_else(|e| e.into_inner()).take());
}

#[cfg(test)]
mod tests {
    use super::filter;
    use tracing::Level;

    #[test]
    fn rust_log_sets_the_levels_for_all_and_per_target() {
        let f = filter(Some("warn,clinicdesk_core=debug"));
        assert!(f.would_enable("clinicdesk_core::app", &Level::DEBUG));
        assert!(!f.would_enable("sqlx::query", &Level::INFO));
        assert!(f.would_enable("sqlx::query", &Level::WARN));
        let default = filter(None);
        assert!(default.would_enable("clinicdesk", &Level::INFO) && !default.would_enable("clinicdesk", &Level::DEBUG));
        let unreadable = filter(Some("clinicdesk=loud"));
        assert!(unreadable.would_enable("clinicdesk", &Level::INFO), "an unreadable RUST_LOG logs at info");
    }
}
