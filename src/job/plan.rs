//! Validates a job file against the real inputs into a plan: every input column has exactly one
//! rule, every rule's parameters are checked, outputs don't collide. All problems are collected
//! and reported together, each naming its job key or column and suggesting a fix.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use chrono_tz::Tz;
use polars::prelude::DataType;
use sha2::{Digest, Sha256};

use super::spec::{self, Format, Mode, Problems, RecipientKind, RuleSpec, Section, quote_key};
use crate::detect::Kind;
use crate::error::{Error, Result};
use crate::io::input::{self, CsvOptions};
use crate::io::output::Compression;
use crate::transform::{Ctx, Rule};
use crate::verify::Allowance;

/// A validated job.
#[derive(Debug)]
pub(crate) struct Job {
    pub(crate) name: String,
    pub(crate) file: PathBuf,
    pub(crate) sha256: String,
    pub(crate) mode: Mode,
    pub(crate) recipient: String,
    pub(crate) recipient_kind: RecipientKind,
    /// The run date (`--date`, else today in the job's time zone).
    pub(crate) run_date: NaiveDate,
    /// `--set` assignments applied for this run, as given.
    pub(crate) overrides: Vec<String>,
    pub(crate) output_dir: PathBuf,
    pub(crate) timezone: Tz,
    pub(crate) as_of: NaiveDate,
    pub(crate) key_file: Option<PathBuf>,
    /// `signing-key`: signs the delivery's `SHA256SUMS`.
    pub(crate) signer: Option<crate::keys::DeliverySigner>,
    pub(crate) datasets: Vec<Dataset>,
    pub(crate) joined_risk: Vec<JoinedRisk>,
    /// Who a gated dataset's suppressed subjects are removed from (or unlinked in).
    pub(crate) links: Vec<crate::risk::linked::Link>,
    /// `linked-suppression`: remove the linked rows (default) or null their link.
    pub(crate) linked_action: crate::risk::linked::Action,
}

/// A validated `[[joined-risk]]` entry.
#[derive(Debug, Clone)]
pub(crate) struct JoinedRisk {
    /// The two datasets' names.
    pub(crate) datasets: [String; 2],
    pub(crate) on: String,
    /// (0 or 1: which dataset, column).
    pub(crate) qis: Vec<(usize, String)>,
    pub(crate) min_k: Option<u64>,
    pub(crate) max_unlinked: f64,
    /// `min-k = 0`: why the join is delivered measured only (required).
    pub(crate) reason: Option<String>,
    /// The linked subjects' traces in the join: m, and the k^m enforced (`None`: measured
    /// only, as the join's rows are without `min_k`).
    pub(crate) traces: crate::risk::TraceTarget,
    /// Added by tokumei: the two datasets share a pseudonym domain and the job declared no
    /// `[[joined-risk]]` for them (anonymous mode).
    pub(crate) implied: bool,
}

#[derive(Debug)]
pub(crate) struct Dataset {
    pub(crate) name: String,
    pub(crate) files: Vec<PathBuf>,
    /// The files polars reads: `files`, or their decoded copies once `run` has prepared them.
    pub(crate) sources: Vec<PathBuf>,
    /// Data rows counted when `run` checked the inputs (CSV and NDJSON), to compare with what
    /// polars reads.
    pub(crate) rows_checked: Option<u64>,
    /// The input check saw more line breaks than CSV records (a quoted line break, an empty
    /// line).
    pub(crate) spans_lines: bool,
    /// How long checking the inputs took (milliseconds).
    pub(crate) check_ms: u64,
    pub(crate) format: Format,
    /// `allow-empty = true`: an input without data rows is delivered (as an empty dataset)
    /// instead of refused.
    pub(crate) allow_empty: bool,
    pub(crate) csv: CsvOptions,
    pub(crate) output_file: String,
    pub(crate) output_format: Format,
    pub(crate) compression: Compression,
    /// In input order.
    pub(crate) columns: Vec<ColumnPlan>,
    /// Detectors the delivery check only warns about, per column.
    pub(crate) allow: Vec<Allowance>,
    /// The re-identification gate, if the job sets one.
    pub(crate) risk: Option<RiskGate>,
}

/// A validated `[datasets.NAME.risk]` section.
#[derive(Debug, Clone)]
pub(crate) struct RiskGate {
    pub(crate) spec: crate::risk::RiskSpec,
    pub(crate) min_l: Option<u64>,
    pub(crate) max_t: Option<f64>,
    pub(crate) max_suppression: f64,
    pub(crate) suppress: crate::risk::Suppress,
    /// Hierarchy tables the job gives, by quasi-identifier (they replace the rule's levels).
    pub(crate) tables: std::collections::BTreeMap<String, crate::transform::levels::Hierarchy>,
    pub(crate) metric: crate::risk::lattice::Metric,
    pub(crate) traces: Option<crate::risk::TraceTarget>,
}

impl Dataset {
    /// Columns whose raw values are identifiers to look for: those the job drops, pseudonymises
    /// or masks. Their values are searched for in text columns and in the finished delivery.
    pub(crate) fn identifier_columns(&self) -> Vec<&str> {
        // Nested and binary columns and durations (only ever dropped) have no text to search
        // for (polars casts no duration to text).
        self.columns
            .iter()
            .filter(|c| matches!(c.rule, Rule::Drop | Rule::Pseudonym(_) | Rule::Mask(_)))
            .filter(|c| {
                !crate::transform::is_nested_or_binary(&c.input_dtype)
                    && !matches!(c.input_dtype, DataType::Duration(_))
            })
            .map(|c| c.name.as_str())
            .collect()
    }
}

#[derive(Debug)]
pub(crate) struct ColumnPlan {
    pub(crate) name: String,
    pub(crate) input_dtype: DataType,
    pub(crate) rule: Rule,
}

/// What every dataset of a job shares while it is validated.
struct JobCtx<'a> {
    /// The job file's folder: paths in the job are relative to it.
    base: &'a Path,
    rules: &'a Ctx,
    mode: Option<Mode>,
}

/// The k a join is gated at by default: the larger of the two datasets' `min-k`, 5 without.
fn default_join_k(a: &Dataset, b: &Dataset) -> u64 {
    [a, b]
        .iter()
        .filter_map(|d| d.risk.as_ref().map(|g| g.spec.k))
        .max()
        .unwrap_or(5)
}

/// Anonymous mode fails closed on joins: two datasets that deliver a pseudonym column in the
/// same domain can be joined by the recipient, so the join is gated like a dataset unless the
/// job declares a `[[joined-risk]]` for them (which may measure only, with a reason). The gate
/// needs the columns to share a name and both datasets to have a risk section; otherwise the
/// job must declare the join or give one column a domain of its own.
fn implied_joins(datasets: &[Dataset], joined: &mut Vec<JoinedRisk>, p: &mut Problems) {
    let pseudonyms = |d: &Dataset| -> Vec<(String, String)> {
        d.columns
            .iter()
            .filter_map(|c| match &c.rule {
                Rule::Pseudonym(pp) => Some((c.name.clone(), pp.domain.clone())),
                _ => None,
            })
            .collect()
    };
    for (i, a) in datasets.iter().enumerate() {
        for b in &datasets[i + 1..] {
            let declared = joined.iter().any(|j| {
                (j.datasets[0] == a.name && j.datasets[1] == b.name)
                    || (j.datasets[0] == b.name && j.datasets[1] == a.name)
            });
            if declared {
                continue;
            }
            let pb = pseudonyms(b);
            for (ca, domain) in pseudonyms(a) {
                let Some((cb, _)) = pb.iter().find(|(_, d)| *d == domain) else {
                    continue;
                };
                let key = format!("datasets.{}.columns.{}", quote_key(&b.name), quote_key(cb));
                let fix = format!(
                    "declare [[joined-risk]] with datasets = [\"{}\", \"{}\"] (its min-k defaults to the datasets'), or give one column a domain of its own: {{ rule = \"pseudonym\", domain = \"{}.{}\" }}",
                    a.name, b.name, b.name, cb
                );
                match (&a.risk, &b.risk) {
                    (Some(ga), Some(gb)) if ca == *cb => {
                        joined.push(JoinedRisk {
                            datasets: [a.name.clone(), b.name.clone()],
                            on: ca.clone(),
                            qis: ga
                                .spec
                                .qis
                                .iter()
                                .map(|q| (0, q.clone()))
                                .chain(gb.spec.qis.iter().map(|q| (1, q.clone())))
                                .collect(),
                            min_k: Some(default_join_k(a, b)),
                            max_unlinked: 0.05,
                            reason: None,
                            traces: crate::risk::TraceTarget {
                                m: 2,
                                k: Some(default_join_k(a, b)),
                            },
                            implied: true,
                        });
                    }
                    _ => p.push(
                        &key,
                        format!(
                            "shares the pseudonym domain `{domain}` with `{}.{ca}`, so the recipient can join the two datasets; anonymous mode gates such a join, which needs both datasets' risk sections and one column name: {fix}",
                            a.name
                        ),
                    ),
                }
                break;
            }
        }
    }
}

/// What the command line changes in a job for one run.
#[derive(Debug, Default, Clone)]
pub(crate) struct Overrides {
    /// `--out-dir`: replaces the job's `output-dir`.
    pub(crate) out_dir: Option<PathBuf>,
    /// `--date`: the run date for `{date}` / `{yesterday}` templates and the default `as-of`.
    pub(crate) date: Option<NaiveDate>,
    /// `--set KEY=VALUE`: a job value for this run (dotted key; the value is TOML, or else text).
    pub(crate) set: Vec<String>,
}

/// Reads and validates `path`. `out_dir` (from `--out-dir`) overrides the job's `output-dir`.
pub(crate) fn load(path: &Path, out_dir: Option<&Path>) -> Result<Job> {
    load_with(
        path,
        &Overrides {
            out_dir: out_dir.map(Path::to_path_buf),
            ..Overrides::default()
        },
    )
}

/// Applies one `--set KEY=VALUE` to the job's table.
fn set_value(table: &mut toml::Table, assignment: &str) -> std::result::Result<(), String> {
    let Some((key, raw)) = assignment.split_once('=') else {
        return Err(format!(
            "`--set {assignment}`: write KEY=VALUE, e.g. --set recipient=\"Acme K.K.\""
        ));
    };
    let key = key.trim();
    let parts: Vec<&str> = key.split('.').map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(format!("`--set {key}=…`: the key has an empty part"));
    }
    // A TOML value (number, boolean, string in quotes, array, inline table), else plain text.
    let value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.trim().to_string()));
    let (last, path) = parts.split_last().expect("at least one part");
    let mut t = table;
    for (i, p) in path.iter().enumerate() {
        let entry = t
            .entry(p.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        t = entry.as_table_mut().ok_or_else(|| {
            format!(
                "`--set {key}=…`: `{}` is not a table in the job",
                parts[..=i].join(".")
            )
        })?;
    }
    t.insert(last.to_string(), value);
    Ok(())
}

/// Expands `{date}`-style templates in the job's paths (`output-dir`, each dataset's `input`).
fn expand_templates(table: &mut toml::Table, date: NaiveDate, p: &mut Problems) {
    let mut one = |key: &str, v: &mut toml::Value| match v {
        toml::Value::String(s) => match super::template::expand(s, date) {
            Ok(e) => *s = e,
            Err(msg) => p.push(key, msg),
        },
        toml::Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                if let toml::Value::String(s) = x {
                    match super::template::expand(s, date) {
                        Ok(e) => *s = e,
                        Err(msg) => p.push(&format!("{key}[{i}]"), msg),
                    }
                }
            }
        }
        _ => {}
    };
    if let Some(v) = table.get_mut("output-dir") {
        one("output-dir", v);
    }
    if let Some(toml::Value::Table(ds)) = table.get_mut("datasets") {
        for (name, d) in ds.iter_mut() {
            if let Some(v) = d.as_table_mut().and_then(|d| d.get_mut("input")) {
                one(&format!("datasets.{}.input", quote_key(name)), v);
            }
        }
    }
}

/// `load` with the command line's overrides (`--out-dir`, `--date`, `--set`).
pub(crate) fn load_with(path: &Path, overrides: &Overrides) -> Result<Job> {
    let out_dir = overrides.out_dir.as_deref();
    let bytes = std::fs::read(path).map_err(|e| {
        Error::job(format!(
            "cannot read job file `{}`: {}",
            path.display(),
            e.kind()
        ))
    })?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| Error::job(format!("job file `{}` is not UTF-8", path.display())))?;
    let mut table: toml::Table = toml::from_str(&text).map_err(|e| {
        Error::job(format!(
            "job file `{}` is not valid TOML: {}",
            path.display(),
            spec::clean_serde_message(&e.to_string())
        ))
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };

    let mut p = Problems::default();
    let mut io_problems = Problems::default();
    for a in &overrides.set {
        if let Err(msg) = set_value(&mut table, a) {
            return Err(Error::job(format!(
                "job `{}` cannot run: {msg}",
                path.display()
            )));
        }
    }
    // The run date, in the job's time zone, for templates and the default `as-of`.
    let run_date = overrides.date.unwrap_or_else(|| {
        let tz = table
            .get("timezone")
            .and_then(toml::Value::as_str)
            .and_then(|t| t.parse::<Tz>().ok())
            .unwrap_or(chrono_tz::Asia::Tokyo);
        chrono::Utc::now().with_timezone(&tz).date_naive()
    });
    expand_templates(&mut table, run_date, &mut p);
    let mut top = Section::new(&table, "");
    let name: Option<String> = top.req(
        "name",
        "give the job a name, e.g. name = \"partner-delivery\"",
        &mut p,
    );
    let mode: Option<Mode> = top.req(
        "mode",
        "mode = \"anonymous\" (匿名加工情報, for third parties) or \"pseudonymous\" (仮名加工情報)",
        &mut p,
    );
    let recipient: Option<String> = top.req(
        "recipient",
        "name who receives this delivery, e.g. recipient = \"Acme Analytics K.K.\"",
        &mut p,
    );
    // The report, the manifest and the APPI statements name the job and the recipient: a blank
    // one would leave them saying nothing.
    for (key, value, example) in [
        ("name", &name, "name = \"partner-delivery\""),
        (
            "recipient",
            &recipient,
            "recipient = \"Acme Analytics K.K.\"",
        ),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            p.push(key, format!("is empty; e.g. {example}"));
        }
    }
    let recipient_kind: Option<RecipientKind> = top.opt("recipient-kind", &mut p);
    let output_dir: Option<String> = if out_dir.is_some() {
        top.opt("output-dir", &mut p)
    } else {
        top.req(
            "output-dir",
            "set output-dir = \"out/delivery\" or pass --out-dir",
            &mut p,
        )
    };
    let tz_name: Option<String> = top.opt("timezone", &mut p);
    let as_of_raw: Option<toml::Value> = top.opt("as-of", &mut p);
    let key_file: Option<String> = top.opt("key-file", &mut p);
    let signing_key: Option<String> = top.opt("signing-key", &mut p);
    let linked_raw: Option<String> = top.opt("linked-suppression", &mut p);
    let datasets_t = top.table("datasets", &mut p);
    let joined_v: Option<Vec<toml::Value>> = top.opt("joined-risk", &mut p);
    if !table.contains_key("datasets") {
        p.push(
            "datasets",
            "missing; add at least one [datasets.NAME] section",
        );
    }
    top.finish(&mut p);

    let timezone = match tz_name.as_deref() {
        None => chrono_tz::Asia::Tokyo,
        Some(t) => t.parse::<Tz>().unwrap_or_else(|_| {
            p.push(
                "timezone",
                format!("unknown time zone `{t}`; use an IANA name such as \"Asia/Tokyo\""),
            );
            chrono_tz::Asia::Tokyo
        }),
    };
    let as_of = match &as_of_raw {
        None => run_date,
        Some(v) => {
            let s = match v {
                toml::Value::Datetime(d) => d.to_string(),
                toml::Value::String(s) => s.clone(),
                _ => String::new(),
            };
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").unwrap_or_else(|_| {
                p.push("as-of", "must be a date such as 2026-11-25");
                chrono::Utc::now().date_naive()
            })
        }
    };
    // APPI: pseudonymous data never goes to a third party; who receives it must be said.
    let recipient_kind = match (mode, recipient_kind) {
        (Some(Mode::Pseudonymous), None) => {
            p.push(
                "recipient-kind",
                "missing; pseudonymous data (仮名加工情報) may go only to a contractor (委託), joint use (共同利用) or a business successor (事業承継): recipient-kind = \"contractor\", \"joint-use\" or \"succession\"",
            );
            RecipientKind::Contractor
        }
        (Some(Mode::Pseudonymous), Some(RecipientKind::ThirdParty)) => {
            p.push(
                "recipient-kind",
                "pseudonymous data (仮名加工情報) may not be provided to a third party (APPI Art. 41(6)); deliver it to a contractor, joint use or a business successor, or use mode = \"anonymous\" (匿名加工情報) for a third party",
            );
            RecipientKind::ThirdParty
        }
        (_, Some(k)) => k,
        (_, None) => RecipientKind::ThirdParty,
    };
    if let (Some(Mode::Anonymous), Some(_)) = (mode, &key_file) {
        p.push(
            "key-file",
            "anonymous mode uses a fresh key per run that is never stored; remove key-file or use mode = \"pseudonymous\"",
        );
    }
    let ctx = Ctx {
        tz: timezone,
        as_of,
        anonymous: mode == Some(Mode::Anonymous),
    };

    let mut datasets = Vec::new();
    if let Some(dt) = datasets_t {
        if dt.is_empty() {
            p.push(
                "datasets",
                "is empty; add at least one [datasets.NAME] section",
            );
        }
        for (ds_name, v) in dt {
            let key = format!("datasets.{}", quote_key(ds_name));
            let Some(t) = v.as_table() else {
                p.push(&key, "must be a table ([datasets.NAME])");
                continue;
            };
            if !ds_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                p.push(&key, "dataset names may use only ASCII letters, digits, `_` and `-` (they name output files)");
            }
            let job = JobCtx {
                base: &base,
                rules: &ctx,
                mode,
            };
            if let Some(d) = dataset(ds_name, t, &key, &job, &mut p, &mut io_problems) {
                datasets.push(d);
            }
        }
    }

    // Outputs must not collide with each other or with the report.
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for d in &datasets {
        if crate::io::delivery::is_reserved(&d.output_file) {
            p.push(
                &format!("datasets.{}.output.file", d.name),
                format!(
                    "`{}` names a file every delivery holds ({}); give the dataset's output another file name",
                    d.output_file,
                    crate::io::delivery::RESERVED_FILES
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        if let Some((other, _)) = seen
            .iter()
            .find(|(_, f)| f.eq_ignore_ascii_case(&d.output_file))
        {
            p.push(
                &format!("datasets.{}.output.file", d.name),
                format!(
                    "`{}` is also written by dataset `{other}`; give one of them another file name",
                    d.output_file
                ),
            );
        }
        seen.push((&d.name, &d.output_file));
    }

    // `[[joined-risk]]`: two delivered datasets, a column delivered by both, and quasi-identifiers
    // named `dataset.column` (default: both datasets' risk quasi-identifiers).
    let mut joined_risk = Vec::new();
    for (i, v) in joined_v.into_iter().flatten().enumerate() {
        let jk = format!("joined-risk[{i}]");
        let j = match spec::from_value::<spec::JoinedRiskSpec>(&v) {
            Ok(j) => j,
            Err(e) => {
                p.push(&jk, e);
                continue;
            }
        };
        let names: Vec<&str> = datasets.iter().map(|d| d.name.as_str()).collect();
        let [a, b] = j.datasets.as_slice() else {
            p.push(
                &format!("{jk}.datasets"),
                "name exactly two datasets, e.g. datasets = [\"customers\", \"access_log\"]",
            );
            continue;
        };
        let declared = |n: &str| datasets_t.is_some_and(|t| t.contains_key(n));
        let (Some(da), Some(db)) = (
            datasets.iter().find(|d| &d.name == a),
            datasets.iter().find(|d| &d.name == b),
        ) else {
            // A declared dataset with problems of its own has them reported already.
            if !(declared(a) && declared(b)) {
                p.push(
                    &format!("{jk}.datasets"),
                    format!("name datasets of this job: {}", names.join(", ")),
                );
            }
            continue;
        };
        if a == b {
            p.push(&format!("{jk}.datasets"), "name two different datasets");
            continue;
        }
        let delivered = |d: &Dataset, c: &str| {
            d.columns
                .iter()
                .any(|x| x.name == c && !matches!(x.rule, Rule::Drop))
        };
        for d in [da, db] {
            if !delivered(d, &j.on) {
                p.push(
                    &format!("{jk}.on"),
                    format!(
                        "`{}` is not a delivered column of dataset `{}`",
                        j.on, d.name
                    ),
                );
            }
        }
        let qis: Vec<(usize, String)> = match &j.quasi_identifiers {
            Some(list) => list
                .iter()
                .filter_map(|q| {
                    let parsed = q.split_once('.').and_then(|(ds, c)| {
                        let side = [a, b].iter().position(|n| *n == ds)?;
                        delivered([da, db][side], c).then(|| (side, c.to_string()))
                    });
                    if parsed.is_none() {
                        p.push(
                            &format!("{jk}.quasi-identifiers"),
                            format!("`{q}` is not `dataset.column` for a delivered column of `{a}` or `{b}`"),
                        );
                    }
                    parsed
                })
                .collect(),
            None => {
                let mut out = Vec::new();
                for (side, d) in [da, db].iter().enumerate() {
                    match &d.risk {
                        Some(g) => out.extend(g.spec.qis.iter().map(|q| (side, q.clone()))),
                        None => p.push(
                            &format!("{jk}.quasi-identifiers"),
                            format!("dataset `{}` has no risk section to take them from; list them as \"{}.column\"", d.name, d.name),
                        ),
                    }
                }
                out
            }
        };
        if qis.is_empty() {
            continue;
        }
        // `min-k = 0`: measured only, with a written reason. Anonymous mode gates by default at
        // the larger of the two datasets' min-k (5 without risk sections).
        let min_k = match (j.min_k, j.reason.as_deref().map(str::trim)) {
            (Some(0), Some(r)) if r.chars().count() >= 10 => None,
            (Some(0), _) => {
                p.push(
                    &format!("{jk}.min-k"),
                    "0 delivers the join unfixed: give a written `reason` (at least 10 characters) for the report, or set min-k to at least 1",
                );
                None
            }
            (Some(k), _) => Some(k),
            (None, _) if mode == Some(Mode::Anonymous) => Some(default_join_k(da, db)),
            (None, _) => None,
        };
        let max_unlinked = j.max_unlinked.unwrap_or(0.05);
        if !(0.0..=1.0).contains(&max_unlinked) {
            p.push(
                &format!("{jk}.max-unlinked"),
                "must be a share between 0 and 1, e.g. 0.05",
            );
        }
        let m = j.trace_items.unwrap_or(2);
        if !(1..=crate::risk::traces::MAX_M).contains(&m) {
            p.push(&format!("{jk}.trace-items"), "must be 1, 2 or 3");
        }
        if j.min_km == Some(0) {
            p.push(&format!("{jk}.min-km"), "must be at least 1");
        }
        if j.min_km.is_some() && min_k.is_none() {
            p.push(
                &format!("{jk}.min-km"),
                "a join measured only (no min-k, or min-k = 0) unlinks no one for its traces either: set min-k too, or drop min-km",
            );
        }
        joined_risk.push(JoinedRisk {
            datasets: [a.clone(), b.clone()],
            on: j.on,
            qis,
            min_k,
            max_unlinked,
            reason: j.reason.clone().filter(|_| j.min_k == Some(0)),
            traces: crate::risk::TraceTarget {
                m: m.clamp(1, crate::risk::traces::MAX_M),
                k: min_k.map(|k| j.min_km.unwrap_or(k)),
            },
            implied: false,
        });
    }
    if mode == Some(Mode::Anonymous) {
        implied_joins(&datasets, &mut joined_risk, &mut p);
    }
    let linked_action = match linked_raw.as_deref() {
        None | Some("remove") => crate::risk::linked::Action::Remove,
        Some("unlink") => crate::risk::linked::Action::Unlink,
        Some(other) => {
            p.push(
                "linked-suppression",
                format!(
                    "unknown value `{other}`; use \"remove\" (default: a subject a gate suppressed leaves every linked dataset) or \"unlink\" (its rows stay, their link is nulled)"
                ),
            );
            crate::risk::linked::Action::Remove
        }
    };
    let links = links_of(&datasets, &joined_risk);

    // The destination is replaced by each run: nothing the job reads may live inside it.
    // Spelt without `.` components (`out/.` is `out`: a delivery swaps the folder by its
    // name, which `out/.` is not).
    let output_dir = match (out_dir, &output_dir) {
        (Some(o), _) => Some(o.to_path_buf()),
        (None, Some(o)) => Some(base.join(o)),
        (None, None) => None,
    }
    .map(|d| d.components().collect::<PathBuf>());
    if let Some(dest) = output_dir.as_ref().and_then(|d| d.canonicalize().ok()) {
        let key_file = key_file.as_ref().map(|k| base.join(k));
        let signing_key = signing_key.as_ref().map(|k| base.join(k));
        let mut read: Vec<(String, &Path)> = vec![("job file".to_string(), path)];
        if let Some(k) = &key_file {
            read.push(("key-file".to_string(), k));
        }
        if let Some(k) = &signing_key {
            read.push(("signing-key".to_string(), k));
        }
        for d in &datasets {
            for f in &d.files {
                read.push((format!("datasets.{}.input", d.name), f));
            }
        }
        for (what, f) in read {
            if f.canonicalize().is_ok_and(|f| f.starts_with(&dest)) {
                p.push(
                    if what == "job file" {
                        "output-dir"
                    } else {
                        &what
                    },
                    format!(
                        "`{}` is inside the output folder `{}`, which each run replaces; keep \
                         inputs, the job and the key outside it and choose another `output-dir`",
                        crate::error::shown_path(f),
                        crate::error::shown_path(&dest)
                    ),
                );
            }
        }
    }

    // The signing key is read now, so a run never writes a delivery it cannot sign.
    let signer = match &signing_key {
        Some(k) => match crate::keys::DeliverySigner::read(&base.join(k), "signing-key") {
            Ok(s) => Some(s),
            Err(e) => {
                p.push(
                    "signing-key",
                    e.to_string().trim_start_matches("signing-key: "),
                );
                None
            }
        },
        None => None,
    };
    if !p.0.is_empty() || !io_problems.0.is_empty() {
        let only_io = p.0.is_empty();
        let mut all = p.0;
        all.extend(io_problems.0);
        let mut err = Error::problems(&format!("job `{}` cannot run", path.display()), &all);
        if only_io {
            err = Error::io(err.to_string());
        }
        return Err(err);
    }

    Ok(Job {
        name: name.expect("checked"),
        file: path.to_path_buf(),
        sha256: hex::encode(Sha256::digest(&bytes)),
        mode: mode.expect("checked"),
        recipient: recipient.expect("checked"),
        recipient_kind,
        run_date,
        overrides: overrides.set.clone(),
        output_dir: output_dir.expect("checked above"),
        timezone,
        as_of,
        key_file: key_file.map(|k| base.join(k)),
        signer,
        datasets,
        joined_risk,
        links,
        linked_action,
    })
}

/// The links linked suppression follows: from a gated dataset's column to the same pseudonym
/// domain in another dataset (or the `on` column of a `[[joined-risk]]`). A column can carry a
/// suppression only when it names the gate's subjects: the gate's `subject`, or any linking
/// column of a gate without one (each row is a subject then).
fn links_of(datasets: &[Dataset], joined: &[JoinedRisk]) -> Vec<crate::risk::linked::Link> {
    use crate::risk::linked::Link;
    let domain = |d: &Dataset, c: &str| -> Option<String> {
        d.columns
            .iter()
            .find(|x| x.name == c)
            .and_then(|x| match &x.rule {
                Rule::Pseudonym(pp) => Some(pp.domain.clone()),
                _ => None,
            })
    };
    let mut links = Vec::new();
    let mut push = |l: Link| {
        if !links.contains(&l) {
            links.push(l);
        }
    };
    for (i, a) in datasets.iter().enumerate() {
        let Some(g) = &a.risk else { continue };
        let carries = |c: &str| g.spec.subject.as_deref().is_none_or(|s| s == c);
        for (j, b) in datasets.iter().enumerate() {
            if i == j {
                continue;
            }
            for ca in a.columns.iter().filter(|c| carries(&c.name)) {
                let Some(da) = domain(a, &ca.name) else {
                    continue;
                };
                for cb in &b.columns {
                    if domain(b, &cb.name).as_deref() == Some(da.as_str()) {
                        push(Link {
                            from: i,
                            from_column: ca.name.clone(),
                            to: j,
                            to_column: cb.name.clone(),
                        });
                    }
                }
            }
            // A declared join links its `on` columns whatever their rule.
            for jr in joined {
                let names = [&jr.datasets[0], &jr.datasets[1]];
                if names.contains(&&a.name) && names.contains(&&b.name) && carries(&jr.on) {
                    push(Link {
                        from: i,
                        from_column: jr.on.clone(),
                        to: j,
                        to_column: jr.on.clone(),
                    });
                }
            }
        }
    }
    links
}

fn single_byte(s: &str, key: &str, p: &mut Problems) -> Option<u8> {
    let s = if s == "\\t" { "\t" } else { s };
    if s.len() == 1 && s.is_ascii() {
        Some(s.as_bytes()[0])
    } else {
        p.push(
            key,
            "must be a single ASCII character such as \",\", \";\" or \"\\t\"",
        );
        None
    }
}

fn dataset(
    name: &str,
    t: &toml::Table,
    key: &str,
    job: &JobCtx,
    p: &mut Problems,
    io_p: &mut Problems,
) -> Option<Dataset> {
    let (base, ctx, mode) = (job.base, job.rules, job.mode);
    let mut s = Section::new(t, key);
    let input: Option<String> = s.req(
        "input",
        "a file, glob or folder, relative to the job file, e.g. input = \"data/customers.csv\"",
        p,
    );
    let format: Option<Format> = s.opt("format", p);
    let allow_empty: Option<bool> = s.opt("allow-empty", p);
    let csv_t = s.table("csv", p);
    let out_t = s.table("output", p);
    let cols_t = s.table("columns", p);
    let verify_t = s.table("verify", p);
    let risk_t = s.table("risk", p);
    if !t.contains_key("columns") {
        p.push(
            &format!("{key}.columns"),
            "missing; add a [datasets.NAME.columns] table with a rule for every input column",
        );
    }
    s.finish(p);

    let mut csv = CsvOptions::default();
    let mut delimiter_set = false;
    if let Some(ct) = csv_t {
        match spec::from_value::<spec::CsvSpec>(&toml::Value::Table(ct.clone())) {
            Ok(c) => {
                if let Some(d) = c.delimiter {
                    delimiter_set = true;
                    csv.delimiter =
                        single_byte(&d, &format!("{key}.csv.delimiter"), p).unwrap_or(b',');
                }
                if let Some(h) = c.header {
                    csv.header = h;
                }
                if let Some(q) = c.quote {
                    csv.quote = if q.is_empty() {
                        None
                    } else {
                        single_byte(&q, &format!("{key}.csv.quote"), p)
                    };
                }
                csv.null_values = c.null_values.unwrap_or_default();
                if let Some(e) = c.encoding {
                    match crate::io::source::TextEncoding::parse(&e) {
                        Some(enc) => csv.encoding = enc,
                        None => p.push(
                            &format!("{key}.csv.encoding"),
                            format!(
                                "unknown encoding `{}`; use one of {}",
                                crate::error::shown(&e),
                                crate::io::source::TextEncoding::NAMES
                            ),
                        ),
                    }
                }
            }
            Err(e) => p.push(&format!("{key}.csv"), e),
        }
    }
    let out = match out_t {
        Some(ot) => match spec::from_value::<spec::OutputSpec>(&toml::Value::Table(ot.clone())) {
            Ok(o) => Some(o),
            Err(e) => {
                p.push(&format!("{key}.output"), e);
                None
            }
        },
        None => None,
    };
    let output_format = out
        .as_ref()
        .and_then(|o| o.format)
        .unwrap_or(Format::Parquet);
    if output_format == Format::Ndjson {
        p.push(
            &format!("{key}.output.format"),
            "ndjson is an input format; write \"parquet\" or \"csv\"",
        );
    }
    let compression = match out.as_ref().and_then(|o| o.compression.clone()) {
        None => Compression::Zstd,
        Some(c) => {
            if output_format == Format::Csv {
                p.push(
                    &format!("{key}.output.compression"),
                    "applies to Parquet output only; remove it for CSV",
                );
            }
            Compression::parse(&c).unwrap_or_else(|| {
                p.push(
                    &format!("{key}.output.compression"),
                    format!("unknown `{c}`; use zstd, snappy, lz4 or none"),
                );
                Compression::Zstd
            })
        }
    };
    let output_file = match out.as_ref().and_then(|o| o.file.clone()) {
        Some(f) => {
            if f.is_empty() || f.contains(['/', '\\']) || f.starts_with('.') {
                p.push(
                    &format!("{key}.output.file"),
                    "must be a plain file name such as \"customers.parquet\"",
                );
            }
            f
        }
        None => format!("{name}.{}", output_format.extension()),
    };
    let rules = cols_t
        .map(|ct| spec::column_specs(ct, &format!("{key}.columns"), p))
        .unwrap_or_default();
    // Columns whose rule did not parse have their problem reported already.
    let broken: Vec<&String> = cols_t
        .map(|ct| ct.keys().filter(|k| !rules.contains_key(*k)).collect())
        .unwrap_or_default();

    // Inputs and their schemas.
    let input = input?;
    let files = match input::resolve_files(&input, base) {
        Ok(f) => f,
        Err(e) => {
            io_p.push(&format!("{key}.input"), e);
            return None;
        }
    };
    // Tab-separated files (`.tsv`, Excel's "Unicode text") are read with a tab unless the job
    // sets a delimiter.
    if !delimiter_set {
        csv.delimiter = CsvOptions::for_files(&files).delimiter;
    }
    let format = match format {
        Some(f) => f,
        None => {
            let formats: Vec<Option<Format>> =
                files.iter().map(|f| Format::from_extension(f)).collect();
            match formats[0] {
                Some(f) if formats.iter().all(|x| *x == Some(f)) => f,
                _ => {
                    p.push(&format!("{key}.format"), "cannot tell the input format from the file names; set format = \"csv\", \"parquet\" or \"ndjson\"");
                    return None;
                }
            }
        }
    };
    let mut schema = None;
    let mut sample = Vec::new();
    for f in &files {
        match input::file_head(f, format, &csv) {
            Ok((sc, head)) => match &schema {
                None => {
                    schema = Some((f.clone(), sc));
                    sample = head;
                }
                Some((first, s0)) => {
                    let a: Vec<_> = s0.iter().collect();
                    let b: Vec<_> = sc.iter().collect();
                    if a != b {
                        // A name that reads as a person's or a value is given by position.
                        let names = |s: &polars::prelude::Schema, o: &polars::prelude::Schema| {
                            s.iter()
                                .enumerate()
                                .filter(|(_, (n, t))| o.get(n) != Some(*t))
                                .map(|(i, (n, t))| format!("{} ({t})", listed(n, i)))
                                .collect::<Vec<_>>()
                        };
                        // The other file's own names are not shown: where they are not the
                        // first file's, its first row may be data (a file split without its
                        // header), so only their positions are.
                        let only_b: Vec<String> = sc
                            .iter()
                            .enumerate()
                            .filter(|(_, (n, t))| s0.get(n) != Some(*t))
                            .map(|(i, _)| (i + 1).to_string())
                            .collect();
                        let only_a = names(s0, &sc);
                        let headerless = only_b.len() == sc.len();
                        io_p.push(
                            &format!("{key}.input"),
                            format!(
                                "`{}` has other columns than `{}` (only in the first: {}; only in the other: {}); all files of one dataset need the same columns, in the same order and of the same types{}",
                                crate::error::shown_path(f),
                                crate::error::shown_path(first),
                                match (only_a.is_empty(), only_b.is_empty()) {
                                    (true, true) => "none (the order differs)".to_string(),
                                    (true, false) => "none".to_string(),
                                    _ => only_a.join(", "),
                                },
                                if only_b.is_empty() {
                                    "none".to_string()
                                } else {
                                    format!("its column(s) {}, names not shown", only_b.join(", "))
                                },
                                if headerless {
                                    " (none of its names is one of the first file's: is its header missing?)"
                                } else {
                                    ""
                                },
                            ),
                        );
                        return None;
                    }
                }
            },
            Err(e) => {
                io_p.push(&format!("{key}.input"), e);
                return None;
            }
        }
    }
    let (first_file, schema) = schema?;

    let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    // A header is only printed when it is recognisably the one the job was written for: most
    // of its names are keys of [columns]. Otherwise it may be a row of data (a file without a
    // header row, whose values passed every pattern check), so no name of it is shown.
    let matching = names
        .iter()
        .filter(|n| rules.contains_key(n.as_str()) || broken.contains(n))
        .count();
    if !rules.is_empty() && matching * 2 < names.len() {
        p.push(
            &format!("{key}.columns"),
            format!(
                "only {matching} of the {} columns of `{}` have a rule in [{key}.columns]: is the \
                 header row missing (then set `csv = {{ header = false }}` and name the columns \
                 column_1, column_2, …), or is this the wrong input? The names are not shown; \
                 `tokumei scan` drafts a job for the file",
                names.len(),
                crate::error::shown_path(&first_file)
            ),
        );
        return None;
    }
    let mut columns = Vec::new();
    for (index, (col_name, dtype)) in schema.iter().enumerate() {
        match rules.get(col_name.as_str()) {
            None if broken.iter().any(|b| b.as_str() == col_name.as_str()) => {}
            None => {
                let (shown, masked) = crate::io::source::shown_column(col_name, index);
                // A name that reads as a person's (or a value) is not repeated in the fix either.
                let fix = if masked {
                    "add a rule for it (e.g. `\"…\" = \"drop\"`)".to_string()
                } else {
                    format!(
                        "add `{} = \"drop\"` (or keep, pseudonym, …)",
                        crate::error::shown(&quote_key(col_name))
                    )
                };
                p.push(
                    &format!("{key}.columns"),
                    format!(
                        "{shown} of `{}` has no rule; {fix} under [{key}.columns]",
                        crate::error::shown_path(&first_file),
                    ),
                )
            }
            Some(r) => {
                let ck = spec::column_key(&format!("{key}.columns"), col_name);
                let (shown_col, _) = crate::io::source::shown_column(col_name, index);
                if let Err(e) = crate::transform::accepts(r.name(), dtype) {
                    p.push(&ck, format!("{shown_col} is {dtype}: {e}"));
                    continue;
                }
                if let RuleSpec::Keep(k) = r
                    && mode == Some(Mode::Anonymous)
                    && k.reason.is_none()
                {
                    let i = names
                        .iter()
                        .position(|n| n == col_name.as_str())
                        .unwrap_or(0);
                    let values: Vec<&str> = sample
                        .get(i)
                        .map(|v| v.iter().flatten().map(String::as_str).collect())
                        .unwrap_or_default();
                    let (class, why) = crate::classify::classify(col_name, &values);
                    use crate::classify::Class;
                    if matches!(
                        class,
                        Class::DirectIdentifier | Class::IdentifierCode | Class::LinkingId
                    ) {
                        p.push(
                            &ck,
                            format!(
                                "anonymous mode cannot keep {shown_col}: it looks like a {} ({why}); use drop or pseudonym, or, if it really is no identifier, write keep with a reason: {{ rule = \"keep\", reason = \"…\" }}",
                                class.name()
                            ),
                        );
                    }
                }
                if let Some(rule) = r.compile(col_name, &ck, ctx, p) {
                    columns.push(ColumnPlan {
                        name: col_name.to_string(),
                        input_dtype: dtype.clone(),
                        rule,
                    });
                }
            }
        }
    }
    for r in rules.keys() {
        if !names.iter().any(|n| n == r) {
            let cands: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = match spec::suggest(r, &cands) {
                Some(s) => {
                    let i = names.iter().position(|n| n == s).unwrap_or(0);
                    format!("did you mean {}?", listed(s, i))
                }
                None => format!(
                    "its columns are: {}",
                    names
                        .iter()
                        .enumerate()
                        .map(|(i, n)| listed(n, i))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            p.push(
                &format!("{key}.columns.{}", crate::error::shown(&quote_key(r))),
                format!(
                    "`{}` has no column `{}`; {hint}",
                    crate::error::shown_path(&first_file),
                    crate::error::shown(r)
                ),
            );
        }
    }
    // (Only when every rule compiled: a rule with a problem is missing from `columns`.)
    if !columns.is_empty()
        && columns.len() == schema.len()
        && columns.iter().all(|c| matches!(c.rule, Rule::Drop))
    {
        p.push(&format!("{key}.columns"), "every column is dropped: there is nothing to deliver; remove the dataset or keep a column");
    }
    // The delivery check's allowances and the `text` rules' known columns must name real columns.
    let mut allow = Vec::new();
    if let Some(vt) = verify_t {
        match spec::from_value::<spec::VerifySpec>(&toml::Value::Table(vt.clone())) {
            Ok(v) => {
                for (i, a) in v.allow.unwrap_or_default().into_iter().enumerate() {
                    let ak = format!("{key}.verify.allow[{i}]");
                    if !names.contains(&a.column) {
                        p.push(&ak, format!("no column `{}` in this dataset", a.column));
                    }
                    if Kind::from_name(&a.detector).is_none() {
                        p.push(
                            &ak,
                            format!(
                                "unknown detector `{}`; detectors are: {}",
                                a.detector,
                                Kind::pattern_names()
                            ),
                        );
                    }
                    if a.reason.trim().len() < 10 {
                        p.push(
                            &ak,
                            "give a written `reason` (why this finding is not an identifier)",
                        );
                    }
                    allow.push(Allowance {
                        column: a.column,
                        detector: a.detector,
                        reason: a.reason,
                    });
                }
            }
            Err(e) => p.push(&format!("{key}.verify"), e),
        }
    }
    for c in &columns {
        if let Rule::Text(crate::transform::text::Params { known: Some(k), .. }) = &c.rule {
            for kc in k {
                if !names.iter().any(|n| n == kc) {
                    p.push(
                        &format!("{key}.columns.{}.known", quote_key(&c.name)),
                        format!("no column `{kc}` in this dataset"),
                    );
                }
            }
        }
    }
    let mut risk = None;
    if let Some(rt) = risk_t {
        let rk = format!("{key}.risk");
        match spec::from_value::<spec::RiskSection>(&toml::Value::Table(rt.clone())) {
            Ok(r) => {
                let delivered: Vec<&str> = columns
                    .iter()
                    .filter(|c| !matches!(c.rule, Rule::Drop))
                    .map(|c| c.name.as_str())
                    .collect();
                let mut named: Vec<&String> = r.quasi_identifiers.iter().collect();
                named.extend(r.subject.iter());
                named.extend(r.sensitive.iter().flatten());
                for c in named {
                    if !delivered.contains(&c.as_str()) {
                        p.push(&rk, format!("`{c}` is not a delivered column of this dataset (dropped or missing)"));
                    }
                }
                if r.quasi_identifiers.is_empty() {
                    p.push(
                        &format!("{rk}.quasi-identifiers"),
                        "name at least one column",
                    );
                }
                // A sensitive column the gate also generalises would be measured before its
                // recoding (its l overstated): a column is one or the other.
                for c in r.sensitive.iter().flatten() {
                    if r.quasi_identifiers.contains(c) || r.subject.as_ref() == Some(c) {
                        p.push(
                            &format!("{rk}.sensitive"),
                            format!(
                                "`{}` is also a quasi-identifier or the subject; a sensitive column is what an attacker learns, not what they know: list it in one place",
                                crate::error::shown(c)
                            ),
                        );
                    }
                }
                let min_k = r.min_k.unwrap_or(5);
                if min_k == 0 {
                    p.push(&format!("{rk}.min-k"), "must be at least 1");
                }
                let max_suppression = r.max_suppression.unwrap_or(0.05);
                if !(0.0..=1.0).contains(&max_suppression) {
                    p.push(
                        &format!("{rk}.max-suppression"),
                        "must be a share between 0 and 1, e.g. 0.05",
                    );
                }
                let suppress = match r.suppress.as_deref() {
                    None | Some("rows") => crate::risk::Suppress::Rows,
                    Some("cells") => crate::risk::Suppress::Cells,
                    Some(other) => {
                        p.push(
                            &format!("{rk}.suppress"),
                            format!("`{other}` is not a suppression method; use \"rows\" (remove rows) or \"cells\" (null the quasi-identifier cells)"),
                        );
                        crate::risk::Suppress::Rows
                    }
                };
                if r.min_l == Some(0) {
                    p.push(&format!("{rk}.min-l"), "must be at least 1");
                }
                if let Some(t) = r.max_t {
                    if !(0.0..=1.0).contains(&t) {
                        p.push(
                            &format!("{rk}.max-t"),
                            "must be between 0 and 1 (t-closeness is a distance between distributions)",
                        );
                    }
                    if r.sensitive.as_ref().is_none_or(Vec::is_empty) {
                        p.push(
                            &format!("{rk}.max-t"),
                            "needs `sensitive = [\"column\"]`: t compares each class's distribution of a sensitive attribute with the whole table's",
                        );
                    }
                }
                for c in r.categorical.iter().flatten() {
                    if !r.sensitive.iter().flatten().any(|s| s == c) {
                        p.push(
                            &format!("{rk}.categorical"),
                            format!("`{c}` is not one of `sensitive`: list only sensitive attributes whose numbers are codes"),
                        );
                    }
                }
                if r.min_l.is_some_and(|l| l > 1) && r.sensitive.as_ref().is_none_or(Vec::is_empty)
                {
                    p.push(
                        &format!("{rk}.min-l"),
                        "needs `sensitive = [\"column\"]`: l counts distinct sensitive values per class",
                    );
                }
                let metric = match r.metric.as_deref() {
                    None | Some("levels") => crate::risk::lattice::Metric::Levels,
                    Some("loss") => crate::risk::lattice::Metric::Loss,
                    Some(other) => {
                        p.push(
                            &format!("{rk}.metric"),
                            format!("`{other}` is not a search metric; use \"levels\" (default) or \"loss\" (ARX's Loss)"),
                        );
                        crate::risk::lattice::Metric::Levels
                    }
                };
                let mut tables = std::collections::BTreeMap::new();
                for (q, file) in r.hierarchies.iter().flatten() {
                    let hk = format!("{rk}.hierarchies.{}", quote_key(q));
                    if !r.quasi_identifiers.contains(q) {
                        p.push(&hk, "is not one of this dataset's quasi-identifiers");
                        continue;
                    }
                    if !columns
                        .iter()
                        .any(|c| &c.name == q && matches!(c.rule, Rule::Keep { .. }))
                    {
                        p.push(
                            &hk,
                            "a hierarchy table applies to a column delivered with `keep`; the other rules have levels of their own",
                        );
                        continue;
                    }
                    let path = base.join(file);
                    let text = match std::fs::read_to_string(&path) {
                        Ok(t) => t,
                        Err(e) => {
                            io_p.push(
                                &hk,
                                format!("cannot read `{}`: {}", path.display(), e.kind()),
                            );
                            continue;
                        }
                    };
                    let name = path
                        .file_name()
                        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
                    match crate::transform::hierarchy_table::TableHierarchy::parse(&text, &name) {
                        Ok(t) => {
                            tables.insert(
                                q.clone(),
                                crate::transform::levels::Hierarchy::Table(std::sync::Arc::new(t)),
                            );
                        }
                        Err(e) => p.push(&hk, format!("`{name}`: {e}")),
                    }
                }
                let m = r.trace_items.unwrap_or(2);
                if !(1..=crate::risk::traces::MAX_M).contains(&m) {
                    p.push(&format!("{rk}.trace-items"), "must be 1, 2 or 3");
                }
                if r.min_km == Some(0) {
                    p.push(&format!("{rk}.min-km"), "must be at least 1");
                }
                if r.subject.is_none() && (r.trace_items.is_some() || r.min_km.is_some()) {
                    p.push(
                        &format!("{rk}.subject"),
                        "trace-items and min-km need the column that says whose rows are whose: subject = \"cookie_id\"",
                    );
                }
                // Anonymous mode gates traces like rows, at min-k, unless the job sets min-km;
                // pseudonymous mode measures them unless it does.
                let traces = r.subject.as_ref().map(|_| crate::risk::TraceTarget {
                    m: m.clamp(1, crate::risk::traces::MAX_M),
                    k: r.min_km
                        .or((mode == Some(Mode::Anonymous)).then_some(min_k)),
                });
                risk = Some(RiskGate {
                    spec: crate::risk::RiskSpec {
                        qis: r.quasi_identifiers,
                        subject: r.subject,
                        sensitive: r.sensitive.unwrap_or_default(),
                        categorical: r.categorical.unwrap_or_default(),
                        k: min_k,
                    },
                    min_l: r.min_l,
                    max_t: r.max_t,
                    max_suppression,
                    suppress,
                    tables,
                    metric,
                    traces,
                });
            }
            Err(e) => p.push(&rk, e),
        }
    }
    if format == Format::Ndjson {
        csv.columns = Some(names.clone());
    }
    Some(Dataset {
        name: name.to_string(),
        sources: files.clone(),
        rows_checked: None,
        spans_lines: false,
        check_ms: 0,
        files,
        format,
        allow_empty: allow_empty.unwrap_or(false),
        csv,
        output_file,
        output_format,
        compression,
        columns,
        allow,
        risk,
    })
}

/// A column in a list of a message: `` `name` ``, or `column N (name not shown)` when its name
/// reads as a person's name or a value (see [`crate::io::source::shown_column`]).
fn listed(name: &str, index: usize) -> String {
    match crate::io::source::shown_column(name, index) {
        (_, true) => format!("column {} (name not shown)", index + 1),
        (_, false) => format!("`{}`", crate::error::shown(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder with `in.csv` and `job.toml` (the job's text), loaded with `load`.
    fn load_in(job: &str, out_dir: Option<&Path>) -> (tempfile::TempDir, Result<Job>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(
            dir.path().join("data/in.csv"),
            "id,email,age\nC1,a@example.jp,34\nC2,b@example.jp,51\n",
        )
        .unwrap();
        let path = dir.path().join("job.toml");
        std::fs::write(&path, job).unwrap();
        let job = load(&path, out_dir);
        (dir, job)
    }

    const JOB: &str = "name = \"t\"\nmode = \"anonymous\"\nrecipient = \"r\"\noutput-dir = \"out\"\n\
        as-of = 2026-11-25\n[datasets.c]\ninput = \"data/in.csv\"\n[datasets.c.columns]\n\
        id = \"pseudonym\"\nemail = \"drop\"\nage = { rule = \"number\", width = 10 }\n";

    #[test]
    fn paths_are_relative_to_the_job_file_and_rules_compile_in_input_order() {
        let (dir, job) = load_in(JOB, None);
        let job = job.unwrap();
        assert_eq!(job.output_dir, dir.path().join("out"));
        let d = &job.datasets[0];
        assert_eq!(d.files, vec![dir.path().join("data/in.csv")]);
        let rules: Vec<String> = d
            .columns
            .iter()
            .map(|c| format!("{}: {:?}", c.name, c.rule))
            .collect();
        assert_eq!(
            rules,
            vec![
                "id: pseudonym(domain=id encoding=base32 length=16 (80 bits) normalize=nfkc+trim)",
                "email: drop()",
                "age: number(width=10)",
            ]
        );
        assert_eq!(d.identifier_columns(), vec!["id", "email"]);
    }

    #[test]
    fn every_problem_is_collected_with_its_job_key() {
        let bad = JOB
            .replace("mode = \"anonymous\"", "mode = \"anon\"")
            .replace("width = 10", "width = 0")
            .replace("email = \"drop\"\n", "");
        let (_, job) = load_in(&bad, None);
        let err = job.unwrap_err();
        assert_eq!(err.kind, crate::error::ErrorKind::Job);
        let msg = err.to_string();
        assert!(msg.contains("3 problem(s)"), "{msg}");
        for key in [
            "`mode`",
            "`datasets.c.columns.age.width`",
            "`datasets.c.columns`: column `email`",
        ] {
            assert!(msg.contains(key), "{key} missing from: {msg}");
        }
    }

    #[test]
    fn out_dir_overrides_output_dir_and_a_missing_input_is_an_input_error() {
        let other = Path::new("/tmp/elsewhere");
        let (_, job) = load_in(JOB, Some(other));
        assert_eq!(job.unwrap().output_dir, other);
        let (_, job) = load_in(&JOB.replace("data/in.csv", "data/nope.csv"), None);
        assert_eq!(job.unwrap_err().kind, crate::error::ErrorKind::Io);
    }

    #[test]
    fn anonymous_keep_needs_a_reason_pseudonymous_does_not() {
        let keep = JOB.replace("email = \"drop\"", "email = \"keep\"");
        let (_, job) = load_in(&keep, None);
        assert!(
            job.unwrap_err()
                .to_string()
                .contains("anonymous mode cannot keep column `email`")
        );
        let pseudo = keep.replace(
            "mode = \"anonymous\"",
            "mode = \"pseudonymous\"\nrecipient-kind = \"contractor\"",
        );
        let (_, job) = load_in(&pseudo, None);
        assert!(job.is_ok());
        let reasoned = keep.replace(
            "email = \"keep\"",
            "email = { rule = \"keep\", reason = \"test addresses of the shop's own staff\" }",
        );
        let (_, job) = load_in(&reasoned, None);
        assert_eq!(
            job.unwrap().datasets[0].columns[1].rule.keep_reason(),
            Some("test addresses of the shop's own staff")
        );
    }
}
