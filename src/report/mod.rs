//! `report.json`: what a run did, for the data-protection officer and the recipient. Versioned
//! schema. Never a cell value, never key material: only counts, rule parameters, file hashes and a
//! key fingerprint (or "ephemeral").

pub(crate) mod appi;
pub(crate) mod html;
pub(crate) mod manifest;
use serde::Serialize;

pub(crate) const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub(crate) struct Report {
    pub(crate) schema_version: u32,
    pub(crate) tool: Tool,
    pub(crate) job: JobInfo,
    /// `anonymous` (匿名加工情報) or `pseudonymous` (仮名加工情報).
    pub(crate) mode: String,
    pub(crate) recipient: String,
    /// `third-party`, `contractor`, `joint-use` or `succession` (APPI's categories).
    pub(crate) recipient_kind: String,
    pub(crate) key: KeyInfo,
    /// The delivery's signature (`signing-key`), when the job signs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) signature: Option<SignatureInfo>,
    pub(crate) timezone: String,
    pub(crate) as_of: String,
    pub(crate) started_at: String,
    pub(crate) finished_at: String,
    pub(crate) duration_ms: u64,
    pub(crate) datasets: Vec<DatasetReport>,
    /// `[[joined-risk]]`: the risk of datasets joined on a shared pseudonym.
    pub(crate) joined_risk: Vec<crate::risk::JoinedReport>,
    pub(crate) verification: Verification,
}

/// The delivery check: what was searched for and what was found (only allowed findings can be
/// in a delivered report; any other finding stops the run).
#[derive(Debug, Serialize)]
pub(crate) struct Verification {
    pub(crate) detectors: Vec<&'static str>,
    /// How many distinct raw identifier values were searched for.
    pub(crate) known_values: u64,
    pub(crate) allowed: Vec<AllowedFinding>,
    pub(crate) findings: Vec<crate::verify::Finding>,
    pub(crate) duration_ms: u64,
}

#[derive(Debug, Serialize)]
pub(crate) struct AllowedFinding {
    pub(crate) dataset: String,
    pub(crate) column: String,
    pub(crate) detector: String,
    pub(crate) reason: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Tool {
    pub(crate) name: &'static str,
    pub(crate) version: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct JobInfo {
    pub(crate) name: String,
    pub(crate) file: String,
    pub(crate) sha256: String,
    /// The run date `{date}` templates used (`--date`, else the day of the run).
    pub(crate) run_date: String,
    /// `--set KEY=VALUE` overrides of this run (job values, not data).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) overrides: Vec<String>,
}

/// How the delivery is signed: `SHA256SUMS.sig` holds the Ed25519 signature (RFC 8032, raw 64
/// bytes) of `SHA256SUMS`, which lists every other file with its SHA-256.
#[derive(Debug, Serialize)]
pub(crate) struct SignatureInfo {
    pub(crate) algorithm: &'static str,
    pub(crate) file: &'static str,
    pub(crate) signs: &'static str,
    /// The public key, hex (32 bytes); a recipient checks it against the one the shop gave.
    pub(crate) public_key: String,
    pub(crate) fingerprint: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct KeyInfo {
    /// `ephemeral`, `env` or `key-file`.
    pub(crate) source: &'static str,
    /// Fingerprint of the kept key; `ephemeral` when the key lived only for this run.
    pub(crate) fingerprint: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct DatasetReport {
    pub(crate) name: String,
    pub(crate) inputs: Vec<InputFile>,
    pub(crate) input_format: &'static str,
    pub(crate) output: OutputFile,
    pub(crate) rows_in: u64,
    pub(crate) rows_out: u64,
    pub(crate) duration_ms: u64,
    /// Reading every input once to check its rows (and decode it) before the transform.
    pub(crate) input_check_ms: u64,
    pub(crate) columns: Vec<ColumnReport>,
    pub(crate) dropped: Vec<String>,
    /// The re-identification gate's measures, when the job sets `[datasets.NAME.risk]`.
    pub(crate) risk: Option<crate::risk::GateReport>,
    /// Subjects another dataset's gate suppressed, removed or unlinked here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) linked: Vec<crate::risk::linked::LinkedReport>,
}

#[derive(Debug, Serialize)]
pub(crate) struct InputFile {
    pub(crate) path: String,
    pub(crate) bytes: u64,
}

#[derive(Debug, Serialize)]
pub(crate) struct OutputFile {
    pub(crate) file: String,
    pub(crate) format: &'static str,
    pub(crate) compression: Option<&'static str>,
    pub(crate) bytes: u64,
    pub(crate) sha256: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct ColumnReport {
    pub(crate) name: String,
    pub(crate) rule: &'static str,
    pub(crate) params: String,
    pub(crate) input_type: String,
    pub(crate) output_type: String,
    /// What the delivered column holds, in words (Japanese and English).
    pub(crate) method: crate::transform::Words,
    pub(crate) nulls_in: u64,
    /// Non-null values the rule could not interpret; they were delivered as null.
    pub(crate) unparsed: u64,
    /// Nulls in the delivered file (after the risk gate, if any).
    pub(crate) nulls_out: u64,
    /// Why an identifier-like column was kept (`keep` with a `reason`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) keep_reason: Option<String>,
}

/// A file's base name: reports and manifests never carry the shop's folders.
pub(crate) fn base_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// An input file's name as the report shows it: its base name, with any identifier it holds
/// replaced by the detector's placeholder (`山田太郎様_注文履歴.csv` → `<NAME>様_注文履歴.csv`):
/// a shop's exports are sometimes named after a customer, and the report goes to the recipient.
pub(crate) fn shown_file_name(p: &std::path::Path) -> String {
    use crate::detect::{Detector, Kind};
    static SCRUB: std::sync::LazyLock<Detector> =
        std::sync::LazyLock::new(|| Detector::new(&Kind::patterns()));
    // The extensions stay as they are (`….jp.csv` is no address whose domain ends in `csv`).
    const EXTENSIONS: [&str; 9] = [
        ".csv", ".tsv", ".txt", ".parquet", ".ndjson", ".jsonl", ".json", ".gz", ".zst",
    ];
    let name = base_name(p);
    let mut stem = name.as_str();
    while let Some(e) = EXTENSIONS.iter().find(|e| {
        stem.len() > e.len()
            && stem.is_char_boundary(stem.len() - e.len())
            && stem[stem.len() - e.len()..].eq_ignore_ascii_case(e)
    }) {
        stem = &stem[..stem.len() - e.len()];
    }
    format!("{}{}", SCRUB.scrub(stem), &name[stem.len()..])
}

/// The current time as the report writes it (RFC 3339, UTC, seconds).
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Report {
    /// The report of a finished run.
    pub(crate) fn new(
        job: &crate::job::Job,
        key: &crate::keys::RunKey,
        started_at: String,
        duration_ms: u64,
        datasets: Vec<DatasetReport>,
        joined_risk: Vec<crate::risk::JoinedReport>,
        verification: Verification,
    ) -> Report {
        use crate::keys::KeySource;
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "tokumei",
                version: env!("CARGO_PKG_VERSION"),
            },
            job: JobInfo {
                name: job.name.clone(),
                file: base_name(&job.file),
                sha256: job.sha256.clone(),
                run_date: job.run_date.to_string(),
                overrides: job.overrides.clone(),
            },
            mode: job.mode.to_string(),
            recipient: job.recipient.clone(),
            recipient_kind: job.recipient_kind.to_string(),
            key: KeyInfo {
                source: match key.source() {
                    KeySource::Ephemeral => "ephemeral",
                    KeySource::Env => "env",
                    KeySource::File(_) => "key-file",
                },
                fingerprint: key.fingerprint().unwrap_or("ephemeral").to_string(),
            },
            signature: job.signer.as_ref().map(|s| {
                let public = s.public_key();
                SignatureInfo {
                    algorithm: "Ed25519",
                    file: crate::io::delivery::SIGNATURE_FILE,
                    signs: crate::io::delivery::SUMS_FILE,
                    public_key: hex::encode(public),
                    fingerprint: crate::keys::public_fingerprint(&public),
                }
            }),
            timezone: job.timezone.name().to_string(),
            as_of: job.as_of.to_string(),
            started_at,
            finished_at: now(),
            duration_ms,
            datasets,
            joined_risk,
            verification,
        }
    }

    /// Writes `report.json`, then `SHA256SUMS` (every dataset and the report, so a recipient can
    /// check the delivery with `sha256sum -c SHA256SUMS`) and, with a `signer`, its signature;
    /// `path` names a file of the delivery.
    pub(crate) fn write(
        &self,
        path: impl Fn(&str) -> std::path::PathBuf,
        signer: Option<&crate::keys::DeliverySigner>,
    ) -> crate::error::Result<()> {
        use crate::error::Error;
        let json = serde_json::to_string_pretty(self)
            .map_err(|e| Error::io(format!("cannot encode report: {e}")))?;
        let report_path = path(crate::io::delivery::REPORT_FILE);
        std::fs::write(&report_path, json + "\n").map_err(|e| {
            Error::io(format!(
                "cannot write `{}`: {}",
                report_path.display(),
                e.kind()
            ))
        })?;
        let mut sums = String::new();
        for d in &self.datasets {
            sums.push_str(&format!("{}  {}\n", d.output.sha256, d.output.file));
        }
        let (report_bytes, report_sha) = crate::io::checksum::sha256_file(&report_path)?;
        sums.push_str(&format!(
            "{report_sha}  {}\n",
            crate::io::delivery::REPORT_FILE
        ));
        // The APPI statement, listed in the manifest and the checksums like the report.
        let statement_path = path(crate::io::delivery::STATEMENT_FILE);
        std::fs::write(&statement_path, appi::statement(self)).map_err(|e| {
            Error::io(format!(
                "cannot write `{}`: {}",
                statement_path.display(),
                e.kind()
            ))
        })?;
        let (statement_bytes, statement_sha) = crate::io::checksum::sha256_file(&statement_path)?;
        sums.push_str(&format!(
            "{statement_sha}  {}\n",
            crate::io::delivery::STATEMENT_FILE
        ));
        // The human-readable report, listed like the statement.
        let html =
            html::render(self).map_err(|e| Error::io(format!("cannot render report.html: {e}")))?;
        let html_path = path(crate::io::delivery::HTML_FILE);
        std::fs::write(&html_path, html).map_err(|e| {
            Error::io(format!(
                "cannot write `{}`: {}",
                html_path.display(),
                e.kind()
            ))
        })?;
        let (html_bytes, html_sha) = crate::io::checksum::sha256_file(&html_path)?;
        sums.push_str(&format!("{html_sha}  {}\n", crate::io::delivery::HTML_FILE));
        let manifest_path = path(manifest::MANIFEST_FILE);
        let mut m = self.manifest(&report_sha, report_bytes);
        for (name, sha256, bytes) in [
            (
                crate::io::delivery::STATEMENT_FILE,
                statement_sha,
                statement_bytes,
            ),
            (crate::io::delivery::HTML_FILE, html_sha, html_bytes),
        ] {
            m.files.push(manifest::ManifestFile {
                name: name.to_string(),
                sha256,
                bytes,
                rows: None,
                schema: None,
            });
        }
        let manifest = serde_json::to_string_pretty(&m)
            .map_err(|e| Error::io(format!("cannot encode the manifest: {e}")))?;
        std::fs::write(&manifest_path, manifest + "\n").map_err(|e| {
            Error::io(format!(
                "cannot write `{}`: {}",
                manifest_path.display(),
                e.kind()
            ))
        })?;
        let (_, manifest_sha) = crate::io::checksum::sha256_file(&manifest_path)?;
        sums.push_str(&format!("{manifest_sha}  {}\n", manifest::MANIFEST_FILE));
        std::fs::write(path(crate::io::delivery::SUMS_FILE), &sums)
            .map_err(|e| Error::io(format!("cannot write SHA256SUMS: {}", e.kind())))?;
        if let Some(s) = signer {
            std::fs::write(
                path(crate::io::delivery::SIGNATURE_FILE),
                s.sign(sums.as_bytes()),
            )
            .map_err(|e| {
                Error::io(format!(
                    "cannot write {}: {}",
                    crate::io::delivery::SIGNATURE_FILE,
                    e.kind()
                ))
            })?;
        }
        Ok(())
    }

    /// The manifest of this delivery: the datasets and `report.json` (whose checksum and size
    /// are given).
    fn manifest(&self, report_sha: &str, report_bytes: u64) -> manifest::Manifest {
        use manifest::*;
        let mut files: Vec<ManifestFile> = self
            .datasets
            .iter()
            .map(|d| ManifestFile {
                name: d.output.file.clone(),
                sha256: d.output.sha256.clone(),
                bytes: d.output.bytes,
                rows: Some(d.rows_out),
                schema: Some(
                    d.columns
                        .iter()
                        .map(|c| ManifestColumn {
                            name: c.name.clone(),
                            dtype: c.output_type.clone(),
                        })
                        .collect(),
                ),
            })
            .collect();
        files.push(ManifestFile {
            name: crate::io::delivery::REPORT_FILE.to_string(),
            sha256: report_sha.to_string(),
            bytes: report_bytes,
            rows: None,
            schema: None,
        });
        let ephemeral = self.key.source == "ephemeral";
        Manifest {
            manifest_version: MANIFEST_VERSION,
            tool: ManifestTool {
                name: self.tool.name.to_string(),
                version: self.tool.version.to_string(),
            },
            job: ManifestJob {
                name: self.job.name.clone(),
                sha256: self.job.sha256.clone(),
            },
            mode: self.mode.clone(),
            recipient: self.recipient.clone(),
            recipient_kind: self.recipient_kind.clone(),
            key: ManifestKey {
                fingerprint: (!ephemeral).then(|| self.key.fingerprint.clone()),
                statement: ephemeral.then(|| EPHEMERAL_KEY.to_string()),
            },
            files,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_file_names_are_shown_without_the_identifiers_they_hold() {
        for (name, gone) in [
            ("C1000001_taro.sato@example.jp.csv", "taro.sato"),
            ("090-1234-5678.csv", "1234"),
            ("山田太郎様_注文履歴.csv", "山田太郎"),
        ] {
            let shown = shown_file_name(std::path::Path::new("in").join(name).as_path());
            assert!(!shown.contains(gone), "{name} -> {shown}");
            assert!(shown.ends_with(".csv"), "{name} -> {shown}");
        }
        assert_eq!(
            shown_file_name(std::path::Path::new("/data/access_log_2026-11.csv")),
            "access_log_2026-11.csv"
        );
    }
}
