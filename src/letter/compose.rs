//! A decision → the data of its letter: the wording from the templates, the
//! figures formatted the Dutch way, the sections in the order a beschikking
//! has them.

use serde_json::{Value as Json, json};

use super::data::{Block, LetterData, Letterhead, Section, paragraphs};
use super::wording::{Wording, WordingError, context};
use crate::calendar::{Month, date_in_words};
use crate::case::{Case, Period};
use crate::decide::{Decision, Outcome};
use crate::format::{masked_bsn, money, number};
use crate::rules::Finding;
use crate::settings::Settings;
use crate::settle::{Deduction, Settlement};

/// Composes the letter for `decision` on `case`.
pub fn compose(
    decision: &Decision,
    case: &Case,
    settings: &Settings,
    wording: &Wording,
) -> Result<LetterData, WordingError> {
    let kind = decision.outcome.letter();
    let cx_json = template_context(decision, case, settings);
    let cx = context(&cx_json);
    let t = |key: &str| wording.text(kind, key, &cx);
    let general = |key: &str| wording.text("algemeen", key, &cx);

    let mut secties = Vec::new();
    match decision.outcome {
        Outcome::Toekenning => {
            secties.push(Section::new(t("besluit_kop")?).text(&t("besluit")?));
            secties.push(motivation(decision, wording, kind, &cx, false)?);
            let mut conditions =
                Section::new(t("voorwaarden_kop")?).text(&t("voorwaarden_inleiding")?);
            for part in ["a", "b", "c", "d"] {
                conditions = conditions
                    .block(Block::Kop {
                        tekst: t(&format!("voorwaarden_{part}_kop"))?,
                    })
                    .list(
                        wording.list(kind, &format!("voorwaarden_{part}"), &cx)?,
                        false,
                    );
            }
            secties.push(conditions);
        }
        Outcome::Afwijzing | Outcome::Intrekking => {
            secties.push(Section::new(t("besluit_kop")?).text(&t("besluit")?));
            secties.push(motivation(decision, wording, kind, &cx, true)?);
            secties.push(Section::new(t("vervolg_kop")?).text(&t("vervolg")?));
        }
        Outcome::Verlenging => {
            secties.push(Section::new(t("besluit_kop")?).text(&t("besluit")?));
            secties.push(motivation(decision, wording, kind, &cx, false)?);
            secties.push(Section::new(t("voorwaarden_kop")?).text(&t("voorwaarden")?));
        }
        Outcome::Nabetaling | Outcome::Terugvordering | Outcome::GeenVerschil => {
            let Some(s) = &decision.settlement else {
                return Err(WordingError("een afrekening zonder berekening".into()));
            };
            let which = decision.outcome.key();
            secties.push(Section::new(t("besluit_kop")?).text(&t(&format!("besluit_{which}"))?));
            secties.push(calculation(s, wording, &cx)?);
            if !s.not_deducted.is_empty() {
                secties.push(
                    Section::new(t("niet_afgetrokken_kop")?)
                        .text(&t("niet_afgetrokken")?)
                        .list(
                            s.not_deducted.iter().map(not_deducted_line).collect(),
                            false,
                        ),
                );
            }
            let remarks = remarks(decision, wording, kind, &cx)?;
            if !remarks.is_empty() {
                let mut section =
                    Section::new(general("aandachtspunten_kop")?).text(&t("aandachtspunten")?);
                section = section.list(remarks, false);
                secties.push(section);
            }
            secties.push(Section::new(t("vervolg_kop")?).text(&t(&format!("vervolg_{which}"))?));
        }
    }
    secties.push(Section::new(general("grondslag_kop")?).text(&t("grondslag")?));

    let g = &settings.gemeente;
    let mut afzender: Vec<String> = g.postadres.clone();
    afzender.extend(g.bezoekadres.iter().map(|l| format!("Bezoekadres: {l}")));
    afzender.extend(g.telefoon.iter().map(|t| format!("Telefoon {t}")));
    afzender.extend(g.website.iter().cloned());
    afzender.extend(g.email.iter().cloned());

    let a = &case.aanvrager;
    let mut kenmerken = vec![
        ("Datum".to_string(), date_in_words(decision.date)),
        ("Ons kenmerk".to_string(), decision.reference.clone()),
        ("Zaaknummer".to_string(), case.zaaknummer.value.clone()),
        ("BSN".to_string(), masked_bsn(&a.bsn)),
    ];
    if let Some(km) = &case.aanvraag.klantmanager {
        kenmerken.push((
            "Behandeld door".to_string(),
            format!("{}, klantmanager", km.value),
        ));
    }

    let onderwerp = t("onderwerp")?;
    Ok(LetterData {
        title: onderwerp.clone(),
        gemeente: Letterhead {
            naam_kort: format!("Gemeente {}", g.naam),
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
        aanhef: general("aanhef")?,
        inleiding: paragraphs(&t("inleiding")?),
        secties,
        groet: general("groet")?,
        ondertekening: wording.list("algemeen", "ondertekening", &cx)?,
        bezwaar: Section::new(general("bezwaar_kop")?).text(&general("bezwaar")?),
        bijlage: None,
    })
}

/// The motivation: the general text, then (for a refusal or withdrawal) each
/// unwaived error with its article, then warnings and waived findings.
fn motivation(
    decision: &Decision,
    wording: &Wording,
    kind: &str,
    cx: &minijinja::Value,
    with_reasons: bool,
) -> Result<Section, WordingError> {
    let t = |key: &str| wording.text(kind, key, cx);
    let mut section = Section::new(t("motivering_kop")?).text(&t("motivering")?);
    if with_reasons {
        section = section.list(
            decision.reasons().map(|f| f.message.clone()).collect(),
            false,
        );
        section = section.text(&t("na_redenen")?);
    }
    let remarks = remarks(decision, wording, kind, cx)?;
    if !remarks.is_empty() {
        section = section.text(&t("aandachtspunten")?).list(remarks, false);
    }
    Ok(section)
}

/// Warnings (and, in a settlement, the months without a statement), and
/// every finding waived under art. 12 with its motivation.
fn remarks(
    decision: &Decision,
    wording: &Wording,
    kind: &str,
    cx: &minijinja::Value,
) -> Result<Vec<String>, WordingError> {
    let mut out: Vec<String> = Vec::new();
    if decision.settlement.is_some() {
        // In a settlement, errors do not change the outcome; they are told.
        out.extend(decision.reasons().map(|f| f.message.clone()));
    }
    out.extend(decision.warnings().map(|f| f.message.clone()));
    for f in decision.waived() {
        out.push(waived_text(f, wording, cx)?);
    }
    let _ = kind;
    Ok(out)
}

fn waived_text(
    f: &Finding,
    wording: &Wording,
    cx: &minijinja::Value,
) -> Result<String, WordingError> {
    let Some(w) = &f.waived else {
        return Ok(f.message.clone());
    };
    let mut map: serde_json::Map<String, Json> =
        serde_json::from_value(serde_json::to_value(cx).unwrap_or_default()).unwrap_or_default();
    map.insert("bevinding".into(), Json::String(f.message.clone()));
    map.insert(
        "afwijking".into(),
        json!({ "datum": date_in_words(w.datum), "motivering": w.motivering }),
    );
    wording.text("algemeen", "afwijking", &context(&Json::Object(map)))
}

/// Millimetres a cell of `text` needs in the 8 pt table: a digit of Noto
/// Sans is 0.572 em (1.61 mm; bold letters a little more), plus the cell's
/// inset. Rows have a fixed height, so a cell must never wrap.
fn cell_width_mm(text: &str) -> u32 {
    const PER_CHAR_TENTHS: u32 = 17; // 1.7 mm, every character taken as wide as a digit
    const INSET_TENTHS: u32 = 32;
    let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX / 32);
    (chars.saturating_mul(PER_CHAR_TENTHS) + INSET_TENTHS).div_ceil(10)
}

/// The first column takes what is left; every other column is as wide as
/// its widest cell (header and total included), and at least 18 mm.
fn with_column_widths(mut table: Block) -> Block {
    if let Block::Tabel {
        kolommen,
        breedtes,
        rijen,
        totaal,
        ..
    } = &mut table
    {
        *breedtes = (0..kolommen.len())
            .map(|c| {
                if c == 0 {
                    return "*".to_string();
                }
                let cells = std::iter::once(&kolommen[c])
                    .chain(rijen.iter().filter_map(|r| r.get(c)))
                    .chain(totaal.iter().filter_map(|t| t.get(c)));
                let widest = cells.map(|t| cell_width_mm(t)).max().unwrap_or(0);
                widest.max(18).to_string()
            })
            .collect();
    }
    table
}

fn calculation(
    s: &Settlement,
    wording: &Wording,
    cx: &minijinja::Value,
) -> Result<Section, WordingError> {
    let t = |key: &str| wording.text("afrekening", key, cx);
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for r in &s.rows {
        let name = r.month.in_words();
        if !r.statement {
            let mut map = serde_json::Map::new();
            map.insert("maand".into(), Json::String(name.clone()));
            missing.push(wording.text(
                "afrekening",
                "maand_zonder_opgave",
                &context(&Json::Object(map)),
            )?);
        }
        let cell = |v| {
            if r.statement {
                money(v)
            } else {
                "–".to_string()
            }
        };
        rows.push(vec![
            capitalize(&name),
            cell(r.turnover),
            cell(r.costs),
            cell(r.income),
            money(r.norm),
            money(r.deducted),
            money(r.paid),
        ]);
    }
    let sum = |f: fn(&crate::settle::MonthRow) -> rust_decimal::Decimal| {
        money(s.rows.iter().map(f).sum())
    };
    let table = Block::Tabel {
        kolommen: [
            "Maand",
            "Omzet",
            "Kosten",
            "Inkomsten",
            "Norm",
            "Verrekend",
            "Uitbetaald",
        ]
        .map(String::from)
        .to_vec(),
        breedtes: Vec::new(),
        rechts: vec![false, true, true, true, true, true, true],
        rijen: rows,
        totaal: Some(vec![
            "Totaal".to_string(),
            sum(|r| r.turnover),
            sum(|r| r.costs),
            sum(|r| r.income),
            sum(|r| r.norm),
            sum(|r| r.deducted),
            sum(|r| r.paid),
        ]),
    };
    let table = with_column_widths(table);
    let y = s.year;
    let mut figures = vec![
        (
            format!("Omzet {y} volgens uw boekhouding"),
            money(s.turnover),
            false,
        ),
        (
            "Aftrekbare kosten volgens uw boekhouding".to_string(),
            money(s.costs),
            false,
        ),
        (
            format!("Definitieve inkomsten {y} (niet lager dan nul)"),
            money(s.income),
            true,
        ),
        (
            format!("Verrekend met uw uitkering in {y}"),
            money(s.accounted),
            false,
        ),
    ];
    match s.outcome {
        crate::settle::Outcome::Nabetaling => {
            figures.push((
                "Te veel verrekend: wij betalen u na".to_string(),
                money(s.amount),
                true,
            ));
        }
        crate::settle::Outcome::Terugvordering => {
            figures.push((
                "Te weinig verrekend".to_string(),
                money(s.difference),
                false,
            ));
            figures.push((
                format!("Uitbetaalde bijstand in {y} (maximum terugvordering)"),
                money(s.benefit_paid),
                false,
            ));
            figures.push(("Wij vorderen terug".to_string(), money(s.amount), true));
        }
        crate::settle::Outcome::GeenVerschil => {
            figures.push(("Verschil".to_string(), money(s.amount), true));
        }
    }
    Ok(Section::new(t("berekening_kop")?)
        .text(&t("berekening")?)
        .block(table)
        .list(missing, false)
        .text(&t("jaarcijfers")?)
        .block(Block::Bedragen { regels: figures }))
}

fn not_deducted_line(n: &crate::settle::NotDeducted) -> String {
    let when = match n.period {
        Period::Month(m) => m.in_words(),
        Period::Year(y) => format!("jaarstukken {y}"),
    };
    let why = match n.reason {
        Deduction::NeverDeductible => {
            format!(
                "{} kan nooit worden afgetrokken (artikel 10 lid 3)",
                capitalize(n.categorie.in_words())
            )
        }
        Deduction::NotApproved => "Niet goedgekeurd (artikel 10 lid 1)".to_string(),
        Deduction::NoEvidence => "Geen bewijsstuk (artikel 10 lid 1)".to_string(),
        Deduction::NeitherApprovedNorEvidenced => {
            "Niet goedgekeurd en geen bewijsstuk (artikel 10 lid 1)".to_string()
        }
        Deduction::Deducted => String::new(),
    };
    format!("{} ({when}): {}. {why}.", n.omschrijving, money(n.bedrag))
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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

/// What the templates may use: see templates/README.md.
pub fn template_context(decision: &Decision, case: &Case, settings: &Settings) -> Json {
    let p = settings.policy.at_or_first(decision.date);
    let a = &case.aanvraag;
    let plan = a.plan_van_aanpak.as_ref();
    let (month, day) = p.jaarstukken_voor;
    let s = decision.settlement.as_ref();
    let reasons = decision.reasons().count();
    json!({
        "gemeente": { "naam": settings.gemeente.naam, "college": settings.gemeente.college },
        "aanvrager": { "naam": case.aanvrager.naam.value },
        "zaaknummer": case.zaaknummer.value,
        "kenmerk": decision.reference,
        "datum": date_in_words(decision.date),
        "uitkering": { "wet": if case.uitkering.wet.value == "ioaw" { "IOAW" } else { "Participatiewet" } },
        "aanvraag": {
            "datum": date_in_words(*a.datum),
            "activiteit": a.activiteit.value,
            "uren_per_week": number(*a.uren_per_week),
        },
        "klantmanager": a.klantmanager.as_ref().map(|k| k.value.clone()).unwrap_or_default(),
        "toestemming": {
            "ingangsdatum": case.toestemming.as_ref().map(|t| date_in_words(*t.ingangsdatum)),
        },
        "plan": {
            "datum": plan.map(|p| date_in_words(*p.datum)),
            "uren": plan.and_then(|p| p.arbeidsverplichting_uren_per_week.as_ref()).map(|u| number(u.value)),
            "ontheffing": plan.and_then(|p| p.ontheffing.as_ref()).map(|o| o.value.clone()),
        },
        "beleid": {
            "naam": p.naam,
            "max_uren": number(p.max_uren_per_jaar),
            "richtlijn_uren": number(p.richtlijn_uren_per_week),
            "jaarstukken_voor": format!("{day} {}", crate::calendar::month_name(month)),
            "bezwaartermijn": count_words(p.bezwaartermijn_weken as usize, "week", "weken"),
            "evaluatie_maanden": p.evaluatie_maanden,
        },
        "bezwaar": {
            "aan": settings.bezwaar.aan,
            "adres": settings.bezwaar.adres.join(", "),
            "digitaal": settings.bezwaar.digitaal,
        },
        "ondertekening": {
            "naam": settings.ondertekening.naam.clone().unwrap_or_default(),
            "functie": settings.ondertekening.functie,
        },
        "ingangsdatum": decision.effective.map(date_in_words),
        "intrekkingsdatum": decision.effective.map(date_in_words),
        "volgende_evaluatie": decision.next_evaluation.map(Month::in_words),
        "periode": {
            "van": decision.period.map(|(from, _)| from.in_words()),
            "tot": decision.period.map(|(_, to)| to.in_words()),
        },
        "afwijkingen": decision.waived().next().is_some(),
        "aantal_redenen": reasons,
        "aantal_redenen_tekst": count_words(reasons, "punt", "punten"),
        "jaar": s.map(|s| s.year),
        "bedrag": s.map(|s| money(s.amount)),
        "inkomen": s.map(|s| money(s.income)),
        "verrekend": s.map(|s| money(s.accounted)),
        "uitbetaald": s.map(|s| money(s.benefit_paid)),
        "beperkt": s.is_some_and(|s| s.amount < s.difference),
        "jaarstukken": {
            "ingeleverd": s
                .and_then(|s| case.jaarstukken_van(s.year))
                .and_then(|j| j.ingeleverd.as_ref())
                .map(|d| date_in_words(d.value)),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<&str>>) -> Block {
        Block::Tabel {
            kolommen: vec!["Maand".into(), "Omzet".into()],
            breedtes: Vec::new(),
            rechts: vec![false, true],
            rijen: rows
                .into_iter()
                .map(|r| r.into_iter().map(String::from).collect())
                .collect(),
            totaal: None,
        }
    }

    fn widths(block: Block) -> Vec<String> {
        match with_column_widths(block) {
            Block::Tabel { breedtes, .. } => breedtes,
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_column_grows_with_its_widest_amount_so_no_cell_wraps() {
        assert_eq!(
            widths(table(vec![vec!["Mei 2024", "€ 850,00"]])),
            ["*", "18"]
        );
        // 14 characters at 1.7 mm, plus the inset: 27 mm.
        assert_eq!(
            widths(table(vec![
                vec!["Mei 2024", "€ 850,00"],
                vec!["Juni 2024", "€ 1.234.567,89"],
            ])),
            ["*", "27"]
        );
    }
}
