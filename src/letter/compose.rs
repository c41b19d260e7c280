//! A decision → the data of its letter. The letter kind comes from the
//! registry, its sections from its template (`secties:`), its words from the
//! templates and its figures formatted the Dutch way; the frame (letterhead,
//! addressee, references, greeting, signature, objection clause) is the same
//! for every kind.

use super::blocks;
use super::context::{self as cx, AttachmentContext, LineContext, TemplateContext};
use super::data::{Block, LetterData, Letterhead, Section, paragraphs};
use super::kind::LetterKind;
use super::structure::Part;
use super::wording::{Wording, WordingError, context, with};
use crate::calendar::{Month, date_in_words};
use crate::case::Case;
use crate::decide::Decision;
use crate::format::{masked_bsn, money, number};
use crate::rules::CATALOGUE;
use crate::settings::Settings;

/// Composes the letter for `decision` on `case`, in the kind the registry
/// gives its outcome.
pub fn compose(
    decision: &Decision,
    case: &Case,
    settings: &Settings,
    wording: &Wording,
) -> Result<LetterData, WordingError> {
    compose_as(
        LetterKind::of(decision.outcome),
        decision,
        case,
        settings,
        wording,
    )
}

/// Composes the letter of kind `kind` for `decision` on `case`.
pub fn compose_as(
    kind: &LetterKind,
    decision: &Decision,
    case: &Case,
    settings: &Settings,
    wording: &Wording,
) -> Result<LetterData, WordingError> {
    let name = kind.name;
    let cx_json = template_context(decision, case, settings);
    let cx = context(&cx_json);
    let t = |key: &str| wording.text(name, key, &cx);
    let computed = blocks::Source {
        decision,
        wording,
        kind: name,
        cx: &cx,
    };

    let mut secties = Vec::new();
    for spec in wording.sections(name)? {
        if !wording.holds(spec.als.as_ref(), &cx)? {
            continue;
        }
        let mut section = Section::new(t(&spec.kop.key)?);
        for part in &spec.inhoud {
            if !wording.holds(part.als.as_ref(), &cx)? {
                continue;
            }
            section = match &part.part {
                Part::Tekst(r) => section.text(&t(&r.key)?),
                Part::Lijst { tekst, letters } => {
                    section.list(wording.list(name, &tekst.key, &cx)?, *letters)
                }
                Part::Tussenkop(r) => section.block(Block::Kop { tekst: t(&r.key)? }),
                Part::Blok(block) => match computed.block(*block)? {
                    Some(block) => section.block(block),
                    None => section,
                },
                Part::Bedragen(r) => section.block(Block::Bedragen {
                    kolommen: wording.list(name, "bedragen_kolommen", &cx)?,
                    regels: wording.rows(name, &r.key, &cx)?,
                }),
            };
        }
        secties.push(section);
    }

    let g = &settings.gemeente;
    let mut afzender: Vec<String> = g.postadres.clone();
    for (key, lines) in [
        ("bezoekadres", &g.bezoekadres[..]),
        ("telefoon", g.telefoon.as_slice()),
    ] {
        for regel in lines {
            let line = LineContext {
                regel: regel.clone(),
            };
            afzender.push(wording.text(name, key, &with(&cx, &line))?);
        }
    }
    afzender.extend(g.website.iter().cloned());
    afzender.extend(g.email.iter().cloned());

    let a = &case.aanvrager;
    let kenmerken = wording
        .rows(name, "kenmerken", &cx)?
        .into_iter()
        .map(|(label, value, _)| (label, value))
        .collect();

    let onderwerp = t("onderwerp")?;
    let bezwaar = if kind.objection_clause {
        Some(Section::new(t("bezwaar_kop")?).text(&t("bezwaar")?))
    } else {
        None
    };
    Ok(LetterData {
        title: onderwerp.clone(),
        gemeente: Letterhead {
            naam_kort: t("briefhoofd")?,
            college: g.college.clone(),
            afdeling: g.afdeling.clone(),
            afzender,
        },
        geadresseerde: vec![
            a.naam.value.clone(),
            a.adres.straat.clone(),
            format!(
                "{}  {}",
                a.adres.postcode,
                a.adres.woonplaats.to_uppercase()
            ),
        ],
        kenmerk: decision.reference.clone(),
        kenmerken,
        onderwerp,
        aanhef: t("aanhef")?,
        inleiding: paragraphs(&t("inleiding")?),
        secties,
        groet: t("groet")?,
        ondertekening: wording.list(name, "ondertekening", &cx)?,
        bezwaar,
        bijlage: None,
    })
}

/// The description of the case file attached to a PDF/A-3b letter.
pub fn attachment(
    decision: &Decision,
    case: &Case,
    settings: &Settings,
    wording: &Wording,
    file: &str,
) -> Result<String, WordingError> {
    let cx = context(&template_context(decision, case, settings));
    let name = LetterKind::of(decision.outcome).name;
    let extra = AttachmentContext {
        bestand: file.to_string(),
    };
    wording.text(name, "bijlage", &with(&cx, &extra))
}

/// "a", "a en b", "a, b en c".
fn enumeration<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} en {last}", rest.join(", ")),
    }
}

/// Dutch words for small counts: "zes weken", "twee punten".
fn count_words(n: usize, one: &str, many: &str) -> String {
    const WORDS: [&str; 13] = [
        "nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
        "elf", "twaalf",
    ];
    let word = WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string());
    format!("{word} {}", if n == 1 { one } else { many })
}

/// What the templates may use: the types in `context.rs`, documented in
/// `templates/README.md`.
pub fn template_context(decision: &Decision, case: &Case, settings: &Settings) -> TemplateContext {
    let p = settings.policy.at_or_first(decision.date);
    let a = &case.aanvraag;
    let plan = a.plan_van_aanpak.as_ref();
    let (month, day) = p.jaarstukken_voor;
    let s = decision.settlement.as_ref();
    let reasons = decision.reasons().count();
    // The errors of a settlement do not decide it: they are told as remarks.
    let remarks = if s.is_some() { reasons } else { 0 }
        + decision.warnings().count()
        + decision.waived().count();
    let money_of =
        |f: fn(&crate::settle::Settlement) -> rust_decimal::Decimal| s.map(|s| money(f(s)));
    TemplateContext {
        uitkomst: decision.outcome.key(),
        gemeente: cx::Gemeente {
            naam: settings.gemeente.naam.clone(),
            college: settings.gemeente.college.clone(),
        },
        aanvrager: cx::Aanvrager {
            naam: case.aanvrager.naam.value.clone(),
            bsn: masked_bsn(&case.aanvrager.bsn),
        },
        zaaknummer: case.zaaknummer.value.clone(),
        kenmerk: decision.reference.clone(),
        datum: date_in_words(decision.date),
        uitkering: cx::Uitkering {
            wet: case.uitkering.wet.title(),
        },
        aanvraag: cx::Aanvraag {
            datum: date_in_words(*a.datum),
            activiteit: a.activiteit.value.clone(),
            uren_per_week: number(*a.uren_per_week),
        },
        klantmanager: a
            .klantmanager
            .as_ref()
            .map(|k| k.value.clone())
            .unwrap_or_default(),
        toestemming: cx::Toestemming {
            ingangsdatum: case
                .toestemming
                .as_ref()
                .map(|t| date_in_words(*t.ingangsdatum)),
        },
        plan: cx::Plan {
            datum: plan.map(|p| date_in_words(*p.datum)),
            uren: plan
                .and_then(|p| p.arbeidsverplichting_uren_per_week.as_ref())
                .map(|u| number(u.value)),
            ontheffing: plan
                .and_then(|p| p.ontheffing.as_ref())
                .map(|o| o.value.clone()),
        },
        beleid: cx::Beleid {
            // Letters cite the policy by the title it is cited by.
            naam: p.citeertitel.clone(),
            max_uren: number(p.max_uren_per_jaar),
            richtlijn_uren: number(p.richtlijn_uren_per_week),
            jaarstukken_voor: format!("{day} {}", crate::calendar::month_name(month)),
            bezwaartermijn: count_words(p.bezwaartermijn_weken as usize, "week", "weken"),
            evaluatie_maanden: p.evaluatie_maanden,
            niet_aftrekbaar: enumeration(p.niet_aftrekbaar.iter().map(|c| c.in_words())),
        },
        bezwaar: cx::Bezwaar {
            aan: settings.bezwaar.aan.clone(),
            adres: settings.bezwaar.adres.join(", "),
            digitaal: settings.bezwaar.digitaal.clone(),
        },
        ondertekening: cx::Ondertekening {
            naam: settings.ondertekening.naam.clone().unwrap_or_default(),
            functie: settings.ondertekening.functie.clone(),
            digitaal: settings.ondertekening.ondertekend_door.clone(),
        },
        ingangsdatum: decision.effective.map(date_in_words),
        intrekkingsdatum: decision.effective.map(date_in_words),
        volgende_evaluatie: decision.next_evaluation.map(Month::in_words),
        periode: cx::Periode {
            van: decision.period.map(|(from, _)| from.in_words()),
            tot: decision.period.map(|(_, to)| to.in_words()),
        },
        afwijkingen: decision.waived().next().is_some(),
        aantal_redenen: reasons,
        aantal_redenen_tekst: count_words(reasons, "punt", "punten"),
        aantal_opmerkingen: remarks,
        aantal_niet_afgetrokken: s.map_or(0, |s| s.not_deducted.len()),
        artikel: CATALOGUE
            .iter()
            .filter_map(|r| Some((r.id.replace('.', "_"), r.article(p)?)))
            .collect(),
        jaar: s.map(|s| s.year),
        bedrag: money_of(|s| s.amount),
        omzet: money_of(|s| s.turnover),
        kosten: money_of(|s| s.costs),
        verschil: money_of(|s| s.difference),
        inkomen: money_of(|s| s.income),
        verrekend: money_of(|s| s.accounted),
        uitbetaald: money_of(|s| s.benefit_paid),
        beperkt: s.is_some_and(|s| s.amount < s.difference),
        jaarstukken: cx::Jaarstukken {
            ingeleverd: s
                .and_then(|s| case.jaarstukken_van(s.year))
                .and_then(|j| j.ingeleverd.as_ref())
                .map(|d| date_in_words(d.value)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enumeration_reads_as_dutch() {
        assert_eq!(enumeration([].into_iter()), "");
        assert_eq!(enumeration(["huur"].into_iter()), "huur");
        assert_eq!(enumeration(["huur", "rente"].into_iter()), "huur en rente");
        assert_eq!(
            enumeration(["huur", "investering", "rente"].into_iter()),
            "huur, investering en rente"
        );
    }
}
