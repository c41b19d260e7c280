//! MDTO: the archival metadata of one issued decision.
//!
//! MDTO ("Metagegevens voor duurzaam toegankelijke overheidsinformatie") is
//! the metadata standard of the Nationaal Archief. This module writes it in
//! the standard's XML form, MDTO-XML 1.0.1 (namespace [`NAMESPACE`]), as plain
//! text: no XML crate, because the output is a fixed tree of a dozen elements
//! and a hand-written writer keeps it byte-for-byte deterministic.
//!
//! # Two records per decision
//!
//! MDTO describes the decision (the *informatieobject*) and the PDF that
//! renders it (the *bestand*) as two objects. The XML schema's root element
//! `MDTO` holds **either** one `informatieobject` **or** one `bestand` (an
//! `xsd:choice`), so one document cannot carry both. The decision therefore
//! gets two sidecar files, named as the MDTO SIP specification prescribes
//! (`<naam>.mdto.xml` for an informatieobject, `<bestandsnaam>.bestand.mdto.xml`
//! for a bestand):
//!
//! - [`mdto_xml`] → `<reference>.mdto.xml` ([`informatieobject_file_name`]):
//!   identificatie, naam, aggregatieniveau, event (creatie, on the decision
//!   date), waardering, bewaartermijn (if set), heeftRepresentatie (→ the PDF),
//!   archiefvormer, beperkingGebruik;
//! - [`mdto_bestand_xml`] → `<reference>.pdf.bestand.mdto.xml`
//!   ([`bestand_file_name`]): identificatie, naam, omvang, bestandsformaat
//!   (PRONOM), checksum (SHA-256) and isRepresentatieVan (→ the decision).
//!
//! The two refer to each other by identificatie: the decision by
//! (`kenmerk`, `bron`), the PDF by (`bestand_naam`, `bron`).
//!
//! Elements follow the order of the schema's `xsd:sequence`s. Where MDTO asks
//! for a *begrip*, the label (and code) come from the Nationaal Archief's
//! begrippenlijsten, named as in its XML examples: "Begrippenlijst Waarderingen
//! MDTO", "Begrippenlijst ChecksumAlgoritme MDTO", "Begrippenlijst
//! Aggregatieniveaus MDTO", "Begrippenlijst EventTypeLijst MDTO",
//! "Begrippenlijst BeperkingGebruikTypeLijst MDTO", and the "PRONOM-register"
//! for the file format.
//!
//! [`mdto_xml`] and [`mdto_bestand_xml`] never fail; [`check`] says whether a
//! record holds what MDTO requires (non-empty texts, a known waardering, a
//! SHA-256 in hex). Call it before writing the files.

use std::fmt::Write as _;

use chrono::NaiveDate;

/// The MDTO namespace.
pub const NAMESPACE: &str = "https://www.nationaalarchief.nl/mdto";

/// The MDTO-XML version the records conform to.
pub const SCHEMA_VERSION: &str = "1.0.1";

/// Where the Nationaal Archief publishes that schema (`xsi:schemaLocation`).
pub const SCHEMA_URL: &str = "https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd";

/// PRONOM: Acrobat PDF/A - Portable Document Format, version 2b.
pub const PRONOM_PDF_A2B: &str = "fmt/477";
/// PRONOM: Acrobat PDF/A - Portable Document Format, version 3b.
pub const PRONOM_PDF_A3B: &str = "fmt/480";

const LIJST_AGGREGATIENIVEAUS: &str = "Begrippenlijst Aggregatieniveaus MDTO";
const LIJST_EVENTTYPE: &str = "Begrippenlijst EventTypeLijst MDTO";
const LIJST_WAARDERINGEN: &str = "Begrippenlijst Waarderingen MDTO";
const LIJST_BEPERKINGGEBRUIKTYPE: &str = "Begrippenlijst BeperkingGebruikTypeLijst MDTO";
const LIJST_CHECKSUMALGORITME: &str = "Begrippenlijst ChecksumAlgoritme MDTO";
const LIJST_PRONOM: &str = "PRONOM-register";

/// What MDTO needs to know about one issued decision and its PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MdtoRecord<'a> {
    /// The decision's reference, e.g. "PTO-2024-0012-AFREKENING-2024":
    /// `identificatieKenmerk` of the informatieobject.
    pub kenmerk: &'a str,
    /// `identificatieBron` of both records, e.g. "pto register Gemeente Ridderkerk".
    pub bron: &'a str,
    /// `naam` of the informatieobject, e.g. "Beschikking afrekening 2024, zaak PTO-2024-0012".
    pub naam: &'a str,
    /// The municipality, e.g. "Gemeente Ridderkerk": `archiefvormer`.
    pub archiefvormer: &'a str,
    /// The decision date: `eventTijd` of the creatie event.
    pub datum: NaiveDate,
    /// Who may see the record, e.g. "Bevat persoonsgegevens; niet openbaar.":
    /// `beperkingGebruikNadereBeschrijving`.
    pub beperking_gebruik: &'a str,
    /// "V" (tijdelijk te bewaren, then destroy) or "B" (blijvend te bewaren);
    /// MDTO also knows "N" (nader te bepalen).
    pub waardering: &'a str,
    /// `bewaartermijn/termijnLooptijd` as `P<n>Y`; left out when `None`.
    pub bewaartermijn_jaren: Option<u32>,
    /// The PDF's file name, e.g. "PTO-2024-0012-AFREKENING-2024.pdf".
    pub bestand_naam: &'a str,
    /// The PDF's size in bytes: `omvang`.
    pub omvang: u64,
    /// `false`: PDF/A-2b (fmt/477); `true`: PDF/A-3b (fmt/480).
    pub pdf_a3: bool,
    /// SHA-256 of the PDF, 64 hex digits: `checksumWaarde`.
    pub sha256_hex: &'a str,
    /// When the checksum was taken. MDTO types `checksumDatum` as
    /// `xsd:dateTime`; a date is written as that day at 00:00:00.
    pub checksum_datum: NaiveDate,
    /// A digitally signed decision: its signing, as a second event.
    pub ondertekening: Option<Ondertekening<'a>>,
}

/// The signing of a decision, as the informatieobject records it: an event
/// "Ondertekening" at the signing time, with the signer as the responsible
/// actor and, as its result, the certificate, the level and the validation
/// at issue (Archiefregeling art. 24 lid c).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ondertekening<'a> {
    /// `eventTijd`, UTC.
    pub tijd: chrono::DateTime<chrono::Utc>,
    /// `eventVerantwoordelijkeActor`: who signed, and in which function.
    pub actor: &'a str,
    /// `eventResultaat`.
    pub resultaat: &'a str,
}

/// Why a record does not hold what MDTO requires.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MdtoError {
    #[error("MDTO: `{0}` is leeg, maar MDTO vereist een waarde.")]
    Leeg(&'static str),
    #[error(
        "MDTO: waardering `{0}` staat niet in de Begrippenlijst Waarderingen MDTO (B, V of N)."
    )]
    Waardering(String),
    #[error("MDTO: bewaartermijn van 0 jaar.")]
    BewaartermijnNul,
    #[error("MDTO: `{0}` is geen SHA-256 (64 hexadecimale tekens).")]
    Sha256(String),
}

/// Whether `record` holds what MDTO requires. The writers do not check: they
/// write what they are given, escaped.
pub fn check(record: &MdtoRecord) -> Result<(), MdtoError> {
    let texts = [
        ("kenmerk", record.kenmerk),
        ("bron", record.bron),
        ("naam", record.naam),
        ("archiefvormer", record.archiefvormer),
        ("beperking_gebruik", record.beperking_gebruik),
        ("waardering", record.waardering),
        ("bestand_naam", record.bestand_naam),
    ];
    for (field, value) in texts {
        if value.trim().is_empty() {
            return Err(MdtoError::Leeg(field));
        }
    }
    if waardering_label(record.waardering).is_none() {
        return Err(MdtoError::Waardering(record.waardering.to_string()));
    }
    if record.bewaartermijn_jaren == Some(0) {
        return Err(MdtoError::BewaartermijnNul);
    }
    let hex = record.sha256_hex;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(MdtoError::Sha256(hex.to_string()));
    }
    Ok(())
}

/// The label of a waardering code in the Begrippenlijst Waarderingen MDTO.
pub fn waardering_label(code: &str) -> Option<&'static str> {
    match code {
        "B" => Some("Blijvend te bewaren"),
        "V" => Some("Tijdelijk te bewaren"),
        "N" => Some("Nader te bepalen"),
        _ => None,
    }
}

/// The PRONOM code and label of the PDF/A flavour pto writes.
pub fn pronom(pdf_a3: bool) -> (&'static str, &'static str) {
    if pdf_a3 {
        (
            PRONOM_PDF_A3B,
            "Acrobat PDF/A - Portable Document Format 3b",
        )
    } else {
        (
            PRONOM_PDF_A2B,
            "Acrobat PDF/A - Portable Document Format 2b",
        )
    }
}

/// File name of the informatieobject record: `<kenmerk>.mdto.xml`.
pub fn informatieobject_file_name(kenmerk: &str) -> String {
    format!("{kenmerk}.mdto.xml")
}

/// File name of the bestand record: `<bestand_naam>.bestand.mdto.xml`.
pub fn bestand_file_name(bestand_naam: &str) -> String {
    format!("{bestand_naam}.bestand.mdto.xml")
}

/// The MDTO record of the decision (the informatieobject), for
/// `<reference>.mdto.xml`. See the module documentation for the bestand.
pub fn mdto_xml(record: &MdtoRecord) -> String {
    let r = record;
    let mut x = Xml::document();
    x.open("informatieobject");
    x.identificatie("identificatie", r.kenmerk, r.bron);
    x.leaf("naam", r.naam);
    x.begrip(
        "aggregatieniveau",
        "Archiefstuk",
        None,
        LIJST_AGGREGATIENIVEAUS,
    );
    x.open("event");
    x.begrip("eventType", "Creatie", None, LIJST_EVENTTYPE);
    x.leaf("eventTijd", &date(r.datum));
    x.close("event");
    if let Some(o) = &r.ondertekening {
        x.open("event");
        x.begrip("eventType", "Ondertekening", None, LIJST_EVENTTYPE);
        x.leaf(
            "eventTijd",
            &o.tijd.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        );
        x.verwijzing("eventVerantwoordelijkeActor", o.actor, None);
        x.leaf("eventResultaat", o.resultaat);
        x.close("event");
    }
    let label = waardering_label(r.waardering).unwrap_or(r.waardering);
    x.begrip("waardering", label, Some(r.waardering), LIJST_WAARDERINGEN);
    if let Some(jaren) = r.bewaartermijn_jaren {
        x.open("bewaartermijn");
        x.leaf("termijnLooptijd", &format!("P{jaren}Y"));
        x.close("bewaartermijn");
    }
    x.verwijzing(
        "heeftRepresentatie",
        r.bestand_naam,
        Some((r.bestand_naam, r.bron)),
    );
    x.verwijzing("archiefvormer", r.archiefvormer, None);
    x.open("beperkingGebruik");
    // "Overig" is the MDTO type for a restriction that is described but has
    // no type of its own in the list; the description is the municipality's.
    x.begrip(
        "beperkingGebruikType",
        "Overig",
        None,
        LIJST_BEPERKINGGEBRUIKTYPE,
    );
    x.leaf("beperkingGebruikNadereBeschrijving", r.beperking_gebruik);
    x.close("beperkingGebruik");
    x.close("informatieobject");
    x.finish()
}

/// The MDTO record of the PDF (the bestand), for
/// `<bestand_naam>.bestand.mdto.xml`.
pub fn mdto_bestand_xml(record: &MdtoRecord) -> String {
    let r = record;
    let mut x = Xml::document();
    x.open("bestand");
    x.identificatie("identificatie", r.bestand_naam, r.bron);
    x.leaf("naam", r.bestand_naam);
    x.leaf("omvang", &r.omvang.to_string());
    let (code, label) = pronom(r.pdf_a3);
    x.begrip("bestandsformaat", label, Some(code), LIJST_PRONOM);
    x.open("checksum");
    x.begrip(
        "checksumAlgoritme",
        "SHA-256",
        None,
        LIJST_CHECKSUMALGORITME,
    );
    x.leaf("checksumWaarde", r.sha256_hex);
    x.leaf(
        "checksumDatum",
        &format!("{}T00:00:00", date(r.checksum_datum)),
    );
    x.close("checksum");
    x.verwijzing("isRepresentatieVan", r.naam, Some((r.kenmerk, r.bron)));
    x.close("bestand");
    x.finish()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A minimal writer: two-space indentation, `\n` line ends, escaped text.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn document() -> Xml {
        let mut out = String::with_capacity(2048);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<MDTO xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:schemaLocation=\"{NAMESPACE} {SCHEMA_URL}\">"
        );
        Xml { out, depth: 1 }
    }

    fn finish(mut self) -> String {
        self.out.push_str("</MDTO>\n");
        self.out
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, name: &str) {
        self.indent();
        let _ = writeln!(self.out, "<{name}>");
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.indent();
        let _ = writeln!(self.out, "</{name}>");
    }

    fn leaf(&mut self, name: &str, text: &str) {
        self.indent();
        let _ = writeln!(self.out, "<{name}>{}</{name}>", escape(text));
    }

    /// identificatieGegevens: kenmerk, bron.
    fn identificatie(&mut self, name: &str, kenmerk: &str, bron: &str) {
        self.open(name);
        self.leaf("identificatieKenmerk", kenmerk);
        self.leaf("identificatieBron", bron);
        self.close(name);
    }

    /// verwijzingGegevens: naam, optionally the identificatie of the object.
    fn verwijzing(&mut self, name: &str, naam: &str, identificatie: Option<(&str, &str)>) {
        self.open(name);
        self.leaf("verwijzingNaam", naam);
        if let Some((kenmerk, bron)) = identificatie {
            self.identificatie("verwijzingIdentificatie", kenmerk, bron);
        }
        self.close(name);
    }

    /// begripGegevens: label, optionally code, and the begrippenlijst.
    fn begrip(&mut self, name: &str, label: &str, code: Option<&str>, lijst: &str) {
        self.open(name);
        self.leaf("begripLabel", label);
        if let Some(code) = code {
            self.leaf("begripCode", code);
        }
        self.verwijzing("begripBegrippenlijst", lijst, None);
        self.close(name);
    }
}

/// Escapes text for XML element content and attribute values. Characters XML
/// 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD;
/// a carriage return is kept as a character reference so parsers don't
/// normalise it away.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::Path;
    use std::process::Command;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const SHA: &str = "86f16c3359c2e59538a3df178a9530dd6278faec82e66d605b3bc2a64ac390fc";

    fn record() -> MdtoRecord<'static> {
        MdtoRecord {
            kenmerk: "PTO-2024-0012-AFREKENING-2024",
            bron: "pto register Gemeente Ridderkerk",
            naam: "Beschikking afrekening 2024, zaak PTO-2024-0012",
            archiefvormer: "Gemeente Ridderkerk",
            datum: d(2025, 3, 14),
            beperking_gebruik: "Bevat persoonsgegevens; niet openbaar (artikel 5.1 Wet open overheid).",
            waardering: "V",
            bewaartermijn_jaren: Some(7),
            bestand_naam: "PTO-2024-0012-AFREKENING-2024.pdf",
            omvang: 48_213,
            pdf_a3: false,
            sha256_hex: SHA,
            checksum_datum: d(2025, 3, 14),
            ondertekening: None,
        }
    }

    /// `<name>text</name>` occurs in `xml`.
    fn has(xml: &str, name: &str, text: &str) -> bool {
        xml.contains(&format!("<{name}>{text}</{name}>"))
    }

    #[test]
    fn escape_covers_markup_quotes_and_controls() {
        assert_eq!(escape(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("x\u{1}y\u{ffff}"), "x\u{fffd}y\u{fffd}");
        assert_eq!(escape("r\r\nt\t"), "r&#13;\nt\t");
        assert_eq!(
            escape("Gemeente Súdwest-Fryslân"),
            "Gemeente Súdwest-Fryslân"
        );
    }

    #[test]
    fn markup_in_text_stays_text() {
        let r = MdtoRecord {
            kenmerk: "PTO-<&>-1",
            naam: "Beschikking \"a\" & 'b' <c>",
            bestand_naam: "PTO-<&>-1.pdf",
            ..record()
        };
        for xml in [mdto_xml(&r), mdto_bestand_xml(&r)] {
            assert!(!xml.contains("PTO-<&>"), "{xml}");
            assert!(xml.contains("PTO-&lt;&amp;&gt;-1"), "{xml}");
        }
        assert!(has(
            &mdto_xml(&r),
            "naam",
            "Beschikking &quot;a&quot; &amp; &apos;b&apos; &lt;c&gt;"
        ));
    }

    #[test]
    fn deterministic() {
        let r = record();
        assert_eq!(mdto_xml(&r), mdto_xml(&r));
        assert_eq!(mdto_bestand_xml(&r), mdto_bestand_xml(&r));
        let copy = MdtoRecord { ..r };
        assert_eq!(mdto_xml(&r).into_bytes(), mdto_xml(&copy).into_bytes());
    }

    #[test]
    fn informatieobject_holds_the_required_elements() {
        let xml = mdto_xml(&record());
        assert!(xml.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MDTO xmlns=\"https://www.nationaalarchief.nl/mdto\""
        ));
        assert!(xml.contains(SCHEMA_URL));
        assert!(xml.ends_with("</MDTO>\n"));
        assert!(has(
            &xml,
            "identificatieKenmerk",
            "PTO-2024-0012-AFREKENING-2024"
        ));
        assert!(has(
            &xml,
            "identificatieBron",
            "pto register Gemeente Ridderkerk"
        ));
        assert!(has(
            &xml,
            "naam",
            "Beschikking afrekening 2024, zaak PTO-2024-0012"
        ));
        assert!(has(&xml, "eventTijd", "2025-03-14"));
        assert!(has(&xml, "begripLabel", "Tijdelijk te bewaren"));
        assert!(has(&xml, "begripCode", "V"));
        assert!(has(
            &xml,
            "verwijzingNaam",
            "Begrippenlijst Waarderingen MDTO"
        ));
        assert!(has(&xml, "verwijzingNaam", "Gemeente Ridderkerk"));
        assert!(has(
            &xml,
            "beperkingGebruikNadereBeschrijving",
            "Bevat persoonsgegevens; niet openbaar (artikel 5.1 Wet open overheid)."
        ));
        assert!(!xml.contains("<bestand>"));
        // Schema order: waardering before bewaartermijn before archiefvormer.
        let at = |s: &str| xml.find(s).unwrap();
        assert!(at("<waardering>") < at("<bewaartermijn>"));
        assert!(at("<bewaartermijn>") < at("<heeftRepresentatie>"));
        assert!(at("<heeftRepresentatie>") < at("<archiefvormer>"));
        assert!(at("<archiefvormer>") < at("<beperkingGebruik>"));
    }

    #[test]
    fn blijvend_bewaren_has_its_own_label() {
        let xml = mdto_xml(&MdtoRecord {
            waardering: "B",
            bewaartermijn_jaren: None,
            ..record()
        });
        assert!(has(&xml, "begripLabel", "Blijvend te bewaren"));
        assert!(has(&xml, "begripCode", "B"));
    }

    #[test]
    fn bewaartermijn_only_when_set() {
        let with = mdto_xml(&record());
        assert!(with.contains("<bewaartermijn>"));
        assert!(has(&with, "termijnLooptijd", "P7Y"));
        let without = mdto_xml(&MdtoRecord {
            bewaartermijn_jaren: None,
            ..record()
        });
        assert!(!without.contains("bewaartermijn"));
        assert!(!without.contains("termijnLooptijd"));
    }

    #[test]
    fn bestand_holds_the_required_elements() {
        let xml = mdto_bestand_xml(&record());
        assert!(xml.contains("<MDTO xmlns=\"https://www.nationaalarchief.nl/mdto\""));
        assert!(has(
            &xml,
            "identificatieKenmerk",
            "PTO-2024-0012-AFREKENING-2024.pdf"
        ));
        assert!(has(&xml, "naam", "PTO-2024-0012-AFREKENING-2024.pdf"));
        assert!(has(&xml, "omvang", "48213"));
        assert!(has(&xml, "begripLabel", "SHA-256"));
        assert!(has(
            &xml,
            "verwijzingNaam",
            "Begrippenlijst ChecksumAlgoritme MDTO"
        ));
        assert!(has(&xml, "checksumWaarde", SHA));
        assert!(has(&xml, "checksumDatum", "2025-03-14T00:00:00"));
        // isRepresentatieVan points at the informatieobject's identificatie.
        let rep = &xml[xml.find("<isRepresentatieVan>").unwrap()..];
        assert!(has(
            rep,
            "verwijzingNaam",
            "Beschikking afrekening 2024, zaak PTO-2024-0012"
        ));
        assert!(has(
            rep,
            "identificatieKenmerk",
            "PTO-2024-0012-AFREKENING-2024"
        ));
        assert!(!xml.contains("<informatieobject>"));
    }

    #[test]
    fn pronom_code_follows_the_pdf_a_part() {
        let a2 = mdto_bestand_xml(&record());
        assert!(has(&a2, "begripCode", "fmt/477"));
        assert!(has(
            &a2,
            "begripLabel",
            "Acrobat PDF/A - Portable Document Format 2b"
        ));
        assert!(has(&a2, "verwijzingNaam", "PRONOM-register"));
        assert!(!a2.contains("fmt/480"));
        let a3 = mdto_bestand_xml(&MdtoRecord {
            pdf_a3: true,
            ..record()
        });
        assert!(has(&a3, "begripCode", "fmt/480"));
        assert!(has(
            &a3,
            "begripLabel",
            "Acrobat PDF/A - Portable Document Format 3b"
        ));
        assert!(!a3.contains("fmt/477"));
    }

    #[test]
    fn file_names_follow_the_sip_specification() {
        let r = record();
        assert_eq!(
            informatieobject_file_name(r.kenmerk),
            "PTO-2024-0012-AFREKENING-2024.mdto.xml"
        );
        assert_eq!(
            bestand_file_name(r.bestand_naam),
            "PTO-2024-0012-AFREKENING-2024.pdf.bestand.mdto.xml"
        );
    }

    #[test]
    fn check_finds_what_mdto_would_reject() {
        assert_eq!(check(&record()), Ok(()));
        assert_eq!(
            check(&MdtoRecord {
                waardering: "N",
                ..record()
            }),
            Ok(())
        );
        assert_eq!(
            check(&MdtoRecord {
                naam: "  ",
                ..record()
            }),
            Err(MdtoError::Leeg("naam"))
        );
        assert_eq!(
            check(&MdtoRecord {
                archiefvormer: "",
                ..record()
            }),
            Err(MdtoError::Leeg("archiefvormer"))
        );
        assert_eq!(
            check(&MdtoRecord {
                waardering: "X",
                ..record()
            }),
            Err(MdtoError::Waardering("X".into()))
        );
        assert_eq!(
            check(&MdtoRecord {
                bewaartermijn_jaren: Some(0),
                ..record()
            }),
            Err(MdtoError::BewaartermijnNul)
        );
        assert_eq!(
            check(&MdtoRecord {
                sha256_hex: "abc",
                ..record()
            }),
            Err(MdtoError::Sha256("abc".into()))
        );
    }

    // --- Validation against the Nationaal Archief's XML schema -------------

    fn schema() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/MDTO-XML1.0.1.xsd")
    }

    fn xmllint_available() -> bool {
        Command::new("xmllint").arg("--version").output().is_ok()
    }

    /// Runs `xmllint --noout --schema` on `xml`; `Err` carries its report.
    fn validate(xml: &str) -> Result<(), String> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("record.mdto.xml");
        std::fs::write(&file, xml).unwrap();
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--nonet")
            .arg("--schema")
            .arg(schema())
            .arg(&file)
            .output()
            .expect("xmllint runs");
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("{}\n{xml}", String::from_utf8_lossy(&out.stderr)))
        }
    }

    #[test]
    fn records_validate_against_the_mdto_schema() {
        if !xmllint_available() {
            eprintln!(
                "SKIPPED records_validate_against_the_mdto_schema: `xmllint` is not installed \
                 (Debian/Ubuntu: apt-get install libxml2-utils)."
            );
            return;
        }
        assert!(schema().is_file(), "schema missing: {}", schema().display());
        let nasty = MdtoRecord {
            kenmerk: "PTO-<&>-'\"",
            naam: "Beschikking <afrekening> & \"meer\"\r\n\u{1}",
            beperking_gebruik: "niet openbaar <art. 5.1 Woo>",
            ..record()
        };
        let records = [
            record(),
            MdtoRecord {
                pdf_a3: true,
                ..record()
            },
            MdtoRecord {
                waardering: "B",
                bewaartermijn_jaren: None,
                ..record()
            },
            MdtoRecord {
                omvang: u64::MAX,
                ..record()
            },
            MdtoRecord {
                ondertekening: Some(Ondertekening {
                    tijd: "2025-06-16T10:00:00Z".parse().unwrap(),
                    actor: "J. van der Laan, teamleider <Werk> & Inkomen",
                    resultaat: "Digitaal ondertekend (PAdES B-T); gevalideerd: geldig.",
                }),
                ..record()
            },
            nasty,
        ];
        for r in &records {
            validate(&mdto_xml(r)).unwrap_or_else(|e| panic!("informatieobject invalid: {e}"));
            validate(&mdto_bestand_xml(r)).unwrap_or_else(|e| panic!("bestand invalid: {e}"));
        }
    }

    #[test]
    fn schema_check_is_not_vacuous() {
        if !xmllint_available() {
            eprintln!("SKIPPED schema_check_is_not_vacuous: `xmllint` is not installed.");
            return;
        }
        // Without archiefvormer (required) the informatieobject must fail.
        let xml = mdto_xml(&record());
        let start = xml.find("    <archiefvormer>").unwrap();
        let end = xml.find("</archiefvormer>\n").unwrap() + "</archiefvormer>\n".len();
        let broken = format!("{}{}", &xml[..start], &xml[end..]);
        assert!(validate(&broken).is_err());
        // Both objects in one MDTO document is not allowed by the schema.
        let both = mdto_xml(&record()).replace(
            "</MDTO>\n",
            &mdto_bestand_xml(&record())
                .split_once("<bestand>")
                .map(|(_, rest)| format!("  <bestand>{rest}"))
                .unwrap(),
        );
        assert!(validate(&both).is_err());
    }
}
