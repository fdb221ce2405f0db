//! The command line. Names here are a contract: schedulers and users' scripts call them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::Result;

const AFTER_HELP: &str = "\
Exit codes:
  0  done
  1  risk thresholds not met (nothing delivered)
  2  usage or job file error
  3  input or I/O error
  4  identifier found in the output by the delivery check (nothing delivered)

Example:
  tokumei check jobs/partner_delivery.toml
  tokumei run jobs/partner_delivery.toml --out-dir /srv/deliveries/acme-2026-11";

/// tokumei (匿名): anonymise a shop's customer exports and access logs for delivery to third
/// parties, under Japan's APPI (匿名加工情報 / 仮名加工情報).
#[derive(Debug, Parser)]
#[command(name = "tokumei", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a job: read the inputs, apply every column's rule, write the delivery folder.
    ///
    /// Outputs are written to a temporary folder beside the destination and moved into place only
    /// when the whole run succeeded; on any error the destination is left as it was.
    #[command(after_help = "Example:
  # anonymous delivery for a data partner (fresh key per run, never stored)
  tokumei run jobs/partner_delivery.toml

  # pseudonymous delivery with the shop's kept key
  export TOKUMEI_KEY=$(cat /etc/tokumei/key.hex)
  tokumei run jobs/internal_analytics.toml --out-dir out/analytics-2026-11

  # validate and show the plan without writing anything
  tokumei run jobs/partner_delivery.toml --dry-run")]
    Run {
        /// The job file (TOML).
        job: PathBuf,
        /// Write the delivery here instead of the job's `output-dir`.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// Validate the job against the inputs and print the plan; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Validate a job against the real inputs' schemas and print the plan; write nothing.
    ///
    /// Exits 0 only if `tokumei run` would start: every input column has a rule, every rule and
    /// parameter is valid, inputs are readable and the key (pseudonymous mode) is available.
    #[command(after_help = "Example:
  tokumei check jobs/partner_delivery.toml")]
    Check {
        /// The job file (TOML).
        job: PathBuf,
    },
}

pub(crate) fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run {
            job,
            out_dir,
            dry_run,
        } => crate::run::run(&job, out_dir.as_deref(), dry_run),
        Command::Check { job } => crate::run::check(&job),
    }
}
