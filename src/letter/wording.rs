//! The wording of the letters: text with minijinja placeholders, apart from
//! the layout, so that legal staff change a sentence in `templates/` without
//! touching Typst or Rust.
//!
//! Each letter kind has a YAML file of named texts (`templates/<kind>.yaml`)
//! plus the shared `templates/algemeen.yaml`. pto carries the project's own
//! templates built in; a case repository's `templates/` overrides them file
//! by file and key by key. An unknown key or a placeholder that does not
//! exist is an input error, never a silent blank in a letter.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::{Environment, UndefinedBehavior, Value};

use crate::case::read_text;
use crate::case::yaml::{self, Node};
use crate::diag::{InputError, Span};

/// The template files and their built-in text.
pub const BUILT_IN: [(&str, &str); 6] = [
    ("algemeen", include_str!("../../templates/algemeen.yaml")),
    (
        "toekenning",
        include_str!("../../templates/toekenning.yaml"),
    ),
    ("afwijzing", include_str!("../../templates/afwijzing.yaml")),
    (
        "verlenging",
        include_str!("../../templates/verlenging.yaml"),
    ),
    (
        "intrekking",
        include_str!("../../templates/intrekking.yaml"),
    ),
    (
        "afrekening",
        include_str!("../../templates/afrekening.yaml"),
    ),
];

/// A text entry: one template, or a list of them (list items).
#[derive(Clone, Debug)]
enum Entry {
    Text,
    List(usize),
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
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let mut wording = Wording {
            env,
            entries: BTreeMap::new(),
            origins: BTreeMap::new(),
        };
        let mut errors = Vec::new();
        for (kind, text) in BUILT_IN {
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
            match &value.value {
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
        if let Err(e) = self
            .env
            .add_template_owned(name.to_string(), source.to_string())
        {
            errors.push(template_error(file, node.span, &e));
        }
        self.origins
            .insert(name.to_string(), (file.to_string(), node.span.line));
    }

    /// Renders the text `kind.key` with `context`.
    pub fn text(&self, kind: &str, key: &str, context: &Value) -> Result<String, WordingError> {
        let name = format!("{kind}.{key}");
        self.render(&name, context)
    }

    /// Renders the list `kind.key`, item by item.
    pub fn list(
        &self,
        kind: &str,
        key: &str,
        context: &Value,
    ) -> Result<Vec<String>, WordingError> {
        let name = format!("{kind}.{key}");
        match self.entries.get(&name) {
            Some(Entry::List(n)) => (0..*n)
                .map(|i| self.render(&format!("{name}.{i}"), context))
                .collect(),
            Some(Entry::Text) => Ok(vec![self.render(&name, context)?]),
            None => Err(WordingError(format!("de tekst {name} bestaat niet"))),
        }
    }

    fn render(&self, name: &str, context: &Value) -> Result<String, WordingError> {
        let place = match self.origins.get(name) {
            Some((file, line)) => format!("{file}:{line}"),
            None => name.to_string(),
        };
        let template = self
            .env
            .get_template(name)
            .map_err(|e| WordingError(format!("{place}: {e}")))?;
        let text = template
            .render(context)
            .map_err(|e| WordingError(format!("{place}: {}", describe(&e))))?;
        Ok(text.trim().to_string())
    }
}

/// The context a template sees, from any serializable value.
pub fn context<T: serde::Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

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
}
