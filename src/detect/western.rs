//! Western names without a title (`Michael Brown`, `This is Emily Johnson from Osaka`,
//! `JESSICA TAYLOR`), by the US Census Bureau's 1990 lists of given names and surnames.
//!
//! The Latin-name pattern (`patterns`) needs a title, `Dear` or a label before a name, and
//! `romaji` finds Japanese names in Latin letters; a customer who signs `Michael Brown` under a
//! message, or writes `I, David Wilson, request deletion`, has neither. Two words are a name
//! here when the first is one of the census' frequent given names (the 1,000 most frequent male
//! and 2,000 most frequent female ones) and the second one of its 20,000 most frequent surnames
//! (`data/census_*.txt`, written by `tests/fixtures/make_census_names.py` from census.gov's
//! files; public domain), with one space between them or a middle initial (`John A. Smith`).
//!
//! Shop copy is full of word pairs that read like names, so a pair counts only when
//! - both words are capitalised (`Michael Brown`, `McDonald`, `O'Brien`), or both in capitals
//!   and not inside a run of capitals (`JESSICA TAYLOR`, not `SALE JESSICA TAYLOR COLLECTION`);
//! - no third capitalised word follows (`Calvin Klein Jeans`, `Lincoln Park Station`: a title
//!   or a product's name);
//! - the given name is not also an English word, a place or a title ([`WORDS`]: `Rose Gold`,
//!   `Olive Green`, `Grace Period`, `Summer Sale`, `Will Power`, `Virginia Beach`);
//! - the surname is not a street, station or building word ([`PLACES`]: `Elizabeth Street`);
//! - the pair is not a brand named after its founder ([`BRANDS`]: `Calvin Klein`, `Kate Spade`);
//! - it is not part of an address, a path or an identifier (`@`, `/`, `_`, `.` or a digit glued
//!   to it).
//!
//! Left out: single given names (`Thanks, Sarah`), names of two letters (`Al Li`), a surname
//! before its given name (`Smith, John`: lists of places read the same), and given names that
//! are words (`Amber Brown`, `Mark Lee`), unless a title or a label marks them (`patterns`).
//! Measured on the English licences and documentation a Debian system ships (10.9 MB): the
//! pairs found are authors' and contributors' names; a test keeps that for the licences.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::{Kind, Match};

/// Given names of the census lists that are also English words, places, months or titles: as
/// the first word of a pair they say nothing (`Rose Gold`, `Grant Access`, `Austin Texas`).
const WORDS: &[&str] = &[
    "ALPHA",
    "AMBER",
    "AMERICA",
    "ANGEL",
    "APRIL",
    "ARIEL",
    "ART",
    "ASIA",
    "AUGUST",
    "AURORA",
    "AUSTIN",
    "AUTUMN",
    "BAILEY",
    "BASIL",
    "BEAU",
    "BELLE",
    "BERRY",
    "BILL",
    "BIRDIE",
    "BLAIR",
    "BLAKE",
    "BLANCH",
    "BONNY",
    "BOOKER",
    "BRAIN",
    "BRANDY",
    "BROOK",
    "BROOKS",
    "BUD",
    "BUDDY",
    "CANDY",
    "CARMEL",
    "CAROL",
    "CHANCE",
    "CHARITY",
    "CHASE",
    "CHASTITY",
    "CHELSEA",
    "CHERRY",
    "CHRISTIAN",
    "CHUCK",
    "CLAY",
    "CLEVELAND",
    "CLIFF",
    "CORAL",
    "CRYSTAL",
    "DAISY",
    "DALE",
    "DALLAS",
    "DAWN",
    "DEAN",
    "DENVER",
    "DESTINY",
    "DICK",
    "DIXIE",
    "DOLLY",
    "DON",
    "DREW",
    "DUSTY",
    "EARL",
    "EARNEST",
    "EASTER",
    "EBONY",
    "EDEN",
    "ERA",
    "FAITH",
    "FAWN",
    "FERN",
    "FLORA",
    "FLORENCE",
    "FLORIDA",
    "FOREST",
    "FOSTER",
    "FRANK",
    "FREEMAN",
    "GALE",
    "GARLAND",
    "GARNET",
    "GAY",
    "GEMMA",
    "GENEVA",
    "GEORGIA",
    "GERMAN",
    "GINGER",
    "GLEN",
    "GLORY",
    "GOLDIE",
    "GRACE",
    "GRANT",
    "GUY",
    "HARLEY",
    "HAZEL",
    "HEATH",
    "HEATHER",
    "HOLLY",
    "HOPE",
    "HOUSTON",
    "HUNTER",
    "INDIA",
    "IRIS",
    "ISRAEL",
    "IVORY",
    "IVY",
    "JACK",
    "JADE",
    "JAN",
    "JASMINE",
    "JASPER",
    "JEAN",
    "JEWEL",
    "JOY",
    "JUNE",
    "JUNIOR",
    "KENT",
    "KENYA",
    "KITTY",
    "LACY",
    "LANE",
    "LAUREL",
    "LILY",
    "LINCOLN",
    "LOGAN",
    "MAC",
    "MACK",
    "MADONNA",
    "MAGNOLIA",
    "MAJOR",
    "MARINA",
    "MARK",
    "MARSHALL",
    "MARVEL",
    "MASON",
    "MAX",
    "MAY",
    "MERCEDES",
    "MERCY",
    "MERRY",
    "MILES",
    "MISSY",
    "MISTY",
    "MONROE",
    "MORGAN",
    "NORMAN",
    "NOVA",
    "NUMBERS",
    "OLIVE",
    "OPAL",
    "ORLANDO",
    "PANSY",
    "PARKER",
    "PAT",
    "PEARL",
    "PENNY",
    "PORTIA",
    "PRECIOUS",
    "PRINCE",
    "PRINCESS",
    "PRUDENCE",
    "QUEEN",
    "RAVEN",
    "RAY",
    "REED",
    "RICH",
    "ROBIN",
    "ROCKY",
    "ROMAN",
    "ROSE",
    "ROSEMARY",
    "ROYAL",
    "RUBY",
    "RUSTY",
    "SANDY",
    "SAVANNAH",
    "SCARLETT",
    "SIERRA",
    "SOON",
    "STAR",
    "STARR",
    "STERLING",
    "SUE",
    "SUMMER",
    "SUNNY",
    "SUNSHINE",
    "SYDNEY",
    "TERRA",
    "TIARA",
    "TRINIDAD",
    "VALENCIA",
    "VAN",
    "VENUS",
    "VERONA",
    "VIOLET",
    "VIRGINIA",
    "WADE",
    "WALKER",
    "WARD",
    "WILL",
    "WINDY",
    "YOUNG",
];

/// Surnames of the census lists that end a place's name far more often than a person's
/// (`Elizabeth Street`, `Albert Bridge`, `Thomas Square`).
const PLACES: &[&str] = &[
    "BAY", "BEACH", "BRIDGE", "CASTLE", "CENTER", "CHURCH", "COURT", "PLACE", "RIVER", "SQUARE",
    "STREET", "TOWER",
];

/// Brands named after their founders, as shops write them (given name, surname), where both
/// words are on the lists (`Ralph Lauren` is not: Lauren is no frequent surname).
const BRANDS: &[(&str, &str)] = &[
    ("ALEXANDER", "WANG"),
    ("ANNE", "KLEIN"),
    ("BOBBI", "BROWN"),
    ("CALVIN", "KLEIN"),
    ("CAROLINA", "HERRERA"),
    ("EDDIE", "BAUER"),
    ("FRED", "PERRY"),
    ("HARRY", "WINSTON"),
    ("HUGO", "BOSS"),
    ("JOHN", "DEERE"),
    ("JOHN", "LEWIS"),
    ("JOHNNIE", "WALKER"),
    ("KATE", "SPADE"),
    ("KENNETH", "COLE"),
    ("LAURA", "ASHLEY"),
    ("LEVI", "STRAUSS"),
    ("MARC", "JACOBS"),
    ("MARTHA", "STEWART"),
    ("MARY", "KAY"),
    ("PAUL", "FRANK"),
    ("PAUL", "MITCHELL"),
    ("PAUL", "SMITH"),
    ("SAM", "EDELMAN"),
    ("SARA", "LEE"),
    ("STELLA", "MCCARTNEY"),
    ("STEVE", "MADDEN"),
    ("STUART", "WEITZMAN"),
    ("TED", "BAKER"),
    ("TOM", "FORD"),
    ("TORY", "BURCH"),
    ("VERA", "WANG"),
];

/// Months and days: `Jessica May`, `Justin Monday` are dates as often as names.
const CALENDAR: &[&str] = &[
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
    "MONDAY",
    "TUESDAY",
    "WEDNESDAY",
    "THURSDAY",
    "FRIDAY",
    "SATURDAY",
    "SUNDAY",
];

struct Lists {
    given: HashSet<&'static str>,
    surnames: HashSet<&'static str>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let words: HashSet<&str> = WORDS.iter().copied().collect();
    Lists {
        given: include_str!("data/census_given.txt")
            .lines()
            .filter(|n| !n.is_empty() && !words.contains(n))
            .collect(),
        surnames: include_str!("data/census_surnames.txt")
            .lines()
            .filter(|n| !n.is_empty() && !PLACES.contains(n) && !CALENDAR.contains(n))
            .collect(),
    }
});

/// How a word is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// `Brown`, `McDonald`, `O'Brien`, `Smith-Jones`.
    Capitalised,
    /// `BROWN`, `O'BRIEN`.
    Capitals,
    Other,
}

fn case_of(w: &str) -> Case {
    let b = w.as_bytes();
    if !b[0].is_ascii_uppercase() {
        return Case::Other;
    }
    if b.len() >= 2
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || matches!(c, b'\'' | b'-'))
    {
        return Case::Capitals;
    }
    // After the capital: lower case, with a capital again only after `Mc`, `Mac`, `O'`, `D'`
    // or a hyphen (`McDonald`, `MacArthur`, `O'Brien`, `Smith-Jones`).
    let lower_from = |i: usize| {
        b[i..]
            .iter()
            .all(|c| c.is_ascii_lowercase() || matches!(c, b'\'' | b'-'))
    };
    let ok = lower_from(1)
        || (w.starts_with("Mc") && b.len() > 3 && b[2].is_ascii_uppercase() && lower_from(3))
        || (w.starts_with("Mac") && b.len() > 4 && b[3].is_ascii_uppercase() && lower_from(4))
        || (b.len() > 3 && b[1] == b'\'' && b[2].is_ascii_uppercase() && lower_from(3))
        || w.split_once('-').is_some_and(|(a, z)| {
            !a.is_empty()
                && !z.is_empty()
                && case_of(a) == Case::Capitalised
                && case_of(z) == Case::Capitalised
        });
    if ok { Case::Capitalised } else { Case::Other }
}

/// `w` in capitals without its apostrophes, as the lists spell names (`O'Brien` → `OBRIEN`),
/// in `buf`; `None` when it is longer than any name of the lists.
fn key<'b>(w: &str, buf: &'b mut [u8; 24]) -> Option<&'b str> {
    let mut n = 0;
    for c in w.bytes().filter(|c| *c != b'\'') {
        *buf.get_mut(n)? = c.to_ascii_uppercase();
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// The words of `t`: runs of ASCII letters with apostrophes and hyphens inside, as byte ranges.
fn words(t: &str) -> Vec<(usize, usize)> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len()
            && (b[i].is_ascii_alphabetic()
                || (matches!(b[i], b'\'' | b'-')
                    && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)))
        {
            i += 1;
        }
        out.push((s, i));
    }
    out
}

/// Whether the byte before a name (at `s`) or after it (at `e`) glues it to an address, a path
/// or an identifier (`john.smith@`, `/users/John_Smith`, `JohnSmith2`).
fn glued(b: &[u8], s: usize, e: usize) -> bool {
    let before = s.checked_sub(1).map(|i| b[i]);
    let after = b.get(e).copied();
    let next = b.get(e + 1).copied();
    matches!(
        before,
        Some(b'@' | b'/' | b'_' | b'.' | b'#' | b'=' | b'0'..=b'9')
    ) || matches!(after, Some(b'@' | b'/' | b'_' | b'0'..=b'9'))
        || (after == Some(b'.') && next.is_some_and(|c| c.is_ascii_alphanumeric()))
}

/// Pushes every given name and surname pair of `t` (see the module's rules).
pub(crate) fn find(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    if !b.iter().any(u8::is_ascii_uppercase) {
        return;
    }
    let lists = &*LISTS;
    let w = words(t);
    let mut i = 0;
    while i + 1 < w.len() {
        let (s, e) = w[i];
        let first = &t[s..e];
        let case = case_of(first);
        let mut buf = [0u8; 24];
        if case == Case::Other
            || first.len() < 3
            || !key(first, &mut buf).is_some_and(|k| lists.given.contains(k))
        {
            i += 1;
            continue;
        }
        // A middle initial: `John A. Smith`, `John A Smith`.
        let mut j = i + 1;
        let (ms, me) = w[j];
        let initial = me - ms == 1
            && b[ms].is_ascii_uppercase()
            && &t[e..ms] == " "
            && (t[me..].starts_with(". ") || t[me..].starts_with(' '))
            && j + 1 < w.len();
        if initial {
            j += 1;
        }
        let (s2, e2) = w[j];
        let gap = if initial {
            &t[w[i + 1].1..s2]
        } else {
            &t[e..s2]
        };
        if !matches!(gap, " " | ". ") || (!initial && gap != " ") {
            i += 1;
            continue;
        }
        let last = &t[s2..e2];
        let mut buf2 = [0u8; 24];
        // A double-barrelled surname when both parts are surnames (`Smith-Jones`).
        let surname = key(last, &mut buf2).is_some_and(|k| {
            k.split('-')
                .all(|p| p.len() >= 3 && lists.surnames.contains(p))
        });
        let fits = case_of(last) == case && surname && !glued(b, s, e2);
        // A third word written like the pair's: a product, a title or a place.
        let third = w.get(j + 1).is_some_and(|&(s3, e3)| {
            &t[e2..s3] == " " && {
                let c = case_of(&t[s3..e3]);
                c == case || (case == Case::Capitalised && c == Case::Capitals)
            }
        });
        // In capitals, a run of capitals before it is a heading too.
        let heading_before = case == Case::Capitals
            && i > 0
            && &t[w[i - 1].1..s] == " "
            && case_of(&t[w[i - 1].0..w[i - 1].1]) == Case::Capitals;
        let brand = {
            let mut g = [0u8; 24];
            let mut z = [0u8; 24];
            matches!((key(first, &mut g), key(last, &mut z)), (Some(g), Some(z))
                if BRANDS.iter().any(|&(bg, bz)| bg == g && bz == z))
        };
        if fits && !third && !heading_before && !brand {
            out.push(Match {
                kind: Kind::Name,
                start: s,
                end: e2,
            });
            i = j + 1;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find(t, &mut out);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn names_without_a_title() {
        for (text, name) in [
            ("This is Emily Johnson from Osaka.", "Emily Johnson"),
            ("Michael Brown", "Michael Brown"),
            ("signed: Robert Miller", "Robert Miller"),
            ("I, David Wilson, request deletion", "David Wilson"),
            ("Customer: Jennifer Davis", "Jennifer Davis"),
            ("-- Jessica Taylor", "Jessica Taylor"),
            (
                "from Daniel Anderson <d.anderson@example.com>",
                "Daniel Anderson",
            ),
            ("John Smith ordered twice", "John Smith"),
            ("John A. Smith", "John A. Smith"),
            ("Patrick O'Brien", "Patrick O'Brien"),
            ("Kevin McDonald", "Kevin McDonald"),
            ("Sarah Smith-Jones", "Sarah Smith-Jones"),
            ("JESSICA TAYLOR", "JESSICA TAYLOR"),
            ("担当はSarah Millerです", "Sarah Miller"),
            ("Thanks, Linda Garcia.", "Linda Garcia"),
        ] {
            assert_eq!(found(text), [name], "{text}");
        }
    }

    #[test]
    fn shop_copy_and_words_are_not_names() {
        for text in [
            "Rose Gold iPhone case",
            "Olive Green, Ivory White and Jade Green",
            "Grace Period ends soon",
            "Summer Sale: Will Power banks",
            "Calvin Klein Jeans",
            "Ralph Lauren shirt",
            "Kate Spade bag",
            "Elizabeth Street store",
            "Virginia Beach",
            "SALE JESSICA TAYLOR COLLECTION",
            "Jessica May",
            "john smith",
            "mail john.smith@example.com",
            "/users/John_Smith/orders",
            "JohnSmith2024",
            "Mark Down prices",
            "Lincoln Park Station",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    /// The lists are the census' (given names before surnames in frequency order) and every
    /// stop word names an entry they hold, so a stop list cannot drift from the data.
    #[test]
    fn lists_and_stop_words() {
        let given = include_str!("data/census_given.txt");
        let surnames = include_str!("data/census_surnames.txt");
        assert_eq!(given.lines().next(), Some("JAMES"));
        assert_eq!(surnames.lines().next(), Some("SMITH"));
        assert!(given.lines().count() > 2_500 && surnames.lines().count() > 19_000);
        for w in WORDS {
            assert!(
                given.lines().any(|g| g == *w),
                "{w} is no census given name"
            );
        }
        for p in PLACES {
            assert!(
                surnames.lines().any(|s| s == *p),
                "{p} is no census surname"
            );
        }
        for (g, z) in BRANDS {
            let text = format!("{g} {z}");
            assert!(
                given.lines().any(|l| l == *g)
                    && !WORDS.contains(g)
                    && surnames.lines().any(|l| l == *z),
                "{text} would not be found anyway"
            );
        }
    }

    /// The English licences a Debian system ships (GPL, Apache, Artistic …): of their word
    /// pairs only the one person they name is taken.
    #[test]
    fn english_licences() {
        let Ok(dir) = std::fs::read_dir("/usr/share/common-licenses") else {
            return;
        };
        let mut taken = Vec::new();
        for f in dir.flatten() {
            let Ok(text) = std::fs::read_to_string(f.path()) else {
                continue;
            };
            for line in text.lines() {
                taken.extend(found(line).into_iter().map(str::to_string));
            }
        }
        taken.sort();
        taken.dedup();
        // The GPL's sample disclaimer is signed by a person (`written by James Hacker`).
        assert_eq!(taken, ["James Hacker"]);
    }
}
