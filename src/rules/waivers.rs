//! Art. 12, the hardheidsclausule: "Het college kan in bijzondere gevallen
//! ten gunste van de belanghebbende afwijken van de bepalingen in de
//! beleidsregels, als strikte toepassing ervan tot onbillijkheden van
//! overwegende aard zou leiden." Always with a written motivation (Awb 4:84).

use super::{Article, Ctx, Finding, Findings, Rule, Scope, Waived};
use crate::case::Afwijking;
use crate::diag::Severity::Error;
use crate::settings::Subject;

pub static ART12: Rule = Rule {
    id: "art12",
    article: Article::Policy("artikel 12"),
    severity: Error,
    scope: Scope::Application,
    subjects: &[Subject::Beleidsregels],
    summary: "Een afwijking (`afwijkingen`) noemt een bekende regel en heeft een `datum` en een \
              `motivering`.",
};

/// Whether a waiver may name this rule id: any rule of the catalogue but
/// art. 12 itself.
pub fn waivable(id: &str) -> bool {
    super::lookup(id).is_some_and(|r| *r != ART12 && !STATUTORY.contains(&r.id))
}

/// Art. 6 a–c repeat statutory requirements (permits, the Handelsregister,
/// a VAT number): art. 12 lets the college depart from its own rules, not
/// from the law, so these cannot be waived. A condition with a date
/// belongs in the decision instead.
pub const STATUTORY: &[&str] = &["art6a", "art6b", "art6c"];

/// The same, in the catalogue the check runs with.
fn waivable_in(cx: &Ctx, id: &str) -> bool {
    cx.lookup(id).is_some_and(|r| *r != ART12)
}

/// A waiver is valid when it names a known rule, has a date and a
/// non-empty motivation.
pub(super) fn check(out: &mut Findings) {
    let cx = out.cx;
    let p = cx.policy_at(*cx.case.aanvraag.datum);
    for w in &cx.case.afwijkingen {
        if STATUTORY.contains(&w.regel.value.as_str()) {
            out.push(&ART12, w.regel.span, w.betreft.as_ref().map(|b| b.value), p, format!(
                "De afwijking noemt {}, een wettelijke eis (artikel 6); de hardheidsclausule laat \
                 het college afwijken van zijn eigen beleidsregels, niet van de wet. Verbind zo \
                 nodig een voorwaarde met een datum aan het besluit",
                w.regel.value
            ));
            continue;
        }
        if !waivable_in(cx, &w.regel) {
            out.push(&ART12, w.regel.span, w.betreft.as_ref().map(|b| b.value), p, format!(
                "De afwijking noemt een onbekende regel ({}); een afwijking kan alleen een bevinding \
                 van een bekende regel opheffen",
                w.regel.value
            ));
        }
        if w.motivering.is_none() {
            out.push(
                &ART12,
                w.span,
                w.betreft.as_ref().map(|b| b.value),
                p,
                format!(
                    "De afwijking van {} heeft geen motivering; een afwijking op grond van de \
                 hardheidsclausule moet schriftelijk gemotiveerd zijn",
                    w.regel.value
                ),
            );
        }
        if w.datum.is_none() {
            out.push(
                &ART12,
                w.span,
                w.betreft.as_ref().map(|b| b.value),
                p,
                format!("De afwijking van {} heeft geen datum", w.regel.value),
            );
        }
    }
}

/// Marks each finding that a valid waiver, known on the reference date,
/// lifts. A waiver can only lift a finding, never add one.
pub(super) fn apply(cx: &Ctx, findings: &mut [Finding]) {
    for finding in findings.iter_mut().filter(|f| *f.rule != ART12) {
        if let Some(w) = cx.case.afwijkingen.iter().find(|w| lifts(w, finding, cx)) {
            let datum = w.datum.as_ref().map(|d| d.value).unwrap_or_default();
            finding.waived = Some(Waived {
                datum,
                motivering: w
                    .motivering
                    .as_ref()
                    .map(|m| m.value.clone())
                    .unwrap_or_default(),
                artikel: ART12.article(cx.policy_at(datum)).unwrap_or_default(),
                in_brief: w.in_brief.as_ref().map(|t| t.value.clone()),
            });
        }
    }
}

fn lifts(w: &Afwijking, finding: &Finding, cx: &Ctx) -> bool {
    let valid = waivable_in(cx, &w.regel)
        && !STATUTORY.contains(&w.regel.value.as_str())
        && w.motivering.is_some();
    let known = w.datum.as_ref().is_some_and(|d| d.value <= cx.date);
    let same_period = w
        .betreft
        .as_ref()
        .is_none_or(|b| Some(b.value) == finding.period);
    valid && known && w.regel.value == finding.rule.id && same_period
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn missing_june() -> String {
        months_2024("10", "100")
            .lines()
            .filter(|l| !l.contains("2024-06"))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    #[test]
    fn every_rule_but_art12_and_the_statutory_requirements_can_be_waived() {
        assert!(waivable("art8.1") && waivable("awb4.13"));
        assert!(!waivable("art12") && !waivable("art99"));
        assert!(!waivable("art6a") && !waivable("art6b") && !waivable("art6c"));
    }

    #[test]
    fn art12_a_statutory_requirement_is_not_waived() {
        let c = case(
            &[("  kvk_nummer: \"12345678\"\n", "")],
            "afwijkingen:\n  - { regel: art6b, datum: 2024-01-10, motivering: Inschrijving aangevraagd. }\n",
        );
        let art6b = found(&c, "2024-01-20", "art6b");
        assert!(art6b[0].waived.is_none(), "{art6b:?}");
        let art12 = found(&c, "2024-01-20", "art12");
        assert!(art12[0].message.contains("een wettelijke eis"), "{art12:?}");
    }

    #[test]
    fn art12_a_motivated_waiver_lifts_the_finding() {
        let text = format!(
            "{}afwijkingen:\n  - {{ regel: art8.1, betreft: 2024-06, datum: 2025-01-10, motivering: \"Ziekenhuisopname in juni.\" }}\n",
            missing_june()
        );
        let c = case(&[], &text);
        assert!(found(&c, "2025-01-20", "art12").is_empty());
        let f = found(&c, "2025-01-20", "art8.1");
        assert_eq!(f.len(), 1);
        assert!(!f[0].blocks());
        assert_eq!(
            f[0].waived.as_ref().unwrap().motivering,
            "Ziekenhuisopname in juni."
        );
        // Not known before the waiver was granted.
        assert!(found(&c, "2025-01-09", "art8.1")[0].waived.is_none());
    }

    #[test]
    fn art12_a_waiver_for_another_month_does_not_lift() {
        let text = format!(
            "{}afwijkingen:\n  - {{ regel: art8.1, betreft: 2024-07, datum: 2025-01-10, motivering: Ziek. }}\n",
            missing_june()
        );
        let c = case(&[], &text);
        assert!(found(&c, "2025-02-01", "art8.1")[0].blocks());
    }

    #[test]
    fn art12_a_waiver_without_motivation_or_for_an_unknown_rule_is_an_error() {
        let text = format!(
            "{}afwijkingen:\n  - {{ regel: art8.1, betreft: 2024-06, datum: 2025-01-10 }}\n  - {{ regel: art99, datum: 2025-01-10, motivering: x }}\n",
            missing_june()
        );
        let c = case(&[], &text);
        let f = found(&c, "2025-02-01", "art12");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.severity == Error));
        assert!(f.iter().any(|f| f.message.contains("geen motivering")));
        assert!(
            f.iter()
                .any(|f| f.message.contains("onbekende regel (art99)"))
        );
        // And the unmotivated waiver lifts nothing.
        assert!(found(&c, "2025-02-01", "art8.1")[0].blocks());
    }
}
