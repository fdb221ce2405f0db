//! Phone numbers outside Japan's own plan, validated against libphonenumber's metadata (the
//! `phonenumber` crate carries Google's `PhoneNumberMetadata.xml`): every region's number
//! lengths and prefixes, so `+44 20 7946 0000` is a phone and `+44 12` is not.
//!
//! Japanese numbers are judged first, by `numbers::jp_phone` (its own table of area-code lengths
//! is what lets it read numbers written without separators). What Japan's plan does not accept
//! is tried here:
//!
//! - after `+`: any region (the country code says which);
//! - national formats, with Japan's as the default region, for the regions a Japanese shop's
//!   customers write from most, each only in a form that a bare order number does not take:
//!   numbers after the trunk prefix `0` of at most 11 digits (12 when written in groups), not in
//!   4-4 blocks (China, Korea,
//!   Taiwan, the United Kingdom, Germany, France, Israel, India, Australia: `02-123-4567`,
//!   `020 7946 0958`), Chinese mobiles
//!   (`13123456789`, `131 2345 6789`), and United States/Canada numbers written 3-3-4 with
//!   separators or brackets (`(201) 555-0123`, `201-555-0123`). Day-month-year groupings are
//!   dates, never phones, and a shop-reference word before the number (注文番号, 伝票番号,
//!   tracking …) makes it a reference (checked by the caller).
//!
//! Parsing is slower than the rest of the number detector, so it runs only on candidates that
//! every other number kind has already refused.

use phonenumber::country::Id;

use super::keywords::Keywords;

/// Regions whose national numbers start with the trunk prefix 0, tried in order.
const TRUNK_REGIONS: [Id; 9] = [
    Id::CN,
    Id::KR,
    Id::TW,
    Id::GB,
    Id::DE,
    Id::FR,
    Id::IL,
    Id::IN,
    Id::AU,
];

/// Compiled patterns libphonenumber's metadata keeps (see [`wider_pattern_cache`]).
const PATTERN_CACHE: usize = 512;

/// The `phonenumber` crate compiles its metadata's patterns on first use into one LRU cache of
/// 100, shared by every region. A national candidate tried against the nine trunk regions
/// (each number type of each region has its own pattern) cycles through more than that, so
/// every pattern was compiled again for every candidate: 2,000 such numbers took 310 ms with
/// the crate's cache and 40 ms with this one. 512 patterns hold the trunk regions, the United
/// States and China with room to spare; a text quoting numbers of every region in turn still
/// stays within about 40 MB of compiled patterns (measured: all of 999 country codes, four
/// numbers each).
fn wider_pattern_cache() {
    static WIDER: std::sync::Once = std::sync::Once::new();
    WIDER.call_once(|| {
        let cache = phonenumber::metadata::DATABASE.cache();
        let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
        *c = regex_cache::RegexCache::new(PATTERN_CACHE);
    });
}

/// `+` and the digits `d` (ASCII, without the `+`): a valid number of some region.
pub(crate) fn is_international(d: &[u8]) -> bool {
    let Ok(digits) = std::str::from_utf8(d) else {
        return false;
    };
    wider_pattern_cache();
    phonenumber::parse(None, format!("+{digits}")).is_ok_and(|n| phonenumber::is_valid(&n))
}

/// Whether `code` (digits) is a country calling code some region of libphonenumber's metadata
/// has.
pub(crate) fn is_calling_code(code: &[u8]) -> bool {
    std::str::from_utf8(code)
        .ok()
        .filter(|c| !c.starts_with('0'))
        .and_then(|c| c.parse::<u16>().ok())
        .is_some_and(|c| phonenumber::metadata::DATABASE.by_code(&c).is_some())
}

/// A number written in a national format of one of `REGIONS`: `written` is the candidate as it
/// stands in the text (digits and separators, a leading `(` included), `d` its digits, `lens`
/// its digit groups.
/// `blocked` (the caller's keyword context, costlier than the shape checks) is asked only for
/// candidates of a phone's shape.
pub(crate) fn is_foreign_national(
    written: &str,
    d: &[u8],
    lens: &[usize],
    blocked: impl FnOnce() -> bool,
) -> bool {
    if !(7..=12).contains(&d.len()) || looks_like_date(lens, d) {
        return false;
    }
    let mut ask = Some(blocked);
    let mut is_blocked: Option<bool> = None;
    let mut valid = |id: Id| {
        let b = *is_blocked.get_or_insert_with(|| ask.take().is_some_and(|f| f()));
        wider_pattern_cache();
        !b && phonenumber::parse(Some(id), written).is_ok_and(|n| phonenumber::is_valid(&n))
    };
    match d[0] {
        // National numbers after the trunk prefix (Japan's own were judged before), of at most
        // 11 digits and not in the 4-4(-4) blocks of tracking and card numbers.
        b'0' => {
            (d.len() <= 11 || (d.len() == 12 && lens.len() >= 2))
                && !lens.iter().all(|l| *l == 4)
                // The trunk prefix stands with the area code (`020 7946 0958`), or alone
                // before pairs and triples only (France's `0 800 12 34 56`): `0 0 5123 345
                // 1234` ends an IIS log line (statuses, bytes and a time), `0 512 61234`
                // Apache's `%T %I %D`.
                && (lens[0] >= 2
                    || lens.len() >= 4 && lens[1..].iter().all(|l| (2..=3).contains(l)))
                // No national format ends in a lone digit (`090-1234-5678 2)` is a phone and
                // the next list marker).
                && lens.last().is_some_and(|l| *l >= 2)
                && TRUNK_REGIONS.into_iter().any(valid)
        }
        // A Chinese mobile: 1[3-9] and 9 more digits, written whole or 3-4-4; or a NANP
        // number after its country code, written 1-3-3-4 (`1-201-555-0123`).
        b'1' => {
            (d.len() == 11
                && (b'3'..=b'9').contains(&d[1])
                && matches!(lens, [11] | [3, 4, 4])
                && valid(Id::CN))
                || (matches!(lens, [1, 3, 3, 4]) && !written[1..].starts_with(')') && valid(Id::US))
        }
        // NANP (United States, Canada): written 3-3-4 with separators or brackets.
        _ => matches!(lens, [3, 3, 4]) && valid(Id::US),
    }
}

/// The regions [`is_labelled_national`] tries, after a phone's label only: those of the
/// languages foreign customers of a Japanese shop write in whose numbers [`TRUNK_REGIONS`] and
/// the North American shape leave out (Spanish and Italian numbers have no trunk prefix).
const LABELLED_REGIONS: [Id; 16] = [
    Id::ES,
    Id::IT,
    Id::ID,
    Id::VN,
    Id::PH,
    Id::TH,
    Id::MY,
    Id::SG,
    Id::HK,
    Id::BR,
    Id::MX,
    Id::RU,
    Id::NL,
    Id::PT,
    Id::PL,
    Id::TR,
];

/// A number written in a national format of one of [`LABELLED_REGIONS`], valid there: the
/// caller has found a phone's label right before it.
pub(crate) fn is_labelled_national(written: &str) -> bool {
    wider_pattern_cache();
    LABELLED_REGIONS
        .into_iter()
        .any(|id| phonenumber::parse(Some(id), written).is_ok_and(|n| phonenumber::is_valid(&n)))
}

/// Regions whose national numbers have no trunk prefix and eight digits, like many order
/// numbers: taken only when the region is named just before (see `region_before`).
pub(crate) fn is_named_region(written: &str, region: Id) -> bool {
    wider_pattern_cache();
    phonenumber::parse(Some(region), written).is_ok_and(|n| phonenumber::is_valid(&n))
}

/// The region named in `window` (the text just before a number) whose eight-digit national
/// numbers [`is_named_region`] reads: Hong Kong or Singapore, by name or as the word `HK` /
/// `SG`.
pub(crate) fn region_before(window: &str) -> Option<Id> {
    // An amount in the region's currency or a code (`香港ドル 23456789`, `HK$`, `店舗コード`).
    // The window is normalised text: `ー` is folded to `-`.
    static CUES: std::sync::LazyLock<Keywords> = std::sync::LazyLock::new(|| {
        Keywords::ascii_case_insensitive(&[
            &[
                "$", "ドル", "dollar", "hkd", "sgd", "円", "コ-ド", "code", "価格", "金額",
            ],
            // 手機, 手提: a mobile in Hong Kong's Traditional Chinese (Taiwan's mobiles have ten
            // digits, so eight after it are Hong Kong's).
            &["香港", "hong kong", "hongkong", "手機", "手提"],
            &["シンガポ-ル", "singapore"],
        ])
    });
    match CUES.groups(window) {
        g if g & 1 != 0 => return None,
        g if g & 2 != 0 => return Some(Id::HK),
        g if g & 4 != 0 => return Some(Id::SG),
        _ => {}
    }
    for word in window.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.eq_ignore_ascii_case("hk") {
            return Some(Id::HK);
        }
        if word.eq_ignore_ascii_case("sg") {
            return Some(Id::SG);
        }
    }
    None
}

/// Day-month-year and year-month-day groupings (`05-12-2026`, `2026 05 12`): a date, not a
/// number, whatever a region's plan says.
pub(crate) fn looks_like_date(lens: &[usize], d: &[u8]) -> bool {
    let num = |a: usize, b: usize| {
        d[a..b]
            .iter()
            .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
    };
    match lens {
        [2, 2, 4] => (1..=31).contains(&num(0, 2)) && (1..=31).contains(&num(2, 4)),
        [4, 2, 2] => (1..=12).contains(&num(4, 6)) && (1..=31).contains(&num(6, 8)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn national(w: &str) -> bool {
        let d: Vec<u8> = w.bytes().filter(u8::is_ascii_digit).collect();
        let lens: Vec<usize> = w
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .map(str::len)
            .collect();
        is_foreign_national(w, &d, &lens, || false)
    }

    #[test]
    fn national_formats_of_other_regions() {
        assert!(national("(201) 555-0123"));
        assert!(national("201-555-0123"));
        assert!(national("13123456789"));
        assert!(national("131 2345 6789"));
        assert!(national("021234567"));
        assert!(national("020 7946 0958"));
        // Bare digits that are no region's trunk form, and wrong lengths.
        assert!(!national("2015550123"));
        assert!(!national("(201) 555-012"));
        assert!(!national("1234567"));
        assert!(!national("2026-10-12"));
        assert!(!national("05-12-2026"));
        assert!(!national("20261117-9318"));
    }

    #[test]
    fn international_numbers_are_validated() {
        assert!(is_international(b"442079460958"));
        assert!(is_international(b"819012345678"));
        assert!(is_international(b"6837290"));
        assert!(!is_international(b"4412"));
        assert!(!is_international(b"999123456789"));
    }
}
