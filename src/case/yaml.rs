//! YAML text to a tree of nodes that remember where they stood.
//!
//! serde-saphyr parses (pure Rust, panic-free, with budgets against alias
//! bombs and deep nesting); we keep every scalar as the exact text it was
//! written as, so that an amount such as `850.50` never passes through a
//! binary float, and so that the typed reading in `load` can report every
//! error of a file at once, in Dutch, with its line and column.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diag::Span;

/// A YAML node: a scalar's text, a list, or a mapping, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `~`, `null` or nothing at all.
    Null,
    /// A scalar as written (plain), or as decoded (quoted and block scalars).
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The scalar text, if this is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// A short Dutch description of what kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "een lege waarde",
            Value::Scalar(_) => "een enkele waarde",
            Value::Seq(_) => "een lijst",
            Value::Map(_) => "een groep velden",
        }
    }
}

/// A YAML syntax error, in Dutch, with its place when the parser knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// Parses one YAML document into a node tree.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_nodes: 200_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_documents: 1,
            max_total_scalar_bytes: 8 * 1024 * 1024,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_alias_expansions_per_anchor: 1_000,
        },
        with_snippet: false,
    };
    let raw: RawNode = match serde_saphyr::from_str_with_options(source, options) {
        Ok(Some(raw)) => raw,
        Ok(None) => {
            return Ok(Node {
                value: Value::Null,
                span: Span::START,
            });
        }
        Err(err) => return Err(translate(&err, source)),
    };
    Ok(raw.into_node(source))
}

/// What serde gives us: a node whose plain scalars still need their text.
struct RawNode(Spanned<RawValue>);

enum RawValue {
    Null,
    /// A string as decoded by the parser.
    Text(String),
    /// A plain scalar that the parser took for a number or a boolean: we
    /// take its exact text from the source instead.
    Plain,
    Seq(Vec<RawNode>),
    Map(Vec<(RawNode, RawNode)>),
}

impl RawNode {
    fn into_node(self, source: &str) -> Node {
        let span = to_span(&self.0.referenced);
        let value = match self.0.value {
            RawValue::Null => Value::Null,
            RawValue::Text(text) => Value::Scalar(text),
            RawValue::Plain => {
                let text = source
                    .get(span.start as usize..span.end as usize)
                    .unwrap_or("");
                Value::Scalar(text.trim().to_string())
            }
            RawValue::Seq(items) => Value::Seq(
                items
                    .into_iter()
                    .map(|item| item.into_node(source))
                    .collect(),
            ),
            RawValue::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(key, value)| (key.into_node(source), value.into_node(source)))
                    .collect(),
            ),
        };
        Node { value, span }
    }
}

fn to_span(location: &Location) -> Span {
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let span = location.span();
    let start = span.byte_offset().map_or(0, clamp);
    let end = start.saturating_add(span.byte_len().map_or(0, clamp));
    Span {
        line: clamp(location.line()),
        column: clamp(location.column()),
        start,
        end,
    }
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Spanned::<RawValue>::deserialize(deserializer).map(RawNode)
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_none<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<RawValue, E> {
        Ok(RawValue::Plain)
    }
    fn visit_i64<E>(self, _: i64) -> Result<RawValue, E> {
        Ok(RawValue::Plain)
    }
    fn visit_u64<E>(self, _: u64) -> Result<RawValue, E> {
        Ok(RawValue::Plain)
    }
    fn visit_i128<E>(self, _: i128) -> Result<RawValue, E> {
        Ok(RawValue::Plain)
    }
    fn visit_u128<E>(self, _: u128) -> Result<RawValue, E> {
        Ok(RawValue::Plain)
    }
    fn visit_f64<E>(self, _: f64) -> Result<RawValue, E> {
        Ok(RawValue::Plain)
    }
    fn visit_str<E>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Text(v))
    }
    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<RawValue, E> {
        Err(E::custom("binary values are not supported"))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        RawValue::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        RawValue::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(RawValue::Map(entries))
    }
}

/// Turns a parser error into a Dutch message a non-programmer can act on.
fn translate(err: &serde_saphyr::Error, source: &str) -> SyntaxError {
    let span = err.location().map_or(Span::START, |l| to_span(&l));
    let mut span = if span.line == 0 { Span::START } else { span };
    let inner = err.without_snippet();
    if let serde_saphyr::Error::Budget { breach, .. } = inner {
        return SyntaxError {
            span,
            message: budget_message(breach),
        };
    }
    let english = inner.to_string();
    let english = strip_location(&english);
    let mut message = dutch_syntax_message(english);
    let lower = english.to_ascii_lowercase();
    // The parser notices an unclosed bracket only where the text stops making
    // sense, often a line or more further on: name the bracket and its line.
    let bracket_error = ["expected ',' or", "placement of ':'", "unclosed bracket"];
    if bracket_error.iter().any(|e| lower.contains(e))
        && let Some(at) = offset_of(source, span)
        && let Some((open, line)) = open_bracket(source, at + 1)
    {
        let close = if open == '[' { ']' } else { '}' };
        message = if line == span.line {
            format!(
                "Het haakje {open} op deze regel wordt niet gesloten: mist er een komma of een {close}?"
            )
        } else {
            format!(
                "Het haakje {open} op regel {line} wordt niet gesloten: mist er een komma of een {close}?"
            )
        };
    }
    // Point at the tab itself, not at the text after it or the line above.
    if lower.contains("tab")
        && let Some(at) = offset_of(source, span)
        && let Some(tab) = tab_near(source, at)
    {
        span = span_at(source, tab);
    }
    SyntaxError { span, message }
}

/// The byte offset of a span's line and column, if the file's lines end the
/// way `diag` counts them (with `\n`; a lone `\r` also ends a line in YAML).
fn offset_of(source: &str, span: Span) -> Option<usize> {
    if source.matches('\r').count() != source.matches("\r\n").count() {
        return None;
    }
    let line_start = if span.line <= 1 {
        0
    } else {
        source.match_indices('\n').nth(span.line as usize - 2)?.0 + 1
    };
    let line = &source[line_start..];
    let column = span.column.max(1) as usize - 1;
    let within = line
        .char_indices()
        .nth(column)
        .map_or(line.len(), |(i, _)| i);
    Some(line_start + within)
}

/// The span of the one character at byte `at`.
fn span_at(source: &str, at: usize) -> Span {
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..at].chars().count() + 1;
    let width = source[at..].chars().next().map_or(0, char::len_utf8);
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    Span::new(n(line), n(column), n(at), n(at + width))
}

/// The tab an error at byte `at` is about: the last one on its line up to
/// `at`, or else the first one after it (the parser may report the end of
/// the line before).
fn tab_near(source: &str, at: usize) -> Option<usize> {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    if let Some(i) = source[line_start..at].rfind('\t') {
        return Some(line_start + i);
    }
    let rest = &source[at..];
    let window = rest
        .match_indices('\n')
        .nth(1)
        .map_or(rest.len(), |(i, _)| i);
    rest[..window].find('\t').map(|i| at + i)
}

/// The innermost flow bracket (`[` or `{`) still open before byte `end`, and
/// its line. Quoted text and comments are skipped; outside brackets, a
/// bracket counts only where a value starts (`a: b [c` is plain text).
fn open_bracket(source: &str, end: usize) -> Option<(char, u32)> {
    let mut open: Vec<(char, u32)> = Vec::new();
    let mut line = 1;
    // The last character that was not white space on this line.
    let mut prev = '\n';
    let mut after_space = true;
    let mut chars = source
        .char_indices()
        .take_while(|(i, _)| *i < end)
        .map(|(_, c)| c);
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                prev = '\n';
                after_space = true;
                continue;
            }
            ' ' | '\t' | '\r' => {
                after_space = true;
                continue;
            }
            '#' if after_space => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
                prev = '\n';
                continue;
            }
            '"' | '\'' if matches!(prev, '\n' | ':' | '-' | '?' | ',' | '[' | '{') => {
                let mut escaped = false;
                for q in chars.by_ref() {
                    match q {
                        '\n' => line += 1,
                        '\\' if c == '"' && !escaped => {
                            escaped = true;
                            continue;
                        }
                        q if q == c && !escaped => break,
                        _ => {}
                    }
                    escaped = false;
                }
            }
            '[' | '{' if !open.is_empty() || matches!(prev, '\n' | ':' | '-' | '?' | ',') => {
                open.push((c, line));
            }
            ']' | '}' => {
                open.pop();
            }
            _ => {}
        }
        prev = c;
        after_space = false;
    }
    open.last().copied()
}

fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { .. } => "Het bestand is te diep genest om een dossier te zijn \
            (meer dan 32 niveaus inspringing of haakjes)."
            .into(),
        B::Aliases { .. } | B::Anchors { .. } => "Het bestand gebruikt te veel YAML-ankers \
            of -verwijzingen (& en *); een dossier heeft die niet nodig."
            .into(),
        B::Documents { .. } => "Het bestand bevat meer dan één YAML-document (regels met \
            `---`); een dossier is één document."
            .into(),
        _ => "Het bestand is te groot of bevat te veel waarden om veilig te lezen; \
            een dossier is veel kleiner. Controleer of dit het goede bestand is \
            (YAML-verwijzingen met & en * kunnen een klein bestand enorm maken)."
            .into(),
    }
}

/// serde-saphyr prefixes or suffixes its messages with the location, which we
/// show ourselves.
fn strip_location(message: &str) -> &str {
    let mut text = message.trim();
    text = text.strip_prefix("error: ").unwrap_or(text);
    if let Some(rest) = text.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(": ")
    {
        text = after;
    }
    if let Some(at) = text.rfind(" at line ") {
        text = &text[..at];
    }
    text
}

/// The parser's English messages that people actually meet, in Dutch; any
/// other keeps its English text after a Dutch explanation.
fn dutch_syntax_message(english: &str) -> String {
    let lower = english.to_ascii_lowercase();
    const TABLE: &[(&str, &str)] = &[
        (
            "duplicate mapping key",
            "Dit veld staat twee keer in dezelfde groep; \
            verwijder of hernoem een van beide.",
        ),
        (
            "tabs disallowed",
            "Hier staat een tab-teken om in te springen; YAML staat \
            alleen spaties toe.",
        ),
        (
            "tab cannot be used as indentation",
            "Hier staat een tab-teken om in te springen; YAML staat \
            alleen spaties toe.",
        ),
        (
            "found a tab",
            "Hier staat een tab-teken; YAML staat alleen spaties toe om in te springen \
            (zet een tekst met een tab erin tussen aanhalingstekens).",
        ),
        (
            "unclosed bracket",
            "Een haakje wordt hier geopend maar nergens gesloten.",
        ),
        (
            "mismatched bracket",
            "Dit sluitende haakje past niet bij het openende: [ sluit met ], { met }.",
        ),
        (
            "misplaced bracket",
            "Hier staat een sluitend haakje (] of }) dat bij geen openend haakje hoort.",
        ),
        (
            "invalid trailing content after",
            "Na een tekst tussen aanhalingstekens staat hier nog iets. Is ergens \
            (misschien op een regel erboven) een aanhalingsteken vergeten of te veel?",
        ),
        (
            "mapping values are not allowed",
            "Hier staat een dubbele punt waar die niet \
            mag. Staat de inspringing goed, of moet de waarde tussen aanhalingstekens \
            (\"...\")?",
        ),
        (
            "illegal placement of ':'",
            "Hier staat een dubbele punt waar die niet mag. \
            Is een haakje ] of } vergeten?",
        ),
        (
            "did not find expected key",
            "Hier verwachtte het programma een nieuw veld \
            (naam: waarde). Controleer de inspringing van deze regel en de regel erboven.",
        ),
        (
            "expected ',' or ']'",
            "Een lijst tussen [ en ] is niet goed \
            afgesloten: mist er een komma of een ]?",
        ),
        (
            "did not find expected ',' or '}'",
            "Een groep tussen { en } is niet goed \
            afgesloten: mist er een komma of een }?",
        ),
        (
            "did not find expected '-'",
            "Hier verwachtte het programma een nieuw \
            lijstelement (een regel die begint met `- `). Controleer de inspringing.",
        ),
        (
            "while scanning a quoted scalar",
            "Een tekst tussen aanhalingstekens is niet \
            afgesloten: het sluitende aanhalingsteken ontbreekt.",
        ),
        (
            "unclosed quote",
            "Een tekst tussen aanhalingstekens is niet afgesloten: \
            het sluitende aanhalingsteken ontbreekt.",
        ),
        (
            "while parsing a block mapping",
            "De inspringing klopt hier niet: velden van \
            dezelfde groep moeten precies even ver inspringen.",
        ),
        (
            "invalid indentation",
            "De inspringing klopt hier niet: velden van dezelfde \
            groep moeten precies even ver inspringen.",
        ),
        (
            "unknown anchor",
            "Hier staat een verwijzing (*naam) naar een anker dat niet \
            bestaat.",
        ),
        (
            "unexpected end of",
            "Het bestand houdt onverwacht op: er ontbreekt iets aan \
            het eind (een waarde, een haakje of een aanhalingsteken).",
        ),
        (
            "alias replay",
            "Het bestand gebruikt zoveel YAML-verwijzingen (& en *) dat het \
            onveilig groot wordt; een dossier heeft die niet nodig.",
        ),
        (
            "alias expansion",
            "Het bestand gebruikt zoveel YAML-verwijzingen (& en *) dat het \
            onveilig groot wordt; een dossier heeft die niet nodig.",
        ),
        (
            "recursion limit",
            "Het bestand is te diep genest om een dossier te zijn.",
        ),
        (
            "invalid utf-8",
            "Het bestand is geen tekstbestand (geen geldige UTF-8).",
        ),
        (
            "binary values",
            "Binaire waarden (!!binary) horen niet in een dossier.",
        ),
    ];
    for (needle, dutch) in TABLE {
        if lower.contains(needle) {
            return (*dutch).to_string();
        }
    }
    format!(
        "Dit is geen geldige YAML; het programma kan het bestand hier niet lezen \
        (technische melding: {english})."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar_at(node: &Node, key: &str) -> (String, Span) {
        let Value::Map(entries) = &node.value else {
            panic!("not a map")
        };
        let (_, value) = entries
            .iter()
            .find(|(k, _)| k.scalar() == Some(key))
            .unwrap();
        (value.scalar().unwrap().to_string(), value.span)
    }

    #[test]
    fn plain_numbers_keep_their_exact_text() {
        let node = parse("a: 123456789012345678.123\nb: 850.50\nc: \"850.50\"\nd: 0012\n").unwrap();
        assert_eq!(scalar_at(&node, "a").0, "123456789012345678.123");
        assert_eq!(scalar_at(&node, "b").0, "850.50");
        assert_eq!(scalar_at(&node, "c").0, "850.50");
        assert_eq!(scalar_at(&node, "d").0, "0012");
    }

    #[test]
    fn values_know_their_line_and_column() {
        let node = parse("zaaknummer: X\nmaanden:\n  - omzet: 12.5\n").unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        let (text, span) = scalar_at(&items[0], "omzet");
        assert_eq!(text, "12.5");
        assert_eq!((span.line, span.column), (3, 12));
        assert_eq!((span.start, span.end), (34, 38));
    }

    #[test]
    fn keys_are_text_even_when_yaml_would_read_a_boolean() {
        let node = parse("n: 1\nyes: 2\n").unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(entries[0].0.scalar(), Some("n"));
        assert_eq!(entries[1].0.scalar(), Some("yes"));
    }

    #[test]
    fn an_empty_document_is_null() {
        assert_eq!(parse("").unwrap().value, Value::Null);
        assert_eq!(parse("# alleen commentaar\n").unwrap().value, Value::Null);
    }

    #[test]
    fn a_duplicate_key_is_reported_in_dutch_with_its_place() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!((err.span.line, err.span.column), (2, 1));
        assert!(err.message.contains("twee keer"), "{}", err.message);
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10u8 {
            let (name, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
            let refs = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let err = parse(&text).unwrap_err();
        assert!(
            err.message.contains("te groot") || err.message.contains("verwijzingen"),
            "{}",
            err.message
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("diep genest"), "{}", err.message);
    }

    #[test]
    fn a_tab_is_explained() {
        let err = parse("a:\n\tb: 1\n").unwrap_err();
        assert!(err.message.contains("tab"), "{}", err.message);
        assert_eq!((err.span.line, err.span.column), (2, 1));
    }

    #[test]
    fn a_tab_after_an_indented_line_is_pointed_at() {
        let err = parse("a:\n  b: x\n\tc: 1\n").unwrap_err();
        assert!(err.message.contains("tab-teken"), "{}", err.message);
        assert_eq!((err.span.line, err.span.column), (3, 1));
    }

    #[test]
    fn an_unclosed_bracket_is_named_with_its_line() {
        let err = parse("a: { b: 1\nc: 2\n").unwrap_err();
        assert!(
            err.message.contains("haakje { op regel 1 "),
            "{}",
            err.message
        );
        // Brackets in quoted text, comments and plain text do not count.
        let err = parse("a: \"[\" # {\nb: x [y\nc: {x: 1\nd:\n  e: 1\n").unwrap_err();
        assert!(
            err.message.contains("haakje { op regel 3 "),
            "{}",
            err.message
        );
        let err = parse("a: [1, 2\n").unwrap_err();
        assert!(
            err.message.contains("haakje [ op deze regel"),
            "{}",
            err.message
        );
    }
}
