//! Typed reading of a node tree, collecting every error instead of stopping
//! at the first: the building blocks `load` uses for each part of a case file.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::yaml::{Node, Value};
use crate::calendar::{self, Month};
use crate::diag::{InputError, Sp, Span};

/// Amounts and hours above this are certainly typos (and would risk
/// overflowing exact arithmetic over many months).
const MAX_NUMBER: i64 = 1_000_000_000;

/// Collects the input errors of one file.
pub struct Reader<'f> {
    pub file: &'f str,
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
        Reader {
            file,
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
            Value::Scalar(text) => Some(Sp::new(text.trim().to_string(), node.span)),
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

    #[test]
    fn typos_get_a_suggestion() {
        let allowed = ["maand", "omzet", "uren_direct", "uren_indirect", "kosten"];
        assert_eq!(suggestion("omzett", &allowed), Some("omzet"));
        assert_eq!(suggestion("uren_drect", &allowed), Some("uren_direct"));
        assert_eq!(suggestion("fiets", &allowed), None);
    }
}
