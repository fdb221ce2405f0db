//! Folders a run must not leave behind: the staging folder of a delivery and the private
//! temporary folders that hold decoded copies of inputs (raw personal data). Each is registered
//! while it exists; SIGINT and SIGTERM remove every registered folder before the process exits
//! with 128 + the signal's number, as shells do. (SIGKILL cannot be caught: the next run into the
//! same destination removes a staging folder; temporary folders are named `tokumei-*` in the
//! system's temporary folder.)
//!
//! polars maps the files it reads into memory. When a file shrinks while it is read (a log
//! rotated with logrotate's `copytruncate`, a file rewritten in place), reading a page past its
//! new end raises SIGBUS, which would kill the process and leave these folders behind. A bus
//! error removes them too, names the input that shrank (see [`watch_inputs`]) and exits with 3,
//! the code of an input that could not be read.

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

/// Installs the SIGINT/SIGTERM handler (a thread of its own, via signal-hook) and the SIGBUS
/// handler (see the module's documentation).
pub(crate) fn install_signal_handlers() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    install_bus_handler();
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        // The thread keeps taking signals, so that one after the delivery is not left to
        // signal-hook's handler alone.
        for sig in signals.forever() {
            let guard = registry();
            match stop_code(sig, delivered()) {
                None => {
                    // The signal waited for the swap (see `registry`), and the delivery is in
                    // place: the run ends as delivered, as it was about to, rather than saying
                    // otherwise.
                    drop(guard);
                    eprintln!(
                        "a signal arrived while the delivery was put in place: it is in place, and the run ends as delivered"
                    );
                }
                Some(code) => {
                    remove_registered(&guard);
                    if !guard.is_empty() {
                        eprintln!("interrupted: the run was stopped and nothing was delivered");
                    }
                    std::process::exit(code);
                }
            }
        }
    });
}

/// Removes the registered folders. Threads of the run may still be writing into them, so a
/// folder that is not empty yet once it was emptied is tried again, a few times.
fn remove_registered(registered: &[PathBuf]) {
    for p in registered {
        for attempt in 0..5 {
            if remove_dir(p).is_ok() || !p.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20 << attempt));
        }
    }
}

/// Set once a delivery is in place (by the swap, holding [`registry`]): a signal after it no
/// longer stops the run as undelivered.
static DELIVERED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Called by the swap, holding the registry, once the delivery is in place.
pub(crate) fn mark_delivered(_registry: &MutexGuard<'static, Vec<PathBuf>>) {
    DELIVERED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Whether a delivery of this process is in place.
pub(crate) fn delivered() -> bool {
    DELIVERED.load(std::sync::atomic::Ordering::SeqCst)
}

/// The exit code SIGINT or SIGTERM (`sig`) stops the run with, as shells report it; `None` once
/// the delivery is in place (the run then ends as delivered).
fn stop_code(sig: i32, delivered: bool) -> Option<i32> {
    (!delivered).then_some(128 + sig)
}

/// The files a command reads, with their sizes when it started: (dataset, when the file is a
/// run's input; file; bytes).
static INPUTS: Mutex<Vec<(Option<String>, PathBuf, u64)>> = Mutex::new(Vec::new());

/// Records the inputs a run reads and their sizes now, so that a bus error can name the one
/// that shrank.
pub(crate) fn watch_inputs(files: impl Iterator<Item = (String, PathBuf)>) {
    watch(files.map(|(dataset, f)| (Some(dataset), f)));
}

/// [`watch_inputs`] for the files a command other than `run` reads (`scan`, `risk`, `verify`,
/// `check`): a bus error names the file that shrank, with no dataset.
pub(crate) fn watch_files<'a>(files: impl IntoIterator<Item = &'a Path>) {
    watch(files.into_iter().map(|f| (None, f.to_path_buf())));
}

fn watch(files: impl Iterator<Item = (Option<String>, PathBuf)>) {
    let mut inputs = INPUTS.lock().unwrap_or_else(|p| p.into_inner());
    for (dataset, f) in files {
        if let Ok(m) = std::fs::metadata(&f) {
            inputs.push((dataset, f, m.len()));
        }
    }
}

/// What a bus error says: the input that shrank, or what may have caused it.
fn bus_error_message() -> String {
    let inputs = INPUTS.lock().unwrap_or_else(|p| p.into_inner());
    let shrank = inputs
        .iter()
        .find(|(_, f, bytes)| std::fs::metadata(f).map_or(true, |m| m.len() < *bytes));
    let run = inputs.iter().any(|(d, _, _)| d.is_some());
    bus_message(shrank.map(|(d, f, _)| (d.as_deref(), f.as_path())), run)
}

/// [`bus_error_message`] for the file that shrank (with its dataset, for a run), if one did;
/// `run`: whether the command is a run (which delivers nothing then).
fn bus_message(shrank: Option<(Option<&str>, &Path)>, run: bool) -> String {
    match shrank {
        Some((Some(dataset), f)) => format!(
            "dataset `{dataset}`: input `{}` shrank while tokumei read it (it was truncated or rewritten in place, as logrotate's `copytruncate` does); nothing was delivered. Run again once the file is complete: rotate logs by renaming them (logrotate without `copytruncate`), or copy the input first and anonymise the copy",
            shown_path(f)
        ),
        Some((None, f)) => format!(
            "`{}` shrank while tokumei read it (it was truncated or rewritten in place, as logrotate's `copytruncate` does); the command stopped and its results are not shown or written. Run again once the file is complete, or on a copy of it",
            shown_path(f)
        ),
        None if run => "a file tokumei was reading could not be read any more (a bus error: the file was truncated or rewritten while it was read, or its disk failed); nothing was delivered. Run again once the inputs are complete and no other process writes them".to_string(),
        None => "a file tokumei was reading could not be read any more (a bus error: the file was truncated or rewritten while it was read, or its disk failed); the command stopped. Run again once the files are complete and no other process writes them".to_string(),
    }
}

/// The write end of the pipe the SIGBUS handler wakes the cleanup thread with.
static BUS_PIPE: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

/// The SIGBUS handler: wakes the cleanup thread (only `write(2)`, which is async-signal-safe).
/// A fault must not return (the faulting read would fault again): its thread waits for the
/// cleanup thread to end the process. A SIGBUS sent with `kill` returns.
extern "C" fn on_bus(_: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
    let fd = BUS_PIPE.load(std::sync::atomic::Ordering::Relaxed);
    let byte = 1u8;
    // SAFETY: writing one byte from the stack to a pipe, keeping the interrupted code's errno;
    // `info` is the kernel's.
    unsafe {
        let errno = *libc::__errno_location();
        libc::write(fd, (&raw const byte).cast(), 1);
        // Sent with kill(2), tkill(2) or sigqueue(3) (SI_FROMUSER): no fault to return into.
        if info.is_null() || (*info).si_code <= 0 {
            *libc::__errno_location() = errno;
            return;
        }
        loop {
            libc::pause();
        }
    }
}

/// Installs [`on_bus`] and the thread it wakes, which removes the registered folders, reports
/// the error and exits with 3.
fn install_bus_handler() {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: a pipe into a two-element array.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return;
    }
    let [read_end, write_end] = fds;
    BUS_PIPE.store(write_end, std::sync::atomic::Ordering::Relaxed);
    std::thread::spawn(move || {
        let mut byte = 0u8;
        loop {
            // SAFETY: reading one byte into the stack from the pipe made above.
            let n = unsafe { libc::read(read_end, (&raw mut byte).cast(), 1) };
            if n == 1 {
                break;
            }
            if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        let msg = bus_error_message();
        let guard = registry();
        if delivered() {
            // Only a SIGBUS sent with kill(2) can wait for the swap: nothing reads a mapped
            // input then. The delivery is in place.
            drop(guard);
            eprintln!(
                "a bus error signal arrived while the delivery was put in place: it is in place, and the run ends as delivered"
            );
            return;
        }
        remove_registered(&guard);
        let code = crate::error::ErrorKind::Io.code();
        if crate::log::is_json() {
            tracing::error!(exit_code = code, "{msg}");
        } else {
            eprintln!("error: {msg}");
        }
        std::process::exit(i32::from(code));
    });
    // SAFETY: a handler that only writes to a pipe and waits; installed before the command runs.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_bus as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
    }
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

#[cfg(test)]
mod tests {
    /// A bus error names the file that shrank, with its dataset in a run, and never a value.
    #[test]
    fn a_bus_error_names_the_file_that_shrank() {
        let f = std::path::Path::new("/data/access_log.csv");
        let run = super::bus_message(Some((Some("access_log"), f)), true);
        assert!(run.starts_with("dataset `access_log`: input `/data/access_log.csv` shrank"));
        assert!(run.contains("nothing was delivered"));
        let scan = super::bus_message(Some((None, f)), false);
        assert!(scan.starts_with("`/data/access_log.csv` shrank"), "{scan}");
        assert!(!scan.contains("delivered"), "{scan}");
        assert!(super::bus_message(None, true).contains("nothing was delivered"));
        assert!(!super::bus_message(None, false).contains("delivered"));
    }

    #[test]
    fn a_stop_signal_before_the_swap_exits_as_shells_do_and_after_it_lets_the_run_end() {
        assert_eq!(super::stop_code(libc::SIGTERM, false), Some(143));
        assert_eq!(super::stop_code(libc::SIGINT, false), Some(130));
        assert_eq!(super::stop_code(libc::SIGTERM, true), None);
    }
}
