//! The command line. Names here are a contract: schedulers and users' scripts call them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::Result;

const AFTER_HELP: &str = "\
Exit codes:
  0  done
  1  risk thresholds not met (`risk`: k below --k)
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
    /// More detail in the log on stderr: -v for debug, -vv for trace. RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    /// Less: -q for warnings and errors only, -qq for errors only.
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "verbose")]
    quiet: u8,
    /// The log's format on stderr: `text` for people, `json` (one object per line) for
    /// schedulers and log collectors. No data value is ever logged.
    #[arg(long, value_enum, default_value_t, global = true)]
    log_format: crate::log::LogFormat,
    #[command(subcommand)]
    command: Command,
}

impl Cli {
    pub(crate) fn init_logging(&self) {
        crate::log::set_format(self.log_format);
        crate::log::init(self.log_format, self.verbose, self.quiet);
    }
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
  tokumei run jobs/partner_delivery.toml --dry-run

  # rerun a past day of a job whose paths use {date} / {yesterday} templates
  tokumei run jobs/nightly.toml --date 2026-11-30

  # override a job value for this run only (validated like the file)
  tokumei run jobs/partner_delivery.toml --set recipient-kind=third-party")]
    Run {
        /// The job file (TOML).
        job: PathBuf,
        /// Write the delivery here instead of the job's `output-dir`.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        #[command(flatten)]
        overrides: OverrideArgs,
        /// Validate the job against the inputs and print the plan; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Take every dataset's pass 1 (its column rules applied) from DIR/NAME/*.parquet and
        /// DIR/counts.json instead of reading the inputs, then gate, check and deliver as usual.
        /// Written by the Spark driver (`tokumei-spark run`), which calls this.
        #[arg(long, value_name = "DIR")]
        pass1: Option<PathBuf>,
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
        /// Check this destination instead of the job's `output-dir` (as `run --out-dir`).
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        #[command(flatten)]
        overrides: OverrideArgs,
    },
    /// Scrub identifiers from text: lines on stdin, each scrubbed on stdout, same count and order.
    ///
    /// Each finding becomes a typed placeholder such as <EMAIL>, <PHONE>, <MY_NUMBER>, <NAME>;
    /// the text around it is kept. Input is read as UTF-8 (invalid bytes become U+FFFD).
    #[command(after_help = "Example:
  echo '連絡先はtaro@example.co.jpです。090-1234-5678' | tokumei scrub
  # → 連絡先は<EMAIL>です。<PHONE>

  tokumei scrub --explain --detectors email,phone < inquiries.txt > scrubbed.txt")]
    Scrub {
        /// Also write, per line with findings, the detectors that fired and their byte ranges
        /// to stderr (never the text).
        #[arg(long)]
        explain: bool,
        /// Comma-separated detectors to use (default: all). See the README for the list.
        #[arg(long, value_delimiter = ',', value_name = "LIST")]
        detectors: Option<Vec<String>>,
        /// How names are found: `analysis` (also without an honorific, by morphological
        /// analysis over IPADIC) or `context` (before an honorific or after a person's label).
        #[arg(long, value_enum, default_value = "analysis")]
        names: NamesArg,
    },
    /// Profile inputs and draft a job: every column classified, with a rule and the reason.
    ///
    /// Classes: direct identifier, identifier code (個人識別符号), linking ID, quasi-identifier,
    /// sensitive, free text, other. The draft is safe by default: whatever is uncertain is
    /// dropped or scrubbed, never kept. It runs with `tokumei run` unchanged.
    #[command(after_help = "Example:
  tokumei scan sample_data/customers.csv sample_data/access_log.csv -o jobs/draft.toml
  tokumei check jobs/draft.toml && tokumei run jobs/draft.toml")]
    Scan {
        /// Input files, globs or folders (CSV or Parquet); each becomes a dataset.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write the draft job here (paths inside are relative to it); default: print it.
        #[arg(short = 'o', long = "output", value_name = "JOB.toml")]
        output: Option<PathBuf>,
        /// The mode the drafted job delivers in.
        #[arg(long, value_enum, default_value = "anonymous")]
        mode: ModeArg,
        /// Rows sampled per input for profiling.
        #[arg(long, default_value_t = 10_000)]
        sample: usize,
        /// The CSV inputs' text encoding: utf-8 (default), cp932 (shift_jis), euc-jp, utf-16.
        #[arg(long, value_name = "ENCODING")]
        encoding: Option<String>,
        /// The CSV inputs' delimiter, one ASCII character (`\t` or `tab` for a tab). Default: a
        /// tab for `.tsv` files and for `.txt` files whose first line has more tabs than commas
        /// (Amazon's order reports, Excel's Unicode text), else a comma.
        #[arg(long, value_name = "CHAR")]
        delimiter: Option<String>,
    },
    /// Measure the re-identification risk of a CSV or Parquet file, without a job.
    ///
    /// Equivalence classes over the quasi-identifiers, k (in distinct subjects with --subject),
    /// class sizes, rows and subjects below k, unique share, prosecutor and marketer risk,
    /// l-diversity of sensitive attributes, rare values, and the smallest classes (sizes and
    /// quasi-identifier values: meant for generalised data). Exits 1 when k is below --k.
    #[command(after_help = "Example:
  tokumei risk out/partner_delivery/customers.parquet --qi birth_date,gender,postal_code,address
  tokumei risk out/partner_delivery/access_log.parquet --qi timestamp,ip,user_agent --subject cookie_id --json
  tokumei risk out/partner_delivery/access_log.parquet --qi timestamp,ip,user_agent --subject cookie_id --trace-items 2")]
    Risk {
        /// The file (CSV or Parquet).
        file: PathBuf,
        /// Comma-separated quasi-identifier columns.
        #[arg(long, value_delimiter = ',', required = true, value_name = "COLUMNS")]
        qi: Vec<String>,
        /// Column naming the person a row belongs to (logs): classes count distinct subjects.
        #[arg(long, value_name = "COLUMN")]
        subject: Option<String>,
        /// Comma-separated sensitive attributes for l-diversity and t-closeness.
        #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
        sensitive: Vec<String>,
        /// Comma-separated sensitive attributes whose numbers are codes, not quantities: their
        /// t-closeness takes the equal distance.
        #[arg(long, value_delimiter = ',', value_name = "COLUMNS")]
        categorical: Vec<String>,
        /// The k the figures refer to; exit 1 when the data's k is below it.
        #[arg(long, default_value_t = 5)]
        k: u64,
        /// With --subject: also measure k^m over the subjects' traces (their rows' classes),
        /// for every set of up to M points (1 to 3); exit 1 when its k is below --k.
        #[arg(long, value_name = "M", value_parser = clap::value_parser!(u8).range(1..=3))]
        trace_items: Option<u8>,
        /// Print the measures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check an existing delivery folder for identifiers, as `run` does before delivering.
    ///
    /// Exits 4 if any detector fires on a column (except where the delivery's report records
    /// an allowance). With --job, the raw values of the job's dropped and pseudonymised
    /// identifier columns are searched for too.
    #[command(after_help = "Example:
  tokumei verify out/partner_delivery
  tokumei verify out/partner_delivery --job jobs/partner_delivery.toml")]
    Verify {
        /// The delivery folder.
        dir: PathBuf,
        /// Search for the known raw identifier values of this job's inputs as well.
        #[arg(long, value_name = "JOB")]
        job: Option<PathBuf>,
        /// The sender's Ed25519 public key: a PEM file (`openssl pkey -pubout`), a file of 64
        /// hex digits, or the 64 hex digits: the delivery must be signed by it (SHA256SUMS.sig).
        #[arg(long, value_name = "FILE")]
        public_key: Option<PathBuf>,
    },
    /// Apply one dataset's column rules to an Arrow IPC stream: raw columns on stdin, the
    /// transformed columns on stdout (the per-partition step of a distributed run).
    ///
    /// The rules, key and known values are `tokumei run`'s. Anonymous mode needs the run's
    /// ephemeral key in a file (--run-key-file), drawn once by the caller for every partition.
    #[command(after_help = "Example:
  tokumei filter jobs/internal_analytics.toml --dataset customers < part-0.arrows > out-0.arrows
  tokumei filter jobs/partner_delivery.toml --dataset access_log --schema")]
    Filter {
        /// The job file (TOML).
        job: PathBuf,
        /// The dataset whose rules to apply.
        #[arg(long, value_name = "NAME")]
        dataset: String,
        /// Anonymous mode: the run's ephemeral key (hex) in a file.
        #[arg(long, value_name = "FILE")]
        run_key_file: Option<PathBuf>,
        /// Print the output columns and their types as JSON instead.
        #[arg(long)]
        schema: bool,
        /// The run's known values, built once by `tokumei known`, instead of reading every
        /// input again in this process.
        #[arg(long, value_name = "FILE")]
        known_file: Option<PathBuf>,
        #[command(flatten)]
        overrides: OverrideArgs,
    },
    /// Build the run's known values once, for `filter` and `run --pass1` elsewhere.
    ///
    /// Every dataset's identifier values, name parts and `known = [...]` lists, as `run` collects
    /// them, as keyed hashes in one file (never a value) that only its owner can read. The Spark
    /// driver (`tokumei-spark run`) collects the distinct values with Spark, builds this file and
    /// ships it to every executor.
    #[command(after_help = "Example:
  tokumei known jobs/partner_delivery.toml --columns
  tokumei known jobs/partner_delivery.toml --out /secure/tmp/known.bin")]
    Known {
        /// The job file (TOML).
        job: PathBuf,
        /// Write the file here.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Take each wanted column's distinct values from DIR/<dataset index>/<column
        /// index>/*.parquet (as the Spark driver writes them) instead of reading the inputs.
        #[arg(long, value_name = "DIR")]
        values: Option<PathBuf>,
        /// Print, per dataset, the columns whose values are read (JSON), and exit.
        #[arg(long)]
        columns: bool,
        #[command(flatten)]
        overrides: OverrideArgs,
    },
    /// Print the JSON Schema of the job file, for editors to complete and check job files.
    ///
    /// Generated from the types the job reader uses (draft-07, which Taplo / Even Better TOML
    /// and IntelliJ read). A job file opts in with a first line `#:schema ./job.schema.json`.
    #[command(after_help = "Example:
  tokumei schema > jobs/job.schema.json")]
    Schema,
}

/// What `run` and `check` may change in a job for one run.
#[derive(Debug, clap::Args)]
struct OverrideArgs {
    /// The run date (YYYY-MM-DD) for `{date}` and `{yesterday}` in the job's paths, and the
    /// default `as-of`; default today in the job's time zone.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
    /// Set a job value for this run: a dotted key and a TOML value (or plain text), e.g.
    /// `--set datasets.customers.input=in/customers_2.csv`. Repeatable; validated like the file.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
}

fn parse_date(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD, e.g. 2026-11-30"))
}

impl OverrideArgs {
    fn into_overrides(self, out_dir: Option<PathBuf>) -> crate::job::plan::Overrides {
        crate::job::plan::Overrides {
            out_dir,
            date: self.date,
            set: self.set,
        }
    }
}

/// `--names` on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum NamesArg {
    Analysis,
    Context,
}

/// `--mode` on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    Anonymous,
    Pseudonymous,
}

impl From<ModeArg> for crate::job::Mode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Anonymous => crate::job::Mode::Anonymous,
            ModeArg::Pseudonymous => crate::job::Mode::Pseudonymous,
        }
    }
}

pub(crate) fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run {
            job,
            out_dir,
            overrides,
            dry_run,
            pass1,
        } => crate::cmd::run::run(
            &job,
            &overrides.into_overrides(out_dir),
            dry_run,
            pass1.as_deref(),
        ),
        Command::Check {
            job,
            out_dir,
            overrides,
        } => crate::cmd::check::check(&job, &overrides.into_overrides(out_dir)),
        Command::Scan {
            inputs,
            output,
            mode,
            sample,
            encoding,
            delimiter,
        } => crate::cmd::scan::run(
            &inputs,
            output.as_deref(),
            mode.into(),
            sample,
            encoding.as_deref(),
            delimiter.as_deref(),
        ),
        Command::Risk {
            file,
            qi,
            subject,
            sensitive,
            categorical,
            k,
            trace_items,
            json,
        } => crate::cmd::risk::run_cli(
            &file,
            &crate::risk::RiskSpec {
                qis: qi,
                subject,
                sensitive,
                categorical,
                k,
            },
            trace_items.map(usize::from),
            json,
        ),
        Command::Scrub {
            explain,
            detectors,
            names,
        } => crate::cmd::scrub::run(detectors.as_deref(), explain, names == NamesArg::Analysis),
        Command::Verify {
            dir,
            job,
            public_key,
        } => {
            let known = match job {
                Some(j) => crate::cmd::verify::job_known_values(&j)?,
                None => crate::detect::known::KnownSet::new(),
            };
            crate::cmd::verify::run_dir(&dir, known, public_key.as_deref())
        }
        Command::Filter {
            job,
            dataset,
            run_key_file,
            schema,
            known_file,
            overrides,
        } => crate::cmd::filter::run(
            &job,
            &dataset,
            &overrides.into_overrides(None),
            run_key_file.as_deref(),
            schema,
            known_file.as_deref(),
        ),
        Command::Known {
            job,
            out,
            values,
            columns,
            overrides,
        } => crate::cmd::known::run(
            &job,
            &overrides.into_overrides(None),
            out.as_deref(),
            values.as_deref(),
            columns,
        ),
        Command::Schema => {
            use std::io::Write as _;
            std::io::stdout()
                .write_all(crate::job::schema::json().as_bytes())
                .map_err(|e| {
                    crate::error::Error::io(format!("cannot write the schema: {}", e.kind()))
                })
        }
    }
}
