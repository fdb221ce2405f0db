//! The fixing half of the gate, on a compact integer table.
//!
//! 1. [`ClassTable::build`] streams the delivered file once; the quasi-identifiers (and the
//!    subject, and the sensitive attributes) are interned as `u32` codes and grouped in a sharded
//!    hash table of codes: the table holds one row per distinct combination, four bytes per
//!    column, sorted by subject. No string of the data is kept besides each column's distinct
//!    values, stored back to back.
//! 2. [`recode_idiosyncratic`] removes idiosyncratic values (特異な記述) per quasi-identifier:
//!    ordered values (age bands, years, number buckets) held by fewer than k subjects at either
//!    end are top- or bottom-coded (`80+`, `<20`, `≥2008`), rare categories become `other`.
//! 3. [`search`] finds the generalisation levels with the least information loss whose local
//!    suppression stays within the budget. Each wave evaluates (in parallel) nodes spread over
//!    the open candidates, ordered by generalisation loss: a node that needs too much
//!    suppression rules out every specialisation of it (monotonicity: coarsening never makes a
//!    class smaller), a node within the budget rules out every node whose generalisation loss
//!    alone is no better than its loss. Loss = mean normalised level + suppressed share. The
//!    result is the node exhaustive search would choose (a property test checks this).

use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};

use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;

use super::{RiskSpec, Suppress};
use crate::error::{Error, Result, polars_message};
use crate::transform::levels::Hierarchy;

/// The code of a null value. Nulls are a value of their own; a null subject is one subject.
pub(crate) const NULL_CODE: u32 = u32::MAX;
/// The most lattice nodes a search may have.
/// The search keeps every node's state and prunes by scanning them, so its cost grows with the
/// square of the nodes; 16,384 holds UCI Adult's nine quasi-identifiers (12,960 nodes, the
/// standard benchmark) in well under a second.
pub(crate) const LATTICE_LIMIT: usize = 16_384;
/// The most classes (12 bytes each) kept for rolling nodes up during one search.
const CACHE_CLASSES: usize = 4 << 20;

/// Distinct strings stored back to back in one buffer, indexed by code: a value costs its bytes
/// and an 8-byte end offset, not a heap allocation and a 24-byte `String` of its own (a log's
/// subject column has millions of distinct values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Strings {
    bytes: String,
    ends: Vec<usize>,
}

impl Strings {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..end])
    }

    pub(crate) fn push(&mut self, v: &str) {
        self.bytes.push_str(v);
        self.ends.push(self.bytes.len());
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| &self[i])
    }

    /// Room for `values` values of `bytes` bytes in all.
    fn with_capacity(bytes: usize, values: usize) -> Strings {
        Strings {
            bytes: String::with_capacity(bytes),
            ends: Vec::with_capacity(values),
        }
    }
}

impl std::ops::Index<usize> for Strings {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i).expect("a code of this domain")
    }
}

impl<S: AsRef<str>> FromIterator<S> for Strings {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut out = Strings::default();
        for v in iter {
            out.push(v.as_ref());
        }
        out
    }
}

/// The distinct values of one column, indexed by code.
#[derive(Debug, Clone)]
pub(crate) enum Domain {
    Text(Strings),
    /// Typed datetimes (the column's type): physical values in its unit.
    Instants(DataType, Vec<i64>),
}

impl Domain {
    pub(crate) fn len(&self) -> usize {
        match self {
            Domain::Text(v) => v.len(),
            Domain::Instants(_, v) => v.len(),
        }
    }

    /// A value as the data spells it when cast to text (`None`: null).
    pub(crate) fn text(&self, code: u32) -> Option<String> {
        if code == NULL_CODE {
            return None;
        }
        match self {
            Domain::Text(v) => v.get(code as usize).map(str::to_string),
            Domain::Instants(dtype, v) => {
                let phys: Int64Chunked = [v.get(code as usize).copied()].into_iter().collect();
                let s = phys
                    .into_series()
                    .cast(dtype)
                    .ok()?
                    .cast(&DataType::String)
                    .ok()?;
                s.str().ok()?.get(0).map(str::to_string)
            }
        }
    }
}

/// Many values of one domain as the data spells them when cast to text, converted at once.
pub(crate) fn texts(d: &Domain, codes: &[u32]) -> Vec<Option<String>> {
    match d {
        Domain::Text(v) => codes
            .iter()
            .map(|c| {
                (*c != NULL_CODE)
                    .then(|| v.get(*c as usize).map(str::to_string))
                    .flatten()
            })
            .collect(),
        Domain::Instants(dtype, v) => {
            let phys: Int64Chunked = codes
                .iter()
                .map(|c| {
                    (*c != NULL_CODE)
                        .then(|| v.get(*c as usize).copied())
                        .flatten()
                })
                .collect();
            let cast = phys
                .into_series()
                .cast(dtype)
                .and_then(|s| s.cast(&DataType::String));
            match cast {
                Ok(s) => s
                    .str()
                    .map(|s| s.iter().map(|x| x.map(str::to_string)).collect())
                    .unwrap_or_else(|_| vec![None; codes.len()]),
                Err(_) => vec![None; codes.len()],
            }
        }
    }
}

/// Text values and their codes, in shards chosen by a value's hash: a batch's distinct values
/// lock only their own shards, so the batches of both threads intern at once (one lock held
/// the class table's read of a 10M-row log to 1.25 cores). While the file streams, a value's
/// code is its index in its shard, shifted, with the shard's number in the low bits
/// ([`TextInterner::code`]); once it is read, [`TextInterner::dense`] numbers the values of
/// every shard from 0, in an order that does not depend on the read.
struct TextInterner {
    hasher: InternHasher,
    shards: Vec<Mutex<TextShard>>,
}

/// One shard of a [`TextInterner`]: each value is stored once (in `values`), and the table
/// holds only indices into them, hashed by the value they stand for.
#[derive(Default)]
struct TextShard {
    table: hashbrown::HashTable<u32>,
    values: Strings,
}

/// Bits of a streaming code that name the interner's shard.
const INTERN_SHARD_BITS: u32 = 4;

/// The text interner's hasher: seeded once for all runs, so that a value's shard and its place
/// in the shard's order are the same on every run ([`TextInterner::dense`]).
type InternHasher = foldhash::quality::FixedState;

impl Default for TextInterner {
    fn default() -> TextInterner {
        TextInterner {
            hasher: foldhash::quality::FixedState::with_seed(0x746f_6b75_6d65_6921),
            shards: (0..1 << INTERN_SHARD_BITS)
                .map(|_| Mutex::new(TextShard::default()))
                .collect(),
        }
    }
}

impl TextInterner {
    /// The shard of a value's hash: bits hashbrown uses for neither the bucket (the low bits)
    /// nor the tag (the top seven), so each shard's table still tells values apart by them.
    fn shard(hash: u64) -> usize {
        ((hash >> 32) as usize) & ((1 << INTERN_SHARD_BITS) - 1)
    }

    /// The streaming code of the `index`th value of `shard`.
    fn code(shard: usize, index: usize) -> PolarsResult<u32> {
        u32::try_from(index)
            .ok()
            .filter(|i| *i < (NULL_CODE - 1) >> INTERN_SHARD_BITS)
            .map(|i| (i << INTERN_SHARD_BITS) | shard as u32)
            .ok_or_else(|| polars_err!(ComputeError: "more than 4 billion distinct values"))
    }

    /// The streaming codes of a batch's distinct values (with their hashes, from
    /// [`TextInterner::hasher`]): each shard is locked once.
    fn intern(&self, distinct: &[(&str, u64)]) -> PolarsResult<Vec<u32>> {
        let mut out = vec![0u32; distinct.len()];
        let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); self.shards.len()];
        for (i, (_, h)) in distinct.iter().enumerate() {
            by_shard[Self::shard(*h)].push(i as u32);
        }
        for (s, idx) in by_shard.iter().enumerate() {
            if idx.is_empty() {
                continue;
            }
            let mut shard = self.shards[s]
                .lock()
                .map_err(|_| polars_err!(ComputeError: "internal error: interner poisoned"))?;
            let TextShard { table, values } = &mut *shard;
            for &i in idx {
                let (v, hash) = distinct[i as usize];
                let found = table.find(hash, |c| &values[*c as usize] == v).copied();
                let index = match found {
                    Some(c) => c as usize,
                    None => {
                        let c = values.len();
                        Self::code(s, c)?;
                        values.push(v);
                        table.insert_unique(hash, c as u32, |c| {
                            self.hasher.hash_one(&values[*c as usize])
                        });
                        c
                    }
                };
                out[i as usize] = Self::code(s, index)?;
            }
        }
        Ok(out)
    }

    /// Every shard's values in one list, and a map from streaming codes to their places in it
    /// (nulls stay nulls). The list is in the order of the shards and, within a shard, of the
    /// values' hashes (under a fixed seed; the values themselves break a tie), so the codes do
    /// not depend on which thread met a value first: the table, and what is listed from it, is
    /// the same on every run. One shard at a time is ordered and moved into the list, so the
    /// values are held about once, not twice (a 30M-row log has millions of subjects).
    fn dense(self) -> Result<(Strings, impl Fn(u32) -> u32 + Send + Sync)> {
        let hasher = self.hasher;
        let shards = self
            .shards
            .into_iter()
            .map(|s| {
                s.into_inner()
                    .map(|s| s.values)
                    .map_err(|_| Error::io("internal error: interner poisoned"))
            })
            .collect::<Result<Vec<Strings>>>()?;
        let mut values = Strings::with_capacity(
            shards.iter().map(|v| v.bytes.len()).sum(),
            shards.iter().map(Strings::len).sum(),
        );
        let mut maps = Vec::with_capacity(shards.len());
        for v in shards {
            let mut order: Vec<(u64, u32)> = v
                .iter()
                .zip(0u32..)
                .map(|(x, i)| (hasher.hash_one(x), i))
                .collect();
            order.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| v[a.1 as usize].cmp(&v[b.1 as usize]))
            });
            let mut map = vec![0u32; v.len()];
            for (_, i) in order {
                map[i as usize] = values.len() as u32;
                values.push(&v[i as usize]);
            }
            maps.push(map);
        }
        let mask = (1u32 << INTERN_SHARD_BITS) - 1;
        Ok((values, move |c: u32| {
            if c == NULL_CODE {
                NULL_CODE
            } else {
                maps[(c & mask) as usize][(c >> INTERN_SHARD_BITS) as usize]
            }
        }))
    }
}

/// A map from a column's streaming codes to its domain's codes.
type Remap = Box<dyn Fn(u32) -> u32 + Send + Sync>;

/// Interns one column's values as codes while polars streams the file.
enum Interner {
    Text(TextInterner),
    Instants(DataType, Mutex<(PlHashMap<i64, u32>, Vec<i64>)>),
}

impl Interner {
    /// The codes of a batch's distinct instants (with their hashes, unused here).
    fn instants(&self, distinct: &[(i64, u64)]) -> PolarsResult<Vec<u32>> {
        let Interner::Instants(_, m) = self else {
            polars_bail!(ComputeError: "internal error: datetime value in a text interner");
        };
        let mut g = m
            .lock()
            .map_err(|_| polars_err!(ComputeError: "internal error: interner poisoned"))?;
        let (codes, values) = &mut *g;
        distinct
            .iter()
            .map(|(v, _)| {
                if let Some(c) = codes.get(v) {
                    return Ok(*c);
                }
                let c = u32::try_from(values.len())
                    .ok()
                    .filter(|c| *c < NULL_CODE - 1)
                    .ok_or_else(
                        || polars_err!(ComputeError: "more than 4 billion distinct values"),
                    )?;
                codes.insert(*v, c);
                values.push(*v);
                Ok(c)
            })
            .collect()
    }

    /// The column's domain, in an order that does not depend on the read (instants in time
    /// order, text as [`TextInterner::dense`] lays it out), and a map from its streaming codes
    /// to the domain's codes.
    fn into_domain(self) -> Result<(Domain, Remap)> {
        Ok(match self {
            Interner::Text(int) => {
                let (values, dense) = int.dense()?;
                (Domain::Text(values), Box::new(dense))
            }
            Interner::Instants(d, m) => {
                let (_, v) = m
                    .into_inner()
                    .map_err(|_| Error::io("internal error: interner poisoned"))?;
                // In time order, like text values in sorted order: codes that do not depend on
                // which thread met an instant first.
                let mut order: Vec<u32> = (0..v.len() as u32).collect();
                order.sort_unstable_by_key(|&c| v[c as usize]);
                let mut map = vec![0u32; v.len()];
                for (new, &old) in order.iter().enumerate() {
                    map[old as usize] = new as u32;
                }
                let sorted = order.iter().map(|&c| v[c as usize]).collect();
                (
                    Domain::Instants(d, sorted),
                    Box::new(move |c| {
                        if c == NULL_CODE {
                            NULL_CODE
                        } else {
                            map[c as usize]
                        }
                    }),
                )
            }
        })
    }
}

/// Codes for one batch: its distinct values are numbered locally first, without a lock
/// (batches run in parallel); `intern` then sees each distinct value of the batch once, with
/// its hash by `hasher`.
fn batch_codes<T: std::hash::Hash + Eq + Copy>(
    values: impl Iterator<Item = Option<T>>,
    n: usize,
    hasher: &impl BuildHasher,
    intern: impl FnOnce(&[(T, u64)]) -> PolarsResult<Vec<u32>>,
) -> PolarsResult<UInt32Chunked> {
    // Sized for the batch: a log's subjects are mostly distinct within one, and a table that
    // grew from empty rehashed several times per batch and column.
    let mut local: hashbrown::HashTable<u32> = hashbrown::HashTable::with_capacity(n);
    let mut distinct: Vec<(T, u64)> = Vec::new();
    let idx: Vec<u32> = values
        .map(|v| match v {
            None => NULL_CODE,
            Some(v) => {
                let h = hasher.hash_one(v);
                match local.entry(
                    h,
                    |i| distinct[*i as usize].0 == v,
                    |i| distinct[*i as usize].1,
                ) {
                    hashbrown::hash_table::Entry::Occupied(e) => *e.get(),
                    hashbrown::hash_table::Entry::Vacant(e) => {
                        let i = distinct.len() as u32;
                        e.insert(i);
                        distinct.push((v, h));
                        i
                    }
                }
            }
        })
        .collect();
    drop(local);
    let global = intern(&distinct)?;
    Ok(globally(&idx, &global))
}

/// [`batch_codes`] for text, with a batch's values told apart by their 16-byte views first: a
/// rule's output shares one view among the rows of each of its distinct values
/// (`transform::shared_views`), so a row costs a hash of its view, not of its text, and each
/// distinct view's text is hashed once, for `intern`. Equal views hold equal text (an inline
/// view holds the text itself; others its length, prefix, buffer and offset, within one
/// chunk); two views of one text are two entries that `intern` gives one code.
fn text_batch_codes(
    ca: &StringChunked,
    hasher: &InternHasher,
    intern: impl FnOnce(&[(&str, u64)]) -> PolarsResult<Vec<u32>>,
) -> PolarsResult<UInt32Chunked> {
    let n = ca.len();
    let by_view = PlRandomState::default();
    let mut local: hashbrown::HashTable<u32> = hashbrown::HashTable::with_capacity(n);
    let mut views: Vec<(usize, u128)> = Vec::new();
    let mut distinct: Vec<(&str, u64)> = Vec::new();
    let mut idx: Vec<u32> = Vec::with_capacity(n);
    use polars_arrow::array::Array as _;
    for (chunk, arr) in ca.downcast_iter().enumerate() {
        for (j, view) in arr.views().iter().enumerate() {
            if !arr.is_valid(j) {
                idx.push(NULL_CODE);
                continue;
            }
            let key = (chunk, view.as_u128());
            let h = by_view.hash_one(key);
            let i = match local.entry(
                h,
                |i| views[*i as usize] == key,
                |i| by_view.hash_one(views[*i as usize]),
            ) {
                hashbrown::hash_table::Entry::Occupied(e) => *e.get(),
                hashbrown::hash_table::Entry::Vacant(e) => {
                    let i = distinct.len() as u32;
                    e.insert(i);
                    views.push(key);
                    let v = arr.value(j);
                    distinct.push((v, hasher.hash_one(v)));
                    i
                }
            };
            idx.push(i);
        }
    }
    drop(local);
    let global = intern(&distinct)?;
    Ok(globally(&idx, &global))
}

/// A batch's local numbers (`NULL_CODE`: null) as the interner's codes.
fn globally(idx: &[u32], global: &[u32]) -> UInt32Chunked {
    idx.iter()
        .map(|&i| {
            Some(if i == NULL_CODE {
                NULL_CODE
            } else {
                global[i as usize]
            })
        })
        .collect()
}

/// An elementwise expression that replaces `name`'s values by their (streaming) codes.
fn interned(name: &str, alias: String, int: Arc<Interner>, blank_is_null: bool) -> Expr {
    col(name)
        .map(
            move |c: Column| {
                let n = c.len();
                let out = match &*int {
                    Interner::Instants(..) => {
                        let phys = c.to_physical_repr();
                        let hasher = PlRandomState::default();
                        batch_codes(phys.i64()?.iter(), n, &hasher, |d| int.instants(d))?
                    }
                    Interner::Text(t) => {
                        let s = c.cast(&DataType::String)?;
                        let ca = s.str()?;
                        // An empty text (a CSV's quoted `""`) is no subject and no sensitive
                        // value other than null: a spreadsheet reads both as blank.
                        if blank_is_null && ca.iter().any(|v| v == Some("")) {
                            let blanked: StringChunked =
                                ca.iter().map(|v| v.filter(|v| !v.is_empty())).collect();
                            text_batch_codes(&blanked, &t.hasher, |d| t.intern(d))?
                        } else {
                            text_batch_codes(ca, &t.hasher, |d| t.intern(d))?
                        }
                    }
                };
                Ok(out.with_name(c.name().clone()).into_column())
            },
            |_s: &Schema, f: &Field| Ok(Field::new(f.name().clone(), DataType::UInt32)),
        )
        .alias(alias)
}

/// The name of the grouper's (always false) output column.
const GROUPED: &str = "__tokumei_grouped";
/// Grouper shards: batches from several threads lock different shards.
const SHARDS: usize = 16;

/// The class table's group-by: distinct rows of `width` codes and how many input rows each
/// has, in shards chosen by hash. A key costs its codes, a 4-byte count and a 4-byte slot
/// (polars' row-encoded group-by held about four times that at 10M log rows).
struct Grouper {
    width: usize,
    hasher: PlRandomState,
    shards: Vec<Mutex<Shard>>,
}

#[derive(Default)]
struct Shard {
    /// `width` codes per group, back to back.
    keys: Vec<u32>,
    rows: Vec<u32>,
    table: hashbrown::HashTable<u32>,
    /// Groups of at most [`NARROW`] codes (a log's three quasi-identifiers and its subject)
    /// with their codes and rows in the table's own slots: a probe reads one slot, where the
    /// wide path reads its slot, then the group's codes and its count elsewhere (each a cache
    /// miss in a table of millions of groups).
    narrow: hashbrown::HashTable<Narrow>,
}

/// The most codes a group keeps in its slot.
const NARROW: usize = 4;

/// A narrow group: its codes (zeros past the grouper's width), its number in the order the
/// shard first saw it, and its rows.
#[derive(Clone, Copy)]
struct Narrow {
    key: [u32; NARROW],
    group: u32,
    rows: u32,
}

/// A row's codes padded to [`NARROW`].
fn narrow_key(key: &[u32]) -> [u32; NARROW] {
    let mut k = [0u32; NARROW];
    k[..key.len()].copy_from_slice(key);
    k
}

fn add_rows(r: &mut u32, n: u32) -> PolarsResult<()> {
    *r = r.checked_add(n).ok_or_else(
        || polars_err!(ComputeError: "a class has more than 4 billion rows; split the input"),
    )?;
    Ok(())
}

impl Shard {
    fn add(
        &mut self,
        width: usize,
        hasher: &PlRandomState,
        hash: u64,
        key: &[u32],
        n: u32,
    ) -> PolarsResult<()> {
        if width <= NARROW {
            let key = narrow_key(key);
            if let Some(g) = self.narrow.find_mut(hash, |g| g.key == key) {
                return add_rows(&mut g.rows, n);
            }
            let group = u32::try_from(self.narrow.len()).map_err(
                |_| polars_err!(ComputeError: "more than 4 billion classes in one shard"),
            )?;
            let g = Narrow {
                key,
                group,
                rows: n,
            };
            self.narrow
                .insert_unique(hash, g, |g| hasher.hash_one(g.key));
            return Ok(());
        }
        let Shard {
            keys, rows, table, ..
        } = self;
        let at = |g: u32| &keys[g as usize * width..(g as usize + 1) * width];
        if let Some(g) = table.find(hash, |g| at(*g) == key) {
            return add_rows(&mut rows[*g as usize], n);
        }
        let g = u32::try_from(rows.len())
            .map_err(|_| polars_err!(ComputeError: "more than 4 billion classes in one shard"))?;
        keys.extend_from_slice(key);
        rows.push(n);
        let keys = &*keys;
        table.insert_unique(hash, g, |g| {
            hasher.hash_one(&keys[*g as usize * width..(*g as usize + 1) * width])
        });
        Ok(())
    }
}

impl Grouper {
    fn new(width: usize) -> Grouper {
        Grouper {
            width,
            hasher: PlRandomState::default(),
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
        }
    }

    /// [`Grouper::add_batch`] from code columns (`UInt32`, no nulls).
    fn add_codes(&self, cols: &[Column], weights: Option<&[u32]>, n: usize) -> PolarsResult<()> {
        let codes = cols
            .iter()
            .map(|c| c.u32().map(|ca| ca.rechunk().into_owned()))
            .collect::<PolarsResult<Vec<_>>>()?;
        let slices = codes
            .iter()
            .map(|ca| {
                ca.cont_slice()
                    .map_err(|_| polars_err!(ComputeError: "internal error: null class code"))
            })
            .collect::<PolarsResult<Vec<&[u32]>>>()?;
        self.add_batch(&slices, weights, n)
    }

    /// Adds a batch of `n` rows, one slice of codes per column, each row counting as
    /// `weights[r]` input rows (1 without weights): the rows are hashed and sorted into shards
    /// first, then each shard is locked once, starting at a shard that depends on the batch so
    /// that two threads seldom wait for each other. (Counting a batch's keys in a table of its
    /// own first cost a second table per batch: a log's keys are mostly distinct within one.)
    fn add_batch(&self, columns: &[&[u32]], weights: Option<&[u32]>, n: usize) -> PolarsResult<()> {
        let w = self.width;
        let mut keys = vec![0u32; n * w];
        let mut hashes = Vec::with_capacity(n);
        let mut by_shard: Vec<Vec<u32>> = vec![Vec::new(); SHARDS];
        for r in 0..n {
            let key = &mut keys[r * w..(r + 1) * w];
            for (k, c) in key.iter_mut().zip(columns) {
                *k = c[r];
            }
            // The narrow path hashes the padded codes, as its table does when it grows.
            let hash = if w <= NARROW {
                self.hasher.hash_one(narrow_key(key))
            } else {
                self.hasher.hash_one(&*key)
            };
            hashes.push(hash);
            by_shard[shard_of(hash)].push(r as u32);
        }
        let start = hashes.first().map_or(0, |h| (*h >> 48) as usize);
        for i in 0..SHARDS {
            let s = (start + i) % SHARDS;
            if by_shard[s].is_empty() {
                continue;
            }
            let mut shard = self.shards[s]
                .lock()
                .map_err(|_| polars_err!(ComputeError: "internal error: grouper poisoned"))?;
            for &r in &by_shard[s] {
                let r = r as usize;
                let n = weights.map_or(1, |w| w[r]);
                shard.add(w, &self.hasher, hashes[r], &keys[r * w..(r + 1) * w], n)?;
            }
        }
        Ok(())
    }

    /// The groups as columns of codes, and the rows of each group.
    fn into_columns(self) -> Result<(Vec<Vec<u32>>, Vec<u32>)> {
        let w = self.width;
        let total: usize = self
            .shards
            .iter()
            .map(|s| s.lock().map_or(0, |s| s.rows.len() + s.narrow.len()))
            .sum();
        let mut columns: Vec<Vec<u32>> = (0..w).map(|_| Vec::with_capacity(total)).collect();
        let mut rows = Vec::with_capacity(total);
        for shard in self.shards {
            let shard = shard
                .into_inner()
                .map_err(|_| Error::io("internal error: grouper poisoned"))?;
            let Shard {
                keys,
                rows: n,
                table,
                narrow,
            } = shard;
            drop(table);
            if !narrow.is_empty() {
                // The groups in the order the shard first saw them, as the wide path keeps them.
                let base = rows.len();
                for col in columns.iter_mut() {
                    col.resize(base + narrow.len(), 0);
                }
                rows.resize(base + narrow.len(), 0);
                for g in narrow {
                    let at = base + g.group as usize;
                    for (c, col) in columns.iter_mut().enumerate() {
                        col[at] = g.key[c];
                    }
                    rows[at] = g.rows;
                }
            }
            for (g, n) in n.into_iter().enumerate() {
                for (c, col) in columns.iter_mut().enumerate() {
                    col.push(keys[g * w + c]);
                }
                rows.push(n);
            }
        }
        Ok((columns, rows))
    }
}

/// The grouper's shard of a key's hash: bits hashbrown uses for neither the bucket (the low
/// bits) nor the tag (the top seven). Shards chosen by the top bits left each shard's tags
/// three bits to tell keys apart, so most probes compared keys that only shared a tag.
fn shard_of(hash: u64) -> usize {
    (hash >> 40) as usize % SHARDS
}

/// The finest class table: one row per distinct (quasi-identifiers, subject, sensitive values),
/// columnar `u32` codes, sorted by subject so a subject's rows are contiguous.
#[derive(Debug, Clone)]
pub(crate) struct ClassTable {
    pub(crate) domains: Vec<Domain>,
    /// Per quasi-identifier, per table row.
    pub(crate) qi: Vec<Vec<u32>>,
    /// Per table row; empty without a subject column.
    pub(crate) subject: Vec<u32>,
    /// The subjects, indexed by code.
    pub(crate) subject_values: Arc<Strings>,
    /// Per sensitive attribute, per table row.
    pub(crate) sensitive: Vec<Vec<u32>>,
    /// Per sensitive attribute, per code, where the value stands among numbers when it reads
    /// as a number or a range of numbers (`12300`, `[10000,20000)`, `200000+`, `20-29`, `<30`;
    /// see [`numeric_key`]): t-closeness uses the ordered distance when every value present
    /// has one.
    pub(crate) sensitive_keys: Vec<Arc<[Option<NumericKey>]>>,
    /// Input rows per table row.
    pub(crate) rows: Vec<u32>,
    pub(crate) total_rows: u64,
    /// Distinct subjects (rows without a subject column).
    pub(crate) total_subjects: u64,
    /// Classes are counted in distinct subjects.
    pub(crate) by_subject: bool,
}

/// Each code's [`numeric_key`] (an instant's is itself).
fn sensitive_keys(d: &Domain) -> Arc<[Option<NumericKey>]> {
    match d {
        Domain::Instants(_, v) => v.iter().map(|x| Some((*x as f64, 0))).collect(),
        Domain::Text(values) => (0..values.len())
            .map(|c| values.get(c).and_then(numeric_key))
            .collect(),
    }
}

/// Where a value stands among numbers: the number, and -1 / 0 / 1 for just below it, at it
/// or just above it (see [`numeric_key`]).
pub(crate) type NumericKey = (f64, i8);

/// Where a value stands among numbers: a number (`12300`, `-4.5`), a range by its lower end
/// (`[10000,20000)`, `20-29`), a top code by its edge (`200000+`, `≥2008`, `90+`), a bottom
/// code just below its edge (`<30`, `≤1936`). `None` for anything else.
pub(crate) fn numeric_key(v: &str) -> Option<NumericKey> {
    let v = v.trim();
    let num = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
    if let Some(x) = num(v) {
        return Some((x, 0));
    }
    if let Some(r) = v
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(')').or_else(|| r.strip_suffix(']')))
    {
        let (a, b) = r.split_once(',')?;
        num(b)?;
        return Some((num(a)?, 0));
    }
    if let Some(a) = v
        .strip_suffix('+')
        .or_else(|| v.strip_prefix('≥'))
        .or_else(|| v.strip_prefix(">="))
    {
        return Some((num(a)?, 1));
    }
    if let Some(a) = v
        .strip_prefix('<')
        .or_else(|| v.strip_prefix('≤'))
        .or_else(|| v.strip_prefix("<="))
    {
        return Some((num(a)?, -1));
    }
    // A band `20-29` (not a negative number: that parsed above), its ends in order: `2020-01`
    // is a month, not a band from 2020 down to 1.
    let (a, b) = v.split_once('-')?;
    let (a, b) = (num(a)?, num(b)?);
    (a <= b).then_some((a, 0))
}

/// The values an interner collected, once the pass that fed it is over.
fn take_domain(int: Arc<Interner>) -> Result<(Domain, Remap)> {
    Arc::try_unwrap(int)
        .map_err(|_| Error::io("internal error: an interner is still shared"))?
        .into_domain()
}

/// The interners of a class table's columns, in the grouper's order: quasi-identifiers, subject,
/// sensitive attributes.
struct Coders {
    qi: Vec<Arc<Interner>>,
    subject: Option<Arc<Interner>>,
    sensitive: Vec<Arc<Interner>>,
}

impl Coders {
    /// The expressions that turn the columns of `spec` into streaming codes, in the grouper's
    /// order, and the interners behind them. A Datetime quasi-identifier keeps its instants.
    fn new(schema: &Schema, spec: &RiskSpec) -> (Vec<Expr>, Coders) {
        let mut exprs = Vec::new();
        // Quasi-identifiers are typed and keep an empty text apart from null (which only
        // makes classes smaller); a subject and a sensitive value read it as null.
        let mut add = |name: &str, alias: String, typed: bool| {
            let unit = match schema.get(name) {
                Some(d @ DataType::Datetime(..)) if typed => Some(d.clone()),
                _ => None,
            };
            let int = Arc::new(match unit {
                Some(u) => Interner::Instants(u, Mutex::default()),
                None => Interner::Text(TextInterner::default()),
            });
            exprs.push(interned(name, alias, int.clone(), !typed));
            int
        };
        let qi_ints: Vec<_> = spec
            .qis
            .iter()
            .enumerate()
            .map(|(i, q)| add(q, format!("__tokumei_q{i}"), true))
            .collect();
        let subject = spec
            .subject
            .as_ref()
            .map(|s| add(s, "__tokumei_subject".into(), false));
        let sensitive_ints: Vec<_> = spec
            .sensitive
            .iter()
            .enumerate()
            .map(|(i, s)| add(s, format!("__tokumei_x{i}"), false))
            .collect();
        (
            exprs,
            Coders {
                qi: qi_ints,
                subject,
                sensitive: sensitive_ints,
            },
        )
    }
}

/// A class table being built by a stream (see [`ClassTable::tap`]).
pub(crate) struct Tap {
    groups: Arc<Grouper>,
    coders: Coders,
    spec: RiskSpec,
}

impl Tap {
    /// The spec the table is built for.
    pub(crate) fn spec(&self) -> &RiskSpec {
        &self.spec
    }

    /// The table, once the stream has ended and its plan is dropped; `None` if the plan still
    /// holds the tap (the caller then builds the table from the written file).
    pub(crate) fn finish(self) -> Option<Result<ClassTable>> {
        let Tap {
            groups,
            coders,
            spec,
        } = self;
        let shared = Arc::strong_count(&groups) > 1
            || coders
                .qi
                .iter()
                .chain(&coders.subject)
                .chain(&coders.sensitive)
                .any(|c| Arc::strong_count(c) > 1);
        if shared {
            return None;
        }
        Some(ClassTable::from_groups(groups, coders, &spec))
    }
}

impl ClassTable {
    /// Streams `lf` once into the class table.
    pub(crate) fn build(lf: LazyFrame, spec: &RiskSpec) -> Result<ClassTable> {
        Self::build_weighted(lf, spec, None)
    }

    /// The class table from a table that is already grouped elsewhere (Spark's group-by of the
    /// staged data): `lf` has the columns [`ClassTable::build`] reads, and `rows` (a column
    /// name) says how many input rows each of its rows stands for. A row may repeat a key (a
    /// group-by's partial results); the counts add up. Zero or null counts are refused.
    pub(crate) fn build_grouped(lf: LazyFrame, spec: &RiskSpec, rows: &str) -> Result<ClassTable> {
        Self::build_weighted(lf, spec, Some(rows))
    }

    fn build_weighted(
        mut lf: LazyFrame,
        spec: &RiskSpec,
        weight: Option<&str>,
    ) -> Result<ClassTable> {
        let schema = lf
            .collect_schema()
            .map_err(|e| Error::io(format!("risk: {}", polars_message(&e))))?;
        let (mut exprs, coders) = Coders::new(&schema, spec);
        // Every row's codes go into the grouper; the expression yields no row, so the streaming
        // engine drives the scan to its end and nothing but the groups is kept.
        let width = exprs.len();
        if let Some(w) = weight {
            exprs.push(col(w).strict_cast(DataType::UInt32));
        }
        let groups = Arc::new(Grouper::new(width));
        let g = groups.clone();
        let weighted = weight.is_some();
        let grouped = map_multiple(
            move |cols: &mut [Column]| {
                let n = cols.first().map_or(0, Column::len);
                let cols: &[Column] = cols;
                let (cols, weights) = if weighted {
                    let (w, codes) = cols.split_last().expect("the weight column");
                    let w = w.u32()?.rechunk().into_owned();
                    if w.null_count() > 0 || w.iter().any(|n| n == Some(0)) {
                        polars_bail!(ComputeError: "a class of the grouped table has no row count");
                    }
                    (codes, Some(w))
                } else {
                    (cols, None)
                };
                let weights = weights.as_ref().map(|w| w.cont_slice()).transpose()?;
                g.add_codes(cols, weights, n)?;
                Ok(BooleanChunked::full(PlSmallStr::from_static(GROUPED), false, n).into_column())
            },
            exprs,
            |_s: &Schema, _f: &[Field]| {
                Ok(Field::new(
                    PlSmallStr::from_static(GROUPED),
                    DataType::Boolean,
                ))
            },
        );
        let plan = lf.select([grouped.alias(GROUPED)]).filter(col(GROUPED));
        super::collect(plan, "building the class table")?;
        Self::from_groups(groups, coders, spec)
    }

    /// `lf` as it is, with its class table built from the rows as they stream through (pass 1
    /// writing the staged file): [`Tap::finish`] gives the table [`ClassTable::build`] would
    /// give on the written file, without reading it back. The first column carries the tap: an
    /// elementwise function of every column the table reads, which passes that column on
    /// unchanged.
    pub(crate) fn tap(mut lf: LazyFrame, spec: &RiskSpec) -> Result<(LazyFrame, Tap)> {
        let schema = lf
            .collect_schema()
            .map_err(|e| Error::io(format!("risk: {}", polars_message(&e))))?;
        let Some((first, first_type)) = schema.get_at_index(0) else {
            return Err(Error::io("risk: the staged data has no column"));
        };
        let (first, first_type) = (first.clone(), first_type.clone());
        let (mut exprs, coders) = Coders::new(&schema, spec);
        let width = exprs.len();
        exprs.push(col(first.clone()));
        let groups = Arc::new(Grouper::new(width));
        let g = groups.clone();
        let name = first.clone();
        let tapped = map_multiple(
            move |cols: &mut [Column]| {
                let n = cols.first().map_or(0, Column::len);
                let (passed, codes) = cols.split_last().expect("the passed column");
                g.add_codes(codes, None, n)?;
                Ok(passed.clone())
            },
            exprs,
            move |_s: &Schema, _f: &[Field]| Ok(Field::new(name.clone(), first_type.clone())),
        );
        let mut select = vec![tapped.alias(first)];
        select.extend(schema.iter_names().skip(1).map(|n| col(n.clone())));
        Ok((
            lf.select(select),
            Tap {
                groups,
                coders,
                spec: spec.clone(),
            },
        ))
    }

    /// The table of what the grouper collected, once the pass that fed it is over.
    fn from_groups(groups: Arc<Grouper>, coders: Coders, spec: &RiskSpec) -> Result<ClassTable> {
        let Coders {
            qi: qi_ints,
            subject,
            sensitive: sensitive_ints,
        } = coders;
        let groups = Arc::try_unwrap(groups)
            .map_err(|_| Error::io("internal error: the class table is still shared"))?;
        let (mut columns, rows) = groups.into_columns()?;
        // Every column's streaming codes become its domain's codes (the grouper's columns are
        // in the interners' order: quasi-identifiers, subject, sensitive attributes).
        let n_qi = spec.qis.len();
        let has_subject = subject.is_some();
        let ints: Vec<Arc<Interner>> = qi_ints
            .into_iter()
            .chain(subject)
            .chain(sensitive_ints)
            .collect();
        let domains = ints
            .into_par_iter()
            .zip(columns.par_iter_mut())
            .map(|(int, c)| {
                let (domain, dense) = take_domain(int)?;
                c.iter_mut().for_each(|code| *code = dense(*code));
                Ok(domain)
            })
            .collect::<Result<Vec<Domain>>>()?;
        let mut domains = domains.into_iter();
        let qi_domains: Vec<Domain> = domains.by_ref().take(n_qi).collect();
        let subject_domain = if has_subject { domains.next() } else { None };
        // Sorted by subject, so a subject's rows are contiguous.
        if has_subject {
            // (subject, row) pairs sorted together: sorting row numbers by a subject looked up
            // elsewhere missed the cache on every comparison.
            let mut pairs: Vec<(u32, u32)> = columns[n_qi]
                .iter()
                .zip(0u32..)
                .map(|(s, j)| (*s, j))
                .collect();
            pairs.par_sort_unstable();
            let order: Vec<u32> = pairs.into_iter().map(|(_, j)| j).collect();
            for c in &mut columns {
                *c = order.iter().map(|&j| c[j as usize]).collect();
            }
            columns.push(order.iter().map(|&j| rows[j as usize]).collect());
        } else {
            columns.push(rows);
        }
        let rows = columns.pop().expect("the rows column");
        let mut columns = columns.into_iter();
        let qi: Vec<Vec<u32>> = columns.by_ref().take(n_qi).collect();
        let subject_codes = match has_subject {
            true => columns.next().expect("the subject column"),
            false => Vec::new(),
        };
        let sensitive: Vec<Vec<u32>> = columns.collect();
        let sensitive_keys = domains.map(|d| sensitive_keys(&d)).collect();
        let subject_values = match subject_domain {
            Some(Domain::Text(v)) => v,
            _ => Strings::default(),
        };
        let domains = qi_domains;
        let total_rows = rows.iter().map(|r| u64::from(*r)).sum();
        let total_subjects = if spec.subject.is_some() {
            distinct_sorted(&subject_codes)
        } else {
            total_rows
        };
        Ok(ClassTable {
            domains,
            qi,
            subject: subject_codes,
            subject_values: Arc::new(subject_values),
            sensitive,
            sensitive_keys,
            rows,
            total_rows,
            total_subjects,
            by_subject: spec.subject.is_some(),
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }
}

fn distinct_sorted(v: &[u32]) -> u64 {
    if v.is_empty() {
        return 0;
    }
    1 + v.windows(2).filter(|w| w[0] != w[1]).count() as u64
}

/// Every quasi-identifier's [`level_maps`], one per thread. The search and an evaluation after
/// it ([`Nodes::for_node`]) can share one set (4 bytes per distinct value and level).
pub(crate) fn all_level_maps(t: &ClassTable, h: &[Option<Hierarchy>]) -> Vec<LevelMaps> {
    t.domains
        .par_iter()
        .zip(h)
        .map(|(d, h)| level_maps(d, h.as_ref()))
        .collect()
}

/// Per level: each value code's generalised code, and how many generalised codes there are.
pub(crate) type LevelMaps = Vec<(Vec<u32>, u32)>;

/// Generalised codes of every level of one quasi-identifier, computed once per distinct value.
/// The levels are independent, so they are built in parallel (an IP column's hundreds of
/// thousands of values over five levels were one thread's 0.4 s at 10M log rows).
fn level_maps(domain: &Domain, h: Option<&Hierarchy>) -> LevelMaps {
    let max = h.map_or(0, Hierarchy::max_level);
    (0..=max)
        .into_par_iter()
        .map(|level| level_map(domain, h, level))
        .collect()
}

/// The level maps one node needs: each quasi-identifier's map at the node's level, the other
/// levels left empty (`(vec![], 0)`). A node evaluated after the search (a coarser node tried
/// for the traces) builds these instead of every level: at 10M log rows, 0.3 s of maps and a
/// loss model over every level became a few tens of ms.
pub(crate) fn node_level_maps(
    t: &ClassTable,
    h: &[Option<Hierarchy>],
    levels: &[usize],
) -> Vec<LevelMaps> {
    t.domains
        .par_iter()
        .zip(h)
        .zip(levels)
        .map(|((d, h), &at)| {
            let max = h.as_ref().map_or(0, Hierarchy::max_level);
            (0..=max)
                .map(|level| {
                    if level == at {
                        level_map(d, h.as_ref(), level)
                    } else {
                        (Vec::new(), 0)
                    }
                })
                .collect()
        })
        .collect()
}

/// Each value code's generalised code at `level`, and how many generalised codes there are.
fn level_map(domain: &Domain, h: Option<&Hierarchy>, level: usize) -> (Vec<u32>, u32) {
    let mut seen: PlHashMap<Option<String>, u32> = PlHashMap::default();
    let mut code = |k: Option<String>| {
        let n = seen.len() as u32;
        *seen.entry(k).or_insert(n)
    };
    let map: Vec<u32> = match (domain, h) {
        // A domain's values are distinct, and level 0 is each value as it is.
        (Domain::Text(values), Some(_)) if level == 0 => (0..values.len() as u32).collect(),
        // The top level is `*`: one code for every value.
        (Domain::Text(values), Some(h)) if level >= h.max_level() && values.len() > 0 => {
            code(Some(crate::transform::levels::SUPPRESSED.to_string()));
            vec![0; values.len()]
        }
        (Domain::Text(values), Some(h)) => values
            .iter()
            .map(|v| code(Some(h.apply(v, level))))
            .collect(),
        (Domain::Text(values), None) => (0..values.len() as u32).collect(),
        (Domain::Instants(dtype, values), Some(h @ Hierarchy::Timestamp(_))) => {
            let DataType::Datetime(unit, _) = dtype else {
                unreachable!("instants are datetimes")
            };
            let per_ms = crate::transform::timestamp::per_ms(*unit);
            if level == 0 {
                (0..values.len() as u32).collect()
            } else {
                // `*` is a null instant, as in the rewritten file: the null class.
                values
                    .iter()
                    .map(|v| match h.truncate_ms(v.div_euclid(per_ms), level) {
                        Some(m) => code(Some(m.to_string())),
                        None => NULL_CODE,
                    })
                    .collect()
            }
        }
        (Domain::Instants(_, values), h) => values
            .iter()
            .map(|v| match h {
                Some(h) => code(Some(h.apply(&v.to_string(), level))),
                None => code(Some(v.to_string())),
            })
            .collect(),
    };
    let size = if level == 0 && seen.is_empty() {
        map.len() as u32
    } else {
        seen.len() as u32
    };
    (map, size)
}

/// What suppression would take at one lattice node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NodeEval {
    /// Suppressed rows as a share of all; with a subject column, the larger of that and the
    /// suppressed subjects' share.
    pub(crate) share: f64,
    pub(crate) rows: u64,
    pub(crate) subjects: u64,
    /// ARX's Loss at this node with this suppression (when evaluated with a [`LossModel`]).
    pub(crate) arx_loss: f64,
}

/// Numbers the classes of `n` table rows densely: `key(c, j)` is column c's code of row j,
/// below `radix[c]`. Codes are packed into one integer and sorted when the key space fits 64
/// bits, hashed when it fits 128 bits, otherwise combined pairwise.
pub(crate) fn number_classes(
    n: usize,
    radix: &[u128],
    key: impl Fn(usize, usize) -> u128,
) -> (Vec<u32>, usize) {
    // Keys that pack into 64 bits are numbered by sorting: 16 bytes a row while it runs. A hash
    // map of 128-bit keys took 33 bytes a class, doubled while it grew (415 MB at 30M log rows).
    // Numbered in key order, so the numbers do not depend on the table's row order (which
    // follows the group-by's threads): what is listed by class (the smallest classes) is the
    // same on every run, one quasi-identifier or several.
    if !radix.is_empty()
        && let Some(keys) = pack_u64(n, radix, &key)
    {
        return sorted_numbers(keys);
    }
    let fits = radix
        .iter()
        .try_fold(1u128, |acc, r| acc.checked_mul(*r))
        .is_some();
    let mut dense: PlHashMap<u128, u32> = PlHashMap::default();
    let mut number = |k: u128| {
        let next = dense.len() as u32;
        *dense.entry(k).or_insert(next)
    };
    let class_of: Vec<u32> = if fits || radix.len() < 2 {
        let first: Vec<u32> = (0..n)
            .map(|j| number((0..radix.len()).fold(0u128, |acc, c| acc * radix[c] + key(c, j))))
            .collect();
        // Renumbered in key order (see above).
        let mut keys: Vec<(u128, u32)> = dense.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        let mut order = vec![0u32; keys.len()];
        for (i, (_, v)) in keys.iter().enumerate() {
            order[*v as usize] = i as u32;
        }
        first.into_iter().map(|c| order[c as usize]).collect()
    } else {
        let mut keys: Vec<u32> = (0..n).map(|j| key(0, j) as u32).collect();
        for c in 1..radix.len() {
            let mut pairs: PlHashMap<(u32, u32), u32> = PlHashMap::default();
            for (j, k) in keys.iter_mut().enumerate() {
                let next = pairs.len() as u32;
                *k = *pairs.entry((*k, key(c, j) as u32)).or_insert(next);
            }
        }
        keys.into_iter().map(|k| number(u128::from(k))).collect()
    };
    (class_of, dense.len())
}

/// Every row's key packed into one `u64` (mixed radix), or `None` when the key space does not
/// fit 64 bits.
fn pack_u64(n: usize, radix: &[u128], key: &impl Fn(usize, usize) -> u128) -> Option<Vec<u64>> {
    let r64: Vec<u64> = radix
        .iter()
        .map(|r| u64::try_from(*r).ok())
        .collect::<Option<_>>()?;
    r64.iter().try_fold(1u64, |acc, r| acc.checked_mul(*r))?;
    let mut keys = vec![0u64; n];
    for (c, r) in r64.iter().enumerate() {
        for (j, k) in keys.iter_mut().enumerate() {
            // Below its radix, so it fits (the product of the radixes does).
            *k = *k * r + key(c, j) as u64;
        }
    }
    Some(keys)
}

/// Numbers keys densely in the order of the keys: equal keys get equal numbers. When the row
/// number fits beside the key (key × rows + row below 2^64, as at 30M log rows), the keys are
/// sorted with their rows in place, 8 bytes a row: sorting row numbers by a key looked up
/// elsewhere missed the cache on every comparison (at 10M log rows, 2.2M table rows took about
/// 0.5 s). Otherwise the row numbers are sorted by key.
fn sorted_numbers(keys: Vec<u64>) -> (Vec<u32>, usize) {
    let n = keys.len();
    // A key space no larger than twice the rows (a coarse node: days × /8 networks × browser
    // families) is numbered by marking each key present and ranking the marks: no sort, and
    // its table of marks is no larger than the sort's packed keys.
    let space = keys
        .iter()
        .max()
        .map_or(Some(0), |m| usize::try_from(*m).ok()?.checked_add(1));
    if let Some(space) = space.filter(|s| *s <= (2 * n).max(1 << 20)) {
        return ranked_numbers(&keys, space);
    }
    sorted_numbers_by_sort(keys)
}

/// [`sorted_numbers`] over keys below `space`: each key's class is its rank among the keys
/// present, so classes are numbered in key order, as the sort numbers them.
fn ranked_numbers(keys: &[u64], space: usize) -> (Vec<u32>, usize) {
    let mut rank = vec![0u32; space];
    for k in keys {
        rank[*k as usize] = 1;
    }
    let mut classes = 0u32;
    for r in &mut rank {
        let present = *r;
        *r = classes;
        classes += present;
    }
    let class_of: Vec<u32> = keys.par_iter().map(|k| rank[*k as usize]).collect();
    (class_of, classes as usize)
}

fn sorted_numbers_by_sort(mut keys: Vec<u64>) -> (Vec<u32>, usize) {
    let n = keys.len();
    let mut class_of = vec![0u32; n];
    let mut classes = 0usize;
    let mut previous = None;
    let mut number = |k: u64, j: usize| {
        if previous != Some(k) {
            classes += 1;
            previous = Some(k);
        }
        class_of[j] = (classes - 1) as u32;
    };
    let rows = n as u64;
    let fits = keys
        .iter()
        .max()
        .is_some_and(|m| m.checked_add(1).and_then(|m| m.checked_mul(rows)).is_some());
    if fits {
        keys.iter_mut()
            .zip(0u64..)
            .for_each(|(k, j)| *k = *k * rows + j);
        keys.par_sort_unstable();
        for packed in keys {
            number(packed / rows, (packed % rows) as usize);
        }
    } else {
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.par_sort_unstable_by_key(|&j| keys[j as usize]);
        for j in order {
            number(keys[j as usize], j as usize);
        }
    }
    (class_of, classes)
}

/// Each listed table row's class at `levels` packed into one `u64` (mixed radix over the
/// quasi-identifiers' generalised codes, the null code last), or `None` when the key space does
/// not fit 64 bits. `rows`: the table rows to key (`None`: all of them, in order).
fn packed_keys(
    t: &ClassTable,
    maps: &[LevelMaps],
    levels: &[usize],
    rows: Option<&[u32]>,
) -> Option<Vec<u64>> {
    let radix: Vec<u64> = maps
        .iter()
        .zip(levels)
        .map(|(m, l)| u64::from(m[*l].1) + 1)
        .collect();
    radix.iter().try_fold(1u64, |acc, r| acc.checked_mul(*r))?;
    let n = rows.map_or(t.len(), <[u32]>::len);
    let mut keys = vec![0u64; n];
    for ((m, l), (codes, r)) in maps.iter().zip(levels).zip(t.qi.iter().zip(&radix)) {
        let map = &m[*l].0;
        let push = |k: &mut u64, code: u32| {
            let g = if code == NULL_CODE {
                NULL_CODE
            } else {
                map[code as usize]
            };
            let g = if g == NULL_CODE { r - 1 } else { u64::from(g) };
            *k = *k * r + g;
        };
        // The inner loop runs over rows, one column at a time.
        match rows {
            None => keys.iter_mut().zip(codes).for_each(|(k, c)| push(k, *c)),
            Some(rows) => keys
                .iter_mut()
                .zip(rows)
                .for_each(|(k, j)| push(k, codes[*j as usize])),
        }
    }
    Some(keys)
}

/// Row suppression's cascade: every subject in a class of fewer than `k` subjects goes, with
/// all its rows, which shrinks the other classes it was in; until no class left is small.
/// The null subject (rows without one) counts as one subject in each class it is in, but is
/// nobody's trace: only its rows in the small class go, and no other class shrinks.
/// `subject[j]`: table row j's subject (rows grouped by subject); `gone` has a slot per subject
/// and the null subject last (never marked). Marks `gone` and returns how many subjects went
/// and which classes were emptied, or `None` (nothing marked) when a subject's rows are not
/// together. Past `stop` subjects it stops (a node that takes more than the budget need not be
/// worked out).
///
/// Worked off class by class: a class that turns small is queued once, its subjects go, and
/// each class they were in loses one subject. The subjects that go are the same as in rounds
/// over the whole table (sizes only fall, so a class once small stays small or empty, and
/// either way ends with every subject that must go and no other), at one pass over the table
/// and each removed subject's rows, where rounds took up to 16 passes at 10M log rows.
fn cascade_closure(
    class_of: &[u32],
    nc: usize,
    subject: &[u32],
    k: u64,
    gone: &mut [bool],
    stop: u64,
) -> Option<(u64, Vec<bool>)> {
    let n = class_of.len();
    // The null subject has the last slot.
    let null = gone.len() - 1;
    let subject = |j: usize| match subject[j] {
        NULL_CODE => null,
        s => s as usize,
    };
    // Each subject's rows must be one run: `gone` (all false on entry) marks the runs seen.
    let mut j = 0;
    while j < n {
        let s = subject(j);
        if std::mem::replace(&mut gone[s], true) {
            gone.iter_mut().for_each(|g| *g = false);
            return None;
        }
        while j < n && subject(j) == s {
            j += 1;
        }
    }
    gone.iter_mut().for_each(|g| *g = false);
    // Distinct subjects per class; `mark[c]`: the last subject counted in, or taken out of, c
    // (slots are below 2^32 - 1: a table has fewer than 2^32 rows).
    let mut size = vec![0u32; nc];
    let mut mark = vec![u32::MAX; nc];
    for (j, c) in class_of.iter().enumerate() {
        let (c, s) = (*c as usize, subject(j) as u32);
        if mark[c] != s {
            mark[c] = s;
            size[c] += 1;
        }
    }
    // The rows of each class, grouped (counting sort).
    let mut at = vec![0u32; nc + 1];
    for c in class_of {
        at[*c as usize + 1] += 1;
    }
    for c in 0..nc {
        at[c + 1] += at[c];
    }
    let mut fill = at.clone();
    let mut members = vec![0u32; n];
    for (j, c) in class_of.iter().enumerate() {
        let f = &mut fill[*c as usize];
        members[*f as usize] = j as u32;
        *f += 1;
    }
    drop(fill);
    let small = |z: u32| z > 0 && u64::from(z) < k;
    let mut queued: Vec<bool> = size.iter().map(|z| small(*z)).collect();
    let mut queue: Vec<u32> = (0..nc as u32).filter(|c| queued[*c as usize]).collect();
    mark.iter_mut().for_each(|m| *m = u32::MAX);
    let mut went = 0u64;
    // Every class queued is emptied: its subjects go with all their rows, and its null rows.
    while let Some(c) = queue.pop() {
        let c = c as usize;
        for &j in &members[at[c] as usize..at[c + 1] as usize] {
            let s = subject(j as usize);
            if s == null || gone[s] {
                continue;
            }
            gone[s] = true;
            went += 1;
            if went > stop {
                return Some((went, queued));
            }
            // The subject's run of rows, around row j.
            let (mut a, mut b) = (j as usize, j as usize + 1);
            while a > 0 && subject(a - 1) == s {
                a -= 1;
            }
            while b < n && subject(b) == s {
                b += 1;
            }
            for &d in &class_of[a..b] {
                let d = d as usize;
                if mark[d] == s as u32 {
                    continue;
                }
                mark[d] = s as u32;
                size[d] -= 1;
                if !queued[d] && small(size[d]) {
                    queued[d] = true;
                    queue.push(d as u32);
                }
            }
        }
    }
    Some((went, queued))
}

/// Evaluates one node: what local suppression would remove there. Classes are the generalised
/// codes packed into one integer key, then numbered densely. With a subject column and row
/// suppression, removing a subject's rows can shrink other classes below k, so the evaluation
/// repeats (as the suppression itself does) until no class is left below the thresholds; the
/// share is then exact, and still monotone (a coarser node's classes are supersets).
/// Returns what row suppression removes when asked: the subjects (by code; the last slot,
/// the null subject's, stays false) and the table rows without a subject that go with their
/// class. `stop`: a share of subjects past which the cascade may stop (the search's budget: a node
/// that needs more is infeasible whatever it would need in the end). The share it gives is then
/// above `stop` and no more than the node needs.
fn evaluate(
    t: &ClassTable,
    maps: &[LevelMaps],
    levels: &[usize],
    th: &Target,
    want_set: bool,
    model: Option<(&LossModel, f64)>,
    stop: Option<f64>,
) -> (NodeEval, Option<Removed>) {
    let n = t.len();
    let cols: Vec<(&[u32], &[u32], u128)> = maps
        .iter()
        .zip(levels)
        .zip(&t.qi)
        .map(|((m, l), codes)| {
            let (map, size) = &m[*l];
            (map.as_slice(), codes.as_slice(), u128::from(*size) + 1)
        })
        .collect();
    let code_of = |c: &(&[u32], &[u32], u128), j: usize| -> u128 {
        let code = c.1[j];
        let g = if code == NULL_CODE {
            NULL_CODE
        } else {
            c.0[code as usize]
        };
        if g == NULL_CODE {
            c.2 - 1
        } else {
            u128::from(g)
        }
    };
    let radix: Vec<u128> = cols.iter().map(|c| c.2).collect();
    // Numbered by sorting, not hashing: a hash map of the keys grew to some 200 MB while it
    // doubled at 30M log rows, on each of the two nodes evaluated at once.
    let (class_of, nc) = if let Some(keys) = packed_keys(t, maps, levels, None) {
        sorted_numbers(keys)
    } else {
        number_classes(n, &radix, |c, j| code_of(&cols[c], j))
    };
    let by_subject = t.by_subject;
    let slot = |s: u32| {
        if s == NULL_CODE {
            t.subject_values.len()
        } else {
            s as usize
        }
    };
    let mut gone = vec![
        false;
        if by_subject {
            t.subject_values.len() + 1
        } else {
            0
        }
    ];
    let cascade = by_subject && th.suppress == Suppress::Rows;
    let l_min = th.min_l.filter(|l| *l > 1);
    let (mut rows, mut subjects) = (0u64, 0u64);
    // With the cascade: the classes whose null-subject rows go (see `cascade_closure`).
    let mut null_out = vec![false; if cascade { nc } else { 0 }];
    // The classes found small in the last round (one round without the cascade).
    let mut last_bad: Vec<bool> = Vec::new();
    // Past this many subjects the cascade may stop (see `stop`).
    let stop = stop.map_or(u64::MAX, |b| {
        (b.max(0.0) * t.total_subjects as f64).floor() as u64
    });
    // The cascade without l-diversity is worked off class by class (`cascade_closure`); with
    // it, and without the cascade, in rounds over the whole table below.
    let worked = cascade && l_min.is_none() && {
        match cascade_closure(&class_of, nc, &t.subject, th.k, &mut gone, stop) {
            Some((n, emptied)) => {
                subjects = n;
                null_out = emptied;
                true
            }
            None => false,
        }
    };
    loop {
        if worked {
            break;
        }
        // Class sizes over what is left.
        let mut size = vec![0u64; nc];
        let mut last = vec![NULL_CODE; nc];
        let mut seen = vec![false; nc];
        for (j, c) in class_of.iter().enumerate() {
            let c = *c as usize;
            if by_subject {
                let s = t.subject[j];
                if row_gone(t, &gone, &null_out, &class_of, j) {
                    continue;
                }
                if !seen[c] || last[c] != s {
                    size[c] += 1;
                    last[c] = s;
                    seen[c] = true;
                }
            } else {
                size[c] += u64::from(t.rows[j]);
            }
        }
        let mut l_of: Vec<Vec<u64>> = Vec::new();
        if l_min.is_some() {
            for s in &t.sensitive {
                // Of each (class, value): the distinct subjects holding it, and the last one
                // counted (rows come grouped by subject); without a subject, rows.
                let mut pairs: PlHashMap<(u32, u32), (u64, u32)> = PlHashMap::default();
                for j in 0..n {
                    if by_subject && row_gone(t, &gone, &null_out, &class_of, j) {
                        continue;
                    }
                    let h = pairs.entry((class_of[j], s[j])).or_insert((0, u32::MAX));
                    if by_subject && (h.0 == 0 || h.1 != t.subject[j]) {
                        h.0 += 1;
                        h.1 = t.subject[j];
                    }
                }
                let mut per = vec![0u64; nc];
                let mut certain = vec![false; nc];
                for ((c, _), (holders, _)) in pairs {
                    per[c as usize] += 1;
                    // A value every subject of the class holds is certain for each of them (see
                    // `risk::measures_of`): the class is 1-diverse.
                    certain[c as usize] |= by_subject && holders >= size[c as usize];
                }
                for (p, sure) in per.iter_mut().zip(certain) {
                    if sure {
                        *p = 1;
                    }
                }
                l_of.push(per);
            }
        }
        let bad: Vec<bool> = (0..nc)
            .map(|c| {
                size[c] > 0
                    && (size[c] < th.k || l_min.is_some_and(|l| l_of.iter().any(|p| p[c] < l)))
            })
            .collect();
        if !cascade {
            last_bad.clone_from(&bad);
            // One round: the rows in small classes (and their subjects, counted once).
            let mut last_marked: Option<u32> = None;
            for j in 0..n {
                if !bad[class_of[j] as usize] {
                    continue;
                }
                rows += u64::from(t.rows[j]);
                if by_subject && last_marked != Some(t.subject[j]) {
                    subjects += 1;
                    last_marked = Some(t.subject[j]);
                }
            }
            break;
        }
        // Rows: every row of the subjects in small classes goes, and the class's rows without
        // a subject; then look again.
        let mut marked = Vec::new();
        let mut fresh = false;
        for (c, subject) in class_of.iter().zip(&t.subject) {
            let c = *c as usize;
            if !bad[c] {
                continue;
            }
            if *subject == NULL_CODE {
                fresh |= !std::mem::replace(&mut null_out[c], true);
                continue;
            }
            let s = slot(*subject);
            if !gone[s] {
                marked.push(s);
            }
        }
        for s in marked {
            if !gone[s] {
                gone[s] = true;
                subjects += 1;
                fresh = true;
            }
        }
        if !fresh || subjects > stop {
            break;
        }
    }
    // Under the cascade, whether table row j goes.
    let out = |j: usize| row_gone(t, &gone, &null_out, &class_of, j);
    let mut null_rows: Vec<u32> = Vec::new();
    if cascade {
        let (mut null_total, mut null_gone) = (0u64, 0u64);
        for j in 0..n {
            let r = u64::from(t.rows[j]);
            if t.subject[j] == NULL_CODE {
                null_total += r;
                if out(j) {
                    null_gone += r;
                    null_rows.push(j as u32);
                }
            } else if out(j) {
                rows += r;
            }
        }
        rows += null_gone;
        // The null subject is gone from the data when all its rows are.
        if null_total > 0 && null_gone == null_total {
            subjects += 1;
        }
    }
    if !by_subject {
        subjects = rows;
    }
    // With a subject, the larger of the subjects' and the rows' shares: a subject may hold many
    // rows (a heavy visitor; the null subject holds every row without one), and the budget
    // bounds both. Both shares are monotone, so the search stays exact.
    let row_share = rows as f64 / t.total_rows.max(1) as f64;
    let share = if by_subject {
        (subjects as f64 / t.total_subjects.max(1) as f64).max(row_share)
    } else {
        row_share
    };
    // The loss only matters within the budget (the second element).
    let arx_loss = model
        .filter(|(_, budget)| share <= *budget)
        .map_or(0.0, |(m, _)| {
            m.loss(t, maps, levels, |j| {
                if cascade {
                    out(j)
                } else {
                    last_bad.get(class_of[j] as usize).copied().unwrap_or(false)
                }
            })
        });
    (
        NodeEval {
            share,
            rows,
            subjects,
            arx_loss,
        },
        (want_set && cascade).then_some(Removed { gone, null_rows }),
    )
}

/// Whether table row `j` (of a table with a subject) is suppressed: its subject went, or it has
/// none and its class (`class_of[j]`) was emptied (see `cascade_closure`).
fn row_gone(t: &ClassTable, gone: &[bool], null_out: &[bool], class_of: &[u32], j: usize) -> bool {
    match t.subject[j] {
        NULL_CODE => null_out.get(class_of[j] as usize) == Some(&true),
        s => gone[s as usize],
    }
}

/// What row suppression with a subject removes at a node (see [`evaluate`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Removed {
    /// Per subject code, the null subject's slot last (never set: see `null_rows`).
    pub(crate) gone: Vec<bool>,
    /// Table rows without a subject whose class was emptied, in table order.
    pub(crate) null_rows: Vec<u32>,
}

/// The classes of an evaluated node, for rolling coarser nodes up from it: per class a
/// representative table row and its rows. Only for row-counted k without l-diversity, where a
/// class's figures are sums over the finer classes it merges.
pub(crate) struct Groups {
    rep: Vec<u32>,
    rows: Vec<u64>,
}

impl Groups {
    /// The finest node: every table row is a class of its own (the table has one row per
    /// distinct combination when there is no subject and no sensitive attribute).
    fn bottom(t: &ClassTable) -> Groups {
        Groups {
            rep: (0..t.len() as u32).collect(),
            rows: t.rows.iter().map(|r| u64::from(*r)).collect(),
        }
    }

    fn len(&self) -> usize {
        self.rep.len()
    }
}

/// Whether nodes can be rolled up from coarser-grained groups (see [`Groups`]).
/// Also: the finest node's packed keys fit 64 bits (coarser nodes' radices are no larger).
fn rolls_up(t: &ClassTable, th: &Target) -> bool {
    !t.by_subject
        && th.min_l.is_none_or(|l| l <= 1)
        && t.sensitive.is_empty()
        && t.domains
            .iter()
            .try_fold(1u64, |acc, d| acc.checked_mul(d.len() as u64 + 1))
            .is_some()
}

/// Evaluates a node from the groups of a node it generalises (every level at least as coarse,
/// along steps that nest): each finer class maps as a whole to one class here, so class sizes,
/// suppression and ARX's Loss are sums over the finer classes, not over the table's rows.
/// Returns the evaluation and this node's groups.
fn evaluate_groups(
    t: &ClassTable,
    maps: &[LevelMaps],
    levels: &[usize],
    th: &Target,
    parent: &Groups,
    model: Option<(&LossModel, f64)>,
) -> (NodeEval, Groups) {
    let np = parent.len();
    // The search rolls up only when the finest node's keys fit 64 bits, so every node's do.
    let Some(keys) = packed_keys(t, maps, levels, Some(&parent.rep)) else {
        unreachable!("roll-up is used only when keys fit 64 bits")
    };
    let mut dense: PlHashMap<u64, u32> =
        PlHashMap::with_capacity_and_hasher(np, Default::default());
    let mut groups = Groups {
        rep: Vec::new(),
        rows: Vec::new(),
    };
    let class_of: Vec<u32> = keys
        .iter()
        .zip(parent.rep.iter().zip(&parent.rows))
        .map(|(k, (rep, rows))| {
            let next = dense.len() as u32;
            let c = *dense.entry(*k).or_insert(next);
            if c == next {
                groups.rep.push(*rep);
                groups.rows.push(0);
            }
            groups.rows[c as usize] += rows;
            c
        })
        .collect();
    let bad: Vec<bool> = groups.rows.iter().map(|r| *r < th.k).collect();
    let rows: u64 = groups
        .rows
        .iter()
        .zip(&bad)
        .filter(|(_, b)| **b)
        .map(|(r, _)| *r)
        .sum();
    let share = rows as f64 / t.total_rows.max(1) as f64;
    let arx_loss = model
        .filter(|(_, budget)| share <= *budget)
        .map_or(0.0, |(m, _)| {
            m.loss_weighted(
                t,
                maps,
                levels,
                (0..np)
                    .filter(|p| bad[class_of[*p] as usize])
                    .map(|p| (parent.rep[p] as usize, parent.rows[p])),
            )
        });
    (
        NodeEval {
            share,
            rows,
            subjects: rows,
            arx_loss,
        },
        groups,
    )
}

/// What the search minimises (`metric` in the job's risk section).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Metric {
    /// Mean normalised generalisation level plus the suppressed share.
    #[default]
    Levels,
    /// ARX's Loss.
    Loss,
}

pub(crate) const ARX_LOSS_METRIC: &str = "ARX's Loss (Iyengar's generalised loss metric as ARX's MetricMDNMLoss computes it): per cell the share of the attribute's domain its generalised value covers, normalised per attribute to 0 (as delivered) .. 1 (`*`), a suppressed cell counting 1, then the geometric mean over the quasi-identifiers (ARX's default: gs-factor 0.5, equal weights)";

/// ARX's Loss metric on a class table. Per quasi-identifier a, with N rows and domain size D
/// (the values of its hierarchy table, or the distinct values of the data for built-in
/// levels), each cell covers share = (values under its label) / D, a suppressed or null cell
/// 1; R_a sums the cells, and v_a = (R_a − N/D) / (N − N/D), which is 0 when nothing is
/// generalised and 1 when everything is `*`. The loss is (Π (1 + v_a))^(1/n) − 1.
/// Loss sums are kept in fixed point (units of 2^-40): a cell's share is rounded once, then
/// multiplied by its rows as an integer, so the sums are exact and the same whatever the order
/// or grouping of the class table's rows (a table grouped elsewhere, Spark's; classes rolled up
/// from a finer node's): the same node always has the same loss to the last digit, and the
/// search's choices cannot differ by a rounding. Sums stay far inside `i128`.
const FIXED: f64 = (1u64 << 40) as f64;

fn fixed(x: f64) -> i128 {
    (x * FIXED) as i128
}

fn unfixed(x: i128) -> f64 {
    x as f64 / FIXED
}

pub(crate) struct LossModel {
    /// [qi][level][generalised code] share of the domain (level 0 is 1/D for every value).
    share: Vec<Vec<Vec<f64>>>,
    /// [qi][level] Σ rows × share over the whole table (nothing suppressed), in [`Fixed`].
    base: Vec<Vec<i128>>,
    /// [qi] D.
    size: Vec<f64>,
    rows: f64,
}

impl LossModel {
    pub(crate) fn new(t: &ClassTable, h: &[Option<Hierarchy>], maps: &[LevelMaps]) -> LossModel {
        LossModel::at(t, h, maps, None)
    }

    /// With `only`: the model of that one node (its levels' shares and sums; the other levels
    /// are left empty, as [`node_level_maps`] leaves their maps).
    fn at(
        t: &ClassTable,
        h: &[Option<Hierarchy>],
        maps: &[LevelMaps],
        only: Option<&[usize]>,
    ) -> LossModel {
        let mut share = Vec::new();
        let mut base = Vec::new();
        let mut size = Vec::new();
        for (a, (m, hh)) in maps.iter().zip(h).enumerate() {
            let values = t.domains[a].len();
            let d = match hh {
                Some(Hierarchy::Table(tab)) => tab.size(),
                _ => values,
            }
            .max(1) as f64;
            let labels = |code: usize, level: usize| -> Option<String> {
                match (&t.domains[a], hh) {
                    (Domain::Text(v), Some(h)) => Some(h.apply(&v[code], level)),
                    _ => None,
                }
            };
            let wanted = |level: usize| only.is_none_or(|o| o[a] == level);
            let mut per_level = Vec::new();
            for (level, (map, n)) in m.iter().enumerate() {
                if !wanted(level) {
                    per_level.push(Vec::new());
                    continue;
                }
                let mut s = vec![0.0f64; *n as usize];
                if level == 0 {
                    s.iter_mut().for_each(|x| *x = 1.0 / d);
                } else {
                    // Values under each generalised code, or the table's leaves under its label.
                    let mut count = vec![0u32; *n as usize];
                    for &g in map {
                        if g != NULL_CODE {
                            count[g as usize] += 1;
                        }
                    }
                    let mut done = vec![false; *n as usize];
                    for (code, &g) in map.iter().enumerate() {
                        if g == NULL_CODE || done[g as usize] {
                            continue;
                        }
                        done[g as usize] = true;
                        let label = labels(code, level);
                        s[g as usize] =
                            if label.as_deref() == Some(crate::transform::levels::SUPPRESSED) {
                                1.0
                            } else {
                                match (hh, &t.domains[a]) {
                                    (Some(Hierarchy::Table(tab)), Domain::Text(v)) => {
                                        tab.share(&v[code], level)
                                    }
                                    _ => f64::from(count[g as usize]) / d,
                                }
                            };
                    }
                }
                per_level.push(s);
            }
            let sums = (0..m.len())
                .map(|level| {
                    if !wanted(level) {
                        return 0;
                    }
                    (0..t.len())
                        .map(|j| {
                            i128::from(t.rows[j])
                                * fixed(Self::cell(&per_level, m, level, t.qi[a][j]))
                        })
                        .sum()
                })
                .collect();
            share.push(per_level);
            base.push(sums);
            size.push(d);
        }
        LossModel {
            share,
            base,
            size,
            rows: t.total_rows as f64,
        }
    }

    fn cell(share: &[Vec<f64>], maps: &LevelMaps, level: usize, code: u32) -> f64 {
        if code == NULL_CODE {
            return 1.0;
        }
        if level == 0 {
            return share[0].first().copied().unwrap_or(1.0);
        }
        let g = maps[level].0[code as usize];
        if g == NULL_CODE {
            1.0
        } else {
            share[level][g as usize]
        }
    }

    fn attribute(&self, a: usize, r: f64) -> f64 {
        let (n, d) = (self.rows, self.size[a]);
        if d <= 1.0 || n == 0.0 {
            return 0.0;
        }
        ((r - n / d) / (n - n / d)).max(0.0)
    }

    fn aggregate(v: impl Iterator<Item = f64>) -> f64 {
        let (mut product, mut n) = (1.0f64, 0usize);
        for x in v {
            product *= 1.0 + x;
            n += 1;
        }
        if n == 0 {
            0.0
        } else {
            product.powf(1.0 / n as f64) - 1.0
        }
    }

    /// The loss at `levels` if nothing were suppressed: a lower bound of the node's loss
    /// (suppressing a cell only raises its share to 1).
    pub(crate) fn bound(&self, levels: &[usize]) -> f64 {
        Self::aggregate(
            levels
                .iter()
                .enumerate()
                .map(|(a, l)| self.attribute(a, unfixed(self.base[a][*l]))),
        )
    }

    /// The loss at `levels` with `suppressed` (table row, rows it stands for) suppressed: a row
    /// may stand for a whole finer class whose cells share its label at `levels`.
    pub(crate) fn loss_weighted(
        &self,
        t: &ClassTable,
        maps: &[LevelMaps],
        levels: &[usize],
        suppressed: impl Iterator<Item = (usize, u64)>,
    ) -> f64 {
        let mut r: Vec<i128> = levels
            .iter()
            .enumerate()
            .map(|(a, l)| self.base[a][*l])
            .collect();
        for (j, rows) in suppressed {
            for (a, l) in levels.iter().enumerate() {
                r[a] += i128::from(rows)
                    * fixed(1.0 - Self::cell(&self.share[a], &maps[a], *l, t.qi[a][j]));
            }
        }
        Self::aggregate(
            r.iter()
                .enumerate()
                .map(|(a, x)| self.attribute(a, unfixed(*x))),
        )
    }

    /// The loss at `levels` with the table rows for which `suppressed` holds suppressed.
    pub(crate) fn loss(
        &self,
        t: &ClassTable,
        maps: &[LevelMaps],
        levels: &[usize],
        suppressed: impl Fn(usize) -> bool,
    ) -> f64 {
        self.loss_weighted(
            t,
            maps,
            levels,
            (0..t.len())
                .filter(|j| suppressed(*j))
                .map(|j| (j, u64::from(t.rows[j]))),
        )
    }
}

/// The thresholds the search evaluates nodes against, and how suppression works.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    pub(crate) k: u64,
    pub(crate) min_l: Option<u64>,
    pub(crate) suppress: Suppress,
    pub(crate) metric: Metric,
}

/// The chosen node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) levels: Vec<usize>,
    pub(crate) loss: f64,
    pub(crate) eval: NodeEval,
}

/// How the search went, for the report.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SearchReport {
    pub(crate) algorithm: &'static str,
    pub(crate) loss_metric: &'static str,
    /// Lattice nodes (combinations of levels).
    pub(crate) nodes: usize,
    pub(crate) evaluated: usize,
    /// Skipped because they specialise a node already found to need too much suppression.
    pub(crate) pruned_by_monotonicity: usize,
    /// Never reached: their generalisation loss alone was no better than the best node's loss.
    pub(crate) pruned_by_bound: usize,
    /// Rows of the class table the nodes were evaluated on.
    pub(crate) class_table_rows: usize,
}

pub(crate) const ALGORITHM: &str = "lattice search by bisection over each node's lower bound of loss with monotonicity pruning (a specialisation of a node that needs too much suppression needs at least as much) and a loss bound; exact: the node exhaustive search would choose";
pub(crate) const LOSS_METRIC: &str = "mean normalised generalisation level (level / max level) over the quasi-identifiers + share of rows (subjects) suppressed";

fn gen_loss(levels: &[usize], maxes: &[usize]) -> f64 {
    levels
        .iter()
        .zip(maxes)
        .map(|(l, m)| if *m == 0 { 0.0 } else { *l as f64 / *m as f64 })
        .sum::<f64>()
        / maxes.len().max(1) as f64
}

/// Every node at least as coarse as `levels` on every quasi-identifier, `levels` itself
/// excluded, in order of generalisation loss (then of levels): the candidates when the chosen
/// node's traces need more suppression than the budget allows.
pub(crate) fn coarser_nodes(levels: &[usize], maxes: &[usize]) -> Vec<Vec<usize>> {
    let mut out = vec![levels.to_vec()];
    for (i, m) in maxes.iter().enumerate() {
        let mut next = Vec::new();
        for node in &out {
            for l in node[i]..=*m {
                let mut n = node.clone();
                n[i] = l;
                next.push(n);
            }
        }
        out = next;
    }
    out.retain(|n| n != levels);
    out.sort_by(|a, b| {
        gen_loss(a, maxes)
            .total_cmp(&gen_loss(b, maxes))
            .then_with(|| a.cmp(b))
    });
    out
}

/// `node` specialises `f` (every level at most `f`'s, along chains that nest), so it needs at
/// least as much suppression as `f`.
fn specialises(node: &[usize], f: &[usize], h: &[Option<Hierarchy>]) -> bool {
    node.iter()
        .zip(f)
        .zip(h)
        .all(|((a, b), h)| a == b || (a < b && h.as_ref().is_none_or(|h| h.nests(*a, *b))))
}

/// Finds the node with the least loss whose suppressed share stays within `budget`.
/// `prune = false` evaluates every node (the reference the tests compare with).
/// `maps`: the table's level maps when the caller has them (`all_level_maps`).
pub(crate) fn search(
    t: &ClassTable,
    h: &[Option<Hierarchy>],
    maps: Option<&[LevelMaps]>,
    spec: &RiskSpec,
    target: &Target,
    budget: f64,
    prune: bool,
) -> Result<(Option<Node>, SearchReport)> {
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
    let maps: std::borrow::Cow<'_, [LevelMaps]> = match maps {
        Some(m) => m.into(),
        None => all_level_maps(t, h).into(),
    };
    let maps = &maps[..];
    let model = (target.metric == Metric::Loss).then(|| LossModel::new(t, h, maps));
    // Each node's lower bound: its generalisation loss, or its ARX Loss without suppression.
    let bound = |levels: &[usize]| match &model {
        Some(m) => m.bound(levels),
        None => gen_loss(levels, &maxes),
    };
    let mut order: Vec<(f64, Vec<usize>)> = Vec::with_capacity(nodes);
    let mut levels = vec![0usize; maxes.len()];
    for _ in 0..nodes {
        order.push((bound(&levels), levels.clone()));
        for (l, m) in levels.iter_mut().zip(&maxes) {
            if *l < *m {
                *l += 1;
                break;
            }
            *l = 0;
        }
    }
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let (gens, order): (Vec<f64>, Vec<Vec<usize>>) = order.into_iter().unzip();
    let mut report = SearchReport {
        algorithm: if prune { ALGORITHM } else { "exhaustive" },
        loss_metric: if model.is_some() {
            ARX_LOSS_METRIC
        } else {
            LOSS_METRIC
        },
        nodes,
        evaluated: 0,
        pruned_by_monotonicity: 0,
        pruned_by_bound: 0,
        class_table_rows: t.len(),
    };
    // Bisection order: each wave evaluates candidates spread over the remaining range of
    // generalisation loss. An infeasible node removes its whole down-set (its specialisations),
    // a feasible one lowers the bound that removes every node whose generalisation loss alone
    // cannot beat it, so either outcome cuts the candidates roughly in half.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Evaluated,
        Infeasible,
    }
    let wave = rayon::current_num_threads().max(1);
    // Roll-up: nodes are evaluated from the classes of an evaluated node they generalise.
    let rolls = rolls_up(t, target);
    let bottom = Groups::bottom(t);
    let mut cache: Option<Vec<(Vec<usize>, Groups)>> = rolls.then(Vec::new);
    let mut cached = 0usize;
    let mut state = vec![State::Open; order.len()];
    // (loss, index in `order`): ties go to the earlier node, as in the exhaustive search.
    let mut best: Option<(Node, usize)> = None;
    let beaten = |i: usize, best: &Option<(Node, usize)>| {
        best.as_ref()
            .is_some_and(|(b, bi)| gens[i] > b.loss || (gens[i] == b.loss && i > *bi))
    };
    // The open candidates in order, shrinking as nodes are evaluated, pruned or beaten.
    let mut open: Vec<usize> = (0..order.len()).collect();
    loop {
        open.retain(|i| state[*i] == State::Open && !(prune && beaten(*i, &best)));
        if open.is_empty() {
            break;
        }
        let batch: Vec<usize> = if prune {
            let mut b: Vec<usize> = (0..wave.min(open.len()))
                .map(|w| open[(w + 1) * open.len() / (wave.min(open.len()) + 1)])
                .collect();
            b.dedup();
            b
        } else {
            open.iter().take(wave).copied().collect()
        };
        let with_model = model.as_ref().map(|m| (m, budget));
        let evals: Vec<(NodeEval, Option<Groups>)> = batch
            .par_iter()
            .map(|i| {
                let node = &order[*i];
                match &cache {
                    Some(c) => {
                        // The evaluated node this one generalises with the fewest classes.
                        let parent = c
                            .iter()
                            .filter(|(l, _)| specialises(l, node, h))
                            .min_by_key(|(_, g)| g.len())
                            .map_or(&bottom, |(_, g)| g);
                        let (e, g) = evaluate_groups(t, maps, node, target, parent, with_model);
                        (e, Some(g))
                    }
                    None => (
                        evaluate(t, maps, node, target, false, with_model, Some(budget)).0,
                        None,
                    ),
                }
            })
            .collect();
        let evals: Vec<NodeEval> = batch
            .iter()
            .zip(evals)
            .map(|(i, (e, g))| {
                if let (Some(c), Some(g)) = (cache.as_mut(), g) {
                    // Kept while the cache stays small; the bottom always remains.
                    if cached + g.len() <= CACHE_CLASSES && g.len() < bottom.len() {
                        cached += g.len();
                        c.push((order[*i].clone(), g));
                    }
                }
                e
            })
            .collect();
        for (i, e) in batch.into_iter().zip(evals) {
            report.evaluated += 1;
            state[i] = State::Evaluated;
            if e.share <= budget {
                let loss = match &model {
                    Some(_) => e.arx_loss,
                    None => gens[i] + e.share,
                };
                if best
                    .as_ref()
                    .is_none_or(|(b, bi)| loss < b.loss || (loss == b.loss && i < *bi))
                {
                    best = Some((
                        Node {
                            levels: order[i].clone(),
                            loss,
                            eval: e,
                        },
                        i,
                    ));
                }
            } else if prune {
                for &j in &open {
                    if state[j] == State::Open && specialises(&order[j], &order[i], h) {
                        state[j] = State::Infeasible;
                        report.pruned_by_monotonicity += 1;
                    }
                }
            }
        }
    }
    report.pruned_by_bound = report.nodes - report.evaluated - report.pruned_by_monotonicity;
    let best = best.map(|(n, _)| n);
    Ok((best, report))
}

/// One node of a class table after the search, with the level maps and loss model it needs
/// (its own levels only, unless the caller has the table's maps): the subjects it suppresses
/// and its ARX Loss. A coarser node tried for the traces builds three maps instead of every
/// level's (at 10M log rows, 0.3 s of maps and a loss model over every level).
pub(crate) struct Nodes<'a> {
    t: &'a ClassTable,
    maps: std::borrow::Cow<'a, [LevelMaps]>,
    model: LossModel,
    levels: Vec<usize>,
}

/// What row suppression does at one node: the subjects it removes (see
/// [`Nodes::outcome`]) and ARX's Loss there.
pub(crate) struct Outcome {
    /// As the file spells them (never the null subject: see `removed.null_rows`).
    pub(crate) names: Vec<Option<String>>,
    /// As `ClassTable::derive` takes it.
    pub(crate) removed: Removed,
    /// The rows that go: those subjects' and the rows without a subject in emptied classes.
    pub(crate) rows: u64,
    pub(crate) arx_loss: f64,
}

impl<'a> Nodes<'a> {
    /// The node `levels` of `t`. `maps`: the table's level maps when the caller has them
    /// (`all_level_maps` of `t` and `h`); otherwise only the node's are built.
    pub(crate) fn for_node(
        t: &'a ClassTable,
        h: &[Option<Hierarchy>],
        maps: Option<&'a [LevelMaps]>,
        levels: &[usize],
    ) -> Nodes<'a> {
        let maps: std::borrow::Cow<'a, [LevelMaps]> = match maps {
            Some(m) => m.into(),
            None => node_level_maps(t, h, levels).into(),
        };
        let model = LossModel::at(t, h, &maps, Some(levels));
        Nodes {
            t,
            maps,
            model,
            levels: levels.to_vec(),
        }
    }

    fn evaluate(&self, target: &Target, want_set: bool) -> (NodeEval, Option<Removed>) {
        let model = Some((&self.model, f64::INFINITY));
        evaluate(
            self.t,
            &self.maps,
            &self.levels,
            target,
            want_set,
            model,
            None,
        )
    }

    /// ARX's Loss at the node with the suppression `target` implies there, whatever metric the
    /// search used (the report gives it alongside tokumei's own).
    pub(crate) fn arx_loss(&self, target: &Target) -> f64 {
        self.evaluate(target, false).0.arx_loss
    }

    /// The subjects row suppression removes at the node (after the cascade), and ARX's Loss
    /// there, from one evaluation. No subjects without a subject column or with cell
    /// suppression.
    pub(crate) fn outcome(&self, target: &Target) -> Outcome {
        let (e, set) = self.evaluate(target, true);
        let removed = set.unwrap_or_default();
        Outcome {
            names: subject_names(self.t, &removed.gone),
            removed,
            rows: e.rows,
            arx_loss: e.arx_loss,
        }
    }
}

/// The subjects row suppression removes at `levels` (after the cascade), as
/// [`Nodes::outcome`] gives them, without its loss model.
pub(crate) fn suppressed_subjects(
    t: &ClassTable,
    h: &[Option<Hierarchy>],
    levels: &[usize],
    target: &Target,
) -> (Vec<Option<String>>, Removed) {
    let maps = node_level_maps(t, h, levels);
    let removed = evaluate(t, &maps, levels, target, true, None, None)
        .1
        .unwrap_or_default();
    (subject_names(t, &removed.gone), removed)
}

/// The subjects marked in `gone`, as the file spells them (`None`: the null subject).
fn subject_names(t: &ClassTable, gone: &[bool]) -> Vec<Option<String>> {
    gone.iter()
        .enumerate()
        .filter(|(_, g)| **g)
        .map(|(i, _)| t.subject_values.get(i).map(str::to_string))
        .collect()
}

impl ClassTable {
    /// The table without the rows for which `keep` is false (the same domains and subjects).
    /// The table keeping only rows `keep` says, in place: [`ClassTable::without`] for a table
    /// that is not needed afterwards (no second copy of its columns at once).
    pub(crate) fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        let keep: Vec<bool> = (0..self.len()).map(keep).collect();
        let compact = |v: &mut Vec<u32>| {
            let mut j = 0;
            v.retain(|_| {
                j += 1;
                keep[j - 1]
            });
        };
        if self.by_subject {
            compact(&mut self.subject);
        }
        for v in self.qi.iter_mut().chain(self.sensitive.iter_mut()) {
            compact(v);
        }
        compact(&mut self.rows);
        self.total_rows = self.rows.iter().map(|r| u64::from(*r)).sum();
        self.total_subjects = if self.by_subject {
            distinct_sorted(&self.subject)
        } else {
            self.total_rows
        };
    }

    pub(crate) fn without(&self, keep: impl Fn(usize) -> bool) -> ClassTable {
        let rows: Vec<usize> = (0..self.len()).filter(|j| keep(*j)).collect();
        let pick = |v: &Vec<u32>| -> Vec<u32> { rows.iter().map(|j| v[*j]).collect() };
        let subject = if self.by_subject {
            pick(&self.subject)
        } else {
            Vec::new()
        };
        let counts = pick(&self.rows);
        let total_rows = counts.iter().map(|r| u64::from(*r)).sum();
        ClassTable {
            domains: self.domains.clone(),
            qi: self.qi.iter().map(pick).collect(),
            total_subjects: if self.by_subject {
                distinct_sorted(&subject)
            } else {
                total_rows
            },
            subject,
            subject_values: self.subject_values.clone(),
            sensitive: self.sensitive.iter().map(pick).collect(),
            sensitive_keys: self.sensitive_keys.clone(),
            rows: counts,
            total_rows,
            by_subject: self.by_subject,
        }
    }

    /// The class table of the data as the gate's rewrite leaves it: each quasi-identifier at
    /// its level (the table's values are already recoded), without the rows `removed` says go
    /// (the subjects' rows, and the rows without a subject it lists). Its measures are those of
    /// the rewritten file, so the gate need not read the file again. `None` when a level cannot
    /// be derived here (a typed column under a text hierarchy); the caller then measures the
    /// file.
    pub(crate) fn derive(
        &self,
        h: &[Option<Hierarchy>],
        levels: &[usize],
        removed: &Removed,
    ) -> Option<ClassTable> {
        let gone = &removed.gone;
        let mut null_gone = vec![
            false;
            if removed.null_rows.is_empty() {
                0
            } else {
                self.len()
            }
        ];
        for j in &removed.null_rows {
            null_gone[*j as usize] = true;
        }
        let mut domains = Vec::with_capacity(self.domains.len());
        let mut remaps: Vec<Option<Vec<u32>>> = Vec::with_capacity(self.domains.len());
        for ((d, h), level) in self.domains.iter().zip(h).zip(levels) {
            if *level == 0 {
                domains.push(d.clone());
                remaps.push(None);
                continue;
            }
            let h = h.as_ref()?;
            match d {
                Domain::Text(values) => {
                    let mut seen: PlHashMap<String, u32> = PlHashMap::default();
                    let mut out = Strings::default();
                    let map = values
                        .iter()
                        .map(|v| {
                            let label = h.apply(v, *level);
                            *seen.entry(label).or_insert_with_key(|l| {
                                out.push(l);
                                (out.len() - 1) as u32
                            })
                        })
                        .collect();
                    domains.push(Domain::Text(out));
                    remaps.push(Some(map));
                }
                Domain::Instants(dtype @ DataType::Datetime(unit, _), values)
                    if matches!(h, Hierarchy::Timestamp(_)) =>
                {
                    let per_ms = crate::transform::timestamp::per_ms(*unit);
                    let mut seen: PlHashMap<i64, u32> = PlHashMap::default();
                    let mut out = Vec::new();
                    let map = values
                        .iter()
                        .map(|v| match h.truncate_ms(v.div_euclid(per_ms), *level) {
                            // `*` is a null instant, as in the rewritten file.
                            None => NULL_CODE,
                            Some(m) => *seen.entry(m * per_ms).or_insert_with_key(|p| {
                                out.push(*p);
                                (out.len() - 1) as u32
                            }),
                        })
                        .collect();
                    domains.push(Domain::Instants(dtype.clone(), out));
                    remaps.push(Some(map));
                }
                Domain::Instants(..) => return None,
            }
        }
        let slot = |s: u32| {
            if s == NULL_CODE {
                self.subject_values.len()
            } else {
                s as usize
            }
        };
        let keep: Vec<usize> = (0..self.len())
            .filter(|j| {
                !(self.by_subject
                    && (gone.get(slot(self.subject[*j])) == Some(&true)
                        || null_gone.get(*j) == Some(&true)))
            })
            .collect();
        let qi = self
            .qi
            .iter()
            .zip(&remaps)
            .map(|(codes, remap)| {
                keep.iter()
                    .map(|j| {
                        let c = codes[*j];
                        match remap {
                            Some(m) if c != NULL_CODE => m[c as usize],
                            _ => c,
                        }
                    })
                    .collect()
            })
            .collect();
        let pick = |v: &Vec<u32>| -> Vec<u32> { keep.iter().map(|j| v[*j]).collect() };
        let subject = if self.by_subject {
            pick(&self.subject)
        } else {
            Vec::new()
        };
        let rows = pick(&self.rows);
        let total_rows = rows.iter().map(|r| u64::from(*r)).sum();
        Some(ClassTable {
            domains,
            qi,
            total_subjects: if self.by_subject {
                distinct_sorted(&subject)
            } else {
                total_rows
            },
            subject,
            subject_values: self.subject_values.clone(),
            sensitive: self.sensitive.iter().map(pick).collect(),
            sensitive_keys: self.sensitive_keys.clone(),
            rows,
            total_rows,
            by_subject: self.by_subject,
        })
    }
}

impl ClassTable {
    /// Table rows `rows` alone, each quasi-identifier at its level: what the gate's rewrite
    /// matches them by (see `derive`; `None` when a level cannot be derived here).
    pub(crate) fn rows_at(
        &self,
        h: &[Option<Hierarchy>],
        levels: &[usize],
        rows: &[u32],
    ) -> Option<ClassTable> {
        let mut pick = vec![false; self.len()];
        for j in rows {
            pick[*j as usize] = true;
        }
        self.without(|j| pick[j])
            .derive(h, levels, &Removed::default())
    }
}

/// `v` recoded, then at `level` of `h`.
pub(crate) fn relabel(h: Option<&Hierarchy>, recode: &Recode, v: &str, level: usize) -> String {
    let v = recode.get(v).map_or(v, String::as_str);
    match h {
        Some(h) => h.apply(v, level),
        None => v.to_string(),
    }
}

/// One recoding of idiosyncratic values, for the report (the label, never the values).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Recoding {
    pub(crate) column: String,
    /// `top-coded`, `bottom-coded` or `grouped into other`.
    pub(crate) method: &'static str,
    pub(crate) label: String,
    /// Distinct values recoded.
    pub(crate) values: u64,
    pub(crate) rows: u64,
}

/// The recodings applied to one column: delivered value → label.
pub(crate) type Recode = PlHashMap<String, String>;

/// `[lo, hi)` of an ordered label (`hi` inclusive for plain numbers); `None` for other values.
fn bounds(h: &Hierarchy, v: &str) -> Option<(f64, f64, bool)> {
    let num = |s: &str| s.trim().parse::<f64>().ok();
    if let Some(t) = v.strip_suffix('+') {
        return Some((num(t)?, f64::INFINITY, false));
    }
    if let Some(t) = v.strip_prefix('<') {
        return Some((f64::NEG_INFINITY, num(t)?, false));
    }
    if let Some(t) = v.strip_prefix('≤') {
        return Some((f64::NEG_INFINITY, num(t)? + 1.0, false));
    }
    if let Some(t) = v.strip_prefix('≥') {
        return Some((num(t)?, f64::INFINITY, false));
    }
    match h {
        Hierarchy::AgeBand | Hierarchy::Year => {
            if let Some((a, b)) = v.split_once('-') {
                Some((num(a)?, num(b)? + 1.0, false))
            } else {
                let y = num(v)?;
                Some((y, y + 1.0, false))
            }
        }
        Hierarchy::Number | Hierarchy::Rounded(_) => {
            if let Some(inner) = v.strip_prefix('[').and_then(|s| s.strip_suffix(')')) {
                let (a, b) = inner.split_once(',')?;
                Some((num(a)?, num(b)?, false))
            } else {
                let x = num(v)?;
                Some((x, x, true))
            }
        }
        _ => None,
    }
}

/// The roundest number strictly between `a` and `b` (`a < b`): the first multiple of the
/// largest power of ten, or half of one, that falls between them; whole numbers only with
/// `whole`. A top- or bottom-code's boundary is put there, not at a value the data holds: a
/// label such as `12253000+` or `≥1957` would tell the recipient that someone has exactly that
/// value.
fn roundest_between(a: f64, b: f64, whole: bool) -> Option<f64> {
    if !(a.is_finite() && b.is_finite() && a < b) {
        return None;
    }
    for e in (-6..=15).rev() {
        let p = 10f64.powi(e);
        for step in [p, p / 2.0] {
            if whole && step < 1.0 {
                return None;
            }
            let m = ((a / step).floor() + 1.0) * step;
            // Snapped to the step's own decimals (0.1 * 3 is 0.30000000000000004).
            let m = if e < 0 {
                let d = 10f64.powi(-e + 1);
                (m * d).round() / d
            } else {
                m
            };
            if m > a && m < b {
                return Some(m);
            }
        }
    }
    None
}

fn top_label(h: &Hierarchy, lo: f64) -> String {
    let n = crate::transform::number::fmt_num(lo);
    match h {
        Hierarchy::Year => format!("≥{n}"),
        _ => format!("{n}+"),
    }
}

fn bottom_label(h: &Hierarchy, hi: f64, inclusive: bool) -> String {
    match h {
        Hierarchy::Year => format!("≤{}", crate::transform::number::fmt_num(hi - 1.0)),
        _ if inclusive => format!("≤{}", crate::transform::number::fmt_num(hi)),
        _ => format!("<{}", crate::transform::number::fmt_num(hi)),
    }
}

/// Step 1 of fixing: per quasi-identifier, values held by fewer than k subjects are top- or
/// bottom-coded (ordered values) or grouped into `other` (categories). Recodes the table in place
/// and returns what it did, with each column's value → label map for the rewrite.
pub(crate) fn recode_idiosyncratic(
    t: &mut ClassTable,
    h: &[Option<Hierarchy>],
    spec: &RiskSpec,
) -> (Vec<Recoding>, Vec<Recode>) {
    let by_subject = t.by_subject;
    let mut report = Vec::new();
    let mut maps = Vec::new();
    for (i, hh) in h.iter().enumerate() {
        let mut recode = Recode::default();
        let Some(hh) = hh else {
            maps.push(recode);
            continue;
        };
        let Domain::Text(values) = &t.domains[i] else {
            maps.push(recode);
            continue;
        };
        let ordered = matches!(
            hh,
            Hierarchy::AgeBand | Hierarchy::Year | Hierarchy::Number | Hierarchy::Rounded(_)
        );
        if !ordered && !matches!(hh, Hierarchy::Categorical) {
            maps.push(recode);
            continue;
        }
        // Rows and distinct subjects per value (the table is sorted by subject).
        let nv = values.len();
        let mut rows_v = vec![0u64; nv];
        let mut subj_v = vec![0u64; nv];
        let mut last_v: Vec<Option<u32>> = vec![None; nv];
        for j in 0..t.len() {
            let c = t.qi[i][j];
            if c == NULL_CODE {
                continue;
            }
            let c = c as usize;
            rows_v[c] += u64::from(t.rows[j]);
            if by_subject {
                if last_v[c] != Some(t.subject[j]) {
                    subj_v[c] += 1;
                    last_v[c] = Some(t.subject[j]);
                }
            } else {
                subj_v[c] += u64::from(t.rows[j]);
            }
        }
        // (label, codes) groups to recode.
        let mut groups: Vec<(&'static str, String, Vec<usize>)> = Vec::new();
        if ordered {
            let mut ranked: Vec<(usize, (f64, f64, bool))> = (0..nv)
                .filter_map(|c| bounds(hh, &values[c]).map(|b| (c, b)))
                .collect();
            ranked.sort_by(|a, b| {
                a.1.0
                    .total_cmp(&b.1.0)
                    .then(a.1.1.total_cmp(&b.1.1))
                    .then(a.0.cmp(&b.0))
            });
            let m = ranked.len();
            let mut rank = vec![usize::MAX; nv];
            for (r, (c, _)) in ranked.iter().enumerate() {
                rank[*c] = r;
            }
            // Per subject its highest and lowest ranked value: a tail of ranks [r, m) holds the
            // subjects whose highest rank is ≥ r.
            let mut hi_hist = vec![0u64; m];
            let mut lo_hist = vec![0u64; m];
            {
                let mut cur: Option<(u32, usize, usize)> = None;
                let flush =
                    |cur: &mut Option<(u32, usize, usize)>, hi: &mut [u64], lo: &mut [u64]| {
                        if let Some((_, a, b)) = cur.take() {
                            hi[a] += 1;
                            lo[b] += 1;
                        }
                    };
                for j in 0..t.len() {
                    let c = t.qi[i][j];
                    if c == NULL_CODE || rank[c as usize] == usize::MAX {
                        continue;
                    }
                    let r = rank[c as usize];
                    if !by_subject {
                        hi_hist[r] += u64::from(t.rows[j]);
                        lo_hist[r] += u64::from(t.rows[j]);
                        continue;
                    }
                    match &mut cur {
                        Some((s, a, b)) if *s == t.subject[j] => {
                            *a = (*a).max(r);
                            *b = (*b).min(r);
                        }
                        _ => {
                            flush(&mut cur, &mut hi_hist, &mut lo_hist);
                            cur = Some((t.subject[j], r, r));
                        }
                    }
                }
                flush(&mut cur, &mut hi_hist, &mut lo_hist);
            }
            let mut top_start = m;
            if m >= 2 && subj_v[ranked[m - 1].0] < spec.k {
                let mut acc = 0u64;
                for r in (0..m).rev() {
                    acc += hi_hist[r];
                    if acc >= spec.k {
                        if r >= 1 {
                            top_start = r;
                        }
                        break;
                    }
                }
                if top_start < m {
                    let (lo, hi, incl) = ranked[top_start].1;
                    let prev = ranked[top_start - 1].1;
                    // A plain number or a single year is a value someone holds: the boundary
                    // goes to the roundest number between it and the value below (a range's
                    // lower edge, `60-69`, is no one's value).
                    let lo = match hh {
                        Hierarchy::Number | Hierarchy::Rounded(_) if incl => {
                            roundest_between(prev.1.max(prev.0), lo, false).unwrap_or(lo)
                        }
                        Hierarchy::Year if hi == lo + 1.0 => {
                            roundest_between(prev.1 - 1.0, lo, true).unwrap_or(lo)
                        }
                        _ => lo,
                    };
                    groups.push((
                        "top-coded",
                        top_label(hh, lo),
                        ranked[top_start..].iter().map(|(c, _)| *c).collect(),
                    ));
                }
            }
            if top_start >= 2 && subj_v[ranked[0].0] < spec.k {
                let mut acc = 0u64;
                for r in 0..top_start - 1 {
                    acc += lo_hist[r];
                    if acc >= spec.k {
                        let (lo, hi, incl) = ranked[r].1;
                        let next = ranked[r + 1].1.0;
                        // As for the top: between the last value coded and the next one.
                        let label = match hh {
                            Hierarchy::Number | Hierarchy::Rounded(_) if incl => {
                                roundest_between(hi, next, false).map_or_else(
                                    || bottom_label(hh, hi, incl),
                                    |b| bottom_label(hh, b, false),
                                )
                            }
                            Hierarchy::Year if hi == lo + 1.0 => roundest_between(lo, next, true)
                                .map_or_else(
                                    || bottom_label(hh, hi, incl),
                                    |b| bottom_label(hh, b + 1.0, false),
                                ),
                            _ => bottom_label(hh, hi, incl),
                        };
                        groups.push((
                            "bottom-coded",
                            label,
                            ranked[..=r].iter().map(|(c, _)| *c).collect(),
                        ));
                        break;
                    }
                }
            }
        } else {
            let rare: Vec<usize> = (0..nv).filter(|c| subj_v[*c] < spec.k).collect();
            if !rare.is_empty() {
                groups.push(("grouped into other", "other".to_string(), rare));
            }
        }
        if groups.is_empty() {
            maps.push(recode);
            continue;
        }
        let Domain::Text(values) = &mut t.domains[i] else {
            unreachable!("checked above")
        };
        let mut remap: Vec<u32> = (0..values.len() as u32).collect();
        for (method, label, codes) in groups {
            let found = values.iter().position(|v| v == label);
            let target = match found {
                Some(p) => p as u32,
                None => {
                    values.push(&label);
                    (values.len() - 1) as u32
                }
            };
            report.push(Recoding {
                column: spec.qis[i].clone(),
                method,
                label: label.clone(),
                values: codes.len() as u64,
                rows: codes.iter().map(|c| rows_v[*c]).sum(),
            });
            for c in codes {
                remap[c] = target;
                if values[c] != *label {
                    recode.insert(values[c].to_string(), label.clone());
                }
            }
        }
        for c in t.qi[i].iter_mut() {
            if *c != NULL_CODE {
                *c = remap[*c as usize];
            }
        }
        maps.push(recode);
    }
    (report, maps)
}

#[cfg(test)]
mod tests {
    /// Ranking the keys present numbers the classes as sorting them does, in small and large
    /// key spaces, with and without repeats.
    #[test]
    fn ranked_numbers_equal_sorted_numbers() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for (n, space) in [
            (0, 1),
            (1, 1),
            (10, 3),
            (5_000, 70),
            (5_000, 9_000),
            (20_000, 40_000),
        ] {
            let keys: Vec<u64> = (0..n).map(|_| next() % space).collect();
            let sorted = super::sorted_numbers_by_sort(keys.clone());
            let ranked = super::ranked_numbers(&keys, space as usize);
            assert_eq!(ranked, sorted, "{n} keys below {space}");
            assert_eq!(super::sorted_numbers(keys), sorted);
        }
        // Beyond the ranked path's bound: the sort numbers them.
        let keys: Vec<u64> = (0..1000).map(|_| next() >> 8).collect();
        let (class_of, classes) = super::sorted_numbers(keys.clone());
        let mut distinct = keys.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(classes, distinct.len());
        for (k, c) in keys.iter().zip(&class_of) {
            assert_eq!(distinct[*c as usize], *k);
        }
    }

    use super::*;

    /// Values read as numbers for t-closeness's ordered distance, as the rules write them.
    #[test]
    fn numeric_keys() {
        for (v, key) in [
            ("12300", Some((12300.0, 0))),
            ("-4.5", Some((-4.5, 0))),
            ("[10000,20000)", Some((10000.0, 0))),
            ("200000+", Some((200000.0, 1))),
            ("20-29", Some((20.0, 0))),
            ("<30", Some((30.0, -1))),
            ("≥2008", Some((2008.0, 1))),
            ("≤1936", Some((1936.0, -1))),
            ("other", None),
            ("東京都", None),
            ("10-", None),
            ("[a,b)", None),
            ("2020-01", None),
            ("29-20", None),
        ] {
            assert_eq!(numeric_key(v), key, "{v}");
        }
        // A bottom code sorts before the range at its edge, a top code after.
        assert!(numeric_key("<30") < numeric_key("[30,40)"));
        assert!(numeric_key("[90,100)") < numeric_key("90+"));
    }
    use proptest::prelude::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn a_class_count_past_four_billion_rows_is_an_error_not_a_wrap() {
        let hasher = PlRandomState::default();
        // A narrow group (its codes in its slot) and a wide one (codes kept apart).
        for key in [&[7u32, 1][..], &[7, 1, 2, 3, 4]] {
            let w = key.len();
            let mut shard = Shard::default();
            let hash = hasher.hash_one(key);
            shard.add(w, &hasher, hash, key, u32::MAX - 1).unwrap();
            shard.add(w, &hasher, hash, key, 1).unwrap();
            let rows: Vec<u32> = shard
                .rows
                .iter()
                .copied()
                .chain(shard.narrow.iter().map(|g| g.rows))
                .collect();
            assert_eq!(rows, [u32::MAX]);
            assert!(shard.add(w, &hasher, hash, key, 1).is_err());
        }
    }

    proptest! {
        /// The grouper gives every distinct row of codes once, with the sum of its rows'
        /// weights, for keys narrow enough to live in the table's slots and for wider ones, fed
        /// in batches from two threads at once.
        #[test]
        fn the_grouper_counts_each_distinct_row_once(
            width in 1usize..7,
            rows in prop::collection::vec((prop::collection::vec(0u32..4, 6), 1u32..5), 0..300),
            batch in 1usize..50,
        ) {
            let g = Grouper::new(width);
            let mut want: std::collections::BTreeMap<Vec<u32>, u32> = Default::default();
            for (codes, w) in &rows {
                *want.entry(codes[..width].to_vec()).or_default() += w;
            }
            let batches: Vec<&[(Vec<u32>, u32)]> = rows.chunks(batch).collect();
            let add = |part: &[&[(Vec<u32>, u32)]]| {
                for b in part {
                    let columns: Vec<Vec<u32>> = (0..width).map(|c| b.iter().map(|(k, _)| k[c]).collect()).collect();
                    let slices: Vec<&[u32]> = columns.iter().map(Vec::as_slice).collect();
                    let weights: Vec<u32> = b.iter().map(|(_, w)| *w).collect();
                    g.add_batch(&slices, Some(&weights), b.len()).unwrap();
                }
            };
            let (a, b) = batches.split_at(batches.len() / 2);
            rayon::join(|| add(a), || add(b));
            let (columns, counts) = g.into_columns().unwrap();
            prop_assert_eq!(columns.len(), width);
            let mut got: std::collections::BTreeMap<Vec<u32>, u32> = Default::default();
            for (j, n) in counts.iter().enumerate() {
                let key: Vec<u32> = columns.iter().map(|c| c[j]).collect();
                prop_assert!(got.insert(key, *n).is_none(), "a row of codes came twice");
            }
            prop_assert_eq!(got, want);
        }
    }

    /// A row: age band index (nullable), gender, postal code index, subject.
    type Row = (Option<u8>, u8, u8, u8);

    const BANDS: [&str; 9] = [
        "<20", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+",
    ];
    const POSTAL: [&str; 6] = ["100", "105", "160", "530", "541", "812"];

    fn frame(rows: &[Row]) -> DataFrame {
        let age: Vec<Option<&str>> = rows
            .iter()
            .map(|r| r.0.map(|a| BANDS[a as usize]))
            .collect();
        let gender: Vec<&str> = rows.iter().map(|r| ["F", "M", "X"][r.1 as usize]).collect();
        let postal: Vec<&str> = rows.iter().map(|r| POSTAL[r.2 as usize]).collect();
        let subj: Vec<String> = rows.iter().map(|r| format!("s{}", r.3)).collect();
        DataFrame::new_infer_height(vec![
            Column::new("age".into(), age),
            Column::new("gender".into(), gender),
            Column::new("postal".into(), postal),
            Column::new("subj".into(), subj),
        ])
        .unwrap()
    }

    fn spec(k: u64, by_subject: bool) -> RiskSpec {
        RiskSpec {
            qis: vec!["age".into(), "gender".into(), "postal".into()],
            subject: by_subject.then(|| "subj".to_string()),
            sensitive: vec![],
            categorical: Vec::new(),
            k,
        }
    }

    fn hierarchies() -> Vec<Option<Hierarchy>> {
        vec![
            Some(Hierarchy::AgeBand),
            Some(Hierarchy::Categorical),
            Some(Hierarchy::Postal),
        ]
    }

    /// The frame with every quasi-identifier at `levels`.
    fn generalised(rows: &[Row], levels: &[usize]) -> DataFrame {
        let h = hierarchies();
        let mut df = frame(rows);
        for (i, q) in ["age", "gender", "postal"].iter().enumerate() {
            let c = df.column(q).unwrap().str().unwrap().clone();
            let out: Vec<Option<String>> = c
                .iter()
                .map(|v| v.map(|v| h[i].as_ref().unwrap().apply(v, levels[i])))
                .collect();
            df.replace(q, Column::new((*q).into(), out)).unwrap();
        }
        df
    }

    /// ARX's Loss computed the plain way, on rows: each quasi-identifier's cells generalised to
    /// `levels`, a cell's share the distinct values of the data under its label over all of
    /// them (`*` and null: 1), rows in classes below k suppressed (each cell 1), normalised
    /// per attribute and combined by the geometric mean.
    fn arx_loss_brute_force(rows: &[Row], levels: &[usize], k: u64) -> f64 {
        let h = hierarchies();
        let raw = frame(rows);
        let g = generalised(rows, levels);
        let qis = ["age", "gender", "postal"];
        let n = rows.len();
        let cell = |df: &DataFrame, q: &str, i: usize| {
            df.column(q)
                .unwrap()
                .str()
                .unwrap()
                .get(i)
                .map(str::to_string)
        };
        let mut size: HashMap<Vec<Option<String>>, u64> = HashMap::new();
        let keys: Vec<Vec<Option<String>>> = (0..n)
            .map(|i| qis.iter().map(|q| cell(&g, q, i)).collect())
            .collect();
        for key in &keys {
            *size.entry(key.clone()).or_default() += 1;
        }
        let mut v = Vec::new();
        for (a, q) in qis.iter().enumerate() {
            let distinct: HashSet<String> = (0..n).filter_map(|i| cell(&raw, q, i)).collect();
            let d = distinct.len() as f64;
            let mut r = 0.0;
            for i in 0..n {
                r += if size[&keys[i]] < k {
                    1.0
                } else {
                    match cell(&g, q, i) {
                        None => 1.0,
                        Some(label) if label == "*" => 1.0,
                        Some(label) => {
                            distinct
                                .iter()
                                .filter(|x| h[a].as_ref().unwrap().apply(x, levels[a]) == label)
                                .count() as f64
                                / d
                        }
                    }
                };
            }
            let nf = n as f64;
            v.push(if d <= 1.0 {
                0.0
            } else {
                ((r - nf / d) / (nf - nf / d)).max(0.0)
            });
        }
        v.iter()
            .map(|x| 1.0 + x)
            .product::<f64>()
            .powf(1.0 / v.len() as f64)
            - 1.0
    }

    /// The class table is the plain count of rows per distinct (quasi-identifiers, subject),
    /// nulls included, with a subject's rows contiguous: here over a 300,000-row file that the
    /// streaming engine reads in many batches on several threads (so keys meet in the shared
    /// shards from different batches).
    /// `n` rows spread over every combination: an age null every `null_every` rows, and
    /// `subjects` subjects.
    fn spread_rows(n: u32, null_every: u32, subjects: u32) -> Vec<Row> {
        (0..n)
            .map(|i| {
                let x = i.wrapping_mul(2_654_435_761);
                (
                    (x % null_every != 0).then_some((x % 9) as u8),
                    (x >> 8) as u8 % 3,
                    (x >> 12) as u8 % 6,
                    ((x >> 16) % subjects) as u8,
                )
            })
            .collect()
    }

    /// The class table of `rows` written to a Parquet file in row groups of `group` rows (so
    /// the streaming engine reads it in many batches, on several threads).
    fn table_of_file(dir: &std::path::Path, name: &str, rows: &[Row], group: usize) -> ClassTable {
        let path = dir.join(name);
        let mut df = frame(rows);
        ParquetWriter::new(std::fs::File::create(&path).unwrap())
            .with_row_group_size(Some(group))
            .finish(&mut df)
            .unwrap();
        let lf = crate::io::input::scan_file(&path, crate::io::Format::Parquet).unwrap();
        ClassTable::build(lf, &spec(1, true)).unwrap()
    }

    #[test]
    fn class_table_counts_every_combination_once_across_batches() {
        let rows = spread_rows(300_000, 11, 200);
        let dir = tempfile::tempdir().unwrap();
        let t = table_of_file(dir.path(), "t.parquet", &rows, 7_000);
        let mut want: HashMap<(Option<&str>, &str, &str, String), u32> = HashMap::new();
        for r in &rows {
            let key = (
                r.0.map(|a| BANDS[a as usize]),
                ["F", "M", "X"][r.1 as usize],
                POSTAL[r.2 as usize],
                format!("s{}", r.3),
            );
            *want.entry(key).or_default() += 1;
        }
        let mut got: HashMap<(Option<&str>, &str, &str, String), u32> = HashMap::new();
        let text = |q: usize, j: usize| t.domains[q].text(t.qi[q][j]);
        let (ages, genders, postals): (Vec<_>, Vec<_>, Vec<_>) = (
            (0..t.len()).map(|j| text(0, j)).collect(),
            (0..t.len()).map(|j| text(1, j)).collect(),
            (0..t.len()).map(|j| text(2, j)).collect(),
        );
        for j in 0..t.len() {
            let key = (
                ages[j]
                    .as_deref()
                    .map(|a| *BANDS.iter().find(|b| **b == a).unwrap()),
                *["F", "M", "X"]
                    .iter()
                    .find(|g| Some(**g) == genders[j].as_deref())
                    .unwrap(),
                *POSTAL
                    .iter()
                    .find(|p| Some(**p) == postals[j].as_deref())
                    .unwrap(),
                t.subject_values[t.subject[j] as usize].to_string(),
            );
            assert!(got.insert(key, t.rows[j]).is_none(), "a combination twice");
        }
        assert_eq!(got, want);
        assert_eq!(t.total_rows, 300_000);
        assert_eq!(t.total_subjects, 200);
        assert!(
            t.subject.windows(2).all(|w| w[0] <= w[1]),
            "rows sorted by subject"
        );
    }

    /// Codes by view give equal text one code, however its views differ (inline and long
    /// texts, repeated in one chunk and across chunks, beside nulls).
    #[test]
    fn text_codes_by_view_follow_the_text() {
        let texts = |k: usize| -> Vec<Option<String>> {
            (0..200)
                .map(|i| {
                    (i % 9 != 0).then(|| match (i + k) % 3 {
                        0 => "short".to_string(),
                        1 => "a value longer than twelve bytes".to_string(),
                        _ => format!("v{}", i % 5),
                    })
                })
                .collect()
        };
        let mut ca = StringChunked::new("q".into(), texts(0));
        ca.append(&StringChunked::new("q".into(), texts(1)))
            .unwrap();
        let int = TextInterner::default();
        let codes = super::text_batch_codes(&ca, &int.hasher, |d| int.intern(d)).unwrap();
        let mut seen: PlHashMap<u32, Option<&str>> = PlHashMap::default();
        let mut by_text: PlHashMap<Option<&str>, u32> = PlHashMap::default();
        for (t, c) in ca.iter().zip(codes.iter()) {
            let c = c.unwrap();
            assert_eq!(c == NULL_CODE, t.is_none());
            assert_eq!(*seen.entry(c).or_insert(t), t, "one code, one text");
            assert_eq!(*by_text.entry(t).or_insert(c), c, "one text, one code");
        }
        // Null, two fixed texts and five numbered ones.
        assert_eq!(by_text.len(), 8);
    }

    /// The class table pass 1 builds while it writes the staged file ([`ClassTable::tap`]) is
    /// the table the gate would read back from that file, row for row, with a typed timestamp,
    /// a subject and a sensitive attribute; and the tapped frame writes the rows unchanged.
    #[test]
    fn tapped_table_equals_the_table_read_back() {
        let rows = spread_rows(120_000, 11, 300);
        let mut df = frame(&rows);
        let ts: Vec<Option<i64>> = rows
            .iter()
            .map(|r| (r.1 != 2).then(|| 1_700_000_000_000 + 3_600_000 * i64::from(r.2 % 4)))
            .collect();
        let ts = Column::new("ts".into(), ts)
            .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
            .unwrap();
        df.with_column(ts).unwrap();
        let s = RiskSpec {
            qis: vec!["ts".into(), "age".into(), "postal".into()],
            subject: Some("subj".into()),
            sensitive: vec!["gender".into()],
            categorical: Vec::new(),
            k: 2,
        };
        let dir = tempfile::tempdir().unwrap();
        let (input, staged) = (
            dir.path().join("in.parquet"),
            dir.path().join("staged.parquet"),
        );
        ParquetWriter::new(std::fs::File::create(&input).unwrap())
            .with_row_group_size(Some(3_000))
            .finish(&mut df.clone())
            .unwrap();
        let scan = |p: &std::path::Path| {
            crate::io::input::scan_file(p, crate::io::Format::Parquet).unwrap()
        };
        let (lf, tap) = ClassTable::tap(scan(&input), &s).unwrap();
        crate::io::output::sink(
            lf,
            &staged,
            crate::io::Format::Parquet,
            crate::io::output::Compression::Zstd,
        )
        .unwrap();
        let tapped = tap.finish().expect("the plan is dropped").unwrap();
        let read_back = ClassTable::build(scan(&staged), &s).unwrap();
        let written = scan(&staged).collect().unwrap();
        assert!(written.equals_missing(&df), "the tap changed the rows");
        // Each table as decoded rows: quasi-identifiers, subject, sensitive value, rows.
        let decoded = |t: &ClassTable| {
            let mut v: Vec<(Vec<Option<String>>, String, u32, u32)> = (0..t.len())
                .map(|j| {
                    (
                        (0..3).map(|q| t.domains[q].text(t.qi[q][j])).collect(),
                        t.subject_values[t.subject[j] as usize].to_string(),
                        t.sensitive[0][j],
                        t.rows[j],
                    )
                })
                .collect();
            v.sort();
            v
        };
        assert!(tapped.len() > 1_000);
        assert_eq!(decoded(&tapped), decoded(&read_back));
        assert_eq!(tapped.total_rows, 120_000);
        assert_eq!(tapped.total_rows, read_back.total_rows);
        assert_eq!(tapped.total_subjects, read_back.total_subjects);
        assert_eq!(tapped.by_subject, read_back.by_subject);
    }

    /// Filtering a table in place (the trace plan's table after its item suppression) gives
    /// the copy `without` gives, totals included.
    #[test]
    fn retain_in_place_equals_without() {
        let dir = tempfile::tempdir().unwrap();
        let t = table_of_file(dir.path(), "t.parquet", &spread_rows(20_000, 5, 40), 1_000);
        assert!(t.len() > 100);
        let keeps: [fn(usize) -> bool; 4] = [|j| j % 3 != 0, |j| j >= 7, |_| false, |_| true];
        for keep in keeps {
            let copy = t.without(keep);
            let mut inplace = t.clone();
            inplace.retain(keep);
            assert_eq!(inplace.qi, copy.qi);
            assert_eq!(inplace.subject, copy.subject);
            assert_eq!(inplace.sensitive, copy.sensitive);
            assert_eq!(inplace.rows, copy.rows);
            assert_eq!(inplace.total_rows, copy.total_rows);
            assert_eq!(inplace.total_subjects, copy.total_subjects);
        }
    }

    /// A value's code does not depend on which thread met it first: the same file read twice,
    /// and its rows reversed, give the same domains and the same classes under the same codes
    /// (what `tokumei risk` lists of the smallest classes varied from run to run while codes
    /// were handed out in the order values were met).
    #[test]
    fn class_table_codes_do_not_depend_on_the_read_order() {
        let rows = spread_rows(120_000, 7, 250);
        let dir = tempfile::tempdir().unwrap();
        let table = |rows: &[Row], name: &str| table_of_file(dir.path(), name, rows, 3_000);
        let texts = |d: &Domain| (0..d.len() as u32).map(|c| d.text(c)).collect::<Vec<_>>();
        // (quasi-identifier codes, subject code) -> rows.
        let classes = |t: &ClassTable| {
            let mut v: Vec<(Vec<u32>, u32, u32)> = (0..t.len())
                .map(|j| (t.qi.iter().map(|q| q[j]).collect(), t.subject[j], t.rows[j]))
                .collect();
            v.sort_unstable();
            v
        };
        let a = table(&rows, "a.parquet");
        let mut reversed = rows.clone();
        reversed.reverse();
        for b in [table(&rows, "b.parquet"), table(&reversed, "c.parquet")] {
            for (da, db) in a.domains.iter().zip(&b.domains) {
                assert_eq!(texts(da), texts(db));
            }
            assert_eq!(a.subject_values, b.subject_values);
            assert_eq!(classes(&a), classes(&b));
        }
    }

    proptest! {
        /// With `metric = "loss"`, each node's ARX Loss equals the plain computation on rows,
        /// and the pruned search (its bound: the loss without suppression) picks the node
        /// evaluating every node would.
        #[test]
        fn arx_loss_matches_brute_force_and_the_search_is_exact(
            rows in prop::collection::vec((prop::option::of(0u8..9), 0u8..3, 0u8..6, 0u8..40), 1..120),
            k in 1u64..6,
            budget in 0.0f64..0.4,
            node in (0usize..4, 0usize..2, 0usize..3),
        ) {
            let s = spec(k, false);
            let t = ClassTable::build(frame(&rows).lazy(), &s).unwrap();
            let h = hierarchies();
            let target = Target { k, min_l: None, suppress: Suppress::Rows, metric: Metric::Loss };
            let levels = [node.0, node.1, node.2];
            let maps: Vec<LevelMaps> = t.domains.iter().zip(&h).map(|(d, h)| level_maps(d, h.as_ref())).collect();
            let model = LossModel::new(&t, &h, &maps);
            let (e, _) = evaluate(&t, &maps, &levels, &target, false, Some((&model, f64::INFINITY)), None);
            let want = arx_loss_brute_force(&rows, &levels, k);
            prop_assert!((e.arx_loss - want).abs() < 1e-9, "{} vs {}", e.arx_loss, want);
            // Rolled up from the bottom, and from a finer node's groups, the figures are the same.
            let from_bottom = evaluate_groups(&t, &maps, &levels, &target, &Groups::bottom(&t), Some((&model, f64::INFINITY))).0;
            let finer = [node.0.min(1), 0, node.2.min(1)];
            let (_, finer_groups) = evaluate_groups(&t, &maps, &finer, &target, &Groups::bottom(&t), None);
            let rolled = evaluate_groups(&t, &maps, &levels, &target, &finer_groups, Some((&model, f64::INFINITY))).0;
            for r in [from_bottom, rolled] {
                prop_assert_eq!((r.rows, r.subjects), (e.rows, e.subjects));
                prop_assert!((r.share - e.share).abs() < 1e-12);
                prop_assert!((r.arx_loss - e.arx_loss).abs() < 1e-9);
            }
            prop_assert!(model.bound(&levels) <= e.arx_loss + 1e-12);
            // One node's own maps and model (a coarser node tried after the search) give the
            // same loss and the same subjects as every level's.
            let (_, all_set) = evaluate(&t, &maps, &levels, &target, true, None, None);
            for node in [Nodes::for_node(&t, &h, None, &levels), Nodes::for_node(&t, &h, Some(&maps), &levels)] {
                prop_assert!((node.arx_loss(&target) - e.arx_loss).abs() < 1e-12);
                prop_assert_eq!(&node.outcome(&target).removed, &all_set.clone().unwrap_or_default());
            }
            let (pruned, _) = search(&t, &h, None, &s, &target, budget, true).unwrap();
            let (full, _) = search(&t, &h, None, &s, &target, budget, false).unwrap();
            prop_assert_eq!(pruned.as_ref().map(|n| n.levels.clone()), full.as_ref().map(|n| n.levels.clone()));
            if let Some(n) = pruned {
                prop_assert!((n.loss - arx_loss_brute_force(&rows, &n.levels, k)).abs() < 1e-9);
            }
        }
    }

    proptest! {
        /// The pruned search picks the same node with the same loss as evaluating every node,
        /// and each node's suppression figures equal `measure` on the frame generalised to it.
        #[test]
        fn pruned_search_equals_exhaustive_and_brute_force(
            rows in prop::collection::vec((prop::option::of(0u8..9), 0u8..3, 0u8..6, 0u8..40), 1..150),
            k in 1u64..6,
            budget in 0.0f64..0.3,
            by_subject in any::<bool>(),
            node in (0usize..4, 0usize..2, 0usize..3),
        ) {
            let s = spec(k, by_subject);
            let t = ClassTable::build(frame(&rows).lazy(), &s).unwrap();
            let h = hierarchies();
            let cells = budget > 0.15;
            let target = Target { k, min_l: None, suppress: if cells { Suppress::Cells } else { Suppress::Rows }, metric: Metric::Levels };
            let (pruned, rp) = search(&t, &h, None, &s, &target, budget, true).unwrap();
            let (full, rf) = search(&t, &h, None, &s, &target, budget, false).unwrap();
            prop_assert_eq!(rf.evaluated, rf.nodes);
            prop_assert_eq!(rp.evaluated + rp.pruned_by_monotonicity + rp.pruned_by_bound, rp.nodes);
            prop_assert_eq!(pruned.as_ref().map(|n| n.levels.clone()), full.as_ref().map(|n| n.levels.clone()));
            prop_assert_eq!(pruned.map(|n| n.loss), full.map(|n| n.loss));

            let levels = [node.0, node.1, node.2];
            let maps: Vec<LevelMaps> = t.domains.iter().zip(&h).map(|(d, h)| level_maps(d, h.as_ref())).collect();
            let (e, _) = evaluate(&t, &maps, &levels, &target, false, None, None);
            let g = generalised(&rows, &levels);
            let m = crate::risk::measure(g.clone().lazy(), &s).unwrap();
            prop_assert_eq!(t.total_rows, m.rows);
            prop_assert_eq!(t.total_subjects, m.subjects);
            if cells || !by_subject {
                // One round: what is in classes below k.
                prop_assert_eq!(e.rows, m.rows_below_k);
                prop_assert_eq!(e.subjects, m.subjects_below_k);
            } else {
                // Rows of subjects: remove every row of the subjects in small classes, measure
                // again, until no class is small.
                let mut gone: HashSet<u8> = HashSet::new();
                loop {
                    let mut classes: HashMap<(Option<String>, String, String), HashSet<u8>> = HashMap::new();
                    for (i, r) in rows.iter().enumerate() {
                        if gone.contains(&r.3) { continue; }
                        let key = (
                            g.column("age").unwrap().str().unwrap().get(i).map(str::to_string),
                            g.column("gender").unwrap().str().unwrap().get(i).unwrap().to_string(),
                            g.column("postal").unwrap().str().unwrap().get(i).unwrap().to_string(),
                        );
                        classes.entry(key).or_default().insert(r.3);
                    }
                    let fresh: HashSet<u8> = classes.values().filter(|c| (c.len() as u64) < k).flatten().copied().collect();
                    if fresh.is_empty() { break; }
                    gone.extend(fresh);
                }
                prop_assert_eq!(e.subjects, gone.len() as u64);
                prop_assert_eq!(e.rows, rows.iter().filter(|r| gone.contains(&r.3)).count() as u64);
                let (listed, _) = suppressed_subjects(&t, &h, &levels, &target);
                prop_assert_eq!(listed.len(), gone.len());
            }
        }

        /// After recoding idiosyncratic values, every top- or bottom-coded label holds at least
        /// k subjects (an `other` group may stay rare: the search and suppression deal with it),
        /// and no other value changed.
        #[test]
        fn idiosyncratic_labels_hold_k(
            rows in prop::collection::vec((prop::option::of(0u8..9), 0u8..3, 0u8..6, 0u8..40), 1..150),
            k in 1u64..6,
        ) {
            let s = spec(k, true);
            let mut t = ClassTable::build(frame(&rows).lazy(), &s).unwrap();
            let before = t.clone();
            let (recodings, recodes) = recode_idiosyncratic(&mut t, &hierarchies(), &s);
            for r in &recodings {
                let i = s.qis.iter().position(|q| *q == r.column).unwrap();
                let Domain::Text(values) = &t.domains[i] else { unreachable!() };
                let code = values.iter().position(|v| *v == r.label).unwrap() as u32;
                let mut subjects: Vec<u32> = (0..t.len()).filter(|j| t.qi[i][*j] == code).map(|j| t.subject[j]).collect();
                subjects.dedup();
                if r.method != "grouped into other" {
                    prop_assert!(subjects.len() as u64 >= k, "{r:?}");
                }
                prop_assert!(r.values >= 1);
            }
            for (i, recode) in recodes.iter().enumerate() {
                let (Domain::Text(old), Domain::Text(new)) = (&before.domains[i], &t.domains[i]) else { unreachable!() };
                for j in 0..t.len() {
                    let (a, b) = (before.qi[i][j], t.qi[i][j]);
                    if a == NULL_CODE {
                        prop_assert_eq!(b, NULL_CODE);
                        continue;
                    }
                    let (a, b) = (&old[a as usize], &new[b as usize]);
                    prop_assert_eq!(recode.get(a).map_or(a, String::as_str), b);
                }
            }
            // Postal codes are generalised, never recoded.
            prop_assert!(recodes[2].is_empty());
        }
    }

    proptest! {
        /// The cascade worked off class by class removes the same subjects as rounds over the
        /// whole table (sizes recounted, every subject of a small class out, until none is
        /// small); it declines a table whose subjects' rows are not together.
        #[test]
        fn the_cascade_equals_rounds(
            rows in prop::collection::vec((0usize..41, 0u32..25), 1..300),
            k in 1u64..7,
            shuffle in any::<bool>(),
        ) {
            // Subject 40 is the null subject (rows without one), sorted last like the table's.
            let mut rows = rows;
            rows.sort_by_key(|r| r.0);
            if shuffle {
                rows.reverse();
                let mid = rows.len() / 2;
                rows.swap(0, mid);
            }
            let code = |s: usize| if s == 40 { NULL_CODE } else { s as u32 };
            let subject: Vec<u32> = rows.iter().map(|r| code(r.0)).collect();
            let class_of: Vec<u32> = rows.iter().map(|r| r.1).collect();
            let nc = 25;
            // Each subject's rows in one run.
            let mut seen = std::collections::HashSet::new();
            let together = subject
                .iter()
                .enumerate()
                .filter(|(i, s)| *i == 0 || subject[i - 1] != **s)
                .all(|(_, s)| seen.insert(*s));
            let mut gone = vec![false; 41];
            let got = cascade_closure(&class_of, nc, &subject, k, &mut gone, u64::MAX);
            if !together {
                prop_assert_eq!(got, None);
                prop_assert!(gone.iter().all(|g| !g));
                return Ok(());
            }
            // Rounds, as plainly as they can be written: every subject of a small class goes
            // with all its rows; the null subject loses only its rows in that class.
            let mut want = vec![false; 41];
            let mut null_out = vec![false; nc];
            loop {
                let mut members: Vec<std::collections::HashSet<usize>> = vec![Default::default(); nc];
                for (r, c) in rows.iter().zip(&class_of) {
                    let c = *c as usize;
                    let out = if r.0 == 40 { null_out[c] } else { want[r.0] };
                    if !out {
                        members[c].insert(r.0);
                    }
                }
                let mut fresh = false;
                for (c, m) in members.iter().enumerate() {
                    if !m.is_empty() && (m.len() as u64) < k {
                        for s in m {
                            let slot = if *s == 40 { &mut null_out[c] } else { &mut want[*s] };
                            fresh |= !std::mem::replace(slot, true);
                        }
                    }
                }
                if !fresh {
                    break;
                }
            }
            let (went, emptied) = got.unwrap();
            prop_assert_eq!(&gone, &want);
            prop_assert!(!gone[40], "the null subject's slot is never marked");
            let all = want.iter().filter(|g| **g).count() as u64;
            prop_assert_eq!(went, all);
            // The classes whose null rows go are emptied ones.
            for (r, c) in rows.iter().zip(&class_of) {
                if r.0 == 40 {
                    prop_assert_eq!(emptied[*c as usize], null_out[*c as usize]);
                }
            }
            // Told to stop past a number of subjects, it stops there, having taken only
            // subjects that must go.
            let bound = all / 2;
            let mut part = vec![false; 41];
            let (got, _) = cascade_closure(&class_of, nc, &subject, k, &mut part, bound).unwrap();
            prop_assert_eq!(got, if all > bound { bound + 1 } else { all });
            prop_assert!(part.iter().zip(&want).all(|(p, w)| !p || *w));
        }
    }

    proptest! {
        /// Class numbering gives equal numbers exactly to equal keys, densely, when the codes
        /// pack into 64 bits with the row number (sorted in place) or without it (row numbers
        /// sorted by key), into 128 bits (hashed), and when they do not (pairwise).
        #[test]
        fn class_numbering_matches_keys(
            keys in prop::collection::vec(prop::collection::vec(0u32..4, 5), 1..60),
            huge in 0u8..4,
        ) {
            // 3: keys that pack into 64 bits but leave no room for the row number beside them.
            let radix: Vec<u128> = vec![match huge { 0 => 5, 1 => 1 << 20, 2 => 1 << 40, _ => 1 << 12 }; 5];
            let scale = if huge == 3 { 1000 } else { 1 };
            let (class_of, n) = number_classes(keys.len(), &radix, |c, j| u128::from(keys[j][c] * scale));
            let distinct: HashSet<&Vec<u32>> = keys.iter().collect();
            prop_assert_eq!(n, distinct.len());
            prop_assert!(class_of.iter().all(|c| (*c as usize) < n));
            for a in 0..keys.len() {
                for b in 0..keys.len() {
                    prop_assert_eq!(class_of[a] == class_of[b], keys[a] == keys[b]);
                }
            }
            // The numbers follow the keys, not the rows' order (one column or several, except
            // keys too wide for 128 bits, numbered pairwise): reversed rows, same numbers.
            if huge < 2 {
                for width in [1usize, 5] {
                    let r = &radix[..width];
                    let (fwd, _) = number_classes(keys.len(), r, |c, j| u128::from(keys[j][c] * scale));
                    let m = keys.len();
                    let (rev, _) = number_classes(m, r, |c, j| u128::from(keys[m - 1 - j][c] * scale));
                    for j in 0..m {
                        prop_assert_eq!(fwd[j], rev[m - 1 - j]);
                    }
                }
            }
        }
    }

    #[test]
    fn code_boundaries_fall_between_values_at_round_numbers() {
        // A reviewer found `12253000+` and `≤12000` in a report: values customers held.
        assert_eq!(
            roundest_between(5_000_000.0, 12_253_000.0, false),
            Some(10_000_000.0)
        );
        assert_eq!(roundest_between(11_000.0, 12_000.0, false), Some(11_500.0));
        assert_eq!(roundest_between(5.0, 6.0, false), Some(5.5));
        assert_eq!(roundest_between(0.1, 0.2, false), Some(0.15));
        assert_eq!(roundest_between(1949.0, 1957.0, true), Some(1950.0));
        assert_eq!(roundest_between(1956.0, 1957.0, true), None);
        assert_eq!(roundest_between(3.0, 3.0, false), None);
        for (a, b) in [(-7.0, -2.0), (0.0, 1e-9), (123.456, 123.457), (1e14, 3e14)] {
            if let Some(m) = roundest_between(a, b, false) {
                assert!(m > a && m < b, "{a} {b} {m}");
            }
        }
    }

    #[test]
    fn top_and_bottom_coding_of_age_bands() {
        // 10 subjects in 40-49, 1 each in 70-79, 80-89, 90+ and in <20, 20-29: with k = 3 the
        // top three bands become `70+`, the bottom two `<30`.
        let mut rows: Vec<Row> = (0..10).map(|s| (Some(3), 0, 0, s)).collect();
        rows.extend([
            (Some(6), 0, 0, 20),
            (Some(7), 0, 0, 21),
            (Some(8), 0, 0, 22),
        ]);
        rows.extend([
            (Some(0), 0, 0, 30),
            (Some(1), 0, 0, 31),
            (Some(1), 0, 0, 32),
        ]);
        let s = spec(3, true);
        let mut t = ClassTable::build(frame(&rows).lazy(), &s).unwrap();
        let (recodings, recodes) = recode_idiosyncratic(&mut t, &hierarchies(), &s);
        assert_eq!(recodes[0].get("90+").map(String::as_str), Some("70+"));
        assert_eq!(recodes[0].get("70-79").map(String::as_str), Some("70+"));
        assert_eq!(recodes[0].get("<20").map(String::as_str), Some("<30"));
        assert_eq!(recodes[0].get("20-29").map(String::as_str), Some("<30"));
        assert!(!recodes[0].contains_key("40-49"));
        let methods: Vec<&str> = recodings.iter().map(|r| r.method).collect();
        assert_eq!(methods, ["top-coded", "bottom-coded"]);
        assert_eq!(recodings[0].rows, 3);
        // Gender X (none here) and F are fine; nothing grouped.
        assert!(recodes[1].is_empty());
    }

    #[test]
    fn rare_categories_are_grouped_into_other() {
        let mut rows: Vec<Row> = (0..6).map(|s| (Some(3), 0, 0, s)).collect();
        rows.extend([(Some(3), 2, 0, 10), (Some(3), 1, 0, 11)]);
        let s = spec(2, true);
        let mut t = ClassTable::build(frame(&rows).lazy(), &s).unwrap();
        let (recodings, recodes) = recode_idiosyncratic(&mut t, &hierarchies(), &s);
        assert_eq!(recodes[1].get("X").map(String::as_str), Some("other"));
        assert_eq!(recodes[1].get("M").map(String::as_str), Some("other"));
        assert_eq!(recodings[0].values, 2);
    }

    #[test]
    fn week_levels_do_not_nest_in_months() {
        let ts = Hierarchy::Timestamp(chrono_tz::Asia::Tokyo);
        assert!(!ts.nests(2, 3));
        assert!(ts.nests(1, 3) && ts.nests(2, 4));
        let h = vec![Some(ts), Some(Hierarchy::Postal)];
        assert!(!specialises(&[2, 0], &[3, 1], &h));
        assert!(specialises(&[1, 0], &[3, 1], &h));
    }
}
