//! `user-agent`: browser family + major version + OS family, via the woothee parser (a maintained
//! cross-language UA project with a small, fast Rust port). Crawlers keep their name.
//! Unrecognised strings → null.

use serde::{Deserialize, Serialize};

use super::{Ctx, Rule, TextRule};
use crate::error::Problems;

pub(crate) struct UserAgent {
    pub(crate) major_version: bool,
    /// Parsing a User-Agent costs far more than a lookup, and a log has a few thousand of them.
    pub(crate) cache: super::RunCache,
}

impl TextRule for UserAgent {
    fn transform(&self, raw: &str) -> Option<String> {
        let parser = woothee::parser::Parser::new();
        let r = parser.parse(raw.trim())?;
        if r.name == "UNKNOWN" {
            return None;
        }
        let major = r.version.split('.').next().unwrap_or("");
        let os = if r.os == "UNKNOWN" { "other" } else { r.os };
        let mut out = r.name.to_string();
        if self.major_version && !major.is_empty() && major != "UNKNOWN" {
            out.push(' ');
            out.push_str(major);
        }
        if r.category != "crawler" {
            out.push_str(" / ");
            out.push_str(os);
        }
        Some(out)
    }

    fn run_cache(&self) -> Option<&super::RunCache> {
        Some(&self.cache)
    }
}

/// `{ rule = "user-agent", version = true }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<bool>,
}

pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    _key: &str,
    _ctx: &Ctx,
    _p: &mut Problems,
) -> Option<Rule> {
    Some(Rule::UserAgent(std::sync::Arc::new(UserAgent {
        major_version: s.version.unwrap_or(true),
        cache: Default::default(),
    })))
}

impl std::fmt::Display for UserAgent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "version={}",
            if self.major_version { "major" } else { "none" }
        )
    }
}

/// Generalisation for the risk search (`Chrome 124 / Windows 10`): without the version
/// (level 1), the browser only (level 2), then `*`.
pub(crate) const MAX_LEVEL: usize = 3;

/// The risk search's level `level` in words.
pub(crate) fn level_words(level: usize) -> super::Words {
    match level {
        1 => super::Words::new(
            "ブラウザとOS（バージョンなし）",
            "browser and OS without versions",
        ),
        _ => super::Words::new("ブラウザの種類のみ", "the browser family only"),
    }
}

pub(crate) fn level(value: &str, level: usize) -> Option<String> {
    let (browser, os) = value.split_once(" / ").unwrap_or((value, ""));
    let family = browser
        .rsplit_once(' ')
        .filter(|(_, v)| v.chars().all(|c| c.is_ascii_digit()))
        .map_or(browser, |(f, _)| f);
    Some(match level {
        1 if os.is_empty() => family.to_string(),
        1 => format!("{family} / {os}"),
        _ => family.to_string(),
    })
}

impl UserAgent {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        if self.major_version {
            super::Words::new(
                "ブラウザ・OSの種類（ブラウザのメジャーバージョンまで）",
                "browser and OS family, with the browser's major version",
            )
        } else {
            super::Words::new("ブラウザ・OSの種類", "browser and OS family")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families() {
        let u = UserAgent {
            major_version: true,
            cache: Default::default(),
        };
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36";
        assert_eq!(
            u.transform(chrome).as_deref(),
            Some("Chrome 124 / Windows 10")
        );
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
        let got = u.transform(iphone).unwrap();
        assert!(got.starts_with("Safari 17"), "{got}");
        assert!(got.contains("iPhone"), "{got}");
        let bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
        assert_eq!(u.transform(bot).as_deref(), Some("Googlebot"));
        assert_eq!(u.transform("-"), None);
        assert_eq!(u.transform(""), None);
        let no_ver = UserAgent {
            major_version: false,
            cache: Default::default(),
        };
        assert_eq!(
            no_ver.transform(chrome).as_deref(),
            Some("Chrome / Windows 10")
        );
    }
}
