//! From the settings in `pto.yaml` to a signer that is ready: the files
//! read, the password taken from its environment variable, the certificate
//! checked (valid, allowed to sign, trusted, naming the signatory), the
//! time-stamp authority and the revocation lists tried, the room for the
//! signature measured. Whatever is wrong is an input error at the setting's
//! place in `pto.yaml`, before any decision is issued.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{
    CertificateInfo, FileSigner, Password, Setting, SignError, SignOptions, Signed, Signer,
    TrustAnchors, cert::Certificate, preflight, sign_pdf,
};
use crate::diag::{InputError, Span};
use crate::settings::Digitaal;

/// The largest certificate, key or trust-anchor file pto reads.
const MAX_FILE: u64 = 1024 * 1024;

/// A signer checked and ready for a run of decisions.
pub struct Signing {
    signer: Box<dyn Signer>,
    options: SignOptions,
    /// The signing certificate, as the register records it.
    pub certificate: CertificateInfo,
    settings: Digitaal,
}

impl std::fmt::Debug for Signing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signing")
            .field("certificate", &self.certificate.name)
            .field("level", &self.options.level)
            .finish_non_exhaustive()
    }
}

/// The moment of signing: now, in whole seconds (as `/M` keeps it).
fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

impl Signing {
    /// Reads and checks the signing settings `d`; paths are relative to
    /// `root`. Every problem is an input error at its place in `pto.yaml`.
    pub fn load(d: &Digitaal, root: &Path) -> Result<Signing, Vec<InputError>> {
        let anchors = load_anchors(d, root)?;
        let signer = load_signer(d, root).map_err(|e| vec![e])?;
        Signing::with_signer(d, Box::new(signer), anchors)
    }

    /// A ready signer from a key that is already there (an HSM's, or one a
    /// test made): checked as [`Signing::load`] checks a file's.
    pub fn with_signer(
        d: &Digitaal,
        signer: Box<dyn Signer>,
        anchors: TrustAnchors,
    ) -> Result<Signing, Vec<InputError>> {
        let mut options = SignOptions::new(d.niveau.value, now(), anchors);
        options.tsa_url = d.tsa.as_ref().map(|t| t.value.clone());
        options.reserve = d.ruimte_bytes.as_ref().map(|r| r.value as usize);
        let checked = preflight(signer.as_ref(), &options).map_err(|e| vec![error(d, &e)])?;
        if !same_name(&checked.signer.name, &d.naam.value) {
            return Err(vec![d.error_at(
                d.naam.span,
                format!(
                    "Het certificaat is van \u{201c}{}\u{201d}, maar pto.yaml noemt \
                     \u{201c}{}\u{201d} als ondertekenaar (`ondertekening.naam`). De brief \
                     noemt wie ondertekent en het certificaat moet dat bevestigen: zet de naam \
                     zoals het certificaat die noemt, of gebruik het certificaat van \
                     {}. Er is niets uitgegeven.",
                    checked.signer.name, d.naam.value, d.naam.value
                ),
            )]);
        }
        options.reserve = Some(checked.reserve);
        Ok(Signing {
            signer,
            options,
            certificate: checked.signer,
            settings: d.clone(),
        })
    }

    /// Signs one decision's rendered bytes, now.
    pub fn sign(&self, pdf: &[u8]) -> Result<Signed, SignError> {
        let mut options = self.options.clone();
        options.time = now();
        sign_pdf(pdf, self.signer.as_ref(), &options)
    }

    /// The trust anchors the signatures are checked against.
    pub fn anchors(&self) -> &TrustAnchors {
        &self.options.anchors
    }

    /// Why a decision could not be signed, naming the setting and its place.
    pub fn explain(&self, e: &SignError) -> String {
        let (span, message) = located(&self.settings, e);
        format!(
            "{message} ({}:{}:{}); dit besluit is niet uitgegeven.",
            self.settings.file, span.line, span.column
        )
    }
}

/// Whether two names are the same name: case and runs of white space aside.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The trust anchors named under `vertrouwd`.
pub fn load_anchors(d: &Digitaal, root: &Path) -> Result<TrustAnchors, Vec<InputError>> {
    let mut anchors = Vec::new();
    let mut errors = Vec::new();
    for path in &d.vertrouwd {
        let loaded = read(root, &path.value).and_then(|bytes| {
            let certs = Certificate::load_all(&bytes)
                .map_err(|e| format!("is geen leesbaar PEM-certificaat: {e}"))?;
            if certs.is_empty() {
                return Err("bevat geen certificaat (-----BEGIN CERTIFICATE-----)".into());
            }
            Ok(certs)
        });
        match loaded {
            Ok(certs) => anchors.extend(certs),
            Err(why) => errors.push(d.error_at(
                path.span,
                format!(
                    "Het vertrouwde basiscertificaat {} {why} (`ondertekening.vertrouwd`).",
                    path.value
                ),
            )),
        }
    }
    if errors.is_empty() {
        Ok(TrustAnchors::new(anchors))
    } else {
        Err(errors)
    }
}

/// Reads the key and certificates named by `d`, with the password from the
/// environment variable it names.
fn load_signer(d: &Digitaal, root: &Path) -> Result<FileSigner, InputError> {
    let at = |setting: Setting, message: String| error(d, &SignError::new(setting, message));
    let certificate = read(root, &d.certificaat.value).map_err(|why| {
        at(
            Setting::Certificaat,
            format!("het certificaat {} {why}", d.certificaat.value),
        )
    })?;
    let password = match &d.wachtwoord_env {
        None => None,
        Some(name) => match std::env::var(&name.value) {
            Ok(value) => Some(Password::new(value)),
            Err(std::env::VarError::NotPresent) => {
                return Err(at(
                    Setting::WachtwoordEnv,
                    format!(
                        "de omgevingsvariabele {} is niet gezet; zet daarin het wachtwoord van \
                         het certificaat voordat u pto start",
                        name.value
                    ),
                ));
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(at(
                    Setting::WachtwoordEnv,
                    format!(
                        "de omgevingsvariabele {} bevat geen geldige tekst (UTF-8)",
                        name.value
                    ),
                ));
            }
        },
    };
    let signer = match &d.sleutel {
        Some(key_path) => {
            let key = read(root, &key_path.value).map_err(|why| {
                at(
                    Setting::Sleutel,
                    format!("de sleutel {} {why}", key_path.value),
                )
            })?;
            FileSigner::from_pem(&certificate, &key, password.as_ref())
        }
        None if certificate.starts_with(b"-----BEGIN") => {
            return Err(at(
                Setting::Certificaat,
                format!(
                    "{} is een PEM-bestand, geen PKCS#12-bestand; noem bij een PEM-\
                     certificaatketen ook de sleutel onder `sleutel`",
                    d.certificaat.value
                ),
            ));
        }
        None => {
            let empty = Password::new(String::new());
            FileSigner::from_pkcs12(&certificate, password.as_ref().unwrap_or(&empty))
        }
    };
    signer.map_err(|e| match (e.setting, &d.wachtwoord_env) {
        (Setting::WachtwoordEnv, None) => at(
            Setting::Certificaat,
            format!(
                "{}; er is geen wachtwoord ingesteld: zet het in een omgevingsvariabele en noem \
                 de naam daarvan onder `wachtwoord_env`",
                e.message
            ),
        ),
        _ => error(d, &e),
    })
}

/// Reads a configuration file: a regular file of at most [`MAX_FILE`]
/// bytes; or why not, in Dutch (to follow its name).
fn read(root: &Path, rel: &str) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let path = root.join(rel);
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err("bestaat niet (paden gelden vanaf de map van pto.yaml)".into());
        }
        Err(e) => return Err(format!("is niet te lezen: {e}")),
    };
    if !meta.is_file() {
        return Err("is geen gewoon bestand".into());
    }
    if meta.len() > MAX_FILE {
        return Err("is groter dan 1 MB; dat is geen certificaat of sleutel".into());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("is niet te lezen: {e}"))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err("is groter dan 1 MB; dat is geen certificaat of sleutel".into());
    }
    Ok(bytes)
}

/// A signing error as an input error at the place of its setting.
fn error(d: &Digitaal, e: &SignError) -> InputError {
    let (span, message) = located(d, e);
    d.error_at(span, format!("{message}. Er is niets uitgegeven."))
}

/// The place of the setting a signing error is about, and the message
/// naming it.
fn located(d: &Digitaal, e: &SignError) -> (Span, String) {
    let span_of = |s: Option<&crate::diag::Sp<String>>| s.map(|s| s.span);
    let span: Span = match e.setting {
        Setting::Certificaat => d.certificaat.span,
        Setting::Sleutel => span_of(d.sleutel.as_ref()).unwrap_or(d.certificaat.span),
        Setting::WachtwoordEnv => span_of(d.wachtwoord_env.as_ref()).unwrap_or(d.certificaat.span),
        Setting::Niveau => d.niveau.span,
        Setting::Tsa => span_of(d.tsa.as_ref()).unwrap_or(d.niveau.span),
        Setting::Vertrouwd => d.vertrouwd.first().map_or(d.span, |v| v.span),
        Setting::Ruimte => d.ruimte_bytes.as_ref().map_or(d.span, |r| r.span),
        Setting::Document => d.span,
    };
    let setting = e
        .setting
        .key()
        .map(|k| format!(" (`ondertekening.{k}`)"))
        .unwrap_or_default();
    (
        span,
        format!("Ondertekenen kan niet: {}{setting}", e.message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_or_extra_spaces() {
        assert!(same_name("mr. A.B. de Vries", "Mr.  A.B. de  vries"));
        assert!(!same_name("A.B. de Vries", "A. de Vries"));
    }
}
