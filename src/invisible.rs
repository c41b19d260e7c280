//! Characters that do not show as what they are: control characters (an
//! escape sequence can erase a line on a terminal and print another in its
//! place), bidirectional overrides and other invisible format characters (a
//! text can then read differently from the characters it holds, the
//! "Trojan Source" class), and line or paragraph separators.
//!
//! One definition serves both sides: the loader refuses such characters in
//! a text field, and human output shows any that still reach it (from an
//! old revision in `pto diff`, a file name, a register line) as a visible
//! escape instead of passing them to the terminal.

use std::borrow::Cow;

use unicode_general_category::{GeneralCategory, get_general_category};

/// Whether `c` is a character that does not show as itself: Unicode
/// category Cc (control), Cf (format: bidi overrides, zero-width
/// characters, the soft hyphen), Zl or Zp (line and paragraph separator).
pub fn is_invisible(c: char) -> bool {
    // ASCII (nearly every character of a case file) without a table lookup:
    // its only invisible characters are the controls.
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    matches!(
        get_general_category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// `U+001B (escape-teken)`: a character named in a Dutch message.
pub fn describe(c: char) -> String {
    let name = match c {
        '\0' => Some("nul-teken"),
        '\t' => Some("tab"),
        '\n' => Some("regeleinde"),
        '\r' => Some("regelterugloop"),
        '\u{1b}' => Some("escape-teken"),
        '\u{7f}' => Some("wisteken"),
        '\u{ad}' => Some("zacht afbreekstreepje"),
        '\u{200b}' => Some("spatie zonder breedte"),
        '\u{200c}' | '\u{200d}' => Some("verbindingsteken zonder breedte"),
        '\u{200e}' | '\u{200f}' | '\u{61c}' => Some("leesrichtingsteken"),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some("teken dat de leesrichting omkeert")
        }
        '\u{2028}' => Some("regelscheiding"),
        '\u{2029}' => Some("alineascheiding"),
        '\u{feff}' => Some("byte-order mark"),
        c if get_general_category(c) == GeneralCategory::Control => Some("stuurteken"),
        _ => None,
    };
    match name {
        Some(name) => format!("{} ({name})", code(c)),
        None => format!("{} (onzichtbaar opmaakteken)", code(c)),
    }
}

/// `U+001B`.
pub fn code(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// `text` with every invisible character made visible, line breaks and tabs
/// included: for a value or a file name on one line of output.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_where(text, is_invisible, false)
}

/// `text` with every invisible character made visible except line breaks
/// and tabs: for a whole text of output, whose own lines must stay lines.
/// The last line of defence: values and file names are escaped with
/// [`escape`] where they are put into the text.
///
/// Safe for JSON output too: serde_json leaves U+007F, C1 controls and
/// format characters raw inside strings, and their escapes here are JSON
/// escapes with the same meaning (a character beyond U+FFFF as its UTF-16
/// pair, `\uDB40\uDC01`), so the document reads back the same.
pub fn escape_output(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && c != '\t' && is_invisible(c), true)
}

/// How an invisible character is shown: as it could be written in a YAML
/// text between double quotes (`\n`, `\t`, `\r`, `\u001B`, `\u202E`,
/// `\U000E0001`), so that the character is plain to see and the text can be
/// read back; with `json`, a character beyond U+FFFF as a UTF-16 pair.
fn escape_where(text: &str, hidden: impl Fn(char) -> bool, json: bool) -> Cow<'_, str> {
    if !text.chars().any(&hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !hidden(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c if json => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bidi_and_zero_width_characters_are_invisible() {
        for c in [
            '\0',
            '\t',
            '\n',
            '\r',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{ad}',
            '\u{200b}',
            '\u{200d}',
            '\u{200e}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{2028}',
            '\u{2029}',
            '\u{2060}',
            '\u{feff}',
            '\u{e0001}',
        ] {
            assert!(is_invisible(c), "{}", code(c));
        }
        for c in ['a', ' ', 'é', 'ĳ', '€', '\u{a0}', '–', '’', '😀'] {
            assert!(!is_invisible(c), "{}", code(c));
        }
    }

    #[test]
    fn escaping_shows_each_invisible_character_as_a_yaml_escape() {
        assert_eq!(escape("Jansen"), Cow::Borrowed("Jansen"));
        assert_eq!(
            escape("huur\u{1b}[2K\r  omzet\n\tx\u{202e}y\u{e0001}"),
            "huur\\u001B[2K\\r  omzet\\n\\tx\\u202Ey\\U000E0001"
        );
        assert_eq!(
            escape_output("a\u{1b}[1A\n\tb\r\n"),
            "a\\u001B[1A\n\tb\\r\n"
        );
    }

    #[test]
    fn escaped_json_reads_back_the_same() {
        let value = "a\u{7f}\u{85}\u{202e}\u{2028}\u{e0001}\u{1b}\n\"\\z";
        let json = serde_json::to_string(&serde_json::json!({ "v": value })).unwrap();
        let escaped = escape_output(&json);
        assert!(!escaped.chars().any(is_invisible), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back["v"], value);
    }

    #[test]
    fn characters_are_named_in_dutch() {
        assert_eq!(describe('\u{1b}'), "U+001B (escape-teken)");
        assert_eq!(
            describe('\u{202e}'),
            "U+202E (teken dat de leesrichting omkeert)"
        );
        assert_eq!(describe('\u{2060}'), "U+2060 (onzichtbaar opmaakteken)");
        assert_eq!(describe('\u{85}'), "U+0085 (stuurteken)");
    }
}
