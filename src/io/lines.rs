//! A UTF-8 CSV input read as lines and split into fields by tokumei, for pass 1.
//!
//! polars' CSV source finds where its chunks of rows end with a quote-aware loop that it
//! vectorises only on a nightly compiler; on a stable one that loop alone was 16 % of the
//! access log's pass 1 (`BENCHMARKS.md`). polars' line source finds line ends with `memchr`
//! and validates UTF-8 in parallel batches, and `Splitter::split` cuts each line into the
//! CSV's fields in the same parallel batches. A field is not copied: its string view points
//! into the line buffer where polars' line source put it (an `unsafe` block builds those
//! arrays; a test and the property tests compare them with polars' CSV reader). Separators and
//! quotes are found 64 bytes at a time with SSE2 compares (`Hits3`; the other `unsafe` block,
//! property-tested against `memchr3_iter`).
//!
//! The two readers must give the same frame, value for value. So this one takes only the plain
//! subset of CSV on which polars' semantics are simple, and gives up on anything else. The
//! plain subset:
//! - every line holds exactly one record, with as many fields as the header;
//! - a field is either unquoted, without quote characters or carriage returns, or quoted from
//!   its first byte to its last, with quotes inside doubled and no carriage return;
//! - no line is empty, and a line ends with `\n` or `\r\n`.
//!
//! There, polars reads an empty unquoted field as null, a field equal to one of the job's null
//! values (quotes removed, doubled quotes kept) as null, and any other field as its text with
//! the quotes removed and doubled quotes made single. `Splitter::batch` does the same.
//!
//! Outside that subset (a quoted field spanning lines, a ragged row, a stray quote, a data line
//! equal to the header), the reader stops with [`GAVE_UP`] or reports [`Lines::gave_up`]; the
//! caller then reads the input again with polars' CSV reader, whose result (or error) stands.
//! [`scan`] declines inputs whose files' header lines differ. Property tests compare the two
//! readers on random CSV text.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use polars::prelude::*;
use polars_arrow::array::{Array, Utf8ViewArray, View};
use polars_arrow::bitmap::{Bitmap, MutableBitmap};
use polars_arrow::datatypes::ArrowDataType;

use crate::error::{Error, Result, polars_message};
use crate::io::input::CsvOptions;

/// The error message of a batch this reader does not take: never a value.
pub(crate) const GAVE_UP: &str = "tokumei's line reader gave up on a line outside plain CSV";

/// The struct column the lines are split into before it is unnested.
const ROW: &str = "__tokumei_row";
const LINE: &str = "__tokumei_line";
/// The struct's field that marks a header line.
const HEADER: &str = "__tokumei_header";

/// Fields handed over while the lines are split, so that the input need not be read a second
/// time for them (the known values of identifier columns: `cmd::run` reads an input once).
#[derive(Clone)]
pub(crate) struct Collect {
    /// By field index (the header's order): whether the field is wanted.
    pub(crate) wanted: Vec<bool>,
    /// Called once per batch with the batch's wanted fields (see [`Fields`]).
    pub(crate) sink: Arc<dyn Fn(&Fields) + Send + Sync>,
}

/// One batch's wanted fields, each as the input checker hands it over (`io::source::Collect`):
/// the text with its quotes removed and doubled quotes made single. A field equal to a null value
/// (`NA`) is text here; empty ones are left out. A value repeated within the batch may come once.
#[derive(Default)]
pub(crate) struct Fields {
    text: String,
    /// (field index, end in `text`), in order.
    ends: Vec<(usize, usize)>,
}

impl Fields {
    fn push(&mut self, field: usize, v: &str) {
        self.text.push_str(v);
        self.ends.push((field, self.text.len()));
    }

    /// (field index, value) pairs.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&(field, end)| {
            let v = &self.text[start..end];
            start = end;
            (field, v)
        })
    }
}

/// A lazy scan of CSV inputs through polars' line source, and whether it gave up.
pub(crate) struct Lines {
    pub(crate) frame: LazyFrame,
    gave_up: Arc<AtomicBool>,
    /// Lines equal to a file's header line, seen so far.
    headers_seen: Arc<AtomicU64>,
    /// Batches split so far (polars' line source hands one per read; see `line_read_size` in
    /// `lib.rs`).
    batches: Arc<AtomicU64>,
    files: u64,
}

impl Lines {
    /// After the frame was read: whether a line was outside the plain subset, or a line other
    /// than a file's first equalled a header line (polars' CSV reader must read the input).
    pub(crate) fn gave_up(&self) -> bool {
        self.gave_up.load(Ordering::Relaxed)
            || self.headers_seen.load(Ordering::Relaxed) != self.files
    }

    /// The batches read so far.
    pub(crate) fn batches(&self) -> u64 {
        self.batches.load(Ordering::Relaxed)
    }
}

/// Whether [`scan`] can read inputs with these options: a header line, UTF-8 as it is, and an
/// ASCII separator and quote.
pub(crate) fn takes(csv: &CsvOptions) -> bool {
    csv.header
        && csv.encoding == crate::io::source::TextEncoding::Utf8
        && csv.delimiter.is_ascii()
        && csv.delimiter != b'\r'
        && csv.delimiter != b'\n'
        && csv
            .quote
            .is_none_or(|q| q.is_ascii() && q != csv.delimiter && q != b'\r' && q != b'\n')
}

/// A header line this reader takes is at most this long (a file without line feeds, such as one
/// with carriage returns alone, is not read whole to find out).
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// A file's first line as polars' line source gives it (without `\n` and one `\r` before it),
/// or `None` when it is not UTF-8, longer than [`MAX_HEADER_BYTES`] or holds a carriage return.
fn first_line(path: &Path) -> std::io::Result<Option<String>> {
    use std::io::{BufRead, Read};
    let mut line = Vec::new();
    std::io::BufReader::new(std::fs::File::open(path)?.take(MAX_HEADER_BYTES + 2))
        .read_until(b'\n', &mut line)?;
    if line.last() == Some(&b'\n') {
        line.pop();
    } else if line.len() as u64 > MAX_HEADER_BYTES {
        return Ok(None);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if line.contains(&b'\r') {
        return Ok(None);
    }
    Ok(String::from_utf8(line).ok())
}

/// `files` (UTF-8 CSV, each with a header line) as polars' CSV reader with `csv` would give
/// them, columns named `names` (from polars' reading of the first file's header), all text;
/// `None` when a header line is not UTF-8 or the files' header lines differ. With `collect`,
/// each batch's wanted fields go to its sink as the batch is split.
///
/// Each file's first line is told apart from the data by its text, not its position: skipping
/// the first line of each file by position made polars' source hand its batches over in one
/// ordered stream and cost the second core. A data line that equals a header line counts as one
/// more header seen, and [`Lines::gave_up`] then says so.
pub(crate) fn scan(
    files: &[PathBuf],
    csv: &CsvOptions,
    names: &[PlSmallStr],
    collect: Option<Collect>,
) -> Result<Option<Lines>> {
    debug_assert!(takes(csv));
    let mut headers = Vec::new();
    for f in files {
        let first = first_line(f).map_err(|e| {
            Error::io(format!(
                "cannot read `{}`: {}",
                crate::error::shown_path(f),
                e.kind()
            ))
        })?;
        let Some(first) = first else { return Ok(None) };
        if !headers.contains(&first) {
            headers.push(first);
        }
    }
    // polars' CSV reader refuses files whose headers name other columns than the first's; this
    // reader compares no names, so it takes only headers of one text.
    if headers.len() > 1 {
        return Ok(None);
    }
    let paths = crate::io::input::pl_paths(files)?;
    let args = UnifiedScanArgs {
        glob: false,
        ..Default::default()
    };
    let lines: LazyFrame =
        DslBuilder::scan_lines(ScanSources::Paths(paths.into()), args, LINE.into())
            .map_err(|e| Error::io(polars_message(&e)))?
            .build()
            .into();
    let mut fields: Vec<Field> = names
        .iter()
        .map(|n| Field::new(n.clone(), DataType::String))
        .collect();
    fields.push(Field::new(HEADER.into(), DataType::Boolean));
    let dtype = DataType::Struct(fields);
    let gave_up = Arc::new(AtomicBool::new(false));
    let headers_seen = Arc::new(AtomicU64::new(0));
    let batches = Arc::new(AtomicU64::new(0));
    let splitter = Splitter {
        delimiter: csv.delimiter,
        quote: csv.quote,
        null_values: csv.null_values.clone(),
        names: names.to_vec(),
        headers,
        header_names: crate::io::source::HeaderNames::new(names.iter().map(|n| n.as_bytes())),
        collect,
    };
    let (flag, seen, counted) = (gave_up.clone(), headers_seen.clone(), batches.clone());
    let row = col(LINE)
        .map(
            move |column: Column| {
                let lines = column.str()?;
                counted.fetch_add(1, Ordering::Relaxed);
                match splitter.batch(lines) {
                    Some((s, headers)) => {
                        seen.fetch_add(headers, Ordering::Relaxed);
                        Ok(s.into_column())
                    }
                    None => {
                        flag.store(true, Ordering::Relaxed);
                        Err(polars_err!(ComputeError: "{}", GAVE_UP))
                    }
                }
            },
            move |_: &Schema, _: &Field| Ok(Field::new(ROW.into(), dtype.clone())),
        )
        .alias(ROW);
    let frame = lines
        .select([row])
        .unnest(by_name([ROW], true, false), None)
        .filter(col(HEADER).not())
        .select(names.iter().map(|n| col(n.clone())).collect::<Vec<_>>());
    Ok(Some(Lines {
        frame,
        gave_up,
        headers_seen,
        batches,
        files: files.len() as u64,
    }))
}

/// Cuts lines into fields.
struct Splitter {
    delimiter: u8,
    quote: Option<u8>,
    null_values: Vec<String>,
    names: Vec<PlSmallStr>,
    /// The files' first lines.
    headers: Vec<String>,
    /// The column names: a line that repeats them in another order is left to the checker,
    /// which refuses it (exports joined into one file).
    header_names: crate::io::source::HeaderNames,
    collect: Option<Collect>,
}

/// One field of a line: its bytes' range, and whether it is quoted (range includes the quotes)
/// with doubled quotes inside.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Span {
    start: usize,
    end: usize,
    quoted: bool,
    doubled: bool,
}

impl Splitter {
    /// The batch's fields as a struct column (with a last field marking header lines), and the
    /// count of header lines; `None` when a line is outside plain CSV.
    fn batch(&self, lines: &StringChunked) -> Option<(Series, u64)> {
        let n = self.names.len();
        let mut columns: Vec<Vec<Utf8ViewArray>> = vec![Vec::new(); n];
        let mut is_header = BooleanChunkedBuilder::new(HEADER.into(), lines.len());
        let mut headers = 0;
        let mut spans = Vec::with_capacity(n);
        let mut unescaped = String::new();
        let wanted = self.collect.as_ref().map_or(&[][..], |c| &c.wanted[..]);
        let mut fields = Fields::default();
        // Values already handed over in this batch (not those with doubled quotes).
        let mut handed: PlHashSet<(usize, &str)> = PlHashSet::default();
        for chunk in lines.downcast_iter() {
            // Each field is a view into the chunk's own buffers, where its line is: no copy. A
            // field with doubled quotes is unescaped into one more buffer, `extra`.
            let buffers = chunk.data_buffers();
            let extra_index = u32::try_from(buffers.len()).ok()?;
            let mut extra: Vec<u8> = Vec::new();
            let mut views: Vec<Vec<View>> =
                (0..n).map(|_| Vec::with_capacity(chunk.len())).collect();
            let mut valid: Vec<MutableBitmap> = (0..n)
                .map(|_| MutableBitmap::with_capacity(chunk.len()))
                .collect();
            // Each column's bytes of valid values, so that polars need not count them again
            // (its writers and casts ask, and an array built with an unknown total iterates
            // its views to find out).
            let mut bytes = vec![0usize; n];
            for (i, line_view) in chunk.views().iter().enumerate() {
                if !chunk.is_valid(i) {
                    return None;
                }
                let line = chunk.value(i);
                // An empty line is skipped, as the input check skips it (polars' CSV reader
                // would read a row of nulls): it is dropped with the header lines, uncounted.
                let empty = line.is_empty();
                if empty || self.headers.iter().any(|h| h == line) {
                    headers += u64::from(!empty);
                    is_header.append_value(true);
                    for (v, m) in views.iter_mut().zip(&mut valid) {
                        v.push(View::default());
                        m.push(false);
                    }
                    continue;
                }
                is_header.append_value(false);
                if !self.split(line.as_bytes(), &mut spans)
                    || spans.len() != n
                    || self.header_names.repeated_by(n, |c| {
                        let s = spans[c];
                        let (from, to) = if s.quoted {
                            (s.start + 1, s.end - 1)
                        } else {
                            (s.start, s.end)
                        };
                        &line.as_bytes()[from..to]
                    })
                {
                    return None;
                }
                for (c, s) in spans.iter().enumerate() {
                    // What polars compares with the null values: the field without its quotes.
                    let (from, to) = if s.quoted {
                        (s.start + 1, s.end - 1)
                    } else {
                        (s.start, s.end)
                    };
                    let bare = &line[from..to];
                    if s.doubled {
                        let q = self.quote.expect("a quoted field has a quote") as char;
                        unescaped.clear();
                        let mut prev = false;
                        for ch in bare.chars() {
                            // `""` inside a quoted field is one quote.
                            if ch == q && !prev {
                                prev = true;
                                continue;
                            }
                            prev = false;
                            unescaped.push(ch);
                        }
                    }
                    let text = if s.doubled { unescaped.as_str() } else { bare };
                    if wanted.get(c).copied().unwrap_or(false)
                        && !text.is_empty()
                        && (s.doubled || handed.insert((c, bare)))
                    {
                        fields.push(c, text);
                    }
                    let view = if !s.quoted && bare.is_empty()
                        || self.null_values.iter().any(|v| v == bare)
                    {
                        valid[c].push(false);
                        View::default()
                    } else if s.doubled {
                        bytes[c] += text.len();
                        valid[c].push(true);
                        let at = u32::try_from(extra.len()).ok()?;
                        extra.extend_from_slice(text.as_bytes());
                        View::new_from_bytes(text.as_bytes(), extra_index, at)
                    } else if bare.len() <= View::MAX_INLINE_SIZE as usize {
                        bytes[c] += bare.len();
                        valid[c].push(true);
                        inline_view(line.as_bytes(), from, to)
                    } else {
                        bytes[c] += bare.len();
                        valid[c].push(true);
                        // A field longer than a view holds inline is inside a line that is
                        // not inline either: at the line's offset in its buffer, plus `from`.
                        let at = line_view.offset.checked_add(u32::try_from(from).ok()?)?;
                        View::new_from_bytes(bare.as_bytes(), line_view.buffer_idx, at)
                    };
                    views[c].push(view);
                }
            }
            let mut all: Vec<_> = buffers.iter().cloned().collect();
            all.push(extra.into());
            let buffer_len: usize = all.iter().map(|b| b.len()).sum();
            let all = all.into();
            for (((out, v), m), bytes) in columns.iter_mut().zip(views).zip(valid).zip(bytes) {
                let validity: Option<Bitmap> = m.into();
                // SAFETY: every view is a field of a line of this chunk (valid UTF-8, cut at ASCII
                // separators and quotes, so at character boundaries): inline views copy its
                // bytes; the others point into the buffer and at the offset where the line's
                // own view points, plus the field's start in the line, and end inside it; the
                // unescaped fields point into `extra`, the last buffer, where they were copied.
                // Nulls are zeroed views, marked invalid. `bytes` is the sum of the valid
                // views' lengths, `buffer_len` that of the buffers' (a test checks both).
                let arr = unsafe {
                    Utf8ViewArray::new_unchecked(
                        ArrowDataType::Utf8View,
                        v.into(),
                        Clone::clone(&all),
                        validity,
                        Some(bytes),
                        buffer_len,
                    )
                };
                out.push(arr);
            }
        }
        let columns: Vec<Series> = columns
            .into_iter()
            .zip(&self.names)
            .map(|(chunks, name)| {
                StringChunked::from_chunk_iter(name.clone(), chunks).into_series()
            })
            .chain([is_header.finish().into_series()])
            .collect();
        let row = StructChunked::from_series(ROW.into(), lines.len(), columns.iter()).ok()?;
        if let Some(c) = &self.collect {
            (c.sink)(&fields);
        }
        Some((row.into_series(), headers))
    }

    /// Splits one line (without its `\n`, and without the `\r` before it: polars' line source
    /// removes both) into `spans`; false when it is outside plain CSV.
    fn split(&self, line: &[u8], spans: &mut Vec<Span>) -> bool {
        spans.clear();
        if line.is_empty() {
            return false;
        }
        #[derive(Clone, Copy)]
        enum State {
            /// In a field that does not start with a quote (or at its first byte).
            Start,
            Quoted {
                doubled: bool,
            },
            /// Just past a quote inside a quoted field, at `at`.
            QuoteSeen {
                at: usize,
                doubled: bool,
            },
        }
        let sep = self.delimiter;
        let mut start = 0;
        let mut state = State::Start;
        let mut push = |start: usize, end: usize, quoted: bool, doubled: bool| {
            spans.push(Span {
                start,
                end,
                quoted,
                doubled,
            })
        };
        // Without quoting, the separator stands in for the quote byte (and is never a quote).
        let q = self.quote.unwrap_or(sep);
        for p in Hits3::new(line, [sep, q, b'\r']) {
            let c = line[p];
            if c == b'\r' {
                return false;
            }
            let is_quote = Some(c) == self.quote;
            state = match state {
                State::Start if p == start && is_quote => State::Quoted { doubled: false },
                State::Start if is_quote => return false,
                State::Start => {
                    push(start, p, false, false);
                    start = p + 1;
                    State::Start
                }
                State::Quoted { doubled } if is_quote => State::QuoteSeen { at: p, doubled },
                State::Quoted { doubled } => State::Quoted { doubled },
                State::QuoteSeen { at, doubled } if p == at + 1 => {
                    if is_quote {
                        State::Quoted { doubled: true }
                    } else {
                        push(start, p, true, doubled);
                        start = p + 1;
                        State::Start
                    }
                }
                // Bytes after a closing quote.
                State::QuoteSeen { .. } => return false,
            };
        }
        match state {
            State::Start => push(start, line.len(), false, false),
            State::QuoteSeen { at, doubled } if at + 1 == line.len() => {
                push(start, line.len(), true, doubled)
            }
            // An open quote (a field spanning lines?) or bytes after a closing quote.
            State::Quoted { .. } | State::QuoteSeen { .. } => return false,
        }
        true
    }
}

/// The inline view of `line[from..to]` (at most [`View::MAX_INLINE_SIZE`] bytes): the field's
/// bytes read with one 16-byte load from the line where it holds 16 bytes from the field's
/// start (or up to its end), the bytes outside the field masked off. `View::new_inline` copies
/// the bytes with a call to `memcpy` of a variable length, whose byte stores the view's wider
/// loads then wait on: a stall for each short field of every line (most fields of a log).
fn inline_view(line: &[u8], from: usize, to: usize) -> View {
    let len = to - from;
    debug_assert!(len <= View::MAX_INLINE_SIZE as usize);
    let load = |at: usize| -> Option<u128> {
        Some(u128::from_le_bytes(line.get(at..at + 16)?.try_into().ok()?))
    };
    let data = if let Some(v) = load(from) {
        // The field's bytes are the low `len` bytes.
        let mask = if len == 0 {
            0
        } else {
            u128::MAX >> (128 - 8 * len as u32)
        };
        v & mask
    } else if let Some(v) = to.checked_sub(16).and_then(load) {
        // The field's bytes are the high `len` bytes.
        v.checked_shr(8 * (16 - len as u32)).unwrap_or(0)
    } else {
        return View::new_inline(&line[from..to]);
    };
    View::from((data << 32) | len as u128)
}

/// The positions of three bytes in a line, in order (what `memchr::memchr3_iter` gives), found
/// 64 bytes at a time as a bit mask. A line holds a dozen separators and quotes in 250 bytes or
/// so; `memchr3_iter` starts its vector search again after each hit, and that restart cost more
/// than the search (some 1,200 instructions a line of the access log). Each block's mask takes
/// four vector compares of 16 bytes (see [`mask16`]).
struct Hits3<'a> {
    line: &'a [u8],
    targets: [u8; 3],
    /// Where the current block starts.
    base: usize,
    /// The current block's hits not yet given.
    mask: u64,
}

impl<'a> Hits3<'a> {
    fn new(line: &'a [u8], targets: [u8; 3]) -> Hits3<'a> {
        let mask = block_mask(line, targets);
        Hits3 {
            line,
            targets,
            base: 0,
            mask,
        }
    }
}

impl Iterator for Hits3<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += 64;
            if self.base >= self.line.len() {
                return None;
            }
            self.mask = block_mask(&self.line[self.base..], self.targets);
        }
        let at = self.base + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(at)
    }
}

/// Bit i set when byte i of `bytes` (at most its first 64) is one of `targets`.
fn block_mask(bytes: &[u8], targets: [u8; 3]) -> u64 {
    let Some(block) = bytes.first_chunk::<64>() else {
        // The line's last block, padded with a byte that is no target (one of 0..=3 is not).
        let pad = (0u8..4).find(|b| !targets.contains(b)).unwrap_or(0);
        let mut block = [pad; 64];
        block[..bytes.len()].copy_from_slice(bytes);
        return block_mask(&block, targets);
    };
    let mut mask = 0u64;
    for (k, chunk) in block.chunks_exact(16).enumerate() {
        let chunk: &[u8; 16] = chunk.try_into().expect("16 bytes");
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `mask16` needs SSE2, which x86-64 has in its baseline (every x86-64
        // processor; the compiler assumes it for this target anyway).
        let m = unsafe { mask16(chunk, targets) };
        #[cfg(not(target_arch = "x86_64"))]
        let m = mask16(chunk, targets);
        mask |= u64::from(m) << (16 * k);
    }
    mask
}

/// Bit i set when `chunk[i]` is one of `targets`: three byte compares and a byte mask (SSE2,
/// which every x86-64 processor has).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn mask16(chunk: &[u8; 16], targets: [u8; 3]) -> u16 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8,
    };
    let [lo, hi] =
        [&chunk[..8], &chunk[8..]].map(|h| i64::from_le_bytes(h.try_into().expect("8 bytes")));
    let v = _mm_set_epi64x(hi, lo);
    let eq = |t: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(t as i8));
    let m = _mm_or_si128(_mm_or_si128(eq(targets[0]), eq(targets[1])), eq(targets[2]));
    _mm_movemask_epi8(m) as u16
}

#[cfg(not(target_arch = "x86_64"))]
fn mask16(chunk: &[u8; 16], targets: [u8; 3]) -> u16 {
    let [a, b, c] = targets;
    chunk.iter().enumerate().fold(0u16, |m, (i, &x)| {
        m | u16::from((x == a) | (x == b) | (x == c)) << i
    })
}

/// Test helper: an array's recorded totals (valid values' bytes, buffers' bytes) are what its
/// views and buffers hold. tokumei records them when it builds string arrays, and polars trusts
/// them when it sizes what it writes.
#[cfg(test)]
pub(crate) fn assert_view_totals(ca: &StringChunked) {
    for arr in ca.downcast_iter() {
        let bytes: usize = arr.iter().flatten().map(str::len).sum();
        let buffers: usize = arr.data_buffers().iter().map(|b| b.len()).sum();
        assert_eq!(arr.try_total_bytes_len(), Some(bytes), "total bytes");
        assert_eq!(arr.total_buffer_len(), buffers, "total buffer bytes");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splitter(n: usize, quote: Option<u8>) -> Splitter {
        Splitter {
            delimiter: b',',
            quote,
            null_values: vec!["NA".into()],
            names: (0..n).map(|i| format!("c{i}").into()).collect(),
            headers: vec!["c0,c1,c2".into()],
            header_names: crate::io::source::HeaderNames::new(
                (0..n)
                    .map(|i| format!("c{i}").into_bytes())
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|v| v.as_slice()),
            ),
            collect: None,
        }
    }

    fn fields(s: &Splitter, line: &str) -> Option<Vec<Option<String>>> {
        let ca = StringChunked::from_iter([Some(line)]);
        let (st, headers) = s.batch(&ca)?;
        assert_eq!(headers, 0);
        let st = st.struct_().ok()?.clone();
        let mut fields = st.fields_as_series();
        assert!(!fields.pop().unwrap().bool().unwrap().get(0).unwrap());
        for f in &fields {
            assert_view_totals(f.str().unwrap());
        }
        Some(
            fields
                .iter()
                .map(|f| f.str().unwrap().get(0).map(str::to_string))
                .collect(),
        )
    }

    fn some(v: &[Option<&str>]) -> Option<Vec<Option<String>>> {
        Some(v.iter().map(|x| x.map(str::to_string)).collect())
    }

    /// The one-load inline view is `View::new_inline`'s, for every field of up to 12 bytes at
    /// every place in lines of every length (the loads near the line's ends included).
    #[test]
    fn inline_views_are_new_inline_views() {
        let text: Vec<u8> = (0u8..40)
            .map(|i| i.wrapping_mul(37).wrapping_add(1))
            .collect();
        for n in 0..=text.len() {
            let line = &text[..n];
            for from in 0..=n {
                for to in from..=(from + View::MAX_INLINE_SIZE as usize).min(n) {
                    assert_eq!(
                        inline_view(line, from, to).as_u128(),
                        View::new_inline(&line[from..to]).as_u128(),
                        "{n} {from} {to}"
                    );
                }
            }
        }
    }

    #[test]
    fn plain_fields_are_cut_as_polars_reads_them() {
        let s = splitter(3, Some(b'"'));
        assert_eq!(
            fields(&s, "a,b,c"),
            some(&[Some("a"), Some("b"), Some("c")])
        );
        assert_eq!(fields(&s, ",,"), some(&[None, None, None]));
        assert_eq!(
            fields(&s, r#""a,b","say ""hi""","#),
            some(&[Some("a,b"), Some(r#"say "hi""#), None])
        );
        assert_eq!(fields(&s, r#""",NA,"NA""#), some(&[Some(""), None, None]));
        assert_eq!(
            fields(&s, "東京,\"大阪,市\",x"),
            some(&[Some("東京"), Some("大阪,市"), Some("x")])
        );
    }

    #[test]
    fn anything_else_gives_up() {
        let s = splitter(2, Some(b'"'));
        for line in [
            "a",
            "a,b,c",
            "a\"b,c",
            "\"ab\"c,d",
            "\"open,d",
            "a\r,b",
            "\"a\rb\",c",
            "a,\"b\" ",
        ] {
            assert_eq!(fields(&s, line), None, "{line:?}");
        }
    }

    /// Reads `text` as a CSV file with both readers: polars' (`Err` when it refuses the file)
    /// and this one (`None` when it gives up).
    fn both(
        text: &[u8],
        csv: &CsvOptions,
    ) -> (std::result::Result<DataFrame, String>, Option<DataFrame>) {
        both_files(&[text], csv)
    }

    fn both_files(
        texts: &[&[u8]],
        csv: &CsvOptions,
    ) -> (std::result::Result<DataFrame, String>, Option<DataFrame>) {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = dir.path().join(format!("in{i}.csv"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let read = |lf: LazyFrame| {
            lf.collect_with_engine(Engine::Streaming)
                .map(|r| r.unwrap_single())
                .map_err(|e| e.to_string())
        };
        let polars = crate::io::input::scan(&files, crate::io::Format::Csv, csv)
            .map_err(|e| e.to_string())
            .and_then(|lf| {
                let lf = lf.with_projection_pushdown(true);
                read(lf)
            });
        let names: Vec<PlSmallStr> = match &polars {
            Ok(df) => df.get_column_names_owned(),
            Err(_) => (0..3).map(|i| format!("c{i}").into()).collect(),
        };
        let lines = scan(&files, csv, &names, None)
            .unwrap()
            .expect("a UTF-8 header");
        let fast = read(lines.frame.clone());
        assert!(
            fast.is_ok() || lines.gave_up(),
            "the line reader fails only by giving up: {fast:?}"
        );
        (polars, fast.ok().filter(|_| !lines.gave_up()))
    }

    type Pairs = std::collections::BTreeSet<(usize, String)>;

    /// The distinct (field, value) pairs of fields `wanted` that the line reader hands over
    /// (`None` when it gives up), and those the input checker hands over (`Err` when it refuses
    /// the file).
    fn collected_both(
        text: &[u8],
        csv: &CsvOptions,
        wanted: &[usize],
    ) -> (Option<Pairs>, std::result::Result<Pairs, String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, text).unwrap();
        let mut checked = Pairs::new();
        let mut sink = |i: usize, v: &str| {
            // The sinks' sets skip empty values (`known::add_value`).
            if !v.is_empty() {
                checked.insert((i, v.to_string()));
            }
        };
        let mut collect = crate::io::source::Collect {
            columns: wanted.iter().map(|i| (*i, format!("c{i}"))).collect(),
            sink: &mut sink,
        };
        let check = crate::io::source::prepare_collecting(
            &path,
            &csv.dialect(),
            crate::io::source::Extent::All,
            None,
            Some(&mut collect),
        )
        .map(|_| ())
        .map_err(|e| e.to_string());
        let got = Arc::new(std::sync::Mutex::new(Pairs::new()));
        let into = got.clone();
        let mut mask = vec![false; 3];
        for i in wanted {
            mask[*i] = true;
        }
        let c = Collect {
            wanted: mask,
            sink: Arc::new(move |f: &Fields| {
                let mut g = into.lock().unwrap();
                for (i, v) in f.iter() {
                    g.insert((i, v.to_string()));
                }
            }),
        };
        let names: Vec<PlSmallStr> = (0..3).map(|i| format!("c{i}").into()).collect();
        let lines = scan(std::slice::from_ref(&path), csv, &names, Some(c))
            .unwrap()
            .expect("a UTF-8 header");
        let read = lines.frame.clone().collect_with_engine(Engine::Streaming);
        let fast = (read.is_ok() && !lines.gave_up()).then(|| got.lock().unwrap().clone());
        (fast, check.map(|()| checked))
    }

    #[test]
    fn collected_fields_are_the_checkers() {
        let text = "c0,c1,c2\nNA,\"a\"\"b\",x\n,\"\",y\n\"NA\",東京,x\nNA,東京,z\n";
        let (fast, checked) = collected_both(text.as_bytes(), &csv_options(true), &[0, 1]);
        let pairs =
            |v: &[(usize, &str)]| -> Pairs { v.iter().map(|(i, s)| (*i, s.to_string())).collect() };
        let want = pairs(&[(0, "NA"), (1, "a\"b"), (1, "東京")]);
        assert_eq!(fast, Some(want.clone()));
        assert_eq!(checked, Ok(want));
    }

    #[test]
    fn files_are_read_in_order_without_their_headers() {
        let (polars, fast) = both_files(
            &[b"c0,c1\na,1\nb,2\n", b"c0,c1\r\nc,\"3\"\r\n", b"c0,c1\n"],
            &csv_options(true),
        );
        let (polars, fast) = (polars.unwrap(), fast.expect("plain CSV"));
        assert_eq!(fast.height(), 3);
        assert!(fast.equals_missing(&polars), "{fast:?} != {polars:?}");
    }

    /// Fields are views into the line buffers: long and short fields, fields with doubled
    /// quotes, nulls and multi-byte text, over enough lines to fill several buffers, read as
    /// polars reads them.
    #[test]
    fn long_and_short_fields_read_as_polars_reads_them() {
        let mut text = String::from("c0,c1,c2\n");
        for i in 0..60_000 {
            let long = "東京都新宿区西新宿二丁目".repeat(1 + i % 3);
            match i % 5 {
                0 => text.push_str(&format!("{long}{i},x,\"say \"\"{i}\"\" {long}\"\n")),
                1 => text.push_str(&format!("a{i},,NA\n")),
                2 => text.push_str(&format!("\"{long},{i}\",short,\"\"\n")),
                3 => text.push_str(&format!("https://shop.example.jp/p/{i}?q=1,\"\"\"\",{i}\n")),
                _ => text.push_str(&format!("{i},{long},{}\n", "x".repeat(i % 40))),
            }
        }
        let (polars, fast) = both(text.as_bytes(), &csv_options(true));
        let (polars, fast) = (polars.unwrap(), fast.expect("plain CSV"));
        assert_eq!(fast.height(), 60_000);
        assert!(fast.equals_missing(&polars));
    }

    #[test]
    fn a_data_line_equal_to_a_header_gives_up() {
        let (polars, fast) = both_files(
            &[b"c0,c1\na,1\n", b"c0,c1\nx,y\nc0,c1\n"],
            &csv_options(true),
        );
        assert!(fast.is_none());
        // polars reads it as data.
        assert_eq!(polars.unwrap().height(), 3);
    }

    #[test]
    fn empty_lines_are_skipped_as_the_check_skips_them() {
        let (polars, fast) = both_files(&[b"c0,c1\na,1\n\nb,2\n\n"], &csv_options(true));
        let fast = fast.expect("read by the line reader");
        assert_eq!(fast.height(), 2);
        // polars' CSV reader reads rows of nulls for them.
        assert_eq!(polars.unwrap().height(), 4);
        let checked = crate::io::source::check_in_memory(
            b"c0,c1\na,1\n\nb,2\n\n",
            &csv_options(true).dialect(),
        );
        assert!(checked.is_ok());
    }

    #[test]
    fn a_line_of_the_column_names_in_another_order_gives_up() {
        // Exports joined into one file, the second with its columns in another order: the
        // checker refuses it (its rows would otherwise be read under the first one's names).
        let s = splitter(3, Some(b'"'));
        assert!(fields(&s, "c2,c0,c1").is_none());
        assert!(fields(&s, "\"c1\",c0,c2").is_none());
        // Values that are some of the names, or a name twice, are data.
        assert!(fields(&s, "c2,c0,x").is_some());
        assert!(fields(&s, "c0,c0,c1").is_some());
    }

    #[test]
    fn header_lines_are_read_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        let first = |bytes: &[u8]| {
            std::fs::write(&p, bytes).unwrap();
            first_line(&p).unwrap()
        };
        assert_eq!(first(b"a,b\r\n1,2\r\n"), Some("a,b".into()));
        assert_eq!(first(b"a,b"), Some("a,b".into()));
        // Carriage returns alone end no line here: left to polars.
        assert_eq!(first(b"a,b\r1,2\r"), None);
        assert_eq!(first(b"\xff,b\n"), None);
        // No line feed in the first MiB: not read further.
        assert_eq!(first(&vec![b'a'; (MAX_HEADER_BYTES + 10) as usize]), None);
    }

    #[test]
    fn headers_of_other_texts_are_left_to_polars() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = [&b"c0,c1\na,1\n"[..], b"\"c0\",c1\nb,2\n"]
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let p = dir.path().join(format!("{i}.csv"));
                std::fs::write(&p, t).unwrap();
                p
            })
            .collect();
        let names = ["c0".into(), "c1".into()];
        assert!(
            scan(&files, &csv_options(true), &names, None)
                .unwrap()
                .is_none()
        );
        assert!(
            scan(&files[..1], &csv_options(true), &names, None)
                .unwrap()
                .is_some()
        );
    }

    fn csv_options(quote: bool) -> CsvOptions {
        CsvOptions {
            quote: quote.then_some(b'"'),
            null_values: vec!["NA".into()],
            ..Default::default()
        }
    }

    /// A field of plain CSV, as written in the file.
    fn plain_field() -> impl Strategy<Value = String> {
        let text = proptest::string::string_regex("[ab あ東NA]{0,6}").unwrap();
        let quoted = proptest::string::string_regex("[ab, あ\"\nNA]{0,6}").unwrap();
        prop_oneof![
            text,
            quoted.prop_map(|t| format!("\"{}\"", t.replace('"', "\"\""))),
            Just("NA".to_string()),
            Just("\"NA\"".to_string()),
            Just("\"\"".to_string()),
        ]
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// On plain CSV the two readers give the same frame, nulls included, and the line
        /// reader gives up only on a quoted field that spans lines.
        #[test]
        fn plain_csv_reads_as_polars_reads_it(
            rows in proptest::collection::vec(proptest::collection::vec(plain_field(), 3), 1..40),
            crlf in any::<bool>(),
            last_eol in any::<bool>(),
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("c0,c1,\"c2\"{eol}");
            for (i, r) in rows.iter().enumerate() {
                text.push_str(&r.join(","));
                if i + 1 < rows.len() || last_eol {
                    text.push_str(eol);
                }
            }
            let (polars, fast) = both(text.as_bytes(), &csv_options(true));
            let polars = polars.expect("polars reads plain CSV");
            let spans_lines = rows.iter().flatten().any(|f| f.contains('\n'));
            match fast {
                Some(fast) => prop_assert!(fast.equals_missing(&polars), "{fast:?} != {polars:?}"),
                None => prop_assert!(spans_lines, "gave up on plain CSV"),
            }
        }

        /// The block search gives what `memchr3_iter` gives, on lines of any length.
        #[test]
        fn hits_are_memchr3s(
            line in proptest::collection::vec(prop_oneof![Just(b','), Just(b'"'), Just(b'\r'), Just(b'a'), any::<u8>()], 0..300),
        ) {
            let want: Vec<usize> = memchr::memchr3_iter(b',', b'"', b'\r', &line).collect();
            let got: Vec<usize> = Hits3::new(&line, [b',', b'"', b'\r']).collect();
            prop_assert_eq!(got, want);
        }

        /// The same with any three targets, the padding bytes 0..=3 among them.
        #[test]
        fn hits_of_any_targets_are_memchr3s(
            line in proptest::collection::vec(0u8..6, 0..200),
            t in [0u8..5, 0u8..5, 0u8..5],
        ) {
            let want: Vec<usize> = memchr::memchr3_iter(t[0], t[1], t[2], &line).collect();
            let got: Vec<usize> = Hits3::new(&line, t).collect();
            prop_assert_eq!(got, want);
        }

        /// Any line, any separator and quote: a result or a refusal, never a panic.
        #[test]
        fn never_panics_on_any_line(
            lines in proptest::collection::vec("\\PC{0,40}", 1..8),
            sep in prop_oneof![Just(b','), Just(b'\t'), Just(b';'), Just(b'|')],
            quote in prop_oneof![Just(Some(b'"')), Just(Some(b'\'')), Just(None)],
            n in 1usize..5,
        ) {
            let mut s = splitter(n, quote);
            s.delimiter = sep;
            let ca = StringChunked::from_iter(lines.iter().map(|l| Some(l.as_str())));
            if let Some((row, _)) = s.batch(&ca) {
                prop_assert_eq!(row.len(), lines.len());
                let fields = row.struct_().unwrap().fields_as_series();
                for f in &fields[..fields.len() - 1] {
                    assert_view_totals(f.str().unwrap());
                }
            }
        }

        /// On any text, when the line reader reads a frame, polars reads the same one from the
        /// text without its empty lines (which the line reader skips, as the input check does,
        /// and polars reads as rows of nulls).
        #[test]
        fn any_text_reads_as_polars_reads_it_or_gives_up(
            body in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b','), Just(b'"'), Just(b'\r'), Just(b'\n'), Just(b' ')],
                0..60,
            ),
            quote in any::<bool>(),
        ) {
            let mut text = b"c0,c1,c2\n".to_vec();
            text.extend_from_slice(&body);
            let (_, fast) = both(&text, &csv_options(quote));
            let lines: Vec<&[u8]> = text
                .split(|b| *b == b'\n')
                .filter(|l| !l.is_empty() && *l != b"\r")
                .collect();
            let (polars, _) = both(&lines.join(&b'\n'), &csv_options(quote));
            if let Some(fast) = fast {
                let polars = polars.map_err(|e| TestCaseError::fail(format!("polars refused what the line reader read: {e}")))?;
                prop_assert!(fast.equals_missing(&polars), "{fast:?} != {polars:?}");
            }
        }
    }

    proptest! {
        // Cheap cases (one small file each), and a changed byte must often land in a field.
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Whatever the line reader reads in full, the input checker passes, and both hand over
        /// the same values of the wanted fields: reading an input once (`cmd::run`'s
        /// `stage_once`) checks and collects what the separate check would.
        #[test]
        fn what_the_line_reader_reads_the_checker_passes_and_collects_alike(
            rows in proptest::collection::vec(proptest::collection::vec(plain_field(), 3), 1..30),
            noise in proptest::collection::vec(
                (any::<proptest::sample::Index>(), prop_oneof![Just(b','), Just(b'"'), Just(b'\r'), Just(b'\n'), Just(b'a')]),
                1..4,
            ),
            crlf in any::<bool>(),
            quote in any::<bool>(),
            wanted in prop_oneof![Just(vec![0]), Just(vec![1, 2]), Just(vec![0, 1, 2])],
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut body = String::new();
            for r in &rows {
                body.push_str(&r.join(","));
                body.push_str(eol);
            }
            // Maybe a few bytes changed: ragged rows, stray quotes, lone carriage returns.
            let mut body = body.into_bytes();
            for (at, b) in noise {
                if !body.is_empty() {
                    let i = at.index(body.len());
                    if body[i].is_ascii() {
                        body[i] = b;
                    }
                }
            }
            let mut text = b"c0,c1,c2\n".to_vec();
            text.extend_from_slice(&body);
            let (fast, checked) = collected_both(&text, &csv_options(quote), &wanted);
            if let Some(fast) = fast {
                let checked = checked.map_err(|e| TestCaseError::fail(format!("the checker refused what the line reader read: {e}")))?;
                prop_assert_eq!(fast, checked);
            }
        }
    }

    #[test]
    fn without_quoting_quotes_are_text() {
        let s = splitter(2, None);
        assert_eq!(fields(&s, "\"a,b\""), some(&[Some("\"a"), Some("b\"")]));
    }
}
