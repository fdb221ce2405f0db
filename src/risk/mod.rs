//! Re-identification risk of the combination of quasi-identifiers a dataset delivers.
//!
//! `measure` computes, on the data as delivered: equivalence classes (rows sharing every
//! quasi-identifier value), k (the smallest class, counted in distinct subjects when a subject
//! column is given, as in access logs where one person has many rows), the class-size
//! distribution, rows and subjects in classes below a threshold, the share of unique subjects,
//! prosecutor and marketer risk, distinct and entropy l-diversity of sensitive attributes, and
//! rare values per quasi-identifier (idiosyncratic descriptions, 特異な記述).
//!
//! One streaming pass builds an integer class table (`lattice::ClassTable`) and every figure is
//! computed from it: memory follows the number of distinct combinations, not the number of rows.
//! A null is a value of its own; a null subject counts as one subject (so classes are never made
//! to look bigger). The gate (`apply_gate`) and the joined check (`joined_gate`) fix what the
//! measures find.

pub(crate) mod lattice;
pub(crate) mod linked;
pub(crate) mod traces;

use crate::transform::levels::Hierarchy;

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
    /// Sensitive attributes whose numbers are codes, not quantities (a diagnosis's or a
    /// category's): their t-closeness takes the equal distance, never the ordered one.
    pub(crate) categorical: Vec<String>,
    /// The threshold the "below k" figures refer to.
    pub(crate) k: u64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
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
    pub(crate) t_closeness: Vec<TCloseness>,
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

/// t-closeness (Li, Li and Venkatasubramanian, ICDE 2007): the largest Earth Mover's Distance
/// between a class's distribution of a sensitive attribute and the whole table's, over rows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct TCloseness {
    pub(crate) attribute: String,
    pub(crate) t: f64,
    /// `ordered` when every value is a number or a range of numbers (the distance between the
    /// i-th and j-th of the m values in order is |i - j| / (m - 1)), else `equal` (every two
    /// values are 1 apart: half the total variation distance).
    pub(crate) distance: &'static str,
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
    crate::io::collect(lf, || format!("risk: {what}"))
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

/// Measures the risk of `lf` (the data as it would be delivered): one streaming pass builds the
/// integer class table, and every figure is computed from it.
pub(crate) fn measure(lf: LazyFrame, spec: &RiskSpec) -> Result<Measures> {
    if spec.qis.is_empty() {
        return Err(Error::job(
            "risk: give at least one quasi-identifier column",
        ));
    }
    let t = lattice::ClassTable::build(lf, spec)?;
    Ok(measures_of(&t, spec))
}

/// The measures of a class table. Classes are the distinct quasi-identifier combinations; the
/// table is sorted by subject, so one subject's rows are contiguous and "distinct subjects" is
/// a count of changes.
pub(crate) fn measures_of(t: &lattice::ClassTable, spec: &RiskSpec) -> Measures {
    use lattice::NULL_CODE;
    let n = t.len();
    let by_subject = t.by_subject;
    let radix: Vec<u128> = t.domains.iter().map(|d| d.len() as u128 + 1).collect();
    let (class_of, nc) = lattice::number_classes(n, &radix, |c, j| {
        let v = t.qi[c][j];
        if v == NULL_CODE {
            radix[c] - 1
        } else {
            u128::from(v)
        }
    });
    let subject = |j: usize| if by_subject { t.subject[j] } else { 0 };
    let mut rows_c = vec![0u64; nc];
    let mut subj_c = vec![0u64; nc];
    let mut last: Vec<Option<u32>> = vec![None; nc];
    let mut rep = vec![usize::MAX; nc];
    for (j, c) in class_of.iter().enumerate() {
        let c = *c as usize;
        rows_c[c] += u64::from(t.rows[j]);
        if rep[c] == usize::MAX {
            rep[c] = j;
        }
        if by_subject && last[c] != Some(subject(j)) {
            subj_c[c] += 1;
            last[c] = Some(subject(j));
        }
    }
    if !by_subject {
        subj_c.clone_from(&rows_c);
    }
    let k = subj_c.iter().copied().min().unwrap_or(0);
    let mut hist = [0u64; 6];
    for s in &subj_c {
        hist[bucket(*s)] += 1;
    }
    let classes_below_k = subj_c.iter().filter(|s| **s < spec.k).count() as u64;
    let rows_below_k: u64 = (0..nc)
        .filter(|c| subj_c[*c] < spec.k)
        .map(|c| rows_c[c])
        .sum();
    // Distinct subjects in classes smaller than `threshold` (a subject can be in several).
    let subjects_in_small = |threshold: u64| -> u64 {
        if !by_subject {
            return (0..nc)
                .filter(|c| subj_c[*c] < threshold)
                .map(|c| rows_c[c])
                .sum();
        }
        let mut count = 0;
        let mut marked: Option<u32> = None;
        for (j, c) in class_of.iter().enumerate() {
            if subj_c[*c as usize] < threshold && marked != Some(subject(j)) {
                count += 1;
                marked = Some(subject(j));
            }
        }
        count
    };
    let subjects_below_k = subjects_in_small(spec.k);
    let unique_subjects = subjects_in_small(2);
    let share = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };

    // l-diversity: per class, the distinct count and entropy of each sensitive attribute; and
    // t-closeness.
    let mut t_closeness = Vec::new();
    let l_diversity = spec
        .sensitive
        .iter()
        .zip(&t.sensitive)
        .enumerate()
        .map(|(a, (name, values))| {
            let mut pairs: PlHashMap<(u32, u32), u64> = PlHashMap::default();
            // With a subject: of each (class, value), how many distinct subjects hold it (rows
            // come grouped by subject), and the last one counted.
            let mut holders: PlHashMap<(u32, u32), (u64, u32)> = PlHashMap::default();
            for (j, c) in class_of.iter().enumerate() {
                *pairs.entry((*c, values[j])).or_default() += u64::from(t.rows[j]);
                if by_subject {
                    let h = holders.entry((*c, values[j])).or_insert((0, u32::MAX));
                    if h.0 == 0 || h.1 != subject(j) {
                        h.0 += 1;
                        h.1 = subject(j);
                    }
                }
            }
            // A value every subject of a class holds discloses itself for each of them, however
            // many other values some of them hold (one person's many rows): that class is
            // 1-diverse.
            let mut certain = vec![false; nc];
            for ((c, _), (n, _)) in &holders {
                if *n >= subj_c[*c as usize] {
                    certain[*c as usize] = true;
                }
            }
            // A code's numbers are names: no order between them.
            let keys = t
                .sensitive_keys
                .get(a)
                .filter(|_| !spec.categorical.contains(name))
                .cloned();
            t_closeness.push(t_closeness_of(name, &pairs, &rows_c, keys.as_deref()));
            let mut distinct = vec![0u64; nc];
            let mut plogp = vec![0f64; nc];
            // Summed in (class, count) order: the figure does not depend on hash order or on
            // how values were numbered, so a report is reproducible to the last digit.
            let mut terms: Vec<(u32, u64)> = pairs.into_iter().map(|((c, _), r)| (c, r)).collect();
            terms.sort_unstable();
            for (c, r) in &terms {
                let c = *c as usize;
                distinct[c] += 1;
                let p = *r as f64 / rows_c[c] as f64;
                plogp[c] -= p * p.ln();
            }
            for (c, d) in distinct.iter_mut().enumerate() {
                if certain[c] {
                    *d = 1;
                }
            }
            LDiversity {
                attribute: name.clone(),
                distinct_l: distinct.iter().copied().min().unwrap_or(0),
                entropy_l: if nc == 0 {
                    0.0
                } else {
                    plogp.iter().map(|h| h.exp()).fold(f64::INFINITY, f64::min)
                },
            }
        })
        .collect();

    // Rare values per quasi-identifier (null is a value of its own).
    let rare_values = spec
        .qis
        .iter()
        .enumerate()
        .map(|(q, name)| {
            let slots = t.domains[q].len() + 1;
            let slot = |v: u32| {
                if v == NULL_CODE {
                    slots - 1
                } else {
                    v as usize
                }
            };
            let mut rows_v = vec![0u64; slots];
            let mut subj_v = vec![0u64; slots];
            let mut last_v: Vec<Option<u32>> = vec![None; slots];
            for j in 0..n {
                let v = slot(t.qi[q][j]);
                rows_v[v] += u64::from(t.rows[j]);
                if by_subject {
                    if last_v[v] != Some(subject(j)) {
                        subj_v[v] += 1;
                        last_v[v] = Some(subject(j));
                    }
                } else {
                    subj_v[v] += u64::from(t.rows[j]);
                }
            }
            let rare: Vec<usize> = (0..slots)
                .filter(|v| rows_v[*v] > 0 && subj_v[*v] < spec.k)
                .collect();
            RareValues {
                column: name.clone(),
                values_below_k: rare.len() as u64,
                rows: rare.iter().map(|v| rows_v[*v]).sum(),
            }
        })
        .collect();

    // The ten smallest classes, ties in class order: the first ten of a stable sort of every
    // class by size, found by selection (a 30M-row log has millions of classes).
    let smallest = smallest_classes(nc, 10, |c| (subj_c[c], rows_c[c]));
    let smallest = smallest
        .iter()
        .map(|c| SmallClass {
            subjects: subj_c[*c],
            rows: rows_c[*c],
            values: (0..spec.qis.len())
                .map(|q| t.domains[q].text(t.qi[q][rep[*c]]))
                .collect(),
        })
        .collect();

    Measures {
        quasi_identifiers: spec.qis.clone(),
        subject: spec.subject.clone(),
        threshold_k: spec.k,
        rows: t.total_rows,
        subjects: t.total_subjects,
        classes: nc as u64,
        k,
        class_sizes: BUCKETS.iter().map(|b| b.to_string()).zip(hist).collect(),
        classes_below_k,
        rows_below_k,
        subjects_below_k,
        unique_share: share(unique_subjects, t.total_subjects),
        prosecutor_risk: if k == 0 { 0.0 } else { 1.0 / k as f64 },
        marketer_risk: share(nc as u64, subj_c.iter().sum()),
        l_diversity,
        t_closeness,
        rare_values,
        smallest,
    }
}

/// t-closeness of one sensitive attribute from the rows of each (class, value) and each
/// class's rows, with each value's numeric key (see [`TCloseness`]). Null is a value of its
/// own; with it, or with a value present that has no key, the distance is the equal one.
///
/// The ordered distance of a class is (1 / (m - 1)) Σ_i |P_i - Q_i| over the m values present,
/// P and Q the class's and the table's cumulative shares up to the i-th value. P only changes
/// at the class's own values, and Q grows with i, so each run between them is summed with a
/// binary search and prefix sums of Q: a class costs its values times log m, not m.
fn t_closeness_of(
    name: &str,
    pairs: &PlHashMap<(u32, u32), u64>,
    rows_c: &[u64],
    keys: Option<&[Option<lattice::NumericKey>]>,
) -> TCloseness {
    use lattice::NULL_CODE;
    let total: u64 = rows_c.iter().sum();
    let mut global: PlHashMap<u32, u64> = PlHashMap::default();
    for ((_, v), r) in pairs {
        *global.entry(*v).or_default() += r;
    }
    // The values present, in order (numeric, or by code for the equal distance), and each
    // value's place among them. (Null's code has no key.)
    let mut present: Vec<u32> = global.keys().copied().collect();
    present.sort_unstable();
    let key = |v: u32| keys.and_then(|k| k.get(v as usize).copied().flatten());
    let mut ordered = present.iter().all(|v| *v != NULL_CODE && key(*v).is_some());
    if ordered {
        present.sort_by(|a, b| {
            let (ka, kb) = (key(*a), key(*b));
            ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal)
        });
        // Two values at one place (`20-29` and `20-24`) have no order between them: the
        // equal distance, which is never smaller than the ordered one, is used instead.
        if present.windows(2).any(|w| key(w[0]) == key(w[1])) {
            ordered = false;
            present.sort_unstable();
        }
    }
    let m = present.len();
    let place: PlHashMap<u32, usize> = present.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let q: Vec<f64> = present
        .iter()
        .map(|v| global[v] as f64 / total.max(1) as f64)
        .collect();
    // Each class's (place, rows), sorted: the figure does not depend on hash order.
    let mut terms: Vec<(u32, usize, u64)> =
        pairs.iter().map(|((c, v), r)| (*c, place[v], *r)).collect();
    terms.sort_unstable();
    let mut t: f64 = 0.0;
    if m >= 2 {
        // Q_i, the table's cumulative share up to value i, and prefix sums of it.
        let cum: Vec<f64> = q
            .iter()
            .scan(0.0, |acc, x| {
                *acc += x;
                Some(*acc)
            })
            .collect();
        let mut prefix = vec![0.0; m + 1];
        for i in 0..m {
            prefix[i + 1] = prefix[i] + cum[i];
        }
        // Σ_{i in lo..hi} |c - Q_i|, Q non-decreasing.
        let run = |c: f64, lo: usize, hi: usize| -> f64 {
            if lo >= hi {
                return 0.0;
            }
            let split = lo + cum[lo..hi].partition_point(|x| *x < c);
            let below = (split - lo) as f64 * c - (prefix[split] - prefix[lo]);
            let above = (prefix[hi] - prefix[split]) - (hi - split) as f64 * c;
            below + above
        };
        for class in terms.chunk_by(|a, b| a.0 == b.0) {
            let rows = rows_c[class[0].0 as usize] as f64;
            let emd = match ordered {
                true => {
                    let mut sum = 0.0;
                    let mut p_cum = 0.0;
                    let mut at = 0;
                    for (_, i, r) in class {
                        sum += run(p_cum, at, *i);
                        p_cum += *r as f64 / rows;
                        at = *i;
                    }
                    sum += run(p_cum, at, m);
                    sum / (m - 1) as f64
                }
                false => {
                    let mut inside = 0.0;
                    let mut q_inside = 0.0;
                    for (_, i, r) in class {
                        inside += (*r as f64 / rows - q[*i]).abs();
                        q_inside += q[*i];
                    }
                    0.5 * (inside + (1.0 - q_inside).max(0.0))
                }
            };
            t = t.max(emd);
        }
    }
    TCloseness {
        attribute: name.to_string(),
        t,
        distance: if ordered && m >= 2 {
            "ordered"
        } else {
            "equal"
        },
    }
}

/// The `n` classes of `0..nc` with the smallest `size`, smallest first and ties in class
/// order: what the first `n` of a stable sort by `size` are, in O(nc) instead of a sort.
fn smallest_classes(nc: usize, n: usize, size: impl Fn(usize) -> (u64, u64)) -> Vec<usize> {
    let mut order: Vec<usize> = (0..nc).collect();
    let key = |c: &usize| (size(*c), *c);
    if nc > n {
        order.select_nth_unstable_by_key(n, key);
        order.truncate(n);
    }
    order.sort_unstable_by_key(key);
    order
}

/// One quasi-identifier's place in the chosen lattice node.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Generalised {
    pub(crate) column: String,
    /// 0 = as delivered by its rule; `max_level` = `*`.
    pub(crate) level: usize,
    pub(crate) max_level: usize,
    /// The level in words (Japanese and English).
    pub(crate) method: crate::transform::Words,
}

/// Each quasi-identifier recoded (idiosyncratic values) and at its chosen level, as expressions
/// for the gate's one rewrite. Text values are relabelled once per distinct value of a batch;
/// typed timestamps are truncated as instants.
fn generalise_exprs(spec: &RiskSpec, columns: Vec<ColumnRewrite>) -> Vec<Expr> {
    let mut exprs = Vec::new();
    for (q, c) in spec.qis.iter().zip(columns) {
        if c.level == 0 && c.recode.is_empty() {
            continue;
        }
        let ColumnRewrite { h, level, recode } = c;
        let typed = matches!(h, Some(Hierarchy::Timestamp(_)));
        exprs.push(col(q.as_str()).map(
            move |c: Column| {
                let dtype = c.dtype().clone();
                if let (DataType::Datetime(unit, _), Some(h @ Hierarchy::Timestamp(_))) =
                    (&dtype, h.as_ref())
                {
                    // Typed timestamps stay typed: truncate the instants, `*` becomes null. A
                    // log's rows come in time order and its rule has truncated them already,
                    // so a row mostly repeats the one before: its result is reused.
                    let per_ms = crate::transform::timestamp::per_ms(*unit);
                    let phys = c.to_physical_repr();
                    let mut last: Option<(i64, Option<i64>)> = None;
                    let out: Int64Chunked = phys
                        .i64()?
                        .iter()
                        .map(|v| {
                            let v = v?;
                            match last {
                                Some((p, out)) if p == v => out,
                                _ => {
                                    let out = h
                                        .truncate_ms(v.div_euclid(per_ms), level)
                                        .map(|m| m * per_ms);
                                    last = Some((v, out));
                                    out
                                }
                            }
                        })
                        .collect();
                    return Ok(out
                        .with_name(c.name().clone())
                        .into_series()
                        .cast(&dtype)?
                        .into_column());
                }
                // Once per distinct value of the batch: a run-wide map of every distinct value
                // to its label held a quarter of the heap at 30M log rows (the IP prefixes).
                crate::transform::map_distinct(&c, |v| {
                    Some(lattice::relabel(h.as_ref(), &recode, v, level))
                })
            },
            move |_s: &Schema, f: &Field| {
                Ok(match f.dtype() {
                    DataType::Datetime(..) if typed => f.clone(),
                    _ => Field::new(f.name().clone(), DataType::String),
                })
            },
        ));
    }
    exprs
}

/// How the rewrite changes one quasi-identifier.
struct ColumnRewrite {
    h: Option<Hierarchy>,
    level: usize,
    recode: lattice::Recode,
}

/// The columns of `lf`, in order, as expressions (to restore the schema after helper columns).
fn columns_of(mut lf: LazyFrame) -> Result<Vec<Expr>> {
    let schema = lf
        .collect_schema()
        .map_err(|e| Error::io(polars_message(&e)))?;
    Ok(schema.iter_names().map(|n| col(n.as_str())).collect())
}

/// A staged dataset as the risk gate sees it: a frame to read and a way to replace it. Risk
/// works on frames and class tables only; the orchestration implements this over `io`.
pub(crate) trait Staged {
    /// The dataset as a lazy frame, read afresh.
    fn scan(&self) -> Result<LazyFrame>;
    /// Replaces the dataset by `lf` (streamed), in one step named `step` for messages.
    fn replace(&self, lf: LazyFrame, step: &str) -> Result<()>;
    /// The class table of the dataset as it is now, for the gate's measures and search: by
    /// default one streaming pass over [`Staged::scan`]; an implementation may hand over one
    /// that was built elsewhere (Spark's group-by of the same rows).
    fn class_table(&self, spec: &RiskSpec) -> Result<lattice::ClassTable> {
        lattice::ClassTable::build(self.scan()?, spec)
    }
}

/// How local suppression treats what is left in classes below min-k.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Suppress {
    /// Remove the rows (with a subject column: every row of the subjects concerned).
    Rows,
    /// Null the quasi-identifier cells of the rows in small classes; rows whose cells are all
    /// null already and still in a small class are removed.
    Cells,
}

/// What the gate did to one dataset: measures before and after fixing.
#[derive(Debug, Serialize)]
pub(crate) struct GateReport {
    pub(crate) min_k: u64,
    pub(crate) min_l: Option<u64>,
    /// The largest t-closeness allowed (checked on the result, not searched for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) max_t: Option<f64>,
    pub(crate) max_suppression: f64,
    pub(crate) suppress: Suppress,
    /// Step 1: idiosyncratic values top/bottom-coded or grouped into `other` (labels only).
    pub(crate) idiosyncratic: Vec<lattice::Recoding>,
    /// Step 2: how the generalisation search went (absent when nothing needed fixing).
    pub(crate) search: Option<lattice::SearchReport>,
    /// The chosen level of each quasi-identifier (all 0 when no generalisation was needed).
    pub(crate) generalisation: Vec<Generalised>,
    /// Mean normalised generalisation level + suppressed share (0 = nothing lost).
    pub(crate) information_loss: f64,
    /// ARX's Loss of the delivered data (`lattice::ARX_LOSS_METRIC`), whichever metric the
    /// search minimised, so the figure compares with ARX's.
    pub(crate) arx_loss: f64,
    pub(crate) before: Measures,
    pub(crate) after: Measures,
    /// Step 3: rows removed.
    pub(crate) suppressed_rows: u64,
    /// Subjects no longer in the delivery.
    pub(crate) suppressed_subjects: u64,
    /// With `suppress = "cells"`: rows whose quasi-identifier cells were nulled.
    pub(crate) nulled_rows: u64,
    /// Rows (subjects, with a subject column) removed or nulled, as a share of the input.
    pub(crate) suppressed_share: f64,
    /// When the gate passed, `suppressed_share`; when it failed, the share local suppression
    /// would have needed (in its last round, or the plan the search found over the budget).
    pub(crate) needed_share: f64,
    pub(crate) passed: bool,
    /// k^m of the subjects' traces (`trace-items`, `min-km`), with a subject column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) traces: Option<TraceReport>,
    /// Rows and subjects removed after this gate ran because another dataset's gate suppressed
    /// them (linked suppression); they do not count against `max_suppression`.
    #[serde(skip_serializing_if = "is_zero")]
    pub(crate) linked_rows: u64,
    #[serde(skip_serializing_if = "is_zero")]
    pub(crate) linked_subjects: u64,
    /// Wall time of each step, in milliseconds.
    pub(crate) timings_ms: Timings,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Wall time of the gate's steps, in milliseconds.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Timings {
    /// Measuring before and after (from class tables; after a rewrite, a new table's pass).
    pub(crate) measure: u64,
    /// Building the integer class table (one streaming pass).
    pub(crate) class_table: u64,
    /// Idiosyncratic values and the lattice search.
    pub(crate) search: u64,
    /// Rewriting the file with the chosen levels.
    pub(crate) generalise: u64,
    /// Local suppression rounds.
    pub(crate) suppress: u64,
    /// Measuring and fixing the traces (k^m).
    pub(crate) traces: u64,
    pub(crate) total: u64,
}

const SUPPRESSION_ROUNDS: usize = 5;

/// The gate's thresholds and method.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Thresholds {
    pub(crate) min_l: Option<u64>,
    /// The largest t-closeness allowed: checked on what the gate leaves, not fixed.
    pub(crate) max_t: Option<f64>,
    pub(crate) max_suppression: f64,
    pub(crate) suppress: Suppress,
    /// What the search minimises.
    pub(crate) metric: lattice::Metric,
    /// k^m of the subjects' traces: measured, and fixed when it has a k.
    pub(crate) traces: Option<TraceTarget>,
}

/// `x` to four decimals, or to as many more as it takes to show it on its side of `limit`
/// (`t = 0.1500125` against `max-t 0.15` is shown `0.15001`, not `0.1500`).
pub(crate) fn shown_against(x: f64, limit: f64) -> String {
    for digits in 4..=12 {
        let s = format!("{x:.digits$}");
        let shown: f64 = s.parse().unwrap_or(x);
        if (shown > limit) == (x > limit) && (shown == limit) == (x == limit) {
            return s;
        }
    }
    format!("{x}")
}

/// Whether every sensitive attribute's t-closeness is at most `max_t` (or no `max_t`).
fn t_ok(max_t: Option<f64>, m: &Measures) -> bool {
    max_t.is_none_or(|max| m.rows == 0 || m.t_closeness.iter().all(|d| d.t <= max + 1e-12))
}

/// `trace-items` (m) and `min-km` (k; `None`: measure only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TraceTarget {
    pub(crate) m: usize,
    pub(crate) k: Option<u64>,
}

fn tt_k(th: Thresholds) -> Option<u64> {
    th.traces.and_then(|t| t.k)
}

/// Item suppression planned on the class table of the data as the gate's rewrite leaves it.
struct TracePlan {
    before: traces::TraceMeasures,
    after: traces::TraceMeasures,
    /// The items to remove: subject and quasi-identifiers as the rewritten file spells them.
    removal: DataFrame,
    /// The class table without them: the delivered data's (kept only when the plan fits).
    table_after: Option<lattice::ClassTable>,
    rows: u64,
    touched: u64,
    /// Of the subjects touched, those left with some rows (the others are gone, and counted
    /// among the subjects the rewrite removed).
    touched_kept: u64,
    needed_share: f64,
    fits: bool,
    /// Planned at a node coarser than the rows needed.
    further: bool,
}

impl TracePlan {
    /// A plan that removes nothing: the traces already meet k (`table` kept), or the node stops
    /// at the budget (`fits` false; `needed_share` and `touched` say how far it was).
    fn unchanged(
        before: traces::TraceMeasures,
        table: Option<lattice::ClassTable>,
        needed_share: f64,
        touched: u64,
    ) -> TracePlan {
        TracePlan {
            after: before.clone(),
            before,
            removal: DataFrame::empty(),
            fits: table.is_some(),
            table_after: table,
            rows: 0,
            touched,
            touched_kept: touched,
            needed_share,
            further: false,
        }
    }

    fn report(&self, min_km: Option<u64>) -> TraceReport {
        TraceReport {
            min_km,
            before: self.before.clone(),
            after: self.after.clone(),
            suppressed_rows: if self.fits { self.rows } else { 0 },
            touched_subjects: if self.fits { self.touched } else { 0 },
            touched_kept: if self.fits { self.touched_kept } else { 0 },
            needed_share: if self.fits { 0.0 } else { self.needed_share },
            generalised_further: self.further,
            nodes_tried: 1,
            passed: self.fits,
        }
    }
}

/// Plans k^m on `t` (the data as the rewrite will leave it): the items to suppress, whether the
/// subjects they touch fit `budget` (a share of `subjects`), and the table without them.
fn plan_traces(
    t: lattice::ClassTable,
    spec: &RiskSpec,
    tt: TraceTarget,
    budget: f64,
    subjects: u64,
) -> Result<TracePlan> {
    let k = tt.k.unwrap_or(spec.k);
    let t0 = std::time::Instant::now();
    let (mut tr, class_of) = traces::traces(&t);
    let before = traces::measure(&tr, tt.m, k).map_err(Error::risk)?;
    tracing::debug!(
        "risk gate: the node's traces measured in {} ms",
        t0.elapsed().as_millis()
    );
    if before.holds() {
        return Ok(TracePlan::unchanged(before, Some(t), 0.0, 0));
    }
    // Every subject holding a rare set loses at least one item: when they alone exceed the
    // budget, the fix cannot fit (and need not be computed).
    let lower = before.subjects_below_k as f64 / subjects.max(1) as f64;
    if lower > budget {
        return Ok(TracePlan::unchanged(before, None, lower, 0));
    }
    // The fix stops as soon as the subjects it touched exceed the budget.
    let share_of = |n: usize| n as f64 / subjects.max(1) as f64;
    let fixed = traces::fix_within(&mut tr, tt.m, k, |n| share_of(n) > budget);
    let removed = match fixed.map_err(Error::risk)? {
        traces::Fixed::Done(removed) => removed,
        traces::Fixed::Over(n) => {
            tracing::debug!(
                "risk gate: the node's traces stopped fixing after {} ms, touching {:.4} of the subjects (budget {budget:.4})",
                t0.elapsed().as_millis(),
                share_of(n)
            );
            return Ok(TracePlan::unchanged(before, None, share_of(n), n as u64));
        }
    };
    let mut touched: Vec<u32> = removed.iter().map(|(s, _)| *s).collect();
    touched.sort_unstable();
    touched.dedup();
    let needed_share = share_of(touched.len());
    tracing::debug!(
        "risk gate: the node's traces fixed in {} ms, touching {needed_share:.4} of the subjects (budget {budget:.4})",
        t0.elapsed().as_millis()
    );
    drop(tr);
    if needed_share > budget {
        // Over the budget: nothing more is needed of this node (the table goes now).
        return Ok(TracePlan::unchanged(
            before,
            None,
            needed_share,
            touched.len() as u64,
        ));
    }
    let gone: PlHashSet<(u32, u32)> = removed.into_iter().collect();
    let hit: Vec<bool> = (0..t.len())
        .map(|j| gone.contains(&(t.subject[j], class_of[j])))
        .collect();
    let rows: Vec<usize> = (0..t.len()).filter(|j| hit[*j]).collect();
    let removal = removal_frame(&t, &rows)?;
    let rows_removed = rows.iter().map(|j| u64::from(t.rows[*j])).sum();
    // In place: the derived table and a filtered copy of it at once were the gate's peak heap
    // at 30M log rows.
    let mut table_after = t;
    table_after.retain(|j| !hit[j]);
    let (tr_after, _) = traces::traces(&table_after);
    let after = traces::measure(&tr_after, tt.m, k).map_err(Error::risk)?;
    let fits = after.holds();
    // Subjects with rows left, by code (NULL_CODE, the null subject, is no trace's).
    let mut left = vec![false; table_after.subject_values.len()];
    for s in &table_after.subject {
        if let Some(l) = left.get_mut(*s as usize) {
            *l = true;
        }
    }
    let touched_kept = touched
        .iter()
        .filter(|s| left.get(**s as usize) == Some(&true))
        .count() as u64;
    Ok(TracePlan {
        fits,
        before,
        after,
        removal,
        rows: rows_removed,
        touched: touched.len() as u64,
        touched_kept,
        needed_share,
        table_after: fits.then_some(table_after),
        further: false,
    })
}

/// The quasi-identifiers of the rows of `t` (rows without a subject, at the node's levels:
/// `ClassTable::rows_at`), spelled as the file casts them to text, with a null subject: the
/// items of `keep_mask` that remove a class's rows without a subject.
fn null_removal_frame(t: &lattice::ClassTable) -> Result<DataFrame> {
    let mut cols = vec![Column::new(
        "__tokumei_subject".into(),
        vec![None::<String>; t.len()],
    )];
    for (i, d) in t.domains.iter().enumerate() {
        cols.push(Column::new(
            format!("__tokumei_q{i}").into(),
            lattice::texts(d, &t.qi[i]),
        ));
    }
    DataFrame::new_infer_height(cols).map_err(|e| Error::io(polars_message(&e)))
}

/// The subject and quasi-identifiers of table rows `rows`, spelled as the file casts them to
/// text, for an anti-join.
fn removal_frame(table: &lattice::ClassTable, rows: &[usize]) -> Result<DataFrame> {
    // Traces have non-null subjects only; a subject the table cannot spell is a bug, and
    // guessing (a null would match the null subject's rows) is not an option.
    let subjects = rows
        .iter()
        .map(|j| {
            table
                .subject_values
                .get(table.subject[*j] as usize)
                .map(str::to_string)
        })
        .collect::<Option<Vec<String>>>()
        .ok_or_else(|| {
            Error::io(
                "risk: a trace's subject is missing from the class table (please report this bug)",
            )
        })?;
    let mut cols = vec![Column::new("__tokumei_subject".into(), subjects)];
    for (i, d) in table.domains.iter().enumerate() {
        let codes: Vec<u32> = rows.iter().map(|j| table.qi[i][*j]).collect();
        cols.push(Column::new(
            format!("__tokumei_q{i}").into(),
            lattice::texts(d, &codes),
        ));
    }
    DataFrame::new_infer_height(cols).map_err(|e| Error::io(polars_message(&e)))
}

/// What the trace check found and did.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TraceReport {
    pub(crate) min_km: Option<u64>,
    /// On the data the row gate left, before item suppression.
    pub(crate) before: traces::TraceMeasures,
    /// As delivered.
    pub(crate) after: traces::TraceMeasures,
    /// Rows removed to reach k^m (the items suppressed), and the subjects who lost some.
    pub(crate) suppressed_rows: u64,
    pub(crate) touched_subjects: u64,
    /// Of those, the subjects left with some rows (the others are counted as removed).
    #[serde(skip)]
    pub(crate) touched_kept: u64,
    /// When the fix would exceed the budget: the share of subjects it needed, at least (the
    /// fix stops once it is over the budget, and a fix that cannot fit is not computed: then
    /// the share of subjects holding a rare set).
    pub(crate) needed_share: f64,
    /// The quasi-identifiers were generalised beyond what the rows needed, because the traces
    /// at the rows' levels needed more suppression than the budget allowed.
    pub(crate) generalised_further: bool,
    /// Lattice nodes whose traces were planned (the rows' node, then coarser ones).
    pub(crate) nodes_tried: usize,
    pub(crate) passed: bool,
}

/// Measures k^m on the staged data and, with a `min-km`, suppresses items (a subject's rows of
/// one class) until every set of up to m items is held by at least k subjects, if the subjects
/// touched fit `budget` (a share of `subjects`); then measures the delivered data again.
fn trace_gate(
    staged: &dyn Staged,
    spec: &RiskSpec,
    tt: TraceTarget,
    budget: f64,
    subjects: u64,
    original: &[Expr],
) -> Result<TraceReport> {
    let threshold = tt.k.unwrap_or(spec.k);
    let table = lattice::ClassTable::build(staged.scan()?, spec)?;
    let (mut tr, class_of) = traces::traces(&table);
    let before = traces::measure(&tr, tt.m, threshold).map_err(Error::risk)?;
    let mut report = TraceReport {
        min_km: tt.k,
        after: before.clone(),
        before,
        suppressed_rows: 0,
        touched_subjects: 0,
        touched_kept: 0,
        needed_share: 0.0,
        generalised_further: false,
        nodes_tried: 0,
        passed: true,
    };
    let Some(k) = tt.k else { return Ok(report) };
    if report.before.holds() {
        return Ok(report);
    }
    let removed = traces::fix(&mut tr, tt.m, k).map_err(Error::risk)?;
    let mut touched: Vec<u32> = removed.iter().map(|(s, _)| *s).collect();
    touched.sort_unstable();
    touched.dedup();
    let needed = touched.len() as f64 / subjects.max(1) as f64;
    if needed > budget {
        report.needed_share = needed;
        report.passed = false;
        return Ok(report);
    }
    // The table rows of the removed (subject, item) pairs, spelled as the file casts them.
    let gone: PlHashSet<(u32, u32)> = removed.into_iter().collect();
    let rows: Vec<usize> = (0..table.len())
        .filter(|j| gone.contains(&(table.subject[*j], class_of[*j])))
        .collect();
    let planned_rows: u64 = rows.iter().map(|j| u64::from(table.rows[*j])).sum();
    let removal = removal_frame(&table, &rows)?;
    let touched_names: PlHashSet<&str> = touched
        .iter()
        .filter_map(|s| table.subject_values.get(*s as usize))
        .collect();
    let touched_names: PlHashSet<String> = touched_names.into_iter().map(str::to_string).collect();
    drop(table);
    let subject = spec.subject.as_deref().expect("traces need a subject");
    let kept = staged
        .scan()?
        .filter(keep_mask(spec, subject, Vec::new(), &[&removal])?)
        .select(original);
    let rows_before = collect(staged.scan()?.select([len().alias(ROWS)]), "counting rows")?;
    staged.replace(kept, "suppressing trace items")?;
    let rows_after = collect(staged.scan()?.select([len().alias(ROWS)]), "counting rows")?;
    report.suppressed_rows = u64_col(&rows_before, ROWS)?[0] - u64_col(&rows_after, ROWS)?[0];
    report.touched_subjects = touched.len() as u64;
    let table = lattice::ClassTable::build(staged.scan()?, spec)?;
    report.touched_kept = table
        .subject_values
        .iter()
        .filter(|v| touched_names.contains(*v))
        .count() as u64;
    let (tr, _) = traces::traces(&table);
    report.after = traces::measure(&tr, tt.m, threshold).map_err(Error::risk)?;
    report.passed = report.after.holds();
    tracing::debug!(
        "traces: {} table rows planned for removal, {} file rows removed, {} sets still below k",
        planned_rows,
        report.suppressed_rows,
        report.after.itemsets_below_k
    );
    Ok(report)
}

/// Classes of `lf` that break the thresholds: fewer than k subjects, or fewer than l distinct
/// values of a sensitive attribute. Their keys are the quasi-identifiers cast to text.
fn small_classes(lf: LazyFrame, spec: &RiskSpec, min_l: Option<u64>) -> LazyFrame {
    let subj = match &spec.subject {
        Some(s) => col(s.as_str()).n_unique(),
        None => len(),
    };
    let mut aggs = vec![subj.alias(SUBJECTS)];
    let mut bad = col(SUBJECTS).lt(lit(spec.k));
    if let Some(l) = min_l.filter(|l| *l > 1) {
        for (i, s) in spec.sensitive.iter().enumerate() {
            let name = format!("__tokumei_l{i}");
            aggs.push(col(s.as_str()).n_unique().alias(name.as_str()));
            bad = bad.or(col(name.as_str()).lt(lit(l)));
        }
    }
    lf.with_columns(key_exprs(spec))
        .group_by(key_cols(spec))
        .agg(aggs)
        .filter(bad)
        .select(key_cols(spec))
}

/// The quasi-identifiers as text, the suppression rounds' join keys: as the cast spells them,
/// a date's or a time's distinct values formatted once per batch (see [`spelled`]).
fn key_exprs(spec: &RiskSpec) -> Vec<Expr> {
    spec.qis
        .iter()
        .enumerate()
        .map(|(i, q)| {
            col(q.as_str())
                .map(
                    |c: Column| spelled(&c),
                    |_s: &Schema, f: &Field| Ok(Field::new(f.name().clone(), DataType::String)),
                )
                .alias(format!("__tokumei_q{i}"))
        })
        .collect()
}

fn key_cols(spec: &RiskSpec) -> Vec<Expr> {
    (0..spec.qis.len())
        .map(|i| col(format!("__tokumei_q{i}")))
        .collect()
}

/// `c` cast to text, a date's or a time's distinct values formatted once each: the rows of a
/// subject that loses trace items repeat their generalised times (a day, an hour), and
/// formatting every row's was a tenth of the 10M partner job's rewrite.
fn spelled(c: &Column) -> PolarsResult<Column> {
    if !matches!(c.dtype(), DataType::Datetime(..) | DataType::Date) {
        return c.cast(&DataType::String);
    }
    let physical = c.to_physical_repr().cast(&DataType::Int64)?;
    let mut slot: PlHashMap<i64, IdxSize> = PlHashMap::default();
    let mut first: Vec<IdxSize> = Vec::new();
    let slots: Vec<Option<IdxSize>> = physical
        .i64()?
        .iter()
        .enumerate()
        .map(|(row, v)| {
            v.map(|v| {
                *slot.entry(v).or_insert_with(|| {
                    first.push(row as IdxSize);
                    (first.len() - 1) as IdxSize
                })
            })
        })
        .collect();
    let distinct = c
        .take(&IdxCa::from_vec(PlSmallStr::EMPTY, first))?
        .cast(&DataType::String)?;
    let distinct = distinct.str()?;
    let out: StringChunked = slots
        .iter()
        .map(|s| s.and_then(|s| distinct.get(s as usize)))
        .collect();
    Ok(out.with_name(c.name().clone()).into_column())
}

/// The rows the gate's rewrite keeps, as one elementwise mask over the subject and the
/// (generalised) quasi-identifiers, evaluated batch by batch as the file streams by: a row goes
/// when its subject (as text; a null subject is a subject too) is one of `subjects`, or when
/// its subject and quasi-identifiers, spelled as text, are one of the trace items in `items`
/// (`removal_frame`). The same rows a null-safe anti-join on those keys removes, without a
/// join's hash table of the whole file or its order keeping, and the quasi-identifiers are
/// spelled only for the rows of a subject that loses items.
fn keep_mask(
    spec: &RiskSpec,
    subject: &str,
    subjects: Vec<Option<String>>,
    items: &[&DataFrame],
) -> Result<Expr> {
    let gone_null = subjects.iter().any(Option::is_none);
    let gone: PlHashSet<String> = subjects.into_iter().flatten().collect();
    let mut item_keys: PlHashSet<Vec<Option<String>>> = PlHashSet::new();
    let mut item_subjects: PlHashSet<String> = PlHashSet::new();
    // Some items are rows without a subject (a class's, see `null_removal_frame`).
    let mut null_items = false;
    for df in items {
        let text = |name: &str| -> Result<Vec<Option<String>>> {
            let c = df
                .column(name)
                .and_then(|c| c.cast(&DataType::String))
                .map_err(|e| Error::io(polars_message(&e)))?;
            let ca = c.str().map_err(|e| Error::io(polars_message(&e)))?;
            Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
        };
        let mut cols = vec![text("__tokumei_subject")?];
        for i in 0..spec.qis.len() {
            cols.push(text(&format!("__tokumei_q{i}"))?);
        }
        for r in 0..df.height() {
            let key: Vec<Option<String>> = cols.iter().map(|c| c[r].clone()).collect();
            match &key[0] {
                Some(s) => {
                    item_subjects.insert(s.clone());
                }
                None => null_items = true,
            }
            item_keys.insert(key);
        }
    }
    let (gone, item_keys, item_subjects) = (
        std::sync::Arc::new(gone),
        std::sync::Arc::new(item_keys),
        std::sync::Arc::new(item_subjects),
    );
    let mut inputs = vec![col(subject)];
    inputs.extend(spec.qis.iter().map(|q| col(q.as_str())));
    Ok(map_multiple(
        move |cols: &mut [Column]| {
            let n = cols.first().map_or(0, Column::len);
            let subj = cols[0].cast(&DataType::String)?;
            let subj = subj.str()?;
            let mut keep = vec![true; n];
            let mut candidates: Vec<IdxSize> = Vec::new();
            for (i, v) in subj.iter().enumerate() {
                match v {
                    None if gone_null => keep[i] = false,
                    None if null_items => candidates.push(i as IdxSize),
                    None => {}
                    Some(v) if gone.contains(v) => keep[i] = false,
                    Some(v) if item_subjects.contains(v) => candidates.push(i as IdxSize),
                    Some(_) => {}
                }
            }
            if !candidates.is_empty() {
                let idx = IdxCa::from_vec(PlSmallStr::EMPTY, candidates.clone());
                let texts = cols[1..]
                    .iter()
                    .map(|c| spelled(&c.take(&idx)?))
                    .collect::<PolarsResult<Vec<Column>>>()?;
                let texts = texts
                    .iter()
                    .map(|c| c.str().cloned())
                    .collect::<PolarsResult<Vec<StringChunked>>>()?;
                for (j, &row) in candidates.iter().enumerate() {
                    let mut key = Vec::with_capacity(texts.len() + 1);
                    key.push(subj.get(row as usize).map(str::to_string));
                    key.extend(texts.iter().map(|t| t.get(j).map(str::to_string)));
                    if item_keys.contains(&key) {
                        keep[row as usize] = false;
                    }
                }
            }
            Ok(
                BooleanChunked::from_slice(PlSmallStr::from_static("__tokumei_keep"), &keep)
                    .into_column(),
            )
        },
        inputs,
        |_s: &Schema, _f: &[Field]| {
            Ok(Field::new(
                PlSmallStr::from_static("__tokumei_keep"),
                DataType::Boolean,
            ))
        },
    ))
}

/// Null keys match null keys; the left side's row order is kept (deliveries keep row order).
fn join_args(how: JoinType) -> JoinArgs {
    JoinArgs {
        nulls_equal: true,
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(how)
    }
}

/// Rows and distinct subjects in the small classes of `path`.
fn in_small_classes(
    scan: &dyn Fn() -> Result<LazyFrame>,
    spec: &RiskSpec,
    min_l: Option<u64>,
) -> Result<(u64, u64)> {
    let subj = match &spec.subject {
        Some(s) => col(s.as_str()).n_unique(),
        None => len(),
    };
    let df = collect(
        scan()?
            .with_columns(key_exprs(spec))
            .join(
                small_classes(scan()?, spec, min_l),
                key_cols(spec),
                key_cols(spec),
                join_args(JoinType::Semi),
            )
            .select([len().alias(ROWS), subj.alias(SUBJECTS)]),
        "counting rows in small classes",
    )?;
    let rows = u64_col(&df, ROWS)?.first().copied().unwrap_or(0);
    let subjects = u64_col(&df, SUBJECTS)?.first().copied().unwrap_or(0);
    Ok((
        rows,
        if spec.subject.is_some() {
            subjects
        } else {
            rows
        },
    ))
}

/// The share of the data that suppression takes, as `max-suppression` bounds it: the share of
/// rows; with a subject column, the larger of that and the share of subjects. A subject may
/// hold many rows (a heavy visitor; the null subject holds every row without one), so a budget
/// of subjects alone could let most rows go.
fn budget_share(spec: &RiskSpec, before: &Measures, rows: u64, subjects: u64) -> f64 {
    let row_share = rows as f64 / before.rows.max(1) as f64;
    if spec.subject.is_some() {
        (subjects as f64 / before.subjects.max(1) as f64).max(row_share)
    } else {
        row_share
    }
}

/// Measures the staged dataset and, when it breaks the thresholds, fixes it: (1) recodes
/// idiosyncratic values, (2) generalises the quasi-identifiers to the levels the lattice search
/// chose, (3) suppresses what is left in small classes (rows, subjects' rows, or cells; repeated
/// since removing a subject can shrink other classes). Each step replaces the staged dataset
/// (`Staged::replace`, a streaming sink). The caller fails the run when `passed` is false. The
/// report holds no values.
pub(crate) fn apply_gate(
    staged: &dyn Staged,
    spec: &RiskSpec,
    th: Thresholds,
    hierarchies: &[Option<Hierarchy>],
) -> Result<GateReport> {
    let Thresholds {
        min_l,
        max_t,
        max_suppression,
        suppress,
        metric,
        traces: _,
    } = th;
    let scan = || staged.scan();
    let started = std::time::Instant::now();
    let mut timings = Timings::default();
    let ms = |t: std::time::Instant| t.elapsed().as_millis() as u64;
    // One streaming pass: the class table gives the measures and is what the search runs on.
    let t = std::time::Instant::now();
    crate::io::release_freed_memory();
    let mut table = staged.class_table(spec)?;
    crate::io::release_freed_memory();
    timings.class_table = ms(t);
    tracing::debug!(
        "risk gate: class table of {} rows ({} subjects) after {} ms",
        table.len(),
        table.total_subjects,
        timings.class_table
    );
    let t = std::time::Instant::now();
    let before = measures_of(&table, spec);
    timings.measure += ms(t);
    let l_ok = |m: &Measures| min_l.is_none_or(|l| m.l_diversity.iter().all(|d| d.distinct_l >= l));
    let mut after = before.clone();
    let mut chosen = vec![0usize; spec.qis.len()];
    let h = hierarchies;
    let mut search_report = None;
    let share = |rows: u64, subjects: u64| budget_share(spec, &before, rows, subjects);
    let original = columns_of(scan()?)?;
    let mut needed_share = 0.0;
    // ARX's Loss of what the gate delivers (with nothing to fix: that of the nulls alone).
    let target = lattice::Target {
        k: spec.k,
        min_l,
        suppress,
        metric,
    };
    let n_qi = spec.qis.len();
    let t = std::time::Instant::now();
    // Step 1 and 2 when the rows break the thresholds: recode idiosyncratic values and search.
    // An empty dataset (`allow-empty`) has nobody to re-identify: nothing to fix.
    let fixing = before.rows > 0 && (before.k < spec.k || !l_ok(&before));
    // The level maps of the table the search runs on, shared with the chosen node's evaluation.
    let mut maps: Option<Vec<lattice::LevelMaps>> = None;
    let (recodings, recodes, mut levels) = if fixing {
        let (recodings, recodes) = lattice::recode_idiosyncratic(&mut table, h, spec);
        crate::io::release_freed_memory();
        tracing::debug!("risk gate: recoded after {} ms", ms(t));
        let m = maps.insert(lattice::all_level_maps(&table, h));
        tracing::debug!("risk gate: level maps after {} ms", ms(t));
        let (best, report) =
            lattice::search(&table, h, Some(m), spec, &target, max_suppression, true)?;
        crate::io::release_freed_memory();
        tracing::debug!("risk gate: lattice search done after {} ms", ms(t));
        search_report = Some(report);
        let levels = best.map_or_else(|| vec![0; n_qi], |b| b.levels);
        (recodings, recodes, levels)
    } else {
        (
            Vec::new(),
            vec![lattice::Recode::default(); n_qi],
            vec![0; n_qi],
        )
    };
    // With row suppression of subjects, the search knows exactly which subjects go (after the
    // cascade); they leave in the same rewrite as the generalisation.
    let by_rows = spec.subject.is_some() && suppress == Suppress::Rows;
    // ARX's Loss of each node whose subjects were planned: the evaluation that finds the
    // subjects gives it too, so the report's figure for the chosen node costs nothing more.
    let losses: std::cell::RefCell<Vec<(Vec<usize>, f64)>> = Default::default();
    // The level maps go before the trace plans, which hold the most memory of the gate (at 30M
    // log rows, the maps of an IP column are some 30–40 MiB); a node tried after them builds
    // its own.
    let maps = std::cell::RefCell::new(maps);
    let outcome = |levels: &[usize]| {
        let maps = maps.borrow();
        lattice::Nodes::for_node(&table, h, maps.as_deref(), levels).outcome(&target)
    };
    let plan_subjects = |levels: &[usize]| {
        if by_rows && fixing {
            let o = outcome(levels);
            losses.borrow_mut().push((levels.to_vec(), o.arx_loss));
            (o.names, o.removed, o.rows)
        } else {
            (Vec::new(), lattice::Removed::default(), 0)
        }
    };
    let (mut planned, mut gone, mut planned_rows) = plan_subjects(&levels);
    drop(maps.borrow_mut().take());
    crate::io::release_freed_memory();
    tracing::debug!("risk gate: subjects planned after {} ms", ms(t));
    let mut planned_share = share(planned_rows, planned.len() as u64);
    // Traces (k^m): planned on the class table of the data as the rewrite will leave it, so
    // their item suppression joins the same rewrite. When it would not fit the budget, the
    // coarsest-needed node above the chosen one whose traces fit is taken instead: coarser
    // points are shared by more subjects (further generalisation before suppression).
    let mut trace_plan: Option<TracePlan> = None;
    let mut nodes_tried = 0usize;
    if let (Some(tt @ TraceTarget { k: Some(_), .. }), true) = (th.traces, by_rows) {
        let plan_at = |levels: &[usize],
                       gone: &lattice::Removed,
                       planned: (u64, usize)|
         -> Result<Option<TracePlan>> {
            let t1 = std::time::Instant::now();
            let Some(d) = table.derive(h, levels, gone) else {
                return Ok(None);
            };
            tracing::debug!(
                "risk gate: node {levels:?}'s table derived in {} ms",
                ms(t1)
            );
            let left = (max_suppression - share(planned.0, planned.1 as u64)).max(0.0);
            plan_traces(d, spec, tt, left, before.subjects).map(Some)
        };
        // A plan holds when its traces fit and the rows and subjects it removes, with the
        // node's, fit the budget (the subjects it touches include those it removes whole).
        // A class its items leave below min-k is left to the suppression rounds.
        let holds = |tp: &TracePlan, rows: u64, subjects: usize| {
            tp.fits
                && share(rows + tp.rows, subjects as u64 + tp.touched) <= max_suppression + 1e-12
        };
        let first = plan_at(&levels, &gone, (planned_rows, planned.len()))?;
        crate::io::release_freed_memory();
        nodes_tried = 1;
        let fits = first
            .as_ref()
            .is_some_and(|p| holds(p, planned_rows, planned.len()));
        if let Some(p) = &first {
            tracing::debug!(
                "risk gate: node {levels:?}'s traces: fit {}, {} rows of {} subjects",
                p.fits,
                p.rows,
                p.touched
            );
        }
        trace_plan = first;
        if !fits && planned_share <= max_suppression && trace_plan.is_some() {
            let maxes: Vec<usize> = h
                .iter()
                .map(|h| h.as_ref().map_or(0, Hierarchy::max_level))
                .collect();
            for cand in lattice::coarser_nodes(&levels, &maxes) {
                nodes_tried += 1;
                let t1 = std::time::Instant::now();
                let (p, g, p_rows) = plan_subjects(&cand);
                tracing::debug!(
                    "risk gate: node {cand:?}'s subjects planned in {} ms",
                    ms(t1)
                );
                if share(p_rows, p.len() as u64) > max_suppression {
                    continue;
                }
                if let Some(mut tp) = plan_at(&cand, &g, (p_rows, p.len()))?
                    && holds(&tp, p_rows, p.len())
                {
                    tp.further = true;
                    (levels, planned, gone, planned_rows) = (cand, p, g, p_rows);
                    planned_share = share(planned_rows, planned.len() as u64);
                    trace_plan = Some(tp);
                    break;
                }
            }
        }
    }
    if planned_share > max_suppression {
        // Hopeless: report the share it would need and deliver nothing.
        needed_share = planned_share;
        planned.clear();
        gone = lattice::Removed::default();
    }
    tracing::debug!("risk gate: traces planned after {} ms", ms(t));
    let planned_loss = losses
        .borrow()
        .iter()
        .find(|(l, _)| *l == levels)
        .map(|p| p.1);
    let arx_loss = planned_loss
        .unwrap_or_else(|| lattice::Nodes::for_node(&table, h, None, &levels).arx_loss(&target));
    tracing::debug!("risk gate: ARX loss after {} ms", ms(t));
    let generalises = levels.iter().any(|l| *l > 0) || !recodings.is_empty();
    let removes_items = trace_plan
        .as_ref()
        .is_some_and(|p| p.fits && p.removal.height() > 0);
    // Rows without a subject in the classes suppression empties, as the rewrite matches them
    // (`None` when the table cannot spell them: the file is then measured after the rewrite,
    // and the suppression rounds remove them).
    let null_items = if gone.null_rows.is_empty() {
        None
    } else {
        table
            .rows_at(h, &levels, &gone.null_rows)
            .map(|t| null_removal_frame(&t))
            .transpose()?
    };
    let removes_nulls = null_items.is_some();
    // The measures after the rewrite, from the class table (no pass over the file).
    let derived = match &trace_plan {
        Some(TracePlan {
            fits: true,
            table_after: Some(t),
            ..
        }) => Some(measures_of(t, spec)),
        _ => (generalises || !planned.is_empty() || removes_nulls)
            .then(|| table.derive(h, &levels, &gone))
            .flatten()
            .map(|t| measures_of(&t, spec)),
    };
    tracing::debug!("risk gate: measures after {} ms", ms(t));
    // The measures are taken; the plan's table is no longer needed.
    if let Some(p) = trace_plan.as_mut() {
        p.table_after = None;
    }
    let rewrite: Vec<ColumnRewrite> = h
        .iter()
        .zip(&levels)
        .zip(recodes)
        .map(|((h, level), recode)| ColumnRewrite {
            h: h.clone(),
            level: *level,
            recode,
        })
        .collect();
    drop(table);
    timings.search = ms(t);
    if generalises || !planned.is_empty() || removes_items || removes_nulls {
        // One streaming rewrite: the quasi-identifiers take their levels, and one elementwise
        // mask drops the planned subjects' rows and the planned trace items (see `keep_mask`).
        let t = std::time::Instant::now();
        let mut lf = scan()?;
        if generalises {
            lf = lf.with_columns(generalise_exprs(spec, rewrite));
        }
        if let Some(s) = &spec.subject {
            let items: Vec<&DataFrame> = trace_plan
                .as_ref()
                .filter(|_| removes_items)
                .map(|p| &p.removal)
                .into_iter()
                .chain(&null_items)
                .collect();
            if !planned.is_empty() || !items.is_empty() {
                lf = lf.filter(keep_mask(spec, s, planned, &items)?);
            }
        }
        staged.replace(lf.select(original.clone()), "generalising and suppressing")?;
        timings.generalise = ms(t);
        let t = std::time::Instant::now();
        after = match derived {
            Some(m) => m,
            None => measure(scan()?, spec)?,
        };
        timings.measure += ms(t);
    }
    if generalises {
        chosen = levels;
    }
    let idiosyncratic = recodings;
    // Rows and subjects touched by cell suppression: later rounds only touch rows already
    // touched (the all-null class), so the first round's figures are the total.
    let mut touched = Touched::default();
    let t = std::time::Instant::now();
    let hopeless = planned_share > max_suppression;
    // A round rewrote the file after the trace plan was made: the traces are checked again.
    let mut rounds_ran = false;
    if !hopeless {
        let (a, needed) = suppress_rounds(
            staged,
            spec,
            th,
            &before,
            after,
            &mut touched,
            Touched::default(),
            &original,
        )?;
        after = a;
        if let Some(n) = needed {
            needed_share = n;
            rounds_ran = true;
        }
    }
    timings.suppress = ms(t);
    let suppressed_rows = before.rows - after.rows;
    let suppressed_subjects = before.subjects - after.subjects;
    let nulled_rows = touched.rows.saturating_sub(suppressed_rows);
    // `extra`: subjects that keep some rows but lost others to the traces' item suppression.
    let share_of = |rows: u64, subjects: u64, extra: u64| match suppress {
        Suppress::Rows => share(rows, subjects + extra),
        Suppress::Cells => share(
            touched.rows.max(rows),
            touched.subjects.max(subjects) + extra,
        ),
    };
    let suppressed_share = share_of(suppressed_rows, suppressed_subjects, 0);
    let mut passed = after.k >= spec.k
        && after.rows > 0
        && suppressed_share <= max_suppression
        && l_ok(&after)
        && t_ok(th.max_t, &after);
    // Traces: what a subject's rows give away together (k^m), on the data the gate leaves.
    let (mut suppressed_rows, mut suppressed_subjects, mut suppressed_share) =
        (suppressed_rows, suppressed_subjects, suppressed_share);
    let mut trace_report = None;
    if let (Some(p), false) = (&trace_plan, rounds_ran) {
        // Planned and applied in the rewrite; the suppressed rows are already counted above.
        let mut r = p.report(tt_k(th));
        r.nodes_tried = nodes_tried;
        trace_report = Some(r);
        if p.fits {
            suppressed_share = share_of(suppressed_rows, suppressed_subjects, p.touched_kept);
            passed &= suppressed_share <= max_suppression + 1e-12;
        } else {
            passed = false;
        }
    } else if let (Some(tt), Some(_), true) = (th.traces, &spec.subject, passed) {
        let t = std::time::Instant::now();
        let budget = (max_suppression - suppressed_share).max(0.0);
        let r = trace_gate(staged, spec, tt, budget, before.subjects, &original)?;
        if r.suppressed_rows > 0 {
            after = measure(scan()?, spec)?;
            suppressed_rows = before.rows - after.rows;
            suppressed_subjects = before.subjects - after.subjects;
            // The subjects touched keep some rows, so they are not among those already gone.
            suppressed_share = share_of(suppressed_rows, suppressed_subjects, r.touched_kept);
        }
        passed &= r.passed
            && after.k >= spec.k
            && l_ok(&after)
            && t_ok(th.max_t, &after)
            && suppressed_share <= max_suppression + 1e-12;
        timings.traces = ms(t);
        trace_report = Some(r);
    }
    // An empty dataset (`allow-empty`) has nobody to re-identify.
    if before.rows == 0 {
        passed = true;
    }
    let generalisation: Vec<Generalised> = spec
        .qis
        .iter()
        .zip(h)
        .zip(&chosen)
        .map(|((q, h), l)| Generalised {
            column: q.clone(),
            level: *l,
            max_level: h.as_ref().map_or(0, Hierarchy::max_level),
            method: h.as_ref().map_or_else(
                || {
                    crate::transform::Words::new(
                        "規則の出力のまま",
                        "as the column's rule delivers it",
                    )
                },
                |h| h.level_words(*l),
            ),
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
        max_t,
        max_suppression,
        suppress,
        idiosyncratic,
        search: search_report,
        generalisation,
        information_loss,
        arx_loss,
        before: strip(before),
        after: strip(after),
        suppressed_rows,
        suppressed_subjects,
        nulled_rows,
        suppressed_share,
        // What suppression took when the gate passed, what it would have needed when it did
        // not (the first was once the last round's figure, or 0 when the search planned it).
        needed_share: if passed {
            suppressed_share
        } else {
            needed_share
        },
        passed,
        traces: trace_report,
        linked_rows: 0,
        linked_subjects: 0,
        timings_ms: Timings {
            total: ms(started),
            ..timings
        },
    })
}

/// Rows and subjects touched by local suppression so far.
#[derive(Debug, Default, Clone, Copy)]
struct Touched {
    rows: u64,
    subjects: u64,
}

/// Local suppression: while `after` breaks the thresholds, remove (or null) what is in small
/// classes, within the budget, and re-measure; repeated since removing a subject can shrink other
/// classes. `exempt` rows and subjects left the data after `before` was measured for a reason
/// other than this gate (linked suppression) and do not count against its budget. Returns the
/// measures after, and the share the last round needed (`None` when no round ran).
#[allow(clippy::too_many_arguments)]
fn suppress_rounds(
    staged: &dyn Staged,
    spec: &RiskSpec,
    th: Thresholds,
    before: &Measures,
    mut after: Measures,
    touched: &mut Touched,
    exempt: Touched,
    original: &[Expr],
) -> Result<(Measures, Option<f64>)> {
    let Thresholds {
        min_l,
        max_suppression,
        suppress,
        ..
    } = th;
    let scan = || staged.scan();
    let l_ok = |m: &Measures| min_l.is_none_or(|l| m.l_diversity.iter().all(|d| d.distinct_l >= l));
    let share = |rows: u64, subjects: u64| budget_share(spec, before, rows, subjects);
    let mut needed_share = None;
    let mut round = 0;
    while (after.k < spec.k || !l_ok(&after)) && after.rows > 0 && round < SUPPRESSION_ROUNDS {
        round += 1;
        let (rows_small, subjects_small) = in_small_classes(&scan, spec, min_l)?;
        let gone_rows = (before.rows - after.rows).saturating_sub(exempt.rows);
        let gone_subjects = (before.subjects - after.subjects).saturating_sub(exempt.subjects);
        // Stop before rewriting anything once the budget cannot hold.
        let needed = match suppress {
            Suppress::Rows => share(gone_rows + rows_small, gone_subjects + subjects_small),
            Suppress::Cells => share(
                touched.rows.max(rows_small) + gone_rows,
                touched.subjects.max(subjects_small) + gone_subjects,
            ),
        };
        needed_share = Some(needed);
        if needed > max_suppression || rows_small == 0 {
            break;
        }
        let small = small_classes(scan()?, spec, min_l);
        let kept = match (suppress, &spec.subject) {
            (Suppress::Rows, None) => scan()?.with_columns(key_exprs(spec)).join(
                small,
                key_cols(spec),
                key_cols(spec),
                join_args(JoinType::Anti),
            ),
            (Suppress::Rows, Some(s)) => {
                // Every row of the subjects in small classes goes; rows without a subject go
                // with their class only (the null subject is nobody's trace).
                let (sc, flag) = ("__tokumei_subject", "__tokumei_small");
                let subjects = scan()?
                    .with_columns(key_exprs(spec))
                    .join(
                        small.clone(),
                        key_cols(spec),
                        key_cols(spec),
                        join_args(JoinType::Semi),
                    )
                    .select([col(s.as_str()).cast(DataType::String).alias(sc)])
                    .filter(col(sc).is_not_null())
                    .unique(None, UniqueKeepStrategy::Any);
                scan()?
                    .with_columns([col(s.as_str()).cast(DataType::String).alias(sc)])
                    .join(subjects, [col(sc)], [col(sc)], join_args(JoinType::Anti))
                    .with_columns(key_exprs(spec))
                    .join(
                        small.with_column(lit(true).alias(flag)),
                        key_cols(spec),
                        key_cols(spec),
                        join_args(JoinType::Left),
                    )
                    .filter(col(sc).is_not_null().or(col(flag).is_null()))
            }
            (Suppress::Cells, _) => {
                touched.rows = touched.rows.max(rows_small);
                touched.subjects = touched.subjects.max(subjects_small);
                let flag = "__tokumei_small";
                let all_null = spec
                    .qis
                    .iter()
                    .map(|q| col(q.as_str()).is_null())
                    .reduce(|a, b| a.and(b))
                    .expect("at least one quasi-identifier");
                let flagged = scan()?.with_columns(key_exprs(spec)).join(
                    small.with_column(lit(true).alias(flag)),
                    key_cols(spec),
                    key_cols(spec),
                    JoinArgs {
                        maintain_order: MaintainOrderJoin::Left,
                        ..join_args(JoinType::Left)
                    },
                );
                let hit = col(flag).is_not_null();
                flagged
                    .filter(hit.clone().and(all_null).not())
                    .with_columns(
                        spec.qis
                            .iter()
                            .map(|q| {
                                when(hit.clone())
                                    .then(lit(NULL))
                                    .otherwise(col(q.as_str()))
                                    .alias(q.as_str())
                            })
                            .collect::<Vec<_>>(),
                    )
            }
        }
        .select(original);
        staged.replace(kept, "suppressing")?;
        after = measure(scan()?, spec)?;
    }
    Ok((after, needed_share))
}

/// Re-checks a gated dataset after linked suppression removed `removed` rows and subjects from
/// it (a subject another dataset's gate suppressed): measures the file as it now is and, when it
/// breaks the thresholds, suppresses what is left in small classes within the same budget
/// (the linked removals do not count against it). Updates the report; the caller fails the run
/// when `passed` is false.
/// Measures a gated dataset again after another dataset's step changed its file without
/// removing rows (unlinking for a join or for linked suppression nulls the linking column,
/// which may be its subject: those rows then join the null subject) or after a re-check
/// suppressed rows: the report's figures follow the file, traces included, and `passed` turns
/// false when it no longer meets min-k, min-l or min-km. Nothing is fixed here.
pub(crate) fn remeasure(
    staged: &dyn Staged,
    spec: &RiskSpec,
    th: Thresholds,
    report: &mut GateReport,
) -> Result<()> {
    let after = measure(staged.scan()?, spec)?;
    let l_ok = th
        .min_l
        .is_none_or(|l| after.l_diversity.iter().all(|d| d.distinct_l >= l));
    let mut passed = after.k >= spec.k && after.rows > 0 && l_ok && t_ok(th.max_t, &after);
    if let (Some(tt), Some(tr), true) = (th.traces, report.traces.as_mut(), spec.subject.is_some())
    {
        let table = lattice::ClassTable::build(staged.scan()?, spec)?;
        let (t, _) = traces::traces(&table);
        let m = traces::measure(&t, tt.m, tt.k.unwrap_or(spec.k)).map_err(Error::risk)?;
        if tt.k.is_some() {
            tr.passed &= m.holds();
            passed &= m.holds();
        }
        tr.after = m;
    }
    report.passed &= passed;
    report.after = Measures {
        smallest: Vec::new(),
        ..after
    };
    Ok(())
}

pub(crate) fn refix_after_linked(
    staged: &dyn Staged,
    spec: &RiskSpec,
    th: Thresholds,
    report: &mut GateReport,
    removed_rows: u64,
    removed_subjects: u64,
) -> Result<()> {
    report.linked_rows += removed_rows;
    report.linked_subjects += removed_subjects;
    let before = report.before.clone();
    let after = measure(staged.scan()?, spec)?;
    let original = columns_of(staged.scan()?)?;
    let mut touched = Touched {
        rows: report.nulled_rows + report.suppressed_rows,
        subjects: report.suppressed_subjects,
    };
    let exempt = Touched {
        rows: report.linked_rows,
        subjects: report.linked_subjects,
    };
    let (after, needed) = suppress_rounds(
        staged,
        spec,
        th,
        &before,
        after,
        &mut touched,
        exempt,
        &original,
    )?;
    let share = |rows: u64, subjects: u64| budget_share(spec, &before, rows, subjects);
    let suppressed_rows = (before.rows - after.rows).saturating_sub(exempt.rows);
    let suppressed_subjects = (before.subjects - after.subjects).saturating_sub(exempt.subjects);
    let suppressed_share = match th.suppress {
        Suppress::Rows => share(suppressed_rows, suppressed_subjects),
        Suppress::Cells => share(
            touched.rows.max(suppressed_rows),
            touched.subjects.max(suppressed_subjects),
        ),
    };
    let l_ok = th
        .min_l
        .is_none_or(|l| after.l_diversity.iter().all(|d| d.distinct_l >= l));
    report.information_loss += suppressed_share - report.suppressed_share;
    report.nulled_rows = touched.rows.saturating_sub(suppressed_rows);
    report.suppressed_rows = suppressed_rows;
    report.suppressed_subjects = suppressed_subjects;
    report.suppressed_share = suppressed_share;
    if let Some(n) = needed {
        report.needed_share = n;
    }
    report.passed = after.k >= spec.k
        && after.rows > 0
        && suppressed_share <= th.max_suppression
        && l_ok
        && t_ok(th.max_t, &after);
    report.after = Measures {
        smallest: Vec::new(),
        ..after
    };
    Ok(())
}

/// The risk of two delivered datasets joined on a shared column (`[[joined-risk]]`).
#[derive(Debug, Serialize)]
pub(crate) struct JoinedReport {
    pub(crate) datasets: [String; 2],
    pub(crate) on: String,
    pub(crate) min_k: Option<u64>,
    pub(crate) max_unlinked: f64,
    /// Measured on the inner join; quasi-identifiers are named `dataset.column`, and classes
    /// are counted in distinct values of the join column (one subject per linked person).
    pub(crate) before: Measures,
    pub(crate) after: Measures,
    /// k^m over the linked subjects' traces in the join (a trace: the set of a subject's
    /// joined rows' classes), before and after unlinking.
    pub(crate) traces: JoinedTraces,
    /// Linked subjects whose `on` value was nulled in the second dataset (for the rows' k
    /// and for the traces, each once).
    pub(crate) unlinked_subjects: u64,
    /// Their share of all linked subjects; when the gate failed, the share it would have needed.
    pub(crate) unlinked_share: f64,
    /// False only when `min-k` is set and cannot be met within `max-unlinked`.
    pub(crate) passed: bool,
    /// Why the job delivers this join measured only (`min-k = 0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<String>,
    /// Gated because the two datasets share a pseudonym domain, without a `[[joined-risk]]`.
    pub(crate) implied: bool,
    pub(crate) duration_ms: u64,
}

/// The traces of a join's linked subjects (`[[joined-risk]]`'s `trace-items` and `min-km`).
#[derive(Debug, Serialize)]
pub(crate) struct JoinedTraces {
    /// The k^m enforced; `None`: measured only.
    pub(crate) min_km: Option<u64>,
    pub(crate) before: traces::TraceMeasures,
    pub(crate) after: traces::TraceMeasures,
    /// Of `unlinked_subjects`, those unlinked for their traces: each held a set of up to m
    /// joined points that fewer than min-km linked subjects shared.
    pub(crate) unlinked_subjects: u64,
}

/// One side of a join: a delivered dataset's name and its staged file.
pub(crate) struct Side<'a> {
    pub(crate) name: &'a str,
    pub(crate) staged: &'a dyn Staged,
}

/// The join of two delivered files on `on`, with the quasi-identifiers named `dataset.column`.
fn joined_frame(
    sides: &[Side<'_>; 2],
    on: &str,
    qis: &[(usize, String)],
    min_k: Option<u64>,
) -> Result<(LazyFrame, RiskSpec)> {
    let key = "__tokumei_join";
    let mut frames = Vec::new();
    for (i, side) in sides.iter().enumerate() {
        let mut cols = vec![col(on).cast(DataType::String).alias(key)];
        cols.extend(
            qis.iter()
                .filter(|(s, _)| *s == i)
                .map(|(_, c)| col(c.as_str()).alias(format!("{}.{c}", side.name))),
        );
        frames.push(
            side.staged
                .scan()?
                .select(cols)
                .filter(col(key).is_not_null()),
        );
    }
    let right = frames.pop().expect("two sides");
    let left = frames.pop().expect("two sides");
    let joined = left.join(
        right,
        [col(key)],
        [col(key)],
        JoinArgs::new(JoinType::Inner),
    );
    let spec = RiskSpec {
        qis: qis
            .iter()
            .map(|(s, c)| format!("{}.{c}", sides[*s].name))
            .collect(),
        subject: Some(key.to_string()),
        sensitive: vec![],
        categorical: Vec::new(),
        k: min_k.unwrap_or(5),
    };
    Ok((joined, spec))
}

/// Measures the inner join of two delivered files on `on`, over `qis` ((side, column)), in
/// rows and in traces: a linked subject's trace is the set of its joined rows' classes (its
/// customer attributes with each visit's hour, network and browser), and an attacker who knows
/// m of them must find at least k^m linked subjects (see `traces`). With `min_k`, links are
/// removed until the join has k >= min-k: every linked subject in a joined class below it
/// (repeated, since unlinking a subject shrinks other classes); with `tt.k`, every subject
/// holding a set of up to `tt.m` items below it (repeated likewise); the two alternate until
/// neither removes anyone. Their `on` value is nulled in the second file, which is rewritten
/// through a streaming pass. Their rows stay; they no longer join.
pub(crate) fn joined_gate(
    sides: [Side<'_>; 2],
    on: &str,
    qis: &[(usize, String)],
    min_k: Option<u64>,
    max_unlinked: f64,
    tt: TraceTarget,
) -> Result<JoinedReport> {
    let started = std::time::Instant::now();
    let (joined, spec) = joined_frame(&sides, on, qis, min_k)?;
    let mut table = lattice::ClassTable::build(joined, &spec)?;
    let strip = |mut m: Measures| {
        m.smallest.clear();
        m.subject = Some(on.to_string());
        m
    };
    let km_threshold = tt.k.unwrap_or(spec.k);
    let which = format!(
        "joined-risk of {} and {} on `{on}`",
        sides[0].name, sides[1].name
    );
    // A join measured only never stops the run for its traces: when their sets are too many
    // to count, its single points are measured (the report's `items` says 1).
    let measure_traces = |t: &lattice::ClassTable| -> Result<traces::TraceMeasures> {
        let (tr, _) = traces::traces(t);
        match traces::measure(&tr, tt.m, km_threshold) {
            Ok(m) => Ok(m),
            Err(e) if tt.k.is_none() => {
                tracing::warn!("{which}: {e}; its traces are measured for single points only");
                traces::measure(&tr, 1, km_threshold).map_err(Error::risk)
            }
            Err(e) => Err(Error::risk(format!("{which}: {e}"))),
        }
    };
    let before = strip(measures_of(&table, &spec));
    let traces_before = measure_traces(&table)?;
    let mut after = before.clone();
    let mut traces_after = traces_before.clone();
    // By subject code: unlinked for the rows' k or for the traces. Each pass only removes
    // subjects, and removing subjects only shrinks classes and supports, so the passes
    // alternate until neither removes anyone: the largest set of linked subjects that meets
    // both (a pass for the traces can empty a class below min-k when min-km is lower, and the
    // rows' pass can make a pair rare). They stop once the budget is exceeded.
    let mut gone = vec![false; table.subject_values.len()];
    let (mut for_rows, mut for_traces) = (0usize, 0usize);
    let allowed = (max_unlinked * before.subjects as f64).floor() as usize;
    let needs_rows = min_k.is_some_and(|k| before.rows > 0 && before.k < k);
    let needs_traces = tt.k.is_some() && before.rows > 0 && !traces_before.holds();
    let mut first = true;
    let mut pending = needs_rows || needs_traces;
    while pending {
        let mut changed = false;
        if let Some(k) = min_k.filter(|_| needs_rows || !first) {
            let n = spec.qis.len();
            let (_, removed) = lattice::suppressed_subjects(
                &table,
                &vec![None; n],
                &vec![0; n],
                &lattice::Target {
                    k,
                    min_l: None,
                    suppress: Suppress::Rows,
                    metric: lattice::Metric::Levels,
                },
            );
            for (g, r) in gone.iter_mut().zip(&removed.gone) {
                if *r && !*g {
                    *g = true;
                    for_rows += 1;
                    changed = true;
                }
            }
            retain_linked(&mut table, &gone);
        }
        if let Some(k) = tt.k.filter(|_| for_rows + for_traces <= allowed) {
            let (mut tr, _) = traces::traces(&table);
            let left = allowed - (for_rows + for_traces);
            for s in traces::unlink(&mut tr, tt.m, k, |n| n > left)
                .map_err(|e| Error::risk(format!("{which}: {e}")))?
            {
                if !std::mem::replace(&mut gone[s as usize], true) {
                    for_traces += 1;
                    changed = true;
                }
            }
            retain_linked(&mut table, &gone);
        }
        first = false;
        pending = changed && for_rows + for_traces <= allowed;
    }
    let unlinked: Vec<Option<String>> = gone
        .iter()
        .enumerate()
        .filter(|(_, g)| **g)
        .map(|(i, _)| table.subject_values.get(i).map(str::to_string))
        .collect();
    drop(table);
    let unlinked_share = unlinked.len() as f64 / before.subjects.max(1) as f64;
    if !unlinked.is_empty() && unlinked_share <= max_unlinked {
        let side = &sides[1];
        let scan = || side.staged.scan();
        let original = columns_of(scan()?)?;
        let (key, flag) = ("__tokumei_join", "__tokumei_unlink");
        let gone = DataFrame::new_infer_height(vec![Column::new(key.into(), unlinked.clone())])
            .map_err(|e| Error::io(polars_message(&e)))?
            .lazy()
            .with_column(lit(true).alias(flag));
        let kept = scan()?
            .with_column(col(on).cast(DataType::String).alias(key))
            .join(
                gone,
                [col(key)],
                [col(key)],
                JoinArgs {
                    maintain_order: MaintainOrderJoin::Left,
                    ..JoinArgs::new(JoinType::Left)
                },
            )
            .with_column(
                when(col(flag).is_not_null())
                    .then(lit(NULL))
                    .otherwise(col(on))
                    .alias(on),
            )
            .select(original);
        side.staged.replace(kept, "unlinking")?;
        let (joined, spec) = joined_frame(&sides, on, qis, min_k)?;
        let table = lattice::ClassTable::build(joined, &spec)?;
        after = strip(measures_of(&table, &spec));
        traces_after = measure_traces(&table)?;
    }
    let fits = unlinked_share <= max_unlinked;
    let passed = min_k.is_none_or(|k| after.rows == 0 || after.k >= k)
        && tt.k.is_none_or(|_| after.rows == 0 || traces_after.holds());
    Ok(JoinedReport {
        datasets: [sides[0].name.to_string(), sides[1].name.to_string()],
        on: on.to_string(),
        min_k,
        max_unlinked,
        before,
        after,
        traces: JoinedTraces {
            min_km: tt.k,
            before: traces_before,
            after: traces_after,
            unlinked_subjects: if fits { for_traces as u64 } else { 0 },
        },
        unlinked_subjects: if fits { unlinked.len() as u64 } else { 0 },
        unlinked_share,
        passed,
        reason: None,
        implied: false,
        duration_ms: started.elapsed().as_millis() as u64,
    })
}

/// Keeps the rows of the join's class table whose subject is not `gone` (by subject code).
fn retain_linked(table: &mut lattice::ClassTable, gone: &[bool]) {
    let keep: Vec<bool> = table
        .subject
        .iter()
        .map(|s| !gone.get(*s as usize).copied().unwrap_or(false))
        .collect();
    table.retain(|j| keep[j]);
}

impl GateReport {
    /// Why the gate refused `dataset`, with the figures before and after suppression and what
    /// to change.
    pub(crate) fn failure_message(&self, dataset: &str) -> String {
        let r = self;
        if let Some(t) = r.traces.as_ref().filter(|t| !t.passed) {
            // The rows met their thresholds; the subjects' traces did not.
            return format!(
                "dataset `{dataset}`: the traces do not meet min-km; nothing was delivered.\n  \
                 k^{m} = {} over {} subjects ({} hold a set of up to {m} points that fewer than {} subjects share; \
                 {:.1}% of traces are unique)\n  \
                 suppressing those points would touch at least {:.1}% of subjects; with what the row gate suppressed \
                 ({:.1}%) that is more than max-suppression {:.1}%\n  \
                 generalise the quasi-identifiers further (a coarser timestamp or IP gives fewer, more shared \
                 points), lower trace-items, or raise [datasets.{dataset}.risk] max-suppression",
                t.before.k,
                t.before.subjects,
                t.before.subjects_below_k,
                t.min_km.unwrap_or(0),
                t.before.unique_trace_share * 100.0,
                t.needed_share * 100.0,
                r.suppressed_share * 100.0,
                r.max_suppression * 100.0,
                m = t.before.items,
            );
        }
        // With a subject the budget bounds both shares, and the figures are the larger one.
        let (unit, share_unit) = if r.before.subject.is_some() {
            ("subjects", "rows or subjects, the larger")
        } else {
            ("rows", "rows")
        };
        let mut msg = format!(
            "dataset `{dataset}`: the risk thresholds are not met; nothing was delivered.\n  \
         before: k = {} ({} classes, {} {unit} in classes below {})\n  \
         closest: k = {} after suppressing {:.1}% ({share_unit}); reaching k = {} needs at least {:.1}% \
         (max-suppression {:.1}%)",
            r.before.k,
            r.before.classes,
            if r.before.subject.is_some() {
                r.before.subjects_below_k
            } else {
                r.before.rows_below_k
            },
            r.min_k,
            r.after.k,
            r.suppressed_share * 100.0,
            r.min_k,
            r.needed_share.max(r.suppressed_share) * 100.0,
            r.max_suppression * 100.0,
        );
        if let Some(l) = r.min_l {
            let got: Vec<String> = r
                .after
                .l_diversity
                .iter()
                .map(|d| format!("{} l = {}", d.attribute, d.distinct_l))
                .collect();
            msg.push_str(&format!(" (min-l {l}: {})", got.join(", ")));
        }
        if let Some(max) = r.max_t.filter(|_| !t_ok(r.max_t, &r.after)) {
            let got: Vec<String> = r
                .after
                .t_closeness
                .iter()
                .map(|d| format!("{} t = {}", d.attribute, shown_against(d.t, max)))
                .collect();
            msg.push_str(&format!(
                "\n  t-closeness: {} (max-t {max}); the gate generalises and suppresses for k and l \
                 only, and checks t on the result: coarsen the quasi-identifiers (fewer, larger \
                 classes are closer to the whole table) or the sensitive attribute's buckets",
                got.join(", ")
            ));
        }
        msg.push_str(&format!(
        "\n  generalise the quasi-identifiers further (coarser rules: wider age bands, fewer postal \
         digits, a coarser truncation) or, if acceptable, raise [datasets.{dataset}.risk] max-suppression"
    ));
        msg
    }
}

#[cfg(test)]
mod tests {

    /// `spelled` formats dates and times as the cast does, each distinct value once, nulls
    /// kept, in a zone and without one.
    #[test]
    fn spelled_equals_the_cast() {
        let ms: Vec<Option<i64>> = (0..500)
            .map(|i| (i % 7 != 0).then_some(1_700_000_000_000 + (i % 13) * 3_600_000))
            .collect();
        let base = Int64Chunked::from_iter_options(PlSmallStr::from_static("t"), ms.into_iter())
            .into_column();
        let zoned = base
            .cast(&DataType::Datetime(
                TimeUnit::Milliseconds,
                TimeZone::opt_try_new(Some("Asia/Tokyo")).unwrap(),
            ))
            .unwrap();
        let naive = base
            .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
            .unwrap();
        let date = naive.cast(&DataType::Date).unwrap();
        let number = base.clone();
        for c in [zoned, naive, date, number] {
            let want = c.cast(&DataType::String).unwrap();
            let got = super::spelled(&c).unwrap();
            assert_eq!(got.dtype(), &DataType::String);
            assert!(got.equals_missing(&want), "{:?}", c.dtype());
        }
    }
    use super::*;

    /// A dataset held in memory: the gate works on frames, so its tests need no files.
    struct MemStaged(std::cell::RefCell<DataFrame>);

    impl Staged for MemStaged {
        fn scan(&self) -> Result<LazyFrame> {
            Ok(self.0.borrow().clone().lazy())
        }
        fn replace(&self, lf: LazyFrame, _step: &str) -> Result<()> {
            let df = lf.collect().map_err(|e| Error::io(polars_message(&e)))?;
            *self.0.borrow_mut() = df;
            Ok(())
        }
    }
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
        /// The report's smallest classes are the first ten of a stable sort of every class by
        /// (subjects, rows), found by selection: the same classes in the same order, ties
        /// (most classes have one subject) in class order.
        #[test]
        fn the_smallest_classes_are_a_stable_sorts_first(
            sizes in proptest::collection::vec((0u64..4, 0u64..4), 0..200),
            n in 0usize..15,
        ) {
            let mut stable: Vec<usize> = (0..sizes.len()).collect();
            stable.sort_by_key(|c| sizes[*c]);
            stable.truncate(n);
            prop_assert_eq!(smallest_classes(sizes.len(), n, |c| sizes[c]), stable);
        }
    }

    proptest! {
        /// The rewrite's mask removes exactly the rows the null-safe anti-joins it replaced
        /// removed (planned subjects, a null one among them; trace items keyed by the subject
        /// and the quasi-identifiers as text, a typed timestamp and a nullable one among them),
        /// and keeps the order of the rest.
        #[test]
        fn the_keep_mask_removes_what_the_anti_joins_removed(
            rows in prop::collection::vec((prop::option::of(0u8..4), 0u8..3, prop::option::of(0u8..12), 0u8..3, 0u8..2), 1..150),
            planned_pick in prop::collection::vec(prop::option::of(0u8..12), 0..4),
            item_pick in prop::collection::vec(0usize..150, 0..20),
        ) {
            let mut df = frame(&rows);
            let tz = TimeZone::opt_try_new(Some("Asia/Tokyo")).unwrap();
            let t = df
                .column("c")
                .unwrap()
                .cast(&DataType::Int64)
                .unwrap()
                .i64()
                .unwrap()
                .iter()
                .map(|v| v.map(|v| v * 3_600_000 + 1_700_000_000_000))
                .collect::<Int64Chunked>()
                .into_column()
                .with_name("t".into())
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, tz))
                .unwrap();
            df.with_column(t).unwrap();
            let spec = RiskSpec {
                qis: vec!["a".into(), "t".into(), "c".into()],
                subject: Some("subj".to_string()),
                sensitive: vec![],
                categorical: Vec::new(),
                k: 2,
            };
            let sc = "__tokumei_subject";
            let planned: Vec<Option<String>> =
                planned_pick.iter().map(|v| v.map(|v| format!("s{v}"))).collect();
            let keyed = df
                .clone()
                .lazy()
                .with_columns(key_exprs(&spec))
                .with_column(col("subj").cast(DataType::String).alias(sc))
                .collect()
                .unwrap();
            let idx: Vec<IdxSize> = item_pick
                .iter()
                .filter(|&&i| i < df.height())
                .map(|&i| i as IdxSize)
                .collect();
            let mut key_names = vec![sc.to_string()];
            key_names.extend((0..3).map(|i| format!("__tokumei_q{i}")));
            let removal = keyed
                .take(&IdxCa::from_vec("i".into(), idx))
                .unwrap()
                .select(key_names.iter().map(String::as_str))
                .unwrap()
                .lazy()
                .collect()
                .unwrap();
            let original: Vec<Expr> = df.get_column_names().iter().map(|n| col(n.as_str())).collect();
            let mut old = df.clone().lazy();
            if !planned.is_empty() {
                let gone = DataFrame::new_infer_height(vec![Column::new(sc.into(), planned.clone())]).unwrap();
                old = old
                    .with_columns([col("subj").cast(DataType::String).alias(sc)])
                    .join(gone.lazy(), [col(sc)], [col(sc)], join_args(JoinType::Anti));
            }
            if removal.height() > 0 {
                let mut keys = vec![col(sc)];
                keys.extend(key_cols(&spec));
                old = old
                    .with_columns(key_exprs(&spec))
                    .with_column(col("subj").cast(DataType::String).alias(sc))
                    .join(removal.clone().lazy(), keys.clone(), keys, join_args(JoinType::Anti));
            }
            let old = old.select(original).collect().unwrap();
            // Items may have a null subject: a class's rows without one.
            let items: Vec<&DataFrame> = (removal.height() > 0).then_some(&removal).into_iter().collect();
            let new = if planned.is_empty() && items.is_empty() {
                df.clone()
            } else {
                df.clone()
                    .lazy()
                    .filter(keep_mask(&spec, "subj", planned, &items).unwrap())
                    .collect()
                    .unwrap()
            };
            prop_assert!(old.equals_missing(&new), "old {old:?}\nnew {new:?}");
        }
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
                categorical: Vec::new(),
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
            // With a subject, a value every subject of a class holds makes it 1-diverse (the
            // value is certain for each of them), however many other values some hold.
            let mut holders: HashMap<(Key, u8), HashSet<Option<u8>>> = HashMap::new();
            for r in &rows {
                holders.entry(((r.0, r.1, r.4), r.3)).or_default().insert(r.2);
            }
            let distinct = |key: &Key, e: &Class| {
                let certain = by_subject
                    && e.2.iter().any(|v| holders[&(*key, *v)].len() == e.1.len());
                if certain { 1 } else { e.2.len() as u64 }
            };
            prop_assert_eq!(m.l_diversity[0].distinct_l, classes.iter().map(|(key, e)| distinct(key, e)).min().unwrap());
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

    /// t-closeness by its definition (Li et al. 2007; pycanon's computation): per class, the
    /// distance between the class's and the table's distributions over the m values present,
    /// `ordered` summing the cumulative differences over the values in order.
    fn brute_t(classes: &[Vec<u8>], ordered: bool) -> f64 {
        let all: Vec<u8> = classes.iter().flatten().copied().collect();
        let mut values: Vec<u8> = all.clone();
        values.sort_unstable();
        values.dedup();
        let m = values.len();
        if m < 2 {
            return 0.0;
        }
        let share =
            |of: &[u8], v: u8| of.iter().filter(|x| **x == v).count() as f64 / of.len() as f64;
        classes
            .iter()
            .map(|c| {
                let r: Vec<f64> = values
                    .iter()
                    .map(|v| share(c, *v) - share(&all, *v))
                    .collect();
                if ordered {
                    let mut acc = 0.0;
                    r.iter()
                        .map(|x| {
                            acc += x;
                            acc.abs()
                        })
                        .sum::<f64>()
                        / (m - 1) as f64
                } else {
                    0.5 * r.iter().map(|x| x.abs()).sum::<f64>()
                }
            })
            .fold(0.0, f64::max)
    }

    proptest! {
        /// Reported t-closeness equals its definition, for a category (the equal distance) and
        /// for number ranges as the `number` rule writes them (the ordered distance; `[0,10)` …
        /// `40+`, whose order is not the text's).
        #[test]
        fn t_closeness_equals_its_definition(
            rows in prop::collection::vec((0u8..4, 0u8..3, 0u8..4, 0u8..6), 1..150),
        ) {
            let label = |v: u8| if v == 5 { "50+".to_string() } else { format!("[{},{})", 10 * u32::from(v), 10 * u32::from(v) + 10) };
            let df = DataFrame::new_infer_height(vec![
                Column::new("a".into(), rows.iter().map(|r| format!("a{}", r.0)).collect::<Vec<_>>()),
                Column::new("b".into(), rows.iter().map(|r| format!("b{}", r.1)).collect::<Vec<_>>()),
                Column::new("cat".into(), rows.iter().map(|r| format!("x{}", r.2)).collect::<Vec<_>>()),
                Column::new("num".into(), rows.iter().map(|r| label(r.3)).collect::<Vec<_>>()),
            ]).unwrap();
            let spec = RiskSpec {
                qis: vec!["a".into(), "b".into()],
                subject: None,
                sensitive: vec!["cat".into(), "num".into()],
                categorical: Vec::new(),
                k: 2,
            };
            let m = measure(df.lazy(), &spec).unwrap();
            let mut cat: HashMap<(u8, u8), Vec<u8>> = HashMap::new();
            let mut num: HashMap<(u8, u8), Vec<u8>> = HashMap::new();
            for r in &rows {
                cat.entry((r.0, r.1)).or_default().push(r.2);
                num.entry((r.0, r.1)).or_default().push(r.3);
            }
            let cat: Vec<Vec<u8>> = cat.into_values().collect();
            let num: Vec<Vec<u8>> = num.into_values().collect();
            prop_assert_eq!(m.t_closeness[0].distance, "equal");
            // One value alone is at no distance from itself: no order to use.
            let distinct: HashSet<u8> = rows.iter().map(|r| r.3).collect();
            prop_assert_eq!(m.t_closeness[1].distance, if distinct.len() > 1 { "ordered" } else { "equal" });
            prop_assert!((m.t_closeness[0].t - brute_t(&cat, false)).abs() < 1e-9, "{} {}", m.t_closeness[0].t, brute_t(&cat, false));
            prop_assert!((m.t_closeness[1].t - brute_t(&num, true)).abs() < 1e-9, "{} {}", m.t_closeness[1].t, brute_t(&num, true));
        }
    }

    proptest! {
        /// The gate with a trace check (k^m) gives the same figures whatever the rows' order (a
        /// Spark run's partitions deliver them in another order than the file).
        #[test]
        fn trace_gate_ignores_row_order(
            rows in prop::collection::vec((prop::option::of(0u8..4), 0u8..3, prop::option::of(0u8..12), 0u8..3, 0u8..2), 1..100),
            k in 2u64..5,
            rotate in 0usize..100,
        ) {
            let spec = RiskSpec {
                qis: vec!["a".into(), "b".into(), "c".into()],
                subject: Some("subj".to_string()),
                sensitive: vec![],
                categorical: Vec::new(),
                k: 1,
            };
            let th = Thresholds {
                min_l: None,
                max_t: None,
                max_suppression: 1.0,
                suppress: Suppress::Rows,
                metric: lattice::Metric::Levels,
                traces: Some(TraceTarget { m: 2, k: Some(k) }),
            };
            let gate = |rows: &[Row]| {
                let staged = MemStaged(std::cell::RefCell::new(frame(rows)));
                let r = apply_gate(&staged, &spec, th, &[None, None, None]).unwrap();
                let t = r.traces.as_ref().map(|t| (t.suppressed_rows, t.touched_subjects, t.after.clone()));
                (r.suppressed_rows, r.after.clone(), t)
            };
            let mut turned = rows.clone();
            turned.reverse();
            let n = turned.len();
            turned.rotate_left(rotate % n);
            prop_assert_eq!(gate(&rows), gate(&turned));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// The gate end to end on a frame, with no hierarchy (so nothing can be generalised):
        /// suppressed rows and subjects equal a brute-force suppression (rows of classes below k;
        /// with a subject, every row of those subjects, repeated until no class is small), and
        /// the delivered file has k >= min-k whenever anything is left.
        #[test]
        fn gate_suppression_equals_brute_force(
            rows in prop::collection::vec((prop::option::of(0u8..4), 0u8..3, prop::option::of(0u8..12), 0u8..3, 0u8..2), 1..100),
            k in 1u64..6,
            by_subject in any::<bool>(),
            cells in any::<bool>(),
        ) {
            let staged = MemStaged(std::cell::RefCell::new(frame(&rows)));
            let spec = RiskSpec {
                qis: vec!["a".into(), "b".into(), "c".into()],
                subject: by_subject.then(|| "subj".to_string()),
                sensitive: vec![],
                categorical: Vec::new(),
                k,
            };
            let suppress = if cells { Suppress::Cells } else { Suppress::Rows };
            let r = apply_gate(
                &staged,
                &spec,
                Thresholds { min_l: None, max_t: None, max_suppression: 1.0, suppress, metric: lattice::Metric::Levels, traces: None },
                &[None, None, None],
            ).unwrap();
            // Brute force. Classes over (a, b, c); a subject set per class.
            type Classes = HashMap<(Option<u8>, u8, u8), (u64, HashSet<Option<u8>>)>;
            let classes_of = |alive: &dyn Fn(&Row) -> bool| {
                let mut m: Classes = HashMap::new();
                for r in rows.iter().filter(|r| alive(r)) {
                    let e = m.entry((r.0, r.1, r.4)).or_default();
                    e.0 += 1;
                    e.1.insert(r.2);
                }
                m
            };
            let size = |e: &(u64, HashSet<Option<u8>>)| if by_subject { e.1.len() as u64 } else { e.0 };
            let small = |key: &(Option<u8>, u8, u8), m: &Classes| {
                m.get(key).is_some_and(|e| size(e) < k)
            };
            let first = classes_of(&|_| true);
            let touched: Vec<&Row> = rows.iter().filter(|r| small(&(r.0, r.1, r.4), &first)).collect();
            let (removed, nulled) = if cells {
                // Round 1 nulls the cells of the rows in small classes; they form one class
                // (b and c are never null, so no row was all-null before). If it is small, it goes.
                let subjects: HashSet<Option<u8>> = touched.iter().map(|r| r.2).collect();
                let size = if by_subject { subjects.len() as u64 } else { touched.len() as u64 };
                if !touched.is_empty() && size < k { (touched.len() as u64, 0) } else { (0, touched.len() as u64) }
            } else if by_subject {
                // Every subject of a small class goes with all its rows; rows without a subject
                // go with their class only.
                let mut gone: HashSet<u8> = HashSet::new();
                let mut null_out: HashSet<(Option<u8>, u8, u8)> = HashSet::new();
                let out = |r: &Row, gone: &HashSet<u8>, null_out: &HashSet<(Option<u8>, u8, u8)>| match r.2 {
                    Some(s) => gone.contains(&s),
                    None => null_out.contains(&(r.0, r.1, r.4)),
                };
                loop {
                    let m = classes_of(&|r: &Row| !out(r, &gone, &null_out));
                    let hit: Vec<&Row> = rows.iter().filter(|r| !out(r, &gone, &null_out) && small(&(r.0, r.1, r.4), &m)).collect();
                    let fresh = !hit.is_empty();
                    for r in hit {
                        match r.2 {
                            Some(s) => { gone.insert(s); }
                            None => { null_out.insert((r.0, r.1, r.4)); }
                        }
                    }
                    if !fresh { break; }
                }
                (rows.iter().filter(|r| out(r, &gone, &null_out)).count() as u64, 0)
            } else {
                (touched.len() as u64, 0)
            };
            prop_assert_eq!(r.suppressed_rows, removed);
            prop_assert_eq!(r.nulled_rows, nulled);
            prop_assert_eq!(r.after.rows, rows.len() as u64 - removed);
            prop_assert_eq!(&r.after, &measured(&staged, &spec));
            if r.after.rows > 0 {
                prop_assert!(r.after.k >= k, "k {} after: {:?}", r.after.k, r);
                prop_assert!(r.passed);
            }
        }
    }

    /// The measures of the file as delivered, with the smallest classes dropped as the report
    /// drops them.
    fn measured(staged: &MemStaged, spec: &RiskSpec) -> Measures {
        let mut m = measure(staged.scan().unwrap(), spec).unwrap();
        m.smallest.clear();
        m
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The gate reports "after" from its class table, without reading the rewritten file:
        /// those figures equal the rewritten file's own, with generalisation (categorical
        /// hierarchies: recoding into `other`, then `*`), subject suppression and cells.
        #[test]
        fn reported_after_equals_the_delivered_file(
            rows in prop::collection::vec((prop::option::of(0u8..6), 0u8..4, prop::option::of(0u8..30), 0u8..3, 0u8..2), 1..150),
            k in 2u64..6,
            by_subject in any::<bool>(),
            cells in any::<bool>(),
            max_suppression in prop::sample::select(vec![0.0, 0.05, 0.3, 1.0]),
        ) {
            let staged = MemStaged(std::cell::RefCell::new(frame(&rows)));
            let spec = RiskSpec {
                qis: vec!["a".into(), "b".into(), "c".into()],
                subject: by_subject.then(|| "subj".to_string()),
                sensitive: vec!["sens".into()],
                categorical: Vec::new(),
                k,
            };
            let suppress = if cells { Suppress::Cells } else { Suppress::Rows };
            let r = apply_gate(
                &staged,
                &spec,
                Thresholds { min_l: None, max_t: None, max_suppression, suppress, metric: lattice::Metric::Levels, traces: None },
                &[Some(Hierarchy::Categorical), Some(Hierarchy::Categorical), None],
            ).unwrap();
            prop_assert_eq!(&r.after, &measured(&staged, &spec));
            if r.passed {
                prop_assert!(r.after.k >= k);
                // The budget holds for rows and for subjects alike, as the delivered file
                // counts them (a null subject is one subject however many rows it has).
                let input = frame(&rows);
                let delivered = staged.0.borrow().clone();
                let gone_rows = input.height() - delivered.height();
                prop_assert!(gone_rows as f64 <= max_suppression * input.height() as f64 + 1e-9);
                prop_assert!(r.suppressed_share <= max_suppression + 1e-12);
                prop_assert!(r.suppressed_share + 1e-12 >= gone_rows as f64 / input.height() as f64);
            }
        }
    }

    proptest! {
        /// k^1 is the row gate's k, rows without a subject included (one subject in each class
        /// they are in), over the classes some subject holds (a class of such rows alone is
        /// one subject: the row gate's to remove). A review found the trace fix removing
        /// classes the rows had passed.
        #[test]
        fn k_of_single_items_is_the_rows_k(
            rows in prop::collection::vec((prop::option::of(0u8..6), 0u8..4, prop::option::of(0u8..30), 0u8..3, 0u8..2), 1..150),
        ) {
            let spec = RiskSpec {
                qis: vec!["a".into(), "b".into()],
                subject: Some("subj".into()),
                sensitive: vec![],
                categorical: Vec::new(),
                k: 2,
            };
            let t = lattice::ClassTable::build(frame(&rows).lazy(), &spec).unwrap();
            let (tr, _) = traces::traces(&t);
            let km = traces::measure(&tr, 1, 2).unwrap();
            let held: HashSet<(Option<u8>, u8)> =
                rows.iter().filter(|r| r.2.is_some()).map(|r| (r.0, r.1)).collect();
            let kept: Vec<Row> = rows.iter().copied().filter(|r| held.contains(&(r.0, r.1))).collect();
            let want = if kept.is_empty() {
                0
            } else {
                let t = lattice::ClassTable::build(frame(&kept).lazy(), &spec).unwrap();
                measures_of(&t, &spec).k
            };
            prop_assert_eq!(km.k, want);
        }
    }

    /// The gate in memory on `rows`, with the subject `subj`, row suppression and the levels
    /// metric: the delivered frame's holder, the report and the spec.
    fn subject_gate(
        rows: &[Row],
        qis: &[&str],
        k: u64,
        max_suppression: f64,
        traces: Option<TraceTarget>,
        h: &[Option<Hierarchy>],
    ) -> (MemStaged, GateReport, RiskSpec) {
        let staged = MemStaged(std::cell::RefCell::new(frame(rows)));
        let spec = RiskSpec {
            qis: qis.iter().map(|q| q.to_string()).collect(),
            subject: Some("subj".into()),
            sensitive: vec![],
            categorical: Vec::new(),
            k,
        };
        let th = Thresholds {
            min_l: None,
            max_t: None,
            max_suppression,
            suppress: Suppress::Rows,
            metric: lattice::Metric::Levels,
            traces,
        };
        let r = apply_gate(&staged, &spec, th, h).unwrap();
        (staged, r, spec)
    }

    /// A subject whose every row the trace fix removes is gone, not also "touched": the share
    /// counts it once. Here the fix touches two of four subjects and removes one of them.
    #[test]
    fn a_subject_the_trace_fix_removes_counts_once() {
        let rows: Vec<Row> = vec![
            (Some(0), 0, Some(4), 0, 0),
            (Some(1), 0, Some(5), 0, 0),
            (Some(2), 0, Some(6), 0, 0),
            (Some(2), 0, Some(4), 0, 0),
            (Some(2), 0, Some(2), 0, 0),
        ];
        let traces = Some(TraceTarget { m: 2, k: Some(2) });
        let (staged, r, spec) = subject_gate(
            &rows,
            &["a"],
            2,
            0.5,
            traces,
            &[Some(Hierarchy::Categorical)],
        );
        assert!(r.passed, "{r:?}");
        let gone_rows = 5 - staged.0.borrow().height() as u64;
        let left: HashSet<Option<String>> = staged
            .0
            .borrow()
            .column("subj")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect();
        let touched = r.traces.as_ref().unwrap().touched_subjects;
        // Subjects affected: those gone and those touched that kept rows, each once.
        let affected = (4 - left.len() as u64).max(touched);
        let want = (gone_rows as f64 / 5.0).max(affected as f64 / 4.0);
        assert!(
            (r.suppressed_share - want).abs() < 1e-12,
            "{} vs {want}",
            r.suppressed_share
        );
        assert!(r.after.k >= 2);
        assert_eq!(r.after, measured(&staged, &spec));
    }

    /// An empty input (`allow-empty`) passes the gate: nobody is in it to re-identify.
    #[test]
    fn an_empty_dataset_passes_the_gate() {
        let traces = Some(TraceTarget { m: 2, k: Some(5) });
        let (staged, r, _) = subject_gate(
            &[],
            &["a"],
            5,
            0.05,
            traces,
            &[Some(Hierarchy::Categorical)],
        );
        assert!(r.passed);
        assert_eq!(staged.0.borrow().height(), 0);
    }

    /// A class of four subjects and rows without a subject holds five subjects, for the traces
    /// as for the rows: nothing is removed (a review found the trace fix emptying it).
    #[test]
    fn rows_without_a_subject_support_single_items_as_rows_do() {
        let mut rows: Vec<Row> = Vec::new();
        for block in 0..3u8 {
            for s in 0..10u8 {
                rows.extend([(Some(block), 0, Some(block * 10 + s), 0, 0); 2]);
            }
        }
        for s in 0..4u8 {
            rows.extend([(Some(3), 0, Some(40 + s), 0, 0); 2]);
        }
        rows.extend([(Some(3), 0, None, 0, 0); 10]);
        let traces = Some(TraceTarget { m: 2, k: Some(5) });
        for budget in [0.05, 0.2, 0.5] {
            let (staged, r, _) = subject_gate(
                &rows,
                &["a"],
                5,
                budget,
                traces,
                &[Some(Hierarchy::Categorical)],
            );
            assert!(r.passed, "{budget}: {r:?}");
            assert_eq!(r.suppressed_rows, 0, "{budget}");
            assert_eq!(r.generalisation[0].level, 0, "{budget}");
            assert_eq!(staged.0.borrow().height(), rows.len());
        }
    }

    /// Rows without a subject count as one subject in each class, but they are nobody's trace:
    /// suppression removes them with their class, not all of them because one class is small.
    #[test]
    fn rows_without_a_subject_go_with_their_class_only() {
        // 50 rows without a subject among 25 subjects with `a` = 0 (a class of 26), 50 more
        // alone with `a` = 5 (a class of 1); 25 subjects with `a` = 1.
        let mut rows: Vec<Row> = vec![(Some(0), 0, None, 0, 0); 50];
        rows.extend(vec![(Some(5), 0, None, 0, 0); 50]);
        rows.extend((0..50u8).map(|i| (Some(i % 2), 0, Some(i), 0, 0)));
        let h = [Some(Hierarchy::Categorical), Some(Hierarchy::Categorical)];
        let (staged, r, spec) = subject_gate(&rows, &["a", "b"], 5, 0.4, None, &h);
        assert!(r.passed);
        // The lone class's 50 rows go (33 % of 150, within 40 %); `a` is not generalised.
        assert_eq!(r.generalisation[0].level, 0);
        assert_eq!(r.suppressed_rows, 50);
        let out = staged.0.borrow().clone();
        assert_eq!(out.height(), 100);
        let a = out.column("a").unwrap().str().unwrap().clone();
        let subj = out.column("subj").unwrap();
        assert_eq!(subj.null_count(), 50);
        assert!(a.iter().all(|v| v != Some("a5")));
        assert_eq!(r.after, measured(&staged, &spec));
        assert!(r.after.k >= 5);
        // At a 30 % budget those rows are too many: `a` goes to `*` instead.
        let (staged, r, _) = subject_gate(&rows, &["a", "b"], 5, 0.3, None, &h);
        assert!(r.passed);
        assert_eq!(r.suppressed_rows, 0);
        assert_eq!(staged.0.borrow().height(), 150);
    }

    /// Rows without a subject are one subject in k, but the suppression budget also bounds
    /// rows: a gate may not remove most of a log because those rows have a null subject.
    #[test]
    fn the_budget_bounds_the_rows_of_the_null_subject() {
        // 100 rows without a subject, all in one class of their own; 50 subjects with one row
        // each, 25 per value of `a`.
        let mut rows: Vec<Row> = vec![(Some(5), 0, None, 0, 0); 100];
        rows.extend((0..50u8).map(|i| (Some(i % 2), 0, Some(i), 0, 0)));
        let h = [Some(Hierarchy::Categorical), Some(Hierarchy::Categorical)];
        let (staged, r, _) = subject_gate(&rows, &["a", "b"], 5, 0.05, None, &h);
        // Removing the null subject is 1 subject of 51 (2 %) but 100 rows of 150 (67 %): the
        // gate generalises `a` instead and removes nothing.
        assert!(r.passed);
        assert_eq!(r.suppressed_rows, 0);
        assert_eq!(staged.0.borrow().height(), 150);
        assert_eq!(r.generalisation[0].level, r.generalisation[0].max_level);
        // Without a coarser level to go to, it refuses and says what it would have needed.
        let (_, r, _) = subject_gate(&rows, &["a", "b"], 5, 0.05, None, &[None, None]);
        assert!(!r.passed);
        assert!(r.needed_share > 0.6, "{}", r.needed_share);
    }

    /// A staged frame whose class table comes from a group-by done elsewhere (as Spark's is):
    /// the distinct (quasi-identifiers, subject, sensitive) rows with a row count, split in two
    /// halves whose keys overlap (a group-by's partial results) and in another order.
    struct GroupedStaged(MemStaged);

    impl Staged for GroupedStaged {
        fn scan(&self) -> Result<LazyFrame> {
            self.0.scan()
        }
        fn replace(&self, lf: LazyFrame, step: &str) -> Result<()> {
            self.0.replace(lf, step)
        }
        fn class_table(&self, spec: &RiskSpec) -> Result<lattice::ClassTable> {
            let mut keys: Vec<Expr> = spec.qis.iter().map(|q| col(q.as_str())).collect();
            keys.extend(spec.subject.iter().map(|s| col(s.as_str())));
            keys.extend(spec.sensitive.iter().map(|s| col(s.as_str())));
            let df = self.0.0.borrow().clone();
            let half = df.height() / 2;
            let part = |df: DataFrame| {
                df.lazy()
                    .group_by(keys.clone())
                    .agg([len().alias("__rows")])
                    .sort_by_exprs(
                        keys.clone(),
                        SortMultipleOptions::default()
                            .with_order_descending(true)
                            .with_nulls_last(true),
                    )
            };
            let grouped = concat(
                [
                    part(df.slice(half as i64, df.height() - half)),
                    part(df.slice(0, half)),
                ],
                UnionArgs::default(),
            )
            .map_err(|e| Error::io(polars_message(&e)))?;
            lattice::ClassTable::build_grouped(grouped, spec, "__rows")
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The gate on a class table grouped elsewhere (Spark's) decides and delivers exactly
        /// what it decides on its own: the same report (levels, suppression, risk figures,
        /// traces) and the same rows.
        #[test]
        fn grouped_class_table_gives_the_same_gate(
            rows in prop::collection::vec((prop::option::of(0u8..6), 0u8..4, prop::option::of(0u8..30), 0u8..3, 0u8..2), 1..150),
            k in 2u64..6,
            by_subject in any::<bool>(),
            cells in any::<bool>(),
            traces in any::<bool>(),
            max_suppression in prop::sample::select(vec![0.0, 0.05, 0.3, 1.0]),
        ) {
            let spec = RiskSpec {
                qis: vec!["a".into(), "b".into(), "c".into()],
                subject: by_subject.then(|| "subj".to_string()),
                sensitive: vec!["sens".into()],
                categorical: Vec::new(),
                k,
            };
            let suppress = if cells { Suppress::Cells } else { Suppress::Rows };
            let th = Thresholds {
                min_l: None,
                max_t: None,
                max_suppression,
                suppress,
                metric: lattice::Metric::Levels,
                traces: (traces && by_subject).then_some(TraceTarget { m: 2, k: Some(k) }),
            };
            let h = [Some(Hierarchy::Categorical), Some(Hierarchy::Categorical), None];
            let own = MemStaged(std::cell::RefCell::new(frame(&rows)));
            let grouped = GroupedStaged(MemStaged(std::cell::RefCell::new(frame(&rows))));
            let mut a = apply_gate(&own, &spec, th, &h).unwrap();
            let mut b = apply_gate(&grouped, &spec, th, &h).unwrap();
            a.timings_ms = Timings::default();
            b.timings_ms = Timings::default();
            prop_assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::to_value(&b).unwrap());
            prop_assert!(own.0.borrow().equals_missing(&grouped.0.0.borrow()));
        }
    }

    /// A grouped table whose count is zero or missing is refused, not read as rows.
    #[test]
    fn a_grouped_table_without_counts_is_refused() {
        let spec = RiskSpec {
            qis: vec!["a".into()],
            subject: None,
            sensitive: vec![],
            categorical: Vec::new(),
            k: 2,
        };
        for rows in [vec![Some(3u32), Some(0)], vec![Some(3), None]] {
            let df = df!("a" => ["x", "y"], "__rows" => rows).unwrap();
            assert!(lattice::ClassTable::build_grouped(df.lazy(), &spec, "__rows").is_err());
        }
        let df = df!("a" => ["x", "y", "x"], "__rows" => [3u32, 2, 4]).unwrap();
        let t = lattice::ClassTable::build_grouped(df.lazy(), &spec, "__rows").unwrap();
        assert_eq!((t.total_rows, t.len()), (9, 2));
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
            categorical: Vec::new(),
            k: 5,
        };
        let m = measure(df.lazy(), &spec).unwrap();
        assert_eq!(m.k, 4);
        assert!((m.l_diversity[0].entropy_l - 2.0).abs() < 1e-9);
        assert_eq!(m.classes_below_k, 1);
        assert_eq!(m.rare_values[0].values_below_k, 1);
    }

    /// With a subject, a value every person of a class holds is certain for each of them,
    /// however many other values one of them has in other rows: the class is 1-diverse, and a
    /// gate with `min-l` refuses it.
    #[test]
    fn l_diversity_counts_people_not_rows() {
        let df = df!(
            "zip" => ["100", "100", "100", "100", "100", "100", "100", "200", "200"],
            "pid" => ["p1", "p1", "p1", "p2", "p3", "p4", "p5", "q1", "q2"],
            "dx" => ["hiv", "flu", "cold", "hiv", "hiv", "hiv", "hiv", "flu", "cold"],
        )
        .unwrap();
        let spec = |subject: Option<&str>| RiskSpec {
            qis: vec!["zip".into()],
            subject: subject.map(String::from),
            sensitive: vec!["dx".into()],
            categorical: Vec::new(),
            k: 2,
        };
        let rows = measure(df.clone().lazy(), &spec(None)).unwrap();
        assert_eq!(rows.l_diversity[0].distinct_l, 2);
        let people = measure(df.clone().lazy(), &spec(Some("pid"))).unwrap();
        assert_eq!(people.k, 2);
        assert_eq!(people.l_diversity[0].distinct_l, 1);
    }

    #[test]
    fn figures_are_shown_on_their_side_of_a_threshold() {
        assert_eq!(shown_against(0.1500125, 0.15), "0.15001");
        assert_eq!(shown_against(0.12, 0.15), "0.1200");
        assert_eq!(shown_against(0.15, 0.15), "0.1500");
        assert_eq!(shown_against(0.149999, 0.15), "0.149999");
    }

    /// An empty text (a CSV's quoted `""`) is no subject of its own and no sensitive value
    /// other than null: a spreadsheet reads both as blank.
    #[test]
    fn an_empty_subject_or_sensitive_value_is_null() {
        let df = df!(
            "g" => ["A", "A", "A", "A", "A", "A", "A"],
            "pid" => [Some("p1"), Some("p2"), Some("p3"), None, None, Some(""), Some("")],
            "s" => [Some("x"), Some("x"), Some("x"), None, None, Some(""), Some("")],
        )
        .unwrap();
        let spec = RiskSpec {
            qis: vec!["g".into()],
            subject: Some("pid".into()),
            sensitive: vec!["s".into()],
            categorical: Vec::new(),
            k: 5,
        };
        let m = measure(df.lazy(), &spec).unwrap();
        assert_eq!(m.k, 4, "p1, p2, p3 and the rows without a subject");
        assert_eq!(m.l_diversity[0].distinct_l, 2, "x and blank");
    }

    /// Year-months are no bands (`2020-01` is not 2020 down to 1), and values that tie in the
    /// order (`20-29`, `20-24`) get the equal distance, which is never smaller.
    #[test]
    fn t_closeness_takes_the_equal_distance_without_a_strict_order() {
        let months: Vec<String> = (1..=12).map(|m| format!("2020-{m:02}")).collect();
        let mut g = vec!["A"; 12];
        g.extend(["B"; 12]);
        let mut s: Vec<&str> = months.iter().map(String::as_str).collect();
        s.extend(["2020-01"; 12]);
        let df = df!("g" => g, "s" => s).unwrap();
        let spec = RiskSpec {
            qis: vec!["g".into()],
            subject: None,
            sensitive: vec!["s".into()],
            categorical: Vec::new(),
            k: 2,
        };
        let m = measure(df.lazy(), &spec).unwrap();
        assert_eq!(m.t_closeness[0].distance, "equal");
        let df = df!(
            "g" => ["A", "A", "B", "B"],
            "s" => ["20-29", "20-24", "20-29", "30-39"],
        )
        .unwrap();
        let m = measure(df.lazy(), &spec).unwrap();
        assert_eq!(m.t_closeness[0].distance, "equal");
    }

    /// Numbers that are codes (`categorical`) take the equal distance: a class holding only code
    /// 101 where the table holds 101, 102 and 999 is as far from it as the categories say, not
    /// nearer because 101 and 102 are near as numbers. By the definition (Li et al. 2007, equal
    /// ground distance): half the total variation, here 1/2 for each class.
    #[test]
    fn categorical_codes_take_the_equal_distance() {
        let df = df!(
            "g" => ["A", "A", "A", "B", "B", "B"],
            "s" => ["101", "101", "101", "102", "999", "999"],
        )
        .unwrap();
        let mut spec = RiskSpec {
            qis: vec!["g".into()],
            subject: None,
            sensitive: vec!["s".into()],
            categorical: Vec::new(),
            k: 2,
        };
        let ordered = measure(df.clone().lazy(), &spec).unwrap();
        assert_eq!(ordered.t_closeness[0].distance, "ordered");
        spec.categorical = vec!["s".into()];
        let equal = measure(df.lazy(), &spec).unwrap();
        assert_eq!(equal.t_closeness[0].distance, "equal");
        // Table: 101 1/2, 102 1/6, 999 1/3. Class A: 101 only: |1 - 1/2| + 1/6 + 1/3 = 1, so 1/2.
        // Class B: 102 1/3, 999 2/3: 1/2 + 1/6 + 1/3 = 1, so 1/2.
        assert!(
            (equal.t_closeness[0].t - 0.5).abs() < 1e-12,
            "{}",
            equal.t_closeness[0].t
        );
        assert!(ordered.t_closeness[0].t <= equal.t_closeness[0].t + 1e-12);
    }
}
