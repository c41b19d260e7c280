//! `pto status`: the worklist of a case repository — per case what is due
//! or overdue, and what was already issued, most urgent first.

use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::output::{self, ErrorJson, Sources};
use super::{Common, Format, Status};
use crate::calendar::date_in_words;
use crate::decide::{Outcome, Proceeding};
use crate::diag::InputError;
use crate::format::money;
use crate::invisible::escape;
use crate::repo;
use crate::review::status::{self, CaseStatus, Task, Urgency};
use crate::review::{Verdict, VerdictJson};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Dossiers of mappen (standaard: case-files/).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// Zoveel dagen vooruitkijken naar wat binnenkort moet.
    #[arg(long, default_value_t = 28, value_parser = clap::value_parser!(u32).range(0..=3660))]
    pub within: u32,
    /// De map met besluiten en register (standaard: output/).
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Status {
    let root = super::root();
    let date = args.common.date();
    let mut errors: Vec<InputError> = Vec::new();
    let settings = match repo::load_settings(&root) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let files = repo::case_files(&root, &args.paths).unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    });
    let register = super::register_entries(&args.output).unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    });
    let mut list = Vec::new();
    if let Some(settings) = &settings {
        let set = repo::load_cases(&root, &files, settings, date);
        errors.extend(set.errors);
        list = status::worklist(
            set.cases.iter().map(|l| (l.path.as_str(), &l.case)),
            &settings.policy,
            &register,
            date,
            args.within,
        );
    }

    match args.common.format {
        Format::Json => output::print_json(&StatusJson {
            date,
            within_days: args.within,
            cases: list.iter().map(|c| CaseJson::new(c, date)).collect(),
            errors: errors.iter().map(ErrorJson::from).collect(),
        }),
        Format::Human => {
            let mut sources = Sources::default();
            let mut text = String::new();
            for e in &errors {
                text.push_str(&output::render_input_error(e, &mut sources));
                text.push('\n');
            }
            text.push_str(&render(&list, date, args.within));
            output::print(&text);
        }
    }
    if errors.is_empty() {
        Status::Ok
    } else {
        Status::BadInput
    }
}

/// `pto status --format json`: the worklist on `date`.
#[derive(Serialize)]
struct StatusJson<'a> {
    date: NaiveDate,
    within_days: u32,
    cases: Vec<CaseJson<'a>>,
    errors: Vec<ErrorJson<'a>>,
}

#[derive(Serialize)]
struct CaseJson<'a> {
    case: &'a str,
    file: &'a str,
    tasks: Vec<TaskJson<'a>>,
    issued: Vec<IssuedJson<'a>>,
}

#[derive(Serialize)]
struct TaskJson<'a> {
    task: &'static str,
    urgency: &'static str,
    deadline: Option<NaiveDate>,
    days_overdue: Option<i64>,
    days_left: Option<i64>,
    since: Option<NaiveDate>,
    year: Option<i32>,
    months: Vec<String>,
    reference: Option<&'a str>,
    command: Option<&'a str>,
    /// The decision if it were taken on the worklist's day.
    expected: Option<VerdictJson<'a>>,
    text: &'a str,
}

/// A decision in the register.
#[derive(Serialize)]
struct IssuedJson<'a> {
    reference: &'a str,
    proceeding: Proceeding,
    outcome: Outcome,
    /// Settlements: "123.40".
    amount: Option<String>,
    date: NaiveDate,
}

impl<'a> CaseJson<'a> {
    fn new(c: &'a CaseStatus, date: NaiveDate) -> CaseJson<'a> {
        CaseJson {
            case: &c.case,
            file: &c.file,
            tasks: c.tasks.iter().map(|t| TaskJson::new(t, date)).collect(),
            issued: c
                .issued
                .iter()
                .map(|e| IssuedJson {
                    reference: &e.reference,
                    proceeding: e.proceeding,
                    outcome: e.outcome,
                    amount: e.amount.map(crate::format::plain),
                    date: e.date,
                })
                .collect(),
        }
    }
}

impl<'a> TaskJson<'a> {
    fn new(t: &'a Task, date: NaiveDate) -> TaskJson<'a> {
        TaskJson {
            task: t.kind.key(),
            urgency: t.urgency.key(),
            deadline: t.deadline,
            days_overdue: t.days_overdue(date),
            days_left: t.days_left(date),
            since: t.since,
            year: t.year,
            months: t.months.iter().map(|m| m.to_string()).collect(),
            reference: t.reference.as_deref(),
            command: t.command.as_deref(),
            expected: t.expected.as_ref().map(Verdict::json),
            text: &t.text,
        }
    }
}

fn days(n: i64) -> String {
    output::count(usize::try_from(n).unwrap_or(0), "dag", "dagen")
}

/// When, relative to the worklist's day: "46 dagen te laat", "nog 21 dagen".
fn timing(t: &Task, date: NaiveDate) -> Option<String> {
    if let Some(n) = t.days_overdue(date) {
        return Some(format!("{} te laat", days(n)));
    }
    match t.days_left(date)? {
        0 => Some("vandaag".into()),
        n if t.urgency == Urgency::Upcoming => Some(format!("over {}", days(n))),
        n => Some(format!("nog {}", days(n))),
    }
}

fn render(list: &[CaseStatus], date: NaiveDate, within: u32) -> String {
    let horizon = date
        .checked_add_days(Days::new(u64::from(within)))
        .unwrap_or(date);
    let mut out = format!(
        "Werkvoorraad op {} (vooruitgekeken tot en met {})\n\n",
        date_in_words(date),
        date_in_words(horizon)
    );
    // A case with nothing to do is shown only for what was issued.
    for c in list
        .iter()
        .filter(|c| !c.tasks.is_empty() || !c.issued.is_empty())
    {
        // The file name (and what the register says) may hold anything.
        out.push_str(&format!("{}  {}\n", escape(&c.case), escape(&c.file)));
        if c.tasks.is_empty() {
            out.push_str(&format!("  {:<11} niets te doen\n", ""));
        }
        for t in &c.tasks {
            let when = timing(t, date)
                .map(|w| format!(" — {w}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {:<11} {}{when}\n",
                t.urgency.dutch(),
                escape(&t.text)
            ));
            let mut next = Vec::new();
            if let Some(v) = &t.expected {
                next.push(format!("besluit nu: {}", v.words()));
            }
            if let Some(command) = &t.command {
                next.push(command.clone());
            }
            if !next.is_empty() {
                out.push_str(&format!("  {:<11} {}\n", "", next.join("; ")));
            }
        }
        for e in &c.issued {
            out.push_str(&format!(
                "  {:<11} {}\n",
                "uitgegeven",
                escape(&issued_line(e))
            ));
        }
        out.push('\n');
    }
    let quiet: Vec<&CaseStatus> = list.iter().filter(|c| c.tasks.is_empty()).collect();
    if !quiet.is_empty() {
        let names: Vec<&str> = quiet.iter().map(|c| c.case.as_str()).collect();
        out.push_str(&format!(
            "Niets te doen voor {}: {}.\n",
            output::count(quiet.len(), "dossier", "dossiers"),
            names.join(", ")
        ));
    }
    let of = |u: Urgency| {
        list.iter()
            .flat_map(|c| &c.tasks)
            .filter(|t| t.urgency == u)
            .count()
    };
    out.push_str(&format!(
        "{}: {} te laat, {} te doen, {} binnenkort.\n",
        output::count(list.len(), "dossier", "dossiers"),
        of(Urgency::Overdue),
        of(Urgency::Due),
        of(Urgency::Upcoming)
    ));
    out
}

/// "PTO-2024-0012-AANVRAAG-20240108: toekenning op 20 februari 2024"
fn issued_line(e: &crate::archive::Entry) -> String {
    let outcome = crate::review::outcome_words(e.outcome);
    let amount = e
        .amount
        .filter(|a| !a.is_zero())
        .map(|a| format!(" {}", money(a)))
        .unwrap_or_default();
    format!(
        "{}: {outcome}{amount} op {}",
        e.reference,
        date_in_words(e.date)
    )
}
