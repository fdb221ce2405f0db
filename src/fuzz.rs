//! Entry points for the cargo-fuzz targets in `fuzz/` (coverage-guided, with libFuzzer): each
//! takes arbitrary bytes and must never panic, whatever the bytes. The same entry points have a
//! proptest harness that CI runs (`never_panics`). Not part of tokumei's interface otherwise.

use crate::detect::known::KnownValues;
use crate::detect::{Detector, Kind};
use crate::io::source::{Dialect, TextEncoding, check_in_memory};
use crate::keys::RunKey;
use crate::transform::{Ctx, ValueRule};

/// The CSV checker on `data`; the first byte chooses the dialect.
pub fn csv(data: &[u8]) {
    let Some((&cfg, rest)) = data.split_first() else {
        return;
    };
    let d = Dialect {
        delimiter: [b',', b';', b'\t', b'|'][usize::from(cfg & 3)],
        quote: (cfg & 4 == 0).then_some(b'"'),
        header: cfg & 8 == 0,
        encoding: TextEncoding::Utf8,
    };
    let _ = check_in_memory(rest, &d);
}

/// A job file: parsed and validated against a missing input (the job-level and rule checks), and
/// every column rule of it compiled on its own.
pub fn job(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return;
    };
    let ctx = Ctx {
        tz: chrono_tz::Asia::Tokyo,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date"),
        anonymous: false,
    };
    let mut p = crate::error::Problems::default();
    let columns = table
        .get("datasets")
        .and_then(|d| d.as_table())
        .into_iter()
        .flat_map(|d| d.values())
        .filter_map(|d| d.get("columns")?.as_table());
    for cols in columns {
        for (name, v) in cols {
            if let Ok(spec) = crate::job::spec::rule_spec(v) {
                let _ = spec.compile(name, "c", &ctx, &mut p);
            }
        }
    }
    // A folder of this call's own (calls run in parallel), removed after it.
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("tokumei-fuzz-{}-{call}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("job.toml");
    if std::fs::write(&path, text).is_ok() {
        let _ = crate::job::plan::load(&path, None);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn rules() -> &'static [std::sync::Arc<dyn ValueRule>] {
    static RULES: std::sync::OnceLock<Vec<std::sync::Arc<dyn ValueRule>>> =
        std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let ctx = Ctx {
            tz: chrono_tz::Asia::Tokyo,
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date"),
            anonymous: false,
        };
        let key = RunKey::ephemeral().expect("randomness");
        [
            r#"{ rule = "pseudonym", normalize = ["nfkc", "trim", "lowercase", "digits"] }"#,
            r#"{ rule = "mask", keep-first = 2, keep-last = 2 }"#,
            r#"{ rule = "ip", method = "crypto-pan", ipv4-prefix = 24 }"#,
            r#"{ rule = "timestamp", truncate = "week" }"#,
            r#"{ rule = "date", output = "age-band", band = 5, bottom-code = 18 }"#,
            r#"{ rule = "date", output = "year" }"#,
            r#"{ rule = "postal-code", digits = 2 }"#,
            r#"{ rule = "address", level = "municipality" }"#,
            r#"{ rule = "number", edges = [0, 1, 5, 10], top-code = 100 }"#,
            r#"{ rule = "url", keep-params = ["page"] }"#,
            r#"{ rule = "url", keep = "host" }"#,
            r#"{ rule = "user-agent" }"#,
            r#"{ rule = "text" }"#,
        ]
        .iter()
        .filter_map(|r| {
            let v = toml::from_str::<toml::Table>(&format!("c = {r}"))
                .ok()?
                .get("c")?
                .clone();
            let spec = crate::job::spec::rule_spec(&v).ok()?;
            let rule = spec.compile("c", "c", &ctx, &mut crate::error::Problems::default())?;
            rule.build(&key, &KnownValues::default())
        })
        .collect()
    })
}

/// Every value rule (and the risk search's generalisation levels) on one value.
pub fn values(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let column = polars::prelude::Column::new("c".into(), [Some(text.as_ref()), None]);
    for r in rules() {
        let _ = r.apply(&column);
    }
    use crate::transform::levels::Hierarchy;
    for h in [
        Hierarchy::AgeBand,
        Hierarchy::Year,
        Hierarchy::Postal,
        Hierarchy::Address,
        Hierarchy::Ip,
        Hierarchy::Number,
        Hierarchy::Rounded(100.0),
        Hierarchy::Rounded(0.1),
        Hierarchy::UserAgent,
        Hierarchy::Timestamp(chrono_tz::Asia::Tokyo),
    ] {
        for level in 0..=h.max_level() {
            let _ = h.apply(&text, level);
        }
    }
}

/// Every detector on one text: find, scrub, whole-value classification, and the header check.
pub fn detect(data: &[u8]) {
    static DETECTOR: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
    let d = DETECTOR.get_or_init(|| {
        Detector::new(&Kind::patterns())
            .with_known(["山田太郎".to_string(), "C0001234".to_string()])
    });
    let text = String::from_utf8_lossy(data);
    let _ = d.find(&text);
    let _ = d.scrub(&text);
    let _ = d.classify_value(&text);
    let _ = crate::io::source::data_like(&[text.into_owned()]);
}
