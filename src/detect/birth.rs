//! Dates of birth in free text: a full date (year, month and day) that a label says is one
//! (生年月日, 誕生日, DOB, date of birth, birthday, born) or that 生まれ / 生 follows
//! (`1961年2月6日生まれ`, `昭和20年4月18日生`).
//!
//! A date of birth is no identifier code, but with a name, a postal code or a phone beside it
//! it singles a person out, and a birth date column is generalised for that reason
//! (`date` rule); a customer's message that states it in full would undo that. Dates without
//! such a label are left (an order's date, a delivery's), and so is a birthday without its
//! year (`誕生日は3月12日`: shared by one in 365).
//!
//! Dates are read in the forms Japanese forms take: `1964年12月26日`, `1971/09/26`,
//! `1951-06-18`, `1989.01.23`, the era forms `昭和49年4月2日`, `平成元年1月8日`, `S62.5.25`,
//! `H1/1/8`, and after an English label also day or month first (`23/01/1989`). The text is
//! normalised first (full-width digits, `ー` as `-`). Only the date is replaced.

use std::sync::LazyLock;

use regex::Regex;

use super::japanese::is_han;
use super::normalize::char_after;
use super::{Kind, Match};

/// A full date: western year first, or an era's year (元 for its first) first.
const DATE: &str = r"((?:19|20)[0-9]{2}(?:年[ ]?[0-9]{1,2}月[ ]?[0-9]{1,2}日?|[/\-.][0-9]{1,2}[/\-.][0-9]{1,2})|(?:明治|大正|昭和|平成|令和|[MTSHR]\.?)[ ]?(?:[0-9]{1,2}|元)(?:年[ ]?[0-9]{1,2}月[ ]?[0-9]{1,2}日?|[/\-.][0-9]{1,2}[/\-.][0-9]{1,2}))";

/// Day or month first, the year last (`23/01/1989`, `01-23-1989`): after an English label only.
const DATE_YEAR_LAST: &str = r"([0-9]{1,2}[/\-.][0-9]{1,2}[/\-.](?:19|20)[0-9]{2})";

/// The Japanese labels, then what may stand between a label and its date.
const JA_LABEL: &str = r"(?:生年月日|誕生日|生まれ)[ :=は_]*(?:\(西暦\)|\(和暦\))?[ ]*";

/// The English labels (from a word's start, checked in code).
const EN_LABEL: &str = r"(?i)(?:dob|d\.o\.b\.?|date[ _\-]of[ _\-]birth|birth[ _\-]?date|birthday|born(?:[ ]on)?)[ _]*[:=#_\-]?[ _]*";

/// Dates of birth in `t` (normalised text), told by the caller's byte scan whether it has
/// ASCII letters (`latin`) and non-ASCII bytes (`wide`).
pub(crate) fn find(t: &str, latin: bool, wide: bool, out: &mut Vec<Match>) {
    static JA_LABELLED: LazyLock<Regex> = LazyLock::new(|| built(&format!("{JA_LABEL}{DATE}")));
    static JA_FOLLOWED: LazyLock<Regex> = LazyLock::new(|| built(&format!("{DATE}生(まれ)?")));
    static EN_LABELLED: LazyLock<Regex> =
        LazyLock::new(|| built(&format!("{EN_LABEL}(?:{DATE}|{DATE_YEAR_LAST})")));
    // Every Japanese form holds 生 (生年月日, 誕生日, 生まれ, …日生).
    static BIRTH: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("生".as_bytes()));
    if wide && BIRTH.find(t.as_bytes()).is_some() {
        for c in JA_LABELLED.captures_iter(t) {
            if let Some(d) = c.get(1) {
                push(t, d.start(), d.end(), out);
            }
        }
        for c in JA_FOLLOWED.captures_iter(t) {
            let (Some(all), Some(d)) = (c.get(0), c.get(1)) else {
                continue;
            };
            // 生 alone must end the word (`…日生の方`, not `…日生産`).
            if c.get(2).is_none() && char_after(t, all.end()).is_some_and(is_han) {
                continue;
            }
            push(t, d.start(), d.end(), out);
        }
    }
    if latin {
        for c in EN_LABELLED.captures_iter(t) {
            let (Some(all), Some(d)) = (c.get(0), c.get(1).or_else(|| c.get(2))) else {
                continue;
            };
            if super::normalize::char_before(t, all.start())
                .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            push(t, d.start(), d.end(), out);
        }
    }
}

fn built(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in detector pattern compiles")
}

/// The date at `start..end`, if its numbers can be one (a month of 1–12 and a day of 1–31,
/// either order when the year comes last) and it is not glued to more digits.
fn push(t: &str, start: usize, end: usize, out: &mut Vec<Match>) {
    if char_after(t, end).is_some_and(|c| c.is_ascii_digit())
        || super::normalize::char_before(t, start).is_some_and(|c| c.is_ascii_digit())
    {
        return;
    }
    let numbers: Vec<u32> = t[start..end]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .filter_map(|g| g.parse().ok())
        .collect();
    let day_month = |a: u32, b: u32| (1..=12).contains(&a) && (1..=31).contains(&b);
    let ok = match numbers[..] {
        // Year (or era year) first: month, day. 平成元年 has no digit for its year.
        [_, m, d] => {
            day_month(m, d)
                || (t[start..end].ends_with(|c: char| c.is_ascii_digit())
                    && numbers[2] >= 1900
                    && (day_month(numbers[0], numbers[1]) || day_month(numbers[1], numbers[0])))
        }
        [m, d] if t[start..end].contains('元') => day_month(m, d),
        _ => false,
    };
    if ok {
        out.push(Match {
            kind: Kind::BirthDate,
            start,
            end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates found in `t`, written as normalised text is (ASCII digits, `-` for `ー`).
    fn dates(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        find(t, true, true, &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn dates_a_label_or_umare_says_are_births() {
        assert_eq!(
            dates("生年月日:1964年12月26日 上伊那郡"),
            ["1964年12月26日"]
        );
        assert_eq!(dates("生年月日 1947年1月21日"), ["1947年1月21日"]);
        assert_eq!(dates("生年月日_1971/09/26_領収書.pdf"), ["1971/09/26"]);
        assert_eq!(dates("1961年2月6日生まれです"), ["1961年2月6日"]);
        assert_eq!(dates("昭和20年4月18日生\t[お名前]"), ["昭和20年4月18日"]);
        assert_eq!(
            dates("昭和30年7月14日生にご連絡ください"),
            ["昭和30年7月14日"]
        );
        assert_eq!(dates("誕生日 S62.5.25です"), ["S62.5.25"]);
        assert_eq!(dates("誕生日は平成元年1月8日"), ["平成元年1月8日"]);
        assert_eq!(dates("DOB: 1951-06-18 よろしく"), ["1951-06-18"]);
        assert_eq!(dates("Date of birth: 23/01/1989."), ["23/01/1989"]);
        assert_eq!(dates("born on 1990.3.4"), ["1990.3.4"]);
        assert_eq!(dates("添付:DOB:_1991-11-04_領収書.pdf"), ["1991-11-04"]);
    }

    #[test]
    fn other_dates_stay() {
        assert!(dates("2024年3月12日に注文しました").is_empty());
        assert!(dates("2024年3月12日生産の商品").is_empty());
        assert!(dates("誕生日は3月12日です").is_empty());
        assert!(dates("誕生日プレゼント 2024/12/24 お届け希望").is_empty());
        assert!(dates("生年月日 1964年13月26日").is_empty());
        assert!(dates("xdob: 1951-06-18").is_empty());
        assert!(dates("生年月日 1964/12/265").is_empty());
    }
}
