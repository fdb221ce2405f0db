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
//!   full-width space or `・`, and a given name's reading of two to seven kana (IPADIC's, or
//!   one of [`NEWER_GIVEN`], names newer than the 2007 dictionary: ユウト, ツムギ);
//! - **joined** (キクチミワ, ヤマダタロウです): a run of four to twelve kana that splits into a
//!   surname's reading and a given name's reading, of two kana or more each, and is no word
//!   IPADIC knows, written in katakana or read so (ホンコン, ナツメグ, トウキョウ for 東京,
//!   ケンサク for 検索 are words, though ホン, ナツ, トウ and ケン are surnames' readings and
//!   コン, メグ, キョウ and サク given names').
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
pub(crate) type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

use super::{Kind, Match};

/// What reading a katakana name takes.
#[derive(Debug, Default)]
pub(crate) struct Readings {
    /// The readings of IPADIC's surnames (名詞,固有名詞,人名,姓) with a kanji surface.
    surnames: HashSet<String>,
    /// The readings of its given names (人名,名), and [`NEWER_GIVEN`].
    given: HashSet<String>,
    /// The lexicon's other words, as written in katakana or as read (loanwords, brands, places,
    /// common nouns), that split as a name would ([`Readings::splits`]): the joined form's
    /// exceptions.
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
    "ソウマ",
    "ナギ",
    "コウキ",
    "レオ",
    "ノア",
    "ヒナノ",
    "アイリ",
    "ヒヨリ",
    "シオン",
    "リオン",
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
            } else {
                // A word's surface in katakana, and its reading: トウキョウ (東京), ケンサク
                // (検索), ハンキュウ (阪急) are words whatever the script.
                for w in [surface, reading] {
                    if all_kana(w) {
                        r.words.insert(w.to_string());
                    }
                }
            }
        }
        r.given.extend(NEWER_GIVEN.iter().map(|s| s.to_string()));
        // Only the words the joined form would read as a name need be known (a few thousand
        // of some 200,000).
        let words = std::mem::take(&mut r.words);
        r.words = words.into_iter().filter(|w| r.splits(w)).collect();
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

    /// The readings of surnames and of given names.
    pub(crate) fn names(&self) -> (&HashSet<String>, &HashSet<String>) {
        (&self.surnames, &self.given)
    }

    /// Pushes every katakana name in `t` (normalised text: katakana full-width).
    pub(crate) fn find(&self, t: &str, out: &mut Vec<Match>) {
        let runs: Vec<(usize, usize)> = katakana_runs(t).collect();
        // The word after run `k` when only a separator stands between, without an honorific.
        let next = |k: usize| -> Option<&str> {
            let &(s2, e2) = runs.get(k + 1)?;
            separates(&t[runs[k].1..s2]).then(|| strip_honorific(&t[s2..e2]))
        };
        let mut k = 0;
        while k < runs.len() {
            let (s, e) = runs[k];
            // A loanword glued before a name ends at its last long-vowel mark (normalised to
            // `-`): 幕張タワーアズマ タクヤ holds the name アズマ タクヤ.
            let s = t[s..e].rfind('-').map_or(s, |i| s + i + 1);
            let w = &t[s..e];
            if let Some(second) = next(k) {
                let s2 = runs[k + 1].0;
                // Surname first; or given name first, unless the second word is a surname
                // that a given name follows (カナ ヤマダ タロウ: a label, then the name).
                let given_first = || {
                    self.spaced(second, w)
                        && !next(k + 1)
                            .is_some_and(|third| self.spaced(&t[s2..runs[k + 1].1], third))
                };
                if self.spaced(w, second) || given_first() {
                    out.push(name(s, s2 + second.len()));
                    k += 2;
                    continue;
                }
            }
            let w = strip_honorific(w);
            if self.joined(w) {
                out.push(name(s, s + w.len()));
            } else if after_label(&t[..s])
                && name_kana(w)
                && kana_len(w) >= 2
                && !NO_ONE_KANA.contains(&w)
            {
                // A foreign name's further words, joined by dots, are the name too (お名前：
                // マリア・サントス, ジャン=ピエール; the long-vowel mark is `-` here).
                let mut end = s + w.len();
                while k + 1 < runs.len()
                    && end == runs[k].1
                    && matches!(&t[end..runs[k + 1].0], "・" | "=" | "-")
                {
                    k += 1;
                    end = s + (runs[k].0 - s) + strip_honorific(&t[runs[k].0..runs[k].1]).len();
                }
                out.push(name(s, end));
            }
            k += 1;
        }
    }

    /// Pushes every full name in hiragana that ends at one of `ends`, where the honorific
    /// detector found an honorific after hiragana (`japanese::find_names`: やまもとさちこ様, やまだ
    /// たろうさん): a surname's reading and a given name's, joined or with one space, as in
    /// katakana; or one reading alone, a surname's or a given name's (さとうさま, はなこさん),
    /// since the honorific says a person (the words that take one, みなさん, おくさん, くまさん,
    /// are left out by the honorific detector's list).
    pub(crate) fn find_hiragana(&self, t: &str, ends: &[usize], out: &mut Vec<Match>) {
        for &at in ends {
            // The hiragana run before the honorific, and the one before a space before it.
            let last = hiragana_tail(&t[..at]);
            if last.is_empty() {
                continue;
            }
            let start = at - last.len();
            let kana = as_katakana(last);
            let mut found = (self.joined(&kana)).then_some(start);
            if found.is_none()
                && let Some(before) = t[..start].strip_suffix([' ', '\u{3000}'])
            {
                let first = hiragana_tail(before);
                if !first.is_empty() && self.spaced(&as_katakana(first), &kana) {
                    found = Some(before.len() - first.len());
                }
            }
            // One reading alone, a surname's or a given name's (さとうさま, はなこさん, ご担当：
            // ささき様), of two to five kana and no other word the lexicon knows; the honorific
            // detector has left out the words that take an honorific (みなさん, おくさん …).
            if found.is_none()
                && name_kana(&kana)
                && (2..=5).contains(&kana_len(&kana))
                && (self.surnames.contains(&kana) || self.given.contains(&kana))
                && !self.words.contains(&kana)
                && !NOT_ALONE.contains(&last)
            {
                found = Some(start);
            }
            if let Some(s) = found
                && !out.iter().any(|m| m.start <= s && at <= m.end)
            {
                out.push(name(s, at));
            }
        }
    }

    /// Pushes every full name in hiragana right after a reading's label (`ふりがな：すずき はなこ`,
    /// `よみがな すずきはなこ`): a surname's reading and a given name's, joined or with one space,
    /// as [`Readings::find_hiragana`] takes before an honorific. The label says the words are a
    /// name's reading, as an honorific does.
    pub(crate) fn find_after_reading_labels(&self, t: &str, out: &mut Vec<Match>) {
        // One search for what both labels end in, then their starts; the searcher built once.
        static GANA: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("がな".as_bytes()));
        for i in GANA.find_iter(t.as_bytes()) {
            if !(t[..i].ends_with("ふり") || t[..i].ends_with("よみ")) {
                continue;
            }
            let value = t[i + "がな".len()..]
                .trim_start_matches([' ', '\u{3000}', ':', ')', ']', '】', '」', '>', '=', '\t']);
            let start = t.len() - value.len();
            let head = hiragana_head(value);
            if head.is_empty() {
                continue;
            }
            let mut end = start + head.len();
            if !self.joined(&as_katakana(head)) {
                // A surname's reading, one space, a given name's.
                let Some(after) = value[head.len()..].strip_prefix([' ', '\u{3000}']) else {
                    continue;
                };
                let given = hiragana_head(after);
                if given.is_empty() || !self.spaced(&as_katakana(head), &as_katakana(given)) {
                    continue;
                }
                end = t.len() - after.len() + given.len();
            }
            if !out.iter().any(|m| m.start <= start && end <= m.end) {
                out.push(name(start, end));
            }
        }
    }

    /// Pushes every given name in hiragana right after a relation and の (`娘のさくらが注文しました`,
    /// `息子のけんたが使います`): three kana or more that IPADIC (or the newer rankings) read as a
    /// given name, then a particle or the run's end. A child is named in kana as often as in
    /// kanji, and the relation says a person follows, as an honorific does.
    pub(crate) fn find_after_relations(&self, t: &str, out: &mut Vec<Match>) {
        // Each の, then the kana after it, then the relation before it: a search for the
        // relations (their first characters 子, 長, 家 … are frequent kanji) cost several times
        // more.
        static NO: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("の".as_bytes()));
        for at in NO.find_iter(t.as_bytes()) {
            let end = at + "の".len();
            let head = hiragana_head(&t[end..]);
            if kana_len(head) < 3 || !RELATIONS.iter().any(|r| t[..at].ends_with(r)) {
                continue;
            }
            // The longest name the run starts with that a particle (or the run's end) follows.
            let found = head
                .char_indices()
                .map(|(k, _)| k)
                .chain([head.len()])
                .rev()
                .find(|&k| {
                    let (name, after) = head.split_at(k);
                    kana_len(name) >= 3
                        && (after.is_empty() || PARTICLES.iter().any(|p| after.starts_with(p)))
                        && self.given.contains(&as_katakana(name))
                });
            if let Some(k) = found {
                let start = end;
                if !out.iter().any(|o| o.start <= start && start + k <= o.end) {
                    out.push(name(start, start + k));
                }
            }
        }
    }

    /// Whether `kana` (hiragana or katakana) is a given name's reading (`さくら`, `ハルカ`).
    pub(crate) fn is_given_reading(&self, kana: &str) -> bool {
        self.given.contains(&as_katakana(kana))
    }

    /// Whether `kana` (hiragana or katakana) is a surname's reading (`スズキ`, `たなか`).
    pub(crate) fn is_surname_reading(&self, kana: &str) -> bool {
        self.surnames.contains(&as_katakana(kana))
    }

    /// Whether `kana` (hiragana or katakana) reads as a name: a surname's reading alone, or a
    /// full name's, spaced (one space or `・`) or joined (`やまだ たろう`, `ヤマダタロウ`, `たなか`).
    /// What stands in brackets beside a name is its reading only when it reads so
    /// (`japanese::find_readings_beside_names`), not `（ふりがな）` or `（リピーター）`.
    pub(crate) fn is_name_reading(&self, kana: &str) -> bool {
        let k = as_katakana(kana);
        let parts: Vec<&str> = k
            .split([' ', '\u{3000}', '・'])
            .filter(|p| !p.is_empty())
            .collect();
        match parts[..] {
            [w] => self.surnames.contains(w) || self.joined(w),
            [a, b] => self.spaced(a, b),
            _ => false,
        }
    }

    /// スズキ ユウコ: a surname's reading, then a given name's.
    fn spaced(&self, surname: &str, given: &str) -> bool {
        name_kana(surname)
            && name_kana(given)
            && SPACED_GIVEN.contains(&kana_len(given))
            && self.surnames.contains(surname)
            && self.given.contains(given)
    }

    /// キクチミワ: a surname's reading joined to a given name's, the whole no known word.
    fn joined(&self, w: &str) -> bool {
        self.splits(w) && !self.words.contains(w)
    }

    /// Whether `w` splits into a surname's reading and a given name's.
    fn splits(&self, w: &str) -> bool {
        let n = kana_len(w);
        if !(4..=MAX_JOINED).contains(&n) || !name_kana(w) {
            return false;
        }
        // Every katakana character is three bytes in UTF-8 (`name_kana`: no `-`).
        (2..=n - 2).any(|i| {
            let (a, b) = w.split_at(3 * i);
            self.surnames.contains(a) && self.given.contains(b)
        })
    }
}

/// Words in hiragana that read as a surname or a given name but, before an honorific, are
/// animals, relatives, pronouns, a train, the carriers and a chain of shops (ねこさん,
/// いとこさん, やまとさん, さがわさん, しまむらさん): one reading alone is no name then.
const NOT_ALONE: [&str; 21] = [
    "ねこ",
    "いぬ",
    "とり",
    "うま",
    "うし",
    "たこ",
    "いか",
    "えび",
    "かに",
    "ひよこ",
    "まえ",
    "いとこ",
    "ぼく",
    "かた",
    "きみ",
    "めい",
    "おい",
    "こだま",
    "やまと",
    "さがわ",
    "しまむら",
];

/// What may stand between a name's two words: one or two spaces (full-width too) or tabs, or
/// one `・`, `/` or `,` (フリガナ fields of a form or a CSV line: ヤマダ,タロウ).
fn separates(sep: &str) -> bool {
    match sep {
        "・" | "/" | "," => true,
        _ => {
            !sep.is_empty()
                && sep.chars().count() <= 2
                && sep.chars().all(|c| matches!(c, ' ' | '\u{3000}' | '\t'))
        }
    }
}

/// Labels of a name's reading in a form (フリガナ：ハヤシコウジ): the run after one is a name
/// however it splits, even where a word reads the same (林小路, a street, reads ハヤシコウジ).
const LABELS: &[&str] = &[
    "フリガナ",
    "カナ",
    "ふりがな",
    "よみがな",
    "氏名",
    "名前",
    "お名前",
];

/// Whether `before` ends with a label of [`LABELS`] and a separator, a colon or `=`, and the
/// label is a word of its own (not the end of a longer katakana run: タナカナ).
fn after_label(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\u{3000}', '\t', ':', '：', '=', '＝']);
    if trimmed.len() == before.len() {
        return false;
    }
    LABELS.iter().any(|l| {
        trimmed.strip_suffix(*l).is_some_and(|rest| {
            // Not a katakana word's end (a product's name), nor something's or a pet's
            // (`ペットの名前：ポチ`, `商品の名前：`); a family member's is a person's.
            !rest
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, '\u{30A1}'..='\u{30F6}' | 'ー'))
                && (!rest.ends_with('の')
                    || super::japanese::FAMILY_OF.iter().any(|f| rest.ends_with(f)))
        })
    })
}

/// Honorifics written in katakana after a name (ヤマダタロウサマ, スズキクン).
const HONORIFICS: &[&str] = &["サマ", "サン", "クン", "チャン", "ドノ"];

/// `w` without a kana honorific at its end, if it has one.
fn strip_honorific(w: &str) -> &str {
    HONORIFICS
        .iter()
        .find_map(|h| w.strip_suffix(*h).filter(|rest| !rest.is_empty()))
        .unwrap_or(w)
}

/// Relations before の and a given name in hiragana ([`Readings::find_after_relations`]).
const RELATIONS: &[&str] = &[
    "娘",
    "息子",
    "妻",
    "夫",
    "主人",
    "旦那",
    "家内",
    "長男",
    "長女",
    "次男",
    "次女",
    "三男",
    "三女",
    "孫",
    "子供",
    "子ども",
    "兄",
    "姉",
    "弟",
    "妹",
    "嫁",
    "甥",
    "姪",
    "彼女",
    "彼氏",
    "友人",
    "友達",
];

/// Particles and copulas after a name.
const PARTICLES: &[&str] = &[
    "が",
    "は",
    "に",
    "も",
    "と",
    "へ",
    "を",
    "の",
    "から",
    "より",
    "です",
    "でした",
    "だ",
    "って",
];

/// The run of hiragana kana (ぁ to ゖ; not the iteration marks ゝ ゞ ゟ that
/// `japanese::is_hiragana` also takes, which no reading holds) that `t` ends with; empty when
/// it is longer than any name
/// the joined form takes (a sentence in hiragana before さん: ありがとうございます…).
fn hiragana_tail(t: &str) -> &str {
    &t[t.len() - hiragana_run(t.chars().rev())..]
}

/// The run of hiragana kana that `t` starts with, as [`hiragana_tail`] takes the one it ends
/// with.
fn hiragana_head(t: &str) -> &str {
    &t[..hiragana_run(t.chars())]
}

/// The bytes of the hiragana kana `chars` starts with; 0 when they are more than
/// [`MAX_JOINED`].
fn hiragana_run(chars: impl Iterator<Item = char>) -> usize {
    let mut n = 0;
    for (k, c) in chars.enumerate() {
        if !('\u{3041}'..='\u{3096}').contains(&c) {
            break;
        }
        if k == MAX_JOINED {
            return 0;
        }
        n += c.len_utf8();
    }
    n
}

/// Kana as katakana: hiragana become the katakana 0x60 code points on, the rest stays.
fn as_katakana(kana: &str) -> String {
    kana.chars()
        .map(|c| match c {
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            c => c,
        })
        .collect()
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

/// The byte spans of the maximal katakana runs of `t`. Text is skipped 64 bytes at a time
/// while no katakana character starts in them ([`kata_mask`]); a position inside a character
/// is no trouble, since a continuation byte is never `E3`.
fn katakana_runs(t: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = t.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let m = match b.get(i..i + 66) {
                Some(window) => kata_mask(window.try_into().expect("66 bytes")),
                None => {
                    // The text's last bytes, padded with zeros (no katakana starts in them).
                    let mut window = [0u8; 66];
                    window[..b.len() - i].copy_from_slice(&b[i..]);
                    kata_mask(&window)
                }
            };
            if m == 0 {
                i += 64;
                continue;
            }
            i += m.trailing_zeros() as usize;
            let s = i;
            loop {
                if kata_at(b, i) {
                    i += 3;
                } else if b.get(i) == Some(&b'-') {
                    // Normalised text spells the long-vowel mark ー as `-` (ハンドクリ-ム):
                    // the run goes on, as a loanword's.
                    i += 1;
                } else {
                    break;
                }
            }
            return Some((s, i));
        }
        None
    })
}

/// Bit `j` set where a katakana character ([`kata_at`]) starts at byte `j` of the first 64 of
/// `w`: sixteen positions at a time, each a byte compare of the character's three bytes.
fn kata_mask(w: &[u8; 66]) -> u64 {
    let mut m = 0u64;
    for k in 0..4 {
        let at = |o: usize| -> &[u8; 16] {
            w[16 * k + o..16 * k + o + 16].try_into().expect("16 bytes")
        };
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `kata16` needs SSE2, which x86-64 has in its baseline (every x86-64 processor;
        // the compiler assumes it for this target anyway).
        let bits = unsafe { kata16(at(0), at(1), at(2)) };
        #[cfg(not(target_arch = "x86_64"))]
        let bits = kata16(at(0), at(1), at(2));
        m |= u64::from(bits) << (16 * k);
    }
    m
}

/// Bit `j` set where `x[j]`, `y[j]`, `z[j]` (a character's first, second and third bytes,
/// if one starts at `j`) are a katakana character's: `E3 82 A1..=BF`, `E3 83 80..=B6` or
/// `E3 83 BC`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn kata16(x: &[u8; 16], y: &[u8; 16], z: &[u8; 16]) -> u16 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8,
    };
    let load = |c: &[u8; 16]| -> __m128i {
        let [lo, hi] =
            [&c[..8], &c[8..]].map(|h| i64::from_le_bytes(h.try_into().expect("8 bytes")));
        _mm_set_epi64x(hi, lo)
    };
    let (x, y, z) = (load(x), load(y), load(z));
    let eq = |v: __m128i, t: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(t as i8));
    // Unsigned z >= A1 and z <= B6: the larger (smaller) of the two is z.
    let z_from_a1 = _mm_cmpeq_epi8(_mm_max_epu8(z, _mm_set1_epi8(0xA1u8 as i8)), z);
    let z_to_b6 = _mm_cmpeq_epi8(_mm_min_epu8(z, _mm_set1_epi8(0xB6u8 as i8)), z);
    let second_82 = _mm_and_si128(eq(y, 0x82), z_from_a1);
    let second_83 = _mm_and_si128(eq(y, 0x83), _mm_or_si128(z_to_b6, eq(z, 0xBC)));
    let k = _mm_and_si128(eq(x, 0xE3), _mm_or_si128(second_82, second_83));
    _mm_movemask_epi8(k) as u16
}

#[cfg(not(target_arch = "x86_64"))]
fn kata16(x: &[u8; 16], y: &[u8; 16], z: &[u8; 16]) -> u16 {
    (0..16).fold(0u16, |m, j| {
        let k = x[j] == 0xE3
            && ((y[j] == 0x82 && z[j] >= 0xA1) || (y[j] == 0x83 && (z[j] <= 0xB6 || z[j] == 0xBC)));
        m | u16::from(k) << j
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

/// Whether `w` is katakana of the kind Japanese names are spelt with: no `ー` (nor the `-`
/// normalised text spells it with), `ヴ`, small vowel, ヮ, ヵ or ヶ (loanwords' marks).
fn name_kana(w: &str) -> bool {
    all_kana(w)
        && !w.chars().any(|c| {
            matches!(
                c,
                'ー' | 'ヴ' | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ヮ' | 'ヵ' | 'ヶ'
            )
        })
}

/// Katakana words a name's label may hold that name no one (`お名前：ゲスト`, `名前：テスト`; the
/// long-vowel mark is `-` in normalised text).
const NO_ONE_KANA: [&str; 8] = [
    "ゲスト",
    "テスト",
    "サンプル",
    "ダミ-",
    "ユ-ザ-",
    "ゲストユ-ザ-",
    "テストユ-ザ-",
    "メンバ-",
];

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
            "加奈,1291,1291,7000,名詞,固有名詞,人名,名,*,*,加奈,カナ,カナ",
            "モニカ,1291,1291,7000,名詞,固有名詞,人名,名,*,*,モニカ,モニカ,モニカ",
            "ホンコン,1288,1288,5000,名詞,固有名詞,地域,一般,*,*,ホンコン,ホンコン,ホンコン",
            "ケーキ,1285,1285,5000,名詞,一般,*,*,*,*,ケーキ,ケーキ,ケーキ",
            "藤,1290,1290,7000,名詞,固有名詞,人名,姓,*,*,藤,トウ,トウ",
            "京,1291,1291,7000,名詞,固有名詞,人名,名,*,*,京,キョウ,キョウ",
            "東京,1293,1293,3000,名詞,固有名詞,地域,一般,*,*,東京,トウキョウ,トーキョー",
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
        // A label that is a given name's reading too (加奈), then a surname and a given
        // name: the name is the last two, not the label and the surname.
        let mut out = Vec::new();
        let t = "カナ スズキ ユウコ";
        r.find(t, &mut out);
        assert_eq!(
            out.iter().map(|m| &t[m.start..m.end]).collect::<Vec<_>>(),
            ["スズキ ユウコ"],
            "{t}"
        );
        for (t, want) in [
            ("スズキ ユウコ（鈴木裕子）です。", "スズキ ユウコ"),
            ("スズキ　ユウト", "スズキ　ユウト"),
            ("スズキ・ミワ様", "スズキ・ミワ"),
            ("キクチミワ 090", "キクチミワ"),
            ("担当はスズキユウコです", "スズキユウコ"),
            // A given name newer than the dictionary, spaced or joined.
            ("キクチ ツムギ", "キクチ ツムギ"),
            ("キクチユウト", "キクチユウト"),
            // Given name first; a tab, two spaces, a comma or a slash between; a kana
            // honorific after.
            ("ユウコ スズキ", "ユウコ スズキ"),
            ("スズキ\tユウコ", "スズキ\tユウコ"),
            ("スズキ  ユウコ", "スズキ  ユウコ"),
            ("スズキ,ユウコ,090", "スズキ,ユウコ"),
            ("スズキ/ミワ", "スズキ/ミワ"),
            ("キクチミワサマ", "キクチミワ"),
            ("スズキ ユウコサマ", "スズキ ユウコ"),
            // A label's run is a name however it splits (林小路 reads ハヤシコウジ too).
            ("カナ ハヤシコウジ", "ハヤシコウジ"),
            ("フリガナ：キクチ", "キクチ"),
            // A foreign name after a label, its words joined by dots, whole.
            ("お名前：マリア・サントス", "マリア・サントス"),
            ("お名前：アンナ・シュミット", "アンナ・シュミット"),
            ("名前=ジャン=ピエ-ル・ルロワ様", "ジャン=ピエ-ル・ルロワ"),
            // After a loanword's long-vowel mark, normalised to `-`.
            ("幕張タワ-キクチ ミワ", "キクチ ミワ"),
            ("タワ-キクチミワ", "キクチミワ"),
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
            // A word's reading: 東京 read トウキョウ (藤 + 京).
            "トウキョウ",
            // Loanwords' marks, also as normalised text spells ー; a word after a surname's
            // reading that is no given name's.
            "スズキユーコ",
            "スズキユ-コ",
            "スズキ ケーキ",
            "スズキ ミツカ",
            // Three spaces, or a separator that is no list's.
            "スズキ   ユウコ",
            "スズキ-ユウコ",
            // An honorific alone is no name; nor a label's end inside a longer run.
            "サマ",
            "タナカナ ハヤシコウジ",
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

    fn found_hiragana(r: &Readings, t: &str) -> Vec<String> {
        // Where the honorific detector says a name before an honorific ends.
        let ends: Vec<usize> = ["様", "さん", "さま"]
            .iter()
            .flat_map(|h| t.match_indices(h).map(|(i, _)| i))
            .collect();
        let mut out = Vec::new();
        r.find_hiragana(t, &ends, &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn full_names_in_hiragana_before_an_honorific() {
        let r = small();
        for (t, want) in [
            ("すずきゆうこ様。", "すずきゆうこ"),
            ("きくち みわさん", "きくち みわ"),
            ("ごめんなさい、すずきゆうこさま", "すずきゆうこ"),
            // One reading alone before the honorific (a review found these left).
            ("すずきさん", "すずき"),
            ("ゆうこさま", "ゆうこ"),
        ] {
            assert_eq!(found_hiragana(&r, t), [want], "{t}");
        }
        // No honorific, a word's reading (本今 → ほんこん), other words.
        for t in ["すずきゆうこ", "ほんこん様", "みなさん", "おくさん"] {
            assert!(
                found_hiragana(&r, t).is_empty(),
                "{t}: {:?}",
                found_hiragana(&r, t)
            );
        }
    }

    #[test]
    fn full_names_in_hiragana_after_a_readings_label() {
        let r = small();
        let found = |t: &str| {
            let mut out = Vec::new();
            r.find_after_reading_labels(t, &mut out);
            out.iter()
                .map(|m| t[m.start..m.end].to_string())
                .collect::<Vec<_>>()
        };
        for (t, want) in [
            ("ふりがな:すずき ゆうこ", "すずき ゆうこ"),
            ("よみがな すずきゆうこ です", "すずきゆうこ"),
            ("【ふりがな】きくち みわ", "きくち みわ"),
        ] {
            assert_eq!(found(t), [want], "{t}");
        }
        // A surname alone, words after the label, no label.
        for t in [
            "ふりがな:すずき",
            "ふりがなをふってください",
            "すずきゆうこ",
            "ひらがな すずきゆうこ",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
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

    /// The 64-byte skip finds what a byte-by-byte walk finds, on text of every script with
    /// runs across the windows' edges.
    #[test]
    fn runs_skip_agrees_with_a_walk() {
        let piece = "ab漢字かなカタカナ・ーヴァ-ム-、。ＡＢｱ𝒜";
        for n in 0..40 {
            let t: String = std::iter::repeat_n(piece, n).collect::<String>() + &"ヤ".repeat(n);
            let b = t.as_bytes();
            let mut walk = Vec::new();
            let mut i = 0;
            while i < b.len() {
                if kata_at(b, i) {
                    let s = i;
                    while kata_at(b, i) || b[i..].starts_with(b"-") {
                        i += if kata_at(b, i) { 3 } else { 1 };
                    }
                    walk.push((s, i));
                } else {
                    i += 1;
                }
            }
            assert_eq!(katakana_runs(&t).collect::<Vec<_>>(), walk, "{n}");
        }
    }

    #[test]
    fn runs_are_maximal_katakana() {
        let t = "aスズキ・ユウコbケーキ、ヴァ";
        let runs: Vec<&str> = katakana_runs(t).map(|(s, e)| &t[s..e]).collect();
        assert_eq!(runs, ["スズキ", "ユウコ", "ケーキ", "ヴァ"]);
    }
}
