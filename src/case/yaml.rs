//! YAML text to a tree of nodes that remember where they stood.
//!
//! granit-parser (the pure-Rust, panic-free, fuzz-tested YAML parser under
//! serde-saphyr) gives events with their places; we build the tree from
//! them ourselves, keeping every scalar as the exact text it was written as,
//! so that an amount such as `850.50` never passes through a binary float,
//! and so that the typed reading in `load` can report every error of a file
//! at once, in Dutch, with its line and column. Reading the events directly
//! instead of through serde-saphyr's `Spanned<T>` is four times faster
//! (measured: see the commit that made the change), with the same bounds:
//! nesting depth, node count including alias expansions, one document.

use std::collections::HashMap;

use granit_parser::{Event, ScalarStyle};

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

/// More nodes than any case file has (aliases count as often as they are
/// used): a bound against alias bombs.
const MAX_NODES: usize = 200_000;

/// Deeper nesting than any case file has: a bound against stack exhaustion.
const MAX_DEPTH: usize = 32;

/// Parses one YAML document into a node tree.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    invisible_character(source)?;
    let parser = granit_parser::Parser::new_from_str_with_options(source, parser_options());
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
    };
    for event in parser {
        let (event, span) =
            event.map_err(|e| translate(&e.info(), marker_span(e.marker(), source), source))?;
        builder.event(event, to_span(&span, source))?;
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Null,
        span: Span::START,
    }))
}

/// The parser's settings: its own nesting limits are the tree's.
fn parser_options() -> granit_parser::Options {
    let mut options = granit_parser::Options::default();
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    options
}

/// Refuses a character that does not show as itself anywhere in the file,
/// comments included: control characters (YAML itself allows only tab and
/// line breaks), bidirectional overrides and other invisible format
/// characters, which can make a file, a diff or a letter read differently
/// from what it holds. Named, with its own line and column.
fn invisible_character(source: &str) -> Result<(), SyntaxError> {
    // Byte by byte: a case file is nearly all ASCII, whose only invisible
    // characters are the controls; other characters are decoded and looked
    // up. Cheap beside the parse itself.
    let bytes = source.as_bytes();
    let mut at = 0;
    let mut found = None;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            if b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r') {
                found = Some((at, char::from(b)));
                break;
            }
            at += 1;
        } else {
            let c = source[at..].chars().next().unwrap_or_default();
            if crate::invisible::is_invisible(c) {
                found = Some((at, c));
                break;
            }
            at += c.len_utf8().max(1);
        }
    }
    match found {
        None => Ok(()),
        Some((at, c)) => {
            let span = span_at(source, at);
            Err(SyntaxError {
                span,
                message: format!(
                    "Het bestand bevat het teken {} op kolom {}. Haal het weg: zo'n teken is \
                     onzichtbaar of verandert hoe de tekst eruitziet, in een brief en in een diff.",
                    crate::invisible::describe(c),
                    span.column
                ),
            })
        }
    }
}

/// A collection being read, with the size (in nodes) of what it holds.
enum Frame {
    Seq {
        span: Span,
        anchor: usize,
        size: usize,
        items: Vec<Node>,
    },
    Map {
        span: Span,
        anchor: usize,
        size: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        /// Key → line, for finding duplicates in a large mapping; small ones
        /// (every mapping of a case file) are searched directly.
        index: Option<HashMap<String, u32>>,
    },
}

/// Builds the node tree from the parser's events, with the bounds a case
/// file never comes near.
struct Builder {
    stack: Vec<Frame>,
    /// Anchored nodes, with their size in nodes, for aliases.
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes made so far, every alias expansion included.
    nodes: usize,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    fn event(&mut self, event: Event, span: Span) -> Result<(), SyntaxError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        span,
                        message:
                            "Het bestand bevat meer dan één YAML-document (regels met `---`); \
                            een dossier is één document."
                                .into(),
                    });
                }
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let plain = matches!(style, ScalarStyle::Plain);
                let value = if plain && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
                {
                    Value::Null
                } else {
                    Value::Scalar(text.into_owned())
                };
                self.count(1, span)?;
                self.push(Node { value, span }, anchor, 1)?;
            }
            Event::SequenceStart(_, anchor, _) => {
                self.open(
                    Frame::Seq {
                        span,
                        anchor,
                        size: 1,
                        items: Vec::new(),
                    },
                    span,
                )?;
            }
            Event::MappingStart(_, anchor, _) => self.open(
                Frame::Map {
                    span,
                    anchor,
                    size: 1,
                    entries: Vec::new(),
                    key: None,
                    index: None,
                },
                span,
            )?,
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor, size) = match self.stack.pop() {
                    Some(Frame::Seq {
                        span,
                        anchor,
                        size,
                        items,
                    }) => (
                        Node {
                            value: Value::Seq(items),
                            span,
                        },
                        anchor,
                        size,
                    ),
                    Some(Frame::Map {
                        span,
                        anchor,
                        size,
                        entries,
                        ..
                    }) => (
                        Node {
                            value: Value::Map(entries),
                            span,
                        },
                        anchor,
                        size,
                    ),
                    None => return Ok(()),
                };
                self.push(node, anchor, size)?;
            }
            Event::Alias(id) => {
                let Some(size) = self.anchors.get(&id).map(|(_, size)| *size) else {
                    return Err(SyntaxError {
                        span,
                        message:
                            "Hier staat een verwijzing (*naam) naar een anker dat niet bestaat."
                                .into(),
                    });
                };
                // Counted before it is copied: an alias bomb stops here.
                self.count(size, span)?;
                let node = self.anchors.get(&id).map(|(node, _)| Node {
                    span,
                    ..node.clone()
                });
                if let Some(node) = node {
                    self.push(node, 0, size)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn count(&mut self, size: usize, span: Span) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(size);
        if self.nodes > MAX_NODES {
            let budget = if self.anchors.is_empty() {
                Budget::Size
            } else {
                Budget::Aliases
            };
            return Err(SyntaxError {
                span,
                message: budget_message(budget),
            });
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, span: Span) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                span,
                message: budget_message(Budget::Depth),
            });
        }
        self.count(1, span)?;
        self.stack.push(frame);
        Ok(())
    }

    /// Adds a finished node of `size` nodes to its parent.
    fn push(&mut self, node: Node, anchor: usize, size: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq {
                items, size: total, ..
            }) => {
                *total += size;
                items.push(node);
            }
            Some(Frame::Map {
                entries,
                key,
                index,
                size: total,
                ..
            }) => {
                *total += size;
                match key.take() {
                    Some(k) => entries.push((k, node)),
                    None => {
                        if let Value::Scalar(name) = &node.value {
                            if let Some(line) = earlier_key(entries, index, name) {
                                return Err(SyntaxError {
                                    span: node.span,
                                    message: format!(
                                        "Het veld `{name}` staat twee keer in dezelfde groep (ook op \
                                         regel {line}); verwijder of hernoem een van beide."
                                    ),
                                });
                            }
                            if let Some(index) = index {
                                index.insert(name.clone(), node.span.line);
                            }
                        }
                        *key = Some(node);
                    }
                }
            }
        }
        Ok(())
    }
}

/// The line of an earlier key `name` in a mapping, if there is one. Past
/// `SMALL` entries an index is kept, so that even a hostile file with a
/// huge mapping is checked in linear time.
fn earlier_key(
    entries: &[(Node, Node)],
    index: &mut Option<HashMap<String, u32>>,
    name: &str,
) -> Option<u32> {
    const SMALL: usize = 32;
    if index.is_none() && entries.len() >= SMALL {
        let built = entries
            .iter()
            .filter_map(|(k, _)| k.scalar().map(|text| (text.to_string(), k.span.line)))
            .collect();
        *index = Some(built);
    }
    match index {
        Some(index) => index.get(name).copied(),
        None => entries
            .iter()
            .find(|(k, _)| k.scalar() == Some(name))
            .map(|(k, _)| k.span.line),
    }
}

/// A place in the source from the parser's span: 1-based line and
/// character column, and the byte range for the marker under the value.
fn to_span(span: &granit_parser::Span, source: &str) -> Span {
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let start = span.start.byte_offset().unwrap_or(0);
    let end = span.end.byte_offset().unwrap_or(start).max(start);
    // A plain scalar's span may run on to the end of its line; the value
    // itself ends at its last non-blank character.
    let end = start + source.get(start..end).map_or(0, |t| t.trim_end().len());
    Span::new(
        n(span.start.line()),
        n(span.start.col() + 1),
        n(start),
        n(end),
    )
}

fn marker_span(marker: &granit_parser::Marker, _source: &str) -> Span {
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let at = marker.byte_offset().unwrap_or(0);
    Span::new(n(marker.line().max(1)), n(marker.col() + 1), n(at), n(at))
}

/// Turns a parser error into a Dutch message a non-programmer can act on.
fn translate(english: &str, span: Span, source: &str) -> SyntaxError {
    let mut span = span;
    let english = english.lines().next().unwrap_or(english).trim();
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
pub(crate) fn span_at(source: &str, at: usize) -> Span {
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

/// Which bound an input broke.
enum Budget {
    Depth,
    Aliases,
    Size,
}

fn budget_message(budget: Budget) -> String {
    match budget {
        Budget::Depth => "Het bestand is te diep genest om een dossier te zijn \
            (meer dan 32 niveaus inspringing of haakjes)."
            .into(),
        Budget::Aliases => "Het bestand gebruikt zoveel YAML-verwijzingen (& en *) dat het \
            onveilig groot wordt; een dossier heeft die niet nodig."
            .into(),
        Budget::Size => "Het bestand bevat te veel waarden om een dossier te zijn; \
            controleer of dit het goede bestand is."
            .into(),
    }
}

/// The parser's English messages that people actually meet, in Dutch, by a
/// part of their text (the first that matches wins). They are granit-parser
/// 2.2.0's `ErrorKind` texts; `Cargo.toml` pins that version exactly, and a
/// test below meets every entry with an input that makes the parser say it,
/// so an upgrade that rewords a message fails that test.
const TRANSLATIONS: &[(&str, &str)] = &[
    (
        "tabs disallowed",
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
        "simple key expected ':'",
        "Op deze regel staat een veldnaam zonder dubbele punt, of tekst die bij de \
        regel erboven hoort. Schrijf `naam: waarde` en controleer de inspringing.",
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
        "unknown escape character",
        "In een tekst tussen dubbele aanhalingstekens staat een \\ met een teken dat \
        YAML niet kent (zoals in \"C:\\map\"). Gebruik enkele aanhalingstekens \
        ('C:\\map') of schrijf \\\\ voor één \\.",
    ),
    (
        "unexpected character",
        "Een waarde mag in YAML niet met dit teken beginnen (zoals @, ` of %); \
        zet de tekst tussen aanhalingstekens (\"...\").",
    ),
    (
        "while parsing a tag",
        "Hier staat een ! met tekens die YAML als een ongeldige tag leest; zet een \
        waarde die met ! begint tussen aanhalingstekens (\"...\").",
    ),
    (
        "unknown anchor",
        "Hier staat een verwijzing (*naam) naar een anker dat niet \
        bestaat.",
    ),
    (
        "unexpected eof",
        "Het bestand houdt onverwacht op: er ontbreekt iets aan \
        het eind (een waarde, een haakje of een aanhalingsteken).",
    ),
    (
        "recursion limit",
        "Het bestand is te diep genest om een dossier te zijn.",
    ),
];

/// A parser message in Dutch ([`TRANSLATIONS`]); any other keeps its
/// English text after a Dutch explanation.
fn dutch_syntax_message(english: &str) -> String {
    let lower = english.to_ascii_lowercase();
    for (needle, dutch) in TRANSLATIONS {
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
    fn an_invisible_character_anywhere_is_refused_where_it_stands() {
        for (source, line, column, code) in [
            ("a: 1\nnaam: Jan\u{1b}[2K\n", 2, 10, "U+001B (escape-teken)"),
            ("# opmerking\u{7}\na: 1\n", 1, 12, "U+0007 (stuurteken)"),
            ("a: 'Onder\u{202e}delen'\n", 1, 10, "U+202E"),
            ("a: b\u{200b}c\n", 1, 5, "U+200B (spatie zonder breedte)"),
            ("a: ĳs € 5\nb: é\u{2066}\n", 2, 5, "U+2066"),
        ] {
            let err = parse(source).unwrap_err();
            assert_eq!(
                (err.span.line, err.span.column),
                (line, column),
                "{source:?}"
            );
            assert!(
                err.message
                    .starts_with(&format!("Het bestand bevat het teken {code}")),
                "{}",
                err.message
            );
        }
        // Tabs and line breaks, also Windows' and old Macs', are text.
        assert!(parse("a: |\r\n  b\tc\r\n").is_ok());
        assert!(parse("a: 1\rb: 2\r").is_ok());
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

    /// The parser's own message for `source`, in English.
    fn english(source: &str) -> String {
        granit_parser::Parser::new_from_str_with_options(source, parser_options())
            .find_map(Result::err)
            .map(|e| e.info())
            .unwrap_or_else(|| panic!("granit-parser accepts {source:?}"))
    }

    /// Every entry of `TRANSLATIONS`, met by an input that makes
    /// granit-parser say a message it matches first, and the Dutch that
    /// pto then shows. A lone `\r` ends the line in some inputs: there
    /// pto cannot look for the open bracket, so the table's text stands.
    /// When an upgrade of granit-parser rewords a message, this fails:
    /// adjust the pattern, keep the Dutch.
    #[test]
    fn every_translation_is_met_by_the_message_it_translates() {
        const CASES: &[(&str, &str, &str)] = &[
            (
                "tabs disallowed",
                "a:\n\tb: 1\n",
                "Hier staat een tab-teken om in te springen; YAML staat alleen spaties toe.",
            ),
            (
                "tabs disallowed",
                "?\n\tfoo\n",
                "Hier staat een tab-teken om in te springen; YAML staat alleen spaties toe.",
            ),
            (
                "found a tab",
                "a:\n  b: x\n\tc: 1\n",
                "Hier staat een tab-teken; YAML staat alleen spaties toe om in te springen \
                 (zet een tekst met een tab erin tussen aanhalingstekens).",
            ),
            (
                "unclosed bracket",
                "a: [1,\r2\r",
                "Een haakje wordt hier geopend maar nergens gesloten.",
            ),
            (
                "unclosed bracket",
                "a: [1, 2\n",
                "Het haakje [ op deze regel wordt niet gesloten: mist er een komma of een ]?",
            ),
            (
                "mismatched bracket",
                "a: [1, 2}\n",
                "Dit sluitende haakje past niet bij het openende: [ sluit met ], { met }.",
            ),
            (
                "misplaced bracket",
                "a: ]\n",
                "Hier staat een sluitend haakje (] of }) dat bij geen openend haakje hoort.",
            ),
            (
                "invalid trailing content after",
                "a: 'b' c\n",
                "Na een tekst tussen aanhalingstekens staat hier nog iets. Is ergens \
                 (misschien op een regel erboven) een aanhalingsteken vergeten of te veel?",
            ),
            (
                "invalid trailing content after",
                "a: \"b\"\"\n",
                "Na een tekst tussen aanhalingstekens staat hier nog iets. Is ergens \
                 (misschien op een regel erboven) een aanhalingsteken vergeten of te veel?",
            ),
            (
                "mapping values are not allowed",
                "a: b: c\n",
                "Hier staat een dubbele punt waar die niet mag. Staat de inspringing goed, \
                 of moet de waarde tussen aanhalingstekens (\"...\")?",
            ),
            (
                "illegal placement of ':'",
                "a: {b: 1,\rc\rd: 2\r",
                "Hier staat een dubbele punt waar die niet mag. Is een haakje ] of } vergeten?",
            ),
            (
                "illegal placement of ':'",
                "a: [foo\n: bar]\n",
                "Het haakje [ op regel 1 wordt niet gesloten: mist er een komma of een ]?",
            ),
            (
                "did not find expected key",
                "a:\n  b: 1\n c: 2\n",
                "Hier verwachtte het programma een nieuw veld (naam: waarde). Controleer de \
                 inspringing van deze regel en de regel erboven.",
            ),
            (
                "simple key expected ':'",
                "a: 1\nnaam Jan\n",
                "Op deze regel staat een veldnaam zonder dubbele punt, of tekst die bij de \
                 regel erboven hoort. Schrijf `naam: waarde` en controleer de inspringing.",
            ),
            (
                "expected ',' or ']'",
                "a: [[1] 2]\rb: 1\r",
                "Een lijst tussen [ en ] is niet goed afgesloten: mist er een komma of een ]?",
            ),
            (
                "expected ',' or ']'",
                "a: [[1] 2]\n",
                "Het haakje [ op deze regel wordt niet gesloten: mist er een komma of een ]?",
            ),
            (
                "did not find expected ',' or '}'",
                "a: {b: 1\rc: 2\r",
                "Een groep tussen { en } is niet goed afgesloten: mist er een komma of een }?",
            ),
            (
                "did not find expected ',' or '}'",
                "a: { b: 1\nc: 2\n",
                "Het haakje { op regel 1 wordt niet gesloten: mist er een komma of een }?",
            ),
            (
                "did not find expected '-'",
                "- a\nb: 1\n",
                "Hier verwachtte het programma een nieuw lijstelement (een regel die begint \
                 met `- `). Controleer de inspringing.",
            ),
            (
                "while scanning a quoted scalar",
                "a: \"b\n---\nc\"\n",
                "Een tekst tussen aanhalingstekens is niet afgesloten: het sluitende \
                 aanhalingsteken ontbreekt.",
            ),
            (
                "unclosed quote",
                "a: 'b\n",
                "Een tekst tussen aanhalingstekens is niet afgesloten: het sluitende \
                 aanhalingsteken ontbreekt.",
            ),
            (
                "unknown escape character",
                "a: \"C:\\map\"\n",
                "In een tekst tussen dubbele aanhalingstekens staat een \\ met een teken dat \
                 YAML niet kent (zoals in \"C:\\map\"). Gebruik enkele aanhalingstekens \
                 ('C:\\map') of schrijf \\\\ voor één \\.",
            ),
            (
                "unexpected character",
                "a: @jan\n",
                "Een waarde mag in YAML niet met dit teken beginnen (zoals @, ` of %); zet de \
                 tekst tussen aanhalingstekens (\"...\").",
            ),
            (
                "while parsing a tag",
                "a: !<%C0%80> b\n",
                "Hier staat een ! met tekens die YAML als een ongeldige tag leest; zet een \
                 waarde die met ! begint tussen aanhalingstekens (\"...\").",
            ),
            (
                "unknown anchor",
                "a: *x\n",
                "Hier staat een verwijzing (*naam) naar een anker dat niet bestaat.",
            ),
            (
                "unexpected eof",
                ":\n,\\~a]\n%",
                "Het bestand houdt onverwacht op: er ontbreekt iets aan het eind (een waarde, \
                 een haakje of een aanhalingsteken).",
            ),
            (
                "recursion limit",
                "a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                "Het bestand is te diep genest om een dossier te zijn.",
            ),
        ];
        for (needle, _) in TRANSLATIONS {
            assert!(
                CASES.iter().any(|(n, _, _)| n == needle),
                "no input meets the translation of {needle:?}"
            );
        }
        for (needle, source, dutch) in CASES {
            let english = english(source);
            let first = TRANSLATIONS
                .iter()
                .find(|(n, _)| english.to_ascii_lowercase().contains(n))
                .map(|(n, _)| *n);
            assert_eq!(
                first,
                Some(*needle),
                "{source:?}: granit-parser says {english:?}"
            );
            let err = parse(source).unwrap_err();
            assert_eq!(err.message, *dutch, "{source:?} ({english})");
        }
    }

    #[test]
    fn a_message_without_a_translation_keeps_its_english_after_a_dutch_one() {
        let source = "a: 1\n%c\n";
        let err = parse(source).unwrap_err();
        assert_eq!(
            err.message,
            format!(
                "Dit is geen geldige YAML; het programma kan het bestand hier niet lezen \
                 (technische melding: {}).",
                english(source)
            )
        );
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
