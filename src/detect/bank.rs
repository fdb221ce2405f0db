//! Bank accounts: IBANs (ISO 13616) and Japanese accounts (普通/当座 and a 7-digit number).
//!
//! **IBAN.** A candidate is two capital letters, two check digits and up to 30 letters and
//! digits, optionally written in groups separated by single spaces or hyphens
//! (`DE89 3704 0044 0532 0130 00`, `GB29-NWBK-6016-…`). The `iban_validate` crate checks it
//! against the IBAN registry (the country's BBAN format and length) and the mod-97 check digits;
//! a country missing from the crate's copy of the registry gets ISO 13616's structure and mod-97.
//! The longest prefix of the candidate that validates is the match, so a word after the number
//! stays out. A candidate that does not validate is not reported (a near miss is not an IBAN),
//! and the number detectors do not read digits inside an IBAN-shaped code either
//! (`numbers::find` skips runs glued to a country code).
//!
//! **Japanese accounts.** Account numbers are 7 digits, written after the account type: 普通
//! (ordinary), 当座 (current) or 貯蓄 (savings), often with 預金, 口座, 番号 and punctuation
//! between (`普通預金 口座番号:1234567`, `当座 0123456`). The 7 digits are the match; a bare
//! 7-digit number without the account type is not one (it would be a postal code or a
//! quantity as often).
//!
//! **A whole account's routing, in a text that names an account, a bank or a transfer**
//! (口座, 銀行, 支店, 振込): the Zengin form of four digits for the bank, three for the branch
//! and seven for the account, in groups (`0001-123-1234567`, `0005 001 1234567`), masked
//! whole. **Japan Post Bank's 記号 and 番号** as a pair (`12345-12345671`) in a text that names
//! it (ゆうちょ, 貯金, 振替): the 記号 five digits from 1, the 番号 six to eight digits ending
//! in 1, as the bank issues them; and a transfer account (振替口座) of five, one and up to six
//! digits from 0 (`00120-1-123456`).
//!
//! **Accounts after an English label.** `bank account`, `checking account`, `savings account`
//! (`acct`, `a/c`; then `number`, `no.` or `#`, a colon or `is`) and 6 to 17 digits, the
//! lengths of national account numbers from the UK's 8 to the US's 17, in groups joined by
//! hyphens or single spaces (`Bank account: 1234567`, `checking acct # 000123456789`). A
//! group after a space joins only with three digits or more, so a count after the number
//! stays out (`bank account 12345678 2 cards`). So are the digits after `account` beside a
//! bank's code, before or after it: a UK sort code, a US routing (ABA) number, an Australian
//! BSB (`Sort code 12-34-56, account 12345678`). Without the word for a bank account or a
//! bank's code (`account number 12345678`) the number is the member-ID detector's.

use std::sync::LazyLock;

use regex::Regex;

#[cfg(test)]
use super::keywords::Keywords;
use super::normalize::{char_after, char_before};
use super::{Kind, Match};

/// The most characters an IBAN takes (34) plus a separator between every group of four.
const MAX_IBAN_TEXT: usize = 34 + 9;

pub(crate) struct Bank {
    iban: Regex,
    jp: Regex,
    /// Seven digits after 口座(番号), a bank's or branch's name, or the account type's
    /// abbreviation, without the type written out (口座番号：8690241, 口座8790962,
    /// 三菱UFJ銀行の6573621, 新宿支店(普)8413079); or fourteen, bank, branch and account in
    /// a row (口座番号：00011231234567).
    labelled: Regex,
    /// Japan Post Bank's 記号 (five digits) and 番号 (up to eight), in a text that names it.
    yucho: Regex,
    /// Bank, branch and account in the Zengin groups (4-3-7).
    routed: Regex,
    /// Japan Post Bank's 記号 and 番号 as a pair, or a transfer account (振替口座).
    yucho_pair: Regex,
    /// Digits after an English label (`bank account no.`): see the module's notes.
    latin: Regex,
    /// Digits after `account` (`acct`, `a/c`) beside a bank's code: a UK sort code, a US
    /// routing (ABA) number, an Australian BSB, before or after it.
    beside_code: Regex,
}

/// The words before a Japanese account number, one group per search: the account type
/// (`jp`), a label, bank or branch (`labelled`), Japan Post Bank (`yucho`). The text holds
/// one of a group's words, or that search cannot match.
pub(crate) const CUES: [&[&str]; 3] = [
    &["普通", "当座", "貯蓄"],
    &["口座", "銀行", "支店", "(普)", "(当)"],
    &["ゆうちょ", "郵便貯金", "貯金"],
];

impl Bank {
    pub(crate) fn new() -> Bank {
        let re = |p: &str| Regex::new(p).expect("built-in detector pattern compiles");
        Bank {
            iban: re(r"[A-Z]{2}[0-9]{2}(?:[ \-]?[A-Za-z0-9]){11,36}"),
            jp: re(
                r"(?:普通|当座|貯蓄)(?:預金)?[ :：]*(?:口座)?(?:番号)?[ :：]*(?:No\.?|NO\.?)?[ :：]*([0-9]{7})",
            ),
            labelled: re(
                r"(?:口座(?:番号|No\.?|NO\.?)?|銀行|支店|\((?:普|当)\))[ :：は、,=の]*([0-9]{14}|[0-9]{7})",
            ),
            yucho: re(r"記号[ :：]*([0-9]{5})[ ,、・/\-]*番号[ :：]*([0-9]{6,8})"),
            routed: re(r"(?-u:\b)[0-9]{4}(?:-[0-9]{3}-|[ ][0-9]{3}[ ])[0-9]{7}(?-u:\b)"),
            yucho_pair: re(concat!(
                r"(?-u:\b)(?:1[0-9]{4}-[0-9]{5,7}1",
                r"|0[0-9]{4}-[0-9]-[0-9]{1,6})(?-u:\b)"
            )),
            latin: re(concat!(
                // A bank's account by its kind, or the account a payment goes to (`wire to
                // account 123456789`, `transfer to my account …`).
                r"(?i)(?-u:\b)(?:(?:bank|checking|chequing|savings?|current|deposit)[ ]?",
                r"|(?:wire|transfer|deposit|send|pay)(?:[ ]it)?[ ]+(?:to|into)[ ]+(?:my[ ]+|the[ ]+|our[ ]+)?)",
                r"(?:account|acct|a/c)(?-u:\b)\.?",
                r"(?:[ ]?(?:number|num\.?|no\.?|#))?[ ]?(?:is|:|=|#|-)?[ ]*",
                r"([0-9][0-9 \-]{4,40}[0-9])",
            )),
            beside_code: re(concat!(
                r"(?i)(?:(?-u:\b)(?:sort[ ]?code|routing|aba|bsb)(?-u:\b)",
                r"(?:[ ]?(?:number|no\.?|#))?[ ]?[:#]?[ ]*[0-9][0-9 \-]{4,10}[0-9][ ]*[,;/]?[ ]*",
                r"(?:and[ ]+)?(?:(?:bank|checking|chequing|savings?)[ ]?)?(?:account|acct|a/c)",
                r"(?-u:\b)\.?(?:[ ]?(?:number|num\.?|no\.?|#))?[ ]?(?:is|:|=|#|-)?[ ]*",
                r"([0-9][0-9 \-]{4,40}[0-9])",
                r"|(?-u:\b)(?:account|acct|a/c)(?-u:\b)\.?(?:[ ]?(?:number|num\.?|no\.?|#))?",
                r"[ ]?(?:is|:|=|#|-)?[ ]*([0-9](?:[0-9]|[ \-][0-9]){4,20})[ ]*[,;/(]?[ ]*",
                r"(?:and[ ]+)?(?:sort[ ]?code|routing|aba|bsb)(?-u:\b))",
            )),
        }
    }

    #[cfg(test)]
    pub(crate) fn find(&self, t: &str, out: &mut Vec<Match>) {
        let digits = t.bytes().filter(u8::is_ascii_digit).count();
        self.find_hinted(t, true, true, digits, Keywords::new(&CUES).groups(t), out);
    }

    /// `find`, told by the caller's byte scan whether `t` has an ASCII capital (an IBAN starts
    /// with two) or any ASCII letter (an English label), and which groups of [`CUES`] it holds
    /// (bit `g` for `CUES[g]`).
    pub(crate) fn find_hinted(
        &self,
        t: &str,
        upper: bool,
        letters: bool,
        digits: usize,
        cues: u32,
        out: &mut Vec<Match>,
    ) {
        // Cheap gates before the regexes: two capitals then two digits; an account type word.
        let b = t.as_bytes();
        let iban_shape = upper
            && b.windows(4).any(|w| {
                w[0].is_ascii_uppercase()
                    && w[1].is_ascii_uppercase()
                    && w[2].is_ascii_digit()
                    && w[3].is_ascii_digit()
            });
        if iban_shape {
            self.find_ibans(t, out);
        }
        if letters {
            find_labelled_ibans(t, out);
        }
        if cues & 1 != 0 {
            self.find_jp(t, out);
        }
        // A transfer (振込, 振替) names an account as well as the cue words, but its first
        // kanji is frequent: it is looked for only in a text with the digits of one.
        static TRANSFER: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
            LazyLock::new(|| ["振込", "振り込", "振替"].map(memchr::memmem::Finder::new));
        let transfer = |k: usize| TRANSFER[k].find(b).is_some();
        if cues & 2 != 0 {
            push_groups(&self.labelled, t, out);
        }
        if digits >= 14 && (cues & 2 != 0 || transfer(0) || transfer(1)) {
            push_whole(&self.routed, t, out);
        }
        if cues & 4 != 0 {
            push_groups(&self.yucho, t, out);
        }
        // Five digits before a hyphen: the pair's or a transfer account's first group.
        let five_dash = || {
            memchr::memchr_iter(b'-', b).any(|p| {
                p >= 5
                    && b[p - 5..p].iter().all(u8::is_ascii_digit)
                    && (p == 5 || !b[p - 6].is_ascii_digit())
            })
        };
        if digits >= 7 && (cues & 4 != 0 || (five_dash() && transfer(2))) {
            push_whole(&self.yucho_pair, t, out);
        }
        if letters && latin_cued(b) {
            self.find_latin(t, out);
        }
        // A UK sort code and account number side by side without their labels (`12-34-56
        // 12345678`): the account's eight digits.
        static UK_PAIR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?-u:\b)[0-9]{2}-[0-9]{2}-[0-9]{2}[ ]+([0-9]{8})(?-u:\b)")
                .expect("built-in detector pattern compiles")
        });
        if digits >= 14 && memchr::memchr(b'-', b).is_some() {
            for c in UK_PAIR.captures_iter(t) {
                if let Some(g) = c.get(1) {
                    out.push(Match {
                        kind: Kind::BankAccount,
                        start: g.start(),
                        end: g.end(),
                    });
                }
            }
        }
    }

    fn find_latin(&self, t: &str, out: &mut Vec<Match>) {
        let labelled = self.latin.captures_iter(t);
        let beside_code = self.beside_code.captures_iter(t);
        for c in labelled.chain(beside_code) {
            let Some(g) = c.iter().skip(1).flatten().next() else {
                continue;
            };
            let Some(end) = account_end(t.as_bytes(), g.start(), g.end()) else {
                continue;
            };
            if char_after(t, end).is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            let m = Match {
                kind: Kind::BankAccount,
                start: g.start(),
                end,
            };
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }

    fn find_ibans(&self, t: &str, out: &mut Vec<Match>) {
        // The regex's match may run past the IBAN into the next words (`DE89 … 00 and GB82…`):
        // the search goes on after the IBAN found, not after the match, or a second IBAN in
        // the same run of words would be skipped. Without one, the next candidate starts after
        // this run of letters and digits (an IBAN is not glued to one).
        let b = t.as_bytes();
        let mut pos = 0;
        while let Some(m) = self.iban.find_at(t, pos) {
            let run_end = m.start()
                + b[m.start()..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
            pos = run_end;
            if char_before(t, m.start()).is_some_and(|c| c.is_ascii_alphanumeric())
                && !after_iban_label(t, m.start())
            {
                // Glued to a word, unless the word is the label (`IBANDE89…`).
                continue;
            }
            if let Some(end) = longest_iban(t, m.start(), m.end()) {
                out.push(Match {
                    kind: Kind::BankAccount,
                    start: m.start(),
                    end,
                });
                pos = end;
            }
        }
    }

    fn find_jp(&self, t: &str, out: &mut Vec<Match>) {
        for c in self.jp.captures_iter(t) {
            let Some(g) = c.get(1) else { continue };
            let m = Match {
                kind: Kind::BankAccount,
                start: g.start(),
                end: g.end(),
            };
            if char_after(t, g.end()).is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            out.push(m);
        }
    }
}

/// Whether `b` holds `account`, `acct` or `a/c` in any case: the English label's cheap gate.
fn latin_cued(b: &[u8]) -> bool {
    b.windows(3).any(|w| {
        let w = [w[0] | 0x20, w[1] | 0x20, w[2]];
        matches!(
            &w,
            [b'c', b'c', b'o' | b'O' | b't' | b'T'] | [b'a', b'/', b'c' | b'C']
        )
    })
}

/// Where the account number that starts the digits and separators `b[start..end]` ends: its
/// groups (joined by a hyphen, or by one space before a group of three digits or more) while
/// they hold at most 17 digits; `None` when it holds fewer than 6.
fn account_end(b: &[u8], start: usize, end: usize) -> Option<usize> {
    let (mut digits, mut at, mut kept) = (0, start, start);
    while at < end {
        let sep = (at > start).then(|| b[at]);
        let from = if sep.is_some() { at + 1 } else { at };
        let len = b[from..end]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if len == 0 || digits + len > 17 || (sep == Some(b' ') && len < 3) {
            break;
        }
        digits += len;
        at = from + len;
        kept = at;
    }
    (digits >= 6).then_some(kept)
}

/// Pushes each capture group of each match of `re` in `t` as a bank account, unless more
/// digits follow it (then it is some other number's start).
fn push_groups(re: &Regex, t: &str, out: &mut Vec<Match>) {
    for c in re.captures_iter(t) {
        for g in c.iter().skip(1).flatten() {
            let m = Match {
                kind: Kind::BankAccount,
                start: g.start(),
                end: g.end(),
            };
            // Not twice: 当座預金 口座番号：7654321 is the account type's match too.
            if char_after(t, g.end()).is_some_and(|c| c.is_ascii_digit()) || out.contains(&m) {
                continue;
            }
            out.push(m);
        }
    }
}

/// Pushes each match of `re` in `t` as a bank account, unless it goes on as a longer number
/// (`0001-123-1234567-8`, `0001-123-1234567.5`).
fn push_whole(re: &Regex, t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    for m in re.find_iter(t) {
        let goes_on = |i: usize| {
            b.get(i).is_some_and(|&c| matches!(c, b'-' | b'.' | b'/'))
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        };
        let before = m.start() >= 2
            && matches!(b[m.start() - 1], b'-' | b'.' | b'/')
            && b[m.start() - 2].is_ascii_digit();
        if goes_on(m.end()) || before {
            continue;
        }
        out.push(Match {
            kind: Kind::BankAccount,
            start: m.start(),
            end: m.end(),
        });
    }
}

/// An IBAN written in lower or mixed case right after its label (`iban: de89 3704 …`,
/// `IBAN nl91abna0417164300`): people type the electronic form as they please, and the check
/// digits are the same in either case (ISO 13616 reads letters case-blind). Only after the
/// label: without it, a lower-case run of letters and digits is a token or a hash as often,
/// and the capitals' search above finds the written forms.
fn find_labelled_ibans(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    // The label's rarest letter, `b`, finds it: `iban` in any case, not glued to a word before.
    for p in memchr::memchr2_iter(b'b', b'B', b) {
        if p < 1
            || p + 3 > b.len()
            || !b[p - 1..p + 3].eq_ignore_ascii_case(b"iban")
            || (p > 1 && b[p - 2].is_ascii_alphanumeric())
        {
            continue;
        }
        let mut start = p + 3;
        // `IBAN no.`, `IBAN #`, `IBAN:`, `IBAN is`; spaces between.
        let skip = |s: &mut usize, w: &[u8]| {
            if b.len() >= *s + w.len() && b[*s..*s + w.len()].eq_ignore_ascii_case(w) {
                *s += w.len();
                true
            } else {
                false
            }
        };
        let spaces = |s: &mut usize| {
            while *s < b.len() && b[*s] == b' ' {
                *s += 1;
            }
        };
        spaces(&mut start);
        let _ = skip(&mut start, b"number") || skip(&mut start, b"no.") || skip(&mut start, b"#");
        spaces(&mut start);
        let _ =
            skip(&mut start, b":") || skip(&mut start, "：".as_bytes()) || skip(&mut start, b"is ");
        spaces(&mut start);
        let shaped = b.len() >= start + 4
            && b[start].is_ascii_alphabetic()
            && b[start + 1].is_ascii_alphabetic()
            && b[start..start + 2].iter().any(u8::is_ascii_lowercase)
            && b[start + 2].is_ascii_digit()
            && b[start + 3].is_ascii_digit();
        if !shaped || out.iter().any(|m| m.start == start) {
            continue;
        }
        // The candidate's run: letters and digits, single spaces or hyphens between.
        let mut end = start;
        while end < b.len()
            && end - start < MAX_IBAN_TEXT
            && (b[end].is_ascii_alphanumeric()
                || (matches!(b[end], b' ' | b'-')
                    && b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)))
        {
            end += 1;
        }
        if let Some(e) = longest_iban(t, start, end) {
            out.push(Match {
                kind: Kind::BankAccount,
                start,
                end: e,
            });
        }
    }
}

/// Whether the text before `at` ends with the label `IBAN` (any case), itself not glued to a
/// letter or digit before it.
fn after_iban_label(t: &str, at: usize) -> bool {
    let b = t.as_bytes();
    at >= 4
        && b[at - 4..at].eq_ignore_ascii_case(b"IBAN")
        && !char_before(t, at - 4).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The end of the longest IBAN that starts at `start` within `start..end`, ending at a letter
/// or digit that is not glued to a further one.
fn longest_iban(t: &str, start: usize, end: usize) -> Option<usize> {
    let text = &t[start..end.min(start + MAX_IBAN_TEXT)];
    // The compact (electronic) form, and where each of its characters ends in `t`.
    let mut compact = String::with_capacity(34);
    let mut ends = Vec::with_capacity(34);
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() {
            compact.push(c.to_ascii_uppercase());
            ends.push(start + i + 1);
        }
        if compact.len() == 34 {
            break;
        }
    }
    (15..=compact.len()).rev().find_map(|n| {
        let e = ends[n - 1];
        let glued = char_after(t, e).is_some_and(|c| c.is_ascii_alphanumeric());
        (!glued && is_iban(&compact[..n])).then_some(e)
    })
}

/// An IBAN in electronic form: the registry's format for its country and mod-97. A country the
/// crate's copy of the registry lacks (Pakistan, in `iban_validate` 5.0) is held to ISO 13616's
/// structure and mod-97 alone, if its code is a real country's.
fn is_iban(s: &str) -> bool {
    match s.parse::<iban::Iban>() {
        Ok(_) => true,
        Err(iban::ParseIbanError::UnknownCountry(_)) => {
            s[..2].parse::<phonenumber::country::Id>().is_ok()
        }
        Err(_) => false,
    }
}

/// Whether a whole value is one IBAN (electronic or grouped).
pub(crate) fn is_whole_iban(t: &str) -> bool {
    let t = t.trim();
    t.len() <= MAX_IBAN_TEXT
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
        && longest_iban(t, 0, t.len()) == Some(t.len())
}

/// Whether the digits starting at `i` follow an IBAN's country code and check digits glued
/// (`DE89…`): the number detectors leave such runs to this one.
pub(crate) fn after_country_code(t: &str, i: usize) -> bool {
    let b = t.as_bytes();
    i >= 2
        && b[i - 2].is_ascii_uppercase()
        && b[i - 1].is_ascii_uppercase()
        && (i == 2 || !b[i - 3].is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        Bank::new().find(t, &mut out);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn accounts_after_an_english_label() {
        for (t, want) in [
            ("Bank account: 1234567", "1234567"),
            ("bank account number 9451234", "9451234"),
            ("BANK ACCOUNT NO: 12-345-678", "12-345-678"),
            ("Checking acct # 000123456789", "000123456789"),
            ("savings account no. 1234 5678 9012", "1234 5678 9012"),
            ("bank a/c 12345678.", "12345678"),
            ("bank account 12345678 2 cards", "12345678"),
            (
                "US checking account is 12345678901234567",
                "12345678901234567",
            ),
            ("振込先: bank account 87654321 まで", "87654321"),
            // Beside a bank's code, before or after it.
            ("Sort code 12-34-56, account 12345678", "12345678"),
            (
                "routing number 021000021 and account no. 123456789",
                "123456789",
            ),
            ("BSB 062-000 acct 1234 5678", "1234 5678"),
            ("account 31926819 (sort code 60-16-13)", "31926819"),
            // The account a payment goes to; a UK pair without labels (a review's probe).
            ("Please wire to account 123456789.", "123456789"),
            ("transfer to my account 12345678 please", "12345678"),
            ("My bank details: 12-34-56 12345678", "12345678"),
        ] {
            assert_eq!(found(t), [want], "{t}");
        }
        for t in [
            // Not a bank's account, or not an account number's length.
            "account number 12345678",
            "bank account 12345",
            "bank accountant 1234567",
            "current account balance is 12345678 yen",
            "bank account 123456789012345678",
            "bank account 1234567abc",
            "sort code 12-34-56",
            "account page sort code asc 12345678",
            "Order 2024-12-01 12345678",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }

    /// Zengin's bank-branch-account groups and Japan Post Bank's numbers, as its passbooks and
    /// transfer slips print them.
    #[test]
    fn whole_japanese_accounts_in_their_groups() {
        for (t, want) in [
            ("口座 0001-123-1234567", "0001-123-1234567"),
            ("振込先 0005 001 1234567", "0005 001 1234567"),
            ("銀行口座：0009-001-1234567です", "0009-001-1234567"),
            ("ゆうちょ 12345-12345671", "12345-12345671"),
            ("ゆうちょ銀行 10170-2345671 まで", "10170-2345671"),
            ("振替口座 00120-1-123456", "00120-1-123456"),
            ("口座番号：00011231234567", "00011231234567"),
        ] {
            assert_eq!(found(t), [want], "{t}");
        }
        for t in [
            // No word of a bank or an account in the text.
            "注文 0001-123-1234567",
            // Longer numbers, other groupings, a 番号 not ending in 1, a 記号 not from 1.
            "口座 0001-123-1234567-8",
            "口座 0001-1234-1234567",
            "ゆうちょ 12345-12345678",
            "ゆうちょ 22345-12345671",
            "口座 2024-12-01 1234567",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }

    #[test]
    fn ibans_in_their_written_forms() {
        assert_eq!(
            found("IBAN: DE89370400440532013000."),
            ["DE89370400440532013000"]
        );
        assert_eq!(
            found("振込先 DE89 3704 0044 0532 0130 00 まで"),
            ["DE89 3704 0044 0532 0130 00"]
        );
        assert_eq!(
            found("GB29-NWBK-6016-1331-9268-19 thanks"),
            ["GB29-NWBK-6016-1331-9268-19"]
        );
        // The registry's examples, one after another in a line: the first's match runs on
        // into the words after it, and the second is found all the same.
        assert_eq!(
            found(
                "IBAN DE89 3704 0044 0532 0130 00 and GB82WEST12345698765432, FR1420041010050500013M02606"
            ),
            [
                "DE89 3704 0044 0532 0130 00",
                "GB82WEST12345698765432",
                "FR1420041010050500013M02606"
            ]
        );
        assert_eq!(
            found("NL91 ABNA 0417 1643 00 NL91ABNA0417164300"),
            ["NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"]
        );
        // A wrong check digit, a wrong length, a word glued on: nothing.
        assert!(found("DE88370400440532013000").is_empty());
        assert!(found("DE8937040044053201300").is_empty());
        assert!(found("XDE89370400440532013000").is_empty());
        // Glued to its label, in any case, and the label glued to Japanese.
        assert_eq!(
            found("IBANDE89370400440532013000"),
            ["DE89370400440532013000"]
        );
        assert_eq!(
            found("口座IBANGB29NWBK60161331926819です"),
            ["GB29NWBK60161331926819"]
        );
        assert_eq!(
            found("ibanDE89 3704 0044 0532 0130 00"),
            ["DE89 3704 0044 0532 0130 00"]
        );
        assert!(found("XIBANDE89370400440532013000").is_empty());
        // Lower or mixed case after the label; not without it, not with a wrong check digit.
        assert_eq!(
            found("iban: de89370400440532013000 thanks"),
            ["de89370400440532013000"]
        );
        assert_eq!(
            found("My IBAN is gb82 west 1234 5698 7654 32."),
            ["gb82 west 1234 5698 7654 32"]
        );
        assert_eq!(found("IBAN no. Nl91abna0417164300"), ["Nl91abna0417164300"]);
        assert_eq!(found("IBAN: DE89370400440532013000").len(), 1);
        assert!(found("de89370400440532013000").is_empty());
        assert!(found("iban: de88370400440532013000").is_empty());
        assert!(found("caribbean de89370400440532013000").is_empty());
    }

    /// An account's seven digits after its type (普通, 当座), or after 口座番号; Japan Post
    /// Bank's 記号 and 番号 where the text names it (a review found 33 of 36 accounts after
    /// 口座番号 alone, and 30 of 30 of Japan Post Bank's, left whole).
    #[test]
    fn japanese_accounts_need_the_account_type_or_label() {
        assert_eq!(found("三菱UFJ銀行 新宿支店 普通 1234567"), ["1234567"]);
        assert_eq!(found("当座預金 口座番号：7654321"), ["7654321"]);
        assert_eq!(found("口座番号：8690241。"), ["8690241"]);
        assert_eq!(found("振込先の口座番号は1234567です"), ["1234567"]);
        assert_eq!(found("店番592 口座8790962"), ["8790962"]);
        assert_eq!(found("振込先は三菱UFJ銀行の6573621です"), ["6573621"]);
        assert_eq!(found("りそな銀行梅田支店(普)7212033,3,980"), ["7212033"]);
        assert_eq!(found("新宿支店 1234567"), ["1234567"]);
        assert_eq!(
            found("ゆうちょ銀行 記号11318 番号53007661。"),
            ["11318", "53007661"]
        );
        assert!(found("注文番号 1234567").is_empty());
        assert!(found("普通 12345678").is_empty());
        assert!(found("口座番号 12345678").is_empty());
        assert!(found("銀行で12,800円").is_empty());
        assert!(found("支店の電話 0312345678").is_empty());
        // 記号 and 番号 without the bank are a health insurance card's (another detector's).
        assert!(found("保険証 記号11318 番号53007661").is_empty());
    }
}
