//! Detectors with a fixed shape: emails (a byte scan around `@`), IPv4/IPv6, passport and
//! residence card numbers, identifying URL query parameters, and the 記号/番号 of a health
//! insurance card. The `regex` crate has no lookaround, so word boundaries are checked in code
//! after each match (ASCII boundaries only: Japanese text may touch an identifier directly).

use std::net::Ipv6Addr;

use regex::Regex;

use super::keywords::Keywords;
use super::normalize::{back_chars, char_after, char_before, glued_after, glued_before};
use super::{Kind, Match};

/// Whether `rest` starts with a host name's domain: `.` and two labels or more of lower-case
/// letters, digits and hyphens, the first starting with a letter and the last all letters
/// (two or more), then the name's end.
fn domain_after(rest: &[u8]) -> bool {
    let end = rest
        .iter()
        .position(|&c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    let Some(name) = name.strip_prefix(b".") else {
        return false;
    };
    let name = name.strip_suffix(b".").unwrap_or(name);
    let labels: Vec<&[u8]> = name.split(|&c| c == b'.').collect();
    labels.len() >= 2
        && labels[0].first().is_some_and(u8::is_ascii_lowercase)
        && labels.iter().all(|l| !l.is_empty())
        && labels
            .last()
            .is_some_and(|l| l.len() >= 2 && l.iter().all(u8::is_ascii_lowercase))
        && !rest.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Whether a host name's label holds an IPv4 address (see [`Patterns::find_ip_hostnames`]).
fn ip_label(label: &str) -> bool {
    let octet = |s: &str| {
        (1..=3).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u16>().is_ok_and(|n| n <= 255)
    };
    // Letters, then twelve digits, three to an octet.
    let digits = label.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    if digits.len() == 12
        && digits.len() < label.len()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (0..4).all(|k| octet(&digits[3 * k..3 * k + 3]))
    {
        return true;
    }
    // Four octets joined by hyphens, after a word and a hyphen (`ec2-`, `host-`) or letters
    // (`i121-…`), or alone.
    let parts: Vec<&str> = label.split('-').collect();
    parts.windows(4).enumerate().any(|(k, w)| {
        let lead = if k == 0 {
            w[0].trim_start_matches(|c: char| c.is_ascii_alphabetic())
        } else {
            w[0]
        };
        octet(lead) && w[1..].iter().all(|p| octet(p)) && k + 4 == parts.len()
    })
}

/// Query parameters whose value identifies a person, a session or a device (advertising IDs, and
/// ad networks' click IDs, which the network links to its user). Longer names come before their
/// prefixes (`user_id` before `user`) so the alternation tries them first. Also the names of
/// cookies and parameters that carry one visitor's ID in analytics and ad tags (Google
/// Analytics' `_ga`, `_ga_<stream>`, `_gid`, `__utma`; Google Ads' `_gcl_au`; Meta's `_fbp`,
/// `_fbc`; Microsoft's `_uetvid`), web frameworks' session cookies (Java's `JSESSIONID` and
/// `;jsessionid=`, PHP's `PHPSESSID`, ASP.NET's, Rails', Laravel's, Express's `connect.sid`,
/// EC-CUBE's `ECSESSID` and EC-CUBE 4's `eccube`, osCommerce's, Zen Cart's, ColdFusion's
/// `CFID`/`CFTOKEN`, WordPress's `wordpress_logged_in_<hash>` (the login name first), Devise's
/// `remember_user_token`, Hotjar's `_hjSessionUser_<site>`),
/// account-recovery tokens (Devise's `reset_password_token`), email platforms' subscriber IDs
/// (Mailchimp's `mc_eid`, HubSpot's `_hsenc`, Klaviyo's `_kx`, Marketo's `mkt_tok`, Salesforce's
/// `sfmc_sub`), a form's fields split in parts (`tel1`–`tel3`, `zip1`, `birth_y`, `birth_month`), keys
/// in romanised Japanese (`jusho`, `yubin`, `namae`, `seiKana`), a payment card's number and security code as payment forms and their JSON name
/// them (`card_number`, `cc_number`, `cvc`, `cvv2`, `csc`, `security_code`, Authorize.Net's
/// `card_code`), Japanese forms' member numbers and name parts (`kaiin_no`, `sei`, `mei`),
/// EC-CUBE's split form fields (`name01`, `kana02`, `tel01`–`tel03`, `fax01`, `zip01`, `addr02`,
/// with `deliv_`, `order_` or `shipping_` before them, and inside a form's brackets as EC-CUBE 4
/// names them, `entry[name][name01]`, `entry%5Bname%5D%5Bname01%5D`), other sites' name, address
/// and birth-date fields (`given_name`, `family_name`, `last_name_kana`, `date_of_birth`,
/// `dateOfBirth`, `address1`, `line1` as Stripe's and Shopify's JSON has them, `banchi`),
/// Japanese carriers' subscriber IDs (`subno`, docomo's `dcmguid`), the hashed email, phone
/// and name that ad tags send for matching (Meta Pixel's `ud[em]`, `ud[ph]`, …, `external_id`;
/// Google's enhanced conversions' `em`), and OAuth 2.0's authorization `code` (RFC 6749
/// §4.1.2; only in a URL that also carries `state=` or names OAuth or a callback: a shop's
/// `?code=` is as often a coupon's).
const PARAM_KEYS: &str = "e-mail|email|mail|tel|phone|access_token|accesstoken|refresh_token|id_token|reset_password_token|confirmation_token|unlock_token|auth_token|token|uid|user_id|userid|user|customer_id|customerid|customer_no|custno|kaiin_no|kaiin_id|kaiinno|member_id|memberid|member_no|member|login_id|loginid|login|remote_user|nickname|account|mid|line_uid|hashed_email|af_id|a8|cid|session_id|sessionid|jsessionid|phpsessid|asp\\.net_sessionid|_session_id|laravel_session|connect\\.sid|ecsessid|eccube|wordpress_logged_in_[0-9a-f]{32}|wordpress_sec_[0-9a-f]{32}|remember_[a-z]{1,16}_token|_hjsessionuser_[0-9]{1,12}|_hjsession_[0-9]{1,12}|oscsid|zenid|cftoken|cfid|session|sid|auth|api_key|apikey|key|password|passwd|pass|pwd|card_number|cardnumber|card_no|cardno|cc_number|ccnumber|cc_num|ccnum|card_cvc|card_cvv|cvc2|cvv2|cvc|cvv|csc|security_code|securitycode|card_code|cardcode|(?:[a-z_]{1,16}(?:\\[|%5b)(?:[a-z_]{1,16}(?:\\]|%5d)(?:\\[|%5b))?)?(?:deliv_|order_|shipping_)?(?:name|kana|tel|fax|zip|addr)0[1-3](?:\\]|%5d)?|(?:tel|fax|zip|phone)[_-]?[1-3]|birth(?:_?(?:year|month|day|ymd|y|m|d))?|jusho|juusho|jyusho|yubin_?bango|yuubin|yubin|namae|sei_?kana|mei_?kana|kana|addr_?[1-3]|street_address|street|billing_address|shipping_address|delivery_address|postalcode|post_code|postal|bank_account|account_number|account_no|kouza|reset_token|verification_token|verify_token|given_name|givenname|family_name|familyname|first_name_kana|last_name_kana|firstname_kana|lastname_kana|kana_sei|kana_mei|furigana|date_of_birth|dateofbirth|birth_date|banchi|address1|address2|address_line1|address_line2|line1|line2|phone_number|phonenumber|tel_no|telno|full_name|fullname|first_name|firstname|last_name|lastname|fname|lname|name1|name2|name|sei|mei|address|addr|zipcode|zip|postcode|postal_code|birthday|birthdate|dob|idfa|idfv|gaid|aaid|adid|advertising_id|advertisingid|device_id|deviceid|udid|android_id|app_instance_id|imei|mac_address|macaddress|cookie_id|cookieid|visitor_id|visitorid|ajs_anonymous_id|ajs_user_id|_ga_[a-z0-9]{4,16}|_ga|_gid|__utma|__utmb|_gcl_au|_gcl_aw|_gcl_dc|_fbp|_fbc|_uetvid|_uetsid|_ttp|mc_eid|_hsenc|ud\\[[a-z_]{2,16}\\]|ud%5b[a-z_]{2,16}%5d|external_id|externalid|em|code|_kx|mkt_tok|sfmc_sub|subno|dcmguid|_gl|gclid|gbraid|wbraid|dclid|fbclid|msclkid|yclid|ttclid|twclid|ldtag_cl";

/// `key=value` of a query string, a form or a log line, for [`PARAM_KEYS`]: the value's
/// printable ASCII, or Japanese letters as a browser's address bar or a pasted URL shows them
/// undecoded (`?name01=山田&kana01=ヤマダ`).
fn url_param_pattern() -> String {
    format!(
        r#"(?i)(?:^|[?&;#\s"'(,:]|%20)({keys})=((?:[\x21-\x7E&&[^&#;"'<>]]|[\p{{Han}}\p{{Hiragana}}\p{{Katakana}}ー々])+)"#,
        keys = PARAM_KEYS
    )
}

/// A JSON member for [`PARAM_KEYS`] (`"email":"taro@example.jp"`, `"first_name": "Taro"`,
/// `"phone": 9012345678`): the string's text (escapes kept) or the number.
fn json_param_pattern() -> String {
    format!(
        r#"(?i)"({keys})"[ \t]*:[ \t]*(?:"((?:[^"\\\x00-\x1f]|\\.){{1,256}})"|([0-9][0-9.+\-]{{0,31}})(?:[^0-9A-Za-z.]|$))"#,
        keys = PARAM_KEYS
    )
}

/// One capitalised word in Latin letters (`Taro`, `Smith-Jones`, `Đoković`): the pieces the
/// name patterns below are made of, as literals so that `concat!` can join them.
macro_rules! latin_word {
    () => {
        r"[\p{Latin}&&\p{Lu}][\p{Latin}&&\p{Ll}]+(?:-[\p{Latin}&&\p{Lu}][\p{Latin}&&\p{Ll}]+)?"
    };
}
/// [`latin_word`], or one after an `X'` (`O'Neil`).
macro_rules! latin_name_word {
    () => {
        concat!(
            "(?:",
            latin_word!(),
            r"|[\p{Latin}&&\p{Lu}]'[\p{Latin}&&\p{Lu}][\p{Latin}&&\p{Ll}]+)"
        )
    };
}
/// A word in Latin capitals (`BONDARENKO`, `O'NEIL`).
macro_rules! latin_caps {
    () => {
        r"[\p{Latin}&&\p{Lu}](?:[\p{Latin}&&\p{Lu}]|['\-])+"
    };
}

/// A name in Latin letters: one to three capitalised words (`Taro`, `Yamada`, `O'Neil`,
/// `Smith-Jones`), in any Latin letters (`Émile`, `Đoković`, `Nazım`, `Øystein`). No word
/// boundary is written around it (an ASCII one fails beside `é`, a Unicode one sends every
/// Japanese text to the backtracker): [`name_glued`] checks both ends.
const LATIN_NAME: &str = concat!(latin_name_word!(), "(?:[ ]+", latin_name_word!(), "){0,2}");

/// A name after a person's label (see [`NAME_LABEL`]), where the label vouches for it: also
/// in capitals (`KATERYNA BONDARENKO`, as forms and passports write it) and with lower-case
/// particles between its words (`Juan dela Cruz`, `Ludwig van Beethoven`, `Ahmad bin Ismail`).
const LABELLED_NAME: &str = concat!(
    "(?:",
    latin_name_word!(),
    // A middle initial (`John Q. Public`).
    r"(?:[ ]+[A-Z]\.)?",
    r"(?:[ ]+(?:(?:de|da|del|dela|della|van|von|der|den|bin|binti|al|el|di|du|le|la|dos|das|do)[ ]+)?",
    latin_name_word!(),
    "){1,3}|",
    latin_caps!(),
    "(?:[ ]+",
    latin_caps!(),
    "){1,3})"
);

/// Labels of a person's name in a form or a message: Japanese ones (`氏名:`, `お名前:`,
/// `受取人:`, `お届け先氏名:`, `差出人は`, `注文者 `, `宛名は「`; the text is normalised, so `：`
/// is `:`), and English
/// ones that name whose name it is (`Full name:`, `Recipient name:`, `Cardholder name:`,
/// `Recipient:`, `Ship to:`, `Attn:`), Indonesian and Malay ones (`Nama saya`, `Saya
/// bernama`, `Nama:`, `Nama penerima:`), and self-introductions in French, Spanish,
/// Portuguese, German and Italian (`Je m'appelle`, `Me llamo`, `Mi nombre es`, `Meu nome é`,
/// `Mein Name ist`, `Ich heiße`, `Mi chiamo`). A pair of capitalised words after one is a name,
/// whatever lists hold it (`氏名:Ngozi Eze`, `Recipient name: Nomvula Dlamini`).
const NAME_LABEL: &str = r"(?:(?:お名前|氏名|名前|宛名|受取人(?:名|氏名)?|受け取り人|お届け先(?:氏名|お名前|名)?|ご依頼主(?:名)?|依頼主|送り主|差出人|購入者(?:名)?|注文者(?:名)?|ご注文者(?:名)?|名義(?:人)?|投稿者|レビュ-投稿者|ご?契約者(?:名|氏名)?|お?申(?:し)?込(?:み)?者(?:名|氏名)?|会員(?:名|氏名)|ご?担当(?:者)?(?:名)?|ご?利用者(?:名|氏名)?|使用者|申請者|代表者(?:名|氏名)?|保護者(?:名|氏名)?|請求先(?:氏名|名)?|連絡先氏名)(?:様)?(?:[ ]*(?::|は)[ ]*[「『(\[]?|[ ]+[「『(\[]?|[「『(\[])|(?-u:\b)(?:(?:[Ff]ull|[Rr]ecipient|[Cc]ustomer|[Cc]ontact|[Ss]ender|[Bb]uyer|[Cc]ard ?[Hh]older|[Aa]ccount ?[Hh]older|[Aa]ccount|[Gg]uest|[Pp]assenger|[Bb]illing|[Dd]elivery|[Ss]hipping|[Mm]ember|[Pp]atient)(?:'s)? [Nn]ame|[Nn]ame on(?: the)? card|[Rr]ecipient|[Ss]hip [Tt]o|ATTN|[Aa]ttn|[Cc]ontact [Pp]erson|[Cc]ustomer|[Cc]lient|[Cc]onsignee|[Aa]ddressee|[Aa]pplicant|[Pp]olicy ?[Hh]older|[Aa]ccount ?[Hh]older|[Cc]ard ?[Hh]older|[Bb]eneficiary|[Gg]uardian|[Pp]ayee|[Pp]urchaser|[Ss]ender|[Bb]uyer|[Pp]atient|[Ee]mployee|[Tt]enant|[Pp]assenger|[Ii]nsured)[ ]*:|(?-u:\b)(?:[Nn]ama [Ss]aya(?: [Aa]dalah)?|[Ss]aya [Bb]ernama|[Jj]e m['’]appelle|[Mm]e llamo|[Mm]i nombre es|[Mm]eu nome é|[Mm]ein Name ist|[Ii]ch heiße|[Mm]i chiamo)[ ]+|(?-u:\b)[Nn]ama(?: [Ll]engkap| [Pp]enerima)?[ ]*:)";

/// Labels of one part of a name (`Last name:`, `Surname:`, `姓:`, and `名:` after a space,
/// not inside a longer label: `品名:`), after which one capitalised word is a name, whatever
/// lists hold it (`Surname: Eze`, `姓: Eze 名: Ngozi`).
const NAME_PART_LABEL: &str = r"(?:(?-u:\b)(?:(?:[Ll]ast|[Ff]amily|[Ff]irst|[Gg]iven|[Mm]iddle|[Mm]aiden) ?[Nn]ame|[Ss]urname|[Ff]orename|LAST NAME|FIRST NAME|SURNAME)|(?:旧)?姓|(?:^|[ \t,、/|])名)[ ]*:[ ]*";

/// One word after a label of a name's part (`Surname: Eze`, `LAST NAME: EZE`).
const NAME_PART: &str = concat!("(?:", latin_word!(), "|", latin_caps!(), ")");

/// A mailbox's display name (RFC 5322: `From: Ngozi Eze <ngozi@example.com>`, also quoted),
/// after an e-mail header's name.
const MAILBOX_HEADER: &str = r"(?-u:\b)(?:From|To|Cc|Bcc|Reply-To|Sender)[ ]*:[ ]*\x22?";

/// Sign-offs that a name ends a message after (`Kind regards, Dragana Popescu`; French,
/// Spanish, Portuguese, Italian, German and Indonesian ones too: `Cordialement, Jean Martin`,
/// `Hormat saya, Budi Santoso`): a pair of
/// capitalised words after one (on its line or the next), at the end of a line, is the
/// writer's name, whatever lists hold it.
const SIGN_OFF: &str = r"(?-u:\b)(?:[Tt]hanks(?: a lot| again)?|[Tt]hank you(?: very much)?|[Mm]any thanks|(?:[Kk]ind |[Bb]est |[Ww]arm )?[Rr]egards|[Bb]est wishes|[Ss]incerely|[Yy]ours (?:truly|sincerely)|[Cc]heers|(?:[Bb]ien )?[Cc]ordialement|[Bb]ien à vous|[Aa]tentamente|[Ss]aludos(?: cordiales)?|[Uu]n saludo|[Aa]tenciosamente|[Cc]ordiali saluti|[Dd]istinti saluti|[Mm]it freundlichen Grüßen|(?:[Vv]iele|[Bb]este|[Ll]iebe|[Ff]reundliche) Grüße|[Hh]ormat saya|[Tt]erima kasih|[Ss]alam)[,!.]?[ \t]*(?:\r?\n[ \t]*)?";

/// Titles before a name (`Mr. `, `Mr.`, `Mr `).
/// German, French, Spanish, Italian and Indonesian ones too (`Herr Thomas Müller`, `an Herrn
/// Hans Müller`, `Mme Claire Dubois`, `M. Jean Dupont` (with its dot only), `Sra. Ana López`,
/// `Bapak Budi Santoso`, `Ibu Siti Rahayu`, `Pak Budi`).
const TITLE: &str = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Herrn|Frau|Mme|Mlle|Madame|Monsieur|Señor|Señora|Sra|Srta|Signor|Signora|Sig|Bapak|Bpk|Ibu|Pak|Bu)\.?|M\.)[ ]+";

/// Words that follow a title or `Dear`, or stand before an honorific, without being anyone's
/// name: greetings and roles (`Dear Customer`, `Dear Apple Support`, `Dear Hiring Manager`),
/// brands a Japanese shop sells (`Mr. Coffee`, `Dr. Pepper`, `Mr. Donut`, `Dr. Martens`), and
/// field values (`My name is Not…`, `Name: Unknown`). A name holding one of them is skipped.
const NOT_A_NAME: &[&str] = &[
    // What a form's name field holds when it holds no name (`Attn: SAME AS ABOVE`).
    "Same",
    "As",
    "Above",
    "Below",
    "See",
    "None",
    "Pending",
    "Customer",
    "Customers",
    "Sir",
    "Sirs",
    "Madam",
    "Team",
    "Support",
    "All",
    "Valued",
    "Friend",
    "Friends",
    "Shop",
    "Store",
    "Staff",
    "Member",
    "Members",
    "Seller",
    "Sellers",
    "Manager",
    "Owner",
    "Owners",
    "Hiring",
    "Service",
    "Services",
    "Department",
    "Desk",
    "Center",
    "Centre",
    "Office",
    "Excel",
    "Word",
    "Edge",
    "Teams",
    "Coffee",
    "Cafe",
    "Café",
    "Pepper",
    "Donut",
    "Children",
    "Max",
    "Martens",
    "Scholl",
    "Stone",
    "Slump",
    "Bean",
    "President",
    "Internet",
    "Brain",
    "Clean",
    "Muscle",
    "Not",
    "The",
    "This",
    "That",
    "Unknown",
    "Guest",
    "Administrator",
    "Admin",
    "None",
    "Null",
    "Test",
    "User",
    "Hello",
    "Good",
    "Morning",
    "Kitty",
    "Sushi",
];

/// Whether `value` of the query parameter `param` can be a person's data. The parameters named
/// after a person's name, address or birth date are also switches and sort keys in some sites
/// (`?zip=1` downloads a zip, `?name=asc`, `?birthday=false`): flags are not personal data, and
/// a postal code or a birth date holds digits.
/// Whether a URL with a `code=` is an OAuth 2.0 authorization response: it also carries the
/// request's `state`, or its path names OAuth or a callback (RFC 6749 §4.1.2).
fn oauth_callback(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    ["state=", "oauth", "callback", "/cb?", "redirect"]
        .iter()
        .any(|w| l.contains(w))
}

fn personal_value(param: &str, value: &str) -> bool {
    let p = param.to_ascii_lowercase();
    let personal = matches!(
        p.as_str(),
        "full_name"
            | "fullname"
            | "first_name"
            | "firstname"
            | "last_name"
            | "lastname"
            | "fname"
            | "lname"
            | "name"
            | "name1"
            | "name2"
            | "sei"
            | "mei"
            // Words that also name a switch (`?member=1`, `account=new`, `login=true`).
            | "member"
            | "account"
            | "login"
            | "nickname"
            | "address"
            | "addr"
            | "zipcode"
            | "zip"
            | "postcode"
            | "postal_code"
            | "birthday"
            | "birthdate"
            | "dob"
            | "kana"
            | "namae"
            | "birth"
            | "postal"
            | "street"
            // A switch as often as a contact (`?tel=1`, `mail=on`).
            | "tel"
            | "phone"
            | "mail"
            | "email"
            | "e-mail"
    );
    if !personal {
        return true;
    }
    let v = value.to_ascii_lowercase();
    const FLAGS: [&str; 16] = [
        "true",
        "false",
        "0",
        "1",
        "yes",
        "no",
        "on",
        "off",
        "null",
        "none",
        "undefined",
        "required",
        "optional",
        "asc",
        "desc",
        "sort",
    ];
    if FLAGS.contains(&v.as_str()) {
        return false;
    }
    match p.as_str() {
        "zipcode" | "zip" | "postcode" | "postal_code" | "postal" | "birthday" | "birthdate"
        | "birth" | "dob" => v.bytes().any(|b| b.is_ascii_digit()),
        _ => true,
    }
}

/// Whether a word of `name` is one of [`NOT_A_NAME`], in any case (`SAME AS ABOVE`).
fn holds_not_a_name(name: &str) -> bool {
    name.split(' ')
        .any(|w| NOT_A_NAME.iter().any(|n| n.eq_ignore_ascii_case(w)))
}

/// Whether a name's word goes on past `i` (`after`: its end; else its start): into an ASCII
/// word or number (`John2`, `x_Smith`), or into a letter of a script written with spaces
/// (`Petrović`, `ÉMILE`), which a match cut short would leave behind. Japanese text glued to
/// a name is no part of it (`Dragana Petrovićです`).
fn name_glued(t: &str, i: usize, after: bool) -> bool {
    let c = if after {
        char_after(t, i)
    } else {
        char_before(t, i)
    };
    c.is_some_and(|c| {
        c.is_ascii_alphanumeric() || c == '_' || (c.is_alphabetic() && (c as u32) < 0x2E80)
    }) || (after && glued_after(t, i))
}

/// Whether the match starting at `start` is the end of a longer label (`Product Name:`,
/// `File Name:`): a word and a space stand right before it.
fn compound_label(t: &str, start: usize) -> bool {
    let before = &t[..start];
    before.ends_with(' ')
        && before
            .trim_end_matches(' ')
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && t[start..].starts_with(['N', 'n'])
}

pub(crate) struct Patterns {
    ipv4: Regex,
    ipv6: Regex,
    ids: Regex,
    url_param: Regex,
    json_param: Regex,
    insurance_symbol: Regex,
    /// Names in Latin letters after a title or before a Japanese honorific (`Mr. Yamada`,
    /// `Yamada-sama`, `Kimura san`), after `Dear` and `my name is`.
    latin_names: Regex,
    /// Capitalised words before a Japanese honorific (`Mohammed Al-Farsi様`).
    before_honorific: Regex,
}

impl Patterns {
    /// The process's one compiled set (see [`Detector`](super::Detector)'s field).
    pub(crate) fn shared() -> &'static Patterns {
        static SHARED: std::sync::LazyLock<Patterns> = std::sync::LazyLock::new(Patterns::new);
        &SHARED
    }

    pub(crate) fn new() -> Patterns {
        let re = |p: &str| Regex::new(p).expect("built-in detector pattern compiles");
        Patterns {
            ipv4: re(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3,}"),
            ipv6: re(r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,8}(?:(?:\.[0-9]{1,3}){3})?"),
            ids: re(r"[A-Z]{2}[0-9]{7,8}(?:[A-Z]{2})?"),
            url_param: re(&url_param_pattern()),
            json_param: re(&json_param_pattern()),
            insurance_symbol: re(
                // A particle may stand after 記号 and 番号 (`記号は1234、番号は5678`); a symbol
                // may start with one or two kana before its digits, as some insurers' do
                // (`記号：あ12`), not prose (`記号と番号は…`, `記号の右側にある番号は…`).
                r"記号[ :]*(?:は|が)?[ :]*(\p{Hiragana}{1,2}[0-9][0-9A-Za-z\-]{0,10}|[0-9A-Za-z\-\p{Han}\p{Katakana}]{1,12})[ ,、・/]*番号[ :]*(?:は|が)?[ :]*([0-9]{1,10})|記号[・/]?番号[ :]*(?:は|が)?[ :]*([0-9A-Za-z\-]{1,12}?)[ ]*[・/\-][ ]*([0-9]{1,10})",
            ),
            before_honorific: re(&format!(r"({LATIN_NAME})[ ]?(?:様|さま|さん|殿)")),
            latin_names: re(&format!(
                r"(?:(?-u:\b)(?:(?:Dear|[Mm]y name is|[Nn]ame:)[ ]*)?{TITLE}({LATIN_NAME})|({LATIN_NAME})[- ](?:sama|san|sensei|dono|kun|chan)(?-u:\b)|(?-u:\b)(?:Dear|[Mm]y name is|[Nn]ame:)[ ]*({LATIN_NAME})|{NAME_LABEL}[ ]*({LABELLED_NAME})|{SIGN_OFF}({LABELLED_NAME})[.!]?[ ]*(?:\r?\n|$)|{NAME_PART_LABEL}({NAME_PART})|{MAILBOX_HEADER}({LABELLED_NAME})\x22?[ ]*<)"
            )),
        }
    }

    /// Names in Latin letters where an English or romanised Japanese context marks them: after
    /// a title (`Mr. Taro Yamada`), before an honorific (`Yamada-sama`, `Kimura san`), after
    /// `Dear` and `my name is`. Only the name is reported; the title or honorific stays.
    pub(crate) fn find_latin_names(&self, t: &str, out: &mut Vec<Match>) {
        // Before a Japanese honorific, a pair whose first word is a given name of the lists is
        // a name, whatever its surname (`Mohammed Al-Farsi様宛`, `Olena Kovalenko様`): a
        // company addressed so (`Apple Japan様`) starts with no given name.
        if !t.is_ascii() {
            for caps in self.before_honorific.captures_iter(t) {
                let Some(name) = caps.get(1) else { continue };
                let (first, _) = name.as_str().split_once(' ').unwrap_or((name.as_str(), ""));
                if name.as_str().contains(' ')
                    && !name_glued(t, name.start(), false)
                    && super::western::is_given_name(first)
                    && !holds_not_a_name(name.as_str())
                {
                    out.push(Match {
                        kind: Kind::Name,
                        start: name.start(),
                        end: name.end(),
                    });
                }
            }
        }
        // Most texts hold none: the lazy DFA says so at a fraction of what the capturing
        // search costs (its word boundaries are ASCII ones, which the DFA handles in text of
        // any script; Unicode ones made every Japanese text take the backtracker: 6.7 % of
        // `scrub`'s instructions on the sample inquiries).
        if !self.latin_names.is_match(t) {
            return;
        }
        for caps in self.latin_names.captures_iter(t) {
            let Some(name) = (1..=7).find_map(|i| caps.get(i)) else {
                continue;
            };
            // A name before an honorific is glued to it by design (`Yamada-sama`).
            let before_honorific = caps.get(2).is_some();
            let start = caps.get(0).map_or(name.start(), |m| m.start());
            if holds_not_a_name(name.as_str())
                || (before_honorific && name_glued(t, name.start(), false))
                || (!before_honorific && name_glued(t, name.end(), true))
                || compound_label(t, start)
                || Self::list_marker_m(t, name.start(), name.as_str())
            {
                continue;
            }
            out.push(Match {
                kind: Kind::Name,
                start: name.start(),
                end: name.end(),
            });
        }
    }

    /// Whether the title before the name at `name_start` is French `M.` where it is as often a
    /// list's marker or an initial (`M. Delete any section …`): one word after it counts only in a
    /// sentence, after a lower-case word (`je suis M. Dupont`); two or more words count anywhere
    /// (`M. Jean Dupont`).
    fn list_marker_m(t: &str, name_start: usize, name: &str) -> bool {
        let before = t[..name_start].trim_end_matches(' ');
        let Some(head) = before.strip_suffix("M.") else {
            return false;
        };
        if head.ends_with(|c: char| c.is_alphanumeric()) {
            return false;
        }
        let in_sentence = head
            .trim_end_matches(' ')
            .ends_with(|c: char| c.is_lowercase());
        !name.contains(' ') && !in_sentence
    }

    /// Dotted quads with every part ≤ 255, not glued to a word (`v1.2.3.4`, `Chrome/120.0.0.0`),
    /// and not after a version word (`バージョン 3.2.1.0`, `ver 1.0.0.1`). A longer dotted run of
    /// octets (up to 8 parts: `192.168.0.1.5`, a reverse-DNS `1.0.168.192`-style prefix) holds an
    /// address in any four consecutive parts, and is reported whole.
    pub(crate) fn find_ipv4(&self, t: &str, out: &mut Vec<Match>) {
        for m in self.ipv4.find_iter(t) {
            let s = m.as_str();
            if !is_octet_run(s) || french_phone_shape(s) {
                continue;
            }
            let left_ok = match char_before(t, m.start()) {
                None => true,
                Some(c) if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') => false,
                // After `Product/` it is a version (`Chrome/120.0.0.0`); after a path's
                // segment (`/api/geo/203.0.113.9`) an address.
                Some('/') => {
                    !char_before(t, m.start() - 1).is_some_and(|c| c.is_ascii_alphanumeric())
                        || in_path_segment(t.as_bytes(), m.start() - 1)
                }
                Some(_) => true,
            };
            let right_ok =
                !char_after(t, m.end()).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if left_ok && right_ok && !after_version_word(t, m.start()) {
                out.push(Match {
                    kind: Kind::Ip,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }

    /// An IPv4 address written into a host name's first label, as reverse DNS names a line
    /// (Apache's `HostnameLookups On` logs the name, not the address): four octets joined by
    /// hyphens after letters or not (`ec2-203-0-113-5.ap-northeast-1.compute.amazonaws.com`,
    /// `i121-115-20-100.s41.a013.ap.plala.or.jp`, `203-0-113-5.rev.example.jp`), or twelve
    /// digits, three to an octet, after letters (`softbank126123045067.bbtec.net`,
    /// `KD111239123045.au-net.ne.jp`). Only the label is matched: the provider's domain after
    /// it stays. The name must go on with a domain of two labels or more in lower case, the
    /// last one letters (`.bbtec.net`; not a sentence's `1-2-3-4.Done`).
    pub(crate) fn find_ip_hostnames(t: &str, out: &mut Vec<Match>) {
        let b = t.as_bytes();
        let label_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'-';
        // From each dot between a digit and a lower-case letter (an octet's end and the
        // domain's start: few dots in a log line are, its IP's and versions' are between
        // digits), back to its label's start.
        for dot in memchr::memchr_iter(b'.', b) {
            if dot == 0
                || !b[dot - 1].is_ascii_digit()
                || !b.get(dot + 1).is_some_and(u8::is_ascii_lowercase)
            {
                continue;
            }
            let mut start = dot;
            while start > 0 && dot - start < 64 && label_byte(b[start - 1]) {
                start -= 1;
            }
            // A label that starts a name: not after a dot, an `@`, `_` or `%`.
            let first = start == 0 || !matches!(b[start - 1], b'.' | b'@' | b'_' | b'%');
            if first
                && (7..=63).contains(&(dot - start))
                && domain_after(&b[dot..])
                && ip_label(&t[start..dot])
            {
                out.push(Match {
                    kind: Kind::Ip,
                    start,
                    end: dot,
                });
            }
        }
    }

    /// IPv6 in full or `::` form (validated by the standard library's parser), with at least two
    /// non-empty groups; times (`13:55:36`) and MAC addresses do not parse.
    pub(crate) fn find_ipv6(&self, t: &str, out: &mut Vec<Match>) {
        for m in self.ipv6.find_iter(t) {
            let mut start = m.start();
            let mut s = m.as_str();
            // A label's colon before the address (`IPアドレス：2001:db8::1`, `ip:2001:db8::1`;
            // NFKC makes `：` a `:`): the match starts at it, the address after it.
            let after_label = s.starts_with(':')
                && !s.starts_with("::")
                && !char_before(t, start).is_some_and(|c| c.is_ascii_hexdigit());
            if after_label {
                start += 1;
                s = &s[1..];
            }
            if s.ends_with(':') && !s.ends_with("::") {
                s = &s[..s.len() - 1];
            }
            // A port after an address without brackets (Apache's `[client 2001:db8::5:54321]`,
            // an ALB's `2400:4050::17:54321`): a last group of five digits is none of the
            // address's, which ends before its colon. (A port of four digits or fewer reads as
            // the address's last group: which it is cannot be told.)
            if let Some(colon) = s.rfind(':')
                && s[colon + 1..].len() == 4
                && s[colon + 1..].bytes().all(|b| b.is_ascii_digit())
                && char_after(t, start + s.len()).is_some_and(|c| c.is_ascii_digit())
                && !char_after(t, start + s.len() + 1).is_some_and(|c| c.is_ascii_alphanumeric())
                && (s[..colon].contains("::") || s[..colon].matches(':').count() == 7)
            {
                s = &s[..colon];
            }
            let end = start + s.len();
            let groups = s.split(':').filter(|g| !g.is_empty()).count();
            // Full form: eight groups, or six and an IPv4 address (RFC 4291 2.2:
            // `0:0:0:0:0:FFFF:129.144.52.38`).
            let full = if s.contains('.') { 6 } else { 7 };
            if groups < 2 || !(s.contains("::") || s.matches(':').count() == full) {
                continue;
            }
            if s.parse::<Ipv6Addr>().is_err() {
                continue;
            }
            let left_bad = !after_label
                && char_before(t, start)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.'));
            let right_bad =
                char_after(t, end).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if !left_bad && !right_bad {
                out.push(Match {
                    kind: Kind::Ip,
                    start,
                    end,
                });
            }
        }
    }

    /// Japanese passports (2 letters + 7 digits) and residence cards (2 letters + 8 digits + 2
    /// letters), as whole ASCII words.
    pub(crate) fn find_ids(&self, t: &str, out: &mut Vec<Match>) {
        for m in self.ids.find_iter(t) {
            let Some(kind) = id_kind(m.as_str()) else {
                continue;
            };
            // Not after a shop's reference label (`品番 KX1234567`, `Order ID: AB1234567`): a
            // product or order code of a passport's shape.
            if glued_before(t, m.start())
                || glued_after(t, m.end())
                || super::numbers::labelled_reference(t, m.start())
            {
                continue;
            }
            out.push(Match {
                kind,
                start: m.start(),
                end: m.end(),
            });
        }
    }

    /// The kind of a value that is exactly a passport or residence card number.
    pub(crate) fn whole_id(&self, t: &str) -> Option<Kind> {
        let m = self.ids.find(t)?;
        if m.start() == 0 && m.end() == t.len() {
            id_kind(m.as_str())
        } else {
            None
        }
    }

    /// The values of identifying query parameters (`?email=…&` → the part after `=`).
    pub(crate) fn find_url_params(&self, t: &str, out: &mut Vec<Match>) {
        for caps in self.url_param.captures_iter(t) {
            if let (Some(p), Some(v)) = (caps.get(1), caps.get(2)) {
                if !personal_value(p.as_str(), v.as_str())
                    || p.as_str().eq_ignore_ascii_case("code") && !oauth_callback(t)
                {
                    continue;
                }
                out.push(Match {
                    kind: Kind::UrlParam,
                    start: v.start(),
                    end: v.end(),
                });
            }
        }
    }

    /// The values of identifying JSON members (`"email":"…"` → the string's text).
    pub(crate) fn find_json_params(&self, t: &str, out: &mut Vec<Match>) {
        for caps in self.json_param.captures_iter(t) {
            if let (Some(p), Some(v)) = (caps.get(1), caps.get(2).or(caps.get(3))) {
                // `"key"` names a keyboard's key or a map's as often as a secret; a value
                // another detector has already named keeps its kind (`"email":"<EMAIL>"`).
                let named = out.iter().any(|m| m.start < v.end() && v.start() < m.end);
                // `"code"`: an error's, a product's, a country's as often as OAuth's.
                // A placeholder is what scrubbing left (`"name":"<NAME>"`, read again by the
                // delivery check).
                if p.as_str().eq_ignore_ascii_case("key")
                    || p.as_str().eq_ignore_ascii_case("code")
                    || named
                    || super::Kind::ALL
                        .iter()
                        .any(|k| k.placeholder() == v.as_str())
                    || !personal_value(p.as_str(), v.as_str())
                {
                    continue;
                }
                out.push(Match {
                    kind: Kind::UrlParam,
                    start: v.start(),
                    end: v.end(),
                });
            }
        }
    }

    /// `記号 1234 番号 56` of a health insurance card (also `記号・番号 1100234・56`,
    /// `記号番号:234-56789`), when 保険, 国保 or 共済 stands within 30 characters before: the
    /// span from the symbol to the number, and to the branch number after it (`枝番 01`).
    /// (The caller calls this only on text holding [`INSURANCE_CUES`].)
    pub(crate) fn find_insurance_symbols(&self, t: &str, out: &mut Vec<Match>) {
        for caps in self.insurance_symbol.captures_iter(t) {
            let (Some(all), Some(symbol), Some(number)) = (
                caps.get(0),
                caps.get(1).or(caps.get(3)),
                caps.get(2).or(caps.get(4)),
            ) else {
                continue;
            };
            let ws = back_chars(t, all.start(), 30);
            // 保険 (健康保険証, 被保険者証), and the cards that do not say it: 国保 (National
            // Health Insurance), 共済 (mutual aid associations' members' cards).
            if ["保険", "国保", "共済"]
                .iter()
                .any(|w| t[ws..all.start()].contains(w))
            {
                // The branch number after them (枝番, two digits since 2021), which names the
                // family member: part of the identifier code.
                static BRANCH: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
                    built_in(r"\A[ ,、・/(]*枝番[ :]*([0-9]{2})(?:[^0-9]|\z)")
                });
                let end = BRANCH
                    .captures(&t[number.end()..])
                    .and_then(|c| c.get(1))
                    .map_or(number.end(), |b| number.end() + b.end());
                out.push(Match {
                    kind: Kind::Insurance,
                    start: symbol.start(),
                    end,
                });
            }
        }
    }
}

/// Whether the word that ends before the `/` at `slash` is a URL path's segment: lower-case
/// letters, digits, `-` and `_` after another `/` (`/api/geo/`), where a product's token before
/// its version starts after a space or a bracket (`Chrome/`) or is spelt otherwise
/// (`Browser/UP.Browser/7.0.2.1`).
fn in_path_segment(b: &[u8], slash: usize) -> bool {
    let word = b[..slash]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-'))
        .count();
    word > 0 && slash > word && b[slash - word - 1] == b'/'
}

/// `バージョン 3.2.1.0`, `ver. 1.2.3.4`, `build 10.0.1.2`, `ファームウェア 1.2.3.4`, `firmware
/// 2.0.1.5`: a version number, not an address; so is a section's or a product's number after
/// its label (`セクション 1.2.10.3`, `商品番号 1.2.3.4`).
/// (ー is folded to `-` in the text matched on.)
fn after_version_word(t: &str, start: usize) -> bool {
    let w = t[back_chars(t, start, 12)..start].to_ascii_lowercase();
    w.contains("バ-ジョン")
        || w.contains("ファ-ムウェア")
        || w.contains("ファ-ム")
        // A document's section (`セクション 1.2.10.3`) or a product's number after its label
        // (`商品番号 1.2.3.4`, `品番 1.2.3.4`).
        || w.contains("セクション")
        // (The labels are Japanese: a log's addresses after ASCII skip the search.)
        || (t[..start]
            .trim_end_matches([' ', ':', '#'])
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_ascii())
            && super::numbers::labelled_reference(t, start))
        || w.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| {
            matches!(
                word,
                "v" | "ver" | "version" | "build" | "firmware" | "fw" | "rev" | "revision"
            )
        })
}

fn id_kind(s: &str) -> Option<Kind> {
    // The regex fixes the shape; the length tells the two apart (2+7 or 2+8+2).
    match s.len() {
        9 => Some(Kind::Passport),
        12 => Some(Kind::ResidenceCard),
        _ => None,
    }
}

/// The number of dotted parts of `s` when every part is a decimal octet (`None` otherwise).
fn octets(s: &str) -> Option<usize> {
    let mut parts = 0;
    for p in s.split('.') {
        parts += 1;
        let ok = (1..=3).contains(&p.len())
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok_and(|v| v <= 255);
        if !ok {
            return None;
        }
    }
    Some(parts)
}

fn is_ipv4(s: &str) -> bool {
    octets(s) == Some(4)
}

/// 4 to 8 dotted parts, each a decimal octet.
/// France's ten digits in dotted pairs, led by the trunk prefix (`01.23.45.67.89`): a phone
/// (the number detector judges it), never an address with a part of `0` and a digit.
fn french_phone_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 14
        && b[0] == b'0'
        && b.iter().enumerate().all(|(i, c)| {
            if i % 3 == 2 {
                *c == b'.'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_octet_run(s: &str) -> bool {
    octets(s).is_some_and(|n| (4..=8).contains(&n))
}

/// Whether a whole value is an IPv4 or IPv6 address.
pub(crate) fn is_ip(t: &str) -> bool {
    is_ipv4(t) || (t.contains(':') && t.parse::<Ipv6Addr>().is_ok())
}

/// Local-part bytes: RFC 5322's atext without the ones that also delimit URLs and prose
/// (`&`, `=`, `?`, `/`, `'`, `{`, `|`, `}`, `%`): `mailhost!username@…` is one address,
/// `email=taro@…` and `'taro@…'` keep their delimiters.
fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'.' | b'_' | b'+' | b'-' | b'!' | b'#' | b'$' | b'*' | b'^' | b'~'
        )
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// The length of an internationalised domain at the start of `t`: labels of letters and digits
/// of any script and inner hyphens, ending with an ASCII top-level domain, which the text after
/// it may follow without a space (`taro@例え.jpまで`: the domain ends at `jp`). 0 when there is
/// none, or no label holds a letter outside ASCII (the ASCII scan has judged those).
fn unicode_domain_len(t: &str) -> usize {
    let mut end = 0;
    for (i, c) in t.char_indices() {
        if c.is_alphanumeric() || c == '.' || c == '-' {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    let d = &t[..end];
    let Some(dot) = d.rfind('.') else { return 0 };
    // The top-level domain: its leading ASCII letters (and digits and hyphens for punycode).
    let tld = &d[dot + 1..];
    let ascii = tld
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    let tld_len = if ascii >= 2 { ascii } else { idn_tld_len(tld) };
    let end = dot + 1 + tld_len;
    let d = &t[..end];
    let labels_ok = d
        .split('.')
        .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'));
    if labels_ok && !d.is_ascii() && tld_len >= 2 {
        end
    } else {
        0
    }
}

/// Top-level domains spelt in a script other than Latin (IANA's root zone: the generic ones in
/// Japanese and Chinese, the country codes of Chinese- and Korean-speaking places, Russian and
/// Ukrainian ones; テスト is the test domain IANA reserves, RFC 2606's `.test` in Japanese).
/// Matched in the normalised text, where ー is folded to `-`: セール and グーグル are spelt so.
const IDN_TLDS: &[&str] = &[
    "テスト",
    "コム",
    "みんな",
    "セ-ル",
    "ファッション",
    "ストア",
    "ポイント",
    "クラウド",
    "グ-グル",
    "世界",
    "中国",
    "中國",
    "公司",
    "网络",
    "網絡",
    "在线",
    "中文网",
    "商城",
    "商店",
    "企业",
    "游戏",
    "娱乐",
    "手机",
    "网店",
    "网址",
    "购物",
    "集团",
    "信息",
    "移动",
    "广东",
    "台灣",
    "台湾",
    "香港",
    "澳門",
    "澳门",
    "新加坡",
    "한국",
    "닷컴",
    "닷넷",
    "삼성",
    "рф",
    "рус",
    "онлайн",
    "сайт",
    "дети",
    "москва",
    "орг",
    "ком",
    "укр",
    "бел",
    "срб",
    "мкд",
    "қаз",
    "мон",
];

/// The length of the top-level domain at the start of `label` (the text after the domain's
/// last dot, which starts outside ASCII and may run on into prose: Japanese glues the next
/// words on without a space). A known one, the longest that prefixes it (`テストまで` →
/// `テスト`); else the leading run of katakana, Hangul or Cyrillic letters (`ベストまで` →
/// `ベスト`) if it is 2–20 letters. 0 when there is none.
fn idn_tld_len(label: &str) -> usize {
    if let Some(tld) = IDN_TLDS
        .iter()
        .filter(|tld| label.starts_with(**tld))
        .max_by_key(|tld| tld.len())
    {
        return tld.len();
    }
    let Some(first) = label.chars().next().filter(|c| c.is_alphabetic()) else {
        return 0;
    };
    let script = script_of(first);
    // Han and hiragana only from the list: a unit price or a note glued after `@`
    // (単価@980円.税別, 在庫@倉庫.確認中) is no address.
    if !matches!(script, 2 | 4 | 5 | 6 | 7 | 8 | 9) {
        return 0;
    }
    let (mut len, mut letters) = (0, 0);
    for c in label.chars() {
        if !c.is_alphabetic() || script_of(c) != script {
            break;
        }
        len += c.len_utf8();
        letters += 1;
    }
    if (2..=20).contains(&letters) { len } else { 0 }
}

/// A rough script of a letter, enough to tell where a top-level domain's run ends: Japanese
/// kana (the prolonged sound mark with katakana), Han, Hangul, Cyrillic, Greek, Devanagari,
/// Arabic, Thai, other.
fn script_of(c: char) -> u8 {
    match c {
        '\u{3040}'..='\u{309F}' => 1,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => 2,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => 3,
        '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => 4,
        '\u{0400}'..='\u{04FF}' => 5,
        // Greek (`.ελ`), Devanagari (`.भारत`), Arabic (`.مصر`), Thai (`.ไทย`): country codes
        // of IANA's root zone.
        '\u{0370}'..='\u{03FF}' => 6,
        '\u{0900}'..='\u{097F}' => 7,
        '\u{0600}'..='\u{06FF}' => 8,
        '\u{0E00}'..='\u{0E7F}' => 9,
        _ => 0,
    }
}

/// At least two labels of letters, digits and inner hyphens; the last all letters, ≥ 2 long.
fn valid_domain(d: &str) -> bool {
    if !d.is_ascii() {
        return unicode_domain_len(d) == d.len();
    }
    let mut labels = 0;
    let mut last = "";
    for label in d.split('.') {
        if label.is_empty() || label.len() > 63 || label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        labels += 1;
        last = label;
    }
    // An internationalised top-level domain is spelt in punycode: `xn--p1ai` (.рф).
    let idn_tld = last.len() > 4
        && last[..4].eq_ignore_ascii_case("xn--")
        && last.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    labels >= 2 && last.len() >= 2 && (last.bytes().all(|b| b.is_ascii_alphabetic()) || idn_tld)
}

/// Where a quoted local part (`"john doe"@example.com`, RFC 5322) that ends just before `at`
/// starts: the opening quote, within 64 bytes, with no line break or unescaped quote between.
fn quoted_local_start(b: &[u8], at: usize, floor: usize) -> Option<usize> {
    if at < floor + 2 || b[at - 1] != b'"' {
        return None;
    }
    let lo = at.saturating_sub(66).max(floor);
    let mut j = at - 1;
    while j > lo {
        j -= 1;
        match b[j] {
            b'\n' | b'\r' => return None,
            b'"' if j == 0 || b[j - 1] != b'\\' => return (j + 2 < at).then_some(j),
            _ => {}
        }
    }
    None
}

/// Where a local part of letters outside ASCII that ends at `at` (the `@`) starts: letters and
/// digits of any script (and `.`, `_`, `-`, `+` between them), back to a space or another mark,
/// at most 16 characters; `at` itself when there is none.
fn unicode_local_start(t: &str, at: usize, floor: usize) -> usize {
    let mut s = at;
    for (n, (j, c)) in t[floor..at].char_indices().rev().enumerate() {
        let inner = c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
        if !inner || n == 16 {
            break;
        }
        s = floor + j;
    }
    // It must hold a letter outside ASCII (an ASCII local part was judged already) and start
    // with a letter or digit.
    while s < at && !t[s..].starts_with(|c: char| c.is_alphanumeric()) {
        s += t[s..].chars().next().map_or(1, char::len_utf8);
    }
    if t[s..at].is_ascii() { at } else { s }
}

/// A detector's own pattern, which compiles (each is exercised by the tests).
/// A built-in detector's pattern, compiled (each detector's tests run its patterns).
pub(crate) fn built_in(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in detector pattern compiles")
}

/// Japanese passport numbers after their label, as people type them: in lower case or with a
/// space (`パスポート tr2685306`, `旅券番号 MZ 8904058`), which the bare pattern (two capitals
/// and seven digits, `find_ids`) leaves, since without the label such a string is a code.
/// The words before a labelled passport number: the caller searches for them
/// (`detect::Cues`) and calls [`find_labelled_passports`] only on text that holds one.
pub(crate) const PASSPORT_CUES: [&str; 7] = [
    "パスポ",
    "旅券",
    "護照",
    "护照",
    "여권",
    "assport",
    "ASSPORT",
];

/// Whether ASCII text holds the English label (the cue search runs on other text only).
pub(crate) fn ascii_passport_cued(t: &str) -> bool {
    use std::sync::LazyLock;
    static FINDERS: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        [
            memchr::memmem::Finder::new("assport"),
            memchr::memmem::Finder::new("ASSPORT"),
        ]
    });
    FINDERS.iter().any(|f| f.find(t.as_bytes()).is_some())
}

/// Any country's passport number after its label (`Passport No. 123456789`, `パスポート番号：
/// E12345678`, `护照号码 G12345678`, `여권번호 M12345678`): ICAO 9303's document number is at
/// most nine letters and digits, and countries use six to nine (the US nine digits, China and
/// Korea a letter and eight, France `09AA12345`, Germany `C01X00T47`). At least five of them
/// digits, so a word after the label (`passport photo`, `Passport expired`) is none; not glued
/// to a following letter or digit. Japanese passports are found without a label as well
/// ([`Patterns::find_ids`]).
pub(crate) fn find_any_labelled_passports(t: &str, out: &mut Vec<Match>) {
    use std::sync::LazyLock;
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(concat!(
            r"(?:パスポ-ト(?:番号|No\.?)?|旅券(?:番号)?|護照(?:號碼)?|护照(?:号码?)?|여권[ ]?(?:번호)?",
            r"|(?i:passport)(?:[ ]?(?:(?i:no)\.?|(?i:number)|#))?)",
            r"[ \t]*(?:[:=#]|は|(?i:is)[ ])?[ \t]*([A-Za-z0-9]{6,9})",
        ))
    });
    for c in LABELLED.captures_iter(t) {
        let (Some(label), Some(g)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let english = t[label.start()..].starts_with(['p', 'P']);
        let digits = g.as_str().bytes().filter(u8::is_ascii_digit).count();
        if digits < 5
            || glued_after(t, g.end())
            || (english
                && char_before(t, label.start()).is_some_and(|ch| ch.is_ascii_alphanumeric()))
        {
            continue;
        }
        push_passport(out, g.start(), g.end());
    }
}

/// A passport number's match, unless a search before found the same.
fn push_passport(out: &mut Vec<Match>, start: usize, end: usize) {
    let m = Match {
        kind: Kind::Passport,
        start,
        end,
    };
    if !out.contains(&m) {
        out.push(m);
    }
}

/// The word before a health insurance card's 記号 and 番号 (see [`PASSPORT_CUES`]).
pub(crate) const INSURANCE_CUES: [&str; 1] = ["記号"];

/// Whether `t` holds the start of a residence card's label (在留カード, 在留番号) or a special
/// permanent resident certificate's (特別永住者証明書): the test before
/// [`find_labelled_residence_cards`], which the caller makes only on text with eight digits and
/// a letter. Not words of the shared cue search: Teddy keys a word by its first character, and
/// 在 (在庫) and 特 (特に) are everywhere.
pub(crate) fn residence_cued(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memmem::find(b, "在留".as_bytes()).is_some()
        || memchr::memmem::find(b, "永住者".as_bytes()).is_some()
}

/// A residence card's or a special permanent resident certificate's number after its label, as
/// people type it: in lower case or in groups (`在留カード AB 1234 5678 CD`, `在留カード番号：
/// ab12345678cd`, `特別永住者証明書番号 …`), which the bare pattern (two capitals, eight digits,
/// two capitals, `find_ids`) leaves. Both are identifier codes (APPI Enforcement Order art. 1).
/// The caller calls this only where [`residence_cued`].
pub(crate) fn find_labelled_residence_cards(t: &str, out: &mut Vec<Match>) {
    use std::sync::LazyLock;
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(concat!(
            r"(?:在留カ-ド|在留番号|特別永住者証明書)(?:番号|No\.?|NO\.?)?[ :：は=]*",
            r"([A-Za-z]{2}[ \-]?[0-9]{4}[ \-]?[0-9]{4}[ \-]?[A-Za-z]{2})",
        ))
    });
    for c in LABELLED.captures_iter(t) {
        let Some(g) = c.get(1) else { continue };
        if glued_after(t, g.end()) {
            continue;
        }
        let m = Match {
            kind: Kind::ResidenceCard,
            start: g.start(),
            end: g.end(),
        };
        if !out.contains(&m) {
            out.push(m);
        }
    }
}

pub(crate) fn find_labelled_passports(t: &str, out: &mut Vec<Match>) {
    use std::sync::LazyLock;
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(r"(?:パスポ-ト|旅券)(?:番号|No\.?|NO\.?)?[ :：は=]*([A-Za-z]{2}[ ]?[0-9]{7})")
    });
    let re = &*LABELLED;
    for c in re.captures_iter(t) {
        let Some(g) = c.get(1) else { continue };
        if glued_after(t, g.end()) {
            continue;
        }
        push_passport(out, g.start(), g.end());
    }
}

/// Top-level domains an address spelt out in words must end with (`taro [at] example [dot]
/// com`): the generic ones and the country codes shops' customers most use. An address written
/// with `@` and dots takes any top-level domain (see [`find_emails`]); one spelt out is taken
/// only with these, since `me at home.now` is a sentence.
const SPELT_TLDS: &[&str] = &[
    "com", "net", "org", "jp", "info", "biz", "edu", "gov", "io", "me", "co", "us", "uk", "de",
    "fr", "it", "es", "nl", "cn", "kr", "tw", "hk", "sg", "au", "nz", "ca", "in", "ru", "br",
    "mobi", "app", "dev", "xyz", "online", "shop", "site", "tokyo", "email", "cloud",
];

/// Addresses spelt so that a harvester misses them, which a reader still reads: spaces around
/// the `@` (`yuma.inoue @ icloud.com`), the `@` as a word in brackets or in Japanese (`[at]`,
/// `(at)`, `<at>`, `{at}`, `アットマーク`, `(アットマーク)`, `(アット)`, `[アット]`, `【アット】`,
/// `[@]`, `(@)`, and `★` as in `★を@に変えてください`), the dots as
/// words (`[dot]`, `(dot)`, `<dot>`, `{dot}`, ` dot `, also in the local part: `john dot smith`).
/// In Japanese too, as customers spell an address past a form's filter: `アット` between
/// spaces, `あっとまーく`, `(あっと)`, and the dots as `ドット` or `どっと`, bracketed or not
/// (`taro.yamada アットマーク gmail ドット com`, `taro ドット yamada アットマーク …`, `taro-yamada
/// アット docomo.ne.jp`, `taro.yamada(あっと)gmail.com`).
/// Text is normalised first, so `＠` and `（at）` are `@` and `(at)` here, and `ー` is `-`. Only
/// with a top-level domain of [`SPELT_TLDS`]. A bare ` at ` only with a dot spelt as a word in
/// the domain and no label of one letter (`taro at example dot com`, `hanako AT docomo DOT ne DOT
/// jp`; not `Available at Amazon.com`, `worked at a dot com`): a review found ` at ` before a
/// written domain in shop copy far more often than in addresses, and this detector runs in the
/// delivery check too. Not `☆` (`sale☆shop.example.jp`).
pub(crate) fn find_spelt_emails(t: &str, out: &mut Vec<Match>) {
    use std::sync::LazyLock;
    // The marks an address spelt out has (`at` in brackets in any case), one SIMD search.
    static GATE: LazyLock<Keywords> = LazyLock::new(|| {
        let mut marks = vec![
            " @".to_string(),
            "@ ".into(),
            "アットマ".into(),
            "アット".into(),
            "あっと".into(),
            "★".into(),
            "(アット)".into(),
            "[アット]".into(),
            "【アット】".into(),
            "[@]".into(),
            "(@)".into(),
        ];
        for (open, close) in [('[', ']'), ('(', ')'), ('<', '>'), ('{', '}')] {
            for at in ["at", "At", "aT", "AT"] {
                marks.push(format!("{open}{at}{close}"));
            }
        }
        let marks: Vec<&str> = marks.iter().map(String::as_str).collect();
        Keywords::new(&[&marks])
    });
    // A dot spelt as a word (`taro@example dot com`, `taro at example(dot)com`): three
    // substring searches, kept out of the gate's automaton, which more words slow for every text.
    static DOTS: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        LazyLock::new(|| ["dot", "Dot", "DOT"].map(|d| memchr::memmem::Finder::new(d.as_bytes())));
    static SPELT: LazyLock<Regex> = LazyLock::new(|| {
        built_in(
            r"(?i)([a-z0-9][a-z0-9._%+\-]*(?:[ ](?:dot|ドット|どっと)[ ][a-z0-9][a-z0-9._%+\-]*)*)(?:[ ]*(?:@|\[at\]|\(at\)|<at>|\{at\}|アットマ[ー\-]ク|\(アットマ[ー\-]ク\)|【アットマ[ー\-]ク】|\(アット\)|\[アット\]|【アット】|あっとま[ー\-]く|\(あっとま[ー\-]く\)|\(あっと\)|\[あっと\]|【あっと】|\[@\]|\(@\)|★)[ ]*|[ ](?:アット|あっと)[ ]|[ ](at)[ ])((?:[a-z0-9\-]+[ ]*(?:\.|\[dot\]|\(dot\)|<dot>|\{dot\}|[ ]dot[ ]|ドット|どっと|\(ドット\)|\[ドット\]|\(どっと\))[ ]*)+([a-z]{2,}))",
        )
    });
    if GATE.groups(t) == 0 && !DOTS.iter().any(|f| f.find(t.as_bytes()).is_some()) {
        return;
    }
    let re = &*SPELT;
    for c in re.captures_iter(t) {
        let (Some(whole), Some(local), Some(domain), Some(tld)) =
            (c.get(0), c.get(1), c.get(3), c.get(4))
        else {
            continue;
        };
        if c.get(2).is_some() && !spelt_domain(domain.as_str()) {
            continue;
        }
        let glued_before = char_before(t, local.start())
            .is_some_and(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-'));
        let glued_after = char_after(t, whole.end()).is_some_and(|ch| ch.is_ascii_alphanumeric());
        if glued_before
            || glued_after
            || !SPELT_TLDS.contains(&tld.as_str().to_ascii_lowercase().as_str())
        {
            continue;
        }
        out.push(Match {
            kind: Kind::Email,
            start: local.start(),
            end: whole.end(),
        });
    }
}

/// An address whose `@` a mark stands for, as the text says (`taro＊example.com（＊を@に）`,
/// `taro#example.com (#を@に変えて送ってください)`): the mark right before `を@に` or `を@へ`
/// (quotes and brackets around it aside), then each place where it joins a local part and a
/// domain with a dot and a top-level domain of letters. (`★` is [`find_spelt_emails`]'s.)
pub(crate) fn find_marked_emails(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    for at in memchr::memmem::find_iter(b, "を@".as_bytes()) {
        let rest = &t[at + "を@".len()..];
        if !(rest.starts_with('に') || rest.starts_with('へ') || rest.starts_with("マ")) {
            continue;
        }
        let before = t[..at].trim_end_matches(['」', '』', '"', '\'', '”', ' ']);
        let Some(mark) = before.chars().next_back() else {
            continue;
        };
        if mark.is_alphanumeric() || mark == '@' || mark.is_whitespace() {
            continue;
        }
        let local_byte =
            |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+');
        let domain_byte = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
        for (i, _) in t.match_indices(mark) {
            let l = b[..i].iter().rev().take_while(|&&c| local_byte(c)).count();
            let after = i + mark.len_utf8();
            let d = b[after..].iter().take_while(|&&c| domain_byte(c)).count();
            let domain = t[after..after + d].trim_end_matches(['.', '-']);
            let tld_ok = domain.rsplit_once('.').is_some_and(|(host, tld)| {
                !host.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
            });
            if l > 0 && tld_ok {
                out.push(Match {
                    kind: Kind::Email,
                    start: i - l,
                    end: after + domain.len(),
                });
            }
        }
    }
}

/// Whether the domain of an address with a bare ` at ` reads as one: a dot spelt as a word and
/// no label of a single letter (`example dot com`, `docomo DOT ne DOT jp`; not `a dot com`).
fn spelt_domain(domain: &str) -> bool {
    let mut spelt = false;
    for w in domain.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        if w.eq_ignore_ascii_case("dot") {
            spelt = true;
        } else if w.len() == 1 {
            return false;
        }
    }
    spelt
}

/// Emails: `local@domain`, also percent-encoded `local%40domain`. Local part and domain are
/// ASCII, so Japanese text glued on either side (連絡先はtaro@example.co.jpです) stays out.
/// Whether the escape `%` `hi` `lo` stands for a character an address's local part holds
/// in practice: a letter, a digit, or `+ - . _ ! # $ ' * ~ ^ { | }` and the backquote.
fn escapes_local_byte(hi: u8, lo: u8) -> bool {
    let hex = |c: u8| (c as char).to_digit(16);
    let (Some(h), Some(l)) = (hex(hi), hex(lo)) else {
        return false;
    };
    let c = (h * 16 + l) as u8;
    c.is_ascii_alphanumeric() || b"+-._!#$'*~^{|}`".contains(&c)
}

pub(crate) fn find_emails(t: &str, out: &mut Vec<Match>) {
    let b = t.as_bytes();
    let mut floor = 0;
    let mut i = 0;
    while i < b.len() {
        let at = match b[i] {
            b'@' => 1,
            b'%' if b[i + 1..].starts_with(b"40") => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        let mut s = i;
        if let Some(q) = quoted_local_start(b, i, floor) {
            s = q;
        } else {
            loop {
                while s > floor && is_local_byte(b[s - 1]) {
                    s -= 1;
                }
                // A percent-escape inside the local part (`taro%2Byamada%40example.jp`, a `+`
                // as a URL encodes it) is part of it: else the part before it is left.
                // (The scan stopped at its `%`: the two hex digits after it are local bytes.)
                // Only an escape of a character an address holds: one of a URL's delimiters
                // (`%2F`, `%3F`, `%26`, `%3D`, `%3A`), a space or a non-ASCII byte ends it, so a
                // redirect URL or a search before the address is not taken with it
                // (`next=https%3A%2F%2Fshop…%26email%3Dtaro%40…`).
                if s > floor && s + 2 <= i && b[s - 1] == b'%' {
                    if s >= floor + 2
                        && escapes_local_byte(b[s], b[s + 1])
                        && is_local_byte(b[s - 2])
                    {
                        s -= 1;
                        continue;
                    }
                    // The two hex digits of an escape that ends it are the escape's.
                    if b[s].is_ascii_hexdigit() && b[s + 1].is_ascii_hexdigit() {
                        s += 2;
                    }
                }
                // An apostrophe or ampersand between letters is part of the local part
                // (`mary.o'neil@`, `john&jane@`: RFC 5322 atext); next to anything else it
                // delimits (`'taro@…'`).
                if s >= floor + 2
                    && s < i
                    && matches!(b[s - 1], b'\'' | b'&')
                    && b[s - 2].is_ascii_alphanumeric()
                    && b[s].is_ascii_alphanumeric()
                {
                    s -= 1;
                    continue;
                }
                // A slash between letters (`taro/yamada@`, RFC 5322 atext, a name and a
                // surname), when the word before it starts after a space, a mark or the text's
                // start: in a URL's path (`/users/taro@…`, `https://x/a/b@…`) it delimits.
                if s >= floor + 2
                    && s < i
                    && b[s - 1] == b'/'
                    && b[s - 2].is_ascii_alphanumeric()
                    && b[s].is_ascii_alphanumeric()
                {
                    let w = b[floor..s - 1]
                        .iter()
                        .rev()
                        .take_while(|c| {
                            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-')
                        })
                        .count();
                    let ws = s - 1 - w;
                    let before = ws.checked_sub(1).map(|k| b[k]);
                    if !matches!(before, Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'/' | b':' | b'.' | b'=' | b'?' | b'&' | b'%'))
                    {
                        s = ws;
                        continue;
                    }
                }
                break;
            }
            // Latin letters with diacritics in the local part (`josé.garcía@`, `müller@`,
            // RFC 6531): the address runs back over them, not from the last ASCII letter.
            if at == 1 {
                s = latin_local_start(t, s, floor);
            }
            while s < i && matches!(b[s], b'.' | b'-' | b'+') {
                s += 1;
            }
            // A local part in another script (`太郎@example.jp`, RFC 6531): back to a space or
            // a mark, at most 16 characters. Glued to prose (`連絡先は太郎@…`) it takes the
            // prose too: more is replaced, nothing of the address is left.
            if s == i && at == 1 {
                s = unicode_local_start(t, i, floor);
            }
        }
        let ds = i + at;
        // An address literal for the domain (RFC 5321 4.1.3: `user@[192.0.2.1]`,
        // `user@[IPv6:2001:db8::1]`): the address is the whole, not a local part and an IP.
        if s < i
            && at == 1
            && let Some(len) = address_literal_len(&t[ds..])
        {
            out.push(Match {
                kind: Kind::Email,
                start: s,
                end: ds + len,
            });
            floor = ds + len;
            i = ds + len;
            continue;
        }
        let mut e = ds;
        while e < b.len() && is_domain_byte(b[e]) {
            e += 1;
        }
        while e > ds && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        // Labels joined by an ideographic full stop (`taro@docomo。ne。jp`: a Japanese
        // keyboard's `。` typed for the dot, or `｡`, which NFKC makes `。`).
        if s < i && at == 1 {
            e = ideographic_dots_end(t, e);
        }
        let ascii_end = e;
        // An internationalised domain (`taro@例え.jp`, RFC 6531) when the ASCII one is none.
        if s < i
            && !valid_domain(&t[ds..e])
            && !valid_dotted_domain(&t[ds..e])
            && t.is_char_boundary(ds)
        {
            e = ds + unicode_domain_len(&t[ds..]);
        }
        if s < i
            && (valid_domain(&t[ds..e]) || valid_dotted_domain(&t[ds..e]))
            && !is_density_image(&t[ds..e])
        {
            out.push(Match {
                kind: Kind::Email,
                start: s,
                end: e,
            });
            floor = e;
            i = e;
        } else if at == 1
            && s < i
            && let Some(end) = mistyped_domain_end(t, s, i, ascii_end)
        {
            out.push(Match {
                kind: Kind::Email,
                start: s,
                end,
            });
            floor = end;
            i = end;
        } else {
            i += at;
        }
    }
}

/// Mail providers whose name alone after `@` is an address with its domain left off
/// (`taro@gmail`, `hanako@docomo`): the webmail and Japanese carriers' domains customers type.
const MAIL_PROVIDERS: &[&str] = &[
    "gmail",
    "googlemail",
    "yahoo",
    "ymail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "icloud",
    "aol",
    "protonmail",
    "gmx",
    "docomo",
    "ezweb",
    "softbank",
    "nifty",
    "biglobe",
];

/// Where an address whose domain was mistyped ends, for the local part `t[s..at]` and the
/// one-label domain `t[at + 1..e]` that [`valid_domain`] refused: the dot typed as a comma or
/// with a space around it before a common top-level domain (`taro@example .com`,
/// `taro@example,com`, `taro@example. co.jp`), the dot left out before `com` or a Japanese
/// second-level domain (`taro@examplecom`, `hanako@docomonejp`), or a mail provider without its
/// domain (`taro@gmail`). The local part must be ASCII with a letter; other one-label forms
/// (`react@latest`, `root@localhost`, `pkg@1.2`) are no address.
fn mistyped_domain_end(t: &str, s: usize, at: usize, e: usize) -> Option<usize> {
    // Not every top-level domain (`me@work, in the morning` is prose), and in lower case, as
    // addresses are typed (`sales@acme. Net sales rose` is a sentence going on).
    const TLDS: [&str; 8] = ["com", "net", "org", "jp", "info", "biz", "edu", "gov"];
    let is_tld = |x: &str| TLDS.contains(&x);
    let local = &t[s..at];
    let label = t.get(at + 1..e)?;
    if local.len() < 2
        || !local.bytes().all(is_local_byte)
        || !local.bytes().any(|b| b.is_ascii_alphabetic())
        || label.len() < 2
        || !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        || !label.bytes().any(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let lower = label.to_ascii_lowercase();
    // The dot typed as a comma, or spaced: `example .com`, `example, com`, `example. co.jp`.
    let b = t.as_bytes();
    let mut k = e;
    let spaces = |k: &mut usize| {
        let from = *k;
        while *k < b.len() && b[*k] == b' ' && *k - from < 2 {
            *k += 1;
        }
        *k - from
    };
    let before = spaces(&mut k);
    if matches!(b.get(k), Some(b'.' | b',')) && (before > 0 || b[k] == b',') {
        k += 1;
        spaces(&mut k);
        let from = k;
        while k < b.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'.' || b[k] == b'-') {
            k += 1;
        }
        while k > from && matches!(b[k - 1], b'.' | b'-') {
            k -= 1;
        }
        let rest = &t[from..k];
        let tld = rest.rsplit('.').next().unwrap_or("");
        if !rest.is_empty() && rest.split('.').all(|l| !l.is_empty()) && is_tld(tld) {
            return Some(k);
        }
    } else if before == 0
        && matches!(b.get(k), Some(b'.'))
        && b.get(k + 1) == Some(&b' ')
        && let Some(end) = {
            // `example. com`: the dot typed, a space after it.
            let mut j = k + 2;
            let from = j;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'.') {
                j += 1;
            }
            while j > from && b[j - 1] == b'.' {
                j -= 1;
            }
            let tld = t[from..j].rsplit('.').next().unwrap_or("");
            (j > from && is_tld(tld)).then_some(j)
        }
    {
        return Some(end);
    }
    // The dot left out before the top-level domain.
    const GLUED: [&str; 6] = ["com", "cojp", "nejp", "orjp", "acjp", "gojp"];
    if GLUED
        .iter()
        .any(|g| lower.len() >= g.len() + 3 && lower.ends_with(g))
    {
        return Some(e);
    }
    MAIL_PROVIDERS.contains(&lower.as_str()).then_some(e)
}

/// Where a local part that starts at `s` (after the ASCII scan) starts when Latin letters with
/// diacritics (Latin-1 and Latin Extended A/B, Latin Extended Additional: `é`, `ü`, `ç`, `ł`,
/// `ệ`) stand in it: back over those and ASCII local characters, not past `floor`.
fn latin_local_start(t: &str, s: usize, floor: usize) -> usize {
    let latin =
        |c: char| matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) && c != '×' && c != '÷';
    if !t[..s].chars().next_back().is_some_and(latin) {
        return s;
    }
    let mut start = s;
    for (i, c) in t[..s].char_indices().rev() {
        if i < floor || !(latin(c) || (c.is_ascii() && is_local_byte(c as u8))) {
            break;
        }
        start = i;
    }
    start
}

/// Where an ASCII domain that ends at `e` ends when `。` between its labels stands for a dot:
/// past each `。` followed by a label, when the last label is a common top-level domain
/// (`SPELT_TLDS`: `…@example.com。Thanks` ends at `com`); else `e`.
fn ideographic_dots_end(t: &str, e: usize) -> usize {
    const DOT: &str = "。";
    let b = t.as_bytes();
    let mut end = e;
    let mut found = e;
    while t[end..].starts_with(DOT)
        && b.get(end + DOT.len())
            .is_some_and(u8::is_ascii_alphanumeric)
    {
        let from = end + DOT.len();
        end = from;
        while end < b.len() && is_domain_byte(b[end]) && b[end] != b'.' {
            end += 1;
        }
        let label = &t[from..end];
        if SPELT_TLDS.iter().any(|tld| label.eq_ignore_ascii_case(tld)) {
            found = end;
        }
        // A `.` after the label: the rest of the domain is plain (`docomo。ne.jp`).
        if b.get(end) == Some(&b'.') {
            end += 1;
            while end < b.len() && is_domain_byte(b[end]) {
                end += 1;
            }
            while end > from && matches!(b[end - 1], b'.' | b'-') {
                end -= 1;
            }
            let last = t[from..end].rsplit('.').next().unwrap_or("");
            if SPELT_TLDS.iter().any(|tld| last.eq_ignore_ascii_case(tld)) {
                found = end;
            }
        }
    }
    found
}

/// Whether `domain` is an image file's density suffix and extension (`logo@2x.png`,
/// `banner@3x.webp`: Apple's and the web's naming for high-resolution images), not a domain.
fn is_density_image(domain: &str) -> bool {
    const IMAGES: [&str; 8] = ["png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp"];
    let Some((density, ext)) = domain.split_once('.') else {
        return false;
    };
    density
        .strip_suffix(['x', 'X'])
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && IMAGES.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// [`valid_domain`] of a domain whose labels `。` joins.
fn valid_dotted_domain(d: &str) -> bool {
    d.contains('。') && valid_domain(&d.replace('。', "."))
}

/// The length of an address literal at the start of `t` (`[192.0.2.1]`, `[IPv6:2001:db8::1]`,
/// brackets included), if one stands there.
fn address_literal_len(t: &str) -> Option<usize> {
    let inner = t.strip_prefix('[')?;
    let close = inner.find(']')?;
    let addr = &inner[..close];
    let ip = match addr.get(..5) {
        Some(tag) if tag.eq_ignore_ascii_case("IPv6:") => {
            addr[5..].parse::<std::net::Ipv6Addr>().is_ok()
        }
        _ => addr.parse::<std::net::Ipv4Addr>().is_ok(),
    };
    ip.then_some(close + 2)
}

/// Whether a whole value is one email address.
pub(crate) fn is_whole_email(t: &str) -> bool {
    let mut found = Vec::new();
    find_emails(t, &mut found);
    matches!(found.as_slice(), [m] if m.start == 0 && m.end == t.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The emails [`find_emails`] finds in `t`, as text.
    fn found(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        find_emails(t, &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn an_ideographic_full_stop_between_labels_is_a_dot() {
        assert_eq!(
            found("メールはtaro.sato@docomo。ne。jpです"),
            ["taro.sato@docomo。ne。jp"]
        );
        assert_eq!(found("taro.sato@gmail。com まで"), ["taro.sato@gmail。com"]);
        assert_eq!(found("taro@example。co.jp"), ["taro@example。co.jp"]);
        // A sentence's full stop after an address, and prose after it.
        assert_eq!(
            found("連絡先はtaro@example.com。以上"),
            ["taro@example.com"]
        );
        assert_eq!(
            found("write to taro@example.com。Thanks"),
            ["taro@example.com"]
        );
        assert_eq!(found("taro@example。Thanks"), Vec::<String>::new());
    }

    #[test]
    fn latin_letters_with_diacritics_in_the_local_part() {
        for (t, want) in [
            (
                "write to josé.garcía@example.com",
                "josé.garcía@example.com",
            ),
            ("müller@example.de", "müller@example.de"),
            ("Mail: françois@example.fr.", "françois@example.fr"),
            ("Dörte@Sörensen.example.com", "Dörte@Sörensen.example.com"),
        ] {
            assert_eq!(found(t), [want], "{t}");
        }
        // Japanese prose before an ASCII address is not taken.
        assert_eq!(found("連絡先はtaro@example.jp"), ["taro@example.jp"]);
    }

    #[test]
    fn greek_devanagari_arabic_and_thai_top_level_domains_and_a_slash_in_the_local_part() {
        for (t, want) in [
            ("mail: user@example.ελ まで", "user@example.ελ"),
            ("mail: user@παράδειγμα.ελ", "user@παράδειγμα.ελ"),
            ("mail: user@उदाहरण.भारत", "user@उदाहरण.भारत"),
            ("mail: user@example.ไทย", "user@example.ไทย"),
            // A name and a surname joined by `/` (RFC 5322 atext).
            ("mail: taro/yamada@example.com", "taro/yamada@example.com"),
            ("taro/yamada@example.com", "taro/yamada@example.com"),
        ] {
            assert_eq!(found(t), [want], "{t}");
        }
        // In a URL's path or query, a slash delimits.
        assert_eq!(
            found("https://example.com/users/taro@example.com"),
            ["taro@example.com"]
        );
        assert_eq!(found("see a/b/taro@example.com"), ["taro@example.com"]);
    }

    #[test]
    fn an_image_named_for_its_density_is_no_address() {
        for t in [
            "画像 logo@2x.png が表示されません",
            "https://cdn.example.jp/img/banner@3x.jpg",
            "icon@2x.webp missing",
        ] {
            assert!(found(t).is_empty(), "{t}");
        }
        assert_eq!(found("taro@2x.example.jp"), ["taro@2x.example.jp"]);
        assert_eq!(found("taro@x2.png.jp"), ["taro@x2.png.jp"]);
    }

    /// The top-level domains are matched in the normalised text, so spelt as it spells them.
    #[test]
    fn idn_tlds_are_spelt_as_normalised_text() {
        for tld in IDN_TLDS {
            let n = super::super::normalize::Normalized::new(tld);
            assert_eq!(n.text.as_ref(), *tld, "`{tld}` is not in normalised form");
        }
    }
}
