//! Customer and member IDs: the shop's own identifiers of a person (会員番号, お客様番号, 顧客コード,
//! a point card's number, a user ID), in free text after their label and in a URL's path
//! after `members/`, `users/`, `customers/` or `accounts/`.
//!
//! Such an ID links every record of one customer across datasets and deliveries. A job masks
//! the values of its own ID columns wherever they appear (`known`); this detector finds the IDs
//! of other systems too (a point card, a previous shop system), and in `scrub`, where no
//! column is known.
//!
//! The ID is the run of ASCII letters, digits, `-` and `_` right after the label (a colon,
//! `=`, `#`, `は` or spaces between), with at least three digits: `会員番号：3105858`,
//! `お客様番号 C-2929494`, `会員ID：u8691163323`, `customer_id=50122783`, `Member No. 0042817`,
//! `/members/6793508/orders`; digit groups joined by single spaces are one ID
//! (`ポイントカード番号 2630 0551 2851 9026`). Only the ID is replaced; the label stays. Without
//! a label a code is not an ID (`C-2929494` alone may be a product), and a word after the
//! label is not one (`会員番号をお忘れの方`, `user id and password`: no digit).

use std::sync::LazyLock;

use regex::Regex;

use super::keywords::Keywords;
use super::normalize::char_before;
use super::{Kind, Match};

/// The Japanese labels (the text is normalised: ー is `-`, full-width letters are ASCII).
const JA: &str = r"(?i)(?:会員(?:番号|ID|No\.?|コ-ド)|お客(?:様|さま)(?:番号|ID|No\.?|コ-ド)|顧客(?:番号|ID|No\.?|コ-ド)|ユ-ザ-?(?:ID|番号)|メンバ-(?:ズ)?(?:ID|番号|カ-ド番号)|ポイントカ-ド(?:番号|No\.?)|カ-ド会員番号|利用者(?:番号|ID)|契約者(?:番号|ID)|アカウントID|ログインID)";

/// The English labels, from a word's start (checked in code: the `regex` crate's word
/// boundaries are Unicode's, which Japanese text around them makes slow).
/// (An account's number is a bank's; only an account ID is a member's.)
const EN: &str = r"(?i)(?:(?:customer|member(?:ship)?|user)(?:[ _\-]?(?:id|no\.?|number|num|code)|[ ]?#)|account[ _\-]?id)";

/// What stands between a label and its ID, then the ID: digit groups joined by single spaces or
/// hyphens, or one run of letters, digits, `-` and `_`.
const VALUE: &str =
    r"[ \t_]*(?:[:=#]|は)?[ \t_]*([0-9]{2,}(?:[ \-][0-9]{2,})+|[A-Za-z0-9][A-Za-z0-9_\-]*)";

/// A path segment after a collection of people.
const PATH: &str = r"(?i)/(?:members?|users?|customers?|accounts?)/([A-Za-z0-9][A-Za-z0-9_\-]*)";

/// The words every Japanese label starts with: no regex runs on a text without one.
const JA_CUES: [&str; 11] = [
    "会員",
    "お客様",
    "お客さま",
    "顧客",
    "ユ-ザ",
    "メンバ-",
    "ポイントカ-ド",
    "カ-ド会員",
    "利用者",
    "契約者",
    "アカウントID",
];

/// The fewest digits an ID holds.
const MIN_DIGITS: usize = 3;
/// The most characters an ID holds (a longer run is a token or a hash, not a member number).
const MAX_LEN: usize = 40;

/// IDs in `t` (normalised text), told by the caller's byte scan whether `t` has ASCII letters
/// (`latin`), a `/` (`slash`) and non-ASCII bytes (`wide`).
pub(crate) fn find(t: &str, latin: bool, slash: bool, wide: bool, out: &mut Vec<Match>) {
    static JA_LABELLED: LazyLock<Regex> = LazyLock::new(|| built(&format!("{JA}{VALUE}")));
    static EN_LABELLED: LazyLock<Regex> = LazyLock::new(|| built(&format!("{EN}{VALUE}")));
    static IN_PATH: LazyLock<Regex> = LazyLock::new(|| built(PATH));
    static CUES: LazyLock<Keywords> = LazyLock::new(|| Keywords::new(&[&JA_CUES, &["ログインID"]]));
    if wide && CUES.groups(t) != 0 {
        push(&JA_LABELLED, t, |_| true, out);
    }
    if latin {
        // An English label starts a word: `customer_id`, not `xcustomer_id`.
        push(
            &EN_LABELLED,
            t,
            |start| !char_before(t, start).is_some_and(|c| c.is_ascii_alphanumeric()),
            out,
        );
        if slash {
            push(&IN_PATH, t, |_| true, out);
        }
    }
}

fn built(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in detector pattern compiles")
}

/// Each ID the pattern's first group holds, where `label_ok(the match's start)`.
fn push(re: &Regex, t: &str, label_ok: impl Fn(usize) -> bool, out: &mut Vec<Match>) {
    for c in re.captures_iter(t) {
        let (Some(all), Some(id)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if !label_ok(all.start()) {
            continue;
        }
        // A trailing `-` or `_` is punctuation, not part of the ID; and in a file's name `_`
        // joins words: a part after `_` without a digit is the next word
        // (`顧客コード_K86213022_tel:…`), not the ID (`taro_0917` is one).
        let mut value = id.as_str();
        if let Some(cut) = value.match_indices('_').map(|(i, _)| i).find(|&i| {
            !value[i + 1..]
                .split('_')
                .next()
                .is_some_and(|p| p.bytes().any(|b| b.is_ascii_digit()))
        }) {
            value = &value[..cut];
        }
        let value = value.trim_end_matches(['-', '_']);
        let digits = value.bytes().filter(u8::is_ascii_digit).count();
        if digits < MIN_DIGITS || value.len() > MAX_LEN {
            continue;
        }
        out.push(Match {
            kind: Kind::MemberId,
            start: id.start(),
            end: id.start() + value.len(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The IDs found in `t`, written as normalised text is (`:` for `：`, `-` for `ー`).
    fn ids(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        find(t, true, true, true, &mut out);
        out.iter().map(|m| t[m.start..m.end].to_string()).collect()
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
        assert_eq!(ids("会員番号は3255238201です"), ["3255238201"]);
        assert_eq!(ids("メモ)customer_id=50122783 再送"), ["50122783"]);
        assert_eq!(ids("Member No. 0042817, thanks"), ["0042817"]);
        assert_eq!(ids("user id: taro_0917"), ["taro_0917"]);
        assert_eq!(
            ids("https://shop.example.jp/members/6793508/orders"),
            ["6793508"]
        );
        assert_eq!(ids("/users/u-48213/"), ["u-48213"]);
        // In a file's name.
        assert_eq!(ids("お客様番号_C-2815639.jpg"), ["C-2815639"]);
        assert_eq!(ids("顧客コ-ド_K86213022_tel:043"), ["K86213022"]);
        assert_eq!(
            ids("ポイントカ-ド番号_7562-0233-6864-3453_熊本"),
            ["7562-0233-6864-3453"]
        );
        assert_eq!(ids("user_id=taro_0917_x2_end"), ["taro_0917_x2"]);
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
    }
}
