//! `pto schema` as the editors' validators read it: python-jsonschema (the
//! library behind many editors' and CI checks, and not the Rust crate the
//! other schema test uses) accepts every example case and refuses what the
//! loader refuses for its shape. One python process for all documents.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::common::{Repo, fixture, project_file};

const JANSEN: &str = "case-files/2024/PTO-2024-0012-jansen.yaml";

/// A case file as an editor's YAML plug-in reads it (typed values), as JSON.
fn yaml_value(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The example cases: `case-files/**/*.yaml` and `tests/cases/brieven/`.
fn example_cases() -> Vec<(String, Value)> {
    let mut cases = Vec::new();
    for folder in ["case-files", "tests/cases/brieven"] {
        for entry in walkdir::WalkDir::new(project_file(folder)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().and_then(|e| e.to_str()) == Some("yaml") {
                let name = entry
                    .path()
                    .strip_prefix(project_file(""))
                    .unwrap()
                    .display()
                    .to_string();
                cases.push((name, yaml_value(entry.path())));
            }
        }
    }
    cases
}

/// What python-jsonschema says of each document: its error messages.
struct Verdict {
    validator: String,
    version: String,
    errors: BTreeMap<String, Vec<String>>,
}

fn python_jsonschema(schema: &Value, documents: &BTreeMap<String, Value>) -> Verdict {
    let script = project_file("tests/support/jsonschema_validate.py");
    let mut child = Command::new("python3")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 is needed by this test: {e}"));
    let request = json!({ "schema": schema, "documents": documents });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python-jsonschema did not run (pip install jsonschema==4.26.0, as .ci/run does):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    Verdict {
        validator: answer["validator"].as_str().unwrap().to_string(),
        version: answer["version"].as_str().unwrap().to_string(),
        errors: serde_json::from_value(answer["errors"].clone()).unwrap(),
    }
}

#[test]
fn python_jsonschema_accepts_every_example_case_and_refuses_what_the_loader_refuses() {
    let run = Repo::new().pto(&["schema"]);
    run.assert_status(0);
    let schema = run.json();

    let mut valid: BTreeMap<String, Value> = example_cases().into_iter().collect();
    assert_eq!(valid.len(), 13, "{:?}", valid.keys());
    valid.insert("geldig".into(), yaml_value(&fixture("invoer/geldig.yaml")));

    // What the loader refuses for its shape, in the fixtures of its tests.
    let mut invalid: BTreeMap<String, Value> = [
        "onbekend-veld",
        "kostencategorie-onbekend",
        "bedrag-negatief",
        "bedrag-met-komma",
        "verplicht-veld-ontbreekt",
        "lijst-waar-tekst-hoort",
        "tekst-waar-groep-hoort",
        "bsn-acht-cijfers",
        "zaaknummer-met-spatie",
        "leeg",
    ]
    .into_iter()
    .map(|name| {
        let path = fixture(&format!("invoer/{name}.yaml"));
        (name.to_string(), yaml_value(&path))
    })
    .collect();
    // And one change at a time to a valid case.
    let base = yaml_value(&project_file(JANSEN));
    let changed = |pointer: &str, value: Value| {
        let mut doc = base.clone();
        *doc.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = value;
        doc
    };
    let mut typo = base.clone();
    let month = typo["maanden"][0].as_object_mut().unwrap();
    let omzet = month.remove("omzet").unwrap();
    month.insert("omzett".into(), omzet);
    invalid.insert("key omzett".into(), typo);
    for (name, pointer, value) in [
        (
            "category huurr",
            "/maanden/0/kosten/0/categorie",
            json!("huurr"),
        ),
        ("wet bijstand", "/uitkering/wet", json!("bijstand")),
        ("amount text 850.505", "/maanden/0/omzet", json!("850.505")),
        ("amount -1", "/maanden/0/omzet", json!(-1)),
        ("amount 1e9", "/maanden/0/omzet", json!(1_000_000_000)),
        ("month 2024-13", "/maanden/0/maand", json!("2024-13")),
        ("date 2024-02-30", "/aanvraag/datum", json!("2024-02-30")),
        ("amount text 850,50", "/maanden/0/omzet", json!("850,50")),
    ] {
        invalid.insert(name.into(), changed(pointer, value));
    }
    let mut missing = base.clone();
    missing.as_object_mut().unwrap().remove("aanvraag");
    invalid.insert("no aanvraag".into(), missing);
    valid.insert(
        "toestemming null".into(),
        changed("/toestemming", Value::Null),
    );
    // Valid amounts that binary floating point cannot hold exactly.
    for (name, value) in [
        ("amount 16.56", json!(16.56)),
        ("amount 1426.36", json!(1426.36)),
        ("amount 0.07", json!(0.07)),
        ("amount text 850.50", json!("850.50")),
    ] {
        valid.insert(name.into(), changed("/maanden/0/omzet", value));
    }

    let mut documents = valid.clone();
    documents.extend(invalid.clone());
    let verdict = python_jsonschema(&schema, &documents);
    // The draft `pto schema` declares, as python-jsonschema reads it.
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(schema["title"], "Dossier parttime ondernemen");
    assert_eq!(verdict.validator, "Draft7Validator");
    let about = format!("python-jsonschema {}", verdict.version);
    for name in valid.keys() {
        let errors = &verdict.errors[name];
        assert!(errors.is_empty(), "{about} refuses {name}: {errors:#?}");
    }
    for name in invalid.keys() {
        assert!(
            !verdict.errors[name].is_empty(),
            "{about} accepts {name}, which pto check refuses"
        );
    }
    assert!(
        verdict.errors["key omzett"]
            .iter()
            .any(|e| e.contains("'omzett' was unexpected")),
        "{:?}",
        verdict.errors["key omzett"]
    );
}
