//! Payment card numbers: the issuer identification number (IIN) ranges and lengths the card
//! networks publish, plus the Luhn check (ISO/IEC 7812-1).
//!
//! A digit string is a card number when its prefix falls in a network's range, its length is
//! one that network issues, and its Luhn check digit is right. The table follows the networks'
//! published ranges (Visa, Mastercard including the 2-series, American Express, JCB, Diners Club
//! International, Discover, UnionPay, Maestro, Mir, RuPay, Dankort, UATP, Troy, Verve, InterPayment,
//! InstaPayment, UzCard, Humo, Napas, BORICA, LankaPay, GPN), as compiled in the public "Payment
//! card number" IIN table. Ranges of different networks overlap (UnionPay and Discover share
//! 622126–622925; RuPay and Discover share 65): the detector only needs to know that *some*
//! network issues the number, so overlaps are harmless.
//!
//! Numbers of 12 digits (the shortest Maestro) are left to the My Number and licence checks:
//! in Japanese text a 12-digit number is far more often one of those, and a Maestro card of 12
//! digits is practically never issued.

use super::checksum::is_luhn;

/// One IIN range: prefixes from `lo` to `hi` (inclusive, compared on the first `digits` digits)
/// with the lengths the network issues in it.
struct Range {
    network: &'static str,
    digits: usize,
    lo: u32,
    hi: u32,
    lengths: &'static [usize],
}

const fn r(
    network: &'static str,
    digits: usize,
    lo: u32,
    hi: u32,
    lengths: &'static [usize],
) -> Range {
    Range {
        network,
        digits,
        lo,
        hi,
        lengths,
    }
}

const L16: &[usize] = &[16];
const L16_19: &[usize] = &[16, 17, 18, 19];
const L12_19: &[usize] = &[12, 13, 14, 15, 16, 17, 18, 19];

/// The published IIN ranges.
const RANGES: &[Range] = &[
    r("Visa", 1, 4, 4, &[13, 16, 19]),
    r("Visa Electron", 4, 4026, 4026, L16),
    r("Dankort (Visa co-brand)", 4, 4571, 4571, L16),
    r("Mastercard", 2, 51, 55, L16),
    r("Mastercard", 4, 2221, 2720, L16),
    r("American Express", 2, 34, 34, &[15]),
    r("American Express", 2, 37, 37, &[15]),
    r("JCB", 4, 3528, 3589, L16_19),
    r(
        "Diners Club International",
        2,
        36,
        36,
        &[14, 15, 16, 17, 18, 19],
    ),
    r(
        "Diners Club International",
        3,
        300,
        305,
        &[14, 15, 16, 17, 18, 19],
    ),
    r(
        "Diners Club International",
        4,
        3095,
        3095,
        &[14, 15, 16, 17, 18, 19],
    ),
    r(
        "Diners Club International",
        2,
        38,
        39,
        &[14, 15, 16, 17, 18, 19],
    ),
    r("Discover", 4, 6011, 6011, L16_19),
    r("Discover", 3, 644, 649, L16_19),
    r("Discover", 2, 65, 65, L16_19),
    r("Discover (UnionPay co-brand)", 6, 622126, 622925, L16_19),
    r("UnionPay", 2, 62, 62, L16_19),
    r("UnionPay", 2, 81, 81, L16_19),
    r("China T-Union", 2, 31, 31, &[19]),
    r("Maestro", 4, 5018, 5018, L12_19),
    r("Maestro", 4, 5020, 5020, L12_19),
    r("Maestro", 4, 5038, 5038, L12_19),
    r("Maestro", 4, 5893, 5893, L12_19),
    r("Maestro", 4, 6304, 6304, L12_19),
    r("Maestro", 4, 6759, 6759, L12_19),
    r("Maestro", 4, 6761, 6763, L12_19),
    r("Maestro", 2, 50, 50, L12_19),
    r("Maestro", 2, 56, 69, L12_19),
    r("Dankort", 4, 5019, 5019, L16),
    r("Mir", 4, 2200, 2204, L16_19),
    r("BORICA", 4, 2205, 2205, L16),
    r("RuPay", 2, 60, 60, L16),
    r("RuPay", 2, 81, 82, L16),
    r("RuPay", 3, 508, 508, L16),
    r("RuPay (JCB co-brand)", 3, 353, 353, L16),
    r("RuPay (JCB co-brand)", 3, 356, 356, L16),
    r("UATP", 1, 1, 1, &[15]),
    r("Troy", 4, 9792, 9792, L16),
    r("Verve", 6, 506099, 506198, &[16, 18, 19]),
    r("Verve", 6, 650002, 650027, &[16, 18, 19]),
    r("Verve", 6, 507865, 507964, &[16, 18, 19]),
    r("InterPayment", 3, 636, 636, L16_19),
    r("InstaPayment", 3, 637, 639, L16),
    r("LankaPay", 6, 357111, 357111, L16),
    r("UzCard", 4, 8600, 8600, L16),
    r("Humo", 4, 9860, 9860, L16),
    r("Napas", 4, 9704, 9704, &[16, 19]),
    r("GPN", 4, 1946, 1946, &[16, 18, 19]),
];

fn prefix(d: &[u8], n: usize) -> Option<u32> {
    d.get(..n)?.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

/// The network whose published range and length fit the digits `d` (ASCII), if any; the Luhn
/// check is separate (`is_card`).
pub(crate) fn network(d: &[u8]) -> Option<&'static str> {
    if !(13..=19).contains(&d.len()) {
        return None;
    }
    // The most specific range wins (Dankort 5019 inside Maestro's 50).
    RANGES
        .iter()
        .filter(|r| {
            r.lengths.contains(&d.len())
                && prefix(d, r.digits).is_some_and(|p| (r.lo..=r.hi).contains(&p))
        })
        .fold(None, |best: Option<&Range>, r| match best {
            Some(b) if b.digits >= r.digits => Some(b),
            _ => Some(r),
        })
        .map(|r| r.network)
}

/// A card number: a published range and length, and a right Luhn check digit.
pub(crate) fn is_card(d: &[u8]) -> bool {
    network(d).is_some() && is_luhn(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_of_published_test_numbers() {
        for (n, want) in [
            ("4111111111111111", "Visa"),
            ("5555555555554444", "Mastercard"),
            ("2223003122003222", "Mastercard"),
            ("378282246310005", "American Express"),
            ("3530111333300000", "JCB"),
            ("36227206271667", "Diners Club International"),
            ("6011111111111117", "Discover"),
            ("6200000000000005", "UnionPay"),
            ("135410014004955", "UATP"),
            ("5019717010103742", "Dankort"),
            ("6759649826438453", "Maestro"),
            ("2200000000000004", "Mir"),
        ] {
            assert_eq!(network(n.as_bytes()), Some(want), "{n}");
            assert!(is_card(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn wrong_lengths_and_check_digits_are_not_cards() {
        for n in [
            "4111111111111112", // Luhn
            "37828224631000",   // Amex is 15 digits
            "1234567812345670", // no network issues 12…
            "202610121030551",  // a timestamp-like number
            "5555555555554",    // Mastercard is 16 digits
            "135410014004956",  // UATP, Luhn
        ] {
            assert!(!is_card(n.as_bytes()), "{n}");
        }
    }
}
