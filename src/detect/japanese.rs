//! Addresses and personal names in Japanese text.
//!
//! An address starts at a prefecture (all 47, plus bare 東京/大阪/京都 when a municipality
//! follows), needs a municipality mark (市区町村郡) and then a block number (digits or kanji
//! numerals with 丁目/番地/番/号/条, joined by `-` or の); it ends after the last block number,
//! or after a building and room (…マンション203号室) when one follows. A prefecture alone
//! (東京都に住んでいます) or followed by a quantity (東京都内で2点) is no address.
//!
//! A name is found through its honorific (様 さま さん 殿 君 くん ちゃん): the kanji (and
//! optional kana given name) or katakana words right before it, with the honorific itself kept
//! out of the match. Honorifics also follow words that are no name (お客様, 皆様, 担当者様,
//! お疲れ様, 様々, ちゃんと…): those are excluded by the prefix お/ご/御, by stop lists of words
//! and word endings, and by what follows the honorific.

use crate::jp::PREFECTURES;

use super::keywords::{Keywords, Words};
use super::normalize::{char_after, char_before};
use super::{Kind, Match};

// ---------------------------------------------------------------------------------------------
// Character classes (on NFKC text: half-width kana are already full width).

pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
        | '々' | '〆' | '〇')
}

pub(crate) fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}')
}

/// Katakana letters (including ヶ), not the middle dot ・ nor the long vowel mark (folded to `-`).
pub(crate) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FD}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

fn is_kanji_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千'
    )
}

/// Byte length of the longest prefix of `s` whose characters satisfy `f`.
fn leading_len(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(s.len(), |(i, _)| i)
}

/// The start of the run of characters satisfying `f` that ends at `from`, at most `max` long.
fn back_while(t: &str, from: usize, f: impl Fn(char) -> bool, max: usize) -> usize {
    let mut s = from;
    let mut n = 0;
    while n < max {
        match char_before(t, s) {
            Some(c) if f(c) => {
                s -= c.len_utf8();
                n += 1;
            }
            _ => break,
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Addresses

const BARE_PREFECTURES: [&str; 3] = ["東京", "大阪", "京都"];

/// Finds prefecture names, leftmost-longest over the 47 prefectures and the bare forms (東京都
/// wins over 東京).
pub(crate) struct Prefectures(Words);

impl Prefectures {
    pub(crate) fn new() -> Prefectures {
        let names: Vec<&str> = PREFECTURES
            .iter()
            .chain(BARE_PREFECTURES.iter())
            .copied()
            .collect();
        Prefectures(Words::new(&names))
    }

    /// Whether the SIMD searcher is used (Teddy needs SSSE3 on x86-64, NEON on aarch64).
    #[cfg(test)]
    pub(crate) fn is_packed(&self) -> bool {
        self.0.is_packed()
    }

    /// Calls `f(start, end)` for each match, left to right, without overlaps.
    fn each(&self, t: &str, f: impl FnMut(usize, usize)) {
        self.each_with(true, t, f);
    }

    /// `each`, with the SIMD searcher only if `packed` (tests compare the two).
    pub(crate) fn each_with(&self, packed: bool, t: &str, mut f: impl FnMut(usize, usize)) {
        self.0
            .find_iter_with(packed, t)
            .for_each(|(_, s, e)| f(s, e));
    }
}

/// A prefecture followed by one of these is a mention, not an address (東京都に, 大阪府内で).
fn not_after_prefecture(c: char) -> bool {
    matches!(
        c,
        'に' | 'は'
            | 'で'
            | 'へ'
            | 'を'
            | 'が'
            | 'も'
            | 'と'
            | 'や'
            | 'の'
            | 'か'
            | 'よ'
            | 'ま'
            | '内'
    )
}
/// Particles that end an address body before its block number (東京都新宿区で3点).
fn not_in_body(c: char) -> bool {
    matches!(c, 'に' | 'で' | 'を' | 'は' | 'へ' | 'と' | 'も' | 'や')
}
/// Whether `rest` starts with a town's name in hiragana after a municipality: two to six
/// hiragana, then 町, 通, 台 or 丘 (高知市はりまや町, 仙台市青葉区にしき町): a particle's character
/// starts it, not prose.
fn hiragana_town_name(rest: &str) -> bool {
    let run = rest.chars().take_while(|c| is_hiragana(*c)).count();
    (2..=6).contains(&run)
        && rest
            .chars()
            .nth(run)
            .is_some_and(|c| matches!(c, '町' | '通' | '台' | '丘'))
}
fn municipality_mark(c: char) -> bool {
    matches!(c, '市' | '区' | '町' | '村' | '郡')
}
/// Units after a block number; longer ones first (番地 before 番).
const BLOCK_UNITS: [&str; 7] = ["丁目", "番地", "号室", "番", "号", "条", "地割"];
const MAX_BODY_CHARS: usize = 30;
/// Words that end an address when they follow its block number: they label another number.
const GAP_STOPS: [&str; 9] = [
    "番号", "伝票", "注文", "合計", "電話", "携帯", "追跡", "品番", "会員",
];
const MAX_GAP_CHARS: usize = 4;

/// Kyoto's directions from a street crossing (`烏丸通二条下ル蒔絵屋町280`): north, south, west,
/// east of it. The town and its number follow, as far off as the words before a first number.
/// (`東入` and `西入` without their kana too, after the longer forms: `四条通烏丸東入長刀鉾町`.)
const DIRECTIONS: [&str; 10] = [
    "西入ル",
    "東入ル",
    "西入る",
    "東入る",
    "上ル",
    "下ル",
    "上る",
    "下る",
    "西入",
    "東入",
];

/// Building names: any of these words marks what follows a block number as a building.
/// Long vowel marks are written `-` because the text they are matched on has ー folded.
const BUILDING_WORDS: [&str; 24] = [
    "マンション",
    "ハイツ",
    "ビル",
    "コ-ポ",
    "アパ-ト",
    "レジデンス",
    "タワ-",
    "荘",
    "ハウス",
    "パレス",
    "コ-ト",
    "ヒルズ",
    "メゾン",
    "ハイム",
    "寮",
    "棟",
    "館",
    "プラザ",
    "テラス",
    "ガ-デン",
    "ヴィラ",
    "フラット",
    "シャト-",
    "レジデンシャル",
];
const ROOM_UNITS: [&str; 5] = ["号室", "号", "室", "階", "F"];

pub(crate) fn find_addresses(prefectures: &Prefectures, t: &str, out: &mut Vec<Match>) {
    let mut floor = 0;
    let mut found: Vec<(usize, usize)> = Vec::new();
    prefectures.each(t, |start, end| {
        if start < floor {
            return;
        }
        if let Some(end) = address_end(t, end) {
            found.push((start, end));
            floor = end;
        }
    });
    // Addresses written without their prefecture (港区六本木6-10-1, 横浜市西区みなとみらい2-2-1):
    // a municipality of one to four Han characters and its mark (市, 区, 町, 村) at the start
    // of a word, a town's name right after the mark, then a block number.
    // (Only text with a digit can hold one: the block number. Kanji-numeral blocks without a
    // prefecture are left.)
    if t.bytes().any(|b| b.is_ascii_digit()) {
        without_prefecture(t, &mut found);
    }
    town_and_full_block(t, &mut found);
    town_and_banchi(t, &mut found);
    town_in_next_cell(t, &mut found);
    block_in_next_cell(t, &mut found);
    numbered_streets(t, &mut found);
    found.sort_unstable();
    out.extend(found.into_iter().map(|(start, end)| Match {
        kind: Kind::Address,
        start,
        end,
    }));
}

/// Adds to `found` (the addresses after a prefecture) those written without one: see
/// [`find_addresses`].
fn without_prefecture(t: &str, found: &mut Vec<(usize, usize)>) {
    // The marks, left to right, in one SIMD search.
    const MARKS: [&str; 4] = ["市", "区", "町", "村"];
    static FINDER: std::sync::LazyLock<Words> = std::sync::LazyLock::new(|| Words::new(&MARKS));
    let mut from = 0;
    for (mark, i, _) in FINDER.find_iter(t) {
        let c = MARKS[mark].chars().next().expect("one character");
        if i < from || found.iter().any(|&(s, e)| s <= i && i < e) {
            continue;
        }
        let start = municipality_start(t, i);
        // The town: not another mark, nor a word the mark begins (区内, 市民, 区役所, 町内会,
        // 市場, 区間 …).
        let town = char_after(t, i + c.len_utf8()).is_some_and(|n| {
            (is_han(n) && !"市区町村郡内外民役長立営販場議政制域間画分別会".contains(n))
                || is_katakana(n)
                || is_hiragana(n) && n != 'の'
        }) || {
            // Hokkaido's numbered streets right after the city (旭川市4条通8丁目).
            let after = &t[i + c.len_utf8()..];
            let d = after.bytes().take_while(u8::is_ascii_digit).count();
            (1..=2).contains(&d) && after[d..].starts_with('条')
        };
        if start == i || !town {
            continue;
        }
        // Without a prefecture to say it is an address, its form must: the town glued to a
        // block of three numbers or with its units (6-10-1, 2丁目8番1号), not a space and a
        // range (港区限定 5-6月, 新宿区西新宿 2024-12-01), and no particle but inside a name
        // (丸の内, 自由が丘: between two Han characters), as prose has (渋谷区の店舗3-4-5).
        // (Nor a machine's, a car's or a line's number: 1-2号機, 3号車.)
        let numbered_thing = |e: usize| t[e..].starts_with(['機', '車', '線', '館']);
        // A municipality that can only be a place lets fewer numbers say an address: a
        // designated city and its ward (横浜市中区港町1-1, 川崎市川崎区宮本町1), one of Tokyo's
        // 23 wards (港区六本木6-10), or a city and a town named 町 or 通 (松山市一番町4-4).
        let after = &t[i + c.len_utf8()..];
        let city_ward = c == '市' && {
            let han = after
                .chars()
                .take_while(|&h| is_han(h) && h != '区')
                .count();
            (1..=4).contains(&han) && after.chars().nth(han) == Some('区')
        };
        let tokyo_ward = c == '区' && crate::jp::TOKYO_WARDS.contains(&&t[start..i + c.len_utf8()]);
        let city_town = c == '市' && {
            let town: String = after.chars().take_while(|&h| is_han(h)).collect();
            town.chars().count() >= 2 && (town.ends_with('町') || town.ends_with('通'))
        };
        // A county's town or village (下伊那郡阿智村智里3731-4, 大野郡白川村荻町1086).
        let county = matches!(c, '町' | '村') && t[start..i].contains('郡');
        let min_groups = if city_ward || county {
            1
        } else if tokyo_ward || city_town {
            2
        } else {
            3
        };
        if let Some(end) = address_end(t, start).filter(|&e| {
            e > i
                && !numbered_thing(e)
                && (street_form(&t[i..e], 3)
                    || (street_form(&t[i..e], min_groups) && !counted(t, e)))
        }) {
            found.push((start, end));
            from = end;
        }
    }
}

/// A CSV cell's municipality without its prefecture, and without the kana its name starts with
/// if it is a city named in kana in part (さいたま市, 茅ヶ崎市): what must be Han characters.
fn municipality_of(cell: &str) -> (&str, &str) {
    let name = crate::jp::PREFECTURES
        .iter()
        .find_map(|p| cell.strip_prefix(p))
        .unwrap_or(cell);
    let han = KANA_CITIES
        .iter()
        .find_map(|k| name.strip_prefix(k))
        .unwrap_or(name);
    (name, han)
}

/// Adds to `found` a town and its block in a CSV row's cell right after a cell that ends with a
/// municipality (`"渋谷区","渋谷2-21-1"`, `東京都渋谷区,渋谷2-21-1`, tab-separated too): an address
/// an export splits into columns. The municipality's cell holds only it, after a prefecture or
/// not; the town's cell only the town's name (one to eight Han, katakana or hiragana
/// characters) and a block of a street's form, as [`without_prefecture`] takes it (at least
/// two numbers, or units), which ends the cell; then a building and a room in the next cell (see
/// [`room_cell`]).
fn town_in_next_cell(t: &str, found: &mut Vec<(usize, usize)>) {
    let b = t.as_bytes();
    for s in memchr::memchr2_iter(b',', b'\t', b) {
        let quoted = s > 0 && b[s - 1] == b'"' && b.get(s + 1) == Some(&b'"');
        let (cell_end, next) = if quoted { (s - 1, s + 2) } else { (s, s + 1) };
        let Some(mark @ ('市' | '区' | '町' | '村')) = char_before(t, cell_end) else {
            continue;
        };
        // The municipality's cell: after its start (the row's, a separator or a quote), a
        // prefecture or not, then one to eight Han characters before the mark (横浜市中区).
        let mark_at = cell_end - mark.len_utf8();
        let cell_start = t[..mark_at]
            .rfind([',', '\t', '\n', '"'])
            .map_or(0, |i| i + 1);
        if quoted != (cell_start > 0 && b[cell_start - 1] == b'"') {
            continue;
        }
        // (A city named in kana in part, さいたま市, 茅ヶ崎市; not a header's 市区町村.)
        let (name, han) = municipality_of(&t[cell_start..mark_at]);
        if !(1..=8).contains(&name.chars().count())
            || !han.chars().all(|c| is_han(c) || c == 'ヶ' || c == 'ケ')
            || name.chars().all(|c| "市区町村郡".contains(c))
        {
            continue;
        }
        let town = leading_len(&t[next..], |c| {
            is_han(c) || is_katakana(c) || is_hiragana(c)
        });
        let p = next + town;
        if !(1..=8).contains(&t[next..p].chars().count()) {
            continue;
        }
        let Some(e) = parse_block(t, p) else { continue };
        let rest = &t[e..];
        let cell_ends = if quoted {
            rest.starts_with('"')
        } else {
            rest.is_empty() || rest.starts_with([',', '\t', '\r', '\n'])
        };
        let form = format!("{mark}{}", &t[next..e]);
        // (Three numbers or units, as without a prefecture, two after a town or a village
        // (`軽井沢町,大字軽井沢1323-1`): not opening hours or a price's range, `新宿区,平日10-18`,
        // `渋谷区,送料500-800`.)
        let groups = if matches!(mark, '町' | '村') { 2 } else { 3 };
        if cell_ends
            && street_form(&form, groups)
            && !found.iter().any(|&(fs, fe)| fs < e && next < fe)
        {
            found.push((next, e));
            if let Some(room) = room_cell(t, e, quoted) {
                found.push(room);
            }
        }
    }
}

/// Adds to `found` an address in the grid of numbered streets Sapporo and other Hokkaido cities
/// use, without its prefecture and without 丁目 (`札幌市中央区北1条西2`, `中央区南一条西一丁目`,
/// `北区北7条西5-1-1`): a ward (区) or a city (市) of one to four Han characters, a direction
/// (東, 西, 南, 北), the street's number and 条, a direction and the block's number, in digits or
/// kanji numerals, then 丁目 and numbers if any. The mark and the two directions are what no
/// other text has; a prefecture-led address, or one with 丁目 after a ward, is found before.
fn numbered_streets(t: &str, found: &mut Vec<(usize, usize)>) {
    static JO: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("条"));
    if JO.find(t.as_bytes()).is_none() {
        return;
    }
    static GRID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        super::patterns::built_in(
            r"(?:\p{Han}{1,4}市)?\p{Han}{1,4}[区市][東西南北](?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})条[東西南北](?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:丁目)?(?:[0-9]{1,4}(?:-[0-9]{1,4}){0,2}(?:番地?|号)?)?",
        )
    });
    for m in GRID.find_iter(t) {
        if !found.iter().any(|&(s, e)| s < m.end() && m.start() < e) {
            found.push((m.start(), m.end()));
        }
    }
}

/// Adds to `found` a block alone in a CSV row's cell right after a cell that ends with a
/// municipality and a town (`東京都渋谷区渋谷,2-21-1`, `"杉並区阿佐谷南","1-2-3"`, tabs too), as
/// exports that split the street's number from its town write them: the first cell a
/// prefecture or not, one to eight Han characters and 市, 区, 町 or 村, then the town's one to
/// eight Han, katakana or hiragana characters, ending the cell; the next cell only a block of
/// the street's form with the town (three numbers or units, two after a town or a village),
/// and a building and a room in the cell after it (see [`room_cell`]). Not a figure's or a
/// date's cell (`2026-12-01` has a year's four digits first, which no block has).
fn block_in_next_cell(t: &str, found: &mut Vec<(usize, usize)>) {
    let b = t.as_bytes();
    for s in memchr::memchr2_iter(b',', b'\t', b) {
        let quoted = s > 0 && b[s - 1] == b'"' && b.get(s + 1) == Some(&b'"');
        let (cell_end, next) = if quoted { (s - 1, s + 2) } else { (s, s + 1) };
        // A block next, after a town's name (not a figure's comma, `12,800円`).
        if !b.get(next).is_some_and(u8::is_ascii_digit)
            || !char_before(t, cell_end)
                .is_some_and(|c| is_han(c) || is_katakana(c) || is_hiragana(c))
        {
            continue;
        }
        let cell_start = t[..cell_end]
            .rfind([',', '\t', '\n', '"'])
            .map_or(0, |i| i + 1);
        if quoted != (cell_start > 0 && b[cell_start - 1] == b'"') {
            continue;
        }
        let cell = &t[cell_start..cell_end];
        if !cell.contains(['市', '区', '町', '村']) {
            continue;
        }
        let (_, name) = municipality_of(cell);
        // The municipality's mark: the last that one to eight Han characters lead to and a
        // town's name of one to eight letters follows.
        let Some((k, mark)) = name
            .char_indices()
            .filter(|(_, c)| "市区町村".contains(*c))
            .find(|&(k, c)| {
                let muni = &name[..k];
                let town = &name[k + c.len_utf8()..];
                (1..=8).contains(&muni.chars().count())
                    && muni.chars().all(|c| is_han(c) || c == 'ヶ' || c == 'ケ')
                    && (2..=8).contains(&town.chars().count())
                    && town
                        .chars()
                        .all(|c| is_han(c) || is_katakana(c) || is_hiragana(c))
                    // The town's first letter: not a particle (`新宿区の店舗`) nor a word the
                    // mark begins (区内, 市民, 区役所, as `without_prefecture` reads it).
                    && town.chars().next().is_some_and(|n| {
                        (is_han(n) && !"市区町村郡内外民役長立営販場議政制域間画分別会".contains(n))
                            || is_katakana(n)
                    })
            })
        else {
            continue;
        };
        let town = &name[k + mark.len_utf8()..];
        let Some(e) = parse_block(t, next) else {
            continue;
        };
        let rest = &t[e..];
        let cell_ends = if quoted {
            rest.starts_with('"')
        } else {
            rest.is_empty() || rest.starts_with([',', '\t', '\r', '\n'])
        };
        // A date's cell (`2026-12-01`): a year first, then a month.
        let numbers: Vec<&str> = t[next..e].split('-').collect();
        let date = numbers.len() == 3
            && numbers[0].len() == 4
            && (numbers[0].starts_with("19") || numbers[0].starts_with("20"))
            && numbers[1]
                .parse::<u32>()
                .is_ok_and(|m| (1..=12).contains(&m));
        let groups = if matches!(mark, '町' | '村') { 2 } else { 3 };
        let form = format!("{mark}{town}{}", &t[next..e]);
        if cell_ends
            && !date
            && street_form(&form, groups)
            && !found.iter().any(|&(fs, fe)| fs < e && next < fe)
        {
            found.push((next, e));
            if let Some(room) = room_cell(t, e, quoted) {
                found.push(room);
            }
        }
    }
}

/// The cell after a town's cell that ends at `e` (see [`town_in_next_cell`]), when it holds a
/// building's name and a room's number (`"ヒカリエ 1203"`, `,メゾン自由が丘#101`, `,パークハウス305号室`):
/// a name of two characters or more with a letter of a Japanese script, then a space, `#` or
/// nothing, and three to five digits, or one to five with 号室 or 号, ending the cell.
fn room_cell(t: &str, e: usize, quoted: bool) -> Option<(usize, usize)> {
    let start = if quoted {
        e + t[e..].strip_prefix("\",\"").map(|_| 3)?
    } else {
        e + t[e..].strip_prefix([',', '\t']).map(|_| 1)?
    };
    let rest = &t[start..];
    let len = rest
        .find(|c: char| {
            if quoted {
                c == '"' || c == '\n'
            } else {
                matches!(c, ',' | '\t' | '\r' | '\n')
            }
        })
        .unwrap_or(rest.len());
    if quoted && !rest[len..].starts_with('"') {
        return None;
    }
    let cell = &rest[..len];
    let body = cell
        .strip_suffix("号室")
        .or_else(|| cell.strip_suffix('号'))
        .unwrap_or(cell);
    let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let name = body[..body.len() - digits].trim_end_matches([' ', '\u{3000}', '#']);
    // (Three digits or more without 号室: not `在庫 12`; no room starts with 0, a code does:
    // `渋谷店 0012`; nor is an issue's number one, `会報第12号`.)
    let room = cell.strip_suffix("号室").is_some();
    let fewest = if body.len() < cell.len() { 1 } else { 3 };
    let ok = (fewest..=5).contains(&digits)
        && !body[body.len() - digits..].starts_with('0')
        && !name.ends_with('第')
        && (name.chars().count() >= 2 || (room && name.is_empty()))
        && cell.len() <= 60
        && (room
            || name
                .chars()
                .any(|c| is_han(c) || is_katakana(c) || is_hiragana(c)))
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || " \u{3000}・-".contains(c));
    ok.then_some((start, start + len))
}

/// Adds to `found` a town's name and a block with all three of its units, without a
/// prefecture or a municipality (`西新宿2丁目8番1号`, `神南一丁目19番11号`): 丁目, then 番 or
/// 番地, then 号 is how only an address is numbered. The town is the run of Han or katakana
/// characters (two to eight) right before the block.
fn town_and_full_block(t: &str, found: &mut Vec<(usize, usize)>) {
    static CHOME: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("丁目"));
    town_and_block(t, &CHOME, found, |block, _| {
        block.contains("丁目") && block.contains('番') && block.ends_with('号')
    });
}

/// Adds to `found` a town's name and a block numbered with 番地, without a prefecture or a
/// municipality, as rural addresses are written (`字大原123番地`, `大字軽井沢1323番地`,
/// `小川456番地の2`): 番地 after a number is how only a lot (地番) is numbered. The town is the
/// run of Han or katakana characters (two to eight, 字 and 大字 included) right before the
/// number.
fn town_and_banchi(t: &str, found: &mut Vec<(usize, usize)>) {
    static BANCHI: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("番地"));
    // In kanji numerals, 一番 before a word of 地 is prose (`クラス一番地味な子`, `一番地元で`).
    town_and_block(t, &BANCHI, found, |block, after| {
        block.starts_with(|c: char| c.is_ascii_digit()) || !after.starts_with(is_han)
    });
}

/// Adds to `found`, at each `unit` that no address in it holds, the block whose first number
/// runs back from it, when `takes` that block and the text after it, with the town's name right before it: a run of
/// Han or katakana, two to eight characters. A block after another unit is part of a block read
/// from its start (`3丁目28番地16`), and is left.
fn town_and_block(
    t: &str,
    unit: &memchr::memmem::Finder<'static>,
    found: &mut Vec<(usize, usize)>,
    takes: impl Fn(&str, &str) -> bool,
) {
    for i in unit.find_iter(t.as_bytes()) {
        if found.iter().any(|&(s, e)| s <= i && i < e) {
            continue;
        }
        // The block's first number, back from the unit.
        let mut p = i;
        while let Some(c) = char_before(t, p) {
            if c.is_ascii_digit() || is_kanji_numeral(c) {
                p -= c.len_utf8();
            } else {
                break;
            }
        }
        if p == i || BLOCK_UNITS.iter().any(|u| t[..p].ends_with(*u)) {
            continue;
        }
        let Some(end) = parse_block(t, p).filter(|&e| takes(&t[p..e], &t[e..])) else {
            continue;
        };
        // The town: Han or katakana right before the block.
        let mut start = p;
        let mut n = 0;
        while let Some(c) = char_before(t, start) {
            if (is_han(c) || is_katakana(c)) && n < 8 {
                start -= c.len_utf8();
                n += 1;
            } else {
                break;
            }
        }
        if n >= 2 && !found.iter().any(|&(s, e)| s < end && start < e) {
            found.push((start, end));
        }
    }
}

/// Whether `a` (an address from its municipality's mark on) has a street address's form:
/// see [`without_prefecture`].
fn street_form(a: &str, min_groups: usize) -> bool {
    let Some(block) = a.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let (town, numbers) = a.split_at(block);
    let chars: Vec<char> = town.chars().collect();
    // A particle inside a town's name stands before a Han character and after one, maybe
    // through a few kana of the name (丸の内, 自由が丘, 美しが丘, 区つつじが丘).
    let particle_ok = (0..chars.len()).all(|k| {
        !"のにでをはが".contains(chars[k])
            || (k + 1 < chars.len() && is_han(chars[k + 1]) && {
                let run = chars[..k]
                    .iter()
                    .rev()
                    .take_while(|c| is_hiragana(**c))
                    .count();
                run <= 3 && k > run && is_han(chars[k - run - 1])
            })
    });
    // (`6の10の1`: の between the numbers, as a block is read out.)
    let groups = numbers.split(['-', 'の']).filter(|g| !g.is_empty()).count();
    let units = ["丁目", "番地", "番", "号"]
        .iter()
        .any(|u| numbers.contains(*u));
    // One number only after a town whose name ends in 町 (宮本町1), not 区 or 市.
    let one_ok = groups >= 2 || town.ends_with('町');
    // Kyoto's form says a place by its direction from a crossing (烏丸通三条上ル場之町599).
    let kyoto = DIRECTIONS.iter().any(|d| town.contains(d));
    !town.contains(' ')
        && !town.ends_with('第')
        && particle_ok
        && ((groups >= min_groups && one_ok) || units || kyoto)
}

/// Whether a count, a date or a measure goes on at `e`, right after an address's last number
/// (`…港町1-2月`, `…中区港町1個`): a letter of any script or a unit there, not prose's
/// particle, a mark or a space.
fn counted(t: &str, e: usize) -> bool {
    t[e..]
        .chars()
        .next()
        .is_some_and(|c| (c.is_alphanumeric() && !is_hiragana(c)) || c == '%')
}

/// Cities whose names are written in kana, in full or in part (the Ministry of Internal
/// Affairs' list of municipalities): the Han-only run [`municipality_start`] reads would leave
/// them.
const KANA_CITIES: [&str; 14] = [
    "さいたま",
    "つくばみらい",
    "つくば",
    "ひたちなか",
    "いわき",
    "かすみがうら",
    "みどり",
    "あきる野",
    "いちき串木野",
    "南アルプス",
    "うるま",
    "えびの",
    "たつの",
    "むつ",
];

/// Where the municipality whose mark is at `mark` starts: up to four Han characters before
/// it (市川市), not glued to more Han (a longer run is a word, not a place); `mark` itself when
/// there is none.
fn municipality_start(t: &str, mark: usize) -> usize {
    if let Some(city) = KANA_CITIES.iter().find(|c| t[..mark].ends_with(*c)) {
        return mark - city.len();
    }
    let mut s = mark;
    for n in 0..=4 {
        match char_before(t, s) {
            // A county before a town or a village (北佐久郡軽井沢町): its name, up to four
            // more Han characters, is part of the place.
            Some('郡') if n > 0 && t[mark..].starts_with(['町', '村']) => {
                let county = s - '郡'.len_utf8();
                let c = municipality_start(t, county);
                return if c < county { c } else { mark };
            }
            Some(c) if is_han(c) => {
                if n == 4 {
                    return mark;
                }
                s -= c.len_utf8();
            }
            _ => break,
        }
    }
    s
}

fn starts_with_number(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || is_kanji_numeral(c))
}

/// What may stand right before a block number: place names end in kanji or katakana, or in
/// hiragana for the towns named in it (みなとみらい2-2-1, なんば1-2-3; see `hiragana_town`).
fn block_may_follow(c: char) -> bool {
    is_han(c) || is_katakana(c) || c == ' '
}

/// Whether the hiragana just before `p` can end a town's name: a run of at least three, not
/// ending in a particle (`…区に2-3日`, `…市から1-2`).
fn hiragana_town(t: &str, p: usize) -> bool {
    let run: String = {
        let mut v: Vec<char> = t[..p]
            .chars()
            .rev()
            .take_while(|c| is_hiragana(*c))
            .collect();
        v.reverse();
        v.into_iter().collect()
    };
    // A town named for its street (馬場通り, 本町通り).
    if t[..p].ends_with("通り") {
        return true;
    }
    run.chars().count() >= 3
        && ![
            "に", "で", "は", "へ", "を", "が", "の", "と", "も", "から", "まで", "より", "ので",
            "です", "ます",
        ]
        .iter()
        .any(|w| run.ends_with(*w))
}

/// A number right before these is a quantity or a decimal, not a block number.
fn bad_after_number(after: &str) -> bool {
    let mut rest = after.chars();
    match rest.next() {
        None => false,
        Some(c) if is_han(c) || c.is_ascii_alphabetic() || matches!(c, '%' | ':' | '/' | '¥') => {
            true
        }
        Some('.' | ',') => rest.next().is_some_and(|d| d.is_ascii_digit()),
        Some(_) => false,
    }
}

/// Whether `rest` starts as a figure's group of thousands does after its comma: three digits,
/// then no digit or hyphen (`000円`, `800`).
fn thousands_after(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && b.get(3).is_none_or(|c| !c.is_ascii_digit() && *c != b'-')
}

/// Whether a building's name starts `after` (a kanji or katakana that is no unit of a count,
/// a date or a price).
fn building_after(after: &str) -> bool {
    after.chars().next().is_some_and(|c| {
        (is_han(c) || is_katakana(c)) && !"日月年時分秒個件点名人回歳枚本冊台倍度泊円週".contains(c)
    })
}

/// The end of the block number starting at `p` (2-8-1, 1丁目1番1号, 一丁目一番一号, 5番地の2).
fn parse_block(t: &str, p: usize) -> Option<usize> {
    let mut q = p;
    let mut good = None;
    loop {
        let rest = &t[q..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (len, kanji) = if digits > 0 {
            (digits, false)
        } else {
            (leading_len(rest, is_kanji_numeral), true)
        };
        if len == 0 || (!kanji && len > 5) {
            break;
        }
        let after = &rest[len..];
        // 番 before 号 is the word 番号 (…2-2-1番号: a number's label), never a block's unit:
        // an address spells 1番1号.
        let unit = BLOCK_UNITS
            .iter()
            .copied()
            .find(|u| after.starts_with(*u))
            .filter(|u| !(*u == "番" && after["番".len()..].starts_with('号')));
        let mut e = q + len;
        // Kanji numerals joined by hyphens, as addresses written vertically or in formal
        // letters give a block (千代田一‐一, 梅田三‐一‐一): a numeral with a hyphen and a
        // number after it, or after one. Without either, kanji numerals are a place's name
        // (千代田, 三田, 一宮) unless a unit follows.
        let hyphened = kanji
            && (q > p && t[..q].ends_with('-')
                || after.strip_prefix('-').is_some_and(starts_with_number));
        match unit {
            Some(u) => e += u.len(),
            None if kanji && !hyphened => break,
            None if kanji => {}
            // After `-` or `の`, a building's name may follow the last number unspaced
            // (六本木6-10-1六本木ヒルズ), unless a unit makes it a quantity (2-3日).
            None if q > p && building_after(after) => {}
            // A comma after a later group is a CSV row's next cell when what follows is no
            // figure's group of thousands (three digits, then no digit or hyphen): in
            // `道玄坂1-2-3,090-1234-5678` the phone's 090 is no part of the block; in
            // `…7番11号128,000円` the price is no part of it either.
            None if q > p && after.starts_with(',') && !thousands_after(&after[1..]) => {}
            None => {
                if bad_after_number(after) {
                    break;
                }
            }
        }
        good = Some(e);
        q = e;
        let rest = &t[q..];
        if let Some(r) = rest.strip_prefix('-')
            && starts_with_number(r)
        {
            q += 1;
            continue;
        }
        if let Some(r) = rest.strip_prefix('の')
            && starts_with_number(r)
        {
            q += 'の'.len_utf8();
            continue;
        }
        if unit.is_some() && starts_with_number(rest) {
            continue;
        }
        break;
    }
    good
}

/// The end of the address whose prefecture ends at `pe`, if an address follows.
fn address_end(t: &str, pe: usize) -> Option<usize> {
    let first = char_after(t, pe)?;
    if not_after_prefecture(first) {
        return None;
    }
    let mut p = pe;
    let mut municipality = false;
    let mut last_end: Option<usize> = None;
    let mut run = 0usize;
    let mut after_space = false;
    // After a Kyoto direction, until the next number.
    let mut directed = false;
    while let Some(c) = char_after(t, p) {
        if (c.is_ascii_digit() || is_kanji_numeral(c))
            && (char_before(t, p).is_some_and(block_may_follow)
                || (municipality && hiragana_town(t, p))
                || (directed && last_end == Some(p)))
            && let Some(e) = parse_block(t, p)
        {
            if !municipality {
                break;
            }
            last_end = Some(e);
            p = e;
            run = 0;
            after_space = false;
            directed = false;
            continue;
        }
        if c == ' ' {
            if last_end.is_some() || after_space {
                break;
            }
            after_space = true;
            p += 1;
            continue;
        }
        after_space = false;
        if municipality && let Some(d) = DIRECTIONS.iter().find(|d| t[p..].starts_with(**d)) {
            p += d.len();
            last_end = Some(p);
            run = 0;
            directed = true;
            continue;
        }
        let body = is_han(c) || is_hiragana(c) || is_katakana(c);
        // After a block number, a word that labels another number ends the address
        // (…6-21-3伝票番号0828-…: a tracking number, not the next block).
        if last_end.is_some() && GAP_STOPS.iter().any(|w| t[p..].starts_with(*w)) {
            break;
        }
        // A particle after a kanji or katakana word ends the address (港区に…); inside a
        // hiragana name it does not (みなとみらい).
        let particle = not_in_body(c)
            && !char_before(t, p).is_some_and(is_hiragana)
            && !(municipality && hiragana_town_name(&t[p..]));
        if !body || (last_end.is_none() && particle) {
            break;
        }
        if municipality_mark(c) {
            municipality = true;
        }
        run += 1;
        let limit = if last_end.is_some() && !directed {
            MAX_GAP_CHARS
        } else {
            MAX_BODY_CHARS
        };
        if run > limit {
            break;
        }
        p += c.len_utf8();
        // After a Kyoto direction, the town's name is the address's end when no number
        // follows (…河原町通二条下る一之船入町).
        if directed && c == '町' {
            last_end = Some(p);
        }
    }
    last_end.map(|e| extend_building(t, e))
}

/// Extends an address over a following building and room: `新横浜マンション203号室`,
/// ` 3階`, `コーポ山田`.
/// The end of a building's name starting at `from`: at most 24 characters of katakana, Han,
/// `-`, `・`, and those `more` also takes.
fn name_end(t: &str, from: usize, more: impl Fn(char) -> bool) -> usize {
    let mut q = from;
    for c in t[from..].chars().take(24) {
        if !(is_katakana(c) || is_han(c) || matches!(c, '-' | '・') || more(c)) {
            break;
        }
        q += c.len_utf8();
    }
    q
}

/// A room right after a building's name or floor that ends at `q`: a space, `#` or both, one to five
/// digits and maybe a unit (号室, 号, 室, 階, F), not glued to a further letter or digit of any
/// script.
fn room_after(t: &str, q: usize) -> Option<usize> {
    let rest = &t[q..];
    let mark = if rest.starts_with(" #") {
        2
    } else if rest.starts_with(' ') || rest.starts_with('#') {
        1
    } else {
        return None;
    };
    room_at_marked(t, q + mark, t[q..q + mark].ends_with('#'))
}

/// [`room_after`] without the space or `#`: the room's digits start at `q`.
fn room_at(t: &str, q: usize) -> Option<usize> {
    room_at_marked(t, q, false)
}

/// [`room_at`]; after `#` (`hashed`) a comma may follow the room, as a CSV's next field does
/// (`…ハイツ #1203,4142…`), or Japanese text glued on (`…#1207です`, `…#807商品コードは`): `#`
/// says a room, not a count with a thousands separator or a year.
fn room_at_marked(t: &str, q: usize, hashed: bool) -> Option<usize> {
    let rest = &t[q..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=5).contains(&digits) {
        return None;
    }
    let after = &rest[digits..];
    let unit = ROOM_UNITS
        .iter()
        .copied()
        .find(|u| after.starts_with(*u))
        .map_or(0, str::len);
    let end = q + digits + unit;
    // Not a year, a date or a count (`都庁ビル 2026年に`, `… 2026-10-22着`): no letter of any
    // script, nor a mark that joins numbers, right after it.
    (!t[end..].starts_with(|c: char| {
        c.is_ascii_alphanumeric()
            || (c.is_alphanumeric() && !hashed)
            || matches!(c, '-' | '/' | '.' | ':' | '~')
            || (c == ',' && !hashed)
    }))
    .then_some(end)
}

/// A building's wing right at `q` or after a space: one or two Latin letters or digits, or
/// 東, 西, 南, 北 or 中, maybe 号, then 棟 (`A棟`, `2号棟`, `東棟`). Its end.
fn wing_after(t: &str, q: usize) -> Option<usize> {
    let from = q + usize::from(t[q..].starts_with(' '));
    let rest = &t[from..];
    let mark = rest
        .chars()
        .take(2)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let mark = if mark == 0 && rest.starts_with(['東', '西', '南', '北', '中']) {
        '東'.len_utf8()
    } else {
        mark
    };
    if mark == 0 {
        return None;
    }
    let after = &rest[mark..];
    let after = after.strip_prefix('号').unwrap_or(after);
    after
        .starts_with('棟')
        .then(|| t.len() - after.len() + '棟'.len_utf8())
}

fn extend_building(t: &str, end: usize) -> usize {
    let mut q = end;
    if t[q..].starts_with(' ') {
        q += 1;
    }
    let name_start = q;
    let q = name_end(t, name_start, |c| is_hiragana(c) || c.is_ascii_alphabetic());
    let name = &t[name_start..q];
    static BUILDING: std::sync::LazyLock<Keywords> =
        std::sync::LazyLock::new(|| Keywords::new(&[&BUILDING_WORDS]));
    let has_word = !name.is_empty() && BUILDING.groups(name) != 0;
    let kana_only_name = !name.chars().any(is_hiragana);
    // A room right after the block, marked with `#` (…渋谷2-21-1 #1203).
    if name.is_empty()
        && t[q..].starts_with('#')
        && let Some(e) = room_at_marked(t, q + 1, true)
    {
        return e;
    }
    let digits = t[q..].bytes().take_while(u8::is_ascii_digit).count();
    if (1..=5).contains(&digits) {
        let after = &t[q + digits..];
        let unit = ROOM_UNITS.iter().copied().find(|u| after.starts_with(*u));
        if has_word || (unit.is_some() && kana_only_name) {
            let e = q + digits + unit.map_or(0, str::len);
            // A floor, then the room after a space (栄ビル5階 501).
            return room_after(t, e).unwrap_or(e);
        }
    }
    // A building of any name glued to its room's number (…1-2-3プラウドEast903, …カーサ809,
    // …プラウドII305): three or four digits that end the text or stand before a mark.
    if kana_only_name
        && name.chars().count() >= 2
        && (3..=4).contains(&digits)
        // Not another number's label (`…6-10-1 会員番号1234`, `内線1234`).
        && !GAP_STOPS.iter().chain(&["内線"]).any(|w| name.contains(w))
        && let Some(e) = room_at(t, q)
    {
        return e;
    }
    // A building's name with its word, then a wing (棟) and the room (千里山パレス A棟 301,
    // メゾン新宿 B棟301号室, コーポ山田 2号棟 301, 東棟).
    if has_word && let Some(w) = wing_after(t, q) {
        return room_after(t, w).or_else(|| room_at(t, w)).unwrap_or(w);
    }
    // A building's name with its word, then the room after a space or `#` (コーポ山田 203,
    // メゾン自由が丘 101, 阿佐谷レジデンス#305).
    if has_word
        && !name.is_empty()
        && let Some(e) = room_after(t, q)
    {
        return e;
    }
    // A building of any name, a space, then its room (…26-13 レオパレスさくら 809号室): the
    // unit 号室 says a room, whatever the name.
    if !name.is_empty() && t[q..].starts_with(' ') {
        let digits = t[q + 1..].bytes().take_while(u8::is_ascii_digit).count();
        if (1..=5).contains(&digits) && t[q + 1 + digits..].starts_with("号室") {
            return q + 1 + digits + "号室".len();
        }
    }
    // A building of any name in kanji, katakana or Latin letters, a space, and a room's
    // number that ends the text or stands before a mark (…1-7-5 ソニックシティ 2305): a
    // block's number, then a name and a short number, is how a room is written.
    if !name.is_empty()
        && kana_only_name
        && name.chars().count() >= 2
        && let Some(e) = room_after(t, q)
    {
        return e;
    }
    // A building's name in two or three parts, then its room (…小杉町3丁目 パークシティ武蔵小杉
    // ミッドスカイタワー 4501, …大崎1-11-2 ゲートシティ大崎 イーストタワー 4F): a tower or a wing
    // named after the complex.
    if !name.is_empty() && kana_only_name && name.chars().count() >= 2 {
        let mut part_end = q;
        for _ in 0..2 {
            if !t[part_end..].starts_with(' ') {
                break;
            }
            let from = part_end + 1;
            let e = name_end(t, from, |c| c.is_ascii_alphabetic());
            if t[from..e].chars().count() < 2 {
                break;
            }
            part_end = e;
            if let Some(room) = room_after(t, part_end) {
                return room;
            }
        }
    }
    if has_word && kana_only_name && !name.is_empty() {
        return q;
    }
    // A name with a number before its building word (大阪駅前第3ビル, 第2コ-ポ山田): through the
    // word, and a floor or room right after it.
    let r = name_end(t, name_start, |c| c.is_ascii_alphanumeric());
    let broad = &t[name_start..r];
    if let Some(word_end) = Some(broad)
        .filter(|b| b.bytes().any(|b| b.is_ascii_digit()))
        .and_then(|b| {
            BUILDING_WORDS
                .iter()
                .filter_map(|w| b.find(*w).map(|i| i + w.len()))
                .max()
        })
    {
        let q = name_start + word_end;
        let digits = t[q..].bytes().take_while(u8::is_ascii_digit).count();
        let unit = ROOM_UNITS
            .iter()
            .copied()
            .find(|u| t[q + digits..].starts_with(*u));
        return match unit {
            Some(u) if (1..=5).contains(&digits) => q + digits + u.len(),
            _ => q,
        };
    }
    end
}

/// Whether a whole value is an address: an address match at its start, or a prefecture followed
/// by a municipality (an address column generalised or without block numbers).
pub(crate) fn is_address_value(prefectures: &Prefectures, t: &str) -> bool {
    let mut found = Vec::new();
    find_addresses(prefectures, t, &mut found);
    if found.first().is_some_and(|m| m.start == 0) {
        return true;
    }
    PREFECTURES.iter().any(|p| {
        t.strip_prefix(*p)
            .is_some_and(|rest| rest.chars().take(10).any(municipality_mark))
    })
}

// ---------------------------------------------------------------------------------------------
// Names

const HONORIFICS: [&str; 7] = ["様", "さま", "さん", "殿", "君", "くん", "ちゃん"];

/// The honorifics, found leftmost-longest (さま before さ…).
pub(crate) fn honorific_automaton() -> Words {
    Words::new(&HONORIFICS)
}

/// Hiragana words ending in an honorific that are no name.
const HIRAGANA_STOP: [&str; 56] = [
    "たくさん",
    "みなさん",
    "みなさま",
    "みんなさん",
    "おじさん",
    "おばさん",
    "おじいさん",
    "おばあさん",
    "じいさん",
    "ばあさん",
    "おかあさん",
    "おとうさん",
    "おにいさん",
    "おねえさん",
    "かあさん",
    "とうさん",
    "にいさん",
    "ねえさん",
    "あかちゃん",
    "おつかれさま",
    "おつかれさん",
    "おかげさま",
    "ごちそうさま",
    "ごくろうさま",
    "ごくろうさん",
    "おきゃくさま",
    "おくさま",
    "かみさま",
    "おうさま",
    "おひさま",
    // Words that read like a name alone (Readings::find_hiragana takes one reading too).
    "おくさん",
    "おまわりさん",
    "おいしゃさん",
    "はいしゃさん",
    "やおやさん",
    "ほんやさん",
    "くまさん",
    "ぞうさん",
    "うさぎさん",
    "おひめさま",
    "ほとけさま",
    "おじょうさま",
    "おじょうさん",
    "ぼっちゃん",
    "おばちゃん",
    "おじちゃん",
    "にいちゃん",
    "ねえちゃん",
    "じいちゃん",
    "ばあちゃん",
    "かあちゃん",
    "とうちゃん",
    "どなたさま",
    "どちらさま",
    "あなたさま",
    "こちらさま",
];

/// Kanji words before an honorific that are no name (お客様 etc. are caught by the お prefix).
const HAN_STOP: &[&str] = &[
    "皆",
    "奥",
    "神",
    "王",
    "客",
    "同",
    "模",
    "仕",
    "多",
    "一",
    "有",
    "左",
    "貴",
    "俺",
    "人",
    "殿",
    "先",
    "他",
    "母",
    "父",
    "兄",
    "姉",
    "娘",
    "孫",
    "仏",
    "姫",
    "若",
    "諸",
    "主",
    "各",
    "異",
    "今",
    "外",
    "上",
    "下",
    "様",
    "親",
    "夫",
    "妻",
    "嫁",
    "婿",
    "弟",
    "妹",
    "甥",
    "姪",
    "赤",
    "坊",
    "嬢",
    "猫",
    "犬",
    "鬼",
    "宮",
    "皆々",
    "神々",
    "旦那",
    "息子",
    "王子",
    "先方",
    "貴殿",
    "貴方",
    "奥方",
    "殿方",
    "担当",
    "先生",
    "先輩",
    "後輩",
    "同僚",
    "上司",
    "部下",
    "彼女",
    "彼氏",
    "彼",
    "相手",
    "相手方",
    "他人",
    "人々",
    "大家",
    "管理人",
    "運転手",
    "受取人",
    "名義人",
    "代理人",
    "保証人",
    "申込人",
    "差出人",
    "依頼人",
    "相続人",
    "本人",
    "友人",
    "主人",
    "大人",
    "住人",
    "恋人",
    "新人",
    "職人",
    "個人",
    "老人",
    "家族",
    "子供",
    "子",
    "閣下",
    "陛下",
    "殿下",
    "天皇",
    "将軍",
    "新規",
    "常連",
    "初回",
    "店舗",
    "八百屋",
    "花屋",
    "本屋",
    "魚屋",
    "肉屋",
    "酒屋",
    "米屋",
    "床屋",
    "靴屋",
    "薬屋",
    "問屋",
    "部屋",
    "質屋",
    "屋",
    "両親",
    "義母",
    "義父",
    "祖母",
    "祖父",
    "叔母",
    "叔父",
    "伯母",
    "伯父",
    "兄弟",
    "姉妹",
    "宛名",
    "宛先",
    "世間",
    "宅配",
    "郵便",
    "配達",
    "顧客",
    "仏様",
    "殿様",
    "王様",
    "神様",
    "坊主",
    "神主",
    "宮司",
    "和尚",
    "住職",
    "御中",
    "各位",
    "社長",
    "店長",
    "部長",
    "課長",
    "係長",
    "会長",
    // Counters before 様 (先着100名様, お一人様).
    "名",
    "一名",
    "二名",
    "三名",
    "数名",
    "何名",
    "若干名",
    "一人",
    "二人",
    "三人",
    // Shops, department stores, railways and carriers addressed with an honorific (楽天様,
    // 伊勢丹様, 佐川さん, 黒猫さん; a review found them masked as names).
    "楽天",
    "無印",
    "無印良品",
    "伊勢丹",
    "三越",
    "大丸",
    "高島屋",
    "西友",
    "阪急",
    "阪神",
    "京王",
    "東急",
    "西武",
    "東武",
    "京急",
    "近鉄",
    "名鉄",
    "佐川",
    "黒猫",
    "生協",
];

/// Word endings of roles and organisations (担当者, 配達員, 御社, 佐川急便…).
const HAN_STOP_SUFFIX: &[&str] = &[
    "者",
    "員",
    "師",
    "社",
    "店",
    "局",
    "係",
    "会",
    "課",
    "達",
    "家",
    "長",
    "主",
    "先",
    "様",
    "舗",
    "位",
    "陣",
    "団",
    "側",
    "殿",
    "業",
    "校",
    "客",
    "弁護士",
    "税理士",
    "会計士",
    "書士",
    "運転士",
    "消防士",
    "運輸",
    "急便",
    "物流",
    "商事",
    "工業",
    "銀行",
    "法人",
    "協会",
    "組合",
    "病院",
    "医院",
    "大学",
    "学校",
    "役所",
    "商店",
    "本店",
    "支店",
    // Companies, as customers address them (日本生命様, 東京電力様, 税務署様, 楽天市場様).
    "生命",
    "電力",
    "電機",
    "電気",
    "瓦斯",
    "物産",
    "鉄道",
    "楽天市場",
    "薬局",
    "書店",
    "百貨店",
    "署",
    "郵便",
    "急",
    // Place names before 君 or 様 (千葉県君津市, 〇〇区様).
    "県",
    "府",
    "区",
];

/// Katakana words before an honorific that are no name (ー written `-`, as in the text).
const KATAKANA_STOP: &[&str] = &[
    "スタッフ",
    "オ-ナ-",
    "ユ-ザ-",
    "メ-カ-",
    "ショップ",
    "ドライバ-",
    "バイヤ-",
    "クリエイタ-",
    "ゲスト",
    "メンバ-",
    "サポ-タ-",
    "ファン",
    "リピ-タ-",
    "カスタマ-",
    "オペレ-タ-",
    "セラ-",
    "デザイナ-",
    "マネ-ジャ-",
    "ママ",
    "パパ",
    "ベビ-",
    "ワン",
    "ニャン",
    "サンタ",
    "チ-ム",
    "グル-プ",
    "ホスト",
    "キャスト",
    "サロン",
    "ストア",
    "センタ-",
    "サ-ビス",
    "サポ-ト",
    "カンパニ-",
    "オフィス",
    "クライアント",
    "パ-トナ-",
    "ベンダ-",
    "プロ",
    "ア-ティスト",
    "モデル",
    "ドクタ-",
    "ナ-ス",
    "コ-チ",
    "トレ-ナ-",
    "インストラクタ-",
    "ショップオ-ナ-",
    "アマゾン",
    "メルカリ",
    "ヤマト",
    "ゆうパック",
    // Shops, makers and carriers addressed with an honorific (ユニクロさん, ヨドバシカメラ様).
    "ユニクロ",
    "ヨドバシ",
    "ヨドバシカメラ",
    "ビックカメラ",
    "ロ-ソン",
    "セブン",
    "セブンイレブン",
    "ファミマ",
    "ファミリ-マ-ト",
    "ミニストップ",
    "ニトリ",
    "イオン",
    "ドコモ",
    "ソフトバンク",
    "ヤフ-",
    "ゾゾタウン",
    "ダイソ-",
    "ジ-ユ-",
    "エディオン",
    "ケ-ズデンキ",
    "マツキヨ",
    "ツルハ",
    "ウエルシア",
    "クロネコ",
    "アスクル",
    "ロハコ",
    "ハンズ",
    "ラクテン",
    "ヤフオク",
    "ペイペイ",
    "カインズ",
    "コストコ",
];

const MAX_NAME_PART: usize = 4;
const MAX_HAN_NAME: usize = 8;
const MAX_KATAKANA_NAME: usize = 20;

fn han_stop(word: &str) -> bool {
    HAN_STOP.contains(&word)
        || HAN_STOP_SUFFIX.iter().any(|s| word.ends_with(*s))
        // 八百屋, 郵便屋, 不動産屋 (but 土屋, 古屋 are surnames)
        || (word.ends_with('屋') && word.chars().count() >= 3)
}

/// Kanji that may be part of a name: not the honorifics themselves (神様仏様, 殿様).
fn is_name_han(c: char) -> bool {
    is_han(c) && !matches!(c, '様' | '殿')
}

/// Labels a form, a shipping slip or an order export puts before a person's name (`お名前：`,
/// `【氏名】`, `受取人:`, `ご注文者名\t`): whatever stands after them is that person's.
const PERSON_LABELS: [&str; 35] = [
    // A form's name in its parts (`姓：石井　名：翼`, `セイ：イシイ`), only as a field's
    // whole label (see [`PART_LABELS`]).
    "姓",
    "名",
    "苗字",
    "名字",
    "セイ",
    "メイ",
    "お名前",
    "名前",
    "氏名",
    "宛名",
    "受取人",
    "受取人名",
    "受取人氏名",
    "差出人",
    "差出人名",
    "依頼主",
    "依頼人",
    "送り主",
    "購入者",
    "購入者名",
    "注文者",
    "注文者名",
    "お届け先名",
    "お届け先氏名",
    "契約者",
    "契約者名",
    "名義人",
    "申込者",
    // A gift's name to print (熨斗名入れ, のし名入れ): the giver's surname as often as not.
    "名入れ",
    // The name under a gift's wrapping (のし下), a baby's given name (命名), and a child's
    // name on labels for their things (お名前シール：たなか ひな).
    "のし下",
    "熨斗下",
    "命名",
    "お名前シ-ル",
    "お名前シール",
    "お名前スタンプ",
];

/// The labels of a name's parts, which are words' ends as well (see [`PERSON_LABELS`]).
const PART_LABELS: [&str; 6] = ["姓", "名", "苗字", "名字", "セイ", "メイ"];

/// What a label's value says when it names no one (`お名前：なし`, `氏名：未記入`).
const NO_ONE: [&str; 24] = [
    "なし",
    "テスト",
    "サンプル",
    "ダミ-",
    // A gift's wrapping's words alone (寿: a wedding's; 志: a memorial's).
    "寿",
    "志",
    "未入力",
    "ゲスト",
    "空欄",
    // A gift's name field: whether one is printed, not whose.
    "あり",
    "有り",
    "希望",
    "不要",
    "無し",
    "不明",
    "未定",
    "同上",
    "未記入",
    "匿名",
    "非公開",
    "特になし",
    "省略",
    "本人",
    "ご本人",
];

/// A label's value that starts so says what to write, not whose name it is (`宛名：会社名で
/// お願いします`, `お名前：未入力です`).
const NO_ONE_STARTS: [&str; 16] = [
    "会社名",
    "未入力",
    "未記入",
    "空欄",
    "同上",
    // A gift's wrapping's words (表書き), which a gift's name field may hold instead of a
    // name (`名入れ：祝 還暦`, `のし：御中元`).
    "祝",
    "御祝",
    "お祝",
    "内祝",
    "御礼",
    "お礼",
    "御中元",
    "御歳暮",
    "お中元",
    "お歳暮",
    "粗品",
];

/// A label's value that ends so is the shop's or an office's, not a person's (`差出人：ショップ
/// 運営事務局`, `送り主：当店`, `依頼主：お客様センター`; ー is `-` in the normalised text).
const NO_ONE_ENDS: [&str; 9] = [
    "事務局",
    "センタ-",
    "センター",
    "窓口",
    "係",
    "当店",
    "弊社",
    "運営",
    "御中",
];

/// Endings after a name in a label's value: the copula, a self-introduction, an honorific, a
/// particle (`お名前：山田太郎です`, `受取人：高橋様`, `差出人：佐藤より`).
const NAME_ENDINGS: [&str; 17] = [
    "でございます",
    "と申します",
    "といいます",
    "と言います",
    "です",
    "様",
    "さま",
    "さん",
    "殿",
    "宛",
    "より",
    "まで",
    "へ",
    "は",
    "が",
    "の",
    "に",
];

/// The closing bracket a field's label may end in (`【氏名】`), searched for once per text.
static CLOSE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("】"));

/// Whether `t` holds a mark a field's label ends in (see [`field_values`]): a colon (the
/// caller's byte scan counted them: `colons`), a tab, `]`, or `】` (only in text beyond ASCII,
/// `ascii` false). The cheap test before [`find_labelled_names`] and
/// [`find_labelled_addresses`].
pub(crate) fn has_field_mark(t: &str, colons: bool, ascii: bool) -> bool {
    let b = t.as_bytes();
    colons || memchr::memchr2(b'\t', b']', b).is_some() || (!ascii && CLOSE.find(b).is_some())
}

/// Each value after one of `labels` in `t` and a colon, a closing bracket (`【氏名】`) or a
/// tab, as a form, a slip or a pasted export writes a field: the label found (the longest
/// that ends there), the text before it, and where its value starts (past spaces). A short
/// note in brackets may stand between label and colon (`お名前（フリガナ）：`). Not after `…の`
/// (`ペットの名前`: someone's or something else's), and a closing bracket only after its
/// opening one.
fn field_values<'t>(
    t: &'t str,
    labels: &'t [&'t str],
) -> impl Iterator<Item = (&'t &'t str, &'t str, usize)> + 't {
    // The marks' places: one SIMD search for the ASCII ones, one for `】`.
    let b = t.as_bytes();
    let mut marks: Vec<(usize, char)> = memchr::memchr3_iter(b':', b'\t', b']', b)
        .map(|i| (i, b[i] as char))
        .chain(CLOSE.find_iter(b).map(|i| (i, '】')))
        .collect();
    marks.sort_unstable();
    marks.into_iter().filter_map(move |(i, sep)| {
        let mut label = t[..i].trim_end_matches([' ', '\u{3000}']);
        if let Some(open) = label.strip_suffix(')').and_then(|l| l.rfind('('))
            && label[open..].chars().count() <= 8
        {
            label = label[..open].trim_end_matches([' ', '\u{3000}']);
        }
        let l = labels
            .iter()
            .filter(|l| label.ends_with(**l))
            .max_by_key(|l| l.len())?;
        let before = &label[..label.len() - l.len()];
        // A family member's (`お子様のお名前：`, `主人の氏名：`) is a person's all the same.
        let family = FAMILY_OF.iter().any(|f| before.ends_with(f));
        if before.ends_with('の') && !family
            || (sep == '】' && !before.trim_end().ends_with('【') && !before.is_empty())
        {
            return None;
        }
        let start = t.len()
            - t[i + sep.len_utf8()..]
                .trim_start_matches([' ', '\u{3000}'])
                .len();
        Some((l, before, start))
    })
}

/// A family member and の before a field's label (see [`field_values`]; the readings after a
/// name's label too): whose name or address it is.
pub(crate) const FAMILY_OF: [&str; 16] = [
    "子様の",
    "子さまの",
    "子供の",
    "子どもの",
    "娘の",
    "息子の",
    "主人の",
    "夫の",
    "妻の",
    "奥様の",
    "母の",
    "父の",
    "家族の",
    "孫の",
    "祖母の",
    "祖父の",
];

/// A room's number after its label, 部屋番号 (`部屋番号：1203`, `部屋番号 305号室`,
/// `部屋番号は1203です`): one to five digits, maybe 号室 or 号, then no further letter or digit.
/// With the building it is a household's address; a form asks for it on a line of its own.
pub(crate) fn find_labelled_rooms(t: &str, out: &mut Vec<Match>) {
    const LABEL: &str = "部屋番号";
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(LABEL));
    for i in FINDER.find_iter(t.as_bytes()) {
        let after = &t[i + LABEL.len()..];
        let value = after
            .strip_prefix([':', '：'])
            .or_else(|| after.strip_prefix("は"))
            .or_else(|| after.strip_prefix('】'))
            .unwrap_or(after)
            .trim_start_matches([' ', '\u{3000}']);
        let start = t.len() - value.len();
        // The label says a room, as `#` does: a particle or a CSV's comma may follow.
        // (Not a year or a count: `部屋番号：2026年`.)
        if let Some(end) = room_at_marked(t, start, true)
            .filter(|&e| e > start && !t[e..].starts_with(|c: char| is_han(c) || is_katakana(c)))
        {
            out.push(Match {
                kind: Kind::Address,
                start,
                end,
            });
        }
    }
}

/// Labels of a postal address in a form or a pasted export.
const ADDRESS_LABELS: [&str; 35] = [
    // A building's name and room, the line a form asks for after the street's
    // (`マンション名：パークハウス渋谷 305号室`; ー is `-` in the normalised text).
    "建物名",
    "マンション名",
    "ビル名",
    "アパ-ト名",
    "建物名・部屋番号",
    "マンション名・部屋番号",
    // The street's line, as forms split an address (`住所2：道玄坂1-2-3`, `町名・番地：…`);
    // the block's own labels are [`BLOCK_LABELS`].
    "住所1",
    "住所2",
    "住所3",
    "町名・番地",
    "町名番地",
    "町域・番地",
    "番地",
    "丁目・番地",
    "番地・建物名",
    "住所",
    "ご住所",
    "現住所",
    "所在地",
    "お届け先",
    "届け先",
    "送付先",
    "配送先",
    "発送先",
    "送り先",
    "お届け先住所",
    "送付先住所",
    "配送先住所",
    "請求先住所",
    "Address",
    "address",
    "ADDRESS",
    "Adresse",
    "Dirección",
    "Endereço",
];

/// An address after its label (`住所：六本木6-10-1`, `【お届け先】梅田1-1-3`, `Address: 6-10-1
/// Roppongi`), whatever form it takes: the field's value up to a line's or a cell's end, a
/// sentence's `。`, a comma, or the next field's label (`… 電話:`), at most 60 characters, when
/// it holds a block's number (a digit, or a kanji numeral before a hyphen, 丁, 番 or 号) and
/// starts with a place's letter or a number, beside a place's name (two letters or more), and
/// no other rule found an address in it. `住所：同上`, `お届け先: 2点` and `住所は変更ありません`
/// name no place. It needs no dictionary.
pub(crate) fn find_labelled_addresses(t: &str, out: &mut Vec<Match>) {
    // The labels' cores, in one SIMD search: most texts hold none.
    static CUES: std::sync::LazyLock<Keywords> = std::sync::LazyLock::new(|| {
        Keywords::new(&[&[
            "住所",
            "届け先",
            "送付先",
            "配送先",
            "発送先",
            "送り先",
            "所在地",
            "建物名",
            "ンション名",
            "ビル名",
            "番地",
            "パ-ト名",
            "ddress",
            "DDRESS",
            "dresse",
            "irección",
            "ndereço",
        ]])
    });
    if CUES.groups(t) == 0 {
        return;
    }
    for (label, before, start) in field_values(t, &ADDRESS_LABELS) {
        // Another kind of address (`IP address:`, `E-mail Address:`, `MAC address:`).
        let kind = before.trim_end().to_ascii_lowercase();
        if [
            "ip",
            "ipv4",
            "ipv6",
            "mac",
            "mail",
            "web",
            "wallet",
            "bitcoin",
            "server",
            "billing ip",
        ]
        .iter()
        .any(|w| kind.ends_with(w))
            // A word or a parameter the label ends (`fn convert_address(address: …`).
            || before.ends_with(|c: char| c.is_ascii_alphanumeric() || "(_.{<\"'".contains(c))
        {
            continue;
        }
        // After a label that asks for the block alone (`番地：1-2-3`, `丁目・番地：2丁目21-1`),
        // the block is the value, with no place's name beside it.
        let end = labelled_value(t, start, out).or_else(|| {
            BLOCK_LABELS
                .contains(label)
                .then(|| parse_block(t, start))
                .flatten()
                .filter(|&e| t[start..].starts_with(|c: char| c.is_ascii_digit()) && e > start)
        });
        if let Some(end) = end {
            out.push(Match {
                kind: Kind::Address,
                start,
                end,
            });
        }
    }
}

/// Labels of an address's block alone (see [`find_labelled_addresses`]).
const BLOCK_LABELS: [&str; 2] = ["番地", "丁目・番地"];

/// An address without a colon after its label: a label and は (`新しい住所は桜新町1-2-3になります`,
/// `転居先は…`), or a postal code with its mark and a space (`〒166-0004 阿佐谷南1-2-3`): a
/// town's name and a block (`1-2-3`, 丁目, 番地) there, which no rule for a municipality finds,
/// as [`find_labelled_addresses`] reads a value. Not a count, a change or a sentence
/// (`住所は3つ`, `住所は変更ありません`, `住所は未定で2-3日後に…`).
pub(crate) fn find_spoken_addresses(t: &str, out: &mut Vec<Match>) {
    // The labels with は, and the postal mark: one pass.
    const LABELS: [&str; 10] = [
        "住所は",
        "届け先は",
        "送付先は",
        "配送先は",
        "送り先は",
        "発送先は",
        "転居先は",
        "越し先は",
        "移転先は",
        "〒",
    ];
    static CUES: std::sync::LazyLock<Words> = std::sync::LazyLock::new(|| Words::new(&LABELS));
    let starts: Vec<(usize, bool)> = CUES
        .find_iter(t)
        .filter_map(|(w, _, e)| {
            if LABELS[w] != "〒" {
                let value = t[e..].trim_start_matches([' ', '\u{3000}']);
                return Some((t.len() - value.len(), false));
            }
            // The postal code: seven digits (a hyphen between or not), then a space.
            let code = t[e..].trim_start_matches(' ');
            let len = code
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b'-')
                .count();
            let seven = code[..len].bytes().filter(u8::is_ascii_digit).count() == 7;
            let after = &code[len..];
            let value = after.trim_start_matches([' ', '\u{3000}']);
            (seven && value.len() < after.len()).then(|| (t.len() - value.len(), true))
        })
        .collect();
    for (start, postal) in starts {
        let Some(end) = labelled_value(t, start, out) else {
            continue;
        };
        let value = &t[start..end];
        // The town's name before the first number: Han and katakana, with の, が, し or ヶ
        // inside (丸の内, 自由が丘, 美しが丘); other hiragana is a sentence (`未定で2-3日後`).
        let Some(digit) = value.find(|c: char| c.is_ascii_digit()) else {
            continue;
        };
        let town = &value[..digit];
        let town_ok = town
            .chars()
            .next()
            .is_some_and(|c| is_han(c) || is_katakana(c))
            && town.chars().all(|c| {
                is_han(c) || is_katakana(c) || matches!(c, 'の' | 'が' | 'ヶ' | 'ケ' | 'し')
            });
        // The block: three numbers or its units (丁目, 番地), two after a postal code; and no
        // counter after it (`離島の場合3-5日`, `本社3-4階`, `沖縄1-2週間`).
        let Some(block_end) = parse_block(t, start + digit) else {
            continue;
        };
        let block = &t[start + digit..block_end];
        let numbers = block
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .count();
        let units = block.contains("丁目") || block.contains("番地");
        // A counter after the block (a building's name glued on is the address's: `…1-2-3山田荘`).
        const COUNTERS: [&str; 28] = [
            "日", "週", "階", "時", "分", "秒", "個", "点", "円", "名", "件", "台", "年", "月",
            "回", "人", "本", "枚", "冊", "泊", "倍", "度", "歳", "ヶ月", "か月", "カ月", "F", "%",
        ];
        let after = &t[block_end..];
        let counted = COUNTERS.iter().any(|c| after.starts_with(c))
            || after.starts_with(|c: char| c.is_ascii_alphabetic() && c.is_ascii_lowercase());
        if town_ok && !counted && (units || numbers >= 3 || (postal && numbers == 2)) {
            out.push(Match {
                kind: Kind::Address,
                start,
                end,
            });
        }
    }
}

/// The end of an address's value that starts at `start`, after its label: the field's value up
/// to a line's or a cell's end, a sentence's `。`, a comma, the next field's label, another
/// number's label or the sentence going on after its last number, at most 60 characters, when
/// it starts with a place's letter or a number, holds a block's number beside a place's name,
/// names a place (not `同上`) and no other rule found an address there.
fn labelled_value(t: &str, start: usize, out: &[Match]) -> Option<usize> {
    let rest = &t[start..];
    let mut end = rest
        .find(['\n', '\r', '\t', '。', ',', '、'])
        .unwrap_or(rest.len());
    // The next field's label: a space, a word and a colon (`… 電話:090…`).
    if let Some(colon) = rest[..end].find(':')
        && let Some(space) = rest[..colon].rfind([' ', '\u{3000}'])
    {
        end = space;
    }
    let value = rest[..end].trim_end_matches([' ', '\u{3000}']);
    let mut value = match value.char_indices().nth(60) {
        Some((cut, _)) => &value[..cut],
        None => value,
    };
    // Another number's label ends it (`…下村2890商品コードは…`, `…3089伝票番号…`).
    if let Some(cut) = GAP_STOPS
        .iter()
        .chain(&["コ-ド", "SKU", "商品"])
        .filter_map(|w| value.find(*w))
        .min()
    {
        value = &value[..cut];
    }
    // The sentence going on after the last number (`…曽我515宜しくお願い致します`,
    // `…1-2-3です`): the address ends at the number and its unit, a building's name after
    // it stays with it.
    let last_number = value
        .char_indices()
        .rfind(|&(_, c)| c.is_ascii_digit() || is_kanji_numeral(c))
        .map(|(k, c)| k + c.len_utf8());
    if let Some(mut q) = last_number {
        if let Some(u) = ["番地", "号室", "丁目", "番", "号", "階", "F"]
            .iter()
            .find(|u| value[q..].starts_with(**u))
        {
            q += u.len();
        }
        if let Some(h) = value[q..].find(is_hiragana).map(|k| q + k) {
            // A kanji glued to the number that the hiragana goes on is the sentence's.
            let han = value[q..h].chars().all(is_han);
            value = value[..if han { q } else { h }].trim_end();
        }
    }
    let first = value.chars().next();
    let starts_ok = first.is_some_and(|c| is_han(c) || is_katakana(c) || c.is_alphanumeric());
    // A place's name beside the number (`お届け先: 2点` is a count).
    let letters = value
        .chars()
        .filter(|&c| is_han(c) || is_katakana(c) || is_hiragana(c) || c.is_ascii_alphabetic())
        .count();
    let numbered = value.bytes().any(|b| b.is_ascii_digit())
        || value.char_indices().any(|(k, c)| {
            is_kanji_numeral(c) && value[k + c.len_utf8()..].starts_with(['-', '丁', '番', '号'])
        });
    let no_place = ["同上", "変更", "なし", "不明"]
        .iter()
        .any(|w| value.starts_with(w));
    // An address the other rules found there is theirs, with what follows it (a name
    // after the building: `…グリーンハイツ後藤　奈々`).
    let found = out
        .iter()
        .any(|m| m.kind == Kind::Address && m.start >= start && m.start < start + value.len());
    (starts_ok && numbered && letters >= 2 && !no_place && !found).then_some(start + value.len())
}

/// Words of an organisation's name, not a person's (the Companies Act's forms, other legal
/// persons', `(株)` as normalisation writes ㈱, and a shop's): after a label, a sender or a
/// client that is a company (`差出人：有限会社田中商店`, `ご依頼主：株式会社サンプル 営業部`) is
/// no name; a person's name after it is still found by the analysis.
pub(crate) const CORPORATE_FORMS: [&str; 14] = [
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "社団法人",
    "財団法人",
    "医療法人",
    "学校法人",
    "(株)",
    "(有)",
    "商店",
    "商事",
    "工務店",
];

/// A person's name after their label and a colon, a closing bracket or a tab (`お名前：小鳥遊
/// ひなた`, `【氏名】月見里 葵`, `受取人:たかはし`, `お名前（フリガナ）：ヤマダ タロウ`), whatever the
/// dictionary knows of it: one or two words of Han characters or kana (one space between),
/// without an ending (です, 様, より, a particle), at most twelve characters. Not a value that
/// names no one (`なし`, `未記入`), nor after `…の名前` (`ペットの名前：モモ`, `商品の名前`),
/// nor a word glued to `名前` (`商品名前`). It needs no name analysis, so it runs with an
/// honorific's context only too (`names = "context"`): the label is the context.
pub(crate) fn find_labelled_names(t: &str, out: &mut Vec<Match>) {
    // The labels' cores, in one SIMD search: most texts hold none.
    static CUES: std::sync::LazyLock<Keywords> = std::sync::LazyLock::new(|| {
        Keywords::new(&[&[
            "名前",
            "氏名",
            "宛名",
            "受取人",
            "差出人",
            "依頼",
            "送り主",
            "購入者",
            "注文者",
            "届け先",
            "契約者",
            "名義人",
            "申込者",
            "名入れ",
            "姓",
            "苗字",
            "名字",
            "セイ",
            "メイ",
            "名:",
            "名(",
            "し下",
            "斗下",
            "命名",
            "名前シ",
            "名前ス",
            "名\t",
        ]])
    });
    if CUES.groups(t) == 0 {
        return;
    }
    let b = t.as_bytes();
    for (l, before, start) in field_values(t, &PERSON_LABELS) {
        let glued = before.chars().next_back();
        // A name's part labels a field only as its whole label: not `商品名:`, `店名:`,
        // `アイテム名:`, `ブランドメイ:`.
        if PART_LABELS.contains(l)
            && glued.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '・')
        {
            continue;
        }
        if *l == "名前" && glued.is_some_and(|c| is_han(c) || is_katakana(c)) {
            continue;
        }
        let letter =
            |c: char| is_han(c) || is_katakana(c) || is_hiragana(c) || c == '-' || c == '・';
        let word = |from: usize| {
            t[from..]
                .char_indices()
                .find(|&(_, c)| !letter(c))
                .map_or(t.len(), |(k, _)| from + k)
        };
        let mut end = word(start);
        if end == start {
            continue;
        }
        // A second word after one space (`小鳥遊 ひなた`, `ヤマダ タロウ`).
        if let Some(sp) = t[end..]
            .chars()
            .next()
            .filter(|c| matches!(c, ' ' | '\u{3000}'))
        {
            let second = word(end + sp.len_utf8());
            // Not the next field's label (`氏名:山田太郎 電話:…`).
            let label_next = t[second..].starts_with([':', '】', '(']);
            if second > end + sp.len_utf8() && !label_next {
                end = second;
            }
        }
        let mut name = &t[start..end];
        for _ in 0..2 {
            if let Some(e) = NAME_ENDINGS
                .iter()
                .find(|e| name.ends_with(*e) && name.len() > e.len())
            {
                name = name[..name.len() - e.len()].trim_end_matches([' ', '\u{3000}']);
            }
        }
        let n = name.chars().count();
        let glued_after = b
            .get(start + name.len())
            .is_some_and(u8::is_ascii_alphanumeric);
        if (1..=12).contains(&n)
            && !glued_after
            && !NO_ONE.contains(&name)
            && !NO_ONE_STARTS.iter().any(|w| name.starts_with(w))
            && !NO_ONE_ENDS.iter().any(|w| name.ends_with(w))
            && !CORPORATE_FORMS.iter().any(|f| name.contains(f))
            && name.chars().next().is_some_and(|c| c != '-' && c != '・')
        {
            out.push(Match {
                kind: Kind::Name,
                start,
                end: start + name.len(),
            });
        }
    }
}

///
/// `after_hiragana` receives where each name before an honorific ends that ends in hiragana (a name in
/// hiragana is the readings' to judge: `readings::Readings::find_hiragana`).
pub(crate) fn find_names(
    ac: &Words,
    t: &str,
    out: &mut Vec<Match>,
    after_hiragana: &mut Vec<usize>,
) {
    for (pattern, m_start, m_end) in ac.find_iter(t) {
        let honorific = HONORIFICS[pattern];
        let next = char_after(t, m_end);
        let blocked = match honorific {
            // 様式, 様々, 様子, 様相, 様態, 様変わり, 多様性
            "様" => next.is_some_and(|c| "式々子相態変性様".contains(c)),
            // さまざま; 熱さまシート (a product's name goes on in katakana)
            "さま" => next == Some('ざ') || next.is_some_and(is_katakana),
            // ちゃんと, ちゃんぽん, ちゃんこ鍋
            "ちゃん" => matches!(next, Some('と' | 'ぽ' | 'こ')),
            // さんま (a saury: `北海道産さんま 3kg`), not さんまで (`山田さんまでご連絡を`)
            "さん" => next == Some('ま') && !t[m_end..].starts_with("まで"),
            // 殿堂, 殿下, 殿様
            "殿" => next.is_some_and(|c| "堂下様".contains(c)),
            // 君主, 君臨
            "君" => next.is_some_and(|c| "主臨".contains(c)),
            _ => false,
        };
        if blocked || HIRAGANA_STOP.iter().any(|s| t[..m_end].ends_with(*s)) {
            continue;
        }
        let mut end = m_start;
        if t[..end].ends_with(' ') {
            end -= 1;
        }
        // 御殿 (御殿場), 御様: 御 belongs to the word, and no name ends in it.
        if t[..end].ends_with('御') {
            continue;
        }
        if char_before(t, end).is_some_and(is_hiragana) {
            after_hiragana.push(end);
        }
        if let Some(start) = name_start(t, end) {
            out.push(Match {
                kind: Kind::Name,
                start,
                end,
            });
        }
    }
}

fn name_start(t: &str, end: usize) -> Option<usize> {
    let last = char_before(t, end)?;
    let start = if is_katakana(last) || matches!(last, '-' | '・') {
        katakana_name_start(t, end)?
    } else {
        kanji_name_start(t, end)?
    };
    // お客様, ご主人様, 御社様: an honorific prefix makes a role, not a name.
    if char_before(t, start).is_some_and(|c| matches!(c, 'お' | 'ご' | '御'))
        || t[start..].starts_with('御')
    {
        return None;
    }
    Some(start)
}

/// ヤマダ タロウ, ジョン・スミス, マイク, ジャン＝ピエール (`＝` is `=` once normalised).
fn katakana_name_start(t: &str, end: usize) -> Option<usize> {
    let mut s = end;
    let mut n = 0;
    while n < MAX_KATAKANA_NAME {
        let Some(c) = char_before(t, s) else { break };
        let ok = is_katakana(c)
            || matches!(c, '-' | '・' | '=')
            || (c == ' ' && !t[s..].starts_with(' '));
        if !ok {
            break;
        }
        s -= c.len_utf8();
        n += 1;
    }
    while s < end {
        match char_after(t, s) {
            Some(c @ ('-' | '・' | '=' | ' ')) => s += c.len_utf8(),
            _ => break,
        }
    }
    let name = &t[s..end];
    if name.chars().filter(|&c| is_katakana(c)).count() < 2 {
        return None;
    }
    let last_word = name.rsplit([' ', '・', '=']).next().unwrap_or(name);
    let stop = KATAKANA_STOP.iter().any(|&w| {
        last_word == w || name == w || (w.chars().count() >= 4 && last_word.ends_with(w))
    });
    if stop { None } else { Some(s) }
}

/// 山田太郎, 佐藤 花子, 田中はなこ, 佐藤 さくら.
fn kanji_name_start(t: &str, end: usize) -> Option<usize> {
    let hs = back_while(t, end, is_hiragana, MAX_NAME_PART + 1);
    let hiragana = t[hs..end].chars().count();
    if hiragana > 0 {
        // A hiragana given name needs a kanji surname before it.
        if !(2..=MAX_NAME_PART).contains(&hiragana) {
            return None;
        }
        let mut p = hs;
        if t[..p].ends_with(' ') {
            p -= 1;
        }
        let ss = back_while(t, p, is_name_han, MAX_NAME_PART + 1);
        let surname = &t[ss..p];
        let n = surname.chars().count();
        if n == 0 || n > MAX_NAME_PART || han_stop(surname) {
            return None;
        }
        return Some(ss);
    }
    let r1 = back_while(t, end, is_name_han, MAX_HAN_NAME);
    if r1 == end {
        return None;
    }
    let last_part = &t[r1..end];
    if han_stop(last_part) {
        return None;
    }
    if last_part.chars().count() <= MAX_NAME_PART && t[..r1].ends_with(' ') {
        let p = r1 - 1;
        let r2 = back_while(t, p, is_name_han, MAX_NAME_PART + 1);
        let first_part = &t[r2..p];
        let n = first_part.chars().count();
        if (1..=MAX_NAME_PART).contains(&n) && !han_stop(first_part) {
            return Some(r2);
        }
    }
    Some(r1)
}

/// `t` without an honorific at its end (`山田太郎様` → `山田太郎`), trimmed.
pub(crate) fn without_honorific(t: &str) -> &str {
    HONORIFICS
        .iter()
        .find_map(|h| t.strip_suffix(h))
        .unwrap_or(t)
        .trim_end()
}

/// Whether a whole value is a name: a name with its honorific (山田太郎様), or two short parts
/// separated by a space or ・ (山田 太郎, ヤマダ タロウ, ジョン・スミス). A name written without a
/// space (山田太郎) cannot be told from other kanji words and is not reported.
pub(crate) fn is_name_value(ac: &Words, t: &str) -> bool {
    let mut found = Vec::new();
    find_names(ac, t, &mut found, &mut Vec::new());
    if let Some(m) = found.first()
        && m.start == 0
        && HONORIFICS.contains(&t[m.end..].trim_start())
    {
        return true;
    }
    let parts: Vec<&str> = t.split([' ', '・']).collect();
    let &[a, b] = parts.as_slice() else {
        return false;
    };
    let short = |s: &str| (1..=5).contains(&s.chars().count());
    if !short(a) || !short(b) {
        return false;
    }
    // `・` parts a foreign name in katakana, never a Japanese one in kanji: kanji around it
    // are a heading's two words (`項目・選択肢`, `番地・建物名`).
    let han_name = !t.contains('・')
        && a.chars().all(is_han)
        && b.chars().all(|c| is_han(c) || is_hiragana(c))
        && !han_stop(a)
        && !han_stop(b);
    let kana = |s: &str| s.chars().all(|c| is_katakana(c) || c == '-');
    han_name || (kana(a) && kana(b))
}

// ---------------------------------------------------------------------------------------------
// Readings beside a name.

/// The honorifics that may stand between a name and its reading (`山田太郎様（やまだたろう様）`).
const READING_HONORIFICS: [&str; 4] = ["様", "さま", "さん", "殿"];

/// Whether `s` reads as a name's reading: 2 to 24 characters of kana, spaces, `・` and the long
/// vowel mark (folded to `-`), starting with kana and ending with kana or the mark (`イチロー`),
/// at least two kana.
fn is_reading(s: &str) -> bool {
    let kana = |c: char| is_hiragana(c) || is_katakana(c);
    let n = s.chars().count();
    (2..=24).contains(&n)
        && s.chars().next().is_some_and(kana)
        && s.chars().last().is_some_and(|c| kana(c) || c == '-')
        && s.chars().filter(|c| kana(*c)).count() >= 2
        && s.chars().all(|c| kana(c) || matches!(c, ' ' | '・' | '-'))
}

/// `rest` without a leading honorific of [`READING_HONORIFICS`].
fn past_honorific(rest: &str) -> &str {
    READING_HONORIFICS
        .iter()
        .find_map(|h| rest.strip_prefix(h))
        .unwrap_or(rest)
}

/// Pushes, as names, the readings written in brackets right beside a name found already (a
/// name of `out`, or a known value outside ASCII): after it, `山田太郎（やまだ たろう）`,
/// `<name>様(ヤマダタロウ 様)`, or before it, `やまだ たろう（山田太郎）`. Forms ask for both, and
/// a reading is the name, in kana. Only what reads as a name by IPADIC's readings counts
/// (`is_name_reading`: a surname's reading, or a surname's and a given name's), so
/// `山田太郎（ふりがな）`, `佐藤様（リピーター）` and `上田様（アマゾン）` stay; before a name,
/// the reading starts the text or follows a space or a mark (`お届け先はこちら（鈴木様）` holds
/// none). The text is normalised: brackets are ASCII, `ー` is `-`.
pub(crate) fn find_readings_beside_names(
    t: &str,
    is_name_reading: impl Fn(&str) -> bool,
    out: &mut Vec<Match>,
) {
    let names: Vec<(usize, usize)> = out
        .iter()
        .filter(|m| {
            m.kind == Kind::Name || (m.kind == Kind::Known && !t[m.start..m.end].is_ascii())
        })
        .map(|m| (m.start, m.end))
        .collect();
    let reads = |r: &str| is_reading(r) && is_name_reading(r);
    for (s, e) in names {
        // After: the name, an honorific, spaces, `(`, the reading, an honorific, `)`.
        let trimmed = past_honorific(&t[e..]).trim_start_matches(' ');
        if let Some(inner) = trimmed.strip_prefix('(') {
            let open = t.len() - inner.len();
            if let Some(close) = inner.find(')') {
                let body = inner[..close].trim_end_matches(' ');
                let reading = READING_HONORIFICS
                    .iter()
                    .find_map(|h| body.strip_suffix(h))
                    .unwrap_or(body)
                    .trim_end_matches(' ');
                if reads(reading) {
                    out.push(Match {
                        kind: Kind::Name,
                        start: open,
                        end: open + reading.len(),
                    });
                }
            }
        }
        // Before: the reading, spaces, `(`, the name, an honorific, `)`.
        let after = past_honorific(&t[e..]);
        let Some(before) = t[..s].strip_suffix('(') else {
            continue;
        };
        if !after.starts_with(')') {
            continue;
        }
        let before = before.trim_end_matches(' ');
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_hiragana(c) || is_katakana(c) || matches!(c, ' ' | '・' | '-'))
            .last()
            .map_or(before.len(), |(i, _)| i);
        let reading = before[start..].trim_start_matches(' ');
        let from = before.len() - reading.len();
        // The reading stands on its own: the text's start, a space or a mark before it.
        let own = before[..from].chars().next_back().is_none_or(|c| {
            !(is_han(c) || is_hiragana(c) || is_katakana(c) || c.is_alphanumeric())
        });
        if own && reads(reading) {
            out.push(Match {
                kind: Kind::Name,
                start: from,
                end: before.len(),
            });
        }
    }
}

#[cfg(test)]
mod reading_tests {
    use super::*;

    /// The readings these tests hold as names' (IPADIC's, in the detector).
    fn name_reading(r: &str) -> bool {
        [
            "やまだ たろう",
            "ヤマダタロウ",
            "さとうはなこ",
            "たなか",
            "ヤマダ・ハナコ",
            "スズキ イチロー",
        ]
        .contains(&r)
    }

    fn readings(t: &str, name: &str) -> Vec<String> {
        let start = t.find(name).unwrap();
        let mut out = vec![Match {
            kind: Kind::Name,
            start,
            end: start + name.len(),
        }];
        find_readings_beside_names(t, name_reading, &mut out);
        out[1..]
            .iter()
            .map(|m| t[m.start..m.end].to_string())
            .collect()
    }

    #[test]
    fn readings_in_brackets_beside_a_name() {
        assert_eq!(
            readings("氏名:山田太郎(やまだ たろう)", "山田太郎"),
            ["やまだ たろう"]
        );
        assert_eq!(
            readings("山田太郎様(ヤマダタロウ様)へ", "山田太郎"),
            ["ヤマダタロウ"]
        );
        assert_eq!(
            readings("佐藤花子 (さとうはなこ) です", "佐藤花子"),
            ["さとうはなこ"]
        );
        assert_eq!(readings("担当 田中(たなか)", "田中"), ["たなか"]);
        assert_eq!(
            readings("やまだ たろう(山田太郎)", "山田太郎"),
            ["やまだ たろう"]
        );
        assert_eq!(
            readings("お名前:ヤマダ・ハナコ(山田花子様)", "山田花子"),
            ["ヤマダ・ハナコ"]
        );
        assert_eq!(
            readings("山田太郎様(ヤマダタロウ 様)", "山田太郎"),
            ["ヤマダタロウ"]
        );
    }

    #[test]
    fn brackets_that_hold_no_reading() {
        for (t, name) in [
            ("山田太郎(35歳)", "山田太郎"),
            ("山田太郎(東京都)", "山田太郎"),
            ("山田太郎(た)", "山田太郎"),
            ("山田太郎 から(よろしく)", "山田太郎"),
            ("山田太郎(ご本人) です", "山田太郎"),
            ("ご依頼 (山田太郎)", "山田太郎"),
            // Kana that are no name's reading, and a reading glued to words before it.
            ("山田太郎(ふりがな)", "山田太郎"),
            ("佐藤様(リピーター)", "佐藤"),
            ("おたなか(田中様)", "田中"),
        ] {
            assert!(readings(t, name).is_empty(), "{t}");
        }
    }
}
