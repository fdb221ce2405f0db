//! Which of a detector's groups of cue words a text holds, in one pass over it.
//!
//! Detectors gate their costlier searches on cue words (`口座`, `銀行` or `支店` before a
//! bank account; `パスポ` or `旅券` before a passport number). Asking `str::contains` once per
//! word runs a fresh substring search per word over every text; one multi-word search answers
//! for all of them. It is the SIMD searcher (Teddy, as in [`super::japanese::Prefectures`])
//! where the CPU has it: Aho-Corasick's own prefilter looks for rare bytes, which in Japanese
//! text are the bytes every kanji has.
//!
//! The answer is exact. A search that does not report overlapping matches can still only miss
//! a word's occurrence where a match of another word covers part of it, so when a word of one
//! group could overlap a word of another (one holds the other, or one's end is the other's
//! start), the search reports every overlapping match instead (slower, never wrong).

use aho_corasick::{AhoCorasick, MatchKind, packed};

pub(crate) struct Keywords {
    packed: Option<packed::Searcher>,
    /// Without the SIMD searcher, or when groups' words can overlap (see the module's note):
    /// the automaton, searched for overlapping matches in the second case.
    ac: AhoCorasick,
    overlapping: bool,
    /// Each word's group, by pattern index.
    group: Vec<u8>,
    /// The bits of every group: the search stops once all are seen.
    all: u32,
}

impl Keywords {
    /// `groups[g]` are the words of group `g` (at most 32 groups, every word non-empty).
    pub(crate) fn new(groups: &[&[&str]]) -> Keywords {
        Keywords::build(groups, false)
    }

    /// `new`, with ASCII letters matching either case (the words written in lower case). For
    /// short texts: the SIMD searcher knows no case, so this is the automaton.
    pub(crate) fn ascii_case_insensitive(groups: &[&[&str]]) -> Keywords {
        Keywords::build(groups, true)
    }

    fn build(groups: &[&[&str]], any_case: bool) -> Keywords {
        assert!(groups.len() <= 32, "at most 32 groups of cue words");
        let words: Vec<(&str, u8)> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, ws)| ws.iter().map(move |w| (*w, g as u8)))
            .collect();
        let overlapping = words.iter().any(|(u, gu)| {
            words.iter().any(|(v, gv)| {
                gu != gv && may_overlap(&u.to_ascii_lowercase(), &v.to_ascii_lowercase())
            })
        });
        let packed = if overlapping || any_case {
            None
        } else {
            packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(words.iter().map(|(w, _)| w))
                .build()
        };
        let ac = AhoCorasick::builder()
            .match_kind(if overlapping {
                MatchKind::Standard
            } else {
                MatchKind::LeftmostFirst
            })
            .prefilter(false)
            .ascii_case_insensitive(any_case)
            .build(words.iter().map(|(w, _)| w))
            .expect("built-in cue words build an automaton");
        Keywords {
            packed,
            ac,
            overlapping,
            group: words.iter().map(|(_, g)| *g).collect(),
            all: if groups.len() == 32 {
                u32::MAX
            } else {
                (1u32 << groups.len()) - 1
            },
        }
    }

    /// How many words the search looks for.
    #[cfg(test)]
    pub(crate) fn words(&self) -> usize {
        self.group.len()
    }

    /// Whether the search reports overlapping matches (words of two groups can overlap), which
    /// costs the SIMD search.
    #[cfg(test)]
    pub(crate) fn searches_overlaps(&self) -> bool {
        self.overlapping
    }

    /// Bit `g` is set when `t` holds a word of group `g`.
    pub(crate) fn groups(&self, t: &str) -> u32 {
        self.groups_with(true, t)
    }

    /// `groups`, with the SIMD searcher only if `packed` (tests compare the two).
    pub(crate) fn groups_with(&self, packed: bool, t: &str) -> u32 {
        let mut seen = 0u32;
        let mut add = |pattern: usize| {
            seen |= 1 << self.group[pattern];
            seen == self.all
        };
        match (&self.packed, packed) {
            // Below Teddy's shortest haystack the packed searcher falls back to Rabin-Karp,
            // slower than the automaton on a short value (a URL's part, a cell).
            (Some(p), true) if t.len() >= p.minimum_len() => {
                for m in p.find_iter(t) {
                    if add(m.pattern().as_usize()) {
                        break;
                    }
                }
            }
            _ if self.overlapping => {
                for m in self.ac.find_overlapping_iter(t) {
                    if add(m.pattern().as_usize()) {
                        break;
                    }
                }
            }
            _ => {
                for m in self.ac.find_iter(t) {
                    if add(m.pattern().as_usize()) {
                        break;
                    }
                }
            }
        }
        seen
    }
}

/// Leftmost-longest matches of a few words, left to right, without overlaps (prefectures,
/// honorifics): Teddy where the CPU has it, else the automaton.
pub(crate) struct Words {
    packed: Option<packed::Searcher>,
    ac: AhoCorasick,
}

impl Words {
    pub(crate) fn new(words: &[&str]) -> Words {
        let packed = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(words)
            .build();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(words)
            .expect("built-in words build an automaton");
        Words { packed, ac }
    }

    /// Whether the SIMD searcher is used (Teddy needs SSSE3 on x86-64, NEON on aarch64).
    #[cfg(test)]
    pub(crate) fn is_packed(&self) -> bool {
        self.packed.is_some()
    }

    /// Each match as (the word's index, start, end).
    pub(crate) fn find_iter<'a>(
        &'a self,
        t: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.find_iter_with(true, t)
    }

    /// `find_iter`, with the SIMD searcher only if `packed` (tests compare the two).
    pub(crate) fn find_iter_with<'a>(
        &'a self,
        packed: bool,
        t: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        let (p, a) = match (&self.packed, packed) {
            (Some(p), true) if t.len() >= p.minimum_len() => (Some(p.find_iter(t)), None),
            _ => (None, Some(self.ac.find_iter(t))),
        };
        p.into_iter()
            .flatten()
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .chain(
                a.into_iter()
                    .flatten()
                    .map(|m| (m.pattern().as_usize(), m.start(), m.end())),
            )
    }
}

/// Whether occurrences of `u` and `v` can share a byte: one holds the other, or a non-empty
/// end of one is the start of the other.
fn may_overlap(u: &str, v: &str) -> bool {
    let (u, v) = (u.as_bytes(), v.as_bytes());
    let holds = |a: &[u8], b: &[u8]| a.windows(b.len()).any(|w| w == b);
    let end_starts =
        |a: &[u8], b: &[u8]| (1..a.len().min(b.len())).any(|k| a[a.len() - k..] == b[..k]);
    holds(u, v) || holds(v, u) || end_starts(u, v) || end_starts(v, u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(groups: &[&[&str]], t: &str) -> u32 {
        groups
            .iter()
            .enumerate()
            .filter(|(_, ws)| ws.iter().any(|w| t.contains(w)))
            .fold(0, |acc, (g, _)| acc | 1 << g)
    }

    const DISJOINT: &[&[&str]] = &[
        &["普通", "当座"],
        &["口座", "銀行", "(普)"],
        &["ゆうちょ", "貯金", "郵便貯金"],
    ];
    /// `座` ends `口座` and starts `座席`; `aa` overlaps itself across groups.
    const OVERLAPPING: &[&[&str]] = &[&["口座"], &["座席"], &["ab"], &["ba", "b"]];

    #[test]
    fn overlapping_groups_are_searched_for_overlaps() {
        assert!(!Keywords::new(DISJOINT).overlapping);
        assert!(Keywords::new(OVERLAPPING).overlapping);
        let k = Keywords::new(OVERLAPPING);
        assert_eq!(k.groups("口座席"), 0b11);
        assert_eq!(k.groups("aba"), 0b1100);
        assert_eq!(Keywords::new(DISJOINT).groups("郵便貯金の口座"), 0b110);
    }

    proptest! {
        #[test]
        fn groups_are_those_whose_words_the_text_holds(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "普通", "当", "座", "口", "口座", "銀行", "(普)", "(", "普", ")", "ゆうちょ", "貯",
                "金", "郵便", "座席", "a", "b", "ab", "ba", " ", "の", "1234567",
            ]), 0..24),
        ) {
            let t: String = parts.concat();
            for groups in [DISJOINT, OVERLAPPING] {
                let k = Keywords::new(groups);
                let want = reference(groups, &t);
                prop_assert_eq!(k.groups_with(true, &t), want);
                prop_assert_eq!(k.groups_with(false, &t), want);
            }
        }
    }
}
