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
            "contact",
            "ondertekening",
            "bezwaar",
            "archief",
            "beleid",
            "wetten",
            "ioaw_goedgekeurd",
            "mandaat",
        ],
    )?;
    let contact = group(
        r,
        f.get("contact"),
        "bij contact",
        "`contact`",
        &["telefoon", "email"],
    )
    .map(|c| Contact {
        telefoon: opt_text(r, &c, "telefoon"),
        email: opt_text(r, &c, "email"),
    });
    let gemeente = gemeente(r, f.get("gemeente"));
    let naam = gemeente
        .as_ref()
        .map_or("Ridderkerk", |g| g.naam.as_str())
        .to_string();
    let ondertekening = ondertekening(r, f.get("ondertekening"));
    let bezwaar = bezwaar(r, f.get("bezwaar"), &naam);
    let archief = archief(r, f.get("archief"));
    let wetten = wetten(r, f.get("wetten"));
    let ioaw = match f.get("ioaw_goedgekeurd") {
        Some((n, _)) if n.value != Value::Null => ioaw_goedgekeurd(r, n),
        _ => Some(Vec::new()),
    };
    let policy = policy(r, f.get("beleid"), wetten)
        .zip(ioaw)
        .map(|(p, i)| p.with_ioaw(i));
    let mandaat = match f.get("mandaat") {
        Some((node, key)) if node.value != Value::Null => Some(super::mandaat::load(r, node, key)),
        _ => None,
    };
    Some(Settings {
        gemeente: gemeente?,
        contact: contact?,
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
            "rekening",
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
        rekening: opt_text(r, &f, "rekening"),
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
    "procedure",
    "terugvordering",
    "nabetaling_weken",
    "overgangsperiode_weken",
    "meldingsformulier",
    "vrijlating",
    "pw_verwijzingen",
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
        let version = policy_version(&mut inner, &node, None, None);
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
        if let Some(v) = policy_version(r, item, previous.as_ref(), Some(&built_in)) {
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

/// One policy version; what it leaves out it inherits from the `previous`
/// version. A first version must state the parameters of the original
/// rules; the parameters added later (the Awb procedure, recovery, the
/// vrijlating, the IOAW mappings) it may leave to the built-in `defaults`.
fn policy_version(
    r: &mut Reader,
    node: &Node,
    previous: Option<&PolicyVersion>,
    defaults: Option<&PolicyVersion>,
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
    let base = previous.or(defaults);
    macro_rules! later {
        ($key:literal, $read:expr, $inherit:expr) => {{
            match f.get($key) {
                Some((n, k)) => $read(&mut *r, n, k),
                None => match base {
                    Some(p) => Some($inherit(p)),
                    None => {
                        r.error(
                            f.span,
                            format!("Het veld `{}` ontbreekt in het ingebouwde beleid.", $key),
                        );
                        None
                    }
                },
            }
        }};
    }
    let procedure = later!(
        "procedure",
        |r: &mut Reader, n, k| procedure(r, n, k, base.map(|p: &PolicyVersion| &p.procedure)),
        |p: &PolicyVersion| p.procedure.clone()
    );
    let terugvordering = later!(
        "terugvordering",
        |r: &mut Reader, n, k| terugvordering(
            r,
            n,
            k,
            base.map(|p: &PolicyVersion| &p.terugvordering)
        ),
        |p: &PolicyVersion| p.terugvordering.clone()
    );
    let nabetaling = later!(
        "nabetaling_weken",
        |r: &mut Reader, n, _| r.integer(n, "nabetaling_weken", 1..=52).map(|s| s.value),
        |p: &PolicyVersion| p.nabetaling_weken
    );
    let overgang = later!(
        "overgangsperiode_weken",
        |r: &mut Reader, n, _| r
            .integer(n, "overgangsperiode_weken", 0..=52)
            .map(|s| s.value),
        |p: &PolicyVersion| p.overgangsperiode_weken
    );
    let formulier = later!(
        "meldingsformulier",
        |r: &mut Reader, n, _| r.text(n, "meldingsformulier").map(|s| s.value),
        |p: &PolicyVersion| p.meldingsformulier.clone()
    );
    let vrijlating = later!("vrijlating", vrijlating_bedragen, |p: &PolicyVersion| p
        .vrijlating
        .clone());
    let pw_verwijzingen = later!("pw_verwijzingen", pw_verwijzingen, |p: &PolicyVersion| p
        .pw_verwijzingen
        .clone());

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
        procedure: procedure?,
        terugvordering: terugvordering?,
        nabetaling_weken: nabetaling?,
        overgangsperiode_weken: overgang?,
        meldingsformulier: formulier?,
        vrijlating: vrijlating?,
        pw_verwijzingen: pw_verwijzingen?,
    })
}

/// `procedure:`; what it leaves out is taken from `base`.
fn procedure(
    r: &mut Reader,
    node: &Node,
    key: Span,
    base: Option<&Procedure>,
) -> Option<Procedure> {
    let f = r.fields(
        node,
        key,
        "in de procedure",
        "`procedure`",
        &[
            "voornemen_intrekking",
            "voornemen_terugvordering",
            "voornemen_terugvordering_vanaf",
            "zienswijze_dagen",
            "hersteltermijnen",
            "terugdateren_dagen",
        ],
    )?;
    let missing = |r: &mut Reader, key: &str| {
        r.error(
            f.span,
            format!("Het veld `{key}` ontbreekt in `procedure`."),
        );
    };
    macro_rules! get {
        ($key:literal, $read:expr, $field:ident) => {{
            match f.optional($key) {
                Some(n) => $read(&mut *r, n),
                None => match base {
                    Some(b) => Some(b.$field.clone()),
                    None => {
                        missing(&mut *r, $key);
                        None
                    }
                },
            }
        }};
    }
    let voornemen_intrekking = get!(
        "voornemen_intrekking",
        |r: &mut Reader, n| r.boolean(n, "voornemen_intrekking").map(|b| b.value),
        voornemen_intrekking
    );
    let voornemen_terugvordering = get!(
        "voornemen_terugvordering",
        |r: &mut Reader, n| r.boolean(n, "voornemen_terugvordering").map(|b| b.value),
        voornemen_terugvordering
    );
    let vanaf = get!(
        "voornemen_terugvordering_vanaf",
        |r: &mut Reader, n| r
            .amount(n, "voornemen_terugvordering_vanaf")
            .map(|b| b.value),
        voornemen_terugvordering_vanaf
    );
    let dagen = get!(
        "zienswijze_dagen",
        |r: &mut Reader, n| r.integer(n, "zienswijze_dagen", 1..=90).map(|b| b.value),
        zienswijze_dagen
    );
    let herstel = get!(
        "hersteltermijnen",
        |r: &mut Reader, n| hersteltermijnen(r, n),
        hersteltermijnen
    );
    let terug = get!(
        "terugdateren_dagen",
        |r: &mut Reader, n| r.integer(n, "terugdateren_dagen", 0..=365).map(|b| b.value),
        terugdateren_dagen
    );
    Some(Procedure {
        voornemen_intrekking: voornemen_intrekking?,
        voornemen_terugvordering: voornemen_terugvordering?,
        voornemen_terugvordering_vanaf: vanaf?,
        zienswijze_dagen: dagen?,
        hersteltermijnen: herstel?,
        terugdateren_dagen: terug?,
    })
}

fn hersteltermijnen(r: &mut Reader, node: &Node) -> Option<BTreeMap<StukSoort, u32>> {
    let Value::Map(entries) = &node.value else {
        r.error(
            node.span,
            "`hersteltermijnen` noemt per soort stuk het aantal dagen, zoals `vog: 42`.",
        );
        return None;
    };
    let keys: Vec<&str> = StukSoort::ALL.iter().map(|s| s.key()).collect();
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let name = k.scalar().unwrap_or_default();
        let Some(soort) = StukSoort::from_key(name) else {
            r.error(
                k.span,
                format!(
                    "`{name}` is geen soort stuk; kies uit: {}.",
                    keys.join(", ")
                ),
            );
            continue;
        };
        if let Some(days) = r.integer(v, name, 1..=365) {
            out.insert(soort, days.value);
        }
    }
    if !out.contains_key(&StukSoort::Overig) {
        r.error(
            node.span,
            "`hersteltermijnen` moet ook een termijn voor `overig` noemen: die geldt voor elk \
             soort stuk dat er niet apart in staat.",
        );
        return None;
    }
    Some(out)
}

fn terugvordering(
    r: &mut Reader,
    node: &Node,
    key: Span,
    base: Option<&Terugvordering>,
) -> Option<Terugvordering> {
    let f = r.fields(
        node,
        key,
        "bij de terugvordering",
        "`terugvordering`",
        &[
            "grondslag",
            "beleid",
            "betalingstermijn_weken",
            "verrekenen",
        ],
    )?;
    let keys: Vec<&str> = Grondslag::ALL.iter().map(|g| g.key()).collect();
    let grondslag = match f.optional("grondslag") {
        Some(n) => r
            .keyword(n, "grondslag", &keys, Grondslag::from_key)
            .map(|g| g.value),
        None => base.map(|b| b.grondslag),
    };
    let beleid = match f.optional("beleid") {
        Some(n) => r.text(n, "beleid").map(|t| Some(t.value)),
        None => Some(base.and_then(|b| b.beleid.clone())),
    };
    let termijn = match f.optional("betalingstermijn_weken") {
        Some(n) => r
            .integer(n, "betalingstermijn_weken", 6..=52)
            .map(|t| t.value),
        None => base.map(|b| b.betalingstermijn_weken),
    };
    let verrekenen = match f.optional("verrekenen") {
        Some(n) => r.boolean(n, "verrekenen").map(|b| b.value),
        None => base.map(|b| b.verrekenen),
    };
    if grondslag.is_none() || termijn.is_none() || verrekenen.is_none() {
        r.error(
            f.span,
            "`terugvordering` noemt `grondslag` (onverschuldigd of herziening), \
             `betalingstermijn_weken` en `verrekenen`.",
        );
        return None;
    }
    Some(Terugvordering {
        grondslag: grondslag?,
        beleid: beleid?,
        betalingstermijn_weken: termijn?,
        verrekenen: verrekenen?,
    })
}

fn vrijlating_bedragen(r: &mut Reader, node: &Node, _: Span) -> Option<Vec<VrijlatingBedrag>> {
    let items = r.list(node, "vrijlating")?;
    let mut out = Vec::new();
    for item in items {
        let Some(f) = r.fields(
            item,
            item.span,
            "bij een vrijlating",
            "een vrijlating",
            &["vanaf", "wet", "procent", "maximum", "maanden", "bron"],
        ) else {
            continue;
        };
        let vanaf = r
            .required(&f, "vanaf")
            .and_then(|(n, _)| r.date(n, "vanaf"));
        let keys: Vec<&str> = Wet::ALL.iter().map(|w| w.key()).collect();
        let wet = r
            .required(&f, "wet")
            .and_then(|(n, _)| r.keyword(n, "wet", &keys, Wet::from_key));
        let procent = r
            .required(&f, "procent")
            .and_then(|(n, _)| r.hours(n, "procent"));
        let maximum = r
            .required(&f, "maximum")
            .and_then(|(n, _)| r.amount(n, "maximum"));
        let maanden = r
            .required(&f, "maanden")
            .and_then(|(n, _)| r.integer(n, "maanden", 1..=60));
        let bron = r.required(&f, "bron").and_then(|(n, _)| r.text(n, "bron"));
        if let Some(p) = &procent
            && p.value > Decimal::from(100)
        {
            r.error(p.span, "`procent` kan niet meer dan 100 zijn.");
            continue;
        }
        if let (Some(vanaf), Some(wet), Some(procent), Some(maximum), Some(maanden), Some(bron)) =
            (vanaf, wet, procent, maximum, maanden, bron)
        {
            out.push(VrijlatingBedrag {
                vanaf: vanaf.value,
                wet: wet.value,
                procent: procent.value,
                maximum: maximum.value,
                maanden: maanden.value,
                bron: bron.value,
            });
        }
    }
    Some(out)
}

fn pw_verwijzingen(r: &mut Reader, node: &Node, _: Span) -> Option<Vec<PwVerwijzing>> {
    let items = r.list(node, "pw_verwijzingen")?;
    let mut out = Vec::new();
    for item in items {
        let Some(f) = r.fields(
            item,
            item.span,
            "bij een verwijzing naar de Participatiewet",
            "een verwijzing",
            &["bepaling", "onderwerpen"],
        ) else {
            continue;
        };
        let bepaling = r
            .required(&f, "bepaling")
            .and_then(|(n, _)| r.text(n, "bepaling"));
        let onderwerpen = r.required(&f, "onderwerpen").and_then(|(n, _)| {
            let list = r.list(n, "onderwerpen")?;
            let mut subjects = Vec::new();
            for s in list {
                let text = r.text(s, "onderwerpen")?;
                match Subject::from_key(&text.value) {
                    Some(subject) => subjects.push(subject),
                    None => r.error(
                        text.span,
                        format!("`{}` is geen onderwerp van de wettentabel.", text.value),
                    ),
                }
            }
            Some(subjects)
        });
        if let (Some(bepaling), Some(onderwerpen)) = (bepaling, onderwerpen) {
            out.push(PwVerwijzing {
                bepaling: bepaling.value,
                onderwerpen,
            });
        }
    }
    Some(out)
}

fn ioaw_goedgekeurd(r: &mut Reader, node: &Node) -> Option<Vec<IoawGoedkeuring>> {
    let items = r.list(node, "ioaw_goedgekeurd")?;
    let mut out = Vec::new();
    for item in items {
        let Some(f) = r.fields(
            item,
            item.span,
            "bij een goedkeuring voor de IOAW",
            "een goedkeuring",
            &["bepaling", "datum", "door"],
        ) else {
            continue;
        };
        let bepaling = r
            .required(&f, "bepaling")
            .and_then(|(n, _)| r.text(n, "bepaling"));
        let datum = r
            .required(&f, "datum")
            .and_then(|(n, _)| r.date(n, "datum"));
        let door = r.required(&f, "door").and_then(|(n, _)| r.text(n, "door"));
        if let (Some(bepaling), Some(datum), Some(door)) = (bepaling, datum, door) {
            out.push(IoawGoedkeuring {
                bepaling: bepaling.value,
                datum: datum.value,
                door: door.value,
            });
        }
    }
    Some(out)
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
