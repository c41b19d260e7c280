//! The case file (dossier) as typed values; its reference: docs/case-file.md.
//!
//! Keys are the policy's own Dutch words. Every value that a rule may point
//! at keeps its place in the file (`Sp<T>`), and every group keeps the place
//! of its key, so a finding about something missing can point at its parent.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::Month;
use crate::diag::{Sp, Span};

use schemars::JsonSchema;

use super::schema::{Amount, Bsn, Date, Digits, Hours, Year, ZAAKNUMMER};

/// Dossier: one case of parttime ondernemen.
///
/// `JsonSchema` gives editors the case file's schema (`pto schema`): the
/// field names are the YAML keys, the descriptions are Dutch for the staff
/// who type them, and a key is required exactly where `load` requires it.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    title = "Dossier parttime ondernemen",
    description = "Eén dossier (zaak) parttime ondernemen: de aanvraag, de toestemming, de maandopgaven, de jaarstukken en de afwijkingen. De veldnamen zijn de woorden van de beleidsregels; een onbekend veld is een fout."
)]
pub struct Case {
    /// Zaaknummer: unique across the repository.
    #[schemars(
        with = "String",
        regex(pattern = ZAAKNUMMER),
        length(min = 1, max = 64),
        description = "Zaaknummer, uniek in case-files/: letters, cijfers, - en _ (bijvoorbeeld PTO-2024-0012)."
    )]
    pub zaaknummer: Sp<String>,
    #[schemars(description = "De aanvrager: aan wie het besluit is gericht.")]
    pub aanvrager: Aanvrager,
    #[schemars(description = "De uitkering die de aanvrager ontvangt.")]
    pub uitkering: Uitkering,
    #[schemars(description = "De aanvraag om toestemming voor parttime ondernemen (art. 3).")]
    pub aanvraag: Aanvraag,
    /// Toestemming: recorded once approved; absent before.
    #[schemars(
        description = "De toestemming van het college: pas invullen na toekenning; leeg of afwezig zolang er niet is beslist."
    )]
    pub toestemming: Option<Toestemming>,
    #[schemars(
        with = "Option<Vec<Investering>>",
        description = "Investeringen (art. 4 lid 1 d, art. 10 lid 5): alleen met voorafgaande toestemming."
    )]
    pub investeringen: Vec<Investering>,
    /// Maandopgaven (art. 8).
    #[schemars(
        with = "Option<Vec<Maand>>",
        description = "Maandopgaven van inkomsten en uren (art. 8), één per maand, ook in een maand zonder activiteiten."
    )]
    pub maanden: Vec<Maand>,
    /// Place of the `maanden` key, or of the file's start when absent.
    #[schemars(skip)]
    pub maanden_span: Span,
    /// Jaarstukken (art. 9).
    #[schemars(
        with = "Option<Vec<Jaarstukken>>",
        description = "Jaarstukken: de boekhouding per boekjaar (art. 9), in te leveren vóór 1 mei van het jaar erna."
    )]
    pub jaarstukken: Vec<Jaarstukken>,
    #[schemars(skip)]
    pub jaarstukken_span: Span,
    /// Afwijkingen under the hardheidsclausule (art. 12).
    #[schemars(
        with = "Option<Vec<Afwijking>>",
        description = "Afwijkingen op grond van de hardheidsclausule (art. 12): een bevinding die het college met een motivering opheft."
    )]
    pub afwijkingen: Vec<Afwijking>,
    /// Vrijlatingen (Participatiewet art. 31 lid 2 onder n): income left
    /// out of the deduction for a few months, granted case by case.
    #[schemars(
        with = "Option<Vec<Vrijlating>>",
        description = "Vrijlatingen van inkomsten uit arbeid (artikel 31 lid 2 onder n Participatiewet): per zaak afgewogen, met de periode en de motivering; het percentage en het maximum staan in het beleid."
    )]
    pub vrijlatingen: Vec<Vrijlating>,
    #[schemars(skip)]
    pub vrijlatingen_span: Span,
    /// Zienswijzen on a voornemen (Awb 4:8, 4:9).
    #[schemars(
        with = "Option<Vec<Zienswijze>>",
        description = "Zienswijzen op een voornemen (artikel 4:8 en 4:9 Awb): wat de aanvrager op het voornemen heeft gezegd of geschreven, en ons antwoord; of dat hij heeft afgezien van een zienswijze."
    )]
    pub zienswijzen: Vec<Zienswijze>,
    /// The weighing of an intrekking (Awb 3:4 lid 2), per evaluation.
    #[schemars(
        with = "Option<Vec<Evaluatie>>",
        description = "Per evaluatie die tot intrekking kan leiden: de afweging van de evenredigheid (artikel 3:4 lid 2 Awb) uit de feiten van deze zaak, zoals die in het voornemen en het besluit komt."
    )]
    pub evaluaties: Vec<Evaluatie>,
}

/// The jurist's weighing for one evaluation.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "De afweging bij een evaluatie die tot intrekking kan leiden."
)]
pub struct Evaluatie {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        with = "Month",
        description = "De laatste beoordeelde maand van de evaluatie (JJJJ-MM), zoals het voornemen die noemt."
    )]
    pub tot: Sp<Month>,
    #[schemars(
        with = "String",
        description = "Wat voor en tegen intrekking pleit in deze zaak, en waarom intrekking toch (of niet) in verhouding staat; in de tweede persoon, zonder gezondheidsgegevens. Dit komt in het voornemen en in het besluit."
    )]
    pub afweging: Sp<String>,
    #[schemars(
        with = "Option<String>",
        description = "De afweging in het besluit na een zienswijze: opnieuw geschreven, met wat de aanvrager zei. Verplicht als er een zienswijze is gegeven; zonder zienswijze geldt `afweging` ook voor het besluit."
    )]
    pub afweging_besluit: Option<Sp<String>>,
}

/// Aanvrager: the person the decision is addressed to.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "De aanvrager: aan wie het besluit is gericht."
)]
pub struct Aanvrager {
    #[schemars(with = "String", description = "Naam zoals die in de brief komt.")]
    pub naam: Sp<String>,
    #[schemars(
        with = "Bsn",
        description = "Burgerservicenummer: 9 cijfers die voldoen aan de elfproef; tussen aanhalingstekens als het met een 0 begint."
    )]
    pub bsn: Sp<String>,
    #[schemars(description = "Het adres waar de brief heen gaat.")]
    pub adres: Adres,
    /// The surname as recorded in the BRP, for the aanhef.
    #[schemars(
        with = "Option<String>",
        description = "Achternaam zonder voorvoegsel, volgens de BRP (voor de aanhef), bijvoorbeeld Amrani."
    )]
    pub achternaam: Option<Sp<String>>,
    #[schemars(
        with = "Option<String>",
        description = "Voorvoegsel van de achternaam, zoals in de BRP: el, de, van der. In de aanhef krijgt het een hoofdletter (Geachte mevrouw El Amrani)."
    )]
    pub voorvoegsel: Option<Sp<String>>,
    /// The name to write to, from the BRP naamgebruik (own name, partner's
    /// name, or both), where it differs from voorvoegsel + achternaam.
    #[schemars(
        with = "Option<String>",
        description = "De achternaam zoals de aanvrager die gebruikt (aanduiding naamgebruik in de BRP), als die afwijkt van voorvoegsel + achternaam, bijvoorbeeld Jansen-de Vries."
    )]
    pub aanschrijfnaam: Option<Sp<String>>,
    /// Pw 31 lid 5: no vrijlating under 27.
    #[schemars(
        with = "Option<Date>",
        description = "Geboortedatum (JJJJ-MM-DD): nodig voor een vrijlating, die niet geldt voor wie jonger is dan 27 jaar (artikel 31 lid 5 Participatiewet)."
    )]
    pub geboortedatum: Option<Sp<NaiveDate>>,
    /// Only as recorded; never guessed from a first name.
    #[schemars(
        with = "Option<Aanspreekvorm>",
        description = "Hoe de aanvrager wil worden aangesproken: heer of mevrouw. Alleen invullen als dat is vastgelegd; zonder aanspreekvorm begint de brief met de volledige naam (Geachte Fatima el Amrani)."
    )]
    pub aanspreekvorm: Option<Sp<Aanspreekvorm>>,
    /// The day the person let the college know they can be reached
    /// electronically: only then may a letter go out that way.
    #[schemars(
        with = "Option<Date>",
        description = "De dag waarop de aanvrager heeft laten weten elektronisch bereikbaar te zijn (artikel 2:14 lid 1 Awb; vanaf 2026 uitdrukkelijk, artikel 2:8 Awb). Alleen dan verstuurt pto decide --kanaal digitaal een brief."
    )]
    pub elektronisch_bereikbaar: Option<Sp<NaiveDate>>,
}

/// How a person is addressed: only as recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aanspreekvorm {
    Heer,
    Mevrouw,
}

impl Aanspreekvorm {
    pub const ALL: [Aanspreekvorm; 2] = [Aanspreekvorm::Heer, Aanspreekvorm::Mevrouw];

    pub fn key(self) -> &'static str {
        match self {
            Aanspreekvorm::Heer => "heer",
            Aanspreekvorm::Mevrouw => "mevrouw",
        }
    }

    pub fn from_key(key: &str) -> Option<Aanspreekvorm> {
        Aanspreekvorm::ALL.into_iter().find(|a| a.key() == key)
    }
}

impl Aanvrager {
    /// The surname as the aanhef writes it without a first name before it:
    /// the aanschrijfnaam, or the voorvoegsel and achternaam, with a capital
    /// first letter ("El Amrani", "De Boer", "Van der Laan-de Wit").
    pub fn surname_for_aanhef(&self) -> Option<String> {
        let name = match (&self.aanschrijfnaam, &self.achternaam) {
            (Some(a), _) => a.value.trim().to_string(),
            (None, Some(last)) => match &self.voorvoegsel {
                Some(v) if !v.value.trim().is_empty() => {
                    format!("{} {}", v.value.trim(), last.value.trim())
                }
                _ => last.value.trim().to_string(),
            },
            (None, None) => return None,
        };
        let mut chars = name.chars();
        Some(match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => name,
        })
    }

    /// The aanhef's words after "Geachte": "mevrouw El Amrani" with a
    /// recorded aanspreekvorm, else the full name as written.
    pub fn aanhef(&self) -> String {
        match (self.aanspreekvorm.as_ref(), self.surname_for_aanhef()) {
            (Some(vorm), Some(surname)) => format!("{} {surname}", vorm.key()),
            _ => self.naam.value.clone(),
        }
    }
}

#[derive(Clone, Debug, JsonSchema)]
#[schemars(deny_unknown_fields, description = "Adres van de aanvrager.")]
pub struct Adres {
    #[schemars(description = "Straat en huisnummer.")]
    pub straat: String,
    #[schemars(description = "Postcode, bijvoorbeeld 2983 AB.")]
    pub postcode: String,
    #[schemars(description = "Woonplaats.")]
    pub woonplaats: String,
}

/// Uitkering: the benefit the person receives.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "De uitkering die de aanvrager ontvangt."
)]
pub struct Uitkering {
    /// `participatiewet` or `ioaw` (art. 1 lid 2 f): any other value is an
    /// input error, so a typo can never turn into a rejection.
    #[schemars(
        with = "Wet",
        description = "De wet waarop de uitkering berust (art. 1 lid 2 f): participatiewet of ioaw."
    )]
    pub wet: Sp<Wet>,
    /// Net monthly benefit norms, each from a date on.
    #[schemars(
        description = "Netto bijstandsnorm per maand, elk vanaf een datum; de norm op de eerste dag van een maand geldt voor die maand."
    )]
    pub normen: Vec<Norm>,
    #[schemars(skip)]
    pub normen_span: Span,
    /// The last day of the benefit, where it ended: months after it have no
    /// bijstand to settle.
    #[schemars(
        with = "Option<Date>",
        description = "Laatste dag van de uitkering, als die is beëindigd (JJJJ-MM-DD); leeg zolang die loopt."
    )]
    pub einddatum: Option<Sp<NaiveDate>>,
}

impl Uitkering {
    /// Whether bijstand was paid over `month`: a norm held on its first day
    /// and the benefit had not ended before it.
    pub fn covers(&self, month: Month) -> bool {
        let started = self.normen.iter().any(|n| *n.vanaf <= month.first_day());
        let ended = self
            .einddatum
            .as_ref()
            .is_some_and(|end| **end < month.first_day());
        started && !ended
    }
}

/// The statute a benefit rests on: it decides which statute a decision on
/// the benefit cites. The policy applies only to these two (art. 1 lid 2 f).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Wet {
    Participatiewet,
    Ioaw,
}

impl Wet {
    pub const ALL: [Wet; 2] = [Wet::Participatiewet, Wet::Ioaw];

    /// The word in the case file.
    pub fn key(self) -> &'static str {
        match self {
            Wet::Participatiewet => "participatiewet",
            Wet::Ioaw => "ioaw",
        }
    }

    pub fn from_key(key: &str) -> Option<Wet> {
        Wet::ALL.into_iter().find(|w| w.key() == key)
    }

    /// The statute's short title, as a letter cites it.
    pub fn title(self) -> &'static str {
        match self {
            Wet::Participatiewet => "Participatiewet",
            Wet::Ioaw => "IOAW",
        }
    }
}

/// Norm: the net monthly benefit from a date on.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een netto bijstandsnorm per maand, vanaf een datum."
)]
pub struct Norm {
    #[schemars(
        with = "Date",
        description = "Vanaf deze datum geldt de norm (JJJJ-MM-DD)."
    )]
    pub vanaf: Sp<NaiveDate>,
    #[schemars(with = "Amount", description = "Netto bedrag per maand in euro's.")]
    pub bedrag: Sp<Decimal>,
}

/// Aanvraag: the application (art. 3).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "De aanvraag om toestemming voor parttime ondernemen (art. 3)."
)]
pub struct Aanvraag {
    /// Place of the `aanvraag` key.
    #[schemars(skip)]
    pub span: Span,
    /// Received on.
    #[schemars(
        with = "Date",
        description = "Datum waarop de aanvraag is ontvangen (JJJJ-MM-DD); de beslistermijn loopt vanaf hier."
    )]
    pub datum: Sp<NaiveDate>,
    #[schemars(
        with = "Option<String>",
        description = "De klantmanager Werk die de zaak behandelt."
    )]
    pub klantmanager: Option<Sp<String>>,
    /// Art. 2: PTO judged suitable for this person.
    #[schemars(
        with = "bool",
        description = "Art. 2: parttime ondernemen is voor deze persoon passend bevonden."
    )]
    pub passend: Sp<bool>,
    #[schemars(with = "String", description = "Wat de onderneming doet.")]
    pub activiteit: Sp<String>,
    /// Planned hours a week, direct and indirect.
    #[schemars(
        with = "Hours",
        description = "Geplande uren per week, direct en indirect samen (art. 4 lid 1 a, art. 5)."
    )]
    pub uren_per_week: Sp<Decimal>,
    /// Art. 4 lid 1 b.
    #[schemars(
        with = "bool",
        description = "Art. 4 lid 1 b: de onderneming is voor eigen rekening en risico."
    )]
    pub eigen_rekening_en_risico: Sp<bool>,
    /// Art. 4 lid 1 f.
    #[schemars(
        with = "bool",
        description = "Art. 4 lid 1 f: de prijzen zijn marktconform."
    )]
    pub marktconforme_prijzen: Sp<bool>,
    /// Art. 4 lid 1 c: each a description.
    #[schemars(
        with = "Option<Vec<String>>",
        description = "Art. 4 lid 1 c: langlopende verplichtingen, elk een omschrijving; leeg ([]) als er geen zijn."
    )]
    pub langlopende_verplichtingen: Vec<Sp<String>>,
    #[schemars(skip)]
    pub langlopende_verplichtingen_span: Span,
    /// Art. 6 b.
    #[schemars(
        with = "Option<Digits>",
        description = "Art. 6 b: inschrijfnummer bij de Kamer van Koophandel, 8 cijfers."
    )]
    pub kvk_nummer: Option<Sp<String>>,
    /// Art. 6 c.
    #[schemars(
        with = "Option<String>",
        description = "Art. 6 c: btw-identificatienummer, NL + 9 cijfers + B + 2 cijfers (NL123456789B01)."
    )]
    pub btw_id: Option<Sp<String>>,
    /// Art. 8 lid 2.
    #[schemars(
        with = "Option<String>",
        description = "Art. 8 lid 2: zakelijke bankrekening (IBAN, met geldige controlecijfers)."
    )]
    pub zakelijke_iban: Option<Sp<String>>,
    /// Art. 6 a.
    #[schemars(
        with = "Option<Vec<Vergunning>>",
        description = "Art. 6 a: de vergunningen die de activiteit vraagt."
    )]
    pub vergunningen: Vec<Vergunning>,
    /// Art. 6 d.
    #[schemars(description = "Art. 6 d: verklaring omtrent het gedrag (VOG).")]
    pub vog: Option<Vog>,
    /// Art. 7.
    #[schemars(description = "Art. 7: het plan van aanpak (mag bij de aanvraag nog ontbreken).")]
    pub plan_van_aanpak: Option<PlanVanAanpak>,
    /// Documents needed to assess the application (Awb 4:5 lid 1 c).
    #[schemars(
        with = "Option<Vec<Stuk>>",
        description = "Stukken die nodig zijn om de aanvraag te beoordelen (artikel 4:5 lid 1 onder c Awb). Een stuk zonder `ontvangen` ontbreekt nog: pto decide aanvraag vraagt het dan eerst op (herstelverzuim)."
    )]
    pub stukken: Vec<Stuk>,
}

/// A document needed to assess the application (Awb 4:5).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een stuk dat nodig is om de aanvraag te beoordelen."
)]
pub struct Stuk {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        with = "StukSoort",
        description = "Welk soort stuk; het beleid geeft per soort de termijn om het aan te vullen."
    )]
    pub soort: Sp<StukSoort>,
    #[schemars(
        with = "String",
        description = "Wat er precies nodig is, zoals het in de brief komt (bijvoorbeeld: een uittreksel uit het Handelsregister van de Kamer van Koophandel)."
    )]
    pub omschrijving: Sp<String>,
    #[schemars(
        with = "Option<Date>",
        description = "Datum waarop het stuk is ontvangen (JJJJ-MM-DD); leeg zolang het ontbreekt."
    )]
    pub ontvangen: Option<Sp<NaiveDate>>,
}

/// The kinds of document an application may lack; the policy gives each a
/// term to supply it (a VOG takes weeks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StukSoort {
    KvkUittreksel,
    Vog,
    Vergunning,
    PlanVanAanpak,
    Bankafschrift,
    Overig,
}

impl StukSoort {
    pub const ALL: [StukSoort; 6] = [
        StukSoort::KvkUittreksel,
        StukSoort::Vog,
        StukSoort::Vergunning,
        StukSoort::PlanVanAanpak,
        StukSoort::Bankafschrift,
        StukSoort::Overig,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StukSoort::KvkUittreksel => "kvk_uittreksel",
            StukSoort::Vog => "vog",
            StukSoort::Vergunning => "vergunning",
            StukSoort::PlanVanAanpak => "plan_van_aanpak",
            StukSoort::Bankafschrift => "bankafschrift",
            StukSoort::Overig => "overig",
        }
    }

    pub fn from_key(key: &str) -> Option<StukSoort> {
        StukSoort::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl Stuk {
    /// Whether the document was in on `date`.
    pub fn received_by(&self, date: NaiveDate) -> bool {
        self.ontvangen.as_ref().is_some_and(|d| **d <= date)
    }
}

/// Vergunning (art. 6 a).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een vergunning die de activiteit vraagt (art. 6 a)."
)]
pub struct Vergunning {
    #[schemars(with = "String", description = "Welke vergunning.")]
    pub omschrijving: Sp<String>,
    #[schemars(with = "bool", description = "Of de vergunning aanwezig is.")]
    pub aanwezig: Sp<bool>,
}

/// Verklaring omtrent het gedrag (art. 6 d).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Verklaring omtrent het gedrag (art. 6 d)."
)]
pub struct Vog {
    #[schemars(
        with = "bool",
        description = "Of voor deze activiteit een VOG nodig is."
    )]
    pub vereist: Sp<bool>,
    #[schemars(with = "bool", description = "Of de VOG er is.")]
    pub aanwezig: Sp<bool>,
}

/// Plan van aanpak (art. 7).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(deny_unknown_fields, description = "Het plan van aanpak (art. 7).")]
pub struct PlanVanAanpak {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        with = "Date",
        description = "Datum van het plan van aanpak (JJJJ-MM-DD)."
    )]
    pub datum: Sp<NaiveDate>,
    #[schemars(
        with = "Option<Hours>",
        description = "Uren per week van de arbeidsverplichting (art. 9 Participatiewet)."
    )]
    pub arbeidsverplichting_uren_per_week: Option<Sp<Decimal>>,
    /// Text when partly exempted (art. 9 lid 2 Pw).
    #[schemars(
        with = "Option<String>",
        description = "Bij gedeeltelijke ontheffing (art. 9 lid 2 Participatiewet): waarvan en waarom."
    )]
    pub ontheffing: Option<Sp<String>>,
}

/// Toestemming: the permission period.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "De periode waarin het college toestemming geeft voor parttime ondernemen."
)]
pub struct Toestemming {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        with = "Date",
        description = "Eerste dag van de toestemming (JJJJ-MM-DD)."
    )]
    pub ingangsdatum: Sp<NaiveDate>,
    /// Set when withdrawn or ended.
    #[schemars(
        with = "Option<Date>",
        description = "Laatste dag van de toestemming, na intrekking of beëindiging; leeg zolang die loopt."
    )]
    pub einddatum: Option<Sp<NaiveDate>>,
    /// The toekenning, where it is not in the register (issued before pto
    /// was used): a recovery rests on what it announced.
    #[schemars(
        description = "Het besluit waarmee de toestemming is gegeven, als dat niet in het register van pto staat: een terugvordering verwijst ernaar, want daarin stond dat de verrekening per maand voorlopig is."
    )]
    pub besluit: Option<Besluit>,
}

/// A decision issued earlier, by its date and kenmerk.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een eerder besluit: datum en kenmerk."
)]
pub struct Besluit {
    #[schemars(with = "Date", description = "De datum van het besluit (JJJJ-MM-DD).")]
    pub datum: Sp<NaiveDate>,
    #[schemars(with = "String", description = "Het kenmerk van het besluit.")]
    pub kenmerk: Sp<String>,
}

impl Toestemming {
    /// Whether any day of `month` lies in the permission period.
    pub fn covers(&self, month: Month) -> bool {
        let starts_in_time = month.last_day() >= *self.ingangsdatum;
        let ends_in_time = self
            .einddatum
            .as_ref()
            .is_none_or(|end| month.first_day() <= **end);
        starts_in_time && ends_in_time
    }
}

/// Investering (art. 4 lid 1 d, art. 10 lid 5).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een investering (art. 4 lid 1 d, art. 10 lid 5)."
)]
pub struct Investering {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(with = "Date", description = "Datum van de investering (JJJJ-MM-DD).")]
    pub datum: Sp<NaiveDate>,
    #[schemars(with = "String", description = "Waarin is geïnvesteerd.")]
    pub omschrijving: Sp<String>,
    #[schemars(with = "Amount", description = "Bedrag in euro's, zonder btw.")]
    pub bedrag: Sp<Decimal>,
    /// The date the college consented, if it did.
    #[schemars(
        with = "Option<Date>",
        description = "Datum waarop het college toestemming gaf; die moet vóór of op de datum van de investering liggen."
    )]
    pub toestemming: Option<Sp<NaiveDate>>,
}

/// Maandopgave: the monthly statement of income and hours (art. 8).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Maandopgave van inkomsten en uren (art. 8)."
)]
pub struct Maand {
    #[schemars(
        with = "Month",
        description = "De maand waarover de opgave gaat (JJJJ-MM)."
    )]
    pub maand: Sp<Month>,
    #[schemars(
        with = "Option<Date>",
        description = "Datum waarop de opgave is ingeleverd (JJJJ-MM-DD)."
    )]
    pub ingeleverd: Option<Sp<NaiveDate>>,
    /// Turnover, excluding VAT.
    #[schemars(with = "Amount", description = "Omzet in euro's, zonder btw.")]
    pub omzet: Sp<Decimal>,
    #[schemars(with = "Hours", description = "Directe uren: werk voor klanten.")]
    pub uren_direct: Sp<Decimal>,
    #[schemars(
        with = "Hours",
        description = "Indirecte uren: administratie, acquisitie, reistijd."
    )]
    pub uren_indirect: Sp<Decimal>,
    #[schemars(
        with = "Option<Vec<Kost>>",
        description = "De kosten van deze maand (art. 10)."
    )]
    pub kosten: Vec<Kost>,
}

impl Maand {
    pub fn uren(&self) -> Decimal {
        *self.uren_direct + *self.uren_indirect
    }
}

/// Kostenpost: one cost item of a month or a year (art. 10).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een kostenpost (art. 10): alleen aftrekbaar als die is goedgekeurd, er een bewijsstuk is en de categorie aftrekbaar is."
)]
pub struct Kost {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(with = "String", description = "Waarvoor de kosten zijn gemaakt.")]
    pub omschrijving: Sp<String>,
    #[schemars(with = "Categorie")]
    pub categorie: Sp<Categorie>,
    #[schemars(with = "Amount", description = "Bedrag in euro's, zonder btw.")]
    pub bedrag: Sp<Decimal>,
    #[schemars(
        with = "bool",
        description = "Of de klantmanager de kosten heeft goedgekeurd (art. 10 lid 1)."
    )]
    pub goedgekeurd: Sp<bool>,
    #[schemars(
        with = "bool",
        description = "Of er een bewijsstuk is, zoals een factuur of bon (art. 10 lid 1)."
    )]
    pub bewijs: Sp<bool>,
}

/// Jaarstukken: the annual bookkeeping (art. 9, art. 4 lid 1 e).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "De boekhouding over een boekjaar (art. 9, art. 4 lid 1 e)."
)]
pub struct Jaarstukken {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(with = "Year", description = "Het boekjaar, bijvoorbeeld 2024.")]
    pub boekjaar: Sp<i32>,
    /// Handed in on; absent while it is not in.
    #[schemars(
        with = "Option<Date>",
        description = "Datum waarop de boekhouding is ingeleverd (JJJJ-MM-DD); leeg zolang die er niet is."
    )]
    pub ingeleverd: Option<Sp<NaiveDate>>,
    #[schemars(
        with = "bool",
        description = "Art. 4 lid 1 e: de kopie van de aangifte inkomstenbelasting is erbij."
    )]
    pub aangifte_ib: Sp<bool>,
    #[schemars(with = "bool", description = "Art. 9 lid 1: er is een jaarrekening.")]
    pub jaarrekening: Sp<bool>,
    #[schemars(
        with = "bool",
        description = "Art. 9 lid 1: er is een kasboek (met btw-aangiften), in plaats van een jaarrekening."
    )]
    pub kasboek: Sp<bool>,
    /// Deadline extended by the klantmanager (art. 9 toelichting); the last
    /// day on which the bookkeeping is still in time.
    #[schemars(
        with = "Option<Date>",
        description = "Uitstel door de klantmanager (art. 9, toelichting): de laatste dag waarop de boekhouding nog op tijd is."
    )]
    pub uitstel_tot: Option<Sp<NaiveDate>>,
    #[schemars(
        with = "Amount",
        description = "Omzet over het jaar in euro's, zonder btw."
    )]
    pub omzet: Sp<Decimal>,
    #[schemars(
        with = "Option<Vec<Kost>>",
        description = "De kosten over het jaar volgens de boekhouding (art. 10)."
    )]
    pub kosten: Vec<Kost>,
    /// Income tax and premiums owed on the business income (Participatiewet
    /// art. 31 lid 3), from the assessment.
    #[schemars(
        with = "Option<Amount>",
        description = "Inkomstenbelasting en premie volksverzekeringen die over de winst van dit jaar verschuldigd zijn, volgens de (voorlopige) aanslag: die gaan van de inkomsten af (artikel 31 lid 3 Participatiewet)."
    )]
    pub belasting_en_premies: Option<Sp<Decimal>>,
    /// The months the bookkeeping covers, where not the calendar year.
    #[schemars(
        with = "Option<MonthRange>",
        description = "De maanden waarover de jaarstukken gaan, als dat niet het hele kalenderjaar is (bijvoorbeeld omdat de onderneming in maart begon); zonder periode gaan ze over het kalenderjaar."
    )]
    pub periode: Option<MonthRange>,
    /// Months of the bookkeeping without turnover, as the person showed or
    /// the college established: the year's profit is split over the others.
    #[schemars(
        with = "Option<Vec<Month>>",
        description = "Maanden waarover de jaarstukken gaan maar waarin de aanvrager geen omzet had, zoals is aangetoond of vastgesteld (bijvoorbeeld bij een afwijking): de winst van het jaar wordt dan verdeeld over de andere maanden (JJJJ-MM)."
    )]
    pub zonder_omzet: Vec<Sp<Month>>,
    /// A breach of the duty to inform, as the jurist established it: never
    /// inferred from a difference in the figures.
    #[schemars(
        description = "Alleen invullen als een jurist heeft vastgesteld dat de aanvrager de inlichtingenplicht heeft geschonden (artikel 17 Participatiewet): dan rust het deel van de terugvordering dat daardoor komt op de verplichte grond."
    )]
    pub schending_inlichtingenplicht: Option<Schending>,
}

/// A range of months, both included.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Van en met een maand, tot en met een maand."
)]
pub struct MonthRange {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(with = "Month", description = "De eerste maand (JJJJ-MM).")]
    pub van: Sp<Month>,
    #[schemars(with = "Month", description = "De laatste maand (JJJJ-MM).")]
    pub tot: Sp<Month>,
}

impl MonthRange {
    pub fn contains(&self, month: Month) -> bool {
        *self.van <= month && month <= *self.tot
    }

    pub fn months(&self) -> impl Iterator<Item = Month> {
        Month::range(*self.van, *self.tot)
    }
}

/// Schending van de inlichtingenplicht: established by a jurist.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "De vastgestelde schending van de inlichtingenplicht."
)]
pub struct Schending {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        with = "Date",
        description = "Datum waarop de schending is vastgesteld (JJJJ-MM-DD)."
    )]
    pub vastgesteld: Sp<NaiveDate>,
    #[schemars(
        with = "Amount",
        description = "De omzet die de aanvrager niet heeft gemeld, zoals de stukken die laten zien, in euro's: alleen het deel van de terugvordering dat daardoor komt, rust op de verplichte grond."
    )]
    pub bedrag: Sp<Decimal>,
    #[schemars(
        with = "String",
        description = "De feiten van de schending: wat er niet is gemeld en waaruit dat blijkt, in de tweede persoon. Dit komt in de brief. Geen oordeel over opzet of schuld: dat hoort bij de boeteprocedure."
    )]
    pub motivering: Sp<String>,
    #[schemars(
        with = "Vec<String>",
        description = "De stukken waarop de vaststelling berust, elk een omschrijving."
    )]
    pub stukken: Vec<Sp<String>>,
}

/// Vrijlating (Participatiewet art. 31 lid 2 onder n).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een vrijlating van inkomsten uit arbeid voor een aantal maanden."
)]
pub struct Vrijlating {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        with = "Month",
        description = "De eerste maand van de vrijlating (JJJJ-MM)."
    )]
    pub van: Sp<Month>,
    #[schemars(
        with = "Month",
        description = "De laatste maand van de vrijlating (JJJJ-MM)."
    )]
    pub tot: Sp<Month>,
    #[schemars(
        with = "Date",
        description = "Datum van het besluit om vrij te laten (JJJJ-MM-DD)."
    )]
    pub datum: Sp<NaiveDate>,
    #[schemars(
        with = "String",
        description = "Waarom de vrijlating bijdraagt aan de arbeidsinschakeling (de interne afweging; die komt niet in de brief)."
    )]
    pub motivering: Sp<String>,
    #[schemars(
        with = "Option<String>",
        description = "Wat de brief over de vrijlating zegt, in de tweede persoon; zonder deze tekst noemt de brief alleen de maanden en het bedrag."
    )]
    pub in_brief: Option<Sp<String>>,
}

impl Vrijlating {
    pub fn contains(&self, month: Month) -> bool {
        *self.van <= month && month <= *self.tot
    }
}

/// Zienswijze on a voornemen (Awb 4:8, 4:9).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een zienswijze op een voornemen, of het afzien daarvan."
)]
pub struct Zienswijze {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        with = "String",
        description = "Het kenmerk van het voornemen, zoals PTO-2024-0047-VOORNEMEN-EVALUATIE-202506."
    )]
    pub voornemen: Sp<String>,
    #[schemars(
        with = "Option<Date>",
        description = "Datum waarop de zienswijze (of het bericht dat de aanvrager afziet) is ontvangen (JJJJ-MM-DD)."
    )]
    pub ontvangen: Option<Sp<NaiveDate>>,
    #[schemars(
        with = "Option<Vorm>",
        description = "Schriftelijk of mondeling; een mondelinge zienswijze wordt schriftelijk vastgelegd (`verslag`)."
    )]
    pub vorm: Option<Sp<Vorm>>,
    #[schemars(
        with = "Option<Date>",
        description = "Bij een mondelinge zienswijze: de datum van het verslag (JJJJ-MM-DD)."
    )]
    pub verslag: Option<Sp<NaiveDate>>,
    #[schemars(
        with = "Option<String>",
        description = "Wat de aanvrager naar voren bracht, kort en in zijn eigen woorden; dit komt in het besluit."
    )]
    pub samenvatting: Option<Sp<String>>,
    #[schemars(
        with = "Option<String>",
        description = "Ons antwoord op de zienswijze, in de tweede persoon; dit komt in het besluit."
    )]
    pub reactie: Option<Sp<String>>,
    #[schemars(
        with = "Option<bool>",
        description = "Waar als de aanvrager heeft laten weten geen zienswijze te geven."
    )]
    pub afgezien: bool,
}

/// How a zienswijze was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vorm {
    Schriftelijk,
    Mondeling,
}

impl Vorm {
    pub const ALL: [Vorm; 2] = [Vorm::Schriftelijk, Vorm::Mondeling];

    pub fn key(self) -> &'static str {
        match self {
            Vorm::Schriftelijk => "schriftelijk",
            Vorm::Mondeling => "mondeling",
        }
    }

    pub fn from_key(key: &str) -> Option<Vorm> {
        Vorm::ALL.into_iter().find(|v| v.key() == key)
    }
}

/// Afwijking: a waived finding under art. 12 (hardheidsclausule).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(
    deny_unknown_fields,
    description = "Een afwijking op grond van de hardheidsclausule (art. 12): heft een bevinding op, altijd met een schriftelijke motivering."
)]
pub struct Afwijking {
    #[schemars(skip)]
    pub span: Span,
    #[schemars(
        with = "String",
        description = "De regel waarvan wordt afgeweken, bijvoorbeeld art8.1 (zie pto check)."
    )]
    pub regel: Sp<String>,
    #[schemars(
        with = "Option<Period>",
        description = "De maand (2024-06) of het jaar (2024) waarop de afwijking betrekking heeft; leeg voor alle."
    )]
    pub betreft: Option<Sp<Period>>,
    #[schemars(
        with = "Option<Date>",
        description = "Datum van het besluit om af te wijken (JJJJ-MM-DD)."
    )]
    pub datum: Option<Sp<NaiveDate>>,
    #[schemars(
        with = "Option<String>",
        description = "Waarom het college afwijkt; verplicht voor een geldige afwijking."
    )]
    pub motivering: Option<Sp<String>>,
    /// What the letter says of the waiver, for the citizen; the motivering
    /// is the file's internal reasoning and never appears in a letter (it
    /// may hold health data).
    #[schemars(
        with = "Option<String>",
        description = "Wat de brief over de afwijking zegt, in de tweede persoon (bijvoorbeeld: U kon door een opname in het ziekenhuis geen opgave doen). De motivering zelf komt nooit in een brief; zonder deze tekst noemt de brief alleen welke regel in uw voordeel opzij is gezet en wanneer."
    )]
    pub in_brief: Option<Sp<String>>,
}

/// The month or year a finding or waiver concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Month(Month),
    Year(i32),
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Period::Month(m) => write!(f, "{m}"),
            Period::Year(y) => write!(f, "{y}"),
        }
    }
}

/// Kostencategorie: a closed list, so that a typo can never make rent
/// deductible (art. 10 lid 3, 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Categorie {
    Materiaal,
    Inkoop,
    Vervoer,
    TelefoonInternet,
    Verzekering,
    Marketing,
    Opleiding,
    Gereedschap,
    Administratie,
    Overig,
    Huur,
    Investering,
    Rente,
    FiscaalOnjuist,
    Strijdig,
}

impl Categorie {
    pub const ALL: [Categorie; 15] = [
        Categorie::Materiaal,
        Categorie::Inkoop,
        Categorie::Vervoer,
        Categorie::TelefoonInternet,
        Categorie::Verzekering,
        Categorie::Marketing,
        Categorie::Opleiding,
        Categorie::Gereedschap,
        Categorie::Administratie,
        Categorie::Overig,
        Categorie::Huur,
        Categorie::Investering,
        Categorie::Rente,
        Categorie::FiscaalOnjuist,
        Categorie::Strijdig,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Categorie::Materiaal => "materiaal",
            Categorie::Inkoop => "inkoop",
            Categorie::Vervoer => "vervoer",
            Categorie::TelefoonInternet => "telefoon_internet",
            Categorie::Verzekering => "verzekering",
            Categorie::Marketing => "marketing",
            Categorie::Opleiding => "opleiding",
            Categorie::Gereedschap => "gereedschap",
            Categorie::Administratie => "administratie",
            Categorie::Overig => "overig",
            Categorie::Huur => "huur",
            Categorie::Investering => "investering",
            Categorie::Rente => "rente",
            Categorie::FiscaalOnjuist => "fiscaal_onjuist",
            Categorie::Strijdig => "strijdig",
        }
    }

    pub fn from_key(key: &str) -> Option<Categorie> {
        Categorie::ALL.into_iter().find(|c| c.key() == key)
    }

    /// How a letter names the category.
    pub fn in_words(self) -> &'static str {
        match self {
            Categorie::Materiaal => "materiaal",
            Categorie::Inkoop => "inkoop",
            Categorie::Vervoer => "vervoer",
            Categorie::TelefoonInternet => "telefoon en internet",
            Categorie::Verzekering => "verzekering",
            Categorie::Marketing => "marketing",
            Categorie::Opleiding => "opleiding",
            Categorie::Gereedschap => "gereedschap",
            Categorie::Administratie => "administratie",
            Categorie::Overig => "overige kosten",
            Categorie::Huur => "huur",
            Categorie::Investering => "investeringen",
            Categorie::Rente => "rentelasten",
            Categorie::FiscaalOnjuist => "kosten in strijd met de belastingwetgeving",
            Categorie::Strijdig => "kosten van activiteiten in strijd met de beleidsregels",
        }
    }
}

impl Case {
    /// The statement for `month`, if one was handed in.
    pub fn maand(&self, month: Month) -> Option<&Maand> {
        self.maanden.iter().find(|m| *m.maand == month)
    }

    /// The bookkeeping for `year`, if any is recorded.
    pub fn jaarstukken_van(&self, year: i32) -> Option<&Jaarstukken> {
        self.jaarstukken.iter().find(|j| *j.boekjaar == year)
    }

    /// The benefit norm in force on `date`: the latest `vanaf` on or before it.
    pub fn norm_op(&self, date: NaiveDate) -> Option<Decimal> {
        self.uitkering
            .normen
            .iter()
            .filter(|n| *n.vanaf <= date)
            .max_by_key(|n| *n.vanaf)
            .map(|n| *n.bedrag)
    }
}
