//! tokumei (匿名): a batch anonymiser for a Japanese e-commerce shop's customer exports and web
//! access logs. The binary (`src/main.rs`) calls [`main`]; the only other public item is the
//! [`fuzz`] module, the entry points of the cargo-fuzz targets in `fuzz/`. Everything else is
//! crate-private and lives in the modules below (see the README's Architecture section).

/// `println!` for what a command prints for the user, without its panic when stdout is a
/// closed pipe (`tokumei run … | head -1`): the work is done (a delivery is in place) and the
/// exit code must say so, not 101.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod classify;
mod cli;
mod cmd;
mod detect;
mod error;
mod io;
mod job;
mod jp;
mod keys;
#[cfg(test)]
mod layers;
mod log;
mod report;
mod risk;
mod sharded;
mod transform;
mod verify;

#[cfg(test)]
mod never_panics;

pub mod fuzz;

use std::process::ExitCode;

/// The environment variable that sets how many pipelines polars' streaming engine runs (and the
/// size of its thread pool).
const POLARS_MAX_THREADS: &str = "POLARS_MAX_THREADS";

/// Runs polars' streaming engine with two more pipelines than cores, unless
/// `POLARS_MAX_THREADS` says otherwise. polars evaluates a pipeline's expressions on a pool of
/// blocking threads and the pipeline waits for them, so with one pipeline per core the 2-core
/// machine's pass 1 kept only 1.5 cores busy. Measured on the 10M-row partner job (2 cores):
/// 2 pipelines 41.5/40.8 s, 3 39.2/38.6 s, 4 37.4/36.4 s; peak heap 502/527, 577/590 and
/// 645/642 MiB. Two more pipelines cost two more batches in flight on any machine.
fn streaming_pipelines() {
    if std::env::var_os(POLARS_MAX_THREADS).is_none() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        // SAFETY: the first thing the process does, before any other thread exists.
        unsafe { std::env::set_var(POLARS_MAX_THREADS, (cores + 2).to_string()) }
    }
}

/// glibc's environment variable for its count of malloc arenas.
const MALLOC_ARENA_MAX: &str = "MALLOC_ARENA_MAX";

/// Caps glibc's malloc arenas at one per core, unless `MALLOC_ARENA_MAX` says otherwise. By
/// default glibc gives threads up to eight arenas per core, and polars' and rayon's threads
/// (more threads than cores) each free into the arena they allocated from: pages freed in one
/// arena are not reused by another, so the heap held what every arena had once needed. On the
/// 10M-row partner job (2 cores) the peak heap (RssAnon) went from 757–792 to 494–581 MiB, and
/// on the 30M-row job from 979–987 to 762 MiB, with no loss of speed (BENCHMARKS.md).
fn malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os(MALLOC_ARENA_MAX).is_none() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets a limit glibc reads when a thread next needs an arena; called
        // first thing, before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}

/// The environment variable that sets how many bytes polars' line source reads at a time (the
/// NDJSON and line readers share it).
const POLARS_LINE_READ_SIZE: &str = "POLARS_FORCE_NDJSON_READ_SIZE";

/// Bytes per read of polars' line source, so per batch of pass 1 (`io::lines`), unless
/// `POLARS_FORCE_NDJSON_READ_SIZE` says otherwise. polars' own choice grows to 512 KiB, about
/// 1,900 lines of an access log, and every batch pays for its own expression calls, distinct
/// value maps, User-Agent parses and allocations: on the 3M-row partner job 2 MiB took the CPU
/// time from 18.1 to 15.2 s (medians of three pairs; BENCHMARKS.md). Bigger batches hold more
/// in flight: pass 1's heap at 10M rows went from about 250 to 410-450 MiB, under the gate's
/// peak at 30M; 4 MiB held 550-600 MiB and was no faster, 8 MiB was slower.
const LINE_READ_BYTES: usize = 2 << 20;

fn line_read_size() {
    if std::env::var_os(POLARS_LINE_READ_SIZE).is_none() {
        // SAFETY: at start-up, before any other thread exists (see `streaming_pipelines`).
        unsafe { std::env::set_var(POLARS_LINE_READ_SIZE, LINE_READ_BYTES.to_string()) }
    }
}

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    malloc_arenas();
    streaming_pipelines();
    line_read_size();
    let args = <cli::Cli as clap::Parser>::parse();
    args.init_logging();
    io::workdir::install_signal_handlers();
    // A file size limit (`ulimit -f`) must fail the write with an error tokumei reports, not
    // kill the process.
    // SAFETY: setting a signal's disposition to ignore at start-up, before any thread writes.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    match cli::dispatch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if log::is_json() {
                tracing::error!(exit_code = err.kind.code(), "{err}");
            } else {
                eprintln!("error: {err}");
            }
            ExitCode::from(err.kind.code())
        }
    }
}
