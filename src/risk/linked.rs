//! Linked suppression. A subject that one dataset's risk gate suppressed must not stay in the
//! delivery through another dataset linked to it by a shared pseudonym: a customer removed from
//! `customers` for being unique keeps no log rows under their customer pseudonym. The job chooses
//! to remove those rows (default) or to unlink them (the rows stay, the pseudonym is nulled).
//!
//! Works on frames only: the values that vanished from a dataset (distinct values of the linking
//! column before its gate, minus those after), and a null-safe anti-join (or a null-ing left
//! join) of another dataset on them. The orchestration decides the order (gates that carry
//! suppressions first) and re-checks a dataset that was gated before a removal reached it.

use polars::prelude::*;
use serde::Serialize;

use super::{Staged, collect, u64_col};
use crate::error::{Error, Result, polars_message};

/// A suppression flows from `from`'s `from_column` to `to`'s `to_column` (dataset indices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    pub(crate) from: usize,
    pub(crate) from_column: String,
    pub(crate) to: usize,
    pub(crate) to_column: String,
}

/// `linked-suppression`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Remove the linked rows.
    Remove,
    /// Keep the rows and null the linking column.
    Unlink,
}

/// What linked suppression did to one dataset, in the report (counts only).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkedReport {
    /// `dataset.column` whose gate suppressed the subjects.
    pub(crate) from: String,
    /// This dataset's linking column.
    pub(crate) column: String,
    /// `removed` or `unlinked`.
    pub(crate) action: &'static str,
    /// Distinct suppressed pseudonyms found in this dataset.
    pub(crate) subjects: u64,
    /// Rows removed, or whose link was nulled.
    pub(crate) rows: u64,
}

const VALUE: &str = "__tokumei_linked";

/// The distinct non-null values of `column` in `before` that `after` no longer holds (compared
/// as text), as a one-column frame.
pub(crate) fn vanished(before: LazyFrame, after: LazyFrame, column: &str) -> Result<DataFrame> {
    let values = |lf: LazyFrame| {
        lf.select([col(column).cast(DataType::String).alias(VALUE)])
            .drop_nulls(None)
            .unique(None, UniqueKeepStrategy::Any)
    };
    collect(
        values(before).join(
            values(after),
            [col(VALUE)],
            [col(VALUE)],
            JoinArgs::new(JoinType::Anti),
        ),
        "listing the subjects a gate suppressed",
    )
}

/// Removes (or unlinks) in `staged` the rows whose `column` holds one of `removed`'s values.
/// Rows with a null `column` are never touched. Returns (distinct values found, rows touched).
pub(crate) fn apply(
    staged: &dyn Staged,
    column: &str,
    removed: &DataFrame,
    action: Action,
) -> Result<(u64, u64)> {
    if removed.height() == 0 {
        return Ok((0, 0));
    }
    let key = || col(column).cast(DataType::String).alias(VALUE);
    let hits = collect(
        staged
            .scan()?
            .select([key()])
            .join(
                removed.clone().lazy(),
                [col(VALUE)],
                [col(VALUE)],
                JoinArgs::new(JoinType::Semi),
            )
            .select([len().alias("rows"), col(VALUE).n_unique().alias("subjects")]),
        "counting linked rows",
    )?;
    let rows = u64_col(&hits, "rows")?.first().copied().unwrap_or(0);
    let subjects = u64_col(&hits, "subjects")?.first().copied().unwrap_or(0);
    if rows == 0 {
        return Ok((0, 0));
    }
    let mut schema_lf = staged.scan()?;
    let names: Vec<Expr> = schema_lf
        .collect_schema()
        .map_err(|e| Error::io(polars_message(&e)))?
        .iter_names()
        .map(|n| col(n.as_str()))
        .collect();
    let order = JoinArgs {
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(JoinType::Anti)
    };
    let lf = match action {
        Action::Remove => staged.scan()?.with_columns([key()]).join(
            removed.clone().lazy(),
            [col(VALUE)],
            [col(VALUE)],
            order,
        ),
        Action::Unlink => {
            let flag = "__tokumei_linked_hit";
            staged
                .scan()?
                .with_columns([key()])
                .join(
                    removed.clone().lazy().with_column(lit(true).alias(flag)),
                    [col(VALUE)],
                    [col(VALUE)],
                    JoinArgs {
                        how: JoinType::Left,
                        ..order
                    },
                )
                .with_columns([when(col(flag).is_not_null())
                    .then(lit(NULL))
                    .otherwise(col(column))
                    .alias(column)])
        }
    };
    staged.replace(
        lf.select(names),
        match action {
            Action::Remove => "removing linked subjects",
            Action::Unlink => "unlinking linked subjects",
        },
    )?;
    Ok((subjects, rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A staged dataset held in memory.
    struct Mem(RefCell<DataFrame>);

    impl Staged for Mem {
        fn scan(&self) -> Result<LazyFrame> {
            Ok(self.0.borrow().clone().lazy())
        }
        fn replace(&self, lf: LazyFrame, _: &str) -> Result<()> {
            *self.0.borrow_mut() = lf.collect().map_err(|e| Error::io(polars_message(&e)))?;
            Ok(())
        }
    }

    fn frame(ids: &[Option<&str>]) -> DataFrame {
        let n = ids.len() as u32;
        df!("id" => ids, "row" => (0..n).collect::<Vec<u32>>()).unwrap()
    }

    #[test]
    fn vanished_values_are_those_the_gate_removed() {
        let before = frame(&[Some("a"), Some("b"), Some("b"), None, Some("c")]);
        let after = frame(&[Some("b"), None]);
        let v = vanished(before.lazy(), after.lazy(), "id").unwrap();
        let mut got: Vec<String> = v
            .column(VALUE)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .map(str::to_string)
            .collect();
        got.sort();
        assert_eq!(got, ["a", "c"]);
    }

    #[test]
    fn remove_drops_every_linked_row_keeps_nulls_and_order() {
        let removed = df!(VALUE => ["a", "z"]).unwrap();
        let m = Mem(RefCell::new(frame(&[
            Some("a"),
            None,
            Some("b"),
            Some("a"),
            Some("c"),
        ])));
        assert_eq!(apply(&m, "id", &removed, Action::Remove).unwrap(), (1, 2));
        let df = m.0.borrow();
        assert_eq!(df.get_column_names(), ["id", "row"]);
        let rows: Vec<u32> = df
            .column("row")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(rows, [1, 2, 4]);
    }

    #[test]
    fn unlink_nulls_the_link_and_keeps_the_rows() {
        let removed = df!(VALUE => ["a"]).unwrap();
        let m = Mem(RefCell::new(frame(&[Some("a"), Some("b"), Some("a")])));
        assert_eq!(apply(&m, "id", &removed, Action::Unlink).unwrap(), (1, 2));
        let df = m.0.borrow();
        let ids: Vec<Option<&str>> = df.column("id").unwrap().str().unwrap().iter().collect();
        assert_eq!(ids, [None, Some("b"), None]);
        let rows: Vec<u32> = df
            .column("row")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(rows, [0, 1, 2]);
    }
}
