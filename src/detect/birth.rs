//! Dates of birth in free text: a full date (year, month and day) that a label says is one
//! (生年月日, 誕生日, DOB, date of birth, birthday, born) or that 生まれ / 生 follows
//! (`1961年2月6日生まれ`, `昭和20年4月18日生`); a two-digit year only after a label or before
//! 生まれ / 生れ / うまれ (`85/3/12生まれ`).
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
use super::keywords::Keywords;
use super::normalize::char_after;
use super::patterns::built_in;
use super::{Kind, Match};

/// Month and day after a year: `年3月12日` (spaces allowed around the units; Korean's
/// `년 4월 12일` too), or `/03/12`, `-3-12`, `.3.12` (spaces allowed around the marks).
const MONTH_DAY: &str = r"(?:[ ]?年[ ]?[0-9]{1,2}[ ]?月[ ]?[0-9]{1,2}[ ]?日?|[ ]?년[ ]?[0-9]{1,2}[ ]?월[ ]?[0-9]{1,2}[ ]?일?|[ ]?[/\-.][ ]?[0-9]{1,2}[ ]?[/\-.][ ]?[0-9]{1,2})";

/// An era's year (元 for its first): `昭和60`, `平成元`, `S60`, `H.2`.
const ERA_YEAR: &str = r"(?:明治|大正|昭和|平成|令和|[MTSHRmtshr]\.?)[ ]?(?:[0-9]{1,2}|元)";

/// A full date's forms that stand on their own (a four-digit year or an era's year first);
/// `{MD}` is [`MONTH_DAY`].
const DATE: &str = r"(?:(?:19|20)[0-9]{2}|{ERA}){MD}";

/// Forms only a label makes a date of birth: a two-digit year (`85/03/12`, `85年3月12日`), six
/// or eight digits (`850312`, as Korean forms write it, `19850312`), both years
/// (`昭和60年(1985年)3月12日`).
const LABELLED_ONLY: &str = r"[0-9]{2}{MD}|(?:19|20)[0-9]{2}[ ]?年[ ]?\({ERA}[ ]?年?\)[ ]?[0-9]{1,2}[ ]?月[ ]?[0-9]{1,2}[ ]?日?|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])|{ERA}[ ]?年[ ]?\((?:19|20)[0-9]{2}年?\)[ ]?[0-9]{1,2}[ ]?月[ ]?[0-9]{1,2}[ ]?日?|[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])";

/// A date in kanji numerals, as formal documents write it: an era's year or a year digit by
/// digit, then month and day (`昭和六十年三月十二日`, `平成元年一月八日`, `一九八五年三月十二日`).
const KANJI_DATE: &str = r"(?:(?:明治|大正|昭和|平成|令和)(?:[一二三四五六七八九十]{1,3}|元)|[〇一二三四五六七八九]{4})年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日";

/// After an English label also day or month first with the year last (`23/01/1989`), and
/// months by name (`March 12, 1985`, `12 Mar 1985`, `15-Mar-1980`, `15/Mar/1980`; Spanish,
/// Portuguese, French and German ones: `31 de diciembre de 1980`, `31 décembre 1980`,
/// `31. Dezember 1980`); a two-digit year last (`31/12/80`) after the label only.
const ENGLISH_ONLY: &str = r"[0-9]{1,2}\.?[ ]+(?:de[ ]+)?(?:{EU_MONTHS})[ ]+(?:de[ ]+)?(?:19|20)[0-9]{2}|[0-9]{1,2}[/\-.][0-9]{1,2}[/\-.](?:19|20)[0-9]{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ ]+[0-9]{1,2}(?:st|nd|rd|th)?,?[ ]+(?:19|20)[0-9]{2}|[0-9]{1,2}(?:st|nd|rd|th)?(?:[ ]+|[\-/])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,?[ ]+|[\-/])(?:19|20)[0-9]{2}|[0-9]{1,2}[/\-.][0-9]{1,2}[/\-.][0-9]{2}";

/// Months by name in Spanish, Portuguese, French and German (case-blind with the labels).
const EU_MONTHS: &str = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|januar|jänner|februar|märz|juni|juli|august|september|oktober|november|dezember";

/// Day or month first with the year last (`15.03.1980`, `03/15/1980`): after a Japanese label
/// too, as foreign customers write a date (the label says it is one; `push` checks it can be);
/// a Thai year of the Buddhist era too (`31/12/2523`).
const DAY_FIRST: &str = r"[0-9]{1,2}[/\-.][0-9]{1,2}[/\-.](?:19|20|25)[0-9]{2}";

/// The Japanese labels (お誕生日 holds 誕生日), with Chinese (出生日期, 出生年月日, 生日, 出生于),
/// Korean (생년월일, 생일, with 은 or 는) and Thai (วันเกิด) ones, then what may stand between a label and its
/// date: a closing bracket (`【生年月日】`), a note in brackets (`(西暦)`), marks and particles
/// (`:`, `=`, `は`, `が`, `を`, `、`, `→`, `…` (normalised `...`), a CSV cell's `,` and quotes, a
/// tab, `_`: `誕生日を1985年3月12日に変更してください`), 登録 or 情報 after the label (`誕生日登録：`),
/// an opening bracket. After 生年月日 and 誕生日 the date may start the next line (a form
/// pasted as `【生年月日】⏎1985/03/12`); not after 生まれ, which ends a line as often as a
/// birthplace (`東京生まれ⏎2024年3月1日に注文`).
const JA_LABEL: &str = r#"(?:(?:生年月日|誕生日|出生(?:年月)?日期?|出生于|(?:^|[^\p{Han}]|的)生日|생년월일|생일|วันเกิด)(?:登録|情報)?[\]】>)]?(?:\([^()0-9]{1,12}\))?[ \t:=|はがを、→._,"'은는是]*(?:\r?\n[ \t]*)?|生まれ[\]】>)]?(?:\([^()0-9]{1,12}\))?[ \t:=は、→._,"']*)[\[「『(【]?"#;

/// The English labels (from a word's start, checked in code) and the German, French, Spanish,
/// Italian, Portuguese, Vietnamese and Indonesian ones (Geburtsdatum, Geburtstag, Geb., date
/// de naissance, née le, fecha de nacimiento, F. nac., nací el, data di nascita, data de
/// nascimento, nasci em, ngày sinh, tanggal lahir), the copula after them (`my birthday is …`,
/// `mi fecha de nacimiento es …`, `ma date de naissance est le …`, `mein Geburtsdatum ist der
/// …`), then marks; the date may start the next line (`DOB:⏎1985-03-12`).
const EN_LABEL: &str = r#"(?i)(?:dob|d\.o\.b\.?|date[ _\-]of[ _\-]birth|birth[ _\-]?date|birthday|birth[ ]?[:=]|born(?:[ ]on)?|geburtsdatum|date[ ]de[ ]naissance|fecha[ ]de[ ]nacimiento|data[ ]di[ ]nascita|data[ ]de[ ]nascimento|geburtstag|geb\.|f\.[ ]?nac\.|ngày[ ]sinh|tanggal[ ]lahir|tgl\.?[ ]lahir|nací(?:[ ]el)?|nasci(?:[ ]em)?|née?[ ]le)(?:[ ]?\([^()0-9]{1,12}\))?(?:[ ](?:is|es|é|est(?:[ ]le)?|ist(?:[ ]der)?|lautet|era|là|adalah))?[ \t_:=#\-,."']*(?:\r?\n[ \t]*)?"#;

fn with_parts(pattern: &str) -> String {
    pattern
        .replace("{MD}", MONTH_DAY)
        .replace("{ERA}", ERA_YEAR)
        .replace("{EU_MONTHS}", EU_MONTHS)
        .replace(
            "{DATE}",
            &DATE.replace("{MD}", MONTH_DAY).replace("{ERA}", ERA_YEAR),
        )
}

/// What every Japanese form holds (生年月日, 誕生日, 生まれ, …日生, うまれ; Chinese 出生日期),
/// and the Korean labels (생년월일, 생일).
pub(crate) const JA_CUES: [&str; 4] = ["生", "うまれ", "생년월일", "생일"];

/// Cues of other scripts, looked for apart from the shared search (where each word costs every
/// Japanese text some): Korean 일생 (`1980년 12월 31일생`) and Thai วันเกิด.
pub(crate) fn other_script_cued(t: &str, hangul: bool) -> bool {
    static KO: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("일생"));
    static TH: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("วันเกิด"));
    let b = t.as_bytes();
    (hangul && KO.find(b).is_some()) || (memchr::memchr(0xE0, b).is_some() && TH.find(b).is_some())
}

/// Whether `t` holds a word of [`JA_CUES`] (for text the caller's cue search does not cover: a
/// date in kanji numerals has no digit).
pub(crate) fn cued(t: &str) -> bool {
    static CUES: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[&JA_CUES]));
    CUES.groups(t) != 0
}

/// Dates of birth in `t` (normalised text), told by the caller's byte scan whether it has
/// ASCII letters (`latin`), and by its cue search whether it holds a word of [`JA_CUES`]
/// (`cued`).
pub(crate) fn find(t: &str, latin: bool, cued: bool, out: &mut Vec<Match>) {
    static JA_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(&with_parts(&format!(
            "{JA_LABEL}({{DATE}}|{KANJI_DATE}|{DAY_FIRST}|{LABELLED_ONLY})"
        )))
    });
    static JA_FOLLOWED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(&with_parts(&format!(
            "({{DATE}}|{KANJI_DATE})[ ]?(?:生(まれ|れ)?|(うまれ)|(생))"
        )))
    });
    // A two-digit year only before 生まれ / 生れ / うまれ (`85/3/12生まれ`, `85年3月12日生まれ`):
    // after a bare 生 it could be a grade or a count.
    static JA_SHORT_FOLLOWED: LazyLock<Regex> =
        LazyLock::new(|| built_in(&with_parts("([0-9]{2}{MD})[ ]?(?:生まれ|生れ|うまれ)")));
    static EN_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(&with_parts(&format!(
            "{EN_LABEL}({{DATE}}|{ENGLISH_ONLY}|{LABELLED_ONLY})"
        )))
    });
    if cued {
        for c in JA_LABELLED.captures_iter(t) {
            if let Some(d) = c.get(1) {
                push(t, d.start(), d.end(), out);
            }
        }
        for c in JA_FOLLOWED.captures_iter(t) {
            let (Some(all), Some(d)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let after = &t[all.end()..];
            // 生 alone must end the word (`…日生の方`, not `…日生産`); and 生まれ変わる is a
            // rebirth (`2023年11月28日生まれ変わった新店舗`).
            let word_goes_on = c.get(2).is_none()
                && c.get(3).is_none()
                && (c.get(4).is_none() && char_after(t, all.end()).is_some_and(is_han));
            if word_goes_on || after.starts_with("変わ") {
                continue;
            }
            push(t, d.start(), d.end(), out);
        }
        for c in JA_SHORT_FOLLOWED.captures_iter(t) {
            let (Some(all), Some(d)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if !t[all.end()..].starts_with("変わ") {
                push(t, d.start(), d.end(), out);
            }
        }
    }
    // The English labels hold one of these (in their usual casings): a SIMD search spares the
    // case-blind pattern most texts with letters (every URL of an access log).
    static EN_CUES: LazyLock<Keywords> = LazyLock::new(|| {
        Keywords::new(&[&[
            "dob",
            "DOB",
            "Dob",
            "d.o.b",
            "D.O.B",
            "birth",
            "Birth",
            "BIRTH",
            "born",
            "Born",
            "BORN",
            "eburtsdatum",
            "EBURTSDATUM",
            "naissance",
            "NAISSANCE",
            "nacimiento",
            "NACIMIENTO",
            // nascita, nascimento, nasci em (at most 32 words keep the search Teddy's slim
            // one).
            "nasci",
            "NASCI",
            "eburtstag",
            "geb.",
            "Geb.",
            "nac.",
            "sinh",
            "lahir",
            "nací",
            "Nací",
            "née",
            "né le",
            "geboren",
        ]])
    });
    // The shortest: `dob 85/3/12`.
    // `Ich bin am 31.12.1980 geboren`: the date before its word.
    static DE_FOLLOWED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(&with_parts(&format!(
            "(?i)({DAY_FIRST}|[0-9]{{1,2}}\\.?[ ]+(?:{{EU_MONTHS}})[ ]+(?:19|20)[0-9]{{2}})[ ]+geboren"
        )))
    });
    if latin && t.len() >= 11 && EN_CUES.groups(t) != 0 {
        for c in DE_FOLLOWED.captures_iter(t) {
            if let Some(d) = c.get(1) {
                push(t, d.start(), d.end(), out);
            }
        }
        for c in EN_LABELLED.captures_iter(t) {
            let (Some(all), Some(d)) = (c.get(0), c.get(1)) else {
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

/// The latest year a date beside a name or an age counts as a date of birth: one beside a
/// name is more often an order's, a delivery's or a membership's when it is recent
/// (`山田太郎 2024/10/01`, `佐藤様 2012/05/01 会員登録`); a customer born in 2005 is of age.
const LATEST_BIRTH_YEAR: u32 = 2005;

/// Words after a date beside a name that say what else happened on it (`山田様 2003/05/01
/// 会員登録`, `… 初回購入`, `… 入会`).
const EVENTS: [&str; 10] = [
    "登録",
    "会員登録",
    "入会",
    "購入",
    "初回購入",
    "注文",
    "入社",
    "入荷",
    "発送",
    "開始",
];

/// Dates of birth without a label, right beside what says whose they are: after a name that
/// another detector found (`山田太郎 1985/03/12`, `<NAME>（昭和60年3月12日）`, a CSV row's
/// `"山田太郎","1985/03/12"`, or with its gender's cell between: `高橋,一郎,男,1985/03/12`) or an age (`38歳（昭和60年3月12日）`, `38才 1985-03-12`), past at most
/// its honorific and four spaces, brackets, quotes or commas. Only a year up to [`LATEST_BIRTH_YEAR`] or an era
/// before 令和 (平成 up to its 17th year) counts, and not one an event follows ([`EVENTS`]).
pub(crate) fn find_beside_names_and_ages(t: &str, out: &mut Vec<Match>) {
    static ANCHORED: LazyLock<Regex> =
        LazyLock::new(|| built_in(&with_parts(&format!("^(?:{{DATE}}|{KANJI_DATE})"))));
    let b = t.as_bytes();
    let mut anchors: Vec<usize> = out
        .iter()
        .filter(|m| m.kind == Kind::Name)
        .map(|m| m.end)
        .collect();
    static AGES: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        LazyLock::new(|| ["歳", "才"].map(|u| memchr::memmem::Finder::new(u.as_bytes())));
    if !t.is_ascii() {
        for unit in AGES.iter() {
            for at in unit.find_iter(b) {
                if at > 0 && b[at - 1].is_ascii_digit() {
                    anchors.push(at + unit.needle().len());
                }
            }
        }
    }
    if anchors.is_empty() {
        return;
    }
    for end in anchors {
        // A name's honorific (`山田様 1985/03/12`).
        let rest = &t[end..];
        let rest = ["様", "さん", "氏", "君", "くん", "ちゃん"]
            .iter()
            .find_map(|h| rest.strip_prefix(h))
            .unwrap_or(rest);
        let end = t.len() - rest.len();
        let mut skipped = 0;
        let date_at = rest
            .char_indices()
            .find(|&(_, c)| {
                let sep = matches!(
                    c,
                    ' ' | '\u{3000}' | '(' | '[' | '「' | '【' | ',' | '、' | '"' | '\'' | '\t'
                );
                skipped += usize::from(sep);
                !sep || skipped > 4
            })
            .map_or(rest.len(), |(k, _)| k);
        if skipped > 4 {
            continue;
        }
        // A CSV row's gender between the name and the date (`高橋,一郎,男,1985/03/12`).
        let date_at = ["男性", "女性", "男", "女"]
            .iter()
            .find_map(|g| {
                let after = rest[date_at..].strip_prefix(g)?;
                let cells = after.trim_start_matches([',', '"', '\t', ' ']);
                (after.len() - cells.len() <= 3 && after.len() > cells.len())
                    .then(|| rest.len() - cells.len())
            })
            .unwrap_or(date_at);
        let len = match ANCHORED.find(&rest[date_at..]) {
            Some(m) if plausible_birth_year(m.as_str()) => m.end(),
            Some(_) => continue,
            None => match compact_date(&rest[date_at..]) {
                Some(n) => n,
                None => continue,
            },
        };
        let after = rest[date_at + len..].trim_start_matches([' ', '\u{3000}', ',', '"', ')']);
        if EVENTS.iter().any(|e| after.starts_with(e)) {
            continue;
        }
        let start = end + date_at;
        if !out.iter().any(|o| o.start <= start && start + len <= o.end) {
            push(t, start, start + len, out);
        }
    }
}

/// A date of eight digits without separators at the start of `s` (`19850312`), as forms and
/// exports write one: its length, when it is a real date from 1900 to [`LATEST_BIRTH_YEAR`] and
/// no digit follows.
fn compact_date(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 8
        || !b[..8].iter().all(u8::is_ascii_digit)
        || b.get(8).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let year: u32 = s[..4].parse().ok()?;
    let month: u32 = s[4..6].parse().ok()?;
    let day: u32 = s[6..8].parse().ok()?;
    let real = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day).is_some();
    (real && (1900..=LATEST_BIRTH_YEAR).contains(&year)).then_some(8)
}

/// Whether a date (a match of `DATE` or `KANJI_DATE`) has a year a person writing now was born
/// in: up to [`LATEST_BIRTH_YEAR`], or an era's before 令和 (平成 up to its 17th year).
fn plausible_birth_year(date: &str) -> bool {
    let lead: String = date.chars().take(4).collect();
    if let Ok(y) = lead.parse::<u32>() {
        return y <= LATEST_BIRTH_YEAR;
    }
    let heisei = LATEST_BIRTH_YEAR - 1988;
    let era_year = |rest: &str| {
        let digits: String = rest
            .trim_start_matches(['.', ' '])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse::<u32>().ok()
    };
    let mut cs = date.chars();
    match cs.next() {
        Some('明' | '大' | '昭' | 'M' | 'm' | 'T' | 't' | 'S' | 's') => true,
        Some('平') => {
            let rest = date.strip_prefix("平成").unwrap_or(date).trim_start();
            let year: String = rest.chars().take_while(|c| *c != '年').collect();
            rest.starts_with('元') || number(&year).is_some_and(|y| y <= heisei)
        }
        Some('H' | 'h') => era_year(cs.as_str()).is_some_and(|y| y <= heisei),
        // A year in kanji digits (一九八五).
        Some(c) if kanji_digit(c).is_some() => {
            number(&lead).is_some_and(|y| y <= LATEST_BIRTH_YEAR)
        }
        _ => false,
    }
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
        .split(|c: char| !(c.is_ascii_digit() || kanji_digit(c).is_some() || c == '十'))
        .filter(|g| !g.is_empty())
        .filter_map(number)
        .collect();
    let day_month = |a: u32, b: u32| (1..=12).contains(&a) && (1..=31).contains(&b);
    let ok = match numbers[..] {
        // Year (or era year) first: month, day. 平成元年 has no digit for its year.
        [_, m, d] => {
            day_month(m, d)
                || (t[start..end].ends_with(|c: char| c.is_ascii_digit())
                    && (numbers[2] >= 1900 || t[start..end].len() <= 8)
                    && (day_month(numbers[0], numbers[1]) || day_month(numbers[1], numbers[0])))
        }
        [m, d] if t[start..end].contains('元') => day_month(m, d),
        // A month by name: the day and the year.
        [d, y] if t[start..end].bytes().any(|b| b.is_ascii_alphabetic()) => {
            (1..=31).contains(&d) && y >= 1900
        }
        // Both years, the era's and the western (昭和60年(1985年)3月12日).
        [_, _, m, d] => day_month(m, d),
        // Eight digits: year, month, day; six, after a label: the year's last two digits.
        [n] if n >= 1900_0000 || t[start..end].len() == 6 => day_month(n / 100 % 100, n % 100),
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

/// A kanji numeral's digit (〇 to 九).
fn kanji_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .map(|v| v as u32)
}

/// A number written in ASCII digits, in kanji digit by digit (一九八五), or with 十 (十二,
/// 二十三, 六十).
fn number(g: &str) -> Option<u32> {
    if g.bytes().all(|b| b.is_ascii_digit()) {
        return g.parse().ok();
    }
    let digit = |s: &str| {
        let mut cs = s.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => kanji_digit(c),
            _ => None,
        }
    };
    match g.split_once('十') {
        Some((tens, ones)) => {
            let tens = if tens.is_empty() { 1 } else { digit(tens)? };
            let ones = if ones.is_empty() { 0 } else { digit(ones)? };
            Some(tens * 10 + ones)
        }
        None => g
            .chars()
            .try_fold(0u32, |n, c| Some(n * 10 + kanji_digit(c)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates found in `t`, written as normalised text is (ASCII digits, `-` for `ー`).
    fn dates(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        let hangul = t.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        find(t, true, cued(t) || other_script_cued(t, hangul), &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn dates_a_label_or_umare_says_are_births() {
        assert_eq!(
            dates("生年月日:1964年12月26日 上伊那郡"),
            ["1964年12月26日"]
        );
        assert_eq!(dates("生年月日 1947年1月21日"), ["1947年1月21日"]);
        // Chinese, Korean and European labels; Korean's units.
        assert_eq!(dates("出生日期: 1985年4月12日"), ["1985年4月12日"]);
        assert_eq!(dates("생년월일 1985.04.12"), ["1985.04.12"]);
        assert_eq!(dates("생일: 1985년 4월 12일"), ["1985년 4월 12일"]);
        // A particle or a copula after the label; Chinese 生日 and 出生于.
        assert_eq!(
            dates("생년월일은 1985년 4월 12일입니다"),
            ["1985년 4월 12일"]
        );
        assert_eq!(
            dates("제 생일은 1985년 4월 12일이에요"),
            ["1985년 4월 12일"]
        );
        assert_eq!(dates("我的生日是1985年3月12日。"), ["1985年3月12日"]);
        assert_eq!(dates("生日:1985年3月12日"), ["1985年3月12日"]);
        assert_eq!(dates("我出生于1985年3月12日"), ["1985年3月12日"]);
        assert!(dates("発生日 2024-03-12").is_empty());
        // A table's cell after its label, and `birth:` (session 52's probe).
        assert_eq!(dates("| 生年月日 | 1985/03/12 |"), ["1985/03/12"]);
        assert_eq!(dates("birth: 1985-03-12"), ["1985-03-12"]);
        assert_eq!(dates("Birth=1985-03-12"), ["1985-03-12"]);
        assert!(dates("birth 2024-03-12 of the store").is_empty());
        assert!(dates("rebirth: 2024-03-12").is_empty());
        assert_eq!(dates("Geburtsdatum: 12.04.1985"), ["12.04.1985"]);
        assert_eq!(dates("Date de naissance : 12/04/1985"), ["12/04/1985"]);
        assert_eq!(dates("fecha de nacimiento 12/04/1985"), ["12/04/1985"]);
        // The copula between label and date, months by name in Spanish, Portuguese, French
        // and German, more labels (German, Spanish, Vietnamese, Indonesian, Thai), a date
        // before geboren or 생, six digits after a label, a two-digit year last (a review's
        // probe found each left).
        for (t, want) in [
            ("Mi fecha de nacimiento es 31/12/1980.", "31/12/1980"),
            ("Minha data de nascimento é 31/12/1980.", "31/12/1980"),
            ("Ma date de naissance est le 31/12/1980.", "31/12/1980"),
            ("Mein Geburtsdatum ist der 31.12.1980.", "31.12.1980"),
            ("Geburtsdatum: 31. Dezember 1980", "31. Dezember 1980"),
            (
                "Fecha de nacimiento: 31 de diciembre de 1980",
                "31 de diciembre de 1980",
            ),
            (
                "Data de nascimento: 31 de dezembro de 1980",
                "31 de dezembro de 1980",
            ),
            ("Date de naissance : 31 décembre 1980", "31 décembre 1980"),
            (
                "Nací el 31 de diciembre de 1980.",
                "31 de diciembre de 1980",
            ),
            ("Je suis né le 31 décembre 1980.", "31 décembre 1980"),
            ("Ich bin am 31.12.1980 geboren.", "31.12.1980"),
            ("Geb. 31.12.1980", "31.12.1980"),
            ("F. nac.: 31/12/1980", "31/12/1980"),
            ("Ngày sinh: 31/12/1980", "31/12/1980"),
            ("Tanggal lahir: 31/12/1980", "31/12/1980"),
            ("วันเกิด: 31/12/2523", "31/12/2523"),
            ("저는 1980년 12월 31일생입니다.", "1980년 12월 31일"),
            ("생년월일 801231", "801231"),
            ("My DOB is 31/12/80.", "31/12/80"),
            ("生年月日 20120312", "20120312"),
        ] {
            assert_eq!(dates(t), [want], "{t}");
        }
        for t in [
            "Lieferung am 31.12.2024",
            "el pedido llegó el 31 de diciembre de 2024",
            "일생의 소원",
            "생년월일 801299",
        ] {
            assert!(dates(t).is_empty(), "{t}: {:?}", dates(t));
        }
        // An occurrence's date (発生日) is no birth date.
        assert!(dates("発生日 2024-03-12").is_empty());
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
        // As people write them (a review's misses).
        assert_eq!(dates("生年月日:85/03/12"), ["85/03/12"]);
        // Day or month first, as foreign customers write it, after a Japanese label.
        assert_eq!(dates("生年月日 03/15/1980"), ["03/15/1980"]);
        assert_eq!(dates("生年月日:15.03.1980です"), ["15.03.1980"]);
        assert!(dates("生年月日 13/13/1980").is_empty());
        assert_eq!(dates("生年月日 85年3月12日"), ["85年3月12日"]);
        assert_eq!(dates("生年月日:19850312"), ["19850312"]);
        assert_eq!(dates("生年月日\t1985/03/12\t東京"), ["1985/03/12"]);
        assert_eq!(dates("\"生年月日\",\"1985/03/12\""), ["1985/03/12"]);
        assert_eq!(
            dates("生年月日:昭和60年(1985年)3月12日"),
            ["昭和60年(1985年)3月12日"]
        );
        assert_eq!(dates("生年月日(西暦):1985年3月12日"), ["1985年3月12日"]);
        assert_eq!(dates("【生年月日】1985年3月12日"), ["1985年3月12日"]);
        assert_eq!(dates("生年月日、1985年3月12日"), ["1985年3月12日"]);
        assert_eq!(dates("生年月日 1985 年 3 月 12 日"), ["1985 年 3 月 12 日"]);
        assert_eq!(dates("生年月日 1985 / 03 / 12"), ["1985 / 03 / 12"]);
        assert_eq!(dates("my birthday is 1985/3/12"), ["1985/3/12"]);
        assert_eq!(dates("Date of birth: March 12, 1985"), ["March 12, 1985"]);
        assert_eq!(dates("DOB 12 Mar 1985"), ["12 Mar 1985"]);
        assert_eq!(dates("DOB: 15-Mar-1980"), ["15-Mar-1980"]);
        assert_eq!(dates("Date of birth 15/Mar/1980."), ["15/Mar/1980"]);
        assert!(dates("DOB: 32-Mar-1980").is_empty());
        assert_eq!(dates("1985年3月12日 生まれ"), ["1985年3月12日"]);
        assert_eq!(dates("1985年3月12日うまれ"), ["1985年3月12日"]);
        assert_eq!(dates("誕生日:s60-3-12"), ["s60-3-12"]);
        assert_eq!(dates("生年月日...1960年9月13日 /"), ["1960年9月13日"]);
        assert_eq!(
            dates("生年月日(西暦) 1947年(昭和22年)1月1日で"),
            ["1947年(昭和22年)1月1日"]
        );
        assert_eq!(
            dates("Date of birth (YYYY/MM/DD): 1992/10/27."),
            ["1992/10/27"]
        );
        // In kanji numerals.
        assert_eq!(
            dates("生年月日:昭和六十年三月十二日"),
            ["昭和六十年三月十二日"]
        );
        assert_eq!(dates("平成元年一月八日生まれ"), ["平成元年一月八日"]);
        assert_eq!(
            dates("生年月日 一九八五年十二月二十三日"),
            ["一九八五年十二月二十三日"]
        );
    }

    /// A form pasted with its date on the line below the label.
    #[test]
    fn dates_on_the_line_below_their_label() {
        assert_eq!(dates("生年月日\n1985年3月12日"), ["1985年3月12日"]);
        assert_eq!(dates("【生年月日】\r\n1985/03/12"), ["1985/03/12"]);
        assert_eq!(dates("お誕生日:\n 昭和60年3月12日"), ["昭和60年3月12日"]);
        assert_eq!(dates("DOB:\n1985-03-12"), ["1985-03-12"]);
        assert_eq!(dates("Date of birth\r\nMarch 12, 1985"), ["March 12, 1985"]);
        // Not after 生まれ (a birthplace ends its line), not two lines down, not after a
        // sentence that goes on past the label.
        assert!(dates("東京生まれ\n2024年3月1日に注文しました").is_empty());
        assert!(dates("生年月日\n\n1985年3月12日").is_empty());
        assert!(dates("誕生日プレゼント\n2024/12/24 お届け希望").is_empty());
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
        assert!(dates("2023年11月28日生まれ変わった新店舗").is_empty());
    }

    /// A two-digit year makes a date of birth before 生まれ, 生れ or うまれ, not before a bare
    /// 生, and not as the tail of a longer number.
    #[test]
    fn two_digit_years_before_umare() {
        assert_eq!(dates("85/3/12生まれです"), ["85/3/12"]);
        assert_eq!(dates("85年3月12日生まれの男性"), ["85年3月12日"]);
        assert_eq!(dates("私は 85.03.12 生れ"), ["85.03.12"]);
        assert_eq!(dates("01-2-3うまれ"), ["01-2-3"]);
        // A four-digit year is taken whole, once.
        assert_eq!(dates("1985/3/12生まれ"), ["1985/3/12"]);
        assert!(dates("123/4/5生まれ").is_empty());
        assert!(dates("85/13/12生まれ").is_empty());
        assert!(dates("85/3/12生の方").is_empty());
        assert!(dates("85/3/12生産").is_empty());
        assert!(dates("21/4/1生まれ変わった新メニュー").is_empty());
        assert!(dates("誕生日 12/24").is_empty());
        assert!(dates("生年月日 85/13/12").is_empty());
        assert!(dates("生年月日 昭和六十年十三月十二日").is_empty());
        assert!(dates("令和七年三月十二日に創業").is_empty());
    }
}
