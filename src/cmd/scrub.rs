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
    // A batch's lines are read into one buffer and scrubbed as slices of it (no allocation per
    // line); a line that is not valid UTF-8 is decoded lossily on its own.
    let mut bytes: Vec<u8> = Vec::new();
    let mut ends: Vec<usize> = Vec::with_capacity(BATCH);
    loop {
        bytes.clear();
        ends.clear();
        while ends.len() < BATCH {
            if input.read_until(b'\n', &mut bytes).map_err(io_err)? == 0 {
                break;
            }
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
            }
            ends.push(bytes.len());
        }
        if ends.is_empty() {
            break;
        }
        let batch: Vec<std::borrow::Cow<'_, str>> = ends
            .iter()
            .scan(0usize, |start, &end| {
                let line = &bytes[*start..end];
                *start = end;
                Some(line)
            })
            .map(|line| match simdutf8::basic::from_utf8(line) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(line),
            })
            .collect();
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
        if ends.len() < BATCH {
            break;
        }
    }
    out.flush().map_err(io_err)
}
