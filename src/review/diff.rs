//! What a change to one case file means (`pto diff`): the fields that
//! changed, the findings that appear or disappear, and the decisions that
//! would come out differently. Pure: two texts in, a `CaseDiff` out.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::Verdict;
use super::fields::{self, FieldChange};
use crate::case::{self, Case, yaml};
use crate::decide::Proceeding;
use crate::diag::InputError;
use crate::rules::{self, Finding};
use crate::settings::Policy;

/// One side of a change: a case file as it was, or as it is.
#[derive(Clone, Debug)]
pub struct Version {
    /// The path, for messages.
    pub file: String,
    /// The text, or why it could not be read.
    pub text: Result<String, String>,
}

/// How the file itself changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileChange {
    Added,
    Deleted,
    Modified,
    /// Moved or renamed (and maybe changed too).
    Renamed,
}

impl FileChange {
    pub fn key(self) -> &'static str {
        match self {
            FileChange::Added => "added",
            FileChange::Deleted => "deleted",
            FileChange::Modified => "modified",
            FileChange::Renamed => "renamed",
        }
    }

    pub fn dutch(self) -> &'static str {
        match self {
            FileChange::Added => "nieuw",
            FileChange::Deleted => "verwijderd",
            FileChange::Modified => "gewijzigd",
            FileChange::Renamed => "verplaatst",
        }
    }
}

/// A decision that comes out differently after the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeChange {
    pub proceeding: Proceeding,
    /// The settlement year.
    pub year: Option<i32>,
    /// `None`: no such decision on that side (the case did not exist, did
    /// not load, or the proceeding does not apply).
    pub before: Option<Verdict>,
    pub after: Option<Verdict>,
}

impl OutcomeChange {
    /// "afrekening 2024", "evaluatie", "aanvraag".
    pub fn label(&self) -> String {
        match self.year {
            Some(y) => format!("{} {y}", self.proceeding.key()),
            None => self.proceeding.key().to_string(),
        }
    }

    /// "afrekening 2024: nabetaling € 120,00 → voornemen tot terugvordering € 340,00"
    pub fn text(&self) -> String {
        let label = self.label();
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => format!("{label}: {} → {}", b.words(), a.words()),
            (None, Some(a)) => format!("{label}: {}", a.words()),
            (Some(b), None) => format!("{label}: {} vervalt", b.words()),
            (None, None) => format!("{label}: geen"),
        }
    }
}

/// Everything a reviewer needs to know about one changed case file.
#[derive(Clone, Debug)]
pub struct CaseDiff {
    /// The zaaknummer, after (or before, for a deleted file).
    pub case: Option<String>,
    /// The path after (or before, for a deleted file).
    pub file: String,
    /// The path before, when the file was moved.
    pub previous_file: Option<String>,
    pub change: FileChange,
    pub fields: Vec<FieldChange>,
    /// The text differs but no field does: comments or layout only.
    pub layout_only: bool,
    pub appeared: Vec<Finding>,
    pub disappeared: Vec<Finding>,
    pub outcomes: Vec<OutcomeChange>,
    pub errors_before: Vec<InputError>,
    pub errors_after: Vec<InputError>,
}

/// A side, read as far as it goes.
struct Side {
    tree: Option<yaml::Node>,
    case: Option<Case>,
    errors: Vec<InputError>,
}

fn read(version: &Version, policy: &Policy, date: NaiveDate) -> Side {
    let text = match &version.text {
        Ok(text) => text,
        Err(message) => {
            return Side {
                tree: None,
                case: None,
                errors: vec![InputError::file(&version.file, message)],
            };
        }
    };
    let tree = yaml::parse(text).ok();
    match case::load_str(&version.file, text) {
        Ok(case) => {
            let errors: Vec<InputError> = rules::check_dates(&case, policy, date)
                .into_iter()
                .map(|(span, m)| InputError::at(&version.file, span, m))
                .collect();
            Side {
                tree,
                case: errors.is_empty().then_some(case),
                errors,
            }
        }
        Err(errors) => Side {
            tree,
            case: None,
            errors,
        },
    }
}

/// Compares a case file before and after a change, with the findings and
/// decisions as they would be on `date`.
///
/// `issued` is the register: a decision after a voornemen or a request is
/// compared as `pto decide` would take it, after what was issued before.
pub fn compare(
    before: Option<&Version>,
    after: Option<&Version>,
    policy: &Policy,
    date: NaiveDate,
    issued: &[crate::archive::Entry],
) -> CaseDiff {
    let old = before.map(|v| read(v, policy, date));
    let new = after.map(|v| read(v, policy, date));
    let change = match (before, after) {
        (None, _) => FileChange::Added,
        (_, None) => FileChange::Deleted,
        (Some(b), Some(a)) if b.file != a.file => FileChange::Renamed,
        _ => FileChange::Modified,
    };
    let file = after.or(before).map(|v| v.file.clone()).unwrap_or_default();
    let previous_file = match change {
        FileChange::Renamed => before.map(|v| v.file.clone()),
        _ => None,
    };
    let case_of = |side: &Option<Side>| {
        side.as_ref()
            .and_then(|s| s.case.as_ref())
            .map(|c| c.zaaknummer.value.clone())
    };
    let case = case_of(&new).or_else(|| case_of(&old)).or_else(|| {
        // A file that does not load may still name its case.
        [&new, &old]
            .into_iter()
            .flatten()
            .find_map(|s| zaaknummer_of(s.tree.as_ref()?))
    });

    let (field_changes, layout_only) = match (&old, &new) {
        (Some(Side { tree: Some(t1), .. }), Some(Side { tree: Some(t2), .. })) => {
            let changes = fields::compare(t1, t2);
            let texts_differ = before.map(|v| &v.text) != after.map(|v| &v.text);
            let layout_only = changes.is_empty() && texts_differ;
            (changes, layout_only)
        }
        _ => (Vec::new(), false),
    };

    let old_case = old.as_ref().and_then(|s| s.case.as_ref());
    let new_case = new.as_ref().and_then(|s| s.case.as_ref());
    let old_findings = old_case.map(|c| rules::check(c, policy, date));
    let new_findings = new_case.map(|c| rules::check(c, policy, date));
    // Findings are compared only where both sides could be checked, or
    // where the file is new or gone: a file that does not load has no
    // findings to compare.
    let comparable = match change {
        FileChange::Added => new_case.is_some(),
        FileChange::Deleted => old_case.is_some(),
        _ => old_case.is_some() && new_case.is_some(),
    };
    let (appeared, disappeared) = if comparable {
        difference(
            old_findings.as_deref().unwrap_or(&[]),
            new_findings.as_deref().unwrap_or(&[]),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let outcomes = if comparable {
        outcome_changes(old_case, new_case, policy, date, issued)
    } else {
        Vec::new()
    };

    CaseDiff {
        case,
        file,
        previous_file,
        change,
        fields: field_changes,
        layout_only,
        appeared,
        disappeared,
        outcomes,
        errors_before: old.map(|s| s.errors).unwrap_or_default(),
        errors_after: new.map(|s| s.errors).unwrap_or_default(),
    }
}

fn zaaknummer_of(tree: &yaml::Node) -> Option<String> {
    let yaml::Value::Map(entries) = &tree.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| k.scalar() == Some("zaaknummer"))
        .and_then(|(_, v)| v.scalar())
        .map(str::to_string)
}

/// What identifies a finding across versions: not its line (lines move),
/// but its rule, what it is about, and what it says.
fn identity(f: &Finding) -> (&'static str, Option<String>, &str, bool) {
    (
        f.rule.id(),
        f.period.map(|p| p.to_string()),
        f.message.as_str(),
        f.waived.is_some(),
    )
}

/// The findings only after (appeared) and only before (disappeared).
fn difference(before: &[Finding], after: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    let mut unmatched: Vec<Option<&Finding>> = before.iter().map(Some).collect();
    let mut appeared = Vec::new();
    for f in after {
        let found = unmatched
            .iter_mut()
            .find(|slot| slot.is_some_and(|old| identity(old) == identity(f)));
        match found {
            Some(slot) => *slot = None,
            None => appeared.push(f.clone()),
        }
    }
    let disappeared = unmatched.into_iter().flatten().cloned().collect();
    (appeared, disappeared)
}

/// The decisions of one side: the application and the evaluation as they
/// would be decided on `date`, and the settlement of every year in `years`.
fn verdicts(
    case: &Case,
    policy: &Policy,
    date: NaiveDate,
    years: &BTreeSet<i32>,
    issued: &[crate::archive::Entry],
) -> Vec<((Proceeding, Option<i32>), Verdict)> {
    let history = crate::decide::History::of(&case.zaaknummer.value, issued);
    let of = |proceeding, year| Verdict::after(case, policy, proceeding, date, year, &history);
    let mut out = Vec::new();
    if date >= *case.aanvraag.datum {
        let verdict = of(Proceeding::Aanvraag, None);
        out.push(((Proceeding::Aanvraag, None), verdict));
    }
    if case.toestemming.is_some() {
        let verdict = of(Proceeding::Evaluatie, None);
        out.push(((Proceeding::Evaluatie, None), verdict));
    }
    for year in years {
        let verdict = of(Proceeding::Afrekening, Some(*year));
        out.push(((Proceeding::Afrekening, Some(*year)), verdict));
    }
    out
}

/// The years whose bookkeeping is in: the settlements worth comparing.
fn settled_years(case: &Case) -> impl Iterator<Item = i32> + '_ {
    case.jaarstukken
        .iter()
        .filter(|j| j.ingeleverd.is_some())
        .map(|j| *j.boekjaar)
}

fn outcome_changes(
    before: Option<&Case>,
    after: Option<&Case>,
    policy: &Policy,
    date: NaiveDate,
    issued: &[crate::archive::Entry],
) -> Vec<OutcomeChange> {
    let years: BTreeSet<i32> = [before, after]
        .into_iter()
        .flatten()
        .flat_map(settled_years)
        .collect();
    let old = before.map_or_else(Vec::new, |c| verdicts(c, policy, date, &years, issued));
    let new = after.map_or_else(Vec::new, |c| verdicts(c, policy, date, &years, issued));
    let mut keys: Vec<(Proceeding, Option<i32>)> = Vec::new();
    for (key, _) in old.iter().chain(&new) {
        if !keys.contains(key) {
            keys.push(*key);
        }
    }
    keys.into_iter()
        .filter_map(|key| {
            let find = |side: &[((Proceeding, Option<i32>), Verdict)]| {
                side.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
            };
            let (b, a) = (find(&old), find(&new));
            // A settlement that is impossible on both sides, or a decision
            // that a new or deleted file never had, says nothing.
            let informative = match (&b, &a) {
                (Some(Verdict::Impossible(_)), None) | (None, Some(Verdict::Impossible(_))) => {
                    false
                }
                _ => b != a,
            };
            informative.then_some(OutcomeChange {
                proceeding: key.0,
                year: key.1,
                before: b,
                after: a,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BASE, date};

    fn version(text: &str) -> Version {
        Version {
            file: "case-files/test.yaml".into(),
            text: Ok(text.to_string()),
        }
    }

    /// The base case with twelve months of 2024 at `omzet` a month, and
    /// bookkeeping over 2024 with `year_omzet`.
    fn running(omzet: &str, year_omzet: &str) -> String {
        let mut text = BASE.to_string();
        text.push_str("toestemming: { ingangsdatum: 2024-01-01 }\nmaanden:\n");
        for m in 1..=12 {
            text.push_str(&format!(
                "  - {{ maand: 2024-{m:02}, omzet: {omzet}, uren_direct: 10, uren_indirect: 0 }}\n"
            ));
        }
        text.push_str(&format!(
            "jaarstukken:\n  - {{ boekjaar: 2024, ingeleverd: 2025-03-01, aangifte_ib: true, jaarrekening: true, kasboek: false, omzet: {year_omzet} }}\n"
        ));
        text
    }

    fn diff(before: &str, after: &str) -> CaseDiff {
        compare(
            Some(&version(before)),
            Some(&version(after)),
            &Policy::ridderkerk(),
            date("2025-01-15"),
            &[],
        )
    }

    #[test]
    fn a_higher_turnover_turns_a_back_payment_into_a_recovery() {
        // Accounted 12 × 100 = 1.200; the books say 1.080: nabetaling 120.
        let before = running("100", "1080");
        let after = before.replace("omzet: 1080", "omzet: 1540");
        let d = diff(&before, &after);
        assert_eq!(d.change, FileChange::Modified);
        assert_eq!(
            d.fields.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(),
            ["jaarstukken 2024: omzet € 1.080,00 → € 1.540,00"]
        );
        assert_eq!(d.outcomes.len(), 1, "{:?}", d.outcomes);
        assert_eq!(
            d.outcomes[0].text(),
            "afrekening 2024: nabetaling € 120,00 → voornemen tot terugvordering € 340,00"
        );
    }

    #[test]
    fn a_deleted_statement_makes_a_finding_appear_and_the_evaluation_fail() {
        let before = running("100", "1200");
        let after: String = before
            .lines()
            .filter(|l| !l.contains("maand: 2024-06"))
            .map(|l| format!("{l}\n"))
            .collect();
        let d = diff(&before, &after);
        assert_eq!(
            d.fields[0].text,
            "maand 2024-06 verwijderd (was: omzet € 100,00, uren_direct 10 uur, uren_indirect 0 uur)"
        );
        let rules: Vec<&str> = d.appeared.iter().map(|f| f.rule.id()).collect();
        assert_eq!(rules, ["art8.1"]);
        assert!(d.disappeared.is_empty());
        let texts: Vec<String> = d.outcomes.iter().map(OutcomeChange::text).collect();
        assert_eq!(
            texts,
            [
                "evaluatie: verlenging → voornemen tot intrekking",
                // June had no statement: nothing was deducted, 100 less was
                // accounted, and the books now show 100 more income.
                "afrekening 2024: geen verschil → voornemen tot terugvordering € 100,00",
            ]
        );
    }

    #[test]
    fn a_comment_is_no_change() {
        let before = running("100", "1200");
        let after = format!("# nagekeken\n{before}");
        let d = diff(&before, &after);
        assert!(d.fields.is_empty() && d.layout_only);
        assert!(d.appeared.is_empty() && d.outcomes.is_empty());
    }

    #[test]
    fn a_file_that_no_longer_loads_is_reported_not_compared() {
        let before = running("100", "1200");
        let after = before.replace("omzet: 1200", "omzett: 1200");
        let d = diff(&before, &after);
        assert!(d.errors_before.is_empty());
        assert!(
            d.errors_after
                .iter()
                .any(|e| e.message.contains("Onbekend veld `omzett`")),
            "{:?}",
            d.errors_after
        );
        assert_eq!(d.case.as_deref(), Some("PTO-TEST-1"));
        assert!(d.appeared.is_empty() && d.outcomes.is_empty());
        // The fields still say what changed.
        assert_eq!(d.fields.len(), 2, "{:?}", d.fields);
    }

    #[test]
    fn a_new_case_shows_its_findings_and_decisions() {
        let d = compare(
            None,
            Some(&version(&running("100", "1200"))),
            &Policy::ridderkerk(),
            date("2025-01-15"),
            &[],
        );
        assert_eq!(d.change, FileChange::Added);
        assert!(d.fields.is_empty());
        let texts: Vec<String> = d.outcomes.iter().map(OutcomeChange::text).collect();
        assert_eq!(
            texts,
            [
                "aanvraag: toekenning",
                "evaluatie: verlenging",
                "afrekening 2024: geen verschil"
            ]
        );
    }
}
