//! Readers and writers. Nothing here knows a policy: `input` resolves and scans files, `output`
//! writes a LazyFrame through polars' streaming sinks, `delivery` makes the whole delivery
//! appear at once or not at all.

pub(crate) mod delivery;
pub(crate) mod input;
pub(crate) mod output;
