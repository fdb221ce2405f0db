//! Logging to stderr through `tracing`: what a scheduler's log and an engineer on call at 3 a.m.
//! need — each step of a run with its counts and timings, warnings and the error — and never a
//! data value (only names of files, datasets and columns, counts and durations).
//!
//! `RUST_LOG` (`target=level` directives, e.g. `tokumei=debug`) wins when set; else `-v`
//! (debug), `-vv` (trace), `-q` (warnings and errors only), `-qq` (errors only). `--log-format
//! json` writes one JSON object per line (`timestamp`, `level`, `target`, `message` and the
//! event's fields) for log collectors; the default text format writes `message` for
//! information, `warning: message` and `error: message`, as a person reads them.
//!
//! (`tracing-subscriber`'s own env-filter and JSON features are not used: they change the
//! features of `regex-automata` and `tracing-core`, which would compile polars a second time.)

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::FmtContext;
use tracing_subscriber::fmt::format::{FormatEvent, FormatFields, Writer};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// `--log-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub(crate) enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The text format: the level as a word a person reads, then the message and fields.
struct Plain;

impl<S, N> FormatEvent<S, N> for Plain
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        match *event.metadata().level() {
            Level::ERROR => write!(writer, "error: ")?,
            Level::WARN => write!(writer, "warning: ")?,
            Level::INFO => {}
            Level::DEBUG => write!(writer, "debug: ")?,
            Level::TRACE => write!(writer, "trace: ")?,
        }
        // People read the message; the structured fields are for the JSON format.
        let mut fields = JsonFields::default();
        event.record(&mut fields);
        let _ = ctx;
        match fields.0.get("message") {
            Some(serde_json::Value::String(m)) => writeln!(writer, "{m}"),
            _ => writeln!(writer),
        }
    }
}

/// One JSON object per event.
struct Json;

/// Collects an event's fields as JSON values.
#[derive(Default)]
struct JsonFields(serde_json::Map<String, serde_json::Value>);

impl Visit for JsonFields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(
            field.name().to_string(),
            serde_json::Value::String(format!("{value:?}")),
        );
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(
            field.name().to_string(),
            serde_json::Value::String(value.into()),
        );
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_string(), value.into());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_string(), value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().to_string(), value.into());
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.insert(field.name().to_string(), value.into());
    }
}

impl<S, N> FormatEvent<S, N> for Json
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let mut fields = JsonFields::default();
        event.record(&mut fields);
        let mut obj = serde_json::Map::new();
        obj.insert(
            "timestamp".into(),
            chrono::Utc::now()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                .into(),
        );
        obj.insert("level".into(), event.metadata().level().as_str().into());
        obj.insert("target".into(), event.metadata().target().into());
        obj.extend(fields.0);
        let line =
            serde_json::to_string(&serde_json::Value::Object(obj)).map_err(|_| fmt::Error)?;
        writeln!(writer, "{line}")
    }
}

/// Installs the subscriber; `verbose` and `quiet` count `-v` and `-q`.
pub(crate) fn init(format: LogFormat, verbose: u8, quiet: u8) {
    PROGRESS.store(
        format == LogFormat::Text && quiet == 0,
        std::sync::atomic::Ordering::Relaxed,
    );
    let level = match (verbose, quiet) {
        (0, 0) => Level::INFO,
        (1, _) => Level::DEBUG,
        (v, _) if v >= 2 => Level::TRACE,
        (_, 1) => Level::WARN,
        _ => Level::ERROR,
    };
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|f| f.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_target("tokumei", level));
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false);
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = match format {
        LogFormat::Json => tracing_subscriber::registry()
            .with(layer.event_format(Json))
            .with(filter)
            .try_init(),
        LogFormat::Text => tracing_subscriber::registry()
            .with(layer.event_format(Plain))
            .with(filter)
            .try_init(),
    };
}

/// Whether a progress bar may be drawn: text logs at the default level or more.
static PROGRESS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

pub(crate) fn shows_progress() -> bool {
    PROGRESS.load(std::sync::atomic::Ordering::Relaxed)
}

/// The current format, for the few places that print the final error themselves.
static FORMAT: std::sync::OnceLock<LogFormat> = std::sync::OnceLock::new();

pub(crate) fn set_format(f: LogFormat) {
    let _ = FORMAT.set(f);
}

pub(crate) fn is_json() -> bool {
    FORMAT.get() == Some(&LogFormat::Json)
}
