//! Runs end to end: what a delivery holds, that it is atomic, that job and input errors are clear.

use super::*;
use std::collections::HashSet;

#[test]
fn partner_job_delivers_parquet_report_and_checksums() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("delivery");
    let o = run_job(&root().join("jobs/partner_delivery.toml"), &out, None);
    assert_eq!(o.code, 0);
    // Both datasets are gated: no warning about an unmeasured anonymous dataset (the
    // bad-input snapshots hold the warning for jobs without a risk section).
    assert!(
        !o.stderr.contains("without a k-anonymity check"),
        "{}",
        o.stderr
    );
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
    // The quick start never delivers a re-identifiable join: the two customer_id columns share
    // no pseudonym, or their join has k >= 5.
    let ids = |f: &str| -> HashSet<String> {
        strings(&read_parquet(&out.join(f)), "customer_id")
            .into_iter()
            .flatten()
            .collect()
    };
    let shared = ids("customers.parquet")
        .intersection(&ids("access_log.parquet"))
        .count();
    if shared > 0 {
        let qis: Vec<String> = ["customers.birth_date", "access_log.timestamp"]
            .iter()
            .map(|q| q.to_string())
            .collect();
        let (k, _, _) = joined_classes(&out, &qis);
        assert!(k >= 5, "the sample delivers a join with k = {k}");
    }
    // The checksums verify.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert_eq!(
        sums.lines().count(),
        6,
        "datasets, report.json, appi_statement.md, report.html, manifest.json"
    );
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

/// The sample partner job's delivery carries a manifest a recipient can check: `tokumei verify`
/// passes on it as delivered and fails (exit 5, naming the file) after one byte of a dataset
/// changes, after a file is removed, and after a file is added. Nothing names the shop's folders.
#[test]
fn the_manifest_lets_a_recipient_verify_the_delivery() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("delivery");
    assert_eq!(
        run_job(&root().join("jobs/partner_delivery.toml"), &out, None).code,
        0
    );
    let text = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let m: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(m["mode"], "anonymous");
    assert!(m["key"]["fingerprint"].is_null());
    assert!(
        m["key"]["statement"]
            .as_str()
            .unwrap()
            .contains("destroyed")
    );
    assert_eq!(m["job"]["sha256"].as_str().unwrap().len(), 64);
    let files = m["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "customers.parquet",
            "access_log.parquet",
            "report.json",
            "appi_statement.md",
            "report.html"
        ]
    );
    let customers = &files[0];
    let delivered = read_parquet(&out.join("customers.parquet"));
    assert_eq!(
        customers["rows"].as_u64().unwrap(),
        delivered.height() as u64
    );
    let schema: Vec<&str> = customers["schema"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let columns: Vec<String> = delivered
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(schema, columns);
    // No absolute path of the shop in the manifest or the report.
    let report = std::fs::read_to_string(out.join("report.json")).unwrap();
    let root_path = root().display().to_string();
    assert!(!text.contains(&root_path) && !report.contains(&root_path));
    let verify = |out: &std::path::Path| {
        let mut c = tokumei();
        c.arg("verify").arg(out);
        run(c)
    };
    let o = verify(&out);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("match manifest.json"));
    // One byte of a dataset changed.
    let p = out.join("access_log.parquet");
    let mut bytes = std::fs::read(&p).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&p, &bytes).unwrap();
    let o = verify(&out);
    assert_eq!(o.code, 5);
    assert!(
        o.stderr.contains("`access_log.parquet` changed"),
        "{}",
        o.stderr
    );
    bytes[mid] ^= 0x01;
    std::fs::write(&p, &bytes).unwrap();
    assert_eq!(verify(&out).code, 0);
    // A file removed.
    let r = out.join("report.json");
    let saved = std::fs::read(&r).unwrap();
    std::fs::remove_file(&r).unwrap();
    let o = verify(&out);
    assert_eq!(o.code, 5);
    assert!(
        o.stderr.contains("`report.json` is missing"),
        "{}",
        o.stderr
    );
    std::fs::write(&r, saved).unwrap();
    // A file added.
    std::fs::write(out.join("notes.txt"), "added").unwrap();
    let o = verify(&out);
    assert_eq!(o.code, 5);
    assert!(
        o.stderr.contains("`notes.txt` is not in the manifest"),
        "{}",
        o.stderr
    );
}

/// A test-only Ed25519 key pair, as `openssl genpkey -algorithm ed25519` and
/// `openssl pkey -pubout` write them.
const TEST_SIGNING_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIG6smCSoztV5/5OURBHKaE/+z4JhR3rnlxqiPh/W0J89
-----END PRIVATE KEY-----
";
const TEST_PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA9v7r3L5Zd/bO4giptjrVv7LtpaAAso7bVPiWKTgeqD0=
-----END PUBLIC KEY-----
";

/// With `signing-key`, the delivery carries the Ed25519 signature of SHA256SUMS: openssl and
/// `tokumei verify --public-key` accept it; a report edited with its manifest and checksums
/// made consistent (which the checksums alone cannot tell) fails it, and so does another key.
/// A second run into the same folder replaces the signed delivery (the signature is tokumei's).
#[test]
fn a_signed_delivery_can_be_verified_with_the_senders_public_key() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("signing.pem"), TEST_SIGNING_KEY).unwrap();
    let public = tmp.path().join("signing.pub.pem");
    std::fs::write(&public, TEST_PUBLIC_KEY).unwrap();
    let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
        t.replacen(
            "\n[datasets.",
            "\nsigning-key = \"signing.pem\"\n\n[datasets.",
            1,
        )
    });
    let out = tmp.path().join("delivery");
    let o = run_job(&job, &out, None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let sig = std::fs::read(out.join("SHA256SUMS.sig")).unwrap();
    assert_eq!(sig.len(), 64);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["signature"]["algorithm"], "Ed25519");
    assert_eq!(report["signature"]["file"], "SHA256SUMS.sig");
    // The HTML report names the public key by its fingerprint for the reader.
    let fingerprint = report["signature"]["fingerprint"].as_str().unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(fingerprint), "{fingerprint}");
    // The private key is never written anywhere in the delivery.
    for e in std::fs::read_dir(&out).unwrap() {
        let bytes = std::fs::read(e.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("MC4CAQAwBQYDK2VwBCIEIG6smCSoztV5"));
    }
    // openssl alone verifies it, where the machine has it.
    if let Ok(o) = std::process::Command::new("openssl")
        .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
        .arg(&public)
        .args(["-rawin", "-in"])
        .arg(out.join("SHA256SUMS"))
        .arg("-sigfile")
        .arg(out.join("SHA256SUMS.sig"))
        .output()
    {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
    let verify = |key: &std::path::Path| {
        let mut c = tokumei();
        c.arg("verify").arg(&out).arg("--public-key").arg(key);
        run(c)
    };
    // The public key as the 64 hex digits report.json gives.
    let hex_key = report["signature"]["public_key"].as_str().unwrap();
    assert_eq!(verify(std::path::Path::new(hex_key)).code, 0);
    // The signature removed: the report still says the delivery is signed.
    let sig_path = out.join("SHA256SUMS.sig");
    std::fs::remove_file(&sig_path).unwrap();
    let mut c = tokumei();
    c.arg("verify").arg(&out);
    let o = run(c);
    assert_eq!(o.code, 5, "{}", o.stdout);
    assert!(o.stderr.contains("report.json says it is"), "{}", o.stderr);
    std::fs::write(&sig_path, &sig).unwrap();
    let o = verify(&public);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains("signed by the key you gave"),
        "{}",
        o.stdout
    );
    // Another key: refused.
    let other = tmp.path().join("other.pub");
    std::fs::write(&other, "11".repeat(32)).unwrap();
    let o = verify(&other);
    assert_eq!(o.code, 5, "{}", o.stdout);
    assert!(
        o.stderr.contains("is not the signature of SHA256SUMS"),
        "{}",
        o.stderr
    );
    // The report edited, and the manifest and checksums made to agree with it.
    let sha = |b: &[u8]| hex::encode(<sha2::Sha256 as sha2::Digest>::digest(b));
    let report_path = out.join("report.json");
    let old_report = std::fs::read(&report_path).unwrap();
    let new_report = String::from_utf8(old_report.clone())
        .unwrap()
        .replace("\"passed\": true", "\"passed\": false")
        .into_bytes();
    assert_ne!(old_report, new_report);
    std::fs::write(&report_path, &new_report).unwrap();
    let manifest_path = out.join("manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path)
        .unwrap()
        .replace(&sha(&old_report), &sha(&new_report))
        .replace(
            &format!("\"bytes\": {}", old_report.len()),
            &format!("\"bytes\": {}", new_report.len()),
        );
    let old_manifest = std::fs::read(&manifest_path).unwrap();
    std::fs::write(&manifest_path, &manifest).unwrap();
    let old_sums = std::fs::read(out.join("SHA256SUMS")).unwrap();
    let sums = String::from_utf8(old_sums.clone())
        .unwrap()
        .replace(&sha(&old_report), &sha(&new_report))
        .replace(&sha(&old_manifest), &sha(manifest.as_bytes()));
    std::fs::write(out.join("SHA256SUMS"), sums).unwrap();
    let mut c = tokumei();
    c.arg("verify").arg(&out);
    let o = run(c);
    assert_eq!(
        o.code, 5,
        "the checksums agree, only the signature tells: {}",
        o.stdout
    );
    assert!(
        o.stderr.contains("changed after it was signed"),
        "{}",
        o.stderr
    );
    // Restored, it verifies again; a new run replaces the signed delivery, signature and all
    // (it is tokumei's), and the new one verifies.
    std::fs::write(&report_path, &old_report).unwrap();
    std::fs::write(&manifest_path, &old_manifest).unwrap();
    std::fs::write(out.join("SHA256SUMS"), &old_sums).unwrap();
    assert_eq!(verify(&public).code, 0);
    let o = run_job(&job, &out, None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_ne!(std::fs::read(out.join("SHA256SUMS.sig")).unwrap(), sig);
    assert_eq!(verify(&public).code, 0);
    // Without --public-key, verify checks the key the report names and says so.
    let mut c = tokumei();
    c.arg("verify").arg(&out);
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains("signed by the key report.json names"),
        "{}",
        o.stdout
    );
}

/// A file named `SHA256SUMS.sig` that is not the signature of the delivery's checksums is not
/// tokumei's: a new run refuses the folder, names that file alone, and leaves it as it was.
#[test]
fn a_foreign_signature_file_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("delivery");
    let job = root().join("jobs/partner_delivery.toml");
    assert_eq!(run_job(&job, &out, None).code, 0);
    std::fs::write(out.join("SHA256SUMS.sig"), "someone else's").unwrap();
    let o = run_job(&job, &out, None);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("holds an earlier tokumei delivery and also entries tokumei did not write: `SHA256SUMS.sig`"),
        "{}",
        o.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("SHA256SUMS.sig")).unwrap(),
        "someone else's"
    );
}

/// A signing key that cannot be read, or is no Ed25519 key, stops the job before anything is
/// written, naming the job key and saying how to make one; nothing of the file is shown.
#[test]
fn a_bad_signing_key_is_a_job_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("bad.pem"), "not a key: secret-ish text\n").unwrap();
    for key in ["missing.pem", "bad.pem"] {
        let job = job_copy("jobs/partner_delivery.toml", tmp.path(), |t| {
            t.replacen(
                "\n[datasets.",
                &format!("\nsigning-key = \"{key}\"\n\n[datasets."),
                1,
            )
        });
        let out = tmp.path().join("delivery");
        let o = run_job(&job, &out, None);
        assert_ne!(o.code, 0);
        assert!(o.stderr.contains("signing-key"), "{}", o.stderr);
        assert!(
            o.stderr.contains("openssl genpkey -algorithm ed25519"),
            "{}",
            o.stderr
        );
        assert!(!o.stderr.contains("secret-ish"), "{}", o.stderr);
        assert!(!out.exists());
    }
}

/// The APPI statements go with every delivery, generated from the job and the delivered
/// columns: anonymous mode publishes the items and the method of provision and tells the
/// recipient not to re-identify; pseudonymous mode records who receives it and why that is
/// allowed. No value appears in them.
#[test]
fn deliveries_carry_the_appi_statements() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("delivery");
    assert_eq!(
        run_job(&root().join("jobs/partner_delivery.toml"), &out, None).code,
        0
    );
    let text = std::fs::read_to_string(out.join("appi_statement.md")).unwrap();
    for want in [
        "匿名加工情報",
        "公表事項",
        "提供の方法",
        "識別するために",
        "must not collate it with other information",
        "`birth_date`: 年代",
        "age band",
        "`address`: 住所の都道府県",
        "`customer_id`: 仮ID",
        "削除した項目 / deleted:",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    // Nothing of the data itself: no raw email or name of the sample customers.
    let raw = read_csv(&root().join("sample_data/customers.csv"));
    for col in ["email", "name"] {
        for v in strings(&raw, col).into_iter().flatten().take(200) {
            assert!(!text.contains(&v), "a raw {col} value in the statement");
        }
    }
    let pseudo = tmp.path().join("internal");
    assert_eq!(
        run_job(
            &root().join("jobs/internal_analytics.toml"),
            &pseudo,
            Some(TEST_KEY)
        )
        .code,
        0
    );
    let text = std::fs::read_to_string(pseudo.join("appi_statement.md")).unwrap();
    for want in [
        "仮名加工情報",
        "第三者に提供してはならず",
        "委託先",
        "a contractor",
        "fingerprint",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
}

/// Row order is kept, so raw and delivered rows align: the pseudonym map must be a function and
/// injective, and shared across the two datasets for customer_id.
#[test]
fn customers_and_access_log_join_on_the_pseudonymised_customer_id() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d");
    // One pseudonym domain for both customer_id columns, the join measured only (no gates here:
    // rows must align with the raw rows).
    let job = partner_without_gate(tmp.path());
    let text = std::fs::read_to_string(&job).unwrap().replace(
        "{ rule = \"pseudonym\", domain = \"access_log.customer_id\" }",
        "{ rule = \"pseudonym\" }",
    ) + "\n[[joined-risk]]\ndatasets = [\"customers\", \"access_log\"]\non = \"customer_id\"\n\
         quasi-identifiers = [\"customers.gender\", \"access_log.method\"]\nmin-k = 0\n\
         reason = \"test: pseudonym consistency across datasets\"\n";
    std::fs::write(&job, text).unwrap();
    let o = run_job(&job, &out, None);
    assert_eq!(o.code, 0, "{}", o.stderr);
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

/// A job of one gated dataset (`d`, no `text` rule) whose input `bad.csv` has 100,000 good
/// rows, past the first megabyte that loading the job samples, then `tail`.
fn gated_job_with_bad_tail(dir: &Path, tail: &[u8]) -> PathBuf {
    let mut csv = b"age,email\n".to_vec();
    for i in 0..100_000 {
        csv.extend_from_slice(format!("{},u{i}@example.jp\n", 20 + i % 50).as_bytes());
    }
    csv.extend_from_slice(tail);
    std::fs::write(dir.join("bad.csv"), csv).unwrap();
    let job = dir.join("job.toml");
    std::fs::write(
        &job,
        "name = \"t\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out\"\n\
         [datasets.d]\ninput = \"bad.csv\"\n[datasets.d.columns]\nage = \"keep\"\nemail = \"drop\"\n\
         [datasets.d.risk]\nquasi-identifiers = [\"age\"]\nmin-k = 1\n",
    )
    .unwrap();
    job
}

/// A gated dataset without a `text` rule runs its pass 1 while its input is checked: a
/// malformed row still stops the run with the checker's message (which names the row, never a
/// value), and nothing is delivered.
#[test]
fn a_malformed_row_in_a_dataset_staged_while_checking_stops_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let job = gated_job_with_bad_tail(tmp.path(), b"33,b@example.jp,EXTRA\n34,c@example.jp\n");
    let mut c = tokumei();
    c.arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(
        o.stderr.contains("row 100002: 3 fields"),
        "the checker's message: {}",
        o.stderr
    );
    assert!(
        !o.stderr.contains("cannot run"),
        "met by the full check: {}",
        o.stderr
    );
    assert!(
        !o.stderr.contains("EXTRA") && !o.stderr.contains("b@example.jp"),
        "never echo a value"
    );
    assert!(!tmp.path().join("out").exists());
}

/// A gated dataset without a `text` rule is read once (pass 1 is its check): bytes that are
/// not UTF-8 past the first megabyte stop the line reader, and the full check then names the
/// row and column and suggests the encoding setting, never printing the bytes; nothing is
/// delivered.
#[test]
fn invalid_text_in_a_dataset_read_once_is_named_by_the_full_check() {
    let tmp = tempfile::tempdir().unwrap();
    let job = gated_job_with_bad_tail(tmp.path(), b"33,b\xff\xfe@example.jp\n34,c@example.jp\n");
    let mut c = tokumei();
    c.arg("-vv").arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(
        o.stderr.contains("read-once pass 1 stopped"),
        "the line reader met it first: {}",
        o.stderr
    );
    assert!(
        o.stderr.contains("row 100002, column 2 (`email`)") && o.stderr.contains("csv.encoding"),
        "the full check's message: {}",
        o.stderr
    );
    assert!(!o.stderr.contains("example.jp"), "never echo a value");
    assert!(!tmp.path().join("out").exists());
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
             {{ column = \"url\", detector = \"member-id\", reason = \"fixture conversion, synthetic data\" }}, \
             {{ column = \"referrer\", detector = \"member-id\", reason = \"fixture conversion, synthetic data\" }}, \
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

/// Scheduled runs: `{date}` / `{yesterday}` templates in input and output paths, `--date` to
/// rerun a past day (it also sets the default `as-of`), and `--set` to override a job value for
/// one run, validated like the file and recorded in the report.
#[test]
fn date_templates_date_and_set_rerun_a_past_day() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("sample_data/customers.csv"),
        tmp.path().join("customers_20261129.csv"),
    )
    .unwrap();
    let job = tmp.path().join("nightly.toml");
    std::fs::write(
        &job,
        format!(
            "name = \"nightly\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out/{{date}}\"\n\
             [datasets.customers]\ninput = \"customers_{{yesterday:%Y%m%d}}.csv\"\n\
             [datasets.customers.columns]\n{CUSTOMER_COLUMNS}"
        ),
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&job).args(["--date", "2026-11-30"]);
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let out = tmp.path().join("out/2026-11-30");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["job"]["run_date"], "2026-11-30");
    assert_eq!(report["as_of"], "2026-11-30");
    assert_eq!(
        report["datasets"][0]["inputs"][0]["path"],
        "customers_20261129.csv"
    );
    // Another day has no input: an input error naming the expanded file.
    let mut c = tokumei();
    c.arg("run").arg(&job).args(["--date", "2026-12-05"]);
    let o = run(c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("customers_20261204.csv"), "{}", o.stderr);
    // --set: a job value for this run, recorded; a wrong one is refused like in the file.
    let mut c = tokumei();
    c.arg("run").arg(&job).args([
        "--date",
        "2026-11-30",
        "--set",
        "recipient=Other K.K.",
        "--set",
        "output-dir=out/other",
    ]);
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("out/other/report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["recipient"], "Other K.K.");
    assert_eq!(report["job"]["overrides"][0], "recipient=Other K.K.");
    for (set, want) in [
        ("mode=pseudonymous", "recipient-kind"),
        ("recipeint=x", "recipeint"),
        ("name.x=1", "`name` is not a table"),
    ] {
        let mut c = tokumei();
        c.arg("check").arg(&job).args(["--set", set]);
        let o = run(c);
        assert_eq!(o.code, 2, "{set}: {}", o.stderr);
        assert!(o.stderr.contains(want), "{set}: {}", o.stderr);
    }
    // A bad template is a job error naming the key.
    std::fs::write(
        &job,
        std::fs::read_to_string(&job)
            .unwrap()
            .replace("{date}", "{today}"),
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("check").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("`output-dir`: unknown placeholder `{today}`"),
        "{}",
        o.stderr
    );
}

/// `--log-format json`: every stderr line of a run (and of a failed one) is one JSON object with
/// a level and a message, the dataset steps carry their counts as fields, and no data value is
/// logged. `-q` leaves only warnings and errors.
#[test]
fn json_logs_parse_and_quiet_is_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("delivery");
    let mut c = tokumei();
    c.args(["--log-format", "json", "run"])
        .arg(root().join("jobs/partner_delivery.toml"))
        .arg("--out-dir")
        .arg(&out);
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let lines: Vec<serde_json::Value> = o
        .stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let step = lines
        .iter()
        .find(|l| l["dataset"] == "customers")
        .expect("a customers step");
    assert_eq!(step["level"], "INFO");
    assert!(step["rows_out"].as_u64().unwrap() > 0);
    let raw = read_csv(&root().join("sample_data/customers.csv"));
    for v in strings(&raw, "email").into_iter().flatten().take(100) {
        assert!(!o.stderr.contains(&v));
    }
    let mut c = tokumei();
    c.args(["--log-format", "json", "run", "no/such/job.toml"]);
    let o = run(c);
    assert_eq!(o.code, 2);
    let last: serde_json::Value = serde_json::from_str(o.stderr.lines().last().unwrap()).unwrap();
    assert_eq!(last["level"], "ERROR");
    assert_eq!(last["exit_code"], 2);
    let mut c = tokumei();
    c.args(["-q", "run"])
        .arg(root().join("jobs/partner_delivery.toml"))
        .arg("--out-dir")
        .arg(tmp.path().join("quiet"));
    let o = run(c);
    assert_eq!(o.code, 0);
    assert!(o.stderr.trim().is_empty(), "{}", o.stderr);
}

/// pass 1 reads a dataset read once in batches of about 2 MiB (tokumei sets polars' line read
/// size), not in polars' own reads of at most 512 KiB: every batch pays for its own rule calls,
/// distinct-value maps and allocations. A polars upgrade that drops the setting fails here.
#[test]
fn a_dataset_read_once_is_read_in_large_batches() {
    let tmp = tempfile::tempdir().unwrap();
    let mut more = Vec::new();
    for i in 0..200_000 {
        more.extend_from_slice(format!("{},v{i}@example.jp\n", 20 + i % 50).as_bytes());
    }
    let job = gated_job_with_bad_tail(tmp.path(), &more);
    let bytes = std::fs::metadata(tmp.path().join("bad.csv")).unwrap().len();
    let mut c = tokumei();
    c.env_remove("POLARS_FORCE_NDJSON_READ_SIZE");
    c.arg("-vv").arg("run").arg(&job);
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let line = o
        .stderr
        .lines()
        .find(|l| l.contains("dataset `d`: read once"))
        .unwrap_or_else(|| panic!("read once: {}", o.stderr));
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = |w: &str| words.iter().position(|x| *x == w).unwrap();
    let rows: u64 = words[at("rows") - 1].parse().unwrap();
    let batches: u64 = words[at("batches") - 1].parse().unwrap();
    assert_eq!(rows, 300_000, "{line}");
    // 2 MiB reads: 3 or 4 batches of this 5.8 MB file; polars' own reads take 14.
    assert!(bytes > 5 << 20, "{bytes}");
    assert!(
        batches <= bytes.div_ceil(2 << 20) + 1,
        "{batches} batches: {line}"
    );
}

/// An output folder spelt with a trailing `.` (`out/.`) is the folder `out`: `check` said it
/// would start and `run` then failed at the swap, after all the work.
#[test]
fn an_output_folder_spelt_with_a_trailing_dot_is_delivered() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = run_job(
        &root().join("jobs/internal_analytics.toml"),
        &out.join("."),
        Some(TEST_KEY),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(out.join("manifest.json").is_file());
    // And again, replacing the first delivery.
    let o = run_job(
        &root().join("jobs/internal_analytics.toml"),
        &out.join("."),
        Some(TEST_KEY),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// A dropped column whose name reads as a person's name or a value is listed by position in
/// the report, which goes to the recipient: its name is in no delivered file.
#[test]
fn a_dropped_column_named_like_data_is_not_named_in_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("in.csv"),
        "customer_id,たなか はなこ,K-1234,city\nC0000001,x,y,東京\nC0000002,x,y,大阪\n",
    )
    .unwrap();
    let job = tmp.path().join("job.toml");
    std::fs::write(
        &job,
        r#"name = "t"
mode = "pseudonymous"
recipient = "r"
recipient-kind = "contractor"
output-dir = "out"

[datasets.c]
input = "in.csv"

[datasets.c.columns]
customer_id = { rule = "pseudonym" }
"たなか はなこ" = "drop"
"K-1234" = "drop"
city = "keep"
"#,
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run_job(&job, &out, Some(TEST_KEY));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let report = read_report(tmp.path());
    assert_eq!(
        report["datasets"][0]["dropped"],
        serde_json::json!(["column 2 (name not shown)", "column 3 (name not shown)"])
    );
    for f in std::fs::read_dir(&out).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("たなか") && !text.contains("K-1234"));
    }
}

/// An earlier delivery with a file edited after it was delivered is refused and kept, and the
/// message says what it is (not that every file is someone else's) and how to find the file.
#[test]
fn an_edited_earlier_delivery_is_refused_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let job = root().join("jobs/internal_analytics.toml");
    assert_eq!(run_job(&job, &out, Some(TEST_KEY)).code, 0);
    let f = out.join("customers.parquet");
    let mut bytes = std::fs::read(&f).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&f, &bytes).unwrap();
    let o = run_job(&job, &out, Some(TEST_KEY));
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(
        o.stderr.contains("looks like an earlier tokumei delivery")
            && o.stderr.contains("tokumei verify"),
        "{}",
        o.stderr
    );
    assert_eq!(std::fs::read(&f).unwrap(), bytes, "the edited file is kept");
}

/// `check --out-dir` checks that destination, as `run --out-dir` would deliver there (the
/// foreign-entries message suggests `--out-dir`).
#[test]
fn check_takes_the_destination_run_would_use() {
    let tmp = tempfile::tempdir().unwrap();
    let foreign = tmp.path().join("docs");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.docx"), "a user's").unwrap();
    let job = root().join("jobs/internal_analytics.toml");
    let mut c = tokumei();
    c.arg("check").arg(&job).arg("--out-dir").arg(&foreign);
    c.env("TOKUMEI_KEY", TEST_KEY);
    let o = run(c);
    assert_eq!(o.code, 3, "{}", o.stderr);
    assert!(o.stderr.contains("thesis.docx"), "{}", o.stderr);
    let mut c = tokumei();
    c.arg("check")
        .arg(&job)
        .arg("--out-dir")
        .arg(tmp.path().join("new"));
    c.env("TOKUMEI_KEY", TEST_KEY);
    assert_eq!(run(c).code, 0);
    assert!(!tmp.path().join("new").exists(), "check writes nothing");
}

/// A run whose stdout is a closed pipe (`tokumei run job.toml | head -0`) delivers and exits 0:
/// the closing line's failed write is no panic (exit 101) after the delivery is in place.
#[test]
fn a_closed_stdout_is_no_failure_after_delivery() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut c = tokumei();
    c.arg("run")
        .arg(root().join("jobs/partner_delivery.toml"))
        .arg("--out-dir")
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let mut child = c.spawn().unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(out.join("SHA256SUMS").is_file());
}

/// `tokumei verify` checks a pseudonym column by its shape, as the run did (read from the
/// report's parameters), rather than searching random codes: a delivery the run passed is not
/// refused by the recipient's check because a code's prefix reads as a label
/// (`device_id=…`) or its letters happen to spell one.
#[test]
fn verify_checks_pseudonyms_by_their_shape_as_the_run_does() {
    let tmp = tempfile::tempdir().unwrap();
    let job = tmp.path().join("job.toml");
    std::fs::write(
        &job,
        format!(
            "name = \"v\"\nmode = \"pseudonymous\"\nrecipient = \"r\"\nrecipient-kind = \"contractor\"\noutput-dir = \"out\"\n\
             [datasets.log]\ninput = \"{}\"\n[datasets.log.columns]\n\
             timestamp = {{ rule = \"timestamp\", truncate = \"hour\" }}\nip = {{ rule = \"ip\" }}\n\
             customer_id = {{ rule = \"pseudonym\", encoding = \"hex\" }}\n\
             cookie_id = {{ rule = \"pseudonym\", prefix = \"device_id=\" }}\n\
             method = \"keep\"\nurl = {{ rule = \"url\" }}\nstatus = \"keep\"\nbytes = \"keep\"\n\
             referrer = {{ rule = \"url\", keep = \"host\" }}\nuser_agent = {{ rule = \"user-agent\" }}\ndevice_model = \"drop\"\n",
            root().join("sample_data/access_log.csv").display()
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let key = "ab12".repeat(16);
    let o = run_job(&job, &out, Some(&key));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let mut c = tokumei();
    c.arg("verify").arg(&out);
    let o = run(c);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
}
