//! `text`: scrubs free text with the identifier detectors (and the dataset's known identifier
//! values), replacing each finding with a typed placeholder such as `<EMAIL>` or `<NAME>` while
//! the text around it survives byte for byte.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Ctx, Rule, TextRule};
use crate::detect::known::KnownValues;
use crate::detect::{Detector, Kind};
use crate::error::Problems;

pub(crate) struct Text {
    pub(crate) detector: Arc<Detector>,
}

/// Scrubbing passes at most. Replacing a finding with a shorter placeholder can bring a keyword
/// within reach of a number (`マイナンバー` + `<NAME>様の` + a 4-4-4 number), so changed text is
/// scanned again until nothing more is found; the delivery check found such a case.
const MAX_PASSES: usize = 4;

impl TextRule for Text {
    fn repeats(&self) -> bool {
        false
    }

    fn transform(&self, value: &str) -> Option<String> {
        let mut text = match self.detector.scrub(value) {
            std::borrow::Cow::Borrowed(b) => return Some(b.to_string()),
            std::borrow::Cow::Owned(o) => o,
        };
        for _ in 1..MAX_PASSES {
            match self.detector.scrub(&text) {
                std::borrow::Cow::Borrowed(_) => break,
                std::borrow::Cow::Owned(o) => text = o,
            }
        }
        Some(text)
    }
}

/// `{ rule = "text", detectors = ["email", "phone"], known = ["name", "email"] }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    /// Detector names; default all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) detectors: Option<Vec<String>>,
    /// Columns whose raw values are searched for as known identifiers; default every column of
    /// the dataset that is dropped, pseudonymised or masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) known: Option<Vec<String>>,
    /// Remove every 12-digit number with a valid My Number check digit, keyword or not.
    /// Default: on in anonymous mode, off in pseudonymous mode (where a keyword is needed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) my_number_without_keyword: Option<bool>,
    /// How names are found: `analysis` (default: also without an honorific, by Japanese
    /// morphological analysis over IPADIC) or `context` (before an honorific, and the dataset's
    /// known names, only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) names: Option<String>,
}

/// A validated `text` rule; its detector is built when the dataset's known values exist.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    pub(crate) kinds: Vec<Kind>,
    /// The detectors as the job named them (`None`: all).
    named: Option<Vec<Kind>>,
    pub(crate) known: Option<Vec<String>>,
    pub(crate) any_my_number: bool,
    /// Names by morphological analysis (`names = "analysis"`).
    pub(crate) analysis: bool,
}

pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    key: &str,
    ctx: &Ctx,
    p: &mut Problems,
) -> Option<Rule> {
    let kinds = kinds_of(s.detectors.as_ref(), &format!("{key}.detectors"), p);
    let analysis = match s.names.as_deref() {
        None | Some("analysis") => kinds.contains(&Kind::Name),
        Some("context") => false,
        Some(other) => {
            p.push(
                &format!("{key}.names"),
                format!("unknown value `{other}`; use \"analysis\" (default) or \"context\""),
            );
            false
        }
    };
    // Fail closed: a job that asks for name analysis does not run without its dictionary.
    if analysis && let Err(e) = crate::detect::morph::analyzer() {
        p.push(
            &format!("{key}.names"),
            format!(
                "{e}; or set names = \"context\" to find names by honorific and known values only"
            ),
        );
    }
    Some(Rule::Text(Params {
        named: s.detectors.as_ref().map(|_| kinds.clone()),
        kinds,
        known: s.known.clone(),
        any_my_number: s.my_number_without_keyword.unwrap_or(ctx.anonymous),
        analysis,
    }))
}

/// Reads a `detectors` list; default every pattern detector.
pub(crate) fn kinds_of(list: Option<&Vec<String>>, key: &str, p: &mut Problems) -> Vec<Kind> {
    match list {
        None => Kind::patterns(),
        Some(names) => names
            .iter()
            .filter_map(|n| {
                let k = Kind::pattern_from_name(n);
                if k.is_none() {
                    p.push(
                        key,
                        format!(
                            "unknown detector `{n}`; detectors are: {}",
                            Kind::pattern_names()
                        ),
                    );
                }
                k
            })
            .collect(),
    }
}

impl Params {
    /// The rule for one dataset: `known` holds the raw values of the columns it asked for.
    pub(crate) fn build(&self, known: &KnownValues) -> Text {
        let detector = match &self.known {
            // The default: the run's identifier values (one shared set) and this dataset's
            // name parts (a small one).
            None => Detector::new(&self.kinds)
                .with_known_set(known.shared.clone())
                .with_known_set(known.name_parts.clone()),
            Some(cols) => Detector::new(&self.kinds).with_known_set(
                known
                    .lists
                    .iter()
                    .find(|(c, _)| c == cols)
                    .map(|(_, s)| s.clone()),
            ),
        };
        let analyzer = if self.analysis {
            crate::detect::morph::analyzer().ok()
        } else {
            None
        };
        Text {
            detector: Arc::new(
                detector
                    .with_any_my_number(self.any_my_number)
                    .with_name_analysis(analyzer)
                    .with_names_without_context(self.analysis),
            ),
        }
    }
}

impl std::fmt::Display for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let detectors = match &self.named {
            Some(k) => k.iter().map(|k| k.name()).collect::<Vec<_>>().join(","),
            None => "all".to_string(),
        };
        let known = match &self.known {
            Some(k) => k.join(","),
            None => "dropped+pseudonymised+masked columns".to_string(),
        };
        write!(
            f,
            "detectors={detectors} known={known} names={}",
            if self.analysis { "analysis" } else { "context" }
        )
    }
}

impl Params {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        if self.analysis {
            super::Words::new(
                "自由記述（氏名・連絡先・番号などの識別子を種類名に置き換え。敬称のない氏名は形態素解析で検出）",
                "free text, with names, contact details and identifying numbers replaced by their kind (names without an honorific found by morphological analysis)",
            )
        } else {
            super::Words::new(
                "自由記述（氏名・連絡先・番号などの識別子を種類名に置き換え）",
                "free text, with names, contact details and identifying numbers replaced by their kind",
            )
        }
    }
}
