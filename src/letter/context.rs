//! What a template may use: the placeholders of a letter, as types. Every
//! field carries its Dutch description and an example; the placeholder
//! tables in `templates/README.md` are generated from these types (a test
//! fails when the committed tables are stale, and says how to regenerate
//! them). A placeholder that is not here does not exist: minijinja's strict
//! mode makes its use an input error, never a blank in a letter.
//!
//! Values are finished Dutch strings (dates in words, amounts with the euro
//! sign), numbers where a template compares or counts, and `none` where a
//! value does not apply to the letter (guard it with `{% if … %}`).
//! Statute citations (`{{ wet.… }}`) are to join as one more group here.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// The placeholders of every text of a letter.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TemplateContext {
    #[schemars(
        description = "De uitkomst van het besluit: toekenning, afwijzing, verlenging, intrekking, nabetaling, terugvordering of geen_verschil",
        example = &"nabetaling"
    )]
    pub uitkomst: &'static str,
    pub gemeente: Gemeente,
    pub aanvrager: Aanvrager,
    #[schemars(description = "Het zaaknummer", example = &"PTO-2024-0012")]
    pub zaaknummer: String,
    #[schemars(
        description = "Het kenmerk van deze brief",
        example = &"PTO-2024-0012-AFREKENING-2024"
    )]
    pub kenmerk: String,
    #[schemars(description = "De besluitdatum: de datum van de brief", example = &"16 juni 2025")]
    pub datum: String,
    pub uitkering: Uitkering,
    pub aanvraag: Aanvraag,
    #[schemars(
        description = "De klantmanager; leeg als die niet bekend is",
        example = &"M. de Vries"
    )]
    pub klantmanager: String,
    pub toestemming: Toestemming,
    pub plan: Plan,
    pub beleid: Beleid,
    pub bezwaar: Bezwaar,
    pub ondertekening: Ondertekening,
    #[schemars(
        description = "Toekenning: de ingangsdatum van de toestemming",
        example = &"1 februari 2024"
    )]
    pub ingangsdatum: Option<String>,
    #[schemars(
        description = "Intrekking: de datum waarop de toestemming vervalt",
        example = &"1 juli 2025"
    )]
    pub intrekkingsdatum: Option<String>,
    #[schemars(
        description = "Toekenning en verlenging: de maand van de volgende evaluatie",
        example = &"juni 2026"
    )]
    pub volgende_evaluatie: Option<String>,
    pub periode: Periode,
    #[schemars(
        description = "Waar als een bevinding op grond van artikel 12 (hardheidsclausule) is opgeheven",
        example = &false
    )]
    pub afwijkingen: bool,
    #[schemars(
        description = "Het aantal fouten waarop een afwijzing of intrekking rust",
        example = &3
    )]
    pub aantal_redenen: usize,
    #[schemars(
        description = "Hetzelfde in woorden, met 'punt' of 'punten'",
        example = &"drie punten"
    )]
    pub aantal_redenen_tekst: String,
    #[schemars(
        description = "Het aantal regels van het blok opmerkingen",
        example = &2
    )]
    pub aantal_opmerkingen: usize,
    #[schemars(
        description = "Het aantal regels van het blok niet_afgetrokken",
        example = &2
    )]
    pub aantal_niet_afgetrokken: usize,
    #[schemars(
        description = "Het artikel van een regel zoals het beleid het nummert (`artikelen` in pto.yaml), per regel-id met `_` voor `.`: `artikel.art10_3`, `artikel.art4_1a`",
        example = &"artikel 10 lid 3"
    )]
    pub artikel: BTreeMap<String, String>,
    #[schemars(description = "Afrekening: het jaar", example = &2024)]
    pub jaar: Option<i32>,
    #[schemars(
        description = "Afrekening: het bedrag dat wordt nabetaald of teruggevorderd (nul bij geen verschil)",
        example = &"€ 375,50"
    )]
    pub bedrag: Option<String>,
    #[schemars(
        description = "Afrekening: de omzet volgens de boekhouding",
        example = &"€ 9.750,00"
    )]
    pub omzet: Option<String>,
    #[schemars(
        description = "Afrekening: de aftrekbare kosten volgens de boekhouding",
        example = &"€ 2.510,65"
    )]
    pub kosten: Option<String>,
    #[schemars(
        description = "Afrekening: de definitieve inkomsten min wat is verrekend",
        example = &"€ 1.480,00"
    )]
    pub verschil: Option<String>,
    #[schemars(
        description = "Afrekening: de definitieve inkomsten over het jaar",
        example = &"€ 7.239,35"
    )]
    pub inkomen: Option<String>,
    #[schemars(
        description = "Afrekening: wat met de uitkering is verrekend",
        example = &"€ 7.614,85"
    )]
    pub verrekend: Option<String>,
    #[schemars(
        description = "Afrekening: de uitbetaalde bijstand over de maanden met toestemming",
        example = &"€ 7.950,81"
    )]
    pub uitbetaald: Option<String>,
    #[schemars(
        description = "Afrekening: waar als de terugvordering is begrensd tot de uitbetaalde bijstand",
        example = &false
    )]
    pub beperkt: bool,
    pub jaarstukken: Jaarstukken,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Gemeente {
    #[schemars(description = "De naam van de gemeente", example = &"Ridderkerk")]
    pub naam: String,
    #[schemars(
        description = "Het bestuursorgaan dat besluit",
        example = &"Burgemeester en wethouders van Ridderkerk"
    )]
    pub college: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Aanvrager {
    #[schemars(description = "De naam van de aanvrager", example = &"Jan Jansen")]
    pub naam: String,
    #[schemars(
        description = "Het BSN, afgeschermd; het hele BSN staat nooit in een brief",
        example = &"*****2333"
    )]
    pub bsn: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Uitkering {
    #[schemars(
        description = "De wet van de uitkering: Participatiewet of IOAW",
        example = &"Participatiewet"
    )]
    pub wet: &'static str,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Aanvraag {
    #[schemars(description = "De datum van ontvangst van de aanvraag", example = &"8 januari 2024")]
    pub datum: String,
    #[schemars(description = "De activiteit", example = &"Fietsreparatie aan huis")]
    pub activiteit: String,
    #[schemars(description = "De uren per week volgens de aanvraag", example = &"12")]
    pub uren_per_week: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Toestemming {
    #[schemars(
        description = "De ingangsdatum van de toestemming, als die er is",
        example = &"1 februari 2024"
    )]
    pub ingangsdatum: Option<String>,
}

/// Plan van aanpak (art. 7).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Plan {
    #[schemars(description = "De datum van het plan van aanpak (artikel 7)", example = &"15 januari 2024")]
    pub datum: Option<String>,
    #[schemars(
        description = "De arbeidsverplichting in uren per week volgens het plan",
        example = &"20"
    )]
    pub uren: Option<String>,
    #[schemars(
        description = "De gedeeltelijke ontheffing volgens het plan",
        example = &"geen sollicitaties tijdens de mantelzorg"
    )]
    pub ontheffing: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Beleid {
    #[schemars(
        description = "De citeertitel van de beleidsregels (zonder citeertitel: hun naam)",
        example = &"Beleidsregels Parttime Ondernemen 2023 gemeente Ridderkerk"
    )]
    pub naam: String,
    #[schemars(description = "De grens van het aantal uren per jaar", example = &"1.225")]
    pub max_uren: String,
    #[schemars(description = "De richtlijn van het aantal uren per week", example = &"20")]
    pub richtlijn_uren: String,
    #[schemars(
        description = "Vóór welke dag de boekhouding over een jaar binnen moet zijn",
        example = &"1 mei"
    )]
    pub jaarstukken_voor: String,
    #[schemars(description = "De bezwaartermijn in woorden", example = &"zes weken")]
    pub bezwaartermijn: String,
    #[schemars(description = "Het aantal maanden tussen evaluaties", example = &12)]
    pub evaluatie_maanden: u32,
    #[schemars(
        description = "De kostencategorieën die volgens het beleid nooit aftrekbaar zijn (`niet_aftrekbaar`), als opsomming; leeg als er geen zijn",
        example = &"huur, investering en rentelasten"
    )]
    pub niet_aftrekbaar: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Bezwaar {
    #[schemars(
        description = "Aan wie een bezwaarschrift wordt gericht (pto.yaml)",
        example = &"het college van burgemeester en wethouders van Ridderkerk"
    )]
    pub aan: String,
    #[schemars(
        description = "Het adres voor bezwaar, op één regel (pto.yaml)",
        example = &"Postbus 271, 2980 AG Ridderkerk"
    )]
    pub adres: String,
    #[schemars(
        description = "Waar digitaal bezwaar kan worden gemaakt (pto.yaml), als dat kan",
        example = &"www.ridderkerk.nl/bezwaar"
    )]
    pub digitaal: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Ondertekening {
    #[schemars(description = "Wie ondertekent (pto.yaml)", example = &"J. van der Laan")]
    pub naam: String,
    #[schemars(
        description = "De functie van wie ondertekent (pto.yaml)",
        example = &"teamleider Werk en Inkomen"
    )]
    pub functie: String,
    #[schemars(
        description = "Bij digitale ondertekening: de naam van de ondertekenaar zoals het certificaat die noemt; leeg (none) als het besluit niet digitaal wordt ondertekend",
        example = &"J. van der Laan"
    )]
    pub digitaal: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Periode {
    #[schemars(description = "Evaluatie: de eerste beoordeelde maand", example = &"juni 2024")]
    pub van: Option<String>,
    #[schemars(description = "Evaluatie: de laatste beoordeelde maand", example = &"mei 2025")]
    pub tot: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Jaarstukken {
    #[schemars(
        description = "Afrekening: de datum waarop de boekhouding over het jaar is ontvangen",
        example = &"20 april 2025"
    )]
    pub ingeleverd: Option<String>,
}

/// In `afwijking`: the waived finding and the waiver.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WaiverContext {
    #[schemars(
        description = "De tekst van de bevinding die is opgeheven",
        example = &"Over juni 2024 hebt u geen inkomstenopgave ingeleverd (artikel 8 lid 1 en 3)."
    )]
    pub bevinding: String,
    pub afwijking: Waiver,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Waiver {
    #[schemars(
        description = "De datum van het besluit om af te wijken",
        example = &"2 september 2024"
    )]
    pub datum: String,
    #[schemars(
        description = "De motivering van de afwijking",
        example = &"Mevrouw was in juni 2024 opgenomen in het ziekenhuis."
    )]
    pub motivering: String,
}

/// In `maand_zonder_opgave`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonthContext {
    #[schemars(description = "De maand zonder opgave", example = &"juni 2024")]
    pub maand: String,
}

/// In `bezoekadres` and `telefoon`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LineContext {
    #[schemars(
        description = "Het bezoekadres of het telefoonnummer uit pto.yaml",
        example = &"Koningsplein 1, 2981 EA Ridderkerk"
    )]
    pub regel: String,
}

/// In `bijlage`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AttachmentContext {
    #[schemars(
        description = "Het pad van het dossierbestand",
        example = &"case-files/2024/PTO-2024-0012-jansen.yaml"
    )]
    pub bestand: String,
}

/// In `jaarstukken_periode`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct YearContext {
    #[schemars(description = "Het boekjaar van de jaarstukken", example = &2024)]
    pub jaar: i32,
}

/// In `niet_afgetrokken_regel` and the `reden_…` texts.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CostContext {
    pub kost: Cost,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Cost {
    #[schemars(description = "De omschrijving van de kostenpost", example = &"Werkplaats in schuur buurman")]
    pub omschrijving: String,
    #[schemars(
        description = "De maand, of de jaarstukken (`jaarstukken_periode`)",
        example = &"juli 2024"
    )]
    pub periode: String,
    #[schemars(description = "Het bedrag", example = &"€ 75,00")]
    pub bedrag: String,
    #[schemars(description = "De kostencategorie in woorden", example = &"huur")]
    pub categorie: String,
    #[schemars(
        description = "Alleen in `niet_afgetrokken_regel`: de tekst van de reden",
        example = &"Huur kan nooit worden afgetrokken (artikel 10 lid 3)"
    )]
    pub reden: Option<String>,
}

/// The texts that have placeholders of their own, beside those of every
/// text, and the type that describes them.
pub fn text_extras() -> Vec<(&'static [&'static str], schemars::Schema)> {
    vec![
        (&["afwijking"][..], schemars::schema_for!(WaiverContext)),
        (
            &["maand_zonder_opgave"],
            schemars::schema_for!(MonthContext),
        ),
        (
            &["bezoekadres", "telefoon"],
            schemars::schema_for!(LineContext),
        ),
        (&["bijlage"], schemars::schema_for!(AttachmentContext)),
        (&["jaarstukken_periode"], schemars::schema_for!(YearContext)),
        (
            &[
                "niet_afgetrokken_regel",
                "reden_nooit_aftrekbaar",
                "reden_niet_goedgekeurd",
                "reden_geen_bewijs",
                "reden_niet_goedgekeurd_geen_bewijs",
            ],
            schemars::schema_for!(CostContext),
        ),
    ]
}

/// Where the generated tables stand in `templates/README.md`.
const BEGIN: &str = "<!-- begin plaatshouders: gegenereerd uit src/letter/context.rs -->";
const END: &str = "<!-- einde plaatshouders -->";

/// The placeholder tables of `templates/README.md`, from the types.
pub fn placeholder_tables() -> String {
    let mut out = String::new();
    out.push_str(BEGIN);
    out.push_str("\n\n| plaatshouder | betekenis | voorbeeld |\n| --- | --- | --- |\n");
    for (path, description, example) in placeholders(&schemars::schema_for!(TemplateContext)) {
        out.push_str(&format!("| `{path}` | {description} | {example} |\n"));
    }
    out.push_str(
        "\nAlleen in bepaalde teksten, naast alle plaatshouders hierboven:\n\n\
         | in de tekst | plaatshouder | betekenis | voorbeeld |\n| --- | --- | --- | --- |\n",
    );
    for (texts, schema) in text_extras() {
        let texts: Vec<String> = texts.iter().map(|t| format!("`{t}`")).collect();
        for (path, description, example) in placeholders(&schema) {
            out.push_str(&format!(
                "| {} | `{path}` | {description} | {example} |\n",
                texts.join(", ")
            ));
        }
    }
    out.push('\n');
    out.push_str(END);
    out
}

/// Every leaf of a context type: its dotted path, description, example.
pub(super) fn placeholders(schema: &schemars::Schema) -> Vec<(String, String, String)> {
    let root = schema.as_value();
    let mut out = Vec::new();
    walk(root, root, "", &mut out);
    out
}

fn walk(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    prefix: &str,
    out: &mut Vec<(String, String, String)>,
) {
    let Some(properties) = resolve(root, schema)
        .get("properties")
        .and_then(|p| p.as_object())
    else {
        return;
    };
    for (name, property) in properties {
        let path = format!("{prefix}{name}");
        let target = resolve(root, property);
        if target.get("properties").is_some() {
            walk(root, target, &format!("{path}."), out);
            continue;
        }
        let path = if target.get("additionalProperties").is_some() {
            format!("{path}.<regel>")
        } else {
            path
        };
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().replace('|', "\\|");
        let description = property
            .get("description")
            .or_else(|| target.get("description"))
            .map(text)
            .unwrap_or_default();
        let example = match property.get("examples").and_then(|e| e.get(0)) {
            Some(serde_json::Value::String(s)) => s.replace('|', "\\|").replace('*', "\\*"),
            Some(serde_json::Value::Bool(true)) => "waar".to_string(),
            Some(serde_json::Value::Bool(false)) => "onwaar".to_string(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        out.push((path, description, example));
    }
}

/// A `$ref` to the definition it names.
fn resolve<'a>(
    root: &'a serde_json::Value,
    schema: &'a serde_json::Value,
) -> &'a serde_json::Value {
    match schema
        .get("$ref")
        .and_then(|r| r.as_str())
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) => root
            .get("$defs")
            .and_then(|d| d.get(name))
            .unwrap_or(schema),
        None => schema,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `templates/README.md` lists every placeholder of the types above.
    /// After changing them: `UPDATE_PLACEHOLDERS=1 cargo test --lib
    /// letter::context`.
    #[test]
    fn the_placeholder_tables_in_the_readme_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let (Some(start), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
            panic!("templates/README.md has no markers {BEGIN} … {END}");
        };
        let committed = &readme[start..end + END.len()];
        let generated = placeholder_tables();
        if committed == generated {
            return;
        }
        if std::env::var_os("UPDATE_PLACEHOLDERS").is_some() {
            let updated = readme.replace(committed, &generated);
            std::fs::write(&path, updated).unwrap();
            return;
        }
        panic!(
            "The placeholder tables in templates/README.md differ from the types in \
             src/letter/context.rs. Regenerate them with\n  UPDATE_PLACEHOLDERS=1 cargo test --lib \
             letter::context\nand review the diff.\n\nGenerated:\n{generated}"
        );
    }

    #[test]
    fn every_leaf_has_a_description_and_an_example() {
        let mut all = placeholders(&schemars::schema_for!(TemplateContext));
        for (_, schema) in text_extras() {
            all.extend(placeholders(&schema));
        }
        assert!(all.len() > 40, "{all:?}");
        for (path, description, example) in all {
            assert!(!description.is_empty(), "{path}: no description");
            assert!(!example.is_empty(), "{path}: no example");
        }
    }
}
