//! Writes a LazyFrame to one file with polars' streaming engine, so memory stays bounded by the
//! morsel size, not the input size. Parquet (zstd by default) or CSV.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use crate::error::{Error, Result, polars_message};
use crate::io::Format;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    Zstd,
    Snappy,
    Lz4,
    Uncompressed,
}

impl Compression {
    pub(crate) fn parse(s: &str) -> Option<Compression> {
        Some(match s {
            "zstd" => Compression::Zstd,
            "snappy" => Compression::Snappy,
            "lz4" => Compression::Lz4,
            "none" | "uncompressed" => Compression::Uncompressed,
            _ => return None,
        })
    }
    pub(crate) fn name(self) -> &'static str {
        match self {
            Compression::Zstd => "zstd",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Uncompressed => "uncompressed",
        }
    }
}

/// Rows per Parquet row group. The risk gate and the delivery check read every written file back
/// in a stream, and the row groups in flight are most of that stream's memory: at 10M log rows
/// the partner job's resident heap was 850-900 MiB with polars' default and 650-680 MiB with
/// this; the files came out 3 % smaller (dictionaries fit smaller groups more often).
pub(crate) const ROW_GROUP_ROWS: usize = 32_768;

/// The size and SHA-256 of a file, taken from the bytes as they were written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    pub(crate) bytes: u64,
    /// Lower-case hex.
    pub(crate) sha256: String,
}

/// What [`HashingFile`] has written so far.
type Digested = Arc<std::sync::Mutex<(sha2::Sha256, u64)>>;

/// A file that hashes what polars writes into it, so the checksum costs no second read.
/// polars' sinks write a file front to back without seeking (Parquet's footer comes last), so
/// the hash of the writes is the hash of the file; a test compares it with a read-back.
struct HashingFile {
    file: std::fs::File,
    digest: Digested,
    /// Whether to hash: a file that is surely written again is only counted.
    hash: bool,
}

impl std::io::Write for HashingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        let mut d = self.digest.lock().unwrap_or_else(|e| e.into_inner());
        if self.hash {
            sha2::Digest::update(&mut d.0, &buf[..n]);
        }
        d.1 += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl polars::io::utils::file::WritableTrait for HashingFile {
    fn close(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
    fn sync_all(&self) -> std::io::Result<()> {
        self.file.sync_all()
    }
    fn sync_data(&self) -> std::io::Result<()> {
        self.file.sync_data()
    }
}

/// Streams `lf` into `path` and returns the file's size and SHA-256, hashed while it was written.
/// The caller decides where `path` is (the delivery's temp folder).
pub(crate) fn sink(
    lf: LazyFrame,
    path: &Path,
    format: Format,
    compression: Compression,
) -> Result<Written> {
    sink_hashed(lf, path, format, compression, true)
}

/// [`sink`], hashing the file only if `hash`: a staged file that is surely written again (a
/// gated dataset's uncompressed pass-1 file) has no use for its checksum, which was a quarter of
/// the SHA-256 work of a 10M-row log's run. Without `hash`, `Written::sha256` is empty.
pub(crate) fn sink_hashed(
    mut lf: LazyFrame,
    path: &Path,
    format: Format,
    compression: Compression,
    hash: bool,
) -> Result<Written> {
    let file = std::fs::File::create(path).map_err(|e| {
        Error::io(format!(
            "cannot create `{}`: {}",
            crate::error::shown_path(path),
            e.kind()
        ))
    })?;
    let digest: Digested = Default::default();
    let writer = polars::io::utils::file::Writable::Dyn(Box::new(HashingFile {
        file,
        digest: digest.clone(),
        hash,
    }));
    let target = SinkTarget::Dyn(SpecialEq::new(Arc::new(std::sync::Mutex::new(Some(
        writer,
    )))));
    let file_format = match format {
        Format::Parquet => {
            let c = match compression {
                Compression::Zstd => ParquetCompression::Zstd(None),
                Compression::Snappy => ParquetCompression::Snappy,
                Compression::Lz4 => ParquetCompression::Lz4Raw,
                Compression::Uncompressed => ParquetCompression::Uncompressed,
            };
            // Strings are handed to the writer as polars holds them (string views), not
            // copied into offset arrays first (the default, oldest compatibility level), and
            // the footer still declares the oldest level's Arrow schema (LargeUtf8), which
            // every Arrow reader knows. Readers see the same file either way (a test says so;
            // only where pages of long plain strings are cut may differ): the copy is saved.
            let schema = lf
                .collect_schema()
                .map_err(|e| Error::io(polars_message(&e)))?;
            let footer_schema = polars_parquet::write::schema_to_metadata_key(
                &schema.to_arrow(CompatLevel::oldest()),
            );
            FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions {
                compression: c,
                statistics: StatisticsOptions::default(),
                row_group_size: Some(ROW_GROUP_ROWS),
                data_page_size: None,
                key_value_metadata: Some(KeyValueMetadata::Static(vec![footer_schema])),
                arrow_schema: None,
                compat_level: Some(CompatLevel::newest()),
            }))
        }
        Format::Csv => FileWriteFormat::Csv(CsvWriterOptions::default()),
        Format::Ndjson => {
            return Err(Error::job(
                "NDJSON is an input format; write csv or parquet",
            ));
        }
    };
    let args = UnifiedSinkArgs {
        mkdir: false,
        maintain_order: true,
        ..Default::default()
    };
    lf.sink(SinkDestination::File { target }, file_format, args)
        .and_then(|lf| lf.collect_with_engine(Engine::Streaming))
        // Reading or writing: the caller names the dataset and its inputs.
        .map_err(|e| Error::io(polars_message(&e)))?;
    let (digest_state, bytes) =
        std::mem::take(&mut *digest.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Written {
        bytes,
        sha256: if hash {
            hex::encode(sha2::Digest::finalize(digest_state))
        } else {
            String::new()
        },
    })
}

/// The number of rows in a written file (Parquet: from the footer; CSV: a streaming count).
pub(crate) fn count_rows(path: &Path, format: Format) -> Result<u64> {
    let lf = crate::io::input::scan_file(path, format)?;
    let df = crate::io::collect(lf.select([len().alias("n")]), || {
        format!("cannot count rows of `{}`", crate::error::shown_path(path))
    })?;
    let n = df
        .column("n")
        .ok()
        .and_then(|c| c.get(0).ok())
        .and_then(|v| v.extract::<u64>())
        .ok_or_else(|| Error::io(format!("cannot count rows of `{}`", path.display())))?;
    Ok(n)
}

/// Null counts of every column of a written file, read back from it.
pub(crate) fn null_counts(
    path: &Path,
    format: Format,
) -> Result<std::collections::HashMap<String, u64>> {
    let mut lf = crate::io::input::scan_file(path, format)?;
    let names: Vec<String> = lf
        .collect_schema()
        .map_err(|e| {
            Error::io(format!(
                "cannot read `{}`: {}",
                path.display(),
                polars_message(&e)
            ))
        })?
        .iter_names()
        .map(|n| n.to_string())
        .collect();
    let nulls: Vec<Expr> = names.iter().map(|n| col(n.as_str()).null_count()).collect();
    let df = crate::io::collect(lf.select(nulls), || {
        format!("cannot count nulls in `{}`", crate::error::shown_path(path))
    })?;
    let mut out = std::collections::HashMap::new();
    for n in names {
        let v = df
            .column(&n)
            .ok()
            .and_then(|c| c.get(0).ok())
            .and_then(|v| v.extract::<u64>())
            .unwrap_or(0);
        out.insert(n, v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size and SHA-256 hashed while writing are those of the file on disk, for both
    /// formats, over a file written in many row groups.
    #[test]
    fn the_checksum_taken_while_writing_is_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let n = 100_000;
        let df = df!(
            "a" => (0..n).map(|i| format!("value {}", i % 977)).collect::<Vec<_>>(),
            "b" => (0..n).map(|i| (i % 3 != 0).then_some(i as i64)).collect::<Vec<_>>(),
        )
        .unwrap();
        for (format, name) in [(Format::Parquet, "out.parquet"), (Format::Csv, "out.csv")] {
            let path = dir.path().join(name);
            let w = sink(df.clone().lazy(), &path, format, Compression::Zstd).unwrap();
            assert_eq!(
                (w.bytes, w.sha256),
                crate::io::checksum::sha256_file(&path).unwrap(),
                "{name}"
            );
            assert_eq!(count_rows(&path, format).unwrap(), n as u64);
            // Unhashed: the same file and size, no checksum.
            let w =
                sink_hashed(df.clone().lazy(), &path, format, Compression::Zstd, false).unwrap();
            let (bytes, _) = crate::io::checksum::sha256_file(&path).unwrap();
            assert_eq!((w.bytes, w.sha256.as_str()), (bytes, ""), "{name}");
        }
    }

    /// `sink` hands polars' string views to the Parquet writer and names the oldest Arrow
    /// schema in the footer: what a reader sees is what polars' default writer (strings copied
    /// to offset arrays first) gives: the same footer metadata (LargeUtf8 strings), the same
    /// Parquet schema, row groups and encodings, and the same values, for dictionary-encoded
    /// and plain columns, short and long strings, nulls, dates and zoned timestamps. (The
    /// bytes may differ: the two paths cut pages of long plain strings at other places.)
    #[test]
    fn string_views_write_what_the_default_writer_writes() {
        let dir = tempfile::tempdir().unwrap();
        let n = 80_000;
        let df = df!(
            "few" => (0..n).map(|i| format!("v{}", i % 17)).collect::<Vec<_>>(),
            "unique_long" => (0..n).map(|i| format!("a value long enough to leave the view {i}")).collect::<Vec<_>>(),
            "unique_short" => (0..n).map(|i| (i % 5 != 0).then(|| format!("{i:x}"))).collect::<Vec<_>>(),
            "nulls" => (0..n).map(|_| None::<&str>).collect::<Vec<_>>(),
            "utf8" => (0..n).map(|i| format!("東京都{}区", i % 300)).collect::<Vec<_>>(),
            "n" => (0..n).map(|i| (i % 7 != 0).then_some(i as i64)).collect::<Vec<_>>(),
        )
        .unwrap();
        let lf = df.lazy().with_columns([
            col("n").cast(DataType::Date).alias("date"),
            col("n")
                .cast(DataType::Datetime(TimeUnit::Milliseconds, None))
                .dt()
                .replace_time_zone(
                    TimeZone::opt_try_new(Some("Asia/Tokyo")).unwrap(),
                    lit("raise"),
                    NonExistent::Raise,
                )
                .alias("ts"),
        ]);
        let ours = dir.path().join("ours.parquet");
        sink(lf.clone(), &ours, Format::Parquet, Compression::Zstd).unwrap();
        let default = dir.path().join("default.parquet");
        let options = ParquetWriteOptions {
            compression: ParquetCompression::Zstd(None),
            row_group_size: Some(ROW_GROUP_ROWS),
            ..Default::default()
        };
        lf.sink(
            SinkDestination::File {
                target: SinkTarget::Path(PlRefPath::try_from_path(&default).unwrap()),
            },
            FileWriteFormat::Parquet(Arc::new(options)),
            UnifiedSinkArgs {
                maintain_order: true,
                ..Default::default()
            },
        )
        .unwrap()
        .collect_with_engine(Engine::Streaming)
        .unwrap();
        let meta = |p: &Path| {
            polars_parquet::read::read_metadata(&mut std::fs::File::open(p).unwrap()).unwrap()
        };
        let (a, b) = (meta(&ours), meta(&default));
        assert_eq!(a.key_value_metadata, b.key_value_metadata);
        assert_eq!(a.schema_descr.columns().len(), 8);
        for (x, y) in a
            .schema_descr
            .columns()
            .iter()
            .zip(b.schema_descr.columns())
        {
            assert_eq!(x.descriptor, y.descriptor);
        }
        assert_eq!(a.row_groups.len(), 3);
        for (x, y) in a.row_groups.iter().zip(&b.row_groups) {
            assert_eq!(x.num_rows(), y.num_rows());
            for (c, d) in x.parquet_columns().iter().zip(y.parquet_columns()) {
                assert_eq!(
                    (c.num_values(), c.dictionary_page_offset().is_some()),
                    (d.num_values(), d.dictionary_page_offset().is_some())
                );
                assert_eq!(c.uncompressed_size(), d.uncompressed_size());
            }
        }
        let read = |p: &Path| {
            LazyFrame::scan_parquet(PlRefPath::try_from_path(p).unwrap(), Default::default())
                .unwrap()
                .collect()
                .unwrap()
        };
        assert!(read(&ours).equals_missing(&read(&default)));
    }
}
