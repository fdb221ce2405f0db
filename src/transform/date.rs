//! `date` (birth dates): the birth year or an N-year age band at the job's `as-of` date, with
//! top-coding (default: ages ≥ 90 become one class, the PPC's "90歳以上" example) and optional
//! bottom-coding. Accepts ISO dates, `/` and `.` separators, `YYYYMMDD`, `YYYY年M月D日`, Japanese
//! era dates (昭和60年1月2日, H1.1.8) and typed Date/Datetime columns. Dates after `as-of` or ages
//! over 150 are not plausible birth dates → null.
//!
//! The output is a text label: `1985`, `30-39`, `90+`, `<18`; for years, `≤1936` / `≥2008`.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use regex::Regex;

use serde::{Deserialize, Serialize};

use super::{Ctx, Rule, ValueRule, nfkc};
use crate::error::Problems;

const MAX_AGE: u32 = 150;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateOutput {
    Year,
    AgeBand(u32),
}

pub(crate) struct BirthDate {
    pub(crate) output: DateOutput,
    pub(crate) as_of: NaiveDate,
    pub(crate) top: Option<u32>,
    pub(crate) bottom: Option<u32>,
}

static WESTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T ].*)?$").unwrap()
});
static COMPACT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})$").unwrap());
static ERA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(明治|大正|昭和|平成|令和|[MTSHRmtshr])\s*(\d{1,2}|元)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
        .unwrap()
});

/// An era's first year, and its first and last days (明治's first day as the Gregorian date of
/// its proclamation; its early dates were lunisolar, not converted here).
fn era(era: &str) -> Option<(i32, NaiveDate, Option<NaiveDate>)> {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    Some(match era {
        "明治" | "M" | "m" => (1868, d(1868, 10, 23)?, d(1912, 7, 29)),
        "大正" | "T" | "t" => (1912, d(1912, 7, 30)?, d(1926, 12, 24)),
        "昭和" | "S" | "s" => (1926, d(1926, 12, 25)?, d(1989, 1, 7)),
        "平成" | "H" | "h" => (1989, d(1989, 1, 8)?, d(2019, 4, 30)),
        "令和" | "R" | "r" => (2019, d(2019, 5, 1)?, None),
        _ => return None,
    })
}

pub(crate) fn parse_date(raw: &str) -> Option<NaiveDate> {
    let s = nfkc(raw);
    let s = s.trim();
    let ymd = |y: &str, m: &str, d: &str| -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    if let Some(c) = WESTERN.captures(s) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = COMPACT.captures(s) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = ERA.captures(s) {
        let (start, first, last) = era(&c[1])?;
        let n: i32 = if &c[2] == "元" {
            1
        } else {
            c[2].parse().ok()?
        };
        if n == 0 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(start + n - 1, c[3].parse().ok()?, c[4].parse().ok()?)?;
        // A day outside its era never existed (平成元年1月7日 was 昭和64年1月7日; 平成32年 was
        // 令和2年): unparsed, not guessed.
        return (date >= first && last.is_none_or(|l| date <= l)).then_some(date);
    }
    None
}

impl BirthDate {
    fn age(&self, born: NaiveDate) -> Option<u32> {
        if born > self.as_of {
            return None;
        }
        let mut age = self.as_of.year() - born.year();
        if (self.as_of.month(), self.as_of.day()) < (born.month(), born.day()) {
            age -= 1;
        }
        let age = u32::try_from(age).ok()?;
        (age <= MAX_AGE).then_some(age)
    }

    pub(crate) fn label(&self, born: NaiveDate) -> Option<String> {
        let age = self.age(born)?;
        if self.output == DateOutput::Year {
            // Years are top- and bottom-coded by the year, not by the age at as-of: each birth
            // year is one label (`≤1936` holds all of 1936), or a year's label would overlap
            // the coded one and narrow the birthday down to the days after as-of's.
            let year = born.year();
            if let Some(top) = self.top
                && year <= self.as_of.year() - top as i32
            {
                return Some(format!("≤{}", self.as_of.year() - top as i32));
            }
            if let Some(bottom) = self.bottom
                && year >= self.as_of.year() - bottom as i32
            {
                return Some(format!("≥{}", self.as_of.year() - bottom as i32));
            }
            return Some(year.to_string());
        }
        if let Some(top) = self.top
            && age >= top
        {
            return Some(match self.output {
                DateOutput::AgeBand(_) => format!("{top}+"),
                DateOutput::Year => format!("≤{}", self.as_of.year() - top as i32),
            });
        }
        if let Some(bottom) = self.bottom
            && age < bottom
        {
            return Some(match self.output {
                DateOutput::AgeBand(_) => format!("<{bottom}"),
                DateOutput::Year => format!("≥{}", self.as_of.year() - bottom as i32),
            });
        }
        Some(match self.output {
            DateOutput::Year => born.year().to_string(),
            DateOutput::AgeBand(width) => {
                let mut lo = age / width * width;
                let mut hi = lo + width - 1;
                if let Some(b) = self.bottom {
                    lo = lo.max(b);
                }
                if let Some(t) = self.top {
                    hi = hi.min(t - 1);
                }
                format!("{lo}-{hi}")
            }
        })
    }
}

impl ValueRule for BirthDate {
    fn output_dtype(&self) -> DataType {
        DataType::String
    }

    fn apply(&self, input: &Column) -> PolarsResult<Column> {
        let out: StringChunked = match input.dtype() {
            // An instant with a time zone is a birth date on that zone's calendar (midnight in
            // Tokyo is 15:00 the day before in UTC, which a cast to Date would give).
            DataType::Datetime(unit, Some(tz)) => {
                let day = local_day(tz).ok_or_else(|| {
                    polars_err!(ComputeError: "time zone `{}` is not one tokumei reads", tz.as_str())
                })?;
                let per_ms = match unit {
                    TimeUnit::Milliseconds => 1,
                    TimeUnit::Microseconds => 1_000,
                    TimeUnit::Nanoseconds => 1_000_000,
                };
                input
                    .to_physical_repr()
                    .i64()?
                    .iter()
                    .map(|v| {
                        v.and_then(|v| day(v.div_euclid(per_ms)))
                            .and_then(|d| self.label(d))
                    })
                    .collect()
            }
            DataType::Date | DataType::Datetime(_, _) => {
                let as_date = input.cast(&DataType::Date)?;
                let phys = as_date.to_physical_repr();
                phys.i32()?
                    .iter()
                    .map(|d| {
                        d.and_then(|d| NaiveDate::from_num_days_from_ce_opt(d + 719_163))
                            .and_then(|d| self.label(d))
                    })
                    .collect()
            }
            _ => {
                let s = input.cast(&DataType::String)?;
                s.str()?
                    .iter()
                    .map(|v| v.and_then(parse_date).and_then(|d| self.label(d)))
                    .collect()
            }
        };
        Ok(out.with_name(input.name().clone()).into_column())
    }
}

/// The calendar day, in time zone `tz` (a zone name or a fixed offset such as `+09:00`), of
/// UTC epoch milliseconds.
fn local_day(tz: &str) -> Option<impl Fn(i64) -> Option<NaiveDate>> {
    use chrono::TimeZone as _;
    let named = tz.parse::<chrono_tz::Tz>().ok();
    let fixed = named
        .is_none()
        .then(|| tz.parse::<chrono::FixedOffset>().ok())
        .flatten();
    if named.is_none() && fixed.is_none() {
        return None;
    }
    Some(move |ms: i64| match (named, fixed) {
        (Some(z), _) => z.timestamp_millis_opt(ms).single().map(|t| t.date_naive()),
        (None, Some(f)) => f.timestamp_millis_opt(ms).single().map(|t| t.date_naive()),
        _ => None,
    })
}

/// `{ rule = "date", output = "age-band" | "year", band = 10, top-code = 90 | false,
/// bottom-code = 18 }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) output: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) band: Option<u32>,
    /// `false` turns top-coding off; a number sets the age.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<TopCode>")]
    pub(crate) top_code: Option<toml::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) bottom_code: Option<u32>,
}

/// What `top-code` accepts, for the job file's JSON Schema (the rule reads a raw TOML value).
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only its schema is used.
enum TopCode {
    /// The age from which everyone is one class (`90+`).
    Age(u32),
    /// `false`: no top-coding.
    Off(bool),
}

pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    key: &str,
    ctx: &Ctx,
    p: &mut Problems,
) -> Option<Rule> {
    let bad = |p: &mut Problems, k: &str, msg: &str| p.push(&format!("{key}.{k}"), msg);
    let output = match s.output.as_deref().unwrap_or("age-band") {
        "age-band" => {
            let w = s.band.unwrap_or(10);
            if !(1..=50).contains(&w) {
                bad(p, "band", "must be 1..=50 years");
            }
            DateOutput::AgeBand(w.clamp(1, 50))
        }
        "year" => {
            if s.band.is_some() {
                bad(p, "band", "only applies with output = \"age-band\"");
            }
            DateOutput::Year
        }
        other => {
            p.push(
                &format!("{key}.output"),
                format!("unknown `{other}`; use \"age-band\" or \"year\""),
            );
            DateOutput::Year
        }
    };
    let top = match &s.top_code {
        None => Some(90),
        Some(toml::Value::Boolean(false)) => None,
        Some(toml::Value::Integer(n)) if (1..=150).contains(n) => Some(*n as u32),
        Some(_) => {
            bad(
                p,
                "top-code",
                "must be an age 1..=150, or false to turn top-coding off",
            );
            None
        }
    };
    let bottom = s.bottom_code;
    if let (Some(b), Some(t)) = (bottom, top)
        && b >= t
    {
        p.push(
            &format!("{key}.bottom-code"),
            format!("must be below top-code ({t})"),
        );
    }
    Some(Rule::Date(std::sync::Arc::new(BirthDate {
        output,
        as_of: ctx.as_of,
        top,
        bottom,
    })))
}

impl std::fmt::Display for BirthDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.output {
            DateOutput::AgeBand(w) => write!(f, "output=age-band band={w}")?,
            DateOutput::Year => f.write_str("output=year")?,
        }
        write!(
            f,
            " top-code={} bottom-code={} as-of={}",
            self.top.map_or("off".into(), |t| t.to_string()),
            self.bottom.map_or("off".into(), |b| b.to_string()),
            self.as_of
        )
    }
}

/// Generalisation for the risk search. Age bands: the band's own width doubled per level
/// (5 → 10 → 20, 10 → 20 → 40 years), then `*`. Years: 5-year, 10-year spans, then `*`.
/// Top- and bottom-coded labels (`90+`, `<18`, `≤1936`) stay as they are.
pub(crate) const MAX_LEVEL: usize = 3;

/// The risk search's level `level` (1 ..< `MAX_LEVEL`) in words: age bands (`age_band`) or years.
pub(crate) fn level_words(age_band: bool, level: usize) -> super::Words {
    let times = 1u32 << level;
    if age_band {
        super::Words::new(
            format!("年代の幅を{times}倍に広げた"),
            format!("age bands {times} times as wide"),
        )
    } else {
        let w = 5u32 << (level - 1);
        super::Words::new(
            format!("{w}年刻みの生年"),
            format!("{w}-year spans of birth years"),
        )
    }
}

pub(crate) fn top_or_bottom(value: &str) -> Option<String> {
    (value.ends_with('+') || value.starts_with(['<', '≤', '≥'])).then(|| value.to_string())
}

pub(crate) fn age_band_level(value: &str, level: usize) -> Option<String> {
    if let Some(t) = top_or_bottom(value) {
        return Some(t);
    }
    let (lo, hi) = value.split_once('-')?;
    let (lo, hi): (u32, u32) = (lo.parse().ok()?, hi.parse().ok()?);
    let width = hi
        .checked_sub(lo)?
        .checked_add(1)?
        .checked_shl(level as u32)?;
    let l = lo / width * width;
    Some(format!("{l}-{}", l + width - 1))
}

pub(crate) fn year_level(value: &str, level: usize) -> Option<String> {
    value
        .parse::<u32>()
        .ok()
        .map(|y| {
            let w = 5 << (level - 1);
            let lo = y / w * w;
            format!("{lo}-{}", lo + w - 1)
        })
        .or_else(|| top_or_bottom(value))
}

impl BirthDate {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        let top = |ja: bool| match self.top {
            Some(t) if ja => format!("、{t}歳以上は一つの区分"),
            Some(t) => format!(", ages {t} and over as one class"),
            None => String::new(),
        };
        let bottom = |ja: bool| match self.bottom {
            Some(b) if ja => format!("、{b}歳未満は一つの区分"),
            Some(b) => format!(", ages under {b} as one class"),
            None => String::new(),
        };
        match self.output {
            DateOutput::AgeBand(w) => super::Words::new(
                format!(
                    "年代（生年月日から{}時点の年齢を{w}歳刻み{}{}）",
                    self.as_of,
                    top(true),
                    bottom(true)
                ),
                format!(
                    "age band ({w}-year bands of the age at {}{}{})",
                    self.as_of,
                    top(false),
                    bottom(false)
                ),
            ),
            DateOutput::Year => super::Words::new(
                format!("生年（年のみ{}{}）", top(true), bottom(true)),
                format!("year of birth only{}{}", top(false), bottom(false)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(width: u32) -> BirthDate {
        BirthDate {
            output: DateOutput::AgeBand(width),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            top: Some(90),
            bottom: None,
        }
    }

    fn label(r: &BirthDate, s: &str) -> Option<String> {
        parse_date(s).and_then(|d| r.label(d))
    }

    #[test]
    fn parses_forms() {
        let d = NaiveDate::from_ymd_opt(1985, 1, 2);
        for v in [
            "1985-01-02",
            "1985/1/2",
            "1985.01.02",
            "19850102",
            "1985年1月2日",
            "昭和60年1月2日",
            "S60.1.2",
            "１９８５－０１－０２",
            "1985-01-02T00:00:00",
        ] {
            assert_eq!(parse_date(v), d, "{v}");
        }
        assert_eq!(
            parse_date("平成元年1月8日"),
            NaiveDate::from_ymd_opt(1989, 1, 8)
        );
        assert_eq!(parse_date("1985-02-30"), None);
        assert_eq!(parse_date("unknown"), None);
        // Days outside their era never existed.
        for v in [
            "平成元年1月7日",
            "昭和64年1月8日",
            "令和元年4月30日",
            "平成32年1月1日",
        ] {
            assert_eq!(parse_date(v), None, "{v}");
        }
        for (v, (y, m, d)) in [
            ("昭和64年1月7日", (1989, 1, 7)),
            ("平成31年4月30日", (2019, 4, 30)),
            ("令和元年5月1日", (2019, 5, 1)),
        ] {
            assert_eq!(parse_date(v), NaiveDate::from_ymd_opt(y, m, d), "{v}");
        }
    }

    #[test]
    fn bands_and_top_coding() {
        let r = band(10);
        assert_eq!(label(&r, "1985-01-02").as_deref(), Some("40-49"));
        assert_eq!(label(&r, "1985-11-26").as_deref(), Some("40-49")); // 40 the day before
        assert_eq!(label(&r, "1986-11-26").as_deref(), Some("30-39"));
        assert_eq!(label(&r, "1936-11-25").as_deref(), Some("90+")); // exactly 90
        assert_eq!(label(&r, "1910-05-05").as_deref(), Some("90+")); // 116, the PPC example
        assert_eq!(label(&r, "1870-01-01"), None); // 156: not plausible
        assert_eq!(label(&r, "2027-01-01"), None); // in the future
        let r = BirthDate {
            bottom: Some(18),
            ..band(20)
        };
        assert_eq!(label(&r, "2015-01-01").as_deref(), Some("<18"));
        assert_eq!(label(&r, "2007-01-01").as_deref(), Some("18-19"));
        assert_eq!(label(&r, "1945-01-01").as_deref(), Some("80-89"));
    }

    #[test]
    fn instants_with_a_time_zone_are_dates_on_its_calendar() {
        // 1985-01-01T00:00+09:00 is 1984-12-31T15:00Z: a reviewer had the year 1984 from a
        // Parquet timestamp with a time zone.
        let r = BirthDate {
            output: DateOutput::Year,
            ..band(10)
        };
        let ms = 473_353_200_000i64; // 1984-12-31T15:00:00Z
        for (tz, unit, v, want) in [
            ("Asia/Tokyo", TimeUnit::Milliseconds, ms, "1985"),
            ("Asia/Tokyo", TimeUnit::Microseconds, ms * 1_000, "1985"),
            ("Asia/Tokyo", TimeUnit::Nanoseconds, ms * 1_000_000, "1985"),
            ("Etc/GMT-9", TimeUnit::Milliseconds, ms, "1985"),
            ("UTC", TimeUnit::Milliseconds, ms, "1984"),
        ] {
            let c = Column::new("b".into(), [Some(v), None])
                .cast(&DataType::Datetime(
                    unit,
                    Some(unsafe { TimeZone::new_unchecked(tz) }),
                ))
                .unwrap();
            let out = r.apply(&c).unwrap();
            let got: Vec<Option<&str>> = out.str().unwrap().iter().collect();
            assert_eq!(got, vec![Some(want), None], "{tz} {unit:?}");
        }
    }

    #[test]
    fn years() {
        let r = BirthDate {
            output: DateOutput::Year,
            ..band(10)
        };
        assert_eq!(label(&r, "1985-01-02").as_deref(), Some("1985"));
        assert_eq!(label(&r, "1920-01-02").as_deref(), Some("≤1936"));
        // One label per birth year: all of 1936 is top-coded, whatever the day (as-of is in
        // November 2026, when some born in 1936 are still 89), and 1937 is a year of its own.
        for born in ["1936-01-01", "1936-11-25", "1936-12-31"] {
            assert_eq!(label(&r, born).as_deref(), Some("≤1936"), "{born}");
        }
        assert_eq!(label(&r, "1937-01-01").as_deref(), Some("1937"));
        let young = BirthDate {
            bottom: Some(18),
            ..r
        };
        for born in ["2008-01-01", "2008-12-31", "2010-06-01"] {
            assert_eq!(label(&young, born).as_deref(), Some("≥2008"), "{born}");
        }
        assert_eq!(label(&young, "2007-12-31").as_deref(), Some("2007"));
    }

    #[test]
    fn bands_are_monotone_in_age() {
        let r = band(5);
        let mut last = 0u32;
        for age in 0..=120u32 {
            let born = NaiveDate::from_ymd_opt(2026 - age as i32, 1, 1).unwrap();
            let l = r.label(born).unwrap();
            let lo: u32 = l
                .trim_end_matches('+')
                .split('-')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(lo >= last, "{age}: {l}");
            assert!(lo <= age);
            last = lo;
        }
    }
}
