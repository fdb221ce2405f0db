//! Inputs: a file, a glob or a directory of files, read lazily. CSV columns are read as text so
//! identifiers keep their leading zeros and no value is silently coerced; every reader option is
//! set explicitly, and a malformed row stops the run (no `ignore_errors`).

use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::error::{Error, Result, polars_message, shown_path};
use crate::io::Format;
use crate::io::source::TextEncoding;

/// How to read CSV inputs, resolved from the job with defaults filled in.
#[derive(Debug, Clone)]
pub(crate) struct CsvOptions {
    pub(crate) delimiter: u8,
    pub(crate) header: bool,
    pub(crate) quote: Option<u8>,
    pub(crate) null_values: Vec<String>,
    pub(crate) encoding: TextEncoding,
    /// The input's columns once they are known: NDJSON is read with exactly these, as text.
    pub(crate) columns: Option<Vec<String>>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            header: true,
            quote: Some(b'"'),
            null_values: Vec::new(),
            encoding: TextEncoding::Utf8,
            columns: None,
        }
    }
}

impl CsvOptions {
    /// The defaults for reading `files`: a tab as the delimiter when they are all `.tsv`.
    pub(crate) fn for_files(files: &[PathBuf]) -> CsvOptions {
        let tsv = !files.is_empty() && files.iter().all(|f| Format::tab_separated(f));
        CsvOptions {
            delimiter: if tsv { b'\t' } else { b',' },
            ..CsvOptions::default()
        }
    }

    pub(crate) fn dialect(&self) -> crate::io::source::Dialect {
        crate::io::source::Dialect {
            delimiter: self.delimiter,
            quote: self.quote,
            header: self.header,
            encoding: self.encoding,
        }
    }
}

/// The files a dataset's `input` names, sorted, so runs are reproducible.
pub(crate) fn resolve_files(input: &str, base: &Path) -> Result<Vec<PathBuf>> {
    let joined = base.join(input);
    let pattern = joined.to_string_lossy().to_string();
    // A file or folder of that very name is what the job names, even if its name holds a
    // glob's characters (`c[1].csv`): as a glob it could match another file (`c1.csv`).
    let files: Vec<PathBuf> = if input.contains(['*', '?', '[']) && !joined.exists() {
        let paths = glob::glob(&pattern).map_err(|e| {
            Error::job(format!(
                "input pattern `{input}` is not a valid glob: {}",
                e.msg
            ))
        })?;
        let mut v: Vec<PathBuf> = paths
            .filter_map(|p| p.ok())
            .filter(|p| p.is_file())
            .collect();
        v.sort();
        v
    } else if joined.is_dir() {
        let rd = std::fs::read_dir(&joined).map_err(|e| {
            Error::io(format!(
                "cannot list input directory `{}`: {}",
                joined.display(),
                e.kind()
            ))
        })?;
        let mut v: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && Format::from_extension(p).is_some())
            .collect();
        v.sort();
        v
    } else if joined.is_file() {
        vec![joined.clone()]
    } else if joined.exists() {
        // A pipe, a device or a socket: read twice (the check, then the transform), a pipe
        // would give its rows to the first read only.
        return Err(Error::io(format!(
            "input `{}` is not a regular file or a folder (a pipe, a device or a socket); tokumei \
             reads each input more than once: write the data to a file first",
            joined.display()
        )));
    } else {
        return Err(Error::io(format!(
            "input `{}` does not exist (paths in a job are relative to the job file's folder)",
            joined.display()
        )));
    };
    if files.is_empty() {
        return Err(Error::io(format!(
            "input `{}` matches no .csv, .tsv, .txt, .parquet, .pq, .ndjson or .jsonl file (compressed: .gz, .zst)",
            joined.display()
        )));
    }
    Ok(files)
}

/// `files` as polars names paths.
pub(crate) fn pl_paths(files: &[PathBuf]) -> Result<Vec<PlRefPath>> {
    files
        .iter()
        .map(|f| {
            PlRefPath::try_from_path(f).map_err(|e| {
                Error::io(format!(
                    "input path `{}`: {}",
                    f.display(),
                    polars_message(&e)
                ))
            })
        })
        .collect::<Result<Vec<_>>>()
}

/// A lazy scan of one file tokumei wrote (a staged or delivered output).
pub(crate) fn scan_file(path: &Path, format: Format) -> Result<LazyFrame> {
    scan(&[path.to_path_buf()], format, &CsvOptions::default())
}

/// A lazy scan over `files` (which share one format).
pub(crate) fn scan(files: &[PathBuf], format: Format, csv: &CsvOptions) -> Result<LazyFrame> {
    let paths = pl_paths(files)?;
    let what = || {
        files
            .iter()
            .map(|f| format!("`{}`", shown_path(f)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match format {
        Format::Csv => {
            let nulls = if csv.null_values.is_empty() {
                None
            } else {
                Some(NullValues::AllColumns(
                    csv.null_values.iter().map(|s| s.as_str().into()).collect(),
                ))
            };
            LazyCsvReader::new_paths(paths.into())
                .with_has_header(csv.header)
                .with_separator(csv.delimiter)
                .with_quote_char(csv.quote)
                .with_infer_schema_length(Some(0))
                .with_ignore_errors(false)
                .with_truncate_ragged_lines(false)
                .with_missing_is_null(true)
                .with_null_values(nulls)
                .with_encoding(CsvEncoding::Utf8)
                .with_try_parse_dates(false)
                .with_raise_if_empty(true)
                .with_glob(false)
                .finish()
                // Without projection pushdown every field of every row is parsed, so a malformed
                // row stops the run even when the columns it breaks are dropped.
                .map(|lf| lf.with_projection_pushdown(false))
                .map_err(|e| {
                    Error::io(format!(
                        "cannot read CSV {}: {}",
                        what(),
                        polars_message(&e)
                    ))
                })
        }
        Format::Ndjson => {
            let Some(columns) = &csv.columns else {
                return Err(Error::io(format!(
                    "cannot read NDJSON {} before its columns are known (please report this bug)",
                    what()
                )));
            };
            let schema: Schema = columns
                .iter()
                .map(|c| Field::new(c.as_str().into(), DataType::String))
                .collect();
            LazyJsonLineReader::new_paths(paths.into())
                .with_schema(Some(Arc::new(schema)))
                .with_ignore_errors(false)
                .finish()
                .map_err(|e| {
                    Error::io(format!(
                        "cannot read NDJSON {}: {}",
                        what(),
                        polars_message(&e)
                    ))
                })
        }
        Format::Parquet => {
            let args = ScanArgsParquet {
                glob: false,
                ..Default::default()
            };
            LazyFrame::scan_parquet_files(paths.into(), args).map_err(|e| {
                Error::io(format!(
                    "cannot read Parquet {}: {}",
                    what(),
                    polars_message(&e)
                ))
            })
        }
    }
}

/// A sample of an input's first rows, as text, by column (`None` for nulls and for values that
/// have no text form).
pub(crate) type Sample = Vec<Vec<Option<String>>>;

/// The column names and types of one input file and a sample of its first rows, read from its
/// start (or footer) only. CSV and NDJSON columns are all text, and their headers are checked
/// (see `source`).
pub(crate) fn file_head(
    file: &Path,
    format: Format,
    csv: &CsvOptions,
) -> Result<(SchemaRef, Sample)> {
    use crate::io::source::{self, Extent};
    let text_schema = |columns: Vec<String>| -> SchemaRef {
        Arc::new(
            columns
                .into_iter()
                .map(|c| Field::new(c.into(), DataType::String))
                .collect(),
        )
    };
    let p = match format {
        Format::Csv => source::prepare(file, &csv.dialect(), Extent::Header, None)?,
        Format::Ndjson => source::prepare_ndjson(file, Extent::Header, None)?,
        Format::Parquet => {
            let unreadable = |e: &PolarsError| {
                Error::io(format!(
                    "cannot read `{}` as Parquet: {}",
                    shown_path(file),
                    polars_message(e)
                ))
            };
            let mut lf = scan(&[file.to_path_buf()], format, csv)?;
            let schema = lf.collect_schema().map_err(|e| unreadable(&e))?;
            let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
            source::check_names(file, &names)?;
            let head = lf
                .limit(crate::io::source::SAMPLE_ROWS as IdxSize)
                .collect()
                .map_err(|e| unreadable(&e))?;
            let sample = head
                .columns()
                .iter()
                .map(|c| match c.cast(&DataType::String) {
                    Ok(s) => s
                        .str()
                        .map(|ca| ca.iter().map(|v| v.map(str::to_string)).collect())
                        .unwrap_or_default(),
                    Err(_) => Vec::new(),
                })
                .collect();
            return Ok((schema, sample));
        }
    };
    Ok((text_schema(p.columns), p.sample))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_that_is_no_regular_file_is_named_as_such() {
        let e = resolve_files("/dev/null", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a regular file"), "{e}");
        let e = resolve_files("no-such-file.csv", Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(e.contains("does not exist"), "{e}");
    }
}
