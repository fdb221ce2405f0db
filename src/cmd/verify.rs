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
pub(crate) fn run_dir(dir: &Path, known: KnownSet) -> Result<()> {
    // A tokumei delivery (it has a report) must match its manifest before anything else.
    let manifest = dir.join(crate::report::manifest::MANIFEST_FILE);
    if manifest.exists() || dir.join(crate::io::delivery::REPORT_FILE).exists() {
        let n = crate::report::manifest::check(dir)?;
        println!("ok: {n} file(s) match manifest.json (SHA-256, size; nothing missing or added)");
    } else {
        println!(
            "note: no report.json or manifest.json: not a tokumei delivery; checking its data files for identifiers only"
        );
    }
    let files = delivered_files(dir)?;
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
            &Default::default(),
            &f.allow,
        )?);
        println!("checked {}", f.path.display());
    }
    for f in findings.iter().filter(|f| f.allowed.is_some()) {
        println!(
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
    println!(
        "ok: no identifier found in {} file(s) ({} detectors, {} known values)",
        files.len(),
        kinds.len(),
        n_known
    );
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
