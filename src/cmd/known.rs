//! `tokumei known JOB --out FILE`: the run's known values (every dataset's identifier values,
//! name parts and `known = [...]` lists, as `tokumei run` collects them) in one file, built once
//! and read by every process that applies the job's rules elsewhere: the Spark driver builds it
//! from the distinct values Spark collected (`--values DIR`), ships it to the executors, and
//! hands it to `tokumei filter --known-file` and `tokumei run --pass1` instead of each of them
//! reading every input again.
//!
//! - `--columns` prints, per dataset, the columns whose values are wanted (JSON), so the caller
//!   knows what to collect.
//! - `--values DIR` reads those values from `DIR/<dataset index>/<column index>/*.parquet`, one
//!   text column each, instead of reading the inputs.
//! - The file holds keyed 64-bit hashes and their key, never a value (see
//!   `detect::known::file`); it is written for its owner only, and the caller destroys it when
//!   the run ends, like the run's key.

use std::path::Path;

use crate::detect::known::{KnownSet, KnownValues, file};
use crate::error::{Error, Result};

/// Which columns each dataset's known values come from: (dataset, [(column index, name)]).
fn wanted(job: &crate::job::Job) -> Vec<(String, Vec<(usize, String)>)> {
    job.datasets
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                super::run::Collection::new(d, true).wanted(),
            )
        })
        .collect()
}

pub(crate) fn run(
    job_path: &Path,
    overrides: &crate::job::plan::Overrides,
    out: Option<&Path>,
    values: Option<&Path>,
    columns_only: bool,
) -> Result<()> {
    let job = crate::job::plan::load_with(job_path, overrides)?;
    if columns_only {
        let datasets: Vec<serde_json::Value> = wanted(&job)
            .into_iter()
            .map(|(name, cols)| {
                serde_json::json!({
                    "name": name,
                    "columns": cols
                        .into_iter()
                        .map(|(i, c)| serde_json::json!({ "index": i, "name": c }))
                        .collect::<Vec<_>>(),
                })
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "datasets": datasets }))
                .map_err(|e| Error::io(e.to_string()))?
        );
        return Ok(());
    }
    let Some(out) = out else {
        return Err(Error::job(
            "known: give --out FILE (or --columns to see which columns are read)",
        ));
    };
    let mut shared = KnownSet::new();
    let mut own = Vec::new();
    for (i, d) in job.datasets.iter().enumerate() {
        let mut c = super::run::Collection::new(d, true);
        match values {
            Some(dir) => c.read_values(&dir.join(i.to_string()), &d.name)?,
            None => c.read(d)?,
        }
        let (ids, kv) = c.finish();
        shared.absorb(ids);
        own.push((d.name.clone(), kv));
    }
    write(out, &shared, &own)?;
    eprintln!(
        "known values: {} distinct, in `{}`",
        shared.len(),
        crate::error::shown_path(out)
    );
    Ok(())
}

/// Writes the file for its owner only (it can confirm a guessed identifier), as a new file:
/// an existing file is never overwritten.
fn write(path: &Path, shared: &KnownSet, own: &[(String, KnownValues)]) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::io(format!(
            "known: cannot write `{}`: {}{}",
            crate::error::shown_path(path),
            e.kind(),
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                "; it is not overwritten: choose a new path"
            } else {
                ""
            }
        ))
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path).map_err(fail)?;
    file::write(&mut f, shared, own).map_err(fail)?;
    f.sync_all().map_err(fail)
}

/// Reads a file `tokumei known` wrote: each dataset's known values, with the run-wide set as
/// every dataset's `shared`. Every dataset of the job must be in it.
pub(crate) fn read(path: &Path, job: &crate::job::Job) -> Result<Vec<KnownValues>> {
    let shown = crate::error::shown_path(path);
    let mut f = std::fs::File::open(path).map_err(|e| {
        Error::io(format!(
            "cannot read the known-values file `{shown}`: {}",
            e.kind()
        ))
    })?;
    let mut sets = file::read(&mut f).map_err(|e| {
        Error::io(match e {
            file::ReadError::Damaged => format!(
                "`{shown}` is not a known-values file or is damaged; build it again with `tokumei known`"
            ),
            file::ReadError::OtherKey => format!(
                "`{shown}` was built under another key than this process's sets (please report this bug)"
            ),
        })
    })?;
    job.datasets
        .iter()
        .map(|d| {
            let i = sets.iter().position(|(n, _)| *n == d.name).ok_or_else(|| {
                Error::io(format!(
                    "the known-values file `{shown}` has no dataset `{}`; it was built for another job: build it again with `tokumei known`",
                    d.name
                ))
            })?;
            Ok(sets.swap_remove(i).1)
        })
        .collect()
}
