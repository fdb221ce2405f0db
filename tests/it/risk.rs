//! Re-identification risk: the measures against pycanon, the gate, suppression, l-diversity and joined risk.

use super::*;

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
