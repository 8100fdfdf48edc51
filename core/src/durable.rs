//! Making a file's bytes survive a power cut before its name says it is whole.

use std::path::Path;

/// Flushes `path` to the disk. Opened for writing, without truncating:
/// Windows refuses to flush a file opened only for reading
/// (`FlushFileBuffers` needs write access), where Linux and macOS allow it.
pub(crate) async fn sync_file(path: &Path) -> std::io::Result<()> {
    tokio::fs::OpenOptions::new().write(true).open(path).await?.sync_all().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("clinicdesk-durable-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[tokio::test]
    async fn a_synced_file_keeps_its_bytes() {
        let dir = folder("kept");
        let path = dir.join("copy.partial");
        std::fs::write(&path, b"whole").unwrap();
        sync_file(&path).await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole", "opened for writing, never truncated");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn a_missing_file_is_an_error_not_a_new_empty_one() {
        let dir = folder("missing");
        let path = dir.join("gone.partial");
        assert!(sync_file(&path).await.is_err());
        assert!(!path.exists(), "syncing never creates the file");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
