//! `tokumei scrub`: lines on standard input, each scrubbed on standard output, same count and
//! order (for pipes and quick checks). `--explain` writes, per line with findings, which
//! detectors fired and where (byte ranges) to standard error, never the text itself.
//! Lines are processed in parallel batches (rayon) and written in order.

use std::io::{Read, Write};

use rayon::prelude::*;

use crate::detect::{Detector, Kind};
use crate::error::{Error, Result};

const BATCH: usize = 8192;
/// How much is read from standard input at a time.
const READ_BLOCK: usize = 1 << 20;

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
                "{e}; or pass --names context to find names by honorific or label only"
            ))
        })?)
    } else {
        None
    };
    let detector = Detector::new(&kinds)
        .with_name_analysis(analyzer)
        .with_names_without_context(analysis && kinds.contains(&Kind::Name));
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    // Stderr is locked per line written, never across a batch: a worker thread that writes
    // to it (a panic's message, a log line) would otherwise wait for the lock forever, and
    // the run would hang instead of failing.
    let err = std::io::stderr();
    let io_err = |e: std::io::Error| Error::io(format!("scrub: {}", e.kind()));
    let mut line_no = 0u64;
    // Input is read in blocks and a batch's lines are slices of them (no allocation or read
    // call per line); a line that is not valid UTF-8 is decoded lossily on its own. `bytes`
    // holds the batch's lines, `pending` what was read past them (the start of the next
    // batch). Lines are cut with `memchr`; a `\r` before the `\n` goes with it.
    let mut bytes: Vec<u8> = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(BATCH);
    let mut eof = false;
    loop {
        bytes.clear();
        ranges.clear();
        std::mem::swap(&mut bytes, &mut pending);
        // Where the next line starts, and how far `bytes` has been searched for its end.
        let (mut start, mut searched) = (0usize, 0usize);
        while ranges.len() < BATCH {
            match memchr::memchr(b'\n', &bytes[searched..]) {
                Some(i) => {
                    let nl = searched + i;
                    let end = if nl > start && bytes[nl - 1] == b'\r' {
                        nl - 1
                    } else {
                        nl
                    };
                    ranges.push((start, end));
                    start = nl + 1;
                    searched = start;
                }
                None if eof => {
                    // The last line, without a line feed (kept as it is, a `\r` too).
                    if start < bytes.len() {
                        ranges.push((start, bytes.len()));
                        start = bytes.len();
                    }
                    break;
                }
                None => {
                    searched = bytes.len();
                    let old = bytes.len();
                    bytes.resize(old + READ_BLOCK, 0);
                    let n = loop {
                        match input.read(&mut bytes[old..]) {
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                            r => break r.map_err(io_err)?,
                        }
                    };
                    bytes.truncate(old + n);
                    eof = n == 0;
                }
            }
        }
        pending.extend_from_slice(&bytes[start..]);
        if ranges.is_empty() {
            break;
        }
        let batch: Vec<std::borrow::Cow<'_, str>> = ranges
            .iter()
            .map(|&(start, end)| &bytes[start..end])
            .map(|line| match simdutf8::basic::from_utf8(line) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(line),
            })
            .collect();
        // Unchanged lines are written from the batch itself (no copy).
        #[allow(clippy::type_complexity)]
        let results: Vec<(
            std::borrow::Cow<'_, str>,
            Vec<crate::detect::Match>,
            Vec<crate::detect::Match>,
        )> = batch
            .par_iter()
            .map(|l| {
                let (matches, decoded) = if explain {
                    (
                        detector.find(l),
                        detector.find_percent_decoded(l).unwrap_or_default(),
                    )
                } else {
                    (Vec::new(), Vec::new())
                };
                (detector.scrub(l), matches, decoded)
            })
            .collect();
        for (i, (scrubbed, matches, decoded)) in results.into_iter().enumerate() {
            line_no += 1;
            out.write_all(scrubbed.as_bytes()).map_err(io_err)?;
            out.write_all(b"\n").map_err(io_err)?;
            if !explain {
                continue;
            }
            // Where the line holds them, and what percent-escapes or Base64 hide: replaced in
            // the URL's part that holds them, so no offsets in the line are shown.
            let mut parts: Vec<String> = matches
                .iter()
                .map(|m| format!("{} {}..{}", m.kind.name(), m.start, m.end))
                .collect();
            parts.extend(
                decoded
                    .iter()
                    .map(|m| format!("{} (behind percent-escapes)", m.kind.name())),
            );
            if parts.is_empty() && scrubbed != batch[i] {
                parts.push("replaced behind an encoding (Base64 or hex)".into());
            }
            if !parts.is_empty() {
                writeln!(err.lock(), "line {line_no}: {}", parts.join(", ")).map_err(io_err)?;
            }
        }
        if eof && pending.is_empty() {
            break;
        }
    }
    out.flush().map_err(io_err)
}
