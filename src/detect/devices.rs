//! Device and advertising identifiers in free text: the IDs a phone, a browser or an ad
//! network gives one person's device, which link every record of it across services.
//!
//! APPI counts device information and cookie IDs among the "personally referable information"
//! (個人関連情報) that becomes personal data once joined to a customer, and its processing
//! standards for anonymous data ask for such linking codes to be deleted. A customer quotes
//! them to support (`IMEI 35-209900-176148-1 の端末が…`, `広告ID: 6D92078A-…`), and apps paste
//! them into feedback forms. Found:
//!
//! - **by shape alone**, what is an identifier wherever it stands:
//!   - a UUID (RFC 9562, `8-4-4-4-12` hex digits, either case): Apple's IDFA and IDFV, Google's
//!     advertising ID (GAID) and most apps' installation and device IDs are UUIDs, and nothing in
//!     the text tells them from an order's or a session's UUID, which are linking codes as
//!     well. The nil UUID (all zeros: an ad ID the user has reset or limited) identifies
//!     nothing and is left;
//!   - a MAC address (IEEE 802 EUI-48) in its written forms: six pairs of hex digits joined by
//!     `:` or all by `-` (`00:1A:2B:3C:4D:5E`, `00-1a-2b-3c-4d-5e`), or three groups of four
//!     joined by `.` (`001a.2b3c.4d5e`, the form of Cisco's tools), with a hex letter among
//!     them (`23-24-25-26-27-28` is a list of sizes);
//!   - an IMEI (3GPP TS 23.003) in its written grouping `AA-BBBBBB-CCCCCC-D` (or the 16-digit
//!     IMEISV's `…-DD`), hyphens or spaces, when its reporting body (the first two digits) is
//!     one the GSMA names and, for the 15 digits, the Luhn check digit holds;
//! - **after a label** ([`CUES`]: `IMEI`, `製造番号`, `MACアドレス`, `Wi-Fiアドレス`, `IDFA`,
//!   `広告ID`, `端末ID`, `デバイスID`, `device id`, `Android ID`, `UDID`, `個体識別番号`,
//!   `Cookie ID`, `セッションID`, `serial number`, `シリアル番号` …), with marks, particles,
//!   brackets or `is` between, the value:
//!   - after an IMEI's label, 14 to 17 digits in any grouping (an IMEI with or without its
//!     check digit, an IMEISV) or a MEID's 14 hex digits;
//!   - after a MAC address's label, 12 hex digits however they are grouped;
//!   - after any other label, a run of 8 to 128 letters, digits, `-`, `_`, `.` and `:` holding a
//!     digit (an Android ID's 16 hex digits, a cookie's value, a device's serial number).
//!
//! Left: a bare run of 15 digits without a label, even with a valid check digit (one order
//! number in ten has one); a label with no value after it (`端末IDを確認してください`,
//! `serial number is on the back`); a value with no digit (`Cookie: enabled`).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::checksum::is_luhn;
use super::keywords::Keywords;
use super::{Kind, Match};

/// What a label announces (see [`CUES`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// An IMEI or MEID (製造番号 is also a product's serial number: tried as [`Cue::Id`] too).
    Imei,
    /// A MAC address.
    Mac,
    /// Any other device, advertising, cookie or serial ID.
    Id,
}

/// The labels, matched without regard to case on the normalised text (ー is `-`, full-width
/// letters are ASCII). An ASCII label counts only as a word of its own.
const CUES: [(&str, Cue); 58] = [
    ("imei", Cue::Imei),
    // Dual-SIM phones list two (`IMEI1`, `IMEI 2`).
    ("imei1", Cue::Imei),
    ("imei2", Cue::Imei),
    ("imei 1", Cue::Imei),
    ("imei 2", Cue::Imei),
    ("imeisv", Cue::Imei),
    ("meid", Cue::Imei),
    ("端末識別番号", Cue::Imei),
    ("製造番号", Cue::Imei),
    ("mac address", Cue::Mac),
    ("mac addr", Cue::Mac),
    ("mac-address", Cue::Mac),
    ("mac_address", Cue::Mac),
    ("macaddress", Cue::Mac),
    ("macアドレス", Cue::Mac),
    ("mac アドレス", Cue::Mac),
    ("wi-fiアドレス", Cue::Mac),
    ("wi-fi アドレス", Cue::Mac),
    ("wifiアドレス", Cue::Mac),
    ("wi-fi address", Cue::Mac),
    ("wifi address", Cue::Mac),
    ("bluetoothアドレス", Cue::Mac),
    ("bluetooth address", Cue::Mac),
    ("物理アドレス", Cue::Mac),
    ("physical address", Cue::Mac),
    ("idfa", Cue::Id),
    ("idfv", Cue::Id),
    ("gaid", Cue::Id),
    ("aaid", Cue::Id),
    ("adid", Cue::Id),
    ("advertising id", Cue::Id),
    ("advertising identifier", Cue::Id),
    ("広告id", Cue::Id),
    ("広告識別子", Cue::Id),
    ("device id", Cue::Id),
    ("device_id", Cue::Id),
    ("deviceid", Cue::Id),
    ("device identifier", Cue::Id),
    ("device token", Cue::Id),
    ("android id", Cue::Id),
    ("android_id", Cue::Id),
    ("udid", Cue::Id),
    ("端末id", Cue::Id),
    ("端末識別子", Cue::Id),
    ("デバイスid", Cue::Id),
    ("デバイス識別子", Cue::Id),
    ("個体識別番号", Cue::Id),
    ("契約者固有id", Cue::Id),
    ("cookie id", Cue::Id),
    ("クッキ-id", Cue::Id),
    ("session id", Cue::Id),
    ("セッションid", Cue::Id),
    ("serial number", Cue::Id),
    ("serial no", Cue::Id),
    ("シリアル番号", Cue::Id),
    // Any other spelling (`シリアルNo.`, `端末シリアル：`, `本体シリアル XAJ7…`).
    ("シリアル", Cue::Id),
    ("端末番号", Cue::Id),
    ("シリアルナンバ-", Cue::Id),
];

static LABELS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(CUES.iter().map(|(w, _)| w))
        .expect("device ID labels build")
});

/// The reporting bodies of IMEIs (the first two digits of the type allocation code) the GSMA
/// names: PTCRB (01), DECT (10), Iridium (30), DGPT (33), BABT (35, 44, 98), NTA (45), BNetzA
/// (49, 50), CETECOM (51, 52), TÜV SÜD (53), Phoenix (54), TAF (86), MSAI (91), GHA (99), and
/// 00 (test devices).
const REPORTING_BODIES: [&[u8; 2]; 18] = [
    b"01", b"10", b"30", b"33", b"35", b"44", b"45", b"49", b"50", b"51", b"52", b"53", b"54",
    b"86", b"91", b"98", b"99", b"00",
];

/// The longest value taken after a label.
const MAX_VALUE: usize = 128;

/// The Japanese words of [`CUES`] that no other detector's cue word overlaps: the caller's one
/// cue search for every detector (`Cues` in the module above) says whether a text holds one.
pub(crate) const JA_CUES: [&str; 10] = [
    "端末",
    "製造番号",
    "広告",
    "デバイス",
    "個体識別",
    "固有",
    "クッキ",
    "セッション",
    "シリアル",
    "物理アドレス",
];

/// The ASCII words [`CUES`] start with, in the cases people write them: a text holding none
/// has no ASCII label, and the SIMD search for them is far cheaper than [`LABELS`]' search
/// without regard to case.
static ASCII_CUES: LazyLock<Keywords> = LazyLock::new(|| {
    const STEMS: [&str; 19] = [
        "imei",
        "meid",
        "mac",
        "wi-fi",
        "wifi",
        "bluetooth",
        "physical",
        "idfa",
        "idfv",
        "gaid",
        "aaid",
        "adid",
        "advertising",
        "device",
        "android",
        "udid",
        "cookie",
        "session",
        "serial",
    ];
    let mut words: Vec<String> = Vec::new();
    for stem in STEMS {
        let mut capital = stem.to_string();
        capital[..1].make_ascii_uppercase();
        words.extend([stem.to_string(), capital, stem.to_ascii_uppercase()]);
    }
    words.push("Wi-Fi".into());
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    Keywords::new(&[&words])
});

/// Device identifiers in the normalised text `t` (the caller calls this only on text holding
/// a digit). `ja_cued`: `t` holds a word of [`JA_CUES`]; `letters`: an ASCII letter.
pub(crate) fn find(t: &str, ja_cued: bool, letters: bool, out: &mut Vec<Match>) {
    let first = out.len();
    find_shapes(t, out);
    if t.len() >= 8 && (ja_cued || (letters && ASCII_CUES.groups(t) != 0)) {
        find_labelled(t, out);
        // A value of a known shape after its label is found twice.
        let mine = &mut out[first..];
        mine.sort_unstable_by_key(|m| (m.start, m.end));
        let mut kept = first;
        for k in first..out.len() {
            if k == first || (out[k].start, out[k].end) != (out[kept - 1].start, out[kept - 1].end)
            {
                out[kept] = out[k];
                kept += 1;
            }
        }
        out.truncate(kept);
    }
}

/// Japanese feature phones' subscriber and handset IDs, as their carriers' developer guides
/// specify them and access logs keep them: docomo's User-Agent with the handset's serial
/// (`ser` and an IMEI of 15 digits, 11 characters on older handsets) and the SIM card's
/// (`icc` and its 20 characters) (`DoCoMo/2.0 N905i(c100;TB;W24H16;ser359482012345678;
/// icc8981100010123456789f)`), SoftBank's and Vodafone's serial (`/SN359401012345678`), and
/// the headers that carry a subscriber's ID (`X-DCMGUID`, au's `X-UP-SUBNO`, SoftBank's
/// `X-JPHONE-UID`) with a colon or `=`. Only the ID is replaced.
pub(crate) fn find_carrier_ids(t: &str, out: &mut Vec<Match>) {
    static CUES: LazyLock<Keywords> = LazyLock::new(|| {
        Keywords::new(&[&[
            "DoCoMo",
            "DOCOMO",
            "SoftBank",
            "Vodafone",
            "J-PHONE",
            "DCMGUID",
            "dcmguid",
            "SUBNO",
            "subno",
            "JPHONE-UID",
            "jphone-uid",
        ]])
    });
    static IDS: LazyLock<regex::Regex> = LazyLock::new(|| {
        super::patterns::built_in(
            r"[;(/](?i:ser([0-9]{15}|[A-Za-z0-9]{11})|icc([A-Za-z0-9]{20}|[A-Za-z0-9]{19}))|/SN([0-9]{15}|[A-Za-z0-9]{11,15})|(?i:x-dcmguid|x-up-subno|x-jphone-uid|dcmguid|subno)[ ]*[:=][ ]*([A-Za-z0-9][A-Za-z0-9_.\-]{5,63})",
        )
    });
    if CUES.groups(t) == 0 {
        return;
    }
    for c in IDS.captures_iter(t) {
        let Some(m) = (1..=4).find_map(|i| c.get(i)) else {
            continue;
        };
        // A User-Agent's token ends at its delimiter (`;`, `)`, `/`, a space or the text's
        // end); a header's value is whatever the pattern took.
        let token = c.get(4).is_none();
        let ends = t[m.end()..]
            .chars()
            .next()
            .is_none_or(|ch| matches!(ch, ';' | ')' | '/' | ' ' | '"'));
        if !token || ends {
            out.push(Match {
                kind: Kind::DeviceId,
                start: m.start(),
                end: m.end(),
            });
        }
    }
}

/// Whether the whole value `v` (trimmed, normalised) is a device identifier by its shape (a
/// column of them is one of device IDs).
pub(crate) fn is_whole(v: &str) -> bool {
    let b = v.as_bytes();
    let shaped = |end: Option<usize>| end == Some(b.len());
    shaped(uuid_at(b, 0))
        || shaped(mac_at(b, 0))
        || shaped(imei_grouped_at(b, 0))
        || (b.len() == 15 && is_imei(b))
}

fn push(out: &mut Vec<Match>, start: usize, end: usize) {
    out.push(Match {
        kind: Kind::DeviceId,
        start,
        end,
    });
}

/// Whether byte `i` of `b` starts a token: no letter or digit before it, nor a separator that
/// joins it to a longer chain of groups (`…:1A:2B`, `…-4BA4`).
fn starts_token(b: &[u8], i: usize) -> bool {
    match i.checked_sub(1).map(|p| b[p]) {
        None => true,
        Some(p) if p.is_ascii_alphanumeric() || p == b'_' => false,
        // A label's colon (`MAC:00:1A:…`, `ID:…`): a word that is not a group of hex digits
        // before it (`AC:00:…` would be one more group of a longer chain).
        Some(b':') if label_before(b, i - 1) => true,
        Some(b'-' | b':' | b'.') => !(i >= 2 && b[i - 2].is_ascii_alphanumeric()),
        Some(_) => true,
    }
}

/// Whether the ASCII word that ends at `colon` (a `:`) is a label: `mac`, `id`, `device`, or
/// any word with a letter past `f` (not a group of hex digits), or a word in other text.
fn label_before(b: &[u8], colon: usize) -> bool {
    let word = &b[..colon];
    let start = word
        .iter()
        .rposition(|c| !c.is_ascii_alphanumeric() && *c != b'_')
        .map_or(0, |p| p + 1);
    let w = &word[start..];
    !w.is_empty()
        && (w.eq_ignore_ascii_case(b"mac")
            || w.iter()
                .any(|c| c.is_ascii_alphabetic() && !c.is_ascii_hexdigit()))
}

/// Whether a token ending at byte `end` of `b` ends there: no letter or digit after it, nor a
/// separator and another group.
fn ends_token(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => false,
        Some(b'-' | b':' | b'.') => !b.get(end + 1).is_some_and(|c| c.is_ascii_alphanumeric()),
        Some(_) => true,
    }
}

fn word_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// The shape starting at `i`, whose first separator stands at `i + back`: its end.
fn shape_at(b: &[u8], i: usize, back: usize) -> Option<usize> {
    if word_before(b, i) {
        return None;
    }
    match back {
        // A UUID is one wherever its groups stand (`urn:uuid:…`, `req-…`, `…-1`); a MAC
        // address or an IMEI is no part of a longer chain of groups.
        8 => uuid_at(b, i)
            .filter(|&e| !b[i..e].iter().all(|&c| c == b'0' || c == b'-'))
            .filter(|&e| {
                !b.get(e)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
            }),
        _ if !starts_token(b, i) => None,
        4 => mac_at(b, i).filter(|&e| ends_token(b, e)),
        _ => mac_at(b, i)
            .or_else(|| imei_grouped_at(b, i))
            .filter(|&e| ends_token(b, e)),
    }
}

/// Identifiers found by their shape alone: UUIDs, MAC addresses and grouped IMEIs. Each has a
/// separator 8, 4 or 2 bytes after its start, so only the separators are visited (in Japanese
/// text the long-vowel marks normalised to `-` are most of them, and fail at once).
fn find_shapes(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    let mut free = 0;
    let hex_before = |p: usize, n: usize| p >= n && b[p - n..p].iter().all(u8::is_ascii_hexdigit);
    let try_at = |p: usize, free: &mut usize, out: &mut Vec<Match>| {
        for back in [8, 4, 2] {
            if p < *free + back || !hex_before(p, back) {
                continue;
            }
            if let Some(end) = shape_at(b, p - back, back) {
                push(out, p - back, end);
                *free = end;
                return;
            }
        }
    };
    for p in memchr::memchr3_iter(b'-', b':', b'.', b) {
        if p >= free {
            try_at(p, &mut free, out);
        }
    }
    // An IMEI in groups joined by spaces (`35 209900 176148 1`).
    if b.len() >= 18 {
        let mut free = 0;
        for p in memchr::memchr_iter(b' ', b) {
            if p >= free + 2 && hex_before(p, 2) {
                let i = p - 2;
                if let Some(end) = (starts_token(b, i) && !word_before(b, i))
                    .then(|| imei_grouped_at(b, i))
                    .flatten()
                    .filter(|&e| ends_token(b, e))
                {
                    push(out, i, end);
                    free = end;
                }
            }
        }
    }
}

/// The end of `n` hex digits at `i`.
fn hex_run(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let end = i + n;
    (end <= b.len() && b[i..end].iter().all(u8::is_ascii_hexdigit)).then_some(end)
}

/// The end of groups of `lens` hex digits from `i`, joined by `sep`.
fn groups_at(b: &[u8], i: usize, lens: &[usize], sep: u8) -> Option<usize> {
    let mut at = i;
    for (k, &n) in lens.iter().enumerate() {
        if k > 0 {
            if b.get(at) != Some(&sep) {
                return None;
            }
            at += 1;
        }
        at = hex_run(b, at, n)?;
    }
    Some(at)
}

/// A UUID at `i` (`8-4-4-4-12` hex digits): its end.
fn uuid_at(b: &[u8], i: usize) -> Option<usize> {
    groups_at(b, i, &[8, 4, 4, 4, 12], b'-')
}

/// A MAC address at `i` in one of its written forms: its end.
/// Every form needs a hex letter among its digits: sizes (`23-24-25-26-27-28`) and versions
/// (`2024.1201.0930`) are no addresses, and one address in 280 has none (its label finds it).
fn mac_at(b: &[u8], i: usize) -> Option<usize> {
    let pairs = [2; 6];
    groups_at(b, i, &pairs, b':')
        .or_else(|| groups_at(b, i, &pairs, b'-'))
        // Cisco's `001a.2b3c.4d5e`.
        .or_else(|| groups_at(b, i, &[4, 4, 4], b'.'))
        .filter(|&e| b[i..e].iter().any(u8::is_ascii_alphabetic))
}

/// An IMEI at `i` in its written grouping `AA-BBBBBB-CCCCCC-D` (an IMEISV: `…-DD`), joined by
/// hyphens or by spaces: its end.
fn imei_grouped_at(b: &[u8], i: usize) -> Option<usize> {
    let digits = |from: usize, n: usize| {
        let end = from + n;
        (end <= b.len() && b[from..end].iter().all(u8::is_ascii_digit)).then_some(end)
    };
    let sep = *b.get(i + 2)?;
    if sep != b'-' && sep != b' ' {
        return None;
    }
    let mut at = digits(i, 2)?;
    let mut value = Vec::with_capacity(16);
    value.extend_from_slice(&b[i..at]);
    for n in [6, 6] {
        if b.get(at) != Some(&sep) {
            return None;
        }
        let end = digits(at + 1, n)?;
        value.extend_from_slice(&b[at + 1..end]);
        at = end;
    }
    if b.get(at) != Some(&sep) {
        return None;
    }
    let last = at + 1;
    let end = digits(last, 2)
        .filter(|&e| !b.get(e).is_some_and(u8::is_ascii_digit))
        .or_else(|| digits(last, 1).filter(|&e| !b.get(e).is_some_and(u8::is_ascii_digit)))?;
    value.extend_from_slice(&b[last..end]);
    let ok = match value.len() {
        15 => is_imei(&value),
        // An IMEISV's last two digits are the software's version, with no check digit.
        16 => has_reporting_body(&value),
        _ => false,
    };
    ok.then_some(end)
}

fn has_reporting_body(d: &[u8]) -> bool {
    d.len() >= 2 && REPORTING_BODIES.iter().any(|rb| d[..2] == rb[..])
}

/// Fifteen digits with a known reporting body and a valid Luhn check digit.
fn is_imei(d: &[u8]) -> bool {
    d.len() == 15 && d.iter().all(u8::is_ascii_digit) && has_reporting_body(d) && is_luhn(d)
}

/// Values after a label (see [`CUES`]).
fn find_labelled(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    for m in LABELS.find_iter(t) {
        let (label, cue) = CUES[m.pattern().as_usize()];
        // An ASCII label is a word of its own (`IMEI`, not `xIMEI` nor `imeis`); a Japanese
        // one may be glued to the text before it.
        if label.as_bytes()[0].is_ascii_alphabetic()
            && m.start() > 0
            && b[m.start() - 1].is_ascii_alphanumeric()
        {
            continue;
        }
        // Nor glued to a value (`adid3zxg3rdxq3bi` is a random token that starts with the
        // letters, as a pseudonym may: 2 of 2 million random base32 ones of 16 characters).
        if label.as_bytes()[label.len() - 1].is_ascii_alphabetic()
            && b.get(m.end()).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let Some((start, end)) = value_after(t, m.end()) else {
            continue;
        };
        let v = &b[start..end];
        let found = match cue {
            Cue::Imei => imei_value(t, start, end).or_else(|| {
                // 製造番号 is also a product's serial number.
                (label == "製造番号" && id_value(v)).then_some(end)
            }),
            Cue::Mac => {
                let hex: Vec<u8> = v.iter().copied().filter(|c| !b"-:. ".contains(c)).collect();
                (hex.len() == 12 && hex.iter().all(u8::is_ascii_hexdigit)).then_some(end)
            }
            Cue::Id => id_value(v).then_some(end),
        };
        if let Some(end) = found {
            push(out, start, end);
        }
    }
}

/// The value after a label ending at `from`: past what stands between (marks, particles,
/// brackets, `is`, `No.`, a few spaces), the run of letters, digits, `-`, `_`, `.` and `:`,
/// its trailing marks trimmed.
fn value_after(t: &str, from: usize) -> Option<(usize, usize)> {
    let b = t.as_bytes();
    let mut at = from;
    let mut skipped = 0;
    loop {
        let rest = &t[at..];
        let step = [
            " ", "\t", ":", "=", "#", "\"", "'", "(", ")", "[", "]", "「", "」", "『", "』", "【",
            "】", "（", "）", "：", "は", "が", "に", "欄", "→", "is ", "was ", "no.", "No.",
            "NO.", ".",
        ]
        .iter()
        .find(|s| rest.starts_with(**s))
        .map(|s| s.len());
        match step {
            Some(n) if skipped < 12 => {
                at += n;
                skipped += 1;
            }
            _ => break,
        }
    }
    let start = at;
    let mut end = at;
    while end < b.len()
        && end - start < MAX_VALUE
        && (b[end].is_ascii_alphanumeric() || b"-_.:".contains(&b[end]))
    {
        end += 1;
    }
    while end > start && b"-_.:".contains(&b[end - 1]) {
        end -= 1;
    }
    (end > start && !b.get(end).is_some_and(u8::is_ascii_alphanumeric)).then_some((start, end))
}

/// After an IMEI's label: 14 to 17 digits, also in groups joined by single spaces or hyphens,
/// or a MEID's 14 hex digits. The end of the value.
fn imei_value(t: &str, start: usize, end: usize) -> Option<usize> {
    let b = t.as_bytes();
    // Digit groups joined by single spaces (`35 209900 176148 1`) are one value.
    let mut end = end;
    while b.get(end) == Some(&b' ')
        && b.get(end + 1).is_some_and(u8::is_ascii_digit)
        && b[start..end]
            .iter()
            .all(|c| c.is_ascii_digit() || *c == b' ')
    {
        let mut e = end + 1;
        while b.get(e).is_some_and(u8::is_ascii_digit) {
            e += 1;
        }
        if b.get(e).is_some_and(u8::is_ascii_alphabetic) {
            break;
        }
        end = e;
    }
    let v = &b[start..end];
    let digits: Vec<u8> = v.iter().copied().filter(u8::is_ascii_digit).collect();
    let joined = v.iter().all(|c| c.is_ascii_digit() || b"- ".contains(c));
    if joined && (14..=17).contains(&digits.len()) {
        return Some(end);
    }
    let meid = v.len() == 14 && v.iter().all(u8::is_ascii_hexdigit);
    meid.then_some(end)
}

/// After a device, advertising, cookie or serial ID's label: 8 letters or digits or more, one a
/// digit, not all one character.
fn id_value(v: &[u8]) -> bool {
    let mut alnum = v.iter().filter(|c| c.is_ascii_alphanumeric());
    let first = alnum.next();
    // One character repeated (the nil UUID, `00000000`) identifies nothing.
    let varied = alnum.clone().any(|c| Some(c) != first);
    alnum.count() >= 7 && varied && v.iter().any(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let ja = JA_CUES.iter().any(|w| t.contains(w));
        find(t, ja, t.bytes().any(|c| c.is_ascii_alphabetic()), &mut out);
        out.sort_by_key(|m| m.start);
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    #[test]
    fn uuids_are_found_by_their_shape() {
        // Apple's IDFA as its documentation prints one, and Google's advertising ID.
        assert_eq!(
            found("広告ID: 6D92078A-8246-4BA4-AE5B-76104861E7DC で問い合わせ"),
            ["6D92078A-8246-4BA4-AE5B-76104861E7DC"]
        );
        assert_eq!(
            found("/open?gaid=38400000-8cf0-11bd-b23e-10b96e40000d&page=2"),
            ["38400000-8cf0-11bd-b23e-10b96e40000d"]
        );
        assert_eq!(
            found("{123e4567-e89b-12d3-a456-426614174000}"),
            ["123e4567-e89b-12d3-a456-426614174000"]
        );
        // The nil UUID (a reset or limited ad ID) identifies nothing.
        assert!(found("IDFAが00000000-0000-0000-0000-000000000000になっています").is_empty());
        // Inside a URN or a longer name, still a UUID; with a group too long, none.
        assert_eq!(
            found("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
            ["f81d4fae-7dec-11d0-a765-00a0c91e6bf6"]
        );
        assert_eq!(
            found("req-123e4567-e89b-12d3-a456-426614174000-2"),
            ["123e4567-e89b-12d3-a456-426614174000"]
        );
        assert!(found("123e4567-e89b-12d3-a456-4266141740001").is_empty());
        assert!(found("x123e4567-e89b-12d3-a456-426614174000").is_empty());
    }

    #[test]
    fn mac_addresses_are_found_in_their_written_forms() {
        assert_eq!(
            found("MACアドレスは 00:1A:2B:3C:4D:5E です"),
            ["00:1A:2B:3C:4D:5E"]
        );
        assert_eq!(found("mac 00-1a-2b-3c-4d-5e."), ["00-1a-2b-3c-4d-5e"]);
        assert_eq!(found("ap 001a.2b3c.4d5e up"), ["001a.2b3c.4d5e"]);
        // Mixed separators, a seventh group, times and versions are not addresses.
        assert!(found("00:1A-2B:3C:4D:5E").is_empty());
        assert!(found("00:1A:2B:3C:4D:5E:6F").is_empty());
        // After a label's colon, without a space.
        assert_eq!(found("MAC:00:1A:2B:3C:4D:5E"), ["00:1A:2B:3C:4D:5E"]);
        assert_eq!(found("wifi:00:1a:2b:3c:4d:5e"), ["00:1a:2b:3c:4d:5e"]);
        assert!(found("AC:00:1A:2B:3C:4D:5E").is_empty());
        assert!(found("12:30:45 に届きました").is_empty());
        assert!(found("version 2024.1201.0930").is_empty());
        assert!(found("fe80::1a:2b:3c:4d:5e").is_empty());
        assert!(found("サイズ 23-24-25-26-27-28 cm").is_empty());
        // Without a hex letter, only after its label.
        assert_eq!(
            found("MACアドレス: 00-11-22-33-44-55"),
            ["00-11-22-33-44-55"]
        );
    }

    #[test]
    fn grouped_imeis_need_their_check_digit() {
        // 3GPP TS 23.003's written grouping; 35 is BABT's reporting body.
        assert_eq!(
            found("My IMEI is 35-209900-176148-1"),
            ["35-209900-176148-1"]
        );
        assert_eq!(
            found("端末 35 209900 176148 1 です"),
            ["35 209900 176148 1"]
        );
        // An IMEISV: two digits of software version, no check digit.
        assert_eq!(found("35-209900-176148-23"), ["35-209900-176148-23"]);
        // A wrong check digit or an unknown reporting body, without a label: left.
        assert!(found("35-209900-176148-2").is_empty());
        assert!(found("77-209900-176148-4").is_empty());
    }

    #[test]
    fn values_after_a_label() {
        assert_eq!(found("IMEI 490154203237518 の端末"), ["490154203237518"]);
        assert_eq!(found("IMEI：35 209900 176148 1"), ["35 209900 176148 1"]);
        assert_eq!(
            found("IMEI（製造番号）: 490154203237518"),
            ["490154203237518"]
        );
        assert_eq!(found("MEID A0000000002329 です"), ["A0000000002329"]);
        assert_eq!(found("Wi-Fiアドレス 001A2B3C4D5E"), ["001A2B3C4D5E"]);
        assert_eq!(found("Android ID: 9774d56d682e549c"), ["9774d56d682e549c"]);
        assert_eq!(found("device id is a1b2c3d4e5f6"), ["a1b2c3d4e5f6"]);
        // au's subscriber ID, as its sites received it.
        assert_eq!(
            found("個体識別番号は05001234567890_ab.ezweb.ne.jpです"),
            ["05001234567890_ab.ezweb.ne.jp"]
        );
        assert_eq!(found("Serial No. C02XK1ABJGH5"), ["C02XK1ABJGH5"]);
        // A black-box review's spellings (session 33).
        assert_eq!(
            found("「端末識別子」欄に 9c4e7a1b2d3f5068 と表示されています"),
            ["9c4e7a1b2d3f5068"]
        );
        assert_eq!(found("IMEI1：860123456789014"), ["860123456789014"]);
        assert_eq!(found("IMEI 2: 860123456789022"), ["860123456789022"]);
        assert_eq!(found("シリアルNo. F2LXK3M9Q1GH"), ["F2LXK3M9Q1GH"]);
        assert_eq!(found("端末シリアル：GG7ZK2N3P4Q5"), ["GG7ZK2N3P4Q5"]);
        assert_eq!(
            found("Switch本体 シリアル XAJ70012345678 です"),
            ["XAJ70012345678"]
        );
        assert_eq!(found("端末番号は352099001761481です"), ["352099001761481"]);
        assert_eq!(found("シリアル番号：C02XK1ABJGH5"), ["C02XK1ABJGH5"]);
        assert_eq!(found("製造番号 A1234567 の商品"), ["A1234567"]);
        assert_eq!(
            found("Cookie ID=GA1.2.1234567890.1700000000"),
            ["GA1.2.1234567890.1700000000"]
        );
    }

    #[test]
    fn labels_without_a_value_find_nothing() {
        for t in [
            "端末IDを確認してください",
            "serial number is on the back 2 times",
            "Cookie ID: enabled",
            "IMEI 12345",
            "MACアドレス 00-1A-2B",
            "imeisecret 490154203237518",
            "Android ID 1234567",
            "macOS 14.2.1 でアプリが落ちます",
            "ご注文番号 202612011234567 について",
            // Random tokens that start with a label's letters (base32 pseudonyms).
            "adid3zxg3rdxq3bi",
            "idfv6qneyzgtd7wq",
            "udid7k2mqx4f5hna",
        ] {
            assert!(found(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn whole_values() {
        assert!(is_whole("6D92078A-8246-4BA4-AE5B-76104861E7DC"));
        assert!(is_whole("00:1a:2b:3c:4d:5e"));
        assert!(is_whole("490154203237518"));
        assert!(is_whole("35-209900-176148-1"));
        assert!(!is_whole("490154203237519"));
        assert!(!is_whole("123456789012345"));
        assert!(!is_whole("00000000-0000-0000-0000-00000000000"));
    }
}
