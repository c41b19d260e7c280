//! Loading a case file: bytes → YAML nodes → a typed `Case`, or every input
//! error of the file, each with its line, column and a Dutch message.

use std::collections::BTreeMap;
use std::path::Path;

use super::model::*;
use super::read::{Fields, Reader};
use super::yaml::{self, Node, Value};
use crate::calendar::Month;
use crate::diag::{InputError, Sp, Span};

/// A case file is small; anything larger is not a case file.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A loaded case file: the typed case, and the text it was read from.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub path: String,
    pub source: String,
    pub case: Case,
}

/// Reads and loads one case file from disk.
pub fn load_file(path: &Path) -> Result<Loaded, Vec<InputError>> {
    let name = path.display().to_string();
    let source = read_text(path).map_err(|message| vec![InputError::file(&name, message)])?;
    let case = load_str(&name, &source)?;
    Ok(Loaded {
        path: name,
        source,
        case,
    })
}

/// Reads a text file with the checks every input file gets (case files,
/// `pto.yaml`, templates): a regular file, not too large, UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, String> {
    bytes_to_text(read_regular(path, MAX_FILE_BYTES)?)
}

/// The bytes of the regular file at `path`, at most `max` of them.
///
/// A named pipe (FIFO), a device or a socket is refused, whatever its name:
/// reading a FIFO waits forever for a writer, and `/dev/zero` never ends. The
/// type is checked on the opened handle, not on the path, so that the file
/// cannot be swapped in between; the open itself does not block on a FIFO
/// (`O_NONBLOCK`). The read is bounded by `max` itself, never by the length
/// the file system reports.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(|e| io_message(&e))?;
    let meta = file.metadata().map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("Dit is een map, geen bestand.".into());
    }
    if !meta.is_file() {
        return Err(format!(
            "Dit is geen gewoon bestand maar {}; pto leest alleen gewone bestanden.",
            file_kind(&meta)
        ));
    }
    let too_large = |size: u64| {
        format!(
            "Het bestand is te groot ({:.1} MB; de grens is {} MB). Is dit het goede bestand?",
            size as f64 / 1_048_576.0,
            max / 1_048_576
        )
    };
    if meta.len() > max {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, in words.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "een named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "een apparaat (zoals /dev/zero)";
        }
        if kind.is_socket() {
            return "een socket";
        }
    }
    let _ = meta;
    "iets anders dan een gewoon bestand"
}

/// UTF-8 text, without a byte-order mark; binary files are refused.
pub fn bytes_to_text(bytes: Vec<u8>) -> Result<String, String> {
    let mut text = String::from_utf8(bytes).map_err(|_| {
        "Het bestand is geen tekstbestand (geen geldige UTF-8-tekst). \
         Sla het op als platte tekst (UTF-8)."
            .to_string()
    })?;
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    if text.contains('\0') {
        return Err("Het bestand bevat binaire gegevens (nul-tekens); het is geen dossier.".into());
    }
    Ok(text)
}

/// A Dutch explanation of an I/O error.
pub fn io_message(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match err.kind() {
        K::NotFound => "Het bestand bestaat niet.".into(),
        K::PermissionDenied => "Geen toestemming om het bestand te lezen.".into(),
        _ => format!("Het bestand kan niet worden gelezen ({err})."),
    }
}

const TOP: &[&str] = &[
    "zaaknummer",
    "aanvrager",
    "uitkering",
    "aanvraag",
    "toestemming",
    "investeringen",
    "maanden",
    "jaarstukken",
    "afwijkingen",
    "vrijlatingen",
    "zienswijzen",
    "evaluaties",
];

/// Loads a case from its text; `file` names it in messages.
pub fn load_str(file: &str, source: &str) -> Result<Case, Vec<InputError>> {
    if source.trim().is_empty() {
        return Err(vec![InputError::file(
            file,
            "Het bestand is leeg. Een dossier begint met `zaaknummer:`.",
        )]);
    }
    let root = yaml::parse(source).map_err(|e| vec![InputError::at(file, e.span, e.message)])?;
    let mut r = Reader::with_source(file, source);
    let case = read_case(&mut r, &root);
    match case {
        Some(case) if r.errors.is_empty() => Ok(case),
        _ => {
            let mut errors = r.errors;
            errors.sort_by_key(|e| e.span.map(|s| (s.line, s.column)));
            errors.dedup();
            Err(errors)
        }
    }
}

fn read_case(r: &mut Reader, root: &Node) -> Option<Case> {
    if !matches!(root.value, Value::Map(_)) {
        r.error(
            Span::START,
            format!(
                "Een dossier is een groep velden (zaaknummer:, aanvrager:, aanvraag:, ...), \
                 maar dit bestand bevat {}.",
                root.kind()
            ),
        );
        return None;
    }
    let f = r.fields(root, Span::START, "in het dossier", "het dossier", TOP)?;
    let zaaknummer = r
        .required(&f, "zaaknummer")
        .and_then(|(n, _)| zaaknummer(r, n));
    let aanvrager = r
        .required(&f, "aanvrager")
        .and_then(|(n, k)| aanvrager(r, n, k));
    let uitkering = r
        .required(&f, "uitkering")
        .and_then(|(n, k)| uitkering(r, n, k));
    let aanvraag = r
        .required(&f, "aanvraag")
        .and_then(|(n, k)| aanvraag(r, n, k));
    let toestemming = match f.get("toestemming") {
        Some((n, k)) if n.value != Value::Null => Some(toestemming(r, n, k)),
        _ => None,
    };
    let investeringen = list_of(r, &f, "investeringen", investering);
    let maanden = list_of(r, &f, "maanden", maand);
    let jaarstukken = list_of(r, &f, "jaarstukken", jaarstukken);
    let afwijkingen = list_of(r, &f, "afwijkingen", afwijking);
    let vrijlatingen = list_of(r, &f, "vrijlatingen", vrijlating);
    let zienswijzen = list_of(r, &f, "zienswijzen", zienswijze);
    let evaluaties = list_of(r, &f, "evaluaties", |r, n| {
        let f = r.fields(
            n,
            n.span,
            "bij een evaluatie",
            "een evaluatie",
            &["tot", "afweging", "afweging_besluit"],
        )?;
        let tot = r.required(&f, "tot").and_then(|(n, _)| r.month(n, "tot"));
        let afweging = r
            .required(&f, "afweging")
            .and_then(|(n, _)| r.text(n, "afweging"));
        let besluit = f
            .optional("afweging_besluit")
            .and_then(|n| r.text(n, "afweging_besluit"));
        if let (Some(a), Some(b)) = (&afweging, &besluit)
            && a.value.trim() == b.value.trim()
        {
            r.error(
                b.span,
                "`afweging_besluit` is dezelfde tekst als `afweging`. Na een zienswijze weegt het \
                 besluit ook wat de aanvrager zei (artikel 3:46 Awb): schrijf de afweging opnieuw.",
            );
        }
        Some(Evaluatie {
            span: n.span,
            tot: tot?,
            afweging: afweging?,
            afweging_besluit: besluit,
        })
    });
    if let Some(z) = &zaaknummer {
        for w in &zienswijzen {
            let prefix = format!("{}-VOORNEMEN-", z.value);
            if !w.voornemen.value.starts_with(&prefix) {
                r.error(
                    w.voornemen.span,
                    format!(
                        "`voornemen` moet het kenmerk van een voornemen in deze zaak zijn, zoals {prefix}EVALUATIE-202506; `{}` is dat niet.",
                        w.voornemen.value
                    ),
                );
            }
        }
    }
    for (i, w) in zienswijzen.iter().enumerate() {
        if let Some(first) = zienswijzen[..i]
            .iter()
            .find(|o| o.voornemen.value == w.voornemen.value)
        {
            r.error(
                w.voornemen.span,
                format!(
                    "Op het voornemen {} staan twee zienswijzen (ook op regel {}).",
                    w.voornemen.value, first.voornemen.span.line
                ),
            );
        }
    }

    no_duplicates(
        r,
        &maanden,
        |m| m.maand.value,
        |m| m.maand.span,
        |m| format!("Maand {m} staat twee keer in `maanden`"),
    );
    no_duplicates(
        r,
        &jaarstukken,
        |j| j.boekjaar.value,
        |j| j.boekjaar.span,
        |y| format!("Boekjaar {y} staat twee keer in `jaarstukken`"),
    );
    if let Some(u) = &uitkering {
        no_duplicates(
            r,
            &u.normen,
            |n| n.vanaf.value,
            |n| n.vanaf.span,
            |d| format!("Er staan twee normen met `vanaf: {d}`"),
        );
    }

    Some(Case {
        zaaknummer: zaaknummer?,
        aanvrager: aanvrager?,
        uitkering: uitkering?,
        aanvraag: aanvraag?,
        toestemming: toestemming.flatten(),
        investeringen,
        maanden,
        maanden_span: f.span_of("maanden"),
        jaarstukken,
        jaarstukken_span: f.span_of("jaarstukken"),
        afwijkingen,
        vrijlatingen,
        vrijlatingen_span: f.span_of("vrijlatingen"),
        zienswijzen,
        evaluaties,
    })
}

/// Reads an optional list field, item by item; items with errors are left out
/// (their errors are reported).
fn list_of<T>(
    r: &mut Reader,
    f: &Fields,
    key: &str,
    item: fn(&mut Reader, &Node) -> Option<T>,
) -> Vec<T> {
    let Some(node) = f.optional(key) else {
        return Vec::new();
    };
    let Some(items) = r.list(node, key) else {
        return Vec::new();
    };
    items.iter().filter_map(|n| item(r, n)).collect()
}

/// Reports each value that occurs twice, at its second place.
fn no_duplicates<T, K: Ord + Copy + std::fmt::Display>(
    r: &mut Reader,
    items: &[T],
    key: impl Fn(&T) -> K,
    span: impl Fn(&T) -> Span,
    message: impl Fn(K) -> String,
) {
    let mut seen: BTreeMap<K, Span> = BTreeMap::new();
    for item in items {
        let k = key(item);
        if let Some(first) = seen.get(&k) {
            let text = format!("{} (ook op regel {}).", message(k), first.line);
            r.error(span(item), text);
        } else {
            seen.insert(k, span(item));
        }
    }
}

fn zaaknummer(r: &mut Reader, node: &Node) -> Option<Sp<String>> {
    let value = r.text(node, "zaaknummer")?;
    let valid = value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        r.error(
            node.span,
            format!(
                "Het zaaknummer `{}` mag alleen letters, cijfers, - en _ bevatten \
                 (hooguit 64 tekens), zoals PTO-2024-0012.",
                value.value
            ),
        );
        return None;
    }
    Some(value)
}

fn aanvrager(r: &mut Reader, node: &Node, key: Span) -> Option<Aanvrager> {
    let f = r.fields(
        node,
        key,
        "bij de aanvrager",
        "`aanvrager`",
        &[
            "naam",
            "bsn",
            "adres",
            "achternaam",
            "voorvoegsel",
            "aanschrijfnaam",
            "aanspreekvorm",
            "geboortedatum",
            "elektronisch_bereikbaar",
        ],
    )?;
    let elektronisch = f
        .optional("elektronisch_bereikbaar")
        .and_then(|n| r.date(n, "elektronisch_bereikbaar"));
    let geboortedatum = f
        .optional("geboortedatum")
        .and_then(|n| r.date(n, "geboortedatum"));
    let achternaam = f
        .optional("achternaam")
        .and_then(|n| r.text(n, "achternaam"));
    let voorvoegsel = f
        .optional("voorvoegsel")
        .and_then(|n| r.text(n, "voorvoegsel"));
    let aanschrijfnaam = f
        .optional("aanschrijfnaam")
        .and_then(|n| r.text(n, "aanschrijfnaam"));
    let aanspreekvorm = f.optional("aanspreekvorm").and_then(|n| {
        let keys: Vec<&str> = Aanspreekvorm::ALL.iter().map(|a| a.key()).collect();
        r.keyword(n, "aanspreekvorm", &keys, Aanspreekvorm::from_key)
    });
    if let Some(v) = &voorvoegsel
        && achternaam.is_none()
    {
        r.error(
            v.span,
            "Een `voorvoegsel` hoort bij een `achternaam`; vul de achternaam (zonder \
             voorvoegsel) ook in.",
        );
    }
    if let Some(vorm) = &aanspreekvorm
        && achternaam.is_none()
        && aanschrijfnaam.is_none()
    {
        r.error(
            vorm.span,
            format!(
                "Bij `aanspreekvorm: {}` hoort een achternaam: vul `achternaam` (met \
                 `voorvoegsel`) of `aanschrijfnaam` in, zoals in de BRP. pto haalt de \
                 achternaam niet uit de naam.",
                vorm.value.key()
            ),
        );
    }
    let naam = r.required(&f, "naam").and_then(|(n, _)| r.text(n, "naam"));
    let bsn = r.required(&f, "bsn").and_then(|(n, _)| bsn(r, n));
    let adres = r.required(&f, "adres").and_then(|(n, k)| {
        let a = r.fields(
            n,
            k,
            "in het adres",
            "`adres`",
            &["straat", "postcode", "woonplaats"],
        )?;
        let straat = r
            .required(&a, "straat")
            .and_then(|(n, _)| r.text(n, "straat"));
        let postcode = r
            .required(&a, "postcode")
            .and_then(|(n, _)| r.text(n, "postcode"));
        let woonplaats = r
            .required(&a, "woonplaats")
            .and_then(|(n, _)| r.text(n, "woonplaats"));
        Some(Adres {
            straat: straat?.value,
            postcode: postcode?.value,
            woonplaats: woonplaats?.value,
        })
    });
    Some(Aanvrager {
        naam: naam?,
        bsn: bsn?,
        adres: adres?,
        achternaam,
        voorvoegsel,
        aanschrijfnaam,
        aanspreekvorm,
        geboortedatum,
        elektronisch_bereikbaar: elektronisch,
    })
}

/// A BSN: nine digits that pass the elfproef (the BSN 11-test).
fn bsn(r: &mut Reader, node: &Node) -> Option<Sp<String>> {
    let value = r.text(node, "bsn")?;
    if !(value.len() == 9 && value.bytes().all(|b| b.is_ascii_digit())) {
        r.error(
            node.span,
            format!(
                "Een BSN bestaat uit precies 9 cijfers; `{}` is dat niet. \
                 Zet het tussen aanhalingstekens als het met een 0 begint (\"012345672\").",
                value.value
            ),
        );
        return None;
    }
    if !elfproef(&value) {
        r.error(
            node.span,
            format!(
                "Het BSN {} is ongeldig: het voldoet niet aan de elfproef. \
                 Controleer of het goed is overgenomen.",
                value.value
            ),
        );
        return None;
    }
    Some(value)
}

/// The BSN 11-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and
/// not zero).
pub fn elfproef(bsn: &str) -> bool {
    let digits: Vec<i64> = bsn.bytes().map(|b| i64::from(b - b'0')).collect();
    if digits.len() != 9 {
        return false;
    }
    let sum: i64 = digits[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(d, w)| d * w)
        .sum::<i64>()
        - digits[8];
    sum != 0 && sum % 11 == 0
}

fn uitkering(r: &mut Reader, node: &Node, key: Span) -> Option<Uitkering> {
    let f = r.fields(
        node,
        key,
        "bij de uitkering",
        "`uitkering`",
        &["wet", "normen", "einddatum"],
    )?;
    let einddatum = f.optional("einddatum").and_then(|n| r.date(n, "einddatum"));
    let wet = r.required(&f, "wet").and_then(|(n, _)| wet(r, n));
    let normen = r.required(&f, "normen").and_then(|(n, _)| {
        let items = r.list(n, "normen")?;
        Some(
            items
                .iter()
                .filter_map(|item| norm(r, item))
                .collect::<Vec<_>>(),
        )
    });
    Some(Uitkering {
        wet: wet?,
        normen: normen?,
        normen_span: f.span_of("normen"),
        einddatum,
    })
}

/// `wet`: one of the two statutes the policy applies to (art. 1 lid 2 f).
fn wet(r: &mut Reader, node: &Node) -> Option<Sp<Wet>> {
    let text = r.text(node, "wet")?;
    if let Some(wet) = Wet::from_key(&text) {
        return Some(Sp::new(wet, node.span));
    }
    let keys: Vec<&str> = Wet::ALL.iter().map(|w| w.key()).collect();
    let hint = super::read::suggestion(&text, &keys)
        .map(|s| format!(" Bedoelde u `{s}`?"))
        .unwrap_or_default();
    r.error(
        node.span,
        format!(
            "Onbekende wet `{}`.{hint} Kies participatiewet of ioaw: parttime ondernemen met \
             behoud van uitkering kan alleen naast een uitkering op grond van de \
             Participatiewet of de IOAW (artikel 1 lid 2 onder f).",
            text.value
        ),
    );
    None
}

fn norm(r: &mut Reader, node: &Node) -> Option<Norm> {
    let f = r.fields(
        node,
        node.span,
        "bij een norm",
        "een norm",
        &["vanaf", "bedrag"],
    )?;
    let vanaf = r
        .required(&f, "vanaf")
        .and_then(|(n, _)| r.date(n, "vanaf"));
    let bedrag = r
        .required(&f, "bedrag")
        .and_then(|(n, _)| r.amount(n, "bedrag"));
    Some(Norm {
        vanaf: vanaf?,
        bedrag: bedrag?,
    })
}

const AANVRAAG: &[&str] = &[
    "datum",
    "klantmanager",
    "passend",
    "activiteit",
    "uren_per_week",
    "eigen_rekening_en_risico",
    "marktconforme_prijzen",
    "langlopende_verplichtingen",
    "kvk_nummer",
    "btw_id",
    "zakelijke_iban",
    "vergunningen",
    "vog",
    "plan_van_aanpak",
    "stukken",
];

fn aanvraag(r: &mut Reader, node: &Node, key: Span) -> Option<Aanvraag> {
    let f = r.fields(node, key, "in de aanvraag", "`aanvraag`", AANVRAAG)?;
    let datum = r
        .required(&f, "datum")
        .and_then(|(n, _)| r.date(n, "datum"));
    let klantmanager = f
        .optional("klantmanager")
        .and_then(|n| r.text(n, "klantmanager"));
    let passend = r
        .required(&f, "passend")
        .and_then(|(n, _)| r.boolean(n, "passend"));
    let activiteit = r
        .required(&f, "activiteit")
        .and_then(|(n, _)| r.text(n, "activiteit"));
    let uren_per_week = r
        .required(&f, "uren_per_week")
        .and_then(|(n, _)| r.hours(n, "uren_per_week"));
    if let Some(uren) = &uren_per_week
        && uren.value > rust_decimal::Decimal::from(168)
    {
        r.error(
            uren.span,
            format!(
                "`uren_per_week` is {}, maar een week heeft 168 uur.",
                uren.value
            ),
        );
    }
    let eigen = r
        .required(&f, "eigen_rekening_en_risico")
        .and_then(|(n, _)| r.boolean(n, "eigen_rekening_en_risico"));
    let markt = r
        .required(&f, "marktconforme_prijzen")
        .and_then(|(n, _)| r.boolean(n, "marktconforme_prijzen"));
    let langlopend = match f.optional("langlopende_verplichtingen") {
        Some(n) => r.list(n, "langlopende_verplichtingen").map(|items| {
            items
                .iter()
                .filter_map(|i| r.text(i, "langlopende_verplichtingen"))
                .collect()
        }),
        None => Some(Vec::new()),
    };
    let kvk = f
        .optional("kvk_nummer")
        .and_then(|n| r.text(n, "kvk_nummer"));
    let btw = f.optional("btw_id").and_then(|n| r.text(n, "btw_id"));
    let iban = f
        .optional("zakelijke_iban")
        .and_then(|n| r.text(n, "zakelijke_iban"));
    let vergunningen = list_of(r, &f, "vergunningen", |r, n| {
        let f = r.fields(
            n,
            n.span,
            "bij een vergunning",
            "een vergunning",
            &["omschrijving", "aanwezig"],
        )?;
        let omschrijving = r
            .required(&f, "omschrijving")
            .and_then(|(n, _)| r.text(n, "omschrijving"));
        let aanwezig = r
            .required(&f, "aanwezig")
            .and_then(|(n, _)| r.boolean(n, "aanwezig"));
        Some(Vergunning {
            omschrijving: omschrijving?,
            aanwezig: aanwezig?,
        })
    });
    let vog = f
        .get("vog")
        .filter(|(n, _)| n.value != Value::Null)
        .and_then(|(n, k)| {
            let f = r.fields(n, k, "bij de VOG", "`vog`", &["vereist", "aanwezig"])?;
            let vereist = r
                .required(&f, "vereist")
                .and_then(|(n, _)| r.boolean(n, "vereist"));
            let aanwezig = r
                .required(&f, "aanwezig")
                .and_then(|(n, _)| r.boolean(n, "aanwezig"));
            Some(Vog {
                vereist: vereist?,
                aanwezig: aanwezig?,
            })
        });
    let plan = f
        .get("plan_van_aanpak")
        .filter(|(n, _)| n.value != Value::Null)
        .and_then(|(n, k)| {
            let f = r.fields(
                n,
                k,
                "in het plan van aanpak",
                "`plan_van_aanpak`",
                &["datum", "arbeidsverplichting_uren_per_week", "ontheffing"],
            )?;
            let datum = r
                .required(&f, "datum")
                .and_then(|(n, _)| r.date(n, "datum"));
            let uren = f
                .optional("arbeidsverplichting_uren_per_week")
                .and_then(|n| r.hours(n, "arbeidsverplichting_uren_per_week"));
            let ontheffing = f
                .optional("ontheffing")
                .and_then(|n| r.text(n, "ontheffing"));
            Some(PlanVanAanpak {
                span: k,
                datum: datum?,
                arbeidsverplichting_uren_per_week: uren,
                ontheffing,
            })
        });
    let stukken = list_of(r, &f, "stukken", stuk);
    // With a KvK number the college looks the registration up itself in the
    // Handelsregister: it is not data missing for the assessment (Awb 4:5).
    if let Some(kvk) = &kvk {
        for s in stukken
            .iter()
            .filter(|s| *s.soort == StukSoort::KvkUittreksel && s.ontvangen.is_none())
        {
            r.error(
                s.soort.span,
                format!(
                    "De aanvraag noemt KvK-nummer {}: zoek de inschrijving zelf op in het \
                     Handelsregister en vraag geen uittreksel op (artikel 4:5 Awb geldt alleen \
                     voor gegevens die voor de beoordeling ontbreken). Haal dit stuk weg, of \
                     vul `ontvangen` in als het er al is.",
                    kvk.value
                ),
            );
        }
    }
    Some(Aanvraag {
        stukken,
        span: key,
        datum: datum?,
        klantmanager,
        passend: passend?,
        activiteit: activiteit?,
        uren_per_week: uren_per_week?,
        eigen_rekening_en_risico: eigen?,
        marktconforme_prijzen: markt?,
        langlopende_verplichtingen: langlopend?,
        langlopende_verplichtingen_span: f.span_of("langlopende_verplichtingen"),
        kvk_nummer: kvk,
        btw_id: btw,
        zakelijke_iban: iban,
        vergunningen,
        vog,
        plan_van_aanpak: plan,
    })
}

fn toestemming(r: &mut Reader, node: &Node, key: Span) -> Option<Toestemming> {
    let f = r.fields(
        node,
        key,
        "bij de toestemming",
        "`toestemming`",
        &["ingangsdatum", "einddatum", "besluit"],
    )?;
    let besluit = f
        .get("besluit")
        .filter(|(n, _)| n.value != Value::Null)
        .and_then(|(n, k)| {
            let b = r.fields(n, k, "bij het besluit", "`besluit`", &["datum", "kenmerk"])?;
            let datum = r
                .required(&b, "datum")
                .and_then(|(n, _)| r.date(n, "datum"));
            let kenmerk = r
                .required(&b, "kenmerk")
                .and_then(|(n, _)| r.text(n, "kenmerk"));
            Some(Besluit {
                datum: datum?,
                kenmerk: kenmerk?,
            })
        });
    let ingang = r
        .required(&f, "ingangsdatum")
        .and_then(|(n, _)| r.date(n, "ingangsdatum"));
    let eind = f.optional("einddatum").and_then(|n| r.date(n, "einddatum"));
    if let (Some(start), Some(end)) = (&ingang, &eind)
        && end.value < start.value
    {
        r.error(
            end.span,
            "De einddatum van de toestemming ligt vóór de ingangsdatum.",
        );
    }
    Some(Toestemming {
        span: key,
        ingangsdatum: ingang?,
        einddatum: eind,
        besluit,
    })
}

fn investering(r: &mut Reader, node: &Node) -> Option<Investering> {
    let f = r.fields(
        node,
        node.span,
        "bij een investering",
        "een investering",
        &["datum", "omschrijving", "bedrag", "toestemming"],
    )?;
    let datum = r
        .required(&f, "datum")
        .and_then(|(n, _)| r.date(n, "datum"));
    let omschrijving = r
        .required(&f, "omschrijving")
        .and_then(|(n, _)| r.text(n, "omschrijving"));
    let bedrag = r
        .required(&f, "bedrag")
        .and_then(|(n, _)| r.amount(n, "bedrag"));
    let toestemming = f
        .optional("toestemming")
        .and_then(|n| r.date(n, "toestemming"));
    Some(Investering {
        span: node.span,
        datum: datum?,
        omschrijving: omschrijving?,
        bedrag: bedrag?,
        toestemming,
    })
}

fn maand(r: &mut Reader, node: &Node) -> Option<Maand> {
    let f = r.fields(
        node,
        node.span,
        "in een maandopgave",
        "een maandopgave",
        &[
            "maand",
            "ingeleverd",
            "omzet",
            "uren_direct",
            "uren_indirect",
            "kosten",
        ],
    )?;
    let maand = r
        .required(&f, "maand")
        .and_then(|(n, _)| r.month(n, "maand"));
    let ingeleverd = f
        .optional("ingeleverd")
        .and_then(|n| r.date(n, "ingeleverd"));
    let omzet = r
        .required(&f, "omzet")
        .and_then(|(n, _)| r.amount(n, "omzet"));
    let direct = r
        .required(&f, "uren_direct")
        .and_then(|(n, _)| r.hours(n, "uren_direct"));
    let indirect = r
        .required(&f, "uren_indirect")
        .and_then(|(n, _)| r.hours(n, "uren_indirect"));
    let kosten = list_of(r, &f, "kosten", kost);
    if let (Some(m), Some(d), Some(i)) = (&maand, &direct, &indirect) {
        let max = rust_decimal::Decimal::from(24 * m.value.days());
        if d.value + i.value > max {
            r.error(
                d.span,
                format!(
                    "In {} staan {} uur, maar die maand heeft maar {} uur.",
                    m.value.in_words(),
                    d.value + i.value,
                    max
                ),
            );
        }
    }
    Some(Maand {
        maand: maand?,
        ingeleverd,
        omzet: omzet?,
        uren_direct: direct?,
        uren_indirect: indirect?,
        kosten,
    })
}

fn kost(r: &mut Reader, node: &Node) -> Option<Kost> {
    let f = r.fields(
        node,
        node.span,
        "bij een kostenpost",
        "een kostenpost",
        &[
            "omschrijving",
            "categorie",
            "bedrag",
            "goedgekeurd",
            "bewijs",
        ],
    )?;
    let omschrijving = r
        .required(&f, "omschrijving")
        .and_then(|(n, _)| r.text(n, "omschrijving"));
    let categorie = r
        .required(&f, "categorie")
        .and_then(|(n, _)| categorie(r, n));
    let bedrag = r
        .required(&f, "bedrag")
        .and_then(|(n, _)| r.amount(n, "bedrag"));
    let goedgekeurd = r
        .required(&f, "goedgekeurd")
        .and_then(|(n, _)| r.boolean(n, "goedgekeurd"));
    let bewijs = r
        .required(&f, "bewijs")
        .and_then(|(n, _)| r.boolean(n, "bewijs"));
    Some(Kost {
        span: node.span,
        omschrijving: omschrijving?,
        categorie: categorie?,
        bedrag: bedrag?,
        goedgekeurd: goedgekeurd?,
        bewijs: bewijs?,
    })
}

fn categorie(r: &mut Reader, node: &Node) -> Option<Sp<Categorie>> {
    let text = r.text(node, "categorie")?;
    if let Some(c) = Categorie::from_key(&text) {
        return Some(Sp::new(c, node.span));
    }
    let keys: Vec<&str> = Categorie::ALL.iter().map(|c| c.key()).collect();
    let hint = super::read::suggestion(&text, &keys)
        .map(|s| format!(" Bedoelde u `{s}`?"))
        .unwrap_or_default();
    r.error(
        node.span,
        format!(
            "Onbekende kostencategorie `{}`.{hint} Aftrekbaar zijn: materiaal, inkoop, vervoer, \
             telefoon_internet, verzekering, marketing, opleiding, gereedschap, administratie, \
             overig; nooit aftrekbaar (art. 10 lid 3): huur, investering, rente, \
             fiscaal_onjuist, strijdig.",
            text.value
        ),
    );
    None
}

fn jaarstukken(r: &mut Reader, node: &Node) -> Option<Jaarstukken> {
    let f = r.fields(
        node,
        node.span,
        "in de jaarstukken",
        "jaarstukken",
        &[
            "boekjaar",
            "ingeleverd",
            "aangifte_ib",
            "jaarrekening",
            "kasboek",
            "uitstel_tot",
            "omzet",
            "kosten",
            "belasting_en_premies",
            "periode",
            "zonder_omzet",
            "schending_inlichtingenplicht",
        ],
    )?;
    let zonder_omzet: Vec<Sp<Month>> =
        list_of(r, &f, "zonder_omzet", |r, n| r.month(n, "zonder_omzet"));
    let belasting = f
        .optional("belasting_en_premies")
        .and_then(|n| r.amount(n, "belasting_en_premies"));
    let periode = f
        .get("periode")
        .filter(|(n, _)| n.value != Value::Null)
        .and_then(|(n, k)| month_range(r, n, k, "periode"));
    let schending = f
        .get("schending_inlichtingenplicht")
        .filter(|(n, _)| n.value != Value::Null)
        .and_then(|(n, k)| schending(r, n, k));
    let boekjaar = r
        .required(&f, "boekjaar")
        .and_then(|(n, _)| r.year(n, "boekjaar"));
    let ingeleverd = f
        .optional("ingeleverd")
        .and_then(|n| r.date(n, "ingeleverd"));
    let aangifte = r
        .required(&f, "aangifte_ib")
        .and_then(|(n, _)| r.boolean(n, "aangifte_ib"));
    let jaarrekening = r
        .required(&f, "jaarrekening")
        .and_then(|(n, _)| r.boolean(n, "jaarrekening"));
    let kasboek = r
        .required(&f, "kasboek")
        .and_then(|(n, _)| r.boolean(n, "kasboek"));
    let uitstel = f
        .optional("uitstel_tot")
        .and_then(|n| r.date(n, "uitstel_tot"));
    let omzet = r
        .required(&f, "omzet")
        .and_then(|(n, _)| r.amount(n, "omzet"));
    let kosten = list_of(r, &f, "kosten", kost);
    if let (Some(year), Some(p)) = (&boekjaar, &periode)
        && (p.van.year() != year.value || p.tot.year() != year.value)
    {
        r.error(
            p.span,
            format!(
                "De `periode` van de jaarstukken over {} moet binnen {} vallen.",
                year.value, year.value
            ),
        );
    }
    if let Some(year) = &boekjaar {
        let inside = |m: Month| match &periode {
            Some(p) => p.van.value <= m && m <= p.tot.value,
            None => m.year() == year.value,
        };
        for m in zonder_omzet.iter().filter(|m| !inside(m.value)) {
            r.error(
                m.span,
                format!(
                    "{} valt buiten de maanden van de jaarstukken over {}: `zonder_omzet` noemt \
                     alleen maanden waarover de boekhouding gaat.",
                    m.value, year.value
                ),
            );
        }
    }
    no_duplicates(
        r,
        &zonder_omzet,
        |m| m.value,
        |m| m.span,
        |m| format!("{m} staat twee keer in `zonder_omzet`"),
    );
    Some(Jaarstukken {
        zonder_omzet,
        belasting_en_premies: belasting,
        periode,
        schending_inlichtingenplicht: schending,
        span: node.span,
        boekjaar: boekjaar?,
        ingeleverd,
        aangifte_ib: aangifte?,
        jaarrekening: jaarrekening?,
        kasboek: kasboek?,
        uitstel_tot: uitstel,
        omzet: omzet?,
        kosten,
    })
}

fn afwijking(r: &mut Reader, node: &Node) -> Option<Afwijking> {
    let f = r.fields(
        node,
        node.span,
        "bij een afwijking",
        "een afwijking",
        &["regel", "betreft", "datum", "motivering", "in_brief"],
    )?;
    let in_brief = f.optional("in_brief").and_then(|n| r.text(n, "in_brief"));
    let regel = r
        .required(&f, "regel")
        .and_then(|(n, _)| r.text(n, "regel"));
    let betreft = match f.optional("betreft") {
        Some(n) => Some(period(r, n)?),
        None => None,
    };
    let datum = f.optional("datum").and_then(|n| r.date(n, "datum"));
    let motivering = match f.optional("motivering") {
        Some(n) if n.scalar().is_some_and(|t| t.trim().is_empty()) => None,
        Some(n) => r.text(n, "motivering"),
        None => None,
    };
    Some(Afwijking {
        span: node.span,
        regel: regel?,
        betreft,
        datum,
        motivering,
        in_brief,
    })
}

/// `van` and `tot`: two months, the first not after the second.
fn month_range(r: &mut Reader, node: &Node, key: Span, what: &str) -> Option<MonthRange> {
    let f = r.fields(node, key, "in de periode", what, &["van", "tot"])?;
    let van = r.required(&f, "van").and_then(|(n, _)| r.month(n, "van"));
    let tot = r.required(&f, "tot").and_then(|(n, _)| r.month(n, "tot"));
    let (van, tot) = (van?, tot?);
    if *tot < *van {
        r.error(tot.span, "De maand `tot` ligt vóór de maand `van`.");
        return None;
    }
    Some(MonthRange {
        span: key,
        van,
        tot,
    })
}

fn stuk(r: &mut Reader, node: &Node) -> Option<Stuk> {
    let f = r.fields(
        node,
        node.span,
        "bij een stuk",
        "een stuk",
        &["soort", "omschrijving", "ontvangen"],
    )?;
    let keys: Vec<&str> = StukSoort::ALL.iter().map(|s| s.key()).collect();
    let soort = r
        .required(&f, "soort")
        .and_then(|(n, _)| r.keyword(n, "soort", &keys, StukSoort::from_key));
    let omschrijving = r
        .required(&f, "omschrijving")
        .and_then(|(n, _)| r.text(n, "omschrijving"));
    let ontvangen = f.optional("ontvangen").and_then(|n| r.date(n, "ontvangen"));
    Some(Stuk {
        span: node.span,
        soort: soort?,
        omschrijving: omschrijving?,
        ontvangen,
    })
}

fn schending(r: &mut Reader, node: &Node, key: Span) -> Option<Schending> {
    let f = r.fields(
        node,
        key,
        "bij de schending van de inlichtingenplicht",
        "`schending_inlichtingenplicht`",
        &["vastgesteld", "bedrag", "motivering", "stukken"],
    )?;
    let bedrag = r
        .required(&f, "bedrag")
        .and_then(|(n, _)| r.amount(n, "bedrag"));
    let vastgesteld = r
        .required(&f, "vastgesteld")
        .and_then(|(n, _)| r.date(n, "vastgesteld"));
    let motivering = r
        .required(&f, "motivering")
        .and_then(|(n, _)| r.text(n, "motivering"));
    let stukken = r.required(&f, "stukken").and_then(|(n, _)| {
        let items = r.list(n, "stukken")?;
        Some(
            items
                .iter()
                .filter_map(|i| r.text(i, "stukken"))
                .collect::<Vec<_>>(),
        )
    });
    if let Some(list) = &stukken
        && list.is_empty()
    {
        r.error(
            f.span_of("stukken"),
            "Noem de stukken waarop de vaststelling van de schending berust.",
        );
        return None;
    }
    Some(Schending {
        span: key,
        bedrag: bedrag?,
        vastgesteld: vastgesteld?,
        motivering: motivering?,
        stukken: stukken?,
    })
}

fn vrijlating(r: &mut Reader, node: &Node) -> Option<Vrijlating> {
    let f = r.fields(
        node,
        node.span,
        "bij een vrijlating",
        "een vrijlating",
        &["van", "tot", "datum", "motivering", "in_brief"],
    )?;
    let van = r.required(&f, "van").and_then(|(n, _)| r.month(n, "van"));
    let tot = r.required(&f, "tot").and_then(|(n, _)| r.month(n, "tot"));
    let datum = r
        .required(&f, "datum")
        .and_then(|(n, _)| r.date(n, "datum"));
    let motivering = r
        .required(&f, "motivering")
        .and_then(|(n, _)| r.text(n, "motivering"));
    let in_brief = f.optional("in_brief").and_then(|n| r.text(n, "in_brief"));
    let (van, tot) = (van?, tot?);
    if *tot < *van {
        r.error(tot.span, "De maand `tot` ligt vóór de maand `van`.");
        return None;
    }
    Some(Vrijlating {
        span: node.span,
        van,
        tot,
        datum: datum?,
        motivering: motivering?,
        in_brief,
    })
}

fn zienswijze(r: &mut Reader, node: &Node) -> Option<Zienswijze> {
    let f = r.fields(
        node,
        node.span,
        "bij een zienswijze",
        "een zienswijze",
        &[
            "voornemen",
            "ontvangen",
            "vorm",
            "verslag",
            "samenvatting",
            "reactie",
            "afgezien",
        ],
    )?;
    let voornemen = r
        .required(&f, "voornemen")
        .and_then(|(n, _)| r.text(n, "voornemen"));
    let ontvangen = f.optional("ontvangen").and_then(|n| r.date(n, "ontvangen"));
    let keys: Vec<&str> = Vorm::ALL.iter().map(|v| v.key()).collect();
    let vorm = f
        .optional("vorm")
        .and_then(|n| r.keyword(n, "vorm", &keys, Vorm::from_key));
    let verslag = f.optional("verslag").and_then(|n| r.date(n, "verslag"));
    let samenvatting = f
        .optional("samenvatting")
        .and_then(|n| r.text(n, "samenvatting"));
    let reactie = f.optional("reactie").and_then(|n| r.text(n, "reactie"));
    let afgezien = f
        .optional("afgezien")
        .and_then(|n| r.boolean(n, "afgezien"));
    let afgezien_value = afgezien.as_ref().is_some_and(|a| a.value);
    if afgezien_value {
        for (key, present) in [
            ("vorm", vorm.is_some()),
            ("samenvatting", samenvatting.is_some()),
            ("reactie", reactie.is_some()),
        ] {
            if present {
                r.error(
                    f.span_of(key),
                    format!(
                        "Bij `afgezien: true` is er geen zienswijze: `{key}` hoort er dan niet bij."
                    ),
                );
            }
        }
    } else {
        // A zienswijze that was given: when, how and what.
        for key in ["ontvangen", "vorm", "samenvatting"] {
            let missing = match key {
                "ontvangen" => ontvangen.is_none(),
                "vorm" => vorm.is_none(),
                _ => samenvatting.is_none(),
            };
            if missing && f.get(key).is_none() {
                r.error(
                    f.span,
                    format!(
                        "Bij een zienswijze hoort `{key}` (of `afgezien: true` als de aanvrager \
                         heeft laten weten geen zienswijze te geven)."
                    ),
                );
            }
        }
        if vorm.as_ref().is_some_and(|v| v.value == Vorm::Mondeling) && verslag.is_none() {
            r.error(
                f.span_of("vorm"),
                "Een mondelinge zienswijze wordt schriftelijk vastgelegd: vul de datum van het \
                 verslag in (`verslag`).",
            );
        }
    }
    Some(Zienswijze {
        span: node.span,
        voornemen: voornemen?,
        ontvangen,
        vorm,
        verslag,
        samenvatting,
        reactie,
        afgezien: afgezien_value,
    })
}

/// `betreft`: a month (`2024-06`) or a year (`2024`).
fn period(r: &mut Reader, node: &Node) -> Option<Sp<Period>> {
    let text = node.scalar().map(str::trim).unwrap_or("");
    if text.len() == 4 {
        return r
            .year(node, "betreft")
            .map(|y| Sp::new(Period::Year(y.value), y.span));
    }
    if let Some(m) = Month::parse(text) {
        return Some(Sp::new(Period::Month(m), node.span));
    }
    r.error(
        node.span,
        format!("`betreft` moet een maand (2024-06) of een jaar (2024) zijn, niet `{text}`."),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match load_str("x.yaml", text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.message).collect(),
        }
    }

    const CASE: &str = "zaaknummer: X-1
aanvrager:
  naam: A
  bsn: \"111222333\"
  adres: { straat: S 1, postcode: 1234 AB, woonplaats: W }
uitkering:
  wet: participatiewet
  normen: [{ vanaf: 2024-01-01, bedrag: 1401.50 }]
aanvraag:
  datum: 2024-01-08
  passend: true
  activiteit: Fietsen
  uren_per_week: 12
  eigen_rekening_en_risico: true
  marktconforme_prijzen: true
";

    #[test]
    fn the_statute_is_one_of_two() {
        let wet = |text: &str| load_str("x.yaml", &CASE.replace("participatiewet", text));
        assert_eq!(
            *wet("participatiewet").unwrap().uitkering.wet,
            Wet::Participatiewet
        );
        assert_eq!(*wet("ioaw").unwrap().uitkering.wet, Wet::Ioaw);
        // A typo is an input error with a suggestion, never a rejection.
        let typo = errors(&CASE.replace("participatiewet", "participatiewt"));
        assert_eq!(
            typo,
            [
                "Onbekende wet `participatiewt`. Bedoelde u `participatiewet`? Kies participatiewet \
              of ioaw: parttime ondernemen met behoud van uitkering kan alleen naast een \
              uitkering op grond van de Participatiewet of de IOAW (artikel 1 lid 2 onder f)."
            ]
        );
        let other = errors(&CASE.replace("participatiewet", "ww"));
        assert!(
            other[0].starts_with("Onbekende wet `ww`. Kies "),
            "{other:?}"
        );
        let errors = wet("ww").unwrap_err();
        assert_eq!(
            (errors[0].span.unwrap().line, errors[0].span.unwrap().column),
            (7, 8)
        );
    }

    #[test]
    fn only_regular_files_are_read_and_never_more_than_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read_regular(&file, 10).unwrap(), b"0123456789");
        let too_large = read_regular(&file, 9).unwrap_err();
        assert!(
            too_large.starts_with("Het bestand is te groot"),
            "{too_large}"
        );
        assert_eq!(
            read_regular(dir.path(), 10).unwrap_err(),
            "Dit is een map, geen bestand."
        );
        // A device whose reported length (0) says nothing of what it holds.
        #[cfg(unix)]
        assert!(
            read_regular(Path::new("/dev/zero"), 10)
                .unwrap_err()
                .contains("een apparaat")
        );
    }

    fn with(extra: &str) -> Result<Case, Vec<InputError>> {
        load_str("x.yaml", &format!("{CASE}{extra}"))
    }

    fn with_applicant(lines: &str) -> Result<Case, Vec<InputError>> {
        let text = CASE.replace(
            "  adres: { straat: S 1, postcode: 1234 AB, woonplaats: W }\n",
            &format!("  adres: {{ straat: S 1, postcode: 1234 AB, woonplaats: W }}\n{lines}"),
        );
        load_str("x.yaml", &text)
    }

    #[test]
    fn the_aanhef_follows_the_recorded_naamgebruik_and_never_guesses() {
        let aanhef = |lines: &str| with_applicant(lines).unwrap().aanvrager.aanhef();
        // Without an aanspreekvorm: the full name, as written.
        assert_eq!(aanhef(""), "A");
        assert_eq!(
            aanhef("  achternaam: Amrani\n  voorvoegsel: el\n"),
            "A",
            "a surname alone does not make a heer or mevrouw"
        );
        assert_eq!(
            aanhef("  achternaam: Amrani\n  voorvoegsel: el\n  aanspreekvorm: mevrouw\n"),
            "mevrouw El Amrani"
        );
        assert_eq!(
            aanhef("  achternaam: Boer\n  voorvoegsel: de\n  aanspreekvorm: heer\n"),
            "heer De Boer"
        );
        assert_eq!(
            aanhef(
                "  achternaam: Vries\n  voorvoegsel: de\n  aanschrijfnaam: Jansen-de Vries\n  \
                 aanspreekvorm: mevrouw\n"
            ),
            "mevrouw Jansen-de Vries"
        );
        let no_surname = with_applicant("  aanspreekvorm: heer\n").unwrap_err();
        assert!(
            no_surname[0]
                .message
                .starts_with("Bij `aanspreekvorm: heer` hoort een achternaam"),
            "{no_surname:?}"
        );
        let typo = with_applicant("  achternaam: Boer\n  aanspreekvorm: meneer\n").unwrap_err();
        assert_eq!(
            typo[0].message,
            "`aanspreekvorm` kan niet `meneer` zijn. Kies uit: heer, mevrouw."
        );
    }

    #[test]
    fn a_zienswijze_names_a_voornemen_of_this_case_and_says_what_was_said() {
        let ok = with(
            "zienswijzen:\n  - voornemen: X-1-VOORNEMEN-EVALUATIE-202506\n    ontvangen: \
             2025-06-27\n    vorm: schriftelijk\n    samenvatting: Rugklachten.\n    reactie: \
             Wij volgen u niet.\n",
        )
        .unwrap();
        assert_eq!(ok.zienswijzen.len(), 1);
        assert!(!ok.zienswijzen[0].afgezien);
        let other_case = with(
            "zienswijzen:\n  - { voornemen: X-2-VOORNEMEN-EVALUATIE-202506, afgezien: true }\n",
        )
        .unwrap_err();
        assert!(
            other_case[0]
                .message
                .starts_with("`voornemen` moet het kenmerk van een voornemen in deze zaak zijn"),
            "{other_case:?}"
        );
        let incomplete = with(
            "zienswijzen:\n  - { voornemen: X-1-VOORNEMEN-EVALUATIE-202506, ontvangen: \
             2025-06-27 }\n",
        )
        .unwrap_err();
        let messages: Vec<&str> = incomplete.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("Bij een zienswijze hoort `vorm`")),
            "{messages:?}"
        );
        let oral = with(
            "zienswijzen:\n  - { voornemen: X-1-VOORNEMEN-EVALUATIE-202506, ontvangen: \
             2025-06-27, vorm: mondeling, samenvatting: Ziek. }\n",
        )
        .unwrap_err();
        assert!(oral[0].message.contains("`verslag`"), "{oral:?}");
        let waived_and_said = with(
            "zienswijzen:\n  - { voornemen: X-1-VOORNEMEN-EVALUATIE-202506, afgezien: true, \
             samenvatting: Toch iets. }\n",
        )
        .unwrap_err();
        assert!(
            waived_and_said[0]
                .message
                .starts_with("Bij `afgezien: true`"),
            "{waived_and_said:?}"
        );
    }

    #[test]
    fn jaarstukken_record_taxes_a_period_within_their_year_and_a_breach_with_its_documents() {
        let books = |extra: &str| {
            with(&format!(
                "jaarstukken:\n  - boekjaar: 2024\n    ingeleverd: 2025-04-01\n    \
                 aangifte_ib: true\n    jaarrekening: true\n    kasboek: false\n    omzet: \
                 1000\n{extra}"
            ))
        };
        let ok = books(
            "    belasting_en_premies: 120.50\n    periode: { van: 2024-03, tot: 2024-12 }\n    \
             schending_inlichtingenplicht:\n      vastgesteld: 2025-05-01\n      bedrag: 500\n      \
             motivering: Niet gemeld.\n      stukken: [Bankafschriften]\n",
        )
        .unwrap();
        let j = &ok.jaarstukken[0];
        assert_eq!(
            j.belasting_en_premies.as_ref().unwrap().value.to_string(),
            "120.50"
        );
        assert_eq!(j.periode.as_ref().unwrap().months().count(), 10);
        assert!(j.schending_inlichtingenplicht.is_some());
        let outside = books("    periode: { van: 2023-11, tot: 2024-12 }\n").unwrap_err();
        assert_eq!(
            outside[0].message,
            "De `periode` van de jaarstukken over 2024 moet binnen 2024 vallen."
        );
        let outside = books("    zonder_omzet: [2024-06, 2023-12]\n").unwrap_err();
        assert_eq!(
            outside[0].message,
            "2023-12 valt buiten de maanden van de jaarstukken over 2024: `zonder_omzet` noemt \
             alleen maanden waarover de boekhouding gaat."
        );
        assert_eq!(
            books("    zonder_omzet: [2024-06]\n").unwrap().jaarstukken[0]
                .zonder_omzet
                .len(),
            1
        );
        let no_documents = books(
            "    schending_inlichtingenplicht: { vastgesteld: 2025-05-01, bedrag: 10, motivering: X, stukken: [] }\n",
        )
        .unwrap_err();
        assert!(
            no_documents[0].message.starts_with("Noem de stukken"),
            "{no_documents:?}"
        );
    }

    #[test]
    fn a_kvk_extract_is_not_asked_for_when_the_kvk_number_is_known() {
        let aanvraag = |lines: &str| {
            load_str(
                "x.yaml",
                &CASE.replace(
                    "  marktconforme_prijzen: true\n",
                    &format!("  marktconforme_prijzen: true\n{lines}"),
                ),
            )
        };
        let stuk = "  stukken:\n    - { soort: kvk_uittreksel, omschrijving: Een uittreksel }\n";
        // Without a number the extract is what the assessment lacks.
        assert!(aanvraag(stuk).is_ok());
        let known = aanvraag(&format!("  kvk_nummer: \"12345678\"\n{stuk}")).unwrap_err();
        assert!(
            known[0]
                .message
                .starts_with("De aanvraag noemt KvK-nummer 12345678: zoek de inschrijving zelf op"),
            "{known:?}"
        );
        let at = known[0].span.unwrap();
        assert_eq!((at.line, at.column), (18, 16));
        // Received before the number was known: nothing to ask.
        assert!(
            aanvraag(
                "  kvk_nummer: \"12345678\"\n  stukken:\n    - { soort: kvk_uittreksel, \
                 omschrijving: Een uittreksel, ontvangen: 2024-01-08 }\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn the_elfproef() {
        assert!(elfproef("111222333"));
        assert!(elfproef("123456782"));
        assert!(!elfproef("123456789"));
        assert!(!elfproef("000000000"));
    }
}
