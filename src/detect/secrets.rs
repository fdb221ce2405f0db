//! Secrets after their label: a password, a PIN, a card's security code, a one-time code.
//! Customers write them into inquiries (`パスワードは abc12345 です`, `暗証番号 1234`,
//! `CVV 123`), and APPI's guidance for pseudonymous data (仮名加工情報) names the values whose
//! misuse could cause financial harm, passwords and card data among them, as ones to delete.
//!
//! Nothing marks a secret but its label, so each is found only right after one, in three
//! families:
//!
//! - **passwords** (パスワード, ワンタイムパスワード, password, passwd, passcode, pwd): the ASCII
//!   characters after the label and a mark (`:`, `=`, `は`, `is`, a quote or bracket; after a
//!   Japanese label a space too), 4 to 64 of them. After a space or `is` alone, a value of
//!   lower-case letters only is a word, not a password (`password is incorrect`); a value of
//!   one repeated character is a mask (`********`). The short labels `PW` and `pass`, as login
//!   details are written (`ID: taro / PW: abcd1234`, `user: jsmith pass: P@ssw0rd123`), only
//!   before `:` or `=`, and only with a value no word is: a digit or a symbol in it, or both
//!   cases (`Day pass: included`, `boarding pass: printed` are none).
//! - **PINs and security codes** (暗証番号, PIN, PINコード, セキュリティコード, CVV, CVC,
//!   security code): 3 to 8 digits, not followed by a unit (`暗証番号を3回`, `4桁`). After the
//!   English `PIN` a mark is needed (`PIN: 4321`; `pin 100 pcs` is a product).
//! - **one-time codes** (認証コード, 確認コード, verification code, OTP): 4 to 8 digits, or
//!   digits and capitals (`確認コード 7F3K9Q`).
//!
//! Credentials whose issuers publish their shape need no label (`find_tokens`): AWS access
//! key IDs (`AKIA`/`ASIA` and 16 base32 characters), GitHub tokens (`ghp_`, `gho_`, `ghu_`,
//! `ghs_`, `ghr_` and 36 characters; `github_pat_`), Stripe secret and restricted keys
//! (`sk_live_`, `rk_test_`, …), Slack tokens (`xoxb-`, `xoxp-`, … and the team's number),
//! Google API keys (`AIza` and 35 characters), OpenAI keys (`sk-` and 32 letters and digits, or
//! `sk-proj-` and 32 characters or more) and JSON Web Tokens (RFC 7519: three base64url
//! parts, the first two a JSON object's, `eyJ` for `{"`, `eyAi` for `{ "`, `ewog`, `ewoi`,
//! `ewoJ` or `ew0K` for `{` and a line's end; the signature may be empty, as an unsecured
//! JWT's is, or cut short), which carry their claims (an email, a user ID) readable by
//! anyone.

use std::sync::LazyLock;

use regex::Regex;

use super::keywords::Keywords;
use super::patterns::built_in;
use super::{Kind, Match};

/// Fragments of every label, for the cheap test before the search ([`cued`]); the regex then
/// checks the label whole.
const CUES: [&str; 32] = [
    "パスワ",
    // `PW` and `pass` count only before a mark; three bytes keep the search's fingerprint
    // long (two-byte words make Teddy verify far more candidates), and 32 words at most
    // keep it the narrow Teddy (more take the wide one, which reads half as many bytes per
    // step): `Pw:` and a space before the mark are not cues.
    "PW:",
    "PW=",
    "pw:",
    "pw=",
    "ass:",
    "ASS:",
    "ass=",
    "ASS=",
    "暗証",
    // セキュリティコード, セキュリティーコード (ー folded to `-`), セキュリティ番号.
    "セキュリティ",
    "認証コ",
    "確認コ",
    "assw",
    "ASSW",
    "assc",
    "ASSC",
    "pwd",
    "PWD",
    "Pwd",
    "PIN",
    "pin",
    "Pin",
    "CVV",
    "cvv",
    "CVC",
    "cvc",
    "ecurity code",
    "ECURITY CODE",
    "erification code",
    "OTP",
    "otp",
];

/// Whether `t` holds a run of 20 or more ASCII letters, digits, `_` and `-`: the shortest
/// credential [`find_tokens`] looks for (an AWS access key ID) is one.
pub(crate) fn may_hold_token(t: &str) -> bool {
    let mut run = 0u32;
    for &b in t.as_bytes() {
        run = if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            run + 1
        } else {
            0
        };
        if run >= 20 {
            return true;
        }
    }
    false
}

/// Credentials by their issuers' published shapes (see the module's notes), not glued to a
/// letter, digit, `_` or `-` on either side.
pub(crate) fn find_tokens(t: &str, out: &mut Vec<Match>) {
    static TOKENS: LazyLock<Regex> = LazyLock::new(|| {
        built_in(concat!(
            r"(?:AKIA|ASIA)[A-Z2-7]{16}",
            r"|gh[pousr]_[A-Za-z0-9]{36}",
            r"|github_pat_[A-Za-z0-9_]{22,}",
            r"|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}",
            r"|xox[abprs]-[0-9]{6,}-[A-Za-z0-9-]{8,}",
            r"|AIza[0-9A-Za-z_-]{35}",
            r"|sk-[A-Za-z0-9]{32,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}",
            r"|(?:eyJ|eyAi|ewog|ewoi|ewoJ|ew0K)[A-Za-z0-9_-]{8,}\.(?:eyJ|eyAi|ewog|ewoi|ewoJ|ew0K)[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
        ))
    });
    let b = t.as_bytes();
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-';
    for m in TOKENS.find_iter(t) {
        if m.start() > 0 && word(&b[m.start() - 1]) || b.get(m.end()).is_some_and(word) {
            continue;
        }
        out.push(Match {
            kind: Kind::Secret,
            start: m.start(),
            end: m.end(),
        });
    }
    find_cookieless_sessions(b, out);
    find_link_tokens(t, out);
}

/// ASP.NET's cookieless session state and authentication, written into the URL's path:
/// `/(S(lit3py55t21z5v55vlm25s55))/default.aspx` (the session's ID), `(A(…))` (an anonymous
/// visitor's ID) and `(F(…))` (a forms-authentication ticket), each 16 characters or more.
fn find_cookieless_sessions(b: &[u8], out: &mut Vec<Match>) {
    for i in memchr::memchr_iter(b'(', b) {
        let (Some(&kind), Some(b'(')) = (b.get(i + 1), b.get(i + 2)) else {
            continue;
        };
        if !matches!(kind, b'S' | b'A' | b'F') {
            continue;
        }
        let start = i + 3;
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
            .count();
        let end = start + len;
        if len >= 16 && b.get(end) == Some(&b')') && b.get(end + 1) == Some(&b')') {
            out.push(Match {
                kind: Kind::Secret,
                start,
                end,
            });
        }
    }
}

/// The path segments of an account's one-time link: a password reset's, an email address's
/// verification, an account's activation (`/password_resets/3f2a…/edit`, Rails;
/// `/password/reset/7c4a…`, Laravel; `/reset/MTIzNDU/c2p3k1-0a1b…/`, Django's user ID in
/// Base64 and token; `/email/verify/12345/0a1b…`, Laravel's user ID and hash). After such a
/// word, up to two segments that hold a digit (four characters or more) or, before a token
/// of 16 or more, any segment of four or more.
fn find_link_tokens(t: &str, out: &mut Vec<Match>) {
    static WORDS: LazyLock<Keywords> = LazyLock::new(|| {
        Keywords::new(&[&[
            "reset", "Reset", "RESET", "verify", "Verify", "activat", "Activat", "confirm",
            "Confirm", "magic", "Magic",
        ]])
    });
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        built_in(concat!(
            r"(?i)/(?:password[_-]?resets?|passwords?/reset|resets?[_-]?password|reset|",
            r"(?:email/)?verif(?:y|ication)|activat(?:e|ion)|confirm(?:ation)?|magic[_-]?links?)",
            r"/([A-Za-z0-9_-]{4,})(?:/([A-Za-z0-9_:-]{4,}))?",
        ))
    });
    if !t.contains('/') || WORDS.groups(t) == 0 {
        return;
    }
    let digit = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    for caps in LINK.captures_iter(t) {
        let (Some(first), second) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let token = |m: regex::Match| m.len() >= 16 && digit(m.as_str());
        let second = second.filter(|m| digit(m.as_str()));
        let first_kept = digit(first.as_str()) || second.is_some_and(token);
        for m in [first_kept.then_some(first), second].into_iter().flatten() {
            out.push(Match {
                kind: Kind::Secret,
                start: m.start(),
                end: m.end(),
            });
        }
    }
}

/// Whether `t` (normalised) holds a fragment of a label.
pub(crate) fn cued(t: &str) -> bool {
    static ALL: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[&CUES]));
    ALL.groups(t) != 0
}

/// Units after a number that make it a quantity, not a code (`4桁`, `3回`, `8文字`).
const UNITS: [char; 12] = [
    '桁', '回', '文', '字', '円', '個', '件', '日', '時', '分', '秒', '%',
];

/// Secrets after their labels in the normalised text `t` (see the module docs).
pub(crate) fn find(t: &str, out: &mut Vec<Match>) {
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        built_in(concat!(
            // 1: a password's label; 2: a PIN's or a security code's; 3: a one-time code's.
            r"(?:((?:ワンタイム|ログイン)?パスワ-ド|(?i:one[- ]?time[ ]password|password|passwd|passcode|pass[ ]code|pwd)|(?i:pw|pass))",
            r"|(暗証番号|セキュリティ-?コ-ド|セキュリティ番号|PIN(?:コ-ド|番号)|(?i:cvv2?|cvc2?|security[ ]code|pin(?:[ ]?(?:code|number|no\.?))?)(?:番号|コ-ド)?)",
            r"|(認証コ-ド|確認コ-ド|(?i:verification[ ]code|one[- ]?time[ ]code|otp)))",
            // The mark between label and value (4), an opening quote (5), and the value (6),
            // which starts with a letter or digit.
            r#"[ \t]*((?:[:=]|は|(?i:is)[ ])?)[ \t]*([「『"'(\[]?)([0-9A-Za-z][!-~]{0,63})"#,
        ))
    });
    for c in LABELLED.captures_iter(t) {
        let (Some(label), Some(value)) = (c.get(0), c.get(6)) else {
            continue;
        };
        // An ASCII label starts a word (`spin 360`, `xotp` are none).
        if t[..label.start()]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        {
            continue;
        }
        let mark = c.get(4).map_or("", |m| m.as_str());
        let Some(name) = c.get(1).or(c.get(2)).or(c.get(3)) else {
            continue;
        };
        let japanese_label = !name.as_str().is_ascii();
        // An English label glued to what follows is a word or a path (`OTP123456`,
        // `password/reset`), not a label and its value.
        if !japanese_label && value.start() == name.end() {
            continue;
        }
        // Closing quotes, brackets and a sentence's end are not the value's.
        let v = value
            .as_str()
            .trim_end_matches(['」', '』', '"', '\'', ')', ']', '.', ',', ';']);
        // After `=`, a query string's or a form's next parameter starts at `&`
        // (`password=hunter2&user=taro`).
        let v = match mark.trim() {
            "=" => v.split('&').next().unwrap_or(v),
            _ => v,
        };
        let end = value.start() + v.len();
        let after = t[end..].chars().next();
        let secret = if c.get(1).is_some() {
            // `PW` and `pass`: before `:` or `=` only, and a value no word is.
            if matches!(name.len(), 2 | 4) && name.as_str().is_ascii() {
                let symbol = v.bytes().any(|b| !b.is_ascii_alphabetic());
                let cases = v.bytes().any(|b| b.is_ascii_uppercase())
                    && v.bytes().any(|b| b.is_ascii_lowercase());
                if !matches!(mark.trim(), ":" | "=") || !(symbol || cases) {
                    continue;
                }
            }
            // After a mark, a quote or a Japanese label, any value; after an English label
            // and a space or `is`, one with a digit (`the password doesn't exist`,
            // `passwd file?` are sentences).
            let quoted = c.get(5).is_some_and(|q| !q.is_empty());
            let explicit = !matches!(mark.trim(), "" | "is") || quoted || japanese_label;
            let strong = v.bytes().any(|b| b.is_ascii_digit());
            let mask = v.bytes().all(|b| b == v.as_bytes()[0]);
            let word = NOT_SECRETS.iter().any(|w| v.eq_ignore_ascii_case(w));
            v.len() >= 4 && !mask && !word && (explicit || strong) && !placeholder(v)
        } else {
            let (min, max) = if c.get(2).is_some() { (3, 8) } else { (4, 8) };
            // The English `PIN` alone needs a mark: `pin 100 pcs` is a product.
            let pin_alone = c
                .get(2)
                .is_some_and(|l| l.as_str().eq_ignore_ascii_case("pin"));
            // A one-time code may hold capitals among its digits (`確認コード 7F3K9Q`).
            let code = match c.get(3) {
                Some(_) => {
                    v.bytes()
                        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
                        && v.bytes().any(|b| b.is_ascii_digit())
                }
                None => v.bytes().all(|b| b.is_ascii_digit()),
            };
            code && (min..=max).contains(&v.len())
                && !after.is_some_and(|ch| UNITS.contains(&ch) || ch.is_ascii_alphanumeric())
                && !(pin_alone && mark.trim().is_empty())
        };
        if secret {
            out.push(Match {
                kind: Kind::Secret,
                start: value.start(),
                end,
            });
            if c.get(1).is_some() {
                login_before(t, label.start(), out);
            }
        }
    }
}

/// The login ID given right before a password on its line (`ID: taro / PW: abcd1234`,
/// `user: jsmith pass: P@ssw0rd123`): after `ID`, `user` or `login` and `:` or `=`, a value
/// of letters, digits, `.`, `_`, `@` and `-`, then only a separator before the password's
/// label. Alone, `ID:` and `User:` label anything (`User: Hello` in a chat); before a
/// password they label an account, as a member ID.
fn login_before(t: &str, label: usize, out: &mut Vec<Match>) {
    static LOGIN: LazyLock<Regex> = LazyLock::new(|| {
        built_in(concat!(
            r"(?:^|[^A-Za-z0-9_])(?:ID|Id|id|[Uu]ser|USER|[Ll]ogin|LOGIN)[ \t]*[:=][ \t]*",
            r"([A-Za-z0-9][A-Za-z0-9._@\-]{1,63})[ \t]*(?:[/|,、;&]|and)?[ \t]*\z",
        ))
    });
    let mut from = t[..label]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(label.saturating_sub(120));
    while !t.is_char_boundary(from) {
        from += 1;
    }
    if let Some(v) = LOGIN.captures(&t[from..label]).and_then(|c| c.get(1)) {
        out.push(Match {
            kind: Kind::MemberId,
            start: from + v.start(),
            end: from + v.end(),
        });
    }
}

/// Words after a password's label that say where it is or what it is like, not what it is
/// (`パスワードはemailと同じ`, `password: reset`).
const NOT_SECRETS: [&str; 20] = [
    "email", "mail", "none", "null", "n/a", "same", "unknown", "reset", "change", "changed",
    "below", "above", "required", "hidden", "password", "passwd", "pass", "secret", "userid",
    "username",
];

/// Another detector's placeholder at the value's start (`<SECRET>`, `<EMAIL>.`: text scrubbed
/// before, as the delivery check reads it): no secret.
fn placeholder(v: &str) -> bool {
    v.strip_prefix('<')
        .and_then(|r| r.split_once('>'))
        .is_some_and(|(name, _)| {
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        if may_hold_token(t) {
            find_tokens(t, &mut out);
        }
        out.iter().map(|m| &t[m.start..m.end]).collect()
    }

    /// Each issuer's documented example or format, in text; near misses are left.
    #[test]
    fn credentials_by_their_published_shapes() {
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        let found = [
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "rk_test_51H8xYzAbCdEfGhIjKlMnOpQr",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
            "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd",
            jwt,
        ];
        for v in found {
            let t = format!("キーは {v} です");
            assert_eq!(tokens(&t), [v], "{t}");
            let t = format!("https://api.example.com/v1?token={v}&x=1");
            assert_eq!(tokens(&t), [v], "{t}");
        }
        for t in [
            "AKIAIOSFODNN7EXAMPLEX",
            "xAKIAIOSFODNN7EXAMPLE",
            "ghp_short123",
            "sk_live_short",
            "SKU-TV-3446-AAAA-BBBB-CCCC-DDDD",
            "https://t.co/eyJ4QyZmLq",
            "sk-this-is-a-product-code",
            "/products/sk-ii-facial-treatment-essence-230ml-limited-edition",
            "xoxo-hugs-and-kisses-from-tokyo-2024",
        ] {
            assert!(tokens(t).is_empty(), "{t}: {:?}", tokens(t));
        }
    }

    use crate::detect::normalize::Normalized;

    fn found(text: &str) -> Vec<String> {
        let n = Normalized::new(text);
        let t = &n.text;
        let mut out = Vec::new();
        if cued(t) {
            find(t, &mut out);
        }
        out.iter()
            .filter(|m| m.kind == Kind::Secret)
            .map(|m| t[m.start..m.end].to_string())
            .collect()
    }

    #[test]
    fn secrets_after_their_labels() {
        for (text, secret) in [
            ("パスワードは abc12345 です", "abc12345"),
            ("パスワード：hunter22", "hunter22"),
            ("ログインID：yamada_t パスワード：abc12345", "abc12345"),
            ("ワンタイムパスワード 482913", "482913"),
            ("password: P@ssw0rd!", "P@ssw0rd!"),
            ("My password is Tr0ub4dor&3.", "Tr0ub4dor&3"),
            ("login taro password \"hunter2x\"", "hunter2x"),
            ("Password=sunshine", "sunshine"),
            ("pwd: 'letmein1'", "letmein1"),
            ("パスワード「qwerty」を", "qwerty"),
            ("暗証番号 1234", "1234"),
            ("暗証番号は０９８７です", "0987"),
            ("PIN: 4321", "4321"),
            ("PINコード 5678", "5678"),
            ("CVV 123", "123"),
            ("セキュリティコード：1234", "1234"),
            ("セキュリティ-コ-ド:123", "123"),
            ("CVV番号:123", "123"),
            ("セキュリティ番号 456", "456"),
            ("security code 987", "987"),
            ("認証コード 123456", "123456"),
            ("確認コード 7F3K9Q を入力しました", "7F3K9Q"),
            ("verification code: A1B2C3", "A1B2C3"),
            ("verification code: 483920", "483920"),
            ("OTP 7788", "7788"),
            ("user: jsmith pass: P@ssw0rd123", "P@ssw0rd123"),
            ("ID: taro / PW: abcd1234", "abcd1234"),
            ("ＩＤ：taro ＰＷ：Sakura2024", "Sakura2024"),
            ("PASS=xY7#kq", "xY7#kq"),
            ("pw=HelloWorld", "HelloWorld"),
            // After `=`, the next parameter is not the password's (a red team's probe).
            ("/login?password=hunter2&user=taro", "hunter2"),
        ] {
            assert_eq!(found(text), [secret], "{text}");
        }
        // The login ID right before a password's label is a member ID.
        let logins = |t: &str| {
            let mut out = Vec::new();
            find(t, &mut out);
            out.iter()
                .filter(|m| m.kind == Kind::MemberId)
                .map(|m| t[m.start..m.end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(logins("ID: taro / PW: abcd1234"), ["taro"]);
        assert_eq!(logins("user: jsmith pass: P@ssw0rd123"), ["jsmith"]);
        assert_eq!(
            logins("login=hanako.t, password: Tr0ub4dor&3"),
            ["hanako.t"]
        );
        assert!(logins("User: Hello, my password is 1234abcd").is_empty());
        assert!(logins("ID: taro\nPW: abcd1234").is_empty());
    }

    #[test]
    fn labels_without_a_secret() {
        for text in [
            "パスワードを忘れました",
            "パスワードは8文字以上です",
            "password is incorrect",
            "password reset link",
            "Password: ********",
            "暗証番号を3回間違えました",
            "PINコードは4桁です",
            "pin 100 pcs",
            "spin 360",
            "CVV 3 digits",
            "セキュリティコードとは",
            "認証コードが届きません",
            "確認コード ABCDEF",
            "verification code SMS",
            "/account/password/reset",
            "password: <EMAIL>",
            "パスワード：<SECRET>、",
            "OTP123456",
            "パスワードはemailと同じです",
            "machine HOSTNAME login USERID password \"PASSWORD\"",
            "define VIM \"<server_name>[\"\"user password\"\"]::device:<path>\"",
            "the password doesn't exist",
            "passwd file? (Antwerpen)",
            "Name and Password Disclosure",
            "PASSWORD\t\t*netrw-chgup*",
            "Day pass: included",
            "boarding pass: printed",
            "pass the salt",
            "PW 1234",
            "passport: TK1234567",
            "Pass: 2",
            "PWA build 2024",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
