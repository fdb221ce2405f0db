//! `ip`: IPv4 and IPv6 in one column. Keeps a network prefix (default /24 and /48), or replaces
//! the address with a keyed prefix-preserving Crypto-PAn pseudonym (optionally also truncated).
//! IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`) are treated as IPv4. Unparseable → null.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use super::cryptopan::CryptoPan;
use super::{Ctx, Rule, TextRule, nfkc};
use crate::error::Problems;
use crate::keys::RunKey;

pub(crate) struct IpRule {
    pub(crate) v4_prefix: u8,
    pub(crate) v6_prefix: u8,
    pub(crate) cryptopan: Option<CryptoPan>,
}

pub(crate) fn parse_ip(raw: &str) -> Option<IpAddr> {
    let s = nfkc(raw);
    let s = s.trim().trim_start_matches('[').trim_end_matches(']');
    // A zone index (`fe80::1%eth0`) names a local interface; it is dropped.
    let s = s.split('%').next().unwrap_or(s);
    match s.parse::<IpAddr>().ok()? {
        IpAddr::V6(v6) => Some(match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        }),
        v4 => Some(v4),
    }
}

/// `a.b.c.d` in plain decimal (each octet 0–255, one to three digits, no leading zero), the
/// form nearly every log writes; `None` for anything else, which [`parse_ip`] then reads. Where
/// this says `Some`, `parse_ip` says the same address (a test compares them): std's parser reads
/// the same form, after normalisation and trimming that leave it as it is.
fn parse_v4_plain(s: &[u8]) -> Option<u32> {
    if !(7..=15).contains(&s.len()) {
        return None;
    }
    let mut bits = 0u32;
    let mut parts = 0;
    for part in s.split(|&b| b == b'.') {
        parts += 1;
        if parts > 4 || part.is_empty() || part.len() > 3 || (part.len() > 1 && part[0] == b'0') {
            return None;
        }
        let mut octet = 0u32;
        for &b in part {
            if !b.is_ascii_digit() {
                return None;
            }
            octet = octet * 10 + u32::from(b - b'0');
        }
        if octet > 255 {
            return None;
        }
        bits = bits << 8 | octet;
    }
    (parts == 4).then_some(bits)
}

/// An IPv4 address as `Ipv4Addr`'s `Display` writes it (dotted decimal), without the
/// formatter's machinery.
#[cfg(test)]
fn format_v4(bits: u32) -> String {
    let mut out = String::with_capacity(15);
    format_v4_into(bits, &mut out);
    out
}

/// An IPv4 address as `Ipv4Addr`'s `Display` writes it, appended to `out`.
fn format_v4_into(bits: u32, out: &mut String) {
    for (i, octet) in bits.to_be_bytes().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        if octet >= 100 {
            out.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            out.push(char::from(b'0' + octet / 10 % 10));
        }
        out.push(char::from(b'0' + octet % 10));
    }
}

impl TextRule for IpRule {
    fn transform(&self, raw: &str) -> Option<String> {
        let mut out = String::with_capacity(15);
        self.transform_into(raw, &mut out).then_some(out)
    }

    fn transform_into(&self, raw: &str, out: &mut String) -> bool {
        let ip = match parse_v4_plain(raw.as_bytes()) {
            Some(bits) => IpAddr::V4(Ipv4Addr::from(bits)),
            None => match parse_ip(raw) {
                Some(ip) => ip,
                None => return false,
            },
        };
        match ip {
            IpAddr::V4(a) => {
                let mut bits = u32::from(a);
                if let Some(c) = &self.cryptopan {
                    bits = c.v4(bits);
                }
                let mask = if self.v4_prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - u32::from(self.v4_prefix))
                };
                format_v4_into(bits & mask, out);
            }
            IpAddr::V6(a) => {
                let mut bits = u128::from(a);
                if let Some(c) = &self.cryptopan {
                    bits = c.v6(bits);
                }
                let mask = if self.v6_prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - u32::from(self.v6_prefix))
                };
                let mut kept = bits & mask;
                // A 6to4 address (RFC 3056: 2002:V4ADDR::/48) holds an IPv4 address in bits
                // 16–47, which a /48 keeps whole: it is cut to the IPv4 prefix too.
                if kept >> 112 == 0x2002 {
                    let v4_mask = if self.v4_prefix == 0 {
                        0
                    } else {
                        u32::MAX << (32 - u32::from(self.v4_prefix))
                    };
                    let v4 = (kept >> 80) as u32 & v4_mask;
                    kept = (kept & !(u128::from(u32::MAX) << 80)) | (u128::from(v4) << 80);
                }
                use std::fmt::Write;
                // Writing to a `String` cannot fail.
                let _ = write!(out, "{}", Ipv6Addr::from(kept));
            }
        }
        true
    }
}

/// `{ rule = "ip", method = "truncate" | "crypto-pan", ipv4-prefix = 24, ipv6-prefix = 48,
/// domain = "ip" }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ipv4_prefix: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) ipv6_prefix: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) domain: Option<String>,
}

/// A validated `ip` rule; a Crypto-PAn key is derived from the run key when the run starts.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    pub(crate) v4: u8,
    pub(crate) v6: u8,
    pub(crate) cryptopan_domain: Option<String>,
}

pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    key: &str,
    _ctx: &Ctx,
    p: &mut Problems,
) -> Option<Rule> {
    let bad = |p: &mut Problems, k: &str, msg: String| p.push(&format!("{key}.{k}"), msg);
    let crypto = match s.method.as_deref().unwrap_or("truncate") {
        "truncate" => false,
        "crypto-pan" => true,
        other => {
            bad(
                p,
                "method",
                format!("unknown `{other}`; use \"truncate\" or \"crypto-pan\""),
            );
            false
        }
    };
    let v4 = s.ipv4_prefix.unwrap_or(if crypto { 32 } else { 24 });
    let v6 = s.ipv6_prefix.unwrap_or(if crypto { 128 } else { 48 });
    if v4 > 32 {
        bad(p, "ipv4-prefix", "must be 0..=32".into());
    }
    if v6 > 128 {
        bad(p, "ipv6-prefix", "must be 0..=128".into());
    }
    if !crypto && s.domain.is_some() {
        bad(
            p,
            "domain",
            "only applies with method = \"crypto-pan\"".into(),
        );
    }
    Some(Rule::Ip(Params {
        v4,
        v6,
        cryptopan_domain: crypto.then(|| s.domain.clone().unwrap_or_else(|| "ip".into())),
    }))
}

impl Params {
    pub(crate) fn build(&self, key: &RunKey) -> IpRule {
        let cryptopan = self.cryptopan_domain.as_ref().map(|d| {
            let k = key.derive(&format!("crypto-pan:{d}"));
            let mut arr = [0u8; 32];
            arr.copy_from_slice(k.bytes());
            let c = CryptoPan::new(&arr);
            zeroize::Zeroize::zeroize(&mut arr);
            c
        });
        IpRule {
            v4_prefix: self.v4,
            v6_prefix: self.v6,
            cryptopan,
        }
    }
}

impl std::fmt::Display for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cryptopan_domain {
            Some(d) => write!(
                f,
                "method=crypto-pan domain={d} ipv4-prefix=/{} ipv6-prefix=/{}",
                self.v4, self.v6
            ),
            None => write!(
                f,
                "method=truncate ipv4-prefix=/{} ipv6-prefix=/{}",
                self.v4, self.v6
            ),
        }
    }
}

/// Generalisation for the risk search: /16 (IPv6 /32), then `*`.
pub(crate) const MAX_LEVEL: usize = 2;

/// The risk search's level 1 in words.
pub(crate) fn level_words(_level: usize) -> super::Words {
    super::Words::new(
        "IPアドレスの上位16ビット（IPv6は32ビット）のみ",
        "the first 16 bits of the IP address (IPv6: 32 bits) only",
    )
}

/// Output shape: an address in canonical form (as this rule and its levels write it), or the
/// suppressed `*`.
/// std's IPv4 parser takes only the dotted-decimal form `to_string` writes (no leading zeros,
/// no other radix), so an IPv4 address needs no string built to compare; an IPv6 one does
/// (`::` compression, case). The delivery check asks this of every row.
pub(crate) fn emits(v: &str) -> bool {
    v == super::levels::SUPPRESSED
        || v.parse::<Ipv4Addr>().is_ok()
        || v.parse::<Ipv6Addr>().is_ok_and(|ip| ip.to_string() == v)
}

pub(crate) fn level(value: &str, _level: usize) -> Option<String> {
    value.parse::<IpAddr>().ok().map(|ip| match ip {
        IpAddr::V4(a) => Ipv4Addr::from(u32::from(a) & 0xFFFF_0000).to_string(),
        IpAddr::V6(a) => Ipv6Addr::from(u128::from(a) & (u128::MAX << 96)).to_string(),
    })
}

impl Params {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        match &self.cryptopan_domain {
            Some(_) => super::Words::new(
                "接続元IPアドレス（プレフィックスを保つ暗号化 Crypto-PAn で置き換え）",
                "IP address replaced by prefix-preserving encryption (Crypto-PAn)",
            ),
            None => super::Words::new(
                format!(
                    "接続元IPアドレスのネットワーク部（IPv4 /{}、IPv6 /{}）",
                    self.v4, self.v6
                ),
                format!(
                    "network part of the IP address (IPv4 /{}, IPv6 /{})",
                    self.v4, self.v6
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// The plain IPv4 reader agrees with the general one wherever it reads an address
        /// (and reads every address `Display` writes); the fast formatter writes what
        /// `Display` writes.
        #[test]
        fn the_plain_v4_path_agrees_with_the_general_one(
            a in proptest::prelude::any::<u32>(),
            near in "[0-9.]{0,17}",
            odd in r"[0-9. \[\]%a:０-９]{0,17}",
        ) {
            let shown = Ipv4Addr::from(a).to_string();
            proptest::prop_assert_eq!(parse_v4_plain(shown.as_bytes()), Some(a));
            proptest::prop_assert_eq!(format_v4(a), shown);
            for s in [near.as_str(), odd.as_str()] {
                if let Some(bits) = parse_v4_plain(s.as_bytes()) {
                    proptest::prop_assert_eq!(parse_ip(s), Some(IpAddr::V4(Ipv4Addr::from(bits))));
                }
            }
        }

        /// The shape test is "a value this rule writes": `*`, or an address spelled as
        /// `to_string` spells it. Near-misses (leading zeros, upper case, uncompressed IPv6,
        /// spaces, short forms) are off the shape.
        #[test]
        fn the_shape_is_the_canonical_spelling(
            v in "[*]|[0-9]{1,4}(\\.[0-9]{1,3}){2,4}|[ ]?[0-9a-fA-F:.]{0,24}",
            a in proptest::prelude::any::<u32>(),
            b in proptest::prelude::any::<u128>(),
        ) {
            let canonical = |s: &str| {
                s == "*" || s.parse::<IpAddr>().is_ok_and(|ip| ip.to_string() == s)
            };
            proptest::prop_assert_eq!(emits(&v), canonical(&v), "{:?}", v);
            let v4 = Ipv4Addr::from(a).to_string();
            let v6 = Ipv6Addr::from(b).to_string();
            proptest::prop_assert!(emits(&v4) && emits(&v6));
            let zero_led = format!("0{v4}");
            proptest::prop_assert!(!emits(&zero_led), "{}", zero_led);
            let upper = v6.to_uppercase();
            proptest::prop_assert!(upper == v6 || !emits(&upper), "{}", upper);
        }
    }

    fn truncate(v4: u8, v6: u8) -> IpRule {
        IpRule {
            v4_prefix: v4,
            v6_prefix: v6,
            cryptopan: None,
        }
    }

    #[test]
    fn a_6to4_address_has_its_ipv4_address_cut_too() {
        // 2002:cb00:714d::1 embeds 203.0.113.77; /48 alone would keep it whole.
        let r = truncate(24, 48);
        assert_eq!(
            r.transform("2002:cb00:714d::1").as_deref(),
            Some("2002:cb00:7100::")
        );
        assert_eq!(
            r.transform("2001:db8:85a3::1").as_deref(),
            Some("2001:db8:85a3::")
        );
    }

    #[test]
    fn truncates_both_families() {
        let r = truncate(24, 48);
        assert_eq!(r.transform("203.0.113.77").as_deref(), Some("203.0.113.0"));
        assert_eq!(
            r.transform(" ２０３.０.１１３.７７ ").as_deref(),
            Some("203.0.113.0")
        );
        assert_eq!(
            r.transform("2001:db8:abcd:12::1").as_deref(),
            Some("2001:db8:abcd::")
        );
        assert_eq!(
            r.transform("[2400:4050:1:2:3::9]").as_deref(),
            Some("2400:4050:1::")
        );
        assert_eq!(
            r.transform("::ffff:198.51.100.9").as_deref(),
            Some("198.51.100.0")
        );
        assert_eq!(
            truncate(16, 32).transform("198.51.100.9").as_deref(),
            Some("198.51.0.0")
        );
        assert_eq!(r.transform("-"), None);
        assert_eq!(r.transform("unknown"), None);
        assert_eq!(r.transform("999.1.1.1"), None);
    }

    #[test]
    fn cryptopan_then_truncate_keeps_prefix_relation() {
        let key = [7u8; 32];
        let r = IpRule {
            v4_prefix: 24,
            v6_prefix: 48,
            cryptopan: Some(CryptoPan::new(&key)),
        };
        let a = r.transform("192.168.1.10").unwrap();
        let b = r.transform("192.168.1.99").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, "192.168.1.0");
    }
}
