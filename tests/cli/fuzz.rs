//! Property test of the loader (runs in CI): the example case files and the
//! fixtures, mutated the way people and broken editors mutate YAML (bytes
//! flipped, inserted or deleted; lines deleted, duplicated or swapped; YAML
//! tokens such as `&a`, `*a`, `[`, `: ` or a tab inserted), never make
//! `pto::case::load_str` panic, and every error it reports has a place
//! inside the file and renders.
//!
//! It calls the library directly (no process per case). By default it runs
//! a few hundred cases, about five seconds; run it long with, for example:
//!
//! ```text
//! PROPTEST_CASES=1000000 cargo test --release --test cli fuzz::
//! ```
//!
//! The coverage-guided fuzzer of the same loader is in `fuzz/` (cargo fuzz).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use pto::diag::Report;

/// Cases when `PROPTEST_CASES` is not set: about five seconds in a debug build.
const DEFAULT_CASES: u32 = 600;

/// What can go wrong in a YAML file, one step at a time. Positions are
/// taken modulo the length of the text or the number of lines.
#[derive(Clone, Debug)]
enum Mutation {
    FlipBit { at: usize, bit: u8 },
    InsertByte { at: usize, byte: u8 },
    DeleteBytes { at: usize, len: usize },
    InsertToken { at: usize, token: usize },
    DeleteLine { line: usize },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
}

const TOKENS: &[&str] = &[
    "&a ",
    "*a",
    "&a",
    "*b",
    "[",
    "]",
    "{",
    "}",
    ": ",
    ":",
    "- ",
    "-",
    "\t",
    "\"",
    "'",
    "#",
    ",",
    "? ",
    "|",
    ">",
    "!!",
    "!!binary ",
    "---\n",
    "...\n",
    "\n",
    "\r",
    "\n  ",
    "~",
    "null",
    "<<: *a",
    "%YAML 1.2\n",
    "\u{feff}",
    "\\u",
    "é",
    "🦀",
    "0",
    "-1",
    ".5",
    "1e9",
    "9999999999999999999999999999",
    "2023-02-29",
    "2024-13",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::InsertByte { at, byte }),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::DeleteBytes { at, len }),
        (any::<usize>(), 0..TOKENS.len())
            .prop_map(|(at, token)| Mutation::InsertToken { at, token }),
        any::<usize>().prop_map(|line| Mutation::DeleteLine { line }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    let pos = |at: usize| if len == 0 { 0 } else { at % (len + 1) };
    match *m {
        Mutation::FlipBit { at, bit } if len > 0 => bytes[at % len] ^= 1 << bit,
        Mutation::FlipBit { .. } => {}
        Mutation::InsertByte { at, byte } => bytes.insert(pos(at), byte),
        Mutation::DeleteBytes { at, len: n } => {
            let start = pos(at).min(len);
            bytes.drain(start..(start + n).min(len));
        }
        Mutation::InsertToken { at, token } => {
            let at = pos(at);
            bytes.splice(at..at, TOKENS[token].bytes());
        }
        Mutation::DeleteLine { line }
        | Mutation::DuplicateLine { line }
        | Mutation::SwapLines { a: line, .. } => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let n = lines.len();
            let i = line % n;
            match *m {
                Mutation::DeleteLine { .. } if n > 1 => _ = lines.remove(i),
                Mutation::DuplicateLine { .. } => lines.insert(i, lines[i].clone()),
                Mutation::SwapLines { b, .. } => lines.swap(i, b % n),
                _ => {}
            }
            *bytes = lines.join(&b'\n');
        }
    }
}

/// The example case files and the test fixtures: the seeds.
fn seeds() -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join("case-files"), &mut paths);
    walk(&root.join("tests/cases"), &mut paths);
    paths.sort();
    assert!(paths.len() >= 10, "too few seeds: {paths:?}");
    paths
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(root).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Loads `bytes` the way `pto` does; asserts that every error says why and
/// where, and renders with its source line.
fn load_and_check(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let text = match pto::case::bytes_to_text(bytes.clone()) {
        Ok(text) => text,
        Err(message) => {
            prop_assert!(!message.is_empty());
            // Load what is text of it all the same, as the cargo-fuzz target does.
            String::from_utf8_lossy(&bytes).replace('\0', "")
        }
    };
    let Err(errors) = pto::case::load_str("fuzz.yaml", &text) else {
        return Ok(());
    };
    prop_assert!(!errors.is_empty(), "a failed load must say why");
    for e in &errors {
        prop_assert!(!e.message.is_empty(), "an error without a message: {e:?}");
        prop_assert_eq!(&e.file, "fuzz.yaml");
        if let Some(span) = e.span {
            prop_assert!(span.line >= 1, "an error at line 0: {e:?}");
            prop_assert!(span.column >= 1, "an error at column 0: {e:?}");
        }
        let report = Report {
            label: "invoerfout",
            code: None,
            message: &e.message,
            file: &e.file,
            span: e.span,
            source: Some(&text),
            notes: &[],
        };
        // The message as shown: with every invisible character escaped,
        // and none left in the whole report (line breaks apart).
        let shown = report.render();
        prop_assert!(shown.contains(&*pto::invisible::escape(&e.message)));
        prop_assert!(
            !shown
                .chars()
                .any(|c| c != '\n' && pto::invisible::is_invisible(c)),
            "an invisible character in:\n{}",
            shown
        );
    }
    Ok(())
}

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    Config {
        cases,
        // A failure prints its shrunk input; add it to input_errors.rs by hand.
        failure_persistence: None,
        ..Config::default()
    }
}

#[test]
fn mutated_case_files_never_panic_the_loader() {
    let seeds = seeds();
    let strategy = (0..seeds.len(), proptest::collection::vec(mutation(), 1..8));
    let mut runner = TestRunner::new(config());
    let result = runner.run(&strategy, |(seed, mutations)| {
        let mut bytes = seeds[seed].1.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        load_and_check(bytes)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_seeds_themselves_load_or_fail_cleanly() {
    for (name, bytes) in seeds() {
        if let Err(e) = load_and_check(bytes) {
            panic!("{name}: {e}");
        }
    }
}
