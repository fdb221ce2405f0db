//! Generalisation hierarchies over the values the rules deliver, for the risk search. Level 0 is
//! the value as delivered; each level is coarser; the last level is `*` (the column says
//! nothing). Each family's levels live in its own file; this enum only names them.
//!
//! | rule output | levels |
//! |---|---|
//! | `date` age bands (`40-49`, `90+`, `<18`) | the band's width doubled, quadrupled (5 → 10 → 20, 10 → 20 → 40 years), `*` |
//! | `date` years (`1985`) | 5-year, 10-year spans, `*` |
//! | `postal-code` (`160`) | first digit, `*` |
//! | `address` prefecture / municipality | prefecture, region (地方), `*` |
//! | `ip` (`203.0.113.0`, `2001:db8:abcd::`) | /16 (IPv6 /32), `*` |
//! | `number` buckets (`[10000,20000)`) | doubled, quadrupled width, `*` |
//! | `number` rounded (`12300`, `round = 100`) | ranges 10 and 100 steps wide, `*` |
//! | `user-agent` (`Chrome 124 / Windows 10`) | without version, browser only, `*` |
//! | `timestamp` | day, ISO week, month, `*` |
//! | anything kept (categorical) | `*` (rare values are grouped into `other` first) |

use super::{address, date, ip, number, postal, timestamp, user_agent};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Hierarchy {
    AgeBand,
    Year,
    Postal,
    Address,
    Ip,
    Number,
    /// Numbers the `number` rule rounded to this step (plain numbers, `12300`).
    Rounded(f64),
    UserAgent,
    /// Categories: the value or `*` (rare values are grouped into `other` before the search).
    Categorical,
    /// Typed timestamps (as polars prints them), in the job's zone.
    Timestamp(chrono_tz::Tz),
    /// A table the job gives (ARX's format), for a kept column.
    Table(std::sync::Arc<super::hierarchy_table::TableHierarchy>),
}

pub(crate) const SUPPRESSED: &str = "*";

impl Hierarchy {
    /// The highest level (the one that gives `*`).
    pub(crate) fn max_level(&self) -> usize {
        match self {
            Hierarchy::AgeBand | Hierarchy::Year => date::MAX_LEVEL,
            Hierarchy::Address => address::MAX_LEVEL,
            Hierarchy::Number | Hierarchy::Rounded(_) => number::MAX_LEVEL,
            Hierarchy::UserAgent => user_agent::MAX_LEVEL,
            Hierarchy::Timestamp(_) => timestamp::MAX_LEVEL,
            Hierarchy::Postal => postal::MAX_LEVEL,
            Hierarchy::Ip => ip::MAX_LEVEL,
            Hierarchy::Categorical => 1,
            Hierarchy::Table(t) => t.levels,
        }
    }

    /// Level `to` is a function of level `from` (`from < to`): generalising never splits a
    /// class along this step. Only ISO weeks do not nest in months.
    pub(crate) fn nests(&self, from: usize, to: usize) -> bool {
        match self {
            Hierarchy::Timestamp(_) => timestamp::nests(from, to),
            _ => true,
        }
    }

    /// `value` at `level`. Values a level cannot interpret become `*` (never kept finer).
    pub(crate) fn apply(&self, value: &str, level: usize) -> String {
        if level == 0 {
            return value.to_string();
        }
        if level >= self.max_level() {
            return SUPPRESSED.to_string();
        }
        let out = match self {
            Hierarchy::AgeBand => date::age_band_level(value, level),
            Hierarchy::Year => date::year_level(value, level),
            Hierarchy::Postal => postal::level(value, level),
            Hierarchy::Address => address::level(value, level),
            Hierarchy::Ip => ip::level(value, level),
            Hierarchy::Number => number::level(value, level),
            Hierarchy::Rounded(step) => number::rounded_level(*step, value, level),
            Hierarchy::UserAgent => user_agent::level(value, level),
            Hierarchy::Categorical => Some(value.to_string()),
            Hierarchy::Timestamp(tz) => timestamp::level(*tz, value, level),
            Hierarchy::Table(t) => t.apply(value, level),
        };
        out.unwrap_or_else(|| SUPPRESSED.to_string())
    }

    /// A typed timestamp (UTC epoch ms) at `level`; `None` at `*`.
    pub(crate) fn truncate_ms(&self, ms: i64, level: usize) -> Option<i64> {
        let Hierarchy::Timestamp(tz) = self else {
            return None;
        };
        timestamp::level_ms(*tz, ms, level)
    }

    /// Level `level` in words, for readers without tokumei knowledge (report, APPI statement).
    pub(crate) fn level_words(&self, level: usize) -> super::Words {
        if level == 0 {
            return super::Words::new("規則の出力のまま", "as the column's rule delivers it");
        }
        if level >= self.max_level() {
            return super::Words::new("値を伏せた（*）", "withheld (*)");
        }
        match self {
            Hierarchy::AgeBand => date::level_words(true, level),
            Hierarchy::Year => date::level_words(false, level),
            Hierarchy::Postal => postal::level_words(level),
            Hierarchy::Address => address::level_words(level),
            Hierarchy::Ip => ip::level_words(level),
            Hierarchy::Number => number::level_words(level),
            Hierarchy::Rounded(step) => number::rounded_level_words(*step, level),
            Hierarchy::UserAgent => user_agent::level_words(level),
            Hierarchy::Categorical => super::Words::new("値を伏せた（*）", "withheld (*)"),
            Hierarchy::Timestamp(_) => timestamp::level_words(level),
            Hierarchy::Table(t) => t.level_words(level),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(Hierarchy::AgeBand.apply("40-49", 1), "40-59");
        assert_eq!(Hierarchy::AgeBand.apply("50-59", 1), "40-59");
        assert_eq!(Hierarchy::AgeBand.apply("50-59", 2), "40-79");
        assert_eq!(Hierarchy::AgeBand.apply("90+", 2), "90+");
        assert_eq!(Hierarchy::AgeBand.apply("40-49", 3), "*");
        assert_eq!(Hierarchy::AgeBand.apply("45-49", 1), "40-49");
        assert_eq!(Hierarchy::AgeBand.apply("45-49", 2), "40-59");
        assert_eq!(Hierarchy::Year.apply("1987", 1), "1985-1989");
        assert_eq!(Hierarchy::Postal.apply("160", 1), "1");
        assert_eq!(Hierarchy::Address.apply("東京都", 2), "関東地方");
        assert_eq!(Hierarchy::Address.apply("大阪府大阪市", 1), "大阪府");
        assert_eq!(Hierarchy::Ip.apply("203.0.113.0", 1), "203.0.0.0");
        assert_eq!(Hierarchy::Number.apply("[10000,20000)", 1), "[0,20000)");
        assert_eq!(Hierarchy::Number.apply("200000+", 1), "200000+");
        assert_eq!(
            Hierarchy::UserAgent.apply("Chrome 124 / Windows 10", 1),
            "Chrome / Windows 10"
        );
        assert_eq!(
            Hierarchy::UserAgent.apply("Chrome 124 / Windows 10", 2),
            "Chrome"
        );
        assert_eq!(Hierarchy::Categorical.apply("F", 1), "*");
        assert_eq!(Hierarchy::Postal.apply("garbage", 0), "garbage");
        let ts = Hierarchy::Timestamp(chrono_tz::Asia::Tokyo);
        assert_eq!(
            ts.apply("2026-10-10 13:00:00.000+09:00", 1),
            "2026-10-10 00:00:00.000+09:00"
        );
        assert_eq!(
            ts.apply("2026-10-10 13:00:00.000+09:00", 2),
            "2026-10-05 00:00:00.000+09:00"
        );
        assert_eq!(
            ts.apply("2026-10-10 13:00:00.000+09:00", 3),
            "2026-10-01 00:00:00.000+09:00"
        );
        assert_eq!(ts.apply("2026-10-10 13:00:00.000+09:00", 4), "*");
    }

    /// Generalising never splits a class: values equal at level n stay equal at level n+1.
    #[test]
    fn levels_are_monotone() {
        let vals: Vec<String> = (0..100)
            .map(|a| format!("{}-{}", a / 10 * 10, a / 10 * 10 + 9))
            .collect();
        for l in 0..3 {
            for a in &vals {
                for b in &vals {
                    if Hierarchy::AgeBand.apply(a, l) == Hierarchy::AgeBand.apply(b, l) {
                        assert_eq!(
                            Hierarchy::AgeBand.apply(a, l + 1),
                            Hierarchy::AgeBand.apply(b, l + 1)
                        );
                    }
                }
            }
        }
    }
}
