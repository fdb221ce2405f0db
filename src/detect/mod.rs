//! Finding personal information inside free text, and recognising what a whole value is.
//!
//! Column rules only act on what a column is declared to hold. Japanese shop data also carries
//! personal information where no column name announces it: inquiry texts
//! (「連絡先はtaro@example.co.jpです」), delivery notes with addresses and phone numbers, reviews
//! and messages that address people by name (山田様), and access-log URLs whose query strings
//! carry emails and tokens. APPI's processing standards require identifier codes (個人識別符号:
//! My Number, passport, residence card, driver's licence, pension and insurance numbers) to be
//! deleted from free text as well, and descriptions that identify a person to be removed;
//! pseudonymous output must also lose card numbers. This module finds those spans so a free-text
//! rule can replace them by placeholders (`<EMAIL>`, `<MY_NUMBER>` …), and classifies single
//! values so a profile of a column can say that, for example, `memo` holds phone numbers.
//!
//! Detection is rule-based and deterministic, so every decision can be explained: NFKC
//! normalisation (full-width `０９０－…`, `＠`, the ideographic space) with Japanese dashes folded
//! to `-`; formats; check digits (My Number, corporate number, Luhn for cards and insurer
//! numbers); and context keywords where a format alone is ambiguous (a bare 12-digit number is a
//! My Number only after マイナンバー/個人番号 or in the 4-4-4 grouping; order numbers are not).
//! Matches are found on the normalised text and reported as byte spans of the original, so
//! everything around a match is kept byte for byte.
//!
//! Cost: a row is scanned once for digits, `@`, `%`, `:`, `=` and non-ASCII bytes, and only the
//! detectors that could match run (digit runs, emails, IPv6, URL parameters, and the Japanese
//! address and name detectors, which start from prefecture names and honorifics found by small
//! Aho-Corasick automata). Known values (names, emails, IDs of the dataset) are looked up by
//! hash, span by span (see `known`).
//!
//! Overlaps: the longer match wins; at equal length the more specific kind wins, in this order:
//! identifier codes > card > URL parameter > member and device IDs > email > phone > corporate number > IP > postal code >
//! address > name > known value. (A URL parameter beats the email or phone that is its value, so
//! `?email=taro%40x.jp` becomes `?email=<URL_PARAM>`.)

mod asian;
mod bank;
mod birth;
mod cards;
mod checksum;
mod crypto;
mod devices;
mod geo;
pub(crate) mod japanese;
mod keywords;
pub(crate) mod known;
mod members;
pub(crate) mod morph;
mod national;
pub(crate) mod normalize;
mod numbers;
mod patterns;
mod phones;
mod readings;
mod romaji;
mod secrets;
mod streets;
#[cfg(test)]
mod tests;
mod vehicles;
mod western;
mod world_ids;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use keywords::Keywords;
use known::KnownSet;
use normalize::Normalized;

/// What a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Email,
    Phone,
    MyNumber,
    CorporateNumber,
    Card,
    BankAccount,
    Passport,
    ResidenceCard,
    DriversLicence,
    Pension,
    Insurance,
    /// 住民票コード: the resident register code (11 digits, after its keyword).
    ResidentCode,
    PostalCode,
    Address,
    Ip,
    UrlParam,
    Name,
    /// 会員番号, お客様番号, a user ID: the shop's own identifier of a customer, after its label.
    MemberId,
    /// A device's or an ad network's ID (a UUID such as an IDFA or GAID, a MAC address, an
    /// IMEI), or a cookie's, session's or serial number after its label.
    DeviceId,
    /// A full date of birth after its label (生年月日, DOB) or before 生まれ.
    BirthDate,
    /// Another country's national identity number: a US Social Security number, a Korean
    /// resident registration number, a Chinese resident identity card number, a Taiwanese
    /// national ID (see `national`).
    NationalId,
    /// A password, a PIN, a card's security code or a one-time code after its label (see
    /// `secrets`).
    Secret,
    /// A Bitcoin or Ethereum address, by its checksum (see `crypto`).
    CryptoAddress,
    /// A latitude and longitude to a house's precision, in text, a map link or a query (see
    /// `geo`).
    Coordinates,
    /// A vehicle identification number, a Japanese chassis number or number plate (see
    /// `vehicles`).
    Vehicle,
    Known,
}

impl Kind {
    pub(crate) const ALL: [Kind; 26] = [
        Kind::Email,
        Kind::Phone,
        Kind::MyNumber,
        Kind::CorporateNumber,
        Kind::Card,
        Kind::BankAccount,
        Kind::Passport,
        Kind::ResidenceCard,
        Kind::DriversLicence,
        Kind::Pension,
        Kind::Insurance,
        Kind::ResidentCode,
        Kind::PostalCode,
        Kind::Address,
        Kind::Ip,
        Kind::UrlParam,
        Kind::Name,
        Kind::MemberId,
        Kind::DeviceId,
        Kind::BirthDate,
        Kind::NationalId,
        Kind::Secret,
        Kind::CryptoAddress,
        Kind::Coordinates,
        Kind::Vehicle,
        Kind::Known,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::MyNumber => "my-number",
            Kind::CorporateNumber => "corporate-number",
            Kind::Card => "card",
            Kind::BankAccount => "bank-account",
            Kind::Passport => "passport",
            Kind::ResidenceCard => "residence-card",
            Kind::DriversLicence => "drivers-licence",
            Kind::Pension => "pension",
            Kind::Insurance => "insurance",
            Kind::ResidentCode => "resident-code",
            Kind::PostalCode => "postal-code",
            Kind::Address => "address",
            Kind::Ip => "ip",
            Kind::UrlParam => "url-param",
            Kind::Name => "name",
            Kind::MemberId => "member-id",
            Kind::DeviceId => "device-id",
            Kind::BirthDate => "birth-date",
            Kind::NationalId => "national-id",
            Kind::Secret => "secret",
            Kind::CryptoAddress => "crypto-address",
            Kind::Coordinates => "coordinates",
            Kind::Vehicle => "vehicle",
            Kind::Known => "known",
        }
    }

    /// The kind named `s` (as [`Kind::name`] spells it; case and `_` for `-` are forgiven).
    /// Every pattern detector: all kinds but `known`, which needs the dataset's values.
    pub(crate) fn patterns() -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| *k != Kind::Known)
            .collect()
    }

    /// The pattern detectors' names, for messages.
    pub(crate) fn pattern_names() -> String {
        Kind::patterns()
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A pattern detector by name; `None` for unknown names and for `known`.
    pub(crate) fn pattern_from_name(s: &str) -> Option<Kind> {
        Kind::from_name(s).filter(|k| *k != Kind::Known)
    }

    pub(crate) fn from_name(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    pub(crate) fn placeholder(self) -> &'static str {
        match self {
            Kind::Email => "<EMAIL>",
            Kind::Phone => "<PHONE>",
            Kind::MyNumber => "<MY_NUMBER>",
            Kind::CorporateNumber => "<CORPORATE_NUMBER>",
            Kind::Card => "<CARD>",
            Kind::BankAccount => "<BANK_ACCOUNT>",
            Kind::Passport => "<PASSPORT>",
            Kind::ResidenceCard => "<RESIDENCE_CARD>",
            Kind::DriversLicence => "<DRIVERS_LICENCE>",
            Kind::Pension => "<PENSION>",
            Kind::Insurance => "<INSURANCE>",
            Kind::ResidentCode => "<RESIDENT_CODE>",
            Kind::PostalCode => "<POSTAL_CODE>",
            Kind::Address => "<ADDRESS>",
            Kind::Ip => "<IP>",
            Kind::UrlParam => "<URL_PARAM>",
            Kind::Name => "<NAME>",
            Kind::MemberId => "<MEMBER_ID>",
            Kind::DeviceId => "<DEVICE_ID>",
            Kind::BirthDate => "<BIRTH_DATE>",
            Kind::NationalId => "<NATIONAL_ID>",
            Kind::Secret => "<SECRET>",
            Kind::CryptoAddress => "<CRYPTO_ADDRESS>",
            Kind::Coordinates => "<COORDINATES>",
            Kind::Vehicle => "<VEHICLE>",
            Kind::Known => "<KNOWN>",
        }
    }

    /// 個人識別符号 (APPI Art. 2(2)): codes that identify a person on their own.
    pub(crate) fn is_identifier_code(self) -> bool {
        matches!(
            self,
            Kind::MyNumber
                | Kind::Passport
                | Kind::ResidenceCard
                | Kind::DriversLicence
                | Kind::Pension
                | Kind::Insurance
                | Kind::ResidentCode
        )
    }

    /// Which kind wins a tie between two overlapping matches of equal length (higher wins).
    fn rank(self) -> u8 {
        match self {
            Kind::MyNumber
            | Kind::Passport
            | Kind::ResidenceCard
            | Kind::DriversLicence
            | Kind::Pension
            | Kind::Insurance
            | Kind::ResidentCode
            | Kind::NationalId => 11,
            Kind::Card | Kind::BankAccount | Kind::CryptoAddress => 10,
            Kind::UrlParam => 9,
            // Before a phone-shaped number (`会員番号 0082-7604-1455-6683`): the label says what
            // it is. (A query parameter's value, `?customer_id=…`, stays the parameter's.)
            Kind::MemberId | Kind::DeviceId | Kind::Secret | Kind::Vehicle => 8,
            Kind::Email => 7,
            Kind::Phone => 6,
            Kind::CorporateNumber => 5,
            Kind::Ip | Kind::BirthDate | Kind::Coordinates => 4,
            Kind::PostalCode => 3,
            Kind::Address => 2,
            Kind::Name => 1,
            Kind::Known => 0,
        }
    }
}

/// One finding: byte offsets into the original text, on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub(crate) kind: Kind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// The spans of `found` in `t` the name analysis reads as one symbol each (see
/// [`morph::find_names`]): every kind's but names' (the analysis may find a name longer than
/// another detector's), merged where they overlap, by start. Of an address, only the part
/// before its last run of numerals: what follows (番, 号室, a building's name: コーポ酒井) may
/// run into a person's name the address detector took the start of (…23-15番場由美, …号
/// コーポ酒井 美和), which the analysis must read as it stands, after a number as before.
fn hidden_from_analysis(
    t: &str,
    found: &[Match],
    on: impl Fn(Kind) -> bool,
) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = found
        .iter()
        .filter(|m| m.end > m.start && !matches!(m.kind, Kind::Name | Kind::Known) && on(m.kind))
        .filter_map(|m| match m.kind {
            Kind::Address => {
                let numeral = |c: char| c.is_ascii_digit() || "〇一二三四五六七八九十".contains(c);
                let body = &t[m.start..m.end];
                // The start of the last run of numerals.
                let (last, _) = body.char_indices().rev().find(|&(_, c)| numeral(c))?;
                let run = body[..last]
                    .char_indices()
                    .rev()
                    .take_while(|&(_, c)| numeral(c))
                    .last()
                    .map_or(last, |(i, _)| i);
                (run > 0).then_some((m.start, m.start + run))
            }
            _ => Some((m.start, m.end)),
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Where a Common Log Format line's time opens (see `members::find_log_users`).
static CLF_TIME: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(" ["));

/// What a URL's parts are cut at before their escapes are decoded: its own delimiters, and
/// what no URL holds unescaped (RFC 3986), which ends the URL in a log's field or a JSON
/// string (`…?q=%E5%B1%B1…" "curl/8.4.0"`, `…","status":200}`): a part that hides an
/// identifier is escaped again up to it, never across it. (Not a backslash: nginx and Apache
/// write a request's bytes beyond ASCII as `\xE5`, see [`escape_at`].)
const URL_DELIMITERS: &[char] = &[
    '/', '?', '&', '=', '#', ';', '"', '\'', '<', '>', '{', '}', '|', '^', '`',
];

/// A text's URL parts as [`Detector::scrub_percent_encoded`] and the delivery check read them
/// (cut at [`URL_DELIMITERS`] and white space: a path segment, a parameter's name or value,
/// the fragment): `(part, the delimiter after it, inside a data URI's payload)`. A data URI's
/// payload (`data:image/svg+xml;base64,PD94…`, whose `/` cut it into parts) runs to the next
/// white space, quote or `)`: an image, not a parameter.
///
/// A query's value in the standard Base64 alphabet, whose `/` would cut it too
/// (`?d=eyJlbWFpbCI6…Iua4oei+uue/lOWkqiJ9`), is one part when the whole of it is text in
/// Base64 (see [`base64_text`]).
fn url_parts(text: &str) -> impl Iterator<Item = (&str, &str, bool)> {
    let mut raw = raw_url_parts(text);
    // Whether the part is a query's value (the delimiter before it is `=`), and where the
    // parts that a whole value took end.
    let (mut value, mut skip_to) = (false, 0usize);
    std::iter::from_fn(move || {
        loop {
            let (part, delimiter, in_data) = raw.next()?;
            let at = || part.as_ptr() as usize - text.as_ptr() as usize;
            if skip_to != 0 {
                if at() < skip_to {
                    continue;
                }
                skip_to = 0;
            }
            let was_value = std::mem::replace(&mut value, delimiter == "=");
            if was_value && delimiter == "/" && !in_data {
                let at = at();
                if let Some(end) = base64_value_end(text, at) {
                    let rest = &text[end..];
                    let d = rest
                        .chars()
                        .next()
                        .filter(|&c| URL_DELIMITERS.contains(&c) || c.is_whitespace())
                        .map_or("", |c| &rest[..c.len_utf8()]);
                    skip_to = end + d.len();
                    value = d == "=";
                    return Some((&text[at..end], d, in_data));
                }
            }
            return Some((part, delimiter, in_data));
        }
    })
}

/// Where a query's value that starts at `at` and holds a `/` ends, when all of it is text in
/// standard Base64.
fn base64_value_end(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let len = b[at..]
        .iter()
        .take_while(|&&c| is_base64_byte(c) || c == b'/')
        .count();
    base64_text(&text[at..at + len]).map(|_| at + len)
}

fn raw_url_parts(text: &str) -> impl Iterator<Item = (&str, &str, bool)> {
    text.split_inclusive(|c: char| URL_DELIMITERS.contains(&c) || c.is_whitespace())
        .scan(false, |in_data, piece| {
            let (part, delimiter) = match piece.char_indices().last() {
                Some((i, c)) if URL_DELIMITERS.contains(&c) || c.is_whitespace() => {
                    piece.split_at(i)
                }
                _ => (piece, ""),
            };
            let here = *in_data;
            if part.contains("base64,") {
                *in_data = true;
            }
            if part.contains(')')
                || delimiter
                    .chars()
                    .any(|c| c.is_whitespace() || matches!(c, '"' | '\''))
            {
                *in_data = false;
            }
            Some((part, delimiter, here))
        })
}

/// Bytes a scrubbed part keeps as they are when it is encoded again: RFC 3986's unreserved
/// characters, and the placeholders' angle brackets (`<PHONE>`, as a part without escapes
/// is scrubbed).
const KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'<')
    .remove(b'>');

/// `text` with its percent-escapes decoded and `+` read as a space (a form's encoding:
/// `q=4242+4242+4242+4242`); `None` when it holds neither an escape (`%` and two hex digits)
/// nor, after an `=`, a `+` between two letters or digits. Bytes that are not UTF-8 are read
/// as Japan's legacy encodings where they spell such text (see [`decoded`]), else become U+FFFD.
#[cfg(test)]
pub(crate) fn percent_decoded(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let query = memchr::memchr(b'=', b).is_some_and(|q| plus_spaced(&b[q..]));
    decoded(text, query).map(|mut d| d.swap_remove(0).text)
}

/// How much of the text before an escaped URL part, and after it, its decoded text is read
/// with (see [`Detector::scrub_in_context`]): a path's collection and a parameter's name.
const CONTEXT_BEFORE: usize = 48;
const CONTEXT_AFTER: usize = 16;
/// The longest decoded part read with its context.
const CONTEXT_ID_MAX: usize = 64;

/// Text that percent-escapes spell, and the encoding its bytes were read in.
pub(crate) struct Spelt {
    pub(crate) text: String,
    pub(crate) encoding: &'static encoding_rs::Encoding,
}

impl Spelt {
    /// `text` (a scrubbed form of this one) encoded again in this one's encoding, its bytes
    /// escaped except RFC 3986's unreserved ones and the placeholders' brackets.
    fn escaped(&self, text: &str) -> String {
        let (bytes, _, _) = self.encoding.encode(text);
        percent_encoding::percent_encode(&bytes, KEPT).to_string()
    }
}

/// The encodings escaped bytes that are not UTF-8 are read in, in turn: Japanese sites'
/// forms, CGI scripts and search engines' referrers (`p=…&ei=EUC-JP`) escape EUC-JP and
/// Shift_JIS (as Windows writes it, code page 932), where `%8D%B2%93%A1` is 佐藤.
const LEGACY_ENCODINGS: [&encoding_rs::Encoding; 2] = [encoding_rs::EUC_JP, encoding_rs::SHIFT_JIS];

/// What `text`'s escapes spell, told whether `+` counts as a space (the text is a query's
/// value): `None` when it holds no escape. Escapes escaped again (`%252D` → `%2D` → `-`), as a
/// URL put into another URL's parameter or encoded twice by a client is, are decoded again
/// while escapes remain, at most [`DECODE_DEPTH`] times in all (each pass is linear, so
/// nesting cannot make it quadratic). UTF-8 bytes give one text; other bytes give one text for
/// each legacy encoding that reads all of them (EUC-JP's and Shift_JIS's byte ranges overlap,
/// so both can, and the detectors look at each), or, when none does, one with U+FFFD for them.
fn decoded(text: &str, plus: bool) -> Option<Vec<Spelt>> {
    let b = text.as_bytes();
    if !(has_escape(b) || plus && plus_spaced(b)) {
        return None;
    }
    // A `+` is a space only in a parameter's value, escapes or not (`ナン+様%41` in a path
    // is text with a `+`).
    let spaced = if plus {
        Cow::Owned(text.replace('+', " "))
    } else {
        Cow::Borrowed(text)
    };
    let spaced = percent_form(&spaced);
    let mut bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    for _ in 1..DECODE_DEPTH {
        if !has_escape(&bytes) {
            break;
        }
        bytes = percent_encoding::percent_decode(&bytes).collect();
    }
    let bytes = match String::from_utf8(bytes) {
        // ISO-2022-JP (old mail and forms) is 7-bit, so UTF-8 as well: read as such too when
        // it holds the escape that switches to JIS X 0208 (`ESC $ B`).
        Ok(text) if text.contains("\u{1b}$B") || text.contains("\u{1b}$@") => {
            let mut all = Vec::new();
            if let Some(jis) = encoding_rs::ISO_2022_JP
                .decode_without_bom_handling_and_without_replacement(text.as_bytes())
            {
                all.push(Spelt {
                    text: jis.into_owned(),
                    encoding: encoding_rs::ISO_2022_JP,
                });
            }
            all.push(Spelt {
                text,
                encoding: encoding_rs::UTF_8,
            });
            return Some(all);
        }
        Ok(text) => {
            // HTML's numeric character references, as a form posted from a page in a legacy
            // encoding sends what that encoding cannot spell (`&#23665;&#30000;`, 山田).
            let text = char_refs(&text).unwrap_or(text);
            return Some(vec![Spelt {
                text,
                encoding: encoding_rs::UTF_8,
            }]);
        }
        Err(e) => e.into_bytes(),
    };
    let legacy: Vec<Spelt> = LEGACY_ENCODINGS
        .iter()
        .filter_map(|&encoding| {
            let text = encoding.decode_without_bom_handling_and_without_replacement(&bytes)?;
            Some(Spelt {
                text: text.into_owned(),
                encoding,
            })
        })
        .collect();
    if !legacy.is_empty() {
        return Some(legacy);
    }
    Some(vec![Spelt {
        text: String::from_utf8_lossy(&bytes).into_owned(),
        encoding: encoding_rs::UTF_8,
    }])
}

/// `text` with HTML's numeric character references (`&#23665;`, `&#x5C71;`; the `;` may be
/// left out before a character that is no digit) replaced by their characters; `None` when it
/// holds none. A reference to a control character, a surrogate or past U+10FFFF stays as it is.
fn char_refs(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut from = 0;
    for i in memchr::memmem::find_iter(b, b"&#") {
        if i < from {
            continue;
        }
        let (hex, digits_at) = match b.get(i + 2) {
            Some(b'x' | b'X') => (true, i + 3),
            _ => (false, i + 2),
        };
        let len = b[digits_at..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if len == 0 || len > 7 {
            continue;
        }
        let digits = &text[digits_at..digits_at + len];
        let Some(c) = u32::from_str_radix(digits, if hex { 16 } else { 10 })
            .ok()
            .and_then(char::from_u32)
            .filter(|c| !c.is_control())
        else {
            continue;
        };
        let mut end = digits_at + len;
        if b.get(end) == Some(&b';') {
            end += 1;
        }
        out.push_str(&text[from..i]);
        out.push(c);
        from = end;
    }
    if from == 0 {
        return None;
    }
    out.push_str(&text[from..]);
    Some(out)
}

/// How many times [`decoded`] decodes escapes that decoding left (`%25…`).
const DECODE_DEPTH: usize = 3;

/// Whether `b` holds a percent-escape: a `%` and two hex digits.
fn has_escape(b: &[u8]) -> bool {
    memchr::memchr2_iter(b'%', b'\\', b).any(|i| escape_at(b, i).is_some())
}

/// The escape at `b[i]`, if one starts there, and its length: `%` and two hex digits (RFC
/// 3986), JavaScript's `escape()` form `%u` and four (ECMA-262 Annex B: `%u5C71`), or `\x` and
/// two, as nginx and Apache write a request line's bytes beyond ASCII in their logs
/// (`q=\xE5\xB1\xB1`).
fn escape_at(b: &[u8], i: usize) -> Option<usize> {
    let hex = |r: std::ops::Range<usize>| {
        b.get(r)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    };
    match (b[i], b.get(i + 1)) {
        (b'%', Some(b'u' | b'U')) if hex(i + 2..i + 6) => Some(6),
        (b'%', _) if hex(i + 1..i + 3) => Some(3),
        (b'\\', Some(b'x')) if hex(i + 2..i + 4) => Some(4),
        _ => None,
    }
}

/// `text` with every escape in the form of RFC 3986 (`%E5%B1%B1`): a `\xHH` as `%HH`, a `%uXXXX`
/// as its character's UTF-8 bytes (a surrogate pair as one character, a lone surrogate as
/// U+FFFD). Borrowed when it holds neither other form.
fn percent_form(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let other =
        memchr::memchr2_iter(b'%', b'\\', b).any(|i| matches!(escape_at(b, i), Some(4 | 6)));
    if !other {
        return Cow::Borrowed(text);
    }
    let unit = |i: usize| u32::from_str_radix(&text[i + 2..i + 6], 16).ok();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match escape_at(b, i) {
            Some(4) if b[i] == b'\\' => {
                out.push('%');
                out.push_str(&text[i + 2..i + 4]);
                i += 4;
            }
            Some(6) => {
                let hi = unit(i).unwrap_or(0xFFFD);
                let (c, len) = if (0xD800..0xDC00).contains(&hi)
                    && escape_at(b, i + 6) == Some(6)
                    && let Some(lo) = unit(i + 6).filter(|lo| (0xDC00..0xE000).contains(lo))
                {
                    (0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), 12)
                } else {
                    (hi, 6)
                };
                let c = char::from_u32(c).unwrap_or('\u{FFFD}');
                let mut buf = [0u8; 4];
                out.extend(percent_encoding::percent_encode(
                    c.encode_utf8(&mut buf).as_bytes(),
                    percent_encoding::NON_ALPHANUMERIC,
                ));
                i += len;
            }
            _ => {
                let c = text[i..].chars().next().expect("a char boundary");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Cow::Owned(out)
}

/// Whether `text` may hide an identifier behind an encoding: a `%`, or after an `=` a `+`
/// between letters or digits.
fn may_hide(text: &str) -> bool {
    // The `memchr` crate's vectorised search: `str::contains(char)` goes a word at a time.
    let b = text.as_bytes();
    let mut equals = false;
    for i in memchr::memchr3_iter(b'%', b'=', b'\\', b) {
        match b[i] {
            b'%' => return true,
            b'\\' => {
                if escape_at(b, i).is_some() {
                    return true;
                }
            }
            _ => equals = true,
        }
    }
    equals && plus_spaced(b)
}

/// The fewest characters a part read as Base64 has (nine bytes encoded): a shorter run is a
/// word or a code as often. Down to [`BASE64_SHORT`], a part counts only when the text it
/// encodes holds an `@` or a character beyond ASCII (`?u=YUBleC5qcA`, `a@ex.jp`; `5bGx55Sw5aSq6YOO`,
/// 山田太郎): a word or a code seldom decodes to either.
const BASE64_MIN: usize = 12;
/// The fewest characters of a short part read as Base64 (six bytes encoded: `a@b.jp`).
const BASE64_SHORT: usize = 8;
/// The most: a longer part is a payload, not a parameter.
const BASE64_MAX: usize = 4096;
/// The fewest hex digits a part read as text in hex has (six bytes: `a@b.jp`).
const HEX_MIN: usize = 12;

fn is_base64_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'+')
}

/// Whether `text` holds, after an `=` or a `/`, a run of [`BASE64_MIN`] Base64 characters, or a
/// whole run of [`BASE64_SHORT`] or more with a digit or both cases: a query's value or a
/// path's segment that may be text encoded (see [`encoded_text`]). A segment of lower-case
/// letters (`/products/`) is a word.
fn may_hold_base64(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'=', b'/', b).any(|i| {
        let run = &b[i + 1..];
        let n = run
            .iter()
            .take(BASE64_MIN)
            .take_while(|&&c| is_base64_byte(c))
            .count();
        n >= BASE64_MIN
            || n >= BASE64_SHORT && {
                let w = &run[..n];
                w.iter().any(u8::is_ascii_digit)
                    || (w.iter().any(u8::is_ascii_uppercase)
                        && w.iter().any(u8::is_ascii_lowercase))
            }
    })
}

/// RFC 4648's two Base64 alphabets, without padding, and its hex (base16) in either case.
#[derive(Clone, Copy)]
enum Base64 {
    Standard,
    UrlSafe,
    HexLower,
    HexUpper,
}

impl Base64 {
    fn encoding(self) -> data_encoding::Encoding {
        match self {
            Base64::Standard => data_encoding::BASE64_NOPAD,
            Base64::UrlSafe => data_encoding::BASE64URL_NOPAD,
            Base64::HexLower => data_encoding::HEXLOWER,
            Base64::HexUpper => data_encoding::HEXUPPER,
        }
    }
}

/// The text a URL's part encodes (see [`base64_text`] and [`hex_text`]), and the encoding.
fn encoded_text(part: &str) -> Option<(String, Base64)> {
    hex_text(part).or_else(|| base64_text(part))
}

/// Whether bytes decoded from a part are text: UTF-8 without control characters, of at least
/// six characters, or of two when one is beyond ASCII or an `@` (an email's, a name's).
fn decoded_text(bytes: Vec<u8>, short: bool) -> Option<String> {
    let text = String::from_utf8(bytes).ok()?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return None;
    }
    let marked = !text.is_ascii() || text.contains('@');
    let n = text.chars().count();
    let texty = if short || n < 6 {
        marked && n >= 2
    } else {
        true
    };
    texty.then_some(text)
}

/// The text a URL's part spells in hex, two digits a byte in one case (`?e=7461726f40…`, as
/// mailing tools and trackers write an email): `None` unless the part is an even count of
/// [`HEX_MIN`] to [`BASE64_MAX`] hex digits, not all digits, whose bytes are text (see
/// [`decoded_text`]). A hash or a random ID in hex decodes to bytes that are seldom UTF-8.
fn hex_text(part: &str) -> Option<(String, Base64)> {
    let b = part.as_bytes();
    if !(HEX_MIN..=BASE64_MAX).contains(&b.len())
        || !b.len().is_multiple_of(2)
        || !b.iter().all(u8::is_ascii_hexdigit)
        || b.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let lower = b.iter().any(u8::is_ascii_lowercase);
    let upper = b.iter().any(u8::is_ascii_uppercase);
    let encoding = match (lower, upper) {
        (true, false) => Base64::HexLower,
        (false, true) => Base64::HexUpper,
        _ => return None,
    };
    let bytes = encoding.encoding().decode(b).ok()?;
    Some((decoded_text(bytes, false)?, encoding))
}

/// The text a URL's part encodes in Base64 (RFC 4648, the standard or the URL-safe alphabet,
/// its padding cut off as a delimiter), and the encoding: tracking and sign-in links carry an
/// email or a JSON object this way (`?e=dGFyb0BleGFtcGxlLmpw`, `?d=eyJlbWFpbCI6…`). `None`
/// unless the part is [`BASE64_SHORT`] to [`BASE64_MAX`] such characters with a digit or both
/// cases, decodes strictly (no stray trailing bits) and its bytes are text (see
/// [`decoded_text`]; below [`BASE64_MIN`], text with an `@` or beyond ASCII): an ID or a word
/// seldom is.
fn base64_text(part: &str) -> Option<(String, Base64)> {
    let b = part.as_bytes();
    if !(BASE64_SHORT..=BASE64_MAX).contains(&b.len())
        || !b.iter().all(|&c| is_base64_byte(c) || c == b'/')
    {
        return None;
    }
    let mixed = b.iter().any(u8::is_ascii_digit)
        || (b.iter().any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase));
    let standard = b.iter().any(|&c| c == b'+' || c == b'/');
    let url_safe = b.iter().any(|c| matches!(c, b'-' | b'_'));
    if !mixed || (standard && url_safe) {
        return None;
    }
    let encoding = if standard {
        Base64::Standard
    } else {
        Base64::UrlSafe
    };
    let bytes = encoding.encoding().decode(b).ok()?;
    Some((decoded_text(bytes, b.len() < BASE64_MIN)?, encoding))
}

/// Whether a `+` stands between two ASCII letters or digits (a form-encoded space).
fn plus_spaced(b: &[u8]) -> bool {
    memchr::memchr_iter(b'+', b).any(|i| {
        i > 0
            && b[i - 1].is_ascii_alphanumeric()
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
    })
}

/// The kinds found in digit runs (one pass decides between them).
const NUMBER_KINDS: [Kind; 10] = [
    Kind::Phone,
    Kind::MyNumber,
    Kind::CorporateNumber,
    Kind::Card,
    Kind::DriversLicence,
    Kind::Pension,
    Kind::Insurance,
    Kind::ResidentCode,
    Kind::PostalCode,
    Kind::NationalId,
];

/// Compiled detectors; build once and share (it is `Send + Sync`).
pub(crate) struct Detector {
    enabled: [bool; Kind::ALL.len()],
    /// Compiled once per process and shared: its Unicode classes take about 0.1 G
    /// instructions to compile, and a run builds several detectors.
    patterns: &'static patterns::Patterns,
    bank: bank::Bank,
    prefectures: japanese::Prefectures,
    honorifics: keywords::Words,
    /// Known-value sets: a run-wide set shared by every detector of the run, plus any set of
    /// this detector's own (e.g. name parts for one `text` rule).
    known: Vec<Arc<KnownSet>>,
    /// Anonymous deliveries: a valid My Number check digit is enough, no keyword needed.
    any_my_number: bool,
    /// Names without an honorific, by morphological analysis (see `morph`).
    analyzer: Option<&'static morph::Analyzer>,
    /// The sentences the analysis has seen, with their names.
    memo: morph::SentenceMemo,
    /// The texts this detector has seen, with what it found in them (see [`Detector::find`]).
    texts: TextMemo,
    /// Names found without any context (`western`): in the `text` rule and `scrub` only.
    without_context: bool,
}

/// What a detector remembers of the texts it searched: at most `TEXT_MEMO_BYTES` of texts up
/// to `TEXT_MEMO_MAX_KEY` bytes and their matches, whatever the input's size; what repeats
/// stays (see [`crate::sharded::Memo`]). Longer texts seldom repeat and are searched every
/// time. The memory goes with the detector.
struct TextMemo(crate::sharded::Memo<Match>);

impl Default for TextMemo {
    fn default() -> TextMemo {
        TextMemo(crate::sharded::Memo::new(
            TEXT_MEMO_BYTES,
            TEXT_MEMO_SHARDS,
            TEXT_MEMO_MAX_KEY,
        ))
    }
}

const TEXT_MEMO_BYTES: usize = 8 << 20;
const TEXT_MEMO_SHARDS: usize = 16;
const TEXT_MEMO_MAX_KEY: usize = 512;

/// What one byte scan of a text tells about which detectors can match.
struct Scan {
    digit: bool,
    /// ASCII digits, dots and upper-case letters: an IPv4 address needs 3 dots, a passport or
    /// residence card number 7 digits and 2 capitals.
    digits: usize,
    dots: usize,
    upper: bool,
    /// An ASCII lower-case letter (a romanised name, a spelt-out address).
    lower: bool,
    /// A letter of Latin-1 or Latin Extended-A/B (`É`, `ć`, `ı`): a lead byte 0xC3-0xC9, which
    /// Japanese text never holds. A name's capital outside ASCII has one (`Émile`, `Łukasz`).
    latin: bool,
    at_or_percent: bool,
    colons: usize,
    equals: bool,
    slash: bool,
    /// A space or a tab: a URL or a path has none.
    space: bool,
    ascii: bool,
    /// A byte 0xEA–0xED: the first of a Hangul syllable's three (Korean text; kana and kanji
    /// start with 0xE3–0xE9).
    hangul: bool,
}

impl Scan {
    /// Branch-free, so the compiler vectorises it: a third of `find`'s own time was a byte
    /// loop with a jump per byte. The counts are kept in bytes over chunks of at most 255
    /// (they cannot overflow), so a vector register holds a count per byte of the input where
    /// 32-bit counts held one per four.
    fn of(bytes: &[u8]) -> Scan {
        let (mut at, mut equals, mut high, mut upper, mut lower) = (0u8, 0u8, 0u8, 0u8, 0u8);
        let mut latin = 0u8;
        let mut slash = 0u8;
        let mut space = 0u8;
        let mut hangul = 0u8;
        let (mut colons, mut digits, mut dots) = (0usize, 0usize, 0usize);
        for chunk in bytes.chunks(255) {
            let (mut c, mut d, mut p) = (0u8, 0u8, 0u8);
            for &b in chunk {
                d += u8::from(b.wrapping_sub(b'0') < 10);
                at |= u8::from(b == b'@') | u8::from(b == b'%');
                equals |= u8::from(b == b'=');
                slash |= u8::from(b == b'/');
                space |= u8::from(b == b' ') | u8::from(b == b'\t');
                high |= b & 0x80;
                upper |= u8::from(b.wrapping_sub(b'A') < 26);
                lower |= u8::from(b.wrapping_sub(b'a') < 26);
                latin |= u8::from(b.wrapping_sub(0xC3) < 7);
                hangul |= u8::from(b.wrapping_sub(0xEA) < 4);
                c += u8::from(b == b':');
                p += u8::from(b == b'.');
            }
            colons += c as usize;
            digits += d as usize;
            dots += p as usize;
        }
        Scan {
            digit: digits > 0,
            digits,
            dots,
            upper: upper != 0,
            lower: lower != 0,
            latin: latin != 0,
            at_or_percent: at != 0,
            colons,
            equals: equals != 0,
            slash: slash != 0,
            space: space != 0,
            ascii: high == 0,
            hangul: hangul != 0,
        }
    }
}

/// Which Japanese cue words a text holds, for the detectors that need a label before their
/// match: one SIMD search for all of them (see [`keywords::Keywords`]) instead of one per
/// detector.
#[derive(Default)]
struct Cues {
    /// The account-number searches' groups (see `bank::CUES`).
    bank: u32,
    member: bool,
    birth: bool,
    passport: bool,
    insurance: bool,
    device: bool,
    /// A Taiwanese ID's label, or 號 (a Taiwanese address).
    national: bool,
}

/// Taiwan's ID labels and its addresses' 號, one group: 統一證號 holds 號, and the shared search
/// must have no overlaps between groups.
const TAIWAN_WORDS: [&str; 5] = [
    national::TAIWAN_CUES[0],
    national::TAIWAN_CUES[1],
    national::TAIWAN_CUES[2],
    national::TAIWAN_CUES[3],
    asian::TAIWAN_ADDRESS_CUE,
];

impl Cues {
    /// One group per detector (the bank's three first), no word of one able to overlap a
    /// word of another, so the search is Teddy's (a test checks).
    fn search() -> Keywords {
        let mut groups: Vec<&[&str]> = bank::CUES.to_vec();
        groups.extend([
            &members::JA_CUES[..],
            &birth::JA_CUES[..],
            &patterns::PASSPORT_CUES[..],
            &patterns::INSURANCE_CUES[..],
            &devices::JA_CUES[..],
            &TAIWAN_WORDS[..],
        ]);
        Keywords::new(&groups)
    }

    fn of(t: &str) -> Cues {
        static ALL: LazyLock<Keywords> = LazyLock::new(Cues::search);
        let g = ALL.groups(t);
        let n = bank::CUES.len();
        Cues {
            bank: g & ((1 << n) - 1),
            member: g & (1 << n) != 0,
            birth: g & (1 << (n + 1)) != 0,
            passport: g & (1 << (n + 2)) != 0,
            insurance: g & (1 << (n + 3)) != 0,
            device: g & (1 << (n + 4)) != 0,
            national: g & (1 << (n + 5)) != 0,
        }
    }
}

impl Detector {
    /// Compile the detectors for `kinds` (Kind::Known is ignored here: it needs values).
    pub(crate) fn new(kinds: &[Kind]) -> Detector {
        let mut enabled = [false; Kind::ALL.len()];
        for &k in kinds {
            if k != Kind::Known {
                enabled[k as usize] = true;
            }
        }
        Detector {
            enabled,
            patterns: patterns::Patterns::shared(),
            bank: bank::Bank::new(),
            prefectures: japanese::Prefectures::new(),
            honorifics: japanese::honorific_automaton(),
            known: Vec::new(),
            any_my_number: false,
            analyzer: None,
            memo: Default::default(),
            texts: TextMemo::default(),
            without_context: false,
        }
    }

    /// Also finds names without an honorific by morphological analysis (`morph`).
    pub(crate) fn with_name_analysis(
        mut self,
        analyzer: Option<&'static morph::Analyzer>,
    ) -> Detector {
        self.analyzer = analyzer;
        self.forget_texts()
    }

    /// Also finds names that nothing around them marks (`western`: `Michael Brown`), where
    /// text is scrubbed (`names = "analysis"`); never in the delivery check, where a kept
    /// catalogue's brands would stop a delivery.
    pub(crate) fn with_names_without_context(mut self, on: bool) -> Detector {
        self.without_context = on;
        self.forget_texts()
    }

    /// Reports every 12-digit number whose My Number check digit is valid, with or without a
    /// keyword before it (the anonymous-mode rule; see `numbers::Mode::TextAnyMyNumber`).
    pub(crate) fn with_any_my_number(mut self, on: bool) -> Detector {
        self.any_my_number = on;
        self.forget_texts()
    }

    /// Adds known raw values (e.g. every name/email/phone/ID of the dataset's identifier
    /// columns), found as Kind::Known in text where `known::KnownSet` says.
    pub(crate) fn with_known<S: AsRef<str>>(
        mut self,
        values: impl IntoIterator<Item = S>,
    ) -> Detector {
        let set = KnownSet::of(values);
        if !set.is_empty() {
            self.known.push(Arc::new(set));
        }
        self.forget_texts()
    }

    /// Adds a known-value set built once and shared (e.g. by every rule and check of a run).
    pub(crate) fn with_known_set(mut self, set: Option<Arc<KnownSet>>) -> Detector {
        self.known.extend(set.filter(|s| !s.is_empty()));
        self.forget_texts()
    }

    /// A builder that changes what the detector finds forgets the texts it has seen.
    fn forget_texts(mut self) -> Detector {
        self.texts = TextMemo::default();
        self
    }

    fn on(&self, kind: Kind) -> bool {
        match kind {
            Kind::Known => !self.known.is_empty(),
            k => self.enabled[k as usize],
        }
    }

    /// All matches in `text`: sorted by start, non-overlapping (see the module docs for which
    /// match wins an overlap), as byte offsets into `text`.
    ///
    /// What is found in a text depends on that text alone, so a text seen before (a short
    /// inquiry: 返品したいです。, 特になし) is answered from [`TextMemo`], not searched again.
    /// (In the generated inquiries, 85 % of the texts without a digit repeat one seen before,
    /// 7 % of those with one.)
    pub(crate) fn find(&self, text: &str) -> Vec<Match> {
        if text.is_empty() {
            return Vec::new();
        }
        // A text with a digit (an order number, a date, a phone) seldom repeats: it is neither
        // looked up nor kept, and costs the memo nothing.
        if text.len() > TEXT_MEMO_MAX_KEY || text.bytes().any(|b| b.is_ascii_digit()) {
            return self.find_afresh(text);
        }
        let mut found = Vec::new();
        let hash = self.texts.0.hash(text.as_bytes());
        if self.texts.0.recall(hash, text.as_bytes(), &mut found) {
            return found;
        }
        let found = self.find_afresh(text);
        self.texts.0.remember(hash, text.as_bytes(), &found);
        found
    }

    /// [`Detector::find`], searching.
    fn find_afresh(&self, text: &str) -> Vec<Match> {
        let norm = Normalized::new(text);
        let mut found = Vec::new();
        self.collect(&norm.text, &mut found);
        for m in &mut found {
            let (start, end) = norm.original_span(m.start, m.end);
            m.start = start;
            m.end = end;
        }
        // Invisible characters (a zero-width space) are a boundary to a reader's eye only in
        // some places: the text is searched with them kept (`090-1234-5678`, U+200B, `12時`)
        // and again without them (`090`, U+200B, `1234`, U+200B, `5678`), and what either
        // finds is replaced.
        if norm.saw_invisible {
            let joined = Normalized::without_invisible(text);
            let mut more = Vec::new();
            self.collect(&joined.text, &mut more);
            for mut m in more {
                let (start, end) = joined.original_span(m.start, m.end);
                m.start = start;
                m.end = end;
                found.push(m);
            }
        }
        if found.is_empty() {
            return found;
        }
        resolve(text, found)
    }

    /// Every candidate in the normalised text `t`, overlapping, in normalised offsets.
    fn collect(&self, t: &str, out: &mut Vec<Match>) {
        let scan = Scan::of(t.as_bytes());
        if scan.digit {
            if NUMBER_KINDS.iter().any(|&k| self.on(k)) {
                let mode = if self.any_my_number {
                    numbers::Mode::TextAnyMyNumber
                } else {
                    numbers::Mode::Text
                };
                numbers::find(t, mode, out);
            }
            if (self.on(Kind::Address) || self.on(Kind::PostalCode)) && scan.upper {
                streets::find(t, out);
            }
            // The label and the code stand apart: a space or a colon between (`zip=` is a
            // parameter's, found with the parameters), or glued in Chinese or Korean text
            // (`邮编100738`).
            if self.on(Kind::PostalCode)
                && scan.digits >= 3
                && (((scan.upper || scan.lower) && (scan.space || scan.colons > 0)) || !scan.ascii)
            {
                streets::find_labelled_postcodes(t, out);
            }
            if self.on(Kind::CryptoAddress) && (scan.upper || scan.lower) {
                crypto::find(t, scan.upper && scan.lower, out);
            }
            if self.on(Kind::NationalId) && scan.digits >= 17 {
                national::find_chinese_ids(t, out);
            }
            // A PAN holds four digits, every other number six or more. Not in a URL or a
            // path (a slash and no space): a number there follows a `/`, `=`, `_` or `-`,
            // which none of these takes (see `world_ids::find_shaped`), and no label
            // stands before a value without a space, a mark or a particle.
            // A German identity card's number may hold a single digit (`T22000129` holds
            // six, `XMX4N2NTW` two): the later labels' search runs on any text with a capital.
            if (self.on(Kind::NationalId) || self.on(Kind::DriversLicence))
                && (scan.digits >= 4 || scan.upper)
                && (scan.space || !scan.slash || !scan.ascii)
            {
                let cues = if scan.digits >= 4 {
                    world_ids::cued(t)
                } else {
                    world_ids::cued_later(t)
                };
                if cues != 0 {
                    world_ids::find_labelled(t, cues, out);
                }
                if scan.digits >= 6 {
                    world_ids::find_shaped(t, scan.upper, out);
                    if scan.upper && self.on(Kind::NationalId) {
                        world_ids::find_hkids(t, out);
                    }
                }
            }
            if self.on(Kind::Coordinates) && scan.digits >= 4 && (scan.dots >= 1 || !scan.ascii) {
                geo::find(t, out);
            }
            if self.on(Kind::Vehicle) && scan.digits >= 3 && (scan.upper || !scan.ascii) {
                vehicles::find(t, scan.upper && scan.digits >= 4, out);
            }
            if self.on(Kind::Ip) && scan.dots >= 3 {
                self.patterns.find_ipv4(t, out);
            }
            if self.on(Kind::Ip) && scan.dots >= 1 && scan.digits >= 4 {
                patterns::Patterns::find_ip_hostnames(t, out);
            }
            if (self.on(Kind::Passport) || self.on(Kind::ResidenceCard))
                && scan.digits >= 7
                && scan.upper
            {
                self.patterns.find_ids(t, out);
            }
            // The Japanese cue words every labelled detector gates on, in one search.
            let cues = if scan.ascii {
                Cues::default()
            } else {
                Cues::of(t)
            };
            if self.on(Kind::Passport) && scan.digits >= 7 && cues.passport {
                patterns::find_labelled_passports(t, out);
            }
            if self.on(Kind::Address) && !scan.ascii {
                asian::find_script_addresses(t, cues.national, scan.hangul, out);
            }
            if self.on(Kind::ResidenceCard)
                && scan.digits >= 8
                && (scan.upper || scan.lower)
                && patterns::residence_cued(t)
            {
                patterns::find_labelled_residence_cards(t, out);
            }
            if self.on(Kind::NationalId) && cues.national && scan.digits >= 9 {
                national::find_taiwan_ids(t, out);
            }
            if self.on(Kind::Passport)
                && scan.digits >= 6
                && (cues.passport || (scan.ascii && patterns::ascii_passport_cued(t)))
            {
                patterns::find_any_labelled_passports(t, out);
            }
            if self.on(Kind::BankAccount) {
                self.bank.find_hinted(
                    t,
                    scan.upper,
                    scan.upper || scan.lower,
                    scan.digits,
                    cues.bank,
                    out,
                );
            }
            if self.on(Kind::Insurance) && cues.insurance {
                self.patterns.find_insurance_symbols(t, out);
            }
            if self.on(Kind::BirthDate) && scan.digits >= 2 {
                let cued = cues.birth || (!scan.ascii && birth::other_script_cued(t, scan.hangul));
                birth::find(t, scan.upper || scan.lower, cued, out);
            }
            if self.on(Kind::MemberId) && scan.digits >= 3 {
                let latin = scan.upper || scan.lower;
                let cued = cues.member || (latin && !scan.ascii && members::brand_card_cued(t));
                members::find(t, latin, scan.slash, cued, out);
            }
            if self.on(Kind::DeviceId) {
                if scan.upper {
                    devices::find_carrier_ids(t, out);
                }
                devices::find(t, cues.device, scan.upper || scan.lower, out);
            }
        }
        if !scan.digit && !scan.ascii && self.on(Kind::BirthDate) && birth::cued(t) {
            // A date of birth in kanji numerals (昭和六十年三月十二日) has no digit.
            birth::find(t, false, true, out);
        }
        // A secret's value is ASCII letters or digits after its label (`パスワードは abc12345`).
        if (scan.digit || scan.upper || scan.lower) && self.on(Kind::Secret) && secrets::cued(t) {
            secrets::find(t, out);
        }
        if (scan.upper || scan.lower) && self.on(Kind::Secret) && secrets::may_hold_token(t) {
            secrets::find_tokens(t, out);
        }
        if scan.upper && scan.digits >= 2 && self.on(Kind::MemberId) {
            members::find_line_ids(t.as_bytes(), out);
        }
        // An IIS log line's user (`… 443 SHOP\yamada 203.0.113.5 …`).
        if scan.digits >= 10 && scan.colons >= 2 && self.on(Kind::MemberId) {
            members::find_iis_users(t, out);
        }
        // An LTSV line's login (`…\tuser:taro\t…`).
        if scan.colons > 0 && scan.space && self.on(Kind::MemberId) {
            members::find_ltsv_users(t, out);
        }
        // The login of a Common Log Format line (`127.0.0.1 - frank [10/Oct/2000:…`).
        if scan.slash && self.on(Kind::MemberId) && CLF_TIME.find(t.as_bytes()).is_some() {
            members::find_log_users(t, out);
        }
        // Accounts and logins after their label need no digit (`ユーザー名：taro_yamada`,
        // `Instagram: @hanako.t`), but hold a letter (an ID of digits after a Japanese label is
        // the member-ID search's, above).
        if (scan.upper || scan.lower) && self.on(Kind::MemberId) && members::account_cued(t) {
            members::find_accounts(t, out);
        }
        // An account a URL names: a social network's profile (`facebook.com/hanako.tanaka.123`),
        // a handle in a profile's path (`/profile/tanaka.hanako`).
        if scan.slash && (scan.upper || scan.lower) && self.on(Kind::MemberId) {
            if members::profile_cued(t) {
                members::find_profiles(t, out);
            }
            if members::profile_path_cued(t) {
                members::find_profile_paths(t, out);
            }
        }
        if scan.at_or_percent && self.on(Kind::Email) {
            patterns::find_emails(t, out);
        }
        if (scan.upper || scan.lower) && self.on(Kind::Email) {
            patterns::find_spelt_emails(t, out);
            if !scan.ascii && scan.dots > 0 {
                patterns::find_marked_emails(t, out);
            }
        }
        if scan.colons >= 2 && self.on(Kind::Ip) {
            self.patterns.find_ipv6(t, out);
        }
        if scan.equals && self.on(Kind::UrlParam) {
            self.patterns.find_url_params(t, out);
        }
        // A JSON member's key ends in `":` (a CSV line's quotes stand before commas).
        static MEMBER: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
            LazyLock::new(|| ["\":", "\" :"].map(memchr::memmem::Finder::new));
        if scan.colons >= 1
            && self.on(Kind::UrlParam)
            && MEMBER.iter().any(|f| f.find(t.as_bytes()).is_some())
        {
            self.patterns.find_json_params(t, out);
        }
        if (scan.upper || scan.latin) && self.on(Kind::Name) {
            self.patterns.find_latin_names(t, out);
        }
        // Western names; in lower case only after a label (`name: jessica taylor`).
        if (scan.upper || scan.lower) && self.without_context && self.on(Kind::Name) {
            let japanese_given = |w: &str| self.analyzer.is_some_and(|a| a.latin.is_given(w));
            western::find(t, Some(&japanese_given), out);
        }
        if (scan.upper || (scan.lower && !scan.ascii))
            && self.on(Kind::Name)
            && let Some(a) = self.analyzer
        {
            // Lower-case romanised names only inside Japanese text (see `romaji`).
            a.latin.find(t, !scan.ascii, out);
        }
        if !scan.ascii {
            let zero = (self.on(Kind::Phone) || self.on(Kind::PostalCode)) && t.contains('〇');
            if self.on(Kind::Phone) && (zero || scan.digits >= 10) {
                numbers::find_kanji_phones(t, zero, scan.digits >= 10, out);
            }
            if self.on(Kind::PostalCode) && zero {
                numbers::find_kanji_postal_codes(t, out);
            }
            // A label and twelve numerals of three bytes each.
            if (self.on(Kind::MyNumber) || self.on(Kind::Card)) && t.len() >= 45 {
                numbers::find_kanji_ids(t, out);
            }
            if self.on(Kind::Address) {
                japanese::find_addresses(&self.prefectures, t, out);
            }
            if self.on(Kind::Name) {
                asian::find_script_names(t, out);
                if scan.hangul {
                    asian::find_korean_honorific_names(t, out);
                    asian::find_korean_self_introductions(t, out);
                }
                asian::find_thai_names(t, out);
                let mut after_hiragana = Vec::new();
                japanese::find_names(&self.honorifics, t, out, &mut after_hiragana);
                if japanese::has_field_mark(t, scan.colons >= 1, scan.ascii) {
                    japanese::find_labelled_names(t, out);
                }
                if let Some(a) = self.analyzer {
                    let hidden = hidden_from_analysis(t, out, |k| self.on(k));
                    morph::find_names(a, &self.memo, t, &hidden, out);
                    a.readings.find(t, out);
                    a.readings.find_hiragana(t, &after_hiragana, out);
                    a.readings.find_after_reading_labels(t, out);
                    a.readings.find_after_relations(t, out);
                }
            }
        }
        // An address after its label and a colon, a closing bracket or a tab (`住所：六本木6-10-1`,
        // `Address: 6-10-1 Roppongi`): the value holds a number.
        if self.on(Kind::Address)
            && (scan.digit || !scan.ascii)
            && japanese::has_field_mark(t, scan.colons >= 1, scan.ascii)
        {
            japanese::find_labelled_addresses(t, out);
        }
        if self.on(Kind::Address) && scan.digit && !scan.ascii {
            japanese::find_spoken_addresses(t, out);
        }
        // A room's number after its label (`部屋番号：1203`, `部屋番号は305号室です`).
        if self.on(Kind::Address) && scan.digit && !scan.ascii {
            japanese::find_labelled_rooms(t, out);
        }
        // A date of birth beside a name or an age, once the names are found.
        if self.on(Kind::BirthDate) && scan.digits >= 3 {
            birth::find_beside_names_and_ages(t, out);
        }
        for set in &self.known {
            set.find(t, out);
        }
        if !scan.ascii
            && self.on(Kind::Name)
            && let Some(a) = self.analyzer
        {
            japanese::find_readings_beside_names(t, |r| a.readings.is_name_reading(r), out);
        }
        out.retain(|m| m.end > m.start && self.on(m.kind));
    }

    /// What the detectors find in `text` once its percent-escapes are decoded (`+` read as a
    /// space, as forms encode it): `None` when `text` holds no escape. The matches' offsets are
    /// into the decoded text. URLs carry identifiers this way (`%E9%88%B4%E6%9C%A8`,
    /// `090%2D1234%2D5678`), where the detectors cannot see them in the text as it stands.
    pub(crate) fn find_percent_decoded(&self, text: &str) -> Option<Vec<Match>> {
        let b = text.as_bytes();
        let query = memchr::memchr(b'=', b).is_some_and(|q| plus_spaced(&b[q..]));
        let spelt = decoded(text, query)?;
        Some(spelt.iter().flat_map(|s| self.find(&s.text)).collect())
    }

    /// What the detectors find in the text that `text`'s URL parts hold in Base64 (see
    /// [`base64_text`]; the padding escaped or not), as [`Detector::scrub`] replaces it: the
    /// delivery check's search of a value, beside [`Detector::find_percent_decoded`]. The
    /// matches' offsets are into the decoded texts.
    pub(crate) fn find_base64_decoded(&self, text: &str) -> Vec<Match> {
        let mut found = Vec::new();
        if !may_hold_base64(text) {
            return found;
        }
        for (part, _, in_data) in url_parts(text) {
            if in_data {
                continue;
            }
            let unescaped = has_escape(part.as_bytes()).then(|| {
                percent_encoding::percent_decode_str(part)
                    .decode_utf8_lossy()
                    .trim_end_matches('=')
                    .to_string()
            });
            if let Some((t, _)) = encoded_text(unescaped.as_deref().unwrap_or(part)) {
                found.extend(self.find(&t));
            }
        }
        found
    }

    /// Replace every match in the original text by its kind's placeholder; text around matches is
    /// kept byte-for-byte. Identifiers hidden by percent-escapes (a URL in the text:
    /// `q=%E9%88%B4%E6%9C%A8…`, `090%2D1234%2D5678`) or in Base64 (`?e=dGFyb0BleGFtcGxlLmpw`)
    /// are replaced too, in the part of the URL that holds them (see
    /// [`Detector::scrub_percent_encoded`]). `Cow::Borrowed` when there is no match.
    pub(crate) fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let plain = self.scrub_plain(text);
        if !may_hide(&plain) && !may_hold_base64(&plain) {
            return plain;
        }
        match self.scrub_percent_encoded(&plain) {
            Some(s) => Cow::Owned(s),
            None => plain,
        }
    }

    /// `text` with each part (cut at URL delimiters and white space: a path segment, a
    /// parameter's name or value, the fragment) whose percent-decoded text holds an identifier
    /// replaced by that text scrubbed and encoded again (`page=%E9%88%B4%E6%9C%A8%E8%8A%B1%E5%AD%90%E6%A7%98`
    /// → `page=<NAME>%E6%A7%98`), and each part without escapes that is text in Base64 (see
    /// [`base64_text`]) replaced by that text scrubbed and encoded again in its alphabet; `None`
    /// when no part does, so text without hidden identifiers comes out as it went in.
    pub(crate) fn scrub_percent_encoded(&self, text: &str) -> Option<String> {
        if !may_hide(text) && !may_hold_base64(text) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        for (part, delimiter, in_data) in url_parts(text) {
            // Decoded (escapes escaped again too, see `decoded`): what the escapes spell is
            // scrubbed as it stands. A `+` is a space only in a parameter's value (after `=`):
            // elsewhere it is text (`090+1234` in prose).
            let value = out.ends_with('=');
            // Of a legacy encoding's readings, the first that hides an identifier.
            let spelt = decoded(part, value);
            let scrubbed = spelt.as_ref().map(|all| {
                all.iter()
                    .find_map(|s| match self.scrub_plain(&s.text) {
                        Cow::Owned(scrubbed) => Some(s.escaped(&scrubbed)),
                        Cow::Borrowed(_) => None,
                    })
                    // What the part spells may be an identifier only beside the text around
                    // it, as the delivery check reads the whole value decoded
                    // (`/member/%43%31%32…/`: a member's ID after `/member/`).
                    .or_else(|| {
                        all.iter()
                            .find_map(|s| self.scrub_in_context(text, part, s))
                    })
            });
            match scrubbed {
                Some(Some(escaped)) => {
                    out.push_str(&escaped);
                    changed = true;
                }
                // No escapes, or escapes that hide nothing as text: maybe text in Base64,
                // scrubbed and encoded again in its alphabet (`?e=dGFyb0BleGFtcGxlLmpw` →
                // `?e=PEVNQUlMPg`), its padding escaped too, as JavaScript's
                // `encodeURIComponent` writes it (`…LmNvbQ%3D%3D`).
                _ => {
                    let unescaped = spelt.as_ref().map(|_| {
                        percent_encoding::percent_decode_str(part)
                            .decode_utf8_lossy()
                            .trim_end_matches('=')
                            .to_string()
                    });
                    let candidate = unescaped.as_deref().unwrap_or(part);
                    match (!in_data).then(|| encoded_text(candidate)).flatten() {
                        Some((t, encoding)) => match self.scrub_plain(&t) {
                            Cow::Owned(scrubbed) => {
                                out.push_str(&encoding.encoding().encode(scrubbed.as_bytes()));
                                changed = true;
                            }
                            Cow::Borrowed(_) => out.push_str(part),
                        },
                        None => out.push_str(part),
                    }
                }
            }
            out.push_str(delimiter);
        }
        changed.then_some(out)
    }

    /// `s` (what `part`, a slice of `text`, spells) scrubbed as it reads between the text
    /// before and after it ([`CONTEXT_BEFORE`] and [`CONTEXT_AFTER`] bytes, as they stand),
    /// and encoded again; `None` when nothing found there reaches into it. A match that
    /// starts or ends outside it masks what it holds of it.
    fn scrub_in_context(&self, text: &str, part: &str, s: &Spelt) -> Option<String> {
        // Only an ID's or a login's spelling needs what stands before it: a short ASCII text
        // with a digit or a mark (`C1234567`, `taro.yamada`). Text (a search's words), a URL
        // escaped whole and a long token are read alone.
        let id_like = s.text.len() <= CONTEXT_ID_MAX
            && s.text.is_ascii()
            && s.text
                .bytes()
                .any(|c| c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-' | b'@'));
        if !id_like {
            return None;
        }
        let at = part.as_ptr() as usize - text.as_ptr() as usize;
        let mut from = at.saturating_sub(CONTEXT_BEFORE);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let after = at + part.len();
        let mut to = (after + CONTEXT_AFTER).min(text.len());
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        let before = &text[from..at];
        let candidate = format!("{before}{}{}", s.text, &text[after..to]);
        let (lo, hi) = (before.len(), before.len() + s.text.len());
        let mut scrubbed = String::new();
        let mut last = lo;
        for m in self.find(&candidate) {
            let (a, b) = (m.start.max(lo), m.end.min(hi));
            if a >= b || a < last {
                continue;
            }
            scrubbed.push_str(&candidate[last..a]);
            scrubbed.push_str(m.kind.placeholder());
            last = b;
        }
        if last == lo && scrubbed.is_empty() {
            return None;
        }
        scrubbed.push_str(&candidate[last..hi]);
        Some(s.escaped(&scrubbed))
    }

    /// [`Detector::scrub`] without looking behind percent-escapes.
    pub(crate) fn scrub_plain<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let found = self.find(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len() + 16 * found.len());
        let mut last = 0;
        for m in &found {
            out.push_str(&text[last..m.start]);
            out.push_str(m.kind.placeholder());
            last = m.end;
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }

    /// Whether the whole cell is one person's name as the name detectors confirm it: a
    /// Western name of the census lists (`Emily Johnson`), or, with name analysis, names the
    /// analysis finds covering every letter, an honorific after them aside (`山田太郎`,
    /// `山田 太郎様`, `ﾔﾏﾀﾞ ﾀﾛｳ`, `Himari Inoue`). Unlike the shape test of
    /// [`Detector::classify_value`], a category that reads like a name (`メンズ シャツ`) is not
    /// one, so a column of such cells is a column of names however often they repeat (a repeat
    /// buyer's orders).
    pub(crate) fn is_person_name(&self, value: &str) -> bool {
        let t = value.trim();
        if t.is_empty() || !self.on(Kind::Name) {
            return false;
        }
        if western::is_whole_name(t) {
            return true;
        }
        if self.analyzer.is_none() {
            return false;
        }
        let core = japanese::without_honorific(t);
        let found = self.find(core);
        let mut covered = vec![false; core.len()];
        let mut any = false;
        for m in found.iter().filter(|m| m.kind == Kind::Name) {
            covered[m.start..m.end].fill(true);
            any = true;
        }
        any && core
            .char_indices()
            .all(|(i, c)| covered[i] || c.is_whitespace() || matches!(c, '・' | '･' | ','))
    }

    /// Whole-cell classification for profiling a column: the kind whose format the WHOLE trimmed
    /// (and normalised) value has, among the enabled kinds. Bare digits are judged by format and
    /// check digit alone, since the caller has the column name as context: 12 digits are a
    /// My Number when the check digit is valid and a driver's licence otherwise, 10 digits not
    /// forming a phone number a pension number, 8 digits passing Luhn (and not a date) an insurer
    /// number, 7 digits a postal code. 11-digit resident register codes have no kind: `None`.
    /// Names are recognised with an honorific or as two space-separated parts (山田 太郎).
    pub(crate) fn classify_value(&self, value: &str) -> Option<Kind> {
        let norm = Normalized::new(value);
        let t = norm.text.trim();
        if t.is_empty() {
            return None;
        }
        if self.on(Kind::Email) && patterns::is_whole_email(t) {
            return Some(Kind::Email);
        }
        if self.on(Kind::Ip) && patterns::is_ip(t) {
            return Some(Kind::Ip);
        }
        if self.on(Kind::CryptoAddress) && crypto::is_address(t) {
            return Some(Kind::CryptoAddress);
        }
        if self.on(Kind::Coordinates) && geo::is_whole(t) {
            return Some(Kind::Coordinates);
        }
        if self.on(Kind::NationalId) && national::is_whole_chinese_id(t) {
            return Some(Kind::NationalId);
        }
        if let Some(kind) = numbers::classify_whole(t)
            && self.on(kind)
        {
            return Some(kind);
        }
        if self.on(Kind::BankAccount) && bank::is_whole_iban(t) {
            return Some(Kind::BankAccount);
        }
        if self.on(Kind::DeviceId) && devices::is_whole(t) {
            return Some(Kind::DeviceId);
        }
        if let Some(kind) = self.patterns.whole_id(t)
            && self.on(kind)
        {
            return Some(kind);
        }
        if self.on(Kind::Address) && japanese::is_address_value(&self.prefectures, t) {
            return Some(Kind::Address);
        }
        if self.on(Kind::UrlParam) && looks_like_url(t) {
            let mut found = Vec::new();
            self.patterns.find_url_params(t, &mut found);
            if !found.is_empty() {
                return Some(Kind::UrlParam);
            }
        }
        if self.on(Kind::Name)
            && (japanese::is_name_value(&self.honorifics, t) || western::is_whole_name(t))
        {
            return Some(Kind::Name);
        }
        if self.known.iter().any(|set| set.contains_whole(t)) {
            return Some(Kind::Known);
        }
        None
    }
}

fn looks_like_url(t: &str) -> bool {
    !t.contains(char::is_whitespace)
        && (t.contains("://") || t.starts_with('/') || t.starts_with('?'))
}

/// Longest first, then the higher-ranked kind, then leftmost; keep what does not overlap what is
/// already kept, and of a match that overlaps it the parts it does not cover (a name whose
/// span starts inside an address's building: `…12階 山田太郎様`), trimmed of spaces and kept
/// when they hold a letter or digit; return sorted by start. What any detector found is
/// replaced, whichever kind names it.
fn resolve(text: &str, mut found: Vec<Match>) -> Vec<Match> {
    if found.len() == 1 {
        return found;
    }
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then_with(|| b.kind.rank().cmp(&a.kind.rank()))
            .then_with(|| a.start.cmp(&b.start))
    });
    // Kept spans by start; they never overlap.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept: Vec<Match> = Vec::with_capacity(found.len());
    for m in found {
        // The kept spans that overlap m, in order: the one starting before m (if it reaches
        // into m) and those starting inside m.
        let mut pieces = Vec::new();
        let mut at = m.start;
        let before = taken.range(..m.start).next_back().map(|(s, e)| (*s, *e));
        if let Some((_, e)) = before.filter(|(_, e)| *e > m.start) {
            at = e;
        }
        for (&s, &e) in taken.range(m.start..m.end) {
            if s > at {
                pieces.push((at, s));
            }
            at = at.max(e);
        }
        if at < m.end {
            pieces.push((at, m.end));
        }
        for (a, b) in pieces {
            let Some((a, b)) = trimmed(text, a, b) else {
                continue;
            };
            taken.insert(a, b);
            kept.push(Match {
                kind: m.kind,
                start: a,
                end: b,
            });
        }
    }
    kept.sort_by_key(|m| m.start);
    kept
}

/// The span `a..b` of `text` without the spaces at either end, when what is left holds a letter
/// or a digit (a piece of a match that another match partly covers).
fn trimmed(text: &str, a: usize, b: usize) -> Option<(usize, usize)> {
    let piece = text.get(a..b)?;
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    let (a, b) = (a + lead, b - trail.min(b - a - lead));
    text[a..b]
        .chars()
        .any(char::is_alphanumeric)
        .then_some((a, b))
}
