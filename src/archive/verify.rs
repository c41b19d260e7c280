//! `pto verify`: re-hash every registered PDF and find what is missing,
//! changed or not registered.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::sha256_hex;
use super::store::read_register;

/// What `verify` found. Serialised as the JSON of `pto verify --format
/// json` (the command adds the folder as `output`).
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Registered PDFs whose bytes match.
    pub intact: usize,
    /// Registered but not on disk.
    pub missing: Vec<Missing>,
    /// On disk with other bytes than registered.
    pub changed: Vec<Changed>,
    /// PDFs in the folder that no register line names.
    pub unregistered: Vec<String>,
    /// Register lines that could not be read.
    #[serde(rename = "unreadable_register_lines")]
    pub unreadable: Vec<Unreadable>,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub reference: String,
    pub pdf: String,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub reference: String,
    pub pdf: String,
    pub registered_sha256: String,
    pub actual_sha256: String,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub line: usize,
    pub message: String,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty()
            && self.changed.is_empty()
            && self.unregistered.is_empty()
            && self.unreadable.is_empty()
    }
}

pub fn verify(dir: &Path) -> std::io::Result<Report> {
    let register = read_register(dir)?;
    let unreadable = register
        .unreadable()
        .map(|(line, message)| Unreadable { line, message })
        .collect();
    let entries = register.entries;
    enum Check {
        Intact,
        Missing(String, String),
        Changed(String, String, String, String),
    }
    let checks: Vec<Check> = entries
        .par_iter()
        .map(|e| match std::fs::read(dir.join(&e.pdf)) {
            Ok(bytes) => {
                let actual = sha256_hex(&bytes);
                if actual == e.sha256 {
                    Check::Intact
                } else {
                    Check::Changed(e.reference.clone(), e.pdf.clone(), e.sha256.clone(), actual)
                }
            }
            Err(_) => Check::Missing(e.reference.clone(), e.pdf.clone()),
        })
        .collect();
    let mut report = Report {
        unreadable,
        ..Report::default()
    };
    for check in checks {
        match check {
            Check::Intact => report.intact += 1,
            Check::Missing(reference, pdf) => report.missing.push(Missing { reference, pdf }),
            Check::Changed(reference, pdf, registered_sha256, actual_sha256) => {
                report.changed.push(Changed {
                    reference,
                    pdf,
                    registered_sha256,
                    actual_sha256,
                })
            }
        }
    }
    let registered: HashSet<&str> = entries.iter().map(|e| e.pdf.as_str()).collect();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "pdf") {
            let relative = path.strip_prefix(dir).unwrap_or(path);
            let name: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect();
            let name = name.join("/");
            if !registered.contains(name.as_str()) {
                report.unregistered.push(name);
            }
        }
    }
    Ok(report)
}
