//! Numbers written as digit groups: phone numbers, My Number, corporate numbers, cards, driver's
//! licences, basic pension numbers, insurer numbers and postal codes.
//!
//! The text is cut into runs of digit groups joined by one separator (`-`, space, or the
//! brackets of `(03)1234-5678` / `03(1234)5678`). Within a run, candidates are tried leftmost
//! first and longest (most groups) first, and each candidate is classified by its digits, its
//! grouping, its check digit and the keywords in the 20 characters before it. A candidate may
//! start or end inside a run only at a separator that contains a space, so `20261012-0042`
//! (an order number) is never read as `0042` or `20261012`, while `TEL 03-1234-5678 090-…`
//! yields two phones.
//!
//! Digit groups glued to ASCII words (`SKU-1234…`, `x1234`, `1234.5`) are not candidates, except
//! phone numbers after `TEL`, `FAX` and the like. Numbers followed by a unit (円, %, 個, 年 …) or
//! preceded by a currency sign are quantities, not identifiers.

use std::sync::LazyLock;

use super::cards::is_card;
use super::checksum::{is_corporate_number, is_ean13, is_luhn, is_my_number};
use super::normalize::{back_chars, char_after, char_before, glued_after, glued_before};
use super::{Kind, Match};

/// One group of ASCII digits: byte offsets into the normalised text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Runs longer than this are cut (keeps pathological inputs linear).
const MAX_RUN_GROUPS: usize = 12;
/// The most groups one number is written in (`+33 (0)1 23 45 67 89`).
const MAX_CANDIDATE_GROUPS: usize = 7;
/// The longest number any detector accepts (a 19-digit card).
const MAX_DIGITS: usize = 19;
/// How far before a number its context keyword may stand, in characters.
const CONTEXT_CHARS: usize = 20;

/// Whether the text between two digit groups joins them into one run.
fn is_separator(s: &str) -> bool {
    matches!(
        s,
        "-" | " "
            | "("
            | ")"
            | ")-"
            | ") "
            | " ("
            | "-("
            | " - "
            | "."
            | "/"
            | "_"
            | "~"
            | "〜"
            | "・"
            | "、"
            | ","
    ) || broken_hyphen(s).is_some()
}

/// Whether the run's groups are joined by a comma or an ideographic comma (`090,1234,5678`,
/// `090、1234、5678`): a list's or a figure's marks, so such a run is a number only as a
/// Japanese phone in three groups, or after a phone's label.
fn comma_joined(t: &str, groups: &[Group]) -> bool {
    (0..groups.len().saturating_sub(1)).any(|i| matches!(sep_at(t, groups, i), "," | "、"))
}

/// A hyphen the line or the cell broke, a tab, spaces or a line break beside it
/// (`052-835-<TAB>6208`, `090-1234-<LF>5678` in a cell whose text was wrapped,
/// `080-5773- 1828`, `090-9689-  3099`, `090 -8052-7700`, `03(5602)- 0335`), or a line break
/// alone: the separator it stands for. Such a run is a phone or a card only (see
/// [`classify`]).
fn broken_hyphen(sep: &str) -> Option<&'static str> {
    match sep {
        "-\t" | "- " | " -" | "-  " | "- \t" | "-\t\t" | "-\n" | "-\r\n" => Some("-"),
        ")- " | ")-\t" => Some(")-"),
        // A line break alone between groups, as a cell's text was wrapped (`4242 4242⏎4242
        // 4242`, `090 1234⏎5678`): a space.
        "\n" | "\r\n" | " \n" | " \r\n" => Some(" "),
        _ => None,
    }
}

/// Whether a number may end (and the next begin) at this separator: a space, a mark that
/// joins only phones (`03-1234-5678/090-1234-5678` are two numbers), or a closing bracket
/// (`1)090-1234-5678`, `(1)4242…`: a list marker; `(03)1234-5678` is still tried whole first).
fn ends_candidate(sep: &str) -> bool {
    sep.bytes().any(|b| b == b' ' || b == b'\n') || sep == ")" || phone_only_mark(sep)
}

/// Whether a run's groups are joined by `.` or `/` (libphonenumber's punctuation too:
/// `090.1234.5678`, `03/1234/5678`), `_` (snake_case names: `090_1234_5678.vcf`), or a wave
/// dash or tilde (`03〜8272〜2459`, `03~8272~2459`, as ranges are written). Such a
/// run is a number only as a phone or a card (see [`classify`]): dates, versions, decimals and
/// serials use the same marks.
fn dotted(t: &str, groups: &[Group]) -> bool {
    (0..groups.len().saturating_sub(1)).any(|i| phone_only_mark(sep_at(t, groups, i)))
}

/// `.`, `/`, `_`, `~`, `,`, `〜`, `・` or `、`: see [`dotted`].
fn phone_only_mark(sep: &str) -> bool {
    match sep.as_bytes() {
        [b'.' | b'/' | b'_' | b'~' | b','] => true,
        [0xE3, ..] => matches!(sep, "〜" | "・" | "、"),
        _ => false,
    }
}

/// Calls `f` with every run of digit groups in `t`, left to right.
pub(crate) fn for_each_run(t: &str, mut f: impl FnMut(&[Group])) {
    let b = t.as_bytes();
    let n = b.len();
    let mut groups: Vec<Group> = Vec::new();
    let mut i = 0;
    loop {
        i = next_digit(b, i);
        if i >= n {
            break;
        }
        groups.clear();
        let mut s = i;
        // A comma joins groups only in a run from 0, as Japan's phones are (figures and a
        // CSV line's fields are joined by commas too, and most do not start so); not a time
        // zone's offset (`+0900,…`), nor `00`.
        let zero_led = b[i] == b'0'
            && b.get(i + 1).is_some_and(|d| (b'1'..=b'9').contains(d))
            && i.checked_sub(1).is_none_or(|p| b[p] != b'+');
        loop {
            let mut e = s;
            while e < n && b[e].is_ascii_digit() {
                e += 1;
            }
            groups.push(Group { start: s, end: e });
            i = e;
            if groups.len() >= MAX_RUN_GROUPS {
                break;
            }
            let mut k = e;
            let wide = if b.get(e) == Some(&0xE3) {
                ['〜', '・', '、']
                    .into_iter()
                    .find(|m| t[e..].starts_with(*m))
            } else {
                None
            };
            if let Some(mark) = wide {
                // A wave dash, a middle dot or an ideographic comma between groups
                // (03〜1234〜5678, 090・1234・5678, 090、1234、5678), three bytes.
                if mark != '、' || zero_led {
                    k += mark.len_utf8();
                }
            } else if zero_led
                && b.get(e) == Some(&b',')
                && b.get(e + 1).is_some_and(u8::is_ascii_digit)
            {
                k += 1;
            }
            while k < n
                && k - e < 3
                && matches!(
                    b[k],
                    b' ' | b'-' | b'(' | b')' | b'.' | b'/' | b'_' | b'~' | b'\t' | b'\n' | b'\r'
                )
            {
                k += 1;
            }
            if k > e && k < n && b[k].is_ascii_digit() && is_separator(&t[e..k]) {
                s = k;
            } else {
                break;
            }
        }
        f(&groups);
    }
}

/// The first ASCII digit of `b` at or after `i` (`b.len()` if none), eight bytes at a time: a
/// byte XOR `0x30` is below 10 exactly when it is a digit, and the lowest byte the
/// "has a byte below n" test flags is always a true one (a borrow only runs upwards).
fn next_digit(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(word) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(word.try_into().expect("8 bytes")) ^ (0x30 * ONES);
        let below_ten = x.wrapping_sub(10 * ONES) & !x & (0x80 * ONES);
        if below_ten != 0 {
            return i + (below_ten.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_digit() {
        i += 1;
    }
    i.min(b.len())
}

/// Whether the number at `start..end` (three groups of four joined by `sep`) is the first three
/// of a card's four groups: a fourth group of four digits joined by the same `sep` right after
/// it and ending the number (no letter or unit glued on: not `2025年`, `1205号室`, `2024/04/01`,
/// which a My Number may stand before), no further group joined so on either side
/// (`1234 5678 9018 9876 5432 1093` is two My Numbers), and a first digit that starts a card
/// number (ISO/IEC 7812's industry digits 2–6: Mastercard's and Mir's 2, JCB's 3, Visa's 4,
/// Mastercard's 5, Discover's and UnionPay's 6). The last three of four groups are still read as
/// a My Number (`2024 1234 5678 9018`: see the tests).
fn in_card_layout(t: &str, start: usize, end: usize, sep: &str) -> bool {
    let b = t.as_bytes();
    let after = end + sep.len();
    // Nothing glued on that goes on with the number: a letter or a unit of any script (年, 号,
    // `kg`), `/` or `%`, or a decimal's or a figure's mark before a digit; kana particles end it.
    let ends_number = |r: &str| {
        let mut chars = r.chars();
        let ends = match chars.next() {
            None => true,
            Some(c) if super::japanese::is_hiragana(c) => true,
            Some(c) if c.is_alphanumeric() || c == '/' || c == '%' => false,
            Some('.' | ',') => !chars.next().is_some_and(|d| d.is_ascii_digit()),
            Some(_) => true,
        };
        ends && !r
            .strip_prefix(sep)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    };
    t[end..].starts_with(sep)
        && b.len() >= after + 4
        && b[after..after + 4].iter().all(u8::is_ascii_digit)
        && ends_number(&t[after + 4..])
        && !t[..start]
            .strip_suffix(sep)
            .is_some_and(|h| h.as_bytes().last().is_some_and(u8::is_ascii_digit))
        && (b'2'..=b'6').contains(&b[start])
}

/// The separator between `groups[i]` and `groups[i + 1]`; a broken hyphen reads as the hyphen
/// (see [`broken_hyphen`]).
fn sep_at<'t>(t: &'t str, groups: &[Group], i: usize) -> &'t str {
    let sep = &t[groups[i].end..groups[i + 1].start];
    broken_hyphen(sep).unwrap_or(sep)
}

/// Postal codes in kanji numerals after 〒 or 郵便番号 (`〒一〇〇‐〇〇〇一`, `郵便番号 一五〇－〇〇四一`),
/// as addresses written vertically or in formal letters give them: three numerals, a hyphen
/// (the dashes are folded) and four, not glued to a further numeral. Looked for only in a text
/// with 〇 (most codes hold a zero; the caller's test).
pub(crate) fn find_kanji_postal_codes(t: &str, out: &mut Vec<Match>) {
    const DIGITS: &str = "〇一二三四五六七八九";
    let numeral = |c: char| DIGITS.contains(c);
    for label in ["〒", "郵便番号"] {
        for (i, _) in t.match_indices(label) {
            let rest = &t[i + label.len()..];
            let code = rest.trim_start_matches([' ', ':', 'は', '\u{3000}']);
            let start = t.len() - code.len();
            let mut chars = code.char_indices();
            let shaped = chars.by_ref().take(3).filter(|&(_, c)| numeral(c)).count() == 3
                && chars.next().is_some_and(|(_, c)| c == '-')
                && chars.by_ref().take(4).filter(|&(_, c)| numeral(c)).count() == 4;
            if !shaped {
                continue;
            }
            // Three numerals of three bytes, the hyphen, four numerals.
            let end = start + 3 * 3 + 1 + 4 * 3;
            if t[end..].starts_with(numeral) {
                continue;
            }
            out.push(Match {
                kind: Kind::PostalCode,
                start,
                end,
            });
        }
    }
}

/// My Numbers and card numbers in kanji numerals after their label, as vertical text, formal
/// letters and transcribed calls write them (`マイナンバーは一二三四五六七八九〇一八`,
/// `個人番号：一二三四‐五六七八‐九〇一八`, `カード番号は四二四二 四二四二 四二四二 四二四二`): within
/// 12 characters after `マイナンバー` or `個人番号`, 12 numerals with the My Number's check digit;
/// after `カード`, 13 to 19 with a card's range and Luhn check. Groups are joined by one hyphen
/// or dash, a space or `・`; the run is not glued to a further numeral. (No label, no number:
/// twelve numerals in prose are as rare as such a number without its label.)
pub(crate) fn find_kanji_ids(t: &str, out: &mut Vec<Match>) {
    const DIGITS: &str = "〇一二三四五六七八九";
    // As the normalised text spells them (`ー` is folded to `-`).
    static LABELS: LazyLock<super::keywords::Words> =
        LazyLock::new(|| super::keywords::Words::new(&["マイナンバ-", "個人番号", "カ-ド"]));
    let kanji = |c: char| DIGITS.chars().position(|d| d == c).map(|v| b'0' + v as u8);
    let mut from = 0;
    for (label, _, label_end) in LABELS.find_iter(t) {
        if label_end < from {
            continue;
        }
        // The first numeral within 12 characters after the label.
        let Some((offset, _)) = t[label_end..]
            .char_indices()
            .take(12)
            .find(|&(_, c)| kanji(c).is_some())
        else {
            continue;
        };
        let start = label_end + offset;
        let mut d: Vec<u8> = Vec::with_capacity(19);
        let mut end = start;
        let mut after_sep = false;
        for (k, c) in t[start..].char_indices() {
            if let Some(v) = kanji(c) {
                d.push(v);
                end = start + k + c.len_utf8();
                after_sep = false;
            } else if !after_sep && matches!(c, '-' | ' ' | '\u{3000}' | '・') {
                after_sep = true;
            } else {
                break;
            }
            if d.len() > 19 {
                break;
            }
        }
        let found = match label {
            0 | 1 => is_my_number(&d).then_some(Kind::MyNumber),
            _ => ((13..=19).contains(&d.len()) && is_card(&d)).then_some(Kind::Card),
        };
        if let Some(kind) = found {
            out.push(Match { kind, start, end });
            from = end;
        }
    }
}

/// Japanese phone numbers written as they are read out (〇九〇‐九〇八三‐五二一五, 〇三 一二三四
/// 五六七八, 〇三（一二三四）五六七八, 〇九〇の一二三四の五六七八, 090の1234の5678), as formal
/// letters, vertical text and transcribed calls write them: a run of kanji numerals that starts with 〇, in three groups
/// joined by one hyphen or dash (any of ‐ - − – — ー), a space, `・` or `の`, or whole; or a run
/// of digits from 0 whose groups are joined by `の` (other separators are `find`'s); in either
/// case a Japanese number by its prefix and length.
/// `zero`: whether `t` holds 〇; `digits`: whether it holds ten ASCII digits or more (each kind
/// of run is looked for only then).
pub(crate) fn find_kanji_phones(t: &str, zero: bool, digits: bool, out: &mut Vec<Match>) {
    const DIGITS: &str = "〇一二三四五六七八九";
    let kanji = |c: char| DIGITS.chars().position(|d| d == c).map(|v| b'0' + v as u8);
    let ascii = |c: char| c.is_ascii_digit().then_some(c as u8);
    let sep = |c: char| {
        matches!(
            c,
            '‐' | '-' | '−' | '–' | '—' | 'ー' | ' ' | '・' | '\u{3000}' | 'の'
        )
    };
    // The area code's brackets of kanji numerals (〇三（一二三四）五六七八): `(` after the first
    // group, `)` after the second (ASCII digits in brackets are `find`'s).
    let bracket = |c: char, groups: usize| (c == '(' && groups == 1) || (c == ')' && groups == 2);
    // Where a run may start: each 〇, and the first digit of each ASCII number right before
    // `の` and a digit.
    let mut starts: Vec<(usize, bool)> = Vec::new();
    if zero {
        starts.extend(t.match_indices('〇').map(|(i, _)| (i, false)));
    }
    if digits && !t.is_ascii() {
        static NO: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("の"));
        let b = t.as_bytes();
        for p in NO.find_iter(b) {
            if p > 0 && b[p - 1].is_ascii_digit() && b.get(p + 3).is_some_and(u8::is_ascii_digit) {
                let mut s = p - 1;
                while s > 0 && b[s - 1].is_ascii_digit() {
                    s -= 1;
                }
                if b[s] == b'0' && starts.last() != Some(&(s, true)) {
                    starts.push((s, true));
                }
            }
        }
        starts.sort_unstable();
    }
    let mut from = 0;
    for (i, is_ascii) in starts {
        if i < from {
            continue;
        }
        let digit = |c: char| if is_ascii { ascii(c) } else { kanji(c) };
        // Not inside a longer run of numerals (二〇二六年 is a year) or of a code (A090の…).
        if t[..i]
            .chars()
            .next_back()
            .is_some_and(|c| digit(c).is_some() || (is_ascii && c.is_ascii_alphanumeric()))
        {
            continue;
        }
        let mut d: Vec<u8> = Vec::with_capacity(11);
        let mut lens: Vec<usize> = vec![0];
        let mut end = i;
        let mut no = false;
        for (k, c) in t[i..].char_indices() {
            if let Some(v) = digit(c) {
                d.push(v);
                *lens.last_mut().expect("a group") += 1;
                end = i + k + c.len_utf8();
            } else if (sep(c) || (!is_ascii && bracket(c, lens.len())))
                && *lens.last().expect("a group") > 0
                && lens.len() < 3
            {
                no |= c == 'の';
                lens.push(0);
            } else {
                break;
            }
            if d.len() > 11 {
                break;
            }
        }
        if lens.last() == Some(&0) {
            lens.pop();
        }
        let next = t[end..].chars().next();
        let next_is_numeral = next.and_then(digit).is_some()
            || (is_ascii && next.is_some_and(|c| c.is_ascii_alphanumeric()));
        if (10..=11).contains(&d.len())
            && !next_is_numeral
            && matches!(lens.len(), 1 | 3)
            && (!is_ascii || (no && lens.len() == 3))
            && jp_phone(&d, &lens)
        {
            out.push(Match {
                kind: Kind::Phone,
                start: i,
                end,
            });
            from = end;
        }
    }
}

/// Finds every number in `t` (normalised text) and pushes it with its kind. Kinds are decided
/// without regard to which detectors are enabled (the caller filters), so enabling fewer kinds
/// never turns a card into a My Number.
pub(crate) fn find(t: &str, mode: Mode, out: &mut Vec<Match>) {
    for_each_run(t, |groups| {
        // `DE89 3704 0044 …`: the digits of an IBAN-shaped code are the bank detector's, valid
        // or not (a near-miss IBAN holds no My Number), but for a card (`MC5555.5555.…`: two
        // capitals before a card are as often its network's).
        let iban_like = super::bank::after_country_code(t, groups[0].start);
        let ng = groups.len();
        // A phone spelt digit by digit (`0 9 0 1 2 3 4 5 6 7 8`, `0 9 0 - 1 2 3 4 - 5 6 7 8`),
        // as people write one to get it past a filter: ten or eleven single digits one space
        // (or a spaced hyphen) apart, a number of Japan's plan.
        if (10..=11).contains(&ng)
            && groups.iter().all(|g| g.end - g.start == 1)
            && (0..ng - 1).all(|i| matches!(&t[groups[i].end..groups[i + 1].start], " " | " - "))
        {
            let d: Vec<u8> = groups.iter().map(|g| t.as_bytes()[g.start]).collect();
            if jp_phone(&d, &[d.len()]) {
                out.push(Match {
                    kind: Kind::Phone,
                    start: groups[0].start,
                    end: groups[ng - 1].end,
                });
                return;
            }
        }
        let mut i = 0;
        let mut may_start = true;
        while i < ng {
            let mut hit = None;
            if may_start {
                let last = (i + MAX_CANDIDATE_GROUPS).min(ng);
                for j in (i..last).rev() {
                    if j + 1 < ng && !ends_candidate(sep_at(t, groups, j)) {
                        continue;
                    }
                    if let Some(kind) = classify(t, &groups[i..=j], mode) {
                        hit = Some((j, kind));
                        break;
                    }
                }
            }
            // A card that starts inside a My Number's window and ends past it wins over it (a
            // tracking number, a space, then a card: `2172 0067 0443 7540 3530 3612 3658 9544`
            // took `7540 3530 3612` and left the card's last eight digits).
            // (Unless another number starts right after the My Number: two My Numbers in a row
            // are both masked whole, where a card across them would leave their ends.)
            let hit_from = |k: usize| {
                k < ng
                    && (k..(k + MAX_CANDIDATE_GROUPS).min(ng)).any(|e| {
                        (e + 1 == ng || ends_candidate(sep_at(t, groups, e)))
                            && classify(t, &groups[k..=e], mode).is_some()
                    })
            };
            let card_inside = |j: usize| {
                (i + 1..=j).any(|k| {
                    (j + 1..(k + MAX_CANDIDATE_GROUPS).min(ng)).any(|e| {
                        (e + 1 == ng || ends_candidate(sep_at(t, groups, e)))
                            && classify(t, &groups[k..=e], mode) == Some(Kind::Card)
                    })
                }) && !hit_from(j + 1)
            };
            let hit = hit.filter(|&(j, kind)| {
                if iban_like && kind != Kind::Card {
                    return false;
                }
                kind != Kind::MyNumber || mode == Mode::Whole || !card_inside(j)
            });
            match hit {
                Some((j, kind)) => {
                    let mut start = groups[i].start;
                    if kind == Kind::Phone {
                        // Keep "+81…" and "(03)…" whole.
                        match char_before(t, start) {
                            Some('+') => start -= 1,
                            // (`(06 1) 234 5678`, `(0-312) 34567`: the bracket closes later.)
                            Some('(') if (i..j).any(|k| sep_at(t, groups, k).starts_with(')')) => {
                                start -= 1
                            }
                            _ => {}
                        }
                    }
                    out.push(Match {
                        kind,
                        start,
                        end: groups[j].end,
                    });
                    i = j + 1;
                    may_start = true;
                }
                None => {
                    may_start = i + 1 < ng && ends_candidate(sep_at(t, groups, i));
                    i += 1;
                }
            }
        }
    });
}

/// How a candidate is judged: inside free text (boundaries, quantities and keywords matter), or
/// as a whole value whose column name is the context (formats and check digits only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Text,
    /// Free text in an anonymous delivery: every 12-digit number with a valid My Number check
    /// digit is one, keyword or not (an order number that happens to pass is a linking code a
    /// recipient should not get either).
    TextAnyMyNumber,
    Whole,
}

/// Keywords that give a bare number its meaning. Matched on the ASCII-lowercased window before
/// the number; `マイナ` also covers マイナンバー (whose ー is folded to `-`).
const KW_MY_NUMBER: &[&str] = &[
    "マイナ",
    "個人番号",
    "my number",
    "mynumber",
    "my_number",
    "my-number",
    // The number's official English name, and the notification card (通知カード, as the
    // normalised text spells it) that carried it before the My Number card.
    "individual number",
    "通知カ-ド",
];
const KW_LICENCE: &[&str] = &["免許", "licence", "license"];
const KW_PENSION: &[&str] = &["年金", "pension"];
/// The resident register code's names (住民票コード, 住民基本台帳; 住基ネット, the register's
/// network). Not 住民票 alone: a resident record's copy (住民票の写し) is a document, and the
/// number after it may be a phone. Spelt as the normalised text spells them (ー is folded to
/// `-`, as Japanese text types it for a hyphen).
const KW_RESIDENT: &[&str] = &[
    "住民票コ-ド",
    "住民票番号",
    "住民基本台帳",
    "住基",
    "register code",
    "resident code",
    "residence code",
    "juminhyo",
];
const KW_INSURANCE: &[&str] = &["保険", "insurance", "insurer"];
const KW_CORPORATE: &[&str] = &["法人", "corporate"];
const KW_POSTAL: &[&str] = &["郵便", "〒", "postal", "zip"];
/// Numbers next to these are shop references (tracking and order numbers), never a My Number
/// by their grouping alone.
const KW_REFERENCE: &[&str] = &[
    "追跡",
    "伝票",
    "問い合わせ番号",
    "問合せ番号",
    "送り状",
    "注文",
    "tracking",
    "order",
    // Carriers and their parcels (a parcel's number after the carrier's name), receipts and
    // gift cards: ー is spelt `-`, as the normalised text spells it.
    "ヤマト",
    "クロネコ",
    "佐川",
    "ゆうパック",
    "ゆうパケット",
    "日本郵便",
    "西濃",
    "福山通運",
    "荷物",
    "レシ-ト",
    "ギフト券",
    "ギフトカ-ド",
    "商品id",
    "parcel",
    "yamato",
    "sagawa",
    "receipt",
    "gift card",
];

/// For each keyword family: where its nearest keyword ends in the window (larger = nearer).
#[derive(Debug, Default, Clone, Copy)]
struct Context {
    my_number: Option<usize>,
    licence: Option<usize>,
    pension: Option<usize>,
    insurance: Option<usize>,
    corporate: Option<usize>,
    postal: Option<usize>,
    reference: Option<usize>,
    resident: Option<usize>,
    korean: Option<usize>,
    ssn: Option<usize>,
}

/// The keyword families, in the order of [`Context`]'s fields (see `context`).
const FAMILIES: [&[&str]; 10] = [
    KW_MY_NUMBER,
    KW_LICENCE,
    KW_PENSION,
    KW_INSURANCE,
    KW_CORPORATE,
    KW_POSTAL,
    KW_REFERENCE,
    KW_RESIDENT,
    super::national::KW_KOREAN,
    super::national::KW_SSN,
];

/// Every keyword family in one automaton (ASCII case-insensitive), so the window before a
/// number is searched once rather than once per keyword. Pattern ids map to families through
/// `KEYWORD_FAMILY`.
static KEYWORDS: std::sync::LazyLock<(aho_corasick::AhoCorasick, Vec<usize>)> =
    std::sync::LazyLock::new(|| {
        let mut patterns = Vec::new();
        let mut family = Vec::new();
        for (f, words) in FAMILIES.iter().enumerate() {
            for w in *words {
                patterns.push(*w);
                family.push(f);
            }
        }
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&patterns)
            .expect("the keyword lists are valid patterns");
        (ac, family)
    });

fn context(t: &str, start: usize) -> Context {
    let ws = back_chars(t, start, CONTEXT_CHARS);
    if ws == start {
        return Context::default();
    }
    // Per family, where its last keyword in the window ends (relative to the window).
    let mut ends = [None::<usize>; FAMILIES.len()];
    let (ac, family) = &*KEYWORDS;
    let w = &t[ws..start];
    for m in ac.find_overlapping_iter(w) {
        let f = family[m.pattern().as_usize()];
        // `zip` and `postal` name a postal code as words, not inside a file's or a path's
        // name (`GET /download/catalog.zip HTTP/1.1" 200 5123`, `/api/zipcodes`), nor as a
        // URL's parameter or its value (`?zip=1`, `?gift=zip`: a postal code there is the
        // parameter's value, which `url-param` takes; a log line's status and bytes after it
        // are none).
        if f == 5 && w.as_bytes()[m.start()].is_ascii_alphabetic() {
            let before = w[..m.start()].bytes().next_back();
            let after = w.as_bytes().get(m.end()).copied();
            if before.is_some_and(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'?' | b'&' | b'=')
            }) || after == Some(b'=')
            {
                continue;
            }
        }
        ends[f] = ends[f].max(Some(m.end()));
    }
    Context {
        my_number: ends[0],
        licence: ends[1],
        pension: ends[2],
        insurance: ends[3],
        corporate: ends[4],
        postal: ends[5],
        reference: ends[6],
        resident: ends[7],
        korean: ends[8],
        ssn: ends[9],
    }
}

/// How far back [`my_number_earlier_in_sentence`] looks.
const SENTENCE_CHARS: usize = 64;

/// A My Number's keyword further back than [`CONTEXT_CHARS`] but in the same sentence, with no
/// other family's keyword after it (`マイナンバー（個人番号）は、以前提出した書類に記載したとおり
/// 123456789018 です`): asked only for twelve digits whose check digit is valid.
fn my_number_earlier_in_sentence(t: &str, start: usize) -> bool {
    let ws = back_chars(t, start, SENTENCE_CHARS);
    let window = &t[ws..start];
    let window = window
        .rsplit(['。', '\n', '!', '?'])
        .next()
        .unwrap_or(window);
    let (ac, family) = &*KEYWORDS;
    let mut last = None;
    for m in ac.find_overlapping_iter(window) {
        last = Some(family[m.pattern().as_usize()]);
    }
    last == Some(0)
}

/// [`context`], and a keyword in brackets right after the number: `526018159084（マイナンバー）`,
/// `1234-567890 (年金番号)`. Such a keyword counts as the nearest of its family.
fn context_around(t: &str, start: usize, end: usize) -> Context {
    let mut ctx = context(t, start);
    let rest = &t[end..];
    // In brackets only: a bare word after a number as often labels the next one
    // (…3447マイナンバーは…).
    let Some(rest) = rest.trim_start_matches(' ').strip_prefix(['(', '[', '【']) else {
        return ctx;
    };
    // The bracket holds the keyword and at most a prefix and a suffix of its name (運転免許証,
    // 基礎年金番号), nothing else: （免許更新日） names a date.
    let Some(close) = rest.find([')', ']', '】']) else {
        return ctx;
    };
    let inside = rest[..close].trim();
    let (ac, family) = &*KEYWORDS;
    let named = |m: &aho_corasick::Match| {
        ["", "運転", "基礎", "個人"].contains(&&inside[..m.start()])
            && [
                "",
                "番号",
                "証",
                "証番号",
                "コ-ド",
                "カ-ド",
                "ンバ-",
                "ンバ-カ-ド",
                " no",
                " no.",
                " number",
            ]
            .contains(&&inside[m.end()..])
    };
    if inside.chars().count() <= 12
        && let Some(m) = ac.find_overlapping_iter(inside).find(named)
    {
        let nearest = Some(usize::MAX);
        match family[m.pattern().as_usize()] {
            0 => ctx.my_number = nearest,
            1 => ctx.licence = nearest,
            2 => ctx.pension = nearest,
            3 => ctx.insurance = nearest,
            4 => ctx.corporate = nearest,
            5 => ctx.postal = nearest,
            6 => ctx.reference = nearest,
            7 => ctx.resident = nearest,
            8 => ctx.korean = nearest,
            _ => ctx.ssn = nearest,
        }
    }
    ctx
}

/// Words that may stand glued before a phone number: `TEL090…`, `Tel.03-…`, `FAX-03…`.
/// Also the words of the languages foreign customers write in: Indonesian and Malay `HP`
/// (handphone), Spanish, Italian, German and Portuguese `telefono`, `telefon`, `telefone`,
/// `celular`, `cellulare`, `movil`, and `WhatsApp`.
const PHONE_WORDS: [&str; 17] = [
    "tel",
    "telephone",
    "phone",
    "fax",
    "mobile",
    "mob",
    "cell",
    "tell",
    "hp",
    "handphone",
    "telefono",
    "telefon",
    "telefone",
    "celular",
    "cellulare",
    "movil",
    "whatsapp",
];

fn phone_word_before(t: &str, start: usize) -> bool {
    let mut before = &t[..start];
    if let Some(b) = before
        .strip_suffix('.')
        .or_else(|| before.strip_suffix('-'))
    {
        before = b;
    }
    let letters = before
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let word_start = before.len() - letters;
    let word = &before[word_start..];
    !word.is_empty()
        && PHONE_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w))
        // A word of its own: not the end of a Latin word (`Hôtel`, `Motel`), though glued to
        // Japanese (`お電話TEL`) or to the number before it, as a form's text loses its line
        // breaks (`…5678FAX03-…`).
        && !char_before(t, word_start)
            .is_some_and(|c| c.is_ascii_alphabetic() || (c.is_alphabetic() && c < '\u{2000}'))
}

/// Japanese labels of a phone number, as the normalised text spells them.
/// (`TEL`, `phone` and the other Latin words are `PHONE_WORDS`, matched as whole words.)
/// Also other scripts' labels, which are no ASCII words: Spanish and French with their
/// accents, Vietnamese, Chinese, Korean.
const PHONE_LABELS: [&str; 20] = [
    "電話番号",
    "電話",
    "携帯番号",
    "携帯",
    "連絡先",
    "ファックス",
    "ファクス",
    // The foreign labels from here (`JAPANESE_PHONE_LABELS` counts the Japanese ones).
    "teléfono",
    "Teléfono",
    "móvil",
    "Móvil",
    "téléphone",
    "Téléphone",
    "tél",
    "Tél",
    "điện thoại",
    "电话",
    "手机",
    "전화",
    "휴대폰",
];

/// How many of [`PHONE_LABELS`] are Japanese (the first ones).
const JAPANESE_PHONE_LABELS: usize = 7;

/// Whether a phone's label stands right before `start`, past marks, particles, spaces and a
/// closing bracket (`電話番号：`, `【携帯】`, `TEL:`, `お電話は`, `phone number:`): then a
/// 0-led number that no numbering plan takes (a digit too many, `04992900316`) is still the
/// person's phone, mistyped.
fn phone_label_before(t: &str, start: usize) -> bool {
    phone_label(t, start).is_some()
}

/// [`phone_label_before`], and whether the label is a Japanese one (`Some(true)`: 電話, 携帯
/// …) or another language's (`Some(false)`: TEL, phone, teléfono, HP …).
fn phone_label(t: &str, start: usize) -> Option<bool> {
    let before = t[..start].trim_end_matches([
        ' ', '\t', ':', '=', '-', '.', ',', '、', 'は', '】', ')', ']', '#', '(',
    ]);
    // `my phone number is`, `call me at`, `reach me on`.
    let before = [" is", " at", " on"]
        .iter()
        .find_map(|w| before.strip_suffix(w))
        .unwrap_or(before);
    let before = before
        .strip_suffix(" number")
        .or_else(|| before.strip_suffix(" no"))
        .unwrap_or(before);
    let lower_end = |w: &str| {
        before.len() >= w.len()
            && before.is_char_boundary(before.len() - w.len())
            && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
            && !char_before(before, before.len() - w.len())
                .is_some_and(|c| c.is_ascii_alphanumeric())
    };
    if let Some(k) = PHONE_LABELS.iter().position(|l| before.ends_with(l)) {
        return Some(k < JAPANESE_PHONE_LABELS);
    }
    (phone_word_before(before, before.len())
        || ["call me", "text me", "reach me"]
            .iter()
            .any(|w| lower_end(w)))
    .then_some(false)
}

/// Labels that name a number as a shop's own reference, not a postal code. Matched in the
/// normalised text: a label with ー is spelt with `-` (a test checks each is found).
const REFERENCE_LABELS: [&str; 30] = [
    "注文番号",
    "受注番号",
    "追跡番号",
    "整理番号",
    "カタログ番号",
    "品番",
    "商品番号",
    "会員番号",
    "予約番号",
    "お客様番号",
    "顧客番号",
    "チケット番号",
    "配送番号",
    "受付番号",
    "伝票番号",
    "問い合わせ番号",
    "問合せ番号",
    "型番",
    "管理番号",
    "booking no",
    // 商品コード as the normalised text spells it (ー folded to `-`).
    "商品コ-ド",
    "注文no",
    "order no",
    "order id",
    "order",
    "sku",
    "item",
    // クーポン, クーポンコード and 注文ID as the normalised text spells them.
    "ク-ポン",
    "ク-ポンコ-ド",
    "注文id",
];

/// Labels of a product's code: GS1's barcodes (JAN, EAN, GTIN, UPC), books' ISBN, a shop's
/// item and part numbers. Matched lower-cased in the normalised text (ー is `-`).
const PRODUCT_LABELS: [&str; 12] = [
    "jan",
    "jan code",
    "janコ-ド",
    "ean",
    "gtin",
    "upc",
    "isbn",
    "商品コ-ド",
    "品番",
    "型番",
    "部品番号",
    "製品番号",
];

/// Whether a product code's label stands right before the number at `start` (spaces, `:`,
/// `#`, `=` and `No.` between them allowed), not glued to a word before it (`Bean 4242…`).
fn product_label_before(t: &str, start: usize) -> bool {
    let before = t[..start].trim_end_matches([' ', ':', '#', '=', '-']);
    let before = before
        .strip_suffix("No.")
        .or_else(|| before.strip_suffix("no."))
        .unwrap_or(before)
        .trim_end_matches([' ', ':']);
    // Every label ends in one of these: most numbers stand after none (a cheap test first).
    if !before.ends_with(['n', 'N', 'c', 'C', 'e', 'E', 'ド', '番', '号']) {
        return false;
    }
    let b = before.as_bytes();
    PRODUCT_LABELS.iter().any(|l| {
        let l = l.as_bytes();
        b.len() >= l.len()
            && b[b.len() - l.len()..].eq_ignore_ascii_case(l)
            && !(l.is_ascii()
                && b.len() > l.len()
                && b[b.len() - l.len() - 1].is_ascii_alphanumeric())
    })
}

/// Whether a reference label stands right before the number at `start` (spaces, `:`, `#`,
/// `No.` and `=` between them allowed).
/// Whether an insured person's number's label (被保険者番号, 被保険者証, 雇用保険 …) stands
/// within 24 characters before `start`: the numbers of employment, long-term care and late-stage
/// elderly medical insurance are identifier codes (個人識別符号, APPI Enforcement Order art. 1),
/// ten, eleven or eight digits that could otherwise be a phone or nothing.
/// A phone's label nearer to the number names it a phone (`雇用保険のお問い合わせは電話 03…`).
fn insured_label_before(t: &str, start: usize) -> bool {
    let window = &t[back_chars(t, start, 24)..start];
    let last = |words: &[&str]| words.iter().filter_map(|w| window.rfind(w)).max();
    let insured = last(&["被保険者", "雇用保険", "介護保険", "後期高齢者"]);
    insured.is_some_and(|i| last(&PHONE_LABELS).is_none_or(|p| p < i))
        && !phone_label_before(t, start)
}

pub(crate) fn labelled_reference(t: &str, start: usize) -> bool {
    reference_label(t, start).is_some()
}

/// The labels of [`REFERENCE_LABELS`] that number a person (a member, a customer), not an order
/// or a parcel: a phone's digits after them are still masked, as after 予約番号 (a booking is
/// often made under the caller's phone) and an English label (`my order: 090…` is a phone
/// about an order as often).
const PERSONAL_REFERENCE_LABELS: [&str; 3] = ["会員番号", "お客様番号", "顧客番号"];

/// Whether a shop's reference label for an order, a parcel or a product stands right before
/// `start` (`注文番号 0312345678`, `伝票番号：0612345678`): the digits are that reference, even
/// in a phone's shape, since an order or tracking number of ten or eleven digits from 0 is
/// common. Not a member's or a customer's number, a booking's, nor after an English label (see
/// [`PERSONAL_REFERENCE_LABELS`]).
fn order_reference(t: &str, start: usize) -> bool {
    // The labels are Japanese: the text before the number ends in a letter beyond ASCII (a
    // cheap test first, as a log's numbers after spaces and ASCII are most).
    let before = t[..start].trim_end_matches([' ', ':', '#', '=']);
    if before.is_empty() || before.as_bytes()[before.len() - 1].is_ascii() {
        return false;
    }
    reference_label(t, start).is_some_and(|l| {
        !l.is_ascii() && !PERSONAL_REFERENCE_LABELS.contains(&l) && l != "予約番号"
    })
}

/// The label of [`REFERENCE_LABELS`] right before `start`, past spaces, `:`, `#`, `=` and `No.`.
fn reference_label(t: &str, start: usize) -> Option<&'static str> {
    let before = t[..start].trim_end_matches([' ', ':', '#', '=']);
    let before = before.strip_suffix('.').map_or(before, |b| {
        b.strip_suffix("No")
            .or_else(|| b.strip_suffix("no"))
            .unwrap_or(before)
    });
    let before = before.trim_end_matches([' ', ':', '#', '=']);
    let tail_start = back_chars(before, before.len(), 8);
    let tail = before[tail_start..].to_ascii_lowercase();
    REFERENCE_LABELS.iter().copied().find(|l| {
        // An ASCII label is a word of its own (`item`, not `xitem`).
        tail.strip_suffix(*l).is_some_and(|rest| {
            !l.is_ascii()
                || !rest
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
        })
    })
}

/// Characters that, right after a number, make it a quantity (price, count, date part…).
const UNITS_AFTER: &str = "円%個件点名人回年月日時分秒歳枚本冊台倍度泊";

fn is_quantity(t: &str, start: usize, end: usize) -> bool {
    char_after(t, end).is_some_and(|c| UNITS_AFTER.contains(c))
        || char_before(t, start).is_some_and(|c| matches!(c, '¥' | '$' | '€' | '£'))
}

/// 8 digits that read as a date YYYYMMDD (1900–2099).
fn looks_like_date(d: &[u8]) -> bool {
    let num = |a: usize, b: usize| {
        d[a..b]
            .iter()
            .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
    };
    d.len() == 8
        && (1900..=2099).contains(&num(0, 4))
        && (1..=12).contains(&num(4, 6))
        && (1..=31).contains(&num(6, 8))
}

/// A Japanese JAN barcode (GS1 prefix 45/49 with a valid EAN-13 check).
fn looks_like_jan(d: &[u8]) -> bool {
    d.len() == 13 && (d.starts_with(b"45") || d.starts_with(b"49")) && is_ean13(d)
}

/// A Unix time in milliseconds between 2017 and 2033.
fn looks_like_millis(d: &[u8]) -> bool {
    d.len() == 13 && d[0] == b'1' && (b'5'..=b'9').contains(&d[1])
}

/// The length a Japanese number starting with `0` must have: 11 for 020/050/060/070/080/090
/// and 0800, 10 for 0120/0570/0990 and fixed lines. `None` if it is no Japanese number.
fn jp_expected_len(d: &[u8]) -> Option<usize> {
    if d.len() < 4 || d[0] != b'0' || d[1] == b'0' {
        return None;
    }
    Some(match (d[1], d[2], d[3]) {
        (b'1', b'2', b'0') | (b'5', b'7', b'0') | (b'9', b'9', b'0') => 10,
        (b'2' | b'5' | b'6' | b'7' | b'8' | b'9', b'0', _) => 11,
        _ => 10,
    })
}

/// A Japanese phone number written in the usual groupings (area code 2–5 digits with its 0).
fn jp_phone(d: &[u8], lens: &[usize]) -> bool {
    if jp_expected_len(d) != Some(d.len()) {
        return false;
    }
    match *lens {
        [_] => true,
        [a, b] => (2..=5).contains(&a) || (3..=4).contains(&b),
        [a, b, c] => (2..=5).contains(&a) && (1..=4).contains(&b) && (3..=4).contains(&c),
        _ => false,
    }
}

/// The digits after an international call prefix that stands in for `+`, written the way a
/// number is written: the prefix `00` glued to a country code (`0081-90-…`), or `00`, `010`
/// (from Japan) or `011` (from North America) as a group of its own before a group that is a
/// country code (`00 44 20 …`, `010-44-20-…`). A code of digits that merely starts with 00
/// (`0071 9239 6937`, a parcel; `0012345678901`, an ID) is none: its first group is no prefix
/// and country code. The caller asks for nine digits or more after it.
fn after_call_prefix<'a>(d: &'a [u8], lens: &[usize]) -> Option<&'a [u8]> {
    if lens.len() < 2 {
        return None;
    }
    let first = &d[..lens[0]];
    let second = &d[lens[0]..lens[0] + lens[1]];
    let calling = |c: &[u8]| (1..=3).contains(&c.len()) && super::phones::is_calling_code(c);
    match first {
        b"00" | b"010" | b"011" if calling(second) => Some(&d[first.len()..]),
        [b'0', b'0', cc @ ..] if calling(cc) => Some(&d[2..]),
        _ => None,
    }
}

/// The digits after `+`: +81 numbers must be valid Japanese numbers once the dropped 0 is put
/// back (a kept 0, `+81 (0)3…`, is accepted too); other countries: E.164, 8–15 digits.
fn intl_phone(d: &[u8]) -> bool {
    if !(8..=15).contains(&d.len()) || d[0] == b'0' {
        return false;
    }
    if let Some(nat) = d.strip_prefix(b"81") {
        let mut buf = [0u8; 16];
        let national: &[u8] = if nat.first() == Some(&b'0') {
            nat
        } else {
            buf[0] = b'0';
            buf[1..=nat.len()].copy_from_slice(nat);
            &buf[..=nat.len()]
        };
        return jp_expected_len(national) == Some(national.len());
    }
    true
}

/// The Latin labels of a form's next contact field, which a form's text glues to the number
/// before it when it loses its line breaks (`TEL03-1234-5678FAX03-1234-5679`,
/// `090-1234-5678Mail:…`).
const CONTACT_LABELS_AFTER: [&str; 9] = [
    "fax", "tel", "mail", "email", "e-mail", "mobile", "phone", "cell", "url",
];

/// Whether one of [`CONTACT_LABELS_AFTER`] starts at `end`, a word of its own after it (a
/// mark, a digit, a space, a Japanese letter or the end): the number ends there, not glued
/// to a word (`5678FAX03-…`, `5678Mail:`, `5678mobile`; not `5678Faxes`).
fn contact_label_after(t: &str, end: usize) -> bool {
    let rest = &t.as_bytes()[end..];
    // (The labels' first letters: most glued words start otherwise, a log's hex IDs.)
    if !rest.first().is_some_and(|b| b"fmtepcuFMTEPCU".contains(b)) {
        return false;
    }
    CONTACT_LABELS_AFTER.iter().any(|l| {
        rest.len() >= l.len()
            && rest[..l.len()].eq_ignore_ascii_case(l.as_bytes())
            && !rest.get(l.len()).is_some_and(u8::is_ascii_alphabetic)
    })
}

/// Card groupings: 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners), or no separators.
fn card_grouping(lens: &[usize]) -> bool {
    match lens {
        [_] | [4, 6, 5] | [4, 6, 4] => true,
        [init @ .., last] => init.iter().all(|&l| l == 4) && (1..=4).contains(last),
        [] => false,
    }
}

fn card(d: &[u8], lens: &[usize], seps_uniform: bool) -> bool {
    is_card(d) && (lens.len() == 1 || (seps_uniform && card_grouping(lens)))
}

/// Whether the number ending at `end` continues after it (see `glued_after`): into an ASCII
/// word (`1234x`, `1234-AB`), a decimal (`1234.5`) or thousands (`1,234`). A `grouped` number
/// (`03-1234-5678`) is neither a decimal nor in thousands, so a `.` or `,` and digits after it
/// start the next number; so does a `,` after four or more digits (no thousands group). A `.`
/// before a letter ends a sentence or names a file (`…5678.Thanks`, `09012345678.vcf`): the
/// number stays one.
fn continues_after(t: &str, end: usize, grouped: bool) -> bool {
    if !glued_after(t, end) || contact_label_after(t, end) {
        return false;
    }
    let b = t.as_bytes();
    let digit_next = b.get(end + 1).is_some_and(u8::is_ascii_digit);
    match b[end] {
        b'.' if digit_next => !grouped,
        b'.' => false,
        b',' if digit_next => {
            let run = b[..end]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .count();
            !grouped && run <= 3
        }
        _ => true,
    }
}

/// The kind of a number joined by `_` to the words of an identifier (a file, field or user
/// name: `contact_090-1234-5678`, `tel_0312345678`, `090-1234-5678_home`). snake_case joins
/// words, so the number is a token of its own; but identifiers hold product codes, dates and
/// serials too (`SKU_1234567`, `IMG_20261201`, `DSC_0232146166`), so only what a serial seldom
/// looks like by chance is taken: a Japanese phone number in three groups joined by `-`, or whole
/// with eleven digits (mobiles, 050, 0800: their prefixes are few), or whole with ten after a
/// phone word (`tel_0312345678`: nearly any ten digits after a 0 are some area's number); a
/// number after `+` valid with its country code; a card number with its network's prefix and
/// check digit.
fn in_identifier(t: &str, groups: &[Group], d: &[u8], lens: &[usize], plus: bool) -> Option<Kind> {
    let ng = groups.len();
    let start = groups[0].start;
    if plus {
        let dashes = (0..ng - 1).all(|i| matches!(sep_at(t, groups, i), "-" | " "));
        return (dashes && (intl_phone(d) || super::phones::is_international(d)))
            .then_some(Kind::Phone);
    }
    let joined_by = |sep: &str| (0..ng - 1).all(|i| sep_at(t, groups, i) == sep);
    let hyphens = joined_by("-") || joined_by("_");
    let phone_word = || {
        (start > 0 && t.as_bytes()[start - 1] == b'_' && phone_word_before(t, start - 1))
            || phone_word_before(t, start)
    };
    // Three groups, as Japanese numbers are written (`SKU-0901234-5678` is a code).
    let shaped = match ng {
        1 => d.len() == 11 || phone_word(),
        3 => hyphens,
        _ => false,
    };
    if shaped && (10..=11).contains(&d.len()) && jp_phone(d, lens) {
        return Some(Kind::Phone);
    }
    let uniform = (1..ng.saturating_sub(1)).all(|i| sep_at(t, groups, i) == sep_at(t, groups, 0))
        && (0..ng - 1).all(|i| matches!(sep_at(t, groups, i), "-" | " " | "_"));
    let jan = d.len() == 13 && looks_like_jan(d);
    (d.len() >= 13 && !jan && card(d, lens, uniform)).then_some(Kind::Card)
}

/// Whether the number starting at `start` follows the abbreviation of "number" (`No.`, `No`,
/// `NO.`, `Nr.`; NFKC spells `№` as `No`) standing as a word of its own: `カードNo.4242…`,
/// `TEL No.090-…`. The number is then no part of a word.
fn after_no(t: &str, start: usize) -> bool {
    let before = &t[..start];
    let before = before.strip_suffix('.').unwrap_or(before);
    let b = before.as_bytes();
    b.len() >= 2
        && (b[b.len() - 2..].eq_ignore_ascii_case(b"no")
            || b[b.len() - 2..].eq_ignore_ascii_case(b"nr"))
        && !char_before(before, b.len() - 2).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Whether the number starting at `start` follows a `.` or `,` after digits: the end of the
/// number before it, when this one is written in groups (see `continues_after`).
fn after_list_mark(t: &str, start: usize) -> bool {
    let b = t.as_bytes();
    start >= 2 && matches!(b[start - 1], b'.' | b',') && b[start - 2].is_ascii_digit()
}

/// The kind of the number written as `groups` (consecutive groups of one run), if any.
pub(crate) fn classify(t: &str, groups: &[Group], mode: Mode) -> Option<Kind> {
    let kind = classify_joined(t, groups, mode)?;
    // A hyphen broken by a tab or a space joins a phone's or a card's groups only: in a
    // table, a cell that ends in `-` sits beside the next cell's number (`800-<TAB>1500`,
    // `価格帯<TAB>1000-<TAB>2000-`), which is no postal code or My Number.
    let broken = (0..groups.len().saturating_sub(1))
        .any(|i| broken_hyphen(&t[groups[i].end..groups[i + 1].start]).is_some());
    (!broken || matches!(kind, Kind::Phone | Kind::Card)).then_some(kind)
}

/// [`classify`], with a broken hyphen read as a hyphen.
fn classify_joined(t: &str, groups: &[Group], mode: Mode) -> Option<Kind> {
    let ng = groups.len();
    if ng == 0 || ng > MAX_CANDIDATE_GROUPS {
        return None;
    }
    let nd: usize = groups.iter().map(|g| g.end - g.start).sum();
    if !(7..=MAX_DIGITS).contains(&nd) {
        return None;
    }
    let b = t.as_bytes();
    let mut digit_buf = [0u8; MAX_DIGITS];
    let mut len_buf = [0usize; MAX_CANDIDATE_GROUPS];
    let mut k = 0;
    for (gi, g) in groups.iter().enumerate() {
        let len = g.end - g.start;
        len_buf[gi] = len;
        digit_buf[k..k + len].copy_from_slice(&b[g.start..g.end]);
        k += len;
    }
    let d = &digit_buf[..nd];
    let lens = &len_buf[..ng];
    let start = groups[0].start;
    let end = groups[ng - 1].end;
    let text = mode != Mode::Whole;
    let any_my_number = mode == Mode::TextAnyMyNumber;
    let whole = !text;
    // A product's code after its label (`JAN:4549980123451`, `商品コード：090-1234-567`,
    // `部品番号 06-6123-456`): a barcode or a part, however it reads as a card or a phone.
    if text && product_label_before(t, start) {
        return None;
    }

    // Written in groups joined by `-` or spaces, a number is no decimal and no thousands
    // grouping: a `.` or `,` after it ends it (`03-1234-5678,090-…`, `…5678.090-8765-4321`).
    let grouped = ng >= 2 && !dotted(t, groups);
    // An identifier's words joined to the number by `_` (`contact_090-1234-5678`,
    // `tel_0312345678`, `090-1234-5678_home`): see `in_identifier`.
    let plus = char_before(t, start) == Some('+');
    let under_before = char_before(t, if plus { start - 1 } else { start }) == Some('_');
    let under_after = b.get(end) == Some(&b'_');
    if text
        && ((continues_after(t, end, grouped) && !under_after) || char_after(t, end) == Some('@'))
    {
        return None;
    }
    if text && (under_before || under_after) {
        return in_identifier(t, groups, d, lens, plus);
    }
    if dotted(t, groups) {
        let uniform = (1..ng - 1).all(|i| sep_at(t, groups, i) == sep_at(t, groups, 0));
        if comma_joined(t, groups) {
            // One comma throughout; not a figure in thousands after the label
            // (`電話 1,234,567`).
            let thousands = lens[0] <= 3 && lens[1..].iter().all(|l| *l == 3);
            return (uniform
                && char_before(t, start) != Some('+')
                && ((ng == 3 && jp_phone(d, lens))
                    || (text && !thousands && labelled_any_region(t, start, d, lens))))
            .then_some(Kind::Phone);
        }
        // One mark throughout, and only shapes no date (2026.10.12, 2026/10/12), version or IP
        // takes: a Japanese phone in three groups (090.1234.5678), an international number
        // after `+` (+1 201.555.0123), a card in its network's grouping (4242.4242.4242.4242),
        // a US number 3-3-4 (201.555.0123), a My Number 4-4-4 after its keyword.
        if char_before(t, start) == Some('+') {
            // `+1 201.555.0123`, `+33 1.23.45.67.89`: the country code, then dots throughout,
            // and at least ten digits (a signed figure with decimals, `+12 20.5`, has fewer
            // or mixes its marks).
            // New Caledonia's and French Polynesia's six digits in pairs (`+687 75.12.34`)
            // make nine: four groups, pairs after the country code.
            let dots_after = (1..ng - 1).all(|i| sep_at(t, groups, i) == ".");
            let pairs = ng >= 4
                && lens[1..].iter().all(|l| *l == 2)
                && super::phones::is_calling_code(&d[..lens[0]]);
            return (dots_after
                && (nd >= 10 || (nd >= 8 && pairs))
                && !(text && glued_before(t, start - 1))
                && (intl_phone(d) || super::phones::is_international(d)))
            .then_some(Kind::Phone);
        }
        if !uniform {
            return None;
        }
        if text && glued_before(t, start) && !after_no(t, start) && !phone_word_before(t, start) {
            // Glued to a word: a card only, as in any other grouping (`Visa4242.4242.…`); a
            // phone word (`Tel.070.6476.2001`) is no glue.
            return (ng >= 3 && nd >= 13 && card(d, lens, true)).then_some(Kind::Card);
        }
        if ng == 3 && jp_phone(d, lens) {
            return Some(Kind::Phone);
        }
        if ng >= 3 && nd >= 13 && card(d, lens, true) {
            return Some(Kind::Card);
        }
        if lens == [4, 4, 4] && is_my_number(d) && (whole || context(t, start).my_number.is_some())
        {
            return Some(Kind::MyNumber);
        }
        let us = lens == [3, 3, 4]
            && super::phones::is_foreign_national(&t[start..end], d, lens, || false);
        // France's ten digits in dotted pairs (`01.23.45.67.89`), as French speakers write
        // them, valid in France's plan (the IPv4 detector leaves this shape to this one).
        let french = lens == [2, 2, 2, 2, 2]
            && d[0] == b'0'
            && super::phones::is_named_region(&t[start..end], phonenumber::country::Id::FR);
        return (us || french || (text && labelled_any_region(t, start, d, lens)))
            .then_some(Kind::Phone);
    }
    if char_before(t, start) == Some('+') {
        if text && glued_before(t, start - 1) {
            return None;
        }
        if intl_phone(d) || super::phones::is_international(d) {
            return Some(Kind::Phone);
        }
        // `+33 (0)1 23 45 67 89`: the trunk prefix in brackets is not dialled from abroad.
        let trunk = ng >= 3
            && lens[1] == 1
            && d[lens[0]] == b'0'
            && sep_at(t, groups, 0).ends_with('(')
            && sep_at(t, groups, 1).starts_with(')');
        if trunk {
            let mut dd = d.to_vec();
            dd.remove(lens[0]);
            return (intl_phone(&dd) || super::phones::is_international(&dd))
                .then_some(Kind::Phone);
        }
        return None;
    }
    if text
        && glued_before(t, start)
        && !(grouped && after_list_mark(t, start))
        && !after_no(t, start)
    {
        // A word and `-` before it (a slug or file name: `contact-090-1234-5678`,
        // `tanaka-09012345678.vcf`): as after `_`, what a serial seldom looks like by chance.
        if char_before(t, start) == Some('-')
            && t[..start - 1].ends_with(|c: char| c.is_ascii_alphabetic())
        {
            return in_identifier(t, groups, d, lens, false);
        }
        // Glued to a word (`SKU1234…`, `x1234`): a phone only after a phone word (`TEL090…`),
        // a card only with its network's number and check digit (`Visa4242…`, `card4242…`).
        if (10..=11).contains(&nd) && phone_word_before(t, start) && jp_phone(d, lens) {
            return Some(Kind::Phone);
        }
        let uniform = (1..ng.saturating_sub(1))
            .all(|i| sep_at(t, groups, i) == sep_at(t, groups, 0))
            && (0..ng - 1).all(|i| matches!(sep_at(t, groups, i), "-" | " "));
        // A 13-digit product code glued to its label (JAN4901234567894) is no card.
        let jan = nd == 13 && looks_like_jan(d);
        return (nd >= 13 && !jan && card(d, lens, uniform)).then_some(Kind::Card);
    }
    if text && is_quantity(t, start, end) {
        return None;
    }

    let seps_simple = (0..ng - 1).all(|i| matches!(sep_at(t, groups, i), "-" | " "));
    let seps_uniform =
        seps_simple && (0..ng - 1).all(|i| sep_at(t, groups, i) == sep_at(t, groups, 0));
    let ctx = if text && (7..=13).contains(&nd) {
        context_around(t, start, end)
    } else {
        Context::default()
    };

    let kind = match nd {
        7 => {
            let hyphenated = lens == [3, 4] && sep_at(t, groups, 0) == "-";
            let plain = ng == 1 || (lens == [3, 4] && seps_simple);
            // 〒 530 - 0001: a hyphen between spaces, after the postal mark or word.
            let spaced = lens == [3, 4] && sep_at(t, groups, 0) == " - " && ctx.postal.is_some();
            let postal = hyphenated || spaced || (plain && (whole || ctx.postal.is_some()));
            // A number its label calls something else (注文番号 123-4567, 品番: 301-2345,
            // 伝票No.123-4567).
            let labelled = text
                && ctx.postal.is_none()
                && (labelled_reference(t, start) || after_no(t, start));
            // Right after a phone's label, a phone (`Tel: 222-1234`, Belize's seven digits).
            let phone = text && ctx.postal.is_none() && phone_label_before(t, start);
            (postal && !labelled && !phone).then_some(Kind::PostalCode)
        }
        8 => {
            let insurer = seps_simple
                && is_luhn(d)
                && !looks_like_date(d)
                && (whole || ctx.insurance.is_some());
            // An insured person's number (後期高齢者医療: eight digits) has no check digit.
            let insured = text && seps_simple && ng == 1 && insured_label_before(t, start);
            (insurer || insured).then_some(Kind::Insurance)
        }
        10 => {
            let pension_form = seps_simple && (ng == 1 || lens == [4, 6]);
            if text && ctx.pension.is_some() && pension_form {
                Some(Kind::Pension)
            } else if text && ng == 1 && insured_label_before(t, start) {
                // 介護保険被保険者番号: ten digits, after its label (before a phone's shape).
                Some(Kind::Insurance)
            } else if jp_phone(d, lens) && !(text && ng == 1 && order_reference(t, start)) {
                Some(Kind::Phone)
            } else if ((seps_simple && lens == [4, 6]) && !(text && phone_label_before(t, start)))
                || (whole && ng == 1)
            {
                // (Right after a phone's label, a number in a pension number's groups is a
                // phone: `Tel: 0800 123456`, Austria's and Finland's free numbers.)
                Some(Kind::Pension)
            } else {
                None
            }
        }
        // 住民票コード: eleven digits with no check digit, known by its name before it (it wins
        // over a phone's shape there, as a pension number's name does for ten digits).
        11 if text && ctx.resident.is_some() && seps_simple => Some(Kind::ResidentCode),
        // 雇用保険被保険者番号: 4-6-1 digits (or eleven in a row), after its label.
        11 if text
            && seps_simple
            && (ng == 1 || lens == [4, 6, 1])
            && insured_label_before(t, start) =>
        {
            Some(Kind::Insurance)
        }
        11 => (jp_phone(d, lens) && !(text && ng == 1 && order_reference(t, start)))
            .then_some(Kind::Phone),
        // (Other marks than `-` and spaces, such as an area code in brackets, make no My
        // Number: such numbers are judged as phones below.)
        12 if seps_simple => {
            let valid = is_my_number(d);
            if whole {
                return Some(if valid {
                    Kind::MyNumber
                } else {
                    Kind::DriversLicence
                });
            }
            let grouped = lens == [4, 4, 4] && seps_uniform;
            if any_my_number && valid && ctx.licence.is_none_or(|l| ctx.my_number > Some(l)) {
                return Some(Kind::MyNumber);
            }
            match (ctx.my_number, ctx.licence) {
                (Some(m), Some(l)) if l > m => Some(Kind::DriversLicence),
                // A nearer shop-reference word (注文番号 20261117-9318) makes a number that is
                // not in the 4-4-4 form an order or tracking number, even with マイナンバー
                // further back in the window.
                (Some(m), _) if !grouped && ctx.reference.is_some_and(|r| r > m) => None,
                (Some(_), _) => valid.then_some(Kind::MyNumber),
                (None, Some(_)) => Some(Kind::DriversLicence),
                // A label right before it names the number otherwise (予約番号 1234-5678-9018).
                // Or a My Number's keyword earlier in the sentence, nothing else's after it.
                // Not three of a card's four groups (`4111 1111 1111 1113`, a card mistyped or
                // failing its check digit): that 4-4-4 is no My Number's grouping, and taking
                // it left the fourth group beside the mask.
                (None, None) => (valid
                    && !labelled_reference(t, start)
                    && ((grouped
                        && ctx.reference.is_none()
                        && !in_card_layout(t, start, end, sep_at(t, groups, 0)))
                        || my_number_earlier_in_sentence(t, start)))
                .then_some(Kind::MyNumber),
            }
        }
        // A US Social Security number after its label (`SSN: 078-05-1120`), before a phone's
        // or a card's reading of nine digits.
        9 if text
            && seps_uniform
            && matches!(lens, [3, 2, 4] | [9])
            && ctx.ssn.is_some()
            && super::national::is_ssn(d) =>
        {
            Some(Kind::NationalId)
        }
        // A Korean resident registration number after its label (`주민등록번호 800101-1234567`).
        13 if text
            && seps_simple
            && matches!(lens, [6, 7] | [13])
            && ctx.korean.is_some()
            && super::national::is_korean_rrn(d) =>
        {
            Some(Kind::NationalId)
        }
        13 => {
            let jan = looks_like_jan(d);
            let corporate = seps_simple
                && is_corporate_number(d)
                && (whole || ctx.corporate.is_some() || (ng == 1 && !jan && !looks_like_millis(d)));
            if corporate {
                Some(Kind::CorporateNumber)
            } else {
                // Japan Post's and other carriers' tracking numbers have 11 to 13 digits; a
                // 13-digit card (an early Visa) after a tracking word is the parcel's.
                (!jan && card(d, lens, seps_uniform) && !(text && ctx.reference.is_some()))
                    .then_some(Kind::Card)
            }
        }
        _ => card(d, lens, seps_uniform).then_some(Kind::Card),
    };
    if kind.is_some() {
        return kind;
    }
    // What no Japanese kind (nor a card) takes may be a number after an international call
    // prefix written in place of `+` (E.123 asks for `+`, people dial):
    // 00 (ITU's, most of the world), 010 (from Japan), 011 (from North America), then a number
    // valid with that country code: `0081-90-1234-5678`, `010-44-20-7946-0958`.
    // It starts its run: no digits joined on before it (a window of a longer run is none).
    if let Some(rest) = after_call_prefix(d, lens)
        && rest.len() >= 9
        && !t[..start]
            .trim_end_matches([' ', '-', '.', '/', '(', ')'])
            .ends_with(|c: char| c.is_ascii_digit())
        && !(text && glued_before(t, start) && !phone_word_before(t, start))
        && (intl_phone(rest) || super::phones::is_international(rest))
        && !(text && context(t, start).reference.is_some())
    {
        return Some(Kind::Phone);
    }
    // What no Japanese kind (nor a card) takes may be another region's phone number, unless a
    // shop-reference word stands before it (伝票番号0520-0428-8358 is a tracking number).
    let from = if char_before(t, start) == Some('(') {
        start - 1
    } else {
        start
    };
    let reference = || text && (context(t, start).reference.is_some() || order_reference(t, start));
    if super::phones::is_foreign_national(&t[from..end], d, lens, reference) {
        return Some(Kind::Phone);
    }
    // A 0-led number of a phone's length that no numbering plan takes, right after a phone's
    // label: a mistyped phone (a digit too many or too few) still points at the person. Not
    // when it ends in a lone digit (`TEL:09012345678　1,280円`: the phone and a price's first
    // digit; the phone alone is then found).
    if text
        && d[0] == b'0'
        && (10..=12).contains(&nd)
        && seps_simple
        && lens.last().is_some_and(|l| *l >= 2)
        && phone_label_before(t, start)
    {
        return Some(Kind::Phone);
    }
    // A North American number's shape (3-3-4, maybe after a 1) right after a phone's label,
    // whether or not its area code is in service (`phone number is 555-123-4567`, a number
    // made up for a form, is the person's all the same).
    if text
        && d[0] != b'0'
        && (lens == [3, 3, 4] || (lens == [1, 3, 3, 4] && d[0] == b'1'))
        && phone_label_before(t, start)
    {
        return Some(Kind::Phone);
    }
    // Right after a phone's label in a language other than Japanese, a national number of one
    // of the regions foreign customers write from, whose numbers the shapes above leave out
    // (Spain's `612 345 678`, Italy's `347 123 4567`, Indonesia's `0812-3456-7890` in the
    // 4-4-4 blocks of tracking numbers): valid in that region's plan.
    // (An area code in brackets too, as Brazil and Russia write it: `(11) 96123-4567`,
    // `8 (912) 345-67-89`.)
    let bracketed = (0..ng - 1).all(|i| matches!(sep_at(t, groups, i), "-" | " " | ") " | " ("));
    if text
        && (8..=12).contains(&nd)
        && (seps_simple || bracketed)
        && lens.last().is_some_and(|l| *l >= 2)
        && phone_label(t, from) == Some(false)
        && super::phones::is_labelled_national(&t[from..end])
    {
        return Some(Kind::Phone);
    }
    // Japan's country code without its `+`, in a group of its own before the national number
    // in groups (`81-90-1234-5678`, `81 3 1234 5678`): the groups after it, with the trunk
    // prefix put back, are a Japanese number.
    if (11..=12).contains(&nd)
        && lens.len() >= 3
        && lens[0] == 2
        && d.starts_with(b"81")
        && seps_simple
    {
        let mut national = Vec::with_capacity(nd - 1);
        national.push(b'0');
        national.extend_from_slice(&d[2..]);
        let mut national_lens = lens[1..].to_vec();
        national_lens[0] += 1;
        if jp_phone(&national, &national_lens) {
            return Some(Kind::Phone);
        }
    }
    // Eight digits after the name of a region whose numbers have no trunk prefix (`HK: 2123
    // 4567`, `シンガポール 6123-4567`).
    let named = text
        && nd == 8
        && matches!(lens, [8] | [4, 4])
        && !looks_like_date(d)
        && super::phones::region_before(&t[back_chars(t, start, CONTEXT_CHARS)..start])
            .is_some_and(|id| super::phones::is_named_region(&t[start..end], id));
    if named {
        return Some(Kind::Phone);
    }
    (text && (seps_simple || bracketed) && labelled_any_region(t, from, d, lens))
        .then_some(Kind::Phone)
}

/// Right after a phone's label, in any language (`Tel: 521 2345`, `phone: 0177 99 1234567`,
/// `電話 1234567`, `Tél : 20.12.34.56`): a number of a phone's length, seven to fifteen digits
/// (E.164's most), in a phone's groups, whatever region's plan it follows. The regions this
/// detector knows by their plans are judged before; what is left is some other region's (the
/// territories of libphonenumber's metadata whose national numbers have seven or eight digits
/// and no trunk prefix, Germany's longer numbers, India's 1860 numbers …): the label says whose
/// it is. Not a date (`2026-12-01`, `01.12.2026`), and not ending in a lone digit (a list
/// marker or a price's first digit after the phone).
fn labelled_any_region(t: &str, from: usize, d: &[u8], lens: &[usize]) -> bool {
    // Not a Japanese phone and what follows it (`TEL:080 8371 4755 2026/11/4`, `TEL:05046545267
    // 19,800円`): the phone alone is then found, and the date or the price stays.
    let japanese_first = (1..lens.len()).any(|k| {
        let n: usize = lens[..k].iter().sum();
        jp_phone(&d[..n], &lens[..k])
    });
    (7..=15).contains(&d.len())
        && lens.last().is_some_and(|l| *l >= 2)
        && !japanese_first
        && !looks_like_date(d)
        && !super::phones::looks_like_date(lens, d)
        && phone_label_before(t, from)
}

/// The kind of a whole value that is one number (optionally `〒`, `+` or `(` before it).
pub(crate) fn classify_whole(t: &str) -> Option<Kind> {
    let (s, postal_mark) = match t.strip_prefix('〒') {
        Some(rest) => (rest.trim_start(), true),
        None => (t, false),
    };
    let lead = usize::from(s.starts_with('+') || s.starts_with('('));
    let mut runs = 0usize;
    let mut only: Option<Vec<Group>> = None;
    for_each_run(s, |groups| {
        runs += 1;
        if groups[0].start == lead && groups[groups.len() - 1].end == s.len() {
            only = Some(groups.to_vec());
        }
    });
    if runs != 1 {
        return None;
    }
    let groups = only?;
    let kind = classify(s, &groups, Mode::Whole)?;
    if postal_mark && kind != Kind::PostalCode {
        return None;
    }
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keywords and labels are matched in the normalised text: each must be spelt as
    /// normalisation leaves it, or it never matches (商品コード, with its ー, never did).
    #[test]
    fn keywords_are_spelt_as_normalised_text() {
        let labels: &[&str] = &REFERENCE_LABELS;
        for w in FAMILIES.iter().chain([&labels]).flat_map(|f| f.iter()) {
            let n = super::super::normalize::Normalized::new(w);
            assert_eq!(n.text.as_ref(), *w, "`{w}` is not in normalised form");
        }
    }

    /// The word-at-a-time search finds the first digit wherever it stands, against every byte
    /// value around it.
    #[test]
    fn next_digit_finds_the_first_digit() {
        for filler in (0..=255u8).filter(|b| !b.is_ascii_digit()) {
            for at in 0..20 {
                for from in 0..=at {
                    let mut b = vec![filler; 20];
                    b[at] = b'0' + (at % 10) as u8;
                    b[19] = b'9';
                    assert_eq!(
                        next_digit(&b, from),
                        at,
                        "filler {filler:#x}, digit at {at}"
                    );
                }
                assert_eq!(next_digit(&vec![filler; at], 0), at);
            }
        }
        assert_eq!(next_digit(b"abc", 5), 3);
    }

    #[test]
    fn my_numbers_and_cards_in_kanji_numerals_after_their_label() {
        // In the normalised text, which folds `ー` to `-`.
        let found = |t: &str| {
            let mut out = Vec::new();
            find_kanji_ids(t, &mut out);
            out.iter()
                .map(|m| (m.kind, t[m.start..m.end].to_string()))
                .collect::<Vec<_>>()
        };
        // 123456789018 has the My Number check digit 8; 4242 4242 4242 4242 is a Visa test card.
        assert_eq!(
            found("マイナンバ-は一二三四五六七八九〇一八です"),
            [(Kind::MyNumber, "一二三四五六七八九〇一八".to_string())]
        );
        assert_eq!(
            found("個人番号-一二三四-五六七八-九〇一八"),
            [(Kind::MyNumber, "一二三四-五六七八-九〇一八".to_string())]
        );
        assert_eq!(
            found("カ-ド番号は四二四二 四二四二 四二四二 四二四二でお願いします"),
            [(
                Kind::Card,
                "四二四二 四二四二 四二四二 四二四二".to_string()
            )]
        );
        for t in [
            // The check digit off, a numeral more, no label, a year after the label.
            "マイナンバ-は一二三四五六七八九〇一九です",
            "マイナンバ-は一二三四五六七八九〇一八一",
            "一二三四五六七八九〇一八",
            "カ-ド番号は四二四二 四二四二 四二四二 四二四三",
            "ポイントカ-ドは二〇二六年に",
        ] {
            assert!(found(t).is_empty(), "{t}");
        }
    }
}
