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
//! Statute citations (`{{ wet.<onderwerp> }}`) come from the statute table
//! for the case's benefit on the decision date: a subject the benefit's law
//! has no provision for is absent, and a letter that needs it is refused
//! before it is written (`letter::statute_check`).

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
        description = "Toekenning: het jaar waarin de toestemming begint, als dat niet op 1 januari is (een gedeeltelijk eerste jaar)",
        example = &2025
    )]
    pub eerste_jaar: Option<i32>,
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
    #[schemars(
        description = "Het wetsartikel van een onderwerp voor de wet van deze uitkering, zoals een besluit het noemt: `wet.inlichtingenplicht`, `wet.andere_periode`, `wet.terugvordering_onverschuldigd` (zie src/settings/wetten.yaml); ontbreekt als die wet zo'n bepaling niet kent",
        example = &"artikel 17, eerste en tweede lid, van de Participatiewet"
    )]
    pub wet: BTreeMap<String, String>,
    pub contact: Contact,
    pub afrekening: Afrekening,
    pub procedure: Procedure,
    #[schemars(
        description = "Afwijzing: waar als een reden de uren of langlopende verplichtingen betreft, zodat de brief de weg naar het Bbz wijst",
        example = &true
    )]
    pub bbz_route: bool,
    #[schemars(
        description = "Intrekking: de overgangsperiode in woorden (`overgangsperiode_weken` in het beleid)",
        example = &"vier weken"
    )]
    pub overgangsperiode: String,
    #[schemars(
        description = "Intrekking: de wettelijke verplichtingen die u niet nakwam, zoals een besluit ze noemt; leeg als de redenen alleen voorwaarden van de beleidsregels betreffen",
        example = &"artikel 17, eerste en tweede lid, van de Participatiewet en artikel 55 van de Participatiewet"
    )]
    pub verplichtingen: Option<String>,
    #[schemars(
        description = "Intrekking en voornemen: de afweging van de evenredigheid uit het dossier (`evaluaties[].afweging`)",
        example = &"U hebt uw uren elke maand eerlijk gemeld. …"
    )]
    pub afweging: Option<String>,
    #[schemars(
        description = "Het aantal regels van het blok afwijkingen (bevindingen waarvan wij in uw voordeel afwijken)",
        example = &1
    )]
    pub aantal_afwijkingen: usize,
    #[schemars(
        description = "Evaluatie: de jaren waarvan de jaarstukken binnen zijn en die nog worden afgerekend, als opsomming; leeg als er geen zijn",
        example = &"2024"
    )]
    pub afrekening_volgt: Option<String>,
    #[schemars(
        description = "Evaluatie: per jaar dat nog wordt afgerekend de uitkomst die pto berekent, in een eigen brief: `jaar`, `uitkomst` (nabetaling, geen_verschil, voornemen_terugvordering, terugvordering), `bedrag`, `kenmerk` (`{% for a in afrekeningen %}`)",
        example = &"2024: voornemen_terugvordering, € 515,07, PTO-2024-0031-VOORNEMEN-AFREKENING-2024"
    )]
    pub afrekeningen: Vec<VolgendeAfrekening>,
    #[schemars(
        description = "De jaren waarvan de boekhouding op de besluitdatum is ontvangen, als opsomming; leeg als er geen is",
        example = &"2024"
    )]
    pub boekhouding_ontvangen: Option<String>,
    #[schemars(
        description = "De jaren waarvan de boekhouding op de besluitdatum had moeten zijn ingeleverd maar niet is ontvangen, als opsomming; leeg als er geen zijn",
        example = &"2024"
    )]
    pub jaarstukken_ontbreken: Option<String>,
    #[schemars(
        description = "Voornemen tot intrekking: de maanden zonder maandopgave, als opsomming; leeg als er geen ontbreken",
        example = &"maart 2025"
    )]
    pub ontbrekende_opgaven: Option<String>,
    #[schemars(
        description = "Verzoek om aanvulling en buiten behandeling: het aantal ontbrekende stukken",
        example = &1
    )]
    pub aantal_stukken: usize,
    #[schemars(
        description = "Verzoek om aanvulling: waar als er een VOG ontbreekt (artikel 6 onder d)",
        example = &true
    )]
    pub vog_gevraagd: bool,
    #[schemars(
        description = "Toekenning: de datum waarop de gevraagde VOG is ontvangen (`aanvraag.stukken`); leeg als er geen is gevraagd",
        example = &"10 juli 2025"
    )]
    pub vog_ontvangen: Option<String>,
}

/// A settlement an evaluation mentions (`afrekeningen`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct VolgendeAfrekening {
    #[schemars(description = "Het jaar", example = &2024)]
    pub jaar: i32,
    #[schemars(description = "De uitkomst", example = &"voornemen_terugvordering")]
    pub uitkomst: &'static str,
    #[schemars(description = "Het bedrag", example = &"€ 515,07")]
    pub bedrag: String,
    #[schemars(
        description = "Het kenmerk van die brief",
        example = &"PTO-2024-0031-VOORNEMEN-AFREKENING-2024"
    )]
    pub kenmerk: String,
}

/// How to reach the municipality with a question.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Contact {
    #[schemars(
        description = "Het telefoonnummer voor vragen (pto.yaml: `contact.telefoon`, anders `gemeente.telefoon`)",
        example = &"14 0180"
    )]
    pub telefoon: String,
    #[schemars(
        description = "Het e-mailadres voor vragen (pto.yaml: `contact.email`, anders `gemeente.email`); leeg als er geen is",
        example = &"werkeninkomen@ridderkerk.nl"
    )]
    pub email: Option<String>,
}

/// The figures of a settlement beyond the year's totals.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct Afrekening {
    #[schemars(
        description = "De maanden waarover de bijstand opnieuw wordt vastgesteld",
        example = &"maart tot en met december 2024"
    )]
    pub maanden: Option<String>,
    #[schemars(description = "Het aantal maanden met toestemming en bijstand", example = &10)]
    pub aantal_maanden: u32,
    #[schemars(
        description = "Waar als de jaarstukken over meer maanden gaan dan de afgerekende en het inkomen naar verhouding is genomen",
        example = &true
    )]
    pub naar_verhouding: bool,
    #[schemars(
        description = "Het aantal maanden waarover de jaarstukken gaan en waarin er omzet was (zonder de maanden van `zonder_omzet`)",
        example = &12
    )]
    pub maanden_jaarstukken: u32,
    #[schemars(
        description = "Hoeveel van die maanden met omzet in de afgerekende periode vallen: het deel van de winst dat wordt toegerekend",
        example = &10
    )]
    pub maanden_gedeeld: u32,
    #[schemars(description = "Het aantal maanden waarover de boekhouding gaat", example = &12)]
    pub maanden_boekhouding: u32,
    #[schemars(
        description = "De maanden van de boekhouding zonder omzet (`jaarstukken.zonder_omzet`), als opsomming; leeg als er geen zijn",
        example = &"juni 2024"
    )]
    pub zonder_omzet: Option<String>,
    #[schemars(description = "De artikelen van de wet waarop de vaststelling rust (het tijdvak, het inkomen, zo nodig de belasting en de vrijlating), samen genoemd: per wet één keer", example = &"artikel 31, eerste en derde lid, artikel 32, eerste lid, en artikel 45, tweede lid, in samenhang met artikel 18, eerste lid, van de Participatiewet")]
    pub wettelijk: String,
    #[schemars(description = "De winst volgens de jaarstukken (omzet min aftrekbare kosten, niet lager dan nul)", example = &"€ 7.239,35")]
    pub winst: Option<String>,
    #[schemars(description = "De belasting en premies over de winst; leeg als er geen zijn", example = &"€ 612,00")]
    pub belasting: Option<String>,
    #[schemars(description = "De inkomsten na belasting, naar verhouding over de afgerekende maanden", example = &"€ 6.032,79")]
    pub aandeel: Option<String>,
    #[schemars(description = "De vrijlating over het jaar; leeg als er geen is", example = &"€ 1.500,00")]
    pub vrijlating: Option<String>,
    #[schemars(description = "De maanden met vrijlating", example = &"maart tot en met augustus 2024")]
    pub vrijlating_maanden: Option<String>,
    #[schemars(description = "De vrijlating: het percentage", example = &"25")]
    pub vrijlating_procent: Option<String>,
    #[schemars(description = "De vrijlating: het maximum per maand dat de wet noemt", example = &"€ 264,00")]
    pub vrijlating_maximum: Option<String>,
    #[schemars(description = "De vrijlating per maand van de maandopgaven, samen", example = &"€ 680,30")]
    pub vrijlating_opgaven: Option<String>,
    #[schemars(description = "De inkomsten per maand volgens de boekhouding (het jaar gedeeld door het aantal maanden, naar beneden afgerond)", example = &"€ 471,84")]
    pub inkomen_per_maand: Option<String>,
    #[schemars(description = "De vrijlating per maand op die inkomsten", example = &"€ 117,96")]
    pub vrijlating_per_maand: Option<String>,
    #[schemars(description = "Het aantal maanden met vrijlating", example = &6)]
    pub vrijlating_aantal: usize,
    #[schemars(description = "Wat de brief over de vrijlating zegt (`in_brief` van de vrijlating)", example = &"U begon in maart met een nieuwe opdrachtgever.")]
    pub vrijlating_in_brief: Option<String>,
    #[schemars(description = "De som van de normen over de afgerekende maanden", example = &"€ 14.164,16")]
    pub norm_totaal: Option<String>,
    #[schemars(description = "De bijstand waarop u recht had: normen min definitieve inkomsten", example = &"€ 8.857,06")]
    pub bijstand_recht: Option<String>,
    #[schemars(description = "Het verschil tussen de definitieve inkomsten en wat per maand is verrekend, zonder teken; leeg als er geen verschil is", example = &"€ 1.480,00")]
    pub verschil: Option<String>,
    #[schemars(description = "Waar als de definitieve inkomsten hoger zijn dan wat per maand is verrekend", example = &true)]
    pub hoger: bool,
    #[schemars(description = "De omzet in de jaarstukken die geen maandopgave toont; leeg als die er niet is", example = &"€ 1.480,00")]
    pub niet_gemeld: Option<String>,
    #[schemars(description = "De maanden met bijstand zonder toestemming die de jaarstukken ook omvatten", example = &"januari tot en met februari 2024")]
    pub buiten: Option<String>,
    #[schemars(description = "De inkomsten over die maanden, naar verhouding", example = &"€ 1.200,00")]
    pub buiten_inkomen: Option<String>,
    #[schemars(description = "Terugvordering: het deel dat de wet te oud noemt om terug te vorderen (artikel 58 lid 6 Pw); leeg als er niets vervalt", example = &"€ 739,98")]
    pub verjaard: Option<String>,
    #[schemars(description = "Terugvordering: bijstand van vóór deze datum vorderen wij niet terug", example = &"16 juni 2023")]
    pub verjaard_voor: Option<String>,
    #[schemars(description = "Terugvordering: het bedrag vóór de termijn van twee jaar", example = &"€ 1.480,00")]
    pub totaal: Option<String>,
    #[schemars(description = "Terugvordering: de maanden die vervallen", example = &"januari tot en met juni 2023")]
    pub verjaard_maanden: Option<String>,
    #[schemars(description = "Terugvordering: het deel dat komt door een vastgestelde schending van de inlichtingenplicht", example = &"€ 1.480,00")]
    pub schending_deel: Option<String>,
    #[schemars(description = "Terugvordering: het deel op de gewone grond dat wordt teruggevorderd; leeg als er geen is", example = &"€ 600,00")]
    pub gewoon_deel: Option<String>,
    #[schemars(description = "Terugvordering: de niet gemelde omzet die de schending van de inlichtingenplicht vaststelt", example = &"€ 950,00")]
    pub schending_omzet: Option<String>,
    #[schemars(description = "Een deel van de inkomsten valt door de verdeling over de maanden van de boekhouding buiten de afgerekende maanden: dat deel", example = &"€ 884,52")]
    pub buiten_deel: Option<String>,
    #[schemars(description = "De omzet van de maandopgaven over de maanden van de boekhouding", example = &"€ 5.235,25")]
    pub omzet_opgaven: Option<String>,
    #[schemars(description = "De motivering van de vastgestelde schending", example = &"U hebt de omzet van uw tweede opdrachtgever niet gemeld.")]
    pub schending_motivering: Option<String>,
    #[schemars(description = "De stukken waarop de vastgestelde schending berust", example = &"de bankafschriften van uw zakelijke rekening")]
    pub schending_stukken: Option<String>,
    #[schemars(description = "Terugvordering: de grond uit het beleid: onverschuldigd (58 lid 2 onder e) of herziening (58 lid 2 onder a)", example = &"onverschuldigd")]
    pub grondslag: &'static str,
    #[schemars(description = "Terugvordering: de titel van het terugvorderingsbeleid van de gemeente; leeg als het beleid er geen noemt", example = &"Beleidsregels Terugvordering 2023 Ridderkerk")]
    pub terugvorderingsbeleid: Option<String>,
    #[schemars(description = "Terugvordering: de datum waarvoor u moet betalen", example = &"28 juli 2025")]
    pub betalen_voor: Option<String>,
    #[schemars(description = "Terugvordering: de betaaltermijn in weken, in woorden", example = &"zes weken")]
    pub betaaltermijn: String,
    #[schemars(description = "Terugvordering: waar als de gemeente de vordering met lopende bijstand mag verrekenen", example = &true)]
    pub verrekenen: bool,
    #[schemars(description = "Nabetaling: de datum waarop wij uiterlijk betalen", example = &"28 juli 2025")]
    pub nabetalen_voor: Option<String>,
    #[schemars(description = "De rekening van de gemeente voor betalingen (pto.yaml: `gemeente.rekening`)", example = &"NL12BNGH0285012345")]
    pub rekening: Option<String>,
}

/// The Awb procedure around the decision: a voornemen and the zienswijze
/// on it, a request to complete the application.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct Procedure {
    #[schemars(description = "Voornemen, verzoek om aanvulling: de laatste dag om te reageren", example = &"30 juni 2025")]
    pub reageren_tot: Option<String>,
    #[schemars(description = "Voornemen: het aantal dagen om te reageren", example = &14)]
    pub zienswijze_dagen: u32,
    #[schemars(description = "Een besluit na een voornemen: het kenmerk van het voornemen", example = &"PTO-2024-0047-VOORNEMEN-EVALUATIE-202506")]
    pub voornemen: Option<String>,
    #[schemars(description = "Een besluit na een voornemen: de datum van het voornemen", example = &"16 juni 2025")]
    pub voornemen_datum: Option<String>,
    #[schemars(description = "Een besluit na een voornemen: de laatste dag die het voornemen gaf om te reageren", example = &"30 juni 2025")]
    pub voornemen_tot: Option<String>,
    #[schemars(description = "Een besluit na een voornemen: wat het voornemen aankondigde (intrekking of terugvordering)", example = &"intrekking")]
    pub aangekondigd: Option<&'static str>,
    #[schemars(description = "Een besluit na een voornemen: waar als er een zienswijze is gegeven", example = &true)]
    pub zienswijze: bool,
    #[schemars(description = "Waar als de aanvrager heeft laten weten geen zienswijze te geven", example = &false)]
    pub afgezien: bool,
    #[schemars(description = "De datum waarop de zienswijze is ontvangen", example = &"27 juni 2025")]
    pub ontvangen: Option<String>,
    #[schemars(description = "schriftelijk of mondeling", example = &"schriftelijk")]
    pub vorm: Option<&'static str>,
    #[schemars(description = "Bij een mondelinge zienswijze: de datum van het verslag", example = &"27 juni 2025")]
    pub verslag: Option<String>,
    #[schemars(description = "Wat de aanvrager naar voren bracht", example = &"De uren in december waren een eenmalige opdracht.")]
    pub samenvatting: Option<String>,
    #[schemars(description = "Ons antwoord op de zienswijze", example = &"Ook zonder december is de grens overschreden.")]
    pub reactie: Option<String>,
    #[schemars(description = "Buiten behandeling, of een besluit na aanvulling: de datum van het verzoek om aanvulling", example = &"16 juni 2025")]
    pub verzocht_op: Option<String>,
    #[schemars(description = "Het kenmerk van het verzoek om aanvulling", example = &"PTO-2025-0014-AANVULLING-20250602")]
    pub verzoek: Option<String>,
    #[schemars(description = "Buiten behandeling: de laatste dag van de termijn om aan te vullen", example = &"28 juli 2025")]
    pub aanvullen_tot: Option<String>,
    #[schemars(description = "Het aantal dagen dat de beslistermijn was opgeschort (artikel 4:15 Awb)", example = &21)]
    pub opgeschort_dagen: i64,
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
        description = "De aanhef na 'Geachte': met heer of mevrouw en de achternaam als de aanspreekvorm is vastgelegd, anders de volledige naam",
        example = &"mevrouw El Amrani"
    )]
    pub aanhef: String,
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
    #[schemars(
        description = "De volledige naam van die wet",
        example = &"Wet inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte werkloze werknemers"
    )]
    pub wet_voluit: String,
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
    #[schemars(
        description = "Terugvordering: de datum van het besluit waarmee de toestemming is gegeven",
        example = &"26 februari 2024"
    )]
    pub besluit_datum: Option<String>,
    #[schemars(
        description = "Terugvordering: het kenmerk van dat besluit",
        example = &"PTO-2024-0031-AANVRAAG-20240129"
    )]
    pub besluit_kenmerk: Option<String>,
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
        description = "Het formulier waarmee de inkomsten elke maand worden gemeld (artikel 11 lid 2; `meldingsformulier` in het beleid)",
        example = &"Meldingsformulier Uitkeringen"
    )]
    pub meldingsformulier: String,
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
        description = "Wat de brief over de afwijking zegt (`in_brief`); leeg als het dossier dat niet vastlegt. De interne motivering komt nooit in een brief",
        example = &"U kon door een opname in het ziekenhuis geen opgave doen."
    )]
    pub in_brief: Option<String>,
}

/// In the `groep_…` texts: a group of findings of one rule.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct GroupContext {
    #[schemars(description = "Het aantal bevindingen in de groep", example = &12)]
    pub aantal: usize,
    #[schemars(description = "De eerste cel van elke bevinding als opsomming (meestal de maanden)", example = &"juni 2024, juli 2024 en augustus 2024")]
    pub lijst: String,
    #[schemars(description = "Het artikel van de regel, zoals het beleid het nummert", example = &"artikel 5, toelichting")]
    pub artikel: String,
}

/// In `stuk`: a missing document.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DocumentContext {
    #[schemars(description = "Wat er ontbreekt", example = &"een verklaring omtrent het gedrag (VOG)")]
    pub omschrijving: String,
    #[schemars(description = "De laatste dag om het in te leveren", example = &"28 juli 2025")]
    pub uiterlijk: String,
}

/// In `verschil_…`: one part of the difference.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PartContext {
    #[schemars(description = "Het bedrag van het deel, zonder teken", example = &"€ 1.480,00")]
    pub bedrag: String,
    #[schemars(description = "Waar als het deel het verschil groter maakt (meer inkomsten dan verrekend)", example = &true)]
    pub meer: bool,
}

/// In `maand_zonder_opgave`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonthContext {
    #[schemars(description = "De maand zonder opgave", example = &"juni 2024")]
    pub maand: String,
    #[schemars(
        description = "Waar als de maand bij de jaarstukken als maand zonder omzet staat (`zonder_omzet`)",
        example = &false
    )]
    pub zonder_omzet: bool,
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
        (&["groep_<regel>"][..], schemars::schema_for!(GroupContext)),
        (&["stuk"][..], schemars::schema_for!(DocumentContext)),
        (
            &[
                "verschil_omzet",
                "verschil_kosten",
                "verschil_belasting",
                "verschil_vrijlating",
                "verschil_overig",
            ][..],
            schemars::schema_for!(PartContext),
        ),
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
