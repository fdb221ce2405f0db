//! Customer and member IDs: the shop's own identifiers of a person (会員番号, お客様番号, 顧客コード,
//! a point card's number, a user ID), in free text after their label (in a file's name also
//! before it: `1684789_会員証.png`) and in a URL's path after `members/`, `users/`,
//! `customers/` or `accounts/`.
//!
//! Such an ID links every record of one customer across datasets and deliveries. A job masks
//! the values of its own ID columns wherever they appear (`known`); this detector finds the IDs
//! of other systems too (a point card, a previous shop system), and in `scrub`, where no
//! column is known.
//!
//! The ID is the run of ASCII letters, digits, `-` and `_` right after the label (marks,
//! particles, brackets and spaces between: see [`VALUE`]), with at least three digits:
//! `会員番号：3105858`, `お客様番号 C-2929494`, `会員ID：u8691163323`, `customer_id=50122783`,
//! `Member No. 0042817`, `/members/6793508/orders`; digit groups of one length joined by single
//! spaces are one ID (`ポイントカード番号 2630 0551 2851 9026`). Only the ID is replaced; the
//! label stays. Without a label a code is not an ID (`C-2929494` alone may be a product), nor is
//! a word after the label (`会員番号をお忘れの方`, `user id and password`: no digit), or a
//! count, year, date or range (`会員ID 560件`, `会員番号 2023年以前`, `001〜999`: see
//! [`stands_alone`]).

use std::sync::LazyLock;

use regex::Regex;

use super::keywords::Keywords;
use super::normalize::char_before;
use super::patterns::built_in;
use super::{Kind, Match};

/// The Japanese labels (the text is normalised: ー is `-`, full-width letters are ASCII), with
/// a space inside as people type them (`会員 ID`, `会員 番号`).
const JA: &str = r"(?i)(?:会員[ ]?(?:番号|ID|No\.?|コ-ド|ナンバ-|証番号|カ-ド番号)|お客(?:様|さま)[ ]?(?:番号|ID|No\.?|コ-ド|ナンバ-)|顧客[ ]?(?:番号|ID|No\.?|コ-ド)|カスタマ-[ ]?(?:ID|番号|No\.?)|ユ-ザ-?[ ]?(?:ID|番号)|メンバ-(?:ズ)?[ ]?(?:ID|番号|カ-ド番号)|ポイントカ-ド[ ]?(?:番号|No\.?)|カ-ド会員番号|利用者[ ]?(?:番号|ID)|契約者[ ]?(?:番号|ID)|アカウント[ ]?ID|ログイン[ ]?ID|(?:学籍|社員|職員|従業員|患者)[ ]?(?:番号|ID|No\.?|コ-ド)|(?:診察券|カルテ)[ ]?(?:番号|No\.?|ID))";

/// The English labels, from a word's start (checked in code: the `regex` crate's word
/// boundaries are Unicode's, which Japanese text around them makes slow).
/// An account's number or ID (`Account No. 1234567`, `acct # 5523-8812`) may be the shop's or a
/// bank's: either way it is masked, as a member's (the bank detector takes a Japanese account
/// after its Japanese label).
const EN: &str = r"(?i)(?:(?:customer|member(?:ship)?|user|employee|staff|student|patient)(?:[ _\-]?(?:id|no\.?|number|num|code)|[ ]?#)|(?:account|acct)(?:[ _\-]?(?:id|no\.?|number|num)|[ ]?#)|(?:mrn(?-u:\b)|medical[ ]records?(?:[ _\-]?(?:id|no\.?|number|num)|[ ]?#)?))";

/// The English labels of a shop's own card (`loyalty card 6600 1234 5678`, `Points Card No.
/// 6600123456`, `rewards card #`): an ID of six digits or more after them
/// ([`CARD_MIN_DIGITS`]), since `points card 500 points` counts.
const EN_CARD: &str = r"(?i)(?:loyalty|points?|rewards?|member(?:ship)?|club)[ ]?card(?:[ _\-]?(?:id|no\.?|number|num)|[ ]?#)?";

/// The Japanese labels of a shop's own card without a number word after them
/// (`ポイントカード 2630 0551 2851`, `Tカード 6000…`, `Pontaカード …`, `会員証 12345678`,
/// `メンバーズカード 1234-5678`): an ID of six digits or more after them
/// ([`CARD_MIN_DIGITS`]), since `ポイントカード 500ポイント` counts. With a number word they
/// are [`JA`]'s.
const JA_CARD: &str = r"(?i)(?:(?:ポイント|メンバ-ズ|メンバ-|会員)[ ]?カ-ド|会員証|(?:T|Ponta|WAON|nanaco)[ ]?カ-ド)(?:[ ]?(?:番号|No\.?|ID))?";

/// The fewest digits of an ID after an [`EN_CARD`] label.
const CARD_MIN_DIGITS: usize = 6;

/// What stands between a label and its ID: a closing bracket of the label (`【会員番号】`), a
/// note in brackets (`会員番号(ID)`, `ユーザーID（8桁）`), line breaks (a form's label on the
/// line above its value), marks and particles (`:`, `=`, `#`,
/// `は`, `が`, `、`, `→`, a CSV cell's `,` and quotes, `_` in a file's name, `is` in English),
/// an opening bracket around the ID; then the ID: digit groups joined by single spaces or
/// hyphens, or one run of letters, digits, `-` and `_`.
const VALUE: &str = r#"[\]】>)]?(?:\([0-9]{0,3}[^()0-9][^()]{0,6}\))?[ \t\r\n_]*(?:[:=#,、→"']|は|が|の|is[ ])?[ \t\r\n_:=#,."'\-]*[\[「『(【]?([0-9]{2,}(?:[ \-][0-9]{2,})+|[A-Za-z0-9][A-Za-z0-9_\-]*)"#;

/// An ID before its label in a file's name, joined by `_` (`1684789_会員証.png`,
/// `C-2929494_お客様番号.jpg`); [`JA`] or 会員証 (a membership card) follows it.
const ID_BEFORE: &str = r"([A-Za-z0-9][A-Za-z0-9\-]*)_";

/// Whether `v` is a date of eight digits (`20240312`), which a file's name often starts with.
fn is_compact_date(v: &str) -> bool {
    v.len() == 8
        && v.bytes().all(|b| b.is_ascii_digit())
        && (v.starts_with("19") || v.starts_with("20"))
        && v[4..6].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && v[6..8].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

/// A path segment after a collection of people.
/// (Japanese shops' member pages too: `/mypage/C1234567/orders`, `/kaiin/1234567/`.)
const PATH: &str =
    r"(?i)/(?:members?|users?|customers?|accounts?|mypage|kaiin)/([A-Za-z0-9][A-Za-z0-9_\-]*)";

/// A customer's, user's or member's record in a shop's administration pages, where its ID may
/// be short (`/admin/customers/12/edit`; Magento's `/admin/customer/index/edit/id/4567/`): the
/// number after the collection, or after `edit/id/`, `view/id/` or `id/` below it.
const ADMIN_PATH: &str = r#"(?i)/admin/(?:[a-z0-9_\-]+/){0,3}?(?:customers?|users?|members?|accounts?)/(?:index/)?(?:(?:edit|view|show)/)?(?:id/)?([0-9]{1,12})(?:[/?#;"'\s]|$)"#;

/// The words every Japanese label starts with: no regex runs on a text without one. (A card
/// named by a brand in Latin letters, `Tカード`, `Pontaカード`, is cued by the caller's search
/// for カ-ド in a text with letters: see [`brand_card_cued`].)
/// (カード会員 holds 会員; ポイントカード is cued by its tail, which no other cue word's end
/// can start: パスポ ends in ポ.)
pub(crate) const JA_CUES: [&str; 19] = [
    "会員",
    "お客様",
    "お客さま",
    "顧客",
    "カスタマ-",
    "ユ-ザ",
    "メンバ-",
    "イントカ-ド",
    "利用者",
    "契約者",
    "アカウント",
    "ログイン",
    "学籍",
    "社員",
    "職員",
    "従業員",
    "患者",
    "診察券",
    "カルテ",
];

/// Whether `t` (normalised) may hold a card named by a brand in Latin letters (`Tカード`,
/// `Pontaカード`, `WAONカード`, `nanacoカード`): カ-ド after an ASCII letter. Not a word
/// of [`JA_CUES`]: Teddy keys a word by its first bytes, and `Tカ` shares them with `Tシャツ`.
pub(crate) fn brand_card_cued(t: &str) -> bool {
    // The searcher built once, not per text.
    static CARD: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("カ-ド".as_bytes()));
    CARD.find_iter(t.as_bytes()).any(|i| {
        t[..i]
            .trim_end_matches(' ')
            .ends_with(|c: char| c.is_ascii_alphabetic())
    })
}

/// The fewest digits an ID holds.
const MIN_DIGITS: usize = 3;
/// The most characters an ID holds (a longer run is a token or a hash, not a member number).
const MAX_LEN: usize = 40;

/// IDs in `t` (normalised text), told by the caller's byte scan whether `t` has ASCII letters
/// (`latin`) and a `/` (`slash`), and by its cue search whether it holds a word of
/// [`JA_CUES`] (`cued`).
pub(crate) fn find(t: &str, latin: bool, slash: bool, cued: bool, out: &mut Vec<Match>) {
    static JA_LABELLED: LazyLock<Regex> = LazyLock::new(|| built_in(&format!("{JA}{VALUE}")));
    static EN_LABELLED: LazyLock<Regex> = LazyLock::new(|| built_in(&format!("{EN}{VALUE}")));
    static EN_CARD_LABELLED: LazyLock<Regex> =
        LazyLock::new(|| built_in(&format!("{EN_CARD}{VALUE}")));
    static JA_CARD_LABELLED: LazyLock<Regex> =
        LazyLock::new(|| built_in(&format!("{JA_CARD}{VALUE}")));
    static IN_PATH: LazyLock<Regex> = LazyLock::new(|| built_in(PATH));
    static BEFORE_LABEL: LazyLock<Regex> =
        LazyLock::new(|| built_in(&format!("{ID_BEFORE}(?:会員証|{JA})")));
    if cued {
        push(&JA_LABELLED, t, |_| true, false, MIN_DIGITS, out);
        // A card's label with its number word is [`JA`]'s too (`ポイントカード番号`): its ID once.
        let mut cards = Vec::new();
        push(
            &JA_CARD_LABELLED,
            t,
            |_| true,
            false,
            CARD_MIN_DIGITS,
            &mut cards,
        );
        cards.retain(|m| !out.contains(m));
        out.extend(cards);
        // In a file's name the ID may come first: a whole token, and not a date.
        let mut before = Vec::new();
        push(
            &BEFORE_LABEL,
            t,
            |start| !char_before(t, start).is_some_and(|c| c.is_ascii_alphanumeric()),
            false,
            MIN_DIGITS,
            &mut before,
        );
        out.extend(
            before
                .into_iter()
                .filter(|m| !is_compact_date(&t[m.start..m.end])),
        );
    }
    // The English labels and the paths need one of these words: a SIMD search for their usual
    // casings is far cheaper than the case-blind patterns on every URL of an access log.
    static EN_CUES: LazyLock<Keywords> = LazyLock::new(|| {
        Keywords::new(&[&[
            "customer",
            "Customer",
            "CUSTOMER",
            "member",
            "Member",
            "MEMBER",
            "user",
            "User",
            "USER",
            "account",
            "Account",
            "ACCOUNT",
            "acct",
            "Acct",
            "ACCT",
            "card",
            "Card",
            "CARD",
            "employee",
            "Employee",
            "EMPLOYEE",
            "staff",
            "Staff",
            "STAFF",
            "student",
            "Student",
            "STUDENT",
            "patient",
            "Patient",
            "PATIENT",
            "MRN",
            "mrn",
            "edical rec",
            "EDICAL REC",
            "mypage",
            "kaiin",
        ]])
    });
    // The shortest: `user id 123`, `/users/123`.
    if latin && t.len() >= 10 && EN_CUES.groups(t) != 0 {
        // An English label starts a word: `customer_id`, not `xcustomer_id`.
        let word_start =
            |start| !char_before(t, start).is_some_and(|c: char| c.is_ascii_alphanumeric());
        push(&EN_LABELLED, t, word_start, false, MIN_DIGITS, out);
        push(
            &EN_CARD_LABELLED,
            t,
            word_start,
            false,
            CARD_MIN_DIGITS,
            out,
        );
        if slash {
            push(&IN_PATH, t, |_| true, true, MIN_DIGITS, out);
            if t.contains("/admin/") {
                static ADMIN: LazyLock<Regex> = LazyLock::new(|| built_in(ADMIN_PATH));
                let mut admin = Vec::new();
                push(&ADMIN, t, |_| true, false, 1, &mut admin);
                admin.retain(|m| !out.contains(m));
                out.extend(admin);
            }
        }
    }
}

/// Words an account's label holds, by a part every casing of them shares (`witter` for
/// `Twitter`, `twitter`; the text is normalised: ー is `-`): the services customers name an
/// account on, and a login's own words. 30 exact words make a search that is Teddy's with its
/// narrow masks; a case-blind one is an automaton run byte by byte (it cost `scrub` 4 % of its
/// instructions), and the words in all their casings (40) took Teddy's wider, slower masks.
pub(crate) const ACCOUNT_CUES: [&str; 33] = [
    "LINE",
    "ライン",
    "インスタ",
    "nsta",
    "NSTA",
    "witter",
    "WITTER",
    "ツイッタ",
    "ikTok",
    "iktok",
    "ティックトック",
    "acebook",
    "フェイスブック",
    "eChat",
    "echat",
    "akao",
    "カカオ",
    "iscord",
    "kype",
    "スカイプ",
    "ユ-ザ",
    "ログイン",
    "アカウント",
    "ser",
    "SER",
    "ogin",
    "OGIN",
    "ccount",
    "のID",
    "andle",
    "会員",
    "顧客",
    "客様",
];

/// A service whose accounts people give in messages (`LINE`, `インスタ`, `X`), as its name is
/// written (`line` and `Line` are words).
const SERVICE: &str = r"(?:X|LINE|ライン|インスタ(?:グラム)?|[Ii]nstagram|INSTAGRAM|[Ii]nsta|[Tt]witter|TWITTER|ツイッタ-|[Tt]ik[Tt]ok|TIKTOK|ティックトック|[Ff]acebook|FACEBOOK|フェイスブック|[Ww]e[Cc]hat|WECHAT|[Kk]akao(?:[Tt]alk)?|KAKAO|カカオ(?:ト-ク)?|[Dd]iscord|[Ss]kype|スカイプ)";

/// Whether `t` (normalised) holds a word of [`ACCOUNT_CUES`]: the cheap test before
/// [`find_accounts`].
pub(crate) fn account_cued(t: &str) -> bool {
    static CUES: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[&ACCOUNT_CUES]));
    CUES.groups(t) != 0 || x_before_at(t)
}

/// Whether an `X` stands at most 16 bytes before an `@` (`X: @kaede_knit`, `Xで @…`,
/// `X(旧Twitter):@…`): the service X, which is too short a word for the cue search, is
/// looked for only where a handle may follow it.
fn x_before_at(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr_iter(b'@', b)
        .any(|at| memchr::memchr(b'X', &b[at.saturating_sub(16)..at]).is_some())
}

/// Words after an account's label that are no account (`Instagram: none`, `ユーザー名：未設定`
/// is not ASCII and is not taken anyway).
const NOT_ACCOUNTS: [&str; 15] = [
    "none", "null", "n/a", "na", "nil", "unknown", "test", "and", "same", "see", "below", "above",
    "email", "the", "your",
];

/// Accounts and logins after their label, digits or not: a user name, a login ID, an account
/// on LINE, Instagram, X and the like (`ユーザー名：taro_yamada`, `LINEのIDはhanako.t です`,
/// `Instagram: @hanako.tanaka`, `インスタ @taro_88`, `X account: @taro`, Skype's `live:…`).
/// Such a name points at one person as surely as a member number, and [`find`] needs three
/// digits in an ID, which handles seldom have. The handle: a letter or digit, then letters,
/// digits, `.`, `_` and `-`, 3 to 30 characters in all (Instagram's limit), after an `@` or
/// not. After a strong label (`…ID`, `…アカウント名`, `ユーザー名`, a service's name and `@`
/// or `:`, an English login word and `:` or `=`) any such value counts; after a weak one (a
/// service's name or アカウント and a particle or a space, `my username is`) only a handle's
/// shape: `LINEで連絡します`, `LINE Pay`, `the user name is set` are none.
pub(crate) fn find_accounts(t: &str, out: &mut Vec<Match>) {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        // `X:` alone is a size or an axis far more often than the service.
        let named = SERVICE.replacen("(?:X|", "(?:", 1);
        built_in(&format!(
            r#"(?:(?:{SERVICE}(?:の|[ ])?(?:ID|アカウント(?:名|ID)?|[Aa]ccount(?:[ ]?(?:[Nn]ame|I[Dd]))?|ユ-ザ-(?:名|ネ-ム|ID)|[Uu]ser[ ]?(?:[Nn]ame|I[Dd])|[Hh]andle)|{SERVICE}\)?[ ]*(?::|は|is)?[ ]*@|{named}\)?[ ]*:|ユ-ザ-?[ ]?(?:ID|名|ネ-ム)|ログイン[ ]?(?:ID|名)|アカウント[ ]?(?:ID|名))\)?[ \t]*(?:[:=→]|は|が|is[ ])?|(?i:user[ _]?(?:name|id)|login(?:[ _]?id)?)[ \t]*[:=])[ \t]*[「『(【"']?@?((?:live:)?[A-Za-z0-9][A-Za-z0-9._\-]{{1,29}})"#
        ))
    });
    // A weaker label (a service's name or アカウント, then a mark, a particle or a space; an
    // English login word, then `:`, `=` or `is`: `Handle multi_byte` is code): only a value
    // shaped like
    // a handle, after an `@` or with a dot, `_` or digit among two letters or more
    // (`Facebookはyuko.morita.9で登録`, `My login is nguyen.lan`; not `LINE Pay`, `Twitter
    // 2024`).
    static WEAK: LazyLock<Regex> = LazyLock::new(|| {
        built_in(&format!(
            r#"(?:(?:{SERVICE}|アカウント|(?:会員|顧客|お客様)[ ]?ID)\)?(?:[ \t]*(?:[:=→]|は|が|is[ ])[ \t]*|[ \t]+)|(?i:user[ ]?name|login|handle)[ \t]*(?:[:=]|is[ ])[ \t]*)(@?)([A-Za-z0-9][A-Za-z0-9._\-]{{1,29}})"#
        ))
    });
    // An `@handle` a few words after a service's name (`インスタやってます @kaede_knit`,
    // `Twitterで @ayaka_ootd`, `Xで @kaede_knit`, `インスタのDMにも送りました(@nana.0707)`):
    // not glued to a word (an email's `@`).
    static NEAR: LazyLock<Regex> = LazyLock::new(|| {
        built_in(&format!(
            r#"{SERVICE}[^@\n]{{0,16}}?[^A-Za-z0-9._%+\-@](@)([A-Za-z0-9_][A-Za-z0-9._\-]{{1,29}})"#
        ))
    });
    let mut found = Vec::new();
    for (re, weak) in [(&*LABELLED, false), (&*WEAK, true), (&*NEAR, true)] {
        let mut from = 0;
        while let Some(c) = re.captures_at(t, from) {
            let (Some(all), Some(id)) = (c.get(0), c.get(if weak { 2 } else { 1 })) else {
                break;
            };
            from = all.end();
            // A label starts a word (`Xアカウント`, not `BOXアカウント`; `LINE`, not `ONLINE`):
            // else the search goes on from the next character (`ONLINEアカウント名: …` has a
            // label).
            if t[all.start()..].starts_with(|c: char| c.is_ascii_alphabetic())
                && char_before(t, all.start())
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '$' | '_' | '.'))
            {
                from = all.start() + t[all.start()..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // The shop's own account is no customer's (`公式Instagram(@shop)`, `当店のLINE`,
            // `our official Instagram @shop`).
            let before = t[..all.start()].trim_end_matches([' ', 'の']);
            if [
                "公式", "当店", "弊社", "当社", "official", "Official", "OFFICIAL",
            ]
            .iter()
            .any(|w| before.ends_with(w))
            {
                continue;
            }
            // A sentence's dot or a hyphen after the handle is punctuation.
            let value = id.as_str().trim_end_matches(['.', '-']);
            let at = c.get(1).is_some_and(|m| !m.is_empty());
            let letters = value.bytes().filter(u8::is_ascii_alphabetic).count();
            let handle_like = letters >= 2
                && value
                    .bytes()
                    .any(|b| matches!(b, b'.' | b'_') || b.is_ascii_digit())
                && !value.to_ascii_lowercase().starts_with("ver");
            if value.len() < 3
                || NOT_ACCOUNTS.contains(&value.to_ascii_lowercase().as_str())
                || (weak && !at && !handle_like)
                // An email's local part: the email detector takes the whole address.
                || t[id.start() + value.len()..].starts_with('@')
                // A link's scheme (`Twitter: https://twitter.com/…`): the link's own
                // detectors take the handle in its path.
                || t[id.start() + value.len()..].starts_with("://")
                // A link's host without its scheme (`Instagram: instagram.com/hanako.t`).
                || (is_host(value) && t[id.start() + value.len()..].starts_with('/'))
            {
                continue;
            }
            let (start, end) = (id.start(), id.start() + value.len());
            if !found.iter().any(|&(a, z)| a < end && start < z) {
                found.push((start, end));
            }
        }
    }
    out.extend(found.into_iter().map(|(start, end)| Match {
        kind: Kind::MemberId,
        start,
        end,
    }));
}

/// Whether `value` is a link's host: a dot and a top-level domain that links to people's
/// pages use (`instagram.com`, `line.me`, `lit.link`), not a handle with a dot (`taro.y`).
fn is_host(value: &str) -> bool {
    const TLDS: [&str; 16] = [
        "com", "net", "org", "jp", "me", "co", "io", "tv", "info", "biz", "ly", "be", "gl", "app",
        "link", "page",
    ];
    value
        .rsplit_once('.')
        .is_some_and(|(_, tld)| TLDS.iter().any(|t| tld.eq_ignore_ascii_case(t)))
}

/// The path segments after which a person's name or handle stands (`/profile/tanaka.hanako`,
/// `/u/hanako88`), as the cheap test before [`find_profile_paths`] spells them.
const PROFILE_PATHS: [&str; 11] = [
    "/profile/",
    "/profiles/",
    "/u/",
    "/user/",
    "/users/",
    "/member/",
    "/members/",
    "/people/",
    "/author/",
    "/authors/",
    "/~",
];

/// LINE's IDs of a user (`U` and 32 lower-case hexadecimal digits, as the Messaging API and
/// LIFF give them: `U4af4980629…`), not glued to a letter or digit: a shop's LINE channel
/// logs them in webhooks, LIFF links and `state` parameters.
pub(crate) fn find_line_ids(b: &[u8], out: &mut Vec<Match>) {
    const LEN: usize = 33;
    for i in memchr::memchr_iter(b'U', b) {
        let Some(id) = b.get(i..i + LEN) else {
            break;
        };
        let hex = id[1..]
            .iter()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c));
        let glued = |c: &u8| c.is_ascii_alphanumeric();
        if hex && !(i > 0 && glued(&b[i - 1])) && !b.get(i + LEN).is_some_and(glued) {
            out.push(Match {
                kind: Kind::MemberId,
                start: i,
                end: i + LEN,
            });
        }
    }
}

/// The user fields of a Common Log Format line (Apache's and nginx's access logs, the
/// combined format: `host ident authuser [10/Oct/2000:13:55:36 -0700] "GET …"`): the login
/// name HTTP authentication recorded (`127.0.0.1 - frank [10/Oct/2000:…`, the example of
/// Apache's documentation) and the RFC 1413 identity, unless `-`; and the host when it is a
/// name, not an address. Each line of `t` is read from its start: the host, the two fields,
/// and the bracketed time of day.
pub(crate) fn find_log_users(t: &str, out: &mut Vec<Match>) {
    let mut at = 0;
    for line in t.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(open) = memchr::memmem::find(line.as_bytes(), b" [") else {
            continue;
        };
        if !clf_time(&line.as_bytes()[open + 2..]) {
            continue;
        }
        // The host, the identity and the login: three fields and two spaces.
        let head = &line[..open];
        let mut spaces = memchr::memchr_iter(b' ', head.as_bytes());
        let (Some(a), Some(b), None) = (spaces.next(), spaces.next(), spaces.next()) else {
            continue;
        };
        // The host, when it is a name (`HostnameLookups On`): the client's reverse-DNS
        // name, which names its line (`p1234567-ipngn1234.tokyo.ocn.ne.jp`) or holds its
        // address (`KD106154128105.ppp-bb.dion.ne.jp`). An address is the IP search's.
        let host = &head[..a];
        let address = host
            .bytes()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, b'.' | b':' | b'[' | b']'));
        // A name whose address the host-name search found keeps its provider's domain
        // (`<IP>.ap-northeast-1.compute.amazonaws.com`).
        let found = out
            .iter()
            .any(|m| m.start < start + host.len() && start < m.end);
        if host.contains('.') && !address && !found && !host.starts_with('<') && host.len() <= 255 {
            out.push(Match {
                kind: Kind::Ip,
                start,
                end: start + host.len(),
            });
        }
        for (i, f) in [(a + 1, &head[a + 1..b]), (b + 1, &head[b + 1..])] {
            if f != "-" && !f.is_empty() && f.len() <= 128 && !f.starts_with('<') {
                out.push(Match {
                    kind: Kind::MemberId,
                    start: start + i,
                    end: start + i + f.len(),
                });
            }
        }
    }
}

/// The login of an LTSV access log (ltsv.org's labels: `user:` for the authenticated user,
/// `ident:` for the RFC 1413 identity): the field's value up to its tab, unless `-`. A label
/// counts at a line's start or after a tab.
pub(crate) fn find_ltsv_users(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    if memchr::memchr(b'\t', b).is_none() {
        return;
    }
    for at in memchr::memmem::find_iter(b, b"user:").chain(memchr::memmem::find_iter(b, b"ident:"))
    {
        if at > 0 && !matches!(b[at - 1], b'\t' | b'\n') {
            continue;
        }
        let start = at + if b[at] == b'u' { 5 } else { 6 };
        let len = b[start..]
            .iter()
            .take_while(|c| !matches!(c, b'\t' | b'\n' | b'\r'))
            .count();
        let v = &t[start..start + len];
        if !v.is_empty() && v != "-" && len <= 128 && !v.starts_with('<') {
            out.push(Match {
                kind: Kind::MemberId,
                start,
                end: start + len,
            });
        }
    }
}

/// The user of an IIS log line in its default W3C extended fields (`#Fields: date time s-ip
/// cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip …`, IIS 7 and later): the
/// eighth field, unless `-` (`2023-10-10 04:55:36 192.0.2.10 GET /shop/item.aspx id=1 443
/// SHOP\yamada 203.0.113.5 …`). A line counts when it starts with the date and the time and
/// its method and port stand where the default order puts them.
pub(crate) fn find_iis_users(t: &str, out: &mut Vec<Match>) {
    let all = t.as_bytes();
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', all).map(|i| i + 1));
    for start in starts {
        let b = &all[start..];
        let dated = b.len() > 40
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b' '
            && b[13] == b':';
        if !dated {
            continue;
        }
        let line = &t[start..start + memchr::memchr(b'\n', b).unwrap_or(b.len())];
        // date, time, s-ip, cs-method, cs-uri-stem, cs-uri-query, s-port, cs-username: each
        // field with where it starts in the line.
        let mut fields = [(0usize, ""); 8];
        let mut n = 0;
        let mut offset = 0;
        for f in line.trim_end().split(' ').take(fields.len()) {
            fields[n] = (offset, f);
            offset += f.len() + 1;
            n += 1;
        }
        if n < fields.len() {
            continue;
        }
        let (method, port, (u, user)) = (fields[3].1, fields[6].1, fields[7]);
        let method_ok = !method.is_empty() && method.bytes().all(|c| c.is_ascii_uppercase());
        let port_ok =
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|c| c.is_ascii_digit());
        if method_ok && port_ok && user != "-" && !user.starts_with('<') && user.len() <= 128 {
            out.push(Match {
                kind: Kind::MemberId,
                start: start + u,
                end: start + u + user.len(),
            });
        }
    }
}

/// Whether `b` starts with a Common Log Format time (`10/Oct/2000:13:55:36`).
fn clf_time(b: &[u8]) -> bool {
    b.len() >= 20
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b'/'
        && b[3].is_ascii_uppercase()
        && b[4..6].iter().all(u8::is_ascii_lowercase)
        && b[6] == b'/'
        && b[7..11].iter().all(u8::is_ascii_digit)
        && b[11] == b':'
}

/// Whether `t` holds a segment of [`PROFILE_PATHS`].
pub(crate) fn profile_path_cued(t: &str) -> bool {
    static CUES: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[&PROFILE_PATHS]));
    CUES.groups(t) != 0
}

/// File extensions, which make a dotted segment a file's name (`/users/index.html`).
const FILE_EXTENSIONS: [&str; 24] = [
    "html", "htm", "php", "json", "xml", "js", "css", "png", "jpg", "jpeg", "gif", "svg", "webp",
    "ico", "txt", "pdf", "csv", "rss", "atom", "aspx", "jsp", "cgi", "zip", "md",
];

/// A person's handle or ID in a URL's path after [`PROFILE_PATHS`] (`/profile/tanaka.hanako`,
/// `/u/hanako88`, `/people/123456`, `/~tanaka`): a name with a dot between letters (not a file's
/// name: `/users/index.html`), letters with a digit among them (`hanako88`, not `v2`), or
/// digits (not a year's folder: `/author/2024/`), 4 to 40 characters. Words (`/users/sign_in`,
/// `/profile/edit`) are left: a handle of letters alone is as often a page's name.
pub(crate) fn find_profile_paths(t: &str, out: &mut Vec<Match>) {
    static SEGMENT: LazyLock<Regex> = LazyLock::new(|| {
        built_in(
            r"(?i)/(?:(?:profiles?|users?|u|members?|people|authors?)/|~)([A-Za-z0-9][A-Za-z0-9._\-]{3,39})(?:[/?#\s]|$)",
        )
    });
    for c in SEGMENT.captures_iter(t) {
        let (Some(all), Some(v)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let tilde = t[all.start()..].starts_with("/~");
        let value = v.as_str().trim_end_matches(['.', '-']);
        let b = value.as_bytes();
        let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
        let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
        let dotted =
            b.windows(3)
                .any(|w| w[0].is_ascii_alphabetic() && w[1] == b'.' && w[2].is_ascii_alphabetic())
                && !value.rsplit('.').next().is_some_and(|ext| {
                    FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
                });
        let mixed = letters >= 2 && digits >= 1;
        // Digits alone: an ID, as after `/users/` in [`find`]; not a year's folder.
        let year = value.len() == 4 && (value.starts_with("19") || value.starts_with("20"));
        let id = digits >= MIN_DIGITS && letters == 0 && !year;
        if value.len() >= 4 && (dotted || mixed || id || (tilde && letters >= 3)) {
            out.push(Match {
                kind: Kind::MemberId,
                start: v.start(),
                end: v.start() + value.len(),
            });
        }
    }
}

/// The hosts whose URLs name a person's account in their path, as the cheap test before
/// [`find_profiles`] spells them (a URL's host is written in lower case).
const PROFILE_HOSTS: [&str; 16] = [
    "facebook.com/",
    "fb.com/",
    "instagram.com/",
    "twitter.com/",
    "x.com/",
    "tiktok.com/",
    "threads.net/",
    "threads.com/",
    "linkedin.com/",
    "github.com/",
    "youtube.com/",
    "note.com/",
    "ameblo.jp/",
    "line.me/",
    "pinterest.com/",
    "pinterest.jp/",
];

/// Whether `t` (normalised) holds a host of [`PROFILE_HOSTS`]: the cheap test before
/// [`find_profiles`].
pub(crate) fn profile_cued(t: &str) -> bool {
    static CUES: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[&PROFILE_HOSTS]));
    CUES.groups(t) != 0
}

/// The first path segments of a service's URLs that are its own pages, not an account: each
/// service's published paths (help, sharing, search, posts) that people paste.
fn service_page(host: &str, segment: &str) -> bool {
    let s = segment.to_ascii_lowercase();
    let s = s.as_str();
    let common = [
        "about",
        "help",
        "login",
        "logout",
        "signup",
        "search",
        "explore",
        "hashtag",
        "settings",
        "share",
        "privacy",
        "policies",
        "legal",
        "terms",
        "tos",
        "home",
        "business",
        "ads",
        "developers",
        "api",
        "notifications",
        "messages",
        "jobs",
        "careers",
        "download",
    ];
    if common.contains(&s) {
        return true;
    }
    match host {
        "facebook.com" | "fb.com" => [
            "sharer",
            "sharer.php",
            "dialog",
            "plugins",
            "groups",
            "pages",
            "events",
            "watch",
            "login.php",
            "photo",
            "photo.php",
            "permalink.php",
            "story.php",
            "marketplace",
            "gaming",
            "tr",
            "l.php",
            "reel",
            "reels",
            "stories",
            "profile.php",
            "people",
            "hashtag",
            "media",
            "friends",
            "bookmarks",
            "fundraisers",
            "help.php",
        ]
        .contains(&s),
        "instagram.com" => [
            "p",
            "reel",
            "reels",
            "tv",
            "accounts",
            "direct",
            "developer",
            "web",
            "static",
            "stories",
            "challenge",
            "emails",
            "session",
        ]
        .contains(&s),
        "twitter.com" | "x.com" => [
            "i",
            "intent",
            "compose",
            "account",
            "oauth",
            "widgets.js",
            "hashtag",
            "lists",
            "communities",
            "spaces",
            "bookmarks",
        ]
        .contains(&s),
        "github.com" => [
            "features",
            "pricing",
            "join",
            "orgs",
            "topics",
            "marketplace",
            "sponsors",
            "enterprise",
            "collections",
            "trending",
            "site",
            "security",
            "readme",
            "team",
            "pulls",
            "issues",
            "codespaces",
            "apps",
            "events",
            "contact",
            "new",
            "organizations",
            "dashboard",
            "password_reset",
            "customer-stories",
            "resources",
            "solutions",
            "copilot",
            "git-guides",
            "mobile",
        ]
        .contains(&s),
        "note.com" => [
            "n", "topic", "topics", "info", "notes", "magazine", "contests",
        ]
        .contains(&s),
        "pinterest.com" | "pinterest.jp" => [
            "pin",
            "ideas",
            "today",
            "categories",
            "_",
            "resource",
            "board",
        ]
        .contains(&s),
        _ => false,
    }
}

/// The account a social network's or a blog's URL names in its path: `facebook.com/NAME`,
/// `instagram.com/NAME`, `twitter.com/NAME` and `x.com/NAME` (also before `/status/…`),
/// `tiktok.com/@NAME`, `threads.net/@NAME`, `youtube.com/@NAME` (and `/channel/…`, `/c/…`,
/// `/user/…`), `linkedin.com/in/NAME`, `github.com/NAME` (not a repository's
/// `github.com/NAME/REPO`), `note.com/NAME`, `ameblo.jp/NAME`,
/// `pinterest.com/NAME`, `instagram.com/stories/NAME`, Facebook's `profile.php?id=…`, and a
/// LINE friend link (`line.me/ti/p/~NAME`, `line.me/R/ti/p/…`; not
/// an official account's `@…`). Such a path names one person as surely as a handle after
/// `Instagram:` does ([`find_accounts`]). The service's own pages are none (`facebook.com/
/// sharer.php`, `instagram.com/p/…`, `x.com/intent/…`, `youtube.com/watch`: see
/// [`service_page`]); the host is one of its own (`box.com/…` is not `x.com`). Only the name is
/// replaced.
pub(crate) fn find_profiles(t: &str, out: &mut Vec<Match>) {
    static PROFILE: LazyLock<Regex> = LazyLock::new(|| {
        built_in(concat!(
            r"(?i)(?:(?:www|m|mobile|web|touch|ja-jp|jp|ja|mbasic)\.)?",
            r"(facebook\.com|fb\.com|instagram\.com|twitter\.com|x\.com|tiktok\.com|threads\.net",
            r"|threads\.com|linkedin\.com|github\.com|youtube\.com|note\.com|ameblo\.jp|line\.me",
            r"|pinterest\.com|pinterest\.jp)/((?:in/|pub/|channel/|c/|user/|stories/|R/ti/p/|ti/p/)?[~@]?)",
            r"([A-Za-z0-9][A-Za-z0-9._\-]{0,79})",
        ))
    });
    for c in PROFILE.captures_iter(t) {
        let (Some(all), Some(host), Some(prefix), Some(name)) =
            (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        // The host is a name of its own: `box.com/…` holds `x.com/`.
        if char_before(t, all.start())
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        {
            continue;
        }
        let host = host.as_str().to_ascii_lowercase();
        let prefix = prefix.as_str();
        let value = name.as_str().trim_end_matches(['.', '-']);
        let at = prefix.ends_with('@');
        let nested = prefix.trim_end_matches(['@', '~']).to_ascii_lowercase();
        let nested = nested.as_str();
        let taken = match host.as_str() {
            "tiktok.com" | "threads.net" | "threads.com" => at && nested.is_empty(),
            "youtube.com" => {
                (at && nested.is_empty()) || (["channel/", "c/", "user/"].contains(&nested) && !at)
            }
            "linkedin.com" => ["in/", "pub/"].contains(&nested) && !at,
            // An official account's ID starts with `@`: a shop's, not a person's.
            "line.me" => ["ti/p/", "r/ti/p/"].contains(&nested) && !at,
            "instagram.com" if nested == "stories/" => !at,
            // A repository's path names a project more than its owner
            // (`github.com/rust-lang/regex`): the owner's own page only.
            "github.com" => {
                let rest = &t[name.start() + value.len()..];
                let rest = rest.strip_prefix('/').unwrap_or(rest);
                prefix.is_empty()
                    && !service_page(&host, value)
                    && !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '.')
            }
            _ => prefix.is_empty() && !service_page(&host, value),
        };
        // A profile without a user name: `facebook.com/profile.php?id=100012345678901`.
        if matches!(host.as_str(), "facebook.com" | "fb.com") && value == "profile.php" {
            let id_at = name.start() + value.len();
            if let Some(rest) = t[id_at..].strip_prefix("?id=") {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                if digits >= 5 {
                    let start = id_at + "?id=".len();
                    out.push(Match {
                        kind: Kind::MemberId,
                        start,
                        end: start + digits,
                    });
                }
            }
            continue;
        }
        if taken && value.len() >= 2 {
            out.push(Match {
                kind: Kind::MemberId,
                start: name.start(),
                end: name.start() + value.len(),
            });
        }
    }
}

/// Each ID the pattern's first group holds, where `label_ok(the match's start)`.
/// In a path (`in_path`) a year is a folder of its own (`/members/2024/campaign`).
fn push(
    re: &Regex,
    t: &str,
    label_ok: impl Fn(usize) -> bool,
    in_path: bool,
    min_digits: usize,
    out: &mut Vec<Match>,
) {
    for c in re.captures_iter(t) {
        let (Some(all), Some(id)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if !label_ok(all.start()) {
            continue;
        }
        let value = trimmed(id.as_str());
        let digits = value.bytes().filter(u8::is_ascii_digit).count();
        if digits < min_digits || value.len() > MAX_LEN || !stands_alone(t, id.start(), value) {
            continue;
        }
        let year = value.len() == 4 && (value.starts_with("19") || value.starts_with("20"));
        if in_path && year && value.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        out.push(Match {
            kind: Kind::MemberId,
            start: id.start(),
            end: id.start() + value.len(),
        });
    }
}

/// The ID in the run the pattern took. A trailing `-` or `_` is punctuation. Digit groups
/// joined by spaces are one ID only in one length (`2630 0551 2851 9026`); else the ID ends at
/// the first space (`12345678 15時以降`). In a file's name `_` joins words: once the ID has its
/// digits, a part after `_` without a digit (`K86213022_tel`) or of digits only
/// (`651071061_20240312`, a date) is the next word; before that it is the ID's
/// (`taro_yamada_1985`, `taro_0917`). Space-joined groups of one length end where one of
/// another length starts (`1187 5746 7258 4747 15時`).
fn trimmed(run: &str) -> &str {
    let mut value = run;
    if value.contains(' ') {
        let first = value.split(' ').next().unwrap_or("").len();
        // The groups of the first one's length (of three digits or more), up to one of another.
        let mut end = first;
        if first >= 3 {
            for g in value[first..].split(' ').skip(1) {
                if g.len() != first {
                    break;
                }
                end += 1 + g.len();
            }
        }
        value = &value[..end];
    }
    let digits_before = |i: usize| value[..i].bytes().filter(u8::is_ascii_digit).count();
    if let Some(cut) = value.match_indices('_').map(|(i, _)| i).find(|&i| {
        let next = value[i + 1..].split('_').next().unwrap_or("");
        let has_digit = next.bytes().any(|b| b.is_ascii_digit());
        let all_digits = !next.is_empty() && next.bytes().all(|b| b.is_ascii_digit());
        digits_before(i) >= MIN_DIGITS && (!has_digit || all_digits)
    }) {
        value = &value[..cut];
    }
    value.trim_end_matches(['-', '_'])
}

/// Counters and units: a number right before one is a count, a year or an amount
/// (`会員ID 560件`, `会員番号 2023年以前`, `会員No.100達成`), not an ID.
const COUNTERS: [&str; 27] = [
    "件", "名", "人", "年", "月", "日", "時", "分", "秒", "番台", "個", "円", "点", "回", "歳",
    "枚", "本", "台", "倍", "位", "達成", "以上", "以下", "未満", "割", "万", "%",
];

/// English units and ordinals after a number that make it an amount or a rank.
const EN_UNITS: [&str; 22] = [
    "points",
    "point",
    "pts",
    "pt",
    "p",
    "yen",
    "jpy",
    "miles",
    "mile",
    "items",
    "item",
    "members",
    "member",
    "customers",
    "th",
    "st",
    "nd",
    "rd",
    "times",
    "days",
    "years",
    "off",
];

/// Whether the ID found at `start` is one: not a count or a year before a counter, not the
/// start of a date or a decimal (`2022/05/27`, `3.5`), and no date itself (`2022-05-27`).
fn stands_alone(t: &str, start: usize, value: &str) -> bool {
    let after = &t[start + value.len()..];
    let numeric = value.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    if numeric && COUNTERS.iter().any(|c| after.starts_with(*c)) {
        return false;
    }
    // A unit glued to the digits (`123456P`, `2000000pt`, `1000000th`).
    let digits_end = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits_end > 0 && EN_UNITS.contains(&value[digits_end..].to_ascii_lowercase().as_str()) {
        return false;
    }
    // The same in English (`points card 123456 points`, `1000000th member`, `500000 miles`).
    let unit = after.trim_start_matches(' ').as_bytes();
    if numeric
        && EN_UNITS.iter().any(|u| {
            unit.get(..u.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(u.as_bytes()))
                && !unit.get(u.len()).is_some_and(u8::is_ascii_alphabetic)
        })
    {
        return false;
    }
    // The start of a date, a decimal or a range (`2022/05/27`, `3.5`, `001〜999`).
    let range_or_date = after
        .strip_prefix(['/', '.', '~'])
        .or_else(|| after.strip_prefix('〜'))
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    if numeric && range_or_date {
        return false;
    }
    let parts: Vec<&str> = value.split('-').collect();
    let date = matches!(parts[..], [y, m, d] if y.len() == 4
        && (y.starts_with("19") || y.starts_with("20"))
        && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)));
    !date
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The IDs found in `t`, written as normalised text is (`:` for `：`, `-` for `ー`).
    fn ids(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        let cued = Keywords::new(&[&JA_CUES]).groups(t) != 0 || brand_card_cued(t);
        find(t, true, true, cued, &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    /// The accounts found in `t` (normalised), by [`find_accounts`] after its cue test.
    fn accounts(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        if account_cued(t) {
            find_accounts(t, &mut out);
        }
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    /// The accounts [`find_profiles`] finds in `t`, after its cue test.
    fn profiles(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        if profile_cued(t) {
            find_profiles(t, &mut out);
        }
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn handles_in_a_profiles_path() {
        let found = |t: &str| {
            let mut out = Vec::new();
            if profile_path_cued(t) {
                find_profile_paths(t, &mut out);
            }
            out.iter()
                .map(|m| t[m.start..m.end].to_string())
                .collect::<Vec<_>>()
        };
        for (t, name) in [
            ("/profile/tanaka.hanako", "tanaka.hanako"),
            ("/u/hanako88", "hanako88"),
            ("/profile/abc123/posts", "abc123"),
            ("/people/123456", "123456"),
            ("https://example.com/users/john.smith", "john.smith"),
            ("/people/john.smith?tab=posts", "john.smith"),
            ("https://cglab.ca/~abeinges/blah/", "abeinges"),
        ] {
            assert_eq!(found(t), [name], "{t}");
        }
        for t in [
            "/users/sign_in",
            "/users/index.html",
            "/profile/edit",
            "/users/v2/list",
            "/author/admin",
            "/menu/tanaka.hanako",
            "/author/2024/",
        ] {
            assert!(found(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn accounts_in_a_social_networks_url() {
        for (t, name) in [
            (
                "https://www.facebook.com/hanako.tanaka.123",
                "hanako.tanaka.123",
            ),
            (
                "facebook.com/hanako.tanaka.123 を見てください",
                "hanako.tanaka.123",
            ),
            (
                "https://m.facebook.com/profile.php?id=100012345678901",
                "100012345678901",
            ),
            (
                "https://www.instagram.com/hanako_tanaka88/",
                "hanako_tanaka88",
            ),
            ("https://instagram.com/stories/hanako_t/3123", "hanako_t"),
            (
                "https://twitter.com/yamada_taro/status/1234567890",
                "yamada_taro",
            ),
            ("X: https://x.com/yamada_taro.", "yamada_taro"),
            (
                "Twitter: https://twitter.com/taro_yamada88",
                "taro_yamada88",
            ),
            (
                "https://www.tiktok.com/@hanako.dance/video/72345",
                "hanako.dance",
            ),
            ("https://www.threads.net/@hanako.t", "hanako.t"),
            ("https://www.youtube.com/@hanako_ch", "hanako_ch"),
            (
                "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
                "UCabcdefghijklmnopqrstuv",
            ),
            (
                "https://www.linkedin.com/in/taro-yamada-123456/",
                "taro-yamada-123456",
            ),
            ("https://github.com/tyamada", "tyamada"),
            (
                "https://note.com/hanako_writes/n/n1234abcd",
                "hanako_writes",
            ),
            (
                "https://ameblo.jp/hanako-blog/entry-12345.html",
                "hanako-blog",
            ),
            ("https://line.me/ti/p/~tanaka_hanako", "tanaka_hanako"),
            ("https://line.me/R/ti/p/AbCdEf123", "AbCdEf123"),
            ("https://www.pinterest.jp/hanakot/", "hanakot"),
        ] {
            assert_eq!(profiles(t), [name], "{t}");
        }
        // The service's own pages, a repository, an official account, another host.
        for t in [
            "https://www.facebook.com/sharer/sharer.php?u=https://shop.example",
            "https://www.instagram.com/p/CxYz123AbC/",
            "https://www.instagram.com/explore/tags/cat/",
            "https://x.com/intent/tweet?text=hello",
            "https://twitter.com/search?q=shop",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.tiktok.com/tag/cat",
            "https://www.linkedin.com/company/example",
            "https://github.com/rust-lang/regex",
            "https://github.com/features/actions",
            "https://line.me/R/ti/p/@shop_official",
            "https://www.dropbox.com/s/abc123/file.pdf",
            "https://box.com/taro",
            "https://inbox.com/taro",
        ] {
            assert!(profiles(t).is_empty(), "{t}");
        }
    }

    /// The IDs an employer, a school or a clinic gives a person, after their label.
    #[test]
    fn employee_student_and_patient_numbers() {
        for (text, want) in [
            ("学籍番号 A1234567", "A1234567"),
            ("社員番号 123456", "123456"),
            ("職員ID: E-20481", "E-20481"),
            ("従業員番号:004512", "004512"),
            ("患者ID 00123456", "00123456"),
            ("診察券番号 98765", "98765"),
            ("employee id: 58213", "58213"),
            ("Student ID 20231234", "20231234"),
            ("Patient No. 4471203", "4471203"),
            ("カルテ番号 0012345", "0012345"),
            ("カルテNo.45821", "45821"),
            ("MRN 12345678", "12345678"),
            ("Medical record number: MRN-0045821", "MRN-0045821"),
            ("medical record # 7781234", "7781234"),
        ] {
            assert_eq!(ids(text), [want], "{text}");
        }
        for text in [
            "社員番号をお忘れの方",
            "社員 3名で伺います",
            "患者数 120人",
            "staff 25 people",
            "mRNA-1273 vaccine",
            "カルテ 3枚",
        ] {
            assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
        }
    }

    /// A shop's own member or customer ID in letters, after its label: taken when it is
    /// shaped like a login (a dot, `_` or digit among its letters), as after a service's name.
    #[test]
    fn member_ids_in_letters_after_their_label() {
        for (text, want) in [
            ("会員ID: tanaka_hanako88", "tanaka_hanako88"),
            ("会員 ID:hanako.t", "hanako.t"),
            ("お客様ID: ab12345", "ab12345"),
            ("顧客ID=kt_2024", "kt_2024"),
            ("会員IDはhanako.tです", "hanako.t"),
        ] {
            assert_eq!(accounts(text), [want], "{text}");
        }
        for text in [
            "会員ID: yamada",
            "会員ID: none",
            "会員登録しました。Amazonで買いました",
        ] {
            assert!(accounts(text).is_empty(), "{text}: {:?}", accounts(text));
        }
    }

    #[test]
    fn accounts_after_their_label() {
        for (text, want) in [
            ("ユ-ザ-ID: taro_yamada", "taro_yamada"),
            ("ユ-ザ-名:hanako", "hanako"),
            ("LINEのIDはtaro_yamada88です", "taro_yamada88"),
            ("LINE ID: hanako.t", "hanako.t"),
            ("インスタ @hanako.tanaka", "hanako.tanaka"),
            ("Instagram: @hanako.tanaka.", "hanako.tanaka"),
            ("My Instagram is @hanako.t", "hanako.t"),
            ("Twitter @taro_yamada", "taro_yamada"),
            ("Xのアカウントは@taro_x です", "taro_x"),
            ("ONLINEアカウント名: foo_1", "foo_1"),
            ("スカイプID: live:taro.y", "live:taro.y"),
            ("WeChat ID: wxid_abc123", "wxid_abc123"),
            ("Username: jsmith", "jsmith"),
            ("login id=jsmith", "jsmith"),
            ("User ID: tkato", "tkato"),
            ("X(旧Twitter):@momo_chan22", "momo_chan22"),
            ("my X account @lina_codes", "lina_codes"),
            ("ニックネ-ム(ユ-ザ-名):ponpoko", "ponpoko"),
            ("My username is anjali_g", "anjali_g"),
            ("my handle is @priya.bakes", "priya.bakes"),
            ("インスタ→ hikari_days", "hikari_days"),
            ("登録したアカウントはyuki.sasaki", "yuki.sasaki"),
            ("Facebookはyuko.morita.9で登録", "yuko.morita.9"),
            ("XのIDは@taro", "taro"),
            ("インスタやってます @kaede_knit", "kaede_knit"),
            (
                "Twitterで @ayaka_ootd としてレビューを投稿しました",
                "ayaka_ootd",
            ),
            ("インスタのDMにも送りました(@nana.0707)", "nana.0707"),
            ("(user name: bram)", "bram"),
            // `X` is found only before an `@` (too short a word for the cue search).
            ("X: @kaede_knit", "kaede_knit"),
            ("Xで @kaede_knit を見てください", "kaede_knit"),
            ("フォロ-してね X:@sora.knits", "sora.knits"),
            // A handle with a dot before a `/` is no link's host.
            ("LINE ID: taro.y/hanako", "taro.y"),
        ] {
            assert_eq!(accounts(text), [want], "{text}");
        }
        for text in [
            "LINEで連絡します",
            "LINE Payで支払いました",
            "LINEのID: none",
            "username and password",
            "the username is not set",
            "one line: the same",
            "サイズ X: 30cm",
            "XL @ 2,000円",
            "BOX @shop_jp",
            "X: taro@example.com",
            "Login ID: same as my email",
            "Twitter 2024 campaign",
            "LINE ver.13.2 で不具合",
            "Instagram 10k followers",
            "アカウントはお持ちですか",
            "LINEで連絡しました。info@example.com",
            "公式Instagram(@shop_official)でも紹介されています。",
            "Follow our official Instagram @shop_jp",
            "Instagramで見ました。さとう@町田店",
            // A service's name inside a word (`install.exe`, `XFree86`).
            "Use the install.exe if",
            "versions of XFree86 you must",
            "Solution:   Handle multi_byte differently.",
            // A word's inside: a path's or a variable's (VMS's `sys$login:`).
            "sys$login:ctags.exe",
            "BOXアカウント: abc",
            "ログインIDとパスワードを入力",
            // An email's local part: the email detector takes the address.
            "LINE ID: taro@example.com",
            // A link's scheme: the profile links' search takes the handle in its path.
            "Twitter: https://twitter.com/taro_yamada88",
            "Instagram: http://instagram.com/hanako.t",
            "Instagram: instagram.com/hanako.t",
        ] {
            assert!(accounts(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ids_after_their_label() {
        assert_eq!(ids("会員番号:3105858 です"), ["3105858"]);
        assert_eq!(ids("お客様番号 C-2929494 [電話]"), ["C-2929494"]);
        assert_eq!(ids("会員ID:u8691163323,"), ["u8691163323"]);
        assert_eq!(ids("顧客コ-ド K6163075846 よろしく"), ["K6163075846"]);
        assert_eq!(
            ids("ポイントカ-ド番号 2630-0551-2851-9026!!"),
            ["2630-0551-2851-9026"]
        );
        assert_eq!(
            ids("ポイントカ-ド番号 2630 0551 2851 9026 です"),
            ["2630 0551 2851 9026"]
        );
        // A shop's card named without a number word: six digits or more.
        assert_eq!(
            ids("ポイントカ-ド 1234-5678-9012-3456 を登録"),
            ["1234-5678-9012-3456"]
        );
        assert_eq!(ids("Pontaカ-ド 1234567890123456"), ["1234567890123456"]);
        assert_eq!(ids("Tカ-ド番号:6000123456789012"), ["6000123456789012"]);
        assert_eq!(ids("会員証 12345678 を紛失"), ["12345678"]);
        assert_eq!(ids("メンバ-ズカ-ド 1234-5678"), ["1234-5678"]);
        assert!(ids("ポイントカ-ド 500ポイント").is_empty());
        assert!(ids("会員証 2枚").is_empty());
        assert!(ids("Tカ-ドのポイント 12345 を使用").is_empty());
        assert_eq!(ids("会員番号は3255238201です"), ["3255238201"]);
        assert_eq!(ids("メモ)customer_id=50122783 再送"), ["50122783"]);
        assert_eq!(ids("Member No. 0042817, thanks"), ["0042817"]);
        assert_eq!(ids("user id: taro_0917"), ["taro_0917"]);
        assert_eq!(
            ids("https://shop.example.jp/members/6793508/orders"),
            ["6793508"]
        );
        assert_eq!(ids("/users/u-48213/"), ["u-48213"]);
        // A Japanese shop's member page.
        assert_eq!(ids("GET /mypage/C1234567/orders HTTP/1.1"), ["C1234567"]);
        assert_eq!(ids("/kaiin/1234567/"), ["1234567"]);
        assert!(ids("GET /mypage/history/ HTTP/1.1").is_empty());
        // A shop's administration pages: a short ID too (Rails' and Magento's routes).
        assert_eq!(ids("GET /admin/customers/12/edit HTTP/1.1"), ["12"]);
        assert_eq!(ids("GET /admin/customer/12/edit HTTP/1.1"), ["12"]);
        assert_eq!(
            ids("GET /admin/customer/index/edit/id/4567/ HTTP/1.1"),
            ["4567"]
        );
        assert!(ids("GET /admin/customers/new HTTP/1.1").is_empty());
        assert!(ids("GET /admin/customers?page=2 HTTP/1.1").is_empty());
        // In a file's name.
        assert_eq!(ids("お客様番号_C-2815639.jpg"), ["C-2815639"]);
        assert_eq!(ids("顧客コ-ド_K86213022_tel:043"), ["K86213022"]);
        assert_eq!(
            ids("ポイントカ-ド番号_7562-0233-6864-3453_熊本"),
            ["7562-0233-6864-3453"]
        );
        assert_eq!(ids("user_id=taro_0917_x2_end"), ["taro_0917_x2"]);
        assert_eq!(ids("ログインID: taro_yamada_1985"), ["taro_yamada_1985"]);
        assert_eq!(ids("返品_会員ID_651071061_20240312.png"), ["651071061"]);
        // As people write the label and what follows it.
        assert_eq!(ids("【会員番号】1234567"), ["1234567"]);
        assert_eq!(ids("会員番号(ID):1234567"), ["1234567"]);
        assert_eq!(ids("ユ-ザ-ID(8桁):12345678"), ["12345678"]);
        assert_eq!(ids("会員番号が1234567の者です"), ["1234567"]);
        assert_eq!(ids("会員番号,1234567,東京"), ["1234567"]);
        assert_eq!(ids("\"利用者ID\",\"281444\""), ["281444"]);
        assert_eq!(ids("会員番号「1234567」"), ["1234567"]);
        assert_eq!(ids("会員 ID 1234567"), ["1234567"]);
        assert_eq!(ids("会員ナンバ-1234567"), ["1234567"]);
        assert_eq!(ids("my customer ID is 50122783"), ["50122783"]);
        assert_eq!(ids("{\"member_id\": \"4412345\"}"), ["4412345"]);
        assert_eq!(ids("会員番号 12345678 15時以降希望"), ["12345678"]);
        assert_eq!(ids("会員番号 12345678 2024年3月12日注文分"), ["12345678"]);
        assert_eq!(
            ids("メンバ-ズカ-ド番号 1187 5746 7258 4747 15時以降"),
            ["1187 5746 7258 4747"]
        );
        assert_eq!(ids("会員No(5111872) 15時以降希望"), ["5111872"]);
        assert_eq!(ids("顧客コ-ドの15184955"), ["15184955"]);
        assert_eq!(ids("会員番号...814090"), ["814090"]);
        assert_eq!(ids("会員コ-ド:#613761782 です"), ["613761782"]);
        assert_eq!(ids("会員No-3804169. I have"), ["3804169"]);
        assert_eq!(ids("顧客ID-38559070_領収書.pdf"), ["38559070"]);
        assert_eq!(ids("Account No. 1234567 please"), ["1234567"]);
        // Before its label in a file's name.
        assert_eq!(ids("1684789_会員証.png"), ["1684789"]);
        assert_eq!(ids("scan/C-2929494_お客様番号.jpg"), ["C-2929494"]);
        assert_eq!(ids("IMG_55012_会員番号.jpeg"), ["55012"]);
        // A form's label on the line above its value.
        assert_eq!(ids("【会員番号】\n1234567\n【お名前】"), ["1234567"]);
        assert_eq!(ids("お客様番号:\r\nC-2929494"), ["C-2929494"]);
        assert_eq!(ids("Customer ID\n\n 50122783"), ["50122783"]);
        assert_eq!(ids("my account number is 88123456."), ["88123456"]);
        assert_eq!(ids("acct # 5523-8812"), ["5523-8812"]);
        assert_eq!(ids("account_id=A9912345"), ["A9912345"]);
        // A shop's own card, in English.
        assert_eq!(
            ids("my loyalty card 1234 5678 9012 please"),
            ["1234 5678 9012"]
        );
        assert_eq!(ids("Points Card No. 6600123456"), ["6600123456"]);
        assert_eq!(ids("rewards card #: 88120045"), ["88120045"]);
        assert!(ids("points card 500 points").is_empty());
        assert!(ids("loyalty card 12000 yen off").is_empty());
        for amount in [
            "Rewards card 100000 points",
            "loyalty card 123456 pts",
            "points card: 123456P",
            "rewards card 1000000 yen",
            "Rewards card 500000 miles",
            "Club card 1000000th member celebration",
            "customer number 123456 points",
        ] {
            assert!(ids(amount).is_empty(), "{amount}");
        }
    }

    #[test]
    fn no_id_without_a_label_or_without_digits() {
        assert!(ids("C-2929494 の在庫").is_empty());
        assert!(ids("会員番号をお忘れの方は").is_empty());
        assert!(ids("enter your user id and password").is_empty());
        assert!(ids("会員ID: yamada").is_empty());
        assert!(ids("xcustomer_id=50122783").is_empty());
        assert!(ids("/members/list/").is_empty());
        assert!(ids("会員番号 12").is_empty());
        assert!(ids("account number 12").is_empty());
        assert!(ids("20240312_会員証.png").is_empty());
        assert!(ids("12_会員証.png").is_empty());
        // After its label, eight digits are the ID even when they could be a date.
        assert_eq!(ids("会員番号 20240312"), ["20240312"]);
        assert!(ids("会員番号\n2024年3月に変更").is_empty());
        assert!(ids("subaccount no 123456").is_empty());
        assert!(ids("enter your account number and password").is_empty());
        // Counts, years and dates after a label.
        assert!(ids("会員ID 560件").is_empty());
        assert!(ids("ユ-ザ-ID 435番台は社員用").is_empty());
        assert!(ids("会員番号 2023年以前の方").is_empty());
        assert!(ids("会員ID 2022/05/27付で変更").is_empty());
        assert!(ids("会員ID 2022-05-27付で変更").is_empty());
        assert!(ids("会員No.100達成").is_empty());
        assert!(ids("会員番号 001〜999 は予約済み").is_empty());
        assert!(ids("https://shop.example.jp/members/2024/campaign").is_empty());
    }
}
