//! Facts about Japan that several layers use: the 47 prefectures (都道府県) in their official
//! order, finding the prefecture an address starts with, and the region (地方) of each. The
//! address detector, the `address` rule and its generalisation levels all read from here.

pub(crate) const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// Tokyo's 23 special wards (特別区), as the Tokyo Metropolitan Government lists them: the only
/// `…区` directly under 東京都.
pub(crate) const TOKYO_WARDS: [&str; 23] = [
    "千代田区",
    "中央区",
    "港区",
    "新宿区",
    "文京区",
    "台東区",
    "墨田区",
    "江東区",
    "品川区",
    "目黒区",
    "大田区",
    "世田谷区",
    "渋谷区",
    "中野区",
    "杉並区",
    "豊島区",
    "北区",
    "荒川区",
    "板橋区",
    "練馬区",
    "足立区",
    "葛飾区",
    "江戸川区",
];

/// The prefecture an address starts with, and the rest.
pub(crate) fn split_prefecture(s: &str) -> Option<(&'static str, &str)> {
    PREFECTURES
        .iter()
        .find_map(|p| s.strip_prefix(p).map(|rest| (*p, rest)))
}

/// The region (地方) of a prefecture.
pub(crate) fn region(prefecture: &str) -> &'static str {
    match prefecture {
        "北海道" => "北海道地方",
        "青森県" | "岩手県" | "宮城県" | "秋田県" | "山形県" | "福島県" => {
            "東北地方"
        }
        "茨城県" | "栃木県" | "群馬県" | "埼玉県" | "千葉県" | "東京都" | "神奈川県" => {
            "関東地方"
        }
        "新潟県" | "富山県" | "石川県" | "福井県" | "山梨県" | "長野県" | "岐阜県" | "静岡県"
        | "愛知県" => "中部地方",
        "三重県" | "滋賀県" | "京都府" | "大阪府" | "兵庫県" | "奈良県" | "和歌山県" => {
            "近畿地方"
        }
        "鳥取県" | "島根県" | "岡山県" | "広島県" | "山口県" => "中国地方",
        "徳島県" | "香川県" | "愛媛県" | "高知県" => "四国地方",
        _ => "九州・沖縄地方",
    }
}
