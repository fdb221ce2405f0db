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
//! | Australia Medicare card | 10 digits (4-5-1), the first 2–6, maybe the holder's 11th | weights 1-3-7-9 mod 10 | no |
//! | US Medicare Beneficiary Identifier | 11 letters and digits in their places (4-3-4), no S L O I B Z | none | no |
//! | UK driving licence (DVLA) | 5 letters of the surname, the birth date coded, initials, 3 more | the date | no |
//! | US driver's licence | one or two letters and 4–14 digits, or 7–13 digits (the states' formats) | none | no |
//! | South Africa ID | 13 digits: YYMMDD, 4, citizenship 0–2, 1, a check | Luhn | no |
//! | Israel Teudat Zehut | 9 digits (8 without the leading 0) | Luhn | no |
//! | Turkey T.C. Kimlik No | 11 digits, not from 0 | two weighted mod 10 digits | no |
//! | Switzerland AHV/AVS | 13 digits from 756, `756.NNNN.NNNN.NN` | EAN-13 | in its dotted form |
//! | Belgium national number | 11 digits: YYMMDD, 3, the check | 97 − n mod 97 (with a 2 before n from 2000) | no |
//! | Chile RUT / RUN | 7–8 digits, a check digit or K | mod 11 | no |
//! | Norway fødselsnummer | 11 digits: DDMMYY (D- and H-numbers +40), 3, two checks | two weighted mod 11 digits | no |
//! | Denmark CPR | DDMMYY-NNNN | the date (no check since 2007) | no |
//! | Romania CNP | 13 digits: the sex and century, YYMMDD, 5, a check | weights 279146358279 mod 11 | no |
//! | Portugal NIF | 9 digits, not from 0 | weights 9 to 2 mod 11 | no |
//! | New Zealand IRD number | 8 or 9 digits, 10,000,000 to 150,000,000 | weighted mod 11, two weight sets | no |
//! | India EPIC (voter ID) | 3 letters, 7 digits | none | no |
//! | Germany Personalausweis | 9 letters (C F G H J K L M N P R T V W X Y Z) and digits | ICAO 9303, when the 10th is written | no |
//! | Hong Kong identity card (HKID) | 1 or 2 letters, 6 digits, a check digit or A (`A123456(3)`) | weighted mod 11 (space 36, A = 10 … Z = 35) | with the check in brackets |
//!
//! A number whose check passes by chance as often as 1 in 10 to 1 in 100 (most of the digit
//! schemes) is taken only after its label (`NHS number`, `Aadhaar`, `DNI`, `SIN`, `PESEL` …,
//! within the same line: [`find_labelled`]): nine or eleven digits are as often an order's, a
//! phone's or a parcel's. A format with a shape no other number has (a codice fiscale's letters
//! and digits, a CURP's, a henkilötunnus's century sign, a CPF's dots, a Thai ID's 1-4-5-2-1
//! grouping, a NIR's 1-2-2-2-3-3-2, an AHV number's 756 and dots) is taken without one where it stands as a word of text
//! ([`find_shaped`]). Wherever found it is masked as `<NATIONAL_ID>`: none is an identifier
//! code under APPI (its list is Japan's own), but each names one person for life. A driving
//! licence's number (the UK's, a US state's) is masked as `<DRIVERS_LICENCE>`, like Japan's.

use std::sync::LazyLock;

use regex::Regex;

use super::checksum::{is_ean13, is_luhn as luhn};
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
    Medicare,
    Mbi,
    UkLicence,
    UsLicence,
    SouthAfrica,
    Israel,
    Kimlik,
    Ahv,
    Belgium,
    Rut,
    Fodselsnummer,
    Cpr,
    Cnp,
    PortugalNif,
    Ird,
    Epic,
    Ausweis,
    Hkid,
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
    Scheme::SouthAfrica,
    Scheme::Israel,
    Scheme::Kimlik,
    Scheme::Ahv,
    Scheme::Belgium,
    Scheme::Rut,
    Scheme::Fodselsnummer,
    Scheme::Cnp,
    Scheme::Ausweis,
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

/// An Australian Medicare card number (Services Australia): ten digits, the first 2–6, the
/// ninth a check (the first eight weighted 1, 3, 7, 9, 1, 3, 7, 9, mod 10), the tenth the
/// card's issue number; the holder's number on the card may follow as an eleventh.
fn medicare(d: &[u8]) -> bool {
    matches!(d.len(), 10 | 11)
        && all_digits(d)
        && matches!(d[0], b'2'..=b'6')
        && d[..8]
            .iter()
            .zip([1, 3, 7, 9, 1, 3, 7, 9])
            .map(|(&c, w)| digit(c) * w)
            .sum::<u32>()
            % 10
            == digit(d[8])
}

/// A US Medicare Beneficiary Identifier (CMS, "the MBI format"): eleven characters, printed in
/// groups 4-3-4: a digit 1–9; a letter; a letter or digit; a digit; a letter; a letter or
/// digit; a digit; two letters; two digits. Its letters are never S, L, O, I, B or Z (they
/// read as digits). It has no check character; the label and the shape decide.
fn mbi(d: &[u8]) -> bool {
    let letter = |c: u8| c.is_ascii_uppercase() && !b"SLOIBZ".contains(&c);
    let either = |c: u8| c.is_ascii_digit() || letter(c);
    d.len() == 11
        && matches!(d[0], b'1'..=b'9')
        && letter(d[1])
        && either(d[2])
        && d[3].is_ascii_digit()
        && letter(d[4])
        && either(d[5])
        && d[6].is_ascii_digit()
        && letter(d[7])
        && letter(d[8])
        && d[9].is_ascii_digit()
        && d[10].is_ascii_digit()
}

/// A UK driving licence number (DVLA): the surname's first five letters (padded with 9), the
/// decade of birth, the month (plus 50 for women), the day, the year's last digit, two initials
/// (the second maybe 9), a digit and two check characters.
fn uk_licence(d: &[u8]) -> bool {
    if d.len() != 16 || !d[0].is_ascii_uppercase() {
        return false;
    }
    let letters = d[..5].iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !d[letters..5].iter().all(|&c| c == b'9') || !all_digits(&d[5..11]) {
        return false;
    }
    let month = number(&d[6..8]);
    let month = if month > 50 { month - 50 } else { month };
    // The century is unknown: 2000 has every date of the 1900s, 29 February too.
    is_date(2000 + number(&[d[5], d[10]]), month, number(&d[8..10]))
        && d[11].is_ascii_uppercase()
        && (d[12].is_ascii_uppercase() || d[12] == b'9')
        && d[13].is_ascii_digit()
        && d[14..].iter().all(u8::is_ascii_alphanumeric)
}

/// A US driver's licence number after its label: the states' formats (AAMVA's list) are one or
/// two letters and 4 to 14 digits, maybe a letter after them (California's A1234567, Florida's
/// A123-456-78-901-0), or 7 to 13 digits (New York's 9, Texas's 8). No state publishes a check.
fn us_licence(d: &[u8]) -> bool {
    let letters = d.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = d[letters..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let tail = d.len() - letters - digits;
    let lengths = if letters == 0 { 7..=13 } else { 4..=14 };
    letters <= 2
        && lengths.contains(&digits)
        && tail <= 1
        && d[letters + digits..].iter().all(u8::is_ascii_uppercase)
}

/// A South African identity number: YYMMDD, four digits (the sex), the citizenship (0, 1, or
/// 2 for refugees), one more and a Luhn check over the thirteen.
fn south_africa(d: &[u8]) -> bool {
    d.len() == 13
        && all_digits(d)
        && is_date(2000 + number(&d[..2]), number(&d[2..4]), number(&d[4..6]))
        && matches!(d[10], b'0'..=b'2')
        && luhn(d)
}

/// An Israeli identity number (Teudat Zehut): nine digits, often written without its leading
/// zero, the last a Luhn check (the digits weighted 1, 2, 1, … from the first).
fn israel(d: &[u8]) -> bool {
    matches!(d.len(), 8 | 9) && all_digits(d) && d.iter().any(|&c| c != b'0') && luhn(d)
}

/// A Turkish identity number (T.C. Kimlik No): eleven digits, not from 0; the tenth is seven
/// times the sum of the odd places less the sum of the even ones (of the first nine), mod 10;
/// the eleventh the sum of the first ten mod 10.
fn kimlik(d: &[u8]) -> bool {
    if d.len() != 11 || !all_digits(d) || d[0] == b'0' {
        return false;
    }
    let at = |i: usize| digit(d[i]) as i32;
    let odd = at(0) + at(2) + at(4) + at(6) + at(8);
    let even = at(1) + at(3) + at(5) + at(7);
    (odd * 7 - even).rem_euclid(10) == at(9) && (0..10).map(at).sum::<i32>() % 10 == at(10)
}

/// A Swiss social security number (AHV/AVS, since 2008): 756 (Switzerland's EAN prefix), nine
/// digits and an EAN-13 check (weights 1 and 3 alternately from the first).
fn ahv(d: &[u8]) -> bool {
    d.starts_with(b"756") && is_ean13(d)
}

/// A Belgian national number (Rijksregisternummer / numéro de registre national): YYMMDD,
/// three digits, and 97 less the first nine mod 97; for those born from 2000, the nine are read
/// with a 2 before them. Unknown birth dates and bis numbers change the date's fields, so only
/// the check is asked.
fn belgium(d: &[u8]) -> bool {
    if d.len() != 11 || !all_digits(d) {
        return false;
    }
    let n = u64::from(number(&d[..9]));
    let check = u64::from(number(&d[9..]));
    97 - n % 97 == check || 97 - (2_000_000_000 + n) % 97 == check
}

/// A Chilean RUT / RUN: 7 or 8 digits and a check (the digits weighted 2 to 7 from the last,
/// cycling; 11 less the sum mod 11, 10 written K and 11 written 0).
fn rut(d: &[u8]) -> bool {
    if !matches!(d.len(), 8 | 9) {
        return false;
    }
    let (body, check) = d.split_at(d.len() - 1);
    if !all_digits(body) {
        return false;
    }
    let sum: u32 = body
        .iter()
        .rev()
        .zip([2, 3, 4, 5, 6, 7].into_iter().cycle())
        .map(|(&c, w)| digit(c) * w)
        .sum();
    match 11 - sum % 11 {
        11 => check[0] == b'0',
        10 => check[0] == b'K',
        r => check[0].is_ascii_digit() && digit(check[0]) == r,
    }
}

/// A Norwegian fødselsnummer: DDMMYY (the day plus 40 for a D-number, the month plus 40 for an
/// H-number), three digits and two checks, each 11 less a weighted sum mod 11 (11 written 0,
/// 10 never issued).
fn fodselsnummer(d: &[u8]) -> bool {
    if d.len() != 11 || !all_digits(d) {
        return false;
    }
    let (day, month) = (number(&d[..2]), number(&d[2..4]));
    let day = if day > 40 { day - 40 } else { day };
    let month = if month > 40 { month - 40 } else { month };
    let check = |weights: &[u32]| match 11
        - d.iter()
            .zip(weights)
            .map(|(&c, w)| digit(c) * w)
            .sum::<u32>()
            % 11
    {
        11 => Some(0),
        10 => None,
        c => Some(c),
    };
    is_date(2000 + number(&d[4..6]), month, day)
        && check(&[3, 7, 6, 1, 8, 9, 4, 5, 2]) == Some(digit(d[9]))
        && check(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Some(digit(d[10]))
}

/// A Danish CPR number: DDMMYY and four digits. Numbers issued since 2007 need not pass the old
/// mod 11 check, so only the date is asked (after its label).
fn cpr(d: &[u8]) -> bool {
    d.len() == 10
        && all_digits(d)
        && is_date(2000 + number(&d[4..6]), number(&d[2..4]), number(&d[..2]))
}

/// A Romanian personal numeric code (CNP): the sex and century (1–9), YYMMDD, the county (2),
/// three digits, and the first twelve weighted 2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9 mod 11 (10
/// written 1).
fn cnp(d: &[u8]) -> bool {
    if d.len() != 13 || !all_digits(d) || d[0] == b'0' {
        return false;
    }
    let r = d[..12]
        .iter()
        .zip([2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9])
        .map(|(&c, w)| digit(c) * w)
        .sum::<u32>()
        % 11;
    is_date(2000 + number(&d[1..3]), number(&d[3..5]), number(&d[5..7]))
        && if r == 10 { 1 } else { r } == digit(d[12])
}

/// A Portuguese tax number (NIF, número de contribuinte): nine digits, not from 0, the first
/// eight weighted 9 to 2; 11 less the sum mod 11 (0 for 10 and 11).
fn portugal_nif(d: &[u8]) -> bool {
    d.len() == 9 && all_digits(d) && d[0] != b'0' && {
        let r = descending(&d[..8], 9) % 11;
        (if r < 2 { 0 } else { 11 - r }) == digit(d[8])
    }
}

/// A New Zealand IRD number (Inland Revenue's specification): 8 or 9 digits between 10,000,000
/// and 150,000,000; the first eight (of nine, with a 0 before eight) weighted 3, 2, 7, 6, 5,
/// 4, 3, 2; 11 less the sum mod 11 (0 when the sum is), and when that is 10 the weights 7, 4,
/// 3, 2, 5, 2, 7, 6 instead (10 again: not a number).
fn ird(d: &[u8]) -> bool {
    if !matches!(d.len(), 8 | 9) || !all_digits(d) {
        return false;
    }
    let mut n = [b'0'; 9];
    n[9 - d.len()..].copy_from_slice(d);
    let value = number(&n);
    if !(10_000_001..150_000_000).contains(&value) {
        return false;
    }
    for weights in [[3, 2, 7, 6, 5, 4, 3, 2], [7, 4, 3, 2, 5, 2, 7, 6]] {
        let r = n[..8]
            .iter()
            .zip(weights)
            .map(|(&c, w)| digit(c) * w)
            .sum::<u32>()
            % 11;
        let c = if r == 0 { 0 } else { 11 - r };
        if c != 10 {
            return c == digit(n[8]);
        }
    }
    false
}

/// An Indian voter ID (the Election Commission's EPIC number): three letters and seven digits.
fn epic(d: &[u8]) -> bool {
    d.len() == 10 && d[..3].iter().all(u8::is_ascii_uppercase) && all_digits(&d[3..])
}

/// A German identity card's number (Personalausweis, since November 2010): nine characters,
/// the first a letter of C F G H J K L M N P R T V W X Y Z, the rest those or digits, maybe
/// followed by its ICAO 9303 check digit (the characters valued 0–9 and A = 10 … Z = 35,
/// weighted 7, 3, 1, mod 10), as the card's machine-readable zone prints it.
fn ausweis(d: &[u8]) -> bool {
    const LETTERS: &[u8] = b"CFGHJKLMNPRTVWXYZ";
    if !matches!(d.len(), 9 | 10)
        || !LETTERS.contains(&d[0])
        || !d[1..9]
            .iter()
            .all(|c| c.is_ascii_digit() || LETTERS.contains(c))
        || !d[..9].iter().any(u8::is_ascii_digit)
    {
        return false;
    }
    d.len() == 9 || (d[9].is_ascii_digit() && icao_check(&d[..9]) == digit(d[9]))
}

/// A Hong Kong identity card's number (the Immigration Department's HKID), compacted (no
/// brackets): one or two letters, six digits and the check character, a digit or `A` (10).
/// The characters are valued A = 10 … Z = 35 and a missing second letter (a space) 36,
/// weighted 9 down to 2; with the check the sum is a multiple of 11 (`CA182361(1)`,
/// `A123456(3)`).
fn hkid(d: &[u8]) -> bool {
    let letters = d.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !matches!((letters, d.len()), (1, 8) | (2, 9)) || !all_digits(&d[letters..d.len() - 1]) {
        return false;
    }
    let check = match d[d.len() - 1] {
        b'A' => 10,
        c if c.is_ascii_digit() => digit(c),
        _ => return false,
    };
    let value = |c: u8| u32::from(c - b'A') + 10;
    let head = if letters == 1 {
        36 * 9 + value(d[0]) * 8
    } else {
        value(d[0]) * 9 + value(d[1]) * 8
    };
    let body = &d[letters..d.len() - 1];
    let sum = head
        + body
            .iter()
            .zip((2..=7).rev())
            .map(|(&c, w)| digit(c) * w)
            .sum::<u32>();
    (sum + check).is_multiple_of(11)
}

/// A Hong Kong identity card's number written with its check character in brackets, as the
/// card prints it (`A123456(3)`, `XA123456(A)`, a space before the bracket or not), in the
/// normalised text `t`: its shape and check (1 in 11 by chance) are enough without a label.
/// Not glued to a letter or digit on either side. (After an `HKID` label the unbracketed form
/// is found by [`find_labelled`].)
pub(crate) fn find_hkids(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    for close in memchr::memchr_iter(b')', b) {
        // `(`, the check character, `)`.
        if close < 9 || b[close - 2] != b'(' || !matches!(b[close - 1], b'0'..=b'9' | b'A') {
            continue;
        }
        let mut end_of_digits = close - 2;
        if b[end_of_digits - 1] == b' ' {
            end_of_digits -= 1;
        }
        if end_of_digits < 7 || !all_digits(&b[end_of_digits - 6..end_of_digits]) {
            continue;
        }
        let mut start = end_of_digits - 6;
        while start > 0 && end_of_digits - 6 - start < 2 && b[start - 1].is_ascii_uppercase() {
            start -= 1;
        }
        let letters = end_of_digits - 6 - start;
        if letters == 0
            || (start > 0 && b[start - 1].is_ascii_alphanumeric())
            || b.get(close + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let mut compact = [0u8; 9];
        compact[..letters + 6].copy_from_slice(&b[start..end_of_digits]);
        compact[letters + 6] = b[close - 1];
        if hkid(&compact[..letters + 7]) {
            out.push(Match {
                kind: Kind::NationalId,
                start,
                end: close + 1,
            });
        }
    }
}

/// The ICAO 9303 check digit of `d` (digits and capital letters).
fn icao_check(d: &[u8]) -> u32 {
    d.iter()
        .zip([7, 3, 1].into_iter().cycle())
        .map(|(&c, w)| {
            let v = if c.is_ascii_digit() {
                digit(c)
            } else {
                u32::from(c - b'A') + 10
            };
            v * w
        })
        .sum::<u32>()
        % 10
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
        Scheme::Medicare => medicare(d),
        Scheme::Mbi => mbi(d),
        Scheme::UkLicence => uk_licence(d),
        Scheme::UsLicence => us_licence(d),
        Scheme::SouthAfrica => south_africa(d),
        Scheme::Israel => israel(d),
        Scheme::Kimlik => kimlik(d),
        Scheme::Ahv => ahv(d),
        Scheme::Belgium => belgium(d),
        Scheme::Rut => rut(d),
        Scheme::Fodselsnummer => fodselsnummer(d),
        Scheme::Cpr => cpr(d),
        Scheme::Cnp => cnp(d),
        Scheme::PortugalNif => portugal_nif(d),
        Scheme::Ird => ird(d),
        Scheme::Epic => epic(d),
        Scheme::Ausweis => ausweis(d),
        Scheme::Hkid => hkid(d),
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

/// Fragments of the labels of [`find_labelled`]'s second regex (the schemes added after the
/// first search had its 64 words): a second SIMD search.
const MORE_CUES: &[&str] = &[
    "DL#",
    "DL #",
    "DL No",
    "DL no",
    "DL Number",
    "DL number",
    "DL:",
    "edicare",
    "EDICARE",
    "MBI",
    "icence",
    "icense",
    "ICENCE",
    "ICENSE",
    "outh Afr",
    "OUTH AFR",
    "RSA",
    "sraeli",
    "SRAELI",
    "eudat",
    "זהות",
    "ת.ז",
    "ת\"ז",
    "imlik",
    "IMLIK",
    "TCKN",
    "AHV",
    "ahv",
    "AVS",
    "OASI",
    "ijksregister",
    "egistre",
    "EGISTRE",
    "egister n",
    "ational n",
    "ational N",
    "ATIONAL N",
    "NISS",
    "INSZ",
    "ødsels",
    "ØDSELS",
    "odselsn",
    "CPR",
    "cpr",
    "CNP",
    "cnp",
    "umeric",
    "ontribuinte",
    "IRD",
    "ird n",
    "oter ID",
    "oter id",
    "OTER ID",
    "EPIC",
    "RUT",
    "R.U.T",
    "RUN",
    "usweis",
    "USWEIS",
    "HKID",
    "HK ID",
    "ong Kong",
    "香港身",
];

/// Which of [`find_labelled`]'s regexes the normalised text `t` holds a fragment of a label
/// of: bit 0 the first, bit 1 the second.
pub(crate) fn cued(t: &str) -> u8 {
    static FIRST: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[CUES]));
    u8::from(FIRST.groups(t) != 0) | cued_later(t)
}

/// [`cued`] for the second regex alone (2 or 0): a text with fewer than four digits can hold
/// none of the first's numbers.
pub(crate) fn cued_later(t: &str) -> u8 {
    static SECOND: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[MORE_CUES]));
    u8::from(SECOND.groups(t) != 0) << 1
}

/// The schemes the label `l` (as matched, any case) stands for.
fn schemes_of(l: &str) -> &'static [Scheme] {
    let l = l.to_lowercase();
    let has = |w: &str| l.contains(w);
    // The second regex's labels first: `national number` and `national register` are not
    // the generic `national ID`, and a Norwegian `personnummer` is eleven digits.
    if has("medicare") || has("mbi") {
        &[Scheme::Medicare, Scheme::Mbi]
    } else if has("licen") || l.starts_with("dl") {
        &[Scheme::UkLicence, Scheme::UsLicence]
    } else if has("south afric") || has("rsa") {
        &[Scheme::SouthAfrica]
    } else if has("israel") || has("teudat") || has("זהות") || has("ת.ז") || has("ת\"ז") {
        &[Scheme::Israel]
    } else if has("kimlik") || has("tckn") {
        &[Scheme::Kimlik]
    } else if has("ahv") || has("avs") || has("oasi") {
        &[Scheme::Ahv]
    } else if has("register")
        || has("registre")
        || has("national number")
        || has("niss")
        || has("insz")
    {
        &[Scheme::Belgium]
    } else if has("rut") || has("run") || has("r.u.t") {
        &[Scheme::Rut]
    } else if has("fødsels") || has("fodsels") {
        &[Scheme::Fodselsnummer]
    } else if has("cpr") {
        &[Scheme::Cpr]
    } else if has("cnp") || has("numeric") {
        &[Scheme::Cnp]
    } else if has("contribuinte") {
        &[Scheme::PortugalNif]
    } else if has("ird") {
        &[Scheme::Ird]
    } else if has("voter") || has("epic") {
        &[Scheme::Epic]
    } else if has("ausweis") {
        &[Scheme::Ausweis]
    } else if has("hkid") || has("hk id") || has("hong kong") || has("香港") {
        &[Scheme::Hkid]
    } else if has("nhs") {
        &[Scheme::Nhs]
    } else if has("national insurance") || l.starts_with("ni ") || l.starts_with("nino") {
        &[Scheme::Nino]
    } else if has("aadha") || has("आधार") {
        &[Scheme::Aadhaar]
    } else if l.starts_with("pan") || has("permanent account") {
        &[Scheme::Pan]
    } else if has("nif") {
        // Spain's NIF is its DNI; Portugal's is its tax number.
        &[Scheme::SpainId, Scheme::PortugalNif]
    } else if has("dni") || has("nie") {
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
        // Sweden's (YYMMDD-NNNN) and Norway's (eleven digits, the fødselsnummer).
        &[Scheme::Personnummer, Scheme::Fodselsnummer]
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
/// `cues` says which regexes to run (see [`cued`]); a licence's number is a
/// `Kind::DriversLicence`, the rest `Kind::NationalId`.
pub(crate) fn find_labelled(t: &str, cues: u8, out: &mut Vec<Match>) {
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
    // The labels of the schemes added later (their cues are a second search: see `MORE_CUES`).
    static MORE: LazyLock<Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            r"(?:(?i:medicare(?:[ ](?:card|beneficiary[ ]identifier|id))?|mbi|driv(?:ing|er[’']?s?)[ ]licen[cs]e",
            r"|south[ ]african[ ]id(?:entity)?|rsa[ ]id|israeli[ ]id|teudat[ ]zehut",
            r"|t\.?c\.?[ ]kimlik(?:[ ]no\.?)?|kimlik[ ]no\.?|tckn|ahv(?:-nr\.?)?|avs|oasi",
            r"|rijksregisternummer|num[ée]ro[ ]de[ ]registre[ ]national|registre[ ]national",
            r"|national[ ]register(?:[ ]number)?|national[ ]number|niss|insz",
            r"|f[øo]dselsnummer|cpr(?:-nummer|-nr\.?)?|cod[ ]numeric[ ]personal|cnp",
            r"|n[úu]mero[ ]de[ ]contribuinte|contribuinte|ird|voter[ ]id(?:[ ]card)?|epic",
            r"|personalausweis(?:nummer|-nr\.?)?|ausweisnummer|ausweis-nr\.?",
            r"|hkid(?:[ ]card)?|hk[ ]id(?:[ ]card)?|hong[ ]kong[ ]id(?:entity)?(?:[ ]card)?)",
            r"|香港身[份分][證证]",
            // `DL` (a US licence's abbreviation) with its number word or mark only: alone it
            // is as often a download (`DLした`, `DL 1000件`).
            r#"|RUT|RUN|R\.U\.T\.?|DL(?:[ ]?#|[ ]?[Nn]o\.?|[ ]?[Nn]umber|:)|מספר[ ]זהות|ת\.ז\.?|ת"ז)"#,
            r"(?:[ ]?(?:(?i:number|no\.?|nr\.?|#)|番号|ナンバ-|号码|號碼))?[ \t]*(?:[:=#]|(?i:is|es|ist|est|é|är|on|jest|er)[ ]|は|が|の)?[ \t]*",
            r"([A-Za-z0-9](?:[A-Za-z0-9]|[ .\-/+][A-Za-z0-9]){5,24})",
        ))
    });
    if cues & 1 != 0 {
        take_labelled(&LABELLED, t, out);
    }
    if cues & 2 != 0 {
        take_labelled(&MORE, t, out);
    }
}

/// The numbers after the labels `re` finds in `t` (see [`find_labelled`]).
fn take_labelled(re: &Regex, t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    // The value may run on into the next label (`DNI 12345678-Z y NIE X1234567L`): the next
    // search starts where the number taken ends, not where the value's run ends.
    let mut at = 0;
    while let Some(c) = re.captures_at(t, at) {
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
            if let Some(&scheme) = schemes.iter().find(|&&s| is_scheme(s, candidate)) {
                let end = value.start() + end;
                if !super::normalize::glued_after(t, end) {
                    out.push(Match {
                        kind: match scheme {
                            Scheme::UkLicence | Scheme::UsLicence => Kind::DriversLicence,
                            _ => Kind::NationalId,
                        },
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
            r"|(?:756\.[0-9]{4}\.[0-9]{4}\.[0-9]{2})",
            r"|(?:[1-8]-[0-9]{4}-[0-9]{5}-[0-9]{2}-[0-9])",
            r"|(?:[12378][ ][0-9]{2}[ ][0-9]{2}[ ](?:[0-9]{2}|2A|2B)[ ][0-9]{3}[ ][0-9]{3}[ ][0-9]{2})",
            r"|(?:[A-Z]{2}[ ][0-9]{2}[ ][0-9]{2}[ ][0-9]{2}[ ][A-D])",
        ))
    });
    static DIGITS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
        super::patterns::built_in(concat!(
            r"(?:[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2})",
            r"|(?:756\.[0-9]{4}\.[0-9]{4}\.[0-9]{2})",
            r"|(?:[1-8]-[0-9]{4}-[0-9]{5}-[0-9]{2}-[0-9])",
            r"|(?:[12378][ ][0-9]{2}[ ][0-9]{2}[ ][0-9]{2}[ ][0-9]{3}[ ][0-9]{3}[ ][0-9]{2})",
        ))
    });
    let b = t.as_bytes();
    let re = if upper { &*SHAPED } else { &*DIGITS_ONLY };
    // Every shape is written with digits, capitals and ` .+-` only, and is at least 11 bytes
    // long (a henkilötunnus): the search runs on each such run of 11 bytes or more, not on
    // the text around it (most of a Japanese text's bytes).
    let shaped = |c: u8| {
        c.is_ascii_digit()
            || matches!(c, b' ' | b'.' | b'-' | b'+')
            || upper && c.is_ascii_uppercase()
    };
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !shaped(b[i]) {
            i += 1;
            continue;
        }
        let from = i;
        while i < b.len() && shaped(b[i]) {
            i += 1;
        }
        if i - from >= 11 {
            runs.push((from, i));
        }
    }
    let matches = runs.into_iter().flat_map(|(from, to)| {
        re.find_iter(&t[from..to])
            .map(move |m| (from + m.start(), from + m.end()))
    });
    for (start, end) in matches {
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
        let v = &b[start..end];
        // Which shape matched, from the match alone (`find_iter` costs less per text than
        // `captures_iter`, and most texts hold no match).
        let scheme = match v.len() {
            16 if v.starts_with(b"756.") => Scheme::Ahv,
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
            assert!(cued(t) & 1 != 0, "{t}");
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
        find_labelled(t, cued(t), &mut out);
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

    #[test]
    fn the_later_schemes_published_examples() {
        // Each as its issuer or a standard reference publishes it: Services Australia's and
        // Presidio's Medicare number, DVLA's licence of Sarah Meredith Morgan, the South
        // African and Israeli examples of the Luhn check, Turkey's test number, the Swiss
        // Federal Social Insurance Office's AHV example, the Belgian register's example
        // (85.07.30-033.28), the Chilean example RUT, a Norwegian fødselsnummer, Wikipedia's
        // CNP, Portugal's NIF 123456789, Inland Revenue's IRD examples (49-091-850, and
        // 136-410-132, which needs the second weights).
        let cases: &[(Scheme, &str)] = &[
            (Scheme::Medicare, "2123456701"),
            (Scheme::Medicare, "21234567011"),
            // CMS's example MBI, as printed (4-3-4) and as stored.
            (Scheme::Mbi, "1EG4-TE5-MK73"),
            (Scheme::Mbi, "1EG4TE5MK73"),
            (Scheme::UkLicence, "MORGA753116SM9IJ"),
            (Scheme::SouthAfrica, "8001015009087"),
            (Scheme::Israel, "123456782"),
            (Scheme::Kimlik, "10000000146"),
            (Scheme::Ahv, "7569217076985"),
            (Scheme::Belgium, "85073003328"),
            (Scheme::Rut, "123456785"),
            (Scheme::Fodselsnummer, "01010750160"),
            (Scheme::Cnp, "1800101221144"),
            (Scheme::PortugalNif, "123456789"),
            (Scheme::Ird, "49091850"),
            (Scheme::Ird, "136410132"),
            // The Federal Interior Ministry's specimen card (Erika Mustermann) and its
            // machine-readable zone's check digit.
            (Scheme::Ausweis, "T22000129"),
            (Scheme::Ausweis, "T220001293"),
        ];
        for &(s, v) in cases {
            assert!(is_scheme(s, v.as_bytes()), "{s:?} {v}");
        }
        // Every other digit in any one place fails each check that promises to catch it
        // (Medicare's weights 1 and 9 mod 10 do; its issue digit and the holder's are no
        // check, so only the first nine places are changed).
        for &(s, v, places) in &[
            (Scheme::Medicare, "2123456701", 9),
            (Scheme::SouthAfrica, "8001015009087", 13),
            (Scheme::Israel, "123456782", 9),
            (Scheme::Kimlik, "10000000146", 11),
            (Scheme::Ahv, "7569217076985", 13),
            (Scheme::Cnp, "1800101221144", 13),
            (Scheme::PortugalNif, "123456789", 9),
            (Scheme::Ird, "49091850", 8),
        ] {
            for i in 0..places {
                for c in b'0'..=b'9' {
                    let mut w = v.as_bytes().to_vec();
                    if w[i] == c {
                        continue;
                    }
                    w[i] = c;
                    assert!(!is_scheme(s, &w), "{s:?} {}", String::from_utf8_lossy(&w));
                }
            }
        }
        for (s, v) in [
            (Scheme::Medicare, "1123456701"),
            (Scheme::Medicare, "2123456711"),
            // An MBI starting with 0, with an S (read as 5) or a digit where a letter stands.
            (Scheme::Mbi, "0EG4TE5MK73"),
            (Scheme::Mbi, "1SG4TE5MK73"),
            (Scheme::Mbi, "1EG43E5MK73"),
            (Scheme::Mbi, "1EG4TE5MK7"),
            (Scheme::UkLicence, "MORGA713116SM9IJ"),
            (Scheme::UkLicence, "MORGA753326SM9IJ"),
            (Scheme::UkLicence, "MO9GA753116SM9IJ"),
            (Scheme::SouthAfrica, "8013015009087"),
            (Scheme::Kimlik, "00000000146"),
            (Scheme::Ahv, "7559217076985"),
            (Scheme::Belgium, "85073003329"),
            (Scheme::Rut, "123456786"),
            (Scheme::Rut, "12345678K"),
            (Scheme::Fodselsnummer, "01010750161"),
            (Scheme::Fodselsnummer, "32010750160"),
            (Scheme::Cpr, "3202901234"),
            (Scheme::Cnp, "1801301221144"),
            (Scheme::PortugalNif, "023456789"),
            (Scheme::Ird, "9125568"),
            (Scheme::Ird, "160000001"),
            (Scheme::Epic, "AB12345678"),
            (Scheme::UsLicence, "ABC1234567"),
            (Scheme::UsLicence, "123456"),
            (Scheme::Ausweis, "T220001294"),
            (Scheme::Ausweis, "A22000129"),
            (Scheme::Ausweis, "TZZZZZZZZ"),
        ] {
            assert!(!is_scheme(s, v.as_bytes()), "{s:?} {v}");
        }
        // A RUT whose check is K (11 less the sum mod 11 is 10), any case.
        assert!(is_scheme(Scheme::Rut, b"10.000.013-K"));
        assert!(is_scheme(Scheme::Rut, b"10000013-k"));
        assert!(!is_scheme(Scheme::Rut, b"10000013-0"));
        assert!(is_scheme(Scheme::Cpr, b"0101901234"));
        assert!(is_scheme(Scheme::Epic, b"ABC1234567"));
        for v in ["A1234567", "H12234567", "123456789", "S5304561789001"] {
            assert!(us_licence(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn the_second_cue_search_stays_within_teddys_limit() {
        assert!(MORE_CUES.len() <= 64, "{} cue words", MORE_CUES.len());
        for t in [
            "Medicare card number",
            "MEDICARE",
            "driving licence number",
            "Driver's License",
            "DRIVER LICENSE",
            "South African ID number",
            "RSA ID",
            "Israeli ID",
            "Teudat Zehut",
            "מספר זהות",
            "ת.ז.",
            "T.C. Kimlik No",
            "TCKN",
            "AHV-Nr.",
            "AVS",
            "OASI",
            "Rijksregisternummer",
            "numéro de registre national",
            "national register number",
            "National Number",
            "NISS",
            "INSZ",
            "fødselsnummer",
            "fodselsnummer",
            "CPR-nummer",
            "CNP",
            "cod numeric personal",
            "número de contribuinte",
            "IRD number",
            "voter ID",
            "EPIC",
            "RUT",
            "RUN",
            "R.U.T.",
            "Personalausweisnummer",
            "Ausweis-Nr.",
            "HKID",
            "HK ID card",
            "Hong Kong identity card",
            "Hong Kong ID",
            "香港身份證",
            "香港身分證",
        ] {
            assert!(cued(t) & 2 != 0, "{t}");
        }
    }

    #[test]
    fn the_later_schemes_after_their_labels() {
        let kinds = |t: &str| -> Vec<(Kind, String)> {
            let mut out = Vec::new();
            find_labelled(t, cued(t), &mut out);
            out.iter()
                .map(|m| (m.kind, t[m.start..m.end].to_string()))
                .collect()
        };
        let national = |t: &str, v: &str| {
            assert_eq!(kinds(t), [(Kind::NationalId, v.to_string())], "{t}");
        };
        national("Medicare card number: 2123 45670 1", "2123 45670 1");
        national("my Medicare number is 2123456701", "2123456701");
        national("Medicare 1EG4-TE5-MK73", "1EG4-TE5-MK73");
        national("MBI: 1eg4te5mk73", "1eg4te5mk73");
        national(
            "Medicare Beneficiary Identifier 1EG4-TE5-MK73.",
            "1EG4-TE5-MK73",
        );
        national("South African ID number 8001015009087", "8001015009087");
        national("Israeli ID: 123456782", "123456782");
        national("מספר זהות 123456782", "123456782");
        national("T.C. Kimlik No: 10000000146", "10000000146");
        national("AHV-Nr. 756.9217.0769.85", "756.9217.0769.85");
        national(
            "national register number 85.07.30-033.28",
            "85.07.30-033.28",
        );
        national("Rijksregisternummer: 85073003328", "85073003328");
        national("RUT: 12.345.678-5", "12.345.678-5");
        national("fødselsnummer 010107 50160", "010107 50160");
        national("personnummer 01010750160", "01010750160");
        national("CPR-nummer: 010190-1234", "010190-1234");
        national("CNP 1800101221144", "1800101221144");
        national("número de contribuinte 123 456 789", "123 456 789");
        national("NIF: 123456789", "123456789");
        national("IRD number 49-091-850", "49-091-850");
        national("Voter ID: ABC1234567", "ABC1234567");
        national("Personalausweisnummer: T22000129", "T22000129");
        national("Ausweis-Nr. T220001293", "T220001293");
        national("national ID 8001015009087", "8001015009087");
        for (t, v) in [
            (
                "UK driving licence number MORGA753116SM9IJ",
                "MORGA753116SM9IJ",
            ),
            ("Driver's License: A1234567", "A1234567"),
            ("driver license # H12234567 (NY)", "H12234567"),
            ("DL# D1234567 (California)", "D1234567"),
            ("DL No. 123456789", "123456789"),
            ("DL: S12345678", "S12345678"),
        ] {
            assert_eq!(kinds(t), [(Kind::DriversLicence, v.to_string())], "{t}");
        }
        // Checks that fail, labels glued to words, words after the label.
        for t in [
            "Medicare card number: 2123 45671 1",
            "Medicare 1SG4-TE5-MK73",
            "MBIS 1EG4-TE5-MK73",
            "South African ID number 8001015009088",
            "T.C. Kimlik No: 10000000147",
            "AHV-Nr. 756.9217.0769.86",
            "RUT: 12.345.678-6",
            "CPR-nummer: 320190-1234",
            "IRD number 49-091-851",
            "Personalausweis T220001294",
            "driver's license expires soon",
            // `DL` alone is a download as often.
            "DL 1234567",
            "DLした 1234567 件",
            "MODL# 1234567",
            "BIRD 49091850",
            "TRUNK 123456785",
            "RUNS 123456785",
        ] {
            assert!(kinds(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn the_swiss_number_needs_no_label_in_its_dotted_form() {
        assert_eq!(
            shaped("Meine AHV 756.9217.0769.85 bitte löschen"),
            ["756.9217.0769.85"]
        );
        assert!(shaped("756.9217.0769.86").is_empty());
        assert!(shaped("https://x.example/756.9217.0769.85").is_empty());
    }

    #[test]
    fn hong_kong_identity_cards() {
        // iLexN's worked example (CA182361(1)) and the check of A123456: 36 × 9 + 10 × 8 + 1 × 7
        // + … + 6 × 2 = 481, 11 − 481 mod 11 = 3. A check of 10 is written A.
        for v in ["CA1823611", "A1234563", "C6686689"] {
            assert!(hkid(v.as_bytes()), "{v}");
        }
        let with_a = (0..=99_9999u32)
            .map(|n| format!("B{n:06}A"))
            .find(|v| hkid(v.as_bytes()))
            .expect("some B number has the check A");
        for v in [
            "CA1823612",
            "A1234564",
            "A123456",
            "AB12345678",
            "1234567A",
            "a1234563",
        ] {
            assert!(!hkid(v.as_bytes()), "{v}");
        }
        // Every other check character fails.
        for c in b"0123456789A".iter().filter(|&&c| c != b'3') {
            assert!(!hkid(&[b"A123456".as_slice(), &[*c]].concat()));
        }
        let found = |t: &str| {
            let mut out = Vec::new();
            find_hkids(t, &mut out);
            out.iter()
                .map(|m| t[m.start..m.end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(found("身分証 A123456(3) を送ります"), ["A123456(3)"]);
        assert_eq!(found("ID: CA182361(1)."), ["CA182361(1)"]);
        assert_eq!(found("HKID A123456 (3)"), ["A123456 (3)"]);
        let a = format!("{}({})", &with_a[..7], 'A');
        assert_eq!(found(&format!("card {a} ok")), std::slice::from_ref(&a));
        for t in [
            "A123456(4)",
            "XA123456(3)x",
            "SKU-1A123456(3)",
            "A123456(3)B",
            "item 123456(3)",
            "(3)",
            "AB(3)",
        ] {
            assert!(found(t).is_empty(), "{t}");
        }
        // After its label the number stands without brackets too (in the normalised text: NFKC
        // makes `：` a `:`).
        assert_eq!(labelled("HKID: A1234563"), ["A1234563"]);
        assert_eq!(labelled("Hong Kong ID card no. CA1823611"), ["CA1823611"]);
        assert_eq!(labelled("香港身份證號碼:A1234563"), ["A1234563"]);
        assert!(labelled("HKID: A1234564").is_empty());
        // Without its label and brackets, one or two letters and seven digits are an order's
        // or a parcel's as often.
        assert!(found("order A1234563").is_empty());
    }
}
