//! The delivery check: before a delivery is moved into place (and in `tokumei verify`), every
//! text cell of every output file is searched with the identifier detectors and with the known
//! raw values of the run's dropped and pseudonymised identifier columns. A finding fails the run;
//! the job may lower one detector on one column to a warning, with a written reason.
//! Findings name dataset, column, detector and count, never the value.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use polars::prelude::*;
use serde::Serialize;

use crate::detect::{Detector, Kind};
use crate::error::{Error, Result, polars_message};
use crate::io::Format;
use crate::io::input;

/// A detector the job allows on one column, with the reason the report shows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Allowance {
    pub(crate) column: String,
    pub(crate) detector: String,
    pub(crate) reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Finding {
    pub(crate) dataset: String,
    pub(crate) column: String,
    pub(crate) detector: &'static str,
    /// Cells in which the detector fired.
    pub(crate) cells: u64,
    /// Set when the job allows this detector on this column: a warning, not a failure.
    pub(crate) allowed: Option<String>,
}

pub(crate) use crate::transform::{Shape, expected_kinds};

/// The finding for a value its column's rule cannot have written (a closed-vocabulary column
/// whose value is not of the rule's shape): a bug or a tampered file, searched like free text
/// and refused either way.
pub(crate) const OFF_SHAPE: &str = "unexpected-value";

/// What a value holds: (findings, kinds found as a bit set, off the shape).
type Verdict = (u32, u32, bool);

/// A verdict in 32 bits: the kinds (one bit each from bit 0, `KIND_BITS` of them), off the
/// shape (the next bit), the findings (the bits above, saturating at `MAX_FINDINGS`: only
/// "any" matters to the caller).
const KIND_BITS: u32 = Kind::ALL.len() as u32;
const MAX_FINDINGS: u32 = (1 << (32 - KIND_BITS - 1)) - 1;

fn pack((n, kinds, off): Verdict) -> u32 {
    const _: () = assert!(KIND_BITS <= 28);
    (kinds & ((1 << KIND_BITS) - 1))
        | (u32::from(off) << KIND_BITS)
        | (n.min(MAX_FINDINGS) << (KIND_BITS + 1))
}

fn unpack(p: u32) -> Verdict {
    (
        p >> (KIND_BITS + 1),
        p & ((1 << KIND_BITS) - 1),
        p & (1 << KIND_BITS) != 0,
    )
}

/// The verdicts of values already searched in one column, shared by its batches (polars hands
/// a column over in many small batches, so a cache per batch misses most repeats).
///
/// A fixed table of `VERDICT_BUCKETS` buckets of `SLOTS` slots, one cache line each, read and
/// written without locks: a lookup costs one cache miss, however many values are remembered.
/// No value is held: two 64-bit hashes of the value under independent random seeds drawn per
/// run pick the bucket (the first) and are its tag (the second), so a new value is taken for a
/// remembered one (which could hide a finding) only when its bucket and all 64 bits of its
/// other hash collide with it (about 2^-62 per lookup). Bounded: a value whose bucket is full
/// is searched every time it occurs.
struct Verdicts {
    buckets: Box<[Bucket]>,
    seeds: [foldhash::quality::RandomState; 2],
}

const SLOTS: usize = 5;

/// One cache line of slots: each a tag (0: empty; `RESERVED`: being written) and its packed
/// verdict. A slot is written once: its tag is reserved, the verdict stored, then the tag
/// published (release), so a reader that sees the tag (acquire) sees the verdict.
#[repr(align(64))]
#[derive(Default)]
struct Bucket {
    tags: [AtomicU64; SLOTS],
    verdicts: [std::sync::atomic::AtomicU32; SLOTS],
}

const RESERVED: u64 = 1;

/// 4 MiB per column searched in full (closed-vocabulary columns have none): up to 327k values
/// (the table is fixed, so memory does not grow with the values seen).
const VERDICT_BUCKETS: usize = 1 << 16;

/// A value's tag: its second hash, never 0 or `RESERVED`.
fn tag_of(second: u64) -> u64 {
    second.max(RESERVED + 1)
}

/// A batch's own verdicts, direct-mapped by the first hash: (first hash, tag, packed verdict).
/// A value repeated within a batch (a referrer, a URL path) skips the shared table's cache
/// miss. An empty slot (tag 0) matches no value.
type Memo = [(u64, u64, u32); MEMO_SLOTS];
const MEMO_SLOTS: usize = 1024;

impl Verdicts {
    fn new() -> Verdicts {
        Verdicts {
            buckets: (0..VERDICT_BUCKETS).map(|_| Bucket::default()).collect(),
            seeds: Default::default(),
        }
    }

    /// The two hashes of `v` (see [`Verdicts`]).
    fn hashes(&self, v: &str) -> (u64, u64) {
        use std::hash::BuildHasher;
        (self.seeds[0].hash_one(v), self.seeds[1].hash_one(v))
    }

    /// Asks the CPU to bring in the bucket of the value with first hash `key`, which is looked
    /// up a few values later: the lookup's cache miss then overlaps the work in between.
    fn prefetch(&self, key: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            let bucket = &self.buckets[(key as usize) % VERDICT_BUCKETS];
            // SAFETY: SSE is part of every x86_64 target, and a prefetch only hints the cache:
            // it reads nothing the program sees, and `bucket` is a live reference anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((bucket as *const Bucket).cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }

    /// The verdict of `v`, from `memo` (a batch's own), the shared table, or `search`.
    #[cfg(test)]
    fn get_or_insert(&self, v: &str, memo: &mut Memo, search: impl FnOnce() -> Verdict) -> Verdict {
        self.get_or_insert_hashed(self.hashes(v), memo, search)
    }

    /// [`Verdicts::get_or_insert`] of the value whose [`Verdicts::hashes`] are `(key, second)`.
    fn get_or_insert_hashed(
        &self,
        (key, second): (u64, u64),
        memo: &mut Memo,
        search: impl FnOnce() -> Verdict,
    ) -> Verdict {
        let tag = tag_of(second);
        let slot = &mut memo[(key as usize) % MEMO_SLOTS];
        if slot.0 == key && slot.1 == tag {
            return unpack(slot.2);
        }
        let verdict = self.shared(key, tag, search);
        *slot = (key, tag, pack(verdict));
        verdict
    }

    /// The verdict of the value with first hash `key` and tag `tag`, from the shared table or
    /// `search`.
    fn shared(&self, key: u64, tag: u64, search: impl FnOnce() -> Verdict) -> Verdict {
        let bucket = &self.buckets[(key as usize) % VERDICT_BUCKETS];
        let mut empty = None;
        for (i, t) in bucket.tags.iter().enumerate() {
            let t = t.load(Ordering::Acquire);
            if t == tag {
                return unpack(bucket.verdicts[i].load(Ordering::Relaxed));
            }
            if t == 0 {
                empty = Some(i);
                break;
            }
        }
        let verdict = search();
        // Another thread may take the slot meanwhile: then this value is not kept.
        if let Some(i) = empty
            && bucket.tags[i]
                .compare_exchange(0, RESERVED, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            bucket.verdicts[i].store(pack(verdict), Ordering::Relaxed);
            bucket.tags[i].store(tag, Ordering::Release);
        }
        verdict
    }
}

/// The delivery check of one text column: every value is searched with the detectors and the
/// known values (or, in a closed-vocabulary column, checked for its rule's shape), and the cells
/// with findings are counted per kind. Shared by the batches of the column, which polars may
/// hand over concurrently.
struct ColumnCheck {
    detector: Arc<Detector>,
    /// Kinds the column's rule emits by design (a pseudonym looks like an ID).
    skip: &'static [Kind],
    /// The rule's shape (closed-vocabulary columns), or the verdicts remembered for a column
    /// searched in full (only those have a table).
    how: How,
    /// One counter per kind, and one for values off the rule's shape.
    counts: Vec<AtomicU64>,
}

/// How a column's values are checked.
enum How {
    Shape(Shape),
    Search(Verdicts),
}

impl ColumnCheck {
    fn new(detector: &Arc<Detector>, skip: &'static [Kind], shape: Option<Shape>) -> ColumnCheck {
        ColumnCheck {
            detector: detector.clone(),
            skip,
            how: shape.map_or_else(|| How::Search(Verdicts::new()), How::Shape),
            counts: (0..=Kind::ALL.len()).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// Searches one batch of the column; returns each value's findings.
    fn batch(&self, ca: &StringChunked) -> UInt32Chunked {
        let mut hits = Vec::with_capacity(ca.len());
        self.search_batch(ca, |n| hits.push(n));
        UInt32Chunked::from_vec(ca.name().clone(), hits)
    }

    /// Searches one batch of the column, handing each value's findings to `each` in order
    /// (a null has none).
    fn search_batch(&self, ca: &StringChunked, mut each: impl FnMut(u32)) {
        // What a value holds: (findings, kinds found as a bit set, off the shape).
        // A value with percent-escapes is searched as it stands and decoded (a URL can hide
        // `090%2D1234%2D5678` or a name in `%E9%88%B4...`).
        let search = |v: &str, off: bool| {
            let mut n = 0u32;
            let mut kinds = 0u32;
            let decoded = self.detector.find_percent_decoded(v).unwrap_or_default();
            let base64 = self.detector.find_base64_decoded(v);
            for m in self
                .detector
                .find(v)
                .into_iter()
                .chain(decoded)
                .chain(base64)
            {
                if self.skip.contains(&m.kind) {
                    continue;
                }
                kinds |= 1 << (m.kind as u32);
                n += 1;
            }
            (n + u32::from(off), kinds, off)
        };
        let mut local = vec![0u64; Kind::ALL.len() + 1];
        // The previous value's verdict: runs of one value (a method, a status, a generalised
        // timestamp) cost a comparison.
        let mut last: Option<(&str, Verdict)> = None;
        let mut memo: Box<Memo> = Box::new([(0, 0, 0); MEMO_SLOTS]);
        // Searched values are looked up: each one's hashes are taken `AHEAD` values early, by a
        // second iterator over the batch, and its bucket prefetched, so that the table's cache
        // misses overlap.
        const AHEAD: usize = 8;
        let mut ahead = [(0u64, 0u64); AHEAD];
        let mut upcoming = match &self.how {
            How::Search(verdicts) => Some((verdicts, ca.iter())),
            How::Shape(_) => None,
        };
        // Hashes the value at `i` (the next one `upcoming` gives) into `ahead`.
        let mut hash_next = |i: usize, ahead: &mut [(u64, u64); AHEAD]| {
            if let Some((verdicts, values)) = upcoming.as_mut()
                && let Some(Some(v)) = values.next()
                && !short_number(v)
            {
                let h = verdicts.hashes(v);
                verdicts.prefetch(h.0);
                ahead[i % AHEAD] = h;
            }
        };
        for i in 0..AHEAD {
            hash_next(i, &mut ahead);
        }
        for (i, v) in ca.iter().enumerate() {
            let hashes = ahead[i % AHEAD];
            hash_next(i + AHEAD, &mut ahead);
            let Some(v) = v else {
                each(0);
                continue;
            };
            let (n, kinds, off) = match &self.how {
                _ if last.is_some_and(|(l, _)| l == v) => last.expect("checked").1,
                // A value of the shape its rule emits carries no text to search; checking
                // the shape is cheaper than remembering the value.
                How::Shape(ok) if ok(v) => (0, 0, false),
                How::Shape(_) => search(v, true),
                // A count, a status, a size: nothing to search (a test says so).
                How::Search(_) if short_number(v) => (0, 0, false),
                // Values that repeat (user agents, URL paths, areas) are searched once per
                // run.
                How::Search(verdicts) => {
                    verdicts.get_or_insert_hashed(hashes, &mut memo, || search(v, false))
                }
            };
            last = Some((v, (n, kinds, off)));
            let mut bits = kinds;
            while bits != 0 {
                local[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
            if off {
                local[Kind::ALL.len()] += 1;
            }
            each(n);
        }
        for (i, n) in local.into_iter().enumerate() {
            if n > 0 {
                self.counts[i].fetch_add(n, Ordering::Relaxed);
            }
        }
    }

    /// The findings counted so far, one per kind that fired.
    fn findings(&self, dataset: &str, column: &str, allowances: &[Allowance]) -> Vec<Finding> {
        let names = Kind::ALL.iter().map(|k| k.name()).chain([OFF_SHAPE]);
        let mut out = Vec::new();
        for (i, name) in names.enumerate() {
            let cells = self.counts[i].load(Ordering::Relaxed);
            if cells == 0 {
                continue;
            }
            let allowed = allowances
                .iter()
                .find(|a| a.column == column && a.detector == name)
                .map(|a| a.reason.clone());
            out.push(Finding {
                dataset: dataset.to_string(),
                column: column.to_string(),
                detector: name,
                cells,
                allowed,
            });
        }
        out
    }
}

/// Whether `v` is at most five ASCII digits: no detector finds an identifier in so short a
/// number alone, and known values of digits only have six or more (`KNOWN_MIN_DIGITS`). Log
/// columns kept as text hold many (`status`, `bytes`), and their verdicts need no lookup.
fn short_number(v: &str) -> bool {
    v.len() < 6 && v.bytes().all(|b| b.is_ascii_digit())
}

/// The columns of a schema the check searches: strings, and integers as their decimal text
/// (a card, phone or My Number kept in a typed Parquet column is as much a finding as in a CSV
/// column, which is read as text).
fn text_columns(schema: &Schema) -> Vec<String> {
    schema
        .iter()
        .filter(|(_, dt)| matches!(dt, DataType::String) || dt.is_integer())
        .map(|(n, _)| n.to_string())
        .collect()
}

/// A searched column's values as text: itself, or an integer column's decimal spellings.
fn as_text(column: &Column) -> PolarsResult<std::borrow::Cow<'_, StringChunked>> {
    match column.dtype() {
        DataType::String => Ok(std::borrow::Cow::Borrowed(column.str()?)),
        _ => Ok(std::borrow::Cow::Owned(
            column.cast(&DataType::String)?.str()?.clone(),
        )),
    }
}

/// What the detectors find in column names: (position, kinds) of each name holding one.
fn name_hits(names: &[&str], detector: &Detector) -> Vec<(usize, Vec<Kind>)> {
    names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let found: Vec<Kind> = detector
                .find(name)
                .into_iter()
                .chain(detector.find_percent_decoded(name).unwrap_or_default())
                .map(|m| m.kind)
                .collect();
            let kinds: Vec<Kind> = Kind::ALL
                .iter()
                .copied()
                .filter(|k| found.contains(k))
                .collect();
            (!kinds.is_empty()).then_some((i, kinds))
        })
        .collect()
}

/// The findings of [`name_hits`]: each as `column N (its name)`, one cell.
fn name_findings(dataset: &str, hits: &[(usize, Vec<Kind>)]) -> Vec<Finding> {
    hits.iter()
        .flat_map(|(i, kinds)| {
            kinds.iter().map(move |kind| Finding {
                dataset: dataset.to_string(),
                column: format!("column {} (its name)", i + 1),
                detector: kind.name(),
                cells: 1,
                allowed: None,
            })
        })
        .collect()
}

/// Searches every text column of `path`; returns the findings per column and kind. A column
/// with a shape in `shapes` (its rule emits a closed vocabulary: pseudonyms, addresses …) is only
/// checked for that shape; a value off the shape is searched in full and reported.
pub(crate) fn check_file(
    dataset: &str,
    path: &Path,
    format: Format,
    detector: &Arc<Detector>,
    expected: &BTreeMap<String, &'static [Kind]>,
    shapes: &BTreeMap<String, Shape>,
    allowances: &[Allowance],
) -> Result<Vec<Finding>> {
    let mut lf = input::scan_file(path, format)?;
    let schema = lf.collect_schema().map_err(|e| {
        Error::io(format!(
            "cannot read `{}`: {}",
            path.display(),
            polars_message(&e)
        ))
    })?;
    // Column names are searched too: a file without a header row has data as its names (and a
    // name that holds an identifier is reported as `column N`, never as itself).
    let names: Vec<&str> = schema.iter_names().map(|n| n.as_str()).collect();
    let hits = name_hits(&names, detector);
    let header_findings = name_findings(dataset, &hits);
    let labels: BTreeMap<String, String> = hits
        .iter()
        .map(|(i, _)| (names[*i].to_string(), format!("column {}", i + 1)))
        .collect();
    let text_cols = text_columns(&schema);
    if text_cols.is_empty() {
        return Ok(header_findings);
    }
    let mut checks: Vec<(String, Arc<ColumnCheck>)> = Vec::new();
    let mut exprs = Vec::new();
    for c in &text_cols {
        let skip: &'static [Kind] = expected.get(c).copied().unwrap_or(&[]);
        let check = Arc::new(ColumnCheck::new(detector, skip, shapes.get(c).cloned()));
        let k = check.clone();
        exprs.push(col(c.as_str()).map(
            move |column: Column| {
                let hits = k.batch(&*as_text(&column)?);
                Ok(hits.with_name(column.name().clone()).into_column())
            },
            |_s: &Schema, f: &Field| Ok(Field::new(f.name().clone(), DataType::UInt32)),
        ));
        checks.push((c.clone(), check));
    }
    // Elementwise all the way into a streaming sink, so memory stays bounded: a reduction over
    // a UDF would make polars fall back to its in-memory engine and hold whole columns (measured:
    // heap grew from 159 to 275 MiB between 1M and 3M rows). Only rows with findings reach the
    // scratch file, which is removed at once; the counts come from the counters above.
    let hits = exprs
        .into_iter()
        .reduce(|a, b| a + b)
        .expect("at least one text column");
    let mut rnd = [0u8; 6];
    getrandom::fill(&mut rnd).map_err(|e| Error::io(format!("no randomness from the OS: {e}")))?;
    let scratch = std::env::temp_dir().join(format!(
        "tokumei-check-{}-{}.parquet",
        std::process::id(),
        hex::encode(rnd)
    ));
    let result = crate::io::output::sink(
        lf.select([hits.alias("hits")])
            .filter(col("hits").gt(lit(0u32))),
        &scratch,
        Format::Parquet,
        crate::io::output::Compression::Zstd,
    );
    let _ = std::fs::remove_file(&scratch);
    result.map_err(|e| Error::io(format!("cannot check `{}`: {e}", path.display())))?;
    Ok(header_findings
        .into_iter()
        .chain(checks.iter().flat_map(|(c, check)| {
            let label = labels.get(c).unwrap_or(c);
            check.findings(dataset, label, allowances)
        }))
        .collect())
}

/// One column on its way into a file: its nulls, and the delivery check of a text column.
struct Watched {
    name: String,
    nulls: AtomicU64,
    check: Option<ColumnCheck>,
}

/// The figures of a file taken while it is written, so that it need not be read back for them:
/// rows, nulls per column, and the delivery check of every text column (the same search as
/// [`check_file`], on the values the writer encodes). Made by [`watch`].
pub(crate) struct Watch {
    rows: AtomicU64,
    columns: Vec<Arc<Watched>>,
    checked: bool,
    /// The column names that hold an identifier (see [`name_hits`]).
    names: Vec<(usize, Vec<Kind>)>,
}

/// What the delivery check needs to know of a dataset's columns: the kinds each rule emits by
/// design, and the shapes of closed-vocabulary columns.
pub(crate) struct CheckPlan<'a> {
    pub(crate) detector: &'a Arc<Detector>,
    pub(crate) expected: &'a BTreeMap<String, &'static [Kind]>,
    pub(crate) shapes: &'a BTreeMap<String, Shape>,
}

/// `lf` with every column passed through unchanged, counted (and, with `check`, checked) on the
/// way: stream the result into the file, then read the figures from the [`Watch`]. Only for
/// formats that hold what was written exactly (Parquet): a CSV file reads back with other types
/// and nulls.
pub(crate) fn watch(
    mut lf: LazyFrame,
    check: Option<&CheckPlan>,
) -> Result<(LazyFrame, Arc<Watch>)> {
    let schema = lf
        .collect_schema()
        .map_err(|e| Error::io(polars_message(&e)))?;
    let text = text_columns(&schema);
    let columns: Vec<Arc<Watched>> = schema
        .iter_names()
        .map(|n| {
            let name = n.to_string();
            let check = check.filter(|_| text.contains(&name)).map(|p| {
                let skip: &'static [Kind] = p.expected.get(&name).copied().unwrap_or(&[]);
                ColumnCheck::new(p.detector, skip, p.shapes.get(&name).cloned())
            });
            Arc::new(Watched {
                name,
                nulls: AtomicU64::new(0),
                check,
            })
        })
        .collect();
    let names: Vec<&str> = schema.iter_names().map(|n| n.as_str()).collect();
    let w = Arc::new(Watch {
        rows: AtomicU64::new(0),
        columns,
        checked: check.is_some(),
        names: check.map_or_else(Vec::new, |p| name_hits(&names, p.detector)),
    });
    let exprs: Vec<Expr> = w
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (c, w) = (c.clone(), w.clone());
            col(c.name.as_str()).map(
                move |column: Column| {
                    if i == 0 {
                        w.rows.fetch_add(column.len() as u64, Ordering::Relaxed);
                    }
                    c.nulls
                        .fetch_add(column.null_count() as u64, Ordering::Relaxed);
                    if let Some(check) = &c.check {
                        // Only the counts matter here: no column of findings is built.
                        check.search_batch(&*as_text(&column)?, |_| ());
                    }
                    Ok(column)
                },
                |_s: &Schema, f: &Field| Ok(f.clone()),
            )
        })
        .collect();
    Ok((lf.select(exprs), w))
}

impl Watch {
    /// Rows written.
    pub(crate) fn rows(&self) -> u64 {
        self.rows.load(Ordering::Relaxed)
    }

    /// Nulls written, per column.
    pub(crate) fn nulls(&self) -> std::collections::HashMap<String, u64> {
        self.columns
            .iter()
            .map(|c| (c.name.clone(), c.nulls.load(Ordering::Relaxed)))
            .collect()
    }

    /// The delivery check's findings, as [`check_file`] gives them; `None` when the write was
    /// not checked.
    pub(crate) fn findings(&self, dataset: &str, allowances: &[Allowance]) -> Option<Vec<Finding>> {
        self.checked.then(|| {
            let label = |i: usize, c: &Watched| match self.names.iter().any(|(n, _)| *n == i) {
                true => format!("column {}", i + 1),
                false => c.name.clone(),
            };
            name_findings(dataset, &self.names)
                .into_iter()
                .chain(
                    self.columns
                        .iter()
                        .enumerate()
                        .filter_map(|(i, c)| {
                            Some(
                                c.check
                                    .as_ref()?
                                    .findings(dataset, &label(i, c), allowances),
                            )
                        })
                        .flatten(),
                )
                .collect()
        })
    }
}

/// The message for a failed check: one line per finding, never a value.
pub(crate) fn failure_message(findings: &[Finding], delivered: bool) -> String {
    let mut msg = String::from(if delivered {
        "the delivery holds identifiers.\n  dataset / column / detector / cells:"
    } else {
        "the delivery check found identifiers in the output; nothing was delivered.\n  \
         dataset / column / detector / cells:"
    });
    for f in findings.iter().filter(|f| f.allowed.is_none()) {
        let code = Kind::from_name(f.detector).is_some_and(|k| k.is_identifier_code());
        msg.push_str(&format!(
            "\n  - {} / {} / {} / {}{}",
            f.dataset,
            crate::error::shown(&f.column),
            f.detector,
            f.cells,
            if code {
                " (個人識別符号: must be deleted)"
            } else {
                ""
            }
        ));
    }
    msg.push_str(
        "\n  fix the column's rule (e.g. `text` to scrub free text, `drop`), or, if a finding is \
         expected, allow it under [datasets.NAME.verify] with a reason",
    );
    msg
}

/// One output file of a delivery folder, as its `report.json` describes it, and what the check
/// may find in it.
pub(crate) struct DeliveredFile {
    pub(crate) dataset: String,
    pub(crate) path: std::path::PathBuf,
    pub(crate) format: Format,
    pub(crate) expected: BTreeMap<String, &'static [Kind]>,
    /// Columns whose rule writes values of one shape (see `transform::shape_from_report`).
    pub(crate) shapes: BTreeMap<String, Shape>,
    pub(crate) allow: Vec<Allowance>,
}

/// The files of a delivery: from `report.json` when present, else every .csv/.parquet file.
pub(crate) fn delivered_files(dir: &Path) -> Result<Vec<DeliveredFile>> {
    let report_path = dir.join("report.json");
    if !dir.is_dir() {
        return Err(Error::io(format!("`{}` is not a folder", dir.display())));
    }
    let mut files = Vec::new();
    if let Ok(text) = std::fs::read_to_string(&report_path) {
        let r: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Error::io(format!(
                "`{}` is not valid JSON: {e}",
                report_path.display()
            ))
        })?;
        let allowed = r["verification"]["allowed"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for d in r["datasets"].as_array().cloned().unwrap_or_default() {
            let name = d["name"].as_str().unwrap_or("").to_string();
            let file = d["output"]["file"].as_str().unwrap_or("");
            let format = if d["output"]["format"] == "csv" {
                Format::Csv
            } else {
                Format::Parquet
            };
            let expected = d["columns"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap_or("").to_string(),
                        expected_kinds(c["rule"].as_str().unwrap_or("")),
                    )
                })
                .collect();
            let shapes = d["columns"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter_map(|c| {
                    let shape = crate::transform::shape_from_report(
                        c["rule"].as_str()?,
                        c["params"].as_str().unwrap_or(""),
                    )?;
                    Some((c["name"].as_str()?.to_string(), shape))
                })
                .collect();
            let allow = allowed
                .iter()
                .filter(|a| a["dataset"] == name.as_str())
                .map(|a| Allowance {
                    column: a["column"].as_str().unwrap_or("").to_string(),
                    detector: a["detector"].as_str().unwrap_or("").to_string(),
                    reason: a["reason"].as_str().unwrap_or("").to_string(),
                })
                .collect();
            files.push(DeliveredFile {
                dataset: name,
                path: dir.join(file),
                format,
                expected,
                shapes,
                allow,
            });
        }
    } else {
        // Not a delivery: every data file in the folder and its subfolders (symbolic links to
        // folders are not followed), each named by its path inside the folder.
        let mut paths = Vec::new();
        data_files(dir, 0, &mut paths)?;
        paths.sort();
        for p in paths {
            let format = Format::from_extension(&p).unwrap_or(Format::Parquet);
            let dataset = p
                .strip_prefix(dir)
                .unwrap_or(&p)
                .with_extension("")
                .to_string_lossy()
                .to_string();
            files.push(DeliveredFile {
                dataset,
                path: p,
                format,
                expected: BTreeMap::new(),
                shapes: BTreeMap::new(),
                allow: Vec::new(),
            });
        }
    }
    if files.is_empty() {
        return Err(Error::io(format!(
            "`{}` holds no .csv or .parquet delivery files",
            dir.display()
        )));
    }
    Ok(files)
}

/// The files under `dir` that `verify` reads (.csv, .parquet, .ndjson and their compressed
/// forms), at most 16 folders deep.
fn data_files(dir: &Path, depth: usize, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(format!("cannot list `{}`: {}", dir.display(), e.kind())))?;
    for e in entries.filter_map(|e| e.ok()) {
        let p = e.path();
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && depth < 16 {
            data_files(&p, depth + 1, out)?;
        } else if !is_dir && Format::from_extension(&p).is_some() {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `short_number`'s promise: with known values collected as a run collects them (short
    /// IDs among them), no detector of the delivery check finds anything in a number of one
    /// to five digits, leading zeros or not.
    #[test]
    fn short_numbers_hold_nothing_to_find() {
        use std::fmt::Write as _;
        let mut known = crate::detect::known::KnownSet::new();
        for v in ["12345", "00042", "7", "99999", "123456"] {
            crate::detect::known::add_value(Some(&mut known), None, v);
        }
        let d = Detector::new(&Kind::patterns()).with_known_set(Some(Arc::new(known)));
        assert!(
            !d.find("123456").is_empty(),
            "a six-digit known value is found"
        );
        let mut s = String::new();
        for width in 1..=5usize {
            for i in 0..10u32.pow(width as u32) {
                s.clear();
                write!(s, "{i:0width$}").unwrap();
                assert!(short_number(&s));
                assert!(d.find(&s).is_empty(), "{s}");
                assert!(
                    d.find_percent_decoded(&s).is_none_or(|m| m.is_empty()),
                    "{s}"
                );
            }
        }
        for v in ["123456", "12a", "1 2", "-1", "１２"] {
            assert!(!short_number(v), "{v}");
        }
    }

    /// A closed-vocabulary column is trusted only for values of its rule's shape: anything else
    /// is searched in full and reported, so a raw value in a pseudonym column cannot pass.
    #[test]
    fn shapes_replace_the_search_only_for_values_they_fit() {
        let df = df!(
            "cookie" => ["c_abcdefgh234567ab", "c_abcdefgh234567ab", "taro@example.jp", "c_zzzzzzzzzzzzzzzz"],
            "note" => ["ok", "C0001234", "ok", "ok"],
        )
        .unwrap();
        let shape: Shape = Arc::new(|v: &str| {
            v.strip_prefix("c_").is_some_and(|c| {
                c.len() == 16 && c.bytes().all(|b| matches!(b, b'a'..=b'z' | b'2'..=b'7'))
            })
        });
        let findings = findings_of(df, BTreeMap::from([("cookie".to_string(), shape)]));
        let got = summary(&findings);
        assert_eq!(
            got,
            [
                ("cookie", "email", 1),
                ("cookie", OFF_SHAPE, 1),
                ("note", "known", 1)
            ]
        );
    }

    /// (column, detector, cells) of each finding.
    fn summary(findings: &[Finding]) -> Vec<(&str, &str, u64)> {
        findings
            .iter()
            .map(|f| (f.column.as_str(), f.detector, f.cells))
            .collect()
    }

    /// The delivery check's findings on `df` written as Parquet, with the patterns and
    /// `C0001234` as a known value, the columns' `shapes` and no expected kinds.
    fn findings_of(mut df: DataFrame, shapes: BTreeMap<String, Shape>) -> Vec<Finding> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.parquet");
        let f = std::fs::File::create(&path).unwrap();
        ParquetWriter::new(f).finish(&mut df).unwrap();
        let detector = Arc::new(Detector::new(&Kind::patterns()).with_known(["C0001234"]));
        let expected = BTreeMap::new();
        check_file(
            "d",
            &path,
            Format::Parquet,
            &detector,
            &expected,
            &shapes,
            &[],
        )
        .unwrap()
    }

    #[test]
    fn column_names_are_searched_and_never_shown_when_they_hold_an_identifier() {
        let findings = findings_of(
            df!(
                "hanako@example.jp" => ["call 090-1234-5678", "ok"],
                "note" => ["ok", "090-1234-5678"],
                "C0001234" => ["a", "b"],
            )
            .unwrap(),
            BTreeMap::new(),
        );
        let got = summary(&findings);
        assert_eq!(
            got,
            [
                ("column 1 (its name)", "email", 1),
                ("column 3 (its name)", "known", 1),
                ("column 1", "phone", 1),
                ("note", "phone", 1),
            ]
        );
        let msg = failure_message(&findings, true);
        assert!(
            !msg.contains("hanako") && !msg.contains("C0001234"),
            "{msg}"
        );
    }

    #[test]
    fn integer_columns_are_searched_as_their_decimal_text() {
        // A Parquet file keeps a card or a phone as a number; read from CSV it would be text.
        let findings = findings_of(
            df!(
                "card" => [4111111111111111i64, 42, 7],
                "bytes" => [512u32, 1024, 2048],
                "n" => [1i64, 2, 3],
                "price" => [4111111111111111.0f64, 1.5, 2.5],
            )
            .unwrap(),
            BTreeMap::new(),
        );
        assert_eq!(summary(&findings), [("card", "card", 1)]);
    }

    #[test]
    fn a_folder_that_is_no_delivery_is_checked_with_its_subfolders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("top.csv"), "x\n1\n").unwrap();
        std::fs::write(dir.path().join("a/b/deep.csv"), "x\n1\n").unwrap();
        std::fs::write(dir.path().join("a/notes.txt.md"), "not data").unwrap();
        let files = delivered_files(dir.path()).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.dataset.as_str()).collect();
        assert_eq!(names, ["a/b/deep", "top"]);
    }

    #[test]
    fn identifiers_hidden_by_percent_encoding_are_found() {
        let df = df!(
            "url" => [
                "/a?page=090%2D1234%2D5678",
                "/a?q=%E6%9D%B1%E4%BA%AC%E9%83%BD%E5%8D%83%E4%BB%A3%E7%94%B0%E5%8C%BA%E5%8D%83%E4%BB%A3%E7%94%B01-1-1",
                "/a?id=C%30001234",
                "/s?q=%E3%83%90%E3%83%83%E3%82%B0&page=100%25",
                // Escaped twice.
                "/a?page=090%252D1234%252D5678",
                "/a?page=4242%25204242%25204242%25204242",
            ],
        )
        .unwrap();
        let findings = findings_of(df, BTreeMap::new());
        let got: Vec<(&str, u64)> = findings.iter().map(|f| (f.detector, f.cells)).collect();
        assert_eq!(
            got,
            [("phone", 2), ("card", 1), ("address", 1), ("known", 1)]
        );
    }

    /// What a URL's part holds in Base64 is searched as `scrub` reads it, its padding escaped
    /// or not; IDs, slugs and a data URI's payload hold nothing.
    #[test]
    fn identifiers_hidden_by_base64_are_found() {
        let df = df!(
            "url" => [
                "/unsubscribe?e=dGFyby55YW1hZGFAZXhhbXBsZS5jb20",
                "/unsubscribe?e=dGFyby55YW1hZGFAZXhhbXBsZS5jb20%3D",
                "/p/AbCdEfGh12345678",
                "/products/winter-coat-black-2024",
                "/u?e=PEVNQUlMPg",
            ],
        )
        .unwrap();
        let findings = findings_of(df, BTreeMap::new());
        let got: Vec<(&str, u64)> = findings.iter().map(|f| (f.detector, f.cells)).collect();
        assert_eq!(got, [("email", 2)]);
    }

    /// What a watched write counts and finds equals what reading the written file back gives:
    /// rows, nulls per column and the delivery check's findings, over a file polars hands over
    /// in many batches (concurrently), with values on and off a column's shape, known values,
    /// detector hits and nulls; and the size and SHA-256 hashed while writing are the file's.
    #[test]
    fn a_watched_write_finds_what_reading_it_back_finds() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("in.parquet");
        let n = 120_000usize;
        let cookie: Vec<Option<String>> = (0..n)
            .map(|i| match i % 997 {
                0 => None,
                1 => Some(format!("user{i}@example.jp")),
                _ => Some(
                    format!("c_{:016}", i % 5000)
                        .replace('0', "a")
                        .replace('1', "b"),
                ),
            })
            .collect();
        let note: Vec<Option<String>> = (0..n)
            .map(|i| match i % 13 {
                0 => None,
                1 if i % 7 == 0 => Some(format!("お問い合わせ C{:07} の件", i % 300)),
                2 => Some("電話 090-1234-5678 まで".to_string()),
                _ => Some(format!("ok {}", i % 50)),
            })
            .collect();
        let amount: Vec<Option<i64>> = (0..n).map(|i| (i % 11 != 0).then_some(i as i64)).collect();
        // A column whose name is data (a file without its header), holding a phone too.
        let named: Vec<&str> = (0..n)
            .map(|i| if i % 5 == 0 { "090-1234-5678" } else { "x" })
            .collect();
        let mut df = df!(
            "cookie" => cookie,
            "note" => note,
            "amount" => amount,
            "taro@example.jp" => named,
        )
        .unwrap();
        let f = std::fs::File::create(&src).unwrap();
        ParquetWriter::new(f)
            .with_row_group_size(Some(7_000))
            .finish(&mut df)
            .unwrap();
        let known: Vec<String> = (0..300).step_by(3).map(|i| format!("C{i:07}")).collect();
        let detector = Arc::new(Detector::new(&Kind::patterns()).with_known(known.iter()));
        let shape: Shape = Arc::new(|v: &str| {
            v.strip_prefix("c_")
                .is_some_and(|c| c.len() == 16 && c.bytes().all(|b| b.is_ascii_lowercase()))
        });
        let shapes = BTreeMap::from([("cookie".to_string(), shape)]);
        let expected = BTreeMap::new();
        let plan = CheckPlan {
            detector: &detector,
            expected: &expected,
            shapes: &shapes,
        };
        let out = dir.path().join("out.parquet");
        let lf = input::scan_file(&src, Format::Parquet).unwrap();
        let (lf, w) = watch(lf, Some(&plan)).unwrap();
        let written = crate::io::output::sink(
            lf,
            &out,
            Format::Parquet,
            crate::io::output::Compression::Zstd,
        )
        .unwrap();
        assert_eq!(
            (written.bytes, written.sha256.clone()),
            crate::io::checksum::sha256_file(&out).unwrap()
        );
        assert_eq!(w.rows(), n as u64);
        assert_eq!(
            w.rows(),
            crate::io::output::count_rows(&out, Format::Parquet).unwrap()
        );
        assert_eq!(
            w.nulls(),
            crate::io::output::null_counts(&out, Format::Parquet).unwrap()
        );
        let read_back = check_file(
            "d",
            &out,
            Format::Parquet,
            &detector,
            &expected,
            &shapes,
            &[],
        )
        .unwrap();
        let seen = w.findings("d", &[]).unwrap();
        let key = |f: &Finding| (f.column.clone(), f.detector, f.cells);
        assert_eq!(
            seen.iter().map(key).collect::<Vec<_>>(),
            read_back.iter().map(key).collect::<Vec<_>>()
        );
        // The planted values are found: emails off the cookie's shape, known IDs and phones.
        let kinds: Vec<(&str, &str)> = seen
            .iter()
            .map(|f| (f.column.as_str(), f.detector))
            .collect();
        for k in [
            ("cookie", "email"),
            ("cookie", OFF_SHAPE),
            ("note", "known"),
            ("note", "phone"),
            ("column 4 (its name)", "email"),
            ("column 4", "phone"),
        ] {
            assert!(kinds.contains(&k), "{k:?} not in {kinds:?}");
        }
        // The written file holds what went in.
        let back = input::scan_file(&out, Format::Parquet)
            .unwrap()
            .collect()
            .unwrap();
        assert!(back.equals_missing(&df));
        // Without a check, only the counts are taken.
        let (lf, w) = watch(input::scan_file(&src, Format::Parquet).unwrap(), None).unwrap();
        crate::io::output::sink(
            lf,
            &dir.path().join("out2.parquet"),
            Format::Parquet,
            crate::io::output::Compression::Zstd,
        )
        .unwrap();
        assert_eq!(w.rows(), n as u64);
        assert!(w.findings("d", &[]).is_none());
    }

    /// Packing keeps every kind, the shape flag and whether a value has findings.
    #[test]
    fn verdicts_pack_into_32_bits() {
        let all_kinds = (1u32 << Kind::ALL.len()) - 1;
        for v in [
            (0, 0, false),
            (1, 1, false),
            (3, all_kinds, true),
            (u32::MAX, all_kinds, false),
            (MAX_FINDINGS, 1 << (Kind::ALL.len() - 1), true),
        ] {
            let (n, kinds, off) = unpack(pack(v));
            assert_eq!((n > 0, kinds, off), (v.0 > 0, v.1, v.2), "{v:?}");
            assert_eq!(n, v.0.min(MAX_FINDINGS));
        }
        // A cache hit gives the verdict the search gave, and a new value is searched: from a
        // batch's memo, and from the shared map in a later batch (a fresh memo).
        let cache = Verdicts::new();
        let fresh = || Box::new([(0u64, 0u64, 0u32); MEMO_SLOTS]);
        let mut memo = fresh();
        assert_eq!(
            cache.get_or_insert("a@example.jp", &mut memo, || (1, 1, false)),
            (1, 1, false)
        );
        assert_eq!(
            cache.get_or_insert("a@example.jp", &mut memo, || unreachable!()),
            (1, 1, false)
        );
        assert_eq!(
            cache.get_or_insert("a@example.jp", &mut fresh(), || unreachable!()),
            (1, 1, false)
        );
        assert_eq!(
            cache.get_or_insert("other", &mut memo, || (0, 0, true)),
            (0, 0, true)
        );
        assert_eq!(
            cache.get_or_insert("other", &mut memo, || unreachable!()),
            (0, 0, true)
        );
    }

    /// A verdict that depends on the value alone, for the cache tests.
    fn verdict_of(v: &str) -> Verdict {
        let h = v
            .bytes()
            .fold(7u32, |h, b| h.wrapping_mul(31) ^ u32::from(b));
        (h % 3, h & 0x1_ffff, h % 5 == 0)
    }

    /// The parts of a verdict a cache keeps (whether there are findings, not how many).
    fn kept((n, kinds, off): Verdict) -> (bool, u32, bool) {
        (n > 0, kinds, off)
    }

    /// Many values from many batches: every verdict is the one its search gave (none taken for
    /// another value's), and a value seen before is rarely searched again.
    #[test]
    fn the_shared_verdicts_give_each_value_its_own() {
        let cache = Verdicts::new();
        let values: Vec<String> = (0..200_000).map(|i| format!("v{i}")).collect();
        let searched = std::sync::atomic::AtomicUsize::new(0);
        for round in 0..2 {
            for batch in values.chunks(5_000) {
                let mut memo = Box::new([(0u64, 0u64, 0u32); MEMO_SLOTS]);
                for v in batch {
                    let got = cache.get_or_insert(v, &mut memo, || {
                        searched.fetch_add(1, Ordering::Relaxed);
                        verdict_of(v)
                    });
                    assert_eq!(kept(got), kept(verdict_of(v)), "{v}");
                }
            }
            let n = searched.swap(0, Ordering::Relaxed);
            if round == 0 {
                assert_eq!(n, values.len());
            } else {
                // 200k values in 327k slots: a few buckets overflow (about 4 % of the values).
                assert!(n < values.len() / 10, "{n} searched again");
            }
        }
    }

    /// Threads that look up and insert the same values at once each get every value's own
    /// verdict (a slot is never read half-written).
    #[test]
    fn concurrent_lookups_get_each_value_its_own_verdict() {
        let cache = Verdicts::new();
        let values: Vec<String> = (0..50_000).map(|i| format!("w{i}")).collect();
        std::thread::scope(|scope| {
            for t in 0..4 {
                let (cache, values) = (&cache, &values);
                scope.spawn(move || {
                    for round in 0..3 {
                        let mut memo = Box::new([(0u64, 0u64, 0u32); MEMO_SLOTS]);
                        for v in values.iter().skip((t * 7 + round) % 11) {
                            let got = cache.get_or_insert(v, &mut memo, || verdict_of(v));
                            assert_eq!(kept(got), kept(verdict_of(v)));
                        }
                    }
                });
            }
        });
    }
}
