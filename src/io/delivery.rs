//! Atomic delivery into a folder that is tokumei's alone.
//!
//! - **Whose folder.** tokumei delivers only into a folder that does not exist, is empty, or holds
//!   an earlier tokumei delivery: its `SHA256SUMS` lists `report.json`, that report was written by
//!   tokumei, and every entry of the folder is one of the files the checksums list, with the size
//!   the report recorded. Anything else is refused before any work ([`inspect`]), and checked
//!   again just before the swap, so a file that appeared during the run is never lost either.
//! - **One run per destination.** A lock file beside the destination (`.NAME.tokumei-lock`, with
//!   the holder's process id) is held for the whole run; a second run is refused and told who
//!   holds it.
//! - **Atomic.** Outputs are written into a staging folder beside the destination (same
//!   filesystem); only when the whole run has succeeded is it swapped into place (Linux: one
//!   `renameat2(RENAME_EXCHANGE)`, so there is no moment without a complete delivery). The
//!   previous delivery is then removed file by file, by the names it listed, never recursively.
//! - **Leftovers.** A run killed with SIGKILL leaves its staging folder; the next run into the
//!   same destination, holding the lock, removes it (or says why it could not). SIGINT and
//!   SIGTERM remove it at once (see `workdir`).

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, shown, shown_path};

const TMP_MARK: &str = ".tokumei-tmp-";

/// The file a staging folder holds from its creation to its commit: what proves the folder
/// tokumei's when a later run finds it left by a killed one.
const STAGING_MARK: &str = ".tokumei-staging";
/// The marker's text.
const STAGING_TEXT: &str = "tokumei staging folder: removed by the next run into its destination\n";

/// Whether `dir` holds the staging marker (a regular file with its text).
fn marked_staging(dir: &Path) -> bool {
    let path = dir.join(STAGING_MARK);
    fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file())
        && fs::read(&path).is_ok_and(|t| t == STAGING_TEXT.as_bytes())
}
const LOCK_MARK: &str = ".tokumei-lock";
/// The files that make a folder recognisable as a tokumei delivery.
pub(crate) const SUMS_FILE: &str = "SHA256SUMS";
pub(crate) const REPORT_FILE: &str = "report.json";
/// What a recipient checks the delivery against (written by `report::manifest`).
pub(crate) const MANIFEST_FILE: &str = "manifest.json";
/// The APPI statements (written by `report::appi`).
pub(crate) const STATEMENT_FILE: &str = "appi_statement.md";
/// The human-readable report (written by `report::html`).
pub(crate) const HTML_FILE: &str = "report.html";
/// The Ed25519 signature of `SHA256SUMS` (a job with `signing-key`).
pub(crate) const SIGNATURE_FILE: &str = "SHA256SUMS.sig";
/// Every file a delivery holds besides the datasets' own: a dataset's output may not take one
/// of these names (its data would be overwritten by the file, or overwrite it).
pub(crate) const RESERVED_FILES: [&str; 6] = [
    SUMS_FILE,
    REPORT_FILE,
    MANIFEST_FILE,
    STATEMENT_FILE,
    HTML_FILE,
    SIGNATURE_FILE,
];

/// Whether `name` is one of [`RESERVED_FILES`], compared without regard to ASCII case (two
/// names that differ only in case are one file on macOS's and Windows' file systems).
pub(crate) fn is_reserved(name: &str) -> bool {
    RESERVED_FILES.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// What the destination holds, as far as tokumei is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination {
    /// Nothing there yet.
    Absent,
    /// An empty folder.
    Empty,
    /// An earlier tokumei delivery: its entries, all written by tokumei, each with the identity
    /// it had when it was inspected (only an entry still identical is ever removed).
    Delivery(BTreeMap<OsString, FileId>),
}

/// A file's identity: device, inode, size and modification time. A file replaced or edited since
/// it was inspected no longer matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileId {
    dev: u64,
    ino: u64,
    len: u64,
    mtime_ns: i128,
}

impl FileId {
    fn of(m: &fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
        }
    }
}

/// The folder that holds `dest` and the name of `dest` in it.
fn split_dest(dest: &Path) -> Result<(PathBuf, String)> {
    let name = dest
        .file_name()
        .ok_or_else(|| {
            Error::job(format!(
                "output folder `{}` has no name of its own (`.`, `..` or `/`); name a folder for \
                 the delivery, e.g. `out/delivery`",
                shown_path(dest)
            ))
        })?
        .to_string_lossy()
        .to_string();
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

fn io_kind(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "not found".into(),
        std::io::ErrorKind::StorageFull => "no space left on the device".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "read-only file system".into(),
        k => k.to_string(),
    }
}

/// Whether the process may create and remove entries in `dir` (as the kernel would decide for
/// this process's effective ids).
fn writable(dir: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; faccessat does not retain it.
    unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) == 0 }
}

/// Reads what `dest` holds, refusing anything tokumei did not write. Writes nothing.
pub(crate) fn inspect(dest: &Path) -> Result<Destination> {
    let (parent, _) = split_dest(dest)?;
    let meta = match fs::symlink_metadata(dest) {
        Ok(m) => m,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            // The nearest existing ancestor must let us create the folders and the staging area.
            let mut anc = parent.as_path();
            loop {
                match fs::metadata(anc) {
                    Ok(m) if m.is_dir() => break,
                    Ok(_) => {
                        return Err(Error::io(format!(
                            "cannot create the output folder `{}`: `{}` is a file, not a folder; \
                             choose another `output-dir` or --out-dir",
                            shown_path(dest),
                            shown_path(anc)
                        )));
                    }
                    Err(_) => match anc.parent() {
                        Some(p) if !p.as_os_str().is_empty() => anc = p,
                        _ => {
                            anc = Path::new(".");
                            break;
                        }
                    },
                }
            }
            if !writable(anc) {
                return Err(Error::io(format!(
                    "cannot create the output folder `{}`: `{}` is not writable; choose another \
                     `output-dir` or --out-dir, or fix its permissions",
                    shown_path(dest),
                    shown_path(anc)
                )));
            }
            return Ok(Destination::Absent);
        }
        Err(e) => {
            return Err(Error::io(format!(
                "cannot look at the output folder `{}`: {}",
                shown_path(dest),
                io_kind(&e)
            )));
        }
    };
    if meta.file_type().is_symlink() {
        return Err(Error::io(format!(
            "output `{}` is a symbolic link; give the folder it points to as `output-dir` or \
             --out-dir (tokumei replaces the folder itself and would replace the link)",
            shown_path(dest)
        )));
    }
    if !meta.is_dir() {
        return Err(Error::io(format!(
            "output `{}` exists and is not a folder; choose another `output-dir` or --out-dir",
            shown_path(dest)
        )));
    }
    if mount_point(&meta, &parent) {
        return Err(Error::io(format!(
            "output folder `{}` is a mount point (another file system is mounted on it); tokumei \
             delivers by renaming a finished folder into its place, which a mount point cannot \
             take. Give a folder inside it as `output-dir` or --out-dir (e.g. --out-dir \
             {}/delivery); nothing was written",
            shown_path(dest),
            shown_path(dest),
        )));
    }
    for (what, dir) in [
        ("output folder", dest),
        ("folder holding the output", &parent),
    ] {
        if !writable(dir) {
            return Err(Error::io(format!(
                "the {what} `{}` is not writable; fix its permissions or choose another \
                 `output-dir` or --out-dir",
                shown_path(dir)
            )));
        }
    }
    let entries: BTreeSet<OsString> = fs::read_dir(dest)
        .and_then(|rd| rd.map(|e| e.map(|e| e.file_name())).collect())
        .map_err(|e| {
            Error::io(format!(
                "cannot list the output folder `{}`: {}",
                shown_path(dest),
                io_kind(&e)
            ))
        })?;
    if entries.is_empty() {
        return Ok(Destination::Empty);
    }
    let ours = delivery_files(dest);
    let foreign: Vec<&OsString> = match &ours {
        Some(ours) => entries.iter().filter(|e| !ours.contains_key(*e)).collect(),
        None => entries.iter().collect(),
    };
    if foreign.is_empty() {
        return Ok(Destination::Delivery(ours.unwrap_or_default()));
    }
    const LISTED: usize = 5;
    let mut names: Vec<String> = foreign
        .iter()
        .take(LISTED)
        .map(|n| {
            let n = n.to_string_lossy();
            let dir = dest.join(&*n).is_dir();
            format!("`{}{}`", shown(&n), if dir { "/" } else { "" })
        })
        .collect();
    if foreign.len() > LISTED {
        names.push(format!("and {} more", foreign.len() - LISTED));
    }
    // A delivery whose files no longer match its checksums: say so, rather than call each of
    // its files someone else's.
    let looks_delivered = [REPORT_FILE, SUMS_FILE]
        .iter()
        .all(|f| entries.contains(&OsString::from(f)));
    if ours.is_none() && looks_delivered {
        return Err(Error::io(format!(
            "output folder `{}` holds what looks like an earlier tokumei delivery ({}), but its \
             files no longer match its `{SUMS_FILE}` and `{REPORT_FILE}` (a file was edited, \
             replaced or added after delivery, or the checksums were changed), so tokumei cannot \
             tell its own files from others' and deletes nothing. `tokumei verify {}` names what \
             differs; move the folder away or choose a new one (e.g. --out-dir {}/delivery); \
             nothing was written",
            shown_path(dest),
            names.join(", "),
            shown_path(dest),
            shown_path(dest),
        )));
    }
    let what = if ours.is_some() {
        "an earlier tokumei delivery and also entries tokumei did not write"
    } else {
        "entries tokumei did not write"
    };
    Err(Error::io(format!(
        "output folder `{}` holds {what}: {}; tokumei delivers only into a folder that does not \
         exist, is empty, or holds an earlier tokumei delivery, and never deletes what it did not \
         write. Choose a new folder (e.g. --out-dir {}/delivery) or move those entries away; \
         nothing was written",
        shown_path(dest),
        names.join(", "),
        shown_path(dest),
    )))
}

/// Whether the folder whose metadata is `dir` is a mount point: its file system is not its
/// parent's. Renaming over it fails (`EBUSY`, or `EXDEV` for the staging beside it), which a
/// run would learn only after all its work.
#[cfg(unix)]
fn mount_point(dir: &fs::Metadata, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    fs::metadata(parent).is_ok_and(|p| p.dev() != dir.dev())
}

#[cfg(not(unix))]
fn mount_point(_dir: &fs::Metadata, _parent: &Path) -> bool {
    false
}

/// Whether the file at `path` reads to the SHA-256 `want` (hex), streamed.
fn hashes_to(path: &Path, want: &str) -> bool {
    use sha2::Digest as _;
    let Ok(mut f) = File::open(path) else {
        return false;
    };
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    hex::encode(h.finalize()).eq_ignore_ascii_case(want)
}

/// The entries of an earlier tokumei delivery in `dir`, or `None` when `dir` does not hold one.
///
/// The proof rests on `report.json`, which only tokumei writes: `SHA256SUMS` lists it with its
/// checksum, it says it was written by tokumei, and it names the data files with their size and
/// checksum. Each data file must be a regular file listed in `SHA256SUMS` with the report's
/// checksum, of the report's size, not modified after the report was written, and its bytes
/// must hash to that checksum. The files tokumei owns are exactly those: `report.json`,
/// `SHA256SUMS` and the report's data files. (Size and time alone would take a user's file of
/// the same size copied over one with its older time kept, `cp -p` or `rsync -a` from a
/// backup, for tokumei's, and the next run would delete it: every data file is read once.)
fn delivery_files(dir: &Path) -> Option<BTreeMap<OsString, FileId>> {
    const MAX_SUMS: u64 = 1 << 20;
    const MAX_REPORT: u64 = 64 << 20;
    let regular = |name: &str| {
        fs::symlink_metadata(dir.join(name))
            .ok()
            .filter(|m| m.file_type().is_file())
    };
    let mut sums_text = String::new();
    regular(SUMS_FILE)?;
    File::open(dir.join(SUMS_FILE))
        .ok()?
        .take(MAX_SUMS)
        .read_to_string(&mut sums_text)
        .ok()?;
    let mut sums: BTreeMap<String, String> = BTreeMap::new();
    for line in sums_text.lines() {
        let (hash, name) = line.split_once("  ")?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        sums.insert(name.to_string(), hash.to_ascii_lowercase());
    }
    let report_meta = regular(REPORT_FILE)?;
    let mut report = Vec::new();
    File::open(dir.join(REPORT_FILE))
        .ok()?
        .take(MAX_REPORT)
        .read_to_end(&mut report)
        .ok()?;
    if hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&report)) != *sums.get(REPORT_FILE)? {
        return None;
    }
    let report: serde_json::Value = serde_json::from_slice(&report).ok()?;
    if report.pointer("/tool/name")?.as_str()? != "tokumei" {
        return None;
    }
    let report_mtime = report_meta.modified().ok()?;
    let mut ours = BTreeMap::new();
    ours.insert(OsString::from(REPORT_FILE), FileId::of(&report_meta));
    ours.insert(OsString::from(SUMS_FILE), FileId::of(&regular(SUMS_FILE)?));
    for d in report.get("datasets")?.as_array()? {
        let file = d.pointer("/output/file")?.as_str()?;
        let bytes = d.pointer("/output/bytes")?.as_u64()?;
        let sha = d.pointer("/output/sha256")?.as_str()?;
        let plain = !file.is_empty() && !file.contains(['/', '\\', '\0']) && !file.starts_with('.');
        if !plain || sums.get(file).map(String::as_str) != Some(sha) {
            return None;
        }
        // A data file removed by hand is fine (nothing to remove); one replaced or edited is not
        // tokumei's any more.
        if let Ok(m) = fs::symlink_metadata(dir.join(file)) {
            let edited = m.modified().ok().is_none_or(|t| t > report_mtime);
            if !m.file_type().is_file() || m.len() != bytes || edited {
                return None;
            }
            if !hashes_to(&dir.join(file), sha) {
                return None;
            }
            ours.insert(OsString::from(file), FileId::of(&m));
        }
    }
    // The manifest, the APPI statement and the HTML report (deliveries since they exist) are
    // tokumei's when the checksums list them.
    for name in [MANIFEST_FILE, STATEMENT_FILE, HTML_FILE] {
        let Some(want) = sums.get(name) else { continue };
        let m = regular(name)?;
        let mut text = Vec::new();
        File::open(dir.join(name))
            .ok()?
            .take(MAX_REPORT)
            .read_to_end(&mut text)
            .ok()?;
        if hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&text)) != *want {
            return None;
        }
        ours.insert(OsString::from(name), FileId::of(&m));
    }
    // The signature is tokumei's when it is the signature of these checksums by the key the
    // report names; any other file of that name is someone else's (and stays).
    if let Some(m) = regular(SIGNATURE_FILE) {
        let public: Option<[u8; 32]> = report
            .pointer("/signature/public_key")
            .and_then(|k| k.as_str())
            .and_then(|k| hex::decode(k).ok())
            .and_then(|k| k.try_into().ok());
        let mut sig = Vec::new();
        let read = File::open(dir.join(SIGNATURE_FILE))
            .and_then(|f| f.take(1024).read_to_end(&mut sig))
            .is_ok();
        if read
            && public.is_some_and(|p| crate::keys::signature_holds(&p, sums_text.as_bytes(), &sig))
        {
            ours.insert(OsString::from(SIGNATURE_FILE), FileId::of(&m));
        }
    }
    // Every name the checksums list must be one of tokumei's.
    if sums
        .keys()
        .any(|n| n != SUMS_FILE && !ours.contains_key(std::ffi::OsStr::new(n)))
    {
        return None;
    }
    Some(ours)
}

/// A destination held for one run: no other tokumei run may write it meanwhile.
#[derive(Debug)]
struct DestLock {
    path: PathBuf,
    file: File,
}

impl DestLock {
    fn take(parent: &Path, name: &str, dest: &Path) -> Result<DestLock> {
        let path = parent.join(format!(".{name}{LOCK_MARK}"));
        loop {
            use std::os::unix::fs::OpenOptionsExt;
            let mut file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                // Not through a link; and a FIFO of that name is read without waiting for a
                // writer (then refused below as no regular file), not forever.
                .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
                .open(&path)
                .map_err(|e| {
                    Error::io(format!(
                        "cannot create the lock file `{}`: {}",
                        shown_path(&path),
                        io_kind(&e)
                    ))
                })?;
            // Only tokumei's own lock file (empty, or a killed run's `PID tokumei`) is used.
            let mut text = String::new();
            let _ = (&file).take(64).read_to_string(&mut text);
            let ours = file.metadata().is_ok_and(|m| m.file_type().is_file())
                && (text.is_empty() || is_lock_text(&text));
            if !ours {
                return Err(Error::io(format!(
                    "`{}` exists beside the output folder and is not tokumei's lock file; move it \
                     away or choose another output folder",
                    shown_path(&path)
                )));
            }
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let pid = text
                        .split_whitespace()
                        .next()
                        .filter(|p| p.chars().all(|c| c.is_ascii_digit()))
                        .unwrap_or("unknown");
                    return Err(Error::io(format!(
                        "another tokumei run (process {pid}) is writing `{}`; wait for it to \
                         finish or choose another output folder",
                        shown_path(dest)
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io(format!(
                        "cannot lock `{}`: {}",
                        shown_path(&path),
                        io_kind(&e)
                    )));
                }
            }
            // The holder we waited on may have removed the file after we opened it: the lock is
            // only ours if the path still names the file we locked.
            use std::os::unix::fs::MetadataExt;
            let same = match (file.metadata(), fs::metadata(&path)) {
                (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
                _ => false,
            };
            if !same {
                continue;
            }
            // Rewritten from the start (reading it moved the offset).
            use std::io::Seek;
            let _ = file.set_len(0);
            let _ = file.seek(std::io::SeekFrom::Start(0));
            let _ = writeln!(file, "{} tokumei", std::process::id());
            return Ok(DestLock { path, file });
        }
    }
}

/// What a lock file holds: `PID tokumei`.
fn is_lock_text(text: &str) -> bool {
    text.strip_suffix(" tokumei\n")
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

impl Drop for DestLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other run can hold a lock on a stale file.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Staging folders of dead runs beside `dest`: `(path, removed)`; with `remove`, they are removed
/// (the caller holds the destination's lock, so no live run owns them).
fn leftovers(dest: &Path, remove: bool) -> Result<Vec<(PathBuf, Option<String>)>> {
    let (parent, name) = split_dest(dest)?;
    let prefix = format!(".{name}{TMP_MARK}");
    let Ok(entries) = fs::read_dir(&parent) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let fname = e.file_name().to_string_lossy().to_string();
        // Exactly `.NAME.tokumei-tmp-PID-HEX12` (or its `.old` during a fallback swap), and a
        // real folder: nothing else is ever taken for a staging folder.
        let Some(id) = fname.strip_prefix(&prefix) else {
            continue;
        };
        let id = id.strip_suffix(".old").unwrap_or(id);
        let well_formed = id.split_once('-').is_some_and(|(pid, rnd)| {
            !pid.is_empty()
                && pid.bytes().all(|b| b.is_ascii_digit())
                && rnd.len() == 12
                && rnd.bytes().all(|b| b.is_ascii_hexdigit())
        });
        let is_dir = fs::symlink_metadata(e.path()).is_ok_and(|m| m.file_type().is_dir());
        if !well_formed || !is_dir {
            continue;
        }
        let path = e.path();
        // Removed whole only when its marker proves it tokumei's staging folder; a previous
        // delivery set aside during a swap (`.old`) file by file, by the names it lists;
        // anything else of that name is kept (a user's folder named like one).
        let problem = if !remove {
            None
        } else if marked_staging(&path) {
            crate::io::workdir::remove_dir(&path)
                .err()
                .map(|e| io_kind(&e))
        } else if let Some(files) = delivery_files(&path) {
            for name in files.keys() {
                let _ = fs::remove_file(path.join(name));
            }
            fs::remove_dir(&path).err().map(|e| io_kind(&e))
        } else {
            Some("it is not marked as tokumei's staging folder, so it was kept".into())
        };
        out.push((path, problem));
    }
    Ok(out)
}

/// Staging folders of dead runs into other destinations in `parent` (a nightly job's
/// `output-dir = "…/{date}"` names another folder every night, so a killed run's staging
/// folder, with the decoded raw inputs it held, would never be a later run's own leftover):
/// each is removed when its marker proves it tokumei's and its destination's lock is free (no
/// live run owns it). Returns what was removed, and what could not be.
fn others_leftovers(parent: &Path, own: &str) -> Vec<(PathBuf, Option<String>)> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut names = BTreeSet::new();
    for e in entries.flatten() {
        let fname = e.file_name().to_string_lossy().to_string();
        if let Some(rest) = fname.strip_prefix('.')
            && let Some(at) = rest.rfind(TMP_MARK)
            && at > 0
            && &rest[..at] != own
        {
            names.insert(rest[..at].to_string());
        }
    }
    let mut out = Vec::new();
    for name in names {
        let dest = parent.join(&name);
        let has_marked = leftovers(&dest, false)
            .map(|l| l.iter().any(|(p, _)| marked_staging(p)))
            .unwrap_or(false);
        if !has_marked {
            continue;
        }
        // Held by a live run (or not tokumei's lock file): left alone.
        let Ok(_lock) = DestLock::take(parent, &name, &dest) else {
            continue;
        };
        if let Ok(removed) = leftovers(&dest, true) {
            out.extend(removed.into_iter().filter(|(_, problem)| problem.is_none()));
        }
    }
    out
}

/// What `check` says about a destination: its state and any leftovers of dead runs.
pub(crate) fn preflight(dest: &Path) -> Result<(Destination, usize)> {
    let state = inspect(dest)?;
    let n = leftovers(dest, false)?.len();
    Ok((state, n))
}

/// A delivery being written. Dropping it without `commit` removes the staging folder.
#[derive(Debug)]
pub(crate) struct Staging {
    dest: PathBuf,
    tmp: PathBuf,
    /// The staging folder's mode as the umask made it, before it was restricted.
    created_mode: u32,
    committed: bool,
    _lock: DestLock,
}

impl Staging {
    /// Checks the destination, takes its lock, removes leftovers of dead runs and creates the
    /// staging folder beside `dest` (so the final rename stays on one filesystem).
    pub(crate) fn begin(dest: &Path) -> Result<Staging> {
        inspect(dest)?;
        let (parent, name) = split_dest(dest)?;
        fs::create_dir_all(&parent).map_err(|e| {
            Error::io(format!(
                "cannot create the folder `{}` for the output: {}",
                shown_path(&parent),
                io_kind(&e)
            ))
        })?;
        let lock = DestLock::take(&parent, &name, dest)?;
        let theirs = others_leftovers(&parent, &name);
        for (path, problem) in leftovers(dest, true)?.into_iter().chain(theirs) {
            match problem {
                None => tracing::info!(
                    "note: removed `{}`, left by an earlier run that was killed",
                    shown_path(&path)
                ),
                Some(p) => tracing::warn!(
                    "cannot remove `{}`, left by an earlier run that was killed ({p}); \
                     remove it by hand",
                    shown_path(&path)
                ),
            }
        }
        let mut rnd = [0u8; 6];
        getrandom::fill(&mut rnd)
            .map_err(|e| Error::io(format!("no randomness from the OS: {e}")))?;
        let tmp = parent.join(format!(
            ".{name}{TMP_MARK}{}-{}",
            std::process::id(),
            hex::encode(rnd)
        ));
        fs::create_dir(&tmp).map_err(|e| {
            Error::io(format!(
                "cannot create the staging folder `{}`: {}",
                shown_path(&tmp),
                io_kind(&e)
            ))
        })?;
        crate::io::workdir::register(&tmp);
        // Only this user may enter it while it holds raw data (decoded copies of the inputs):
        // the mode it was created with (the umask's) is the delivery's when no folder was
        // there before.
        let created_mode = fs::metadata(&tmp).map_or(0o755, |m| m.permissions().mode() & 0o7777);
        fs::set_permissions(&tmp, fs::Permissions::from_mode(0o700)).map_err(|e| {
            Error::io(format!(
                "cannot restrict the staging folder `{}`: {}",
                shown_path(&tmp),
                io_kind(&e)
            ))
        })?;
        fs::write(tmp.join(STAGING_MARK), STAGING_TEXT).map_err(|e| {
            Error::io(format!(
                "cannot write in the staging folder `{}`: {}",
                shown_path(&tmp),
                io_kind(&e)
            ))
        })?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            tmp,
            created_mode,
            committed: false,
            _lock: lock,
        })
    }

    /// Where to write a file of the delivery.
    pub(crate) fn path(&self, file: &str) -> PathBuf {
        self.tmp.join(file)
    }

    #[cfg(test)]
    pub(crate) fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Puts the delivery in place, replacing an earlier one in one step. Returns a warning when
    /// the earlier delivery could not be removed completely.
    pub(crate) fn commit(mut self) -> Result<Option<String>> {
        // Holding the registry: a signal now waits until the swap is done.
        let mut live = crate::io::workdir::registry();
        // The marker is no file of the delivery.
        let _ = fs::remove_file(self.tmp.join(STAGING_MARK));
        sync_dir(&self.tmp);
        // Checked again: the folder may have changed while the run was working.
        let state = inspect(&self.dest)?;
        let mut warning = None;
        // The delivery's folder takes the mode, owner and group of the folder it replaces (a
        // partner's pickup folder, group-owned and setgid), else the umask's mode.
        let before = fs::metadata(&self.dest).ok();
        let mode = before
            .as_ref()
            .map_or(self.created_mode, |m| m.permissions().mode() & 0o7777);
        if let Some(m) = &before {
            let (uid, gid) = (m.uid(), m.gid());
            let now = fs::metadata(&self.tmp).map_err(|e| {
                Error::io(format!(
                    "cannot read `{}`: {}",
                    shown_path(&self.tmp),
                    io_kind(&e)
                ))
            })?;
            if (now.uid(), now.gid()) != (uid, gid)
                && std::os::unix::fs::chown(&self.tmp, Some(uid), Some(gid)).is_err()
                && std::os::unix::fs::chown(&self.tmp, None, Some(gid)).is_err()
            {
                warning = Some(format!(
                    "`{}` was owned by user {uid} and group {gid}; this user cannot give the \
                     new delivery's folder that owner or group: check who can read it",
                    shown_path(&self.dest)
                ));
            }
        }
        fs::set_permissions(&self.tmp, fs::Permissions::from_mode(mode)).map_err(|e| {
            Error::io(format!(
                "cannot set the mode of `{}`: {}",
                shown_path(&self.tmp),
                io_kind(&e)
            ))
        })?;
        match state {
            Destination::Absent => {
                fs::rename(&self.tmp, &self.dest).map_err(|e| {
                    Error::io(format!(
                        "cannot move the delivery into `{}`: {}",
                        shown_path(&self.dest),
                        io_kind(&e)
                    ))
                })?;
                crate::io::workdir::mark_delivered(&live);
            }
            Destination::Empty | Destination::Delivery(_) => {
                exchange(&self.tmp, &self.dest)?;
                crate::io::workdir::mark_delivered(&live);
                // `tmp` now holds the previous delivery: remove exactly the files tokumei wrote,
                // each only if it is still the file that was inspected.
                let ours = match state {
                    Destination::Delivery(n) => n,
                    _ => BTreeMap::new(),
                };
                for (name, id) in &ours {
                    let path = self.tmp.join(name);
                    if fs::symlink_metadata(&path).is_ok_and(|m| FileId::of(&m) == *id) {
                        let _ = fs::remove_file(&path);
                    }
                }
                if fs::remove_dir(&self.tmp).is_err() {
                    // Something tokumei did not write arrived meanwhile: keep it, under a name
                    // that no later run removes.
                    // The delivery is in place: nothing may fail from here (an error would
                    // have the staging folder, which now holds those entries, removed).
                    let secs = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs());
                    let kept = split_dest(&self.dest).ok().map(|(parent, name)| {
                        parent.join(format!(
                            ".{name}.tokumei-previous-{secs}-{}",
                            std::process::id()
                        ))
                    });
                    let at = match kept {
                        Some(kept) if fs::rename(&self.tmp, &kept).is_ok() => kept,
                        _ => self.tmp.clone(),
                    };
                    warning = Some(format!(
                        "the previous delivery's folder held entries tokumei did not write (added \
                         while this run worked); they were kept in `{}`: move them where they \
                         belong",
                        shown_path(&at)
                    ));
                }
            }
        }
        live.retain(|p| p != &self.tmp);
        drop(live);
        if let Some(p) = self.dest.parent() {
            sync_dir(p);
        }
        self.committed = true;
        Ok(warning)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = crate::io::workdir::remove_dir(&self.tmp);
            crate::io::workdir::unregister(&self.tmp);
        }
    }
}

fn sync_dir(p: &Path) {
    if let Ok(f) = File::open(p) {
        let _ = f.sync_all();
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())
        .map_err(|_| Error::io("path contains a NUL byte"))?;
    let cb = CString::new(b.as_os_str().as_bytes())
        .map_err(|_| Error::io("path contains a NUL byte"))?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 does not retain them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    // Filesystems without RENAME_EXCHANGE: fall back to two renames.
    if matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
        return exchange_fallback(a, b);
    }
    Err(Error::io(format!(
        "cannot swap the delivery into `{}`: {}",
        shown_path(b),
        io_kind(&err)
    )))
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    exchange_fallback(a, b)
}

/// Two renames: the old delivery moves aside, the new one into place, the old one to `a`.
fn exchange_fallback(a: &Path, b: &Path) -> Result<()> {
    let mut aside = a.as_os_str().to_owned();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    if fs::symlink_metadata(&aside).is_ok() {
        return Err(Error::io(format!(
            "cannot swap the delivery into `{}`: `{}` is in the way",
            shown_path(b),
            shown_path(&aside)
        )));
    }
    fs::rename(b, &aside).map_err(|e| {
        Error::io(format!(
            "cannot move `{}` aside: {}",
            shown_path(b),
            io_kind(&e)
        ))
    })?;
    if let Err(e) = fs::rename(a, b) {
        let _ = fs::rename(&aside, b);
        return Err(Error::io(format!(
            "cannot move the delivery into `{}`: {}",
            shown_path(b),
            io_kind(&e)
        )));
    }
    fs::rename(&aside, a).map_err(|e| {
        Error::io(format!(
            "cannot clean up `{}`: {}",
            shown_path(&aside),
            io_kind(&e)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal delivery as `run` writes it: data files, report.json, SHA256SUMS.
    fn write_delivery(dir: &Path, files: &[(&str, &str)]) {
        fs::create_dir_all(dir).unwrap();
        let sha = |b: &[u8]| hex::encode(<sha2::Sha256 as sha2::Digest>::digest(b));
        let mut sums = String::new();
        let mut datasets = Vec::new();
        for (n, body) in files {
            fs::write(dir.join(n), body).unwrap();
            sums.push_str(&format!("{}  {n}\n", sha(body.as_bytes())));
            datasets.push(serde_json::json!({"output": {"file": n, "bytes": body.len(), "sha256": sha(body.as_bytes())}}));
        }
        let report = serde_json::json!({"tool": {"name": "tokumei"}, "datasets": datasets});
        let report = report.to_string();
        fs::write(dir.join(REPORT_FILE), &report).unwrap();
        sums.push_str(&format!("{}  {REPORT_FILE}\n", sha(report.as_bytes())));
        fs::write(dir.join(SUMS_FILE), sums).unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_replaces_a_delivery_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        let s = Staging::begin(&dest).unwrap();
        write_delivery(s.dir(), &[("a.txt", "one")]);
        assert_eq!(s.commit().unwrap(), None);
        assert_eq!(fs::read_to_string(dest.join("a.txt")).unwrap(), "one");
        // A signal from now on lets the run end as delivered (see `workdir`).
        assert!(crate::io::workdir::delivered());

        let s = Staging::begin(&dest).unwrap();
        fs::write(s.path("a.txt"), "two").unwrap();
        drop(s); // a failed run
        assert_eq!(fs::read_to_string(dest.join("a.txt")).unwrap(), "one");

        let s = Staging::begin(&dest).unwrap();
        write_delivery(s.dir(), &[("b.txt", "three")]);
        assert_eq!(s.commit().unwrap(), None);
        assert!(!dest.join("a.txt").exists());
        assert_eq!(fs::read_to_string(dest.join("b.txt")).unwrap(), "three");
        // Nothing but the delivery is left beside it: no staging folder, no lock.
        assert_eq!(names(dir.path()), vec!["out"]);
    }

    #[test]
    fn a_folder_with_foreign_entries_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("docs");
        fs::create_dir(&dest).unwrap();
        fs::write(dest.join("thesis.docx"), "mine").unwrap();
        let err = Staging::begin(&dest).unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Io);
        assert!(err.to_string().contains("`thesis.docx`"), "{err}");
        assert_eq!(names(&dest), vec!["thesis.docx"]);
        assert_eq!(names(dir.path()), vec!["docs"], "nothing created beside it");
    }

    #[test]
    fn a_delivery_with_an_added_or_changed_file_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        write_delivery(&dest, &[("a.parquet", "data")]);
        assert!(matches!(inspect(&dest).unwrap(), Destination::Delivery(_)));
        fs::write(dest.join("notes.txt"), "a user's note").unwrap();
        assert!(inspect(&dest).is_err());
        fs::remove_file(dest.join("notes.txt")).unwrap();
        // A data file whose size is not what the report says was changed by someone else.
        fs::write(dest.join("a.parquet"), "edited data").unwrap();
        assert!(inspect(&dest).is_err());
        // A report that is not tokumei's.
        write_delivery(&dest, &[("a.parquet", "data")]);
        fs::write(dest.join(REPORT_FILE), "{}").unwrap();
        assert!(inspect(&dest).is_err());
        // A user's file of the same size copied over a data file with an older time kept
        // (`cp -p`, `rsync -a` from a backup): its bytes are not the report's.
        write_delivery(&dest, &[("a.parquet", "data")]);
        fs::write(dest.join("a.parquet"), "DATA").unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        File::options()
            .write(true)
            .open(dest.join("a.parquet"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert!(inspect(&dest).is_err());
        let s = Staging::begin(&dest);
        assert!(s.is_err());
        assert_eq!(fs::read(dest.join("a.parquet")).unwrap(), b"DATA");
    }

    #[test]
    fn a_file_appearing_during_the_run_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        write_delivery(&dest, &[("a.txt", "one")]);
        let s = Staging::begin(&dest).unwrap();
        write_delivery(s.dir(), &[("a.txt", "two")]);
        fs::write(dest.join("late.txt"), "written meanwhile").unwrap();
        assert!(s.commit().is_err());
        assert_eq!(
            fs::read_to_string(dest.join("late.txt")).unwrap(),
            "written meanwhile"
        );
        assert_eq!(fs::read_to_string(dest.join("a.txt")).unwrap(), "one");
        assert_eq!(names(dir.path()), vec!["out"]);
    }

    #[test]
    fn symlinks_files_and_nameless_destinations_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(
            inspect(&link)
                .unwrap_err()
                .to_string()
                .contains("symbolic link")
        );
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        assert!(
            inspect(&file)
                .unwrap_err()
                .to_string()
                .contains("not a folder")
        );
        assert!(
            inspect(&file.join("sub"))
                .unwrap_err()
                .to_string()
                .contains("is a file")
        );
        assert!(inspect(Path::new("/")).is_err());
        assert!(inspect(Path::new("..")).is_err());
    }

    #[test]
    fn a_second_run_into_the_same_destination_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        let first = Staging::begin(&dest).unwrap();
        let err = Staging::begin(&dest).unwrap_err().to_string();
        assert!(err.contains("another tokumei run"), "{err}");
        assert!(err.contains(&std::process::id().to_string()), "{err}");
        drop(first);
        drop(Staging::begin(&dest).unwrap());
    }

    #[test]
    fn staging_of_a_dead_run_is_removed_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        let stale = dir.path().join(".out.tokumei-tmp-1-0123456789ab");
        fs::create_dir_all(stale.join("inner")).unwrap();
        fs::write(stale.join("inner/x"), "x").unwrap();
        fs::write(stale.join(STAGING_MARK), STAGING_TEXT).unwrap();
        assert_eq!(preflight(&dest).unwrap(), (Destination::Absent, 1));
        let live = Staging::begin(&dest).unwrap();
        assert!(!stale.exists());
        assert!(live.dir().exists());
    }

    #[test]
    fn checksums_cannot_claim_a_users_file() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        write_delivery(&dest, &[("a.parquet", "data")]);
        // A recipient adds a file and rewrites SHA256SUMS to list it.
        fs::write(dest.join("notes.docx"), "mine").unwrap();
        let mut sums = fs::read_to_string(dest.join(SUMS_FILE)).unwrap();
        sums.push_str(&format!("{}  notes.docx\n", "0".repeat(64)));
        fs::write(dest.join(SUMS_FILE), sums).unwrap();
        let err = inspect(&dest).unwrap_err().to_string();
        assert!(err.contains("notes.docx"), "{err}");
    }

    #[test]
    fn a_data_file_changed_after_the_report_is_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        write_delivery(&dest, &[("a.parquet", "data")]);
        // Same size, written later.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(dest.join("a.parquet"), "DATA").unwrap();
        assert!(inspect(&dest).is_err());
    }

    #[test]
    fn a_foreign_file_or_link_at_the_lock_path_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        let lock = dir.path().join(".out.tokumei-lock");
        fs::write(&lock, "a user's notes").unwrap();
        let err = Staging::begin(&dest).unwrap_err().to_string();
        assert!(err.contains("not tokumei's lock file"), "{err}");
        assert_eq!(fs::read_to_string(&lock).unwrap(), "a user's notes");
        fs::remove_file(&lock).unwrap();
        let target = dir.path().join("target.txt");
        fs::write(&target, "precious").unwrap();
        std::os::unix::fs::symlink(&target, &lock).unwrap();
        assert!(Staging::begin(&dest).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
        // A killed run's lock (`PID tokumei`) is reused, and holds this run's id exactly.
        // A FIFO of that name is refused at once, not read forever.
        fs::remove_file(&lock).unwrap();
        let fifo = std::ffi::CString::new(lock.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert!(Staging::begin(&dest).is_err());
        fs::remove_file(&lock).unwrap();
        fs::write(&lock, "12345 tokumei\n").unwrap();
        let s = Staging::begin(&dest).unwrap();
        assert_eq!(
            fs::read_to_string(&lock).unwrap(),
            format!("{} tokumei\n", std::process::id())
        );
        drop(s);
    }

    /// The staging folder, which holds raw decoded inputs while a run works, is this user's
    /// alone; the delivery's folder takes the mode of the folder it replaces (a partner's
    /// pickup folder, group-readable and setgid), or the umask's when there was none.
    #[test]
    fn staging_is_private_and_the_delivery_keeps_the_folders_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("pickup");
        fs::create_dir(&dest).unwrap();
        fs::set_permissions(&dest, fs::Permissions::from_mode(0o2750)).unwrap();
        let s = Staging::begin(&dest).unwrap();
        assert_eq!(mode(s.dir()), 0o700);
        write_delivery(s.dir(), &[("a.parquet", "data")]);
        s.commit().unwrap();
        assert_eq!(mode(&dest), 0o2750);
        assert!(!dest.join(STAGING_MARK).exists());
        let fresh = dir.path().join("fresh");
        let s = Staging::begin(&fresh).unwrap();
        let created = s.created_mode;
        write_delivery(s.dir(), &[("a.parquet", "data")]);
        s.commit().unwrap();
        assert_eq!(
            mode(&fresh),
            created,
            "the umask's mode, not the staging folder's"
        );
    }

    /// A killed run's staging folder for another destination in the same folder (a nightly
    /// job's `…/{date}`) is removed by the next run, when marked and not held by a live run.
    #[test]
    fn a_mount_point_is_refused_before_any_work() {
        // `/proc` is a file system of its own on Linux; a folder inside a temporary one is not.
        let proc_mounted = Path::new("/proc/self").exists()
            && fs::metadata("/proc")
                .map(|m| {
                    use std::os::unix::fs::MetadataExt;
                    m.dev()
                })
                .ok()
                != fs::metadata("/")
                    .map(|m| {
                        use std::os::unix::fs::MetadataExt;
                        m.dev()
                    })
                    .ok();
        if proc_mounted {
            let e = inspect(Path::new("/proc")).unwrap_err().to_string();
            assert!(
                e.contains("is a mount point") && e.contains("nothing was written"),
                "{e}"
            );
        }
        let tmp = tempfile::tempdir().unwrap();
        let inside = tmp.path().join("out");
        fs::create_dir(&inside).unwrap();
        assert!(!mount_point(&fs::metadata(&inside).unwrap(), tmp.path()));
        assert!(matches!(inspect(&inside).unwrap(), Destination::Empty));
    }

    #[test]
    fn staging_of_a_dead_run_into_another_folder_is_removed_too() {
        let dir = tempfile::tempdir().unwrap();
        let yesterday = dir.path().join(".2026-12-06.tokumei-tmp-1-0123456789ab");
        fs::create_dir_all(yesterday.join(".decoded")).unwrap();
        fs::write(yesterday.join(".decoded/in.csv"), "raw").unwrap();
        fs::write(yesterday.join(STAGING_MARK), STAGING_TEXT).unwrap();
        // Another destination's live run: its staging stays.
        let live = Staging::begin(&dir.path().join("2026-12-05")).unwrap();
        let unmarked = dir.path().join(".notes.tokumei-tmp-2-0123456789ab");
        fs::create_dir(&unmarked).unwrap();
        fs::write(unmarked.join("thesis.docx"), "mine").unwrap();
        let s = Staging::begin(&dir.path().join("2026-12-07")).unwrap();
        assert!(!yesterday.exists());
        assert!(live.dir().exists());
        assert_eq!(fs::read(unmarked.join("thesis.docx")).unwrap(), b"mine");
        drop(s);
        drop(live);
    }

    #[test]
    fn only_well_formed_staging_folders_are_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        for name in [
            ".out.tokumei-tmp-mine",
            ".out.tokumei-tmp-12-abc",
            ".out.tokumei-tmp-1-0123456789ab.bak",
        ] {
            fs::create_dir(dir.path().join(name)).unwrap();
        }
        fs::write(
            dir.path().join(".out.tokumei-tmp-7-0123456789ab"),
            "a file, not a folder",
        )
        .unwrap();
        let real = dir.path().join(".out.tokumei-tmp-7-abcdefabcdef");
        fs::create_dir(&real).unwrap();
        fs::write(real.join(STAGING_MARK), STAGING_TEXT).unwrap();
        fs::create_dir(real.join(".decoded")).unwrap();
        fs::write(real.join(".decoded/in.csv"), "raw").unwrap();
        // Named like one, but not marked: a user's folder, kept with what it holds.
        let users = dir.path().join(".out.tokumei-tmp-8-abcdefabcdef");
        fs::create_dir(&users).unwrap();
        fs::write(users.join("thesis.docx"), "mine").unwrap();
        assert_eq!(preflight(&dest).unwrap().1, 2);
        drop(Staging::begin(&dest).unwrap());
        assert!(!real.exists());
        assert_eq!(fs::read(users.join("thesis.docx")).unwrap(), b"mine");
        assert_eq!(names(dir.path()).len(), 5, "{:?}", names(dir.path()));
    }
}
