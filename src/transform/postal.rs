//! `postal-code` (Japanese): keep the first 1–3 digits of a 7-digit 郵便番号. Accepts 〒, full-width
//! digits, any dash or none, spaces, and what spreadsheets make of a code: a text marker
//! (`'150-0041`, Shopify's export), a formula (`="1500041"`), six digits where a leading zero
//! was lost to a number column (`600001`: 060-0001, Hokkaido's codes start with 0), and the
//! three-digit first half that split exports keep in a column of its own (楽天's 郵便番号１).
//! Anything else → null.

use serde::{Deserialize, Serialize};

use super::{Ctx, Rule, TextRule, fold_dashes, nfkc};
use crate::error::Problems;

pub(crate) struct PostalCode {
    pub(crate) digits: usize,
}

/// Output shape: at most 7 digits (the kept leading digits, fewer after generalisation), or the
/// suppressed `*`.
pub(crate) fn emits(v: &str) -> bool {
    v == super::levels::SUPPRESSED || (v.len() <= 7 && v.bytes().all(|b| b.is_ascii_digit()))
}

impl TextRule for PostalCode {
    fn transform(&self, raw: &str) -> Option<String> {
        let n = nfkc(raw);
        let n = fold_dashes(&n);
        let t = n.trim();
        let t = t.strip_prefix('\'').unwrap_or(t);
        let t = t
            .strip_prefix("=\"")
            .and_then(|f| f.strip_suffix('"'))
            .unwrap_or(t);
        let bare = t.bytes().all(|b| b.is_ascii_digit());
        if bare && t.len() == 3 {
            return Some(t[..self.digits].to_string());
        }
        let padded;
        let n = if bare && t.len() == 6 {
            padded = format!("0{t}");
            padded.as_str()
        } else {
            t
        };
        let mut digits = String::with_capacity(7);
        for c in n.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '〒' | '-' | ' ' | '\u{3000}' => {}
                _ => return None,
            }
        }
        if digits.len() != 7 {
            return None;
        }
        digits.truncate(self.digits);
        Some(digits)
    }
}

/// `{ rule = "postal-code", digits = 3 }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) digits: Option<usize>,
}

pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    key: &str,
    _ctx: &Ctx,
    p: &mut Problems,
) -> Option<Rule> {
    let digits = s.digits.unwrap_or(3);
    if !(1..=3).contains(&digits) {
        p.push(
            &format!("{key}.digits"),
            "must be 1..=3 (the 3-digit prefix names an area; more identifies a street)",
        );
    }
    Some(Rule::PostalCode(std::sync::Arc::new(PostalCode {
        digits: digits.clamp(1, 3),
    })))
}

impl std::fmt::Display for PostalCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "digits={}", self.digits)
    }
}

/// Generalisation for the risk search: the first digit (level 1), then `*`.
pub(crate) const MAX_LEVEL: usize = 2;

/// The risk search's level 1 in words.
pub(crate) fn level_words(_level: usize) -> super::Words {
    super::Words::new(
        "郵便番号の先頭1桁（地域）",
        "the first digit of the postal code (an area)",
    )
}

pub(crate) fn level(value: &str, _level: usize) -> Option<String> {
    value.get(..1).map(str::to_string)
}

impl PostalCode {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        super::Words::new(
            format!("郵便番号の上位{}桁", self.digits),
            format!("first {} digits of the postal code", self.digits),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let p = PostalCode { digits: 3 };
        for v in [
            "160-0023",
            "1600023",
            "〒160-0023",
            "〒 160-0023",
            "１６０－００２３",
            "160ー0023",
        ] {
            assert_eq!(p.transform(v).as_deref(), Some("160"), "{v}");
        }
        // What spreadsheets make of a code: a text marker, a formula, a lost leading zero;
        // and a split export's first half.
        for (v, want) in [
            ("'150-0041", "150"),
            ("=\"1500041\"", "150"),
            ("600001", "060"),
            ("150", "150"),
        ] {
            assert_eq!(p.transform(v).as_deref(), Some(want), "{v}");
        }
        assert_eq!(
            PostalCode { digits: 1 }.transform("150").as_deref(),
            Some("1")
        );
        for v in ["160-002", "60-0001", "15", "1500", "15000411"] {
            assert_eq!(p.transform(v), None, "{v}");
        }
        assert_eq!(p.transform("abc-defg"), None);
        assert_eq!(
            PostalCode { digits: 1 }.transform("160-0023").as_deref(),
            Some("1")
        );
    }
}
