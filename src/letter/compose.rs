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
use crate::settings::{Regeling, Settings, Subject};

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
                Part::Blok(block) => computed
                    .block(*block)?
                    .into_iter()
                    .fold(section, Section::block),
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
        vragen: Some(Section::new(t("vragen_kop")?).text(&t("vragen")?)),
        concept: None,
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
pub(super) fn enumeration<'a>(items: impl Iterator<Item = &'a str>) -> String {
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
    // As many as the block `opmerkingen` shows (a heading is never left
    // without its lines).
    let remarks = super::blocks::remarks(decision).len();
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
            aanhef: case.aanvrager.aanhef(),
            bsn: masked_bsn(&case.aanvrager.bsn),
        },
        zaaknummer: case.zaaknummer.value.clone(),
        kenmerk: decision.reference.clone(),
        datum: date_in_words(decision.date),
        uitkering: cx::Uitkering {
            wet: case.uitkering.wet.title(),
            wet_voluit: settings
                .policy
                .wetten()
                .statute(Regeling::of(*case.uitkering.wet))
                .naam
                .clone(),
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
            besluit_datum: decision.toekenning.as_ref().map(|(d, _)| date_in_words(*d)),
            besluit_kenmerk: decision.toekenning.as_ref().map(|(_, k)| k.clone()),
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
            meldingsformulier: p.meldingsformulier.clone(),
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
        eerste_jaar: decision
            .effective
            .filter(|d| (chrono::Datelike::month(d), chrono::Datelike::day(d)) != (1, 1))
            .map(|d| chrono::Datelike::year(&d)),
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
        // Capped by what was paid: no bijstand was due at all (not the
        // two-year limit, which bars a part of what was due too much).
        beperkt: s.is_some_and(|s| s.due.is_zero() && s.difference > s.benefit_paid),
        jaarstukken: cx::Jaarstukken {
            ingeleverd: s
                .and_then(|s| case.jaarstukken_van(s.year))
                .and_then(|j| j.ingeleverd.as_ref())
                .map(|d| date_in_words(d.value)),
        },
        wet: Subject::ALL
            .iter()
            .filter_map(|subject| {
                let cited = settings
                    .policy
                    .wetten()
                    .cite(*subject, *case.uitkering.wet, decision.date)
                    .ok()?;
                Some((subject.key().to_string(), cited.long_abbreviated()))
            })
            .collect(),
        contact: cx::Contact {
            telefoon: settings
                .contact
                .telefoon
                .clone()
                .or_else(|| settings.gemeente.telefoon.clone())
                .unwrap_or_else(|| "14 0180".into()),
            email: settings
                .contact
                .email
                .clone()
                .or_else(|| settings.gemeente.email.clone()),
        },
        afrekening: s.map_or_else(
            || cx::Afrekening {
                grondslag: p.terugvordering.grondslag.key(),
                terugvorderingsbeleid: p.terugvordering.beleid.clone(),
                betaaltermijn: count_words(
                    p.terugvordering.betalingstermijn_weken as usize,
                    "week",
                    "weken",
                ),
                verrekenen: p.terugvordering.verrekenen,
                rekening: settings.gemeente.rekening.clone(),
                ..cx::Afrekening::default()
            },
            |s| afrekening(s, case, settings, decision),
        ),
        procedure: procedure(decision, p),
        bbz_route: decision
            .reasons()
            .any(|f| matches!(f.rule.id, "art4.1a" | "art4.1c" | "art5.1")),
        overgangsperiode: count_words(p.overgangsperiode_weken as usize, "week", "weken"),
        verplichtingen: obligations(decision, case, settings),
        afweging: decision.weighing.clone(),
        aantal_afwijkingen: decision.waived().count(),
        afrekening_volgt: years(
            &decision
                .open_settlements
                .iter()
                .map(|o| o.year)
                .collect::<Vec<_>>(),
        ),
        afrekeningen: decision
            .open_settlements
            .iter()
            .map(|o| cx::VolgendeAfrekening {
                jaar: o.year,
                uitkomst: o.outcome.key(),
                bedrag: money(o.amount),
                kenmerk: o.reference.clone(),
            })
            .collect(),
        boekhouding_ontvangen: years(
            &case
                .jaarstukken
                .iter()
                .filter(|j| j.ingeleverd.as_ref().is_some_and(|d| **d <= decision.date))
                .map(|j| *j.boekjaar)
                .collect::<Vec<_>>(),
        ),
        jaarstukken_ontbreken: years(
            &decision
                .findings
                .iter()
                .filter(|f| f.rule.id == "art9.2")
                .filter_map(|f| match f.period {
                    Some(crate::case::Period::Year(y)) => Some(y),
                    _ => None,
                })
                .filter(|y| {
                    !case.jaarstukken.iter().any(|j| {
                        *j.boekjaar == *y
                            && j.ingeleverd.as_ref().is_some_and(|d| **d <= decision.date)
                    })
                })
                .collect::<Vec<_>>(),
        ),
        ontbrekende_opgaven: {
            let months: Vec<String> = decision
                .reasons()
                .filter(|f| f.rule.id == "art8.1")
                .filter_map(|f| match f.period {
                    Some(crate::case::Period::Month(m)) => Some(m.in_words()),
                    _ => None,
                })
                .collect();
            (!months.is_empty()).then(|| enumeration(months.iter().map(String::as_str)))
        },
        aantal_stukken: decision.missing.len(),
        vog_gevraagd: decision
            .missing
            .iter()
            .any(|(s, _)| *s.soort == crate::case::StukSoort::Vog),
        vog_ontvangen: case
            .aanvraag
            .stukken
            .iter()
            .filter(|s| *s.soort == crate::case::StukSoort::Vog && s.received_by(decision.date))
            .filter_map(|s| s.ontvangen.as_ref())
            .map(|d| date_in_words(**d))
            .next(),
    }
}

/// "2023 en 2024"; none for no years.
fn years(list: &[i32]) -> Option<String> {
    let words: Vec<String> = list.iter().map(i32::to_string).collect();
    (!words.is_empty()).then(|| enumeration(words.iter().map(String::as_str)))
}

/// The statutory obligations an intrekking's reasons rest on: the duty to
/// inform, the data and how to give them, the work obligations, and the
/// obligations attached to the benefit (for a condition of these rules).
fn obligations(decision: &Decision, case: &Case, settings: &Settings) -> Option<String> {
    use Subject::*;
    const OBLIGATIONS: [Subject; 4] = [
        Inlichtingenplicht,
        GegevensEnWijze,
        Arbeidsverplichtingen,
        Verplichtingen,
    ];
    let mut subjects: Vec<Subject> = Vec::new();
    for f in decision.reasons() {
        let own: Vec<Subject> = f
            .rule
            .subjects
            .iter()
            .copied()
            .filter(|s| OBLIGATIONS.contains(s))
            .collect();
        // A condition of the rules alone (the hours, the bookkeeping) is an
        // obligation attached to the benefit.
        let found = if own.is_empty() {
            vec![Verplichtingen]
        } else {
            own
        };
        for s in found {
            if !subjects.contains(&s) {
                subjects.push(s);
            }
        }
    }
    subjects.sort_by_key(|s| OBLIGATIONS.iter().position(|o| o == s));
    let cited: Vec<String> = subjects
        .iter()
        .filter_map(|s| {
            settings
                .policy
                .wetten()
                .cite(*s, *case.uitkering.wet, decision.date)
                .ok()
                .map(|c| c.long_abbreviated())
        })
        .collect();
    (!cited.is_empty()).then(|| enumeration(cited.iter().map(String::as_str)))
}

/// "maart tot en met december 2024", "juni 2024".
fn months_in_words(first: Month, last: Month) -> String {
    if first == last {
        return first.in_words();
    }
    let from = if first.year() == last.year() {
        crate::calendar::month_name(first.number()).to_string()
    } else {
        first.in_words()
    };
    // Two months are named, not spanned: "januari en februari 2024".
    let joint = if first.next() == last {
        "en"
    } else {
        "tot en met"
    };
    format!("{from} {joint} {}", last.in_words())
}

/// The months of `list` in words, runs joined: "januari tot en met juni 2023".
fn month_runs(list: &[Month]) -> Option<String> {
    let mut runs: Vec<(Month, Month)> = Vec::new();
    for m in list {
        match runs.last_mut() {
            Some((_, last)) if last.next() == *m => *last = *m,
            _ => runs.push((*m, *m)),
        }
    }
    let words: Vec<String> = runs.iter().map(|(a, b)| months_in_words(*a, *b)).collect();
    (!words.is_empty()).then(|| enumeration(words.iter().map(String::as_str)))
}

fn afrekening(
    s: &crate::settle::Settlement,
    case: &Case,
    settings: &Settings,
    decision: &Decision,
) -> cx::Afrekening {
    let p = settings.policy.at_or_first(decision.date);
    let nonzero = |d: rust_decimal::Decimal| (!d.is_zero()).then(|| money(d));
    let r = s.recovery.as_ref();
    let exempt_months: Vec<Month> = s
        .rows
        .iter()
        .filter(|r| !r.exempt.is_zero())
        .map(|r| r.month)
        .collect();
    let vrijlating = case
        .vrijlatingen
        .iter()
        .find(|v| s.rows.iter().any(|r| v.contains(r.month)));
    let breach = case
        .jaarstukken_van(s.year)
        .and_then(|j| j.schending_inlichtingenplicht.as_ref());
    let barred: Vec<Month> = r
        .map(|r| r.barred.iter().map(|(m, _)| *m).collect())
        .unwrap_or_default();
    let weeks = |date: chrono::NaiveDate, n: u32| {
        date_in_words(date + chrono::Duration::weeks(i64::from(n)))
    };
    cx::Afrekening {
        maanden: s.period().map(|(a, b)| months_in_words(a, b)),
        aantal_maanden: s.rows.len() as u32,
        naar_verhouding: s.shared != s.covered,
        maanden_jaarstukken: s.covered,
        maanden_gedeeld: s.shared,
        maanden_boekhouding: s.covered + s.no_turnover.len() as u32,
        zonder_omzet: (!s.no_turnover.is_empty()).then(|| {
            let words: Vec<String> = s.no_turnover.iter().map(|m| m.in_words()).collect();
            enumeration(words.iter().map(String::as_str))
        }),
        wettelijk: {
            use crate::settings::Subject;
            let mut subjects = vec![Subject::AnderePeriode, Subject::Inkomen];
            if !s.taxes.is_zero() {
                subjects.push(Subject::Belastingen);
            }
            if !s.exempt.is_zero() || s.rows.iter().any(|r| !r.exempt.is_zero()) {
                subjects.push(Subject::VrijlatingArbeid);
            }
            settings
                .policy
                .wetten()
                .cite_together(&subjects, *case.uitkering.wet, decision.date)
        },
        winst: Some(money(s.profit)),
        belasting: nonzero(s.taxes),
        aandeel: Some(money(s.share)),
        vrijlating: nonzero(s.exempt).or_else(|| {
            let monthly: rust_decimal::Decimal = s.rows.iter().map(|r| r.exempt).sum();
            nonzero(monthly)
        }),
        vrijlating_maanden: month_runs(&exempt_months),
        vrijlating_procent: vrijlating.and_then(|v| {
            p.vrijlating_op(*case.uitkering.wet, v.van.first_day())
                .map(|b| number(b.procent))
        }),
        vrijlating_maximum: exempt_months.first().and_then(|m| {
            p.vrijlating_op(*case.uitkering.wet, m.first_day())
                .map(|b| money(b.maximum))
        }),
        vrijlating_opgaven: nonzero(s.rows.iter().map(|r| r.exempt).sum()),
        inkomen_per_maand: (!s.exempt.is_zero() && s.shared > 0).then(|| {
            money(crate::settle::income_down(
                s.share / rust_decimal::Decimal::from(s.shared),
            ))
        }),
        vrijlating_per_maand: exempt_months.first().and_then(|m| {
            let per_month =
                crate::settle::income_down(s.share / rust_decimal::Decimal::from(s.shared.max(1)));
            nonzero(crate::settle::exemption(
                case,
                &settings.policy,
                *m,
                per_month,
            ))
        }),
        vrijlating_aantal: exempt_months.len(),
        vrijlating_in_brief: vrijlating.and_then(|v| v.in_brief.as_ref().map(|t| t.value.clone())),
        norm_totaal: Some(money(s.norm_total)),
        verschil: nonzero(s.difference.abs()),
        hoger: s.difference > rust_decimal::Decimal::ZERO,
        bijstand_recht: Some(money(s.due)),
        niet_gemeld: nonzero(s.unreported_turnover()),
        buiten: month_runs(&s.outside),
        buiten_inkomen: nonzero(s.outside_income),
        verjaard: r.and_then(|r| nonzero(r.barred_total())),
        verjaard_voor: r.and_then(|r| r.limit).map(date_in_words),
        totaal: r.map(|r| money(r.total)),
        verjaard_maanden: month_runs(&barred),
        schending_deel: r.and_then(|r| r.breach).map(money),
        gewoon_deel: r.and_then(|r| nonzero(r.ordinary - r.barred_total())),
        schending_omzet: breach.map(|b| money(b.bedrag.value)),
        buiten_deel: nonzero(-s.explanation.share),
        omzet_opgaven: Some(money(s.statements_turnover())),
        schending_motivering: breach.map(|b| b.motivering.value.clone()),
        schending_stukken: breach.map(|b| enumeration(b.stukken.iter().map(|s| s.value.as_str()))),
        grondslag: p.terugvordering.grondslag.key(),
        terugvorderingsbeleid: p.terugvordering.beleid.clone(),
        betalen_voor: Some(weeks(
            decision.date,
            p.terugvordering.betalingstermijn_weken,
        )),
        betaaltermijn: count_words(
            p.terugvordering.betalingstermijn_weken as usize,
            "week",
            "weken",
        ),
        verrekenen: p.terugvordering.verrekenen,
        nabetalen_voor: Some(weeks(decision.date, p.nabetaling_weken)),
        rekening: settings.gemeente.rekening.clone(),
    }
}

fn procedure(decision: &Decision, p: &crate::settings::PolicyVersion) -> cx::Procedure {
    let after = decision.after_voornemen.as_ref();
    let z = after.and_then(|a| a.zienswijze.as_ref());
    let request = decision.request.as_ref();
    cx::Procedure {
        reageren_tot: decision.respond_by.map(date_in_words),
        zienswijze_dagen: p.procedure.zienswijze_dagen,
        voornemen: after.map(|a| a.reference.clone()),
        voornemen_datum: after.map(|a| date_in_words(a.date)),
        voornemen_tot: after.map(|a| date_in_words(a.respond_by)),
        aangekondigd: after.map(|a| a.announced.key()),
        zienswijze: z.is_some_and(|z| !z.afgezien),
        afgezien: z.is_some_and(|z| z.afgezien),
        ontvangen: z
            .and_then(|z| z.ontvangen.as_ref())
            .map(|d| date_in_words(d.value)),
        vorm: z.and_then(|z| z.vorm.as_ref()).map(|v| v.value.key()),
        verslag: z
            .and_then(|z| z.verslag.as_ref())
            .map(|d| date_in_words(d.value)),
        samenvatting: z
            .and_then(|z| z.samenvatting.as_ref())
            .map(|t| t.value.clone()),
        reactie: z.and_then(|z| z.reactie.as_ref()).map(|t| t.value.clone()),
        verzocht_op: request.map(|r| date_in_words(r.date)),
        verzoek: request.map(|r| r.reference.clone()),
        aanvullen_tot: request.map(|r| date_in_words(r.until)),
        opgeschort_dagen: decision.suspended_days,
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
