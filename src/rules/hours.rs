//! Art. 4 lid 1 a and art. 5: the work stays of modest size.

use rust_decimal::Decimal;

use super::Article::Policy;
use super::{Findings, Rule, Scope};
use crate::case::Period;
use crate::diag::Severity::{Error, Warning};
use crate::format::number;

pub static ART4_1A: Rule = Rule {
    id: "art4.1a",
    article: Policy("artikel 4 lid 1 onder a"),
    severity: Error,
    scope: Scope::Application,
    subjects: &[],
    summary: "De geplande `aanvraag.uren_per_week` × 52 blijft binnen de urengrens per jaar.",
};

pub static ART5_WEEK: Rule = Rule {
    id: "art5.week",
    article: Policy("artikel 5, toelichting"),
    severity: Warning,
    scope: Scope::Application,
    subjects: &[],
    summary: "De geplande uren per week, en de uren van elke maand (uren ÷ (dagen ÷ 7)), blijven \
              binnen de richtlijn per week.",
};

pub static ART5_1: Rule = Rule {
    id: "art5.1",
    article: Policy("artikel 5 lid 1"),
    severity: Error,
    scope: Scope::Running,
    subjects: &[],
    summary: "De directe en indirecte uren van een kalenderjaar blijven binnen de urengrens per jaar.",
};

pub static ART5_JAARBASIS: Rule = Rule {
    id: "art5.jaarbasis",
    article: Policy("artikel 5 lid 1"),
    severity: Warning,
    scope: Scope::Running,
    subjects: &[],
    summary: "De uren van een kalenderjaar dat nog loopt (of waarin de toestemming later begon) \
              blijven naar verhouding binnen de urengrens per jaar.",
};

/// Art. 4 lid 1 a: "de bedrijfs- of beroepsmatige activiteiten betreffen een
/// bescheiden omvang die geen recht geven op de zelfstandigenaftrek
/// (maximaal 1.225 uur per jaar)"; art. 5 toelichting: "Er kan dus niet meer
/// dan 20 uur per week aan de onderneming besteed worden."
pub(super) fn check_application(out: &mut Findings) {
    let cx = out.cx;
    let a = &cx.case.aanvraag;
    let p = cx.policy_at(*a.datum);
    let weekly = *a.uren_per_week;
    let yearly = weekly * Decimal::from(52);
    let over_week = weekly > p.richtlijn_uren_per_week;
    if yearly > p.max_uren_per_jaar {
        // The week is said in the same sentence: one finding, not two.
        let week = if over_week {
            format!(
                ", en {} uur per week is ook meer dan de richtlijn van ten hoogste {} uur per \
                 week uit de toelichting op artikel 5",
                number(weekly),
                number(p.richtlijn_uren_per_week)
            )
        } else {
            String::new()
        };
        out.push(&ART4_1A, a.uren_per_week.span, None, p, format!(
            "U wilt {} uur per week werken; dat is {} uur per jaar, meer dan de grens van {} uur \
             per jaar{week}",
            number(weekly),
            number(yearly),
            number(p.max_uren_per_jaar)
        ));
    } else if over_week {
        out.push(
            &ART5_WEEK,
            a.uren_per_week.span,
            None,
            p,
            format!(
                "U wilt {} uur per week werken; de richtlijn is ten hoogste {} uur per week",
                number(weekly),
                number(p.richtlijn_uren_per_week)
            ),
        );
    }
}

/// Art. 5 lid 1: "De PTO-er mag niet meer dan 1.225 uur op jaarbasis als
/// parttime ondernemer werken", direct and indirect hours alike (lid 3); and
/// the weekly guideline of the toelichting, month by month.
pub(super) fn check_running(out: &mut Findings) {
    let cx = out.cx;
    let months = cx.months();
    let mut year: Option<(i32, Decimal, bool)> = None; // (year, total so far, reported)
    for month in &months {
        let Some(statement) = cx.case.maand(*month) else {
            continue;
        };
        let p = cx.policy_at(month.first_day());
        let hours = statement.uren();

        // Art. 5 toelichting: at most 20 hours a week, on average over the month:
        // hours ÷ (days ÷ 7) ≤ guideline, i.e. hours × 7 ≤ guideline × days.
        if hours * Decimal::from(7) > p.richtlijn_uren_per_week * Decimal::from(month.days()) {
            let per_week = (hours * Decimal::from(7) / Decimal::from(month.days())).round_dp(1);
            out.push(
                &ART5_WEEK,
                statement.uren_direct.span,
                Some(Period::Month(*month)),
                p,
                format!(
                    "In {} hebt u {} uur gewerkt, gemiddeld {} uur per week; de richtlijn is ten \
                     hoogste {} uur per week",
                    month.in_words(),
                    number(hours),
                    number(per_week),
                    number(p.richtlijn_uren_per_week)
                ),
            );
            out.with_cells(vec![
                super::letter_month(*month),
                number(hours),
                crate::format::one_decimal(per_week),
            ]);
        }

        let (y, total, reported) = match year {
            Some((y, total, reported)) if y == month.year() => (y, total + hours, reported),
            _ => (month.year(), hours, false),
        };
        let over = total > p.max_uren_per_jaar;
        if over && !reported {
            let year_total: Decimal = months
                .iter()
                .filter(|m| m.year() == y)
                .filter_map(|m| cx.case.maand(*m))
                .map(|s| s.uren())
                .sum();
            let last = months
                .iter()
                .rfind(|m| m.year() == y)
                .copied()
                .unwrap_or(*month);
            let whole_year = last.number() == 12;
            let when = if whole_year {
                format!("In {y} hebt u")
            } else {
                format!("In {y} hebt u tot en met {} al", last.in_words())
            };
            out.push(
                &ART5_1,
                statement.uren_direct.span,
                Some(Period::Year(y)),
                p,
                format!(
                    "{when} {} uur gewerkt, meer dan de grens van {} uur per jaar; u kwam \
                     erboven in {}",
                    number(year_total),
                    number(p.max_uren_per_jaar),
                    month.in_words()
                ),
            );
        }
        year = Some((y, total, reported || over));
    }
    pro_rata(out, &months);
}

/// Art. 5 lid 1 counts a calendar year, as the fiscal hours criterion it
/// follows does: crossing the cap in a year is an error (above). A year
/// that is not over yet, or whose permission began after January, can be
/// above the cap in proportion without having crossed it: a warning, so
/// that the person can adjust in time.
fn pro_rata(out: &mut Findings, months: &[crate::calendar::Month]) {
    let cx = out.cx;
    let mut years: Vec<i32> = months.iter().map(|m| m.year()).collect();
    years.dedup();
    for y in years {
        let these: Vec<&crate::calendar::Month> = months.iter().filter(|m| m.year() == y).collect();
        let n = these.len() as u32;
        if n == 12 {
            continue;
        }
        let Some(last) = these.last() else { continue };
        let p = cx.policy_at(last.first_day());
        let total: Decimal = these
            .iter()
            .filter_map(|m| cx.case.maand(**m))
            .map(|s| s.uren())
            .sum();
        let allowed = p.max_uren_per_jaar * Decimal::from(n) / Decimal::from(12);
        if total > allowed && total <= p.max_uren_per_jaar {
            let yearly = (total * Decimal::from(12) / Decimal::from(n)).round_dp(0);
            let span = these
                .iter()
                .rev()
                .find_map(|m| cx.case.maand(**m))
                .map_or(cx.case.maanden_span, |s| s.uren_direct.span);
            out.push(
                &ART5_JAARBASIS,
                span,
                Some(Period::Year(y)),
                p,
                format!(
                    "In {} tot en met {} hebt u {} uur gewerkt; dat is op jaarbasis ongeveer {} uur, \
                     meer dan de grens van {} uur per kalenderjaar. De grens is nog niet \
                     overschreden; let erop dat u er in {y} onder blijft",
                    these[0].in_words(),
                    last.in_words(),
                    number(total),
                    number(yearly),
                    number(p.max_uren_per_jaar)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::diag::Severity::{Error, Warning};

    #[test]
    fn art4_1a_planned_hours_times_52_within_the_cap() {
        // 23.55 × 52 = 1,224.6 passes; 23.56 × 52 = 1,225.12 fails.
        let ok = case(&[("uren_per_week: 12", "uren_per_week: 23.55")], "");
        assert!(found(&ok, "2024-01-20", "art4.1a").is_empty());
        let bad = case(&[("uren_per_week: 12", "uren_per_week: 23.56")], "");
        let f = found(&bad, "2024-01-20", "art4.1a");
        assert_eq!((f.len(), f[0].severity), (1, Error));
        assert!(
            f[0].message.contains("1.225,12 uur per jaar"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn art5_week_planned_hours_within_the_guideline() {
        let ok = case(&[("uren_per_week: 12", "uren_per_week: 20")], "");
        assert!(found(&ok, "2024-01-20", "art5.week").is_empty());
        let bad = case(&[("uren_per_week: 12", "uren_per_week: 20.5")], "");
        let f = found(&bad, "2024-01-20", "art5.week");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        // Over the yearly limit too: the week is said in that one finding.
        let both = case(&[("uren_per_week: 12", "uren_per_week: 24")], "");
        assert!(found(&both, "2024-01-20", "art5.week").is_empty());
        let f = found(&both, "2024-01-20", "art4.1a");
        assert_eq!(
            f[0].message,
            "U wilt 24 uur per week werken; dat is 1.248 uur per jaar, meer dan de grens van \
             1.225 uur per jaar, en 24 uur per week is ook meer dan de richtlijn van ten hoogste \
             20 uur per week uit de toelichting op artikel 5 (artikel 4 lid 1 onder a)."
        );
    }

    #[test]
    fn art5_week_a_month_over_the_weekly_guideline() {
        // March has 31 days: 20 h/week allows 20 × 31 / 7 = 88.571… hours.
        let march = |hours: &str| {
            months_2024("80", "100").replace(
                "maand: 2024-03, omzet: 100, uren_direct: 80",
                &format!("maand: 2024-03, omzet: 100, uren_direct: {hours}"),
            )
        };
        assert!(found(&case(&[], &march("88.57")), "2025-01-01", "art5.week").is_empty());
        let f = found(&case(&[], &march("88.58")), "2025-01-01", "art5.week");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        assert_eq!(
            f[0].message,
            "In maart 2024 hebt u 88,58 uur gewerkt, gemiddeld 20 uur per week; de richtlijn is \
             ten hoogste 20 uur per week (artikel 5, toelichting)."
        );
    }

    #[test]
    fn art5_1_exactly_1225_hours_passes() {
        // 12 × 102.08 = 1,224.96; plus 0.04 in December = 1,225.00.
        let text = months_2024("102.08", "100").replace(
            "maand: 2024-12, omzet: 100, uren_direct: 102.08",
            "maand: 2024-12, omzet: 100, uren_direct: 102.12",
        );
        let c = case(&[], &text);
        assert!(found(&c, "2025-01-01", "art5.1").is_empty());
    }

    #[test]
    fn art5_1_1225_01_hours_fails() {
        let text = months_2024("102.08", "100").replace(
            "maand: 2024-12, omzet: 100, uren_direct: 102.08",
            "maand: 2024-12, omzet: 100, uren_direct: 102.13",
        );
        let c = case(&[], &text);
        let f = found(&c, "2025-01-01", "art5.1");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Error);
        assert_eq!(
            f[0].message,
            "In 2024 hebt u 1.225,01 uur gewerkt, meer dan de grens van 1.225 uur per jaar; u \
             kwam erboven in december 2024 (artikel 5 lid 1)."
        );
    }

    #[test]
    fn art5_jaarbasis_warns_of_a_pro_rata_excess_before_the_cap_is_crossed() {
        // 110 hours a month: by the end of June 660 hours, 1,320 a year
        // pro rata, above 1,225 but the cap itself not yet crossed.
        let c = case(&[], &months_2024("110", "100"));
        let f = found(&c, "2024-07-01", "art5.jaarbasis");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        assert_eq!(
            f[0].message,
            "In januari 2024 tot en met juni 2024 hebt u 660 uur gewerkt; dat is op jaarbasis \
             ongeveer 1.320 uur, meer dan de grens van 1.225 uur per kalenderjaar. De grens is \
             nog niet overschreden; let erop dat u er in 2024 onder blijft (artikel 5 lid 1)."
        );
        // 100 hours a month is 1,200 a year: no warning; and a whole year is
        // judged by its total (art5.1), not pro rata.
        assert!(
            found(
                &case(&[], &months_2024("100", "100")),
                "2024-07-01",
                "art5.jaarbasis"
            )
            .is_empty()
        );
        assert!(found(&c, "2025-01-01", "art5.jaarbasis").is_empty());
    }

    #[test]
    fn art5_1_counts_only_ended_months() {
        // 110 hours a month: the cap is crossed in the twelfth month.
        let c = case(&[], &months_2024("110", "100"));
        assert!(found(&c, "2024-12-31", "art5.1").is_empty());
        let f = found(&c, "2025-01-01", "art5.1");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("u kwam erboven in december 2024"));
    }
}
