//! Shared output: findings and input errors for people (with the source
//! line) and for scripts (JSON).

use std::collections::HashMap;
use std::io::Write;

use crate::calendar::date_in_words;
use crate::diag::{InputError, Report};
use crate::rules::Finding;

/// Source texts by file name, for showing the offending line.
#[derive(Default)]
pub struct Sources {
    texts: HashMap<String, String>,
}

impl Sources {
    /// The text of `file`: as loaded, or read now for an input error.
    pub fn get(&mut self, file: &str) -> Option<&str> {
        if !self.texts.contains_key(file) {
            let text = crate::case::read_text(std::path::Path::new(file)).ok()?;
            self.texts.insert(file.to_string(), text);
        }
        self.texts.get(file).map(String::as_str)
    }
}

pub fn render_input_error(err: &InputError, sources: &mut Sources) -> String {
    let source = if err.span.is_some() {
        sources.get(&err.file)
    } else {
        None
    };
    Report {
        label: "invoerfout",
        code: None,
        message: &err.message,
        file: &err.file,
        span: err.span,
        source,
        notes: &[],
    }
    .render()
}

pub fn render_finding(finding: &Finding, file: &str, source: Option<&str>) -> String {
    let notes: Vec<String> = finding
        .waived
        .iter()
        .map(|w| {
            format!(
                "opgeheven op grond van de hardheidsclausule ({}), besluit van {}: {}",
                w.artikel,
                date_in_words(w.datum),
                // A motivering of several lines or paragraphs, on one line.
                w.motivering
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
        .collect();
    let label = if finding.waived.is_some() {
        "opgeheven"
    } else {
        finding.severity.dutch()
    };
    Report {
        label,
        code: Some(finding.rule.id()),
        message: &finding.message,
        file,
        span: Some(finding.span),
        source,
        notes: &notes,
    }
    .render()
}

/// A finding as scripts read it (`check`, `decide` and `diff` JSON):
/// serialised without an intermediate value, so a batch of thousands of
/// cases streams straight to stdout.
#[derive(Debug, serde::Serialize)]
pub struct FindingJson<'a> {
    /// The rule id (`art8.1`).
    pub rule: &'static str,
    pub severity: crate::diag::Severity,
    pub message: &'a str,
    pub line: u32,
    pub column: u32,
    /// The month (`2024-06`) or year (`2024`) it concerns, or null.
    pub period: Option<String>,
    pub waived: bool,
    /// The waiver under art. 12 that lifted it, or null.
    pub waiver: Option<&'a crate::rules::Waived>,
    pub legal_basis: &'a [crate::rules::LegalBasis],
}

impl<'a> From<&'a Finding> for FindingJson<'a> {
    fn from(f: &'a Finding) -> FindingJson<'a> {
        FindingJson {
            rule: f.rule.id(),
            severity: f.severity,
            message: &f.message,
            line: f.span.line,
            column: f.span.column,
            period: f.period.map(|p| p.to_string()),
            waived: f.waived.is_some(),
            waiver: f.waived.as_ref(),
            legal_basis: &f.legal_basis,
        }
    }
}

/// An input error as scripts read it: line and column are null for an
/// error about a whole file.
#[derive(Debug, serde::Serialize)]
pub struct ErrorJson<'a> {
    pub file: &'a str,
    pub message: &'a str,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl<'a> From<&'a InputError> for ErrorJson<'a> {
    fn from(e: &'a InputError) -> ErrorJson<'a> {
        ErrorJson {
            file: &e.file,
            message: &e.message,
            line: e.span.map(|s| s.line),
            column: e.span.map(|s| s.column),
        }
    }
}

/// Buffered stdout; write errors (a closed pipe) are ignored by callers.
pub fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock())
}

/// A value as pretty JSON with a final newline, on stdout.
pub fn print_json(value: &impl serde::Serialize) {
    // Structs of text, numbers and lists always serialise.
    if let Ok(text) = serde_json::to_string_pretty(value) {
        print(&format!("{text}\n"));
    }
}

/// Writes human output to stdout, ignoring a closed pipe (`pto check |
/// head`). The printing edge: any invisible character still in `text` (a
/// case value, a file name, a register line that was not escaped where it
/// was put into the text) is shown escaped, so that nothing a case file or
/// the file system holds can move the cursor, erase a line or reverse the
/// reading direction on the reader's terminal. Line breaks and tabs of the
/// output itself stay; values and file names that could hold a line break
/// are escaped with `invisible::escape` where they are put into the text.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(crate::invisible::escape_output(text).as_bytes());
    let _ = out.flush();
}

/// "1 fout", "2 fouten".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A progress bar on stderr for a batch of `len` items, only when a person
/// watches a terminal (not for JSON, not when output goes to a file).
pub fn progress(len: usize, format: super::Format, what: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if format != super::Format::Human || !std::io::stderr().is_terminal() || len < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    let template = format!("{{bar:40}} {{pos}}/{{len}} {what}, nog {{eta}}");
    if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    Some(bar)
}

/// A refusal of the whole command (exit status 1): a Dutch line on stderr
/// for people, `{"refused": …}` on stdout for scripts.
pub fn print_refusal(reason: &str, format: super::Format) {
    match format {
        super::Format::Json => {
            #[derive(serde::Serialize)]
            struct Refused<'a> {
                refused: &'a str,
            }
            if let Ok(text) = serde_json::to_string(&Refused { refused: reason }) {
                print(&format!("{text}\n"));
            }
        }
        super::Format::Human => {
            eprintln!("geweigerd: {}", crate::invisible::escape_output(reason));
        }
    }
}
