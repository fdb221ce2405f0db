//! The commands, one file each. `cli` parses the command line and calls them; each wires the
//! layers below it and prints what the user sees.

pub(crate) mod check;
pub(crate) mod filter;
pub(crate) mod known;
pub(crate) mod progress;
pub(crate) mod risk;
pub(crate) mod run;
pub(crate) mod scan;
pub(crate) mod scrub;
pub(crate) mod verify;
