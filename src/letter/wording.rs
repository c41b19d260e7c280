//! The wording of the letters: text with minijinja placeholders, apart from
//! the layout, so that legal staff change a sentence in `templates/` without
//! touching Typst or Rust.
//!
//! Each letter kind has a YAML file of named texts and its structure
//! (`templates/<kind>.yaml`, `secties:`) plus the shared
//! `templates/algemeen.yaml`; a text the kind's file lacks is taken from the
//! shared one. pto carries the project's own templates built in; a case
//! repository's `templates/` overrides them file by file and key by key. An
//! unknown key, a structure naming a text that does not exist, or a
//! placeholder that does not exist is an input error, never a silent blank
//! in a letter.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::{Environment, UndefinedBehavior, Value};

use super::kind::{KINDS, LetterKind};
use super::structure::{self, Condition, Part, RowSpec, SectionSpec, Shape};
use crate::case::read_text;
use crate::case::yaml::{self, Node};
use crate::diag::{InputError, Span};

/// The texts every letter shares (`templates/algemeen.yaml`); each kind's
/// own template is built in through its registry entry.
pub const ALGEMEEN: &str = include_str!("../../templates/algemeen.yaml");

/// The file of shared texts, where a text is looked up when the letter's own
/// template does not have it.
const GENERAL: &str = "algemeen";

/// A text entry: one template, a list of them, lines of label and value, or
/// the structure of a letter (`secties`).
#[derive(Clone, Debug)]
enum Entry {
    Text,
    List(usize),
    Rows(Vec<RowSpec>),
    Sections {
        file: String,
        sections: Vec<SectionSpec>,
    },
}

impl Entry {
    fn fits(&self, shape: Shape) -> bool {
        matches!(
            (self, shape),
            (Entry::Text, Shape::Text)
                | (Entry::Text | Entry::List(_), Shape::List)
                | (Entry::Rows(_), Shape::Rows)
        )
    }
}

/// Parsed templates, shared by every letter of a run.
pub struct Wording {
    env: Environment<'static>,
    entries: BTreeMap<String, Entry>,
    /// Where each template was written: file and line, for messages.
    origins: BTreeMap<String, (String, u32)>,
}

impl Wording {
    /// The built-in wording only.
    pub fn built_in() -> Result<Wording, Vec<InputError>> {
        Wording::load(None)
    }

    /// The built-in wording, overridden by `templates/` under `root` where
    /// the repository has its own files.
    pub fn load(root: Option<&Path>) -> Result<Wording, Vec<InputError>> {
        Wording::load_kinds(KINDS, root)
    }

    /// The wording of `kinds` (and the shared texts), overridden by
    /// `templates/` under `root`; each kind's structure checked against the
    /// texts it names.
    pub fn load_kinds(
        kinds: &[&LetterKind],
        root: Option<&Path>,
    ) -> Result<Wording, Vec<InputError>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(FUEL));
        let mut wording = Wording {
            env,
            entries: BTreeMap::new(),
            origins: BTreeMap::new(),
        };
        let mut errors = Vec::new();
        let files =
            std::iter::once((GENERAL, ALGEMEEN)).chain(kinds.iter().map(|k| (k.name, k.template)));
        for (kind, text) in files {
            let file = format!("<ingebouwd>/templates/{kind}.yaml");
            let built_in = wording.add_file(kind, &file, text, None);
            errors.extend(built_in.err().unwrap_or_default());
            if let Some(root) = root {
                let path = root.join("templates").join(format!("{kind}.yaml"));
                if path.exists() {
                    let name = path.display().to_string();
                    match read_text(&path) {
                        Ok(custom) => {
                            let allowed: Vec<String> = wording
                                .entries
                                .keys()
                                .filter_map(|k| {
                                    k.strip_prefix(&format!("{kind}.")).map(str::to_string)
                                })
                                .collect();
                            if let Err(e) = wording.add_file(kind, &name, &custom, Some(&allowed)) {
                                errors.extend(e);
                            }
                        }
                        Err(message) => errors.push(InputError::file(&name, message)),
                    }
                }
            }
        }
        if errors.is_empty() {
            for kind in kinds {
                errors.extend(wording.check(kind));
            }
        }
        if errors.is_empty() {
            Ok(wording)
        } else {
            Err(errors)
        }
    }

    /// Adds (or overrides) the texts of one file. `allowed`: for an override,
    /// the keys the built-in file has.
    fn add_file(
        &mut self,
        kind: &str,
        file: &str,
        text: &str,
        allowed: Option<&[String]>,
    ) -> Result<(), Vec<InputError>> {
        let root = yaml::parse(text).map_err(|e| vec![InputError::at(file, e.span, e.message)])?;
        let mut errors = Vec::new();
        let yaml::Value::Map(entries) = &root.value else {
            return Err(vec![InputError::at(
                file,
                Span::START,
                "Een sjabloonbestand is een groep teksten (sleutel: tekst).",
            )]);
        };
        for (key, value) in entries {
            let Some(name) = key.scalar() else { continue };
            if let Some(allowed) = allowed
                && !allowed.iter().any(|a| a == name)
            {
                let hint = crate::case::read::suggestion(
                    name,
                    &allowed.iter().map(String::as_str).collect::<Vec<_>>(),
                )
                .map(|s| format!(" Bedoelde u `{s}`?"))
                .unwrap_or_default();
                errors.push(InputError::at(
                    file,
                    key.span,
                    format!("Onbekende tekst `{name}` in het sjabloon {kind}.{hint} Toegestaan zijn: {}.", allowed.join(", ")),
                ));
                continue;
            }
            let full = format!("{kind}.{name}");
            let built_in_rows = matches!(self.entries.get(&full), Some(Entry::Rows(_)));
            match &value.value {
                _ if name == "secties" => match structure::parse(file, &full, value) {
                    Ok(sections) => {
                        for section in &sections {
                            self.add_condition(file, section.als.as_ref(), &mut errors);
                            for part in &section.inhoud {
                                self.add_condition(file, part.als.as_ref(), &mut errors);
                            }
                        }
                        self.entries.insert(
                            full,
                            Entry::Sections {
                                file: file.to_string(),
                                sections,
                            },
                        );
                    }
                    Err(e) => errors.extend(e),
                },
                yaml::Value::Seq(items)
                    if built_in_rows
                        || items.iter().any(|i| matches!(i.value, yaml::Value::Map(_))) =>
                {
                    match structure::parse_rows(file, &full, items) {
                        Ok(rows) => {
                            for row in &rows {
                                for source in [&row.tekst, &row.waarde] {
                                    self.add_source(
                                        file,
                                        source.span,
                                        &source.name,
                                        &source.text,
                                        &mut errors,
                                    );
                                }
                                self.add_condition(file, row.als.as_ref(), &mut errors);
                            }
                            self.entries.insert(full, Entry::Rows(rows));
                        }
                        Err(e) => errors.extend(e),
                    }
                }
                yaml::Value::Scalar(source) => {
                    self.add(file, value, &full, source, &mut errors);
                    self.entries.insert(full, Entry::Text);
                }
                yaml::Value::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let source = item.scalar().unwrap_or_default();
                        self.add(file, item, &format!("{full}.{i}"), source, &mut errors);
                    }
                    self.entries.insert(full, Entry::List(items.len()));
                }
                _ => errors.push(InputError::at(
                    file,
                    value.span,
                    format!("`{name}` moet een tekst of een lijst van teksten zijn."),
                )),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn add(
        &mut self,
        file: &str,
        node: &Node,
        name: &str,
        source: &str,
        errors: &mut Vec<InputError>,
    ) {
        self.add_source(file, node.span, name, source, errors);
    }

    fn add_source(
        &mut self,
        file: &str,
        span: Span,
        name: &str,
        source: &str,
        errors: &mut Vec<InputError>,
    ) {
        if let Err(e) = self
            .env
            .add_template_owned(name.to_string(), source.to_string())
        {
            errors.push(template_error(file, span, &e));
        }
        self.origins
            .insert(name.to_string(), (file.to_string(), span.line));
    }

    fn add_condition(
        &mut self,
        file: &str,
        condition: Option<&Condition>,
        errors: &mut Vec<InputError>,
    ) {
        if let Some(c) = condition {
            let (name, source, span) = (c.name.clone(), c.template(), c.span);
            self.add_source(file, span, &name, &source, errors);
        }
    }

    /// The full name of text `key` for letter `kind`: its own template's,
    /// else the shared one's.
    fn resolve(&self, kind: &str, key: &str) -> Option<(String, &Entry)> {
        [kind, GENERAL].into_iter().find_map(|file| {
            let name = format!("{file}.{key}");
            self.entries.get(&name).map(|entry| (name, entry))
        })
    }

    /// Whether every text the structure of `kind` and its frame name exists
    /// in the shape it is used in: a repository's `secties` or a new kind's
    /// template fails here, with its place, rather than in a letter.
    fn check(&self, kind: &LetterKind) -> Vec<InputError> {
        let name = kind.name;
        let file = format!("templates/{name}.yaml");
        let mut errors = Vec::new();
        let mut need = |key: &str, shape: Shape, at: Option<(&str, Span)>| {
            let found = self.resolve(name, key);
            if found.as_ref().is_some_and(|(_, e)| e.fits(shape)) {
                return;
            }
            let what = match found {
                Some(_) => format!(
                    "De tekst `{key}` moet in de brief {name} {} zijn.",
                    shape.in_words()
                ),
                None => format!(
                    "De tekst `{key}` bestaat niet in het sjabloon {name} of in algemeen.yaml."
                ),
            };
            errors.push(match at {
                Some((file, span)) => InputError::at(file, span, what),
                None => InputError::file(&file, what),
            });
        };
        for key in [
            "onderwerp",
            "inleiding",
            "aanhef",
            "groet",
            "briefhoofd",
            "bezoekadres",
            "telefoon",
            "bijlage",
            "vragen_kop",
            "vragen",
            "concept",
        ] {
            need(key, Shape::Text, None);
        }
        need("ondertekening", Shape::List, None);
        need("kenmerken", Shape::Rows, None);
        if kind.objection_clause {
            need("bezwaar_kop", Shape::Text, None);
            need("bezwaar", Shape::Text, None);
        }
        let Some(Entry::Sections { file, sections }) = self.entries.get(&format!("{name}.secties"))
        else {
            return vec![InputError::file(
                &file,
                format!("Het sjabloon {name} heeft geen `secties`: de opbouw van de brief."),
            )];
        };
        for section in sections {
            need(
                &section.kop.key,
                Shape::Text,
                Some((file, section.kop.span)),
            );
            for part in &section.inhoud {
                match &part.part {
                    Part::Tekst(r) | Part::Tussenkop(r) => {
                        need(&r.key, Shape::Text, Some((file, r.span)))
                    }
                    Part::Lijst { tekst, .. } => {
                        need(&tekst.key, Shape::List, Some((file, tekst.span)))
                    }
                    Part::Bedragen(r) => {
                        need(&r.key, Shape::Rows, Some((file, r.span)));
                        need("bedragen_kolommen", Shape::List, Some((file, r.span)));
                    }
                    Part::Blok(block) => {
                        for (key, shape) in block.texts() {
                            need(key, *shape, None);
                        }
                    }
                }
            }
        }
        errors
    }

    /// Whether letter `kind` (or the shared texts) has a text or list `key`.
    pub fn has(&self, kind: &str, key: &str) -> bool {
        self.resolve(kind, key).is_some()
    }

    /// Renders text `key` of letter `kind` (or of the shared texts) with
    /// `context`.
    pub fn text(&self, kind: &str, key: &str, context: &Value) -> Result<String, WordingError> {
        match self.resolve(kind, key) {
            Some((name, _)) => self.render(&name, context),
            None => Err(WordingError(format!("de tekst {kind}.{key} bestaat niet"))),
        }
    }

    /// Renders the list `key` of letter `kind`, item by item.
    pub fn list(
        &self,
        kind: &str,
        key: &str,
        context: &Value,
    ) -> Result<Vec<String>, WordingError> {
        match self.resolve(kind, key) {
            // An item whose condition leaves it empty is not in the list.
            Some((name, Entry::List(n))) => Ok((0..*n)
                .map(|i| self.render(&format!("{name}.{i}"), context))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter(|item| !item.trim().is_empty())
                .collect()),
            Some((name, Entry::Text)) => Ok(vec![self.render(&name, context)?]),
            _ => Err(WordingError(format!("de lijst {kind}.{key} bestaat niet"))),
        }
    }

    /// Renders the rows `key` of letter `kind` whose condition holds: label,
    /// value, bold.
    pub(super) fn rows(
        &self,
        kind: &str,
        key: &str,
        context: &Value,
    ) -> Result<Vec<(String, String, bool)>, WordingError> {
        let Some((_, Entry::Rows(rows))) = self.resolve(kind, key) else {
            return Err(WordingError(format!("de regels {kind}.{key} bestaan niet")));
        };
        let mut out = Vec::new();
        for row in rows {
            if self.holds(row.als.as_ref(), context)? {
                out.push((
                    self.render(&row.tekst.name, context)?,
                    self.render(&row.waarde.name, context)?,
                    row.vet,
                ));
            }
        }
        Ok(out)
    }

    /// The structure of letter `kind`.
    pub(super) fn sections(&self, kind: &str) -> Result<&[SectionSpec], WordingError> {
        match self.entries.get(&format!("{kind}.secties")) {
            Some(Entry::Sections { sections, .. }) => Ok(sections),
            _ => Err(WordingError(format!(
                "het sjabloon {kind} heeft geen secties"
            ))),
        }
    }

    /// Whether `condition` holds (no condition always does).
    pub(super) fn holds(
        &self,
        condition: Option<&Condition>,
        context: &Value,
    ) -> Result<bool, WordingError> {
        match condition {
            None => Ok(true),
            Some(c) => Ok(self.render(&c.name, context)? == "1"),
        }
    }

    fn render(&self, name: &str, context: &Value) -> Result<String, WordingError> {
        // The file and line of the template, or of the line within it that
        // went wrong.
        let place = |line_in_template: Option<usize>| match self.origins.get(name) {
            Some((file, line)) => {
                let within = line_in_template.map_or(0, |l| l.saturating_sub(1));
                format!("{file}:{}", *line as usize + within)
            }
            None => name.to_string(),
        };
        let template = self
            .env
            .get_template(name)
            .map_err(|e| WordingError(format!("{}: {e}", place(None))))?;
        let text = template
            .render(context)
            .map_err(|e| WordingError(format!("{}: {}", place(e.line()), describe(&e))))?;
        let length = text.chars().count();
        if length > MAX_TEXT_CHARS {
            return Err(WordingError(format!(
                "{}: de tekst wordt {} tekens lang; een tekst in een brief heeft er hooguit {}. \
                 Herhaalt het sjabloon iets te vaak?",
                place(None),
                crate::format::number(length.into()),
                crate::format::number(MAX_TEXT_CHARS.into())
            )));
        }
        Ok(text.trim().to_string())
    }
}

/// The context a template sees, from any serializable value.
pub fn context<T: serde::Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// The context `base` with the placeholders of `extra` added (theirs win).
pub fn with<T: serde::Serialize>(base: &Value, extra: &T) -> Value {
    // In a merge, the first context listed wins.
    minijinja::context! { ..context(extra), ..base.clone() }
}

/// The work one text of a letter may take, in minijinja's fuel: about one
/// unit per instruction and one per 64 bytes a template makes. The heaviest
/// built-in text takes 37; a municipality's text looping over every month
/// and cost of a case stays far below this. A loop in a loop over
/// `range(100000)`, or `"x" * 100000000`, stops here within milliseconds
/// instead of running for ever or filling the memory (which aborted pto).
const FUEL: u64 = 100_000;

/// The longest text one template may give: 100,000 characters, some forty
/// pages. A letter's text longer than that is certainly a mistake.
const MAX_TEXT_CHARS: usize = 100_000;

/// A template that does not fit the letter's data (a placeholder that does
/// not exist, for example).
#[derive(Debug, thiserror::Error)]
#[error("sjabloon {0}")]
pub struct WordingError(pub String);

fn template_error(file: &str, span: Span, err: &minijinja::Error) -> InputError {
    let line = span.line + err.line().map_or(0, |l| l.saturating_sub(1) as u32);
    let line = if matches!(span.column, 0) {
        span.line
    } else {
        line
    };
    InputError::at(
        file,
        Span { line, ..span },
        format!("Fout in het sjabloon: {}", describe(err)),
    )
}

fn describe(err: &minijinja::Error) -> String {
    use minijinja::ErrorKind as K;
    let detail = err.detail().unwrap_or_default();
    match err.kind() {
        K::UndefinedError => format!(
            "een plaatshouder bestaat niet ({detail}); zie templates/README.md voor wat er is"
        ),
        K::SyntaxError => {
            format!("de opbouw van een plaatshouder klopt niet ({detail}); gebruik {{{{ naam }}}}")
        }
        K::OutOfFuel => format!(
            "het sjabloon doet te veel werk (meer dan {} stappen) en is afgebroken; \
             staat er een lus in een lus, of een tekst die zich heel vaak herhaalt?",
            crate::format::number(FUEL.into())
        ),
        K::InvalidOperation if detail.contains("too large") || detail.contains("too many") => {
            format!("het sjabloon maakt een te lange tekst of lijst en is afgebroken ({detail})")
        }
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_wording_loads() {
        let w = Wording::built_in().unwrap();
        assert!(w.entries.contains_key("toekenning.onderwerp"));
        assert!(
            matches!(w.entries.get("toekenning.voorwaarden_d"), Some(Entry::List(n)) if *n >= 4)
        );
    }

    #[test]
    fn a_repository_overrides_one_key_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/toekenning.yaml"),
            "onderwerp: Uw aanvraag, {{ aanvrager.naam }}\n",
        )
        .unwrap();
        let w = Wording::load(Some(dir.path())).unwrap();
        let cx = context(&serde_json::json!({"aanvrager": {"naam": "Jan"}}));
        assert_eq!(
            w.text("toekenning", "onderwerp", &cx).unwrap(),
            "Uw aanvraag, Jan"
        );
        assert!(w.entries.contains_key("toekenning.besluit"));
    }

    #[test]
    fn a_template_that_runs_away_is_stopped_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/toekenning.yaml"),
            "onderwerp: |\n  Besluit\n  {% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\n\
             inleiding: \"{{ 'ab' * 50001 }}\"\n",
        )
        .unwrap();
        let w = Wording::load(Some(dir.path())).unwrap();
        let cx = context(&serde_json::json!({}));
        let started = std::time::Instant::now();
        let err = w.text("toekenning", "onderwerp", &cx).unwrap_err().0;
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let file = dir.path().join("templates/toekenning.yaml");
        assert_eq!(
            err,
            format!(
                "{}:3: het sjabloon doet te veel werk (meer dan 100.000 stappen) en is \
                 afgebroken; staat er een lus in een lus, of een tekst die zich heel vaak herhaalt?",
                file.display()
            )
        );
        let err = w.text("toekenning", "inleiding", &cx).unwrap_err().0;
        assert!(
            err.ends_with(":4: de tekst wordt 100.002 tekens lang; een tekst in een brief heeft er hooguit 100.000. Herhaalt het sjabloon iets te vaak?"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_key_or_a_bad_placeholder_is_an_input_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/afwijzing.yaml"),
            "onderwerpp: x\nbesluit: \"{{ naam \"\n",
        )
        .unwrap();
        let errors = Wording::load(Some(dir.path())).err().unwrap();
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0].message.contains("Bedoelde u `onderwerp`?"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[1].span.unwrap().line, 2);
    }

    #[test]
    fn a_missing_placeholder_fails_instead_of_printing_nothing() {
        let w = Wording::built_in().unwrap();
        let err = w
            .text("toekenning", "onderwerp", &context(&serde_json::json!({})))
            .err();
        // The built-in subject has no placeholders; the introduction has.
        assert!(err.is_none());
        assert!(
            w.text("toekenning", "inleiding", &context(&serde_json::json!({})))
                .is_err()
        );
    }

    fn load_override(file: &str, text: &str) -> Result<Wording, Vec<InputError>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates").join(file), text).unwrap();
        Wording::load(Some(dir.path()))
    }

    #[test]
    fn every_kind_has_a_structure_that_names_existing_texts() {
        let w = Wording::built_in().unwrap();
        for kind in KINDS {
            assert!(!w.sections(kind.name).unwrap().is_empty(), "{}", kind.name);
            assert!(w.check(kind).is_empty(), "{}", kind.name);
        }
    }

    #[test]
    fn a_repository_may_reorder_the_sections_of_a_letter() {
        let w = load_override(
            "verlenging.yaml",
            "secties:\n  - kop: grondslag_kop\n    inhoud:\n      - tekst: grondslag\n  - kop: besluit_kop\n    inhoud:\n      - tekst: besluit\n",
        )
        .unwrap();
        let keys: Vec<&str> = w
            .sections("verlenging")
            .unwrap()
            .iter()
            .map(|s| s.kop.key.as_str())
            .collect();
        assert_eq!(keys, ["grondslag_kop", "besluit_kop"]);
    }

    #[test]
    fn a_structure_naming_a_missing_text_or_block_is_an_input_error_at_its_line() {
        let errors = load_override(
            "afwijzing.yaml",
            "secties:\n  - kop: besluit_kop\n    inhoud:\n      - tekst: besluitt\n      - blok: reden\n      - lijst: besluit\n        letters: ja\n",
        )
        .err()
        .unwrap();
        let messages: Vec<(u32, &str)> = errors
            .iter()
            .map(|e| (e.span.map_or(0, |s| s.line), e.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    5,
                    "Onbekend blok `reden`. Bedoelde u `redenen`? Blokken zijn: redenen, opmerkingen, afwijkingen, maandtabel, maanden_zonder_opgave, niet_afgetrokken, verschil, stukken, afweging."
                ),
                (7, "`letters` is `true` of `false`."),
            ],
            "{errors:?}"
        );
        // Once the structure reads, each text it names must exist.
        let errors = load_override(
            "afwijzing.yaml",
            "secties:\n  - kop: besluit_kop\n    inhoud:\n      - tekst: besluitt\n      - bedragen: besluit\n",
        )
        .err()
        .unwrap();
        let messages: Vec<(u32, &str)> = errors
            .iter()
            .map(|e| (e.span.map_or(0, |s| s.line), e.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    4,
                    "De tekst `besluitt` bestaat niet in het sjabloon afwijzing of in algemeen.yaml."
                ),
                (
                    5,
                    "De tekst `besluit` moet in de brief afwijzing een lijst van regels (tekst en waarde) zijn."
                ),
            ],
            "{errors:?}"
        );
    }

    #[test]
    fn a_condition_that_does_not_parse_is_an_input_error() {
        let errors = load_override(
            "afrekening.yaml",
            "secties:\n  - kop: besluit_kop\n    als: uitkomst ==\n    inhoud:\n      - tekst: besluit_nabetaling\n",
        )
        .err()
        .unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].span.unwrap().line, 3);
        assert!(
            errors[0].message.starts_with("Fout in het sjabloon"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn rows_print_only_the_lines_whose_condition_holds() {
        let w = Wording::built_in().unwrap();
        let cx = |uitkomst: &str, extra: serde_json::Value| {
            let mut afrekening = serde_json::json!({
                "winst": "€ 8,00", "aantal_maanden": 12, "maanden_jaarstukken": 12,
                "maanden": "januari tot en met december 2024", "norm_totaal": "€ 9,00",
                "bijstand_recht": "€ 10,00", "naar_verhouding": false,
                "belasting": null, "vrijlating": null, "totaal": null, "verjaard": null,
                "aandeel": "€ 8,00",
            });
            for (k, v) in extra.as_object().unwrap() {
                afrekening[k] = v.clone();
            }
            context(&serde_json::json!({
                "uitkomst": uitkomst, "jaar": 2024, "omzet": "€ 1,00", "kosten": "€ 2,00",
                "inkomen": "€ 3,00", "verrekend": "€ 4,00", "bedrag": "€ 5,00",
                "verschil": "€ 6,00", "uitbetaald": "€ 7,00", "afrekening": afrekening,
            }))
        };
        let rows = w
            .rows(
                "afrekening",
                "jaarcijfers_bedragen",
                &cx("nabetaling", serde_json::json!({})),
            )
            .unwrap();
        assert_eq!(rows.len(), 8);
        assert_eq!(
            rows[7],
            (
                "Te veel verrekend: wij betalen u na".to_string(),
                "€ 5,00".to_string(),
                true
            )
        );
        let recovery = w
            .rows(
                "afrekening",
                "jaarcijfers_bedragen",
                &cx(
                    "terugvordering",
                    serde_json::json!({"totaal": "€ 11,00", "belasting": "€ 1,50"}),
                ),
            )
            .unwrap();
        let labels: Vec<&str> = recovery.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(recovery.len(), 10, "{labels:?}");
        assert!(labels.contains(&"Belasting en premies over de winst, volgens uw aanslag"));
        assert!(!labels.iter().any(|l| l.starts_with("Vervalt")));
    }

    #[test]
    fn the_added_placeholders_win_over_the_base() {
        let base = context(&serde_json::json!({"jaar": 2024, "naam": "Jan"}));
        let cx = with(&base, &serde_json::json!({"jaar": 2023}));
        let mut env = Environment::new();
        env.add_template("t", "{{ jaar }} {{ naam }}").unwrap();
        let text = env.get_template("t").unwrap().render(&cx).unwrap();
        assert_eq!(text, "2023 Jan");
    }

    /// Every placeholder a built-in text uses is one of the context types'
    /// (`templates/README.md`), or one its text adds.
    #[test]
    fn the_built_in_texts_use_only_documented_placeholders() {
        use super::super::context::{TemplateContext, placeholders, text_extras};
        let paths = |schema: &schemars::Schema| -> Vec<String> {
            placeholders(schema)
                .into_iter()
                .map(|(p, _, _)| p)
                .collect()
        };
        let base = paths(&schemars::schema_for!(TemplateContext));
        let extras = text_extras();
        let known = |key: &str, var: &str| {
            let own = extras
                .iter()
                .filter(|(texts, _)| {
                    texts.iter().any(|t| match t.strip_suffix("<regel>") {
                        Some(prefix) => key.starts_with(prefix),
                        None => *t == key,
                    })
                })
                .flat_map(|(_, schema)| paths(schema));
            base.iter().cloned().chain(own).any(|p| {
                p == var
                    || p.starts_with(&format!("{var}."))
                    || p.strip_suffix("<regel>")
                        .is_some_and(|group| var.starts_with(group))
            })
        };
        let w = Wording::built_in().unwrap();
        let mut checked = 0;
        for (name, template) in w.env.templates() {
            let key = name.split('.').nth(1).unwrap_or_default();
            for var in template.undeclared_variables(true) {
                assert!(
                    known(key, &var),
                    "{name} uses `{var}`, which templates/README.md does not list"
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
