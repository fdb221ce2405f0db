//! `url`: strip the query string and fragment, or keep only listed query parameters; or keep only
//! the host (for referrers). User info (`user:pass@`) is always removed. A `-` (the log format's
//! "no referrer") stays `-` when stripping; with `host` a value without a host → null.
//!
//! Paths carry identifiers too (`/users/C1044472/orders`, `/u/taro@example.jp`): by default
//! every ID-like path segment (at least 6 characters with a digit, or containing `@`) becomes
//! `:id`, so a customer or order number in a path is not delivered. Short numbers such as
//! product IDs (`/products/30590`) stay.

use serde::{Deserialize, Serialize};

use super::{Ctx, Rule, TextRule};
use crate::detect::{Detector, Kind};
use crate::error::Problems;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UrlMode {
    Strip {
        keep_params: Vec<String>,
        keep_fragment: bool,
        redact_ids: bool,
    },
    Host,
}

pub(crate) struct Url {
    pub(crate) mode: UrlMode,
    /// Scrubs what a stripped URL keeps (path and kept parameter values) with the detectors.
    pub(crate) scrub: Option<std::sync::Arc<Scrub>>,
}

/// The detectors a stripped URL is scrubbed with, and the stripped URLs they found nothing in.
pub(crate) struct Scrub {
    detector: Detector,
    clean: CleanSet,
}

impl Scrub {
    pub(crate) fn new(detector: Detector) -> Scrub {
        Scrub {
            detector,
            clean: CleanSet::new(),
        }
    }

    /// Replaces what the detectors find in `out[at..]`. A stripped URL seen clean before in
    /// the run is not searched again: a log's pages repeat across its batches far more than
    /// within one (85k stripped URLs in the sample log's first 1M rows, 3,600 distinct raw
    /// URLs a batch of 7,440 rows), and the per-batch dedup only sees its batch.
    fn apply(&self, out: &mut String, at: usize) {
        let hashes = self.clean.hashes(&out[at..]);
        if self.clean.contains(hashes) {
            return;
        }
        match self.detector.scrub(&out[at..]) {
            std::borrow::Cow::Owned(scrubbed) => {
                out.truncate(at);
                out.push_str(&scrubbed);
            }
            std::borrow::Cow::Borrowed(_) => self.clean.insert(hashes),
        }
    }
}

/// A bounded set of strings the detectors found nothing in, shared by a column's batches and
/// threads without locks. No string is held: two 64-bit hashes under seeds drawn per run pick
/// a bucket (the first) and are the tag (the second, never 0), so a string is taken for a clean
/// one it is not (and left unscrubbed) only if its bucket and all 64 bits of its other hash
/// collide with one (about 2^-62 per lookup, as for the delivery check's verdicts). A full
/// bucket keeps what it has: the set never grows past its 1 MiB.
struct CleanSet {
    tags: Box<[std::sync::atomic::AtomicU64]>,
    seeds: [foldhash::quality::RandomState; 2],
}

const CLEAN_WAYS: usize = 4;
const CLEAN_SLOTS: usize = 1 << 17;

impl CleanSet {
    fn new() -> CleanSet {
        CleanSet {
            tags: (0..CLEAN_SLOTS).map(|_| Default::default()).collect(),
            seeds: Default::default(),
        }
    }

    fn hashes(&self, s: &str) -> (usize, u64) {
        use std::hash::BuildHasher;
        let bucket = (self.seeds[0].hash_one(s) as usize) % (CLEAN_SLOTS / CLEAN_WAYS);
        (bucket * CLEAN_WAYS, self.seeds[1].hash_one(s).max(1))
    }

    fn contains(&self, (at, tag): (usize, u64)) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        self.tags[at..at + CLEAN_WAYS]
            .iter()
            .any(|t| t.load(Relaxed) == tag)
    }

    fn insert(&self, (at, tag): (usize, u64)) {
        use std::sync::atomic::Ordering::Relaxed;
        for t in &self.tags[at..at + CLEAN_WAYS] {
            match t.compare_exchange(0, tag, Relaxed, Relaxed) {
                Ok(_) => return,
                Err(held) if held == tag => return,
                Err(_) => {}
            }
        }
    }
}

/// Splits `scheme://authority` from the rest; `None` for relative URLs.
fn split_authority(s: &str) -> (Option<(&str, &str)>, &str) {
    if let Some(i) = s.find("://") {
        let scheme = &s[..i];
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            let rest = &s[i + 3..];
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            return (Some((scheme, &rest[..end])), &rest[end..]);
        }
    }
    if let Some(rest) = s.strip_prefix("//") {
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        return (Some(("", &rest[..end])), &rest[end..]);
    }
    (None, s)
}

fn host_of(authority: &str) -> &str {
    let h = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(v6) = h.strip_prefix('[') {
        return v6.split(']').next().unwrap_or(v6);
    }
    h.split(':').next().unwrap_or(h)
}

/// The placeholder for an ID-like path segment.
pub(crate) const ID_SEGMENT: &str = ":id";

/// A path segment that looks like an identifier rather than a route name.
fn is_id_like(seg: &str) -> bool {
    seg.contains('@') || (seg.chars().count() >= 6 && seg.chars().any(|c| c.is_ascii_digit()))
}

fn push_redacted_path(out: &mut String, path: &str) {
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(if is_id_like(seg) { ID_SEGMENT } else { seg });
    }
}

impl TextRule for Url {
    fn transform(&self, raw: &str) -> Option<String> {
        let mut out = String::with_capacity(raw.len());
        self.transform_into(raw, &mut out).then_some(out)
    }

    fn transform_into(&self, raw: &str, out: &mut String) -> bool {
        let at = out.len();
        let s = raw.trim();
        let (auth, rest) = split_authority(s);
        match &self.mode {
            UrlMode::Host => {
                let Some((_, authority)) = auth else {
                    return false;
                };
                out.push_str(host_of(authority));
                out[at..].make_ascii_lowercase();
                out.len() > at
            }
            UrlMode::Strip {
                keep_params,
                keep_fragment,
                redact_ids,
            } => {
                if let Some((scheme, authority)) = auth {
                    if !scheme.is_empty() {
                        out.push_str(scheme);
                        out.push(':');
                    }
                    out.push_str("//");
                    // Drop user info, keep host and port.
                    out.push_str(authority.rsplit('@').next().unwrap_or(authority));
                }
                let (before_frag, frag) = match rest.split_once('#') {
                    Some((a, f)) => (a, Some(f)),
                    None => (rest, None),
                };
                let (path, query) = match before_frag.split_once('?') {
                    Some((p, q)) => (p, Some(q)),
                    None => (before_frag, None),
                };
                if *redact_ids {
                    push_redacted_path(out, path);
                } else {
                    out.push_str(path);
                }
                if let Some(q) = query {
                    let kept = q.split('&').filter(|pair| {
                        let name = pair.split('=').next().unwrap_or("");
                        keep_params.iter().any(|k| k == name)
                    });
                    for (i, pair) in kept.enumerate() {
                        out.push(if i == 0 { '?' } else { '&' });
                        out.push_str(pair);
                    }
                }
                if let (true, Some(f)) = (*keep_fragment, frag) {
                    out.push('#');
                    out.push_str(f);
                }
                // Also what percent-escapes hide (`page=090%2D1234%2D5678`).
                if let Some(scrub) = &self.scrub {
                    scrub.apply(out, at);
                }
                true
            }
        }
    }
}

/// `{ rule = "url", keep = "path" | "host", keep-params = [...], keep-fragment = false,
/// redact-id-segments = true, scrub = true }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) keep: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) keep_params: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) keep_fragment: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) redact_id_segments: Option<bool>,
    /// Scrub what the URL keeps with the identifier detectors (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) scrub: Option<bool>,
}

pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    key: &str,
    _ctx: &Ctx,
    p: &mut Problems,
) -> Option<Rule> {
    let bad = |p: &mut Problems, k: &str, msg: String| p.push(&format!("{key}.{k}"), msg);
    let mode = match s.keep.as_deref().unwrap_or("path") {
        "path" => UrlMode::Strip {
            keep_params: s.keep_params.clone().unwrap_or_default(),
            keep_fragment: s.keep_fragment.unwrap_or(false),
            redact_ids: s.redact_id_segments.unwrap_or(true),
        },
        "host" => {
            if s.keep_params.is_some()
                || s.keep_fragment.is_some()
                || s.redact_id_segments.is_some()
            {
                bad(
                    p,
                    "keep",
                    "keep-params, keep-fragment and redact-id-segments only apply with keep = \"path\"".into(),
                );
            }
            UrlMode::Host
        }
        other => {
            bad(
                p,
                "keep",
                format!("unknown `{other}`; use \"path\" or \"host\""),
            );
            UrlMode::Host
        }
    };
    let scrub = s.scrub.unwrap_or(true);
    if scrub && matches!(mode, UrlMode::Host) && s.scrub.is_some() {
        bad(p, "scrub", "only applies with keep = \"path\"".into());
    }
    // Names too, as the `text` rule finds them (`/members/鈴木花子/orders`, `?q=山田太郎`): the
    // analysis runs only on what holds Japanese, so an ASCII URL costs it nothing.
    let detector = (scrub && !matches!(mode, UrlMode::Host)).then(|| {
        let analyzer = crate::detect::morph::analyzer().ok();
        std::sync::Arc::new(Scrub::new(
            Detector::new(&Kind::patterns())
                .with_name_analysis(analyzer)
                .with_names_without_context(analyzer.is_some()),
        ))
    });
    Some(Rule::Url(std::sync::Arc::new(Url {
        mode,
        scrub: detector,
    })))
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.mode {
            UrlMode::Host => f.write_str("keep=host")?,
            UrlMode::Strip {
                keep_params,
                keep_fragment,
                redact_ids,
            } => write!(
                f,
                "keep=path keep-params=[{}] keep-fragment={keep_fragment} redact-id-segments={redact_ids}",
                keep_params.join(",")
            )?,
        }
        write!(f, " scrub={}", self.scrub.is_some())
    }
}

impl Url {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        match self.mode {
            UrlMode::Host => super::Words::new("URLのホスト名のみ", "host name of the URL only"),
            UrlMode::Strip { .. } => super::Words::new(
                "閲覧したURL（識別子となるパラメータ・値を除去）",
                "URL viewed, with identifying parameters and values removed",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(keep: &[&str]) -> Url {
        Url {
            scrub: None,
            mode: UrlMode::Strip {
                keep_params: keep.iter().map(|s| s.to_string()).collect(),
                keep_fragment: false,
                redact_ids: true,
            },
        }
    }

    /// The rule as a job compiles it (`keep-params = ["page", "q"]`, scrubbed).
    fn compiled() -> std::sync::Arc<Url> {
        let spec = Spec {
            keep: None,
            keep_params: Some(vec!["page".into(), "q".into()]),
            keep_fragment: None,
            redact_id_segments: None,
            scrub: None,
        };
        let mut p = Problems::default();
        let ctx = Ctx {
            tz: chrono_tz::Asia::Tokyo,
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
            anonymous: true,
        };
        match compile(&spec, "url", "url", &ctx, &mut p) {
            Some(Rule::Url(u)) => u,
            _ => panic!("a url rule"),
        }
    }

    /// Names in a kept parameter or a path are found as the `text` rule finds them (where
    /// IPADIC is installed): a review found them delivered.
    #[test]
    fn names_in_what_the_url_keeps_are_scrubbed() {
        if crate::detect::morph::analyzer().is_err() {
            assert!(std::env::var_os("TOKUMEI_REQUIRE_IPADIC").is_none());
            return;
        }
        let u = compiled();
        for (raw, want) in [
            ("/search?page=山田太郎", "/search?page=<NAME>"),
            ("/members/鈴木花子/orders", "/members/<NAME>/orders"),
            ("/category/シャツ?page=2", "/category/シャツ?page=2"),
        ] {
            assert_eq!(u.transform(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn strips_queries() {
        let u = strip(&[]);
        assert_eq!(
            u.transform("/login?email=taro%40example.co.jp").as_deref(),
            Some("/login")
        );
        assert_eq!(
            u.transform("https://shop.example.jp/p/1?ref=top#x")
                .as_deref(),
            Some("https://shop.example.jp/p/1")
        );
        assert_eq!(
            u.transform("https://user:pw@shop.example.jp:8443/a?b")
                .as_deref(),
            Some("https://shop.example.jp:8443/a")
        );
        assert_eq!(u.transform("-").as_deref(), Some("-"));
        let u = strip(&["page", "color"]);
        assert_eq!(
            u.transform("/search?q=bag&page=2&uid=C0001234&color=red")
                .as_deref(),
            Some("/search?page=2&color=red")
        );
        assert_eq!(u.transform("/reset?token=abc").as_deref(), Some("/reset"));
    }

    #[test]
    fn redacts_id_like_path_segments() {
        let u = strip(&[]);
        assert_eq!(
            u.transform("/api/v1/users/C1044472/orders").as_deref(),
            Some("/api/v1/users/:id/orders")
        );
        assert_eq!(
            u.transform("/u/taro@example.jp?x=1").as_deref(),
            Some("/u/:id")
        );
        assert_eq!(
            u.transform("/products/30590").as_deref(),
            Some("/products/30590")
        );
        assert_eq!(
            u.transform("https://shop.example.jp/orders/20261012-0042")
                .as_deref(),
            Some("https://shop.example.jp/orders/:id")
        );
    }

    /// A stripped URL found clean is remembered and not searched again; one with a finding is
    /// searched (and scrubbed) every time; a full bucket keeps what it holds.
    #[test]
    fn clean_urls_are_remembered_across_batches() {
        let u = Url {
            scrub: Some(std::sync::Arc::new(Scrub::new(
                crate::detect::Detector::new(&crate::detect::Kind::patterns()),
            ))),
            ..strip(&["page"])
        };
        let scrub = u.scrub.as_ref().unwrap();
        let clean = "/products/30590?page=2";
        let dirty = "/contact?page=090-1234-5678";
        assert!(!scrub.clean.contains(scrub.clean.hashes(clean)));
        for _ in 0..3 {
            assert_eq!(u.transform(clean).as_deref(), Some(clean));
            assert_eq!(u.transform(dirty).as_deref(), Some("/contact?page=<PHONE>"));
        }
        assert!(scrub.clean.contains(scrub.clean.hashes(clean)));
        assert!(!scrub.clean.contains(scrub.clean.hashes(dirty)));
        let set = CleanSet::new();
        let (at, _) = set.hashes("x");
        for tag in 2..2 + CLEAN_WAYS as u64 + 1 {
            set.insert((at, tag));
        }
        assert!((2..2 + CLEAN_WAYS as u64).all(|tag| set.contains((at, tag))));
        assert!(!set.contains((at, 2 + CLEAN_WAYS as u64)));
    }

    #[test]
    fn identifiers_hidden_by_percent_encoding_are_scrubbed_in_kept_parts() {
        let u = Url {
            scrub: Some(std::sync::Arc::new(Scrub::new(
                crate::detect::Detector::new(&crate::detect::Kind::patterns()),
            ))),
            ..strip(&["page", "q"])
        };
        let t = |raw: &str| u.transform(raw).unwrap();
        // A phone with its hyphens encoded, in full-width digits, an email and an address.
        for raw in [
            "/a?page=090%2D1234%2D5678",
            "/a?page=%EF%BC%90%EF%BC%99%EF%BC%90%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98",
            "/a?q=taro%2Eyamada%40example%2Ejp",
            "/a?page=%E9%88%B4%E6%9C%A8%E8%8A%B1%E5%AD%90%E6%A7%98",
            "/a?page=%E6%9D%B1%E4%BA%AC%E9%83%BD%E5%8D%83%E4%BB%A3%E7%94%B0%E5%8C%BA%E5%8D%83%E4%BB%A3%E7%94%B01-1-1",
            // Escaped twice (a URL inside another's parameter): a phone, a card, a name.
            "/a?page=090%252D1234%252D5678",
            "/a?page=4242%25204242%25204242%25204242",
            "/a?page=%25E9%2588%25B4%25E6%259C%25A8%25E8%258A%25B1%25E5%25AD%2590%25E6%25A7%2598",
        ] {
            let out = t(raw);
            assert!(out.contains('<'), "{raw} -> {out}");
            let decoded = crate::detect::percent_decoded(&out).unwrap_or(out.clone());
            for hidden in ["1234", "4242", "taro", "鈴木花子", "千代田"] {
                assert!(!decoded.contains(hidden), "{raw} -> {out}");
            }
        }
        assert_eq!(
            t("/a?page=090%2D1234%2D5678&q=bag"),
            "/a?page=<PHONE>&q=bag"
        );
        assert_eq!(
            t("/a?page=%E9%88%B4%E6%9C%A8%E8%8A%B1%E5%AD%90%E6%A7%98"),
            "/a?page=<NAME>%E6%A7%98"
        );
        // Shift_JIS and EUC-JP escapes (Japanese forms and search referrers) are read too, and
        // what they hide nothing of is kept as it came.
        assert_eq!(t("/a?q=%8D%B2%93%A1%91%BE%98Y%97l"), "/a?q=<NAME>%97l");
        assert_eq!(
            t("/a?q=%BA%B4%C6%A3%C2%C0%CF%BA%CD%CD&ie=EUC-JP"),
            "/a?q=<NAME>%CD%CD"
        );
        assert_eq!(t("/a?q=%83o%83b%83O"), "/a?q=%83o%83b%83O");
        // A path segment of six characters or more with a digit is an ID, escapes or not.
        assert_eq!(t("/%30%39%30%2D1234%2D5678/x"), "/:id/x");
        assert_eq!(t("/u/%E9%88%B4%E6%9C%A8%E8%8A%B1%E5%AD%90/x"), "/u/:id/x");
        // Encoded text that hides nothing is left exactly as it came.
        for raw in [
            "/s?q=%E3%83%90%E3%83%83%E3%82%B0&page=2",
            "/a%20b/c?page=100%25",
        ] {
            assert_eq!(t(raw), raw);
        }
    }

    #[test]
    fn hosts() {
        let u = Url {
            scrub: None,
            mode: UrlMode::Host,
        };
        assert_eq!(
            u.transform("https://www.google.co.jp/search?q=x")
                .as_deref(),
            Some("www.google.co.jp")
        );
        assert_eq!(
            u.transform("HTTP://User@Example.JP:80").as_deref(),
            Some("example.jp")
        );
        assert_eq!(
            u.transform("https://[2001:db8::1]:8080/x").as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(u.transform("-"), None);
        assert_eq!(u.transform("/relative/path"), None);
    }
}
