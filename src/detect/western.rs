//! Western names without a title (`Michael Brown`, `This is Emily Johnson from Osaka`,
//! `JESSICA TAYLOR`, `Sarah Jessica Parker`), by the US Census Bureau's 1990 lists of given
//! names and surnames.
//!
//! The Latin-name pattern (`patterns`) needs a title, `Dear` or a label before a name, and
//! `romaji` finds Japanese names in Latin letters; a customer who signs `Michael Brown` under a
//! message, or writes `I, David Wilson, request deletion`, has neither. A name here is a run of
//! capitalised words (or of words in capitals) one space apart that is a frequent given name
//! and a frequent surname, or a given name, a given name or surname, and a surname, with
//! initials between (`John A. Smith`): the census' 1,000 most frequent male and 2,000 most
//! frequent female given names and its 20,000 most frequent surnames (`data/census_*.txt`,
//! written by `tests/fixtures/make_census_names.py` from census.gov's files; public domain),
//! and the given names the census lists lack that the Social Security Administration counted
//! for at least 100 children born since 1940 (`data/ssa_given.txt`: `Priya`, `Rahul`, `Jayden`;
//! written by `tests/fixtures/make_ssa_given.py`, without any name an English dictionary lists)
//! and the 2010 census' surnames of mostly Asian and Pacific Islander people the 1990 list lacks
//! (`data/census2010_api_surnames.txt`: `Shrestha`, `Iyer`), and of mostly Black or Hispanic
//! people (`data/census2010_black_hispanic_surnames.txt`: `Mensah`, `Okafor`, `Delacruz`;
//! both written by `tests/fixtures/make_api_surnames.py`).
//! Accents and apostrophes are read as the lists spell names (`José`, `O’Brien`, `Johnson's`);
//! prefixes may take a capital (`McDonald`, `LaToya`, `DiMaggio`), and a double-barrelled
//! surname counts when both parts are surnames (`Smith-Jones`).
//!
//! Shop copy is full of words that read like names, so
//! - a run of four capitalised words or more is a title or a product's name (`Gibson Les Paul
//!   Standard`), and so is a run whose first word is no given name (`Royal Albert Hall`,
//!   `Adidas Stan Smith`, `SALE JESSICA TAYLOR`), except greeting and label words ([`LEADS`]:
//!   `Thanks Emily Johnson`, `SHIP TO JESSICA TAYLOR`) and a suffix (`Jr`);
//! - a given name that is also an English word, a place or a title is none ([`WORDS`]: `Rose
//!   Gold`, `Grace Period`, `Summer Sale`, `Will Power`, `Virginia Beach`), nor is a surname that
//!   is first a colour, a month or a place's last word ([`NOT_SURNAMES`], [`PLACES`]: `Kelly
//!   Green`, `Jessica May`, `Hong Kong`, `Elizabeth Street`);
//! - brands named after their founders, products and characters are listed ([`NOT_PEOPLE`]:
//!   `Calvin Klein`, `Herman Miller`, `Stan Smith`, `Harry Potter`);
//! - nothing may glue it to an address, a path or an identifier (`@`, `/`, `_`, `.`, a digit);
//! - a thing's or a place's noun after it (`Bella Rose dress`, `Quang Nam province`) or a
//!   possessive before its last word (`Tully's Coffee`) makes it none.
//!
//! Where the context says a name, less is needed (`find_in_context`): after a name's label a
//! pair in lower case, a pair in capitals surname first (passports) and a given name alone;
//! after an introduction, a greeting or a sign-off a given name alone, when what follows goes
//! with a person. Byte tests come first: most texts hold no capital after a space, no
//! capitalised word and no two lower-case words, and stop there.
//!
//! It runs where names are found without context (the `text` rule and `scrub` with `names =
//! "analysis"`, their default), not in the delivery check: a catalogue kept as it is holds
//! brands and artists no list can name (`Taylor Swift`, `Jill Stuart`), and a finding there
//! stops the delivery. Chinese, Korean and Vietnamese names are found by how they are built
//! (`asian`: `Wei Zhang`, `Park Ji-hoon`, `Nguyen Van An`). Left out: single given names
//! (`Thanks, Sarah`), a surname before its given name (`SMITH JOHN`, `Smith, John`: lists of
//! places read the same), given names no list holds (`Bishnu`, `Siti`), and given names that are
//! words (`Amber Brown`), unless a title or a label marks them (`patterns`). Measured on the
//! English licences and documentation a Debian system ships (10.9 MB): the pairs found are
//! authors' and contributors' names; a test keeps that for the licences.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

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
    "CHANEL",
    "CHI",
    "NOEL",
    "SUN",
    "ALEXA",
];

/// Surnames of the census lists that end a place's name far more often than a person's
/// (`Elizabeth Street`, `Albert Bridge`, `Thomas Square`).
const PLACES: &[&str] = &[
    "BAY", "BEACH", "BRIDGE", "CASTLE", "CENTER", "CHURCH", "COURT", "FALLS", "HARBOR", "HARBOUR",
    "HOLE", "PLACE", "RIVER", "SQUARE", "STREET", "TOWER",
];

/// Pairs that name no customer: brands named after their founders, products, characters,
/// colours and places, as shops write them (given name, surname). Each pair's words are on the
/// lists (a test says so): `Ralph Lauren` is not, Lauren being no frequent surname.
const NOT_PEOPLE: &[(&str, &str)] = &[
    // A black-box review's shop copy (session 32): a brush, a magazine, a tweed, a chilli.
    ("OLIVIA", "GARDEN"),
    ("MARIE", "CLAIRE"),
    ("HARRIS", "TWEED"),
    ("CAROLINA", "REAPER"),
    ("SANTA", "CLAUS"),
    // Surnames of the 2010 list (`data/census2010_api_surnames.txt`): a brand, a city.
    ("JIMMY", "CHOO"),
    ("HAI", "PHONG"),
    // Fashion, watches, cosmetics.
    ("ALEXANDER", "MCQUEEN"),
    ("ALEXANDER", "WANG"),
    ("ANN", "TAYLOR"),
    ("ANNE", "KLEIN"),
    ("BEN", "SHERMAN"),
    ("BOBBI", "BROWN"),
    ("CALVIN", "KLEIN"),
    ("CAROLINA", "HERRERA"),
    ("DANIEL", "WELLINGTON"),
    ("EDDIE", "BAUER"),
    ("EDWARD", "GREEN"),
    ("ELIZABETH", "ARDEN"),
    ("FRED", "PERRY"),
    ("HARRY", "WINSTON"),
    ("HUGO", "BOSS"),
    ("JILL", "STUART"),
    ("JOHN", "MASTERS"),
    ("KATE", "SPADE"),
    ("KENNETH", "COLE"),
    ("LAURA", "ASHLEY"),
    ("LAURA", "MERCIER"),
    ("LEVI", "STRAUSS"),
    ("MARC", "JACOBS"),
    ("MARGARET", "HOWELL"),
    ("MARTHA", "STEWART"),
    ("MARY", "KAY"),
    ("OLIVIA", "BURTON"),
    ("PAUL", "FRANK"),
    ("PAUL", "MITCHELL"),
    ("PAUL", "SMITH"),
    ("PAUL", "STUART"),
    ("PERRY", "ELLIS"),
    ("PIERRE", "CARDIN"),
    ("SALLY", "HANSEN"),
    ("SAM", "EDELMAN"),
    ("STELLA", "MCCARTNEY"),
    ("STEVE", "MADDEN"),
    ("STUART", "WEITZMAN"),
    ("TED", "BAKER"),
    ("TOM", "FORD"),
    ("TORY", "BURCH"),
    ("VERA", "BRADLEY"),
    ("VERA", "WANG"),
    // Furniture, homeware, food and drink.
    ("BETTY", "CROCKER"),
    ("CARL", "HANSEN"),
    ("CHARLES", "EAMES"),
    ("EMILE", "HENRY"),
    ("ERIC", "KAYSER"),
    ("EVAN", "WILLIAMS"),
    ("FRITZ", "HANSEN"),
    ("GEORGE", "NELSON"),
    ("HERMAN", "MILLER"),
    ("JAMIE", "OLIVER"),
    ("JIM", "BEAM"),
    ("JOHN", "DEERE"),
    ("JOHN", "LEWIS"),
    ("JOHNNIE", "WALKER"),
    ("JOSEPH", "JOSEPH"),
    ("LISA", "LARSON"),
    ("LOUIS", "POULSEN"),
    ("PAUL", "BASSETT"),
    ("RUSSELL", "HOBBS"),
    ("SAMUEL", "ADAMS"),
    ("SARA", "LEE"),
    ("TOM", "COLLINS"),
    ("TOM", "DIXON"),
    ("WILLIAM", "MORRIS"),
    // Products, characters and titles.
    ("BILLIE", "JEAN"),
    ("CHARLIE", "BROWN"),
    ("HARRY", "POTTER"),
    ("JAMES", "BOND"),
    ("JOHN", "WICK"),
    ("LES", "PAUL"),
    ("PERCY", "JACKSON"),
    ("PETER", "PAN"),
    ("STAN", "SMITH"),
    ("TIFFANY", "KEY"),
    ("TOM", "SAWYER"),
    // Colours and places.
    ("ALBERT", "HALL"),
    ("KELLY", "GREEN"),
    ("STANLEY", "PARK"),
    ("VICTORIA", "PARK"),
];

/// Surnames of the lists that are words first: colours, sales, a place's last word (`Hong
/// Kong`, `Beverly Hills`), months and days (`Jessica May`).
const NOT_SURNAMES: &[&str] = &[
    "BLUE", "DOCK", "GOLD", "HILLS", "KONG", "OAKS", "PEACH", "PINK", "RED", "SALE", "SALES",
    "SILVER", "SPRINGS", "JANUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "MONDAY",
    "FRIDAY", "SUNDAY", "BOX", "DAY", "MONTANA", "NORTH",
];

/// Words that may stand, capitalised, right before a name in a greeting, a signature or a
/// label (`Thanks Emily Johnson`, `SHIP TO JESSICA TAYLOR`, `Best Regards Michael Brown`).
const LEADS: &[&str] = &[
    "ATTN",
    "ATTENTION",
    "BEST",
    "BUYER",
    "BY",
    "CC",
    "CHEERS",
    "CONTACT",
    "CUSTOMER",
    "DEAR",
    "FROM",
    "HELLO",
    "HEY",
    "HI",
    "KIND",
    "LOVE",
    "NAME",
    "RECIPIENT",
    "REGARDS",
    "RESPECTFULLY",
    "SENDER",
    "SHIP",
    "SIGNED",
    "SINCERELY",
    "THANK",
    "THANKS",
    "TO",
    "WARM",
    "WARMLY",
    "YOURS",
];

/// Words of [`OPENERS`] that open a thing's name as often as a person's (`Our Jordan Valley
/// dates`, `For Emily Johnson` is rarer than `for Jordan Valley`): they open a Western pair only
/// as [`LEADS`] do.
const THING_OPENERS: &[&str] = &[
    "MY", "OUR", "AND", "OR", "WITH", "FOR", "SEND", "DELIVER", "MAY",
];

/// Words that open a sentence or address a person before a name (`Could Zhu Min pick it up`,
/// `MR ZHANG WEI`), besides [`LEADS`]: only after one of these does a Chinese, Korean or
/// Vietnamese name start a word late (not `Xiao Long Bao`, `Din Tai Fung`).
const OPENERS: &[&str] = &[
    "COULD",
    "CAN",
    "WOULD",
    "WILL",
    "SHOULD",
    "MAY",
    "PLEASE",
    "IM",
    "MR",
    "MRS",
    "MS",
    "MISS",
    "DR",
    "PROF",
    "ASK",
    "TELL",
    "CALL",
    "LET",
    "MY",
    "OUR",
    "PASSENGER",
    "GUEST",
    "MEMBER",
    "CLIENT",
    "AND",
    "OR",
    "WITH",
    "FOR",
    "SEND",
    "DELIVER",
    "CC",
    "ATTN",
];

/// Vietnamese honorifics by kinship, capitalised at a sentence's start (`Chị Trần Thị Bình sẽ
/// nhận hàng`, `Anh Nguyễn Văn Nam`), keyed without their marks: before a whole Vietnamese
/// name they are no part of it.
const VN_HONORIFICS: &[&str] = &["ANH", "CHI", "EM", "ONG", "BA", "CO", "CHU", "BAC"];

/// Given names of the SSA list (`data/ssa_given.txt`) that are first a brand a shop sells or an
/// assistant's name: `Hey Siri`, `Kenzo`, `Anessa` (Shiseido's sunscreen), `Amiri`, `Kao`.
const BRANDS: &[&str] = &["AMIRI", "ANESSA", "KAO", "KENZO", "LOREAL", "SIRI"];

/// Particles a surname may start with, capitalised in a run (`Dela Cruz`, `De La Rosa`, `Van
/// Der Berg`, `Dos Santos`, `Bin Ahmad`), as keys.
const PARTICLES: &[&str] = &[
    "DE", "DEL", "DELA", "DELLA", "DA", "DAS", "DO", "DOS", "DI", "DU", "LA", "LE", "LOS", "VAN",
    "VON", "DER", "DEN", "TER", "BIN", "BINTI",
];

/// Words after a name that belong to it (`Michael Brown Jr.`).
const SUFFIXES: &[&str] = &["JR", "SR", "II", "III", "IV"];

struct Lists {
    /// The census' given names and the SSA's (`data/ssa_given.txt`: `Priya`, `Rahul`, `Jayden`).
    given: HashSet<&'static str>,
    /// The census' alone: a word of the SSA's only (`Lian`) does not keep a run's last word
    /// from being dropped (`Lee Bee Lian`: the run is tried as `Lee Bee`, as before the SSA's
    /// names were read).
    census_given: HashSet<&'static str>,
    surnames: HashSet<&'static str>,
}

/// Given names among the SSA's most given of recent years (`Liam`, first since 2017; `Aria`,
/// `Layla`; not `Madison`, `Harper` or `Addison`, which shops sell as brands: Madison Reed,
/// HarperCollins, Addison Lee) that `data/ssa_given.txt` leaves out because a dictionary lists them
/// as proper names, and Slavic and Arabic given names customers from abroad write that neither
/// list holds in their common romanisation (`Dmitri`, `Sergei`, `Oleksandr`, `Muhammad`): none
/// an English word a shop's copy uses.
const ADDED_GIVEN: &[&str] = &[
    "LIAM",
    "ASHER",
    "EZEKIEL",
    "ARIA",
    "LAYLA",
    "AALIYAH",
    "DMITRI",
    "DMITRY",
    "SERGEI",
    "SERGEY",
    "OLEKSANDR",
    "OLEKSII",
    "MYKOLA",
    "VOLODYMYR",
    "MUHAMMAD",
    "MOHAMMAD",
    "MOHAMED",
];

/// The most common surnames of Russia, Ukraine and Turkey (the lists of their most frequent
/// surnames, romanised as passports write them), which the US census' lists lack: customers
/// from there write them (`Ivan Petrov`, `Olena Kovalenko`).
const ADDED_SURNAMES: &[&str] = &[
    "IVANOV",
    "SMIRNOV",
    "KUZNETSOV",
    "POPOV",
    "VASILIEV",
    "VASILYEV",
    "PETROV",
    "SOKOLOV",
    "MIKHAILOV",
    "NOVIKOV",
    "FEDOROV",
    "MOROZOV",
    "VOLKOV",
    "ALEKSEEV",
    "LEBEDEV",
    "SEMENOV",
    "EGOROV",
    "PAVLOV",
    "KOZLOV",
    "STEPANOV",
    "NIKOLAEV",
    "ORLOV",
    "ANDREEV",
    "MAKAROV",
    "NIKITIN",
    "ZAKHAROV",
    "IVANOVA",
    "SMIRNOVA",
    "KUZNETSOVA",
    "POPOVA",
    "PETROVA",
    "SOKOLOVA",
    "NOVIKOVA",
    "MOROZOVA",
    "VOLKOVA",
    "LEBEDEVA",
    "KOZLOVA",
    "PAVLOVA",
    "ORLOVA",
    "MELNYK",
    "SHEVCHENKO",
    "BOYKO",
    "KOVALENKO",
    "BONDARENKO",
    "TKACHENKO",
    "KOVALCHUK",
    "KRAVCHENKO",
    "OLIYNYK",
    "SHEVCHUK",
    "POLISHCHUK",
    "TKACHUK",
    "MARCHENKO",
    "LYSENKO",
    "RUDENKO",
    "SAVCHENKO",
    "PETRENKO",
    "YILMAZ",
    "DEMIR",
    "SAHIN",
    "CELIK",
    "YILDIZ",
    "YILDIRIM",
    "OZTURK",
    "AYDIN",
    "OZDEMIR",
    "ARSLAN",
    "DOGAN",
    "KILIC",
];

static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let words: HashSet<&str> = WORDS.iter().chain(BRANDS).copied().collect();
    let census_given: HashSet<&str> = include_str!("data/census_given.txt")
        .lines()
        .filter(|n| !n.is_empty() && !words.contains(n))
        .collect();
    Lists {
        given: include_str!("data/ssa_given.txt")
            .lines()
            .filter(|n| !n.is_empty() && !words.contains(n))
            .chain(census_given.iter().copied())
            .chain(ADDED_GIVEN.iter().copied())
            .collect(),
        census_given,
        surnames: include_str!("data/census_surnames.txt")
            .lines()
            .chain(include_str!("data/census2010_api_surnames.txt").lines())
            .chain(include_str!("data/census2010_black_hispanic_surnames.txt").lines())
            .filter(|n| !n.is_empty() && !PLACES.contains(n) && !NOT_SURNAMES.contains(n))
            .chain(ADDED_SURNAMES.iter().copied())
            .collect(),
    }
});

/// How a word is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Case {
    /// `Brown`, `McDonald`, `O'Brien`, `DeShawn`, `Smith-Jones`, `José`.
    Capitalised,
    /// `BROWN`, `O'BRIEN`, `JOSÉ`.
    Capitals,
    /// One capital (`A` of `John A. Smith`).
    Initial,
    Other,
}

/// Whether `c` is a letter of a Latin name: ASCII, or an accented Latin letter (`é`, `ñ`, `ø`)
/// (Latin Extended Additional too: Vietnamese writes `ặ`, `ễ`, `ị` with two marks.)
fn latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic())
        || (('\u{1E00}'..='\u{1EFF}').contains(&c) && c.is_alphabetic())
}

/// A surname's prefixes after which a capital may stand again (`McDonald`, `MacArthur`,
/// `O'Brien`, `D'Angelo`, `DeShawn`, `LaToya`, `LeBlanc`, `DiMaggio`, `DaSilva`, `DuBois`).
const PREFIXES: [&str; 12] = [
    "Mc",
    "Mac",
    "O'",
    "O\u{2019}",
    "D'",
    "D\u{2019}",
    "De",
    "La",
    "Le",
    "Di",
    "Da",
    "Du",
];

fn case_of(w: &str) -> Case {
    let mut letters = w.chars().filter(|c| latin_letter(*c));
    let Some(first) = letters.next() else {
        return Case::Other;
    };
    if !first.is_uppercase() {
        return Case::Other;
    }
    let mut rest = letters.peekable();
    if rest.peek().is_none() {
        return Case::Initial;
    }
    if rest.all(char::is_uppercase) {
        return Case::Capitals;
    }
    let lower = |s: &str| {
        s.chars()
            .all(|c| c.is_lowercase() || matches!(c, '\'' | '\u{2019}' | '-'))
    };
    let capitalised = |s: &str| {
        let mut c = s.chars();
        s.chars().count() >= 2 && c.next().is_some_and(char::is_uppercase) && lower(c.as_str())
    };
    let prefixed = PREFIXES
        .iter()
        .any(|p| w.strip_prefix(p).is_some_and(capitalised));
    let hyphenated = w
        .split_once('-')
        .is_some_and(|(a, z)| capitalised(a) && case_of(z) == Case::Capitalised);
    if capitalised(w) || prefixed || hyphenated {
        Case::Capitalised
    } else {
        Case::Other
    }
}

/// `w` as the lists spell names: capitals without accents or apostrophes, a possessive `'s`
/// dropped (`O'Brien` → `OBRIEN`, `José` → `JOSE`, `Johnson's` → `JOHNSON`).
/// Whether `w` is a given name of the lists (the census' and the SSA's), as a pair's first
/// word reads it (`Mohammed`, `Olena`).
pub(crate) fn is_given_name(w: &str) -> bool {
    LISTS.given.contains(key(w).as_str())
}

fn key(w: &str) -> String {
    let w = w
        .strip_suffix("'s")
        .or_else(|| w.strip_suffix("\u{2019}s"))
        .unwrap_or(w);
    // `Đ` has no decomposition: Vietnamese reads it as a `D` (`Đặng`).
    w.nfd()
        .map(|c| if matches!(c, 'Đ' | 'đ') { 'D' } else { c })
        .filter(|c| c.is_ascii_alphabetic() || *c == '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The words of `t`: runs of Latin letters with apostrophes and hyphens inside, as byte
/// ranges.
fn words(t: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut chars = t.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !latin_letter(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let joiner = matches!(d, '\'' | '\u{2019}' | '-')
                && t[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(latin_letter);
            if latin_letter(d) || joiner {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push((i, end));
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

/// Pushes every name of `t`: a run of capitalised words (or of words in capitals) one space
/// apart, without the greeting or label words it starts with and a suffix it ends with, that is
/// a given name and a surname, or a given name, a given name or surname, and a surname, with
/// initials between (see the module's rules). A longer run is a title or a product's name.
/// `also_given`: more given names for the context rules' given name alone (the romanisations of
/// Japanese given names, `Thanks, Yuki`), where the name analysis has them.
pub(crate) fn find(t: &str, also_given: Option<&dyn Fn(&str) -> bool>, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    // Byte tests first, since most texts hold no name of this kind: two words in a run (a
    // space, then a capital), a capitalised word (a capital, then a lower-case letter), or
    // two lower-case words (`name: jessica taylor`); then a label or greeting for the
    // context rules.
    let spaces = || memchr::memchr_iter(b' ', b);
    let two_words = spaces().any(|i| {
        i > 0
            && (b[i - 1].is_ascii_alphabetic() || b[i - 1] >= 0x80 || b[i - 1] == b' ')
            && b.get(i + 1).is_some_and(u8::is_ascii_uppercase)
    });
    let capitalised = b
        .windows(2)
        .any(|p| p[0].is_ascii_uppercase() && p[1].is_ascii_lowercase());
    let lower_pair = || {
        spaces().any(|i| {
            i > 0
                && b[i - 1].is_ascii_lowercase()
                && b.get(i + 1).is_some_and(u8::is_ascii_lowercase)
        })
    };
    let cued = if two_words || capitalised {
        has_cue(t)
    } else if lower_pair() {
        static LOWER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(LOWER_CUES).expect("the cue words build an automaton")
        });
        LOWER.is_match(t) && has_cue(t)
    } else {
        false
    };
    if !two_words && !cued {
        return;
    }
    let lists = &*LISTS;
    let w = words(t);
    let mut i = 0;
    while i < w.len() {
        // The run starting at word i.
        let case = case_of(&t[w[i].0..w[i].1]);
        if !matches!(case, Case::Capitalised | Case::Capitals) {
            i += 1;
            continue;
        }
        let mut run = vec![(w[i], case)];
        let mut j = i + 1;
        while j < w.len() {
            let (prev, prev_case) = run[run.len() - 1];
            let gap = &t[prev.1..w[j].0];
            let c = case_of(&t[w[j].0..w[j].1]);
            let joined = matches!(gap, " " | "  ") || (prev_case == Case::Initial && gap == ". ");
            // An initial needs its `.` or a word of the run's case after it (`John A. Smith`,
            // `John Q Public`); `A` and `I` need the `.` (`Gloria A Day`, `Emily I Love it`).
            let word = &t[w[j].0..w[j].1];
            let fits = c == case
                || (c == Case::Initial
                    && (t[w[j].1..].starts_with(". ")
                        || (!matches!(word, "A" | "I")
                            && w.get(j + 1).is_some_and(|n| {
                                &t[w[j].1..n.0] == " " && case_of(&t[n.0..n.1]) == case
                            }))));
            if !joined || !fits {
                break;
            }
            run.push((w[j], c));
            j += 1;
        }
        i = j;
        let key_of = |r: &((usize, usize), Case)| key(&t[r.0.0..r.0.1]);
        // Leading greeting, label and opening words (`Thanks Emily Johnson`, `Could Arjun
        // Gupta call`), a trailing suffix.
        let mut from = 0;
        while from + 2 < run.len() && {
            let k = key_of(&run[from]);
            LEADS.contains(&k.as_str())
                || (OPENERS.contains(&k.as_str()) && !THING_OPENERS.contains(&k.as_str()))
        } {
            from += 1;
        }
        let mut to = run.len();
        if to > from + 2 && SUFFIXES.contains(&key_of(&run[to - 1]).as_str()) {
            to -= 1;
        }
        let run = &run[from..to];
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            continue;
        };
        if first.1 == Case::Initial || last.1 == Case::Initial {
            continue;
        }
        // The words that are no initials, with where they stand in the run.
        let mut names: Vec<(String, usize)> = run
            .iter()
            .enumerate()
            .filter(|(_, r)| r.1 != Case::Initial)
            .map(|(k, r)| (key_of(r), k))
            .collect();
        // A double given name when both parts are given names (`Anne-Marie`, `Mary-Jane`).
        let in_list = |list: &HashSet<&str>, k: &str| {
            list.contains(k)
                || k.split_once('-')
                    .is_some_and(|(a, z)| list.contains(a) && list.contains(z))
        };
        let given = |k: &str| in_list(&lists.given, k);
        let surname = |k: &str| {
            k.split('-')
                .all(|p| p.len() >= 3 && lists.surnames.contains(p))
        };
        let not_people = |g: &str, z: &str| NOT_PEOPLE.iter().any(|&(a, b)| a == g && b == z);
        // A name before one or two words of a place, a role or a unit that are no names
        // (`Emily Johnson Tokyo Japan`, `Michael Brown Sales Manager`, `Emily Johnson Apt`).
        // A Chinese, Korean or Vietnamese name, whole (`Nguyen Thi Thu Ha`).
        // A capitalised word before it may open the sentence (`Could Zhu Min pick it up`,
        // `MR ZHANG WEI`). Not before a thing's noun (`Wu Yi tea`, `Gong Bao chicken`).
        let thing_after = |end_at: usize| {
            let rest = &t[run[end_at].0.1..];
            rest.strip_prefix(' ').is_some_and(|r| {
                let w = r
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .next()
                    .unwrap_or("");
                super::asian::is_thing(w)
            })
        };
        let asian = {
            let keys: Vec<&str> = names.iter().map(|(k, _)| k.as_str()).collect();
            let end_at = names.last().map_or(0, |n| n.1);
            if super::asian::is_name(&keys) {
                !thing_after(end_at)
            } else if keys.len() >= 3
                && (LEADS.contains(&keys[0])
                    || OPENERS.contains(&keys[0])
                    || VN_HONORIFICS.contains(&keys[0]))
                && super::asian::is_name(&keys[1..])
                && !thing_after(end_at)
            {
                names.remove(0);
                true
            } else {
                false
            }
        };
        if names.len() <= 4 && !asian {
            while names.len() > 2
                && names.last().is_some_and(|(k, _)| {
                    !in_list(&lists.census_given, k) && !lists.surnames.contains(k.as_str())
                })
            {
                names.pop();
            }
        }
        let Some(&(_, end_at)) = names.last() else {
            continue;
        };
        let last = &run[end_at];
        let names_at: Vec<usize> = names.iter().map(|&(_, k)| k).collect();
        let names: Vec<&str> = names.iter().map(|(k, _)| k.as_str()).collect();
        let name = asian
            || match names[..] {
                // (A word doubled is a dish or a brand: `Dan Dan Noodles`.)
                [g, z] => given(g) && surname(z) && !not_people(g, z) && g != z,
                // A surname's particles (`Kristine Dela Cruz`, `Ana De La Rosa`, `Ruud Van
                // Der Berg`).
                [g, p, z] if PARTICLES.contains(&p) => {
                    given(g) && surname(z) && !not_people(g, z)
                }
                [g, p, q, z] if PARTICLES.contains(&p) && PARTICLES.contains(&q) => {
                    given(g) && surname(z) && !not_people(g, z)
                }
                [g, m, z] => {
                    given(g)
                        && (given(m) || surname(m))
                        && surname(z)
                        && !not_people(g, m)
                        && !not_people(m, z)
                        && !not_people(g, z)
                }
                _ => false,
            }
            && !thing_after(end_at)
            // A possessive ends a name (`Tully's Coffee`, `Johnson's Baby Oil`): none stands
            // before its last word.
            && !names_at[..names_at.len() - 1].iter().any(|&k| {
                let (a, z) = run[k].0;
                t[a..z].ends_with("'s") || t[a..z].ends_with("\u{2019}s")
            });
        // (The name's first word: a word before it may have been left out above.)
        let s = if asian {
            names_at.first().map_or(first.0.0, |&k| run[k].0.0)
        } else {
            first.0.0
        };
        let e = last.0.1;
        if name && !glued(b, s, e) {
            out.push(Match {
                kind: Kind::Name,
                start: s,
                end: e,
            });
        }
    }
    if cued {
        find_in_context(t, &w, also_given, out);
    }
}

/// What a label in a text without capitals holds (`name`, `お名前`, `contact`): the cheap test
/// before [`has_cue`].
const LOWER_CUES: [&str; 8] = [
    "name",
    "名前",
    "氏名",
    "受取人",
    "宛名",
    "contact",
    "customer",
    "attn",
];

/// Whether `t` holds a label or a greeting of [`NAME_LABELS`] or [`INTROS`], in any case (one
/// automaton pass).
fn has_cue(t: &str) -> bool {
    static CUES: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(NAME_LABELS.iter().chain(INTROS))
            .expect("the cue words build an automaton")
    });
    CUES.is_match(t)
}

/// What stands right before a word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A name's field label (`Name:`, `my name is`, `お名前：`, `Passport name:`).
    Label,
    /// An introduction, a greeting or a sign-off (`I'm`, `This is`, `Hi`, `Thanks,`).
    Intro,
}

/// Labels of a name's field, lower case, as the normalised text spells them (`：` is `:`).
const NAME_LABELS: &[&str] = &[
    "name",
    "full name",
    "name is",
    "passport name",
    "name on card",
    "cardholder",
    "recipient",
    "attn",
    "contact",
    "customer",
    "buyer",
    "sender",
    "お名前",
    "名前",
    "氏名",
    "ご氏名",
    "受取人",
    "宛名",
];

/// The words that make `name` a person's (`my name is`, `Customer name:`, `full name`).
const NAME_OWNERS: &[&str] = &[
    "my",
    "your",
    "his",
    "her",
    "their",
    "full",
    "first",
    "last",
    "given",
    "family",
    "legal",
    "customer",
    "customer's",
    "passport",
    "contact",
    "recipient",
    "sender",
    "buyer",
    "card",
    "cardholder",
    "holder's",
    "applicant",
    "member",
];

/// Places' first words, not surnames written first (`SANTA MONICA`, `LAKE MARY`).
const PLACE_PREFIXES: &[&str] = &[
    "SANTA", "SAN", "LAKE", "PORT", "MOUNT", "FORT", "SAINT", "CAPE", "NEW", "EAST", "WEST",
    "NORTH", "SOUTH",
];

/// Words that may follow a given name alone (`I'm John and …`, `This is Emily from …`).
const AFTER_ALONE: &[&str] = &[
    "and", "from", "here", "at", "speaking", "again", "with", "of", "in", "for", "to", "on", "via",
    "the", "i", "my", "thanks", "thank", "please",
];

/// Words that introduce or greet a person by a given name (`I'm John`, `Hi Sarah,`).
const INTROS: &[&str] = &[
    "i'm",
    "i am",
    "this is",
    "call me",
    "hi",
    "hello",
    "hey",
    "dear",
    "thanks",
    "thank you",
    "regards",
    "cheers",
    "sincerely",
];

fn context_before(t: &str, s: usize) -> Option<Context> {
    // (A line break too: a sign-off on its own line, the name on the next.)
    let before = t[..s].trim_end_matches([
        ' ', '\t', '\n', '\r', ':', '：', ',', '-', ')', ']', '】', '=',
    ]);
    let tail: String = {
        let start = before.char_indices().rev().nth(15).map_or(0, |(i, _)| i);
        before[start..].to_lowercase().replace('\u{2019}', "'")
    };
    let ends = |l: &str| {
        tail.ends_with(l)
            && !tail[..tail.len() - l.len()]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
    };
    // `name` is a person's only when nothing or a person's word owns it (`Name:`, `My name is`,
    // `Customer name:`; not `Product name:`, `Pet name:`, `The ship name is`); `名前` not after
    // `の` (`ペットの名前`).
    let owned = |l: &str| {
        let pre = tail[..tail.len() - l.len()].trim_end();
        let word = pre
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '\''))
            .next()
            .unwrap_or("");
        match l {
            "name" | "name is" | "full name" => word.is_empty() || NAME_OWNERS.contains(&word),
            "名前" => !pre.ends_with('の'),
            _ => true,
        }
    };
    if NAME_LABELS.iter().any(|l| ends(l) && owned(l)) {
        Some(Context::Label)
    } else if INTROS.iter().any(|l| ends(l)) {
        Some(Context::Intro)
    } else {
        None
    }
}

/// Names that only their context marks: after a name's label, a pair in lower case (`Name:
/// jessica taylor`) or in capitals, surname first as passports write it (`Passport name:
/// GARCIA MARIA`), and a given name alone; after an introduction or a greeting, a given name
/// alone (`I'm John`, `Hi Sarah,`, `Thanks, Emily`). A given name that is a word never counts
/// ([`WORDS`]: `Hi Grace`), and a given name alone only when no capitalised word follows it.
fn find_in_context(
    t: &str,
    w: &[(usize, usize)],
    also_given: Option<&dyn Fn(&str) -> bool>,
    out: &mut Vec<Match>,
) {
    let b = t.as_bytes();
    let lists = &*LISTS;
    let word = |k: usize| &t[w[k].0..w[k].1];
    let gap_ok = |k: usize| {
        w.get(k + 1)
            .is_some_and(|n| matches!(&t[w[k].1..n.0], " " | "  "))
    };
    let lower = |s: &str| s.chars().all(|c| c.is_lowercase() || c == '\'' || c == '-');
    let mut push = |s: usize, e: usize| {
        if !glued(b, s, e) {
            out.push(Match {
                kind: Kind::Name,
                start: s,
                end: e,
            });
        }
    };
    for k in 0..w.len() {
        let Some(ctx) = context_before(t, w[k].0) else {
            continue;
        };
        let (a, case) = (key(word(k)), case_of(word(k)));
        if ctx == Context::Label && gap_ok(k) {
            // A Chinese, Korean or Vietnamese name of three or four words in lower case (`name:
            // park min seok`, `nguyen thi thu ha`), whole.
            let mut run = vec![a.clone()];
            while run.len() < 4 && gap_ok(k + run.len() - 1) && lower(word(k + run.len())) {
                run.push(key(word(k + run.len())));
            }
            if lower(word(k)) {
                let keys: Vec<&str> = run.iter().map(String::as_str).collect();
                if let Some(n) = (3..=keys.len())
                    .rev()
                    .find(|&n| super::asian::is_name(&keys[..n]))
                {
                    push(w[k].0, w[k + n - 1].1);
                    continue;
                }
            }
            let z = key(word(k + 1));
            let case_z = case_of(word(k + 1));
            let people = !NOT_PEOPLE
                .iter()
                .any(|&(g, l)| (g == a && l == z) || (g == z && l == a));
            // (Or a Chinese, Korean or Vietnamese name: `name: wang wei`, `park ji-hoon`.)
            if lower(word(k))
                && lower(word(k + 1))
                && people
                && ((lists.given.contains(a.as_str()) && lists.surnames.contains(z.as_str()))
                    || super::asian::is_name(&[&a, &z]))
            {
                push(w[k].0, w[k + 1].1);
                continue;
            }
            if case == Case::Capitals
                && case_z == Case::Capitals
                && people
                && !PLACE_PREFIXES.contains(&a.as_str())
                && lists.surnames.contains(a.as_str())
                && lists.given.contains(z.as_str())
            {
                // A middle name after the given name (`SMITH JOHN MICHAEL`).
                let end = if gap_ok(k + 1)
                    && case_of(word(k + 2)) == Case::Capitals
                    && lists.given.contains(key(word(k + 2)).as_str())
                {
                    w[k + 2].1
                } else {
                    w[k + 1].1
                };
                push(w[k].0, end);
                continue;
            }
        }
        // A given name alone: capitalised (or in capitals after a label), with no capitalised
        // word after it.
        let alone = !w.get(k + 1).is_some_and(|n| {
            &t[w[k].1..n.0] == " "
                && matches!(case_of(&t[n.0..n.1]), Case::Capitalised | Case::Capitals)
        });
        let cased = case == Case::Capitalised || (ctx == Context::Label && case == Case::Capitals);
        // What follows a given name alone: the text's end, a mark, other script, or a word that
        // goes with a person (`Hi Sarah,`, `I'm John and`, `This is Emily from`); not a
        // possessive, `&` or a digit (`Wendy's`, `Ben & Jerry's`, `Jordan 1`), nor a noun
        // (`Hi Taylor fans`, `This is Chloe perfume`).
        let rest = &t[w[k].1..];
        let possessive = word(k).ends_with("'s") || word(k).ends_with("\u{2019}s");
        let next_word = rest.strip_prefix(' ').map(|r| {
            r.split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .unwrap_or("")
        });
        let follows = match next_word {
            Some(n) if !n.is_empty() => AFTER_ALONE.contains(&n.to_ascii_lowercase().as_str()),
            _ => !rest
                .trim_start_matches(' ')
                .starts_with(|c: char| c == '&' || c == '+' || c.is_ascii_digit()),
        };
        let given = lists.given.contains(a.as_str())
            || (!WORDS.contains(&a.as_str()) && also_given.is_some_and(|g| g(word(k))));
        if cased && alone && !possessive && follows && given {
            push(w[k].0, w[k].1);
        }
    }
}

/// Whether a whole value is one name of this kind (`Emily Johnson`, `JOHN A. SMITH`): a cell
/// of a column that holds people's names.
pub(crate) fn is_whole_name(t: &str) -> bool {
    let mut found = Vec::new();
    find(t, None, &mut found);
    matches!(found.as_slice(), [m] if m.start == 0 && m.end == t.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find(t, None, &mut out);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn names_without_a_title() {
        for (text, name) in [
            ("This is Emily Johnson from Osaka.", "Emily Johnson"),
            // The SSA's most given names a dictionary lists, Slavic and Turkish names.
            ("This is Liam Smith, my order", "Liam Smith"),
            ("From: Aria Patel", "Aria Patel"),
            ("Hi, this is Layla Davis from Osaka.", "Layla Davis"),
            ("Ivan Petrov", "Ivan Petrov"),
            ("Thank you, Olena Kovalenko", "Olena Kovalenko"),
            ("Dmitri Ivanov ordered twice", "Dmitri Ivanov"),
            ("Mehmet Yilmaz", "Mehmet Yilmaz"),
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
            ("Patrick O\u{2019}Brien", "Patrick O\u{2019}Brien"),
            ("Kevin McDonald", "Kevin McDonald"),
            ("Sarah Smith-Jones", "Sarah Smith-Jones"),
            ("JESSICA TAYLOR", "JESSICA TAYLOR"),
            ("担当はSarah Millerです", "Sarah Miller"),
            ("Thanks, Linda Garcia.", "Linda Garcia"),
            // Greeting and label words before it, a suffix after it.
            ("Thanks Emily Johnson", "Emily Johnson"),
            ("Best Regards Michael Brown", "Michael Brown"),
            ("SHIP TO JESSICA TAYLOR", "JESSICA TAYLOR"),
            ("Michael Brown Jr. ordered", "Michael Brown"),
            // Three words, accents, possessives, prefixes.
            ("Sarah Jessica Parker", "Sarah Jessica Parker"),
            ("John Michael Smith wrote", "John Michael Smith"),
            ("José Rodríguez", "José Rodríguez"),
            ("MARÍA HERNÁNDEZ", "MARÍA HERNÁNDEZ"),
            ("Emily Johnson's order", "Emily Johnson's"),
            ("LaToya Jackson", "LaToya Jackson"),
            ("Anthony DiMaggio", "Anthony DiMaggio"),
            ("This is John Smith I ordered", "John Smith"),
            ("Anne-Marie Johnson", "Anne-Marie Johnson"),
            ("Emily  Johnson", "Emily  Johnson"),
            // Words of a place or a role after it.
            ("Emily Johnson Tokyo Japan", "Emily Johnson"),
            ("Ship to Emily Johnson Apt 5B", "Emily Johnson"),
        ] {
            assert_eq!(found(text), [name], "{text}");
        }
    }

    #[test]
    fn chinese_korean_and_vietnamese_names_in_text() {
        for (text, name) in [
            ("From Wei Zhang: the size is wrong", "Wei Zhang"),
            ("Please send it to Lee Seo-yeon.", "Lee Seo-yeon"),
            ("Nguyen Van An asked about shipping", "Nguyen Van An"),
            ("Đặng Văn Lâm called", "Đặng Văn Lâm"),
            ("Dear Nguyễn Thị Thu Hà,", "Nguyễn Thị Thu Hà"),
            ("Passenger: ZHANG WEI", "ZHANG WEI"),
            ("Could Zhu Min pick it up?", "Zhu Min"),
            ("Thanks, Wong Ka Wai", "Wong Ka Wai"),
            ("Ship to Tan Wei Ming, Blk 123", "Tan Wei Ming"),
            ("Regards, Minh Tran", "Minh Tran"),
            // A kinship honorific capitalised at a sentence's start (a review's probe).
            ("Chị Trần Thị Bình sẽ nhận hàng", "Trần Thị Bình"),
            ("Anh Nguyễn Văn Nam sẽ gọi", "Nguyễn Văn Nam"),
            ("tôi là Anh Nguyễn Văn An", "Nguyễn Văn An"),
        ] {
            assert_eq!(found(text), [name], "{text}");
        }
        for text in [
            "Our Feng Shui set and the Yin Yang mug",
            "Sun Tan lotion for the Ha Long Bay tour",
            "Made in Shanghai Tang style",
            "Wu Yi mountain black tea",
            "Gong Bao chicken",
            "Dan Dan Noodles",
            "Jin Jiang hotel",
            "Xiao Long Bao, frozen",
            "Din Tai Fung gift voucher",
            "Tie Guan Yin, light roast",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }

    /// Given names the 1990 census lists lack, from the SSA's counts (`data/ssa_given.txt`):
    /// South Asian names and the younger customers' (`Jayden`). Brands and shop copy stay out.
    #[test]
    fn names_from_the_ssa_list() {
        for (text, name) in [
            (
                "Hi, this is Priya Patel. My order has not arrived.",
                "Priya Patel",
            ),
            (
                "Please contact Rahul Sharma about the refund.",
                "Rahul Sharma",
            ),
            ("Thanks, Anjali Singh", "Anjali Singh"),
            ("Jayden Smith ordered twice.", "Jayden Smith"),
            ("Thanks, DeShawn Washington", "DeShawn Washington"),
            ("Could Arjun Gupta call me back?", "Arjun Gupta"),
            ("Kind regards, Kristine Dela Cruz", "Kristine Dela Cruz"),
            ("Ship to Ana De La Rosa, please", "Ana De La Rosa"),
            ("Paulo Dos Santos ordered it", "Paulo Dos Santos"),
            ("NEHA KAPOOR", "NEHA KAPOOR"),
            // The 2010 surnames of mostly Black or Hispanic people.
            ("Kwame Mensah ordered two items", "Kwame Mensah"),
            ("Regards, Chioma Okafor", "Chioma Okafor"),
            ("Please send it to Maria Palaguachi", "Maria Palaguachi"),
        ] {
            assert_eq!(found(text), [name], "{text}");
        }
        for text in [
            // A brand or an assistant (`BRANDS`), a possessive, a thing's noun after the pair.
            "Hey Siri, add milk",
            "Tully's Coffee beans",
            "Kim Chi pickles",
            "Bella Rose dress in navy",
            "Trung Nguyen coffee beans",
            "Jin Jun Mei tea, premium grade",
            "Quang Nam province",
            "Our Jordan Valley dates are soft and sweet.",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }

    /// The SSA's list holds no census given name and no word of the dictionaries it was
    /// filtered by that the tests know; each brand it holds is named in `BRANDS`.
    #[test]
    fn ssa_list() {
        let ssa = include_str!("data/ssa_given.txt");
        let census: HashSet<&str> = include_str!("data/census_given.txt").lines().collect();
        assert_eq!(ssa.lines().next(), Some("JAYDEN"));
        assert!(ssa.lines().count() > 10_000);
        assert!(ssa.lines().all(|n| !census.contains(n)
            && n.len() >= 3
            && n.bytes().all(|b| b.is_ascii_uppercase())));
        for w in ["SKY", "RIVER", "DAKOTA", "BROOKLYN", "BENTLEY", "JANUARY"] {
            assert!(!ssa.lines().any(|n| n == w), "{w}");
        }
        for b in BRANDS {
            assert!(ssa.lines().any(|n| n == *b), "{b} is no SSA name");
        }
    }

    #[test]
    fn shop_copy_and_words_are_not_names() {
        for text in [
            "Rose Gold iPhone case",
            // Brands named for people whose given names are not added (a review's probe).
            "Madison Reed hair color",
            "Harper Collins edition",
            "Addison Lee taxi",
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
            // A review's shop copy (places, sales, colours, brands, products, titles).
            "Royal Albert Hall",
            "Ship to Hong Kong",
            "配送先: HONG KONG",
            "Beverly Hills, CA 90210",
            "Christmas Eve Sale",
            "Colour: Kelly Green",
            "色: Tiffany Blue",
            "Stella Gold earrings",
            "Herman Miller アーロンチェア",
            "Daniel Wellington 腕時計",
            "adidas Stan Smith ホワイト 26.5cm",
            "Adidas Stan Smith",
            "Gibson Les Paul Standard",
            "Harry Potter グッズ",
            "Peanuts Charlie Brown",
            "Gloria A Day to Remember",
            "Chanel Chance オードトワレ",
            "Tiffany Key pendant",
            "Victoria Day",
            "Sun King",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn names_their_context_marks() {
        for (text, name) in [
            ("I'm John and I need help", "John"),
            ("This is John.", "John"),
            ("Hi Sarah, your order shipped", "Sarah"),
            ("Thanks, Emily", "Emily"),
            ("Call me Mike", "Mike"),
            ("my name is john smith", "john smith"),
            ("Name: jessica taylor", "jessica taylor"),
            ("お名前：jessica taylor", "jessica taylor"),
            ("Name: wang wei", "wang wei"),
            ("name: park ji-hoon", "park ji-hoon"),
            ("my name is park min seok", "park min seok"),
            ("name: nguyen thi thu ha, room 12", "nguyen thi thu ha"),
            ("Passport name: GARCIA MARIA", "GARCIA MARIA"),
            ("Passport name: SMITH JOHN MICHAEL", "SMITH JOHN MICHAEL"),
            ("Name: Sarah", "Sarah"),
            ("Best regards,\nEmily", "Emily"),
            ("Thanks,\r\nSarah", "Sarah"),
            // The given name alone: `I` is no initial of a name after it.
            ("Thank you Emily I Love it", "Emily"),
        ] {
            assert_eq!(found(text), [name], "{text}");
        }
        for text in [
            "Hi Grace",
            "Hello Kitty",
            "Thanks, Mark",
            "Hi Team",
            "This is Tokyo",
            "I'm sure",
            "name: rose gold",
            "user name: admin",
            "Hi John Lewis",
            "filename: john smith",
            "item name: paul smith shirt",
            "Product Name: Sarah",
            // A review's: places after `ship to`, owned `name`s, brands and nouns after a
            // greeting.
            "Do you ship to Jordan?",
            "Ship to: Charlotte, NC",
            "SHIP TO: SANTA MONICA",
            "Pet name: Bella",
            "The product name is Stella",
            "ペットの名前：Charlie",
            "Hi Alexa, play music",
            "Regards, Tiffany & Co.",
            "This is Wendy's order",
            "Hi Taylor fans",
            "This is Chloe perfume",
            "Customer: Jordan 1 Retro High",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn whole_values() {
        assert!(is_whole_name("Emily Johnson"));
        assert!(is_whole_name("JOHN A. SMITH"));
        assert!(!is_whole_name("Emily Johnson Tokyo Japan"));
        assert!(!is_whole_name("Customer Name"));
        assert!(!is_whole_name("Rose Gold"));
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
        // The pairs may name the SSA's given names and the 2010 surnames too.
        let any_given = |g: &str| {
            given.lines().any(|l| l == g)
                || include_str!("data/ssa_given.txt").lines().any(|l| l == g)
        };
        let any_surname = |z: &str| {
            surnames.lines().any(|l| l == z)
                || include_str!("data/census2010_api_surnames.txt")
                    .lines()
                    .any(|l| l == z)
                || include_str!("data/census2010_black_hispanic_surnames.txt")
                    .lines()
                    .any(|l| l == z)
        };
        for (g, z) in NOT_PEOPLE {
            assert!(
                any_given(g) && !WORDS.contains(g) && any_surname(z) && !NOT_SURNAMES.contains(z),
                "{g} {z} would not be found anyway"
            );
        }
        for w in NOT_SURNAMES {
            assert!(
                surnames.lines().any(|s| s == *w),
                "{w} is no census surname"
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
