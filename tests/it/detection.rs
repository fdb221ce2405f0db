//! Identifier detection: no raw identifier survives; text is scrubbed; the delivery check, `verify` and `scrub`.

use super::*;

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

/// Known values come from the CSV checker for CSV inputs and from one polars scan for Parquet
/// inputs: both paths give the same known values, so the same scrubbed text and the same count.
#[test]
fn parquet_inputs_collect_the_same_known_values_as_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let mut raw = read_csv(&root().join("sample_data/customers.csv"));
    let pq = tmp.path().join("customers.parquet");
    ParquetWriter::new(std::fs::File::create(&pq).unwrap())
        .finish(&mut raw)
        .unwrap();
    let csv_job = customers_job(tmp.path(), CUSTOMER_COLUMNS, "");
    let text = std::fs::read_to_string(&csv_job).unwrap();
    let csv_path = root().join("sample_data/customers.csv");
    let pq_job = tmp.path().join("pq.toml");
    std::fs::write(
        &pq_job,
        text.replace(csv_path.to_str().unwrap(), pq.to_str().unwrap())
            .replace("output-dir = \"out\"", "output-dir = \"out_pq\""),
    )
    .unwrap();
    let mut c = tokumei();
    c.arg("run").arg(&csv_job);
    assert_eq!(run(c).code, 0);
    let mut c = tokumei();
    c.arg("run").arg(&pq_job);
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let a = std::fs::read_to_string(tmp.path().join("out/report.json")).unwrap();
    let b = std::fs::read_to_string(tmp.path().join("out_pq/report.json")).unwrap();
    let known = |r: &str| -> u64 {
        serde_json::from_str::<serde_json::Value>(r).unwrap()["verification"]["known_values"]
            .as_u64()
            .unwrap()
    };
    assert!(known(&a) > 1000);
    assert_eq!(known(&a), known(&b));
    let inquiries = |dir: &str| {
        strings(
            &read_parquet(&tmp.path().join(dir).join("customers.parquet")),
            "inquiry",
        )
    };
    assert_eq!(inquiries("out"), inquiries("out_pq"));
}

/// A gated CSV log without `text` rules is read once: its pass 1 checks its lines and collects
/// its identifier values, with no separate input check. It must collect what that check
/// collects (the same log without its gate is checked the usual way), so a cookie ID of the log
/// planted in a customer's inquiry is scrubbed either way.
#[test]
fn a_log_read_once_collects_what_the_input_check_collects() {
    let tmp = tempfile::tempdir().unwrap();
    let cookie = "c61b6eb3da65234b3c6abd7b46d001e6";
    let log = std::fs::read_to_string(root().join("sample_data/access_log.csv")).unwrap();
    assert!(log.contains(cookie));
    let customers = std::fs::read_to_string(root().join("sample_data/customers.csv")).unwrap();
    let planted = customers.replacen(
        "注文をキャンセルしたいです。",
        &format!("注文をキャンセルしたいです。クッキーは{cookie}です。"),
        1,
    );
    assert_ne!(planted, customers);
    let ours = tmp.path().join("customers.csv");
    std::fs::write(&ours, planted).unwrap();
    let sample = root().join("sample_data/customers.csv");
    let swap = |t: String| t.replace(sample.to_str().unwrap(), ours.to_str().unwrap());
    let once_dir = tmp.path().join("once");
    let checked_dir = tmp.path().join("checked");
    std::fs::create_dir_all(&once_dir).unwrap();
    std::fs::create_dir_all(&checked_dir).unwrap();
    let once = job_copy("jobs/partner_delivery.toml", &once_dir, swap);
    let text = std::fs::read_to_string(partner_without_gate(&checked_dir)).unwrap();
    let checked = checked_dir.join("job.toml");
    std::fs::write(&checked, swap(text)).unwrap();
    let mut c = tokumei();
    c.arg("-vv")
        .arg("run")
        .arg(&once)
        .arg("--out-dir")
        .arg(once_dir.join("out"));
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("dataset `access_log`: read once"),
        "the log took the read-once path: {}",
        o.stderr
    );
    let o = run_job(&checked, &checked_dir.join("out"), None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let known = |dir: &Path| -> u64 {
        let r: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("out/report.json")).unwrap())
                .unwrap();
        r["verification"]["known_values"].as_u64().unwrap()
    };
    assert!(known(&once_dir) > 1000);
    assert_eq!(known(&once_dir), known(&checked_dir));
    for dir in [&once_dir, &checked_dir] {
        let inquiries = strings(&read_parquet(&dir.join("out/customers.parquet")), "inquiry");
        let has = |s: &str| inquiries.iter().flatten().any(|v| v.contains(s));
        assert!(has("クッキーは"), "the planted row is delivered");
        assert!(!has(cookie), "the cookie ID is scrubbed");
    }
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

/// The delivery check runs while the last file is written (pass 2), wherever that write is: the
/// first write of a dataset without a gate, the gate's rewrite (here it suppresses the rows of
/// classes below k), and a CSV output, which is read back instead. A planted phone number fails each, and a clean
/// run's report holds the figures of the file delivered.
#[test]
fn the_check_finds_a_planted_identifier_whichever_write_is_the_last() {
    let kept_phone = CUSTOMER_COLUMNS.replace(
        "phone = \"drop\"",
        "phone = { rule = \"keep\", reason = \"the test plants an identifier on purpose\" }",
    );
    let gate = "[datasets.customers.risk]\nquasi-identifiers = [\"birth_date\", \"gender\"]\nmin-k = 5\nmax-suppression = 0.1\n";
    for (what, extra) in [
        ("no gate", String::new()),
        ("the gate's rewrite", gate.to_string()),
        ("CSV output", "output = { format = \"csv\" }\n".to_string()),
        (
            "the gate's rewrite of a CSV output",
            format!("output = {{ format = \"csv\" }}\n{gate}"),
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let job = customers_job(tmp.path(), &kept_phone, &extra);
        let mut c = tokumei();
        c.arg("run").arg(&job);
        let o = run(c);
        assert_eq!(o.code, 4, "{what}: {}", o.stderr);
        assert!(
            o.stderr.contains("customers / phone / phone /"),
            "{what}: {}",
            o.stderr
        );
        assert!(
            !tmp.path().join("out").exists(),
            "{what}: nothing delivered"
        );
        // Without the planted column the run delivers, and its report's figures are the
        // delivered file's.
        let job = customers_job(tmp.path(), CUSTOMER_COLUMNS, &extra);
        let mut c = tokumei();
        c.arg("run").arg(&job);
        let o = run(c);
        assert_eq!(o.code, 0, "{what}: {}", o.stderr);
        let report = read_report(tmp.path());
        let ds = &report["datasets"][0];
        let csv = extra.contains("csv");
        let file = tmp.path().join("out").join(if csv {
            "customers.csv"
        } else {
            "customers.parquet"
        });
        let bytes = std::fs::read(&file).unwrap();
        use sha2::Digest;
        assert_eq!(
            ds["output"]["sha256"].as_str().unwrap(),
            hex::encode(sha2::Sha256::digest(&bytes)),
            "{what}"
        );
        assert_eq!(ds["output"]["bytes"].as_u64().unwrap(), bytes.len() as u64);
        if !csv {
            let df = read_parquet(&file);
            assert_eq!(
                ds["rows_out"].as_u64().unwrap(),
                df.height() as u64,
                "{what}"
            );
            for c in ds["columns"].as_array().unwrap() {
                let name = c["name"].as_str().unwrap();
                assert_eq!(
                    c["nulls_out"].as_u64().unwrap(),
                    df.column(name).unwrap().null_count() as u64,
                    "{what}: {name}"
                );
            }
        }
        if extra.contains("risk") {
            assert!(
                ds["risk"]["suppressed_rows"].as_u64().unwrap() > 0,
                "{what}: the gate rewrote the file"
            );
        }
    }
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
    // The delivery no longer matches its manifest: that is found first (exit 5).
    let mut c = tokumei();
    c.arg("verify").arg(&out);
    let o = run(c);
    assert_eq!(o.code, 5, "{}", o.stderr);
    assert!(o.stderr.contains("`customers.csv` changed"), "{}", o.stderr);
    // As a plain folder of data files, the detectors find the planted email.
    for f in ["manifest.json", "report.json", "SHA256SUMS"] {
        std::fs::remove_file(out.join(f)).unwrap();
    }
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

/// `tokumei scrub ARGS` on `input`: its standard output and error (it must succeed).
fn scrub(args: &[&str], input: &str) -> (String, String) {
    let mut c = tokumei();
    c.arg("scrub").args(args);
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
    (out, err)
}

#[test]
fn scrub_keeps_line_count_and_order_and_explains_without_values() {
    let input = "連絡先はtaro@example.co.jpです\n\nお電話は０９０－１２３４－５６７８まで\n注文番号20261012-0042の件\n";
    let (out, err) = scrub(&["--explain"], input);
    assert_eq!(
        out,
        "連絡先は<EMAIL>です\n\nお電話は<PHONE>まで\n注文番号20261012-0042の件\n"
    );
    assert!(err.contains("line 1: email"), "{err}");
    assert!(err.contains("line 3: phone"), "{err}");
    assert!(!err.contains("taro") && !err.contains("1234"), "{err}");
    // What percent-escapes and Base64 hide is explained too, without offsets in the line.
    let input =
        "/r?ref=taro.yamada%2540example.com\n/u?e=dGFyby55YW1hZGFAZXhhbXBsZS5jb20\n/p?page=2\n";
    let (out, err) = scrub(&["--explain"], input);
    assert_eq!(out, "/r?ref=<EMAIL>\n/u?e=PEVNQUlMPg\n/p?page=2\n");
    assert!(
        err.contains("line 1: email (behind percent-escapes)"),
        "{err}"
    );
    assert!(
        err.contains("line 2: replaced behind an encoding (Base64 or hex)"),
        "{err}"
    );
    assert!(!err.contains("line 3"), "{err}");
    assert!(!err.contains("taro"), "{err}");
}

/// Foreign customers' national IDs (`national-id`): a Chinese resident identity number by its
/// check character, a Korean resident registration number and a US Social Security number
/// after their labels; a date-led order number of the Korean shape stays. Secrets after their
/// labels (`secret`): a password, a PIN; a label without one stays.
#[test]
fn scrub_masks_foreign_national_ids_and_secrets() {
    let input = "身份证号11010519491231002X。\n주민등록번호 800101-1234567\nSSN: 078-05-1120\n注文番号 261206-1234567\nパスワードは abc12345 です。暗証番号 1234\nパスワードを忘れました\n";
    let (out, err) = scrub(&["--names", "context", "--explain"], input);
    assert_eq!(
        out,
        "身份证号<NATIONAL_ID>。\n주민등록번호 <NATIONAL_ID>\nSSN: <NATIONAL_ID>\n注文番号 261206-1234567\nパスワードは <SECRET> です。暗証番号 <SECRET>\nパスワードを忘れました\n"
    );
    assert!(err.contains("line 1: national-id"), "{err}");
    assert!(err.contains("line 5: secret"), "{err}");
    for value in ["1949", "1120", "abc12345", "1234"] {
        assert!(!err.contains(value), "{err}");
    }
}

/// Name analysis fails closed: without IPADIC a job whose `text` rule asks for it does not
/// start (the message names the column, says how to install the dictionary and how to opt out);
/// with `names = "context"` it runs.
#[test]
fn name_analysis_without_its_dictionary_refuses_the_job() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("no-ipadic");
    std::fs::create_dir(&empty).unwrap();
    let job = customers_job(tmp.path(), CUSTOMER_COLUMNS, "");
    let mut c = tokumei();
    c.arg("check").arg(&job).env("TOKUMEI_IPADIC", &empty);
    let o = run(c);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("datasets.customers.columns.inquiry.names"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("mecab-ipadic") || o.stderr.contains("IPADIC"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("names = \"context\""), "{}", o.stderr);

    let context = CUSTOMER_COLUMNS.replace(
        "inquiry = { rule = \"text\" }",
        "inquiry = { rule = \"text\", names = \"context\" }",
    );
    let job = customers_job(tmp.path(), &context, "");
    let mut c = tokumei();
    c.arg("check").arg(&job).env("TOKUMEI_IPADIC", &empty);
    assert_eq!(run(c).code, 0);
}

/// Device and advertising IDs in free text (an IDFA, a MAC address, an IMEI) are replaced in the
/// delivery, and a kept column that still holds one stops the run without showing it.
#[test]
fn device_ids_in_text_are_replaced_and_a_kept_one_fails_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = [
        "6D92078A-8246-4BA4-AE5B-76104861E7DC",
        "00:1A:2B:3C:4D:5E",
        "490154203237518",
        "38400000-8cf0-11bd-b23e-10b96e40000d",
    ];
    let mut csv = String::from("customer_id,feedback\n");
    for i in 0..20 {
        let text = match i % 4 {
            0 => format!("アプリが落ちます。広告ID: {}", ids[0]),
            1 => format!("ルーターのMACアドレスは{}です", ids[1]),
            2 => format!("IMEI {} の端末を修理に出します", ids[2]),
            _ => format!("device id is {} and the app crashes", ids[3]),
        };
        csv.push_str(&format!("C{i:07},\"{text}\"\n"));
    }
    let input = tmp.path().join("feedback.csv");
    std::fs::write(&input, csv).unwrap();
    let job_with = |feedback: &str| {
        one_dataset_job(
            tmp.path(),
            "feedback",
            &format!("customer_id = {{ rule = \"pseudonym\" }}\nfeedback = {feedback}"),
        )
    };
    let mut c = tokumei();
    c.arg("run").arg(job_with("{ rule = \"text\" }"));
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let df = read_parquet(&tmp.path().join("out/feedback.parquet"));
    let texts: Vec<String> = strings(&df, "feedback").into_iter().flatten().collect();
    assert_eq!(texts.len(), 20);
    for t in &texts {
        assert!(t.contains("<DEVICE_ID>"), "{t}");
        assert!(ids.iter().all(|id| !t.contains(id)), "{t}");
    }
    std::fs::remove_dir_all(tmp.path().join("out")).unwrap();
    let mut c = tokumei();
    c.arg("run").arg(job_with("\"keep\""));
    let o = run(c);
    assert_eq!(o.code, 4, "{}", o.stderr);
    assert!(o.stderr.contains("device-id"), "{}", o.stderr);
    assert!(ids.iter().all(|id| !o.stderr.contains(id)), "{}", o.stderr);
    assert!(!tmp.path().join("out").exists(), "nothing delivered");
}

/// A referrer that names a person's account (a social network's profile, a handle in a
/// profile's path) or hides an email in Base64 is delivered with the name and the email
/// replaced by the `url` rule, and the delivery check passes it; kept whole, the profile fails
/// the run.
#[test]
fn accounts_and_base64_in_urls_are_replaced_and_a_kept_profile_fails_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    // `taro@example.jp` in Base64url: a tracking link's parameter.
    let hidden = "dGFyb0BleGFtcGxlLmpw";
    let urls = [
        "https://www.facebook.com/hanako.tanaka.123".to_string(),
        "https://www.instagram.com/hanako_tanaka88/".to_string(),
        "https://x.com/yamada_taro/status/1234567890".to_string(),
        format!("https://mail.example.jp/track?e={hidden}"),
    ];
    let names = [
        "hanako.tanaka.123",
        "hanako_tanaka88",
        "yamada_taro",
        hidden,
    ];
    let mut csv = String::from("cookie_id,referrer\n");
    for i in 0..20 {
        csv.push_str(&format!("K{i:07},{}\n", urls[i % urls.len()]));
    }
    std::fs::write(tmp.path().join("log.csv"), csv).unwrap();
    let job_with = |referrer: &str| {
        one_dataset_job(
            tmp.path(),
            "log",
            &format!("cookie_id = {{ rule = \"pseudonym\" }}\nreferrer = {referrer}"),
        )
    };
    let mut c = tokumei();
    // The path's segments kept as they are (ID-like ones are otherwise `:id` already) and the
    // tracking parameter kept: what is left to replace is the detectors'.
    c.arg("run").arg(job_with(
        "{ rule = \"url\", keep-params = [\"e\"], redact-id-segments = false }",
    ));
    let o = run(c);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let df = read_parquet(&tmp.path().join("out/log.parquet"));
    let kept: Vec<String> = strings(&df, "referrer").into_iter().flatten().collect();
    assert_eq!(kept.len(), 20);
    for u in &kept {
        assert!(names.iter().all(|n| !u.contains(n)), "{u}");
    }
    assert!(
        kept.iter()
            .any(|u| u == "https://www.facebook.com/<MEMBER_ID>"),
        "{kept:?}"
    );
    // The email's place keeps Base64: `<EMAIL>` encoded again.
    assert!(
        kept.iter().any(|u| u.ends_with("/track?e=PEVNQUlMPg")),
        "{kept:?}"
    );
    std::fs::remove_dir_all(tmp.path().join("out")).unwrap();
    let mut c = tokumei();
    c.arg("run").arg(job_with("\"keep\""));
    let o = run(c);
    assert_eq!(o.code, 4, "{}", o.stderr);
    assert!(o.stderr.contains("member-id"), "{}", o.stderr);
    assert!(names.iter().all(|n| !o.stderr.contains(n)), "{}", o.stderr);
    assert!(!tmp.path().join("out").exists(), "nothing delivered");
}

/// An anonymous job in `dir` (`job.toml`) of one dataset read from `DATASET.csv` with `columns`
/// (TOML lines), delivering to `out/`.
fn one_dataset_job(dir: &Path, dataset: &str, columns: &str) -> PathBuf {
    let job = dir.join("job.toml");
    std::fs::write(
        &job,
        format!(
            "name = \"t\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out\"\n\
             [datasets.{dataset}]\ninput = \"{dataset}.csv\"\n[datasets.{dataset}.columns]\n\
             {columns}\n"
        ),
    )
    .unwrap();
    job
}
