//! Folders a run must not leave behind: the staging folder of a delivery and the private
//! temporary folders that hold decoded copies of inputs (raw personal data). Each is registered
//! while it exists; SIGINT and SIGTERM remove every registered folder before the process exits
//! with 128 + the signal's number, as shells do. (SIGKILL cannot be caught: the next run into the
//! same destination removes a staging folder; temporary folders are named `tokumei-*` in the
//! system's temporary folder.)

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result, shown_path};

static REGISTERED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The registry, locked: a delivery holds it while it swaps the staging folder into place, so
/// a signal arriving then waits for the swap to finish.
pub(crate) fn registry() -> MutexGuard<'static, Vec<PathBuf>> {
    REGISTERED.lock().unwrap_or_else(|p| p.into_inner())
}

pub(crate) fn register(path: &Path) {
    registry().push(path.to_path_buf());
}

pub(crate) fn unregister(path: &Path) {
    registry().retain(|p| p != path);
}

/// Removes a folder tokumei made (its files may be read-only: a previous delivery whose
/// permissions a user tightened is made writable first, since tokumei wrote it).
pub(crate) fn remove_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if std::fs::remove_dir_all(path).is_ok() {
        return Ok(());
    }
    fn open_up(p: &Path) {
        if let Ok(m) = std::fs::symlink_metadata(p)
            && m.is_dir()
        {
            let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o700));
            if let Ok(rd) = std::fs::read_dir(p) {
                for e in rd.flatten() {
                    open_up(&e.path());
                }
            }
        }
    }
    open_up(path);
    std::fs::remove_dir_all(path)
}

/// Installs the SIGINT/SIGTERM handler (a thread of its own, via signal-hook).
pub(crate) fn install_signal_handlers() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let guard = registry();
            for p in guard.iter() {
                let _ = remove_dir(p);
            }
            if !guard.is_empty() {
                eprintln!("interrupted: the run was stopped and nothing was delivered");
            }
            std::process::exit(128 + sig);
        }
    });
}

/// A private temporary folder (mode 0700) for decoded copies of inputs, removed when dropped
/// or when the process is interrupted.
#[derive(Debug)]
pub(crate) struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub(crate) fn new(purpose: &str) -> Result<TempDir> {
        use std::os::unix::fs::DirBuilderExt;
        let mut rnd = [0u8; 6];
        getrandom::fill(&mut rnd)
            .map_err(|e| Error::io(format!("no randomness from the OS: {e}")))?;
        let path = std::env::temp_dir().join(format!("tokumei-{purpose}-{}", hex::encode(rnd)));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| {
                Error::io(format!(
                    "cannot create a temporary folder `{}`: {}",
                    shown_path(&path),
                    e.kind()
                ))
            })?;
        register(&path);
        Ok(TempDir { path })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = remove_dir(&self.path);
        unregister(&self.path);
    }
}
