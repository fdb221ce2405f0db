//! The rest of the `national-id` detector (`national` holds China's, Korea's, Taiwan's and the
//! US's): the identity, tax and health numbers of the countries a Japanese shop's foreign
//! customers most often come from or write in, each by its published format and check.
//!
//! | scheme | format | check | without a label |
//! |---|---|---|---|
//! | UK NHS number | 10 digits (3-3-4) | mod 11 (NHS Data Dictionary) | no |
//! | UK National Insurance number | 2 letters, 6 digits, A–D | HMRC's prefix rules | `AB 12 34 56 C` with its spaces |
//! | India Aadhaar | 12 digits, the first 2–9 | Verhoeff | no |
//! | India PAN | 5 letters (the 4th the holder's type), 4 digits, a letter | none | no |
//! | Spain DNI / NIE | 8 digits or X/Y/Z and 7, a letter | mod 23 letter | no |
//! | Canada SIN | 9 digits (3-3-3), not from 8 | Luhn | no |
//! | Poland PESEL | 11 digits, a date of birth first | weights 1-3-7-9 | no |
//! | Netherlands BSN | 9 digits | the 11-test | no |
//! | Germany Steuer-ID | 11 digits, not from 0 | ISO 7064 MOD 11,10 | no |
//! | Australia TFN | 8 or 9 digits | weighted mod 11 | no |
//! | Singapore NRIC / FIN | S, T, F, G or M, 7 digits, a letter | weighted mod 11 letter | no |
//! | Sweden personnummer | YYMMDD-NNNC (or with the century) | Luhn | no |
//! | Brazil CPF | 11 digits, `NNN.NNN.NNN-NN` | two mod 11 digits | in its dotted form |
//! | Thailand ID | 13 digits, `N-NNNN-NNNNN-NN-N` | weighted mod 11 | in its grouped form |
//! | France NIR | 15 digits (1-2-2-2-3-3-2), Corsica's 2A/2B | 97 − n mod 97 | in its spaced form |
//! | Italy codice fiscale | 16 letters and digits | the odd/even table's letter | yes |
//! | Mexico CURP | 18 letters and digits | weighted mod 10 | yes |
//! | Finland henkilötunnus | DDMMYY, the century's sign, 3 digits, a character | mod 31 | with a letter for its sign or check |
//! | Vietnam CCCD / CMND | 12 digits: a province 001–096, the century and sex, YY; 9 (CMND) | none | no |
//! | Indonesia NIK | 16 digits: a region, DDMMYY (the day plus 40 for women), 4 digits | none | no |
//!
//! A number whose check passes by chance as often as 1 in 10 to 1 in 100 (most of the digit
//! schemes) is taken only after its label (`NHS number`, `Aadhaar`, `DNI`, `SIN`, `PESEL` …,
//! within the same line: [`find_labelled`]): nine or eleven digits are as often an order's, a
//! phone's or a parcel's. A format with a shape no other number has (a codice fiscale's letters
//! and digits, a CURP's, a henkilötunnus's century sign, a CPF's dots, a Thai ID's 1-4-5-2-1
//! grouping, a NIR's 1-2-2-2-3-3-2) is taken without one where it stands as a word of text
//! ([`find_shaped`]). Wherever found it is masked as `<NATIONAL_ID>`: none is an identifier
//! code under APPI (its list is Japan's own), but each names one person for life.

use std::sync::LazyLock;

use regex::Regex;

use super::checksum::is_luhn as luhn;
use super::keywords::Keywords;
use super::national::{digit, is_date, number};
use super::{Kind, Match};

/// The schemes a label may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Nhs,
    Nino,
    Aadhaar,
    Pan,
    SpainId,
    Sin,
    Pesel,
    Bsn,
    SteuerId,
    Tfn,
    Nric,
    Personnummer,
    Cpf,
    Thai,
    Nir,
    CodiceFiscale,
    Curp,
    Hetu,
    Vietnam,
    Nik,
}

/// The schemes tried after a generic label (`national ID`, `ID card number`, `citizen ID`).
const ANY: &[Scheme] = &[
    Scheme::Nhs,
    Scheme::Nino,
    Scheme::Aadhaar,
    Scheme::SpainId,
    Scheme::Sin,
    Scheme::Pesel,
    Scheme::Bsn,
    Scheme::SteuerId,
    Scheme::Tfn,
    Scheme::Nric,
    Scheme::Personnummer,
    Scheme::Cpf,
    Scheme::Thai,
    Scheme::Nir,
    Scheme::CodiceFiscale,
    Scheme::Curp,
    Scheme::Hetu,
    Scheme::Vietnam,
    Scheme::Nik,
];

fn all_digits(d: &[u8]) -> bool {
    d.iter().all(u8::is_ascii_digit)
}

/// The digits of `d` weighted `top`, `top − 1`, … from the first: the weighted sum most
/// mod 11 and mod 10 checks take.
fn descending(d: &[u8], top: u32) -> u32 {
    d.iter()
        .zip((0..=top).rev())
        .map(|(&c, w)| digit(c) * w)
        .sum()
}

/// An NHS number (NHS Data Dictionary): ten digits, the first nine weighted 10 to 2; 11 minus
/// the sum mod 11 is the tenth (11 counts as 0, 10 is never issued).
fn nhs(d: &[u8]) -> bool {
    if d.len() != 10 || !all_digits(d) {
        return false;
    }
    match 11 - descending(&d[..9], 10) % 11 {
        11 => d[9] == b'0',
        10 => false,
        c => digit(d[9]) == c,
    }
}

/// A National Insurance number (HMRC's NIM39110): two prefix letters, the first not D, F, I,
/// Q, U or V, the second not those nor O, the pairs BG, GB, KN, NK, NT, TN and ZZ never used;
/// six digits; a suffix A–D. (`QQ`, HMRC's own example prefix, is taken too: masking an
/// example costs nothing.)
fn nino(d: &[u8]) -> bool {
    if d.len() != 9
        || !d[..2].iter().all(u8::is_ascii_uppercase)
        || !all_digits(&d[2..8])
        || !matches!(d[8], b'A'..=b'D')
    {
        return false;
    }
    if &d[..2] == b"QQ" {
        return true;
    }
    !b"DFIQUV".contains(&d[0])
        && !b"DFIOQUV".contains(&d[1])
        && !matches!(
            &d[..2],
            b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ"
        )
}

/// The Verhoeff check (dihedral group D5), as Aadhaar numbers carry it.
fn verhoeff(d: &[u8]) -> bool {
    const MUL: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const PERM: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let mut c = 0u8;
    for (i, &x) in d.iter().rev().enumerate() {
        c = MUL[c as usize][PERM[i % 8][(x - b'0') as usize] as usize];
    }
    c == 0
}

/// An Aadhaar number (UIDAI): twelve digits, the first 2–9, the last a Verhoeff check digit.
fn aadhaar(d: &[u8]) -> bool {
    d.len() == 12 && all_digits(d) && d[0] >= b'2' && verhoeff(d)
}

/// A PAN (India's Permanent Account Number): five letters, the fourth the holder's type (P a
/// person, C a company, H, F, A, T, B, L, J, G), four digits and a letter. No check character.
fn pan(d: &[u8]) -> bool {
    d.len() == 10
        && d[..5].iter().all(u8::is_ascii_uppercase)
        && b"PCHFATBLJG".contains(&d[3])
        && all_digits(&d[5..9])
        && d[9].is_ascii_uppercase()
}

/// A Spanish DNI (8 digits) or NIE (X, Y or Z for 0, 1, 2 and 7 digits) and its letter: the
/// number mod 23 in `TRWAGMYFPDXBNJZSQVHLCKE`.
fn spain_id(d: &[u8]) -> bool {
    if d.len() != 9 {
        return false;
    }
    let lead = match d[0] {
        b'0'..=b'9' => digit(d[0]),
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        _ => return false,
    };
    if !all_digits(&d[1..8]) {
        return false;
    }
    let n = lead * 10_000_000 + number(&d[1..8]);
    b"TRWAGMYFPDXBNJZSQVHLCKE"[(n % 23) as usize] == d[8]
}

/// A Canadian Social Insurance Number: nine digits with a Luhn check, not from 8 (business
/// numbers). 0 is never issued but is the first digit of the government's own example
/// (`046 454 286`), taken like HMRC's `QQ`.
fn sin(d: &[u8]) -> bool {
    d.len() == 9 && all_digits(d) && d[0] != b'8' && luhn(d)
}

/// A PESEL: YYMMDD (the month plus 80, 0, 20, 40 or 60 for the 1800s to the 2200s), four
/// digits, the check digit: weights 1, 3, 7, 9 repeated; 10 minus the sum mod 10.
fn pesel(d: &[u8]) -> bool {
    if d.len() != 11 || !all_digits(d) {
        return false;
    }
    let (yy, mm, dd) = (number(&d[..2]), number(&d[2..4]), number(&d[4..6]));
    let (century, month) = match mm {
        81..=92 => (1800, mm - 80),
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        _ => return false,
    };
    if !is_date(century + yy, month, dd) {
        return false;
    }
    let sum: u32 = d[..10]
        .iter()
        .zip([1, 3, 7, 9].iter().cycle())
        .map(|(&c, w)| digit(c) * w)
        .sum();
    (10 - sum % 10) % 10 == digit(d[10])
}

/// A Dutch BSN: nine digits passing the 11-test (weights 9 to 2, the last −1).
fn bsn(d: &[u8]) -> bool {
    if d.len() != 9 || !all_digits(d) || d == b"000000000" {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(&c, w)| i64::from(digit(c)) * w)
        .sum::<i64>()
        - i64::from(digit(d[8]));
    sum.rem_euclid(11) == 0
}

/// A German tax identification number: eleven digits, not from 0, the last an ISO 7064 MOD
/// 11,10 check digit.
fn steuer_id(d: &[u8]) -> bool {
    if d.len() != 11 || !all_digits(d) || d[0] == b'0' {
        return false;
    }
    let mut product = 10;
    for &c in &d[..10] {
        let mut sum = (digit(c) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = sum * 2 % 11;
    }
    let check = 11 - product;
    (if check == 10 { 0 } else { check }) == digit(d[10])
}

/// An Australian tax file number: nine digits weighted 1, 4, 3, 7, 5, 8, 6, 9, 10 (eight
/// digits, the older form: 10, 7, 8, 4, 6, 3, 5, 1), the sum a multiple of 11.
fn tfn(d: &[u8]) -> bool {
    let weights: &[u32] = match d.len() {
        9 => &[1, 4, 3, 7, 5, 8, 6, 9, 10],
        8 => &[10, 7, 8, 4, 6, 3, 5, 1],
        _ => return false,
    };
    all_digits(d)
        && d.iter()
            .zip(weights)
            .map(|(&c, w)| digit(c) * w)
            .sum::<u32>()
            .is_multiple_of(11)
}

/// A Singapore NRIC (S, T: citizens and permanent residents born before and from 2000) or FIN
/// (F, G, M: foreigners): the prefix, seven digits weighted 2, 7, 6, 5, 4, 3, 2, plus 4 for T
/// and G and 3 for M, and the letter of the sum mod 11 in the prefix's table.
fn nric(d: &[u8]) -> bool {
    if d.len() != 9 || !all_digits(&d[1..8]) {
        return false;
    }
    let (offset, table): (u32, &[u8; 11]) = match d[0] {
        b'S' => (0, b"JZIHGFEDCBA"),
        b'T' => (4, b"JZIHGFEDCBA"),
        b'F' => (0, b"XWUTRQPNMLK"),
        b'G' => (4, b"XWUTRQPNMLK"),
        b'M' => (3, b"XWUTRQPNJLK"),
        _ => return false,
    };
    let sum: u32 = d[1..8]
        .iter()
        .zip([2, 7, 6, 5, 4, 3, 2])
        .map(|(&c, w)| digit(c) * w)
        .sum::<u32>()
        + offset;
    table[(sum % 11) as usize] == d[8]
}

/// A Swedish personnummer (or samordningsnummer, the day plus 60): YYMMDD, four digits, the
/// last a Luhn check over the ten; with the century (YYYYMMDD…) too.
fn personnummer(d: &[u8]) -> bool {
    let d = match d.len() {
        12 if matches!(&d[..2], b"18" | b"19" | b"20") => &d[2..],
        10 => d,
        _ => return false,
    };
    if !all_digits(d) {
        return false;
    }
    let (mm, dd) = (number(&d[2..4]), number(&d[4..6]));
    let dd = if dd > 60 { dd - 60 } else { dd };
    // The year's century is unknown without the long form: 2000 has every date 1900 has
    // but 29 February, which 2000 has too.
    is_date(2000 + number(&d[..2]), mm, dd) && luhn(d)
}

/// A Brazilian CPF: nine digits and two check digits, each 11 minus a weighted sum mod 11 (0
/// for 10 and 11); eleven equal digits pass the checks but are never issued.
fn cpf(d: &[u8]) -> bool {
    if d.len() != 11 || !all_digits(d) || d.iter().all(|&c| c == d[0]) {
        return false;
    }
    let check = |n: usize| {
        let r = 11 - descending(&d[..n], n as u32 + 1) % 11;
        if r >= 10 { 0 } else { r }
    };
    check(9) == digit(d[9]) && check(10) == digit(d[10])
}

/// A Thai national ID: thirteen digits, the first 1–8 (the holder's category), the last 11
/// minus the first twelve weighted 13 to 2 mod 11, mod 10.
fn thai(d: &[u8]) -> bool {
    if d.len() != 13 || !all_digits(d) || !matches!(d[0], b'1'..=b'8') {
        return false;
    }
    (11 - descending(&d[..12], 13) % 11) % 10 == digit(d[12])
}

/// A French NIR (numéro de sécurité sociale): the sex (1, 2; 3, 7, 8 for provisional
/// numbers), YY, MM (01–12, or 20 and 30–42, 50–99 when unknown), the département (2A and 2B
/// for Corsica, counted as 19 and 18), the commune and the order, six digits, then the key:
/// 97 minus the thirteen digits mod 97.
fn nir(d: &[u8]) -> bool {
    if d.len() != 15 || !matches!(d[0], b'1' | b'2' | b'3' | b'7' | b'8') {
        return false;
    }
    let mut digits = [0u8; 13];
    digits.copy_from_slice(&d[..13]);
    let corsica = match &d[5..7] {
        b"2A" => Some(b"19"),
        b"2B" => Some(b"18"),
        _ => None,
    };
    if let Some(c) = corsica {
        digits[5..7].copy_from_slice(c);
    }
    if !all_digits(&digits) || !all_digits(&d[13..]) {
        return false;
    }
    let month = number(&d[3..5]);
    if !(matches!(month, 1..=12 | 20 | 30..=42 | 50..=99)) {
        return false;
    }
    let n = digits
        .iter()
        .fold(0u64, |n, &c| n * 10 + u64::from(c - b'0'));
    let key = 97 - (n % 97) as u32;
    key == number(&d[13..])
}

/// The digit an Italian codice fiscale's letter stands for where a digit was replaced
/// (omocodia: `LMNPQRSTUV` for 0–9 in the digits' places of a code already taken).
fn cf_digit(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(digit(c)),
        _ => b"LMNPQRSTUV".iter().position(|&l| l == c).map(|p| p as u32),
    }
}

/// An Italian codice fiscale: three letters of the surname, three of the name, the year (two
/// digits), the month's letter (`ABCDEHLMPRST`), the day (plus 40 for women), the place of
/// birth (a letter and three digits: Belfiore's code, Z for abroad) and the check letter of
/// the odd and even places' table (DM 23/12/1976); digits may be letters (omocodia).
fn codice_fiscale(d: &[u8]) -> bool {
    if d.len() != 16 || !d.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let letters = |r: std::ops::Range<usize>| d[r].iter().all(u8::is_ascii_uppercase);
    let digits = |r: std::ops::Range<usize>| r.map(|i| cf_digit(d[i])).collect::<Option<Vec<_>>>();
    if !letters(0..6) || !d[8].is_ascii_uppercase() || !d[11].is_ascii_uppercase() {
        return false;
    }
    let (Some(_year), Some(day), Some(_place)) = (digits(6..8), digits(9..11), digits(12..15))
    else {
        return false;
    };
    if !b"ABCDEHLMPRST".contains(&d[8]) {
        return false;
    }
    let day = day[0] * 10 + day[1];
    if !matches!(day, 1..=31 | 41..=71) {
        return false;
    }
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let value = |i: usize, c: u8| -> u32 {
        // A digit counts as the letter of its place in the alphabet (0 as A …).
        let k = if c.is_ascii_digit() {
            (c - b'0') as usize
        } else {
            (c - b'A') as usize
        };
        if i.is_multiple_of(2) {
            ODD[k]
        } else {
            k as u32
        }
    };
    let sum: u32 = d[..15].iter().enumerate().map(|(i, &c)| value(i, c)).sum();
    d[15] == b'A' + (sum % 26) as u8
}

/// The states of a CURP (RENAPO's two-letter codes; NE for those born abroad).
const CURP_STATES: &[&[u8; 2]] = &[
    b"AS", b"BC", b"BS", b"CC", b"CL", b"CM", b"CS", b"CH", b"DF", b"DG", b"GT", b"GR", b"HG",
    b"JC", b"MC", b"MN", b"MS", b"NT", b"NL", b"OC", b"PL", b"QT", b"QR", b"SP", b"SL", b"SR",
    b"TC", b"TS", b"TL", b"VZ", b"YN", b"ZS", b"NE",
];

/// A Mexican CURP: four letters of the names, the date of birth (YYMMDD), the sex (H, M; X
/// since 2022), the state, three consonants of the names, a character for the century (a
/// digit before 2000, a letter from 2000) and the check digit: the first seventeen valued in
/// `0-9A-NÑO-Z` (Ñ as `&` in ASCII) and weighted 18 to 2, ten minus the sum mod 10.
fn curp(d: &[u8]) -> bool {
    if d.len() != 18
        || !d[..4].iter().all(u8::is_ascii_uppercase)
        || !all_digits(&d[4..10])
        || !matches!(d[10], b'H' | b'M' | b'X')
        || !CURP_STATES.iter().any(|s| s[..] == d[11..13])
        || !d[13..16].iter().all(u8::is_ascii_uppercase)
        || !d[16].is_ascii_alphanumeric()
        || !d[17].is_ascii_digit()
    {
        return false;
    }
    let year = number(&d[4..6]) + if d[16].is_ascii_digit() { 1900 } else { 2000 };
    if !is_date(year, number(&d[6..8]), number(&d[8..10])) {
        return false;
    }
    let value = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => digit(c),
            b'A'..=b'N' => u32::from(c - b'A') + 10,
            b'&' => 24,
            _ => u32::from(c - b'A') + 11,
        }
    };
    let sum: u32 = d[..17]
        .iter()
        .zip((2..=18).rev())
        .map(|(&c, w)| value(c) * w)
        .sum();
    (10 - sum % 10) % 10 == digit(d[17])
}

/// A Finnish henkilötunnus: DDMMYY, the century's sign (`+` 1800s; `-`, `Y`, `X`, `W`, `V`,
/// `U` 1900s; `A`–`F` 2000s), an individual number 002–899 and the check character of the
/// nine digits mod 31 in `0123456789ABCDEFHJKLMNPRSTUVWXY`.
fn hetu(d: &[u8]) -> bool {
    if d.len() != 11 || !all_digits(&d[..6]) || !all_digits(&d[7..10]) {
        return false;
    }
    let century = match d[6] {
        b'+' => 1800,
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
        b'A'..=b'F' => 2000,
        _ => return false,
    };
    if !is_date(
        century + number(&d[4..6]),
        number(&d[2..4]),
        number(&d[..2]),
    ) || !(2..=899).contains(&number(&d[7..10]))
    {
        return false;
    }
    let n = number(&d[..6]) as u64 * 1000 + u64::from(number(&d[7..10]));
    b"0123456789ABCDEFHJKLMNPRSTUVWXY"[(n % 31) as usize] == d[10]
}

/// A Vietnamese citizen identity card number (CCCD, since 2016; the identity card of 2024
/// keeps it): a province code 001–096, a digit for the century and sex (0–9: 0 and 1 the
/// 1900s, 2 and 3 the 2000s …), the year's last two digits and six digits; or the older
/// identity card's (CMND) nine digits. No check digit: taken after its label only.
fn vietnam(d: &[u8]) -> bool {
    all_digits(d)
        && match d.len() {
            12 => (1..=96).contains(&number(&d[..3])),
            9 => true,
            _ => false,
        }
}

/// An Indonesian NIK (Nomor Induk Kependudukan): a province (11–94), a regency and a district
/// (two digits each), the date of birth as DDMMYY with the day plus 40 for women, and a
/// four-digit serial from 0001. No check digit: taken after its label only.
fn nik(d: &[u8]) -> bool {
    if d.len() != 16 || !all_digits(d) || !(11..=94).contains(&number(&d[..2])) {
        return false;
    }
    let day = number(&d[6..8]);
    let day = if day > 40 { day - 40 } else { day };
    // The century is unknown: 2000 has every date of the 1900s, 29 February too.
    is_date(2000 + number(&d[10..12]), number(&d[8..10]), day) && number(&d[12..]) > 0
}

/// Whether `value` (a label's value: ASCII letters and digits, maybe grouped by spaces,
/// hyphens, dots or slashes) is a number of `scheme`.
fn is_scheme(scheme: Scheme, value: &[u8]) -> bool {
    // The henkilötunnus's sign and the personnummer's `-`/`+` are part of the value.
    if scheme == Scheme::Hetu {
        let mut v = [0u8; 11];
        return value.len() == 11 && {
            for (o, c) in v.iter_mut().zip(value) {
                *o = c.to_ascii_uppercase();
            }
            hetu(&v)
        };
    }
    let mut compact = [0u8; 24];
    let mut n = 0;
    for &c in value {
        if c.is_ascii_alphanumeric() {
            if n == compact.len() {
                return false;
            }
            compact[n] = c.to_ascii_uppercase();
            n += 1;
        }
    }
    let d = &compact[..n];
    match scheme {
        Scheme::Nhs => nhs(d),
        Scheme::Nino => nino(d),
        Scheme::Aadhaar => aadhaar(d),
        Scheme::Pan => pan(d),
        Scheme::SpainId => spain_id(d),
        Scheme::Sin => sin(d),
        Scheme::Pesel => pesel(d),
        Scheme::Bsn => bsn(d),
        Scheme::SteuerId => steuer_id(d),
        Scheme::Tfn => tfn(d),
        Scheme::Nric => nric(d),
        Scheme::Personnummer => personnummer(d),
        Scheme::Cpf => cpf(d),
        Scheme::Thai => thai(d),
        Scheme::Nir => nir(d),
        Scheme::CodiceFiscale => codice_fiscale(d),
        Scheme::Curp => curp(d),
        Scheme::Vietnam => vietnam(d),
        Scheme::Nik => nik(d),
        Scheme::Hetu => unreachable!("handled above"),
    }
}

/// Fragments of every label, spelt as the normalised text spells them (the case variants
/// people write): one SIMD search says whether [`find_labelled`]'s regex need run. At most 64
/// words, Teddy's limit: more would make it the automaton, several times slower per byte (a
/// test checks); so some rarer spellings (`CODICE FISCALE`, `HENKILÖTUNNUS`, `SÉCURITÉ`) are
/// not cues, and their numbers are found without a label where their shape allows.
const CUES: &[&str] = &[
    "NHS",
    "nhs",
    "nsurance",
    "NSURANCE",
    "NINO",
    "NI n",
    "NI N",
    "adha",
    "ADHA",
    "आधार",
    "PAN",
    "ermanent",
    "DNI",
    "NIE",
    "NIF",
    "SIN",
    "PESEL",
    "esel",
    "BSN",
    "bsn",
    "urgerserv",
    "teuer",
    "TEUER",
    "TFN",
    "tfn",
    "ax file",
    "ax File",
    "NRIC",
    "nric",
    "FIN",
    "curit",
    "NIR",
    "NSEE",
    "nsee",
    "ersonnummer",
    "CPF",
    "cpf",
    "odice",
    "CURP",
    "curp",
    "enkil",
    "HETU",
    "hetu",
    "Hetu",
    "hai ID",
    "HAI ID",
    "เลขประจำตัว",
    "บัตรประชาชน",
    "ational I",
    "ational i",
    "ATIONAL I",
    "itizen I",
    "itizen i",
    "dentity c",
    "dentity C",
    "CCCD",
    "cccd",
    "CMND",
    "cmnd",
    "ăn cước",
    "an cuoc",
    "NIK",
    "KTP",
];

/// Whether the normalised text `t` holds a fragment of a label.
pub(crate) fn cued(t: &str) -> bool {
    static ALL: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[CUES]));
    ALL.groups(t) != 0
}

/// The schemes the label `l` (as matched, any case) stands for.
fn schemes_of(l: &str) -> &'static [Scheme] {
    let l = l.to_lowercase();
    let has = |w: &str| l.contains(w);
    if has("nhs") {
        &[Scheme::Nhs]
    } else if has("national insurance") || l.starts_with("ni ") || l.starts_with("nino") {
        &[Scheme::Nino]
    } else if has("aadha") || has("आधार") {
        &[Scheme::Aadhaar]
    } else if l.starts_with("pan") || has("permanent account") {
        &[Scheme::Pan]
    } else if has("dni") || has("nie") || has("nif") {
        &[Scheme::SpainId]
    } else if l.starts_with("sin") || has("social insurance") {
        &[Scheme::Sin]
    } else if has("pesel") {
        &[Scheme::Pesel]
    } else if has("bsn") || has("burgerservice") {
        &[Scheme::Bsn]
    } else if has("steuer") {
        &[Scheme::SteuerId]
    } else if has("tfn") || has("tax file") {
        &[Scheme::Tfn]
    } else if has("nric") || l.starts_with("fin") {
        &[Scheme::Nric]
    } else if has("personnummer") {
        &[Scheme::Personnummer]
    } else if has("cpf") {
        &[Scheme::Cpf]
    } else if has("thai") || has("เลขประจำตัว") || has("บัตรประชาชน")
    {
        &[Scheme::Thai]
    } else if has("curit") || has("nir") || has("insee") {
        &[Scheme::Nir]
    } else if has("codice") {
        &[Scheme::CodiceFiscale]
    } else if has("curp") {
        &[Scheme::Curp]
    } else if has("henkil") || has("hetu") {
        &[Scheme::Hetu]
    } else if has("cccd") || has("cmnd") || has("căn cước") || has("can cuoc") {
        &[Scheme::Vietnam]
    } else if has("nik") || has("ktp") {
        &[Scheme::Nik]
    } else {
        ANY
    }
}

/// National numbers after their label in the normalised text `t` (see the module docs). The
/// label is not glued to a letter or digit on either side (`SINGLE`, `BASIN`, `PANTS`), and
/// the number follows within the line after at most a mark, a `No.`, `number` or `is`; of
/// the value's groups (split at spaces, hyphens, dots and slashes) the longest run from the
/// first that passes one of the label's schemes is taken, not glued to a letter or digit.
pub(crate) fn find_labelled(t: &str, out: &mut Vec<Match>) {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            r"(?:(?i:nhs(?:[ ]?(?:number|no\.?))?|national[ ]insurance(?:[ ](?:number|no\.?))?",
            r"|ni[ ](?:number|no\.?)|nino|aadhaa?r(?:[ ]card)?(?:[ ](?:number|no\.?))?",
            r"|permanent[ ]account[ ]number",
            r"|social[ ]insurance[ ](?:number|no\.?)|pesel|bsn|burgerservicenummer",
            r"|steuer-?identifikationsnummer|steuer-?id(?:nr\.?)?",
            r"|tfn|tax[ ]file[ ](?:number|no\.?)|nric(?:/fin)?|personnummer|cpf|codice[ ]fiscale|curp",
            r"|henkil[öo]tunnus|hetu|num[ée]ro[ ]de[ ]s[ée]curit[ée][ ]sociale|s[ée]curit[ée][ ]sociale",
            r"|num[ée]ro[ ]insee|thai[ ]id(?:[ ]card)?|national[ ]id(?:entity)?(?:[ ]card)?(?:[ ](?:number|no\.?))?",
            r"|citizen[ ]id(?:[ ](?:number|no\.?))?|identity[ ]card[ ](?:number|no\.?)",
            r"|(?:s[ốo][ ])?cccd|(?:s[ốo][ ])?cmnd|c[ăa]n[ ]c[ưu][ớo]c(?:[ ]c[ôo]ng[ ]d[âa]n)?",
            r"|ktp)",
            r"|PAN(?:[ ]card)?|SIN|FIN|NIR|DNI|NIE|NIF|NIK|आधार(?:[ ]?संख्या)?",
            r"|เลขประจำตัวประชาชน|บัตรประชาชน)",
            // A number's word after the label, a mark, an `is`, then the value.
            r"(?:[ ]?(?:(?i:number|no\.?|nr\.?|#)|番号|ナンバ-|号码|號碼))?[ \t]*(?:[:=#]|(?i:is|es|ist|est|é|är|on|jest)[ ]|は|が|の)?[ \t]*",
            r"([A-Za-z0-9](?:[A-Za-z0-9]|[ .\-/+][A-Za-z0-9]){5,24})",
        ))
    });
    let b = t.as_bytes();
    // The value may run on into the next label (`DNI 12345678-Z y NIE X1234567L`): the next
    // search starts where the number taken ends, not where the value's run ends.
    let mut at = 0;
    while let Some(c) = LABELLED.captures_at(t, at) {
        let (Some(label), Some(value)) = (c.get(0), c.get(1)) else {
            break;
        };
        at = next_char(t, label.start());
        // The label stands as a word: not glued to an ASCII letter or digit before it, nor
        // its last letter to one after it (the value follows a mark or a space, or is glued
        // to a label in another script: `आधार123…` is rare, `PANTS` is not).
        let label_text = &t[label.start()..value.start()];
        let label_end = label.start() + label_text.trim_end().len();
        if label.start() > 0 && b[label.start() - 1].is_ascii_alphanumeric() {
            continue;
        }
        if label_end == value.start()
            && b[label_end - 1].is_ascii_alphanumeric()
            && b[value.start()].is_ascii_alphanumeric()
        {
            continue;
        }
        let schemes = schemes_of(label_text);
        let v = value.as_str().as_bytes();
        // The ends of the value's groups, the longest first.
        let mut ends: Vec<usize> = (1..v.len())
            .filter(|&i| !v[i].is_ascii_alphanumeric())
            .chain([v.len()])
            .collect();
        ends.reverse();
        for end in ends {
            let candidate = &v[..end];
            if schemes.iter().any(|&s| is_scheme(s, candidate)) {
                let end = value.start() + end;
                if !super::normalize::glued_after(t, end) {
                    out.push(Match {
                        kind: Kind::NationalId,
                        start: value.start(),
                        end,
                    });
                    at = end;
                }
                break;
            }
        }
    }
}

/// The offset of the character after the one at `i`.
fn next_char(t: &str, i: usize) -> usize {
    t[i..].chars().next().map_or(t.len(), |c| i + c.len_utf8())
}

/// The shapes taken without a label (see the module docs), in the normalised text `t`.
/// Called on text with an ASCII digit.
pub(crate) fn find_shaped(t: &str, upper: bool, out: &mut Vec<Match>) {
    static SHAPED: LazyLock<Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            // A codice fiscale, a CURP, a henkilötunnus,
            r"(?:[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])",
            r"|(?:[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9])",
            r"|(?:[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y])",
            // a CPF, a Thai ID, a NIR, a National Insurance number.
            r"|(?:[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2})",
            r"|(?:[1-8]-[0-9]{4}-[0-9]{5}-[0-9]{2}-[0-9])",
            r"|(?:[12378][ ][0-9]{2}[ ][0-9]{2}[ ](?:[0-9]{2}|2A|2B)[ ][0-9]{3}[ ][0-9]{3}[ ][0-9]{2})",
            r"|(?:[A-Z]{2}[ ][0-9]{2}[ ][0-9]{2}[ ][0-9]{2}[ ][A-D])",
        ))
    });
    static DIGITS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            r"(?:[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2})",
            r"|(?:[1-8]-[0-9]{4}-[0-9]{5}-[0-9]{2}-[0-9])",
            r"|(?:[12378][ ][0-9]{2}[ ][0-9]{2}[ ][0-9]{2}[ ][0-9]{3}[ ][0-9]{3}[ ][0-9]{2})",
        ))
    });
    let b = t.as_bytes();
    let re = if upper { &*SHAPED } else { &*DIGITS_ONLY };
    for m in re.find_iter(t) {
        let (start, end) = (m.start(), m.end());
        // A word of its own, in prose: not glued to a letter or digit, nor a part of a URL,
        // a query or a file name (`/item/…`, `id=…`, `…_2.jpg`), nor inside a longer run
        // of groups (`12.345.678.901-23`, `1 85 05 78 006 084 36 12`).
        if start > 0 && b[start - 1].is_ascii_alphanumeric()
            || b.get(end).is_some_and(u8::is_ascii_alphanumeric)
            || !super::national::in_prose(b, start, end)
            || b.get(end).is_some_and(|&c| matches!(c, b'.' | b'-' | b' '))
                && b.get(end + 1).is_some_and(u8::is_ascii_digit)
            || start >= 2
                && matches!(b[start - 1], b'.' | b'-' | b' ')
                && b[start - 2].is_ascii_digit()
        {
            continue;
        }
        let v = m.as_str().as_bytes();
        // Which shape matched, from the match alone (`find_iter` costs less per text than
        // `captures_iter`, and most texts hold no match).
        let scheme = match v.len() {
            _ if v.contains(&b'.') => Scheme::Cpf,
            _ if v[1] == b'-' => Scheme::Thai,
            _ if v[1] == b' ' => Scheme::Nir,
            _ if v[2] == b' ' => Scheme::Nino,
            16 => Scheme::CodiceFiscale,
            18 => Scheme::Curp,
            _ => Scheme::Hetu,
        };
        // A henkilötunnus with the 1900s' `-` and a digit for its check character has the
        // shape of a date-led order number (`261206-1234`), which passes the check 1 time in
        // 31: without a label, only one with a letter in either place.
        if scheme == Scheme::Hetu && v[6] == b'-' && v[10].is_ascii_digit() {
            continue;
        }
        if is_scheme(scheme, v) {
            out.push(Match {
                kind: Kind::NationalId,
                start,
                end,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples_pass_and_one_changed_character_fails() {
        // Each scheme's example as its issuer or a standard reference publishes it.
        let cases: &[(Scheme, &str)] = &[
            (Scheme::Nhs, "9434765919"),
            (Scheme::Nino, "AB123456C"),
            (Scheme::Nino, "QQ123456C"),
            (Scheme::SpainId, "12345678Z"),
            (Scheme::SpainId, "X1234567L"),
            (Scheme::Sin, "046454286"),
            (Scheme::Pesel, "44051401359"),
            (Scheme::Bsn, "111222333"),
            (Scheme::SteuerId, "86095742719"),
            (Scheme::Tfn, "123456782"),
            (Scheme::Nric, "S1234567D"),
            (Scheme::Personnummer, "8112289874"),
            (Scheme::Personnummer, "198112289874"),
            (Scheme::Cpf, "52998224725"),
            (Scheme::Nir, "255081416802538"),
            (Scheme::CodiceFiscale, "RSSMRA85T10A562S"),
            (Scheme::Curp, "HEGG560427MVZRRL04"),
            (Scheme::Hetu, "131052-308T"),
            (Scheme::Pan, "ABCPE1234F"),
        ];
        for &(s, v) in cases {
            assert!(is_scheme(s, v.as_bytes()), "{s:?} {v}");
            // The last character changed.
            let mut w = v.as_bytes().to_vec();
            let last = w.len() - 1;
            w[last] = if w[last].is_ascii_digit() {
                b'0' + (w[last] - b'0' + 1) % 10
            } else if w[last] == b'Z' {
                b'A'
            } else {
                w[last] + 1
            };
            // A PAN has no check character, a National Insurance number's suffix is no check.
            if !matches!(s, Scheme::Pan | Scheme::Nino) {
                assert!(!is_scheme(s, &w), "{s:?} {}", String::from_utf8_lossy(&w));
            }
        }
    }

    #[test]
    fn checks_catch_every_single_digit_error_where_they_promise_to() {
        // Verhoeff, MOD 11,10, mod 97 and the NHS's and CPF's mod 11 catch every substitution
        // of one digit (for the NHS's, a substitution that makes the remainder 10 gives a
        // number never issued, also rejected). The Thai ID's check (mod 11, then mod 10) does
        // not: remainders 0 and 10 give the same digit.
        let cases: &[(Scheme, &str)] = &[
            (Scheme::Aadhaar, "234123412346"),
            (Scheme::SteuerId, "86095742719"),
            (Scheme::Nir, "255081416802538"),
            (Scheme::Nhs, "9434765919"),
            (Scheme::Cpf, "52998224725"),
        ];
        for &(s, v) in cases {
            assert!(is_scheme(s, v.as_bytes()), "{s:?} {v}");
            for i in 0..v.len() {
                for c in b'0'..=b'9' {
                    let mut w = v.as_bytes().to_vec();
                    if w[i] == c || (i == 0 && c < b'2') {
                        continue;
                    }
                    w[i] = c;
                    assert!(!is_scheme(s, &w), "{s:?} {}", String::from_utf8_lossy(&w));
                }
            }
        }
    }

    #[test]
    fn the_cue_search_stays_within_teddys_limit() {
        assert!(CUES.len() <= 64, "{} cue words", CUES.len());
        // Every label of the regex holds a cue (spelt as tests write them).
        for t in [
            "NHS number",
            "National Insurance number",
            "NINO",
            "NI number",
            "Aadhaar",
            "आधार",
            "PAN",
            "Permanent Account Number",
            "DNI",
            "NIE",
            "NIF",
            "SIN",
            "Social Insurance Number",
            "PESEL",
            "BSN",
            "burgerservicenummer",
            "Steuer-ID",
            "Steueridentifikationsnummer",
            "TFN",
            "Tax File Number",
            "tax file number",
            "NRIC",
            "FIN",
            "personnummer",
            "CPF",
            "codice fiscale",
            "CURP",
            "henkilötunnus",
            "hetu",
            "numéro de sécurité sociale",
            "securite sociale",
            "NIR",
            "numéro INSEE",
            "Thai ID",
            "เลขประจำตัวประชาชน",
            "บัตรประชาชน",
            "national ID",
            "National Identity Card",
            "citizen ID",
            "identity card number",
            "Số CCCD",
            "CMND",
            "căn cước công dân",
            "can cuoc",
            "NIK",
            "KTP",
        ] {
            assert!(cued(t), "{t}");
        }
    }

    #[test]
    fn verhoeff_of_the_published_example() {
        // Verhoeff's worked example: 236 has check digit 3.
        assert!(verhoeff(b"2363"));
        assert!(!verhoeff(b"2364"));
    }

    #[test]
    fn nric_prefixes_and_their_tables() {
        // One number under each prefix: the letter moves with the offset and the table.
        for (id, ok) in [
            ("S1234567D", true),
            ("T1234567J", true),
            ("F1234567N", true),
            ("G1234567X", true),
            ("M1234567K", true),
            ("S1234567A", false),
            ("X1234567D", false),
        ] {
            assert_eq!(nric(id.as_bytes()), ok, "{id}");
        }
    }

    fn labelled(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_labelled(t, &mut out);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn numbers_after_their_labels() {
        assert_eq!(labelled("NHS number: 943 476 5919"), ["943 476 5919"]);
        assert_eq!(labelled("my NHS No. is 9434765919."), ["9434765919"]);
        assert_eq!(
            labelled("National Insurance number QQ 12 34 56 C, thanks"),
            ["QQ 12 34 56 C"]
        );
        assert_eq!(labelled("Aadhaar: 2341 2341 2346"), ["2341 2341 2346"]);
        assert_eq!(labelled("PAN: ABCPE1234F"), ["ABCPE1234F"]);
        assert_eq!(labelled("mi DNI es 12345678-Z"), ["12345678-Z"]);
        assert_eq!(
            labelled("Steueridentifikationsnummer 86095742719"),
            ["86095742719"]
        );
        assert_eq!(
            labelled("DNI 12345678-Z y NIE X1234567L"),
            ["12345678-Z", "X1234567L"]
        );
        assert_eq!(labelled("SIN: 046 454 286"), ["046 454 286"]);
        assert_eq!(labelled("PESEL 44051401359"), ["44051401359"]);
        assert_eq!(labelled("BSN: 111222333"), ["111222333"]);
        assert_eq!(labelled("Steuer-ID: 86 095 742 719"), ["86 095 742 719"]);
        assert_eq!(labelled("TFN 123 456 782"), ["123 456 782"]);
        assert_eq!(labelled("NRIC: S1234567D"), ["S1234567D"]);
        assert_eq!(labelled("personnummer 811228-9874"), ["811228-9874"]);
        assert_eq!(labelled("CPF: 529.982.247-25"), ["529.982.247-25"]);
        assert_eq!(
            labelled("numéro de sécurité sociale : 2 55 08 14 168 025 38"),
            ["2 55 08 14 168 025 38"]
        );
        assert_eq!(labelled("henkilötunnus 131052-308T"), ["131052-308T"]);
        assert_eq!(labelled("national ID: 3100501761580"), ["3100501761580"]);
        assert_eq!(labelled("Số CCCD: 001090012345"), ["001090012345"]);
        assert_eq!(labelled("căn cước công dân 079203001234"), ["079203001234"]);
        assert_eq!(labelled("CMND 123456789"), ["123456789"]);
        assert_eq!(labelled("NIK: 3174054107900001"), ["3174054107900001"]);
        assert!(labelled("CCCD: 099090012345").is_empty());
        assert!(labelled("NIK 3174053207900001").is_empty());
        // The label's own word glued to others, a check that fails, a word after the label.
        for t in [
            "BASIN 046454286",
            "PANTS ABCPE1234F",
            "SINGLE 046 454 286",
            "NHS number 943 476 5918",
            "PESEL 44051401358",
            "SIN number please",
            "Steuer-ID folgt",
            "DNI12345678Z",
        ] {
            assert!(labelled(t).is_empty(), "{t}");
        }
        // Groups after the number are left.
        assert_eq!(labelled("NHS 943 476 5919 123"), ["943 476 5919"]);
    }

    #[test]
    fn the_detector_skips_urls_but_not_prose_with_a_slash() {
        let d = super::super::Detector::new(&[Kind::NationalId]);
        let found = |t: &str| d.find(t).len();
        assert_eq!(found("NHS number: 943 476 5919 (see 2024/12)"), 1);
        assert_eq!(found("CPF 529.982.247-25"), 1);
        assert_eq!(found("RSSMRA85T10A562S"), 1);
        assert_eq!(found("/users/RSSMRA85T10A562S/orders"), 0);
        assert_eq!(found("/p/529.982.247-25"), 0);
        assert_eq!(found("お客様/NHS番号は943 476 5919です"), 1);
    }

    fn shaped(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let upper = t.bytes().any(|c| c.is_ascii_uppercase());
        find_shaped(t, upper, &mut out);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn shapes_no_other_number_has_need_no_label() {
        assert_eq!(
            shaped("il mio codice è RSSMRA85T10A562S."),
            ["RSSMRA85T10A562S"]
        );
        assert_eq!(shaped("CURP HEGG560427MVZRRL04"), ["HEGG560427MVZRRL04"]);
        assert_eq!(shaped("hetu on 131052-308T"), ["131052-308T"]);
        // 010101-0101 is a valid henkilötunnus (check character 0 … 1): without a label it is
        // a date-led order number's shape; after its label it is taken.
        assert!(is_scheme(Scheme::Hetu, b"010101-0101"));
        assert!(shaped("ご注文 010101-0101 です").is_empty());
        assert_eq!(labelled("henkilötunnus 010101-0101"), ["010101-0101"]);
        assert_eq!(shaped("meu 529.982.247-25 ok"), ["529.982.247-25"]);
        assert_eq!(shaped("บัตร 3-1005-01761-58-0"), ["3-1005-01761-58-0"]);
        assert_eq!(
            shaped("n° 2 55 08 14 168 025 38"),
            ["2 55 08 14 168 025 38"]
        );
        assert_eq!(shaped("my NI is AB 12 34 56 C"), ["AB 12 34 56 C"]);
        for t in [
            "RSSMRA85T10A562T",
            "/cf/RSSMRA85T10A562S",
            "529.982.247-26",
            "1.529.982.247-25",
            "131052-308U",
            "2 55 08 14 168 025 39",
            "DF 12 34 56 C",
            "SKU-RSSMRA85T10A562S",
        ] {
            assert!(shaped(t).is_empty(), "{t}");
        }
    }
}
