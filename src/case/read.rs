//! Typed reading of a node tree, collecting every error instead of stopping
//! at the first: the building blocks `load` uses for each part of a case file.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::yaml::{Node, Value};
use crate::calendar::{self, Month};
use crate::diag::{InputError, Sp, Span};

/// Amounts and hours above this are certainly typos (and would risk
/// overflowing exact arithmetic over many months).
pub(crate) const MAX_NUMBER: i64 = 1_000_000_000;

/// What a text field may hold: how long it may be, and whether it may run
/// over several lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextKind {
    /// The most characters (not bytes) the text may have.
    pub max_chars: usize,
    /// Whether line breaks (and tabs) are allowed: only in texts written as
    /// a block (`motivering: |`).
    pub multiline: bool,
    /// What such a text is, for the message ("een naam of adresregel").
    pub what: &'static str,
}

/// Names, address lines, codes, the name of a statute: one line. The longest
/// real Dutch street or place name is well under 100 characters; twice
/// that leaves room for a company name on an address line.
pub const SHORT_TEXT: TextKind = TextKind {
    max_chars: 200,
    multiline: false,
    what: "een korte tekst zoals een naam, adresregel of nummer",
};

/// A description on one line: an activity, a cost item, a permit, a
/// long-term obligation. It is printed inside a sentence or a table row of
/// a letter; 500 characters is five lines of a letter.
pub const DESCRIPTION: TextKind = TextKind {
    max_chars: 500,
    multiline: false,
    what: "een omschrijving",
};

/// A reasoning or remark in full sentences, which may run over several
/// lines and paragraphs (a motivering under the hardheidsclausule). 5,000
/// characters is about two pages of a letter.
pub const LONG_TEXT: TextKind = TextKind {
    max_chars: 5_000,
    multiline: true,
    what: "een motivering",
};

/// The kind of each text field that is not a [`SHORT_TEXT`], by key. One
/// table for case files and `pto.yaml`: a new text field is short unless it
/// is listed here (a new long field such as a zienswijze's summary belongs
/// in it).
const TEXT_KINDS: &[(&str, TextKind)] = &[
    ("activiteit", DESCRIPTION),
    ("omschrijving", DESCRIPTION),
    ("langlopende_verplichtingen", DESCRIPTION),
    ("ontheffing", DESCRIPTION),
    ("beperking_gebruik", DESCRIPTION),
    ("motivering", LONG_TEXT),
    ("in_brief", LONG_TEXT),
    ("samenvatting", LONG_TEXT),
    ("reactie", LONG_TEXT),
    ("afweging", LONG_TEXT),
    ("afweging_besluit", LONG_TEXT),
    ("stukken", DESCRIPTION),
];

/// The kind of text the field `key` holds.
pub fn text_kind(key: &str) -> TextKind {
    TEXT_KINDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(SHORT_TEXT, |(_, kind)| *kind)
}

/// Collects the input errors of one file.
pub struct Reader<'f> {
    pub file: &'f str,
    /// The file's text, for pointing at a single character within a value;
    /// empty when unknown (the value's place is used then).
    pub source: &'f str,
    pub errors: Vec<InputError>,
}

/// The fields of one mapping, read with a known list of allowed keys.
pub struct Fields<'n> {
    entries: &'n [(Node, Node)],
    /// The allowed keys that an unknown key was taken for (a typo already
    /// reported with "Bedoelde u ...?"): not reported again as missing.
    suggested: Vec<&'static str>,
    /// Where the group's key stood: missing fields point here.
    pub span: Span,
    /// How messages name the group ("in de aanvraag").
    pub owner: &'static str,
}

impl<'f> Reader<'f> {
    pub fn new(file: &'f str) -> Reader<'f> {
        Reader::with_source(file, "")
    }

    /// A reader that can point at a single character of a value in `source`.
    pub fn with_source(file: &'f str, source: &'f str) -> Reader<'f> {
        Reader {
            file,
            source,
            errors: Vec::new(),
        }
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(InputError::at(self.file, span, message));
    }

    /// Opens a mapping: reports it when `node` is not one, and reports every
    /// key that is not in `allowed` (a typo must never be silently ignored).
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        key_span: Span,
        owner: &'static str,
        what: &str,
        allowed: &[&'static str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.error(
                node_or(node, key_span),
                format!(
                    "Bij {what} horen velden op ingesprongen regels (zoals `{}: ...`), \
                     maar hier staat {}.",
                    allowed.first().copied().unwrap_or("naam"),
                    node.kind()
                ),
            );
            return None;
        };
        let mut suggested = Vec::new();
        for (key, _) in entries {
            match key.scalar() {
                Some(name) if allowed.contains(&name) => {}
                Some(name) => {
                    let guess = suggestion(name, allowed);
                    suggested.extend(guess);
                    let hint = guess
                        .map(|s| format!(" Bedoelde u `{s}`?"))
                        .unwrap_or_default();
                    self.error(
                        key.span,
                        format!(
                            "Onbekend veld `{name}` {owner}.{hint} Toegestaan zijn: {}.",
                            allowed.join(", ")
                        ),
                    );
                }
                None => self.error(key.span, "Een veldnaam moet een gewoon woord zijn."),
            }
        }
        Some(Fields {
            entries,
            suggested,
            span: key_span,
            owner,
        })
    }

    /// A required field: reported when missing or empty.
    pub fn required<'n>(&mut self, fields: &Fields<'n>, key: &str) -> Option<(&'n Node, Span)> {
        match fields.get(key) {
            Some((value, _)) if value.value == Value::Null => {
                self.error(
                    value.span,
                    format!(
                        "Het veld `{key}` {} is leeg, maar is verplicht.",
                        fields.owner
                    ),
                );
                None
            }
            Some(found) => Some(found),
            // Written with a typo: the unknown key's message says so.
            None if fields.suggested.contains(&key) => None,
            None => {
                self.error(
                    fields.span,
                    format!("Het verplichte veld `{key}` ontbreekt {}.", fields.owner),
                );
                None
            }
        }
    }

    pub fn text(&mut self, node: &Node, key: &str) -> Option<Sp<String>> {
        match &node.value {
            Value::Scalar(text) if text.trim().is_empty() => {
                self.error(node.span, format!("`{key}` mag niet leeg zijn."));
                None
            }
            Value::Scalar(text) => {
                self.fits(node, text, key, text_kind(key))?;
                Some(Sp::new(text.trim().to_string(), node.span))
            }
            _ => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` moet een enkele waarde (tekst) zijn, maar hier staat {}.",
                        node.kind()
                    ),
                );
                None
            }
        }
    }

    /// Checks a text against its kind: not too long, and no character that
    /// does not show as itself (control, bidi and other invisible
    /// characters). `text` is the scalar as read; what `trim` removes from
    /// its ends is not part of the value.
    fn fits(&mut self, node: &Node, text: &str, key: &str, kind: TextKind) -> Option<()> {
        let start = text.len() - text.trim_start().len();
        let value = text.trim();
        let hidden = value.char_indices().find(|&(_, c)| {
            crate::invisible::is_invisible(c) && !(kind.multiline && matches!(c, '\n' | '\t'))
        });
        if let Some((i, c)) = hidden {
            if c == '\n' {
                self.error(
                    node.span,
                    format!(
                        "`{key}` loopt over meer dan één regel, maar is {}: schrijf het op één regel.",
                        kind.what
                    ),
                );
                return None;
            }
            let (span, place) = self.place_of(node, text, start + i, c);
            let hint = if c == '\t' {
                "Gebruik een spatie in plaats van een tab."
            } else {
                "Haal het weg: zo'n teken is onzichtbaar of verandert hoe de tekst eruitziet, \
                 in een brief en in een diff."
            };
            self.error(
                span,
                format!(
                    "`{key}` bevat het teken {} {place}. {hint}",
                    crate::invisible::describe(c)
                ),
            );
            return None;
        }
        let chars = value.chars().count();
        if chars > kind.max_chars {
            self.error(
                node.span,
                format!(
                    "`{key}` is {} tekens lang; {} heeft er hooguit {}. \
                     Staat hier iets dat er niet hoort?",
                    crate::format::number(chars.into()),
                    kind.what,
                    crate::format::number(kind.max_chars.into())
                ),
            );
            return None;
        }
        Some(())
    }

    /// Where the character `c` at byte `at` of the scalar `text` stands: its
    /// own place in the file when it is written there as itself, or else
    /// (written as an escape such as `\e` between double quotes) the
    /// value's place; and those words for the message.
    fn place_of(&self, node: &Node, text: &str, at: usize, c: char) -> (Span, String) {
        let nth = text[..at].matches(c).count();
        let found = self
            .source
            .get(node.span.start as usize..node.span.end as usize)
            .and_then(|raw| raw.match_indices(c).nth(nth))
            .map(|(i, _)| crate::case::yaml::span_at(self.source, node.span.start as usize + i));
        match found {
            Some(span) => (span, format!("op kolom {}", span.column)),
            None => {
                let position = text[..at].chars().count() + 1;
                (node.span, format!("(het {position}e teken van de waarde)"))
            }
        }
    }

    /// One word of a closed list (`keys`), read by `from_key`; an unknown
    /// word is an error with a suggestion and the list.
    pub fn keyword<T>(
        &mut self,
        node: &Node,
        key: &str,
        keys: &[&str],
        from_key: fn(&str) -> Option<T>,
    ) -> Option<Sp<T>> {
        let text = self.text(node, key)?;
        if let Some(value) = from_key(&text.value) {
            return Some(Sp::new(value, node.span));
        }
        let hint = suggestion(&text.value, keys)
            .map(|s| format!(" Bedoelde u `{s}`?"))
            .unwrap_or_default();
        self.error(
            node.span,
            format!(
                "`{key}` kan niet `{}` zijn.{hint} Kies uit: {}.",
                text.value,
                keys.join(", ")
            ),
        );
        None
    }

    pub fn boolean(&mut self, node: &Node, key: &str) -> Option<Sp<bool>> {
        let text = self.scalar(node, key, "true (ja) of false (nee)")?;
        match text {
            "true" | "True" | "TRUE" => Some(Sp::new(true, node.span)),
            "false" | "False" | "FALSE" => Some(Sp::new(false, node.span)),
            other => {
                self.error(
                    node.span,
                    format!("`{key}` moet true (ja) of false (nee) zijn, niet `{other}`."),
                );
                None
            }
        }
    }

    pub fn date(&mut self, node: &Node, key: &str) -> Option<Sp<NaiveDate>> {
        let text = self.scalar(node, key, "een datum (JJJJ-MM-DD)")?;
        match calendar::parse_date(text) {
            Ok(date) => Some(Sp::new(date, node.span)),
            Err(message) => {
                self.error(node.span, format!("`{key}`: {message}"));
                None
            }
        }
    }

    pub fn month(&mut self, node: &Node, key: &str) -> Option<Sp<Month>> {
        let text = self.scalar(node, key, "een maand (JJJJ-MM)")?;
        match Month::parse(text) {
            Some(month) => Some(Sp::new(month, node.span)),
            None => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` moet een bestaande maand zijn in de vorm JJJJ-MM \
                             (bijvoorbeeld 2024-02), niet `{text}`."
                    ),
                );
                None
            }
        }
    }

    pub fn year(&mut self, node: &Node, key: &str) -> Option<Sp<i32>> {
        let text = self.scalar(node, key, "een jaartal")?;
        match text.parse::<i32>() {
            Ok(year) if text.len() == 4 && (1900..=2999).contains(&year) => {
                Some(Sp::new(year, node.span))
            }
            _ => {
                self.error(
                    node.span,
                    format!("`{key}` moet een jaartal zijn (bijvoorbeeld 2024), niet `{text}`."),
                );
                None
            }
        }
    }

    /// A whole number within `range` (weeks, months, years).
    pub fn integer(
        &mut self,
        node: &Node,
        key: &str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<Sp<u32>> {
        let text = self.scalar(node, key, "een geheel getal")?;
        match text.parse::<u32>() {
            Ok(n) if range.contains(&n) => Some(Sp::new(n, node.span)),
            _ => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` moet een geheel getal van {} tot en met {} zijn, niet `{text}`.",
                        range.start(),
                        range.end()
                    ),
                );
                None
            }
        }
    }

    /// A list of texts (address lines, for example); a single text is a
    /// list of one.
    pub fn lines(&mut self, node: &Node, key: &str) -> Option<Vec<String>> {
        match &node.value {
            Value::Seq(items) => Some(
                items
                    .iter()
                    .filter_map(|i| self.text(i, key))
                    .map(|s| s.value)
                    .collect(),
            ),
            _ => self.text(node, key).map(|s| vec![s.value]),
        }
    }

    /// An amount in euros: never negative, at most two decimals, read from
    /// the exact text (never through a binary float).
    pub fn amount(&mut self, node: &Node, key: &str) -> Option<Sp<Decimal>> {
        self.decimal(
            node,
            key,
            "een bedrag in euro's (bijvoorbeeld 850 of 850.50)",
            "bedrag",
        )
    }

    /// A number of hours: never negative, at most two decimals.
    pub fn hours(&mut self, node: &Node, key: &str) -> Option<Sp<Decimal>> {
        self.decimal(
            node,
            key,
            "een aantal uren (bijvoorbeeld 38 of 12.5)",
            "aantal uren",
        )
    }

    fn decimal(
        &mut self,
        node: &Node,
        key: &str,
        expected: &str,
        noun: &str,
    ) -> Option<Sp<Decimal>> {
        let text = self.scalar(node, key, expected)?;
        let clean = text.strip_prefix('+').unwrap_or(text);
        let (negative, digits) = match clean.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, clean),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let well_formed = !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && !(digits.contains('.') && fraction.is_empty());
        if !well_formed {
            let hint = if text.contains(',') {
                " Gebruik een punt voor de decimalen en geen scheidingsteken voor duizendtallen \
                 (1234.56, niet 1.234,56)."
            } else {
                ""
            };
            self.error(
                node.span,
                format!("`{key}` moet {expected} zijn, niet `{text}`.{hint}"),
            );
            return None;
        }
        if fraction.len() > 2 {
            self.error(
                node.span,
                format!("`{key}` heeft meer dan twee decimalen (`{text}`); een {noun} heeft er hooguit twee."),
            );
            return None;
        }
        let Ok(value) = digits.parse::<Decimal>() else {
            self.error(node.span, format!("`{key}` is te groot: `{text}`."));
            return None;
        };
        if negative && !value.is_zero() {
            self.error(
                node.span,
                format!("`{key}` mag niet negatief zijn (`{text}`)."),
            );
            return None;
        }
        if value >= Decimal::from(MAX_NUMBER) {
            self.error(
                node.span,
                format!("`{key}` is onwaarschijnlijk groot (`{text}`); is dit een tikfout?"),
            );
            return None;
        }
        Some(Sp::new(value, node.span))
    }

    /// The items of a list; an empty list may be written as `[]`.
    pub fn list<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` moet een lijst zijn (regels die beginnen met `- `, of `[]` \
                             voor een lege lijst), maar hier staat {}.",
                        node.kind()
                    ),
                );
                None
            }
        }
    }

    fn scalar<'n>(&mut self, node: &'n Node, key: &str, expected: &str) -> Option<&'n str> {
        match &node.value {
            Value::Scalar(text) => Some(text.trim()),
            _ => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` moet {expected} zijn, maar hier staat {}.",
                        node.kind()
                    ),
                );
                None
            }
        }
    }
}

impl<'n> Fields<'n> {
    /// The value of `key` and the place of the key itself.
    pub fn get(&self, key: &str) -> Option<(&'n Node, Span)> {
        self.entries
            .iter()
            .find(|(k, _)| k.scalar() == Some(key))
            .map(|(k, v)| (v, k.span))
    }

    /// An optional field: absent and `null` alike give `None`.
    pub fn optional(&self, key: &str) -> Option<&'n Node> {
        self.get(key)
            .map(|(v, _)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// The place of `key`, or of the group when the key is absent.
    pub fn span_of(&self, key: &str) -> Span {
        self.get(key).map_or(self.span, |(_, span)| span)
    }
}

/// The place of a node, unless it is an empty value without a place.
fn node_or(node: &Node, fallback: Span) -> Span {
    if node.span.line == 0 {
        fallback
    } else {
        node.span
    }
}

/// The allowed key closest to a typo, if one is close enough.
pub fn suggestion<'a>(typo: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(typo, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::yaml::parse;

    fn read_amount(text: &str) -> (Option<Decimal>, Vec<String>) {
        let node = parse(&format!("v: {text}\n")).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let mut reader = Reader::new("x.yaml");
        let value = reader.amount(&entries[0].1, "omzet").map(|s| s.value);
        (
            value,
            reader.errors.into_iter().map(|e| e.message).collect(),
        )
    }

    #[test]
    fn amounts_are_exact() {
        assert_eq!(read_amount("850").0, Some(Decimal::new(850, 0)));
        assert_eq!(read_amount("850.5").0, Some(Decimal::new(8505, 1)));
        assert_eq!(read_amount("\"850.50\"").0, Some(Decimal::new(85050, 2)));
        assert_eq!(
            read_amount("0.1").0.unwrap() + read_amount("0.2").0.unwrap(),
            Decimal::new(3, 1)
        );
    }

    #[test]
    fn amounts_with_three_decimals_or_below_zero_are_refused() {
        assert!(read_amount("850.505").1[0].contains("meer dan twee decimalen"));
        assert!(read_amount("-10").1[0].contains("niet negatief"));
        assert!(read_amount("1.234,56").1[0].contains("Gebruik een punt"));
        assert!(read_amount("abc").1[0].contains("moet een bedrag"));
        assert!(read_amount("0x1F").1[0].contains("moet een bedrag"));
        assert!(read_amount("1e3").1[0].contains("moet een bedrag"));
        assert!(read_amount(".5").1[0].contains("moet een bedrag"));
        assert!(read_amount("99999999999").1[0].contains("onwaarschijnlijk groot"));
    }

    /// Reads the text field `key` from `key: {yaml}`; the value, or the
    /// messages and places of its errors.
    fn read_text(key: &str, yaml: &str) -> Result<String, Vec<(String, u32, u32)>> {
        let source = format!("{key}: {yaml}\n");
        let node = parse(&source).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let mut reader = Reader::with_source("x.yaml", &source);
        match reader.text(&entries[0].1, key) {
            Some(text) if reader.errors.is_empty() => Ok(text.value),
            _ => Err(reader
                .errors
                .into_iter()
                .map(|e| {
                    let span = e.span.unwrap();
                    (e.message, span.line, span.column)
                })
                .collect()),
        }
    }

    #[test]
    fn an_invisible_character_in_a_text_is_named_and_located() {
        let errors = read_text("naam", r#""Jan\e[2KJansen""#).unwrap_err();
        assert_eq!(
            errors,
            [(
                "`naam` bevat het teken U+001B (escape-teken) (het 4e teken van de waarde). \
                 Haal het weg: zo'n teken is onzichtbaar of verandert hoe de tekst eruitziet, \
                 in een brief en in een diff."
                    .to_string(),
                1,
                7
            )]
        );
        for (escape, code) in [
            (r"\u202E", "U+202E"),
            (r"\u2066", "U+2066"),
            (r"\u200B", "U+200B"),
            (r"\x7F", "U+007F"),
            (r"\x85", "U+0085"),
            (r"\u2028", "U+2028"),
            (r"\r", "U+000D"),
            (r"\0", "U+0000"),
        ] {
            let errors = read_text("omschrijving", &format!("\"a{escape}b\"")).unwrap_err();
            assert!(errors[0].0.contains(code), "{escape}: {errors:?}");
        }
        // A tab written as itself is pointed at.
        let errors = read_text("naam", "Jan\tJansen").unwrap_err();
        assert!(
            errors[0]
                .0
                .contains("U+0009 (tab) op kolom 10. Gebruik een spatie"),
            "{errors:?}"
        );
        assert_eq!((errors[0].1, errors[0].2), (1, 10));
    }

    #[test]
    fn only_a_long_text_runs_over_lines() {
        assert_eq!(
            read_text("motivering", "|\n  Eerste regel.\n\n  \tTweede alinea.\n").unwrap(),
            "Eerste regel.\n\n\tTweede alinea."
        );
        let errors = read_text("activiteit", "|\n  Fietsen\n  repareren\n").unwrap_err();
        assert_eq!(
            errors[0].0,
            "`activiteit` loopt over meer dan één regel, maar is een omschrijving: \
             schrijf het op één regel."
        );
        // Folded (`>`) lines are one line.
        assert_eq!(
            read_text("activiteit", ">\n  Fietsen\n  repareren\n").unwrap(),
            "Fietsen repareren"
        );
        // Even a long text has no other control characters.
        assert!(read_text("motivering", r#""a\eb""#).is_err());
    }

    #[test]
    fn texts_have_a_length_limit_per_kind_in_characters() {
        let limit = |key: &str, n: usize| read_text(key, &"é".repeat(n));
        assert!(limit("naam", 200).is_ok());
        assert!(limit("straat", 200).is_ok());
        assert!(limit("activiteit", 500).is_ok());
        assert!(limit("omschrijving", 500).is_ok());
        assert!(limit("motivering", 5_000).is_ok());
        assert_eq!(
            limit("naam", 201).unwrap_err()[0].0,
            "`naam` is 201 tekens lang; een korte tekst zoals een naam, adresregel of nummer \
             heeft er hooguit 200. Staat hier iets dat er niet hoort?"
        );
        assert!(
            limit("activiteit", 501).unwrap_err()[0]
                .0
                .contains("een omschrijving heeft er hooguit 500")
        );
        assert!(
            limit("motivering", 5_001).unwrap_err()[0]
                .0
                .contains("een motivering heeft er hooguit 5.000")
        );
        // A field not in the table is short.
        assert!(limit("woonplaats", 201).is_err());
    }

    #[test]
    fn typos_get_a_suggestion() {
        let allowed = ["maand", "omzet", "uren_direct", "uren_indirect", "kosten"];
        assert_eq!(suggestion("omzett", &allowed), Some("omzet"));
        assert_eq!(suggestion("uren_drect", &allowed), Some("uren_direct"));
        assert_eq!(suggestion("fiets", &allowed), None);
    }
}
