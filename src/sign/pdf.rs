//! The signature's place in the PDF: an incremental update (ISO 32000-1
//! 7.5.6) that leaves the rendered bytes untouched, and, for B-LT, a second
//! one with the Document Security Store (ETSI EN 319 142-1 5.4).
//!
//! What keeps the signed file PDF/A-2b and PDF/UA-1 (ISO 19005-2, ISO
//! 14289-1):
//! - the update repeats the trailer's `/ID` and keeps a classic xref table
//!   (lopdf copies the previous trailer and its xref kind), and exactly one
//!   end-of-line follows each `%%EOF` (ISO 19005-2 6.1.3);
//! - the signature field is an invisible widget (`/Rect [0 0 0 0]`, flags
//!   Print + Locked), which needs no appearance stream and no structure
//!   element; no `/NeedAppearances`, no actions;
//! - `/ByteRange` covers the whole file but `/Contents`, up to and including
//!   the end-of-line after this revision's `%%EOF` (ISO 19005-2 6.4.3).

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream, StringFormat};

use super::{Setting, SignError};

/// Wide enough for any offset in a file below 10 GB, so the real numbers
/// always fit where the placeholder was.
const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;

/// The partial field name of the signature field.
const FIELD_NAME: &str = "Handtekening";

fn pdf_error(message: impl Into<String>) -> SignError {
    SignError::new(Setting::Document, message)
}

fn lopdf_error(e: lopdf::Error) -> SignError {
    pdf_error(format!("het PDF-bestand laat zich niet ondertekenen: {e}"))
}

/// A PDF with the signature update appended, `/Contents` still zeros.
#[cfg_attr(test, derive(Debug))]
pub struct Prepared {
    bytes: Vec<u8>,
    /// Offset of `/Contents`' opening `<`.
    contents_start: usize,
    /// Offset just after its closing `>`.
    contents_end: usize,
    /// The `/ByteRange` written.
    byte_range: [usize; 4],
    /// The signature field's name.
    field: String,
}

/// The date string of `/M` (ISO 32000-1 7.9.4), in UTC.
pub fn pdf_date(time: DateTime<Utc>) -> String {
    time.format("D:%Y%m%d%H%M%S+00'00'").to_string()
}

/// Reads a PDF date string (`D:YYYYMMDDHHmmSS` with an optional offset).
pub fn parse_pdf_date(text: &[u8]) -> Option<DateTime<Utc>> {
    let text = std::str::from_utf8(text).ok()?;
    let text = text.strip_prefix("D:").unwrap_or(text);
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 14 {
        return None;
    }
    let local = chrono::NaiveDateTime::parse_from_str(&digits[..14], "%Y%m%d%H%M%S").ok()?;
    let rest = &text[14..];
    let offset_minutes = match rest.as_bytes().first() {
        None | Some(b'Z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let parts: Vec<&str> = rest[1..].split('\'').collect();
            let hours: i64 = parts.first()?.parse().ok()?;
            let minutes: i64 = parts.get(1).and_then(|m| m.parse().ok()).unwrap_or(0);
            let total = hours * 60 + minutes;
            if *sign == b'-' { -total } else { total }
        }
        _ => return None,
    };
    Some((local - chrono::Duration::minutes(offset_minutes)).and_utc())
}

/// Appends the signature field and dictionary to `pdf`, with `reserve`
/// bytes of zeros for the CMS.
pub fn prepare(pdf: &[u8], time: DateTime<Utc>, reserve: usize) -> Result<Prepared, SignError> {
    let (doc, page_id) = match partial::load(pdf) {
        Some(loaded) => loaded,
        None => {
            let doc = Document::load_mem(pdf)
                .map_err(|e| pdf_error(format!("het PDF-bestand is onleesbaar: {e}")))?;
            let page_id = *doc
                .get_pages()
                .values()
                .next()
                .ok_or_else(|| pdf_error("het PDF-bestand heeft geen pagina's"))?;
            (doc, page_id)
        }
    };
    prepare_with(pdf, doc, page_id, time, reserve)
}

/// [`prepare`] after reading the whole file, as when the partial reading
/// does not apply: for the tests, which compare the two.
#[cfg(test)]
pub fn prepare_reading_all(
    pdf: &[u8],
    time: DateTime<Utc>,
    reserve: usize,
) -> Result<Prepared, SignError> {
    let doc = Document::load_mem(pdf).map_err(lopdf_error)?;
    let page_id = *doc.get_pages().values().next().expect("a page");
    prepare_with(pdf, doc, page_id, time, reserve)
}

/// Whether [`prepare`] can read `pdf` in part (for the tests).
#[cfg(test)]
pub fn reads_in_part(pdf: &[u8]) -> bool {
    partial::load(pdf).is_some()
}

/// [`prepare`] on `pdf` read as `doc`, with its first page `page_id`.
fn prepare_with(
    pdf: &[u8],
    doc: Document,
    page_id: ObjectId,
    time: DateTime<Utc>,
    reserve: usize,
) -> Result<Prepared, SignError> {
    if doc.is_encrypted() {
        return Err(pdf_error(
            "een versleuteld PDF-bestand wordt niet ondertekend",
        ));
    }
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(lopdf_error)?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), doc);

    let mut signature = Dictionary::new();
    signature.set("Type", Object::Name(b"Sig".to_vec()));
    signature.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    signature.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    signature.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
            Object::Integer(BYTE_RANGE_PLACEHOLDER),
        ]),
    );
    signature.set(
        "Contents",
        Object::String(vec![0; reserve], StringFormat::Hexadecimal),
    );
    signature.set("M", Object::string_literal(pdf_date(time)));
    let signature_id = inc.new_document.add_object(Object::Dictionary(signature));

    let field_name = unique_field_name(inc.get_prev_documents());
    let field = field_name.clone();
    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", Object::string_literal(field_name));
    // The field's description for assistive technology (ISO 14289-1 7.18.1).
    widget.set("TU", Object::string_literal("Digitale handtekening"));
    widget.set("V", Object::Reference(signature_id));
    widget.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    // Print (4) + Locked (128): printed if it were visible, never changed.
    widget.set("F", Object::Integer(132));
    widget.set("P", Object::Reference(page_id));
    let widget_id = inc.new_document.add_object(Object::Dictionary(widget));

    add_annotation(&mut inc, page_id, widget_id)?;
    add_field(&mut inc, catalog_id, widget_id)?;

    let mut bytes = saved(
        &mut inc,
        pdf,
        2 * reserve + 4096,
        "de oorspronkelijke bytes",
    )?;

    let (contents_start, contents_end) = find_contents(&bytes, pdf.len(), reserve)
        .ok_or_else(|| pdf_error("de ruimte voor de handtekening is niet terug te vinden"))?;
    let byte_range = [0, contents_start, contents_end, bytes.len() - contents_end];
    patch_byte_range(&mut bytes, pdf.len(), byte_range)?;
    Ok(Prepared {
        bytes,
        contents_start,
        contents_end,
        byte_range,
        field,
    })
}

impl Prepared {
    /// The two byte ranges the signature covers.
    pub fn signed_bytes(&self) -> [&[u8]; 2] {
        [
            &self.bytes[..self.contents_start],
            &self.bytes[self.contents_end..],
        ]
    }

    /// The `/ByteRange` the signature covers, and the signature field's
    /// name.
    pub fn byte_range(&self) -> ([usize; 4], &str) {
        (self.byte_range, &self.field)
    }

    /// Writes the CMS into `/Contents`; fails if it does not fit.
    pub fn finish(mut self, cms: &[u8]) -> Result<Vec<u8>, SignError> {
        let room = (self.contents_end - self.contents_start - 2) / 2;
        if cms.len() > room {
            return Err(SignError::new(
                Setting::Certificaat,
                format!(
                    "de handtekening ({} bytes) past niet in de gereserveerde ruimte ({room} bytes); \
                     de certificaatketen of de tijdstempel is ongewoon groot",
                    cms.len()
                ),
            ));
        }
        let hex = super::cert::hex(cms).to_ascii_uppercase();
        let start = self.contents_start + 1;
        self.bytes[start..start + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// A field name no existing field has: "Handtekening", else with a number.
fn unique_field_name(doc: &Document) -> String {
    let existing: Vec<Vec<u8>> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"T").ok())
        .filter_map(|t| t.as_str().ok())
        .map(<[u8]>::to_vec)
        .collect();
    let mut name = FIELD_NAME.to_string();
    let mut n = 1;
    while existing.iter().any(|e| e == name.as_bytes()) {
        n += 1;
        name = format!("{FIELD_NAME}{n}");
    }
    name
}

/// Puts the widget in page 1's `/Annots`, and the page's tab order on the
/// structure, as ISO 14289-1 7.18.3 wants on every page with annotations.
fn add_annotation(
    inc: &mut IncrementalDocument,
    page_id: ObjectId,
    widget_id: ObjectId,
) -> Result<(), SignError> {
    inc.opt_clone_object_to_new_document(page_id)
        .map_err(lopdf_error)?;
    let annots = inc
        .new_document
        .get_dictionary(page_id)
        .map_err(lopdf_error)?
        .get(b"Annots")
        .ok()
        .cloned();
    if let Some(array) = appended(inc, annots, widget_id)? {
        page_mut(inc, page_id)?.set("Annots", array);
    }
    let page = page_mut(inc, page_id)?;
    if !page.has(b"Tabs") {
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }
    Ok(())
}

/// Appends a reference to `item` to the array `value` (an `/Annots` or
/// `/Fields` entry). An indirect array is changed in the update, and `None`
/// returned; an inline array, or none, comes back to be set in its place.
fn appended(
    inc: &mut IncrementalDocument,
    value: Option<Object>,
    item: ObjectId,
) -> Result<Option<Object>, SignError> {
    match value {
        Some(Object::Reference(array_id)) => {
            inc.opt_clone_object_to_new_document(array_id)
                .map_err(lopdf_error)?;
            inc.new_document
                .get_object_mut(array_id)
                .and_then(Object::as_array_mut)
                .map_err(lopdf_error)?
                .push(Object::Reference(item));
            Ok(None)
        }
        Some(Object::Array(mut array)) => {
            array.push(Object::Reference(item));
            Ok(Some(Object::Array(array)))
        }
        _ => Ok(Some(Object::Array(vec![Object::Reference(item)]))),
    }
}

fn page_mut(
    inc: &mut IncrementalDocument,
    page_id: ObjectId,
) -> Result<&mut Dictionary, SignError> {
    inc.new_document
        .get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .map_err(lopdf_error)
}

/// Adds the field to the catalog's `/AcroForm` (made if missing) with
/// `/SigFlags 3` (signatures exist, append only) and without
/// `/NeedAppearances`, which PDF/A forbids.
fn add_field(
    inc: &mut IncrementalDocument,
    catalog_id: ObjectId,
    widget_id: ObjectId,
) -> Result<(), SignError> {
    inc.opt_clone_object_to_new_document(catalog_id)
        .map_err(lopdf_error)?;
    let acroform = inc
        .new_document
        .get_dictionary(catalog_id)
        .map_err(lopdf_error)?
        .get(b"AcroForm")
        .ok()
        .cloned();
    let form_id = match acroform {
        Some(Object::Reference(id)) => {
            inc.opt_clone_object_to_new_document(id)
                .map_err(lopdf_error)?;
            Some(id)
        }
        _ => None,
    };
    let mut form = match (&acroform, form_id) {
        (_, Some(id)) => inc
            .new_document
            .get_dictionary(id)
            .map_err(lopdf_error)?
            .clone(),
        (Some(Object::Dictionary(d)), None) => d.clone(),
        _ => Dictionary::new(),
    };
    if let Some(fields) = appended(inc, form.get(b"Fields").ok().cloned(), widget_id)? {
        form.set("Fields", fields);
    }
    form.set("SigFlags", Object::Integer(3));
    form.remove(b"NeedAppearances");
    match form_id {
        Some(id) => inc.new_document.set_object(id, Object::Dictionary(form)),
        None => inc
            .new_document
            .get_object_mut(catalog_id)
            .and_then(Object::as_dict_mut)
            .map_err(lopdf_error)?
            .set("AcroForm", Object::Dictionary(form)),
    }
    Ok(())
}

/// The offsets of `<`…`>` of the zero placeholder, searched after `from`.
fn find_contents(bytes: &[u8], from: usize, reserve: usize) -> Option<(usize, usize)> {
    let len = 2 * reserve + 2;
    let mut at = from;
    while at + len <= bytes.len() {
        let offset = bytes[at..].iter().position(|&b| b == b'<')?;
        let start = at + offset;
        if start + len > bytes.len() {
            return None;
        }
        if bytes[start + len - 1] == b'>'
            && bytes[start + 1..start + len - 1].iter().all(|&b| b == b'0')
        {
            return Some((start, start + len));
        }
        at = start + 1;
    }
    None
}

/// Writes the real `/ByteRange` over its placeholder, padded with spaces to
/// the same width so no offset moves.
fn patch_byte_range(bytes: &mut [u8], from: usize, range: [usize; 4]) -> Result<(), SignError> {
    let needle = format!("[0 {p} {p} {p}]", p = BYTE_RANGE_PLACEHOLDER);
    let start = bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .map(|p| p + from)
        .ok_or_else(|| pdf_error("de plaats van /ByteRange is niet terug te vinden"))?;
    let text = format!("[{} {} {} {}]", range[0], range[1], range[2], range[3]);
    if text.len() > needle.len() {
        return Err(pdf_error("het PDF-bestand is te groot om te ondertekenen"));
    }
    let padded = format!("{text:<width$}", width = needle.len());
    bytes[start..start + needle.len()].copy_from_slice(padded.as_bytes());
    Ok(())
}

/// What a B-LT update stores: DER certificates and CRLs (and OCSP responses,
/// which pto does not fetch yet).
#[derive(Clone, Debug, Default)]
pub struct Dss {
    pub certs: Vec<Vec<u8>>,
    pub crls: Vec<Vec<u8>>,
    pub ocsps: Vec<Vec<u8>>,
}

/// Appends a second incremental update to a signed `pdf` that adds the
/// Document Security Store to the catalog (ETSI EN 319 142-1 5.4.2), and the
/// ESIC developer extension that declares it.
pub fn append_dss(pdf: &[u8], dss: &Dss) -> Result<Vec<u8>, SignError> {
    let doc = Document::load_mem(pdf).map_err(lopdf_error)?;
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(lopdf_error)?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), doc);
    let mut streams = |items: &[Vec<u8>]| -> Vec<Object> {
        items
            .iter()
            .map(|der| {
                let id = inc
                    .new_document
                    .add_object(Object::Stream(Stream::new(Dictionary::new(), der.clone())));
                Object::Reference(id)
            })
            .collect()
    };
    let certs = streams(&dss.certs);
    let crls = streams(&dss.crls);
    let ocsps = streams(&dss.ocsps);
    let mut store = Dictionary::new();
    store.set("Type", Object::Name(b"DSS".to_vec()));
    for (key, items) in [("Certs", certs), ("CRLs", crls), ("OCSPs", ocsps)] {
        if !items.is_empty() {
            store.set(key, Object::Array(items));
        }
    }
    let store_id = inc.new_document.add_object(Object::Dictionary(store));
    inc.opt_clone_object_to_new_document(catalog_id)
        .map_err(lopdf_error)?;
    let catalog = inc
        .new_document
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(lopdf_error)?;
    catalog.set("DSS", Object::Reference(store_id));
    let mut extensions = match catalog.get(b"Extensions") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let mut esic = Dictionary::new();
    esic.set("Type", Object::Name(b"DeveloperExtensions".to_vec()));
    esic.set("BaseVersion", Object::Name(b"1.7".to_vec()));
    esic.set("ExtensionLevel", Object::Integer(1));
    extensions.set("ESIC", Object::Dictionary(esic));
    catalog.set("Extensions", Object::Dictionary(extensions));
    saved(&mut inc, pdf, 16 * 1024, "de ondertekende bytes")
}

/// The incremental update written after `pdf`, which it must leave as it
/// is (`what` names those bytes in the message if not).
fn saved(
    inc: &mut IncrementalDocument,
    pdf: &[u8],
    extra: usize,
    what: &str,
) -> Result<Vec<u8>, SignError> {
    let mut bytes = Vec::with_capacity(pdf.len() + extra);
    inc.save_to(&mut bytes).map_err(|e| {
        pdf_error(format!(
            "het ondertekende PDF-bestand is niet te schrijven: {e}"
        ))
    })?;
    bytes.push(b'\n');
    if !bytes.starts_with(pdf) {
        return Err(pdf_error(format!("{what} zouden veranderen")));
    }
    Ok(bytes)
}

/// Reading only the objects a signature update touches, from a PDF with
/// one classic cross-reference table (as Typst writes it): the catalog, the
/// page tree down to the first page, its annotations, and the AcroForm with
/// its fields. A letter has some 250 objects and parsing them all cost
/// about 1 ms per decision, a third of what signing cost; these few cost a
/// tenth of that. Anything else (an earlier update, a cross-reference
/// stream, an object that is not where the table says) gives `None`, and
/// the whole file is read instead.
mod partial {
    use std::collections::BTreeMap;

    use lopdf::{Document, LoadOptions, Object, ObjectId};

    /// At most this many rounds of following references.
    const MAX_ROUNDS: usize = 16;

    /// The partial document and its first page.
    pub fn load(pdf: &[u8]) -> Option<(Document, ObjectId)> {
        let start = xref_start(pdf)?;
        let (offsets, trailer) = xref(pdf, start)?;
        let header = pdf.get(..pdf.iter().position(|&b| b == b'\n')? + 1)?;
        if !header.starts_with(b"%PDF-") {
            return None;
        }
        let mut raw: BTreeMap<u32, &[u8]> = BTreeMap::new();
        let mut wanted: Vec<ObjectId> = Vec::new();
        let mut page = None;
        let mut doc = None;
        for _ in 0..MAX_ROUNDS {
            for id in wanted.drain(..) {
                if id.1 != 0 {
                    return None;
                }
                if let std::collections::btree_map::Entry::Vacant(slot) = raw.entry(id.0) {
                    slot.insert(object(pdf, *offsets.get(&id.0)?, id.0)?);
                }
            }
            let loaded = mini(header, &raw, trailer)?;
            let next = references(&loaded, &mut page)?;
            let done = next.iter().all(|id| raw.contains_key(&id.0));
            doc = Some(loaded);
            if done {
                break;
            }
            wanted = next;
        }
        let mut doc = doc?;
        doc.xref_start = start;
        Some((doc, page?))
    }

    /// What the loaded objects refer to that preparing needs; the first
    /// page, once it is found.
    fn references(doc: &Document, page: &mut Option<ObjectId>) -> Option<Vec<ObjectId>> {
        let mut next = Vec::new();
        let root = doc.trailer.get(b"Root").ok()?.as_reference().ok()?;
        next.push(root);
        let Ok(catalog) = doc.get_dictionary(root) else {
            return Some(next);
        };
        if catalog.has(b"Encrypt") || doc.trailer.has(b"Encrypt") {
            return None;
        }
        let mut node = catalog.get(b"Pages").ok()?.as_reference().ok()?;
        // Down the page tree by first kids.
        for _ in 0..32 {
            next.push(node);
            let Ok(dict) = doc.get_dictionary(node) else {
                break;
            };
            match dict.get(b"Type").and_then(Object::as_name) {
                Ok(b"Page") => {
                    *page = Some(node);
                    if let Ok(Object::Reference(annots)) = dict.get(b"Annots") {
                        next.push(*annots);
                    }
                    break;
                }
                Ok(b"Pages") => {
                    let kids = match dict.get(b"Kids").ok()? {
                        Object::Array(kids) => kids.clone(),
                        Object::Reference(id) => {
                            next.push(*id);
                            match doc.get_object(*id) {
                                Ok(Object::Array(kids)) => kids.clone(),
                                _ => break,
                            }
                        }
                        _ => return None,
                    };
                    node = kids.first()?.as_reference().ok()?;
                }
                _ => return None,
            }
        }
        if let Ok(form) = catalog.get(b"AcroForm") {
            let form = match form {
                Object::Reference(id) => {
                    next.push(*id);
                    doc.get_dictionary(*id).ok()
                }
                Object::Dictionary(d) => Some(d),
                _ => None,
            };
            if let Some(fields) = form.and_then(|f| f.get(b"Fields").ok()) {
                let fields = match fields {
                    Object::Reference(id) => {
                        next.push(*id);
                        doc.get_object(*id).ok().and_then(|o| o.as_array().ok())
                    }
                    Object::Array(items) => Some(items),
                    _ => None,
                };
                for field in fields.into_iter().flatten() {
                    next.push(field.as_reference().ok()?);
                }
            }
        }
        Some(next)
    }

    /// The offset `startxref` names, pointing at a classic table.
    fn xref_start(pdf: &[u8]) -> Option<usize> {
        let tail_from = pdf.len().saturating_sub(1024);
        let tail = &pdf[tail_from..];
        let at = tail.windows(9).rposition(|w| w == b"startxref")?;
        let text = std::str::from_utf8(&tail[at + 9..]).ok()?;
        let number: String = text
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let start: usize = number.parse().ok()?;
        pdf.get(start..)?.starts_with(b"xref").then_some(start)
    }

    /// The classic table at `start` (object number → offset of its
    /// generation-0 entry in use) and the trailer's text; `None` for an
    /// update (`/Prev`) or anything unexpected.
    fn xref(pdf: &[u8], start: usize) -> Option<(BTreeMap<u32, usize>, &[u8])> {
        let rest = &pdf[start..];
        let trailer_at = rest.windows(7).position(|w| w == b"trailer")?;
        let table = std::str::from_utf8(&rest[4..trailer_at]).ok()?;
        let after = &rest[trailer_at..];
        let end = after.windows(9).position(|w| w == b"startxref")?;
        let trailer = &after[..end];
        if trailer.windows(5).any(|w| w == b"/Prev") || trailer.windows(8).any(|w| w == b"/Encrypt")
        {
            return None;
        }
        let mut offsets = BTreeMap::new();
        let mut lines = table.split(['\n', '\r']).filter(|l| !l.trim().is_empty());
        while let Some(head) = lines.next() {
            let mut parts = head.split_whitespace();
            let first: u32 = parts.next()?.parse().ok()?;
            let count: u32 = parts.next()?.parse().ok()?;
            if parts.next().is_some() || count > 10_000_000 {
                return None;
            }
            for i in 0..count {
                let entry = lines.next()?;
                let mut fields = entry.split_whitespace();
                let offset: usize = fields.next()?.parse().ok()?;
                let generation: u32 = fields.next()?.parse().ok()?;
                match fields.next()? {
                    "n" if generation == 0 => {
                        offsets.insert(first.checked_add(i)?, offset);
                    }
                    "n" | "f" => {}
                    _ => return None,
                }
            }
        }
        Some((offsets, trailer))
    }

    /// The bytes of object `number` at `offset`, `N 0 obj` to `endobj`; none
    /// for a stream (never one of the objects needed) or a mismatch.
    fn object(pdf: &[u8], offset: usize, number: u32) -> Option<&[u8]> {
        let rest = pdf.get(offset..)?;
        let head = format!("{number} 0 obj");
        if !rest.starts_with(head.as_bytes()) {
            return None;
        }
        let end = rest.windows(6).position(|w| w == b"endobj")? + 6;
        let raw = &rest[..end];
        if raw.windows(6).any(|w| w == b"stream") {
            return None;
        }
        Some(raw)
    }

    /// A small PDF of the header, the objects `raw` and the original trailer,
    /// read by lopdf.
    fn mini(header: &[u8], raw: &BTreeMap<u32, &[u8]>, trailer: &[u8]) -> Option<Document> {
        let mut bytes = header.to_vec();
        let mut entries = Vec::new();
        for (number, object) in raw {
            entries.push((*number, bytes.len()));
            bytes.extend_from_slice(object);
            bytes.push(b'\n');
        }
        let start = bytes.len();
        bytes.extend_from_slice(b"xref\n0 1\n0000000000 65535 f\r\n");
        for (number, offset) in entries {
            bytes.extend_from_slice(format!("{number} 1\n{offset:010} 00000 n\r\n").as_bytes());
        }
        bytes.extend_from_slice(trailer);
        bytes.extend_from_slice(format!("startxref\n{start}\n%%EOF\n").as_bytes());
        // A filter (any) spares the check for a whole page tree; lopdf keeps
        // the object itself when the filter answers `Some`.
        fn keep(id: ObjectId, _: &mut Object) -> Option<(ObjectId, Object)> {
            Some((id, Object::Null))
        }
        let doc = Document::load_mem_with_options(
            &bytes,
            LoadOptions {
                strict: true,
                ..LoadOptions::with_filter(keep)
            },
        )
        .ok()?;
        (doc.objects.len() == raw.len()).then_some(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_round_trip_and_honour_offsets() {
        let t = "2026-11-25T14:30:05Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(pdf_date(t), "D:20261125143005+00'00'");
        assert_eq!(parse_pdf_date(pdf_date(t).as_bytes()), Some(t));
        assert_eq!(parse_pdf_date(b"D:20261125153005+01'00'"), Some(t));
        assert_eq!(parse_pdf_date(b"D:20261125143005Z"), Some(t));
        assert_eq!(parse_pdf_date(b"D:2026"), None);
    }

    #[test]
    fn the_byte_range_keeps_its_width() {
        let needle = format!("/ByteRange [0 {p} {p} {p}]", p = BYTE_RANGE_PLACEHOLDER);
        let mut bytes = format!("abc{needle}def").into_bytes();
        let before = bytes.len();
        patch_byte_range(&mut bytes, 0, [0, 10, 20, 30]).unwrap();
        assert_eq!(bytes.len(), before);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("abc/ByteRange [0 10 20 30]"), "{text}");
        assert!(text.ends_with(" def"));
    }
}
