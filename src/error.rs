//! The one error type the commands return, and the documented exit codes it maps to.
//!
//! Messages name the file, job key or column and suggest a fix. They never contain a cell value
//! or key material: give row numbers and column names instead.

use std::fmt;

/// What went wrong, which decides the exit code. The codes are a contract with schedulers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The risk thresholds are not met (exit 1).
    RiskNotMet,
    /// The command line or the job file is wrong (exit 2).
    Job,
    /// An input could not be read, or an output could not be written (exit 3).
    Io,
    /// The delivery check found an identifier in the output (exit 4).
    Leak,
    /// A delivery folder does not match its `manifest.json` (exit 5).
    Integrity,
}

impl ErrorKind {
    pub(crate) fn code(self) -> u8 {
        match self {
            ErrorKind::RiskNotMet => 1,
            ErrorKind::Job => 2,
            ErrorKind::Io => 3,
            ErrorKind::Leak => 4,
            ErrorKind::Integrity => 5,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Error {
    pub(crate) kind: ErrorKind,
    message: String,
}

impl Error {
    /// The same kind of error (and exit code) with another message.
    pub(crate) fn reworded(self, message: impl Into<String>) -> Self {
        Error {
            kind: self.kind,
            message: message.into(),
        }
    }

    pub(crate) fn job(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Job,
            message: message.into(),
        }
    }

    pub(crate) fn io(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Io,
            message: message.into(),
        }
    }

    pub(crate) fn risk(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::RiskNotMet,
            message: message.into(),
        }
    }

    pub(crate) fn integrity(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Integrity,
            message: message.into(),
        }
    }

    pub(crate) fn leak(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Leak,
            message: message.into(),
        }
    }

    /// A job with several problems: all of them, one per line, so the user fixes them in one go.
    pub(crate) fn problems(header: &str, problems: &[String]) -> Self {
        let mut message = format!("{header}: {} problem(s)", problems.len());
        for p in problems {
            message.push_str("\n  - ");
            message.push_str(p);
        }
        Error::job(message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects problems, each prefixed with the job key it concerns.
#[derive(Default)]
pub(crate) struct Problems(pub(crate) Vec<String>);

impl Problems {
    pub(crate) fn push(&mut self, key: &str, msg: impl std::fmt::Display) {
        self.0.push(format!("`{key}`: {msg}"));
    }
}

/// Turns a polars error into a message for the user without echoing data. Polars errors name
/// columns and files, and some quote a cell or list values, so only the first line is kept;
/// anything quoted or in brackets is cut, digit runs of five or more are masked, names are
/// escaped and the message is capped.
pub(crate) fn polars_message(err: &polars::prelude::PolarsError) -> String {
    const MAX_CHARS: usize = 200;
    let text = err.to_string();
    let first = text.lines().next().unwrap_or("").trim();
    let mut out = String::with_capacity(first.len());
    let mut closing: Option<char> = None;
    let mut digits = 0usize;
    for ch in first.chars() {
        if out.chars().count() >= MAX_CHARS {
            out.push('…');
            break;
        }
        match closing {
            Some(q) if ch == q => {
                closing = None;
                out.push('…');
                out.push(q);
            }
            Some(_) => {}
            None => match ch {
                '"' | '\'' | '`' => {
                    closing = Some(ch);
                    out.push(ch);
                }
                '[' => {
                    closing = Some(']');
                    out.push('[');
                }
                '0'..='9' => {
                    digits += 1;
                    if digits < 5 {
                        out.push(ch);
                    } else if digits == 5 {
                        out.push('…');
                    }
                    continue;
                }
                _ => escape_into(&mut out, ch),
            },
        }
        digits = 0;
    }
    out
}

/// Characters that must not reach a terminal as they are: controls (Cc), format characters
/// (Cf: bidirectional overrides and marks, zero-width characters, the byte-order mark, soft
/// hyphen) and the line and paragraph separators (Zl, Zp).
fn invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{ad}'
                | '\u{600}'..='\u{605}'
                | '\u{61c}'
                | '\u{6dd}'
                | '\u{70f}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

fn escape_into(out: &mut String, ch: char) {
    if invisible(ch) {
        out.push_str(&ch.escape_unicode().to_string());
    } else {
        out.push(ch);
    }
}

/// A name from the outside world (a file name, a header, a folder entry) made safe to print:
/// control and format characters are escaped, so a name cannot retitle, recolour or reorder the
/// terminal, and long names are cut.
pub(crate) fn shown(name: &str) -> String {
    const MAX_CHARS: usize = 80;
    let mut out = String::with_capacity(name.len().min(4 * MAX_CHARS));
    for (i, ch) in name.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        escape_into(&mut out, ch);
    }
    out
}

/// A path made safe to print (see [`shown`]), without cutting it.
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    let mut out = String::new();
    for ch in path.to_string_lossy().chars() {
        escape_into(&mut out, ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polars_messages_lose_values() {
        use polars::prelude::{PolarsError, polars_err};
        let e: PolarsError = polars_err!(ComputeError: "cannot cast \"taro@example.jp\" to i64; values [09012345678, 3] in column `phone`\nline two 12345678");
        let m = polars_message(&e);
        assert!(
            !m.contains("taro") && !m.contains("0901234") && !m.contains("line two"),
            "{m}"
        );
        assert!(m.contains("cannot cast"), "{m}");
    }

    #[test]
    fn shown_escapes_terminal_controls() {
        assert_eq!(shown("a\x1b]0;pwned\x07b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(shown("x\u{202e}gpj.exe"), "x\\u{202e}gpj.exe");
        assert_eq!(shown("普通の名前"), "普通の名前");
        assert_eq!(shown(&"a".repeat(100)).chars().count(), 81);
        assert_eq!(shown("a\u{2028}b\u{200b}c"), "a\\u{2028}b\\u{200b}c");
        assert_eq!(
            shown_path(std::path::Path::new("/tmp/\u{202e}x")),
            "/tmp/\\u{202e}x"
        );
    }
}
