//! `manifest.json`: what a recipient can check a delivery against. Every delivered file (the
//! datasets and `report.json`) with its SHA-256, size, and for datasets the row count and schema;
//! the job's hash, the tool version, the mode, and the key's fingerprint or the statement that an
//! ephemeral key was used and destroyed. Files are named by base name only.
//!
//! `tokumei verify DIR` checks a folder against it (`check`): a file that changed, one that is
//! missing and one that was added each fail with its name.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub(crate) use crate::io::delivery::MANIFEST_FILE;
pub(crate) const MANIFEST_VERSION: u32 = 1;

/// What anonymous mode's key statement says.
pub(crate) const EPHEMERAL_KEY: &str = "an ephemeral key was drawn for this run, held only in memory, and destroyed when the run ended; no one can recompute these pseudonyms";

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub(crate) manifest_version: u32,
    pub(crate) tool: ManifestTool,
    pub(crate) job: ManifestJob,
    /// `anonymous` (匿名加工情報) or `pseudonymous` (仮名加工情報).
    pub(crate) mode: String,
    pub(crate) recipient: String,
    /// `third-party`, `contractor`, `joint-use` or `succession`.
    pub(crate) recipient_kind: String,
    pub(crate) key: ManifestKey,
    pub(crate) files: Vec<ManifestFile>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ManifestTool {
    pub(crate) name: String,
    pub(crate) version: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ManifestJob {
    pub(crate) name: String,
    /// SHA-256 of the job file's bytes.
    pub(crate) sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ManifestKey {
    /// Fingerprint of the kept key (pseudonymous mode); absent for an ephemeral key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fingerprint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) statement: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ManifestFile {
    pub(crate) name: String,
    pub(crate) sha256: String,
    pub(crate) bytes: u64,
    /// Data rows (datasets only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rows: Option<u64>,
    /// Columns and their types as delivered (datasets only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) schema: Option<Vec<ManifestColumn>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ManifestColumn {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) dtype: String,
}

/// A plain file name (no folder, not hidden): what a manifest may list.
fn plain(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\', '\0']) && !name.starts_with('.')
}

/// Checks the folder `dir` against its `manifest.json`: every listed file is there, a regular
/// file, of the listed size and SHA-256; no other file is there (`SHA256SUMS` aside, which lists
/// the manifest itself, and its signature `SHA256SUMS.sig`). Returns the number of files checked; the error names every file that
/// changed, is missing or was added.
pub(crate) fn check(dir: &Path) -> Result<usize> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read(&path).map_err(|e| {
        Error::integrity(format!(
            "`{}`: cannot read {MANIFEST_FILE} ({}); a tokumei delivery holds one. Was the folder delivered by tokumei 0.1 before manifests, or was the file removed?",
            dir.display(),
            e.kind()
        ))
    })?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| {
        Error::integrity(format!(
            "`{}`: {MANIFEST_FILE} is not a tokumei manifest (line {}, column {}); it was changed or is not tokumei's",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    // The SHA-256 of each file hashed so far (SHA256SUMS is checked against them below).
    let mut hashed: std::collections::BTreeMap<String, String> = Default::default();
    for f in &manifest.files {
        if !plain(&f.name) {
            problems.push(format!(
                "{MANIFEST_FILE} lists `{}`, which is not a file name of this folder",
                f.name
            ));
            continue;
        }
        listed.insert(f.name.clone());
        let p = dir.join(&f.name);
        match std::fs::symlink_metadata(&p) {
            Err(_) => problems.push(format!("`{}` is missing", f.name)),
            Ok(m) if !m.file_type().is_file() => {
                problems.push(format!("`{}` is not a regular file", f.name))
            }
            Ok(m) if m.len() != f.bytes => problems.push(format!(
                "`{}` changed: {} bytes, the manifest says {}",
                f.name,
                m.len(),
                f.bytes
            )),
            Ok(_) => {
                let (_, sha) = crate::io::checksum::sha256_file(&p)?;
                if !sha.eq_ignore_ascii_case(&f.sha256) {
                    problems.push(format!(
                        "`{}` changed: its SHA-256 is not the manifest's",
                        f.name
                    ));
                }
                hashed.insert(f.name.clone(), sha);
            }
        }
    }
    // SHA256SUMS lists every file with the manifest itself: a data file changed together with
    // its manifest entry still differs from it (`sha256sum -c SHA256SUMS` says the same).
    let sums_path = dir.join(crate::io::delivery::SUMS_FILE);
    match std::fs::read_to_string(&sums_path) {
        Err(e) => problems.push(format!(
            "`{}` cannot be read ({}); a tokumei delivery holds one",
            crate::io::delivery::SUMS_FILE,
            e.kind()
        )),
        Ok(text) => {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let Some((want, name)) = line.split_once("  ") else {
                    problems.push(format!(
                        "`{}` has a line that is not `SHA-256  name`",
                        crate::io::delivery::SUMS_FILE
                    ));
                    continue;
                };
                if !plain(name) {
                    continue;
                }
                let got = match hashed.get(name) {
                    Some(sha) => Some(sha.clone()),
                    None => {
                        let p = dir.join(name);
                        match std::fs::symlink_metadata(&p) {
                            Ok(m) if m.file_type().is_file() => {
                                Some(crate::io::checksum::sha256_file(&p)?.1)
                            }
                            _ => None,
                        }
                    }
                };
                match got {
                    None => problems.push(format!(
                        "`{name}` is listed in {} but missing",
                        crate::io::delivery::SUMS_FILE
                    )),
                    Some(sha) if !sha.eq_ignore_ascii_case(want) => problems.push(format!(
                        "`{name}` changed: its SHA-256 is not the one {} lists",
                        crate::io::delivery::SUMS_FILE
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(format!("`{}`: cannot list ({})", dir.display(), e.kind())))?;
    for e in entries {
        let e =
            e.map_err(|e| Error::io(format!("`{}`: cannot list ({})", dir.display(), e.kind())))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name != MANIFEST_FILE
            && name != crate::io::delivery::SUMS_FILE
            && name != crate::io::delivery::SIGNATURE_FILE
            && !listed.contains(&name)
        {
            problems.push(format!(
                "`{name}` is not in the manifest (added after delivery?)"
            ));
        }
    }
    if problems.is_empty() {
        return Ok(manifest.files.len());
    }
    problems.sort();
    Err(Error::integrity(format!(
        "`{}` does not match its {MANIFEST_FILE}:\n  - {}\n  ask the sender for the delivery again; do not use a folder that fails this check",
        dir.display(),
        problems.join("\n  - ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(b: &[u8]) -> String {
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(b))
    }

    fn delivery(dir: &Path) {
        std::fs::write(dir.join("a.csv"), "x\n1\n").unwrap();
        std::fs::write(dir.join("report.json"), "{}").unwrap();
        let m = Manifest {
            manifest_version: MANIFEST_VERSION,
            tool: ManifestTool {
                name: "tokumei".into(),
                version: "0".into(),
            },
            job: ManifestJob {
                name: "t".into(),
                sha256: sha(b"job"),
            },
            mode: "anonymous".into(),
            recipient: "r".into(),
            recipient_kind: "third-party".into(),
            key: ManifestKey {
                fingerprint: None,
                statement: Some(EPHEMERAL_KEY.into()),
            },
            files: vec![
                ManifestFile {
                    name: "a.csv".into(),
                    sha256: sha(b"x\n1\n"),
                    bytes: 4,
                    rows: Some(1),
                    schema: Some(vec![ManifestColumn {
                        name: "x".into(),
                        dtype: "str".into(),
                    }]),
                },
                ManifestFile {
                    name: "report.json".into(),
                    sha256: sha(b"{}"),
                    bytes: 2,
                    rows: None,
                    schema: None,
                },
            ],
        };
        let manifest = serde_json::to_vec(&m).unwrap();
        std::fs::write(dir.join(MANIFEST_FILE), &manifest).unwrap();
        let sums = format!(
            "{}  a.csv\n{}  report.json\n{}  {MANIFEST_FILE}\n",
            sha(b"x\n1\n"),
            sha(b"{}"),
            sha(&manifest)
        );
        std::fs::write(dir.join(crate::io::delivery::SUMS_FILE), sums).unwrap();
    }

    #[test]
    fn a_changed_missing_or_added_file_fails_with_its_name() {
        let t = tempfile::tempdir().unwrap();
        delivery(t.path());
        assert_eq!(check(t.path()).unwrap(), 2);
        // One byte changed, same size.
        std::fs::write(t.path().join("a.csv"), "x\n2\n").unwrap();
        let e = check(t.path()).unwrap_err();
        assert!(e.to_string().contains("`a.csv` changed"), "{e}");
        assert_eq!(e.kind, crate::error::ErrorKind::Integrity);
        delivery(t.path());
        std::fs::remove_file(t.path().join("report.json")).unwrap();
        assert!(
            check(t.path())
                .unwrap_err()
                .to_string()
                .contains("`report.json` is missing")
        );
        delivery(t.path());
        std::fs::write(t.path().join("extra.csv"), "y").unwrap();
        assert!(
            check(t.path())
                .unwrap_err()
                .to_string()
                .contains("`extra.csv` is not in the manifest")
        );
        // A data file changed together with its manifest entry: SHA256SUMS still tells.
        let t = tempfile::tempdir().unwrap();
        delivery(t.path());
        std::fs::write(t.path().join("a.csv"), "x\n2\n").unwrap();
        let path = t.path().join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace(&sha(b"x\n1\n"), &sha(b"x\n2\n"));
        std::fs::write(&path, text).unwrap();
        let e = check(t.path()).unwrap_err().to_string();
        assert!(
            e.contains("`a.csv` changed: its SHA-256 is not the one SHA256SUMS lists")
                && e.contains("`manifest.json` changed"),
            "{e}"
        );
    }
}
