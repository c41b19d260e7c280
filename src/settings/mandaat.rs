//! The mandate table (Awb 10:10): which function may sign which decisions,
//! up to which amount. `pto.yaml` names it under `mandaat:`; without a
//! table there is no check (the built-in default).
//!
//! The outcome names a table may use are those of [`Outcome`] itself, taken
//! from its serde derive ([`outcome_names`]): an outcome added to the code
//! is known here the moment it exists, without a second list to keep.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::case::read::Reader;
use crate::case::yaml::{Node, Value};
use crate::decide::Outcome;
use crate::diag::Span;
use crate::format::money;

/// One row of the mandate table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mandaat {
    /// The function that holds the mandate, as `ondertekening.functie`
    /// names it.
    pub functie: String,
    pub besluiten: Besluiten,
    /// The highest amount (a settlement's nabetaling or terugvordering) this
    /// function may sign; none: no limit.
    pub tot_bedrag: Option<Decimal>,
}

/// Which decisions a mandate covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Besluiten {
    /// `alle`: every decision pto issues, including outcomes added later.
    Alle,
    /// These outcomes only.
    Lijst(Vec<Outcome>),
}

impl Besluiten {
    fn covers(&self, outcome: Outcome) -> bool {
        match self {
            Besluiten::Alle => true,
            Besluiten::Lijst(list) => list.contains(&outcome),
        }
    }
}

/// Every outcome's name, as `pto.yaml`, the register and the templates
/// write it (`geen_verschil`), in the order `Outcome` declares them.
///
/// Read from `Outcome`'s `Deserialize` derive: it hands the names of its
/// variants to the deserializer it is given, and this one only keeps them.
pub fn outcome_names() -> &'static [&'static str] {
    use serde::de::value::Error;
    use serde::de::{Error as _, Visitor};

    struct Names(&'static [&'static str]);

    impl<'de> serde::Deserializer<'de> for &mut Names {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(Error::custom("only an enum's names are read here"))
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            variants: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Error> {
            self.0 = variants;
            Err(Error::custom("names read"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map struct identifier ignored_any
        }
    }

    let mut names = Names(&[]);
    let _ = Outcome::deserialize(&mut names);
    names.0
}

/// The outcome called `name` (`terugvordering`), if there is one.
pub fn outcome_named(name: &str) -> Option<Outcome> {
    use serde::de::IntoDeserializer;
    let deserializer: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        name.into_deserializer();
    Outcome::deserialize(deserializer).ok()
}

/// Reads `mandaat:` (a list of rows); `key` is where the key stands.
pub(super) fn load(r: &mut Reader, node: &Node, key: Span) -> Option<Vec<Mandaat>> {
    let items = r.list(node, "mandaat")?;
    if items.is_empty() {
        r.error(
            key,
            "`mandaat` is leeg: dan mag niemand een besluit ondertekenen. Noem per functie de \
             besluiten die zij mag nemen, of laat `mandaat` weg (dan controleert pto geen mandaat).",
        );
        return None;
    }
    let mut rows = Vec::new();
    let mut ok = true;
    for item in items {
        match row(r, item) {
            Some(row) => rows.push(row),
            None => ok = false,
        }
    }
    ok.then_some(rows)
}

fn row(r: &mut Reader, node: &Node) -> Option<Mandaat> {
    let f = r.fields(
        node,
        node.span,
        "in een mandaat",
        "een mandaat",
        &["functie", "besluiten", "tot_bedrag"],
    )?;
    let functie = r
        .required(&f, "functie")
        .and_then(|(n, _)| r.text(n, "functie"));
    let besluiten = r
        .required(&f, "besluiten")
        .and_then(|(n, _)| besluiten(r, n));
    let tot_bedrag = match f.optional("tot_bedrag") {
        Some(n) => Some(r.amount(n, "tot_bedrag")?.value),
        None => None,
    };
    Some(Mandaat {
        functie: functie?.value,
        besluiten: besluiten?,
        tot_bedrag,
    })
}

fn besluiten(r: &mut Reader, node: &Node) -> Option<Besluiten> {
    let known = || {
        let mut names = vec!["alle"];
        names.extend(outcome_names());
        names.join(", ")
    };
    if let Value::Scalar(text) = &node.value {
        if text.trim() == "alle" {
            return Some(Besluiten::Alle);
        }
        r.error(
            node.span,
            format!(
                "`besluiten` moet `alle` zijn of een lijst van uitkomsten, zoals \
                 [toekenning, verlenging]. Bekend zijn: {}.",
                known()
            ),
        );
        return None;
    }
    let items = r.list(node, "besluiten")?;
    let mut list = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(text) = r.text(item, "besluiten") else {
            ok = false;
            continue;
        };
        match outcome_named(&text.value) {
            Some(outcome) if list.contains(&outcome) => {
                r.error(
                    text.span,
                    format!("`{}` staat twee keer in deze lijst.", text.value),
                );
                ok = false;
            }
            Some(outcome) => list.push(outcome),
            None => {
                let names = outcome_names();
                let hint = crate::case::read::suggestion(&text.value, names)
                    .map(|s| format!(" Bedoelde u `{s}`?"))
                    .unwrap_or_default();
                r.error(
                    text.span,
                    format!(
                        "`{}` is geen uitkomst van pto.{hint} Bekend zijn: {}.",
                        text.value,
                        known()
                    ),
                );
                ok = false;
            }
        }
    }
    if items.is_empty() {
        r.error(
            node.span,
            "`besluiten` is leeg: noem de uitkomsten die deze functie mag ondertekenen, of `alle`.",
        );
        return None;
    }
    ok.then_some(Besluiten::Lijst(list))
}

/// Whether the function `functie` may sign a decision with `outcome` (and
/// `amount`) under `table`; the Dutch reason when it may not.
pub fn check(
    table: &[Mandaat],
    functie: &str,
    naam: Option<&str>,
    outcome: Outcome,
    amount: Option<Decimal>,
) -> Result<(), String> {
    let same = |a: &str, b: &str| normalise(a) == normalise(b);
    let rows: Vec<&Mandaat> = table.iter().filter(|m| same(&m.functie, functie)).collect();
    let who = match naam {
        Some(naam) => format!("{naam} ({functie})"),
        None => format!("de {functie}"),
    };
    let what = outcome.key().replace('_', " ");
    if rows.is_empty() {
        return Err(format!(
            "{who} heeft geen mandaat: de functie staat niet in de mandaattabel van pto.yaml \
             (`mandaat`). Een besluit zonder mandaat wordt niet uitgegeven (artikel 10:10 Awb)."
        ));
    }
    let covering: Vec<&&Mandaat> = rows
        .iter()
        .filter(|m| m.besluiten.covers(outcome))
        .collect();
    if covering.is_empty() {
        return Err(format!(
            "{who} heeft geen mandaat voor een besluit met uitkomst {what} (mandaattabel in \
             pto.yaml, `mandaat`). Laat het besluit ondertekenen door een functie met dat \
             mandaat (artikel 10:10 Awb)."
        ));
    }
    let Some(amount) = amount else {
        return Ok(());
    };
    // The widest mandate that covers the outcome counts.
    let limit = covering
        .iter()
        .map(|m| m.tot_bedrag)
        .try_fold(Decimal::ZERO, |max, limit| limit.map(|l| max.max(l)));
    match limit {
        Some(limit) if amount > limit => Err(format!(
            "{who} heeft mandaat voor een {what} tot en met {}; dit besluit gaat over {} \
             (mandaattabel in pto.yaml, `tot_bedrag`). Laat het besluit ondertekenen door een \
             functie met mandaat voor dit bedrag (artikel 10:10 Awb).",
            money(limit),
            money(amount)
        )),
        _ => Ok(()),
    }
}

/// Case and runs of white space do not make another function.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_are_the_outcomes_own() {
        let names = outcome_names();
        assert!(names.contains(&"toekenning"), "{names:?}");
        assert!(names.contains(&"geen_verschil"), "{names:?}");
        for name in names {
            let outcome = outcome_named(name).unwrap();
            assert_eq!(outcome.key(), *name);
        }
        assert_eq!(outcome_named("alle"), None);
        assert_eq!(outcome_named("Toekenning"), None);
    }

    fn table() -> Vec<Mandaat> {
        vec![
            Mandaat {
                functie: "teamleider Werk en Inkomen".into(),
                besluiten: Besluiten::Alle,
                tot_bedrag: Some(Decimal::from(10_000)),
            },
            Mandaat {
                functie: "klantmanager".into(),
                besluiten: Besluiten::Lijst(vec![Outcome::Verlenging, Outcome::Nabetaling]),
                tot_bedrag: Some(Decimal::from(500)),
            },
        ]
    }

    #[test]
    fn a_mandate_covers_its_outcomes_up_to_its_amount() {
        let t = table();
        let ok = |functie, outcome, amount: Option<i64>| {
            check(&t, functie, None, outcome, amount.map(Decimal::from))
        };
        assert!(ok("teamleider werk en  inkomen", Outcome::Intrekking, None).is_ok());
        assert!(
            ok(
                "teamleider Werk en Inkomen",
                Outcome::Terugvordering,
                Some(10_000)
            )
            .is_ok()
        );
        let over = ok(
            "teamleider Werk en Inkomen",
            Outcome::Terugvordering,
            Some(10_001),
        );
        assert!(over.unwrap_err().contains("tot en met € 10.000,00"));
        assert!(ok("klantmanager", Outcome::Verlenging, None).is_ok());
        let not = ok("klantmanager", Outcome::Intrekking, None).unwrap_err();
        assert!(not.contains("geen mandaat voor een besluit met uitkomst intrekking"));
        let stranger = ok("wethouder", Outcome::Verlenging, None).unwrap_err();
        assert!(
            stranger.contains("staat niet in de mandaattabel"),
            "{stranger}"
        );
    }

    #[test]
    fn without_a_limit_any_amount_is_covered() {
        let t = vec![Mandaat {
            functie: "afdelingshoofd".into(),
            besluiten: Besluiten::Lijst(vec![Outcome::Terugvordering]),
            tot_bedrag: None,
        }];
        let amount = Some(Decimal::from(1_000_000));
        assert!(check(&t, "afdelingshoofd", None, Outcome::Terugvordering, amount).is_ok());
    }
}
