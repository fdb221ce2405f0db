//! What a shop's systems really export, made safe for polars to read: every CSV input passes
//! through here once before the run reads it.
//!
//! - **Decoding:** gzip (`.gz`) and zstd (`.zst`) are decompressed as a stream; Shift_JIS/CP932,
//!   EUC-JP and UTF-16 are decoded with the WHATWG tables (`encoding_rs`). Such inputs become a
//!   UTF-8 copy in the run's work folder, which polars then scans; plain UTF-8 files are read in
//!   place.
//! - **Validation,** in the same streaming pass, with a quote-aware state machine: every record
//!   has as many fields as the header (too many *and* too few: polars would pad a short row with
//!   nulls), every quote is closed, every byte is valid in the encoding. An error names the file,
//!   the row (1-based, the header being row 1), the physical line and the column, never a value.
//!   Past the header and the sample, a whole line of plain and quoted fields is cut with one
//!   search per field (`Checker::whole_line`); any line that is not is read by the state
//!   machine, which names the problem. A test holds the two to the same verdicts.
//! - **Sniffing:** a Parquet file named `.csv`, compressed or binary bytes, UTF-16 and likely
//!   CP932/EUC-JP files are named as such, with the setting that reads them.
//! - **Headers:** empty, duplicate and control-character column names are errors, and so is a
//!   first row that looks like data (an email, a phone number, a long digit run…): the header is
//!   probably missing, and the names are never printed.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, shown, shown_path};

/// The text encoding of a CSV input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum TextEncoding {
    #[default]
    Utf8,
    /// Shift_JIS as Windows writes it (CP932, Windows-31J): what Excel saves in Japan.
    Cp932,
    EucJp,
    /// UTF-16 with a byte-order mark (little-endian without one).
    Utf16,
}

impl TextEncoding {
    pub(crate) const NAMES: &'static str =
        "\"utf-8\", \"cp932\" (also \"shift_jis\"), \"euc-jp\", \"utf-16\"";

    pub(crate) fn parse(s: &str) -> Option<TextEncoding> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Some(match s.as_str() {
            "utf-8" | "utf8" => TextEncoding::Utf8,
            "cp932" | "shift-jis" | "sjis" | "windows-31j" | "ms932" => TextEncoding::Cp932,
            "euc-jp" | "eucjp" => TextEncoding::EucJp,
            "utf-16" | "utf16" | "utf-16le" | "utf-16be" => TextEncoding::Utf16,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Cp932 => "cp932",
            TextEncoding::EucJp => "euc-jp",
            TextEncoding::Utf16 => "utf-16",
        }
    }
}

/// How a file is compressed, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compressed {
    No,
    Gzip,
    Zstd,
}

impl Compressed {
    pub(crate) fn of(path: &Path) -> Compressed {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("gz" | "gzip") => Compressed::Gzip,
            Some("zst" | "zstd") => Compressed::Zstd,
            _ => Compressed::No,
        }
    }
}

/// The CSV dialect, as the job sets it.
#[derive(Debug, Clone)]
pub(crate) struct Dialect {
    pub(crate) delimiter: u8,
    pub(crate) quote: Option<u8>,
    pub(crate) header: bool,
    pub(crate) encoding: TextEncoding,
}

/// Where a problem is: 1-based row (the header is row 1), physical line, 0-based field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    row: u64,
    line: u64,
    field: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (after a delimiter or at the start of a record).
    FieldStart,
    /// At the very start of a record: a line break here is an empty line, which is skipped.
    RecordStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: either the closing quote or the first of a doubled one.
    QuoteInQuoted,
    /// A carriage return ended a record; a line feed right after it belongs to it.
    AfterCr,
}

/// A record-level problem found while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    TooFew {
        expected: usize,
        found: usize,
    },
    TooMany {
        expected: usize,
        found: usize,
    },
    UnclosedQuote,
    /// A quote inside an unquoted value, or text after a closing quote.
    StrayQuote,
    /// A carriage return not followed by a line feed.
    LoneCr,
    InvalidText,
    /// The header is longer than tokumei reads for one.
    LongHeader,
    /// A record whose fields are the header's names (in its order or another): exports joined
    /// into one file, whose columns may not line up.
    RepeatedHeader,
}

/// The column names of a header, to tell a record that repeats them (several exports joined
/// into one file: the next export's header, perhaps with its columns in another order, would
/// otherwise be read as a row, and its rows under the first export's names).
#[derive(Debug, Clone, Default)]
pub(crate) struct HeaderNames {
    names: Vec<Vec<u8>>,
    /// Bit `n` is set when a name is `n` bytes long (names of 128 bytes or more set bit 127):
    /// most records are told apart by their first field's length alone.
    lengths: u128,
}

impl HeaderNames {
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a [u8]>) -> HeaderNames {
        let names: Vec<Vec<u8>> = names.into_iter().map(<[u8]>::to_vec).collect();
        let lengths = names.iter().fold(0u128, |m, n| m | 1 << n.len().min(127));
        HeaderNames { names, lengths }
    }

    /// Whether the `n` fields `field(i)` gives (unquoted) are the header's names, each once, in
    /// any order. A record of data is told apart by its first field, mostly by its length. The
    /// first field may carry a byte-order mark (`cat` of two Excel "CSV UTF-8" exports). A file
    /// of one column is not judged: its values may well be its name.
    pub(crate) fn repeated_by<'a>(&self, n: usize, field: impl Fn(usize) -> &'a [u8]) -> bool {
        if n < 2 {
            return false;
        }
        let field = |i: usize| {
            let f = field(i);
            if i == 0 {
                f.strip_prefix(b"\xef\xbb\xbf").unwrap_or(f)
            } else {
                f
            }
        };
        let position = |f: &[u8]| {
            if self.lengths & (1 << f.len().min(127)) == 0 {
                return None;
            }
            self.names.iter().position(|name| name == f)
        };
        if self.names.is_empty()
            || n != self.names.len()
            || (0..n).any(|i| position(field(i)).is_none())
        {
            return false;
        }
        let mut seen = vec![false; n];
        (0..n).all(|i| match position(field(i)) {
            Some(j) if !seen[j] => {
                seen[j] = true;
                true
            }
            _ => false,
        })
    }
}

/// The streaming CSV checker: feed it UTF-8 bytes, then `finish`.
struct Checker {
    delimiter: u8,
    quote: u8,
    quoting: bool,
    state: State,
    /// Records completed so far (the header included).
    records: u64,
    /// Line breaks seen so far (outside and inside quotes).
    lines: u64,
    /// Empty lines skipped at a record's start.
    empty_lines: u64,
    /// Fields completed in the current record.
    fields: usize,
    /// The physical line the current record starts on.
    record_line: u64,
    expected: Option<usize>,
    /// Where the open quote started, for the unclosed-quote message.
    quote_start: Option<Position>,
    /// The first records' fields: the header and a sample of rows (bounded in count and bytes).
    kept: Vec<Vec<Vec<u8>>>,
    kept_bytes: usize,
    field_buf: Vec<u8>,
    /// The first record (the header, if there is one) is complete.
    first_done: bool,
    /// The record in which keeping stopped for lack of room, if it did.
    overflow_at: Option<u64>,
    /// Fields to hand over, by index (see `Collect`); the header record is never handed over.
    collect: Vec<bool>,
    collect_header: bool,
    collect_buf: Vec<u8>,
    /// Collected fields not yet handed over: (field index, end in `pending_bytes`), values as
    /// read (quotes not yet removed).
    pending: Vec<(usize, usize)>,
    pending_bytes: Vec<u8>,
    /// The fields of the line `whole_line` is cutting: (start, end) in the line.
    spans: Vec<(usize, usize)>,
    /// Whether whole lines take the fast path (the tests compare both ways).
    line_path: bool,
    /// The header's names once it is read (with a header), to refuse a record repeating them.
    header_names: Option<HeaderNames>,
}

const MAX_KEPT_BYTES: usize = 1 << 20;
/// Records kept for the header and the sample (`SAMPLE_ROWS` data rows after the header).
const KEPT_RECORDS: u64 = 1 + SAMPLE_ROWS as u64;
/// Rows sampled per input for the plan's content checks.
pub(crate) const SAMPLE_ROWS: usize = 200;

impl Checker {
    fn new(d: &Dialect) -> Checker {
        Checker {
            delimiter: d.delimiter,
            quote: d.quote.unwrap_or(0),
            quoting: d.quote.is_some(),
            state: State::RecordStart,
            records: 0,
            lines: 0,
            empty_lines: 0,
            fields: 0,
            record_line: 1,
            expected: None,
            quote_start: None,
            kept: vec![Vec::new()],
            kept_bytes: 0,
            field_buf: Vec::new(),
            first_done: false,
            overflow_at: None,
            collect: Vec::new(),
            collect_header: d.header,
            collect_buf: Vec::new(),
            pending: Vec::new(),
            pending_bytes: Vec::new(),
            spans: Vec::new(),
            line_path: true,
            header_names: None,
        }
    }

    /// The fields collected since the last call: (field index, end in the bytes), and the
    /// bytes, as read (quotes not yet removed).
    fn take_collected(&mut self) -> Collected {
        let cap = (self.pending.capacity(), self.pending_bytes.capacity());
        Collected {
            fields: std::mem::replace(&mut self.pending, Vec::with_capacity(cap.0)),
            bytes: std::mem::replace(&mut self.pending_bytes, Vec::with_capacity(cap.1)),
        }
    }

    /// Whether the current field's bytes are collected.
    fn collecting(&self) -> bool {
        self.collect.get(self.fields).copied().unwrap_or(false)
            && (self.records > 0 || !self.collect_header)
    }

    fn position(&self) -> Position {
        Position {
            row: self.records + 1,
            line: self.lines + 1,
            field: self.fields,
        }
    }

    fn keeping(&self) -> bool {
        self.records < KEPT_RECORDS && self.kept_bytes <= MAX_KEPT_BYTES
    }

    /// The header was cut short by the memory bound.
    fn header_overflowed(&self) -> bool {
        self.overflow_at == Some(0)
    }

    fn end_field(&mut self) {
        if self.collecting() {
            self.pending_bytes.extend_from_slice(&self.collect_buf);
            self.pending.push((self.fields, self.pending_bytes.len()));
            self.collect_buf.clear();
        }
        if self.keeping() {
            self.kept_bytes += self.field_buf.len();
            if let Some(rec) = self.kept.last_mut() {
                rec.push(std::mem::take(&mut self.field_buf));
            }
        }
        self.field_buf.clear();
        self.fields += 1;
    }

    fn end_record(&mut self) -> Result<(), (Position, Problem)> {
        self.end_field();
        let found = self.fields;
        let mut pos = self.position();
        pos.line = self.record_line;
        match self.expected {
            None => self.expected = Some(found),
            Some(expected) if found < expected => {
                pos.field = found;
                return Err((pos, Problem::TooFew { expected, found }));
            }
            Some(expected) if found > expected => {
                pos.field = expected;
                return Err((pos, Problem::TooMany { expected, found }));
            }
            Some(_) => {}
        }
        // The header's names (with quotes as `unquote` removes them); a record kept for the
        // sample is compared with them here, any later one in `whole_line`.
        let q = self.quoting.then_some(self.quote);
        if let Some(rec) = self.kept.last().filter(|_| self.keeping()) {
            if self.records == 0 && self.collect_header {
                let names: Vec<String> = rec.iter().map(|f| unquote(f, q)).collect();
                self.header_names = Some(HeaderNames::new(names.iter().map(|n| n.as_bytes())));
            } else if let Some(h) = &self.header_names {
                let fields: Vec<String> = rec.iter().map(|f| unquote(f, q)).collect();
                if h.repeated_by(fields.len(), |i| fields[i].as_bytes()) {
                    pos.field = 0;
                    return Err((pos, Problem::RepeatedHeader));
                }
            }
        }
        self.first_done = true;
        self.records += 1;
        self.fields = 0;
        if self.keeping() {
            self.kept.push(Vec::new());
        }
        Ok(())
    }

    /// The fast path for a whole line at a record's start, once the header and the sample are
    /// read: a line of plain fields and of quoted fields closed on the same line, with as many
    /// fields as the header, ending in a line feed (or CR LF) within `rest`. It cuts the fields
    /// with one search per field instead of feeding the state machine, and returns the bytes it
    /// consumed (the line break included). Anything else (an empty line, a stray quote or
    /// carriage return, a quote left open, a wrong count of fields) is declined with `None` and
    /// nothing changed: the state machine then reads the line and names what is wrong.
    fn whole_line(&mut self, rest: &[u8]) -> Result<Option<usize>, (Position, Problem)> {
        Ok(match self.cut_line(rest) {
            Some((used, line)) => {
                if let Some(h) = &self.header_names
                    && h.repeated_by(self.spans.len(), |i| {
                        let (a, b) = self.spans[i];
                        match &line[a..b] {
                            [q, inner @ .., q2] if self.quoting && *q == self.quote && q2 == q => {
                                inner
                            }
                            f => f,
                        }
                    })
                {
                    // Doubled quotes inside a name are compared as read: such a header is
                    // seldom repeated, and the state machine's comparison does not run here.
                    let pos = Position {
                        row: self.records + 1,
                        line: self.lines + 1,
                        field: 0,
                    };
                    return Err((pos, Problem::RepeatedHeader));
                }
                self.commit_line(line);
                Some(used)
            }
            None => None,
        })
    }

    /// Cuts a whole line's fields into `spans` (see `whole_line`): the bytes it would consume
    /// and the line without its break; nothing is counted yet.
    fn cut_line<'r>(&mut self, rest: &'r [u8]) -> Option<(usize, &'r [u8])> {
        let expected = self.expected?;
        let end = memchr::memchr(b'\n', rest)?;
        let line = &rest[..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return None;
        }
        let (d, q) = (self.delimiter, self.quote);
        let n = line.len();
        self.spans.clear();
        let mut i = 0;
        loop {
            if self.quoting && line.get(i) == Some(&q) {
                // A quoted field: up to the quote that is not doubled.
                let mut j = i + 1;
                loop {
                    j += memchr::memchr(q, &line[j..])? + 1;
                    if line.get(j) != Some(&q) {
                        break;
                    }
                    j += 1;
                }
                self.spans.push((i, j));
                if j == n {
                    break;
                }
                if line[j] != d {
                    return None;
                }
                i = j + 1;
            } else {
                let rest = &line[i..];
                // Quotes and carriage returns inside an unquoted field are the state machine's.
                let stop = if self.quoting {
                    memchr::memchr3(d, q, b'\r', rest)
                } else {
                    memchr::memchr2(d, b'\r', rest)
                };
                match stop {
                    None => {
                        self.spans.push((i, n));
                        break;
                    }
                    Some(k) if rest[k] == d => {
                        self.spans.push((i, i + k));
                        i += k + 1;
                    }
                    Some(_) => return None,
                }
            }
            if self.spans.len() > expected {
                return None;
            }
        }
        if self.spans.len() != expected {
            return None;
        }
        Some((end + 1, line))
    }

    /// Counts the line `cut_line` cut, and hands over its collected fields.
    fn commit_line(&mut self, line: &[u8]) {
        for (f, &(a, b)) in self.spans.iter().enumerate() {
            if self.collect.get(f).copied().unwrap_or(false) {
                self.pending_bytes.extend_from_slice(&line[a..b]);
                self.pending.push((f, self.pending_bytes.len()));
            }
        }
        self.lines += 1;
        self.record_line = self.lines;
        self.records += 1;
    }

    /// Consumes valid UTF-8 bytes.
    fn feed(&mut self, bytes: &[u8]) -> Result<(), (Position, Problem)> {
        let mut i = 0;
        let n = bytes.len();
        let keep = |s: &mut Checker, part: &[u8]| {
            if s.collecting() {
                s.collect_buf.extend_from_slice(part);
            }
            if s.keeping() {
                if s.kept_bytes + s.field_buf.len() + part.len() > MAX_KEPT_BYTES {
                    // Bounded: the rest of a huge field is not kept (and the sample stops).
                    s.kept_bytes = MAX_KEPT_BYTES + 1;
                    s.overflow_at = s.overflow_at.or(Some(s.records));
                    s.field_buf.clear();
                } else {
                    s.field_buf.extend_from_slice(part);
                }
            }
        };
        while i < n {
            if self.state == State::RecordStart
                && self.line_path
                && self.first_done
                && !self.keeping()
                && let Some(used) = self.whole_line(&bytes[i..])?
            {
                i += used;
                continue;
            }
            match self.state {
                State::RecordStart | State::FieldStart | State::AfterCr => {
                    let b = bytes[i];
                    if self.state == State::AfterCr {
                        self.state = State::RecordStart;
                        if b == b'\n' {
                            i += 1;
                            continue;
                        }
                        // A carriage return alone is a line break here but data to polars:
                        // refuse it rather than let the two readers disagree.
                        let mut pos = self.position();
                        pos.row -= 1;
                        pos.line -= 1;
                        return Err((pos, Problem::LoneCr));
                    }
                    if b == b'\n' || b == b'\r' {
                        // At a record's start this is an empty line: skipped (as the line
                        // reader skips it).
                        if self.state != State::RecordStart {
                            self.end_record()?;
                        } else {
                            self.empty_lines += 1;
                        }
                        self.lines += 1;
                        self.state = if b == b'\r' {
                            State::AfterCr
                        } else {
                            State::RecordStart
                        };
                        i += 1;
                        continue;
                    }
                    if self.state == State::RecordStart {
                        self.record_line = self.lines + 1;
                    }
                    if self.quoting && b == self.quote {
                        self.quote_start = Some(self.position());
                        self.state = State::Quoted;
                        keep(self, &bytes[i..=i]);
                        i += 1;
                    } else if b == self.delimiter {
                        self.end_field();
                        self.state = State::FieldStart;
                        i += 1;
                    } else {
                        self.state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    let rest = &bytes[i..];
                    let end = memchr::memchr3(self.delimiter, b'\n', b'\r', rest);
                    // A quote inside an unquoted value: polars would start a quoted section
                    // there and join lines, so it is refused with its position.
                    if self.quoting
                        && memchr::memchr(self.quote, &rest[..end.unwrap_or(rest.len())]).is_some()
                    {
                        return Err((self.position(), Problem::StrayQuote));
                    }
                    match end {
                        None => {
                            keep(self, rest);
                            i = n;
                        }
                        Some(j) => {
                            keep(self, &rest[..j]);
                            i += j;
                            self.state = State::FieldStart;
                            if rest[j] == self.delimiter {
                                self.end_field();
                                i += 1;
                            }
                        }
                    }
                }
                State::Quoted => {
                    let rest = &bytes[i..];
                    match memchr::memchr2(self.quote, b'\n', rest) {
                        None => {
                            keep(self, rest);
                            i = n;
                        }
                        Some(j) => {
                            keep(self, &rest[..=j]);
                            i += j + 1;
                            if rest[j] == b'\n' {
                                self.lines += 1;
                            } else {
                                self.state = State::QuoteInQuoted;
                            }
                        }
                    }
                }
                State::QuoteInQuoted => {
                    let b = bytes[i];
                    if b == self.quote {
                        // A doubled quote: a literal quote, still inside. Kept as read, so
                        // `unquote` sees both quotes.
                        self.state = State::Quoted;
                        keep(self, &bytes[i..=i]);
                        i += 1;
                    } else if b == self.delimiter || b == b'\n' || b == b'\r' {
                        // The quote closed the field.
                        self.quote_start = None;
                        self.state = State::FieldStart;
                    } else {
                        // Text after a closing quote (`"ab"cd`): not CSV, and read differently
                        // by different readers.
                        return Err((self.position(), Problem::StrayQuote));
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), (Position, Problem)> {
        match self.state {
            State::Quoted => {
                return Err((
                    self.quote_start.unwrap_or_else(|| self.position()),
                    Problem::UnclosedQuote,
                ));
            }
            State::RecordStart | State::AfterCr => {}
            _ => self.end_record()?,
        }
        Ok(())
    }

    /// Data records seen (the header excluded when there is one).
    fn data_rows(&self, header: bool) -> u64 {
        self.records.saturating_sub(u64::from(header))
    }
}

/// Runs the CSV checker over bytes in memory (the cargo-fuzz entry point: no files, no
/// decoding); the error, if any, is the message a user would see.
pub(crate) fn check_in_memory(bytes: &[u8], d: &Dialect) -> Result<Vec<String>> {
    let path = Path::new("fuzz.csv");
    let mut c = Checker::new(d);
    let fail = |c: &Checker, (pos, p): (Position, Problem)| {
        Error::io(describe(
            path,
            &names_if_valid(c, d.header, &[], path),
            pos,
            &p,
            d.header,
        ))
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.as_bytes(),
        Err(e) => &bytes[..e.valid_up_to()],
    };
    if let Err(e) = c.feed(text) {
        return Err(fail(&c, e));
    }
    if let Err(e) = c.finish() {
        return Err(fail(&c, e));
    }
    let h = checker_header(&c, d.header);
    if d.header {
        check_header(path, &h, &checker_sample(&c, true, h.len()), true)?;
    }
    Ok(h)
}

/// A readable CSV input: the file polars scans (the original, or a decoded copy), its header and
/// its count of data rows.
#[derive(Clone)]
pub(crate) struct Prepared {
    pub(crate) readable: PathBuf,
    pub(crate) columns: Vec<String>,
    pub(crate) rows: u64,
    /// The file has more line breaks than records (a quoted line break, or an empty line): it is
    /// not one record per line, so pass 1 reads it with polars' CSV reader (see `io::lines`).
    pub(crate) spans_lines: bool,
    /// The first rows' values, by column (at most [`SAMPLE_ROWS`]), for the plan's checks.
    pub(crate) sample: Vec<Vec<Option<String>>>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the sampled values.
        write!(
            f,
            "Prepared({} columns, {} rows)",
            self.columns.len(),
            self.rows
        )
    }
}

/// What is wrong with a file's bytes, when they are not CSV text at all.
fn sniff(head: &[u8], encoding: TextEncoding, compressed: Compressed) -> Option<String> {
    if head.starts_with(b"PAR1") {
        return Some(
            "is a Parquet file, not CSV; give it a .parquet name or set format = \"parquet\""
                .into(),
        );
    }
    if compressed == Compressed::No {
        if head.starts_with(&[0x1f, 0x8b]) {
            return Some("is gzip-compressed; name it with .gz (e.g. `data.csv.gz`)".into());
        }
        if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            return Some("is zstd-compressed; name it with .zst (e.g. `data.csv.zst`)".into());
        }
        if head.starts_with(b"PK\x03\x04") {
            return Some(
                "is a ZIP archive (an Excel .xlsx workbook?); export it as CSV first".into(),
            );
        }
    }
    if encoding != TextEncoding::Utf16 {
        if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
            return Some("is UTF-16 text; set csv.encoding = \"utf-16\"".into());
        }
        if encoding == TextEncoding::Utf8 && head.len() >= 4 {
            let zeros_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
            if zeros_odd * 4 > head.len() {
                return Some("looks like UTF-16 text without a byte-order mark; set csv.encoding = \"utf-16\"".into());
            }
        }
        let controls = head
            .iter()
            .filter(|b| **b == 0 || (**b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0c)))
            .count();
        if head.contains(&0) || (controls >= 16 && controls * 20 > head.len()) {
            return Some(
                "is not text (binary data); check that `input` names the CSV export".into(),
            );
        }
    }
    // UTF-8 read as Shift_JIS or EUC-JP is mojibake that reads back (繧ｵ for サ): delivered,
    // it would carry every value in a form anyone can undo. Japanese text in those encodings
    // is, past a few bytes, never valid UTF-8.
    if matches!(encoding, TextEncoding::Cp932 | TextEncoding::EucJp) && japanese_utf8(head) {
        return Some(utf8_not(encoding));
    }
    None
}

/// What a file declared in `encoding` that is UTF-8 after all is told.
fn utf8_not(encoding: TextEncoding) -> String {
    format!(
        "is UTF-8 text (its bytes are valid UTF-8 and hold Japanese characters), which \
         csv.encoding = \"{}\" misreads; remove the encoding setting",
        encoding.name()
    )
}

/// Characters of three bytes or more (kana, kanji) that bytes must hold, all valid UTF-8, to be
/// taken for UTF-8 rather than Shift_JIS or EUC-JP: a name or two in those encodings can be
/// valid UTF-8 by chance (莉子 in CP932 is), four such characters in a row of them hardly.
const WIDE_UTF8: usize = 4;

/// Whether `head` (a file's first bytes, perhaps cut inside a character) is valid UTF-8 holding
/// [`WIDE_UTF8`] characters of three bytes or more.
fn japanese_utf8(head: &[u8]) -> bool {
    let mut w = Utf8Watch::default();
    w.feed(head);
    // A character cut by the end of the head counts.
    let cut = w.carry.first().is_some_and(|b| *b >= 0xE0);
    w.ok && w.wide + usize::from(cut) >= WIDE_UTF8
}

/// Whether a file read as Shift_JIS or EUC-JP is UTF-8 after all, over all its bytes (a UTF-8
/// file whose first MiB is ASCII hides its kanji past the head).
#[derive(Default)]
struct Utf8Watch {
    /// Every byte so far is valid UTF-8.
    ok: bool,
    started: bool,
    /// A character cut at the end of the last chunk.
    carry: Vec<u8>,
    /// Characters of three bytes or more.
    wide: usize,
}

impl Utf8Watch {
    fn feed(&mut self, chunk: &[u8]) {
        if !self.started {
            self.started = true;
            self.ok = true;
            return self.feed(chunk.strip_prefix(b"\xef\xbb\xbf").unwrap_or(chunk));
        }
        if !self.ok {
            return;
        }
        let mut start = 0;
        if let Some(&lead) = self.carry.first() {
            let len = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let need = (len - self.carry.len()).min(chunk.len());
            self.carry.extend_from_slice(&chunk[..need]);
            start = need;
            if self.carry.len() < len {
                return;
            }
            if std::str::from_utf8(&self.carry).is_err() {
                self.ok = false;
                return;
            }
            self.wide += usize::from(lead >= 0xE0);
            self.carry.clear();
        }
        let rest = &chunk[start..];
        let valid = match std::str::from_utf8(rest) {
            Ok(_) => rest.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => {
                self.ok = false;
                return;
            }
        };
        self.wide += rest[..valid].iter().filter(|b| **b >= 0xE0).count();
        self.carry.extend_from_slice(&rest[valid..]);
    }

    /// All the bytes were UTF-8 with Japanese characters.
    fn utf8(&self) -> bool {
        self.ok && self.carry.is_empty() && self.wide >= WIDE_UTF8
    }
}

/// For an invalid UTF-8 file: which encoding probably reads it. `head` is the file's start;
/// `truncated` says whether the file goes on (then the head may end inside a character).
fn guess_encoding(head: &[u8], truncated: bool) -> Option<TextEncoding> {
    let head = if truncated {
        &head[..head.len().saturating_sub(2)]
    } else {
        head
    };
    for (enc, e) in [
        (TextEncoding::Cp932, encoding_rs::SHIFT_JIS),
        (TextEncoding::EucJp, encoding_rs::EUC_JP),
    ] {
        let (text, _, had_errors) = e.decode(head);
        // Japanese text decodes to kana and kanji; a Latin-1 byte or two rarely does.
        let japanese = text
            .chars()
            .filter(|c| matches!(*c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
            .count();
        if !had_errors && japanese >= 2 {
            return Some(enc);
        }
    }
    None
}

fn describe(file: &Path, columns: &[String], pos: Position, p: &Problem, header: bool) -> String {
    let f = shown_path(file);
    let col = |i: usize| -> String {
        match columns.get(i) {
            Some(n) if header => format!("column {} (`{}`)", i + 1, shown(n)),
            _ => format!("column {}", i + 1),
        }
    };
    let at = if pos.line == pos.row {
        format!("row {}", pos.row)
    } else {
        format!("row {} (line {})", pos.row, pos.line)
    };
    match p {
        Problem::TooFew { expected, found } => format!(
            "`{f}`, {at}: {found} field(s) where the header has {expected} (a ragged row; nothing \
             is padded); fix the export, or check csv.delimiter and csv.quote"
        ),
        Problem::TooMany { expected, found } => format!(
            "`{f}`, {at}: {found} fields where the header has {expected} (a ragged row, or a \
             delimiter inside an unquoted value); fix the export, or check csv.delimiter and \
             csv.quote"
        ),
        Problem::UnclosedQuote => format!(
            "`{f}`, {at}, {}: a quote opens there and is never closed; fix the export, or set \
             csv.quote = \"\" if the data uses no quoting",
            col(pos.field)
        ),
        Problem::StrayQuote => format!(
            "`{f}`, {at}, {}: a quote inside a value that does not start with one, or text after \
             a closing quote; quote the whole value and double the quotes inside it (\"5'10\"\"\"), \
             or set csv.quote = \"\" if the data uses no quoting",
            col(pos.field)
        ),
        Problem::LoneCr => format!(
            "`{f}`, {at}: a carriage return without a line feed (old Mac line endings, or a line \
             break inside an unquoted value); convert the line endings to \\n or \\r\\n, or \
             quote the value"
        ),
        Problem::LongHeader => format!(
            "`{f}`: the header is longer than {} MiB; is the file CSV with this delimiter and \
             quote?",
            MAX_KEPT_BYTES >> 20
        ),
        Problem::RepeatedHeader => format!(
            "`{f}`, {at}: the row repeats the header's column names (in its order or another): \
             several exports joined into one file, whose columns may not line up; give each \
             export its own file (a folder or glob input reads them all, each with its header) \
             or remove the repeated header lines"
        ),
        Problem::InvalidText => format!(
            "`{f}`, {at}, {}: bytes that are not valid text in the file's encoding",
            col(pos.field)
        ),
    }
}

/// The data-looking cells of a first row, as (1-based column, what it looks like).
pub(crate) fn data_like(names: &[String]) -> Vec<(usize, &'static str)> {
    // Built once: the detectors' automata are not cheap.
    static DETECTOR: std::sync::OnceLock<crate::detect::Detector> = std::sync::OnceLock::new();
    let detector =
        DETECTOR.get_or_init(|| crate::detect::Detector::new(&crate::detect::Kind::patterns()));
    let mut out = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let t = n.trim();
        let digits = t.chars().filter(char::is_ascii_digit).count();
        let what = if let Some(k) = detector.classify_value(t) {
            Some(k.name())
        } else if !detector.find(t).is_empty() {
            Some("an identifier")
        } else if digits >= 6 {
            Some("a number")
        } else if looks_like_date(t) {
            Some("a date")
        } else {
            None
        };
        if let Some(w) = what {
            out.push((i + 1, w));
        }
    }
    out
}

/// Whether the name analysis (when IPADIC is installed) finds a person's name in a column name
/// (`鈴木花子`): such a name is not printed (see [`shown_column`]). It does not make a header a
/// row of data: brands and products are named after people (佐藤錦, 松本清, 秋田小町).
pub(crate) fn holds_a_name(t: &str) -> bool {
    if !t.chars().any(crate::detect::japanese::is_han) {
        return false;
    }
    let Ok(a) = crate::detect::morph::analyzer() else {
        return false;
    };
    // Normalised as the detectors see text: variant kanji in their common form (髙﨑一郎).
    let t = crate::detect::normalize::Normalized::new(t);
    let mut found = Vec::new();
    crate::detect::morph::find_names(
        a,
        &crate::detect::morph::SentenceMemo::default(),
        &t.text,
        &[],
        &mut found,
    );
    !found.is_empty()
}

/// A column name that may be a value rather than a name, shown by position only: one holding
/// `@`, four digits or more (an ID such as K-1234), or words of kana with a space between them
/// (a name in kana: たなか はなこ).
fn value_like_name(t: &str) -> bool {
    t.contains('@') || t.chars().filter(char::is_ascii_digit).count() >= 4 || kana_words(t)
}

/// Words of kana (half-width katakana too) with a space between them: a name's reading
/// (ヤマダ タロウ), or a header (ショップ コード) that messages show by position all the same.
fn kana_words(t: &str) -> bool {
    let kana = |c: char| {
        crate::detect::japanese::is_hiragana(c)
            || crate::detect::japanese::is_katakana(c)
            || ('\u{FF65}'..='\u{FF9F}').contains(&c)
            || c == 'ー'
    };
    t.contains([' ', '\u{3000}']) && t.chars().all(|c| kana(c) || c == ' ' || c == '\u{3000}')
}

/// Whether a column's name holds a person's name or looks like data: messages never print it.
pub(crate) fn name_is_hidden(name: &str) -> bool {
    !data_like(std::slice::from_ref(&name.to_string())).is_empty()
        || value_like_name(name.trim())
        || holds_a_name(name.trim())
}

/// A column as messages name it: ``column `name` ``, or `column N (…)` when its name holds a
/// person's name or looks like data (then `true`: the caller must not repeat the name either).
pub(crate) fn shown_column(name: &str, index: usize) -> (String, bool) {
    if name_is_hidden(name) {
        let n = index + 1;
        (
            format!("column {n} (its name is not shown: it reads as a person's name or a value)"),
            true,
        )
    } else {
        (format!("column `{}`", shown(name)), false)
    }
}

/// `1985-01-02`, `1985/1/2`, `2026-10-10T13:55:36`: a value, never a column name.
fn looks_like_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'-' | b'/' | b'.')
        && b[5].is_ascii_digit()
}

/// Checks the column names of a Parquet schema, as [`check_header`] checks a CSV header.
pub(crate) fn check_names(file: &Path, names: &[String]) -> Result<()> {
    check_header(file, names, &[], false)
}

/// Header cells that are one of their own column's sampled values (`男`, `東京都`, a common
/// surname): a first row of data passes the pattern checks when it holds no email or phone, but
/// its columns' other rows give it away. (Numbers above numbers are not counted: `2024` or the
/// months `1`…`12` are real headers of wide exports.)
fn like_own_values(names: &[String], sample: &[Vec<Option<String>>]) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (i, (name, values)) in names.iter().zip(sample).enumerate() {
        let values: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
        if values.len() < 5 || name.trim().is_empty() {
            continue;
        }
        let name = name.trim();
        if values.iter().any(|v| v.trim() == name) {
            out.push((i + 1, "one of its own values"));
        }
    }
    out
}

/// Checks the header names; problems are returned as messages (never quoting a data-like name).
fn check_header(
    file: &Path,
    names: &[String],
    sample: &[Vec<Option<String>>],
    csv: bool,
) -> Result<()> {
    let f = shown_path(file);
    let mut looks: Vec<String> = data_like(names)
        .into_iter()
        .map(|(i, w)| format!("column {i} looks like {}", article(w)))
        .collect();
    if looks.is_empty() {
        looks = like_own_values(names, sample)
            .into_iter()
            .map(|(i, _)| format!("column {i} is also one of that column's values"))
            .collect();
    }
    if !looks.is_empty() {
        let list: Vec<String> = looks.into_iter().take(4).collect();
        if !csv {
            // Parquet and NDJSON name their columns in the file: no header to switch off.
            return Err(Error::io(format!(
                "the column names of `{f}` look like data ({}): is this the wrong input, or did \
                 its export write values as names? Fix the names in the export; they are not \
                 shown",
                list.join(", ")
            )));
        }
        return Err(Error::io(format!(
            "the first row of `{f}` looks like data, not column names ({}): is the header \
             missing? Set `csv = {{ header = false }}` in the dataset and name the columns \
             column_1, column_2, … in its [columns] table; the row is not shown",
            list.join(", ")
        )));
    }
    let mut problems = Vec::new();
    let mut first_at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if n.trim().is_empty() {
            problems.push(format!(
                "column {} has no name; name it in the export, or set `csv = {{ header = false }}` and use column_1, column_2, …",
                i + 1
            ));
        } else if csv && n.contains('\t') {
            problems.push(format!(
                "column {} holds tab characters in its name: the file looks tab-separated; set \
                 `csv = {{ delimiter = \"\\t\" }}` (a .tsv file is read so without it)",
                i + 1
            ));
        } else if n.chars().any(char::is_control) {
            problems.push(format!(
                "column {} (`{}`) has control characters in its name; fix the export",
                i + 1,
                shown(n)
            ));
        } else if let Some(&j) = first_at.get(n.as_str()) {
            problems.push(format!(
                "columns {} and {} are both named `{}`; column names must be unique",
                j + 1,
                i + 1,
                shown(n)
            ));
        }
        first_at.entry(n.as_str()).or_insert(i);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::io(format!("`{f}`: {}", problems.join("; "))))
    }
}

pub(crate) fn article(w: &str) -> String {
    let vowel = w.starts_with(['a', 'e', 'i', 'o', 'u']);
    if w.starts_with("an ") || w.starts_with("a ") {
        w.to_string()
    } else if vowel {
        format!("an {w}")
    } else {
        format!("a {w}")
    }
}

/// Opens `path` as a stream of its raw (decompressed) bytes.
fn open_raw(path: &Path) -> Result<Box<dyn Read>> {
    let f = File::open(path)
        .map_err(|e| Error::io(format!("cannot open `{}`: {}", shown_path(path), e.kind())))?;
    Ok(match Compressed::of(path) {
        Compressed::No => Box::new(f),
        Compressed::Gzip => Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
            f,
        ))),
        Compressed::Zstd => Box::new(zstd::stream::read::Decoder::new(f).map_err(|e| {
            Error::io(format!(
                "cannot read `{}` as zstd: {}",
                shown_path(path),
                e.kind()
            ))
        })?),
    })
}

fn read_error(path: &Path, e: &std::io::Error) -> Error {
    let what = match Compressed::of(path) {
        Compressed::No => "",
        _ => " (is it really compressed as its name says, and complete?)",
    };
    Error::io(format!(
        "cannot read `{}`: {}{what}",
        shown_path(path),
        match e.kind() {
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput =>
                "corrupt compressed data".to_string(),
            std::io::ErrorKind::UnexpectedEof => "the file ends too early".to_string(),
            k => k.to_string(),
        }
    ))
}

/// How far to read: the header only (for `check` and schemas), or the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extent {
    Header,
    All,
}

/// Reads, validates and (when it is not plain UTF-8) decodes one CSV file. With `copy_to`, a
/// decoded copy is written there when one is needed; `Extent::Header` stops after the header.
pub(crate) fn prepare(
    path: &Path,
    d: &Dialect,
    extent: Extent,
    copy_to: Option<&Path>,
) -> Result<Prepared> {
    prepare_collecting(path, d, extent, copy_to, None)
}

/// Fields handed over while a CSV input is checked, so no second read is needed for them
/// (the known values of identifier columns).
pub(crate) struct Collect<'a> {
    /// The field indices wanted, with the column name the header must have there.
    pub(crate) columns: Vec<(usize, String)>,
    /// Called with (field index, unquoted value) for the data rows' fields. A value repeated
    /// within the last few thousand rows of its column may be handed over once only.
    pub(crate) sink: &'a mut (dyn FnMut(usize, &str) + Send),
}

/// A batch of collected fields (see `Checker::take_collected`).
struct Collected {
    fields: Vec<(usize, usize)>,
    bytes: Vec<u8>,
}

/// Recently handed-over values, by field: a value seen again is not handed over again (the
/// sink's sets keep each value once anyway, and normalising and hashing it is the costly part).
/// Direct-mapped and compared byte for byte, so a value is skipped only when it is equal.
struct Recent {
    slots: Vec<(usize, Vec<u8>)>,
}

const RECENT_SLOTS: usize = 1 << 14;

impl Recent {
    fn new() -> Recent {
        Recent {
            slots: vec![(usize::MAX, Vec::new()); RECENT_SLOTS],
        }
    }

    /// True when (field, raw) was the last value in its slot; else it becomes that value.
    fn seen(&mut self, field: usize, raw: &[u8]) -> bool {
        use std::hash::BuildHasher;
        static STATE: foldhash::fast::FixedState =
            foldhash::fast::FixedState::with_seed(0x746f6b75);
        let h = STATE.hash_one((field, raw)) as usize;
        let slot = &mut self.slots[h % RECENT_SLOTS];
        if slot.0 == field && slot.1 == raw {
            return true;
        }
        slot.0 = field;
        slot.1.clear();
        slot.1.extend_from_slice(raw);
        false
    }
}

/// Hands a batch's fields to `sink`, unquoted, skipping values `recent` has just seen.
fn hand_out(
    batch: &Collected,
    quote: Option<u8>,
    recent: &mut Recent,
    sink: &mut (dyn FnMut(usize, &str) + Send),
) {
    let mut start = 0;
    for &(i, end) in &batch.fields {
        let raw = &batch.bytes[start..end];
        start = end;
        if raw.is_empty() || recent.seen(i, raw) {
            continue;
        }
        match (quote, raw.first()) {
            (Some(q), Some(&f)) if f == q => sink(i, &unquote(raw, quote)),
            // Fed bytes are UTF-8 and fields end at ASCII delimiters.
            _ => sink(i, std::str::from_utf8(raw).unwrap_or_default()),
        }
    }
}

/// `prepare`, handing the fields `collect` asks for to its sink on the way. The sink runs on a
/// second thread, fed batch by batch through a bounded queue, so collecting costs the check
/// little time.
pub(crate) fn prepare_collecting(
    path: &Path,
    d: &Dialect,
    extent: Extent,
    copy_to: Option<&Path>,
    collect: Option<&mut Collect<'_>>,
) -> Result<Prepared> {
    let Some(c) = collect else {
        return prepare_inner(path, d, extent, copy_to, None, &mut |_| {});
    };
    let quote = d.quote;
    let sink = &mut *c.sink;
    let columns = &c.columns;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Collected>(4);
        let consumer = s.spawn(move || {
            let mut recent = Recent::new();
            for batch in rx {
                hand_out(&batch, quote, &mut recent, sink);
            }
        });
        let checked = prepare_inner(path, d, extent, copy_to, Some(columns), &mut |batch| {
            // The consumer only stops by panicking, which `join` reports below.
            let _ = tx.send(batch);
        });
        drop(tx);
        match consumer.join() {
            Ok(()) => checked,
            Err(_) => Err(Error::io(format!(
                "`{}`: collecting its identifier values failed (please report this bug)",
                shown_path(path)
            ))),
        }
    })
}

fn prepare_inner(
    path: &Path,
    d: &Dialect,
    extent: Extent,
    copy_to: Option<&Path>,
    collect: Option<&[(usize, String)]>,
    hand: &mut dyn FnMut(Collected),
) -> Result<Prepared> {
    let compressed = Compressed::of(path);
    let mut raw = open_raw(path)?;
    let mut checker = Checker::new(d);
    if let Some(columns) = collect {
        let width = columns.iter().map(|(i, _)| i + 1).max().unwrap_or(0);
        checker.collect = vec![false; width];
        for (i, _) in columns {
            checker.collect[*i] = true;
        }
    }
    let needs_copy = compressed != Compressed::No || d.encoding != TextEncoding::Utf8;
    let mut out = match (needs_copy, extent, copy_to) {
        (true, Extent::All, Some(dst)) => Some(BufWriter::with_capacity(
            1 << 20,
            File::create(dst).map_err(|e| {
                Error::io(format!(
                    "cannot write the decoded copy `{}`: {}",
                    shown_path(dst),
                    e.kind()
                ))
            })?,
        )),
        _ => None,
    };
    let mut decoder = match d.encoding {
        TextEncoding::Utf8 => None,
        TextEncoding::Cp932 => Some(encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling()),
        TextEncoding::EucJp => Some(encoding_rs::EUC_JP.new_decoder_without_bom_handling()),
        // Sniffs the byte-order mark; little-endian without one.
        TextEncoding::Utf16 => Some(encoding_rs::UTF_16LE.new_decoder()),
    };
    let mut buf = vec![0u8; 1 << 20];
    let mut utf8 = vec![0u8; 3 * (1 << 20) + 16];
    let mut carry: Vec<u8> = Vec::new();
    let mut first_chunk = true;
    let mut head_for_guess: Vec<u8> = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut named: Vec<String> = Vec::new();
    let fail = |checker: &Checker, problem: Problem, columns: &[String]| {
        describe(path, columns, checker.position(), &problem, d.header)
    };
    // A Shift_JIS or EUC-JP file that is UTF-8 after all (see `Utf8Watch`).
    let mut utf8_watch =
        matches!(d.encoding, TextEncoding::Cp932 | TextEncoding::EucJp).then(Utf8Watch::default);
    loop {
        let n = match raw.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(path, &e)),
        };
        let last = n == 0;
        let chunk = &buf[..n];
        if let Some(w) = utf8_watch.as_mut() {
            w.feed(chunk);
            if last && w.utf8() {
                return Err(Error::io(format!(
                    "`{}` {}",
                    shown_path(path),
                    utf8_not(d.encoding)
                )));
            }
        }
        if first_chunk {
            if last {
                return Err(Error::io(format!(
                    "`{}` is empty (0 bytes): no header and no rows; check the export",
                    shown_path(path)
                )));
            }
            if let Some(why) = sniff(&chunk[..chunk.len().min(8192)], d.encoding, compressed) {
                return Err(Error::io(format!("`{}` {why}", shown_path(path))));
            }
            head_for_guess.extend_from_slice(&chunk[..chunk.len().min(65536)]);
        }
        // The chunk as UTF-8: decoded, or validated in place.
        let text: &[u8] = match &mut decoder {
            Some(dec) => {
                // Room for the worst case, so the whole chunk is always decoded in one call.
                let room = dec
                    .max_utf8_buffer_length_without_replacement(n)
                    .unwrap_or(4 * n + 16);
                if utf8.len() < room {
                    utf8.resize(room, 0);
                }
                let (result, read, written) =
                    dec.decode_to_utf8_without_replacement(chunk, &mut utf8, last);
                if read != n && matches!(result, encoding_rs::DecoderResult::OutputFull) {
                    return Err(Error::io(format!(
                        "`{}`: cannot decode it (please report this bug)",
                        shown_path(path)
                    )));
                }
                let valid = &utf8[..written];
                if let encoding_rs::DecoderResult::Malformed(_, _) = result {
                    checker.feed(valid).map_err(|(pos, p)| {
                        Error::io(describe(
                            path,
                            &names_if_valid(&checker, d.header, &named, path),
                            pos,
                            &p,
                            d.header,
                        ))
                    })?;
                    let cols = names_if_valid(&checker, d.header, &named, path);
                    return Err(Error::io(format!(
                        "{}; is csv.encoding = \"{}\" right?",
                        fail(&checker, Problem::InvalidText, &cols),
                        d.encoding.name()
                    )));
                }
                valid
            }
            None => {
                // Validated in place; only a character cut by the chunk's end is carried over
                // (copied, with the next chunk, into `utf8`).
                let from_carry = !carry.is_empty();
                if from_carry {
                    carry.extend_from_slice(chunk);
                }
                let bytes: &[u8] = if from_carry { &carry } else { chunk };
                let good = match simdutf8::compat::from_utf8(bytes) {
                    Ok(_) => bytes.len(),
                    Err(e) => {
                        let good = e.valid_up_to();
                        let incomplete_tail = e.error_len().is_none() && !last;
                        if !incomplete_tail {
                            checker.feed(&bytes[..good]).map_err(|(pos, p)| {
                                Error::io(describe(
                                    path,
                                    &names_if_valid(&checker, d.header, &named, path),
                                    pos,
                                    &p,
                                    d.header,
                                ))
                            })?;
                            let cols = names_if_valid(&checker, d.header, &named, path);
                            let hint = match guess_encoding(&head_for_guess, head_for_guess.len() >= 65536) {
                                Some(TextEncoding::Cp932) => "; the file looks like Shift_JIS (CP932, as Excel saves CSV in Japan): set csv.encoding = \"cp932\"".to_string(),
                                Some(TextEncoding::EucJp) => "; the file looks like EUC-JP: set csv.encoding = \"euc-jp\"".to_string(),
                                _ => format!("; it is not UTF-8: set csv.encoding to one of {}", TextEncoding::NAMES),
                            };
                            return Err(Error::io(format!(
                                "{}{hint}",
                                fail(&checker, Problem::InvalidText, &cols)
                            )));
                        }
                        good
                    }
                };
                if from_carry {
                    utf8[..good].copy_from_slice(&carry[..good]);
                    carry.drain(..good);
                    &utf8[..good]
                } else {
                    carry.extend_from_slice(&chunk[good..]);
                    &chunk[..good]
                }
            }
        };
        // A UTF-8 byte-order mark is not part of the first column's name.
        let text = if first_chunk && text.starts_with("\u{feff}".as_bytes()) {
            &text[3..]
        } else {
            text
        };
        first_chunk = false;
        if let Some(o) = &mut out {
            o.write_all(text).map_err(|e| {
                Error::io(format!(
                    "cannot write the decoded copy of `{}`: {}",
                    shown_path(path),
                    e.kind()
                ))
            })?;
        }
        checker.feed(text).map_err(|(pos, p)| {
            Error::io(describe(
                path,
                &names_if_valid(&checker, d.header, &named, path),
                pos,
                &p,
                d.header,
            ))
        })?;
        if extent == Extent::Header && header.is_some() && !checker.keeping() {
            break;
        }
        if checker.header_overflowed() && d.header {
            return Err(Error::io(describe(
                path,
                &[],
                checker.position(),
                &Problem::LongHeader,
                d.header,
            )));
        }
        if header.is_none() && checker.first_done {
            let h = checker_header(&checker, d.header);
            if d.header {
                let sample = checker_sample(&checker, true, h.len());
                check_header(path, &h, &sample, true)?;
            }
            if let Some(columns) = collect
                && d.header
                && columns.iter().any(|(i, name)| h.get(*i) != Some(name))
            {
                return Err(Error::io(format!(
                    "`{}`: its columns are not in the order of the dataset's first input; \
                     export every file of a dataset with the same header",
                    shown_path(path)
                )));
            }
            // Only names that passed the check may appear in later messages.
            named = h.clone();
            header = Some(h);
            if extent == Extent::Header && !checker.keeping() {
                break;
            }
        }
        if header.is_some() && collect.is_some() {
            hand(checker.take_collected());
        }
        if last {
            checker.finish().map_err(|(pos, p)| {
                Error::io(describe(
                    path,
                    &names_if_valid(&checker, d.header, &named, path),
                    pos,
                    &p,
                    d.header,
                ))
            })?;
            break;
        }
    }
    if collect.is_some() {
        hand(checker.take_collected());
    }
    // Bytes, but no record: a byte-order mark or empty lines alone.
    if checker.records == 0 && checker.fields == 0 && checker.state == State::RecordStart {
        return Err(Error::io(format!(
            "`{}` holds no header and no rows (only a byte-order mark or empty lines); check the export",
            shown_path(path)
        )));
    }
    let columns = match header {
        Some(h) => h,
        None => {
            let h = checker_header(&checker, d.header);
            if d.header {
                let sample = checker_sample(&checker, true, h.len());
                check_header(path, &h, &sample, true)?;
            }
            h
        }
    };
    if let Some(mut o) = out {
        o.flush().map_err(|e| {
            Error::io(format!(
                "cannot write the decoded copy of `{}`: {}",
                shown_path(path),
                e.kind()
            ))
        })?;
    }
    let readable = match (needs_copy, copy_to) {
        (true, Some(dst)) if extent == Extent::All => dst.to_path_buf(),
        _ => path.to_path_buf(),
    };
    let sample = checker_sample(&checker, d.header, columns.len());
    Ok(Prepared {
        readable,
        columns,
        rows: checker.data_rows(d.header),
        // One record per line: a line break per record (one fewer without a final one).
        // Records spanning lines, which the line reader cannot read (empty lines it skips).
        spans_lines: checker.lines - checker.empty_lines > checker.records,
        sample,
    })
}

/// The kept data rows as text, by column.
fn checker_sample(c: &Checker, header: bool, width: usize) -> Vec<Vec<Option<String>>> {
    let quote = c.quoting.then_some(c.quote);
    let mut out = vec![Vec::new(); width];
    let rows = c.kept.iter().skip(usize::from(header));
    for rec in rows.filter(|r| r.len() == width) {
        for (i, f) in rec.iter().enumerate() {
            let v = unquote(f, quote);
            out[i].push((!v.is_empty()).then_some(v));
        }
    }
    out
}

fn unquote(f: &[u8], quote: Option<u8>) -> String {
    let s = String::from_utf8_lossy(f);
    let Some(q) = quote.map(char::from) else {
        return s.into_owned();
    };
    match s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
        Some(inner) => inner.replace(&format!("{q}{q}"), &q.to_string()),
        None => s.into_owned(),
    }
}

/// A JSON object's members in the order written, repeated keys included (`serde_json`'s map
/// sorts its keys and keeps one value of a repeated key).
struct Members(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Members, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> std::result::Result<Members, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = m.next_entry::<String, serde_json::Value>()? {
                    out.push(kv);
                }
                Ok(Members(out))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Reads and validates one NDJSON file (one JSON object per line; blank lines are skipped):
/// every line must be an object of scalars. Its columns are every key of every line, in the
/// order first seen, so a key that appears only late is not lost. A compressed file is
/// decompressed into `copy_to`.
pub(crate) fn prepare_ndjson(
    path: &Path,
    extent: Extent,
    copy_to: Option<&Path>,
) -> Result<Prepared> {
    use std::io::BufRead;
    let compressed = Compressed::of(path);
    let mut reader = std::io::BufReader::with_capacity(1 << 20, open_raw(path)?);
    let mut out = match (compressed != Compressed::No, extent, copy_to) {
        (true, Extent::All, Some(dst)) => Some(BufWriter::with_capacity(
            1 << 20,
            File::create(dst).map_err(|e| {
                Error::io(format!(
                    "cannot write the decoded copy `{}`: {}",
                    shown_path(dst),
                    e.kind()
                ))
            })?,
        )),
        _ => None,
    };
    let f = shown_path(path);
    let mut columns: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut line = Vec::new();
    let mut line_no = 0u64;
    let mut rows = 0u64;
    let mut sampled: Vec<Vec<(String, serde_json::Value)>> = Vec::new();
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| read_error(path, &e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if line_no == 1
            && let Some(why) = sniff(
                &line[..line.len().min(8192)],
                TextEncoding::Utf8,
                compressed,
            )
        {
            return Err(Error::io(format!("`{f}` {why}")));
        }
        if let Some(o) = &mut out {
            o.write_all(&line).map_err(|e| {
                Error::io(format!(
                    "cannot write the decoded copy of `{f}`: {}",
                    e.kind()
                ))
            })?;
        }
        let text = match std::str::from_utf8(&line) {
            Ok(t) => t.trim_start_matches('\u{feff}').trim(),
            Err(_) => {
                return Err(Error::io(format!(
                    "`{f}`, line {line_no}: bytes that are not valid UTF-8 (JSON is UTF-8); fix the export"
                )));
            }
        };
        if text.is_empty() {
            continue;
        }
        let obj: Vec<(String, serde_json::Value)> = match serde_json::from_str::<Members>(text) {
            Ok(Members(o)) => o,
            Err(e) if e.classify() == serde_json::error::Category::Data => {
                return Err(Error::io(format!(
                    "`{f}`, line {line_no}: not a JSON object; NDJSON needs one object per line"
                )));
            }
            Err(e) => {
                return Err(Error::io(format!(
                    "`{f}`, line {line_no}, character {}: not valid JSON ({}); fix the export",
                    e.column(),
                    match e.classify() {
                        serde_json::error::Category::Eof => "it ends too early",
                        serde_json::error::Category::Syntax => "a syntax error",
                        _ => "unreadable",
                    }
                )));
            }
        };
        for (i, (k, v)) in obj.iter().enumerate() {
            let name = || {
                if seen.contains(k) || data_like(std::slice::from_ref(k)).is_empty() {
                    format!("key `{}`", shown(k))
                } else {
                    "a key".to_string()
                }
            };
            if v.is_object() || v.is_array() {
                return Err(Error::io(format!(
                    "`{f}`, line {line_no}, {}: a nested value (object or array); tokumei reads \
                     flat records: flatten the export",
                    name()
                )));
            }
            // JSON readers keep one of a repeated key's values (polars the first): the other
            // would be lost.
            if obj[..i].iter().any(|(o, _)| o == k) {
                return Err(Error::io(format!(
                    "`{f}`, line {line_no}, {}: the key appears twice in one object, and only one \
                     of its values could be read; fix the export",
                    name()
                )));
            }
            if !seen.contains(k) {
                seen.insert(k.clone());
                columns.push(k.clone());
            }
        }
        rows += 1;
        if sampled.len() < SAMPLE_ROWS {
            sampled.push(obj);
        }
        if extent == Extent::Header && rows >= 1000 {
            break;
        }
    }
    if line_no == 0 {
        return Err(Error::io(format!(
            "`{f}` is empty (0 bytes): no rows; check the export"
        )));
    }
    let sample: Vec<Vec<Option<String>>> = columns
        .iter()
        .map(|c| {
            sampled
                .iter()
                .map(|o| match o.iter().find(|(k, _)| k == c).map(|(_, v)| v) {
                    None | Some(serde_json::Value::Null) => None,
                    Some(serde_json::Value::String(s)) => Some(s.clone()),
                    Some(v) => Some(v.to_string()),
                })
                .collect()
        })
        .collect();
    check_header(path, &columns, &[], false)?;
    if let Some(mut o) = out {
        o.flush().map_err(|e| {
            Error::io(format!(
                "cannot write the decoded copy of `{f}`: {}",
                e.kind()
            ))
        })?;
    }
    let readable = match (compressed != Compressed::No, copy_to) {
        (true, Some(dst)) if extent == Extent::All => dst.to_path_buf(),
        _ => path.to_path_buf(),
    };
    Ok(Prepared {
        readable,
        columns,
        rows,
        spans_lines: false,
        sample,
    })
}

/// The names a message may show: those already checked, or the header if it is complete and
/// passes the check; otherwise none (positions only).
fn names_if_valid(c: &Checker, header: bool, named: &[String], path: &Path) -> Vec<String> {
    if !named.is_empty() || !c.first_done {
        return named.to_vec();
    }
    let h = checker_header(c, header);
    if !header || check_header(path, &h, &checker_sample(c, true, h.len()), true).is_ok() {
        h
    } else {
        Vec::new()
    }
}

/// The column names: the first record's fields, or `column_1…` without a header.
fn checker_header(c: &Checker, header: bool) -> Vec<String> {
    let n = c.expected.unwrap_or(0);
    match c.kept.first() {
        Some(first) if header && !first.is_empty() => first
            .iter()
            .map(|f| unquote(f, c.quoting.then_some(c.quote)))
            .collect(),
        _ => (1..=n).map(|i| format!("column_{i}")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialect() -> Dialect {
        Dialect {
            delimiter: b',',
            quote: Some(b'"'),
            header: true,
            encoding: TextEncoding::Utf8,
        }
    }

    fn check_bytes(bytes: &[u8], d: &Dialect) -> Result<Prepared> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in.csv");
        std::fs::write(&p, bytes).unwrap();
        prepare(&p, d, Extent::All, Some(&dir.path().join("copy.csv")))
    }

    fn err(bytes: &[u8]) -> String {
        check_bytes(bytes, &dialect()).unwrap_err().to_string()
    }

    #[test]
    fn well_formed_inputs_pass_with_their_row_counts() {
        let p = check_bytes(b"a,b\n1,2\n\"x,\"\"y\"\"\nz\",3\r\n\n4,5", &dialect()).unwrap();
        assert_eq!(p.columns, vec!["a", "b"]);
        assert_eq!(p.rows, 3);
        let p = check_bytes(b"\xef\xbb\xbfid,name\n1,2\n", &dialect()).unwrap();
        assert_eq!(p.columns, vec!["id", "name"]);
        let p = check_bytes(b"id,\"quoted name\"\n", &dialect()).unwrap();
        assert_eq!((p.columns[1].as_str(), p.rows), ("quoted name", 0));
    }

    #[test]
    fn records_spanning_lines_are_noticed() {
        let spans = |b: &[u8]| check_bytes(b, &dialect()).unwrap().spans_lines;
        assert!(!spans(b"a,b\n1,2\n\"x,\"\"y\"\"\",3\r\n4,5"));
        assert!(!spans(b"a,b\r\n1,2\r\n"));
        assert!(spans(b"a,b\n1,\"x\ny\"\n"));
        // Empty lines are skipped by the check and the line reader alike.
        assert!(!spans(b"a,b\n1,2\n\n3,4\n\r\n\n"));
        assert!(spans(b"a,b\n\n1,\"x\ny\"\n"));
    }

    #[test]
    fn ragged_rows_both_ways_name_the_row_and_line() {
        let e = err(b"a,b,c\n1,2,3\n4,5\n");
        assert!(
            e.contains("row 3:") && e.contains("2 field(s) where the header has 3"),
            "{e}"
        );
        let e = err(b"a,b\n1,2\n3,4,5\n");
        assert!(
            e.contains("row 3:") && e.contains("3 fields where the header has 2"),
            "{e}"
        );
        // A quoted line break makes rows and lines differ.
        let e = err(b"a,b\n\"x\ny\",2\n3\n");
        assert!(e.contains("row 3 (line 4)"), "{e}");
        // The last row without a line break is checked too.
        let e = err(b"a,b\n1,2\n3");
        assert!(e.contains("row 3"), "{e}");
    }

    #[test]
    fn an_unclosed_quote_names_where_it_opens() {
        let e = err(b"id,name,note\n1,x,ok\n2,y,\"CANARY left open\n3,z,more\n");
        assert!(e.contains("row 3, column 3 (`note`)"), "{e}");
        assert!(!e.contains("CANARY"), "{e}");
    }

    #[test]
    fn invalid_utf8_names_row_and_column_and_suggests_cp932() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("id,氏名\n1,山田太郎\n");
        let e = err(&sjis);
        assert!(e.contains("row 1, column 2"), "{e}");
        assert!(e.contains("csv.encoding = \"cp932\""), "{e}");
        let e = err(b"id,name\n1,ok\n2,caf\xe9\n");
        assert!(e.contains("row 3, column 2 (`name`)"), "{e}");
    }

    #[test]
    fn a_file_of_a_byte_order_mark_or_empty_lines_is_empty() {
        for bytes in [&b"\xef\xbb\xbf"[..], b"\n\n", b"\r\n", b"\xef\xbb\xbf\n"] {
            let e = check_bytes(bytes, &dialect()).unwrap_err().to_string();
            assert!(e.contains("holds no header and no rows"), "{bytes:?}: {e}");
        }
        assert!(check_bytes(b"id\n", &dialect()).is_ok());
    }

    #[test]
    fn utf8_declared_as_shift_jis_or_euc_jp_is_refused() {
        // Six rows of UTF-8 that happen to decode as CP932 were delivered as reversible
        // mojibake (a black-box review).
        let text = "id,氏名,問い合わせ\nC0000000,佐藤　美咲,妻の山田大樹\n";
        for enc in [TextEncoding::Cp932, TextEncoding::EucJp] {
            let mut d = dialect();
            d.encoding = enc;
            let e = check_bytes(text.as_bytes(), &d).unwrap_err().to_string();
            assert!(e.contains("is UTF-8 text"), "{e}");
            assert!(!e.contains("佐藤"), "{e}");
            // The same text in that encoding is read.
            let bytes = match enc {
                TextEncoding::Cp932 => encoding_rs::SHIFT_JIS.encode(text).0.into_owned(),
                _ => encoding_rs::EUC_JP.encode(text).0.into_owned(),
            };
            assert!(check_bytes(&bytes, &d).is_ok());
        }
        // ASCII is both.
        let mut d = dialect();
        d.encoding = TextEncoding::Cp932;
        assert!(check_bytes(b"id,name\n1,a\n", &d).is_ok());
        // Cut inside a character, it is still UTF-8.
        assert!(japanese_utf8(&"山田太郎".as_bytes()[..11]));
        assert!(!japanese_utf8(&encoding_rs::SHIFT_JIS.encode("山田太郎").0));
        // Kanji far past the head (a regression review had them delivered as mojibake), in
        // chunks cut inside characters.
        let mut late = String::from("id,note\n");
        for i in 0..40_000 {
            late.push_str(&format!("C{i},ok\n"));
        }
        late.push_str("C9,鈴木あけみ様へ\n");
        let e = check_bytes(late.as_bytes(), &d).unwrap_err().to_string();
        assert!(e.contains("is UTF-8 text"), "{e}");
        let mut w = Utf8Watch::default();
        for piece in "鈴木あけみ様へ".as_bytes().chunks(2) {
            w.feed(piece);
        }
        assert!(w.utf8());
        // A common given name in CP932 can be valid UTF-8 by chance: one is not enough.
        let riko = encoding_rs::SHIFT_JIS
            .encode("id,name\n1,莉子\n")
            .0
            .into_owned();
        assert!(check_bytes(&riko, &d).is_ok());
    }

    #[test]
    fn encodings_and_compression_decode_to_utf8() {
        let text = "顧客ID,氏名,住所\nC001,山田 太郎,東京都新宿区\n";
        let mut d = dialect();
        for (enc, bytes) in [
            (
                TextEncoding::Cp932,
                encoding_rs::SHIFT_JIS.encode(text).0.into_owned(),
            ),
            (
                TextEncoding::EucJp,
                encoding_rs::EUC_JP.encode(text).0.into_owned(),
            ),
            (TextEncoding::Utf16, {
                let mut v = vec![0xff, 0xfe];
                v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                v
            }),
        ] {
            d.encoding = enc;
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("in.csv");
            std::fs::write(&p, &bytes).unwrap();
            let copy = dir.path().join("copy.csv");
            let prepared = prepare(&p, &d, Extent::All, Some(&copy)).unwrap();
            assert_eq!(prepared.columns, vec!["顧客ID", "氏名", "住所"], "{enc:?}");
            assert_eq!(std::fs::read_to_string(&copy).unwrap(), text, "{enc:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        let gz = dir.path().join("in.csv.gz");
        let mut w = flate2::write::GzEncoder::new(File::create(&gz).unwrap(), Default::default());
        w.write_all(text.as_bytes()).unwrap();
        w.finish().unwrap();
        let copy = dir.path().join("copy.csv");
        let prepared = prepare(&gz, &dialect(), Extent::All, Some(&copy)).unwrap();
        assert_eq!(prepared.rows, 1);
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), text);
        let zst = dir.path().join("in.csv.zst");
        std::fs::write(&zst, zstd::encode_all(text.as_bytes(), 3).unwrap()).unwrap();
        let prepared = prepare(&zst, &dialect(), Extent::All, Some(&copy)).unwrap();
        assert_eq!(prepared.rows, 1);
    }

    #[test]
    fn non_csv_bytes_are_named_as_what_they_are() {
        assert!(err(b"PAR1\x15\x04\x15\x00").contains("is a Parquet file"));
        assert!(err(b"\x1f\x8b\x08\x00\x00").contains("gzip-compressed"));
        assert!(err(b"\x00\x01\x02\x03\xff\xfe\x00\x00garbage").contains("not text"));
        assert!(err(&[0xff, 0xfe, b'a', 0, b',', 0]).contains("UTF-16"));
        assert!(err(b"").contains("empty (0 bytes)"));
    }

    #[test]
    fn a_data_row_as_header_is_refused_without_printing_it() {
        let e = err("C0001234,山田 太郎,taro.yamada@example.co.jp,090-1234-5678\n".as_bytes());
        assert!(e.contains("looks like data"), "{e}");
        for v in ["C0001234", "山田", "taro", "090"] {
            assert!(!e.contains(v), "{v} printed: {e}");
        }
    }

    #[test]
    fn ordinary_headers_are_not_mistaken_for_data() {
        let headers = [
            "customer_id",
            "name",
            "name_kana",
            "email",
            "phone",
            "birth_date",
            "gender",
            "postal_code",
            "address",
            "member_since",
            "total_spent",
            "inquiry",
            "timestamp",
            "ip",
            "method",
            "url",
            "status",
            "bytes",
            "referrer",
            "user_agent",
            "cookie_id",
            "顧客ID",
            "氏名",
            "フリガナ",
            "メールアドレス",
            "電話番号",
            "生年月日",
            "性別",
            // Two words in kanji around `・` (楽天 RMS's order CSV): a heading, not a name,
            // which `・` parts only in katakana (ジョン・スミス).
            "項目・選択肢",
            "番地・建物名",
            "商品名・型番",
            "建物名・部屋番号",
            "郵便番号",
            "住所",
            "会員登録日",
            "購入金額",
            "問い合わせ内容",
            "2024年売上",
            "q1_2026",
            "お客様氏名",
            "担当者名",
            "都道府県",
            "市区町村",
            "東京都",
            "ID",
            "顧客名",
            "配送先氏名",
            "営業担当",
            "紹介者",
            "田中",
            "本田技研",
            "平成",
        ];
        let names: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        assert_eq!(data_like(&names), vec![], "false data-like headers");
    }

    /// A person's full name as a column name is never printed, but does not make the header a
    /// row of data (products and brands are named after people). The name analysis needs
    /// IPADIC, which CI has.
    #[test]
    fn a_full_name_as_a_header_is_not_shown() {
        if crate::detect::morph::analyzer().is_err() {
            assert!(
                std::env::var_os("TOKUMEI_REQUIRE_IPADIC").is_none(),
                "TOKUMEI_REQUIRE_IPADIC is set"
            );
            return;
        }
        let names: Vec<String> = ["id", "email", "鈴木花子", "佐藤錦", "松本清"]
            .map(String::from)
            .to_vec();
        assert_eq!(data_like(&names), vec![]);
        let (text, masked) = shown_column("鈴木花子", 2);
        assert!(
            masked && text.starts_with("column 3 ") && !text.contains("鈴木"),
            "{text}"
        );
        assert_eq!(
            shown_column("email", 1),
            ("column `email`".to_string(), false)
        );
        // Names in variant kanji or in kana, and ID- or email-like cells, are values more
        // likely than names: shown by position (a reviewer had them printed).
        for v in ["髙﨑一郎", "たなか はなこ", "tanaka@example", "K-1234"] {
            let (text, masked) = shown_column(v, 0);
            assert!(masked && !text.contains(v), "{v}: {text}");
        }
        for n in ["顧客名", "order_date", "氏名 カナ", "ポイント", "Q3"] {
            assert!(!shown_column(n, 0).1, "{n}");
        }
        // Katakana words with a space are shown by position (a name's reading; a header such
        // as ショップ コード is refused as a first row of data, on the safe side).
        for v in ["ショップ コード", "ｶﾃｺﾞﾘ ｺｰﾄﾞ"] {
            assert!(shown_column(v, 0).1, "{v}");
        }
    }

    #[test]
    fn bad_header_names_are_errors() {
        assert!(err(b"a,,c\n1,2,3\n").contains("column 2 has no name"));
        let e = err(b"email,email\n1,2\n");
        assert!(e.contains("columns 1 and 2 are both named `email`"), "{e}");
        let e = err(b"a,\"b\x1b[31m\"\n1,2\n");
        assert!(
            e.contains("control characters") && e.contains("\\u{1b}"),
            "{e}"
        );
    }

    #[test]
    fn a_repeated_header_is_refused_where_it_is() {
        // Two exports joined into one file: the second header, in the first one's order or in
        // another, is refused (in the sample, on the line path and the state machine's; past
        // it, on the line path, which reads every plain line), never read as a row.
        let d = dialect();
        let mut rows = String::from("id,name,gender\n");
        for i in 0..300 {
            rows.push_str(&format!("{i},n{i},F\n"));
        }
        for (at, header) in [
            (3, "id,name,gender"),
            (250, "id,gender,name"),
            (250, "\"gender\",id,name"),
        ] {
            let mut lines: Vec<&str> = rows.lines().collect();
            lines.insert(at, header);
            let bytes = (lines.join("\n") + "\n").into_bytes();
            let paths: &[bool] = if at < 200 { &[true, false] } else { &[true] };
            for &line_path in paths {
                let (result, ..) = run_checker(&bytes, &d, &[bytes.len() / 2], line_path);
                let Err((pos, p)) = result else {
                    panic!("{header} at {at} passed");
                };
                assert_eq!(
                    (pos.row, p),
                    (at as u64 + 1, Problem::RepeatedHeader),
                    "{header}"
                );
            }
        }
        let e = err(b"id,name\n1,a\nname,id\n2,b\n");
        assert!(
            e.contains("row 3: the row repeats the header's column names"),
            "{e}"
        );
        // With a byte-order mark, as `cat` joins two Excel exports (a regression review had
        // it delivered).
        let e = err(b"\xef\xbb\xbfid,name\n1,a\n\xef\xbb\xbfname,id\n2,b\n");
        assert!(
            e.contains("row 3: the row repeats the header's column names"),
            "{e}"
        );
        // One column: a value may be its name.
        assert!(check_bytes(b"status\nok\nstatus\n", &d).is_ok());
        // Values equal to some names, or to one name twice, are data; so is a file without a
        // header.
        assert!(check_bytes(b"id,name\n1,a\nname,x\nid,id\n", &d).is_ok());
        let headless = Dialect {
            header: false,
            ..dialect()
        };
        assert!(check_bytes(b"id,name\nname,id\n", &headless).is_ok());
    }

    #[test]
    fn without_a_header_columns_are_numbered() {
        let mut d = dialect();
        d.header = false;
        let p = check_bytes(b"1,2,3\n4,5,6\n", &d).unwrap();
        assert_eq!(p.columns, vec!["column_1", "column_2", "column_3"]);
        assert_eq!(p.rows, 2);
    }

    #[test]
    fn header_extent_stops_early() {
        // A ragged row after the first chunk is not read for the header.
        let mut bytes = b"a,b\n".to_vec();
        bytes.extend(b"1,2\n".repeat(600_000));
        bytes.extend(b"3\n");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in.csv");
        std::fs::write(&p, &bytes).unwrap();
        let prepared = prepare(&p, &dialect(), Extent::Header, None).unwrap();
        assert_eq!(prepared.columns, vec!["a", "b"]);
    }

    #[test]
    fn stray_quotes_and_lone_carriage_returns_are_refused_where_they_are() {
        let e = err(b"id,h\n1,ok\n2,5 10\"\n3,x\n");
        assert!(
            e.contains("row 3, column 2 (`h`)") && e.contains("quote inside"),
            "{e}"
        );
        let e = err(b"id,h\n1,\"ab\"cd\n");
        assert!(
            e.contains("row 2, column 2") && e.contains("after a closing quote"),
            "{e}"
        );
        let e = err(b"id,h\n1,a\rb\n2,x\n");
        assert!(e.contains("row 2") && e.contains("carriage return"), "{e}");
        // A quoted value may hold quotes, line breaks and carriage returns.
        let p = check_bytes(b"id,h\n1,\"5'10\"\"\r\nx\"\n", &dialect()).unwrap();
        assert_eq!(p.rows, 1);
    }

    #[test]
    fn a_header_cell_that_is_one_of_its_columns_values_is_data() {
        let mut csv = "田中,35,男,東京都\n".to_string();
        for (n, g, p) in [
            ("佐藤", 41, "女"),
            ("鈴木", 28, "男"),
            ("高橋", 52, "女"),
            ("伊藤", 33, "男"),
            ("渡辺", 47, "女"),
        ] {
            csv.push_str(&format!("{n},{g},{p},大阪府\n"));
        }
        csv.push_str("山本,60,男,東京都\n");
        let e = err(csv.as_bytes());
        assert!(e.contains("looks like data"), "{e}");
        for v in ["田中", "東京都", "男"] {
            assert!(!e.contains(v), "{v} printed: {e}");
        }
    }

    #[test]
    fn the_configured_quote_is_the_one_removed_from_names() {
        let mut d = dialect();
        d.quote = Some(b'\'');
        let p = check_bytes(b"'id','full name'\n1,x\n", &d).unwrap();
        assert_eq!(p.columns, vec!["id", "full name"]);
        d.quote = None;
        let p = check_bytes(b"id,\"name\"\n1,x\n", &d).unwrap();
        assert_eq!(p.columns, vec!["id", "\"name\""]);
    }

    #[test]
    fn a_huge_first_field_is_not_held_in_memory() {
        let mut bytes = b"id,\"".to_vec();
        bytes.extend(std::iter::repeat_n(b'x', 3 << 20));
        bytes.extend(b"\"\n1,2\n");
        let e = err(&bytes);
        assert!(e.contains("header is longer than"), "{e}");
    }

    /// A checker's verdict, its records and lines, and the fields it collected.
    type Outcome = (
        Result<(), (Position, Problem)>,
        u64,
        u64,
        Vec<(usize, Vec<u8>)>,
    );

    /// What one checker made of `bytes` fed in pieces cut at `cuts` (columns 0 and 2 collected,
    /// as read).
    fn run_checker(bytes: &[u8], d: &Dialect, cuts: &[usize], line_path: bool) -> Outcome {
        let mut c = Checker::new(d);
        c.line_path = line_path;
        c.collect = vec![true, false, true];
        let mut at = 0;
        let mut verdict = Ok(());
        for &cut in cuts.iter().chain([&bytes.len()]) {
            let cut = cut.clamp(at, bytes.len());
            verdict = c.feed(&bytes[at..cut]);
            at = cut;
            if verdict.is_err() {
                break;
            }
        }
        if verdict.is_ok() {
            verdict = c.finish();
        }
        let got = c.take_collected();
        let mut start = 0;
        let fields = got
            .fields
            .iter()
            .map(|&(f, end)| {
                let v = got.bytes[start..end].to_vec();
                start = end;
                (f, v)
            })
            .collect();
        (verdict, c.records, c.lines, fields)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// The whole-line fast path and the byte-by-byte state machine agree on every input:
        /// the same error at the same place, the same counts, the same fields collected.
        #[test]
        fn the_line_path_agrees_with_the_state_machine(
            body in proptest::collection::vec(
                proptest::string::string_regex("[ab,;\t\"\r\nあ]{0,12}").unwrap(), 1..30),
            cuts in proptest::collection::vec(0usize..8000, 0..4),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
            quoting in proptest::bool::ANY,
        ) {
            let d = Dialect { delimiter, quote: quoting.then_some(b'"'), ..dialect() };
            let sep = char::from(delimiter);
            // The fast path starts once the header and the sample are kept.
            let mut text = format!("h1{sep}h2{sep}h3\n");
            for i in 0..SAMPLE_ROWS {
                text.push_str(&format!("{i}{sep}x{sep}\"y\"\n"));
            }
            let head = text.len();
            for line in &body {
                text.push_str(line);
                text.push('\n');
            }
            let mut cuts: Vec<usize> = cuts.iter().map(|c| head + c % (text.len() - head + 1)).collect();
            cuts.sort_unstable();
            let fast = run_checker(text.as_bytes(), &d, &cuts, true);
            let slow = run_checker(text.as_bytes(), &d, &cuts, false);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn collected_fields_keep_doubled_quotes_as_read() {
        let mut text = String::from("h1,h2,h3\n");
        for _ in 0..SAMPLE_ROWS + 2 {
            text.push_str("\"a\"\"\"\"b\",x,y\n");
        }
        for line_path in [true, false] {
            let (verdict, .., fields) = run_checker(text.as_bytes(), &dialect(), &[], line_path);
            assert!(verdict.is_ok());
            assert!(
                fields
                    .iter()
                    .filter(|(f, _)| *f == 0)
                    .all(|(_, v)| v == b"\"a\"\"\"\"b\"")
            );
            assert_eq!(unquote(&fields[0].1, Some(b'"')), "a\"\"b");
        }
    }
}
