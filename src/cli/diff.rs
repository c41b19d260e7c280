//! `pto diff [REV] [REV2]`: what a change to the case files means — the
//! fields that changed, in words, the findings that appear or disappear, and
//! the decisions that would come out differently. Old versions are read
//! with git itself (`git cat-file`), nothing is checked out.

use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::output::{self, ErrorJson, FindingJson};
use super::{Common, Format, Status};
use crate::calendar::date_in_words;
use crate::case::{self, MAX_FILE_BYTES};
use crate::diag::{InputError, Report};
use crate::git;
use crate::invisible::escape;
use crate::repo;
use crate::review::diff::{self, CaseDiff, FileChange, Version};
use crate::review::fields::FieldChange;
use crate::review::{Verdict, VerdictJson};
use crate::rules::Finding;

#[derive(clap::Args, Debug)]
#[command(mut_arg("date", |a| a.help("Peildatum JJJJ-MM-DD voor bevindingen en besluiten (standaard: vandaag)")))]
pub struct Args {
    /// De versie van vóór de wijziging: een commit, branch of tag (standaard: HEAD).
    pub from: Option<String>,
    /// De versie erna (standaard: de werkmap, met wat nog niet is vastgelegd).
    pub to: Option<String>,
    #[command(flatten)]
    pub common: Common,
    /// De map met besluiten en register (standaard: output/): een besluit na
    /// een voornemen of verzoek wordt vergeleken zoals pto decide het neemt.
    #[arg(long, default_value = "output")]
    pub output: std::path::PathBuf,
}

pub fn run(args: Args) -> Status {
    let root = super::root();
    let date = args.common.date();
    let settings = match repo::load_settings(&root) {
        Ok(s) => s,
        Err(errors) => return fail(&errors, args.common.format),
    };
    // What was issued before: never compared against a register that
    // cannot be read whole.
    let issued = match super::register_entries(&args.output) {
        Ok(entries) => entries,
        Err(errors) => return fail(&errors, args.common.format),
    };
    let from = args.from.clone().unwrap_or_else(|| "HEAD".into());
    let from_commit = match git::resolve(&root, &from) {
        Ok(c) => c,
        Err(message) => return fail(&[InputError::file(&from, message)], args.common.format),
    };
    let to_commit = match &args.to {
        Some(to) => match git::resolve(&root, to) {
            Ok(c) => Some(c),
            Err(message) => return fail(&[InputError::file(to, message)], args.common.format),
        },
        None => None,
    };
    let changes =
        match git::changed_files(&root, &from_commit, to_commit.as_deref(), repo::CASE_DIR) {
            Ok(c) => c,
            Err(message) => {
                return fail(
                    &[InputError::file(repo::CASE_DIR, message)],
                    args.common.format,
                );
            }
        };

    let diffs: Vec<CaseDiff> = changes
        .par_iter()
        .map(|change| {
            let before = change.before.as_ref().map(|path| Version {
                file: path.name(),
                text: at_revision(&root, &from_commit, path),
            });
            let after = change.after.as_ref().map(|path| Version {
                file: path.name(),
                text: match &to_commit {
                    Some(commit) => at_revision(&root, commit, path),
                    None => case::read_text(&path.path()),
                },
            });
            diff::compare(
                before.as_ref(),
                after.as_ref(),
                &settings.policy,
                date,
                &issued,
            )
        })
        .collect();

    let to_label = args.to.clone();
    match args.common.format {
        Format::Json => output::print_json(&DiffJson {
            from: &from,
            from_commit: &from_commit,
            to: to_label.as_deref(),
            to_commit: to_commit.as_deref(),
            date,
            cases: diffs.iter().map(CaseJson::from).collect(),
        }),
        Format::Human => output::print(&human(
            &diffs,
            &changes,
            &root,
            (&from, &from_commit),
            (args.to.as_deref(), to_commit.as_deref()),
            date,
        )),
    }
    if diffs.iter().any(|d| !d.errors_after.is_empty()) {
        Status::BadInput
    } else {
        Status::Ok
    }
}

/// "HEAD (3f2a1c9)"
fn short(name: &str, commit: &str) -> String {
    let abbreviated: String = commit.chars().take(7).collect();
    if name.starts_with(&abbreviated) {
        name.to_string()
    } else {
        format!("{name} ({abbreviated})")
    }
}

/// A case file's text in a commit, with the checks every input file gets.
fn at_revision(root: &Path, commit: &str, path: &git::GitPath) -> Result<String, String> {
    let bytes = git::file_at(root, commit, path)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err("Het bestand is te groot om een dossier te zijn.".into());
    }
    case::bytes_to_text(bytes)
}

fn fail(errors: &[InputError], format: Format) -> Status {
    match format {
        Format::Json => output::print_json(&FailJson {
            cases: [],
            errors: errors.iter().map(ErrorJson::from).collect(),
        }),
        Format::Human => {
            let mut sources = output::Sources::default();
            let text: String = errors
                .iter()
                .map(|e| output::render_input_error(e, &mut sources))
                .collect();
            output::print(&text);
        }
    }
    Status::BadInput
}

/// `pto diff --format json`: the revisions compared and every changed case.
#[derive(Serialize)]
struct DiffJson<'a> {
    from: &'a str,
    from_commit: &'a str,
    /// `null`: the working tree.
    to: Option<&'a str>,
    to_commit: Option<&'a str>,
    date: NaiveDate,
    cases: Vec<CaseJson<'a>>,
}

/// When the comparison could not be made at all.
#[derive(Serialize)]
struct FailJson<'a> {
    cases: [(); 0],
    errors: Vec<ErrorJson<'a>>,
}

/// One changed case file.
#[derive(Serialize)]
struct CaseJson<'a> {
    case: Option<&'a str>,
    file: &'a str,
    previous_file: Option<&'a str>,
    change: &'static str,
    fields: &'a [FieldChange],
    layout_only: bool,
    findings: FindingsJson<'a>,
    outcomes: Vec<OutcomeJson<'a>>,
    errors: ErrorsJson<'a>,
}

#[derive(Serialize)]
struct FindingsJson<'a> {
    appeared: Vec<FindingJson<'a>>,
    disappeared: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct OutcomeJson<'a> {
    proceeding: &'static str,
    year: Option<i32>,
    before: Option<VerdictJson<'a>>,
    after: Option<VerdictJson<'a>>,
    text: String,
}

#[derive(Serialize)]
struct ErrorsJson<'a> {
    before: Vec<ErrorJson<'a>>,
    after: Vec<ErrorJson<'a>>,
}

impl<'a> From<&'a CaseDiff> for CaseJson<'a> {
    fn from(d: &'a CaseDiff) -> CaseJson<'a> {
        let findings = |list: &'a [Finding]| list.iter().map(FindingJson::from).collect();
        let errors = |list: &'a [InputError]| list.iter().map(ErrorJson::from).collect();
        CaseJson {
            case: d.case.as_deref(),
            file: &d.file,
            previous_file: d.previous_file.as_deref(),
            change: d.change.key(),
            fields: &d.fields,
            layout_only: d.layout_only,
            findings: FindingsJson {
                appeared: findings(&d.appeared),
                disappeared: findings(&d.disappeared),
            },
            outcomes: d
                .outcomes
                .iter()
                .map(|o| OutcomeJson {
                    proceeding: o.proceeding.key(),
                    year: o.year,
                    before: o.before.as_ref().map(Verdict::json),
                    after: o.after.as_ref().map(Verdict::json),
                    text: o.text(),
                })
                .collect(),
            errors: ErrorsJson {
                before: errors(&d.errors_before),
                after: errors(&d.errors_after),
            },
        }
    }
}

/// Where the texts of both sides are, for showing the line of an input error.
struct Sources<'a> {
    root: &'a Path,
    from: &'a str,
    to: Option<&'a str>,
    /// The exact path of each name shown.
    paths: std::collections::HashMap<String, git::GitPath>,
}

impl Sources<'_> {
    fn text(&self, file: &str, after: bool) -> Option<String> {
        let path = self.paths.get(file)?;
        match (after, self.to) {
            (true, None) => case::read_text(&path.path()).ok(),
            (true, Some(commit)) => at_revision(self.root, commit, path).ok(),
            (false, _) => at_revision(self.root, self.from, path).ok(),
        }
    }
}

fn render(d: &CaseDiff, sources: &Sources) -> String {
    let mut out = String::new();
    // Names and values come from the files (of any revision) and may hold
    // anything: each is escaped where it is put into the text.
    let case = escape(d.case.as_deref().unwrap_or("zaaknummer onbekend"));
    let moved = d
        .previous_file
        .as_ref()
        .map(|p| format!(", was {}", escape(p)))
        .unwrap_or_default();
    out.push_str(&format!(
        "{} — {case} ({}{moved})\n",
        escape(&d.file),
        d.change.dutch()
    ));
    match d.change {
        FileChange::Added => out.push_str("  Nieuw dossier.\n"),
        FileChange::Deleted => out.push_str("  Dossier verwijderd.\n"),
        _ => {}
    }
    if !d.fields.is_empty() {
        out.push_str("  Gewijzigd:\n");
        for f in &d.fields {
            out.push_str(&format!("    {}\n", escape(&f.text)));
        }
    } else if d.layout_only {
        out.push_str("  Alleen commentaar of opmaak gewijzigd.\n");
    }
    for (label, errors, after) in [
        ("Invoerfouten vóór de wijziging", &d.errors_before, false),
        ("Invoerfouten na de wijziging", &d.errors_after, true),
    ] {
        if errors.is_empty() {
            continue;
        }
        out.push_str(&format!("  {label}:\n"));
        for e in errors {
            let source = e.span.and_then(|_| sources.text(&e.file, after));
            let report = Report {
                label: "invoerfout",
                code: None,
                message: &e.message,
                file: &e.file,
                span: e.span,
                source: source.as_deref(),
                notes: &[],
            }
            .render();
            out.push_str(&indent(&report, "    "));
        }
    }
    if !d.appeared.is_empty() || !d.disappeared.is_empty() {
        out.push_str("  Bevindingen:\n");
        for (word, list) in [("nieuw    ", &d.appeared), ("vervallen", &d.disappeared)] {
            for f in list {
                let label = if f.waived.is_some() {
                    "opgeheven"
                } else {
                    f.severity.dutch()
                };
                out.push_str(&format!(
                    "    {word} {label}[{}]: {}\n",
                    f.rule.id(),
                    escape(&f.message)
                ));
            }
        }
    }
    if !d.outcomes.is_empty() {
        out.push_str("  Besluiten:\n");
        for o in &d.outcomes {
            out.push_str(&format!("    {}\n", escape(&o.text())));
            if let Some(crate::review::Verdict::Impossible(reason)) = &o.after {
                out.push_str(&format!("      ({})\n", escape(reason)));
            }
        }
    }
    let compared = d.errors_before.is_empty() && d.errors_after.is_empty();
    if compared
        && matches!(d.change, FileChange::Modified | FileChange::Renamed)
        && d.appeared.is_empty()
        && d.disappeared.is_empty()
        && d.outcomes.is_empty()
    {
        out.push_str("  Geen gevolgen voor bevindingen of besluiten.\n");
    }
    out
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}\n")).collect()
}

/// The report for people: each case's changes, then what was compared.
fn human(
    diffs: &[CaseDiff],
    changes: &[git::Changed],
    root: &Path,
    (from, from_commit): (&str, &str),
    (to, to_commit): (Option<&str>, Option<&str>),
    date: NaiveDate,
) -> String {
    let sources = Sources {
        root,
        from: from_commit,
        to: to_commit,
        paths: changes
            .iter()
            .flat_map(|c| [&c.before, &c.after])
            .flatten()
            .map(|p| (p.name(), p.clone()))
            .collect(),
    };
    let mut text = String::new();
    for d in diffs {
        text.push_str(&render(d, &sources));
        text.push('\n');
    }
    let between = format!(
        "{} en {}",
        short(from, from_commit),
        match (to, to_commit) {
            (Some(to), Some(commit)) => short(to, commit),
            _ => "de werkmap".into(),
        }
    );
    text.push_str(&match diffs.len() {
        0 => format!("Geen dossiers gewijzigd tussen {between}.\n"),
        n => format!(
            "{} gewijzigd tussen {between}; bevindingen en besluiten op {}.\n",
            output::count(n, "dossier", "dossiers"),
            date_in_words(date)
        ),
    });
    text
}
