//! Runs every rule example in README.md: each `<!-- example -->` marker is followed by a TOML
//! line (`column = { rule = … }`) and a table of inputs and outputs. The rule is compiled exactly
//! as a job would compile it, so the documentation cannot drift from the behaviour.

use chrono::NaiveDate;

use super::spec::{Problems, rule_spec};
use crate::detect::known::KnownValues;
use crate::keys::RunKey;
use crate::transform::Ctx;

struct Example {
    toml: String,
    rows: Vec<(Option<String>, String)>,
}

fn cell(s: &str) -> Option<String> {
    let s = s.trim();
    if s == "`null`" {
        return None;
    }
    s.strip_prefix('`')
        .and_then(|x| x.strip_suffix('`'))
        .map(str::to_string)
}

fn examples(readme: &str) -> Vec<Example> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "<!-- example -->" {
            i += 1;
            continue;
        }
        assert_eq!(
            lines[i + 1].trim(),
            "```toml",
            "example at line {} needs a toml block",
            i + 1
        );
        let toml = lines[i + 2].to_string();
        assert_eq!(lines[i + 3].trim(), "```");
        i += 4;
        while i < lines.len() && !lines[i].starts_with('|') {
            i += 1;
        }
        i += 2; // header and separator
        let mut rows = Vec::new();
        while i < lines.len() && lines[i].starts_with('|') {
            let cells: Vec<&str> = lines[i].trim().trim_matches('|').split(" | ").collect();
            assert_eq!(cells.len(), 2, "row at line {}", i + 1);
            rows.push((cell(cells[0]), cells[1].trim().to_string()));
            i += 1;
        }
        out.push(Example { toml, rows });
    }
    out
}

#[test]
fn every_readme_rule_example_holds() {
    let readme = include_str!("../../README.md");
    let examples = examples(readme);
    assert!(
        examples.len() >= 14,
        "found only {} examples",
        examples.len()
    );
    let ctx = Ctx {
        tz: chrono_tz::Asia::Tokyo,
        as_of: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        anonymous: false,
    };
    let key = RunKey::ephemeral().unwrap();
    for ex in examples {
        let table: toml::Table = toml::from_str(&ex.toml).unwrap();
        let (column, value) = table.iter().next().unwrap();
        let spec = rule_spec(value).unwrap_or_else(|e| panic!("{}: {e}", ex.toml));
        let mut p = Problems::default();
        let rule = spec
            .compile(column, "example", &ctx, &mut p)
            .unwrap_or_else(|| panic!("{}: {:?}", ex.toml, p.0));
        let rule = rule
            .build(&key, &KnownValues::default())
            .unwrap_or_else(|| panic!("{} is not a value rule", ex.toml));
        let inputs: Vec<Option<&str>> = ex.rows.iter().map(|(i, _)| i.as_deref()).collect();
        let got = crate::transform::test_util::run_str(rule.as_ref(), &inputs);
        let mut previous: Option<String> = None;
        for ((input, want), got) in ex.rows.iter().zip(got) {
            match want.as_str() {
                "(pseudonym)" => {
                    let g = got.clone().expect("a pseudonym");
                    assert_ne!(Some(&g), input.as_ref());
                    assert!(g.len() >= 13, "{g}");
                }
                "(same as above)" => assert_eq!(got, previous, "{}: {input:?}", ex.toml),
                w => assert_eq!(got, cell(w), "{}: input {input:?}", ex.toml),
            }
            previous = got;
        }
    }
}

/// The README's risk-gate example parses as a `[datasets.NAME.risk]` section, with its
/// commented-out keys switched on too.
#[test]
fn the_readme_risk_gate_example_parses() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("### The risk gate in a job")
        .expect("the section");
    let block = &readme[start..];
    let body = block
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml block");
    let uncommented: String = body
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    for text in [body.to_string(), uncommented] {
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let risk = table["datasets"]["customers"]["risk"].clone();
        let r: crate::job::spec::RiskSection =
            crate::job::spec::from_value(&risk).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(!r.quasi_identifiers.is_empty());
    }
}

/// The README's `[[joined-risk]]` example parses, with its commented-out keys switched on too.
#[test]
fn the_readme_joined_risk_example_parses() {
    let readme = include_str!("../../README.md");
    let start = readme.find("### Across datasets").expect("the section");
    let body = readme[start..]
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml block");
    let uncommented: String = body
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    for text in [body.to_string(), uncommented] {
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let entry = table["joined-risk"][0].clone();
        let j: crate::job::spec::JoinedRiskSpec =
            crate::job::spec::from_value(&entry).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(j.datasets.len(), 2);
    }
}
