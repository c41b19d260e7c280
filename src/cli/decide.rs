//! `pto decide aanvraag|evaluatie|afrekening CASE...`: issue decisions as
//! archivable PDFs, one per case, in parallel.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;

use super::output::{self, ErrorJson, FindingJson, Sources};
use super::{Common, Format, Status};
use crate::archive::{Archive, Issued};
use crate::decide::{Outcome, Proceeding};
use crate::diag::InputError;
use crate::format::{money, plain};
use crate::git::Repository;
use crate::invisible::escape;
use crate::issue::{Attempt, Batch, Done, Failure, Item, Run};
use crate::letter::Wording;
use crate::repo::{self, Index};
use crate::settings::Settings;
use crate::sign::config::Signing;

#[derive(clap::Args, Debug)]
#[command(mut_arg("date", |a| a.help("Besluitdatum JJJJ-MM-DD (standaard: vandaag)")))]
#[command(mut_arg("format", |a| a.help(
    "Uitvoer voor mensen (human) of voor scripts (json, één regel per besluit)"
)))]
pub struct Args {
    /// Procedure: aanvraag, evaluatie of afrekening.
    #[arg(value_enum)]
    pub proceeding: Proceeding,
    /// Dossiers: bestanden, mappen of zaaknummers.
    #[arg(required = true)]
    pub cases: Vec<OsString>,
    #[command(flatten)]
    pub common: Common,
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
    /// Ook een besluit uitgeven met een datum die meer dagen terugligt dan
    /// het beleid toestaat (`procedure.terugdateren_dagen`).
    #[arg(long)]
    pub allow_backdated: bool,
    /// Alleen een concept maken om te laten lezen: met CONCEPT op elke
    /// bladzijde, in output/concept/, niet in het register.
    #[arg(long)]
    pub concept: bool,
    /// Hoe de brieven worden verzonden: per post, of digitaal als de
    /// aanvrager heeft laten weten zo bereikbaar te zijn. Het register legt
    /// het vast.
    #[arg(long, value_enum, default_value = "post")]
    pub kanaal: crate::archive::Channel,
    /// Een brief die later is verzonden dan zijn datum: geef hem opnieuw uit
    /// met de verzenddatum als `--date`. Dat doet `pto verzonden`.
    #[arg(long, value_name = "KENMERK", hide = true)]
    pub vervangt: Option<String>,
}

pub fn run(args: Args) -> Status {
    let started = Instant::now();
    let (date, format) = (args.common.date(), args.common.format);
    let setup = match Setup::prepare(&args) {
        Ok(setup) => setup,
        Err(errors) => return report_input_errors(&errors, format),
    };
    if !args.concept
        && let Some(reason) = date_refusal(&setup.settings, date, args.allow_backdated)
    {
        output::print_refusal(&reason, format);
        return Status::Findings;
    }
    let batch = Batch::new(setup.run(&args, date));
    let progress = output::progress(setup.items.len(), format, "besluiten");
    let tick = || progress.iter().for_each(|bar| bar.inc(1));
    // Only what is printed is kept: a batch of any size stays small.
    let mut lines = batch.issue_all(&setup.items, &tick, |attempt| {
        Line::of(&attempt, args.proceeding, format)
    });
    progress
        .iter()
        .for_each(indicatif::ProgressBar::finish_and_clear);
    let mut errors = setup.errors;
    errors.extend(lines.iter().flat_map(|l| l.errors.iter().cloned()));
    // The register lines are written, made durable and read back before
    // anything is reported; a decision whose line is not there failed.
    let unwritten = setup.archive.sync().unwrap_or_else(|e| {
        let reason = e.to_string();
        let register = args.output.join(crate::archive::REGISTER);
        errors.push(InputError::file(register.display().to_string(), &reason));
        lines
            .iter()
            .filter_map(|l| Some((l.issued.as_ref()?.reference.clone(), reason.clone())))
            .collect()
    });
    for (reference, reason) in unwritten {
        if let Some(line) = lines
            .iter_mut()
            .find(|l| l.issued.as_ref().is_some_and(|i| i.reference == reference))
        {
            line.unregistered(&reason, args.proceeding, format);
        }
    }
    if !setup.archive.removed().is_empty() {
        note_removed(&setup.archive, &args.output);
    }
    report(&errors, &lines, format, started)
}

/// Why no decision may carry `date`: it lies after today (a letter's date is
/// the day it is sent), or further back than the policy allows without
/// `--allow-backdated`.
fn date_refusal(settings: &Settings, date: NaiveDate, backdated: bool) -> Option<String> {
    let today = chrono::Local::now().date_naive();
    if date > today {
        return Some(format!(
            "De besluitdatum {} ligt na vandaag ({}). De datum van een brief is de dag waarop \
             die wordt verstuurd; een besluit met een latere datum geeft pto niet uit. Maak er \
             een concept van om te laten lezen (`--concept`).",
            crate::calendar::date_in_words(date),
            crate::calendar::date_in_words(today)
        ));
    }
    let days = settings
        .policy
        .at_or_first(date)
        .procedure
        .terugdateren_dagen;
    let back = (today - date).num_days();
    if !backdated && back > i64::from(days) {
        return Some(format!(
            "De besluitdatum {} ligt {back} dagen terug; het beleid staat zonder meer \
             hooguit {days} dagen toe (`procedure.terugdateren_dagen`). De datum van een brief is \
             de dag waarop die wordt verstuurd, en termijnen tellen vanaf die dag. Is deze \
             datum toch juist, geef dan `--allow-backdated` mee.",
            crate::calendar::date_in_words(date)
        ));
    }
    None
}

/// Tells people what the archive cleaned up when it was opened: the
/// temporary files an interrupted run left (on stderr, beside the report).
fn note_removed(archive: &Archive, output: &Path) {
    let names: Vec<String> = archive
        .removed()
        .iter()
        .map(|p| escape(&output.join(p).display().to_string()).into_owned())
        .collect();
    eprintln!(
        "opgeruimd: {} van een afgebroken eerdere opdracht: {}",
        output::count(names.len(), "tijdelijk bestand", "tijdelijke bestanden"),
        names.join(", ")
    );
}

/// What a batch needs before it issues anything: settings, texts, the case
/// files with their zaaknummers, the archive and git. Input errors found
/// here are reported beside the batch's results.
struct Setup {
    settings: Settings,
    signing: Option<Signing>,
    wording: Wording,
    items: Vec<Item>,
    errors: Vec<InputError>,
    archive: Archive,
    git: Option<Repository>,
    /// `--vervangt`: the register entry of the letter issued again.
    replaces: Option<crate::archive::Entry>,
}

impl Setup {
    fn prepare(args: &Args) -> Result<Setup, Vec<InputError>> {
        let root = super::root();
        let mut settings = repo::load_settings(&root)?;
        // Signing is checked in full before anything is decided: a bad
        // certificate, password, time-stamp authority or trust anchor stops
        // the run, and no decision enters the archive unsigned.
        let signing = match &settings.ondertekening.digitaal {
            Some(digitaal) => Some(Signing::load(digitaal, &root)?),
            None => None,
        };
        settings.ondertekening.ondertekend_door =
            signing.as_ref().map(|s| s.certificate.name.clone());
        let wording = Wording::load(Some(&root))?;
        let (items, errors) = plan(&root, &args.cases)?;
        let archive = Archive::open(&args.output).map_err(|e| {
            let mut all = errors.clone();
            all.push(InputError::file(
                args.output.display().to_string(),
                e.to_string(),
            ));
            all
        })?;
        let replaces = match &args.vervangt {
            None => None,
            Some(reference) => Some(replaced(&archive, reference, &items, &args.output)?),
        };
        Ok(Setup {
            settings,
            signing,
            wording,
            items,
            errors,
            archive,
            git: Repository::discover(&root),
            replaces,
        })
    }

    fn run<'a>(&'a self, args: &Args, date: NaiveDate) -> Run<'a> {
        Run {
            settings: &self.settings,
            wording: &self.wording,
            archive: &self.archive,
            git: self.git.as_ref(),
            allow_uncommitted: args.allow_uncommitted,
            proceeding: args.proceeding,
            date,
            year: args.year,
            concept: args.concept,
            channel: args.kanaal,
            replaces: self.replaces.clone(),
            signing: self.signing.as_ref(),
        }
    }
}

/// The register entry `--vervangt` names: a letter in force, of the one
/// case file being issued.
fn replaced(
    archive: &Archive,
    reference: &str,
    items: &[Item],
    output: &Path,
) -> Result<crate::archive::Entry, Vec<InputError>> {
    let register = output.join(crate::archive::REGISTER).display().to_string();
    let error = |message: String| vec![InputError::file(&register, message)];
    let entries = archive.entries();
    let Some(entry) = entries.iter().find(|e| e.reference == reference) else {
        return Err(error(format!(
            "Het kenmerk {} staat niet in het register.",
            escape(reference)
        )));
    };
    if let Some(by) = entries
        .iter()
        .find(|e| e.replaces.as_deref() == Some(reference))
    {
        return Err(error(format!(
            "De brief {reference} is al vervangen door {}.",
            by.reference
        )));
    }
    if items.len() != 1 || items[0].zaaknummer.as_deref() != Some(entry.case.as_str()) {
        return Err(error(format!(
            "De brief {reference} hoort bij {}: geef alleen dat dossier op.",
            entry.case
        )));
    }
    Ok(entry.clone())
}

/// The case files `cases` names (paths of files or folders, or
/// zaaknummers), each with the zaaknummer it states; and an input error for
/// each file whose zaaknummer another case file of the repository states
/// too (naming that file): which of the two is the dossier, a person must
/// say. A zaaknummer that no file states makes the whole batch fail.
fn plan(root: &Path, cases: &[OsString]) -> Result<(Vec<Item>, Vec<InputError>), Vec<InputError>> {
    let (paths, numbers): (Vec<&OsString>, Vec<&OsString>) =
        cases.iter().partition(|c| Path::new(c).exists());
    let mut files = if paths.is_empty() {
        Vec::new()
    } else {
        repo::case_files(root, &paths.iter().map(PathBuf::from).collect::<Vec<_>>())?
    };
    // Every case file of the repository, and those named outside it.
    let mut all = repo::case_files(root, &[]).unwrap_or_default();
    all.extend(files.iter().cloned());
    let index = Index::of(&repo::unique(all));
    let mut errors = Vec::new();
    for number in numbers {
        let text = number.to_string_lossy();
        match index.claims(&text) {
            [] => errors.push(InputError::file(
                text.as_ref(),
                format!(
                    "Geen bestand of map `{text}`, en geen dossier met dat zaaknummer in {}/.",
                    repo::CASE_DIR
                ),
            )),
            claims => files.extend(claims.iter().map(|c| c.file.clone())),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut items = Vec::new();
    let mut duplicates = Vec::new();
    files.sort();
    for file in repo::unique(files) {
        let claim = index.claim_of(&file);
        let other = claim.and_then(|(number, mine)| {
            let other = index
                .claims(number)
                .iter()
                .find(|c| !repo::same_file(&c.file, &file))?;
            Some(repo::used_twice(
                &mine.name,
                mine.span,
                number,
                &other.name,
                other.span.line,
            ))
        });
        match other {
            Some(error) => duplicates.push(error),
            None => items.push(Item {
                zaaknummer: claim.map(|(number, _)| number.to_string()),
                file,
            }),
        }
    }
    Ok((items, duplicates))
}

/// What a batch keeps of one case: how it went and the text to print.
struct Line {
    kind: Kind,
    /// A line of JSON, or a human line, each ending in a newline; empty for
    /// input errors, which are printed first.
    text: String,
    errors: Vec<InputError>,
    /// A new decision: what it takes to report it failed after all.
    issued: Option<NewDecision>,
}

/// A decision issued by this batch, until its register line is confirmed.
struct NewDecision {
    reference: String,
    case: String,
    file: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Issued,
    Unchanged,
    Concept,
    Refused,
    Failed,
    Invalid,
}

impl Line {
    fn of(attempt: &Attempt, proceeding: Proceeding, format: Format) -> Line {
        let kind = match attempt {
            Attempt::Done(d) if d.status == Issued::New => Kind::Issued,
            Attempt::Done(d) if d.status == Issued::Concept => Kind::Concept,
            Attempt::Done(_) => Kind::Unchanged,
            Attempt::Failure {
                failure: Failure::Refused(_),
                ..
            } => Kind::Refused,
            Attempt::Failure { .. } => Kind::Failed,
            Attempt::Invalid(_) => Kind::Invalid,
        };
        let text = match (attempt, format) {
            (Attempt::Invalid(_), _) => String::new(),
            (Attempt::Done(done), Format::Json) => json_line(&DecisionLine::of(done)),
            (
                Attempt::Failure {
                    case,
                    file,
                    failure,
                },
                Format::Json,
            ) => json_line(&FailureLine::of(case, file, proceeding, failure)),
            (attempt, Format::Human) => human_line(attempt, proceeding),
        };
        let errors = match attempt {
            Attempt::Invalid(errors) => errors.clone(),
            _ => Vec::new(),
        };
        let issued = match attempt {
            Attempt::Done(d) if d.status == Issued::New => Some(NewDecision {
                reference: d.entry.reference.clone(),
                case: d.entry.case.clone(),
                file: d.entry.case_file.clone(),
            }),
            _ => None,
        };
        Line {
            kind,
            text,
            errors,
            issued,
        }
    }

    /// The decision's PDF is in place but its register line is not: it was
    /// not issued (issuing it again registers it).
    fn unregistered(&mut self, reason: &str, proceeding: Proceeding, format: Format) {
        let Some(new) = self.issued.take() else {
            return;
        };
        let failure = Failure::Failed(format!(
            "het besluit {} staat op schijf, maar niet in het register ({reason}); het is dus \
             niet uitgegeven. Geef het opnieuw uit zodra het register weer te schrijven is.",
            new.reference
        ));
        let attempt = Attempt::Failure {
            case: new.case,
            file: new.file,
            failure,
        };
        *self = Line::of(&attempt, proceeding, format);
    }
}

fn json_line(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string(value).unwrap_or_default();
    text.push('\n');
    text
}

/// One issued decision in `--format json` (`status`: issued or unchanged).
#[derive(Serialize)]
struct DecisionLine<'a> {
    case: &'a str,
    proceeding: Proceeding,
    outcome: Outcome,
    date: NaiveDate,
    reference: &'a str,
    pdf: &'a str,
    sha256: &'a str,
    status: &'static str,
    /// A voornemen: the last day for a zienswijze; a request to complete
    /// an application: the last day to supply the documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    respond_by: Option<NaiveDate>,
    /// A signed decision: who signed, with which certificate, the level,
    /// the times and both hashes, as the register has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<&'a crate::archive::Signature>,
    findings: Vec<FindingJson<'a>>,
    /// Settlements only: the year and its amounts.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    settlement: Option<SettlementJson>,
}

/// A settlement's amounts, as strings with two decimals ("123.40").
#[derive(Serialize)]
struct SettlementJson {
    year: i32,
    /// What is paid back or recovered.
    amount: String,
    /// The definitive income over the period.
    income: String,
    /// What was deducted monthly.
    accounted: String,
    /// The bijstand after the monthly deductions.
    benefit_paid: String,
    /// The first and last month of the period revised.
    period: Option<(crate::calendar::Month, crate::calendar::Month)>,
    /// Σ norms over the period, and the bijstand due: norms minus income.
    norm_total: String,
    benefit_due: String,
    /// The bookkeeping's profit, the taxes and premiums deducted, the share
    /// for the period (a partial year), the vrijlating of the year.
    profit: String,
    taxes: String,
    share: String,
    exempt: String,
    /// Turnover in the bookkeeping that no statement shows (pro rata).
    unreported_turnover: String,
    /// Terugvordering: the recovery before the two-year limit, the part a
    /// recorded breach caused, and what the limit bars.
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery_total: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    breach_part: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_barred: Option<String>,
}

impl<'a> DecisionLine<'a> {
    fn of(done: &'a Done) -> DecisionLine<'a> {
        let d = &done.decision;
        DecisionLine {
            case: &done.entry.case,
            proceeding: d.proceeding,
            outcome: d.outcome,
            date: d.date,
            reference: &d.reference,
            pdf: &done.pdf_path,
            sha256: &done.entry.sha256,
            status: match done.status {
                Issued::New => "issued",
                Issued::Unchanged => "unchanged",
                Issued::Concept => "concept",
            },
            respond_by: d.respond_by,
            signature: done.entry.signature.as_ref(),
            findings: d.findings.iter().map(FindingJson::from).collect(),
            settlement: d.settlement.as_ref().map(|s| SettlementJson {
                year: s.year,
                amount: plain(s.amount),
                income: plain(s.income),
                accounted: plain(s.accounted),
                benefit_paid: plain(s.benefit_paid),
                period: s.period(),
                norm_total: plain(s.norm_total),
                benefit_due: plain(s.due),
                profit: plain(s.profit),
                taxes: plain(s.taxes),
                share: plain(s.share),
                exempt: plain(s.exempt),
                unreported_turnover: plain(s.unreported_turnover()),
                recovery_total: s.recovery.as_ref().map(|r| plain(r.total)),
                breach_part: s.recovery.as_ref().and_then(|r| r.breach).map(plain),
                time_barred: s
                    .recovery
                    .as_ref()
                    .filter(|r| r.limit.is_some())
                    .map(|r| plain(r.barred_total())),
            }),
        }
    }
}

/// A case without a decision in `--format json`: `refused` (exit status 1)
/// or `failed` (exit status 2) holds the reason.
#[derive(Serialize)]
struct FailureLine<'a> {
    case: &'a str,
    file: &'a str,
    proceeding: Proceeding,
    /// Always null: there is no decision.
    outcome: Option<Outcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refused: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failed: Option<String>,
}

impl<'a> FailureLine<'a> {
    fn of(case: &'a str, file: &'a str, proceeding: Proceeding, failure: &Failure) -> Self {
        let (refused, failed) = match failure {
            Failure::Refused(m) => (Some(m.clone()), None),
            Failure::Failed(m) => (None, Some(m.clone())),
        };
        FailureLine {
            case,
            file,
            proceeding,
            outcome: None,
            refused,
            failed,
        }
    }
}

fn human_line(attempt: &Attempt, proceeding: Proceeding) -> String {
    match attempt {
        Attempt::Done(done) => {
            let d = &done.decision;
            let words = crate::review::outcome_words(d.outcome);
            let what = match &d.settlement {
                Some(s) if s.amount.is_zero() => words.to_string(),
                Some(s) => format!("{words} {}", money(s.amount)),
                None => words.to_string(),
            };
            let label = match done.status {
                Issued::New => "uitgegeven ",
                Issued::Unchanged => "ongewijzigd",
                Issued::Concept => "concept    ",
            };
            let signed = done
                .entry
                .signature
                .as_ref()
                .map(|s| format!("  (ondertekend, {})", s.level))
                .unwrap_or_default();
            format!(
                "{label}  {:<34} {:<28} {}{signed}\n",
                d.reference,
                what,
                escape(&done.pdf_path)
            )
        }
        Attempt::Failure {
            case,
            file,
            failure,
        } => {
            let label = match failure {
                Failure::Refused(_) => "geweigerd  ",
                Failure::Failed(_) => "mislukt    ",
            };
            // A file name may hold a line break; a reason may quote a value.
            format!(
                "{label}  {} ({}, {}): {}\n",
                escape(case),
                proceeding.key(),
                escape(file),
                escape(&failure.to_string())
            )
        }
        Attempt::Invalid(_) => String::new(),
    }
}

/// Prints the input errors, then a line per case, then (for people) the
/// counts; the exit status.
fn report(errors: &[InputError], lines: &[Line], format: Format, started: Instant) -> Status {
    let count = |kind: Kind| lines.iter().filter(|l| l.kind == kind).count();
    let (issued, unchanged) = (count(Kind::Issued), count(Kind::Unchanged));
    let (refused, failed) = (count(Kind::Refused), count(Kind::Failed));
    let concepts = count(Kind::Concept);
    let mut out = String::new();
    let mut sources = Sources::default();
    for e in errors {
        match format {
            Format::Json => out.push_str(&json_line(&ErrorJson::from(e))),
            Format::Human => {
                out.push_str(&output::render_input_error(e, &mut sources));
                out.push('\n');
            }
        }
    }
    lines.iter().for_each(|l| out.push_str(&l.text));
    if format == Format::Human && concepts > 0 {
        out.push_str(&format!(
            "\n{} gemaakt om te laten lezen (niet uitgegeven, niet in het register), {} geweigerd, {} mislukt; {:.1} s.\n",
            output::count(concepts, "concept", "concepten"),
            refused,
            failed,
            started.elapsed().as_secs_f64()
        ));
    } else if format == Format::Human {
        out.push_str(&format!(
            "\n{} uitgegeven, {} al eerder uitgegeven (ongewijzigd), {} geweigerd, {} mislukt{}; {:.1} s.\n",
            // A voornemen or a request is a letter, not a besluit.
            output::count(issued, "brief", "brieven"),
            unchanged,
            refused,
            failed,
            if errors.is_empty() {
                String::new()
            } else {
                format!(", {}", output::count(errors.len(), "invoerfout", "invoerfouten"))
            },
            started.elapsed().as_secs_f64()
        ));
    }
    output::print(&out);
    if !errors.is_empty() || failed > 0 {
        Status::BadInput
    } else if refused > 0 {
        Status::Findings
    } else {
        Status::Ok
    }
}

fn report_input_errors(errors: &[InputError], format: Format) -> Status {
    let mut sources = Sources::default();
    let out: String = errors
        .iter()
        .map(|e| match format {
            Format::Json => json_line(&ErrorJson::from(e)),
            Format::Human => output::render_input_error(e, &mut sources) + "\n",
        })
        .collect();
    output::print(&out);
    Status::BadInput
}
