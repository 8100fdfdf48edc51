use std::io::IsTerminal;
use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Logs to stderr and to a daily file in `log_dir` (kept 14 days).
/// `RUST_LOG` chooses what is logged; the default is `info`.
pub fn init(log_dir: &Path) -> WorkerGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let file = std::fs::create_dir_all(log_dir).map_err(|e| e.to_string()).and_then(|()| {
        RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix("clinicdesk")
            .filename_suffix("log")
            .max_log_files(14)
            .build(log_dir)
            .map_err(|e| e.to_string())
    });
    let (file_layer, guard) = match file {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (Some(fmt::layer().with_ansi(false).with_writer(writer)), guard)
        }
        Err(e) => {
            eprintln!("clinicdesk: cannot write logs to {}: {e}", log_dir.display());
            (None, tracing_appender::non_blocking(std::io::sink()).1)
        }
    };
    let stderr = fmt::layer().with_ansi(std::io::stderr().is_terminal()).with_writer(std::io::stderr);
    tracing_subscriber::registry().with(filter).with(stderr).with(file_layer).init();
    guard
}
