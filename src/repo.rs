//! A case repository on disk: its settings, its case files, and loading
//! them all (in parallel) with every input error collected.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::case::{self, Loaded};
use crate::diag::{InputError, Span};
use crate::rules;
use crate::settings::{self, Settings};

/// The folder with case files, relative to the repository root.
pub const CASE_DIR: &str = "case-files";

/// The case files named by `paths` (files, or folders searched for `*.yaml`),
/// or all of `case-files/` when none are named. Sorted, without duplicates.
pub fn case_files(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<InputError>> {
    let default = [root.join(CASE_DIR)];
    let paths: &[PathBuf] = if paths.is_empty() { &default } else { paths };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path)
                .follow_links(false)
                .sort_by_file_name()
            {
                match entry {
                    // Not only regular files: a named pipe or a device
                    // called `*.yaml` is reported by the loader, not skipped.
                    Ok(e)
                        if !e.file_type().is_dir()
                            && !e.file_type().is_symlink()
                            && is_yaml(e.path()) =>
                    {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(err) => errors.push(InputError::file(
                        err.path().unwrap_or(path).display().to_string(),
                        format!("De map kan niet worden gelezen ({err})."),
                    )),
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            errors.push(InputError::file(
                path.display().to_string(),
                "Dit bestand of deze map bestaat niet.",
            ));
        }
    }
    files.sort();
    files.dedup();
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The bytes of a case file: a regular file, at most
/// [`case::MAX_FILE_BYTES`], or a Dutch reason.
pub fn read_case_bytes(path: &Path) -> Result<Vec<u8>, String> {
    case::read_regular(path, case::MAX_FILE_BYTES)
}

/// The settings of the repository at `root`.
pub fn load_settings(root: &Path) -> Result<Settings, Vec<InputError>> {
    settings::load_settings(root)
}

/// What loading a set of case files gave: the cases that loaded, and every
/// input error (per file, in file order).
pub struct LoadedSet {
    pub cases: Vec<Loaded>,
    pub errors: Vec<InputError>,
}

/// Loads every file in parallel; then refuses a zaaknummer used in two files
/// (of these or of the repository at `root`) and facts that lie before the
/// first policy in force.
pub fn load_cases(
    root: &Path,
    files: &[PathBuf],
    settings: &Settings,
    date: NaiveDate,
) -> LoadedSet {
    let (cases, errors) = load_each(root, files, settings, date, &|| {}, |l| l);
    LoadedSet { cases, errors }
}

/// What the check for a zaaknummer in two files needs of a case.
struct Key {
    zaaknummer: String,
    path: String,
    file: PathBuf,
    span: Span,
}

/// Loads every file in parallel and keeps `keep(case)` of each valid one,
/// in file order; refuses facts before the first policy, a zaaknummer
/// already used by an earlier file, and a zaaknummer that another case file
/// of the repository at `root` uses. `loaded` is called after each file.
/// `keep` runs on the worker that loaded the case, so that whatever it does
/// not keep is freed at once.
pub fn load_each<T: Send>(
    root: &Path,
    files: &[PathBuf],
    settings: &Settings,
    date: NaiveDate,
    loaded: &(dyn Fn() + Sync),
    keep: impl Fn(Loaded) -> T + Sync,
) -> (Vec<T>, Vec<InputError>) {
    let results: Vec<Result<(Key, T), Vec<InputError>>> = files
        .par_iter()
        .map(|f| {
            let result = case::load_file(f).and_then(|l| {
                let date_errors = rules::check_dates(&l.case, &settings.policy, date);
                if date_errors.is_empty() {
                    let key = Key {
                        zaaknummer: l.case.zaaknummer.value.clone(),
                        path: l.path.clone(),
                        file: f.clone(),
                        span: l.case.zaaknummer.span,
                    };
                    Ok((key, keep(l)))
                } else {
                    Err(date_errors
                        .into_iter()
                        .map(|(span, m)| InputError::at(&l.path, span, m))
                        .collect())
                }
            });
            loaded();
            result
        })
        .collect();
    let others = Others::new(root, files);
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let mut first: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for result in results {
        match result {
            Ok((key, value)) => {
                if let Some((file, line)) = first.get(&key.zaaknummer) {
                    errors.push(used_twice(
                        &key.path,
                        key.span,
                        &key.zaaknummer,
                        file,
                        *line,
                    ));
                    continue;
                }
                first.insert(key.zaaknummer.clone(), (key.path.clone(), key.span.line));
                match others.using(&key.zaaknummer, &key.file).first() {
                    Some(other) => errors.push(used_twice(
                        &key.path,
                        key.span,
                        &key.zaaknummer,
                        &other.name,
                        other.span.line,
                    )),
                    None => cases.push(value),
                }
            }
            Err(errs) => errors.extend(errs),
        }
    }
    (cases, errors)
}

/// "Zaaknummer X komt ook voor in FILE (regel N)", at the zaaknummer of `path`.
pub fn used_twice(path: &str, span: Span, zaaknummer: &str, other: &str, line: u32) -> InputError {
    InputError::at(
        path,
        span,
        format!(
            "Zaaknummer {zaaknummer} komt ook voor in {other} (regel {line}); een zaaknummer \
             hoort bij precies één dossier."
        ),
    )
}

/// The case files of the repository outside a given set, indexed by
/// zaaknummer only when asked (`check` of all of `case-files/` needs none).
struct Others {
    index: std::sync::OnceLock<Index>,
    files: Vec<PathBuf>,
}

impl Others {
    fn new(root: &Path, given: &[PathBuf]) -> Others {
        let given: std::collections::HashSet<PathBuf> =
            given.iter().map(|f| canonical(f)).collect();
        let files = case_files(root, &[])
            .unwrap_or_default()
            .into_iter()
            .filter(|f| !given.contains(&canonical(f)))
            .collect();
        Others {
            index: std::sync::OnceLock::new(),
            files,
        }
    }

    /// The other files that use `zaaknummer`, except `file` itself.
    fn using(&self, zaaknummer: &str, file: &Path) -> Vec<&Claim> {
        if self.files.is_empty() {
            return Vec::new();
        }
        let me = canonical(file);
        self.index
            .get_or_init(|| Index::of(&self.files))
            .claims(zaaknummer)
            .iter()
            .filter(|c| canonical(&c.file) != me)
            .collect()
    }
}

/// A path made absolute and free of symbolic links where it can be, to
/// know one file under two names.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Whether two paths name the same file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    a == b || canonical(a) == canonical(b)
}

/// `files` without a file named twice (under the same or another name),
/// in their order.
pub fn unique(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    files
        .into_iter()
        .filter(|f| seen.insert(canonical(f)))
        .collect()
}

/// Where a case file states its zaaknummer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The file, as found.
    pub file: PathBuf,
    /// Its name in messages.
    pub name: String,
    /// The zaaknummer's value in the file.
    pub span: Span,
}

/// The zaaknummers of a set of case files. Built from the one line
/// `zaaknummer: …` of each file ([`scan_zaaknummer`]), without loading the
/// case: an index of ten thousand files costs milliseconds. A file that
/// states its zaaknummer in any other way is loaded in full; a file that
/// does not load is left out (its own errors are reported where it is
/// checked or decided). A zaaknummer claimed by two files is confirmed by
/// loading both, so that a line the scan misread never makes a duplicate.
#[derive(Debug, Default)]
pub struct Index {
    by_number: BTreeMap<String, Vec<Claim>>,
    /// The canonical path of each file with a claim → its zaaknummer.
    by_file: std::collections::HashMap<PathBuf, String>,
}

impl Index {
    pub fn of(files: &[PathBuf]) -> Index {
        let claims: Vec<(String, Claim, bool)> = files
            .par_iter()
            .filter_map(|file| {
                let name = file.display().to_string();
                let bytes = read_case_bytes(file).ok()?;
                match scan_zaaknummer(&bytes) {
                    Some((number, span)) => Some((
                        number,
                        Claim {
                            file: file.clone(),
                            name,
                            span,
                        },
                        true,
                    )),
                    None => full_claim(file).map(|(n, c)| (n, c, false)),
                }
            })
            .collect();
        let mut by_number: BTreeMap<String, Vec<(Claim, bool)>> = BTreeMap::new();
        for (number, claim, scanned) in claims {
            by_number.entry(number).or_default().push((claim, scanned));
        }
        let mut index = Index::default();
        for (number, claims) in by_number {
            if claims.len() == 1 {
                index.add(number, claims.into_iter().next().map(|(c, _)| c));
                continue;
            }
            // Rare: confirm every scanned claim by loading the file.
            for (claim, scanned) in claims {
                if !scanned {
                    index.add(number.clone(), Some(claim));
                } else if let Some((actual, claim)) = full_claim(&claim.file) {
                    index.add(actual, Some(claim));
                }
            }
        }
        for (number, claims) in &mut index.by_number {
            claims.sort_by(|a, b| a.file.cmp(&b.file));
            for claim in claims.iter() {
                index.by_file.insert(canonical(&claim.file), number.clone());
            }
        }
        index
    }

    fn add(&mut self, number: String, claim: Option<Claim>) {
        if let Some(claim) = claim {
            self.by_number.entry(number).or_default().push(claim);
        }
    }

    /// The zaaknummer `file` states, and where.
    pub fn claim_of(&self, file: &Path) -> Option<(&str, &Claim)> {
        let number = self.by_file.get(&canonical(file))?;
        let claim = self
            .claims(number)
            .iter()
            .find(|c| same_file(&c.file, file))?;
        Some((number, claim))
    }

    /// The files that state `zaaknummer`, sorted.
    pub fn claims(&self, zaaknummer: &str) -> &[Claim] {
        self.by_number.get(zaaknummer).map_or(&[], Vec::as_slice)
    }
}

/// The zaaknummer of `file` from loading it in full.
fn full_claim(file: &Path) -> Option<(String, Claim)> {
    let loaded = case::load_file(file).ok()?;
    Some((
        loaded.case.zaaknummer.value,
        Claim {
            file: file.to_path_buf(),
            name: loaded.path,
            span: loaded.case.zaaknummer.span,
        },
    ))
}

/// The zaaknummer of a case file from its text alone, and where its value
/// stands: the value of the one line that starts with `zaaknummer:`, when
/// that value is written plainly or simply quoted and is a valid zaaknummer
/// (letters, digits, `-` and `_`). `None` whenever the file might say it
/// otherwise (a quoted or complex key, the key twice, a tag, an anchor):
/// then only loading the file tells.
pub fn scan_zaaknummer(bytes: &[u8]) -> Option<(String, Span)> {
    // Offsets count in the text without its byte-order mark, as the loader's.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut found = None;
    // Only where the word occurs is a line looked at: memchr's search is
    // what keeps an index of thousands of files in milliseconds.
    for at in memchr::memmem::find_iter(bytes, b"zaaknummer") {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        match &bytes[start..at] {
            b"" => {}
            // A quoted or complex key at the top: the loader's to read.
            [b'"' | b'\'' | b'?', ..] => return None,
            _ => continue,
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let rest = &bytes[at + "zaaknummer".len()..end];
        let after_key = rest.iter().take_while(|b| **b == b' ').count();
        let Some(rest) = rest[after_key..].strip_prefix(b":") else {
            continue;
        };
        if found.is_some() {
            return None; // the key twice: the loader reports it
        }
        let blanks = rest
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        if blanks == 0 && !rest.is_empty() && rest != b"\r" {
            return None; // `zaaknummer:x` is another key
        }
        let value = scalar(&rest[blanks..])?;
        let value_at = end - rest.len() + blanks;
        let line = memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1;
        let span = Span::new(
            u32::try_from(line).ok()?,
            u32::try_from(value_at - start + 1).ok()?,
            u32::try_from(value_at).ok()?,
            u32::try_from(end).ok()?,
        );
        found = Some((value, span));
    }
    found
}

/// A scalar value on one line, plain or quoted without escapes, followed by
/// nothing or a comment; only when it is a valid zaaknummer.
fn scalar(text: &[u8]) -> Option<String> {
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let (value, after): (&[u8], &[u8]) = match text.first() {
        Some(&q @ (b'"' | b'\'')) => {
            let end = text[1..].iter().position(|b| *b == q)? + 1;
            (&text[1..end], &text[end + 1..])
        }
        _ => match text.windows(2).position(|w| w == b" #" || w == b"\t#") {
            Some(comment) => (&text[..comment], &text[comment..]),
            None => (text, &[][..]),
        },
    };
    let after = after.trim_ascii_start();
    if !(after.is_empty() || after.starts_with(b"#")) {
        return None;
    }
    let value = value.trim_ascii();
    let valid = !value.is_empty()
        && value.len() <= 64
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_');
    valid.then(|| String::from_utf8_lossy(value).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Option<(String, u32, u32)> {
        scan_zaaknummer(text.as_bytes()).map(|(n, s)| (n, s.line, s.column))
    }

    #[test]
    fn the_zaaknummer_line_is_read_plain_quoted_and_with_a_comment() {
        let some = |n: &str, l, c| Some((n.to_string(), l, c));
        assert_eq!(scan("zaaknummer: PTO-1\nnaam: x\n"), some("PTO-1", 1, 13));
        assert_eq!(
            scan("# dossier\nzaaknummer:   \"PTO-1\"  # z\n"),
            some("PTO-1", 2, 15)
        );
        assert_eq!(scan("zaaknummer: 'PTO_1'\r\n"), some("PTO_1", 1, 13));
        assert_eq!(
            scan("zaaknummer : PTO-1 # opmerking\n"),
            some("PTO-1", 1, 14)
        );
        assert_eq!(scan("\u{feff}zaaknummer: PTO-1\n"), some("PTO-1", 1, 13));
    }

    #[test]
    fn anything_unusual_is_left_to_the_loader() {
        for text in [
            "naam: x\n",
            "zaaknummer: PTO 1\n",
            "zaaknummer: !!str PTO-1\n",
            "zaaknummer: &a PTO-1\n",
            "zaaknummer: \"PTO\\u002d1\"\n",
            "zaaknummer: PTO-1\nzaaknummer: PTO-2\n",
            "\"zaaknummer\": PTO-2\nzaaknummer: PTO-1\n",
            "? zaaknummer\n: PTO-1\n",
            "zaaknummer:\n  PTO-1\n",
            "  zaaknummer: PTO-1\n",
            "zaaknummer: PTO-1 extra\n",
            "zaaknummers: PTO-1\n",
        ] {
            assert_eq!(scan(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_scan_agrees_with_the_loader_on_every_example_case() {
        let files = case_files(Path::new(env!("CARGO_MANIFEST_DIR")), &[]).unwrap();
        assert!(files.len() >= 6);
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let loaded = case::load_file(&file).unwrap();
            let (number, span) = scan_zaaknummer(&bytes).expect("scanned");
            assert_eq!(number, loaded.case.zaaknummer.value);
            assert_eq!(
                (span.line, span.column),
                (
                    loaded.case.zaaknummer.span.line,
                    loaded.case.zaaknummer.span.column
                )
            );
        }
    }
}
