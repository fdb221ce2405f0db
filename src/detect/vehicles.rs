//! A vehicle's identifiers: a number that leads to its registered owner. HIPAA's Safe Harbor
//! lists them among its eighteen identifiers ("vehicle identifiers and serial numbers,
//! including license plate numbers"), and a car-parts shop's customers write them into their
//! inquiries to find the right part.
//!
//! - **A vehicle identification number (VIN, ISO 3779)**: 17 characters of digits and capitals
//!   but I, O and Q. Alone, only with the check digit North America and China require (ninth
//!   character: the characters' values, A=1 … Z=9 as 49 CFR 565.15 transliterates them, weighed
//!   8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2, modulo 11, 10 written X), a model year's code in the
//!   tenth (not U, Z or 0), digits in the last four, and two letters or more: a random code of
//!   that shape passes about once in 1,300. After a label (`VIN`, `chassis number`,
//!   `Fahrgestellnummer`, 車台番号) any VIN's shape, since European makers need no check digit.
//! - **A Japanese chassis number (車台番号)** after its label: the model code, a hyphen and the
//!   serial (`ZVW30-1234567`), which cars made for Japan carry instead of a VIN.
//! - **A Japanese number plate (自動車登録番号標)**: the registration office's place name (the
//!   official list, 札幌 to 沖縄 with the regional names added since 2006), the class number
//!   (one to three digits, a capital in place of a digit since 2018), the hiragana (of those
//!   plates use: none of お, し, へ, ん) and the serial (`12-34`, or `・123` with the dots that
//!   fill its empty places): `品川 300 あ 12-34`. Without the place name, only after a cue
//!   (ナンバー, 車両番号, 登録番号, プレート).
//!
//! - **Another country's number plate after its label** (`licence plate`, `number plate`,
//!   `plate number`, `registration number`, `reg no`, `VRM`, `Kennzeichen`, `immatriculation`,
//!   `matrícula`, `targa`): two to four groups of capitals and digits, with a letter and a digit
//!   (`AB12 CDE`, `7ABC123`, `B-MW 1234`, `AB-123-CD`).
//!
//! Left: a VIN's shape without its check digit or label (a product's or an order's code),
//! a plate's serial without its hiragana (`12-34` is a room, a score).

use std::sync::LazyLock;

use regex::Regex;

use super::patterns::built_in;
use super::{Kind, Match};

/// A character's value in a VIN's check sum (`None`: not a VIN's character).
fn vin_value(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None,
    })
}

const VIN_WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// Whether `v` has a VIN's shape: 17 digits and capitals but I, O, Q, with a letter and a digit.
fn vin_shaped(v: &[u8]) -> bool {
    v.len() == 17
        && v.iter().all(|&c| vin_value(c).is_some())
        && v.iter().any(u8::is_ascii_uppercase)
        && v.iter().any(u8::is_ascii_digit)
}

/// Whether `v`'s ninth character is its check digit.
pub(crate) fn vin_check_digit_holds(v: &[u8]) -> bool {
    if !vin_shaped(v) {
        return false;
    }
    let sum: u32 = v
        .iter()
        .zip(VIN_WEIGHTS)
        .map(|(&c, w)| vin_value(c).unwrap_or(0) * w)
        .sum();
    let check = match sum % 11 {
        10 => b'X',
        r => b'0' + r as u8,
    };
    v[8] == check
}

/// A VIN without a label (see the module's documentation).
pub(crate) fn is_unlabelled_vin(v: &[u8]) -> bool {
    vin_check_digit_holds(v)
        && !matches!(v[9], b'U' | b'Z' | b'0')
        && v[13..].iter().all(u8::is_ascii_digit)
        && v.iter().filter(|c| c.is_ascii_uppercase()).count() >= 2
}

/// Labels of a VIN or a chassis number, in lower case for the Latin ones.
const VIN_LABELS: [&str; 8] = [
    "vin",
    "v.i.n",
    "vehicle identification number",
    "chassis number",
    "chassis no",
    "fahrgestellnummer",
    "車台番号",
    "車体番号",
];

/// Whether a VIN's label stands in the 40 bytes before `start`, `vin` as a word of its own.
fn vin_labelled(t: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(40);
    while !t.is_char_boundary(from) {
        from += 1;
    }
    let head = t[from..start].to_ascii_lowercase();
    VIN_LABELS.iter().any(|l| {
        head.match_indices(l).any(|(i, _)| {
            let h = head.as_bytes();
            let before = i == 0 || !h[i - 1].is_ascii_alphabetic();
            let after = h.get(i + l.len()).is_none_or(|c| !c.is_ascii_alphabetic());
            before && after
        })
    })
}

/// VINs in `t`: each run of 17 ASCII letters and digits of its own (not glued to other ASCII
/// letters or digits).
fn find_vins(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            // Japanese text: a character's bytes at once.
            i += match b[i] {
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                0xC0..=0xDF => 2,
                _ => 1,
            };
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let run = &b[start..i];
        if run.len() == 17
            && (is_unlabelled_vin(run) || (vin_shaped(run) && vin_labelled(t, start)))
        {
            out.push(Match {
                kind: Kind::Vehicle,
                start,
                end: i,
            });
        }
    }
}

/// A Japanese chassis number after its label: the model code (capitals and digits), a hyphen,
/// the serial.
fn find_chassis_numbers(t: &str, out: &mut Vec<Match>) {
    static CHASSIS: LazyLock<Regex> = LazyLock::new(|| {
        built_in(
            r"(?:車台番号|車体番号)(?:は|:| )*([A-Z][A-Z0-9]{1,9}-[0-9]{4,8})(?:[^A-Za-z0-9-]|$)",
        )
    });
    for c in CHASSIS.captures_iter(t) {
        if let Some(m) = c.get(1) {
            out.push(Match {
                kind: Kind::Vehicle,
                start: m.start(),
                end: m.end(),
            });
        }
    }
}

/// The registration offices' place names on Japanese plates (国土交通省: the 2006 list and the
/// regional names announced since, as far as this list was written from them; a plate whose
/// place is missing here is found after a cue, [`PLATE_CUES`]).
const PLATE_PLACES: [&str; 140] = [
    "札幌",
    "函館",
    "旭川",
    "室蘭",
    "苫小牧",
    "釧路",
    "知床",
    "帯広",
    "北見",
    "青森",
    "八戸",
    "弘前",
    "岩手",
    "盛岡",
    "平泉",
    "宮古",
    "宮城",
    "仙台",
    "秋田",
    "山形",
    "庄内",
    "福島",
    "会津",
    "郡山",
    "白河",
    "いわき",
    "水戸",
    "土浦",
    "つくば",
    "宇都宮",
    "那須",
    "とちぎ",
    "日光",
    "群馬",
    "前橋",
    "高崎",
    "大宮",
    "川口",
    "所沢",
    "川越",
    "熊谷",
    "春日部",
    "越谷",
    "上尾",
    "千葉",
    "成田",
    "習志野",
    "市川",
    "船橋",
    "袖ヶ浦",
    "袖ケ浦",
    "野田",
    "柏",
    "松戸",
    "市原",
    "品川",
    "世田谷",
    "練馬",
    "杉並",
    "板橋",
    "足立",
    "江東",
    "葛飾",
    "江戸川",
    "八王子",
    "多摩",
    "府中",
    "横浜",
    "川崎",
    "湘南",
    "相模",
    "山梨",
    "富士山",
    "新潟",
    "長岡",
    "上越",
    "長野",
    "松本",
    "諏訪",
    "富山",
    "石川",
    "金沢",
    "福井",
    "岐阜",
    "飛騨",
    "静岡",
    "浜松",
    "沼津",
    "伊豆",
    "名古屋",
    "豊橋",
    "三河",
    "岡崎",
    "豊田",
    "尾張小牧",
    "一宮",
    "春日井",
    "安城",
    "三重",
    "鈴鹿",
    "四日市",
    "伊勢志摩",
    "滋賀",
    "京都",
    "大阪",
    "なにわ",
    "和泉",
    "堺",
    "奈良",
    "飛鳥",
    "和歌山",
    "神戸",
    "姫路",
    "鳥取",
    "島根",
    "出雲",
    "岡山",
    "倉敷",
    "広島",
    "福山",
    "山口",
    "下関",
    "徳島",
    "香川",
    "高松",
    "愛媛",
    "高知",
    "福岡",
    "北九州",
    "久留米",
    "筑豊",
    "佐賀",
    "長崎",
    "佐世保",
    "熊本",
    "大分",
    "宮崎",
    "鹿児島",
    "奄美",
    "沖縄",
];

/// Words before a plate without its place name.
const PLATE_CUES: [&str; 5] = ["ナンバー", "車両番号", "登録番号", "プレート", "車番"];

/// Japanese number plates in the normalised text `t` (see the module's documentation).
fn find_plates(t: &str, out: &mut Vec<Match>) {
    static PLATE: LazyLock<Regex> = LazyLock::new(|| {
        built_in(
            r"([0-9][0-9A-Z]{0,2}) ?[あいうえかきくけこをさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろわ] ?(?:[0-9]{1,2}-[0-9]{2}|・{1,3}[0-9]{1,3})(?:[^0-9-]|$)",
        )
    });
    for c in PLATE.captures_iter(t) {
        let (Some(whole), Some(class)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let b = t.as_bytes();
        if class.start() > 0 && b[class.start() - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut end = whole.end();
        if end < t.len() || !t[..end].ends_with(|ch: char| ch.is_ascii_digit()) {
            end -= t[..end].chars().next_back().map_or(0, char::len_utf8);
        }
        let head = t[..class.start()]
            .strip_suffix(' ')
            .unwrap_or(&t[..class.start()]);
        let place = PLATE_PLACES.iter().find(|p| head.ends_with(*p));
        let start = match place {
            Some(p) => head.len() - p.len(),
            None => {
                let mut from = class.start().saturating_sub(30);
                while !t.is_char_boundary(from) {
                    from += 1;
                }
                if !PLATE_CUES
                    .iter()
                    .any(|w| t[from..class.start()].contains(w))
                {
                    continue;
                }
                class.start()
            }
        };
        out.push(Match {
            kind: Kind::Vehicle,
            start,
            end,
        });
    }
}

/// Fragments of the plates' labels as they are written (lower case, capitalised, capitals),
/// for the test before the pattern: one SIMD search (a case-insensitive one is the automaton,
/// which cost four times as much on Japanese text).
const PLATE_LABEL_CUES: [&str; 20] = [
    "plate",
    "Plate",
    "PLATE",
    "egistration",
    "EGISTRATION",
    "reg",
    "Reg",
    "REG",
    "vrm",
    "VRM",
    "Vrm",
    "ennzeichen",
    "mmatriculation",
    "matr",
    "Matr",
    "MATR",
    "targa",
    "Targa",
    "TARGA",
    "KENNZEICHEN",
];

/// Number plates in Latin letters after their label (see the module's documentation).
fn find_labelled_plates(t: &str, out: &mut Vec<Match>) {
    static CUES: LazyLock<super::keywords::Keywords> =
        LazyLock::new(|| super::keywords::Keywords::new(&[&PLATE_LABEL_CUES]));
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(concat!(
            r"(?i:(?:licen[cs]e|number|registration|car|vehicle)[ ]?plate(?:[ ]?(?:number|no\.?))?",
            r"|plate[ ]?(?:number|no\.?)|registration(?:[ ]?(?:number|no\.?|mark))?|reg\.?[ ]?(?:no\.?|number)",
            r"|vrm|kennzeichen|immatriculation|matr[ií]cula|targa)",
            r"[ ]*(?::|=|#|is)?[ ]*",
            r"([A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,3})(?:[^A-Za-z0-9-]|$)",
        ))
    });
    if CUES.groups(t) == 0 {
        return;
    }
    for c in LABELLED.captures_iter(t) {
        let (Some(label), Some(value)) = (c.get(0), c.get(1)) else {
            continue;
        };
        // The label starts a word (`preregistration` is none).
        if t[..label.start()]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_ascii_alphanumeric())
        {
            continue;
        }
        let v = value.as_str().trim_end_matches([' ', '-']);
        let chars = v.bytes().filter(u8::is_ascii_alphanumeric).count();
        if (4..=9).contains(&chars)
            && v.bytes().any(|b| b.is_ascii_uppercase())
            && v.bytes().any(|b| b.is_ascii_digit())
        {
            out.push(Match {
                kind: Kind::Vehicle,
                start: value.start(),
                end: value.start() + v.len(),
            });
        }
    }
}

/// Vehicle identifiers in the normalised text `t`; `upper`: it holds an ASCII capital and
/// four digits (a VIN's last four places are digits).
pub(crate) fn find(t: &str, upper: bool, out: &mut Vec<Match>) {
    if upper {
        find_vins(t, out);
        find_labelled_plates(t, out);
    }
    if t.is_ascii() {
        return;
    }
    static CHASSIS_LABELS: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        ["車台番号", "車体番号"].map(|l| memchr::memmem::Finder::new(l.as_bytes()).into_owned())
    });
    if upper
        && CHASSIS_LABELS
            .iter()
            .any(|f| f.find(t.as_bytes()).is_some())
    {
        find_chassis_numbers(t, out);
    }
    if may_hold_plate(t.as_bytes()) {
        find_plates(t, out);
    }
}

/// Whether a plate's middle can stand in `b`: a class number's last character (a digit or a
/// capital), a hiragana, and a serial's first digit or `・`, spaces allowed between them. Texts
/// with hyphens (phones, addresses) are many and plates few: the pattern runs only where
/// this holds.
fn may_hold_plate(b: &[u8]) -> bool {
    let hiragana = |i: usize| b[i] == 0xE3 && matches!(b[i + 1], 0x81 | 0x82);
    // The hiragana's three bytes end at `end` (exclusive); before it a class, after it a
    // serial.
    let middle = |mut end: usize| {
        if end >= 1 && b[end - 1] == b' ' {
            end -= 1;
        }
        if end < 4 || !hiragana(end - 3) {
            return false;
        }
        let mut k = end - 3;
        if k >= 1 && b[k - 1] == b' ' {
            k -= 1;
        }
        k >= 1 && (b[k - 1].is_ascii_digit() || b[k - 1].is_ascii_uppercase())
    };
    // A serial `12-34`: one or two digits before the hyphen.
    let hyphen = memchr::memchr_iter(b'-', b).any(|d| {
        let digits = b[..d]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        (1..=2).contains(&digits) && middle(d - digits)
    });
    static DOT: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("・".as_bytes()).into_owned());
    hyphen || DOT.find_iter(b).any(middle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find(t, t.bytes().any(|b| b.is_ascii_uppercase()), &mut out);
        out.sort_by_key(|m| m.start);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    /// The check digit's worked example in Wikipedia's article on VINs (`1M8GDM9AXKP042788`,
    /// whose check is X) and other makers' VINs whose check holds (Honda, Acura, Ford, BMW,
    /// Chevrolet, Nissan); one character changed, the check fails.
    #[test]
    fn published_vins_pass_their_check_and_near_misses_fail() {
        for vin in [
            "1M8GDM9AXKP042788",
            "1HGCM82633A004352",
            "JH4KA7561PC008269",
            "1FAFP40634F172825",
            "WBA3A5G59DNP26082",
            "1GNEK13ZX3R298984",
            "1N4AL11D75C109151",
        ] {
            assert!(vin_check_digit_holds(vin.as_bytes()), "{vin}");
        }
        for vin in ["1M8GDM9A1KP042788", "1HGCM82643A004352", "1HGCM82633A00435"] {
            assert!(!vin_check_digit_holds(vin.as_bytes()), "{vin}");
        }
        // I, O and Q are no VIN's letters; a run of digits alone (the check holds for
        // 11111111111111111) is a number.
        assert!(!vin_shaped(b"1HGCM82633AO04352"));
        assert!(!vin_check_digit_holds(b"11111111111111111"));
    }

    #[test]
    fn vehicle_identifiers_are_found() {
        let cases: [(&str, &[&str]); 16] = [
            ("My car's VIN is 1M8GDM9AXKP042788.", &["1M8GDM9AXKP042788"]),
            ("1HGCM82633A004352", &["1HGCM82633A004352"]),
            // A European VIN has no check digit: its label says what it is.
            ("VIN: WVWZZZ1JZXW000001", &["WVWZZZ1JZXW000001"]),
            ("車台番号はJTDKN3DU5A0123456です", &["JTDKN3DU5A0123456"]),
            ("Honda JH4KA7561PC008269", &["JH4KA7561PC008269"]),
            ("車台番号 ZVW30-1234567", &["ZVW30-1234567"]),
            (
                "車のナンバーは品川 300 あ 12-34 です",
                &["品川 300 あ 12-34"],
            ),
            ("ナンバープレート 練馬 500 さ 46-49", &["練馬 500 さ 46-49"]),
            ("なにわ330ち・・12", &["なにわ330ち・・12"]),
            ("車両番号 300 わ 1-23", &["300 わ 1-23"]),
            ("横浜 33A ゆ 88-88", &["横浜 33A ゆ 88-88"]),
            ("Registration number: AB12 CDE", &["AB12 CDE"]),
            ("my licence plate is 7ABC123.", &["7ABC123"]),
            ("Kennzeichen B-MW 1234", &["B-MW 1234"]),
            ("immatriculation AB-123-CD", &["AB-123-CD"]),
            ("VRM: LC19 XYZ, colour red", &["LC19 XYZ"]),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), want, "{text}");
        }
    }

    #[test]
    fn codes_and_numbers_like_them_are_left() {
        for text in [
            // A VIN's shape without its check digit or a label.
            "注文番号 1HGCM82643A004352",
            "ORDER ABCDEFGH123456789",
            // Lower case, or glued into a longer run.
            "1hgcm82633a004352",
            "X1HGCM82633A004352",
            // A plate's serial without its place name or a cue.
            "部屋は 3 あ 12-34",
            "スコアは 3-2 でした",
            "品川区1-2-3",
            "お 12-34",
            // A label's word without a plate after it.
            "Registration number: pending",
            "registration 2024 closed",
            "preregistration AB12 CDE",
            "number plate holder 12 cm",
        ] {
            assert_eq!(found(text), Vec::<&str>::new(), "{text}");
        }
    }
}
