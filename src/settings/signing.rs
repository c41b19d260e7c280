//! The digital signature's settings under `ondertekening` in `pto.yaml`:
//! where the certificate and key are, the name of the environment variable
//! that holds their password (never the password), the PAdES level, the
//! time-stamp authority and the trust anchors. Only read here, with the
//! place of every value; the files are opened when a decision is signed
//! (`crate::sign::config`), so `pto check` never needs the key.

use crate::case::read::{Fields, Reader};
use crate::diag::{InputError, Sp, Span};
use crate::sign::Level;

/// The keys under `ondertekening` that configure the digital signature.
pub(super) const KEYS: &[&str] = &[
    "certificaat",
    "sleutel",
    "wachtwoord_env",
    "niveau",
    "tsa",
    "vertrouwd",
    "ruimte_bytes",
];

/// How decisions are signed, as `pto.yaml` says it, every value with its
/// place. Paths are relative to the repository root.
#[derive(Clone, Debug)]
pub struct Digitaal {
    /// `pto.yaml` as messages name it.
    pub file: String,
    /// Where `ondertekening` stands.
    pub span: Span,
    /// The signatory's name (`ondertekening.naam`): the certificate must
    /// name the same person.
    pub naam: Sp<String>,
    /// A PKCS#12 file (`.p12`, `.pfx`), or a PEM certificate chain when
    /// `sleutel` is set.
    pub certificaat: Sp<String>,
    /// The PEM (PKCS#8) key beside a PEM chain.
    pub sleutel: Option<Sp<String>>,
    /// The name of the environment variable that holds the password.
    pub wachtwoord_env: Option<Sp<String>>,
    pub niveau: Sp<Level>,
    /// The RFC 3161 time-stamp authority (B-T and B-LT).
    pub tsa: Option<Sp<String>>,
    /// PEM files with the certificates a signature must lead to.
    pub vertrouwd: Vec<Sp<String>>,
    /// Bytes reserved for the signature; none: sized by pto.
    pub ruimte_bytes: Option<Sp<u32>>,
}

impl Digitaal {
    /// An input error at `span` of `pto.yaml`.
    pub fn error_at(&self, span: Span, message: impl Into<String>) -> InputError {
        InputError::at(&self.file, span, message)
    }
}

/// Reads the signing keys of `ondertekening` (already opened as `f`);
/// none when `certificaat` is absent (then no other signing key may be
/// set). `naam` is the signatory's name, required when signing.
pub(super) fn load(
    r: &mut Reader,
    f: &Fields,
    naam: Option<&Sp<String>>,
) -> Option<Option<Digitaal>> {
    let Some(certificaat) = f.optional("certificaat") else {
        let stray: Vec<&str> = KEYS
            .iter()
            .copied()
            .filter(|k| f.optional(k).is_some())
            .collect();
        if let Some(first) = stray.first() {
            r.error(
                f.span_of(first),
                format!(
                    "`{}` hoort bij digitale ondertekening, maar `certificaat` ontbreekt bij de \
                     ondertekening. Noem het certificaat (een PKCS#12-bestand, of een \
                     PEM-certificaatketen met `sleutel`), of laat {} weg.",
                    stray.join("`, `"),
                    if stray.len() == 1 { "het" } else { "ze" }
                ),
            );
            return None;
        }
        return Some(None);
    };
    let certificaat = r.text(certificaat, "certificaat");
    let sleutel = f.optional("sleutel").map(|n| r.text(n, "sleutel"));
    let wachtwoord_env = match f.get("wachtwoord_env") {
        Some((n, key)) if n.value != crate::case::yaml::Value::Null => Some(env_name(r, n, key)),
        _ => None,
    };
    let niveau = r.required(f, "niveau").and_then(|(n, _)| {
        let text = r.text(n, "niveau")?;
        match Level::from_name(&text.value) {
            Some(level) => Some(Sp::new(level, text.span)),
            None => {
                r.error(
                    text.span,
                    format!(
                        "`niveau` moet B-B, B-T of B-LT zijn (PAdES), niet `{}`.",
                        text.value
                    ),
                );
                None
            }
        }
    });
    let tsa = f.optional("tsa").map(|n| {
        let url = r.text(n, "tsa")?;
        if !(url.value.starts_with("http://") || url.value.starts_with("https://")) {
            r.error(
                url.span,
                format!(
                    "`tsa` moet het adres (http:// of https://) van een tijdstempeldienst \
                     (RFC 3161) zijn, niet `{}`.",
                    url.value
                ),
            );
            return None;
        }
        Some(url)
    });
    let vertrouwd = match f.get("vertrouwd") {
        Some((n, _)) if n.value != crate::case::yaml::Value::Null => {
            let items = match &n.value {
                crate::case::yaml::Value::Seq(items) => items.iter().collect::<Vec<_>>(),
                _ => vec![n],
            };
            let mut paths = Vec::new();
            for item in items {
                paths.extend(r.text(item, "vertrouwd"));
            }
            paths
        }
        _ => Vec::new(),
    };
    let ruimte_bytes = f
        .optional("ruimte_bytes")
        .map(|n| r.integer(n, "ruimte_bytes", 1024..=1_048_576));
    let mut complete = true;
    if vertrouwd.is_empty() {
        r.error(
            f.span_of("vertrouwd"),
            "Bij digitale ondertekening hoort `vertrouwd`: de PEM-bestanden met de \
             basiscertificaten waar een handtekening naar moet leiden (voor PKIoverheid: \
             de stamcertificaten van de Staat der Nederlanden). Zonder is een handtekening \
             niet te controleren.",
        );
        complete = false;
    }
    if naam.is_none() {
        r.error(
            f.span,
            "Bij digitale ondertekening hoort `naam`: de naam van wie ondertekent, zoals het \
             certificaat die noemt.",
        );
        complete = false;
    }
    if let Some(level) = &niveau
        && level.value.needs_tsa()
        && tsa.is_none()
    {
        r.error(
            level.span,
            format!(
                "Niveau {} vraagt een tijdstempeldienst: noem zijn adres onder `tsa` (of kies \
                 niveau B-B).",
                level.value
            ),
        );
        complete = false;
    }
    let sleutel = sleutel.transpose_flat()?;
    let wachtwoord_env = wachtwoord_env.transpose_flat()?;
    let tsa = tsa.transpose_flat()?;
    let ruimte_bytes = ruimte_bytes.transpose_flat()?;
    if !complete {
        return None;
    }
    Some(Some(Digitaal {
        file: r.file.to_string(),
        span: f.span,
        naam: naam?.clone(),
        certificaat: certificaat?,
        sleutel,
        wachtwoord_env,
        niveau: niveau?,
        tsa,
        vertrouwd,
        ruimte_bytes,
    }))
}

/// `Some(None)` stays "absent", `Some(Some(v))` is `v`, `None` failed.
trait TransposeFlat<T> {
    fn transpose_flat(self) -> Option<Option<T>>;
}

impl<T> TransposeFlat<T> for Option<Option<T>> {
    fn transpose_flat(self) -> Option<Option<T>> {
        match self {
            None => Some(None),
            Some(Some(v)) => Some(Some(v)),
            Some(None) => None,
        }
    }
}

/// The name of an environment variable: letters, digits and `_`, not
/// starting with a digit. Anything else is most likely the password itself,
/// written where its name belongs: the message then neither repeats the
/// value nor shows the line.
fn env_name(r: &mut Reader, node: &crate::case::yaml::Node, key: Span) -> Option<Sp<String>> {
    let valid = |s: &str| {
        !s.is_empty()
            && s.len() <= 100
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    match node.scalar() {
        Some(text) if valid(text.trim()) => Some(Sp::new(text.trim().to_string(), node.span)),
        _ => {
            r.errors.push(InputError::file(
                r.file,
                format!(
                    "regel {}: `wachtwoord_env` moet de naam van een omgevingsvariabele zijn \
                     (letters, cijfers en _, zoals PTO_CERTIFICAAT_WACHTWOORD), niet het \
                     wachtwoord zelf. Zet het wachtwoord nooit in pto.yaml: zet het in die \
                     omgevingsvariabele. (De waarde wordt hier niet herhaald.)",
                    key.line
                ),
            ));
            None
        }
    }
}
