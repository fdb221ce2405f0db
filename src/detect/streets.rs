//! Addresses in Latin letters, as a shop that ships abroad (越境EC) or to foreign residents
//! receives them: a street address with a house number (`1600 Pennsylvania Avenue NW,
//! Washington, DC 20500`, `221B Baker Street, London NW1 6XE`), a Japanese address
//! romanised block numbers first (`2-21-1 Shibuya, Shibuya-ku, Tokyo 150-0002`), and a UK
//! postcode on its own (`SW1A 1AA`).
//!
//! - **A street address** is a house number (`1600`, `221B`, `12-14`), an optional direction,
//!   one to four capitalised words or ordinals (`Fifth`, `5th`) and a street type from the
//!   USPS's and Royal Mail's common suffixes (Street, St, Avenue, Road, Boulevard, Lane,
//!   Drive, Way, Court, Place …), then what may follow on the same line: a direction, a unit
//!   (`Apt 4B`, `Suite 100`, `#12`), a city, a state's two capitals and a ZIP code, or a UK
//!   postcode. The whole is masked.
//! - **A romanised Japanese address** is block numbers (丁目-番-号 as `2-21-1`), a district's
//!   name, and a municipality ending in `-ku`, `-shi`, `-cho`, `-machi`, `-gun`, `-mura`
//!   (`Shibuya-ku`, `Kyoto-shi`), then optionally a prefecture, a postal code and `Japan`; a
//!   room or building number before it is taken too.
//! - **A UK postcode** (the government's data standard: outward code, a space, an inward
//!   digit and two letters from the 20 it uses) stands alone as a postal code.
//! - **A postal code after its label** (`ZIP 94103`, `Zip code: 10001-1234`, `postcode 2000`,
//!   `PLZ 10115`, `CEP 01310-100`, `code postal 75008`): the digit shapes the Universal Postal
//!   Union's address formats list for the US (five digits, ZIP+4), most of Europe and
//!   Australia (four or five), Brazil (5-3), Poland (2-3) and Sweden or Czechia (3 2). Without
//!   its label such a number is a quantity or a price as often as a place.

use std::sync::LazyLock;

use regex::Regex;

use super::patterns::built_in;
use super::{Kind, Match};

/// A UK postcode (BS 7666): area letters (no Q, V, X first; no I, J, Z second), district,
/// space, sector digit, unit letters (no C, I, K, M, O, V).
const UK_POSTCODE: &str =
    r"(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][A-HJKMNPR-Y0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})";

/// A Canadian postal code (Canada Post: a letter, a digit, a letter, a space, a digit, a letter,
/// a digit; no D, F, I, O, Q or U, nor W or Z first).
const CA_POSTCODE: &str =
    r"(?:[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9])";

/// A flat, suite, room or floor (`Apt 4B`, `#12`, `Fifth Floor`, `3rd Floor`).
const UNIT: &str = r"(?:(?:Apt|APT|Apartment|Suite|Ste|STE|Unit|Flat|Floor|Fl|Room|Rm|\#)\.?[ ]*\#?[A-Za-z0-9-]{1,6}(?-u:\b)|(?:[A-Z][a-z]+|[0-9]{1,2}(?:st|nd|rd|th))[ ]Floor(?-u:\b))";

/// A city (one to three capitalised words), then a state's or a province's two or three
/// capitals (`NY`, `ON`, `NSW`), a ZIP code (ZIP+4 too), an Australian postcode (four digits),
/// a Canadian postal code or a UK postcode, each optional.
const PLACE: &str = concat!(
    r"[A-Z][A-Za-z]+(?:[ ][A-Z][A-Za-z]+){0,2}(?-u:\b)",
    r"(?:,?[ ]+[A-Z]{2,3}(?-u:\b))?",
    r"(?:[ ]+(?:[0-9]{5}(?:-[0-9]{4})?|[0-9]{4}|[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9])(?-u:\b))?",
    r"(?:[ ]+(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][A-HJKMNPR-Y0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})(?-u:\b))?",
);

static STREET: LazyLock<Regex> = LazyLock::new(|| {
    built_in(&format!(
        concat!(
            // A house number, not glued to a word before it.
            r"(?-u:\b)[0-9]{{1,6}}[A-Za-z]?(?:-[0-9]{{1,4}})?[ ]+",
            r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ ]+)?",
            r"(?:(?:[A-Z][a-z'’]+|[A-Z]{{2,}}|[0-9]{{1,3}}(?:st|nd|rd|th))[ ]+){{1,4}}?",
            r"(?:Street|STREET|St|ST|Avenue|AVENUE|Ave|AVE|Av|Road|ROAD|Rd|RD|Boulevard|Blvd|Lane|Ln|",
            r"Drive|Dr|Way|Court|Ct|Place|Pl|Terrace|Ter|Parkway|Pkwy|Circle|Cir|Highway|Hwy|",
            r"Square|Sq|Crescent|Cres|Close|Row|Trail|Trl|Alley|Plaza|Gardens|Grove|Mews)",
            // The street type ends a word (`St` is no start of `Stanford`), then what
            // follows on its line.
            r"(?-u:\b)\.?",
            r"(?:[ ]+(?:N|S|E|W|NE|NW|SE|SW)(?-u:\b)\.?)?",
            // A unit right after it, then up to three parts after commas: a unit or floor
            // (`Suite 100`, `Fifth Floor`), a city with a state and ZIP code or a UK
            // postcode (`Boston, MA  02110-1301`, `London NW1 6XE`), then the country.
            r"(?:,?[ ]+{unit})?",
            r"(?:,[ ]*(?:{unit}|{place})){{0,3}}",
            r"(?:,?[ ]+(?:USA|U\.S\.A\.|United[ ]States|UK|United[ ]Kingdom)(?-u:\b))?",
        ),
        unit = UNIT,
        place = PLACE,
    ))
});

/// A post office box (USPS: `PO Box 1234`, also `P.O. Box`, `Post Office Box`), then
/// what may follow on the line: a city with a state and ZIP code, the country.
static PO_BOX: LazyLock<Regex> = LazyLock::new(|| {
    built_in(&format!(
        concat!(
            r"(?-u:\b)(?:P\.?[ ]?O\.?[ ]?Box|PO[ ]BOX|P\.O\.[ ]BOX|Post[ ]Office[ ]Box)[ ]+\#?[0-9]{{1,6}}(?-u:\b)",
            r"(?:,[ ]*{place})?",
            r"(?:,?[ ]+(?:USA|U\.S\.A\.|United[ ]States)(?-u:\b))?",
        ),
        place = PLACE,
    ))
});

/// A room, or an apartment, and maybe its building's name, before a romanised address
/// (`Room 1203, Hikarie, 2-21-1 Shibuya, …`, `Apt 501, …`).
macro_rules! romanised_room {
    () => {
        r"(?:(?:Room|Rm\.?|Apt\.?|\#)[ ]*[0-9]{1,5}[A-Z]?,?[ ]+(?:[A-Z][A-Za-z]+(?:[ ][A-Z][A-Za-z]+){0,2},[ ]+)?)?"
    };
}

/// Japan's 47 prefectures as Japan Post romanises them, for an address in English order that
/// names its prefecture but no municipality with its suffix (`2-21-1 Shibuya, Tokyo 150-0002`).
const PREFECTURES_ROMAJI: &str = "Hokkaido|Aomori|Iwate|Miyagi|Akita|Yamagata|Fukushima|Ibaraki|Tochigi|Gunma|Saitama|Chiba|Tokyo|Kanagawa|Niigata|Toyama|Ishikawa|Fukui|Yamanashi|Nagano|Gifu|Shizuoka|Aichi|Mie|Shiga|Kyoto|Osaka|Hyogo|Nara|Wakayama|Tottori|Shimane|Okayama|Hiroshima|Yamaguchi|Tokushima|Kagawa|Ehime|Kochi|Fukuoka|Saga|Nagasaki|Kumamoto|Oita|Miyazaki|Kagoshima|Okinawa";

/// A romanised address that names a prefecture (see [`PREFECTURES_ROMAJI`]): the block
/// numbers and the town in either order (`2-21-1 Shibuya`; `Shibuya 2-21-1`, with all three
/// numbers, as `Version 1-2` is no town), maybe a
/// municipality, then the prefecture, a postal code and `Japan`.
static ROMANISED_PREFECTURE: LazyLock<Regex> = LazyLock::new(|| {
    built_in(
        &concat!(
            romanised_room!(),
            r"(?:(?-u:\b)[0-9]{1,4}(?:-[0-9]{1,4}){1,3},?[ ]+[A-Z][a-z]+(?:-[A-Za-z]+)?",
            r"|(?-u:\b)[A-Z][a-z]+[ ][0-9]{1,4}(?:-[0-9]{1,4}){2,3})",
            r",[ ]+(?:[A-Z][a-z]+(?:-(?:ku|shi|cho|machi|gun|mura|son))?,?[ ]+)?",
            r"(?:PREFECTURES)(?:-(?:to|fu|ken|do))?(?:[ ]Prefecture)?(?-u:\b)",
            r"(?:,?[ ]+[0-9]{3}-[0-9]{4}(?-u:\b))?",
            r"(?:,?[ ]+(?:Japan|JAPAN)(?-u:\b))?",
        )
        .replace("PREFECTURES", PREFECTURES_ROMAJI),
    )
});

static ROMANISED: LazyLock<Regex> = LazyLock::new(|| {
    built_in(concat!(
        romanised_room!(),
        r"(?-u:\b)[0-9]{1,4}(?:-[0-9]{1,4}){1,3},?[ ]+",
        r"(?:[A-Z][a-z]+(?:[- ][A-Za-z]+){0,2},?[ ]+)?",
        r"[A-Z][a-z]+-(?:ku|shi|cho|machi|gun|mura|son|Ku|Shi|Cho|Machi|Gun)",
        r"(?-u:\b)",
        r"(?:,?[ ]+[A-Z][a-z]+(?:-(?:to|fu|ken|do))?(?:[ ]Prefecture)?(?-u:\b))?",
        r"(?:,?[ ]+[0-9]{3}-[0-9]{4}(?-u:\b))?",
        r"(?:,?[ ]+(?:Japan|JAPAN)(?-u:\b))?",
    ))
});

/// A European street address, as the countries' posts write it, with its number and, after
/// it, the postcode (five digits, four in the Netherlands with two letters) and the town:
/// - German and Dutch: the street's name and its type as one word or two, then the number
///   (`Hauptstraße 5, 10115 Berlin`, `Berliner Straße 12a`, `Kalverstraat 92, 1012 PH
///   Amsterdam`);
/// - French: the number, the type, the name (`12 rue de la Paix, 75002 Paris`, `5 bis avenue
///   Victor Hugo`);
/// - Spanish and Italian: the type, the name, the number (`Calle Mayor 10, 28013 Madrid`,
///   `Via Roma 1, 00184 Roma`).
///
/// Names are in Latin-1's letters (`À`–`ÿ`), not every script's (`\p{L}`), whose classes made
/// the pattern cost 24M instructions to compile.
static EUROPEAN: LazyLock<Regex> = LazyLock::new(|| {
    built_in(concat!(
        // German and Dutch.
        r"(?:(?-u:\b)[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*",
        r"(?:straße|strasse|str\.|weg|platz|allee|gasse|damm|ufer|straat|laan|gracht|plein)",
        r"|(?-u:\b)[A-ZÄÖÜ][a-zäöüß]+[ ](?:Straße|Strasse|Str\.|Weg|Platz|Allee))",
        r"[ ]+[0-9]{1,4}[a-z]?(?-u:\b)",
        r"(?:,?[ ]+(?:[0-9]{5}|[0-9]{4}[ ]?[A-Z]{2})[ ]+[A-ZÄÖÜ][A-Za-zÀ-ÖØ-öø-ÿ\-]+)?",
        // French.
        r"|(?-u:\b)[0-9]{1,4}(?:[ ]?(?:bis|ter))?,?[ ]+",
        r"(?i:rue|avenue|boulevard|bd|impasse|allée|allee|chemin|quai|cours)[ ]+",
        r"(?:(?:de[ ]la|de[ ]l'|du|des|de|d')[ ]?)?[A-ZÉÈ][A-Za-zÀ-ÖØ-öø-ÿ'\-]+(?:[ ][A-ZÉÈ][A-Za-zÀ-ÖØ-öø-ÿ'\-]+){0,3}",
        r"(?:,?[ ]+[0-9]{5}[ ]+[A-ZÉ][A-Za-zÀ-ÖØ-öø-ÿ\-]+)?",
        // Spanish, Portuguese and Italian (the street's type in lower case too in running
        // text: `calle de Alcalá 42`).
        r"|(?-u:\b)(?:Calle|calle|C/|Avenida|avenida|Avda\.|Plaza|Paseo|Camino|Ronda|Rua|Travessa|Praça|Alameda|Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo)[ ]+",
        r"(?:(?:de[ ]la|del|de|della|dei|degli|di)[ ])?[A-ZÁÉÍÓÚÑ][A-Za-zÀ-ÖØ-öø-ÿ']+(?:[ ][A-ZÁÉÍÓÚÑ][A-Za-zÀ-ÖØ-öø-ÿ']+){0,3}",
        r",?[ ]+(?:n[º°o]\.?[ ]?)?[0-9]{1,4}(?-u:\b)",
        r"(?:,?[ ]+(?:[0-9]{5}|[0-9]{4}-[0-9]{3})[ ]+[A-ZÁÉÍÓÚ][A-Za-zÀ-ÖØ-öø-ÿ\-]+)?",
    ))
});

/// Words every [`EUROPEAN`] address holds, in their usual cases: the cheap test before it. (Not
/// `C/`, Spanish for Calle: a word of two bytes makes Teddy key every word by two, and its
/// checks cost more than the search: +26M instructions on 5 MB of inquiries. At most 32
/// words: more make Teddy its wide form, which reads half as many bytes per step: +14M on 5
/// MB of the access log. Rarer types, `avenida`, `Travessa`, `Praça`, `Alameda`, are found
/// where another cue stands.)
const EUROPEAN_CUES: [&str; 32] = [
    "calle ",
    "Rua ",
    "straße",
    "Straße",
    "strasse",
    "Strasse",
    "str.",
    "Str.",
    "weg ",
    "platz",
    "allee",
    "gasse",
    "straat",
    "laan ",
    "gracht",
    "rue ",
    "Rue ",
    "avenue",
    "Avenue",
    "boulevard",
    "Boulevard",
    "Calle",
    "Avenida",
    "Avda.",
    "Plaza",
    "Paseo",
    "Via ",
    "Viale",
    "Piazza",
    "Corso",
    "Largo",
    "quai ",
];

static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| built_in(&format!(r"(?-u:\b)(?:{UK_POSTCODE}|{CA_POSTCODE})(?-u:\b)")));

/// Street addresses (American, British, European), romanised Japanese addresses and UK and
/// Canadian postcodes in the normalised text `t`.
/// Called on text with an ASCII capital and a digit.
pub(crate) fn find(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    // Byte tests before each search, which most texts (a URL, a User-Agent) fail: a number, a
    // space and a capital (a street address); a hyphen before a municipality's suffix (a
    // romanised address); a space, a digit and two capitals ending a word (a postcode).
    let spaces = || memchr::memchr_iter(b' ', b);
    let street = spaces().any(|p| {
        // `1600 `, or `221B ` (a letter after the number).
        let number = match p {
            0 => false,
            1 => b[0].is_ascii_digit(),
            _ => {
                b[p - 1].is_ascii_digit()
                    || (b[p - 1].is_ascii_alphabetic() && b[p - 2].is_ascii_digit())
            }
        };
        number
            && b[p..]
                .iter()
                .find(|&&c| c != b' ')
                .is_some_and(u8::is_ascii_uppercase)
    });
    let romanised = memchr::memchr_iter(b'-', b)
        .any(|p| b.get(p + 1).is_some_and(|c| b"kscmgKSCMG".contains(c)));
    // Block numbers (`2-21-1`) with a capitalised word on either side, a space between
    // (`2-21-1 Shibuya`, `Shibuya 2-21-1`): a date or a time has neither.
    let block_by_word = !romanised
        && memchr::memchr_iter(b'-', b).any(|p| {
            if !(p > 0 && b[p - 1].is_ascii_digit() && b.get(p + 1).is_some_and(u8::is_ascii_digit))
            {
                return false;
            }
            let from = p - b[..p]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let to = p + b[p..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == b'-')
                .count();
            let word_after =
                b.get(to) == Some(&b' ') && b.get(to + 1).is_some_and(u8::is_ascii_uppercase);
            let word_before = from >= 3 && b[from - 1] == b' ' && b[from - 2].is_ascii_lowercase();
            word_after || word_before
        });
    // A UK postcode's inward code (`1AA`) or a Canadian one's (`1M4`) after a space.
    let postcode = spaces().any(|p| {
        b.get(p + 1).is_some_and(u8::is_ascii_digit)
            && b.get(p + 2).is_some_and(u8::is_ascii_uppercase)
            && b.get(p + 3)
                .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && !b.get(p + 4).is_some_and(u8::is_ascii_alphanumeric)
    });
    static CUES: LazyLock<super::keywords::Keywords> =
        LazyLock::new(|| super::keywords::Keywords::new(&[&EUROPEAN_CUES]));
    let european = CUES.groups(t) != 0;
    // `Box` or `BOX`, found from its rare last letter.
    let po_box = memchr::memchr2_iter(b'x', b'X', b)
        .any(|p| p >= 2 && matches!(&b[p - 2..=p], b"Box" | b"BOX"));
    let searches = [
        (street, &*STREET),
        (romanised, &*ROMANISED),
        (romanised || block_by_word, &*ROMANISED_PREFECTURE),
        (european, &*EUROPEAN),
        (po_box, &*PO_BOX),
    ];
    for re in searches.iter().filter(|(on, _)| *on).map(|(_, re)| re) {
        for m in re.find_iter(t) {
            let stop = t[..m.end()].trim_end_matches([',', ' ']).len();
            // (A romanised address both patterns take is one.)
            if out
                .iter()
                .any(|o| o.kind == Kind::Address && o.start <= m.start() && stop <= o.end)
            {
                continue;
            }
            out.push(Match {
                kind: Kind::Address,
                start: m.start(),
                end: stop,
            });
        }
    }
    if !postcode {
        return;
    }
    for m in POSTCODE.find_iter(t) {
        // A postcode is a word of its own, with the inward code's space (`SW1A 1AA`) or after
        // its label; a bare `M11AE` is a code of anything.
        if !m.as_str().contains(' ') {
            continue;
        }
        out.push(Match {
            kind: Kind::PostalCode,
            start: m.start(),
            end: m.end(),
        });
    }
}

/// Fragments of [`LABELLED_POSTCODE`]'s labels, as they are spelled, for the cheap test
/// before its search.
const POSTCODE_CUES: [&str; 24] = [
    "zip",
    "Zip",
    "ZIP",
    "ostal",
    "OSTAL",
    "ostcode",
    "OSTCODE",
    "ost code",
    "Post Code",
    "POST CODE",
    "PLZ",
    "ostleitzahl",
    "CEP",
    "ode postal",
    "ODE POSTAL",
    "ódigo postal",
    "ÓDIGO POSTAL",
    // Chinese, Taiwanese and Korean labels.
    "邮编",
    "郵遞區",
    "郵便区号",
    "邮政编码",
    "郵政編碼",
    "우편번호",
    "(우 ",
];

/// A postal code's label, a mark, and the code (see the module's notes).
static LABELLED_POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    built_in(concat!(
        r"(?i:zip(?:[ ]?code|\+4)?|post(?:al)?[ ]?code|plz|postleitzahl|cep|code[ ]postal|c[óo]digo[ ]postal)",
        // The copula (`my postal code is`, `Meine Postleitzahl ist`, `lautet`, `Meu CEP é`,
        // `Mon code postal est`, `Mi código postal es`) or a mark.
        r"[ \t]*(?:[:#=]|is|ist|lautet|é|est|es|は)?[ \t]*",
        r"([0-9]{5}(?:-[0-9]{4}|-[0-9]{3})?|[0-9]{4}|[0-9]{2}-[0-9]{3}|[0-9]{3}[ ][0-9]{2})",
        // Chinese (six digits), Taiwanese (three to six) and Korean (five) codes after their
        // labels (`邮编：100738`, `郵遞區號 10048`, `우편번호는 03154`, `(우 04524)`).
        r"|(?:邮编|郵遞區號|郵遞區号|郵便区号|邮政编码|郵政編碼|우편번호|\(우)",
        r"[ \t]*(?:[:#=]|는|是|為|为)?[ \t]*([0-9]{3,6})",
    ))
});

/// Postal codes after their label (see the module's notes) in the normalised text `t`. Called
/// on text with an ASCII letter and four digits or more.
pub(crate) fn find_labelled_postcodes(t: &str, out: &mut Vec<Match>) {
    static CUES: LazyLock<super::keywords::Keywords> =
        LazyLock::new(|| super::keywords::Keywords::new(&[&POSTCODE_CUES]));
    if CUES.groups(t) == 0 {
        return;
    }
    let b = t.as_bytes();
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    for c in LABELLED_POSTCODE.captures_iter(t) {
        let (Some(all), Some(code)) = (c.get(0), c.get(1).or_else(|| c.get(2))) else {
            continue;
        };
        // The label starts a word (`Ziplock`, `recep`: none), and the code is a whole number,
        // not the start of a longer one or of a word (`zip 12345678`, `PLZ 1234abc`).
        if all.start() > 0 && word(&b[all.start() - 1])
            || b.get(code.end()).is_some_and(|&c| {
                word(&c)
                    || c == b'-'
                    || c == b'.' && b.get(code.end() + 1).is_some_and(u8::is_ascii_digit)
            })
        {
            continue;
        }
        out.push(Match {
            kind: Kind::PostalCode,
            start: code.start(),
            end: code.end(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_labelled_postcodes(t, &mut out);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    /// Each country's format as the Universal Postal Union's address formats show it.
    #[test]
    fn postal_codes_after_their_label() {
        for (t, code) in [
            ("ZIP 94103", "94103"),
            ("ZIP: 94103-1234", "94103-1234"),
            ("Zip code 10001", "10001"),
            ("zipcode: 90210", "90210"),
            ("ZIP+4: 20500-0003", "20500-0003"),
            ("Postcode: 2000", "2000"),
            ("post code 3000", "3000"),
            ("postal code is 60601", "60601"),
            ("PLZ 10115 Berlin", "10115"),
            ("Postleitzahl: 80331", "80331"),
            ("CEP 01310-100", "01310-100"),
            ("code postal 75008 Paris", "75008"),
            ("Código postal: 28013", "28013"),
            ("Postal code 00-950 Warszawa", "00-950"),
            ("Postcode: 114 55 Stockholm", "114 55"),
            ("郵送先 zip 94103 です", "94103"),
            // The copula between (a review's probe found these left), and Chinese, Taiwanese
            // and Korean labels.
            ("Meine Postleitzahl ist 10115.", "10115"),
            ("Meine PLZ lautet 80331.", "80331"),
            ("Meu CEP é 01310-100.", "01310-100"),
            ("Mon code postal est 75008.", "75008"),
            ("Mi código postal es 28014.", "28014"),
            ("邮编100738", "100738"),
            ("邮编:100738", "100738"),
            ("郵遞區號:10048", "10048"),
            ("우편번호는 03154 입니다.", "03154"),
            ("서울 (우 04524)", "04524"),
        ] {
            assert_eq!(labelled(t), [code], "{t}");
        }
        for t in [
            "zip 12345678",
            "Ziplock 12345",
            "ZIP file 2024",
            "zip 123",
            "PLZ 1234abc",
            "postal code unknown, order 12345",
            "receipt 12345",
            "zip 12345.67",
            "邮编1007381",
            "Es ist 12345 Euro",
        ] {
            assert!(labelled(t).is_empty(), "{t}: {:?}", labelled(t));
        }
    }

    fn found(t: &str) -> Vec<(Kind, &str)> {
        let mut out = Vec::new();
        find(t, &mut out);
        out.iter().map(|m| (m.kind, &t[m.start..m.end])).collect()
    }

    #[test]
    fn street_addresses_with_what_follows_them() {
        for (text, address) in [
            (
                "Ship to 1600 Pennsylvania Avenue NW, Washington, DC 20500 please",
                "1600 Pennsylvania Avenue NW, Washington, DC 20500",
            ),
            (
                "My address is 221B Baker Street, London NW1 6XE.",
                "221B Baker Street, London NW1 6XE",
            ),
            (
                "Send it to 350 Fifth Avenue, New York, NY 10118.",
                "350 Fifth Avenue, New York, NY 10118",
            ),
            ("5759 N. Guilford Ave", "5759 N. Guilford Ave"),
            (
                "742 Evergreen Terrace, Apt 4B",
                "742 Evergreen Terrace, Apt 4B",
            ),
            ("at 10 Downing St. today", "10 Downing St."),
            (
                "51 Franklin St, Fifth Floor, Boston, MA  02110-1301  USA",
                "51 Franklin St, Fifth Floor, Boston, MA  02110-1301  USA",
            ),
            (
                "42 Wallaby Way Apt 3, Sydney",
                "42 Wallaby Way Apt 3, Sydney",
            ),
            ("12 W 34th St, New York", "12 W 34th St, New York"),
            ("221B Baker Street Shop", "221B Baker Street"),
            (
                "Address: 24 Sussex Drive, Ottawa, ON K1M 1M4",
                "24 Sussex Drive, Ottawa, ON K1M 1M4",
            ),
            (
                "Unit 5, 12 George St, Sydney NSW 2000",
                "12 George St, Sydney NSW 2000",
            ),
            (
                "1 Martin Place, Sydney, NSW 2000, thanks",
                "1 Martin Place, Sydney, NSW 2000",
            ),
        ] {
            // (A postcode inside is found as well; the longer match wins in `resolve`.)
            assert_eq!(found(text)[0], (Kind::Address, address), "{text}");
        }
        for text in [
            "Stanford 3 Main Stanford",
            "We shipped 2 items on Monday",
            "version 2 Release Notes",
            "x12 Baker Street",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn romanised_japanese_addresses() {
        for (text, address) in [
            (
                "1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002",
                "1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002",
            ),
            (
                "2-21-1 Shibuya, Shibuya-ku, Tokyo-to, Japan",
                "2-21-1 Shibuya, Shibuya-ku, Tokyo-to, Japan",
            ),
            (
                "Room 301, 4-5-6 Umeda, Kita-ku, Osaka 530-0001",
                "Room 301, 4-5-6 Umeda, Kita-ku, Osaka 530-0001",
            ),
            ("3-1 Kyoto-shi", "3-1 Kyoto-shi"),
            // A building's name between the room and the block; the prefecture without a
            // municipality; the town before its block.
            (
                "Room 1203, Hikarie, 2-21-1 Shibuya, Shibuya-ku, Tokyo",
                "Room 1203, Hikarie, 2-21-1 Shibuya, Shibuya-ku, Tokyo",
            ),
            (
                "Apt 501, 2-21-1 Shibuya, Tokyo 150-0002, Japan",
                "Apt 501, 2-21-1 Shibuya, Tokyo 150-0002, Japan",
            ),
            ("Shibuya 2-21-1, Tokyo", "Shibuya 2-21-1, Tokyo"),
        ] {
            assert_eq!(found(text), [(Kind::Address, address)], "{text}");
        }
        assert!(found("2-3 Shibuya-kun").is_empty());
        // A prefecture's name needs the block numbers and a town before it.
        for text in [
            "Tokyo 2-1 win",
            "Order 12-34 Tokyo",
            "see 2-3, Osaka",
            "Version 1-2, Tokyo",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn european_street_addresses() {
        for (text, address) in [
            (
                "Mein Name ist Hans, Hauptstraße 5, 10115 Berlin",
                "Hauptstraße 5, 10115 Berlin",
            ),
            ("bitte an Berliner Straße 12a senden", "Berliner Straße 12a"),
            (
                "Kalverstraat 92, 1012 PH Amsterdam",
                "Kalverstraat 92, 1012 PH Amsterdam",
            ),
            (
                "Je m'appelle Marie, 12 rue de la Paix, 75002 Paris",
                "12 rue de la Paix, 75002 Paris",
            ),
            ("5 bis avenue Victor Hugo", "5 bis avenue Victor Hugo"),
            (
                "Me llamo José, Calle Mayor 10, 28013 Madrid",
                "Calle Mayor 10, 28013 Madrid",
            ),
            ("Via Roma 1, 00184 Roma", "Via Roma 1, 00184 Roma"),
            (
                "P.O. Box 1234, Springfield, IL 62704",
                "P.O. Box 1234, Springfield, IL 62704",
            ),
            ("send it to PO Box 987 please", "PO Box 987"),
            (
                "enviar a calle de Alcalá 42, 28014 Madrid",
                "calle de Alcalá 42, 28014 Madrid",
            ),
            (
                "Rua Augusta 100, 1100-048 Lisboa",
                "Rua Augusta 100, 1100-048 Lisboa",
            ),
            ("Piazza della Signoria 5", "Piazza della Signoria 5"),
        ] {
            assert_eq!(
                found(text)
                    .into_iter()
                    .filter(|(k, _)| *k == Kind::Address)
                    .map(|(_, a)| a)
                    .max_by_key(|a| a.len()),
                Some(address),
                "{text}"
            );
        }
        for text in [
            "Via email 2 times",
            "the Corso 3 class",
            "rue 12",
            "Hauptstraße ist gesperrt",
            "Calle 13 is a band",
            "Xbox 360",
            "Box 3 of 5",
        ] {
            assert!(
                found(text).iter().all(|(k, _)| *k != Kind::Address),
                "{text}: {:?}",
                found(text)
            );
        }
    }

    #[test]
    fn uk_and_canadian_postcodes_stand_alone() {
        assert_eq!(
            found("Postcode: SW1A 1AA"),
            [(Kind::PostalCode, "SW1A 1AA")]
        );
        assert_eq!(found("EC1A 1BB, London"), [(Kind::PostalCode, "EC1A 1BB")]);
        // Letters no postcode uses, glued, or without the space.
        // A Canadian postal code with its space.
        assert_eq!(
            found("Postal code: K1A 0B1"),
            [(Kind::PostalCode, "K1A 0B1")]
        );
        assert_eq!(found("H3Z 2Y7, Montréal"), [(Kind::PostalCode, "H3Z 2Y7")]);
        for text in [
            "QA1 1AA",
            "SW1A 1AC",
            "XSW1A 1AA",
            "SW1A1AA",
            // Letters Canada Post does not use (D, F, I, O, Q, U; W and Z first), no space.
            "D1A 0B1",
            "K1A 0O1",
            "W1A 0B1X",
            "K1A0B1",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }
}
