//! `pto verify`: re-hash every registered PDF and find what is missing,
//! changed or not registered.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use super::sha256_hex;
use super::store::read_register;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Registered PDFs whose bytes match.
    pub intact: usize,
    /// (reference, pdf) registered but not on disk.
    pub missing: Vec<(String, String)>,
    /// (reference, pdf, registered sha256, actual sha256).
    pub changed: Vec<(String, String, String, String)>,
    /// PDFs in the folder that no register line names.
    pub unregistered: Vec<String>,
    /// Register lines that could not be read: (line, reason).
    pub unreadable: Vec<(usize, String)>,
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
    let (entries, unreadable) = read_register(dir)?;
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
            Check::Missing(r, p) => report.missing.push((r, p)),
            Check::Changed(r, p, e, a) => report.changed.push((r, p, e, a)),
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
