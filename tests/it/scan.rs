//! `tokumei scan`: drafts that run unchanged and leak nothing.

use super::*;

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

/// The draft for the sample customers, as a snapshot: the rules, their parameters and the
/// reasons (the input path, which depends on where the checkout is, is redacted).
#[test]
fn scan_draft_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("draft.toml");
    let mut c = tokumei();
    c.arg("scan")
        .arg(root().join("sample_data/customers.csv"))
        .arg("-o")
        .arg(&draft);
    assert_eq!(run(c).code, 0);
    let text: String = std::fs::read_to_string(&draft)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("input = ") {
                "input = \"[redacted]\"".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("scan_draft", text);
}
