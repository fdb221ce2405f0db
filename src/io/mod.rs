//! Readers and writers. Nothing here knows a policy: `input` resolves and scans files, `output`
//! writes a LazyFrame through polars' streaming sinks, `delivery` makes the whole delivery
//! appear at once or not at all.

pub(crate) mod checksum;
pub(crate) mod delivery;
pub(crate) mod input;
pub(crate) mod lines;
pub(crate) mod output;
pub(crate) mod source;
pub(crate) mod workdir;

/// A file format tokumei reads (all three) or writes (CSV and Parquet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Format {
    Csv,
    Parquet,
    /// Newline-delimited JSON, one object per line (inputs only).
    Ndjson,
}

/// A file name's extension in lower case, looking through a `.gz` or `.zst` ending.
fn data_extension(path: &std::path::Path) -> Option<String> {
    let path = match source::Compressed::of(path) {
        source::Compressed::No => path.to_path_buf(),
        _ => path.with_extension(""),
    };
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

impl Format {
    /// From the file name; a `.gz` or `.zst` ending is looked through (`log.csv.gz` is CSV).
    pub(crate) fn from_extension(path: &std::path::Path) -> Option<Format> {
        match data_extension(path)?.as_str() {
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            "parquet" | "pq" => Some(Format::Parquet),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            _ => None,
        }
    }
    /// Whether a file is named as tab-separated (`.tsv`, also compressed): read with a tab
    /// as the delimiter unless the job sets one.
    pub(crate) fn tab_separated(path: &std::path::Path) -> bool {
        data_extension(path).as_deref() == Some("tsv")
    }
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Ndjson => "ndjson",
        }
    }
}

/// Runs `lf` on polars' streaming engine into one frame; an error names what was being done
/// (`what`) and never a value.
pub(crate) fn collect(
    lf: polars::prelude::LazyFrame,
    what: impl FnOnce() -> String,
) -> crate::error::Result<polars::prelude::DataFrame> {
    lf.collect_with_engine(polars::prelude::Engine::Streaming)
        .map(|r| r.unwrap_single())
        .map_err(|e| {
            crate::error::Error::io(format!("{}: {}", what(), crate::error::polars_message(&e)))
        })
}

/// Hands the memory freed by a finished step back to the OS. glibc's allocator keeps freed
/// pages of its per-thread arenas resident: after the log's pass 1 at 30M rows about 290 MiB
/// stayed resident although its buffers were gone, and the risk gate's tables came on top.
/// Elsewhere a no-op.
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's own arenas to the OS.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Hands freed memory back to the OS every `every` while it lives ([`release_freed_memory`] on
/// a thread of its own), for the steps that free as they go: polars' streaming threads each
/// allocate from an arena of their own, and the pages a batch freed stay resident until trimmed.
pub(crate) struct Trimmer {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Trimmer {
    pub(crate) fn start(every: std::time::Duration) -> Trimmer {
        let (stop, rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("tokumei-trim".into())
            .spawn(move || {
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(every) {
                    release_freed_memory();
                }
            })
            .ok();
        Trimmer {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for Trimmer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
