//! Every kind of job mistake, each with its exit code and message, in one snapshot
//! (`snapshots/it__job_errors__job_errors.snap`): the message names the job key and says what
//! to write instead. Also the report of a run, with times, paths and durations redacted.

use super::*;

const CSV: &str = "customer_id,name,email,phone,address,age\n\
C0000001,山田 花子,a@example.jp,090-1111-2222,東京都新宿区1,34\n\
C0000002,佐藤 一郎,b@example.jp,090-3333-4444,大阪府大阪市2,51\n";

const BASE: &str = r#"name = "t"
mode = "anonymous"
recipient = "r"
output-dir = "out"
as-of = 2026-11-25

[datasets.customers]
input = "in.csv"

[datasets.customers.columns]
customer_id = { rule = "pseudonym" }
name = "drop"
email = "drop"
phone = "drop"
address = { rule = "address" }
age = { rule = "number", width = 10 }
"#;

/// (case, what to replace in BASE, with what). An empty `from` appends `to`.
const CASES: &[(&str, &str, &str)] = &[
    ("missing name", "name = \"t\"\n", ""),
    ("missing mode", "mode = \"anonymous\"\n", ""),
    ("unknown mode", "mode = \"anonymous\"", "mode = \"anon\""),
    ("missing recipient", "recipient = \"r\"\n", ""),
    ("blank name", "name = \"t\"", "name = \" \""),
    ("empty recipient", "recipient = \"r\"", "recipient = \"\""),
    (
        "pseudonymous to a third party",
        "mode = \"anonymous\"",
        "mode = \"pseudonymous\"\nrecipient-kind = \"third-party\"",
    ),
    (
        "pseudonymous without a recipient kind",
        "mode = \"anonymous\"",
        "mode = \"pseudonymous\"",
    ),
    (
        "unknown recipient kind",
        "recipient = \"r\"",
        "recipient = \"r\"\nrecipient-kind = \"partner\"",
    ),
    ("missing output-dir", "output-dir = \"out\"\n", ""),
    ("unknown time zone", "as-of", "timezone = \"Tokyo\"\nas-of"),
    ("bad as-of", "as-of = 2026-11-25", "as-of = \"next week\""),
    (
        "key-file in anonymous mode",
        "as-of",
        "key-file = \"k.hex\"\nas-of",
    ),
    ("unknown top-level key", "as-of", "recipeint = \"x\"\nas-of"),
    (
        "no datasets",
        "[datasets.customers]\ninput = \"in.csv\"\n\n[datasets.customers.columns]\ncustomer_id = { rule = \"pseudonym\" }\nname = \"drop\"\nemail = \"drop\"\nphone = \"drop\"\naddress = { rule = \"address\" }\nage = { rule = \"number\", width = 10 }\n",
        "",
    ),
    (
        "dataset name with a space",
        "[datasets.customers]",
        "[datasets.\"my customers\"]",
    ),
    ("missing input", "input = \"in.csv\"\n", ""),
    (
        "missing columns table",
        "[datasets.customers.columns]\n",
        "[datasets.customers.other]\n",
    ),
    (
        "two-character delimiter",
        "input = \"in.csv\"",
        "input = \"in.csv\"\ncsv = { delimiter = \";;\" }",
    ),
    (
        "unknown csv key",
        "input = \"in.csv\"",
        "input = \"in.csv\"\ncsv = { seperator = \";\" }",
    ),
    (
        "output file with a folder",
        "input = \"in.csv\"",
        "input = \"in.csv\"\noutput = { file = \"sub/c.parquet\" }",
    ),
    (
        "output file named report.json",
        "input = \"in.csv\"",
        "input = \"in.csv\"\noutput = { file = \"report.json\" }",
    ),
    (
        "output file named SHA256SUMS",
        "input = \"in.csv\"",
        "input = \"in.csv\"\noutput = { file = \"SHA256SUMS\", format = \"csv\" }",
    ),
    (
        "output file named like the html report in other case",
        "input = \"in.csv\"",
        "input = \"in.csv\"\noutput = { file = \"Report.HTML\", format = \"csv\" }",
    ),
    (
        "compression for csv",
        "input = \"in.csv\"",
        "input = \"in.csv\"\noutput = { format = \"csv\", compression = \"zstd\" }",
    ),
    (
        "unknown compression",
        "input = \"in.csv\"",
        "input = \"in.csv\"\noutput = { compression = \"brotli\" }",
    ),
    (
        "unknown format",
        "input = \"in.csv\"",
        "input = \"in.csv\"\nformat = \"xlsx\"",
    ),
    (
        "rule value of the wrong type",
        "name = \"drop\"",
        "name = 3",
    ),
    (
        "rule table without rule",
        "name = \"drop\"",
        "name = { keep-last = 4 }",
    ),
    (
        "unknown rule parameter",
        "address = { rule = \"address\" }",
        "address = { rule = \"address\", levels = \"prefecture\" }",
    ),
    (
        "pseudonym: encoding, length, normalize, domain",
        "customer_id = { rule = \"pseudonym\" }",
        "customer_id = { rule = \"pseudonym\", encoding = \"b64\", length = 99, normalize = [\"upper\"], domain = \"\" }",
    ),
    (
        "mask: two characters",
        "phone = \"drop\"",
        "phone = { rule = \"mask\", with = \"**\" }",
    ),
    (
        "ip: method, prefixes, domain",
        "address = { rule = \"address\" }",
        "address = { rule = \"ip\", method = \"hash\", ipv4-prefix = 40, ipv6-prefix = 200 }",
    ),
    (
        "ip: domain without crypto-pan",
        "address = { rule = \"address\" }",
        "address = { rule = \"ip\", domain = \"x\" }",
    ),
    (
        "timestamp: truncate",
        "age = { rule = \"number\", width = 10 }",
        "age = { rule = \"timestamp\", truncate = \"second\" }",
    ),
    (
        "date: output, band, top-code",
        "age = { rule = \"number\", width = 10 }",
        "age = { rule = \"date\", output = \"decade\", band = 80, top-code = 200 }",
    ),
    (
        "date: band with year, bottom above top",
        "age = { rule = \"number\", width = 10 }",
        "age = { rule = \"date\", output = \"year\", band = 5, top-code = 60, bottom-code = 70 }",
    ),
    (
        "postal-code: digits",
        "address = { rule = \"address\" }",
        "address = { rule = \"postal-code\", digits = 5 }",
    ),
    (
        "address: level",
        "address = { rule = \"address\" }",
        "address = { rule = \"address\", level = \"street\" }",
    ),
    (
        "number: two methods",
        "age = { rule = \"number\", width = 10 }",
        "age = { rule = \"number\", width = 10, round = 5 }",
    ),
    (
        "number: edges, bounds",
        "age = { rule = \"number\", width = 10 }",
        "age = { rule = \"number\", edges = [10, 5], bottom-code = 9, top-code = 1 }",
    ),
    (
        "number: nothing to do",
        "age = { rule = \"number\", width = 10 }",
        "age = { rule = \"number\" }",
    ),
    (
        "number: width not positive",
        "age = { rule = \"number\", width = 10 }",
        "age = { rule = \"number\", width = -1 }",
    ),
    (
        "url: keep, scrub",
        "address = { rule = \"address\" }",
        "address = { rule = \"url\", keep = \"host\", keep-params = [\"a\"], scrub = true }",
    ),
    (
        "url: unknown keep",
        "address = { rule = \"address\" }",
        "address = { rule = \"url\", keep = \"query\" }",
    ),
    (
        "text: detectors, known",
        "address = { rule = \"address\" }",
        "address = { rule = \"text\", detectors = [\"emails\"], known = [\"nope\"] }",
    ),
    (
        "keep: short reason",
        "age = { rule = \"number\", width = 10 }",
        "age = { rule = \"keep\", reason = \"ok\" }",
    ),
    (
        "every column dropped",
        "customer_id = { rule = \"pseudonym\" }\nname = \"drop\"\nemail = \"drop\"\nphone = \"drop\"\naddress = { rule = \"address\" }\nage = { rule = \"number\", width = 10 }\n",
        "customer_id = \"drop\"\nname = \"drop\"\nemail = \"drop\"\nphone = \"drop\"\naddress = \"drop\"\nage = \"drop\"\n",
    ),
    (
        "risk: columns, k, suppression",
        "",
        "\n[datasets.customers.risk]\nquasi-identifiers = [\"name\", \"nope\"]\nmin-k = 0\nmax-suppression = 2.0\nsuppress = \"blur\"\nmin-l = 2\n",
    ),
    (
        "risk: no quasi-identifiers",
        "",
        "\n[datasets.customers.risk]\nquasi-identifiers = []\n",
    ),
    (
        "risk: a sensitive column that is also a quasi-identifier",
        "",
        "\n[datasets.customers.risk]\nquasi-identifiers = [\"age\", \"address\"]\nsensitive = [\"age\"]\nmin-l = 2\n",
    ),
    (
        "verify allowance: column, detector, reason",
        "",
        "\n[datasets.customers.verify]\nallow = [{ column = \"nope\", detector = \"emails\", reason = \"x\" }]\n",
    ),
    (
        "joined-risk: one dataset",
        "",
        "\n[[joined-risk]]\ndatasets = [\"customers\"]\non = \"customer_id\"\n",
    ),
    (
        "joined-risk: unknown dataset",
        "",
        "\n[[joined-risk]]\ndatasets = [\"customers\", \"log\"]\non = \"customer_id\"\n",
    ),
    (
        "joined-risk: same dataset twice",
        "",
        "\n[[joined-risk]]\ndatasets = [\"customers\", \"customers\"]\non = \"customer_id\"\nquasi-identifiers = [\"customers.address\"]\n",
    ),
    (
        "joined-risk: on, quasi-identifiers, min-k, max-unlinked",
        "",
        "\n[[joined-risk]]\ndatasets = [\"customers\", \"other\"]\non = \"email\"\nquasi-identifiers = [\"address\", \"customers.nope\"]\nmin-k = 0\nmax-unlinked = 3.0\n\n[datasets.other]\ninput = \"in.csv\"\noutput = { file = \"other.parquet\" }\n[datasets.other.columns]\ncustomer_id = \"pseudonym\"\nname = \"drop\"\nemail = \"drop\"\nphone = \"drop\"\naddress = \"address\"\nage = { rule = \"number\", width = 10 }\n",
    ),
    (
        "two datasets writing one file",
        "",
        "\n[datasets.other]\ninput = \"in.csv\"\noutput = { file = \"customers.parquet\" }\n[datasets.other.columns]\ncustomer_id = \"pseudonym\"\nname = \"drop\"\nemail = \"drop\"\nphone = \"drop\"\naddress = \"address\"\nage = { rule = \"number\", width = 10 }\n",
    ),
];

fn case_text(from: &str, to: &str) -> String {
    if from.is_empty() {
        format!("{BASE}{to}")
    } else {
        assert!(BASE.contains(from), "case does not apply: {from}");
        BASE.replacen(from, to, 1)
    }
}

#[test]
fn job_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.csv"), CSV).unwrap();
    let path = dir.path().to_string_lossy().to_string();
    let mut all = String::new();
    for (name, from, to) in CASES {
        let job = dir.path().join("job.toml");
        std::fs::write(&job, case_text(from, to)).unwrap();
        let mut c = tokumei();
        c.arg("check").arg(&job);
        let o = run(c);
        assert_eq!(o.code, 2, "{name}: a job mistake is exit 2\n{}", o.stderr);
        assert!(!o.stderr.contains("panicked"), "{name}");
        for v in ["C0000001", "花子", "a@example.jp", "090-1111-2222"] {
            assert!(!o.stderr.contains(v), "{name}: printed a value");
        }
        all.push_str(&format!(
            "## {name}\n{}\n",
            o.stderr.replace(&path, "[DIR]").trim_end()
        ));
        assert!(!dir.path().join("out").exists(), "check writes nothing");
    }
    insta::assert_snapshot!("job_errors", all);
}

#[test]
fn the_base_job_of_the_job_error_cases_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.csv"), CSV).unwrap();
    let job = dir.path().join("job.toml");
    std::fs::write(&job, BASE).unwrap();
    let mut c = tokumei();
    c.arg("check").arg(&job);
    assert_eq!(
        run(c).code,
        0,
        "every case changes one thing in a valid job"
    );
}

/// The report of the pseudonymous sample job, with what changes between runs (times, paths,
/// durations) redacted: the report's shape and figures are reviewed as a snapshot.
#[test]
fn sample_report_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d");
    let o = run_job(
        &root().join("jobs/internal_analytics.toml"),
        &out,
        Some(TEST_KEY),
    );
    assert_eq!(o.code, 0);
    let mut report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    fn redact(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    match k.as_str() {
                        "started_at" | "finished_at" | "duration_ms" | "timings_ms" | "path"
                        | "input_check_ms" | "run_date" => {
                            *x = serde_json::Value::String("[redacted]".into())
                        }
                        "file" if x.as_str().is_some_and(|f| f.contains('/')) => {
                            *x = serde_json::Value::String("[redacted]".into())
                        }
                        _ => redact(x),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(redact),
            _ => {}
        }
    }
    redact(&mut report);
    insta::assert_snapshot!(
        "sample_report",
        serde_json::to_string_pretty(&report).unwrap()
    );
}

/// A header that reads as a person's name is never printed, not in the list of a file's
/// columns, not as a did-you-mean, not in two files' differences: only its position.
#[test]
fn a_header_that_reads_as_a_name_is_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "customer_id,email,city,田中太郎\nC0000001,a@example.jp,東京,x\n";
    std::fs::write(dir.path().join("in.csv"), csv).unwrap();
    let base = BASE
        .replace("name = \"drop\"\n", "")
        .replace("phone = \"drop\"\n", "")
        .replace("address = { rule = \"address\" }\n", "city = \"drop\"\n")
        .replace("age = { rule = \"number\", width = 10 }\n", "");
    for (case, extra) in [
        ("absent column", "zzz = \"drop\"\n\"田中太郎\" = \"drop\"\n"),
        ("typo", "\"田中太朗\" = \"drop\"\n"),
    ] {
        let job = dir.path().join("job.toml");
        std::fs::write(&job, format!("{base}{extra}")).unwrap();
        let mut c = tokumei();
        c.arg("check").arg(&job);
        let o = run(c);
        assert_eq!(o.code, 2, "{case}: {}", o.stderr);
        assert!(o.stderr.contains("column 4"), "{case}: {}", o.stderr);
        assert!(!o.stderr.contains("田中太郎"), "{case}: {}", o.stderr);
    }
    // Two files of one folder whose columns differ by such a name.
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    std::fs::write(parts.join("p1.csv"), csv).unwrap();
    std::fs::write(
        parts.join("p2.csv"),
        "customer_id,email,city,鈴木花子\nC0000002,b@example.jp,大阪,y\n",
    )
    .unwrap();
    let job = dir.path().join("job.toml");
    std::fs::write(
        &job,
        format!(
            "{}\"田中太郎\" = \"drop\"\n",
            base.replace("\"in.csv\"", "\"parts\"")
        ),
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("check").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    for name in ["田中太郎", "鈴木花子"] {
        assert!(!o.stderr.contains(name), "{}", o.stderr);
    }
}
