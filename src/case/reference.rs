//! The case-file reference in `docs/case-file.md`, generated from the same
//! schema `pto schema` prints (the `JsonSchema` derive on `model.rs`), so a
//! field added to the model is in the reference after one regeneration:
//! `PTO_UPDATE_DOCS=1 cargo test --lib docs_` (a test fails until then).
//!
//! One table a group: each field with whether it is required, the values
//! the schema allows (in English) and its description (the Dutch text the
//! staff see in their editor). Fields are listed required first, in the
//! order of the model, then the others alphabetically.

use serde_json::Value;

use super::schema::case_file_schema;

/// Where the generated part of `docs/case-file.md` starts and ends.
pub const BEGIN: &str =
    "<!-- generated from the case model (src/case/reference.rs); do not edit by hand -->\n";
pub const END: &str = "<!-- end of the generated reference -->\n";

/// The generated part of `docs/case-file.md`, markers excluded.
pub fn case_file_reference() -> String {
    let schema = case_file_schema();
    let mut groups: Vec<(String, &Value)> = vec![("Dossier".to_string(), &schema)];
    let mut out = String::new();
    let mut at = 0;
    while at < groups.len() {
        let (name, group) = (groups[at].0.clone(), groups[at].1);
        at += 1;
        out.push_str(&format!("\n### {name}\n\n"));
        if let Some(description) = group.get("description").and_then(Value::as_str) {
            out.push_str(&format!("{description}\n\n"));
        }
        out.push_str("| field | required | value | description |\n| --- | --- | --- | --- |\n");
        for (key, property, required) in fields(group) {
            for reference in references(property) {
                if !groups.iter().any(|(n, _)| *n == reference) {
                    let definition = &schema["definitions"][&reference];
                    groups.push((reference, definition));
                }
            }
            let description = property
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default();
            out.push_str(&format!(
                "| `{key}` | {} | {} | {} |\n",
                if required { "yes" } else { "no" },
                cell(&value(property)),
                cell(description)
            ));
        }
    }
    out.push('\n');
    out
}

/// A group's fields: the required ones in the model's order, then the
/// others alphabetically.
fn fields(group: &Value) -> Vec<(&str, &Value, bool)> {
    let Some(Value::Object(properties)) = group.get("properties") else {
        return Vec::new();
    };
    let required: Vec<&str> = group
        .get("required")
        .and_then(Value::as_array)
        .map(|keys| keys.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out: Vec<(&str, &Value, bool)> = required
        .iter()
        .filter_map(|key| properties.get(*key).map(|p| (*key, p, true)))
        .collect();
    for (key, property) in properties {
        if !required.contains(&key.as_str()) {
            out.push((key, property, false));
        }
    }
    out
}

/// The definitions a property refers to, in order.
fn references(schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match schema {
        Value::Object(object) => {
            if let Some(name) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/definitions/"))
            {
                out.push(name.to_string());
            }
            for value in object.values() {
                out.extend(references(value));
            }
        }
        Value::Array(items) => items.iter().for_each(|i| out.extend(references(i))),
        _ => {}
    }
    out
}

/// The values a schema allows, in words.
fn value(schema: &Value) -> String {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        return format!("a group: [{name}](#{})", name.to_lowercase());
    }
    for key in ["allOf", "anyOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            let empty = branches.iter().any(|b| b["type"] == "null");
            let words: Vec<String> = branches
                .iter()
                .filter(|b| b["type"] != "null")
                .map(value)
                .collect();
            let words = words.join(", or ");
            return if empty {
                format!("{words}; may be empty")
            } else {
                words
            };
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let empty = if types.contains(&"null") {
        "; may be empty"
    } else {
        ""
    };
    let words = match types.iter().find(|t| **t != "null") {
        Some(&"string") => text(schema),
        Some(&"number") => format!("a number{}", bounds(schema)),
        Some(&"integer") => format!("a whole number{}", bounds(schema)),
        Some(&"boolean") => "`true` or `false`".to_string(),
        Some(&"array") => match schema.get("items") {
            Some(items) => format!("a list, each {}", value(items)),
            None => "a list".to_string(),
        },
        Some(&"object") => "a group".to_string(),
        _ => "any value".to_string(),
    };
    format!("{words}{empty}")
}

fn text(schema: &Value) -> String {
    if let Some(Value::Array(values)) = schema.get("enum") {
        let values: Vec<String> = values
            .iter()
            .filter_map(Value::as_str)
            .map(|v| format!("`{v}`"))
            .collect();
        return format!("one of {}", values.join(", "));
    }
    if schema["format"] == "date" {
        return "a date, `YYYY-MM-DD`".to_string();
    }
    let mut words = match schema.get("pattern").and_then(Value::as_str) {
        Some(pattern) => format!("text matching `{pattern}`"),
        None => "text".to_string(),
    };
    match (
        schema.get("minLength").and_then(Value::as_u64),
        schema.get("maxLength").and_then(Value::as_u64),
    ) {
        (Some(min), Some(max)) => words.push_str(&format!(", {min} to {max} characters")),
        (None, Some(max)) => words.push_str(&format!(", at most {max} characters")),
        _ => {}
    }
    words
}

fn bounds(schema: &Value) -> String {
    let n = |key: &str| schema.get(key).map(Value::to_string);
    match (n("minimum"), n("maximum"), n("exclusiveMaximum")) {
        (Some(min), Some(max), _) => format!(" from {min} to {max}"),
        (Some(min), None, Some(below)) => format!(" from {min}, below {below}"),
        (Some(min), None, None) => format!(" from {min}"),
        _ => String::new(),
    }
}

/// Text for one cell of a Markdown table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE_FILE_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/case-file.md");

    /// docs/case-file.md holds the reference as generated from the model;
    /// after changing a field, `PTO_UPDATE_DOCS=1 cargo test --lib docs_`
    /// writes it anew.
    #[test]
    fn docs_case_file_md_is_the_schema() {
        let text = std::fs::read_to_string(CASE_FILE_MD).unwrap();
        let (before, rest) = text.split_once(BEGIN).expect("the start marker");
        let (committed, after) = rest.split_once(END).expect("the end marker");
        let generated = case_file_reference();
        if committed != generated && std::env::var_os("PTO_UPDATE_DOCS").is_some() {
            std::fs::write(
                CASE_FILE_MD,
                format!("{before}{BEGIN}{generated}{END}{after}"),
            )
            .unwrap();
            return;
        }
        assert!(
            committed == generated,
            "docs/case-file.md is not the case model; run `PTO_UPDATE_DOCS=1 cargo test --lib \
             docs_` and review the diff.\n{generated}"
        );
    }

    /// Every group and every field of the schema is in the reference, with
    /// its Dutch description.
    #[test]
    fn the_reference_lists_every_group_and_field() {
        let schema = case_file_schema();
        let reference = case_file_reference();
        let mut groups = vec![&schema];
        groups.extend(schema["definitions"].as_object().unwrap().values());
        for group in groups {
            for (key, property, _) in fields(group) {
                assert!(reference.contains(&format!("| `{key}` |")), "{key}");
                let description = property["description"].as_str().unwrap();
                assert!(reference.contains(&cell(description)), "{key}");
            }
        }
        for name in schema["definitions"].as_object().unwrap().keys() {
            assert!(reference.contains(&format!("\n### {name}\n")), "{name}");
            assert!(
                reference.contains(&format!("(#{})", name.to_lowercase())),
                "{name}"
            );
        }
    }

    #[test]
    fn values_are_said_in_words() {
        let reference = case_file_reference();
        for row in [
            "| `zaaknummer` | yes | text matching `^[A-Za-z0-9_-]+$`, 1 to 64 characters |",
            "| `toestemming` | no | a group: [Toestemming](#toestemming); may be empty |",
            "| `maanden` | no | a list, each a group: [Maand](#maand); may be empty |",
            "| `wet` | yes | one of `participatiewet`, `ioaw` |",
            "| `omzet` | yes | a number from 0, below 1000000000, or text matching \
             `^\\+?[0-9]+(\\.[0-9]{1,2})?$` | Omzet in euro's, zonder btw. Hooguit twee \
             decimalen, met een punt. |",
            "| `datum` | yes | a date, `YYYY-MM-DD` |",
            "| `passend` | yes | `true` or `false` |",
        ] {
            assert!(reference.contains(row), "{row}\n{reference}");
        }
        // A `|` in a pattern does not end the cell.
        assert!(reference.contains("(0[1-9]\\|1[0-2])"), "{reference}");
    }
}
