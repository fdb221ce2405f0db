//! `tokumei filter JOB --dataset NAME`: one dataset's pass-1 rules as a filter, an Arrow IPC
//! stream of the raw columns on standard input, the transformed columns as an Arrow IPC stream
//! on standard output. It is the piece a distributed engine (Spark's `mapInArrow`, issue 15)
//! calls per partition, so the rules it applies are exactly `tokumei run`'s: the same plan, the
//! same compiled rules, the same key.
//!
//! - Every batch is transformed independently (no state between rows), so partitions can run
//!   anywhere in any order and their union equals the single-machine pass 1.
//! - The key: pseudonymous mode uses the kept key as `run` does (`TOKUMEI_KEY` or `key-file`);
//!   anonymous mode needs `--run-key-file`, the run's ephemeral key drawn once by the caller and
//!   handed to every task (a process of its own would draw a key of its own, and the partitions'
//!   pseudonyms would not join).
//! - Known values for `text` rules come from `--known-file` (built once by `tokumei known`; the
//!   Spark driver ships it to every executor), or else are collected from the job's inputs, as
//!   `run` collects them, once per process (the filter must then run where the inputs are
//!   readable); either only when the dataset has a `text` rule.
//! - `--schema` prints the output columns and their types as JSON, for the caller to declare,
//!   and the columns to group pass 1's output by for the risk gate's class table (`classes`).
//! - A partition is read whole: memory is bounded by the caller's partition size (Spark's are
//!   128 MiB by default), not by the dataset.
//!
//! Output types are Arrow's oldest compatible ones (large strings, no string views), which
//! other Arrow implementations read.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use crate::detect::known::KnownSet;
use crate::error::{Error, Result, polars_message};
use crate::keys::RunKey;
use crate::transform::Rule;

pub(crate) fn run(
    job_path: &Path,
    dataset: &str,
    overrides: &crate::job::plan::Overrides,
    run_key_file: Option<&Path>,
    schema_only: bool,
    known_file: Option<&Path>,
) -> Result<()> {
    let job = crate::job::plan::load_with(job_path, overrides)?;
    let Some(d) = job.datasets.iter().find(|d| d.name == dataset) else {
        return Err(Error::job(format!(
            "the job has no dataset `{}`; its datasets are: {}",
            crate::error::shown(dataset),
            job.datasets
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    if schema_only {
        // Output types do not depend on the key or the known values.
        let key = RunKey::ephemeral()?;
        let none = crate::detect::known::KnownValues::default();
        let columns: Vec<serde_json::Value> = super::run::rule_exprs(d, &key, &none)
            .counted
            .iter()
            .map(|(c, _, dtype)| serde_json::json!({ "name": c.name, "type": dtype.to_string() }))
            .collect();
        // The columns Spark groups pass 1's output by for the gate's class table (`null`:
        // the binary builds that table itself).
        let i = job
            .datasets
            .iter()
            .position(|x| x.name == d.name)
            .expect("found above");
        let classes = super::run::spark_classes(&job, i);
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "dataset": d.name, "columns": columns, "classes": classes })
            )
            .map_err(|e| Error::io(e.to_string()))?
        );
        return Ok(());
    }
    let key = match (job.mode, run_key_file) {
        (crate::job::Mode::Anonymous, Some(f)) => RunKey::ephemeral_from_file(f)?,
        (crate::job::Mode::Anonymous, None) => {
            return Err(Error::job(
                "anonymous mode: give --run-key-file, the run's ephemeral key (32 random bytes in hex) drawn once by the caller for every partition; a key per process would not join the partitions' pseudonyms",
            ));
        }
        (crate::job::Mode::Pseudonymous, Some(_)) => {
            return Err(Error::job(
                "--run-key-file is for anonymous mode; pseudonymous mode uses the kept key (TOKUMEI_KEY or key-file), as `tokumei run` does",
            ));
        }
        (crate::job::Mode::Pseudonymous, None) => super::run::run_key(&job)?,
    };
    // Known values as `run` collects them (every dataset's identifier values in one set), for
    // `text` rules only: no other rule uses them, so without one nothing is read.
    let mut known = crate::detect::known::KnownValues::default();
    let has_text = d.columns.iter().any(|c| matches!(c.rule, Rule::Text(_)));
    if let (true, Some(f)) = (has_text, known_file) {
        let i = job
            .datasets
            .iter()
            .position(|x| x.name == d.name)
            .expect("found above");
        known = super::known::read(f, &job)?.swap_remove(i);
    } else if has_text {
        let mut shared = KnownSet::new();
        for other in &job.datasets {
            let mut c = super::run::Collection::new(other, true);
            c.read(other)?;
            let (ids, own) = c.finish();
            shared.absorb(ids);
            if other.name == d.name {
                known = own;
            }
        }
        known.shared = Some(Arc::new(shared));
    }

    let mut input = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut input)
        .map_err(|e| Error::io(format!("filter: reading standard input: {}", e.kind())))?;
    let df = IpcStreamReader::new(std::io::Cursor::new(input))
        .finish()
        .map_err(|e| {
            Error::io(format!(
                "filter: standard input is not an Arrow IPC stream: {}",
                polars_message(&e)
            ))
        })?;
    // The stream must hold exactly the plan's input columns, in any order.
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    for c in &d.columns {
        if !names.contains(&c.name) {
            return Err(Error::io(format!(
                "filter: the input stream has no column `{}`; it must hold the dataset's input columns",
                crate::error::shown(&c.name)
            )));
        }
    }
    let exprs = super::run::rule_exprs(d, &key, &known).exprs;
    // Inputs are text, as `run` reads CSV.
    let casts: Vec<Expr> = d
        .columns
        .iter()
        .map(|c| col(c.name.as_str()).cast(c.input_dtype.clone()))
        .collect();
    let mut out = crate::io::collect(df.lazy().with_columns(casts).select(exprs), || {
        format!("filter: dataset `{}`", d.name)
    })?;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    IpcStreamWriter::new(&mut lock)
        .with_compat_level(CompatLevel::oldest())
        .finish(&mut out)
        .map_err(|e| {
            Error::io(format!(
                "filter: writing standard output: {}",
                polars_message(&e)
            ))
        })?;
    lock.flush()
        .map_err(|e| Error::io(format!("filter: writing standard output: {}", e.kind())))
}
