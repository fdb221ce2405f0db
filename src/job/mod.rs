//! The job file: `spec` is the file as written (serde), `plan` is the job validated against the
//! real inputs' schemas into what `run` executes. Validation reports every problem at once.

pub(crate) mod plan;
pub(crate) mod schema;
pub(crate) mod spec;
pub(crate) mod template;

pub(crate) use plan::{Dataset, Job};
pub(crate) use spec::Mode;

#[cfg(test)]
mod readme_examples;
