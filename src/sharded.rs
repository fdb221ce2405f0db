//! A value split into locked shards chosen by a key's hash, so that threads working on
//! different keys seldom wait for each other: the run-wide caches of `transform` (a rule's
//! outputs), and the bounded [`Memo`]s of `detect` (the names of analysed sentences, the
//! matches of whole texts).

use std::hash::BuildHasher;
use std::sync::{Mutex, MutexGuard};

pub(crate) struct Sharded<T> {
    shards: Vec<Mutex<T>>,
    hasher: foldhash::fast::RandomState,
}

impl<T: Default> Sharded<T> {
    /// `n` empty shards (at least one).
    pub(crate) fn new(n: usize) -> Sharded<T> {
        Sharded {
            shards: (0..n.max(1)).map(|_| Mutex::default()).collect(),
            hasher: Default::default(),
        }
    }
}

impl<T> Sharded<T> {
    /// The shard `key` falls in, locked. A lock poisoned by a panicking thread is taken over:
    /// the shards hold caches, whose entries are whole or absent.
    pub(crate) fn lock(&self, key: &str) -> MutexGuard<'_, T> {
        let i = (self.hasher.hash_one(key) as usize) % self.shards.len();
        self.shards[i].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `key`'s hash, for [`Sharded::lock_hashed`] and the shard's own table: a caller that
    /// looks `key` up in a hash table inside the shard hashes it once.
    pub(crate) fn hash(&self, key: &[u8]) -> u64 {
        self.hasher.hash_one(key)
    }

    /// The shard of the key whose [`Sharded::hash`] is `hash`, locked. The shard is picked by
    /// the hash's upper half: a table inside it starts its probes from the lower bits, which
    /// would otherwise be the same for every key in the shard.
    pub(crate) fn lock_hashed(&self, hash: u64) -> MutexGuard<'_, T> {
        let i = ((hash >> 32) as usize) % self.shards.len();
        self.shards[i].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every shard, one after another.
    #[cfg(test)]
    pub(crate) fn each(&self) -> impl Iterator<Item = MutexGuard<'_, T>> + '_ {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// A bounded memory of what a pure function gave for a key: the names `detect::morph` found in
/// a sentence, the matches `detect` found in a whole text. A hit is that key's own values, so
/// what is remembered never changes a result, only whether it is computed again.
///
/// At most `bytes` of keys, values and overhead in all, whatever the input's size, in locked
/// shards (the threads of a batch share it). When a shard is full, the keys looked up again
/// since its last sweep stay (the boilerplate that repeats) and the rest go; if those alone
/// fill half of it, it starts over. Keys over `max_key` bytes are never kept.
pub(crate) struct Memo<V> {
    shards: Sharded<MemoShard<V>>,
    shard_bytes: usize,
    max_key: usize,
}

/// One shard of a [`Memo`]: its keys and values each in one buffer, and a table of where each
/// key's are, probed with the hash the shard was chosen by. The buffers and the table are
/// allocated once, at the shard's first key, at sizes that together make the shard's bound, and
/// never grow: a full shard is swept (its kept entries moved to the front of the buffers), so
/// keys come and go without an allocation of their own.
struct MemoShard<V> {
    table: hashbrown::HashTable<Slot>,
    /// The entries the table is allocated for (it never grows past them).
    slots: usize,
    keys: Vec<u8>,
    values: Vec<V>,
}

impl<V> Default for MemoShard<V> {
    fn default() -> MemoShard<V> {
        MemoShard {
            table: hashbrown::HashTable::new(),
            slots: 0,
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

/// Where one key and its values are in their shard's buffers.
struct Slot {
    hash: u64,
    key_at: u32,
    key_len: u32,
    value_at: u32,
    value_len: u32,
    /// Looked up again since the last sweep.
    hit: bool,
}

/// What a slot costs in the table: the slot and its control byte.
const SLOT_BYTES: usize = std::mem::size_of::<Slot>() + 1;

impl<V: Copy> Memo<V> {
    /// At most `bytes` in `shards` shards; keys up to `max_key` bytes.
    pub(crate) fn new(bytes: usize, shards: usize, max_key: usize) -> Memo<V> {
        let shards = Sharded::new(shards);
        Memo {
            shard_bytes: bytes / shards.shards.len(),
            shards,
            max_key,
        }
    }

    /// `key`'s hash, for [`Memo::recall`] and [`Memo::remember`].
    pub(crate) fn hash(&self, key: &[u8]) -> u64 {
        self.shards.hash(key)
    }

    /// Whether `key` (hashed to `hash`) is remembered; if so its values are appended to `out`.
    pub(crate) fn recall(&self, hash: u64, key: &[u8], out: &mut Vec<V>) -> bool {
        if key.len() > self.max_key {
            return false;
        }
        match self.shards.lock_hashed(hash).get(hash, key) {
            Some(values) => {
                out.extend_from_slice(values);
                true
            }
            None => false,
        }
    }

    /// Remember `values` for `key` (hashed to `hash`), if the key is short enough.
    pub(crate) fn remember(&self, hash: u64, key: &[u8], values: &[V]) {
        if key.len() > self.max_key {
            return;
        }
        self.shards
            .lock_hashed(hash)
            .insert(hash, key, values, self.shard_bytes);
    }

    /// The keys remembered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.shards.each().map(|s| s.table.len()).sum()
    }
}

impl<V: Copy> MemoShard<V> {
    fn get(&mut self, hash: u64, key: &[u8]) -> Option<&[V]> {
        let MemoShard {
            table,
            keys,
            values,
            ..
        } = self;
        let s = table.find_mut(hash, |s| key_of(keys, s) == key)?;
        s.hit = true;
        Some(&values[s.value_at as usize..][..s.value_len as usize])
    }

    /// Allocate the table and the buffers within `bound`: the table (whose buckets are a power
    /// of two, 8/7 of its entries) for entries of about 64 bytes of key, then three quarters
    /// of the rest for keys and a quarter for values.
    fn allocate(&mut self, bound: usize) {
        let buckets = (bound / (SLOT_BYTES + 64) + 1).next_power_of_two() / 2;
        self.slots = buckets / 8 * 7;
        self.table = hashbrown::HashTable::with_capacity(self.slots);
        let rest = bound.saturating_sub(buckets * SLOT_BYTES);
        self.keys = Vec::with_capacity(rest / 4 * 3);
        self.values = Vec::with_capacity(rest / 4 / std::mem::size_of::<V>().max(1));
    }

    fn fits(&self, key: usize, values: usize) -> bool {
        self.keys.len() + key <= self.keys.capacity()
            && self.values.len() + values <= self.values.capacity()
            && self.table.len() < self.slots
    }

    fn insert(&mut self, hash: u64, key: &[u8], values: &[V], bound: usize) {
        if self.slots == 0 {
            self.allocate(bound);
        }
        if !self.fits(key.len(), values.len()) {
            self.sweep();
            if !self.fits(key.len(), values.len()) {
                return;
            }
        }
        let MemoShard {
            table,
            keys,
            values: kept,
            ..
        } = self;
        if table.find(hash, |s| key_of(keys, s) == key).is_some() {
            return;
        }
        let slot = Slot {
            hash,
            key_at: keys.len() as u32,
            key_len: key.len() as u32,
            value_at: kept.len() as u32,
            value_len: values.len() as u32,
            hit: false,
        };
        keys.extend_from_slice(key);
        kept.extend_from_slice(values);
        table.insert_unique(hash, slot, |s| s.hash);
    }

    /// Forget the keys not looked up again since the last sweep, and move the rest to the
    /// front of the buffers (in the order they came, so each moves down or stays). If those
    /// alone fill half of the shard, forget them too. The table is emptied and filled again,
    /// so no erased slot is left to make it grow.
    fn sweep(&mut self) {
        let mut kept: Vec<Slot> = self.table.drain().filter(|s| s.hit).collect();
        kept.sort_unstable_by_key(|s| s.key_at);
        let (mut k, mut v) = (0, 0);
        for s in &mut kept {
            let (at, len) = (s.key_at as usize, s.key_len as usize);
            self.keys.copy_within(at..at + len, k);
            s.key_at = k as u32;
            k += len;
            let (at, len) = (s.value_at as usize, s.value_len as usize);
            self.values.copy_within(at..at + len, v);
            s.value_at = v as u32;
            v += len;
            s.hit = false;
        }
        if 2 * k > self.keys.capacity()
            || 2 * v > self.values.capacity()
            || 2 * kept.len() > self.slots
        {
            kept.clear();
            (k, v) = (0, 0);
        }
        self.keys.truncate(k);
        self.values.truncate(v);
        for s in kept {
            self.table.insert_unique(s.hash, s, |s| s.hash);
        }
    }

    /// The bytes the shard has allocated.
    #[cfg(test)]
    fn allocated(&self) -> usize {
        self.keys.capacity()
            + self.values.capacity() * std::mem::size_of::<V>()
            + self.table.capacity().div_ceil(7) * 8 * SLOT_BYTES
    }
}

fn key_of<'k>(keys: &'k [u8], s: &Slot) -> &'k [u8] {
    &keys[s.key_at as usize..][..s.key_len as usize]
}

#[cfg(test)]
mod tests {
    use super::Sharded;

    #[test]
    fn a_key_always_finds_its_own_shard() {
        let s: Sharded<Vec<String>> = Sharded::new(16);
        for i in 0..1000 {
            s.lock(&i.to_string()).push(i.to_string());
        }
        for i in 0..1000 {
            assert!(s.lock(&i.to_string()).contains(&i.to_string()));
        }
        assert_eq!(s.each().map(|v| v.len()).sum::<usize>(), 1000);
        assert!(
            s.each().filter(|v| !v.is_empty()).count() > 1,
            "keys spread over shards"
        );
    }

    #[test]
    fn a_full_memo_keeps_what_repeats_and_stays_within_its_bound() {
        use super::MemoShard;
        use std::hash::BuildHasher;
        const BOUND: usize = 512 << 10;
        let hasher = foldhash::fast::FixedState::default();
        let mut memo = MemoShard::default();
        let h = |k: &str| hasher.hash_one(k.as_bytes());
        let get = |memo: &mut MemoShard<(usize, usize)>, k: &str| {
            memo.get(h(k), k.as_bytes()).map(<[_]>::to_vec)
        };
        let greeting = "お世話になっております。";
        memo.insert(h(greeting), greeting.as_bytes(), &[], BOUND);
        let allocated = memo.allocated();
        assert!(allocated <= BOUND, "{allocated} bytes allocated");
        let mut sweeps = 0;
        for i in 0..200_000 {
            let sentence = format!("注文番号{i}の鈴木花子です。");
            if get(&mut memo, &sentence).is_none() {
                let before = memo.table.len();
                memo.insert(h(&sentence), sentence.as_bytes(), &[(i, 6)], BOUND);
                sweeps += usize::from(memo.table.len() <= before);
            }
            if i % 1000 == 0 {
                assert!(
                    get(&mut memo, greeting).is_some(),
                    "the greeting was forgotten at {i}"
                );
            }
            assert_eq!(memo.allocated(), allocated, "the shard grew at {i}");
        }
        assert!(sweeps >= 2, "the memo was swept {sweeps} times");
        assert_eq!(
            get(&mut memo, "注文番号199999の鈴木花子です。"),
            Some(vec![(199_999, 6)])
        );
        // Every key still remembered gives its own values after the sweeps moved them.
        let mut remembered = 0;
        for i in 0..200_000 {
            let sentence = format!("注文番号{i}の鈴木花子です。");
            if let Some(v) = get(&mut memo, &sentence) {
                assert_eq!(v, [(i, 6)], "{sentence}");
                remembered += 1;
            }
        }
        assert!(remembered > 1000, "{remembered} remembered");
        assert_eq!(get(&mut memo, greeting), Some(vec![]));
    }

    #[test]
    fn a_memo_gives_back_what_it_was_given_and_never_a_long_key() {
        let memo: super::Memo<u32> = super::Memo::new(1 << 20, 4, 16);
        let mut out = vec![7];
        let (a, b) = (
            "short key".as_bytes(),
            "a key longer than sixteen".as_bytes(),
        );
        assert!(!memo.recall(memo.hash(a), a, &mut out));
        memo.remember(memo.hash(a), a, &[1, 2]);
        memo.remember(memo.hash(b), b, &[3]);
        assert!(memo.recall(memo.hash(a), a, &mut out));
        assert_eq!(out, [7, 1, 2], "appended to what was there");
        assert!(!memo.recall(memo.hash(b), b, &mut out));
        assert_eq!(memo.len(), 1);
    }
}
