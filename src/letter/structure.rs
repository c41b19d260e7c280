//! The structure of a letter, as its template states it under `secties:`:
//! which sections, in which order, each with its heading and its content —
//! texts, lists, sub-headings, computed blocks and amount lines — and the
//! conditions (`als:`) under which a section or a part of it is printed.
//! Every part names a text of the template by its key, so that a case
//! repository still overrides one sentence without repeating the structure.
//!
//! ```yaml
//! secties:
//!   - kop: motivering_kop
//!     inhoud:
//!       - tekst: motivering
//!       - blok: redenen
//!       - tekst: aandachtspunten
//!         als: aantal_opmerkingen > 0
//!       - blok: opmerkingen
//! ```

use crate::case::yaml::{Node, Value};
use crate::diag::{InputError, Span};

/// A section: its heading (a text key), when it is printed, its parts.
#[derive(Clone, Debug)]
pub struct SectionSpec {
    pub kop: Ref,
    pub als: Option<Condition>,
    pub inhoud: Vec<PartSpec>,
}

/// One part of a section and when it is printed.
#[derive(Clone, Debug)]
pub struct PartSpec {
    pub part: Part,
    pub als: Option<Condition>,
}

#[derive(Clone, Debug)]
pub enum Part {
    /// A text: one paragraph per blank-line separated piece.
    Tekst(Ref),
    /// A list of texts, with dashes or (`letters: true`) a., b., c.
    Lijst { tekst: Ref, letters: bool },
    /// A sub-heading.
    Tussenkop(Ref),
    /// A block pto computes from the decision.
    Blok(BlockName),
    /// Amount lines (label and amount, `vet` for a result).
    Bedragen(Ref),
}

/// A text key as written in the template, with its place.
#[derive(Clone, Debug)]
pub struct Ref {
    pub key: String,
    pub span: Span,
}

/// A condition: a minijinja expression over the letter's placeholders,
/// compiled once as the template named `name`.
#[derive(Clone, Debug)]
pub struct Condition {
    pub name: String,
    pub source: String,
    pub span: Span,
}

impl Condition {
    /// The template that prints `1` when the expression holds.
    pub fn template(&self) -> String {
        format!("{{% if {} %}}1{{% endif %}}", self.source)
    }
}

/// The blocks pto computes; a template names them with `blok:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockName {
    /// The unwaived errors a refusal or withdrawal rests on, each with its
    /// article.
    Redenen,
    /// Warnings (in a settlement also the errors, which do not change its
    /// outcome).
    Opmerkingen,
    /// The findings waived under art. 12, each with what the letter says of
    /// the waiver.
    Afwijkingen,
    /// The settlement's table per month.
    Maandtabel,
    /// The months of the settlement year without a statement.
    MaandenZonderOpgave,
    /// The costs that were not deducted, each with its reason.
    NietAfgetrokken,
    /// Where the settlement's difference comes from, in euros.
    Verschil,
    /// The documents an application lacks, each with its last day.
    Stukken,
    /// Why each kind of reason weighs in an intrekking (`afweging_<regel>`).
    Afweging,
}

impl BlockName {
    pub const ALL: [BlockName; 9] = [
        BlockName::Redenen,
        BlockName::Opmerkingen,
        BlockName::Afwijkingen,
        BlockName::Maandtabel,
        BlockName::MaandenZonderOpgave,
        BlockName::NietAfgetrokken,
        BlockName::Verschil,
        BlockName::Stukken,
        BlockName::Afweging,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BlockName::Redenen => "redenen",
            BlockName::Opmerkingen => "opmerkingen",
            BlockName::Afwijkingen => "afwijkingen",
            BlockName::Maandtabel => "maandtabel",
            BlockName::MaandenZonderOpgave => "maanden_zonder_opgave",
            BlockName::NietAfgetrokken => "niet_afgetrokken",
            BlockName::Verschil => "verschil",
            BlockName::Stukken => "stukken",
            BlockName::Afweging => "afweging",
        }
    }

    /// The texts the block is worded with (looked up in the letter's own
    /// template first, then in `algemeen.yaml`).
    pub fn texts(self) -> &'static [(&'static str, Shape)] {
        match self {
            BlockName::Redenen => &[],
            BlockName::Opmerkingen => &[],
            BlockName::Afwijkingen => &[("afwijking", Shape::Text)],
            BlockName::Maandtabel => &[
                ("maandtabel_kolommen", Shape::List),
                ("maandtabel_vrijgelaten", Shape::Text),
                ("maandtabel_totaal", Shape::Text),
                ("maandtabel_geen_opgave", Shape::Text),
            ],
            BlockName::Verschil => &[
                ("bedragen_kolommen", Shape::List),
                ("verschil_omzet", Shape::Text),
                ("verschil_kosten", Shape::Text),
                ("verschil_belasting", Shape::Text),
                ("verschil_verdeling", Shape::Text),
                ("verschil_vrijlating", Shape::Text),
                ("verschil_overig", Shape::Text),
                ("verschil_totaal", Shape::Text),
            ],
            BlockName::Stukken => &[("stuk", Shape::Text)],
            BlockName::Afweging => &[],
            BlockName::MaandenZonderOpgave => &[("maand_zonder_opgave", Shape::Text)],
            BlockName::NietAfgetrokken => &[
                ("niet_afgetrokken_regel", Shape::Text),
                ("reden_nooit_aftrekbaar", Shape::Text),
                ("reden_niet_goedgekeurd", Shape::Text),
                ("reden_geen_bewijs", Shape::Text),
                ("reden_niet_goedgekeurd_geen_bewijs", Shape::Text),
            ],
        }
    }

    fn from_key(key: &str) -> Option<BlockName> {
        BlockName::ALL.into_iter().find(|b| b.key() == key)
    }
}

/// What a text key must hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One text.
    Text,
    /// A list of texts (one text counts as a list of one).
    List,
    /// Lines of `tekst` and `waarde`.
    Rows,
}

impl Shape {
    pub fn in_words(self) -> &'static str {
        match self {
            Shape::Text => "een tekst",
            Shape::List => "een lijst van teksten",
            Shape::Rows => "een lijst van regels (tekst en waarde)",
        }
    }
}

const PARTS: [&str; 5] = ["tekst", "lijst", "tussenkop", "blok", "bedragen"];

/// Reads `secties:` of template `file`; `prefix` names its conditions.
pub fn parse(file: &str, prefix: &str, node: &Node) -> Result<Vec<SectionSpec>, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut sections = Vec::new();
    let Value::Seq(items) = &node.value else {
        return Err(vec![InputError::at(
            file,
            node.span,
            format!(
                "`secties` is een lijst van secties (met `kop` en `inhoud`), geen {}.",
                node.kind().trim_start_matches("een ")
            ),
        )]);
    };
    for (i, item) in items.iter().enumerate() {
        let name = format!("{prefix}.{i}");
        let Some(fields) = fields(file, item, &["kop", "als", "inhoud"], &mut errors) else {
            continue;
        };
        let kop = fields
            .get("kop")
            .and_then(|n| reference(file, n, &mut errors));
        if !fields.contains_key("kop") {
            errors.push(InputError::at(
                file,
                item.span,
                "Een sectie heeft een `kop`: de sleutel van de tekst van de kop.",
            ));
        }
        let als = fields
            .get("als")
            .and_then(|n| condition(file, &format!("{name}.als"), n, &mut errors));
        let mut inhoud = Vec::new();
        match fields.get("inhoud").map(|n| &n.value) {
            Some(Value::Seq(parts)) => {
                for (j, p) in parts.iter().enumerate() {
                    if let Some(part) = part(file, &format!("{name}.inhoud.{j}"), p, &mut errors) {
                        inhoud.push(part);
                    }
                }
            }
            Some(_) | None => errors.push(InputError::at(
                file,
                fields.get("inhoud").map_or(item.span, |n| n.span),
                "Een sectie heeft een `inhoud`: een lijst van delen (tekst, lijst, tussenkop, blok of bedragen).",
            )),
        }
        if let Some(kop) = kop {
            sections.push(SectionSpec { kop, als, inhoud });
        }
    }
    if errors.is_empty() {
        Ok(sections)
    } else {
        Err(errors)
    }
}

fn part(file: &str, name: &str, node: &Node, errors: &mut Vec<InputError>) -> Option<PartSpec> {
    let mut allowed = PARTS.to_vec();
    allowed.extend(["als", "letters"]);
    let fields = fields(file, node, &allowed, errors)?;
    let given: Vec<&str> = PARTS
        .into_iter()
        .filter(|p| fields.contains_key(p))
        .collect();
    let [kind] = given.as_slice() else {
        errors.push(InputError::at(
            file,
            node.span,
            format!(
                "Een deel van een sectie is precies één van: {}.",
                PARTS.join(", ")
            ),
        ));
        return None;
    };
    let value = fields.get(kind)?;
    let als = fields
        .get("als")
        .and_then(|n| condition(file, &format!("{name}.als"), n, errors));
    if let Some(letters) = fields.get("letters")
        && *kind != "lijst"
    {
        errors.push(InputError::at(
            file,
            letters.span,
            "`letters` hoort alleen bij een `lijst`.",
        ));
    }
    let part = match *kind {
        "blok" => {
            let key = value.scalar().unwrap_or_default();
            match BlockName::from_key(key) {
                Some(block) => Part::Blok(block),
                None => {
                    let names: Vec<&str> = BlockName::ALL.iter().map(|b| b.key()).collect();
                    let hint = crate::case::read::suggestion(key, &names)
                        .map(|s| format!(" Bedoelde u `{s}`?"))
                        .unwrap_or_default();
                    errors.push(InputError::at(
                        file,
                        value.span,
                        format!(
                            "Onbekend blok `{key}`.{hint} Blokken zijn: {}.",
                            names.join(", ")
                        ),
                    ));
                    return None;
                }
            }
        }
        "lijst" => {
            let letters = match fields.get("letters").map(|n| n.scalar()) {
                None => false,
                Some(Some("true")) => true,
                Some(Some("false")) => false,
                Some(_) => {
                    errors.push(InputError::at(
                        file,
                        fields.get("letters").map_or(node.span, |n| n.span),
                        "`letters` is `true` of `false`.",
                    ));
                    false
                }
            };
            Part::Lijst {
                tekst: reference(file, value, errors)?,
                letters,
            }
        }
        "tussenkop" => Part::Tussenkop(reference(file, value, errors)?),
        "bedragen" => Part::Bedragen(reference(file, value, errors)?),
        _ => Part::Tekst(reference(file, value, errors)?),
    };
    Some(PartSpec { part, als })
}

/// The fields of a mapping, every key known.
fn fields<'a>(
    file: &str,
    node: &'a Node,
    allowed: &[&str],
    errors: &mut Vec<InputError>,
) -> Option<std::collections::BTreeMap<&'a str, &'a Node>> {
    let Value::Map(entries) = &node.value else {
        errors.push(InputError::at(
            file,
            node.span,
            format!(
                "Hier hoort een groep velden ({}), geen {}.",
                allowed.join(", "),
                node.kind().trim_start_matches("een ")
            ),
        ));
        return None;
    };
    let mut out = std::collections::BTreeMap::new();
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_default();
        if allowed.contains(&name) {
            out.insert(name, value);
        } else {
            let hint = crate::case::read::suggestion(name, allowed)
                .map(|s| format!(" Bedoelde u `{s}`?"))
                .unwrap_or_default();
            errors.push(InputError::at(
                file,
                key.span,
                format!(
                    "Onbekend veld `{name}`.{hint} Toegestaan zijn: {}.",
                    allowed.join(", ")
                ),
            ));
        }
    }
    Some(out)
}

fn reference(file: &str, node: &Node, errors: &mut Vec<InputError>) -> Option<Ref> {
    match node.scalar() {
        Some(key) if !key.trim().is_empty() => Some(Ref {
            key: key.trim().to_string(),
            span: node.span,
        }),
        _ => {
            errors.push(InputError::at(
                file,
                node.span,
                "Hier hoort de sleutel van een tekst uit het sjabloon (bijvoorbeeld `besluit`).",
            ));
            None
        }
    }
}

fn condition(
    file: &str,
    name: &str,
    node: &Node,
    errors: &mut Vec<InputError>,
) -> Option<Condition> {
    match node.scalar() {
        Some(source) if !source.trim().is_empty() => Some(Condition {
            name: name.to_string(),
            source: source.trim().to_string(),
            span: node.span,
        }),
        _ => {
            errors.push(InputError::at(
                file,
                node.span,
                "`als` is een voorwaarde over de plaatshouders, bijvoorbeeld `aantal_opmerkingen > 0`.",
            ));
            None
        }
    }
}

/// A line of amounts or of the reference block: a label and a value, both
/// templates, bold (`vet: true`) or not, printed when `als` holds.
#[derive(Clone, Debug)]
pub struct RowSpec {
    pub tekst: Source,
    pub waarde: Source,
    pub vet: bool,
    pub als: Option<Condition>,
}

/// A template's text, the name it is compiled under, and its place.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
    pub span: Span,
}

/// Reads a list of rows (`tekst`, `waarde`, optional `vet` and `als`).
pub fn parse_rows(
    file: &str,
    prefix: &str,
    items: &[Node],
) -> Result<Vec<RowSpec>, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let name = format!("{prefix}.{i}");
        let Some(fields) = fields(file, item, &["tekst", "waarde", "vet", "als"], &mut errors)
        else {
            continue;
        };
        let source = |key: &str, errors: &mut Vec<InputError>| match fields.get(key) {
            Some(node) => match &node.value {
                Value::Scalar(text) => Some(Source {
                    name: format!("{name}.{key}"),
                    text: text.clone(),
                    span: node.span,
                }),
                Value::Null => Some(Source {
                    name: format!("{name}.{key}"),
                    text: String::new(),
                    span: node.span,
                }),
                _ => {
                    errors.push(InputError::at(
                        file,
                        node.span,
                        format!("`{key}` is een tekst."),
                    ));
                    None
                }
            },
            None => {
                errors.push(InputError::at(
                    file,
                    item.span,
                    format!("Een regel heeft een `tekst` en een `waarde`; `{key}` ontbreekt."),
                ));
                None
            }
        };
        let tekst = source("tekst", &mut errors);
        let waarde = source("waarde", &mut errors);
        let vet = match fields.get("vet").map(|n| n.scalar()) {
            None | Some(Some("false")) => false,
            Some(Some("true")) => true,
            Some(_) => {
                errors.push(InputError::at(
                    file,
                    fields.get("vet").map_or(item.span, |n| n.span),
                    "`vet` is `true` of `false`.",
                ));
                false
            }
        };
        let als = fields
            .get("als")
            .and_then(|n| condition(file, &format!("{name}.als"), n, &mut errors));
        if let (Some(tekst), Some(waarde)) = (tekst, waarde) {
            rows.push(RowSpec {
                tekst,
                waarde,
                vet,
                als,
            });
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}
