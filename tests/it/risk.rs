//! Re-identification risk: the measures against pycanon, the gate, suppression, l-diversity and joined risk.

use super::*;

/// Reported k, l and t equal pycanon's on the sample outputs. pycanon is installed by .ci/run; a
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
        // t-closeness: the ordered distance for number ranges, the equal one otherwise.
        let t = &ours["t_closeness"][0];
        let want = match t["distance"].as_str().unwrap() {
            "ordered" => theirs["t_ordered"].as_f64().expect("pycanon's ordered t"),
            _ => theirs["t"].as_f64().unwrap(),
        };
        assert!(
            (t["t"].as_f64().unwrap() - want).abs() < 1e-9,
            "t over {qi}: {t} vs {want}"
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

/// `max-t`: the gate checks t-closeness on what it leaves and refuses (exit 1, nothing
/// delivered, t named in the message) when it is above the threshold; a threshold the result
/// meets delivers, with t in the report equal to `tokumei risk`'s on the delivered file.
#[test]
fn the_risk_gate_checks_max_t() {
    let gate = |max_t: &str| {
        format!(
            "[datasets.customers.risk]\nquasi-identifiers = [\"birth_date\", \"gender\", \"address\"]\n\
             sensitive = [\"total_spent\"]\nmin-k = 5\nmax-suppression = 0.1\nmax-t = {max_t}\n"
        )
    };
    let tmp = tempfile::tempdir().unwrap();
    let job = customers_job(tmp.path(), CUSTOMER_COLUMNS, &gate("1.0"));
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let risk = &read_report(tmp.path())["datasets"][0]["risk"];
    assert_eq!(risk["max_t"], 1.0);
    let t = &risk["after"]["t_closeness"][0];
    assert_eq!(t["distance"], "ordered", "{t}");
    let reported = t["t"].as_f64().unwrap();
    assert!(reported > 0.0 && reported < 1.0, "{t}");
    // `tokumei risk`'s t of the delivered file, with more arguments.
    let measured_t = |more: &[&str]| {
        let mut c = tokumei();
        c.arg("risk")
            .arg(tmp.path().join("out/customers.parquet"))
            .args([
                "--qi",
                "birth_date,gender,address",
                "--sensitive",
                "total_spent",
                "--json",
            ])
            .args(more);
        let m: serde_json::Value = serde_json::from_str(&run(c).stdout).unwrap();
        m["t_closeness"][0]["t"].as_f64().unwrap()
    };
    assert!((measured_t(&[]) - reported).abs() < 1e-12);

    // The same numbers read as codes (`categorical`): the equal distance, never smaller, in
    // the report and from `tokumei risk --categorical` alike.
    std::fs::remove_dir_all(tmp.path().join("out")).unwrap();
    let coded = gate("1.0").replace(
        "max-t = 1.0\n",
        "max-t = 1.0\ncategorical = [\"total_spent\"]\n",
    );
    let job = customers_job(tmp.path(), CUSTOMER_COLUMNS, &coded);
    let mut c = tokumei();
    c.arg("run").arg(&job);
    assert_eq!(run(c).code, 0);
    let risk = &read_report(tmp.path())["datasets"][0]["risk"];
    let t = &risk["after"]["t_closeness"][0];
    assert_eq!(t["distance"], "equal", "{t}");
    let equal = t["t"].as_f64().unwrap();
    assert!(equal >= reported - 1e-12, "{equal} < {reported}");
    assert!((measured_t(&["--categorical", "total_spent"]) - equal).abs() < 1e-12);
    // A categorical attribute that is not sensitive: a job error naming the key.
    std::fs::remove_dir_all(tmp.path().join("out")).unwrap();
    let wrong = gate("1.0").replace("max-t = 1.0\n", "max-t = 1.0\ncategorical = [\"gender\"]\n");
    let job = customers_job(tmp.path(), CUSTOMER_COLUMNS, &wrong);
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("risk.categorical"), "{}", o.stderr);

    // Half the t the gate reaches: refused.
    let half = format!("{:.6}", reported / 2.0);
    let job = customers_job(tmp.path(), CUSTOMER_COLUMNS, &gate(&half));
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains("t-closeness: total_spent t = "),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("(max-t "), "{}", o.stderr);
    assert!(!tmp.path().join("out").exists(), "nothing delivered");

    // Out of range, or without a sensitive attribute: a job error.
    let job = customers_job(
        tmp.path(),
        CUSTOMER_COLUMNS,
        "[datasets.customers.risk]\nquasi-identifiers = [\"gender\"]\nmax-t = 1.5\n",
    );
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("max-t`: must be between 0 and 1"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("needs `sensitive"), "{}", o.stderr);
}

/// `[[joined-risk]]`: the report's joined k and linked subjects equal a join computed here from
/// the delivered files (measured only: `min-k = 0` with a reason). Anonymous mode gates the join
/// by default, declared or not: the sample's join is below 5, so the run exits 1 and delivers
/// nothing. The sample job itself keeps the two customer_id columns in separate domains.
#[test]
fn joined_risk_is_measured_on_the_delivered_join_and_can_gate() {
    let tmp = tempfile::tempdir().unwrap();
    let job = partner_joined(
        tmp.path(),
        "min-k = 0\nreason = \"test: the join is measured, not fixed\"",
    );
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

    assert_eq!(j["reason"], "test: the join is measured, not fixed");

    // Gating on it, by default: the sample's join is below 5, so the run refuses.
    for (case, extra) in [("default min-k", ""), ("min-k = 5", "min-k = 5")] {
        let gated = partner_joined(tmp.path(), extra);
        let out2 = tmp.path().join("d2");
        let o = run_job(&gated, &out2, None);
        assert_eq!(o.code, 1, "{case}: {}", o.stderr);
        assert!(o.stderr.contains("joined-risk"), "{case}: {}", o.stderr);
        assert!(!out2.exists(), "{case}: nothing delivered");
    }
    // A shared domain without any [[joined-risk]] is gated all the same.
    let implied = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        t.replace(
            "{ rule = \"pseudonym\", domain = \"access_log.customer_id\" }",
            "{ rule = \"pseudonym\" }",
        )
    });
    let out3 = tmp.path().join("d3");
    let o = run_job(&implied, &out3, None);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(!out3.exists());
    // min-k = 0 needs a reason.
    let unreasoned = partner_joined(tmp.path(), "min-k = 0");
    let mut c = tokumei();
    c.arg("check").arg(&unreasoned);
    let o = run(c);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("joined-risk[0].min-k"), "{}", o.stderr);
}

/// With `min-k`, the join is fixed by unlinking: the customer_id of the linked customers in
/// small joined classes is nulled in the access log (rows kept), within max-unlinked; the
/// report's checksum follows the rewritten file.
#[test]
fn joined_risk_unlinks_subjects_in_small_joined_classes() {
    let tmp = tempfile::tempdir().unwrap();
    let job = partner_joined(
        tmp.path(),
        "quasi-identifiers = [\"customers.birth_date\", \"access_log.method\"]\nmin-k = 5\nmax-unlinked = 0.5",
    );
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

/// A join whose classes all hold five customers can still single them out by their traces:
/// customers' prefectures with the statuses of their visits (200, 404, …) give every joined
/// class at least five customers on the sample, but some pairs of one customer's classes are
/// held by fewer. The join gates k^2 by default (min-km = min-k): those customers are unlinked
/// too, and a brute-force k^2 of the delivered join meets it. `trace-items = 1` checks rows
/// only and unlinks no one.
#[test]
fn joined_risk_unlinks_subjects_whose_joined_traces_are_rare() {
    let tmp = tempfile::tempdir().unwrap();
    let qis = [
        "customers.address".to_string(),
        "access_log.status".to_string(),
    ];
    let lines = "quasi-identifiers = [\"customers.address\", \"access_log.status\"]\nmin-k = 5\nmax-unlinked = 0.5";
    let job = partner_joined(tmp.path(), lines);
    let out = tmp.path().join("d");
    let o = run_job(&job, &out, None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let j = &report["joined_risk"][0];
    let t = &j["traces"];
    assert!(j["passed"].as_bool().unwrap());
    assert!(
        j["before"]["k"].as_u64().unwrap() >= 5,
        "rows alone pass: {j}"
    );
    assert!(t["before"]["k"].as_u64().unwrap() < 5, "traces do not: {t}");
    assert_eq!(t["before"]["items"], 2);
    assert_eq!(t["min_km"], 5);
    let unlinked = j["unlinked_subjects"].as_u64().unwrap();
    assert!(unlinked > 0);
    assert_eq!(t["unlinked_subjects"].as_u64().unwrap(), unlinked);
    let k2 = joined_k2(&out, &qis);
    assert!(k2 >= 5, "the delivered join has k^2 = {k2}");
    assert_eq!(t["after"]["k"].as_u64().unwrap(), k2);
    let (_, linked, _) = joined_classes(&out, &qis);
    assert_eq!(linked, j["before"]["subjects"].as_u64().unwrap() - unlinked);

    // Rows only: nobody is unlinked, and the delivered join's k^2 is below what was asked.
    let rows_only = partner_joined(tmp.path(), &format!("{lines}\ntrace-items = 1"));
    let out2 = tmp.path().join("d2");
    let o = run_job(&rows_only, &out2, None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out2.join("report.json")).unwrap()).unwrap();
    let j = &report["joined_risk"][0];
    assert_eq!(j["unlinked_subjects"], 0);
    assert_eq!(j["traces"]["before"]["items"], 1);
    assert!(joined_k2(&out2, &qis) < 5);

    // min-km and min-k apart: the delivered join meets both (the passes for rows and for
    // traces alternate until neither unlinks anyone).
    for (k, km) in [(5, 2), (2, 5), (12, 2), (12, 6)] {
        let both = partner_joined(
            tmp.path(),
            &format!(
                "quasi-identifiers = [\"customers.address\", \"access_log.status\"]\nmin-k = {k}\nmin-km = {km}\nmax-unlinked = 0.9"
            ),
        );
        let out4 = tmp.path().join(format!("d4_{k}_{km}"));
        let o = run_job(&both, &out4, None);
        assert_eq!(o.code, 0, "min-k {k}, min-km {km}: {}", o.stderr);
        let (rows_k, _, _) = joined_classes(&out4, &qis);
        let k2 = joined_k2(&out4, &qis);
        assert!(
            rows_k >= k && k2 >= km,
            "min-k {k}, min-km {km}: k {rows_k}, k^2 {k2}"
        );
    }

    // Over the budget, the run refuses and says it is the traces.
    let tight = partner_joined(
        tmp.path(),
        "quasi-identifiers = [\"customers.address\", \"access_log.status\"]\nmin-k = 5\nmax-unlinked = 0.01",
    );
    let out3 = tmp.path().join("d3");
    let o = run_job(&tight, &out3, None);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("traces have k^2"), "{}", o.stderr);
    assert!(!out3.exists());
}

#[test]
fn unlinking_that_breaks_a_datasets_own_gate_delivers_nothing() {
    // Unlinking nulls the join column, here the log's subject: the unlinked subject's rows join
    // the null subject, and the log's own k falls from 3 to 2. A reviewer had it delivered with
    // k = 3 reported; the run now measures the log again and refuses.
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("c.csv"),
        "cid,g,age\nA,X,30s\nB,F,30s\nD,F,30s\nE,F,40s\nG,F,40s\nH,F,40s\n",
    )
    .unwrap();
    std::fs::write(
        d.join("o.csv"),
        "cid,item\nA,I1\nB,I1\n,I1\nD,I2\nE,I2\nG,I2\nH,I2\nB,I2\n",
    )
    .unwrap();
    let job = |joined: &str| {
        let p = d.join("job.toml");
        std::fs::write(
            &p,
            format!(
                "name = \"u\"\nmode = \"pseudonymous\"\nrecipient = \"R\"\nrecipient-kind = \"contractor\"\noutput-dir = \"out\"\n\
                 [datasets.c]\ninput = \"c.csv\"\n[datasets.c.columns]\ncid = \"pseudonym\"\ng = \"keep\"\nage = \"keep\"\n\
                 [datasets.c.risk]\nquasi-identifiers = [\"age\"]\nmin-k = 2\nmax-suppression = 0.0\n\
                 [datasets.o]\ninput = \"o.csv\"\n[datasets.o.columns]\ncid = \"pseudonym\"\nitem = \"keep\"\n\
                 [datasets.o.risk]\nquasi-identifiers = [\"item\"]\nsubject = \"cid\"\nmin-k = 3\nmax-suppression = 0.0\ntrace-items = 1\n\
                 {joined}"
            ),
        )
        .unwrap();
        p
    };
    let key = "0123456789abcdef".repeat(4);
    let out = d.join("out");
    let o = run_job(
        &job(
            "[[joined-risk]]\ndatasets = [\"c\", \"o\"]\non = \"cid\"\nquasi-identifiers = [\"c.g\"]\nmin-k = 2\nmax-unlinked = 0.5\n",
        ),
        &out,
        Some(&key),
    );
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("it no longer meets its own risk thresholds: k = 2 (min-k 3)"),
        "{}",
        o.stderr
    );
    assert!(!out.exists());
    // Without the join, the log passes on its own.
    assert_eq!(run_job(&job(""), &out, Some(&key)).code, 0);
}

#[test]
fn three_datasets_in_one_pseudonym_domain_are_warned_about() {
    // Each pair's join is gated; the join of all three is not measured, and the run says so.
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut c = String::from("customer_id,g,age\n");
    let mut o = String::from("customer_id,ch\n");
    let mut p = String::from("customer_id,pay\n");
    for i in 0..30 {
        c.push_str(&format!("C{i},{},30s\n", ["F", "M"][i % 2]));
        o.push_str(&format!("C{i},web\n"));
        p.push_str(&format!("C{i},card\n"));
    }
    std::fs::write(d.join("c.csv"), c).unwrap();
    std::fs::write(d.join("o.csv"), o).unwrap();
    std::fs::write(d.join("p.csv"), p).unwrap();
    let mut job = String::from(
        "name = \"three\"\nmode = \"anonymous\"\nrecipient = \"R\"\noutput-dir = \"out\"\n\
         [datasets.c]\ninput = \"c.csv\"\n[datasets.c.columns]\ncustomer_id = \"pseudonym\"\ng = \"keep\"\nage = \"keep\"\n\
         [datasets.c.risk]\nquasi-identifiers = [\"g\", \"age\"]\nmin-k = 5\n",
    );
    for (name, col) in [("o", "ch"), ("p", "pay")] {
        job.push_str(&format!(
            "[datasets.{name}]\ninput = \"{name}.csv\"\n[datasets.{name}.columns]\ncustomer_id = \"pseudonym\"\n{col} = \"keep\"\n\
             [datasets.{name}.risk]\nquasi-identifiers = [\"{col}\"]\nsubject = \"customer_id\"\nmin-k = 5\n"
        ));
    }
    std::fs::write(d.join("job.toml"), job).unwrap();
    let o = run_job(&d.join("job.toml"), &d.join("out"), None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("datasets `c`, `o`, `p` deliver pseudonyms of one domain"),
        "{}",
        o.stderr
    );
}

#[test]
fn joined_risk_names_its_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let joined = partner_joined(
        tmp.path(),
        "quasi-identifiers = [\"customers.gender\", \"orders.total\"]",
    );
    let text = std::fs::read_to_string(&joined)
        .unwrap()
        .replace("on = \"customer_id\"", "on = \"email\"");
    let job = tmp.path().join("names.toml");
    std::fs::write(&job, text).unwrap();
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

/// Runs the sample partner job with one customer pseudonym domain (the join measured only, so
/// only linked suppression changes the log) and `extra` top-level lines; returns the folder.
fn linked_run(tmp: &Path, extra: &str) -> PathBuf {
    let job = partner_joined(
        tmp,
        "min-k = 0\nreason = \"measured only: this test is about linked suppression\"",
    );
    let text = std::fs::read_to_string(&job).unwrap();
    std::fs::write(&job, format!("{extra}\n{text}")).unwrap();
    let out = tmp.join("delivery");
    assert_eq!(run_job(&job, &out, None).code, 0);
    out
}

fn ids(df: &DataFrame, col: &str) -> HashSet<String> {
    strings(df, col).into_iter().flatten().collect()
}

/// A customer the customers gate suppressed leaves no row in the delivered log: every customer
/// pseudonym in the log belongs to a delivered customer (every raw log customer is a raw
/// customer, so anything else would be a suppressed one).
#[test]
fn linked_suppression_removes_suppressed_customers_from_the_log() {
    let raw_customers = ids(
        &read_csv(&root().join("sample_data/customers.csv")),
        "customer_id",
    );
    let raw_log = read_csv(&root().join("sample_data/access_log.csv"));
    assert!(ids(&raw_log, "customer_id").is_subset(&raw_customers));

    let tmp = tempfile::tempdir().unwrap();
    let out = linked_run(tmp.path(), "");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let suppressed = report["datasets"][0]["risk"]["suppressed_rows"]
        .as_u64()
        .unwrap();
    assert!(suppressed > 0, "the customers gate suppresses customers");

    let customers = read_parquet(&out.join("customers.parquet"));
    let log = read_parquet(&out.join("access_log.parquet"));
    let delivered = ids(&customers, "customer_id");
    let in_log = ids(&log, "customer_id");
    let orphans = in_log.difference(&delivered).count();
    assert_eq!(
        orphans, 0,
        "{orphans} suppressed customer(s) still in the log"
    );

    let linked = &report["datasets"][1]["linked"][0];
    assert_eq!(linked["from"], "customers.customer_id");
    assert_eq!(linked["column"], "customer_id");
    assert_eq!(linked["action"], "removed");
    let rows = linked["rows"].as_u64().unwrap();
    assert!(rows > 0 && linked["subjects"].as_u64().unwrap() > 0);
    // The report's rows follow the delivered file.
    assert_eq!(
        report["datasets"][1]["rows_out"].as_u64().unwrap(),
        log.height() as u64
    );

    // Without linked suppression (the customer pseudonyms in their own domains), the log keeps
    // those rows: the linked run delivered exactly `rows` fewer before the log's own gate.
    let log_gate = &report["datasets"][1]["risk"];
    assert_eq!(
        log_gate["before"]["rows"].as_u64().unwrap() + rows,
        raw_log.height() as u64,
        "the log was gated on what linked suppression left"
    );
}

/// `linked-suppression = "unlink"` keeps the rows and nulls the suppressed customers' pseudonym.
#[test]
fn linked_suppression_can_unlink_instead() {
    let tmp = tempfile::tempdir().unwrap();
    let out = linked_run(tmp.path(), "linked-suppression = \"unlink\"");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let customers = read_parquet(&out.join("customers.parquet"));
    let log = read_parquet(&out.join("access_log.parquet"));
    let delivered = ids(&customers, "customer_id");
    assert!(ids(&log, "customer_id").is_subset(&delivered));
    let linked = &report["datasets"][1]["linked"][0];
    assert_eq!(linked["action"], "unlinked");
    let rows = linked["rows"].as_u64().unwrap();
    assert!(rows > 0);
    // The rows stay: the log's gate saw every raw row.
    let raw_log = read_csv(&root().join("sample_data/access_log.csv"));
    assert_eq!(
        report["datasets"][1]["risk"]["before"]["rows"]
            .as_u64()
            .unwrap(),
        raw_log.height() as u64
    );
    let nulls_in = strings(&raw_log, "customer_id")
        .iter()
        .filter(|v| v.is_none())
        .count() as u64;
    let nulls_out = strings(&log, "customer_id")
        .iter()
        .filter(|v| v.is_none())
        .count() as u64;
    assert!(
        nulls_out
            >= nulls_in + rows
                - report["datasets"][1]["risk"]["suppressed_rows"]
                    .as_u64()
                    .unwrap()
    );
}

/// An unknown `linked-suppression` value is refused with the choices.
#[test]
fn linked_suppression_takes_only_its_values() {
    let tmp = tempfile::tempdir().unwrap();
    let job = partner_joined(tmp.path(), "");
    let text = std::fs::read_to_string(&job).unwrap();
    std::fs::write(&job, format!("linked-suppression = \"delete\"\n{text}")).unwrap();
    let mut c = tokumei();
    c.arg("check").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("linked-suppression") && o.stderr.contains("\"unlink\""),
        "{}",
        o.stderr
    );
}

/// A log whose every point (page, region) is shared by many visitors, but whose visitors' sets
/// of points are mostly unique: per-row k is met, k^2 is not.
fn unique_traces_log(dir: &Path) -> PathBuf {
    let mut csv = String::from("cookie,page,region\n");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    for cookie in 0..240 {
        let mut points: Vec<u64> = Vec::new();
        while points.len() < 4 {
            let p = next(16);
            if !points.contains(&p) {
                points.push(p);
            }
        }
        for p in points {
            for _ in 0..=next(2) {
                csv.push_str(&format!("c{cookie:04},/p{},r{}\n", p % 8, p / 8));
            }
        }
    }
    let path = dir.join("log.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn risk_cli(file: &Path, extra: &[&str]) -> Out {
    let mut c = tokumei();
    c.arg("risk")
        .arg(file)
        .args(["--qi", "page,region", "--subject", "cookie", "--k", "5"])
        .args(extra);
    run(c)
}

/// The gate fixes a log whose traces are unique: k^2 below 5 before, item suppression within
/// the budget, and `tokumei risk --trace-items 2` finds k^2 ≥ 5 in the delivered file.
#[test]
fn the_trace_gate_fixes_unique_traces() {
    let tmp = tempfile::tempdir().unwrap();
    let log = unique_traces_log(tmp.path());
    // The raw log: every point is common, pairs of points are not.
    let raw = risk_cli(&log, &["--trace-items", "1"]);
    assert_eq!(raw.code, 0, "per-row k is met");
    let raw2 = risk_cli(&log, &["--trace-items", "2", "--json"]);
    assert_eq!(raw2.code, 1, "k^2 is not");
    let m: serde_json::Value = serde_json::from_str(&raw2.stdout).unwrap();
    assert!(m["traces"]["k"].as_u64().unwrap() < 5);
    assert!(m["traces"]["unique_trace_share"].as_f64().unwrap() > 0.5);

    let job = tmp.path().join("job.toml");
    std::fs::write(
        &job,
        format!(
            "name = \"t\"\nmode = \"anonymous\"\nrecipient = \"r\"\n\
             [datasets.log]\ninput = \"{}\"\n\
             [datasets.log.columns]\ncookie = {{ rule = \"pseudonym\" }}\npage = \"keep\"\nregion = \"keep\"\n\
             [datasets.log.risk]\nquasi-identifiers = [\"page\", \"region\"]\nsubject = \"cookie\"\n\
             min-k = 5\nmin-km = 5\ntrace-items = 2\nmax-suppression = 0.6\n",
            log.display()
        ),
    )
    .unwrap();
    let out = tmp.path().join("delivery");
    assert_eq!(run_job(&job, &out, None).code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let t = &report["datasets"][0]["risk"]["traces"];
    assert!(t["before"]["k"].as_u64().unwrap() < 5);
    assert!(t["after"]["k"].as_u64().unwrap() >= 5);
    assert_eq!(t["after"]["itemsets_below_k"], 0);
    assert!(t["suppressed_rows"].as_u64().unwrap() > 0);
    assert_eq!(t["passed"], true);
    // Re-measured from the delivered file by `tokumei risk`.
    let delivered = out.join("log.parquet");
    let again = risk_cli(&delivered, &["--trace-items", "2", "--json"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let m: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert!(m["traces"]["k"].as_u64().unwrap() >= 5);
    assert!(m["k"].as_u64().unwrap() >= 5);
}

/// Anonymous mode gates traces at min-k without a `min-km`; pseudonymous mode measures and
/// reports them only; a budget too small for the fix refuses the delivery.
#[test]
fn traces_are_gated_by_default_when_anonymous_and_refused_beyond_the_budget() {
    let tmp = tempfile::tempdir().unwrap();
    let log = unique_traces_log(tmp.path());
    let job = |mode: &str, extra: &str| {
        let job = tmp.path().join("job.toml");
        std::fs::write(
            &job,
            format!(
                "name = \"t\"\nmode = \"{mode}\"\nrecipient = \"r\"\nrecipient-kind = \"contractor\"\n\
                 [datasets.log]\ninput = \"{}\"\n\
                 [datasets.log.columns]\ncookie = {{ rule = \"pseudonym\" }}\npage = \"keep\"\nregion = \"keep\"\n\
                 [datasets.log.risk]\nquasi-identifiers = [\"page\", \"region\"]\nsubject = \"cookie\"\n\
                 min-k = 5\n{extra}\n",
                log.display()
            ),
        )
        .unwrap();
        job
    };
    let traces_of = |out: &Path| -> serde_json::Value {
        let r: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap())
                .unwrap();
        r["datasets"][0]["risk"]["traces"].clone()
    };
    let gated = tmp.path().join("gated");
    assert_eq!(
        run_job(&job("anonymous", "max-suppression = 0.6"), &gated, None).code,
        0
    );
    let t = traces_of(&gated);
    assert_eq!(t["min_km"], 5);
    assert_eq!(t["before"]["items"], 2);
    assert!(t["before"]["k"].as_u64().unwrap() < 5);
    assert!(t["after"]["k"].as_u64().unwrap() >= 5);

    let measured = tmp.path().join("measured");
    assert_eq!(
        run_job(&job("pseudonymous", ""), &measured, Some(TEST_KEY)).code,
        0
    );
    let t = traces_of(&measured);
    assert!(t["min_km"].is_null());
    assert!(t["before"]["k"].as_u64().unwrap() < 5);
    assert_eq!(t["suppressed_rows"], 0);

    // A budget too small for suppressing points: the gate generalises further instead.
    let coarser = tmp.path().join("coarser");
    assert_eq!(
        run_job(&job("anonymous", "max-suppression = 0.01"), &coarser, None).code,
        0
    );
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(coarser.join("report.json")).unwrap())
            .unwrap();
    let g = &r["datasets"][0]["risk"];
    assert_eq!(g["traces"]["generalised_further"], true);
    assert!(g["traces"]["after"]["k"].as_u64().unwrap() >= 5);
    assert!(g["suppressed_share"].as_f64().unwrap() <= 0.01);
    assert!(
        g["generalisation"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["level"].as_u64().unwrap() > 0)
    );
    let again = risk_cli(&coarser.join("log.parquet"), &["--trace-items", "2"]);
    assert_eq!(again.code, 0);

    // With cell suppression the traces are fixed after the rows, by points only; a budget too
    // small for that refuses the delivery.
    let refused = tmp.path().join("refused");
    let o = run_job(
        &job("anonymous", "max-suppression = 0.01\nsuppress = \"cells\""),
        &refused,
        None,
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("traces do not meet min-km"),
        "{}",
        o.stderr
    );
    assert!(!refused.exists());
}

/// UCI Adult with ARX's hierarchies (`../shared/data/adult`, beside the checkout; skipped when
/// absent): with `metric = "loss"` the gate finds ARX 3.9.2's published optimum at k = 5 (loss
/// 0.2419, 1,346 records suppressed, 5 % limit), and reports that loss as `arx_loss`.
#[test]
fn adult_reaches_arx_published_optimum() {
    let adult = root().join("../shared/data/adult");
    if !adult.join("adult.csv").exists() {
        eprintln!("skipped: no {}", adult.display());
        return;
    }
    let adult = adult.canonicalize().unwrap();
    let cols = [
        "sex",
        "age",
        "race",
        "marital-status",
        "education",
        "native-country",
        "workclass",
        "occupation",
        "salary-class",
    ];
    let tmp = tempfile::tempdir().unwrap();
    let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
    let job = format!(
        "name = \"adult\"\nmode = \"anonymous\"\nrecipient = \"benchmark\"\n\
         [datasets.adult]\ninput = \"{}\"\ncsv = {{ delimiter = \";\" }}\n\
         [datasets.adult.columns]\n{}\n\
         [datasets.adult.risk]\nquasi-identifiers = [{}]\nmin-k = 5\nmax-suppression = 0.05\nmetric = \"loss\"\n\
         hierarchies = {{ {} }}\n",
        adult.join("adult.csv").display(),
        quoted
            .iter()
            .map(|c| format!("{c} = \"keep\""))
            .collect::<Vec<_>>()
            .join("\n"),
        quoted.join(", "),
        cols.iter()
            .map(|c| format!(
                "\"{c}\" = \"{}\"",
                adult.join(format!("adult_hierarchy_{c}.csv")).display()
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let path = tmp.path().join("adult.toml");
    std::fs::write(&path, job).unwrap();
    let out = tmp.path().join("delivery");
    assert_eq!(run_job(&path, &out, None).code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let g = &report["datasets"][0]["risk"];
    let levels: Vec<u64> = g["generalisation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["level"].as_u64().unwrap())
        .collect();
    assert_eq!(levels, [0, 3, 0, 0, 2, 1, 1, 2, 0]);
    assert!((g["arx_loss"].as_f64().unwrap() - 0.2419).abs() < 5e-5);
    assert_eq!(g["suppressed_rows"], 1346);
    assert!(g["after"]["k"].as_u64().unwrap() >= 5);
    // The hierarchy tables' levels are named in words.
    assert!(
        g["generalisation"][1]["method"]["en"]
            .as_str()
            .unwrap()
            .contains("adult_hierarchy_age.csv")
    );
}

/// Suppressions flow both ways: with the log gated per customer (`subject = "customer_id"`),
/// customers the log's gate suppresses leave `customers` too, although `customers` was gated
/// first. `customers` is then re-checked: it still meets its k (re-measured by `tokumei risk`),
/// and no pseudonym either gate suppressed is left in the other dataset.
#[test]
fn linked_suppression_reaches_a_dataset_gated_before() {
    let tmp = tempfile::tempdir().unwrap();
    let job = partner_joined(
        tmp.path(),
        "min-k = 0\nreason = \"measured only: this test is about linked suppression\"",
    );
    // Anonymous visitors' rows have no customer_id: they go with their classes only, and the
    // budget bounds rows as well as subjects. At 5 % the log's gate removes only such rows
    // (generalising every quasi-identifier); at 20 % it suppresses customers, which then leave
    // `customers` too.
    let text = std::fs::read_to_string(&job).unwrap().replace(
        "subject = \"cookie_id\"\nmin-k = 5\nmax-suppression = 0.05",
        "subject = \"customer_id\"\nmin-k = 5\nmax-suppression = 0.2",
    );
    assert!(text.contains("max-suppression = 0.2"));
    std::fs::write(&job, text).unwrap();
    let out = tmp.path().join("delivery");
    assert_eq!(run_job(&job, &out, None).code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let customers_report = &report["datasets"][0];
    let log_report = &report["datasets"][1];
    // The log's gate suppressed customers, and they reached the customers gated before.
    assert!(log_report["risk"]["suppressed_subjects"].as_u64().unwrap() > 0);
    // The share it reports covers the rows it removed.
    let removed = log_report["risk"]["suppressed_rows"].as_u64().unwrap() as f64;
    let rows_in = log_report["risk"]["before"]["rows"].as_u64().unwrap() as f64;
    assert!(log_report["risk"]["suppressed_share"].as_f64().unwrap() >= removed / rows_in - 1e-12);
    let back = customers_report["linked"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["from"] == "access_log.customer_id")
        .expect("the log's suppressions reached customers");
    assert!(back["rows"].as_u64().unwrap() > 0);
    assert_eq!(
        customers_report["risk"]["linked_rows"].as_u64().unwrap(),
        back["rows"].as_u64().unwrap()
    );

    let raw_log = ids(
        &read_csv(&root().join("sample_data/access_log.csv")),
        "customer_id",
    );
    let customers = read_parquet(&out.join("customers.parquet"));
    let log = read_parquet(&out.join("access_log.parquet"));
    let (delivered_customers, delivered_log) =
        (ids(&customers, "customer_id"), ids(&log, "customer_id"));
    // Pseudonyms are keyed per run: compare through the delivered sets. A customer the log
    // delivers is a delivered customer; and as many customers of the raw log as the log still
    // holds are in customers (none was lost on the way).
    assert!(delivered_log.is_subset(&delivered_customers));
    assert!(delivered_log.len() < raw_log.len());
    // customers still meets its own k.
    let mut c = tokumei();
    c.arg("risk").arg(out.join("customers.parquet")).args([
        "--qi",
        "birth_date,gender,postal_code,address",
        "--k",
        "5",
    ]);
    assert_eq!(run(c).code, 0);
    assert!(customers_report["risk"]["after"]["k"].as_u64().unwrap() >= 5);
    assert_eq!(
        customers_report["rows_out"].as_u64().unwrap(),
        customers.height() as u64
    );
}

/// `tokumei risk` on a file without a header: its first row would be column names, and a
/// missing column's message lists the names. Those cells are data, so it refuses without them.
#[test]
fn risk_never_prints_a_first_row_of_data_as_column_names() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("nohdr.csv");
    std::fs::write(
        &csv,
        "C0001234,taro@example.jp,F,1990\nC0001235,hanako@example.jp,M,1985\n",
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("risk").arg(&csv).args(["--qi", "gender"]);
    let o = run(c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("looks like data"), "{}", o.stderr);
    for value in ["C0001234", "taro@example.jp", "1990"] {
        assert!(!o.stderr.contains(value), "{}", o.stderr);
        assert!(!o.stdout.contains(value), "{}", o.stdout);
    }
    // A real header is still listed when a column is missing.
    std::fs::write(
        &csv,
        "id,email,gender,year\nC0001234,taro@example.jp,F,1990\n",
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("risk").arg(&csv).args(["--qi", "sex"]);
    let o = run(c);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("id, email, gender, year"), "{}", o.stderr);
}

/// The log (gated, staged while the inputs are checked) is gated while the customers are
/// staged: a gate that fails on either side stops the run, nothing is delivered, and when both
/// fail the error is the one a run in the job's order meets first (the customers').
#[test]
fn a_gate_failing_beside_another_datasets_pass_1_delivers_nothing() {
    let impossible_log = |t: String| {
        t.replace(
            "subject = \"cookie_id\"\nmin-k = 5\n",
            "subject = \"cookie_id\"\nmin-k = 100000\n",
        )
    };
    let impossible_customers = |t: String| {
        t.replace(
            "sensitive = [\"total_spent\"]\nmin-k = 5\n",
            "sensitive = [\"total_spent\"]\nmin-k = 100000\n",
        )
    };
    let cases: [(&str, &dyn Fn(String) -> String); 3] = [
        ("access_log", &impossible_log),
        ("customers", &impossible_customers),
        ("customers", &|t| impossible_customers(impossible_log(t))),
    ];
    for (failing, edit) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
            let edited = edit(t.clone());
            assert_ne!(edited, t, "the job's gate sections changed shape");
            edited
        });
        let o = run_job(&job, &tmp.path().join("out"), None);
        assert_eq!(o.code, 1, "{failing}: {}", o.stderr);
        assert!(
            o.stderr.contains(&format!("dataset `{failing}`")),
            "{failing}: {}",
            o.stderr
        );
        assert!(!tmp.path().join("out").exists(), "nothing delivered");
    }
}

/// With a subject, `min-l` counts people: five people share a class and each has `hiv`, one
/// also `flu` and `cold` in other rows. Counted in rows the class has three values; for each of
/// the five, `hiv` is certain, so the gate must not deliver it (exit 1: nothing else to merge
/// with, no suppression allowed).
#[test]
fn min_l_with_a_subject_counts_people() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("visits.csv"),
        "pid,zip,dx\np1,100,hiv\np2,100,hiv\np3,100,hiv\np4,100,hiv\np5,100,hiv\np1,100,flu\np1,100,cold\n",
    )
    .unwrap();
    let job = tmp.path().join("job.toml");
    std::fs::write(
        &job,
        "name = \"l\"\nmode = \"pseudonymous\"\nrecipient-kind = \"contractor\"\nrecipient = \"r\"\n\
         output-dir = \"out\"\n[datasets.d]\ninput = \"visits.csv\"\n[datasets.d.columns]\n\
         pid = \"keep\"\nzip = \"keep\"\ndx = \"keep\"\n[datasets.d.risk]\nquasi-identifiers = [\"zip\"]\n\
         subject = \"pid\"\nsensitive = [\"dx\"]\nmin-k = 5\nmin-l = 2\nmax-suppression = 0.0\n",
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&job).env("TOKUMEI_KEY", "ab12".repeat(16));
    let o = run(c);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(!tmp.path().join("out").exists());
    let mut c = tokumei();
    c.arg("risk").arg(tmp.path().join("visits.csv")).args([
        "--qi",
        "zip",
        "--subject",
        "pid",
        "--sensitive",
        "dx",
        "--json",
    ]);
    let m: serde_json::Value = serde_json::from_str(&run(c).stdout).unwrap();
    assert_eq!(m["k"], 5);
    assert_eq!(m["l_diversity"][0]["distinct_l"], 1);
}

/// The codec of every column chunk of a Parquet file.
fn codecs(path: &Path) -> HashSet<String> {
    let mut f = std::fs::File::open(path).unwrap();
    let meta = polars_parquet::parquet::read::read_metadata(&mut f).unwrap();
    meta.row_groups
        .iter()
        .flat_map(|g| g.parquet_columns().iter())
        .map(|c| format!("{:?}", c.compression()))
        .collect()
}

/// pass 1 stages a gated dataset uncompressed, since its gate normally rewrites it. What is
/// delivered is compressed as the job says and checked, whether the gate rewrote it or not.
#[test]
fn a_gated_dataset_is_delivered_compressed_and_checked_whether_its_gate_rewrites_it_or_not() {
    for (min_k, rewritten) in [(1, false), (5, true)] {
        let risk = format!(
            "[datasets.customers.risk]\nquasi-identifiers = [\"birth_date\", \"gender\"]\nmin-k = {min_k}\nmax-suppression = 0.1\n"
        );
        let tmp = tempfile::tempdir().unwrap();
        let job = customers_job(tmp.path(), CUSTOMER_COLUMNS, &risk);
        let mut c = tokumei();
        c.arg("run").arg(&job);
        let o = run(c);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let report = read_report(tmp.path());
        let r = &report["datasets"][0]["risk"];
        let suppressed = r["suppressed_rows"].as_u64().unwrap();
        assert_eq!(suppressed > 0, rewritten, "min-k {min_k}: {r}");
        let out = tmp.path().join("out");
        assert_eq!(
            codecs(&out.join("customers.parquet")),
            HashSet::from(["Zstd".to_string()]),
            "min-k {min_k}"
        );
        // The manifest's checksums are those of the files delivered.
        let mut c = tokumei();
        c.arg("verify").arg(&out);
        assert_eq!(run(c).code, 0, "min-k {min_k}");
        // A leak planted in a kept column is found either way.
        let tmp = tempfile::tempdir().unwrap();
        let columns = CUSTOMER_COLUMNS.replace(
            "email = \"drop\"",
            "email = { rule = \"keep\", reason = \"a test of the delivery check\" }",
        );
        let job = customers_job(tmp.path(), &columns, &risk);
        let mut c = tokumei();
        c.arg("run").arg(&job);
        let o = run(c);
        assert_eq!(o.code, 4, "min-k {min_k}: {}", o.stderr);
        assert!(!tmp.path().join("out").exists(), "min-k {min_k}");
    }
}
