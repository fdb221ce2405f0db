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

use super::{ValueRule, nfkc};

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

fn era_start(era: &str) -> Option<i32> {
    Some(match era {
        "明治" | "M" | "m" => 1868,
        "大正" | "T" | "t" => 1912,
        "昭和" | "S" | "s" => 1926,
        "平成" | "H" | "h" => 1989,
        "令和" | "R" | "r" => 2019,
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
        let start = era_start(&c[1])?;
        let n: i32 = if &c[2] == "元" {
            1
        } else {
            c[2].parse().ok()?
        };
        if n == 0 {
            return None;
        }
        return NaiveDate::from_ymd_opt(start + n - 1, c[3].parse().ok()?, c[4].parse().ok()?);
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
    fn years() {
        let r = BirthDate {
            output: DateOutput::Year,
            ..band(10)
        };
        assert_eq!(label(&r, "1985-01-02").as_deref(), Some("1985"));
        assert_eq!(label(&r, "1920-01-02").as_deref(), Some("≤1936"));
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
