//! The job file as written: TOML read with serde, one section at a time, so that every problem in
//! the file is collected (with its job key) instead of stopping at the first. Typos are errors:
//! every table here rejects unknown keys.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;

pub(crate) use crate::error::Problems;

/// Reads the keys of one TOML table, remembering which were read so the rest can be reported as
/// unknown (with a suggestion when one is close).
pub(crate) struct Section<'a> {
    table: &'a toml::Table,
    path: String,
    read: Vec<&'static str>,
}

impl<'a> Section<'a> {
    pub(crate) fn new(table: &'a toml::Table, path: impl Into<String>) -> Self {
        Section {
            table,
            path: path.into(),
            read: Vec::new(),
        }
    }

    pub(crate) fn key(&self, k: &str) -> String {
        if self.path.is_empty() {
            k.to_string()
        } else {
            format!("{}.{k}", self.path)
        }
    }

    /// An optional value; a value of the wrong type is a problem and reads as `None`.
    pub(crate) fn opt<T: DeserializeOwned>(
        &mut self,
        k: &'static str,
        problems: &mut Problems,
    ) -> Option<T> {
        self.read.push(k);
        let v = self.table.get(k)?;
        match v.clone().try_into::<T>() {
            Ok(t) => Some(t),
            Err(e) => {
                problems.push(&self.key(k), clean_serde_message(&e.to_string()));
                None
            }
        }
    }

    /// A required value.
    pub(crate) fn req<T: DeserializeOwned>(
        &mut self,
        k: &'static str,
        hint: &str,
        problems: &mut Problems,
    ) -> Option<T> {
        if !self.table.contains_key(k) {
            self.read.push(k);
            problems.push(&self.key(k), format!("missing; {hint}"));
            return None;
        }
        self.opt(k, problems)
    }

    /// A sub-table, kept raw for its own section reader.
    pub(crate) fn table(
        &mut self,
        k: &'static str,
        problems: &mut Problems,
    ) -> Option<&'a toml::Table> {
        self.read.push(k);
        match self.table.get(k)? {
            toml::Value::Table(t) => Some(t),
            _ => {
                problems.push(&self.key(k), "must be a table");
                None
            }
        }
    }

    /// Reports every key that was not read.
    pub(crate) fn finish(self, problems: &mut Problems) {
        for k in self.table.keys() {
            if !self.read.contains(&k.as_str()) {
                let hint = match suggest(k, &self.read) {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => format!("; known keys here: {}", self.read.join(", ")),
                };
                problems.push(&self.key(k), format!("unknown key{hint}"));
            }
        }
    }
}

/// toml/serde messages end with position details that mean nothing for a detached value.
pub(crate) fn clean_serde_message(msg: &str) -> String {
    msg.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

/// The closest candidate within edit distance 2, if any.
pub(crate) fn suggest<'b>(word: &str, candidates: &[&'b str]) -> Option<&'b str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.min(c.len() / 2).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Mode {
    Anonymous,
    Pseudonymous,
}

/// Who receives a delivery, in APPI's terms (`recipient-kind`). Pseudonymous data may not go to
/// a third party (Art. 41(6)); a contractor (委託), joint use (共同利用) and a business successor
/// (事業承継) are not third parties (Art. 41(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RecipientKind {
    ThirdParty,
    Contractor,
    JointUse,
    Succession,
}

impl std::fmt::Display for RecipientKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RecipientKind::ThirdParty => "third-party",
            RecipientKind::Contractor => "contractor",
            RecipientKind::JointUse => "joint-use",
            RecipientKind::Succession => "succession",
        })
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mode::Anonymous => "anonymous",
            Mode::Pseudonymous => "pseudonymous",
        })
    }
}

pub(crate) use crate::io::Format;

/// `[datasets.NAME.csv]`: how to read CSV inputs.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct CsvSpec {
    pub(crate) delimiter: Option<String>,
    pub(crate) header: Option<bool>,
    pub(crate) quote: Option<String>,
    /// Extra strings read as null (the empty field always is).
    pub(crate) null_values: Option<Vec<String>>,
    /// `utf-8` (default), `cp932`/`shift_jis`, `euc-jp`, `utf-16`.
    pub(crate) encoding: Option<String>,
}

/// `[datasets.NAME.output]`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct OutputSpec {
    pub(crate) file: Option<String>,
    pub(crate) format: Option<Format>,
    pub(crate) compression: Option<String>,
}

pub(crate) use crate::transform::{RULE_NAMES, RuleSpec};

/// `[datasets.NAME.risk]`: the re-identification gate.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct RiskSection {
    pub(crate) quasi_identifiers: Vec<String>,
    pub(crate) subject: Option<String>,
    pub(crate) sensitive: Option<Vec<String>>,
    pub(crate) min_k: Option<u64>,
    pub(crate) min_l: Option<u64>,
    /// The largest t-closeness allowed for each sensitive attribute, 0..=1: checked, not fixed.
    pub(crate) max_t: Option<f64>,
    /// Sensitive attributes whose numbers are codes, not quantities (`diagnosis = "101"`): their
    /// t-closeness takes the equal distance, as any category's, not the ordered one of numbers.
    pub(crate) categorical: Option<Vec<String>>,
    /// Share of rows (or subjects) that local suppression may remove, 0..=1.
    pub(crate) max_suppression: Option<f64>,
    /// `rows` (default: remove the rows, or the subjects' rows) or `cells` (null the
    /// quasi-identifier cells of the rows in small classes).
    pub(crate) suppress: Option<String>,
    /// Hierarchy tables in ARX's format for quasi-identifiers delivered with `keep`, relative to
    /// the job file: `{ education = "hierarchies/education.csv" }`.
    pub(crate) hierarchies: Option<BTreeMap<String, String>>,
    /// What the search minimises: `levels` (default: the mean generalisation level plus the
    /// suppressed share) or `loss` (ARX's Loss: the domain share each value covers, geometric
    /// mean over the quasi-identifiers, a suppressed cell counting as fully generalised).
    pub(crate) metric: Option<String>,
    /// With a `subject`: m, the most points (rows' classes) of one subject an attacker is assumed
    /// to know; k^m is measured over every set of up to m of them (1 to 3, default 2).
    pub(crate) trace_items: Option<usize>,
    /// With a `subject`: every set of up to `trace-items` points of a subject's trace must be
    /// shared by at least this many subjects; items are suppressed until it is (default: measured
    /// only).
    pub(crate) min_km: Option<u64>,
}

/// `[[joined-risk]]`: the risk of two datasets joined on a shared pseudonym.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct JoinedRiskSpec {
    pub(crate) datasets: Vec<String>,
    pub(crate) on: String,
    /// `dataset.column`; default: the quasi-identifiers of both datasets' risk sections.
    pub(crate) quasi_identifiers: Option<Vec<String>>,
    /// Fix the join to this k by unlinking; without it the join is measured only.
    pub(crate) min_k: Option<u64>,
    /// Share of linked subjects whose link (`on` in the second dataset) may be nulled, 0..=1.
    pub(crate) max_unlinked: Option<f64>,
    /// Why the join may be delivered unfixed (`min-k = 0`); recorded in the report.
    pub(crate) reason: Option<String>,
    /// m for the linked subjects' traces in the join: the most joined rows' classes of one
    /// subject an attacker is assumed to know (1 to 3, default 2; 1 checks rows only).
    pub(crate) trace_items: Option<usize>,
    /// Every set of up to `trace-items` joined points of a linked subject must be shared by at
    /// least this many linked subjects; subjects are unlinked until it is (default: min-k).
    pub(crate) min_km: Option<u64>,
}

/// `[datasets.NAME.verify]`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct VerifySpec {
    pub(crate) allow: Option<Vec<AllowSpec>>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct AllowSpec {
    pub(crate) column: String,
    pub(crate) detector: String,
    pub(crate) reason: String,
}

/// Reads one column's rule value.
pub(crate) fn rule_spec(value: &toml::Value) -> Result<RuleSpec, String> {
    let table =
        match value {
            toml::Value::String(s) => {
                let mut t = toml::Table::new();
                t.insert("rule".into(), toml::Value::String(s.clone()));
                t
            }
            toml::Value::Table(t) => t.clone(),
            _ => return Err(
                "must be a rule name (e.g. \"drop\") or a table such as { rule = \"pseudonym\" }"
                    .into(),
            ),
        };
    match table.get("rule") {
        None => return Err(format!("missing `rule`; one of: {}", RULE_NAMES.join(", "))),
        Some(toml::Value::String(r)) if !RULE_NAMES.contains(&r.as_str()) => {
            let hint = suggest(r, RULE_NAMES)
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            return Err(format!(
                "unknown rule `{r}`; {hint}rules are: {}",
                RULE_NAMES.join(", ")
            ));
        }
        _ => {}
    }
    toml::Value::Table(table)
        .try_into::<RuleSpec>()
        .map_err(|e| clean_serde_message(&e.to_string()))
}

/// Reads a whole `columns` table.
pub(crate) fn column_specs(
    table: &toml::Table,
    path: &str,
    problems: &mut Problems,
) -> BTreeMap<String, RuleSpec> {
    let mut out = BTreeMap::new();
    for (name, v) in table {
        match rule_spec(v) {
            Ok(r) => {
                out.insert(name.clone(), r);
            }
            // A name that reads as a person's or as a value (a header row that is data) is
            // never printed, not even as the problem's key.
            Err(e) => problems.push(&column_key(path, name), e),
        }
    }
    out
}

/// The key of a column's rule as messages print it: `PATH.NAME`, or, when the name reads as a
/// person's name or a value, `PATH.<a column whose name is not shown>`.
pub(crate) fn column_key(path: &str, name: &str) -> String {
    if crate::io::source::name_is_hidden(name) {
        format!("{path}.<a column whose name reads as a person's name or a value, not shown>")
    } else {
        format!("{path}.{}", quote_key(name))
    }
}

/// A TOML key as it would be written (quoted when not bare).
pub(crate) fn quote_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        format!("\"{k}\"")
    }
}

/// Deserialises anything as `T` from a raw TOML value (a detached section).
pub(crate) fn from_value<T: DeserializeOwned>(v: &toml::Value) -> Result<T, String> {
    v.clone()
        .try_into::<T>()
        .map_err(|e| clean_serde_message(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule's problem under a column named like data or a person is reported without the
    /// name, which may be a header row that is data.
    #[test]
    fn column_keys_never_print_a_name_that_reads_as_data() {
        let table: toml::Table =
            toml::from_str("\"taro@example.jp\" = \"dorp\"\nemail = \"dorp\"\n").unwrap();
        let mut p = Problems::default();
        column_specs(&table, "datasets.d.columns", &mut p);
        let text = p.0.join("\n");
        assert!(!text.contains("taro"), "{text}");
        assert!(text.contains("not shown"), "{text}");
        assert!(text.contains("datasets.d.columns.email"), "{text}");
        if crate::detect::morph::analyzer().is_ok() {
            assert!(column_key("c", "山田太郎").contains("not shown"));
        }
        assert_eq!(column_key("c", "会員ID"), "c.\"会員ID\"");
    }

    #[test]
    fn shorthand_and_tables() {
        assert!(matches!(
            rule_spec(&toml::Value::String("drop".into())).unwrap(),
            RuleSpec::Drop(_)
        ));
        let v: toml::Value = toml::from_str::<toml::Table>(
            "r = { rule = \"pseudonym\", length = 20 }",
        )
        .unwrap()["r"]
            .clone();
        match rule_spec(&v).unwrap() {
            RuleSpec::Pseudonym(p) => assert_eq!(p.length, Some(20)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_rules_and_params_are_errors() {
        let e = rule_spec(&toml::Value::String("pseudonim".into())).unwrap_err();
        assert!(e.contains("did you mean `pseudonym`"), "{e}");
        let v: toml::Value = toml::from_str::<toml::Table>(
            "r = { rule = \"pseudonym\", lenght = 20 }",
        )
        .unwrap()["r"]
            .clone();
        let e = rule_spec(&v).unwrap_err();
        assert!(e.contains("lenght"), "{e}");
        let v: toml::Value =
            toml::from_str::<toml::Table>("r = { rule = \"keep\", x = 1 }").unwrap()["r"].clone();
        assert!(rule_spec(&v).is_err());
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("recipeint", &["recipient", "name"]),
            Some("recipient")
        );
        assert_eq!(suggest("zzz", &["recipient", "name"]), None);
    }

    #[test]
    fn a_rendered_rule_reads_back_as_the_same_rule() {
        let spec = crate::transform::RuleSpec::Date(crate::transform::date::Spec {
            output: Some("age-band".into()),
            band: Some(5),
            top_code: Some(toml::Value::Boolean(false)),
            bottom_code: Some(18),
        });
        let text = format!("c = {}", spec.to_toml());
        let back = rule_spec(&toml::from_str::<toml::Table>(&text).unwrap()["c"]).unwrap();
        assert_eq!(back.to_toml(), spec.to_toml());
    }
}
