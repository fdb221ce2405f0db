//! `address` (Japanese): keep the prefecture (都道府県, all 47), or the prefecture and the
//! municipality (市区町村). The prefecture is always the first token of a Japanese address.
//!
//! The municipality is found by rule, not from a gazetteer: `…郡…町/村`, else the first `…市`
//! (designated cities keep the city and drop the ward, which is coarser and so safer), else for
//! Tokyo the special ward `…区`, else `…町/村`. Names that contain 市, 町 or 村 in the middle
//! (四日市市, 廿日市市, 十日町市, 東村山市, 市川市, 町田市, 羽村市), the 郡 whose names end in 市
//! (余市郡, 高市郡) and the one city with 郡 inside its name (大和郡山市) are handled. Addresses
//! without a recognised prefecture or municipality → null (counted), never a guess.

use serde::{Deserialize, Serialize};

use super::{Ctx, Rule, TextRule, nfkc};
use crate::error::Problems;
use crate::jp::split_prefecture;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AddressLevel {
    Prefecture,
    Municipality,
}

pub(crate) struct Address {
    pub(crate) level: AddressLevel,
}

/// The longest a municipality name (without 郡) runs, in characters; longer → not recognised.
const MAX_NAME: usize = 8;

/// Byte index just after the first `suffix` that has at least one character before it.
fn after_first(s: &str, suffixes: &[char]) -> Option<usize> {
    s.char_indices()
        .skip(1)
        .take(MAX_NAME)
        .find(|(_, c)| suffixes.contains(c))
        .map(|(i, c)| i + c.len_utf8())
}

/// The municipality of an address after its prefecture, when it is spelt as one can be: in
/// kanji and kana only (`つくば市`, `南アルプス市`; no ASCII letter or digit, no mark), and under
/// 東京都 a `…区` only if it is one of the 23 special wards. Otherwise `None` (the value is
/// counted as unrecognised): the rule's output is a closed vocabulary, and a malformed value
/// (`神奈川県C1000000市`) must not carry what it holds into the delivery.
pub(crate) fn municipality(prefecture: &str, rest: &str) -> Option<String> {
    let m = municipality_by_rule(prefecture, rest)?;
    let spelt = m.chars().all(|c| {
        crate::detect::japanese::is_hiragana(c)
            || crate::detect::japanese::is_katakana(c)
            || c == 'ー'
            || c == 'ヶ'
            || c == 'ケ'
            || c == '々'
            || ('\u{4E00}'..='\u{9FFF}').contains(&c)
    });
    let ward_ok = prefecture != "東京都"
        || !m.ends_with('区')
        || crate::jp::TOKYO_WARDS.contains(&m.as_str());
    (spelt && ward_ok).then_some(m)
}

fn municipality_by_rule(prefecture: &str, rest: &str) -> Option<String> {
    let rest = rest.trim_start_matches([' ', '\u{3000}']);
    // 郡 + 町/村 (e.g. 北佐久郡軽井沢町). A 郡 after a 市 or 区 is part of a district name
    // (…市郡山), except in the two 郡 whose names end in 市 (余市郡, 北海道; 高市郡, 奈良県).
    // 大和郡山市 is the one city with 郡 inside its name (郡山市 and 郡上市 start with it).
    if let Some(g) = after_first(rest, &['郡'])
        && let Some(mut t) = after_first(&rest[g..], &['町', '村'])
        && !rest.starts_with("大和郡山市")
    {
        // 玉村町, 大町町: the name itself ends in 村 or 町.
        if rest[g + t..].starts_with(['町', '村']) {
            t += '町'.len_utf8();
        }
        let before_gun = &rest[..g];
        let gun_named_with_shi = matches!(before_gun, "余市郡" | "高市郡");
        if gun_named_with_shi || !before_gun.contains(['市', '区']) {
            return Some(rest[..g + t].to_string());
        }
    }
    let city = after_first(rest, &['市']);
    let ward = after_first(rest, &['区']);
    let town = after_first(rest, &['町', '村']);
    // Tokyo's special wards come before any 市 that is part of a district name (新宿区市谷…).
    if prefecture == "東京都"
        && let Some(w) = ward
        && city.is_none_or(|c| w < c)
    {
        return Some(rest[..w].to_string());
    }
    if let Some(mut c) = city {
        // 四日市市, 廿日市市, 野々市市: the name itself ends in 市.
        if rest[c..].starts_with('市') {
            c += '市'.len_utf8();
        }
        // A 町/村 well before the first 市 starts a town's district name (…町市場), unless the
        // city name itself holds it (十日町市, 東村山市, 羽村市): allow that within a short name.
        if let Some(t) = town
            && t < c
            && rest[..c].chars().count() > 5
        {
            return Some(rest[..t].to_string());
        }
        return Some(rest[..c].to_string());
    }
    if let Some(w) = ward {
        return Some(rest[..w].to_string());
    }
    town.map(|t| rest[..t].to_string())
}

impl TextRule for Address {
    fn transform(&self, raw: &str) -> Option<String> {
        let s = nfkc(raw);
        let s = s.trim_start();
        let (pref, rest) = split_prefecture(s)?;
        match self.level {
            AddressLevel::Prefecture => Some(pref.to_string()),
            AddressLevel::Municipality => Some(format!("{pref}{}", municipality(pref, rest)?)),
        }
    }
}

/// `{ rule = "address", level = "prefecture" | "municipality" }`.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Spec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) level: Option<String>,
}

pub(crate) fn compile(
    s: &Spec,
    _column: &str,
    key: &str,
    _ctx: &Ctx,
    p: &mut Problems,
) -> Option<Rule> {
    let level = match s.level.as_deref().unwrap_or("prefecture") {
        "prefecture" => AddressLevel::Prefecture,
        "municipality" => AddressLevel::Municipality,
        other => {
            p.push(
                &format!("{key}.level"),
                format!("unknown `{other}`; use \"prefecture\" or \"municipality\""),
            );
            AddressLevel::Prefecture
        }
    };
    Some(Rule::Address(std::sync::Arc::new(Address { level })))
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.level {
            AddressLevel::Prefecture => "level=prefecture",
            AddressLevel::Municipality => "level=municipality",
        })
    }
}

/// Generalisation for the risk search: the prefecture (level 1), the region 地方 (level 2),
/// then `*`.
pub(crate) const MAX_LEVEL: usize = 3;

/// The risk search's level `level` in words.
pub(crate) fn level_words(level: usize) -> super::Words {
    match level {
        1 => super::Words::new("都道府県のみ", "the prefecture only"),
        _ => super::Words::new(
            "地方（関東地方など）のみ",
            "the region (such as Kanto) only",
        ),
    }
}

pub(crate) fn level(value: &str, level: usize) -> Option<String> {
    let (prefecture, _) = split_prefecture(value)?;
    Some(match level {
        1 => prefecture.to_string(),
        _ => crate::jp::region(prefecture).to_string(),
    })
}

impl Address {
    /// What the delivered column holds, in words (report, APPI statement).
    pub(crate) fn describe(&self) -> super::Words {
        match self.level {
            AddressLevel::Prefecture => {
                super::Words::new("住所の都道府県", "prefecture of the address")
            }
            AddressLevel::Municipality => super::Words::new(
                "住所の都道府県・市区町村",
                "prefecture and municipality of the address",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefectures() {
        let a = Address {
            level: AddressLevel::Prefecture,
        };
        assert_eq!(
            a.transform("東京都新宿区西新宿2-8-1").as_deref(),
            Some("東京都")
        );
        assert_eq!(a.transform("京都府京都市中京区").as_deref(), Some("京都府"));
        assert_eq!(
            a.transform("北海道札幌市中央区北1条西2丁目").as_deref(),
            Some("北海道")
        );
        assert_eq!(a.transform("新宿区西新宿2-8-1"), None);
        assert_eq!(a.transform("123 Main St"), None);
    }

    #[test]
    fn municipalities() {
        let a = Address {
            level: AddressLevel::Municipality,
        };
        let cases = [
            ("東京都新宿区西新宿２－８－１", "東京都新宿区"),
            ("東京都新宿区市谷本村町5-1", "東京都新宿区"),
            ("東京都町田市原町田1-1", "東京都町田市"),
            ("東京都東村山市本町1-2-3", "東京都東村山市"),
            ("東京都羽村市緑ヶ丘5-2", "東京都羽村市"),
            ("東京都西多摩郡瑞穂町箱根ケ崎2335", "東京都西多摩郡瑞穂町"),
            ("東京都大島町元町1-1", "東京都大島町"),
            ("神奈川県横浜市港北区新横浜3-1", "神奈川県横浜市"),
            ("大阪府大阪市北区梅田1-1", "大阪府大阪市"),
            ("三重県四日市市諏訪町1-5", "三重県四日市市"),
            ("広島県廿日市市下平良1-11-1", "広島県廿日市市"),
            ("新潟県十日町市千歳町3-3", "新潟県十日町市"),
            ("千葉県市川市八幡1-1-1", "千葉県市川市"),
            (
                "長野県北佐久郡軽井沢町大字軽井沢1323",
                "長野県北佐久郡軽井沢町",
            ),
            ("北海道札幌市中央区北1条西2丁目", "北海道札幌市"),
            ("石川県野々市市三納1-1", "石川県野々市市"),
            // 郡 whose names end in 市, and a city whose name holds 郡.
            ("北海道余市郡余市町黒川町1", "北海道余市郡余市町"),
            ("北海道余市郡仁木町西町1", "北海道余市郡仁木町"),
            ("奈良県高市郡明日香村岡55", "奈良県高市郡明日香村"),
            ("奈良県大和郡山市北郡山町248-4", "奈良県大和郡山市"),
            ("福島県郡山市朝日1-23-7", "福島県郡山市"),
            ("大阪府茨木市郡山1丁目", "大阪府茨木市"),
            ("広島県安芸郡府中町大通1", "広島県安芸郡府中町"),
            // Town names that end in 村 or 町 before their own 町.
            ("群馬県佐波郡玉村町下新田201", "群馬県佐波郡玉村町"),
            ("佐賀県杵島郡大町町大町5017", "佐賀県杵島郡大町町"),
        ];
        for (input, want) in cases {
            assert_eq!(a.transform(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(a.transform("東京都"), None);
        // Names in kana, and a malformed value that is no municipality's name.
        for (input, want) in [
            ("茨城県つくば市千現1-2", Some("茨城県つくば市")),
            ("山梨県南アルプス市小笠原376", Some("山梨県南アルプス市")),
            ("茨城県ひたちなか市東石川2-10-1", Some("茨城県ひたちなか市")),
            ("宮城県気仙沼市八日町1-1-1", Some("宮城県気仙沼市")),
            ("神奈川県C1000000市", None),
            ("東京都ﾀﾅｶﾀﾛｳ区1-1", None),
            ("東京都090-1234-5678市", None),
        ] {
            assert_eq!(a.transform(input).as_deref(), want, "{input}");
        }
    }
}
