//! `mask`: keep the first and/or last N characters, replace the rest (e.g. the last 4 digits of
//! a card). A value too short to hide anything is masked entirely, never shown whole.

use serde::{Deserialize, Serialize};

use super::{Ctx, Rule, TextRule};
use crate::error::Problems;

pub(crate) struct Mask {
    pub(crate) keep_first: usize,
    pub(crate) keep_last: usize,
    pub(crate) with: char,
}

impl Mask {
    pub(crate) fn mask(&self, value: &str) -> String {
        let n = value.chars().count();
        if n <= self.keep_first + self.keep_last {
            return std::iter::repeat_n(self.with, n).collect();
        }
        value
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i < self.keep_first || i >= n - self.keep_last {
                    c
                } else {
                    self.with
                }
            })
            .collect()
    }
}

impl TextRule for Mask {
    fn transform(&self, value: &str) -> Option<String> {
        Some(self.mask(value))
    }
}

/// `{ rule = "mask", keep-first = 0, keep-last = 4, with = "*" }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) keep_first: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) keep_last: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) with: Option<String>,
}

/// Validates the parameters (`key` is the column's job key).
pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    key: &str,
    _ctx: &Ctx,
    p: &mut Problems,
) -> Option<Rule> {
    let with = s.with.clone().unwrap_or_else(|| "*".into());
    let mut chars = with.chars();
    let ch = match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        _ => {
            p.push(
                &format!("{key}.with"),
                "must be a single character such as \"*\"",
            );
            '*'
        }
    };
    let keep_first = s.keep_first.unwrap_or(0);
    let keep_last = s
        .keep_last
        .unwrap_or(if s.keep_first.is_some() { 0 } else { 4 });
    Some(Rule::Mask(std::sync::Arc::new(Mask {
        keep_first,
        keep_last,
        with: ch,
    })))
}

impl std::fmt::Display for Mask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "keep-first={} keep-last={} with={}",
            self.keep_first, self.keep_last, self.with
        )
    }
}

impl Mask {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        super::Words::new(
            format!(
                "一部を伏せた値（先頭{}文字・末尾{}文字のみ残す）",
                self.keep_first, self.keep_last
            ),
            format!(
                "masked value (only the first {} and last {} characters kept)",
                self.keep_first, self.keep_last
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_last_four() {
        let m = Mask {
            keep_first: 0,
            keep_last: 4,
            with: '*',
        };
        assert_eq!(m.mask("4111111111111111"), "************1111");
        assert_eq!(m.mask("1234"), "****");
        assert_eq!(m.mask("山田太郎様"), "*田太郎様");
        let m = Mask {
            keep_first: 1,
            keep_last: 0,
            with: '●',
        };
        assert_eq!(m.mask("佐藤"), "佐●");
    }
}
