//! Re-identification risk of the combination of quasi-identifiers a dataset delivers.
//!
//! `measure` computes, on the data as delivered: equivalence classes (rows sharing every
//! quasi-identifier value), k (the smallest class, counted in distinct subjects when a subject
//! column is given, as in access logs where one person has many rows), the class-size
//! distribution, rows and subjects in classes below a threshold, the share of unique subjects,
//! prosecutor and marketer risk, distinct and entropy l-diversity of sensitive attributes, and
//! rare values per quasi-identifier (idiosyncratic descriptions, 特異な記述).
//!
//! Everything is a polars group-by over the quasi-identifier columns, run by the streaming
//! engine: memory follows the number of classes, not the number of rows. A null is a value of
//! its own; a null subject counts as one subject (so classes are never made to look bigger).

pub(crate) mod hierarchy;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use hierarchy::Hierarchy;

use polars::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result, polars_message};

const ROWS: &str = "__tokumei_rows";
const SUBJECTS: &str = "__tokumei_subjects";

#[derive(Debug, Clone)]
pub(crate) struct RiskSpec {
    pub(crate) qis: Vec<String>,
    pub(crate) subject: Option<String>,
    pub(crate) sensitive: Vec<String>,
    /// The threshold the "below k" figures refer to.
    pub(crate) k: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Measures {
    pub(crate) quasi_identifiers: Vec<String>,
    pub(crate) subject: Option<String>,
    pub(crate) threshold_k: u64,
    pub(crate) rows: u64,
    pub(crate) subjects: u64,
    pub(crate) classes: u64,
    /// The smallest class, in subjects.
    pub(crate) k: u64,
    /// Classes by size in subjects: `1`, `2`, `3-4`, `5-9`, `10-19`, `20+`.
    pub(crate) class_sizes: Vec<(String, u64)>,
    pub(crate) classes_below_k: u64,
    pub(crate) rows_below_k: u64,
    pub(crate) subjects_below_k: u64,
    /// Share of subjects alone in at least one class.
    pub(crate) unique_share: f64,
    /// Highest re-identification probability of a subject: 1 / k.
    pub(crate) prosecutor_risk: f64,
    /// Expected share of records re-identified: classes / Σ class sizes (= classes / rows
    /// without a subject column).
    pub(crate) marketer_risk: f64,
    pub(crate) l_diversity: Vec<LDiversity>,
    pub(crate) rare_values: Vec<RareValues>,
    /// The smallest classes: sizes and quasi-identifier values (meant for generalised data).
    pub(crate) smallest: Vec<SmallClass>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct LDiversity {
    pub(crate) attribute: String,
    /// The fewest distinct sensitive values in a class.
    pub(crate) distinct_l: u64,
    /// The smallest exp(entropy) of a class's sensitive values.
    pub(crate) entropy_l: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct RareValues {
    pub(crate) column: String,
    /// Distinct values held by fewer than k subjects.
    pub(crate) values_below_k: u64,
    pub(crate) rows: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct SmallClass {
    pub(crate) subjects: u64,
    pub(crate) rows: u64,
    pub(crate) values: Vec<Option<String>>,
}

fn collect(lf: LazyFrame, what: &str) -> Result<DataFrame> {
    lf.collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .map_err(|e| Error::io(format!("risk: {what}: {}", polars_message(&e))))
}

fn u64_col(df: &DataFrame, name: &str) -> Result<Vec<u64>> {
    let c = df
        .column(name)
        .and_then(|c| c.cast(&DataType::UInt64))
        .map_err(|e| Error::io(polars_message(&e)))?;
    Ok(c.u64()
        .map_err(|e| Error::io(polars_message(&e)))?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

fn str_cols(df: &DataFrame, names: &[String]) -> Result<Vec<Vec<Option<String>>>> {
    names
        .iter()
        .map(|n| {
            let c = df
                .column(n)
                .and_then(|c| c.cast(&DataType::String))
                .map_err(|e| Error::io(polars_message(&e)))?;
            Ok(c.str()
                .map_err(|e| Error::io(polars_message(&e)))?
                .iter()
                .map(|v| v.map(str::to_string))
                .collect())
        })
        .collect()
}

fn bucket(size: u64) -> usize {
    match size {
        0 | 1 => 0,
        2 => 1,
        3..=4 => 2,
        5..=9 => 3,
        10..=19 => 4,
        _ => 5,
    }
}
const BUCKETS: [&str; 6] = ["1", "2", "3-4", "5-9", "10-19", "20+"];

/// Measures the risk of `lf` (the data as it would be delivered).
pub(crate) fn measure(lf: LazyFrame, spec: &RiskSpec) -> Result<Measures> {
    if spec.qis.is_empty() {
        return Err(Error::job(
            "risk: give at least one quasi-identifier column",
        ));
    }
    let keys: Vec<Expr> = spec
        .qis
        .iter()
        .map(|q| col(q.as_str()).cast(DataType::String))
        .collect();
    let subj = || match &spec.subject {
        Some(s) => col(s.as_str()).n_unique(),
        None => len(),
    };
    let classes = collect(
        lf.clone()
            .group_by(keys.clone())
            .agg([len().alias(ROWS), subj().alias(SUBJECTS)]),
        "grouping the quasi-identifiers",
    )?;
    let rows_per = u64_col(&classes, ROWS)?;
    let subj_per = u64_col(&classes, SUBJECTS)?;
    let totals = collect(
        lf.clone()
            .select([len().alias(ROWS), subj().alias(SUBJECTS)]),
        "counting subjects",
    )?;
    let rows = u64_col(&totals, ROWS)?.first().copied().unwrap_or(0);
    let subjects = u64_col(&totals, SUBJECTS)?.first().copied().unwrap_or(0);
    let n_classes = classes.height() as u64;
    let k = subj_per.iter().copied().min().unwrap_or(0);
    let mut hist = [0u64; 6];
    for s in &subj_per {
        hist[bucket(*s)] += 1;
    }
    let below: Vec<bool> = subj_per.iter().map(|s| *s < spec.k).collect();
    let classes_below_k = below.iter().filter(|b| **b).count() as u64;
    let rows_below_k: u64 = rows_per
        .iter()
        .zip(&below)
        .filter(|(_, b)| **b)
        .map(|(r, _)| r)
        .sum();
    // Distinct subjects in classes smaller than `threshold` (a subject can be in several).
    let subjects_in_small = |threshold: u64| -> Result<u64> {
        let Some(s) = &spec.subject else {
            return Ok(rows_per
                .iter()
                .zip(&subj_per)
                .filter(|(_, n)| **n < threshold)
                .map(|(r, _)| r)
                .sum());
        };
        if !subj_per.iter().any(|n| *n < threshold) {
            return Ok(0);
        }
        let qcols = || spec.qis.iter().map(|q| col(q.as_str())).collect::<Vec<_>>();
        let small = classes
            .clone()
            .lazy()
            .filter(col(SUBJECTS).lt(lit(threshold)))
            .select(qcols());
        let joined = lf
            .clone()
            .with_columns(
                spec.qis
                    .iter()
                    .map(|q| col(q.as_str()).cast(DataType::String))
                    .collect::<Vec<_>>(),
            )
            .join(
                small,
                qcols(),
                qcols(),
                JoinArgs {
                    nulls_equal: true,
                    ..JoinArgs::new(JoinType::Semi)
                },
            )
            .select([col(s.as_str()).n_unique().alias(SUBJECTS)]);
        Ok(
            u64_col(&collect(joined, "subjects in small classes")?, SUBJECTS)?
                .first()
                .copied()
                .unwrap_or(0),
        )
    };
    let subjects_below_k = subjects_in_small(spec.k)?;
    let unique_subjects = subjects_in_small(2)?;

    let share = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };

    // l-diversity: per class, the distinct count and entropy of each sensitive attribute.
    let mut l_diversity = Vec::new();
    for s in &spec.sensitive {
        let mut gkeys = keys.clone();
        gkeys.push(
            col(s.as_str())
                .cast(DataType::String)
                .alias("__tokumei_sensitive"),
        );
        let counts = collect(
            lf.clone().group_by(gkeys).agg([len().alias(ROWS)]),
            "sensitive values per class",
        )?;
        let key_vals = str_cols(&counts, &spec.qis)?;
        let n = u64_col(&counts, ROWS)?;
        let mut per_class: HashMap<Vec<Option<&str>>, Vec<u64>> = HashMap::new();
        for (i, c) in n.iter().enumerate() {
            let key: Vec<Option<&str>> = key_vals.iter().map(|col| col[i].as_deref()).collect();
            per_class.entry(key).or_default().push(*c);
        }
        let mut distinct_l = u64::MAX;
        let mut entropy_l = f64::INFINITY;
        for counts in per_class.values() {
            distinct_l = distinct_l.min(counts.len() as u64);
            let total: u64 = counts.iter().sum();
            let h: f64 = counts
                .iter()
                .map(|c| {
                    let p = *c as f64 / total as f64;
                    -p * p.ln()
                })
                .sum();
            entropy_l = entropy_l.min(h.exp());
        }
        if per_class.is_empty() {
            distinct_l = 0;
            entropy_l = 0.0;
        }
        l_diversity.push(LDiversity {
            attribute: s.clone(),
            distinct_l,
            entropy_l,
        });
    }

    // Rare values per quasi-identifier.
    let mut rare_values = Vec::new();
    for q in &spec.qis {
        let per_value = collect(
            lf.clone()
                .group_by([col(q.as_str()).cast(DataType::String)])
                .agg([len().alias(ROWS), subj().alias(SUBJECTS)]),
            "values per quasi-identifier",
        )?;
        let r = u64_col(&per_value, ROWS)?;
        let sj = u64_col(&per_value, SUBJECTS)?;
        let (mut values, mut rws) = (0u64, 0u64);
        for (a, b) in r.iter().zip(&sj) {
            if *b < spec.k {
                values += 1;
                rws += a;
            }
        }
        rare_values.push(RareValues {
            column: q.clone(),
            values_below_k: values,
            rows: rws,
        });
    }

    // The smallest classes.
    let mut order: Vec<usize> = (0..subj_per.len()).collect();
    order.sort_by_key(|i| (subj_per[*i], rows_per[*i]));
    let key_vals = str_cols(&classes, &spec.qis)?;
    let smallest = order
        .iter()
        .take(10)
        .map(|i| SmallClass {
            subjects: subj_per[*i],
            rows: rows_per[*i],
            values: key_vals.iter().map(|c| c[*i].clone()).collect(),
        })
        .collect();

    Ok(Measures {
        quasi_identifiers: spec.qis.clone(),
        subject: spec.subject.clone(),
        threshold_k: spec.k,
        rows,
        subjects,
        classes: n_classes,
        k,
        class_sizes: BUCKETS.iter().map(|b| b.to_string()).zip(hist).collect(),
        classes_below_k,
        rows_below_k,
        subjects_below_k,
        unique_share: share(unique_subjects, subjects),
        prosecutor_risk: if k == 0 { 0.0 } else { 1.0 / k as f64 },
        marketer_risk: share(n_classes, subj_per.iter().sum()),
        l_diversity,
        rare_values,
        smallest,
    })
}

/// One quasi-identifier's place in the chosen lattice node.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Generalised {
    pub(crate) column: String,
    /// 0 = as delivered by its rule; `max_level` = `*`.
    pub(crate) level: usize,
    pub(crate) max_level: usize,
}

/// The finest class table: distinct (quasi-identifier values[, subject]) with their row counts.
/// Values are interned once as `u32` codes, so the search groups integers, not strings.
struct ClassTable {
    /// Per quasi-identifier: its distinct values; a code indexes this (`NULL_CODE`: null).
    values: Vec<Vec<String>>,
    /// Per table row: the code of each quasi-identifier's value.
    codes: Vec<Vec<u32>>,
    /// Per table row: the subject's code (`NULL_CODE`: null, or no subject column).
    subjects: Vec<u32>,
    rows: Vec<u64>,
}

const NULL_CODE: u32 = u32::MAX;
const LATTICE_LIMIT: usize = 4096;

/// Interns strings as dense `u32` codes.
#[derive(Default)]
struct Interner {
    codes: HashMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn code(&mut self, v: Option<&str>) -> u32 {
        let Some(v) = v else { return NULL_CODE };
        if let Some(c) = self.codes.get(v) {
            return *c;
        }
        let c = self.values.len() as u32;
        self.values.push(v.to_string());
        self.codes.insert(v.to_string(), c);
        c
    }
}

fn class_table(lf: LazyFrame, spec: &RiskSpec) -> Result<ClassTable> {
    let mut keys: Vec<Expr> = spec
        .qis
        .iter()
        .map(|q| col(q.as_str()).cast(DataType::String))
        .collect();
    if let Some(s) = &spec.subject {
        keys.push(
            col(s.as_str())
                .cast(DataType::String)
                .alias("__tokumei_subject"),
        );
    }
    let df = collect(
        lf.group_by(keys).agg([len().alias(ROWS)]),
        "building the class table",
    )?;
    let cols = str_cols(&df, &spec.qis)?;
    let n = df.height();
    let mut interners: Vec<Interner> = cols.iter().map(|_| Interner::default()).collect();
    let codes = (0..n)
        .map(|i| {
            cols.iter()
                .zip(interners.iter_mut())
                .map(|(c, int)| int.code(c[i].as_deref()))
                .collect()
        })
        .collect();
    let subjects = match &spec.subject {
        Some(_) => {
            let mut int = Interner::default();
            str_cols(&df, &["__tokumei_subject".to_string()])?
                .remove(0)
                .iter()
                .map(|v| int.code(v.as_deref()))
                .collect()
        }
        None => vec![NULL_CODE; n],
    };
    Ok(ClassTable {
        values: interners.into_iter().map(|i| i.values).collect(),
        codes,
        subjects,
        rows: u64_col(&df, ROWS)?,
    })
}

/// Per quasi-identifier and level: the generalised code of each value code, computed once per
/// distinct value (not once per table row and lattice node).
fn generalised_codes(t: &ClassTable, h: &[Option<Hierarchy>]) -> Vec<Vec<Vec<u32>>> {
    t.values
        .iter()
        .zip(h)
        .map(|(values, h)| {
            let max = h.as_ref().map_or(0, Hierarchy::max_level);
            (0..=max)
                .map(|level| {
                    let mut int = Interner::default();
                    values
                        .iter()
                        .map(|v| match h {
                            Some(h) => int.code(Some(&h.apply(v, level))),
                            None => int.code(Some(v)),
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Rows and distinct subjects of one generalised class.
type Agg = (u64, HashSet<u32>);

/// Evaluates one lattice node: (share of rows or subjects that suppression would remove).
fn evaluate(
    t: &ClassTable,
    gen_codes: &[Vec<Vec<u32>>],
    levels: &[usize],
    spec: &RiskSpec,
    totals: (u64, u64),
) -> f64 {
    let mut classes: HashMap<Vec<u32>, Agg> = HashMap::new();
    for (i, key) in t.codes.iter().enumerate() {
        let g: Vec<u32> = key
            .iter()
            .enumerate()
            .map(|(c, code)| {
                if *code == NULL_CODE {
                    NULL_CODE
                } else {
                    gen_codes[c][levels[c]][*code as usize]
                }
            })
            .collect();
        let e = classes.entry(g).or_default();
        e.0 += t.rows[i];
        e.1.insert(t.subjects[i]);
    }
    let by_subject = spec.subject.is_some();
    let mut rows = 0u64;
    let mut subjects: HashSet<u32> = HashSet::new();
    for (r, s) in classes.values() {
        let size = if by_subject { s.len() as u64 } else { *r };
        if size < spec.k {
            rows += r;
            subjects.extend(s.iter().copied());
        }
    }
    if by_subject {
        subjects.len() as f64 / totals.1.max(1) as f64
    } else {
        rows as f64 / totals.0.max(1) as f64
    }
}

/// Exhaustive search of the generalisation lattice on the class table: the node with the least
/// loss (mean normalised level + suppressed share) whose suppression stays within the budget.
fn search(
    t: &ClassTable,
    h: &[Option<Hierarchy>],
    spec: &RiskSpec,
    max_suppression: f64,
    totals: (u64, u64),
) -> Result<Option<(Vec<usize>, f64)>> {
    let maxes: Vec<usize> = h
        .iter()
        .map(|h| h.as_ref().map_or(0, Hierarchy::max_level))
        .collect();
    let nodes: usize = maxes.iter().map(|m| m + 1).product();
    if nodes > LATTICE_LIMIT {
        return Err(Error::job(format!(
            "risk: {nodes} generalisation combinations over {} quasi-identifiers is more than the {LATTICE_LIMIT} the search evaluates; name fewer quasi-identifiers",
            spec.qis.len()
        )));
    }
    let gen_codes = generalised_codes(t, h);
    let mut best: Option<(Vec<usize>, f64)> = None;
    let mut levels = vec![0usize; maxes.len()];
    for _ in 0..nodes {
        let share = evaluate(t, &gen_codes, &levels, spec, totals);
        if share <= max_suppression {
            let generalised: f64 = levels
                .iter()
                .zip(&maxes)
                .map(|(l, m)| if *m == 0 { 0.0 } else { *l as f64 / *m as f64 })
                .sum::<f64>()
                / maxes.len() as f64;
            let loss = generalised + share;
            if best.as_ref().is_none_or(|(_, b)| loss < *b) {
                best = Some((levels.clone(), loss));
            }
        }
        // Next node (mixed-radix counter).
        for (l, m) in levels.iter_mut().zip(&maxes) {
            if *l < *m {
                *l += 1;
                break;
            }
            *l = 0;
        }
    }
    Ok(best)
}

/// Rewrites `path` with each quasi-identifier at its chosen level.
fn rewrite_generalised(
    path: &std::path::Path,
    format: crate::job::spec::Format,
    compression: crate::io::output::Compression,
    spec: &RiskSpec,
    h: &[Option<Hierarchy>],
    levels: &[usize],
) -> Result<()> {
    let csv = crate::io::input::CsvOptions::default();
    let lf = crate::io::input::scan(&[path.to_path_buf()], format, &csv)?;
    let mut exprs = Vec::new();
    for ((q, h), l) in spec.qis.iter().zip(h).zip(levels) {
        if let (Some(Hierarchy::Timestamp(_)), true) = (h, *l > 0) {
            // Typed timestamps stay typed: truncate the instants, `*` becomes null.
            let h = Arc::new(h.clone().expect("matched"));
            let level = *l;
            exprs.push(col(q.as_str()).map(
                move |c: Column| {
                    let dtype = c.dtype().clone();
                    let DataType::Datetime(unit, _) = &dtype else {
                        return crate::transform::map_strings(&c, |v| {
                            Some(std::borrow::Cow::Owned(h.apply(v, level)))
                        });
                    };
                    let per_ms: i64 = match unit {
                        TimeUnit::Nanoseconds => 1_000_000,
                        TimeUnit::Microseconds => 1_000,
                        TimeUnit::Milliseconds => 1,
                    };
                    let phys = c.to_physical_repr();
                    let out: Int64Chunked = phys
                        .i64()?
                        .iter()
                        .map(|v| {
                            v.and_then(|v| h.truncate_ms(v.div_euclid(per_ms), level))
                                .map(|m| m * per_ms)
                        })
                        .collect();
                    Ok(out
                        .with_name(c.name().clone())
                        .into_series()
                        .cast(&dtype)?
                        .into_column())
                },
                |_s: &Schema, f: &Field| Ok(f.clone()),
            ));
        } else if let (Some(h), true) = (h, *l > 0) {
            let h = Arc::new(h.clone());
            let level = *l;
            exprs.push(col(q.as_str()).map(
                move |c: Column| {
                    crate::transform::map_strings(&c, |v| {
                        Some(std::borrow::Cow::Owned(h.apply(v, level)))
                    })
                },
                |_s: &Schema, f: &Field| Ok(Field::new(f.name().clone(), DataType::String)),
            ));
        }
    }
    let tmp = path.with_extension("generalising");
    crate::io::output::sink(lf.with_columns(exprs), &tmp, format, compression)
        .map_err(|e| Error::io(format!("risk: rewriting `{}`: {e}", path.display())))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        Error::io(format!(
            "risk: replacing `{}`: {}",
            path.display(),
            e.kind()
        ))
    })
}

/// Values of each categorical quasi-identifier held by fewer than k subjects (its level 1).
fn rare_sets(t: &ClassTable, spec: &RiskSpec) -> Vec<HashSet<String>> {
    (0..spec.qis.len())
        .map(|i| {
            let mut per: HashMap<u32, Agg> = HashMap::new();
            for (j, key) in t.codes.iter().enumerate() {
                if key[i] != NULL_CODE {
                    let e = per.entry(key[i]).or_default();
                    e.0 += t.rows[j];
                    e.1.insert(t.subjects[j]);
                }
            }
            per.into_iter()
                .filter(|(_, (r, s))| {
                    (if spec.subject.is_some() {
                        s.len() as u64
                    } else {
                        *r
                    }) < spec.k
                })
                .map(|(code, _)| t.values[i][code as usize].clone())
                .collect()
        })
        .collect()
}

/// What the gate did to one dataset: measures before and after local suppression.
#[derive(Debug, Serialize)]
pub(crate) struct GateReport {
    pub(crate) min_k: u64,
    pub(crate) min_l: Option<u64>,
    pub(crate) max_suppression: f64,
    /// Full-domain generalisation chosen by an exhaustive lattice search on the class table,
    /// then local suppression of what is left in classes below min-k.
    pub(crate) method: &'static str,
    /// The chosen level of each quasi-identifier (all 0 when no generalisation was needed).
    pub(crate) generalisation: Vec<Generalised>,
    /// Mean normalised generalisation level + suppressed share (0 = nothing lost).
    pub(crate) information_loss: f64,
    pub(crate) before: Measures,
    pub(crate) after: Measures,
    pub(crate) suppressed_rows: u64,
    pub(crate) suppressed_subjects: u64,
    /// Suppressed rows (or subjects, with a subject column) as a share of the input.
    pub(crate) suppressed_share: f64,
    /// When the gate failed: the share local suppression would have needed in its last round.
    pub(crate) needed_share: f64,
    pub(crate) passed: bool,
}

const SUPPRESSION_ROUNDS: usize = 5;

/// Measures the staged output `path` and, when k is below the threshold, removes what is in
/// classes below it (rows; with a subject column, every row of those subjects, repeated since
/// removing a subject can shrink other classes), rewriting the file through a streaming sink.
/// The caller fails the run when `passed` is false. The report never holds class values.
pub(crate) fn apply_gate(
    path: &std::path::Path,
    format: crate::job::spec::Format,
    compression: crate::io::output::Compression,
    spec: &RiskSpec,
    min_l: Option<u64>,
    max_suppression: f64,
    hierarchies: &[Option<Hierarchy>],
) -> Result<GateReport> {
    let csv = crate::io::input::CsvOptions::default();
    let scan = || crate::io::input::scan(&[path.to_path_buf()], format, &csv);
    let before = measure(scan()?, spec)?;
    let l_ok = |m: &Measures| min_l.is_none_or(|l| m.l_diversity.iter().all(|d| d.distinct_l >= l));
    let mut after = before.clone();
    let mut chosen = vec![0usize; spec.qis.len()];
    let mut h: Vec<Option<Hierarchy>> = hierarchies.to_vec();
    if before.k < spec.k {
        let table = class_table(scan()?, spec)?;
        for (hh, rare) in h.iter_mut().zip(rare_sets(&table, spec)) {
            if let Some(Hierarchy::Categorical(set)) = hh {
                *set = rare;
            }
        }
        if let Some((levels, _)) = search(
            &table,
            &h,
            spec,
            max_suppression,
            (before.rows, before.subjects),
        )? && levels.iter().any(|l| *l > 0)
        {
            rewrite_generalised(path, format, compression, spec, &h, &levels)?;
            after = measure(scan()?, spec)?;
            chosen = levels;
        }
    }
    let share_of = |m: &Measures, extra_rows: u64, extra_subjects: u64| {
        if spec.subject.is_some() {
            (before.subjects - m.subjects + extra_subjects) as f64 / before.subjects.max(1) as f64
        } else {
            (before.rows - m.rows + extra_rows) as f64 / before.rows.max(1) as f64
        }
    };
    let mut needed_share = 0.0;
    let mut round = 0;
    while after.k < spec.k && after.rows > 0 && round < SUPPRESSION_ROUNDS {
        round += 1;
        // Stop before rewriting anything once the budget cannot hold.
        needed_share = share_of(&after, after.rows_below_k, after.subjects_below_k);
        if needed_share > max_suppression {
            break;
        }
        let keys: Vec<Expr> = spec
            .qis
            .iter()
            .enumerate()
            .map(|(i, q)| {
                col(q.as_str())
                    .cast(DataType::String)
                    .alias(format!("__tokumei_q{i}"))
            })
            .collect();
        let key_cols: Vec<Expr> = (0..spec.qis.len())
            .map(|i| col(format!("__tokumei_q{i}")))
            .collect();
        let subj = match &spec.subject {
            Some(s) => col(s.as_str()).n_unique(),
            None => len(),
        };
        let small = scan()?
            .with_columns(keys.clone())
            .group_by(key_cols.clone())
            .agg([subj.alias(SUBJECTS)])
            .filter(col(SUBJECTS).lt(lit(spec.k)))
            .select(key_cols.clone());
        let anti = JoinArgs {
            nulls_equal: true,
            ..JoinArgs::new(JoinType::Anti)
        };
        let original: Vec<Expr> = {
            let mut lf = scan()?;
            let schema = lf
                .collect_schema()
                .map_err(|e| Error::io(polars_message(&e)))?;
            schema.iter_names().map(|n| col(n.as_str())).collect()
        };
        let kept = match &spec.subject {
            None => scan()?.with_columns(keys.clone()).join(
                small,
                key_cols.clone(),
                key_cols.clone(),
                anti,
            ),
            Some(s) => {
                let sc = "__tokumei_subject";
                let subjects = scan()?
                    .with_columns(keys.clone())
                    .join(
                        small,
                        key_cols.clone(),
                        key_cols.clone(),
                        JoinArgs {
                            nulls_equal: true,
                            ..JoinArgs::new(JoinType::Semi)
                        },
                    )
                    .select([col(s.as_str()).cast(DataType::String).alias(sc)])
                    .unique(None, UniqueKeepStrategy::Any);
                scan()?
                    .with_columns([col(s.as_str()).cast(DataType::String).alias(sc)])
                    .join(subjects, [col(sc)], [col(sc)], anti)
            }
        }
        .select(original);
        let tmp = path.with_extension("suppressing");
        crate::io::output::sink(kept, &tmp, format, compression)
            .map_err(|e| Error::io(format!("risk: rewriting `{}`: {e}", path.display())))?;
        std::fs::rename(&tmp, path).map_err(|e| {
            Error::io(format!(
                "risk: replacing `{}`: {}",
                path.display(),
                e.kind()
            ))
        })?;
        after = measure(scan()?, spec)?;
    }
    let suppressed_rows = before.rows - after.rows;
    let suppressed_subjects = before.subjects - after.subjects;
    let suppressed_share = if spec.subject.is_some() {
        suppressed_subjects as f64 / before.subjects.max(1) as f64
    } else {
        suppressed_rows as f64 / before.rows.max(1) as f64
    };
    let passed =
        after.k >= spec.k && after.rows > 0 && suppressed_share <= max_suppression && l_ok(&after);
    let generalisation: Vec<Generalised> = spec
        .qis
        .iter()
        .zip(&h)
        .zip(&chosen)
        .map(|((q, h), l)| Generalised {
            column: q.clone(),
            level: *l,
            max_level: h.as_ref().map_or(0, Hierarchy::max_level),
        })
        .collect();
    let information_loss = generalisation
        .iter()
        .map(|g| {
            if g.max_level == 0 {
                0.0
            } else {
                g.level as f64 / g.max_level as f64
            }
        })
        .sum::<f64>()
        / generalisation.len().max(1) as f64
        + suppressed_share;
    let strip = |mut m: Measures| {
        m.smallest.clear();
        m
    };
    Ok(GateReport {
        min_k: spec.k,
        min_l,
        max_suppression,
        method: "generalisation (exhaustive lattice search) + local suppression",
        generalisation,
        information_loss,
        before: strip(before),
        after: strip(after),
        suppressed_rows,
        suppressed_subjects,
        suppressed_share,
        needed_share,
        passed,
    })
}

/// `tokumei risk FILE --qi a,b,c [--subject col] [--sensitive col] [--k N] [--json]`.
/// Exits 1 ("risk not met") when k is below `--k`.
pub(crate) fn run_cli(file: &std::path::Path, spec: &RiskSpec, json: bool) -> Result<()> {
    use crate::job::spec::Format;
    let format = Format::from_extension(file).ok_or_else(|| {
        Error::job(format!(
            "cannot tell the format of `{}`; use a .csv or .parquet file",
            file.display()
        ))
    })?;
    let mut lf = crate::io::input::scan(
        &[file.to_path_buf()],
        format,
        &crate::io::input::CsvOptions::default(),
    )?;
    let schema = lf.collect_schema().map_err(|e| {
        Error::io(format!(
            "cannot read `{}`: {}",
            file.display(),
            polars_message(&e)
        ))
    })?;
    let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let mut missing: Vec<String> = spec
        .qis
        .iter()
        .chain(spec.subject.iter())
        .chain(spec.sensitive.iter())
        .filter(|c| !names.contains(c))
        .map(|c| format!("`{c}`"))
        .collect();
    missing.dedup();
    if !missing.is_empty() {
        return Err(Error::job(format!(
            "`{}` has no column {}; its columns are: {}",
            file.display(),
            missing.join(", "),
            names.join(", ")
        )));
    }
    let m = measure(lf, spec)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&m).map_err(|e| Error::io(e.to_string()))?
        );
    } else {
        print_measures(&m);
    }
    if m.k < spec.k {
        return Err(Error::risk(format!(
            "k = {} is below the threshold {}: {} row(s), {} subject(s) are in classes smaller than {}",
            m.k, spec.k, m.rows_below_k, m.subjects_below_k, spec.k
        )));
    }
    Ok(())
}

fn print_measures(m: &Measures) {
    let unit = if m.subject.is_some() {
        "subjects"
    } else {
        "rows"
    };
    println!("quasi-identifiers: {}", m.quasi_identifiers.join(", "));
    if let Some(s) = &m.subject {
        println!("subject column:    {s} (classes are counted in distinct subjects)");
    }
    println!(
        "rows {}   subjects {}   classes {}",
        m.rows, m.subjects, m.classes
    );
    println!("k = {} (smallest class, in {unit})", m.k);
    println!(
        "class sizes ({unit}): {}",
        m.class_sizes
            .iter()
            .map(|(b, n)| format!("{b}: {n}"))
            .collect::<Vec<_>>()
            .join("  ")
    );
    println!(
        "below k = {}: {} class(es), {} row(s), {} subject(s)",
        m.threshold_k, m.classes_below_k, m.rows_below_k, m.subjects_below_k
    );
    println!(
        "unique share {:.2}%   prosecutor risk {:.4}   marketer risk {:.4}",
        m.unique_share * 100.0,
        m.prosecutor_risk,
        m.marketer_risk
    );
    for l in &m.l_diversity {
        println!(
            "l-diversity of {}: distinct l = {}, entropy l = {:.3}",
            l.attribute, l.distinct_l, l.entropy_l
        );
    }
    for r in &m.rare_values {
        println!(
            "rare values in {}: {} value(s) held by fewer than {} {unit} ({} rows)",
            r.column, r.values_below_k, m.threshold_k, r.rows
        );
    }
    println!("smallest classes:");
    for c in &m.smallest {
        let vals: Vec<String> = c
            .values
            .iter()
            .map(|v| v.clone().unwrap_or_else(|| "null".into()))
            .collect();
        println!(
            "  {:>6} {unit} {:>7} rows  {}",
            c.subjects,
            c.rows,
            vals.join(" | ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{HashMap, HashSet};

    /// A row: quasi-identifier a (nullable), b, subject (nullable), sensitive value, c.
    type Row = (Option<u8>, u8, Option<u8>, u8, u8);
    /// A brute-force class: rows, subjects, sensitive values.
    type Class = (u64, HashSet<Option<u8>>, HashSet<u8>);

    fn frame(rows: &[Row]) -> DataFrame {
        let a: Vec<Option<String>> = rows.iter().map(|r| r.0.map(|v| format!("a{v}"))).collect();
        let b: Vec<String> = rows.iter().map(|r| format!("b{}", r.1)).collect();
        let subj: Vec<Option<String>> = rows.iter().map(|r| r.2.map(|v| format!("s{v}"))).collect();
        let sens: Vec<String> = rows.iter().map(|r| format!("x{}", r.3)).collect();
        let c: Vec<i64> = rows.iter().map(|r| i64::from(r.4)).collect();
        DataFrame::new_infer_height(vec![
            Column::new("a".into(), a),
            Column::new("b".into(), b),
            Column::new("subj".into(), subj),
            Column::new("sens".into(), sens),
            Column::new("c".into(), c),
        ])
        .unwrap()
    }

    proptest! {
        /// Reported k, class counts, rows/subjects below k and distinct l equal a brute-force
        /// computation on random frames (with nulls in a quasi-identifier and in the subject).
        #[test]
        fn measures_equal_brute_force(
            rows in prop::collection::vec((prop::option::of(0u8..4), 0u8..3, prop::option::of(0u8..12), 0u8..3, 0u8..2), 1..120),
            k in 1u64..6,
            by_subject in any::<bool>(),
        ) {
            let df = frame(&rows);
            let spec = RiskSpec {
                qis: vec!["a".into(), "b".into(), "c".into()],
                subject: by_subject.then(|| "subj".to_string()),
                sensitive: vec!["sens".into()],
                k,
            };
            let m = measure(df.lazy(), &spec).unwrap();
            // Brute force.
            type Key = (Option<u8>, u8, u8);
            let mut classes: HashMap<Key, Class> = HashMap::new();
            for r in &rows {
                let e = classes.entry((r.0, r.1, r.4)).or_default();
                e.0 += 1;
                e.1.insert(r.2);
                e.2.insert(r.3);
            }
            let size = |e: &Class| if by_subject { e.1.len() as u64 } else { e.0 };
            prop_assert_eq!(m.classes, classes.len() as u64);
            prop_assert_eq!(m.rows, rows.len() as u64);
            prop_assert_eq!(m.k, classes.values().map(size).min().unwrap());
            let small: Vec<&Class> = classes.values().filter(|e| size(e) < k).collect();
            prop_assert_eq!(m.classes_below_k, small.len() as u64);
            prop_assert_eq!(m.rows_below_k, small.iter().map(|e| e.0).sum::<u64>());
            let small_subjects: HashSet<Option<u8>> = small.iter().flat_map(|e| e.1.iter().copied()).collect();
            let expect_subjects_below = if by_subject { small_subjects.len() as u64 } else { m.rows_below_k };
            prop_assert_eq!(m.subjects_below_k, expect_subjects_below);
            prop_assert_eq!(m.l_diversity[0].distinct_l, classes.values().map(|e| e.2.len() as u64).min().unwrap());
            let subjects: HashSet<Option<u8>> = rows.iter().map(|r| r.2).collect();
            prop_assert_eq!(m.subjects, if by_subject { subjects.len() as u64 } else { rows.len() as u64 });
            prop_assert!((m.prosecutor_risk - 1.0 / m.k as f64).abs() < 1e-12);
            let alone: HashSet<Option<u8>> = classes.values().filter(|e| size(e) == 1).flat_map(|e| e.1.iter().copied()).collect();
            let n_alone = if by_subject { alone.len() as f64 } else { classes.values().filter(|e| e.0 == 1).count() as f64 };
            prop_assert!((m.unique_share - n_alone / m.subjects as f64).abs() < 1e-12);
            let sum_sizes: u64 = classes.values().map(size).sum();
            prop_assert!((m.marketer_risk - classes.len() as f64 / sum_sizes as f64).abs() < 1e-12);
            prop_assert!(m.unique_share <= 1.0 && m.marketer_risk <= 1.0);
        }
    }

    #[test]
    fn entropy_l_of_a_known_frame() {
        // One class with sensitive values x0, x0, x1, x1: entropy ln 2, entropy l = 2.
        let df = frame(&[
            (Some(1), 1, Some(1), 0, 0),
            (Some(1), 1, Some(2), 0, 0),
            (Some(1), 1, Some(3), 1, 0),
            (Some(1), 1, Some(4), 1, 0),
        ]);
        let spec = RiskSpec {
            qis: vec!["a".into(), "b".into()],
            subject: None,
            sensitive: vec!["sens".into()],
            k: 5,
        };
        let m = measure(df.lazy(), &spec).unwrap();
        assert_eq!(m.k, 4);
        assert!((m.l_diversity[0].entropy_l - 2.0).abs() < 1e-9);
        assert_eq!(m.classes_below_k, 1);
        assert_eq!(m.rare_values[0].values_below_k, 1);
    }
}
