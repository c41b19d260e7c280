//! The blocks pto computes for a letter from its decision, which a template
//! places with `blok: <name>`: the reasons of a refusal, the remarks, the
//! settlement's table per month, the months without a statement, the costs
//! not deducted. Their data comes from the decision; their words from the
//! templates (see `BlockName::texts`).

use minijinja::Value;

use super::context::{
    CostContext, DocumentContext, GroupContext, MonthContext, PartContext, WaiverContext,
    YearContext,
};
use super::data::Block;
use super::structure::BlockName;
use super::wording::{Wording, WordingError, with};
use crate::calendar::date_in_words;
use crate::case::Period;
use crate::decide::Decision;
use crate::format::money;
use crate::rules::Finding;
use crate::settle::{Deduction, MonthRow, NotDeducted, Settlement};

/// What a block is computed from.
pub(super) struct Source<'a> {
    pub decision: &'a Decision,
    pub wording: &'a Wording,
    /// The letter kind whose texts word the block.
    pub kind: &'a str,
    pub cx: &'a Value,
}

/// Findings of one rule that a letter puts in one sentence (and a table)
/// from this many on.
const GROUP_FROM: usize = 3;

/// The remarks of a letter: its warnings, and in a settlement also the
/// errors, which do not change its outcome. A settlement letter explains
/// the difference in its own section, so the findings about it are not
/// repeated; an afwijzing leaves out the plan van aanpak, which is the
/// college's own task once the application is granted (art. 7 lid 2).
/// Waived findings are apart (`afwijkingen`).
pub(super) fn remarks(d: &Decision) -> Vec<&Finding> {
    let mut all: Vec<&Finding> = Vec::new();
    if d.settlement.is_some() {
        all.extend(d.reasons());
    }
    all.extend(d.warnings());
    if d.settlement.is_some() {
        // An investment is among the costs not deducted.
        all.retain(|f| f.rule.id != "art10.5");
    }
    // The settlement explains its figures in its own words; another letter
    // of the period states the turnover difference neutrally, and leaves the
    // months without permission (an estimate) to the settlement's letter.
    all.retain(|f| {
        !std::ptr::eq(f.rule, &crate::rules::settlement::ART11_BUITEN)
            && (d.settlement.is_none()
                || !std::ptr::eq(f.rule, &crate::rules::settlement::ART11_OMZET))
    });
    if d.outcome == crate::decide::Outcome::Afwijzing {
        all.retain(|f| f.rule.id != "art7.2");
    }
    all
}

impl Source<'_> {
    /// The blocks of `name`: none when there is nothing to show.
    pub fn block(&self, name: BlockName) -> Result<Vec<Block>, WordingError> {
        let list = |items: Vec<String>| {
            if items.is_empty() {
                Vec::new()
            } else {
                vec![Block::Lijst {
                    items,
                    letters: false,
                }]
            }
        };
        Ok(match name {
            BlockName::Redenen => self.findings(self.decision.reasons().collect())?,
            BlockName::Opmerkingen => self.findings(remarks(self.decision))?,
            BlockName::Afwijkingen => self.findings(self.decision.waived().collect())?,
            BlockName::Maandtabel => vec![self.month_table(self.settlement(name)?)?],
            BlockName::MaandenZonderOpgave => list(self.missing_months(self.settlement(name)?)?),
            BlockName::NietAfgetrokken => list(
                self.settlement(name)?
                    .not_deducted
                    .iter()
                    .map(|n| self.not_deducted(n))
                    .collect::<Result<_, _>>()?,
            ),
            BlockName::Verschil => vec![self.difference(self.settlement(name)?)?],
            BlockName::Afweging => {
                let mut ids: Vec<&str> = Vec::new();
                for f in self.decision.reasons() {
                    if !ids.contains(&f.rule.id) {
                        ids.push(f.rule.id);
                    }
                }
                list(
                    ids.into_iter()
                        .map(|id| format!("afweging_{}", id.replace('.', "_")))
                        .filter(|key| self.wording.has(self.kind, key))
                        .map(|key| self.wording.text(self.kind, &key, self.cx))
                        .collect::<Result<_, _>>()?,
                )
            }
            BlockName::Stukken => list(
                self.decision
                    .missing
                    .iter()
                    .map(|(stuk, until)| {
                        let extra = DocumentContext {
                            omschrijving: stuk.omschrijving.value.clone(),
                            uiterlijk: date_in_words(*until),
                        };
                        self.wording.text(self.kind, "stuk", &with(self.cx, &extra))
                    })
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// Findings as a list, where repeated findings of one rule become one
    /// sentence (the rule's `groep_<regel>` text) and, when the rule has
    /// columns (`groep_<regel>_kolommen`), a table; each at the place of
    /// the rule's first finding.
    fn findings(&self, findings: Vec<&Finding>) -> Result<Vec<Block>, WordingError> {
        let mut items: Vec<Vec<String>> = Vec::new();
        let mut out: Vec<Block> = Vec::new();
        let mut done: Vec<&str> = Vec::new();
        let flush = |items: &mut Vec<Vec<String>>, out: &mut Vec<Block>| {
            let list: Vec<String> = items.drain(..).flatten().collect();
            if !list.is_empty() {
                out.push(Block::Lijst {
                    items: list,
                    letters: false,
                });
            }
        };
        for f in &findings {
            let id = f.rule.id;
            if done.contains(&id) {
                continue;
            }
            let of_rule: Vec<&&Finding> = findings.iter().filter(|g| g.rule.id == id).collect();
            let key = format!("groep_{}", id.replace('.', "_"));
            let groups = of_rule.len() >= GROUP_FROM
                && of_rule
                    .iter()
                    .all(|g| !g.cells.is_empty() && g.waived.is_none())
                && self.wording.has(self.kind, &key);
            if !groups {
                items.push(vec![self.remark(f)?]);
                continue;
            }
            done.push(id);
            flush(&mut items, &mut out);
            let p = &self.decision;
            let firsts: Vec<&str> = of_rule.iter().map(|g| g.cells[0].as_str()).collect();
            let lower: Vec<String> = firsts.iter().map(|c| lowercase_first(c)).collect();
            let extra = GroupContext {
                aantal: of_rule.len(),
                lijst: super::compose::enumeration(lower.iter().map(String::as_str)),
                artikel: f
                    .message
                    .rsplit_once(" (")
                    .map(|(_, a)| a.trim_end_matches(").").to_string())
                    .unwrap_or_default(),
            };
            let _ = p;
            let sentence = self.wording.text(self.kind, &key, &with(self.cx, &extra))?;
            out.push(Block::Alinea { tekst: sentence });
            let columns_key = format!("{key}_kolommen");
            if self.wording.has(self.kind, &columns_key) {
                let kolommen = self.wording.list(self.kind, &columns_key, self.cx)?;
                let rijen: Vec<Vec<String>> = of_rule
                    .iter()
                    .map(|g| {
                        let mut row = g.cells.clone();
                        row.resize(kolommen.len(), String::new());
                        row
                    })
                    .collect();
                let rechts = (0..kolommen.len()).map(|c| c > 0).collect();
                out.push(with_column_widths(Block::Tabel {
                    kolommen,
                    breedtes: Vec::new(),
                    rechts,
                    rijen,
                    totaal: None,
                }));
            }
        }
        flush(&mut items, &mut out);
        Ok(out)
    }

    fn settlement(&self, name: BlockName) -> Result<&Settlement, WordingError> {
        self.decision.settlement.as_ref().ok_or_else(|| {
            WordingError(format!(
                "het blok {} hoort bij een afrekening; de brief {} heeft geen berekening",
                name.key(),
                self.kind
            ))
        })
    }

    /// A finding as a line of a letter: its message, or for a waived one
    /// the `afwijking` text.
    fn remark(&self, f: &Finding) -> Result<String, WordingError> {
        let Some(w) = &f.waived else {
            return Ok(f.message.clone());
        };
        let extra = WaiverContext {
            bevinding: f.message.clone(),
            afwijking: super::context::Waiver {
                datum: date_in_words(w.datum),
                in_brief: w.in_brief.clone(),
            },
        };
        self.wording
            .text(self.kind, "afwijking", &with(self.cx, &extra))
    }

    /// Where the difference between the definitive income and what was
    /// deducted comes from: one line per part that is not zero, and the
    /// difference.
    fn difference(&self, s: &Settlement) -> Result<Block, WordingError> {
        let e = &s.explanation;
        let mut regels = Vec::new();
        for (key, amount) in [
            ("verschil_omzet", e.turnover),
            ("verschil_kosten", e.costs),
            ("verschil_belasting", e.taxes),
            ("verschil_verdeling", e.share),
            ("verschil_vrijlating", e.exemption),
            ("verschil_overig", e.rest),
        ] {
            if amount.is_zero() {
                continue;
            }
            let extra = PartContext {
                bedrag: money(amount.abs()),
                meer: amount > rust_decimal::Decimal::ZERO,
            };
            let label = self.wording.text(self.kind, key, &with(self.cx, &extra))?;
            regels.push((label, signed(amount), false));
        }
        regels.push((
            self.wording.text(self.kind, "verschil_totaal", self.cx)?,
            signed(s.difference),
            true,
        ));
        Ok(Block::Bedragen {
            kolommen: self.wording.list(self.kind, "bedragen_kolommen", self.cx)?,
            regels,
        })
    }

    fn month_table(&self, s: &Settlement) -> Result<Block, WordingError> {
        let t = |key: &str| self.wording.text(self.kind, key, self.cx);
        let kolommen = self
            .wording
            .list(self.kind, "maandtabel_kolommen", self.cx)?;
        const COLUMNS: usize = 7;
        if kolommen.len() != COLUMNS {
            return Err(WordingError(format!(
                "maandtabel_kolommen noemt {} kolommen; de tabel heeft er {COLUMNS}",
                kolommen.len()
            )));
        }
        // A vrijlating gets its own column, after the income, only in a
        // year that has one.
        let exempt = s.rows.iter().any(|r| !r.exempt.is_zero());
        let mut kolommen = kolommen;
        if exempt {
            kolommen.insert(4, t("maandtabel_vrijgelaten")?);
        }
        let none = t("maandtabel_geen_opgave")?;
        let rows = s
            .rows
            .iter()
            .map(|r| {
                let cell = |v| {
                    if r.statement { money(v) } else { none.clone() }
                };
                let mut row = vec![
                    capitalize(&r.month.in_words()),
                    cell(r.turnover),
                    cell(r.costs),
                    cell(r.income),
                    money(r.norm),
                    money(r.deducted),
                    money(r.paid),
                ];
                if exempt {
                    row.insert(4, money(r.exempt));
                }
                row
            })
            .collect();
        let sum = |f: fn(&MonthRow) -> rust_decimal::Decimal| money(s.rows.iter().map(f).sum());
        let mut totaal = vec![
            t("maandtabel_totaal")?,
            sum(|r| r.turnover),
            sum(|r| r.costs),
            sum(|r| r.income),
            sum(|r| r.norm),
            sum(|r| r.deducted),
            sum(|r| r.paid),
        ];
        if exempt {
            totaal.insert(4, sum(|r| r.exempt));
        }
        let table = Block::Tabel {
            rechts: (0..kolommen.len()).map(|c| c > 0).collect(),
            kolommen,
            breedtes: Vec::new(),
            rijen: rows,
            totaal: Some(totaal),
        };
        Ok(with_column_widths(table))
    }

    fn missing_months(&self, s: &Settlement) -> Result<Vec<String>, WordingError> {
        // No estimate of what such a month earned: the bookkeeping gives a
        // year. Whether a waiver covers the month is said with the waiver.
        s.rows
            .iter()
            .filter(|r| !r.statement)
            .map(|r| {
                let extra = MonthContext {
                    maand: r.month.in_words(),
                    zonder_omzet: s.no_turnover.contains(&r.month),
                };
                self.wording
                    .text(self.kind, "maand_zonder_opgave", &with(self.cx, &extra))
            })
            .collect()
    }

    fn not_deducted(&self, n: &NotDeducted) -> Result<String, WordingError> {
        let mut periods = Vec::new();
        for period in &n.periods {
            periods.push(match period {
                Period::Month(m) => m.in_words(),
                Period::Year(y) => {
                    let extra = YearContext { jaar: *y };
                    self.wording
                        .text(self.kind, "jaarstukken_periode", &with(self.cx, &extra))?
                }
            });
        }
        let periode = super::compose::enumeration(periods.iter().map(String::as_str));
        let reason = match n.reason {
            Deduction::NeverDeductible => "reden_nooit_aftrekbaar",
            Deduction::NotApproved => "reden_niet_goedgekeurd",
            Deduction::NoEvidence => "reden_geen_bewijs",
            Deduction::NeitherApprovedNorEvidenced => "reden_niet_goedgekeurd_geen_bewijs",
            Deduction::Deducted => {
                return Err(WordingError(
                    "een afgetrokken kostenpost staat bij de niet afgetrokken kosten".into(),
                ));
            }
        };
        let mut extra = CostContext {
            kost: super::context::Cost {
                omschrijving: n.omschrijving.clone(),
                periode,
                bedrag: money(n.bedrag),
                categorie: n.categorie.in_words().to_string(),
                reden: None,
            },
        };
        let reden = self
            .wording
            .text(self.kind, reason, &with(self.cx, &extra))?;
        extra.kost.reden = Some(reden);
        self.wording
            .text(self.kind, "niet_afgetrokken_regel", &with(self.cx, &extra))
    }
}

/// "+ € 1.480,00", "– € 500,00": a part of a difference with its sign (the
/// en dash as minus: the letter's font has it, and it cannot be misread).
fn signed(amount: rust_decimal::Decimal) -> String {
    if amount < rust_decimal::Decimal::ZERO {
        format!("– {}", money(-amount))
    } else {
        format!("+ {}", money(amount))
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A table with more columns than this is set in 7 pt instead of 8 pt (the
/// layout, `letter.typ`, applies the same rule), so that the month of a
/// settlement with a vrijlating column still fits on one line.
pub const SMALL_FROM_COLUMNS: usize = 8;

/// Millimetres a cell of `text` needs: in the 8 pt table a digit of Noto
/// Sans is 0.572 em (1.61 mm; bold letters a little more), plus the cell's
/// inset; in the 7 pt table seven eighths of that. Rows have a fixed
/// height, so a cell must never wrap.
fn cell_width_mm(text: &str, small: bool) -> u32 {
    // 1.7 mm (1.5 mm in 7 pt), every character taken as wide as a digit.
    let per_char_tenths: u32 = if small { 15 } else { 17 };
    const INSET_TENTHS: u32 = 32;
    let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX / 32);
    (chars.saturating_mul(per_char_tenths) + INSET_TENTHS).div_ceil(10)
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
        let small = kolommen.len() >= SMALL_FROM_COLUMNS;
        let least = if small { 15 } else { 18 };
        *breedtes = (0..kolommen.len())
            .map(|c| {
                if c == 0 {
                    return "*".to_string();
                }
                // A header may wrap between its words (its row grows); a
                // cell never does.
                let header = kolommen[c]
                    .split_whitespace()
                    .map(|w| cell_width_mm(w, small))
                    .max()
                    .unwrap_or(0);
                let cells = rijen
                    .iter()
                    .filter_map(|r| r.get(c))
                    .chain(totaal.iter().filter_map(|t| t.get(c)));
                let widest = cells
                    .map(|t| cell_width_mm(t, small))
                    .max()
                    .unwrap_or(0)
                    .max(header);
                widest.max(least).to_string()
            })
            .collect();
    }
    table
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
