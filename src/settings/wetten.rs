//! The statutes pto cites, as dated data: per subject (the duty to inform,
//! recovery, the decision term, …) and per benefit (`uitkering.wet`) the
//! provision it rests on. Findings and letters cite national law only
//! through this table, so an IOAW case cites the IOAW, and a change in the
//! law is one new row with its `vanaf` date. The table is built in
//! (`wetten.yaml`); a municipality adds rows under `wetten:` in `pto.yaml`
//! (docs/municipality-policy.md).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::case::Wet;
use crate::case::read::Reader;
use crate::case::yaml::{Node, Value};
use crate::diag::Span;

/// The built-in table, as data.
pub const WETTEN: &str = include_str!("wetten.yaml");

/// A national regulation a citation can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Regeling {
    Participatiewet,
    Ioaw,
    Awb,
    Bbz,
    /// Algemeen inkomensbesluit socialezekerheidswetten: what counts as
    /// income under the IOAW (IOAW art. 8 lid 3).
    Aib,
}

impl Regeling {
    pub const ALL: [Regeling; 5] = [
        Regeling::Participatiewet,
        Regeling::Ioaw,
        Regeling::Awb,
        Regeling::Bbz,
        Regeling::Aib,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Regeling::Participatiewet => "participatiewet",
            Regeling::Ioaw => "ioaw",
            Regeling::Awb => "awb",
            Regeling::Bbz => "bbz",
            Regeling::Aib => "aib",
        }
    }

    pub fn from_key(key: &str) -> Option<Regeling> {
        Regeling::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The statute a benefit rests on.
    pub fn of(wet: Wet) -> Regeling {
        match wet {
            Wet::Participatiewet => Regeling::Participatiewet,
            Wet::Ioaw => Regeling::Ioaw,
        }
    }
}

/// What letters need to know of a regulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statute {
    /// The title the law gives itself ("Wet inkomensvoorziening oudere en
    /// gedeeltelijk arbeidsongeschikte werkloze werknemers").
    pub naam: String,
    /// The name after the first mention ("IOAW").
    pub kort: String,
    /// "de" or "het": "van de Participatiewet", "van het Besluit …".
    pub lidwoord: String,
    /// The identifier in the Basiswettenbestand ("BWBR0015703").
    pub bwb: String,
}

impl Statute {
    /// The regulation's official text on wetten.overheid.nl (Juriconnect).
    pub fn link(&self) -> String {
        format!("https://wetten.overheid.nl/jci1.3:c:{}", self.bwb)
    }
}

/// Declares the subjects with their keys in the data.
macro_rules! subjects {
    ($($(#[$doc:meta])* $variant:ident => $key:literal,)*) => {
        /// A subject of national law that a rule or a letter rests on; its
        /// provision depends on the benefit and the date.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Subject {
            $($(#[$doc])* $variant,)*
        }

        impl Subject {
            pub const ALL: &[Subject] = &[$(Subject::$variant,)*];

            /// The key in `wetten.yaml` and in `pto.yaml`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Subject::$variant => $key,)*
                }
            }
        }

        const SUBJECT_KEYS: &[&str] = &[$($key,)*];
    };
}

subjects! {
    /// The duty to report everything that may affect the benefit, and to
    /// cooperate.
    Inlichtingenplicht => "inlichtingenplicht",
    /// The duty to report of one's own accord (the first paragraph alone):
    /// what a breach of the duty to inform, a fine and a mandatory recovery
    /// refer to.
    Meldplicht => "meldplicht",
    /// Which data, how and when (the monthly statement, the bookkeeping).
    GegevensEnWijze => "gegevens_en_wijze",
    /// What counts as income.
    Inkomen => "inkomen",
    /// The statutory exemptions of income from work.
    Vrijlatingen => "vrijlatingen",
    /// The exemption for someone starting work (25 percent, six months).
    VrijlatingArbeid => "vrijlating_arbeid",
    /// Deducting the taxes and premiums owed.
    Belastingen => "belastingen",
    /// Assessing the benefit over another period than a month.
    AnderePeriode => "andere_periode",
    /// The work obligations.
    Arbeidsverplichtingen => "arbeidsverplichtingen",
    /// Other obligations attached to the benefit.
    Verplichtingen => "verplichtingen",
    /// Suspension while data are missing.
    Opschorting => "opschorting",
    /// Revision after a breach of the duty to inform (mandatory).
    HerzieningVerplicht => "herziening_verplicht",
    /// Revision when otherwise too much was granted (a power).
    HerzieningBevoegd => "herziening_bevoegd",
    /// Recovery after a breach of the duty to inform (mandatory).
    TerugvorderingVerplicht => "terugvordering_verplicht",
    /// Recovery after a revision (a power).
    TerugvorderingHerziening => "terugvordering_herziening",
    /// Recovery of what was otherwise paid unduly (a power).
    TerugvorderingOnverschuldigd => "terugvordering_onverschuldigd",
    /// Recovery because means over the same period became known later.
    TerugvorderingLaterInkomen => "terugvordering_later_inkomen",
    /// No recovery of costs made more than two years before the decision.
    TerugvorderingTermijn => "terugvordering_termijn",
    /// Recovery gross, as far as taxes and premiums cannot be settled.
    TerugvorderingBruto => "terugvordering_bruto",
    /// Refraining from recovery for urgent reasons.
    DringendeRedenen => "dringende_redenen",
    /// Collection by writ (dwangbevel).
    Invordering => "invordering",
    /// The costs of collection added to a claim not paid in time.
    InvorderingKosten => "invordering_kosten",
    /// Setting a claim off against the running benefit (a power).
    Verrekening => "verrekening",
    /// Setting a claim off after a breach of the duty to inform.
    VerrekeningVerplicht => "verrekening_verplicht",
    /// Lowering the benefit for a breach of an obligation.
    Maatregel => "maatregel",
    /// The administrative fine for a breach of the duty to inform.
    Boete => "boete",
    /// The term for deciding on an application.
    Beslistermijn => "beslistermijn",
    /// Not considering an application that was not completed in time.
    Herstelverzuim => "herstelverzuim",
    /// Acting by the policy rules, and departing from them where their
    /// consequences would be disproportionate.
    Beleidsregels => "beleidsregels",
    /// Sending a bezwaarschrift electronically, by the channel the
    /// municipality designated.
    ElektronischBezwaar => "elektronisch_bezwaar",
    /// Sending a letter electronically, where the person agreed.
    ElektronischVerzenden => "elektronisch_verzenden",
}

impl Subject {
    pub fn from_key(key: &str) -> Option<Subject> {
        Subject::ALL.iter().copied().find(|s| s.key() == key)
    }
}

/// One provision: an article with the paragraphs (leden), items
/// (onderdelen) and sentence cited, possibly read together (juncto) with
/// another article of the same regulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provision {
    pub artikel: String,
    pub leden: Vec<u32>,
    pub onderdelen: Vec<String>,
    /// A sub-item of the one onderdeel ("1°").
    pub onder: Option<String>,
    /// A sentence of the one lid.
    pub zin: Option<u32>,
    pub jo: Option<Box<Provision>>,
}

/// What a subject rests on for one benefit: provisions of one regulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub regeling: Regeling,
    pub provisions: Vec<Provision>,
}

/// One dated row of a subject: per benefit its citation, or none where that
/// benefit's law has no such provision.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    vanaf: NaiveDate,
    per_wet: BTreeMap<Wet, Option<Citation>>,
}

/// The statute table: the regulations, and per subject its dated rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wetten {
    statutes: BTreeMap<Regeling, Statute>,
    /// Per subject, sorted by `vanaf`; every subject has a row for every
    /// benefit (checked when loading).
    subjects: BTreeMap<Subject, Vec<Row>>,
}

/// Why a subject cannot be cited for a benefit on a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotCited {
    #[error(
        "De {wet} kent geen bepaling over `{subject}` die overeenkomt met die van de \
         Participatiewet; pto noemt hier geen ander artikel. Leg de bepaling die de \
         gemeente wil toepassen vast onder `wetten: {subject}:` in pto.yaml."
    )]
    NoProvision { subject: &'static str, wet: String },
    #[error("Voor `{subject}` kent pto geen wetsartikel dat op {date} gold.")]
    TooEarly {
        subject: &'static str,
        date: NaiveDate,
    },
}

/// A subject resolved for one benefit on one date.
#[derive(Clone, Copy, Debug)]
pub struct Cited<'a> {
    pub statute: &'a Statute,
    pub citation: &'a Citation,
}

impl Wetten {
    /// The provisions `subject` rests on for a benefit under `wet`, in the
    /// row in force on `date`.
    pub fn cite(&self, subject: Subject, wet: Wet, date: NaiveDate) -> Result<Cited<'_>, NotCited> {
        let rows = self.subjects.get(&subject).map_or(&[][..], Vec::as_slice);
        let row = rows
            .iter()
            .rev()
            .find(|r| r.vanaf <= date)
            .ok_or(NotCited::TooEarly {
                subject: subject.key(),
                date,
            })?;
        match row.per_wet.get(&wet) {
            Some(Some(citation)) => Ok(Cited {
                statute: self.statute(citation.regeling),
                citation,
            }),
            _ => Err(NotCited::NoProvision {
                subject: subject.key(),
                wet: self.statute(Regeling::of(wet)).kort.clone(),
            }),
        }
    }

    /// Several subjects cited as one phrase, as a grondslag lists them: per
    /// regulation its provisions once and in the order of the articles, the
    /// leden of one article together, and the regulation named once
    /// ("artikel 31, eerste en derde lid, artikel 32, eerste lid, en artikel
    /// 45, tweede lid, in samenhang met artikel 18, eerste lid, van de
    /// Participatiewet"). A subject the benefit's law lacks is left out.
    pub fn cite_together(&self, subjects: &[Subject], wet: Wet, date: NaiveDate) -> String {
        let mut groups: Vec<(Regeling, Vec<Provision>)> = Vec::new();
        for subject in subjects {
            let Ok(cited) = self.cite(*subject, wet, date) else {
                continue;
            };
            let regeling = cited.citation.regeling;
            let at = match groups.iter().position(|(r, _)| *r == regeling) {
                Some(at) => at,
                None => {
                    groups.push((regeling, Vec::new()));
                    groups.len() - 1
                }
            };
            for p in &cited.citation.provisions {
                merge_provision(&mut groups[at].1, p);
            }
        }
        // In the order of the articles, as a regulation is read.
        for (_, provisions) in &mut groups {
            provisions.sort_by_key(|p| article_order(&p.artikel));
        }
        let parts: Vec<String> = groups
            .iter()
            .map(|(regeling, provisions)| {
                let statute = self.statute(*regeling);
                long_citation(provisions, &statute.lidwoord, &statute.kort)
            })
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        and_list(&parts)
    }

    pub fn statute(&self, regeling: Regeling) -> &Statute {
        // Every regulation is in the table (checked when loading).
        &self.statutes[&regeling]
    }
}

impl Cited<'_> {
    /// The citation as a decision writes it: "artikel 58, tweede lid,
    /// onderdeel e, van de Participatiewet".
    pub fn long(&self) -> String {
        self.long_named(&self.statute.naam)
    }

    /// The same with the regulation's short name, for after its first
    /// mention: "artikel 8, tweede lid, van de IOAW".
    pub fn long_abbreviated(&self) -> String {
        self.long_named(&self.statute.kort)
    }

    fn long_named(&self, name: &str) -> String {
        long_citation(&self.citation.provisions, &self.statute.lidwoord, name)
    }

    /// The citation in the short form of findings: "artikel 58 lid 2 onder e
    /// Participatiewet".
    pub fn short(&self) -> String {
        format!("{} {}", self.short_article(), self.statute.naam)
    }

    /// The short form without the regulation: "artikel 17 lid 1 en 2".
    pub fn short_article(&self) -> String {
        let provisions = &self.citation.provisions;
        if provisions.len() > 1 && provisions.iter().all(Provision::is_whole) {
            let numbers: Vec<&str> = provisions.iter().map(|p| p.artikel.as_str()).collect();
            return format!("artikelen {}", and_list(&numbers));
        }
        let parts: Vec<String> = provisions.iter().map(Provision::short).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        and_list(&parts)
    }

    /// Each provision with its short form and the link to its article.
    pub fn provisions(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.citation
            .provisions
            .iter()
            .map(|p| (p.short(), p.url(self.statute)))
    }
}

/// "artikel 58, tweede lid, onderdeel e, van de Participatiewet", "de
/// artikelen 9 en 55 van de Participatiewet": the style of the Aanwijzingen
/// voor de regelgeving, which the statutes use for each other.
/// The sort key of an article number: "4:84" before "4:112", "18" before
/// "18a" before "31".
fn article_order(artikel: &str) -> Vec<(u32, String)> {
    artikel
        .split(':')
        .map(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            (
                digits.parse().unwrap_or(u32::MAX),
                part[digits.len()..].to_string(),
            )
        })
        .collect()
}

/// Adds `p` to `list`: not again if it is there, and as a further lid of
/// the same article where both cite only leden.
fn merge_provision(list: &mut Vec<Provision>, p: &Provision) {
    let only_leden = |q: &Provision| {
        !q.leden.is_empty()
            && q.onderdelen.is_empty()
            && q.onder.is_none()
            && q.zin.is_none()
            && q.jo.is_none()
    };
    if list.contains(p) {
        return;
    }
    if only_leden(p)
        && let Some(q) = list
            .iter_mut()
            .find(|q| q.artikel == p.artikel && only_leden(q))
    {
        q.leden.extend(&p.leden);
        q.leden.sort_unstable();
        q.leden.dedup();
        return;
    }
    list.push(p.clone());
}

fn long_citation(provisions: &[Provision], lidwoord: &str, name: &str) -> String {
    let mut out = String::new();
    let mut trailing_comma = false;
    if provisions.len() > 1 && provisions.iter().all(Provision::is_whole) {
        let numbers: Vec<&str> = provisions.iter().map(|p| p.artikel.as_str()).collect();
        out = format!("de artikelen {}", and_list(&numbers));
    } else {
        for (i, p) in provisions.iter().enumerate() {
            if i > 0 {
                let last = i + 1 == provisions.len();
                out.push_str(match (trailing_comma, last) {
                    (true, true) => ", en ",
                    (false, true) => " en ",
                    (_, false) => ", ",
                });
            }
            let (text, comma) = p.long();
            out.push_str(&text);
            trailing_comma = comma;
        }
    }
    if trailing_comma {
        out.push(',');
    }
    format!("{out} van {lidwoord} {name}")
}

/// An article of a municipality's rules, written in the short form of
/// findings ("artikel 4 lid 1 onder a"), as a decision cites it: "artikel
/// 4, eerste lid, onderdeel a, van de Beleidsregels …". A text pto cannot
/// read as an article is cited as written.
pub fn cite_policy(article: &str, title: &str) -> String {
    match Provision::parse_short(article) {
        Some((p, false)) => long_citation(&[p], "de", title),
        Some((p, true)) => {
            let (text, comma) = p.long();
            format!(
                "de toelichting op {text}{} van de {title}",
                if comma { "," } else { "" }
            )
        }
        None => format!("{article} van de {title}"),
    }
}

impl Provision {
    /// Reads the short form "artikel 8 lid 1 en 3", "artikel 6 onder a",
    /// "artikel 5, toelichting"; with whether it is the toelichting.
    pub fn parse_short(text: &str) -> Option<(Provision, bool)> {
        let rest = text.trim().strip_prefix("artikel ")?;
        let mut toelichting = false;
        let mut rest = rest.to_string();
        for marker in [", toelichting", " (toelichting)", " toelichting"] {
            if let Some(stripped) = rest.strip_suffix(marker) {
                rest = stripped.to_string();
                toelichting = true;
                break;
            }
        }
        let mut words = rest.split_whitespace().map(|w| w.trim_end_matches(','));
        let artikel = words
            .next()
            .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))?;
        let mut p = Provision {
            artikel: artikel.to_string(),
            leden: Vec::new(),
            onderdelen: Vec::new(),
            onder: None,
            zin: None,
            jo: None,
        };
        let mut part = "";
        for word in words {
            match (part, word) {
                (_, "lid" | "leden") if p.leden.is_empty() && p.onderdelen.is_empty() => {
                    part = "lid";
                }
                (_, "onder" | "sub") if p.onderdelen.is_empty() => part = "onder",
                (_, "en") if !part.is_empty() => {}
                ("lid", n) => p.leden.push(n.parse().ok()?),
                ("onder", letter) if letter.chars().all(|c| c.is_ascii_lowercase()) => {
                    p.onderdelen.push(letter.to_string());
                }
                _ => return None,
            }
        }
        // "lid" or "onder" with nothing after it, or items of several leden,
        // are not an article pto can cite.
        let dangling =
            (part == "lid" && p.leden.is_empty()) || (part == "onder" && p.onderdelen.is_empty());
        let complete = !dangling && (p.leden.len() <= 1 || p.onderdelen.is_empty());
        complete.then_some((p, toelichting))
    }

    /// An article cited as a whole.
    fn is_whole(&self) -> bool {
        self.leden.is_empty()
            && self.onderdelen.is_empty()
            && self.zin.is_none()
            && self.jo.is_none()
    }

    /// "artikel 17, eerste en tweede lid", and whether a comma must follow
    /// before the text continues.
    fn long(&self) -> (String, bool) {
        let mut parts = vec![format!("artikel {}", self.artikel)];
        if !self.leden.is_empty() {
            let words: Vec<String> = self.leden.iter().map(|l| ordinal(*l)).collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            parts.push(format!("{} lid", and_list(&words)));
        }
        if !self.onderdelen.is_empty() {
            let items: Vec<&str> = self.onderdelen.iter().map(String::as_str).collect();
            let noun = if items.len() == 1 {
                "onderdeel"
            } else {
                "onderdelen"
            };
            parts.push(format!("{noun} {}", and_list(&items)));
        }
        if let Some(onder) = &self.onder {
            parts.push(format!("onder {onder}"));
        }
        if let Some(zin) = self.zin {
            parts.push(format!("{} zin", ordinal(zin)));
        }
        let mut text = parts.join(", ");
        let mut comma = parts.len() > 1;
        if let Some(jo) = &self.jo {
            let (jo_text, jo_comma) = jo.long();
            text = format!(
                "{text}{} in samenhang met {jo_text}",
                if comma { "," } else { "" }
            );
            comma = jo_comma;
        }
        (text, comma)
    }

    /// "artikel 58 lid 2 onder e".
    fn short(&self) -> String {
        let mut text = format!("artikel {}", self.artikel);
        if !self.leden.is_empty() {
            let numbers: Vec<String> = self.leden.iter().map(u32::to_string).collect();
            let numbers: Vec<&str> = numbers.iter().map(String::as_str).collect();
            text.push_str(&format!(" lid {}", and_list(&numbers)));
        }
        if !self.onderdelen.is_empty() {
            let items: Vec<&str> = self.onderdelen.iter().map(String::as_str).collect();
            text.push_str(&format!(" onder {}", and_list(&items)));
        }
        if let Some(onder) = &self.onder {
            text.push_str(&format!(", {onder}"));
        }
        if let Some(zin) = self.zin {
            text.push_str(&format!(", {} zin", ordinal(zin)));
        }
        if let Some(jo) = &self.jo {
            text.push_str(&format!(" jo {}", jo.short()));
        }
        text
    }

    /// The article on wetten.overheid.nl, and its lid when one is cited.
    fn url(&self, statute: &Statute) -> String {
        match self.leden.as_slice() {
            [lid] => format!("{}&artikel={}&lid={lid}", statute.link(), self.artikel),
            _ => format!("{}&artikel={}", statute.link(), self.artikel),
        }
    }
}

/// "eerste", "tweede", … as the Aanwijzingen voor de regelgeving number
/// paragraphs and sentences.
fn ordinal(n: u32) -> String {
    const WORDS: [&str; 20] = [
        "eerste",
        "tweede",
        "derde",
        "vierde",
        "vijfde",
        "zesde",
        "zevende",
        "achtste",
        "negende",
        "tiende",
        "elfde",
        "twaalfde",
        "dertiende",
        "veertiende",
        "vijftiende",
        "zestiende",
        "zeventiende",
        "achttiende",
        "negentiende",
        "twintigste",
    ];
    match WORDS.get((n as usize).wrapping_sub(1)) {
        Some(word) => (*word).to_string(),
        None => format!("{n}e"),
    }
}

/// "a", "a en b", "a, b en c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

// ---------------------------------------------------------------------------
// Reading the table, strictly, with the reader of the case files.

impl Wetten {
    /// The built-in table, read once per process.
    pub fn built_in() -> &'static Wetten {
        static BUILT_IN: std::sync::OnceLock<Wetten> = std::sync::OnceLock::new();
        BUILT_IN.get_or_init(|| {
            let mut r = Reader::new("<ingebouwd>");
            match load(&mut r, None) {
                Some(table) => table,
                // The built-in data is tested to load.
                None => unreachable!("the built-in statute table does not load: {:?}", r.errors),
            }
        })
    }
}

/// The built-in table with the rows `pto.yaml` adds (`extra`, its
/// `wetten`); errors in the built-in data are reported as such.
pub(super) fn load(r: &mut Reader, extra: Option<(&Node, Span)>) -> Option<Wetten> {
    let mut inner = Reader::new("<ingebouwde wetsartikelen>");
    let table = match crate::case::yaml::parse(WETTEN) {
        Ok(node) => read(r, &node, &mut inner, extra),
        Err(e) => {
            inner.error(e.span, e.message);
            None
        }
    };
    r.errors.extend(inner.errors);
    table
}

/// Reads the built-in table (`built_in`, from `wetten.yaml`) and the rows a
/// municipality adds (`extra`, the `wetten:` of `pto.yaml`).
fn read(
    r: &mut Reader,
    built_in: &Node,
    inner: &mut Reader,
    extra: Option<(&Node, Span)>,
) -> Option<Wetten> {
    let f = inner.fields(
        built_in,
        Span::START,
        "in de wetsartikelen",
        "de wetsartikelen",
        &["regelingen", "onderwerpen"],
    )?;
    let regelingen = inner.required(&f, "regelingen").map(|(n, _)| n);
    let statutes = statutes(inner, regelingen)?;
    let mut subjects: BTreeMap<Subject, Vec<RawRow>> = BTreeMap::new();
    if let Some((node, key)) = inner.required(&f, "onderwerpen") {
        subject_rows(inner, node, key, false, &mut subjects);
    }
    if let Some((node, key)) = extra.filter(|(n, _)| n.value != Value::Null) {
        subject_rows(r, node, key, true, &mut subjects);
    }
    let mut table = BTreeMap::new();
    for subject in Subject::ALL {
        let Some(raw) = subjects.remove(subject) else {
            inner.error(
                Span::START,
                format!(
                    "Het onderwerp `{}` ontbreekt in de wetsartikelen.",
                    subject.key()
                ),
            );
            continue;
        };
        table.insert(*subject, complete(r, inner, *subject, raw));
    }
    (inner.errors.is_empty() && r.errors.is_empty()).then_some(Wetten {
        statutes,
        subjects: table,
    })
}

/// A row as written: from built-in data or `pto.yaml`; a benefit left out
/// keeps the citation of the row before it.
struct RawRow {
    vanaf: NaiveDate,
    span: Span,
    from_settings: bool,
    per_wet: BTreeMap<Wet, Option<Citation>>,
}

fn statutes(r: &mut Reader, node: Option<&Node>) -> Option<BTreeMap<Regeling, Statute>> {
    let node = node?;
    let keys: Vec<&'static str> = Regeling::ALL.iter().map(|r| r.key()).collect();
    let f = r.fields(node, node.span, "bij de regelingen", "`regelingen`", &keys)?;
    let mut out = BTreeMap::new();
    for regeling in Regeling::ALL {
        let Some((node, key)) = f.get(regeling.key()) else {
            r.error(
                f.span,
                format!("De regeling `{}` ontbreekt.", regeling.key()),
            );
            continue;
        };
        let Some(g) = r.fields(
            node,
            key,
            "bij een regeling",
            "een regeling",
            &["naam", "kort", "lidwoord", "bwb"],
        ) else {
            continue;
        };
        let mut text = |key: &str| {
            r.required(&g, key)
                .and_then(|(n, _)| r.text(n, key))
                .map(|s| s.value)
        };
        let (naam, kort, bwb) = (text("naam"), text("kort"), text("bwb"));
        let lidwoord = g
            .optional("lidwoord")
            .and_then(|n| r.text(n, "lidwoord"))
            .map_or_else(|| "de".to_string(), |s| s.value);
        if let (Some(naam), Some(kort), Some(bwb)) = (naam, kort, bwb) {
            out.insert(
                regeling,
                Statute {
                    naam,
                    kort,
                    lidwoord,
                    bwb,
                },
            );
        }
    }
    Some(out)
}

/// The rows of each subject under `node`: the built-in `onderwerpen`, or
/// the `wetten` of `pto.yaml` (`from_settings`).
fn subject_rows(
    r: &mut Reader,
    node: &Node,
    key: Span,
    from_settings: bool,
    out: &mut BTreeMap<Subject, Vec<RawRow>>,
) {
    let Some(f) = r.fields(node, key, "bij de wetsartikelen", "`wetten`", SUBJECT_KEYS) else {
        return;
    };
    for subject in Subject::ALL {
        let Some((rows_node, _)) = f.get(subject.key()) else {
            continue;
        };
        let Some(items) = r.list(rows_node, subject.key()) else {
            continue;
        };
        for item in items {
            if let Some(row) = raw_row(r, item, from_settings) {
                out.entry(*subject).or_default().push(row);
            }
        }
    }
}

fn raw_row(r: &mut Reader, node: &Node, from_settings: bool) -> Option<RawRow> {
    let f = r.fields(
        node,
        node.span,
        "in een rij van de wetsartikelen",
        "een rij van de wetsartikelen",
        &["vanaf", "participatiewet", "ioaw"],
    )?;
    let vanaf = r
        .required(&f, "vanaf")
        .and_then(|(n, _)| r.date(n, "vanaf"));
    let mut per_wet = BTreeMap::new();
    for wet in Wet::ALL {
        if let Some(n) = f.optional(wet.key())
            && let Some(citation) = citation(r, n, Regeling::of(wet))
        {
            per_wet.insert(wet, citation);
        }
    }
    Some(RawRow {
        vanaf: vanaf?.value,
        span: f.span,
        from_settings,
        per_wet,
    })
}

/// `geen`, one provision, or a list of provisions (of one regulation).
fn citation(r: &mut Reader, node: &Node, own: Regeling) -> Option<Option<Citation>> {
    match &node.value {
        Value::Scalar(text) if text.trim() == "geen" => Some(None),
        Value::Seq(items) if !items.is_empty() => {
            let mut regeling = None;
            let mut provisions = Vec::new();
            for item in items {
                let (reg, p) = provision(r, item, own)?;
                if regeling.is_some_and(|r| r != reg) {
                    r.error(
                        item.span,
                        "Alle artikelen van één verwijzing horen bij dezelfde wet; noem een \
                         andere wet in een eigen onderwerp.",
                    );
                    return None;
                }
                regeling = Some(reg);
                provisions.push(p);
            }
            Some(Some(Citation {
                regeling: regeling.unwrap_or(own),
                provisions,
            }))
        }
        Value::Map(_) => {
            let (regeling, p) = provision(r, node, own)?;
            Some(Some(Citation {
                regeling,
                provisions: vec![p],
            }))
        }
        _ => {
            r.error(
                node.span,
                format!(
                    "Een verwijzing naar de wet is `geen`, een artikel zoals \
                     `{{ artikel: \"58\", lid: 2, onderdeel: e }}` of een lijst daarvan, maar \
                     hier staat {}.",
                    node.kind()
                ),
            );
            None
        }
    }
}

/// `{ wet?, artikel, lid?, onderdeel?, onder?, zin?, jo? }`.
fn provision(r: &mut Reader, node: &Node, own: Regeling) -> Option<(Regeling, Provision)> {
    let f = r.fields(
        node,
        node.span,
        "in een wetsartikel",
        "een wetsartikel",
        &["wet", "artikel", "lid", "onderdeel", "onder", "zin", "jo"],
    )?;
    let regeling = match f.optional("wet") {
        None => Some(own),
        Some(n) => {
            let text = r.text(n, "wet")?;
            let found = Regeling::from_key(&text.value);
            if found.is_none() {
                r.error(
                    text.span,
                    format!(
                        "Onbekende wet `{}`; pto kent: participatiewet, ioaw, awb, bbz.",
                        text.value
                    ),
                );
            }
            found
        }
    };
    let artikel = r
        .required(&f, "artikel")
        .and_then(|(n, _)| r.text(n, "artikel"));
    let leden = match f.optional("lid") {
        None => Some(Vec::new()),
        Some(n) => numbers(r, n, "lid"),
    };
    let onderdelen = match f.optional("onderdeel") {
        None => Some(Vec::new()),
        Some(n) => r.lines(n, "onderdeel"),
    };
    let onder = f
        .optional("onder")
        .and_then(|n| r.text(n, "onder"))
        .map(|s| s.value);
    let zin = f
        .optional("zin")
        .and_then(|n| r.integer(n, "zin", 1..=20))
        .map(|s| s.value);
    let jo = match f.optional("jo") {
        None => None,
        Some(n) => {
            let (jo_regeling, jo) = provision(r, n, own)?;
            if Some(jo_regeling) != regeling {
                r.error(n.span, "Een `jo`-artikel hoort bij dezelfde wet.");
                return None;
            }
            Some(Box::new(jo))
        }
    };
    let (leden, onderdelen) = (leden?, onderdelen?);
    if (!onderdelen.is_empty() || zin.is_some()) && leden.len() > 1 {
        r.error(
            f.span_of("lid"),
            "Een onderdeel of zin hoort bij één lid; noem dan één `lid`.",
        );
        return None;
    }
    if onder.is_some() && onderdelen.len() != 1 {
        r.error(f.span_of("onder"), "`onder` hoort bij één `onderdeel`.");
        return None;
    }
    Some((
        regeling?,
        Provision {
            artikel: artikel?.value,
            leden,
            onderdelen,
            onder,
            zin,
            jo,
        },
    ))
}

/// A number or a list of numbers (`lid: 2`, `lid: [1, 2]`).
fn numbers(r: &mut Reader, node: &Node, key: &str) -> Option<Vec<u32>> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .map(|i| r.integer(i, key, 1..=99).map(|s| s.value))
            .collect(),
        _ => r.integer(node, key, 1..=99).map(|s| vec![s.value]),
    }
}

/// Sorts a subject's rows by date (what a row of `pto.yaml` names replaces
/// what a built-in row of the same date names) and fills in each benefit a
/// row leaves out from the row before it.
fn complete(r: &mut Reader, inner: &mut Reader, subject: Subject, raw: Vec<RawRow>) -> Vec<Row> {
    let mut raw = raw;
    // Stable: of two rows with one date, the later written (pto.yaml) wins.
    raw.sort_by_key(|row| row.vanaf);
    let mut rows: Vec<Row> = Vec::new();
    let mut previous: Option<BTreeMap<Wet, Option<Citation>>> = None;
    let mut i = 0;
    while i < raw.len() {
        // The last of the rows with this date.
        let mut j = i;
        while j + 1 < raw.len() && raw[j + 1].vanaf == raw[i].vanaf {
            j += 1;
        }
        let row = &raw[j];
        // Rows of one date merge, the later written (pto.yaml) winning.
        let mut given: BTreeMap<Wet, Option<Citation>> = BTreeMap::new();
        for same_date in &raw[i..=j] {
            given.extend(same_date.per_wet.clone());
        }
        let mut per_wet = BTreeMap::new();
        for wet in Wet::ALL {
            let citation = match (given.get(&wet), &previous) {
                (Some(c), _) => Some(c.clone()),
                (None, Some(prev)) => prev.get(&wet).cloned(),
                (None, None) => None,
            };
            match citation {
                Some(c) => {
                    per_wet.insert(wet, c);
                }
                None => {
                    let message = format!(
                        "De eerste rij van `{}` noemt geen verwijzing voor `{}`; schrijf \
                         `{}: geen` als die wet geen overeenkomstige bepaling kent.",
                        subject.key(),
                        wet.key(),
                        wet.key()
                    );
                    if row.from_settings {
                        r.error(row.span, message);
                    } else {
                        inner.error(row.span, message);
                    }
                }
            }
        }
        previous = Some(per_wet.clone());
        rows.push(Row {
            vanaf: row.vanaf,
            per_wet,
        });
        i = j + 1;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Policy, settings_from_str};

    fn day(text: &str) -> NaiveDate {
        crate::calendar::parse_date(text).unwrap()
    }

    fn built_in() -> Policy {
        Policy::ridderkerk()
    }

    /// (long, short, links) of a subject for a benefit in 2024.
    fn cite(policy: &Policy, subject: Subject, wet: Wet) -> (String, String, Vec<String>) {
        let c = policy
            .wetten()
            .cite(subject, wet, day("2024-06-01"))
            .unwrap();
        (
            c.long(),
            c.short(),
            c.provisions().map(|(_, url)| url).collect(),
        )
    }

    #[test]
    fn every_subject_has_a_row_for_every_benefit_in_the_built_in_table() {
        let policy = built_in();
        for subject in Subject::ALL {
            for wet in Wet::ALL {
                match policy.wetten().cite(*subject, wet, day("2023-01-01")) {
                    Ok(c) => assert!(!c.citation.provisions.is_empty()),
                    Err(NotCited::NoProvision { .. }) => assert_eq!(wet, Wet::Ioaw),
                    Err(e) => panic!("{subject:?} {wet:?}: {e}"),
                }
            }
        }
        assert_eq!(
            policy.wetten().statute(Regeling::Bbz).lidwoord,
            "het",
            "van het Besluit bijstandverlening zelfstandigen 2004"
        );
    }

    #[test]
    fn the_long_form_follows_the_aanwijzingen_voor_de_regelgeving() {
        let p = built_in();
        let pw = Wet::Participatiewet;
        let long = |s| cite(&p, s, pw).0;
        assert_eq!(
            long(Subject::TerugvorderingOnverschuldigd),
            "artikel 58, tweede lid, onderdeel e, van de Participatiewet"
        );
        assert_eq!(
            long(Subject::Inlichtingenplicht),
            "artikel 17, eerste en tweede lid, van de Participatiewet"
        );
        assert_eq!(
            long(Subject::Vrijlatingen),
            "artikel 31, tweede lid, onderdelen n, r en y, van de Participatiewet"
        );
        assert_eq!(
            long(Subject::HerzieningVerplicht),
            "artikel 54, derde lid, eerste zin, van de Participatiewet"
        );
        assert_eq!(
            long(Subject::TerugvorderingLaterInkomen),
            "artikel 58, tweede lid, onderdeel f, onder 1°, van de Participatiewet"
        );
        assert_eq!(
            long(Subject::AnderePeriode),
            "artikel 45, tweede lid, in samenhang met artikel 18, eerste lid, van de Participatiewet"
        );
        assert_eq!(
            long(Subject::Inkomen),
            "artikel 31, eerste lid, en artikel 32, eerste lid, van de Participatiewet"
        );
        assert_eq!(long(Subject::Boete), "artikel 18a van de Participatiewet");
        assert_eq!(
            long(Subject::Beslistermijn),
            "artikel 4:13 van de Algemene wet bestuursrecht"
        );
        let whole = Cited {
            statute: p.wetten().statute(Regeling::Participatiewet),
            citation: &Citation {
                regeling: Regeling::Participatiewet,
                provisions: ["9", "55"]
                    .map(|a| Provision::parse_short(&format!("artikel {a}")).unwrap().0)
                    .to_vec(),
            },
        };
        assert_eq!(whole.long(), "de artikelen 9 en 55 van de Participatiewet");
        assert_eq!(whole.short(), "artikelen 9 en 55 Participatiewet");
    }

    #[test]
    fn the_short_form_and_the_links() {
        let p = built_in();
        let (_, short, links) = cite(
            &p,
            Subject::TerugvorderingOnverschuldigd,
            Wet::Participatiewet,
        );
        assert_eq!(short, "artikel 58 lid 2 onder e Participatiewet");
        assert_eq!(
            links,
            ["https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=58&lid=2"]
        );
        let (_, short, links) = cite(&p, Subject::Inlichtingenplicht, Wet::Participatiewet);
        assert_eq!(short, "artikel 17 lid 1 en 2 Participatiewet");
        assert_eq!(
            links,
            ["https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=17"]
        );
        let (_, short, _) = cite(&p, Subject::HerzieningBevoegd, Wet::Participatiewet);
        assert_eq!(short, "artikel 54 lid 3, tweede zin Participatiewet");
        let (_, short, links) = cite(&p, Subject::Beslistermijn, Wet::Ioaw);
        assert_eq!(short, "artikel 4:13 Algemene wet bestuursrecht");
        assert_eq!(
            links,
            ["https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:13"]
        );
    }

    #[test]
    fn subjects_cited_together_name_each_regulation_once() {
        let p = built_in();
        let date = crate::calendar::parse_date("2025-06-16").unwrap();
        let together = |subjects: &[Subject], wet| p.wetten().cite_together(subjects, wet, date);
        assert_eq!(
            together(
                &[
                    Subject::AnderePeriode,
                    Subject::Inkomen,
                    Subject::Belastingen
                ],
                Wet::Participatiewet
            ),
            "artikel 31, eerste en derde lid, artikel 32, eerste lid, en artikel 45, tweede \
             lid, in samenhang met artikel 18, eerste lid, van de Participatiewet"
        );
        // One subject: as cited alone.
        let alone_in = |s, wet| p.wetten().cite(s, wet, date).unwrap().long_abbreviated();
        let alone = |s| alone_in(s, Wet::Participatiewet);
        assert_eq!(
            together(&[Subject::Inkomen], Wet::Participatiewet),
            alone(Subject::Inkomen)
        );
        // Two regulations: each named once, joined by "en"; the IOAW's own.
        assert_eq!(
            together(
                &[Subject::Inkomen, Subject::Beleidsregels],
                Wet::Participatiewet
            ),
            format!(
                "{} en {}",
                alone(Subject::Inkomen),
                alone(Subject::Beleidsregels)
            )
        );
        assert_eq!(
            together(&[Subject::AnderePeriode, Subject::Inkomen], Wet::Ioaw),
            format!(
                "{} en {}",
                alone_in(Subject::AnderePeriode, Wet::Ioaw),
                alone_in(Subject::Inkomen, Wet::Ioaw)
            )
        );
    }

    #[test]
    fn an_ioaw_case_cites_the_ioaw_or_nothing() {
        let p = built_in();
        let c = p
            .wetten()
            .cite(Subject::TerugvorderingBruto, Wet::Ioaw, day("2024-06-01"))
            .unwrap();
        assert_eq!(
            c.long(),
            "artikel 25, vijfde lid, tweede zin, van de Wet inkomensvoorziening oudere en \
             gedeeltelijk arbeidsongeschikte werkloze werknemers"
        );
        assert_eq!(
            c.long_abbreviated(),
            "artikel 25, vijfde lid, tweede zin, van de IOAW"
        );
        assert_eq!(
            c.provisions().next().unwrap().1,
            "https://wetten.overheid.nl/jci1.3:c:BWBR0004044&artikel=25&lid=5"
        );
        let none = p
            .wetten()
            .cite(Subject::TerugvorderingTermijn, Wet::Ioaw, day("2024-06-01"))
            .unwrap_err();
        assert_eq!(
            none.to_string(),
            "De IOAW kent geen bepaling over `terugvordering_termijn` die overeenkomt met die \
             van de Participatiewet; pto noemt hier geen ander artikel. Leg de bepaling die de \
             gemeente wil toepassen vast onder `wetten: terugvordering_termijn:` in pto.yaml."
        );
        assert_eq!(
            p.wetten()
                .cite(Subject::Inkomen, Wet::Participatiewet, day("2022-12-31"))
                .unwrap_err(),
            NotCited::TooEarly {
                subject: "inkomen",
                date: day("2022-12-31")
            }
        );
    }

    #[test]
    fn a_municipality_adds_a_dated_row_in_pto_yaml() {
        let settings = settings_from_str(
            "pto.yaml",
            "wetten:\n  terugvordering_onverschuldigd:\n    - vanaf: 2027-01-01\n      \
             participatiewet: { artikel: \"58\", lid: 2, onderdeel: f, onder: 1° }\n  \
             verrekening:\n    - vanaf: 2023-01-01\n      ioaw: { wet: participatiewet, \
             artikel: \"60\", lid: 3 }\n",
        )
        .unwrap();
        let w = settings.policy.wetten();
        let at = |subject, wet, date| w.cite(subject, wet, day(date)).unwrap().long();
        let ground = Subject::TerugvorderingOnverschuldigd;
        assert_eq!(
            at(ground, Wet::Participatiewet, "2026-12-31"),
            "artikel 58, tweede lid, onderdeel e, van de Participatiewet"
        );
        assert_eq!(
            at(ground, Wet::Participatiewet, "2027-01-01"),
            "artikel 58, tweede lid, onderdeel f, onder 1°, van de Participatiewet"
        );
        // The benefit the new row leaves out keeps its citation.
        assert_eq!(
            at(ground, Wet::Ioaw, "2027-01-01"),
            "artikel 25, tweede lid, van de Wet inkomensvoorziening oudere en gedeeltelijk \
             arbeidsongeschikte werkloze werknemers"
        );
        // A row of the same date replaces the built-in one.
        assert_eq!(
            at(Subject::Verrekening, Wet::Ioaw, "2024-01-01"),
            "artikel 60, derde lid, van de Participatiewet"
        );
    }

    fn errors(yaml: &str) -> Vec<String> {
        match settings_from_str("pto.yaml", yaml) {
            Ok(_) => panic!("loads: {yaml}"),
            Err(errors) => errors
                .into_iter()
                .map(|e| {
                    let span = e.span.unwrap();
                    format!("{}:{}:{}: {}", e.file, span.line, span.column, e.message)
                })
                .collect(),
        }
    }

    #[test]
    fn a_wrong_row_in_pto_yaml_is_a_located_dutch_error() {
        let typo = errors("wetten:\n  terugvordering_onverschuldig:\n    - vanaf: 2027-01-01\n");
        assert!(
            typo[0].starts_with(
                "pto.yaml:2:3: Onbekend veld `terugvordering_onverschuldig` bij de \
                 wetsartikelen. Bedoelde u `terugvordering_onverschuldigd`?"
            ),
            "{typo:?}"
        );
        let no_article =
            errors("wetten:\n  boete:\n    - vanaf: 2027-01-01\n      ioaw: { lid: 1 }\n");
        assert_eq!(
            no_article,
            ["pto.yaml:4:13: Het verplichte veld `artikel` ontbreekt in een wetsartikel."]
        );
        let two_leden = errors(
            "wetten:\n  boete:\n    - vanaf: 2027-01-01\n      ioaw: { artikel: \"20a\", lid: [1, 2], onderdeel: a }\n",
        );
        assert_eq!(
            two_leden,
            ["pto.yaml:4:31: Een onderdeel of zin hoort bij één lid; noem dan één `lid`."]
        );
        let unknown_law = errors(
            "wetten:\n  boete:\n    - vanaf: 2027-01-01\n      ioaw: { wet: ww, artikel: \"1\" }\n",
        );
        assert_eq!(
            unknown_law,
            ["pto.yaml:4:20: Onbekende wet `ww`; pto kent: participatiewet, ioaw, awb, bbz."]
        );
        let word = errors("wetten:\n  boete:\n    - vanaf: 2027-01-01\n      ioaw: niets\n");
        assert!(
            word[0].starts_with("pto.yaml:4:13: Een verwijzing naar de wet is `geen`, "),
            "{word:?}"
        );
        let no_date = errors("wetten:\n  boete:\n    - ioaw: geen\n");
        assert_eq!(
            no_date,
            [
                "pto.yaml:3:7: Het verplichte veld `vanaf` ontbreekt in een rij van de wetsartikelen."
            ]
        );
    }

    #[test]
    fn a_policy_article_in_the_long_form() {
        let t = "Beleidsregels X";
        assert_eq!(
            cite_policy("artikel 4 lid 1 onder a", t),
            "artikel 4, eerste lid, onderdeel a, van de Beleidsregels X"
        );
        assert_eq!(
            cite_policy("artikel 8 lid 1 en 3", t),
            "artikel 8, eerste en derde lid, van de Beleidsregels X"
        );
        assert_eq!(
            cite_policy("artikel 6 onder a", t),
            "artikel 6, onderdeel a, van de Beleidsregels X"
        );
        assert_eq!(
            cite_policy("artikel 12", t),
            "artikel 12 van de Beleidsregels X"
        );
        assert_eq!(
            cite_policy("artikel 5, toelichting", t),
            "de toelichting op artikel 5 van de Beleidsregels X"
        );
        assert_eq!(
            cite_policy("artikel 11 (toelichting)", t),
            "de toelichting op artikel 11 van de Beleidsregels X"
        );
        // What pto cannot read as an article is cited as written.
        assert_eq!(
            cite_policy("paragraaf 3.2", t),
            "paragraaf 3.2 van de Beleidsregels X"
        );
        assert_eq!(
            cite_policy("artikel 4 lid", t),
            "artikel 4 lid van de Beleidsregels X"
        );
    }
}
