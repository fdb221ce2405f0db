//! `tokumei scan`: profiles every column of one or more inputs and drafts a job.
//!
//! Each column is classified from its name (English and Japanese) and from a sample of its
//! values (detector hit rates, parse rates of the generalising rules, cardinality, uniqueness)
//! into: direct identifier, identifier code (個人識別符号), linking ID, quasi-identifier,
//! sensitive, free text or other. The draft gives every column a rule, with a comment saying
//! why. It is safe by default: whatever is uncertain is dropped or scrubbed, never kept.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use polars::prelude::*;

use crate::classify::{Class, decide, profile, share};
use crate::error::{Error, Result, polars_message};
use crate::io::Format;
use crate::io::input::{self, CsvOptions};
use crate::job::spec::quote_key;
use crate::transform::Rule;
use crate::transform::number::parse_number;

/// The fewest distinct values in the sample a drafted gate's subject has: twice the drafted
/// `min-k`.
const SUBJECT_MIN_DISTINCT: usize = 10;

/// Whether `path` is a `.txt` file (not compressed) whose first line holds more tabs than
/// commas: a tab-separated report named as text (Amazon's order reports, Excel's Unicode
/// text in UTF-16, whose bytes still count a tab and a comma one each).
fn tabbed_text(path: &Path) -> bool {
    use std::io::Read as _;
    let txt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if !txt {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| line.iter().filter(|&&b| b == c).count();
    count(b'\t') > count(b',')
}

/// `a` relative to the folder `base` (both made absolute), for paths in a drafted job.
fn relative_to(a: &Path, base: &Path) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (a, base) = (abs(a), abs(base));
    let ac: Vec<Component> = a.components().collect();
    let bc: Vec<Component> = base.components().collect();
    let common = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return a;
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &ac[common..] {
        out.push(c.as_os_str());
    }
    out
}

fn dataset_name(path: &Path, taken: &mut Vec<String>) -> String {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        name = "data".into();
    }
    let base = name.clone();
    let mut i = 2;
    while taken.contains(&name) {
        name = format!("{base}_{i}");
        i += 1;
    }
    taken.push(name.clone());
    name
}

/// Reads the first `sample` rows of `files` the way `run` would: the header and encoding are
/// checked first (a data row as header is refused without printing it), and inputs polars cannot
/// read as they are (compressed, not UTF-8) are decoded into a temporary copy.
fn read_sample(
    files: &[PathBuf],
    format: Format,
    csv: &mut CsvOptions,
    sample: usize,
) -> Result<DataFrame> {
    use crate::io::source::{self, Compressed, Extent};
    let (schema, _) = input::file_head(&files[0], format, csv)?;
    if format == Format::Ndjson {
        csv.columns = Some(schema.iter_names().map(|n| n.to_string()).collect());
    }
    let needs_copy = Compressed::of(&files[0]) != Compressed::No
        || (format == Format::Csv && csv.encoding != source::TextEncoding::Utf8);
    // Decoded raw data goes only into a private folder that is removed however scan ends.
    let work = crate::io::workdir::TempDir::new("scan")?;
    let result = (|| {
        let readable = if needs_copy {
            let copy = work.path().join(format!("sample.{}", format.extension()));
            let p = match format {
                Format::Ndjson => source::prepare_ndjson(&files[0], Extent::All, Some(&copy))?,
                _ => source::prepare(&files[0], &csv.dialect(), Extent::All, Some(&copy))?,
            };
            vec![p.readable]
        } else {
            files.to_vec()
        };
        crate::io::collect(
            input::scan(&readable, format, csv)?.limit(sample as IdxSize),
            || format!("cannot read `{}`", crate::error::shown_path(&files[0])),
        )
    })();
    drop(work);
    result
}

pub(crate) fn run(
    inputs: &[PathBuf],
    out: Option<&Path>,
    mode: crate::job::Mode,
    sample: usize,
    encoding: Option<&str>,
    delimiter: Option<&str>,
) -> Result<()> {
    // A bus error (an input cut while it is read) names the input.
    crate::io::workdir::watch_files(inputs.iter().map(PathBuf::as_path));
    let delimiter = match delimiter {
        None => None,
        Some("\\t" | "tab" | "\t") => Some(b'\t'),
        Some(d) if d.len() == 1 && d.is_ascii() && !d.as_bytes()[0].is_ascii_alphanumeric() => {
            Some(d.as_bytes()[0])
        }
        Some(d) => {
            return Err(Error::job(format!(
                "--delimiter `{}`: use one ASCII character such as `,`, `;`, `|` or `\\t` (tab)",
                crate::error::shown(d)
            )));
        }
    };
    let encoding = match encoding {
        None => crate::io::source::TextEncoding::Utf8,
        Some(e) => crate::io::source::TextEncoding::parse(e).ok_or_else(|| {
            Error::job(format!(
                "--encoding `{}`: use one of {}",
                crate::error::shown(e),
                crate::io::source::TextEncoding::NAMES
            ))
        })?,
    };
    if let Some(o) = out
        && o.exists()
    {
        return Err(Error::job(format!(
            "`{}` exists; choose another -o path or remove it",
            o.display()
        )));
    }
    let detector = crate::classify::profiling_detector();
    let job_dir = out
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let job_dir = if job_dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        job_dir
    };
    let mut toml = String::new();
    let stem = out
        .and_then(|o| o.file_stem())
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "draft".into());
    let _ = writeln!(
        toml,
        "# Drafted by `tokumei scan` from a sample of {sample} rows per input. Review every rule before\n\
         # delivering: the draft is safe by default (whatever is uncertain is dropped or scrubbed).\n\
         name = \"{stem}\"\nmode = \"{mode}\"\nrecipient = \"draft recipient (change me)\"\n{kind}output-dir = \"out/{stem}\"\n",
        kind = if mode == crate::job::Mode::Anonymous {
            "recipient-kind = \"third-party\"\n"
        } else {
            "recipient-kind = \"contractor\"  # or \"joint-use\", \"succession\"; never a third party (APPI Art. 41(6))\n"
        }
    );
    let mut taken = Vec::new();
    // Rules are compiled only to read their names and hierarchies; the time zone and date do
    // not change either.
    let draft_ctx = crate::transform::Ctx {
        tz: chrono_tz::Asia::Tokyo,
        as_of: chrono::Utc::now().date_naive(),
        anonymous: false,
    };
    let mut pseudonym_columns: std::collections::HashSet<String> = Default::default();
    for input in inputs {
        let files = input::resolve_files(&input.to_string_lossy(), Path::new("."))?;
        let format = Format::from_extension(&files[0]).ok_or_else(|| {
            Error::job(format!(
                "cannot tell the format of `{}`; use .csv, .parquet or .ndjson",
                crate::error::shown_path(&files[0])
            ))
        })?;
        let defaults = CsvOptions::for_files(&files);
        let mut csv = CsvOptions {
            encoding,
            delimiter: delimiter.unwrap_or_else(|| {
                if tabbed_text(&files[0]) {
                    b'\t'
                } else {
                    defaults.delimiter
                }
            }),
            ..defaults
        };
        // What the draft must say for `run` to read the file as scan did.
        let mut settings = Vec::new();
        if format == Format::Csv && csv.delimiter != CsvOptions::for_files(&files).delimiter {
            settings.push(format!(
                "delimiter = \"{}\"",
                match csv.delimiter {
                    b'\t' => "\\t".to_string(),
                    b'"' => "\\\"".to_string(),
                    b'\\' => "\\\\".to_string(),
                    d => (d as char).to_string(),
                }
            ));
        }
        if format == Format::Csv && encoding != crate::io::source::TextEncoding::Utf8 {
            settings.push(format!("encoding = \"{}\"", encoding.name()));
        }
        let df = read_sample(&files, format, &mut csv, sample)?;
        let name = dataset_name(&files[0], &mut taken);
        outln!(
            "\n{} ({} rows sampled)",
            crate::error::shown_path(input),
            df.height()
        );
        outln!("  {:<20} {:<18} {:<52} why", "column", "class", "rule");
        let rel = relative_to(input, &job_dir);
        let _ = writeln!(
            toml,
            "[datasets.{name}]\ninput = \"{}\"{}\n\n[datasets.{name}.columns]",
            rel.display(),
            if settings.is_empty() {
                String::new()
            } else {
                format!("\ncsv = {{ {} }}", settings.join(", "))
            }
        );
        // Candidates for the drafted risk section: (priority, column, levels + 1).
        let mut qi_candidates: Vec<(usize, String, usize)> = Vec::new();
        let mut subject: Option<(String, f64)> = None;
        for c in df.columns() {
            // A column with no text form (a list, a struct, binary, a duration) can only be
            // dropped: it is profiled as empty and drafted so.
            let text = c.cast(&DataType::String).ok();
            let unreadable = text.is_none() || crate::transform::is_nested_or_binary(c.dtype());
            let values: Vec<&str> = match (&text, unreadable) {
                (Some(s), false) => s
                    .str()
                    .map_err(|e| Error::io(polars_message(&e)))?
                    .iter()
                    .flatten()
                    .filter(|v| !v.trim().is_empty())
                    .collect(),
                _ => Vec::new(),
            };
            let numbers: Vec<f64> = values.iter().filter_map(|v| parse_number(v)).collect();
            let p = profile(&values, &detector);
            let mut dcs = decide(c.name(), &p, &numbers);
            if unreadable {
                dcs.why = format!("a {} column: no rule reads it, so dropped", c.dtype());
            } else if crate::transform::accepts(dcs.rule.name(), c.dtype()).is_err() {
                // The class's usual rule cannot read this type (`pseudonym` on a time of day):
                // the draft must run as it is, so the column is dropped.
                dcs.why = format!(
                    "{}; `{}` cannot read a {} column, so dropped",
                    dcs.why,
                    dcs.rule.name(),
                    c.dtype()
                );
                dcs.rule = crate::transform::RuleSpec::Drop(crate::transform::NoParams {});
            }
            // Anonymous mode gates every join of two datasets through a shared pseudonym domain;
            // the draft gives a repeated ID column a domain of its own, so it delivers no join.
            if let crate::transform::RuleSpec::Pseudonym(spec) = &mut dcs.rule {
                if mode == crate::job::Mode::Anonymous
                    && pseudonym_columns.contains(c.name().as_str())
                {
                    spec.domain = Some(format!("{name}.{}", c.name()));
                    dcs.why = format!(
                        "{}; own domain: no join with the other datasets (declare [[joined-risk]] and one domain to deliver it)",
                        dcs.why
                    );
                }
                pseudonym_columns.insert(c.name().to_string());
            }
            // The draft's rule, compiled as `run` would: its name and hierarchy decide whether
            // it is a candidate for the drafted gate (demographic ones first).
            let rule = dcs.rule.compile(
                c.name(),
                "c",
                &draft_ctx,
                &mut crate::error::Problems::default(),
            );
            // Demographics first (a birth date, a sex, an age, a place), then what an outsider
            // may know of a visit, then other categories; a column of one value in the sample
            // tells no one apart and would only take the lattice's room.
            let demographic = crate::classify::is_demographic(c.name());
            let priority = match rule.as_ref() {
                Some(Rule::Date(_)) => Some(0),
                Some(Rule::Keep { .. }) if dcs.class == Class::QuasiIdentifier && demographic => {
                    Some(1)
                }
                Some(Rule::PostalCode(_)) => Some(2),
                Some(Rule::Address(_)) => Some(3),
                Some(Rule::Timestamp(_)) => Some(4),
                Some(Rule::Keep { .. }) if dcs.class == Class::QuasiIdentifier => Some(5),
                Some(Rule::Ip(_)) => Some(6),
                Some(Rule::UserAgent(_)) => Some(7),
                _ => None,
            }
            .filter(|_| p.distinct > 1);
            if let (Some(pr), Some(h)) = (priority, rule.as_ref().and_then(Rule::hierarchy)) {
                // The lattice search tries every level of every quasi-identifier.
                qi_candidates.push((pr, c.name().to_string(), h.max_level() + 1));
            }
            // A subject for logs: a linking ID that repeats across rows (cookie, session, device
            // preferred).
            if dcs.class == Class::LinkingId && p.non_null > 0 {
                let repeat = 1.0 - share(p.distinct, p.non_null);
                let name = c.name().to_lowercase();
                let preferred = ["cookie", "session", "device"]
                    .iter()
                    .any(|k| name.contains(k));
                let score = repeat + if preferred { 1.0 } else { 0.0 };
                // Fewer subjects than the gate's k (a flag, a status read as an ID) could never
                // pass it.
                if repeat > 0.2
                    && p.distinct >= SUBJECT_MIN_DISTINCT
                    && subject.as_ref().is_none_or(|(_, s)| score > *s)
                {
                    subject = Some((c.name().to_string(), score));
                }
            }
            outln!(
                "  {:<20} {:<18} {:<52} {}",
                crate::error::shown(c.name()),
                dcs.class.name(),
                dcs.rule.to_toml(),
                dcs.why
            );
            let _ = writeln!(
                toml,
                "{} = {}  # {}: {}",
                quote_key(c.name()),
                dcs.rule.to_toml(),
                dcs.class.name(),
                dcs.why
            );
        }
        // The drafted gate: as many quasi-identifiers as the lattice search takes, by priority.
        qi_candidates.sort();
        let mut qis = Vec::new();
        let mut nodes = 1usize;
        for (_, name, n) in qi_candidates {
            if nodes * n <= crate::risk::lattice::LATTICE_LIMIT {
                nodes *= n;
                qis.push(format!("\"{name}\""));
            }
        }
        if !qis.is_empty() {
            let c = if mode == crate::job::Mode::Anonymous {
                ""
            } else {
                "# "
            };
            let _ = writeln!(
                toml,
                "\n# Re-identification gate, drafted from the quasi-identifiers above: k >= 5 by default in\n\
                 # anonymous mode (generalisation search, then at most 5 % suppression; else exit 1).\n\
                 {c}[datasets.{name}.risk]\n{c}quasi-identifiers = [{}]",
                qis.join(", ")
            );
            if let Some((s, _)) = &subject {
                let _ = writeln!(
                    toml,
                    "{c}subject = \"{s}\"  # one person has many rows: count distinct subjects"
                );
            }
            let _ = writeln!(
                toml,
                "{c}min-k = 5\n{c}max-suppression = 0.05\n\
                 # suppress = \"cells\"  # null the quasi-identifier cells instead of removing rows"
            );
        }
        toml.push('\n');
    }
    match out {
        Some(o) => {
            std::fs::write(o, &toml)
                .map_err(|e| Error::io(format!("cannot write `{}`: {}", o.display(), e.kind())))?;
            outln!(
                "\nwrote {}; check it with `tokumei check {}`",
                o.display(),
                o.display()
            );
        }
        None => outln!("\n{toml}"),
    }
    Ok(())
}
