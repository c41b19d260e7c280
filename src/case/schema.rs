//! The JSON Schema of a case file, for editors (`pto schema`).
//!
//! Generated from the model's types (`model.rs` derives `JsonSchema`), so it
//! cannot drift from the fields the loader knows. The loader stays the
//! authority: the schema gives staff completion, hover texts and red
//! underlines while typing, `pto check` gives the verdict. Where the YAML
//! text matters (amounts are read from their exact text), the schema allows
//! what the loader accepts: a number or a string with at most two decimals.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use super::model::{Aanspreekvorm, Case, Categorie, Period, StukSoort, Vorm, Wet};
use crate::calendar::Month;
use crate::diag::Sp;

/// A zaaknummer: letters, digits, `-` and `_` (the loader's rule).
pub const ZAAKNUMMER: &str = "^[A-Za-z0-9_-]+$";

/// An amount or a number of hours written as text: digits, and at most two
/// decimals after a point (the loader's rule).
const DECIMAL: &str = "^\\+?[0-9]+(\\.[0-9]{1,2})?$";

/// What a field holding an amount or hours adds to its own description.
const DECIMALS_IN_WORDS: &str = "Hooguit twee decimalen, met een punt.";

/// The schema of a case file: JSON Schema draft-07, which every YAML
/// editor plug-in understands.
pub fn case_file_schema() -> Value {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Case>()
        .to_value();
    text_limits(&mut schema);
    decimals_in_words(&mut schema);
    schema
}

/// Says under every amount and number of hours that it has at most two
/// decimals: the schema cannot hold a YAML number to that (see `Amount`),
/// and a field's own description replaces the one of its type.
fn decimals_in_words(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            let decimal = object
                .get("anyOf")
                .and_then(Value::as_array)
                .is_some_and(|branches| branches.iter().any(|b| b["pattern"] == DECIMAL));
            if decimal {
                let description = match object.get("description").and_then(Value::as_str) {
                    Some(text) if text.contains("decimalen") => text.to_string(),
                    Some(text) => format!("{text} {DECIMALS_IN_WORDS}"),
                    None => DECIMALS_IN_WORDS.to_string(),
                };
                object.insert("description".into(), description.into());
            }
            object.values_mut().for_each(decimals_in_words);
        }
        Value::Array(items) => items.iter_mut().for_each(decimals_in_words),
        _ => {}
    }
}

/// Gives every free-text field the loader's length limit (`maxLength`,
/// and in words in the description of the longer kinds), from the same
/// table the loader uses.
fn text_limits(schema: &mut Value) {
    let Value::Object(object) = schema else {
        return;
    };
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (key, property) in properties.iter_mut() {
            let kind = super::read::text_kind(key);
            let max = kind.max_chars;
            let items = property.get_mut("items").filter(|i| is_free_text(i));
            if let Some(items) = items {
                items["maxLength"] = max.into();
            } else if is_free_text(property) {
                property["maxLength"] = max.into();
            } else {
                continue;
            }
            // Said in words where it helps: not under every code and name.
            if kind == super::read::SHORT_TEXT {
                continue;
            }
            let limit = format!("Hooguit {} tekens.", crate::format::number(max.into()));
            let description = match property.get("description").and_then(Value::as_str) {
                Some(text) => format!("{text} {limit}"),
                None => limit,
            };
            property["description"] = description.into();
        }
    }
    for value in object.values_mut() {
        text_limits(value);
    }
}

/// A string without a pattern, a format or a fixed list: free text.
fn is_free_text(schema: &Value) -> bool {
    let string = match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    string
        && ["pattern", "format", "enum"]
            .iter()
            .all(|k| schema.get(k).is_none())
}

/// A value with its place in the file is, in the file, just the value.
impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Small scalar schemas are written in place, so that a field's own
/// description stands beside its type.
macro_rules! scalar_schema {
    ($ty:ty, $name:literal, $schema:tt) => {
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

/// A date, `JJJJ-MM-DD`.
pub struct Date;
/// An amount in euros: never negative, at most two decimals.
pub struct Amount;
/// A number of hours: never negative, at most two decimals.
pub struct Hours;
/// A year, `2024`.
pub struct Year;
/// A BSN: nine digits.
pub struct Bsn;
/// A number written with digits only (a KvK number): text or a YAML number.
pub struct Digits;

scalar_schema!(Date, "Datum", {
    "description": "Een datum in de vorm JJJJ-MM-DD, bijvoorbeeld 2024-01-08.",
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
});

scalar_schema!(Month, "Kalendermaand", {
    "description": "Een maand in de vorm JJJJ-MM, bijvoorbeeld 2024-02.",
    "type": "string",
    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"
});

// No `multipleOf: 0.01` on the number: validators test it in binary
// floating point, where 16.56 / 0.01 is not a whole number, so
// python-jsonschema and ajv would refuse valid amounts. The decimals of a
// number are said in words (`decimals_in_words`) and judged by `pto check`,
// which reads the exact text; text is held to the pattern.
scalar_schema!(Amount, "Bedrag", {
    "description": "Een bedrag in euro's: nooit negatief, hooguit twee decimalen, met een punt (850, 850.5 of \"850.50\").",
    "anyOf": [
        { "type": "number", "minimum": 0, "exclusiveMaximum": super::read::MAX_NUMBER },
        { "type": "string", "pattern": DECIMAL }
    ]
});

scalar_schema!(Hours, "Uren", {
    "description": "Een aantal uren: nooit negatief, hooguit twee decimalen (38 of 12.5).",
    "anyOf": [
        { "type": "number", "minimum": 0, "exclusiveMaximum": super::read::MAX_NUMBER },
        { "type": "string", "pattern": DECIMAL }
    ]
});

scalar_schema!(Year, "Jaartal", {
    "description": "Een jaartal, bijvoorbeeld 2024.",
    "anyOf": [
        { "type": "integer", "minimum": 1900, "maximum": 2999 },
        { "type": "string", "pattern": "^(19|2[0-9])[0-9]{2}$" }
    ]
});

scalar_schema!(Bsn, "Bsn", {
    "description": "Een burgerservicenummer: 9 cijfers.",
    "anyOf": [
        { "type": "string", "pattern": "^[0-9]{9}$" },
        { "type": "integer", "minimum": 10_000_000, "maximum": 999_999_999 }
    ]
});

scalar_schema!(Digits, "Cijfers", {
    "description": "Een nummer van alleen cijfers.",
    "anyOf": [
        { "type": "string", "pattern": "^[0-9]+$" },
        { "type": "integer", "minimum": 0 }
    ]
});

/// The statutes, from the one list the loader reads them with.
impl JsonSchema for Wet {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Wet".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let keys: Vec<&str> = Wet::ALL.iter().map(|w| w.key()).collect();
        json_schema!({
            "description": "De wet waarop de uitkering berust.",
            "type": "string",
            "enum": keys
        })
    }
}

/// A closed list of words, from the one list the loader reads them with.
macro_rules! key_schema {
    ($ty:ty, $name:literal, $description:literal) => {
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let keys: Vec<&str> = <$ty>::ALL.iter().map(|k| k.key()).collect();
                json_schema!({
                    "description": $description,
                    "type": "string",
                    "enum": keys
                })
            }
        }
    };
}

key_schema!(
    Aanspreekvorm,
    "Aanspreekvorm",
    "heer of mevrouw, alleen zoals vastgelegd."
);
key_schema!(
    StukSoort,
    "StukSoort",
    "Het soort stuk: kvk_uittreksel, vog, vergunning, plan_van_aanpak, bankafschrift of overig."
);
key_schema!(Vorm, "Vorm", "schriftelijk of mondeling.");

impl JsonSchema for Period {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Periode".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Een maand (2024-06) of een jaar (2024).",
            "anyOf": [generator.subschema_for::<Month>(), generator.subschema_for::<Year>()]
        })
    }
}

/// The closed list of cost categories, from the one list the loader uses.
impl JsonSchema for Categorie {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Categorie".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let keys: Vec<&str> = Categorie::ALL.iter().map(|c| c.key()).collect();
        json_schema!({
            "description": "Kostencategorie (art. 10). Aftrekbaar: materiaal, inkoop, vervoer, telefoon_internet, verzekering, marketing, opleiding, gereedschap, administratie, overig. Nooit aftrekbaar (art. 10 lid 3): huur, investering, rente, fiscaal_onjuist, strijdig.",
            "type": "string",
            "enum": keys
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property<'a>(schema: &'a Value, definition: &str, key: &str) -> &'a Value {
        let owner = if definition == "Case" {
            schema
        } else {
            &schema["definitions"][definition]
        };
        &owner["properties"][key]
    }

    #[test]
    fn every_group_refuses_unknown_keys() {
        let schema = case_file_schema();
        assert_eq!(schema["additionalProperties"], Value::Bool(false));
        for (name, definition) in schema["definitions"].as_object().unwrap() {
            if definition.get("properties").is_some() {
                assert_eq!(
                    definition["additionalProperties"],
                    Value::Bool(false),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn required_keys_are_those_the_loader_requires() {
        let schema = case_file_schema();
        let required = |def: &str| -> Vec<String> {
            let owner = if def == "Case" {
                &schema
            } else {
                &schema["definitions"][def]
            };
            let mut keys: Vec<String> = owner["required"]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            keys.sort();
            keys
        };
        assert_eq!(
            required("Case"),
            ["aanvraag", "aanvrager", "uitkering", "zaaknummer"]
        );
        assert_eq!(
            required("Maand"),
            ["maand", "omzet", "uren_direct", "uren_indirect"]
        );
        assert_eq!(
            required("Kost"),
            [
                "bedrag",
                "bewijs",
                "categorie",
                "goedgekeurd",
                "omschrijving"
            ]
        );
        assert_eq!(
            required("Jaarstukken"),
            [
                "aangifte_ib",
                "boekjaar",
                "jaarrekening",
                "kasboek",
                "omzet"
            ]
        );
        assert_eq!(required("Toestemming"), ["ingangsdatum"]);
        assert_eq!(required("Afwijking"), ["regel"]);
        assert_eq!(
            required("Aanvraag"),
            [
                "activiteit",
                "datum",
                "eigen_rekening_en_risico",
                "marktconforme_prijzen",
                "passend",
                "uren_per_week"
            ]
        );
    }

    #[test]
    fn descriptions_are_dutch_and_spans_are_not_fields() {
        let schema = case_file_schema();
        let omzet = property(&schema, "Maand", "omzet");
        assert_eq!(
            omzet["description"],
            "Omzet in euro's, zonder btw. Hooguit twee decimalen, met een punt."
        );
        assert!(omzet["anyOf"].is_array(), "{omzet}");
        assert!(property(&schema, "Case", "maanden_span").is_null());
        assert!(property(&schema, "Kost", "span").is_null());
        let categories = &property(&schema, "Kost", "categorie")["enum"];
        let naam = property(&schema, "Aanvrager", "naam");
        assert_eq!(naam["maxLength"], 200);
        assert_eq!(naam["description"], "Naam zoals die in de brief komt.");
        assert_eq!(
            property(&schema, "Aanvraag", "activiteit")["description"],
            "Wat de onderneming doet. Hooguit 500 tekens."
        );
        assert_eq!(
            property(&schema, "Aanvraag", "langlopende_verplichtingen")["items"]["maxLength"],
            500
        );
        let motivering = property(&schema, "Afwijking", "motivering");
        assert_eq!(motivering["maxLength"], 5_000, "{motivering}");
        assert!(
            property(&schema, "Maand", "omzet")
                .get("maxLength")
                .is_none()
        );
        assert_eq!(categories.as_array().unwrap().len(), Categorie::ALL.len());
    }

    /// Every amount and number of hours: a number within the loader's
    /// bounds or text with at most two decimals, and never `multipleOf`,
    /// which validators compute in binary floating point.
    #[test]
    fn amounts_say_their_decimals_and_have_no_multiple_of() {
        let schema = case_file_schema();
        assert!(!schema.to_string().contains("multipleOf"));
        let mut amounts = 0;
        let mut stack = vec![&schema];
        while let Some(value) = stack.pop() {
            match value {
                Value::Object(object) => {
                    let branches = object.get("anyOf").and_then(Value::as_array);
                    if branches.is_some_and(|b| b.iter().any(|b| b["pattern"] == DECIMAL)) {
                        amounts += 1;
                        let description = object["description"].as_str().unwrap();
                        assert!(description.contains("twee decimalen"), "{description}");
                        let number = &branches.unwrap()[0];
                        assert_eq!(number["minimum"], 0);
                        assert_eq!(number["exclusiveMaximum"], 1_000_000_000);
                    }
                    stack.extend(object.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        // The norm, the hours a week, an investment, a month's turnover and
        // hours, a cost, a year's turnover: at least these.
        assert!(amounts >= 8, "{amounts}");
    }
}
