//! The fonts documents are drawn in: Noto Sans (embedded), and for
//! Chinese, Japanese and Korean the operating system's own CJK font. Text is
//! split into runs by font and measured with rustybuzz, the shaper krilla
//! draws with, so widths match what is drawn.

use super::pdf::Weight;
use krilla::text::Font;
use std::sync::OnceLock;

/// A font as krilla draws it and as rustybuzz measures it.
pub(super) struct Face {
    pub(super) font: Font,
    shaper: rustybuzz::Face<'static>,
}

impl Face {
    fn new(data: &'static [u8], index: u32) -> Option<Face> {
        Some(Face { font: Font::new(data.into(), index)?, shaper: rustybuzz::Face::from_slice(data, index)? })
    }

    fn has(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }

    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / self.shaper.units_per_em() as f32
    }
}

pub(super) struct Faces {
    pub(super) regular: Face,
    bold: Face,
}

pub(super) fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Face::new(unpacked(REGULAR), 0).expect("Noto Sans Regular parses"),
        bold: Face::new(unpacked(BOLD), 0).expect("Noto Sans Bold parses"),
    })
}

// Noto Sans, brotli-compressed by build.rs: the binary carries half the
// bytes, and the app unpacks them only once it draws its first document.
static REGULAR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/NotoSans-Regular.ttf.br"));
static BOLD: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/NotoSans-Bold.ttf.br"));

/// Unpacked once (under `faces`' OnceLock) and kept for the app's life, as
/// the embedded bytes were.
fn unpacked(packed: &'static [u8]) -> &'static [u8] {
    use std::io::Read;
    let mut font = Vec::with_capacity(packed.len() * 2);
    brotli_decompressor::Decompressor::new(packed, 64 * 1024)
        .read_to_end(&mut font)
        .expect("the embedded font unpacks");
    Box::leak(font.into_boxed_slice())
}

/// Where the operating system keeps a font for Chinese, Japanese and
/// Korean (Noto Sans has none, and one is 4–20 MB: too big to carry).
fn system_cjk_fonts() -> Vec<(std::path::PathBuf, u32)> {
    let mut found = Vec::new();
    if cfg!(target_os = "linux") {
        // fontconfig names the best font it knows for the language.
        for lang in ["zh-cn", "ja", "ko"] {
            let asked = std::process::Command::new("fc-match")
                .args(["-f", "%{file}\n%{index}", &format!("sans:lang={lang}")])
                .output();
            if let Ok(out) = asked {
                let text = String::from_utf8_lossy(&out.stdout).to_string();
                let mut lines = text.lines();
                if let (Some(file), Some(index)) = (lines.next(), lines.next()) {
                    found.push((file.into(), index.trim().parse().unwrap_or(0)));
                }
            }
        }
    }
    let known: &[&str] = if cfg!(windows) {
        &["C:\\Windows\\Fonts\\msyh.ttc", "C:\\Windows\\Fonts\\simsun.ttc", "C:\\Windows\\Fonts\\meiryo.ttc"]
    } else if cfg!(target_os = "macos") {
        &["/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/Hiragino Sans GB.ttc"]
    } else {
        &[
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        ]
    };
    found.extend(known.iter().map(|p| (std::path::PathBuf::from(p), 0)));
    found
}

/// The system's CJK font, read once, the first time a document needs one.
/// Leaked on purpose: it then lives as long as the app, like the embedded
/// fonts, and nothing reads it twice.
fn fallback() -> Option<&'static Face> {
    static FALLBACK: OnceLock<Option<Face>> = OnceLock::new();
    FALLBACK
        .get_or_init(|| {
            for (path, index) in system_cjk_fonts() {
                let Ok(bytes) = std::fs::read(&path) else { continue };
                let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                if let Some(face) = Face::new(data, index).filter(|f| f.has('中')) {
                    tracing::debug!(font = %path.display(), "CJK text is drawn with this system font");
                    return Some(face);
                }
            }
            tracing::info!("no system font for Chinese, Japanese or Korean was found; such names print as boxes");
            None
        })
        .as_ref()
}

/// `text` split into runs, each in the first font that has its characters:
/// Noto Sans, else the system's CJK font. A space stays in the run it is in.
pub(super) fn runs(text: &str, weight: Weight) -> Vec<(&'static Face, String)> {
    let main = match weight {
        Weight::Regular => &faces().regular,
        Weight::Bold => &faces().bold,
    };
    let mut out: Vec<(&'static Face, String)> = Vec::new();
    for c in text.chars() {
        let face = if c.is_whitespace() {
            out.last().map_or(main, |(f, _)| *f)
        } else if main.has(c) {
            main
        } else {
            fallback().filter(|f| f.has(c)).unwrap_or(main)
        };
        match out.last_mut() {
            Some((f, run)) if std::ptr::eq(*f, face) => run.push(c),
            _ => out.push((face, c.to_string())),
        }
    }
    out
}

/// How wide `text` is at `size` points, shaped as krilla shapes it.
pub fn width(text: &str, size: f32, weight: Weight) -> f32 {
    runs(text, weight).iter().map(|(face, run)| face.width(run, size)).sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_fonts_unpack_to_the_fonts_themselves() {
        assert_eq!(super::unpacked(super::REGULAR), ttf_noto_sans::REGULAR);
        assert_eq!(super::unpacked(super::BOLD), ttf_noto_sans::BOLD);
        assert!(
            super::REGULAR.len() + super::BOLD.len()
                < (ttf_noto_sans::REGULAR.len() + ttf_noto_sans::BOLD.len()) * 3 / 4
        );
    }
}
