//! Person names written in katakana, by their readings (ヤマダ タロウ, キクチミワ).
//!
//! A Japanese name is often written in katakana: a form's フリガナ, a reading before the name in
//! kanji (スズキ ユウコ（鈴木裕子）です), a name typed without conversion. The analysis
//! (`morph`) reads kanji: IPADIC's person names have kanji surfaces, and a katakana run is one
//! unknown word to it. But IPADIC gives each of its names a reading (読み), in katakana: 10,213
//! surnames and 7,222 given names. A run of katakana that is a surname's reading followed by a
//! given name's reading is a full name, as 鈴木裕子 is:
//!
//! - **spaced** (スズキ ユウコ, ヤマダ・タロウ, スズキ　ユウト): a surname's reading, one space,
//!   full-width space or `・`, and a word of two to seven kana that is a given name's reading or
//!   no word IPADIC knows (a given name newer than the 2007 dictionary: ユウト, ツムギ);
//! - **joined** (キクチミワ, ヤマダタロウです): a run of four to twelve kana that splits into a
//!   surname's reading and a given name's reading, of two kana or more each, and is no word
//!   IPADIC knows in katakana (ホンコン, ナツメグ and 14,672 other katakana words are words,
//!   though ホン and ナツ are surnames' readings and コン and メグ given names').
//!
//! Only kana that Japanese names are spelt with count: a run with `ー`, `ヴ` or a small vowel
//! (ァィゥェォ) is a loanword (ハーモニカ, ヴァイオリン). A surname's reading alone, or a given
//! name's, is not reported: both are words too (サトウ is sugar, アオイ a hollyhock), and
//! context (`morph`'s cues, the honorifics) decides those.
//!
//! The readings are taken from IPADIC's lexicon where `morph` reads it (and cached with its
//! compiled dictionary); names written in katakana in IPADIC (foreign names: モニカ, ジム) are
//! left out, as katakana words of that kind are loanwords far more often than people.

/// The sets are looked up for every katakana run of every text: foldhash, not SipHash.
type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

use super::{Kind, Match};

/// What reading a katakana name takes.
#[derive(Debug, Default)]
pub(crate) struct Readings {
    /// The readings of IPADIC's surnames (名詞,固有名詞,人名,姓) with a kanji surface.
    surnames: HashSet<String>,
    /// The readings of its given names (人名,名), and [`NEWER_GIVEN`].
    given: HashSet<String>,
    /// Every other surface of the lexicon written in katakana alone (loanwords, brands).
    words: HashSet<String>,
}

/// Given names common among people born since IPADIC was made (2007), in katakana, from the
/// yearly rankings of babies' names (Meiji Yasuda's 名前ランキング, 2008–2024), whose readings
/// IPADIC does not hold. A surname's reading joined to one of these is a name (タナカユウト).
const NEWER_GIVEN: &[&str] = &[
    "ユウト",
    "ハルト",
    "ミナト",
    "アオイ",
    "ソウタ",
    "ユウマ",
    "リク",
    "ハルキ",
    "イツキ",
    "レン",
    "ソラ",
    "ヒナタ",
    "ユイト",
    "アサヒ",
    "カイト",
    "ハヤト",
    "リツ",
    "ソウスケ",
    "タイガ",
    "ハルマ",
    "ユウセイ",
    "アラタ",
    "ヒロト",
    "エイト",
    "ルイ",
    "アオト",
    "ハルヒ",
    "ユイ",
    "ツムギ",
    "ヒマリ",
    "メイ",
    "リン",
    "ユイナ",
    "ミオ",
    "サクラ",
    "ヒナ",
    "エマ",
    "ホノカ",
    "アカリ",
    "ミユ",
    "ココナ",
    "ユナ",
    "イロハ",
    "リコ",
    "ウタ",
    "コハル",
    "アンナ",
    "スズ",
    "ミツキ",
    "ユズ",
    "ミサキ",
    "ユヅキ",
    "ヒメカ",
    "カンナ",
    "ユア",
    "ミア",
    "リオ",
];

/// The longest run the joined form considers, in kana (ハセガワ + シュウイチロウ is eleven).
const MAX_JOINED: usize = 12;

/// The given name's length, in kana, the spaced form takes after a surname's reading
/// (シュウイチロウ is seven).
const SPACED_GIVEN: std::ops::RangeInclusive<usize> = 2..=7;

impl Readings {
    /// The readings of `lexicon` (IPADIC's CSV lines, joined).
    pub(crate) fn of_lexicon(lexicon: &str) -> Readings {
        let mut r = Readings::default();
        for line in lexicon.lines() {
            // surface, left id, right id, cost, four parts of speech, conjugation (two),
            // base form, reading, pronunciation. A quoted surface holds a comma: no name does.
            if line.starts_with('"') {
                continue;
            }
            let f: Vec<&str> = line.split(',').collect();
            if f.len() < 12 {
                continue;
            }
            let (surface, reading) = (f[0], f[11]);
            if f[4..7] == ["名詞", "固有名詞", "人名"] {
                if all_kana(surface) || !name_kana(reading) || reading.chars().count() < 2 {
                    continue;
                }
                match f[7] {
                    "姓" => r.surnames.insert(reading.to_string()),
                    _ => r.given.insert(reading.to_string()),
                };
            } else if all_kana(surface) {
                r.words.insert(surface.to_string());
            }
        }
        r.given.extend(NEWER_GIVEN.iter().map(|s| s.to_string()));
        r
    }

    /// The cache file's text: one reading per line, after `S`, `G` or `W` and a tab, sorted.
    pub(crate) fn to_text(&self) -> String {
        let mut lines: Vec<String> = [
            ("S", &self.surnames),
            ("G", &self.given),
            ("W", &self.words),
        ]
        .iter()
        .flat_map(|(k, set)| set.iter().map(move |w| format!("{k}\t{w}\n")))
        .collect();
        lines.sort_unstable();
        lines.concat()
    }

    /// [`Readings::to_text`] read back; `None` when a line is not as it writes them.
    pub(crate) fn from_text(text: &str) -> Option<Readings> {
        let mut r = Readings::default();
        for line in text.lines() {
            let (k, w) = line.split_once('\t')?;
            let set = match k {
                "S" => &mut r.surnames,
                "G" => &mut r.given,
                "W" => &mut r.words,
                _ => return None,
            };
            set.insert(w.to_string());
        }
        (!r.surnames.is_empty() && !r.given.is_empty()).then_some(r)
    }

    /// Pushes every katakana name in `t` (normalised text: katakana full-width).
    pub(crate) fn find(&self, t: &str, out: &mut Vec<Match>) {
        let mut runs = katakana_runs(t).peekable();
        while let Some((s, e)) = runs.next() {
            let w = &t[s..e];
            if let Some(&(s2, e2)) = runs.peek()
                && matches!(&t[e..s2], " " | "\u{3000}" | "・")
                && self.spaced(w, &t[s2..e2])
            {
                out.push(name(s, e2));
                runs.next();
                continue;
            }
            if self.joined(w) {
                out.push(name(s, e));
            }
        }
    }

    /// スズキ ユウコ: a surname's reading, then a given name's or a word IPADIC does not know.
    fn spaced(&self, surname: &str, given: &str) -> bool {
        name_kana(surname)
            && name_kana(given)
            && self.surnames.contains(surname)
            && SPACED_GIVEN.contains(&kana_len(given))
            && (self.given.contains(given) || !self.words.contains(given))
    }

    /// キクチミワ: a surname's reading joined to a given name's, the whole no known word.
    fn joined(&self, w: &str) -> bool {
        let n = kana_len(w);
        if !(4..=MAX_JOINED).contains(&n) || !name_kana(w) {
            return false;
        }
        // Every katakana character is three bytes in UTF-8.
        (2..=n - 2).any(|i| {
            let (a, b) = w.split_at(3 * i);
            self.surnames.contains(a) && self.given.contains(b)
        }) && !self.words.contains(w)
    }
}

fn name(start: usize, end: usize) -> Match {
    Match {
        kind: Kind::Name,
        start,
        end,
    }
}

/// A character of a katakana run: ァ to ヶ, and the long-vowel mark (U+30A1..=U+30F6, U+30FC),
/// each three bytes in UTF-8 (`E3 82 A1` to `E3 83 B6`, and `E3 83 BC`). `・` separates.
fn kata_at(b: &[u8], i: usize) -> bool {
    match (b.get(i), b.get(i + 1), b.get(i + 2)) {
        (Some(0xE3), Some(0x82), Some(&c)) => c >= 0xA1,
        (Some(0xE3), Some(0x83), Some(&c)) => c <= 0xB6 || c == 0xBC,
        _ => false,
    }
}

/// The byte spans of the maximal katakana runs of `t`. A loop from character to character, not
/// `memchr`: in Japanese text nearly every character starts with `E3` (kana and punctuation),
/// and a search call per character costs more than the loop.
fn katakana_runs(t: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = t.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let lead = b[i];
            if lead != 0xE3 || !kata_at(b, i) {
                // The width of the character `lead` starts (`t` is UTF-8).
                i += match lead {
                    0..0xC0 => 1,
                    0xC0..0xE0 => 2,
                    0xE0..0xF0 => 3,
                    _ => 4,
                };
                continue;
            }
            let s = i;
            while kata_at(b, i) {
                i += 3;
            }
            return Some((s, i));
        }
        None
    })
}

fn kana_len(w: &str) -> usize {
    w.len() / 3
}

/// Whether `w` is katakana alone, of the kind a loanword is spelt with too.
fn all_kana(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| matches!(c, '\u{30A1}'..='\u{30F6}' | 'ー'))
}

/// Whether `w` is katakana of the kind Japanese names are spelt with: no `ー`, `ヴ`, small
/// vowel, ヮ, ヵ or ヶ (loanwords' marks).
fn name_kana(w: &str) -> bool {
    all_kana(w)
        && !w.chars().any(|c| {
            matches!(
                c,
                'ー' | 'ヴ' | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ヮ' | 'ヵ' | 'ヶ'
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lexicon in IPADIC's shape: a few names and words.
    fn small() -> Readings {
        let lines = [
            "鈴木,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,鈴木,スズキ,スズキ",
            "菊池,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,菊池,キクチ,キクチ",
            "本,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,本,ホン,ホン",
            "美和,1291,1291,7000,名詞,固有名詞,人名,名,*,*,美和,ミワ,ミワ",
            "裕子,1291,1291,7000,名詞,固有名詞,人名,名,*,*,裕子,ユウコ,ユーコ",
            "今,1291,1291,7000,名詞,固有名詞,人名,名,*,*,今,コン,コン",
            "モニカ,1291,1291,7000,名詞,固有名詞,人名,名,*,*,モニカ,モニカ,モニカ",
            "ホンコン,1288,1288,5000,名詞,固有名詞,地域,一般,*,*,ホンコン,ホンコン,ホンコン",
            "ケーキ,1285,1285,5000,名詞,一般,*,*,*,*,ケーキ,ケーキ,ケーキ",
        ];
        Readings::of_lexicon(&lines.join("\n"))
    }

    fn found(r: &Readings, t: &str) -> Vec<String> {
        let mut out = Vec::new();
        r.find(t, &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn a_surname_and_a_given_name_in_katakana_are_a_name() {
        let r = small();
        for (t, want) in [
            ("スズキ ユウコ（鈴木裕子）です。", "スズキ ユウコ"),
            ("スズキ　ユウト", "スズキ　ユウト"),
            ("スズキ・ミワ様", "スズキ・ミワ"),
            ("キクチミワ 090", "キクチミワ"),
            ("担当はスズキユウコです", "スズキユウコ"),
            // A given name newer than the dictionary, spaced or joined.
            ("キクチ ツムギ", "キクチ ツムギ"),
            ("キクチユウト", "キクチユウト"),
        ] {
            assert_eq!(found(&r, t), [want], "{t}");
        }
    }

    #[test]
    fn words_loanwords_and_lone_readings_are_not() {
        let r = small();
        for t in [
            // A word the lexicon knows, though it splits into a surname's and a given
            // name's reading (本 + 今).
            "ホンコン",
            // A given name's reading alone, a surname's alone.
            "ミワです",
            "スズキです",
            // Loanwords' marks; a word the lexicon knows after a surname.
            "スズキユーコ",
            "スズキ ケーキ",
            // A foreign given name in IPADIC is not taken as one (キクチ + モニカ).
            "キクチモニカ",
            // Too long to be joined.
            "スズキユウコスズキユウコミ",
            // Hiragana and half-width forms are not this detector's (normalised text
            // holds full-width katakana).
            "すずきゆうこ",
        ] {
            assert!(found(&r, t).is_empty(), "{t}: {:?}", found(&r, t));
        }
    }

    #[test]
    fn the_cache_text_round_trips() {
        let r = small();
        let back = Readings::from_text(&r.to_text()).unwrap();
        assert_eq!(back.surnames, r.surnames);
        assert_eq!(back.given, r.given);
        assert_eq!(back.words, r.words);
        assert!(Readings::from_text("X\tfoo").is_none());
        assert!(Readings::from_text("").is_none());
    }

    #[test]
    fn runs_are_maximal_katakana() {
        let t = "aスズキ・ユウコbケーキ、ヴァ";
        let runs: Vec<&str> = katakana_runs(t).map(|(s, e)| &t[s..e]).collect();
        assert_eq!(runs, ["スズキ", "ユウコ", "ケーキ", "ヴァ"]);
    }
}
