//! The register `output/register.jsonl`: one JSON line per issued decision,
//! appended and never rewritten.
//!
//! A line is an [`Entry`]. Fields added later are optional
//! (`#[serde(default, skip_serializing_if = "Option::is_none")]`), so a
//! register written by an older pto reads unchanged, and a line without the
//! new field is written as before.
//!
//! Reading never skips a line silently: a line that cannot be read, a last
//! line cut off mid-write and a kenmerk registered twice are each a
//! [`Problem`] with its line number.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::decide::{Outcome, Proceeding};

/// The register's file name inside the output folder.
pub const REGISTER: &str = "register.jsonl";

/// One line of the register: one issued decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The kenmerk: unique in the register.
    pub reference: String,
    /// The zaaknummer.
    pub case: String,
    pub proceeding: Proceeding,
    pub outcome: Outcome,
    /// Settlements: the amount paid back or recovered, written "123.40".
    #[serde(with = "amount")]
    pub amount: Option<Decimal>,
    /// The decision date, "2024-02-20".
    pub date: NaiveDate,
    /// The PDF, relative to the output folder: `<case>/<reference>.pdf`.
    pub pdf: String,
    /// The SHA-256 of the PDF, lowercase hex.
    pub sha256: String,
    /// The case file it was made from, relative to the repository root.
    pub case_file: String,
    /// HEAD when it was issued (absent outside git).
    pub git_commit: Option<String>,
    /// The git blob id of the case file's bytes that pto read and decided
    /// on (`git hash-object`), also when they were not committed.
    pub case_blob: Option<String>,
    /// Issued from bytes that are not the case file's committed version (or
    /// outside git), on the user's explicit request.
    pub uncommitted: bool,
    pub pto_version: String,
    /// When it was issued (wall clock, UTC), "2024-02-20T10:00:00Z".
    pub issued_at: String,
    /// An evaluation (and its voornemen): the months judged, so that the
    /// next evaluation starts the month after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<RegisteredPeriod>,
    /// A voornemen: the last day for a zienswijze; a request to complete an
    /// application: the last day to supply the documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respond_by: Option<NaiveDate>,
    /// When and how the letter went out: the terms in it count from that
    /// day (Awb 3:41, 6:8). Issued: its date, by the channel chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<Sent>,
    /// A letter that went out later than its date is issued again, dated
    /// the day it was sent: the new entry names the kenmerk it replaces.
    /// The replaced letter was never sent and counts for nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// The digital signature, when the decision was signed: then `sha256`
    /// is the signed file's, and the letter as rendered (reproducible) is
    /// its first `unsigned_size` bytes, with `unsigned_sha256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// The sending of a letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub date: NaiveDate,
    pub channel: Channel,
}

/// How a letter is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// By post.
    Post,
    /// Electronically, where the person said they can be reached that way
    /// (Awb 2:14 lid 1; from 2026 Awb 2:8).
    Digitaal,
}

impl Channel {
    pub fn key(self) -> &'static str {
        match self {
            Channel::Post => "post",
            Channel::Digitaal => "digitaal",
        }
    }
}

/// The entries that count: without the letters replaced by a later issue
/// (never sent).
pub fn in_force(entries: &[Entry]) -> impl Iterator<Item = &Entry> {
    let replaced: std::collections::HashSet<&str> = entries
        .iter()
        .filter_map(|e| e.replaces.as_deref())
        .collect();
    entries
        .iter()
        .filter(move |e| !replaced.contains(e.reference.as_str()))
}

/// What the register records of a decision's signature (Archiefregeling
/// art. 24 lid c): who signed with which certificate, when, at which
/// level, and what pto's own check said right after signing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The signer, as the certificate names them (CN).
    pub signer: String,
    /// The signer's organisation (O), if the certificate names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The certificate's subject and issuer (RFC 4514).
    pub certificate_subject: String,
    pub certificate_issuer: String,
    /// The certificate's serial number, hex.
    pub certificate_serial: String,
    /// SHA-256 of the certificate (DER), hex.
    pub certificate_sha256: String,
    /// The PAdES level: "B-B", "B-T" or "B-LT".
    pub level: crate::sign::Level,
    /// The signing time (the signature's `/M`), "2025-06-16T10:00:00Z".
    pub signing_time: chrono::DateTime<chrono::Utc>,
    /// The time-stamp authority's time (B-T, B-LT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<chrono::DateTime<chrono::Utc>>,
    /// pto's check of the signed file right after signing: "geldig" (a
    /// decision whose signature does not check is never issued).
    pub validation: String,
    /// When that check ran.
    pub validated_at: chrono::DateTime<chrono::Utc>,
    /// SHA-256 of the letter as rendered, before signing: the first
    /// `unsigned_size` bytes of the signed file.
    pub unsigned_sha256: String,
    pub unsigned_size: u64,
}

impl Entry {
    /// The hash that identifies the decision's content: the rendered
    /// letter's, signed or not. Issuing again compares this one, because a
    /// new signature makes new bytes (another time, another time-stamp).
    pub fn content_sha256(&self) -> &str {
        self.signature
            .as_ref()
            .map_or(&self.sha256, |s| &s.unsigned_sha256)
    }
}

/// The months an evaluation judged, first and last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredPeriod {
    pub van: crate::calendar::Month,
    pub tot: crate::calendar::Month,
}

/// An amount as the register writes it: a string with two decimals, or null.
mod amount {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(a) => s.serialize_str(&crate::format::plain(*a)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                text.parse::<Decimal>()
                    .map_err(|_| serde::de::Error::custom(format!("`{text}` is geen bedrag")))
            })
            .transpose()
    }
}

/// What is wrong with a line of the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The line is not an entry: not JSON, a field missing or of the
    /// wrong kind.
    Unreadable { line: usize, message: String },
    /// The last line has no line end and is no entry: writing it was cut
    /// off (full disk, crash, truncation).
    Cut { line: usize },
    /// A kenmerk registered again; the first line is the one that counts.
    Duplicate {
        line: usize,
        first: usize,
        reference: String,
    },
}

impl Problem {
    pub fn line(&self) -> usize {
        match self {
            Problem::Unreadable { line, .. }
            | Problem::Cut { line }
            | Problem::Duplicate { line, .. } => *line,
        }
    }

    /// In Dutch, without the file and line.
    pub fn message(&self) -> String {
        match self {
            Problem::Unreadable { message, .. } => message.clone(),
            Problem::Cut { .. } => "de regel is onvolledig: het register houdt midden in deze \
                                    regel op (afgebroken bij het schrijven)"
                .into(),
            Problem::Duplicate {
                first, reference, ..
            } => format!("kenmerk {reference} staat ook al op regel {first}"),
        }
    }

    /// The line cannot be read at all (a duplicate can).
    pub fn is_unreadable(&self) -> bool {
        !matches!(self, Problem::Duplicate { .. })
    }
}

/// The register as read.
#[derive(Debug, Default)]
pub struct Register {
    /// One entry per kenmerk, in line order: the first line of each.
    pub entries: Vec<Entry>,
    /// Every line that is not a new entry, in line order.
    pub problems: Vec<Problem>,
    /// The last line is a whole entry but lacks its line end (cut off just
    /// before it): its number.
    pub unterminated: Option<usize>,
}

impl Register {
    /// Reads the register's bytes. Blank lines are no entries and no
    /// problem.
    pub fn parse(bytes: &[u8]) -> Register {
        let mut register = Register::default();
        let mut first: HashMap<String, usize> = HashMap::new();
        let ends_in_newline = bytes.is_empty() || bytes.ends_with(b"\n");
        let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        // split gives an empty piece after the final line end.
        let count = if ends_in_newline {
            lines.len() - 1
        } else {
            lines.len()
        };
        for (i, line) in lines.iter().take(count).enumerate() {
            let number = i + 1;
            let last_unterminated = !ends_in_newline && i + 1 == count;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let entry = std::str::from_utf8(line)
                .map_err(|_| "de regel is geen UTF-8-tekst".to_string())
                .and_then(|text| serde_json::from_str::<Entry>(text).map_err(|e| e.to_string()));
            match entry {
                Ok(entry) => {
                    if last_unterminated {
                        register.unterminated = Some(number);
                    }
                    match first.get(&entry.reference) {
                        Some(&line) => register.problems.push(Problem::Duplicate {
                            line: number,
                            first: line,
                            reference: entry.reference,
                        }),
                        None => {
                            first.insert(entry.reference.clone(), number);
                            register.entries.push(entry);
                        }
                    }
                }
                Err(_) if last_unterminated => {
                    register.problems.push(Problem::Cut { line: number })
                }
                Err(message) => register.problems.push(Problem::Unreadable {
                    line: number,
                    message,
                }),
            }
        }
        register
    }

    /// The lines that cannot be read: (line, reason).
    pub fn unreadable(&self) -> impl Iterator<Item = (usize, String)> + '_ {
        self.problems
            .iter()
            .filter(|p| p.is_unreadable())
            .map(|p| (p.line(), p.message()))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn entry(reference: &str, sha: &str) -> Entry {
        Entry {
            reference: reference.into(),
            case: "Z-1".into(),
            proceeding: Proceeding::Aanvraag,
            outcome: Outcome::Toekenning,
            amount: None,
            date: NaiveDate::from_ymd_opt(2024, 2, 20).unwrap(),
            pdf: format!("Z-1/{reference}.pdf"),
            sha256: sha.into(),
            case_file: "case-files/z.yaml".into(),
            git_commit: None,
            case_blob: None,
            uncommitted: true,
            pto_version: "0.1.0".into(),
            issued_at: "2024-02-20T10:00:00Z".into(),
            period: None,
            respond_by: None,
            sent: None,
            replaces: None,
            signature: None,
        }
    }

    /// A line as pto 0.1 wrote it, before the register was typed.
    const OLD_LINE: &str = r#"{"reference":"PTO-2024-0012-AFREKENING-2024","case":"PTO-2024-0012","proceeding":"afrekening","outcome":"nabetaling","amount":"375.50","date":"2025-06-16","pdf":"PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.pdf","sha256":"ab","case_file":"case-files/2024/PTO-2024-0012-jansen.yaml","git_commit":"c0ffee","case_blob":"b10b","uncommitted":false,"pto_version":"0.1.0","issued_at":"2025-06-16T10:00:00Z"}"#;

    #[test]
    fn a_line_of_an_older_register_reads_and_writes_back_the_same() {
        let register = Register::parse(format!("{OLD_LINE}\n").as_bytes());
        assert_eq!(register.problems, []);
        let e = &register.entries[0];
        assert_eq!(e.proceeding, Proceeding::Afrekening);
        assert_eq!(e.outcome, Outcome::Nabetaling);
        assert_eq!(e.amount, Some(Decimal::new(37550, 2)));
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2025, 6, 16).unwrap());
        assert_eq!(serde_json::to_string(e).unwrap(), OLD_LINE);
    }

    #[test]
    fn a_replaced_letter_is_not_in_force_and_the_sending_round_trips() {
        let old = entry("Z-1-AANVULLING-20240108", "aa");
        let mut new = entry("Z-1-AANVULLING-20240108-2", "bb");
        new.replaces = Some(old.reference.clone());
        new.sent = Some(Sent {
            date: NaiveDate::from_ymd_opt(2024, 2, 22).unwrap(),
            channel: Channel::Digitaal,
        });
        let all = [old.clone(), new.clone()];
        let counted: Vec<&str> = in_force(&all).map(|e| e.reference.as_str()).collect();
        assert_eq!(counted, ["Z-1-AANVULLING-20240108-2"]);
        let line = serde_json::to_string(&new).unwrap();
        assert!(line.ends_with(
            r#""sent":{"date":"2024-02-22","channel":"digitaal"},"replaces":"Z-1-AANVULLING-20240108"}"#
        ), "{line}");
        assert_eq!(serde_json::from_str::<Entry>(&line).unwrap(), new);
    }

    #[test]
    fn a_signed_line_round_trips_and_keeps_both_hashes() {
        let line = format!(
            "{},\"signature\":{{\"signer\":\"J. van der Laan\",\"certificate_subject\":\"CN=J. van der Laan\",\"certificate_issuer\":\"CN=root\",\"certificate_serial\":\"1001\",\"certificate_sha256\":\"cd\",\"level\":\"B-T\",\"signing_time\":\"2025-06-16T10:00:00Z\",\"timestamp\":\"2025-06-16T10:00:01Z\",\"validation\":\"geldig\",\"validated_at\":\"2025-06-16T10:00:02Z\",\"unsigned_sha256\":\"ef\",\"unsigned_size\":1234}}}}",
            OLD_LINE.trim_end_matches('}')
        );
        let register = Register::parse(format!("{line}\n").as_bytes());
        assert_eq!(register.problems, []);
        let e = &register.entries[0];
        let signature = e.signature.as_ref().unwrap();
        assert_eq!(signature.level, crate::sign::Level::BT);
        assert_eq!(e.content_sha256(), "ef");
        assert_eq!(e.sha256, "ab");
        assert_eq!(serde_json::to_string(e).unwrap(), line);
        let unsigned = Register::parse(format!("{OLD_LINE}\n").as_bytes());
        assert_eq!(unsigned.entries[0].content_sha256(), "ab");
    }

    #[test]
    fn no_amount_is_written_as_null() {
        let line = serde_json::to_string(&entry("R", "aa")).unwrap();
        assert!(line.contains(r#""amount":null"#), "{line}");
    }

    #[test]
    fn unreadable_lines_are_reported_with_their_number_and_never_skipped() {
        let text = format!(
            "{OLD_LINE}\n\nnot json\n{}\n{}\n",
            OLD_LINE.replace("nabetaling", "misschien"),
            OLD_LINE.replace("2025-06-16\"", "2025-02-30\"")
        );
        let register = Register::parse(text.as_bytes());
        assert_eq!(register.entries.len(), 1);
        let lines: Vec<usize> = register.unreadable().map(|(l, _)| l).collect();
        assert_eq!(lines, [3, 4, 5]);
    }

    #[test]
    fn a_kenmerk_registered_twice_is_a_duplicate_and_counts_once() {
        let text = format!("{OLD_LINE}\n{OLD_LINE}\n");
        let register = Register::parse(text.as_bytes());
        assert_eq!(register.entries.len(), 1);
        assert_eq!(
            register.problems,
            [Problem::Duplicate {
                line: 2,
                first: 1,
                reference: "PTO-2024-0012-AFREKENING-2024".into()
            }]
        );
        assert_eq!(register.unreadable().count(), 0);
    }

    #[test]
    fn a_last_line_cut_mid_write_is_cut_and_a_whole_one_only_unterminated() {
        let cut = format!("{OLD_LINE}\n{}", &OLD_LINE[..40]);
        let register = Register::parse(cut.as_bytes());
        assert_eq!(register.problems, [Problem::Cut { line: 2 }]);
        assert_eq!(register.unterminated, None);

        let whole = Register::parse(OLD_LINE.as_bytes());
        assert_eq!(whole.problems, []);
        assert_eq!(whole.unterminated, Some(1));
        assert_eq!(whole.entries.len(), 1);
    }
}
