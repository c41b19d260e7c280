//! A letter as plain text: everything a citizen reads on paper, in the
//! order the layout prints it, one paragraph per line. Whole-text snapshots
//! of the letters are made of it (a changed sentence shows up in review as a
//! one-line diff), and a reviewer can read a letter without opening its PDF.
//!
//! Markup, kept light so that the text reads as a letter: `#`, `##` and
//! `###` before the subject, a section heading and a sub-heading; `–` or
//! `a.` before a list item; table columns padded with spaces (amounts
//! right-aligned); `**…**` around an amount line printed in bold. What only
//! the layout adds (the page header and footer with the kenmerk and
//! "Pagina x van y") is not part of the text.

use super::data::{Block, LetterData, Section};

/// One line of the text: as it reads in the plain text, and the words the
/// PDF prints for it (none for a blank line or what is not printed on a
/// page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub printed: Option<String>,
}

impl Line {
    fn blank() -> Line {
        Line {
            text: String::new(),
            printed: None,
        }
    }

    /// A line printed as it reads, after `markup` that the PDF shows by
    /// its form (a heading's size) or as a separate glyph (a list marker).
    fn marked(markup: &str, text: &str) -> Line {
        Line {
            text: format!("{markup}{text}"),
            printed: Some(text.to_string()),
        }
    }

    fn plain(text: &str) -> Line {
        Line::marked("", text)
    }
}

/// The letter as plain text.
pub fn plain_text(data: &LetterData) -> String {
    let mut out = String::new();
    for line in lines(data) {
        out.push_str(line.text.trim_end());
        out.push('\n');
    }
    out
}

/// The letter's lines. A paragraph is one line; blank lines separate the
/// parts of the letter.
pub fn lines(data: &LetterData) -> Vec<Line> {
    let mut out = Vec::new();
    let g = &data.gemeente;
    out.push(Line::plain(&g.naam_kort));
    if let Some(afdeling) = &g.afdeling {
        out.push(Line::plain(afdeling));
    }
    out.extend(g.afzender.iter().map(|l| Line::plain(l)));
    out.push(Line::blank());
    out.extend(data.geadresseerde.iter().map(|l| Line::plain(l)));
    out.push(Line::blank());
    let kenmerken: Vec<Vec<String>> = data
        .kenmerken
        .iter()
        .map(|(label, value)| vec![label.clone(), value.clone()])
        .collect();
    out.extend(aligned(&kenmerken, &[false, false]));
    out.push(Line::blank());
    out.push(Line::marked("# ", &data.onderwerp));
    out.push(Line::blank());
    out.push(Line::plain(&data.aanhef));
    for alinea in &data.inleiding {
        out.push(Line::blank());
        out.push(Line::plain(alinea));
    }
    if let Some(mark) = &data.concept {
        // On every page, behind the text: not part of the letter's text.
        out.insert(
            0,
            Line {
                text: format!("[{mark}]"),
                printed: None,
            },
        );
    }
    for section in data.secties.iter().chain(&data.vragen) {
        out.push(Line::blank());
        section_lines(section, &mut out);
    }
    out.push(Line::blank());
    out.push(Line::plain(&data.groet));
    for regel in &data.ondertekening {
        out.push(if regel.trim().is_empty() {
            Line::blank()
        } else {
            Line::plain(regel)
        });
    }
    if let Some(bezwaar) = &data.bezwaar {
        out.push(Line::blank());
        section_lines(bezwaar, &mut out);
    }
    if let Some(bijlage) = &data.bijlage {
        // Attached to the PDF, shown by a reader's attachment pane.
        out.push(Line::blank());
        out.push(Line {
            text: format!("[Bijlage: {bijlage}]"),
            printed: None,
        });
    }
    out
}

fn section_lines(section: &Section, out: &mut Vec<Line>) {
    out.push(Line::marked("## ", &section.kop));
    for block in &section.blokken {
        out.push(Line::blank());
        match block {
            Block::Kop { tekst } => out.push(Line::marked("### ", tekst)),
            Block::Alinea { tekst } => out.push(Line::plain(tekst)),
            Block::Lijst { items, letters } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = if *letters {
                        format!("{}. ", letter(i))
                    } else {
                        "– ".to_string()
                    };
                    out.push(Line::marked(&marker, item));
                }
            }
            Block::Tabel {
                kolommen,
                rechts,
                rijen,
                totaal,
                ..
            } => {
                let mut rows = vec![kolommen.clone()];
                rows.extend(rijen.iter().cloned());
                rows.extend(totaal.iter().cloned());
                let mut table = aligned(&rows, rechts);
                // A column head may run over two lines in the PDF ("Bijstand
                // na / verrekening"): its words are not compared in order.
                if kolommen.iter().any(|k| k.contains(' ')) {
                    table[0].printed = None;
                }
                out.extend(table);
            }
            Block::Bedragen { kolommen, regels } => {
                let mut rows = vec![kolommen.clone()];
                let mut bold = vec![false];
                for (label, amount, vet) in regels {
                    rows.push(vec![label.clone(), amount.clone()]);
                    bold.push(*vet);
                }
                let mut table = aligned(&rows, &[false, true]);
                for (line, vet) in table.iter_mut().zip(bold) {
                    if vet {
                        line.text = format!("**{}**", line.text.trim_end());
                    }
                }
                out.extend(table);
            }
        }
    }
}

/// "a", "b", … "z", "aa": the numbering of a lettered list.
fn letter(i: usize) -> String {
    let alphabet = b"abcdefghijklmnopqrstuvwxyz";
    let mut n = i;
    let mut out = Vec::new();
    loop {
        out.push(alphabet[n % 26]);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Rows as lines with columns padded to their widest cell; `right` marks
/// the right-aligned columns. The PDF prints a row's cells separated by
/// space, so that is what it must contain.
fn aligned(rows: &[Vec<String>], right: &[bool]) -> Vec<Line> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let pad = " ".repeat(widths[c].saturating_sub(cell.chars().count()));
                    if right.get(c).copied().unwrap_or(false) {
                        format!("{pad}{cell}")
                    } else {
                        format!("{cell}{pad}")
                    }
                })
                .collect();
            Line {
                text: cells.join("  ").trim_end().to_string(),
                printed: Some(
                    row.iter()
                        .map(String::as_str)
                        .filter(|c| !c.is_empty())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lettered_lists_go_on_after_z() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
    }

    #[test]
    fn table_columns_are_padded_and_amounts_right_aligned() {
        let rows = vec![
            vec!["Maand".to_string(), "Omzet".to_string()],
            vec!["Juli 2024".to_string(), "€ 1.090,00".to_string()],
        ];
        let lines = aligned(&rows, &[false, true]);
        assert_eq!(lines[0].text, "Maand           Omzet");
        assert_eq!(lines[1].text, "Juli 2024  € 1.090,00");
        assert_eq!(lines[1].printed.as_deref(), Some("Juli 2024 € 1.090,00"));
    }
}
