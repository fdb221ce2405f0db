//! Column transforms: one file per family. Each rule is compiled once from its job parameters
//! (keys derived, regexes built, edges checked) so applying it to a column cannot fail on
//! configuration. Applying never reads files and never knows about datasets: `run` wires it.
//!
//! Every rule keeps nulls null. A non-null value that a rule cannot interpret becomes null and is
//! counted as `unparsed` in the report (the count is taken here, centrally, as the difference of
//! null counts, so no rule can forget it).

pub(crate) mod address;
pub(crate) mod cryptopan;
pub(crate) mod date;
pub(crate) mod hierarchy_table;
pub(crate) mod ip;
pub(crate) mod levels;
pub(crate) mod mask;
pub(crate) mod number;
pub(crate) mod postal;
pub(crate) mod pseudonym;
pub(crate) mod text;
pub(crate) mod timestamp;
pub(crate) mod url;
pub(crate) mod user_agent;

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::detect::Kind;
use crate::detect::known::KnownValues;
use crate::error::Problems;
use crate::keys::RunKey;
use levels::Hierarchy;

/// What the rules need to know about the job as a whole.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    /// Timestamps are truncated in this zone.
    pub(crate) tz: chrono_tz::Tz,
    /// Ages are computed at this date.
    pub(crate) as_of: chrono::NaiveDate,
    /// The job delivers anonymously processed information (匿名加工情報).
    pub(crate) anonymous: bool,
}

/// A column's rule as the job file writes it. A bare string (`email = "drop"`) is shorthand for
/// `{ rule = "drop" }`. Each family's parameters live in its own file.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub(crate) enum RuleSpec {
    Keep(KeepSpec),
    Drop(NoParams),
    Pseudonym(pseudonym::Spec),
    Mask(mask::Spec),
    Ip(ip::Spec),
    Timestamp(timestamp::Spec),
    Date(date::Spec),
    PostalCode(postal::Spec),
    Address(address::Spec),
    Number(number::Spec),
    Url(url::Spec),
    UserAgent(user_agent::Spec),
    Text(text::Spec),
}

pub(crate) const RULE_NAMES: &[&str] = &[
    "keep",
    "drop",
    "pseudonym",
    "mask",
    "ip",
    "timestamp",
    "date",
    "postal-code",
    "address",
    "number",
    "url",
    "user-agent",
    "text",
];

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoParams {}

/// `keep`: a written `reason` is required to keep, in anonymous mode, a column that `scan` would
/// classify as an identifier; the report records it.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeepSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<String>,
}

impl RuleSpec {
    /// The rule as a job file writes it: a bare name (`"drop"`) when it has no parameters, else
    /// an inline table (`{ rule = "postal-code", digits = 3 }`).
    pub(crate) fn to_toml(&self) -> String {
        match toml::Value::try_from(self) {
            Ok(toml::Value::Table(mut t)) if t.len() > 1 => {
                // `width = 5000`, not `5000.0`: whole numbers read back the same.
                for (_, v) in t.iter_mut() {
                    if let toml::Value::Float(f) = *v
                        && f.fract() == 0.0
                        && f.abs() < 1e15
                    {
                        *v = toml::Value::Integer(f as i64);
                    }
                }
                toml::Value::Table(t).to_string()
            }
            _ => format!("\"{}\"", self.name()),
        }
    }

    /// The rule's name as the job file spells it.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            RuleSpec::Keep(_) => "keep",
            RuleSpec::Drop(_) => "drop",
            RuleSpec::Pseudonym(_) => "pseudonym",
            RuleSpec::Mask(_) => "mask",
            RuleSpec::Ip(_) => "ip",
            RuleSpec::Timestamp(_) => "timestamp",
            RuleSpec::Date(_) => "date",
            RuleSpec::PostalCode(_) => "postal-code",
            RuleSpec::Address(_) => "address",
            RuleSpec::Number(_) => "number",
            RuleSpec::Url(_) => "url",
            RuleSpec::UserAgent(_) => "user-agent",
            RuleSpec::Text(_) => "text",
        }
    }

    /// Validates the parameters into a rule; problems are named by `key`, the column's job key.
    pub(crate) fn compile(
        &self,
        column: &str,
        key: &str,
        ctx: &Ctx,
        p: &mut Problems,
    ) -> Option<Rule> {
        if let RuleSpec::Keep(k) = self {
            // A short reason is a problem of its own; the column still has its rule.
            if let Some(reason) = &k.reason
                && reason.trim().chars().count() < 10
            {
                p.push(
                    &format!("{key}.reason"),
                    "write the reason out (at least 10 characters): it goes into the report",
                );
            }
            return Some(Rule::Keep {
                reason: k.reason.clone(),
            });
        }
        let before = p.0.len();
        let rule = match self {
            RuleSpec::Keep(_) => unreachable!("handled above"),
            RuleSpec::Drop(_) => Some(Rule::Drop),
            RuleSpec::Pseudonym(s) => pseudonym::compile(s, column, key, ctx, p),
            RuleSpec::Mask(s) => mask::compile(s, column, key, ctx, p),
            RuleSpec::Ip(s) => ip::compile(s, column, key, ctx, p),
            RuleSpec::Timestamp(s) => timestamp::compile(s, column, key, ctx, p),
            RuleSpec::Date(s) => date::compile(s, column, key, ctx, p),
            RuleSpec::PostalCode(s) => postal::compile(s, column, key, ctx, p),
            RuleSpec::Address(s) => address::compile(s, column, key, ctx, p),
            RuleSpec::Number(s) => number::compile(s, column, key, ctx, p),
            RuleSpec::Url(s) => url::compile(s, column, key, ctx, p),
            RuleSpec::UserAgent(s) => user_agent::compile(s, column, key, ctx, p),
            RuleSpec::Text(s) => text::compile(s, column, key, ctx, p),
        };
        if p.0.len() > before { None } else { rule }
    }
}

/// A column's validated rule: what `check` prints (`Display`: its parameters), what `run`
/// applies, how the risk search generalises its output and what the delivery check may find in
/// it. Adding a rule family: one file in this folder, its arms here and in [`RuleSpec`], and a
/// README section (the README's Architecture section lists every place).
#[derive(Clone)]
pub(crate) enum Rule {
    Keep { reason: Option<String> },
    Drop,
    Pseudonym(pseudonym::Params),
    Mask(Arc<mask::Mask>),
    Ip(ip::Params),
    Timestamp(Arc<timestamp::Timestamp>),
    Date(Arc<date::BirthDate>),
    PostalCode(Arc<postal::PostalCode>),
    Address(Arc<address::Address>),
    Number(Arc<number::Number>),
    Url(Arc<url::Url>),
    UserAgent(Arc<user_agent::UserAgent>),
    Text(text::Params),
}

impl Rule {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Rule::Keep { .. } => "keep",
            Rule::Drop => "drop",
            Rule::Pseudonym(_) => "pseudonym",
            Rule::Mask(_) => "mask",
            Rule::Ip(_) => "ip",
            Rule::Timestamp(_) => "timestamp",
            Rule::Date(_) => "date",
            Rule::PostalCode(_) => "postal-code",
            Rule::Address(_) => "address",
            Rule::Number(_) => "number",
            Rule::Url(_) => "url",
            Rule::UserAgent(_) => "user-agent",
            Rule::Text(_) => "text",
        }
    }

    /// The value rule to apply, once the run's key and the dataset's known values exist;
    /// `None` for `keep` and `drop`, which never touch values.
    pub(crate) fn build(&self, key: &RunKey, known: &KnownValues) -> Option<Arc<dyn ValueRule>> {
        Some(match self {
            Rule::Keep { .. } | Rule::Drop => return None,
            Rule::Pseudonym(p) => Arc::new(p.build(key)),
            Rule::Ip(p) => Arc::new(p.build(key)),
            Rule::Text(p) => Arc::new(p.build(known)),
            Rule::Mask(r) => r.clone(),
            Rule::Timestamp(r) => r.clone(),
            Rule::Date(r) => r.clone(),
            Rule::PostalCode(r) => r.clone(),
            Rule::Address(r) => r.clone(),
            Rule::Number(r) => r.clone(),
            Rule::Url(r) => r.clone(),
            Rule::UserAgent(r) => r.clone(),
        })
    }

    /// How the risk search may generalise this rule's output; `None` for rules whose output is
    /// not a quasi-identifier it knows how to coarsen (pseudonyms, masks, URLs, text).
    pub(crate) fn hierarchy(&self) -> Option<Hierarchy> {
        Some(match self {
            Rule::Keep { .. } => Hierarchy::Categorical,
            Rule::Date(d) if d.output == date::DateOutput::Year => Hierarchy::Year,
            Rule::Date(_) => Hierarchy::AgeBand,
            Rule::PostalCode(_) => Hierarchy::Postal,
            Rule::Address(_) => Hierarchy::Address,
            Rule::Ip(_) => Hierarchy::Ip,
            Rule::Number(n) => match n.method {
                number::NumberMethod::Round(step) => Hierarchy::Rounded(step),
                _ => Hierarchy::Number,
            },
            Rule::UserAgent(_) => Hierarchy::UserAgent,
            Rule::Timestamp(t) => Hierarchy::Timestamp(t.tz),
            _ => return None,
        })
    }

    /// What the delivery check may find in this rule's output without it being a leak. A
    /// truncated or Crypto-PAn address is still an address: that is the rule's output. Rules
    /// whose output comes from a closed vocabulary may contain a known value by coincidence (a
    /// surname that is also a place name: 千葉 in 千葉県).
    pub(crate) fn expected_kinds(&self) -> &'static [Kind] {
        expected_kinds(self.name())
    }

    /// The output shape of a rule whose values come from a closed vocabulary of high
    /// cardinality (pseudonyms, IPs, postal codes): the delivery check verifies the shape
    /// instead of searching every value. `None`: searched in full.
    pub(crate) fn shape(&self) -> Option<Shape> {
        match self {
            Rule::Pseudonym(p) => {
                let p = p.clone();
                Some(Arc::new(move |v: &str| p.emits(v)))
            }
            Rule::Ip(_) => Some(Arc::new(ip::emits)),
            Rule::PostalCode(_) => Some(Arc::new(postal::emits)),
            _ => None,
        }
    }

    /// The written reason for keeping an identifier-like column.
    pub(crate) fn keep_reason(&self) -> Option<&str> {
        match self {
            Rule::Keep { reason } => reason.as_deref(),
            _ => None,
        }
    }
}

/// Whether a value has the shape a rule writes (see `Rule::shape`).
pub(crate) type Shape = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// [`Rule::shape`] from a rule's name and parameters as a report writes them (`tokumei verify`
/// reads a delivery without its job): random pseudonyms are then checked for their shape, not
/// searched, as the run checked them.
pub(crate) fn shape_from_report(rule: &str, params: &str) -> Option<Shape> {
    match rule {
        "pseudonym" => {
            let p = pseudonym::Params::from_report(params)?;
            Some(Arc::new(move |v: &str| p.emits(v)))
        }
        "ip" => Some(Arc::new(ip::emits)),
        "postal-code" => Some(Arc::new(postal::emits)),
        _ => None,
    }
}

/// What the delivery check may find in the output of the rule named `rule` (also for reading
/// back a delivered report, which names rules by name).
pub(crate) fn expected_kinds(rule: &str) -> &'static [Kind] {
    match rule {
        "ip" => &[Kind::Ip, Kind::Known],
        "address" | "postal-code" | "date" | "number" | "timestamp" | "user-agent" => {
            &[Kind::Known]
        }
        _ => &[],
    }
}

/// A rule's effect in words, in Japanese and English, for readers without tokumei knowledge
/// (the report, the APPI statement).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Words {
    pub(crate) ja: String,
    pub(crate) en: String,
}

impl Words {
    pub(crate) fn new(ja: impl Into<String>, en: impl Into<String>) -> Words {
        Words {
            ja: ja.into(),
            en: en.into(),
        }
    }
}

impl Rule {
    /// What the delivered column holds, in words. Each family says it in its own file.
    pub(crate) fn describe(&self) -> Words {
        match self {
            Rule::Keep { .. } => Words::new("元の値のまま", "kept as is"),
            Rule::Drop => Words::new("削除（提供しない）", "deleted (not delivered)"),
            Rule::Pseudonym(p) => p.describe(),
            Rule::Mask(r) => r.describe(),
            Rule::Ip(p) => p.describe(),
            Rule::Timestamp(r) => r.describe(),
            Rule::Date(r) => r.describe(),
            Rule::PostalCode(r) => r.describe(),
            Rule::Address(r) => r.describe(),
            Rule::Number(r) => r.describe(),
            Rule::Url(r) => r.describe(),
            Rule::UserAgent(r) => r.describe(),
            Rule::Text(p) => p.describe(),
        }
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({self})", self.name())
    }
}

impl std::fmt::Display for Rule {
    /// The rule's parameters as the plan and the report print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rule::Keep { .. } | Rule::Drop => Ok(()),
            Rule::Pseudonym(p) => p.fmt(f),
            Rule::Mask(r) => r.fmt(f),
            Rule::Ip(p) => p.fmt(f),
            Rule::Timestamp(r) => r.fmt(f),
            Rule::Date(r) => r.fmt(f),
            Rule::PostalCode(r) => r.fmt(f),
            Rule::Address(r) => r.fmt(f),
            Rule::Number(r) => r.fmt(f),
            Rule::Url(r) => r.fmt(f),
            Rule::UserAgent(r) => r.fmt(f),
            Rule::Text(p) => p.fmt(f),
        }
    }
}

/// A compiled per-value rule. `keep` and `drop` are not rules: they never touch values.
pub(crate) trait ValueRule: Send + Sync {
    /// The dtype of the column this rule produces.
    fn output_dtype(&self) -> DataType;
    /// Transforms one chunk of a column. Must keep length and keep nulls null.
    fn apply(&self, input: &Column) -> PolarsResult<Column>;
}

/// A rule from one text value to one text value: the common case. `None` means "could not
/// interpret" and becomes null. Non-text inputs are cast to text first.
pub(crate) trait TextRule: Send + Sync {
    fn transform(&self, value: &str) -> Option<String>;

    /// `transform`'s output appended to `out`; `false` (and `out` unchanged) for `None`. Rules
    /// on the hot path write in place, so a distinct value costs no allocation of its own.
    fn transform_into(&self, value: &str, out: &mut String) -> bool {
        match self.transform(value) {
            Some(s) => {
                out.push_str(&s);
                true
            }
            None => false,
        }
    }

    /// Whether the column's values repeat (User-Agents, URLs, IPs, IDs): each batch then
    /// transforms every distinct value once. Free text, which rarely repeats, says no.
    fn repeats(&self) -> bool {
        true
    }

    /// A cache of outputs shared by the run's batches, for a rule whose `transform` costs far
    /// more than a lookup and a copy (the User-Agent parser; stripping and scrubbing a URL does
    /// not: BENCHMARKS.md). `None`: each batch transforms its own distinct values.
    fn run_cache(&self) -> Option<&RunCache> {
        None
    }
}

impl<T: TextRule> ValueRule for T {
    fn output_dtype(&self) -> DataType {
        DataType::String
    }

    fn apply(&self, input: &Column) -> PolarsResult<Column> {
        if self.repeats() {
            match self.run_cache() {
                Some(cache) => map_distinct_into(input, |s, out| {
                    cache.get_or_insert_into(s, out, |s, out| self.transform_into(s, out))
                }),
                None => map_distinct_into(input, |s, out| self.transform_into(s, out)),
            }
        } else {
            map_strings(input, |s| self.transform(s).map(Cow::Owned))
        }
    }
}

/// The outputs of one rule's distinct values, shared by all batches of a run (polars hands a
/// column over in many batches, and `map_distinct` remembers values within one only). Keyed by
/// the value itself, so a hit is that value's own output; `transform` is a pure function, so
/// what is cached never changes what is written. Bounded: each of its shards holds at most
/// `RUN_CACHE_BYTES / RUN_CACHE_SHARDS` bytes of keys, outputs and overhead, and is emptied
/// when full; values longer than `RUN_CACHE_MAX_KEY` are never cached.
pub(crate) struct RunCache {
    shards: crate::sharded::Sharded<CacheShard>,
}

#[derive(Default)]
struct CacheShard {
    map: std::collections::HashMap<Box<str>, Option<Box<str>>, foldhash::fast::RandomState>,
    bytes: usize,
}

/// At most 16 MiB per rule, whatever the input's size or its count of distinct values.
const RUN_CACHE_BYTES: usize = 16 << 20;
const RUN_CACHE_SHARDS: usize = 16;
const RUN_CACHE_MAX_KEY: usize = 1024;
/// What an entry costs beyond its text: two boxed strings and the table's slot and slack.
const RUN_CACHE_ENTRY: usize = 64;

impl Default for RunCache {
    fn default() -> RunCache {
        RunCache {
            shards: crate::sharded::Sharded::new(RUN_CACHE_SHARDS),
        }
    }
}

impl RunCache {
    /// `v`'s output: remembered, or `transform(v)` (then remembered if it fits).
    #[cfg(test)]
    pub(crate) fn get_or_insert(
        &self,
        v: &str,
        transform: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        let mut out = String::new();
        self.get_or_insert_into(v, &mut out, |_, out| match transform() {
            Some(s) => {
                out.push_str(&s);
                true
            }
            None => false,
        })
        .then_some(out)
    }

    /// `v`'s output appended to `out`: remembered, or `transform`'s (then remembered if it
    /// fits); `false` when there is none.
    pub(crate) fn get_or_insert_into(
        &self,
        v: &str,
        out: &mut String,
        transform: impl FnOnce(&str, &mut String) -> bool,
    ) -> bool {
        if v.len() > RUN_CACHE_MAX_KEY {
            return transform(v, out);
        }
        if let Some(hit) = self.shards.lock(v).map.get(v) {
            return match hit {
                Some(h) => {
                    out.push_str(h);
                    true
                }
                None => false,
            };
        }
        let at = out.len();
        let some = transform(v, out);
        let made = &out[at..];
        let cost = v.len() + made.len() + RUN_CACHE_ENTRY;
        let mut s = self.shards.lock(v);
        if s.bytes + cost > RUN_CACHE_BYTES / RUN_CACHE_SHARDS {
            // Full: start over (the table's allocation goes too, so the bound holds).
            *s = CacheShard::default();
        }
        if s.map.insert(v.into(), some.then(|| made.into())).is_none() {
            s.bytes += cost;
        }
        some
    }

    /// The bytes the cache counts as held (at most `RUN_CACHE_BYTES`).
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.shards.each().map(|s| s.bytes).sum()
    }
}

/// `map_strings` for columns whose values repeat: `f` runs once per distinct value of the
/// batch. The cache holds at most one entry per row of the batch, so memory stays bounded by
/// the batch, not by the input. Each row's value is hashed once (a row equal to the one before
/// it, as in a visitor's consecutive log lines, not at all), and the output is built from the
/// rows' slots.
pub(crate) fn map_distinct<F>(input: &Column, f: F) -> PolarsResult<Column>
where
    F: Fn(&str) -> Option<String>,
{
    map_distinct_into(input, |v, out| match f(v) {
        Some(s) => {
            out.push_str(&s);
            true
        }
        None => false,
    })
}

/// The table `map_distinct_into` numbers a batch's distinct values with, kept by each thread
/// from batch to batch: emptied, not freed, so a batch neither allocates it nor rehashes it
/// while it grows (a log's URLs are mostly distinct within a batch). It holds slot numbers
/// only (4 bytes each), at most a batch's rows; a table grown past [`DEDUP_KEPT`] entries by an
/// unusually large batch is freed after it.
#[derive(Default)]
struct Dedup {
    table: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

/// The most entries a thread's [`Dedup`] table keeps room for between batches (about 640 KiB;
/// pass 1's batches of some 7,500 rows need room for 14,336).
const DEDUP_KEPT: usize = 1 << 17;

thread_local! {
    static DEDUP: std::cell::RefCell<Dedup> = std::cell::RefCell::new(Dedup::default());
}

/// [`map_distinct`] for a function that appends its output to a buffer and says whether there
/// is one (`false`: null). Every output goes into one buffer per batch, which becomes the
/// column's data buffer as it is: no string is allocated per value, none is copied again.
pub(crate) fn map_distinct_into<F>(input: &Column, f: F) -> PolarsResult<Column>
where
    F: Fn(&str, &mut String) -> bool,
{
    let as_str = input.cast(&DataType::String)?;
    let ca = as_str.str()?;
    DEDUP.with(|d| match d.try_borrow_mut() {
        Ok(mut d) => Ok(distinct_into(ca, &mut d, &f).into_column()),
        // Only if `f` itself maps a column on this thread: a table of its own.
        Err(_) => Ok(distinct_into(ca, &mut Dedup::default(), &f).into_column()),
    })
}

fn distinct_into<F>(ca: &StringChunked, d: &mut Dedup, f: &F) -> StringChunked
where
    F: Fn(&str, &mut String) -> bool,
{
    use std::hash::BuildHasher;
    const NULL: u32 = u32::MAX;
    let Dedup { table, hasher } = d;
    table.clear();
    // Each distinct value's first spelling and its output's place in `text` (`None`: null).
    let mut firsts: Vec<&str> = Vec::new();
    let mut spans: Vec<Option<(usize, usize)>> = Vec::new();
    let mut text = String::new();
    let mut slots: Vec<u32> = Vec::with_capacity(ca.len());
    let mut previous: Option<(&str, u32)> = None;
    for v in ca.iter() {
        let slot = match v {
            None => NULL,
            Some(v) => match previous {
                Some((p, slot)) if p == v => slot,
                _ => {
                    let hash = hasher.hash_one(v);
                    let slot = match table.find(hash, |s| firsts[*s as usize] == v) {
                        Some(s) => *s,
                        None => {
                            let slot = firsts.len() as u32;
                            firsts.push(v);
                            table.insert_unique(hash, slot, |s| {
                                hasher.hash_one(firsts[*s as usize])
                            });
                            let at = text.len();
                            spans.push(f(v, &mut text).then(|| (at, text.len() - at)));
                            slot
                        }
                    };
                    previous = Some((v, slot));
                    slot
                }
            },
        };
        slots.push(slot);
    }
    if table.capacity() > DEDUP_KEPT {
        *table = hashbrown::HashTable::new();
    }
    shared_views(ca.name().clone(), &slots, &spans, text)
}

/// A string column whose row i is the output `spans[slots[i]]` of `text` (`u32::MAX` or a
/// `None` span: null). Each distinct output's bytes are stored once and every row holding it
/// points at them, so a row costs a 16-byte view, not a copy of its text.
fn shared_views(
    name: PlSmallStr,
    slots: &[u32],
    spans: &[Option<(usize, usize)>],
    text: String,
) -> StringChunked {
    use polars_arrow::array::{Utf8ViewArray, View};
    use polars_arrow::bitmap::MutableBitmap;
    use polars_arrow::datatypes::ArrowDataType;
    let output = |s: u32| {
        spans
            .get(s as usize)
            .copied()
            .flatten()
            .map(|(at, n)| &text[at..at + n])
    };
    if text.len() > u32::MAX as usize {
        // Offsets would not fit a view: one copy per row.
        return slots
            .iter()
            .map(|&s| output(s))
            .collect::<StringChunked>()
            .with_name(name);
    }
    let views_of: Vec<Option<View>> = spans
        .iter()
        .map(|o| o.map(|(at, n)| View::new_from_bytes(&text.as_bytes()[at..at + n], 0, at as u32)))
        .collect();
    let mut validity = MutableBitmap::with_capacity(slots.len());
    // The valid values' bytes, known here so that polars need not count them again.
    let mut bytes = 0usize;
    let views: Vec<View> = slots
        .iter()
        .map(|&s| match views_of.get(s as usize).copied().flatten() {
            Some(v) => {
                validity.push(true);
                bytes += v.length as usize;
                v
            }
            None => {
                validity.push(false);
                View::default()
            }
        })
        .collect();
    let buffer = text.into_bytes();
    let buffer_len = buffer.len();
    let buffers = vec![buffer.into()];
    // SAFETY: every valid view is `View::new_from_bytes` of one whole output, a `str` slice of
    // `text` (UTF-8): inline when short, else pointing into buffer 0 (`text`'s bytes) at the
    // offset where that output starts, and ending inside it (offsets fit u32, checked above).
    // Nulls are zeroed views, marked invalid; the validity has one bit per view. `bytes` is the
    // sum of the valid views' lengths and `buffer_len` the one buffer's (a test checks both).
    let arr = unsafe {
        Utf8ViewArray::new_unchecked(
            ArrowDataType::Utf8View,
            views.into(),
            buffers.into(),
            validity.into(),
            Some(bytes),
            buffer_len,
        )
    };
    StringChunked::with_chunk(name, arr)
}

/// Whether `rule` can read a column of type `dtype`; the error says why not and what to do.
/// A rule on a type it cannot read would turn every value into null (or stop the run), so the
/// plan refuses it up front.
pub(crate) fn accepts(rule: &str, dtype: &DataType) -> Result<(), String> {
    use DataType as D;
    if is_nested_or_binary(dtype) {
        return match rule {
            "drop" => Ok(()),
            _ => Err(
                "nested and binary columns cannot be read or checked for identifiers; \
                 use \"drop\", or flatten it in the export"
                    .to_string(),
            ),
        };
    }
    if matches!(
        dtype,
        D::Null | D::String | D::Categorical(..) | D::Enum(..)
    ) {
        return Ok(());
    }
    let integer = dtype.is_integer();
    let numeric = dtype.is_primitive_numeric() || matches!(dtype, D::Decimal(..));
    let temporal = matches!(dtype, D::Date | D::Datetime(..));
    let ok = match rule {
        "keep" | "drop" => true,
        "pseudonym" | "mask" | "postal-code" => integer,
        "number" => numeric,
        "timestamp" => temporal || integer,
        "date" => temporal || integer,
        // Text-reading rules on numbers or dates would only ever produce null.
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        let fits: &[&str] = if integer {
            &[
                "keep",
                "drop",
                "pseudonym",
                "mask",
                "number",
                "postal-code",
                "timestamp",
                "date",
            ]
        } else if numeric {
            &["keep", "drop", "number"]
        } else if temporal {
            &["keep", "drop", "timestamp", "date"]
        } else {
            &["keep", "drop"]
        };
        Err(format!(
            "`{rule}` cannot read it (every value would become null); rules for this type: {}",
            fits.join(", ")
        ))
    }
}

/// Lists, arrays, structs and binary: columns no rule reads (they can only be dropped).
pub(crate) fn is_nested_or_binary(dtype: &DataType) -> bool {
    use DataType as D;
    matches!(
        dtype,
        D::List(_) | D::Array(..) | D::Struct(_) | D::Binary | D::BinaryOffset
    )
}

/// Counts taken while a column streams through its rule; read once the sink has finished.
#[derive(Debug, Default)]
pub(crate) struct ColumnCounters {
    pub(crate) rows: AtomicU64,
    pub(crate) nulls_in: AtomicU64,
    pub(crate) unparsed: AtomicU64,
}

impl ColumnCounters {
    pub(crate) fn get(&self) -> (u64, u64, u64) {
        (
            self.rows.load(Ordering::Relaxed),
            self.nulls_in.load(Ordering::Relaxed),
            self.unparsed.load(Ordering::Relaxed),
        )
    }
}

/// Builds the streaming expression that applies `rule` to column `name`, counting as it goes.
pub(crate) fn rule_expr(
    name: &str,
    rule: Arc<dyn ValueRule>,
    counters: Arc<ColumnCounters>,
) -> Expr {
    let out_dtype = rule.output_dtype();
    col(name).map(
        move |c: Column| {
            let nulls_in = c.null_count() as u64;
            let out = rule.apply(&c)?;
            polars_ensure!(
                out.len() == c.len(),
                ComputeError: "internal error: rule changed the length of column `{}`", c.name()
            );
            let nulls_out = out.null_count() as u64;
            counters.rows.fetch_add(c.len() as u64, Ordering::Relaxed);
            counters.nulls_in.fetch_add(nulls_in, Ordering::Relaxed);
            counters
                .unparsed
                .fetch_add(nulls_out.saturating_sub(nulls_in), Ordering::Relaxed);
            Ok(out)
        },
        move |_schema: &Schema, field: &Field| {
            Ok(Field::new(field.name().clone(), out_dtype.clone()))
        },
    )
}

/// Builds the expression for a kept column: unchanged values, but rows and nulls are counted so
/// the report can say how many rows went in.
pub(crate) fn counted_expr(name: &str, counters: Arc<ColumnCounters>) -> Expr {
    col(name).map(
        move |c: Column| {
            counters.rows.fetch_add(c.len() as u64, Ordering::Relaxed);
            counters
                .nulls_in
                .fetch_add(c.null_count() as u64, Ordering::Relaxed);
            Ok(c)
        },
        |_schema: &Schema, field: &Field| Ok(field.clone()),
    )
}

/// Applies a string → string function to every non-null value; `None` means "could not
/// interpret" and becomes null. Non-string inputs are cast to strings first.
pub(crate) fn map_strings<F>(input: &Column, f: F) -> PolarsResult<Column>
where
    F: Fn(&str) -> Option<Cow<'_, str>>,
{
    let as_str = input.cast(&DataType::String)?;
    let ca = as_str.str()?;
    let out: StringChunked = ca.iter().map(|v| v.and_then(&f)).collect();
    Ok(out.with_name(input.name().clone()).into_column())
}

/// NFKC-normalises only when the text is not plain ASCII (ASCII is already NFKC).
pub(crate) fn nfkc(s: &str) -> Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfkc().collect())
    }
}

/// Maps the dashes and long vowel marks that Japanese text uses as hyphens to `-` (after NFKC,
/// which already folds the full-width hyphen-minus).
pub(crate) fn fold_dashes(s: &str) -> Cow<'_, str> {
    const DASHES: [char; 8] = ['ー', '‐', '‑', '‒', '–', '—', '−', '―'];
    if s.contains(DASHES) {
        Cow::Owned(
            s.chars()
                .map(|c| if DASHES.contains(&c) { '-' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    /// Each thread keeps its table of a batch's distinct values for the next batch, but not one
    /// grown by an unusually large batch: memory stays bounded by pass 1's batches.
    #[test]
    fn the_dedup_table_is_kept_for_batches_and_freed_after_a_huge_one() {
        let column = |n: usize| {
            StringChunked::from_iter((0..n).map(|i| Some(format!("v{i}"))))
                .with_name("c".into())
                .into_column()
        };
        let capacity = || DEDUP.with(|d| d.borrow().table.capacity());
        let out = map_distinct(&column(2_000), |v| Some(v.to_uppercase())).unwrap();
        assert_eq!(out.str().unwrap().get(1_999), Some("V1999"));
        assert!(capacity() >= 2_000);
        let out = map_distinct(&column(DEDUP_KEPT), |_| None).unwrap();
        assert_eq!(out.null_count(), DEDUP_KEPT);
        assert!(capacity() <= DEDUP_KEPT);
        map_distinct(&column(2_000), |v| Some(v.to_string())).unwrap();
        assert!(capacity() >= 2_000);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Mapping each distinct value once gives what mapping every row gives: runs of equal
        /// values, repeats far apart, nulls, values the function cannot read (`None`), and
        /// outputs short enough to sit in their row's view and long enough to be shared.
        #[test]
        fn mapping_distinct_values_equals_mapping_every_row(
            values in proptest::collection::vec(
                proptest::option::weighted(0.9, "[abc]{0,3}"),
                0..200,
            ),
        ) {
            let f = |v: &str| {
                (!v.starts_with('c'))
                    .then(|| format!("<{}>{}", v.to_uppercase(), "-".repeat(4 * v.len())))
            };
            let input = StringChunked::from_iter(values.iter().map(|v| v.as_deref()))
                .with_name("c".into())
                .into_column();
            let out = map_distinct(&input, f).unwrap();
            let got: Vec<Option<String>> =
                out.str().unwrap().iter().map(|v| v.map(str::to_string)).collect();
            let want: Vec<Option<String>> =
                values.iter().map(|v| v.as_deref().and_then(f)).collect();
            prop_assert_eq!(got, want);
            crate::io::lines::assert_view_totals(out.str().unwrap());
        }

        /// The rules that write in place (URL with scrubbing, URL host, IP, pseudonym) append
        /// to what the buffer holds already the same output they write into an empty one, and
        /// leave it untouched when they have none: earlier outputs in a batch's buffer (here
        /// with capitals, an email and a phone number, what lowercasing and scrubbing would
        /// change) are never rewritten.
        #[test]
        fn writing_in_place_appends_and_touches_nothing_before(
            before in "(|Mail A\\.B@Example\\.JP TEL 03-1234-5678 |HOST\\.EXAMPLE\\.COM/x\\?page=1)",
            value in "(https?://)?(u:p@)?[A-Za-z.]{0,12}(:8080)?(/[a-z0-9@.]{0,9}){0,3}\
                      (\\?(page|id|color|mail)=([A-Za-z0-9@.]{0,20}|taro@example\\.jp|090-1234-5678)\
                      (&page=[0-9]{1,3})?)?(#f)?\
                      |[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-f:]{2,20}| ?[A-Za-z0-9 ]{0,12}",
        ) {
            let key = crate::keys::RunKey::ephemeral().unwrap();
            let pseudonym = |encoding, prefix: &str, digits| {
                pseudonym::Pseudonym::new(
                    &key.derive("pseudonym:x"),
                    encoding,
                    13,
                    prefix.to_string(),
                    pseudonym::Normalise { trim: true, digits, ..Default::default() },
                )
            };
            let rules: Vec<Box<dyn TextRule>> = vec![
                Box::new(partner_url_rule()),
                Box::new(url::Url { mode: url::UrlMode::Host, scrub: None }),
                Box::new(ip::IpRule { v4_prefix: 24, v6_prefix: 48, cryptopan: None }),
                Box::new(pseudonym(pseudonym::Encoding::Base32, "c_", false)),
                Box::new(pseudonym(pseudonym::Encoding::Hex, "", true)),
            ];
            for rule in &rules {
                let mut alone = String::new();
                let some = rule.transform_into(&value, &mut alone);
                prop_assert_eq!(some, rule.transform(&value).is_some());
                prop_assert!(some || alone.is_empty());
                let mut out = before.clone();
                prop_assert_eq!(rule.transform_into(&value, &mut out), some);
                prop_assert_eq!(out, format!("{before}{alone}"));
            }
        }

        /// A rule with a run cache writes what it writes without one, batch after batch, and
        /// transforms a value again only when its shard was emptied or it is too long to keep.
        #[test]
        fn a_run_cache_changes_no_output_and_stays_within_its_bound(
            batches in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::option::weighted(0.9, "[abc]{0,3}|[xyz]{1030,1031}"),
                    0..100,
                ),
                1..6,
            ),
        ) {
            let calls = AtomicU64::new(0);
            let f = |v: &str| (!v.starts_with('c')).then(|| format!("<{}>", v.to_uppercase()));
            let cache = RunCache::default();
            let mut seen = std::collections::HashSet::new();
            for values in &batches {
                let input = StringChunked::from_iter(values.iter().map(|v| v.as_deref()))
                    .with_name("c".into())
                    .into_column();
                let out = map_distinct(&input, |v| {
                    cache.get_or_insert(v, || {
                        calls.fetch_add(1, Ordering::Relaxed);
                        f(v)
                    })
                })
                .unwrap();
                let got: Vec<Option<String>> =
                    out.str().unwrap().iter().map(|v| v.map(str::to_string)).collect();
                let want: Vec<Option<String>> =
                    values.iter().map(|v| v.as_deref().and_then(f)).collect();
                prop_assert_eq!(got, want);
                seen.extend(values.iter().flatten().cloned());
            }
            // Short values are transformed once per run, long ones once per batch they are in.
            let short = seen.iter().filter(|v| v.len() <= RUN_CACHE_MAX_KEY).count();
            let long: usize = batches
                .iter()
                .map(|b| {
                    b.iter()
                        .flatten()
                        .filter(|v| v.len() > RUN_CACHE_MAX_KEY)
                        .collect::<std::collections::HashSet<_>>()
                        .len()
                })
                .sum();
            prop_assert_eq!(calls.load(Ordering::Relaxed) as usize, short + long);
            prop_assert!(cache.bytes() <= RUN_CACHE_BYTES);
        }
    }

    /// The first `rows` rows of `columns` of the access log at `BENCH_CSV` (all text), or
    /// `None` without it: the benches' input.
    fn bench_rows(columns: &[&str], rows: u32) -> Option<DataFrame> {
        let path = std::env::var("BENCH_CSV").ok()?;
        let files = crate::io::input::pl_paths(&[std::path::PathBuf::from(path)]).unwrap();
        let df = LazyCsvReader::new_paths(files.into())
            .with_infer_schema_length(Some(0))
            .finish()
            .unwrap()
            .select(columns.iter().map(|c| col(*c)).collect::<Vec<_>>())
            .limit(rows)
            .collect()
            .unwrap();
        Some(df)
    }

    /// The sample partner job's `url` rule: the path with six parameters kept, scrubbed.
    fn partner_url_rule() -> url::Url {
        url::Url {
            mode: url::UrlMode::Strip {
                keep_params: [
                    "page",
                    "color",
                    "size",
                    "utm_source",
                    "utm_medium",
                    "utm_campaign",
                ]
                .map(String::from)
                .to_vec(),
                keep_fragment: false,
                redact_ids: true,
            },
            scrub: Some(Arc::new(url::Scrub::new(crate::detect::Detector::new(
                &Kind::patterns(),
            )))),
        }
    }

    /// A bench, not a test (BENCHMARKS.md): the partner job's per-batch rules on the first 1M
    /// rows of the access log at `BENCH_CSV`, in batches of 7,440 rows (pass 1's), each column
    /// three ways: each distinct value transformed once (`map_distinct`, what runs), every row
    /// transformed, and the distinct values found without transforming them. Best of 5, in
    /// nanoseconds a row.
    #[test]
    #[ignore]
    fn distinct_values_against_every_row() {
        let Some(df) = bench_rows(
            &["ip", "cookie_id", "customer_id", "url", "referrer"],
            1_000_000,
        ) else {
            return;
        };
        let key = crate::keys::RunKey::ephemeral().unwrap();
        let k = key.derive("pseudonym:x");
        let ps = pseudonym::Pseudonym::new(
            &k,
            pseudonym::Encoding::Base32,
            16,
            String::new(),
            pseudonym::Normalise {
                nfkc: true,
                trim: true,
                ..Default::default()
            },
        );
        let ip = ip::IpRule {
            v4_prefix: 24,
            v6_prefix: 48,
            cryptopan: None,
        };
        let url = partner_url_rule();
        let host = url::Url {
            mode: url::UrlMode::Host,
            scrub: None,
        };
        let rules: [(&str, &dyn TextRule); 5] = [
            ("ip", &ip),
            ("cookie_id", &ps),
            ("customer_id", &ps),
            ("url", &url),
            ("referrer", &host),
        ];
        for (name, rule) in rules {
            let c = df.column(name).unwrap();
            let rows = 7_440;
            let batches: Vec<Column> = (0..c.len())
                .step_by(rows)
                .map(|o| c.slice(o as i64, rows))
                .collect();
            let mut best = [f64::MAX; 3];
            for _round in 0..5 {
                for (i, how) in ["distinct", "per-row", "dedup-only"].iter().enumerate() {
                    let t = std::time::Instant::now();
                    for b in &batches {
                        match *how {
                            "distinct" => {
                                map_distinct_into(b, |s, out| rule.transform_into(s, out))
                            }
                            "per-row" => map_strings(b, |s| rule.transform(s).map(Cow::Owned)),
                            _ => map_distinct(b, |_| None),
                        }
                        .unwrap();
                    }
                    best[i] = best[i].min(t.elapsed().as_secs_f64() * 1e9 / c.len() as f64);
                }
            }
            eprintln!(
                "{name}: distinct {:.0} ns/row, per-row {:.0}, dedup only {:.0}",
                best[0], best[1], best[2]
            );
        }
    }

    /// A bench, not a test (BENCHMARKS.md): the first 3M User-Agents and URLs of the access log
    /// at `BENCH_CSV` through the partner job's rules, in batches of 5,000 and 50,000 rows,
    /// with a run cache and without, alternately.
    #[test]
    #[ignore]
    fn a_run_cache_against_none() {
        let Some(df) = bench_rows(&["user_agent", "url"], 3_000_000) else {
            return;
        };
        let ua = user_agent::UserAgent {
            major_version: true,
            cache: Default::default(),
        };
        let url = partner_url_rule();
        let rules: [(&str, &dyn TextRule); 2] = [("user_agent", &ua), ("url", &url)];
        for (name, rule) in rules {
            let c = df.column(name).unwrap();
            for rows in [5_000, 50_000] {
                let batches: Vec<Column> = (0..c.len())
                    .step_by(rows)
                    .map(|o| c.slice(o as i64, rows))
                    .collect();
                for round in 0..3 {
                    for cached in [false, true] {
                        let cache = RunCache::default();
                        let t = std::time::Instant::now();
                        for b in &batches {
                            if cached {
                                map_distinct(b, |s| cache.get_or_insert(s, || rule.transform(s)))
                            } else {
                                map_distinct(b, |s| rule.transform(s))
                            }
                            .unwrap();
                        }
                        eprintln!(
                            "{name}, batches of {rows} rows, round {round}, run cache {cached}: {:.3} s",
                            t.elapsed().as_secs_f64()
                        );
                    }
                }
            }
        }
    }

    /// Past its bound the cache empties a shard and goes on: outputs stay right, and the bytes
    /// it holds never exceed the bound.
    #[test]
    fn a_full_run_cache_starts_over() {
        let cache = RunCache::default();
        let value = |i: usize| format!("{i:0>1000}");
        let n = 2 * RUN_CACHE_BYTES / (1000 + RUN_CACHE_ENTRY);
        let mut before = 0;
        let mut started_over = 0;
        for i in 0..n {
            let got = cache.get_or_insert(&value(i), || Some(i.to_string()));
            assert_eq!(got, Some(i.to_string()));
            let now = cache.bytes();
            assert!(now <= RUN_CACHE_BYTES);
            // Starting over empties the one full shard, never the whole cache. (How much is
            // left at the end depends on how the values fell into shards: not asserted.)
            if now < before {
                started_over += 1;
                assert!(
                    before - now <= RUN_CACHE_BYTES / RUN_CACHE_SHARDS,
                    "{before} -> {now}"
                );
            }
            before = now;
        }
        assert!(started_over >= RUN_CACHE_SHARDS, "{started_over}");
        // The most recent value is still remembered.
        let last = value(n - 1);
        assert_eq!(
            cache.get_or_insert(&last, || panic!("transformed again")),
            Some((n - 1).to_string())
        );
    }

    #[test]
    fn rule_specs_render_as_job_files_write_them() {
        let spec = RuleSpec::PostalCode(postal::Spec { digits: Some(3) });
        assert_eq!(spec.to_toml(), "{ rule = \"postal-code\", digits = 3 }");
        assert_eq!(RuleSpec::Drop(NoParams {}).to_toml(), "\"drop\"");
        assert_eq!(
            RuleSpec::Keep(KeepSpec { reason: None }).to_toml(),
            "\"keep\""
        );
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    /// Applies a rule to string values and returns the output as strings (for assertions).
    pub(crate) fn run_str(rule: &dyn ValueRule, values: &[Option<&str>]) -> Vec<Option<String>> {
        let input = StringChunked::from_iter(values.iter().copied())
            .with_name("c".into())
            .into_column();
        let out = rule.apply(&input).unwrap();
        assert_eq!(out.len(), values.len());
        assert_eq!(out.dtype(), &rule.output_dtype());
        let out = out.cast(&DataType::String).unwrap();
        out.str()
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    pub(crate) fn one(rule: &dyn ValueRule, value: &str) -> Option<String> {
        run_str(rule, &[Some(value)]).pop().unwrap()
    }
}
