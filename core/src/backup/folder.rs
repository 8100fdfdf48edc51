//! The backup folder as the owner types it: an absolute path to a folder
//! that exists (another disk, a USB stick, a synced folder). Whether it can
//! be written is checked when it is saved.

use crate::error::{Error, Invalid};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BackupFolderForm {
    /// Empty: back to the data folder's backups/.
    pub folder: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFolder(pub Option<PathBuf>);

impl TryFrom<&str> for BackupFolder {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(BackupFolder(None));
        }
        if text.chars().any(char::is_control) || text.chars().count() > 4096 {
            return Err(Invalid::new("invalid_folder", "Enter the folder's full path, on one line."));
        }
        let path = PathBuf::from(text);
        if !path.is_absolute() {
            return Err(Invalid::new(
                "not_absolute",
                "Enter the folder's full path, e.g. /media/usb/clinic-backups or D:\\Backups.",
            ));
        }
        if !path.is_dir() {
            return Err(Invalid::new(
                "folder_missing",
                "There is no such folder. Plug in the disk, or create the folder first.",
            ));
        }
        Ok(BackupFolder(Some(path)))
    }
}

impl TryFrom<BackupFolderForm> for BackupFolder {
    type Error = Error;
    fn try_from(form: BackupFolderForm) -> Result<Self, Error> {
        BackupFolder::try_from(form.folder.as_str()).map_err(|e| Error::Validation(vec![e.at("folder")]))
    }
}
