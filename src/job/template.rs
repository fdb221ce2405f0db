//! Date templates in a job's paths, for scheduled runs: `{date}`, `{date:%Y%m%d}`, `{yesterday}`,
//! `{yesterday:%Y/%m/%d}`. The run date is `--date YYYY-MM-DD` or today in the job's time zone,
//! so a past day is rerun with the same job file. `{{` and `}}` are literal braces.

use chrono::NaiveDate;
use chrono::format::{Item, StrftimeItems};

/// `text` with every placeholder replaced; an error names what is wrong (never a value).
pub(crate) fn expand(text: &str, date: NaiveDate) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(t) = tail.strip_prefix("{{") {
            out.push('{');
            rest = t;
            continue;
        }
        if let Some(t) = tail.strip_prefix("}}") {
            out.push('}');
            rest = t;
            continue;
        }
        if tail.starts_with('}') {
            return Err("a lone `}`; write `}}` for a literal brace".into());
        }
        let Some(end) = tail.find('}') else {
            return Err("an unclosed `{`; write `{{` for a literal brace".into());
        };
        let inner = &tail[1..end];
        let (name, format) = match inner.split_once(':') {
            Some((n, f)) => (n, f),
            None => (inner, "%Y-%m-%d"),
        };
        let day = match name {
            "date" => date,
            "yesterday" => date
                .pred_opt()
                .ok_or("the day before the run date does not exist")?,
            other => {
                return Err(format!(
                    "unknown placeholder `{{{other}}}`; use {{date}}, {{yesterday}}, {{date:%Y%m%d}} or {{yesterday:%Y%m%d}}"
                ));
            }
        };
        let items: Vec<Item> = StrftimeItems::new(format).collect();
        if items.iter().any(|i| matches!(i, Item::Error)) || format.is_empty() {
            return Err(format!(
                "`{{{name}:{format}}}` is not a date format; use strftime fields such as %Y, %m, %d"
            ));
        }
        // A format may build folders (`%Y/%m/%d`): that is the job's own choice. A time or
        // time-zone field (`%H`, `%z`) has nothing to print for a date: chrono's formatter
        // then fails, which `write!` returns where `to_string` would panic.
        use std::fmt::Write as _;
        if write!(out, "{}", day.format_with_items(items.iter())).is_err() {
            return Err(format!(
                "`{{{name}:{format}}}` has a field a date cannot fill (a time or a time zone); use date fields such as %Y, %m, %d, %j, %V"
            ));
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn placeholders_and_formats() {
        let day = d("2026-03-01");
        assert_eq!(
            expand("logs/{date}.csv", day).unwrap(),
            "logs/2026-03-01.csv"
        );
        assert_eq!(
            expand("logs/access_{yesterday:%Y%m%d}.csv", day).unwrap(),
            "logs/access_20260228.csv"
        );
        assert_eq!(expand("out/{date:%Y/%m}/x", day).unwrap(), "out/2026/03/x");
        assert_eq!(expand("a{{b}}c", day).unwrap(), "a{b}c");
        assert_eq!(expand("plain.csv", day).unwrap(), "plain.csv");
    }

    #[test]
    fn mistakes_are_named() {
        let day = d("2026-03-01");
        assert!(
            expand("{today}", day)
                .unwrap_err()
                .contains("unknown placeholder `{today}`")
        );
        assert!(expand("{date", day).unwrap_err().contains("unclosed"));
        assert!(expand("x}", day).unwrap_err().contains("lone"));
        assert!(
            expand("{date:%Q}", day)
                .unwrap_err()
                .contains("not a date format")
        );
        // Time and time-zone fields: an error, not a panic.
        for f in [
            "{date:%H}",
            "{date:%Y%Z}",
            "{yesterday:%z}",
            "{date:%.3f}",
            "{date:%s%f}",
        ] {
            assert!(
                expand(f, day).unwrap_err().contains("a date cannot fill"),
                "{f}"
            );
        }
    }
}
