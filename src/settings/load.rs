//! Reading `pto.yaml`, with the same strict, Dutch-speaking reader as the
//! case files.

use std::path::Path;

use super::*;
use crate::case::read::{Fields, Reader};
use crate::case::yaml::{self, Node, Value};
use crate::case::{Categorie, read_text};
use crate::diag::{InputError, Span};

/// Loads `pto.yaml` from a case repository; built-in defaults where it is
/// absent or silent.
pub fn load_settings(root: &Path) -> Result<Settings, Vec<InputError>> {
    let path = root.join("pto.yaml");
    if !path.exists() {
        return settings_from_str("pto.yaml", "");
    }
    let name = path.display().to_string();
    let text = read_text(&path).map_err(|m| vec![InputError::file(&name, m)])?;
    settings_from_str(&name, &text)
}

/// Loads settings from the text of a `pto.yaml`; `file` names it in messages.
pub fn settings_from_str(file: &str, text: &str) -> Result<Settings, Vec<InputError>> {
    let root = if text.trim().is_empty() {
        Node {
            value: Value::Map(Vec::new()),
            span: Span::START,
        }
    } else {
        yaml::parse(text).map_err(|e| vec![InputError::at(file, e.span, e.message)])?
    };
    let mut r = Reader::with_source(file, text);
    let settings = read_settings(&mut r, &root);
    match settings {
        Some(s) if r.errors.is_empty() => Ok(s),
        _ => Err(r.errors),
    }
}

fn read_settings(r: &mut Reader, root: &Node) -> Option<Settings> {
    let f = r.fields(
        root,
        Span::START,
        "in pto.yaml",
        "pto.yaml",
        &[
            "gemeente",
            "ondertekening",
            "bezwaar",
            "archief",
            "beleid",
            "wetten",
            "mandaat",
        ],
    )?;
    let gemeente = gemeente(r, f.get("gemeente"));
    let naam = gemeente
        .as_ref()
        .map_or("Ridderkerk", |g| g.naam.as_str())
        .to_string();
    let ondertekening = ondertekening(r, f.get("ondertekening"));
    let bezwaar = bezwaar(r, f.get("bezwaar"), &naam);
    let archief = archief(r, f.get("archief"));
    let wetten = wetten(r, f.get("wetten"));
    let policy = policy(r, f.get("beleid"), wetten);
    let mandaat = match f.get("mandaat") {
        Some((node, key)) if node.value != Value::Null => Some(super::mandaat::load(r, node, key)),
        _ => None,
    };
    Some(Settings {
        gemeente: gemeente?,
        ondertekening: ondertekening?,
        bezwaar: bezwaar?,
        archief: archief?,
        policy: policy?,
        mandaat: match mandaat {
            None => None,
            Some(table) => Some(table?),
        },
    })
}

/// The fields of an optional group; an absent group reads as an empty one.
fn group<'n>(
    r: &mut Reader,
    entry: Option<(&'n Node, Span)>,
    owner: &'static str,
    what: &str,
    allowed: &[&'static str],
) -> Option<Fields<'n>> {
    static EMPTY: Node = Node {
        value: Value::Map(Vec::new()),
        span: Span::START,
    };
    match entry {
        Some((node, key)) if node.value != Value::Null => r.fields(node, key, owner, what, allowed),
        _ => r.fields(&EMPTY, Span::START, owner, what, allowed),
    }
}

fn opt_text(r: &mut Reader, f: &Fields, key: &str) -> Option<String> {
    f.optional(key)
        .and_then(|n| r.text(n, key))
        .map(|s| s.value)
}

fn opt_lines(r: &mut Reader, f: &Fields, key: &str) -> Vec<String> {
    f.optional(key)
        .and_then(|n| r.lines(n, key))
        .unwrap_or_default()
}

fn gemeente(r: &mut Reader, entry: Option<(&Node, Span)>) -> Option<Gemeente> {
    let f = group(
        r,
        entry,
        "bij de gemeente",
        "`gemeente`",
        &[
            "naam",
            "college",
            "afdeling",
            "postadres",
            "bezoekadres",
            "telefoon",
            "website",
            "email",
        ],
    )?;
    let naam = opt_text(r, &f, "naam").unwrap_or_else(|| "Ridderkerk".into());
    let college = opt_text(r, &f, "college")
        .unwrap_or_else(|| format!("Burgemeester en wethouders van {naam}"));
    Some(Gemeente {
        college,
        afdeling: opt_text(r, &f, "afdeling"),
        postadres: opt_lines(r, &f, "postadres"),
        bezoekadres: opt_lines(r, &f, "bezoekadres"),
        telefoon: opt_text(r, &f, "telefoon"),
        website: opt_text(r, &f, "website"),
        email: opt_text(r, &f, "email"),
        naam,
    })
}

fn ondertekening(r: &mut Reader, entry: Option<(&Node, Span)>) -> Option<Ondertekening> {
    let mut keys = vec!["naam", "functie"];
    keys.extend(super::signing::KEYS);
    let f = group(r, entry, "bij de ondertekening", "`ondertekening`", &keys)?;
    let naam = f.optional("naam").and_then(|n| r.text(n, "naam"));
    let functie =
        opt_text(r, &f, "functie").unwrap_or_else(|| "de teamleider Werk en Inkomen".into());
    let digitaal = super::signing::load(r, &f, naam.as_ref())?;
    Some(Ondertekening {
        naam: naam.map(|n| n.value),
        functie,
        digitaal,
        ondertekend_door: None,
    })
}

fn bezwaar(r: &mut Reader, entry: Option<(&Node, Span)>, gemeente: &str) -> Option<Bezwaar> {
    let f = group(
        r,
        entry,
        "bij bezwaar",
        "`bezwaar`",
        &["aan", "adres", "digitaal"],
    )?;
    Some(Bezwaar {
        aan: opt_text(r, &f, "aan").unwrap_or_else(|| {
            format!("het college van burgemeester en wethouders van {gemeente}")
        }),
        adres: opt_lines(r, &f, "adres"),
        digitaal: opt_text(r, &f, "digitaal"),
    })
}

fn archief(r: &mut Reader, entry: Option<(&Node, Span)>) -> Option<Archief> {
    let f = group(
        r,
        entry,
        "bij het archief",
        "`archief`",
        &[
            "pdf",
            "waardering",
            "bewaartermijn_jaren",
            "beperking_gebruik",
        ],
    )?;
    let pdf = match f.optional("pdf").and_then(|n| r.text(n, "pdf")) {
        None => PdfStandard::A2b,
        Some(s) if s.value == "pdf-a-2b" => PdfStandard::A2b,
        Some(s) if s.value == "pdf-a-3b" => PdfStandard::A3b,
        Some(s) => {
            r.error(
                s.span,
                format!("`pdf` moet pdf-a-2b of pdf-a-3b zijn, niet `{}`.", s.value),
            );
            return None;
        }
    };
    let waardering = opt_text(r, &f, "waardering").unwrap_or_else(|| "V".into());
    if waardering != "V" && waardering != "B" {
        r.error(
            f.span_of("waardering"),
            "`waardering` moet V (vernietigen na de bewaartermijn) of B (blijvend bewaren) zijn.",
        );
        return None;
    }
    let bewaartermijn = f
        .optional("bewaartermijn_jaren")
        .and_then(|n| r.integer(n, "bewaartermijn_jaren", 1..=200));
    Some(Archief {
        pdf,
        waardering,
        bewaartermijn_jaren: bewaartermijn.map(|s| s.value),
        beperking_gebruik: opt_text(r, &f, "beperking_gebruik").unwrap_or_else(|| {
            "Bevat persoonsgegevens; niet openbaar (artikel 5.1 Wet open overheid).".into()
        }),
    })
}

const POLICY_KEYS: &[&str] = &[
    "vanaf",
    "naam",
    "citeertitel",
    "url",
    "max_uren_per_jaar",
    "richtlijn_uren_per_week",
    "jaarstukken_voor",
    "beslistermijn_weken",
    "bezwaartermijn_weken",
    "kostensignaal_procent",
    "evaluatie_maanden",
    "niet_aftrekbaar",
    "artikelen",
];

/// The built-in statute table with the rows `pto.yaml` adds under `wetten`.
fn wetten(r: &mut Reader, entry: Option<(&Node, Span)>) -> Option<Wetten> {
    wetten::load(r, entry)
}

fn policy(r: &mut Reader, entry: Option<(&Node, Span)>, wetten: Option<Wetten>) -> Option<Policy> {
    let built_in = {
        let node = match yaml::parse(RIDDERKERK_2023) {
            Ok(node) => node,
            Err(e) => {
                r.error(
                    e.span,
                    format!("Het ingebouwde beleid is beschadigd: {}", e.message),
                );
                return None;
            }
        };
        let mut inner = Reader::new("<ingebouwd beleid>");
        let version = policy_version(&mut inner, &node, None);
        r.errors.extend(inner.errors);
        version?
    };
    let Some((node, _)) = entry.filter(|(n, _)| n.value != Value::Null) else {
        return Some(Policy::new(vec![built_in])?.with_wetten(wetten?));
    };
    let items = r.list(node, "beleid")?;
    let mut versions: Vec<PolicyVersion> = Vec::new();
    // Later versions may leave out what does not change; the first states all.
    let mut sorted: Vec<&Node> = items.iter().collect();
    sorted.sort_by_key(|n| {
        let Value::Map(entries) = &n.value else {
            return String::new();
        };
        entries
            .iter()
            .find(|(k, _)| k.scalar() == Some("vanaf"))
            .and_then(|(_, v)| v.scalar().map(str::to_string))
            .unwrap_or_default()
    });
    for item in sorted {
        let previous = versions.last().cloned();
        if let Some(v) = policy_version(r, item, previous.as_ref()) {
            versions.push(v);
        }
    }
    if items.is_empty() {
        r.error(
            node.span,
            "`beleid` is leeg: noem ten minste één beleid met zijn ingangsdatum (`vanaf`).",
        );
    }
    Some(Policy::new(versions)?.with_wetten(wetten?))
}

fn policy_version(
    r: &mut Reader,
    node: &Node,
    previous: Option<&PolicyVersion>,
) -> Option<PolicyVersion> {
    let f = r.fields(node, node.span, "in een beleid", "een beleid", POLICY_KEYS)?;
    let vanaf = r
        .required(&f, "vanaf")
        .and_then(|(n, _)| r.date(n, "vanaf"));
    macro_rules! field {
        ($key:literal, $read:expr, $inherit:expr) => {{
            match f.optional($key) {
                Some(n) => $read(&mut *r, n),
                None => match previous {
                    Some(p) => Some($inherit(p)),
                    None => {
                        r.error(
                            f.span,
                            format!("Het veld `{}` ontbreekt in het eerste beleid.", $key),
                        );
                        None
                    }
                },
            }
        }};
    }
    let naam = field!(
        "naam",
        |r: &mut Reader, n| r.text(n, "naam").map(|s| s.value),
        |p: &PolicyVersion| p.naam.clone()
    );
    // The title the policy is cited by; a first policy without one is
    // cited by its name.
    let citeertitel = match (f.optional("citeertitel"), previous) {
        (Some(n), _) => r.text(n, "citeertitel").map(|s| s.value),
        (None, Some(p)) if f.optional("naam").is_none() => Some(p.citeertitel.clone()),
        (None, _) => naam.clone(),
    };
    let url = field!(
        "url",
        |r: &mut Reader, n| r.text(n, "url").map(|s| s.value),
        |p: &PolicyVersion| p.url.clone()
    );
    let max_uren = field!(
        "max_uren_per_jaar",
        |r: &mut Reader, n| r.hours(n, "max_uren_per_jaar").map(|s| s.value),
        |p: &PolicyVersion| p.max_uren_per_jaar
    );
    let richtlijn = field!(
        "richtlijn_uren_per_week",
        |r: &mut Reader, n| r.hours(n, "richtlijn_uren_per_week").map(|s| s.value),
        |p: &PolicyVersion| p.richtlijn_uren_per_week
    );
    let voor = field!("jaarstukken_voor", month_day, |p: &PolicyVersion| p
        .jaarstukken_voor);
    let beslis = field!(
        "beslistermijn_weken",
        |r: &mut Reader, n| r.integer(n, "beslistermijn_weken", 1..=52).map(|s| s.value),
        |p: &PolicyVersion| p.beslistermijn_weken
    );
    let bezwaar = field!(
        "bezwaartermijn_weken",
        |r: &mut Reader, n| r
            .integer(n, "bezwaartermijn_weken", 1..=52)
            .map(|s| s.value),
        |p: &PolicyVersion| p.bezwaartermijn_weken
    );
    let signaal = field!(
        "kostensignaal_procent",
        |r: &mut Reader, n| r.hours(n, "kostensignaal_procent").map(|s| s.value),
        |p: &PolicyVersion| p.kostensignaal_procent
    );
    let evaluatie = field!(
        "evaluatie_maanden",
        |r: &mut Reader, n| r.integer(n, "evaluatie_maanden", 1..=60).map(|s| s.value),
        |p: &PolicyVersion| p.evaluatie_maanden
    );
    let niet_aftrekbaar = field!("niet_aftrekbaar", categories, |p: &PolicyVersion| p
        .niet_aftrekbaar
        .clone());
    let artikelen = match f.optional("artikelen") {
        Some(n) => articles(r, n, f.span_of("artikelen"))?,
        None => previous.map(|p| p.artikelen.clone()).unwrap_or_default(),
    };
    Some(PolicyVersion {
        vanaf: vanaf?.value,
        naam: naam?,
        citeertitel: citeertitel?,
        url: url?,
        max_uren_per_jaar: max_uren?,
        richtlijn_uren_per_week: richtlijn?,
        jaarstukken_voor: voor?,
        beslistermijn_weken: beslis?,
        bezwaartermijn_weken: bezwaar?,
        kostensignaal_procent: signaal?,
        evaluatie_maanden: evaluatie?,
        niet_aftrekbaar: niet_aftrekbaar?,
        artikelen,
    })
}

/// `MM-DD`: a day of the year following the book year.
fn month_day(r: &mut Reader, node: &Node) -> Option<(u32, u32)> {
    let text = r.text(node, "jaarstukken_voor")?;
    let parsed = text.value.split_once('-').and_then(|(m, d)| {
        let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
        NaiveDate::from_ymd_opt(2023, m, d).map(|_| (m, d))
    });
    if parsed.is_none() {
        r.error(
            text.span,
            format!("`jaarstukken_voor` moet een dag zijn in de vorm MM-DD (05-01 voor 1 mei), niet `{}`.", text.value),
        );
    }
    parsed
}

fn categories(r: &mut Reader, node: &Node) -> Option<Vec<Categorie>> {
    let items = r.list(node, "niet_aftrekbaar")?;
    let mut out = Vec::new();
    for item in items {
        let text = r.text(item, "niet_aftrekbaar")?;
        match Categorie::from_key(&text.value) {
            Some(c) => out.push(c),
            None => r.error(
                text.span,
                format!("Onbekende kostencategorie `{}`.", text.value),
            ),
        }
    }
    Some(out)
}

fn articles(r: &mut Reader, node: &Node, key: Span) -> Option<BTreeMap<String, String>> {
    let Value::Map(entries) = &node.value else {
        r.error(
            key,
            "`artikelen` moet per regel-id een artikel noemen, zoals `art5.1: artikel 6 lid 1`.",
        );
        return None;
    };
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let id = k.scalar().unwrap_or_default();
        if crate::rules::lookup(id).is_none() {
            r.error(
                k.span,
                format!("`{id}` is geen regel van pto; zie `pto check --help` voor de regels."),
            );
            continue;
        }
        if let Some(text) = r.text(v, id) {
            out.insert(id.to_string(), text.value);
        }
    }
    Some(out)
}
