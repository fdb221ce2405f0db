//! Other countries' national identity numbers, which a Japanese shop's foreign customers write
//! in inquiries and forms: a US Social Security number, a Korean resident registration number
//! (주민등록번호, also the foreign resident's 외국인등록번호), a Chinese resident identity card
//! number (居民身份证号码) and a Taiwanese national ID (身分證字號). They are no 個人識別符号
//! under APPI (its list is Japan's own), but each names one person for life, so they are
//! masked as `<NATIONAL_ID>` wherever found.
//!
//! - **Chinese resident identity card** (GB 11643-1999): 18 characters, a 6-digit
//!   administrative division code, the date of birth as YYYYMMDD, a 3-digit sequence and a
//!   check character (ISO 7064 MOD 11-2, `X` for 10), written whole or 6-8-4 with one kind of
//!   separator, not glued to ASCII letters or digits (Chinese or Japanese text may touch it:
//!   `身份证号11010519491231002X`). After its label (身份证, 身分証, ID card …, within 20
//!   characters) that is enough, with a date of birth from 1800 (the standard's own example is
//!   of 1880). Without one the number must stand as a word of text, not a URL's or a file's
//!   part (`/item/…`, `id=…`, `…_2.jpg`), and be born from 1900: the province (the first two
//!   digits), the date and the check then leave about 1 in 43,000 random 18-digit strings, as
//!   a card's network and Luhn check leave about 1 in 30,000 of 16 digits.
//! - **Korean resident registration number**: YYMMDD, a hyphen, then 7 digits whose first gives
//!   the sex and century (1–8). Since October 2020 the last six digits are random, with no
//!   check digit, and a date-led order number (`261206-1234567`) has the same shape: it is found
//!   only after its label (`numbers`' keyword window).
//! - **Taiwanese national ID** (and since 2021 the resident certificate number): a letter, a
//!   sex digit, eight digits and a check digit, after its label (身分證字號, 統一證號 …): a
//!   letter and nine digits are as often a product's code.
//! - **US Social Security number**: 3-2-4 digits (or nine in a row), after its label (`SSN`,
//!   `Social Security`, `ITIN`); area 000 and 666, group 00 and serial 0000 are never issued.
//!   Without a label nine digits are as often a phone's, a ZIP+4's or an order's.
//!
//! The labelled numbers are decided in `numbers::classify` with the other digit runs (their
//! keywords are families of its window before a number); this file holds their formats.

use super::{Kind, Match};

/// The words before a Korean resident registration number (numbers' keyword window; spelt as
/// the normalised text spells them).
pub(crate) const KW_KOREAN: &[&str] = &[
    "주민등록",
    "주민번호",
    "외국인등록",
    "resident registration",
    "rrn",
    "住民登録番号",
];

/// The words before a US Social Security number or an ITIN.
pub(crate) const KW_SSN: &[&str] = &[
    "ssn",
    "social security",
    // The end of `Social Security Number:`, when the window of 20 characters holds no more.
    "security number",
    "security no",
    "soc. sec",
    "ss#",
    "ss #",
    "itin",
    "taxpayer identification",
    "社会保障番号",
    "ソ-シャルセキュリティ",
];

pub(crate) fn digit(c: u8) -> u32 {
    u32::from(c - b'0')
}

pub(crate) fn number(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, &c| n * 10 + digit(c))
}

/// Whether year-month-day is a date of the Gregorian calendar.
pub(crate) fn is_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Nine digits a US Social Security number (or an ITIN) may be: no group of zeros, no area
/// 666 (the Social Security Administration never issues them).
pub(crate) fn is_ssn(d: &[u8]) -> bool {
    d.len() == 9
        && d.iter().all(u8::is_ascii_digit)
        && !matches!(number(&d[..3]), 0 | 666)
        && number(&d[3..5]) != 0
        && number(&d[5..]) != 0
}

/// Thirteen digits a Korean resident registration number may be: a date of birth (YYMMDD)
/// and a seventh digit 1–8 (sex and century: 1, 2, 5, 6 born in the 1900s, 3, 4, 7, 8 in the
/// 2000s; 5–8 for foreign residents). The last digit is not checked: numbers issued since
/// October 2020 have none.
pub(crate) fn is_korean_rrn(d: &[u8]) -> bool {
    if d.len() != 13 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let century = match d[6] {
        b'1' | b'2' | b'5' | b'6' => 1900,
        b'3' | b'4' | b'7' | b'8' => 2000,
        _ => return false,
    };
    is_date(
        century + number(&d[..2]),
        number(&d[2..4]),
        number(&d[4..6]),
    )
}

/// The provinces' codes (GB/T 2260), the first two digits of a Chinese ID: 11–15 north, 21–23
/// north-east, 31–37 east, 41–46 south-central, 50–54 south-west, 61–65 north-west, 71
/// Taiwan, 81–82 Hong Kong and Macau, 83 for Hong Kong, Macau and Taiwan residents' permits.
fn is_province(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// The ISO 7064 MOD 11-2 check character of a Chinese ID's first 17 digits.
fn chinese_check(first17: &[u8]) -> u8 {
    // 2^(17 - i) mod 11 for the i-th digit from the left.
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| digit(c) * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize]
}

/// The words before a Chinese ID (in the 20 characters before it, ASCII case ignored).
const CHINESE_LABELS: &[&str] = &[
    "身份证",
    "身份證",
    "身分証",
    "身分證",
    "居民证",
    "id card",
    "identity card",
    "id no",
    "id number",
    "resident id",
];

/// Eighteen characters that are a Chinese resident identity card number: 17 digits and a digit
/// or `X` (either case), a province, a date of birth from 1800 to 2099 and the check
/// character. (GB 11643-1999's own examples are born in 1880 and 1949.)
pub(crate) fn is_chinese_id(id: &[u8]) -> bool {
    if id.len() != 18 || !id[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let last = id[17].to_ascii_uppercase();
    if !(last.is_ascii_digit() || last == b'X') {
        return false;
    }
    let year = number(&id[6..10]);
    is_province(number(&id[..2]))
        && (1800..=2099).contains(&year)
        && is_date(year, number(&id[10..12]), number(&id[12..14]))
        && chinese_check(&id[..17]) == last
}

/// A whole value that is a Chinese ID (written whole or 6-8-4).
pub(crate) fn is_whole_chinese_id(t: &str) -> bool {
    let mut buf = [0u8; 18];
    spelt_id(t.as_bytes(), 0).is_some_and(|(end, _)| end == t.len() && collect(t, &mut buf))
        && is_chinese_id(&buf)
}

/// The 18 characters of an ID spelt from `t` (whole or 6-8-4): false if it holds more.
fn collect(t: &str, buf: &mut [u8; 18]) -> bool {
    let mut n = 0;
    for &c in t.as_bytes() {
        if c.is_ascii_alphanumeric() {
            if n == 18 {
                return false;
            }
            buf[n] = c;
            n += 1;
        }
    }
    n == 18
}

/// An ID's shape starting at `i`: 18 characters, or 6, 8 and 4 joined by one kind of
/// separator (a space or a hyphen). Returns where it ends and its separator.
fn spelt_id(b: &[u8], i: usize) -> Option<(usize, Option<u8>)> {
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let last = |at: usize| {
        b.get(at)
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'X' | b'x'))
    };
    if digits(i, 17) && last(i + 17) {
        return Some((i + 18, None));
    }
    let sep = *b.get(i + 6)?;
    (matches!(sep, b' ' | b'-')
        && digits(i, 6)
        && digits(i + 7, 8)
        && b.get(i + 15) == Some(&sep)
        && digits(i + 16, 3)
        && last(i + 19))
    .then_some((i + 20, Some(sep)))
}

/// Chinese IDs in the normalised text `t` (see the module docs). Called on text with at least
/// 17 digits.
pub(crate) fn find_chinese_ids(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // The start of a run of ASCII letters and digits.
        let Some(start) = (i..b.len()).find(|&k| b[k].is_ascii_alphanumeric()) else {
            return;
        };
        let end_of_word = |from: usize| {
            (from..b.len())
                .find(|&k| !b[k].is_ascii_alphanumeric())
                .unwrap_or(b.len())
        };
        let word_end = end_of_word(start);
        if b[start].is_ascii_digit()
            && let Some((end, sep)) = spelt_id(b, start)
            && !b.get(end).is_some_and(u8::is_ascii_alphanumeric)
            // Grouped, not part of a longer run of groups (`12 110105 19491231 002X`).
            && !sep.is_some_and(|s| {
                (start >= 2 && b[start - 1] == s && b[start - 2].is_ascii_digit())
                    || (b.get(end) == Some(&s) && b.get(end + 1).is_some_and(u8::is_ascii_digit))
            })
        {
            let mut buf = [0u8; 18];
            if collect(&t[start..end], &mut buf)
                && is_chinese_id(&buf)
                && (labelled(t, start) || (number(&buf[6..10]) >= 1900 && in_prose(b, start, end)))
            {
                out.push(Match {
                    kind: Kind::NationalId,
                    start,
                    end,
                });
                i = end;
                continue;
            }
        }
        i = word_end.max(start + 1);
    }
}

/// Whether one of [`CHINESE_LABELS`] stands in the 20 characters before `start`.
fn labelled(t: &str, start: usize) -> bool {
    let from = super::normalize::back_chars(t, start, 20);
    let window = t[from..start].to_ascii_lowercase();
    CHINESE_LABELS.iter().any(|l| window.contains(l))
}

/// Whether `b[start..end]` stands as a word of text: not after a mark that joins a URL's, a
/// query's or a file name's parts, nor before one that goes on with a letter or digit.
pub(crate) fn in_prose(b: &[u8], start: usize, end: usize) -> bool {
    const JOINS: &[u8] = b"/=_.-#&?+%@\\";
    let before = start.checked_sub(1).is_some_and(|i| JOINS.contains(&b[i]));
    let after = b.get(end).is_some_and(|c| JOINS.contains(c))
        && b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric);
    !before && !after
}

/// The labels before a Taiwanese national ID or resident certificate number (the Japanese
/// cue search's group for this detector: Chinese text is never ASCII).
pub(crate) const TAIWAN_CUES: [&str; 4] = ["身分證", "身份證", "身分証", "統一證號"];

/// The value of a Taiwanese ID's letter (its household registration office), as the
/// checksum counts it: A = 10 … Z = 33, in the order the letters were assigned.
fn taiwan_letter(c: u8) -> Option<u32> {
    let at = b"ABCDEFGHJKLMNPQRSTUVXYWZIO"
        .iter()
        .position(|&l| l == c.to_ascii_uppercase())?;
    Some(10 + at as u32)
}

/// A Taiwanese national ID (國民身分證統一編號) or, since 2021, resident certificate number
/// (統一證號): a letter, a digit for the sex (1, 2; 8, 9 for foreign residents), seven digits
/// and a check digit: the letter's two digits weighted 1 and 9, the next eight 8 to 1, the
/// check digit 1, the sum a multiple of ten.
pub(crate) fn is_taiwan_id(id: &[u8]) -> bool {
    if id.len() != 10
        || !id[1..].iter().all(u8::is_ascii_digit)
        || !matches!(id[1], b'1' | b'2' | b'8' | b'9')
    {
        return false;
    }
    let Some(n) = taiwan_letter(id[0]) else {
        return false;
    };
    let weights = [8, 7, 6, 5, 4, 3, 2, 1, 1];
    let sum = n / 10
        + (n % 10) * 9
        + id[1..]
            .iter()
            .zip(weights)
            .map(|(&c, w)| digit(c) * w)
            .sum::<u32>();
    sum.is_multiple_of(10)
}

/// Taiwanese IDs after their label (身分證字號, 身份證號碼, 統一證號 …): a letter and nine
/// digits are as often a product's code, so the label is needed, and the check digit.
pub(crate) fn find_taiwan_ids(t: &str, out: &mut Vec<Match>) {
    static LABELLED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        super::patterns::built_in(
            r"(?:身[分份]證(?:字號|號碼|號|番号|統一編號)?|身分証(?:番号)?|統一證號)[ \t]*(?:[:=]|は)?[ \t]*([A-Za-z][0-9]{9})",
        )
    });
    for c in LABELLED.captures_iter(t) {
        let Some(g) = c.get(1) else { continue };
        if super::normalize::glued_after(t, g.end()) || !is_taiwan_id(g.as_str().as_bytes()) {
            continue;
        }
        out.push(Match {
            kind: Kind::NationalId,
            start: g.start(),
            end: g.end(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_ids_of_the_standard_pass_and_near_misses_fail() {
        // GB 11643-1999's examples.
        assert!(is_chinese_id(b"11010519491231002X"));
        assert!(is_chinese_id(b"11010519491231002x"));
        assert!(is_chinese_id(b"440524188001010014"));
        // One digit changed, a date that is none (1949-02-30), no province 20.
        assert!(!is_chinese_id(b"11010519491231003X"));
        assert!(!is_chinese_id(b"110105194902300021"));
        assert!(!is_chinese_id(b"201612061234567890"));
        assert!(!is_chinese_id(b"1101051949123100X2"));
    }

    #[test]
    fn every_single_digit_error_is_caught() {
        // MOD 11-2 catches every substitution of one character.
        let id = b"11010519491231002X";
        for i in 0..17 {
            for c in b'0'..=b'9' {
                if c == id[i] {
                    continue;
                }
                let mut v = *id;
                v[i] = c;
                assert!(!is_chinese_id(&v), "{}", String::from_utf8_lossy(&v));
            }
        }
    }

    #[test]
    fn taiwan_ids_by_their_check_digit_after_their_label() {
        // The format's well-known example; a check digit off by one; a sex digit 3.
        assert!(is_taiwan_id(b"A123456789"));
        assert!(!is_taiwan_id(b"A123456788"));
        assert!(!is_taiwan_id(b"A323456789"));
        let mut out = Vec::new();
        find_taiwan_ids("身分證字號: A123456789 です", &mut out);
        find_taiwan_ids("身分證 A123456788", &mut out);
        find_taiwan_ids("品番 A123456789", &mut out);
        find_taiwan_ids("台湾の身分証番号はA123456789です", &mut out);
        assert_eq!(out.len(), 2);
        // Every letter's value: a valid number exists for each.
        for l in b'A'..=b'Z' {
            let found = (0..10u8).any(|d| {
                let mut id = *b"A12345678";
                id[0] = l;
                let mut v = id.to_vec();
                v.push(b'0' + d);
                is_taiwan_id(&v)
            });
            assert!(found, "{}", l as char);
        }
    }

    #[test]
    fn ssn_groups_of_zeros_and_area_666_are_never_issued() {
        // The Social Security Administration's published examples: the Woolworth wallet card's
        // and the 1936 pamphlet's.
        assert!(is_ssn(b"078051120"));
        assert!(is_ssn(b"219099999"));
        for bad in [
            "000121234",
            "666121234",
            "123001234",
            "123450000",
            "12345678",
        ] {
            assert!(!is_ssn(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn korean_numbers_need_a_date_and_a_sex_digit() {
        assert!(is_korean_rrn(b"8001011234567"));
        assert!(is_korean_rrn(b"0402293234567")); // 2004-02-29, born in the 2000s
        assert!(!is_korean_rrn(b"0502293234567")); // 2005 had no 29 February
        assert!(!is_korean_rrn(b"8013011234567"));
        assert!(!is_korean_rrn(b"8001019234567"));
    }

    fn found(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_chinese_ids(t, &mut out);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn chinese_ids_are_found_whole_and_grouped_but_not_inside_codes() {
        assert_eq!(
            found("身份证号11010519491231002X。"),
            ["11010519491231002X"]
        );
        assert_eq!(found("ID: 110105 19491231 002X"), ["110105 19491231 002X"]);
        assert_eq!(found("ID: 110105-19491231-002x!"), ["110105-19491231-002x"]);
        assert!(found("SKU11010519491231002X").is_empty());
        assert!(found("11010519491231002X7").is_empty());
        assert!(found("911010519491231002X").is_empty());
        assert!(found("110105 19491231-002X").is_empty());
        assert!(found("12 110105 19491231 002X").is_empty());
        assert!(found("110105 19491231 0021 7").is_empty());
        assert_eq!(found("No. 3 11010519491231002X"), ["11010519491231002X"]);
        assert!(found("11010519491231003X").is_empty());
        // Without a label: not in a URL or a file name, and not born before 1900.
        assert_eq!(found("ID:11010519491231002X"), ["11010519491231002X"]);
        assert!(found("/item/11010519491231002X").is_empty());
        assert!(found("?id=11010519491231002X&p=1").is_empty());
        assert!(found("11010519491231002X_front.jpg").is_empty());
        assert!(found("No. 440524188001010014").is_empty());
        assert_eq!(found("身份证 440524188001010014"), ["440524188001010014"]);
        assert_eq!(found("身份证：/11010519491231002X"), ["11010519491231002X"]);
        assert_eq!(found("11010519491231002X."), ["11010519491231002X"]);
        assert!(is_whole_chinese_id("110105 19491231 002X"));
        assert!(!is_whole_chinese_id("110105 19491231 002X 1"));
    }
}
