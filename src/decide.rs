//! Proceeding + findings + settlement + what was issued before → a
//! decision: everything a letter says, as values. Pure: no disk, no Typst
//! (docs/architecture.md). What the register holds of the case arrives as a
//! [`History`] value, so that the Awb procedure (a voornemen before an
//! intrekking, a request to complete an application, the evaluated period)
//! is decided here too.

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::archive::{Entry, RegisteredPeriod};
use crate::calendar::{Month, date_in_words};
use crate::case::{Case, Period, Stuk, Zienswijze};
use crate::diag::Severity;
use crate::letter::LetterKind;
use crate::rules::{self, Finding, Scope, Stage};
use crate::settings::Policy;
use crate::settle::{self, Settlement};

/// The three proceedings (procedures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Proceeding {
    /// Besluit op de aanvraag (art. 3).
    Aanvraag,
    /// Jaarlijkse evaluatie (art. 4 lid 2).
    Evaluatie,
    /// Definitieve vaststelling van de inkomsten over een jaar (art. 11).
    Afrekening,
}

impl Proceeding {
    pub fn key(self) -> &'static str {
        match self {
            Proceeding::Aanvraag => "aanvraag",
            Proceeding::Evaluatie => "evaluatie",
            Proceeding::Afrekening => "afrekening",
        }
    }
}

/// What a proceeding ends in: a besluit, or a letter of the procedure
/// before it (a voornemen, a request to complete an application).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Toekenning,
    Afwijzing,
    Verlenging,
    Intrekking,
    Nabetaling,
    Terugvordering,
    GeenVerschil,
    /// Awb 4:8: the intended intrekking, with an invitation to a zienswijze.
    VoornemenIntrekking,
    /// Awb 4:8: the intended terugvordering, with an invitation to a
    /// zienswijze.
    VoornemenTerugvordering,
    /// Awb 4:5: a request to complete the application.
    VerzoekAanvulling,
    /// Awb 4:5: the application is not considered (a besluit).
    BuitenBehandeling,
}

impl Outcome {
    pub const ALL: [Outcome; 11] = [
        Outcome::Toekenning,
        Outcome::Afwijzing,
        Outcome::Verlenging,
        Outcome::Intrekking,
        Outcome::Nabetaling,
        Outcome::Terugvordering,
        Outcome::GeenVerschil,
        Outcome::VoornemenIntrekking,
        Outcome::VoornemenTerugvordering,
        Outcome::VerzoekAanvulling,
        Outcome::BuitenBehandeling,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Toekenning => "toekenning",
            Outcome::Afwijzing => "afwijzing",
            Outcome::Verlenging => "verlenging",
            Outcome::Intrekking => "intrekking",
            Outcome::Nabetaling => "nabetaling",
            Outcome::Terugvordering => "terugvordering",
            Outcome::GeenVerschil => "geen_verschil",
            Outcome::VoornemenIntrekking => "voornemen_intrekking",
            Outcome::VoornemenTerugvordering => "voornemen_terugvordering",
            Outcome::VerzoekAanvulling => "verzoek_aanvulling",
            Outcome::BuitenBehandeling => "buiten_behandeling",
        }
    }

    pub fn from_key(key: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.key() == key)
    }

    /// Whether this is a besluit (Awb 1:3), open to objection; a voornemen
    /// and a request to complete an application are steps towards one.
    pub fn is_besluit(self) -> bool {
        !matches!(
            self,
            Outcome::VoornemenIntrekking
                | Outcome::VoornemenTerugvordering
                | Outcome::VerzoekAanvulling
        )
    }

    /// The final decision a voornemen announces.
    pub fn announced(self) -> Option<Outcome> {
        match self {
            Outcome::VoornemenIntrekking => Some(Outcome::Intrekking),
            Outcome::VoornemenTerugvordering => Some(Outcome::Terugvordering),
            _ => None,
        }
    }
}

/// What the register holds of one case: every letter issued for it, in the
/// order issued. The Awb procedure reads it: the last evaluation, a
/// voornemen awaiting its zienswijze, a request to complete an application.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub entries: Vec<Entry>,
}

impl History {
    /// What counts of the register for `case`: a letter replaced by a
    /// later issue was never sent.
    pub fn of(case: &str, entries: &[Entry]) -> History {
        History {
            entries: crate::archive::in_force(entries)
                .filter(|e| e.case == case)
                .cloned()
                .collect(),
        }
    }

    fn of_outcome(&self, outcome: Outcome) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.outcome == outcome)
    }
}

/// A settlement an evaluation mentions: its year, and the outcome, amount
/// and kenmerk of its own letter.
#[derive(Clone, Debug)]
pub struct OpenSettlement {
    pub year: i32,
    pub outcome: Outcome,
    pub amount: Decimal,
    pub reference: String,
}

/// A voornemen the decision follows, and what the person said to it.
#[derive(Clone, Debug)]
pub struct AfterVoornemen {
    pub reference: String,
    pub date: NaiveDate,
    /// The last day for a zienswijze.
    pub respond_by: NaiveDate,
    /// The zienswijze recorded in the case file, or none (the term passed
    /// without one).
    pub zienswijze: Option<Zienswijze>,
    /// What the voornemen announced.
    pub announced: Outcome,
}

/// A request to complete the application (Awb 4:5), as sent.
#[derive(Clone, Debug)]
pub struct Request {
    pub reference: String,
    pub date: NaiveDate,
    /// The last day to supply the documents.
    pub until: NaiveDate,
}

/// Everything a decision letter says.
#[derive(Clone, Debug)]
pub struct Decision {
    pub proceeding: Proceeding,
    pub outcome: Outcome,
    /// The decision date: the letter's date, its intended sending date.
    pub date: NaiveDate,
    /// Kenmerk: stable, unique, derived from the case and the proceeding.
    pub reference: String,
    /// The findings the decision rests on (for an evaluation: those of the
    /// evaluation period).
    pub findings: Vec<Finding>,
    /// Evaluation: the months judged.
    pub period: Option<(Month, Month)>,
    /// Toekenning: from when the permission holds; intrekking: from when it
    /// is withdrawn.
    pub effective: Option<NaiveDate>,
    /// Toekenning, verlenging: the month of the next evaluation.
    pub next_evaluation: Option<Month>,
    pub settlement: Option<Settlement>,
    /// A voornemen: the last day for a zienswijze; a request to complete an
    /// application: the last day to supply the documents.
    pub respond_by: Option<NaiveDate>,
    /// A final decision after a voornemen: the voornemen and the zienswijze.
    pub after_voornemen: Option<AfterVoornemen>,
    /// A request to complete the application, and buiten behandeling: the
    /// documents missing, each with the last day to supply it.
    pub missing: Vec<(Stuk, NaiveDate)>,
    /// The request this decision follows (buiten behandeling, or a decision
    /// on a completed application).
    pub request: Option<Request>,
    /// Awb 4:15: the days the decision term was suspended by a request.
    pub suspended_days: i64,
    /// The toekenning of the permission (its date and kenmerk): a recovery
    /// rests on what it announced.
    pub toekenning: Option<(NaiveDate, String)>,
    /// An intrekking (and its voornemen): the jurist's weighing of
    /// proportionality (Awb 3:4 lid 2) for this evaluation.
    pub weighing: Option<String>,
    /// An evaluation: the years whose bookkeeping is in but that are not
    /// yet settled, with the settlement pto comes to, so that the letter
    /// says what follows in a letter of its own.
    pub open_settlements: Vec<OpenSettlement>,
}

impl Decision {
    /// The unwaived errors: the reasons for an afwijzing or intrekking.
    pub fn reasons(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.blocks())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning && f.waived.is_none())
    }

    pub fn waived(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.waived.is_some())
    }

    /// What the letter needs from the case file beyond the outcome: an
    /// intrekking (or its voornemen) the weighing of this case (Awb 3:4
    /// lid 2), a recovery the toekenning it refers to.
    pub fn letter_ready(&self) -> Result<(), Refusal> {
        match self.outcome {
            Outcome::Intrekking | Outcome::VoornemenIntrekking => {
                let said = self
                    .after_voornemen
                    .as_ref()
                    .and_then(|a| a.zienswijze.as_ref())
                    .is_some_and(|z| !z.afgezien);
                match (&self.weighing, self.period) {
                    (None, Some((_, until))) if said => Err(Refusal::NoDecisionWeighing(until)),
                    (None, Some((_, until))) => Err(Refusal::NoWeighing(until)),
                    _ => Ok(()),
                }
            }
            Outcome::Terugvordering | Outcome::VoornemenTerugvordering
                if self.toekenning.is_none() =>
            {
                Err(Refusal::NoToekenning)
            }
            _ => Ok(()),
        }
    }

    /// What the register records of the period.
    pub fn registered_period(&self) -> Option<RegisteredPeriod> {
        self.period.map(|(van, tot)| RegisteredPeriod { van, tot })
    }
}

/// Why a proceeding cannot end in a decision: refused, with a Dutch reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "Deze zaak heeft nooit toestemming voor parttime ondernemen gehad (`toestemming` ontbreekt); een {0} is niet mogelijk."
    )]
    NoPermission(&'static str),
    #[error("De besluitdatum {0} ligt vóór de ontvangst van de aanvraag op {1}.")]
    BeforeApplication(String, String),
    #[error(
        "De besluitdatum {0} ligt vóór de ingangsdatum van de toestemming ({1}); er valt nog niets te evalueren."
    )]
    BeforePermission(String, String),
    #[error(
        "Er valt nog niets te evalueren: de vorige evaluatie ({reference}) ging tot en met {until}, en {month} is nog niet voorbij. Een evaluatie kan vanaf {from}."
    )]
    NothingToEvaluate {
        reference: String,
        until: String,
        month: String,
        from: String,
    },
    #[error(
        "Het jaar {0} is op de besluitdatum nog niet voorbij; het inkomen kan pas na afloop van het jaar definitief worden vastgesteld."
    )]
    YearNotOver(i32),
    #[error("{0}")]
    Settlement(String),
    #[error(
        "Op het voornemen {reference} van {date} kan de aanvrager tot en met {until} een zienswijze geven (artikel 4:8 Awb). Het besluit kan vanaf {from} worden genomen, of eerder als de zienswijze of het afzien ervan in het dossier staat (`zienswijzen`)."
    )]
    ZienswijzeTerm {
        reference: String,
        date: String,
        until: String,
        from: String,
    },
    #[error(
        "De zienswijze op het voornemen {0} staat in het dossier, maar ons antwoord nog niet: vul `reactie` in. Het besluit moet op de zienswijze ingaan (artikel 3:46 Awb)."
    )]
    ZienswijzeUnanswered(String),
    #[error(
        "Een terugvordering verwijst naar het besluit waarmee de toestemming is gegeven: daarin stond dat de verrekening per maand voorlopig is en dat het jaar daarna definitief wordt afgerekend. Dat besluit staat niet in het register; vul in het dossier `toestemming.besluit` in (`datum` en `kenmerk`)."
    )]
    NoToekenning,
    #[error(
        "Een intrekking vraagt een afweging van wat zij voor de aanvrager betekent tegen wat de voorwaarden willen bereiken (artikel 3:4 lid 2 Awb), uit de feiten van deze zaak. Vul in het dossier `evaluaties` in, met `tot: {0}` en `afweging`: die komt in het voornemen en in het besluit."
    )]
    NoWeighing(Month),
    #[error(
        "Op het voornemen is een zienswijze gegeven. Het besluit weegt ook wat de aanvrager zei (artikel 3:4 lid 2 en 3:46 Awb): vul bij `evaluaties` (`tot: {0}`) `afweging_besluit` in, opnieuw geschreven na de zienswijze."
    )]
    NoDecisionWeighing(Month),
    #[error(
        "Op {date} is gevraagd de aanvraag aan te vullen ({reference}); de termijn daarvoor loopt tot en met {until} (artikel 4:5 Awb). Het besluit kan vanaf {from} worden genomen, of eerder zodra de stukken binnen zijn (`ontvangen` bij `aanvraag.stukken`)."
    )]
    HerstelTerm {
        reference: String,
        date: String,
        until: String,
        from: String,
    },
    #[error(
        "De termijn om de aanvraag aan te vullen ({reference}) liep tot en met {until}. Besluiten de aanvraag niet te behandelen kon tot en met {last} (artikel 4:5 lid 4 Awb); nu moet op de aanvraag zelf worden beslist. Leg de stukken die er zijn vast, of vraag de juridische afdeling hoe verder."
    )]
    HerstelLate {
        reference: String,
        until: String,
        last: String,
    },
}

/// Decides `proceeding` for `case` on `date` with nothing issued before;
/// `year` is the settlement year (default: the year before the decision
/// date).
pub fn decide(
    case: &Case,
    policy: &Policy,
    proceeding: Proceeding,
    date: NaiveDate,
    year: Option<i32>,
) -> Result<Decision, Refusal> {
    decide_with(case, policy, proceeding, date, year, &History::default())
}

/// Decides `proceeding` for `case` on `date`, after what `history` says was
/// issued for it before: a decision whose letter can be written.
pub fn decide_with(
    case: &Case,
    policy: &Policy,
    proceeding: Proceeding,
    date: NaiveDate,
    year: Option<i32>,
    history: &History,
) -> Result<Decision, Refusal> {
    let decision = outcome_with(case, policy, proceeding, date, year, history)?;
    decision.letter_ready()?;
    Ok(decision)
}

/// The same decision, also when its letter still lacks what the case file
/// must give it (a weighing, the toekenning): what the review tools show.
pub fn outcome_with(
    case: &Case,
    policy: &Policy,
    proceeding: Proceeding,
    date: NaiveDate,
    year: Option<i32>,
    history: &History,
) -> Result<Decision, Refusal> {
    match proceeding {
        Proceeding::Aanvraag => application(case, policy, date, history),
        Proceeding::Evaluatie => evaluation(case, policy, date, history),
        Proceeding::Afrekening => settlement(case, policy, date, year, history),
    }
}

/// A decision with only the fields every proceeding sets.
fn base(proceeding: Proceeding, outcome: Outcome, date: NaiveDate, reference: String) -> Decision {
    Decision {
        proceeding,
        outcome,
        date,
        reference,
        findings: Vec::new(),
        period: None,
        effective: None,
        next_evaluation: None,
        settlement: None,
        respond_by: None,
        after_voornemen: None,
        missing: Vec::new(),
        request: None,
        suspended_days: 0,
        toekenning: None,
        weighing: None,
        open_settlements: Vec::new(),
    }
}

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

/// The decision on the application (art. 3), or first a request to
/// complete it (Awb 4:5) and, when the term passes without the documents,
/// the decision not to consider it.
fn application(
    case: &Case,
    policy: &Policy,
    date: NaiveDate,
    history: &History,
) -> Result<Decision, Refusal> {
    let zaak = &case.zaaknummer.value;
    let received = *case.aanvraag.datum;
    if date < received {
        return Err(Refusal::BeforeApplication(
            date_in_words(date),
            date_in_words(received),
        ));
    }
    let p = policy.at_or_first(received);
    let missing: Vec<&Stuk> = case
        .aanvraag
        .stukken
        .iter()
        .filter(|s| !s.received_by(date))
        .collect();
    // A request sent before today; one of today is issued again as itself.
    let request = history
        .of_outcome(Outcome::VerzoekAanvulling)
        .filter(|e| e.date < date)
        .last()
        .map(|e| Request {
            reference: e.reference.clone(),
            date: e.date,
            until: e.respond_by.unwrap_or(e.date),
        });
    let kenmerk = |outcome| LetterKind::of(outcome).kenmerk.of(zaak, received, None);
    if !missing.is_empty() {
        return Ok(match request {
            None => {
                let missing: Vec<(Stuk, NaiveDate)> = missing
                    .iter()
                    .map(|s| {
                        let term = p.procedure.hersteltermijn(*s.soort);
                        ((*s).clone(), date + days(term))
                    })
                    .collect();
                let until = missing.iter().map(|(_, d)| *d).max();
                Decision {
                    respond_by: until,
                    missing,
                    ..base(
                        Proceeding::Aanvraag,
                        Outcome::VerzoekAanvulling,
                        date,
                        kenmerk(Outcome::VerzoekAanvulling),
                    )
                }
            }
            Some(r) if date <= r.until => {
                return Err(Refusal::HerstelTerm {
                    reference: r.reference,
                    date: date_in_words(r.date),
                    until: date_in_words(r.until),
                    from: date_in_words(r.until + days(1)),
                });
            }
            // Awb 4:5 lid 4: not considering it is decided within four weeks
            // after the term; later, only a decision on the merits remains.
            Some(r) if date > r.until + Duration::weeks(4) => {
                return Err(Refusal::HerstelLate {
                    reference: r.reference,
                    until: date_in_words(r.until),
                    last: date_in_words(r.until + Duration::weeks(4)),
                });
            }
            Some(r) => Decision {
                missing: missing.iter().map(|s| ((*s).clone(), r.until)).collect(),
                request: Some(r),
                ..base(
                    Proceeding::Aanvraag,
                    Outcome::BuitenBehandeling,
                    date,
                    kenmerk(Outcome::BuitenBehandeling),
                )
            },
        });
    }
    // Awb 4:15 lid 1 a: the term is suspended from the day after the
    // request until the application was completed or the term passed.
    let suspended_days = request.as_ref().map_or(0, |r| {
        let completed = case
            .aanvraag
            .stukken
            .iter()
            .filter_map(|s| s.ontvangen.as_ref().map(|d| **d))
            .filter(|d| *d > r.date)
            .max()
            .unwrap_or(r.until)
            .min(r.until);
        (completed - r.date).num_days().max(0)
    });
    let findings = rules::check_application(case, policy, date, suspended_days);
    let blocked = findings.iter().any(Finding::blocks);
    let outcome = if blocked {
        Outcome::Afwijzing
    } else {
        Outcome::Toekenning
    };
    let effective = case
        .toestemming
        .as_ref()
        .map(|t| *t.ingangsdatum)
        .unwrap_or(date);
    Ok(Decision {
        findings,
        effective: (!blocked).then_some(effective),
        next_evaluation: (!blocked).then(|| add_months(Month::of(effective), p.evaluatie_maanden)),
        request,
        suspended_days,
        ..base(Proceeding::Aanvraag, outcome, date, kenmerk(outcome))
    })
}

/// The final evaluations issued before, latest last.
fn evaluations<'a>(history: &'a History, own: &'a str) -> impl Iterator<Item = &'a Entry> {
    history.entries.iter().filter(move |e| {
        matches!(e.outcome, Outcome::Verlenging | Outcome::Intrekking) && e.reference != own
    })
}

/// The voornemen a decision on `date` follows: the last one announcing
/// `outcome` before `date`, after `since` (the last final decision), whose
/// reference `matches`.
fn pending(
    history: &History,
    voornemen: Outcome,
    date: NaiveDate,
    since: Option<NaiveDate>,
    matches: impl Fn(&Entry) -> bool,
) -> Option<&Entry> {
    history
        .of_outcome(voornemen)
        .filter(|e| e.date < date && since.is_none_or(|s| e.date > s) && matches(e))
        .last()
}

/// What follows a voornemen on `date`: the zienswijze recorded for it, or
/// none when its term passed; a refusal while the term runs, or when a
/// zienswijze awaits our answer.
fn follow(case: &Case, entry: &Entry, date: NaiveDate) -> Result<AfterVoornemen, Refusal> {
    let respond_by = entry.respond_by.unwrap_or(entry.date);
    let zienswijze = case
        .zienswijzen
        .iter()
        .find(|z| z.voornemen.value == entry.reference)
        .filter(|z| z.ontvangen.as_ref().is_none_or(|d| **d <= date))
        .filter(|z| z.afgezien || z.ontvangen.is_some())
        .cloned();
    match &zienswijze {
        Some(z) if !z.afgezien && z.reactie.is_none() => {
            return Err(Refusal::ZienswijzeUnanswered(entry.reference.clone()));
        }
        None if date <= respond_by => {
            return Err(Refusal::ZienswijzeTerm {
                reference: entry.reference.clone(),
                date: date_in_words(entry.date),
                until: date_in_words(respond_by),
                from: date_in_words(respond_by + days(1)),
            });
        }
        _ => {}
    }
    Ok(AfterVoornemen {
        reference: entry.reference.clone(),
        date: entry.date,
        respond_by,
        zienswijze,
        announced: entry.outcome.announced().unwrap_or(entry.outcome),
    })
}

/// The yearly evaluation (art. 4 lid 2), over every month since the
/// ingangsdatum or the last evaluation; an intrekking is first announced
/// as a voornemen where the policy says so.
fn evaluation(
    case: &Case,
    policy: &Policy,
    date: NaiveDate,
    history: &History,
) -> Result<Decision, Refusal> {
    let zaak = &case.zaaknummer.value;
    let permission = case
        .toestemming
        .as_ref()
        .ok_or(Refusal::NoPermission("evaluatie"))?;
    if date < *permission.ingangsdatum {
        return Err(Refusal::BeforePermission(
            date_in_words(date),
            date_in_words(*permission.ingangsdatum),
        ));
    }
    let p = policy.at_or_first(date);
    let own = LetterKind::of(Outcome::Verlenging)
        .kenmerk
        .of(zaak, date, None);
    let last = evaluations(history, &own).last();
    let voornemen = pending(
        history,
        Outcome::VoornemenIntrekking,
        date,
        last.map(|e| e.date),
        |_| true,
    );
    let (first, until) = match voornemen.and_then(|v| v.period) {
        Some(period) => (period.van, period.tot),
        None => {
            let first = match last {
                Some(e) => e.period.map_or(Month::of(e.date), |p| p.tot.next()),
                None => Month::of(*permission.ingangsdatum),
            };
            let until = Month::of(date).prev();
            if until < first {
                let e = last.expect("a period only starts after the ingangsdatum's month");
                return Err(Refusal::NothingToEvaluate {
                    reference: e.reference.clone(),
                    until: first.prev().in_words(),
                    month: first.in_words(),
                    from: date_in_words(first.next().first_day()),
                });
            }
            (first, until)
        }
    };
    let findings: Vec<Finding> = rules::check_stage(case, policy, date, Stage::Running)
        .into_iter()
        .filter(|f| in_evaluation(f, first, until))
        .collect();
    let blocked = findings.iter().any(Finding::blocks);
    let after_voornemen = voornemen.map(|v| follow(case, v, date)).transpose()?;
    let outcome = match (blocked, &after_voornemen) {
        (false, _) => Outcome::Verlenging,
        (true, Some(_)) => Outcome::Intrekking,
        (true, None) if p.procedure.voornemen_intrekking => Outcome::VoornemenIntrekking,
        (true, None) => Outcome::Intrekking,
    };
    let reference = LetterKind::of(outcome).kenmerk.of(zaak, date, None);
    let effective = date + Duration::weeks(i64::from(p.overgangsperiode_weken));
    let weighing = case
        .evaluaties
        .iter()
        .find(|e| *e.tot == until)
        .and_then(|e| {
            // After a zienswijze the decision weighs what was said.
            let said = after_voornemen
                .as_ref()
                .and_then(|a| a.zienswijze.as_ref())
                .is_some_and(|z| !z.afgezien);
            match (&e.afweging_besluit, said) {
                (Some(b), true) => Some(b.value.clone()),
                (None, true) => None,
                _ => Some(e.afweging.value.clone()),
            }
        });
    // A settlement of the same day is a separate letter this one mentions.
    let settled = |year: i32| {
        history.entries.iter().any(|e| {
            e.date < date
                && matches!(
                    e.outcome,
                    Outcome::Nabetaling | Outcome::Terugvordering | Outcome::GeenVerschil
                )
                && e.reference.ends_with(&format!("-AFREKENING-{year}"))
        })
    };
    let open_settlements = case
        .jaarstukken
        .iter()
        .filter(|j| j.ingeleverd.as_ref().is_some_and(|d| **d <= date))
        .map(|j| *j.boekjaar)
        .filter(|y| !settled(*y))
        .filter_map(|y| {
            let d =
                outcome_with(case, policy, Proceeding::Afrekening, date, Some(y), history).ok()?;
            Some(OpenSettlement {
                year: y,
                outcome: d.outcome,
                amount: d.settlement.as_ref()?.amount,
                reference: d.reference,
            })
        })
        .collect();
    Ok(Decision {
        findings,
        weighing: blocked.then_some(weighing).flatten(),
        open_settlements,
        period: Some((first, until)),
        effective: blocked.then_some(effective),
        next_evaluation: (!blocked).then(|| add_months(Month::of(date), p.evaluatie_maanden)),
        respond_by: (outcome == Outcome::VoornemenIntrekking)
            .then(|| date + days(p.procedure.zienswijze_dagen)),
        after_voornemen,
        ..base(Proceeding::Evaluatie, outcome, date, reference)
    })
}

/// The settlement of a year (art. 11); a terugvordering is first announced
/// as a voornemen where the policy says so.
fn settlement(
    case: &Case,
    policy: &Policy,
    date: NaiveDate,
    year: Option<i32>,
    history: &History,
) -> Result<Decision, Refusal> {
    let zaak = &case.zaaknummer.value;
    if case.toestemming.is_none() {
        return Err(Refusal::NoPermission("afrekening"));
    }
    let year = year.unwrap_or(date.year() - 1);
    if Month::new(year, 12).is_none_or(|dec| !dec.ended_by(date)) {
        return Err(Refusal::YearNotOver(year));
    }
    let settlement =
        settle::settle(case, policy, year, date).map_err(|e| Refusal::Settlement(e.to_string()))?;
    let p = policy.at_or_first(date);
    let voornemen_ref =
        LetterKind::of(Outcome::VoornemenTerugvordering)
            .kenmerk
            .of(zaak, date, Some(year));
    let final_ref = LetterKind::of(Outcome::Terugvordering)
        .kenmerk
        .of(zaak, date, Some(year));
    let voornemen = pending(
        history,
        Outcome::VoornemenTerugvordering,
        date,
        history
            .entries
            .iter()
            .rfind(|e| e.reference == final_ref && e.date < date)
            .map(|e| e.date),
        |e| e.reference == voornemen_ref,
    );
    let recovery = settlement.outcome == settle::Outcome::Terugvordering;
    // A voornemen that no longer announces what the facts say needs no
    // waiting: the decision is not the one announced.
    let after_voornemen = match voornemen {
        Some(v) if recovery => Some(follow(case, v, date)?),
        Some(v) => Some(AfterVoornemen {
            reference: v.reference.clone(),
            date: v.date,
            respond_by: v.respond_by.unwrap_or(v.date),
            zienswijze: case
                .zienswijzen
                .iter()
                .find(|z| z.voornemen.value == v.reference)
                .filter(|z| z.ontvangen.as_ref().is_none_or(|d| **d <= date))
                .cloned(),
            announced: Outcome::Terugvordering,
        }),
        None => None,
    };
    let announce = recovery
        && after_voornemen.is_none()
        && p.procedure.voornemen_terugvordering
        && settlement.amount >= p.procedure.voornemen_terugvordering_vanaf;
    let outcome = match settlement.outcome {
        settle::Outcome::Terugvordering if announce => Outcome::VoornemenTerugvordering,
        settle::Outcome::Nabetaling => Outcome::Nabetaling,
        settle::Outcome::Terugvordering => Outcome::Terugvordering,
        settle::Outcome::GeenVerschil => Outcome::GeenVerschil,
    };
    let findings = rules::check_stage(case, policy, date, Stage::Running)
        .into_iter()
        .filter(|f| match f.period {
            Some(Period::Year(y)) => y == year,
            Some(Period::Month(m)) => m.year() == year,
            None => false,
        })
        .collect();
    let reference = LetterKind::of(outcome).kenmerk.of(zaak, date, Some(year));
    let toekenning = history
        .of_outcome(Outcome::Toekenning)
        .map(|e| (e.date, e.reference.clone()))
        .next()
        .or_else(|| {
            case.toestemming
                .as_ref()
                .and_then(|t| t.besluit.as_ref())
                .map(|b| (*b.datum, b.kenmerk.value.clone()))
        });
    Ok(Decision {
        findings,
        toekenning,
        settlement: Some(settlement),
        respond_by: announce.then(|| date + days(p.procedure.zienswijze_dagen)),
        after_voornemen,
        ..base(Proceeding::Afrekening, outcome, date, reference)
    })
}

/// The kenmerk of the besluit on `proceeding`: stable, so that issuing
/// again finds the decision already issued. An application by the day it
/// was received (`date`), an evaluation by the month of the decision
/// (`date`), a settlement by its year. The format is the letter kind's
/// (`letter::kind`).
pub fn reference(zaak: &str, proceeding: Proceeding, date: NaiveDate, year: Option<i32>) -> String {
    LetterKind::besluit_kenmerk(proceeding).of(zaak, date, year)
}

/// Whether a finding belongs to an evaluation over `first..=last`: findings
/// about a month in the period, a year that overlaps it, and findings without
/// a period (the application's conditions). Bookkeeping that was due by the
/// decision date counts whatever year it concerns (its rule's scope).
fn in_evaluation(f: &Finding, first: Month, last: Month) -> bool {
    match f.period {
        None => true,
        Some(Period::Month(m)) => first <= m && m <= last,
        Some(Period::Year(_)) if f.rule.scope == Scope::Bookkeeping => true,
        Some(Period::Year(y)) => first.year() <= y && y <= last.year(),
    }
}

fn add_months(month: Month, n: u32) -> Month {
    (0..n).fold(month, |m, _| m.next())
}

/// The amount a decision is about: a settlement's, for the register.
pub fn amount(decision: &Decision) -> Option<Decimal> {
    decision.settlement.as_ref().map(|s| s.amount)
}
