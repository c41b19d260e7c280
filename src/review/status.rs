//! The worklist of a case repository (`pto status`): per case, what is due
//! or overdue on a given day, and what was already issued.
//!
//! What counts as due, and when it is late, comes from the policy in force
//! (`settings.policy`): the decision term on an application, the evaluation
//! interval, the bookkeeping deadline. Missing statements and late
//! bookkeeping are the catalogue's own findings (art. 8 lid 1, art. 9 lid 2),
//! so a waiver under art. 12 takes them off the list too. A decision that is
//! in the register (`output/register.jsonl`) is no longer due.
//!
//! Urgency, most urgent first:
//! 1. **te laat** (overdue): a deadline has passed, longest overdue first;
//! 2. **te doen** (due): a decision that can be taken now, the nearest
//!    deadline first, then those without a deadline (a settlement whose
//!    bookkeeping is in), oldest first;
//! 3. **binnenkort** (upcoming): falls due within the look-ahead (`within`
//!    days: an evaluation, bookkeeping), nearest first.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::Verdict;
use crate::archive::Entry;
use crate::calendar::{Month, date_in_words};
use crate::case::{Case, Period};
use crate::decide::{self, Proceeding};
use crate::rules::bookkeeping::ART9_2;
use crate::rules::statements::ART8_1;
use crate::rules::{self, Rule};
use crate::settings::{Policy, PolicyVersion};

/// What has to be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskKind {
    /// Decide on the application (art. 3).
    Aanvraag,
    /// Evaluate the permission (art. 4 lid 2).
    Evaluatie,
    /// Settle a year whose bookkeeping is in (art. 11).
    Afrekening,
    /// Monthly statements are missing (art. 8): remind the client.
    Maandopgaven,
    /// The bookkeeping is late or soon due (art. 9): remind the client.
    Jaarstukken,
    /// An approval was issued, but the permission is not in the case file.
    Toestemming,
    /// A voornemen was sent: the term for a zienswijze runs (Awb 4:8).
    Zienswijze,
    /// A request to complete the application was sent: its term runs
    /// (Awb 4:5), and the decision term is suspended meanwhile (Awb 4:15).
    Aanvulling,
    /// The term to complete the application passed without the documents:
    /// the decision not to consider it is due within four weeks (Awb 4:5
    /// lid 4).
    BuitenBehandeling,
}

impl TaskKind {
    pub fn key(self) -> &'static str {
        match self {
            TaskKind::Aanvraag => "aanvraag",
            TaskKind::Evaluatie => "evaluatie",
            TaskKind::Afrekening => "afrekening",
            TaskKind::Maandopgaven => "maandopgaven",
            TaskKind::Jaarstukken => "jaarstukken",
            TaskKind::Toestemming => "toestemming",
            TaskKind::Zienswijze => "zienswijze",
            TaskKind::Aanvulling => "aanvulling",
            TaskKind::BuitenBehandeling => "buiten_behandeling",
        }
    }
}

/// How urgent a task is; the order is the order of the worklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    Due,
    Upcoming,
}

impl Urgency {
    pub fn key(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::Due => "due",
            Urgency::Upcoming => "upcoming",
        }
    }

    pub fn dutch(self) -> &'static str {
        match self {
            Urgency::Overdue => "te laat",
            Urgency::Due => "te doen",
            Urgency::Upcoming => "binnenkort",
        }
    }
}

/// One line of the worklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub kind: TaskKind,
    pub urgency: Urgency,
    /// The last day that is in time (a decision term, the bookkeeping, the
    /// last day of a month without statement), or the day an evaluation
    /// falls due.
    pub deadline: Option<NaiveDate>,
    /// Since when the task can be done: the application received, the
    /// bookkeeping handed in.
    pub since: Option<NaiveDate>,
    pub year: Option<i32>,
    pub months: Vec<Month>,
    /// The kenmerk the decision will get, where that does not depend on the
    /// day it is taken.
    pub reference: Option<String>,
    /// The command that takes the decision.
    pub command: Option<String>,
    /// What the decision would be if taken on the day of the worklist.
    pub expected: Option<Verdict>,
    /// What is to be done, in Dutch.
    pub text: String,
}

impl Task {
    /// Days past the deadline, when it has passed.
    pub fn days_overdue(&self, date: NaiveDate) -> Option<i64> {
        let deadline = self.deadline?;
        (date > deadline).then(|| (date - deadline).num_days())
    }

    /// Days until the deadline, when it has not passed.
    pub fn days_left(&self, date: NaiveDate) -> Option<i64> {
        let deadline = self.deadline?;
        (date <= deadline).then(|| (deadline - date).num_days())
    }

    /// Sorts the worklist: urgency class, then how pressing within it.
    fn order(&self, date: NaiveDate) -> (Urgency, i64, i64) {
        let days = |d: Option<NaiveDate>| d.map_or(i64::MAX, |d| (d - date).num_days());
        match self.urgency {
            // The longest overdue first: the earliest deadline.
            Urgency::Overdue | Urgency::Upcoming => (self.urgency, days(self.deadline), 0),
            Urgency::Due => (self.urgency, days(self.deadline), days(self.since)),
        }
    }
}

/// One case on the worklist.
#[derive(Clone, Debug)]
pub struct CaseStatus {
    pub case: String,
    pub file: String,
    pub tasks: Vec<Task>,
    /// Decisions in the register for this case, by date.
    pub issued: Vec<Entry>,
}

/// The worklist of `cases` on `date`, looking `within` days ahead: every
/// case with its tasks (most urgent first), cases ordered by their most
/// urgent task; cases without tasks last, by zaaknummer.
pub fn worklist<'a>(
    cases: impl IntoIterator<Item = (&'a str, &'a Case)>,
    policy: &Policy,
    register: &[Entry],
    date: NaiveDate,
    within: u32,
) -> Vec<CaseStatus> {
    let mut list: Vec<CaseStatus> = cases
        .into_iter()
        .map(|(file, case)| {
            let zaak = case.zaaknummer.value.as_str();
            let mut issued: Vec<Entry> = crate::archive::in_force(register)
                .filter(|e| e.case == zaak)
                .cloned()
                .collect();
            issued.sort_by(|a, b| (&a.date, &a.reference).cmp(&(&b.date, &b.reference)));
            let mut tasks = tasks(case, policy, &issued, date, within);
            tasks.sort_by_key(|t| t.order(date));
            CaseStatus {
                case: zaak.to_string(),
                file: file.to_string(),
                tasks,
                issued,
            }
        })
        .collect();
    list.sort_by(|a, b| {
        let first = |c: &CaseStatus| c.tasks.first().map(|t| t.order(date));
        match (first(a), first(b)) {
            (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.case.cmp(&b.case)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.case.cmp(&b.case),
        }
    });
    list
}

/// Everything due for one case on `date`; `issued` are its register entries.
pub fn tasks(
    case: &Case,
    policy: &Policy,
    issued: &[Entry],
    date: NaiveDate,
    within: u32,
) -> Vec<Task> {
    let horizon = date
        .checked_add_days(Days::new(u64::from(within)))
        .unwrap_or(NaiveDate::MAX);
    let mut out = Vec::new();
    application(case, policy, issued, date, &mut out);
    evaluation(case, policy, issued, date, horizon, &mut out);
    settlements(case, policy, issued, date, &mut out);
    reminders(case, policy, date, horizon, &mut out);
    out
}

fn is_issued(issued: &[Entry], reference: &str) -> bool {
    issued.iter().any(|e| e.reference == reference)
}

fn command(proceeding: Proceeding, zaak: &str, year: Option<i32>) -> String {
    match year {
        Some(y) => format!("pto decide {} {zaak} --year {y}", proceeding.key()),
        None => format!("pto decide {} {zaak}", proceeding.key()),
    }
}

/// An application without a decision: due within the decision term (art. 3
/// toelichting, Awb 4:13), overdue after it. A case with a permission
/// recorded was decided, whether or not pto issued the letter.
fn application(
    case: &Case,
    policy: &Policy,
    issued: &[Entry],
    date: NaiveDate,
    out: &mut Vec<Task>,
) {
    let received = *case.aanvraag.datum;
    if case.toestemming.is_some() || date < received {
        return;
    }
    let zaak = &case.zaaknummer.value;
    let reference = decide::reference(zaak, Proceeding::Aanvraag, received, None);
    if let Some(decision) = issued.iter().find(|e| e.reference == reference) {
        // Approved: what remains is to record the permission in the file,
        // or every later task (statements, evaluation) stays invisible.
        if decision.outcome == decide::Outcome::Toekenning {
            let day = Some(decision.date);
            out.push(Task {
                kind: TaskKind::Toestemming,
                urgency: Urgency::Due,
                deadline: None,
                since: day,
                year: None,
                months: Vec::new(),
                reference: None,
                command: None,
                expected: None,
                text: format!(
                    "toestemming vastleggen in het dossier: de aanvraag is toegekend ({}), maar \
                     `toestemming` ontbreekt",
                    decision.reference
                ),
            });
        }
        return;
    }
    let history = decide::History {
        entries: issued.to_vec(),
    };
    // A decision on the application to take by `deadline`, with the
    // outcome pto expects.
    let decide_task = |kind, deadline: NaiveDate, since: NaiveDate, text: String| Task {
        kind,
        urgency: if date > deadline {
            Urgency::Overdue
        } else {
            Urgency::Due
        },
        deadline: Some(deadline),
        since: Some(since),
        year: None,
        months: Vec::new(),
        reference: Some(reference.clone()),
        command: Some(command(Proceeding::Aanvraag, zaak, None)),
        expected: Some(Verdict::after(
            case,
            policy,
            Proceeding::Aanvraag,
            date,
            None,
            &history,
        )),
        text,
    };
    let request = issued
        .iter()
        .rfind(|e| e.outcome == decide::Outcome::VerzoekAanvulling);
    let missing = case
        .aanvraag
        .stukken
        .iter()
        .filter(|s| !s.received_by(date))
        .count();
    if let Some(r) = request
        && missing > 0
    {
        let until = r.respond_by.unwrap_or(r.date);
        if date <= until {
            out.push(Task {
                kind: TaskKind::Aanvulling,
                urgency: Urgency::Upcoming,
                deadline: Some(until),
                since: Some(r.date),
                year: None,
                months: Vec::new(),
                reference: Some(r.reference.clone()),
                command: None,
                expected: None,
                text: format!(
                    "termijn om de aanvraag aan te vullen ({}, art. 4:5 Awb) loopt tot en met {}; \
                     de beslistermijn staat zolang stil. Daarna: besluit, buiten behandeling als de \
                     stukken niet binnen zijn",
                    r.reference,
                    date_in_words(until)
                ),
            });
            return;
        }
        let deadline = until + chrono::Duration::weeks(4);
        let text = format!(
            "de termijn om aan te vullen is op {} verstreken zonder de stukken: besluit binnen \
             vier weken (art. 4:5 lid 4 Awb), uiterlijk {}",
            date_in_words(until),
            date_in_words(deadline)
        );
        out.push(decide_task(
            TaskKind::BuitenBehandeling,
            deadline,
            until,
            text,
        ));
        return;
    }
    // Awb 4:15: the days a request ran suspend the decision term.
    let suspended = request.map_or(0, |r| {
        let until = r.respond_by.unwrap_or(r.date);
        let completed = case
            .aanvraag
            .stukken
            .iter()
            .filter_map(|s| s.ontvangen.as_ref().map(|d| d.value))
            .filter(|d| *d > r.date)
            .max()
            .unwrap_or(until)
            .min(until);
        u64::try_from((completed - r.date).num_days()).unwrap_or(0)
    });
    let weeks = policy.at_or_first(received).beslistermijn_weken;
    let deadline = received
        .checked_add_days(Days::new(u64::from(weeks) * 7 + suspended))
        .unwrap_or(NaiveDate::MAX);
    let text = if suspended > 0 {
        format!(
            "besluit op de aanvraag van {} (beslistermijn {weeks} weken, {suspended} dagen \
             opgeschort voor de aanvulling: uiterlijk {})",
            date_in_words(received),
            date_in_words(deadline)
        )
    } else {
        format!(
            "besluit op de aanvraag van {} (beslistermijn {weeks} weken: uiterlijk {})",
            date_in_words(received),
            date_in_words(deadline)
        )
    };
    out.push(decide_task(TaskKind::Aanvraag, deadline, received, text));
}

/// A voornemen awaiting its zienswijze: the term, and what follows it.
fn zienswijze_task(
    case: &Case,
    voornemen: &Entry,
    date: NaiveDate,
    command: String,
    out: &mut Vec<Task>,
) -> bool {
    let until = voornemen.respond_by.unwrap_or(voornemen.date);
    let answered = case.zienswijzen.iter().any(|z| {
        z.voornemen.value == voornemen.reference
            && z.ontvangen.as_ref().is_none_or(|d| d.value <= date)
    });
    if answered || date > until {
        return false;
    }
    out.push(Task {
        kind: TaskKind::Zienswijze,
        urgency: Urgency::Upcoming,
        deadline: Some(until),
        since: Some(voornemen.date),
        year: None,
        months: Vec::new(),
        reference: Some(voornemen.reference.clone()),
        command: Some(command),
        expected: None,
        text: format!(
            "termijn voor een zienswijze op het voornemen {} (art. 4:8 Awb) loopt tot en met {}; \
             het besluit kan vanaf {}, of eerder als de zienswijze in het dossier staat",
            voornemen.reference,
            date_in_words(until),
            date_in_words(until + chrono::Duration::days(1))
        ),
    });
    true
}

/// The evaluation (art. 4 lid 2): due one interval after the permission
/// started, and one interval after each evaluation since. None after a
/// withdrawal, nor once the permission has ended.
fn evaluation(
    case: &Case,
    policy: &Policy,
    issued: &[Entry],
    date: NaiveDate,
    horizon: NaiveDate,
    out: &mut Vec<Task>,
) {
    let Some(permission) = &case.toestemming else {
        return;
    };
    if permission
        .einddatum
        .as_ref()
        .is_some_and(|e| e.value < date)
    {
        return;
    }
    let evaluations: Vec<&Entry> = issued
        .iter()
        .filter(|e| {
            matches!(
                e.outcome,
                decide::Outcome::Verlenging | decide::Outcome::Intrekking
            )
        })
        .collect();
    if evaluations
        .iter()
        .any(|e| e.outcome == decide::Outcome::Intrekking)
    {
        return;
    }
    let last = evaluations.iter().map(|e| e.date).max();
    let from = last.unwrap_or(*permission.ingangsdatum);
    let months = policy.at_or_first(from).evaluatie_maanden;
    let Some(due) = from.checked_add_months(Months::new(months)) else {
        return;
    };
    if due > horizon {
        return;
    }
    let zaak = &case.zaaknummer.value;
    let voornemen = issued.iter().rfind(|e| {
        e.outcome == decide::Outcome::VoornemenIntrekking && last.is_none_or(|l| e.date > l)
    });
    if let Some(v) = voornemen
        && zienswijze_task(
            case,
            v,
            date,
            command(Proceeding::Evaluatie, zaak, None),
            out,
        )
    {
        return;
    }
    let after = match last {
        Some(day) => format!(
            "{months} maanden na de evaluatie van {}",
            date_in_words(day)
        ),
        None => format!(
            "{months} maanden na de ingangsdatum van de toestemming ({})",
            date_in_words(*permission.ingangsdatum)
        ),
    };
    out.push(Task {
        kind: TaskKind::Evaluatie,
        urgency: match due.cmp(&date) {
            std::cmp::Ordering::Less => Urgency::Overdue,
            std::cmp::Ordering::Equal => Urgency::Due,
            std::cmp::Ordering::Greater => Urgency::Upcoming,
        },
        deadline: Some(due),
        since: None,
        year: None,
        months: Vec::new(),
        reference: None,
        command: Some(command(Proceeding::Evaluatie, zaak, None)),
        expected: Some(Verdict::after(
            case,
            policy,
            Proceeding::Evaluatie,
            date,
            None,
            &decide::History {
                entries: issued.to_vec(),
            },
        )),
        text: match voornemen {
            Some(v) => format!(
                "evaluatie op {}, {after}: besluit na het voornemen {}",
                date_in_words(due),
                v.reference
            ),
            None => format!("evaluatie op {}, {after}", date_in_words(due)),
        },
    });
}

/// A settlement for every year whose bookkeeping is in and that has no
/// settlement in the register (art. 11 lid 4).
fn settlements(
    case: &Case,
    policy: &Policy,
    issued: &[Entry],
    date: NaiveDate,
    out: &mut Vec<Task>,
) {
    let Some(permission) = &case.toestemming else {
        return;
    };
    let zaak = &case.zaaknummer.value;
    for books in &case.jaarstukken {
        let year = *books.boekjaar;
        let Some(handed_in) = books.ingeleverd.as_ref().map(|d| d.value) else {
            continue;
        };
        let in_permission = (1..=12)
            .filter_map(|m| Month::new(year, m))
            .any(|m| permission.covers(m));
        if handed_in > date || !in_permission {
            continue;
        }
        let reference = decide::reference(zaak, Proceeding::Afrekening, date, Some(year));
        if is_issued(issued, &reference) {
            continue;
        }
        let voornemen = issued.iter().find(|e| {
            e.outcome == decide::Outcome::VoornemenTerugvordering
                && e.reference == format!("{zaak}-VOORNEMEN-AFREKENING-{year}")
        });
        if let Some(v) = voornemen
            && zienswijze_task(
                case,
                v,
                date,
                command(Proceeding::Afrekening, zaak, Some(year)),
                out,
            )
        {
            continue;
        }
        out.push(Task {
            kind: TaskKind::Afrekening,
            urgency: Urgency::Due,
            deadline: None,
            since: Some(handed_in),
            year: Some(year),
            months: Vec::new(),
            reference: Some(reference),
            command: Some(command(Proceeding::Afrekening, zaak, Some(year))),
            expected: Some(Verdict::after(
                case,
                policy,
                Proceeding::Afrekening,
                date,
                Some(year),
                &decide::History {
                    entries: issued.to_vec(),
                },
            )),
            text: match voornemen {
                Some(v) => format!(
                    "afrekening over {year}: besluit na het voornemen {}",
                    v.reference
                ),
                None => format!(
                    "afrekening over {year}: de jaarstukken zijn op {} ingeleverd",
                    date_in_words(handed_in)
                ),
            },
        });
    }
}

/// What the client owes: monthly statements (art. 8 lid 1) and bookkeeping
/// (art. 9 lid 2), as the catalogue finds them missing on `date`; and
/// bookkeeping that falls due within the look-ahead.
fn reminders(
    case: &Case,
    policy: &Policy,
    date: NaiveDate,
    horizon: NaiveDate,
    out: &mut Vec<Task>,
) {
    let Some(permission) = &case.toestemming else {
        return;
    };
    let findings = rules::check(case, policy, date);
    let open = |rule: &'static Rule| {
        findings
            .iter()
            .filter(move |f| f.rule == rule && f.waived.is_none())
    };

    let missing: Vec<Month> = open(&ART8_1)
        .filter_map(|f| match f.period {
            Some(Period::Month(m)) => Some(m),
            _ => None,
        })
        .collect();
    if let Some(first) = missing.first() {
        let names: Vec<String> = missing.iter().map(|m| m.in_words()).collect();
        out.push(Task {
            kind: TaskKind::Maandopgaven,
            urgency: Urgency::Overdue,
            deadline: Some(first.last_day()),
            since: None,
            year: None,
            months: missing.clone(),
            reference: None,
            command: None,
            expected: None,
            text: format!(
                "{} ({}): over {}",
                if missing.len() == 1 {
                    "een maandopgave ontbreekt"
                } else {
                    "maandopgaven ontbreken"
                },
                ART8_1
                    .article_short(policy.at_or_first(first.first_day()))
                    .unwrap_or_default(),
                and_list(&names)
            ),
        });
    }

    // Late: the catalogue's art. 9 lid 2 finding, while nothing is handed in.
    let handed_in = |year: i32| {
        case.jaarstukken_van(year)
            .and_then(|j| j.ingeleverd.as_ref())
            .is_some_and(|d| d.value <= date)
    };
    let article = |year: i32| {
        ART9_2
            .article_short(books_policy(policy, year))
            .unwrap_or_default()
    };
    let mut late_years = Vec::new();
    for f in open(&ART9_2) {
        let Some(Period::Year(year)) = f.period else {
            continue;
        };
        if handed_in(year) {
            continue;
        }
        late_years.push(year);
        let last_day = last_day_for_books(case, policy, year);
        let text = format!(
            "jaarstukken over {year} niet ingeleverd ({}): die moesten uiterlijk {} binnen zijn",
            article(year),
            date_in_words(last_day)
        );
        out.push(books_task(Urgency::Overdue, year, last_day, text));
    }

    // Soon due: a year that is over, with months in the permission, whose
    // bookkeeping is not in and whose last day falls within the look-ahead.
    let first_year = permission.ingangsdatum.value.year();
    for year in first_year..date.year() {
        if late_years.contains(&year) || handed_in(year) {
            continue;
        }
        let in_permission = (1..=12)
            .filter_map(|m| Month::new(year, m))
            .any(|m| permission.covers(m));
        let last_day = last_day_for_books(case, policy, year);
        if !in_permission || last_day < date || last_day > horizon {
            continue;
        }
        let text = format!(
            "jaarstukken over {year} in te leveren, uiterlijk {} ({})",
            date_in_words(last_day),
            article(year)
        );
        out.push(books_task(Urgency::Upcoming, year, last_day, text));
    }
}

/// The task of handing in the bookkeeping of `year`, due on `last_day`.
fn books_task(urgency: Urgency, year: i32, last_day: NaiveDate, text: String) -> Task {
    Task {
        kind: TaskKind::Jaarstukken,
        urgency,
        deadline: Some(last_day),
        since: None,
        year: Some(year),
        months: Vec::new(),
        reference: None,
        command: None,
        expected: None,
        text,
    }
}

/// The last day the bookkeeping of `year` is in time: the extension, or the
/// day before the policy's deadline.
fn last_day_for_books(case: &Case, policy: &Policy, year: i32) -> NaiveDate {
    let extension = case
        .jaarstukken_van(year)
        .and_then(|j| j.uitstel_tot.as_ref())
        .map(|u| u.value);
    extension.unwrap_or_else(|| {
        books_policy(policy, year)
            .jaarstukken_te_laat_vanaf(year)
            .pred_opt()
            .unwrap_or(NaiveDate::MIN)
    })
}

/// The policy that governs the bookkeeping of `year`: the one in force on
/// its first day, as the catalogue's art. 9 rules take it.
fn books_policy(policy: &Policy, year: i32) -> &PolicyVersion {
    policy.at_or_first(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN))
}

/// "april 2025, mei 2025 en juni 2025"
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{case, date};

    const WITHIN: u32 = 28;

    fn entry(reference: &str, proceeding: &str, outcome: &str, day: &str) -> Entry {
        Entry {
            reference: reference.into(),
            case: "PTO-TEST-1".into(),
            proceeding: serde_json::from_value(proceeding.into()).unwrap(),
            outcome: serde_json::from_value(outcome.into()).unwrap(),
            amount: None,
            date: date(day),
            pdf: String::new(),
            sha256: String::new(),
            case_file: String::new(),
            git_commit: None,
            case_blob: None,
            uncommitted: false,
            pto_version: String::new(),
            period: None,
            respond_by: None,
            issued_at: String::new(),
            sent: None,
            replaces: None,
            signature: None,
        }
    }

    fn summary(tasks: &[Task], on: &str) -> Vec<String> {
        let mut tasks = tasks.to_vec();
        tasks.sort_by_key(|t| t.order(date(on)));
        tasks
            .iter()
            .map(|t| {
                format!(
                    "{} {} {}",
                    t.urgency.key(),
                    t.kind.key(),
                    t.deadline.map_or("-".into(), |d| d.to_string())
                )
            })
            .collect()
    }

    #[test]
    fn an_application_is_due_within_the_decision_term_and_overdue_after() {
        let c = case(&[], "");
        let policy = Policy::ridderkerk();
        // Received 2024-01-08; eight weeks later is 2024-03-04.
        let t = tasks(&c, &policy, &[], date("2024-02-01"), WITHIN);
        assert_eq!(summary(&t, "2024-02-01"), ["due aanvraag 2024-03-04"]);
        assert_eq!(t[0].days_left(date("2024-02-01")), Some(32));
        assert_eq!(
            t[0].reference.as_deref(),
            Some("PTO-TEST-1-AANVRAAG-20240108")
        );
        let t = tasks(&c, &policy, &[], date("2024-03-10"), WITHIN);
        assert_eq!(t[0].urgency, Urgency::Overdue);
        assert_eq!(t[0].days_overdue(date("2024-03-10")), Some(6));
        // Once issued, it is off the list.
        let issued = [entry(
            "PTO-TEST-1-AANVRAAG-20240108",
            "aanvraag",
            "afwijzing",
            "2024-03-01",
        )];
        assert!(tasks(&c, &policy, &issued, date("2024-03-10"), WITHIN).is_empty());
        // Approved, but the permission is not recorded yet.
        let issued = [entry(
            "PTO-TEST-1-AANVRAAG-20240108",
            "aanvraag",
            "toekenning",
            "2024-03-01",
        )];
        let t = tasks(&c, &policy, &issued, date("2024-03-10"), WITHIN);
        assert_eq!(summary(&t, "2024-03-10"), ["due toestemming -"]);
        assert_eq!(t[0].since, Some(date("2024-03-01")));
    }

    /// A permission from 2024-02-01 with statements for February to
    /// December 2024 and bookkeeping for 2024 handed in on 2025-04-20.
    fn running() -> Case {
        let mut text = String::from("toestemming: { ingangsdatum: 2024-02-01 }\nmaanden:\n");
        for m in 2..=12 {
            text.push_str(&format!(
                "  - {{ maand: 2024-{m:02}, omzet: 100, uren_direct: 10, uren_indirect: 0 }}\n"
            ));
        }
        text.push_str("  - { maand: 2025-01, omzet: 100, uren_direct: 10, uren_indirect: 0 }\n");
        text.push_str(
            "jaarstukken:\n  - { boekjaar: 2024, ingeleverd: 2025-04-20, aangifte_ib: true, jaarrekening: true, kasboek: false, omzet: 1100, periode: { van: 2024-02, tot: 2024-12 } }\n",
        );
        case(&[], &text)
    }

    #[test]
    fn evaluation_settlement_and_missing_statements() {
        let policy = Policy::ridderkerk();
        let c = running();
        let t = tasks(&c, &policy, &[], date("2025-03-10"), WITHIN);
        assert_eq!(
            summary(&t, "2025-03-10"),
            // Missing since the end of February 2025; the evaluation was due
            // on 2025-02-01, a year after the permission started.
            [
                "overdue evaluatie 2025-02-01",
                "overdue maandopgaven 2025-02-28"
            ]
        );
        let statements = t.iter().find(|t| t.kind == TaskKind::Maandopgaven).unwrap();
        assert_eq!(
            statements.text,
            "een maandopgave ontbreekt (art. 8): over februari 2025"
        );
        let t = tasks(&c, &policy, &[], date("2025-04-25"), WITHIN);
        let settlement = t.iter().find(|t| t.kind == TaskKind::Afrekening).unwrap();
        assert_eq!(settlement.urgency, Urgency::Due);
        assert_eq!(
            settlement.reference.as_deref(),
            Some("PTO-TEST-1-AFREKENING-2024")
        );
        assert_eq!(
            settlement.expected.as_ref().unwrap().words(),
            "geen verschil"
        );
        assert_eq!(
            settlement.command.as_deref(),
            Some("pto decide afrekening PTO-TEST-1 --year 2024")
        );
        // Issued: the settlement is off the list, the next evaluation is a
        // year after the last.
        let issued = [
            entry(
                "PTO-TEST-1-AFREKENING-2024",
                "afrekening",
                "geen_verschil",
                "2025-04-25",
            ),
            entry(
                "PTO-TEST-1-EVALUATIE-202502",
                "evaluatie",
                "verlenging",
                "2025-02-03",
            ),
        ];
        let t = tasks(&c, &policy, &issued, date("2025-04-25"), WITHIN);
        assert!(t.iter().all(|t| t.kind == TaskKind::Maandopgaven), "{t:?}");
        let t = tasks(&c, &policy, &issued, date("2026-01-20"), WITHIN);
        assert!(
            t.iter().any(|t| t.kind == TaskKind::Evaluatie
                && t.deadline == Some(date("2026-02-03"))
                && t.urgency == Urgency::Upcoming),
            "{t:?}"
        );
    }

    #[test]
    fn bookkeeping_soon_due_then_late() {
        let policy = Policy::ridderkerk();
        let mut text = String::from(
            "toestemming: { ingangsdatum: 2024-02-01, einddatum: 2024-12-31 }\nmaanden:\n",
        );
        for m in 2..=12 {
            text.push_str(&format!(
                "  - {{ maand: 2024-{m:02}, omzet: 100, uren_direct: 10, uren_indirect: 0 }}\n"
            ));
        }
        let c = case(&[], &text);
        let t = tasks(&c, &policy, &[], date("2025-04-10"), WITHIN);
        assert_eq!(
            summary(&t, "2025-04-10"),
            ["upcoming jaarstukken 2025-04-30"]
        );
        let t = tasks(&c, &policy, &[], date("2025-05-02"), WITHIN);
        assert_eq!(
            summary(&t, "2025-05-02"),
            ["overdue jaarstukken 2025-04-30"]
        );
        // A waiver under art. 12 takes it off the list.
        let waived = case(
            &[],
            &format!(
                "{text}afwijkingen:\n  - {{ regel: art9.2, betreft: 2024, datum: 2025-05-01, motivering: Ziekte }}\n"
            ),
        );
        assert!(tasks(&waived, &policy, &[], date("2025-05-02"), WITHIN).is_empty());
    }

    #[test]
    fn the_worklist_puts_the_most_overdue_case_first() {
        let policy = Policy::ridderkerk();
        let pending = case(&[("PTO-TEST-1", "PTO-TEST-2")], "");
        let running = running();
        let quiet = case(
            &[("PTO-TEST-1", "PTO-TEST-0")],
            "toestemming: { ingangsdatum: 2024-02-01, einddatum: 2024-02-29 }\n\
             maanden: [{ maand: 2024-02, omzet: 0, uren_direct: 0, uren_indirect: 0 }]\n",
        );
        let list = worklist(
            [
                ("c.yaml", &quiet),
                ("b.yaml", &pending),
                ("a.yaml", &running),
            ],
            &policy,
            &[],
            date("2025-03-10"),
            WITHIN,
        );
        // The application was due on 2024-03-04, the evaluation of the
        // running case on 2025-02-01; the ended case has nothing to do.
        let order: Vec<&str> = list.iter().map(|c| c.case.as_str()).collect();
        assert_eq!(order, ["PTO-TEST-2", "PTO-TEST-1", "PTO-TEST-0"]);
    }
}
