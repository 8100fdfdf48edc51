//! What a name or a note may contain. Names are shown in lists, on the
//! calendar, on receipts and invoices and in Stripe: a control character
//! breaks a line or hides text, and a Unicode bidirectional override or
//! isolate makes a name display reversed (U+202E before "redrO" shows "Order") or
//! mixed with what follows it. Notes may hold line breaks and tabs, never a
//! NUL (which C strings, logs and some printers cut at).

use crate::Invalid;

/// Unicode's explicit direction controls: the embeddings and overrides
/// (U+202A–U+202E), the isolates (U+2066–U+2069) and the marks (LRM, RLM,
/// ALM), plus the line and paragraph separators and the byte-order mark.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// A character a one-line name must not contain.
pub fn unsafe_in_name(c: char) -> bool {
    c.is_control() || is_direction_control(c)
}

/// Refuses a name with control characters or direction controls.
pub fn check_name(text: &str) -> Result<(), Invalid> {
    if text.chars().any(char::is_control) {
        return Err(Invalid::new("invalid_characters", "Remove line breaks, tabs and other invisible characters."));
    }
    if text.chars().any(is_direction_control) {
        return Err(Invalid::new(
            "invalid_characters",
            "Remove the invisible text-direction characters: they make a name display out of order.",
        ));
    }
    Ok(())
}

/// Refuses a note with a NUL or a direction override (line breaks and tabs
/// are fine).
pub fn check_note(text: &str) -> Result<(), Invalid> {
    if text.contains('\0') || text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(Invalid::new("invalid_characters", "Remove the invisible characters from the text."));
    }
    if text.chars().any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')) {
        return Err(Invalid::new(
            "invalid_characters",
            "Remove the invisible text-direction characters: they make text display out of order.",
        ));
    }
    Ok(())
}

/// Strings that have broken apps before: NULs, line breaks, tabs, C1
/// controls, direction overrides and isolates, separators, a BOM.
pub const HOSTILE: &[&str] = &[
    "\0",
    "Ann\0e",
    "Sam\tTaylor",
    "Line\nbreak",
    "Carriage\rreturn",
    "Bell\u{7}",
    "Del\u{7f}",
    "Next\u{85}line",
    "\u{202E}redrO",
    "Mia \u{202D}Lee",
    "A\u{2066}B\u{2069}",
    "\u{2067}Ahmed",
    "Rtl\u{200F}mark",
    "Line\u{2028}separator",
    "\u{FEFF}Bob",
    "Escape\u{1b}[31m",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_refused_and_real_ones_kept() {
        for s in HOSTILE {
            assert!(check_name(s).is_err(), "{s:?} should be refused");
        }
        for s in ["Zoë Παπαδοπούλου", "小明 王", "محمد علي", "O'Brien-Smith", "Dr Mia Lee"] {
            assert!(check_name(s).is_ok(), "{s:?} is a real name");
        }
        assert!(check_note("Knee pain\nsince May\tright side").is_ok());
        assert!(check_note("a\0b").is_err());
        assert!(check_note("\u{202E}x").is_err());
    }
}
