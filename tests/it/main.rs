//! Integration tests: drive the real `tokumei` binary on the committed sample data and on
//! generated inputs, in fresh temporary folders, and check what users rely on: no raw identifier
//! survives, joins survive, keys behave as documented, errors are clear, deliveries are atomic.

mod bad_input;
mod delivery;
mod detection;
mod filter;
mod job_errors;
mod keys;
mod report_html;
mod risk;
mod scan;

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

/// The sample partner job with both customer_id columns in one pseudonym domain (so the
/// recipient can join them) and a `[[joined-risk]]` for that join holding `extra` lines.
fn partner_joined(dir: &Path, extra: &str) -> PathBuf {
    job_copy("jobs/partner_delivery.toml", dir, |t| {
        let t = t.replace(
            "{ rule = \"pseudonym\", domain = \"access_log.customer_id\" }",
            "{ rule = \"pseudonym\" }",
        );
        format!(
            "{t}\n[[joined-risk]]\ndatasets = [\"customers\", \"access_log\"]\non = \"customer_id\"\n{extra}\n"
        )
    })
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

fn read_report(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("out/report.json")).unwrap()).unwrap()
}

fn delivered_customers(dir: &Path) -> DataFrame {
    read_parquet(&dir.join("out/customers.parquet"))
}

/// The delivered customers and access log joined on customer_id, computed here: (k in distinct
/// customers, linked customers, classes) over `qis` (`dataset.column`).
fn joined_classes(out: &Path, qis: &[String]) -> (u64, u64, u64) {
    let (classes, linked) = joined_class_members(out, qis);
    let k = classes.iter().map(|(_, m)| m.len()).min().unwrap_or(0) as u64;
    (k, linked.len() as u64, classes.len() as u64)
}

/// k^2 of the delivered join's linked customers, by brute force: each customer's trace is the
/// set of its joined rows' classes over `qis`; every set of one or two classes some trace holds
/// is counted in the traces that hold it.
fn joined_k2(out: &Path, qis: &[String]) -> u64 {
    let (classes, _) = joined_class_members(out, qis);
    let mut traces: HashMap<String, Vec<usize>> = HashMap::new();
    for (c, (_, members)) in classes.iter().enumerate() {
        for m in members {
            traces.entry(m.clone()).or_default().push(c);
        }
    }
    let mut support: HashMap<(usize, usize), u64> = HashMap::new();
    for t in traces.values() {
        for (i, a) in t.iter().enumerate() {
            *support.entry((*a, *a)).or_insert(0) += 1;
            for b in &t[i + 1..] {
                *support.entry(((*a).min(*b), (*a).max(*b))).or_insert(0) += 1;
            }
        }
    }
    support.values().copied().min().unwrap_or(0)
}

/// The delivered join's classes (each with its members, distinct customers) and its linked
/// customers.
type ClassMembers = Vec<(Vec<Option<String>>, HashSet<String>)>;

fn joined_class_members(out: &Path, qis: &[String]) -> (ClassMembers, HashSet<String>) {
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
    (classes.into_iter().collect(), linked)
}
