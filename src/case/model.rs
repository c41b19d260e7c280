//! The case file (dossier) as typed values: SPEC §3.
//!
//! Keys are the policy's own Dutch words. Every value that a rule may point
//! at keeps its place in the file (`Sp<T>`), and every group keeps the place
//! of its key, so a finding about something missing can point at its parent.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::Month;
use crate::diag::{Sp, Span};

/// Dossier: one case of parttime ondernemen.
#[derive(Clone, Debug)]
pub struct Case {
    /// Zaaknummer: unique across the repository.
    pub zaaknummer: Sp<String>,
    pub aanvrager: Aanvrager,
    pub uitkering: Uitkering,
    pub aanvraag: Aanvraag,
    /// Toestemming: recorded once approved; absent before.
    pub toestemming: Option<Toestemming>,
    pub investeringen: Vec<Investering>,
    /// Maandopgaven (art. 8).
    pub maanden: Vec<Maand>,
    /// Place of the `maanden` key, or of the file's start when absent.
    pub maanden_span: Span,
    /// Jaarstukken (art. 9).
    pub jaarstukken: Vec<Jaarstukken>,
    pub jaarstukken_span: Span,
    /// Afwijkingen under the hardheidsclausule (art. 12).
    pub afwijkingen: Vec<Afwijking>,
}

/// Aanvrager: the person the decision is addressed to.
#[derive(Clone, Debug)]
pub struct Aanvrager {
    pub naam: Sp<String>,
    pub bsn: Sp<String>,
    pub adres: Adres,
}

#[derive(Clone, Debug)]
pub struct Adres {
    pub straat: String,
    pub postcode: String,
    pub woonplaats: String,
}

/// Uitkering: the benefit the person receives.
#[derive(Clone, Debug)]
pub struct Uitkering {
    /// `participatiewet` or `ioaw` (art. 1 lid 2 f); checked by a rule.
    pub wet: Sp<String>,
    /// Net monthly benefit norms, each from a date on.
    pub normen: Vec<Norm>,
    pub normen_span: Span,
}

/// Norm: the net monthly benefit from a date on.
#[derive(Clone, Debug)]
pub struct Norm {
    pub vanaf: Sp<NaiveDate>,
    pub bedrag: Sp<Decimal>,
}

/// Aanvraag: the application (art. 3).
#[derive(Clone, Debug)]
pub struct Aanvraag {
    /// Place of the `aanvraag` key.
    pub span: Span,
    /// Received on.
    pub datum: Sp<NaiveDate>,
    pub klantmanager: Option<Sp<String>>,
    /// Art. 2: PTO judged suitable for this person.
    pub passend: Sp<bool>,
    pub activiteit: Sp<String>,
    /// Planned hours a week, direct and indirect.
    pub uren_per_week: Sp<Decimal>,
    /// Art. 4 lid 1 b.
    pub eigen_rekening_en_risico: Sp<bool>,
    /// Art. 4 lid 1 f.
    pub marktconforme_prijzen: Sp<bool>,
    /// Art. 4 lid 1 c: each a description.
    pub langlopende_verplichtingen: Vec<Sp<String>>,
    pub langlopende_verplichtingen_span: Span,
    /// Art. 6 b.
    pub kvk_nummer: Option<Sp<String>>,
    /// Art. 6 c.
    pub btw_id: Option<Sp<String>>,
    /// Art. 8 lid 2.
    pub zakelijke_iban: Option<Sp<String>>,
    /// Art. 6 a.
    pub vergunningen: Vec<Vergunning>,
    /// Art. 6 d.
    pub vog: Option<Vog>,
    /// Art. 7.
    pub plan_van_aanpak: Option<PlanVanAanpak>,
}

/// Vergunning (art. 6 a).
#[derive(Clone, Debug)]
pub struct Vergunning {
    pub omschrijving: Sp<String>,
    pub aanwezig: Sp<bool>,
}

/// Verklaring omtrent het gedrag (art. 6 d).
#[derive(Clone, Debug)]
pub struct Vog {
    pub vereist: Sp<bool>,
    pub aanwezig: Sp<bool>,
}

/// Plan van aanpak (art. 7).
#[derive(Clone, Debug)]
pub struct PlanVanAanpak {
    pub span: Span,
    pub datum: Sp<NaiveDate>,
    pub arbeidsverplichting_uren_per_week: Option<Sp<Decimal>>,
    /// Text when partly exempted (art. 9 lid 2 Pw).
    pub ontheffing: Option<Sp<String>>,
}

/// Toestemming: the permission period.
#[derive(Clone, Debug)]
pub struct Toestemming {
    pub span: Span,
    pub ingangsdatum: Sp<NaiveDate>,
    /// Set when withdrawn or ended.
    pub einddatum: Option<Sp<NaiveDate>>,
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
#[derive(Clone, Debug)]
pub struct Investering {
    pub span: Span,
    pub datum: Sp<NaiveDate>,
    pub omschrijving: Sp<String>,
    pub bedrag: Sp<Decimal>,
    /// The date the college consented, if it did.
    pub toestemming: Option<Sp<NaiveDate>>,
}

/// Maandopgave: the monthly statement of income and hours (art. 8).
#[derive(Clone, Debug)]
pub struct Maand {
    pub maand: Sp<Month>,
    pub ingeleverd: Option<Sp<NaiveDate>>,
    /// Turnover, excluding VAT.
    pub omzet: Sp<Decimal>,
    pub uren_direct: Sp<Decimal>,
    pub uren_indirect: Sp<Decimal>,
    pub kosten: Vec<Kost>,
}

impl Maand {
    pub fn uren(&self) -> Decimal {
        *self.uren_direct + *self.uren_indirect
    }
}

/// Kostenpost: one cost item of a month or a year (art. 10).
#[derive(Clone, Debug)]
pub struct Kost {
    pub span: Span,
    pub omschrijving: Sp<String>,
    pub categorie: Sp<Categorie>,
    pub bedrag: Sp<Decimal>,
    pub goedgekeurd: Sp<bool>,
    pub bewijs: Sp<bool>,
}

/// Jaarstukken: the annual bookkeeping (art. 9, art. 4 lid 1 e).
#[derive(Clone, Debug)]
pub struct Jaarstukken {
    pub span: Span,
    pub boekjaar: Sp<i32>,
    /// Handed in on; absent while it is not in.
    pub ingeleverd: Option<Sp<NaiveDate>>,
    pub aangifte_ib: Sp<bool>,
    pub jaarrekening: Sp<bool>,
    pub kasboek: Sp<bool>,
    /// Deadline extended by the klantmanager (art. 9 toelichting); the last
    /// day on which the bookkeeping is still in time.
    pub uitstel_tot: Option<Sp<NaiveDate>>,
    pub omzet: Sp<Decimal>,
    pub kosten: Vec<Kost>,
}

/// Afwijking: a waived finding under art. 12 (hardheidsclausule).
#[derive(Clone, Debug)]
pub struct Afwijking {
    pub span: Span,
    pub regel: Sp<String>,
    pub betreft: Option<Sp<Period>>,
    pub datum: Option<Sp<NaiveDate>>,
    pub motivering: Option<Sp<String>>,
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
            Categorie::Investering => "investering",
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
