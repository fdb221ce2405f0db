//! Atomic delivery. Outputs are written into a temporary folder beside the destination; only when
//! the whole run has succeeded is it swapped into place (Linux: one `renameat2(RENAME_EXCHANGE)`,
//! so there is no moment without a complete delivery). On error the temporary folder is removed;
//! if the process is killed, the next run removes it (its lock is no longer held).

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const TMP_MARK: &str = ".tokumei-tmp-";

/// A delivery being written. Dropping it without `commit` removes the temporary folder.
#[derive(Debug)]
pub(crate) struct Staging {
    dest: PathBuf,
    tmp: PathBuf,
    lock_path: PathBuf,
    _lock: File,
    committed: bool,
}

fn sibling_prefix(dest: &Path) -> Result<(PathBuf, String)> {
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dest
        .file_name()
        .ok_or_else(|| Error::job(format!("output folder `{}` has no name", dest.display())))?
        .to_string_lossy()
        .to_string();
    Ok((parent, format!(".{name}{TMP_MARK}")))
}

/// Removes temporary folders that earlier, killed runs left beside `dest`.
pub(crate) fn clean_stale(dest: &Path) -> Result<usize> {
    let (parent, prefix) = sibling_prefix(dest)?;
    let Ok(entries) = fs::read_dir(&parent) else {
        return Ok(0);
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        if rest.ends_with(".lock") {
            continue;
        }
        let lock_path = parent.join(format!("{name}.lock"));
        let stale = match File::options().read(true).write(true).open(&lock_path) {
            // A lock we can take belongs to no running process.
            Ok(f) => f.try_lock().is_ok(),
            // No lock file: stale unless it is brand new (a run that is just starting).
            Err(_) => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 60),
        };
        if stale {
            let _ = fs::remove_dir_all(e.path());
            let _ = fs::remove_file(&lock_path);
            removed += 1;
        }
    }
    Ok(removed)
}

impl Staging {
    /// Creates the temporary folder beside `dest` (so the final rename stays on one filesystem).
    pub(crate) fn begin(dest: &Path) -> Result<Staging> {
        let (parent, prefix) = sibling_prefix(dest)?;
        fs::create_dir_all(&parent).map_err(|e| {
            Error::io(format!(
                "cannot create the folder `{}` for the output: {}",
                parent.display(),
                e.kind()
            ))
        })?;
        clean_stale(dest)?;
        let mut rnd = [0u8; 6];
        getrandom::fill(&mut rnd)
            .map_err(|e| Error::io(format!("no randomness from the OS: {e}")))?;
        let id = format!("{}-{}", std::process::id(), hex::encode(rnd));
        let tmp = parent.join(format!("{prefix}{id}"));
        let lock_path = parent.join(format!("{prefix}{id}.lock"));
        let lock = File::create(&lock_path).map_err(|e| {
            Error::io(format!(
                "cannot create `{}`: {}",
                lock_path.display(),
                e.kind()
            ))
        })?;
        lock.lock().map_err(|e| {
            Error::io(format!(
                "cannot lock `{}`: {}",
                lock_path.display(),
                e.kind()
            ))
        })?;
        fs::create_dir(&tmp).map_err(|e| {
            Error::io(format!(
                "cannot create the staging folder `{}`: {}",
                tmp.display(),
                e.kind()
            ))
        })?;
        Ok(Staging {
            dest: dest.to_path_buf(),
            tmp,
            lock_path,
            _lock: lock,
            committed: false,
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

    /// Puts the delivery in place, replacing an earlier one in one step.
    pub(crate) fn commit(mut self) -> Result<()> {
        sync_dir(&self.tmp);
        if self.dest.exists() {
            if !self.dest.is_dir() {
                return Err(Error::io(format!(
                    "output `{}` exists and is not a folder; remove it or choose another `output-dir`",
                    self.dest.display()
                )));
            }
            exchange(&self.tmp, &self.dest)?;
            // `tmp` now holds the previous delivery.
            let _ = fs::remove_dir_all(&self.tmp);
        } else {
            fs::rename(&self.tmp, &self.dest).map_err(|e| {
                Error::io(format!(
                    "cannot move the delivery into `{}`: {}",
                    self.dest.display(),
                    e.kind()
                ))
            })?;
        }
        if let Some(p) = self.dest.parent() {
            sync_dir(p);
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
        let _ = fs::remove_file(&self.lock_path);
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
        b.display(),
        err.kind()
    )))
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    exchange_fallback(a, b)
}

/// Two renames: the old delivery moves aside, the new one into place, the old one to `a`.
fn exchange_fallback(a: &Path, b: &Path) -> Result<()> {
    let aside = a.with_extension("old");
    fs::rename(b, &aside)
        .map_err(|e| Error::io(format!("cannot move `{}` aside: {}", b.display(), e.kind())))?;
    if let Err(e) = fs::rename(a, b) {
        let _ = fs::rename(&aside, b);
        return Err(Error::io(format!(
            "cannot move the delivery into `{}`: {}",
            b.display(),
            e.kind()
        )));
    }
    fs::rename(&aside, a).map_err(|e| {
        Error::io(format!(
            "cannot clean up `{}`: {}",
            aside.display(),
            e.kind()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        let s = Staging::begin(&dest).unwrap();
        fs::write(s.path("a.txt"), "one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(dest.join("a.txt")).unwrap(), "one");

        let s = Staging::begin(&dest).unwrap();
        fs::write(s.path("a.txt"), "two").unwrap();
        drop(s); // a failed run
        assert_eq!(fs::read_to_string(dest.join("a.txt")).unwrap(), "one");

        let s = Staging::begin(&dest).unwrap();
        fs::write(s.path("b.txt"), "three").unwrap();
        s.commit().unwrap();
        assert!(!dest.join("a.txt").exists());
        assert_eq!(fs::read_to_string(dest.join("b.txt")).unwrap(), "three");
        // Nothing but the delivery is left beside it.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    }

    #[test]
    fn stale_staging_of_a_dead_run_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        let stale = dir.path().join(".out.tokumei-tmp-1-abc");
        fs::create_dir(&stale).unwrap();
        fs::write(dir.path().join(".out.tokumei-tmp-1-abc.lock"), "").unwrap();
        assert_eq!(clean_stale(&dest).unwrap(), 1);
        assert!(!stale.exists());
        // A live run's staging (lock held) is left alone.
        let live = Staging::begin(&dest).unwrap();
        assert_eq!(clean_stale(&dest).unwrap(), 0);
        assert!(live.dir().exists());
    }
}
