//! tokumei (匿名): a batch anonymiser for a Japanese e-commerce shop's customer exports and web
//! access logs. `main` only parses the command line, runs it and maps the outcome to an exit code;
//! everything else lives in the modules below.

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
mod report;
mod risk;
mod transform;
mod verify;

#[cfg(test)]
mod never_panics;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
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
            eprintln!("error: {err}");
            ExitCode::from(err.kind.code())
        }
    }
}
