//! The text the detectors match on: NFKC (full-width digits, letters, `＠`, `－`, the
//! ideographic space), with the dashes Japanese text uses as hyphens folded to `-`, and a map from
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
/// `transform::fold_dashes`). NFKC already maps `－` (U+FF0D) to `-` and `ｰ` to `ー`.
const DASHES: [char; 8] = ['ー', '‐', '‑', '‒', '–', '—', '−', '―'];

fn fold(c: char) -> char {
    if DASHES.contains(&c) { '-' } else { c }
}

/// Whether `c` belongs to the cluster of the character before it.
fn joins_previous(c: char) -> bool {
    !c.is_ascii() && (canonical_combining_class(c) != 0 || matches!(c, '\u{FF9E}' | '\u{FF9F}'))
}

pub(crate) struct Normalized<'a> {
    pub(crate) text: Cow<'a, str>,
    /// For every byte of `text`: the original byte span of the cluster it came from. `None` when
    /// `text` is the original.
    map: Option<Vec<(usize, usize)>>,
}

impl<'a> Normalized<'a> {
    pub(crate) fn new(s: &'a str) -> Normalized<'a> {
        if s.is_ascii() || (!s.contains(DASHES) && is_nfkc_quick(s.chars()) == IsNormalized::Yes) {
            return Normalized {
                text: Cow::Borrowed(s),
                map: None,
            };
        }
        let mut out = String::with_capacity(s.len() + 8);
        let mut map: Vec<(usize, usize)> = Vec::with_capacity(s.len() + 8);
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
            let single = end == i + c.len_utf8();
            if single && (c.is_ascii() || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes) {
                out.push(fold(c));
            } else {
                for n in s[i..end].nfkc() {
                    out.push(fold(n));
                }
            }
            // Every byte this cluster produced maps back to the whole cluster.
            map.resize(out.len(), (i, end));
        }
        Normalized {
            text: Cow::Owned(out),
            map: Some(map),
        }
    }

    /// The original byte span of the normalised span `start..end` (`start < end`): from the
    /// start of the cluster holding `start` to the end of the cluster holding `end - 1`.
    pub(crate) fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.map {
            None => (start, end),
            Some(map) => (map[start].0, map[end - 1].1),
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
/// `1234-AB`, `1234.5`, `1,234`.
pub(crate) fn glued_after(t: &str, i: usize) -> bool {
    let mut rest = t[i..].chars();
    match rest.next() {
        None => false,
        Some(c) if is_word_char(c) => true,
        Some('-' | '.' | ',') => rest.next().is_some_and(|d| d.is_ascii_alphanumeric()),
        Some(_) => false,
    }
}
