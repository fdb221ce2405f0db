//! A value split into locked shards chosen by a key's hash, so that threads working on
//! different keys seldom wait for each other: the run-wide caches of `transform` (a rule's
//! outputs) and `detect::morph` (the names of analysed sentences).

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
}
