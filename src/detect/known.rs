//! Known values: the raw values of a dataset's identifier columns (those it drops,
//! pseudonymises or masks), searched for in free text and in the finished delivery. No pattern
//! finds a customer's own name or ID; their values do.

use std::sync::Arc;

/// Distinct raw values of a dataset's identifier columns, by column. For name columns, the parts
/// of a full name (姓, 名) are kept apart: text scrubbing searches for them, the delivery check
/// does not (many surnames are place names: 千葉, 福島, 石川).
#[derive(Default)]
pub(crate) struct KnownValues {
    pub(crate) by_column: Vec<(String, Vec<String>)>,
    pub(crate) name_parts: Vec<(String, Vec<String>)>,
    /// The run-wide automaton of every dataset's identifier values, built once (see `run`).
    pub(crate) shared: Option<Arc<aho_corasick::AhoCorasick>>,
}

impl std::fmt::Debug for KnownValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the values themselves.
        write!(f, "KnownValues({} columns)", self.by_column.len())
    }
}

impl KnownValues {
    /// The values of `columns` (all collected columns when `None`), with name parts if asked.
    pub(crate) fn values_of(&self, columns: Option<&[String]>, with_parts: bool) -> Vec<String> {
        let wanted = |c: &String| columns.is_none_or(|cs| cs.iter().any(|x| x == c));
        let parts = self.name_parts.iter().filter(|_| with_parts);
        self.by_column
            .iter()
            .chain(parts)
            .filter(|(c, _)| wanted(c))
            .flat_map(|(_, v)| v.iter().cloned())
            .collect()
    }
}

/// The shortest known value searched for, and the shortest all-digit one: shorter values (a
/// status code, a gender letter) would match ordinary text everywhere.
const KNOWN_MIN_CHARS: usize = 3;
const KNOWN_MIN_DIGITS: usize = 6;

/// A column of personal names, by its name (English and Japanese).
fn is_name_column(name: &str) -> bool {
    let n = name.to_lowercase();
    ["name", "kana", "氏名", "名前", "姓", "フリガナ", "ふりがな"]
        .iter()
        .any(|k| n.contains(k))
}

impl KnownValues {
    /// Adds the distinct raw values of column `column`. Values too short to search for are left
    /// out; numbers written with separators are also kept as bare digits; for a name column,
    /// each part of a full name (姓, 名) is kept apart too.
    pub(crate) fn add_column<'a>(&mut self, column: &str, distinct: impl Iterator<Item = &'a str>) {
        let split = is_name_column(column);
        let mut values = Vec::new();
        let mut parts = Vec::new();
        for v in distinct {
            let v = v.trim();
            let n = v.chars().count();
            let digits = v.chars().all(|ch| ch.is_ascii_digit());
            if n >= KNOWN_MIN_CHARS && (!digits || n >= KNOWN_MIN_DIGITS) {
                values.push(v.to_string());
            }
            // Numbers written with separators (090-1234-5678, 4111 1111 …) are also typed
            // without them, and then glued to other digits where no pattern finds them.
            let bare: String = v.chars().filter(char::is_ascii_digit).collect();
            if bare.len() >= 10
                && bare.len() != v.len()
                && v.chars()
                    .all(|ch| ch.is_ascii_digit() || " -()+.".contains(ch))
            {
                values.push(bare);
            }
            if split {
                for part in v.split([' ', '\u{3000}']).filter(|p| !p.is_empty()) {
                    if part.chars().count() >= 2 && part != v {
                        parts.push(part.to_string());
                    }
                }
            }
        }
        for v in [&mut values, &mut parts] {
            v.sort_unstable();
            v.dedup();
        }
        self.by_column.push((column.to_string(), values));
        if !parts.is_empty() {
            self.name_parts.push((column.to_string(), parts));
        }
    }
}
