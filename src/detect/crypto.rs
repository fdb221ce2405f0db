//! Cryptocurrency addresses: a customer who pays in Bitcoin or Ether gives the shop an
//! address that, on a public ledger, links every payment made to or from it. Each is found by
//! its standard's checksum, so no label is needed:
//!
//! - **Bitcoin, Base58Check** (P2PKH `1…`, P2SH `3…`): 26–35 Base58 characters that decode to
//!   a version byte (0x00 or 0x05), 20 bytes and a 4-byte check (the first bytes of the double
//!   SHA-256), as Bitcoin Core encodes them. A random string passes 1 time in 2^32.
//! - **Bitcoin, Bech32 and Bech32m** (BIP 173, BIP 350: `bc1q…` for witness version 0, `bc1p…`
//!   for Taproot): the `bc` prefix, a valid witness program and the BCH checksum.
//! - **Ethereum** (`0x` and 40 hex digits): in one case, or in EIP-55's mixed case with a valid
//!   checksum (the case of each letter is a bit of the Keccak-256 of the lower-case address).
//!   In text, only with the lower-case `x` every wallet writes.
//!
//! An address is a run of ASCII letters and digits of its own: not glued to other letters or
//! digits (`x1A1zP1…` is none), but it may stand inside a URL's path or glued to Japanese text
//! (`送金先1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNaです`).

use super::{Kind, Match};

/// The Base58 alphabet (no 0, O, I, l).
fn is_base58(b: u8) -> bool {
    b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l')
}

/// A Bitcoin address in Base58Check: P2PKH (`1…`, version 0x00) or P2SH (`3…`, version 0x05).
pub(crate) fn is_base58_address(s: &str) -> bool {
    let b = s.as_bytes();
    if !(26..=35).contains(&b.len())
        || !matches!(b[0], b'1' | b'3')
        || !b.iter().all(|&c| is_base58(c))
    {
        return false;
    }
    let version = if b[0] == b'1' { 0x00 } else { 0x05 };
    bs58::decode(s)
        .with_check(Some(version))
        .into_vec()
        .is_ok_and(|v| v.len() == 21)
}

/// A Bitcoin segwit address (BIP 173 / BIP 350), mainnet (`bc1…`), in one case.
pub(crate) fn is_segwit_address(s: &str) -> bool {
    let b = s.as_bytes();
    (14..=90).contains(&b.len())
        && b[..3].eq_ignore_ascii_case(b"bc1")
        && bech32::segwit::decode(s).is_ok_and(|(hrp, _, _)| hrp == bech32::hrp::BC)
}

/// An Ethereum address: `0x` and 40 hex digits, in one case or with EIP-55's checksum.
pub(crate) fn is_ethereum_address(s: &str) -> bool {
    use sha3::{Digest, Keccak256};
    let b = s.as_bytes();
    if b.len() != 42 || !(b[0] == b'0' && matches!(b[1], b'x' | b'X')) {
        return false;
    }
    let hex = &b[2..];
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return false;
    }
    let upper = hex.iter().any(u8::is_ascii_uppercase);
    let lower = hex.iter().any(u8::is_ascii_lowercase);
    if !(upper && lower) {
        return true;
    }
    // EIP-55: a letter is upper case where the matching nibble of the hash is 8 or more.
    let hash = Keccak256::digest(hex.to_ascii_lowercase());
    hex.iter().enumerate().all(|(i, &c)| {
        let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0xf;
        !c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (nibble >= 8)
    })
}

/// Whether `s` (a run of ASCII letters and digits) is an address of any kind above.
pub(crate) fn is_address(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b'1' | b'3') => is_base58_address(s),
        Some(b'b' | b'B') => is_segwit_address(s),
        Some(b'0') => is_ethereum_address(s),
        _ => false,
    }
}

/// Addresses in the normalised text `t`. Called on text with ASCII letters and digits.
///
/// Each kind is looked for where it can start, in one vectorised search for `1`, `3` and `x`:
/// a `1` or `3` that starts a run of ASCII letters and digits (in text with both cases of
/// letters: a Base58Check address's 26 to 35 letters are random in case, and all of one case
/// happen about once in 10^8), the `1` of a `bc1` that starts one, the `x` of a `0x` that
/// does. Most texts' digits stand inside a run or start a short one.
pub(crate) fn find(t: &str, mixed_case: bool, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric();
    // The end of the run of letters and digits that starts at `start` (`None` if a letter or
    // digit stands before it, or it is longer than `max`: no address).
    let run = |start: usize, max: usize| {
        if start > 0 && word(b[start - 1]) {
            return None;
        }
        let end = b[start..]
            .iter()
            .take(max + 1)
            .position(|&c| !word(c))
            .map_or(b.len().min(start + max + 1), |n| start + n);
        (end - start <= max).then_some(end)
    };
    for p in memchr::memchr3_iter(b'1', b'3', b'x', b) {
        let found = if b[p] == b'x' {
            // `0x` and 40 hex digits.
            p.checked_sub(1)
                .filter(|&s| b[s] == b'0')
                .and_then(|s| Some((s, run(s, 42)?)))
                .filter(|&(s, e)| is_ethereum_address(&t[s..e]))
        } else if b[p] == b'1' && p >= 2 && b[p - 2..p].eq_ignore_ascii_case(b"bc") {
            let s = p - 2;
            run(s, 90)
                .map(|e| (s, e))
                .filter(|&(s, e)| is_segwit_address(&t[s..e]))
        } else if mixed_case {
            run(p, 35)
                .map(|e| (p, e))
                .filter(|&(s, e)| e - s >= 26 && is_base58_address(&t[s..e]))
        } else {
            None
        };
        if let Some((start, end)) = found {
            out.push(Match {
                kind: Kind::CryptoAddress,
                start,
                end,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_addresses_pass_and_their_near_misses_fail() {
        // The genesis block's coinbase address and the Bitcoin wiki's examples (Base58Check).
        for a in [
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            // BIP 173's P2WPKH vector (upper case), BIP 350's Taproot vector.
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            // EIP-55's test vectors, and an address in lower case.
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
            "0x742d35cc6634c0532925a3b844bc454e4438f44e",
        ] {
            assert!(is_address(a), "{a}");
        }
        for a in [
            // One character changed in Base58Check.
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz",
            // BIP 173: an invalid checksum, its valid testnet vector (not mainnet), the same
            // in mixed case; BIP 350: Taproot with a Bech32 (not Bech32m) checksum.
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
            "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
            "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
            // EIP-55's first vector with one letter's case flipped; 39 hex digits.
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
            "0x742d35cc6634c0532925a3b844bc454e4438f44",
        ] {
            assert!(!is_address(a), "{a}");
        }
    }

    fn found(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mixed =
            t.bytes().any(|b| b.is_ascii_uppercase()) && t.bytes().any(|b| b.is_ascii_lowercase());
        find(t, mixed, &mut out);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn addresses_in_text() {
        assert_eq!(
            found("送金先1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNaです"),
            ["1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"]
        );
        assert_eq!(
            found("https://mempool.space/address/bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4?x=1"),
            ["bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"]
        );
        assert_eq!(
            found("ETH: 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed."),
            ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"]
        );
        assert!(found("x1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").is_empty());
        assert!(found("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa9").is_empty());
        assert!(found("sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709").is_empty());
        // Runs of every length around the probe's stride, at every offset.
        let address = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
        for pad in 0..40 {
            for lead in ["", "a ", "ab-", "送金先"] {
                let text = format!("{lead}{} {address} {}", "x".repeat(pad), "y".repeat(pad));
                assert_eq!(found(&text), [address], "{text}");
            }
        }
    }
}
