//! The Typst world a letter is compiled in: one fixed layout, the letter's
//! data as `/data.json`, and (for PDF/A-3) the case file as `/dossier.yaml`.
//! Nothing else: every other path is refused, so no case value can make the
//! compiler read a file. Fonts, the standard library and the parsed layout
//! are loaded once per process and shared across threads.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::settings::PdfStandard as Standard;

/// The layout of every letter: fixed Typst that reads `/data.json`.
const LAYOUT: &str = include_str!("letter.typ");

/// The fonts bundled with pto (Noto Sans, SIL Open Font License).
const FONTS: [&[u8]; 4] = [
    include_bytes!("../../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../fonts/NotoSans-BoldItalic.ttf"),
];

fn file_id(path: &str) -> FileId {
    match VirtualPath::new(path) {
        Ok(vpath) => RootedPath::new(VirtualRoot::Project, vpath).intern(),
        Err(_) => unreachable!("fixed virtual paths are valid"),
    }
}

/// What every compilation shares.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    layout: Source,
    layout_id: FileId,
    data_id: FileId,
    case_id: FileId,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONTS
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    let layout_id = file_id("/letter.typ");
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        layout: Source::new(layout_id, LAYOUT.to_string()),
        layout_id,
        data_id: file_id("/data.json"),
        case_id: file_id("/dossier.yaml"),
    }
});

/// One letter's world.
struct LetterWorld<'a> {
    shared: &'a Shared,
    data: Bytes,
    case_file: Option<Bytes>,
    today: Datetime,
}

impl World for LetterWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.shared.layout_id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.layout_id {
            Ok(self.shared.layout.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data_id {
            Ok(self.data.clone())
        } else if id == self.shared.case_id
            && let Some(bytes) = &self.case_file
        {
            Ok(bytes.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Why a letter could not be typeset: a bug in the layout or its data, never
/// the user's input, which only ever arrives as data.
#[derive(Debug, thiserror::Error)]
#[error("de brief kon niet worden opgemaakt: {0}")]
pub struct RenderError(pub String);

/// The date on the letter, as Typst and the PDF metadata see it.
pub fn typst_date(date: chrono::NaiveDate) -> Option<Datetime> {
    use chrono::Datelike;
    Datetime::from_ymd(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
}

/// Typesets one letter to PDF bytes. `data` is the letter's JSON; `case_file`
/// is embedded when the standard is PDF/A-3b. The same inputs always give
/// the same bytes.
pub fn render_pdf(
    data: &[u8],
    case_file: Option<&[u8]>,
    date: chrono::NaiveDate,
    ident: &str,
    standard: Standard,
) -> Result<Vec<u8>, RenderError> {
    let today = typst_date(date).ok_or_else(|| RenderError(format!("ongeldige datum {date}")))?;
    let world = LetterWorld {
        shared: &SHARED,
        data: Bytes::new(data.to_vec()),
        case_file: match standard {
            Standard::A3b => case_file.map(|c| Bytes::new(c.to_vec())),
            Standard::A2b => None,
        },
        today,
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|e| diagnostics(&e))?;
    let archival = match standard {
        Standard::A2b => PdfStandard::A_2b,
        Standard::A3b => PdfStandard::A_3b,
    };
    let standards = PdfStandards::new(&[archival, PdfStandard::Ua_1])
        .map_err(|e| RenderError(e.message().to_string()))?;
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom(ident.to_string()),
        timestamp: Some(Timestamp::new_utc(today)),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|e| diagnostics(&e))
}

fn diagnostics(errors: &[SourceDiagnostic]) -> RenderError {
    let text: Vec<String> = errors
        .iter()
        .map(|d| {
            let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
            if hints.is_empty() {
                d.message.to_string()
            } else {
                format!("{} ({})", d.message, hints.join("; "))
            }
        })
        .collect();
    RenderError(text.join("; "))
}

/// How many letters a batch typesets between calls of [`evict_caches`].
/// Evicting after every letter costs about a millisecond each time; every 8
/// keeps a batch of 1,000 settlements near 150 MB (every 64: near 600 MB).
pub const EVICT_EVERY: usize = 8;

/// Frees Typst's memoization caches of entries unused for `max_age`
/// compilations: keeps memory flat over long batches.
pub fn evict_caches(max_age: usize) {
    typst::comemo::evict(max_age);
}
