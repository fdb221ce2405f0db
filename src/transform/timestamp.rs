//! `timestamp`: parse ISO 8601 / RFC 3339 (with or without offset), Apache common log format
//! (`10/Oct/2026:13:55:36 +0900`), compact digits (`20261010135536`) and epoch seconds or
//! milliseconds; truncate to the minute, hour,
//! day, ISO week (Monday) or month in the job's time zone. The output is a typed Parquet/Arrow
//! datetime (milliseconds, with the job's time zone), so analysts get real timestamps.
//! Values without an offset are read as wall-clock time in the job's time zone.

use chrono::Offset as _;
use chrono::TimeZone as _;
use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;
use polars::prelude::*;

use serde::{Deserialize, Serialize};

use super::{Ctx, Rule, ValueRule, nfkc};
use crate::error::Problems;

/// How many of a datetime's physical units make a millisecond.
pub(crate) fn per_ms(unit: TimeUnit) -> i64 {
    match unit {
        TimeUnit::Nanoseconds => 1_000_000,
        TimeUnit::Microseconds => 1_000,
        TimeUnit::Milliseconds => 1,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

pub(crate) struct Timestamp {
    pub(crate) unit: Unit,
    pub(crate) tz: Tz,
}

const NAIVE_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S%.f",
    "%Y/%m/%d %H:%M",
];

const OFFSET_FORMATS: &[&str] = &[
    "%d/%b/%Y:%H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f %:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%dT%H:%M%:z",
];

/// The formats after RFC 3339, parsed once (parsing a format string per value was a tenth of
/// the rule's time): `true` for those that carry an offset.
static FORMATS: std::sync::LazyLock<Vec<(bool, Vec<Item<'static>>)>> =
    std::sync::LazyLock::new(|| {
        let parse = |f: &'static str| -> Vec<Item<'static>> { StrftimeItems::new(f).collect() };
        OFFSET_FORMATS
            .iter()
            .map(|f| (true, parse(f)))
            .chain(NAIVE_FORMATS.iter().map(|f| (false, parse(f))))
            .collect()
    });

impl Timestamp {
    /// Parses one value to UTC epoch milliseconds.
    pub(crate) fn parse_ms(&self, raw: &str) -> Option<i64> {
        self.parse_ms_hinted(raw, &std::cell::Cell::new(0))
    }

    /// `parse_ms`, trying the format that parsed the previous value first (`hint`): a column
    /// nearly always holds one format. No two formats read one string differently, so the
    /// order changes the speed only.
    fn parse_ms_hinted(&self, raw: &str, hint: &std::cell::Cell<usize>) -> Option<i64> {
        let s = nfkc(raw);
        let s = s
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim();
        if s.is_empty() {
            return None;
        }
        if s.bytes().all(|b| b.is_ascii_digit()) {
            return self.parse_digits(s);
        }
        if let Some(ms) = self.parse_common(s) {
            return Some(ms);
        }
        // ISO 8601's offset in hours alone (`2026-12-07T10:00:00+09`): read as `+09:00`.
        let b = s.as_bytes();
        if b.len() >= 16
            && matches!(b[b.len() - 3], b'+' | b'-')
            && b[b.len() - 2..].iter().all(u8::is_ascii_digit)
            && b[b.len() - 4].is_ascii_digit()
            && s[..s.len() - 3].contains(':')
        {
            let padded = format!("{s}:00");
            return self
                .parse_common(&padded)
                .or_else(|| self.parse_general(&padded, hint));
        }
        self.parse_general(s, hint)
    }

    /// A value of digits only, by its length: a compact local date-time (`20261010`,
    /// `202610101355`, `20261010135536`, as Japanese systems export them), epoch seconds (9 or
    /// 10 digits: 1973 to 2286) or epoch milliseconds (13 digits: 2001 to 2286). Any other
    /// length is unparsed, not guessed: 45000 (an Excel serial day) is no instant of 1970.
    fn parse_digits(&self, s: &str) -> Option<i64> {
        let b = s.as_bytes();
        let compact = |with_time: bool| -> Option<i64> {
            let date = NaiveDate::from_ymd_opt(
                i32::try_from(digits(b, 0, 4)?).ok()?,
                digits(b, 4, 2)?,
                digits(b, 6, 2)?,
            )?;
            let time = if with_time {
                let sec = if b.len() == 14 { digits(b, 12, 2)? } else { 0 };
                NaiveTime::from_hms_opt(digits(b, 8, 2)?, digits(b, 10, 2)?, sec)?
            } else {
                NaiveTime::MIN
            };
            self.local_to_ms(date.and_time(time))
        };
        match b.len() {
            8 => compact(false),
            12 | 14 => compact(true),
            9 | 10 => s.parse::<i64>().ok()?.checked_mul(1000),
            13 => s.parse().ok(),
            _ => None,
        }
    }

    /// The two shapes logs and exports nearly always use, read without chrono's general
    /// parser (which was most of the rule's time): Apache's `10/Oct/2026:13:55:36 +0900`, and
    /// ISO `2026-10-10T13:55:36` with an optional fraction of up to 9 digits and an optional
    /// `+09:00` or (after a `T`) `Z`; a space may stand for the `T`. `None` for anything else
    /// (other widths, lower-case month names, second 60, an offset of 24 hours or more),
    /// which [`Timestamp::parse_general`] reads. A property test holds the two to the same
    /// instant on every string this one reads.
    fn parse_common(&self, s: &str) -> Option<i64> {
        let b = s.as_bytes();
        let (naive, offset) = if b.len() == 26 && b[2] == b'/' {
            clf(b)?
        } else {
            iso(b)?
        };
        match offset {
            Some(secs) => Some(naive.and_utc().timestamp_millis() - i64::from(secs) * 1000),
            None => self.local_to_ms(naive),
        }
    }

    /// The formats after the common shapes, tried in the order `hint` suggests.
    fn parse_general(&self, s: &str, hint: &std::cell::Cell<usize>) -> Option<i64> {
        let first = hint.get();
        let order = std::iter::once(first).chain((0..FORMATS.len()).filter(|i| *i != first));
        if first == 0
            && let Ok(dt) = DateTime::parse_from_rfc3339(s)
        {
            return Some(dt.timestamp_millis());
        }
        for i in order {
            let (offset, items) = &FORMATS[i];
            let mut parsed = Parsed::new();
            if chrono::format::parse(&mut parsed, s, items.iter()).is_err() {
                continue;
            }
            let ms = if *offset {
                parsed.to_datetime().ok().map(|dt| dt.timestamp_millis())
            } else {
                match parsed.to_naive_datetime_with_offset(0) {
                    Ok(n) => self.local_to_ms(n),
                    Err(_) => continue,
                }
            };
            if ms.is_some() {
                hint.set(i);
                return ms;
            }
        }
        if first != 0
            && let Ok(dt) = DateTime::parse_from_rfc3339(s)
        {
            return Some(dt.timestamp_millis());
        }
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return self.local_to_ms(d.and_time(NaiveTime::MIN));
        }
        // A date alone as the `date` rule reads it (`2024/12/24`, `2024年12月24日`, `令和6年12月24日`:
        // Japanese order exports' delivery and sign-up dates), at the day's start.
        let d = super::date::parse_date(s)?;
        self.local_to_ms(d.and_time(NaiveTime::MIN))
    }

    fn local_to_ms(&self, n: NaiveDateTime) -> Option<i64> {
        // `earliest` resolves a DST fold; a DST gap (no such local time) → unparsed.
        self.tz
            .from_local_datetime(&n)
            .earliest()
            .map(|d| d.timestamp_millis())
    }

    /// Truncates an instant to the unit, in the job's time zone.
    pub(crate) fn truncate_ms(&self, ms: i64) -> Option<i64> {
        let at = self.tz.timestamp_millis_opt(ms).single()?;
        let offset = at.offset().fix().local_minus_utc();
        let local = at.naive_local();
        let date = local.date();
        let t = match self.unit {
            Unit::Minute => date.and_hms_opt(local.hour(), local.minute(), 0)?,
            Unit::Hour => date.and_hms_opt(local.hour(), 0, 0)?,
            Unit::Day => date.and_time(NaiveTime::MIN),
            Unit::Week => {
                let monday =
                    date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
                monday.and_time(NaiveTime::MIN)
            }
            Unit::Month => date.with_day(1)?.and_time(NaiveTime::MIN),
        };
        self.local_to_ms_again(t, offset)
    }

    /// The instant of local time `t`, truncated from an instant at UTC offset `offset` (in
    /// seconds): in a DST fold (01:30 twice when the clocks go back) the occurrence at that same
    /// offset, so an instant is never moved by the fold's hour; else the first.
    fn truncated_to_ms(&self, t: NaiveDateTime, offset: i32) -> Option<i64> {
        use chrono::LocalResult;
        match self.tz.from_local_datetime(&t) {
            LocalResult::Single(d) => Some(d.timestamp_millis()),
            LocalResult::Ambiguous(first, second) => {
                let same = second.offset().fix().local_minus_utc() == offset;
                Some(if same { second } else { first }.timestamp_millis())
            }
            LocalResult::None => None,
        }
    }

    /// [`Timestamp::truncated_to_ms`], remembering the last answer per thread: rows in time
    /// order truncate to the same hour or day thousands of times in a row, and the zone's lookup
    /// of a local time (both sides of a DST change) was most of the truncation. Exact: the
    /// answer depends only on the zone, the local time and the offset, which are the key.
    fn local_to_ms_again(&self, t: NaiveDateTime, offset: i32) -> Option<i64> {
        type Last = std::cell::Cell<Option<(Tz, NaiveDateTime, i32, Option<i64>)>>;
        thread_local! {
            static LAST: Last = const { std::cell::Cell::new(None) };
        }
        LAST.with(|last| {
            if let Some((tz, n, o, ms)) = last.get()
                && tz == self.tz
                && n == t
                && o == offset
            {
                return ms;
            }
            let ms = self.truncated_to_ms(t, offset);
            last.set(Some((self.tz, t, offset, ms)));
            ms
        })
    }

    fn ms_from_datetime(&self, v: i64, unit: TimeUnit, has_tz: bool) -> Option<i64> {
        let ms = v.div_euclid(per_ms(unit));
        if has_tz {
            Some(ms)
        } else {
            // A naive datetime holds wall-clock time: read it in the job's time zone.
            let n = DateTime::from_timestamp_millis(ms)?.naive_utc();
            self.local_to_ms(n)
        }
    }
}

/// `n` ASCII digits of `b` at `at`, as a number.
fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    b.get(at..at + n)?.iter().try_fold(0u32, |v, &c| {
        c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0'))
    })
}

/// An offset `±HHMM` (`colon`: `±HH:MM`) at the start of `b`, in seconds east of UTC.
fn offset(b: &[u8], colon: bool) -> Option<i32> {
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = if colon {
        (b.len() == 6 && b[3] == b':').then_some(())?;
        (digits(b, 1, 2)?, digits(b, 4, 2)?)
    } else {
        (b.len() == 5).then_some(())?;
        (digits(b, 1, 2)?, digits(b, 3, 2)?)
    };
    (hours < 24 && minutes < 60).then(|| sign * (hours * 3600 + minutes * 60) as i32)
}

/// Date and time of day; `None` for what does not exist (February 30th, second 60).
fn civil(y: u32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ns: u32) -> Option<NaiveDateTime> {
    if s > 59 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, mo, d)?.and_hms_nano_opt(h, mi, s, ns)
}

/// `10/Oct/2026:13:55:36 +0900` (exactly 26 bytes, an English month name as Apache writes it).
fn clf(b: &[u8]) -> Option<(NaiveDateTime, Option<i32>)> {
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    if b.len() != 26 || [b[2], b[6], b[11], b[14], b[17], b[20]] != *b"//::: " {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == &b[3..6])? as u32 + 1;
    let n = civil(
        digits(b, 7, 4)?,
        month,
        digits(b, 0, 2)?,
        digits(b, 12, 2)?,
        digits(b, 15, 2)?,
        digits(b, 18, 2)?,
        0,
    )?;
    Some((n, Some(offset(&b[21..], false)?)))
}

/// `2026-10-10T13:55:36`, then `.` and 1 to 9 digits, then nothing, `Z` (after a `T`) or
/// `±HH:MM`; a space may stand for the `T`.
fn iso(b: &[u8]) -> Option<(NaiveDateTime, Option<i32>)> {
    if b.len() < 19 || [b[4], b[7], b[13], b[16]] != *b"--::" || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let mut rest = &b[19..];
    let mut ns = 0;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&n) {
            return None;
        }
        ns = digits(frac, 0, n)? * 10u32.pow(9 - n as u32);
        rest = &frac[n..];
    }
    let offset = match rest {
        [] => None,
        [b'Z'] if b[10] == b'T' => Some(0),
        _ => Some(offset(rest, true)?),
    };
    let n = civil(
        digits(b, 0, 4)?,
        digits(b, 5, 2)?,
        digits(b, 8, 2)?,
        digits(b, 11, 2)?,
        digits(b, 14, 2)?,
        digits(b, 17, 2)?,
        ns,
    )?;
    Some((n, offset))
}

impl ValueRule for Timestamp {
    fn output_dtype(&self) -> DataType {
        DataType::Datetime(
            TimeUnit::Milliseconds,
            TimeZone::opt_try_new(Some(self.tz.name())).ok().flatten(),
        )
    }

    fn apply(&self, input: &Column) -> PolarsResult<Column> {
        let ms: Int64Chunked = match input.dtype() {
            DataType::Datetime(unit, tz) => {
                let unit = *unit;
                let has_tz = tz.is_some();
                let phys = input.to_physical_repr();
                phys.i64()?
                    .iter()
                    .map(|v| {
                        v.and_then(|v| self.ms_from_datetime(v, unit, has_tz))
                            .and_then(|m| self.truncate_ms(m))
                    })
                    .collect()
            }
            DataType::Date => {
                let phys = input.to_physical_repr();
                phys.i32()?
                    .iter()
                    .map(|d| {
                        d.and_then(|d| {
                            let date = NaiveDate::from_num_days_from_ce_opt(d + 719_163)?;
                            self.local_to_ms(date.and_time(NaiveTime::MIN))
                        })
                        .and_then(|m| self.truncate_ms(m))
                    })
                    .collect()
            }
            _ => {
                let s = input.cast(&DataType::String)?;
                let hint = std::cell::Cell::new(0);
                s.str()?
                    .iter()
                    .map(|v| {
                        v.and_then(|v| self.parse_ms_hinted(v, &hint))
                            .and_then(|m| self.truncate_ms(m))
                    })
                    .collect()
            }
        };
        let out = ms
            .with_name(input.name().clone())
            .into_series()
            .cast(&self.output_dtype())?;
        Ok(out.into_column())
    }
}

/// `{ rule = "timestamp", truncate = "minute" | "hour" | "day" | "week" | "month" }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) truncate: Option<String>,
}

pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    key: &str,
    ctx: &Ctx,
    p: &mut Problems,
) -> Option<Rule> {
    let unit = match s.truncate.as_deref().unwrap_or("hour") {
        "minute" => Unit::Minute,
        "hour" => Unit::Hour,
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        other => {
            p.push(
                &format!("{key}.truncate"),
                format!("unknown `{other}`; use minute, hour, day, week or month"),
            );
            Unit::Hour
        }
    };
    Some(Rule::Timestamp(std::sync::Arc::new(Timestamp {
        unit,
        tz: ctx.tz,
    })))
}

impl Unit {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
        }
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "truncate={} timezone={}",
            self.unit.name(),
            self.tz.name()
        )
    }
}

/// Generalisation for the risk search: day, ISO week, month, then `*`, in the job's zone.
/// ISO weeks do not nest in months, so that step never prunes the search.
pub(crate) const MAX_LEVEL: usize = 4;

/// The risk search's level `level` in words.
pub(crate) fn level_words(level: usize) -> super::Words {
    match level {
        1 => super::Words::new("日付のみ（時刻なし）", "the day only (no time)"),
        2 => super::Words::new("週（ISO週）のみ", "the ISO week only"),
        _ => super::Words::new("年月のみ", "the month only"),
    }
}

/// How polars prints a millisecond datetime with a time zone.
pub(crate) const TS_FORMAT: &str = "%Y-%m-%d %H:%M:%S%.3f%:z";

/// Whether level `to` is a function of level `from`: every step does, but ISO week → month
/// (a week can span two months).
pub(crate) fn nests(from: usize, to: usize) -> bool {
    !(level_unit(from) == Some(Unit::Week) && level_unit(to) == Some(Unit::Month))
}

/// The truncation unit of a level.
pub(crate) fn level_unit(level: usize) -> Option<Unit> {
    match level {
        1 => Some(Unit::Day),
        2 => Some(Unit::Week),
        3 => Some(Unit::Month),
        _ => None,
    }
}

/// A typed timestamp (UTC epoch ms) at `level`; `None` at `*`.
pub(crate) fn level_ms(tz: Tz, ms: i64, level: usize) -> Option<i64> {
    match level_unit(level) {
        Some(unit) => Timestamp { unit, tz }.truncate_ms(ms),
        None if level == 0 => Some(ms),
        None => None,
    }
}

/// A timestamp as polars prints it, at `level`.
pub(crate) fn level(tz: Tz, value: &str, level: usize) -> Option<String> {
    let d = DateTime::parse_from_str(value, TS_FORMAT).ok()?;
    let ms = level_ms(tz, d.timestamp_millis(), level)?;
    let local = tz.timestamp_millis_opt(ms).single()?;
    Some(local.format(TS_FORMAT).to_string())
}

impl Timestamp {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        let (ja, en) = match self.unit {
            Unit::Minute => ("分", "minute"),
            Unit::Hour => ("時間", "hour"),
            Unit::Day => ("日", "day"),
            Unit::Week => ("週（月曜始まり）", "ISO week"),
            Unit::Month => ("月", "month"),
        };
        super::Words::new(
            format!("日時（{}単位に切り捨て、{}）", ja, self.tz.name()),
            format!("date and time truncated to the {en} ({})", self.tz.name()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transform::test_util::one;
    use proptest::prelude::*;

    fn rule(unit: Unit) -> Timestamp {
        Timestamp {
            unit,
            tz: chrono_tz::Asia::Tokyo,
        }
    }

    proptest! {
        /// Truncation remembers its last local-to-UTC answer; it gives what chrono gives
        /// directly, in time order and out of it, alternating zones with DST changes (New York,
        /// London, Lord Howe's half hour, Samoa's skipped day, Kathmandu's +05:45) and units.
        #[test]
        fn remembered_truncation_equals_chrono(
            start in -2_000_000_000_000i64..4_000_000_000_000,
            steps in prop::collection::vec((0usize..6, 0usize..5, -3_600_000i64..7_200_000), 1..200),
        ) {
            let zones = [
                chrono_tz::America::New_York,
                chrono_tz::Europe::London,
                chrono_tz::Australia::Lord_Howe,
                chrono_tz::Pacific::Apia,
                chrono_tz::Asia::Kathmandu,
                chrono_tz::Asia::Tokyo,
            ];
            let units = [Unit::Minute, Unit::Hour, Unit::Day, Unit::Week, Unit::Month];
            let mut ms = start;
            for (z, u, step) in steps {
                ms += step;
                let r = Timestamp { unit: units[u], tz: zones[z] };
                let want = r
                    .tz
                    .timestamp_millis_opt(ms)
                    .single()
                    .and_then(|l| {
                        let l = l.naive_local();
                        let date = l.date();
                        let t = match r.unit {
                            Unit::Minute => date.and_hms_opt(l.hour(), l.minute(), 0)?,
                            Unit::Hour => date.and_hms_opt(l.hour(), 0, 0)?,
                            Unit::Day => date.and_time(NaiveTime::MIN),
                            Unit::Week => (date
                                - Duration::days(i64::from(date.weekday().num_days_from_monday())))
                            .and_time(NaiveTime::MIN),
                            Unit::Month => date.with_day(1)?.and_time(NaiveTime::MIN),
                        };
                        // In a DST fold, the occurrence at the instant's own offset.
                        let offset = r.tz.timestamp_millis_opt(ms).single()?.offset().fix();
                        match r.tz.from_local_datetime(&t) {
                            chrono::LocalResult::Single(d) => Some(d.timestamp_millis()),
                            chrono::LocalResult::Ambiguous(a, b) => Some(
                                if b.offset().fix() == offset { b } else { a }.timestamp_millis(),
                            ),
                            chrono::LocalResult::None => None,
                        }
                    });
                prop_assert_eq!(r.truncate_ms(ms), want, "{:?} {:?} {}", r.tz, r.unit, ms);
            }
        }
    }

    /// A timestamp-like string: the common shapes with fields in and out of range, other
    /// separators, fractions of 0 to 11 digits, offsets and zones, then maybe one byte changed.
    fn timestamp_like() -> impl Strategy<Value = String> {
        let two = || 0u32..=62;
        let clf = (
            two(),
            prop::sample::select(vec!["Jan", "Feb", "Sep", "Dec", "sep", "SEP", "Foo"]),
            1899u32..=2101,
            (0u32..=25, two(), two()),
            prop::sample::select(vec![
                "+0900", "-0000", "+0000", "-0530", "+2400", "+0960", "+09:00", "Z", "+09",
            ]),
        )
            .prop_map(|(d, m, y, (h, mi, s), z)| {
                format!("{d:02}/{m}/{y}:{h:02}:{mi:02}:{s:02} {z}")
            });
        let iso = (
            (1899u32..=2101, 0u32..=13, 0u32..=32),
            prop::sample::select(vec!['T', ' ', 't', '_']),
            (0u32..=25, two(), two()),
            prop::option::of("[0-9]{0,11}"),
            prop::sample::select(vec![
                "", "Z", "z", "+09:00", "-05:30", "+0900", "+24:00", "+09:60", " +09:00",
            ]),
        )
            .prop_map(|((y, mo, d), sep, (h, mi, s), frac, z)| {
                let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
                format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{frac}{z}")
            });
        (
            prop_oneof![clf, iso],
            any::<prop::sample::Index>(),
            prop::option::of(any::<char>()),
        )
            .prop_map(|(s, at, c)| match c {
                Some(c) if !s.is_empty() => {
                    let mut chars: Vec<char> = s.chars().collect();
                    let i = at.index(chars.len());
                    chars[i] = c;
                    chars.into_iter().collect()
                }
                _ => s,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast shapes read a string only as chrono's formats read it: the same instant,
        /// whichever format the previous value had. (That they do read well-formed
        /// timestamps is the next test's.)
        #[test]
        fn the_common_shapes_read_as_the_general_formats_do(s in timestamp_like()) {
            for tz in [chrono_tz::Asia::Tokyo, chrono_tz::America::New_York] {
                let r = Timestamp { unit: Unit::Minute, tz };
                if let Some(fast) = r.parse_common(&s) {
                    for hint in 0..FORMATS.len() {
                        let general = r.parse_general(&s, &std::cell::Cell::new(hint));
                        prop_assert_eq!(general, Some(fast), "{} (hint {})", s, hint);
                    }
                }
            }
        }
    }

    #[test]
    fn the_common_shapes_take_well_formed_timestamps() {
        let r = rule(Unit::Minute);
        for s in [
            "01/Sep/2026:00:00:00 +0900",
            "29/Feb/2028:23:59:59 -0530",
            "2026-10-10T13:55:36",
            "2026-10-10 13:55:36.5",
            "2026-10-10T13:55:36.123456789Z",
            "2026-10-10 13:55:36+09:00",
            "2026-10-10T13:55:36.000-00:00",
        ] {
            assert!(r.parse_common(s).is_some(), "{s}");
            assert_eq!(
                r.parse_common(s),
                r.parse_general(s, &std::cell::Cell::new(0)),
                "{s}"
            );
        }
        for s in [
            "30/Feb/2026:00:00:00 +0900",
            "01/sep/2026:00:00:00 +0900",
            "01/Sep/2026:00:00:60 +0900",
            "2026-10-10 13:55:36Z",
            "2026-10-10T13:55:36.1234567890",
            "2026-10-10T24:00:00",
            "2026-10-10T13:55:36+24:00",
        ] {
            assert_eq!(r.parse_common(s), None, "{s}");
        }
    }

    /// A date alone, as Japanese order exports write delivery and sign-up dates, is the day's
    /// start in the job's time zone: what `scan`'s profile counts as a date, the rule reads.
    #[test]
    fn dates_alone_are_the_days_start() {
        let r = rule(Unit::Day);
        let want = r.parse_ms("2024-12-24");
        assert!(want.is_some());
        for s in [
            "2024/12/24",
            "2024年12月24日",
            "令和6年12月24日",
            "2024/12/24 ",
        ] {
            assert_eq!(r.parse_ms(s), want, "{s}");
        }
        assert_eq!(r.parse_ms("2024/13/24"), None);
        assert!(crate::transform::date::parse_date("2024/12/24").is_some());
    }

    #[test]
    fn a_dst_fold_moves_no_instant() {
        // New York's clocks went back at 06:00Z on 2026-11-01: 01:30 came twice.
        for (unit, instant, want) in [
            (Unit::Minute, "2026-11-01T05:30:10Z", "2026-11-01T05:30:00Z"),
            (Unit::Minute, "2026-11-01T06:30:10Z", "2026-11-01T06:30:00Z"),
            (Unit::Hour, "2026-11-01T05:30:10Z", "2026-11-01T05:00:00Z"),
            (Unit::Hour, "2026-11-01T06:30:10Z", "2026-11-01T06:00:00Z"),
            (Unit::Day, "2026-11-01T06:30:10Z", "2026-11-01T04:00:00Z"),
        ] {
            let r = Timestamp {
                unit,
                tz: chrono_tz::America::New_York,
            };
            let ms = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis();
            assert_eq!(
                r.truncate_ms(ms(instant)),
                Some(ms(want)),
                "{unit:?} {instant}"
            );
        }
    }

    #[test]
    fn digits_are_compact_dates_or_epoch_by_their_length() {
        // A reviewer had 20261010 read as epoch seconds (1970-08-23) and 45000 (an Excel
        // serial day) as 1970-01-01.
        let r = rule(Unit::Minute);
        let at = |s: &str| r.parse_ms(s);
        let local = |s: &str| r.parse_ms(s).unwrap();
        assert_eq!(at("20261010"), Some(local("2026-10-10 00:00:00")));
        assert_eq!(at("202610101355"), Some(local("2026-10-10 13:55:00")));
        assert_eq!(at("20261010135536"), Some(local("2026-10-10 13:55:36")));
        assert_eq!(at("1791608136"), Some(1_791_608_136_000));
        assert_eq!(at("179160813"), Some(179_160_813_000));
        assert_eq!(at("1791608136000"), Some(1_791_608_136_000));
        for unparsed in [
            "45000",
            "0",
            "20261310",
            "20261010256000",
            "12345678901",
            "1234567",
        ] {
            assert_eq!(at(unparsed), None, "{unparsed}");
        }
    }

    #[test]
    fn parses_every_documented_form_to_the_same_instant() {
        let r = rule(Unit::Minute);
        let want = r.parse_ms("2026-10-10T13:55:36+09:00").unwrap();
        for v in [
            "10/Oct/2026:13:55:36 +0900",
            "[10/Oct/2026:13:55:36 +0900]",
            "2026-10-10T04:55:36Z",
            "2026-10-10 13:55:36",
            "2026-10-10T13:55:36.000+09:00",
            "2026-10-10 04:55:36+00:00",
            "1791608136",
            "1791608136000",
            "20261010135536",
            "２０２６-１０-１０T１３:５５:３６+09:00",
            // ISO 8601's offset in hours alone.
            "2026-10-10T13:55:36+09",
            "2026-10-10T04:55:36.000+00",
        ] {
            assert_eq!(r.parse_ms(v), Some(want), "{v}");
            // Whichever format parsed the previous value, the result is the same.
            for hint in 0..FORMATS.len() {
                let h = std::cell::Cell::new(hint);
                assert_eq!(
                    r.parse_ms_hinted(v, &h),
                    Some(want),
                    "{v} after format {hint}"
                );
            }
        }
        for v in [
            "2026-10-10 13:55",
            "2026/10/10 13:55:00",
            "2026-10-10T13:55+09:00",
            "2026-10-10 13:55:00 +0900",
            "2026-10-10",
        ] {
            let plain = r.parse_ms(v);
            assert!(plain.is_some(), "{v}");
            for hint in 0..FORMATS.len() {
                let h = std::cell::Cell::new(hint);
                assert_eq!(r.parse_ms_hinted(v, &h), plain, "{v} after format {hint}");
            }
        }
        assert_eq!(r.parse_ms("yesterday"), None);
        assert_eq!(r.parse_ms("2026-13-40T00:00:00Z"), None);
    }

    #[test]
    fn truncates_in_tokyo_time() {
        let v = "2026-10-10T04:55:36Z"; // 13:55:36 in Tokyo, a Saturday
        assert_eq!(
            one(&rule(Unit::Minute), v).unwrap(),
            "2026-10-10 13:55:00.000+09:00"
        );
        assert_eq!(
            one(&rule(Unit::Hour), v).unwrap(),
            "2026-10-10 13:00:00.000+09:00"
        );
        assert_eq!(
            one(&rule(Unit::Day), v).unwrap(),
            "2026-10-10 00:00:00.000+09:00"
        );
        assert_eq!(
            one(&rule(Unit::Week), v).unwrap(),
            "2026-10-05 00:00:00.000+09:00"
        );
        assert_eq!(
            one(&rule(Unit::Month), v).unwrap(),
            "2026-10-01 00:00:00.000+09:00"
        );
        // 23:30 UTC is already the next day in Tokyo.
        assert_eq!(
            one(&rule(Unit::Day), "2026-10-09T23:30:00Z").unwrap(),
            "2026-10-10 00:00:00.000+09:00"
        );
        assert_eq!(one(&rule(Unit::Day), "garbage"), None);
    }
}
