//! `tokumei schema`: the JSON Schema of the job file, generated from the serde types the reader
//! uses (schemars), so an editor (Taplo / Even Better TOML, IntelliJ) can complete and check job
//! files. The top level and `[datasets.NAME]` are read key by key (`spec::Section`, to collect
//! every problem at once); their shapes are described here, and a test checks that these match
//! the keys the reader accepts, so the schema cannot drift from the reader.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::spec::{
    CsvSpec, Format, JoinedRiskSpec, Mode, OutputSpec, RecipientKind, RiskSection, RuleSpec,
    VerifySpec,
};

/// A tokumei job file: what to read, what to do with every column, what to check and where to
/// deliver. Paths are relative to the job file; `{date}`, `{date:%Y%m%d}` and `{yesterday}` in
/// paths are replaced by the run date (`--date`).
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(title = "tokumei job")]
#[allow(dead_code)] // Only its schema is used.
struct JobFile {
    /// The job's name, in reports and logs.
    name: String,
    /// `anonymous` (匿名加工情報, for third parties: a fresh key per run, never stored) or
    /// `pseudonymous` (仮名加工情報: a kept key; only for contractors, joint use or a successor).
    mode: Mode,
    /// Who receives the delivery (its name, in the report and the APPI statement).
    recipient: String,
    /// The recipient in APPI's terms; required in pseudonymous mode, which refuses `third-party`.
    recipient_kind: Option<RecipientKind>,
    /// The delivery folder (tokumei's alone); required unless `--out-dir` is given.
    output_dir: Option<String>,
    /// IANA time zone for timestamps and dates (default `Asia/Tokyo`).
    timezone: Option<String>,
    /// The date ages are computed at (`2026-11-25`; default the run date).
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    as_of: Option<String>,
    /// Pseudonymous mode: the file holding the kept key (else `TOKUMEI_KEY`).
    key_file: Option<String>,
    /// An Ed25519 private key (PKCS#8 PEM, `openssl genpkey -algorithm ed25519`) that signs the
    /// delivery's `SHA256SUMS` into `SHA256SUMS.sig`, so a recipient with the public key can
    /// verify where the delivery comes from.
    signing_key: Option<String>,
    /// What happens in a linked dataset to a subject a risk gate suppressed: `remove` its rows
    /// (default) or `unlink` them (the rows stay, the linking pseudonym is nulled).
    #[schemars(with = "Option<LinkedSuppression>")]
    linked_suppression: Option<String>,
    /// One table per dataset: `[datasets.customers]`.
    datasets: BTreeMap<String, DatasetFile>,
    /// The risk of two delivered datasets joined on a shared pseudonym.
    joined_risk: Option<Vec<JoinedRiskSpec>>,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)] // Only its schema is used.
enum LinkedSuppression {
    Remove,
    Unlink,
}

/// `[datasets.NAME]`: one input and what to deliver from it.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)] // Only its schema is used.
struct DatasetFile {
    /// A file, glob or folder (`data/access-{date:%Y%m%d}.csv.gz`).
    input: String,
    /// The input format (default: from the file name).
    format: Option<Format>,
    /// Deliver an empty dataset instead of stopping when the input has no rows.
    allow_empty: Option<bool>,
    csv: Option<CsvSpec>,
    output: Option<OutputSpec>,
    /// A rule for every input column: a rule name (`"drop"`) or a table
    /// (`{ rule = "pseudonym", domain = "customer" }`).
    columns: BTreeMap<String, ColumnRule>,
    verify: Option<VerifySpec>,
    risk: Option<RiskSection>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only its schema is used.
enum ColumnRule {
    Name(RuleName),
    Rule(RuleSpec),
}

/// A rule name alone: shorthand for `{ rule = "NAME" }`.
struct RuleName;

impl JsonSchema for RuleName {
    fn schema_name() -> Cow<'static, str> {
        "RuleName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A rule name alone: shorthand for `{ rule = \"NAME\" }`.",
            "type": "string",
            "enum": crate::transform::RULE_NAMES,
        })
    }
}

/// The schema as pretty JSON (draft-07, which editors' TOML plugins read).
pub(crate) fn json() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<JobFile>();
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    fn schema() -> Value {
        serde_json::from_str(&super::json()).unwrap()
    }

    /// The properties of `#/definitions/NAME` (or of the root).
    fn properties(schema: &Value, name: Option<&str>) -> BTreeSet<String> {
        let node = match name {
            None => schema,
            Some(n) => &schema["definitions"][n],
        };
        node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name:?} has no properties"))
            .keys()
            .cloned()
            .collect()
    }

    /// The keys the reader knows in one table, from its "unknown key" message (ours: "known keys
    /// here: a, b"; serde's: "expected one of `a`, `b`", "expected `a` or `b`", "expected `a`").
    fn known_keys(message: &str) -> BTreeSet<String> {
        let list = message
            .split("known keys here: ")
            .nth(1)
            .or_else(|| message.split("expected ").nth(1))
            .unwrap_or_else(|| panic!("no key list in: {message}"));
        let list = list.strip_prefix("one of ").unwrap_or(list);
        list.split(", ")
            .flat_map(|k| k.split(" or "))
            .map(|k| k.trim_matches(|c: char| c == '`' || c.is_whitespace()))
            .map(|k| k.split_whitespace().next().unwrap_or("").trim_matches('`'))
            .map(str::to_string)
            .collect()
    }

    const JOB: &str = r#"
name = "t"
mode = "anonymous"
recipient = "r"
output-dir = "out"
[datasets.d]
input = "input.csv"
[datasets.d.columns]
a = "keep"
"#;

    /// The problems `plan::load` reports for the job with extra lines at the top level, in
    /// `[datasets.d]` itself, and at the end (for sub-tables such as `[datasets.d.csv]`).
    fn problems(at_top: &str, in_dataset: &str, at_end: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let text = JOB.replace(
            "[datasets.d]\n",
            &format!("{at_top}\n[datasets.d]\n{in_dataset}\n"),
        ) + at_end;
        let path = dir.path().join("job.toml");
        std::fs::write(&path, text).unwrap();
        std::fs::write(dir.path().join("input.csv"), "a\n1\n").unwrap();
        match crate::job::plan::load(&path, None) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    fn line_with<'a>(text: &'a str, key: &str) -> &'a str {
        text.lines()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("no problem for `{key}` in:\n{text}"))
    }

    #[test]
    fn the_schema_has_the_keys_the_reader_accepts() {
        let schema = schema();
        let top = problems("zz-unknown = 1", "", "");
        assert_eq!(
            properties(&schema, None),
            known_keys(line_with(&top, "zz-unknown"))
        );
        let ds = problems("", "zz-unknown = 1", "");
        assert_eq!(
            properties(&schema, Some("DatasetFile")),
            known_keys(line_with(&ds, "zz-unknown"))
        );
        for (table, def) in [
            ("csv", "CsvSpec"),
            ("output", "OutputSpec"),
            ("risk", "RiskSection"),
            ("verify", "VerifySpec"),
        ] {
            let text = problems("", "", &format!("[datasets.d.{table}]\nzz-unknown = 1\n"));
            assert_eq!(
                properties(&schema, Some(def)),
                known_keys(line_with(&text, "zz-unknown")),
                "[datasets.NAME.{table}]"
            );
        }
        let joined = problems("", "", "[[joined-risk]]\nzz-unknown = 1\n");
        assert_eq!(
            properties(&schema, Some("JoinedRiskSpec")),
            known_keys(line_with(&joined, "zz-unknown"))
        );
    }

    #[test]
    fn every_rule_and_its_parameters_are_in_the_schema() {
        let schema = schema();
        let rules = schema["definitions"]["RuleSpec"]["oneOf"]
            .as_array()
            .expect("RuleSpec is one of the rule tables");
        let mut named = BTreeSet::new();
        for r in rules {
            let name = r["properties"]["rule"]["const"]
                .as_str()
                .or_else(|| r["properties"]["rule"]["enum"][0].as_str())
                .unwrap_or_else(|| panic!("a rule without its name: {r}"))
                .to_string();
            // The parameters the rule's reader accepts, from its unknown-field message.
            let v: toml::Value = toml::from_str::<toml::Table>(&format!(
                "r = {{ rule = \"{name}\", zz-unknown = 1 }}"
            ))
            .unwrap()["r"]
                .clone();
            let err = crate::job::spec::rule_spec(&v).unwrap_err();
            let mut params: BTreeSet<String> = r["properties"]
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| *k != "rule")
                .cloned()
                .collect();
            // A definition referenced instead of inlined.
            if let Some(reference) = r["$ref"]
                .as_str()
                .or_else(|| r["allOf"][0]["$ref"].as_str())
            {
                let def = reference.rsplit('/').next().unwrap();
                params.extend(properties(&schema, Some(def)));
            }
            if err.contains("expected") {
                assert_eq!(params, known_keys(&err), "rule `{name}`");
            } else {
                assert!(
                    params.is_empty(),
                    "rule `{name}` takes no parameters: {err}"
                );
            }
            named.insert(name);
        }
        let all: BTreeSet<String> = crate::transform::RULE_NAMES
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(named, all);
        assert_eq!(
            schema["definitions"]["RuleName"]["enum"]
                .as_array()
                .unwrap()
                .len(),
            all.len()
        );
    }

    #[test]
    fn the_committed_schema_is_current() {
        let committed = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("jobs/job.schema.json"),
        )
        .unwrap_or_default();
        assert!(
            committed == super::json(),
            "jobs/job.schema.json is out of date; regenerate it with \
             `cargo run --release -- schema > jobs/job.schema.json`"
        );
    }
}
