//! Integration tests: drive the real `tokumei` binary on the committed sample data and on
//! generated inputs, in fresh temporary folders, and check what users rely on: no raw identifier
//! survives, joins survive, keys behave as documented, errors are clear, deliveries are atomic.

mod bad_input;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use aho_corasick::AhoCorasick;
use polars::prelude::*;

const TEST_KEY: &str = "4f9c2b7e1d3a5c6b8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f";

/// The checkout, as cargo says at run time: the compile-time path can be stale when a shared
/// target directory serves several clones (cargo does not rebuild a test for a moved checkout).
fn root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// A `tokumei` command with a clean environment for the key.
fn tokumei() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tokumei"));
    c.env_remove("TOKUMEI_KEY");
    c.current_dir(root());
    c
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(mut c: Command) -> Out {
    let o = c.output().expect("tokumei runs");
    let out = Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    eprintln!(
        "--- exit {}\n--- stdout\n{}\n--- stderr\n{}",
        out.code, out.stdout, out.stderr
    );
    out
}

fn run_job(job: &Path, out_dir: &Path, key: Option<&str>) -> Out {
    let mut c = tokumei();
    c.arg("run").arg(job).arg("--out-dir").arg(out_dir);
    if let Some(k) = key {
        c.env("TOKUMEI_KEY", k);
    }
    run(c)
}

fn read_csv(path: &Path) -> DataFrame {
    LazyCsvReader::new(PlRefPath::try_from_path(path).unwrap())
        .with_infer_schema_length(Some(0))
        .finish()
        .unwrap()
        .collect()
        .unwrap()
}

fn read_parquet(path: &Path) -> DataFrame {
    LazyFrame::scan_parquet(PlRefPath::try_from_path(path).unwrap(), Default::default())
        .unwrap()
        .collect()
        .unwrap()
}

fn strings(df: &DataFrame, col: &str) -> Vec<Option<String>> {
    let c = df.column(col).unwrap().cast(&DataType::String).unwrap();
    c.str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

/// Copies a job next to absolute input paths so it can be edited and run from a temp folder.
fn job_copy(src: &str, dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let text = std::fs::read_to_string(root().join(src)).unwrap();
    let sample = root().join("sample_data");
    let text = text.replace("../sample_data", sample.to_str().unwrap());
    let path = dir.join(Path::new(src).file_name().unwrap());
    std::fs::write(&path, edit(text)).unwrap();
    path
}

/// The partner job without its risk gate, so delivered rows align with raw rows one to one
/// (the gate suppresses customers; it has tests of its own).
fn partner_without_gate(dir: &Path) -> PathBuf {
    job_copy("jobs/partner_delivery.toml", dir, |t| {
        let start = t
            .find("# The re-identification gate")
            .expect("the gate section");
        let end = t.find("[datasets.access_log]").unwrap();
        let t = format!("{}{}", &t[..start], &t[end..]);
        let start = t.find("# The log's gate").expect("the log's gate");
        let end = t.find("[datasets.access_log.columns]").unwrap();
        let t = format!("{}{}", &t[..start], &t[end..]);
        let start = t
            .find("# Customers and the access log share")
            .expect("the joined-risk section");
        t[..start].to_string()
    })
}

#[test]
fn partner_job_delivers_parquet_report_and_checksums() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("delivery");
    let o = run_job(&root().join("jobs/partner_delivery.toml"), &out, None);
    assert_eq!(o.code, 0);
    for f in [
        "customers.parquet",
        "access_log.parquet",
        "report.json",
        "SHA256SUMS",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["mode"], "anonymous");
    assert_eq!(report["key"]["fingerprint"], "ephemeral");
    let raw = read_csv(&root().join("sample_data/customers.csv"));
    let ds = &report["datasets"][0];
    assert_eq!(ds["name"], "customers");
    assert_eq!(ds["rows_in"].as_u64().unwrap(), raw.height() as u64);
    // The risk gate: k >= 5 over the four quasi-identifiers, and what it took.
    let risk = &ds["risk"];
    assert!(risk["passed"].as_bool().unwrap());
    assert!(risk["before"]["k"].as_u64().unwrap() < 5);
    assert!(risk["after"]["k"].as_u64().unwrap() >= 5);
    assert!(risk["suppressed_share"].as_f64().unwrap() <= 0.05);
    assert_eq!(risk["generalisation"].as_array().unwrap().len(), 4);
    assert_eq!(
        ds["rows_out"].as_u64().unwrap(),
        raw.height() as u64 - risk["suppressed_rows"].as_u64().unwrap()
    );
    let mut c = tokumei();
    c.arg("risk").arg(out.join("customers.parquet")).args([
        "--qi",
        "birth_date,gender,postal_code,address",
        "--k",
        "5",
    ]);
    assert_eq!(
        run(c).code,
        0,
        "the delivered customers have k >= 5, measured independently"
    );
    // And the access log, counted in distinct cookies.
    assert!(report["datasets"][1]["risk"]["passed"].as_bool().unwrap());
    let mut c = tokumei();
    c.arg("risk").arg(out.join("access_log.parquet")).args([
        "--qi",
        "timestamp,ip,user_agent",
        "--subject",
        "cookie_id",
        "--k",
        "5",
    ]);
    assert_eq!(
        run(c).code,
        0,
        "the delivered log has k >= 5 in cookies, measured independently"
    );
    let cols = ds["columns"].as_array().unwrap();
    let birth = cols.iter().find(|c| c["name"] == "birth_date").unwrap();
    // Null counts in the report are what the raw data holds.
    let raw_nulls = raw.column("birth_date").unwrap().null_count() as u64;
    assert_eq!(birth["nulls_in"].as_u64().unwrap(), raw_nulls);
    assert_eq!(
        birth["nulls_out"].as_u64().unwrap(),
        read_parquet(&out.join("customers.parquet"))
            .column("birth_date")
            .unwrap()
            .null_count() as u64
    );
    // The checksums verify.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), 3);
    let ok = Command::new("sha256sum")
        .arg("-c")
        .arg("SHA256SUMS")
        .current_dir(&out)
        .output();
    if let Ok(ok) = ok {
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stdout)
        );
    }
}

/// Every raw value of a dropped or pseudonymised column, searched for in every cell of every
/// output file and in the bytes of the report.
#[test]
fn no_raw_identifier_survives_in_the_delivery() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("delivery");
    assert_eq!(
        run_job(&root().join("jobs/partner_delivery.toml"), &out, None).code,
        0
    );
    let cust = read_csv(&root().join("sample_data/customers.csv"));
    let log = read_csv(&root().join("sample_data/access_log.csv"));
    let mut needles: HashSet<String> = HashSet::new();
    let mut add = |df: &DataFrame, cols: &[&str]| {
        for c in cols {
            for v in strings(df, c).into_iter().flatten() {
                if v.chars().count() >= 5 {
                    needles.insert(v);
                }
            }
        }
    };
    add(
        &cust,
        &[
            "customer_id",
            "name",
            "name_kana",
            "email",
            "phone",
            "birth_date",
            "postal_code",
            "address",
            "my_number",
            "card_number",
        ],
    );
    add(
        &log,
        &["customer_id", "cookie_id", "user_agent", "device_model"],
    );
    // The same numbers typed without separators, as customers do in the inquiry text.
    for c in ["phone", "my_number", "card_number"] {
        for v in strings(&cust, c).into_iter().flatten() {
            let digits: String = v.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 10 {
                needles.insert(digits);
            }
        }
    }
    // URLs that carry identifying parameters must not survive whole.
    for c in ["url", "referrer"] {
        for v in strings(&log, c).into_iter().flatten() {
            if ["email=", "token=", "uid=", "tel="]
                .iter()
                .any(|p| v.contains(p))
            {
                needles.insert(v);
            }
        }
    }
    assert!(
        needles.len() > 1000,
        "the sample should hold many identifiers, got {}",
        needles.len()
    );
    let needles: Vec<String> = needles.into_iter().collect();
    let ac = AhoCorasick::new(&needles).unwrap();
    let mut checked_cells = 0usize;
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "parquet") {
            let df = read_parquet(&path);
            for name in df.get_column_names() {
                for v in strings(&df, name).into_iter().flatten() {
                    checked_cells += 1;
                    if let Some(m) = ac.find(&v) {
                        // Synthetic data only, so the test may show what it found.
                        panic!(
                            "{}: column `{name}` holds a raw identifier {:?} in {v:?}",
                            path.display(),
                            needles[m.pattern().as_usize()]
                        );
                    }
                    for p in ["email=", "token=", "uid=", "tel="] {
                        assert!(
                            !v.contains(p),
                            "{}: column `{name}` keeps an identifying URL parameter",
                            path.display()
                        );
                    }
                }
            }
        } else {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                ac.find(&bytes[..]).is_none(),
                "{} holds a raw identifier",
                path.display()
            );
        }
    }
    assert!(checked_cells > 10_000);
}

/// Row order is kept, so raw and delivered rows align: the pseudonym map must be a function and
/// injective, and shared across the two datasets for customer_id.
#[test]
fn customers_and_access_log_join_on_the_pseudonymised_customer_id() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d");
    assert_eq!(
        run_job(&partner_without_gate(tmp.path()), &out, None).code,
        0
    );
    let mut map: HashMap<String, String> = HashMap::new();
    let mut rev: HashMap<String, String> = HashMap::new();
    for (raw, file) in [
        ("customers.csv", "customers.parquet"),
        ("access_log.csv", "access_log.parquet"),
    ] {
        let r = strings(
            &read_csv(&root().join("sample_data").join(raw)),
            "customer_id",
        );
        let p = strings(&read_parquet(&out.join(file)), "customer_id");
        assert_eq!(r.len(), p.len());
        for (a, b) in r.into_iter().zip(p) {
            match (a, b) {
                (None, None) => {}
                (Some(a), Some(b)) => {
                    assert_ne!(a, b);
                    assert_eq!(
                        map.entry(a.clone()).or_insert(b.clone()),
                        &b,
                        "one raw ID, two pseudonyms"
                    );
                    assert_eq!(
                        rev.entry(b).or_insert(a.clone()),
                        &a,
                        "two raw IDs, one pseudonym"
                    );
                }
                other => panic!("null-ness changed: {other:?}"),
            }
        }
    }
    // The log's logged-in rows really do join customers.
    let customers: HashSet<String> =
        strings(&read_parquet(&out.join("customers.parquet")), "customer_id")
            .into_iter()
            .flatten()
            .collect();
    let log_ids: Vec<String> = strings(
        &read_parquet(&out.join("access_log.parquet")),
        "customer_id",
    )
    .into_iter()
    .flatten()
    .collect();
    assert!(!log_ids.is_empty());
    assert!(log_ids.iter().all(|p| customers.contains(p)));
    // cookie_id has its own domain: no cookie pseudonym equals a customer pseudonym.
    let cookies: HashSet<String> =
        strings(&read_parquet(&out.join("access_log.parquet")), "cookie_id")
            .into_iter()
            .flatten()
            .collect();
    assert!(cookies.is_disjoint(&customers));
}

#[test]
fn two_anonymous_runs_give_unlinkable_pseudonyms() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(
        run_job(&root().join("jobs/partner_delivery.toml"), &a, None).code,
        0
    );
    assert_eq!(
        run_job(&root().join("jobs/partner_delivery.toml"), &b, None).code,
        0
    );
    let pa = strings(&read_parquet(&a.join("customers.parquet")), "customer_id");
    let pb = strings(&read_parquet(&b.join("customers.parquet")), "customer_id");
    let sa: HashSet<_> = pa.into_iter().flatten().collect();
    let sb: HashSet<_> = pb.into_iter().flatten().collect();
    assert!(sa.is_disjoint(&sb));
}

#[test]
fn pseudonymous_runs_are_reproducible_per_recipient() {
    let tmp = tempfile::tempdir().unwrap();
    let job = root().join("jobs/internal_analytics.toml");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(run_job(&job, &a, Some(TEST_KEY)).code, 0);
    assert_eq!(run_job(&job, &b, Some(TEST_KEY)).code, 0);
    for f in ["customers.parquet", "access_log.parquet"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
    let report = std::fs::read_to_string(a.join("report.json")).unwrap();
    assert!(report.contains("\"fingerprint\": \"sha256:"));
    assert!(!report.contains(TEST_KEY) && !report.contains(&TEST_KEY[..16]));

    // Another recipient: other pseudonyms.
    let other_job = job_copy("jobs/internal_analytics.toml", tmp.path(), |t| {
        t.replace("Analytics Contractor Co., Ltd.", "Another Contractor K.K.")
    });
    let c = tmp.path().join("c");
    assert_eq!(run_job(&other_job, &c, Some(TEST_KEY)).code, 0);
    let ids = |d: &Path| -> HashSet<String> {
        strings(&read_parquet(&d.join("customers.parquet")), "customer_id")
            .into_iter()
            .flatten()
            .collect()
    };
    assert!(ids(&a).is_disjoint(&ids(&c)));
    // Another key: other pseudonyms.
    let d = tmp.path().join("d");
    let other_key = TEST_KEY.replace('4', "5");
    assert_eq!(run_job(&job, &d, Some(&other_key)).code, 0);
    assert!(ids(&a).is_disjoint(&ids(&d)));
}

#[test]
fn pseudonymous_mode_without_a_key_fails_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    let o = run_job(&root().join("jobs/internal_analytics.toml"), &out, None);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("TOKUMEI_KEY"));
    assert!(!out.exists());
    let o = run_job(
        &root().join("jobs/internal_analytics.toml"),
        &out,
        Some("abcd"),
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("at least 32"));
}

#[test]
fn missing_rule_fails_naming_the_column_and_check_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        t.replace("phone = \"drop\"\n", "")
    });
    let mut c = tokumei();
    c.arg("check").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("column `phone`"), "{}", o.stderr);
    assert!(
        o.stderr.contains("phone = \"drop\""),
        "suggests the fix: {}",
        o.stderr
    );
    let out = tmp.path().join("out");
    let o = run_job(&job, &out, None);
    assert_eq!(o.code, 2);
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing but the job file"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        t.replace("recipient =", "recipeint =")
            .replace("phone = \"drop\"", "phone = \"pseudonim\"")
            .replace("digits = 3", "digits = 5")
            .replace("gender = \"keep\"", "gender = \"keep\"\nfax = \"drop\"")
            .replace(
                "{ rule = \"user-agent\" }",
                "{ rule = \"user-agent\", detail = 1 }",
            )
    });
    let mut c = tokumei();
    c.arg("check").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 2);
    for needle in [
        "`recipeint`: unknown key; did you mean `recipient`?",
        "`recipient`: missing",
        "did you mean `pseudonym`?",
        "postal_code.digits`: must be 1..=3",
        "no column `fax`",
        "detail",
    ] {
        assert!(
            o.stderr.contains(needle),
            "missing {needle:?} in:\n{}",
            o.stderr
        );
    }
}

#[test]
fn check_and_dry_run_print_the_plan_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut c = tokumei();
    c.arg("run")
        .arg("jobs/partner_delivery.toml")
        .arg("--dry-run")
        .arg("--out-dir")
        .arg(&out);
    let o = run(c);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("customer_id"));
    assert!(o.stdout.contains("pseudonym"));
    assert!(o.stdout.contains("nothing was written"));
    assert!(!out.exists());
    let mut c = tokumei();
    c.arg("check")
        .arg("jobs/internal_analytics.toml")
        .env("TOKUMEI_KEY", TEST_KEY);
    let o = run(c);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("fingerprint sha256:"));
    assert!(!o.stdout.contains(&TEST_KEY[..16]));
}

#[test]
fn missing_input_is_an_input_error() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        t.replace("customers.csv", "nope.csv")
    });
    let o = run_job(&job, &tmp.path().join("o"), None);
    assert_eq!(o.code, 3);
    assert!(o.stderr.contains("nope.csv"));
}

#[test]
fn a_malformed_row_stops_the_run_and_delivers_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("bad.csv");
    std::fs::write(
        &data,
        "id,email\n1,a@example.jp\n2,b@example.jp,EXTRA\n3,c@example.jp\n",
    )
    .unwrap();
    let job = tmp.path().join("job.toml");
    std::fs::write(
        &job,
        "name = \"t\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out\"\n\
         [datasets.d]\ninput = \"bad.csv\"\n[datasets.d.columns]\nid = \"keep\"\nemail = \"drop\"\n",
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 3);
    assert!(
        !o.stderr.contains("EXTRA") && !o.stderr.contains("b@example.jp"),
        "never echo a value"
    );
    assert!(!tmp.path().join("out").exists());
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "no staging left behind: {left:?}");
}

#[test]
fn parquet_inputs_globs_and_csv_outputs_work() {
    let tmp = tempfile::tempdir().unwrap();
    // First make Parquet inputs with a keep-everything job.
    let to_parquet = tmp.path().join("to_parquet.toml");
    std::fs::write(
        &to_parquet,
        format!(
            "name = \"convert\"\nmode = \"anonymous\"\nrecipient = \"test\"\noutput-dir = \"pq\"\n\
             [datasets.part1]\ninput = \"{}\"\n\
             [datasets.part1.verify]\nallow = [{{ column = \"ip\", detector = \"ip\", reason = \"fixture conversion, synthetic data\" }}, \
             {{ column = \"url\", detector = \"url-param\", reason = \"fixture conversion, synthetic data\" }}, \
             {{ column = \"referrer\", detector = \"url-param\", reason = \"fixture conversion, synthetic data\" }}]\n\
             [datasets.part1.columns]\n{}",
            root().join("sample_data/access_log.csv").display(),
            "timestamp = \"keep\"\nip = \"keep\"\ncustomer_id = { rule = \"keep\", reason = \"the test plants an identifier on purpose\" }\ncookie_id = { rule = \"keep\", reason = \"the test plants an identifier on purpose\" }\nmethod = \"keep\"\n\
             url = \"keep\"\nstatus = \"keep\"\nbytes = \"keep\"\nreferrer = \"keep\"\nuser_agent = \"keep\"\ndevice_model = \"keep\"\n"
        ),
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&to_parquet);
    assert_eq!(run(c).code, 0);
    std::fs::copy(
        tmp.path().join("pq/part1.parquet"),
        tmp.path().join("pq/part2.parquet"),
    )
    .unwrap();
    let job = tmp.path().join("job.toml");
    std::fs::write(
        &job,
        "name = \"glob\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out\"\n\
         [datasets.log]\ninput = \"pq/part*.parquet\"\noutput = { format = \"csv\" }\n[datasets.log.columns]\n\
         timestamp = { rule = \"timestamp\", truncate = \"day\" }\nip = { rule = \"ip\", ipv4-prefix = 16 }\n\
         customer_id = \"drop\"\ncookie_id = \"drop\"\nmethod = \"keep\"\nurl = \"drop\"\nstatus = \"keep\"\n\
         bytes = { rule = \"number\", round = 1000 }\nreferrer = { rule = \"url\", keep = \"host\" }\n\
         user_agent = \"drop\"\ndevice_model = \"drop\"\n",
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let raw = read_csv(&root().join("sample_data/access_log.csv"));
    let out = read_csv(&tmp.path().join("out/log.csv"));
    assert_eq!(out.height(), raw.height() * 2);
    assert_eq!(out.get_column_names().len(), 6);
    for ip in strings(&out, "ip").into_iter().flatten() {
        if ip.contains('.') {
            assert!(ip.ends_with(".0.0"), "{ip}");
        }
    }
}

/// Every job in jobs/ checks and runs against the sample data, so the examples cannot rot.
#[test]
fn every_example_job_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("jobs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        n += 1;
        let mut c = tokumei();
        c.arg("check").arg(&path).env("TOKUMEI_KEY", TEST_KEY);
        assert_eq!(run(c).code, 0, "{} check", path.display());
        let out = tmp.path().join(path.file_stem().unwrap());
        assert_eq!(
            run_job(&path, &out, Some(TEST_KEY)).code,
            0,
            "{} run",
            path.display()
        );
        assert!(out.join("report.json").is_file());
    }
    assert!(n >= 2);
}

/// Kills a run mid-way on a large input: the earlier delivery stays intact, and the next run
/// leaves no staging folder behind.
#[test]
fn a_killed_run_leaves_the_destination_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        writeln!(f, "id,email,ts").unwrap();
        for i in 0..3_000_000u64 {
            writeln!(
                f,
                "C{i:08},user{i}@example.jp,2026-10-10T13:{:02}:00+09:00",
                i % 60
            )
            .unwrap();
        }
    }
    let job = tmp.path().join("job.toml");
    std::fs::write(
        &job,
        "name = \"big\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"dest\"\n\
         [datasets.big]\ninput = \"big.csv\"\n[datasets.big.columns]\n\
         id = { rule = \"pseudonym\" }\nemail = { rule = \"pseudonym\" }\nts = { rule = \"timestamp\" }\n",
    )
    .unwrap();
    // An earlier, complete delivery, made by a real run on a small input.
    let dest = tmp.path().join("dest");
    let small = tmp.path().join("small.toml");
    std::fs::write(
        tmp.path().join("small.csv"),
        "id,email,ts\nC1,a@example.jp,2026-10-10T13:00:00+09:00\n",
    )
    .unwrap();
    std::fs::write(
        &small,
        std::fs::read_to_string(&job)
            .unwrap()
            .replace("big.csv", "small.csv"),
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&small);
    assert_eq!(run(c).code, 0);
    let earlier = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = earlier(&dest);

    let mut child = tokumei().arg("run").arg(&job).spawn().unwrap();
    // Wait until the run is writing into its staging folder, then kill it.
    let start = std::time::Instant::now();
    loop {
        let staging = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".dest.tokumei-tmp-")
                    && e.path().is_dir()
            });
        if staging || start.elapsed().as_secs() > 60 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(earlier(&dest), before, "the earlier delivery is intact");

    // The next run (a small, valid one into the same destination) cleans up the leftovers.
    std::fs::write(
        &big,
        "id,email,ts\nC1,a@example.jp,2026-10-10T13:00:00+09:00\n",
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.iter().all(|n| !n.contains("tokumei-tmp")), "{left:?}");
    assert!(dest.join("big.parquet").is_file());
}

/// Writes a job next to the sample data's absolute paths, with `columns` for the customers.
fn customers_job(dir: &Path, columns: &str, extra: &str) -> PathBuf {
    let job = dir.join("job.toml");
    std::fs::write(
        &job,
        format!(
            "name = \"t\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out\"\nas-of = 2026-11-25\n\
             [datasets.customers]\ninput = \"{}\"\n{extra}\n[datasets.customers.columns]\n{columns}",
            root().join("sample_data/customers.csv").display()
        ),
    )
    .unwrap();
    job
}

const CUSTOMER_COLUMNS: &str = "customer_id = { rule = \"pseudonym\" }\nname = \"drop\"\nname_kana = \"drop\"\n\
    email = \"drop\"\nphone = \"drop\"\nbirth_date = { rule = \"date\" }\ngender = \"keep\"\n\
    postal_code = { rule = \"postal-code\" }\naddress = { rule = \"address\" }\nmy_number = \"drop\"\n\
    card_number = \"drop\"\nsignup_at = { rule = \"timestamp\", truncate = \"month\" }\n\
    total_spent = { rule = \"number\", width = 10000 }\norder_count = \"keep\"\ninquiry = { rule = \"text\" }\n";

#[test]
fn the_inquiry_text_is_scrubbed_not_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d");
    assert_eq!(
        run_job(&partner_without_gate(tmp.path()), &out, None).code,
        0
    );
    let raw = strings(
        &read_csv(&root().join("sample_data/customers.csv")),
        "inquiry",
    );
    let got = strings(&read_parquet(&out.join("customers.parquet")), "inquiry");
    let mut placeholders = 0;
    let mut unchanged = 0;
    for (r, g) in raw.iter().zip(&got) {
        assert_eq!(r.is_none(), g.is_none());
        if let (Some(r), Some(g)) = (r, g) {
            if g.contains('<') {
                placeholders += 1;
            } else {
                assert_eq!(r, g, "text without identifiers is kept as written");
                unchanged += 1;
            }
        }
    }
    assert!(placeholders > 20, "{placeholders} scrubbed inquiries");
    assert!(unchanged > 100, "{unchanged} untouched inquiries");
    // The report records the delivery check.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert!(report["verification"]["known_values"].as_u64().unwrap() > 1000);
    assert_eq!(
        report["verification"]["findings"].as_array().unwrap().len(),
        0
    );
}

#[test]
fn a_planted_identifier_in_a_kept_column_fails_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        &CUSTOMER_COLUMNS.replace(
            "phone = \"drop\"",
            "phone = { rule = \"keep\", reason = \"the test plants an identifier on purpose\" }",
        ),
        "",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 4, "the leak check's exit code");
    assert!(
        o.stderr.contains("customers / phone / phone /"),
        "{}",
        o.stderr
    );
    assert!(!tmp.path().join("out").exists(), "nothing delivered");
    // No value is shown.
    let phones = strings(
        &read_csv(&root().join("sample_data/customers.csv")),
        "phone",
    );
    for p in phones.into_iter().flatten().take(50) {
        assert!(!o.stderr.contains(&p));
    }
    // A kept free-text column that the job forgot to scrub is caught too.
    let job = customers_job(
        tmp.path(),
        &CUSTOMER_COLUMNS.replace("inquiry = { rule = \"text\" }", "inquiry = \"keep\""),
        "",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 4);
    assert!(o.stderr.contains("customers / inquiry /"), "{}", o.stderr);
}

#[test]
fn an_allowed_finding_is_a_warning_with_its_reason_in_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        &CUSTOMER_COLUMNS.replace(
            "email = \"drop\"",
            "email = { rule = \"keep\", reason = \"the test plants an identifier on purpose\" }",
        ),
        "[datasets.customers.verify]\nallow = [{ column = \"email\", detector = \"email\", reason = \"test fixture: synthetic addresses only\" }]\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 0);
    assert!(o.stderr.contains("warning: customers / email / email"));
    let report = std::fs::read_to_string(tmp.path().join("out/report.json")).unwrap();
    assert!(report.contains("test fixture: synthetic addresses only"));
}

#[test]
fn scan_drafts_a_job_that_runs_unchanged_and_leaks_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("draft.toml");
    let mut c = tokumei();
    c.arg("scan")
        .arg(root().join("sample_data/customers.csv"))
        .arg(root().join("sample_data/access_log.csv"))
        .arg("-o")
        .arg(&draft);
    let o = run(c);
    assert_eq!(o.code, 0);
    let text = std::fs::read_to_string(&draft).unwrap();
    for (col, rule) in [
        ("my_number", "\"drop\""),
        ("card_number", "\"drop\""),
        ("email", "\"drop\""),
        ("name", "\"drop\""),
        ("customer_id", "pseudonym"),
        ("inquiry", "\"text\""),
        ("birth_date", "\"date\""),
        ("ip", "\"ip\""),
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{col} =")) && l.contains(" # "))
            .unwrap_or_else(|| panic!("{col}"));
        assert!(line.contains(rule), "{col}: {line}");
        assert!(line.contains(" # "), "every rule says why: {line}");
    }
    let mut c = tokumei();
    // The draft is gated by default (anonymous mode): k >= 5, subjects counted in the log.
    assert!(text.contains("[datasets.customers.risk]"), "{text}");
    assert!(text.contains("[datasets.access_log.risk]"), "{text}");
    assert!(text.contains("subject = \"cookie_id\""), "{text}");
    assert!(text.contains("min-k = 5"));
    c.arg("run").arg(&draft);
    let o = run(c);
    assert_eq!(
        o.code, 0,
        "the draft runs unchanged and passes the delivery check and the risk gate"
    );
    let out = tmp.path().join("out/draft");
    assert!(out.join("customers.parquet").is_file());
    // Our own search for raw identifiers finds nothing either.
    let cust = read_csv(&root().join("sample_data/customers.csv"));
    let mut needles = Vec::new();
    for c in [
        "name",
        "email",
        "phone",
        "my_number",
        "card_number",
        "customer_id",
    ] {
        needles.extend(
            strings(&cust, c)
                .into_iter()
                .flatten()
                .filter(|v| v.chars().count() >= 5),
        );
    }
    let ac = AhoCorasick::new(&needles).unwrap();
    for f in ["customers.parquet", "access_log.parquet"] {
        let df = read_parquet(&out.join(f));
        for name in df.get_column_names() {
            for v in strings(&df, name).into_iter().flatten() {
                assert!(ac.find(&v).is_none(), "{f}/{name} holds a raw identifier");
            }
        }
    }
}

#[test]
fn verify_checks_an_existing_delivery() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "output = { format = \"csv\" }\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let out = tmp.path().join("out");
    let mut c = tokumei();
    c.arg("verify").arg(&out).arg("--job").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("ok: no identifier found"));
    // Tamper with the delivery: an email and a known raw customer ID appear in a kept column.
    let csv = out.join("customers.csv");
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text = text.replacen(",F,", ",taro.yamada@example.co.jp,", 1);
    std::fs::write(&csv, text).unwrap();
    let mut c = tokumei();
    c.arg("verify").arg(&out);
    let o = run(c);
    assert_eq!(o.code, 4);
    assert!(
        o.stderr.contains("customers / gender / email / 1"),
        "{}",
        o.stderr
    );
}

#[test]
fn scrub_keeps_line_count_and_order_and_explains_without_values() {
    let input = "連絡先はtaro@example.co.jpです\n\nお電話は０９０－１２３４－５６７８まで\n注文番号20261012-0042の件\n";
    let mut c = tokumei();
    c.arg("scrub").arg("--explain");
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        out,
        "連絡先は<EMAIL>です\n\nお電話は<PHONE>まで\n注文番号20261012-0042の件\n"
    );
    assert!(err.contains("line 1: email"), "{err}");
    assert!(err.contains("line 3: phone"), "{err}");
    assert!(!err.contains("taro") && !err.contains("1234"), "{err}");
}

/// Reported k and l equal pycanon's on the sample outputs. pycanon is installed by .ci/run; a
/// developer machine without it skips, CI fails.
#[test]
fn risk_measures_equal_pycanon_on_the_sample_output() {
    let have = Command::new("python3")
        .args(["-c", "import pycanon, pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have pycanon (pip install pycanon)"
        );
        eprintln!("skipped: pycanon is not installed (pip install pycanon)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "output = { format = \"csv\" }\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let csv = tmp.path().join("out/customers.csv");
    // Coarse sets give large classes (a real comparison); the full set gives k = 1.
    let cases = [
        ("gender", "address"),
        ("birth_date", "address"),
        ("gender,birth_date", "total_spent"),
        ("birth_date,gender,postal_code,address", "total_spent"),
    ];
    let mut nontrivial = 0;
    for (qi, sensitive) in cases {
        let mut c = tokumei();
        c.arg("risk")
            .arg(&csv)
            .args(["--qi", qi, "--sensitive", sensitive, "--k", "1", "--json"]);
        let o = run(c);
        assert_eq!(o.code, 0);
        let ours: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        let reference = Command::new("python3")
            .arg(root().join("tests/pycanon_check.py"))
            .arg(&csv)
            .arg(qi)
            .arg(sensitive)
            .output()
            .unwrap();
        assert!(
            reference.status.success(),
            "{}",
            String::from_utf8_lossy(&reference.stderr)
        );
        let theirs: serde_json::Value = serde_json::from_slice(&reference.stdout).unwrap();
        eprintln!(
            "{qi}: ours k={} l={} entropy_l={}; pycanon {theirs}",
            ours["k"], ours["l_diversity"][0]["distinct_l"], ours["l_diversity"][0]["entropy_l"]
        );
        assert_eq!(ours["k"], theirs["k"], "k over {qi}");
        assert_eq!(
            ours["l_diversity"][0]["distinct_l"], theirs["l"],
            "distinct l over {qi}"
        );
        // pycanon truncates exp(entropy) to an integer; allow for float rounding at the edge.
        let e = ours["l_diversity"][0]["entropy_l"].as_f64().unwrap();
        let t = theirs["entropy_l"].as_i64().unwrap() as f64;
        assert!(
            t == (e - 1e-9).floor() || t == (e + 1e-9).floor(),
            "entropy l over {qi}: {e} vs {t}"
        );
        if ours["k"].as_u64().unwrap() > 1
            && ours["l_diversity"][0]["distinct_l"].as_u64().unwrap() > 1
        {
            nontrivial += 1;
        }
    }
    assert!(
        nontrivial >= 2,
        "the comparison must include classes larger than 1"
    );
}

/// The risk gate suppresses what is in classes below min-k within the budget, and the delivered
/// file really has k >= min-k (checked again with `tokumei risk`, independently of the report).
#[test]
fn the_risk_gate_suppresses_within_budget_and_delivers_k() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "[datasets.customers.risk]\nquasi-identifiers = [\"birth_date\", \"gender\"]\nmin-k = 5\nmax-suppression = 0.1\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("out/report.json")).unwrap())
            .unwrap();
    let d = &report["datasets"][0];
    let risk = &d["risk"];
    assert!(
        risk["before"]["k"].as_u64().unwrap() < 5,
        "the sample needs suppression: {risk}"
    );
    assert!(risk["after"]["k"].as_u64().unwrap() >= 5);
    let suppressed = risk["suppressed_rows"].as_u64().unwrap();
    assert!(suppressed > 0 && risk["suppressed_share"].as_f64().unwrap() <= 0.1);
    assert_eq!(
        d["rows_out"].as_u64().unwrap(),
        d["rows_in"].as_u64().unwrap() - suppressed
    );
    assert!(
        risk["after"]["smallest"].as_array().unwrap().is_empty(),
        "no class values in the report"
    );
    let mut c = tokumei();
    c.arg("risk")
        .arg(tmp.path().join("out/customers.parquet"))
        .args(["--qi", "birth_date,gender", "--k", "5", "--json"]);
    let o = run(c);
    assert_eq!(o.code, 0);
    let m: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(m["k"].as_u64().unwrap() >= 5);
    assert_eq!(m["rows"].as_u64().unwrap(), d["rows_out"].as_u64().unwrap());
}

#[test]
fn impossible_risk_thresholds_fail_with_exit_1_and_deliver_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "[datasets.customers.risk]\nquasi-identifiers = [\"birth_date\", \"gender\", \"postal_code\", \"address\"]\n\
         min-k = 5000\nmax-suppression = 0.05\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 1, "the risk-not-met exit code");
    assert!(
        o.stderr.contains("the risk thresholds are not met"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("max-suppression"), "{}", o.stderr);
    assert!(!tmp.path().join("out").exists(), "nothing delivered");
}

#[test]
fn the_risk_gate_counts_subjects_in_logs() {
    let tmp = tempfile::tempdir().unwrap();
    let job = tmp.path().join("job.toml");
    std::fs::write(
        &job,
        format!(
            "name = \"t\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out\"\n\
             [datasets.log]\ninput = \"{}\"\n\
             [datasets.log.risk]\nquasi-identifiers = [\"method\", \"status\"]\nsubject = \"cookie_id\"\nmin-k = 5\nmax-suppression = 0.2\n\
             [datasets.log.columns]\ntimestamp = {{ rule = \"timestamp\", truncate = \"day\" }}\nip = \"drop\"\ncustomer_id = \"drop\"\n\
             cookie_id = {{ rule = \"pseudonym\" }}\nmethod = \"keep\"\nurl = \"drop\"\nstatus = \"keep\"\nbytes = \"drop\"\n\
             referrer = \"drop\"\nuser_agent = \"drop\"\ndevice_model = \"drop\"\n",
            root().join("sample_data/access_log.csv").display()
        ),
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let mut c = tokumei();
    c.arg("risk").arg(tmp.path().join("out/log.parquet")).args([
        "--qi",
        "method,status",
        "--subject",
        "cookie_id",
        "--k",
        "5",
        "--json",
    ]);
    let o = run(c);
    assert_eq!(
        o.code, 0,
        "k counted in distinct cookies is at least 5 after the gate"
    );
    let m: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(m["k"].as_u64().unwrap() >= 5);
}

fn read_report(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("out/report.json")).unwrap()).unwrap()
}

fn delivered_customers(dir: &Path) -> DataFrame {
    read_parquet(&dir.join("out/customers.parquet"))
}

/// Step 1 of the gate: rare values at the top of an ordered column are top-coded into one label
/// holding at least k, rare categories become `other`; the report names labels, not values.
#[test]
fn idiosyncratic_values_are_top_coded_or_grouped_before_generalising() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "[datasets.customers.risk]\nquasi-identifiers = [\"gender\", \"total_spent\", \"order_count\"]\nmin-k = 5\nmax-suppression = 0.1\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let report = read_report(tmp.path());
    let risk = &report["datasets"][0]["risk"];
    let recodings = risk["idiosyncratic"].as_array().unwrap();
    let find = |col: &str, method: &str| {
        recodings
            .iter()
            .find(|r| r["column"] == col && r["method"] == method)
            .unwrap_or_else(|| panic!("no {method} recoding of {col}: {risk}"))
    };
    let top = find("total_spent", "top-coded");
    assert!(top["label"].as_str().unwrap().ends_with('+'));
    assert!(top["values"].as_u64().unwrap() >= 2 && top["rows"].as_u64().unwrap() >= 5);
    let other = find("order_count", "grouped into other");
    assert_eq!(other["label"], "other");
    // The raw order counts held by fewer than 5 customers never reach the delivery.
    let raw = read_csv(&root().join("sample_data/customers.csv"));
    let mut counts: HashMap<String, usize> = HashMap::new();
    for v in strings(&raw, "order_count").into_iter().flatten() {
        *counts.entry(v).or_default() += 1;
    }
    let out = delivered_customers(tmp.path());
    let delivered: Vec<String> = strings(&out, "order_count").into_iter().flatten().collect();
    assert!(delivered.iter().any(|v| v == "other" || v == "*"));
    for v in &delivered {
        if let Some(n) = counts.get(v) {
            assert!(*n >= 5, "rare order count {v} delivered");
        }
    }
    let text = serde_json::to_string(&report).unwrap();
    for (v, n) in &counts {
        if *n < 5 {
            assert!(
                !text.contains(&format!("\"{v}\"")),
                "the report names a rare value"
            );
        }
    }
}

/// `suppress = "cells"`: rows in small classes keep their other columns; their
/// quasi-identifier cells are nulled, and the delivery still has k >= min-k.
#[test]
fn cell_suppression_nulls_quasi_identifiers_instead_of_removing_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "[datasets.customers.risk]\nquasi-identifiers = [\"birth_date\", \"gender\"]\nmin-k = 5\nmax-suppression = 0.1\nsuppress = \"cells\"\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let report = read_report(tmp.path());
    let d = &report["datasets"][0];
    let risk = &d["risk"];
    assert_eq!(risk["suppress"], "cells");
    let nulled = risk["nulled_rows"].as_u64().unwrap();
    let removed = risk["suppressed_rows"].as_u64().unwrap();
    assert!(nulled > 0, "the sample needs suppression: {risk}");
    assert!(risk["suppressed_share"].as_f64().unwrap() <= 0.1);
    assert_eq!(
        d["rows_out"].as_u64().unwrap(),
        d["rows_in"].as_u64().unwrap() - removed
    );
    let out = delivered_customers(tmp.path());
    let both_null = strings(&out, "birth_date")
        .iter()
        .zip(strings(&out, "gender"))
        .filter(|(a, b)| a.is_none() && b.is_none())
        .count() as u64;
    assert!(both_null >= nulled, "{both_null} rows with both cells null");
    let mut c = tokumei();
    c.arg("risk")
        .arg(tmp.path().join("out/customers.parquet"))
        .args(["--qi", "birth_date,gender", "--k", "5", "--json"]);
    let o = run(c);
    assert_eq!(o.code, 0, "the delivery has k >= 5");
}

#[test]
fn an_unknown_suppression_method_is_a_job_error() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "[datasets.customers.risk]\nquasi-identifiers = [\"gender\"]\nsuppress = \"blur\"\n",
    );
    let mut c = tokumei();
    c.arg("check").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("datasets.customers.risk.suppress"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("\"cells\""), "{}", o.stderr);
}

/// `min-l`: every delivered class has at least l distinct values of the sensitive attribute,
/// checked again with `tokumei risk`.
#[test]
fn the_risk_gate_enforces_min_l() {
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "[datasets.customers.risk]\nquasi-identifiers = [\"birth_date\", \"gender\", \"address\"]\n\
         sensitive = [\"order_count\"]\nmin-k = 5\nmin-l = 3\nmax-suppression = 0.1\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let report = read_report(tmp.path());
    let risk = &report["datasets"][0]["risk"];
    assert!(risk["passed"].as_bool().unwrap());
    assert!(
        risk["before"]["l_diversity"][0]["distinct_l"]
            .as_u64()
            .unwrap()
            < 3,
        "the sample needs fixing for l: {risk}"
    );
    assert!(
        risk["after"]["l_diversity"][0]["distinct_l"]
            .as_u64()
            .unwrap()
            >= 3
    );
    let qis: Vec<&str> = ["birth_date", "gender", "address"].to_vec();
    let mut c = tokumei();
    c.arg("risk")
        .arg(tmp.path().join("out/customers.parquet"))
        .args([
            "--qi",
            &qis.join(","),
            "--sensitive",
            "order_count",
            "--json",
        ]);
    let o = run(c);
    assert_eq!(o.code, 0);
    let m: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(m["k"].as_u64().unwrap() >= 5);
    assert!(m["l_diversity"][0]["distinct_l"].as_u64().unwrap() >= 3);
}

/// `[[joined-risk]]`: the report's joined k and linked subjects equal a join computed here from
/// the delivered files; with `min-k` above it, the run exits 1 and delivers nothing.
#[test]
fn joined_risk_is_measured_on_the_delivered_join_and_can_gate() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        assert!(
            t.contains("[[joined-risk]]"),
            "the sample job measures its join"
        );
        t
    });
    let out = tmp.path().join("d");
    assert_eq!(run_job(&job, &out, None).code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let j = &report["joined_risk"][0];
    assert_eq!(j["on"], "customer_id");
    let qis: Vec<String> = j["before"]["quasi_identifiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap().to_string())
        .collect();
    let (k, linked, classes) = joined_classes(&out, &qis);
    assert_eq!(j["before"]["k"].as_u64().unwrap(), k);
    assert_eq!(j["before"]["subjects"].as_u64().unwrap(), linked);
    assert_eq!(j["before"]["classes"].as_u64().unwrap(), classes);
    assert_eq!(j["after"], j["before"], "measured only: nothing unlinked");

    // Gating on it: the sample's join is below 5, so the run refuses.
    let gated = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        let at = t.find("[[joined-risk]]").unwrap();
        format!(
            "{}{}",
            &t[..at],
            t[at..].replacen("# min-k = 5", "min-k = 5", 1)
        )
    });
    let out2 = tmp.path().join("d2");
    let o = run_job(&gated, &out2, None);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("joined-risk"), "{}", o.stderr);
    assert!(!out2.exists(), "nothing delivered");
}

/// The delivered customers and access log joined on customer_id, computed here: (k in distinct
/// customers, linked customers, classes) over `qis` (`dataset.column`).
fn joined_classes(out: &Path, qis: &[String]) -> (u64, u64, u64) {
    let customers = read_parquet(&out.join("customers.parquet"));
    let log = read_parquet(&out.join("access_log.parquet"));
    let by_id: HashMap<String, Vec<Option<String>>> = {
        let ids = strings(&customers, "customer_id");
        let cols: Vec<Vec<Option<String>>> = qis
            .iter()
            .filter_map(|q| q.strip_prefix("customers."))
            .map(|c| strings(&customers, c))
            .collect();
        ids.iter()
            .enumerate()
            .filter_map(|(i, id)| Some((id.clone()?, cols.iter().map(|c| c[i].clone()).collect())))
            .collect()
    };
    let log_ids = strings(&log, "customer_id");
    let log_cols: Vec<Vec<Option<String>>> = qis
        .iter()
        .filter_map(|q| q.strip_prefix("access_log."))
        .map(|c| strings(&log, c))
        .collect();
    let mut classes: HashMap<Vec<Option<String>>, HashSet<String>> = HashMap::new();
    let mut linked: HashSet<String> = HashSet::new();
    for (i, id) in log_ids.iter().enumerate() {
        let Some(id) = id else { continue };
        let Some(cust) = by_id.get(id) else { continue };
        let mut key = cust.clone();
        key.extend(log_cols.iter().map(|c| c[i].clone()));
        classes.entry(key).or_default().insert(id.clone());
        linked.insert(id.clone());
    }
    let k = classes.values().map(HashSet::len).min().unwrap_or(0) as u64;
    (k, linked.len() as u64, classes.len() as u64)
}

/// With `min-k`, the join is fixed by unlinking: the customer_id of the linked customers in
/// small joined classes is nulled in the access log (rows kept), within max-unlinked; the
/// report's checksum follows the rewritten file.
#[test]
fn joined_risk_unlinks_subjects_in_small_joined_classes() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        let at = t.find("[[joined-risk]]").unwrap();
        format!(
            "{}{}",
            &t[..at],
            t[at..].replacen(
                "# min-k = 5",
                "quasi-identifiers = [\"customers.birth_date\", \"access_log.method\"]\nmin-k = 5\nmax-unlinked = 0.5",
                1
            )
        )
    });
    let out = tmp.path().join("d");
    assert_eq!(run_job(&job, &out, None).code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let j = &report["joined_risk"][0];
    assert!(j["passed"].as_bool().unwrap());
    assert!(j["before"]["k"].as_u64().unwrap() < 5, "{j}");
    let unlinked = j["unlinked_subjects"].as_u64().unwrap();
    assert!(unlinked > 0);
    assert!(j["unlinked_share"].as_f64().unwrap() <= 0.5);
    let qis = [
        "customers.birth_date".to_string(),
        "access_log.method".to_string(),
    ];
    let (k, linked, _) = joined_classes(&out, &qis);
    assert!(k >= 5, "the delivered join has k = {k}");
    assert_eq!(linked, j["before"]["subjects"].as_u64().unwrap() - unlinked);
    assert_eq!(j["after"]["k"].as_u64().unwrap(), k);
    // The log keeps its rows; its checksum in the report is the rewritten file's.
    let log = &report["datasets"][1];
    assert_eq!(log["name"], "access_log");
    let bytes = std::fs::read(out.join("access_log.parquet")).unwrap();
    use sha2::Digest;
    assert_eq!(
        log["output"]["sha256"].as_str().unwrap(),
        hex::encode(sha2::Sha256::digest(&bytes))
    );
    assert_eq!(
        log["rows_out"].as_u64().unwrap(),
        read_parquet(&out.join("access_log.parquet")).height() as u64
    );
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(sums.contains(log["output"]["sha256"].as_str().unwrap()));
}

#[test]
fn joined_risk_names_its_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        t.replace("on = \"customer_id\"", "on = \"email\"")
            .replace(
                "datasets = [\"customers\", \"access_log\"]",
                "datasets = [\"customers\", \"access_log\"]\nquasi-identifiers = [\"customers.gender\", \"orders.total\"]",
            )
    });
    let mut c = tokumei();
    c.arg("check").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("joined-risk[0].on"), "{}", o.stderr);
    assert!(
        o.stderr.contains("`email` is not a delivered column"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("joined-risk[0].quasi-identifiers"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("orders.total"), "{}", o.stderr);
}
