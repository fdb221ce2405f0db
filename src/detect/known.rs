//! Known values: the raw values of a dataset's identifier columns (those it drops,
//! pseudonymises or masks), searched for in free text and in the finished delivery. No pattern
//! finds a customer's own name or ID; their values do.
//!
//! **Memory bounded by their count, not their length.** A [`KnownSet`] keeps no value: only a
//! keyed 64-bit hash of each (normalised like the text it is searched in: NFKC, Japanese dashes
//! folded, ASCII lower-cased) in an open-addressing table at most three-quarters full, so 10M
//! distinct values take 128 MiB, plus a 1 MiB bitmap of value prefixes that turns most candidate
//! spans away before they are hashed. The key is drawn at random per process: a hash means
//! nothing outside the run. Two different values share a 64-bit hash with a chance of about
//! `n / 2^64` per lookup (10M values: 5·10⁻¹³); such a collision can only make text look like an
//! identifier (a needless placeholder or a refused delivery), never hide one.
//!
//! **Where a value is found.** Text is cut into candidate spans, and each span's hash is looked
//! up:
//! - a value of ASCII characters (IDs, emails, phones, romanised names) only where it stands as
//!   a token of its own: not glued to an ASCII letter or digit on either side (`C0001234` in
//!   `ID C0001234です` or `会員C0001234`, not inside `xc0001234y`). Random output such as base32
//!   pseudonyms therefore never "contains" a customer ID by chance (the 30M-row partner job was
//!   refused for exactly that);
//! - an all-digit value of 10 digits or more (phones and cards typed without separators) also
//!   inside a longer run of digits or glued to letters (`TEL09044411400`, `090444114002026/11/10`);
//! - a value with non-ASCII characters (names, kana) anywhere in the text, glued to Japanese on
//!   either side (`山田太郎様`, `担当の佐藤です`): every span of up to the longest such value's
//!   length, starting at each character, is a candidate.
//! - a whole cell ([`KnownSet::contains_whole`]) of any length.

use std::hash::BuildHasher;
use std::sync::{Arc, OnceLock};

use super::normalize::Normalized;
use super::{Kind, Match};

/// The sets' hash key: 128 random bits drawn once per process, so that sets built in one run
/// can be searched together; or the key of a known-values file this process reads
/// ([`adopt_key`]), whose sets were built by another process of the same run.
static KEY: OnceLock<[u64; 2]> = OnceLock::new();

fn key() -> [u64; 2] {
    *KEY.get_or_init(|| {
        // std's RandomState is seeded from the OS's randomness.
        let r = || std::collections::hash_map::RandomState::new().hash_one(0u64);
        [r(), r()]
    })
}

/// Makes `k` this process's key: needed before sets written by another process are searched,
/// and refused once a set was built here with another key.
fn adopt_key(k: [u64; 2]) -> bool {
    KEY.get_or_init(|| k) == &k
}

/// One keyed hasher per process for every set.
fn hasher() -> &'static foldhash::quality::SeedableRandomState {
    static SHARED: OnceLock<foldhash::SharedSeed> = OnceLock::new();
    static STATE: OnceLock<foldhash::quality::SeedableRandomState> = OnceLock::new();
    STATE.get_or_init(|| {
        let [a, b] = key();
        let shared = SHARED.get_or_init(|| foldhash::SharedSeed::from_u64(a));
        foldhash::quality::SeedableRandomState::with_seed(b, shared)
    })
}

/// The keyed hash of a normalised value; never 0, which marks an empty slot.
fn hash(bytes: &[u8]) -> u64 {
    hasher().hash_one(bytes).max(1)
}

/// The prefix bitmap: 2^23 bits (1 MiB).
const PREFIX_BITS: u32 = 23;

/// The bytes a value's prefix is taken from: its first 3 bytes when it starts with an ASCII
/// character, else its first two characters (or the whole value when shorter).
fn prefix_of(v: &[u8]) -> &[u8] {
    if v[0].is_ascii() {
        return &v[..v.len().min(3)];
    }
    let mut chars = 0;
    for (i, &b) in v.iter().enumerate() {
        if b & 0xC0 != 0x80 {
            chars += 1;
            if chars == 3 {
                return &v[..i];
            }
        }
    }
    v
}

fn prefix_slot(p: &[u8]) -> usize {
    let mut x = p.len() as u64;
    for (i, &b) in p.iter().take(8).enumerate() {
        x ^= u64::from(b) << (8 * i);
    }
    // A Fibonacci multiply spreads the packed bytes over the top bits.
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PREFIX_BITS)) as usize
}

/// Lengths at most this (bytes for ASCII values, characters for the others) are searched for
/// inside text; longer values are found as whole cells only.
const MAX_SPAN: usize = 127;
/// All-digit values at least this long are also found inside longer digit runs.
const GLUE_MIN_DIGITS: usize = 10;
const GLUE_MAX_BYTES: usize = 40;

/// The bytes a phone or card number is written with.
fn is_number_byte(c: u8) -> bool {
    c.is_ascii_digit() || b" -()+.".contains(&c)
}

/// What inserting one raw value adds to a [`KnownSet`], worked out without the set: its hash,
/// its prefix's slot and its length bits. Normalising and hashing are the costly part, so they
/// can run on many threads ([`KnownBatch`]) and only the table inserts under one lock.
#[derive(Clone, Copy)]
struct Entry {
    hash: u64,
    prefix: u32,
    ascii_len: Option<u8>,
    wide_len: Option<u8>,
    glue_len: Option<u8>,
}

impl Entry {
    /// The entry of a raw value: normalised like the text it is searched in (NFKC, dashes,
    /// trimmed, ASCII lower-case). Values of fewer than 2 characters, and all-digit values of
    /// fewer than 4, have none: they would match ordinary text everywhere.
    fn of(raw: &str, scratch: &mut String) -> Option<Entry> {
        let norm = Normalized::new(raw);
        let v = norm.text.trim();
        let chars = v.chars().count();
        let digits = v.bytes().all(|b| b.is_ascii_digit());
        if chars < 2 || (digits && chars < 4) {
            return None;
        }
        scratch.clear();
        scratch.push_str(v);
        scratch.make_ascii_lowercase();
        let b = scratch.as_bytes();
        let mut e = Entry {
            hash: hash(b),
            prefix: prefix_slot(prefix_of(b)) as u32,
            ascii_len: None,
            wide_len: None,
            glue_len: None,
        };
        if b.is_ascii() {
            if b.len() <= MAX_SPAN {
                e.ascii_len = Some(b.len() as u8);
            }
            let n_digits = b.iter().filter(|c| c.is_ascii_digit()).count();
            if b.iter().all(|&c| is_number_byte(c))
                && n_digits >= GLUE_MIN_DIGITS
                && b.len() <= GLUE_MAX_BYTES
            {
                e.glue_len = Some(b.len() as u8);
            }
        } else if chars <= MAX_SPAN {
            e.wide_len = Some(chars as u8);
        }
        Some(e)
    }
}

/// Values on their way into a [`KnownSet`] (one batch's, on one thread): see
/// [`KnownSet::absorb_batch`]. About 24 bytes a value, for the batch's life.
#[derive(Default)]
pub(crate) struct KnownBatch {
    entries: Vec<Entry>,
    scratch: String,
}

/// Where [`add_value`] puts values: a set, or a batch on its way into one.
pub(crate) trait Insert {
    /// Adds one raw value (see [`KnownSet::insert`]).
    fn insert(&mut self, raw: &str);
}

impl Insert for KnownSet {
    fn insert(&mut self, raw: &str) {
        KnownSet::insert(self, raw);
    }
}

impl Insert for KnownBatch {
    fn insert(&mut self, raw: &str) {
        if let Some(e) = Entry::of(raw, &mut self.scratch) {
            self.entries.push(e);
        }
    }
}

/// A set of known values, searchable in text (see the module docs).
pub(crate) struct KnownSet {
    /// Power-of-two open-addressing table of hashes; 0 is an empty slot.
    table: Vec<u64>,
    len: usize,
    prefixes: Vec<u64>,
    /// Bit `n`: some all-ASCII value is `n` bytes long.
    ascii_lens: u128,
    /// Bit `n`: some value with a non-ASCII character is `n` characters long.
    wide_lens: u128,
    /// Bit `n`: some number (digits and ` -()+.`, at least `GLUE_MIN_DIGITS` digits) is `n`
    /// bytes long.
    glue_lens: u128,
    scratch: String,
    /// Slots walked past by inserts (tests only).
    #[cfg(test)]
    probes: u64,
}

impl Default for KnownSet {
    fn default() -> KnownSet {
        KnownSet::new()
    }
}

impl std::fmt::Debug for KnownSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the values (the set has none anyway).
        write!(f, "KnownSet({} values)", self.len)
    }
}

impl KnownSet {
    pub(crate) fn new() -> KnownSet {
        KnownSet {
            table: Vec::new(),
            len: 0,
            prefixes: Vec::new(),
            ascii_lens: 0,
            wide_lens: 0,
            glue_lens: 0,
            scratch: String::new(),
            #[cfg(test)]
            probes: 0,
        }
    }

    /// A set of `values` (as [`KnownSet::insert`] takes them).
    pub(crate) fn of<S: AsRef<str>>(values: impl IntoIterator<Item = S>) -> KnownSet {
        let mut s = KnownSet::new();
        for v in values {
            s.insert(v.as_ref());
        }
        s
    }

    /// Distinct values held.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Heap bytes the set holds.
    #[cfg(test)]
    pub(crate) fn heap_bytes(&self) -> usize {
        8 * (self.table.capacity() + self.prefixes.capacity()) + self.scratch.capacity()
    }

    /// Adds a raw value: normalised like the text it is searched in (NFKC, dashes, trimmed,
    /// ASCII lower-case). Values of fewer than 2 characters, and all-digit values of fewer than
    /// 4, are skipped: they would match ordinary text everywhere.
    pub(crate) fn insert(&mut self, raw: &str) {
        if let Some(e) = Entry::of(raw, &mut self.scratch) {
            self.add_entry(e);
        }
    }

    fn add_entry(&mut self, e: Entry) {
        if self.add_hash(e.hash) {
            let p = e.prefix as usize;
            self.prefixes[p / 64] |= 1 << (p % 64);
            if let Some(n) = e.ascii_len {
                self.ascii_lens |= 1 << n;
            }
            if let Some(n) = e.glue_len {
                self.glue_lens |= 1 << n;
            }
            if let Some(n) = e.wide_len {
                self.wide_lens |= 1 << n;
            }
        }
    }

    /// Adds every value of `batch`, under the caller's lock. Each entry's slot is fetched into
    /// the cache a few entries ahead, so that the table's misses (tens of MB at 30M log rows)
    /// overlap instead of following one another.
    pub(crate) fn absorb_batch(&mut self, batch: KnownBatch) {
        const AHEAD: usize = 8;
        for (i, e) in batch.entries.iter().enumerate() {
            if let Some(next) = batch.entries.get(i + AHEAD) {
                self.prefetch(next.hash);
            }
            self.add_entry(*e);
        }
    }

    /// Hints the cache to fetch the slot where a lookup of `h` starts (the table may grow
    /// before the lookup: then the hint was merely wasted).
    fn prefetch(&self, h: u64) {
        #[cfg(target_arch = "x86_64")]
        if let Some(slot) = self
            .table
            .get((h as usize) & self.table.len().wrapping_sub(1))
        {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: SSE is part of every x86_64 target, and a prefetch only hints the cache:
            // it reads nothing the program sees, and `slot` is a live reference anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((slot as *const u64).cast()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = h;
    }

    /// Adds every value of `other` (a set built in the same process). The smaller set goes
    /// into the larger, whose table is first grown to hold both: hashes taken from a table in
    /// slot order arrive sorted by their low bits, and inserted into a smaller table they
    /// piled up into one run of filled slots that every later insert walked (merging a 30M-row
    /// log's 2.6M subjects into the customers' set took 6.5 s, where 10M rows took 0.4 s).
    pub(crate) fn absorb(&mut self, mut other: KnownSet) {
        if other.is_empty() {
            return;
        }
        if self.len < other.len {
            std::mem::swap(self, &mut other);
        }
        if other.is_empty() {
            return;
        }
        self.reserve(self.len + other.len);
        for h in other.table.iter().copied().filter(|&h| h != 0) {
            self.add_hash(h);
        }
        for (a, b) in self.prefixes.iter_mut().zip(&other.prefixes) {
            *a |= b;
        }
        self.ascii_lens |= other.ascii_lens;
        self.wide_lens |= other.wide_lens;
        self.glue_lens |= other.glue_lens;
    }

    /// Inserts a hash; false when it was there.
    fn add_hash(&mut self, h: u64) -> bool {
        if self.table.is_empty() {
            self.init_table();
        }
        if (self.len + 1) * 4 > self.table.len() * 3 {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            match self.table[i] {
                0 => {
                    self.table[i] = h;
                    self.len += 1;
                    return true;
                }
                x if x == h => return false,
                _ => {
                    i = (i + 1) & mask;
                    #[cfg(test)]
                    {
                        self.probes += 1;
                    }
                }
            }
        }
    }

    /// Grows the table until it holds `n` hashes without growing again.
    fn reserve(&mut self, n: usize) {
        if self.table.is_empty() {
            self.init_table();
        }
        while (n + 1) * 4 > self.table.len() * 3 {
            self.grow();
        }
    }

    fn init_table(&mut self) {
        self.table = vec![0; 1 << 10];
        self.prefixes = vec![0; (1 << PREFIX_BITS) / 64];
    }

    fn grow(&mut self) {
        let doubled = vec![0; self.table.len() * 2];
        let old = std::mem::replace(&mut self.table, doubled);
        let mask = self.table.len() - 1;
        for h in old.into_iter().filter(|&h| h != 0) {
            let mut i = (h as usize) & mask;
            while self.table[i] != 0 {
                i = (i + 1) & mask;
            }
            self.table[i] = h;
        }
    }

    fn has_hash(&self, h: u64) -> bool {
        let mask = self.table.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            match self.table[i] {
                0 => return false,
                x if x == h => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn prefix_hit(&self, p: &[u8]) -> bool {
        let s = prefix_slot(p);
        self.prefixes[s / 64] & (1 << (s % 64)) != 0
    }

    fn has(&self, span: &[u8]) -> bool {
        self.has_hash(hash(span))
    }

    /// Whether the whole (normalised, trimmed) `text` is a known value.
    pub(crate) fn contains_whole(&self, text: &str) -> bool {
        if self.len == 0 {
            return false;
        }
        let norm = Normalized::new(text);
        let t = norm.text.trim();
        if t.is_empty() {
            return false;
        }
        let lower = t.to_ascii_lowercase();
        self.has(lower.as_bytes())
    }

    /// Every known value in the normalised text `t`, as `Kind::Known` matches (overlapping; the
    /// caller resolves overlaps).
    pub(crate) fn find(&self, t: &str, out: &mut Vec<Match>) {
        if self.len == 0 || t.is_empty() {
            return;
        }
        let lower;
        let b = if t.bytes().any(|c| c.is_ascii_uppercase()) {
            lower = t.to_ascii_lowercase();
            lower.as_bytes()
        } else {
            t.as_bytes()
        };
        let n = b.len();
        let word = |i: usize| b[i].is_ascii_alphanumeric();
        // A token may start or end at `i` unless an ASCII letter or digit is on both sides.
        let boundary = |i: usize| i == 0 || i == n || !(word(i - 1) && word(i));
        let mut push = |start: usize, end: usize| {
            out.push(Match {
                kind: Kind::Known,
                start,
                end,
            })
        };
        if self.ascii_lens != 0 {
            let mut s = 0;
            while s < n {
                if !b[s].is_ascii() {
                    s += 1;
                    continue;
                }
                let run_end = s + b[s..].iter().position(|c| !c.is_ascii()).unwrap_or(n - s);
                for st in s..run_end {
                    if b[st].is_ascii_whitespace() || !boundary(st) {
                        continue;
                    }
                    // An ID written with a hyphen or a space between its letters and its digits
                    // (`C-7770003`, `C 7770003` for the known `C7770003`).
                    if b[st].is_ascii_alphabetic()
                        && let Some((len, joined, jn)) = id_with_a_gap(&b[st..run_end])
                        && boundary(st + len)
                        && self.has(&joined[..jn])
                    {
                        push(st, st + len);
                    }
                    let room = run_end - st;
                    let p3 = room >= 3 && self.prefix_hit(&b[st..st + 3]);
                    let p2 =
                        room >= 2 && self.ascii_lens & 4 != 0 && self.prefix_hit(&b[st..st + 2]);
                    if !p3 && !p2 {
                        continue;
                    }
                    let mut lens = self.ascii_lens & upto(room);
                    if !p3 {
                        lens &= 4;
                    }
                    if !p2 {
                        lens &= !4;
                    }
                    while lens != 0 {
                        let l = lens.trailing_zeros() as usize;
                        lens &= lens - 1;
                        let e = st + l;
                        if b[e - 1].is_ascii_whitespace() || !boundary(e) {
                            continue;
                        }
                        if self.has(&b[st..e]) {
                            push(st, e);
                        }
                    }
                }
                s = run_end;
            }
        }
        if self.glue_lens != 0 {
            // Numbers of 10 digits or more (with or without separators) also where digits or
            // letters are glued to them: `TEL:070-1234-56789月`, `…2427 4111 1111 1111 1111`.
            for st in 0..n {
                if !(b[st].is_ascii_digit() || b[st] == b'(' || b[st] == b'+') {
                    continue;
                }
                if st + 3 > n || !self.prefix_hit(&b[st..st + 3]) {
                    continue;
                }
                let run = b[st..].iter().take_while(|&&c| is_number_byte(c)).count();
                let mut lens = self.glue_lens & upto(run);
                while lens != 0 {
                    let l = lens.trailing_zeros() as usize;
                    lens &= lens - 1;
                    if self.has(&b[st..st + l]) {
                        push(st, st + l);
                    }
                }
            }
        }
        if self.wide_lens != 0 && !b.is_ascii() {
            // Byte offsets of every character, and the text's end.
            let mut starts: Vec<usize> = (0..n).filter(|&i| b[i] & 0xC0 != 0x80).collect();
            starts.push(n);
            let count = starts.len() - 1;
            for ci in 0..count {
                let st = starts[ci];
                let first_ascii = b[st].is_ascii();
                if first_ascii && (b[st].is_ascii_whitespace() || !boundary(st)) {
                    continue;
                }
                let p = if first_ascii {
                    &b[st..(st + 3).min(n)]
                } else {
                    &b[st..starts[(ci + 2).min(count)]]
                };
                if !self.prefix_hit(p) {
                    continue;
                }
                let mut lens = self.wide_lens & upto(count - ci);
                while lens != 0 {
                    let l = lens.trailing_zeros() as usize;
                    lens &= lens - 1;
                    let e = starts[ci + l];
                    let last = starts[ci + l - 1];
                    if b[last].is_ascii() && (b[last].is_ascii_whitespace() || !boundary(e)) {
                        continue;
                    }
                    if first_ascii && b[st..e].is_ascii() {
                        continue;
                    }
                    if self.has(&b[st..e]) {
                        push(st, e);
                    }
                }
            }
        }
    }
}

/// At the start of `b`: one to three ASCII letters, a hyphen or a space, and four digits or
/// more (`c-7770003`): its length, and the letters and digits joined (`c7770003`) in a buffer
/// with their length.
fn id_with_a_gap(b: &[u8]) -> Option<(usize, [u8; 40], usize)> {
    let letters = b
        .iter()
        .take(4)
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if !(1..=3).contains(&letters) || !matches!(b.get(letters), Some(b'-' | b' ')) {
        return None;
    }
    let digits = b[letters + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits < 4 || letters + digits > 40 {
        return None;
    }
    let mut joined = [0u8; 40];
    joined[..letters].copy_from_slice(&b[..letters]);
    joined[letters..letters + digits].copy_from_slice(&b[letters + 1..letters + 1 + digits]);
    Some((letters + 1 + digits, joined, letters + digits))
}

/// Bits `0..=n` set.
fn upto(n: usize) -> u128 {
    if n >= 127 {
        u128::MAX
    } else {
        (1u128 << (n + 1)) - 1
    }
}

/// The shortest known value a column contributes, and the shortest all-digit one: shorter values
/// (a status code, a gender letter) would match ordinary text everywhere.
const KNOWN_MIN_CHARS: usize = 3;
const KNOWN_MIN_DIGITS: usize = 6;

/// A column of personal names, by its name (English and Japanese).
pub(crate) fn is_name_column(name: &str) -> bool {
    let n = name.to_lowercase();
    [
        "name",
        "kana",
        "氏名",
        "名前",
        "姓",
        "名字",
        "苗字",
        "フリガナ",
        "ふりがな",
        "(名)",
        "（名）",
    ]
    .iter()
    .any(|k| n.contains(*k))
        || matches!(n.as_str(), "名" | "sei" | "mei" | "せい" | "めい")
}

/// Adds one raw value of an identifier column to `whole` (the value, and a number written with
/// separators also as bare digits) and, for a name column, each part of a full name (姓, 名) to
/// `parts`. Values too short to search for are left out.
pub(crate) fn add_value<S: Insert>(whole: Option<&mut S>, parts: Option<&mut S>, raw: &str) {
    let v = raw.trim();
    if v.is_empty() {
        return;
    }
    if let Some(whole) = whole {
        let n = v.chars().count();
        let digits = v.bytes().all(|b| b.is_ascii_digit());
        if n >= KNOWN_MIN_CHARS && (!digits || n >= KNOWN_MIN_DIGITS) {
            whole.insert(v);
        }
        // A name or an address is also written without its spaces (和田　洋子 as 和田洋子,
        // タナカ マユミ as タナカマユミ), glued into other text where only the whole is known.
        if v.contains(char::is_whitespace) {
            // Pieces copied whole (a char-by-char collect was 1.4 % of a 300k-row job's
            // instructions).
            let bare: String = v.split(char::is_whitespace).collect();
            let n = bare.chars().count();
            let digits = bare.bytes().all(|b| b.is_ascii_digit());
            if n >= KNOWN_MIN_CHARS && (!digits || n >= KNOWN_MIN_DIGITS) {
                whole.insert(&bare);
            }
        }
        // A reading in katakana (ワダ ヨウコ, a フリガナ column) is also written in hiragana
        // (わだようこ): both forms, with and without the spaces.
        let katakana = |c: char| matches!(c, '\u{30A1}'..='\u{30F6}');
        let letters = v.chars().filter(|c| !c.is_whitespace());
        // (An ASCII value, most of a log's IDs, is no reading: one vectorised test skips it.)
        if !v.is_ascii()
            && letters.clone().count() >= KNOWN_MIN_CHARS
            && letters.clone().any(katakana)
            && letters.clone().all(|c| katakana(c) || c == 'ー')
        {
            // The hiragana block sits 0x60 below the katakana one, letter for letter.
            let hira = |c: char| match katakana(c) {
                true => char::from_u32(c as u32 - 0x60).unwrap_or(c),
                false => c,
            };
            let spaced: String = v.chars().map(hira).collect();
            let bare: String = letters.map(hira).collect();
            whole.insert(&spaced);
            whole.insert(&bare);
        }
        // Numbers written with separators (090-1234-5678, 4111 1111 …) are also typed without
        // them, and then glued to other digits where no pattern finds them.
        if !digits
            && v.bytes()
                .all(|b| b.is_ascii_digit() || b" -()+.".contains(&b))
        {
            // ASCII digits' bytes are a string (from_utf8 cannot fail on them).
            let digits: Vec<u8> = v.bytes().filter(u8::is_ascii_digit).collect();
            let bare = String::from_utf8(digits).unwrap_or_default();
            if bare.len() >= 10 {
                whole.insert(&bare);
            }
        }
    }
    // Each part of a name, and a split column's whole value (姓 山崎 and 名 花子 in columns of
    // their own, as 楽天, EC-CUBE and BASE export them): two characters are enough.
    if let Some(parts) = parts {
        for part in v.split([' ', '\u{3000}']).filter(|p| !p.is_empty()) {
            if part.chars().count() >= 2 && !part.bytes().all(|b| b.is_ascii_digit()) {
                parts.insert(part);
            }
        }
    }
}

/// The known values a dataset's rules use: every dataset's identifier values (run-wide, shared
/// with the delivery check), this dataset's name parts, and the sets of `text` rules that name
/// their own `known` columns.
#[derive(Default, Clone)]
pub(crate) struct KnownValues {
    pub(crate) shared: Option<Arc<KnownSet>>,
    pub(crate) name_parts: Option<Arc<KnownSet>>,
    /// By the rule's column list.
    pub(crate) lists: Vec<(Vec<String>, Arc<KnownSet>)>,
}

impl std::fmt::Debug for KnownValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "KnownValues({} shared, {} lists)",
            self.shared.as_ref().map_or(0, |s| s.len()),
            self.lists.len()
        )
    }
}

/// The known values of a run, in a file for the processes that apply its rules elsewhere (the
/// Spark driver builds it once and ships it to every executor, instead of each task reading
/// every input again). It holds the sets' hashes and their key, never a value; still, whoever
/// has the file can test a guessed value for membership, so it is written for the owner only and
/// treated like the run's key.
pub(crate) mod file {
    use std::io::{Read, Write};
    use std::sync::Arc;

    use super::{KnownSet, KnownValues, adopt_key, key};

    const MAGIC: &[u8; 16] = b"tokumei-known-1\n";

    fn put_u64(w: &mut impl Write, x: u64) -> std::io::Result<()> {
        w.write_all(&x.to_le_bytes())
    }

    fn put_str(w: &mut impl Write, s: &str) -> std::io::Result<()> {
        put_u64(w, s.len() as u64)?;
        w.write_all(s.as_bytes())
    }

    fn put_set(w: &mut impl Write, s: &KnownSet) -> std::io::Result<()> {
        put_u64(w, s.len as u64)?;
        for v in [&s.table, &s.prefixes] {
            put_u64(w, v.len() as u64)?;
            for &x in v.iter() {
                put_u64(w, x)?;
            }
        }
        for x in [s.ascii_lens, s.wide_lens, s.glue_lens] {
            w.write_all(&x.to_le_bytes())?;
        }
        Ok(())
    }

    /// A reader over the file's bytes that fails on truncation instead of panicking.
    struct Bytes<'a>(&'a [u8]);

    impl Bytes<'_> {
        fn take(&mut self, n: usize) -> Option<&[u8]> {
            if self.0.len() < n {
                return None;
            }
            let (a, b) = self.0.split_at(n);
            self.0 = b;
            Some(a)
        }
        fn u64(&mut self) -> Option<u64> {
            Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
        }
        fn u128(&mut self) -> Option<u128> {
            Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
        }
        fn len(&mut self) -> Option<usize> {
            let n = usize::try_from(self.u64()?).ok()?;
            // A length beyond what is left is a damaged file, not an allocation to try.
            (n <= self.0.len()).then_some(n)
        }
        fn string(&mut self) -> Option<String> {
            let n = self.len()?;
            String::from_utf8(self.take(n)?.to_vec()).ok()
        }
        fn words(&mut self) -> Option<Vec<u64>> {
            let n = self.len()?;
            let b = self.take(n.checked_mul(8)?)?;
            Some(
                b.chunks_exact(8)
                    .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
                    .collect(),
            )
        }
        fn set(&mut self) -> Option<KnownSet> {
            let len = usize::try_from(self.u64()?).ok()?;
            let table = self.words()?;
            let prefixes = self.words()?;
            let ok = (table.is_empty() && prefixes.is_empty() && len == 0)
                || (table.len().is_power_of_two()
                    && len < table.len()
                    && table.iter().filter(|&&h| h != 0).count() == len
                    && prefixes.len() == (1 << super::PREFIX_BITS) / 64);
            if !ok {
                return None;
            }
            Some(KnownSet {
                table,
                len,
                prefixes,
                ascii_lens: self.u128()?,
                wide_lens: self.u128()?,
                glue_lens: self.u128()?,
                scratch: String::new(),
                #[cfg(test)]
                probes: 0,
            })
        }
    }

    /// Writes the run-wide set and each dataset's own sets (name parts, `known = [...]` lists).
    pub(crate) fn write(
        w: &mut impl Write,
        shared: &KnownSet,
        datasets: &[(String, KnownValues)],
    ) -> std::io::Result<()> {
        // Streamed through a buffer: the sets are not copied (10M values are 128 MiB).
        let b = &mut std::io::BufWriter::with_capacity(1 << 20, w);
        b.write_all(MAGIC)?;
        let [k0, k1] = key();
        put_u64(b, k0)?;
        put_u64(b, k1)?;
        put_set(b, shared)?;
        put_u64(b, datasets.len() as u64)?;
        for (name, kv) in datasets {
            put_str(b, name)?;
            match &kv.name_parts {
                Some(p) => {
                    put_u64(b, 1)?;
                    put_set(b, p)?;
                }
                None => put_u64(b, 0)?,
            }
            put_u64(b, kv.lists.len() as u64)?;
            for (cols, set) in &kv.lists {
                put_u64(b, cols.len() as u64)?;
                for c in cols {
                    put_str(b, c)?;
                }
                put_set(b, set)?;
            }
        }
        b.flush()
    }

    /// Why a file could not be read.
    #[derive(Debug, PartialEq, Eq)]
    pub(crate) enum ReadError {
        /// Not a known-values file, or a damaged one.
        Damaged,
        /// This process already built sets under another key.
        OtherKey,
    }

    /// Reads what [`write`] wrote: the run-wide set (as every dataset's `shared`) and each
    /// dataset's own sets, and adopts the file's key.
    pub(crate) fn read(r: &mut impl Read) -> Result<Vec<(String, KnownValues)>, ReadError> {
        let mut all = Vec::new();
        r.read_to_end(&mut all).map_err(|_| ReadError::Damaged)?;
        let mut b = Bytes(&all);
        if b.take(MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(ReadError::Damaged);
        }
        let parsed = (|| {
            let k = [b.u64()?, b.u64()?];
            let shared = Arc::new(b.set()?);
            let n = b.len()?;
            let mut out = Vec::new();
            for _ in 0..n {
                let name = b.string()?;
                let name_parts = match b.u64()? {
                    0 => None,
                    1 => Some(Arc::new(b.set()?)),
                    _ => return None,
                };
                let n_lists = b.len()?;
                let mut lists = Vec::new();
                for _ in 0..n_lists {
                    let n_cols = b.len()?;
                    let cols = (0..n_cols)
                        .map(|_| b.string())
                        .collect::<Option<Vec<_>>>()?;
                    lists.push((cols, Arc::new(b.set()?)));
                }
                out.push((
                    name,
                    KnownValues {
                        shared: Some(shared.clone()),
                        name_parts,
                        lists,
                    },
                ));
            }
            b.0.is_empty().then_some((k, out))
        })();
        let (k, out) = parsed.ok_or(ReadError::Damaged)?;
        if !adopt_key(k) {
            return Err(ReadError::OtherKey);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(set: &KnownSet, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let norm = Normalized::new(text);
        set.find(&norm.text, &mut out);
        out.iter()
            .map(|m| norm.text[m.start..m.end].to_string())
            .collect()
    }

    /// Merging sets (one per dataset, into the run's) keeps every value of both, whichever is
    /// larger, and walks past a few filled slots per hash of the smaller set, as inserting
    /// values one by one does. Hashes taken from a larger table in slot order arrive sorted by
    /// their low bits; inserted into a smaller table they once piled up into runs of filled
    /// slots that every later insert walked (a 30M-row log's 2.6M subjects merged into the
    /// customers' set in 6.5 s; here that was some 2,000 slots per hash).
    #[test]
    fn merging_sets_keeps_every_value_at_a_few_probes_each() {
        let customers = || (0..70_000).map(|i| format!("C{i:07}"));
        let cookies = || (0..300_000).map(|i| format!("ck{:012x}", i * 7919));
        let direct = KnownSet::of(customers().chain(cookies()));
        let per_insert = direct.probes as f64 / direct.len() as f64;
        for small_first in [true, false] {
            let (mut merged, other) = if small_first {
                (KnownSet::of(customers()), KnownSet::of(cookies()))
            } else {
                (KnownSet::of(cookies()), KnownSet::of(customers()))
            };
            // The larger set's table is the one kept: its probes so far are not the merge's.
            let (inserted, before) = if merged.len() >= other.len() {
                (other.len(), merged.probes)
            } else {
                (merged.len(), other.probes)
            };
            merged.absorb(other);
            assert_eq!(merged.len(), direct.len());
            assert!(
                customers()
                    .chain(cookies())
                    .all(|v| merged.contains_whole(&v))
            );
            assert!(!merged.contains_whole("C9999999"));
            let merging = merged.probes.saturating_sub(before) as f64 / inserted as f64;
            assert!(
                merging <= 2.0 * per_insert.max(1.0),
                "{merging:.1} slots walked per merged hash, {per_insert:.1} per hash inserted one by one"
            );
        }
    }

    /// A known-values file gives back sets that find what the originals find, for every
    /// dataset; a damaged or truncated file, or one of another key once sets exist here, is
    /// refused, never half-read.
    #[test]
    fn a_known_values_file_round_trips_and_refuses_damage() {
        let shared = KnownSet::of(["C0001234", "taro@example.jp", "09012345678", "山田太郎"]);
        let parts = KnownSet::of(["山田", "太郎"]);
        let list = KnownSet::of(["ORDER-99812"]);
        let kv = KnownValues {
            shared: None,
            name_parts: Some(Arc::new(parts)),
            lists: vec![(vec!["order_id".to_string()], Arc::new(list))],
        };
        let datasets = vec![
            ("customers".to_string(), kv),
            ("log".to_string(), KnownValues::default()),
        ];
        let mut bytes = Vec::new();
        file::write(&mut bytes, &shared, &datasets).unwrap();
        let back = file::read(&mut bytes.as_slice()).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].0, "customers");
        let text = "山田太郎様 C0001234 tel 090-1234-5678 ORDER-99812 taro@example.jp";
        let s = back[0].1.shared.as_ref().unwrap();
        assert_eq!(s.len(), shared.len());
        assert_eq!(found(s, text), found(&shared, text));
        assert!(!found(s, text).is_empty());
        let p = back[0].1.name_parts.as_ref().unwrap();
        assert_eq!(found(p, "担当の山田です"), ["山田"]);
        assert_eq!(back[0].1.lists[0].0, ["order_id"]);
        assert_eq!(found(&back[0].1.lists[0].1, text), ["ORDER-99812"]);
        assert!(back[1].1.name_parts.is_none() && back[1].1.lists.is_empty());
        // Truncated anywhere, one byte changed in a length, or trailing bytes: refused.
        for cut in [0, 10, 20, 40, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(
                file::read(&mut &bytes[..cut]).err(),
                Some(file::ReadError::Damaged),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            file::read(&mut longer.as_slice()).err(),
            Some(file::ReadError::Damaged)
        );
        let mut wrong_len = bytes.clone();
        wrong_len[32] ^= 0x40;
        assert!(file::read(&mut wrong_len.as_slice()).is_err());
        // Another run's key, once this process has built sets under its own: refused.
        let mut other = bytes.clone();
        other[16] ^= 1;
        assert_eq!(
            file::read(&mut other.as_slice()).err(),
            Some(file::ReadError::OtherKey)
        );
    }

    #[test]
    fn tokens_digits_and_japanese() {
        let s = KnownSet::of([
            "C0001234",
            "taro@example.jp",
            "09044411400",
            "山田太郎",
            "ヤマダ",
            "k12",
        ]);
        assert_eq!(found(&s, "ID C0001234です"), ["C0001234"]);
        assert_eq!(found(&s, "会員c0001234の件"), ["c0001234"]);
        // Glued to Latin letters or digits: not a token of its own.
        assert!(found(&s, "xc0001234").is_empty());
        assert!(found(&s, "c00012345").is_empty());
        assert!(found(&s, "k12a").is_empty());
        assert_eq!(found(&s, "(k12)"), ["k12"]);
        assert_eq!(found(&s, "mail: TARO@example.jp."), ["TARO@example.jp"]);
        // Long numbers inside longer runs and glued to letters, with or without separators.
        assert_eq!(found(&s, "TEL09044411400"), ["09044411400"]);
        assert_eq!(found(&s, "090444114002026/11/10"), ["09044411400"]);
        let phones = KnownSet::of(["070-4844-3988", "4141 5787 5141 4571"]);
        assert_eq!(
            found(&phones, "TEL:070-4844-39889月18日"),
            ["070-4844-3988"]
        );
        assert_eq!(
            found(&phones, "番号 24274141 5787 5141 4571の"),
            ["4141 5787 5141 4571"]
        );
        // Japanese values glued to Japanese text, full-width forms normalised.
        assert_eq!(found(&s, "担当の山田太郎様より"), ["山田太郎"]);
        assert_eq!(found(&s, "ﾔﾏﾀﾞです"), ["ヤマダ"]);
        assert!(found(&s, "山田花子").is_empty());
        assert!(s.contains_whole(" Ｃ０００１２３４ "));
        assert!(!s.contains_whole("C000123"));
    }

    #[test]
    fn random_base32_never_contains_an_id_by_chance() {
        // The 30M-row failure: lower-cased customer IDs that are valid base32 were found inside
        // random pseudonyms. As tokens of their own they cannot be.
        let s = KnownSet::of(["c2345672"]);
        assert!(found(&s, "abc2345672xyzq").is_empty());
        assert_eq!(found(&s, "c2345672"), ["c2345672"]);
    }

    #[test]
    fn sets_merge() {
        let mut a = KnownSet::of(["C0001234"]);
        a.absorb(KnownSet::of(["山田太郎", "09044411400"]));
        a.absorb(KnownSet::new());
        assert_eq!(a.len(), 3);
        assert_eq!(found(&a, "山田太郎 C0001234 TEL09044411400").len(), 3);
        let mut empty = KnownSet::new();
        empty.absorb(a);
        assert_eq!(empty.len(), 3);
    }

    /// Values collected in batches on other threads make the set that inserting them one by
    /// one makes: the same hashes, prefixes and length bits, so the same findings.
    #[test]
    fn batches_make_the_set_inserts_make() {
        let values = [
            "C0001234",
            "ｔａｒｏ@Example.jp",
            "090-1234-5678",
            "山田　太郎",
            "12",
            "4111 1111 1111 1111",
            "c61b6eb3da65234b3c6abd7b46d001e6",
            "C0001234",
        ];
        let (mut one_by_one, mut parts) = (KnownSet::new(), KnownSet::new());
        let mut batched = KnownSet::new();
        let mut batched_parts = KnownSet::new();
        for chunk in values.chunks(3) {
            let (mut b, mut bp) = (KnownBatch::default(), KnownBatch::default());
            for v in chunk {
                add_value(Some(&mut one_by_one), Some(&mut parts), v);
                add_value(Some(&mut b), Some(&mut bp), v);
            }
            batched.absorb_batch(b);
            batched_parts.absorb_batch(bp);
        }
        for (a, b) in [(&one_by_one, &batched), (&parts, &batched_parts)] {
            let sorted = |s: &KnownSet| {
                let mut t: Vec<u64> = s.table.iter().copied().filter(|h| *h != 0).collect();
                t.sort_unstable();
                t
            };
            assert!(a.len() > 1);
            assert_eq!(a.len(), b.len());
            assert_eq!(sorted(a), sorted(b));
            assert_eq!(a.prefixes, b.prefixes);
            assert_eq!(
                (a.ascii_lens, a.wide_lens, a.glue_lens),
                (b.ascii_lens, b.wide_lens, b.glue_lens)
            );
        }
        let text = "山田様（taro@example.jp、09012345678）のカード4111111111111111";
        assert_eq!(found(&one_by_one, text), found(&batched, text));
        let mut distinct = found(&batched, text);
        distinct.sort();
        distinct.dedup();
        assert_eq!(
            distinct,
            ["09012345678", "4111111111111111", "taro@example.jp"]
        );
        // (Every value is a name column's here: a value of one word is a part too.)
        assert_eq!(found(&batched_parts, text), ["taro@example.jp", "山田"]);
    }

    #[test]
    fn policy() {
        let (mut whole, mut parts) = (KnownSet::new(), KnownSet::new());
        for v in ["090-1234-5678", "12", "12345", "山田 太郎", "AB"] {
            add_value(Some(&mut whole), Some(&mut parts), v);
        }
        assert!(whole.contains_whole("090-1234-5678"));
        assert!(whole.contains_whole("09012345678"));
        assert!(!whole.contains_whole("12345"));
        assert!(!whole.contains_whole("AB"));
        assert!(whole.contains_whole("山田 太郎"));
        assert!(parts.contains_whole("山田") && parts.contains_whole("太郎"));
        assert!(!whole.contains_whole("山田"));
        assert!(!parts.contains_whole("12") && !parts.contains_whole("12345"));
        // A split column's value (姓 in a column of its own) is a part too.
        add_value(Some(&mut whole), Some(&mut parts), "山崎");
        assert!(parts.contains_whole("山崎"));
        assert_eq!(found(&parts, "のし：山崎"), ["山崎"]);
        // A spaced name is also known without its space, and found glued into other text.
        assert!(whole.contains_whole("山田太郎"));
        let mut names = KnownSet::new();
        for v in ["和田\u{3000}洋子", "タナカ　マユミ", "Taro Yamada"] {
            add_value(Some(&mut names), None, v);
        }
        assert_eq!(found(&names, "和田洋子から電話"), ["和田洋子"]);
        assert_eq!(found(&names, "タナカマユミ 対応"), ["タナカマユミ"]);
        assert_eq!(found(&names, "mail from TaroYamada"), ["TaroYamada"]);
        // A katakana reading is known in hiragana too.
        assert_eq!(found(&names, "たなかまゆみさんから"), ["たなかまゆみ"]);
        assert_eq!(found(&names, "受取人 たなか　まゆみ"), ["たなか まゆみ"]);
    }

    #[test]
    fn ten_million_values_fit_in_150_mb() {
        let mut s = KnownSet::new();
        s.insert("c0000001");
        for i in 0..10_000_000u64 {
            s.add_hash(hash(&i.to_le_bytes()));
        }
        assert!(s.len() > 9_999_000);
        assert!(s.heap_bytes() <= 150_000_000, "{} bytes", s.heap_bytes());
        assert!(s.contains_whole("C0000001"));
    }

    #[test]
    fn an_id_with_a_hyphen_or_a_space_after_its_letters_is_found() {
        let set = KnownSet::of(["C7770003", "AB1234567"]);
        assert_eq!(found(&set, "会員 C-7770003 です"), ["C-7770003"]);
        assert_eq!(found(&set, "ID: c 7770003."), ["c 7770003"]);
        assert_eq!(found(&set, "no. AB-1234567"), ["AB-1234567"]);
        for t in [
            "C-77700031",
            "XC-7770003",
            "C-777000",
            "C--7770003",
            "C-7770004",
        ] {
            assert!(found(&set, t).is_empty(), "{t}");
        }
    }
}
