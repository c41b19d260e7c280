//! Diagnostics: where in a case file something is, and how we show it.
//!
//! Input errors and findings are values (a file, a span, a Dutch message); the
//! command line renders them the way rustc and typst do: `file:line:column`,
//! the source line, and a marker under the value.

use std::fmt::Write as _;

use serde::Serialize;

use crate::invisible::{escape, is_invisible};

/// A place in a source file: 1-based line and column (in characters), and the
/// byte range of the value, for the marker under it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    #[serde(skip)]
    pub start: u32,
    #[serde(skip)]
    pub end: u32,
}

impl Span {
    /// The start of a file: used where no better place is known.
    pub const START: Span = Span {
        line: 1,
        column: 1,
        start: 0,
        end: 0,
    };

    pub fn new(line: u32, column: u32, start: u32, end: u32) -> Span {
        Span {
            line,
            column,
            start,
            end,
        }
    }
}

/// A value together with where it stood in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Sp<T> {
        Sp { value, span }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// An error in the input: the file cannot be read as a case file (or as
/// settings, or as a template). Reported with exit status 2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    pub file: String,
    pub message: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl InputError {
    pub fn at(file: impl Into<String>, span: Span, message: impl Into<String>) -> InputError {
        InputError {
            file: file.into(),
            message: message.into(),
            span: Some(span),
        }
    }

    pub fn file(file: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            file: file.into(),
            message: message.into(),
            span: None,
        }
    }
}

/// How serious a diagnostic is, in the words legal staff use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn dutch(self) -> &'static str {
        match self {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
            Severity::Info => "toelichting",
        }
    }
}

/// One diagnostic, ready to be shown to a person.
pub struct Report<'a> {
    pub label: &'a str,
    pub code: Option<&'a str>,
    pub message: &'a str,
    pub file: &'a str,
    pub span: Option<Span>,
    pub source: Option<&'a str>,
    pub notes: &'a [String],
}

impl Report<'_> {
    /// Renders the report as plain text:
    ///
    /// ```text
    /// fout[art5.1]: In 2024 hebt u 1.260 uur gewerkt; ...
    ///   --> case-files/jansen.yaml:42:18
    ///    |
    /// 42 |     uren_direct: 180
    ///    |                  ^^^
    /// ```
    ///
    /// The file name, the message, the source line and the notes may hold
    /// what a case file or a file name holds: every invisible character is
    /// shown escaped (`\u001B`), never passed on to the terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let file = escape(self.file);
        let message = escape(self.message);
        match self.code {
            Some(code) => _ = writeln!(out, "{}[{}]: {message}", self.label, code),
            None => _ = writeln!(out, "{}: {message}", self.label),
        }
        let Some(span) = self.span else {
            _ = writeln!(out, "  --> {file}");
            for note in self.notes {
                _ = writeln!(out, "   = {}", escape(note));
            }
            return out;
        };
        _ = writeln!(out, "  --> {file}:{}:{}", span.line, span.column);
        let line_text = self.source.and_then(|src| source_line(src, span.line));
        if let Some(text) = line_text {
            let number = span.line.to_string();
            let pad = " ".repeat(number.len());
            let (visible, column, width) = visible_line(
                text,
                span.column.saturating_sub(1) as usize,
                marker_width(text, span),
            );
            let (shown, column) = window(&visible, column);
            _ = writeln!(out, "{pad} |");
            _ = writeln!(out, "{number} | {shown}");
            let indent = " ".repeat(column);
            let width = width.min(WINDOW.saturating_sub(column)).max(1);
            _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(width));
        }
        for note in self.notes {
            _ = writeln!(out, "   = {}", escape(note));
        }
        out
    }
}

/// A source line as shown: a tab as one space (so that the marker stands
/// under it), every other invisible character escaped; with the marker's
/// column and width (in characters) moved along.
fn visible_line(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let mut shown = String::with_capacity(line.len());
    let (mut new_column, mut new_width) = (column, width);
    for (i, c) in line.chars().enumerate() {
        // How many characters more than the one it stands for.
        let grown = match c {
            '\t' => {
                shown.push(' ');
                0
            }
            c if is_invisible(c) => {
                // An escape is ASCII: its length in bytes is in characters.
                let escaped = escape(c.encode_utf8(&mut [0; 4])).into_owned();
                shown.push_str(&escaped);
                escaped.len() - 1
            }
            c => {
                shown.push(c);
                0
            }
        };
        if i < column {
            new_column += grown;
        } else if i < column + width {
            new_width += grown;
        }
    }
    (shown, new_column, new_width)
}

/// How many characters of a source line are shown at most.
const WINDOW: usize = 160;

/// A long line cut to a window around `column` (0-based, in characters),
/// with `…` where it was cut; and the column within what is shown.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(WINDOW / 2)
        .min(chars.len().saturating_sub(WINDOW));
    let end = (start + WINDOW).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, column)
}

/// The text of a 1-based line, without its line break.
pub fn source_line(source: &str, line: u32) -> Option<&str> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    source
        .split('\n')
        .nth(index)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// How many characters the marker covers: the value's length on its first
/// line, at least one.
fn marker_width(line_text: &str, span: Span) -> usize {
    let from = span.column.saturating_sub(1) as usize;
    let rest: usize = line_text.chars().count().saturating_sub(from);
    let len = span.end.saturating_sub(span.start) as usize;
    // The byte length is an upper bound for the character count on this line.
    len.min(rest).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_line_and_a_marker_under_the_value() {
        let source = "a: 1\nomzet: 850.505\n";
        let report = Report {
            label: "fout",
            code: None,
            message: "te veel decimalen",
            file: "x.yaml",
            span: Some(Span::new(2, 8, 12, 19)),
            source: Some(source),
            notes: &[],
        };
        let text = report.render();
        assert_eq!(
            text,
            "fout: te veel decimalen\n  --> x.yaml:2:8\n  |\n2 | omzet: 850.505\n  |        ^^^^^^^\n"
        );
    }

    #[test]
    fn a_very_long_line_is_shown_around_the_value() {
        let source = format!("a: {}x{}\n", "[".repeat(5_000), "]".repeat(5_000));
        let report = Report {
            label: "fout",
            code: None,
            message: "m",
            file: "x.yaml",
            span: Some(Span::new(1, 5_004, 5_003, 5_004)),
            source: Some(&source),
            notes: &[],
        };
        let text = report.render();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[3].chars().count() < 180, "{}", lines[3]);
        assert!(lines[3].starts_with("1 | …[[[") && lines[3].ends_with("]]]…"));
        let caret = lines[4].find('^').unwrap();
        assert_eq!(
            lines[3].chars().nth(lines[4][..caret].chars().count()),
            Some('x')
        );
    }

    #[test]
    fn invisible_characters_are_shown_escaped_and_the_marker_moves_along() {
        let source = "a: \u{1b}[2K\u{202e}x\tyz\n";
        let report = Report {
            label: "fout",
            code: None,
            message: "m\u{1b}[1A",
            file: "x\ny.yaml",
            span: Some(Span::new(1, 9, 13, 17)),
            source: Some(source),
            notes: &["n\r".to_string()],
        };
        assert_eq!(
            report.render(),
            "fout: m\\u001B[1A\n  --> x\\ny.yaml:1:9\n  |\n\
             1 | a: \\u001B[2K\\u202Ex yz\n  |                   ^^^^\n   = n\\r\n"
        );
    }

    #[test]
    fn a_line_beyond_the_file_shows_no_snippet() {
        let report = Report {
            label: "fout",
            code: None,
            message: "m",
            file: "x.yaml",
            span: Some(Span::new(9, 1, 0, 0)),
            source: Some("a: 1\n"),
            notes: &[],
        };
        assert_eq!(report.render(), "fout: m\n  --> x.yaml:9:1\n");
    }
}
