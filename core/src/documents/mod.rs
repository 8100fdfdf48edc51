//! Documents for patients and the accountant, as PDF: a receipt for any
//! payment, invoices, and the end-of-day report. Made in Rust with krilla (see pdf.rs).

mod day_report;
mod fonts;
mod invoice;
pub mod pdf;
mod receipt;
pub mod words;

pub use receipt::receipt_number;

/// A made document: its file name and bytes.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Pdf {
    /// Writes the PDF into `folder` (the Downloads folder), replacing one of
    /// the same name; written beside and renamed, so a reader never opens
    /// half a file.
    pub async fn save_in(&self, folder: &std::path::Path) -> crate::error::Result<std::path::PathBuf> {
        tokio::fs::create_dir_all(folder).await?;
        let path = folder.join(&self.file_name);
        let partial = path.with_extension("pdf.partial");
        tokio::fs::write(&partial, &self.bytes).await?;
        tokio::fs::rename(&partial, &path).await?;
        Ok(path)
    }
}
