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

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
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
