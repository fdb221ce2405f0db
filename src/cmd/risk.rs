//! `tokumei risk FILE --qi COLS`: the re-identification risk of any CSV or Parquet file.

use crate::error::{Error, Result, polars_message};
use crate::risk::{Measures, RiskSpec};

/// `tokumei risk FILE --qi a,b,c [--subject col] [--sensitive col] [--k N] [--trace-items M]
/// [--json]`. Exits 1 ("risk not met") when k (or k^m) is below `--k`.
pub(crate) fn run_cli(
    file: &std::path::Path,
    spec: &RiskSpec,
    trace_items: Option<usize>,
    json: bool,
) -> Result<()> {
    use crate::io::Format;
    // A bus error (the file cut while it is read) names it.
    crate::io::workdir::watch_files([file]);
    let format = Format::from_extension(file).ok_or_else(|| {
        Error::job(format!(
            "cannot tell the format of `{}`; use a .csv or .parquet file",
            file.display()
        ))
    })?;
    // A CSV file gets the input check `run` gives it (ragged rows, stray quotes, bytes that
    // are not UTF-8, a first row of data, duplicate names), each named by row and column,
    // before polars reads it (which would pad or rename silently, or fail without saying where).
    let csv = crate::io::input::CsvOptions::for_files(&[file.to_path_buf()]);
    if format == Format::Csv {
        crate::io::source::prepare(file, &csv.dialect(), crate::io::source::Extent::All, None)?;
    }
    let mut lf = crate::io::input::scan(&[file.to_path_buf()], format, &csv)?;
    let schema = lf.collect_schema().map_err(|e| {
        Error::io(format!(
            "cannot read `{}`: {}",
            file.display(),
            polars_message(&e)
        ))
    })?;
    let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let mut missing: Vec<String> = spec
        .qis
        .iter()
        .chain(spec.subject.iter())
        .chain(spec.sensitive.iter())
        .filter(|c| !names.contains(c))
        .map(|c| format!("`{}`", crate::error::shown(c)))
        .collect();
    missing.dedup();
    if !missing.is_empty() {
        // A header that is a row of data (a file without one) is refused without its cells.
        let looks = crate::io::source::data_like(&names);
        if !looks.is_empty() {
            let list: Vec<String> = looks
                .iter()
                .take(4)
                .map(|(i, what)| {
                    format!("column {i} looks like {}", crate::io::source::article(what))
                })
                .collect();
            return Err(Error::io(format!(
                "the first row of `{}` looks like data, not column names ({}), and has no column {}: `tokumei risk` reads a file's first row as its header; add a header row; the row is not shown",
                crate::error::shown_path(file),
                list.join(", "),
                missing.join(", ")
            )));
        }
        return Err(Error::job(format!(
            "`{}` has no column {}; its columns are: {}",
            crate::error::shown_path(file),
            missing.join(", "),
            names
                .iter()
                .enumerate()
                .map(|(i, n)| match crate::io::source::shown_column(n, i) {
                    // A name that reads as a person's is not listed.
                    (_, true) => format!("(column {})", i + 1),
                    (_, false) => crate::error::shown(n),
                })
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if trace_items.is_some() && spec.subject.is_none() {
        return Err(Error::job(
            "--trace-items needs --subject: a trace is one subject's rows",
        ));
    }
    let table = crate::risk::lattice::ClassTable::build(lf, spec)?;
    let m = crate::risk::measures_of(&table, spec);
    let traces = match trace_items {
        Some(items) => {
            let (tr, _) = crate::risk::traces::traces(&table);
            Some(crate::risk::traces::measure(&tr, items, spec.k).map_err(Error::risk)?)
        }
        None => None,
    };
    drop(table);
    if json {
        let mut v = serde_json::to_value(&m).map_err(|e| Error::io(e.to_string()))?;
        if let (Some(t), Some(o)) = (&traces, v.as_object_mut()) {
            o.insert(
                "traces".into(),
                serde_json::to_value(t).map_err(|e| Error::io(e.to_string()))?,
            );
        }
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| Error::io(e.to_string()))?
        );
    } else {
        print_measures(&m);
        if let Some(t) = &traces {
            outln!(
                "traces (k^m, m = {}): k = {}   {} subjects, {:.1} points each (longest {})",
                t.items,
                t.k,
                t.subjects,
                t.mean_trace_items,
                t.longest_trace
            );
            outln!(
                "  sets of up to {} points held by fewer than {}: {} ({} subjects)   unique traces {}",
                t.items,
                t.threshold_k,
                t.itemsets_below_k,
                t.subjects_below_k,
                percent(t.unique_trace_share)
            );
            if t.long_traces > 0 {
                outln!(
                    "  traces of more than {} points (too many sets to count; each a violation): {}",
                    crate::risk::traces::MAX_TRACE,
                    t.long_traces
                );
            }
        }
    }
    if let Some(t) = traces.as_ref().filter(|t| t.k < spec.k && m.k >= spec.k) {
        return Err(Error::risk(format!(
            "k^{} = {} is below the threshold {}: {} subject(s) hold a set of up to {} points fewer than {} subjects share",
            t.items, t.k, spec.k, t.subjects_below_k, t.items, spec.k
        )));
    }
    if m.k < spec.k {
        return Err(Error::risk(format!(
            "k = {} is below the threshold {}: {} row(s), {} subject(s) are in classes smaller than {}",
            m.k, spec.k, m.rows_below_k, m.subjects_below_k, spec.k
        )));
    }
    Ok(())
}

fn print_measures(m: &Measures) {
    let unit = if m.subject.is_some() {
        "subjects"
    } else {
        "rows"
    };
    outln!("quasi-identifiers: {}", m.quasi_identifiers.join(", "));
    if let Some(s) = &m.subject {
        outln!("subject column:    {s} (classes are counted in distinct subjects)");
    }
    outln!(
        "rows {}   subjects {}   classes {}",
        m.rows,
        m.subjects,
        m.classes
    );
    outln!("k = {} (smallest class, in {unit})", m.k);
    outln!(
        "class sizes ({unit}): {}",
        m.class_sizes
            .iter()
            .map(|(b, n)| format!("{b}: {n}"))
            .collect::<Vec<_>>()
            .join("  ")
    );
    outln!(
        "below k = {}: {} class(es), {} row(s), {} subject(s)",
        m.threshold_k,
        m.classes_below_k,
        m.rows_below_k,
        m.subjects_below_k
    );
    outln!(
        "unique share {}   prosecutor risk {:.4}   marketer risk {:.4}",
        percent(m.unique_share),
        m.prosecutor_risk,
        m.marketer_risk
    );
    for l in &m.l_diversity {
        outln!(
            "l-diversity of {}: distinct l = {}, entropy l = {:.3}",
            l.attribute,
            l.distinct_l,
            l.entropy_l
        );
    }
    for t in &m.t_closeness {
        outln!(
            "t-closeness of {}: t = {:.4} ({} distance)",
            t.attribute,
            t.t,
            t.distance
        );
    }
    for r in &m.rare_values {
        outln!(
            "rare values in {}: {} value(s) held by fewer than {} {unit} ({} rows)",
            r.column,
            r.values_below_k,
            m.threshold_k,
            r.rows
        );
    }
    outln!("smallest classes:");
    for c in &m.smallest {
        let vals: Vec<String> = c
            .values
            .iter()
            .map(|v| v.clone().unwrap_or_else(|| "null".into()))
            .collect();
        outln!(
            "  {:>6} {unit} {:>7} rows  {}",
            c.subjects,
            c.rows,
            vals.join(" | ")
        );
    }
}

/// A share as a percentage to two decimals; a share above zero that would show as `0.00%` is
/// `<0.01%`, so one unique row among 30,000 is not shown as none.
fn percent(x: f64) -> String {
    if x > 0.0 && x < 0.00005 {
        "<0.01%".into()
    } else {
        format!("{:.2}%", x * 100.0)
    }
}
