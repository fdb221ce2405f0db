//! Orchestration only: job → plan → key → read → transform → write → report → deliver. Each step
//! lives in its own module; this file wires them and decides nothing about policy.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::io::delivery::Staging;
use crate::io::{input, output};
use crate::job::spec::Format;
use crate::job::{Action, Dataset, Job, Mode};
use crate::keys::{KEY_ENV, KeySource, RunKey};
use crate::report::{self, ColumnReport, DatasetReport, InputFile, OutputFile, Report};
use crate::transform::{self, ColumnCounters};

/// The key the job's mode calls for.
pub(crate) fn run_key(job: &Job) -> Result<RunKey> {
    match job.mode {
        Mode::Anonymous => {
            if std::env::var_os(KEY_ENV).is_some() {
                eprintln!(
                    "note: ${KEY_ENV} is ignored in anonymous mode: every anonymous run uses a fresh key that is never stored"
                );
            }
            RunKey::ephemeral()
        }
        Mode::Pseudonymous => RunKey::kept(job.key_file.as_deref(), &job.recipient),
    }
}

/// The plan as `check` and `run --dry-run` print it: one line per column.
pub(crate) fn print_plan(job: &Job, key: &RunKey) {
    let mode = match job.mode {
        Mode::Anonymous => "anonymous (匿名加工情報)",
        Mode::Pseudonymous => "pseudonymous (仮名加工情報)",
    };
    println!(
        "job `{}` ({}, sha256 {})",
        job.name,
        job.file.display(),
        &job.sha256[..16]
    );
    println!("  mode:      {mode}");
    println!("  recipient: {}", job.recipient);
    match key.fingerprint() {
        Some(fp) => println!("  key:       {} (fingerprint {fp})", key.source()),
        None => println!("  key:       {}", key.source()),
    }
    println!(
        "  timezone:  {}   as-of: {}",
        job.timezone.name(),
        job.as_of
    );
    println!("  output:    {}", job.output_dir.display());
    for d in &job.datasets {
        println!();
        println!(
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
            println!("  input  {}", f.display());
        }
        let w = d
            .columns
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0);
        for c in &d.columns {
            let pad = w - c.name.chars().count();
            println!(
                "  {}{}  {:<11} {}",
                c.name,
                " ".repeat(pad),
                c.action.rule_name(),
                c.action.params()
            );
        }
    }
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut f = std::fs::File::open(path).map_err(|e| {
        Error::io(format!(
            "cannot read back `{}`: {}",
            path.display(),
            e.kind()
        ))
    })?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(|e| {
            Error::io(format!(
                "cannot read back `{}`: {}",
                path.display(),
                e.kind()
            ))
        })?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((n, hex::encode(h.finalize())))
}

/// Transforms and writes one dataset into the staging folder.
fn deliver_dataset(d: &Dataset, key: &RunKey, staging: &Staging) -> Result<DatasetReport> {
    let t0 = Instant::now();
    let lf = input::scan(&d.files, d.format, &d.csv)?;
    let mut exprs = Vec::new();
    let mut counted = Vec::new();
    let mut dropped = Vec::new();
    for c in &d.columns {
        let counters = Arc::new(ColumnCounters::default());
        let (expr, out_dtype) = match &c.action {
            Action::Drop => {
                dropped.push(c.name.clone());
                continue;
            }
            Action::Keep => (
                transform::counted_expr(&c.name, counters.clone()),
                c.input_dtype.clone(),
            ),
            Action::Rule { builder, .. } => {
                let rule = builder.build(key);
                let dt = rule.output_dtype();
                (transform::rule_expr(&c.name, rule, counters.clone()), dt)
            }
        };
        exprs.push(expr);
        counted.push((c, counters, out_dtype));
    }
    let out_path = staging.path(&d.output_file);
    output::sink(lf.select(exprs), &out_path, d.output_format, d.compression)
        .map_err(|e| Error::io(format!("dataset `{}`: {e}", d.name)))?;
    let rows_out = output::count_rows(&out_path, d.output_format)?;
    let rows_in = counted.first().map(|(_, c, _)| c.get().0).unwrap_or(0);
    // Every column must have seen every row exactly once; anything else is a bug, and a delivery
    // whose counts cannot be trusted is not delivered.
    for (c, counters, _) in &counted {
        let (rows, _, _) = counters.get();
        if rows != rows_out {
            return Err(Error::io(format!(
                "dataset `{}`: column `{}` saw {rows} rows but {rows_out} were written; nothing was delivered (please report this bug)",
                d.name, c.name
            )));
        }
    }
    let (bytes, sha256) = hash_file(&out_path)?;
    let columns = counted
        .iter()
        .map(|(c, counters, out_dtype)| {
            let (_, nulls_in, unparsed) = counters.get();
            ColumnReport {
                name: c.name.clone(),
                rule: c.action.rule_name(),
                params: c.action.params().to_string(),
                input_type: c.input_dtype.to_string(),
                output_type: out_dtype.to_string(),
                nulls_in,
                unparsed,
                nulls_out: nulls_in + unparsed,
            }
        })
        .collect();
    let inputs = d
        .files
        .iter()
        .map(|f| InputFile {
            path: f.display().to_string(),
            bytes: std::fs::metadata(f).map(|m| m.len()).unwrap_or(0),
        })
        .collect();
    Ok(DatasetReport {
        name: d.name.clone(),
        inputs,
        input_format: d.format.extension(),
        output: OutputFile {
            file: d.output_file.clone(),
            format: d.output_format.extension(),
            compression: (d.output_format == Format::Parquet).then(|| d.compression.name()),
            bytes,
            sha256,
        },
        rows_in,
        rows_out,
        duration_ms: t0.elapsed().as_millis() as u64,
        columns,
        dropped,
    })
}

/// `tokumei run`.
pub(crate) fn run(job_path: &Path, out_dir: Option<&Path>, dry_run: bool) -> Result<()> {
    let job = crate::job::plan::load(job_path, out_dir)?;
    let key = run_key(&job)?;
    if dry_run {
        print_plan(&job, &key);
        println!("\ndry run: the job is valid; nothing was written");
        return Ok(());
    }
    let started_at = now_rfc3339();
    let t0 = Instant::now();
    let staging = Staging::begin(&job.output_dir)?;
    let mut datasets = Vec::new();
    for d in &job.datasets {
        let r = deliver_dataset(d, &key, &staging)?;
        eprintln!(
            "{}: {} rows → {} ({} ms)",
            r.name, r.rows_out, r.output.file, r.duration_ms
        );
        datasets.push(r);
    }
    let report = Report {
        schema_version: report::SCHEMA_VERSION,
        tool: report::Tool {
            name: "tokumei",
            version: env!("CARGO_PKG_VERSION"),
        },
        job: report::JobInfo {
            name: job.name.clone(),
            file: job.file.display().to_string(),
            sha256: job.sha256.clone(),
        },
        mode: job.mode.to_string(),
        recipient: job.recipient.clone(),
        key: report::KeyInfo {
            source: match key.source() {
                KeySource::Ephemeral => "ephemeral",
                KeySource::Env => "env",
                KeySource::File(_) => "key-file",
            },
            fingerprint: key.fingerprint().unwrap_or("ephemeral").to_string(),
        },
        timezone: job.timezone.name().to_string(),
        as_of: job.as_of.to_string(),
        started_at,
        finished_at: now_rfc3339(),
        duration_ms: t0.elapsed().as_millis() as u64,
        datasets,
    };
    let json = serde_json::to_string_pretty(&report)
        .map_err(|e| Error::io(format!("cannot encode report: {e}")))?;
    let report_path = staging.path("report.json");
    std::fs::write(&report_path, json + "\n").map_err(|e| {
        Error::io(format!(
            "cannot write `{}`: {}",
            report_path.display(),
            e.kind()
        ))
    })?;
    // SHA256SUMS lets a recipient check the delivery with `sha256sum -c SHA256SUMS`.
    let mut sums = String::new();
    for d in &report.datasets {
        sums.push_str(&format!("{}  {}\n", d.output.sha256, d.output.file));
    }
    sums.push_str(&format!("{}  report.json\n", hash_file(&report_path)?.1));
    std::fs::write(staging.path("SHA256SUMS"), sums)
        .map_err(|e| Error::io(format!("cannot write SHA256SUMS: {}", e.kind())))?;
    drop(key);
    staging.commit()?;
    println!(
        "delivered {} dataset(s) to {} in {:.1} s ({})",
        report.datasets.len(),
        job.output_dir.display(),
        report.duration_ms as f64 / 1000.0,
        report
            .datasets
            .iter()
            .map(|d| format!("{}: {} rows", d.name, d.rows_out))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

/// `tokumei check`.
pub(crate) fn check(job_path: &Path) -> Result<()> {
    let job = crate::job::plan::load(job_path, None)?;
    let key = run_key(&job)?;
    print_plan(&job, &key);
    println!("\nok: the job is valid and `tokumei run` would start");
    Ok(())
}
