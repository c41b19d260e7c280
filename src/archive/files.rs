//! Files in the archive, handled with suspicion: a symbolic link is never
//! followed (it could lead a decision out of the archive, or a register
//! line into a case file), only regular files are read (a FIFO would wait
//! forever, `/dev/zero` never ends), every read is bounded, and a rename is
//! made durable by syncing the folder that holds it.

use std::fs::{self, File, OpenOptions};
use std::io::Read as _;
use std::path::Path;

/// The largest PDF pto reads back (`verify`, or issuing again): its own
/// letters are a few hundred kilobytes.
pub const MAX_PDF_BYTES: u64 = 50 * 1024 * 1024;

/// The largest MDTO record pto reads back: its own are a few kilobytes.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// Why a file in the archive was not read.
#[derive(Debug)]
pub enum Refused {
    Missing,
    /// A symbolic link: not followed.
    Symlink,
    /// A folder, FIFO, device or socket: what it is, in Dutch.
    NotRegular(&'static str),
    /// Larger than the limit (its size).
    TooLarge(u64),
    Io(std::io::Error),
}

impl Refused {
    /// In Dutch, to follow the file's name.
    pub fn message(&self) -> String {
        match self {
            Refused::Missing => "bestaat niet".into(),
            Refused::Symlink => {
                "is een symbolische koppeling; pto volgt die in het archief niet".into()
            }
            Refused::NotRegular(kind) => format!("is geen gewoon bestand maar {kind}"),
            Refused::TooLarge(size) => format!(
                "is te groot voor een bestand van pto ({:.1} MB)",
                *size as f64 / 1_048_576.0
            ),
            Refused::Io(e) => format!("kan niet worden gelezen ({e})"),
        }
    }
}

impl From<std::io::Error> for Refused {
    fn from(e: std::io::Error) -> Refused {
        match e.kind() {
            std::io::ErrorKind::NotFound => Refused::Missing,
            _ if is_loop(&e) => Refused::Symlink,
            _ => Refused::Io(e),
        }
    }
}

/// The error `O_NOFOLLOW` gives on a symbolic link.
fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = e;
        false
    }
}

/// Opens `path` with `options`, never through a symbolic link at its last
/// component (`O_NOFOLLOW` on Linux; elsewhere the link is looked for just
/// before), and without blocking on a FIFO.
pub fn open(path: &Path, options: &mut OpenOptions) -> Result<File, Refused> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    #[cfg(not(target_os = "linux"))]
    if is_symlink(path) {
        return Err(Refused::Symlink);
    }
    Ok(options.open(path)?)
}

/// The bytes of the regular file at `path`, at most `max`; the type is
/// checked on the opened file, so it cannot be swapped in between.
pub fn read(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    let file = open(path, OpenOptions::new().read(true))?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(kind(&meta)));
    }
    if meta.len() > max {
        return Err(Refused::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, in words.
pub fn kind(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "een map";
    }
    if t.is_symlink() {
        return "een symbolische koppeling";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "een named pipe (FIFO)";
        }
        if t.is_block_device() || t.is_char_device() {
            return "een apparaat";
        }
        if t.is_socket() {
            return "een socket";
        }
    }
    "een bijzonder bestand"
}

pub fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A folder of the archive: created when missing (its parent must exist),
/// refused when it is a symbolic link or no folder. Whether it was created.
pub fn folder(path: &Path) -> Result<bool, Refused> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Refused::Symlink),
        Ok(meta) if meta.is_dir() => Ok(false),
        Ok(meta) => Err(Refused::NotRegular(kind(&meta))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match fs::create_dir(path) {
            Ok(()) => Ok(true),
            // Another process made it in between: look again.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => folder(path),
            Err(e) => Err(Refused::Io(e)),
        },
        Err(e) => Err(Refused::Io(e)),
    }
}

/// Makes the names in `folder` durable: a rename or a new file is on disk
/// once its folder is synced. Only where the file system needs it (Unix);
/// elsewhere a no-op.
pub fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn links_fifos_and_large_files_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.pdf"), b"%PDF").unwrap();
        std::os::unix::fs::symlink(d.join("a.pdf"), d.join("link.pdf")).unwrap();
        assert_eq!(read(&d.join("a.pdf"), 10).unwrap(), b"%PDF");
        assert!(matches!(
            read(&d.join("a.pdf"), 3),
            Err(Refused::TooLarge(4))
        ));
        assert!(matches!(
            read(&d.join("link.pdf"), 10),
            Err(Refused::Symlink)
        ));
        assert!(matches!(
            read(&d.join("nope.pdf"), 10),
            Err(Refused::Missing)
        ));
        assert!(matches!(read(d, 10), Err(Refused::NotRegular("een map"))));
        let fifo = d.join("fifo.pdf");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert!(matches!(
            read(&fifo, 10),
            Err(Refused::NotRegular("een named pipe (FIFO)"))
        ));
        assert!(matches!(
            read(Path::new("/dev/zero"), 10),
            Err(Refused::NotRegular("een apparaat"))
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_that_is_a_link_is_refused_and_a_missing_one_made() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert!(folder(&d.join("Z-1")).unwrap());
        assert!(!folder(&d.join("Z-1")).unwrap());
        std::os::unix::fs::symlink(d.join("Z-1"), d.join("Z-2")).unwrap();
        assert!(matches!(folder(&d.join("Z-2")), Err(Refused::Symlink)));
        sync_folder(d).unwrap();
    }
}
