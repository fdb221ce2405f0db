//! Keys: anonymous runs cannot be linked; pseudonymous runs are reproducible per recipient.

use super::*;

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
