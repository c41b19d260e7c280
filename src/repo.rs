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
/// and facts that lie before the first policy in force.
pub fn load_cases(files: &[PathBuf], settings: &Settings, date: NaiveDate) -> LoadedSet {
    load_cases_with(files, settings, date, &|| {})
}

/// As `load_cases`, calling `loaded` after each file (for a progress bar).
pub fn load_cases_with(
    files: &[PathBuf],
    settings: &Settings,
    date: NaiveDate,
    loaded: &(dyn Fn() + Sync),
) -> LoadedSet {
    let (cases, errors) = load_each(files, settings, date, loaded, |l| l);
    LoadedSet { cases, errors }
}

/// The files of `files` that load and are valid, and the input errors of
/// the others: what `load_cases` checks, without keeping the cases. A batch
/// of ten thousand decisions then holds one case per worker in memory, not
/// ten thousand; each worker loads its case again.
pub fn index_cases(
    files: &[PathBuf],
    settings: &Settings,
    date: NaiveDate,
) -> (Vec<PathBuf>, Vec<InputError>) {
    load_each(files, settings, date, &|| {}, |l| PathBuf::from(l.path))
}

/// What the check for a zaaknummer in two files needs of a case.
struct Key {
    zaaknummer: String,
    path: String,
    span: Span,
}

impl Key {
    fn of(loaded: &Loaded) -> Key {
        Key {
            zaaknummer: loaded.case.zaaknummer.value.clone(),
            path: loaded.path.clone(),
            span: loaded.case.zaaknummer.span,
        }
    }
}

/// Loads every file in parallel and keeps `keep(case)` of each valid one,
/// in file order; refuses facts before the first policy, and a zaaknummer
/// already used by an earlier file. `loaded` is called after each file.
/// `keep` runs on the worker that loaded the case, so that whatever it does
/// not keep is freed at once.
pub fn load_each<T: Send>(
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
                    Ok((Key::of(&l), keep(l)))
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
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let mut first: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for result in results {
        match result {
            Ok((key, value)) => match first.get(&key.zaaknummer) {
                Some((file, line)) => errors.push(InputError::at(
                    &key.path,
                    key.span,
                    format!(
                        "Zaaknummer {} komt ook voor in {file} (regel {line}); een zaaknummer \
                         hoort bij precies één dossier.",
                        key.zaaknummer
                    ),
                )),
                None => {
                    first.insert(key.zaaknummer.clone(), (key.path.clone(), key.span.line));
                    cases.push(value);
                }
            },
            Err(errs) => errors.extend(errs),
        }
    }
    (cases, errors)
}
