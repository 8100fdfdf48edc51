//! A real SMTP server for a test: Debian's aiosmtpd (scripts/smtp_server.py)
//! on a loopback port, with a user and password, writing what it accepts to
//! a folder. Stopped by its process id when the test ends. Core's tests
//! include this file too (core/tests/common/mod.rs).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const USER: &str = "frontdesk@harbourside.example";
pub const PASSWORD: &str = "correct horse battery staple";

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let dir = std::env::temp_dir().join(format!("clinicdesk-smtp-{}-{nanos}", std::process::id()));
        let python = if std::path::Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/smtp_server.py");
        let mut child = Command::new(python)
            .arg(script)
            .args(["--dir", dir.to_str().unwrap(), "--user", USER, "--password", PASSWORD])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the test SMTP server (python3-aiosmtpd; scripts/test.sh installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| panic!("the SMTP server did not start: {line:?}"));
        SmtpServer { child, port, dir }
    }

    /// The messages received, oldest first: (envelope JSON, raw message).
    pub fn received(&self) -> Vec<(serde_json::Value, Vec<u8>)> {
        let mut out = Vec::new();
        for n in 1.. {
            let eml = self.dir.join(format!("{n}.eml"));
            if !eml.exists() {
                break;
            }
            let envelope = std::fs::read_to_string(self.dir.join(format!("{n}.json"))).unwrap();
            out.push((serde_json::from_str(&envelope).unwrap(), std::fs::read(eml).unwrap()));
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
