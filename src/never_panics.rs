//! The "never panics" harness (issue: fuzzing): property tests that throw arbitrary and
//! near-valid input at every entry point that reads outside data: the job parser, every value
//! rule's parser, the CSV checker and decoders, the NDJSON reader and the header check. The
//! detectors have their own harness in `detect::tests`.
//!
//! CI runs the default number of cases; a longer run is the same tests with more cases:
//! `PROPTEST_CASES=200000 cargo test --release never_panics`.

use proptest::prelude::*;

use crate::detect::known::KnownValues;
use crate::io::source::{self, Dialect, Extent, TextEncoding};
use crate::job::spec::{Problems, rule_spec};
use crate::keys::RunKey;
use crate::transform::Ctx;

/// One rule of every family with typical parameters.
const RULES: &[&str] = &[
    r#"{ rule = "pseudonym" }"#,
    r#"{ rule = "pseudonym", normalize = ["nfkc", "trim", "lowercase", "digits"] }"#,
    r#"{ rule = "mask", keep-first = 2, keep-last = 2 }"#,
    r#"{ rule = "ip" }"#,
    r#"{ rule = "ip", method = "crypto-pan" }"#,
    r#"{ rule = "timestamp", truncate = "week" }"#,
    r#"{ rule = "date", output = "age-band", band = 5, bottom-code = 18 }"#,
    r#"{ rule = "date", output = "year" }"#,
    r#"{ rule = "postal-code", digits = 2 }"#,
    r#"{ rule = "address", level = "municipality" }"#,
    r#"{ rule = "number", width = 1000, top-code = 100000 }"#,
    r#"{ rule = "number", edges = [0, 1, 5, 10] }"#,
    r#"{ rule = "number", round = 0.5 }"#,
    r#"{ rule = "url", keep-params = ["page"] }"#,
    r#"{ rule = "url", keep = "host" }"#,
    r#"{ rule = "user-agent" }"#,
    r#"{ rule = "text" }"#,
];

fn rules() -> &'static Vec<std::sync::Arc<dyn crate::transform::ValueRule>> {
    static R: std::sync::OnceLock<Vec<std::sync::Arc<dyn crate::transform::ValueRule>>> =
        std::sync::OnceLock::new();
    R.get_or_init(|| {
        let ctx = Ctx {
            tz: chrono_tz::Asia::Tokyo,
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            anonymous: false,
        };
        let key = RunKey::ephemeral().unwrap();
        RULES
            .iter()
            .map(|r| {
                let v: toml::Value =
                    toml::from_str::<toml::Table>(&format!("c = {r}")).unwrap()["c"].clone();
                let spec = rule_spec(&v).unwrap();
                let mut p = Problems::default();
                let rule = spec
                    .compile("c", "c", &ctx, &mut p)
                    .unwrap_or_else(|| panic!("{r}: {:?}", p.0));
                rule.build(&key, &KnownValues::default()).unwrap()
            })
            .collect()
    })
}

fn apply_all(value: &str) {
    for r in rules() {
        let _ = crate::transform::test_util::run_str(r.as_ref(), &[Some(value), None]);
    }
}

fn prepare_bytes(bytes: &[u8], name: &str, d: &Dialect) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    let copy = dir.path().join("copy");
    let _ = source::prepare(&p, d, Extent::All, Some(&copy));
    let _ = source::prepare(&p, d, Extent::Header, None);
    let _ = source::prepare_ndjson(&p, Extent::All, Some(&copy));
}

fn dialect(delim: u8, quote: bool, header: bool, enc: u8) -> Dialect {
    Dialect {
        delimiter: delim,
        quote: quote.then_some(b'"'),
        header,
        encoding: match enc % 4 {
            0 => TextEncoding::Utf8,
            1 => TextEncoding::Cp932,
            2 => TextEncoding::EucJp,
            _ => TextEncoding::Utf16,
        },
    }
}

proptest! {
    #[test]
    fn never_panics_value_rules_on_any_text(s in "\\PC{0,80}") {
        apply_all(&s);
    }

    #[test]
    fn never_panics_value_rules_on_near_valid_values(
        s in "[0-9０-９:./\\-+年月日時分秒TZ 昭和平成令和元SHR〒東京都市区町村郡丁目@?&=#%a-fA-F\\[\\]()]{0,40}"
    ) {
        apply_all(&s);
    }

    #[test]
    fn never_panics_value_parsers(s in "\\PC{0,60}") {
        let _ = crate::transform::ip::parse_ip(&s);
        let _ = crate::transform::date::parse_date(&s);
        let _ = crate::transform::number::parse_number(&s);
        let _ = crate::jp::split_prefecture(&s);
    }

    #[test]
    fn never_panics_csv_checker_on_any_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        delim in prop::sample::select(vec![b',', b';', b'\t', b'|']),
        quote in any::<bool>(),
        header in any::<bool>(),
        enc in 0u8..4,
    ) {
        prepare_bytes(&bytes, "in.csv", &dialect(delim, quote, header, enc));
    }

    #[test]
    fn never_panics_csv_checker_on_csv_like_bytes(
        s in "[a-z0-9,\"\r\n 山田\u{feff}]{0,200}",
        header in any::<bool>(),
    ) {
        prepare_bytes(s.as_bytes(), "in.csv", &dialect(b',', true, header, 0));
        prepare_bytes(s.as_bytes(), "in.ndjson", &dialect(b',', true, header, 0));
    }

    #[test]
    fn never_panics_on_compressed_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut gz = vec![0x1f, 0x8b, 0x08, 0x00];
        gz.extend(&bytes);
        prepare_bytes(&gz, "in.csv.gz", &dialect(b',', true, true, 0));
        let mut zst = vec![0x28, 0xb5, 0x2f, 0xfd];
        zst.extend(&bytes);
        prepare_bytes(&zst, "in.csv.zst", &dialect(b',', true, true, 0));
    }

    #[test]
    fn never_panics_job_parser(
        text in "(name|mode|recipient|output-dir|as-of|timezone|key-file|input|rule|datasets|columns|risk|csv|\\[|\\]|\\.|=|\"|,|\\{|\\}|\n| |[a-z0-9_-]){0,120}"
    ) {
        let dir = tempfile::tempdir().unwrap();
        let job = dir.path().join("job.toml");
        std::fs::write(&job, &text).unwrap();
        let _ = crate::job::plan::load(&job, None);
    }

    #[test]
    fn never_panics_rule_specs(
        rule in prop::sample::select(vec!["keep", "drop", "pseudonym", "mask", "ip", "timestamp", "date", "postal-code", "address", "number", "url", "user-agent", "text", "nope"]),
        key in prop::sample::select(vec!["length", "band", "digits", "width", "edges", "round", "top-code", "bottom-code", "keep-first", "keep-last", "ipv4-prefix", "ipv6-prefix", "truncate", "output", "level", "keep", "keep-params", "encoding", "normalize", "detectors", "reason", "method"]),
        value in prop::sample::select(vec!["0", "-1", "1e308", "99999999999", "\"\"", "\"x\"", "[]", "[1, 0]", "[\"a\"]", "true", "1.5", "-0.0"]),
    ) {
        let ctx = Ctx {
            tz: chrono_tz::Asia::Tokyo,
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            anonymous: false,
        };
        let t = format!("c = {{ rule = \"{rule}\", {key} = {value} }}");
        let Ok(table) = toml::from_str::<toml::Table>(&t) else { return Ok(()); };
        if let Ok(spec) = rule_spec(&table["c"]) {
            let mut p = Problems::default();
            let key = RunKey::ephemeral().unwrap();
            if let Some(r) = spec.compile("c", "c", &ctx, &mut p).and_then(|r| r.build(&key, &KnownValues::default())) {
                let _ = crate::transform::test_util::run_str(r.as_ref(), &[Some("12,800"), Some("2026-10-10"), Some("東京都新宿区"), None]);
            }
        }
    }

    /// The cargo-fuzz targets' entry points, so CI runs them too.
    #[test]
    fn never_panics_fuzz_entry_points(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        crate::fuzz::csv(&bytes);
        crate::fuzz::job(&bytes);
        crate::fuzz::values(&bytes);
        crate::fuzz::detect(&bytes);
    }

    #[test]
    fn never_panics_fuzz_entry_points_on_near_valid_text(
        s in "[a-z0-9_=\"{},.\\n 東京都新宿区@:/\\[\\]-]{0,200}"
    ) {
        crate::fuzz::csv(s.as_bytes());
        crate::fuzz::job(s.as_bytes());
        crate::fuzz::values(s.as_bytes());
        crate::fuzz::detect(s.as_bytes());
    }

    #[test]
    fn never_panics_header_check(names in proptest::collection::vec("\\PC{0,20}", 0..6)) {
        let _ = source::data_like(&names);
        let _ = source::check_names(std::path::Path::new("x.csv"), &names);
        let _ = crate::error::shown(&names.join(","));
    }
}
