//! The bad-input corpus: about fifty ways a real input, job or destination goes wrong. For each,
//! a snapshot of the exit code and of what tokumei says, and three promises checked by code:
//! - no planted canary value (a name, an email, a phone, an ID, an address) is ever printed;
//! - nothing panics;
//! - the destination, which holds an earlier delivery, is unchanged unless the run succeeded,
//!   and no staging folder is left beside it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use polars::prelude::*;

use super::{Out, root, run, tokumei};

/// Values planted in the inputs; none may appear in any message.
const CANARIES: &[&str] = &[
    "C9990001",
    "山田",
    "花子",
    "hanako.canary",
    "090-7777-1234",
    "07077771234",
    "千代田1-1",
    "198.51.100.77",
];

const HEADER: &str = "customer_id,name,email,phone,address";
const ROW: &str =
    "C9990001,山田 花子,hanako.canary@example.jp,090-7777-1234,東京都千代田区千代田1-1";
const ROW2: &str =
    "C9990002,佐藤 一郎,ichiro.sato@example.jp,080-1111-2222,大阪府大阪市北区梅田1-1";

const COLUMNS: &str = "customer_id = { rule = \"pseudonym\" }\nname = \"drop\"\nemail = \"drop\"\n\
                       phone = \"drop\"\naddress = { rule = \"address\" }\n";

const JP_COLUMNS: &str = "\"顧客ID\" = \"pseudonym\"\n\"氏名\" = \"drop\"\n\"メール\" = \"drop\"\n\
                          \"電話\" = \"drop\"\n\"住所\" = \"address\"\n";

fn good_csv() -> String {
    format!("{HEADER}\n{ROW}\n{ROW2}\n")
}

struct Case {
    dir: tempfile::TempDir,
}

/// An earlier delivery, made once by a real run; each case starts with a copy of it in `out/`.
fn previous_delivery() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // In cargo's folder for test files, not the system's temporary folder (it outlives
        // the test process).
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("tokumei-it-prev-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("in.csv"), good_csv()).unwrap();
        let job = dir.join("job.toml");
        std::fs::write(
            &job,
            job_text("[datasets.customers]\ninput = \"in.csv\"", COLUMNS),
        )
        .unwrap();
        let o = run({
            let mut c = tokumei();
            c.arg("run").arg(&job);
            c
        });
        assert_eq!(o.code, 0, "the earlier delivery is made");
        dir.join("out")
    })
}

fn job_text(dataset: &str, columns: &str) -> String {
    format!(
        "name = \"t\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out\"\nas-of = 2026-11-25\n\
         {dataset}\n[datasets.customers.columns]\n{columns}"
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn listing(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            m.insert(e.file_name().to_string_lossy().to_string(), bytes);
        }
    }
    m
}

impl Case {
    fn new() -> Case {
        let prev = previous_delivery();
        let dir = tempfile::tempdir().unwrap();
        copy_dir(prev, &dir.path().join("out"));
        Case { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Case {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// A job over one dataset `customers` with `input` and extra dataset keys.
    fn job(&self, dataset_keys: &str, columns: &str) -> PathBuf {
        let p = self.path("job.toml");
        std::fs::write(
            &p,
            job_text(&format!("[datasets.customers]\n{dataset_keys}"), columns),
        )
        .unwrap();
        p
    }

    fn raw_job(&self, text: &str) -> PathBuf {
        let p = self.path("job.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = tokumei();
        c.current_dir(self.dir.path());
        c.args(args);
        c
    }

    /// Runs `args`, checks the promises and returns the snapshot text.
    fn check(&self, args: &[&str]) -> (Out, String) {
        let before = listing(&self.path("out"));
        let o = run(self.command(args));
        self.promises(&o, &before);
        let text = self.snapshot_text(&o);
        (o, text)
    }

    fn promises(&self, o: &Out, before: &BTreeMap<String, Vec<u8>>) {
        for c in CANARIES {
            assert!(
                !o.stdout.contains(c) && !o.stderr.contains(c),
                "canary `{c}` printed:\n{}\n{}",
                o.stdout,
                o.stderr
            );
        }
        assert!(!o.stderr.contains("panicked"), "panic: {}", o.stderr);
        let after = listing(&self.path("out"));
        if o.code != 0 || !o.stdout.contains("delivered") {
            assert!(&after == before, "a failed run changed the destination");
        } else {
            for (name, bytes) in &after {
                let text = String::from_utf8_lossy(bytes);
                for c in CANARIES {
                    assert!(!text.contains(c), "canary `{c}` delivered in {name}");
                }
            }
        }
        let staging: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.contains(".tokumei-"))
            .collect();
        assert!(
            staging.is_empty(),
            "left beside the destination: {staging:?}"
        );
    }

    fn snapshot_text(&self, o: &Out) -> String {
        let dir = self.dir.path().to_string_lossy().to_string();
        let clean = |s: &str| {
            let s = s.replace(&dir, "[DIR]");
            let s = regex::Regex::new(r"\d+ ms\b")
                .unwrap()
                .replace_all(&s, "[N] ms");
            let s = regex::Regex::new(r"in \d+\.\d s")
                .unwrap()
                .replace_all(&s, "in [T] s");
            let s = regex::Regex::new(r"sha256 [0-9a-f]{16}")
                .unwrap()
                .replace_all(&s, "sha256 [HASH]");
            let s = regex::Regex::new(r"process \d+")
                .unwrap()
                .replace_all(&s, "process [PID]");
            let s = regex::Regex::new(r"tokumei-tmp-[0-9a-f-]+")
                .unwrap()
                .replace_all(&s, "tokumei-tmp-[ID]");
            s.into_owned()
        };
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            o.code,
            clean(&o.stdout),
            clean(&o.stderr)
        )
    }
}

/// Runs `tokumei run job.toml` in a fresh case set up by `setup`, checks the promises and
/// snapshots the outcome under `name`; returns the exit code.
fn case(name: &str, setup: impl FnOnce(&Case) -> PathBuf) -> (Case, Out) {
    let c = Case::new();
    let job = setup(&c);
    let job = job.to_string_lossy().to_string();
    let (o, text) = c.check(&["run", &job]);
    insta::assert_snapshot!(name, text);
    (c, o)
}

fn csv_case(name: &str, bytes: impl AsRef<[u8]>) -> Out {
    case(name, |c| {
        c.file("in.csv", bytes);
        c.job("input = \"in.csv\"", COLUMNS)
    })
    .1
}

fn write_parquet(path: &Path, df: &mut DataFrame) {
    let f = std::fs::File::create(path).unwrap();
    ParquetWriter::new(f).finish(df).unwrap();
}

// ---- rows ----

#[test]
fn ragged_rows_both_ways() {
    assert_eq!(
        csv_case(
            "ragged_short",
            format!("{HEADER}\n{ROW2}\n{ROW}\nC9990003,x\n")
        )
        .code,
        3
    );
    assert_eq!(
        csv_case("ragged_long", format!("{HEADER}\n{ROW}\n{ROW2},extra\n")).code,
        3
    );
}

#[test]
fn exports_joined_into_one_file_are_refused() {
    // The second export's header, its columns in another order: read as a row, it would put
    // the second export's names under `address` (a reviewer had them delivered in a kept
    // column). Refused where it is, plain and gated (the gated dataset's pass 1 reads its
    // lines once, without a separate check).
    let second = "customer_id,address,email,phone,name";
    let moved = "C9990003,東京都新宿区1,kana.canary@example.jp,090-7777-9999,田中 美咲";
    let o = csv_case(
        "joined_exports",
        format!("{HEADER}\n{ROW}\n{ROW2}\n{second}\n{moved}\n"),
    );
    assert_eq!(o.code, 3);
    assert!(
        o.stderr
            .contains("row 4: the row repeats the header's column names")
    );
    let (_, o) = case("joined_exports_gated", |c| {
        let mut big = format!("{HEADER}\n");
        for i in 0..3000 {
            if i == 2000 {
                big.push_str(second);
                big.push('\n');
            }
            big.push_str(&format!(
                "C{i:07},x y,e{i}@example.jp,090-0000-{:04},東京都新宿区{}\n",
                i % 10000,
                i % 3
            ));
        }
        c.file("in.csv", &big);
        c.job(
            "input = \"in.csv\"\n[datasets.customers.risk]\nquasi-identifiers = [\"address\"]\nmin-k = 2",
            COLUMNS,
        )
    });
    assert_eq!(o.code, 3);
    assert!(
        o.stderr
            .contains("row 2002: the row repeats the header's column names")
    );
}

#[test]
fn broken_quote() {
    let o = csv_case(
        "broken_quote",
        format!(
            "{HEADER}\n{ROW2}\nC9990001,\"山田 花子,hanako.canary@example.jp,090-7777-1234,x\n{ROW2}\n"
        ),
    );
    assert_eq!(o.code, 3);
}

#[test]
fn stray_quotes_and_lone_carriage_returns() {
    assert_eq!(
        csv_case(
            "stray_quote",
            format!("{HEADER}\n{ROW2}\nC9990001,山田 \"花子,x@example.jp,090-7777-1234,東京都\n")
        )
        .code,
        3
    );
    assert_eq!(
        csv_case("lone_cr", format!("{HEADER}\r{ROW}\r{ROW2}\r")).code,
        3
    );
}

#[test]
fn a_headerless_file_of_plain_values_is_not_printed() {
    // No email, phone or long number in the first row: its columns' other rows give it away.
    let mut csv = String::from("山田,35,女,東京都\n");
    for (n, a, g, p) in [
        ("佐藤", 41, "男", "大阪府"),
        ("山田", 28, "女", "東京都"),
        ("高橋", 52, "男", "北海道"),
        ("伊藤", 33, "女", "東京都"),
        ("渡辺", 47, "男", "福岡県"),
    ] {
        csv.push_str(&format!("{n},{a},{g},{p}\n"));
    }
    let (_, o) = case("headerless_plain_values", |c| {
        c.file("in.csv", &csv);
        c.job(
            "input = \"in.csv\"",
            "surname = \"drop\"\nage = \"drop\"\ngender = \"keep\"\nprefecture = \"keep\"\n",
        )
    });
    assert_eq!(o.code, 3);
    // A header that matches few of the job's columns is not printed either.
    let (_, o) = case("header_not_the_jobs", |c| {
        c.file("in.csv", "花子,x,y\n1,2,3\n");
        c.job("input = \"in.csv\"", COLUMNS)
    });
    assert_eq!(o.code, 2);
    assert!(!o.stderr.contains("花子"));
}

#[test]
fn invalid_utf8() {
    let mut bytes = format!("{HEADER}\n{ROW2}\n").into_bytes();
    bytes.extend(b"C9990001,Jos\xe9,hanako.canary@example.jp,090-7777-1234,x\n");
    assert_eq!(csv_case("invalid_utf8", bytes).code, 3);
}

#[test]
fn cp932_files_are_recognised_and_read_with_the_setting() {
    let ascii_header = encoding_rs::SHIFT_JIS.encode(&good_csv()).0.into_owned();
    assert_eq!(csv_case("cp932_ascii_header", &ascii_header).code, 3);
    let jp = "顧客ID,氏名,メール,電話,住所\nC9990001,山田 花子,hanako.canary@example.jp,090-7777-1234,東京都千代田区千代田1-1\n";
    let jp_bytes = encoding_rs::SHIFT_JIS.encode(jp).0.into_owned();
    let (_, o) = case("cp932_japanese_header", |c| {
        c.file("in.csv", &jp_bytes);
        c.job("input = \"in.csv\"", JP_COLUMNS)
    });
    assert_eq!(o.code, 3);
    let (c, o) = case("cp932_with_setting", |c| {
        c.file("in.csv", &jp_bytes);
        c.job(
            "input = \"in.csv\"\ncsv = { encoding = \"cp932\" }",
            JP_COLUMNS,
        )
    });
    assert_eq!(o.code, 0);
    let df = super::read_parquet(&c.path("out/customers.parquet"));
    assert_eq!(
        super::strings(&df, "住所"),
        vec![Some("東京都".to_string())]
    );
    // No decoded copy is delivered.
    assert!(!c.path("out/.decoded").exists());
}

#[test]
fn euc_jp_and_utf16_files() {
    let text = good_csv();
    let euc = encoding_rs::EUC_JP.encode(&text).0.into_owned();
    let o = case("euc_jp_with_setting", |c| {
        c.file("in.csv", &euc);
        c.job(
            "input = \"in.csv\"\ncsv = { encoding = \"euc-jp\" }",
            COLUMNS,
        )
    })
    .1;
    assert_eq!(o.code, 0);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(csv_case("utf16_without_setting", &utf16).code, 3);
    let o = case("utf16_with_setting", |c| {
        c.file("in.csv", &utf16);
        c.job(
            "input = \"in.csv\"\ncsv = { encoding = \"utf-16\" }",
            COLUMNS,
        )
    })
    .1;
    assert_eq!(o.code, 0);
}

#[test]
fn empty_and_header_only_inputs() {
    assert_eq!(csv_case("empty_file", "").code, 3);
    assert_eq!(csv_case("header_only", format!("{HEADER}\n")).code, 3);
    let (c, o) = case("header_only_allowed", |c| {
        c.file("in.csv", format!("{HEADER}\n"));
        c.job("input = \"in.csv\"\nallow-empty = true", COLUMNS)
    });
    assert_eq!(o.code, 0);
    assert_eq!(
        super::read_parquet(&c.path("out/customers.parquet")).height(),
        0
    );
    // `check` says what `run` would.
    let c = Case::new();
    c.file("in.csv", format!("{HEADER}\n"));
    let job = c.job("input = \"in.csv\"", COLUMNS);
    let (o, _) = c.check(&["check", job.to_str().unwrap()]);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("no data rows"), "{}", o.stderr);
    let job = c.job("input = \"in.csv\"\nallow-empty = true", COLUMNS);
    let (o, _) = c.check(&["check", job.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn bad_column_names() {
    assert_eq!(
        csv_case(
            "duplicate_names",
            format!("customer_id,name,email,email,address\n{ROW}\n")
        )
        .code,
        3
    );
    assert_eq!(
        csv_case(
            "empty_name",
            format!("customer_id,,email,phone,address\n{ROW}\n")
        )
        .code,
        3
    );
    assert_eq!(
        csv_case(
            "control_character_name",
            format!("customer_id,name\x1b]0;owned\x07,email,phone,address\n{ROW}\n")
        )
        .code,
        3
    );
}

#[test]
fn a_missing_header_is_named_without_printing_the_row() {
    assert_eq!(csv_case("headerless", format!("{ROW}\n{ROW2}\n")).code, 3);
    let o = case("headerless_with_header_false", |c| {
        c.file("in.csv", format!("{ROW}\n{ROW2}\n"));
        c.job(
            "input = \"in.csv\"\ncsv = { header = false }",
            "column_1 = \"pseudonym\"\ncolumn_2 = \"drop\"\ncolumn_3 = \"drop\"\ncolumn_4 = \"drop\"\ncolumn_5 = \"address\"\n",
        )
    })
    .1;
    assert_eq!(o.code, 0);
    // `check` and `scan` refuse it the same way.
    let c = Case::new();
    c.file("in.csv", format!("{ROW}\n{ROW2}\n"));
    let job = c.job("input = \"in.csv\"", COLUMNS);
    let (o, text) = c.check(&["check", job.to_str().unwrap()]);
    assert_eq!(o.code, 3);
    insta::assert_snapshot!("headerless_check", text);
    let (o, text) = c.check(&["scan", c.path("in.csv").to_str().unwrap()]);
    assert_ne!(o.code, 0);
    insta::assert_snapshot!("headerless_scan", text);
}

#[test]
fn files_that_are_not_csv_text() {
    let mut garbage = vec![0u8, 159, 146, 150, 1, 2, 3, 0, 0, 7];
    garbage.extend((0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    assert_eq!(csv_case("binary_garbage", &garbage).code, 3);
    // A Parquet file named .csv.
    let c = Case::new();
    let mut df =
        df!("customer_id" => ["C9990001"], "email" => ["hanako.canary@example.jp"]).unwrap();
    write_parquet(&c.path("in.csv"), &mut df);
    let job = c.job("input = \"in.csv\"", COLUMNS);
    let (o, text) = c.check(&["run", job.to_str().unwrap()]);
    assert_eq!(o.code, 3);
    insta::assert_snapshot!("parquet_named_csv", text);
    // gzip bytes under a .csv name.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), Default::default());
    gz.write_all(good_csv().as_bytes()).unwrap();
    assert_eq!(csv_case("gzip_named_csv", gz.finish().unwrap()).code, 3);
}

#[test]
fn compressed_inputs_are_read() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), Default::default());
    gz.write_all(good_csv().as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let o = case("csv_gz", |c| {
        c.file("in.csv.gz", &gz);
        c.job("input = \"in.csv.gz\"", COLUMNS)
    })
    .1;
    assert_eq!(o.code, 0);
    let zst = zstd::encode_all(good_csv().as_bytes(), 3).unwrap();
    let o = case("csv_zst", |c| {
        c.file("in.csv.zst", &zst);
        c.job("input = \"in.csv.zst\"", COLUMNS)
    })
    .1;
    assert_eq!(o.code, 0);
    let o = case("corrupt_gz", |c| {
        c.file("in.csv.gz", &gz[..gz.len() / 2]);
        c.job("input = \"in.csv.gz\"", COLUMNS)
    })
    .1;
    assert_eq!(o.code, 3);
}

#[test]
fn bom_crlf_and_quoted_newlines_keep_working() {
    let text = format!(
        "\u{feff}{HEADER}\r\n{ROW2}\r\n\"C9990003\",\"鈴木\r\n次郎\",\"x@example.jp\",\"03-1234-5678\",\"北海道札幌市中央区1\"\r\n"
    );
    let (c, o) = case("bom_crlf_quoted_newline", |c| {
        c.file("in.csv", &text);
        c.job("input = \"in.csv\"", COLUMNS)
    });
    assert_eq!(o.code, 0);
    let df = super::read_parquet(&c.path("out/customers.parquet"));
    assert_eq!(
        super::strings(&df, "address"),
        vec![Some("大阪府".into()), Some("北海道".into())]
    );
    // Without the quoted line break the file is plain CSV, which tokumei's line reader takes:
    // the BOM stays out of the first column's name, quotes come off, doubled quotes are one.
    let plain = format!(
        "\u{feff}{HEADER}\r\n{ROW2}\r\n\"C9990003\",\"鈴木\"\"次郎\",,\"03-1234-5678\",\"北海道札幌市中央区1\"\r\n"
    );
    let (c, o) = case("bom_crlf_plain", |c| {
        c.file("in.csv", &plain);
        c.job("input = \"in.csv\"", COLUMNS)
    });
    assert_eq!(o.code, 0, "{}", o.stderr);
    let df = super::read_parquet(&c.path("out/customers.parquet"));
    assert_eq!(
        super::strings(&df, "address"),
        vec![Some("大阪府".into()), Some("北海道".into())]
    );
    // Empty lines (between rows, and the trailing one many exports end with) are skipped by
    // the check and the read alike: a reviewer had such a file checked and then refused.
    let (c, o) = case("empty_lines", |c| {
        c.file("in.csv", format!("{HEADER}\n{ROW}\n\n{ROW2}\r\n\r\n\n"));
        c.job("input = \"in.csv\"", COLUMNS)
    });
    assert_eq!(o.code, 0, "{}", o.stderr);
    let df = super::read_parquet(&c.path("out/customers.parquet"));
    assert_eq!(df.height(), 2);
}

// ---- Parquet columns against rules ----

#[test]
fn typed_parquet_columns_against_rules() {
    let parquet = |c: &Case| {
        let ids = Series::new("customer_id".into(), ["C9990001", "C9990002"]);
        let tags = Series::new(
            "tags".into(),
            [
                Series::new("".into(), ["a", "b"]),
                Series::new("".into(), ["c"]),
            ],
        );
        let blob = Series::new("blob".into(), [b"\x00\x01".as_slice(), b"\x02".as_slice()]);
        let born = Series::new("born".into(), [9000i32, 9100])
            .cast(&DataType::Date)
            .unwrap();
        let spent = Series::new("spent".into(), [1200i64, 56000]);
        let mut df = DataFrame::new(
            2,
            vec![
                ids.into(),
                tags.into(),
                blob.into(),
                born.into(),
                spent.into(),
            ],
        )
        .unwrap();
        write_parquet(&c.path("in.parquet"), &mut df);
    };
    let base = "customer_id = \"pseudonym\"\n";
    let (_, o) = case("parquet_keep_list", |c| {
        parquet(c);
        c.job("input = \"in.parquet\"", &format!("{base}tags = \"keep\"\nblob = \"drop\"\nborn = \"date\"\nspent = {{ rule = \"number\", width = 1000 }}\n"))
    });
    assert_eq!(o.code, 2);
    let (_, o) = case("parquet_pseudonym_binary", |c| {
        parquet(c);
        c.job("input = \"in.parquet\"", &format!("{base}tags = \"drop\"\nblob = \"pseudonym\"\nborn = \"date\"\nspent = {{ rule = \"number\", width = 1000 }}\n"))
    });
    assert_eq!(o.code, 2);
    let (_, o) = case("parquet_ip_on_date", |c| {
        parquet(c);
        c.job(
            "input = \"in.parquet\"",
            &format!("{base}tags = \"drop\"\nblob = \"drop\"\nborn = \"ip\"\nspent = \"url\"\n"),
        )
    });
    assert_eq!(o.code, 2);
    let (c, o) = case("parquet_typed_ok", |c| {
        parquet(c);
        c.job("input = \"in.parquet\"", &format!("{base}tags = \"drop\"\nblob = \"drop\"\nborn = {{ rule = \"date\", output = \"year\" }}\nspent = {{ rule = \"number\", width = 1000 }}\n"))
    });
    assert_eq!(
        o.code, 0,
        "dropped nested and binary columns do not block the job"
    );
    let df = super::read_parquet(&c.path("out/customers.parquet"));
    assert_eq!(df.get_column_names(), vec!["customer_id", "born", "spent"]);
}

#[test]
fn nested_and_binary_parquet_columns_against_every_rule() {
    let rules = [
        "keep",
        "pseudonym",
        "mask",
        "ip",
        "timestamp",
        "date",
        "postal-code",
        "address",
        "number",
        "url",
        "user-agent",
        "text",
    ];
    let (_, o) = case("parquet_nested_every_rule", |c| {
        let mut cols: Vec<Column> = vec![Series::new("id".into(), ["C9990001"]).into()];
        let mut job_cols = String::from("id = \"pseudonym\"\n");
        for (i, r) in rules.iter().enumerate() {
            let list = Series::new("".into(), ["hanako.canary@example.jp"]);
            cols.push(Series::new(format!("list_{i}").into(), [list]).into());
            cols.push(Series::new(format!("bin_{i}").into(), [b"090-7777-1234".as_slice()]).into());
            let spec = match *r {
                "number" => "{ rule = \"number\", width = 10 }".to_string(),
                r => format!("\"{r}\""),
            };
            job_cols.push_str(&format!("list_{i} = {spec}\nbin_{i} = {spec}\n"));
        }
        let mut df = DataFrame::new(1, cols).unwrap();
        write_parquet(&c.path("in.parquet"), &mut df);
        c.job("input = \"in.parquet\"", &job_cols)
    });
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr
            .matches("nested and binary columns cannot be read")
            .count(),
        2 * rules.len(),
        "every rule but drop is refused on both columns, all at once"
    );
}

#[test]
fn corrupt_and_empty_parquet_inputs() {
    let (_, o) = case("parquet_corrupt", |c| {
        let mut df = df!("customer_id" => ["C9990001"], "name" => ["山田 花子"]).unwrap();
        write_parquet(&c.path("full.parquet"), &mut df);
        let bytes = std::fs::read(c.path("full.parquet")).unwrap();
        c.file("in.parquet", &bytes[..bytes.len() / 2]);
        c.job(
            "input = \"in.parquet\"",
            "customer_id = \"pseudonym\"\nname = \"drop\"\n",
        )
    });
    assert_eq!(o.code, 3);
    assert!(
        !o.stderr.contains("delimiter"),
        "no CSV advice for Parquet: {}",
        o.stderr
    );
    let (_, o) = case("parquet_no_rows", |c| {
        let mut df =
            df!("customer_id" => Vec::<&str>::new(), "name" => Vec::<&str>::new()).unwrap();
        write_parquet(&c.path("in.parquet"), &mut df);
        c.job(
            "input = \"in.parquet\"",
            "customer_id = \"pseudonym\"\nname = \"drop\"\n",
        )
    });
    assert_eq!(o.code, 3, "an empty input is refused unless allow-empty");
}

// ---- inputs ----

#[test]
fn missing_inputs_and_mismatched_files() {
    let (_, o) = case("missing_input", |c| c.job("input = \"nope.csv\"", COLUMNS));
    assert_eq!(o.code, 3);
    let (_, o) = case("glob_matching_nothing", |c| {
        c.job("input = \"logs/2026-*.csv\"", COLUMNS)
    });
    assert_eq!(o.code, 3);
    // A file whose name holds a glob's characters is that file, not the files the glob
    // matches (a reviewer had `c[1].csv` deliver `c1.csv`).
    let c = Case::new();
    c.file("c[1].csv", good_csv());
    c.file(
        "c1.csv",
        format!("{HEADER}\nC9990009,x y,other@example.jp,090-0000-0000,東京都新宿区1\n"),
    );
    let job = c.job("input = \"c[1].csv\"", COLUMNS);
    let (o, _) = c.check(&["run", &job.to_string_lossy()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let report = std::fs::read_to_string(c.path("out/report.json")).unwrap();
    assert!(report.contains("c[1].csv") && !report.contains("c1.csv"));
    assert!(report.contains("\"rows_in\": 2"));
    let (_, o) = case("files_with_different_columns", |c| {
        c.file("in/a.csv", good_csv());
        c.file(
            "in/b.csv",
            format!("customer_id,name,email,phone\n{}\n", "C9990009,x,y,z"),
        );
        c.job("input = \"in\"", COLUMNS)
    });
    assert_eq!(o.code, 3);
    // A file split off without its header: its first row is data, so its "names" are never
    // printed (a reviewer had them in the message), only their positions.
    let (_, o) = case("files_second_without_header", |c| {
        c.file("in/a.csv", format!("{HEADER}\n{ROW2}\n"));
        c.file(
            "in/b.csv",
            "sayaka,F,tokyo,plum,kiwi\nkenta,M,osaka,pear,lime\n",
        );
        c.job("input = \"in\"", COLUMNS)
    });
    assert_eq!(o.code, 3);
    assert!(o.stderr.contains("is its header missing?"), "{}", o.stderr);
    assert!(!o.stderr.contains("sayaka"), "{}", o.stderr);
}

#[test]
fn tab_separated_files() {
    // A .tsv file is read with a tab; a tab-separated file named .csv is told so, without its
    // header being printed.
    let tsv = good_csv().replace(',', "\t");
    let (_, o) = case("tsv_by_extension", |c| {
        c.file("in.tsv", &tsv);
        c.job("input = \"in.tsv\"", COLUMNS)
    });
    assert_eq!(o.code, 0, "{}", o.stderr);
    let (_, o) = case("tsv_named_csv", |c| {
        c.file("in.csv", &tsv);
        c.job("input = \"in.csv\"", COLUMNS)
    });
    assert_eq!(o.code, 3);
    assert!(
        o.stderr.contains("the file looks tab-separated"),
        "{}",
        o.stderr
    );
}

#[test]
fn ndjson_inputs() {
    let line = r#"{"customer_id":"C9990001","name":"山田 花子","email":"hanako.canary@example.jp","phone":"090-7777-1234","address":"東京都千代田区千代田1-1"}"#;
    let line2 = r#"{"customer_id":"C9990002","name":"佐藤 一郎","email":"ichiro.sato@example.jp","phone":"080-1111-2222","address":"大阪府大阪市北区梅田1-1","age":41}"#;
    let (c, o) = case("ndjson_ok", |c| {
        c.file("in.ndjson", format!("{line}\n\n{line2}\n"));
        c.job(
            "input = \"in.ndjson\"",
            &format!("{COLUMNS}age = {{ rule = \"number\", width = 10 }}\n"),
        )
    });
    assert_eq!(o.code, 0);
    let df = super::read_parquet(&c.path("out/customers.parquet"));
    assert_eq!(
        super::strings(&df, "age"),
        vec![None, Some("[40,50)".into())]
    );
    // The columns in the order the lines give them (not sorted by name).
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let order = |n: &str| line2.find(&format!("\"{n}\"")).unwrap();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| order(n));
    assert_eq!(names, sorted);
    // A key twice in one object: JSON readers keep one value, so the other would be lost.
    let (_, o) = case("ndjson_repeated_key", |c| {
        c.file(
            "in.ndjson",
            r#"{"customer_id":"C9990001","name":"山田 花子","name":"佐藤 一郎"}"#.to_string()
                + "\n",
        );
        c.job("input = \"in.ndjson\"", COLUMNS)
    });
    assert_eq!(o.code, 3);
    assert!(o.stderr.contains("appears twice"), "{}", o.stderr);
    let (_, o) = case("ndjson_broken_line", |c| {
        c.file(
            "in.ndjson",
            format!("{line}\n{{\"customer_id\": \"C9990001\", \"name\": \n"),
        );
        c.job("input = \"in.ndjson\"", COLUMNS)
    });
    assert_eq!(o.code, 3);
    let (_, o) = case("ndjson_nested", |c| {
        c.file(
            "in.ndjson",
            r#"{"customer_id":"C9990001","name":{"family":"山田","given":"花子"}}"#.to_string()
                + "\n",
        );
        c.job("input = \"in.ndjson\"", COLUMNS)
    });
    assert_eq!(o.code, 3);
}

// ---- the destination ----

#[test]
fn a_destination_with_foreign_files_is_refused_and_kept() {
    for (name, dest) in [
        ("dest_foreign_files", "docs"),
        ("dest_input_folder", "data"),
    ] {
        let c = Case::new();
        c.file("docs/thesis.docx", "a user's document");
        c.file("data/in.csv", good_csv());
        c.file("data/notes.txt", "unrelated");
        let job = c.job("input = \"data/in.csv\"", COLUMNS);
        let before_docs = listing(&c.path("docs"));
        let before_data = listing(&c.path("data"));
        for cmd in ["check", "run"] {
            let mut args = vec![cmd, job.to_str().unwrap()];
            let out_dir = c.path(dest);
            let out_dir = out_dir.to_str().unwrap().to_string();
            if cmd == "run" {
                args.extend(["--out-dir", &out_dir]);
                let (o, text) = c.check(&args);
                assert_ne!(o.code, 0);
                insta::assert_snapshot!(name, text);
            } else {
                let job_dest = c.job("input = \"data/in.csv\"\n", COLUMNS);
                let text = std::fs::read_to_string(&job_dest)
                    .unwrap()
                    .replace("output-dir = \"out\"", &format!("output-dir = \"{dest}\""));
                std::fs::write(&job_dest, text).unwrap();
                let (o, text) = c.check(&args);
                assert_ne!(o.code, 0, "check refuses it too");
                insta::assert_snapshot!(format!("{name}_check"), text);
                c.job("input = \"data/in.csv\"", COLUMNS);
            }
        }
        assert_eq!(listing(&c.path("docs")), before_docs);
        assert_eq!(listing(&c.path("data")), before_data);
    }
}

#[test]
fn other_destination_problems() {
    let (_, o) = case("dest_is_a_file", |c| {
        c.file("in.csv", good_csv());
        c.file("afile", "x");
        let j = c.job("input = \"in.csv\"", COLUMNS);
        let t = std::fs::read_to_string(&j)
            .unwrap()
            .replace("output-dir = \"out\"", "output-dir = \"afile\"");
        c.raw_job(&t)
    });
    assert_eq!(o.code, 3);
    let (_, o) = case("dest_symlink", |c| {
        c.file("in.csv", good_csv());
        std::fs::create_dir(c.path("real")).unwrap();
        std::os::unix::fs::symlink(c.path("real"), c.path("link")).unwrap();
        let j = c.job("input = \"in.csv\"", COLUMNS);
        let t = std::fs::read_to_string(&j)
            .unwrap()
            .replace("output-dir = \"out\"", "output-dir = \"link\"");
        c.raw_job(&t)
    });
    assert_eq!(o.code, 3);
    let (_, o) = case("input_inside_dest", |c| {
        c.file("out/../in.csv", good_csv());
        std::fs::copy(c.path("in.csv"), c.path("out/customers_raw.csv")).unwrap();
        c.job("input = \"out/customers_raw.csv\"", COLUMNS)
    });
    assert_eq!(o.code, 2);
    // A second run replaces the first delivery (ours) and nothing else.
    let (c, o) = case("replaces_earlier_delivery", |c| {
        c.file("in.csv", good_csv());
        c.job("input = \"in.csv\"", COLUMNS)
    });
    assert_eq!(o.code, 0);
    assert!(c.path("out/report.json").exists());
}

/// A case whose input has `rows` rows after the canary rows, large enough to stop mid-run.
impl Case {
    /// Staging folders (`.NAME.tokumei-tmp-…`) beside the destination.
    fn staging_folders(&self) -> usize {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.contains(".tokumei-tmp-"))
            .count()
    }

    /// `tokumei run JOB`, started with its output piped.
    fn spawn_run(&self, job: &Path) -> std::process::Child {
        self.command(&["run", job.to_str().unwrap()])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// How long a whole run of `job` takes (delivered elsewhere). Signals and truncations land at
    /// fractions of it, so they fall inside the run on a fast machine as on a slow one: fixed
    /// delays once fell after the end of a run that had become faster.
    fn whole_run_ms(&self, job: &Path) -> u64 {
        let t0 = std::time::Instant::now();
        let (o, _) = self.check(&["run", job.to_str().unwrap(), "--out-dir", "timing"]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        t0.elapsed().as_millis() as u64
    }
}

fn large_case(rows: usize) -> (Case, PathBuf) {
    let c = Case::new();
    let mut big = good_csv();
    for i in 0..rows {
        big.push_str(&format!(
            "C{i:07},x y,e{i}@example.jp,090-0000-{:04},東京都新宿区{i}\n",
            i % 10000
        ));
    }
    c.file("in.csv", &big);
    let job = c.job(
        "input = \"in.csv\"",
        "customer_id = { rule = \"pseudonym\" }\nname = \"drop\"\nemail = \"drop\"\nphone = \"drop\"\naddress = \"address\"\n",
    );
    (c, job)
}

#[test]
fn disk_full_is_an_io_error_and_keeps_the_destination() {
    let (c, job) = large_case(200_000);
    let before = listing(&c.path("out"));
    let mut cmd = Command::new("sh");
    cmd.current_dir(c.dir.path())
        .env_remove("TOKUMEI_KEY")
        .arg("-c")
        .arg(format!(
            "ulimit -f 64; exec '{}' run '{}'",
            env!("CARGO_BIN_EXE_tokumei"),
            job.display()
        ));
    let o = run(cmd);
    c.promises(&o, &before);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(
        o.stderr.contains("file size limit") || o.stderr.contains("no space"),
        "{}",
        o.stderr
    );
    assert!(
        !o.stderr.contains("delimiter"),
        "no CSV advice for a write error: {}",
        o.stderr
    );
}

// ---- job mistakes ----

#[test]
fn job_mistakes() {
    let jobs: &[(&str, &str, &str)] = &[
        (
            "job_unknown_key",
            "input = \"in.csv\"\nimput = \"x\"",
            COLUMNS,
        ),
        (
            "job_unknown_rule",
            "input = \"in.csv\"",
            "customer_id = \"pseudonymise\"\nname = \"drop\"\nemail = \"drop\"\nphone = \"drop\"\naddress = \"address\"\n",
        ),
        (
            "job_missing_rule",
            "input = \"in.csv\"",
            "customer_id = \"pseudonym\"\nname = \"drop\"\nemail = \"drop\"\naddress = \"address\"\n",
        ),
        (
            "job_rule_for_no_column",
            "input = \"in.csv\"",
            &format!("{COLUMNS}emial = \"drop\"\n"),
        ),
        (
            "job_unknown_encoding",
            "input = \"in.csv\"\ncsv = { encoding = \"latin-9\" }",
            COLUMNS,
        ),
        (
            "job_bad_param",
            "input = \"in.csv\"",
            "customer_id = { rule = \"pseudonym\", length = 3 }\nname = \"drop\"\nemail = \"drop\"\nphone = \"drop\"\naddress = { rule = \"address\", level = \"street\" }\n",
        ),
        (
            "job_ndjson_output",
            "input = \"in.csv\"\noutput = { format = \"ndjson\" }",
            COLUMNS,
        ),
        (
            "anonymous_keep_email",
            "input = \"in.csv\"",
            "customer_id = \"keep\"\nname = \"keep\"\nemail = \"keep\"\nphone = \"drop\"\naddress = \"address\"\n",
        ),
    ];
    for (name, keys, cols) in jobs {
        let (_, o) = case(name, |c| {
            c.file("in.csv", good_csv());
            c.job(keys, cols)
        });
        assert_eq!(o.code, 2, "{name}");
    }
    let (_, o) = case("job_not_toml", |c| {
        c.file("in.csv", good_csv());
        c.raw_job("name = \"t\"\nmode = anonymous\n")
    });
    assert_eq!(o.code, 2);
}

#[test]
fn keeping_an_identifier_needs_a_written_reason_that_the_report_records() {
    let (c, o) = case("anonymous_keep_with_reason", |c| {
        c.file("in.csv", "customer_id,name,email,phone,address,staff_code\nC9990001,山田 花子,hanako.canary@example.jp,090-7777-1234,東京都千代田区千代田1-1,S-0001\n");
        c.job(
            "input = \"in.csv\"",
            &format!("{COLUMNS}staff_code = {{ rule = \"keep\", reason = \"codes of the shop's own staff, published on the web site\" }}\n"),
        )
    });
    assert_eq!(o.code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(c.path("out/report.json")).unwrap()).unwrap();
    let col = report["datasets"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "staff_code")
        .unwrap();
    assert!(col["keep_reason"].as_str().unwrap().contains("published"));
}

// ---- signals ----

/// polars maps its inputs into memory; a file that shrinks while it is read (logrotate's
/// `copytruncate`) raises SIGBUS. The run must still clean up, name the input and exit 3.
#[test]
fn an_input_truncated_while_it_is_read_is_an_io_error_and_keeps_the_destination() {
    let (c, job) = large_case(400_000);
    let input = c.path("in.csv");
    let whole = std::fs::read(&input).unwrap();
    let whole_ms = c.whole_run_ms(&job);
    let staging = || c.staging_folders();
    let before = listing(&c.path("out"));
    // A run that ends before the input shrinks (a busier machine when the whole run was timed)
    // delivers: the destination is put back as it was and the case tried again, earlier in
    // the run.
    let put_back = || put_back(&c.path("out"), &before);
    for (truncate, mut percent) in [(true, 20), (true, 45), (true, 70), (false, 30)] {
        std::fs::write(&input, &whole).unwrap();
        let mut child = c.spawn_run(&job);
        std::thread::sleep(std::time::Duration::from_millis(whole_ms * percent / 100));
        for _ in 0..4 {
            if child.try_wait().unwrap().is_none() {
                break;
            }
            let done = child.wait_with_output().unwrap();
            assert_eq!(done.status.code(), Some(0), "{:?}", done);
            put_back();
            std::fs::write(&input, &whole).unwrap();
            percent /= 2;
            child = c.spawn_run(&job);
            std::thread::sleep(std::time::Duration::from_millis(whole_ms * percent / 100));
        }
        if truncate {
            // What `copytruncate` does: the file keeps its name and loses its contents.
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(&input)
                .unwrap();
            f.set_len(1000).unwrap();
        } else {
            // A bus error without a shrunk input (sent here; a failing disk raises one too).
            // SAFETY: the child's pid, a plain signal.
            unsafe { libc::kill(child.id() as i32, libc::SIGBUS) };
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let what = format!("truncated {truncate} after {percent} % of {whole_ms} ms: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}");
        assert_eq!(out.status.code(), Some(3), "{what}");
        assert_eq!(listing(&c.path("out")), before, "{what}");
        assert_eq!(staging(), 0, "the staging folder is removed: {what}");
        if truncate {
            assert!(stderr.contains("in.csv"), "the input is named: {what}");
        } else {
            assert!(stderr.contains("bus error"), "{what}");
        }
        assert!(stderr.contains("nothing was delivered"), "{what}");
    }
}

/// `tokumei risk` reads its file as `run` reads inputs; a file cut while it is read is named in
/// the error (exit 3), like a run's input, not a bare bus error.
#[test]
fn risk_names_a_file_truncated_while_it_is_read() {
    let (c, _) = large_case(400_000);
    let input = c.path("in.csv");
    let whole = std::fs::read(&input).unwrap();
    let spawn = || {
        let mut cmd = tokumei();
        cmd.current_dir(c.dir.path())
            .args(["risk", "--qi", "address", "--k", "1", "in.csv"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd.spawn().unwrap()
    };
    let t = std::time::Instant::now();
    let timed = spawn().wait_with_output().unwrap();
    assert_eq!(timed.status.code(), Some(0), "{timed:?}");
    let whole_ms = t.elapsed().as_millis() as u64;
    // A command that has read the whole file before it shrinks (a busier machine when it was
    // timed) is tried again, earlier; one whose input check (a buffered read, no mapping) found
    // the file cut short, later.
    let mut percent = 25;
    for _ in 0..8 {
        std::fs::write(&input, &whole).unwrap();
        let mut child = spawn();
        std::thread::sleep(std::time::Duration::from_millis(whole_ms * percent / 100));
        if child.try_wait().unwrap().is_some() {
            percent /= 2;
            continue;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .open(&input)
            .unwrap()
            .set_len(1000)
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let what = format!("after {percent} % of {whole_ms} ms: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}");
        if out.status.code() == Some(0) {
            percent /= 2;
            continue;
        }
        assert_eq!(out.status.code(), Some(3), "{what}");
        assert!(stderr.contains("in.csv"), "the file is named: {what}");
        if !stderr.contains("shrank") {
            // Cut before polars mapped it: the input check's error.
            percent = (percent * 2).min(90);
            continue;
        }
        assert!(!stderr.contains("delivered"), "{what}");
        return;
    }
    panic!("`tokumei risk` was never stopped by its file shrinking while polars read it");
}

/// Puts the folder `out` back as `before` lists it, after a run that was to be stopped ended
/// first and delivered (the timed tests' machine was busier when the whole run was timed).
fn put_back(out: &Path, before: &BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(out).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        match before.get(&name) {
            Some(bytes) => std::fs::write(e.path(), bytes).unwrap(),
            None if e.path().is_dir() => std::fs::remove_dir_all(e.path()).unwrap(),
            None => std::fs::remove_file(e.path()).unwrap(),
        }
    }
    assert_eq!(&listing(out), before);
}

#[test]
fn sigterm_and_sigkill_leave_the_destination_as_it_was() {
    let (c, job) = large_case(400_000);
    let before = listing(&c.path("out"));
    let staging = || c.staging_folders();
    let whole_ms = c.whole_run_ms(&job);
    for (signal, delay_ms) in [
        (libc::SIGTERM, whole_ms * 15 / 100),
        (libc::SIGINT, whole_ms * 35 / 100),
        (libc::SIGKILL, whole_ms * 15 / 100),
        (libc::SIGKILL, whole_ms / 2),
    ] {
        let mut delay_ms = delay_ms;
        let mut child = c.spawn_run(&job);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // A run that ended first is put back and tried again, stopped earlier.
        for _ in 0..4 {
            if child.try_wait().unwrap().is_none() {
                break;
            }
            let done = child.wait_with_output().unwrap();
            assert_eq!(done.status.code(), Some(0), "{done:?}");
            put_back(&c.path("out"), &before);
            delay_ms /= 2;
            child = c.spawn_run(&job);
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        }
        // SAFETY: the child's pid, a plain signal.
        unsafe { libc::kill(child.id() as i32, signal) };
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            listing(&c.path("out")),
            before,
            "signal {signal} after {delay_ms} ms (a whole run took {whole_ms} ms)"
        );
        if signal != libc::SIGKILL && out.status.code().is_some() {
            assert_eq!(out.status.code(), Some(128 + signal), "{stderr}");
            assert_eq!(staging(), 0, "SIGTERM/SIGINT remove the staging folder");
        }
    }
    // The next run cleans up after the killed ones and delivers.
    let (o, _) = c.check(&["run", job.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(staging(), 0);
    let _ = root();
}
