//! Generalisation hierarchies over the values the rules deliver. Level 0 is the value as
//! delivered; each level is coarser; the last level is `*` (the column says nothing).
//!
//! | rule output | levels |
//! |---|---|
//! | `date` age bands (`40-49`, `90+`, `<18`) | the band's width doubled, quadrupled (5 → 10 → 20, 10 → 20 → 40 years), `*` |
//! | `date` years (`1985`) | 5-year, 10-year spans, `*` |
//! | `postal-code` (`160`) | first digit, `*` |
//! | `address` prefecture / municipality | prefecture, region (地方), `*` |
//! | `ip` (`203.0.113.0`, `2001:db8:abcd::`) | /16 (IPv6 /32), `*` |
//! | `number` buckets (`[10000,20000)`) | doubled, quadrupled width, `*` |
//! | `user-agent` (`Chrome 124 / Windows 10`) | without version, browser only, `*` |
//! | anything else (categorical) | `*` (rare values are grouped into `other` first) |

use std::net::IpAddr;

use crate::transform::address::split_prefecture;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Hierarchy {
    AgeBand,
    Year,
    Postal,
    Address,
    Ip,
    Number,
    UserAgent,
    /// Categories: the value or `*` (rare values are grouped into `other` before the search).
    Categorical,
    /// Typed timestamps (as polars prints them): day, ISO week, month, `*`, in the job's zone.
    Timestamp(chrono_tz::Tz),
}

/// How polars prints a millisecond datetime with a time zone.
const TS_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.3f%:z";

/// The truncation unit of a timestamp level.
pub(crate) fn timestamp_unit(level: usize) -> Option<crate::transform::timestamp::Unit> {
    use crate::transform::timestamp::Unit;
    match level {
        1 => Some(Unit::Day),
        2 => Some(Unit::Week),
        3 => Some(Unit::Month),
        _ => None,
    }
}

pub(crate) const SUPPRESSED: &str = "*";

impl Hierarchy {
    /// The hierarchy for a column produced by `rule` (params as the plan prints them).
    pub(crate) fn for_rule(rule: &str, params: &str) -> Option<Hierarchy> {
        Some(match rule {
            "date" if params.contains("output=year") => Hierarchy::Year,
            "date" => Hierarchy::AgeBand,
            "postal-code" => Hierarchy::Postal,
            "address" => Hierarchy::Address,
            "ip" => Hierarchy::Ip,
            "number" => Hierarchy::Number,
            "user-agent" => Hierarchy::UserAgent,
            "timestamp" => Hierarchy::Timestamp(
                params
                    .split_whitespace()
                    .find_map(|p| p.strip_prefix("timezone="))
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(chrono_tz::Asia::Tokyo),
            ),
            _ => return None,
        })
    }

    /// The highest level (the one that gives `*`).
    pub(crate) fn max_level(&self) -> usize {
        match self {
            Hierarchy::AgeBand
            | Hierarchy::Year
            | Hierarchy::Address
            | Hierarchy::Number
            | Hierarchy::UserAgent => 3,
            Hierarchy::Timestamp(_) => 4,
            Hierarchy::Postal | Hierarchy::Ip => 2,
            Hierarchy::Categorical => 1,
        }
    }

    /// Level `to` is a function of level `from` (`from < to`): generalising never splits a
    /// class along this step. Only ISO weeks do not nest in months.
    pub(crate) fn nests(&self, from: usize, to: usize) -> bool {
        !(matches!(self, Hierarchy::Timestamp(_)) && from == 2 && to == 3)
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
            Hierarchy::AgeBand => band(value, level),
            Hierarchy::Year => value
                .parse::<u32>()
                .ok()
                .map(|y| {
                    let w = 5 << (level - 1);
                    let lo = y / w * w;
                    format!("{lo}-{}", lo + w - 1)
                })
                .or_else(|| top_or_bottom(value)),
            Hierarchy::Postal => value.get(..1).map(str::to_string),
            Hierarchy::Address => match level {
                1 => split_prefecture(value).map(|(p, _)| p.to_string()),
                _ => split_prefecture(value).map(|(p, _)| region(p).to_string()),
            },
            Hierarchy::Ip => value.parse::<IpAddr>().ok().map(|ip| match ip {
                IpAddr::V4(a) => std::net::Ipv4Addr::from(u32::from(a) & 0xFFFF_0000).to_string(),
                IpAddr::V6(a) => {
                    std::net::Ipv6Addr::from(u128::from(a) & (u128::MAX << 96)).to_string()
                }
            }),
            Hierarchy::Number => widen_bucket(value, 1 << level),
            Hierarchy::UserAgent => {
                let (browser, os) = value.split_once(" / ").unwrap_or((value, ""));
                let family = browser
                    .rsplit_once(' ')
                    .filter(|(_, v)| v.chars().all(|c| c.is_ascii_digit()))
                    .map_or(browser, |(f, _)| f);
                Some(match level {
                    1 if os.is_empty() => family.to_string(),
                    1 => format!("{family} / {os}"),
                    _ => family.to_string(),
                })
            }
            Hierarchy::Categorical => Some(value.to_string()),
            Hierarchy::Timestamp(tz) => chrono::DateTime::parse_from_str(value, TS_FORMAT)
                .ok()
                .and_then(|d| {
                    let ms = self.truncate_ms(d.timestamp_millis(), level)?;
                    let local = chrono::TimeZone::timestamp_millis_opt(tz, ms).single()?;
                    Some(local.format(TS_FORMAT).to_string())
                }),
        };
        out.unwrap_or_else(|| SUPPRESSED.to_string())
    }
}

impl Hierarchy {
    /// A typed timestamp (UTC epoch ms) at `level`; `None` at `*`.
    pub(crate) fn truncate_ms(&self, ms: i64, level: usize) -> Option<i64> {
        let Hierarchy::Timestamp(tz) = self else {
            return None;
        };
        match timestamp_unit(level) {
            Some(unit) => crate::transform::timestamp::Timestamp { unit, tz: *tz }.truncate_ms(ms),
            None if level == 0 => Some(ms),
            None => None,
        }
    }
}

/// Top- and bottom-coded labels (`90+`, `<18`, `≤1936`, `≥2008`) stay as they are.
fn top_or_bottom(value: &str) -> Option<String> {
    (value.ends_with('+') || value.starts_with(['<', '≤', '≥'])).then(|| value.to_string())
}

/// An age band label `lo-hi` at `level`: its own width doubled per level (5 → 10 → 20 years,
/// or 10 → 20 → 40).
fn band(value: &str, level: usize) -> Option<String> {
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

/// A `[lo,hi)` bucket label with its width multiplied by `factor`.
fn widen_bucket(value: &str, factor: u32) -> Option<String> {
    if let Some(t) = top_or_bottom(value) {
        return Some(t);
    }
    let inner = value.strip_prefix('[')?.strip_suffix(')')?;
    let (lo, hi) = inner.split_once(',')?;
    let (lo, hi): (f64, f64) = (lo.parse().ok()?, hi.parse().ok()?);
    let w = (hi - lo) * f64::from(factor);
    let l = (lo / w).floor() * w;
    Some(format!(
        "[{},{})",
        crate::transform::number::fmt_num(l),
        crate::transform::number::fmt_num(l + w)
    ))
}

/// The region (地方) of a prefecture.
pub(crate) fn region(prefecture: &str) -> &'static str {
    match prefecture {
        "北海道" => "北海道地方",
        "青森県" | "岩手県" | "宮城県" | "秋田県" | "山形県" | "福島県" => {
            "東北地方"
        }
        "茨城県" | "栃木県" | "群馬県" | "埼玉県" | "千葉県" | "東京都" | "神奈川県" => {
            "関東地方"
        }
        "新潟県" | "富山県" | "石川県" | "福井県" | "山梨県" | "長野県" | "岐阜県" | "静岡県"
        | "愛知県" => "中部地方",
        "三重県" | "滋賀県" | "京都府" | "大阪府" | "兵庫県" | "奈良県" | "和歌山県" => {
            "近畿地方"
        }
        "鳥取県" | "島根県" | "岡山県" | "広島県" | "山口県" => "中国地方",
        "徳島県" | "香川県" | "愛媛県" | "高知県" => "四国地方",
        _ => "九州・沖縄地方",
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
