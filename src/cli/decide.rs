//! `pto decide aanvraag|evaluatie|afrekening CASE...`: issue decisions as
//! archivable PDFs, one per case, in parallel.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::NaiveDate;
use serde_json::json;

use super::output::{self, Sources};
use super::{Format, Status};
use crate::archive::{Archive, Issued};
use crate::decide::Proceeding;
use crate::diag::InputError;
use crate::format::money;
use crate::git::Repository;
use crate::issue::{self, Done, Failure, Run};
use crate::letter::{EVICT_EVERY, Wording};
use crate::repo;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Procedure: aanvraag, evaluatie of afrekening.
    #[arg(value_enum)]
    pub proceeding: Proceeding,
    /// Dossiers: bestanden, mappen of zaaknummers.
    #[arg(required = true)]
    pub cases: Vec<String>,
    /// Besluitdatum JJJJ-MM-DD (standaard: vandaag).
    #[arg(long, value_parser = super::parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// Afrekening: het jaar (standaard: het jaar vóór de besluitdatum).
    #[arg(long)]
    pub year: Option<i32>,
    /// Map voor de besluiten en het register (standaard: output/).
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
    /// Ook beslissen als een dossier niet-vastgelegde wijzigingen heeft of
    /// buiten git staat; het register vermeldt dat.
    #[arg(long)]
    pub allow_uncommitted: bool,
    /// Uitvoer voor mensen (human) of voor scripts (json, één regel per besluit).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

enum Result_ {
    Done(Box<Done>),
    Failure {
        case: String,
        file: String,
        failure: Failure,
    },
}

pub fn run(args: Args) -> Status {
    let started = Instant::now();
    let root = super::root();
    let date = args.date.unwrap_or_else(super::today);
    let mut errors: Vec<InputError> = Vec::new();

    let settings = match repo::load_settings(&root) {
        Ok(s) => s,
        Err(e) => return report_input_errors(&e, args.format),
    };
    let wording = match Wording::load(Some(&root)) {
        Ok(w) => w,
        Err(e) => return report_input_errors(&e, args.format),
    };
    let files = match resolve(&root, &args.cases, &settings, date) {
        Ok(files) => files,
        Err(e) => return report_input_errors(&e, args.format),
    };
    let (files, load_errors) = repo::index_cases(&files, &settings, date);
    errors.extend(load_errors);
    let archive = match Archive::open(&args.output) {
        Ok(a) => a,
        Err(e) => {
            errors.push(InputError::file(
                args.output.display().to_string(),
                e.to_string(),
            ));
            return report_input_errors(&errors, args.format);
        }
    };
    let git = Repository::discover(&root);
    let run = Run {
        settings: &settings,
        wording: &wording,
        archive: &archive,
        git: git.as_ref(),
        allow_uncommitted: args.allow_uncommitted,
        proceeding: args.proceeding,
        date,
        year: args.year,
    };
    let progress = output::progress(files.len(), args.format, "besluiten");
    let done = AtomicUsize::new(0);
    let results: Vec<Outcome> = crate::threads::map_on_workers(&files, |file: &PathBuf| {
        let result = match crate::case::load_file(file) {
            Ok(loaded) => match issue::issue(&run, &loaded) {
                Ok(done) => Result_::Done(Box::new(done)),
                Err(failure) => Result_::Failure {
                    case: loaded.case.zaaknummer.value.clone(),
                    file: loaded.path.clone(),
                    failure,
                },
            },
            // It loaded a moment ago: it changed on disk since.
            Err(errs) => Result_::Failure {
                case: file.display().to_string(),
                file: file.display().to_string(),
                failure: Failure::Failed(format!(
                    "het dossier veranderde tijdens het uitgeven en is nu niet te lezen: {}",
                    errs.first().map_or("", |e| e.message.as_str())
                )),
            },
        };
        // Typst memoizes per compilation; evicting what recent letters did
        // not reuse keeps memory flat over any batch size.
        if done.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
            crate::letter::evict_caches(2);
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        // Only what is printed is kept: a batch of any size stays small.
        Outcome::of(&result, args.proceeding, args.format)
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    crate::letter::evict_caches(0);
    // The register lines are made durable once, before anything is reported.
    if let Err(e) = archive.sync() {
        errors.push(InputError::file(
            args.output
                .join(crate::archive::REGISTER)
                .display()
                .to_string(),
            e.to_string(),
        ));
    }

    let count = |kind: Kind| results.iter().filter(|r| r.kind == kind).count();
    let (issued, unchanged) = (count(Kind::Issued), count(Kind::Unchanged));
    let (refused, failed) = (count(Kind::Refused), count(Kind::Failed));
    let status = if !errors.is_empty() || failed > 0 {
        Status::BadInput
    } else if refused > 0 {
        Status::Findings
    } else {
        Status::Ok
    };

    match args.format {
        Format::Json => {
            let mut out = String::new();
            for e in &errors {
                out.push_str(&output::error_json(e).to_string());
                out.push('\n');
            }
            for r in &results {
                out.push_str(&r.text);
            }
            output::print(&out);
        }
        Format::Human => {
            let mut sources = Sources::default();
            let mut out = String::new();
            for e in &errors {
                out.push_str(&output::render_input_error(e, &mut sources));
                out.push('\n');
            }
            for r in &results {
                out.push_str(&r.text);
            }
            out.push_str(&format!(
                "\n{} uitgegeven, {} al eerder uitgegeven (ongewijzigd), {} geweigerd, {} mislukt{}; {:.1} s.\n",
                output::count(issued, "besluit", "besluiten"),
                unchanged,
                refused,
                failed,
                if errors.is_empty() { String::new() } else { format!(", {}", output::count(errors.len(), "invoerfout", "invoerfouten")) },
                started.elapsed().as_secs_f64()
            ));
            output::print(&out);
        }
    }
    status
}

/// What a batch keeps of one case: how it went and the text to print.
struct Outcome {
    kind: Kind,
    /// A line of JSON, or a human line, each ending in a newline.
    text: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Issued,
    Unchanged,
    Refused,
    Failed,
}

impl Outcome {
    fn of(r: &Result_, proceeding: Proceeding, format: Format) -> Outcome {
        let kind = match r {
            Result_::Done(d) if d.status == Issued::New => Kind::Issued,
            Result_::Done(_) => Kind::Unchanged,
            Result_::Failure {
                failure: Failure::Refused(_),
                ..
            } => Kind::Refused,
            Result_::Failure { .. } => Kind::Failed,
        };
        let text = match format {
            Format::Json => format!("{}\n", result_json(r, proceeding)),
            Format::Human => result_line(r, proceeding),
        };
        Outcome { kind, text }
    }
}

fn result_json(r: &Result_, proceeding: Proceeding) -> serde_json::Value {
    match r {
        Result_::Done(done) => {
            let d = &done.decision;
            let mut value = json!({
                "case": done.entry.case,
                "proceeding": proceeding.key(),
                "outcome": d.outcome.key(),
                "date": d.date.to_string(),
                "reference": d.reference,
                "pdf": done.pdf_path,
                "sha256": done.entry.sha256,
                "status": if done.status == Issued::New { "issued" } else { "unchanged" },
                "findings": d.findings.iter().map(output::finding_json).collect::<Vec<_>>(),
            });
            if let Some(s) = &d.settlement {
                value["year"] = json!(s.year);
                value["amount"] = json!(crate::format::plain(s.amount));
                value["income"] = json!(crate::format::plain(s.income));
                value["accounted"] = json!(crate::format::plain(s.accounted));
                value["benefit_paid"] = json!(crate::format::plain(s.benefit_paid));
            }
            value
        }
        Result_::Failure {
            case,
            file,
            failure,
        } => json!({
            "case": case,
            "file": file,
            "proceeding": proceeding.key(),
            "outcome": null,
            match failure { Failure::Refused(_) => "refused", Failure::Failed(_) => "failed" }: failure.to_string(),
        }),
    }
}

fn result_line(r: &Result_, proceeding: Proceeding) -> String {
    match r {
        Result_::Done(done) => {
            let d = &done.decision;
            let what = match &d.settlement {
                Some(s) if s.amount.is_zero() => d.outcome.key().replace('_', " "),
                Some(s) => format!("{} {}", d.outcome.key(), money(s.amount)),
                None => d.outcome.key().to_string(),
            };
            let label = if done.status == Issued::New {
                "uitgegeven "
            } else {
                "ongewijzigd"
            };
            format!(
                "{label}  {:<34} {:<28} {}\n",
                d.reference, what, done.pdf_path
            )
        }
        Result_::Failure {
            case,
            file,
            failure,
        } => {
            let label = match failure {
                Failure::Refused(_) => "geweigerd  ",
                Failure::Failed(_) => "mislukt    ",
            };
            format!(
                "{label}  {case} ({}, {file}): {failure}\n",
                proceeding.key()
            )
        }
    }
}

fn report_input_errors(errors: &[InputError], format: Format) -> Status {
    match format {
        Format::Json => {
            let out: String = errors
                .iter()
                .map(|e| format!("{}\n", output::error_json(e)))
                .collect();
            output::print(&out);
        }
        Format::Human => {
            let mut sources = Sources::default();
            let out: String = errors
                .iter()
                .map(|e| output::render_input_error(e, &mut sources) + "\n")
                .collect();
            output::print(&out);
        }
    }
    Status::BadInput
}

/// The case files named by `cases`: paths (files or folders) or zaaknummers.
fn resolve(
    root: &Path,
    cases: &[String],
    settings: &crate::settings::Settings,
    date: NaiveDate,
) -> Result<Vec<PathBuf>, Vec<InputError>> {
    let (paths, numbers): (Vec<&String>, Vec<&String>) =
        cases.iter().partition(|c| Path::new(c.as_str()).exists());
    let mut files = repo::case_files(root, &paths.iter().map(PathBuf::from).collect::<Vec<_>>())
        .or_else(|e| {
            if paths.is_empty() {
                Ok(Vec::new())
            } else {
                Err(e)
            }
        })?;
    if paths.is_empty() {
        files.clear();
    }
    if !numbers.is_empty() {
        let all = repo::case_files(root, &[])?;
        let set = repo::load_cases(&all, settings, date);
        let index: BTreeMap<&str, &str> = set
            .cases
            .iter()
            .map(|l| (l.case.zaaknummer.value.as_str(), l.path.as_str()))
            .collect();
        let mut errors = Vec::new();
        for number in numbers {
            match index.get(number.as_str()) {
                Some(path) => files.push(PathBuf::from(path)),
                None => errors.push(InputError::file(
                    number.as_str(),
                    format!(
                        "Geen bestand of map `{number}`, en geen dossier met dat zaaknummer in {}/.",
                        repo::CASE_DIR
                    ),
                )),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}
