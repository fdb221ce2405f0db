//! `tokumei scan`: profiles every column of one or more inputs and drafts a job.
//!
//! Each column is classified from its name (English and Japanese) and from a sample of its
//! values (detector hit rates, parse rates of the generalising rules, cardinality, uniqueness)
//! into: direct identifier, identifier code (個人識別符号), linking ID, quasi-identifier,
//! sensitive, free text or other. The draft gives every column a rule, with a comment saying
//! why. It is safe by default: whatever is uncertain is dropped or scrubbed, never kept.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use polars::prelude::*;

use crate::detect::{Detector, Kind};
use crate::error::{Error, Result, polars_message};
use crate::io::Format;
use crate::io::input::{self, CsvOptions};
use crate::job::spec::quote_key;
use crate::transform::TextRule;
use crate::transform::date::parse_date;
use crate::transform::ip::parse_ip;
use crate::transform::number::parse_number;
use crate::transform::timestamp::{Timestamp, Unit};
use crate::transform::user_agent::UserAgent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    DirectIdentifier,
    IdentifierCode,
    LinkingId,
    QuasiIdentifier,
    Sensitive,
    FreeText,
    Other,
}

impl Class {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Class::DirectIdentifier => "direct identifier",
            Class::IdentifierCode => "identifier code",
            Class::LinkingId => "linking ID",
            Class::QuasiIdentifier => "quasi-identifier",
            Class::Sensitive => "sensitive",
            Class::FreeText => "free text",
            Class::Other => "other",
        }
    }
}

/// What the sample says about one column.
#[derive(Debug, Default)]
struct Profile {
    non_null: usize,
    distinct: usize,
    avg_chars: f64,
    /// Share of non-null values whose whole value has a detector's format.
    whole: BTreeMap<Kind, f64>,
    /// Share of non-null values in which some detector fires somewhere.
    any_hit: f64,
    ts: f64,
    date: f64,
    ip: f64,
    num: f64,
    url: f64,
    ua: f64,
    japanese: f64,
}

struct Decision {
    class: Class,
    rule: String,
    why: String,
}

fn has(name: &str, words: &[&str]) -> bool {
    words.iter().any(|w| name.contains(w))
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { n as f64 / of as f64 }
}

fn profile(values: &[&str], detector: &Detector) -> Profile {
    let n = values.len();
    let mut p = Profile {
        non_null: n,
        ..Default::default()
    };
    if n == 0 {
        return p;
    }
    let distinct: HashSet<&str> = values.iter().copied().collect();
    p.distinct = distinct.len();
    p.avg_chars = values.iter().map(|v| v.chars().count()).sum::<usize>() as f64 / n as f64;
    let tsr = Timestamp {
        unit: Unit::Hour,
        tz: chrono_tz::Asia::Tokyo,
    };
    let ua = UserAgent {
        major_version: true,
    };
    let mut whole: BTreeMap<Kind, usize> = BTreeMap::new();
    let (mut any, mut ts, mut date, mut ip, mut num, mut url, mut uas, mut ja) =
        (0, 0, 0, 0, 0, 0, 0, 0);
    for v in values {
        if let Some(k) = detector.classify_value(v) {
            *whole.entry(k).or_default() += 1;
        }
        if !detector.find(v).is_empty() {
            any += 1;
        }
        ts += usize::from(tsr.parse_ms(v).is_some() && v.chars().count() >= 10);
        date += usize::from(parse_date(v).is_some());
        ip += usize::from(parse_ip(v).is_some());
        num += usize::from(parse_number(v).is_some());
        url += usize::from(
            v.starts_with('/') || v.starts_with("http://") || v.starts_with("https://"),
        );
        uas += usize::from(v.len() > 20 && ua.transform(v).is_some());
        ja += usize::from(v.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)));
    }
    p.whole = whole.into_iter().map(|(k, c)| (k, share(c, n))).collect();
    p.any_hit = share(any, n);
    p.ts = share(ts, n);
    p.date = share(date, n);
    p.ip = share(ip, n);
    p.num = share(num, n);
    p.url = share(url, n);
    p.ua = share(uas, n);
    p.japanese = share(ja, n);
    p
}

fn whole(p: &Profile, k: Kind) -> f64 {
    p.whole.get(&k).copied().unwrap_or(0.0)
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Rounds a bucket width to 1, 2 or 5 × a power of ten.
fn nice_width(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let e = 10f64.powf(x.log10().floor());
    let m = x / e;
    let nice = if m < 1.5 {
        1.0
    } else if m < 3.5 {
        2.0
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    };
    nice * e
}

/// The class `scan` gives a column from its name and a sample of its values, with the reason.
pub(crate) fn classify(column: &str, values: &[&str]) -> (Class, String) {
    let detector = Detector::new(&Kind::patterns());
    let values: Vec<&str> = values
        .iter()
        .copied()
        .filter(|v| !v.trim().is_empty())
        .collect();
    let numbers: Vec<f64> = values.iter().filter_map(|v| parse_number(v)).collect();
    let p = profile(&values, &detector);
    let d = if p.non_null == 0 {
        // No values to judge: the name alone decides (one harmless value stands in).
        let stand_in = ["-"];
        decide(column, &profile(&stand_in, &detector), &[])
    } else {
        decide(column, &p, &numbers)
    };
    (d.class, d.why)
}

fn decide(column: &str, p: &Profile, numbers: &[f64]) -> Decision {
    use crate::transform::nfkc;
    let name = nfkc(column).to_lowercase();
    let d = |class, rule: &str, why: String| Decision {
        class,
        rule: rule.to_string(),
        why,
    };
    let uniq = share(p.distinct, p.non_null);
    if p.non_null == 0 {
        return d(
            Class::Other,
            "\"drop\"",
            "no values in the sample: nothing to judge, so dropped".into(),
        );
    }
    // Identifier codes (個人識別符号) first: always deleted.
    if has(
        &name,
        &[
            "my_number",
            "mynumber",
            "my number",
            "マイナンバー",
            "個人番号",
        ],
    ) || whole(p, Kind::MyNumber) > 0.5
    {
        return d(
            Class::IdentifierCode,
            "\"drop\"",
            format!(
                "My Number (個人番号) by name or format ({} valid check digits)",
                pct(whole(p, Kind::MyNumber))
            ),
        );
    }
    for (words, kind, label) in [
        (&["passport", "旅券"][..], Kind::Passport, "passport number"),
        (
            &["residence_card", "在留カード", "在留"][..],
            Kind::ResidenceCard,
            "residence card number",
        ),
        (
            &["licen", "免許"][..],
            Kind::DriversLicence,
            "driver's licence number",
        ),
        (&["pension", "年金"][..], Kind::Pension, "pension number"),
        (&["insur", "保険"][..], Kind::Insurance, "insurance number"),
    ] {
        if has(&name, words) || whole(p, kind) > 0.5 {
            return d(
                Class::IdentifierCode,
                "\"drop\"",
                format!("{label} (個人識別符号) by name or format"),
            );
        }
    }
    if has(&name, &["card", "カード", "credit"]) || whole(p, Kind::Card) > 0.5 {
        return d(
            Class::DirectIdentifier,
            "\"drop\"",
            format!(
                "payment card number ({} pass Luhn)",
                pct(whole(p, Kind::Card))
            ),
        );
    }
    if has(&name, &["mail", "メール"]) || whole(p, Kind::Email) > 0.5 {
        return d(
            Class::DirectIdentifier,
            "\"drop\"",
            format!("email address ({} emails)", pct(whole(p, Kind::Email))),
        );
    }
    if has(&name, &["phone", "tel", "電話", "携帯", "mobile", "fax"]) || whole(p, Kind::Phone) > 0.5
    {
        return d(
            Class::DirectIdentifier,
            "\"drop\"",
            format!("phone number ({} phones)", pct(whole(p, Kind::Phone))),
        );
    }
    if has(
        &name,
        &[
            "kana",
            "カナ",
            "かな",
            "フリガナ",
            "氏名",
            "名前",
            "full_name",
            "first_name",
            "last_name",
        ],
    ) || name == "name"
        || name.ends_with("_name") && has(&name, &["customer", "user", "member", "person"])
    {
        return d(
            Class::DirectIdentifier,
            "\"drop\"",
            "person's name by column name".into(),
        );
    }
    if has(&name, &["password", "passwd", "secret", "token"]) {
        return d(
            Class::DirectIdentifier,
            "\"drop\"",
            "credential by column name".into(),
        );
    }
    // Quasi-identifiers that have a generalising rule.
    if has(&name, &["postal", "zip", "郵便", "postcode"]) || whole(p, Kind::PostalCode) > 0.5 {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"postal-code\", digits = 3 }",
            "postal code: keep the 3-digit area".into(),
        );
    }
    if has(&name, &["address", "住所", "所在地"]) || whole(p, Kind::Address) > 0.5 {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"address\", level = \"prefecture\" }",
            "street address: keep the prefecture".into(),
        );
    }
    if has(&name, &["birth", "dob", "生年月日", "誕生"]) || (p.date > 0.8 && has(&name, &["born"]))
    {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"date\", output = \"age-band\", band = 10 }",
            format!(
                "birth date ({} parse): 10-year age band, 90+ top-coded",
                pct(p.date)
            ),
        );
    }
    if p.ip > 0.8 || has(&name, &["ip_addr", "ipaddr", "client_ip", "remote_addr"]) || name == "ip"
    {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"ip\", ipv4-prefix = 24, ipv6-prefix = 48 }",
            format!("IP address ({} parse): keep /24 and /48", pct(p.ip)),
        );
    }
    if p.ua > 0.6 || has(&name, &["user_agent", "useragent", "user-agent"]) {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"user-agent\" }",
            format!(
                "User-Agent ({} recognised): browser, major version, OS",
                pct(p.ua)
            ),
        );
    }
    if has(&name, &["referer", "referrer", "リファラ"]) {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"url\", keep = \"host\" }",
            "referrer: keep the host only".into(),
        );
    }
    if p.url > 0.8 || has(&name, &["url", "uri", "path"]) {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"url\" }",
            format!(
                "URL ({} URL-like): strip queries, redact IDs in paths, scrub",
                pct(p.url)
            ),
        );
    }
    if p.ts > 0.8 {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"timestamp\", truncate = \"hour\" }",
            format!("timestamp ({} parse): truncated to the hour", pct(p.ts)),
        );
    }
    if p.date > 0.8 {
        return d(
            Class::QuasiIdentifier,
            "{ rule = \"timestamp\", truncate = \"day\" }",
            format!("date ({} parse): kept to the day", pct(p.date)),
        );
    }
    // IDs: by name, or unique ID-like text.
    let id_name = name == "id"
        || name.ends_with("_id")
        || name.ends_with("id") && name.len() <= 8
        || has(
            &name,
            &[
                "会員",
                "顧客",
                "番号",
                "cookie",
                "session",
                "uuid",
                "device_id",
                "member",
                "account",
            ],
        );
    let id_like = uniq > 0.9 && p.num < 0.5 && p.avg_chars >= 6.0 && p.japanese < 0.1;
    if id_name || id_like {
        return d(
            Class::LinkingId,
            "{ rule = \"pseudonym\" }",
            format!(
                "{} distinct in sample: keyed pseudonym, joins within the delivery only",
                pct(uniq)
            ),
        );
    }
    // Free text: long or Japanese prose, or where detectors fire inside values.
    let text_name = has(
        &name,
        &[
            "inquiry",
            "comment",
            "message",
            "note",
            "memo",
            "問い合わせ",
            "お問い合わせ",
            "備考",
            "本文",
            "review",
            "description",
            "text",
            "body",
        ],
    );
    if text_name || (p.avg_chars > 15.0 && uniq > 0.3) || p.any_hit > 0.05 {
        return d(
            Class::FreeText,
            "{ rule = \"text\" }",
            format!(
                "avg {:.0} chars, detectors fire in {}: scrubbed",
                p.avg_chars,
                pct(p.any_hit)
            ),
        );
    }
    if has(
        &name,
        &[
            "health", "disease", "medical", "病", "religion", "宗教", "criminal", "犯罪", "race",
            "人種",
        ],
    ) {
        return d(
            Class::Sensitive,
            "\"drop\"",
            "sensitive (要配慮個人情報) by column name: dropped".into(),
        );
    }
    if p.num > 0.95 && p.distinct > 20 {
        let mut sorted = numbers.to_vec();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let q = |f: f64| sorted[((sorted.len() - 1) as f64 * f) as usize];
        let width = nice_width((q(0.9) - q(0.1)) / 10.0);
        let top = (q(0.99) / width).ceil() * width;
        let bottom = if q(0.0) >= 0.0 {
            "0".to_string()
        } else {
            crate::transform::number::fmt_num((q(0.01) / width).floor() * width)
        };
        return d(
            Class::QuasiIdentifier,
            &format!(
                "{{ rule = \"number\", width = {}, bottom-code = {bottom}, top-code = {} }}",
                crate::transform::number::fmt_num(width),
                crate::transform::number::fmt_num(top)
            ),
            format!(
                "number with {} distinct values: buckets, top-coded at the 99th percentile",
                p.distinct
            ),
        );
    }
    if p.distinct <= 20 && uniq < 0.5 {
        return d(
            Class::QuasiIdentifier,
            "\"keep\"",
            format!(
                "categorical with {} values: kept (a quasi-identifier; gate it with the risk check)",
                p.distinct
            ),
        );
    }
    d(
        Class::Other,
        "\"drop\"",
        format!(
            "uncertain ({} distinct, avg {:.0} chars): dropped to be safe; choose a rule to keep it",
            p.distinct, p.avg_chars
        ),
    )
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
        input::scan(&readable, format, csv)?
            .limit(sample as IdxSize)
            .collect_with_engine(Engine::Streaming)
            .map(|r| r.unwrap_single())
            .map_err(|e| {
                Error::io(format!(
                    "cannot read `{}`: {}",
                    crate::error::shown_path(&files[0]),
                    polars_message(&e)
                ))
            })
    })();
    drop(work);
    result
}

pub(crate) fn run(
    inputs: &[PathBuf],
    out: Option<&Path>,
    mode: &str,
    sample: usize,
    encoding: Option<&str>,
) -> Result<()> {
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
    if !matches!(mode, "anonymous" | "pseudonymous") {
        return Err(Error::job(format!(
            "--mode `{mode}`: use anonymous or pseudonymous"
        )));
    }
    if let Some(o) = out
        && o.exists()
    {
        return Err(Error::job(format!(
            "`{}` exists; choose another -o path or remove it",
            o.display()
        )));
    }
    let detector = Detector::new(&Kind::patterns());
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
         name = \"{stem}\"\nmode = \"{mode}\"\nrecipient = \"draft recipient (change me)\"\noutput-dir = \"out/{stem}\"\n"
    );
    let mut taken = Vec::new();
    for input in inputs {
        let files = input::resolve_files(&input.to_string_lossy(), Path::new("."))?;
        let format = Format::from_extension(&files[0]).ok_or_else(|| {
            Error::job(format!(
                "cannot tell the format of `{}`; use .csv, .parquet or .ndjson",
                crate::error::shown_path(&files[0])
            ))
        })?;
        let mut csv = CsvOptions {
            encoding,
            ..CsvOptions::default()
        };
        let df = read_sample(&files, format, &mut csv, sample)?;
        let name = dataset_name(&files[0], &mut taken);
        println!(
            "\n{} ({} rows sampled)",
            crate::error::shown_path(input),
            df.height()
        );
        println!("  {:<20} {:<18} {:<52} why", "column", "class", "rule");
        let rel = relative_to(input, &job_dir);
        let _ = writeln!(
            toml,
            "[datasets.{name}]\ninput = \"{}\"{}\n\n[datasets.{name}.columns]",
            rel.display(),
            if format == Format::Csv && encoding != crate::io::source::TextEncoding::Utf8 {
                format!("\ncsv = {{ encoding = \"{}\" }}", encoding.name())
            } else {
                String::new()
            }
        );
        // Candidates for the drafted risk section: (priority, column, levels + 1, rule).
        let mut qi_candidates: Vec<(usize, String, usize)> = Vec::new();
        let mut subject: Option<(String, f64)> = None;
        for c in df.columns() {
            let s = c
                .cast(&DataType::String)
                .map_err(|e| Error::io(polars_message(&e)))?;
            let ca = s.str().map_err(|e| Error::io(polars_message(&e)))?;
            let values: Vec<&str> = ca
                .iter()
                .flatten()
                .filter(|v| !v.trim().is_empty())
                .collect();
            let numbers: Vec<f64> = values.iter().filter_map(|v| parse_number(v)).collect();
            let p = profile(&values, &detector);
            let dcs = decide(c.name(), &p, &numbers);
            // Quasi-identifiers with a hierarchy, demographic ones first.
            let rule_name = dcs.rule.split('"').nth(1).unwrap_or("");
            let priority = match rule_name {
                "date" => Some(0),
                "keep" if dcs.class == Class::QuasiIdentifier && rule_name == "keep" => Some(1),
                "postal-code" => Some(2),
                "address" => Some(3),
                "timestamp" => Some(4),
                "ip" => Some(5),
                "user-agent" => Some(6),
                _ => None,
            };
            if let Some(pr) = priority {
                let hierarchy_nodes = match rule_name {
                    "timestamp" => 5,
                    "date" | "address" | "user-agent" => 4,
                    _ => 3,
                };
                qi_candidates.push((pr, c.name().to_string(), hierarchy_nodes));
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
                if repeat > 0.2 && subject.as_ref().is_none_or(|(_, s)| score > *s) {
                    subject = Some((c.name().to_string(), score));
                }
            }
            println!(
                "  {:<20} {:<18} {:<52} {}",
                crate::error::shown(c.name()),
                dcs.class.name(),
                dcs.rule,
                dcs.why
            );
            let _ = writeln!(
                toml,
                "{} = {}  # {}: {}",
                quote_key(c.name()),
                dcs.rule,
                dcs.class.name(),
                dcs.why
            );
        }
        // The drafted gate: as many quasi-identifiers as the lattice search takes, by priority.
        qi_candidates.sort();
        let mut qis = Vec::new();
        let mut nodes = 1usize;
        for (_, name, n) in qi_candidates {
            if nodes * n <= 4096 {
                nodes *= n;
                qis.push(format!("\"{name}\""));
            }
        }
        if !qis.is_empty() {
            let c = if mode == "anonymous" { "" } else { "# " };
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
            println!(
                "\nwrote {}; check it with `tokumei check {}`",
                o.display(),
                o.display()
            );
        }
        None => println!("\n{toml}"),
    }
    Ok(())
}
