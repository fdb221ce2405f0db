//! Japanese names written in Latin letters (Taro Yamada, YAMADA Taro, takahashi kazuo), by the
//! Hepburn romanisation of IPADIC's readings.
//!
//! The Latin-name pattern (`patterns`) needs a title, an honorific or `Dear` around a name; a
//! customer who signs `Yamada Taro` or a form that holds `takahashi kazuo` has none. The
//! readings `readings` finds names by (ヤマダ, タロウ) romanise as people spell their names
//! in passports and e-mail: Hepburn (シ shi, チ chi, ツ tsu, ジ ji, ン n, ッ a doubled
//! consonant). Two words are a name when one is a surname's romanisation and the other a given
//! name's, in either order, with one space or `, ` between (`Taro Yamada`, `YAMADA, Taro`); a
//! CSV row's comma (`"Suzuki","Hanako"`) or a passport's slash (`TANAKA/HANAKO`) surname first.
//!
//! Spellings of one name differ in long vowels and in ン before b, m, p: Satō, Sato, Satou,
//! Satoh; Homma, Honma. Both the readings and the text are compared folded: macrons dropped,
//! `ou`, `oo` and `oh` (not before a vowel) read `o`, `uu` reads `u`, and `m` before b, m or p
//! reads `n`.
//!
//! English words are romanisations too (to, take, some, note, date), and so are Japanese
//! words in shop copy (Kai Shun, Akita Komachi). So a pair counts only when both words are
//! capitalised or in capitals (`Taro Yamada`, `YAMADA Taro`; a word of two capitals is an
//! acronym: Toyota AI), or both in lower case inside Japanese text after a name's label or
//! before an honorific (`お名前：takahashi kazuo`, `yamada taro様`); with a comma, surname first
//! only (`YAMADA, Taro`; `Yamato, Sagawa` is a list); an initial and a surname (`R. Inoue`);
//! not before a third capitalised word
//! (`Kai Shun Knife`: a title or a product), unless an honorific; six letters or more; no
//! English day or month (`Chiba Jun 12`). On 218,204 pairs of adjacent words of English text (the GPL and
//! other licences in /usr/share/common-licenses, Vim's documentation), the pairs found were
//! contributors' names (Yasuhiro Matsumoto, Taro Muraoka), no English words: a test keeps that
//! for the licences. Product names made of a surname's and a given name's romanisation are
//! still taken (Kai Shun, Akita Komachi): masked text, never a leak.

use super::readings::{HashSet, Readings};
use super::{Kind, Match};

/// The folded romanisations of IPADIC's names.
#[derive(Debug, Default)]
pub(crate) struct LatinNames {
    surnames: HashSet<String>,
    given: HashSet<String>,
}

/// The fewest letters the two words of a name hold together (`Ai Ito` is too short to tell
/// from words).
const MIN_LETTERS: usize = 6;

impl LatinNames {
    pub(crate) fn of(r: &Readings) -> LatinNames {
        let fold_all = |set: &HashSet<String>| -> HashSet<String> {
            set.iter()
                .filter_map(|k| hepburn(k))
                .map(|h| fold(&h))
                .collect()
        };
        let (surnames, given) = r.names();
        LatinNames {
            surnames: fold_all(surnames),
            given: fold_all(given),
        }
    }

    /// Whether `w` is a Japanese given name's romanisation of three letters or more (`Yuki`,
    /// `Kenji`; not `Ai`, which is a word too).
    pub(crate) fn is_given(&self, w: &str) -> bool {
        w.len() >= 3 && w.is_ascii() && !calendar(w) && self.given.contains(&fold(w))
    }

    /// Whether `w` is a Japanese surname's romanisation of three letters or more (`Suzuki`,
    /// `Ito`).
    pub(crate) fn is_surname(&self, w: &str) -> bool {
        w.len() >= 3 && w.is_ascii() && !calendar(w) && self.surnames.contains(&fold(w))
    }

    /// Pushes every pair of words in `t` that is a name. `japanese`: `t` holds text other than
    /// ASCII, where lower-case words count too.
    pub(crate) fn find(&self, t: &str, japanese: bool, out: &mut Vec<Match>) {
        let b = t.as_bytes();
        let mut words = latin_words(b).peekable();
        while let Some((s, e)) = words.next() {
            let Some(&(s2, e2)) = words.peek() else { break };
            // An initial and a surname (R. Inoue, Y. Abe): the surname capitalised, three
            // letters or more, and no lower-case word after it (`Option A. Some users`: a
            // sentence, 染 read some).
            // `K.Yamada` as an engraving or a signature writes it: the surname four letters or
            // more, the initial not after a letter or a dot (`e.g.`).
            let glued = &t[e..s2] == "."
                && e2 - s2 >= 4
                && !t[..s].ends_with(|c: char| c.is_alphanumeric() || c == '.');
            let initial = e - s == 1 && b[s].is_ascii_uppercase() && (&t[e..s2] == ". " || glued);
            if initial {
                let z = &t[s2..e2];
                let capitalised = z.chars().next().is_some_and(char::is_uppercase)
                    && z.chars().skip(1).all(char::is_lowercase);
                let sentence = t[e2..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase()));
                if capitalised
                    && z.len() >= 3
                    && !sentence
                    && !calendar(z)
                    && self.surnames.contains(&fold(z))
                {
                    out.push(Match {
                        kind: Kind::Name,
                        start: s,
                        end: e2,
                    });
                    words.next();
                }
                continue;
            }
            // Between the words: a space; a comma as a list or a CSV row writes it (`YAMADA,
            // Taro`, `"Suzuki","Hanako"`); or a slash between capitals, surname first, as
            // passports' machine-readable zone and airline bookings write it (ICAO 9303:
            // `TANAKA/HANAKO`, `TANAKA/HANAKO MS`).
            let gap = &t[e..s2];
            if !matches!(gap, " " | ", " | "," | "\",\"" | "/" | "_") {
                continue;
            }
            let comma = matches!(gap, ", " | "," | "\",\"");
            let slash = gap == "/";
            let (a, z) = (&t[s..e], &t[s2..e2]);
            if slash {
                let caps = |w: &str| w.len() > 2 && w.bytes().all(|c| c.is_ascii_uppercase());
                let passport = caps(a)
                    && caps(z)
                    && !t[..s].ends_with(['/', '.'])
                    && !t[e2..].starts_with(['/', '.'])
                    && self.surnames.contains(&fold(a))
                    && self.given.contains(&fold(z));
                if !passport {
                    continue;
                }
            }
            // Capitalised, or in capitals and longer than an acronym (Toyota AI).
            let cased = |w: &str| {
                let mut c = w.chars();
                c.next().is_some_and(char::is_uppercase)
                    && (c.clone().all(char::is_lowercase)
                        || (c.all(char::is_uppercase) && w.len() > 2))
            };
            let lower = |w: &str| w.chars().all(char::is_lowercase);
            // In lower case only where a label or an honorific says a name (お名前：takahashi
            // kazuo, yamada taro様): lower-case romaji in Japanese text is as often words
            // (hoshi sora, sakura saku).
            let lower_named =
                || lower(a) && lower(z) && (after_label(&t[..s]) || before_honorific(&t[e2..]));
            // A third capitalised word makes a title or a product's name (Kai Shun Knife,
            // Akita Komachi Rice); an honorific after a name does not.
            let third = || {
                let rest = &t[e2..];
                rest.strip_prefix(' ').is_some_and(|r| {
                    r.starts_with(|c: char| c.is_ascii_uppercase()) && !before_honorific(r)
                })
            };
            // A handle joined by `_` (`/users/taro_yamada`, `Yamada_Taro`), in one case, the two
            // words alone, not part of a longer identifier (`take_some_time`, `get_taro_yamada`).
            let handle = gap == "_"
                && a.len() >= 3
                && z.len() >= 3
                && ((lower(a) && lower(z)) || (cased(a) && cased(z)))
                // Nor a function's or a type's name in code (`to_date(`, `in_token<`, `a::b`).
                && !t[e2..].starts_with(['(', '<', ':'])
                && !t[..s].ends_with(|c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
                && !t[e2..].starts_with(|c: char| c.is_alphanumeric() || matches!(c, '_' | '-'))
                // Nor a file's or a host's name (`taro_yamada.png`).
                && !t[e2..]
                    .strip_prefix('.')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_alphanumeric()));
            if gap == "_" && !handle {
                continue;
            }
            let cue = handle
                || slash
                || (cased(a) && cased(z) && !third())
                || (japanese && lower_named());
            if !cue {
                continue;
            }
            if calendar(a) || calendar(z) {
                continue;
            }
            let (fa, fz) = (fold(a), fold(z));
            if fa.len() + fz.len() < MIN_LETTERS {
                continue;
            }
            // With a comma, surname first only (`YAMADA, Taro`; `Yamato, Sagawa` is a list).
            let name = (self.surnames.contains(&fa) && self.given.contains(&fz))
                || (!comma && self.given.contains(&fa) && self.surnames.contains(&fz));
            if name {
                // A CSV row's two cells are masked each in its own, so the row keeps its cells.
                let cells = if matches!(gap, "," | "\",\"") {
                    vec![(s, e), (s2, e2)]
                } else {
                    vec![(s, e2)]
                };
                out.extend(cells.into_iter().map(|(start, end)| Match {
                    kind: Kind::Name,
                    start,
                    end,
                }));
                words.next();
            }
        }
    }
}

/// Whether a letter of a romanised name starts at byte `i` of `b`, and its length: an ASCII
/// letter, or a Latin letter of two bytes (`ō`, `û`: leads `C3`–`C5`).
fn letter_at(b: &[u8], i: usize) -> Option<usize> {
    match b[i] {
        c if c.is_ascii_alphabetic() => Some(1),
        0xC3..=0xC5 if b.get(i + 1).is_some_and(|c| (0x80..0xC0).contains(c)) => Some(2),
        _ => None,
    }
}

/// Whether `before` ends with a label of a name (`名前：`, `氏名 `, `Name:`, `名前は `,
/// `名義 `) or a colon.
fn after_label(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\u{3000}']);
    trimmed.ends_with([':', '：', '='])
        || [
            "名前",
            "氏名",
            "名前は",
            "氏名は",
            "宛名",
            "名義",
            "name",
            "Name",
            "NAME",
        ]
        .iter()
        .any(|l| trimmed.ends_with(*l))
}

/// Whether `after` starts, past a space, with an honorific (`様`, `さん`, `san`, `sama`).
fn before_honorific(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\u{3000}', '-']);
    ["様", "さん", "さま", "殿", "san", "sama", "Sama", "San"]
        .iter()
        .any(|h| rest.starts_with(*h))
}

/// Whether `w` is an English day or month, or its abbreviation (`Osaka, Mon`: モン is a given
/// name's reading).
fn calendar(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    w.len() <= 9 && WORDS.iter().any(|x| w.eq_ignore_ascii_case(x))
}

/// The byte spans of the runs of letters of `b` that stand as words (no digit glued on either
/// side: `user123` and `x2y` hold none).
fn latin_words(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if letter_at(b, i).is_none() {
                i += 1;
                continue;
            }
            let s = i;
            while let Some(n) = (i < b.len()).then(|| letter_at(b, i)).flatten() {
                i += n;
            }
            let glued = (s > 0 && b[s - 1].is_ascii_digit())
                || b.get(i).is_some_and(|c| c.is_ascii_digit());
            if !glued {
                return Some((s, i));
            }
        }
        None
    })
}

/// The Hepburn romanisation of a reading in katakana; `None` for a character it has no letters
/// for (ー, ヴ and small vowels: `readings` keeps no such name).
pub(crate) fn hepburn(kana: &str) -> Option<String> {
    let chars: Vec<char> = kana.chars().collect();
    let mut out = String::with_capacity(kana.len());
    let mut double = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            'ッ' => {
                double = true;
                i += 1;
                continue;
            }
            'ン' => {
                out.push('n');
                i += 1;
                continue;
            }
            _ => {}
        }
        let mut syllable = String::from(mora(c)?);
        // A small ャ, ュ or ョ after a mora in -i: キャ kya, シャ sha, チャ cha, ジャ ja.
        if let Some(v) = chars.get(i + 1).and_then(|&n| match n {
            'ャ' => Some('a'),
            'ュ' => Some('u'),
            'ョ' => Some('o'),
            _ => None,
        }) && syllable.ends_with('i')
        {
            syllable.pop();
            if !matches!(syllable.as_str(), "sh" | "ch" | "j") {
                syllable.push('y');
            }
            syllable.push(v);
            i += 1;
        }
        if double {
            // ッ doubles the consonant after it (ハットリ hattori); before ch it is t (マッチャ).
            if syllable.starts_with("ch") {
                out.push('t');
            } else if let Some(first) = syllable.chars().next() {
                out.push(first);
            }
            double = false;
        }
        out.push_str(&syllable);
        i += 1;
    }
    Some(out)
}

/// One katakana mora in Hepburn.
fn mora(c: char) -> Option<&'static str> {
    const ROWS: [(char, &str); 71] = [
        ('ア', "a"),
        ('イ', "i"),
        ('ウ', "u"),
        ('エ', "e"),
        ('オ', "o"),
        ('カ', "ka"),
        ('キ', "ki"),
        ('ク', "ku"),
        ('ケ', "ke"),
        ('コ', "ko"),
        ('サ', "sa"),
        ('シ', "shi"),
        ('ス', "su"),
        ('セ', "se"),
        ('ソ', "so"),
        ('タ', "ta"),
        ('チ', "chi"),
        ('ツ', "tsu"),
        ('テ', "te"),
        ('ト', "to"),
        ('ナ', "na"),
        ('ニ', "ni"),
        ('ヌ', "nu"),
        ('ネ', "ne"),
        ('ノ', "no"),
        ('ハ', "ha"),
        ('ヒ', "hi"),
        ('フ', "fu"),
        ('ヘ', "he"),
        ('ホ', "ho"),
        ('マ', "ma"),
        ('ミ', "mi"),
        ('ム', "mu"),
        ('メ', "me"),
        ('モ', "mo"),
        ('ヤ', "ya"),
        ('ユ', "yu"),
        ('ヨ', "yo"),
        ('ラ', "ra"),
        ('リ', "ri"),
        ('ル', "ru"),
        ('レ', "re"),
        ('ロ', "ro"),
        ('ワ', "wa"),
        ('ヰ', "i"),
        ('ヱ', "e"),
        ('ヲ', "o"),
        ('ガ', "ga"),
        ('ギ', "gi"),
        ('グ', "gu"),
        ('ゲ', "ge"),
        ('ゴ', "go"),
        ('ザ', "za"),
        ('ジ', "ji"),
        ('ズ', "zu"),
        ('ゼ', "ze"),
        ('ゾ', "zo"),
        ('ダ', "da"),
        ('ヂ', "ji"),
        ('ヅ', "zu"),
        ('デ', "de"),
        ('ド', "do"),
        ('バ', "ba"),
        ('ビ', "bi"),
        ('ブ', "bu"),
        ('ベ', "be"),
        ('ボ', "bo"),
        ('パ', "pa"),
        ('ピ', "pi"),
        ('プ', "pu"),
        ('ペ', "pe"),
    ];
    match c {
        'ポ' => Some("po"),
        _ => ROWS.iter().find(|(k, _)| *k == c).map(|(_, v)| *v),
    }
}

/// A romanised word folded so that its usual spellings meet (see the module's notes): lower
/// case, macrons and circumflexes dropped, `ou`/`oo`/`oh` → `o`, `uu` → `u`, `m` before b, m
/// or p → `n`.
pub(crate) fn fold(w: &str) -> String {
    let plain: Vec<char> = w
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            'ā' | 'â' | 'Ā' | 'Â' => 'a',
            'ī' | 'î' | 'Ī' | 'Î' => 'i',
            'ū' | 'û' | 'Ū' | 'Û' => 'u',
            'ē' | 'ê' | 'Ē' | 'Ê' => 'e',
            'ō' | 'ô' | 'Ō' | 'Ô' => 'o',
            c => c,
        })
        .collect();
    let vowel = |c: Option<&char>| c.is_some_and(|c| "aiueo".contains(*c));
    let mut out = String::with_capacity(plain.len());
    let mut i = 0;
    while i < plain.len() {
        let (c, n) = (plain[i], plain.get(i + 1));
        match (c, n) {
            ('o', Some('u' | 'o')) | ('u', Some('u')) => {
                out.push(c);
                i += 2;
            }
            ('o', Some('h')) if !vowel(plain.get(i + 2)) => {
                out.push('o');
                i += 2;
            }
            ('m', Some('b' | 'm' | 'p')) => {
                out.push('n');
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hepburn_romanises_readings() {
        for (kana, latin) in [
            ("ヤマダ", "yamada"),
            ("タロウ", "tarou"),
            ("シュンスケ", "shunsuke"),
            ("キョウコ", "kyouko"),
            ("ジュンイチロウ", "junichirou"),
            ("ハットリ", "hattori"),
            ("ホンマ", "honma"),
            ("ツツミ", "tsutsumi"),
            ("チヒロ", "chihiro"),
            ("リョウ", "ryou"),
        ] {
            assert_eq!(hepburn(kana).as_deref(), Some(latin), "{kana}");
        }
        assert_eq!(hepburn("サトー"), None);
    }

    #[test]
    fn spellings_of_one_name_fold_together() {
        for group in [
            &["Sato", "Satou", "Satoh", "Satō", "SATO"][..],
            &["Ohno", "Ono", "Oono", "Ōno"],
            &["Homma", "Honma"],
            &["Yuuki", "Yuki", "Yūki"],
        ] {
            let folded: Vec<String> = group.iter().map(|w| fold(w)).collect();
            assert!(
                folded.iter().all(|f| *f == folded[0]),
                "{group:?}: {folded:?}"
            );
        }
        // `oh` before a vowel is a syllable: Ohashi (オオハシ) is o + hashi.
        assert_eq!(fold("Ohashi"), fold(&hepburn("オオハシ").unwrap()));
    }

    fn small() -> LatinNames {
        let lines = [
            "山田,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,山田,ヤマダ,ヤマダ",
            "高橋,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,高橋,タカハシ,タカハシ",
            "佐藤,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,佐藤,サトウ,サトー",
            "大坂,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,大坂,オオサカ,オーサカ",
            "紋,1291,1291,7000,名詞,固有名詞,人名,名,*,*,紋,モン,モン",
            "太郎,1291,1291,7000,名詞,固有名詞,人名,名,*,*,太郎,タロウ,タロー",
            "和夫,1291,1291,7000,名詞,固有名詞,人名,名,*,*,和夫,カズオ,カズオ",
            "竹,1291,1291,7000,名詞,固有名詞,人名,名,*,*,竹,タケ,タケ",
            "染,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,染,ソメ,ソメ",
        ];
        LatinNames::of(&Readings::of_lexicon(&lines.join("\n")))
    }

    fn found(l: &LatinNames, t: &str) -> Vec<String> {
        let mut out = Vec::new();
        l.find(t, !t.is_ascii(), &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn romanised_names() {
        let l = small();
        for (t, want) in [
            ("Regards, Taro Yamada", "Taro Yamada"),
            ("YAMADA Taro", "YAMADA Taro"),
            ("Yamada, Taro", "Yamada, Taro"),
            ("Satoh Kazuo", "Satoh Kazuo"),
            ("お問い合わせ：takahashi kazuo。", "takahashi kazuo"),
            ("yamada taro様", "yamada taro"),
            ("名前は yamada taro です", "yamada taro"),
            ("口座名義 takahashi kazuo", "takahashi kazuo"),
            // A CSV row's cells, surname first; a passport's or a booking's slash.
            ("YAMADA/TARO", "YAMADA/TARO"),
            ("TAKAHASHI/KAZUO MR", "TAKAHASHI/KAZUO"),
            // A handle joined by `_`, in either order and one case.
            ("GET /users/taro_yamada/orders", "taro_yamada"),
            ("@yamada_taro さん", "yamada_taro"),
            ("Yamada_Taro", "Yamada_Taro"),
        ] {
            assert_eq!(found(&l, t), [want], "{t}");
        }
        // A CSV row's cells, surname first, each masked in its own cell.
        assert_eq!(
            found(&l, "\"Yamada\",\"Taro\",\"Tokyo\""),
            ["Yamada", "Taro"]
        );
        assert_eq!(found(&l, "C001,Yamada,Taro,M"), ["Yamada", "Taro"]);
        for t in [
            // English words that are readings too (竹 take, 染 some).
            "Please take some time.",
            "take some",
            // Lower case in English text; mixed case; glued to digits; too short.
            "yamada taro",
            "Taro yamada",
            "Taro Yamada2",
            // A place and a weekday (大坂 and 紋 read so).
            "Osaka, Mon",
            // An acronym in capitals; a list with a comma, given name first; lower case
            // without a label or honorific.
            "Taro AI",
            "Taro, Yamada",
            "今日は takahashi kazuo です",
            // A title or a product's name of three capitalised words.
            "Taro Yamada Knife",
            // Cells given name first; a slash not between two capitalised words of a name
            // (a path, a date's parts, lower case, given name first).
            "\"Taro\",\"Yamada\"",
            "/YAMADA/TARO/",
            "yamada/taro",
            "TARO/YAMADA",
            "Yamada/Taro",
            // Part of a longer identifier, a file's name, mixed case.
            "take_some_time",
            "get_taro_yamada",
            "taro_yamada.png",
            "taro_Yamada",
            "pub fn sato_kazuo(x: u8)",
            "to_date",
        ] {
            assert!(found(&l, t).is_empty(), "{t}: {:?}", found(&l, t));
        }
        assert_eq!(found(&l, "Taro Yamada San"), ["Taro Yamada"]);
        // An initial and a surname; not an initial and a given name or a word.
        assert_eq!(found(&l, "連絡は R. Takahashi まで"), ["R. Takahashi"]);
        assert!(found(&l, "T. Kazuo").is_empty());
        assert!(found(&l, "Option A. Some users said").is_empty());
        // Glued to its initial, as an engraving is written; not after a letter or a dot.
        assert_eq!(found(&l, "刻印「R.Takahashi」で"), ["R.Takahashi"]);
        assert!(found(&l, "e.g.R.Takahashi").is_empty());
        assert!(found(&l, "v.Sato").is_empty());
        // Macrons, as NFKC leaves them.
        assert_eq!(found(&l, "Satō Kazuo"), ["Satō Kazuo"]);
        // Known limit: two capitalised words that are readings are taken, English or not.
        assert_eq!(found(&l, "Take Some"), ["Take Some"]);
    }
}
