//! Column classification: what a column is (direct identifier, identifier code, linking ID,
//! quasi-identifier, sensitive, free text, other), judged from its name (English and Japanese)
//! and from a sample of its values (detector hit rates, parse rates of the generalising rules,
//! cardinality, uniqueness), with the rule a draft gives it and the reason. `scan` drafts jobs
//! from it; the plan uses it to refuse `keep` on identifiers in anonymous mode.
//!
//! The classifiers are a table, tried in order: identifier codes first (always deleted), then
//! direct identifiers, the quasi-identifiers that have a generalising rule, linking IDs, free
//! text, sensitive columns, numbers and categories. Whatever is uncertain is dropped.

use std::collections::{BTreeMap, HashSet};

use crate::detect::{Detector, Kind};
use crate::transform::TextRule;
use crate::transform::date::parse_date;
use crate::transform::ip::parse_ip;
use crate::transform::number::parse_number;
use crate::transform::timestamp::{Timestamp, Unit};
use crate::transform::user_agent::UserAgent;
use crate::transform::{
    KeepSpec, NoParams, RuleSpec, address, date, ip, number, postal, pseudonym, text, timestamp,
    url, user_agent,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    DirectIdentifier,
    IdentifierCode,
    LinkingId,
    QuasiIdentifier,
    Sensitive,
    FreeText,
    Other,
}

impl Class {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Class::DirectIdentifier => "direct identifier",
            Class::IdentifierCode => "identifier code",
            Class::LinkingId => "linking ID",
            Class::QuasiIdentifier => "quasi-identifier",
            Class::Sensitive => "sensitive",
            Class::FreeText => "free text",
            Class::Other => "other",
        }
    }
}

/// What the sample says about one column.
#[derive(Debug, Default)]
pub(crate) struct Profile {
    pub(crate) non_null: usize,
    pub(crate) distinct: usize,
    pub(crate) avg_chars: f64,
    /// Share of non-null values whose whole value has a detector's format.
    pub(crate) whole: BTreeMap<Kind, f64>,
    /// Share of values that are one person's name as the name detectors confirm it (see
    /// [`Detector::is_person_name`]).
    pub(crate) person_names: f64,
    /// Share of non-null values in which some detector fires somewhere.
    pub(crate) any_hit: f64,
    pub(crate) ts: f64,
    pub(crate) date: f64,
    pub(crate) ip: f64,
    pub(crate) num: f64,
    pub(crate) url: f64,
    pub(crate) ua: f64,
    pub(crate) japanese: f64,
    /// Every value (20 or more) is a timestamp spelt in digits: epoch seconds of this century
    /// within 30 years of each other, or a compact local date-time (12 or 14 digits) that
    /// parses. A pension (10 digits) or licence (12) number column is not: its values spread
    /// over every digit, and few form a calendar date and time.
    pub(crate) digit_timestamps: bool,
    /// Share of non-null values written as a Japanese postal code with its hyphen
    /// (`150-0001`, `〒150-0001`): seven digits alone are as often a member number or an
    /// order's.
    pub(crate) hyphenated_postal: f64,
}

/// Whether a column's (lower-cased) name is a person's role, which holds that person's name
/// (`担当者`, `受取人名`, `注文者氏名`, `recipient`, `consignee`): not a role's other data
/// (`受取人住所`, `担当者電話`).
fn is_role_column(n: &str) -> bool {
    const ROLES: [&str; 16] = [
        "担当者",
        "担当",
        "受取人",
        "受け取り人",
        "送り主",
        "依頼主",
        "差出人",
        "宛名",
        "名義人",
        "名義",
        "契約者",
        "申込者",
        "購入者",
        "注文者",
        "スタッフ",
        "代表者",
    ];
    let core = ["氏名", "名", "様"]
        .iter()
        .find_map(|x| n.strip_suffix(x))
        .unwrap_or(n);
    ROLES.iter().any(|r| core.ends_with(r) || n.ends_with(r))
        || matches!(
            n,
            "recipient" | "sender" | "consignee" | "addressee" | "payee" | "account_holder"
        )
}

/// Whether `v` is a Japanese postal code with its hyphen, maybe after 〒 (full-width digits
/// and dashes too).
fn hyphenated_postal(v: &str) -> bool {
    let v = v.trim().trim_start_matches('〒').trim();
    let c: Vec<char> = v.chars().collect();
    c.len() == 8
        && matches!(c[3], '-' | '－' | 'ー' | '‐' | '−')
        && c.iter()
            .enumerate()
            .all(|(i, ch)| i == 3 || ch.is_ascii_digit() || ('０'..='９').contains(ch))
}

/// A column's class, the rule the draft gives it (as the job file writes it) and why.
pub(crate) struct Decision {
    pub(crate) class: Class,
    pub(crate) rule: RuleSpec,
    pub(crate) why: String,
}

/// Whether a column's (lower-cased) name names a record's ID: `id`, `…_id`, `… id`, `…-id`
/// (`Customer ID`, `order-item-id`), a short `…id`, a record's number (`customer_no`,
/// `order_number`, `注文番号`), or a member's, a customer's, a session's, a device's.
fn id_name(n: &str) -> bool {
    !attribute_name(n)
        && (n == "id"
            || n.ends_with("_id")
            || n.ends_with(" id")
            || n.ends_with("-id")
            || n.ends_with("id") && n.len() <= 8
            || ["_no", "_number", "_num"].iter().any(|s| n.ends_with(s))
            || has(
                n,
                &[
                    "会員",
                    "顧客",
                    "番号",
                    "cookie",
                    "session",
                    "uuid",
                    "device_id",
                    "member",
                    "account",
                ],
            ))
}

/// Whether a column's (lower-cased) name names an attribute of a record rather than its ID:
/// a flag, a status, a kind, a rank (`楽天会員フラグ`, `会員ステータス`, `会員グループ`,
/// `member_type`).
fn attribute_name(n: &str) -> bool {
    [
        "フラグ",
        "ステータス",
        "状態",
        "区分",
        "種別",
        "種類",
        "ランク",
        "グループ",
        "有無",
        "flag",
        "status",
        "type",
        "rank",
        "group",
        "level",
        "tier",
    ]
    .iter()
    .any(|s| n.ends_with(s))
}

/// Whether a column named for an identifier holds a flag about it instead: no value of the
/// kind, at most three distinct values of five characters or fewer on average (Shopify's
/// `Accepts Email Marketing` yes/no, `メールフラグ` 0/1, `電話可否` 可/否). Dropped as the
/// identifier, its `yes` would become a known value that stops the delivery of every other
/// column holding it.
fn is_flag(p: &Profile, kind: Kind) -> bool {
    whole(p, kind) == 0.0 && p.distinct <= 3 && p.avg_chars <= 5.0
}

/// Whether a column's name names a demographic category an outsider may know of a person:
/// sex, age, a place of residence, an occupation, a nationality (`性別`, `年代`, `都道府県`).
/// English words count as whole words (`age_band`, not `page` or `language`).
pub(crate) fn is_demographic(column: &str) -> bool {
    let n = crate::transform::nfkc(column).to_lowercase();
    const ENGLISH: [&str; 13] = [
        "gender",
        "sex",
        "age",
        "prefecture",
        "state",
        "country",
        "nationality",
        "occupation",
        "job",
        "marital",
        "region",
        "city",
        "zip",
    ];
    has(
        &n,
        &[
            "性別",
            "年齢",
            "年代",
            "都道府県",
            "県",
            "国籍",
            "職業",
            "婚姻",
            "家族",
            "地域",
            "市区町村",
        ],
    ) || n
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| ENGLISH.contains(&w))
}

/// Whether `word` stands in `name` at a word's start: not after a letter (`ip_addr` in
/// `client_ip_addr`, not in `shipaddress1`).
fn has_word(name: &str, word: &str) -> bool {
    name.match_indices(word).any(|(i, _)| {
        !name[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic())
    })
}

fn has(name: &str, words: &[&str]) -> bool {
    words.iter().any(|w| name.contains(w))
}

pub(crate) fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { n as f64 / of as f64 }
}

pub(crate) fn profile(values: &[&str], detector: &Detector) -> Profile {
    let n = values.len();
    let mut p = Profile {
        non_null: n,
        ..Default::default()
    };
    if n == 0 {
        return p;
    }
    let distinct: HashSet<&str> = values.iter().copied().collect();
    p.distinct = distinct.len();
    p.avg_chars = values.iter().map(|v| v.chars().count()).sum::<usize>() as f64 / n as f64;
    let tsr = Timestamp {
        unit: Unit::Hour,
        tz: chrono_tz::Asia::Tokyo,
    };
    let ua = UserAgent {
        major_version: true,
        cache: Default::default(),
    };
    let mut whole: BTreeMap<Kind, usize> = BTreeMap::new();
    let (mut any, mut ts, mut date, mut ip, mut num, mut url, mut uas, mut ja) =
        (0, 0, 0, 0, 0, 0, 0, 0);
    let mut postal = 0;
    let mut people = 0;
    for v in values {
        people += usize::from(detector.is_person_name(v));
        if let Some(k) = detector.classify_value(v) {
            *whole.entry(k).or_default() += 1;
        }
        if !detector.find(v).is_empty() {
            any += 1;
        }
        ts += usize::from(tsr.parse_ms(v).is_some() && v.chars().count() >= 10);
        date += usize::from(parse_date(v).is_some());
        ip += usize::from(parse_ip(v).is_some());
        num += usize::from(parse_number(v).is_some());
        url += usize::from(
            v.starts_with('/') || v.starts_with("http://") || v.starts_with("https://"),
        );
        uas += usize::from(v.len() > 20 && ua.transform(v).is_some());
        ja += usize::from(v.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)));
        postal += usize::from(hyphenated_postal(v));
    }
    p.hyphenated_postal = share(postal, n);
    p.person_names = share(people, n);
    p.whole = whole.into_iter().map(|(k, c)| (k, share(c, n))).collect();
    p.any_hit = share(any, n);
    p.ts = share(ts, n);
    p.date = share(date, n);
    p.ip = share(ip, n);
    p.num = share(num, n);
    p.url = share(url, n);
    p.ua = share(uas, n);
    p.japanese = share(ja, n);
    p.digit_timestamps = digit_timestamps(values, |v| tsr.parse_ms(v).is_some());
    p
}

/// See [`Profile::digit_timestamps`].
fn digit_timestamps(values: &[&str], parses: impl Fn(&str) -> bool) -> bool {
    // 2000-01-01 and 2100-01-01 in epoch seconds; 30 years of seconds.
    const FROM: u64 = 946_684_800;
    const TO: u64 = 4_102_444_800;
    const SPREAD: u64 = 30 * 366 * 86_400;
    if values.len() < 20 {
        return false;
    }
    let digits = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    let epoch: Option<Vec<u64>> = values
        .iter()
        .map(|v| {
            (v.len() == 10 && digits(v))
                .then(|| v.parse::<u64>().ok())
                .flatten()
                .filter(|s| (FROM..TO).contains(s))
        })
        .collect();
    if let Some(e) = epoch {
        let (lo, hi) = (e.iter().min(), e.iter().max());
        return lo.zip(hi).is_some_and(|(lo, hi)| hi - lo <= SPREAD);
    }
    values
        .iter()
        .all(|v| matches!(v.len(), 12 | 14) && digits(v) && parses(v))
}

fn whole(p: &Profile, k: Kind) -> f64 {
    p.whole.get(&k).copied().unwrap_or(0.0)
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Rounds a bucket width to 1, 2 or 5 × a power of ten.
fn nice_width(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let e = 10f64.powf(x.log10().floor());
    let m = x / e;
    let nice = if m < 1.5 {
        1.0
    } else if m < 3.5 {
        2.0
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    };
    nice * e
}

/// The class `scan` gives a column from its name and a sample of its values, with the reason.
pub(crate) fn classify(column: &str, values: &[&str]) -> (Class, String) {
    let detector = profiling_detector();
    let values: Vec<&str> = values
        .iter()
        .copied()
        .filter(|v| !v.trim().is_empty())
        .collect();
    let numbers: Vec<f64> = values.iter().filter_map(|v| parse_number(v)).collect();
    let p = profile(&values, &detector);
    let d = if p.non_null == 0 {
        // No values to judge: the name alone decides (one harmless value stands in).
        let stand_in = ["-"];
        decide(column, &profile(&stand_in, &detector), &[])
    } else {
        decide(column, &p, &numbers)
    };
    (d.class, d.why)
}

/// The detector columns are profiled with: every pattern, and names confirmed by analysis
/// where IPADIC is installed (else Western names and shapes alone).
pub(crate) fn profiling_detector() -> Detector {
    Detector::new(&Kind::patterns()).with_name_analysis(crate::detect::morph::analyzer().ok())
}

/// One classifier: a test on the column's (NFKC, lower-cased) name and its profile, the rule the
/// draft gives a column that passes, and the reason shown for it.
struct Classifier {
    class: Class,
    test: fn(&str, &Profile) -> bool,
    rule: fn(&Profile, &[f64]) -> RuleSpec,
    why: fn(&Profile) -> String,
}

fn drop(_: &Profile, _: &[f64]) -> RuleSpec {
    RuleSpec::Drop(NoParams {})
}

/// A keyed pseudonym with the rule's defaults: IDs that join within the delivery only.
fn pseudonymise(_: &Profile, _: &[f64]) -> RuleSpec {
    RuleSpec::Pseudonym(pseudonym::Spec {
        domain: None,
        encoding: None,
        length: None,
        prefix: None,
        normalize: None,
    })
}

/// The classifiers, in the order they are tried.
const CLASSIFIERS: &[Classifier] = &[
    // Identifier codes (個人識別符号) first: always deleted.
    Classifier {
        class: Class::IdentifierCode,
        test: |n, p| {
            has(
                n,
                &[
                    "my_number",
                    "mynumber",
                    "my number",
                    "マイナンバー",
                    "個人番号",
                ],
            ) || whole(p, Kind::MyNumber) > 0.5
        },
        rule: drop,
        why: |p| {
            format!(
                "My Number (個人番号) by name or format ({} valid check digits)",
                pct(whole(p, Kind::MyNumber))
            )
        },
    },
    Classifier {
        class: Class::IdentifierCode,
        test: |n, p| has(n, &["passport", "旅券"]) || whole(p, Kind::Passport) > 0.5,
        rule: drop,
        why: |_| "passport number (個人識別符号) by name or format".into(),
    },
    Classifier {
        class: Class::IdentifierCode,
        test: |n, p| {
            has(n, &["residence_card", "在留カード", "在留"]) || whole(p, Kind::ResidenceCard) > 0.5
        },
        rule: drop,
        why: |_| "residence card number (個人識別符号) by name or format".into(),
    },
    Classifier {
        class: Class::IdentifierCode,
        test: |n, p| {
            has(n, &["licen", "免許"])
                || (whole(p, Kind::DriversLicence) > 0.5 && !p.digit_timestamps)
        },
        rule: drop,
        why: |_| "driver's licence number (個人識別符号) by name or format".into(),
    },
    Classifier {
        class: Class::IdentifierCode,
        test: |n, p| {
            has(n, &["pension", "年金"]) || (whole(p, Kind::Pension) > 0.5 && !p.digit_timestamps)
        },
        rule: drop,
        why: |_| "pension number (個人識別符号) by name or format".into(),
    },
    Classifier {
        class: Class::IdentifierCode,
        test: |n, _| {
            has(
                n,
                &[
                    "住民票",
                    "住基",
                    "resident_code",
                    "resident_register",
                    "juminhyo",
                ],
            )
        },
        rule: drop,
        why: |_| "resident register code (住民票コード, 個人識別符号) by name".into(),
    },
    Classifier {
        class: Class::IdentifierCode,
        test: |n, p| has(n, &["insur", "保険"]) || whole(p, Kind::Insurance) > 0.5,
        rule: drop,
        why: |_| "insurance number (個人識別符号) by name or format".into(),
    },
    // Direct identifiers.
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, p| {
            has(n, &["card", "カード", "credit"]) && !is_flag(p, Kind::Card)
                || whole(p, Kind::Card) > 0.5
        },
        rule: drop,
        why: |p| {
            format!(
                "payment card number ({} pass Luhn)",
                pct(whole(p, Kind::Card))
            )
        },
    },
    // A bank account by name (its values are bare digits, which read as other numbers) or as
    // IBANs.
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, p| {
            has(
                n,
                &[
                    "bank_account",
                    "bankaccount",
                    "bank_acct",
                    "iban",
                    "口座",
                    "振込先",
                ],
            ) || whole(p, Kind::BankAccount) > 0.5
        },
        rule: drop,
        why: |p| {
            format!(
                "bank account number by name or format ({} IBANs)",
                pct(whole(p, Kind::BankAccount))
            )
        },
    },
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, p| {
            has(
                n,
                &[
                    "ssn",
                    "social_security",
                    "national_id",
                    "身份证",
                    "身份證",
                    "주민등록",
                    "resident_registration",
                    // Other countries' (`detect::world_ids`); not `sin` or `pan`, which
                    // `business` and `japan` hold.
                    "nhs_number",
                    "nhs_no",
                    "national_insurance",
                    "aadhaar",
                    "aadhar",
                    "pesel",
                    "burgerservicenummer",
                    "steuer_id",
                    "steuerid",
                    "steueridentifikationsnummer",
                    "tax_file_number",
                    "social_insurance_number",
                    "nric",
                    "personnummer",
                    "cpf",
                    "curp",
                    "codice_fiscale",
                    "henkilotunnus",
                    "medicare",
                    "teudat_zehut",
                    "israeli_id",
                    "south_african_id",
                    "kimlik",
                    "tckn",
                    "ahv_n",
                    "avs_n",
                    "rijksregister",
                    "registre_national",
                    "fodselsnummer",
                    "fødselsnummer",
                    "cpr_n",
                    "contribuinte",
                    "ird_n",
                    "voter_id",
                ],
            ) || whole(p, Kind::NationalId) > 0.5
        },
        rule: drop,
        why: |_| "another country's national identity number by name or format".into(),
    },
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, p| {
            has(
                n,
                &[
                    "wallet",
                    "btc_address",
                    "eth_address",
                    "bitcoin",
                    "crypto_address",
                ],
            ) || whole(p, Kind::CryptoAddress) > 0.5
        },
        rule: drop,
        why: |p| {
            format!(
                "cryptocurrency address ({} valid checksums)",
                pct(whole(p, Kind::CryptoAddress))
            )
        },
    },
    // A place to a house's precision; no rule generalises it.
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, p| {
            has(
                n,
                &[
                    "latitude",
                    "longitude",
                    "latlng",
                    "lat_lng",
                    "lat_lon",
                    "geo_point",
                    "geolocation",
                    "coordinates",
                    "緯度",
                    "経度",
                    "座標",
                ],
            ) || n == "lat"
                || n == "lng"
                || n == "lon"
                || whole(p, Kind::Coordinates) > 0.5
        },
        rule: drop,
        why: |p| {
            format!(
                "geographic coordinates ({} latitude and longitude pairs)",
                pct(whole(p, Kind::Coordinates))
            )
        },
    },
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, p| {
            has(n, &["mail", "メール"]) && !is_flag(p, Kind::Email) || whole(p, Kind::Email) > 0.5
        },
        rule: drop,
        why: |p| format!("email address ({} emails)", pct(whole(p, Kind::Email))),
    },
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, p| {
            has(n, &["phone", "tel", "電話", "携帯", "mobile", "fax"]) && !is_flag(p, Kind::Phone)
                || whole(p, Kind::Phone) > 0.5
        },
        rule: drop,
        why: |p| format!("phone number ({} phones)", pct(whole(p, Kind::Phone))),
    },
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, _| {
            has(
                n,
                &[
                    "kana",
                    "カナ",
                    "かな",
                    "フリガナ",
                    "氏名",
                    "名前",
                    "full_name",
                    "first_name",
                    "last_name",
                    "firstname",
                    "lastname",
                    "first name",
                    "last name",
                    "given_name",
                    "given name",
                    "family_name",
                    "family name",
                    "surname",
                    "billing name",
                    "billing_name",
                    "shipping name",
                    "shipping_name",
                    "名字",
                    "苗字",
                    "(姓)",
                    "(名)",
                    "（姓）",
                    "（名）",
                ],
            ) || matches!(n, "name" | "姓" | "名" | "せい" | "めい" | "sei" | "mei")
                // お届け先名, 配送先名, 送付先名, 請求先名: the recipient's name.
                || n.ends_with("先名")
                || n.ends_with("_name")
                    && has(
                        n,
                        &[
                            "customer",
                            "user",
                            "member",
                            "person",
                            "recipient",
                            "sender",
                            "staff",
                            "contact",
                            "holder",
                            "buyer",
                        ],
                    )
                || is_role_column(n)
        },
        rule: drop,
        why: |_| "person's name by column name".into(),
    },
    // People's names by their values (山田 太郎, Emily Johnson): most values the name detectors
    // confirm, however often they repeat (a repeat buyer's orders, one clerk's rows); or most
    // values shaped like a name, and a quarter of them or more distinct, as people are: a
    // category's few values that read like names are not (`メンズ シャツ`).
    Classifier {
        class: Class::DirectIdentifier,
        test: |_, p| {
            p.person_names > 0.5
                || whole(p, Kind::Name) > 0.5 && p.distinct >= 10 && p.distinct * 4 >= p.non_null
        },
        rule: drop,
        why: |p| {
            format!(
                "person's name ({} names)",
                pct(p.person_names.max(whole(p, Kind::Name)))
            )
        },
    },
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, _| has(n, &["password", "passwd", "secret", "token"]),
        rule: drop,
        why: |_| "credential by column name".into(),
    },
    // Device and advertising IDs (IMEI, MAC address, IDFA/GAID): linking codes, by name or
    // by format. (`device_model` is no ID.)
    Classifier {
        class: Class::LinkingId,
        test: |n, p| {
            has(
                n,
                &[
                    "imei",
                    "idfa",
                    "idfv",
                    "gaid",
                    "advertising",
                    "mac_address",
                    "macaddress",
                    "udid",
                    "android_id",
                    "device_id",
                    "deviceid",
                    "端末id",
                    "端末識別",
                ],
            ) || whole(p, Kind::DeviceId) > 0.5
        },
        rule: pseudonymise,
        why: |p| {
            format!(
                "device or advertising ID ({} IMEIs, MAC addresses or UUIDs): keyed pseudonym, joins within the delivery only",
                pct(whole(p, Kind::DeviceId))
            )
        },
    },
    // A building's name and a room's number: the end of a street address, which no rule
    // generalises and the `address` rule cannot read alone; with the town beside it, a
    // household (`パークハウス浦和305`).
    Classifier {
        class: Class::DirectIdentifier,
        test: |n, _| {
            has(
                n,
                &[
                    "建物",
                    "マンション",
                    "アパート",
                    "ビル名",
                    "部屋番号",
                    "号室",
                    "building",
                    "apartment",
                    "room_no",
                    "room number",
                    "room_number",
                ],
            ) || matches!(n, "apt" | "apt." | "suite" | "unit" | "room")
        },
        rule: drop,
        why: |_| "building or room: the end of a street address, a household with the town".into(),
    },
    // Quasi-identifiers that have a generalising rule.
    // By name, or by values most of which are written as a postal code is (with its hyphen;
    // a UK or Canadian postcode with its space): seven bare digits are a member's or an
    // order's number as often, and get the linking ID's pseudonym below.
    Classifier {
        class: Class::QuasiIdentifier,
        test: |n, p| {
            has(
                n,
                &[
                    "postal",
                    "zip",
                    "郵便",
                    "postcode",
                    "post_code",
                    "〒",
                    "yubin",
                ],
            ) || (whole(p, Kind::PostalCode) > 0.5 && (p.hyphenated_postal > 0.5 || p.num < 0.5))
        },
        rule: |_, _| RuleSpec::PostalCode(postal::Spec { digits: Some(3) }),
        why: |_| "postal code: keep the 3-digit area".into(),
    },
    Classifier {
        class: Class::QuasiIdentifier,
        // Not a network's, a mailbox's or a wallet's address (`ip_address`, `remote_address`,
        // `mail_address`): by its name, or by values most of which are IP addresses.
        test: |n, p| {
            (has(n, &["address", "住所", "所在地", "street", "番地"])
                && p.ip < 0.5
                && ![
                    "ip_addr",
                    "ipaddr",
                    "ip address",
                    "remote_addr",
                    "client_addr",
                    "server_addr",
                    "host_addr",
                    "mail_addr",
                    "mailaddr",
                    "wallet",
                    "btc_addr",
                    "eth_addr",
                    "mac_addr",
                    "ipアドレス",
                    "メールアドレス",
                ]
                .iter()
                .any(|w| has_word(n, w)))
                || whole(p, Kind::Address) > 0.5
        },
        rule: |_, _| {
            RuleSpec::Address(address::Spec {
                level: Some("prefecture".into()),
            })
        },
        why: |_| "street address: keep the prefecture".into(),
    },
    Classifier {
        class: Class::QuasiIdentifier,
        test: |n, p| {
            // A year of birth alone (`birth_year`: 1985) is a number, bucketed below; the date
            // rule reads whole dates.
            let year_only = p.date < 0.5 && p.num > 0.8;
            (has(n, &["birth", "dob", "生年月日", "誕生"]) && !year_only)
                || (p.date > 0.8 && has(n, &["born"]))
        },
        rule: |_, _| {
            RuleSpec::Date(date::Spec {
                output: Some("age-band".into()),
                band: Some(10),
                top_code: None,
                bottom_code: None,
            })
        },
        why: |p| {
            format!(
                "birth date ({} parse): 10-year age band, 90+ top-coded",
                pct(p.date)
            )
        },
    },
    Classifier {
        class: Class::QuasiIdentifier,
        test: |n, p| {
            p.ip > 0.8
                || ["ip_addr", "ipaddr", "client_ip", "remote_addr"]
                    .iter()
                    .any(|w| has_word(n, w))
                || n == "ip"
        },
        rule: |_, _| {
            RuleSpec::Ip(ip::Spec {
                method: None,
                ipv4_prefix: Some(24),
                ipv6_prefix: Some(48),
                domain: None,
            })
        },
        why: |p| format!("IP address ({} parse): keep /24 and /48", pct(p.ip)),
    },
    Classifier {
        class: Class::QuasiIdentifier,
        test: |n, p| p.ua > 0.6 || has(n, &["user_agent", "useragent", "user-agent"]),
        rule: |_, _| RuleSpec::UserAgent(user_agent::Spec { version: None }),
        why: |p| {
            format!(
                "User-Agent ({} recognised): browser, major version, OS",
                pct(p.ua)
            )
        },
    },
    Classifier {
        class: Class::QuasiIdentifier,
        test: |n, _| has(n, &["referer", "referrer", "リファラ"]),
        rule: |_, _| {
            RuleSpec::Url(url::Spec {
                keep: Some("host".into()),
                keep_params: None,
                keep_fragment: None,
                redact_id_segments: None,
                scrub: None,
            })
        },
        why: |_| "referrer: keep the host only".into(),
    },
    Classifier {
        class: Class::QuasiIdentifier,
        test: |n, p| p.url > 0.8 || has(n, &["url", "uri", "path"]),
        rule: |_, _| {
            RuleSpec::Url(url::Spec {
                keep: None,
                keep_params: None,
                keep_fragment: None,
                redact_id_segments: None,
                scrub: None,
            })
        },
        why: |p| {
            format!(
                "URL ({} URL-like): strip queries, redact IDs in paths, scrub",
                pct(p.url)
            )
        },
    },
    Classifier {
        class: Class::QuasiIdentifier,
        // Not an ID of digits that happen to read as epoch seconds (`会員ID` 1500000000…): a
        // record's number is its ID, and a timestamp rule would deliver it unkeyed.
        test: |n, p| p.ts > 0.8 && !(p.num > 0.8 && id_name(n)),
        rule: |_, _| {
            RuleSpec::Timestamp(timestamp::Spec {
                truncate: Some("hour".into()),
            })
        },
        why: |p| format!("timestamp ({} parse): truncated to the hour", pct(p.ts)),
    },
    Classifier {
        class: Class::QuasiIdentifier,
        test: |_, p| p.date > 0.8,
        rule: |_, _| {
            RuleSpec::Timestamp(timestamp::Spec {
                truncate: Some("day".into()),
            })
        },
        why: |p| format!("date ({} parse): kept to the day", pct(p.date)),
    },
    // Linking IDs: by name, or unique ID-like text.
    Classifier {
        class: Class::LinkingId,
        test: |n, p| {
            let uniq = share(p.distinct, p.non_null);
            id_name(n) || (uniq > 0.9 && p.num < 0.5 && p.avg_chars >= 6.0 && p.japanese < 0.1)
        },
        rule: pseudonymise,
        why: |p| {
            format!(
                "{} distinct in sample: keyed pseudonym, joins within the delivery only",
                pct(share(p.distinct, p.non_null))
            )
        },
    },
    // Free text: long or Japanese prose, or where detectors fire inside values.
    Classifier {
        class: Class::FreeText,
        test: |n, p| {
            has(
                n,
                &[
                    "inquiry",
                    "comment",
                    "message",
                    "note",
                    "memo",
                    "問い合わせ",
                    "お問い合わせ",
                    "備考",
                    "本文",
                    "review",
                    "description",
                    "text",
                    "body",
                ],
            ) || (p.avg_chars > 15.0 && share(p.distinct, p.non_null) > 0.3)
                || p.any_hit > 0.05
        },
        rule: |_, _| {
            RuleSpec::Text(text::Spec {
                detectors: None,
                known: None,
                my_number_without_keyword: None,
                names: None,
            })
        },
        why: |p| {
            format!(
                "avg {:.0} chars, detectors fire in {}: scrubbed",
                p.avg_chars,
                pct(p.any_hit)
            )
        },
    },
    Classifier {
        class: Class::Sensitive,
        test: |n, _| {
            has(
                n,
                &[
                    "health", "disease", "medical", "病", "religion", "宗教", "criminal", "犯罪",
                    "race", "人種",
                ],
            )
        },
        rule: drop,
        why: |_| "sensitive (要配慮個人情報) by column name: dropped".into(),
    },
    Classifier {
        class: Class::QuasiIdentifier,
        test: |_, p| p.num > 0.95 && p.distinct > 20,
        rule: number_rule,
        why: |p| {
            format!(
                "number with {} distinct values: buckets, top-coded at the 99th percentile",
                p.distinct
            )
        },
    },
    Classifier {
        class: Class::QuasiIdentifier,
        test: |_, p| p.distinct <= 20 && share(p.distinct, p.non_null) < 0.5,
        rule: |_, _| RuleSpec::Keep(KeepSpec { reason: None }),
        why: |p| {
            format!(
                "categorical with {} values: kept (a quasi-identifier; gate it with the risk check)",
                p.distinct
            )
        },
    },
];

/// Buckets about a tenth of the middle 80 % wide, bottom-coded at 0 (or the 1st percentile)
/// and top-coded at the 99th percentile.
fn number_rule(_: &Profile, numbers: &[f64]) -> RuleSpec {
    let mut sorted = numbers.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let q = |f: f64| sorted[((sorted.len() - 1) as f64 * f) as usize];
    let width = nice_width((q(0.9) - q(0.1)) / 10.0);
    let top = (q(0.99) / width).ceil() * width;
    let bottom = if q(0.0) >= 0.0 {
        0.0
    } else {
        (q(0.01) / width).floor() * width
    };
    RuleSpec::Number(number::Spec {
        round: None,
        width: Some(width),
        edges: None,
        top_code: Some(top),
        bottom_code: Some(bottom),
    })
}

/// The first classifier that fits, or `other` (dropped to be safe).
pub(crate) fn decide(column: &str, p: &Profile, numbers: &[f64]) -> Decision {
    let name = crate::transform::nfkc(column).to_lowercase();
    if p.non_null == 0 {
        return Decision {
            class: Class::Other,
            rule: RuleSpec::Drop(NoParams {}),
            why: "no values in the sample: nothing to judge, so dropped".into(),
        };
    }
    for c in CLASSIFIERS {
        if (c.test)(&name, p) {
            return Decision {
                class: c.class,
                rule: (c.rule)(p, numbers),
                why: (c.why)(p),
            };
        }
    }
    Decision {
        class: Class::Other,
        rule: RuleSpec::Drop(NoParams {}),
        why: format!(
            "uncertain ({} distinct, avg {:.0} chars): dropped to be safe; choose a rule to keep it",
            p.distinct, p.avg_chars
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_of(column: &str, values: &[String]) -> (Class, String) {
        let v: Vec<&str> = values.iter().map(String::as_str).collect();
        classify(column, &v)
    }

    /// A column named for a person's role holds that person's name; the role's other data
    /// does not.
    #[test]
    fn role_columns_hold_names() {
        // Sixty cells cycling through `words`.
        let cells = |words: &[&str]| -> Vec<String> {
            words
                .iter()
                .cycle()
                .take(60)
                .map(|v| v.to_string())
                .collect()
        };
        let surnames = cells(&["佐藤", "鈴木", "高橋"]);
        for name in [
            "担当者",
            "担当者名",
            "受取人氏名",
            "注文者",
            "recipient",
            "staff_name",
        ] {
            let (class, why) = class_of(name, &surnames);
            assert_eq!(class, Class::DirectIdentifier, "{name}: {why}");
        }
        let addresses: Vec<String> = (1..=60)
            .map(|i| format!("東京都新宿区西新宿{}-{}-{}", i % 9 + 1, i % 20 + 1, i))
            .collect();
        let (class, why) = class_of("受取人住所", &addresses);
        assert_eq!(class, Class::QuasiIdentifier, "{why}");
        // Words that are surnames as well as places or products: a product's column. (The
        // most common surnames alone are names wherever they stand, as a signature's line.)
        let places = cells(&["松本", "山口", "中野"]);
        let (class, why) = class_of("商品名", &places);
        assert_eq!(class, Class::QuasiIdentifier, "{why}");
        let (class, why) = class_of("商品名", &surnames);
        assert_eq!(class, Class::DirectIdentifier, "{why}");
    }

    /// A year of birth alone is a number to bucket; a birth date, compact or not, is a date.
    #[test]
    fn years_and_dates_of_birth() {
        let years: Vec<String> = (0..60).map(|i| (1950 + i).to_string()).collect();
        let (class, why) = class_of("birth_year", &years);
        assert_eq!(class, Class::QuasiIdentifier, "{why}");
        assert!(why.starts_with("number"), "{why}");
        for dates in [
            (0..60)
                .map(|i| format!("19{}-0{}-1{}", 50 + i % 40, 1 + i % 9, i % 10))
                .collect::<Vec<_>>(),
            (0..60)
                .map(|i| format!("19{}0{}1{}", 50 + i % 40, 1 + i % 9, i % 10))
                .collect(),
        ] {
            let (_, why) = class_of("birth_date", &dates);
            assert!(why.starts_with("birth date"), "{why}");
        }
    }

    /// A network's address is no street address, whatever the column's name says: by its
    /// values (IPs), or by its name when it holds none (an empty sample).
    #[test]
    fn demographic_names_are_words() {
        for n in [
            "性別",
            "Gender",
            "age_band",
            "ship-state",
            "都道府県",
            "Customer City",
        ] {
            assert!(is_demographic(n), "{n}");
        }
        for n in [
            "page",
            "language",
            "usage",
            "storage",
            "estate_id",
            "status",
        ] {
            assert!(!is_demographic(n), "{n}");
        }
    }

    #[test]
    fn buildings_and_rooms_are_dropped() {
        let buildings: Vec<String> = (0..20)
            .map(|i| ["パークハウス浦和305", "サンハイツ北一条502"][i % 2].to_string())
            .collect();
        for header in [
            "建物名",
            "マンション名",
            "アパート・マンション名",
            "Building",
            "Apt",
            "部屋番号",
            "番地・建物名",
        ] {
            let (class, why) = class_of(header, &buildings);
            assert_eq!(class, Class::DirectIdentifier, "{header}: {why}");
            assert!(why.starts_with("building or room"), "{header}: {why}");
        }
    }

    #[test]
    fn flags_are_no_ids_and_ship_addresses_no_ips() {
        let yes_no: Vec<String> = (0..20)
            .map(|i| ["yes", "no"][i % 3 % 2].to_string())
            .collect();
        for header in [
            "Accepts Email Marketing",
            "メールフラグ",
            "電話可否",
            "カード利用",
        ] {
            let (class, why) = class_of(header, &yes_no);
            assert_ne!(class, Class::DirectIdentifier, "{header}: {why}");
        }
        let emails: Vec<String> = (0..20).map(|i| format!("u{i}@example.jp")).collect();
        let (class, _) = class_of("Email", &emails);
        assert_eq!(class, Class::DirectIdentifier);
        let one: Vec<String> = vec!["taro@example.jp".into(); 20];
        let (class, _) = class_of("メール", &one);
        assert_eq!(class, Class::DirectIdentifier);
        let ones: Vec<String> = (0..20).map(|i| ["1", "0"][i % 2].to_string()).collect();
        for header in [
            "楽天会員フラグ",
            "会員ステータス",
            "会員グループ",
            "member_type",
        ] {
            let (class, why) = class_of(header, &ones);
            assert_ne!(class, Class::LinkingId, "{header}: {why}");
        }
        let streets: Vec<String> = (1..=20).map(|i| format!("神南1-2-{i}")).collect();
        for header in ["ShipAddress1", "BillAddress2"] {
            let (_, why) = class_of(header, &streets);
            assert!(why.starts_with("street address"), "{header}: {why}");
        }
        let ips: Vec<String> = (1..=20).map(|i| format!("203.0.113.{i}")).collect();
        for header in ["client_ip_addr", "remote_addr", "ipaddr"] {
            let (_, why) = class_of(header, &ips);
            assert!(why.starts_with("IP address"), "{header}: {why}");
        }
    }

    #[test]
    fn ip_addresses_are_not_street_addresses() {
        let ips: Vec<String> = (1..=60).map(|i| format!("203.0.113.{i}")).collect();
        for name in ["ip_address", "remote_address", "address", "IPアドレス"] {
            let (class, why) = class_of(name, &ips);
            assert_eq!(class, Class::QuasiIdentifier, "{name}: {why}");
            assert!(why.starts_with("IP address"), "{name}: {why}");
        }
        let (_, why) = class_of("ip_address", &[]);
        assert!(!why.starts_with("street address"), "{why}");
        let streets: Vec<String> = (1..=60)
            .map(|i| format!("東京都新宿区西新宿{}-{}-{}", i % 9 + 1, i % 20 + 1, i))
            .collect();
        for name in ["shipping_address", "address", "住所"] {
            let (_, why) = class_of(name, &streets);
            assert!(why.starts_with("street address"), "{name}: {why}");
        }
    }

    /// Seven bare digits are a postal code only by the column's name; written with the hyphen
    /// they are one by their values. A bank account is dropped by its name (its values are
    /// bare digits) or as IBANs.
    #[test]
    fn postal_codes_member_numbers_and_bank_accounts() {
        let seven: Vec<String> = (0..300u64)
            .map(|i| (1_000_003 + i * 29_989).to_string())
            .collect();
        let hyphenated: Vec<String> = seven
            .iter()
            .map(|v| format!("{}-{}", &v[..3], &v[3..]))
            .collect();
        for name in [
            "会員番号",
            "member_no",
            "order_id",
            "customer_no",
            "order_number",
        ] {
            let (class, why) = class_of(name, &seven);
            assert_eq!(class, Class::LinkingId, "{name}: {why}");
        }
        for name in ["郵便番号", "zip", "post_code"] {
            let (class, why) = class_of(name, &seven);
            assert!(why.starts_with("postal code"), "{name}: {why}");
            assert_eq!(class, Class::QuasiIdentifier);
        }
        let (class, why) = class_of("code", &hyphenated);
        assert!(why.starts_with("postal code"), "{why}");
        assert_eq!(class, Class::QuasiIdentifier);
        for name in ["口座番号", "bank_account", "IBAN"] {
            let (class, why) = class_of(name, &seven);
            assert_eq!(class, Class::DirectIdentifier, "{name}: {why}");
            assert!(why.starts_with("bank account"), "{why}");
        }
        let ibans: Vec<String> = ["DE89370400440532013000", "GB82WEST12345698765432"]
            .iter()
            .cycle()
            .take(20)
            .map(|v| v.to_string())
            .collect();
        let (class, why) = class_of("payee", &ibans);
        assert_eq!(class, Class::DirectIdentifier, "{why}");
        assert!(why.starts_with("bank account"), "{why}");
    }

    /// Split names and a recipient's name by their headers (a review found order-level exports,
    /// where a customer's name repeats, drafted as categories and kept); IDs of digits that
    /// read as epoch seconds are IDs, not timestamps.
    #[test]
    fn split_names_recipients_and_numeric_ids_by_their_headers() {
        let repeated: Vec<String> = (0..75)
            .map(|i| ["佐々木", "山田", "鈴木"][i % 3].to_string())
            .collect();
        for name in [
            "姓",
            "名",
            "名字",
            "注文者名字",
            "送付先名字",
            "お名前(姓)",
            "お届け先名",
            "配送先名",
            "Billing Name",
            "Shipping Name",
            "First Name",
            "last name",
            "given_name",
            "family_name",
            "surname",
        ] {
            let (class, why) = class_of(name, &repeated);
            assert_eq!(class, Class::DirectIdentifier, "{name}: {why}");
        }
        let ids: Vec<String> = (0..200u64)
            .map(|i| (1_500_000_000 + i * 86_461).to_string())
            .collect();
        for name in [
            "会員ID",
            "customer_id",
            "Customer ID",
            "order-item-id",
            "user_no",
        ] {
            let (class, why) = class_of(name, &ids);
            assert_eq!(class, Class::LinkingId, "{name}: {why}");
        }
        // A column of epoch seconds without an ID's name stays a timestamp.
        assert!(class_of("created_at", &ids).1.starts_with("timestamp"));
        let street: Vec<String> = (0..40).map(|i| format!("Shinjuku {i}-12")).collect();
        assert_eq!(
            class_of("Shipping Street", &street).0,
            Class::QuasiIdentifier
        );
    }

    /// A column of epoch seconds or compact date-times is a timestamp, not a pension or licence
    /// number; columns of such numbers (spread over every digit) stay identifier codes.
    #[test]
    fn digit_timestamps_are_not_identifier_codes() {
        let epoch: Vec<String> = (0..50u64)
            .map(|i| (1_700_000_000 + i * 86_461).to_string())
            .collect();
        let compact: Vec<String> = (0..50u64)
            .map(|i| {
                format!(
                    "2026{:02}{:02}{:02}{:02}",
                    1 + i % 12,
                    1 + i % 28,
                    i % 24,
                    i % 60
                )
            })
            .collect();
        for values in [&epoch, &compact] {
            let (class, why) = class_of("created", values);
            assert_eq!(class, Class::QuasiIdentifier, "{why}");
            assert!(why.starts_with("timestamp"), "{why}");
        }
        // Pension numbers (10 digits) and licence numbers (12) spread over every digit.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = |digits: u32| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("{:0w$}", x % 10u64.pow(digits), w = digits as usize)
        };
        let pension: Vec<String> = (0..50).map(|_| next(10)).collect();
        let licence: Vec<String> = (0..50).map(|_| next(12)).collect();
        assert_eq!(class_of("number", &pension).0, Class::IdentifierCode);
        assert_eq!(class_of("number", &licence).0, Class::IdentifierCode);
        // Too few values to tell: the identifier code stays (the safe side).
        assert_eq!(class_of("created", &epoch[..5]).0, Class::IdentifierCode);
        // Named so, whatever the values.
        assert_eq!(class_of("pension_no", &epoch).0, Class::IdentifierCode);
    }

    /// A column of IMEIs, MAC addresses or advertising IDs is a linking code to pseudonymise,
    /// by its values or its name; `device_model` is not one.
    #[test]
    fn device_ids_by_their_values_and_names() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let imeis: Vec<String> = (0..50)
            .map(|_| {
                let body = format!("35{:012}", next() % 1_000_000_000_000);
                let luhn = |d: &str| {
                    let sum: u32 = d
                        .bytes()
                        .rev()
                        .enumerate()
                        .map(|(i, c)| {
                            let v = u32::from(c - b'0') * if i % 2 == 1 { 2 } else { 1 };
                            if v > 9 { v - 9 } else { v }
                        })
                        .sum();
                    sum.is_multiple_of(10)
                };
                let check = (0..10u8)
                    .find(|c| luhn(&format!("{body}{c}")))
                    .expect("a check digit");
                format!("{body}{check}")
            })
            .collect();
        let macs: Vec<String> = (0..50)
            .map(|_| {
                let v = next();
                (0..6)
                    .map(|k| format!("{:02x}", (v >> (8 * k)) & 0xff))
                    .collect::<Vec<_>>()
                    .join(":")
            })
            .collect();
        for values in [&imeis, &macs] {
            let (class, why) = class_of("hw", values);
            assert_eq!(class, Class::LinkingId, "{why}");
            assert!(why.starts_with("device or advertising ID (100%"), "{why}");
        }
        let models: Vec<String> = ["SM-S911B", "Pixel 8", "SC-51D"]
            .iter()
            .cycle()
            .take(30)
            .map(|s| s.to_string())
            .collect();
        assert_eq!(class_of("idfa", &models).0, Class::LinkingId);
        assert_ne!(class_of("device_model", &models).0, Class::LinkingId);
    }

    /// Another country's national IDs are dropped: a column of Chinese ID numbers by their
    /// check characters, an SSN column by its name.
    #[test]
    fn national_ids_by_their_values_and_names() {
        const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let ids: Vec<String> = (0..40u32)
            .map(|i| {
                let d17 = format!(
                    "310104{}{:02}{:02}{:03}",
                    1950 + i,
                    1 + i % 12,
                    1 + i % 28,
                    i
                );
                let sum: u32 = d17
                    .bytes()
                    .zip(WEIGHTS)
                    .map(|(c, w)| u32::from(c - b'0') * w)
                    .sum();
                format!("{d17}{}", char::from(b"10X98765432"[(sum % 11) as usize]))
            })
            .collect();
        let (class, why) = class_of("doc", &ids);
        assert_eq!(class, Class::DirectIdentifier, "{why}");
        assert!(why.contains("national identity"), "{why}");
        let ssns: Vec<String> = (0..40)
            .map(|i| format!("{:03}-{:02}-{:04}", 100 + i, 10 + i, 1000 + i))
            .collect();
        assert_eq!(class_of("customer_ssn", &ssns).0, Class::DirectIdentifier);
        // Other countries' numbers by the column's name: digits alone pass their checks too
        // often to be told by value.
        let digits: Vec<String> = (0..40)
            .map(|i| format!("{:011}", 52998224725u64 + i))
            .collect();
        for name in [
            "cpf",
            "aadhaar_no",
            "pesel",
            "NHS_number",
            "codice_fiscale",
            "nric",
            "medicare_number",
            "tckn",
            "fodselsnummer",
            "voter_id",
            "IRD_number",
        ] {
            assert_eq!(class_of(name, &digits).0, Class::DirectIdentifier, "{name}");
        }
        assert_ne!(
            class_of("business_unit", &digits).0,
            Class::DirectIdentifier
        );
    }

    /// A column of wallet addresses is dropped by their checksums, whatever its name.
    #[test]
    fn crypto_addresses_by_their_values() {
        let addresses: Vec<String> = [
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        ]
        .iter()
        .cycle()
        .take(40)
        .map(|s| s.to_string())
        .collect();
        let (class, why) = class_of("refund_to", &addresses);
        assert_eq!(class, Class::DirectIdentifier, "{why}");
        assert!(why.starts_with("cryptocurrency address (100%"), "{why}");
    }

    /// A column of places to a house's precision is dropped, by its values (pairs of
    /// coordinates) or by its name (a latitude's numbers alone say nothing); a column of
    /// prices or a template's name is not taken for one.
    #[test]
    fn coordinates_by_their_values_and_names() {
        let pairs: Vec<String> = (0..40)
            .map(|i| format!("35.{:06},139.{:06}", 681236 + i * 17, 767125 + i * 31))
            .collect();
        let (class, why) = class_of("where", &pairs);
        assert_eq!(class, Class::DirectIdentifier, "{why}");
        assert!(why.starts_with("geographic coordinates (100%"), "{why}");
        let lats: Vec<String> = (0..40).map(|i| format!("35.{:06}", 681236 + i)).collect();
        for name in ["latitude", "store_lat_lng", "緯度", "lat"] {
            let (class, why) = class_of(name, &lats);
            assert_eq!(class, Class::DirectIdentifier, "{name}: {why}");
            assert!(why.starts_with("geographic coordinates"), "{name}: {why}");
        }
        for name in ["price", "template", "plate_no"] {
            let (_, why) = class_of(name, &lats);
            assert!(!why.starts_with("geographic"), "{name}: {why}");
        }
    }

    /// A column of people's names under a name that says nothing is a direct identifier by
    /// its values, Japanese (山田 太郎) or Western (Emily Johnson); a column of colours, or a
    /// category's few values that read like names, is not.
    #[test]
    fn names_by_their_values() {
        let pairs = |first: &[&str], last: &[&str], sep: &str| -> Vec<String> {
            first
                .iter()
                .flat_map(|f| last.iter().map(move |l| format!("{f}{sep}{l}")))
                .collect()
        };
        let western = pairs(
            &["Emily", "Michael", "Sarah", "David", "Linda"],
            &["Johnson", "Brown", "Miller", "Davis", "Wilson"],
            " ",
        );
        let japanese = pairs(
            &["山田", "佐藤", "鈴木", "高橋", "田中"],
            &["太郎", "花子", "一郎", "直子", "健太"],
            " ",
        );
        for values in [&western, &japanese] {
            let (class, why) = class_of("contact", values);
            assert_eq!(class, Class::DirectIdentifier, "{why}");
            assert!(why.starts_with("person's name (100% names)"), "{why}");
        }
        let repeated = |values: [&str; 3]| -> Vec<String> {
            values
                .iter()
                .cycle()
                .take(30)
                .map(|s| s.to_string())
                .collect()
        };
        // A repeat buyer's orders: ten customers, five orders each, under headers that say
        // nothing (`Customer`, `お届け先`): names however few are distinct. Japanese names
        // without a space need the analysis (IPADIC; CI requires it).
        let orders = |names: &[&str]| -> Vec<String> {
            names
                .iter()
                .flat_map(|n| std::iter::repeat_n(n.to_string(), 5))
                .collect()
        };
        let western_orders = orders(&[
            "Emily Johnson",
            "Michael Brown",
            "Sarah Miller",
            "David Davis",
            "Linda Wilson",
            "James Smith",
            "Mary Jones",
            "Robert Taylor",
            "Jennifer Moore",
            "William Clark",
        ]);
        let (class, why) = class_of("Customer", &western_orders);
        assert_eq!(class, Class::DirectIdentifier, "{why}");
        let ipadic = crate::detect::morph::analyzer().is_ok();
        assert!(ipadic || std::env::var_os("TOKUMEI_REQUIRE_IPADIC").is_none());
        if ipadic {
            let japanese_orders = orders(&[
                "山田太郎",
                "佐藤 花子",
                "鈴木一郎",
                "高橋 健太",
                "田中直子",
                "伊藤 美咲",
                "渡辺翔太",
                "中村 陽子",
                "小林大輔",
                "加藤 恵",
            ]);
            for header in ["お届け先", "宛先", "Ship To", "のし名入れ"] {
                let (class, why) = class_of(header, &japanese_orders);
                assert_eq!(class, Class::DirectIdentifier, "{header}: {why}");
            }
            // One clerk on every row is still a person.
            let (class, why) = class_of("受付", &orders(&["山田太郎"]));
            assert_eq!(class, Class::DirectIdentifier, "{why}");
        }
        let few = repeated(["メンズ シャツ", "レディース バッグ", "キッズ シューズ"]);
        let colours = repeated(["Rose Gold", "Kelly Green", "Olive Green"]);
        for values in [&few, &colours] {
            let (class, why) = class_of("colour", values);
            assert_ne!(class, Class::DirectIdentifier, "{why}");
        }
    }
}
