//! The repository's own files: a comment or a page cites only what someone
//! who clones pto has. The design lives in docs/; a document kept elsewhere
//! (a specification, a style guide, an issue tracker's numbers) is not
//! cited, and every `docs/….md` a file names exists.

use std::path::{Path, PathBuf};

use crate::common::project_file;

/// The folders and files whose text is read: source, tests, benchmarks,
/// templates, docs, the fuzz target, the hooks and CI.
const ROOTS: &[&str] = &[
    "src",
    "tests",
    "benches",
    "templates",
    "docs",
    "fuzz/fuzz_targets",
    "hooks",
    ".ci",
    "README.md",
    "Cargo.toml",
];

/// Written in pieces, so that this file does not cite them itself.
const ABSENT_DOCUMENTS: &[&str] = &[
    concat!("SP", "EC.md"),
    concat!("DES", "IGN.md"),
    concat!("STY", "LE.md"),
    concat!("LEG", "AL.md"),
];
const ABSENT_WORD: &str = concat!("SP", "EC");
const TRACKER: &str = concat!("iss", "ue");

fn files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in ROOTS {
        for entry in walkdir::WalkDir::new(project_file(root)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            // The MDTO schema is the National Archive's text, not ours.
            let foreign = path.extension().is_some_and(|e| e == "xsd");
            if entry.file_type().is_file() && !foreign {
                files.push(path.to_path_buf());
            }
        }
    }
    files
}

/// `word` standing alone: no letter, digit or `_` on either side.
fn has_word(line: &str, word: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    line.match_indices(word).any(|(at, _)| {
        !part(line[..at].chars().next_back()) && !part(line[at + word.len()..].chars().next())
    })
}

/// The word for a tracker's entry followed by a number, with or without
/// `#`: a citation of someone's tracker. (A plural such as "pto issues 2
/// decisions" is English, not a citation.)
fn cites_tracker(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.match_indices(TRACKER).any(|(at, _)| {
        let rest = &lower[at + TRACKER.len()..];
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let rest = rest.strip_prefix('#').unwrap_or(rest);
        let before = lower[..at].chars().next_back();
        !before.is_some_and(char::is_alphanumeric) && rest.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// What is wrong with one line, if anything.
fn citation(line: &str) -> Option<String> {
    if let Some(document) = ABSENT_DOCUMENTS.iter().find(|d| line.contains(*d)) {
        return Some(format!(
            "cites {document}, which the repository does not hold"
        ));
    }
    if has_word(line, ABSENT_WORD) {
        return Some(format!(
            "cites {ABSENT_WORD}, which the repository does not hold"
        ));
    }
    if cites_tracker(line) {
        return Some("cites a tracker's number; say the fact or point at docs/".into());
    }
    for (at, _) in line.match_indices("docs/") {
        let name: String = line[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
            .collect();
        let name = name.trim_end_matches('.');
        if name.ends_with(".md") && !project_file(name).is_file() {
            return Some(format!("names {name}, which does not exist"));
        }
    }
    None
}

#[test]
fn no_file_cites_a_document_the_repository_does_not_hold() {
    let mut found = Vec::new();
    let files = files();
    assert!(files.len() > 50, "{}", files.len());
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // Fonts and other binary files.
        };
        let rel = path.strip_prefix(project_file("")).unwrap_or(Path::new(""));
        for (i, line) in text.lines().enumerate() {
            if let Some(why) = citation(line) {
                found.push(format!(
                    "{}:{}: {why}\n    {}",
                    rel.display(),
                    i + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let absent = |d: &str| format!("see {d} for more");
    for document in ABSENT_DOCUMENTS {
        assert!(citation(&absent(document)).is_some(), "{document}");
    }
    let word = format!("//! The money of {ABSENT_WORD} §6");
    assert!(citation(&word).is_some());
    for tracker in ["5", " 5", " #13", "#6"] {
        let line = format!("// as in {TRACKER}{tracker}");
        assert!(citation(&line).is_some(), "{line}");
        assert!(citation(&line.to_uppercase()).is_some(), "{line}");
    }
    assert!(citation(concat!("see docs/", "no-such-page.md")).is_some());
    // Words that only look alike.
    for fine in [
        "the SIP specification",
        "struct SectionSpec",
        "context_specific = \"0\"",
        "an issued decision",
        "pto issues 2 decisions",
        "docs/architecture.md.",
        "(see [rules.md](rules.md))",
    ] {
        assert_eq!(citation(fine), None, "{fine}");
    }
    assert_eq!(citation(&format!("the t{TRACKER} 5")), None);
}
