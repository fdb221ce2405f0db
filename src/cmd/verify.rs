//! `tokumei verify DIR [--job JOB]`: the delivery check on a folder that was already delivered.

use std::path::Path;
use std::sync::Arc;

use crate::detect::{Detector, Kind};
use crate::error::{Error, Result};
use crate::verify::{check_file, delivered_files, failure_message};

use super::run::{Collection, prepare_dataset};
use crate::detect::known::KnownSet;

/// `tokumei verify DIR [--job JOB]`: the delivery check on an existing folder. With `--job`,
/// the known raw values of the job's identifier columns are searched for as well.
pub(crate) fn run_dir(dir: &Path, known: KnownSet, public_key: Option<&Path>) -> Result<()> {
    let public = public_key.map(crate::keys::read_public_key).transpose()?;
    // A tokumei delivery (it has a report) must match its manifest before anything else.
    let manifest = dir.join(crate::report::manifest::MANIFEST_FILE);
    if manifest.exists() || dir.join(crate::io::delivery::REPORT_FILE).exists() {
        let n = crate::report::manifest::check(dir)?;
        outln!("ok: {n} file(s) match manifest.json (SHA-256, size; nothing missing or added)");
        check_signature(dir, public)?;
    } else if public.is_some() {
        return Err(Error::integrity(format!(
            "`{}` is not a tokumei delivery (no report.json or manifest.json), so it has no signature to check",
            dir.display()
        )));
    } else {
        outln!(
            "note: no report.json or manifest.json: not a tokumei delivery; checking its data files for identifiers only"
        );
    }
    let files = delivered_files(dir)?;
    // A bus error (a delivered file cut while it is read) names the file.
    crate::io::workdir::watch_files(files.iter().map(|f| f.path.as_path()));
    let kinds: Vec<Kind> = Kind::patterns();
    let n_known = known.len();
    let detector = Arc::new(Detector::new(&kinds).with_known_set(Some(Arc::new(known))));
    let mut findings = Vec::new();
    for f in &files {
        findings.extend(check_file(
            &f.dataset,
            &f.path,
            f.format,
            &detector,
            &f.expected,
            &f.shapes,
            &f.allow,
        )?);
        outln!("checked {}", f.path.display());
    }
    for f in findings.iter().filter(|f| f.allowed.is_some()) {
        outln!(
            "warning: {} / {} / {}: {} cell(s), allowed: {}",
            f.dataset,
            f.column,
            f.detector,
            f.cells,
            f.allowed.as_deref().unwrap_or("")
        );
    }
    if findings.iter().any(|f| f.allowed.is_none()) {
        return Err(Error::leak(failure_message(&findings, true)));
    }
    outln!(
        "ok: no identifier found in {} file(s) ({} detectors, {} known values)",
        files.len(),
        kinds.len(),
        n_known
    );
    Ok(())
}

/// The delivery's signature (`SHA256SUMS.sig`, Ed25519 over `SHA256SUMS`, which lists every
/// file): checked against `public`, the key the sender gave the recipient, or without one
/// against the key `report.json` names, which shows the files are as signed but not by whom.
fn check_signature(dir: &Path, public: Option<[u8; 32]>) -> Result<()> {
    use crate::io::delivery::{REPORT_FILE, SIGNATURE_FILE, SUMS_FILE};
    let sig_path = dir.join(SIGNATURE_FILE);
    let read = |name: &str| {
        std::fs::read(dir.join(name)).map_err(|e| {
            Error::integrity(format!(
                "`{}`: cannot read {name} ({})",
                dir.display(),
                e.kind()
            ))
        })
    };
    let report = serde_json::from_slice::<serde_json::Value>(&read(REPORT_FILE)?).ok();
    let declared = report
        .as_ref()
        .is_some_and(|r| r.pointer("/signature").is_some_and(|v| !v.is_null()));
    let named: Option<[u8; 32]> = report.as_ref().and_then(|r| {
        hex::decode(r.pointer("/signature/public_key")?.as_str()?)
            .ok()?
            .try_into()
            .ok()
    });
    if !sig_path.exists() {
        // A report that says the delivery is signed, without the signature: removed on the way
        // (perhaps with the files it vouched for changed).
        if declared || public.is_some() {
            return Err(Error::integrity(format!(
                "`{}` is not signed (no {SIGNATURE_FILE}), but {}; do not use it, and ask the sender for the signed delivery",
                dir.display(),
                if declared {
                    "report.json says it is"
                } else {
                    "--public-key asks for a signature"
                }
            )));
        }
        outln!(
            "note: not signed (no {SIGNATURE_FILE}); a job signs its deliveries with `signing-key`"
        );
        return Ok(());
    }
    let sums = read(SUMS_FILE)?;
    let sig = read(SIGNATURE_FILE)?;
    let Some(key) = public.or(named) else {
        return Err(Error::integrity(format!(
            "`{}`: {SIGNATURE_FILE} is there but report.json names no signing key; pass the sender's key with --public-key",
            dir.display()
        )));
    };
    let fp = crate::keys::public_fingerprint(&key);
    if !crate::keys::signature_holds(&key, &sums, &sig) {
        return Err(Error::integrity(format!(
            "`{}`: {SIGNATURE_FILE} is not the signature of {SUMS_FILE} by key {fp}: the delivery was changed after it was signed, or signed with another key; do not use it",
            dir.display()
        )));
    }
    match (public, named) {
        (Some(_), Some(n)) if n != key => outln!(
            "ok: {SUMS_FILE} is signed by the key you gave ({fp}); report.json names another key ({})",
            crate::keys::public_fingerprint(&n)
        ),
        (Some(_), _) => outln!("ok: {SUMS_FILE} is signed by the key you gave ({fp})"),
        (None, _) => outln!(
            "ok: {SUMS_FILE} is signed by the key report.json names ({fp}); check it is the sender's with --public-key"
        ),
    }
    Ok(())
}

/// The raw values of every identifier column of a job's inputs (for `tokumei verify --job`).
pub(crate) fn job_known_values(job_path: &Path) -> Result<KnownSet> {
    let mut job = crate::job::plan::load(job_path, None)?;
    // Decoded raw data goes only into a private folder that is removed however verify ends.
    let work = crate::io::workdir::TempDir::new("verify")?;
    let mut values = KnownSet::new();
    let result = (|| {
        for d in &mut job.datasets {
            let mut c = Collection::new(d, false);
            prepare_dataset(d, work.path(), Some(&mut c))?;
            values.absorb(c.finish().0);
        }
        Ok(())
    })();
    drop(work);
    result?;
    Ok(values)
}
