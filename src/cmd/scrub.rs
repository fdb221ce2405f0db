//! `tokumei scrub`: lines on standard input, each scrubbed on standard output, same count and
//! order (for pipes and quick checks). `--explain` writes, per line with findings, which
//! detectors fired and where (byte ranges) to standard error, never the text itself.
//! Lines are processed in parallel batches (rayon) and written in order.

use std::io::{BufRead, Write};

use rayon::prelude::*;

use crate::detect::{Detector, Kind};
use crate::error::{Error, Result};

const BATCH: usize = 8192;

pub(crate) fn kinds_from_names(names: Option<&[String]>) -> Result<Vec<Kind>> {
    match names {
        None => Ok(Kind::patterns()),
        Some(list) => list
            .iter()
            .map(|n| {
                Kind::pattern_from_name(n).ok_or_else(|| {
                    Error::job(format!(
                        "unknown detector `{n}` in --detectors; detectors are: {}",
                        Kind::pattern_names()
                    ))
                })
            })
            .collect(),
    }
}

pub(crate) fn run(detectors: Option<&[String]>, explain: bool, analysis: bool) -> Result<()> {
    let kinds = kinds_from_names(detectors)?;
    let analyzer = if analysis && kinds.contains(&Kind::Name) {
        Some(crate::detect::morph::analyzer().map_err(|e| {
            Error::job(format!(
                "{e}; or pass --names context to find names by honorific only"
            ))
        })?)
    } else {
        None
    };
    let detector = Detector::new(&kinds).with_name_analysis(analyzer);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut err = std::io::stderr().lock();
    let io_err = |e: std::io::Error| Error::io(format!("scrub: {}", e.kind()));
    let mut line_no = 0u64;
    loop {
        let mut batch: Vec<String> = Vec::with_capacity(BATCH);
        let mut buf = Vec::new();
        while batch.len() < BATCH {
            buf.clear();
            if input.read_until(b'\n', &mut buf).map_err(io_err)? == 0 {
                break;
            }
            if buf.last() == Some(&b'\n') {
                buf.pop();
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
            }
            batch.push(match String::from_utf8(std::mem::take(&mut buf)) {
                Ok(line) => line,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            });
        }
        if batch.is_empty() {
            break;
        }
        // Unchanged lines are written from the batch itself (no copy).
        let results: Vec<(std::borrow::Cow<'_, str>, Vec<crate::detect::Match>)> = batch
            .par_iter()
            .map(|l| {
                let matches = if explain {
                    detector.find(l)
                } else {
                    Vec::new()
                };
                (detector.scrub(l), matches)
            })
            .collect();
        for (scrubbed, matches) in results {
            line_no += 1;
            out.write_all(scrubbed.as_bytes()).map_err(io_err)?;
            out.write_all(b"\n").map_err(io_err)?;
            if explain && !matches.is_empty() {
                let parts: Vec<String> = matches
                    .iter()
                    .map(|m| format!("{} {}..{}", m.kind.name(), m.start, m.end))
                    .collect();
                writeln!(err, "line {line_no}: {}", parts.join(", ")).map_err(io_err)?;
            }
        }
        if batch.len() < BATCH {
            break;
        }
    }
    out.flush().map_err(io_err)
}
