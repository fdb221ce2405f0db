//! The text the detectors match on: NFKC (full-width digits, letters, `＠`, `－`, the
//! ideographic space), with the dashes Japanese text uses as hyphens folded to `-` and circled
//! numbers in brackets (`①` → `(1)`, as NFKC spells `⑴`, so a list marker does not glue to the
//! number after it), and a map from
//! every byte of that text back to the original character it came from. Matches are found on the
//! normalised text and reported on the original, so replacing them keeps the surrounding text
//! byte for byte.
//!
//! Normalisation is done per cluster (a character and the combining marks that follow it, which
//! includes the half-width voiced marks `ﾞ` `ﾟ` that compose with the kana before them), so every
//! normalised byte belongs to exactly one cluster of the original. This equals whole-string NFKC
//! except for compositions between two starters (Hangul jamo), which no detector looks at.
//!
//! Text that is already NFKC and has no dash to fold (all ASCII, and most Japanese prose: kanji,
//! kana and `。、` are NFKC-stable) is used as is, without a copy or a map.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Dashes and long vowel marks that Japanese text uses as hyphens (the set of
/// `transform::fold_dashes`, and the box-drawing line `─` typed for one). NFKC already maps
/// `－` (U+FF0D) to `-` and `ｰ` to `ー`.
const DASHES: [char; 9] = ['ー', '‐', '‑', '‒', '–', '—', '−', '―', '─'];

fn fold(c: char) -> char {
    if DASHES.contains(&c) { '-' } else { c }
}

/// Variant kanji of names (異体字) that NFKC leaves as they are, with the common form the name
/// analysis' dictionary knows (髙橋 → 高橋, 山﨑 → 山崎, 𠮷田 → 吉田): registers and customers
/// write them, and a name the dictionary cannot read is not found. The first four are CJK
/// unified ideographs, which the plain-text scan stops at by their bytes (see
/// [`variant_at`]).
const VARIANTS: [(char, char); 9] = [
    ('髙', '高'),
    ('德', '徳'),
    ('濵', '濱'),
    ('桒', '桑'),
    ('﨑', '崎'),
    ('𠮷', '吉'),
    ('𡈽', '土'),
    ('靑', '青'),
    ('黑', '黒'),
];

fn variant(c: char) -> Option<char> {
    VARIANTS.iter().find(|(v, _)| *v == c).map(|(_, f)| *f)
}

/// Whether the three bytes at `i` (a CJK unified ideograph's, lead byte E5..E9) spell one of the
/// variants in that range (髙 德 濵 桒 靑 黑).
fn variant_at(s: &[u8], i: usize) -> bool {
    matches!(
        s.get(i..i + 3),
        Some([0xE9, 0xAB, 0x99] | [0xE5, 0xBE, 0xB7] | [0xE6, 0xBF, 0xB5] | [0xE6, 0xA1, 0x92])
            | Some([0xE9, 0x9D, 0x91] | [0xE9, 0xBB, 0x91])
    )
}

/// Characters that separate nothing a reader sees: zero-width spaces and joiners, the word
/// joiner, a byte-order mark inside text, the soft hyphen, variation selectors (an
/// ideographic one picks a kanji's glyph: 辻 with U+E0100 is still 辻), the marks and
/// embeddings of bidirectional text (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, U+061C),
/// and control characters other than a tab and line ends (a NUL, an escape, DEL, the C1
/// set): a terminal or a spreadsheet shows none of them. Dropped in the second look, so
/// `090\u{200B}1234…`, `taro\u{200B}@example.jp` and `taro\0@example.com` read as what they
/// show.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{0080}'..='\u{009F}'
    ) || hidden_control(c as u32)
}

/// An ASCII control character a reader does not see: not a tab, a line feed or a carriage
/// return (which separate), but NUL, an escape, DEL and the rest.
fn hidden_control(c: u32) -> bool {
    (c < 0x20 && !matches!(c, 0x09 | 0x0A | 0x0D)) || c == 0x7F
}

/// Whether the eight bytes `w` hold a byte below 0x20 or DEL (a candidate for
/// [`hidden_control`]; tabs and line ends pass here and are told apart byte by byte).
fn has_control(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(0x20 * ONES) & !w & HIGH;
    let del = w ^ (0x7F * ONES);
    let is_del = del.wrapping_sub(ONES) & !del & HIGH;
    below_space | is_del != 0
}

/// Characters that NFKC leaves alone and that compose with nothing before them: ASCII, and the
/// bulk of Japanese prose (kana, the CJK unified ideographs, `、。「」『』`). Checked before the
/// Unicode tables, which cost a lookup per character (a third of `scrub`'s time before).
fn plain_starter(c: char) -> bool {
    c.is_ascii() || plain_japanese(c as u32)
}

/// The non-ASCII plain starters (see [`plain_starter`]), by code point.
const fn plain_japanese(c: u32) -> bool {
    matches!(c,
        0x3041..=0x3096   // hiragana (not the combining marks U+3099/309A)
        | 0x30A1..=0x30FA // katakana letters (not ー, folded as a dash)
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0x3001..=0x3002 // 、。
        | 0x3005          // 々
        | 0x3008..=0x3012 // 〈〉《》「」『』【】〒
        | 0x3014..=0x301C // 〔〕〖〗〘〙〚〛〜
        | 0x30FB) // ・
}

/// [`plain_japanese`] for U+3000..U+4FFF, the characters whose UTF-8 lead byte is E3 or E4
/// (kana, Japanese punctuation, the first ideographs), one bit each: a lookup where the test
/// was a chain of ranges, for most characters of Japanese text.
static PLAIN_E3_E4: [u64; 128] = {
    let mut table = [0u64; 128];
    let mut c = 0x3000;
    while c < 0x5000 {
        if plain_japanese(c) {
            let i = (c - 0x3000) as usize;
            table[i / 64] |= 1 << (i % 64);
        }
        c += 1;
    }
    table
};

/// The first byte at or after `i` that starts a character other than a plain starter (see
/// `plain_starter`; `s` is UTF-8 and `i` a char boundary), or `s.len()`. ASCII goes eight bytes
/// at a time; kanji and kana are told by their lead bytes, without decoding.
fn next_special(s: &[u8], mut i: usize) -> usize {
    while i < s.len() {
        if let Some(word) = s.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            if w & 0x8080_8080_8080_8080 == 0 && !has_control(w) {
                i += 8;
                continue;
            }
        }
        if s[i] < 0x80 {
            // A control character a reader does not see is special (see `invisible`).
            if hidden_control(u32::from(s[i])) {
                return i;
            }
            i += 1;
            continue;
        }
        // Kana and kanji come in runs: their characters are checked one after another, without
        // the ASCII test before each, until a byte that leads anything else.
        i = plain_run(s, i);
        if i < s.len() && s[i] >= 0x80 {
            return i;
        }
    }
    s.len()
}

/// The end of the run of plain three-byte characters (see [`next_special`]) that starts at `i`.
fn plain_run(s: &[u8], mut i: usize) -> usize {
    while i + 2 < s.len() {
        let x = s[i];
        let plain = if (0xE5..=0xE9).contains(&x) {
            // U+5000..U+9FFF: CJK unified ideographs (a few name variants are folded).
            !variant_at(s, i)
        } else if x == 0xE3 || x == 0xE4 {
            // U+3000..U+4FFF (`s` is UTF-8: two continuation bytes follow).
            let c = ((usize::from(x & 0x0F) << 12)
                | (usize::from(s[i + 1] & 0x3F) << 6)
                | usize::from(s[i + 2] & 0x3F))
                - 0x3000;
            (PLAIN_E3_E4[c / 64] >> (c % 64)) & 1 == 1
        } else {
            false
        };
        if !plain {
            break;
        }
        i += 3;
    }
    i
}

/// Whether `c` belongs to the cluster of the character before it.
fn joins_previous(c: char) -> bool {
    !plain_starter(c) && (canonical_combining_class(c) != 0 || matches!(c, '\u{FF9E}' | '\u{FF9F}'))
}

/// NFKC of the full-width forms of ASCII (U+FF01..U+FF5E) and of the ideographic space, which
/// Japanese text is full of, without the general tables.
fn full_width_ascii(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// The number of a circled digit or number (① … ⑳, ⓪, ㉑ … ㊿), which NFKC would spell
/// without a mark around it.
fn circled_number(c: char) -> Option<u32> {
    let c = c as u32;
    match c {
        0x2460..=0x2473 => Some(c - 0x2460 + 1),
        0x24EA => Some(0),
        0x3251..=0x325F => Some(c - 0x3251 + 21),
        0x32B1..=0x32BF => Some(c - 0x32B1 + 36),
        _ => None,
    }
}

/// Whether `c` alone is NFKC-stable.
fn stable(c: char) -> bool {
    plain_starter(c) || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
}

pub(crate) struct Normalized<'a> {
    pub(crate) text: Cow<'a, str>,
    /// The clusters normalisation changed (or that hold more than one character), in order:
    /// where each starts in `text` and in the original, and how long it is in each. Between
    /// them the text is the original's, byte for byte, one character per cluster. `None` when
    /// `text` is the original.
    map: Option<Vec<Changed>>,
    /// The original's length.
    len: usize,
    /// The original holds an invisible character (see [`invisible`]), kept here as it is: the
    /// detector looks again at the text without them ([`Normalized::without_invisible`]).
    pub(crate) saw_invisible: bool,
}

/// One changed cluster (see `Normalized::map`).
#[derive(Debug, Clone, Copy)]
struct Changed {
    norm: u32,
    norm_len: u32,
    orig: u32,
    orig_len: u32,
}

thread_local! {
    /// One normalised text and cluster list per thread, reused by the next `Normalized`.
    static POOL: std::cell::RefCell<(String, Vec<Changed>)> =
        const { std::cell::RefCell::new((String::new(), Vec::new())) };
}

/// Buffers above this size are not kept for reuse (a huge cell should not pin its memory).
const POOL_MAX: usize = 1 << 20;

impl Drop for Normalized<'_> {
    fn drop(&mut self) {
        if let (Cow::Owned(text), Some(map)) = (std::mem::take(&mut self.text), self.map.take())
            && text.capacity() <= POOL_MAX
        {
            POOL.with(|p| {
                if let Ok(mut p) = p.try_borrow_mut() {
                    *p = (text, map);
                }
            });
        }
    }
}

impl<'a> Normalized<'a> {
    pub(crate) fn new(s: &'a str) -> Normalized<'a> {
        Self::with(s, false)
    }

    /// The text with its invisible characters dropped as well: digits or letters around them
    /// join (`090`, U+200B, `1234` … is a phone). [`Normalized::new`] keeps them, as a boundary
    /// a reader does not see but a detector must (`090-1234-5678`, U+200B, `12時` still holds
    /// the phone); the detector looks at both.
    pub(crate) fn without_invisible(s: &'a str) -> Normalized<'a> {
        Self::with(s, true)
    }

    fn with(s: &'a str, drop_invisible: bool) -> Normalized<'a> {
        let borrowed = Normalized {
            text: Cow::Borrowed(s),
            map: None,
            len: s.len(),
            saw_invisible: false,
        };
        // A 4 GiB cell: normalise nothing rather than overflow the map.
        if u32::try_from(s.len()).is_err() {
            return borrowed;
        }
        let b = s.as_bytes();
        // One byte scan settles most text (ASCII and plain Japanese prose, which has no dash).
        let mut i = next_special(b, 0);
        if i == b.len() {
            return borrowed;
        }
        // Buffers come from (and go back to) a per-thread pool: a scan normalises row after row.
        let (mut out, mut map) = POOL.with(|p| std::mem::take(&mut *p.borrow_mut()));
        out.clear();
        map.clear();
        // The start of the run of unchanged characters being copied (copied as one slice).
        let mut run = 0;
        let mut saw_invisible = false;
        // Whether a cluster came out different (else the text is the original after all).
        let mut changed = false;
        while i < b.len() {
            let c = char_after(s, i).expect("a special character starts at a char boundary");
            // A combining mark the scan stopped at belongs to the plain character before it,
            // which the scan skipped: the cluster starts there. (A special character takes its
            // marks along below, so the scan never stops on the mark after one.)
            let start = if joins_previous(c) {
                char_before(s, i).map_or(i, |p| i - p.len_utf8())
            } else {
                i
            };
            let mut end = i + c.len_utf8();
            while let Some(d) = char_after(s, end)
                && joins_previous(d)
            {
                end += d.len_utf8();
            }
            let single = start == i && end == i + c.len_utf8();
            let hidden = single && invisible(c);
            saw_invisible |= hidden;
            let replaced = if single {
                variant(c)
                    .map(Some)
                    .or_else(|| (hidden && drop_invisible).then_some(None))
            } else {
                None
            };
            if single
                && replaced.is_none()
                && !DASHES.contains(&c)
                && full_width_ascii(c).is_none()
                && stable(c)
            {
                // Unchanged: stays in the run.
                i = next_special(b, end);
                continue;
            }
            if map.is_empty() {
                out.reserve(s.len() + 8);
            }
            out.push_str(&s[run..start]);
            let norm = out.len();
            if let Some(r) = replaced {
                // A variant's common form, or nothing for an invisible character.
                out.extend(r);
                changed = true;
            } else if single && DASHES.contains(&c) {
                out.push('-');
                changed = true;
            } else if let (true, Some(a)) = (single, full_width_ascii(c)) {
                out.push(fold(a));
                changed = true;
            } else if let (true, Some(n)) = (single, circled_number(c)) {
                // NFKC spells ① as `1`, which glues a list marker to the number after it
                // (①090-1234-5678); in brackets, as NFKC spells ⑴, it stands apart.
                out.push('(');
                out.push_str(&n.to_string());
                out.push(')');
                changed = true;
            } else {
                for n in s[start..end].nfkc() {
                    out.push(fold(n));
                }
                changed |= out[norm..] != s[start..end];
            }
            map.push(Changed {
                norm: norm as u32,
                norm_len: (out.len() - norm) as u32,
                orig: start as u32,
                orig_len: (end - start) as u32,
            });
            run = end;
            i = next_special(b, end);
        }
        // Nothing changed, or only clusters that NFKC leaves as they are: the original. (Checking
        // each changed cluster, not the whole text again, saves a Unicode table lookup per
        // character of every text with a full-width character.)
        if !changed {
            if out.capacity() <= POOL_MAX {
                POOL.with(|p| {
                    if let Ok(mut p) = p.try_borrow_mut() {
                        *p = (out, map);
                    }
                });
            }
            let mut borrowed = borrowed;
            borrowed.saw_invisible = saw_invisible;
            return borrowed;
        }
        out.push_str(&s[run..]);
        Normalized {
            text: Cow::Owned(out),
            map: Some(map),
            len: s.len(),
            saw_invisible,
        }
    }

    /// Where normalised byte `p` comes from: the start of its cluster in the original, and the
    /// end of that cluster (for `p` inside a changed cluster), else the same character shifted.
    fn locate(map: &[Changed], p: usize) -> (usize, Option<usize>) {
        let p32 = p as u32;
        // The last changed cluster starting at or before `p`.
        let k = map.partition_point(|c| c.norm <= p32);
        if k == 0 {
            return (p, None);
        }
        let c = map[k - 1];
        if p32 < c.norm + c.norm_len {
            let start = c.orig as usize;
            (start, Some(start + c.orig_len as usize))
        } else {
            let shift = (c.orig + c.orig_len) as usize;
            (shift + (p - (c.norm + c.norm_len) as usize), None)
        }
    }

    /// The original byte span of the normalised span `start..end` (`start < end`): from the
    /// start of the cluster holding `start` to the end of the cluster holding `end - 1`.
    pub(crate) fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.map {
            None => (start, end),
            Some(map) => {
                let (a, _) = Self::locate(map, start);
                // The cluster holding the span's last byte ends the span.
                let (last, cluster_end) = Self::locate(map, end - 1);
                let b = cluster_end.unwrap_or_else(|| {
                    // An unchanged character: the original's, from its first byte on.
                    let t = &self.text;
                    let mut first = end - 1;
                    while !t.is_char_boundary(first) {
                        first -= 1;
                    }
                    last - (end - 1 - first) + char_after(t, first).map_or(1, char::len_utf8)
                });
                (a, b.min(self.len))
            }
        }
    }
}

/// The character just before byte `i` (a char boundary).
pub(crate) fn char_before(t: &str, i: usize) -> Option<char> {
    t[..i].chars().next_back()
}

/// The character starting at byte `i` (a char boundary).
pub(crate) fn char_after(t: &str, i: usize) -> Option<char> {
    t[i..].chars().next()
}

/// The byte index `n` characters before `from` (or 0).
pub(crate) fn back_chars(t: &str, from: usize, n: usize) -> usize {
    let mut i = from;
    for _ in 0..n {
        if i == 0 {
            break;
        }
        i -= 1;
        while !t.is_char_boundary(i) {
            i -= 1;
        }
    }
    i
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether the token starting at `i` is glued to an ASCII word before it: `x1234`, `SKU-1234`,
/// `v1.2`. Japanese text before a token is no glue (連絡先はtaro@…, 電話09012345678).
pub(crate) fn glued_before(t: &str, i: usize) -> bool {
    match char_before(t, i) {
        None => false,
        Some(c) if is_word_char(c) => true,
        Some(c @ ('-' | '.')) => char_before(t, i - c.len_utf8()).is_some_and(is_word_char),
        Some(_) => false,
    }
}

/// Whether the token ending at `i` continues into an ASCII word or number after it: `1234x`,
/// `1234-AB`, `1234.5`, `1,234`. A comma before a letter separates (`090-1234-5678,x` in a
/// CSV line or a list).
pub(crate) fn glued_after(t: &str, i: usize) -> bool {
    let mut rest = t[i..].chars();
    match rest.next() {
        None => false,
        Some(c) if is_word_char(c) => true,
        Some('-' | '.') => rest.next().is_some_and(|d| d.is_ascii_alphanumeric()),
        Some(',') => rest.next().is_some_and(|d| d.is_ascii_digit()),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn control_bytes_are_found_in_a_word() {
        for b in 0u8..0x80 {
            let mut w = *b"abcdefgh";
            w[5] = b;
            let want = b < 0x20 || b == 0x7F;
            assert_eq!(has_control(u64::from_le_bytes(w)), want, "{b:#x}");
        }
    }

    use super::*;

    /// The fast path must agree with the Unicode tables: every character it lets through is
    /// NFKC-stable (quick check Yes, so it never composes with what comes before it either) and
    /// a starter.
    #[test]
    fn plain_starters_are_what_the_tables_say() {
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| plain_starter(*c))
        {
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
    }

    /// The byte scan stops exactly at the characters that are no plain starter, at the name
    /// variants among the plain ones, and at control characters a reader does not see.
    #[test]
    fn the_byte_scan_stops_at_every_special_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("ab{c}");
            let want = if plain_starter(c) && variant(c).is_none() && !hidden_control(c as u32) {
                s.len()
            } else {
                2
            };
            assert_eq!(next_special(s.as_bytes(), 0), want, "{c:?}");
        }
        let long = "0123456789abcdefg山田ー";
        assert_eq!(next_special(long.as_bytes(), 0), long.len() - 3);
    }

    proptest::proptest! {
        /// Runs of kana and kanji, ASCII and special characters in any order: the scan stops
        /// where a scan of the characters one by one stops.
        #[test]
        fn the_byte_scan_equals_a_scan_of_the_characters(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "12345678", "山", "田", "ー", "か", "カ", "髙", "、", "　", "\u{3099}", "é",
                "１", "😀", "\u{4DFF}", "\u{5000}", "\u{9FFF}", "\u{3000}", "〆", "〒",
            ]), 0..24),
        ) {
            let s: String = parts.concat();
            let want = s
                .char_indices()
                .find(|&(_, c)| !plain_starter(c) || variant(c).is_some())
                .map_or(s.len(), |(i, _)| i);
            proptest::prop_assert_eq!(next_special(s.as_bytes(), 0), want, "{:?}", s);
        }
    }

    #[test]
    fn variants_invisible_characters_and_box_lines_are_folded_where_they_are() {
        for (text, want) in [
            ("私は髙橋一郎です", "私は高橋一郎です"),
            ("山﨑さんと𠮷田さん", "山崎さんと吉田さん"),
            ("德永と濵田と桒原", "徳永と濱田と桑原"),
            ("090\u{200B}1234\u{200B}5678", "09012345678"),
            ("taro\u{200D}@example.jp", "taro@example.jp"),
            ("03─1234─5678", "03-1234-5678"),
        ] {
            let n = Normalized::without_invisible(text);
            let kept = Normalized::new(text);
            let hidden = text.contains(['\u{200B}', '\u{200D}']);
            assert_eq!((kept.saw_invisible, n.saw_invisible), (hidden, hidden));
            assert_eq!(kept.text.contains(['\u{200B}', '\u{200D}']), hidden);
            assert_eq!(n.text, want);
            // Every normalised span maps back onto whole characters of the original.
            let (a, b) = n.original_span(0, n.text.len());
            assert_eq!((a, b), (0, text.len()), "{text}");
        }
        // A variant inside a match maps back to itself.
        let n = Normalized::new("は髙橋です");
        let s = n.text.find("高橋").unwrap();
        let (a, b) = n.original_span(s, s + "高橋".len());
        assert_eq!(&"は髙橋です"[a..b], "髙橋");
    }

    #[test]
    fn full_width_ascii_is_nfkc() {
        for c in ('\u{3000}'..='\u{FFFF}').filter(|c| full_width_ascii(*c).is_some()) {
            let want: String = c.to_string().nfkc().collect();
            assert_eq!(full_width_ascii(c).map(String::from), Some(want), "{c:?}");
        }
    }

    /// The map as first written: for every normalised byte, the start of its cluster in the
    /// original.
    fn reference(s: &str) -> (String, Vec<u32>) {
        let (mut out, mut map) = (String::new(), Vec::new());
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !joins_previous(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            match circled_number(c) {
                Some(n) if end == i + c.len_utf8() => out.push_str(&format!("({n})")),
                _ => {
                    for n in s[i..end].nfkc() {
                        out.push(fold(n));
                    }
                }
            }
            map.resize(out.len(), i as u32);
        }
        (out, map)
    }

    fn reference_span(map: &[u32], len: usize, start: usize, end: usize) -> (usize, usize) {
        let last = map[end - 1];
        let next = map[end..].iter().find(|c| **c != last);
        (map[start] as usize, next.map_or(len, |c| *c as usize))
    }

    proptest::proptest! {
        /// The cluster list maps every span (on character boundaries) back to the original as
        /// the per-byte map did, on text mixing ASCII, full-width forms, dashes, kana, half-width
        /// kana with voiced marks, combining marks and kanji.
        #[test]
        fn spans_equal_the_per_byte_map(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Z", "0", "@", " ", "-", "０", "９", "＠", "Ａ", "ｰ", "ー", "−", "―", "‐",
                "ｶ", "ﾞ", "ﾟ", "ﾊ", "か", "カ", "山", "。", "、", "\u{3000}", "e\u{301}", "\u{301}",
                "①", "㈱", "ｱ", "ア", "é", "ß", "한", "\u{1100}\u{1161}", "→", "\u{316}", "々",
                "abcdefghij", "ﾊﾟ", "\u{4DB5}", "\u{3099}",
            ]), 0..24),
        ) {
            let s: String = parts.concat();
            let n = Normalized::new(&s);
            let (text, map) = reference(&s);
            proptest::prop_assert_eq!(n.text.as_ref(), text.as_str());
            // The original itself exactly when nothing changed (no copy, no map).
            proptest::prop_assert_eq!(matches!(n.text, Cow::Borrowed(_)), text == s, "{:?}", s);
            let bounds: Vec<usize> = (0..=text.len()).filter(|i| text.is_char_boundary(*i)).collect();
            for (x, &a) in bounds.iter().enumerate() {
                for &b in &bounds[x + 1..] {
                    let want = if matches!(n.text, Cow::Borrowed(_)) { (a, b) } else { reference_span(&map, s.len(), a, b) };
                    proptest::prop_assert_eq!(n.original_span(a, b), want, "{:?} {}..{}", s, a, b);
                }
            }
        }
    }

    #[test]
    fn normalised_text_maps_back_to_the_original() {
        let s = "電話は０９０−１２３４−５６７８、ｶﾞｰﾄﾞ様。";
        let n = Normalized::new(s);
        assert_eq!(n.text, "電話は090-1234-5678、ガ-ド様。");
        let at = n.text.find("090").unwrap();
        let (a, b) = n.original_span(at, at + "090-1234-5678".len());
        assert_eq!(&s[a..b], "０９０−１２３４−５６７８");
        assert!(matches!(
            Normalized::new("山田太郎さん、こんにちは。").text,
            Cow::Borrowed(_)
        ));
    }
}
