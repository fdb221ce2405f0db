//! Generalisation hierarchies read from a CSV file in ARX's format, for quasi-identifiers the
//! job keeps as they are (`keep`): one row per value, then the value at each coarser level, the
//! last level one label for everything (`*`). `;`, `,` or tab separated (the first line
//! decides), no header, no quoting.
//!
//! ```text
//! Bachelors;Undergraduate;Higher education;*
//! HS-grad;High School;Secondary education;*
//! ```
//!
//! The table must be a hierarchy: every value appears once, and a label at one level always
//! has the same label at the next. A value the data holds and the table lacks is `*` at every
//! level above 0 (never kept finer than the table knows). Errors name the row, never a value.

use std::collections::HashMap;

/// A hierarchy table. `leaves` gives ARX's domain share: how many of the table's values fall
/// under a label at a level.
#[derive(Clone, PartialEq)]
pub(crate) struct TableHierarchy {
    /// The file's base name, for the report.
    pub(crate) file: String,
    /// The highest level (columns − 1).
    pub(crate) levels: usize,
    /// Value → its labels at levels 1..=levels.
    map: HashMap<String, Vec<String>>,
    /// Per level 1..=levels: label → values under it.
    leaves: Vec<HashMap<String, u32>>,
}

/// Never prints the table: its values are data.
impl std::fmt::Debug for TableHierarchy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableHierarchy")
            .field("file", &self.file)
            .field("levels", &self.levels)
            .field("values", &self.map.len())
            .finish()
    }
}

impl TableHierarchy {
    /// Reads a table; `file` names it in the report.
    pub(crate) fn parse(text: &str, file: &str) -> Result<TableHierarchy, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let sep = if first.contains(';') {
            ';'
        } else if first.contains('\t') {
            '\t'
        } else {
            ','
        };
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        let mut up: Vec<HashMap<String, String>> = Vec::new();
        let mut width = 0;
        for (i, line) in text.lines().enumerate() {
            let row = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(sep).collect();
            if fields.iter().any(|f| f.contains('"')) {
                return Err(format!(
                    "row {row}: quoted fields are not supported; write ARX's plain format"
                ));
            }
            if width == 0 {
                width = fields.len();
                if width < 2 {
                    return Err(format!(
                        "row {row}: a value and at least one coarser level are needed (`value{sep}*`)"
                    ));
                }
                up = vec![HashMap::new(); width - 1];
            } else if fields.len() != width {
                return Err(format!(
                    "row {row}: {} fields, but the first row has {width}; every value needs a label at every level",
                    fields.len()
                ));
            }
            if fields.iter().any(|f| f.is_empty()) {
                return Err(format!("row {row}: an empty label"));
            }
            let value = fields[0].to_string();
            if map.contains_key(&value) {
                return Err(format!("row {row}: the value is listed twice"));
            }
            // A hierarchy: a label's parent is the same on every row.
            for l in 1..width - 1 {
                let (label, parent) = (fields[l], fields[l + 1]);
                match up[l].get(label) {
                    Some(p) if p != parent => {
                        return Err(format!(
                            "row {row}: a label at level {l} has two different labels at level {}; the table is not a hierarchy",
                            l + 1
                        ));
                    }
                    Some(_) => {}
                    None => {
                        up[l].insert(label.to_string(), parent.to_string());
                    }
                }
            }
            map.insert(value, fields[1..].iter().map(|f| f.to_string()).collect());
        }
        if map.is_empty() {
            return Err("the table has no rows".into());
        }
        let levels = width - 1;
        let mut leaves = vec![HashMap::new(); levels];
        for labels in map.values() {
            for (l, label) in labels.iter().enumerate() {
                *leaves[l].entry(label.clone()).or_insert(0u32) += 1;
            }
        }
        if leaves[levels - 1].len() != 1 {
            return Err(format!(
                "the last level (column {}) must be one label for every value, such as `*`",
                levels + 1
            ));
        }
        Ok(TableHierarchy {
            file: file.to_string(),
            levels,
            map,
            leaves,
        })
    }

    /// `value` at `level` (1..=levels); `None` for a value the table lacks.
    pub(crate) fn apply(&self, value: &str, level: usize) -> Option<String> {
        if level == 0 {
            return Some(value.to_string());
        }
        self.map
            .get(value)
            .and_then(|labels| labels.get(level - 1))
            .cloned()
    }

    /// The values in the table (ARX's domain size).
    pub(crate) fn size(&self) -> usize {
        self.map.len()
    }

    /// ARX's domain share of `value` at `level`: the table's values under its label there, over
    /// all the table's values. 1 for a value the table lacks above level 0 (it becomes `*`).
    pub(crate) fn share(&self, value: &str, level: usize) -> f64 {
        let size = self.size() as f64;
        if level == 0 {
            return 1.0 / size;
        }
        match self.apply(value, level) {
            Some(label) => f64::from(*self.leaves[level - 1].get(&label).unwrap_or(&1)) / size,
            None => 1.0,
        }
    }

    pub(crate) fn level_words(&self, level: usize) -> super::Words {
        super::Words::new(
            format!("階層表 `{}` の第{level}段階", self.file),
            format!("level {level} of the hierarchy table `{}`", self.file),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EDU: &str = "Bachelors;Undergraduate;Higher education;*\n\
                       Some-college;Undergraduate;Higher education;*\n\
                       HS-grad;High School;Secondary education;*\n\
                       Masters;Graduate;Higher education;*\n";

    #[test]
    fn reads_arx_tables_and_gives_domain_shares() {
        let t = TableHierarchy::parse(EDU, "edu.csv").unwrap();
        assert_eq!(t.levels, 3);
        assert_eq!(t.apply("Masters", 2).as_deref(), Some("Higher education"));
        assert_eq!(t.apply("Masters", 3).as_deref(), Some("*"));
        assert_eq!(t.apply("Doctorate", 1), None);
        assert_eq!(t.share("Bachelors", 0), 0.25);
        assert_eq!(t.share("Bachelors", 1), 0.5);
        assert_eq!(t.share("Bachelors", 2), 0.75);
        assert_eq!(t.share("HS-grad", 2), 0.25);
        assert_eq!(t.share("Bachelors", 3), 1.0);
        assert_eq!(t.share("Doctorate", 1), 1.0);
        // Comma-separated, CRLF, a byte-order mark and no final newline read the same.
        let crlf = format!("\u{feff}{}", EDU.replace(';', ",").replace('\n', "\r\n"));
        let t2 = TableHierarchy::parse(crlf.trim_end(), "edu.csv").unwrap();
        assert_eq!(t2.apply("HS-grad", 1).as_deref(), Some("High School"));
        assert_eq!(t2.size(), 4);
    }

    #[test]
    fn refuses_what_is_not_a_hierarchy_without_printing_values() {
        let bad = [
            ("a;x;*\nb;y\n", "row 2"),
            ("a;x;*\na;x;*\n", "listed twice"),
            ("a;x;p;*\nb;x;q;*\n", "not a hierarchy"),
            ("a;x\nb;y\n", "last level"),
            ("a\n", "coarser level"),
            ("", "no rows"),
            ("a;;*\n", "empty label"),
        ];
        for (text, want) in bad {
            let e = TableHierarchy::parse(text, "h.csv").unwrap_err();
            assert!(e.contains(want), "{text:?}: {e}");
            for v in ["a;", "x;", "`a`", "`x`"] {
                assert!(!e.contains(v), "{e}");
            }
        }
    }
}
