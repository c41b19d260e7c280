//! The blocks pto computes for a letter from its decision, which a template
//! places with `blok: <name>`: the reasons of a refusal, the remarks, the
//! settlement's table per month, the months without a statement, the costs
//! not deducted. Their data comes from the decision; their words from the
//! templates (see `BlockName::texts`).

use minijinja::Value;

use super::context::{CostContext, MonthContext, WaiverContext, YearContext};
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

impl Source<'_> {
    /// The block `name`: a list is none when it has no items.
    pub fn block(&self, name: BlockName) -> Result<Option<Block>, WordingError> {
        let list = |items: Vec<String>| {
            (!items.is_empty()).then_some(Block::Lijst {
                items,
                letters: false,
            })
        };
        Ok(match name {
            BlockName::Redenen => {
                list(self.decision.reasons().map(|f| f.message.clone()).collect())
            }
            BlockName::Opmerkingen => list(self.remarks()?),
            BlockName::Maandtabel => Some(self.month_table(self.settlement(name)?)?),
            BlockName::MaandenZonderOpgave => list(self.missing_months(self.settlement(name)?)?),
            BlockName::NietAfgetrokken => list(
                self.settlement(name)?
                    .not_deducted
                    .iter()
                    .map(|n| self.not_deducted(n))
                    .collect::<Result<_, _>>()?,
            ),
        })
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

    /// Warnings (and, in a settlement, the errors, which do not change its
    /// outcome), and every finding waived under art. 12 with its
    /// motivation.
    fn remarks(&self) -> Result<Vec<String>, WordingError> {
        let d = self.decision;
        let mut out: Vec<String> = Vec::new();
        if d.settlement.is_some() {
            out.extend(d.reasons().map(|f| f.message.clone()));
        }
        out.extend(d.warnings().map(|f| f.message.clone()));
        for f in d.waived() {
            out.push(self.waived(f)?);
        }
        Ok(out)
    }

    fn waived(&self, f: &Finding) -> Result<String, WordingError> {
        let Some(w) = &f.waived else {
            return Ok(f.message.clone());
        };
        let extra = WaiverContext {
            bevinding: f.message.clone(),
            afwijking: super::context::Waiver {
                datum: date_in_words(w.datum),
                motivering: w.motivering.clone(),
            },
        };
        self.wording
            .text(self.kind, "afwijking", &with(self.cx, &extra))
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
        let none = t("maandtabel_geen_opgave")?;
        let rows = s
            .rows
            .iter()
            .map(|r| {
                let cell = |v| {
                    if r.statement { money(v) } else { none.clone() }
                };
                vec![
                    capitalize(&r.month.in_words()),
                    cell(r.turnover),
                    cell(r.costs),
                    cell(r.income),
                    money(r.norm),
                    money(r.deducted),
                    money(r.paid),
                ]
            })
            .collect();
        let sum = |f: fn(&MonthRow) -> rust_decimal::Decimal| money(s.rows.iter().map(f).sum());
        let table = Block::Tabel {
            kolommen,
            breedtes: Vec::new(),
            rechts: vec![false, true, true, true, true, true, true],
            rijen: rows,
            totaal: Some(vec![
                t("maandtabel_totaal")?,
                sum(|r| r.turnover),
                sum(|r| r.costs),
                sum(|r| r.income),
                sum(|r| r.norm),
                sum(|r| r.deducted),
                sum(|r| r.paid),
            ]),
        };
        Ok(with_column_widths(table))
    }

    fn missing_months(&self, s: &Settlement) -> Result<Vec<String>, WordingError> {
        s.rows
            .iter()
            .filter(|r| !r.statement)
            .map(|r| {
                let extra = MonthContext {
                    maand: r.month.in_words(),
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

pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
