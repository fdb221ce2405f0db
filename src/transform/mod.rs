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
pub(crate) mod ip;
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
}

impl<T: TextRule> ValueRule for T {
    fn output_dtype(&self) -> DataType {
        DataType::String
    }

    fn apply(&self, input: &Column) -> PolarsResult<Column> {
        map_strings(input, |s| self.transform(s).map(Cow::Owned))
    }
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
