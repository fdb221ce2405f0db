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
}

impl ErrorKind {
    pub(crate) fn code(self) -> u8 {
        match self {
            ErrorKind::RiskNotMet => 1,
            ErrorKind::Job => 2,
            ErrorKind::Io => 3,
            ErrorKind::Leak => 4,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Error {
    pub(crate) kind: ErrorKind,
    message: String,
}

impl Error {
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

/// Turns a polars error into a message for the user without echoing data: polars errors name
/// columns and files, and some (parse errors) quote a cell, so only the first line is kept and
/// any quoted value after "value" is cut.
pub(crate) fn polars_message(err: &polars::prelude::PolarsError) -> String {
    let text = err.to_string();
    let first = text.lines().next().unwrap_or("").trim();
    let mut out = String::with_capacity(first.len());
    // Remove anything quoted: polars quotes offending values, and a value must never be shown.
    let mut in_quote: Option<char> = None;
    for ch in first.chars() {
        match in_quote {
            Some(q) if ch == q => {
                in_quote = None;
                out.push_str("…\"");
            }
            Some(_) => {}
            None if ch == '"' || ch == '\'' || ch == '`' => {
                in_quote = Some(ch);
                out.push('"');
            }
            None => out.push(ch),
        }
    }
    out
}

/// A name from the outside world (a file name, a header, a folder entry) made safe to print:
/// control characters and bidirectional overrides are escaped, so a name cannot retitle, recolour
/// or reorder the terminal, and long names are cut.
pub(crate) fn shown(name: &str) -> String {
    const MAX_CHARS: usize = 80;
    let mut out = String::with_capacity(name.len().min(4 * MAX_CHARS));
    for (i, ch) in name.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        let bidi = matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if ch.is_control() || bidi || ch == '\u{feff}' {
            out.push_str(&ch.escape_unicode().to_string());
        } else {
            out.push(ch);
        }
    }
    out
}

/// A path made safe to print (see [`shown`]), without cutting it.
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    let s = path.to_string_lossy();
    s.chars()
        .map(|ch| {
            if ch.is_control() || matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                ch.escape_unicode().to_string()
            } else {
                ch.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_escapes_terminal_controls() {
        assert_eq!(shown("a\x1b]0;pwned\x07b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(shown("x\u{202e}gpj.exe"), "x\\u{202e}gpj.exe");
        assert_eq!(shown("普通の名前"), "普通の名前");
        assert_eq!(shown(&"a".repeat(100)).chars().count(), 81);
    }
}
