//! Orchestration only: job → plan → key → read → transform → write → report → deliver. Each step
//! lives in its own module; this file wires them and decides nothing about policy.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use polars::prelude::*;

use crate::detect::known::KnownValues;
use crate::detect::{Detector, Kind};
use crate::error::{Error, Result, polars_message};
use crate::io::Format;
use crate::io::delivery::Staging;
use crate::io::{input, output};
use crate::job::{Dataset, Job, Mode};
use crate::keys::{KEY_ENV, RunKey};
use crate::report::{self, ColumnReport, DatasetReport, InputFile, OutputFile, Report};
use crate::transform::Rule;
use crate::transform::{self, ColumnCounters};
use crate::verify;

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

/// Distinct raw values of `columns` of dataset `d`, read from the input in one streaming pass per
/// column. Memory is bounded by the number of distinct identifiers, not by the input size. For a
/// name column, each part of a full name (姓, 名) is also a known value.
pub(crate) fn collect_known(d: &Dataset, columns: &[&str]) -> Result<KnownValues> {
    let mut known = KnownValues::default();
    for c in columns {
        // Only this column is parsed here; the main pass parses every field of every row and
        // stops on a malformed one.
        let lf = input::scan(&d.sources, d.format, &d.csv)?.with_projection_pushdown(true);
        let df = crate::io::collect(lf.select([col(*c).cast(DataType::String).unique()]), || {
            format!(
                "dataset `{}`: reading column `{}`",
                d.name,
                crate::error::shown(c)
            )
        })?;
        let column = df.column(c).map_err(|e| Error::io(polars_message(&e)))?;
        let ca = column.str().map_err(|e| Error::io(polars_message(&e)))?;
        known.add_column(c, ca.iter().flatten());
    }
    Ok(known)
}

/// The known values a dataset needs: its identifier columns (for the delivery check) and
/// whatever its `text` rules name.
fn dataset_known(d: &Dataset) -> Result<KnownValues> {
    let mut cols: Vec<String> = d
        .identifier_columns()
        .into_iter()
        .map(str::to_string)
        .collect();
    for c in d.known_columns_needed() {
        if !cols.contains(&c) {
            cols.push(c);
        }
    }
    collect_known(d, &cols.iter().map(String::as_str).collect::<Vec<_>>())
}

fn deliver_dataset(
    d: &Dataset,
    key: &RunKey,
    known: &KnownValues,
    staging: &Staging,
) -> Result<DatasetReport> {
    let t0 = Instant::now();
    let lf = input::scan(&d.sources, d.format, &d.csv)?;
    let mut exprs = Vec::new();
    let mut counted = Vec::new();
    let mut dropped = Vec::new();
    for c in &d.columns {
        let counters = Arc::new(ColumnCounters::default());
        let (expr, out_dtype) = match c.rule.build(key, known) {
            None if matches!(c.rule, Rule::Drop) => {
                dropped.push(c.name.clone());
                continue;
            }
            None => (
                transform::counted_expr(&c.name, counters.clone()),
                c.input_dtype.clone(),
            ),
            Some(rule) => {
                let dt = rule.output_dtype();
                (transform::rule_expr(&c.name, rule, counters.clone()), dt)
            }
        };
        exprs.push(expr);
        counted.push((c, counters, out_dtype));
    }
    let out_path = staging.path(&d.output_file);
    output::sink(lf.select(exprs), &out_path, d.output_format, d.compression).map_err(|e| {
        let msg = e.to_string();
        // Every row was checked before this pass, so a failure here is about writing.
        let cause = if msg.contains("os error 28") {
            "no space left on the device; free space or choose another `output-dir`".to_string()
        } else if msg.contains("os error 27") {
            "the file size limit was hit (ulimit -f); raise it or deliver smaller files".to_string()
        } else {
            msg
        };
        Error::io(format!(
            "dataset `{}`: cannot write `{}`: {cause}; nothing was delivered",
            d.name, d.output_file
        ))
    })?;
    let rows_out = output::count_rows(&out_path, d.output_format)?;
    let rows_in = counted
        .first()
        .map(|(_, c, _)| c.get().0)
        .unwrap_or(rows_out);
    // Two readers saw the input: the checker and polars. They must agree on every row.
    if let Some(checked) = d.rows_checked
        && checked != rows_in
    {
        return Err(Error::io(format!(
            "dataset `{}`: {checked} data rows were checked but {rows_in} were read; the inputs \
             have line endings or empty lines the two readers count differently (lone carriage \
             returns?). Nothing was delivered; convert the line endings to \\n or \\r\\n",
            d.name
        )));
    }
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
    for (c, counters, _) in &counted {
        let (rows, nulls_in, unparsed) = counters.get();
        if unparsed > 0 && unparsed == rows - nulls_in {
            eprintln!(
                "warning: dataset `{}`, column `{}`: rule `{}` could read none of its {unparsed} \
                 value(s); all were delivered as null. Check that the rule fits the column",
                d.name,
                crate::error::shown(&c.name),
                c.rule.name()
            );
        }
    }
    // The re-identification gate: measure what would be delivered, suppress within the budget,
    // and refuse to deliver when the thresholds cannot be met.
    let mut rows_out = rows_out;
    let risk = match &d.risk {
        None => None,
        Some(g) => {
            // Each quasi-identifier's hierarchy follows from the rule that produced it.
            let hierarchies: Vec<_> = g
                .spec
                .qis
                .iter()
                .map(|q| d.columns.iter().find(|c| &c.name == q)?.rule.hierarchy())
                .collect();
            let staged = StagedFile {
                path: &out_path,
                format: d.output_format,
                compression: d.compression,
            };
            let r = crate::risk::apply_gate(
                &staged,
                &g.spec,
                crate::risk::Thresholds {
                    min_l: g.min_l,
                    max_suppression: g.max_suppression,
                    suppress: g.suppress,
                },
                &hierarchies,
            )?;
            if !r.passed {
                return Err(Error::risk(r.failure_message(&d.name)));
            }
            rows_out = r.after.rows;
            Some(r)
        }
    };
    // Null counts as delivered: the risk gate may have generalised or removed rows.
    let final_nulls = output::null_counts(&out_path, d.output_format)?;
    let (bytes, sha256) = crate::io::checksum::sha256_file(&out_path)?;
    let columns = counted
        .iter()
        .map(|(c, counters, out_dtype)| {
            let (_, nulls_in, unparsed) = counters.get();
            ColumnReport {
                name: c.name.clone(),
                rule: c.rule.name(),
                params: c.rule.to_string(),
                input_type: c.input_dtype.to_string(),
                output_type: out_dtype.to_string(),
                nulls_in,
                unparsed,
                nulls_out: final_nulls
                    .get(&c.name)
                    .copied()
                    .unwrap_or(nulls_in + unparsed),
                keep_reason: c.rule.keep_reason().map(str::to_string),
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
        input_check_ms: d.check_ms,
        columns,
        dropped,
        risk,
    })
}

/// Reads every input of `d` once before the run transforms it: every row is checked (field
/// counts, quotes, encoding), decoded or decompressed inputs get a UTF-8 copy in `work`, and an
/// input without data rows is refused unless the job allows it. Afterwards `d.sources` names
/// the files polars reads.
pub(crate) fn prepare_dataset(d: &mut Dataset, work: &Path) -> Result<u64> {
    use crate::io::source::{self, Extent};
    let t0 = Instant::now();
    let planned: Vec<&str> = d.columns.iter().map(|c| c.name.as_str()).collect();
    let mut sources = Vec::with_capacity(d.files.len());
    let mut rows = 0u64;
    for (i, f) in d.files.iter().enumerate() {
        let copy = work.join(format!("{}-{i}.{}", d.name, d.format.extension()));
        let needs_copy = source::Compressed::of(f) != source::Compressed::No
            || (d.format == Format::Csv && d.csv.encoding != source::TextEncoding::Utf8);
        if needs_copy {
            std::fs::create_dir_all(work).map_err(|e| {
                Error::io(format!(
                    "cannot create the work folder `{}`: {}",
                    crate::error::shown_path(work),
                    e.kind()
                ))
            })?;
        }
        let p = match d.format {
            Format::Csv => source::prepare(f, &d.csv.dialect(), Extent::All, Some(&copy))?,
            Format::Ndjson => {
                let p = source::prepare_ndjson(f, Extent::All, Some(&copy))?;
                if let Some(extra) = p.columns.iter().find(|c| !planned.contains(&c.as_str())) {
                    return Err(Error::job(format!(
                        "datasets.{}.columns: `{}` has a key `{}` (first seen after the lines `check` \
                         samples) that has no rule; add `{} = \"drop\"` (or keep, pseudonym, …)",
                        d.name,
                        crate::error::shown_path(f),
                        crate::error::shown(extra),
                        crate::job::spec::quote_key(extra)
                    )));
                }
                p
            }
            Format::Parquet => {
                let n = output::count_rows(f, Format::Parquet)?;
                source::Prepared {
                    readable: f.clone(),
                    columns: Vec::new(),
                    rows: n,
                    sample: Vec::new(),
                }
            }
        };
        rows += p.rows;
        sources.push(p.readable);
    }
    if rows == 0 && !d.allow_empty {
        return Err(Error::io(format!(
            "dataset `{}`: the input has no data rows (a failed upstream export?); \
             nothing was delivered. If an empty delivery is expected, set allow-empty = true in \
             [datasets.{}]",
            d.name, d.name
        )));
    }
    d.sources = sources;
    d.rows_checked = (d.format != Format::Parquet).then_some(rows);
    d.check_ms = t0.elapsed().as_millis() as u64;
    Ok(rows)
}

/// A staged output file, as the risk gate reads and replaces it: read with `io`, replaced by
/// streaming into a scratch file beside it and renaming that over it.
pub(crate) struct StagedFile<'a> {
    pub(crate) path: &'a Path,
    pub(crate) format: Format,
    pub(crate) compression: crate::io::output::Compression,
}

impl crate::risk::Staged for StagedFile<'_> {
    fn scan(&self) -> Result<LazyFrame> {
        input::scan_file(self.path, self.format)
    }

    fn replace(&self, lf: LazyFrame, step: &str) -> Result<()> {
        let tmp = self.path.with_extension(step);
        output::sink(lf, &tmp, self.format, self.compression).map_err(|e| {
            Error::io(format!(
                "risk: rewriting `{}`: {e}",
                crate::error::shown_path(self.path)
            ))
        })?;
        std::fs::rename(&tmp, self.path).map_err(|e| {
            Error::io(format!(
                "risk: replacing `{}`: {}",
                crate::error::shown_path(self.path),
                e.kind()
            ))
        })
    }
}

/// `tokumei run`.
pub(crate) fn run(job_path: &Path, out_dir: Option<&Path>, dry_run: bool) -> Result<()> {
    let mut job = crate::job::plan::load(job_path, out_dir)?;
    let key = run_key(&job)?;
    if dry_run {
        super::check::print_plan(&job, &key);
        println!("\ndry run: the job is valid; nothing was written");
        return Ok(());
    }
    let started_at = report::now();
    let t0 = Instant::now();
    let staging = Staging::begin(&job.output_dir)?;
    // Decoded copies of inputs that polars cannot read as they are; removed before delivery.
    let work = staging.path(".decoded");
    for d in &mut job.datasets {
        prepare_dataset(d, &work)?;
    }
    let job = job;
    let mut datasets = Vec::new();
    // Every dataset's identifier values first: one automaton serves every `text` rule and the
    // delivery check (building it is the expensive part, about 5 µs per value).
    let mut known_all = Vec::new();
    for d in &job.datasets {
        known_all.push((d, dataset_known(d)?));
    }
    let check_values = identifier_values(&known_all);
    let n_known = check_values.len() as u64;
    let shared = Detector::known_set(check_values);
    for (d, known) in &mut known_all {
        known.shared = shared.clone();
        // The raw values are in the shared automaton now; only a `text` rule that names its
        // own `known` columns still needs them.
        let own_lists = d.columns.iter().any(|c| {
            matches!(
                &c.rule,
                Rule::Text(crate::transform::text::Params { known: Some(_), .. })
            )
        });
        if !own_lists {
            known.by_column = Vec::new();
        }
        let r = deliver_dataset(d, &key, known, &staging)?;

        eprintln!(
            "{}: {} rows → {} ({} ms)",
            r.name, r.rows_out, r.output.file, r.duration_ms
        );
        datasets.push(r);
    }
    // Risk across datasets: the delivered files joined on a shared column.
    let mut joined_risk = Vec::new();
    for j in &job.joined_risk {
        let mut found = Vec::new();
        for name in &j.datasets {
            let d = job
                .datasets
                .iter()
                .find(|d| &d.name == name)
                .ok_or_else(|| Error::job(format!("joined-risk: no dataset `{name}`")))?;
            found.push((d, staging.path(&d.output_file)));
        }
        let staged: Vec<StagedFile> = found
            .iter()
            .map(|(d, path)| StagedFile {
                path,
                format: d.output_format,
                compression: d.compression,
            })
            .collect();
        let side = |i: usize| crate::risk::Side {
            name: &found[i].0.name,
            staged: &staged[i],
        };
        let r =
            crate::risk::joined_gate([side(0), side(1)], &j.on, &j.qis, j.min_k, j.max_unlinked)?;
        eprintln!(
            "joined risk of {} and {} on {}: k = {} over {} linked subject(s){}",
            j.datasets[0],
            j.datasets[1],
            j.on,
            r.after.k,
            r.after.subjects,
            if r.unlinked_subjects > 0 {
                format!(" after unlinking {}", r.unlinked_subjects)
            } else {
                String::new()
            }
        );
        if !r.passed {
            return Err(Error::risk(format!(
                "joined-risk: {} and {} joined on `{}` have k = {} (below min-k {}) over {}; nothing was delivered.\n  \
                 reaching it needs unlinking {:.1}% of the linked subjects (max-unlinked {:.1}%).\n  \
                 generalise these quasi-identifiers further, raise max-unlinked, or do not deliver `{}` in both datasets",
                j.datasets[0],
                j.datasets[1],
                j.on,
                r.before.k,
                j.min_k.unwrap_or(0),
                r.before.quasi_identifiers.join(", "),
                r.unlinked_share * 100.0,
                j.max_unlinked * 100.0,
                j.on
            )));
        }
        if r.unlinked_subjects > 0 {
            // The second dataset was rewritten: its figures in the report follow the new file.
            let (d, path) = &found[1];
            let (bytes, sha256) = crate::io::checksum::sha256_file(path)?;
            let nulls = output::null_counts(path, d.output_format)?;
            if let Some(rep) = datasets.iter_mut().find(|r| r.name == d.name) {
                rep.output.bytes = bytes;
                rep.output.sha256 = sha256;
                for c in &mut rep.columns {
                    if let Some(n) = nulls.get(&c.name) {
                        c.nulls_out = *n;
                    }
                }
            }
        }
        joined_risk.push(r);
    }
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(|e| {
            Error::io(format!(
                "cannot remove the work folder `{}`: {}",
                crate::error::shown_path(&work),
                e.kind()
            ))
        })?;
    }
    let verification = check_delivery(&known_all, shared, n_known, &staging)?;
    drop(known_all);
    if verification.findings.iter().any(|f| f.allowed.is_none()) {
        return Err(Error::leak(verify::failure_message(
            &verification.findings,
            false,
        )));
    }
    for f in &verification.findings {
        eprintln!(
            "warning: {} / {} / {}: {} cell(s), allowed by the job: {}",
            f.dataset,
            f.column,
            f.detector,
            f.cells,
            f.allowed.as_deref().unwrap_or("")
        );
    }
    let report = Report::new(
        &job,
        &key,
        started_at,
        t0.elapsed().as_millis() as u64,
        datasets,
        joined_risk,
        verification,
    );
    report.write(|name| staging.path(name))?;
    drop(key);
    if let Some(w) = staging.commit()? {
        eprintln!("warning: {w}");
    }
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

/// The whole raw values of every dataset's identifier columns (name parts excluded: surnames
/// such as 千葉 are also place names).
fn identifier_values(known: &[(&Dataset, KnownValues)]) -> Vec<String> {
    let mut values = Vec::new();
    for (d, k) in known {
        let ids = d.identifier_columns();
        values.extend(
            k.by_column
                .iter()
                .filter(|(c, _)| ids.contains(&c.as_str()))
                .flat_map(|(_, v)| v.iter().cloned()),
        );
    }
    values
}

/// Searches every output of the staging folder with the detectors and the run's known values.
fn check_delivery(
    known: &[(&Dataset, KnownValues)],
    shared: Option<Arc<aho_corasick::AhoCorasick>>,
    known_values: u64,
    staging: &Staging,
) -> Result<report::Verification> {
    let t0 = Instant::now();
    let detector = Arc::new(Detector::new(&Kind::patterns()).with_known_set(shared));
    let mut findings = Vec::new();
    for (d, _) in known {
        let expected = d
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.rule.expected_kinds()))
            .collect();
        findings.extend(verify::check_file(
            &d.name,
            &staging.path(&d.output_file),
            d.output_format,
            &detector,
            &expected,
            &d.allow,
        )?);
    }
    Ok(report::Verification {
        detectors: Kind::ALL.iter().map(|k| k.name()).collect(),
        known_values,
        allowed: known
            .iter()
            .flat_map(|(d, _)| d.allow.iter().cloned().map(|a| (d.name.clone(), a)))
            .map(|(ds, a)| report::AllowedFinding {
                dataset: ds,
                column: a.column,
                detector: a.detector,
                reason: a.reason,
            })
            .collect(),
        findings,
        duration_ms: t0.elapsed().as_millis() as u64,
    })
}
