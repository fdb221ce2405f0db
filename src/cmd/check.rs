//! `tokumei check` (and `run --dry-run`'s plan): the job validated against the real inputs and
//! the destination, printed one line per column. Writes nothing.

use std::path::Path;

use crate::error::Result;
use crate::io::Format;
use crate::job::{Job, Mode};
use crate::keys::RunKey;

use super::run::run_key;

/// The plan as `check` and `run --dry-run` print it: one line per column.
pub(crate) fn print_plan(job: &Job, key: &RunKey) {
    let mode = match job.mode {
        Mode::Anonymous => "anonymous (匿名加工情報)",
        Mode::Pseudonymous => "pseudonymous (仮名加工情報)",
    };
    outln!(
        "job `{}` ({}, sha256 {})",
        job.name,
        job.file.display(),
        &job.sha256[..16]
    );
    outln!("  mode:      {mode}");
    outln!("  recipient: {}", job.recipient);
    match key.fingerprint() {
        Some(fp) => outln!("  key:       {} (fingerprint {fp})", key.source()),
        None => outln!("  key:       {}", key.source()),
    }
    if let Some(s) = &job.signer {
        outln!(
            "  signed:    Ed25519, public key {}",
            crate::keys::public_fingerprint(&s.public_key())
        );
    }
    outln!(
        "  timezone:  {}   as-of: {}",
        job.timezone.name(),
        job.as_of
    );
    outln!("  output:    {}", job.output_dir.display());
    for d in &job.datasets {
        outln!();
        outln!(
            "dataset {}: {} {} file(s) → {} ({}{})",
            d.name,
            d.files.len(),
            d.format.extension(),
            d.output_file,
            d.output_format.extension(),
            if d.output_format == Format::Parquet {
                format!(", {}", d.compression.name())
            } else {
                String::new()
            }
        );
        for f in &d.files {
            outln!("  input  {}", crate::error::shown_path(f));
        }
        let w = d
            .columns
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0);
        for c in &d.columns {
            let pad = w - c.name.chars().count();
            outln!(
                "  {}{}  {:<11} {}",
                crate::error::shown(&c.name),
                " ".repeat(pad),
                c.rule.name(),
                c.rule
            );
        }
    }
}

/// `tokumei check`.
pub(crate) fn check(job_path: &Path, overrides: &crate::job::plan::Overrides) -> Result<()> {
    let job = crate::job::plan::load_with(job_path, overrides)?;
    let key = run_key(&job)?;
    // A bus error (an input cut while its footer or first rows are read) names the input.
    crate::io::workdir::watch_files(
        job.datasets
            .iter()
            .flat_map(|d| d.files.iter().map(std::path::PathBuf::as_path)),
    );
    print_plan(&job, &key);
    // An input without data rows stops `run` (unless the dataset allows it): say so here when it
    // is cheap to know (Parquet's footer; text inputs of at most 1 MiB, which are read whole).
    for d in job.datasets.iter().filter(|d| !d.allow_empty) {
        if known_rows(d)? == Some(0) {
            return Err(super::run::no_rows(d));
        }
    }
    let (dest, leftovers) = crate::io::delivery::preflight(&job.output_dir)?;
    outln!();
    match dest {
        crate::io::delivery::Destination::Absent => {
            outln!("destination: does not exist yet; `run` creates it")
        }
        crate::io::delivery::Destination::Empty => outln!("destination: an empty folder"),
        crate::io::delivery::Destination::Delivery(_) => {
            outln!("destination: holds an earlier tokumei delivery, which `run` replaces")
        }
    }
    if leftovers > 0 {
        outln!(
            "destination: {leftovers} staging folder(s) of a killed run beside it; `run` removes them"
        );
    }
    outln!("\nok: the job is valid and `tokumei run` would start");
    Ok(())
}

/// The data rows of `d`'s inputs when they can be counted without reading much: Parquet files
/// from their footers, uncompressed CSV and NDJSON inputs of at most 1 MiB in all; `None`
/// otherwise.
fn known_rows(d: &crate::job::plan::Dataset) -> Result<Option<u64>> {
    use crate::io::Format;
    use crate::io::source::{self, Extent};
    const SMALL: u64 = 1 << 20;
    if d.format != Format::Parquet {
        let bytes: u64 = d
            .files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(u64::MAX, |m| m.len()))
            .fold(0u64, u64::saturating_add);
        // Compressed inputs could be far larger once decompressed: left to `run`.
        let compressed = d
            .files
            .iter()
            .any(|f| source::Compressed::of(f) != source::Compressed::No);
        if bytes > SMALL || compressed {
            return Ok(None);
        }
    }
    let mut rows = 0;
    for f in &d.files {
        rows += match d.format {
            Format::Parquet => crate::io::output::count_rows(f, Format::Parquet)?,
            Format::Csv => source::prepare(f, &d.csv.dialect(), Extent::All, None)?.rows,
            Format::Ndjson => source::prepare_ndjson(f, Extent::All, None)?.rows,
        };
    }
    Ok(Some(rows))
}
