//! A small page-layout layer over krilla: text in Noto Sans (embedded and
//! subset), measured with rustybuzz so amounts right-align and long text is
//! cut with an ellipsis, filled rectangles (rules, QR modules), and pages
//! that break by themselves. Layout first records operations per page; the
//! PDF is written at the end.

pub use super::fonts::width;
use super::fonts::{faces, runs};
use crate::error::{Error, Result};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::TextDirection;
use krilla::Document;

pub use clinicdesk_domain::Paper;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Text,
    Muted,
    Accent,
    Rule,
}

impl Ink {
    fn rgb(self) -> rgb::Color {
        match self {
            Ink::Text => rgb::Color::new(0x1f, 0x29, 0x33),
            Ink::Muted => rgb::Color::new(0x5b, 0x67, 0x73),
            Ink::Accent => rgb::Color::new(0x0f, 0x76, 0x6e),
            Ink::Rule => rgb::Color::new(0xd5, 0xdb, 0xe1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// `text` cut to fit `max` points, ending in "…" when it was cut.
pub fn fit(text: &str, size: f32, weight: Weight, max: f32) -> String {
    if width(text, size, weight) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if width(&candidate, size, weight) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo].iter().collect::<String>().trim_end().to_string() + "…"
}

/// `text` broken into lines of at most `max` points, at spaces (a word
/// longer than a line is cut), keeping the line breaks it has.
pub fn wrap(text: &str, size: f32, weight: Weight, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if width(&candidate, size, weight) <= max {
                line = candidate;
            } else {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = fit(word, size, weight, max);
            }
        }
        lines.push(line);
    }
    lines
}

#[derive(Debug, Clone)]
enum Op {
    Text { x: f32, y: f32, size: f32, weight: Weight, ink: Ink, text: String },
    Rects { ink: Ink, rects: Vec<(f32, f32, f32, f32)> },
}

/// A document being laid out: a cursor `y` (points from the top) that moves
/// down, and a new page whenever what comes next would not fit.
pub struct Sheet {
    paper: Paper,
    pub margin: f32,
    pub y: f32,
    pages: Vec<Vec<Op>>,
    /// Drawn at the top of every page after the first (a table's header).
    title: String,
}

impl Sheet {
    pub fn new(paper: Paper, title: &str) -> Sheet {
        Sheet { paper, margin: 50.0, y: 50.0, pages: vec![Vec::new()], title: title.to_string() }
    }

    pub fn left(&self) -> f32 {
        self.margin
    }

    pub fn right(&self) -> f32 {
        self.paper.size().0 - self.margin
    }

    pub fn content_width(&self) -> f32 {
        self.right() - self.left()
    }

    fn bottom(&self) -> f32 {
        self.paper.size().1 - self.margin
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Starts a new page when `height` points more would not fit.
    pub fn need(&mut self, height: f32) {
        if self.y + height > self.bottom() {
            self.pages.push(Vec::new());
            self.y = self.margin;
            let title = self.title.clone();
            self.text(self.left(), 8.0, Weight::Regular, Ink::Muted, &title);
            self.y += 18.0;
        }
    }

    /// Text with its baseline at the cursor.
    pub fn text(&mut self, x: f32, size: f32, weight: Weight, ink: Ink, text: &str) {
        let y = self.y;
        self.push(Op::Text { x, y, size, weight, ink, text: text.to_string() });
    }

    /// Text ending at `right`.
    pub fn text_right(&mut self, right: f32, size: f32, weight: Weight, ink: Ink, text: &str) {
        let x = right - width(text, size, weight);
        self.text(x, size, weight, ink, text);
    }

    /// Text cut to `max` points.
    pub fn text_fit(&mut self, x: f32, max: f32, size: f32, weight: Weight, ink: Ink, text: &str) {
        let fitted = fit(text, size, weight, max);
        self.text(x, size, weight, ink, &fitted);
    }

    /// A paragraph wrapped to `max` points, moving the cursor down.
    pub fn paragraph(&mut self, x: f32, max: f32, size: f32, ink: Ink, text: &str) {
        for line in wrap(text, size, Weight::Regular, max) {
            self.need(size * 1.4);
            self.text(x, size, Weight::Regular, ink, &line);
            self.y += size * 1.4;
        }
    }

    /// A horizontal rule under the cursor.
    pub fn rule(&mut self, thickness: f32) {
        let (x, y, w) = (self.left(), self.y, self.content_width());
        self.push(Op::Rects { ink: Ink::Rule, rects: vec![(x, y, w, thickness)] });
    }

    /// A QR code's dark modules as squares, its top-left at (`x`, cursor).
    pub fn qr(&mut self, code: &qrcode::QrCode, x: f32, size: f32) {
        let n = code.width();
        let module = size / n as f32;
        let y = self.y;
        let rects = code
            .to_colors()
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == qrcode::Color::Dark)
            .map(|(i, _)| (x + (i % n) as f32 * module, y + (i / n) as f32 * module, module, module))
            .collect();
        self.push(Op::Rects { ink: Ink::Text, rects });
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The PDF's bytes.
    pub fn finish(self, title: &str, author: &str) -> Result<Vec<u8>> {
        let bad = |what: &str| Error::Corrupt(format!("PDF: {what}"));
        let regular = faces().regular.font.clone();
        let (w, h) = self.paper.size();
        let mut doc = Document::new();
        doc.set_metadata(Metadata::new().title(title.to_string()).authors(vec![author.to_string()]));
        let total = self.pages.len();
        for (number, ops) in self.pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(w, h).ok_or_else(|| bad("the paper size"))?;
            let mut page = doc.start_page_with(settings);
            let mut surface = page.surface();
            for op in ops {
                match op {
                    Op::Text { x, y, size, weight, ink, text } => {
                        surface.set_fill(Some(Fill { paint: ink.rgb().into(), ..Default::default() }));
                        let mut x = x;
                        for (face, run) in runs(&text, weight) {
                            let font = face.font.clone();
                            surface.draw_text(Point::from_xy(x, y), font, size, &run, false, TextDirection::Auto);
                            x += face.width(&run, size);
                        }
                    }
                    Op::Rects { ink, rects } => {
                        let mut path = PathBuilder::new();
                        for (x, y, w, h) in rects {
                            if let Some(r) = Rect::from_xywh(x, y, w, h) {
                                path.push_rect(r);
                            }
                        }
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(Fill { paint: ink.rgb().into(), ..Default::default() }));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            if total > 1 {
                let label = format!("Page {} of {total}", number + 1);
                surface.set_fill(Some(Fill { paint: Ink::Muted.rgb().into(), ..Default::default() }));
                let x = w - 50.0 - width(&label, 8.0, Weight::Regular);
                surface.draw_text(
                    Point::from_xy(x, h - 28.0),
                    regular.clone(),
                    8.0,
                    &label,
                    false,
                    TextDirection::Auto,
                );
            }
            surface.finish();
            page.finish();
        }
        doc.finish().map_err(|e| Error::Corrupt(format!("PDF: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_cut_and_wrapped() {
        let w = width("A$120.00", 10.0, Weight::Regular);
        assert!(w > 30.0 && w < 60.0, "{w}");
        assert!(width("A$120.00", 10.0, Weight::Bold) > w, "bold is wider");
        let cut = fit("Initial consultation with a very long name indeed", 10.0, Weight::Regular, 100.0);
        assert!(cut.ends_with('…') && width(&cut, 10.0, Weight::Regular) <= 100.0, "{cut}");
        assert_eq!(fit("Short", 10.0, Weight::Regular, 100.0), "Short");
        let lines = wrap(
            "Bank: Harbour Bank\nBSB 062-000 Account 1234 5678, pay within fourteen days",
            10.0,
            Weight::Regular,
            120.0,
        );
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines[0], "Bank: Harbour Bank");
        assert!(lines.iter().all(|l| width(l, 10.0, Weight::Regular) <= 120.0), "{lines:?}");
    }

    #[test]
    fn a_long_document_breaks_into_pages() {
        let mut sheet = Sheet::new(Paper::Letter, "Report");
        for i in 0..120 {
            sheet.need(14.0);
            sheet.text(sheet.left(), 10.0, Weight::Regular, Ink::Text, &format!("Line {i} — Ωμέγα Zoë"));
            sheet.y += 14.0;
        }
        assert!(sheet.page_count() >= 3);
        let pdf = sheet.finish("Report", "Clinic").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 200_000, "the font is subset: {} bytes", pdf.len());
    }
}
