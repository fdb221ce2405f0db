//! Orchestration only: job → plan → key → read → transform → write → report → deliver. Each step
//! lives in its own module; this file wires them and decides nothing about policy.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use polars::prelude::*;
use rayon::prelude::*;

use crate::detect::known::{Insert, KnownBatch, KnownSet, KnownValues, add_value, is_name_column};
use crate::detect::{Detector, Kind};
use crate::error::{Error, Result, polars_message};
use crate::io::Format;
use crate::io::delivery::Staging;
use crate::io::{input, lines, output};
use crate::job::plan::ColumnPlan;
use crate::job::{Dataset, Job, Mode};
use crate::keys::{KEY_ENV, RunKey};
use crate::report::{self, ColumnReport, DatasetReport, InputFile, OutputFile, Report};
use crate::risk::lattice::Tap;
use crate::transform::Rule;
use crate::transform::{self, ColumnCounters};
use crate::verify;

/// The key the job's mode calls for.
pub(crate) fn run_key(job: &Job) -> Result<RunKey> {
    match job.mode {
        Mode::Anonymous => {
            if std::env::var_os(KEY_ENV).is_some() {
                tracing::info!(
                    "note: ${KEY_ENV} is ignored in anonymous mode: every anonymous run uses a fresh key that is never stored"
                );
            }
            RunKey::ephemeral()
        }
        Mode::Pseudonymous => {
            if job.key_file.is_some() && std::env::var_os(KEY_ENV).is_some() {
                tracing::info!(
                    "note: ${KEY_ENV} is ignored: the job's key-file gives the key (its fingerprint is in the report)"
                );
            }
            RunKey::kept(job.key_file.as_deref(), &job.recipient)
        }
    }
}

/// Where the raw values of one dataset's columns go while its inputs are checked: identifier
/// columns into the run-wide set, the parts of full names into the dataset's own set (for its
/// `text` rules), and the columns a `text` rule names in `known = [...]` into that rule's set.
/// A batch's collection (see [`stage_once`]) holds [`KnownBatch`]es instead of sets.
#[derive(Default)]
pub(crate) struct Collection<S = KnownSet> {
    shared: S,
    parts: S,
    lists: Vec<(Vec<String>, S)>,
    /// By the dataset's column index.
    targets: Vec<Option<Target>>,
}

#[derive(Clone, Default)]
struct Target {
    name: String,
    is_name: bool,
    shared: bool,
    parts: bool,
    lists: Vec<usize>,
}

impl Collection {
    pub(crate) fn new(d: &Dataset, with_text_rules: bool) -> Self {
        let ids = d.identifier_columns();
        let default_text = with_text_rules
            && d.columns.iter().any(|c| {
                matches!(
                    &c.rule,
                    Rule::Text(crate::transform::text::Params { known: None, .. })
                )
            });
        let mut lists: Vec<(Vec<String>, KnownSet)> = Vec::new();
        if with_text_rules {
            for c in &d.columns {
                if let Rule::Text(crate::transform::text::Params {
                    known: Some(cols), ..
                }) = &c.rule
                    && !lists.iter().any(|(l, _)| l == cols)
                {
                    lists.push((cols.clone(), KnownSet::new()));
                }
            }
        }
        let targets = d
            .columns
            .iter()
            .map(|c| {
                let mut t = Target {
                    name: c.name.clone(),
                    is_name: is_name_column(&c.name),
                    ..Target::default()
                };
                t.shared = ids.contains(&c.name.as_str());
                t.parts = t.shared && default_text && t.is_name;
                t.lists = (0..lists.len())
                    .filter(|&i| lists[i].0.contains(&c.name))
                    .collect();
                (t.shared || t.parts || !t.lists.is_empty()).then_some(t)
            })
            .collect();
        Collection {
            shared: KnownSet::new(),
            parts: KnownSet::new(),
            lists,
            targets,
        }
    }

    /// An empty collection of one batch's values for the same columns (see [`stage_once`]).
    fn batch(&self) -> Collection<KnownBatch> {
        Collection {
            shared: KnownBatch::default(),
            parts: KnownBatch::default(),
            lists: self
                .lists
                .iter()
                .map(|(c, _)| (c.clone(), KnownBatch::default()))
                .collect(),
            targets: self.targets.clone(),
        }
    }

    /// Adds what `batch` (a [`Collection::batch`] of this one) collected.
    fn absorb(&mut self, batch: Collection<KnownBatch>) {
        self.shared.absorb_batch(batch.shared);
        self.parts.absorb_batch(batch.parts);
        for ((_, mine), (_, theirs)) in self.lists.iter_mut().zip(batch.lists) {
            mine.absorb_batch(theirs);
        }
    }

    /// The (column index, name) pairs wanted.
    pub(crate) fn wanted(&self) -> Vec<(usize, String)> {
        self.targets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| Some((i, t.as_ref()?.name.clone())))
            .collect()
    }
}

impl<S: Insert> Collection<S> {
    fn add(&mut self, column: usize, value: &str) {
        let Some(Some(t)) = self.targets.get(column) else {
            return;
        };
        add_value(
            t.shared.then_some(&mut self.shared),
            t.parts.then_some(&mut self.parts),
            value,
        );
        let name = t.is_name;
        for &l in &t.lists {
            let set = &mut self.lists[l].1;
            add_value(Some(&mut *set), None, value);
            if name {
                add_value(None, Some(set), value);
            }
        }
    }
}

impl Collection {
    /// Reads the wanted columns with polars in one scan (for inputs the CSV checker does not
    /// read field by field: Parquet and NDJSON): each column's distinct values, as text.
    pub(crate) fn read(&mut self, d: &Dataset) -> Result<()> {
        self.read_from(d, &d.sources)
    }

    /// [`Collection::read`] from `sources` (the files polars reads for `d`).
    fn read_from(&mut self, d: &Dataset, sources: &[std::path::PathBuf]) -> Result<()> {
        let wanted = self.wanted();
        if wanted.is_empty() {
            return Ok(());
        }
        let alias = |j: usize| format!("__tokumei_known{j}");
        let exprs: Vec<Expr> = wanted
            .iter()
            .enumerate()
            .map(|(j, (_, c))| {
                col(c.as_str())
                    .cast(DataType::String)
                    .unique()
                    .implode(false)
                    .alias(alias(j))
            })
            .collect();
        let lf = input::scan(sources, d.format, &d.csv)?.with_projection_pushdown(true);
        let df = crate::io::collect(lf.select(exprs), || {
            let files = match d.files.as_slice() {
                [one] => format!("`{}`", crate::error::shown_path(one)),
                all => format!("its {} input files", all.len()),
            };
            format!(
                "dataset `{}`: reading its identifier columns from {files} (a damaged or truncated \
                 file? export or copy it again)",
                d.name
            )
        })?;
        for (j, (i, _)) in wanted.iter().enumerate() {
            let column = df
                .column(&alias(j))
                .map_err(|e| Error::io(polars_message(&e)))?;
            let list = column.list().map_err(|e| Error::io(polars_message(&e)))?;
            let Some(values) = list.get_as_series(0) else {
                continue;
            };
            let ca = values.str().map_err(|e| Error::io(polars_message(&e)))?;
            for v in ca.iter().flatten() {
                self.add(*i, v);
            }
        }
        Ok(())
    }

    /// Reads the wanted columns' distinct values as another engine collected them (the Spark
    /// driver): `dir/<column index>/*.parquet`, one text column each. A wanted column without a
    /// folder is an error: its values would be missing from the check.
    pub(crate) fn read_values(&mut self, dir: &Path, dataset: &str) -> Result<()> {
        for (i, name) in self.wanted() {
            let folder = dir.join(i.to_string());
            let parts = parquet_parts(&folder).map_err(|e| {
                Error::io(format!(
                    "known: dataset `{dataset}`, column `{}`: cannot read `{}`: {}; collect its values again",
                    crate::error::shown(&name),
                    crate::error::shown_path(&folder),
                    e.kind()
                ))
            })?;
            if parts.is_empty() {
                continue;
            }
            let lf = input::scan(&parts, Format::Parquet, &Default::default())?;
            let first = lf
                .clone()
                .collect_schema()
                .map_err(|e| Error::io(polars_message(&e)))?
                .iter_names()
                .next()
                .cloned();
            let Some(first) = first else { continue };
            // Streamed: each batch's values go into the sets as it passes, so memory is the
            // sets' (8 bytes a value), not the values'.
            let me = Arc::new(std::sync::Mutex::new(std::mem::take(self)));
            let m = me.clone();
            let fed = col(first).cast(DataType::String).map(
                move |c: Column| {
                    let ca = c.str()?;
                    let mut me = m.lock().unwrap_or_else(|e| e.into_inner());
                    for v in ca.iter().flatten() {
                        me.add(i, v);
                    }
                    Ok(BooleanChunked::full(c.name().clone(), false, c.len()).into_column())
                },
                |_s: &Schema, f: &Field| Ok(Field::new(f.name().clone(), DataType::Boolean)),
            );
            let read = crate::io::collect(
                lf.select([fed.alias("__tokumei_fed")])
                    .filter(col("__tokumei_fed")),
                || format!("known: dataset `{dataset}`: reading collected values"),
            );
            *self = Arc::try_unwrap(me)
                .map_err(|_| Error::io("internal error: the known values are still shared"))?
                .into_inner()
                .unwrap_or_else(|e| e.into_inner());
            read?;
        }
        Ok(())
    }

    /// The dataset's identifier values (to merge into the run-wide set), and the sets its rules
    /// use (`shared` is filled in once every dataset is read).
    pub(crate) fn finish(self) -> (KnownSet, KnownValues) {
        let own = KnownValues {
            shared: None,
            name_parts: (!self.parts.is_empty()).then(|| Arc::new(self.parts)),
            lists: self
                .lists
                .into_iter()
                .map(|(c, s)| (c, Arc::new(s)))
                .collect(),
        };
        (self.shared, own)
    }
}

/// The Parquet part files another engine wrote into `dir` (Spark), in name order; its marker
/// and hidden files (`_SUCCESS`, `.crc`) are not parts.
fn parquet_parts(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut parts: Vec<std::path::PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "parquet")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(['.', '_']))
        })
        .collect();
    parts.sort();
    Ok(parts)
}

/// The Parquet parts Spark wrote into `dir` for `run --pass1`; none is an error.
fn spark_parts(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let parts = parquet_parts(dir).map_err(|e| {
        Error::io(format!(
            "--pass1: cannot read `{}`: {}",
            crate::error::shown_path(dir),
            e.kind()
        ))
    })?;
    if parts.is_empty() {
        return Err(Error::io(format!(
            "--pass1: `{}` holds no Parquet part; run tokumei-spark again",
            crate::error::shown_path(dir)
        )));
    }
    Ok(parts)
}

/// A dataset's pass-1 expressions: one per delivered column, each counting the rows, nulls
/// and unparsed values it sees; the delivered columns with their counters and output types;
/// and the dropped columns. `run` and `filter` apply the same.
pub(crate) struct RuleExprs<'a> {
    pub(crate) exprs: Vec<Expr>,
    pub(crate) counted: Vec<(&'a ColumnPlan, Arc<ColumnCounters>, DataType)>,
    pub(crate) dropped: Vec<String>,
}

pub(crate) fn rule_exprs<'a>(d: &'a Dataset, key: &RunKey, known: &KnownValues) -> RuleExprs<'a> {
    let mut out = RuleExprs {
        exprs: Vec::new(),
        counted: Vec::new(),
        dropped: Vec::new(),
    };
    for c in &d.columns {
        let counters = Arc::new(ColumnCounters::default());
        let (expr, out_dtype) = match c.rule.build(key, known) {
            None if matches!(c.rule, Rule::Drop) => {
                out.dropped.push(c.name.clone());
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
        out.exprs.push(expr);
        out.counted.push((c, counters, out_dtype));
    }
    out
}

/// A staged file's figures for the report and the delivery check.
#[derive(Clone)]
struct Figures {
    rows: u64,
    nulls: std::collections::HashMap<String, u64>,
    written: output::Written,
    /// The delivery check's findings; `None` until the file is checked.
    findings: Option<Vec<verify::Finding>>,
}

/// Pass 2 without a second read: every write of a staged file goes through [`Pass2::sink`],
/// which counts rows and nulls, hashes the bytes and (for a write that may be the last) runs the
/// delivery check on the values while the file is written, and keeps those figures for the file
/// until the next write replaces it. A file whose last write could not be watched (CSV output,
/// which reads back with other types and nulls) is read back instead, as before.
struct Pass2 {
    detector: Arc<Detector>,
    figures: std::sync::Mutex<std::collections::HashMap<std::path::PathBuf, Figures>>,
    /// The gate's class table of a staged file, built while pass 1 wrote it (see
    /// [`ClassTable::tap`](crate::risk::lattice::ClassTable::tap)); dropped by the next write.
    tables: std::sync::Mutex<std::collections::HashMap<std::path::PathBuf, Tap>>,
    /// Staged files whose last write is pass 1's, uncompressed (see [`Pass2::staging_compression`]).
    uncompressed: std::sync::Mutex<std::collections::HashSet<std::path::PathBuf>>,
}

impl Pass2 {
    fn new(detector: Arc<Detector>) -> Pass2 {
        Pass2 {
            detector,
            tables: Default::default(),
            figures: Default::default(),
            uncompressed: Default::default(),
        }
    }

    /// The compression of pass 1's write of `d`. A gated Parquet dataset's staged file is
    /// normally rewritten by its gate (generalised, suppressed), so pass 1 writes it
    /// uncompressed: compressing it was a tenth of the access log's pass 1, for a file read
    /// once. A staged file the gate leaves as it is gets compressed by [`Pass2::settle`].
    fn staging_compression(d: &Dataset) -> output::Compression {
        if d.risk.is_some() && d.output_format == Format::Parquet {
            output::Compression::Uncompressed
        } else {
            d.compression
        }
    }

    /// Pass 1's write of `d` at `path`: staged with [`Pass2::staging_compression`].
    fn stage(
        &self,
        d: &Dataset,
        lf: LazyFrame,
        path: &Path,
    ) -> Result<(output::Written, Option<Figures>)> {
        let c = Self::staging_compression(d);
        // A file staged uncompressed is always written again (by its gate or `settle`): its
        // checksum would never be used.
        self.sink_compressed(d, lf, path, d.risk.is_none(), c, c == d.compression)
    }

    /// Marks `path` as written by [`Pass2::stage`] (after [`Pass2::record`]).
    fn staged(&self, d: &Dataset, path: &Path) {
        if Self::staging_compression(d) != d.compression {
            self.uncompressed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.to_path_buf());
        }
    }

    /// Once nothing will rewrite `d`'s staged file at `path`: a file still as pass 1 wrote it
    /// (uncompressed, see [`Pass2::staging_compression`]) is written again with the dataset's
    /// compression, checked on the way, and replaces it.
    fn settle(&self, d: &Dataset, path: &Path) -> Result<()> {
        let pending = self
            .uncompressed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(path);
        if !pending {
            return Ok(());
        }
        let tmp = path.with_extension("compressing");
        let lf = input::scan_file(path, d.output_format)?;
        let (_, figures) = self.sink(d, lf, &tmp, true).map_err(|e| {
            Error::io(format!(
                "dataset `{}`: cannot write `{}`: {e}; nothing was delivered",
                d.name, d.output_file
            ))
        })?;
        std::fs::rename(&tmp, path).map_err(|e| {
            Error::io(format!(
                "dataset `{}`: cannot replace the staged `{}`: {}; nothing was delivered",
                d.name,
                d.output_file,
                e.kind()
            ))
        })?;
        self.record(path, figures);
        Ok(())
    }

    fn expected(d: &Dataset) -> std::collections::BTreeMap<String, &'static [Kind]> {
        d.columns
            .iter()
            .map(|c| (c.name.clone(), c.rule.expected_kinds()))
            .collect()
    }

    fn shapes(d: &Dataset) -> std::collections::BTreeMap<String, transform::Shape> {
        d.columns
            .iter()
            .filter_map(|c| Some((c.name.clone(), c.rule.shape()?)))
            .collect()
    }

    /// Streams `lf` into `path` (a file of dataset `d`), watched; with `check`, the delivery
    /// check runs on the way. The figures are `None` when the format cannot be watched.
    fn sink(
        &self,
        d: &Dataset,
        lf: LazyFrame,
        path: &Path,
        check: bool,
    ) -> Result<(output::Written, Option<Figures>)> {
        self.sink_compressed(d, lf, path, check, d.compression, true)
    }

    /// [`Pass2::sink`] with `compression` in place of the dataset's, hashed only if `hash`
    /// (see [`output::sink_hashed`]).
    fn sink_compressed(
        &self,
        d: &Dataset,
        lf: LazyFrame,
        path: &Path,
        check: bool,
        compression: output::Compression,
        hash: bool,
    ) -> Result<(output::Written, Option<Figures>)> {
        if d.output_format != Format::Parquet {
            let written = output::sink_hashed(lf, path, d.output_format, compression, hash)?;
            return Ok((written, None));
        }
        let (expected, shapes) = (Self::expected(d), Self::shapes(d));
        let plan = verify::CheckPlan {
            detector: &self.detector,
            expected: &expected,
            shapes: &shapes,
        };
        let (lf, watch) = verify::watch(lf, check.then_some(&plan))?;
        let written = output::sink_hashed(lf, path, d.output_format, compression, hash)?;
        let figures = Figures {
            rows: watch.rows(),
            nulls: watch.nulls(),
            written: written.clone(),
            findings: watch.findings(&d.name, &d.allow),
        };
        Ok((written, Some(figures)))
    }

    /// Takes over what `other` recorded (writes made before this one existed).
    fn adopt(&self, other: Pass2) {
        fn merge<T: Extend<T::Item> + IntoIterator>(
            into: &std::sync::Mutex<T>,
            from: std::sync::Mutex<T>,
        ) {
            let theirs = from.into_inner().unwrap_or_else(|e| e.into_inner());
            into.lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(theirs);
        }
        merge(&self.figures, other.figures);
        merge(&self.tables, other.tables);
        merge(&self.uncompressed, other.uncompressed);
    }

    /// The class table pass 1 built for the staged file at `path`, if it was built for `spec`
    /// and nothing has written the file since.
    fn take_table(&self, path: &Path, spec: &crate::risk::RiskSpec) -> Option<Tap> {
        let mut map = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        let s = map.get(path)?.spec();
        if s.qis != spec.qis || s.subject != spec.subject || s.sensitive != spec.sensitive {
            return None;
        }
        map.remove(path)
    }

    /// What the last write of the staged file at `path` saw (`None`: read it back).
    fn record(&self, path: &Path, figures: Option<Figures>) {
        // A class table of an earlier write no longer holds.
        self.tables
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
        self.uncompressed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
        let mut map = self.figures.lock().unwrap_or_else(|e| e.into_inner());
        match figures {
            Some(f) => map.insert(path.to_path_buf(), f),
            None => map.remove(path),
        };
    }

    /// The rows and nulls of `d`'s staged file at `path`, as its last write counted them (else
    /// as [`Pass2::figures`] reads them back): its checksum may be empty, so only the counts
    /// are for use. A file staged without its checksum is not read again to hash it here.
    fn counts(&self, d: &Dataset, path: &Path) -> Result<Figures> {
        match self.recorded(path) {
            Some(f) => Ok(f),
            None => self.figures(d, path, false),
        }
    }

    /// The figures the last write of `path` recorded, as they are.
    fn recorded(&self, path: &Path) -> Option<Figures> {
        self.figures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }

    /// The figures of `d`'s staged file at `path`: as its last write saw them, or read back
    /// from it (and then kept); with `check`, the delivery check's findings too.
    fn figures(&self, d: &Dataset, path: &Path, check: bool) -> Result<Figures> {
        let mut f = match self.recorded(path) {
            // A write that skipped its checksum is always written again (`Pass2::stage`);
            // should it ever be the last, the file is hashed from disk, never reported without.
            Some(mut f) if f.written.sha256.is_empty() => {
                tracing::debug!("dataset `{}`: its file is hashed from disk", d.name);
                let (bytes, sha256) = crate::io::checksum::sha256_file(path)?;
                f.written = output::Written { bytes, sha256 };
                f
            }
            Some(f) => f,
            None => {
                let (bytes, sha256) = crate::io::checksum::sha256_file(path)?;
                Figures {
                    rows: output::count_rows(path, d.output_format)?,
                    nulls: output::null_counts(path, d.output_format)?,
                    written: output::Written { bytes, sha256 },
                    findings: None,
                }
            }
        };
        if check && f.findings.is_none() {
            f.findings = Some(verify::check_file(
                &d.name,
                path,
                d.output_format,
                &self.detector,
                &Self::expected(d),
                &Self::shapes(d),
                &d.allow,
            )?);
        }
        // The same write's figures: a class table of it still holds.
        self.figures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), f.clone());
        Ok(f)
    }
}

/// Pass 1 of one dataset: every column's rule applied while the input streams into the staging
/// folder, with per-column counts checked against the rows written. The gate and the delivered
/// file's figures come after every dataset is staged (`gate_all`, `finish_dataset`).
fn stage_dataset(
    d: &Dataset,
    key: &RunKey,
    known: &KnownValues,
    staging: &Staging,
    pass2: &Pass2,
) -> Result<DatasetReport> {
    let t0 = Instant::now();
    // When the input check saw more line breaks than records, the line reader would give up.
    // The files read here are UTF-8 text: the inputs, or the decoded or decompressed copies the
    // input check wrote (`d.sources`), which the line reader reads as well.
    let utf8 = input::CsvOptions {
        encoding: crate::io::source::TextEncoding::Utf8,
        ..d.csv.clone()
    };
    if d.format == Format::Csv && lines::takes(&utf8) && !d.spans_lines {
        // polars' CSV reader names the columns; tokumei's line reader reads the rows.
        let names: Vec<PlSmallStr> = input::scan(&d.sources, d.format, &d.csv)?
            .collect_schema()
            .map_err(|e| Error::io(polars_message(&e)))?
            .iter_names()
            .cloned()
            .collect();
        if let Some(fast) = lines::scan(&d.sources, &utf8, &names, None)? {
            match stage_from(d, fast.frame.clone(), key, known, staging, pass2, t0) {
                Ok(report) if !fast.gave_up() => return Ok(report),
                // The disk is full: reading again would not help.
                Err(e) if !fast.gave_up() && is_out_of_space(&e) => return Err(e),
                // Lines outside plain CSV, or any other failure: polars' CSV reader reads the
                // input again, and its result or error stands.
                _ => tracing::debug!(
                    "dataset `{}`: read again with polars' CSV reader (lines outside plain CSV: {})",
                    d.name,
                    fast.gave_up()
                ),
            }
        }
    }
    let lf = input::scan(&d.sources, d.format, &d.csv)?;
    stage_from(d, lf, key, known, staging, pass2, t0)
}

/// Whether `d`'s input check can be its pass 1 (see [`stage_once`]): a dataset staged while
/// the inputs are checked, whose inputs the line reader takes.
fn reads_once(d: &Dataset) -> bool {
    stages_while_checking(d) && lines::takes(&d.csv)
}

/// Pass 1 of a dataset that [`reads_once`], with its input check in the same read: every file's
/// header and first rows are checked as before; the line reader then takes only lines of plain
/// CSV with as many fields as the header (`io::lines`), which is what the full check would pass,
/// and hands the identifier columns' fields over as it splits them, so the known values are
/// collected on the way (the checker's `Collection`, filled batch by batch on every core).
///
/// `None` when anything is not as this path needs (a line outside plain CSV, text that is not
/// UTF-8, any failure): the caller then checks the inputs in full, whose message names the file,
/// row and column, and stages the dataset the usual way. Nothing read here is kept then.
fn stage_once(
    d: &Dataset,
    key: &RunKey,
    staging: &Staging,
    pass2: &Pass2,
) -> Option<(DatasetReport, Checked, (KnownSet, KnownValues))> {
    use crate::io::source::{self, Extent};
    let t0 = Instant::now();
    let template = Collection::new(d, true);
    let wanted = template.wanted();
    for f in &d.files {
        // The header, the sample of rows and the order of the columns, as the full check sees
        // them (reading the first megabyte or so).
        let mut collect = source::Collect {
            columns: wanted.clone(),
            sink: &mut |_: usize, _: &str| {},
        };
        source::prepare_collecting(
            f,
            &d.csv.dialect(),
            Extent::Header,
            None,
            Some(&mut collect),
        )
        .ok()?;
    }
    let check_ms = t0.elapsed().as_millis() as u64;
    let names: Vec<PlSmallStr> = input::scan(&d.sources, d.format, &d.csv)
        .ok()?
        .collect_schema()
        .ok()?
        .iter_names()
        .cloned()
        .collect();
    // The collection's column indices are the plan's; the line reader's are the header's.
    if wanted
        .iter()
        .any(|(i, name)| names.get(*i).map(|n| n.as_str()) != Some(name.as_str()))
    {
        return None;
    }
    let mut mask = vec![false; names.len()];
    for (i, _) in &wanted {
        mask[*i] = true;
    }
    let collected = Arc::new(std::sync::Mutex::new(Collection::new(d, true)));
    let into = collected.clone();
    let sink = move |fields: &lines::Fields| {
        let mut batch = template.batch();
        for (i, v) in fields.iter() {
            batch.add(i, v);
        }
        into.lock().unwrap_or_else(|e| e.into_inner()).absorb(batch);
    };
    let collect = lines::Collect {
        wanted: mask,
        sink: Arc::new(sink),
    };
    let fast = lines::scan(&d.sources, &d.csv, &names, Some(collect)).ok()??;
    let no_known = KnownValues::default();
    let report = stage_from(d, fast.frame.clone(), key, &no_known, staging, pass2, t0);
    let report = match report {
        Ok(r) if !fast.gave_up() => r,
        Ok(_) => return None,
        Err(e) => {
            tracing::debug!(
                "dataset `{}`: the read-once pass 1 stopped ({}); its inputs are checked in full",
                d.name,
                if e.to_string().contains(lines::GAVE_UP) {
                    "a line outside plain CSV"
                } else {
                    "an error"
                }
            );
            return None;
        }
    };
    tracing::debug!(
        "dataset `{}`: read once (its lines were checked and its known values collected in pass 1), \
         {} rows in {} batches",
        d.name,
        report.rows_in,
        fast.batches()
    );
    drop(fast);
    // The frame's plan may still hold the sink: the collection is taken out of it.
    let collection = std::mem::take(&mut *collected.lock().unwrap_or_else(|e| e.into_inner()));
    let checked = Checked {
        sources: d.sources.clone(),
        rows: report.rows_in,
        rows_checked: Some(report.rows_in),
        spans_lines: false,
        check_ms,
    };
    Some((report, checked, collection.finish()))
}

/// Whether `e` says the output's disk or file size limit is full.
fn is_out_of_space(e: &Error) -> bool {
    let msg = e.to_string();
    msg.contains("no space left") || msg.contains("file size limit")
}

/// [`stage_dataset`] from the input's frame `lf`.
fn stage_from(
    d: &Dataset,
    lf: LazyFrame,
    key: &RunKey,
    known: &KnownValues,
    staging: &Staging,
    pass2: &Pass2,
    t0: Instant,
) -> Result<DatasetReport> {
    let RuleExprs {
        exprs,
        counted,
        dropped,
    } = rule_exprs(d, key, known);
    let out_path = staging.path(&d.output_file);
    let progress = super::progress::Progress::start(
        &d.name,
        d.rows_checked,
        counted.first().map(|(_, c, _)| c.clone()),
    );
    // A gated dataset's class table is built from the rows as they are written (Parquet only:
    // the gate of a CSV file reads its values back as text).
    let (lf, tap) = match &d.risk {
        Some(g) if d.output_format == Format::Parquet => {
            let (lf, tap) = crate::risk::lattice::ClassTable::tap(lf.select(exprs), &g.spec)?;
            (lf, Some(tap))
        }
        _ => (lf.select(exprs), None),
    };
    // Without a risk gate this write is normally the delivered file: it is checked on the way.
    let written = pass2.stage(d, lf, &out_path);
    drop(progress);
    let written = written.map_err(|e| {
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
    let rows_out = match written.1 {
        Some(f) => {
            let rows = f.rows;
            pass2.record(&out_path, Some(f));
            rows
        }
        None => {
            pass2.record(&out_path, None);
            output::count_rows(&out_path, d.output_format)?
        }
    };
    pass2.staged(d, &out_path);
    if let Some(tap) = tap {
        pass2
            .tables
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(out_path.clone(), tap);
    }
    let rows_in = counted
        .first()
        .map(|(_, c, _)| c.get().0)
        .unwrap_or(rows_out);
    // Two readers saw the input: the checker and polars. They must agree on every row.
    if let Some(checked) = d.rows_checked {
        readers_agree(d, checked, rows_in)?;
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
        warn_if_unreadable(d, c, rows, nulls_in, unparsed);
    }
    let columns = counted
        .iter()
        .map(|(c, counters, out_dtype)| {
            let (_, nulls_in, unparsed) = counters.get();
            // Nulls out are counted on the delivered file by `finish_dataset`.
            column_report(c, out_dtype, nulls_in, unparsed, nulls_in + unparsed)
        })
        .collect();
    Ok(dataset_report(
        d,
        columns,
        dropped,
        (rows_in, rows_out),
        t0,
        d.check_ms,
    ))
}

/// The checker and polars read the same inputs; they must agree on every row.
fn readers_agree(d: &Dataset, checked: u64, rows_in: u64) -> Result<()> {
    if checked == rows_in {
        return Ok(());
    }
    Err(Error::io(format!(
        "dataset `{}`: {checked} data rows were checked but {rows_in} were read; the inputs \
         have lines the two readers count differently: empty lines where records span lines or \
         the input is decoded (polars' reader reads each as a row), or lone carriage returns. \
         Nothing was delivered; remove the empty lines, and convert the line endings to \\n or \\r\\n",
        d.name
    )))
}

/// Whether `d`'s pass 1 may run while the inputs are still being checked: it needs no known
/// values (no `text` rule), its pass-1 write is not the checked delivery (a gate rewrites or
/// copies it later, with the check), and polars reads its inputs as they are (CSV, no decoded
/// or decompressed copy).
fn stages_while_checking(d: &Dataset) -> bool {
    d.format == Format::Csv
        && d.risk.is_some()
        && d.output_format == Format::Parquet
        && read_as_they_are(d)
        && !d.columns.iter().any(|c| matches!(c.rule, Rule::Text(_)))
}

/// Warns when a rule could read none of a column's values (all were delivered as null).
fn warn_if_unreadable(d: &Dataset, c: &ColumnPlan, rows: u64, nulls_in: u64, unparsed: u64) {
    if unparsed > 0 && unparsed == rows - nulls_in {
        tracing::warn!(
            "dataset `{}`, column `{}`: rule `{}` could read none of its {unparsed} \
             value(s); all were delivered as null. Check that the rule fits the column",
            d.name,
            crate::error::shown(&c.name),
            c.rule.name()
        );
    }
}

/// A column's line in the report, before the gate.
fn column_report(
    c: &ColumnPlan,
    out_dtype: &DataType,
    nulls_in: u64,
    unparsed: u64,
    nulls_out: u64,
) -> ColumnReport {
    ColumnReport {
        name: c.name.clone(),
        rule: c.rule.name(),
        params: c.rule.to_string(),
        input_type: c.input_dtype.to_string(),
        output_type: out_dtype.to_string(),
        method: c.rule.describe(),
        nulls_in,
        unparsed,
        nulls_out,
        keep_reason: c.rule.keep_reason().map(str::to_string),
    }
}

/// A dataset's report after pass 1: its inputs, the staged file (size and checksum come with
/// `finish_dataset`), rows and columns.
fn dataset_report(
    d: &Dataset,
    columns: Vec<ColumnReport>,
    dropped: Vec<String>,
    (rows_in, rows_out): (u64, u64),
    t0: Instant,
    input_check_ms: u64,
) -> DatasetReport {
    DatasetReport {
        name: d.name.clone(),
        inputs: d
            .files
            .iter()
            .map(|f| InputFile {
                path: crate::report::shown_file_name(f),
                bytes: std::fs::metadata(f).map(|m| m.len()).unwrap_or(0),
            })
            .collect(),
        input_format: d.format.extension(),
        output: OutputFile {
            file: d.output_file.clone(),
            format: d.output_format.extension(),
            compression: (d.output_format == Format::Parquet).then(|| d.compression.name()),
            bytes: 0,
            sha256: String::new(),
        },
        rows_in,
        rows_out,
        duration_ms: t0.elapsed().as_millis() as u64,
        input_check_ms,
        columns,
        // A dropped column whose name reads as a person's name or a value is listed by its
        // position: the report goes to the recipient.
        dropped: dropped
            .into_iter()
            .map(|n| {
                let i = d.columns.iter().position(|c| c.name == n).unwrap_or(0);
                match crate::io::source::shown_column(&n, i) {
                    (_, true) => format!("column {} (name not shown)", i + 1),
                    (_, false) => n,
                }
            })
            .collect(),
        risk: None,
        linked: Vec::new(),
    }
}

/// What the Spark driver counted on the inputs while it ran pass 1 (`DIR/counts.json`): per
/// dataset, the rows read and the nulls per input column.
#[derive(serde::Deserialize)]
struct Pass1Counts {
    datasets: std::collections::BTreeMap<String, Pass1Dataset>,
}

#[derive(serde::Deserialize)]
struct Pass1Dataset {
    rows: u64,
    nulls: std::collections::BTreeMap<String, u64>,
    /// Pass 1's output as Spark counted it (rows, nulls per output column): written when the
    /// driver also grouped the gate's class table (see [`spark_classes`]).
    #[serde(default)]
    staged: Option<Pass1Staged>,
}

#[derive(serde::Deserialize)]
struct Pass1Staged {
    rows: u64,
    nulls: std::collections::BTreeMap<String, u64>,
}

/// The columns of dataset `i`'s class table, in the order a grouped table names them
/// (`__k0`, `__k1`, …, then the rows in `__rows`): the quasi-identifiers, the subject and the
/// sensitive attributes, each once. `None` when the dataset's gate cannot take a table grouped
/// by Spark: it has no gate; linked suppression can change its rows before its gate runs or
/// keeps a copy of them (a link from or to it); or it is delivered as CSV, whose gate reads the
/// values back as text (Spark's table holds them typed). The Spark driver asks for this through
/// `tokumei filter --schema` and groups pass 1's output by these columns.
pub(crate) fn spark_classes(job: &Job, i: usize) -> Option<Vec<String>> {
    let d = &job.datasets[i];
    let g = d.risk.as_ref()?;
    if job.links.iter().any(|l| l.from == i || l.to == i) || d.output_format != Format::Parquet {
        return None;
    }
    let mut cols: Vec<String> = Vec::new();
    let all = g
        .spec
        .qis
        .iter()
        .chain(&g.spec.subject)
        .chain(&g.spec.sensitive);
    for c in all {
        if !cols.contains(c) {
            cols.push(c.clone());
        }
    }
    Some(cols)
}

/// A gated dataset whose pass 1 Spark ran and whose class table Spark grouped: its staged file
/// is not copied from Spark's parts before the gate. The gate searches on Spark's table, and its
/// rewrite reads the parts (or, when it rewrites nothing, the parts are copied right after it):
/// the driver's machine reads the data once instead of three times.
struct Deferred {
    parts: Vec<std::path::PathBuf>,
    /// The plan's columns, in its order and with the types `run` writes.
    casts: Vec<Expr>,
    classes: Vec<std::path::PathBuf>,
    columns: Vec<String>,
    dtypes: std::collections::HashMap<String, DataType>,
    /// Rows of pass 1's output.
    rows: u64,
}

impl Deferred {
    fn scan(&self) -> Result<LazyFrame> {
        Ok(
            input::scan(&self.parts, Format::Parquet, &Default::default())?
                .select(self.casts.clone()),
        )
    }

    /// Spark's class table, checked against pass 1's row count.
    fn class_table(
        &self,
        d: &Dataset,
        spec: &crate::risk::RiskSpec,
    ) -> Result<crate::risk::lattice::ClassTable> {
        let mut exprs: Vec<Expr> = self
            .columns
            .iter()
            .enumerate()
            .map(|(j, name)| {
                let k = col(format!("__k{j}"));
                match self.dtypes.get(name) {
                    Some(t) => k.strict_cast(t.clone()),
                    None => k,
                }
                .alias(name.as_str())
            })
            .collect();
        exprs.push(col("__rows"));
        let lf = input::scan(&self.classes, Format::Parquet, &Default::default())?.select(exprs);
        let t = crate::risk::lattice::ClassTable::build_grouped(lf, spec, "__rows").map_err(|e| {
            Error::io(format!(
                "dataset `{}`: Spark's class table cannot be read: {e}; nothing was delivered (run tokumei-spark again)",
                d.name
            ))
        })?;
        if t.total_rows != self.rows {
            return Err(Error::io(format!(
                "dataset `{}`: Spark's class table counts {} rows but its pass 1 wrote {}; nothing was delivered (run tokumei-spark again)",
                d.name, t.total_rows, self.rows
            )));
        }
        Ok(t)
    }
}

impl Pass1Counts {
    fn read(dir: &Path) -> Result<Pass1Counts> {
        let path = dir.join("counts.json");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::io(format!(
                "--pass1: cannot read `{}`: {}; it is written by tokumei-spark",
                crate::error::shown_path(&path),
                e.kind()
            ))
        })?;
        serde_json::from_str(&text).map_err(|e| {
            Error::io(format!(
                "--pass1: `{}` is not what tokumei-spark writes: {e}",
                crate::error::shown_path(&path)
            ))
        })
    }
}

/// Pass 1 done elsewhere (`tokumei run --pass1 DIR`, from the Spark driver): the dataset's
/// rules were applied by `tokumei filter` on every partition and written as Parquet parts to
/// `DIR/NAME/`. They become the staged file, in the plan's column order and output types, and
/// the report's input figures come from the driver's counts (`counts.json`); a value a rule
/// could not read is one that is null after pass 1 but was not null in the input.
fn adopt_pass1(
    d: &Dataset,
    key: &RunKey,
    known: &KnownValues,
    (dir, counts): (&Path, &Pass1Counts),
    classes: Option<Vec<String>>,
    staging: &Staging,
    pass2: &Pass2,
) -> Result<(DatasetReport, Option<Deferred>)> {
    let t0 = Instant::now();
    let Some(c) = counts.datasets.get(&d.name) else {
        return Err(Error::io(format!(
            "--pass1: `counts.json` has no dataset `{}`; run tokumei-spark again",
            d.name
        )));
    };
    let parts = spark_parts(&dir.join(&d.name))?;
    let RuleExprs {
        counted, dropped, ..
    } = rule_exprs(d, key, known);
    let out_path = staging.path(&d.output_file);
    let lf = input::scan(&parts, Format::Parquet, &Default::default())?;
    // The plan's columns, in its order and with the types `run` writes (Spark writes
    // microsecond timestamps).
    let exprs: Vec<Expr> = counted
        .iter()
        .map(|(c, _, dtype)| col(c.name.as_str()).strict_cast(dtype.clone()))
        .collect();
    // Spark grouped the gate's class table and counted pass 1's output: nothing is copied
    // before the gate (see [`Deferred`]).
    let grouped_dir = dir.join(format!("{}.classes", d.name));
    if let (Some(columns), Some(staged), true) = (classes, &c.staged, grouped_dir.is_dir()) {
        let grouped = spark_parts(&grouped_dir)?;
        if staged.rows != c.rows {
            return Err(Error::io(format!(
                "dataset `{}`: Spark read {} rows but its pass 1 wrote {}; nothing was delivered (a lost or repeated partition?)",
                d.name, c.rows, staged.rows
            )));
        }
        let columns_report = counted
            .iter()
            .map(|(col_plan, _, out_dtype)| {
                let nulls_in = c.nulls.get(&col_plan.name).copied().unwrap_or(0);
                let nulls_after = staged.nulls.get(&col_plan.name).copied().unwrap_or(0);
                let unparsed = nulls_after.saturating_sub(nulls_in);
                warn_if_unreadable(d, col_plan, c.rows, nulls_in, unparsed);
                column_report(col_plan, out_dtype, nulls_in, unparsed, nulls_after)
            })
            .collect();
        let deferred = Deferred {
            parts,
            casts: exprs,
            classes: grouped,
            columns,
            dtypes: counted
                .iter()
                .map(|(c, _, t)| (c.name.clone(), t.clone()))
                .collect(),
            rows: staged.rows,
        };
        let report = dataset_report(d, columns_report, dropped, (c.rows, staged.rows), t0, 0);
        return Ok((report, Some(deferred)));
    }
    let (_, figures) = pass2.stage(d, lf.select(exprs), &out_path).map_err(|e| {
        Error::io(format!(
            "dataset `{}`: cannot stage Spark's pass 1: {e}; nothing was delivered",
            d.name
        ))
    })?;
    pass2.record(&out_path, figures);
    pass2.staged(d, &out_path);
    let Figures {
        rows: rows_out,
        nulls: staged_nulls,
        ..
    } = pass2.counts(d, &out_path)?;
    if rows_out != c.rows {
        return Err(Error::io(format!(
            "dataset `{}`: Spark read {} rows but its pass 1 wrote {rows_out}; nothing was delivered (a lost or repeated partition?)",
            d.name, c.rows
        )));
    }
    let columns = counted
        .iter()
        .map(|(col_plan, _, out_dtype)| {
            let nulls_in = c.nulls.get(&col_plan.name).copied().unwrap_or(0);
            let nulls_after = staged_nulls.get(&col_plan.name).copied().unwrap_or(0);
            let unparsed = nulls_after.saturating_sub(nulls_in);
            warn_if_unreadable(d, col_plan, c.rows, nulls_in, unparsed);
            column_report(col_plan, out_dtype, nulls_in, unparsed, nulls_after)
        })
        .collect();
    Ok((
        dataset_report(d, columns, dropped, (c.rows, rows_out), t0, 0),
        None,
    ))
}

fn staged_file<'a>(d: &'a Dataset, path: &'a Path, pass2: &'a Pass2) -> StagedFile<'a> {
    StagedFile {
        path,
        d,
        pass2,
        deferred: None,
    }
}

fn thresholds(g: &crate::job::plan::RiskGate) -> crate::risk::Thresholds {
    crate::risk::Thresholds {
        min_l: g.min_l,
        max_t: g.max_t,
        max_suppression: g.max_suppression,
        suppress: g.suppress,
        metric: g.metric,
        traces: g.traces,
    }
}

/// The re-identification gate of one staged dataset: measure what would be delivered,
/// generalise and suppress within the budget, and refuse to deliver when the thresholds cannot
/// be met.
fn gate_dataset(
    d: &Dataset,
    staging: &Staging,
    pass2: &Pass2,
    deferred: Option<&Deferred>,
    rep: &mut DatasetReport,
) -> Result<()> {
    let Some(g) = &d.risk else { return Ok(()) };
    let t0 = Instant::now();
    // Each quasi-identifier's hierarchy follows from the rule that produced it.
    let hierarchies: Vec<_> = g
        .spec
        .qis
        .iter()
        .map(|q| {
            g.tables
                .get(q)
                .cloned()
                .or_else(|| d.columns.iter().find(|c| &c.name == q)?.rule.hierarchy())
        })
        .collect();
    let path = staging.path(&d.output_file);
    let staged = StagedFile {
        deferred,
        ..staged_file(d, &path, pass2)
    };
    let r = crate::risk::apply_gate(&staged, &g.spec, thresholds(g), &hierarchies)?;
    if !r.passed {
        return Err(Error::risk(r.failure_message(&d.name)));
    }
    if let Some(deferred) = deferred {
        if !path.exists() {
            // The gate rewrote nothing: pass 1's output is the delivered file, checked on the way.
            let (_, figures) = pass2.sink(d, deferred.scan()?, &path, true).map_err(|e| {
                Error::io(format!(
                    "dataset `{}`: cannot stage Spark's pass 1: {e}; nothing was delivered",
                    d.name
                ))
            })?;
            pass2.record(&path, figures);
        }
        // The gate measured Spark's class table; the file it leaves must hold those rows.
        let written = pass2.counts(d, &path)?.rows;
        if written != r.after.rows {
            return Err(Error::io(format!(
                "dataset `{}`: the gate's measures count {} rows but {written} were written; nothing was delivered (Spark's class table does not match its pass 1: run tokumei-spark again)",
                d.name, r.after.rows
            )));
        }
    }
    rep.rows_out = r.after.rows;
    rep.risk = Some(r);
    rep.duration_ms += t0.elapsed().as_millis() as u64;
    Ok(())
}

/// The delivered file's figures once nothing will change it any more: rows, nulls per column
/// (the risk gate and linked suppression may have generalised or removed rows), size, SHA-256.
/// Taken while the file was last written, or read back from it (see [`Pass2`]).
fn finish_dataset(
    d: &Dataset,
    staging: &Staging,
    pass2: &Pass2,
    rep: &mut DatasetReport,
) -> Result<()> {
    let path = staging.path(&d.output_file);
    pass2.settle(d, &path)?;
    let f = pass2.figures(d, &path, false)?;
    for c in &mut rep.columns {
        if let Some(n) = f.nulls.get(&c.name) {
            c.nulls_out = *n;
        }
    }
    rep.rows_out = f.rows;
    rep.output.bytes = f.written.bytes;
    rep.output.sha256 = f.written.sha256;
    Ok(())
}

/// A gated dataset that another dataset's step left below its own thresholds: its measures
/// now, against them.
fn no_longer_holds(name: &str, rep: &crate::risk::GateReport, cause: &str, fix: &str) -> Error {
    let mut now = vec![format!("k = {} (min-k {})", rep.after.k, rep.min_k)];
    if let Some(l) = rep.min_l {
        for d in &rep.after.l_diversity {
            now.push(format!(
                "l = {} for `{}` (min-l {l})",
                d.distinct_l, d.attribute
            ));
        }
    }
    if let Some(t) = &rep.traces
        && let Some(k) = t.min_km
    {
        now.push(format!("k^{} = {} (min-km {k})", t.after.items, t.after.k));
    }
    Error::risk(format!(
        "dataset `{name}`: after {cause}, it no longer meets its own risk thresholds: {}; nothing was delivered.\n  {fix}",
        now.join(", ")
    ))
}

/// The gates of every dataset, with linked suppression: a subject one gate suppressed leaves
/// (or is unlinked in) every dataset linked to it. Datasets whose gates carry suppressions to
/// others are gated first, so a linked dataset is gated on what is left of it; a removal that
/// reaches a dataset already gated re-checks it (suppressing within its own budget), and what
/// that re-check suppresses flows on in turn. Every step only removes, so this ends.
fn gate_all(
    job: &Job,
    staging: &Staging,
    pass2: &Pass2,
    deferred: &[Option<Deferred>],
    reports: &mut [DatasetReport],
) -> Result<()> {
    use crate::risk::linked::{self, Link, LinkedReport};
    let n = job.datasets.len();
    let links = &job.links;
    let is_source = |i: usize| links.iter().any(|l| l.from == i);
    let mut order: Vec<usize> = (0..n).filter(|&i| is_source(i)).collect();
    order.extend((0..n).filter(|&i| !is_source(i)));
    let mut gated = vec![false; n];
    // Values suppressed so far, per link source: (dataset, column, values).
    let mut removed: Vec<(usize, String, DataFrame)> = Vec::new();
    let scan = |i: usize| {
        let d = &job.datasets[i];
        input::scan_file(&staging.path(&d.output_file), d.output_format)
    };
    // Keeps the file as it is now (a hard link: replacing the staged file writes a new one).
    let keep = |i: usize| -> Result<std::path::PathBuf> {
        let d = &job.datasets[i];
        let path = staging.path(&d.output_file);
        let kept = staging.path(&format!(".{}.before-gate", d.output_file));
        let _ = std::fs::remove_file(&kept);
        std::fs::hard_link(&path, &kept)
            .or_else(|_| std::fs::copy(&path, &kept).map(|_| ()))
            .map_err(|e| {
                Error::io(format!(
                    "dataset `{}`: cannot keep the staged file for linked suppression: {}",
                    d.name,
                    e.kind()
                ))
            })?;
        Ok(kept)
    };
    // What vanished from source `i` since `kept`, per outgoing column.
    let vanished_from = |i: usize, kept: &Path| -> Result<Vec<(usize, String, DataFrame)>> {
        let d = &job.datasets[i];
        let mut cols: Vec<&str> = links
            .iter()
            .filter(|l| l.from == i)
            .map(|l| l.from_column.as_str())
            .collect();
        cols.dedup();
        let mut out = Vec::new();
        for c in cols {
            let v = linked::vanished(input::scan_file(kept, d.output_format)?, scan(i)?, c)?;
            if v.height() > 0 {
                out.push((i, c.to_string(), v));
            }
        }
        Ok(out)
    };
    // Applies one source's removed values to dataset `t` through link `l`: the rows removed,
    // and the rows removed or unlinked.
    let apply =
        |l: &Link, values: &DataFrame, reports: &mut [DatasetReport]| -> Result<(u64, u64)> {
            let d = &job.datasets[l.to];
            let path = staging.path(&d.output_file);
            let (subjects, rows) = linked::apply(
                &staged_file(d, &path, pass2),
                &l.to_column,
                values,
                job.linked_action,
            )?;
            if rows > 0 {
                let from = &job.datasets[l.from].name;
                tracing::info!(
                    "{}: {} row(s) of {} subject(s) suppressed in {} {}",
                    d.name,
                    rows,
                    subjects,
                    from,
                    match job.linked_action {
                        linked::Action::Remove => "removed",
                        linked::Action::Unlink => "unlinked",
                    }
                );
                reports[l.to].linked.push(LinkedReport {
                    from: format!("{from}.{}", l.from_column),
                    column: l.to_column.clone(),
                    action: match job.linked_action {
                        linked::Action::Remove => "removed",
                        linked::Action::Unlink => "unlinked",
                    },
                    subjects,
                    rows,
                });
            }
            Ok(if job.linked_action == linked::Action::Remove {
                (rows, rows)
            } else {
                (0, rows)
            })
        };
    for &i in &order {
        let d = &job.datasets[i];
        // Suppressions of datasets gated before this one reach it before its own gate.
        for l in links.iter().filter(|l| l.to == i && gated[l.from]) {
            for (_, _, values) in removed
                .iter()
                .filter(|(s, c, _)| *s == l.from && *c == l.from_column)
            {
                apply(l, values, reports)?;
            }
        }
        let kept = if is_source(i) && d.risk.is_some() {
            Some(keep(i)?)
        } else {
            None
        };
        gate_dataset(d, staging, pass2, deferred[i].as_ref(), &mut reports[i])?;
        gated[i] = true;
        let Some(kept) = kept else { continue };
        let mut queue = vanished_from(i, &kept)?;
        let _ = std::fs::remove_file(&kept);
        // Suppressions flow to linked datasets already gated; their re-checks flow on.
        while let Some((s, c, values)) = queue.pop() {
            for l in links
                .iter()
                .filter(|l| l.from == s && l.from_column == c && gated[l.to])
            {
                let t = l.to;
                let kept_t = if is_source(t) { Some(keep(t)?) } else { None };
                let rows_before = output::count_rows(
                    &staging.path(&job.datasets[t].output_file),
                    job.datasets[t].output_format,
                )?;
                let (removed_rows, touched_rows) = apply(l, &values, reports)?;
                if let (Some(g), true) = (&job.datasets[t].risk, touched_rows > 0) {
                    let path = staging.path(&job.datasets[t].output_file);
                    let staged = staged_file(&job.datasets[t], &path, pass2);
                    let rep = reports[t].risk.as_mut().expect("gated with a risk section");
                    let subjects_before = rep.after.subjects;
                    let now = crate::risk::measure(scan(t)?, &g.spec)?;
                    let removed_subjects = if g.spec.subject.is_some() {
                        subjects_before.saturating_sub(now.subjects)
                    } else {
                        rows_before.saturating_sub(now.rows)
                    };
                    let mut refixed = true;
                    if removed_rows > 0 {
                        crate::risk::refix_after_linked(
                            &staged,
                            &g.spec,
                            thresholds(g),
                            rep,
                            removed_rows,
                            removed_subjects,
                        )?;
                        refixed = rep.passed;
                    }
                    // The row measures and the traces of what is left (unlinked rows join the
                    // null subject; a re-check's suppression leaves other traces).
                    crate::risk::remeasure(&staged, &g.spec, thresholds(g), rep)?;
                    if refixed && !rep.passed {
                        return Err(no_longer_holds(
                            &job.datasets[t].name,
                            rep,
                            &format!(
                                "the subjects {} suppressed were {} it (linked suppression)",
                                job.datasets[s].name,
                                match job.linked_action {
                                    linked::Action::Remove => "removed from",
                                    linked::Action::Unlink => "unlinked in",
                                }
                            ),
                            "give the linking column its own pseudonym domain, or generalise its quasi-identifiers further",
                        ));
                    }
                    if !rep.passed {
                        return Err(Error::risk(format!(
                            "{}\n  the subjects {} suppressed were removed from it too (linked suppression); \
                             give the linking column its own pseudonym domain, raise max-suppression, or set \
                             linked-suppression = \"unlink\"",
                            rep.failure_message(&job.datasets[t].name),
                            job.datasets[s].name
                        )));
                    }
                }
                if let Some(kept_t) = kept_t {
                    queue.extend(vanished_from(t, &kept_t)?);
                    let _ = std::fs::remove_file(&kept_t);
                }
            }
            removed.push((s, c, values));
        }
    }
    Ok(())
}

/// Pass 1 of the datasets not yet staged, beside the gates of those that are (staged while the
/// inputs were checked): a large log's gate keeps about 1.3 of 2 cores busy, and the other
/// datasets' pass 1, gate and delivery check use what it leaves. Only for jobs without
/// links, where each gate is the dataset's own (`gate_all` runs them in this order too).
/// The first error is the one a run in order would meet: a failed pass 1 before any gate,
/// then the first failed gate in the job's order.
fn stage_beside_gates(
    job: &Job,
    key: &RunKey,
    knowns: &[KnownValues],
    staged_early: Vec<Option<DatasetReport>>,
    staging: &Staging,
    pass2: &Pass2,
) -> Result<Vec<DatasetReport>> {
    debug_assert!(job.links.is_empty());
    let n = job.datasets.len();
    let (early, late): (Vec<_>, Vec<_>) = staged_early
        .into_iter()
        .enumerate()
        .partition(|(_, r)| r.is_some());
    type Outcome = (usize, Result<DatasetReport>);
    let gate = |i: usize, mut report: DatasetReport| -> Outcome {
        let d = &job.datasets[i];
        let r = gate_dataset(d, staging, pass2, None, &mut report);
        (i, r.map(|()| report))
    };
    let (gated_early, failed, gated_late) = std::thread::scope(|s| {
        let gates = s.spawn(|| {
            early
                .into_iter()
                .map(|(i, r)| gate(i, r.expect("partitioned on Some")))
                .collect::<Vec<Outcome>>()
        });
        // Every dataset is staged before any of them is gated, as in a run in order; a
        // failed pass 1 stops the others.
        let mut staged: Vec<(usize, DatasetReport)> = Vec::new();
        let mut failed = None;
        for (i, _) in late {
            match stage_dataset(&job.datasets[i], key, &knowns[i], staging, pass2) {
                Ok(report) => staged.push((i, report)),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let gated_late: Vec<Outcome> = if failed.is_none() {
            staged.into_iter().map(|(i, r)| gate(i, r)).collect()
        } else {
            Vec::new()
        };
        (gates.join(), failed, gated_late)
    });
    let gated_early = gated_early
        .map_err(|_| Error::io("internal error: a risk gate stopped; nothing was delivered"))?;
    if let Some(e) = failed {
        return Err(e);
    }
    let mut reports: Vec<Option<DatasetReport>> = (0..n).map(|_| None).collect();
    let mut outcomes: Vec<Outcome> = gated_early.into_iter().chain(gated_late).collect();
    outcomes.sort_by_key(|(i, _)| *i);
    for (i, r) in outcomes {
        reports[i] = Some(r?);
    }
    reports
        .into_iter()
        .map(|r| r.ok_or_else(|| Error::io("internal error: a dataset was not staged")))
        .collect()
}

/// Reads every input of `d` once before the run transforms it: every row is checked (field
/// counts, quotes, encoding), decoded or decompressed inputs get a UTF-8 copy in `work`, and an
/// input without data rows is refused unless the job allows it. Afterwards `d.sources` names
/// the files polars reads.
pub(crate) fn prepare_dataset(
    d: &mut Dataset,
    work: &Path,
    collection: Option<&mut Collection>,
) -> Result<u64> {
    let checked = check_inputs(d, work, collection)?;
    let rows = checked.rows;
    checked.apply(d);
    Ok(rows)
}

/// What checking a dataset's inputs found (see [`prepare_dataset`]).
pub(crate) struct Checked {
    /// The files polars reads.
    sources: Vec<std::path::PathBuf>,
    rows: u64,
    rows_checked: Option<u64>,
    spans_lines: bool,
    check_ms: u64,
}

impl Checked {
    fn apply(self, d: &mut Dataset) {
        d.sources = self.sources;
        d.rows_checked = self.rows_checked;
        d.spans_lines = self.spans_lines;
        d.check_ms = self.check_ms;
    }
}

/// The error for an input without data rows (unless the job allows it).
pub(crate) fn no_rows(d: &Dataset) -> Error {
    Error::io(format!(
        "dataset `{}`: the input has no data rows (a failed upstream export?); \
         nothing was delivered. If an empty delivery is expected, set allow-empty = true in \
         [datasets.{}]",
        d.name, d.name
    ))
}

/// Whether polars reads `d`'s inputs as they are (no decoded or decompressed copy).
fn read_as_they_are(d: &Dataset) -> bool {
    use crate::io::source;
    d.files.iter().all(|f| {
        source::Compressed::of(f) == source::Compressed::No
            && !(d.format == Format::Csv && d.csv.encoding != source::TextEncoding::Utf8)
    })
}

/// The work of [`prepare_dataset`], without changing `d`: every input read and checked once,
/// the known values collected on the way.
fn check_inputs(
    d: &Dataset,
    work: &Path,
    mut collection: Option<&mut Collection>,
) -> Result<Checked> {
    use crate::io::source::{self, Extent};
    let t0 = Instant::now();
    let planned: Vec<&str> = d.columns.iter().map(|c| c.name.as_str()).collect();
    let mut sources = Vec::with_capacity(d.files.len());
    let mut rows = 0u64;
    let mut spans_lines = false;
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
            Format::Csv => match collection.as_deref_mut() {
                None => source::prepare(f, &d.csv.dialect(), Extent::All, Some(&copy))?,
                Some(c) => {
                    let columns = c.wanted();
                    let mut sink = |i: usize, v: &str| c.add(i, v);
                    let mut collect = source::Collect {
                        columns,
                        sink: &mut sink,
                    };
                    source::prepare_collecting(
                        f,
                        &d.csv.dialect(),
                        Extent::All,
                        Some(&copy),
                        Some(&mut collect),
                    )?
                }
            },
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
                    spans_lines: false,
                    sample: Vec::new(),
                }
            }
        };
        rows += p.rows;
        spans_lines |= p.spans_lines;
        sources.push(p.readable);
    }
    if rows == 0 && !d.allow_empty {
        return Err(no_rows(d));
    }
    let rows_checked = (d.format != Format::Parquet).then_some(rows);
    if d.format != Format::Csv
        && let Some(c) = collection
    {
        // What polars reads: the checked (decoded) sources.
        c.read_from(d, &sources)?;
    }
    Ok(Checked {
        sources,
        rows,
        rows_checked,
        spans_lines,
        check_ms: t0.elapsed().as_millis() as u64,
    })
}

/// A staged output file, as the risk gate reads and replaces it: read with `io`, replaced by
/// streaming into a scratch file beside it and renaming that over it.
/// Every rewrite is watched and checked (see [`Pass2`]): it may be the delivered file.
struct StagedFile<'a> {
    path: &'a Path,
    d: &'a Dataset,
    pass2: &'a Pass2,
    /// Until the file is first written, the dataset is Spark's parts (see [`Deferred`]).
    deferred: Option<&'a Deferred>,
}

impl StagedFile<'_> {
    fn deferred(&self) -> Option<&Deferred> {
        self.deferred.filter(|_| !self.path.exists())
    }
}

impl crate::risk::Staged for StagedFile<'_> {
    fn scan(&self) -> Result<LazyFrame> {
        match self.deferred() {
            Some(d) => d.scan(),
            None => input::scan_file(self.path, self.d.output_format),
        }
    }

    fn class_table(
        &self,
        spec: &crate::risk::RiskSpec,
    ) -> Result<crate::risk::lattice::ClassTable> {
        if let Some(d) = self.deferred() {
            return d.class_table(self.d, spec);
        }
        // Pass 1 built it while writing the file; it must count the rows the file holds.
        if let Some(table) = self
            .pass2
            .take_table(self.path, spec)
            .and_then(|t| t.finish())
        {
            let table = table?;
            let rows = self.pass2.counts(self.d, self.path)?.rows;
            if table.total_rows == rows {
                tracing::debug!(
                    "risk gate: the class table of `{}` was built in pass 1",
                    self.d.name
                );
                return Ok(table);
            }
            return Err(Error::io(format!(
                "dataset `{}`: pass 1's class table counts {} rows but {rows} were written; nothing was delivered (please report this bug)",
                self.d.name, table.total_rows
            )));
        }
        crate::risk::lattice::ClassTable::build(self.scan()?, spec)
    }

    fn replace(&self, lf: LazyFrame, step: &str) -> Result<()> {
        let tmp = self.path.with_extension(step);
        let (_, figures) = self.pass2.sink(self.d, lf, &tmp, true).map_err(|e| {
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
        })?;
        self.pass2.record(self.path, figures);
        Ok(())
    }
}

/// `tokumei run`.
/// Anonymous data must have its small groups removed (APPI, PPC Rule 34 (4), (5)): a dataset
/// that delivers columns which can be quasi-identifiers (kept or generalised values) without a
/// risk section is not measured, and the run says so, naming the dataset (never a value).
fn warn_ungated(job: &Job) {
    if job.mode != Mode::Anonymous {
        return;
    }
    // Three datasets or more in one pseudonym domain: the recipient can join them all, and
    // only pairs are measured.
    let mut by_domain: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for d in &job.datasets {
        let mut domains: Vec<&str> = d
            .columns
            .iter()
            .filter_map(|c| match &c.rule {
                Rule::Pseudonym(p) => Some(p.domain.as_str()),
                _ => None,
            })
            .collect();
        domains.dedup();
        for dom in domains {
            by_domain.entry(dom).or_default().push(&d.name);
        }
    }
    for names in by_domain.values().filter(|n| n.len() >= 3) {
        tracing::warn!(
            "datasets {} deliver pseudonyms of one domain, so the recipient can join all of them: each pair's join is measured, the join of all is not; give all but two of them a domain of their own",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for d in job.datasets.iter().filter(|d| d.risk.is_none()) {
        let n = d
            .columns
            .iter()
            .filter(|c| c.rule.hierarchy().is_some())
            .count();
        if n > 0 {
            tracing::warn!(
                "dataset `{}`: anonymous mode without a [datasets.{}.risk] section: {n} column(s) that can be quasi-identifiers (kept or generalised) are delivered without a k-anonymity check; APPI's Rule 34 expects small groups removed, so add a risk section listing them",
                d.name,
                crate::job::spec::quote_key(&d.name)
            );
        }
    }
}

pub(crate) fn run(
    job_path: &Path,
    overrides: &crate::job::plan::Overrides,
    dry_run: bool,
    pass1: Option<&Path>,
) -> Result<()> {
    let job = crate::job::plan::load_with(job_path, overrides)?;
    let key = run_key(&job)?;
    if dry_run {
        super::check::print_plan(&job, &key);
        outln!("\ndry run: the job is valid; nothing was written");
        return Ok(());
    }
    // Each input's size and modification time before the first read: a file that another
    // process writes while the run reads it (more than once: the check, pass 1) may be read
    // differently each time, so it is compared again before delivering.
    let stamps = InputStamps::of(&job.datasets);
    crate::io::workdir::watch_inputs(
        job.datasets
            .iter()
            .flat_map(|d| d.files.iter().map(move |f| (d.name.clone(), f.clone()))),
    );
    // A run that fails while an input changes under it failed because of that, most likely (a
    // file cut in the middle of a row reads as a ragged row): the change is reported first. The
    // exit code stays the failure's (a leak found is still exit 4).
    deliver(job, key, pass1, &stamps).map_err(|e| match stamps.unchanged() {
        Ok(()) => e,
        Err(changed) if changed.to_string() == e.to_string() => e,
        Err(changed) => {
            let message = format!("{changed}\n  (the run stopped first on: {e})");
            e.reworded(message)
        }
    })
}

/// [`run`] once the job is loaded and its inputs' stamps are taken.
fn deliver(mut job: Job, key: RunKey, pass1: Option<&Path>, stamps: &InputStamps) -> Result<()> {
    let started_at = report::now();
    let t0 = Instant::now();
    let _trimmer = crate::io::Trimmer::start(std::time::Duration::from_secs(1));
    let staging = Staging::begin(&job.output_dir)?;
    warn_ungated(&job);
    // Decoded copies of inputs that polars cannot read as they are; removed before delivery.
    let work = staging.path(".decoded");
    // Every input is checked row by row before anything is transformed; the same read collects
    // the known values: every dataset's identifier values in one run-wide set (for `text` rules
    // and the delivery check), name parts and `known = [...]` lists per dataset.
    // Datasets are checked in parallel (a CSV check is one thread's work).
    // Spark read and checked the inputs; its driver built the known values (`tokumei known`).
    let known_file = pass1
        .map(|dir| dir.join("known.bin"))
        .filter(|f| f.exists());
    // Figures of the writes made while the inputs were checked, and those datasets' reports.
    let early_pass2 = Pass2::new(Arc::new(Detector::new(&Kind::patterns())));
    let mut staged_early: Vec<Option<DatasetReport>> = job.datasets.iter().map(|_| None).collect();
    let (shared, mut knowns) = match &known_file {
        Some(f) => {
            let mut knowns = super::known::read(f, &job)?;
            let shared = knowns.first().and_then(|k| k.shared.clone());
            for k in &mut knowns {
                k.shared = None;
            }
            (shared.unwrap_or_default(), knowns)
        }
        None if pass1.is_some() => {
            // Spark read and checked the inputs; the known values are read here.
            let checked: Vec<Result<(KnownSet, KnownValues)>> = job
                .datasets
                .par_iter()
                .map(|d| {
                    let mut c = Collection::new(d, true);
                    c.read(d)?;
                    Ok(c.finish())
                })
                .collect();
            let mut shared = KnownSet::new();
            let mut knowns = Vec::new();
            for r in checked {
                let (ids, own) = r?;
                shared.absorb(ids);
                knowns.push(own);
            }
            (Arc::new(shared), knowns)
        }
        None => {
            // A dataset that `stages_while_checking` runs its pass 1 while the inputs are
            // checked: both read the file at once (one read from the disk), and the second
            // core works while one thread checks a large file. Its result is used only if
            // every check passes and the two readers agree on its rows.
            // A dataset that `reads_once` has no separate check: its pass 1 checks its rows
            // and collects its known values (`stage_once`), unless it meets something that
            // needs the full check.
            let early: Vec<usize> = (0..job.datasets.len())
                .filter(|&i| stages_while_checking(&job.datasets[i]))
                .collect();
            let once: Vec<bool> = job.datasets.iter().map(reads_once).collect();
            let no_known = KnownValues::default();
            type Collected = (Checked, (KnownSet, KnownValues));
            let (checked, staged) = std::thread::scope(|s| {
                let checker = s.spawn(|| {
                    job.datasets
                        .par_iter()
                        .zip(&once)
                        .map(|(d, once)| {
                            if *once {
                                return Ok(None);
                            }
                            let mut c = Collection::new(d, true);
                            let checked = check_inputs(d, &work, Some(&mut c))?;
                            Ok(Some((checked, c.finish())))
                        })
                        .collect::<Vec<Result<Option<Collected>>>>()
                });
                let staged: Vec<(usize, Option<Result<DatasetReport>>, Option<Collected>)> = early
                    .iter()
                    .map(|&i| {
                        let d = &job.datasets[i];
                        if once[i] {
                            match stage_once(d, &key, &staging, &early_pass2) {
                                Some((report, checked, known)) => {
                                    (i, Some(Ok(report)), Some((checked, known)))
                                }
                                None => (i, None, None),
                            }
                        } else {
                            let r = stage_dataset(d, &key, &no_known, &staging, &early_pass2);
                            (i, Some(r), None)
                        }
                    })
                    .collect();
                (checker.join(), staged)
            });
            let mut checked = checked.map_err(|_| {
                Error::io("internal error: the input check stopped; nothing was delivered")
            })?;
            // The early datasets' reports, and what the read-once ones checked and collected.
            let mut early_reports = Vec::new();
            for (i, r, c) in staged {
                match (r, c) {
                    (Some(r), Some(c)) => {
                        checked[i] = Ok(Some(c));
                        early_reports.push((i, r));
                    }
                    (Some(r), None) => early_reports.push((i, r)),
                    // Checked in full below, staged with the others.
                    (None, _) => {}
                }
            }
            let mut shared = KnownSet::new();
            let mut knowns = Vec::new();
            // A failed check is the error to show (polars may have failed on the same row).
            for (d, r) in job.datasets.iter_mut().zip(checked) {
                let (checked, (ids, own)) = match r? {
                    Some(c) => c,
                    None => {
                        let mut c = Collection::new(d, true);
                        let checked = check_inputs(d, &work, Some(&mut c))?;
                        (checked, c.finish())
                    }
                };
                if checked.rows == 0 && !d.allow_empty {
                    return Err(no_rows(d));
                }
                checked.apply(d);
                shared.absorb(ids);
                knowns.push(own);
            }
            for (i, r) in early_reports {
                let d = &job.datasets[i];
                let mut report = r?;
                if let Some(checked) = d.rows_checked {
                    readers_agree(d, checked, report.rows_in)?;
                }
                report.input_check_ms = d.check_ms;
                staged_early[i] = Some(report);
            }
            (Arc::new(shared), knowns)
        }
    };
    let job = job;
    let n_known = shared.len() as u64;
    let mut datasets = Vec::new();
    let counts = pass1.map(Pass1Counts::read).transpose()?;
    // The delivery check's detectors with every known value, for the writes that check.
    let pass2 = Pass2::new(Arc::new(
        Detector::new(&Kind::patterns()).with_known_set(Some(shared.clone())),
    ));
    pass2.adopt(early_pass2);
    for known in &mut knowns {
        known.shared = Some(shared.clone());
    }
    // Without links between datasets, each gate is the dataset's own: a dataset staged while
    // the inputs were checked is gated while the others are staged (see `stage_beside_gates`).
    let beside = pass1.is_none() && job.links.is_empty();
    if beside && staged_early.iter().any(Option::is_some) {
        datasets = stage_beside_gates(&job, &key, &knowns, staged_early, &staging, &pass2)?;
    } else {
        let mut deferred = Vec::new();
        for (i, (d, known)) in job.datasets.iter().zip(&knowns).enumerate() {
            let (report, later) = match (pass1, &counts) {
                (Some(dir), Some(counts)) => {
                    let classes = spark_classes(&job, i);
                    adopt_pass1(d, &key, known, (dir, counts), classes, &staging, &pass2)?
                }
                _ => match staged_early[i].take() {
                    Some(report) => (report, None),
                    None => (stage_dataset(d, &key, known, &staging, &pass2)?, None),
                },
            };
            datasets.push(report);
            deferred.push(later);
        }
        gate_all(&job, &staging, &pass2, &deferred, &mut datasets)?;
    }
    for (d, r) in job.datasets.iter().zip(&mut datasets) {
        finish_dataset(d, &staging, &pass2, r)?;

        tracing::info!(
            dataset = %r.name,
            rows_in = r.rows_in,
            rows_out = r.rows_out,
            file = %r.output.file,
            duration_ms = r.duration_ms,
            input_check_ms = r.input_check_ms,
            "{}: {} rows → {} ({} ms)",
            r.name,
            r.rows_out,
            r.output.file,
            r.duration_ms
        );
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
            .map(|(d, path)| staged_file(d, path, &pass2))
            .collect();
        let side = |i: usize| crate::risk::Side {
            name: &found[i].0.name,
            staged: &staged[i],
        };
        let mut r = crate::risk::joined_gate(
            [side(0), side(1)],
            &j.on,
            &j.qis,
            j.min_k,
            j.max_unlinked,
            j.traces,
        )?;
        r.reason.clone_from(&j.reason);
        r.implied = j.implied;
        tracing::info!(
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
            let km = &r.traces.before;
            let rows_fail = r.before.k < j.min_k.unwrap_or(0);
            let traces_fail = r.traces.min_km.is_some() && !km.holds();
            let mut what = format!("k = {}", r.before.k);
            if rows_fail {
                what += &format!(" (below min-k {})", j.min_k.unwrap_or(0));
            }
            if traces_fail {
                what += &format!(
                    "{} their linked subjects' traces have k^{} = {} (below min-km {}: {} linked subject(s) hold a set of up to {} joined points that fewer than {} share)",
                    if rows_fail { " and" } else { ", but" },
                    km.items,
                    km.k,
                    r.traces.min_km.unwrap_or(0),
                    km.subjects_below_k,
                    km.items,
                    r.traces.min_km.unwrap_or(0),
                );
            }
            return Err(Error::risk(format!(
                "joined-risk: {} and {} joined on `{}` have {} over {}; nothing was delivered.\n  \
                 meeting {} needs unlinking at least {:.1}% of the linked subjects (max-unlinked {:.1}%).\n  \
                 generalise these quasi-identifiers further, raise max-unlinked{}, or do not deliver `{}` in both datasets",
                j.datasets[0],
                j.datasets[1],
                j.on,
                what,
                r.before.quasi_identifiers.join(", "),
                if r.traces.min_km.is_some() {
                    "min-k and min-km"
                } else {
                    "min-k"
                },
                r.unlinked_share * 100.0,
                j.max_unlinked * 100.0,
                if traces_fail {
                    ", lower the join's trace-items"
                } else {
                    ""
                },
                j.on
            )));
        }
        if r.unlinked_subjects > 0 {
            // The second dataset was rewritten: its figures in the report follow the new file,
            // and its own gate must still hold (the unlinked column may be its subject, whose
            // rows then join the null subject).
            let (d, path) = &found[1];
            if let (Some(g), Some(rep)) = (
                &d.risk,
                datasets
                    .iter_mut()
                    .find(|r| r.name == d.name)
                    .and_then(|r| r.risk.as_mut()),
            ) {
                crate::risk::remeasure(&staged[1], &g.spec, thresholds(g), rep)?;
                if !rep.passed {
                    return Err(no_longer_holds(
                        &d.name,
                        rep,
                        &format!(
                            "joined-risk unlinked {} of its subjects for the join of {} and {} on `{}`",
                            r.unlinked_subjects, j.datasets[0], j.datasets[1], j.on
                        ),
                        &format!(
                            "give `{}` its own pseudonym domain in one dataset, or generalise the joined quasi-identifiers further",
                            j.on
                        ),
                    ));
                }
            }
            let f = pass2.figures(d, path, false)?;
            if let Some(rep) = datasets.iter_mut().find(|r| r.name == d.name) {
                rep.output.bytes = f.written.bytes;
                rep.output.sha256 = f.written.sha256;
                for c in &mut rep.columns {
                    if let Some(n) = f.nulls.get(&c.name) {
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
    drop(knowns);
    drop(shared);
    let verification = check_delivery(&job.datasets, &pass2, n_known, &staging)?;
    if verification.findings.iter().any(|f| f.allowed.is_none()) {
        return Err(Error::leak(verify::failure_message(
            &verification.findings,
            false,
        )));
    }
    for f in &verification.findings {
        tracing::warn!(
            "{} / {} / {}: {} cell(s), allowed by the job: {}",
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
    report.write(|name| staging.path(name), job.signer.as_ref())?;
    drop(key);
    stamps.unchanged()?;
    if let Some(w) = staging.commit()? {
        tracing::warn!("{w}");
    }
    outln!(
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

/// The size and modification time of every input file as a run starts (see
/// [`InputStamps::unchanged`]).
struct InputStamps(Vec<InputStamp>);

/// One input: its dataset, its path, and its size and modification time (`None`: unreadable).
type InputStamp = (
    String,
    std::path::PathBuf,
    Option<(u64, std::time::SystemTime)>,
);

impl InputStamps {
    fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
        let m = std::fs::metadata(path).ok()?;
        Some((m.len(), m.modified().ok()?))
    }

    fn of(datasets: &[Dataset]) -> InputStamps {
        Self::from_files(
            datasets
                .iter()
                .flat_map(|d| d.files.iter().map(move |f| (d.name.clone(), f.clone()))),
        )
    }

    /// Of (dataset, file) pairs.
    fn from_files(files: impl Iterator<Item = (String, std::path::PathBuf)>) -> InputStamps {
        InputStamps(
            files
                .map(|(name, f)| {
                    let s = Self::stamp(&f);
                    (name, f, s)
                })
                .collect(),
        )
    }

    /// An error when a file's size or modification time differs from the run's start: another
    /// process wrote it while the run read it, and what was read may be neither version.
    fn unchanged(&self) -> Result<()> {
        for (dataset, f, before) in &self.0 {
            if Self::stamp(f) != *before {
                return Err(Error::io(format!(
                    "dataset `{dataset}`: input `{}` changed while tokumei read it (its size or modification time is not what it was when the run started); nothing was delivered. Run again once the file is complete: have its writer write to a temporary name and rename it when done",
                    crate::error::shown_path(f)
                )));
            }
        }
        Ok(())
    }
}

/// The delivery check of every output of the staging folder: the detectors and the run's known
/// values over every text cell, as the file's last write saw them or read back (see [`Pass2`]).
fn check_delivery(
    datasets: &[Dataset],
    pass2: &Pass2,
    known_values: u64,
    staging: &Staging,
) -> Result<report::Verification> {
    let t0 = Instant::now();
    let mut findings = Vec::new();
    for d in datasets {
        let f = pass2.figures(d, &staging.path(&d.output_file), true)?;
        findings.extend(f.findings.unwrap_or_default());
    }
    Ok(report::Verification {
        detectors: Kind::ALL.iter().map(|k| k.name()).collect(),
        known_values,
        allowed: datasets
            .iter()
            .flat_map(|d| d.allow.iter().cloned().map(|a| (d.name.clone(), a)))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A file whose last write skipped its checksum (`Pass2::stage` of a file that is always
    /// written again) is never reported without one: its figures hash it from disk.
    #[test]
    fn a_file_written_without_its_checksum_is_hashed_before_it_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.parquet");
        let df = df!("a" => ["x", "y", "z"]).unwrap();
        let written = output::sink_hashed(
            df.lazy(),
            &path,
            Format::Parquet,
            output::Compression::Zstd,
            false,
        )
        .unwrap();
        assert!(written.sha256.is_empty());
        let pass2 = Pass2::new(Arc::new(Detector::new(&Kind::patterns())));
        let figures = Figures {
            rows: 3,
            nulls: Default::default(),
            written,
            findings: None,
        };
        pass2.record(&path, Some(figures));
        std::fs::write(dir.path().join("in.csv"), "a\nx\n").unwrap();
        let toml = dir.path().join("job.toml");
        std::fs::write(
            &toml,
            "name = \"t\"\nmode = \"pseudonymous\"\nrecipient = \"R\"\nrecipient-kind = \"contractor\"\noutput-dir = \"out\"\n\
             [datasets.d]\ninput = \"in.csv\"\n[datasets.d.columns]\na = \"keep\"\n",
        )
        .unwrap();
        let job = crate::job::plan::load(&toml, None).unwrap();
        // Counting rows does not read the file to hash it.
        let counts = pass2.counts(&job.datasets[0], &path).unwrap();
        assert_eq!((counts.rows, counts.written.sha256.as_str()), (3, ""));
        let f = pass2.figures(&job.datasets[0], &path, false).unwrap();
        let (bytes, sha256) = crate::io::checksum::sha256_file(&path).unwrap();
        assert_eq!((f.written.bytes, f.written.sha256), (bytes, sha256));
    }

    #[test]
    fn an_input_rewritten_in_place_during_the_run_is_not_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.csv");
        std::fs::write(&f, "id,method\n1,GET,\n").unwrap();
        let stamps = InputStamps::from_files([("a".to_string(), f.clone())].into_iter());
        assert!(stamps.unchanged().is_ok());
        // The same length, one byte changed, written a second later (as a clock would have it).
        std::fs::write(&f, "id,method\n1,GET;\n").unwrap();
        let file = std::fs::File::options().write(true).open(&f).unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(1);
        file.set_modified(later).unwrap();
        let e = stamps.unchanged().unwrap_err().to_string();
        assert!(
            e.contains("dataset `a`") && e.contains("changed while tokumei read it"),
            "{e}"
        );
        // A file removed during the run too.
        std::fs::remove_file(&f).unwrap();
        assert!(stamps.unchanged().is_err());
    }
}
