//! Geographic coordinates: a latitude and a longitude precise enough to find a house. A shop's
//! logs and messages carry them where a customer shares where they are (`現在地は 35.681236,
//! 139.767125 です`), in map links (`google.com/maps/@35.6812362,139.7671248,17z`,
//! `openstreetmap.org/#map=17/35.68123/139.76712`), in a store finder's query
//! (`?lat=35.681236&lng=139.767125`) and in JSON (`{"lat": 35.681236, "lng": 139.767125}`).
//! A coordinate's fourth decimal is 11 m, its third 110 m: a home, or the block it stands in.
//!
//! Found, each replaced whole (the numbers, the marks between them and their hemispheres):
//!
//! - **a pair of decimal numbers**, a latitude (at most 90) and a longitude (at most 180) in
//!   either order, joined by a comma, a space, a slash or `、`, with degree signs and
//!   hemisphere letters or without (`35.6812° N, 139.7671° E`, `N35.6812 E139.7671`): with
//!   four decimals each or more, or three as a map link's or a query's value (right after `@`
//!   or `=`) or after a name (a hemisphere, a degree sign, or 緯度, 座標, 位置, 現在地, GPS,
//!   `lat`, `location`, `coordinates` shortly before). Without a name, not a pair inside a
//!   longer list of decimals (a series: `[1.1435, 2.223456, 3.44732]`) nor two numbers under 1
//!   (an interval, two prices: the only such place is at sea off West Africa);
//! - **one decimal number with three decimals or more after its label**: 緯度, 経度, 北緯, 南緯,
//!   東経, 西経, `lat`, `latitude`, `lng`, `lon`, `long`, `longitude` (a whole word), then at
//!   most a few marks (`:`, `=`, `は`, quotes, spaces); or with its hemisphere letter
//!   (`35.6812°N`);
//! - **degrees, minutes and seconds with a hemisphere** (`35°40'52.5"N`, `北緯35度40分52秒`):
//!   seconds are 30 m.
//!
//! Left: two decimals (a kilometre: a town), degrees and minutes alone (two kilometres), a
//! decimal without a label, cue or partner (`3.14159`, a price), numbers glued into a longer
//! run of dots and digits (an IP address, a version `1.2345.6`).

use std::sync::LazyLock;

use super::{Kind, Match};

/// A decimal number in the text: its span with its sign, its decimals and its value.
#[derive(Clone, Copy, Debug)]
struct Decimal {
    start: usize,
    end: usize,
    decimals: usize,
    value: f64,
}

/// A hemisphere's letter.
fn is_hemisphere(b: u8) -> bool {
    matches!(b, b'N' | b'S' | b'E' | b'W')
}

/// The decimal number whose dot is `b[dot]`: one to three digits, the dot, three to fifteen
/// digits; not inside a longer run of digits and dots (`192.168.10.200`, `1.2345.6`), and not
/// glued to a letter but a hemisphere's.
fn decimal_at(t: &str, dot: usize) -> Option<Decimal> {
    let b = t.as_bytes();
    let mut start = dot;
    while start > 0 && b[start - 1].is_ascii_digit() {
        start -= 1;
    }
    if !(1..=3).contains(&(dot - start)) {
        return None;
    }
    let mut end = dot + 1;
    while end < b.len() && b[end].is_ascii_digit() {
        end += 1;
    }
    let decimals = end - dot - 1;
    if !(3..=15).contains(&decimals) {
        return None;
    }
    let glued = |c: u8| c == b'.' || c == b'_' || (c.is_ascii_alphanumeric() && !is_hemisphere(c));
    if end < b.len() && glued(b[end]) {
        return None;
    }
    if start > 0 && b[start - 1] == b'-' && (start < 2 || !b[start - 2].is_ascii_alphanumeric()) {
        start -= 1;
    } else if start > 0 && (glued(b[start - 1]) || b[start - 1] == b'-') {
        return None;
    }
    let value = t[start..end].parse::<f64>().ok()?;
    Some(Decimal {
        start,
        end,
        decimals,
        value,
    })
}

/// Whether what stands between two numbers joins them as a pair: at most a degree sign, a
/// hemisphere letter, spaces and one comma, slash or `、` (at least one of those or a space).
fn joins(between: &str) -> bool {
    if between.len() > 10 {
        return false;
    }
    let mut marks = 0;
    let mut space = false;
    for c in between.chars() {
        match c {
            ',' | '/' | '、' => marks += 1,
            ' ' => space = true,
            '°' | 'N' | 'S' | 'E' | 'W' => {}
            _ => return false,
        }
    }
    marks <= 1 && (marks == 1 || space)
}

/// Words that, shortly before a pair, say it is a place.
const PAIR_CUES: [&str; 14] = [
    "緯度",
    "経度",
    "座標",
    "位置",
    "現在地",
    "GPS",
    "gps",
    "lat",
    "Lat",
    "LAT",
    "location",
    "Location",
    "coordinates",
    "Coordinates",
];

/// Labels of one coordinate, in lower case for the Latin ones.
const LATIN_LABELS: [&str; 6] = ["latitude", "longitude", "lat", "lng", "lon", "long"];
const JAPANESE_LABELS: [&str; 6] = ["緯度", "経度", "北緯", "南緯", "東経", "西経"];

/// Whether a coordinate's label stands right before `start` (after at most six marks).
fn labelled(t: &str, start: usize) -> bool {
    let mut head = &t[..start];
    for _ in 0..6 {
        match head.chars().next_back() {
            Some(c @ (' ' | ':' | '=' | '"' | '\'' | 'は' | '\u{3000}')) => {
                head = &head[..head.len() - c.len_utf8()]
            }
            _ => break,
        }
    }
    if JAPANESE_LABELS.iter().any(|l| head.ends_with(l)) {
        return true;
    }
    let hb = head.as_bytes();
    LATIN_LABELS.iter().any(|l| {
        hb.len() >= l.len()
            && hb[hb.len() - l.len()..].eq_ignore_ascii_case(l.as_bytes())
            && (hb.len() == l.len() || !hb[hb.len() - l.len() - 1].is_ascii_alphabetic())
    })
}

/// Whether a hemisphere letter stands right before `start` or after `end` (past a degree sign
/// and a space), not inside a word.
fn hemisphere_beside(t: &str, start: usize, end: usize) -> bool {
    let b = t.as_bytes();
    let before = start > 0
        && is_hemisphere(b[start - 1])
        && (start < 2 || !b[start - 2].is_ascii_alphanumeric());
    let rest = t[end..].strip_prefix('°').unwrap_or(&t[end..]);
    let rest = rest.strip_prefix(' ').unwrap_or(rest).as_bytes();
    let after = rest.first().is_some_and(|&c| is_hemisphere(c))
        && !rest.get(1).is_some_and(|c| c.is_ascii_alphanumeric());
    before || after
}

/// The start of a hemisphere's letter right before `start` (`N35.6812`), or `start`.
fn past_hemisphere_before(b: &[u8], start: usize) -> usize {
    if start > 0 && is_hemisphere(b[start - 1]) {
        start - 1
    } else {
        start
    }
}

/// The end of a hemisphere after `end` (past a degree sign and a space), or `end`.
fn past_hemisphere(t: &str, end: usize) -> usize {
    let rest = &t[end..];
    let (deg, rest) = match rest.strip_prefix('°') {
        Some(r) => ('°'.len_utf8(), r),
        None => (0, rest),
    };
    let (space, rest) = match rest.strip_prefix(' ') {
        Some(r) => (1, r),
        None => (0, rest),
    };
    let r = rest.as_bytes();
    if r.first().is_some_and(|&c| is_hemisphere(c))
        && !r.get(1).is_some_and(|c| c.is_ascii_alphanumeric())
    {
        end + deg + space + 1
    } else if deg > 0 {
        end + deg
    } else {
        end
    }
}

/// Whether another number stands beside a pair, across a comma (and spaces): `side` is the
/// text before the pair (`before`) or the text after it.
fn number_beside(side: &str, before: bool) -> bool {
    let marks = [' ', ','];
    let rest = if before {
        side.trim_end_matches(marks)
    } else {
        side.trim_start_matches(marks)
    };
    let skipped = &side[if before {
        rest.len()..side.len()
    } else {
        0..side.len() - rest.len()
    }];
    if !skipped.contains(',') {
        return false;
    }
    if before {
        rest.ends_with(|c: char| c.is_ascii_digit())
    } else {
        let r = rest.strip_prefix('-').unwrap_or(rest);
        r.starts_with(|c: char| c.is_ascii_digit())
    }
}

/// Whether a pair cue stands in the 24 bytes before `start`.
fn pair_cued(t: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(24);
    while !t.is_char_boundary(from) {
        from += 1;
    }
    let head = &t[from..start];
    PAIR_CUES.iter().any(|c| head.contains(c))
}

/// Coordinates in the normalised text `t` (see the module's documentation).
pub(crate) fn find(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    let mut numbers: Vec<Decimal> = Vec::new();
    for dot in memchr::memchr_iter(b'.', b) {
        if let Some(d) = decimal_at(t, dot) {
            numbers.push(d);
        }
    }
    let push = |out: &mut Vec<Match>, start, end| {
        out.push(Match {
            kind: Kind::Coordinates,
            start,
            end,
        })
    };
    let mut paired = vec![false; numbers.len()];
    for i in 1..numbers.len() {
        let (a, z) = (numbers[i - 1], numbers[i]);
        if paired[i - 1] || !joins(&t[a.end..z.start]) {
            continue;
        }
        let (x, y) = (a.value.abs(), z.value.abs());
        if !((x <= 90.0 && y <= 180.0) || (x <= 180.0 && y <= 90.0)) {
            continue;
        }
        let between = &t[a.end..z.start];
        let named = between.contains(['°', 'N', 'S', 'E', 'W'])
            || hemisphere_beside(t, a.start, z.end)
            || pair_cued(t, a.start)
            || labelled(t, a.start);
        // A map link's or a query's value (`/@35.681,139.767`, `?q=35.681,139.767`).
        let linked = a.start > 0 && matches!(b[a.start - 1], b'@' | b'=');
        let least = if named || linked { 3 } else { 4 };
        if a.decimals < least || z.decimals < least {
            continue;
        }
        // Unnamed, a pair inside a longer list of decimals (`[1.1435, 2.223456, 3.44732]`) is
        // a series, and two numbers under 1 (`[0.2199, 0.35001]`, a price's two quotes) an
        // interval: the only place both are under 1 is at sea off West Africa.
        let in_list = number_beside(&t[..a.start], true) || number_beside(&t[z.end..], false);
        if !named && ((in_list && !linked) || (x < 1.0 && y < 1.0)) {
            continue;
        }
        push(
            out,
            past_hemisphere_before(b, a.start),
            past_hemisphere(t, z.end),
        );
        paired[i - 1] = true;
        paired[i] = true;
    }
    for (d, _) in numbers.iter().zip(&paired).filter(|(_, p)| !**p) {
        if d.value.abs() > 180.0 {
            continue;
        }
        if labelled(t, d.start) {
            push(out, d.start, past_hemisphere(t, d.end));
        } else if hemisphere_beside(t, d.start, d.end) {
            push(
                out,
                past_hemisphere_before(b, d.start),
                past_hemisphere(t, d.end),
            );
        }
    }
    if !t.is_ascii() {
        find_degrees(t, out);
    }
}

/// Whether the whole of `t` is coordinates: a pair, or one with its hemisphere or degrees,
/// minutes and seconds (a cell of a column of places).
pub(crate) fn is_whole(t: &str) -> bool {
    let mut out = Vec::new();
    find(t, &mut out);
    out.iter().any(|m| m.start == 0 && m.end == t.len())
}

/// Degrees, minutes and seconds with a hemisphere: `35°40'52.5"N`, `N 35°40'52"`,
/// `北緯35度40分52秒`.
fn find_degrees(t: &str, out: &mut Vec<Match>) {
    static DMS: LazyLock<regex::Regex> = LazyLock::new(|| {
        super::patterns::built_in(
            r#"(?:(北緯|南緯|東経|西経)|(?-u:\b)([NSEW]) ?)?([0-9]{1,3}) ?[°度] ?[0-9]{1,2} ?['′分] ?[0-9]{1,2}(?:\.[0-9]+)? ?(?:"|″|''|′′|秒)?(?: ?([NSEW])(?-u:\b))?"#,
        )
    });
    static MARKS: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        ["°", "度"].map(|m| memchr::memmem::Finder::new(m.as_bytes()).into_owned())
    });
    // A degree's mark right after a digit (a space between): 度 alone is a word (今度, 程度).
    let b = t.as_bytes();
    let after_digit = |at: usize| {
        let k = if at >= 1 && b[at - 1] == b' ' {
            at - 1
        } else {
            at
        };
        k >= 1 && b[k - 1].is_ascii_digit()
    };
    if !MARKS.iter().any(|f| f.find_iter(b).any(after_digit)) {
        return;
    }
    for c in DMS.captures_iter(t) {
        let whole = c.get(0).expect("the whole match");
        // Seconds are what make a place: the pattern needs them, and the hemisphere says the
        // angle is a coordinate (not a slope or a temperature).
        if c.get(1).is_some() || c.get(2).is_some() || c.get(4).is_some() {
            let start = c.get(3).map_or(whole.start(), |m| m.start());
            let start = c.get(2).map_or(start, |m| m.start());
            out.push(Match {
                kind: Kind::Coordinates,
                start,
                end: whole.end(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find(t, &mut out);
        out.sort_by_key(|m| m.start);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn coordinates_are_found_in_text_links_queries_and_json() {
        let cases: [(&str, &[&str]); 18] = [
            (
                "現在地は 35.681236, 139.767125 です",
                &["35.681236, 139.767125"],
            ),
            (
                "https://www.google.com/maps/@35.6812362,139.7671248,17z",
                &["35.6812362,139.7671248"],
            ),
            (
                "https://www.google.com/maps?q=35.681,139.767",
                &["35.681,139.767"],
            ),
            (
                "/stores/near?lat=35.681236&lng=139.767125&r=5",
                &["35.681236", "139.767125"],
            ),
            ("緯度:35.6812 経度:139.7671", &["35.6812", "139.7671"]),
            (
                "Location: 35.6812° N, 139.7671° E",
                &["35.6812° N, 139.7671° E"],
            ),
            ("N35.6812 E139.7671", &["N35.6812 E139.7671"]),
            (
                "https://www.openstreetmap.org/#map=17/35.68123/139.76712",
                &["35.68123/139.76712"],
            ),
            (
                r#"{"lat": 35.681236, "lng": 139.767125}"#,
                &["35.681236", "139.767125"],
            ),
            // GeoJSON's order: the longitude first.
            ("[139.767125, 35.681236]", &["139.767125, 35.681236"]),
            ("-33.8688, 151.2093", &["-33.8688, 151.2093"]),
            ("40.7128° N, 74.0060° W", &["40.7128° N, 74.0060° W"]),
            ("35.6812°N", &["35.6812°N"]),
            (
                r#"35°40'52.5"N 139°46'01.6"E"#,
                &[r#"35°40'52.5"N"#, r#"139°46'01.6"E"#],
            ),
            (
                "北緯35度40分52秒 東経139度46分1秒",
                &["35度40分52秒", "139度46分1秒"],
            ),
            ("latitude=35.681", &["35.681"]),
            // London is west of Greenwich by less than a degree.
            ("51.5074, -0.1278", &["51.5074, -0.1278"]),
            (
                "[[-65.613617,43.420273], [-65.613617,43.420273]]",
                &["-65.613617,43.420273", "-65.613617,43.420273"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), want, "{text}");
        }
    }

    #[test]
    fn other_decimals_are_left() {
        for text in [
            "price 1.2345 and version 2.0.1",
            "192.168.10.200",
            "pi is 3.14159",
            "35.68, 139.76",
            // Three decimals without a cue: a measurement's pair, not a place.
            "1.234, 5.678",
            "v1.2345 build 2.34567",
            "1.2345.6789",
            "flat 35.681",
            "100.5000, 200.5000",
            "35°40'N 139°46'E",
            "勾配は30度です",
            "12.3456kg and 45.6789kg",
            // A series, an interval, two quotes of a price.
            "[1.1435, 2.223456, 3.44732, -1.5234]",
            "1.0423688, 2.1235929, 4.132709",
            "1/[0.2199,0.35001]",
            "AUDCAD,1616455919,0.91212,0.95556,1",
            "[0.0, 8.0, 4.000000000000002, 6.666666666666667, 24.5]",
        ] {
            assert_eq!(found(text), Vec::<&str>::new(), "{text}");
        }
    }
}
