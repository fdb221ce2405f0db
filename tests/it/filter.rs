//! `tokumei filter`: one dataset's rules over Arrow IPC streams, the per-partition step of a
//! distributed run. Its output over any split of the input equals `tokumei run`'s pass 1.

use std::io::Write;
use std::process::Stdio;

use super::*;

fn ipc(df: &DataFrame) -> Vec<u8> {
    let mut buf = Vec::new();
    IpcStreamWriter::new(&mut buf)
        .finish(&mut df.clone())
        .unwrap();
    buf
}

/// Runs the filter on one partition; (exit code, output frame or stderr).
fn filter(
    job: &Path,
    dataset: &str,
    part: &DataFrame,
    extra: &[&str],
    key: Option<&str>,
) -> Result<DataFrame, (i32, String)> {
    let mut c = tokumei();
    c.arg("filter")
        .arg(job)
        .args(["--dataset", dataset])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(k) = key {
        c.env("TOKUMEI_KEY", k);
    }
    let mut child = c.spawn().unwrap();
    let input = ipc(part);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    if !out.status.success() {
        return Err((
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    Ok(IpcStreamReader::new(std::io::Cursor::new(out.stdout))
        .finish()
        .unwrap())
}

/// Three partitions of the sample data, filtered in three processes and put back together,
/// equal the pseudonymous sample job's delivered datasets (same key), column for column.
#[test]
fn filtered_partitions_equal_the_single_machine_run() {
    let tmp = tempfile::tempdir().unwrap();
    let job = root().join("jobs/internal_analytics.toml");
    let out = tmp.path().join("delivery");
    assert_eq!(run_job(&job, &out, Some(TEST_KEY)).code, 0);
    for (dataset, csv) in [
        ("customers", "customers.csv"),
        ("access_log", "access_log.csv"),
    ] {
        let input = read_csv(&root().join("sample_data").join(csv));
        let n = input.height();
        let cuts = [0, n / 3, 2 * n / 3, n];
        let mut parts = Vec::new();
        for w in cuts.windows(2) {
            let part = input.slice(w[0] as i64, w[1] - w[0]);
            parts.push(filter(&job, dataset, &part, &[], Some(TEST_KEY)).expect("the filter runs"));
        }
        let mut got = parts[0].clone();
        for p in &parts[1..] {
            got.vstack_mut(p).unwrap();
        }
        let want = read_parquet(&out.join(format!("{dataset}.parquet")));
        assert_eq!(got.get_column_names(), want.get_column_names(), "{dataset}");
        assert_eq!(got.height(), want.height());
        for name in want.get_column_names() {
            let (a, b) = (got.column(name).unwrap(), want.column(name).unwrap());
            assert!(
                a.as_materialized_series()
                    .equals_missing(b.as_materialized_series()),
                "{dataset}.{name} differs from tokumei run's"
            );
        }
    }
}

/// Anonymous mode: without the run's key the filter refuses; with it, two processes give one
/// pseudonym for one customer (the partitions join), and `--schema` names the output columns.
#[test]
fn anonymous_filtering_needs_the_run_key_and_joins_across_processes() {
    let job = root().join("jobs/partner_delivery.toml");
    let input = read_csv(&root().join("sample_data/customers.csv")).head(Some(50));
    let (code, err) = filter(&job, "customers", &input, &[], None).unwrap_err();
    assert_eq!(code, 2);
    assert!(err.contains("--run-key-file"), "{err}");
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("run.key");
    std::fs::write(&key, "9f".repeat(32)).unwrap();
    let args = ["--run-key-file", key.to_str().unwrap()];
    let a = filter(&job, "customers", &input, &args, None).unwrap();
    let b = filter(&job, "customers", &input, &args, None).unwrap();
    assert!(
        a.column("customer_id")
            .unwrap()
            .as_materialized_series()
            .equals_missing(b.column("customer_id").unwrap().as_materialized_series())
    );
    // No raw ID survives.
    let raw_ids = strings(&input, "customer_id");
    let out_ids = strings(&a, "customer_id");
    assert!(
        raw_ids
            .iter()
            .zip(&out_ids)
            .all(|(r, o)| r.is_none() || r != o)
    );

    let mut c = tokumei();
    c.arg("filter")
        .arg(&job)
        .args(["--dataset", "customers", "--schema"]);
    let o = run(c);
    assert_eq!(o.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let names: Vec<&str> = schema["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"customer_id") && !names.contains(&"email"));
}

/// The run's known values built once (`tokumei known`, as the Spark driver does from the values
/// Spark collected) are what `filter --known-file` scrubs with: a value planted only in the
/// collected values is found in a partition's text, and is not without the file. The file holds
/// no value and only its owner may read it; a damaged one is refused.
#[test]
fn a_known_values_file_built_once_is_what_the_filter_scrubs_with() {
    let tmp = tempfile::tempdir().unwrap();
    let job = root().join("jobs/internal_analytics.toml");
    let mut c = tokumei();
    c.arg("known").arg(&job).arg("--columns");
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let cols: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    // Every wanted column gets a folder of collected values; customer_id gets a planted one.
    let values = tmp.path().join("values");
    let planted = "Z9998887";
    for (di, d) in cols["datasets"].as_array().unwrap().iter().enumerate() {
        for c in d["columns"].as_array().unwrap() {
            let dir = values
                .join(di.to_string())
                .join(c["index"].as_u64().unwrap().to_string());
            std::fs::create_dir_all(&dir).unwrap();
            if d["name"] == "customers" && c["name"] == "customer_id" {
                let mut df = df!("v" => [planted, "C0000001"]).unwrap();
                let f = std::fs::File::create(dir.join("part-0.parquet")).unwrap();
                ParquetWriter::new(f).finish(&mut df).unwrap();
            }
        }
    }
    assert!(
        cols["datasets"][0]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "customer_id"),
        "{cols}"
    );
    let file = tmp.path().join("known.bin");
    let build = || {
        let mut c = tokumei();
        c.arg("known")
            .arg(&job)
            .arg("--values")
            .arg(&values)
            .arg("--out")
            .arg(&file);
        run(c)
    };
    let o = build();
    assert_eq!(o.code, 0, "{}", o.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the file is its owner's only: {mode:o}");
    }
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        !bytes
            .windows(planted.len())
            .any(|w| w == planted.as_bytes())
    );
    // An existing file is never overwritten.
    let o = build();
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("not overwritten"), "{}", o.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    let mut part = read_csv(&root().join("sample_data/customers.csv")).head(Some(3));
    // (No label before it: after 会員番号 the member-id detector would find it without the file.)
    let text = format!("受付 {planted} の件で連絡しました");
    part.with_column(Column::new("inquiry".into(), vec![text.clone(); 3]))
        .unwrap();
    let known = ["--known-file", file.to_str().unwrap()];
    let with = filter(&job, "customers", &part, &known, Some(TEST_KEY)).unwrap();
    let without = filter(&job, "customers", &part, &[], Some(TEST_KEY)).unwrap();
    let scrubbed = strings(&with, "inquiry");
    assert!(
        scrubbed
            .iter()
            .all(|t| t.as_deref().is_some_and(|t| !t.contains(planted))),
        "{scrubbed:?}"
    );
    assert!(
        strings(&without, "inquiry")
            .iter()
            .all(|t| t.as_deref() == Some(text.as_str())),
        "the planted value is in no input, so without the file it stays"
    );
    // Pseudonyms do not depend on the known values.
    assert!(
        with.column("customer_id")
            .unwrap()
            .as_materialized_series()
            .equals_missing(
                without
                    .column("customer_id")
                    .unwrap()
                    .as_materialized_series()
            )
    );
    let damaged = tmp.path().join("damaged.bin");
    std::fs::write(&damaged, &bytes[..bytes.len() / 2]).unwrap();
    let args = ["--known-file", damaged.to_str().unwrap()];
    let (code, err) = filter(&job, "customers", &part, &args, Some(TEST_KEY)).unwrap_err();
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("damaged"), "{err}");
}
