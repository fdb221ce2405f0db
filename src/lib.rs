//! tokumei (匿名): a batch anonymiser for a Japanese e-commerce shop's customer exports and web
//! access logs. The binary (`src/main.rs`) calls [`main`]; the only other public item is the
//! [`fuzz`] module, the entry points of the cargo-fuzz targets in `fuzz/`. Everything else is
//! crate-private and lives in the modules below (see the README's Architecture section).

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

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    streaming_pipelines();
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
