//! Where the clinic database may live. SQLite's locking and its WAL (shared
//! memory beside the file) are not safe on a network file system: two
//! computers, or one computer through a flaky share, can corrupt the file
//! (https://www.sqlite.org/useovernet.html). So a data folder on NFS,
//! SMB/CIFS and the like is refused before anything is opened or created.
//! The probe is a seam, so tests can play a network share.

use crate::error::{Error, Result};
use std::path::Path;

/// What kind of file system holds a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsKind {
    Local,
    /// A network file system, by name ("NFS", "SMB/CIFS").
    Network(String),
    /// The system couldn't say (the folder is then allowed).
    Unknown,
}

pub trait FsProbe: Send + Sync {
    fn kind(&self, dir: &Path) -> FsKind;
}

/// Asks the operating system.
pub struct SystemProbe;

impl FsProbe for SystemProbe {
    fn kind(&self, dir: &Path) -> FsKind {
        probe(dir)
    }
}

/// Linux: the file system's magic number (statfs(2), linux/magic.h).
#[cfg(target_os = "linux")]
fn probe(dir: &Path) -> FsKind {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return FsKind::Unknown };
    // SAFETY: statfs writes into the zeroed struct we own; the path is a
    // valid NUL-terminated string that outlives the call.
    let mut stat: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(path.as_ptr(), &mut stat) } != 0 {
        return FsKind::Unknown;
    }
    // f_type's width differs between platforms; the magic numbers are 32-bit.
    match stat.f_type as u32 {
        0x6969 => FsKind::Network("NFS".into()),
        0x517B => FsKind::Network("SMB".into()),
        0xFF53_4D42 | 0xFE53_4D42 => FsKind::Network("SMB/CIFS".into()),
        0x564C => FsKind::Network("NetWare".into()),
        0x0102_1997 => FsKind::Network("9P".into()),
        0x00C3_6400 => FsKind::Network("Ceph".into()),
        0x5346_414F => FsKind::Network("AFS".into()),
        0x7375_7245 => FsKind::Network("Coda".into()),
        _ => FsKind::Local,
    }
}

/// macOS: statfs says whether the mount is local.
#[cfg(target_os = "macos")]
fn probe(dir: &Path) -> FsKind {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return FsKind::Unknown };
    // SAFETY: as above.
    let mut stat: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(path.as_ptr(), &mut stat) } != 0 {
        return FsKind::Unknown;
    }
    if stat.f_flags & (libc::MNT_LOCAL as u32) != 0 {
        return FsKind::Local;
    }
    let name: Vec<u8> = stat.f_fstypename.iter().take_while(|c| **c != 0).map(|c| *c as u8).collect();
    FsKind::Network(String::from_utf8_lossy(&name).to_uppercase())
}

/// Windows: a UNC path (\\server\share) is a network share. (A share mapped
/// to a drive letter is not recognised here; the README says to keep the
/// data on the workstation's own disk.)
#[cfg(windows)]
fn probe(dir: &Path) -> FsKind {
    let text = dir.as_os_str().to_string_lossy();
    let unc = text.starts_with(r"\\") && !text.starts_with(r"\\?\") || text.starts_with(r"\\?\UNC\");
    if unc {
        FsKind::Network("SMB".into())
    } else {
        FsKind::Local
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn probe(_dir: &Path) -> FsKind {
    FsKind::Unknown
}

/// Refuses a data folder on a network file system, saying why.
pub fn refuse_network(dir: &Path, probe: &dyn FsProbe) -> Result<()> {
    match probe.kind(dir) {
        FsKind::Network(kind) => Err(Error::Refused {
            code: "network_filesystem",
            message: format!(
                "The data folder {} is on a network share ({kind}). Clinicdesk keeps the clinic's data on this \
                 computer's own disk: the database can be damaged on a shared folder. Choose a folder on this \
                 computer (CLINICDESK_DATA_DIR) and keep backups on the share instead.",
                dir.display()
            ),
        }),
        FsKind::Local | FsKind::Unknown => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machines_temp_folder_is_local() {
        assert_eq!(SystemProbe.kind(&std::env::temp_dir()), FsKind::Local);
    }
}
