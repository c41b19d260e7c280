//! The data a letter shows, as the layout reads it from `/data.json`. Every
//! field is a finished Dutch string: all formatting happens in Rust.

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct LetterData {
    /// The document title (PDF/UA): the subject.
    pub title: String,
    pub gemeente: Letterhead,
    /// Name and address lines of the addressee.
    pub geadresseerde: Vec<String>,
    pub kenmerk: String,
    /// Label–value pairs under the address: date, reference, case number…
    pub kenmerken: Vec<(String, String)>,
    pub onderwerp: String,
    pub aanhef: String,
    pub inleiding: Vec<String>,
    pub secties: Vec<Section>,
    pub groet: String,
    pub ondertekening: Vec<String>,
    /// The objection clause; none in a letter that is no besluit.
    pub bezwaar: Option<Section>,
    /// PDF/A-3b: the description of the embedded case file; none otherwise.
    pub bijlage: Option<String>,
    /// The "Heeft u vragen?" section, before the greeting.
    pub vragen: Option<Section>,
    /// A concept for review: the mark on every page; none in an issued
    /// letter.
    pub concept: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Letterhead {
    /// "Gemeente Ridderkerk".
    pub naam_kort: String,
    pub college: String,
    pub afdeling: Option<String>,
    /// Postal and visiting address, phone, website: one line each.
    pub afzender: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Section {
    pub kop: String,
    pub blokken: Vec<Block>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "soort", rename_all = "lowercase")]
pub enum Block {
    /// A sub-heading inside a section.
    Kop {
        tekst: String,
    },
    Alinea {
        tekst: String,
    },
    Lijst {
        items: Vec<String>,
        /// a., b., c. instead of dashes.
        letters: bool,
    },
    Tabel {
        kolommen: Vec<String>,
        /// Column widths in millimetres; "*" for the column that takes the
        /// rest of the width.
        breedtes: Vec<String>,
        /// Right-aligned columns (amounts).
        rechts: Vec<bool>,
        rijen: Vec<Vec<String>>,
        totaal: Option<Vec<String>>,
    },
    Bedragen {
        /// The heads of the label and amount columns.
        kolommen: Vec<String>,
        /// Label, amount, and whether the line is a result (bold).
        regels: Vec<(String, String, bool)>,
    },
}

impl Section {
    pub fn new(kop: impl Into<String>) -> Section {
        Section {
            kop: kop.into(),
            blokken: Vec::new(),
        }
    }

    /// Adds paragraphs: the text is split at blank lines.
    pub fn text(mut self, text: &str) -> Section {
        self.blokken.extend(
            paragraphs(text)
                .into_iter()
                .map(|tekst| Block::Alinea { tekst }),
        );
        self
    }

    /// Adds a list; an item that a condition left empty is no item.
    pub fn list(mut self, items: Vec<String>, letters: bool) -> Section {
        let items: Vec<String> = items.into_iter().filter(|i| !i.trim().is_empty()).collect();
        if !items.is_empty() {
            self.blokken.push(Block::Lijst { items, letters });
        }
        self
    }

    pub fn block(mut self, block: Block) -> Section {
        self.blokken.push(block);
        self
    }
}

/// Paragraphs of a text: separated by blank lines, with single line breaks
/// inside a paragraph joined by spaces.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}
